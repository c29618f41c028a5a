//! `tilbake recompute [--db URL] [--batch-size N] [--restart]`: recomputes
//! every person's derived rows (follow-up cases, case employers, milestones,
//! tasks, unit) from their stored documents and decisions, after a new
//! version of tilbake changed the rules.
//!
//! The work is the store's ([`tilbake_store::MaintenanceStore`]); this is the operator's
//! side: progress on stderr (a bar on a terminal, a plain line every few
//! seconds otherwise), Ctrl-C between batches, and a one-line summary on
//! stdout. Identity numbers never reach stderr; the persons who could not be
//! recomputed are counted, and listed on stdout only with `--list-failed`.

use std::io::IsTerminal as _;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::NaiveDate;
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use tilbake_contract::followup::format_date;
use tilbake_store::{RecomputeBatch, RecomputeRun};
use tilbake_web::Clock;

use crate::serve_command::{run_async, DbArgs};
use crate::tick_command::parse_day;

/// The exit status of a run that finished but could not recompute everyone.
const EXIT_SOME_FAILED: u8 = 3;
/// The exit status after Ctrl-C (128 + SIGINT, as a shell reports it).
const EXIT_INTERRUPTED: u8 = 130;
/// How often a plain progress line is written when stderr is no terminal.
const PLAIN_PROGRESS_EVERY: Duration = Duration::from_secs(10);

#[derive(Args, Debug)]
#[command(
    after_help = "Exit status: 0 when every person was recomputed, 3 when the run \
finished but some persons' stored documents no longer give a follow-up (their rows are left \
as they were; see --list-failed), 130 when interrupted, 1 on an error.\n\
A run stopped in any way (Ctrl-C, kill, a crash) continues after its last committed batch \
when started again."
)]
pub struct RecomputeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// Persons per transaction: a stopped run redoes at most one batch.
    #[arg(long, value_name = "N", default_value_t = 500,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch_size: u32,
    /// Start over from the first person instead of continuing an unfinished run.
    #[arg(long)]
    restart: bool,
    /// The day tasks are closed and urgencies set for, YYYY-MM-DD; today (UTC) when not given.
    #[arg(long, value_name = "D", value_parser = parse_day)]
    date: Option<NaiveDate>,
    /// List the persons that could not be recomputed on stdout (identity numbers: health-adjacent data).
    #[arg(long)]
    list_failed: bool,
}

pub fn run(args: &RecomputeArgs) -> ExitCode {
    run_async("recompute", recompute(args))
}

async fn recompute(args: &RecomputeArgs) -> anyhow::Result<ExitCode> {
    let clock = Clock::System;
    let today = args.date.unwrap_or_else(|| clock.today());
    let store = args.db.open_maintenance().await?;
    let run = store
        .start_recompute(env!("CARGO_PKG_VERSION"), args.restart, clock.now())
        .await
        .context("cannot start the recompute run")?;
    announce(&run, today);
    let mut progress = Progress::new(&run);
    let interrupted = tokio::signal::ctrl_c();
    tokio::pin!(interrupted);
    loop {
        let batch = tokio::select! {
            batch = store.recompute_batch(run.run_id, args.batch_size, today, clock.now()) => {
                batch.with_context(|| format!("recompute run {} failed", run.run_id))?
            }
            // The batch's transaction is dropped unfinished, so rolled back.
            _ = &mut interrupted => {
                progress.clear();
                eprintln!(
                    "recompute: interrupted after {} of {} persons; run it again to continue",
                    progress.n_done, progress.n_total
                );
                return Ok(ExitCode::from(EXIT_INTERRUPTED));
            }
        };
        progress.add(&batch);
        if batch.done {
            break;
        }
    }
    progress.clear();
    let totals = store
        .finish_recompute(run.run_id, clock.now())
        .await
        .with_context(|| format!("cannot finish recompute run {}", run.run_id))?;
    let elapsed = progress.started.elapsed().as_secs_f64();
    println!(
        "recompute run {} for {}: {} persons with {} documents, {} could not be recomputed; \
         {} persons in {:.1} s this time ({} persons/s, {} documents/s)",
        run.run_id,
        format_date(today),
        grouped(totals.n_persons),
        grouped(totals.n_documents),
        grouped(totals.n_failed),
        grouped(progress.n_done - progress.n_done_at_start),
        elapsed,
        grouped(progress.persons_per_second() as u64),
        grouped(progress.documents_per_second() as u64),
    );
    if totals.n_failed == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    if args.list_failed {
        for failure in store.recompute_failures(run.run_id).await? {
            println!(
                "not recomputed: {}: {}: {}",
                failure.person, failure.field, failure.message
            );
        }
    } else {
        eprintln!(
            "recompute: {} persons could not be recomputed and keep their rows; \
             --list-failed lists them",
            grouped(totals.n_failed)
        );
    }
    Ok(ExitCode::from(EXIT_SOME_FAILED))
}

