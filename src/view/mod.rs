//! How leads, timelines and credit are shown: one [`Printer`](crate::render::Printer) per
//! format (JSON is [`crate::render::Json`] of the model itself).

mod credit;
mod duplicates;
mod history;
mod list;

pub use credit::{CreditMarkdown, CreditTable};
pub use duplicates::{DuplicateGroups, DuplicatesCsv, DuplicatesJson, DuplicatesText};
pub use history::{HistoryText, ShowText};
pub use list::{ListCsv, ListJson, ListTable};

use crate::render::day_of_time as day;

fn short(commit: &[u8; 20]) -> String {
    git2::Oid::from_bytes(commit).map(|o| o.to_string()[..7].to_owned()).unwrap_or_default()
}
