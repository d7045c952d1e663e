//! What a batch says on stderr while and after it runs: a progress bar on a terminal, and
//! a closing line with the slowest pack. Never on stdout, which stays the report's alone.

use crate::report::{RunSummary, plural};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::{Duration, Instant};

/// Progress of a batch run.
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    slowest: Option<(String, Duration)>,
}

impl Progress {
    /// A bar for `total` packs, drawn only when `show` (a terminal, not `--quiet`) and the
    /// batch has more than one pack.
    pub fn new(total: usize, show: bool) -> Progress {
        let bar = (show && total > 1).then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total as u64),
                ProgressDrawTarget::stderr_with_hz(10),
            );
            let style = ProgressStyle::with_template(
                "{bar:30.cyan/blue} {pos}/{len} packs  {elapsed} (eta {eta})  {wide_msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Progress {
            bar,
            started: Instant::now(),
            slowest: None,
        }
    }

    /// One more pack written.
    pub fn done(&mut self, pack: &str, took: Duration) {
        if self.slowest.as_ref().is_none_or(|(_, d)| took > *d) {
            self.slowest = Some((pack.to_string(), took));
        }
        if let Some(bar) = &self.bar {
            bar.set_message(pack.to_string());
            bar.inc(1);
        }
    }

    /// Clears the bar; returns the closing line for a batch of more than one pack.
    pub fn finish(self, summary: &RunSummary) -> Option<String> {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if summary.packs < 2 {
            return None;
        }
        let (pack, took) = self.slowest?;
        Some(format!(
            "dossier: checked {} ({}) in {:.1} s: {}, {}; slowest {pack} ({:.2} s)",
            plural(summary.packs, "pack"),
            plural(summary.documents, "document"),
            self.started.elapsed().as_secs_f64(),
            plural(summary.errors, "error"),
            plural(summary.warnings, "warning"),
            took.as_secs_f64()
        ))
    }
}
