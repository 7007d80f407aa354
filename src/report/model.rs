//! The report's numbers, computed once from the leads and their history.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use jiff::civil::Date;
use serde::Serialize;

use super::stats::{Durations, durations};
use crate::credit::{self, Period, add_value};
use crate::leads::{LeadRecord, Stale};
use crate::order::keep_first;
use crate::pipeline::{Outcome, Pipeline};
use crate::render::month;

pub struct ReportOptions {
    pub period: Period,
    pub today: Date,
    /// Show colleagues' emails; off by default, names are enough.
    pub emails: bool,
    /// How many stale leads to list, most days in stage first: [`STALE_SHOWN`] for the
    /// forms people read, all (`None`) for JSON.
    pub stale_shown: Option<usize>,
}

/// How many stale leads Markdown and HTML list. A big ledger can have tens of thousands,
/// and GitHub takes at most 1 MiB of step summary; `leadger list --stale` lists them all.
/// Listing 89k of them was also a tenth of a 100k-lead report's time.
pub const STALE_SHOWN: usize = 100;

#[derive(Debug, Serialize)]
pub struct Report {
    pub period: Period,
    pub as_of: Date,
    pub totals: Totals,
    /// Current status of every lead spotted up to the end of the period.
    pub by_status: BTreeMap<String, usize>,
    pub pipeline: Vec<CurrencyLine>,
    pub spotters: Vec<SpotterLine>,
    pub teams: Vec<TeamLine>,
    pub advancers: Vec<AdvancerLine>,
    pub funnel: Vec<FunnelStep>,
    pub by_close_month: Vec<MonthLine>,
    /// Stale leads, most days in stage first, as many as `stale_shown` asked.
    pub stale: Vec<StaleLine>,
    /// How many leads are stale in all.
    pub stale_total: usize,
    pub time_in_stage: Vec<StageTime>,
    pub cycle_time: Option<Durations>,
    pub outcomes: Outcomes,
    pub lost: LostSummary,
    pub activity: Vec<Activity>,
    pub new_per_month: Vec<(String, usize)>,
    pub won_per_month: Vec<(String, BTreeMap<String, f64>)>,
    /// Stage names in pipeline order, for renderers.
    #[serde(skip)]
    pub stages: Vec<String>,
    /// Notes of the stale leads shown, for the HTML form (Markdown, rendered safely there).
    #[serde(skip)]
    pub notes: Vec<(String, String)>,
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

#[derive(Debug, Serialize)]
pub struct AdvancerLine {
    pub name: String,
    pub email: Option<String>,
    /// Status changes made in the period.
    pub moves: usize,
    /// Of those, moves to the won stage.
    pub wins: usize,
}

#[derive(Debug, Serialize)]
pub struct FunnelStep {
    pub stage: String,
    /// Leads spotted in the period that reached this stage.
    pub reached: usize,
    /// Share lost from the previous step (0 to 1).
    pub drop_off: Option<f64>,
}

#[derive(Debug, Serialize)]
pub struct MonthLine {
    pub month: String,
    pub leads: usize,
    pub value: BTreeMap<String, f64>,
    pub weighted: BTreeMap<String, f64>,
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

#[derive(Debug, Serialize)]
pub struct StageTime {
    pub stage: String,
    #[serde(flatten)]
    pub durations: Durations,
}

#[derive(Debug, Default, Serialize)]
pub struct OutcomeLine {
    pub key: String,
    pub open: usize,
    pub won: usize,
    pub lost: usize,
    pub dropped: usize,
}

#[derive(Debug, Serialize)]
pub struct Outcomes {
    pub by_source: Vec<OutcomeLine>,
    pub by_kind: Vec<OutcomeLine>,
    /// The ten clients with the most leads.
    pub by_client: Vec<OutcomeLine>,
}

#[derive(Debug, Serialize)]
pub struct LostSummary {
    pub by_category: Vec<(String, usize)>,
    pub recent: Vec<LostLine>,
}

#[derive(Debug, Serialize)]
pub struct LostLine {
    pub id: String,
    pub date: Date,
    pub status: String,
    pub category: Option<String>,
    pub reason: String,
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

/// A creation or status change, before it is chosen for recent activity.
struct Happened<'a> {
    time: i64,
    id: &'a str,
    what: &'a str,
    from: Option<&'a str>,
    author: &'a str,
}

fn day_of(time: i64) -> Date {
    crate::attribution::utc_day(time)
}

fn days_between(a: Date, b: Date) -> f64 {
    (b - a).get_days() as f64
}

/// `Name <email>` → `Name`, unless emails are wanted.
fn colleague(text: &str, emails: bool) -> String {
    match text.split_once('<') {
        Some((name, _)) if !emails => name.trim().to_owned(),
        _ => text.trim().to_owned(),
    }
}

fn in_period(period: &Period, date: Date) -> bool {
    period.contains_day(date)
}

pub fn build(
    records: &[LeadRecord],
    pipeline: &Pipeline,
    teams: &BTreeMap<String, Vec<String>>,
    options: &ReportOptions,
) -> Report {
    let period = &options.period;
    let outcome = |r: &LeadRecord| pipeline.stage(&r.lead.status).and_then(|s| s.outcome);
    let known: Vec<&LeadRecord> =
        records.iter().filter(|r| period.until.is_none_or(|u| r.lead.spotted_on <= u)).collect();
    let closed_in_period = |r: &&LeadRecord| outcome(r).is_some() && in_period(period, r.in_stage_since());
    let closed: Vec<&LeadRecord> = known.iter().copied().filter(closed_in_period).collect();
    let count = |o: Outcome| closed.iter().filter(|r| outcome(r) == Some(o)).count();
    let (won, lost, dropped) = (count(Outcome::Won), count(Outcome::Lost), count(Outcome::Dropped));
    let won_leads: Vec<&&LeadRecord> = closed.iter().filter(|r| outcome(r) == Some(Outcome::Won)).collect();
    let cycle_days: Vec<f64> = won_leads.iter().map(|r| days_between(r.lead.spotted_on, r.in_stage_since())).collect();
    let cycle_time = durations(cycle_days);
    let open: Vec<&LeadRecord> = known.iter().copied().filter(|r| r.is_open(pipeline)).collect();

    let mut by_status: BTreeMap<String, usize> = pipeline.names().map(|n| (n.to_owned(), 0)).collect();
    for r in &known {
        match by_status.get_mut(&r.lead.status) {
            Some(count) => *count += 1,
            None => _ = by_status.insert(r.lead.status.clone(), 1),
        }
    }

    // Per currency: open value, weighted open value, won value.
    let mut pipeline_lines: BTreeMap<&str, (f64, f64, f64)> = BTreeMap::new();
    for r in &open {
        if let (Some(value), Some(currency)) = (r.lead.estimated_value, &r.lead.currency) {
            let p = pipeline.stage(&r.lead.status).and_then(|s| s.win_probability).unwrap_or(0);
            let entry = pipeline_lines.entry(currency).or_default();
            entry.0 += value;
            entry.1 += value * f64::from(p) / 100.0;
        }
    }
    for r in &won_leads {
        if let (Some(value), Some(currency)) = (r.lead.estimated_value, &r.lead.currency) {
            pipeline_lines.entry(currency).or_default().2 += value;
        }
    }
    let pipeline_lines = pipeline_lines
        .into_iter()
        .map(|(currency, (open_value, weighted_value, won_value))| CurrencyLine {
            currency: currency.to_owned(),
            open_value,
            weighted_value,
            won_value,
        })
        .collect();

    let histories = || records.iter().filter_map(|r| r.history.as_ref());
    let credit = credit::credit(histories(), pipeline, teams, period);
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
                email: options.emails.then(|| p.email.clone()),
                spotted: p.tally.spotted,
                qualified: p.tally.qualified,
                won: p.tally.won,
                won_value: p.tally.won_value.clone(),
                // Over all history everyone's first lead is "in the period": say it only for a period.
                first_time: period.since.is_some()
                    && first_lead.get(&key).is_some_and(|t| in_period(period, day_of(*t))),
            }
        })
        .collect();
    let teams_lines = credit
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

    let mut advancers: BTreeMap<String, AdvancerLine> = BTreeMap::new();
    // Formatted only for the few that are shown.
    let mut activity: Vec<Happened> = Vec::new();
    let mut stays: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut keys: HashMap<&str, String> = HashMap::default();
    for r in records {
        let Some(h) = &r.history else { continue };
        if let Some(created) = h.created.as_ref().filter(|c| in_period(period, day_of(c.time))) {
            activity.push(Happened {
                time: created.time,
                id: &r.id,
                what: "new",
                from: None,
                author: &created.author.name,
            });
        }
        let mut entered = h.created.as_ref().map(|c| c.time);
        for t in &h.transitions {
            let in_period = in_period(period, day_of(t.stamp.time));
            if let Some(start) = entered.filter(|_| in_period) {
                stays.entry(&t.from).or_default().push(t.stamp.time.saturating_sub(start) as f64 / 86_400.0);
            }
            entered = Some(t.stamp.time);
            if !in_period {
                continue;
            }
            activity.push(Happened {
                time: t.stamp.time,
                id: &r.id,
                what: &t.to,
                from: Some(&t.from),
                author: &t.stamp.author.name,
            });
            if t.credited {
                let key = keys.entry(&t.stamp.author.email).or_insert_with(|| t.stamp.author.key());
                if !advancers.contains_key(key.as_str()) {
                    let line = AdvancerLine {
                        name: t.stamp.author.name.to_string(),
                        email: options.emails.then(|| t.stamp.author.email.to_string()),
                        moves: 0,
                        wins: 0,
                    };
                    advancers.insert(key.clone(), line);
                }
                let line = advancers.get_mut(key.as_str()).expect("inserted above");
                line.moves += 1;
                line.wins += usize::from(pipeline.stage(&t.to).is_some_and(|s| s.outcome == Some(Outcome::Won)));
            }
        }
    }
    let mut advancers: Vec<AdvancerLine> = advancers.into_values().collect();
    advancers.sort_by(|a, b| (b.moves, b.wins).cmp(&(a.moves, a.wins)).then_with(|| a.name.cmp(&b.name)));
    // Newest first, then by id, then in the order seen.
    let order = |a: &(usize, &Happened), b: &(usize, &Happened)| {
        b.1.time.cmp(&a.1.time).then_with(|| a.1.id.cmp(b.1.id)).then_with(|| a.0.cmp(&b.0))
    };
    let mut newest: Vec<(usize, &Happened)> = activity.iter().enumerate().collect();
    keep_first(&mut newest, 20, order);
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

    let spotted_in_period: Vec<&LeadRecord> = records.iter().filter(|r| in_period(period, r.lead.spotted_on)).collect();
    let funnel = funnel(&spotted_in_period, pipeline);

    let mut months: BTreeMap<(i16, i8), MonthLine> = BTreeMap::new();
    for r in &open {
        let Some(close) = r.lead.expected_close else { continue };
        let line = months.entry((close.year(), close.month())).or_insert_with(|| MonthLine {
            month: month(close),
            leads: 0,
            value: BTreeMap::new(),
            weighted: BTreeMap::new(),
        });
        line.leads += 1;
        if let (Some(value), Some(currency)) = (r.lead.estimated_value, &r.lead.currency) {
            let p = pipeline.stage(&r.lead.status).and_then(|s| s.win_probability).unwrap_or(0);
            add_value(&mut line.value, currency, value);
            add_value(&mut line.weighted, currency, value * f64::from(p) / 100.0);
        }
    }

    // Ranked by index first; lines are made only for the leads shown.
    let mut ranked: Vec<(i64, usize, Vec<Stale>)> = records
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let reasons = r.stale(pipeline, options.today);
            (!reasons.is_empty()).then(|| ((options.today - r.in_stage_since()).get_days() as i64, i, reasons))
        })
        .collect();
    let stale_total = ranked.len();
    let order = |a: &(i64, usize, Vec<Stale>), b: &(i64, usize, Vec<Stale>)| {
        b.0.cmp(&a.0).then_with(|| records[a.1].id.cmp(&records[b.1].id)).then(a.1.cmp(&b.1))
    };
    keep_first(&mut ranked, options.stale_shown.unwrap_or(usize::MAX), order);
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
                owner: r.lead.owner.as_deref().map(|o| colleague(o, options.emails)),
            }
        })
        .collect();
    // Records are sorted by id.
    let notes_of = |id: &str| records.binary_search_by(|r| r.id.as_str().cmp(id)).ok();
    let notes =
        stale.iter().filter_map(|s| Some((s.id.clone(), records[notes_of(&s.id)?].lead.notes.clone()?))).collect();

    let time_in_stage = pipeline
        .stages
        .iter()
        .filter(|s| !s.is_closed())
        .filter_map(|s| {
            durations(stays.remove(s.name.as_str()).unwrap_or_default())
                .map(|d| StageTime { stage: s.name.clone(), durations: d })
        })
        .collect();

    let outcomes = Outcomes {
        by_source: outcome_lines(
            &spotted_in_period,
            pipeline,
            |r| r.lead.source.as_deref().unwrap_or("unknown"),
            usize::MAX,
        ),
        by_kind: outcome_lines(
            &spotted_in_period,
            pipeline,
            |r| r.lead.kind.as_deref().unwrap_or("unknown"),
            usize::MAX,
        ),
        by_client: outcome_lines(&spotted_in_period, pipeline, |r| &r.lead.client, 10),
    };

    let mut categories: BTreeMap<String, usize> = BTreeMap::new();
    let mut recent: Vec<LostLine> = Vec::new();
    for r in closed.iter().filter(|r| matches!(outcome(r), Some(Outcome::Lost | Outcome::Dropped))) {
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
    let mut by_category: Vec<(String, usize)> = categories.into_iter().collect();
    by_category.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));

    let mut new_per_month: BTreeMap<(i16, i8), usize> = BTreeMap::new();
    for r in &spotted_in_period {
        *new_per_month.entry((r.lead.spotted_on.year(), r.lead.spotted_on.month())).or_default() += 1;
    }
    let new_per_month = new_per_month.into_iter().map(|((y, m), n)| (format!("{y:04}-{m:02}"), n)).collect();
    let mut won_per_month: BTreeMap<(i16, i8), BTreeMap<String, f64>> = BTreeMap::new();
    for r in &won_leads {
        let day = r.in_stage_since();
        let entry = won_per_month.entry((day.year(), day.month())).or_default();
        if let (Some(value), Some(currency)) = (r.lead.estimated_value, &r.lead.currency) {
            add_value(entry, currency, value);
        }
    }
    let won_per_month = won_per_month.into_iter().map(|((y, m), sums)| (format!("{y:04}-{m:02}"), sums)).collect();

    Report {
        period: *period,
        as_of: options.today,
        totals: Totals {
            open: open.len(),
            won,
            lost,
            dropped,
            win_rate: (won + lost > 0).then(|| won as f64 / (won + lost) as f64),
            median_days_to_win: cycle_time.map(|c| c.median_days),
        },
        by_status,
        pipeline: pipeline_lines,
        spotters,
        teams: teams_lines,
        advancers,
        funnel,
        by_close_month: months.into_values().collect(),
        stale,
        stale_total,
        time_in_stage,
        cycle_time,
        outcomes,
        lost: LostSummary { by_category, recent },
        activity,
        new_per_month,
        won_per_month,
        stages: pipeline.names().map(str::to_owned).collect(),
        notes,
    }
}

