//! Funnel: of the leads spotted in the period, how many reached each stage.

use serde::Serialize;

use super::Section;
use crate::lead_records::LeadRecord;
use crate::pipeline::Outcome;
use crate::render::{cell, percent};
use crate::report::page::Chart;
use crate::report::page::Page;
use crate::report::palette::stage_colour;
use crate::report::scope::Scope;

#[derive(Debug, Serialize)]
pub struct Funnel {
    pub funnel: Vec<FunnelStep>,
    /// Each step's stage colour, for the chart.
    #[serde(skip)]
    pub colours: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct FunnelStep {
    pub stage: String,
    /// Leads spotted in the period that reached this stage.
    pub reached: usize,
    /// Of those, leads still open at this very stage: not decided yet, so neither gone on
    /// nor dropped off.
    pub still_here: usize,
    /// Of the leads that reached the previous step and are no longer open there, the share
    /// that closed without reaching this one (0 to 1); `null` when none has moved on or closed.
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
        let open_at = |r: &LeadRecord| {
            let stage = scope.pipeline.stage(&r.lead.status).filter(|s| !s.is_closed())?;
            path.iter().position(|p| *p == stage.name)
        };
        let furthest = |r: &LeadRecord| {
            let seen = r.history.iter().flat_map(|h| h.transitions.iter().flat_map(|t| [&*t.from, &*t.to]));
            // Every lead starts at the first stage, even one recorded as already lost.
            seen.chain([r.lead.status.as_str()]).filter_map(|s| path.iter().position(|p| *p == s)).max().or(Some(0))
        };
        let reach: Vec<(Option<usize>, Option<usize>)> =
            scope.spotted_in_period.iter().map(|r| (furthest(r), open_at(r))).collect();
        let mut steps: Vec<FunnelStep> = Vec::new();
        for (i, stage) in path.iter().enumerate() {
            let reached = reach.iter().filter(|(f, _)| f.is_some_and(|f| f >= i)).count();
            let still_here = reach.iter().filter(|(_, open)| *open == Some(i)).count();
            // A lead still open at the previous stage has not dropped off: it is undecided.
            let drop_off = steps.last().and_then(|p| {
                let decided = p.reached - p.still_here;
                (decided > 0).then(|| 1.0 - reached as f64 / decided as f64)
            });
            steps.push(FunnelStep { stage: (*stage).to_owned(), reached, still_here, drop_off });
        }
        let colours = path.iter().map(|s| stage_colour(scope.pipeline, s)).collect();
        Funnel { funnel: steps, colours }
    }

    fn markdown(&self, page: &mut Page) {
        page.text("## Funnel\n\nOf the leads spotted in the period, how many reached each stage.\n\n");
        let rows = self
            .funnel
            .iter()
            .map(|f| vec![cell(&f.stage), f.reached.to_string(), f.still_here.to_string(), percent(f.drop_off)])
            .collect();
        page.table(&["Stage", "Reached", "Still there", "Drop-off"], "lrrr", rows);
        page.text(
            "Reached: leads that got at least this far. Still there: open leads at this stage, not decided \
             yet. Drop-off: of the leads decided at the stage above (moved on or closed), the share that \
             closed without reaching this one.\n\n",
        );
        if self.funnel.iter().any(|f| f.reached > 0) {
            page.chart(&Chart {
                title: "Leads reaching each stage".into(),
                pie: false,
                labels: self.funnel.iter().map(|f| f.stage.clone()).collect(),
                values: self.funnel.iter().map(|f| f.reached as f64).collect(),
                colours: self.colours.clone(),
            });
        }
    }
}