/// Says on stderr which run this is.
fn announce(run: &RecomputeRun, today: NaiveDate) {
    if let Some(abandoned) = run.abandoned_run {
        eprintln!("recompute: run {abandoned} was left unfinished and is given up; starting over");
    }
    if run.resumed {
        eprintln!(
            "recompute: continuing run {} after {} persons, {} left, for {}",
            run.run_id,
            grouped(run.progress.n_persons),
            grouped(run.n_remaining),
            format_date(today)
        );
    } else {
        eprintln!(
            "recompute: run {}, {} persons, for {}",
            run.run_id,
            grouped(run.n_remaining),
            format_date(today)
        );
    }
}

/// Persons done against the total, with the rate of this session.
struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    last_line: Instant,
    n_total: u64,
    n_done: u64,
    n_done_at_start: u64,
    n_documents: u64,
}

impl Progress {
    fn new(run: &RecomputeRun) -> Progress {
        let n_total = run.progress.n_persons + run.n_remaining;
        // A bar only on a terminal; a log gets plain lines instead.
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(n_total).with_position(run.progress.n_persons);
            let style = ProgressStyle::with_template(
                "{elapsed_precise} [{wide_bar}] {human_pos}/{human_len} persons  {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        let now = Instant::now();
        Progress {
            bar,
            started: now,
            last_line: now,
            n_total,
            n_done: run.progress.n_persons,
            n_done_at_start: run.progress.n_persons,
            n_documents: 0,
        }
    }

    fn add(&mut self, batch: &RecomputeBatch) {
        self.n_done += batch.n_persons;
        self.n_documents += batch.n_documents;
        // Persons that came after the run started make the total grow.
        self.n_total = self.n_total.max(self.n_done);
        let rates = self.rates();
        match &self.bar {
            Some(bar) => {
                bar.set_length(self.n_total);
                bar.set_position(self.n_done);
                bar.set_message(rates);
            }
            None if self.last_line.elapsed() >= PLAIN_PROGRESS_EVERY => {
                self.last_line = Instant::now();
                eprintln!(
                    "recompute: {} / {} persons ({:.1} %), {rates}",
                    grouped(self.n_done),
                    grouped(self.n_total),
                    percent(self.n_done, self.n_total)
                );
            }
            None => {}
        }
    }

    fn persons_per_second(&self) -> f64 {
        per_second(self.n_done - self.n_done_at_start, self.started.elapsed())
    }

    fn documents_per_second(&self) -> f64 {
        per_second(self.n_documents, self.started.elapsed())
    }

    fn rates(&self) -> String {
        let persons_per_second = self.persons_per_second();
        let eta = if persons_per_second > 0.0 {
            let left = self.n_total.saturating_sub(self.n_done) as f64;
            duration_text(Duration::from_secs_f64(left / persons_per_second))
        } else {
            "-".to_owned()
        };
        format!(
            "{} persons/s, {} documents/s, ETA {eta}",
            grouped(persons_per_second as u64),
            grouped(self.documents_per_second() as u64)
        )
    }

    fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn per_second(n: u64, elapsed: Duration) -> f64 {
    let seconds = elapsed.as_secs_f64();
    if seconds > 0.0 {
        n as f64 / seconds
    } else {
        0.0
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// `1h 02m`, `3m 20s`, `45s`.
fn duration_text(duration: Duration) -> String {
    let seconds = duration.as_secs();
    match (seconds / 3600, seconds / 60 % 60, seconds % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}m {s:02}s"),
        (h, m, _) => format!("{h}h {m:02}m"),
    }
}

/// `1234567` → `1,234,567`.
fn grouped(number: u64) -> String {
    let digits = number.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        #[allow(clippy::manual_is_multiple_of)]
        // is_multiple_of needs Rust 1.87; the workspace allows 1.85.
        if index > 0 && (digits.len() - index) % 3 == 0 {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }

    #[test]
    #[allow(clippy::duration_suboptimal_units)] // from_mins needs Rust 1.91; the workspace allows 1.85.
    fn durations_read_in_the_two_largest_units() {
        assert_eq!(duration_text(Duration::from_secs(45)), "45s");
        assert_eq!(duration_text(Duration::from_secs(200)), "3m 20s");
        assert_eq!(duration_text(Duration::from_secs(3_720)), "1h 02m");
    }
}
