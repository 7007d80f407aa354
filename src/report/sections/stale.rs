//! Stale and overdue: open leads past their stage's limit or next step, or with no owner.

use serde::Serialize;

use super::Section;
use crate::lead_records::Stale;
use crate::order::keep_first;
use crate::render::{NOTHING, cell, count, html_escape, notes_html};
use crate::report::page::Page;
use crate::report::scope::Scope;

#[derive(Debug, Serialize)]
pub struct StaleLeads {
    /// Stale leads, most days in stage first, as many as `stale_shown` asked.
    pub stale: Vec<StaleLine>,
    /// How many leads are stale in all.
    pub stale_total: usize,
    /// Notes of the stale leads shown, for the HTML form (Markdown, rendered safely there).
    #[serde(skip)]
    pub notes: Vec<(String, String)>,
}

#[derive(Debug, Serialize)]
pub struct StaleLine {
    pub id: String,
    pub title: String,
    pub client: String,
    pub status: String,
    /// Days in the current stage.
    pub days: i64,
    pub reasons: Vec<Stale>,
    pub owner: Option<String>,
}

/// `Name <email>` → `Name`, unless emails are wanted.
fn colleague(text: &str, emails: bool) -> String {
    match text.split_once('<') {
        Some((name, _)) if !emails => name.trim().to_owned(),
        _ => text.trim().to_owned(),
    }
}

impl Section for StaleLeads {
    fn build(scope: &Scope) -> Self {
        let (records, today) = (scope.records, scope.options.today);
        // Ranked by index first; lines are made only for the leads shown.
        let mut ranked: Vec<(i64, usize, Vec<Stale>)> = records
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let reasons = r.stale(scope.pipeline, today);
                (!reasons.is_empty()).then(|| ((today - r.in_stage_since()).get_days() as i64, i, reasons))
            })
            .collect();
        let stale_total = ranked.len();
        let order = |a: &(i64, usize, Vec<Stale>), b: &(i64, usize, Vec<Stale>)| {
            b.0.cmp(&a.0).then_with(|| records[a.1].id.cmp(&records[b.1].id)).then(a.1.cmp(&b.1))
        };
        keep_first(&mut ranked, scope.options.stale_shown.unwrap_or(usize::MAX), order);
        let stale: Vec<StaleLine> = ranked
            .into_iter()
            .map(|(days, i, reasons)| {
                let r = &records[i];
                StaleLine {
                    id: r.id.clone(),
                    title: r.lead.title.clone(),
                    client: r.lead.client.clone(),
                    status: r.lead.status.clone(),
                    days,
                    reasons,
                    owner: r.lead.owner.as_deref().map(|o| colleague(o, scope.options.emails)),
                }
            })
            .collect();
        // Records are sorted by id.
        let notes_of = |id: &str| records.binary_search_by(|r| r.id.as_str().cmp(id)).ok();
        let notes =
            stale.iter().filter_map(|s| Some((s.id.clone(), records[notes_of(&s.id)?].lead.notes.clone()?))).collect();
        StaleLeads { stale, stale_total, notes }
    }

    fn markdown(&self, page: &mut Page) {
        page.text("## Stale and overdue\n\n");
        let rows = self
            .stale
            .iter()
            .map(|s| {
                let why: Vec<String> = s.reasons.iter().map(|r| r.describe()).collect();
                vec![
                    cell(&s.id),
                    cell(&s.client),
                    cell(&s.title),
                    cell(&s.status),
                    s.days.to_string(),
                    why.join("; "),
                    s.owner.as_deref().map_or(NOTHING.into(), cell),
                ]
            })
            .collect();
        page.explained_table(
            &["Lead", "Client", "Title", "Stage", "Days in stage", "Why", "Owner"],
            "llllrll",
            rows,
            "Open leads that need a look: longer in their stage than its limit, a next step or an expected \
             close date gone by, or no owner once past the first stage (a brand-new lead has none yet).",
        );
        if self.stale_total > self.stale.len() {
            page.text(&format!(
                "And {}, {} in all: `leadger list --stale` lists every one.\n\n",
                count(self.stale_total - self.stale.len(), "more stale lead"),
                self.stale_total
            ));
        }
    }

    fn html_appendix(&self, out: &mut String) {
        if self.notes.is_empty() {
            return;
        }
        out.push_str("<h2>Notes on stale leads</h2>\n");
        for (id, notes) in &self.notes {
            out.push_str(&format!("<h3>{}</h3>\n<div class=\"notes\">{}</div>\n", html_escape(id), notes_html(notes)));
        }
    }
}
