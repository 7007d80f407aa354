//! leadger: a sales-lead ledger kept in git as TOML files, for the engineers who hear a
//! client's pains first.
//!
//! Every module is private; what is public is chosen here and grouped by the way data flows
//! through the crate. Each stage only reads the ones above it:
//!
//! 1. **The ledger and its configuration.** [`Ledger::discover`] finds the folder that holds
//!    `leadger.toml` (or the git work tree), reads its [`Config`], and knows where the lead
//!    files are. [`LeadSchema`] is the JSON Schema a lead must satisfy, built from the
//!    [`Pipeline`] of stages or read from the ledger's own `schema =` file.
//! 2. **Checking.** [`check_ledger`] runs every lead file through the schema and the checks a
//!    schema cannot express (ids, dates, layout, privacy, duplicates) and returns
//!    [`Findings`]: [`Diagnostic`]s with a [`Code`] and a [`Severity`]. One [`Printer`] per
//!    output format shows them: [`HumanPrinter`], [`JsonPrinter`], [`GithubPrinter`].
//! 3. **History.** [`attribute_ledger`] walks the git history once (cached in `.git/leadger/`),
//!    follows every lead through renames and merges, and says who spotted and who advanced
//!    each one ([`LeadHistory`]). [`load_leads`] joins the lead files as they are now with
//!    that history ([`LeadRecord`]): what `list` and `report` read.
//! 4. **Reports.** [`build_report`] makes the pipeline report, [`credit`] the per-person
//!    credit, [`describe_pull_request`] the comment a pull request gets, and
//!    [`find_duplicates`] the leads that look alike. Each is shown by a [`Printer`]; JSON is
//!    [`Json`] of the model itself, and is a documented contract.
//! 5. **Authoring.** [`init`], [`create_lead`], [`set_fields`] and [`advance_lead`] write lead
//!    files and configuration: atomically, one writer per lead, keeping file modes, and never
//!    outside the ledger.
//!
//! The library never prints: every result is a value, every failure an [`Error`] whose
//! [`ErrorKind`] says what went wrong and whose hints say what to do. The `leadger` binary
//! parses arguments, calls these functions and prints.
//!
//! # Example
//!
//! Check a ledger and print what is wrong with it, as `leadger check` does:
//!
//! ```
//! use leadger::{CheckRequest, HumanPrinter, Printer, check_ledger};
//!
//! let dir = tempfile::tempdir()?;
//! std::fs::create_dir_all(dir.path().join("leads"))?;
//! std::fs::write(dir.path().join("leadger.toml"), "")?;
//! std::fs::write(
//!     dir.path().join("leads/acme-billing.toml"),
//!     "title = \"Invoices by hand\"\nclient = \"ACME\"\nstatus = \"won-ish\"\n",
//! )?;
//!
//! let request = CheckRequest { cwd: dir.path(), paths: &[], changed_since: None, today: leadger::today() };
//! let findings = check_ledger(&request)?;
//! assert!(findings.has_errors());
//!
//! let mut out = Vec::new();
//! HumanPrinter { color: false }.print(&findings, &mut out)?;
//! let text = String::from_utf8(out)?;
//! assert!(text.contains("`status` must be one of"), "{text}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr)]
#![deny(missing_docs)]

mod atomic;
mod attribution;
mod authoring;
mod cache_file;
mod checks;
mod config;
mod credit;
mod demo;
mod diagnostic;
mod duplicates;
mod error;
mod history;
mod history_query;
mod identity;
mod lead;
mod lead_records;
mod ledger;
mod lock;
mod order;
mod pipeline;
mod position;
mod pull_request;
mod render;
mod report;
mod repository;
mod schema;
mod source;
mod suggest;
mod view;

pub use error::{Error, ErrorKind};

// 1. The ledger and its configuration.
pub use config::{AttributionSettings, Config, DuplicateSettings, PrivacySettings, PullRequestSettings};
pub use lead::Lead;
pub use ledger::{Document, Ledger};
pub use pipeline::{Outcome, Pipeline, Stage};
pub use schema::LeadSchema;

// 2. Checking.
pub use checks::{CheckRequest, FileContext, check_ledger, check_text};
pub use diagnostic::{Code, Diagnostic, Findings, GithubPrinter, HumanPrinter, JsonPrinter, Severity};

// 3. History.
pub use attribution::{
    Attributed, CommitStamp, Detail, Event, EventKind, LeadHistory, Rename, Transition, attribute_ledger,
    find_lead_history,
};
pub use history::{WalkOptions, keep_allocator_slack, limit_pack_maps};
pub use history_query::HistoryQuery;
pub use lead_records::{
    LeadRecord, ListQuery, ListRow, LoadedLeads, SortKey, Stale, load_leads, read_lead, skipped_leads_warning,
};

// 4. Reports and their printers.
pub use credit::{CreditReport, Period, PersonCredit, RenamedLead, Tally, TeamCredit, credit};
pub use duplicates::{DuplicateGroup, find_duplicates};
pub use pull_request::{PullRequest, PullRequestComment, PullRequestOptions, describe_pull_request};
pub use render::{Json, Printer, count, to_text};
pub use report::{
    Freshness, Report, ReportHtml, ReportMarkdown, ReportOptions, STALE_SHOWN, build_report, report_as_of,
    report_freshness,
};
pub use view::{
    CreditMarkdown, CreditTable, DuplicateGroups, DuplicatesCsv, DuplicatesJson, DuplicatesText, HistoryText, ListCsv,
    ListJson, ListTable, ShowText, Shown,
};

// 5. Authoring.
pub use atomic::{WRITE_HINT, write_atomically};
pub use authoring::{
    ActionRef, BranchSource, CommitOptions, Created, DefaultBranch, Draft, EditOptions, Edited, InitReport, Prompter,
    WORKFLOW_FILE, advance_lead, check_prompt_answer, create_lead, init, lead_id_for, set_fields, workflow_yaml,
};
pub use demo::build_demo;

/// Today's date in the local time zone.
pub fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

/// Entry points for the fuzz targets in `fuzz/`: decoders of leadger's own caches, which no
/// user calls, exposed so that libFuzzer can feed them bytes. Not part of the stable surface.
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::attribution::attribute;
    pub use crate::history::decode_cache;
    pub use crate::identity::Identities;
    pub use crate::lead_records::LeadCache;
}
