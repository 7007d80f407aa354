//! `leadger pr`: what a pull request does to the ledger — the leads it adds and who gets
//! the credit for them, the stages it moves, the possible duplicates and the check
//! problems — for the comment CI posts on it. The JSON contract is docs/pr.md.

mod markdown;
mod range;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use jiff::civil::Date;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

pub use markdown::PullRequestComment;

use crate::attribution::{CommitStamp, LeadHistory};
use crate::checks::{CheckOptions, Selection};
use crate::credit::{Period, credit};
use crate::diagnostic::{Diagnostic, Severity};
use crate::duplicates::{Candidate, Index};
use crate::error::Error;
use crate::history::{FieldChange, RawPerson, WalkOptions, field_changes};
use crate::identity::{Identities, Person};
use crate::lead_records::LeadRecord;
use crate::ledger::Ledger;
use crate::schema::LeadSchema;
use range::Range;

/// What a user asked `pr` for.
#[derive(Debug, Clone)]
pub struct PullRequestOptions<'a> {
    /// The branch the pull request goes into; the range is `merge-base(base, HEAD)..HEAD`.
    pub base: &'a str,
    /// Show the spotters' and movers' emails (JSON only).
    pub emails: bool,
    /// The day taken as today (`--today`), for `check`'s dates and which closed leads are old enough
    /// to leave out of the duplicate search.
    pub today: Date,
    /// Read and write the caches in the git directory (history, parsed leads); off with `--no-cache`.
    pub use_cache: bool,
}

