//! The checks of one lead file: readable, valid TOML, valid against the schema, sound dates,
//! a valid id and no contact data.

use std::sync::Arc;

use jiff::civil::Date;

use super::{dates, ids, privacy};
use crate::config::PrivacySettings;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ledger::{Document, LeadFile, LoadError, ValueRef, read_source};
use crate::schema::LeadSchema;

/// What checking one lead file takes besides its text.
pub struct FileContext<'a> {
    /// The schema the lead must satisfy.
    pub schema: &'a LeadSchema,
    /// The day taken as today: a `spotted_on` after it is a `future-date` error.
    pub today: Date,
    /// Which contact data lead files may hold (`[privacy]` in `leadger.toml`).
    pub privacy: &'a PrivacySettings,
}

pub struct FileResult {
    pub diagnostics: Vec<Diagnostic>,
    /// The text, when it could be read: diagnostics show snippets of it.
    pub source: Option<Arc<str>>,
}

pub fn check_file(file: &LeadFile, cx: &FileContext) -> FileResult {
    let path = file.rel.as_str();
    let mut out: Vec<Diagnostic> = ids::check_id(file).into_iter().collect();
    let text = match read_source(&file.path) {
        Ok(text) => text,
        Err(e) => {
            out.push(load_error(path, &e));
            return FileResult { diagnostics: out, source: None };
        }
    };
    out.extend(check_text(path, &text, cx));
    FileResult { diagnostics: out, source: Some(text.into()) }
}

/// The checks of one lead's text, which need neither the file nor the rest of the ledger:
/// also what authoring commands run before they write.
pub fn check_text(path: &str, text: &str, cx: &FileContext) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let doc = match Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            out.push(
                Diagnostic::at(path, text, e.span, Severity::Error, Code::TomlSyntax, e.message)
                    .with_help("this is not valid TOML; compare with a lead that passes, or see https://toml.io"),
            );
            return out;
        }
    };

    // A quoted date is a string in TOML and in JSON alike, so the schema cannot tell it from
    // a real date: catch it here, and let the schema skip those fields.
    let mut skip = Vec::new();
    let mut written_dates = Vec::new();
    for (key, located, value) in doc.top_level() {
        if !cx.schema.is_date_field(key) {
            continue;
        }
        match value {
            ValueRef::String(s) => {
                skip.push(key.to_owned());
                out.push(dates::quoted_date(path, text, key, s, located.value));
            }
            ValueRef::Datetime(d) => {
                if let Ok(date) = d.parse::<Date>() {
                    written_dates.push((key.to_owned(), date, located.value));
                }
            }
            ValueRef::Other => {}
        }
    }
    let instance = doc.to_json();
    out.extend(cx.schema.validate(&instance, &doc, text, path, &skip));
    out.extend(dates::check(path, text, &written_dates, cx.today));
    out.extend(privacy::check(path, text, &doc, cx.privacy));
    // What passes `check` is never left out of `list` and `report`. The built-in schema
    // admits only what the lead model reads; a ledger's own schema may admit more.
    if cx.schema.own && !out.iter().any(|d| d.severity == Severity::Error) {
        out.extend(readable_as_lead(path, text));
    }
    out
}

fn readable_as_lead(path: &str, text: &str) -> Option<Diagnostic> {
    let e = toml::from_str::<crate::lead::Lead>(text).err()?;
    let span = e.span().unwrap_or(0..0);
    Some(
        Diagnostic::at(path, text, span, Severity::Error, Code::WrongType, e.message().trim_end())
            .with_help("the ledger's schema allows what leadger cannot read as a lead; keep the built-in field types"),
    )
}

fn load_error(path: &str, e: &LoadError) -> Diagnostic {
    let code = match e {
        LoadError::TooLarge { .. } => Code::FileTooLarge,
        LoadError::NotUtf8 { .. } => Code::NotUtf8,
        LoadError::NotRegular(_) | LoadError::Io(_) => Code::Unreadable,
    };
    Diagnostic::file(path, Severity::Error, code, e.to_string()).with_help(e.help())
}