/// How many leads reached each open stage and the won stage: a lead reached every stage up
/// to the furthest one it stood at.
fn funnel(leads: &[&LeadRecord], pipeline: &Pipeline) -> Vec<FunnelStep> {
    let path: Vec<&str> = pipeline
        .stages
        .iter()
        .filter(|s| !s.is_closed() || s.outcome == Some(Outcome::Won))
        .map(|s| s.name.as_str())
        .collect();
    let furthest = |r: &LeadRecord| {
        let seen = r.history.iter().flat_map(|h| h.transitions.iter().flat_map(|t| [&*t.from, &*t.to]));
        // Every lead starts at the first stage, even one recorded as already lost.
        seen.chain([r.lead.status.as_str()]).filter_map(|s| path.iter().position(|p| *p == s)).max().or(Some(0))
    };
    let reach: Vec<Option<usize>> = leads.iter().map(|r| furthest(r)).collect();
    let mut steps: Vec<FunnelStep> = Vec::new();
    for (i, stage) in path.iter().enumerate() {
        let reached = reach.iter().filter(|f| f.is_some_and(|f| f >= i)).count();
        let drop_off = steps.last().filter(|p| p.reached > 0).map(|p| 1.0 - reached as f64 / p.reached as f64);
        steps.push(FunnelStep { stage: (*stage).to_owned(), reached, drop_off });
    }
    steps
}

