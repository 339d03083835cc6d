//! Printing a run as it goes: a progress bar with counts, throughput and ETA
//! when stderr is a terminal, plain periodic lines when it is a log, and a
//! line for each file that needs a person's attention. It only consumes the
//! pipeline's events; it decides nothing.

use std::io::Write as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::emit::WriteOutcome;
use crate::pipeline::Event;
use crate::report::UnitStatus;

/// How much a run says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Only file errors.
    Quiet,
    /// Progress, failed units, warnings and the summary.
    Normal,
    /// Also one line per file.
    Verbose,
}

/// How often a log (not a terminal) gets a progress line: often enough to
/// show a CI job is alive, rarely enough not to drown its log.
pub const LOG_INTERVAL: Duration = Duration::from_secs(10);

/// The progress printer of one run.
pub struct Progress {
    verbosity: Verbosity,
    /// Present when stderr is a terminal and the run is not quiet.
    bar: Option<ProgressBar>,
    total: usize,
    done: AtomicUsize,
    started: Instant,
    /// When the last periodic line was printed (logs only).
    last_line: Mutex<Instant>,
    /// Whether to say `would write` for each file (`--dry-run`).
    dry_run: bool,
    /// What the engines are doing (requests in flight, tokens per second,
    /// retries), shown after the counts.
    activity: Mutex<Option<String>>,
}

