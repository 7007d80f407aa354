//! The ledger's leads with their content and their history together: what `list` and
//! `report` read.

use std::collections::HashMap;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::attribution::LeadHistory;
use crate::lead::Lead;
use crate::ledger::{Document, Ledger, find_lead_files, read_source};
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

/// Every lead file that parses and fits the model, with its history from `histories`
/// (empty when the ledger has no git history).
/// Returns the records sorted by id, and how many files were skipped (`check` says why).
pub fn load(ledger: &Ledger, histories: Vec<LeadHistory>) -> (Vec<LeadRecord>, usize) {
    let files = find_lead_files(&ledger.leads_dir(), |p| ledger.relative(p)).files;
    let parsed: Vec<Option<(String, String, Lead)>> = files
        .par_iter()
        .map(|f| {
            let text = read_source(&f.path).ok()?;
            let instance = Document::parse(&text).ok()?.to_json();
            let lead: Lead = serde_json::from_value(instance).ok()?;
            Some((f.id.clone()?, f.rel.clone(), lead))
        })
        .collect();
    let skipped = parsed.iter().filter(|p| p.is_none()).count();
    let mut histories: HashMap<String, LeadHistory> = histories.into_iter().map(|h| (h.id.clone(), h)).collect();
    let mut records: Vec<LeadRecord> = parsed
        .into_iter()
        .flatten()
        .map(|(id, path, lead)| LeadRecord { history: histories.remove(&id), id, path, lead })
        .collect();
    records.sort_by(|a, b| a.id.cmp(&b.id));
    (records, skipped)
}
