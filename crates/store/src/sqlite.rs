//! The SQLite backend: the embedded default, one database file.
//!
//! Opened with WAL (readers never wait for the writer), `synchronous=NORMAL`
//! (no fsync per commit; a power cut may lose the last commits but never
//! corrupts), foreign keys on and a busy timeout. SQLite has one writer at a
//! time; within the process, writers take turns on an async mutex per
//! database file before `BEGIN IMMEDIATE`, so they queue instead of polling
//! for the lock, and writers in other processes wait through the busy timeout.
//! Transactions are begun and ended with plain statements on the one writing
//! connection (see [`SqliteTx`]).
//!
//! Only what differs from PostgreSQL is here; the behaviour is in
//! `sql_store.rs`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqliteSynchronous};
use sqlx::{ConnectOptions as _, Executor as _, Sqlite};
use tokio::sync::OwnedMutexGuard;

use crate::backend::{arguments, Arg, Backend, Record, Tx};
use crate::script::{Script, Scripts};
use crate::statistics::StatisticsCache;
use crate::{check_schema_version, StoreError};

pub(crate) static MIGRATOR: Migrator = sqlx::migrate!("migrations/sqlite");

/// Rows of a JSON array of arrays, as a table with the column `value`.
const JSON_ROWS: fn(&str) -> String = |param| format!("json_each({param})");

/// `person_id` is the first field of one of the JSON rows `rows`.
const IN_FIRST: fn(&str) -> String = |rows| format!(" IN (SELECT j.value ->> 0 FROM {rows} AS j)");

/// How long a writer waits for another process's write to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Reading connections, used in turn; WAL lets them read while one writes.
const N_READERS: usize = 4;

/// The write turns of each database file open in this process, so two
/// stores on one file still take turns.
static WRITE_TURNS: Mutex<BTreeMap<PathBuf, Weak<tokio::sync::Mutex<()>>>> =
    Mutex::new(BTreeMap::new());

fn write_turn_for(path: &Path) -> Arc<tokio::sync::Mutex<()>> {
    let mut turns = WRITE_TURNS
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    turns.retain(|_, turn| turn.strong_count() > 0);
    if let Some(turn) = turns.get(path).and_then(Weak::upgrade) {
        return turn;
    }
    let turn = Arc::new(tokio::sync::Mutex::new(()));
    turns.insert(path.to_owned(), Arc::downgrade(&turn));
    turn
}

/// The connection that writes, and whether a transaction was left open on it.
struct Writer {
    connection: SqliteConnection,
    /// A transaction was begun and neither committed nor rolled back (its
    /// future was dropped); the next writer rolls it back first.
    open: bool,
}

/// The store on an SQLite file.
///
/// Connections are held directly rather than in an sqlx pool: an embedded
/// database never drops them, and handing a pooled connection out and back
/// costs more than the statements of a small transaction. Writes go through
/// one connection, so its page cache stays warm (SQLite drops a connection's
/// cache whenever another connection wrote).
pub struct SqliteStore {
    readers: Vec<Arc<tokio::sync::Mutex<SqliteConnection>>>,
    next_reader: AtomicUsize,
    writer: Arc<tokio::sync::Mutex<Writer>>,
    write_turn: Arc<tokio::sync::Mutex<()>>,
    scripts: Scripts,
    statistics_cache: StatisticsCache,
}

