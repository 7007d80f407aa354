//! Commit records kept encoded, and read in place one at a time as they are replayed.
//!
//! A history of 300,000 commits holds hundreds of thousands of lead changes; decoded all at
//! once they took about eight times the memory of their postcard encoding, the same bytes the
//! cache stores. So the walk encodes each record as it is made, the cache reads and writes the
//! bytes as they are, and attribution reads a record, its strings borrowed from these bytes,
//! only while it replays it. A timeline can then point at a change instead of copying it.

use super::record::{CommitInfo, CommitRecord, LeadChange, Skipped};

/// Kept in the segments the walk's workers made: joining them into one buffer would hold the
/// whole history twice at the end of a walk, 80 MB at 300k commits.
#[derive(Debug, Default, Clone)]
pub struct Records {
    segments: Vec<Segment>,
}

#[derive(Debug, Default, Clone)]
struct Segment {
    bytes: Vec<u8>,
    /// Where each record ends in `bytes`.
    ends: Vec<usize>,
}

impl Segment {
    /// Each record's encoding and where it starts.
    fn encoded(&self) -> impl Iterator<Item = (usize, &[u8])> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(start, &end)| (start, &self.bytes[start..end]))
    }
}

/// Encoded records that do not decode: only a cache that passed its checksum can hold them,
/// so it was written by a faulty leadger.
#[derive(Debug)]
pub struct Undecodable;

/// Where a change's encoding starts, to read it again later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct At {
    segment: u32,
    offset: u32,
}

/// A commit's record read in place: its changes are read one at a time as they are iterated.
pub type CommitInPlace<'a> = CommitRecord<&'a str, Changes<'a>>;

/// A change as a replay reads it: its field changes are read past, not kept.
pub type ChangeInPlace<'a> = LeadChange<&'a str, Skipped>;

impl Records {
    fn last(&mut self) -> &mut Segment {
        if self.segments.is_empty() {
            self.segments.push(Segment::default());
        }
        self.segments.last_mut().expect("just made sure there is one")
    }

    /// Appends a record, encoded.
    pub fn push(&mut self, record: &CommitRecord) {
        let last = self.last();
        last.bytes = postcard::to_extend(record, std::mem::take(&mut last.bytes))
            .expect("encoding into a Vec cannot fail: records hold no maps with non-string keys");
        last.ends.push(last.bytes.len());
    }

    /// Appends records already encoded by `push`.
    pub fn push_encoded(&mut self, encoded: &[u8]) {
        let last = self.last();
        last.bytes.extend_from_slice(encoded);
        last.ends.push(last.bytes.len());
    }

    /// Appends `other`'s records, without copying them.
    pub fn append(&mut self, other: Records) {
        self.segments.extend(other.segments.into_iter().filter(|s| !s.ends.is_empty()));
    }

    /// How many records (commits) there are.
    pub fn len(&self) -> usize {
        self.segments.iter().map(|s| s.ends.len()).sum()
    }

    /// Whether there are no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each record's encoding, in order.
    pub fn encoded(&self) -> impl Iterator<Item = &[u8]> {
        self.segments.iter().flat_map(|s| s.encoded().map(|(_, bytes)| bytes))
    }

    /// The commit id of an encoded record: postcard writes the fixed-size id first, as is.
    pub fn id_of(encoded: &[u8]) -> Option<[u8; 20]> {
        encoded.get(..20)?.try_into().ok()
    }

