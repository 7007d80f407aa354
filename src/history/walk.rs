//! The commit walk: every commit reachable from the tip, oldest first in topological order,
//! reduced to what it did to the leads. Commits are independent once listed, so they are
//! processed in parallel, each worker with its own repository handle.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use git2::{Oid, Repository};
use rayon::prelude::*;

use super::listing::{Listed, Listing, unreadable};
use super::objects::Objects;
use super::pairing::{self, Side};
use super::record::{CommitInfo, CommitRecord, RawPerson};
use super::records::Records;
use super::similarity::{self, Rarity, Rules};
use super::tree_diff::{BlobChange, diff_trees};
use crate::error::Error;

/// Where the leads live inside the repository.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The leads folder relative to the repository root, `/`-separated (`ledger/leads`).
    pub leads_in_repo: String,
    /// The leads folder relative to the ledger root, with a trailing `/` (`leads/`).
    pub leads_prefix: String,
    /// How deleted and added files are paired.
    pub rules: Rules,
}

/// What pairing by content needs beyond one commit: how rare each key/value pair is among the
/// ledger's records at the tip. Counted once per run, and only if some commit needs it.
pub struct RarityAtTip {
    tip: Oid,
    rarity: std::sync::OnceLock<Rarity>,
}

impl RarityAtTip {
    /// The rarity of the ledger's records as they are at `tip`, counted when first asked.
    pub fn at(tip: Oid) -> RarityAtTip {
        RarityAtTip { tip, rarity: std::sync::OnceLock::new() }
    }

    fn rarity(&self, repo: &Repository, layout: &Layout) -> &Rarity {
        self.rarity.get_or_init(|| {
            let mut rarity = Rarity::default();
            // A record that cannot be read counts as absent: rarity only weighs the evidence,
            // and a damaged object is reported by the walk that needs it.
            if let Ok(odb) = repo.odb() {
                let _ = count_records(repo, layout, self.tip, &mut Objects::new(odb), &mut rarity);
            }
            rarity
        })
    }
}

fn count_records(
    repo: &Repository,
    layout: &Layout,
    tip: Oid,
    objects: &mut Objects,
    rarity: &mut Rarity,
) -> Result<(), git2::Error> {
    let Some(leads) = leads_tree(layout, &repo.find_commit(tip)?.tree()?)? else {
        return Ok(());
    };
    let mut blobs = Vec::new();
    repo.find_tree(leads)?.walk(git2::TreeWalkMode::PreOrder, |_, entry| {
        if entry.kind() == Some(git2::ObjectType::Blob) && entry.name_bytes().ends_with(b".toml") {
            blobs.push(entry.id());
        }
        git2::TreeWalkResult::Ok
    })?;
    for blob in blobs {
        if let Some(table) = objects.parsed(blob)?.as_ref() {
            rarity.add(&similarity::pairs(table));
        }
    }
    Ok(())
}

/// Processes `commits` on every core; `progress` is told how many are done. Also returns a
/// folder too deep to descend into, if any commit had one.
pub fn process_commits(
    git_dir: &Path,
    layout: &Layout,
    at_tip: &RarityAtTip,
    commits: &Listing,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Records, Option<String>), Error> {
    // The workers free their caches when done, but an allocator keeps a thread's freed pages
    // for that thread: 100 MB stayed resident through the replay of 300k commits. Threads of
    // the walk's own, which exit with it, hand them back.
    match rayon::ThreadPoolBuilder::new().build() {
        Ok(pool) => pool.install(|| process_on_pool(git_dir, layout, at_tip, commits, progress)),
        Err(_) => process_on_pool(git_dir, layout, at_tip, commits, progress),
    }
}