impl SqliteStore {
    /// Opens (creating the directory and file if missing) and migrates the
    /// database at `path`.
    pub async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(parent) = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(sqlx::Error::Io)?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(BUSY_TIMEOUT)
            .pragma("cache_size", "-16000");
        let mut connection = options.connect().await?;
        let migrations_table = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_one(&mut connection)
        .await?;
        if migrations_table > 0 {
            let found =
                sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(version) FROM _sqlx_migrations")
                    .fetch_one(&mut connection)
                    .await?;
            check_schema_version(found, &MIGRATOR)?;
        }
        MIGRATOR.run_direct(&mut connection).await?;
        let mut readers = Vec::with_capacity(N_READERS);
        for _ in 0..N_READERS {
            readers.push(Arc::new(tokio::sync::Mutex::new(options.connect().await?)));
        }
        let canonical = std::fs::canonicalize(path).map_err(sqlx::Error::Io)?;
        Ok(SqliteStore {
            readers,
            next_reader: AtomicUsize::new(0),
            writer: Arc::new(tokio::sync::Mutex::new(Writer {
                connection,
                open: false,
            })),
            write_turn: write_turn_for(&canonical),
            scripts: Scripts::new(
                JSON_ROWS,
                IN_FIRST,
                <SqliteStore as Backend>::INSERT_AUDIT_ROWS,
            ),
            statistics_cache: StatisticsCache::default(),
        })
    }
}

/// A write transaction, holding the write turn until it ends.
///
/// `BEGIN IMMEDIATE` travels with the first statement and `COMMIT` with a
/// script, so storing a document takes two round trips to SQLite's thread.
pub struct SqliteTx {
    /// `None` once committed or rolled back.
    writer: Option<OwnedMutexGuard<Writer>>,
    turn: Option<OwnedMutexGuard<()>>,
    /// Whether `BEGIN` has been sent.
    begun: bool,
}

impl SqliteTx {
    /// The connection and the text to run on it: `sql`, after `BEGIN
    /// IMMEDIATE` for the first statement (`sql` empty: only that, if due).
    fn prepare<'s>(
        &mut self,
        sql: &'s str,
    ) -> Result<(&mut SqliteConnection, Cow<'s, str>), sqlx::Error> {
        let writer = self.writer.as_mut().ok_or(sqlx::Error::WorkerCrashed)?;
        let text = if self.begun {
            Cow::Borrowed(sql)
        } else {
            // IMMEDIATE takes the write lock now (waiting out other
            // processes), so no later statement finds the database busy.
            self.begun = true;
            writer.open = true;
            Cow::Owned(if sql.is_empty() {
                "BEGIN IMMEDIATE".to_owned()
            } else {
                format!("BEGIN IMMEDIATE;\n{sql}")
            })
        };
        Ok((&mut writer.connection, text))
    }

    async fn finish(mut self, statement: &'static str) -> Result<(), sqlx::Error> {
        let Some(mut writer) = self.writer.take() else {
            return Ok(());
        };
        if self.begun {
            writer.connection.execute(statement).await?;
        }
        writer.open = false;
        Ok(())
    }
}

impl Drop for SqliteTx {
    /// A transaction dropped unfinished (an error, or its future cancelled)
    /// is rolled back at once, before the write turn passes on; without a
    /// runtime to do that in, the next writer rolls it back.
    fn drop(&mut self) {
        let (Some(mut writer), Some(turn)) = (self.writer.take(), self.turn.take()) else {
            return;
        };
        if !self.begun {
            return;
        }
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if writer.connection.execute("ROLLBACK").await.is_ok() {
                    writer.open = false;
                }
                drop(writer);
                drop(turn);
            });
        }
    }
}

impl Tx for SqliteTx {
    async fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<u64, sqlx::Error> {
        // `BEGIN` is sent on its own here: SQLite would count the changes of
        // the previous transaction's last statement for it.
        let (connection, begin) = self.prepare("")?;
        if !begin.is_empty() {
            connection.execute(begin.as_ref()).await?;
        }
        let arguments = arguments::<Sqlite>(args)?;
        let (connection, _) = self.prepare(sql)?;
        Ok(sqlx::query_with(sql, arguments)
            .execute(connection)
            .await?
            .rows_affected())
    }

