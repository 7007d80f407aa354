//! Possible duplicates: two leads that look like one opportunity, recorded twice.
//!
//! Two leads match when their clients are equal once normalised (case, accents, punctuation,
//! whitespace and legal suffixes: "ACME Ltd." is "Acme") and their titles or summaries share
//! enough words (stemmed, without the client's own words and without little words such as
//! "the"). Leads are grouped by normalised client first, so a lead is only ever compared with
//! the leads of its own client, never with the whole ledger.

use std::fmt;

use jiff::civil::Date;
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use crate::config::DuplicateSettings as Settings;
use crate::lead::Lead;
use crate::lead_records::LeadRecord;
use crate::pipeline::Pipeline;

/// What duplicate detection reads of a lead.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    pub id: &'a str,
    pub path: &'a str,
    pub client: &'a str,
    pub title: &'a str,
    pub summary: &'a str,
    pub spotted_on: Date,
    /// The day the lead reached its closed stage; `None` while it is open.
    pub closed_on: Option<Date>,
}

impl<'a> Candidate<'a> {
    /// A lead as duplicates see it. `stage_since` is the day it entered its current stage,
    /// when history knows it; without history, a closed lead counts as closed on the latest
    /// date its file names.
    pub fn of(id: &'a str, path: &'a str, lead: &'a Lead, pipeline: &Pipeline, stage_since: Option<Date>) -> Self {
        let closed = pipeline.stage(&lead.status).is_some_and(|s| s.is_closed());
        let latest_written =
            || [Some(lead.spotted_on), lead.expected_close, lead.next_step_due].into_iter().flatten().max();
        Candidate {
            id,
            path,
            client: &lead.client,
            title: &lead.title,
            summary: &lead.summary,
            spotted_on: lead.spotted_on,
            closed_on: closed.then(|| stage_since.or_else(latest_written)).flatten(),
        }
    }
}

/// Which text of the two leads is alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    Summary,
}

/// Why two leads look like one opportunity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    /// The client both leads name, normalised: letters, digits and single spaces only.
    pub client: String,
    pub field: Field,
    /// The share of words the two texts have in common, from 0 to 1.
    pub similarity: f64,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = match self.field {
            Field::Title => "title",
            Field::Summary => "summary",
        };
        let percent = (self.similarity * 100.0).round();
        write!(f, "same client ({}) and a similar {field} ({percent} % of words in common)", self.client)
    }
}

/// Two leads, by their index in the candidates, `first < second`.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub first: usize,
    pub second: usize,
    pub reason: Reason,
}

impl Match {
    /// The other lead of the pair.
    pub fn other(&self, index: usize) -> usize {
        if self.first == index { self.second } else { self.first }
    }
}

/// Legal forms that say nothing about which organisation it is.
const LEGAL_SUFFIXES: &[&str] = &[
    "ab",
    "ag",
    "as",
    "bv",
    "co",
    "company",
    "corp",
    "corporation",
    "gmbh",
    "inc",
    "incorporated",
    "kg",
    "limited",
    "llc",
    "llp",
    "ltd",
    "nv",
    "oy",
    "plc",
    "pty",
    "sa",
    "sarl",
    "sas",
    "spa",
    "srl",
];

/// Words too common to say anything about a need.
const LITTLE_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is", "it", "its",
    "of", "on", "or", "our", "so", "that", "the", "their", "them", "they", "this", "to", "we", "with",
];

/// Words of `text`: ASCII-folded (é → e, ß → ss), lowercase, split at anything that is not a
/// letter or a digit. Dots and apostrophes join (`S.A.` → `sa`, `O'Neil` → `oneil`).
fn words(text: &str) -> impl Iterator<Item = String> {
    let folded = deunicode::deunicode(text).to_lowercase();
    let joined: String = folded.chars().filter(|c| !matches!(c, '.' | '\'')).collect();
    joined
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

/// A client's name as duplicates compare it: `ACME Ltd.` and `Acme` are both `acme`.
pub fn normalize_client(client: &str) -> String {
    let mut words: Vec<String> = words(client).collect();
    while words.len() > 1 && words.last().is_some_and(|w| LEGAL_SUFFIXES.contains(&w.as_str())) {
        words.pop();
    }
    words.join(" ")
}

/// Stemmed words of a text, sorted, each once: the unit of similarity.
struct Tokenizer {
    stemmer: Stemmer,
}

impl Tokenizer {
    fn new() -> Self {
        Tokenizer { stemmer: Stemmer::create(Algorithm::English) }
    }

    /// The text's stems, leaving out little words and the client's own words (a summary
    /// that starts "Acme needs…" says nothing more than the client does).
    fn stems(&self, text: &str, client: &str) -> Vec<String> {
        let client: Vec<String> = words(client).collect();
        let mut stems: Vec<String> = words(text)
            .filter(|w| !LITTLE_WORDS.contains(&w.as_str()) && !client.contains(w))
            .map(|w| self.stemmer.stem(&w).into_owned())
            .collect();
        stems.sort_unstable();
        stems.dedup();
        stems
    }
}

/// Shared words over all words (Jaccard) of two sorted, deduplicated lists.
fn similarity(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut shared) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared as f64 / (a.len() + b.len() - shared) as f64
}

