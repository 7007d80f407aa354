//! Commit records kept encoded, decoded one at a time as they are replayed.
//!
//! A history of 300,000 commits holds hundreds of thousands of lead changes; decoded all at
//! once they took about eight times the memory of their postcard encoding, the same bytes the
//! cache stores. So the walk encodes each record as it is made, the cache reads and writes the
//! bytes as they are, and attribution decodes a record only while it replays it.

use super::events::CommitRecord;

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Records {
    bytes: Vec<u8>,
    /// Where each record ends in `bytes`.
    ends: Vec<usize>,
}

/// Encoded records that do not decode: only a cache that passed its checksum can hold them,
/// so it was written by a faulty leadger.
#[derive(Debug)]
pub struct Undecodable;

impl Records {
    pub fn push(&mut self, record: &CommitRecord) {
        self.bytes = postcard::to_extend(record, std::mem::take(&mut self.bytes))
            .expect("encoding into a Vec cannot fail: records hold no maps with non-string keys");
        self.ends.push(self.bytes.len());
    }

    /// Appends records already encoded by `push`.
    pub fn push_encoded(&mut self, encoded: &[u8]) {
        self.bytes.extend_from_slice(encoded);
        self.ends.push(self.bytes.len());
    }

    pub fn append(&mut self, other: &Records) {
        let base = self.bytes.len();
        self.bytes.extend_from_slice(&other.bytes);
        self.ends.extend(other.ends.iter().map(|end| base + end));
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Each record's encoding, in order.
    pub fn encoded(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(start, &end)| &self.bytes[start..end])
    }

    /// The commit id of an encoded record: postcard writes the fixed-size id first, as is.
    pub fn id_of(encoded: &[u8]) -> Option<[u8; 20]> {
        encoded.get(..20)?.try_into().ok()
    }

    pub fn iter(&self) -> impl Iterator<Item = Result<CommitRecord, Undecodable>> + '_ {
        self.encoded().map(|encoded| postcard::from_bytes(encoded).map_err(|_| Undecodable))
    }

    /// The parts the cache stores.
    pub fn as_parts(&self) -> (&[u8], &[usize]) {
        (&self.bytes, &self.ends)
    }

    /// Records from the parts the cache stored, if they are consistent.
    pub fn from_parts(bytes: Vec<u8>, ends: Vec<usize>) -> Option<Records> {
        let ordered = ends.windows(2).all(|w| w[0] <= w[1]);
        let fits = ends.last().copied().unwrap_or(0) == bytes.len();
        (ordered && fits).then_some(Records { bytes, ends })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::events::{CommitInfo, RawPerson};

    fn record(n: u8, with_info: bool) -> CommitRecord {
        CommitRecord {
            id: [n; 20],
            info: with_info.then(|| CommitInfo {
                author: RawPerson { name: format!("P{n}"), email: format!("p{n}@example.com") },
                time: 1_700_000_000 + i64::from(n),
                co_authors: Vec::new(),
                merge: n % 2 == 0,
                changes: Vec::new(),
            }),
        }
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

        let (bytes, ends) = records.as_parts();
        let rebuilt = Records::from_parts(bytes.to_vec(), ends.to_vec()).unwrap();
        assert_eq!(rebuilt, records);
        assert!(Records::from_parts(bytes[1..].to_vec(), ends.to_vec()).is_none());

        let (mut head, mut tail) = (Records::default(), Records::default());
        originals[..2].iter().for_each(|r| head.push(r));
        originals[2..].iter().for_each(|r| tail.push(r));
        head.append(&tail);
        assert_eq!(head, records);
    }
}
