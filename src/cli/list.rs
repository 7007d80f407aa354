use std::io::{IsTerminal, Write};

use clap::{Args, ValueEnum};
use leadger::leads::{ListQuery, ListRow, SortKey};
use leadger::render::Printer;
use leadger::view::{DuplicateGroups, DuplicatesCsv, DuplicatesJson, DuplicatesText, ListCsv, ListJson, ListTable};

use super::history::{WalkArgs, records};
use super::{Failure, Globals, Outcome};

/// List leads, filtered and sorted; a `!` after the status marks one that needs attention.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  leadger list --status new --status qualified --sort spotted_on
  leadger list --stale
  leadger list --duplicates
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
    /// Instead of leads, the groups of leads that look like one opportunity: same client
    /// after normalising, similar title or summary (docs/check.md, `possible-duplicate`).
    #[arg(long, conflicts_with_all = ["status", "client", "spotter", "stale"])]
    pub duplicates: bool,
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

impl From<SortField> for SortKey {
    fn from(field: SortField) -> SortKey {
        match field {
            SortField::Id => SortKey::Id,
            SortField::Status => SortKey::Status,
            SortField::Client => SortKey::Client,
            SortField::SpottedOn => SortKey::SpottedOn,
            SortField::ExpectedClose => SortKey::ExpectedClose,
            SortField::Value => SortKey::Value,
        }
    }
}

pub fn run(args: ListArgs, globals: &Globals, out: &mut dyn Write) -> Result<Outcome, Failure> {
    let (ledger, records) = records(&args.walk, globals)?;
    if args.duplicates {
        let pipeline = &ledger.config.pipeline;
        let groups = leadger::duplicates::in_records(&records, &ledger.config.duplicates, pipeline, globals.today);
        let printer: &dyn Printer<DuplicateGroups> = match args.format {
            ListFormat::Table => &DuplicatesText,
            ListFormat::Json => &DuplicatesJson,
            ListFormat::Csv => &DuplicatesCsv,
        };
        printer.print(&DuplicateGroups { records: &records, groups: &groups }, out)?;
        super::leave(records);
        return Ok(Outcome::Clean);
    }
    let query = ListQuery {
        statuses: args.status,
        client: args.client,
        spotter: args.spotter,
        stale_only: args.stale,
        sort: args.sort.into(),
    };
    let rows = query.select(&records, &ledger.config.pipeline, globals.today);
    let width = std::io::stdout()
        .is_terminal()
        .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
        .flatten();
    args.format.printer(width).print(&rows, out)?;
    drop(rows);
    super::leave(records);
    Ok(Outcome::Clean)
}
