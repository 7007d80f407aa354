//! How one commit's changed lead files become lead changes: deletions paired with additions
//! (by blob, by id, then by the fields that identify a lead), and each change described field
//! by field.

use std::collections::HashMap;
use std::rc::Rc;

use super::objects::Parsed;
use super::record::{ChangeKind, FieldChange, LeadChange, Snapshot, lead_id};

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

/// How alike two leads are on the fields that identify one (client and spotted_on exactly,
/// title and summary by edit distance), from 0 to 4. Every lead shares one template, so
/// whole-file similarity would pair unrelated leads.
fn identity_score(a: &toml::Table, b: &toml::Table) -> f64 {
    let same = |k: &str| f64::from(u8::from(a.get(k).is_some_and(|v| Some(v) == b.get(k))));
    let alike = |k: &str| match (a.get(k).and_then(toml::Value::as_str), b.get(k).and_then(toml::Value::as_str)) {
        (Some(x), Some(y)) => strsim::normalized_levenshtein(x, y),
        _ => 0.0,
    };
    same("client") + same("spotted_on") + alike("title") + alike("summary")
}

/// A rename keeps the client and the day, and most of the words.
const RENAME_THRESHOLD: f64 = 3.0;

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
/// by identical blob, then by the same id, then by identifying fields.
pub fn pair(changes: Vec<(Option<Side>, Option<Side>)>, load: &mut Load) -> Result<Vec<LeadChange>, git2::Error> {
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

    let mut taken = vec![false; deleted.len()];
    let mut partner: Vec<Option<usize>> = vec![None; added.len()];
    // 1. Identical content, preferring the same id among identical blobs.
    let mut by_blob: HashMap<git2::Oid, Vec<usize>> = HashMap::new();
    for (i, d) in deleted.iter().enumerate() {
        by_blob.entry(d.blob).or_default().push(i);
    }
    for (a, add) in added.iter().enumerate() {
        let Some(candidates) = by_blob.get(&add.blob) else {
            continue;
        };
        let free = |d: &&usize| !taken[**d];
        let same_id = candidates.iter().filter(free).find(|d| lead_id(&deleted[**d].path) == lead_id(&add.path));
        if let Some(&d) = same_id.or_else(|| candidates.iter().find(free)) {
            taken[d] = true;
            partner[a] = Some(d);
        }
    }
    // 2. The same id in another folder, edited on the way.
    let by_id: HashMap<&str, usize> = deleted.iter().enumerate().map(|(i, d)| (lead_id(&d.path), i)).collect();
    for (a, add) in added.iter().enumerate() {
        if partner[a].is_none() {
            if let Some(&d) = by_id.get(lead_id(&add.path)).filter(|d| !taken[**d]) {
                taken[d] = true;
                partner[a] = Some(d);
            }
        }
    }
    // 3. A new id with most identifying fields unchanged. Candidates come from an index by
    //    client, so a mass rename stays linear.
    let mut by_client: HashMap<String, Vec<usize>> = HashMap::new();
    let unpaired_added = partner.iter().any(Option::is_none);
    for (i, d) in deleted.iter_mut().enumerate() {
        if unpaired_added && !taken[i] {
            if let Some(client) = d.parse(load)?.as_ref().as_ref().and_then(|t| t.get("client")).map(render) {
                by_client.entry(client).or_default().push(i);
            }
        }
    }
    for a in 0..added.len() {
        if partner[a].is_some() {
            continue;
        }
        let parsed = added[a].parse(load)?;
        let Some(new) = parsed.as_ref().as_ref() else {
            continue;
        };
        let Some(client) = new.get("client").map(render) else {
            continue;
        };
        let best = by_client
            .get(&client)
            .into_iter()
            .flatten()
            .filter(|d| !taken[**d])
            .filter_map(|&d| {
                deleted[d].parsed.as_deref().and_then(Option::as_ref).map(|old| (identity_score(old, new), d))
            })
            .filter(|(score, _)| *score >= RENAME_THRESHOLD)
            // The best score wins; among equals, the first deleted path.
            .max_by(|(x, d), (y, e)| x.total_cmp(y).then(e.cmp(d)));
        if let Some((_, d)) = best {
            taken[d] = true;
            partner[a] = Some(d);
        }
    }

    for (a, add) in added.into_iter().enumerate() {
        let change = match partner[a] {
            Some(d) => {
                let old = &deleted[d];
                let kind = if lead_id(&old.path) == lead_id(&add.path) {
                    ChangeKind::Moved { from: old.path.clone() }
                } else {
                    ChangeKind::Renamed { from: old.path.clone() }
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
