use std::io::Write;

use clap::Args;
use clap_complete::ArgValueCompleter;
use leadger::authoring::{self, Edited};
use leadger::ledger::Ledger;
use leadger::schema::LeadSchema;

use super::{Failure, Globals, Outcome};

/// Move a lead to another stage of the pipeline.
///
/// Moving to lost or dropped needs --reason; moving backwards or reopening a closed lead
/// needs --force. The file is edited in place: comments and layout are kept.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  leadger advance acme-billing qualified
  leadger advance acme-billing lost --reason \"They chose to build it in-house\"")]
pub struct AdvanceArgs {
    /// The lead's id (its file name without .toml).
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
}

/// Set fields of a lead: KEY=VALUE, typed by the schema; KEY= removes the field.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  leadger set acme-billing estimated_value=120000 currency=EUR
  leadger set acme-billing next_step=\"Call the CFO\" next_step_due=2026-12-01 tags=billing,cloud")]
pub struct SetArgs {
    /// The lead's id.
    #[arg(add = ArgValueCompleter::new(super::completions::lead_ids))]
    pub id: String,
    /// KEY=VALUE pairs.
    #[arg(required = true, value_name = "KEY=VALUE")]
    pub pairs: Vec<String>,
}

fn print(edited: &Edited, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "updated {}", edited.rel)?;
    for change in &edited.changes {
        writeln!(out, "  {change}")?;
    }
    Ok(())
}

pub fn advance(args: AdvanceArgs, globals: &Globals, out: &mut dyn Write) -> Result<Outcome, Failure> {
    let ledger = Ledger::discover(&globals.cwd)?;
    let schema = LeadSchema::for_ledger(&ledger)?;
    let edited =
        authoring::advance(&ledger, &schema, &args.id, &args.stage, args.reason.as_deref(), args.force, globals.today)?;
    print(&edited, out)?;
    Ok(Outcome::Clean)
}

pub fn set(args: SetArgs, globals: &Globals, out: &mut dyn Write) -> Result<Outcome, Failure> {
    let ledger = Ledger::discover(&globals.cwd)?;
    let schema = LeadSchema::for_ledger(&ledger)?;
    print(&authoring::set(&ledger, &schema, &args.id, &args.pairs, globals.today)?, out)?;
    Ok(Outcome::Clean)
}
