//! Maintenance of the whole store: recomputing every person's derived rows
//! after the rules changed (`tilbake recompute`).
//!
//! Derived rows (a person's follow-up cases, case employers, milestones,
//! tasks and unit) are refreshed whenever that person's documents or
//! decisions change. A new program with other rules must refresh everyone's:
//! [`MaintenanceStore`] walks the persons in person-id order, a batch per
//! transaction, loading and deriving each exactly as storing a document does
//! and writing with the same write script, so rows that come out the same
//! are left alone. The run's position and counts move on in the batch's
//! transaction (table `recompute_runs`), so a run stopped anywhere goes on
//! after its last committed batch.
//!
//! It is not an access path to anyone's data: it is for the operator's
//! commands only, reads nothing out about anyone, and a recompute writes no
//! audit entries (it neither discloses nor changes what anyone sent or
//! decided; like the daily tick it only refreshes what is derived). Which
//! persons could not be recomputed is kept in `recompute_failures`, for the
//! operator. The operator's statistics (`tilbake stats`,
//! [`MaintenanceStore::quarter_cases`]) count everyone and name no one; the
//! read is audited as a caseworker's is.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::NaiveDate;
use tilbake_domain::access::{AuditAction, Principal, Role};
use tilbake_domain::identity::Fnr;
use tilbake_domain::statistics::Quarter;

use crate::backend::{Arg, Backend, Tx};
use crate::recompute::{derive, invalid};
use crate::rows::{count, parse_fnr, NumberRow, PersonIdRow};
use crate::script::ChangeSet;
use crate::sql_store::{audit, load_persons, PersonInputs, NO_PERSON};
use crate::statistics::walk_quarter_cases;
use crate::{Actor, Millis, PgStore, QuarterCases, SqliteStore, StoreError};

/// A recompute run as opened by [`MaintenanceStore::start_recompute`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecomputeRun {
    pub run_id: i64,
    /// An unfinished run of this program version was found and goes on.
    pub resumed: bool,
    /// The unfinished run given up to start this one: a restart was asked
    /// for, or it was started by another program version (other rules).
    pub abandoned_run: Option<i64>,
    pub started_at: Millis,
    /// What the run had done when opened (nothing for a new run).
    pub progress: RecomputeProgress,
    /// The persons after the run's position when it was opened.
    pub n_remaining: u64,
}

/// What a run has done so far.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecomputeProgress {
    /// Persons taken, recomputed or failed.
    pub n_persons: u64,
    /// The documents of those persons.
    pub n_documents: u64,
    /// Persons whose stored documents and decisions no longer derive.
    pub n_failed: u64,
    pub n_batches: u64,
}

/// What one batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RecomputeBatch {
    pub n_persons: u64,
    pub n_documents: u64,
    pub n_failed: u64,
    /// The batch found fewer persons than it could take: none are left
    /// after it, and the run can be finished.
    pub done: bool,
}

/// A person whose derived rows a run could not recompute (and left as they
/// were), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecomputeFailure {
    pub person: Fnr,
    /// The document field the rules refused, as in an `Invalid` answer.
    pub field: String,
    pub message: String,
}

/// Operations on the whole store, for the operator's commands.
#[async_trait]
pub trait MaintenanceStore: Send + Sync + 'static {
    /// Opens the run that recomputes everyone: the unfinished run of
    /// `program_version` if there is one and no `restart` is asked for,
    /// else a new run from the first person (an unfinished run is then
    /// abandoned). At most one run is unfinished at a time.
    async fn start_recompute(
        &self,
        program_version: &str,
        restart: bool,
        now: Millis,
    ) -> Result<RecomputeRun, StoreError>;

    /// Recomputes the next persons of the run, at most `max_persons`, in
    /// person-id order, in one transaction with the run's new position. A
    /// person whose documents and decisions no longer derive is counted and
    /// recorded, and their rows are left as they were. `Conflict` when the
    /// run is not unfinished; `NotFound` when there is no such run.
    async fn recompute_batch(
        &self,
        run_id: i64,
        max_persons: u32,
        today: NaiveDate,
        now: Millis,
    ) -> Result<RecomputeBatch, StoreError>;

    /// Marks the run finished once no person is left after its position
    /// (else `Conflict`) and answers what it did. Finishing a finished run
    /// answers the same again.
    async fn finish_recompute(
        &self,
        run_id: i64,
        now: Millis,
    ) -> Result<RecomputeProgress, StoreError>;

    /// The persons the run could not recompute, by person id.
    async fn recompute_failures(&self, run_id: i64) -> Result<Vec<RecomputeFailure>, StoreError>;

    /// What the statistics count of every follow-up case that starts in
    /// `quarter`, for the operator, as [`crate::StatisticsStore::quarter_cases`]
    /// answers a caseworker; audited as the operator `stats`.
    async fn quarter_cases(
        &self,
        quarter: Quarter,
        now: Millis,
    ) -> Result<QuarterCases, StoreError>;
}

