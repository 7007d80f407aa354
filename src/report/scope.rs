//! What every section starts from: the leads sorted once into the groups sections share.

use std::collections::BTreeMap;

use jiff::civil::Date;

use super::stats::{Durations, durations};
use crate::credit::Period;
use crate::lead_records::LeadRecord;
use crate::pipeline::{Outcome, Pipeline};

/// What a user asked `report` for.
pub struct ReportOptions {
    /// The days whose outcomes, credit and new leads the report counts (`--since`, `--until`,
    /// `--period`).
    pub period: Period,
    /// The day the report is as of: stale leads and days in stage count up to it.
    /// [`crate::report_as_of`] gives the day that makes the report a function of the repository.
    pub today: Date,
    /// Show colleagues' emails; off by default, names are enough.
    pub emails: bool,
    /// How many stale leads to list, most days in stage first: [`STALE_SHOWN`] for the
    /// forms people read, all (`None`) for JSON.
    pub stale_shown: Option<usize>,
}

/// How many stale leads Markdown and HTML list. A big ledger can have tens of thousands,
/// and GitHub takes at most 1 MiB of step summary; `leadger list --stale` lists them all.
/// Listing 89k of them was also a tenth of a 100k-lead report's time.
pub const STALE_SHOWN: usize = 100;

/// The inputs of a report and the groups of leads that several sections read, made in one
/// pass each so that no section repeats them.
pub struct Scope<'a> {
    /// Every lead, sorted by id.
    pub records: &'a [LeadRecord],
    pub pipeline: &'a Pipeline,
    pub teams: &'a BTreeMap<String, Vec<String>>,
    pub options: &'a ReportOptions,
    /// Of those, leads still open.
    pub open: Vec<&'a LeadRecord>,
    /// Of those, leads that reached a closed stage in the period.
    pub closed: Vec<&'a LeadRecord>,
    /// Of the closed, the won.
    pub won: Vec<&'a LeadRecord>,
    /// Leads spotted in the period.
    pub spotted_in_period: Vec<&'a LeadRecord>,
    /// Days from spotted to won, of the won.
    pub cycle_time: Option<Durations>,
}

impl<'a> Scope<'a> {
    pub fn new(
        records: &'a [LeadRecord],
        pipeline: &'a Pipeline,
        teams: &'a BTreeMap<String, Vec<String>>,
        options: &'a ReportOptions,
    ) -> Self {
        let period = &options.period;
        let outcome = |r: &LeadRecord| pipeline.stage(&r.lead.status).and_then(|s| s.outcome);
        let known: Vec<&LeadRecord> =
            records.iter().filter(|r| period.until.is_none_or(|u| r.lead.spotted_on <= u)).collect();
        let closed: Vec<&LeadRecord> =
            known.iter().copied().filter(|r| outcome(r).is_some() && period.contains_day(r.in_stage_since())).collect();
        let won: Vec<&LeadRecord> = closed.iter().copied().filter(|r| outcome(r) == Some(Outcome::Won)).collect();
        let cycle_time = durations(won.iter().map(|r| days_between(r.lead.spotted_on, r.in_stage_since())).collect());
        let open = known.iter().copied().filter(|r| r.is_open(pipeline)).collect();
        let spotted_in_period = records.iter().filter(|r| period.contains_day(r.lead.spotted_on)).collect();
        Scope { records, pipeline, teams, options, open, closed, won, spotted_in_period, cycle_time }
    }

    pub fn period(&self) -> &Period {
        &self.options.period
    }

    pub fn outcome(&self, record: &LeadRecord) -> Option<Outcome> {
        self.pipeline.stage(&record.lead.status).and_then(|s| s.outcome)
    }

    /// The lead's value weighted by its stage's win probability, when it has a value.
    pub fn value(&self, record: &'a LeadRecord) -> Option<(&'a str, f64, f64)> {
        let (Some(value), Some(currency)) = (record.lead.estimated_value, &record.lead.currency) else { return None };
        let p = self.pipeline.stage(&record.lead.status).and_then(|s| s.win_probability).unwrap_or(0);
        Some((currency, value, value * f64::from(p) / 100.0))
    }
}

fn days_between(a: Date, b: Date) -> f64 {
    (b - a).get_days() as f64
}
