//! The ledger's leads with their content and their history together: what `list` and
//! `report` read.

use jiff::civil::Date;
use rayon::prelude::*;

use crate::attribution::{Attributed, Detail, LeadHistory};
use crate::error::Error;
use crate::history::WalkOptions;
use crate::lead::Lead;
use crate::ledger::{Ledger, find_lead_files, read_source};
use crate::pipeline::Pipeline;

#[derive(Debug, Clone)]
pub struct LeadRecord {
    pub id: String,
    pub path: String,
    pub lead: Lead,
    /// `None` when the ledger has no git history to read.
    pub history: Option<LeadHistory>,
}

/// Why an open lead needs attention.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "reason")]
pub enum Stale {
    /// Longer in its stage than the pipeline allows.
    InStageTooLong { days: i64, limit: u32 },
    /// `next_step_due` has passed.
    Overdue { due: Date },
    /// Nobody follows it up.
    NoOwner,
}

impl LeadRecord {
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
        if let Some(limit) = stage.stale_days.filter(|limit| days > i64::from(*limit)) {
            reasons.push(Stale::InStageTooLong { days, limit });
        }
        if let Some(due) = self.lead.next_step_due.filter(|due| *due < today) {
            reasons.push(Stale::Overdue { due });
        }
        if self.lead.owner.is_none() {
            reasons.push(Stale::NoOwner);
        }
        reasons
    }
}

/// What [`load_with_history`] found.
#[derive(Debug)]
pub struct Loaded {
    pub records: Vec<LeadRecord>,
    /// Lead files that could not be read as leads.
    pub skipped: usize,
    /// The history's warnings and counts; its leads are in `records`.
    pub history: Attributed,
}

/// The ledger's leads with their spotters and transitions, or with no history when the
/// ledger is not in git. The history is replayed while the files are read: on a big ledger
/// each takes about as long as the other.
pub fn load_with_history(
    ledger: &Ledger,
    options: &WalkOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Loaded, Error> {
    let in_git = crate::history::open_repository(&ledger.root).is_ok();
    let (history, (parsed, skipped)) = rayon::join(
        || match in_git {
            true => crate::attribution::for_ledger(ledger, options, Detail::Summary, progress),
            false => Ok(Attributed::default()),
        },
        || read_leads(ledger),
    );
    let mut history = history?;
    let records = join(parsed, std::mem::take(&mut history.leads));
    Ok(Loaded { records, skipped, history })
}

type Parsed = Vec<Option<(String, String, Lead)>>;

fn read_leads(ledger: &Ledger) -> (Parsed, usize) {
    let files = find_lead_files(&ledger.leads_dir(), |p| ledger.relative(p)).files;
    let parsed: Parsed = files
        .into_par_iter()
        .map(|f| {
            let lead = Lead::from_toml(&read_source(&f.path).ok()?)?;
            Some((f.id?, f.rel, lead))
        })
        .collect();
    let skipped = parsed.iter().filter(|p| p.is_none()).count();
    (parsed, skipped)
}

/// Pairs each lead with its history; both sides sorted by id, so one pass. Of two files
/// with the same id (`check` reports them), the first in path order gets the history.
fn join(parsed: Parsed, histories: Vec<LeadHistory>) -> Vec<LeadRecord> {
    let mut parsed: Vec<(String, String, Lead)> = parsed.into_iter().flatten().collect();
    parsed.par_sort_by(|a, b| a.0.cmp(&b.0));
    let mut histories = histories.into_iter().peekable();
    parsed
        .into_iter()
        .map(|(id, path, lead)| {
            while histories.next_if(|h| h.id < id).is_some() {}
            LeadRecord { history: histories.next_if(|h| h.id == id), id, path, lead }
        })
        .collect()
}
