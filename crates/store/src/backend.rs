//! What the two backends have to provide, and the small vocabulary they
//! share: bind values ([`Arg`]), SQL text with numbered placeholders
//! ([`Sql`]) and row types that decode from either database ([`Record`]).
//!
//! The store's logic is written once, over [`Backend`] and [`Tx`]; SQLite and
//! PostgreSQL differ only in how a write transaction starts and runs a
//! script, how one person's row is locked, how audit entry ids are made, how
//! JSON rows are unpacked, and how many documents share a transaction. SQL is
//! written with `$1` placeholders, which both databases accept. This is not a
//! general database abstraction: it knows exactly the value types the store
//! binds.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::future::Future;

use sqlx::encode::Encode;
use sqlx::error::BoxDynError;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Arguments as _, Database, FromRow, Type};

use crate::script::{Script, Scripts};
use crate::statistics::StatisticsCache;
use crate::StoreError;

/// A value bound to a placeholder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arg<'a> {
    Text(Cow<'a, str>),
    /// Text or SQL `NULL`.
    OptText(Option<Cow<'a, str>>),
    Int(i64),
    Bool(bool),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(text: &'a str) -> Arg<'a> {
        Arg::Text(Cow::Borrowed(text))
    }
}

impl From<String> for Arg<'_> {
    fn from(text: String) -> Self {
        Arg::Text(Cow::Owned(text))
    }
}

impl<'a> From<Option<&'a str>> for Arg<'a> {
    fn from(text: Option<&'a str>) -> Arg<'a> {
        Arg::OptText(text.map(Cow::Borrowed))
    }
}

impl From<Option<String>> for Arg<'_> {
    fn from(text: Option<String>) -> Self {
        Arg::OptText(text.map(Cow::Owned))
    }
}

impl From<i64> for Arg<'_> {
    fn from(number: i64) -> Self {
        Arg::Int(number)
    }
}

impl From<bool> for Arg<'_> {
    fn from(flag: bool) -> Self {
        Arg::Bool(flag)
    }
}

/// The arguments of one statement in the backend's own form.
pub fn arguments<'q, DB>(args: &'q [Arg<'_>]) -> Result<DB::Arguments<'q>, sqlx::Error>
where
    DB: Database,
    &'q str: Encode<'q, DB> + Type<DB>,
    Option<&'q str>: Encode<'q, DB> + Type<DB>,
    i64: Encode<'q, DB> + Type<DB>,
    bool: Encode<'q, DB> + Type<DB>,
{
    let mut arguments = DB::Arguments::<'q>::default();
    arguments.reserve(args.len(), 0);
    for arg in args {
        let added: Result<(), BoxDynError> = match arg {
            Arg::Text(text) => arguments.add(text.as_ref()),
            Arg::OptText(text) => arguments.add(text.as_deref()),
            Arg::Int(number) => arguments.add(*number),
            Arg::Bool(flag) => arguments.add(*flag),
        };
        added.map_err(sqlx::Error::Encode)?;
    }
    Ok(arguments)
}

/// SQL text being built with its bound values; [`Sql::bind`] writes the next
/// `$n` placeholder, so text and values cannot drift apart.
#[derive(Clone, Debug, Default)]
pub struct Sql<'a> {
    pub text: String,
    pub args: Vec<Arg<'a>>,
}

impl<'a> Sql<'a> {
    pub fn new(text: &str) -> Sql<'a> {
        Sql {
            text: text.to_owned(),
            args: Vec::new(),
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder for `arg`.
    pub fn bind(&mut self, arg: impl Into<Arg<'a>>) -> &mut Self {
        self.args.push(arg.into());
        let _ = write!(self.text, "${}", self.args.len());
        self
    }
}

/// A row type that decodes from both databases (derive `FromRow` on a struct
/// of `String`, `i64`, `bool` and their `Option`s).
pub trait Record:
    for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin + 'static
{
}

impl<T> Record for T where
    T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin + 'static
{
}

/// An open write transaction. Dropping it without [`Tx::commit`] rolls back.
pub trait Tx: Send {
    fn execute(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> impl Future<Output = Result<u64, sqlx::Error>> + Send;

    fn fetch_all<R: Record>(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> impl Future<Output = Result<Vec<R>, sqlx::Error>> + Send;

    fn fetch_optional<R: Record>(
        &mut self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> impl Future<Output = Result<Option<R>, sqlx::Error>> + Send;

    /// Runs every statement of `script` with the same arguments.
    fn execute_script(
        &mut self,
        script: &Script,
        args: &[Arg<'_>],
    ) -> impl Future<Output = Result<(), sqlx::Error>> + Send;

    /// Runs every statement of `script` with the same arguments, then commits.
    fn commit_script(
        self,
        script: &Script,
        args: &[Arg<'_>],
    ) -> impl Future<Output = Result<(), sqlx::Error>> + Send;

    fn commit(self) -> impl Future<Output = Result<(), sqlx::Error>> + Send;

    /// Rolls back now rather than when dropped, so the next writer does not
    /// find the database still locked.
    fn rollback(self) -> impl Future<Output = Result<(), sqlx::Error>> + Send;
}

/// One database: SQLite or PostgreSQL.
pub trait Backend: Send + Sync + 'static {
    type Tx: Tx;

    /// Appended to a `SELECT` of one person's row to hold it until commit,
    /// so writers of one person take turns (`FOR UPDATE` on PostgreSQL;
    /// nothing on SQLite, where one writer at a time holds the database).
    const LOCK_ROW: &'static str;

    /// How many documents `store_documents` stores in one transaction for a
    /// system client. A refused document writes nothing, so a batch needs no
    /// savepoints; where rows are locked, the batch first makes and locks
    /// all its persons' rows in id order, and removes again the rows it
    /// made for persons whose documents were all refused.
    const DOCUMENTS_PER_TRANSACTION: usize;

    /// Inserts the audit entries of a write script from the JSON rows at
    /// `{rows}` (see `script.rs` for the layout), each with the next entry
    /// id of its person.
    const INSERT_AUDIT_ROWS: &'static str;

    /// Inserts an audit entry with the next entry id for its person; binds
    /// `$1` person, `$2` at, `$3` actor user id, `$4` username, `$5` role,
    /// `$6` action, `$7` purpose, `$8` permitted.
    const INSERT_AUDIT: &'static str;

    /// The statement that refreshes the planner's statistics, if any.
    const REFRESH_STATISTICS: Option<&'static str>;

    /// Taken first in the outbox sequencer's transaction, so one sequencer
    /// numbers events at a time (PostgreSQL's transaction-level advisory
    /// lock; nothing on SQLite, where one writer holds the database).
    const SEQUENCER_LOCK: Option<&'static str>;

    /// The write scripts in this backend's SQL.
    fn scripts(&self) -> &Scripts;

    /// The statistics' kept walk (see `statistics.rs`).
    fn statistics_cache(&self) -> &StatisticsCache;

    /// Starts a write transaction.
    fn begin(&self) -> impl Future<Output = Result<Self::Tx, StoreError>> + Send;

    /// One read outside any transaction.
    fn fetch_all<R: Record>(
        &self,
        sql: &str,
        args: &[Arg<'_>],
    ) -> impl Future<Output = Result<Vec<R>, sqlx::Error>> + Send;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_bound_values() {
        let mut sql = Sql::new("SELECT 1 WHERE a = ");
        sql.bind("x").push(" AND b = ").bind(7_i64);
        assert_eq!(sql.text, "SELECT 1 WHERE a = $1 AND b = $2");
        assert_eq!(sql.args, vec![Arg::from("x"), Arg::Int(7)]);
    }
}
