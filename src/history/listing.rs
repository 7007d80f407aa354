//! The commits to walk, oldest first in topological order, each with the id of its leads
//! folder and of its parents': a commit whose leads folder is one of its parents' did nothing
//! to the leads.
//!
//! libgit2's revision walk inflates every commit to order them, and the walk then inflated
//! each one again to find its tree: in a bigger repository, where most commits never touch
//! the leads, those two reads were two thirds of a cold run. Here each commit is read once,
//! its header parsed for the tree, the parents and the committer time, and ordered exactly
//! as libgit2's `TOPOLOGICAL | REVERSE` walk orders them (the order decides ties between
//! branches, so every output stays the same). While the graph is still being read, a second
//! thread finds each commit's leads folder, so the two halves of the work overlap. Anything
//! libgit2's walk would treat differently — grafts, a header out of the usual form, a
//! missing commit, a walk with a hidden commit — is left to libgit2 itself.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::path::Path;
use std::rc::Rc;
use std::sync::mpsc;

use git2::{ObjectType, Oid, Repository, Sort};

use super::objects::{self, Objects};
use super::tree_diff;
use crate::error::{Error, ErrorKind};

/// A commit to walk.
#[derive(Debug, Clone, Copy)]
pub struct Listed {
    /// The commit.
    pub id: Oid,
    /// Its leads folder, if it has one.
    pub leads: Option<Oid>,
    /// Where its parents' leads folders are in [`Listing::parent_leads`].
    parents: (u32, u32),
}

/// Commits to walk, parents before children.
#[derive(Debug, Default)]
pub struct Listing {
    /// The commits, oldest first.
    pub commits: Vec<Listed>,
    parent_leads: Vec<Option<Oid>>,
}

impl Listing {
    /// The leads folders of a listed commit's parents, in the commit's order.
    pub fn parent_leads(&self, commit: &Listed) -> &[Option<Oid>] {
        &self.parent_leads[commit.parents.0 as usize..(commit.parents.0 + commit.parents.1) as usize]
    }

    fn push(&mut self, id: Oid, leads: Option<Oid>, parent_leads: impl IntoIterator<Item = Option<Oid>>) {
        let start = self.parent_leads.len();
        self.parent_leads.extend(parent_leads);
        let parents = (start as u32, (self.parent_leads.len() - start) as u32);
        self.commits.push(Listed { id, leads, parents });
    }

    /// The listed commits `keep` accepts, in the same order.
    pub fn filtered(&self, mut keep: impl FnMut(&Listed) -> bool) -> Listing {
        let mut kept = Listing::default();
        for commit in self.commits.iter().filter(|c| keep(c)) {
            kept.push(commit.id, commit.leads, self.parent_leads(commit).iter().copied());
        }
        kept
    }
}

/// The error for a commit whose objects cannot be read.
pub fn unreadable(commit: Oid, source: git2::Error) -> Error {
    ErrorKind::Git { action: format!("cannot read commit {commit}"), source }
        .hinted("the repository may be damaged: `git fsck` says more")
}

/// Commits reachable from `tip` and not from `hide`, oldest first, parents before children,
/// with their leads folders, found at `leads_in_repo` (`/`-separated, empty for the root).
pub fn list_commits(repo: &Repository, tip: Oid, hide: Option<Oid>, leads_in_repo: &str) -> Result<Listing, Error> {
    let path: Vec<&str> = leads_in_repo.split('/').filter(|c| !c.is_empty()).collect();
    let plain = hide.is_none() && !repo.path().join("info").join("grafts").exists();
    match if plain { Graph::read(repo, tip, &path)? } else { None } {
        Some(listing) => Ok(listing),
        None => by_revwalk(repo, tip, hide, &path),
    }
}

/// The listing through libgit2's own walk, reading each commit again for its tree.
fn by_revwalk(repo: &Repository, tip: Oid, hide: Option<Oid>, path: &[&str]) -> Result<Listing, Error> {
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    walk.push(tip)?;
    if let Some(hide) = hide {
        walk.hide(hide)?;
    }
    let oids: Vec<Oid> = walk.collect::<Result<_, _>>()?;
    let mut trees: HashMap<Oid, Oid> = HashMap::with_capacity(oids.len());
    let mut finder = LeadsFinder::new(repo, path)?;
    let mut listing = Listing::default();
    for oid in oids {
        let commit = repo.find_commit(oid).map_err(|e| unreadable(oid, e))?;
        let mut parent_trees = Vec::with_capacity(commit.parent_count());
        for parent in commit.parent_ids() {
            parent_trees.push(match trees.get(&parent) {
                Some(tree) => *tree,
                None => repo.find_commit(parent).map_err(|e| unreadable(oid, e))?.tree_id(),
            });
        }
        trees.insert(oid, commit.tree_id());
        let (leads, parent_leads) = finder.leads(commit.tree_id(), &parent_trees).map_err(|e| unreadable(oid, e))?;
        listing.push(oid, leads, parent_leads);
    }
    Ok(listing)
}

