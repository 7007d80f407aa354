//! Dates as people read them.

use jiff::civil::Date;

/// `2026-03-01` from a timestamp (seconds since the epoch, UTC).
pub fn day_of_time(time: i64) -> String {
    crate::attribution::utc_day(time).to_string()
}

/// `2026-03`.
pub fn month(date: Date) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}
