//! `leadger history`, and the two ways every command reads a ledger with its history, one
//! per need (the library's two entry points, with warnings and a progress bar):
//! - [`records`]: the leads as they are now, each with its spotters and status changes, also
//!   outside git (`list`, `report`);
//! - [`attributed`]: every lead history knows, with its timeline, deleted ones too (`history`,
//!   `show`, `credit`).

use std::io::Write;

use clap::{Args, ValueEnum};
use leadger::{Attributed, Detail, HistoryQuery, HistoryText, Json, LeadRecord, Ledger, Printer, WalkOptions};

use super::period::PeriodArgs;
use super::progress::Progress;
use super::{Exit, Failure, Globals};

/// Every lead with its timeline: who spotted it and every change of status, from git.
///
/// Reads every commit reachable from REV (HEAD by default), oldest first. A merge earns no
/// credit for the branch it brings in; moves and renames keep a lead's spotters; names and
/// emails go through .mailmap. Results are cached per commit in the git directory.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this lead: its id, or any start of it that names one lead.
    #[arg(long, value_name = "ID", add = clap_complete::ArgValueCompleter::new(super::completions::lead_ids))]
    pub lead: Option<String>,
    /// Only leads this person spotted or moved: their name or email, in any case.
    #[arg(long, value_name = "NAME|EMAIL")]
    pub person: Option<String>,
    /// Only leads created or moved in the period.
    #[command(flatten)]
    pub period: PeriodArgs,
    #[arg(long, value_enum, default_value_t = HistoryFormat::Human)]
    pub format: HistoryFormat,
    #[command(flatten)]
    pub walk: WalkArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HistoryFormat {
    Human,
    Json,
}

impl HistoryFormat {
    /// `human` for the text form (of a timeline or of one lead), or the JSON of the model.
    pub fn printer<T: serde::Serialize + ?Sized>(self, human: impl Printer<T> + 'static) -> Box<dyn Printer<T>> {
        match self {
            HistoryFormat::Human => Box::new(human),
            HistoryFormat::Json => Box::new(Json),
        }
    }
}

#[derive(Debug, Args)]
pub struct WalkArgs {
    /// Read history up to this revision instead of HEAD.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Neither read nor write the caches in the git directory (history, parsed leads).
    #[arg(long)]
    pub no_cache: bool,
    /// Print how many commits were read and how many were not in the cache, to stderr.
    #[arg(long)]
    pub stats: bool,
}

impl WalkArgs {
    fn options(&self) -> WalkOptions {
        WalkOptions { rev: self.rev.clone(), use_cache: !self.no_cache }
    }
}

/// Every lead in the ledger's history with its timeline, through
/// [`leadger::attribute_ledger`].
pub fn attributed(walk: &WalkArgs, globals: &Globals, detail: Detail) -> Result<(Ledger, Attributed), Failure> {
    let ledger = Ledger::discover(&globals.cwd)?;
    let attributed = attribute(&ledger, walk, detail)?;
    Ok((ledger, attributed))
}

/// The ledger's leads as they are now, with their spotters and transitions (none outside
/// git), through [`leadger::load_leads`].
pub fn records(walk: &WalkArgs, globals: &Globals) -> Result<(Ledger, Vec<LeadRecord>), Failure> {
    let ledger = Ledger::discover(&globals.cwd)?;
    let options = walk.options();
    let progress = Progress::new();
    let loaded = leadger::load_leads(&ledger, &options, &|done, total| progress.update(done, total))?;
    drop(progress);
    report_run(&loaded.history, walk, loaded.records.len());
    if walk.stats {
        eprintln!("lead files: {}, {} unchanged and read from the cache", loaded.files, loaded.from_cache);
    }
    if loaded.duplicates > 0 {
        let (files, verb) = if loaded.duplicates == 1 { ("file", "has") } else { ("files", "have") };
        eprintln!(
            "warning: {} lead {files} {verb} the id of another lead file and {} left out of the numbers, so that no lead counts twice; `leadger check` names them",
            loaded.duplicates,
            if loaded.duplicates == 1 { "is" } else { "are" }
        );
    }
    if loaded.skipped > 0 {
        super::failure::warn(&leadger::skipped_leads_warning(loaded.skipped));
    }
    Ok((ledger, loaded.records))
}

fn report_run(result: &Attributed, walk: &WalkArgs, leads: usize) {
    super::progress::report_walk(&result.warnings, walk.stats, result.commits, result.processed, leads);
}

fn attribute(ledger: &Ledger, walk: &WalkArgs, detail: Detail) -> Result<Attributed, Failure> {
    let options = walk.options();
    let progress = Progress::new();
    let result = leadger::attribute_ledger(ledger, &options, detail, &|done, total| progress.update(done, total))?;
    drop(progress);
    report_run(&result, walk, result.leads.len());
    Ok(result)
}

pub fn run(args: HistoryArgs, globals: &Globals, out: &mut dyn Write) -> Result<Exit, Failure> {
    let query = HistoryQuery { lead: args.lead, person: args.person, period: args.period.period()? };
    let (_, mut result) = attributed(&args.walk, globals, Detail::Events)?;
    query.retain(&mut result.leads)?;
    args.format.printer(HistoryText).print(&result.leads, out)?;
    super::leave(result);
    Ok(Exit::Clean)
}
