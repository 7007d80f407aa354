//! The lead schema: JSON Schema draft-07, built in or the ledger's own, and the mapping of
//! its errors back onto the TOML text.

use std::path::Path;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::paths::LocationSegment;
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::error::{Error, ErrorKind};
use crate::ledger::{Document, Ledger};
use crate::pipeline::Pipeline;
use crate::suggest;

/// The built-in schema, also shipped as `schema/lead.schema.json` for editors.
pub const BUILTIN: &str = include_str!("../schema/lead.schema.json");

/// What kind of TOML value a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Text,
    Number,
    Date,
    List,
}

/// The built-in schema as JSON, with `status` and the `lost_reason` rule taken from
/// `pipeline`.
pub fn builtin_json(pipeline: &Pipeline) -> Value {
    let mut raw: Value = serde_json::from_str(BUILTIN).expect("the built-in schema is JSON");
    let names = |it: &mut dyn Iterator<Item = &str>| Value::from(it.map(Value::from).collect::<Vec<_>>());
    raw["properties"]["status"]["enum"] = names(&mut pipeline.names());
    let needs_reason: Vec<&str> = pipeline.needs_reason().collect();
    if needs_reason.is_empty() {
        // No stage needs a reason; an empty `enum` is not valid draft-07, so drop the rule.
        raw["allOf"][0] = Value::Object(Default::default());
    } else {
        raw["allOf"][0]["if"]["properties"]["status"]["enum"] = names(&mut needs_reason.into_iter());
    }
    raw
}

/// What to do about a ledger schema that cannot be used.
const SCHEMA_HINT: &str =
    "fix the file named by `schema` in leadger.toml, or remove that key to use the built-in schema";

/// A compiled lead schema: the built-in one with the ledger's stages, or the ledger's own.
pub struct LeadSchema {
    validator: Validator,
    raw: Value,
    /// Top-level fields with `format: date`, looked up for every key of every file.
    date_fields: Vec<String>,
    /// A ledger's own schema may allow what the lead model cannot read.
    pub(crate) own: bool,
}

impl LeadSchema {
    /// The ledger's own schema when its config names one, else the built-in schema with the
    /// ledger's pipeline stages.
    pub fn for_ledger(ledger: &Ledger) -> Result<Self, Error> {
        match &ledger.config.schema {
            Some(rel) => LeadSchema::from_file(&crate::ledger::paths::inside(&ledger.root, Path::new(rel))?),
            None => Ok(LeadSchema::builtin(&ledger.config.pipeline)),
        }
    }

    /// The built-in schema, with `status` and the `lost_reason` rule taken from `pipeline`,
    /// so stages have one source of truth.
    pub fn builtin(pipeline: &Pipeline) -> Self {
        LeadSchema::from_value(builtin_json(pipeline), Path::new("schema/lead.schema.json"))
            .expect("the built-in schema compiles")
    }

    /// The ledger's own schema in `path`; an error, with a hint, when it cannot be read, is not JSON
    /// or is not a valid draft-07 schema.
    pub fn from_file(path: &Path) -> Result<Self, Error> {
        let text = crate::ledger::read_text(path, crate::ledger::MAX_CONFIG_SIZE)
            .map_err(|source| ErrorKind::Load { path: path.to_owned(), source }.hinted(SCHEMA_HINT))?;
        let raw = serde_json::from_str(&text)
            .map_err(|source| ErrorKind::SchemaJson { path: path.to_owned(), source }.hinted(SCHEMA_HINT))?;
        Ok(LeadSchema { own: true, ..LeadSchema::from_value(raw, path)? })
    }