impl Progress {
    pub fn new(total: usize, verbosity: Verbosity, terminal: bool, dry_run: bool) -> Progress {
        let bar = (terminal && verbosity > Verbosity::Quiet).then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total as u64),
                ProgressDrawTarget::stderr_with_hz(4),
            );
            // The template is a constant; a mistake in it is a build bug.
            let style = ProgressStyle::with_template(
                "{bar:30} {pos}/{len} files  {rate}  elapsed {elapsed}  ETA {eta}  {msg}",
            )
            .expect("the progress template is valid")
            .with_key(
                "rate",
                |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    let _ = write!(w, "{:.1} files/s", state.per_sec());
                },
            );
            bar.set_style(style);
            bar
        });
        let started = Instant::now();
        Progress {
            verbosity,
            bar,
            total,
            done: AtomicUsize::new(0),
            started,
            last_line: Mutex::new(started),
            dry_run,
            activity: Mutex::new(None),
        }
    }

    /// Sets what the engines are doing, for the bar and the next line.
    pub fn set_activity(&self, activity: Option<String>) {
        if let Some(bar) = &self.bar {
            bar.set_message(activity.clone().unwrap_or_default());
        }
        if let Ok(mut slot) = self.activity.lock() {
            *slot = activity;
        }
    }

    /// Takes one event of the run.
    pub fn event(&self, event: &Event) {
        let mut lines = Vec::new();
        let finished_file;
        match event {
            Event::Translated { job, report, write } => {
                finished_file = true;
                let path = job.file.rel.display();
                if self.verbosity >= Verbosity::Normal {
                    for unit in report.units.iter().flat_map(|u| u.walk()) {
                        if unit.status == UnitStatus::Failed {
                            let reason = unit.reasons.first().map_or("", String::as_str);
                            let what = match &unit.name {
                                Some(name) => format!("{} {name}", unit.kind),
                                None => unit.kind.to_string(),
                            };
                            lines.push(format!(
                                "{path}:{}: {what} not translated: {reason}",
                                unit.lines.0
                            ));
                        }
                    }
                    for warning in &report.warnings {
                        lines.push(format!("{path}: {warning}"));
                    }
                }
                if self.dry_run && *write == WriteOutcome::DryRun {
                    lines.push(format!("would write {}", job.output.display()));
                }
                if self.verbosity >= Verbosity::Verbose {
                    let did = match write {
                        WriteOutcome::Written => "written",
                        WriteOutcome::Unchanged => "unchanged",
                        WriteOutcome::DryRun => "not written (dry run)",
                    };
                    lines.push(format!(
                        "{path} -> {}: {:?}, {did}",
                        job.output.display(),
                        report.status
                    ));
                }
            }
            Event::Skipped(skipped) => {
                // A job that failed (unreadable file, unwritable output)
                // finishes a job. Plan errors and other files, which never
                // were jobs, also come as `Skipped`, but only after every
                // job is done: counting up to the total tells them apart.
                finished_file = skipped.error && self.done.load(Ordering::Relaxed) < self.total;
                if skipped.error {
                    lines.push(format!("{}: {}", skipped.path, skipped.reason));
                } else if self.verbosity >= Verbosity::Verbose {
                    lines.push(format!("{}: skipped: {}", skipped.path, skipped.reason));
                }
            }
        }
        self.print(&lines);
        if finished_file {
            self.tick();
        }
    }

    fn print(&self, lines: &[String]) {
        if lines.is_empty() {
            return;
        }
        match &self.bar {
            Some(bar) => bar.suspend(|| eprint_lines(lines)),
            None => eprint_lines(lines),
        }
    }

    fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(bar) = &self.bar {
            bar.set_position(done as u64);
            return;
        }
        if self.verbosity == Verbosity::Quiet {
            return;
        }
        if let Some(line) = self.due_line(done, LOG_INTERVAL) {
            eprint_lines(&[line]);
        }
    }

    /// The progress line for a log, when `interval` has passed since the
    /// last one.
    fn due_line(&self, done: usize, interval: Duration) -> Option<String> {
        let mut last = self.last_line.lock().ok()?;
        if last.elapsed() < interval {
            return None;
        }
        *last = Instant::now();
        Some(self.line(done))
    }

    /// A plain progress line: count, share, throughput and ETA.
    fn line(&self, done: usize) -> String {
        let secs = self.started.elapsed().as_secs_f64();
        let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
        let left = self.total.saturating_sub(done);
        let eta = if rate > 0.0 {
            format!("{:.0}s", left as f64 / rate)
        } else {
            "unknown".to_string()
        };
        let percent = (done * 100).checked_div(self.total).unwrap_or(100);
        let activity = match self.activity.lock().ok().and_then(|a| a.clone()) {
            Some(a) => format!("; {a}"),
            None => String::new(),
        };
        format!(
            "progress: {done}/{} files ({percent}%), {rate:.1} files/s, {secs:.1}s elapsed, ETA {eta}{activity}",
            self.total
        )
    }

    /// Clears the bar, or prints the last progress line to a log.
    pub fn finish(&self) {
        let done = self.done.load(Ordering::Relaxed);
        match &self.bar {
            Some(bar) => bar.finish_and_clear(),
            None if self.verbosity > Verbosity::Quiet => eprint_lines(&[self.line(done)]),
            None => {}
        }
    }
}

fn eprint_lines(lines: &[String]) {
    let mut err = std::io::stderr().lock();
    for line in lines {
        let _ = writeln!(err, "{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_give_count_share_rate_and_eta() {
        let progress = Progress::new(200, Verbosity::Normal, false, false);
        let line = progress.line(50);
        assert!(line.starts_with("progress: 50/200 files (25%), "), "{line}");
        assert!(line.contains(" files/s, "), "{line}");
        assert!(line.contains("ETA "), "{line}");
        let empty = Progress::new(0, Verbosity::Normal, false, false);
        assert!(empty.line(0).contains("(100%)"));
        progress.set_activity(Some("server: 2 requests in flight".into()));
        let line = progress.line(50);
        assert!(line.ends_with("; server: 2 requests in flight"), "{line}");
    }

    #[test]
    fn log_lines_come_once_per_interval() {
        let progress = Progress::new(10, Verbosity::Normal, false, false);
        let hour = Duration::from_secs(3600);
        assert_eq!(progress.due_line(1, hour), None, "not yet");
        let line = progress.due_line(2, Duration::ZERO).unwrap();
        assert!(line.starts_with("progress: 2/10 files (20%)"), "{line}");
        assert_eq!(progress.due_line(3, hour), None, "the clock restarted");
    }
}
