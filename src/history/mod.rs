//! What git knows about the ledger: the commit walk reduced to lead events, cached.

mod cache;
mod changes;
mod listing;
mod objects;
mod pairing;
mod record;
mod records;
mod rewrites;
mod similarity;
mod tree_diff;
mod walk;

use std::collections::HashMap;
use std::path::Path;

use git2::{Oid, Repository};

pub use cache::{decode as decode_cache, forget as forget_cache, path as cache_path};
pub use changes::changed_lead_files;
pub use pairing::field_changes;
pub use record::{ChangeKind, FieldChange, PairedBy, RawPerson, Snapshot, lead_id};
pub use records::{At, ChangeInPlace, CommitInPlace, Records, Undecodable};

use crate::error::{Error, ErrorKind};
use crate::ledger::Ledger;

/// What to do when a revision is not in the clone.
/// A shallow clone's history is cut short, so it cannot say who spotted what.
pub(crate) fn shallow() -> Error {
    ErrorKind::Shallow.hinted("run `git fetch --unshallow`; in GitHub Actions set `fetch-depth: 0` on actions/checkout")
}

pub(crate) const FETCH_HINT: &str =
    "in CI, fetch the full history (actions/checkout with `fetch-depth: 0`) so the base branch exists";

/// The git repository holding the ledger.
pub fn open_repository(root: &Path) -> Result<Repository, Error> {
    crate::repository::discover(root)
}

/// How to read history.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// The revision to read history up to; HEAD when absent.
    pub rev: Option<String>,
    /// Read and write the per-commit cache in the git directory.
    pub use_cache: bool,
}

/// The ledger's history as per-commit records, oldest first.
#[derive(Debug, Default)]
pub struct History {
    /// One record per commit.
    pub records: Records,
    /// Things worth telling that did not stop the run (a damaged cache…).
    pub warnings: Vec<String>,
    /// How many commits were processed rather than read from the cache.
    pub processed: usize,
}