/// Opens the store at `url` (as [`crate::open`]) for maintenance.
pub async fn open_maintenance(url: &str) -> Result<Arc<dyn MaintenanceStore>, StoreError> {
    Ok(match crate::open_backend(url).await? {
        crate::Opened::Sqlite(store) => Arc::<SqliteStore>::new(store),
        crate::Opened::Postgres(store) => Arc::<PgStore>::new(store),
    })
}

const RUN_COLUMNS: &str = "run_id, program_version, state, started_at, last_person_id, \
     n_persons, n_documents, n_failed, n_batches";

#[derive(sqlx::FromRow)]
struct RunRow {
    run_id: i64,
    program_version: String,
    state: String,
    started_at: i64,
    last_person_id: String,
    n_persons: i64,
    n_documents: i64,
    n_failed: i64,
    n_batches: i64,
}

impl RunRow {
    fn progress(&self) -> RecomputeProgress {
        RecomputeProgress {
            n_persons: count(self.n_persons),
            n_documents: count(self.n_documents),
            n_failed: count(self.n_failed),
            n_batches: count(self.n_batches),
        }
    }
}

#[derive(sqlx::FromRow)]
struct FailureRow {
    person_id: String,
    field: String,
    message: String,
}

/// The run, its row locked until commit where rows are locked, so that two
/// processes working on one run take turns batch by batch.
async fn locked_run<B: Backend>(tx: &mut B::Tx, run_id: i64) -> Result<RunRow, StoreError> {
    let sql = format!(
        "SELECT {RUN_COLUMNS} FROM recompute_runs WHERE run_id = $1{}",
        B::LOCK_ROW
    );
    tx.fetch_optional::<RunRow>(&sql, &[Arg::Int(run_id)])
        .await?
        .ok_or(StoreError::NotFound)
}

fn not_running(run: &RunRow) -> StoreError {
    StoreError::Conflict(format!(
        "recompute run {} is {}, not running",
        run.run_id, run.state
    ))
}

/// The persons after `person_id`.
async fn n_persons_after<T: Tx>(tx: &mut T, person_id: &str) -> Result<u64, StoreError> {
    let row = tx
        .fetch_optional::<NumberRow>(
            "SELECT COUNT(*) AS number FROM persons WHERE person_id > $1",
            &[Arg::from(person_id)],
        )
        .await?;
    Ok(row.map_or(0, |row| count(row.number)))
}

/// The writer of the derived rows: the write script names an actor for the
/// documents, decisions and audit entries it writes, and a recompute writes
/// none of those.
fn recompute_actor() -> Actor {
    operator("recompute")
}

/// The operator of a maintenance command, as a system principal.
fn operator(name: &str) -> Actor {
    Actor::new(Principal {
        user_id: 0,
        username: name.to_owned(),
        role: Role::System,
        unit: None,
        employer: None,
        person: None,
        gp_id: None,
        protected_address_access: true,
    })
}

/// A stored document that no longer parses is read as corrupt data.
fn is_unreadable(error: &StoreError) -> bool {
    matches!(error, StoreError::Database(sqlx::Error::Decode(_)))
}

