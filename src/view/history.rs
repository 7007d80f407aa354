use std::io::{self, Write};

use super::{day, short};
use crate::attribution::{Event, EventKind, LeadHistory};
use crate::identity::Person;
use crate::render::{Printer, count, line_start, terminal};

fn names(people: &[Person]) -> String {
    if people.is_empty() {
        return "nobody (no credit)".to_owned();
    }
    terminal(&people.iter().map(|p| &*p.name).collect::<Vec<_>>().join(", ")).into_owned()
}

/// Every lead with its spotters and status changes, for people.
pub struct HistoryText;

/// One lead, for a person to read: spotters (and any disagreement with history) and timeline.
pub struct ShowText;

impl Printer<[LeadHistory]> for HistoryText {
    fn print(&self, leads: &[LeadHistory], out: &mut dyn Write) -> io::Result<()> {
        for lead in leads {
            let status = terminal(lead.status.as_deref().unwrap_or("?"));
            writeln!(out, "{} ({status}) {}", line_start(&lead.id), terminal(&lead.path))?;
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
                    terminal(&t.from),
                    terminal(&t.to),
                    terminal(&t.stamp.author.name),
                    day(t.stamp.time),
                    short(&t.stamp.commit)
                )?;
            }
        }
        writeln!(out, "{}", count(leads.len(), "lead"))
    }
}

fn describe(event: &Event) -> String {
    let detail = event.detail();
    let what = match detail.kind {
        EventKind::Created => "created".to_owned(),
        EventKind::Restored => "restored".to_owned(),
        EventKind::Modified => "edited".to_owned(),
        EventKind::Moved { from, .. } => format!("moved from {}", terminal(from)),
        EventKind::Renamed { from_id, .. } => format!("renamed from `{}`", terminal(from_id)),
        EventKind::Deleted => "deleted".to_owned(),
    };
    let changes: Vec<String> = detail
        .fields
        .iter()
        .map(|c| match (&c.from, &c.to) {
            (Some(from), Some(to)) if !from.contains('\n') && !to.contains('\n') && from.len() + to.len() < 80 => {
                format!("{}: {} → {}", terminal(c.field), terminal(from), terminal(to))
            }
            (None, Some(_)) => format!("{} added", terminal(c.field)),
            (Some(_), None) => format!("{} removed", terminal(c.field)),
            _ => format!("{} changed", terminal(c.field)),
        })
        .collect();
    let ignored = if event.ignored { " [ignored revision]" } else { "" };
    if changes.is_empty() { format!("{what}{ignored}") } else { format!("{what}: {}{ignored}", changes.join("; ")) }
}

impl Printer<LeadHistory> for ShowText {
    fn print(&self, lead: &LeadHistory, out: &mut dyn Write) -> io::Result<()> {
        print_show(lead, out)
    }
}

fn print_show(lead: &LeadHistory, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{}", line_start(&lead.id))?;
    writeln!(out, "  path:    {}", terminal(&lead.path))?;
    writeln!(out, "  status:  {}", terminal(lead.status.as_deref().unwrap_or("?")))?;
    if lead.uncommitted {
        writeln!(out, "  not committed yet: history gives it no spotter until it is")?;
        return Ok(());
    }
    let people = |people: &[Person]| {
        people.iter().map(|p| format!("{} <{}>", terminal(&p.name), terminal(&p.email))).collect::<Vec<_>>().join(", ")
    };
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
            terminal(&event.stamp.author.name),
            describe(event)
        )?;
    }
    Ok(())
}
