//! `leadger advance` and `leadger set`: edits in place that keep comments and layout.

use jiff::civil::Date;
use toml_edit::{DocumentMut, Item, value};

use super::{find_lead, toml_date, validate, write_atomically};
use crate::error::Error;
use crate::ledger::{Ledger, read_source};
use crate::lock::FileLock;
use crate::pipeline::Pipeline;
use crate::schema::{LeadSchema, ValueKind};

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
    let text = read_source(&file.path).map_err(|e| Error::Usage(format!("cannot edit {}: {e}", file.rel)))?;
    let style = Style::of(&text);
    let doc = text.trim_start_matches('\u{feff}').parse::<DocumentMut>().map_err(|e| Error::InvalidLead {
        path: file.rel.clone(),
        problems: vec![format!("it is not valid TOML now ({}); fix it by hand first", e.message())],
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
        return Err(Error::UnknownStage {
            stage: stage.to_owned(),
            stages: pipeline.names().map(str::to_owned).collect(),
            suggestion: crate::suggest::closest(stage, pipeline.names()).map(str::to_owned),
        });
    }
    let mut opened = open(ledger, id)?;
    let doc = &mut opened.doc;
    let from = doc.get("status").and_then(Item::as_str).unwrap_or_default().to_owned();
    if from == stage {
        return Err(Error::Usage(format!("`{id}` is already at `{stage}`")));
    }
    let needs_reason = pipeline.needs_reason().any(|s| s == stage);
    if needs_reason && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(Error::NeedsReason { stage: stage.to_owned() });
    }
    if !force && is_backwards(pipeline, &from, stage) {
        return Err(Error::Backwards { id: id.to_owned(), from, to: stage.to_owned() });
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
        let (key, raw) = pair.split_once('=').ok_or_else(|| Error::Usage(format!("`{pair}` is not KEY=VALUE")))?;
        let key = key.trim();
        let kind = schema.value_kind(key).ok_or_else(|| Error::UnknownField {
            key: key.to_owned(),
            suggestion: crate::suggest::closest(key, schema.fields()).map(str::to_owned),
        })?;
        let before = shown(doc.get(key));
        if raw.is_empty() {
            doc.remove(key);
            changes.push(format!("{key}: {before} → (removed)"));
            continue;
        }
        let bad =
            |expected: &str| Error::BadValue { key: key.to_owned(), value: raw.to_owned(), expected: expected.into() };
        let new = match kind {
            ValueKind::Text => value(raw),
            ValueKind::Number => match raw.parse::<i64>() {
                Ok(i) => value(i),
                Err(_) => value(raw.parse::<f64>().map_err(|_| bad("a number"))?),
            },
            ValueKind::Date => Item::Value(toml_date(raw.parse::<Date>().map_err(|_| bad("a date (YYYY-MM-DD)"))?)),
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
