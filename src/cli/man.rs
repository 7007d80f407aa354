use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, CommandFactory};
use clap_mangen::Man;

use super::{Cli, Exit, Failure, Globals};

/// Print the manual page leadger(1), or write one page per command into DIR.
///
/// `leadger man | man -l -` reads it at once; `leadger man ~/.local/share/man/man1` installs
/// leadger.1 and leadger-COMMAND.1 for `man leadger-check`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The folder to write the pages into (made when missing); without it, leadger(1) goes to
    /// the standard output.
    // Not `dir`: that is the id of the global `-C DIR`, which clap would fill with this too.
    #[arg(value_name = "DIR")]
    pub folder: Option<PathBuf>,
}

pub fn run(args: ManArgs, globals: &Globals, out: &mut dyn Write) -> Result<Exit, Failure> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = args.folder else {
        page(cmd).render(out)?;
        return Ok(Exit::Clean);
    };
    let full = globals.cwd.join(&dir);
    std::fs::create_dir_all(&full)
        .map_err(|source| leadger::ErrorKind::Write { path: full.clone(), source }.hinted(leadger::WRITE_HINT))?;
    let mut written = Vec::new();
    write_pages(cmd, &full, &mut written)?;
    for name in written {
        writeln!(out, "wrote {}", dir.join(name).display())?;
    }
    Ok(Exit::Clean)
}

/// A page for `cmd` and, before it, one for each of its subcommands, as `clap_mangen::generate_to`
/// does, but naming the file that could not be written.
fn write_pages(cmd: clap::Command, dir: &Path, written: &mut Vec<String>) -> Result<(), leadger::Error> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub.clone(), dir, written)?;
    }
    let man = page(cmd);
    let name = man.get_filename();
    let path = dir.join(&name);
    let mut page = Vec::new();
    man.render(&mut page).map_err(|source| leadger::ErrorKind::Write { path: path.clone(), source })?;
    leadger::write_atomically(&path, &String::from_utf8_lossy(&page))?;
    written.push(name);
    Ok(())
}

/// Every page names this leadger's version; clap_mangen would give a subcommand's page none.
fn page(cmd: clap::Command) -> Man {
    Man::new(cmd).source(concat!("leadger ", env!("CARGO_PKG_VERSION")))
}
