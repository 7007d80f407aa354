use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::credit::{CreditReport, Tally};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CreditFormat {
    /// Aligned columns for a terminal.
    Table,
    Json,
    /// A GitHub-flavoured Markdown table.
    Md,
}

fn money(values: &BTreeMap<String, f64>) -> String {
    if values.is_empty() {
        return "-".to_owned();
    }
    values.iter().map(|(currency, value)| format!("{value:.0} {currency}")).collect::<Vec<_>>().join(", ")
}

fn row(who: String, t: &Tally) -> [String; 7] {
    [
        who,
        t.spotted.to_string(),
        t.spotted_as_author.to_string(),
        t.qualified.to_string(),
        t.advanced.to_string(),
        t.won.to_string(),
        money(&t.won_value),
    ]
}

const HEADER: [&str; 7] = ["person", "spotted", "as author", "qualified", "advanced", "won", "won value"];

pub fn print_credit(report: &CreditReport, format: CreditFormat, out: &mut dyn Write) -> io::Result<()> {
    if format == CreditFormat::Json {
        serde_json::to_writer_pretty(&mut *out, report)?;
        return writeln!(out);
    }
    let people: Vec<[String; 7]> = report.people.iter().map(|p| row(p.name.clone(), &p.tally)).collect();
    let teams: Vec<[String; 7]> = report.teams.iter().map(|t| row(t.team.clone(), &t.tally)).collect();
    let mut team_header = HEADER;
    team_header[0] = "team";
    for (header, rows) in [(HEADER, &people), (team_header, &teams)] {
        if rows.is_empty() && header[0] == "team" {
            continue;
        }
        match format {
            CreditFormat::Md => markdown(&header, rows, out)?,
            _ => table(&header, rows, out)?,
        }
        writeln!(out)?;
    }
    Ok(())
}

fn table(header: &[&str; 7], rows: &[[String; 7]], out: &mut dyn Write) -> io::Result<()> {
    let width = |i: usize| rows.iter().map(|r| r[i].chars().count()).chain([header[i].len()]).max().unwrap_or(0);
    let widths: Vec<usize> = (0..7).map(width).collect();
    let line = |cells: [&str; 7], out: &mut dyn Write| {
        let mut text = format!("{:<w$}", cells[0], w = widths[0]);
        for i in 1..7 {
            text.push_str(&format!("  {:>w$}", cells[i], w = widths[i]));
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(*header, out)?;
    for r in rows {
        line([&r[0], &r[1], &r[2], &r[3], &r[4], &r[5], &r[6]].map(String::as_str), out)?;
    }
    Ok(())
}

fn markdown(header: &[&str; 7], rows: &[[String; 7]], out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "| {} |", header.join(" | "))?;
    writeln!(out, "| --- |{}", " ---: |".repeat(6))?;
    for r in rows {
        let cells: Vec<String> = r.iter().map(|c| escape_cell(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// A name can hold `|` or Markdown; it must never break the table.
fn escape_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}
