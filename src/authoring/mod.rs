//! Writing leads: new files, edits that keep comments and layout, a new ledger's scaffold.
//! Nothing is written that would not pass `leadger check`, and nothing is overwritten.

mod commit;
mod edit;
mod init;
mod new;

pub use commit::CommitOptions;
pub use edit::{EditOptions, Edited, advance_lead, set_fields};
pub use init::{ActionRef, BranchSource, DefaultBranch, InitReport, WORKFLOW_FILE, init, workflow_yaml};
pub use new::{Created, Draft, Prompter, check_prompt_answer, create_lead, lead_id_for};

use jiff::civil::Date;

use crate::checks::{FileContext, check_text};
use crate::diagnostic::Severity;
use crate::error::{Error, ErrorKind};
use crate::ledger::{LeadFile, Ledger, find_lead_files};
use crate::schema::LeadSchema;

pub(crate) use crate::atomic::write_atomically;

/// The file of the lead `id` names (the whole id or a unique prefix of it), or an error that
/// lists the candidates or suggests the closest id.
pub fn find_lead(ledger: &Ledger, id: &str) -> Result<LeadFile, Error> {
    let files = find_lead_files(&ledger.leads_dir(), |p| ledger.relative(p)).files;
    let id = crate::lead::resolve_id(id, files.iter().filter_map(|f| f.id.as_deref()), "leadger list")?;
    Ok(files.iter().find(|f| f.id.as_deref() == Some(id)).expect("resolved among these files").clone())
}

/// Refuses `text` when `check` would report an error in it.
fn validate(ledger: &Ledger, schema: &LeadSchema, rel: &str, text: &str, today: Date) -> Result<(), Error> {
    let cx = FileContext { schema, today, privacy: &ledger.config.privacy };
    let problems: Vec<String> = check_text(rel, text, &cx)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| match &d.help {
            Some(help) => format!("line {}: {}\n    {help}", d.line, d.message),
            None => format!("line {}: {}", d.line, d.message),
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(ErrorKind::InvalidLead { path: rel.to_owned(), problems }
            .hinted("nothing was written; fix the values and run the command again"))
    }
}

fn toml_date(date: Date) -> toml_edit::Value {
    let date = toml_edit::Date { year: date.year() as u16, month: date.month() as u8, day: date.day() as u8 };
    toml_edit::Value::from(toml_edit::Datetime { date: Some(date), time: None, offset: None })
}
