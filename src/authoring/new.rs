//! `leadger new`: a lead in under a minute, asking only what an engineer knows.

use std::io;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use toml_edit::{DocumentMut, value};

use super::commit::CommitOptions;
use super::{toml_date, validate};
use crate::checks::{FileContext, check_text};
use crate::diagnostic::Severity;
use crate::error::{Error, ErrorKind};
use crate::ledger::{Ledger, find_lead_files};
use crate::schema::LeadSchema;

/// What the user gave; everything optional until asked for.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// What the client needs, in a few words (`--title`).
    pub title: Option<String>,
    /// The client organisation, never a person (`--client`).
    pub client: Option<String>,
    /// What the client said they need, in a sentence or two (`--summary`).
    pub summary: Option<String>,
    /// The stage to start at (`--status`); `None` for the pipeline's first stage.
    pub status: Option<String>,
    /// Where the lead was heard (`--source`), one of the schema's `source` values.
    pub source: Option<String>,
    /// A rough value of the work (`--value`), written as the lead's `estimated_value`.
    pub value: Option<f64>,
    /// The ISO 4217 code of `value` (`--currency`); `None` takes `default_currency` from `leadger.toml`.
    pub currency: Option<String>,
    /// Labels in lowercase (`--tag`, repeated); empty writes no `tags`.
    pub tags: Vec<String>,
    /// The colleague who follows the lead up, as `Name <email>` (`--owner`).
    pub owner: Option<String>,
    /// The day the need was heard (`--spotted-on`); `None` for today.
    pub spotted_on: Option<Date>,
    /// When a decision is expected (`--expected-close`).
    pub expected_close: Option<Date>,
}

/// Asks a person one question; behind a trait so tests can answer from a script.
pub trait Prompter {
    /// Asks `question`, with `hint` saying what a good answer looks like, and returns the answer as typed.
    fn ask(&mut self, question: &str, hint: &str) -> io::Result<String>;
    /// Says why the last answer was refused, before the question is asked again.
    fn refused(&mut self, problem: &str) -> io::Result<()>;
}

/// The three things an engineer knows the moment they hear the client, in plain words.
const QUESTIONS: [(&str, &str, &str); 3] = [
    ("client", "Which client is it?", "the organisation, e.g. Acme Corp"),
    ("title", "What do they need, in a few words?", "e.g. Billing platform replacement"),
    ("summary", "What did the client say they need?", "a sentence or two, as they put it; no names or phone numbers"),
];

impl Draft {
    /// The required fields still missing, as flag names.
    pub fn missing(&self) -> Vec<&'static str> {
        let given = |field: &str| match field {
            "client" => self.client.is_some(),
            "title" => self.title.is_some(),
            _ => self.summary.is_some(),
        };
        QUESTIONS.iter().filter(|(field, ..)| !given(field)).map(|(field, ..)| *field).collect()
    }

    fn field(&mut self, name: &str) -> &mut Option<String> {
        match name {
            "client" => &mut self.client,
            "title" => &mut self.title,
            _ => &mut self.summary,
        }
    }

    /// Asks for each missing required field, again when the answer is empty or `accept`
    /// refuses it (an email in the summary): only that field is asked again, and the answers
    /// already given are kept.
    pub fn ask_missing(
        &mut self,
        prompter: &mut dyn Prompter,
        accept: &dyn Fn(&str, &str) -> Result<(), String>,
    ) -> io::Result<()> {
        for (field, question, hint) in QUESTIONS {
            while self.field(field).is_none() {
                let answer = prompter.ask(question, hint)?;
                let answer = answer.trim();
                if answer.is_empty() {
                    continue;
                }
                match accept(field, answer) {
                    Ok(()) => *self.field(field) = Some(answer.to_owned()),
                    Err(problem) => prompter.refused(&problem)?,
                }
            }
        }
        Ok(())
    }
}

/// Whether `answer` would pass `check` as the value of the required `field`: the problem
/// `check` has with it, if any, in words for the person who typed it.
pub fn check_prompt_answer(
    ledger: &Ledger,
    schema: &LeadSchema,
    field: &str,
    answer: &str,
    today: Date,
) -> Result<(), String> {
    let placeholder = || Some("Placeholder".to_owned());
    let mut probe = Draft { title: placeholder(), client: placeholder(), summary: placeholder(), ..Draft::default() };
    *probe.field(field) = Some(answer.to_owned());
    let first_stage = ledger.config.pipeline.stages.first().map_or("new", |s| s.name.as_str());
    let text = render(&probe, first_stage, today);
    let line = text.lines().position(|l| l.starts_with(&format!("{field} ="))).map_or(0, |i| i + 1);
    let cx = FileContext { schema, today, privacy: &ledger.config.privacy };
    let problem = check_text("placeholder.toml", &text, &cx)
        .into_iter()
        .find(|d| d.severity == Severity::Error && d.line == line);
    match problem {
        Some(d) => Err(match d.help {
            Some(help) => format!("{} ({help})", d.message),
            None => d.message,
        }),
        None => Ok(()),
    }
}

