//! `possible-duplicate`: a lead that looks like another lead of the same client. A warning,
//! never an error: only people can tell whether two needs are one.

use jiff::civil::Date;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::duplicates::{Candidate, Index, Match, newer};
use crate::ledger::Ledger;

/// One warning on the newer lead of each pair of possible duplicates, naming the other file.
/// `whole`: every file is selected, so every pair is looked at once rather than each lead's.
pub fn possible_duplicates(
    ledger: &Ledger,
    today: Date,
    whole: bool,
    selected: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let settings = &ledger.config.duplicates;
    if !settings.enabled {
        return Vec::new();
    }
    // The cache's warnings are `list`'s and `report`'s to tell; a damaged cache is rebuilt.
    let (leads, _) = crate::lead_records::read_files(ledger);
    let pipeline = &ledger.config.pipeline;
    let candidates: Vec<Candidate> =
        leads.iter().map(|(id, path, lead)| Candidate::of(id, path, lead, pipeline, None)).collect();
    let index = Index::new(&candidates, settings, today);
    let pairs: Vec<(usize, Match)> = if whole {
        index.all().into_iter().map(|m| (m.first, m)).collect()
    } else {
        let mine = candidates.iter().enumerate().filter(|(_, c)| selected(c.path));
        mine.flat_map(|(i, _)| index.matches_of(i).into_iter().map(move |m| (i, m))).collect()
    };
    let mut out = Vec::new();
    for (i, found) in pairs {
        // Of a pair, the newer lead carries the warning.
        let (lead, other) = match (&candidates[i], &candidates[found.other(i)]) {
            (a, b) if newer(a, b) => (a, b),
            (a, b) if whole => (b, a),
            _ => continue,
        };
        out.push(
            Diagnostic::file(
                lead.path,
                Severity::Warning,
                Code::PossibleDuplicate,
                format!("possible duplicate of `{}` ({}): {}", other.id, other.path, found.reason),
            )
            .with_help(
                "if both are one opportunity, keep the older lead and close this one as `dropped` with \
                 lost_category = \"duplicate\"; if they are different needs, nothing needs doing",
            ),
        );
    }
    out
}
