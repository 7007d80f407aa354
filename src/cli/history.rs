use std::io::Write;

use clap::Args;
use leadger::attribution::{self, Attributed};
use leadger::history::WalkOptions;
use leadger::ledger::Ledger;
use leadger::view::{HistoryFormat, print_history};

use super::progress::Progress;
use super::{Failure, Globals, Outcome};

/// Every lead with its timeline: who spotted it and every change of status, from git.
///
/// Reads every commit reachable from REV (HEAD by default), oldest first. A merge earns no
/// credit for the branch it brings in; moves and renames keep a lead's spotters; names and
/// emails go through .mailmap. Results are cached per commit in the git directory.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    #[arg(long, value_enum, default_value_t = HistoryFormat::Human)]
    pub format: HistoryFormat,
    #[command(flatten)]
    pub walk: WalkArgs,
}

#[derive(Debug, Args)]
pub struct WalkArgs {
    /// Read history up to this revision instead of HEAD.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// Neither read nor write the history cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Print how many commits were read and how many were not in the cache, to stderr.
    #[arg(long)]
    pub stats: bool,
}

/// The ledger's attributed leads, with warnings printed and a progress bar on a terminal.
pub fn attributed(walk: &WalkArgs, globals: &Globals) -> Result<(Ledger, Attributed), Failure> {
    let ledger = Ledger::discover(&globals.cwd)?;
    let attributed = attribute(&ledger, walk)?;
    Ok((ledger, attributed))
}

/// Like [`attributed`], but a ledger outside git simply has no history.
pub fn attributed_if_git(walk: &WalkArgs, globals: &Globals) -> Result<(Ledger, Attributed), Failure> {
    let ledger = Ledger::discover(&globals.cwd)?;
    if leadger::history::open_repository(&ledger.root).is_err() {
        return Ok((ledger, Attributed::default()));
    }
    let attributed = attribute(&ledger, walk)?;
    Ok((ledger, attributed))
}

fn attribute(ledger: &Ledger, walk: &WalkArgs) -> Result<Attributed, Failure> {
    let options = WalkOptions { rev: walk.rev.clone(), use_cache: !walk.no_cache };
    let progress = Progress::new();
    let result = attribution::for_ledger(ledger, &options, &|done, total| progress.update(done, total))?;
    drop(progress);
    for warning in &result.warnings {
        eprintln!("warning: {warning}");
    }
    if walk.stats {
        eprintln!("history: {} commits, {} processed, {} leads", result.commits, result.processed, result.leads.len());
    }
    Ok(result)
}

pub fn run(args: HistoryArgs, globals: &Globals, out: &mut dyn Write) -> Result<Outcome, Failure> {
    let (_, result) = attributed(&args.walk, globals)?;
    print_history(&result.leads, args.format, out)?;
    Ok(Outcome::Clean)
}
