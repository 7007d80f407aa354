//! Which lead files differ between two trees, descending only into subtrees whose ids
//! differ.
//!
//! git2's `diff_tree_to_tree` expands unchanged subtrees and costs ~6× more per commit
//! (see DESIGN.md, "Speed"); a pathspec does not help. Raw tree objects are a sorted list
//! of `<mode> <name>\0<20-byte id>` entries, so a merge-join over the raw bytes finds the
//! differences with no allocation per entry.

use git2::Oid;

use super::objects::Objects;

/// A blob path (below the compared tree) whose id differs; `None` on the side it is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobChange {
    pub path: String,
    pub old: Option<Oid>,
    pub new: Option<Oid>,
}

#[derive(Clone, Copy)]
struct Entry<'a> {
    is_tree: bool,
    /// A regular file (100644 or 100755): links and submodules are not leads.
    is_file: bool,
    name: &'a [u8],
    id: &'a [u8],
}

impl Entry<'_> {
    fn oid(&self) -> Oid {
        Oid::from_bytes(self.id).expect("a tree entry id is 20 bytes")
    }
}

struct Entries<'a> {
    raw: &'a [u8],
}

impl<'a> Iterator for Entries<'a> {
    type Item = Entry<'a>;

    fn next(&mut self) -> Option<Entry<'a>> {
        let space = memchr::memchr(b' ', self.raw)?;
        let nul = space + memchr::memchr(0, &self.raw[space..])?;
        let end = nul + 21;
        if end > self.raw.len() {
            return None;
        }
        let entry = Entry {
            // Trees are mode 40000; blobs 100644/100755, links 120000, submodules 160000.
            is_tree: &self.raw[..space] == b"40000",
            is_file: self.raw.starts_with(b"100"),
            name: &self.raw[space + 1..nul],
            id: &self.raw[nul + 1..end],
        };
        self.raw = &self.raw[end..];
        Some(entry)
    }
}

/// Whether a blob name is a lead file (`*.toml`); folders starting with `.` are skipped,
/// as the ledger walk does.
fn is_lead_name(name: &[u8]) -> bool {
    name.ends_with(b".toml")
}

fn is_hidden(name: &[u8]) -> bool {
    name.first() == Some(&b'.')
}

/// Appends to `out` every lead blob that differs between trees `old` and `new` (either may
/// be absent), with paths prefixed by `prefix`.
pub fn diff_trees(
    odb: &mut Objects,
    old: Option<Oid>,
    new: Option<Oid>,
    prefix: &str,
    out: &mut Vec<BlobChange>,
) -> Result<(), git2::Error> {
    if old == new {
        return Ok(());
    }
    let old_obj = old.map(|id| odb.read(id)).transpose()?;
    let new_obj = new.map(|id| odb.read(id)).transpose()?;
    let mut a = Entries { raw: old_obj.as_deref().unwrap_or_default() }.peekable();
    let mut b = Entries { raw: new_obj.as_deref().unwrap_or_default() }.peekable();
    loop {
        let order = match (a.peek(), b.peek()) {
            (None, None) => return Ok(()),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => git_order(x, y),
        };
        match order {
            std::cmp::Ordering::Less => visit(odb, Some(a.next().unwrap()), None, prefix, out)?,
            std::cmp::Ordering::Greater => visit(odb, None, Some(b.next().unwrap()), prefix, out)?,
            std::cmp::Ordering::Equal => {
                let (x, y) = (a.next().unwrap(), b.next().unwrap());
                if x.id != y.id || x.is_file != y.is_file {
                    visit(odb, Some(x), Some(y), prefix, out)?;
                }
            }
        }
    }
}

/// Git sorts tree entries as if folder names ended in `/`.
fn git_order(x: &Entry, y: &Entry) -> std::cmp::Ordering {
    let common = x.name.len().min(y.name.len());
    x.name[..common].cmp(&y.name[..common]).then_with(|| {
        let next = |e: &Entry| e.name.get(common).copied().or(e.is_tree.then_some(b'/'));
        next(x).cmp(&next(y))
    })
}

fn visit(
    odb: &mut Objects,
    old: Option<Entry>,
    new: Option<Entry>,
    prefix: &str,
    out: &mut Vec<BlobChange>,
) -> Result<(), git2::Error> {
    let name = old.or(new).map(|e| e.name).unwrap_or_default();
    if is_hidden(name) {
        return Ok(());
    }
    let path = || format!("{prefix}{}", String::from_utf8_lossy(name));
    let tree = |e: Option<Entry>| e.filter(|e| e.is_tree).map(|e| e.oid());
    let blob = |e: Option<Entry>| e.filter(|e| e.is_file && is_lead_name(e.name)).map(|e| e.oid());
    let (old_tree, new_tree) = (tree(old), tree(new));
    if old_tree.is_some() || new_tree.is_some() {
        diff_trees(odb, old_tree, new_tree, &format!("{}/", path()), out)?;
    }
    let (old_blob, new_blob) = (blob(old), blob(new));
    if old_blob != new_blob {
        out.push(BlobChange { path: path(), old: old_blob, new: new_blob });
    }
    Ok(())
}
