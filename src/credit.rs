//! Credit tallies: per person and per team, leads spotted, advanced and won.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use jiff::civil::Date;
use serde::Serialize;

use crate::attribution::LeadHistory;
use crate::identity::Person;
use crate::pipeline::{Outcome, Pipeline};

/// Inclusive calendar dates (UTC); either end may be open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Period {
    /// The first day counted (`--since`); `None` for no start.
    pub since: Option<Date>,
    /// The last day counted (`--until`); `None` for no end.
    pub until: Option<Date>,
}

impl Period {
    /// Whether a commit time falls in the period (by its UTC day).
    pub fn contains(&self, time: i64) -> bool {
        self.contains_day(crate::attribution::utc_day(time))
    }

    /// Whether `date` falls in the period, both ends included.
    pub fn contains_day(&self, date: Date) -> bool {
        self.since.is_none_or(|s| date >= s) && self.until.is_none_or(|u| date <= u)
    }

    /// `2026-07-14`, `2026-07`, `2026-Q3` or `2026` as the days it covers, as hledger reads
    /// them.
    pub fn parse(text: &str) -> Result<Period, crate::error::Error> {
        let bad = |message: &str| {
            crate::error::ErrorKind::Date { value: text.to_owned(), message: message.to_owned() }
                .hinted("write a day, a month, a quarter or a year: 2026-11-03, 2026-11, 2026-Q4 or 2026")
        };
        if let Ok(day) = text.parse::<Date>() {
            return Ok(Period { since: Some(day), until: Some(day) });
        }
        let (year, rest) = text.split_once('-').map_or((text, None), |(y, r)| (y, Some(r)));
        let year: i16 = match year.parse::<u32>() {
            Ok(y @ 1..=9999) if year.len() == 4 => y as i16,
            Ok(_) if year.len() >= 4 => return Err(bad("a year is 1 to 9999")),
            _ => return Err(bad("a period is YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY")),
        };
        let (first_month, months) = match rest {
            None => (1, 12),
            Some(q) if q.starts_with(['Q', 'q']) => match q[1..].parse::<i8>() {
                Ok(n @ 1..=4) => ((n - 1) * 3 + 1, 3),
                _ => return Err(bad("a quarter is Q1 to Q4")),
            },
            Some(m) if !m.contains('-') => match m.parse::<i8>() {
                Ok(m @ 1..=12) => (m, 1),
                _ => return Err(bad("a month is 01 to 12")),
            },
            Some(_) => return Err(bad("that day is not in the calendar")),
        };
        // The end is the last day of the last month, never the day before the next period,
        // which for 9999-Q4 is past the last date there is.
        let since: Date = Date::new(year, first_month, 1).map_err(|e| bad(&e.to_string()))?;
        let until = Date::new(year, first_month + months - 1, 1).map_err(|e| bad(&e.to_string()))?.last_of_month();
        Ok(Period { since: Some(since), until: Some(until) })
    }

    /// From the first day `since` covers to the last day `until` covers (`--since 2026-07`
    /// is July 1st, `--until 2026-07` July 31st); a period that ends before it starts is refused.
    pub fn between(since: Option<&str>, until: Option<&str>) -> Result<Period, crate::error::Error> {
        let since = since.map(Period::parse).transpose()?.and_then(|p| p.since);
        let until = until.map(Period::parse).transpose()?.and_then(|p| p.until);
        if let (Some(s), Some(u)) = (since, until) {
            if s > u {
                return Err(crate::error::ErrorKind::EmptyPeriod { since: s.to_string(), until: u.to_string() }
                    .hinted("--since is the first day of the period and --until the last: swap them"));
            }
        }
        Ok(Period { since, until })
    }
}

/// What a person or a team earned in a period. In JSON its fields sit beside the person's `name`
/// and `email` or the `team`.
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

/// One person's credit. Identities that `.mailmap` joins, or that share an email (in any case) or
/// a GitHub account id, are one person.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonCredit {
    /// Their name after `.mailmap`; when they committed under several names, the first one met.
    pub name: String,
    /// Their email after `.mailmap`.
    pub email: String,
    /// What they earned.
    #[serde(flatten)]
    pub tally: Tally,
}

/// One team's credit: what its members earned, a lead spotted by several of them counted once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamCredit {
    /// The team's name, a key of `[teams]` in `leadger.toml`.
    pub team: String,
    /// What its members earned together.
    #[serde(flatten)]
    pub tally: Tally,
}

/// What `leadger credit` shows: who spotted, advanced and won leads in a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreditReport {
    /// The days counted.
    pub period: Period,
    /// Everyone with something to count, most leads spotted first, then most won, then most advanced.
    pub people: Vec<PersonCredit>,
    /// Every team of `[teams]`, by name, those with nothing to count included.
    pub teams: Vec<TeamCredit>,
    /// The leads spotted in the period whose creator was followed through a change of id:
    /// what explains a credit for a lead its spotter never touched under its current name.
    pub renamed: Vec<RenamedLead>,
}