/// Finds the leads folder of commits' trees, remembering the chains of recent ones.
struct LeadsFinder<'r> {
    objects: Objects<'r>,
    trees: LeadsTrees,
    path: Vec<String>,
}

impl<'r> LeadsFinder<'r> {
    fn new(repo: &'r Repository, path: &[&str]) -> Result<Self, git2::Error> {
        Ok(LeadsFinder {
            objects: Objects::new(objects::own_odb(repo)?),
            trees: LeadsTrees::default(),
            path: path.iter().map(|c| (*c).to_owned()).collect(),
        })
    }

    /// The leads folder of the commit with tree `root`, and those of its parents.
    fn leads(&mut self, root: Oid, parents: &[Oid]) -> Result<(Option<Oid>, Vec<Option<Oid>>), git2::Error> {
        let parent_chains: Vec<_> =
            parents.iter().map(|&p| self.trees.chain(&self.objects, &self.path, p, &[])).collect::<Result<_, _>>()?;
        let chain = self.trees.chain(&self.objects, &self.path, root, &parent_chains)?;
        let leads_of = |chain: &[Oid]| (chain.len() == self.path.len() + 1).then(|| chain[self.path.len()]);
        Ok((leads_of(&chain), parent_chains.iter().map(|c| leads_of(c)).collect()))
    }
}

/// The trees on the way to the leads folder of recently seen root trees: a commit's parent
/// was usually seen just before it, so its trees need not be looked up again.
#[derive(Default)]
struct LeadsTrees {
    recent: rustc_hash::FxHashMap<Oid, Rc<Vec<Oid>>>,
}

impl LeadsTrees {
    /// The ids of the root tree and of each folder down to the leads folder (shorter when the
    /// path stops). A commit that leaves a folder on the way as its parent had it leaves the
    /// leads alone: in a bigger repository most commits cost one read of the root tree and
    /// one comparison of its entry, as they do `git log -- <folder>`, and no subtree is read.
    fn chain(
        &mut self,
        objects: &Objects,
        path: &[String],
        root: Oid,
        parents: &[Rc<Vec<Oid>>],
    ) -> Result<Rc<Vec<Oid>>, git2::Error> {
        if let Some(known) = self.recent.get(&root) {
            return Ok(known.clone());
        }
        let mut ids = vec![root];
        let same_as_parent = |ids: &[Oid]| {
            let level = ids.len() - 1;
            parents.iter().find(|p| p.get(level) == ids.last()).cloned()
        };
        // A folder equal to the parent's means equal leads below it: the parent's chain is
        // shared. Its upper ids are then the parent's, which is just as true for what a chain
        // is asked (a match at any level means the same leads folder).
        let mut found = same_as_parent(&ids);
        let mut current = root;
        for component in path {
            if found.is_some() {
                break;
            }
            // Read raw and not kept: a folder on the way is read once per commit that
            // changes it, and parsing it into entries cost more than the search.
            match objects.peek(current, |raw| tree_diff::subtree(raw, component.as_bytes()))? {
                Some(id) => current = id,
                None => break,
            }
            ids.push(current);
            found = same_as_parent(&ids);
        }
        let chain = found.unwrap_or_else(|| Rc::new(ids));
        if self.recent.len() > 64 {
            self.recent.clear();
        }
        self.recent.insert(root, chain.clone());
        Ok(chain)
    }
}

/// A commit of the graph, as libgit2's walk keeps it.
struct Node {
    id: Oid,
    tree: Oid,
    leads: Option<Oid>,
    time: i64,
    /// Indexes into `Graph::parents`.
    parents: (u32, u16),
    parsed: bool,
    seen: bool,
    added: bool,
    in_degree: u16,
}

/// Commits read, handed to the thread that finds their leads folders.
#[derive(Default)]
struct Batch {
    /// Node, commit, tree, and where its parents' trees are in `parent_trees`.
    commits: Vec<(u32, Oid, Oid, (u32, u32))>,
    parent_trees: Vec<Oid>,
}

/// Commits per batch: enough that a batch seldom splits a commit from its parent, which
/// then costs a walk down from the root.
const BATCH: usize = 2048;

