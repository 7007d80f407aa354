//! How alike two records are, for pairing a deleted file with an added one: on the fields
//! configured as identifying, and by content, each key/value pair weighted by how rare it is.
//!
//! Never whole-file text: every lead shares one template, and text similarity pairs unrelated
//! leads (git's own `--follow` does exactly that).

use std::hash::{Hash, Hasher};

use rustc_hash::{FxHashMap, FxHasher};

/// What pairing is told by the ledger's configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// The fields that identify a record.
    pub identity: Vec<String>,
    /// The share of identity fields that must match.
    pub identity_threshold: f64,
    /// The weighted share of key/value pairs that must match when identity gives nothing.
    pub rename_threshold: f64,
}

impl Rules {
    /// The rules a ledger's configuration sets.
    pub fn of(config: &crate::config::AttributionSettings) -> Rules {
        Rules {
            identity: config.identity.clone(),
            identity_threshold: config.identity_threshold,
            rename_threshold: config.rename_threshold,
        }
    }

    /// What the rules change in the records, for the cache's key.
    pub fn key(&self) -> String {
        format!("{:?} {} {}", self.identity, self.identity_threshold, self.rename_threshold)
    }

    /// How alike two records are on the identity fields, from 0 to 1: text by edit distance,
    /// other values exactly, a field missing on either side as different. `None` when
    /// neither record has any of the fields, so the content decides.
    pub fn identity_score(&self, a: &toml::Table, b: &toml::Table) -> Option<f64> {
        if self.identity.is_empty() {
            return None;
        }
        let mut any = false;
        let mut sum = 0.0;
        for key in &self.identity {
            let (x, y) = (a.get(key), b.get(key));
            any |= x.is_some() || y.is_some();
            sum += match (x, y) {
                (Some(toml::Value::String(x)), Some(toml::Value::String(y))) => strsim::normalized_levenshtein(x, y),
                (Some(x), Some(y)) if x == y => 1.0,
                _ => 0.0,
            };
        }
        any.then(|| sum / self.identity.len() as f64)
    }
}

/// One key/value pair of a record, hashed: pairs are only ever compared for equality.
pub type PairHash = u64;

/// The key/value pairs of a record, hashed, without repeats.
pub fn pairs(table: &toml::Table) -> Vec<PairHash> {
    let mut out: Vec<PairHash> = table
        .iter()
        .map(|(key, value)| {
            let mut hasher = FxHasher::default();
            key.hash(&mut hasher);
            // A value's TOML text: `1` and `"1"` differ, as they should.
            value.to_string().hash(&mut hasher);
            hasher.finish()
        })
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// How many records hold each key/value pair: the ledger's records at the tip, to which a
/// commit adds the records it deletes.
#[derive(Debug, Default)]
pub struct Rarity {
    counts: FxHashMap<PairHash, u32>,
    records: u32,
}

impl Rarity {
    /// Counts one more record.
    pub fn add(&mut self, pairs: &[PairHash]) {
        self.records += 1;
        for pair in pairs {
            *self.counts.entry(*pair).or_default() += 1;
        }
    }

    /// The ledger's counts plus a commit's.
    pub fn weights<'a>(&'a self, local: &'a Rarity) -> Weights<'a> {
        Weights { ledger: self, local }
    }
}

/// The weight of a key/value pair: an inverse document frequency over the ledger and the
/// commit, so a template's `status = "new"` counts for little and an account number for much.
pub struct Weights<'a> {
    ledger: &'a Rarity,
    local: &'a Rarity,
}

impl Weights<'_> {
    /// The weight of one pair: at least a little above 0 for a pair every record holds.
    pub fn of(&self, pair: PairHash) -> f64 {
        self.weight(pair, 0)
    }

    /// `same` of the pair's holders are one record seen twice (before and after a rename):
    /// a value a rename keeps must not look commoner than one it changes.
    fn weight(&self, pair: PairHash, same: u32) -> f64 {
        let total = f64::from(self.ledger.records + self.local.records) + 1.0;
        let count = |r: &Rarity| r.counts.get(&pair).copied().unwrap_or(0);
        let holders = f64::from((count(self.ledger) + count(self.local)).saturating_sub(same)).max(1.0);
        (total / holders).ln()
    }

    /// How alike two records are by content, from 0 to 1: the weight of the pairs they share
    /// against the weight of all their pairs (a weighted Dice coefficient).
    pub fn similarity(&self, a: &[PairHash], b: &[PairHash]) -> f64 {
        let (mut i, mut j) = (0, 0);
        let (mut shared, mut all) = (0.0, 0.0);
        while i < a.len() || j < b.len() {
            match (a.get(i), b.get(j)) {
                (Some(x), Some(y)) if x == y => {
                    let w = self.weight(*x, 1);
                    shared += 2.0 * w;
                    all += 2.0 * w;
                    i += 1;
                    j += 1;
                }
                (Some(x), Some(y)) if x < y => {
                    all += self.of(*x);
                    i += 1;
                }
                (Some(x), None) => {
                    all += self.of(*x);
                    i += 1;
                }
                (_, Some(y)) => {
                    all += self.of(*y);
                    j += 1;
                }
                (None, None) => break,
            }
        }
        if all > 0.0 { shared / all } else { 0.0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn rare_values_weigh_more_than_template_ones() {
        let mut ledger = Rarity::default();
        for n in 0..50 {
            ledger.add(&pairs(&table(&format!("status = \"new\"\ncurrency = \"EUR\"\nlogin = \"user{n}\""))));
        }
        let old = pairs(&table("status = \"new\"\ncurrency = \"EUR\"\nlogin = \"old\"\naccount = 42\nemail = \"x@y\""));
        let renamed =
            pairs(&table("status = \"new\"\ncurrency = \"EUR\"\nlogin = \"new\"\naccount = 42\nemail = \"x@y\""));
        let twin =
            pairs(&table("status = \"new\"\ncurrency = \"EUR\"\nlogin = \"twin\"\naccount = 43\nemail = \"t@y\""));
        ledger.add(&renamed);
        ledger.add(&twin);
        let mut local = Rarity::default();
        local.add(&old);
        let weights = ledger.weights(&local);
        assert!(weights.of(pairs(&table("status = \"new\""))[0]) < 0.1);
        let same = weights.similarity(&old, &renamed);
        let other = weights.similarity(&old, &twin);
        assert!(same > 0.5 && other < 0.1, "{same} {other}");
        assert_eq!(weights.similarity(&old, &old), 1.0);
    }

    #[test]
    fn identity_score_is_a_share_of_the_fields() {
        let rules =
            Rules { identity: vec!["client".into(), "day".into()], identity_threshold: 0.75, rename_threshold: 0.4 };
        let a = table("client = \"Acme\"\nday = 2026-01-01");
        assert_eq!(rules.identity_score(&a, &a), Some(1.0));
        assert_eq!(rules.identity_score(&a, &table("client = \"Acme\"")), Some(0.5));
        assert_eq!(rules.identity_score(&table("x = 1"), &table("y = 2")), None);
    }
}
