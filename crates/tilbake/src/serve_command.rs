//! `tilbake serve`: the web application and API on one address, with the
//! daily run scheduled inside.
//!
//! Also the plumbing the other database commands share (`import`, `admin`,
//! `tick`, `recompute`): the `--db` argument with its password masked whenever it is
//! shown, opening (and migrating) the store, and the async runtime.

use std::fmt;
use std::future::Future;
use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use tilbake_store::{MaintenanceStore, Store};
use tilbake_web::{app, AppState, Clock, WebConfig};

use crate::delivery::{DeliveryConfig, Outbox, SmtpConfig};

/// Where the data lives when `--db` and `TILBAKE_DB` say nothing.
pub const DEFAULT_DB: &str = "./tilbake-data/tilbake.db";
/// How often `serve` runs the daily run; it is idempotent within a day.
#[allow(clippy::duration_suboptimal_units)] // Duration::from_hours needs Rust 1.91; the workspace allows 1.85.
const TICK_EVERY: Duration = Duration::from_secs(60 * 60);
/// How long `serve` waits for open requests after SIGTERM/SIGINT.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// The environment variables tilbake and its tests read; others named
/// `TILBAKE_*` get a warning.
const KNOWN_ENV: [&str; 14] = [
    "TILBAKE_DB",
    "TILBAKE_SMTP",
    "TILBAKE_MAIL_FROM",
    "TILBAKE_PUBLIC_URL",
    "TILBAKE_LISTEN",
    "TILBAKE_INSTRUMENTS",
    "TILBAKE_SECURE_COOKIES",
    "TILBAKE_TRUST_FORWARDED_FOR",
    "TILBAKE_LOG",
    "TILBAKE_TEST_PG",
    "TILBAKE_BROWSER_TESTS",
    "TILBAKE_SMTP_TESTS",
    "TILBAKE_CRASH_ROUNDS",
    "TILBAKE_CRASH_SEED",
];

/// A database URL: an SQLite file path, `sqlite://PATH` or `postgres://…`.
/// Shown and debugged with its password masked.
#[derive(Clone, PartialEq, Eq)]
pub struct DbUrl(String);

impl DbUrl {
    pub fn expose(&self) -> &str {
        &self.0
    }

    fn is_postgres(&self) -> bool {
        self.0.starts_with("postgres://") || self.0.starts_with("postgresql://")
    }

    /// The SQLite file, when the URL names one.
    pub fn sqlite_path(&self) -> Option<&Path> {
        if self.is_postgres() {
            return None;
        }
        let path = self
            .0
            .strip_prefix("sqlite://")
            .or_else(|| self.0.strip_prefix("sqlite:"))
            .unwrap_or(&self.0);
        let path = path.split('?').next().unwrap_or(path);
        (!path.is_empty() && path != ":memory:").then(|| Path::new(path))
    }
}

impl fmt::Display for DbUrl {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&mask_password(&self.0))
    }
}

impl fmt::Debug for DbUrl {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "DbUrl({})", mask_password(&self.0))
    }
}

/// `scheme://user:secret@host/db` → `scheme://user:***@host/db`; anything
/// without a password is shown as it is.
pub fn mask_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let Some((credentials, host)) = authority.rsplit_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
        None => url.to_owned(),
    }
}

fn parse_db_url(text: &str) -> Result<DbUrl, String> {
    if text.trim().is_empty() {
        return Err(
            "give a file path, sqlite://PATH or postgres://USER:PASSWORD@HOST/DB".to_owned(),
        );
    }
    Ok(DbUrl(text.to_owned()))
}

/// The `--db` argument of every command that uses the database.
#[derive(Args, Debug, Clone)]
pub struct DbArgs {
    /// The database: an SQLite file path, sqlite://PATH, or postgres://USER:PASSWORD@HOST/DB.
    #[arg(
        long = "db",
        env = "TILBAKE_DB",
        value_name = "URL",
        default_value = DEFAULT_DB,
        hide_env_values = true,
        value_parser = parse_db_url
    )]
    pub db: DbUrl,
}

impl DbArgs {
    /// Opens the store, creating the SQLite file's folder and migrating.
    pub async fn open(&self) -> anyhow::Result<Arc<dyn Store>> {
        self.prepare()?;
        tilbake_store::open(self.db.expose())
            .await
            .with_context(|| format!("cannot open the database {}", self.db))
    }

