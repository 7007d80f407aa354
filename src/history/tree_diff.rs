//! Which lead files differ between two trees, descending only into subtrees whose ids
//! differ.
//!
//! git2's `diff_tree_to_tree` expands unchanged subtrees and costs ~6× more per commit
//! (see DESIGN.md, "Speed"); a pathspec does not help. Raw tree objects are a sorted list
//! of `<mode> <name>\0<20-byte id>` entries, so a merge-join over the raw bytes finds the
//! differences with no allocation per entry.

use git2::Oid;

use std::rc::Rc;

use super::objects::Objects;

/// A blob path (below the compared tree) whose id differs; `None` on the side it is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobChange {
    /// Below the compared tree, with the caller's prefix.
    pub path: String,
    /// The blob before.
    pub old: Option<Oid>,
    /// The blob after.
    pub new: Option<Oid>,
}

#[derive(Clone, Copy)]
struct Entry<'a> {
    is_tree: bool,
    /// A regular file (100644 or 100755): links and submodules are not leads.
    is_file: bool,
    name: &'a [u8],
    id: &'a [u8],
    /// This entry and every one after it, as raw bytes: equal rests mean equal trees from here.
    rest: &'a [u8],
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
        // Trees are mode 40000; blobs 100644/100755, links 120000, submodules 160000. git
        // also accepts zero-padded modes (`040000`), so the mode is read as a number.
        let kind = octal(&self.raw[..space]).map(|mode| mode & 0o170_000);
        let entry = Entry {
            rest: self.raw,
            is_tree: kind == Some(0o040_000),
            is_file: kind == Some(0o100_000),
            name: &self.raw[space + 1..nul],
            id: &self.raw[nul + 1..end],
        };
        self.raw = &self.raw[end..];
        Some(entry)
    }
}

/// A tree entry's mode, written in octal; `None` when it is not a number.
fn octal(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 7 {
        return None;
    }
    digits.iter().try_fold(0u32, |mode, &d| matches!(d, b'0'..=b'7').then(|| mode * 8 + u32::from(d - b'0')))
}

/// Whether a blob name is a lead file (`*.toml`); folders starting with `.` are skipped,
/// as the ledger walk does.
fn is_lead_name(name: &[u8]) -> bool {
    name.ends_with(b".toml")
}

fn is_hidden(name: &[u8]) -> bool {
    name.first() == Some(&b'.')
}

/// How deep below the leads folder the walk goes. Leads sit a folder or two down; a tree
/// thousands of levels deep is an attack (it once overflowed the stack), so below this the
/// walk stops and says where.
pub const MAX_DEPTH: usize = 64;

/// Appends to `out` every lead blob that differs between trees `old` and `new` (either may
/// be absent), with paths prefixed by `prefix`. Returns the first folder not descended into
/// because it is deeper than [`MAX_DEPTH`].
pub fn diff_trees(
    odb: &mut Objects,
    old: Option<Oid>,
    new: Option<Oid>,
    prefix: &str,
    out: &mut Vec<BlobChange>,
) -> Result<Option<String>, git2::Error> {
    // An explicit stack of the trees being compared, outermost first: depth costs heap,
    // never the thread's stack.
    let mut stack = vec![Frame::open(odb, old, new, prefix.to_owned())?];
    let mut too_deep = None;
    while let Some(frame) = stack.last_mut() {
        let Frame { old, new, at, prefix, tail_checks } = frame;
        match next_difference(old, new, at, tail_checks) {
            None => {
                stack.pop();
            }
            Some((x, y)) => {
                let name = x.or(y).map(|e| e.name).unwrap_or_default();
                if is_hidden(name) {
                    continue;
                }
                let path = format!("{prefix}{}", String::from_utf8_lossy(name));
                let tree = |e: Option<Entry>| e.filter(|e| e.is_tree).map(|e| e.oid());
                let blob = |e: Option<Entry>| e.filter(|e| e.is_file && is_lead_name(e.name)).map(|e| e.oid());
                let (old_tree, new_tree) = (tree(x), tree(y));
                let (old_blob, new_blob) = (blob(x), blob(y));
                if old_blob != new_blob {
                    out.push(BlobChange { path: path.clone(), old: old_blob, new: new_blob });
                }
                if old_tree.is_some() || new_tree.is_some() {
                    if stack.len() >= MAX_DEPTH {
                        too_deep.get_or_insert(path);
                    } else {
                        stack.push(Frame::open(odb, old_tree, new_tree, format!("{path}/"))?);
                    }
                }
            }
        }
    }
    Ok(too_deep)
}

