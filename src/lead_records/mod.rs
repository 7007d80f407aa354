//! The ledger's leads with their content and their history together: what `list` and
//! `report` read.
//!
//! Two ways into history, one per need:
//! - the leads as they are now, each with its spotters and status changes:
//!   [`load_leads`] (`list`, `report`). It reads the lead files and replays history
//!   at once, and also works outside git (no history then);
//! - every lead that history knows, with its timeline, including leads since deleted:
//!   [`crate::attribution::attribute_ledger`] (`history`, `show`, `credit`). It needs git.

mod cache;
mod query;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::attribution::{Attributed, Detail, LeadHistory};
use crate::error::Error;
use crate::history::WalkOptions;
use crate::lead::Lead;
use crate::ledger::{LeadFile, Ledger, WalkProblem, find_lead_files, read_source};
use crate::pipeline::Pipeline;
pub use cache::LeadCache;
use cache::{Entry, FileStamp, Stored};
pub use query::{ListQuery, ListRow, SortKey};
use std::time::SystemTime;

/// A lead as its file says now, with its history: a row of `list`, a lead of `report`.
#[derive(Debug, Clone)]
pub struct LeadRecord {
    /// The lead's id: its file name without `.toml`.
    pub id: String,
    /// The lead file's path relative to the ledger root, `/`-separated.
    pub path: String,
    /// What the file holds.
    pub lead: Lead,
    /// `None` when the ledger has no git history to read.
    pub history: Option<LeadHistory>,
}

/// Why an open lead needs attention.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Stale {
    /// Longer in its stage than the pipeline allows.
    InStageTooLong {
        /// Days since it entered its stage, up to today.
        days: i64,
        /// The stage's `stale_days`.
        limit: u32,
    },
    /// `next_step_due` has passed.
    Overdue {
        /// The lead's `next_step_due`.
        due: Date,
    },
    /// `expected_close` has passed and the lead is still open: its value is doubtful.
    ClosePassed {
        /// The lead's `expected_close`.
        expected_close: Date,
    },
    /// Nobody follows it up, and it is past its first stage or has sat in it too long: a
    /// brand-new lead has no owner yet, and finding one is what its first days are for.
    NoOwner,
}

impl Stale {
    /// The reason in a few words, for a table cell.
    pub fn describe(&self) -> String {
        match self {
            Stale::InStageTooLong { days, limit } => {
                format!("{} in stage (limit {limit})", crate::render::count(usize::try_from(*days).unwrap_or(0), "day"))
            }
            Stale::Overdue { due } => format!("next step due {due}"),
            Stale::ClosePassed { expected_close } => format!("expected to close by {expected_close}"),
            Stale::NoOwner => "no owner".to_owned(),
        }
    }
}

impl LeadRecord {
    /// Whether the lead stands at an open stage of `pipeline`; `false` for a stage it does not know.
    pub fn is_open(&self, pipeline: &Pipeline) -> bool {
        pipeline.stage(&self.lead.status).is_some_and(|s| !s.is_closed())
    }

    /// The day the lead entered its current stage: the last status change, else the commit
    /// that recorded it, else the day it was spotted.
    pub fn in_stage_since(&self) -> Date {
        let history = self.history.as_ref();
        let last =
            history.and_then(|h| h.transitions.last().map(|t| t.stamp.time).or(h.created.as_ref().map(|c| c.time)));
        last.map_or(self.lead.spotted_on, crate::attribution::utc_day)
    }

    /// Every reason this open lead is stale as of `today`; empty for closed leads.
    pub fn stale(&self, pipeline: &Pipeline, today: Date) -> Vec<Stale> {
        let Some(stage) = pipeline.stage(&self.lead.status).filter(|s| !s.is_closed()) else { return Vec::new() };
        let mut reasons = Vec::new();
        let days = (today - self.in_stage_since()).get_days() as i64;
        let too_long = stage.stale_days.filter(|limit| days > i64::from(*limit));
        if let Some(limit) = too_long {
            reasons.push(Stale::InStageTooLong { days, limit });
        }
        if let Some(due) = self.lead.next_step_due.filter(|due| *due < today) {
            reasons.push(Stale::Overdue { due });
        }
        if let Some(expected_close) = self.lead.expected_close.filter(|close| *close < today) {
            reasons.push(Stale::ClosePassed { expected_close });
        }
        let first_stage = pipeline.stages.iter().find(|s| !s.is_closed()).is_some_and(|s| s.name == stage.name);
        if self.lead.owner.is_none() && (!first_stage || too_long.is_some()) {
            reasons.push(Stale::NoOwner);
        }
        reasons
    }
}

