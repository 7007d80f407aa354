//! How one commit's changed lead files become lead changes: deletions paired with additions
//! (by blob, by id, by the fields configured as identifying, then by rare content in common),
//! and each change described field by field.

use std::collections::HashMap;
use std::rc::Rc;

use super::objects::Parsed;
use super::record::{ChangeKind, FieldChange, LeadChange, PairedBy, Snapshot, lead_id};
use super::similarity::{self, PairHash, Rarity, Rules};

fn render(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Field-level differences between two parsed lead files (`None`: not TOML), in the new
/// file's key order, then removed keys.
pub fn field_changes(old: &Parsed, new: &Parsed) -> Vec<FieldChange> {
    let (Some(old), Some(new)) = (old, new) else {
        return Vec::new();
    };
    let mut out: Vec<FieldChange> = new
        .iter()
        .filter(|(k, v)| old.get(*k) != Some(v))
        .map(|(k, v)| FieldChange { field: k.clone(), from: old.get(k).map(render), to: Some(render(v)) })
        .collect();
    out.extend(old.iter().filter(|(k, _)| !new.contains_key(*k)).map(|(k, v)| FieldChange {
        field: k.clone(),
        from: Some(render(v)),
        to: None,
    }));
    out
}

/// One side of a change. Its content is parsed only when pairing or the event needs it:
/// a commit that moves every lead of a big ledger pairs them all by blob id, and parsing and
/// copying both sides first held 200,000 TOML tables at once for nothing.
pub struct Side {
    /// Relative to the ledger root: all that pairing needs of the change.
    pub path: String,
    /// The file's blob on this side.
    pub blob: git2::Oid,
    parsed: Option<Rc<Parsed>>,
}

impl Side {
    /// A side not parsed yet.
    pub fn new(path: String, blob: git2::Oid) -> Side {
        Side { path, blob, parsed: None }
    }

    /// The parsed content, kept for later use.
    fn parse(&mut self, load: &mut Load) -> Result<Rc<Parsed>, git2::Error> {
        let parsed = self.peek(load)?;
        self.parsed = Some(parsed.clone());
        Ok(parsed)
    }

    /// The parsed content, not kept unless it already was.
    fn peek(&self, load: &mut Load) -> Result<Rc<Parsed>, git2::Error> {
        match &self.parsed {
            Some(parsed) => Ok(parsed.clone()),
            None => load(self.blob),
        }
    }
}

/// Reads and parses a blob (through the walk's object cache).
pub type Load<'a> = dyn FnMut(git2::Oid) -> Result<Rc<Parsed>, git2::Error> + 'a;

/// The field changes from `old` (if any) to `new`, and what `new` says. `new` is read once;
/// `old` only when its blob differs.
fn describe(
    old: Option<&Side>,
    new: &Side,
    load: &mut Load,
) -> Result<(Vec<FieldChange>, Option<Snapshot>), git2::Error> {
    let parsed = new.peek(load)?;
    let fields = match old {
        Some(old) if old.blob != new.blob => {
            let old = old.peek(load)?;
            field_changes(&old, &parsed)
        }
        _ => Vec::new(),
    };
    Ok((fields, parsed.as_ref().as_ref().map(Snapshot::of)))
}

/// Turns one commit's blob changes into lead changes, pairing deletions with additions:
/// by identical blob, then by the same id, then by the identity fields, then by content.
/// `rarity` gives the ledger's counts of key/value pairs, read only when content is compared.
pub fn pair<'r>(
    changes: Vec<(Option<Side>, Option<Side>)>,
    load: &mut Load,
    rules: &Rules,
    rarity: &dyn Fn() -> &'r Rarity,
) -> Result<Vec<LeadChange>, git2::Error> {
    let mut out = Vec::new();
    let mut deleted: Vec<Side> = Vec::new();
    let mut added: Vec<Side> = Vec::new();
    for (old, new) in changes {
        match (old, new) {
            (Some(old), Some(new)) => {
                let (fields, snapshot) = describe(Some(&old), &new, load)?;
                out.push(LeadChange { kind: ChangeKind::Modified, fields, snapshot, path: new.path })
            }
            (Some(old), None) => deleted.push(old),
            (None, Some(new)) => added.push(new),
            (None, None) => {}
        }
    }

    let mut matching = Matching { taken: vec![false; deleted.len()], partner: vec![None; added.len()] };
    matching.by_blob(&deleted, &added);
    matching.by_id(&deleted, &added);
    matching.by_similarity(&mut deleted, &mut added, load, rules, rarity)?;
    let Matching { taken, partner } = matching;

    for (a, add) in added.into_iter().enumerate() {
        let change = match partner[a] {
            Some((d, paired_by)) => {
                let old = &deleted[d];
                let from = old.path.clone();
                let kind = if lead_id(&old.path) == lead_id(&add.path) {
                    ChangeKind::Moved { from, paired_by }
                } else {
                    ChangeKind::Renamed { from, paired_by }
                };
                let (fields, snapshot) = describe(Some(old), &add, load)?;
                LeadChange { kind, fields, snapshot, path: add.path }
            }
            None => {
                let (fields, snapshot) = describe(None, &add, load)?;
                LeadChange { kind: ChangeKind::Created, fields, snapshot, path: add.path }
            }
        };
        out.push(change);
    }
    for (d, old) in deleted.into_iter().enumerate() {
        if !taken[d] {
            out.push(LeadChange { kind: ChangeKind::Deleted, fields: Vec::new(), snapshot: None, path: old.path });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

/// Which deleted file each added file is paired with, filled in stage by stage.
struct Matching {
    /// By deleted file: whether it is paired.
    taken: Vec<bool>,
    /// By added file: the deleted file it is paired with, and why.
    partner: Vec<Option<(usize, PairedBy)>>,
}

impl Matching {
    fn done(&self) -> bool {
        self.partner.iter().all(Option::is_some) || self.taken.iter().all(|t| *t)
    }

    fn by_blob(&mut self, deleted: &[Side], added: &[Side]) {
        // 1. Identical content, preferring the same id among identical blobs.
        let mut by_blob: HashMap<git2::Oid, Vec<usize>> = HashMap::new();
        for (i, d) in deleted.iter().enumerate() {
            by_blob.entry(d.blob).or_default().push(i);
        }
        for (a, add) in added.iter().enumerate() {
            let Some(candidates) = by_blob.get(&add.blob) else {
                continue;
            };
            let free = |d: &&usize| !self.taken[**d];
            let same_id = candidates.iter().filter(free).find(|d| lead_id(&deleted[**d].path) == lead_id(&add.path));
            if let Some(&d) = same_id.or_else(|| candidates.iter().find(free)) {
                self.taken[d] = true;
                self.partner[a] = Some((d, PairedBy::Blob));
            }
        }
    }

    fn by_id(&mut self, deleted: &[Side], added: &[Side]) {
        // 2. The same id in another folder, edited on the way.
        let by_id: HashMap<&str, usize> = deleted.iter().enumerate().map(|(i, d)| (lead_id(&d.path), i)).collect();
        for (a, add) in added.iter().enumerate() {
            if self.partner[a].is_none() {
                if let Some(&d) = by_id.get(lead_id(&add.path)).filter(|d| !self.taken[**d]) {
                    self.taken[d] = true;
                    self.partner[a] = Some((d, PairedBy::Id));
                }
            }
        }
    }

    fn by_similarity<'r>(
        &mut self,
        deleted: &mut [Side],
        added: &mut [Side],
        load: &mut Load,
        rules: &Rules,
        rarity: &dyn Fn() -> &'r Rarity,
    ) -> Result<(), git2::Error> {
        if self.done() {
            return Ok(());
        }
        let free_added: Vec<usize> = (0..added.len()).filter(|a| self.partner[*a].is_none()).collect();
        let free_deleted: Vec<usize> = (0..deleted.len()).filter(|d| !self.taken[*d]).collect();
        let mut old = Vec::with_capacity(free_deleted.len());
        for &d in &free_deleted {
            old.push(deleted[d].parse(load)?);
        }
        let mut new = Vec::with_capacity(free_added.len());
        for &a in &free_added {
            new.push(added[a].parse(load)?);
        }
        fn table(p: &Rc<Parsed>) -> Option<&toml::Table> {
            p.as_ref().as_ref()
        }
        let (old, new): (Vec<_>, Vec<_>) = (old.iter().map(table).collect(), new.iter().map(table).collect());
        let paths = |side: &[Side], at: &[usize]| at.iter().map(|i| side[*i].path.clone()).collect::<Vec<_>>();
        let (old_paths, new_paths) = (paths(deleted, &free_deleted), paths(added, &free_added));
        // 3. Most identity fields alike; 4. then, for what is left, rare content in common.
        for (stage, by) in [(Stage::Identity, PairedBy::Identity), (Stage::Content, PairedBy::Content)] {
            let found = match stage {
                Stage::Identity => best_pairs(&old, &new, &old_paths, &new_paths, &|o, n| {
                    rules.identity_score(o, n).filter(|s| *s >= rules.identity_threshold)
                }),
                Stage::Content => content_pairs(&old, &new, &old_paths, &new_paths, rules, rarity()),
            };
            for (o, n) in found {
                let (d, a) = (free_deleted[o], free_added[n]);
                if !self.taken[d] && self.partner[a].is_none() {
                    self.taken[d] = true;
                    self.partner[a] = Some((d, by));
                }
            }
            if self.done() {
                break;
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy)]
enum Stage {
    Identity,
    Content,
}

/// A posting list longer than this names a value too common to find a partner by: skipping it
/// keeps a mass rename linear, and such a value alone never reaches a threshold.
const MAX_POSTINGS: usize = 16;

/// Candidate pairs (index into `old`, index into `new`) by their scores, best first, ties by
/// deleted path then added path, so the outcome never depends on the order of a tree.
fn ranked(mut scored: Vec<(f64, usize, usize)>, old_paths: &[String], new_paths: &[String]) -> Vec<(usize, usize)> {
    scored.sort_by(|(x, o, n), (y, p, m)| {
        y.total_cmp(x).then_with(|| old_paths[*o].cmp(&old_paths[*p])).then_with(|| new_paths[*n].cmp(&new_paths[*m]))
    });
    scored.into_iter().map(|(_, o, n)| (o, n)).collect()
}

/// Which deleted records (by index) hold each key/value pair.
fn postings(old_pairs: &[Vec<PairHash>]) -> HashMap<PairHash, Vec<usize>> {
    let mut postings: HashMap<PairHash, Vec<usize>> = HashMap::new();
    for (o, pairs) in old_pairs.iter().enumerate() {
        for pair in pairs {
            postings.entry(*pair).or_default().push(o);
        }
    }
    postings
}

/// The deleted records that share a telling pair with `pairs`, in index order: a pair that
/// more than [`MAX_POSTINGS`] records hold (a template's default) names no candidate.
fn candidates(postings: &HashMap<PairHash, Vec<usize>>, pairs: &[PairHash]) -> Vec<usize> {
    let mut found: Vec<usize> = pairs
        .iter()
        .filter_map(|p| postings.get(p))
        .filter(|list| list.len() <= MAX_POSTINGS)
        .flatten()
        .copied()
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Pairs over the identity fields: candidates are the deleted records that share the exact
/// value of at least one identity field with the added one.
fn best_pairs(
    old: &[Option<&toml::Table>],
    new: &[Option<&toml::Table>],
    old_paths: &[String],
    new_paths: &[String],
    score: &dyn Fn(&toml::Table, &toml::Table) -> Option<f64>,
) -> Vec<(usize, usize)> {
    let old_pairs: Vec<Vec<PairHash>> = old.iter().map(|t| t.map(similarity::pairs).unwrap_or_default()).collect();
    let postings = postings(&old_pairs);
    let mut scored = Vec::new();
    for (n, table) in new.iter().enumerate() {
        let Some(table) = table else { continue };
        for o in candidates(&postings, &similarity::pairs(table)) {
            if let Some(s) = old[o].and_then(|old| score(old, table)) {
                scored.push((s, o, n));
            }
        }
    }
    ranked(scored, old_paths, new_paths)
}

/// Pairs by content: key/value pairs in common, weighted by rarity over the ledger at the tip
/// and this commit's deleted records.
fn content_pairs(
    old: &[Option<&toml::Table>],
    new: &[Option<&toml::Table>],
    old_paths: &[String],
    new_paths: &[String],
    rules: &Rules,
    ledger: &Rarity,
) -> Vec<(usize, usize)> {
    let hashed = |side: &[Option<&toml::Table>]| -> Vec<Vec<PairHash>> {
        side.iter().map(|t| t.map(similarity::pairs).unwrap_or_default()).collect()
    };
    let (old_pairs, new_pairs) = (hashed(old), hashed(new));
    // The added records are (mostly) at the tip already, counted in `ledger`; the deleted ones
    // are not. Counting both sides here would make a value a rename keeps look commoner than
    // one it changes, and a rename with half its fields changed would score under a half.
    let mut local = Rarity::default();
    old_pairs.iter().for_each(|p| local.add(p));
    let weights = ledger.weights(&local);
    let postings = postings(&old_pairs);
    let mut scored = Vec::new();
    for (n, pairs) in new_pairs.iter().enumerate() {
        for o in candidates(&postings, pairs) {
            let s = weights.similarity(&old_pairs[o], pairs);
            if s >= rules.rename_threshold {
                scored.push((s, o, n));
            }
        }
    }
    ranked(scored, old_paths, new_paths)
}
