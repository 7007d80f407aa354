//! A parsed lead file that remembers where every key and value came from.
//!
//! Validation runs on a JSON instance, but diagnostics must point into the TOML text, so the
//! document keeps toml's spanned tree and answers "where is `/tags/2`?" on demand. Nothing
//! is precomputed: a valid file (the common case) never pays for span lookups.

use std::ops::Range;

use serde_json::{Map, Number, Value};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A lead file's TOML, parsed, that can say where each key and value is in the text, so that
/// diagnostics point at them.
pub struct Document<'a> {
    root: Spanned<DeTable<'a>>,
}

/// What a top-level value was written as, for checks the JSON instance cannot see
/// (a date written as a quoted string looks the same as a real date once in JSON).
#[derive(Debug, Clone, PartialEq)]
pub enum ValueRef<'d> {
    String(&'d str),
    Datetime(String),
    Other,
}

/// Where a value sits in the text: its key (absent for array items) and the value itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    pub key: Option<Range<usize>>,
    pub value: Range<usize>,
}

/// A TOML syntax error, with the byte range it points at.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub span: Range<usize>,
}

impl<'a> Document<'a> {
    /// Parses `text`; the error gives the message and byte range of the first syntax error, or of an
    /// integer past 64 bits.
    pub fn parse(text: &'a str) -> Result<Self, SyntaxError> {
        let root = DeTable::parse(text)
            .map_err(|e| SyntaxError { message: e.message().trim_end().to_owned(), span: e.span().unwrap_or(0..0) })?;
        // TOML integers are 64-bit and this parser does not check it, while the strict one
        // that `list` and `report` read leads with does: a lead must not pass one and fail
        // the other.
        if let Some(span) = root.get_ref().values().find_map(too_big) {
            return Err(SyntaxError { message: "this integer does not fit in 64 bits".to_owned(), span });
        }
        Ok(Document { root })
    }

    /// The instance that JSON Schema validates. Dates and times become RFC 3339 strings,
    /// as taplo does, so editors and `check` agree.
    pub fn to_json(&self) -> Value {
        table_to_json(self.root.get_ref())
    }

    /// The top-level keys in file order, with spans and how each value was written.
    pub fn top_level(&self) -> impl Iterator<Item = (&str, Located, ValueRef<'_>)> {
        self.root.get_ref().iter().map(|(key, value)| {
            let written = match value.get_ref() {
                DeValue::String(s) => ValueRef::String(s),
                DeValue::Datetime(d) => ValueRef::Datetime(d.to_string()),
                _ => ValueRef::Other,
            };
            let located = Located { key: Some(key.span()), value: value.span() };
            (key.get_ref().as_ref(), located, written)
        })
    }

    /// The span of the value at a JSON pointer's segments (`["tags", "2"]`).
    pub fn locate<'s>(&self, segments: impl IntoIterator<Item = &'s str>) -> Option<Located> {
        let mut located = Located { key: None, value: self.root.span() };
        let mut current: Option<&DeValue<'a>> = None;
        for segment in segments {
            let next = match current {
                None => find_key(self.root.get_ref(), segment),
                Some(DeValue::Table(table)) => find_key(table, segment),
                Some(DeValue::Array(items)) => {
                    let item = items.get(segment.parse::<usize>().ok()?)?;
                    Some((None, item))
                }
                Some(_) => None,
            }?;
            located = Located { key: next.0, value: next.1.span() };
            current = Some(next.1.get_ref());
        }
        Some(located)
    }

    /// Every string value with its key path (`tags[1]`) and span, in file order.
    pub fn strings(&self) -> Vec<(String, &str, Range<usize>)> {
        let mut out = Vec::new();
        for (key, value) in self.root.get_ref() {
            collect_strings(key.get_ref().to_string(), value, &mut out);
        }
        out
    }
}

type Entry<'t, 'a> = (Option<Range<usize>>, &'t Spanned<DeValue<'a>>);

fn find_key<'t, 'a>(table: &'t DeTable<'a>, name: &str) -> Option<Entry<'t, 'a>> {
    table.iter().find(|(key, _)| key.get_ref() == name).map(|(key, value)| (Some(key.span()), value))
}

fn collect_strings<'t>(path: String, value: &'t Spanned<DeValue<'_>>, out: &mut Vec<(String, &'t str, Range<usize>)>) {
    match value.get_ref() {
        DeValue::String(s) => out.push((path, s.as_ref(), value.span())),
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_strings(format!("{path}[{i}]"), item, out);
            }
        }
        DeValue::Table(table) => {
            for (key, item) in table {
                collect_strings(format!("{path}.{}", key.get_ref()), item, out);
            }
        }
        _ => {}
    }
}

/// Where the first integer out of the 64-bit range is, in file order.
fn too_big(value: &Spanned<DeValue<'_>>) -> Option<Range<usize>> {
    match value.get_ref() {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).is_err().then(|| value.span()),
        DeValue::Array(items) => items.iter().find_map(too_big),
        DeValue::Table(table) => table.values().find_map(too_big),
        _ => None,
    }
}

fn table_to_json(table: &DeTable<'_>) -> Value {
    let map: Map<String, Value> =
        table.iter().map(|(key, value)| (key.get_ref().to_string(), to_json(value.get_ref()))).collect();
    Value::Object(map)
}

fn to_json(value: &DeValue<'_>) -> Value {
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Number(n.into()),
            // Out of i64 range: TOML does not allow it either, but keep the magnitude.
            Err(_) => float(i.as_str().parse().unwrap_or(f64::NAN)),
        },
        DeValue::Float(f) => float(f.as_str().parse().unwrap_or(f64::NAN)),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => Value::Array(items.iter().map(|v| to_json(v.get_ref())).collect()),
        DeValue::Table(table) => table_to_json(table),
    }
}

/// JSON has no NaN or infinity; they become null, which no numeric field accepts.
fn float(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "title = \"T\"\nspotted_on = 2026-11-03\nvalue = 0x10\ntags = [\"a\", \"b\"]\n[extra]\nx = 1.5\n";

    #[test]
    fn json_instance_converts_dates_to_strings() {
        let doc = Document::parse(TEXT).unwrap();
        assert_eq!(
            doc.to_json(),
            serde_json::json!({"title": "T", "spotted_on": "2026-11-03", "value": 16, "tags": ["a", "b"], "extra": {"x": 1.5}})
        );
    }

    #[test]
    fn locate_finds_keys_and_array_items() {
        let doc = Document::parse(TEXT).unwrap();
        let tag = doc.locate(["tags", "1"]).unwrap();
        assert_eq!(&TEXT[tag.value], "\"b\"");
        let x = doc.locate(["extra", "x"]).unwrap();
        assert_eq!(&TEXT[x.key.unwrap()], "x");
        assert!(doc.locate(["tags", "7"]).is_none());
    }

    #[test]
    fn syntax_error_has_a_span() {
        let err = Document::parse("title = \n").err().unwrap();
        assert!(err.span.start >= 7, "{err:?}");
    }
}
