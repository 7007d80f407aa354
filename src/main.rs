use std::process::ExitCode;

use clap::{CommandFactory, Parser};

mod cli;

// History replays allocate many small strings; glibc's malloc spent a third of a warm run
// consolidating and unlinking chunks.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // SAFETY: nothing has run yet, so no other thread exists to read libgit2's globals.
    unsafe { leadger::limit_pack_maps() };
    leadger::keep_allocator_slack();
    // A shell asking what to complete gets its answer and nothing else runs.
    clap_complete::CompleteEnv::with_factory(cli::Cli::command).var(cli::COMPLETE_VAR).complete();
    cli::run(cli::Cli::parse())
}
