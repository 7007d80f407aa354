use std::io::{self, Write};

use serde::Serialize;

use super::{day, short};
use crate::attribution::{Event, EventKind, LeadHistory};
use crate::identity::Person;
use crate::lead::Lead;
use crate::render::{Printer, amount, count, line_start, terminal};

fn names(people: &[Person]) -> String {
    if people.is_empty() {
        return "nobody (no credit)".to_owned();
    }
    terminal(&people.iter().map(|p| &*p.name).collect::<Vec<_>>().join(", ")).into_owned()
}

/// Every lead with its spotters and status changes, for people.
pub struct HistoryText;

/// One lead, for a person to read: what it is, then spotters (and any disagreement with
/// history) and timeline.
pub struct ShowText;

/// One lead as `show` gives it: the lead file as it is now (`null` when it is gone or does not
/// read as a lead) and its history. JSON: the history's fields, and `lead`.
#[derive(Debug, Serialize)]
pub struct Shown<'a> {
    /// The lead file as it is now; `None` (JSON `null`) when it is gone or does not read as a lead.
    pub lead: Option<&'a Lead>,
    /// Its spotters, renames and timeline; in JSON these fields sit beside `lead`.
    #[serde(flatten)]
    pub history: &'a LeadHistory,
}

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

impl Printer<Shown<'_>> for ShowText {
    fn print(&self, shown: &Shown<'_>, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", line_start(&shown.history.id))?;
        if let Some(lead) = shown.lead {
            print_lead(lead, out)?;
        }
        print_show(shown.history, out)
    }
}

/// The lead's own fields, those a reader acts on first; empty ones are left out.
fn print_lead(lead: &Lead, out: &mut dyn Write) -> io::Result<()> {
    let field =
        |out: &mut dyn Write, name: &str, value: &str| writeln!(out, "  {:<12}{}", format!("{name}:"), terminal(value));
    field(out, "title", &lead.title)?;
    field(out, "client", &lead.client)?;
    field(out, "summary", &lead.summary)?;
    field(out, "spotted on", &lead.spotted_on.to_string())?;
    if let Some(value) = lead.estimated_value {
        field(out, "value", format!("{} {}", amount(value), lead.currency.as_deref().unwrap_or("")).trim_end())?;
    }
    if let Some(close) = lead.expected_close {
        field(out, "closes", &format!("{close} (expected)"))?;
    }
    if let Some(owner) = &lead.owner {
        field(out, "owner", owner)?;
    }
    match (&lead.next_step, lead.next_step_due) {
        (Some(step), Some(due)) => field(out, "next step", &format!("{step} (due {due})"))?,
        (Some(step), None) => field(out, "next step", step)?,
        (None, Some(due)) => field(out, "next step", &format!("due {due}"))?,
        (None, None) => {}
    }
    let optional = [
        ("contact", &lead.contact_role),
        ("source", &lead.source),
        ("kind", &lead.kind),
        ("lost", &lead.lost_reason),
        ("category", &lead.lost_category),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            field(out, name, value)?;
        }
    }
    if !lead.tags.is_empty() {
        field(out, "tags", &lead.tags.join(", "))?;
    }
    Ok(())
}

fn print_show(lead: &LeadHistory, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "  path:       {}", terminal(&lead.path))?;
    writeln!(out, "  status:     {}", terminal(lead.status.as_deref().unwrap_or("?")))?;
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
