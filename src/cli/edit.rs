use std::io::Write;

use clap::Args;
use clap_complete::ArgValueCompleter;
use leadger::{CommitOptions, EditOptions, Edited, LeadSchema, Ledger};

use super::{Exit, Failure, Globals};

/// Move a lead to another stage of the pipeline.
///
/// Moving to lost or dropped needs --reason; moving backwards or reopening a closed lead
/// needs --force. The file is edited in place: comments and layout are kept.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  leadger advance acme-corp-warehouse-scanners qualified
  # any start of an id that names one lead will do:
  leadger advance acme-corp-ware lost --reason \"They chose to build it in-house\"")]
pub struct AdvanceArgs {
    /// The lead's id (its file name without .toml), or any start of it that names one lead.
    #[arg(add = ArgValueCompleter::new(super::completions::lead_ids))]
    pub id: String,
    /// The stage to move it to.
    #[arg(add = ArgValueCompleter::new(super::completions::stages))]
    pub stage: String,
    /// Why it was lost or dropped (becomes lost_reason).
    #[arg(long)]
    pub reason: Option<String>,
    /// Allow moving backwards or reopening a closed lead.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub commit: CommitArgs,
}

/// Committing an edit, as `new --commit` does.
#[derive(Debug, Args)]
pub struct CommitArgs {
    /// Commit the edited file (that file only) with your git identity.
    #[arg(long)]
    pub commit: bool,
    /// Create and switch to this branch first (with --commit).
    #[arg(long, requires = "commit")]
    pub branch: Option<String>,
}

impl CommitArgs {
    fn options(&self) -> Option<CommitOptions> {
        self.commit.then(|| CommitOptions { co_authors: Vec::new(), branch: self.branch.clone() })
    }
}

/// Set fields of a lead: KEY=VALUE, typed by the schema; KEY= removes the field.
///
/// KEY is a field of the lead file or the name of `new`'s flag (value, tag, spotted-on…).
/// The id may be shortened to any start of it that names one lead.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  leadger set acme-corp-warehouse-scanners value=120000 currency=EUR
  leadger set acme-corp-ware next_step=\"Call the CFO\" next_step_due=2026-12-01 \\
    tags=logistics,hardware")]
pub struct SetArgs {
    /// The lead's id, or any start of it that names one lead.
    #[arg(add = ArgValueCompleter::new(super::completions::lead_ids))]
    pub id: String,
    /// KEY=VALUE pairs.
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub pairs: Vec<String>,
    /// Allow `status=` to move the lead backwards or reopen it.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub commit: CommitArgs,
}

fn print(edited: &Edited, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "updated {}", edited.rel)?;
    for change in &edited.changes {
        writeln!(out, "  {change}")?;
    }
    if let Some(commit) = edited.commit {
        let short = &commit.to_string()[..7];
        match &edited.branch {
            Some(branch) => writeln!(out, "committed {short} on branch {branch}; next: git push -u origin {branch}")?,
            None => writeln!(out, "committed {short}; next: push it and open a pull request")?,
        }
    }
    Ok(())
}

pub fn advance(args: AdvanceArgs, globals: &Globals, out: &mut dyn Write) -> Result<Exit, Failure> {
    let ledger = Ledger::discover(&globals.cwd)?;
    let schema = LeadSchema::for_ledger(&ledger)?;
    let options = EditOptions { force: args.force, today: globals.today, commit: args.commit.options() };
    let edited = leadger::advance_lead(&ledger, &schema, &args.id, &args.stage, args.reason.as_deref(), &options)?;
    print(&edited, out)?;
    Ok(Exit::Clean)
}

pub fn set(args: SetArgs, globals: &Globals, out: &mut dyn Write) -> Result<Exit, Failure> {
    let ledger = Ledger::discover(&globals.cwd)?;
    let schema = LeadSchema::for_ledger(&ledger)?;
    let options = EditOptions { force: args.force, today: globals.today, commit: args.commit.options() };
    print(&leadger::set_fields(&ledger, &schema, &args.id, &args.pairs, &options)?, out)?;
    Ok(Exit::Clean)
}
