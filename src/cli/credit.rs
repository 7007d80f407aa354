use std::io::Write;

use clap::Args;
use leadger::credit::credit;
use leadger::view::{CreditFormat, print_credit};

use super::history::{WalkArgs, attributed};
use super::period::PeriodArgs;
use super::{Failure, Globals, Outcome};

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

pub fn run(args: CreditArgs, globals: &Globals, out: &mut dyn Write) -> Result<Outcome, Failure> {
    let period = args.period.period()?;
    let (ledger, result) = attributed(&args.walk, globals, leadger::attribution::Detail::Summary)?;
    let report = credit(&result.leads, &ledger.config.pipeline, &ledger.config.teams, &period);
    print_credit(&report, args.format, out)?;
    super::leave(result);
    Ok(Outcome::Clean)
}
