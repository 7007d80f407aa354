use std::io::Write;

use clap::Args;
use leadger::attribution;
use leadger::view::ShowText;

use super::history::{HistoryFormat, WalkArgs, attributed};
use super::{Failure, Globals, Outcome};

/// One lead: its spotters (and any disagreement between `spotted_by` and history) and its
/// timeline of commits.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The lead's id: its file name without `.toml`.
    pub id: String,
    #[arg(long, value_enum, default_value_t = HistoryFormat::Human)]
    pub format: HistoryFormat,
    #[command(flatten)]
    pub walk: WalkArgs,
}

pub fn run(args: ShowArgs, globals: &Globals, out: &mut dyn Write) -> Result<Outcome, Failure> {
    let (_, result) = attributed(&args.walk, globals, leadger::attribution::Detail::Events)?;
    args.format.printer(ShowText).print(attribution::find(&result.leads, &args.id)?, out)?;
    Ok(Outcome::Clean)
}