/// Two trees being merge-joined, and how far.
struct Frame {
    old: Rc<[u8]>,
    new: Rc<[u8]>,
    /// Where the next entry of each starts.
    at: (usize, usize),
    prefix: String,
    tail_checks: u8,
}

impl Frame {
    fn open(odb: &mut Objects, old: Option<Oid>, new: Option<Oid>, prefix: String) -> Result<Frame, git2::Error> {
        let empty: Rc<[u8]> = Rc::from(&[][..]);
        if old == new {
            return Ok(Frame { old: empty.clone(), new: empty, at: (0, 0), prefix, tail_checks: 0 });
        }
        let old = old.map(|id| odb.read(id)).transpose()?.unwrap_or_else(|| empty.clone());
        let new = new.map(|id| odb.read(id)).transpose()?.unwrap_or(empty);
        // Most commits change one entry of a large tree: skip the identical entries before it
        // (found with memcmp, then one entry walk of the old tree).
        let start = entry_start_before(&old, common_prefix(&old, &new));
        Ok(Frame { old, new, at: (start, start), prefix, tail_checks: 0 })
    }
}

/// The next pair of entries of `old` and `new` that differ (`None` on the side where it is
/// absent) from `at` on, or `None` once the trees are done; `at` moves past them.
fn next_difference<'a>(
    old: &'a [u8],
    new: &'a [u8],
    at: &mut (usize, usize),
    tail_checks: &mut u8,
) -> Option<(Option<Entry<'a>>, Option<Entry<'a>>)> {
    let mut a = Entries { raw: &old[at.0..] }.peekable();
    let mut b = Entries { raw: &new[at.1..] }.peekable();
    let found = loop {
        let order = match (a.peek(), b.peek()) {
            (None, None) => break None,
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => git_order(x, y),
        };
        match order {
            std::cmp::Ordering::Less => break Some((a.next(), None)),
            std::cmp::Ordering::Greater => break Some((None, b.next())),
            std::cmp::Ordering::Equal => {
                let (x, y) = (a.next(), b.next());
                if x.map(|e| (e.id, e.is_file, e.is_tree)) != y.map(|e| (e.id, e.is_file, e.is_tree)) {
                    break Some((x, y));
                } else if *tail_checks < 4 && a.peek().is_some() {
                    // Stop once the rest of both trees is byte-for-byte the same. Bounded,
                    // so a commit that changes every other entry stays linear.
                    *tail_checks += 1;
                    if a.peek().map(|e| e.rest) == b.peek().map(|e| e.rest) {
                        break None;
                    }
                }
            }
        }
    };
    let rest = |it: &mut std::iter::Peekable<Entries>, raw: &[u8]| raw.len() - it.peek().map_or(0, |e| e.rest.len());
    *at = match found {
        None => (old.len(), new.len()),
        Some(_) => (rest(&mut a, old), rest(&mut b, new)),
    };
    found
}

/// How many leading bytes `a` and `b` share, compared a block at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 1024;
    let max = a.len().min(b.len());
    let mut at = 0;
    while at + BLOCK <= max && a[at..at + BLOCK] == b[at..at + BLOCK] {
        at += BLOCK;
    }
    at + a[at..max].iter().zip(&b[at..max]).take_while(|(x, y)| x == y).count()
}

