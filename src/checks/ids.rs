//! Lead ids: the file stem, well-formed and unique across the whole ledger.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::lead::is_valid_id;
use crate::ledger::LeadFile;

pub fn check_id(file: &LeadFile) -> Option<Diagnostic> {
    let problem = |message: String, help: String| {
        Some(Diagnostic::file(&file.rel, Severity::Error, Code::InvalidId, message).with_help(help))
    };
    match &file.id {
        None => problem(
            "the file name is not valid UTF-8, so it cannot be a lead id".to_owned(),
            "rename the file to lowercase letters, digits and hyphens".to_owned(),
        ),
        Some(id) if !is_valid_id(id) => {
            let slug = slug::slugify(id);
            let help = if is_valid_id(&slug) {
                format!("rename the file to `{slug}.toml`: an id is lowercase letters, digits and single hyphens")
            } else {
                "an id is lowercase letters, digits and single hyphens".to_owned()
            };
            problem(format!("`{id}` is not a valid lead id"), help)
        }
        Some(_) => None,
    }
}

/// One error per duplicated file, naming the other file. With a selection, the error sits on
/// the selected file, so a pull request that adds a duplicate sees it on its own file.
pub fn duplicates(files: &[LeadFile], selected: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
    let mut by_id: BTreeMap<&str, Vec<&LeadFile>> = BTreeMap::new();
    for file in files {
        if let Some(id) = &file.id {
            by_id.entry(id).or_default().push(file);
        }
    }
    let mut out = Vec::new();
    for (id, group) in by_id.into_iter().filter(|(_, g)| g.len() > 1) {
        for (i, file) in group.iter().enumerate() {
            let counted = if i == 0 { group[1..].iter().all(|f| !selected(&f.rel)) } else { true };
            if !counted || !selected(&file.rel) {
                continue;
            }
            let other = if i == 0 { group[1] } else { group[0] };
            out.push(
                Diagnostic::file(
                    &file.rel,
                    Severity::Error,
                    Code::DuplicateId,
                    format!("duplicate lead id `{id}`: {} and {} have the same name", other.rel, file.rel),
                )
                .with_help(
                    "ids are unique across all folders; rename one file (if it is the same lead, keep one file)",
                ),
            );
        }
    }
    out
}
