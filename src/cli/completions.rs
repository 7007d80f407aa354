use std::io::Write;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{Cli, Failure, Outcome};

/// Print a completion script for SHELL.
///
/// bash: `leadger completions bash > ~/.local/share/bash-completion/completions/leadger`;
/// zsh: into a folder on `$fpath` as `_leadger`; fish: `~/.config/fish/completions/leadger.fish`;
/// PowerShell: `leadger completions powershell | Out-String | Invoke-Expression` in `$PROFILE`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: CompletionsArgs, out: &mut dyn Write) -> Result<Outcome, Failure> {
    clap_complete::generate(args.shell, &mut Cli::command(), "leadger", out);
    Ok(Outcome::Clean)
}
