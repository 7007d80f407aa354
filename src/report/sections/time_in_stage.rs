//! Time in stage and cycle time: median and p90 days, from history.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Section;
use crate::render::{cell, days};
use crate::report::page::Page;
use crate::report::scope::Scope;
use crate::report::stats::{Durations, durations};

#[derive(Debug, Serialize)]
pub struct TimeInStage {
    pub time_in_stage: Vec<StageTime>,
    pub cycle_time: Option<Durations>,
}

#[derive(Debug, Serialize)]
pub struct StageTime {
    pub stage: String,
    #[serde(flatten)]
    pub durations: Durations,
}

impl Section for TimeInStage {
    fn build(scope: &Scope) -> Self {
        // A stay counts in the period its leaving does.
        let mut stays: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        for h in scope.records.iter().filter_map(|r| r.history.as_ref()) {
            let mut entered = h.created.as_ref().map(|c| c.time);
            for t in &h.transitions {
                if let Some(start) = entered.filter(|_| scope.period().contains(t.stamp.time)) {
                    stays.entry(&t.from).or_default().push(t.stamp.time.saturating_sub(start) as f64 / 86_400.0);
                }
                entered = Some(t.stamp.time);
            }
        }
        let time_in_stage = scope
            .pipeline
            .stages
            .iter()
            .filter(|s| !s.is_closed())
            .filter_map(|s| {
                durations(stays.remove(s.name.as_str()).unwrap_or_default())
                    .map(|d| StageTime { stage: s.name.clone(), durations: d })
            })
            .collect();
        TimeInStage { time_in_stage, cycle_time: scope.cycle_time }
    }

    fn markdown(&self, page: &mut Page) {
        page.text("## Time in stage\n\n");
        let mut rows: Vec<Vec<String>> = self
            .time_in_stage
            .iter()
            .map(|s| {
                let d = &s.durations;
                vec![cell(&s.stage), days(d.median_days), days(d.p90_days), d.samples.to_string()]
            })
            .collect();
        if let Some(c) = &self.cycle_time {
            rows.push(vec!["spotted to won".into(), days(c.median_days), days(c.p90_days), c.samples.to_string()]);
        }
        page.table(&["Stage", "Median days", "p90 days", "Leads"], "lrrr", rows);
    }
}
