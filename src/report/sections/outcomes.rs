//! Outcomes of the leads spotted in the period, by source, kind and client.

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use super::Section;
use crate::lead_records::LeadRecord;
use crate::order::keep_first;
use crate::pipeline::{Outcome, Pipeline};
use crate::render::cell;
use crate::report::page::Page;
use crate::report::scope::Scope;

#[derive(Debug, Serialize)]
pub struct OutcomesSection {
    pub outcomes: Outcomes,
}

#[derive(Debug, Serialize)]
pub struct Outcomes {
    pub by_source: Vec<OutcomeLine>,
    pub by_kind: Vec<OutcomeLine>,
    /// The ten clients with the most leads.
    pub by_client: Vec<OutcomeLine>,
}

#[derive(Debug, Default, Serialize)]
pub struct OutcomeLine {
    pub key: String,
    pub open: usize,
    pub won: usize,
    pub lost: usize,
    pub dropped: usize,
}

impl Section for OutcomesSection {
    fn build(scope: &Scope) -> Self {
        let (leads, pipeline) = (&scope.spotted_in_period, scope.pipeline);
        OutcomesSection {
            outcomes: Outcomes {
                by_source: lines(leads, pipeline, |r| r.lead.source.as_deref().unwrap_or("unknown"), usize::MAX),
                by_kind: lines(leads, pipeline, |r| r.lead.kind.as_deref().unwrap_or("unknown"), usize::MAX),
                by_client: lines(leads, pipeline, |r| &r.lead.client, 10),
            },
        }
    }

    fn markdown(&self, page: &mut Page) {
        page.text("## Outcomes\n\n");
        let o = &self.outcomes;
        for (title, lines) in [("Source", &o.by_source), ("Kind", &o.by_kind), ("Client", &o.by_client)] {
            let rows = lines
                .iter()
                .map(|l| {
                    let counts = [l.open, l.won, l.lost, l.dropped].map(|n| n.to_string());
                    [vec![cell(&l.key)], counts.to_vec()].concat()
                })
                .collect();
            page.table(&[title, "Open", "Won", "Lost", "Dropped"], "lrrrr", rows);
        }
        page.text(
            "Leads spotted in the period by where they were heard, what kind of work they are, and the ten \
             clients with the most leads: how many are still open, and how many were won, lost or dropped.\n\n",
        );
    }
}

fn lines<'r>(
    leads: &[&'r LeadRecord],
    pipeline: &Pipeline,
    key: impl Fn(&'r LeadRecord) -> &'r str,
    limit: usize,
) -> Vec<OutcomeLine> {
    // [open, won, lost, dropped] per key; a line is made only for the keys shown.
    let mut counts: HashMap<&str, [usize; 4]> = HashMap::default();
    for r in leads {
        let slot = match pipeline.stage(&r.lead.status).and_then(|s| s.outcome) {
            None => 0,
            Some(Outcome::Won) => 1,
            Some(Outcome::Lost) => 2,
            Some(Outcome::Dropped) => 3,
        };
        counts.entry(key(r)).or_default()[slot] += 1;
    }
    let mut counts: Vec<(&str, [usize; 4])> = counts.into_iter().collect();
    let order = |a: &(&str, [usize; 4]), b: &(&str, [usize; 4])| {
        let total = |c: &[usize; 4]| c.iter().sum::<usize>();
        total(&b.1).cmp(&total(&a.1)).then_with(|| a.0.cmp(b.0))
    };
    keep_first(&mut counts, limit, order);
    counts
        .into_iter()
        .map(|(key, [open, won, lost, dropped])| OutcomeLine { key: key.to_owned(), open, won, lost, dropped })
        .collect()
}
