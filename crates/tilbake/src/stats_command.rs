//! `tilbake stats [--db URL] --quarter YYYYQn --by DIMENSION [--k K]
//! [--today DATE] [--format json|csv]`: the follow-up statistics of a
//! quarter (`shared/contracts/statistics.md`), small counts protected.
//!
//! The store reads what is counted from every person's stored documents
//! (`MaintenanceStore::quarter_cases`: the operator's, audited); the
//! domain counts and protects (`tilbake_domain::statistics::table`); the
//! contract crate writes JSON or CSV. Invalid arguments (clap's own errors
//! too, see `main.rs`), a quarter that has not ended before today and a
//! database that cannot be read give exit 2, one line on stderr and nothing
//! on stdout.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use tilbake_contract::statistics::{table_csv, table_json};
use tilbake_domain::statistics::{table, Dimension, Quarter, DEFAULT_K, MAX_K};
use tilbake_web::Clock;

use crate::serve_command::DbArgs;
use crate::tick_command::parse_day;

/// Exit code for invalid arguments and an unreadable database, as the contract says.
pub const EXIT_INVALID: u8 = 2;

#[derive(Args, Debug)]
#[command(
    after_help = "Exit status: 0 with the table on stdout; 2 with one line on stderr \
and nothing on stdout for invalid arguments, a quarter that has not ended before today, or a \
database that cannot be read."
)]
pub struct StatsArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The calendar quarter whose cases (by their start) are counted, e.g. 2025Q3.
    #[arg(long, value_name = "YYYYQn", value_parser = parse_quarter)]
    quarter: Quarter,
    /// The rows: unit, diagnosis_chapter, age_band or graded.
    #[arg(long, value_name = "DIMENSION", value_parser = parse_dimension)]
    by: Dimension,
    /// The smallest count that may be published, 1 to 100 (1 publishes everything).
    #[arg(long, value_name = "K", default_value_t = DEFAULT_K,
          value_parser = clap::value_parser!(u64).range(1..=MAX_K))]
    k: u64,
    /// The day taken as today, YYYY-MM-DD; the clock's (UTC) when not given.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    today: Option<NaiveDate>,
    /// json (the contract's document) or csv.
    #[arg(long, value_enum, default_value_t = StatsFormat::Json)]
    format: StatsFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum StatsFormat {
    Json,
    Csv,
}

fn parse_quarter(text: &str) -> Result<Quarter, String> {
    Quarter::parse(text).ok_or_else(|| "give a quarter as YYYYQn, e.g. 2025Q3".to_owned())
}

fn parse_dimension(text: &str) -> Result<Dimension, String> {
    Dimension::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Dimension::ALL.iter().map(|by| by.as_str()).collect();
        format!("must be one of {}", names.join(", "))
    })
}

/// An error as the one line the contract allows.
fn refuse(message: &str) -> ExitCode {
    let line: String = message
        .chars()
        .map(|character| {
            if character.is_control() {
                ' '
            } else {
                character
            }
        })
        .collect();
    eprintln!("tilbake stats: {line}");
    ExitCode::from(EXIT_INVALID)
}

pub fn run(args: &StatsArgs) -> ExitCode {
    let clock = Clock::System;
    let today = args.today.unwrap_or_else(|| clock.today());
    if !args.quarter.has_ended_before(today) {
        return refuse(&format!(
            "the quarter {} has not ended before {today}: its counts may still change",
            args.quarter
        ));
    }
    if let Some(path) = args.db.db.sqlite_path() {
        if !path.is_file() {
            return refuse(&format!("no database at {}", path.display()));
        }
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return refuse(&format!("cannot start the async runtime: {error}")),
    };
    let output = match runtime.block_on(stats(args, &clock)) {
        Ok(output) => output,
        Err(error) => return refuse(&format!("{error:#}")),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tilbake stats: cannot write the table: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The table, written as asked.
async fn stats(args: &StatsArgs, clock: &Clock) -> anyhow::Result<String> {
    let store = args.db.open_maintenance().await?;
    let counted = store
        .quarter_cases(args.quarter, clock.now())
        .await
        .with_context(|| format!("cannot read the database {}", args.db.db))?;
    let table = table(&counted.cases, args.quarter, args.by, args.k);
    Ok(match args.format {
        StatsFormat::Json => table_json(&table) + "\n",
        StatsFormat::Csv => table_csv(&table),
    })
}
