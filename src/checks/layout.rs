//! How the leads folder is laid out: crowded folders and files the walk could not use.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::ledger::{LeadFile, WalkProblem};

/// Past this, every commit rewrites a large tree and history tools slow down tenfold.
pub const MAX_LEADS_PER_FOLDER: usize = 1000;

pub fn crowded_folders(files: &[LeadFile], selected: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
    let mut by_folder: BTreeMap<&str, Vec<&LeadFile>> = BTreeMap::new();
    for file in files {
        let folder = file.rel.rsplit_once('/').map_or("", |(dir, _)| dir);
        by_folder.entry(folder).or_default().push(file);
    }
    by_folder
        .into_iter()
        .filter(|(_, group)| group.len() > MAX_LEADS_PER_FOLDER)
        .filter_map(|(folder, group)| {
            let anchor = group.iter().find(|f| selected(&f.rel))?;
            Some(
                Diagnostic::file(
                    &anchor.rel,
                    Severity::Warning,
                    Code::CrowdedFolder,
                    format!("{folder}/ holds {} leads, more than {MAX_LEADS_PER_FOLDER} in one folder", group.len()),
                )
                .with_help(shard_advice(folder)),
            )
        })
        .collect()
}

fn shard_advice(folder: &str) -> String {
    let last = folder.rsplit('/').next().unwrap_or(folder);
    if last.len() == 4 && last.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "split the year further, e.g. by quarter: {folder}/q1/ … {folder}/q4/ (ids stay the same, so does credit)"
        )
    } else {
        format!("shard by year spotted: move leads into {folder}/<year>/ (ids stay the same, so does credit)")
    }
}

pub fn walk_problems(problems: &[WalkProblem], selected: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
    problems
        .iter()
        .map(|problem| match problem {
            WalkProblem::Symlink { rel } => Diagnostic::file(
                rel,
                Severity::Warning,
                Code::Symlink,
                "symlink skipped: leads are not followed through links",
            )
            .with_help("replace the link with the file itself, so its history lives in this ledger"),
            WalkProblem::Unreadable { rel, message } => {
                Diagnostic::file(rel, Severity::Error, Code::Unreadable, format!("cannot read: {message}"))
                    .with_help("check the folder's permissions")
            }
        })
        .filter(|d| selected(&d.path))
        .collect()
}
