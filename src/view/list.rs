use std::io::{self, Write};

use serde::Serialize;

use crate::identity::Person;
use crate::lead::Lead;
use crate::lead_records::{LeadRecord, ListRow, Stale};
use crate::render::{Json, Printer, TextTable, count, one_line, spreadsheet_cell};

#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    path: &'a str,
    #[serde(flatten)]
    lead: &'a Lead,
    spotters: Vec<&'a Person>,
    stale: &'a [Stale],
}

fn spotters(record: &LeadRecord) -> Vec<&Person> {
    record.history.as_ref().map(|h| h.spotters.iter().collect()).unwrap_or_default()
}

/// Columns that fit the terminal, `width` wide at most (None: no limit); with `reasons`, a
/// column that says why each lead needs attention.
pub struct ListTable {
    /// The most terminal columns the table may take; `None` for no limit.
    pub width: Option<usize>,
    /// Add a column saying why each lead needs attention (`list --stale`).
    pub reasons: bool,
}

/// Every field, spotters and staleness, for programs.
pub struct ListJson;

/// Every field and the spotters, for spreadsheets.
pub struct ListCsv;

impl<'a> Printer<[ListRow<'a>]> for ListJson {
    fn print(&self, rows: &[ListRow<'a>], out: &mut dyn Write) -> io::Result<()> {
        let rows: Vec<Row> = rows
            .iter()
            .map(|(r, stale)| Row { id: &r.id, path: &r.path, lead: &r.lead, spotters: spotters(r), stale })
            .collect();
        Json.print(&rows, out)
    }
}

impl<'a> Printer<[ListRow<'a>]> for ListCsv {
    fn print(&self, rows: &[ListRow<'a>], out: &mut dyn Write) -> io::Result<()> {
        csv_rows(rows, out)
    }
}

impl<'a> Printer<[ListRow<'a>]> for ListTable {
    fn print(&self, rows: &[ListRow<'a>], out: &mut dyn Write) -> io::Result<()> {
        table(rows, self.width, self.reasons, out)
    }
}

const CSV_HEADER: [&str; 22] = [
    "id",
    "path",
    "title",
    "client",
    "status",
    "spotted_on",
    "summary",
    "source",
    "kind",
    "estimated_value",
    "currency",
    "expected_close",
    "owner",
    "contact_role",
    "tags",
    "next_step",
    "next_step_due",
    "notes",
    "lost_reason",
    "lost_category",
    "spotted_by",
    "spotters",
];

/// The column of `estimated_value` in [`CSV_HEADER`].
const ESTIMATED_VALUE: usize = 9;

fn csv_rows(rows: &[(&LeadRecord, Vec<Stale>)], out: &mut dyn Write) -> io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(CSV_HEADER)?;
    for (r, _) in rows {
        let l = &r.lead;
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let value = l.estimated_value.map(|v| v.to_string()).unwrap_or_default();
        let date = |d: &Option<jiff::civil::Date>| d.map(|d| d.to_string()).unwrap_or_default();
        let mut cells = [
            r.id.clone(),
            r.path.clone(),
            l.title.clone(),
            l.client.clone(),
            l.status.clone(),
            l.spotted_on.to_string(),
            l.summary.clone(),
            opt(&l.source),
            opt(&l.kind),
            // A number leadger wrote, and a negative one must stay a number.
            String::new(),
            opt(&l.currency),
            date(&l.expected_close),
            opt(&l.owner),
            opt(&l.contact_role),
            l.tags.join(";"),
            opt(&l.next_step),
            date(&l.next_step_due),
            opt(&l.notes),
            opt(&l.lost_reason),
            opt(&l.lost_category),
            l.spotted_by.join(";"),
            spotters(r).iter().map(|p| format!("{} <{}>", p.name, p.email)).collect::<Vec<_>>().join(";"),
        ]
        .map(|cell| spreadsheet_cell(&cell).into_owned());
        cells[ESTIMATED_VALUE] = value;
        writer.write_record(cells)?;
    }
    writer.flush()
}

fn table(
    rows: &[(&LeadRecord, Vec<Stale>)],
    width: Option<usize>,
    reasons: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut header = vec!["id", "status", "spotted", "client", "title", "spotters"];
    if reasons {
        header.push("why");
    }
    let mut table = TextTable::new(&header, &"l".repeat(header.len()));
    for (r, stale) in rows {
        let status = if stale.is_empty() { r.lead.status.clone() } else { format!("{}!", r.lead.status) };
        let names = spotters(r).iter().map(|p| &*p.name).collect::<Vec<_>>().join(", ");
        let why = stale.iter().map(Stale::describe).collect::<Vec<_>>().join("; ");
        let cells = [
            r.id.as_str(),
            &status,
            &r.lead.spotted_on.to_string(),
            &one_line(&r.lead.client),
            &one_line(&r.lead.title),
            &names,
            &why,
        ];
        table.row(&cells[..header.len()]);
    }
    // When the terminal is narrow, whole columns go first (spotters, the day spotted, the
    // client), so that id, status, title and why stay; then why and the title are cut in
    // turns, each kept readable as long as it can be.
    table.write_to(out, width, &[5, 2, 3], &[(6, 24), (4, 16), (6, 12), (4, 0), (6, 0)])?;
    let attention = if rows.iter().any(|(_, s)| !s.is_empty()) { " (! = needs attention)" } else { "" };
    writeln!(out, "{}{attention}", count(rows.len(), "lead"))
}
