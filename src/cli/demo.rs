use std::io::Write;
use std::path::PathBuf;

use clap::{Args, FromArgMatches};

use super::{Exit, Failure, Globals, check, report};

/// Build a demo ledger with a history (about 60 leads, 8 people, merges, a mass move,
/// co-authored commits, a bot and a mailmap alias), then check it and print its report.
///
/// The same commits every time. Try `leadger -C DIR history` or `leadger -C DIR show ID`
/// in it afterwards.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to build it (a new or empty folder); default: a new temporary folder.
    #[arg(value_name = "DIR")]
    pub folder: Option<PathBuf>,
}

pub fn run(args: DemoArgs, globals: &Globals, out: &mut dyn Write) -> Result<Exit, Failure> {
    let dir = match args.folder {
        Some(dir) => globals.cwd.join(dir),
        None => tempfile::Builder::new()
            .prefix("leadger-demo-")
            .tempdir()
            .map_err(|source| {
                leadger::ErrorKind::Write { path: std::env::temp_dir(), source }
                    .hinted("name a folder to build it in: `leadger demo DIR`")
            })?
            .keep(),
    };
    let commits = leadger::build_demo(&dir)?;
    writeln!(out, "Built a demo ledger with {commits} commits in {}\n", dir.display())?;
    // What `leadger -C DIR check` and `leadger -C DIR report` print, by the same code.
    let inside = Globals { cwd: dir.clone(), ..*globals };
    let checked = check::run(defaults(), &inside, out)?;
    writeln!(out)?;
    report::run(defaults(), &inside, out)?;
    writeln!(out, "\nNext: leadger -C {} history | show ID | credit | report --format html", dir.display())?;
    Ok(checked)
}

/// A command's arguments as if none were given.
fn defaults<A: Args + FromArgMatches>() -> A {
    let matches = A::augment_args(clap::Command::new("leadger")).get_matches_from(["leadger"]);
    A::from_arg_matches(&matches).expect("a command run with no arguments needs none")
}
