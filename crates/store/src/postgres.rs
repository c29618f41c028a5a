//! The PostgreSQL backend, for a service with many writers.
//!
//! Writers of one person take turns by locking the person's row
//! (`SELECT … FOR UPDATE`) inside their transaction, so writers of different
//! persons run in parallel; a batch of a system client's documents locks its
//! persons' rows in id order. Audit entries take their ids from an identity
//! column. Transactions run at READ COMMITTED: after the lock is granted each
//! statement sees what the previous writer committed.
//!
//! Only what differs from SQLite is here; the behaviour is in `sql_store.rs`.

use std::str::FromStr;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{Postgres, Transaction};

use crate::backend::{arguments, Arg, Backend, Record, Tx};
use crate::script::{Script, Scripts};
use crate::statistics::StatisticsCache;
use crate::{check_schema_version, StoreError};

pub(crate) static MIGRATOR: Migrator = sqlx::migrate!("migrations/postgres");

const MAX_CONNECTIONS: u32 = 10;

/// Rows of a JSON array of arrays, as a table with the column `value`.
const JSON_ROWS: fn(&str) -> String = |param| format!("json_array_elements(CAST({param} AS json))");

/// `person_id` is the first field of one of the JSON rows `rows`. As
/// `= ANY (ARRAY(…))`, not `IN (SELECT …)`: the planner takes a set-returning
/// function for 100 rows and would hash-join it against a sequential scan of
/// the whole table, while an array is looked up in the primary key.
const IN_FIRST: fn(&str) -> String =
    |rows| format!(" = ANY (ARRAY(SELECT j.value ->> 0 FROM {rows} AS j))");

/// The store on a PostgreSQL database.
pub struct PgStore {
    pool: PgPool,
    scripts: Scripts,
    statistics_cache: StatisticsCache,
}

impl PgStore {
    /// Connects to `url` (`postgres://…`; `?options[search_path]=…` selects a
    /// schema) and migrates the database.
    pub async fn connect(url: &str) -> Result<PgStore, StoreError> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect_with(options)
            .await?;
        let migrations_table =
            sqlx::query_scalar::<_, bool>("SELECT to_regclass('_sqlx_migrations') IS NOT NULL")
                .fetch_one(&pool)
                .await?;
        if migrations_table {
            let found =
                sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(version) FROM _sqlx_migrations")
                    .fetch_one(&pool)
                    .await?;
            check_schema_version(found, &MIGRATOR)?;
        }
        MIGRATOR.run(&pool).await?;
        Ok(PgStore {
            pool,
            scripts: Scripts::new(JSON_ROWS, IN_FIRST, <PgStore as Backend>::INSERT_AUDIT_ROWS),
            statistics_cache: StatisticsCache::default(),
        })
    }
}

/// A write transaction.
pub struct PgTx {
    tx: Transaction<'static, Postgres>,
}

impl Tx for PgTx {
    async fn execute(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<u64, sqlx::Error> {
        let arguments = arguments::<Postgres>(args)?;
        Ok(sqlx::query_with(sql, arguments)
            .execute(&mut *self.tx)
            .await?
            .rows_affected())
    }

    async fn fetch_all<R: Record>(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> Result<Vec<R>, sqlx::Error> {
        let arguments = arguments::<Postgres>(args)?;
        sqlx::query_as_with::<_, R, _>(sql, arguments)
            .fetch_all(&mut *self.tx)
            .await
    }

    async fn fetch_optional<R: Record>(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> Result<Option<R>, sqlx::Error> {
        let arguments = arguments::<Postgres>(args)?;
        sqlx::query_as_with::<_, R, _>(sql, arguments)
            .fetch_optional(&mut *self.tx)
            .await
    }

    async fn execute_script(
        &mut self,
        script: &Script,
        args: &[Arg<'_>],
    ) -> Result<(), sqlx::Error> {
        // The whole script as one statement (data-modifying `WITH`
        // queries): one round trip instead of one per statement.
        let arguments = arguments::<Postgres>(args)?;
        sqlx::query_with(&script.as_one, arguments)
            .execute(&mut *self.tx)
            .await?;
        Ok(())
    }

    async fn commit_script(mut self, script: &Script, args: &[Arg<'_>]) -> Result<(), sqlx::Error> {
        self.execute_script(script, args).await?;
        self.tx.commit().await
    }

    async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await
    }

    async fn rollback(self) -> Result<(), sqlx::Error> {
        self.tx.rollback().await
    }
}

impl Backend for PgStore {
    type Tx = PgTx;

    const LOCK_ROW: &'static str = " FOR UPDATE";

    // A key of the outbox's own; tilbake takes no other advisory lock.
    const SEQUENCER_LOCK: Option<&'static str> =
        Some("SELECT pg_advisory_xact_lock(111117098111120)");
    const REFRESH_STATISTICS: Option<&'static str> = Some(
        "ANALYZE persons, documents, task_decisions, followup_cases, case_employers, milestones, tasks, audit_log",
    );

    /// A batch locks its persons' rows in id order (so two batches cannot
    /// deadlock) and holds them until it commits; a few hundred documents
    /// hold them for some tens of milliseconds.
    const DOCUMENTS_PER_TRANSACTION: usize = 250;

    const INSERT_AUDIT: &'static str = "INSERT INTO audit_log \
         (person_id, at, actor_user_id, actor_username, actor_role, action, purpose, permitted) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

    const INSERT_AUDIT_ROWS: &'static str = "INSERT INTO audit_log \
         (person_id, at, actor_user_id, actor_username, actor_role, action, purpose, permitted) \
         SELECT j.value ->> 0, $1, $3, $2, $4, j.value ->> 3, j.value ->> 2, CAST(j.value ->> 4 AS BOOLEAN) \
         FROM {rows} AS j";

    fn scripts(&self) -> &Scripts {
        &self.scripts
    }

    fn statistics_cache(&self) -> &StatisticsCache {
        &self.statistics_cache
    }

    async fn begin(&self) -> Result<PgTx, StoreError> {
        Ok(PgTx {
            tx: self.pool.begin().await?,
        })
    }

    async fn fetch_all<R: Record>(
        &self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> Result<Vec<R>, sqlx::Error> {
        let arguments = arguments::<Postgres>(args)?;
        sqlx::query_as_with::<_, R, _>(sql, arguments)
            .fetch_all(&self.pool)
            .await
    }
}
