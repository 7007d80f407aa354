use std::process::ExitCode;

use clap::Parser;

mod cli;

// History replays allocate many small strings; glibc's malloc spent a third of a warm run
// consolidating and unlinking chunks.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc.h, which libmimalloc-sys does not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // The history walk's worker threads free their object caches when done, but mimalloc
    // returns a thread's freed pages to the OS only when that thread allocates again: they
    // stayed resident through the replay, 40 MB on a 50k-commit history. Return them at once.
    // SAFETY: sets a global option before any thread is started.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    cli::run(cli::Cli::parse())
}
