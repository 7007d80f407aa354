//! How timelines and credit are shown: one printer per format.

mod credit;
mod duplicates;
mod history;
mod list;

pub use credit::{CreditFormat, print_credit};
pub use duplicates::print_duplicates;
pub use history::{HistoryFormat, print_history, print_show};
pub use list::{ListFormat, print_list};

/// `2026-03-01` from a timestamp, for people.
fn day(time: i64) -> String {
    crate::attribution::utc_day(time).to_string()
}

fn short(commit: &[u8; 20]) -> String {
    git2::Oid::from_bytes(commit).map(|o| o.to_string()[..7].to_owned()).unwrap_or_default()
}

/// Text for a terminal or a log on one line: whitespace runs become one space, and other
/// control characters are shown as their Unicode pictures (ESC as ␛), never sent.
pub fn visible(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    one_line
        .chars()
        .map(|c| match c {
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}
