//! How timelines and credit are shown: one printer per format.

mod credit;
mod history;
mod list;

pub use credit::{CreditFormat, print_credit};
pub use history::{HistoryFormat, print_history, print_show};
pub use list::{ListFormat, print_list};

use crate::render::day_of_time as day;

fn short(commit: &[u8; 20]) -> String {
    git2::Oid::from_bytes(commit).map(|o| o.to_string()[..7].to_owned()).unwrap_or_default()
}