/// A credited lead that changed its id, and why its old and new files were taken as one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RenamedLead {
    /// The lead's id now.
    pub id: String,
    /// Its renames, oldest first.
    pub renames: Vec<crate::attribution::Rename>,
}

#[derive(Clone, PartialEq, Eq, Hash)]
enum Group {
    Person(String),
    Team(String),
}

/// The groups each person counts for (their own and their teams'), numbered, so the tally
/// of a ledger with 100,000 leads does not build a key per lead and per status change.
struct Groups<'a> {
    team_of: HashMap<String, Vec<&'a str>>,
    numbers: HashMap<Group, usize>,
    /// Each group, with the first person seen for a person's group (how they are shown).
    groups: Vec<(Group, Option<&'a Person>)>,
    by_email: HashMap<&'a str, Vec<usize>>,
    keys: HashMap<&'a str, String>,
}

impl<'a> Groups<'a> {
    fn key(&mut self, person: &'a Person) -> &str {
        self.keys.entry(&person.email).or_insert_with(|| person.key())
    }

    fn of(&mut self, person: &'a Person) -> &[usize] {
        if !self.by_email.contains_key(&*person.email) {
            let teams = self.team_of.get(&person.email.to_lowercase()).cloned().unwrap_or_default();
            let mine: Vec<usize> = std::iter::once(Group::Person(person.key()))
                .chain(teams.into_iter().map(|t| Group::Team(t.to_owned())))
                .map(|group| {
                    let next = self.groups.len();
                    let number = *self.numbers.entry(group.clone()).or_insert(next);
                    if number == next {
                        let shown = matches!(group, Group::Person(_)).then_some(person);
                        self.groups.push((group, shown));
                    }
                    number
                })
                .collect();
            self.by_email.insert(&person.email, mine);
        }
        &self.by_email[&*person.email]
    }
}

/// Credit in `period` per person and per team of `teams`: spotting for leads created in it,
/// advancing for the credited status changes made in it.
pub fn credit<'a>(
    leads: impl IntoIterator<Item = &'a LeadHistory>,
    pipeline: &Pipeline,
    teams: &'a BTreeMap<String, Vec<String>>,
    period: &Period,
) -> CreditReport {
    let mut team_of: HashMap<String, Vec<&str>> = HashMap::default();
    for (team, emails) in teams {
        for email in emails {
            team_of.entry(email.to_lowercase()).or_default().push(team);
        }
    }
    let mut groups = Groups {
        team_of,
        numbers: HashMap::default(),
        groups: Vec::new(),
        by_email: HashMap::default(),
        keys: HashMap::default(),
    };
    let mut tallies: Vec<Tally> = Vec::new();
    let mut renamed = Vec::new();
    for lead in leads {
        let qualified = got_past_first_stage(lead, pipeline);
        let won =
            lead.status.as_deref().and_then(|s| pipeline.stage(s)).is_some_and(|s| s.outcome == Some(Outcome::Won));
        if let Some(created) = lead.created.as_ref().filter(|c| period.contains(c.time)) {
            if !lead.renames.is_empty() {
                renamed.push(RenamedLead { id: lead.id.clone(), renames: lead.renames.clone() });
            }
            // Sets, so a lead spotted by two members of a team counts once for the team.
            let mut spotted = Vec::new();
            let mut authored = Vec::new();
            let author = groups.key(&created.author).to_owned();
            for person in &lead.spotters {
                let is_author = groups.key(person) == author;
                let mine = groups.of(person);
                if is_author {
                    authored.extend_from_slice(mine);
                }
                spotted.extend_from_slice(mine);
            }
            spotted.sort_unstable();
            spotted.dedup();
            for group in spotted {
                let tally = tally_of(&mut tallies, group);
                tally.spotted += 1;
                tally.spotted_as_author += usize::from(authored.contains(&group));
                tally.qualified += usize::from(qualified);
                if won {
                    tally.won += 1;
                    if let (Some(value), Some(currency)) = (lead.snapshot.estimated_value, &lead.snapshot.currency) {
                        add_value(&mut tally.won_value, currency, value);
                    }
                }
            }
        }
        let mut advanced = Vec::new();
        for t in lead.transitions.iter().filter(|t| t.credited && period.contains(t.stamp.time)) {
            advanced.extend_from_slice(groups.of(&t.stamp.author));
        }
        advanced.sort_unstable();
        advanced.dedup();
        for group in advanced {
            tally_of(&mut tallies, group).advanced += 1;
        }
    }
    let mut people = Vec::new();
    let mut by_team: BTreeMap<String, Tally> = teams.keys().map(|t| (t.clone(), Tally::default())).collect();
    // Only groups with something to count appear, as before a tally existed for them.
    for (number, (group, shown)) in groups.groups.into_iter().enumerate() {
        let Some(tally) = tallies.get_mut(number).map(std::mem::take).filter(|t| *t != Tally::default()) else {
            continue;
        };
        match (group, shown) {
            (Group::Person(_), Some(person)) => {
                people.push(PersonCredit { name: person.name.to_string(), email: person.email.to_string(), tally });
            }
            (Group::Team(team), _) => {
                by_team.insert(team, tally);
            }
            (Group::Person(_), None) => {}
        }
    }
    people.sort_by(|a, b| {
        let rank = |p: &PersonCredit| std::cmp::Reverse((p.tally.spotted, p.tally.won, p.tally.advanced));
        rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name)).then_with(|| a.email.cmp(&b.email))
    });
    let teams = by_team.into_iter().map(|(team, tally)| TeamCredit { team, tally }).collect();
    renamed.sort_by(|a: &RenamedLead, b| a.id.cmp(&b.id));
    CreditReport { period: *period, people, teams, renamed }
}

