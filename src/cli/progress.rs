//! What a history walk shows on stderr: a progress bar (only on a terminal, and only once the
//! walk has taken more than a moment), then its warnings and, with `--stats`, what it read.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use leadger::count;

pub struct Progress {
    start: Instant,
    enabled: bool,
    bar: OnceLock<ProgressBar>,
}

impl Progress {
    pub fn new() -> Self {
        Progress { start: Instant::now(), enabled: std::io::stderr().is_terminal(), bar: OnceLock::new() }
    }

    pub fn update(&self, done: u64, total: u64) {
        if !self.enabled || self.start.elapsed() < Duration::from_millis(400) {
            return;
        }
        let bar = self.bar.get_or_init(|| {
            let bar = ProgressBar::new(total);
            let style = ProgressStyle::with_template("{spinner} reading history {pos}/{len} commits {wide_bar} {eta}");
            bar.set_style(style.unwrap_or_else(|_| ProgressStyle::default_bar()));
            bar
        });
        bar.set_length(total);
        bar.set_position(done);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}

/// After a history walk, on stderr: its warnings, and with `--stats` what it read.
pub fn report_walk(warnings: &[String], stats: bool, commits: usize, processed: usize, leads: usize) {
    for warning in warnings {
        super::failure::warn(warning);
    }
    if stats {
        eprintln!("history: {}, {processed} processed, {}", count(commits, "commit"), count(leads, "lead"));
    }
}
