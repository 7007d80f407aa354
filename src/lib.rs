//! leadger: a sales-lead ledger kept in git as TOML files.
//!
//! Data flows one way: config → ledger → validation (schema + checks) → diagnostics.
//! The library never prints; the binary chooses a printer and a destination.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod atomic;
pub mod attribution;
pub mod authoring;
pub mod cache_file;
pub mod checks;
pub mod config;
pub mod credit;
pub mod demo;
pub mod diagnostic;
pub mod duplicates;
pub mod error;
pub mod history;
pub mod history_query;
pub mod identity;
pub mod lead;
pub mod lead_records;
pub mod ledger;
pub mod lock;
pub mod order;
pub mod pipeline;
pub mod position;
pub mod pull_request;
pub mod render;
pub mod report;
pub mod repository;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod view;

pub use error::{Error, ErrorKind};

/// Today's date in the local time zone.
pub fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}