/// The offset of the last entry of `raw` that starts at or before `offset` and ends after
/// it (or `offset` itself when an entry ends exactly there).
fn entry_start_before(raw: &[u8], offset: usize) -> usize {
    let mut entries = Entries { raw };
    let mut start = 0;
    while entries.next().is_some() {
        let end = raw.len() - entries.raw.len();
        if end > offset {
            return start;
        }
        start = end;
    }
    start
}

/// The folder named `name` in raw tree `raw`, if there is one.
pub fn subtree(raw: &[u8], name: &[u8]) -> Option<Oid> {
    Entries { raw }.find(|e| e.name == name).filter(|e| e.is_tree).map(|e| e.oid())
}

/// Git sorts tree entries as if folder names ended in `/`.
fn git_order(x: &Entry, y: &Entry) -> std::cmp::Ordering {
    let common = x.name.len().min(y.name.len());
    x.name[..common].cmp(&y.name[..common]).then_with(|| {
        let next = |e: &Entry| e.name.get(common).copied().or(e.is_tree.then_some(b'/'));
        next(x).cmp(&next(y))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a flat tree of `name → content` in `repo`.
    fn tree(repo: &git2::Repository, files: &[(&str, &str)]) -> Oid {
        let mut builder = repo.treebuilder(None).unwrap();
        for (name, content) in files {
            builder.insert(name, repo.blob(content.as_bytes()).unwrap(), 0o100644).unwrap();
        }
        builder.write().unwrap()
    }

    fn changed(repo: &git2::Repository, old: &[(&str, &str)], new: &[(&str, &str)]) -> Vec<String> {
        let (old, new) = (tree(repo, old), tree(repo, new));
        let mut objects = Objects::new(repo.odb().unwrap());
        let mut out = Vec::new();
        assert_eq!(diff_trees(&mut objects, Some(old), Some(new), "leads/", &mut out).unwrap(), None);
        out.into_iter()
            .map(|c| {
                format!(
                    "{}{}{}",
                    c.path,
                    if c.old.is_some() { "-" } else { "" },
                    if c.new.is_some() { "+" } else { "" }
                )
            })
            .collect()
    }

    #[test]
    fn finds_every_difference_around_long_identical_runs() {
        let dir = tempfile::tempdir().unwrap();
        let repo = git2::Repository::init(dir.path()).unwrap();
        let names: Vec<String> = (0..500).map(|i| format!("lead-{i:03}.toml")).collect();
        let base: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "same")).collect();
        let with = |edits: &[(usize, Option<&'static str>)]| {
            let mut files = base.clone();
            for (i, edit) in edits.iter().rev() {
                match edit {
                    Some(content) => files[*i].1 = content,
                    None => {
                        files.remove(*i);
                    }
                }
            }
            files
        };
        assert_eq!(changed(&repo, &base, &with(&[(250, Some("edited"))])), ["leads/lead-250.toml-+"]);
        assert_eq!(
            changed(&repo, &base, &with(&[(0, Some("x")), (499, Some("y"))])),
            ["leads/lead-000.toml-+", "leads/lead-499.toml-+"]
        );
        assert_eq!(
            changed(&repo, &base, &with(&[(3, None), (7, Some("z"))])),
            ["leads/lead-003.toml-", "leads/lead-007.toml-+"]
        );
        let mut more = base.clone();
        more.push(("lead-500.toml", "new"));
        assert_eq!(changed(&repo, &base, &more), ["leads/lead-500.toml+"]);
        assert_eq!(changed(&repo, &more, &base), ["leads/lead-500.toml-"]);
        // Every other entry changed: still every one found.
        let alternate: Vec<(usize, Option<&'static str>)> = (0..500).step_by(2).map(|i| (i, Some("edited"))).collect();
        assert_eq!(changed(&repo, &base, &with(&alternate)).len(), 250);
        // Not a lead file: ignored.
        assert_eq!(changed(&repo, &[("README.md", "a")], &[("README.md", "b")]), Vec::<String>::new());
    }
}
