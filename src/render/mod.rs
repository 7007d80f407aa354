//! One toolkit for text people read: quantities and dates worded one way, and the escaping
//! each sink needs — a terminal, Markdown, HTML.
//!
//! Every `--format` of every command is a [`Printer`] of the command's result.
//!
//! Every byte of a ledger is hostile input. Text from a lead, a commit author or a file name
//! reaches a terminal only through [`terminal`], a Markdown table only through [`cell`], HTML
//! only through [`html_escape`], a CSV file only through [`spreadsheet_cell`]. JSON needs none
//! of them: serde escapes it, and it stays exact.

mod dates;
mod html;
mod markdown;
mod printer;
mod quantity;
mod spreadsheet;
mod table;
mod terminal;

pub use dates::{day_of_time, month};
pub use html::{html_escape, markdown_html, notes_html};
pub use markdown::{GfmTable, cell};
pub use printer::{Json, Printer, to_text};
pub use quantity::{NOTHING, amount, count, days, money, percent};
pub use spreadsheet::spreadsheet_cell;
pub use table::TextTable;
pub use terminal::{keep_lines, line_start, one_line, terminal};
