//! `possible-duplicate`: a lead that looks like another lead of the same client. A warning,
//! never an error: only people can tell whether two needs are one.

use jiff::civil::Date;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::duplicates::{Candidate, Index, newer};
use crate::ledger::Ledger;

/// One warning on the newer lead of each pair of possible duplicates, naming the other file.
pub fn possible_duplicates(ledger: &Ledger, today: Date, selected: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
    let settings = &ledger.config.duplicates;
    if !settings.enabled {
        return Vec::new();
    }
    // The cache's warnings are `list`'s and `report`'s to tell; a damaged cache is rebuilt.
    let (leads, _) = crate::leads::read_files(ledger);
    let pipeline = &ledger.config.pipeline;
    let candidates: Vec<Candidate> =
        leads.iter().map(|(id, path, lead)| Candidate::of(id, path, lead, pipeline, None)).collect();
    let index = Index::new(&candidates, settings, today);
    let mut out = Vec::new();
    for (i, lead) in candidates.iter().enumerate().filter(|(_, c)| selected(c.path)) {
        for found in index.matches_of(i) {
            let other = &candidates[found.other(i)];
            if !newer(lead, other) {
                continue;
            }
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
    }
    out
}