/// What [`load_leads`] found.
#[derive(Debug)]
pub struct LoadedLeads {
    /// One lead per id, sorted by id.
    pub records: Vec<LeadRecord>,
    /// Lead files that could not be read as leads.
    pub skipped: usize,
    /// Lead files left out because an earlier file (in path order) has the same id: a lead
    /// is counted once, whatever `check` says about its copies.
    pub duplicates: usize,
    /// Lead files found, and how many of them were unchanged and taken from the lead cache.
    pub files: usize,
    /// Of those files, how many were unchanged and taken from the lead cache.
    pub from_cache: usize,
    /// The history's warnings and counts; its leads are in `records`.
    pub history: Attributed,
}

/// The ledger's leads with their spotters and transitions, or with no history when the
/// ledger is not in git. The history is replayed while the files are read: on a big ledger
/// each takes about as long as the other. For every lead history knows, with its whole
/// timeline, use [`crate::attribution::attribute_ledger`].
pub fn load_leads(
    ledger: &Ledger,
    options: &WalkOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<LoadedLeads, Error> {
    let git_dir = crate::history::open_repository(&ledger.root).ok().map(|repo| repo.path().to_owned());
    let cache = git_dir.as_deref().filter(|_| options.use_cache).map(|dir| LeadCache::new(dir, &ledger.leads_dir()));
    let (history, read) = rayon::join(
        || match git_dir {
            Some(_) => crate::attribution::attribute_ledger(ledger, options, Detail::Summary, progress),
            None => Ok(Attributed::default()),
        },
        || read_leads(ledger, cache.as_ref()),
    );
    let mut history = history?;
    history.warnings.extend(read.warnings);
    let parsed = read.parsed.len();
    let records = join(read.parsed, std::mem::take(&mut history.leads));
    Ok(LoadedLeads {
        duplicates: parsed - records.len(),
        records,
        skipped: read.skipped,
        files: read.files,
        from_cache: read.from_cache,
        history,
    })
}

/// The warning for `skipped` lead files that did not read as leads, worded once.
pub fn skipped_leads_warning(skipped: usize) -> String {
    let (files, leads, verb) =
        if skipped == 1 { ("lead file", "a lead", "is") } else { ("lead files", "leads", "are") };
    format!("{skipped} {files} could not be read as {leads} and {verb} left out; `leadger check` says why")
}

/// The lead in the file at `rel` (relative to the ledger root) as it is now, or `None` when it
/// is gone or does not read as a lead (`leadger check` says why). Never through a link.
pub fn read_lead(ledger: &Ledger, rel: &str) -> Option<Lead> {
    let path = crate::ledger::paths::inside(&ledger.root, std::path::Path::new(rel)).ok()?;
    Lead::from_toml(&crate::ledger::read_source(&path).ok()?)
}

type Parsed = Vec<(String, String, Lead)>;

/// Every lead file that reads as a lead, as (id, path, lead), through the lead cache when
/// the ledger is in git, without its history; and warnings about the cache.
pub fn read_files(ledger: &Ledger) -> (Parsed, Vec<String>) {
    let git_dir = crate::history::open_repository(&ledger.root).ok().map(|repo| repo.path().to_owned());
    let cache = git_dir.as_deref().map(|dir| LeadCache::new(dir, &ledger.leads_dir()));
    let read = read_leads(ledger, cache.as_ref());
    (read.parsed, read.warnings)
}

/// A lead file and what it holds now, read from it or from the cache.
struct Read<'c> {
    file: LeadFile,
    stamp: Option<FileStamp>,
    lead: Option<Lead>,
    source: Source<'c>,
}