/// The id for a lead: client and title as a slug, at most 60 characters, cut at a hyphen.
pub fn lead_id_for(client: &str, title: &str) -> String {
    let slug = slug::slugify(format!("{client} {title}"));
    if slug.len() <= 60 {
        return slug;
    }
    let cut = slug[..=60].rfind('-').unwrap_or(60);
    slug[..cut].to_owned()
}

fn render(draft: &Draft, status: &str, spotted_on: Date) -> String {
    let mut doc = DocumentMut::new();
    let text = |s: &Option<String>| s.clone().unwrap_or_default();
    doc["title"] = value(text(&draft.title));
    doc["client"] = value(text(&draft.client));
    doc["status"] = value(status);
    doc["spotted_on"] = toml_edit::Item::Value(toml_date(spotted_on));
    doc["summary"] = value(text(&draft.summary));
    if let Some(source) = &draft.source {
        doc["source"] = value(source.as_str());
    }
    if let Some(v) = draft.value {
        doc["estimated_value"] = if v.fract() == 0.0 && v.abs() < 1e15 { value(v as i64) } else { value(v) };
    }
    if let Some(currency) = &draft.currency {
        doc["currency"] = value(currency.as_str());
    }
    if let Some(close) = draft.expected_close {
        doc["expected_close"] = toml_edit::Item::Value(toml_date(close));
    }
    if let Some(owner) = &draft.owner {
        doc["owner"] = value(owner.as_str());
    }
    if !draft.tags.is_empty() {
        doc["tags"] = value(draft.tags.iter().collect::<toml_edit::Array>());
    }
    doc.to_string()
}

const EXISTS_HINT: &str = "give it a more specific title (the id comes from client and title), or update that lead";

/// Where the lead went, and the commit when one was made.
#[derive(Debug)]
pub struct Created {
    /// The new lead's id, made from client and title by [`lead_id_for`].
    pub id: String,
    /// The lead file's absolute path.
    pub path: PathBuf,
    /// The same path relative to the ledger root, `/`-separated, as `check` shows it.
    pub rel: String,
    /// The commit made, with `--commit`.
    pub commit: Option<git2::Oid>,
    /// The branch created for that commit, with `--branch`.
    pub branch: Option<String>,
    /// Changes that were staged before and are left staged, out of the commit.
    pub other_staged: usize,
}

