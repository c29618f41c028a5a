//! Backups of the whole database and restoring them (`tilbake backup`,
//! `tilbake restore`), taken while the service writes.
//!
//! **SQLite**: `VACUUM INTO` a new file: SQLite's own copy, made in one read
//! transaction, so it is one consistent state while the service goes on
//! writing (WAL lets readers and the writer pass). The backup is an SQLite
//! database, checked with `PRAGMA integrity_check` before it gets its name.
//! Restoring checks it again and puts a copy of it in place of the database
//! file (with the old file's `-wal` and `-shm` removed), so the service must
//! be stopped while a restore runs.
//!
//! **PostgreSQL**: the store's own format, read in one `REPEATABLE READ,
//! READ ONLY` transaction (one snapshot, while the service writes): JSON
//! Lines, a header (format, backend, schema version, tables), then per table
//! a line `{"table":…,"rows":N}` followed by its N rows as `row_to_json`
//! writes them, and an end line, so a cut-off file is refused. Chosen over
//! `pg_dump` because it needs no client programs of the server's version,
//! follows the service's URL as it is (`options[search_path]=…` included),
//! and restores in one transaction: the schema at the backup's version by
//! tilbake's own migrations, the rows (parents before the tables that refer
//! to them), the identity sequences, all or nothing.
//!
//! Either way a backup is written to `FILE.partial` and renamed when
//! complete, never over an existing file; a restore refuses a database that
//! holds data unless forced, and a backup of a schema newer than the program.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions as _, Connection as _};

use crate::StoreError;

/// The first bytes of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// The format of the store's own backups (PostgreSQL).
const FORMAT: &str = "tilbake-backup";
const FORMAT_VERSION: i64 = 1;
/// Rows per `FETCH` when writing, and per `INSERT` when restoring.
const ROWS_PER_BATCH: usize = 1_000;

/// What can go wrong in a backup or a restore.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{} exists; a backup never overwrites a file (remove it or give another name)", .0.display())]
    FileExists(PathBuf),
    #[error("there is no database at {}", .0.display())]
    NoDatabase(PathBuf),
    #[error("the database holds no tilbake schema (no table _sqlx_migrations)")]
    NoSchema,
    #[error("the database is not empty ({0}); restore replaces it only when given --force")]
    NotEmpty(String),
    #[error("{} is not a tilbake backup: {reason}", path.display())]
    NotABackup { path: PathBuf, reason: String },
    #[error("{} is a backup of {found}; restore it into {wanted}", path.display())]
    WrongBackend {
        path: PathBuf,
        found: &'static str,
        wanted: &'static str,
    },
    #[error("{} fails SQLite's integrity check: {problems}", path.display())]
    Integrity { path: PathBuf, problems: String },
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for BackupError {
    fn from(error: sqlx::Error) -> Self {
        BackupError::Store(StoreError::Database(error))
    }
}

impl From<sqlx::migrate::MigrateError> for BackupError {
    fn from(error: sqlx::migrate::MigrateError) -> Self {
        BackupError::Store(StoreError::Migration(error))
    }
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> BackupError {
    let context = context.into();
    move |source| BackupError::Io { context, source }
}

/// What a backup holds, or what a restore put back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupSummary {
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    /// The newest migration applied in the backed-up database.
    pub schema_version: i64,
    /// Every table with its number of rows, by name.
    pub tables: BTreeMap<String, u64>,
}

impl BackupSummary {
    pub fn rows(&self, table: &str) -> u64 {
        self.tables.get(table).copied().unwrap_or(0)
    }
}

/// Writes a backup of the database at `url` (as [`crate::open`] reads URLs)
/// to `file`, which must not exist. The database is neither migrated nor
/// changed.
pub async fn backup(url: &str, file: &Path) -> Result<BackupSummary, BackupError> {
    if file.exists() {
        return Err(BackupError::FileExists(file.to_owned()));
    }
    let partial = with_suffix(file, ".partial");
    let _ = std::fs::remove_file(&partial);
    let written = match sqlite_path(url) {
        Some(path) => backup_sqlite(path, &partial).await,
        None => backup_postgres(url, &partial).await,
    };
    let summary = match written {
        Ok(summary) => summary,
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            return Err(error);
        }
    };
    sync_file(&partial)?;
    std::fs::rename(&partial, file)
        .map_err(io(format!("cannot name the backup {}", file.display())))?;
    sync_parent(file);
    Ok(summary)
}

