//! Who spotted and who advanced each lead, replayed from the history's events.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

use serde::{Serialize, Serializer};

use crate::history::{
    At, ChangeInPlace, ChangeKind, CommitInPlace, FieldChange, PairedBy, RawPerson, Records, Snapshot, Undecodable,
    lead_id,
};
use crate::identity::{Identities, Person};

/// A commit, as a timeline shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitStamp {
    /// The commit id.
    #[serde(serialize_with = "hex")]
    pub commit: [u8; 20],
    /// Author time, seconds since the epoch.
    #[serde(serialize_with = "rfc3339")]
    pub time: i64,
    /// The author, through `.mailmap`.
    pub author: Person,
}

/// A lead's move from one status to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transition {
    /// The status before.
    pub from: Arc<str>,
    /// The status after.
    pub to: Arc<str>,
    /// Shared by every event and transition of its commit.
    #[serde(flatten)]
    pub stamp: Arc<CommitStamp>,
    /// False for bots and for commits in `.git-blame-ignore-revs`: in the timeline, not in credit.
    pub credited: bool,
}

/// What happened to a lead in one commit, as its timeline tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind<'a> {
    /// The lead's file appeared.
    Created,
    /// The lead's file appeared again after it had been deleted.
    Restored,
    /// The file's content changed in place.
    Modified,
    /// The file went to another folder under the same id.
    Moved {
        /// The path it was at.
        from: &'a str,
        /// What paired the old file with the new one.
        paired_by: PairedBy,
    },
    /// The lead took a new id (its file was paired with the old one by content).
    Renamed {
        /// The path it was at.
        from: &'a str,
        /// The id it had.
        from_id: &'a str,
        /// What paired the old file with the new one.
        paired_by: PairedBy,
    },
    /// The file was deleted.
    Deleted,
}

impl EventKind<'_> {
    /// The kind's name in JSON.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Created => "created",
            EventKind::Restored => "restored",
            EventKind::Modified => "modified",
            EventKind::Moved { .. } => "moved",
            EventKind::Renamed { .. } => "renamed",
            EventKind::Deleted => "deleted",
        }
    }
}

/// One change of a lead in one commit. The change itself stays encoded in the history's
/// records and is read again when shown: copied out, the field changes of 400k events were
/// most of a `history` run's memory.
#[derive(Clone)]
pub struct Event {
    /// Shared by every event and transition of its commit.
    pub stamp: Arc<CommitStamp>,
    /// The commit is listed in `.git-blame-ignore-revs`.
    pub ignored: bool,
    /// A creation where the lead had been deleted: only the replay knows, not the record.
    restored: bool,
    records: Arc<Records>,
    at: At,
}

/// What an event did, read again from the history's records.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDetail<'a> {
    /// What happened.
    pub kind: EventKind<'a>,
    /// The lead's path after the event (before it, for a deletion).
    pub path: &'a str,
    /// The fields that changed, in the new file's key order, then removed keys.
    pub fields: Vec<FieldChange<&'a str>>,
}

impl Event {
    /// What happened, where, and to which fields.
    pub fn detail(&self) -> EventDetail<'_> {
        let change = self.records.change_at(self.at).expect("the replay read this change from these very bytes");
        let kind = match change.kind {
            ChangeKind::Created if self.restored => EventKind::Restored,
            ChangeKind::Created => EventKind::Created,
            ChangeKind::Modified => EventKind::Modified,
            ChangeKind::Moved { from, paired_by } => EventKind::Moved { from, paired_by },
            ChangeKind::Renamed { from, paired_by } => EventKind::Renamed { from, from_id: lead_id(from), paired_by },
            ChangeKind::Deleted => EventKind::Deleted,
        };
        EventDetail { kind, path: change.path, fields: change.fields }
    }
}

impl PartialEq for Event {
    fn eq(&self, other: &Event) -> bool {
        (&self.stamp, self.ignored) == (&other.stamp, other.ignored) && self.detail() == other.detail()
    }
}

impl std::fmt::Debug for Event {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Event").field("stamp", &self.stamp).field("detail", &self.detail()).finish()
    }
}

