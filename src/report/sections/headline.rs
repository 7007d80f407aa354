//! Headline: open leads, outcomes, win rate and cycle time; the pipeline per currency.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Section;
use crate::pipeline::Outcome;
use crate::render::{NOTHING, amount, cell, days, percent};
use crate::report::page::Chart;
use crate::report::page::Page;
use crate::report::palette::stage_colour;
use crate::report::scope::Scope;

#[derive(Debug, Serialize)]
pub struct Headline {
    pub totals: Totals,
    /// The headline's leads by stage: open leads at their stage, and leads closed in the
    /// period at the stage they closed in; so with a period it follows the period.
    pub by_status: BTreeMap<String, usize>,
    pub pipeline: Vec<CurrencyLine>,
    /// Stage names in pipeline order with their colours and win probabilities, for the chart
    /// and the explanation.
    #[serde(skip)]
    pub stages: Vec<(String, &'static str, Option<u8>)>,
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
    /// The part of `open_value` whose expected close date has passed.
    pub overdue_value: f64,
}

/// What the default stages mean, for a reader new to sales.
const MEANINGS: [(&str, &str); 6] = [
    ("new", "someone heard of a need"),
    ("qualified", "someone confirmed the client wants it"),
    ("proposal", "the client has an offer"),
    ("won", "the client signed"),
    ("lost", "the client said no or chose someone else"),
    ("dropped", "not pursued: no fit, a duplicate, bad timing"),
];

/// What the headline's numbers count, and the words a reader new to sales needs, said once.
fn explained(stages: &[(String, &'static str, Option<u8>)]) -> String {
    let chances: Vec<String> =
        stages.iter().filter_map(|(name, _, p)| Some(format!("{} {p} %", cell(name), p = (*p)?))).collect();
    let mut text = String::from(
        "Open leads are still being pursued; won, lost and dropped count the leads that closed in the period. \
         Win rate is won / (won + lost). Open pipeline is the estimated value of the open leads, and \
         \"past expected close\" the part of it whose `expected_close` has gone by (overdue: check those); \
         weighted is the open value times the chance of winning at each lead's stage",
    );
    if !chances.is_empty() {
        text.push_str(&format!(" ({})", chances.join(", ")));
    }
    text.push_str(".\n\n");
    let meanings: Vec<String> = stages
        .iter()
        .filter_map(|(name, _, _)| MEANINGS.iter().find(|(n, _)| n == name).map(|(n, m)| format!("*{n}*: {m}")))
        .collect();
    if !meanings.is_empty() {
        text.push_str(&format!("Stages — {}.\n\n", meanings.join("; ")));
    }
    text
}

impl Section for Headline {
    fn build(scope: &Scope) -> Self {
        let count = |o: Outcome| scope.closed.iter().filter(|r| scope.outcome(r) == Some(o)).count();
        let (won, lost, dropped) = (scope.won.len(), count(Outcome::Lost), count(Outcome::Dropped));
        let mut by_status: BTreeMap<String, usize> = scope.pipeline.names().map(|n| (n.to_owned(), 0)).collect();
        for r in scope.open.iter().chain(&scope.closed) {
            match by_status.get_mut(&r.lead.status) {
                Some(count) => *count += 1,
                None => _ = by_status.insert(r.lead.status.clone(), 1),
            }
        }
        // Per currency: open value, weighted open value, won value.
        let mut lines: BTreeMap<&str, (f64, f64, f64, f64)> = BTreeMap::new();
        for r in &scope.open {
            if let Some((currency, value, weighted)) = scope.value(r) {
                let entry = lines.entry(currency).or_default();
                entry.0 = crate::credit::add_money(entry.0, value);
                entry.1 = crate::credit::add_money(entry.1, weighted);
                if r.lead.expected_close.is_some_and(|close| close < scope.options.today) {
                    entry.3 = crate::credit::add_money(entry.3, value);
                }
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
                .map(|(currency, (open_value, weighted_value, won_value, overdue_value))| CurrencyLine {
                    currency: currency.to_owned(),
                    open_value,
                    weighted_value,
                    won_value,
                    overdue_value,
                })
                .collect(),
            stages: scope
                .pipeline
                .stages
                .iter()
                .map(|s| (s.name.clone(), stage_colour(scope.pipeline, &s.name), s.win_probability))
                .collect(),
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
            .map(|p| {
                vec![
                    cell(&p.currency),
                    amount(p.open_value),
                    amount(p.overdue_value),
                    amount(p.weighted_value),
                    amount(p.won_value),
                ]
            })
            .collect();
        page.table(&["Currency", "Open pipeline", "Of it, past expected close", "Weighted", "Won"], "lrrrr", rows);
        page.text(&explained(&self.stages));
        let stages: Vec<(&str, f64, &'static str)> = self
            .stages
            .iter()
            .map(|(s, colour, _)| (s.as_str(), *self.by_status.get(s).unwrap_or(&0) as f64, *colour))
            .filter(|(_, n, _)| *n > 0.0)
            .collect();
        if !stages.is_empty() {
            page.chart(&Chart {
                title: "Leads by stage".into(),
                pie: true,
                labels: stages.iter().map(|s| s.0.to_owned()).collect(),
                values: stages.iter().map(|s| s.1).collect(),
                colours: stages.iter().map(|s| s.2).collect(),
            });
        }
    }
}
