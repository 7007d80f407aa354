//! The command line: argument definitions and printing, no logic.

mod check;
mod completions;
mod credit;
mod demo;
mod edit;
mod failure;
mod history;
mod init;
mod list;
mod man;
mod new;
mod period;
mod pr;
mod progress;
mod report;
mod show;

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use leadger::ErrorKind;

pub use completions::VAR as COMPLETE_VAR;

/// A sales-lead ledger kept in git: leads are TOML files added by pull request, checked in CI,
/// and credited from history to the engineers who spotted them.
#[derive(Debug, Parser)]
#[command(name = "leadger", version, about, long_about = None, max_term_width = 100)]
#[command(after_help = "Exit codes: 0 ok, 1 problems found, 2 could not run.")]
pub struct Cli {
    /// Run as if leadger was started in DIR.
    #[arg(short = 'C', global = true, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Take DATE as today, for reproducible output (dates in the future, stale leads).
    #[arg(long, global = true, env = "LEADGER_TODAY", value_name = "YYYY-MM-DD")]
    pub today: Option<Date>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Demo(demo::DemoArgs),
    Init(init::InitArgs),
    New(new::NewArgs),
    Advance(edit::AdvanceArgs),
    Set(edit::SetArgs),
    Check(check::CheckArgs),
    List(list::ListArgs),
    History(history::HistoryArgs),
    Show(show::ShowArgs),
    Credit(credit::CreditArgs),
    Report(report::ReportArgs),
    Pr(pr::PrArgs),
    Completions(completions::CompletionsArgs),
    Man(man::ManArgs),
}

/// Why a command stopped early.
pub enum Failure {
    Leadger(leadger::Error),
    Output(io::Error),
}

impl From<leadger::Error> for Failure {
    fn from(e: leadger::Error) -> Self {
        Failure::Leadger(e)
    }
}

impl From<ErrorKind> for Failure {
    fn from(e: ErrorKind) -> Self {
        Failure::Leadger(e.into())
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

/// What the run found: 0 nothing wrong, 1 problems found.
pub enum Exit {
    Clean,
    Problems,
}

pub struct Globals {
    pub cwd: PathBuf,
    pub color: bool,
    pub today: Date,
    /// Whether today was given (`--today`, `LEADGER_TODAY`) rather than read from the clock.
    pub today_given: bool,
}

pub fn run(cli: Cli) -> ExitCode {
    let globals = match globals(&cli) {
        Ok(globals) => globals,
        Err(e) => return failure::report(Failure::Leadger(e)),
    };
    // Buffered: stdout is line-buffered, and a large JSON document would cost a write per line.
    let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let result = match cli.command {
        Command::Demo(args) => demo::run(args, &globals, &mut stdout),
        Command::Init(args) => init::run(args, &globals, &mut stdout),
        Command::New(args) => new::run(args, &globals, &mut stdout),
        Command::Advance(args) => edit::advance(args, &globals, &mut stdout),
        Command::Set(args) => edit::set(args, &globals, &mut stdout),
        Command::Check(args) => check::run(args, &globals, &mut stdout),
        Command::List(args) => list::run(args, &globals, &mut stdout),
        Command::History(args) => history::run(args, &globals, &mut stdout),
        Command::Show(args) => show::run(args, &globals, &mut stdout),
        Command::Credit(args) => credit::run(args, &globals, &mut stdout),
        Command::Report(args) => report::run(args, &globals, &mut stdout),
        Command::Pr(args) => pr::run(args, &globals, &mut stdout),
        Command::Completions(args) => completions::run(args, &mut stdout),
        Command::Man(args) => man::run(args, &globals, &mut stdout),
    };
    let result = result.and_then(|outcome| stdout.flush().map(|()| outcome).map_err(Failure::Output));
    match result {
        Ok(Exit::Clean) => ExitCode::SUCCESS,
        Ok(Exit::Problems) => ExitCode::from(1),
        Err(stopped) => failure::report(stopped),
    }
}

fn globals(cli: &Cli) -> Result<Globals, leadger::Error> {
    let here = std::env::current_dir().map_err(|source| {
        ErrorKind::Read { path: ".".into(), source }
            .hinted("the current folder may have been removed; change to one that exists")
    })?;
    let color = match cli.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    Ok(Globals {
        cwd: cli.dir.as_ref().map_or(here.clone(), |d| here.join(d)),
        color,
        today: cli.today.unwrap_or_else(leadger::today),
        today_given: cli.today.is_some(),
    })
}

/// Leaves a command's big results to the operating system, which takes back a process's
/// memory at exit at once: freeing 100k leads and their timelines one by one took a tenth
/// of a second.
fn leave<T>(big: T) {
    std::mem::forget(big);
}
