//! `leadger list --duplicates`: the groups of possible duplicates, one format per reader.

use std::io::{self, Write};

use serde::Serialize;

use super::{ListFormat, visible};
use crate::duplicates::{Field, Group};
use crate::leads::LeadRecord;

#[derive(Serialize)]
struct GroupJson<'a> {
    leads: Vec<LeadJson<'a>>,
    pairs: Vec<PairJson<'a>>,
}

#[derive(Serialize)]
struct LeadJson<'a> {
    id: &'a str,
    path: &'a str,
    title: &'a str,
    client: &'a str,
    status: &'a str,
    spotted_on: String,
}

#[derive(Serialize)]
struct PairJson<'a> {
    first: &'a str,
    second: &'a str,
    client: &'a str,
    field: Field,
    similarity: f64,
    reason: String,
}

pub fn print_duplicates(
    records: &[LeadRecord],
    groups: &[Group],
    format: ListFormat,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        ListFormat::Json => {
            let json: Vec<GroupJson> = groups
                .iter()
                .map(|g| GroupJson {
                    leads: g
                        .leads
                        .iter()
                        .map(|&i| {
                            let r = &records[i];
                            LeadJson {
                                id: &r.id,
                                path: &r.path,
                                title: &r.lead.title,
                                client: &r.lead.client,
                                status: &r.lead.status,
                                spotted_on: r.lead.spotted_on.to_string(),
                            }
                        })
                        .collect(),
                    pairs: g
                        .pairs
                        .iter()
                        .map(|m| PairJson {
                            first: &records[m.first].id,
                            second: &records[m.second].id,
                            client: &m.reason.client,
                            field: m.reason.field,
                            similarity: (m.reason.similarity * 1000.0).round() / 1000.0,
                            reason: m.reason.to_string(),
                        })
                        .collect(),
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &json)?;
            writeln!(out)
        }
        ListFormat::Csv => {
            let mut writer = csv::Writer::from_writer(out);
            writer.write_record(["group", "id", "path", "status", "client", "title"])?;
            for (number, group) in groups.iter().enumerate() {
                for &i in &group.leads {
                    let r = &records[i];
                    let cells = [&r.id, &r.path, &r.lead.status, &r.lead.client, &r.lead.title].map(|c| inert_cell(c));
                    writer.write_record(std::iter::once((number + 1).to_string()).chain(cells))?;
                }
            }
            writer.flush()
        }
        ListFormat::Table => {
            for (number, group) in groups.iter().enumerate() {
                let client = group.pairs.first().map_or("", |m| m.reason.client.as_str());
                writeln!(out, "group {} ({client}): {} leads", number + 1, group.leads.len())?;
                for &i in &group.leads {
                    let r = &records[i];
                    let [id, status, path, title] = [&r.id, &r.lead.status, &r.path, &r.lead.title].map(|t| visible(t));
                    writeln!(out, "  {id}  {status}  {path}  {title}")?;
                }
            }
            let leads: usize = groups.iter().map(|g| g.leads.len()).sum();
            writeln!(out, "{} groups of possible duplicates, {leads} leads", groups.len())
        }
    }
}

/// A spreadsheet would run a cell that starts with `= + - @` as a formula.
fn inert_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}