/// The pull request as the comment and the JSON contract show it.
#[derive(Debug, Clone, Serialize)]
pub struct PullRequest {
    /// The merge base the pull request is compared with.
    pub base: String,
    /// The commit id of HEAD, the pull request's tip.
    pub head: String,
    /// By id.
    pub added: Vec<Added>,
    /// By id.
    pub changed: Vec<Changed>,
    /// What `check` finds in the changed lead files: counted, with the first few.
    pub problems: Problems,
    /// The closing line, from `[pr] footer`.
    pub footer: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Added {
    pub id: String,
    pub path: String,
    pub title: String,
    pub client: String,
    pub status: String,
    /// In the working tree, not yet committed: the spotter is who would commit it.
    pub uncommitted: bool,
    pub spotters: Vec<Spotter>,
    pub possible_duplicates: Vec<PossibleDuplicate>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Spotter {
    pub name: String,
    /// `None` unless asked for.
    pub email: Option<String>,
    /// Leads this person has spotted once the pull request merges, this one included.
    pub spotted_total: usize,
    /// Of those, the leads won.
    pub won_total: usize,
    /// Every lead they spotted is in this pull request.
    pub first_time: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PossibleDuplicate {
    pub id: String,
    pub path: String,
    pub status: String,
    /// Who spotted the other lead, by name.
    pub spotters: Vec<String>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Changed {
    pub id: String,
    pub path: String,
    pub title: String,
    pub client: String,
    /// Stage moves, oldest first.
    pub transitions: Vec<Move>,
    /// Every field whose value differs between the base and the pull request.
    pub fields: Vec<FieldChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Move {
    pub from: String,
    pub to: String,
    /// `None` for a move not committed yet by someone git does not know (no `user.name`).
    pub by: Option<Who>,
    pub uncommitted: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Who {
    pub name: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Problems {
    pub errors: usize,
    pub warnings: usize,
    /// The first few, in path order.
    pub first: Vec<Diagnostic>,
}

/// How many problems the comment and the JSON name; the rest are counted.
const FIRST_PROBLEMS: usize = 5;

/// The default closing line: what happens next.
pub const DEFAULT_FOOTER: &str = "Once this pull request merges, its leads join the ledger: an account manager follows \
    them up, and every stage they reach is credited to their spotters in `leadger report`.";

/// A description and what is worth telling about the run.
#[derive(Debug)]
pub struct Described {
    pub pull_request: PullRequest,
    pub warnings: Vec<String>,
    /// Commits in the history, and how many were not in the cache.
    pub commits: usize,
    pub processed: usize,
    pub leads: usize,
    /// Time spent finding the added leads' possible duplicates.
    pub duplicates_time: Duration,
}

/// Describes the pull request from `request.base` to HEAD and the working tree.
pub fn describe_pull_request(
    ledger: &Ledger,
    request: &PullRequestOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Described, Error> {
    let range = Range::of(ledger, request.base)?;
    let options = WalkOptions { rev: None, use_cache: request.use_cache };
    let loaded = crate::lead_records::load_leads(ledger, &options, progress)?;
    let records = loaded.records;
    let changed_files = crate::history::changed_lead_files(ledger, request.base)?;
    let mut ids = Identities::new(Some(&range.repo), &ledger.config.attribution);
    // Who would commit what is not committed yet.
    let committer = range
        .repo
        .signature()
        .ok()
        .and_then(|s| Some(ids.resolve_parts(s.name().ok()?, s.email().ok()?)))
        .filter(|p| !ids.is_bot(p));

    let by_path: HashMap<&str, usize> = records.iter().enumerate().map(|(i, r)| (r.path.as_str(), i)).collect();
    let touched: Vec<usize> = changed_files.iter().filter_map(|p| by_path.get(p.as_str()).copied()).collect();
    let is_added = |r: &LeadRecord| {
        r.history.as_ref().is_none_or(|h| h.uncommitted || h.created.as_ref().is_none_or(|c| range.contains(&c.commit)))
    };
    let (added_at, changed_at): (Vec<usize>, Vec<usize>) = touched.into_iter().partition(|&i| is_added(&records[i]));

    // Leads not committed yet count as spotted now by the committer (or their `spotted_by`).
    let now = jiff::Timestamp::now().as_second();
    let uncommitted: Vec<LeadHistory> = added_at
        .iter()
        .filter(|&&i| records[i].history.is_none())
        .map(|&i| uncommitted_history(&records[i], committer.as_ref(), &mut ids, now))
        .collect();
    let spotters_of = |i: usize| -> &[Person] {
        match &records[i].history {
            Some(h) => &h.spotters,
            None => uncommitted.iter().find(|h| h.id == records[i].id).map_or(&[], |h| &h.spotters),
        }
    };
    let tallies = tallies(&records, &uncommitted, ledger);
    let mut in_this_pr: HashMap<String, usize> = HashMap::default();
    for &i in &added_at {
        for person in spotters_of(i) {
            *in_this_pr.entry(person.key()).or_default() += 1;
        }
    }

    let started = Instant::now();
    let duplicates = possible_duplicates(&records, &added_at, ledger, request.today);
    let duplicates_time = started.elapsed();

    let email = |p: &Person| request.emails.then(|| p.email.to_string());
    let mut added: Vec<Added> = added_at
        .iter()
        .zip(duplicates)
        .map(|(&i, possible_duplicates)| {
            let r = &records[i];
            let spotters = spotters_of(i).iter().map(|p| spotter(p, &tallies, &in_this_pr, &email)).collect();
            Added {
                id: r.id.clone(),
                path: r.path.clone(),
                title: r.lead.title.clone(),
                client: r.lead.client.clone(),
                status: r.lead.status.clone(),
                uncommitted: r.history.is_none(),
                spotters,
                possible_duplicates,
            }
        })
        .collect();
    added.sort_by(|a, b| (&a.id, &a.path).cmp(&(&b.id, &b.path)));

    let mut changed: Vec<Changed> =
        changed_at.iter().map(|&i| changed_lead(ledger, &range, &records[i], committer.as_ref(), &email)).collect();
    changed.sort_by(|a, b| (&a.id, &a.path).cmp(&(&b.id, &b.path)));

    let problems = problems(ledger, request.today, changed_files)?;

    let footer = ledger.config.pr.footer.clone().unwrap_or_else(|| DEFAULT_FOOTER.to_owned());
    let mut warnings = loaded.history.warnings;
    if loaded.skipped > 0 {
        warnings.push(crate::lead_records::skipped_leads_warning(loaded.skipped));
    }
    Ok(Described {
        pull_request: PullRequest {
            base: range.base.to_string(),
            head: range.head.to_string(),
            added,
            changed,
            problems,
            footer,
        },
        warnings,
        commits: loaded.history.commits,
        processed: loaded.history.processed,
        leads: records.len(),
        duplicates_time,
    })
}

/// A spotter of an added lead, with what they spotted and won before; `first_time` when
/// every lead they ever spotted is in this pull request.
fn spotter(
    p: &Person,
    tallies: &HashMap<String, (usize, usize)>,
    in_this_pr: &HashMap<String, usize>,
    email: &dyn Fn(&Person) -> Option<String>,
) -> Spotter {
    let (spotted_total, won_total) = tallies.get(&p.key()).copied().unwrap_or_default();
    Spotter {
        name: p.name.to_string(),
        email: email(p),
        spotted_total,
        won_total,
        first_time: spotted_total <= in_this_pr.get(&p.key()).copied().unwrap_or_default(),
    }
}

/// For each added lead, the leads it looks like.
fn possible_duplicates(
    records: &[LeadRecord],
    added_at: &[usize],
    ledger: &Ledger,
    today: Date,
) -> Vec<Vec<PossibleDuplicate>> {
    let pipeline = &ledger.config.pipeline;
    let candidates: Vec<Candidate> = records
        .iter()
        .map(|r| Candidate::of(&r.id, &r.path, &r.lead, pipeline, r.history.as_ref().map(|_| r.in_stage_since())))
        .collect();
    let index = Index::new(&candidates, &ledger.config.duplicates, today);
    added_at
        .iter()
        .map(|&i| {
            index
                .matches_of(i)
                .into_iter()
                .map(|m| {
                    let other = &records[m.other(i)];
                    PossibleDuplicate {
                        id: other.id.clone(),
                        path: other.path.clone(),
                        status: other.lead.status.clone(),
                        spotters: other.history.iter().flat_map(|h| &h.spotters).map(|p| p.name.to_string()).collect(),
                        reason: m.reason.to_string(),
                    }
                })
                .collect()
        })
        .collect()
}

/// A lead the pull request changes: its stage moves in the range (and in the working tree)
/// and the fields that differ from the base.
fn changed_lead(
    ledger: &Ledger,
    range: &Range,
    r: &LeadRecord,
    committer: Option<&Person>,
    email: &dyn Fn(&Person) -> Option<String>,
) -> Changed {
    let history = r.history.as_ref().expect("a lead not added has a history");
    let mut transitions: Vec<Move> = history
        .transitions
        .iter()
        .filter(|t| range.contains(&t.stamp.commit))
        .map(|t| Move {
            from: t.from.to_string(),
            to: t.to.to_string(),
            by: Some(Who { name: t.stamp.author.name.to_string(), email: email(&t.stamp.author) }),
            uncommitted: false,
        })
        .collect();
    if let Some(head) = history.status.as_deref().filter(|s| **s != *r.lead.status) {
        transitions.push(Move {
            from: head.to_owned(),
            to: r.lead.status.clone(),
            by: committer.map(|p| Who { name: p.name.to_string(), email: email(p) }),
            uncommitted: true,
        });
    }
    let parse = |text: Option<String>| text.and_then(|t| toml::from_str::<toml::Table>(&t).ok());
    let old = parse(range.at_base(ledger, &r.path, &r.id));
    let new = parse(crate::ledger::read_source(&ledger.root.join(&r.path)).ok());
    Changed {
        id: r.id.clone(),
        path: r.path.clone(),
        title: r.lead.title.clone(),
        client: r.lead.client.clone(),
        transitions,
        fields: field_changes(&old, &new),
    }
}

/// What `check` finds in the lead files the pull request touches.
fn problems(ledger: &Ledger, today: Date, changed_files: Vec<String>) -> Result<Problems, Error> {
    let schema = LeadSchema::for_ledger(ledger)?;
    let selection = Some(Selection::of_files(changed_files));
    let findings = crate::checks::check(ledger, &schema, &CheckOptions { today, selection });
    Ok(Problems {
        errors: findings.count(Severity::Error),
        warnings: findings.count(Severity::Warning),
        first: findings.diagnostics.into_iter().take(FIRST_PROBLEMS).collect(),
    })
}

/// A lead only in the working tree, credited to its `spotted_by` or to who would commit it.
fn uncommitted_history(record: &LeadRecord, committer: Option<&Person>, ids: &mut Identities, now: i64) -> LeadHistory {
    let declared: Vec<Person> =
        record.lead.spotted_by.iter().filter_map(|s| RawPerson::parse(s)).map(|p| ids.resolve(&p)).collect();
    let spotters = if declared.is_empty() { committer.into_iter().cloned().collect() } else { declared };
    let stamp = committer.map(|author| Arc::new(CommitStamp { commit: [0; 20], time: now, author: author.clone() }));
    LeadHistory {
        id: record.id.clone(),
        path: Arc::from(record.path.as_str()),
        status: Some(Arc::from(record.lead.status.as_str())),
        // Credit counts spotted leads by their creation: one is about to happen.
        created: stamp.or_else(|| {
            let nobody = Person { name: "".into(), email: "".into() };
            Some(Arc::new(CommitStamp { commit: [0; 20], time: now, author: nobody }))
        }),
        spotters: spotters.clone(),
        history_spotters: spotters,
        spotted_by_field: !record.lead.spotted_by.is_empty(),
        transitions: Vec::new(),
        events: Vec::new(),
        renames: Vec::new(),
        uncommitted: true,
        deleted: false,
        snapshot: Default::default(),
    }
}

/// Leads spotted and won by each person (by identity key) once the pull request merges.
fn tallies(records: &[LeadRecord], uncommitted: &[LeadHistory], ledger: &Ledger) -> HashMap<String, (usize, usize)> {
    let leads = records.iter().filter_map(|r| r.history.as_ref()).chain(uncommitted);
    let report = credit(leads, &ledger.config.pipeline, &BTreeMap::new(), &Period::default());
    report.people.into_iter().map(|p| (crate::identity::key_of(&p.email), (p.tally.spotted, p.tally.won))).collect()
}
