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
}

impl Section for ByCloseMonth {
    fn build(scope: &Scope) -> Self {
        let mut months: BTreeMap<(i16, i8), MonthLine> = BTreeMap::new();
        for r in &scope.open {
            let Some(close) = r.lead.expected_close else { continue };
            let line = months.entry((close.year(), close.month())).or_insert_with(|| MonthLine {
                month: month(close),
                leads: 0,
                value: BTreeMap::new(),
                weighted: BTreeMap::new(),
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
            .map(|m| vec![m.month.clone(), m.leads.to_string(), money(&m.value), money(&m.weighted)])
            .collect();
        page.table(&["Month", "Leads", "Value", "Weighted"], "lrrr", rows);
    }
}
