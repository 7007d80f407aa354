use std::io::{IsTerminal, Write};

use clap::{Args, ValueEnum};
use leadger::leads::LeadRecord;
use leadger::render::Printer;
use leadger::view::{ListCsv, ListJson, ListRow, ListTable};

use super::history::{WalkArgs, records};
use super::{Failure, Globals, Outcome};

/// List leads, filtered and sorted; a `!` after the status marks one that needs attention.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  leadger list --status new --status qualified --sort spotted_on
  leadger list --stale
  leadger list --spotter alice@example.com --format csv > alice.csv")]
pub struct ListArgs {
    /// Only leads at this stage (repeat for more).
    #[arg(long)]
    pub status: Vec<String>,
    /// Only leads whose client contains this text (any case).
    #[arg(long)]
    pub client: Option<String>,
    /// Only leads this person (by email) spotted.
    #[arg(long, value_name = "EMAIL")]
    pub spotter: Option<String>,
    /// Only open leads past their stage's time limit, past next_step_due, or with no owner.
    #[arg(long)]
    pub stale: bool,
    #[arg(long, value_enum, default_value_t = SortField::Id)]
    pub sort: SortField,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    #[command(flatten)]
    pub walk: WalkArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Columns that fit the terminal.
    Table,
    /// Every field, spotters and staleness, for programs.
    Json,
    /// Every field and the spotters, for spreadsheets.
    Csv,
}

impl ListFormat {
    fn printer<'a>(self, width: Option<usize>) -> Box<dyn Printer<[ListRow<'a>]>> {
        match self {
            ListFormat::Table => Box::new(ListTable { width }),
            ListFormat::Json => Box::new(ListJson),
            ListFormat::Csv => Box::new(ListCsv),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortField {
    Id,
    Status,
    Client,
    SpottedOn,
    ExpectedClose,
    Value,
}

pub fn run(args: ListArgs, globals: &Globals, out: &mut dyn Write) -> Result<Outcome, Failure> {
    let (ledger, records) = records(&args.walk, globals)?;
    let pipeline = &ledger.config.pipeline;
    let client = args.client.as_ref().map(|c| c.to_lowercase());
    let spotter = args.spotter.as_ref().map(|s| s.to_lowercase());
    let mut rows: Vec<(&LeadRecord, _)> = records
        .iter()
        .filter(|r| args.status.is_empty() || args.status.contains(&r.lead.status))
        .filter(|r| client.as_ref().is_none_or(|c| r.lead.client.to_lowercase().contains(c)))
        .filter(|r| {
            spotter.as_ref().is_none_or(|s| {
                r.history.as_ref().is_some_and(|h| h.spotters.iter().any(|p| p.email.to_lowercase() == *s))
            })
        })
        .map(|r| (r, r.stale(pipeline, globals.today)))
        .filter(|(_, stale)| !args.stale || !stale.is_empty())
        .collect();
    match args.sort {
        SortField::Id => {}
        SortField::Status => rows.sort_by_key(|(r, _)| pipeline.rank(&r.lead.status)),
        SortField::Client => rows.sort_by_key(|(r, _)| r.lead.client.to_lowercase()),
        SortField::SpottedOn => rows.sort_by_key(|(r, _)| r.lead.spotted_on),
        SortField::ExpectedClose => rows.sort_by_key(|(r, _)| (r.lead.expected_close.is_none(), r.lead.expected_close)),
        SortField::Value => rows.sort_by(|(a, _), (b, _)| {
            b.lead.estimated_value.unwrap_or(-1.0).total_cmp(&a.lead.estimated_value.unwrap_or(-1.0))
        }),
    }
    let width = std::io::stdout()
        .is_terminal()
        .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .flatten();
    args.format.printer(width).print(&rows, out)?;
    drop(rows);
    super::leave(records);
    Ok(Outcome::Clean)
}