    async fn fetch_all<R: Record>(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> Result<Vec<R>, sqlx::Error> {
        let arguments = arguments::<Sqlite>(args)?;
        let (connection, text) = self.prepare(sql)?;
        sqlx::query_as_with::<_, R, _>(&text, arguments)
            .fetch_all(connection)
            .await
    }

    async fn fetch_optional<R: Record>(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> Result<Option<R>, sqlx::Error> {
        let arguments = arguments::<Sqlite>(args)?;
        let (connection, text) = self.prepare(sql)?;
        sqlx::query_as_with::<_, R, _>(&text, arguments)
            .fetch_optional(connection)
            .await
    }

    async fn execute_script(
        &mut self,
        script: &Script,
        args: &[Arg<'_>],
    ) -> Result<(), sqlx::Error> {
        let arguments = arguments::<Sqlite>(args)?;
        let (connection, text) = self.prepare(&script.joined)?;
        sqlx::query_with(&text, arguments)
            .execute(connection)
            .await?;
        Ok(())
    }

    async fn commit_script(mut self, script: &Script, args: &[Arg<'_>]) -> Result<(), sqlx::Error> {
        // SQLite runs the statements of one text in order, binding `$n` to
        // the n-th argument in each: one round trip for the whole script.
        let arguments = arguments::<Sqlite>(args)?;
        let (connection, text) = self.prepare(&script.joined_with_commit)?;
        sqlx::query_with(&text, arguments)
            .execute(connection)
            .await?;
        if let Some(mut writer) = self.writer.take() {
            writer.open = false;
        }
        Ok(())
    }

    async fn commit(self) -> Result<(), sqlx::Error> {
        self.finish("COMMIT").await
    }

    async fn rollback(self) -> Result<(), sqlx::Error> {
        self.finish("ROLLBACK").await
    }
}

impl Backend for SqliteStore {
    type Tx = SqliteTx;

    const LOCK_ROW: &'static str = "";

    /// None: SQLite plans without statistics unless `ANALYZE` was run once,
    /// and the store's queries are written for those plans.
    const REFRESH_STATISTICS: Option<&'static str> = None;
    const SEQUENCER_LOCK: Option<&'static str> = None;

    /// A batch shares one commit (and one write of each page it touches).
    const DOCUMENTS_PER_TRANSACTION: usize = 500;

    const INSERT_AUDIT: &'static str = "INSERT INTO audit_log \
         (person_id, entry_id, at, actor_user_id, actor_username, actor_role, action, purpose, permitted) \
         VALUES ($1, (SELECT COALESCE(MAX(entry_id), 0) + 1 FROM audit_log WHERE person_id = $1), \
         $2, $3, $4, $5, $6, $7, $8)";

    const INSERT_AUDIT_ROWS: &'static str = "INSERT INTO audit_log \
         (person_id, entry_id, at, actor_user_id, actor_username, actor_role, action, purpose, permitted) \
         SELECT j.value ->> 0, \
         (SELECT COALESCE(MAX(a.entry_id), 0) FROM audit_log AS a WHERE a.person_id = j.value ->> 0) \
         + CAST(j.value ->> 1 AS BIGINT), \
         $1, $3, $2, $4, j.value ->> 3, j.value ->> 2, CAST(j.value ->> 4 AS BOOLEAN) FROM {rows} AS j";

    fn scripts(&self) -> &Scripts {
        &self.scripts
    }

    fn statistics_cache(&self) -> &StatisticsCache {
        &self.statistics_cache
    }

    async fn begin(&self) -> Result<SqliteTx, StoreError> {
        let turn = Arc::clone(&self.write_turn).lock_owned().await;
        let mut writer = Arc::clone(&self.writer).lock_owned().await;
        if writer.open {
            // Left open by a transaction that could not be rolled back when dropped.
            let _ = writer.connection.execute("ROLLBACK").await;
            writer.open = false;
        }
        Ok(SqliteTx {
            writer: Some(writer),
            turn: Some(turn),
            begun: false,
        })
    }

    async fn fetch_all<R: Record>(
        &self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> Result<Vec<R>, sqlx::Error> {
        let index = self.next_reader.fetch_add(1, Ordering::Relaxed) % self.readers.len();
        let reader = self.readers.get(index).ok_or(sqlx::Error::PoolClosed)?;
        let mut connection = reader.lock().await;
        let arguments = arguments::<Sqlite>(args)?;
        sqlx::query_as_with::<_, R, _>(sql, arguments)
            .fetch_all(&mut *connection)
            .await
    }
}
