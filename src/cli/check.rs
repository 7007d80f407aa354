use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use leadger::{CheckRequest, Findings, GithubPrinter, HumanPrinter, JsonPrinter, Printer};

use super::{Exit, Failure, Globals};

/// Validate lead files against the schema and the ledger's rules.
///
/// Every file is read and every problem reported, with the file, line and column and a hint
/// on how to fix it. Exit 1 when any error is found (warnings alone exit 0).
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  leadger check                  # the whole ledger
  # one file (its id is still checked against all the others):
  leadger check leads/2026/acme-corp-billing-platform-replacement.toml
  # what a pull request changed, as annotations in GitHub Actions:
  leadger check --format github --changed-since origin/main")]
pub struct CheckArgs {
    /// Lead files or folders to report on (default: the whole leads folder).
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,

    /// Report only lead files added or changed since the merge base of REV and HEAD,
    /// including uncommitted and untracked files.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Snippets with carets, for people.
    Human,
    /// One JSON document, for programs (documented, stable).
    Json,
    /// GitHub Actions workflow commands: annotations on the pull request.
    Github,
}

impl CheckFormat {
    pub fn printer(self, color: bool) -> Box<dyn Printer<Findings>> {
        match self {
            CheckFormat::Human => Box::new(HumanPrinter { color }),
            CheckFormat::Json => Box::new(JsonPrinter),
            CheckFormat::Github => Box::new(GithubPrinter),
        }
    }
}

pub fn run(args: CheckArgs, globals: &Globals, out: &mut dyn Write) -> Result<Exit, Failure> {
    let findings = leadger::check_ledger(&CheckRequest {
        cwd: &globals.cwd,
        paths: &args.paths,
        changed_since: args.changed_since.as_deref(),
        today: globals.today,
    })?;
    args.format.printer(globals.color).print(&findings, out)?;
    Ok(if findings.has_errors() { Exit::Problems } else { Exit::Clean })
}
