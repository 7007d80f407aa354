//! Recent activity: new leads and stage changes in the period, each with its author; new
//! leads and won value per month.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Section;
use crate::credit::add_value;
use crate::order::keep_first;
use crate::render::{cell, month};
use crate::report::page::Chart;
use crate::report::page::Page;
use crate::report::palette;
use crate::report::scope::Scope;

/// How many happenings the report lists.
const SHOWN: usize = 20;

#[derive(Debug, Serialize)]
pub struct RecentActivity {
    pub activity: Vec<Activity>,
    pub new_per_month: Vec<MonthCount>,
    pub won_per_month: Vec<MonthValue>,
}

#[derive(Debug, Serialize)]
pub struct Activity {
    pub time: String,
    pub id: String,
    /// `new`, or the stage moved to.
    pub what: String,
    pub from: Option<String>,
    pub author: String,
}

/// Leads spotted in one month.
#[derive(Debug, Serialize)]
pub struct MonthCount {
    pub month: String,
    pub leads: usize,
}

/// Value won in one month, per currency.
#[derive(Debug, Serialize)]
pub struct MonthValue {
    pub month: String,
    pub value: BTreeMap<String, f64>,
}

/// A creation or status change, before it is chosen for recent activity.
struct Happened<'a> {
    time: i64,
    id: &'a str,
    what: &'a str,
    from: Option<&'a str>,
    author: &'a str,
}

impl Section for RecentActivity {
    fn build(scope: &Scope) -> Self {
        let period = scope.period();
        // Formatted only for the few that are shown.
        let mut happened: Vec<Happened> = Vec::new();
        for r in scope.records {
            let Some(h) = &r.history else { continue };
            if let Some(created) = h.created.as_ref().filter(|c| period.contains(c.time)) {
                let author = &created.author.name;
                happened.push(Happened { time: created.time, id: &r.id, what: "new", from: None, author });
            }
            for t in h.transitions.iter().filter(|t| period.contains(t.stamp.time)) {
                let (time, author) = (t.stamp.time, &*t.stamp.author.name);
                happened.push(Happened { time, id: &r.id, what: &t.to, from: Some(&t.from), author });
            }
        }
        // Newest first, then by id, then in the order seen.
        let order = |a: &(usize, &Happened), b: &(usize, &Happened)| {
            b.1.time.cmp(&a.1.time).then_with(|| a.1.id.cmp(b.1.id)).then_with(|| a.0.cmp(&b.0))
        };
        let mut newest: Vec<(usize, &Happened)> = happened.iter().enumerate().collect();
        keep_first(&mut newest, SHOWN, order);
        let activity = newest
            .into_iter()
            .map(|(_, h)| Activity {
                time: crate::attribution::format_time(h.time),
                id: h.id.to_owned(),
                what: h.what.to_owned(),
                from: h.from.map(str::to_owned),
                author: h.author.to_owned(),
            })
            .collect();

        let mut new_per_month: BTreeMap<String, usize> = BTreeMap::new();
        for r in &scope.spotted_in_period {
            *new_per_month.entry(month(r.lead.spotted_on)).or_default() += 1;
        }
        let mut won_per_month: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
        for r in &scope.won {
            let entry = won_per_month.entry(month(r.in_stage_since())).or_default();
            if let Some((currency, value, _)) = scope.value(r) {
                add_value(entry, currency, value);
            }
        }
        RecentActivity {
            activity,
            new_per_month: new_per_month.into_iter().map(|(month, leads)| MonthCount { month, leads }).collect(),
            won_per_month: won_per_month.into_iter().map(|(month, value)| MonthValue { month, value }).collect(),
        }
    }

    fn markdown(&self, page: &mut Page) {
        page.text("## Recent activity\n\n");
        let rows = self
            .activity
            .iter()
            .map(|a| {
                let what = match &a.from {
                    Some(from) => format!("{} → {}", cell(from), cell(&a.what)),
                    None => "new lead".to_owned(),
                };
                vec![a.time.get(..10).unwrap_or(&a.time).to_owned(), cell(&a.id), what, cell(&a.author)]
            })
            .collect();
        page.explained_table(
            &["Date", "Lead", "What", "By"],
            "llll",
            rows,
            "The latest leads recorded and stage moves made in the period, newest first, with who committed them.",
        );
        if !self.new_per_month.is_empty() {
            page.chart(&Chart {
                title: "New leads per month".into(),
                pie: false,
                labels: self.new_per_month.iter().map(|m| m.month.clone()).collect(),
                values: self.new_per_month.iter().map(|m| m.leads as f64).collect(),
                colours: Vec::new(),
            });
        }
        // Won value per month in the currency with the most won value.
        let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
        for m in &self.won_per_month {
            for (c, v) in &m.value {
                *totals.entry(c).or_default() += v;
            }
        }
        if let Some((currency, _)) = totals.iter().max_by(|a, b| a.1.total_cmp(b.1)) {
            page.chart(&Chart {
                title: format!(
                    "Won value per month ({})",
                    currency.chars().filter(char::is_ascii_alphanumeric).collect::<String>()
                ),
                pie: false,
                labels: self.won_per_month.iter().map(|m| m.month.clone()).collect(),
                values: self.won_per_month.iter().map(|m| *m.value.get(*currency).unwrap_or(&0.0)).collect(),
                colours: vec![palette::WON; self.won_per_month.len()],
            });
        }
    }
}
