//! `leadger advance` and `leadger set`: edits in place that keep comments and layout.

use jiff::civil::Date;
use toml_edit::{DocumentMut, Item, value};

use super::{find_lead, toml_date, validate, write_atomically};
use crate::error::{Error, ErrorKind};
use crate::ledger::{Ledger, read_source};
use crate::lock::FileLock;
use crate::pipeline::Pipeline;
use crate::schema::{LeadSchema, ValueKind};
use crate::suggest::did_you_mean;

#[derive(Debug)]
pub struct Edited {
    pub rel: String,
    /// `field: old → new`, for the user to see what changed.
    pub changes: Vec<String>,
}

/// A lead opened for an edit: locked against other writers until it is dropped.
struct Opened {
    file: crate::ledger::LeadFile,
    doc: DocumentMut,
    style: Style,
    _lock: FileLock,
}

/// How the file was written, kept so an edit changes only the lines it edits: the TOML
/// document drops a byte-order mark and writes `\n` line ends.
#[derive(Debug, Clone, Copy)]
struct Style {
    bom: bool,
    crlf: bool,
}

impl Style {
    fn of(text: &str) -> Style {
        // Only a file with CRLF on every line is written back so; a mixed one gets LF.
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        Style { bom: text.starts_with('\u{feff}'), crlf: lines > 0 && text.matches("\r\n").count() == lines }
    }

    fn apply(self, text: String) -> String {
        let text = if self.crlf { text.replace("\r\n", "\n").replace('\n', "\r\n") } else { text };
        if self.bom && !text.starts_with('\u{feff}') { format!("\u{feff}{text}") } else { text }
    }
}

fn open(ledger: &Ledger, id: &str) -> Result<Opened, Error> {
    let file = find_lead(ledger, id)?;
    // Read under the lock, so that what is written back holds every earlier writer's change.
    let lock = crate::lock::lock(&file.path)?;
    let text = read_source(&file.path).map_err(|source| {
        let help = source.help();
        ErrorKind::Unreadable { path: file.rel.clone(), source }.hinted(help)
    })?;
    let style = Style::of(&text);
    let doc = text.trim_start_matches('\u{feff}').parse::<DocumentMut>().map_err(|e| {
        ErrorKind::InvalidLead {
            path: file.rel.clone(),
            problems: vec![format!("it is not valid TOML now ({})", e.message())],
        }
        .hinted("fix it by hand first; `leadger check` says where the problem is")
    })?;
    Ok(Opened { file, doc, style, _lock: lock })
}

fn shown(item: Option<&Item>) -> String {
    match item.and_then(Item::as_value) {
        Some(toml_edit::Value::String(s)) => s.value().clone(),
        Some(other) => other.to_string().trim().to_owned(),
        None => "(none)".to_owned(),
    }
}

fn save(ledger: &Ledger, schema: &LeadSchema, opened: &Opened, today: Date) -> Result<(), Error> {
    let mut text = opened.doc.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let text = opened.style.apply(text);
    validate(ledger, schema, &opened.file.rel, &text, today)?;
    write_atomically(&opened.file.path, &text)
}

/// Whether moving from `from` to `to` goes backwards: to an earlier open stage, or out of a
/// closed stage (reopening).
fn is_backwards(pipeline: &Pipeline, from: &str, to: &str) -> bool {
    let closed = |s: &str| pipeline.stage(s).is_some_and(|s| s.is_closed());
    match (pipeline.rank(from), pipeline.rank(to)) {
        _ if closed(from) => true,
        (Some(a), Some(b)) => b < a && !closed(to),
        _ => false,
    }
}

