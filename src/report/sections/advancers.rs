//! Advancers: who moved leads along, kept apart from spotting credit.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use super::Section;
use crate::pipeline::Outcome;
use crate::report::page::{Page, person};
use crate::report::scope::Scope;

#[derive(Debug, Serialize)]
pub struct Advancers {
    pub advancers: Vec<AdvancerLine>,
}

#[derive(Debug, Serialize)]
pub struct AdvancerLine {
    pub name: String,
    pub email: Option<String>,
    /// Status changes made in the period.
    pub moves: usize,
    /// Of those, moves to the won stage.
    pub wins: usize,
}

impl Section for Advancers {
    fn build(scope: &Scope) -> Self {
        let mut lines: BTreeMap<String, AdvancerLine> = BTreeMap::new();
        // An identity key costs an allocation: one per email, not one per move.
        let mut keys: HashMap<&str, String> = HashMap::default();
        let moves = scope.records.iter().filter_map(|r| r.history.as_ref()).flat_map(|h| &h.transitions);
        for t in moves.filter(|t| t.credited && scope.period().contains(t.stamp.time)) {
            let key = keys.entry(&t.stamp.author.email).or_insert_with(|| t.stamp.author.key());
            if !lines.contains_key(key.as_str()) {
                let line = AdvancerLine {
                    name: t.stamp.author.name.to_string(),
                    email: scope.options.emails.then(|| t.stamp.author.email.to_string()),
                    moves: 0,
                    wins: 0,
                };
                lines.insert(key.clone(), line);
            }
            let line = lines.get_mut(key.as_str()).expect("inserted above");
            line.moves += 1;
            line.wins += usize::from(scope.pipeline.stage(&t.to).is_some_and(|s| s.outcome == Some(Outcome::Won)));
        }
        let mut advancers: Vec<AdvancerLine> = lines.into_values().collect();
        advancers.sort_by(|a, b| (b.moves, b.wins).cmp(&(a.moves, a.wins)).then_with(|| a.name.cmp(&b.name)));
        Advancers { advancers }
    }

    fn markdown(&self, page: &mut Page) {
        page.text("## Advancers\n\nWho moved leads along, kept apart from spotting credit.\n\n");
        let rows = self
            .advancers
            .iter()
            .map(|a| vec![person(&a.name, a.email.as_deref()), a.moves.to_string(), a.wins.to_string()])
            .collect();
        page.table(&["Person", "Status changes", "Wins"], "lrr", rows);
    }
}
