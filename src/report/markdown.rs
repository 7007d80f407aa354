//! The report as GitHub-flavoured Markdown, with Mermaid charts.
//!
//! Every piece of lead text goes through comrak's inline escaping (plus `|`, which only
//! tables treat specially), so no title, client or reason can add a heading, a link, raw
//! HTML or a column.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::model::Report;
use crate::render::{self, GfmTable, NOTHING, amount, cell, days, percent};

/// A chart, drawn as Mermaid in Markdown and as SVG in HTML.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub title: String,
    pub pie: bool,
    pub labels: Vec<String>,
    pub values: Vec<f64>,
}

/// A money cell: amounts per currency, the currency escaped like any lead text.
fn money(values: &BTreeMap<String, f64>) -> String {
    cell(&render::money(values))
}

/// A GFM table, or a line that says there is nothing to show.
fn table(out: &mut String, header: &[&str], align: &str, rows: Vec<Vec<String>>) {
    let table = GfmTable::new(header, align).with_rows(rows);
    if table.is_empty() {
        out.push_str("_None in this period._\n\n");
        return;
    }
    table.write_to(out);
    out.push('\n');
}

/// Mermaid source for a chart (labels are stage names and months, never lead text).
pub fn mermaid(chart: &Chart) -> String {
    let mut out = String::from("```mermaid\n");
    if chart.pie {
        let _ = writeln!(out, "pie title {}", chart.title);
        for (label, value) in chart.labels.iter().zip(&chart.values) {
            let _ = writeln!(out, "    \"{label}\" : {value}");
        }
    } else {
        let _ = writeln!(out, "xychart-beta\n    title \"{}\"", chart.title);
        let labels: Vec<String> = chart.labels.iter().map(|l| format!("\"{l}\"")).collect();
        let _ = writeln!(out, "    x-axis [{}]", labels.join(", "));
        let values: Vec<String> = chart.values.iter().map(|v| format!("{}", v.round())).collect();
        let _ = writeln!(out, "    bar [{}]", values.join(", "));
    }
    out.push_str("```\n\n");
    out
}

/// The report in Markdown, with charts as Mermaid blocks.
pub fn render_markdown(report: &Report) -> String {
    render_with(report, &mut mermaid)
}