/// The inputs of each of `persons` (a person with nothing stored has
/// empty inputs). When a stored document does not parse (the contract
/// refuses now what it once took), the persons are loaded one by one, so
/// that only those whose documents do not parse fail.
async fn load_each<B: Backend>(
    backend: &B,
    tx: &mut B::Tx,
    persons: &[String],
) -> Result<BTreeMap<String, Result<PersonInputs, StoreError>>, StoreError> {
    match load_persons(backend, tx, persons.iter().map(String::as_str)).await {
        Ok(mut loaded) => Ok(persons
            .iter()
            .map(|person| {
                (
                    person.clone(),
                    Ok(loaded.remove(person).unwrap_or_default()),
                )
            })
            .collect()),
        Err(error) if is_unreadable(&error) => {
            let mut each = BTreeMap::new();
            for person in persons {
                let inputs = match load_persons(backend, tx, [person.as_str()]).await {
                    Ok(mut loaded) => Ok(loaded.remove(person).unwrap_or_default()),
                    Err(error) if is_unreadable(&error) => Err(error),
                    Err(error) => return Err(error),
                };
                each.insert(person.clone(), inputs);
            }
            Ok(each)
        }
        Err(error) => Err(error),
    }
}

/// The field and message of a failure.
fn failure_parts(error: &StoreError) -> (String, String) {
    match error {
        StoreError::Invalid { field, message } => (field.clone(), message.clone()),
        other => ("documents".to_owned(), other.to_string()),
    }
}

#[async_trait]
impl<B: Backend> MaintenanceStore for B {
    async fn start_recompute(
        &self,
        program_version: &str,
        restart: bool,
        now: Millis,
    ) -> Result<RecomputeRun, StoreError> {
        let mut tx = self.begin().await?;
        let sql = format!(
            "SELECT {RUN_COLUMNS} FROM recompute_runs WHERE state = 'running'{}",
            B::LOCK_ROW
        );
        let running = tx.fetch_optional::<RunRow>(&sql, &[]).await?;
        let mut abandoned_run = None;
        if let Some(run) = running {
            if !restart && run.program_version == program_version {
                let n_remaining = n_persons_after(&mut tx, &run.last_person_id).await?;
                tx.commit().await?;
                return Ok(RecomputeRun {
                    run_id: run.run_id,
                    resumed: true,
                    abandoned_run: None,
                    started_at: run.started_at,
                    progress: run.progress(),
                    n_remaining,
                });
            }
            tx.execute(
                "UPDATE recompute_runs SET state = 'abandoned', finished_at = $2, updated_at = $2 \
                 WHERE run_id = $1",
                &[Arg::Int(run.run_id), Arg::Int(now)],
            )
            .await?;
            abandoned_run = Some(run.run_id);
        }
        let row = tx
            .fetch_optional::<NumberRow>(
                "INSERT INTO recompute_runs (program_version, state, started_at, updated_at) \
                 VALUES ($1, 'running', $2, $2) RETURNING run_id AS number",
                &[Arg::from(program_version), Arg::Int(now)],
            )
            .await?
            .ok_or(StoreError::NotFound)?;
        let n_remaining = n_persons_after(&mut tx, "").await?;
        tx.commit().await?;
        Ok(RecomputeRun {
            run_id: row.number,
            resumed: false,
            abandoned_run,
            started_at: now,
            progress: RecomputeProgress::default(),
            n_remaining,
        })
    }