enum Source<'c> {
    /// Unchanged: the cache's encoding of it.
    Cache(&'c [u8]),
    File,
    /// Not known to be no lead, so not stored.
    Unreadable,
}

struct FilesRead {
    parsed: Parsed,
    /// Files that are not leads.
    skipped: usize,
    files: usize,
    from_cache: usize,
    /// About the cache.
    warnings: Vec<String>,
}

/// Every lead file, parsed, or taken from `cache` when its stamp is unchanged.
fn read_leads(ledger: &Ledger, cache: Option<&LeadCache>) -> FilesRead {
    let mut warnings = Vec::new();
    let read_at = SystemTime::now();
    let walk = find_lead_files(&ledger.leads_dir(), |p| ledger.relative(p));
    // What the walk skipped is said, so that no lead goes missing from a list in silence.
    warnings.extend(walk.problems.iter().map(|problem| match problem {
        WalkProblem::Symlink { rel } => format!("{rel} is a symbolic link and is skipped: links are not followed"),
        WalkProblem::Unreadable { rel, message } => format!("{rel} is skipped: {message}"),
    }));
    let files = walk.files;
    let loaded = cache.map(|c| c.load(&mut warnings)).unwrap_or_default();
    let cached = loaded.entries().unwrap_or_else(|| {
        warnings.extend(cache.map(LeadCache::damaged));
        Vec::new()
    });
    let known = cached.len();
    // Both are sorted by path: pair them in one pass.
    let mut cached = cached.into_iter().peekable();
    let paired: Vec<(LeadFile, Option<Entry>)> = files
        .into_iter()
        .map(|file| {
            while cached.next_if(|e| e.rel < file.rel.as_str()).is_some() {}
            let entry = cached.next_if(|e| e.rel == file.rel);
            (file, entry)
        })
        .collect();
    let read: Vec<Read> = paired
        .into_par_iter()
        .map(|(file, entry)| {
            let stamp = std::fs::symlink_metadata(&file.path).ok().map(|meta| FileStamp::of(&meta));
            if let Some(entry) = entry.filter(|e| Some(e.stamp) == stamp) {
                if let Ok(lead) = entry.decode() {
                    return Read { file, stamp, lead, source: Source::Cache(entry.lead) };
                }
            }
            match read_source(&file.path) {
                Ok(text) => Read { file, stamp, lead: Lead::from_toml(&text), source: Source::File },
                Err(_) => Read { file, stamp, lead: None, source: Source::Unreadable },
            }
        })
        .collect();
    let reused = read.iter().filter(|r| matches!(r.source, Source::Cache(_))).count();
    if let Some(cache) = cache.filter(|_| reused < read.len() || reused < known) {
        let entries = read.iter().filter_map(|r| {
            let stored = match r.source {
                Source::Cache(bytes) => Stored::Encoded(bytes),
                Source::File => Stored::Read(r.lead.as_ref()),
                Source::Unreadable => return None,
            };
            Some((r.file.rel.as_str(), r.stamp?, stored))
        });
        if let Err(warning) = cache.save(read_at, entries) {
            warnings.push(warning);
        }
    }
    let total = read.len();
    let parsed: Parsed = read.into_iter().filter_map(|r| Some((r.file.id?, r.file.rel, r.lead?))).collect();
    FilesRead { skipped: total - parsed.len(), files: total, from_cache: reused, parsed, warnings }
}

/// Pairs each lead with its history; both sides sorted by id, so one pass. Of two files
/// with the same id (`check` reports them), the first in path order is the lead, and the
/// others are left out, so that no lead is counted twice.
fn join(mut parsed: Parsed, histories: Vec<LeadHistory>) -> Vec<LeadRecord> {
    crate::order::sort_by_str_key(&mut parsed, |(id, _, _)| id);
    parsed.dedup_by(|later, first| later.0 == first.0);
    let mut histories = histories.into_iter().peekable();
    parsed
        .into_iter()
        .map(|(id, path, lead)| {
            while histories.next_if(|h| h.id < id).is_some() {}
            LeadRecord { history: histories.next_if(|h| h.id == id), id, path, lead }
        })
        .collect()
}
