//! Lost and dropped: how many by category, and the latest reasons.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

use super::Section;
use crate::pipeline::Outcome;
use crate::render::cell;
use crate::report::page::Page;
use crate::report::scope::Scope;

#[derive(Debug, Serialize)]
pub struct Lost {
    pub lost: LostSummary,
}

#[derive(Debug, Serialize)]
pub struct LostSummary {
    /// Most leads first.
    pub by_category: Vec<CategoryCount>,
    /// The ten latest, newest first.
    pub recent: Vec<LostLine>,
}

#[derive(Debug, Serialize)]
pub struct CategoryCount {
    /// `lost_category`, or `uncategorised`.
    pub category: String,
    pub leads: usize,
}

#[derive(Debug, Serialize)]
pub struct LostLine {
    pub id: String,
    pub date: Date,
    pub status: String,
    pub category: Option<String>,
    pub reason: String,
}

impl Section for Lost {
    fn build(scope: &Scope) -> Self {
        let mut categories: BTreeMap<String, usize> = BTreeMap::new();
        let mut recent: Vec<LostLine> = Vec::new();
        for r in scope.closed.iter().filter(|r| matches!(scope.outcome(r), Some(Outcome::Lost | Outcome::Dropped))) {
            *categories.entry(r.lead.lost_category.clone().unwrap_or_else(|| "uncategorised".into())).or_default() += 1;
            recent.push(LostLine {
                id: r.id.clone(),
                date: r.in_stage_since(),
                status: r.lead.status.clone(),
                category: r.lead.lost_category.clone(),
                reason: r.lead.lost_reason.clone().unwrap_or_default(),
            });
        }
        recent.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
        recent.truncate(10);
        let mut by_category: Vec<CategoryCount> =
            categories.into_iter().map(|(category, leads)| CategoryCount { category, leads }).collect();
        by_category.sort_by(|a, b| b.leads.cmp(&a.leads).then_with(|| a.category.cmp(&b.category)));
        Lost { lost: LostSummary { by_category, recent } }
    }

    fn markdown(&self, page: &mut Page) {
        page.text("## Lost and dropped\n\n");
        let rows = self.lost.by_category.iter().map(|c| vec![cell(&c.category), c.leads.to_string()]).collect();
        page.table(&["Category", "Leads"], "lr", rows);
        let rows: Vec<Vec<String>> = self
            .lost
            .recent
            .iter()
            .map(|l| vec![l.date.to_string(), cell(&l.id), cell(&l.status), cell(&l.reason)])
            .collect();
        if !rows.is_empty() {
            page.table(&["Date", "Lead", "Stage", "Reason"], "llll", rows);
        }
    }
}
