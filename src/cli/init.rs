use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use leadger::authoring;

use super::{Failure, Globals, Outcome};

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
    pub action: Option<authoring::ActionRef>,
}

pub fn run(args: InitArgs, globals: &Globals, out: &mut dyn Write) -> Result<Outcome, Failure> {
    let dir = args.folder.map_or_else(|| globals.cwd.clone(), |d| globals.cwd.join(d));
    let report = authoring::init(&dir, &args.action.unwrap_or_default())?;
    if report.git_initialised {
        writeln!(out, "initialised a git repository in {}", report.root.display())?;
    }
    for file in &report.written {
        writeln!(out, "wrote {file}")?;
    }
    for file in &report.kept {
        writeln!(out, "kept {file} (already there)")?;
    }
    if !report.written.is_empty() {
        writeln!(out, "next: leadger new   (or read leads/README.md)")?;
    }
    Ok(Outcome::Clean)
}