    async fn recompute_batch(
        &self,
        run_id: i64,
        max_persons: u32,
        today: NaiveDate,
        now: Millis,
    ) -> Result<RecomputeBatch, StoreError> {
        let mut tx = self.begin().await?;
        let run = locked_run::<B>(&mut tx, run_id).await?;
        if run.state != "running" {
            tx.rollback().await?;
            return Err(not_running(&run));
        }
        // Locked in id order, as the batched writer of documents locks its
        // persons, so the two never wait for each other in a circle.
        let sql = format!(
            "SELECT person_id FROM persons WHERE person_id > $1 ORDER BY person_id LIMIT $2{}",
            B::LOCK_ROW
        );
        let persons: Vec<String> = tx
            .fetch_all::<PersonIdRow>(
                &sql,
                &[
                    Arg::from(run.last_person_id.as_str()),
                    Arg::Int(i64::from(max_persons.max(1))),
                ],
            )
            .await?
            .into_iter()
            .map(|row| row.person_id)
            .collect();
        let Some(last_person) = persons.last().cloned() else {
            tx.rollback().await?;
            return Ok(RecomputeBatch {
                done: true,
                ..RecomputeBatch::default()
            });
        };
        let mut batch = RecomputeBatch {
            n_persons: persons.len() as u64,
            done: persons.len() < max_persons.max(1) as usize,
            ..RecomputeBatch::default()
        };
        let mut changes = ChangeSet::default();
        let mut failures: Vec<(String, StoreError)> = Vec::new();
        let early_units = crate::sql_store::early_units(&mut tx).await?;
        for (person_id, inputs) in load_each(self, &mut tx, &persons).await? {
            let derived = inputs.and_then(|inputs| {
                batch.n_documents += inputs.documents.len() as u64;
                let person = parse_fnr(&person_id)?;
                derive(
                    &person,
                    &inputs.documents,
                    &inputs.seqs,
                    &inputs.decisions,
                    today,
                    &early_units,
                )
                .map_err(|error| invalid(&error))
            });
            match derived {
                Ok(derived) => changes.derived(&person_id, &derived, today),
                Err(error) => failures.push((person_id, error)),
            }
        }
        batch.n_failed = failures.len() as u64;
        for (person_id, error) in &failures {
            let (field, message) = failure_parts(error);
            tx.execute(
                "INSERT INTO recompute_failures (person_id, run_id, field, message) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (person_id, run_id) \
                 DO UPDATE SET field = excluded.field, message = excluded.message",
                &[
                    Arg::from(person_id.as_str()),
                    Arg::Int(run_id),
                    Arg::from(field),
                    Arg::from(message),
                ],
            )
            .await?;
        }
        let as_int = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        tx.execute(
            "UPDATE recompute_runs SET last_person_id = $2, n_persons = n_persons + $3, \
             n_documents = n_documents + $4, n_failed = n_failed + $5, n_batches = n_batches + 1, \
             updated_at = $6 WHERE run_id = $1",
            &[
                Arg::Int(run_id),
                Arg::from(last_person),
                Arg::Int(as_int(batch.n_persons)),
                Arg::Int(as_int(batch.n_documents)),
                Arg::Int(as_int(batch.n_failed)),
                Arg::Int(now),
            ],
        )
        .await?;
        if changes.is_empty() {
            tx.commit().await?;
        } else {
            tx.commit_script(
                &self.scripts().write,
                &changes.args(&recompute_actor(), now),
            )
            .await?;
        }
        Ok(batch)
    }

    async fn finish_recompute(
        &self,
        run_id: i64,
        now: Millis,
    ) -> Result<RecomputeProgress, StoreError> {
        let mut tx = self.begin().await?;
        let run = locked_run::<B>(&mut tx, run_id).await?;
        match run.state.as_str() {
            "running" => {}
            "finished" => {
                tx.rollback().await?;
                return Ok(run.progress());
            }
            _ => {
                tx.rollback().await?;
                return Err(not_running(&run));
            }
        }
        let left = tx
            .fetch_optional::<PersonIdRow>(
                "SELECT person_id FROM persons WHERE person_id > $1 ORDER BY person_id LIMIT 1",
                &[Arg::from(run.last_person_id.as_str())],
            )
            .await?;
        if left.is_some() {
            tx.rollback().await?;
            return Err(StoreError::Conflict(format!(
                "recompute run {run_id} has persons left to recompute"
            )));
        }
        tx.execute(
            "UPDATE recompute_runs SET state = 'finished', finished_at = $2, updated_at = $2 \
             WHERE run_id = $1",
            &[Arg::Int(run_id), Arg::Int(now)],
        )
        .await?;
        tx.commit().await?;
        Ok(run.progress())
    }

    async fn quarter_cases(
        &self,
        quarter: Quarter,
        now: Millis,
    ) -> Result<QuarterCases, StoreError> {
        let answer = walk_quarter_cases(self, quarter).await?;
        let mut tx = self.begin().await?;
        audit::<B>(
            &mut tx,
            NO_PERSON,
            &operator("stats"),
            AuditAction::ReadStatistics,
            &quarter.to_string(),
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(answer)
    }

    async fn recompute_failures(&self, run_id: i64) -> Result<Vec<RecomputeFailure>, StoreError> {
        let rows = self
            .fetch_all::<FailureRow>(
                "SELECT person_id, field, message FROM recompute_failures WHERE run_id = $1 \
                 ORDER BY person_id",
                &[Arg::Int(run_id)],
            )
            .await?;
        rows.into_iter()
            .map(|row| {
                Ok(RecomputeFailure {
                    person: parse_fnr(&row.person_id)?,
                    field: row.field,
                    message: row.message,
                })
            })
            .collect()
    }
}
