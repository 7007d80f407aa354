//! Spotters: credit for outcomes, per person and per team, with first leads called out.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

use super::Section;
use crate::credit;
use crate::render::cell;
use crate::report::page::{Page, money, person};
use crate::report::scope::Scope;

#[derive(Debug, Serialize)]
pub struct Spotters {
    pub spotters: Vec<SpotterLine>,
    pub teams: Vec<TeamLine>,
}

#[derive(Debug, Serialize)]
pub struct SpotterLine {
    pub name: String,
    pub email: Option<String>,
    pub spotted: usize,
    pub qualified: usize,
    pub won: usize,
    pub won_value: BTreeMap<String, f64>,
    /// Their first lead ever was spotted in this period.
    pub first_time: bool,
}

#[derive(Debug, Serialize)]
pub struct TeamLine {
    pub team: String,
    pub spotted: usize,
    pub qualified: usize,
    pub won: usize,
    pub won_value: BTreeMap<String, f64>,
}

impl Section for Spotters {
    fn build(scope: &Scope) -> Self {
        let period = scope.period();
        let histories = || scope.records.iter().filter_map(|r| r.history.as_ref());
        let credit = credit::credit(histories(), scope.pipeline, scope.teams, period);
        // By email first: an identity key costs an allocation, and there are few people.
        let mut first_by_email: HashMap<&str, i64> = HashMap::default();
        for h in histories() {
            if let Some(created) = &h.created {
                for person in &h.spotters {
                    let entry = first_by_email.entry(&person.email).or_insert(created.time);
                    *entry = (*entry).min(created.time);
                }
            }
        }
        let mut first_lead: HashMap<String, i64> = HashMap::default();
        for (email, time) in first_by_email {
            let entry = first_lead.entry(crate::identity::key_of(email)).or_insert(time);
            *entry = (*entry).min(time);
        }
        let spotters = credit
            .people
            .iter()
            .filter(|p| p.tally.spotted > 0)
            .map(|p| {
                let key = crate::identity::key_of(&p.email);
                SpotterLine {
                    name: p.name.clone(),
                    email: scope.options.emails.then(|| p.email.clone()),
                    spotted: p.tally.spotted,
                    qualified: p.tally.qualified,
                    won: p.tally.won,
                    won_value: p.tally.won_value.clone(),
                    // Over all history everyone's first lead is "in the period": say it only for a period.
                    first_time: period.since.is_some() && first_lead.get(&key).is_some_and(|t| period.contains(*t)),
                }
            })
            .collect();
        let teams = credit
            .teams
            .iter()
            .map(|t| TeamLine {
                team: t.team.clone(),
                spotted: t.tally.spotted,
                qualified: t.tally.qualified,
                won: t.tally.won,
                won_value: t.tally.won_value.clone(),
            })
            .collect();
        Spotters { spotters, teams }
    }

    fn markdown(&self, page: &mut Page) {
        page.text("## Spotters\n\nCredit for outcomes: leads spotted in the period, and how far they went.\n\n");
        let rows = self
            .spotters
            .iter()
            .map(|s| {
                let mut who = person(&s.name, s.email.as_deref());
                if s.first_time {
                    who.push_str(" (first lead!)");
                }
                vec![who, s.spotted.to_string(), s.qualified.to_string(), s.won.to_string(), money(&s.won_value)]
            })
            .collect();
        page.table(&["Person", "Spotted", "Qualified", "Won", "Won value"], "lrrrr", rows);
        if !self.teams.is_empty() {
            let rows = self
                .teams
                .iter()
                .map(|t| {
                    let counts = [t.spotted, t.qualified, t.won].map(|n| n.to_string());
                    [vec![cell(&t.team)], counts.to_vec(), vec![money(&t.won_value)]].concat()
                })
                .collect();
            page.table(&["Team", "Spotted", "Qualified", "Won", "Won value"], "lrrrr", rows);
        }
    }
}
