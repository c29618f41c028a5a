//! `tilbake backup --db URL FILE` and `tilbake restore --db URL FILE
//! [--force]`: the whole database to a file while the service runs, and
//! back into an empty database (the store's `backup` module says how).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use tilbake_store::BackupSummary;

use crate::serve_command::{run_async, DbArgs};

#[derive(Args, Debug)]
pub struct BackupArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The file to write; it must not exist (SQLite: a database file;
    /// PostgreSQL: the store's own JSON Lines).
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

#[derive(Args, Debug)]
pub struct RestoreArgs {
    #[command(flatten)]
    db: DbArgs,
    /// A file `tilbake backup` wrote.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// Replace a database that holds data (its tilbake tables are dropped).
    #[arg(long)]
    force: bool,
}

pub fn run_backup(args: &BackupArgs) -> ExitCode {
    run_async("backup", backup(args))
}

pub fn run_restore(args: &RestoreArgs) -> ExitCode {
    run_async("restore", restore(args))
}

/// `N rows in T tables (D documents, A accounts)`.
fn describe(summary: &BackupSummary) -> String {
    let n_rows: u64 = summary
        .tables
        .iter()
        .filter(|(table, _)| *table != "_sqlx_migrations")
        .map(|(_, rows)| rows)
        .sum();
    format!(
        "{n_rows} rows in {} tables ({} documents, {} accounts)",
        summary.tables.len(),
        summary.rows("documents"),
        summary.rows("users"),
    )
}

async fn backup(args: &BackupArgs) -> anyhow::Result<ExitCode> {
    let summary = tilbake_store::backup(args.db.db.expose(), &args.file)
        .await
        .with_context(|| format!("cannot back up {}", args.db.db))?;
    println!(
        "backed up {} ({}, schema version {}) to {}: {}",
        args.db.db,
        summary.backend,
        summary.schema_version,
        args.file.display(),
        describe(&summary)
    );
    Ok(ExitCode::SUCCESS)
}

async fn restore(args: &RestoreArgs) -> anyhow::Result<ExitCode> {
    args.db.prepare()?;
    let summary = tilbake_store::restore(args.db.db.expose(), &args.file, args.force)
        .await
        .with_context(|| format!("cannot restore {} into {}", args.file.display(), args.db.db))?;
    // Opening migrates a backup of an older schema to this program's.
    args.db.open().await?;
    println!(
        "restored {} ({}, schema version {}) into {}: {}",
        args.file.display(),
        summary.backend,
        summary.schema_version,
        args.db.db,
        describe(&summary)
    );
    Ok(ExitCode::SUCCESS)
}