/// Restores the backup `file` into the database at `url`: refused when the
/// database holds data, unless `force`. The database is left at the
/// backup's schema version; opening the store migrates it on.
pub async fn restore(url: &str, file: &Path, force: bool) -> Result<BackupSummary, BackupError> {
    let mut start = [0_u8; 16];
    let n_read = std::fs::File::open(file)
        .and_then(|mut opened| read_up_to(&mut opened, &mut start))
        .map_err(io(format!("cannot read {}", file.display())))?;
    let is_sqlite = n_read == start.len() && &start == SQLITE_MAGIC;
    match (sqlite_path(url), is_sqlite) {
        (Some(path), true) => restore_sqlite(file, path, force).await,
        (None, false) => restore_postgres(file, url, force).await,
        (Some(_), false) => Err(if start.first() == Some(&b'{') {
            BackupError::WrongBackend {
                path: file.to_owned(),
                found: "PostgreSQL",
                wanted: "a postgres:// database",
            }
        } else {
            not_a_backup(
                file,
                "neither an SQLite database nor the store's own format",
            )
        }),
        (None, true) => Err(BackupError::WrongBackend {
            path: file.to_owned(),
            found: "SQLite",
            wanted: "an SQLite file",
        }),
    }
}

fn read_up_to(reader: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut n_read = 0;
    while n_read < buffer.len() {
        match reader.read(&mut buffer[n_read..])? {
            0 => break,
            n => n_read += n,
        }
    }
    Ok(n_read)
}

fn not_a_backup(path: &Path, reason: impl Into<String>) -> BackupError {
    BackupError::NotABackup {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

/// The SQLite file `url` names, or `None` for PostgreSQL.
fn sqlite_path(url: &str) -> Option<&Path> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return None;
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    Some(Path::new(path.split('?').next().unwrap_or(path)))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

fn sync_file(path: &Path) -> Result<(), BackupError> {
    std::fs::File::open(path)
        .and_then(|file| file.sync_all())
        .map_err(io(format!("cannot write {} to disk", path.display())))
}

/// Makes a rename durable; best effort (not every file system opens folders).
fn sync_parent(path: &Path) {
    if let Some(parent) = path.parent() {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if let Ok(folder) = std::fs::File::open(parent) {
            let _ = folder.sync_all();
        }
    }
}

// ---- SQLite ----

async fn sqlite_connect(path: &Path, read_only: bool) -> Result<SqliteConnection, BackupError> {
    Ok(SqliteConnectOptions::new()
        .filename(path)
        .read_only(read_only)
        .busy_timeout(std::time::Duration::from_secs(30))
        .connect()
        .await?)
}

async fn backup_sqlite(path: &Path, partial: &Path) -> Result<BackupSummary, BackupError> {
    if !path.is_file() {
        return Err(BackupError::NoDatabase(path.to_owned()));
    }
    let mut source = sqlite_connect(path, false).await?;
    let target = partial.to_str().ok_or_else(|| BackupError::Io {
        context: format!("{} is not a UTF-8 path", partial.display()),
        source: std::io::ErrorKind::InvalidInput.into(),
    })?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(&mut source)
        .await?;
    source.close().await?;
    sqlite_summary(partial).await
}

/// Checks an SQLite database's integrity and counts its rows.
async fn sqlite_summary(path: &Path) -> Result<BackupSummary, BackupError> {
    let mut connection = sqlite_connect(path, true).await?;
    let problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut connection)
        .await?;
    if problems != ["ok"] {
        return Err(BackupError::Integrity {
            path: path.to_owned(),
            problems: problems.join("; "),
        });
    }
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .fetch_all(&mut connection)
    .await?;
    if !names.iter().any(|name| name == "_sqlx_migrations") {
        return Err(BackupError::NoSchema);
    }
    let schema_version: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(&mut connection)
            .await?;
    let mut tables = BTreeMap::new();
    for name in names {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", quoted(&name)))
            .fetch_one(&mut connection)
            .await?;
        tables.insert(name, rows as u64);
    }
    connection.close().await?;
    Ok(BackupSummary {
        backend: "sqlite",
        schema_version: schema_version.unwrap_or(0),
        tables,
    })
}

/// What of the database at `path` holds data: `None` when it is missing,
/// empty, or has only empty tables (a schema without data).
async fn sqlite_contents(path: &Path) -> Result<Option<String>, BackupError> {
    let length = std::fs::metadata(path).map(|metadata| metadata.len());
    if length.unwrap_or(0) == 0 {
        return Ok(None);
    }
    let Ok(mut connection) = sqlite_connect(path, false).await else {
        return Ok(Some("a file that is not an SQLite database".to_owned()));
    };
    let Ok(names) = sqlx::query_scalar::<_, String>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&mut connection)
    .await
    else {
        return Ok(Some("a file that is not an SQLite database".to_owned()));
    };
    let mut holding = Vec::new();
    for name in names {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", quoted(&name)))
            .fetch_one(&mut connection)
            .await?;
        if rows > 0 {
            holding.push(format!("{name}: {rows}"));
        }
    }
    connection.close().await?;
    Ok((!holding.is_empty()).then(|| holding.join(", ")))
}