/// Moves a lead to `stage`. Lost and dropped need a reason; backwards needs `force`.
pub fn advance(
    ledger: &Ledger,
    schema: &LeadSchema,
    id: &str,
    stage: &str,
    reason: Option<&str>,
    force: bool,
    today: Date,
) -> Result<Edited, Error> {
    let pipeline = &ledger.config.pipeline;
    if pipeline.stage(stage).is_none() {
        let error = ErrorKind::UnknownStage { stage: stage.to_owned() };
        return Err(match crate::suggest::closest(stage, pipeline.names()) {
            Some(suggestion) => error.hinted(did_you_mean(suggestion)),
            None => error.hinted(format!("the stages are: {}", pipeline.names().collect::<Vec<_>>().join(", "))),
        });
    }
    let mut opened = open(ledger, id)?;
    let doc = &mut opened.doc;
    let from = doc.get("status").and_then(Item::as_str).unwrap_or_default().to_owned();
    if from == stage {
        return Err(ErrorKind::AlreadyThere { id: id.to_owned(), stage: stage.to_owned() }.into());
    }
    let needs_reason = pipeline.needs_reason().any(|s| s == stage);
    if needs_reason && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(ErrorKind::NeedsReason { stage: stage.to_owned() }
            .hinted("say why with --reason \"…\" (it becomes lost_reason)"));
    }
    if !force && is_backwards(pipeline, &from, stage) {
        return Err(ErrorKind::Backwards { id: id.to_owned(), from, to: stage.to_owned() }
            .hinted("if that is what happened, run the command again with --force"));
    }
    let mut changes = vec![format!("status: {from} → {stage}")];
    // Only the value is replaced, so a comment after it stays.
    set_value(doc, "status", value(stage));
    if let Some(reason) = reason.filter(|_| needs_reason) {
        changes.push(format!("lost_reason: {} → {reason}", shown(doc.get("lost_reason"))));
        set_value(doc, "lost_reason", value(reason));
    }
    save(ledger, schema, &opened, today)?;
    Ok(Edited { rel: opened.file.rel, changes })
}

/// Replaces a value in place, keeping the decoration (comments, spacing) around it.
fn set_value(doc: &mut DocumentMut, key: &str, new: Item) {
    match doc.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            let decor = old.decor().clone();
            if let Ok(v) = new.into_value() {
                *old = v;
                *old.decor_mut() = decor;
            }
        }
        None => doc[key] = new,
    }
}

/// Sets `KEY=VALUE` pairs, typed by the schema; an empty value removes the key.
pub fn set(ledger: &Ledger, schema: &LeadSchema, id: &str, pairs: &[String], today: Date) -> Result<Edited, Error> {
    let mut opened = open(ledger, id)?;
    let doc = &mut opened.doc;
    let mut changes = Vec::new();
    for pair in pairs {
        let (key, raw) = pair.split_once('=').ok_or_else(|| {
            ErrorKind::NotKeyValue { pair: pair.clone() }
                .hinted("write each change as KEY=VALUE, for example `next_step=Call the CFO`; KEY= removes a field")
        })?;
        let key = key.trim();
        let kind = schema.value_kind(key).ok_or_else(|| {
            let error = ErrorKind::UnknownField { key: key.to_owned() };
            match crate::suggest::closest(key, schema.fields()) {
                Some(suggestion) => error.hinted(did_you_mean(suggestion)),
                None => error.hinted("see schema/lead.schema.json for the fields of a lead"),
            }
        })?;
        let before = shown(doc.get(key));
        if raw.is_empty() {
            doc.remove(key);
            changes.push(format!("{key}: {before} → (removed)"));
            continue;
        }
        let bad = |expected: &str, hint: &str| {
            ErrorKind::BadValue { key: key.to_owned(), value: raw.to_owned(), expected: expected.into() }.hinted(hint)
        };
        let new = match kind {
            ValueKind::Text => value(raw),
            ValueKind::Number => match raw.parse::<i64>() {
                Ok(i) => value(i),
                Err(_) => {
                    value(raw.parse::<f64>().map_err(|_| bad("a number", "write digits only, for example 120000"))?)
                }
            },
            ValueKind::Date => Item::Value(toml_date(
                raw.parse::<Date>().map_err(|_| bad("a date (YYYY-MM-DD)", "write the date as 2026-11-03, say"))?,
            )),
            ValueKind::List => {
                value(raw.split(',').map(str::trim).filter(|s| !s.is_empty()).collect::<toml_edit::Array>())
            }
        };
        set_value(doc, key, new);
        changes.push(format!("{key}: {before} → {}", shown(doc.get(key))));
    }
    save(ledger, schema, &opened, today)?;
    Ok(Edited { rel: opened.file.rel, changes })
}
