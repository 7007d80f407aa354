use std::io::{self, Write};

use serde::Serialize;

use super::{day, short};
use crate::attribution::{Event, EventKind, LeadHistory};
use crate::identity::Person;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum HistoryFormat {
    Human,
    Json,
}

fn names(people: &[Person]) -> String {
    if people.is_empty() {
        return "nobody (no credit)".to_owned();
    }
    people.iter().map(|p| &*p.name).collect::<Vec<_>>().join(", ")
}

pub fn print_history(leads: &[LeadHistory], format: HistoryFormat, out: &mut dyn Write) -> io::Result<()> {
    match format {
        HistoryFormat::Json => {
            // serde_json writes token by token, and through `dyn Write` every token was a
            // virtual call (about 15 % of a warm run's samples at 10k leads). A concrete buffer
            // inlines them.
            let mut buffered = io::BufWriter::with_capacity(1 << 16, &mut *out);
            serde_json::to_writer_pretty(&mut buffered, &leads)?;
            writeln!(buffered)?;
            buffered.flush()
        }
        HistoryFormat::Human => {
            for lead in leads {
                let status = lead.status.as_deref().unwrap_or("?");
                writeln!(out, "{} ({status}) {}", lead.id, lead.path)?;
                match &lead.created {
                    Some(created) => writeln!(
                        out,
                        "  spotted by {} on {} ({})",
                        names(&lead.spotters),
                        day(created.time),
                        short(&created.commit)
                    )?,
                    None => writeln!(out, "  not committed yet: no spotter until it is")?,
                }
                for t in &lead.transitions {
                    let note = if t.credited { "" } else { " (no credit)" };
                    writeln!(
                        out,
                        "  {} → {} by {} on {} ({}){note}",
                        t.from,
                        t.to,
                        t.stamp.author.name,
                        day(t.stamp.time),
                        short(&t.stamp.commit)
                    )?;
                }
            }
            writeln!(out, "{} leads", leads.len())
        }
    }
}

fn describe(event: &Event) -> String {
    let detail = event.detail();
    let what = match detail.kind {
        EventKind::Created => "created".to_owned(),
        EventKind::Restored => "restored".to_owned(),
        EventKind::Modified => "edited".to_owned(),
        EventKind::Moved { from } => format!("moved from {from}"),
        EventKind::Renamed { from_id, .. } => format!("renamed from `{from_id}`"),
        EventKind::Deleted => "deleted".to_owned(),
    };
    let changes: Vec<String> = detail
        .fields
        .iter()
        .map(|c| match (&c.from, &c.to) {
            (Some(from), Some(to)) if !from.contains('\n') && !to.contains('\n') && from.len() + to.len() < 80 => {
                format!("{}: {from} → {to}", c.field)
            }
            (None, Some(_)) => format!("{} added", c.field),
            (Some(_), None) => format!("{} removed", c.field),
            _ => format!("{} changed", c.field),
        })
        .collect();
    let ignored = if event.ignored { " [ignored revision]" } else { "" };
    if changes.is_empty() { format!("{what}{ignored}") } else { format!("{what}: {}{ignored}", changes.join("; ")) }
}

#[derive(Serialize)]
struct Show<'a> {
    #[serde(flatten)]
    lead: &'a LeadHistory,
}

/// One lead, for a person to read: spotters (and any disagreement with history) and timeline.
pub fn print_show(lead: &LeadHistory, format: HistoryFormat, out: &mut dyn Write) -> io::Result<()> {
    if format == HistoryFormat::Json {
        serde_json::to_writer_pretty(&mut *out, &Show { lead })?;
        return writeln!(out);
    }
    writeln!(out, "{}", lead.id)?;
    writeln!(out, "  path:    {}", lead.path)?;
    writeln!(out, "  status:  {}", lead.status.as_deref().unwrap_or("?"))?;
    if lead.uncommitted {
        writeln!(out, "  not committed yet: history gives it no spotter until it is")?;
        return Ok(());
    }
    let people =
        |people: &[Person]| people.iter().map(|p| format!("{} <{}>", p.name, p.email)).collect::<Vec<_>>().join(", ");
    let source = if lead.spotted_by_field { "from spotted_by" } else { "from history" };
    writeln!(
        out,
        "  spotted by: {} ({source})",
        if lead.spotters.is_empty() { "nobody".into() } else { people(&lead.spotters) }
    )?;
    if lead.spotted_by_field && lead.spotters != lead.history_spotters {
        writeln!(
            out,
            "  note: history credits {} (the creating commit); spotted_by wins",
            people(&lead.history_spotters)
        )?;
    }
    writeln!(out, "  timeline:")?;
    for event in &lead.events {
        writeln!(
            out,
            "    {}  {}  {:<20}  {}",
            day(event.stamp.time),
            short(&event.stamp.commit),
            event.stamp.author.name,
            describe(event)
        )?;
    }
    Ok(())
}