/// Adds to a per-currency sum, allocating the key only the first time.
pub(crate) fn add_value(sums: &mut BTreeMap<String, f64>, currency: &str, value: f64) {
    match sums.get_mut(currency) {
        Some(sum) => *sum = add_money(*sum, value),
        None => _ = sums.insert(currency.to_owned(), add_money(0.0, value)),
    }
}

/// `sum + value`, saturating: the built-in schema caps a value at 1e15, but a ledger's own
/// schema may not, and a sum that overflowed to infinity would show as `null` in JSON. A
/// value that is not a finite number (TOML allows `inf` and `nan`, `check` does not) adds
/// nothing.
pub fn add_money(sum: f64, value: f64) -> f64 {
    if !value.is_finite() {
        return sum;
    }
    (sum + value).clamp(-f64::MAX, f64::MAX)
}

fn tally_of(tallies: &mut Vec<Tally>, group: usize) -> &mut Tally {
    if tallies.len() <= group {
        tallies.resize_with(group + 1, Tally::default);
    }
    &mut tallies[group]
}

/// Whether a lead ever stood at an open stage after the first one, or was won.
pub fn got_past_first_stage(lead: &LeadHistory, pipeline: &Pipeline) -> bool {
    let first_open = pipeline.stages.iter().position(|s| !s.is_closed());
    let seen = lead.transitions.iter().flat_map(|t| [&*t.from, &*t.to]).chain(lead.status.as_deref());
    seen.filter_map(|s| pipeline.stage(s).map(|stage| (pipeline.rank(s), stage)))
        .any(|(rank, stage)| stage.outcome == Some(Outcome::Won) || (!stage.is_closed() && rank > first_open))
}

#[cfg(test)]
mod period_tests {
    use super::Period;
    use jiff::civil::date;

    #[test]
    fn periods_are_days_months_quarters_or_years() {
        let p = Period::parse("2026-Q3").unwrap();
        assert_eq!((p.since, p.until), (Some(date(2026, 7, 1)), Some(date(2026, 9, 30))));
        let p = Period::parse("2024-02").unwrap();
        assert_eq!((p.since, p.until), (Some(date(2024, 2, 1)), Some(date(2024, 2, 29))));
        let p = Period::parse("2026").unwrap();
        assert_eq!((p.since, p.until), (Some(date(2026, 1, 1)), Some(date(2026, 12, 31))));
        let p = Period::parse("2026-07-14").unwrap();
        assert_eq!((p.since, p.until), (Some(date(2026, 7, 14)), Some(date(2026, 7, 14))));
        for bad in ["2026-Q5", "soon", "2026-13", "2026-02-30", "26", ""] {
            assert!(Period::parse(bad).is_err(), "{bad}");
        }
        let p = Period::parse("9999-Q4").unwrap();
        assert_eq!((p.since, p.until), (Some(date(9999, 10, 1)), Some(date(9999, 12, 31))));
        let p = Period::parse("9999").unwrap();
        assert_eq!((p.since, p.until), (Some(date(9999, 1, 1)), Some(date(9999, 12, 31))));
        let year_zero = Period::parse("0000-Q1").unwrap_err();
        assert_eq!(year_zero.to_string(), "invalid date `0000-Q1`: a year is 1 to 9999");
    }

    #[test]
    fn since_takes_the_first_day_and_until_the_last() {
        let p = Period::between(Some("2026-07"), Some("2026")).unwrap();
        assert_eq!((p.since, p.until), (Some(date(2026, 7, 1)), Some(date(2026, 12, 31))));
        let p = Period::between(None, Some("2026-07")).unwrap();
        assert_eq!((p.since, p.until), (None, Some(date(2026, 7, 31))));
        let error = Period::between(Some("2026-08-01"), Some("2026-07-01")).unwrap_err();
        assert_eq!(error.to_string(), "the period from 2026-08-01 to 2026-07-01 is empty: it ends before it starts");
    }
}
