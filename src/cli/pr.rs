use std::io::Write;

use clap::{Args, ValueEnum};
use leadger::{Json, Ledger, Printer, PullRequest, PullRequestOptions, count};

use super::progress::Progress;
use super::{Exit, Failure, Globals};

/// What this pull request does to the ledger, for a comment on it: the leads it adds and who
/// gets the credit, the stages it moves, possible duplicates and the check problems.
///
/// Compares HEAD and the working tree (uncommitted lead files count) with the merge base of
/// REV and HEAD, with the same attribution rules as `history`. Exit 0 whatever the leads
/// say; 2 when it cannot run.
#[derive(Debug, Args)]
///
/// In CI, `leadger pr --base "origin/$GITHUB_BASE_REF"` writes the pull request's comment.
#[command(after_help = "Examples:
  leadger pr --base main                 # preview the comment before pushing
  leadger pr --base HEAD~3 --format json # the contract is in docs/pr.md")]
pub struct PrArgs {
    /// The branch the pull request goes into.
    #[arg(long, value_name = "REV")]
    pub base: String,
    #[arg(long, value_enum, default_value_t = PrFormat::Markdown)]
    pub format: PrFormat,
    /// Show the spotters' and movers' emails in the JSON (names only without it).
    #[arg(long)]
    pub emails: bool,
    /// Neither read nor write the caches in the git directory (history, parsed leads).
    #[arg(long)]
    pub no_cache: bool,
    /// Print what was read from the caches and how long finding duplicates took, to stderr.
    #[arg(long)]
    pub stats: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrFormat {
    /// For a pull request comment or a job summary.
    #[value(alias = "md")]
    Markdown,
    /// For programs (docs/pr.md).
    Json,
}

pub fn run(args: PrArgs, globals: &Globals, out: &mut dyn Write) -> Result<Exit, Failure> {
    let ledger = Ledger::discover(&globals.cwd)?;
    let request =
        PullRequestOptions { base: &args.base, emails: args.emails, today: globals.today, use_cache: !args.no_cache };
    let progress = Progress::new();
    let described = leadger::describe_pull_request(&ledger, &request, &|done, total| progress.update(done, total))?;
    drop(progress);
    super::progress::report_walk(
        &described.warnings,
        args.stats,
        described.commits,
        described.processed,
        described.leads,
    );
    if args.stats {
        eprintln!(
            "duplicates: {:.1} ms for {}",
            described.duplicates_time.as_secs_f64() * 1000.0,
            count(described.pull_request.added.len(), "new lead")
        );
    }
    let printer: &dyn Printer<PullRequest> = match args.format {
        PrFormat::Markdown => &leadger::PullRequestComment,
        PrFormat::Json => &Json,
    };
    printer.print(&described.pull_request, out)?;
    Ok(Exit::Clean)
}