async fn restore_sqlite(
    backup: &Path,
    target: &Path,
    force: bool,
) -> Result<BackupSummary, BackupError> {
    let summary = sqlite_summary(backup).await?;
    crate::check_schema_version(Some(summary.schema_version), &crate::sqlite::MIGRATOR)?;
    if let Some(contents) = sqlite_contents(target).await? {
        if !force {
            return Err(BackupError::NotEmpty(contents));
        }
    }
    if let Some(parent) = target
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .map_err(io(format!("cannot create {}", parent.display())))?;
    }
    // A copy beside the target, on disk before it takes the target's name;
    // the old file's log goes first, or SQLite would replay it into the copy.
    let copy = with_suffix(target, ".restoring");
    std::fs::copy(backup, &copy).map_err(io(format!("cannot copy {}", backup.display())))?;
    sync_file(&copy)?;
    for suffix in ["-wal", "-shm"] {
        match std::fs::remove_file(with_suffix(target, suffix)) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                let _ = std::fs::remove_file(&copy);
                return Err(io(format!("cannot remove the old {suffix} file"))(error));
            }
        }
    }
    std::fs::rename(&copy, target).map_err(io(format!("cannot replace {}", target.display())))?;
    sync_parent(target);
    Ok(summary)
}

// ---- PostgreSQL ----

#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    format: String,
    version: i64,
    backend: String,
    schema_version: i64,
    tables: Vec<String>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct TableStart {
    table: String,
    rows: u64,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct End {
    end: String,
}

async fn pg_connect(url: &str) -> Result<PgConnection, BackupError> {
    let options = PgConnectOptions::from_str(url)?;
    Ok(PgConnection::connect_with(&options).await?)
}

/// `"name"`, an identifier quoted for SQL.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The current schema's tables, parents before the tables that refer to them.
async fn pg_tables(connection: &mut PgConnection) -> Result<Vec<String>, BackupError> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT CAST(c.relname AS text) FROM pg_class c \
         WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) \
         AND c.relkind IN ('r', 'p') ORDER BY c.relname",
    )
    .fetch_all(&mut *connection)
    .await?;
    let references: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(child.relname AS text), CAST(parent.relname AS text) FROM pg_constraint k \
         JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid \
         WHERE k.contype = 'f' \
         AND child.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())",
    )
    .fetch_all(&mut *connection)
    .await?;
    // Kahn's order, by name among the tables that are ready.
    let mut parents: BTreeMap<&str, BTreeSet<&str>> = names
        .iter()
        .map(|name| (name.as_str(), BTreeSet::new()))
        .collect();
    for (child, parent) in &references {
        if child != parent && parents.contains_key(parent.as_str()) {
            if let Some(set) = parents.get_mut(child.as_str()) {
                set.insert(parent.as_str());
            }
        }
    }
    let mut ordered = Vec::with_capacity(names.len());
    while !parents.is_empty() {
        let ready: Vec<&str> = parents
            .iter()
            .filter(|(_, waiting)| waiting.is_empty())
            .map(|(name, _)| *name)
            .collect();
        // A cycle of references (tilbake has none) keeps the name order.
        let ready = if ready.is_empty() {
            parents.keys().copied().collect()
        } else {
            ready
        };
        for name in ready {
            parents.remove(name);
            for waiting in parents.values_mut() {
                waiting.remove(name);
            }
            ordered.push(name.to_owned());
        }
    }
    Ok(ordered)
}

