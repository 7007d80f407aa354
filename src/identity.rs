//! People: every name and email through `.mailmap`, GitHub no-reply addresses keyed by
//! their numeric id, bots recognised.

use rustc_hash::FxHashMap as HashMap;
use std::sync::Arc;

use serde::Serialize;

use crate::config::AttributionSettings;
use crate::history::RawPerson;

/// Shared strings: a big history stamps hundreds of thousands of events with a few hundred
/// people, and every stamp used to own a copy of its author's name and email.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Person {
    pub name: Arc<str>,
    pub email: Arc<str>,
}

impl Person {
    /// What makes two identities one person: the GitHub account id of a no-reply address
    /// (a login rename keeps the id), else the email, case-folded.
    pub fn key(&self) -> String {
        key_of(&self.email)
    }

    /// Whether a person typed as `who` (a name or an email, in any case) is this one.
    pub fn answers_to(&self, who: &str) -> bool {
        self.email.eq_ignore_ascii_case(who)
            || self.name.to_lowercase() == who.to_lowercase()
            || key_of(who) == self.key()
    }
}

/// The identity key of an email (see [`Person::key`]).
pub fn key_of(email: &str) -> String {
    let email = email.to_lowercase();
    if let Some(local) = email.strip_suffix("@users.noreply.github.com") {
        if let Some((id, _login)) = local.split_once('+') {
            if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) {
                return format!("github:{id}");
            }
        }
    }
    email
}

/// Why the work tree's `.mailmap` cannot be used, when it is there but is not a regular file:
/// git would follow a link anywhere, and wait for ever on a named pipe.
pub fn unusable_mailmap(repo: &git2::Repository) -> Option<String> {
    let path = repo.workdir()?.join(".mailmap");
    let meta = std::fs::symlink_metadata(&path).ok()?;
    (!meta.is_file()).then(|| {
        format!(
            ".mailmap is {} and is not read: identities are shown as commits wrote them",
            crate::source::kind_of(&meta)
        )
    })
}

/// Resolves identities for one repository, remembering each answer.
pub struct Identities {
    mailmap: Option<git2::Mailmap>,
    bots: Vec<String>,
    /// By email, then name: looked up with the borrowed strings of a record, no key built.
    memo: HashMap<String, HashMap<String, Person>>,
}

impl Identities {
    /// Resolves through `repo`'s `.mailmap` when it is a regular file, and knows the bots of
    /// `attribution`.
    pub fn new(repo: Option<&git2::Repository>, attribution: &AttributionSettings) -> Self {
        Identities {
            mailmap: repo.filter(|r| unusable_mailmap(r).is_none()).and_then(|r| r.mailmap().ok()),
            bots: attribution.bots.iter().map(|b| b.to_lowercase()).collect(),
            memo: HashMap::default(),
        }
    }

    /// The person behind `raw`, after `.mailmap`.
    pub fn resolve(&mut self, raw: &RawPerson) -> Person {
        self.resolve_parts(&raw.name, &raw.email)
    }

    /// The person behind a name and email as a commit wrote them.
    pub fn resolve_parts(&mut self, name: &str, email: &str) -> Person {
        if let Some(person) = self.memo.get(email).and_then(|names| names.get(name)) {
            return person.clone();
        }
        let mapped = self.mailmap.as_ref().and_then(|map| {
            let signature = git2::Signature::new(name, email, &git2::Time::new(0, 0)).ok()?;
            let resolved = map.resolve_signature(&signature).ok()?;
            Some(Person {
                name: String::from_utf8_lossy(resolved.name_bytes()).into(),
                email: String::from_utf8_lossy(resolved.email_bytes()).into(),
            })
        });
        let person = mapped.unwrap_or_else(|| Person { name: name.into(), email: email.into() });
        self.memo.entry(email.to_owned()).or_default().insert(name.to_owned(), person.clone());
        person
    }

    /// Automated committers stay in timelines but earn no credit.
    pub fn is_bot(&self, person: &Person) -> bool {
        person.name.ends_with("[bot]")
            || self.bots.iter().any(|b| *b == person.name.to_lowercase() || *b == person.email.to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, email: &str) -> Person {
        Person { name: name.into(), email: email.into() }
    }

    #[test]
    fn noreply_addresses_are_keyed_by_account_id() {
        let old = person("Dana", "12345+dana@users.noreply.github.com");
        let renamed = person("Dana", "12345+dana-new@users.noreply.github.com");
        assert_eq!(old.key(), "github:12345");
        assert_eq!(old.key(), renamed.key());
        assert_eq!(person("Legacy", "dana@users.noreply.github.com").key(), "dana@users.noreply.github.com");
        assert_eq!(person("Sam", "Sam@Example.com").key(), "sam@example.com");
    }

    #[test]
    fn bots_by_suffix_and_by_config() {
        let ids = Identities::new(
            None,
            &AttributionSettings { bots: vec!["ci@example.com".into()], ..AttributionSettings::default() },
        );
        assert!(ids.is_bot(&person("renovate[bot]", "x@example.com")));
        assert!(ids.is_bot(&person("CI", "CI@example.com")));
        assert!(!ids.is_bot(&person("Sam", "sam@example.com")));
    }
}