    fn from_value(raw: Value, path: &Path) -> Result<Self, Error> {
        let validator = jsonschema::draft7::options()
            .should_validate_formats(true)
            .build(&raw)
            .map_err(|e| ErrorKind::Schema { path: path.to_owned(), message: e.to_string() }.hinted(SCHEMA_HINT))?;
        let date_fields = raw["properties"]
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, p)| p["format"] == "date")
            .map(|(name, _)| name.clone())
            .collect();
        Ok(LeadSchema { validator, raw, date_fields, own: false })
    }

    /// The top-level fields the schema knows.
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.raw["properties"].as_object().into_iter().flat_map(|p| p.keys().map(String::as_str))
    }

    fn property(&self, name: &str) -> &Value {
        &self.raw["properties"][name]
    }

    /// How a command-line value for a top-level field is typed; `None` for unknown fields.
    pub fn value_kind(&self, name: &str) -> Option<ValueKind> {
        let property = self.property(name);
        if property.is_null() {
            return None;
        }
        Some(match property["type"].as_str() {
            _ if self.is_date_field(name) => ValueKind::Date,
            Some("number" | "integer") => ValueKind::Number,
            Some("array") => ValueKind::List,
            _ => ValueKind::Text,
        })
    }

    /// Whether a top-level field holds a date (`format: date`), so that a quoted date can be
    /// told apart from a real one.
    pub fn is_date_field(&self, name: &str) -> bool {
        self.date_fields.iter().any(|f| f == name)
    }

    /// Validates `instance` (made from `doc`) and turns each error into a diagnostic that
    /// points into `text`. Errors at `skip` pointers were already reported by the caller.
    pub fn validate(
        &self,
        instance: &Value,
        doc: &Document,
        text: &str,
        path: &str,
        skip: &[String],
    ) -> Vec<Diagnostic> {
        if self.validator.is_valid(instance) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for error in self.validator.iter_errors(instance) {
            let segments: Vec<String> = error.instance_path().segments().map(segment).collect();
            if skip.iter().any(|s| segments.first() == Some(s)) {
                continue;
            }
            self.describe(&error, &segments, doc, text, path, &mut out);
        }
        out
    }

    fn describe(
        &self,
        error: &ValidationError,
        segments: &[String],
        doc: &Document,
        text: &str,
        path: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let field = field_name(segments);
        let located = doc.locate(segments.iter().map(String::as_str));
        let value_span = located.as_ref().map(|l| l.value.clone());
        let at = |span: Option<std::ops::Range<usize>>, code: Code, message: String| match span {
            Some(span) => Diagnostic::at(path, text, span, Severity::Error, code, message),
            None => Diagnostic::file(path, Severity::Error, code, message),
        };
        let top = segments.first().map(String::as_str).unwrap_or("");
        let diagnostic = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                out.extend(unexpected.iter().map(|name| self.unknown_field(name, segments, doc, &at)));
                return;
            }
            ValidationErrorKind::Required { property } => {
                let name = property.as_str().unwrap_or_default();
                let (span, help) = self.required_context(error, name, doc, segments);
                let mut d = at(span, Code::MissingField, format!("missing required field `{name}`"));
                d.help = help;
                d
            }
            ValidationErrorKind::Type { kind } => at(
                value_span,
                Code::WrongType,
                format!("`{field}` must be {}, not {}", expected_types(kind), json_type(error.instance())),
            ),
            ValidationErrorKind::Enum { options } => {
                let allowed: Vec<&str> = options.as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                let mut d =
                    at(value_span, Code::InvalidValue, format!("`{field}` must be one of: {}", allowed.join(", ")));
                if let Some(found) = error.instance().as_str() {
                    if let Some(known) = suggest::closest(found, allowed.iter().copied()) {
                        d = d.with_help(suggest::did_you_mean(known));
                    }
                }
                d
            }
            ValidationErrorKind::Format { format } if format == "date" => {
                at(value_span, Code::InvalidDate, format!("`{field}` must be a date without a time"))
                    .with_help(format!("write a TOML date without quotes: {top} = 2026-11-03"))
            }
            ValidationErrorKind::MinLength { limit: 1 } => {
                at(value_span, Code::InvalidValue, format!("`{field}` is empty"))
            }
            ValidationErrorKind::UniqueItems => {
                at(value_span, Code::InvalidValue, format!("`{field}` lists the same item twice"))
            }
            ValidationErrorKind::Pattern { .. } => {
                let d = at(value_span, Code::InvalidValue, format!("`{field}` is not in the expected form"));
                match self.pattern_help(segments) {
                    Some(help) => d.with_help(help),
                    None => d,
                }
            }
            ValidationErrorKind::Not { .. } => {
                let what = if field.is_empty() { "this lead".to_owned() } else { format!("`{field}`") };
                at(value_span, Code::Schema, format!("{what} matches a case the ledger's schema rules out (`not`)"))
                    .with_help("see the `not` rule in the ledger's schema for what is excluded")
            }
            ValidationErrorKind::Format { .. }
            | ValidationErrorKind::MinLength { .. }
            | ValidationErrorKind::MaxLength { .. }
            | ValidationErrorKind::Minimum { .. }
            | ValidationErrorKind::Maximum { .. }
            | ValidationErrorKind::ExclusiveMinimum { .. }
            | ValidationErrorKind::ExclusiveMaximum { .. }
            | ValidationErrorKind::MinItems { .. }
            | ValidationErrorKind::MaxItems { .. }
            | ValidationErrorKind::Constant { .. }
            | ValidationErrorKind::MultipleOf { .. } => {
                at(value_span, Code::InvalidValue, format!("`{field}`: {}", error.masked()))
            }
            _ => at(
                value_span,
                Code::Schema,
                if field.is_empty() { error.masked().to_string() } else { format!("`{field}`: {}", error.masked()) },
            ),
        };
        let diagnostic = match (&diagnostic.help, self.property(top)["description"].as_str()) {
            (None, Some(description)) if !top.is_empty() => diagnostic.with_help(description),
            _ => diagnostic,
        };
        out.push(diagnostic);
    }

    /// A key the schema does not allow; at the top level, the field meant or the fields known.
    fn unknown_field(
        &self,
        name: &str,
        segments: &[String],
        doc: &Document,
        at: &dyn Fn(Option<std::ops::Range<usize>>, Code, String) -> Diagnostic,
    ) -> Diagnostic {
        let mut key = segments.to_vec();
        key.push(name.to_owned());
        let span = doc.locate(key.iter().map(String::as_str)).and_then(|l| l.key);
        let d = at(span, Code::UnknownField, format!("unknown field `{}`", field_name(&key)));
        if !segments.is_empty() {
            return d;
        }
        match suggest::closest(name, self.fields()) {
            Some(known) => d.with_help(suggest::did_you_mean(known)),
            None => d.with_help(format!("known fields: {}", self.fields().collect::<Vec<_>>().join(", "))),
        }
    }

    /// Where to point, and what to say, about a missing field: a conditional requirement
    /// (`if`/`then`, `dependencies`) points at the field that triggered it.
    fn required_context(
        &self,
        error: &ValidationError,
        name: &str,
        doc: &Document,
        segments: &[String],
    ) -> (Option<std::ops::Range<usize>>, Option<String>) {
        let schema_path: Vec<String> = error.schema_path().segments().map(segment).collect();
        let example = self.example(name);
        let add = format!("add a line such as: {name} = {example}");
        let trigger = if let Some(i) = schema_path.iter().position(|s| s == "dependencies") {
            // jsonschema stops the path at `dependencies`: find the present field that needs `name`.
            let pointer = format!("/{}", schema_path[..=i].join("/"));
            let dependencies = self.raw.pointer(&pointer).and_then(Value::as_object);
            dependencies.into_iter().flatten().find_map(|(field, needs)| {
                let needed = needs.as_array().is_some_and(|n| n.iter().any(|n| n == name));
                (needed && error.instance().get(field).is_some()).then(|| field.clone())
            })
        } else if let Some(i) = schema_path.iter().rposition(|s| s == "then") {
            let pointer = format!("/{}/if/properties", schema_path[..i].join("/"));
            self.raw.pointer(&pointer).and_then(Value::as_object).and_then(|p| p.keys().next().cloned())
        } else {
            None
        };
        let Some(trigger) = trigger else {
            return (None, Some(add));
        };
        let mut key = segments.to_vec();
        key.push(trigger.clone());
        let span = doc.locate(key.iter().map(String::as_str)).map(|l| l.value);
        let value = match error.instance().get(&trigger) {
            Some(Value::String(s)) => format!(" is `{s}`"),
            _ => " is set".to_owned(),
        };
        (span, Some(format!("`{name}` is needed because `{trigger}`{value}; {add}")))
    }

    /// The description and an example of the (possibly referenced) schema a value failed.
    fn pattern_help(&self, segments: &[String]) -> Option<String> {
        let property = self.property(segments.first()?);
        let mut schema = if segments.len() > 1 { &property["items"] } else { property };
        let mut description = schema["description"].as_str().or(property["description"].as_str());
        if let Some(reference) = schema["$ref"].as_str().and_then(|r| r.strip_prefix('#')) {
            schema = self.raw.pointer(reference)?;
            description = description.or(schema["description"].as_str());
        }
        let description = description?;
        Some(match schema["examples"].get(0).and_then(Value::as_str) {
            Some(example) => format!("{description} For example: {example}"),
            None => description.to_owned(),
        })
    }

    /// A TOML example value for a field, from the schema's `examples`.
    fn example(&self, name: &str) -> String {
        match self.property(name)["examples"].get(0) {
            Some(Value::String(s)) if self.is_date_field(name) => s.clone(),
            Some(Value::String(s)) => format!("{s:?}"),
            Some(other) => other.to_string(),
            None => "\"…\"".to_owned(),
        }
    }
}

