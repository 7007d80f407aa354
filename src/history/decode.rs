//! Records read in place: the same postcard layout as [`super::events`], with every string
//! borrowed from the encoded bytes.
//!
//! A replay of 300,000 commits decoded hundreds of thousands of names, paths and field
//! values into strings it dropped a moment later; half a second of a warm report. Borrowed,
//! a change costs no allocation, and a timeline can point at a change instead of copying it.

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use super::records::Undecodable;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub struct PersonRef<'a> {
    pub name: &'a str,
    pub email: &'a str,
}

/// `CommitInfo` up to its changes, which come last and are read one at a time.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct InfoRef<'a> {
    #[serde(borrow)]
    pub author: PersonRef<'a>,
    pub time: i64,
    #[serde(borrow)]
    pub co_authors: Vec<PersonRef<'a>>,
    pub merge: bool,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct HeadRef<'a> {
    id: [u8; 20],
    #[serde(borrow)]
    info: Option<InfoRef<'a>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub enum KindRef<'a> {
    Created,
    Modified,
    Moved { from: &'a str },
    Renamed { from: &'a str, from_id: &'a str },
    Deleted,
}

/// Serialises as [`super::FieldChange`] does.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct FieldRef<'a> {
    pub field: &'a str,
    #[serde(borrow)]
    pub from: Option<&'a str>,
    #[serde(borrow)]
    pub to: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct SnapshotRef<'a> {
    #[serde(borrow)]
    pub status: Option<&'a str>,
    #[serde(borrow)]
    pub spotted_by: Vec<&'a str>,
    pub estimated_value: Option<f64>,
    #[serde(borrow)]
    pub currency: Option<&'a str>,
}

impl SnapshotRef<'_> {
    pub fn to_owned(&self) -> super::Snapshot {
        super::Snapshot {
            status: self.status.map(str::to_owned),
            spotted_by: self.spotted_by.iter().map(|s| (*s).to_owned()).collect(),
            estimated_value: self.estimated_value,
            currency: self.currency.map(str::to_owned),
        }
    }
}

/// One lead change, with its field changes as `F`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Change<'a, F> {
    #[serde(borrow)]
    pub kind: KindRef<'a>,
    pub path: &'a str,
    pub id: &'a str,
    pub fields: F,
    #[serde(borrow)]
    pub snapshot: Option<SnapshotRef<'a>>,
}

/// A change in full, as a timeline shows it.
pub type ChangeRef<'a> = Change<'a, Vec<FieldRef<'a>>>;

/// A change as a replay reads it: its field changes are read past, not kept, as only the
/// timelines that print them need them (through [`ChangeRef`], later).
pub type ChangeHead<'a> = Change<'a, Skipped>;

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
                while seq.next_element::<FieldRef<'de>>()?.is_some() {}
                Ok(Skipped)
            }
        }
        d.deserialize_seq(Past)
    }
}

/// Where a change's encoding starts, to read it again later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    pub segment: u32,
    pub offset: u32,
}

/// One commit's record, its changes still to be read.
#[derive(Debug, Clone)]
pub struct CommitRef<'a> {
    pub id: [u8; 20],
    pub info: Option<InfoRef<'a>>,
    changes: Changes<'a>,
}

impl<'a> CommitRef<'a> {
    /// Reads the record that starts at `offset` in `segment`'s `bytes`, which must hold
    /// exactly one record.
    pub fn read(record: &'a [u8], segment: u32, offset: usize) -> Result<CommitRef<'a>, Undecodable> {
        let (head, rest): (HeadRef, _) = postcard::take_from_bytes(record).map_err(|_| Undecodable)?;
        let (count, rest) = match head.info {
            Some(_) => postcard::take_from_bytes::<u64>(rest).map_err(|_| Undecodable)?,
            None => (0, rest),
        };
        let start = offset + (record.len() - rest.len());
        let changes = Changes { rest, left: count, segment, offset: start };
        Ok(CommitRef { id: head.id, info: head.info, changes })
    }

    /// The commit's lead changes, each with where it starts.
    pub fn changes(&self) -> Changes<'a> {
        self.changes.clone()
    }
}

#[derive(Debug, Clone)]
pub struct Changes<'a> {
    rest: &'a [u8],
    left: u64,
    segment: u32,
    offset: usize,
}

impl<'a> Iterator for Changes<'a> {
    type Item = Result<(At, ChangeHead<'a>), Undecodable>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let at = match u32::try_from(self.offset) {
            Ok(offset) => At { segment: self.segment, offset },
            Err(_) => return Some(Err(Undecodable)),
        };
        match postcard::take_from_bytes::<ChangeHead>(self.rest) {
            Ok((change, rest)) => {
                self.offset += self.rest.len() - rest.len();
                self.rest = rest;
                Some(Ok((at, change)))
            }
            Err(_) => {
                self.left = 0;
                Some(Err(Undecodable))
            }
        }
    }
}

/// The change whose encoding starts at the beginning of `bytes`.
pub fn change(bytes: &[u8]) -> Result<ChangeRef<'_>, Undecodable> {
    postcard::take_from_bytes(bytes).map(|(change, _)| change).map_err(|_| Undecodable)
}