/// The leads folder of every commit in the batches received, as `(node, leads)`.
fn find_leads(git_dir: &Path, path: &[&str], batches: mpsc::Receiver<Batch>) -> Result<Vec<(u32, Option<Oid>)>, Error> {
    let repo = Repository::open(git_dir)?;
    let mut finder = LeadsFinder::new(&repo, path)?;
    let mut found = Vec::new();
    for batch in batches {
        // Oldest first, as the graph is read newest first: a parent's chain is then known
        // when its child comes.
        for &(node, id, tree, (start, len)) in batch.commits.iter().rev() {
            let parents = &batch.parent_trees[start as usize..(start + len) as usize];
            let (leads, _) = finder.leads(tree, parents).map_err(|e| unreadable(id, e))?;
            found.push((node, leads));
        }
    }
    Ok(found)
}

/// The commit graph above a tip, read one commit at a time.
struct Graph<'r> {
    odb: git2::Odb<'r>,
    nodes: Vec<Node>,
    index: rustc_hash::FxHashMap<Oid, u32>,
    parents: Vec<u32>,
}

impl<'r> Graph<'r> {
    /// Every commit reachable from `tip` in libgit2's `TOPOLOGICAL | REVERSE` order, with
    /// its leads folder at `path`; `None` when some commit cannot be read or parsed as
    /// libgit2's walk would.
    fn read(repo: &'r Repository, tip: Oid, path: &[&str]) -> Result<Option<Listing>, Error> {
        let (send, receive) = mpsc::channel();
        let git_dir = repo.path();
        std::thread::scope(|scope| {
            let finder = scope.spawn(move || find_leads(git_dir, path, receive));
            let graph = Graph::walk(repo, tip, send);
            let found = finder.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let Some((mut graph, order)) = graph else {
                return Ok(None);
            };
            for (node, leads) in found? {
                graph.nodes[node as usize].leads = leads;
            }
            Ok(Some(graph.into_listing(&order)))
        })
    }

    /// libgit2's `limit_list` then `sort_in_topological_order`, every commit read sent on
    /// to `found` once its parents are read too.
    fn walk(repo: &'r Repository, tip: Oid, found: mpsc::Sender<Batch>) -> Option<(Graph<'r>, Vec<u32>)> {
        let mut graph =
            Graph { odb: repo.odb().ok()?, nodes: Vec::new(), index: Default::default(), parents: Vec::new() };
        let tip = graph.node(tip);
        graph.parse(tip)?;
        graph.nodes[tip as usize].seen = true;
        // Commits taken newest first by committer time, the earlier queued first among equal
        // times (libgit2's list is kept sorted on insertion).
        let mut queue = std::collections::BinaryHeap::new();
        let mut queued = 0u64;
        queue.push((graph.nodes[tip as usize].time, std::cmp::Reverse(queued), tip));
        let mut limited = Vec::new();
        let mut batch = Batch::default();
        while let Some((_, _, at)) = queue.pop() {
            if !graph.nodes[at as usize].added {
                graph.nodes[at as usize].added = true;
                for k in graph.parent_range(at) {
                    let parent = graph.parents[k];
                    graph.parse(parent)?;
                    let node = &mut graph.nodes[parent as usize];
                    if !node.seen {
                        node.seen = true;
                        queued += 1;
                        queue.push((node.time, std::cmp::Reverse(queued), parent));
                    }
                }
                let start = batch.parent_trees.len() as u32;
                batch.parent_trees.extend(graph.parent_range(at).map(|k| graph.nodes[graph.parents[k] as usize].tree));
                let node = &graph.nodes[at as usize];
                batch.commits.push((at, node.id, node.tree, (start, batch.parent_trees.len() as u32 - start)));
                if batch.commits.len() == BATCH {
                    // The finder stops only on an error, which it reports itself.
                    let _ = found.send(std::mem::take(&mut batch));
                }
            }
            limited.push(at);
        }
        let _ = found.send(batch);
        let order = graph.topological(&limited);
        Some((graph, order))
    }

    fn into_listing(self, order: &[u32]) -> Listing {
        let mut listing = Listing { commits: Vec::with_capacity(order.len()), parent_leads: Vec::new() };
        for &at in order.iter().rev() {
            let node = &self.nodes[at as usize];
            let parents = self.parent_range(at).map(|k| self.nodes[self.parents[k] as usize].leads);
            listing.push(node.id, node.leads, parents);
        }
        listing
    }

