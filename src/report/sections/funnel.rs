//! Funnel: of the leads spotted in the period, how many reached each stage.

use serde::Serialize;

use super::Section;
use crate::leads::LeadRecord;
use crate::pipeline::Outcome;
use crate::render::{cell, percent};
use crate::report::page::Page;
use crate::report::scope::Scope;

#[derive(Debug, Serialize)]
pub struct Funnel {
    pub funnel: Vec<FunnelStep>,
}

#[derive(Debug, Serialize)]
pub struct FunnelStep {
    pub stage: String,
    /// Leads spotted in the period that reached this stage.
    pub reached: usize,
    /// Share lost from the previous step (0 to 1).
    pub drop_off: Option<f64>,
}

impl Section for Funnel {
    /// How many leads reached each open stage and the won stage: a lead reached every stage
    /// up to the furthest one it stood at.
    fn build(scope: &Scope) -> Self {
        let path: Vec<&str> = scope
            .pipeline
            .stages
            .iter()
            .filter(|s| !s.is_closed() || s.outcome == Some(Outcome::Won))
            .map(|s| s.name.as_str())
            .collect();
        let furthest = |r: &LeadRecord| {
            let seen = r.history.iter().flat_map(|h| h.transitions.iter().flat_map(|t| [&*t.from, &*t.to]));
            // Every lead starts at the first stage, even one recorded as already lost.
            seen.chain([r.lead.status.as_str()]).filter_map(|s| path.iter().position(|p| *p == s)).max().or(Some(0))
        };
        let reach: Vec<Option<usize>> = scope.spotted_in_period.iter().map(|r| furthest(r)).collect();
        let mut steps: Vec<FunnelStep> = Vec::new();
        for (i, stage) in path.iter().enumerate() {
            let reached = reach.iter().filter(|f| f.is_some_and(|f| f >= i)).count();
            let drop_off = steps.last().filter(|p| p.reached > 0).map(|p| 1.0 - reached as f64 / p.reached as f64);
            steps.push(FunnelStep { stage: (*stage).to_owned(), reached, drop_off });
        }
        Funnel { funnel: steps }
    }

    fn markdown(&self, page: &mut Page) {
        page.text("## Funnel\n\nOf the leads spotted in the period, how many reached each stage.\n\n");
        let rows =
            self.funnel.iter().map(|f| vec![cell(&f.stage), f.reached.to_string(), percent(f.drop_off)]).collect();
        page.table(&["Stage", "Reached", "Drop-off"], "lrr", rows);
    }
}