/// The JSON contract of an event.
#[derive(Serialize)]
struct EventJson<'a> {
    kind: &'static str,
    #[serde(flatten)]
    stamp: &'a CommitStamp,
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_path: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    from_id: Option<&'a str>,
    /// Why a moved or renamed file was taken for the same lead.
    #[serde(skip_serializing_if = "Option::is_none")]
    paired_by: Option<&'static str>,
    changes: &'a [FieldChange<&'a str>],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    ignored: bool,
}

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let detail = self.detail();
        let (from_path, from_id, paired_by) = match detail.kind {
            EventKind::Moved { from, paired_by } => (Some(from), None, Some(paired_by.name())),
            EventKind::Renamed { from, from_id, paired_by } => (Some(from), Some(from_id), Some(paired_by.name())),
            EventKind::Created | EventKind::Restored | EventKind::Modified | EventKind::Deleted => (None, None, None),
        };
        EventJson {
            kind: detail.kind.name(),
            stamp: &self.stamp,
            path: detail.path,
            from_path,
            from_id,
            paired_by,
            changes: &detail.fields,
            ignored: self.ignored,
        }
        .serialize(s)
    }
}

/// A lead's change of id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rename {
    /// The id it had.
    pub from_id: String,
    /// What paired the old file with the new one.
    #[serde(serialize_with = "paired_by_name")]
    pub paired_by: PairedBy,
    /// The commit that renamed it.
    #[serde(flatten)]
    pub stamp: Arc<CommitStamp>,
}

fn paired_by_name<S: Serializer>(by: &PairedBy, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(by.name())
}

/// One lead's timeline: who spotted it, and every move and change since.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeadHistory {
    /// The lead's id at the tip.
    pub id: String,
    /// Its path at the tip, relative to the ledger root.
    pub path: Arc<str>,
    /// Its status at the tip.
    pub status: Option<Arc<str>>,
    /// The commit that created it (the earliest one, if created on several branches).
    pub created: Option<Arc<CommitStamp>>,
    /// From `spotted_by` when the lead has it, else from the creating commit.
    pub spotters: Vec<Person>,
    /// What history alone says, to point out a disagreement with `spotted_by`.
    pub history_spotters: Vec<Person>,
    /// The spotters come from the lead's `spotted_by` field.
    pub spotted_by_field: bool,
    /// Its status changes, oldest first.
    pub transitions: Vec<Transition>,
    /// Empty unless replayed with [`Detail::Events`].
    pub events: Vec<Event>,
    /// The ids the lead had before, and what told they were the same lead: what a surprising
    /// credit is explained by. Kept in every replay; renames are few.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub renames: Vec<Rename>,
    /// In the working tree but never committed.
    pub uncommitted: bool,
    /// Its file was deleted by the last change seen; dropped before a replay returns.
    #[serde(skip)]
    pub deleted: bool,
    /// What the lead said after its last change.
    #[serde(skip)]
    pub snapshot: Snapshot,
}

fn hex<S: Serializer>(id: &[u8; 20], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&git2::Oid::from_bytes(id).map(|o| o.to_string()).unwrap_or_default())
}

fn rfc3339<S: Serializer>(time: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&format_time(*time))
}

/// The calendar day (UTC) of a commit time.
pub fn utc_day(time: i64) -> jiff::civil::Date {
    // A fixed offset converts by arithmetic; a `TimeZone` would be looked up for every call.
    jiff::Timestamp::from_second(time).map(|t| jiff::tz::Offset::UTC.to_datetime(t).date()).unwrap_or_default()
}

/// A commit time as RFC 3339, in UTC.
pub fn format_time(time: i64) -> String {
    jiff::Timestamp::from_second(time).map(|t| t.to_string()).unwrap_or_default()
}

/// Commits whose edits earn no credit: `.git-blame-ignore-revs` (full ids, `#` comments).
pub fn parse_ignore_revs(text: &str) -> HashSet<[u8; 20]> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or_default().trim())
        .filter_map(|l| git2::Oid::from_str(l).ok().filter(|_| l.len() == 40))
        .filter_map(|o| o.as_bytes().try_into().ok())
        .collect()
}

