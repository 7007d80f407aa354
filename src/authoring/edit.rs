//! `leadger advance` and `leadger set`: edits in place that keep comments and layout.

use jiff::civil::Date;
use toml_edit::{DocumentMut, Item, value};

use super::commit::CommitOptions;
use super::{find_lead, toml_date, validate, write_atomically};
use crate::error::{Error, ErrorKind};
use crate::ledger::{Ledger, read_source};
use crate::lock::FileLock;
use crate::pipeline::Pipeline;
use crate::schema::{LeadSchema, ValueKind};
use crate::suggest::did_you_mean;

/// What `advance` or `set` changed in a lead, and the commit made of it.
#[derive(Debug)]
pub struct Edited {
    /// The lead file's path relative to the ledger root, `/`-separated.
    pub rel: String,
    /// `field: old → new`, for the user to see what changed.
    pub changes: Vec<String>,
    /// The commit made, with `--commit`.
    pub commit: Option<git2::Oid>,
    /// The branch it was made on, when one was created.
    pub branch: Option<String>,
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

/// Checks and writes the edited lead, then commits it when asked; nothing is written when
/// either would refuse. The lead stays locked until the commit is made.
fn save(
    ledger: &Ledger,
    schema: &LeadSchema,
    opened: Opened,
    changes: Vec<String>,
    options: &EditOptions,
    subject: &str,
) -> Result<Edited, Error> {
    let mut text = opened.doc.to_string();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let text = opened.style.apply(text);
    let file = &opened.file;
    validate(ledger, schema, &file.rel, &text, options.today)?;
    let prepared = options.commit.as_ref().map(|c| super::commit::prepare(ledger, &file.path, c)).transpose()?;
    write_atomically(&file.path, &text)?;
    let commit = prepared.map(|p| p.commit(subject)).transpose()?;
    let branch = options.commit.as_ref().and_then(|c| c.branch.clone());
    Ok(Edited { rel: file.rel.clone(), changes, commit, branch })
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

/// The rule for every change of a lead's stage, by `advance` or `set status=…`: the stage
/// must exist, and going backwards or reopening needs `force`.
fn check_move(pipeline: &Pipeline, id: &str, from: &str, to: &str, force: bool) -> Result<(), Error> {
    pipeline.known(to)?;
    if !force && is_backwards(pipeline, from, to) {
        return Err(ErrorKind::Backwards { id: id.to_owned(), from: from.to_owned(), to: to.to_owned() }
            .hinted("if that is what happened, run the command again with --force"));
    }
    Ok(())
}

/// How an edit is made: whether backwards moves are allowed, the day it is checked against,
/// and whether to commit it.
#[derive(Debug, Clone)]
pub struct EditOptions {
    /// Allow moving a lead backwards or reopening it.
    pub force: bool,
    /// "Today", for dates in the future.
    pub today: Date,
    /// Commit the edited file, as `new --commit` does.
    pub commit: Option<CommitOptions>,
}

/// Moves a lead to `stage`. Lost and dropped need a reason; backwards needs `force`.
pub fn advance_lead(
    ledger: &Ledger,
    schema: &LeadSchema,
    id: &str,
    stage: &str,
    reason: Option<&str>,
    options: &EditOptions,
) -> Result<Edited, Error> {
    let pipeline = &ledger.config.pipeline;
    let mut opened = open(ledger, id)?;
    let id = opened.file.id.clone().unwrap_or_default();
    let doc = &mut opened.doc;
    let from = doc.get("status").and_then(Item::as_str).unwrap_or_default().to_owned();
    if from == stage && pipeline.stage(stage).is_some() {
        return Err(ErrorKind::AlreadyThere { id: id.clone(), stage: stage.to_owned() }.hinted(format!(
            "nothing to change; the stages are: {}",
            pipeline.names().collect::<Vec<_>>().join(", ")
        )));
    }
    check_move(pipeline, &id, &from, stage, options.force)?;
    let needs_reason = pipeline.needs_reason().any(|s| s == stage);
    if needs_reason && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(ErrorKind::NeedsReason { stage: stage.to_owned() }
            .hinted("say why with --reason \"…\" (it becomes lost_reason)"));
    }
    let mut changes = vec![format!("status: {from} → {stage}")];
    // Only the value is replaced, so a comment after it stays.
    set_value(doc, "status", value(stage));
    if let Some(reason) = reason.filter(|_| needs_reason) {
        changes.push(format!("lost_reason: {} → {reason}", shown(doc.get("lost_reason"))));
        set_value(doc, "lost_reason", value(reason));
    }
    let subject = format!("Move lead {id}: {from} → {stage}");
    save(ledger, schema, opened, changes, options, &subject)
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

/// What people type for a field, beside its name: `new`'s flag names, with `-` or `_`.
const ALIASES: [(&str, &str); 5] = [
    ("value", "estimated_value"),
    ("tag", "tags"),
    ("reason", "lost_reason"),
    ("due", "next_step_due"),
    ("close", "expected_close"),
];

/// The schema's field that `typed` names: itself, with `-` for `_`, or an alias.
fn field_for<'a>(schema: &'a LeadSchema, typed: &str) -> Option<&'a str> {
    let snake = typed.replace('-', "_");
    let name = ALIASES.iter().find(|(alias, _)| *alias == snake).map_or(snake.as_str(), |(_, field)| field);
    schema.fields().find(|f| *f == name)
}

