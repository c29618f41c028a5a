//! `tilbake tick [--date D] [--db URL]`: the daily run by hand (a scheduler's
//! job when `serve` is not running; `serve` runs it every hour itself).
//! Running it twice for a day changes nothing.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use tilbake_contract::followup::{format_date, parse_date};
use tilbake_web::Clock;

use crate::serve_command::{run_async, DbArgs};

#[derive(Args, Debug)]
pub struct TickArgs {
    /// The day to run for, YYYY-MM-DD; today (UTC) when not given.
    #[arg(long, value_name = "D", value_parser = parse_day)]
    date: Option<NaiveDate>,
    #[command(flatten)]
    db: DbArgs,
}

pub(crate) fn parse_day(text: &str) -> Result<NaiveDate, String> {
    parse_date(text).ok_or_else(|| "give a date as YYYY-MM-DD, e.g. 2024-05-01".to_owned())
}

pub fn run(args: &TickArgs) -> ExitCode {
    run_async("tick", tick(args))
}

async fn tick(args: &TickArgs) -> anyhow::Result<ExitCode> {
    let clock = Clock::System;
    let day = args.date.unwrap_or_else(|| clock.today());
    let store = args.db.open().await?;
    let report = store.tick(day, clock.now()).await?;
    println!(
        "tick {}: open {}, overdue {}, due soon {}, changed {}",
        format_date(day),
        report.n_open,
        report.n_overdue,
        report.n_due_soon,
        report.n_changed
    );
    // The daily digests of notifications, for those who chose them; the
    // service's delivery loop sends them.
    let n_digests = store.queue_digests(day, clock.now()).await?;
    println!("digests queued {n_digests}");
    Ok(ExitCode::SUCCESS)
}
