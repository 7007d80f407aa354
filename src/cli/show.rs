use std::io::Write;

use clap::Args;
use clap_complete::ArgValueCompleter;
use leadger::{ShowText, Shown};

use super::history::{HistoryFormat, WalkArgs, attributed};
use super::{Exit, Failure, Globals};

/// One lead: what it is (title, client, summary, value, owner, next step), its spotters (and
/// any disagreement between `spotted_by` and history) and its timeline of commits.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The lead's id: its file name without `.toml`, or any start of it that names one lead.
    #[arg(add = ArgValueCompleter::new(super::completions::lead_ids))]
    pub id: String,
    #[arg(long, value_enum, default_value_t = HistoryFormat::Human)]
    pub format: HistoryFormat,
    #[command(flatten)]
    pub walk: WalkArgs,
}

pub fn run(args: ShowArgs, globals: &Globals, out: &mut dyn Write) -> Result<Exit, Failure> {
    let (ledger, result) = attributed(&args.walk, globals, leadger::Detail::Events)?;
    let history = leadger::find_lead_history(&result.leads, &args.id)?;
    let lead = leadger::read_lead(&ledger, &history.path);
    args.format.printer(ShowText).print(&Shown { lead: lead.as_ref(), history }, out)?;
    Ok(Exit::Clean)
}
