use std::io::{self, Write};

use crate::credit::{CreditReport, Tally};
use crate::render::{GfmTable, Printer, TextTable, cell, money};

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

/// Aligned columns for a terminal.
pub struct CreditTable;

/// GitHub-flavoured Markdown tables.
pub struct CreditMarkdown;

impl Printer<CreditReport> for CreditTable {
    fn print(&self, report: &CreditReport, out: &mut dyn Write) -> io::Result<()> {
        print_credit(report, false, out)
    }
}

impl Printer<CreditReport> for CreditMarkdown {
    fn print(&self, report: &CreditReport, out: &mut dyn Write) -> io::Result<()> {
        print_credit(report, true, out)
    }
}

/// A table of people, then one of teams when there are teams.
fn print_credit(report: &CreditReport, markdown: bool, out: &mut dyn Write) -> io::Result<()> {
    let people: Vec<[String; 7]> = report.people.iter().map(|p| row(p.name.clone(), &p.tally)).collect();
    let teams: Vec<[String; 7]> = report.teams.iter().map(|t| row(t.team.clone(), &t.tally)).collect();
    let mut team_header = HEADER;
    team_header[0] = "team";
    for (header, rows) in [(HEADER, &people), (team_header, &teams)] {
        if rows.is_empty() && header[0] == "team" {
            continue;
        }
        if markdown {
            let mut table = GfmTable::new(&header, "lrrrrrr");
            for r in rows {
                table.row(r.iter().map(|c| cell(c)).collect());
            }
            let mut text = String::new();
            table.write_to(&mut text);
            out.write_all(text.as_bytes())?;
        } else {
            let mut table = TextTable::new(&header, "lrrrrrr");
            for r in rows {
                table.row(r);
            }
            table.write_to(out, None, &[])?;
        }
        writeln!(out)?;
    }
    Ok(())
}
