//! Headline: open leads, outcomes, win rate and cycle time; the pipeline per currency.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Section;
use crate::pipeline::Outcome;
use crate::render::{NOTHING, amount, cell, days, percent};
use crate::report::markdown::Chart;
use crate::report::page::Page;
use crate::report::scope::Scope;

#[derive(Debug, Serialize)]
pub struct Headline {
    pub totals: Totals,
    /// Current status of every lead spotted up to the end of the period.
    pub by_status: BTreeMap<String, usize>,
    pub pipeline: Vec<CurrencyLine>,
    /// Stage names in pipeline order, for the chart.
    #[serde(skip)]
    pub stages: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Totals {
    pub open: usize,
    pub won: usize,
    pub lost: usize,
    pub dropped: usize,
    /// won / (won + lost) of the leads closed in the period; `null` when none closed.
    pub win_rate: Option<f64>,
    pub median_days_to_win: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct CurrencyLine {
    pub currency: String,
    pub open_value: f64,
    pub weighted_value: f64,
    pub won_value: f64,
}

impl Section for Headline {
    fn build(scope: &Scope) -> Self {
        let count = |o: Outcome| scope.closed.iter().filter(|r| scope.outcome(r) == Some(o)).count();
        let (won, lost, dropped) = (scope.won.len(), count(Outcome::Lost), count(Outcome::Dropped));
        let mut by_status: BTreeMap<String, usize> = scope.pipeline.names().map(|n| (n.to_owned(), 0)).collect();
        for r in &scope.known {
            match by_status.get_mut(&r.lead.status) {
                Some(count) => *count += 1,
                None => _ = by_status.insert(r.lead.status.clone(), 1),
            }
        }
        // Per currency: open value, weighted open value, won value.
        let mut lines: BTreeMap<&str, (f64, f64, f64)> = BTreeMap::new();
        for r in &scope.open {
            if let Some((currency, value, weighted)) = scope.value(r) {
                let entry = lines.entry(currency).or_default();
                entry.0 = crate::credit::add_money(entry.0, value);
                entry.1 = crate::credit::add_money(entry.1, weighted);
            }
        }
        for r in &scope.won {
            if let Some((currency, value, _)) = scope.value(r) {
                let won = &mut lines.entry(currency).or_default().2;
                *won = crate::credit::add_money(*won, value);
            }
        }
        Headline {
            totals: Totals {
                open: scope.open.len(),
                won,
                lost,
                dropped,
                win_rate: (won + lost > 0).then(|| won as f64 / (won + lost) as f64),
                median_days_to_win: scope.cycle_time.map(|c| c.median_days),
            },
            by_status,
            pipeline: lines
                .into_iter()
                .map(|(currency, (open_value, weighted_value, won_value))| CurrencyLine {
                    currency: currency.to_owned(),
                    open_value,
                    weighted_value,
                    won_value,
                })
                .collect(),
            stages: scope.pipeline.names().map(str::to_owned).collect(),
        }
    }

    fn markdown(&self, page: &mut Page) {
        page.text("## Headline\n\n");
        let t = &self.totals;
        page.table(
            &["Open leads", "Won", "Lost", "Dropped", "Win rate", "Median days to win"],
            "rrrrrr",
            vec![vec![
                t.open.to_string(),
                t.won.to_string(),
                t.lost.to_string(),
                t.dropped.to_string(),
                percent(t.win_rate),
                t.median_days_to_win.map_or(NOTHING.into(), days),
            ]],
        );
        let rows = self
            .pipeline
            .iter()
            .map(|p| vec![cell(&p.currency), amount(p.open_value), amount(p.weighted_value), amount(p.won_value)])
            .collect();
        page.table(&["Currency", "Open pipeline", "Weighted", "Won"], "lrrr", rows);
        let stages: Vec<(String, f64)> = self
            .stages
            .iter()
            .map(|s| (s.clone(), *self.by_status.get(s).unwrap_or(&0) as f64))
            .filter(|(_, n)| *n > 0.0)
            .collect();
        if !stages.is_empty() {
            page.chart(&Chart {
                title: "Leads by stage".into(),
                pie: true,
                labels: stages.iter().map(|s| s.0.clone()).collect(),
                values: stages.iter().map(|s| s.1).collect(),
            });
        }
    }
}
