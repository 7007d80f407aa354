use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use leadger::checks::{self, CheckRequest};
use leadger::diagnostic::HumanPrinter;
use leadger::history::WalkOptions;
use leadger::ledger::Ledger;
use leadger::render::Printer;
use leadger::report::{self, ReportOptions};

use super::{Failure, Globals, Outcome};

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

pub fn run(args: DemoArgs, globals: &Globals, out: &mut dyn Write) -> Result<Outcome, Failure> {
    let dir = match args.folder {
        Some(dir) => globals.cwd.join(dir),
        None => tempfile::Builder::new()
            .prefix("leadger-demo-")
            .tempdir()
            .map_err(|source| leadger::Error::Write { path: std::env::temp_dir(), source })?
            .keep(),
    };
    let commits = leadger::authoring::demo(&dir)?;
    writeln!(out, "Built a demo ledger with {commits} commits in {}\n", dir.display())?;
    let findings = checks::run(&CheckRequest { cwd: &dir, paths: &[], changed_since: None, today: globals.today })?;
    HumanPrinter { color: globals.color }.print(&findings, out)?;
    writeln!(out)?;
    let ledger = Ledger::discover(&dir)?;
    let records =
        leadger::leads::load_with_history(&ledger, &WalkOptions { rev: None, use_cache: true }, &|_, _| {})?.records;
    let options = ReportOptions {
        period: Default::default(),
        today: globals.today,
        emails: false,
        stale_shown: Some(report::STALE_SHOWN),
    };
    let model = report::build(&records, &ledger.config.pipeline, &ledger.config.teams, &options);
    out.write_all(report::render_markdown(&model).as_bytes())?;
    writeln!(out, "\nNext: leadger -C {} history | show ID | credit | report --format html", dir.display())?;
    Ok(if findings.has_errors() { Outcome::Problems } else { Outcome::Clean })
}