    /// Each record, read in place, in order.
    pub fn commits(&self) -> impl Iterator<Item = Result<CommitInPlace<'_>, Undecodable>> {
        self.segments.iter().enumerate().flat_map(|(index, segment)| {
            // A segment holds what one worker made; no history comes near 4 billion of them.
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            segment.encoded().map(move |(start, bytes)| read_commit(bytes, index, start))
        })
    }

    /// The change, in full, read at `at` during an earlier pass over [`Records::commits`].
    pub fn change_at(&self, at: At) -> Result<LeadChange<&str>, Undecodable> {
        let segment = self.segments.get(at.segment as usize).ok_or(Undecodable)?;
        let bytes = segment.bytes.get(at.offset as usize..).ok_or(Undecodable)?;
        postcard::take_from_bytes(bytes).map(|(change, _)| change).map_err(|_| Undecodable)
    }

    /// Each record decoded whole, with strings of its own.
    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = Result<CommitRecord, Undecodable>> + '_ {
        self.encoded().map(|encoded| postcard::from_bytes(encoded).map_err(|_| Undecodable))
    }

    /// What the cache stores: the bytes, one segment after another, and where each record
    /// ends in them.
    pub fn parts(&self) -> (impl Iterator<Item = &[u8]>, Vec<usize>) {
        let mut ends = Vec::with_capacity(self.len());
        let mut base = 0;
        for segment in &self.segments {
            ends.extend(segment.ends.iter().map(|end| base + end));
            base += segment.bytes.len();
        }
        (self.segments.iter().map(|s| s.bytes.as_slice()), ends)
    }

    /// Records from the parts the cache stored, if they are consistent.
    pub fn from_parts(bytes: Vec<u8>, ends: Vec<usize>) -> Option<Records> {
        let ordered = ends.windows(2).all(|w| w[0] <= w[1]);
        let fits = ends.last().copied().unwrap_or(0) == bytes.len();
        (ordered && fits).then(|| Records { segments: vec![Segment { bytes, ends }] })
    }
}

/// The same records, however they are segmented.
impl PartialEq for Records {
    fn eq(&self, other: &Records) -> bool {
        self.len() == other.len() && self.encoded().eq(other.encoded())
    }
}

/// Reads the record that starts at `offset` in `segment`; `record` is exactly its bytes.
fn read_commit(record: &[u8], segment: u32, offset: usize) -> Result<CommitInPlace<'_>, Undecodable> {
    // The head stops where the changes start: `()` takes no bytes.
    let (head, rest): (CommitRecord<&str, ()>, _) = postcard::take_from_bytes(record).map_err(|_| Undecodable)?;
    let info = match head.info {
        Some(info) => {
            let (count, rest) = postcard::take_from_bytes::<u64>(rest).map_err(|_| Undecodable)?;
            let offset = offset + (record.len() - rest.len());
            let CommitInfo { author, time, co_authors, merge, changes: () } = info;
            let changes = Changes { rest, left: count, segment, offset };
            Some(CommitInfo { author, time, co_authors, merge, changes })
        }
        None => None,
    };
    Ok(CommitRecord { id: head.id, info })
}

/// A commit's changes, read in place one at a time, each with where it starts.
#[derive(Debug, Clone)]
pub struct Changes<'a> {
    rest: &'a [u8],
    left: u64,
    segment: u32,
    offset: usize,
}

impl<'a> Iterator for Changes<'a> {
    type Item = Result<(At, ChangeInPlace<'a>), Undecodable>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let at = match u32::try_from(self.offset) {
            Ok(offset) => At { segment: self.segment, offset },
            Err(_) => return Some(Err(Undecodable)),
        };
        match postcard::take_from_bytes::<ChangeInPlace>(self.rest) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::record::{ChangeKind, FieldChange, PairedBy, RawPerson, Snapshot};

    fn change(n: u8, kind: ChangeKind) -> LeadChange {
        LeadChange {
            kind,
            path: format!("leads/2026/lead-{n}.toml"),
            fields: vec![FieldChange { field: "status".into(), from: Some("new".into()), to: Some("won".into()) }],
            snapshot: (n % 2 == 1).then(|| Snapshot {
                status: Some("won".into()),
                spotted_by: vec![format!("P{n} <p{n}@example.com>")],
                estimated_value: Some(f64::from(n) * 1000.5),
                currency: Some("EUR".into()),
            }),
        }
    }

    fn record(n: u8, with_info: bool) -> CommitRecord {
        let kinds = [
            ChangeKind::Created,
            ChangeKind::Modified,
            ChangeKind::Moved { from: "leads/old.toml".into(), paired_by: PairedBy::Id },
            ChangeKind::Renamed { from: "leads/old.toml".into(), paired_by: PairedBy::Content },
            ChangeKind::Deleted,
        ];
        CommitRecord {
            id: [n; 20],
            info: with_info.then(|| CommitInfo {
                author: RawPerson { name: format!("P{n}"), email: format!("p{n}@example.com") },
                time: 1_700_000_000 + i64::from(n),
                co_authors: vec![RawPerson { name: "Co".into(), email: "co@example.com".into() }; usize::from(n % 3)],
                merge: n % 2 == 0,
                changes: kinds.into_iter().take(usize::from(n)).map(|k| change(n, k)).collect(),
            }),
        }
    }

