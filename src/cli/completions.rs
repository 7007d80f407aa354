use std::ffi::OsStr;
use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use clap_complete::Shell;
use clap_complete::engine::CompletionCandidate;
use clap_complete::env::Shells;
use leadger::Ledger;

use super::{Exit, Failure};

/// The environment variable that asks leadger for completions instead of running a command.
pub const VAR: &str = "COMPLETE";

/// Print the completion script for SHELL: commands, options and the ledger's lead ids.
///
/// The script asks leadger itself what to complete as you type, so it stays right when leadger
/// changes; load it anew from your shell's startup file rather than saving it once:
/// bash: `source <(leadger completions bash)` in ~/.bashrc; zsh: `source <(leadger completions
/// zsh)` in ~/.zshrc; fish: `leadger completions fish | source` in
/// ~/.config/fish/config.fish; PowerShell: `leadger completions powershell | Out-String |
/// Invoke-Expression` in `$PROFILE`; elvish: `eval (leadger completions elvish | slurp)`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs, out: &mut dyn Write) -> Result<Exit, Failure> {
    let name = args.shell.to_string();
    let shells = Shells::builtins();
    // Every shell the argument accepts is one of clap_complete's own.
    let shell = shells.completer(&name).ok_or_else(|| std::io::Error::other(format!("no completion for {name}")))?;
    let mut script = Vec::new();
    shell.write_registration(VAR, "leadger", "leadger", &completer(), &mut script)?;
    out.write_all(&script)?;
    Ok(Exit::Clean)
}

/// The program the script calls, as clap_complete's own registration names it: this one as it
/// was started, made absolute when started by a path.
fn completer() -> String {
    let started = std::env::args_os().next().map_or_else(|| PathBuf::from("leadger"), PathBuf::from);
    let path = match std::env::current_dir() {
        Ok(here) if started.components().count() > 1 => here.join(started),
        _ => started,
    };
    path.to_string_lossy().into_owned()
}

/// The ids of the ledger around the current folder that start with what is typed. (The
/// completer sees only the word being typed, so `-C DIR` earlier on the line is not followed.)
pub fn lead_ids(typed: &OsStr) -> Vec<CompletionCandidate> {
    starting_with(typed, |ledger| ledger.ids())
}

/// The stages of the ledger's pipeline that start with what is typed, in pipeline order.
pub fn stages(typed: &OsStr) -> Vec<CompletionCandidate> {
    starting_with(typed, |ledger| {
        // Stage names come from a contributor's leadger.toml: only plain words reach the shell.
        let plain = |name: &String| name.chars().all(|c| c.is_ascii_alphanumeric() || "-_".contains(c));
        ledger.config.pipeline.stages.iter().map(|s| s.name.clone()).filter(plain).collect()
    })
}

fn starting_with(typed: &OsStr, words: impl FnOnce(&Ledger) -> Vec<String>) -> Vec<CompletionCandidate> {
    let Some(typed) = typed.to_str() else { return Vec::new() };
    let Some(ledger) = std::env::current_dir().ok().and_then(|here| Ledger::discover(&here).ok()) else {
        return Vec::new();
    };
    words(&ledger).into_iter().filter(|w| w.starts_with(typed)).map(CompletionCandidate::new).collect()
}
