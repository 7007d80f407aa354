use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use leadger::BranchSource;

use super::{Exit, Failure, Globals};

/// Make a folder a ledger: config, a README for lead authors, a CI workflow, a pull request
/// template and editor schema settings. Existing files are never overwritten.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder (default: the current one). `git init` is run when it is not in a repository.
    #[arg(value_name = "DIR")]
    pub folder: Option<PathBuf>,

    /// The GitHub Action that installs leadger in the workflow, for a fork or an internal mirror
    /// [default: this leadger's repository at its version's tag].
    #[arg(long, value_name = "OWNER/REPO@REF")]
    pub action: Option<leadger::ActionRef>,

    /// Commit the files init writes (and nothing else) with your git identity, so the first push
    /// carries the workflow.
    #[arg(long)]
    pub commit: bool,
}

pub fn run(args: InitArgs, globals: &Globals, out: &mut dyn Write) -> Result<Exit, Failure> {
    let dir = args.folder.map_or_else(|| globals.cwd.clone(), |d| globals.cwd.join(d));
    let report = leadger::init(&dir, &args.action.unwrap_or_default(), args.commit)?;
    if report.git_initialised {
        writeln!(out, "initialised a git repository in {}", report.root.display())?;
    }
    for file in &report.written {
        writeln!(out, "wrote {file}")?;
    }
    for file in &report.kept {
        writeln!(out, "kept {file} (already there)")?;
    }
    if report.written.iter().any(|f| f == leadger::WORKFLOW_FILE) {
        let why = match report.branch.source {
            BranchSource::OriginHead => "origin's default branch",
            BranchSource::Current => "the current branch",
            BranchSource::Fallback => "no branch found; edit the workflow's `push: branches:` if yours differs",
        };
        writeln!(out, "the workflow checks every lead on pushes to {} ({why})", report.branch.name)?;
    }
    if let Some(commit) = report.commit {
        let n = report.written.len();
        writeln!(out, "committed {} ({n} file{})", &commit.to_string()[..7], if n == 1 { "" } else { "s" })?;
        if report.other_staged > 0 {
            let n = report.other_staged;
            let what = if n == 1 { "change was" } else { "changes were" };
            writeln!(out, "{n} other staged {what} left staged, out of this commit")?;
        }
        writeln!(out, "next: leadger new --commit   (a lead in a minute), then push")?;
    } else if !report.written.is_empty() {
        writeln!(out, "next: commit these files with git (or use `leadger init --commit`), then leadger new --commit")?;
    }
    Ok(Exit::Clean)
}
