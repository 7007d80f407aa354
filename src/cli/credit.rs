use std::io::Write;

use clap::{Args, ValueEnum};
use leadger::{CreditMarkdown, CreditReport, CreditTable, Json, Printer, credit};

use super::history::{WalkArgs, attributed};
use super::period::PeriodArgs;
use super::{Exit, Failure, Globals};

/// Credit per person and per team: leads spotted (and of those, as the creating author),
/// leads advanced, spotted leads now won and their value.
///
/// Spotting counts when the lead was created in the period; advancing when the status
/// change was made in it. Bots and revisions in .git-blame-ignore-revs earn no credit.
#[derive(Debug, Args)]
pub struct CreditArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    #[arg(long, value_enum, default_value_t = CreditFormat::Table)]
    pub format: CreditFormat,
    #[command(flatten)]
    pub walk: WalkArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CreditFormat {
    /// Aligned columns for a terminal.
    Table,
    Json,
    /// A GitHub-flavoured Markdown table.
    Md,
}

impl CreditFormat {
    fn printer(self) -> Box<dyn Printer<CreditReport>> {
        match self {
            CreditFormat::Table => Box::new(CreditTable),
            CreditFormat::Json => Box::new(Json),
            CreditFormat::Md => Box::new(CreditMarkdown),
        }
    }
}

pub fn run(args: CreditArgs, globals: &Globals, out: &mut dyn Write) -> Result<Exit, Failure> {
    let period = args.period.period()?;
    let (ledger, result) = attributed(&args.walk, globals, leadger::Detail::Summary)?;
    let report = credit(&result.leads, &ledger.config.pipeline, &ledger.config.teams, &period);
    args.format.printer().print(&report, out)?;
    super::leave(result);
    Ok(Exit::Clean)
}
