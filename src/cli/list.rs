use std::io::{IsTerminal, Write};

use clap::{Args, ValueEnum};
use leadger::{
    DuplicateGroups, DuplicatesCsv, DuplicatesJson, DuplicatesText, ListCsv, ListJson, ListQuery, ListRow, ListTable,
    Printer, SortKey,
};

use super::history::{WalkArgs, records};
use super::period::PeriodArgs;
use super::{Exit, Failure, Globals};

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
    /// Only leads this person spotted: their name or email, in any case.
    #[arg(long, value_name = "NAME|EMAIL")]
    pub spotter: Option<String>,
    /// Only leads spotted in the period.
    #[command(flatten)]
    pub spotted: PeriodArgs,
    /// Only open leads that need attention, with a column that says why: past their stage's
    /// time limit, past next_step_due or expected_close, or with no owner once past the first
    /// stage (a brand-new lead has none yet).
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
    /// Columns that fit the terminal (or `COLUMNS`): spotters, the day spotted and the client
    /// are left out before a title is cut.
    Table,
    /// Every field, spotters and staleness, for programs.
    Json,
    /// Every field and the spotters, for spreadsheets.
    Csv,
}

impl ListFormat {
    fn printer<'a>(self, width: Option<usize>, reasons: bool) -> Box<dyn Printer<[ListRow<'a>]>> {
        match self {
            ListFormat::Table => Box::new(ListTable { width, reasons }),
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
    // The field's name in a lead file is what people type, so it is accepted too.
    #[value(alias = "spotted_on")]
    SpottedOn,
    #[value(alias = "expected_close")]
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

pub fn run(args: ListArgs, globals: &Globals, out: &mut dyn Write) -> Result<Exit, Failure> {
    // The arguments are checked against the ledger's pipeline before the load, which takes a
    // second at 100k leads.
    let ledger = leadger::Ledger::discover(&globals.cwd)?;
    let query = ListQuery {
        statuses: args.status,
        client: args.client,
        spotter: args.spotter,
        spotted: args.spotted.period()?,
        stale_only: args.stale,
        sort: args.sort.into(),
    };
    query.check(&ledger.config.pipeline)?;
    let (ledger, records) = records(&args.walk, globals)?;
    if args.duplicates {
        let pipeline = &ledger.config.pipeline;
        let groups = leadger::find_duplicates(&records, &ledger.config.duplicates, pipeline, globals.today);
        let printer: &dyn Printer<DuplicateGroups> = match args.format {
            ListFormat::Table => &DuplicatesText,
            ListFormat::Json => &DuplicatesJson,
            ListFormat::Csv => &DuplicatesCsv,
        };
        printer.print(&DuplicateGroups { records: &records, groups: &groups }, out)?;
        super::leave(records);
        return Ok(Exit::Clean);
    }
    let rows = query.select(&records, &ledger.config.pipeline, globals.today);
    // `COLUMNS`, as `ls` and `git` take it, for a width the terminal cannot tell.
    let columns = std::env::var("COLUMNS").ok().and_then(|c| c.parse::<usize>().ok()).filter(|c| *c > 0);
    let width = columns.or_else(|| {
        std::io::stdout().is_terminal().then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0))).flatten()
    });
    args.format.printer(width, args.stale).print(&rows, out)?;
    drop(rows);
    super::leave(records);
    Ok(Exit::Clean)
}