    /// The same strings, borrowed.
    fn borrowed(change: &LeadChange) -> LeadChange<&str> {
        let kind = match &change.kind {
            ChangeKind::Created => ChangeKind::Created,
            ChangeKind::Modified => ChangeKind::Modified,
            ChangeKind::Moved { from, paired_by } => ChangeKind::Moved { from: from.as_str(), paired_by: *paired_by },
            ChangeKind::Renamed { from, paired_by } => {
                ChangeKind::Renamed { from: from.as_str(), paired_by: *paired_by }
            }
            ChangeKind::Deleted => ChangeKind::Deleted,
        };
        let fields = change
            .fields
            .iter()
            .map(|f| FieldChange { field: f.field.as_str(), from: f.from.as_deref(), to: f.to.as_deref() })
            .collect();
        let snapshot = change.snapshot.as_ref().map(|s| Snapshot {
            status: s.status.as_deref(),
            spotted_by: s.spotted_by.iter().map(String::as_str).collect(),
            estimated_value: s.estimated_value,
            currency: s.currency.as_deref(),
        });
        LeadChange { kind, path: &change.path, fields, snapshot }
    }

    #[test]
    fn records_read_in_place_say_what_was_written() {
        let originals: Vec<CommitRecord> = (0..=6).map(|n| record(n, n != 3)).collect();
        let (mut records, mut tail) = (Records::default(), Records::default());
        originals[..4].iter().for_each(|r| records.push(r));
        originals[4..].iter().for_each(|r| tail.push(r));
        records.append(tail);
        let mut seen = 0;
        for (original, read) in originals.iter().zip(records.commits()) {
            let read = read.unwrap();
            assert_eq!(read.id, original.id);
            let (info, read_info) = match (&original.info, read.info) {
                (Some(info), Some(read_info)) => (info, read_info),
                (None, None) => continue,
                (written, read) => panic!("written {written:?}, read back {:?}", read.map(|_| "some info")),
            };
            assert_eq!((read_info.author.name, read_info.author.email), (&*info.author.name, &*info.author.email));
            assert_eq!(
                (read_info.time, read_info.merge, read_info.co_authors.len()),
                (info.time, info.merge, info.co_authors.len())
            );
            let changes: Vec<_> = read_info.changes.map(Result::unwrap).collect();
            assert_eq!(changes.len(), info.changes.len());
            let id = format!("lead-{}", original.id[0]);
            for ((at, read), written) in changes.into_iter().zip(&info.changes) {
                let original = borrowed(written);
                assert_eq!(
                    (read.kind, read.path, read.id(), &read.snapshot),
                    (original.kind, original.path, id.as_str(), &original.snapshot)
                );
                // Read again in full from where it starts, as a timeline does.
                assert_eq!(records.change_at(at).unwrap(), original);
                assert_eq!(read.snapshot.map(|s| s.to_owned_strings()), written.snapshot);
                seen += 1;
            }
        }
        assert_eq!(seen, 1 + 2 + 4 + 5 + 5);
    }

    #[test]
    fn records_come_back_in_order_with_their_ids() {
        let mut records = Records::default();
        let originals: Vec<CommitRecord> = (1..=5).map(|n| record(n, n != 3)).collect();
        originals.iter().for_each(|r| records.push(r));
        let decoded: Vec<CommitRecord> = records.iter().map(|r| r.unwrap()).collect();
        assert_eq!(decoded, originals);
        let ids: Vec<_> = records.encoded().map(|e| Records::id_of(e).unwrap()[0]).collect();
        assert_eq!(ids, [1, 2, 3, 4, 5]);

        let (mut head, mut tail) = (Records::default(), Records::default());
        originals[..2].iter().for_each(|r| head.push(r));
        originals[2..].iter().for_each(|r| tail.push(r));
        head.append(tail);
        assert_eq!(head, records);

        // Two segments are stored as one buffer with offsets that run across both.
        let (segments, ends) = head.parts();
        let bytes: Vec<u8> = segments.flatten().copied().collect();
        let rebuilt = Records::from_parts(bytes.clone(), ends.clone()).unwrap();
        assert_eq!(rebuilt, records);
        assert_eq!(rebuilt.iter().map(|r| r.unwrap()).collect::<Vec<_>>(), originals);
        assert!(Records::from_parts(bytes[1..].to_vec(), ends).is_none());
    }
}
