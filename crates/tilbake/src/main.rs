//! The `tilbake` command: a thin layer of argument parsing and I/O around the
//! domain and contract crates. Errors get context here (`anyhow`) and nowhere else.

mod admin_command;
mod backup_command;
mod bench_command;
mod delivery;
mod demo_command;
mod demo_supported_employment;
mod followup_command;
mod guidance_command;
mod import_command;
mod recompute_command;
mod serve_command;
mod stats_command;
mod tick_command;
mod timeline_text;

use std::process::ExitCode;

/// mimalloc: the engine and the server allocate many small, short-lived
/// values per person and per request, where glibc's allocator spends much of
/// its time consolidating free lists (measured in docs/BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

/// tilbake: follow-up of sick leave in Norway, from the first sick day to lasting work.
#[derive(Parser, Debug)]
#[command(name = "tilbake", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Compute follow-up cases and statutory milestones from a JSON document (shared/contracts/followup.md).
    Followup(followup_command::FollowupArgs),
    /// Check career-guidance instruments and score answers (shared/contracts/guidance.md).
    Guidance(guidance_command::GuidanceArgs),
    /// Measure the follow-up engine's speed and memory on synthetic people (docs/BENCHMARKS.md).
    Bench(bench_command::BenchArgs),
    /// Run the web application and API (shared/contracts/service.md).
    Serve(serve_command::ServeArgs),
    /// Try tilbake: a temporary database filled with synthetic people, served with one account per role.
    Demo(demo_command::DemoArgs),
    /// Ingest document files (JSON, JSON arrays or JSON Lines) as POST /api/v1/documents would.
    Import(import_command::ImportArgs),
    /// Create accounts and API tokens.
    Admin(admin_command::AdminArgs),
    /// Run the daily update of task urgency for a day (serve does it hourly).
    Tick(tick_command::TickArgs),
    /// Recompute everyone's follow-up, cases, milestones and tasks from their stored documents (after an upgrade changed the rules).
    Recompute(recompute_command::RecomputeArgs),
    /// Back up the whole database to a file while the service runs (SQLite: a database file; PostgreSQL: the store's own format).
    Backup(backup_command::BackupArgs),
    /// Restore a backup into an empty database (--force replaces one that holds data).
    Restore(backup_command::RestoreArgs),
    /// Follow-up statistics of a quarter with small counts protected (shared/contracts/statistics.md).
    Stats(stats_command::StatsArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return refuse_arguments(&error),
    };
    match cli.command {
        Command::Followup(args) => followup_command::run(&args),
        Command::Guidance(args) => guidance_command::run(&args),
        Command::Bench(args) => bench_command::run(&args),
        Command::Serve(args) => serve_command::run(&args),
        Command::Demo(args) => demo_command::run(&args),
        Command::Import(args) => import_command::run(&args),
        Command::Admin(args) => admin_command::run(&args),
        Command::Tick(args) => tick_command::run(&args),
        Command::Recompute(args) => recompute_command::run(&args),
        Command::Stats(args) => stats_command::run(&args),
        Command::Backup(args) => backup_command::run_backup(&args),
        Command::Restore(args) => backup_command::run_restore(&args),
    }
}

/// Arguments clap refuses. `tilbake stats` answers them as its contract
/// says (exit 2, one line on stderr, nothing on stdout); every other
/// command, and help or version asked for, as clap does.
fn refuse_arguments(error: &clap::Error) -> ExitCode {
    let is_stats = std::env::args_os()
        .nth(1)
        .is_some_and(|command| command == "stats");
    if !is_stats || !error.use_stderr() {
        error.exit();
    }
    // The message is its first paragraph (a missing argument is named on
    // the lines after the first), without usage and help hints.
    let rendered = error.render().to_string();
    let message: Vec<&str> = rendered
        .lines()
        .take_while(|line| !line.trim().is_empty())
        .map(str::trim)
        .collect();
    let message = message.join(" ");
    eprintln!(
        "tilbake stats: {}",
        message.strip_prefix("error: ").unwrap_or(&message)
    );
    ExitCode::from(stats_command::EXIT_INVALID)
}