fn process_on_pool(
    git_dir: &Path,
    layout: &Layout,
    at_tip: &RarityAtTip,
    listing: &Listing,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(Records, Option<String>), Error> {
    let done = AtomicU64::new(0);
    // Contiguous chunks keep a parent's trees hot in the worker's object cache.
    let commits = &listing.commits;
    let chunk = (commits.len() / (rayon::current_num_threads() * 8)).clamp(64, 4096);
    let chunks: Vec<(Records, Option<String>)> = commits
        .par_chunks(chunk)
        .map(|oids| {
            let repo = Repository::open(git_dir)?;
            let mut records = Records::default();
            let mut objects = Objects::new(repo.odb()?);
            let mut too_deep = None;
            for commit in oids {
                let parents = listing.parent_leads(commit);
                let record = process_commit(&repo, layout, at_tip, commit, parents, &mut objects, &mut too_deep)
                    .map_err(|source| unreadable(commit.id, source))?;
                records.push(&record);
            }
            progress(done.fetch_add(oids.len() as u64, Ordering::Relaxed) + oids.len() as u64);
            Ok((records, too_deep))
        })
        .collect::<Result<_, Error>>()?;
    let mut records = Records::default();
    let mut too_deep = None;
    for (chunk, deep) in chunks {
        records.append(chunk);
        too_deep = too_deep.or(deep);
    }
    Ok((records, too_deep))
}

fn leads_tree(layout: &Layout, commit_tree: &git2::Tree) -> Result<Option<Oid>, git2::Error> {
    if layout.leads_in_repo.is_empty() {
        return Ok(Some(commit_tree.id()));
    }
    match commit_tree.get_path(Path::new(&layout.leads_in_repo)) {
        Ok(entry) if entry.kind() == Some(git2::ObjectType::Tree) => Ok(Some(entry.id())),
        Ok(_) => Ok(None),
        Err(e) if e.code() == git2::ErrorCode::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn process_commit(
    repo: &Repository,
    layout: &Layout,
    at_tip: &RarityAtTip,
    listed: &Listed,
    parents: &[Option<Oid>],
    odb: &mut Objects,
    too_deep: &mut Option<String>,
) -> Result<CommitRecord, git2::Error> {
    let id: [u8; 20] = listed.id.as_bytes().try_into().expect("sha1 ids are 20 bytes");
    let leads = listed.leads;
    // Equal to a parent: nothing differs from *every* parent.
    if parents.contains(&leads) {
        return Ok(CommitRecord { id, info: None });
    }
    let mut changes = Vec::new();
    let deep = diff_trees(odb, parents.first().copied().flatten(), leads, &layout.leads_prefix, &mut changes)?;
    *too_deep = too_deep.take().or(deep);
    // A merge earns events only for paths that differ from all its parents (conflict fixes),
    // never for the branch it brings in.
    for other in parents.iter().skip(1) {
        let mut versus_other = Vec::new();
        let deep = diff_trees(odb, *other, leads, &layout.leads_prefix, &mut versus_other)?;
        *too_deep = too_deep.take().or(deep);
        changes.retain(|c: &BlobChange| versus_other.iter().any(|o| o.path == c.path));
    }
    if changes.is_empty() {
        return Ok(CommitRecord { id, info: None });
    }
    let sides = changes
        .into_iter()
        .map(|c| {
            let old = c.old.map(|blob| Side::new(c.path.clone(), blob));
            (old, c.new.map(|blob| Side::new(c.path, blob)))
        })
        .collect();
    // Through an object cache of its own: the worker's is lent to the pairing.
    let rarity = || at_tip.rarity(repo, layout);
    let changes = pairing::pair(sides, &mut |blob| odb.parsed(blob), &layout.rules, &rarity)?;
    // Only now is the commit itself read again: most commits of a bigger repository never
    // get here.
    let commit = repo.find_commit(listed.id)?;
    let author = commit.author();
    let message = String::from_utf8_lossy(commit.message_bytes());
    let co_authors = git2::message_trailers_strs(&message)
        .map(|trailers| {
            trailers
                .iter()
                .filter(|(key, _)| key.eq_ignore_ascii_case("co-authored-by"))
                .filter_map(|(_, value)| RawPerson::parse(value))
                .collect()
        })
        .unwrap_or_default();
    Ok(CommitRecord {
        id,
        info: Some(CommitInfo {
            author: RawPerson {
                name: String::from_utf8_lossy(author.name_bytes()).into_owned(),
                email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
            },
            time: author.when().seconds(),
            co_authors,
            merge: parents.len() > 1,
            changes,
        }),
    })
}