/// The report in Markdown; `chart` turns each chart into the text that stands for it.
pub(super) fn render_with(report: &Report, chart: &mut dyn FnMut(&Chart) -> String) -> String {
    let mut out = String::from("# Lead pipeline\n\n");
    let period = match (report.period.since, report.period.until) {
        (None, None) => "all history".to_owned(),
        (Some(s), None) => format!("since {s}"),
        (None, Some(u)) => format!("until {u}"),
        (Some(s), Some(u)) => format!("{s} to {u}"),
    };
    let _ = writeln!(out, "As of {} · period: {period}\n", report.as_of);

    out.push_str("## Headline\n\n");
    let t = &report.totals;
    table(
        &mut out,
        &["Open leads", "Won", "Lost", "Dropped", "Win rate", "Median days to win"],
        "rrrrrr",
        vec![vec![
            t.open.to_string(),
            t.won.to_string(),
            t.lost.to_string(),
            t.dropped.to_string(),
            percent(t.win_rate),
            t.median_days_to_win.map_or(NOTHING.into(), days),
        ]],
    );
    let pipeline_rows: Vec<Vec<String>> = report
        .pipeline
        .iter()
        .map(|p| vec![cell(&p.currency), amount(p.open_value), amount(p.weighted_value), amount(p.won_value)])
        .collect();
    table(&mut out, &["Currency", "Open pipeline", "Weighted", "Won"], "lrrr", pipeline_rows);
    let stages: Vec<(String, f64)> = report
        .stages
        .iter()
        .map(|s| (s.clone(), *report.by_status.get(s).unwrap_or(&0) as f64))
        .filter(|(_, n)| *n > 0.0)
        .collect();
    if !stages.is_empty() {
        out.push_str(&chart(&Chart {
            title: "Leads by stage".into(),
            pie: true,
            labels: stages.iter().map(|s| s.0.clone()).collect(),
            values: stages.iter().map(|s| s.1).collect(),
        }));
    }

    out.push_str("## Spotters\n\nCredit for outcomes: leads spotted in the period, and how far they went.\n\n");
    let rows: Vec<Vec<String>> = report
        .spotters
        .iter()
        .map(|s| {
            let mut who = cell(&s.name);
            if let Some(email) = &s.email {
                let _ = write!(who, " ({})", cell(email));
            }
            if s.first_time {
                who.push_str(" (first lead!)");
            }
            vec![who, s.spotted.to_string(), s.qualified.to_string(), s.won.to_string(), money(&s.won_value)]
        })
        .collect();
    table(&mut out, &["Person", "Spotted", "Qualified", "Won", "Won value"], "lrrrr", rows);
    if !report.teams.is_empty() {
        let rows: Vec<Vec<String>> = report
            .teams
            .iter()
            .map(|t| {
                vec![
                    cell(&t.team),
                    t.spotted.to_string(),
                    t.qualified.to_string(),
                    t.won.to_string(),
                    money(&t.won_value),
                ]
            })
            .collect();
        table(&mut out, &["Team", "Spotted", "Qualified", "Won", "Won value"], "lrrrr", rows);
    }

    out.push_str("## Advancers\n\nWho moved leads along, kept apart from spotting credit.\n\n");
    let rows: Vec<Vec<String>> = report
        .advancers
        .iter()
        .map(|a| {
            let who = match &a.email {
                Some(email) => format!("{} ({})", cell(&a.name), cell(email)),
                None => cell(&a.name),
            };
            vec![who, a.moves.to_string(), a.wins.to_string()]
        })
        .collect();
    table(&mut out, &["Person", "Status changes", "Wins"], "lrr", rows);

    out.push_str("## Funnel\n\nOf the leads spotted in the period, how many reached each stage.\n\n");
    let rows: Vec<Vec<String>> =
        report.funnel.iter().map(|f| vec![cell(&f.stage), f.reached.to_string(), percent(f.drop_off)]).collect();
    table(&mut out, &["Stage", "Reached", "Drop-off"], "lrr", rows);

    out.push_str("## Pipeline by expected close\n\n");
    let rows: Vec<Vec<String>> = report
        .by_close_month
        .iter()
        .map(|m| vec![m.month.clone(), m.leads.to_string(), money(&m.value), money(&m.weighted)])
        .collect();
    table(&mut out, &["Month", "Leads", "Value", "Weighted"], "lrrr", rows);

    out.push_str("## Stale and overdue\n\n");
    let rows: Vec<Vec<String>> = report
        .stale
        .iter()
        .map(|s| {
            let why: Vec<String> = s
                .reasons
                .iter()
                .map(|r| match r {
                    crate::leads::Stale::InStageTooLong { days, limit } => {
                        format!("{days} days in stage (limit {limit})")
                    }
                    crate::leads::Stale::Overdue { due } => format!("next step due {due}"),
                    crate::leads::Stale::NoOwner => "no owner".to_owned(),
                })
                .collect();
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
    table(&mut out, &["Lead", "Client", "Title", "Stage", "Days in stage", "Why", "Owner"], "llllrll", rows);
    if report.stale_total > report.stale.len() {
        out.push_str(&format!(
            "And {} more stale leads, {} in all: `leadger list --stale` lists every one.\n\n",
            report.stale_total - report.stale.len(),
            report.stale_total
        ));
    }

    out.push_str("## Time in stage\n\n");
    let mut rows: Vec<Vec<String>> = report
        .time_in_stage
        .iter()
        .map(|s| {
            vec![
                cell(&s.stage),
                days(s.durations.median_days),
                days(s.durations.p90_days),
                s.durations.samples.to_string(),
            ]
        })
        .collect();
    if let Some(c) = &report.cycle_time {
        rows.push(vec!["spotted to won".into(), days(c.median_days), days(c.p90_days), c.samples.to_string()]);
    }
    table(&mut out, &["Stage", "Median days", "p90 days", "Leads"], "lrrr", rows);

    out.push_str("## Outcomes\n\n");
    for (title, lines) in [
        ("Source", &report.outcomes.by_source),
        ("Kind", &report.outcomes.by_kind),
        ("Client", &report.outcomes.by_client),
    ] {
        let rows: Vec<Vec<String>> = lines
            .iter()
            .map(|l| {
                vec![cell(&l.key), l.open.to_string(), l.won.to_string(), l.lost.to_string(), l.dropped.to_string()]
            })
            .collect();
        table(&mut out, &[title, "Open", "Won", "Lost", "Dropped"], "lrrrr", rows);
    }

    out.push_str("## Lost and dropped\n\n");
    let rows: Vec<Vec<String>> = report.lost.by_category.iter().map(|(c, n)| vec![cell(c), n.to_string()]).collect();
    table(&mut out, &["Category", "Leads"], "lr", rows);
    let rows: Vec<Vec<String>> = report
        .lost
        .recent
        .iter()
        .map(|l| vec![l.date.to_string(), cell(&l.id), cell(&l.status), cell(&l.reason)])
        .collect();
    if !rows.is_empty() {
        table(&mut out, &["Date", "Lead", "Stage", "Reason"], "llll", rows);
    }

    out.push_str("## Recent activity\n\n");
    let rows: Vec<Vec<String>> = report
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
    table(&mut out, &["Date", "Lead", "What", "By"], "llll", rows);
    if !report.new_per_month.is_empty() {
        out.push_str(&chart(&Chart {
            title: "New leads per month".into(),
            pie: false,
            labels: report.new_per_month.iter().map(|(m, _)| m.clone()).collect(),
            values: report.new_per_month.iter().map(|(_, n)| *n as f64).collect(),
        }));
    }
    // Won value per month in the currency with the most won value.
    let mut totals: BTreeMap<&str, f64> = BTreeMap::new();
    for (_, values) in &report.won_per_month {
        for (c, v) in values {
            *totals.entry(c).or_default() += v;
        }
    }
    if let Some((currency, _)) = totals.iter().max_by(|a, b| a.1.total_cmp(b.1)) {
        out.push_str(&chart(&Chart {
            title: format!(
                "Won value per month ({})",
                currency.chars().filter(char::is_ascii_alphanumeric).collect::<String>()
            ),
            pie: false,
            labels: report.won_per_month.iter().map(|(m, _)| m.clone()).collect(),
            values: report.won_per_month.iter().map(|(_, v)| *v.get(*currency).unwrap_or(&0.0)).collect(),
        }));
    }
    out
}