async fn backup_postgres(url: &str, partial: &Path) -> Result<BackupSummary, BackupError> {
    let mut connection = pg_connect(url).await?;
    sqlx::raw_sql("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut connection)
        .await?;
    let tables = pg_tables(&mut connection).await?;
    if !tables.iter().any(|table| table == "_sqlx_migrations") {
        return Err(BackupError::NoSchema);
    }
    let schema_version: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(&mut connection)
            .await?;
    let schema_version = schema_version.unwrap_or(0);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(partial)
        .map_err(io(format!("cannot create {}", partial.display())))?;
    let mut out = BufWriter::new(file);
    let write_error = io(format!("cannot write {}", partial.display()));
    let header = Header {
        format: FORMAT.to_owned(),
        version: FORMAT_VERSION,
        backend: "postgres".to_owned(),
        schema_version,
        tables: tables.clone(),
    };
    let mut lines = String::new();
    push_json_line(&mut lines, &header);
    let mut summary = BackupSummary {
        backend: "postgres",
        schema_version,
        tables: BTreeMap::new(),
    };
    for table in &tables {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {}", quoted(table)))
            .fetch_one(&mut connection)
            .await?;
        push_json_line(
            &mut lines,
            &TableStart {
                table: table.clone(),
                rows: rows as u64,
            },
        );
        sqlx::raw_sql(&format!(
            "DECLARE tilbake_backup NO SCROLL CURSOR FOR \
             SELECT CAST(row_to_json(t) AS text) FROM {} AS t",
            quoted(table)
        ))
        .execute(&mut connection)
        .await?;
        let mut n_written = 0_u64;
        loop {
            let batch: Vec<String> = sqlx::query_scalar(&format!(
                "FETCH FORWARD {ROWS_PER_BATCH} FROM tilbake_backup"
            ))
            .fetch_all(&mut connection)
            .await?;
            if batch.is_empty() {
                break;
            }
            for row in batch {
                lines.push_str(&row);
                lines.push('\n');
                n_written += 1;
            }
            if lines.len() > 1 << 20 {
                out.write_all(lines.as_bytes())
                    .map_err(|error| BackupError::Io {
                        context: format!("cannot write {}", partial.display()),
                        source: error,
                    })?;
                lines.clear();
            }
        }
        sqlx::raw_sql("CLOSE tilbake_backup")
            .execute(&mut connection)
            .await?;
        // The snapshot does not move, so the count and the rows agree.
        if n_written != rows as u64 {
            return Err(BackupError::Store(StoreError::Database(
                sqlx::Error::Protocol(format!("{table}: counted {rows} rows, read {n_written}")),
            )));
        }
        summary.tables.insert(table.clone(), n_written);
    }
    push_json_line(
        &mut lines,
        &End {
            end: FORMAT.to_owned(),
        },
    );
    out.write_all(lines.as_bytes())
        .and_then(|()| out.flush())
        .map_err(write_error)?;
    sqlx::raw_sql("COMMIT").execute(&mut connection).await?;
    connection.close().await?;
    Ok(summary)
}

fn push_json_line(lines: &mut String, value: &impl serde::Serialize) {
    // These structs always serialise.
    if let Ok(text) = serde_json::to_string(value) {
        lines.push_str(&text);
    }
    lines.push('\n');
}

/// What tilbake's migrations create: `(tables, functions)`.
fn created_by_migrations(migrator: &Migrator) -> (BTreeSet<String>, BTreeSet<String>) {
    fn names_after(sql: &str, keyword: &str) -> Vec<String> {
        let upper = sql.to_ascii_uppercase();
        let mut names = Vec::new();
        let mut from = 0;
        while let Some(found) = upper[from..].find(keyword) {
            let start = from + found + keyword.len();
            let rest = sql[start..].trim_start();
            let rest = rest
                .strip_prefix("IF NOT EXISTS ")
                .or_else(|| rest.strip_prefix("if not exists "))
                .unwrap_or(rest)
                .trim_start();
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                names.push(name.to_ascii_lowercase());
            }
            from = start;
        }
        names
    }
    let mut tables = BTreeSet::new();
    let mut functions = BTreeSet::new();
    for migration in migrator.iter() {
        tables.extend(names_after(&migration.sql, "CREATE TABLE "));
        functions.extend(names_after(&migration.sql, "CREATE FUNCTION "));
        functions.extend(names_after(&migration.sql, "CREATE OR REPLACE FUNCTION "));
    }
    tables.insert("_sqlx_migrations".to_owned());
    (tables, functions)
}