/// A lead's words, computed when it is first compared.
struct Words {
    title: Vec<String>,
    summary: Vec<String>,
}

/// The leads that count (open, or closed recently), grouped by normalised client.
pub struct Index<'a> {
    leads: &'a [Candidate<'a>],
    threshold: f64,
    /// Normalised client → leads, in candidate order.
    by_client: HashMap<String, Vec<usize>>,
    /// Each lead's normalised client, if it counts.
    client_of: Vec<Option<usize>>,
    clients: Vec<String>,
    tokenizer: Tokenizer,
}

impl<'a> Index<'a> {
    /// Indexes `leads` as of `today`. With duplicates switched off, nothing matches.
    pub fn new(leads: &'a [Candidate<'a>], settings: &Settings, today: Date) -> Self {
        let mut index = Index {
            leads,
            threshold: settings.threshold,
            by_client: HashMap::default(),
            client_of: vec![None; leads.len()],
            clients: Vec::new(),
            tokenizer: Tokenizer::new(),
        };
        if !settings.enabled {
            return index;
        }
        // Past jiff's span of days (20,000 years), nothing closed is old enough to forget.
        let days = jiff::Span::new().try_days(i64::from(settings.closed_days));
        let horizon = days.map_or(Date::MIN, |days| today.saturating_sub(days));
        // Most leads share their client's exact spelling: normalise each spelling once.
        let mut spelling: HashMap<&str, usize> = HashMap::default();
        let mut numbers: HashMap<String, usize> = HashMap::default();
        for (i, lead) in leads.iter().enumerate() {
            if lead.closed_on.is_some_and(|closed| closed < horizon) {
                continue;
            }
            let number = *spelling.entry(lead.client).or_insert_with(|| {
                let normal = normalize_client(lead.client);
                let next = numbers.len();
                *numbers.entry(normal).or_insert(next)
            });
            index.client_of[i] = Some(number);
        }
        index.clients = vec![String::new(); numbers.len()];
        for (normal, number) in numbers {
            index.clients[number] = normal;
        }
        for (i, number) in index.client_of.iter().enumerate() {
            if let Some(number) = number.filter(|n| !index.clients[*n].is_empty()) {
                index.by_client.entry(index.clients[number].clone()).or_default().push(i);
            }
        }
        index
    }

    fn words(&self, i: usize) -> Words {
        let lead = &self.leads[i];
        Words {
            title: self.tokenizer.stems(lead.title, lead.client),
            summary: self.tokenizer.stems(lead.summary, lead.client),
        }
    }

    fn compare(&self, client: &str, (a, wa): (usize, &Words), (b, wb): (usize, &Words)) -> Option<Match> {
        // Two files of one id are already an error (`duplicate-id`), whatever they say.
        if self.leads[a].id == self.leads[b].id {
            return None;
        }
        let title = similarity(&wa.title, &wb.title);
        let summary = similarity(&wa.summary, &wb.summary);
        let (field, similarity) = if title >= summary { (Field::Title, title) } else { (Field::Summary, summary) };
        (similarity >= self.threshold && similarity > 0.0).then(|| Match {
            first: a.min(b),
            second: a.max(b),
            reason: Reason { client: client.to_owned(), field, similarity },
        })
    }

    fn group_of(&self, i: usize) -> Option<(&str, &[usize])> {
        let client = &self.clients[self.client_of.get(i).copied().flatten()?];
        self.by_client.get(client).map(|group| (client.as_str(), group.as_slice()))
    }

    /// The leads that look like lead `i`, in candidate order.
    pub fn matches_of(&self, i: usize) -> Vec<Match> {
        let Some((client, group)) = self.group_of(i) else { return Vec::new() };
        let mine = self.words(i);
        group
            .iter()
            .filter(|&&j| j != i)
            .filter_map(|&j| self.compare(client, (i, &mine), (j, &self.words(j))))
            .collect()
    }

    /// Every pair of leads that look alike, by client, then candidate order.
    pub fn all(&self) -> Vec<Match> {
        let mut clients: Vec<&String> = self.by_client.keys().collect();
        clients.sort_unstable();
        let mut out = Vec::new();
        for client in clients {
            let group = &self.by_client[client];
            if group.len() < 2 {
                continue;
            }
            let words: Vec<Words> = group.iter().map(|&i| self.words(i)).collect();
            for (x, &a) in group.iter().enumerate() {
                for (y, &b) in group.iter().enumerate().skip(x + 1) {
                    out.extend(self.compare(client, (a, &words[x]), (b, &words[y])));
                }
            }
        }
        out
    }
}