/// How much of each timeline a replay keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// Every event, as `history` and `show` print them, and lead files not yet committed.
    Events,
    /// Spotters and transitions only: what credit, lists and reports count. Events are most
    /// of a replay's memory and a third of its time.
    Summary,
}

struct Replay<'a> {
    records: &'a Arc<Records>,
    ids: &'a mut Identities,
    ignore: &'a HashSet<[u8; 20]>,
    detail: Detail,
    leads: Vec<LeadHistory>,
    /// Where each lead's latest snapshot is, read once at the end.
    snapshots: Vec<Option<At>>,
    by_id: HashMap<String, usize>,
    /// Statuses are a handful of words repeated in every transition: one allocation each.
    statuses: HashSet<Arc<str>>,
}

/// Replays the history into one timeline per lead; returns the leads present at the tip
/// (deleted ones are dropped), sorted by id. With [`Detail::Events`], the events keep
/// `records` alive.
pub fn attribute(
    records: &Arc<Records>,
    ids: &mut Identities,
    ignore: &HashSet<[u8; 20]>,
    detail: Detail,
) -> Result<Vec<LeadHistory>, Undecodable> {
    let mut replay = Replay {
        records,
        ids,
        ignore,
        detail,
        leads: Vec::new(),
        snapshots: Vec::new(),
        by_id: HashMap::default(),
        statuses: HashSet::default(),
    };
    for commit in records.commits() {
        replay.commit(commit?)?;
    }
    let Replay { ids, mut leads, snapshots, .. } = replay;
    for (lead, at) in leads.iter_mut().zip(snapshots) {
        if let Some(at) = at.filter(|_| !lead.deleted) {
            lead.snapshot = records.change_at(at)?.snapshot.ok_or(Undecodable)?.to_owned_strings();
        }
    }
    leads.retain(|l| !l.deleted);
    for lead in &mut leads {
        finish(lead, ids);
    }
    crate::order::sort_by_str_key(&mut leads, |lead| &lead.id);
    Ok(leads)
}