    /// libgit2's `sort_in_topological_order` over `list`, with the same 16-bit counts.
    fn topological(&mut self, list: &[u32]) -> Vec<u32> {
        for &at in list {
            self.nodes[at as usize].in_degree = 1;
        }
        for &at in list {
            for k in self.parent_range(at) {
                let parent = &mut self.nodes[self.parents[k] as usize];
                if parent.in_degree != 0 {
                    parent.in_degree = parent.in_degree.wrapping_add(1);
                }
            }
        }
        // Tips come out in the order the walk found them: the stack starts reversed.
        let mut stack: Vec<u32> = list.iter().copied().filter(|&at| self.nodes[at as usize].in_degree == 1).collect();
        stack.reverse();
        let mut order = Vec::with_capacity(list.len());
        while let Some(next) = stack.pop() {
            for k in self.parent_range(next) {
                let parent = self.parents[k];
                let node = &mut self.nodes[parent as usize];
                if node.in_degree == 0 {
                    continue;
                }
                node.in_degree = node.in_degree.wrapping_sub(1);
                if node.in_degree == 1 {
                    stack.push(parent);
                }
            }
            self.nodes[next as usize].in_degree = 0;
            order.push(next);
        }
        order
    }

    fn parent_range(&self, at: u32) -> std::ops::Range<usize> {
        let (start, len) = self.nodes[at as usize].parents;
        start as usize..start as usize + len as usize
    }

    fn node(&mut self, id: Oid) -> u32 {
        match self.index.entry(id) {
            Entry::Occupied(known) => *known.get(),
            Entry::Vacant(slot) => {
                let at = self.nodes.len() as u32;
                slot.insert(at);
                self.nodes.push(Node {
                    id,
                    tree: Oid::ZERO_SHA1,
                    leads: None,
                    time: 0,
                    parents: (0, 0),
                    parsed: false,
                    seen: false,
                    added: false,
                    in_degree: 0,
                });
                at
            }
        }
    }

    fn parse(&mut self, at: u32) -> Option<()> {
        if self.nodes[at as usize].parsed {
            return Some(());
        }
        let header = {
            let object = self.odb.read(self.nodes[at as usize].id).ok()?;
            if object.kind() != ObjectType::Commit {
                return None;
            }
            Header::parse(object.data())?
        };
        let start = self.parents.len() as u32;
        for parent in &header.parents {
            let parent = self.node(*parent);
            self.parents.push(parent);
        }
        let node = &mut self.nodes[at as usize];
        node.tree = header.tree;
        node.time = header.time;
        node.parents = (start, u16::try_from(header.parents.len()).ok()?);
        node.parsed = true;
        Some(())
    }
}

/// What the walk needs of a raw commit.
struct Header {
    tree: Oid,
    parents: Vec<Oid>,
    /// The committer time, which orders the walk.
    time: i64,
}

impl Header {
    /// Parses the header of a commit in the form git writes it; `None` for anything else, so
    /// that libgit2 decides what an unusual commit means.
    fn parse(raw: &[u8]) -> Option<Header> {
        let mut lines = raw.split(|&b| b == b'\n');
        let tree = hex_id(lines.next()?.strip_prefix(b"tree ")?)?;
        let mut parents = Vec::new();
        let mut line = lines.next()?;
        while let Some(hex) = line.strip_prefix(b"parent ") {
            parents.push(hex_id(hex)?);
            line = lines.next()?;
        }
        line.strip_prefix(b"author ").and_then(signature_time)?;
        line = lines.next()?;
        // Some tools write several authors; libgit2 reads past them.
        while let Some(author) = line.strip_prefix(b"author ") {
            signature_time(author)?;
            line = lines.next()?;
        }
        let time = signature_time(line.strip_prefix(b"committer ")?)?;
        Some(Header { tree, parents, time })
    }
}

fn hex_id(hex: &[u8]) -> Option<Oid> {
    if hex.len() != 40 {
        return None;
    }
    Oid::from_str(std::str::from_utf8(hex).ok()?).ok()
}