/// Reads the next line; `None` at the end of the file.
fn next_line(
    reader: &mut impl BufRead,
    line: &mut String,
    file: &Path,
) -> Result<bool, BackupError> {
    line.clear();
    let n_read = reader
        .read_line(line)
        .map_err(io(format!("cannot read {}", file.display())))?;
    if line.ends_with('\n') {
        line.pop();
    }
    Ok(n_read > 0)
}

fn parse_line<T: serde::de::DeserializeOwned>(
    line: &str,
    file: &Path,
    what: &str,
) -> Result<T, BackupError> {
    serde_json::from_str(line)
        .map_err(|_| not_a_backup(file, format!("expected {what}, found {}", preview(line))))
}

fn preview(line: &str) -> String {
    let short: String = line.chars().take(60).collect();
    if short.len() < line.len() {
        format!("'{short}…'")
    } else {
        format!("'{short}'")
    }
}

async fn restore_postgres(
    file: &Path,
    url: &str,
    force: bool,
) -> Result<BackupSummary, BackupError> {
    let opened =
        std::fs::File::open(file).map_err(io(format!("cannot read {}", file.display())))?;
    let mut reader = BufReader::new(opened);
    let mut line = String::new();
    if !next_line(&mut reader, &mut line, file)? {
        return Err(not_a_backup(file, "it is empty"));
    }
    let header: Header = parse_line(&line, file, "the header line")?;
    if header.format != FORMAT || header.backend != "postgres" {
        return Err(not_a_backup(file, "the header names another format"));
    }
    if header.version != FORMAT_VERSION {
        return Err(not_a_backup(
            file,
            format!(
                "format version {} (this program reads {FORMAT_VERSION})",
                header.version
            ),
        ));
    }
    let migrator = &crate::postgres::MIGRATOR;
    crate::check_schema_version(Some(header.schema_version), migrator)?;

    let mut connection = pg_connect(url).await?;
    let mut tx = connection.begin().await?;
    // The outbox's triggers add no events for restored rows: the outbox
    // itself is restored as it was (migration 0012).
    sqlx::raw_sql("SELECT set_config('tilbake.restoring', 'on', true)")
        .execute(&mut *tx)
        .await?;
    // Is there data in the way?
    let existing = pg_tables(&mut tx).await?;
    let mut holding = Vec::new();
    for table in existing.iter().filter(|table| *table != "_sqlx_migrations") {
        let any: bool =
            sqlx::query_scalar(&format!("SELECT EXISTS (SELECT 1 FROM {})", quoted(table)))
                .fetch_one(&mut *tx)
                .await?;
        if any {
            holding.push(table.clone());
        }
    }
    if !holding.is_empty() && !force {
        return Err(BackupError::NotEmpty(format!(
            "rows in {}",
            holding.join(", ")
        )));
    }
    // Out with tilbake's tables and functions (only those), in with the
    // schema at the backup's version.
    let (mut tables, functions) = created_by_migrations(migrator);
    tables.extend(header.tables.iter().cloned());
    for table in existing.iter().filter(|table| tables.contains(*table)) {
        sqlx::raw_sql(&format!("DROP TABLE IF EXISTS {} CASCADE", quoted(table)))
            .execute(&mut *tx)
            .await?;
    }
    for function in &functions {
        sqlx::raw_sql(&format!(
            "DROP FUNCTION IF EXISTS {} CASCADE",
            quoted(function)
        ))
        .execute(&mut *tx)
        .await?;
    }
    let at_backup = Migrator {
        migrations: Cow::Owned(
            migrator
                .iter()
                .filter(|migration| migration.version <= header.schema_version)
                .cloned()
                .collect(),
        ),
        ..Migrator::DEFAULT
    };
    at_backup.run_direct(&mut *tx).await?;
    let applied: BTreeSet<i64> = at_backup
        .iter()
        .map(|migration| migration.version)
        .collect();

    let mut summary = BackupSummary {
        backend: "postgres",
        schema_version: header.schema_version,
        tables: BTreeMap::new(),
    };
    for expected in &header.tables {
        if !next_line(&mut reader, &mut line, file)? {
            return Err(not_a_backup(
                file,
                format!("it ends before the table {expected}"),
            ));
        }
        let start: TableStart = parse_line(&line, file, "the start of a table")?;
        if &start.table != expected {
            return Err(not_a_backup(
                file,
                format!("the table {} where the header has {expected}", start.table),
            ));
        }
        let is_migrations = start.table == "_sqlx_migrations";
        let columns: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(a.attname AS text) FROM pg_attribute a \
             WHERE a.attrelid = CAST($1 AS regclass) AND a.attnum > 0 \
             AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY a.attnum",
        )
        .bind(quoted(&start.table))
        .fetch_all(&mut *tx)
        .await
        .map_err(|_| {
            not_a_backup(
                file,
                format!(
                    "it has the table {}, which schema version {} does not",
                    start.table, header.schema_version
                ),
            )
        })?;
        let column_list = columns
            .iter()
            .map(|column| quoted(column))
            .collect::<Vec<_>>()
            .join(", ");
        let insert = format!(
            "INSERT INTO {table} ({column_list}) OVERRIDING SYSTEM VALUE \
             SELECT {column_list} FROM json_populate_recordset(CAST(NULL AS {table}), CAST($1 AS json))",
            table = quoted(&start.table)
        );
        let mut batch = String::from("[");
        let mut n_batch = 0;
        let mut versions = BTreeSet::new();
        for index in 0..start.rows {
            if !next_line(&mut reader, &mut line, file)? {
                return Err(not_a_backup(
                    file,
                    format!(
                        "it ends after {index} of the {} rows of {}",
                        start.rows, start.table
                    ),
                ));
            }
            if is_migrations {
                // The migrations just run wrote these; the backup's must be the same versions.
                let row: serde_json::Value = parse_line(&line, file, "a row")?;
                versions.insert(row.get("version").and_then(serde_json::Value::as_i64));
                continue;
            }
            if n_batch > 0 {
                batch.push(',');
            }
            batch.push_str(&line);
            n_batch += 1;
            if n_batch == ROWS_PER_BATCH {
                batch.push(']');
                sqlx::query(&insert).bind(&batch).execute(&mut *tx).await?;
                batch = String::from("[");
                n_batch = 0;
            }
        }
        if n_batch > 0 {
            batch.push(']');
            sqlx::query(&insert).bind(&batch).execute(&mut *tx).await?;
        }
        if is_migrations && versions != applied.iter().map(|version| Some(*version)).collect() {
            return Err(not_a_backup(
                file,
                "its migrations are not those of this program up to its schema version",
            ));
        }
        // Identity columns go on after the greatest value restored.
        let identities: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(a.attname AS text) FROM pg_attribute a \
             WHERE a.attrelid = CAST($1 AS regclass) AND a.attnum > 0 AND a.attidentity <> ''",
        )
        .bind(quoted(&start.table))
        .fetch_all(&mut *tx)
        .await?;
        for column in identities {
            sqlx::query(&format!(
                "SELECT setval(pg_get_serial_sequence($1, $2), \
                 COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)",
                column = quoted(&column),
                table = quoted(&start.table)
            ))
            .bind(quoted(&start.table))
            .bind(&column)
            .execute(&mut *tx)
            .await?;
        }
        summary.tables.insert(start.table, start.rows);
    }
    if !next_line(&mut reader, &mut line, file)? {
        return Err(not_a_backup(file, "it has no end line (cut off?)"));
    }
    let end: End = parse_line(&line, file, "the end line")?;
    if end.end != FORMAT {
        return Err(not_a_backup(file, "the end line names another format"));
    }
    if next_line(&mut reader, &mut line, file)? {
        return Err(not_a_backup(file, "there is more after the end line"));
    }
    tx.commit().await?;
    connection.close().await?;
    Ok(summary)
}