impl Replay<'_> {
    fn intern(&mut self, status: &str) -> Arc<str> {
        if let Some(known) = self.statuses.get(status) {
            return known.clone();
        }
        let status: Arc<str> = Arc::from(status);
        self.statuses.insert(status.clone());
        status
    }

    fn commit(&mut self, commit: CommitInPlace) -> Result<(), Undecodable> {
        let Some(info) = commit.info else { return Ok(()) };
        let author = self.ids.resolve_parts(info.author.name, info.author.email);
        let stamp = Arc::new(CommitStamp { commit: commit.id, time: info.time, author: author.clone() });
        let ignored = self.ignore.contains(&commit.id);
        let credited = !ignored && !self.ids.is_bot(&author);
        let mut creators: Vec<Person> = std::iter::once(&info.author)
            .chain(&info.co_authors)
            .map(|p| self.ids.resolve_parts(p.name, p.email))
            .collect();
        creators.retain(|p| !self.ids.is_bot(p));
        dedupe(&mut creators);

        for change in info.changes {
            let (at, change) = change?;
            let (index, restored) = self.lead_of(&change, &stamp, &creators);
            let next = change.snapshot.as_ref().and_then(|s| s.status).map(|s| self.intern(s));
            let lead = &mut self.leads[index];
            // From status to status, whatever the event: a restore or rename can move it too.
            if let (Some(from), Some(to)) = (&lead.status, &next) {
                if from != to {
                    lead.transitions.push(Transition {
                        from: from.clone(),
                        to: to.clone(),
                        stamp: stamp.clone(),
                        credited,
                    });
                }
            }
            if self.detail == Detail::Events {
                let records = self.records.clone();
                lead.events.push(Event { stamp: stamp.clone(), ignored, restored, records, at });
            }
            lead.deleted = matches!(change.kind, ChangeKind::Deleted);
            if !lead.deleted {
                if *lead.path != *change.path {
                    lead.path = Arc::from(change.path);
                }
                if change.snapshot.is_some() {
                    lead.status = next;
                    self.snapshots[index] = Some(at);
                }
            }
        }
        Ok(())
    }

    /// The lead a change is about, by id (following a rename to its new id) or new; and
    /// whether the change restores a deleted lead.
    fn lead_of(&mut self, change: &ChangeInPlace, stamp: &Arc<CommitStamp>, creators: &[Person]) -> (usize, bool) {
        let id = change.id();
        let (from_id, paired_by) = match change.kind {
            ChangeKind::Renamed { from, paired_by } => (Some(lead_id(from)), Some(paired_by)),
            _ => (None, None),
        };
        let created = matches!(change.kind, ChangeKind::Created);
        let index = match from_id {
            Some(old) => match self.by_id.remove(old) {
                Some(i) => {
                    self.by_id.insert(id.to_owned(), i);
                    self.leads[i].id = id.to_owned();
                    if let (Some(from_id), Some(paired_by)) = (from_id, paired_by) {
                        let rename = Rename { from_id: from_id.to_owned(), paired_by, stamp: stamp.clone() };
                        self.leads[i].renames.push(rename);
                    }
                    Some(i)
                }
                None => None,
            },
            None => self.by_id.get(id).copied(),
        };
        match index {
            Some(i) if created && self.leads[i].deleted => (i, true),
            Some(i) if created => {
                // Created again on another branch: the earliest creation holds the credit.
                let lead = &mut self.leads[i];
                if lead.created.as_ref().is_some_and(|c| (stamp.time, stamp.commit) < (c.time, c.commit)) {
                    lead.created = Some(stamp.clone());
                    lead.history_spotters = creators.to_vec();
                }
                (i, false)
            }
            Some(i) => (i, false),
            None => {
                // First seen here (a creation, or history that starts mid-way).
                self.leads.push(LeadHistory {
                    id: id.to_owned(),
                    path: Arc::from(change.path),
                    status: None,
                    created: Some(stamp.clone()),
                    spotters: Vec::new(),
                    history_spotters: creators.to_vec(),
                    spotted_by_field: false,
                    transitions: Vec::new(),
                    events: Vec::new(),
                    renames: Vec::new(),
                    uncommitted: false,
                    deleted: false,
                    snapshot: Snapshot::default(),
                });
                self.snapshots.push(None);
                self.by_id.insert(id.to_owned(), self.leads.len() - 1);
                (self.leads.len() - 1, false)
            }
        }
    }
}

fn finish(lead: &mut LeadHistory, ids: &mut Identities) {
    // Timelines read oldest first whatever the (valid) topological order was.
    lead.events.sort_by_key(|e| (e.stamp.time, e.stamp.commit));
    lead.transitions.sort_by_key(|t| (t.stamp.time, t.stamp.commit));
    let declared: Vec<Person> =
        lead.snapshot.spotted_by.iter().filter_map(|s| RawPerson::parse(s)).map(|p| ids.resolve(&p)).collect();
    lead.spotted_by_field = !declared.is_empty();
    lead.spotters = if declared.is_empty() { lead.history_spotters.clone() } else { declared };
    dedupe(&mut lead.spotters);
}

/// One entry per person (by identity key), in a stable order.
fn dedupe(people: &mut Vec<Person>) {
    if people.len() < 2 {
        return;
    }
    let mut seen = HashSet::default();
    people.retain(|p| seen.insert(p.key()));
    people.sort_by_key(|p| p.email.to_lowercase());
}

/// A ledger's leads with their timelines, and what is worth telling about the run.
#[derive(Debug, Default)]
pub struct Attributed {
    /// The leads, sorted by id.
    pub leads: Vec<LeadHistory>,
    /// Things worth telling that did not stop the run.
    pub warnings: Vec<String>,
    /// Commits in the history.
    pub commits: usize,
    /// Commits processed, as opposed to read from the cache.
    pub processed: usize,
}

