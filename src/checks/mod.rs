//! `leadger check`: every lead file through the schema and the checks JSON Schema cannot
//! express. Files are checked in parallel; nothing stops at the first problem.

mod dates;
mod duplicates;
mod file;
mod ids;
mod layout;
mod privacy;
mod selection;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::Date;
use rayon::prelude::*;

pub use file::{FileContext, check_text};
pub use selection::Selection;

use crate::diagnostic::Findings;
use crate::error::Error;
use crate::ledger::{Ledger, find_lead_files};
use crate::schema::LeadSchema;

pub struct CheckOptions {
    /// "Today", for dates in the future; pinned in tests.
    pub today: Date,
    /// Report only on these files (the whole ledger is still loaded for uniqueness).
    pub selection: Option<Selection>,
}

/// Checks the ledger and returns every diagnostic, sorted by path and position.
pub fn check(ledger: &Ledger, schema: &LeadSchema, options: &CheckOptions) -> Findings {
    let walk = find_lead_files(&ledger.leads_dir(), |p| ledger.relative(p));
    let selected = |rel: &str| options.selection.as_ref().is_none_or(|s| s.contains(rel));
    let context = file::FileContext { schema, today: options.today, privacy: &ledger.config.privacy };

    let results: Vec<_> = walk
        .files
        .par_iter()
        .filter(|f| selected(&f.rel))
        .map(|f| (f.rel.clone(), file::check_file(f, &context)))
        .collect();

    let mut findings = Findings { files_checked: results.len(), ..Findings::default() };
    let mut sources: BTreeMap<String, Arc<str>> = BTreeMap::new();
    for (rel, result) in results {
        if !result.diagnostics.is_empty() {
            if let Some(text) = result.source {
                sources.insert(rel, text);
            }
        }
        findings.diagnostics.extend(result.diagnostics);
    }
    findings.diagnostics.extend(ids::duplicates(&walk.files, &selected));
    findings.diagnostics.extend(layout::crowded_folders(&walk.files, &selected));
    findings.diagnostics.extend(layout::walk_problems(&walk.problems, &selected));
    findings.diagnostics.extend(duplicates::possible_duplicates(
        ledger,
        options.today,
        options.selection.is_none(),
        &selected,
    ));
    if let Some(selection) = &options.selection {
        findings.diagnostics.extend(selection.problems.iter().cloned());
    }
    findings.diagnostics.sort_by(|a, b| (&a.path, a.line, a.column, a.code).cmp(&(&b.path, b.line, b.column, b.code)));
    findings.sources = sources;
    findings
}

/// What a user asked `check` for.
pub struct CheckRequest<'a> {
    /// Where the user is: the ledger is discovered from here, and paths are relative to it.
    pub cwd: &'a Path,
    /// Lead files or folders to report on (`check`'s `PATH` arguments), relative to `cwd`; empty for
    /// the whole leads folder.
    pub paths: &'a [PathBuf],
    /// `--changed-since REV`: report only on lead files added or changed since the merge base of
    /// REV and HEAD, uncommitted and untracked ones included.
    pub changed_since: Option<&'a str>,
    /// The day taken as today (`--today`): for dates in the future, and which closed leads are old
    /// enough to leave out of duplicate checks.
    pub today: Date,
}

/// Finds the ledger, loads its schema, works out the selection and checks.
pub fn check_ledger(request: &CheckRequest) -> Result<Findings, Error> {
    let ledger = Ledger::discover(request.cwd)?;
    let schema = LeadSchema::for_ledger(&ledger)?;
    let named =
        if request.paths.is_empty() { None } else { Some(Selection::of_paths(&ledger, request.cwd, request.paths)?) };
    let selection = match (request.changed_since, named) {
        (None, named) => named,
        (Some(rev), named) => {
            let changed = crate::history::changed_lead_files(&ledger, rev)?;
            let mut selection =
                Selection::of_files(changed.into_iter().filter(|f| named.as_ref().is_none_or(|n| n.contains(f))));
            selection.problems = named.map(|n| n.problems).unwrap_or_default();
            Some(selection)
        }
    };
    Ok(check(&ledger, &schema, &CheckOptions { today: request.today, selection }))
}

#[cfg(test)]
mod robustness {
    use proptest::prelude::*;

    use super::{FileContext, check_text};
    use crate::config::PrivacySettings;
    use crate::pipeline::Pipeline;
    use crate::schema::LeadSchema;

    const VALID: &str =
        "title = \"T\"\nclient = \"C\"\nstatus = \"new\"\nspotted_on = 2026-01-02\nsummary = \"S\"\ntags = [\"a\"]\n";

    proptest! {
        /// Whatever the bytes, checking a lead reports problems and never panics.
        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
            let schema = LeadSchema::builtin(&Pipeline::default());
            let cx = FileContext { schema: &schema, today: jiff::civil::date(2026, 11, 22), privacy: &PrivacySettings::default() };
            let _ = check_text("leads/x.toml", &text, &cx);
        }

        /// A valid lead with one span of it replaced by arbitrary text: diagnostics point
        /// inside the file and never panic.
        #[test]
        fn damaged_leads_get_positions_inside_the_file(start in 0usize..VALID.len(), len in 0usize..20, junk in "\\PC{0,12}") {
            let mut text = VALID.to_owned();
            let start = (0..=start).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
            let end = (start + len).min(text.len());
            let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap_or(text.len());
            text.replace_range(start..end, &junk);
            let schema = LeadSchema::builtin(&Pipeline::default());
            let cx = FileContext { schema: &schema, today: jiff::civil::date(2026, 11, 22), privacy: &PrivacySettings::default() };
            for d in check_text("leads/x.toml", &text, &cx) {
                prop_assert!(d.line >= 1 && d.line <= text.lines().count() + 1, "{d:?}");
                prop_assert!(d.column >= 1);
            }
        }
    }
}