/// Writes a new lead as `leads/<year spotted>/<id>.toml`; with `commit`, commits it as the
/// user's git identity.
pub fn create_lead(
    ledger: &Ledger,
    schema: &LeadSchema,
    draft: &Draft,
    today: Date,
    commit: Option<&CommitOptions>,
) -> Result<Created, Error> {
    let missing = draft.missing();
    if !missing.is_empty() {
        let flags: Vec<String> = missing.iter().map(|f| format!("--{f}")).collect();
        return Err(ErrorKind::MissingFields { flags }
            .hinted("pass them, or run `leadger new` in a terminal to be asked for each"));
    }
    let (client, title) = (draft.client.as_deref().unwrap_or_default(), draft.title.as_deref().unwrap_or_default());
    let id = lead_id_for(client, title);
    if id.is_empty() {
        return Err(ErrorKind::NoId.hinted("the id is made from client and title: give one of them a word"));
    }
    let files = find_lead_files(&ledger.leads_dir(), |p| ledger.relative(p)).files;
    if let Some(existing) = files.iter().find(|f| f.id.as_deref() == Some(id.as_str())) {
        return Err(ErrorKind::LeadExists { id, path: existing.rel.clone() }.hinted(EXISTS_HINT));
    }
    let mut draft = draft.clone();
    if draft.value.is_some() && draft.currency.is_none() {
        draft.currency = ledger.config.default_currency.clone();
        if draft.currency.is_none() {
            return Err(ErrorKind::MissingFields { flags: vec!["--currency".to_owned()] }.hinted(
                "say the currency of --value (--currency EUR), or set a default in leadger.toml: default_currency = \"EUR\"",
            ));
        }
    }
    let draft = &draft;
    let first_stage = ledger.config.pipeline.stages.first().map_or("new", |s| s.name.as_str());
    let status = draft.status.as_deref().unwrap_or(first_stage);
    let spotted_on = draft.spotted_on.unwrap_or(today);
    if let Some(date) = [Some(spotted_on), draft.expected_close].into_iter().flatten().find(|d| d.year() < 0) {
        return Err(ErrorKind::Date { value: date.to_string(), message: "a TOML date's year is 0000 to 9999".into() }
            .hinted("write dates as YYYY-MM-DD, for example 2026-11-03"));
    }
    let text = render(draft, status, spotted_on);
    // Four digits, as TOML writes the year: the year 0 is `0000`, not a folder `0`.
    let folder = Path::new(&ledger.config.leads_dir).join(format!("{:04}", spotted_on.year()));
    let path = ledger.root.join(&folder).join(format!("{id}.toml"));
    let rel = ledger.relative(&path);
    validate(ledger, schema, &rel, &text, today)?;

    let prepared = commit.map(|options| super::commit::prepare(ledger, &path, options)).transpose()?;
    let other_staged = prepared.as_ref().map_or(Ok(0), super::commit::Prepared::other_staged)?;
    crate::ledger::paths::create_dir_inside(&ledger.root, &folder)?;
    // A file that appeared since the check above is never overwritten, and a crash or a full
    // disk never leaves an empty lead that a retry would call a duplicate.
    match crate::atomic::create_new(&path, &text) {
        Err(e) if matches!(e.kind(), ErrorKind::Write { source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists) =>
        {
            return Err(ErrorKind::LeadExists { id, path: rel }.hinted(EXISTS_HINT));
        }
        other => other?,
    }

    let commit_id = prepared.map(|p| p.commit(&format!("Add lead: {title} ({client})"))).transpose()?;
    Ok(Created { id, path, rel, commit: commit_id, branch: commit.and_then(|c| c.branch.clone()), other_staged })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Script(Vec<&'static str>, Vec<String>);

    impl Prompter for Script {
        fn ask(&mut self, question: &str, _hint: &str) -> io::Result<String> {
            self.1.push(question.to_owned());
            Ok(self.0.remove(0).to_owned())
        }

        fn refused(&mut self, problem: &str) -> io::Result<()> {
            self.1.push(format!("refused: {problem}"));
            Ok(())
        }
    }

    fn accept_all(_: &str, _: &str) -> Result<(), String> {
        Ok(())
    }

    #[test]
    fn a_refused_answer_asks_again_for_that_field_only() {
        let ledger = Ledger { root: std::env::temp_dir(), config: crate::config::Config::default() };
        let schema = LeadSchema::builtin(&ledger.config.pipeline);
        let today = jiff::civil::date(2026, 11, 22);
        let accept = |field: &str, answer: &str| check_prompt_answer(&ledger, &schema, field, answer, today);
        let mut draft = Draft::default();
        let mut script =
            Script(vec!["Acme", "Billing", "Call jane@acme.example", "Month-end takes four days."], Vec::new());
        draft.ask_missing(&mut script, &accept).unwrap();
        assert_eq!(
            script.1[..3],
            ["Which client is it?", "What do they need, in a few words?", "What did the client say they need?"]
        );
        assert!(
            script.1[3].starts_with("refused: `summary` contains what looks like an email address"),
            "{:?}",
            script.1
        );
        assert_eq!(script.1[4..], ["What did the client say they need?"]);
        assert_eq!(
            (draft.client.as_deref(), draft.title.as_deref(), draft.summary.as_deref()),
            (Some("Acme"), Some("Billing"), Some("Month-end takes four days."))
        );
    }

    #[test]
    fn asks_only_for_what_is_missing_and_again_on_empty_answers() {
        let mut draft = Draft { client: Some("Acme".into()), ..Draft::default() };
        let mut script = Script(vec!["", "Billing", "Month-end takes four days."], Vec::new());
        draft.ask_missing(&mut script, &accept_all).unwrap();
        assert_eq!(
            script.1,
            [
                "What do they need, in a few words?",
                "What do they need, in a few words?",
                "What did the client say they need?"
            ]
        );
        assert_eq!(
            (draft.title.as_deref(), draft.summary.as_deref()),
            (Some("Billing"), Some("Month-end takes four days."))
        );
        assert!(draft.missing().is_empty());
    }

    #[test]
    fn ids_are_slugs_cut_at_a_hyphen() {
        assert_eq!(
            lead_id_for("Acme Corp", "Billing platform: replacement!"),
            "acme-corp-billing-platform-replacement"
        );
        let long = lead_id_for("Globex", &"data migration ".repeat(10));
        assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
    }
}
