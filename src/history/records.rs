//! Commit records kept encoded, decoded one at a time as they are replayed.
//!
//! A history of 300,000 commits holds hundreds of thousands of lead changes; decoded all at
//! once they took about eight times the memory of their postcard encoding, the same bytes the
//! cache stores. So the walk encodes each record as it is made, the cache reads and writes the
//! bytes as they are, and attribution decodes a record only while it replays it.

use super::decode::{At, ChangeRef, CommitRef};
use super::events::CommitRecord;

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

impl Records {
    fn last(&mut self) -> &mut Segment {
        if self.segments.is_empty() {
            self.segments.push(Segment::default());
        }
        self.segments.last_mut().expect("just made sure there is one")
    }

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

    pub fn len(&self) -> usize {
        self.segments.iter().map(|s| s.ends.len()).sum()
    }

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
    pub fn commits(&self) -> impl Iterator<Item = Result<CommitRef<'_>, Undecodable>> {
        self.segments.iter().enumerate().flat_map(|(index, segment)| {
            // A segment holds what one worker made; no history comes near 4 billion of them.
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            segment.encoded().map(move |(start, bytes)| CommitRef::read(bytes, index, start))
        })
    }

    /// The change read at `at` during an earlier pass over [`Records::commits`].
    pub fn change_at(&self, at: At) -> Result<ChangeRef<'_>, Undecodable> {
        let segment = self.segments.get(at.segment as usize).ok_or(Undecodable)?;
        super::decode::change(segment.bytes.get(at.offset as usize..).ok_or(Undecodable)?)
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::decode::{FieldRef, KindRef};
    use crate::history::events::{ChangeKind, CommitInfo, FieldChange, LeadChange, RawPerson, Snapshot};

    fn change(n: u8, kind: ChangeKind) -> LeadChange {
        LeadChange {
            kind,
            path: format!("leads/2026/lead-{n}.toml"),
            id: format!("lead-{n}"),
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
            ChangeKind::Moved { from: "leads/old.toml".into() },
            ChangeKind::Renamed { from: "leads/old.toml".into(), from_id: "old".into() },
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
            let Some(info) = &original.info else {
                assert!(read.info.is_none() && read.changes().next().is_none());
                continue;
            };
            let read_info = read.info.as_ref().unwrap();
            assert_eq!((read_info.author.name, read_info.author.email), (&*info.author.name, &*info.author.email));
            assert_eq!(
                (read_info.time, read_info.merge, read_info.co_authors.len()),
                (info.time, info.merge, info.co_authors.len())
            );
            let changes: Vec<_> = read.changes().map(Result::unwrap).collect();
            assert_eq!(changes.len(), info.changes.len());
            for ((at, read), original) in changes.into_iter().zip(&info.changes) {
                // Read again in full from where it starts, as a timeline does.
                let again = records.change_at(at).unwrap();
                assert_eq!(
                    (again.kind, again.path, again.id, &again.snapshot),
                    (read.kind, read.path, read.id, &read.snapshot)
                );
                let kind = match &original.kind {
                    ChangeKind::Created => KindRef::Created,
                    ChangeKind::Modified => KindRef::Modified,
                    ChangeKind::Moved { from } => KindRef::Moved { from },
                    ChangeKind::Renamed { from, from_id } => KindRef::Renamed { from, from_id },
                    ChangeKind::Deleted => KindRef::Deleted,
                };
                assert_eq!((read.kind, read.path, read.id), (kind, &*original.path, &*original.id));
                let fields: Vec<FieldRef> = original
                    .fields
                    .iter()
                    .map(|f| FieldRef { field: &f.field, from: f.from.as_deref(), to: f.to.as_deref() })
                    .collect();
                assert_eq!(again.fields, fields);
                assert_eq!(read.snapshot.map(|s| s.to_owned()), original.snapshot);
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