/// Reads the history of the ledger's leads up to `options.rev`. `progress(done, total)` is
/// called from worker threads while commits are processed.
pub fn read_history(
    ledger: &Ledger,
    options: &WalkOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<History, Error> {
    // Like git itself, do not re-hash every object read: SHA-1 with collision detection was
    // 40 % of a cold walk. Packs still carry their own checksums.
    git2::opts::strict_hash_verification(false);
    // Our own object cache keeps what the walk reads again; libgit2's kept every commit the
    // revision walk parsed (up to 256 MB) and made the walk slower, not faster.
    git2::opts::enable_caching(false);
    let repo = open_repository(&ledger.root)?;
    if repo.is_shallow() {
        return Err(shallow());
    }
    let Some(tip) = tip_of(&repo, options.rev.as_deref())? else {
        return Ok(History::default());
    };
    let layout = layout(&repo, ledger)?;
    let key = cache_key(&repo, &layout)?;
    let mut history = History::default();

    let cached = if options.use_cache { cache::load(repo.path(), &key, &mut history.warnings) } else { None };
    let at_tip = walk::RarityAtTip::at(tip);
    let too_deep = std::cell::RefCell::new(None);
    let run = |commits: &listing::Listing| {
        let total = commits.commits.len() as u64;
        let (records, deep) =
            walk::process_commits(repo.path(), &layout, &at_tip, commits, &|done| progress(done, total))?;
        if let Some(deep) = deep {
            too_deep.borrow_mut().get_or_insert(deep);
        }
        Ok::<_, Error>(records)
    };
    // A cache for another tip is rewritten even when no commit was new (after a reset, say),
    // so the next run finds it current instead of re-deriving it every time.
    let stale = !matches!(&cached, Some(cached) if cached.tip == tip.as_bytes());
    let records = match cached {
        Some(cached) if cached.tip == tip.as_bytes() => cached.records,
        Some(mut cached) if is_ancestor(&repo, &cached.tip, tip) => {
            let old_tip = Oid::from_bytes(&cached.tip)?;
            let new = listing::list_commits(&repo, tip, Some(old_tip), &layout.leads_in_repo)?;
            history.processed = new.commits.len();
            cached.records.append(run(&new)?);
            cached.records
        }
        cached => {
            // History was rewritten (or never cached): keep what is known of surviving commits.
            let cached = cached.map(|c| c.records).unwrap_or_default();
            let known: HashMap<[u8; 20], &[u8]> =
                cached.encoded().filter_map(|e| Some((Records::id_of(e)?, e))).collect();
            let all = listing::list_commits(&repo, tip, None, &layout.leads_in_repo)?;
            if known.is_empty() {
                // The walk keeps the order it is given: its records are the history as they
                // are. Copying them into a new buffer through a map of every commit was the
                // peak of a cold run's memory.
                history.processed = all.commits.len();
                run(&all)?
            } else {
                let missing = all.filtered(|c| !known.contains_key(c.id.as_bytes()));
                history.processed = missing.commits.len();
                let processed = run(&missing)?;
                // `missing` is in the order of `all`, so the processed records are taken in turn.
                let mut fresh = processed.encoded();
                let mut records = Records::default();
                for commit in &all.commits {
                    let encoded = match known.get(commit.id.as_bytes()) {
                        Some(encoded) => *encoded,
                        None => fresh.next().expect("a record for every commit processed"),
                    };
                    records.push_encoded(encoded);
                }
                records
            }
        }
    };
    if let Some(path) = too_deep.into_inner() {
        history.warnings.push(format!(
            "history skipped the folder {path}: it is nested more than {} folders below the leads folder, \
             deeper than any lead is kept",
            tree_diff::MAX_DEPTH
        ));
    }
    if options.use_cache && stale {
        let data = cache::CacheData { key, tip: tip.as_bytes().try_into().expect("20-byte id"), records };
        if let Err(warning) = cache::save(repo.path(), &data) {
            history.warnings.push(warning);
        }
        history.records = data.records;
    } else {
        history.records = records;
    }
    Ok(history)
}

/// The commit history ends at: `rev`, or HEAD; `None` on a branch with no commit yet.
fn tip_of(repo: &Repository, rev: Option<&str>) -> Result<Option<Oid>, Error> {
    let tip = match rev {
        Some(rev) => Some(
            repo.revparse_single(rev)
                .and_then(|o| o.peel_to_commit())
                .map_err(|source| ErrorKind::UnknownRevision { rev: rev.to_owned(), source }.hinted(FETCH_HINT))?,
        ),
        None => match repo.head() {
            Ok(head) => Some(head.peel_to_commit()?),
            Err(e) if matches!(e.code(), git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
    };
    Ok(tip.map(|c| c.id()))
}

/// What a cached history was computed under: the leadger version (a new release may compute
/// events differently), where the leads are, the replace refs and grafts that change what
/// git shows, and the rules that decide which files are one lead renamed.
fn cache_key(repo: &Repository, layout: &walk::Layout) -> Result<String, Error> {
    Ok(format!(
        "{}\n{}\n{}\n{}\n{}",
        env!("CARGO_PKG_VERSION"),
        layout.leads_in_repo,
        layout.leads_prefix,
        rewrites::key(repo)?,
        layout.rules.key()
    ))
}

/// libgit2 maps pack files in windows of 1 GiB, up to 8 GiB, and keeps them: `git log` over
/// a 1.8 GB pack held 1.6 GB resident. Windows of 32 MiB under a 64 MiB cap keep leadger's
/// mapped pages near 40 MB on the same repository; a window mapped again is cheap, as its
/// pages stay in the OS's page cache.
///
/// # Safety
/// libgit2 keeps these in C globals that it reads without synchronisation, so they may only be
/// written while no other thread exists: call this first thing in `main`, before anything
/// (rayon, a progress bar) can start a thread.
pub unsafe fn limit_pack_maps() {
    // SAFETY: the caller guarantees no other thread exists, so nothing reads the globals as
    // they are written. A failure leaves libgit2's defaults, which only cost memory.
    unsafe {
        let _ = git2::opts::set_mwindow_size(32 << 20);
        let _ = git2::opts::set_mwindow_mapped_limit(64 << 20);
    }
}

/// libgit2 allocates through the C allocator, and every object it reads costs an inflate state
/// and a buffer, freed straight after. In a thread of its own, glibc handed that memory back
/// to the system whenever the top of the thread's heap was free, and faulted it in again on
/// the next read: 380,000 page faults, a fifth of a cold walk of 29,000 commits. 16 MiB of
/// slack kept at the top of each heap ends that; it is only resident once used.
pub fn keep_allocator_slack() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a parameter of glibc's allocator, under its own locks.
    unsafe {
        libc::mallopt(libc::M_TOP_PAD, 16 << 20);
    }
}

fn is_ancestor(repo: &Repository, old: &[u8; 20], tip: Oid) -> bool {
    Oid::from_bytes(old).is_ok_and(|old| repo.graph_descendant_of(tip, old).unwrap_or(false))
}

/// Where the leads folder is inside the repository, and how paths are shown.
fn layout(repo: &Repository, ledger: &Ledger) -> Result<walk::Layout, Error> {
    let leads = ledger.leads_dir();
    let in_repo = match repo.workdir() {
        Some(workdir) => {
            let workdir =
                workdir.canonicalize().map_err(|source| ErrorKind::Read { path: workdir.to_owned(), source })?;
            slash_path(leads.strip_prefix(&workdir).unwrap_or(&leads))
        }
        None => ledger.config.leads_dir.clone(),
    };
    let prefix = slash_path(leads.strip_prefix(&ledger.root).unwrap_or(&leads));
    Ok(walk::Layout {
        leads_in_repo: in_repo,
        leads_prefix: format!("{prefix}/"),
        rules: similarity::Rules::of(&ledger.config.attribution),
    })
}

fn slash_path(path: &Path) -> String {
    path.components()
        .filter(|c| matches!(c, std::path::Component::Normal(_)))
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