fn segment(s: LocationSegment<'_>) -> String {
    match s {
        LocationSegment::Property(p) => p.into_owned(),
        LocationSegment::Index(i) => i.to_string(),
    }
}

/// `tags[2]`, `extra.x`: how a person would name the value.
fn field_name(segments: &[String]) -> String {
    let mut out = String::new();
    for s in segments {
        if s.parse::<usize>().is_ok() && !out.is_empty() {
            out.push_str(&format!("[{s}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(s);
        }
    }
    out
}

fn expected_types(kind: &TypeKind) -> String {
    let article = |t: String| match t.as_str() {
        "array" | "integer" | "object" => format!("an {t}"),
        "null" => t,
        _ => format!("a {t}"),
    };
    match kind {
        TypeKind::Single(t) => article(t.to_string()),
        TypeKind::Multiple(set) => set.iter().map(|t| article(t.to_string())).collect::<Vec<_>>().join(" or "),
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "a non-finite number",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "a table",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{Outcome, Stage};

    #[test]
    fn a_pipeline_without_lost_stages_still_compiles() {
        let stage = |name: &str, outcome| Stage { name: name.into(), outcome, win_probability: None, stale_days: None };
        let pipeline = Pipeline { stages: vec![stage("open", None), stage("done", Some(Outcome::Won))] };
        let schema = LeadSchema::builtin(&pipeline);
        assert!(schema.is_date_field("spotted_on"));
        assert_eq!(builtin_json(&pipeline)["properties"]["status"]["enum"], serde_json::json!(["open", "done"]));
    }
}