    /// Opens the store for maintenance (`recompute`), as [`DbArgs::open`] does.
    pub async fn open_maintenance(&self) -> anyhow::Result<Arc<dyn MaintenanceStore>> {
        self.prepare()?;
        tilbake_store::open_maintenance(self.db.expose())
            .await
            .with_context(|| format!("cannot open the database {}", self.db))
    }

    /// Warns about unknown settings and creates the SQLite file's folder.
    pub fn prepare(&self) -> anyhow::Result<()> {
        warn_about_unknown_env();
        if let Some(parent) = self.db.sqlite_path().and_then(Path::parent) {
            if !parent.as_os_str().is_empty() {
                std::fs::create_dir_all(parent).with_context(|| {
                    format!(
                        "cannot create the folder {} for the database",
                        parent.display()
                    )
                })?;
            }
        }
        Ok(())
    }
}

/// Runs one command's async body on a fresh runtime; an error becomes one
/// line on stderr, `tilbake COMMAND: …`, and exit 1.
pub fn run_async<F>(command: &str, body: F) -> ExitCode
where
    F: Future<Output = anyhow::Result<ExitCode>>,
{
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("tilbake {command}: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(body) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("tilbake {command}: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Warns about `TILBAKE_*` variables that nothing reads (a typo hides a setting).
fn warn_about_unknown_env() {
    for (name, _) in std::env::vars_os() {
        let Some(name) = name.to_str() else { continue };
        if name.starts_with("TILBAKE_") && !KNOWN_ENV.contains(&name) {
            eprintln!(
                "warning: the environment variable {name} is not one tilbake reads (known: {}); it is ignored",
                KNOWN_ENV.join(", ")
            );
        }
    }
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The address to listen on, HOST:PORT (port 0 picks a free port; the
    /// line `listening on http://ADDR` says which).
    #[arg(
        long,
        env = "TILBAKE_LISTEN",
        value_name = "ADDR",
        default_value = "127.0.0.1:8080"
    )]
    listen: String,
    /// Mark the session cookie Secure on every answer (always when the
    /// service is reached over HTTPS only). Without it, Secure is set when a
    /// proxy sends `X-Forwarded-Proto: https`.
    #[arg(long, env = "TILBAKE_SECURE_COOKIES")]
    secure_cookies: bool,
    /// Behind a reverse proxy that sets X-Forwarded-For: count failed logins
    /// per client address from its last entry instead of the proxy's address.
    #[arg(long, env = "TILBAKE_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,
    /// A career centre's folder of guidance instrument definitions (*.json,
    /// shared/contracts/guidance.md), read at start besides those tilbake
    /// ships. A broken file is refused and named in the log and on the
    /// instruments page; the service starts anyway.
    #[arg(long, env = "TILBAKE_INSTRUMENTS", value_name = "DIR")]
    instruments: Option<std::path::PathBuf>,
    /// The SMTP server that notification e-mails go through,
    /// `smtp://HOST[:PORT]` (no TLS: a local relay). Without it no e-mail
    /// is sent; the queue keeps them until one is given.
    #[arg(long, env = "TILBAKE_SMTP", value_name = "URL")]
    smtp: Option<String>,
    /// The sender of notification e-mails.
    #[arg(
        long,
        env = "TILBAKE_MAIL_FROM",
        value_name = "ADDRESS",
        default_value = "tilbake <noreply@tilbake.invalid>"
    )]
    mail_from: String,
    /// The address users reach the service at, for the link in e-mails
    /// (`https://tilbake.example.no`); the address listened on when not given.
    #[arg(long, env = "TILBAKE_PUBLIC_URL", value_name = "URL")]
    public_url: Option<String>,
}

pub fn run(args: &ServeArgs) -> ExitCode {
    run_async("serve", serve(args))
}

async fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    init_logging();
    let smtp = args
        .smtp
        .as_deref()
        .map(|url| SmtpConfig::parse(url, &args.mail_from))
        .transpose()
        .map_err(|message| anyhow::anyhow!("--smtp: {message}"))?;
    let delivery = DeliveryConfig {
        smtp,
        public_url: args.public_url.clone(),
    };
    let store = args.db.open().await?;
    let listener = bind(&args.listen).await?;
    let config = WebConfig {
        secure_cookies: args.secure_cookies,
        trust_forwarded_for: args.trust_forwarded_for,
        instruments_dir: args.instruments.clone(),
        ..WebConfig::default()
    };
    tracing::info!(database = %args.db.db, "serving");
    serve_on(store, listener, config, delivery, Clock::System).await
}