/// Where a person reads which fields a lead has: the ledger's own schema, the copy `init`
/// wrote for editors, or the documentation of the built-in one.
fn schema_hint(ledger: &Ledger, schema: &LeadSchema) -> String {
    let fields = schema.fields().collect::<Vec<_>>().join(", ");
    let file = match &ledger.config.schema {
        Some(own) => Some(own.clone()),
        None => Some(super::init::EDITOR_SCHEMA.to_owned()).filter(|p| ledger.root.join(p).is_file()),
    };
    match file {
        Some(file) => format!("the fields of a lead are: {fields} (described in {file})"),
        None => format!("the fields of a lead are: {fields} (described in the README's lead format)"),
    }
}

/// A number as people write it, with thousands separators or a currency sign, as digits.
fn plain_number(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(|c| !matches!(c, ',' | '_' | ' ' | '\'' | '€' | '$' | '£')).collect();
    (digits != raw && digits.parse::<f64>().is_ok()).then_some(digits)
}

/// Sets `KEY=VALUE` pairs, typed by the schema; an empty value removes the key.
pub fn set_fields(
    ledger: &Ledger,
    schema: &LeadSchema,
    id: &str,
    pairs: &[String],
    options: &EditOptions,
) -> Result<Edited, Error> {
    let mut opened = open(ledger, id)?;
    let id = opened.file.id.clone().unwrap_or_default();
    let doc = &mut opened.doc;
    let mut changes = Vec::new();
    for pair in pairs {
        let (typed, raw) = pair.split_once('=').ok_or_else(|| {
            ErrorKind::NotKeyValue { pair: pair.clone() }
                .hinted("write each change as KEY=VALUE, for example `next_step=Call the CFO`; KEY= removes a field")
        })?;
        let typed = typed.trim();
        let key = field_for(schema, typed).ok_or_else(|| {
            let error = ErrorKind::UnknownField { key: typed.to_owned() };
            match crate::suggest::closest(typed, schema.fields()) {
                Some(suggestion) => error.hinted(did_you_mean(suggestion)),
                None => error.hinted(schema_hint(ledger, schema)),
            }
        })?;
        let kind = schema.value_kind(key).unwrap_or(ValueKind::Text);
        let before = shown(doc.get(key));
        if raw.is_empty() {
            doc.remove(key);
            changes.push(format!("{key}: {before} → (removed)"));
            continue;
        }
        if key == "status" {
            check_move(&ledger.config.pipeline, &id, &before, raw, options.force)?;
        }
        let bad = |expected: &str, hint: String| {
            ErrorKind::BadValue { key: key.to_owned(), value: raw.to_owned(), expected: expected.into() }.hinted(hint)
        };
        let new = match kind {
            ValueKind::Text => value(raw),
            ValueKind::Number => match raw.parse::<i64>() {
                Ok(i) => value(i),
                Err(_) => value(raw.parse::<f64>().map_err(|_| match plain_number(raw) {
                    Some(digits) => bad("a number", format!("write digits only, without separators: {key}={digits}")),
                    None => bad("a number", format!("write digits only, for example {key}=120000")),
                })?),
            },
            ValueKind::Date => Item::Value(toml_date(raw.parse::<Date>().map_err(|_| {
                bad("a date (YYYY-MM-DD)", format!("write the date as year-month-day, for example {key}=2026-11-03"))
            })?)),
            ValueKind::List => {
                value(raw.split(',').map(str::trim).filter(|s| !s.is_empty()).collect::<toml_edit::Array>())
            }
        };
        set_value(doc, key, new);
        changes.push(format!("{key}: {before} → {}", shown(doc.get(key))));
    }
    let subject = format!(
        "Update lead {id}: {}",
        changes.iter().filter_map(|c| c.split(':').next()).collect::<Vec<_>>().join(", ")
    );
    save(ledger, schema, opened, changes, options, &subject)
}
