//! `--since` and `--until`, the same on every command that reads a period.

use clap::Args;
use leadger::Period;

#[derive(Debug, Args)]
pub struct PeriodArgs {
    /// First day of the period: a day (2026-07-01), or the first day of a month (2026-07) or year (2026).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Last day of the period: a day, or the last day of a month (2026-07) or year (2026).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

impl PeriodArgs {
    pub fn period(&self) -> Result<Period, leadger::Error> {
        Period::between(self.since.as_deref(), self.until.as_deref())
    }
}