/// Binds the address to listen on (`HOST:PORT`; port 0 picks a free port).
pub(crate) async fn bind(listen: &str) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| {
            format!("cannot listen on {listen}; give --listen HOST:PORT with a free port")
        })
}

/// Serves the application on `listener` until SIGTERM/SIGINT, with the
/// daily run scheduled inside: prints `listening on http://ADDR` once it
/// serves. Shared by `serve` and `demo`.
pub(crate) async fn serve_on(
    store: Arc<dyn Store>,
    listener: tokio::net::TcpListener,
    config: WebConfig,
    mut delivery: DeliveryConfig,
    clock: Clock,
) -> anyhow::Result<ExitCode> {
    let address = listener
        .local_addr()
        .context("cannot read the address listened on")?;
    let router = app(AppState::new(Arc::clone(&store), config, clock));
    let daily = tokio::spawn(run_daily(Arc::clone(&store), clock));
    if delivery.public_url.is_none() {
        delivery.public_url = Some(format!("http://{address}"));
    }
    let outbox = tokio::spawn(Outbox::new(Arc::clone(&store), clock, delivery).run());
    println!("listening on http://{address}");

    let (stop_sender, mut stop_receiver) = tokio::sync::watch::channel(false);
    let mut server = tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            // An error means the sender is gone: stop then too.
            let _ = stop_receiver.wait_for(|stop| *stop).await;
        })
        .await
    });
    tokio::select! {
        ended = &mut server => {
            daily.abort();
            outbox.abort();
            ended.context("the server task failed")?.context("the server stopped")?;
            return Ok(ExitCode::FAILURE);
        }
        () = shutdown_signal() => {}
    }
    tracing::info!("stopping: finishing open requests");
    daily.abort();
    // What the outbox had not marked sent is sent again by the next start.
    outbox.abort();
    let _ = stop_sender.send(true);
    if let Ok(ended) = tokio::time::timeout(SHUTDOWN_GRACE, server).await {
        ended
            .context("the server task failed")?
            .context("the server failed while stopping")?;
    } else {
        tracing::warn!("stopped without waiting longer for open connections");
    }
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

/// The daily run at start and every hour after; the store makes a second
/// run on the same day change nothing.
async fn run_daily(store: Arc<dyn Store>, clock: Clock) {
    let mut every_hour = tokio::time::interval(TICK_EVERY);
    loop {
        every_hour.tick().await;
        let today = clock.today();
        match store.tick(today, clock.now()).await {
            Ok(report) => tracing::info!(
                day = %today,
                n_open = report.n_open,
                n_overdue = report.n_overdue,
                n_due_soon = report.n_due_soon,
                n_changed = report.n_changed,
                "daily run"
            ),
            Err(error) => tracing::warn!(%error, "daily run failed; trying again within the hour"),
        }
        match store.queue_digests(today, clock.now()).await {
            Ok(n_digests) => tracing::info!(n_digests, "daily digests queued"),
            Err(error) => {
                tracing::warn!(%error, "daily digests failed; trying again within the hour");
            }
        }
    }
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C).
pub(crate) async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// Logs to stderr; `TILBAKE_LOG` filters (`info` by default, e.g. `debug`,
/// `tilbake_web=debug,sqlx=warn`).
pub(crate) fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("TILBAKE_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_database_urls_are_masked() {
        assert_eq!(
            mask_password("postgres://tilbake:s3cret@db.example:5432/tilbake?sslmode=require"),
            "postgres://tilbake:***@db.example:5432/tilbake?sslmode=require"
        );
        assert_eq!(
            mask_password("postgres://tilbake@db/tilbake"),
            "postgres://tilbake@db/tilbake"
        );
        assert_eq!(
            mask_password("./tilbake-data/tilbake.db"),
            "./tilbake-data/tilbake.db"
        );
        assert_eq!(
            format!("{:?}", DbUrl("postgres://u:p@h/d".to_owned())),
            "DbUrl(postgres://u:***@h/d)"
        );
    }

    #[test]
    fn sqlite_paths_are_found_in_urls_and_plain_paths() {
        assert_eq!(
            DbUrl("sqlite://data/t.db".to_owned()).sqlite_path(),
            Some(Path::new("data/t.db"))
        );
        assert_eq!(
            DbUrl("data/t.db".to_owned()).sqlite_path(),
            Some(Path::new("data/t.db"))
        );
        assert_eq!(DbUrl("postgres://h/d".to_owned()).sqlite_path(), None);
    }
}
