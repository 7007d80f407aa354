//! What one commit did to the leads: the cacheable unit of history.
//!
//! One set of types, generic over how strings are held: the walk builds records of owned
//! `String`s (the default), and a replay reads the very same layout in place from the cache's
//! bytes with every string a `&str` into them. A replay of 300,000 commits decoded hundreds of
//! thousands of names, paths and field values into strings it dropped a moment later; borrowed,
//! a change costs no allocation.
//!
//! Records hold identities as written in the commit (before `.mailmap`), so a change of the
//! mailmap never invalidates them: identities are resolved after the cache.

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

/// A person as a commit or a `Name <email>` line writes them, before `.mailmap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RawPerson<S = String> {
    /// The name as written.
    pub name: S,
    /// The email as written.
    pub email: S,
}

impl RawPerson {
    /// Parses `Name <email>` as git and the `spotted_by` field write people.
    pub fn parse(text: &str) -> Option<RawPerson> {
        let (name, rest) = text.trim().split_once('<')?;
        let email = rest.strip_suffix('>')?;
        Some(RawPerson { name: name.trim().to_owned(), email: email.trim().to_owned() })
    }
}

/// One commit's record. `C` is how its changes are held: all of them when built or decoded
/// whole, or `()` when only the head is read in place (postcard encodes the unit as nothing,
/// so the changes that follow are then read one at a time, see [`super::records`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitRecord<S = String, C = Vec<LeadChange<S>>> {
    /// The commit id.
    pub id: [u8; 20],
    /// Absent for the (many) commits that touch no lead, to keep the cache small.
    pub info: Option<CommitInfo<S, C>>,
}

/// Who made a commit that touched leads, when, and what it did to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitInfo<S = String, C = Vec<LeadChange<S>>> {
    /// The author (never the committer).
    pub author: RawPerson<S>,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// From the message's `Co-authored-by:` trailers.
    pub co_authors: Vec<RawPerson<S>>,
    /// The commit has more than one parent.
    pub merge: bool,
    /// Last, so that a record's head can be read without them.
    pub changes: C,
}

/// What a commit did to one lead file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind<S = String> {
    /// A new file, paired with no deleted one.
    Created,
    /// The same path with other content.
    Modified,
    /// Same id, another folder.
    Moved {
        /// The path it was at.
        from: S,
        /// What paired the deleted file with the added one.
        paired_by: PairedBy,
    },
    /// A new id for the same lead.
    Renamed {
        /// The path it was at, whose stem is the id it had.
        from: S,
        /// What paired the deleted file with the added one.
        paired_by: PairedBy,
    },
    /// The file is gone, paired with no new one.
    Deleted,
}

/// What paired a deleted file with an added one in a commit, so a surprising credit can be
/// explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PairedBy {
    /// The same content.
    Blob,
    /// The same id (file stem) in another folder.
    Id,
    /// Most of the configured identity fields alike.
    Identity,
    /// Enough rare key/value pairs in common.
    Content,
}

impl PairedBy {
    /// The name in JSON and in the documentation.
    pub fn name(self) -> &'static str {
        match self {
            PairedBy::Blob => "blob",
            PairedBy::Id => "id",
            PairedBy::Identity => "identity",
            PairedBy::Content => "content",
        }
    }
}

/// One lead file's change in one commit. `F` is how its field changes are held: all of them,
/// or [`Skipped`] when a replay reads past them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LeadChange<S = String, F = Vec<FieldChange<S>>> {
    /// What happened to the file.
    pub kind: ChangeKind<S>,
    /// Relative to the ledger root; its stem is the lead's id ([`LeadChange::id`]).
    pub path: S,
    /// The fields that differ from the file it replaces.
    pub fields: F,
    /// What the lead says after the change; `None` when deleted or not valid TOML.
    pub snapshot: Option<Snapshot<S>>,
}

impl<S: AsRef<str>, F> LeadChange<S, F> {
    /// The lead's id after the change.
    pub fn id(&self) -> &str {
        lead_id(self.path.as_ref())
    }
}

/// A lead's id: its file's stem. Derived, never stored: a record that held both could say two
/// things.
pub fn lead_id(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".toml").unwrap_or(name)
}

/// One field's value before and after a change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldChange<S = String> {
    /// The TOML key.
    pub field: S,
    /// The value before, as text; `None` when the field is new.
    pub from: Option<S>,
    /// The value after, as text; `None` when the field was removed.
    pub to: Option<S>,
}

/// The fields attribution and credit need, so they never re-read blobs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Snapshot<S = String> {
    /// The `status` field.
    pub status: Option<S>,
    /// The `spotted_by` field's entries, as written.
    pub spotted_by: Vec<S>,
    /// The `estimated_value` field, integer or float.
    pub estimated_value: Option<f64>,
    /// The `currency` field.
    pub currency: Option<S>,
}

impl Snapshot {
    /// What a parsed lead file says.
    pub fn of(table: &toml::Table) -> Snapshot {
        let text = |key: &str| table.get(key).and_then(toml::Value::as_str).map(str::to_owned);
        Snapshot {
            status: text("status"),
            spotted_by: table
                .get("spotted_by")
                .and_then(toml::Value::as_array)
                .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                .unwrap_or_default(),
            estimated_value: table
                .get("estimated_value")
                .and_then(|v| v.as_float().or(v.as_integer().map(|i| i as f64))),
            currency: text("currency"),
        }
    }
}

impl<S: AsRef<str>> Snapshot<S> {
    /// The same snapshot with strings of its own.
    pub fn to_owned_strings(&self) -> Snapshot {
        let owned = |s: &S| s.as_ref().to_owned();
        Snapshot {
            status: self.status.as_ref().map(owned),
            spotted_by: self.spotted_by.iter().map(owned).collect(),
            estimated_value: self.estimated_value,
            currency: self.currency.as_ref().map(owned),
        }
    }
}

/// Field changes read past, not kept: a replay needs them only for the timelines that print
/// them, which read the change again in full.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Skipped;

impl<'de> Deserialize<'de> for Skipped {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Skipped, D::Error> {
        struct Past;
        impl<'de> Visitor<'de> for Past {
            type Value = Skipped;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("field changes")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skipped, A::Error> {
                while seq.next_element::<FieldChange<&'de str>>()?.is_some() {}
                Ok(Skipped)
            }
        }
        d.deserialize_seq(Past)
    }
}
