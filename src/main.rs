use std::process::ExitCode;

use clap::Parser;

mod cli;

// History replays allocate many small strings; glibc's malloc spent a third of a warm run
// consolidating and unlinking chunks.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // SAFETY: nothing has run yet, so no other thread exists to read libgit2's globals.
    unsafe { leadger::history::limit_pack_maps() };
    cli::run(cli::Cli::parse())
}