/// The time of `Name <email> 1700000000 +0100`, in exactly that form.
fn signature_time(signature: &[u8]) -> Option<i64> {
    let open = memchr::memrchr(b'<', signature)?;
    let close = memchr::memrchr(b'>', signature)?;
    if close < open {
        return None;
    }
    let rest = signature[close + 1..].strip_prefix(b" ")?;
    let (time, zone) = rest.split_at(memchr::memchr(b' ', rest)?);
    let zone = zone.strip_prefix(b" ")?;
    let zone_ok = zone.len() == 5 && matches!(zone[0], b'+' | b'-') && zone[1..].iter().all(u8::is_ascii_digit);
    if !zone_ok || time.is_empty() || time.len() > 18 || !time.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(time).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revwalk_order(repo: &Repository, tip: Oid) -> Vec<Oid> {
        let mut walk = repo.revwalk().unwrap();
        walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE).unwrap();
        walk.push(tip).unwrap();
        walk.map(Result::unwrap).collect()
    }

    /// A tangle of branches and merges whose committer times tie and run backwards, where
    /// the walk's order is decided by its tie rules alone.
    #[test]
    fn orders_commits_exactly_as_libgit2s_walk() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init(dir.path()).unwrap();
        let tree = repo.treebuilder(None).unwrap().write().unwrap();
        let tree = repo.find_tree(tree).unwrap();
        let mut commits: Vec<Oid> = Vec::new();
        let mut state = 7u64;
        let mut next = |n: u64| {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) % n
        };
        for i in 0..300u64 {
            let time = 1_700_000_000 + (next(5) as i64) * 60 - (i as i64 % 7) * 30;
            let who = git2::Signature::new("A", "a@example.com", &git2::Time::new(time, 0)).unwrap();
            let mut parents = Vec::new();
            if !commits.is_empty() {
                parents.push(commits[commits.len() - 1 - next(commits.len().min(6) as u64) as usize]);
                if next(4) == 0 {
                    let other = commits[next(commits.len() as u64) as usize];
                    if !parents.contains(&other) {
                        parents.push(other);
                    }
                }
            }
            let parents: Vec<git2::Commit> = parents.iter().map(|p| repo.find_commit(*p).unwrap()).collect();
            let refs: Vec<&git2::Commit> = parents.iter().collect();
            commits.push(repo.commit(None, &who, &who, &format!("c{i}"), &tree, &refs).unwrap());
        }
        // Tie everything together so that one tip reaches every commit.
        let who = git2::Signature::new("A", "a@example.com", &git2::Time::new(1_700_000_000, 0)).unwrap();
        let all: Vec<git2::Commit> = commits.iter().rev().take(40).map(|p| repo.find_commit(*p).unwrap()).collect();
        let refs: Vec<&git2::Commit> = all.iter().collect();
        let tip = repo.commit(None, &who, &who, "octopus", &tree, &refs).unwrap();
        for start in [tip, commits[150], commits[299]] {
            let listing = Graph::read(&repo, start, &[]).unwrap().expect("plain commits are read directly");
            let fast: Vec<Oid> = listing.commits.iter().map(|c| c.id).collect();
            assert_eq!(fast, revwalk_order(&repo, start));
            let slow = by_revwalk(&repo, start, None, &[]).unwrap();
            for (a, b) in listing.commits.iter().zip(&slow.commits) {
                assert_eq!((a.leads, listing.parent_leads(a)), (b.leads, slow.parent_leads(b)));
            }
        }
    }

    #[test]
    fn reads_only_headers_in_the_form_git_writes() {
        let tree = "tree 4b825dc642cb6eb9a060e54bf8d69288fbe4904b\n";
        let parent = "parent 4b825dc642cb6eb9a060e54bf8d69288fbe4904b\n";
        let ok = format!("{tree}{parent}author A <a@x> 5 +0000\ncommitter C <c@x> 1700000000 -0130\n\nmsg\n");
        let header = Header::parse(ok.as_bytes()).unwrap();
        assert_eq!((header.parents.len(), header.time), (1, 1_700_000_000));
        let two_authors = format!("{tree}author A <a@x> 5 +0000\nauthor B <b@x> 6 +0000\ncommitter C <c@x> 7 +0000\n");
        assert_eq!(Header::parse(two_authors.as_bytes()).unwrap().time, 7);
        for odd in [
            format!("{tree}committer C <c@x> 7 +0000\n"),
            format!("{tree}author A <a@x> 5 +0000\ncommitter C <c@x> 7\n"),
            format!("{tree}author A <a@x> 5 +0000\ncommitter C <c@x> -7 +0000\n"),
            format!("{tree}author A <a@x> 5 +0000\ncommitter C c@x> 7 +0000\n"),
            format!("{tree}author A <a@x> five +0000\ncommitter C <c@x> 7 +0000\n"),
            "tree 4b825dc6\nauthor A <a@x> 5 +0000\ncommitter C <c@x> 7 +0000\n".to_owned(),
        ] {
            assert!(Header::parse(odd.as_bytes()).is_none(), "{odd}");
        }
    }
}