/// History, identities and the ignore list of `ledger`, replayed into timelines. At HEAD,
/// lead files not yet committed are listed as uncommitted, with no spotter. For the leads as
/// they are now, with their history, use [`crate::lead_records::load_leads`].
pub fn attribute_ledger(
    ledger: &crate::ledger::Ledger,
    options: &crate::history::WalkOptions,
    detail: Detail,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Attributed, crate::error::Error> {
    let repo = crate::history::open_repository(&ledger.root)?;
    let ignore_file = [ledger.root.clone(), repo.workdir().map(|w| w.to_owned()).unwrap_or_default()]
        .into_iter()
        .map(|dir| dir.join(".git-blame-ignore-revs"))
        .find(|p| p.is_file());
    let ignore = ignore_file
        .and_then(|p| crate::ledger::read_text(&p, crate::ledger::MAX_CONFIG_SIZE).ok())
        .map(|t| parse_ignore_revs(&t))
        .unwrap_or_default();
    let replay = |history: crate::history::History| {
        let crate::history::History { records, warnings, processed, .. } = history;
        let mut ids = Identities::new(Some(&repo), &ledger.config.attribution);
        let commits = records.len();
        // Events point into the records; without them, the encoded history is freed here,
        // before anything else is loaded.
        let records = Arc::new(records);
        let leads = attribute(&records, &mut ids, &ignore, detail);
        (leads, Attributed { leads: Vec::new(), warnings, commits, processed })
    };
    let (leads, mut attributed) = match replay(crate::history::read_history(ledger, options, progress)?) {
        (Err(Undecodable), damaged) if options.use_cache => {
            // The cache passed its checksum yet does not decode: it is rebuilt like any
            // damaged cache, not left to stop every later run.
            let (warning, removed) = match crate::history::forget_cache(repo.path()) {
                Ok(warning) => (warning, true),
                Err(warning) => (warning, false),
            };
            let options = crate::history::WalkOptions { use_cache: removed, ..options.clone() };
            let (leads, mut rebuilt) = replay(crate::history::read_history(ledger, &options, progress)?);
            rebuilt.warnings.splice(0..0, damaged.warnings.into_iter().chain(std::iter::once(warning)));
            (leads, rebuilt)
        }
        (leads, attributed) => (leads, attributed),
    };
    attributed.warnings.extend(crate::identity::unusable_mailmap(&repo));
    let mut leads = leads.map_err(|_| {
        crate::error::ErrorKind::DamagedCache { path: crate::history::cache_path(repo.path()) }
            .hinted("please report it: leadger made history records it cannot read")
    })?;
    if options.rev.is_none() && detail == Detail::Events {
        add_uncommitted(ledger, &mut leads);
    }
    attributed.leads = leads;
    Ok(attributed)
}

fn add_uncommitted(ledger: &crate::ledger::Ledger, leads: &mut Vec<LeadHistory>) {
    let known: HashSet<&str> = leads.iter().map(|l| l.id.as_str()).collect();
    let mut new = Vec::new();
    crate::ledger::visit_lead_files(
        &ledger.leads_dir(),
        |p| ledger.relative(p),
        |file| {
            if file.id.as_deref().is_some_and(|id| !known.contains(id)) {
                new.push(file);
            }
        },
    );
    for file in new {
        let Some(id) = file.id else { continue };
        let table: Option<toml::Table> =
            crate::ledger::read_source(&file.path).ok().and_then(|t| toml::from_str(&t).ok());
        let snapshot = table.as_ref().map(Snapshot::of).unwrap_or_default();
        leads.push(LeadHistory {
            id,
            path: Arc::from(file.rel),
            status: snapshot.status.as_deref().map(Arc::from),
            created: None,
            spotters: Vec::new(),
            history_spotters: Vec::new(),
            spotted_by_field: false,
            transitions: Vec::new(),
            events: Vec::new(),
            renames: Vec::new(),
            uncommitted: true,
            deleted: false,
            snapshot,
        });
    }
    leads.sort_by(|a, b| a.id.cmp(&b.id));
}

/// The lead `id` names (whole or a unique prefix), or an error that lists the candidates or
/// suggests the closest id.
pub fn find_lead_history<'a>(leads: &'a [LeadHistory], id: &str) -> Result<&'a LeadHistory, crate::error::Error> {
    let id = crate::lead::resolve_id(id, leads.iter().map(|l| l.id.as_str()), "leadger history")?;
    Ok(leads.iter().find(|l| l.id == id).expect("resolved among these leads"))
}
