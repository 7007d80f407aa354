//! `leadger list --duplicates`: the groups of possible duplicates, one format per reader.

use std::io::{self, Write};

use serde::Serialize;

use crate::duplicates::{DuplicateGroup, Field};
use crate::lead_records::LeadRecord;
use crate::render::{Json, Printer, count, one_line, spreadsheet_cell, terminal};

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

/// The groups of possible duplicates in a ledger, with the leads they index into.
pub struct DuplicateGroups<'a> {
    /// The ledger's leads.
    pub records: &'a [LeadRecord],
    /// Groups of indices into `records`.
    pub groups: &'a [DuplicateGroup],
}

/// One group a paragraph, for people.
pub struct DuplicatesText;

/// Each group's leads and the pairs that tie them, for programs.
pub struct DuplicatesJson;

/// One row a lead, numbered by group, for spreadsheets.
pub struct DuplicatesCsv;

impl Printer<DuplicateGroups<'_>> for DuplicatesJson {
    fn print(&self, value: &DuplicateGroups<'_>, out: &mut dyn Write) -> io::Result<()> {
        let (records, groups) = (value.records, value.groups);
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
        Json.print(&json, out)
    }
}

impl Printer<DuplicateGroups<'_>> for DuplicatesCsv {
    fn print(&self, value: &DuplicateGroups<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(["group", "id", "path", "status", "client", "title"])?;
        for (number, group) in value.groups.iter().enumerate() {
            for &i in &group.leads {
                let r = &value.records[i];
                let cells =
                    [&r.id, &r.path, &r.lead.status, &r.lead.client, &r.lead.title].map(|c| spreadsheet_cell(c));
                writer.write_record(
                    std::iter::once((number + 1).to_string().into()).chain(cells).map(|c| c.into_owned()),
                )?;
            }
        }
        writer.flush()
    }
}

impl Printer<DuplicateGroups<'_>> for DuplicatesText {
    fn print(&self, value: &DuplicateGroups<'_>, out: &mut dyn Write) -> io::Result<()> {
        let groups = value.groups;
        for (number, group) in groups.iter().enumerate() {
            let client = group.pairs.first().map_or("", |m| m.reason.client.as_str());
            writeln!(out, "group {} ({}): {}", number + 1, terminal(client), count(group.leads.len(), "lead"))?;
            for &i in &group.leads {
                let r = &value.records[i];
                let [id, status, path, title] = [&r.id, &r.lead.status, &r.path, &r.lead.title].map(|t| one_line(t));
                writeln!(out, "  {id}  {status}  {path}  {title}")?;
            }
        }
        let leads: usize = groups.iter().map(|g| g.leads.len()).sum();
        writeln!(out, "{} of possible duplicates, {}", count(groups.len(), "group"), count(leads, "lead"))
    }
}