/// Which lead of a pair is the newer one: spotted later, else the later id.
pub fn newer(a: &Candidate, b: &Candidate) -> bool {
    (a.spotted_on, a.id) > (b.spotted_on, b.id)
}

/// Leads linked by matches, each group sorted and listed by its first lead.
pub fn groups(count: usize, matches: &[Match]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..count).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for m in matches {
        let (a, b) = (root(&mut parent, m.first), root(&mut parent, m.second));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut by_root: HashMap<usize, Vec<usize>> = HashMap::default();
    for m in matches {
        for i in [m.first, m.second] {
            let r = root(&mut parent, i);
            by_root.entry(r).or_default().push(i);
        }
    }
    let mut groups: Vec<Vec<usize>> = by_root
        .into_values()
        .map(|mut g| {
            g.sort_unstable();
            g.dedup();
            g
        })
        .collect();
    groups.sort_unstable();
    groups
}

/// Leads that look like one opportunity, linked pair by pair.
#[derive(Debug, Clone, PartialEq)]
pub struct DuplicateGroup {
    /// Indexes of the leads, in order.
    pub leads: Vec<usize>,
    /// The pairs that link them, with their reasons.
    pub pairs: Vec<Match>,
}

/// Every group of possible duplicates among `records` (the ledger's leads with their
/// history), ordered by their first lead; indexes are into `records`.
pub fn find_duplicates(
    records: &[LeadRecord],
    settings: &Settings,
    pipeline: &Pipeline,
    today: Date,
) -> Vec<DuplicateGroup> {
    let candidates: Vec<Candidate> = records
        .iter()
        .map(|r| Candidate::of(&r.id, &r.path, &r.lead, pipeline, r.history.as_ref().map(|_| r.in_stage_since())))
        .collect();
    let matches = Index::new(&candidates, settings, today).all();
    let mut out: Vec<DuplicateGroup> = groups(candidates.len(), &matches)
        .into_iter()
        .map(|leads| DuplicateGroup { leads, pairs: Vec::new() })
        .collect();
    let mut group_of: HashMap<usize, usize> = HashMap::default();
    for (number, group) in out.iter().enumerate() {
        group_of.extend(group.leads.iter().map(|&lead| (lead, number)));
    }
    for found in matches {
        out[group_of[&found.first]].pairs.push(found);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lead<'a>(id: &'a str, client: &'a str, title: &'a str, summary: &'a str) -> Candidate<'a> {
        Candidate { id, path: id, client, title, summary, spotted_on: jiff::civil::date(2026, 3, 1), closed_on: None }
    }

    fn settings() -> Settings {
        Settings::default()
    }

    #[test]
    fn clients_normalise_case_accents_punctuation_and_legal_forms() {
        for (raw, normal) in [
            ("ACME Ltd.", "acme"),
            ("Acme", "acme"),
            ("  acme   limited ", "acme"),
            ("Société Générale S.A.", "societe generale"),
            ("Müller & Söhne GmbH", "muller sohne"),
            ("Globex Corp, Inc.", "globex"),
            ("Ltd", "ltd"),
            ("", ""),
        ] {
            assert_eq!(normalize_client(raw), normal, "{raw}");
        }
    }

    #[test]
    fn a_reworded_title_of_the_same_client_matches_a_different_need_does_not() {
        let leads = [
            lead("acme-billing", "ACME Ltd.", "Billing platform replacement", "Month-end billing takes four days."),
            lead("acme-billing-2", "Acme", "Replace the billing platform", "They want invoices automated."),
            lead("acme-warehouse", "Acme", "Data warehouse migration", "Reports take a night to run."),
            lead("globex-billing", "Globex", "Billing platform replacement", "Month-end billing takes four days."),
        ];
        let index = Index::new(&leads, &settings(), jiff::civil::date(2026, 11, 22));
        let found = index.matches_of(1);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].first, found[0].second), (0, 1));
        assert_eq!(found[0].reason.to_string(), "same client (acme) and a similar title (100 % of words in common)");
        assert!(index.matches_of(2).is_empty());
        assert_eq!(index.all(), found);
        assert_eq!(groups(leads.len(), &found), vec![vec![0, 1]]);
    }

    #[test]
    fn leads_closed_long_ago_and_switched_off_settings_do_not_count() {
        let mut old = lead("acme-old", "Acme", "Billing platform", "");
        old.closed_on = Some(jiff::civil::date(2025, 1, 1));
        let leads = [old, lead("acme-new", "Acme", "Billing platform", "")];
        let today = jiff::civil::date(2026, 11, 22);
        assert!(Index::new(&leads, &settings(), today).all().is_empty());
        for closed_days in [1000, u32::MAX] {
            let long_memory = Settings { closed_days, ..settings() };
            assert_eq!(Index::new(&leads, &long_memory, today).all().len(), 1);
        }
        let off = Settings { enabled: false, closed_days: 1000, ..settings() };
        assert!(Index::new(&leads, &off, today).all().is_empty());
    }
}
