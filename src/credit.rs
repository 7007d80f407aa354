//! Credit tallies: per person and per team, leads spotted, advanced and won.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::civil::Date;
use serde::Serialize;

use crate::attribution::LeadHistory;
use crate::identity::Person;
use crate::pipeline::{Outcome, Pipeline};

/// Inclusive calendar dates (UTC); either end may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Period {
    pub since: Option<Date>,
    pub until: Option<Date>,
}

impl Period {
    /// Whether a commit time falls in the period (by its UTC day).
    pub fn contains(&self, time: i64) -> bool {
        self.contains_day(crate::attribution::utc_day(time))
    }

    pub fn contains_day(&self, date: Date) -> bool {
        self.since.is_none_or(|s| date >= s) && self.until.is_none_or(|u| date <= u)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Tally {
    /// Leads spotted in the period where this person (or a member) is among the spotters.
    pub spotted: usize,
    /// Of those, leads whose creating commit they authored.
    pub spotted_as_author: usize,
    /// Of the spotted leads, those that got past the first stage (qualified or later, or won).
    pub qualified: usize,
    /// Leads whose status they changed in the period.
    pub advanced: usize,
    /// Of the spotted leads, those now won.
    pub won: usize,
    /// Estimated value of those won leads, per currency.
    pub won_value: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonCredit {
    pub name: String,
    pub email: String,
    #[serde(flatten)]
    pub tally: Tally,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamCredit {
    pub team: String,
    #[serde(flatten)]
    pub tally: Tally,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreditReport {
    pub period: Period,
    pub people: Vec<PersonCredit>,
    pub teams: Vec<TeamCredit>,
}

#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Person(String),
    Team(String),
}

pub fn credit<'a>(
    leads: impl IntoIterator<Item = &'a LeadHistory>,
    pipeline: &Pipeline,
    teams: &BTreeMap<String, Vec<String>>,
    period: &Period,
) -> CreditReport {
    let mut team_of: HashMap<String, Vec<&str>> = HashMap::new();
    for (team, emails) in teams {
        for email in emails {
            team_of.entry(email.to_lowercase()).or_default().push(team);
        }
    }
    let mut names: HashMap<String, Person> = HashMap::new();
    // A person's own group and their teams'; remembers how each person is shown.
    let mut groups = |person: &Person| -> Vec<Group> {
        let key = person.key();
        names.entry(key.clone()).or_insert_with(|| person.clone());
        let teams = team_of.get(&person.email.to_lowercase()).into_iter().flatten();
        std::iter::once(Group::Person(key)).chain(teams.map(|t| Group::Team((*t).to_owned()))).collect()
    };
    let mut tallies: BTreeMap<Group, Tally> = BTreeMap::new();
    for lead in leads {
        let qualified = got_past_first_stage(lead, pipeline);
        let won =
            lead.status.as_deref().and_then(|s| pipeline.stage(s)).is_some_and(|s| s.outcome == Some(Outcome::Won));
        if let Some(created) = lead.created.as_ref().filter(|c| period.contains(c.time)) {
            // Sets, so a lead spotted by two members of a team counts once for the team.
            let mut spotted = BTreeSet::new();
            let mut authored = BTreeSet::new();
            for person in &lead.spotters {
                let mine = groups(person);
                if person.key() == created.author.key() {
                    authored.extend(mine.iter().cloned());
                }
                spotted.extend(mine);
            }
            for group in spotted {
                let tally = tallies.entry(group.clone()).or_default();
                tally.spotted += 1;
                tally.spotted_as_author += usize::from(authored.contains(&group));
                tally.qualified += usize::from(qualified);
                if won {
                    tally.won += 1;
                    if let (Some(value), Some(currency)) = (lead.snapshot.estimated_value, &lead.snapshot.currency) {
                        *tally.won_value.entry(currency.clone()).or_default() += value;
                    }
                }
            }
        }
        let advanced: BTreeSet<Group> = lead
            .transitions
            .iter()
            .filter(|t| t.credited && period.contains(t.stamp.time))
            .flat_map(|t| groups(&t.stamp.author))
            .collect();
        for group in advanced {
            tallies.entry(group).or_default().advanced += 1;
        }
    }
    let mut people = Vec::new();
    let mut by_team: BTreeMap<String, Tally> = teams.keys().map(|t| (t.clone(), Tally::default())).collect();
    for (group, tally) in tallies {
        match group {
            Group::Person(key) => {
                let person = &names[&key];
                people.push(PersonCredit { name: person.name.to_string(), email: person.email.to_string(), tally });
            }
            Group::Team(team) => {
                by_team.insert(team, tally);
            }
        }
    }
    people.sort_by(|a, b| {
        let rank = |p: &PersonCredit| std::cmp::Reverse((p.tally.spotted, p.tally.won, p.tally.advanced));
        rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name)).then_with(|| a.email.cmp(&b.email))
    });
    let teams = by_team.into_iter().map(|(team, tally)| TeamCredit { team, tally }).collect();
    CreditReport { period: *period, people, teams }
}

/// Whether a lead ever stood at an open stage after the first one, or was won.
pub fn got_past_first_stage(lead: &LeadHistory, pipeline: &Pipeline) -> bool {
    let first_open = pipeline.stages.iter().position(|s| !s.is_closed());
    let seen = lead.transitions.iter().flat_map(|t| [t.from.as_str(), t.to.as_str()]).chain(lead.status.as_deref());
    seen.filter_map(|s| pipeline.stage(s).map(|stage| (pipeline.rank(s), stage)))
        .any(|(rank, stage)| stage.outcome == Some(Outcome::Won) || (!stage.is_closed() && rank > first_open))
}
