//! Pipeline by expected close month: open leads, their value and weighted value.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Section;
use crate::credit::add_value;
use crate::render::month;
use crate::report::page::{Page, money};
use crate::report::scope::Scope;

#[derive(Debug, Serialize)]
pub struct ByCloseMonth {
    pub by_close_month: Vec<MonthLine>,
}

#[derive(Debug, Serialize)]
pub struct MonthLine {
    pub month: String,
    pub leads: usize,
    pub value: BTreeMap<String, f64>,
    pub weighted: BTreeMap<String, f64>,
    /// The month is over and these leads are still open: their close date needs a look.
    pub overdue: bool,
}

impl Section for ByCloseMonth {
    fn build(scope: &Scope) -> Self {
        let today = scope.options.today;
        let mut months: BTreeMap<(i16, i8), MonthLine> = BTreeMap::new();
        for r in &scope.open {
            let Some(close) = r.lead.expected_close else { continue };
            let line = months.entry((close.year(), close.month())).or_insert_with(|| MonthLine {
                month: month(close),
                leads: 0,
                value: BTreeMap::new(),
                weighted: BTreeMap::new(),
                overdue: (close.year(), close.month()) < (today.year(), today.month()),
            });
            line.leads += 1;
            if let Some((currency, value, weighted)) = scope.value(r) {
                add_value(&mut line.value, currency, value);
                add_value(&mut line.weighted, currency, weighted);
            }
        }
        ByCloseMonth { by_close_month: months.into_values().collect() }
    }

    fn markdown(&self, page: &mut Page) {
        page.text("## Pipeline by expected close\n\n");
        let rows = self
            .by_close_month
            .iter()
            .map(|m| {
                let month = if m.overdue { format!("{} **overdue**", m.month) } else { m.month.clone() };
                vec![month, m.leads.to_string(), money(&m.value), money(&m.weighted)]
            })
            .collect();
        page.table(&["Month", "Leads", "Value", "Weighted"], "lrrr", rows);
        page.text(
            "Open leads by the month they are expected to close in (leads without `expected_close` are left \
             out). A month marked overdue is over and its leads are still open: their close date or their \
             stage needs updating.\n\n",
        );
    }
}