fn outcome_lines<'r>(
    leads: &[&'r LeadRecord],
    pipeline: &Pipeline,
    key: impl Fn(&'r LeadRecord) -> &'r str,
    limit: usize,
) -> Vec<OutcomeLine> {
    // [open, won, lost, dropped] per key; a line is made only for the keys shown.
    let mut counts: HashMap<&str, [usize; 4]> = HashMap::default();
    for r in leads {
        let slot = match pipeline.stage(&r.lead.status).and_then(|s| s.outcome) {
            None => 0,
            Some(Outcome::Won) => 1,
            Some(Outcome::Lost) => 2,
            Some(Outcome::Dropped) => 3,
        };
        counts.entry(key(r)).or_default()[slot] += 1;
    }
    let mut counts: Vec<(&str, [usize; 4])> = counts.into_iter().collect();
    let order = |a: &(&str, [usize; 4]), b: &(&str, [usize; 4])| {
        let total = |c: &[usize; 4]| c.iter().sum::<usize>();
        total(&b.1).cmp(&total(&a.1)).then_with(|| a.0.cmp(b.0))
    };
    keep_first(&mut counts, limit, order);
    counts
        .into_iter()
        .map(|(key, [open, won, lost, dropped])| OutcomeLine { key: key.to_owned(), open, won, lost, dropped })
        .collect()
}
