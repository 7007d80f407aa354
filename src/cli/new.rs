use std::io::{self, BufRead, IsTerminal, Write};

use clap::Args;
use jiff::civil::Date;
use leadger::{CommitOptions, Draft, ErrorKind, LeadSchema, Ledger, Prompter};

use super::{Exit, Failure, Globals};

/// Record a lead: what a client said they need, and who heard it.
///
/// Only --client, --title and --summary are needed; on a terminal leadger asks for the ones
/// you leave out. The file goes to leads/<year>/<id>.toml, the id made from client and title.
#[derive(Debug, Args)]
#[command(after_help = "Example:
  leadger new --client \"Acme Corp\" --title \"Warehouse scanners\" \\
    --summary \"Their handheld scanners lose a day of stock counts every week.\" \\
    --branch lead/acme-scanners --commit")]
pub struct NewArgs {
    /// The client organisation (not a person).
    #[arg(long)]
    pub client: Option<String>,
    /// What they need, in a few words.
    #[arg(long)]
    pub title: Option<String>,
    /// What the client said, in a sentence or two.
    #[arg(long)]
    pub summary: Option<String>,
    /// Stage to start at (default: the pipeline's first).
    #[arg(long)]
    pub status: Option<String>,
    /// Where you heard it: delivery, support, workshop, meeting, event, referral, other.
    #[arg(long)]
    pub source: Option<String>,
    /// A rough value of the work, in --currency or the ledger's default_currency.
    #[arg(long)]
    pub value: Option<f64>,
    /// Currency of --value, e.g. EUR.
    #[arg(long)]
    pub currency: Option<String>,
    /// A label (repeat for more).
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Colleague who follows it up: "Name <email>".
    #[arg(long)]
    pub owner: Option<String>,
    /// The day you heard it (default: today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub spotted_on: Option<Date>,
    /// When a decision is expected.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub expected_close: Option<Date>,
    /// Commit the new file with your git identity.
    #[arg(long)]
    pub commit: bool,
    /// A colleague who spotted it with you: "Name <email>" (repeat for more; with --commit).
    #[arg(long = "co-author", requires = "commit")]
    pub co_authors: Vec<String>,
    /// Create and switch to this branch first (with --commit).
    #[arg(long, requires = "commit")]
    pub branch: Option<String>,
}

/// Questions on stderr, answers from stdin.
struct Terminal;

impl Prompter for Terminal {
    fn ask(&mut self, question: &str, hint: &str) -> io::Result<String> {
        eprint!("{question} ({hint})\n> ");
        io::stderr().flush()?;
        let mut answer = String::new();
        if io::stdin().lock().read_line(&mut answer)? == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "no answer: input ended"));
        }
        Ok(answer)
    }

    fn refused(&mut self, problem: &str) -> io::Result<()> {
        eprintln!("That cannot go in a lead: {problem}. Please answer again.");
        Ok(())
    }
}

pub fn run(args: NewArgs, globals: &Globals, out: &mut dyn Write) -> Result<Exit, Failure> {
    let ledger = Ledger::discover(&globals.cwd)?;
    let schema = LeadSchema::for_ledger(&ledger)?;
    let mut draft = Draft {
        title: args.title,
        client: args.client,
        summary: args.summary,
        status: args.status,
        source: args.source,
        value: args.value,
        currency: args.currency,
        tags: args.tags,
        owner: args.owner,
        spotted_on: args.spotted_on,
        expected_close: args.expected_close,
    };
    if !draft.missing().is_empty() && io::stdin().is_terminal() {
        let accept =
            |field: &str, answer: &str| leadger::check_prompt_answer(&ledger, &schema, field, answer, globals.today);
        draft.ask_missing(&mut Terminal, &accept).map_err(|source| {
            ErrorKind::Prompt { source }.hinted("pass the fields as flags instead; `leadger new --help` lists them")
        })?;
    }
    let commit = args.commit.then_some(CommitOptions { co_authors: args.co_authors, branch: args.branch });
    let created = leadger::create_lead(&ledger, &schema, &draft, globals.today, commit.as_ref())?;
    writeln!(out, "created {}", created.rel)?;
    if created.other_staged > 0 {
        let n = created.other_staged;
        let what = if n == 1 { "change was" } else { "changes were" };
        writeln!(out, "{n} other staged {what} left staged, out of this commit")?;
    }
    match (created.commit, created.branch) {
        (Some(commit), Some(branch)) => {
            writeln!(out, "committed {} on branch {branch}", &commit.to_string()[..7])?;
            writeln!(out, "next: git push -u origin {branch}, then open a pull request")?;
        }
        (Some(commit), None) => {
            writeln!(out, "committed {}; next: push it and open a pull request", &commit.to_string()[..7])?
        }
        _ => writeln!(out, "next: git add {} && git commit -m \"Add lead: {}\"", created.rel, created.id)?,
    }
    Ok(Exit::Clean)
}
