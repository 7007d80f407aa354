//! `leadger new`: a lead in under a minute, asking only what an engineer knows.

use std::io;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use toml_edit::{DocumentMut, value};

use super::{toml_date, validate};
use crate::error::{Error, ErrorKind};
use crate::ledger::{Ledger, find_lead_files};
use crate::schema::LeadSchema;

/// What the user gave; everything optional until asked for.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub title: Option<String>,
    pub client: Option<String>,
    pub summary: Option<String>,
    pub status: Option<String>,
    pub source: Option<String>,
    pub value: Option<f64>,
    pub currency: Option<String>,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    pub spotted_on: Option<Date>,
    pub expected_close: Option<Date>,
}

/// Asks a person one question; behind a trait so tests can answer from a script.
pub trait Prompter {
    fn ask(&mut self, question: &str, hint: &str) -> io::Result<String>;
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

    /// Asks for each missing required field, again when the answer is empty.
    pub fn ask_missing(&mut self, prompter: &mut dyn Prompter) -> io::Result<()> {
        for (field, question, hint) in QUESTIONS {
            while self.field(field).is_none() {
                let answer = prompter.ask(question, hint)?;
                let answer = answer.trim();
                if !answer.is_empty() {
                    *self.field(field) = Some(answer.to_owned());
                }
            }
        }
        Ok(())
    }
}

/// The id for a lead: client and title as a slug, at most 60 characters, cut at a hyphen.
pub fn id_for(client: &str, title: &str) -> String {
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
    pub id: String,
    pub path: PathBuf,
    pub rel: String,
    pub commit: Option<git2::Oid>,
    pub branch: Option<String>,
    /// Changes that were staged before and are left staged, out of the commit.
    pub other_staged: usize,
}

#[derive(Debug, Default)]
pub struct CommitOptions {
    /// `Name <email>` of colleagues who spotted it too: `Co-authored-by:` trailers.
    pub co_authors: Vec<String>,
    /// A branch to create and switch to before writing.
    pub branch: Option<String>,
}

/// Writes a new lead as `leads/<year spotted>/<id>.toml`; with `commit`, commits it as the
/// user's git identity.
pub fn create(
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
    let id = id_for(client, title);
    if id.is_empty() {
        return Err(ErrorKind::NoId.hinted("the id is made from client and title: give one of them a word"));
    }
    let files = find_lead_files(&ledger.leads_dir(), |p| ledger.relative(p)).files;
    if let Some(existing) = files.iter().find(|f| f.id.as_deref() == Some(id.as_str())) {
        return Err(ErrorKind::LeadExists { id, path: existing.rel.clone() }.hinted(EXISTS_HINT));
    }
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

    let repo = match commit {
        Some(options) => {
            let repo = crate::history::open_repository(&ledger.root)?;
            if let Some(branch) = &options.branch {
                switch_to_new_branch(&repo, branch)?;
            }
            Some(repo)
        }
        None => None,
    };
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

    let (commit_id, other_staged) = match (repo, commit) {
        (Some(repo), Some(options)) => {
            let (id, staged) =
                commit_lead(&repo, &path, &format!("Add lead: {title} ({client})"), &options.co_authors)?;
            (Some(id), staged)
        }
        _ => (None, 0),
    };
    Ok(Created { id, path, rel, commit: commit_id, branch: commit.and_then(|c| c.branch.clone()), other_staged })
}

fn switch_to_new_branch(repo: &git2::Repository, name: &str) -> Result<(), Error> {
    let head = repo.head().and_then(|h| h.peel_to_commit()).map_err(|source| {
        ErrorKind::Git { action: "cannot branch".to_owned(), source }
            .hinted("make a first commit before using --branch")
    })?;
    let branch = repo.branch(name, &head, false).map_err(|source| {
        ErrorKind::Git { action: format!("cannot create branch `{name}`"), source }
            .hinted("choose a branch name that does not exist yet, such as lead/acme-billing")
    })?;
    let refname = branch
        .get()
        .name()
        .map_err(|source| ErrorKind::Git { action: format!("invalid branch name `{name}`"), source })?;
    // The new branch points at HEAD's commit, so the work tree stays as it is.
    repo.set_head(refname)
        .map_err(|source| ErrorKind::Git { action: format!("cannot switch to branch `{name}`"), source })?;
    Ok(())
}

/// Commits the lead at `path` alone; returns the commit and how many other changes were
/// staged (and stay staged).
fn commit_lead(
    repo: &git2::Repository,
    path: &std::path::Path,
    title: &str,
    co_authors: &[String],
) -> Result<(git2::Oid, usize), Error> {
    let rels = super::commit::in_work_tree(repo, &[path.to_owned()], "leadger new --commit")?;
    let signature = repo.signature().map_err(|source| {
        ErrorKind::Git { action: "git does not know who you are".to_owned(), source }.hinted(
            "the lead was written but not committed: set user.name and user.email with `git config`, then commit it",
        )
    })?;
    let mut message = title.to_owned();
    if !co_authors.is_empty() {
        message.push('\n');
        for co in co_authors {
            message.push_str(&format!("\nCo-authored-by: {co}"));
        }
    }
    message.push('\n');
    super::commit::commit_files(repo, &signature, &rels, &message).map_err(|source| {
        ErrorKind::Git { action: format!("cannot commit {}", rels[0].display()), source }
            .hinted("the lead was written but not committed: commit it with git")
    })
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
    }

    #[test]
    fn asks_only_for_what_is_missing_and_again_on_empty_answers() {
        let mut draft = Draft { client: Some("Acme".into()), ..Draft::default() };
        let mut script = Script(vec!["", "Billing", "Month-end takes four days."], Vec::new());
        draft.ask_missing(&mut script).unwrap();
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
        assert_eq!(id_for("Acme Corp", "Billing platform: replacement!"), "acme-corp-billing-platform-replacement");
        let long = id_for("Globex", &"data migration ".repeat(10));
        assert!(long.len() <= 60 && !long.ends_with('-'), "{long}");
    }
}
