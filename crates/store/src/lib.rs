//! The durable store: documents as received (append-only), the follow-up,
//! tasks and person data derived from them, accounts, sessions, tokens, and
//! the audit log.
//!
//! One trait per area, each in its own file ([`AccountStore`],
//! [`DocumentStore`], [`PersonStore`], [`QueueStore`], [`ConsentStore`],
//! [`GuidanceStore`], [`GuidancePlanStore`], [`StatisticsStore`],
//! [`UnitSettingsStore`];
//! [`SupportedEmploymentStore`];
//! [`EventStore`];
//! [`Store`] is their sum), over domain types, implemented for SQLite (the embedded default) and PostgreSQL with the same
//! behaviour. Every method that touches a person's data takes the
//! [`Actor`] (a capability only the store's look-ups make), asks the one
//! access policy (`tilbake_domain::access::policy`), applies its answers
//! as filters in its SQL and writes the audit entry itself — in the same
//! transaction as a change — so a caller cannot forget either. The store
//! never reads the clock: `now` and `today` are parameters.
//!
//! It is not the place for HTTP, sessions cookies or password hashing; the
//! web crate does those and hands the store hashes.
//!
//! [`open`] chooses the backend by URL. The behaviour is written once per
//! area, over the small seam in `backend.rs` (what the areas share is in
//! `sql_store.rs`); `sqlite.rs` and
//! `postgres.rs` hold only what differs. Migrations live in
//! `migrations/{sqlite,postgres}/` with the same versions and run at open.
//! [`MaintenanceStore`] (recomputing everyone's derived rows after the rules
//! changed) is the operator's, implemented over the same seam; open it with
//! [`open_maintenance`].

mod accounts;
mod actor;
mod backend;
mod backup;
mod consents;
mod documents;
mod events;
mod guidance;
mod guidance_plans;
mod maintenance;
mod names;
mod persons;
mod postgres;
mod queue;
mod recompute;
mod rows;
mod script;
mod sql_store;
mod sqlite;
mod statistics;
mod supported_employment;
mod unit_settings;

use std::path::Path;
use std::sync::Arc;

use async_trait::async_trait;
use chrono::NaiveDate;
use tilbake_domain::access::policy::{PersonView, SendRefusal};
use tilbake_domain::access::{AddressProtection, AuditAction, Role};
use tilbake_domain::document::Document;
use tilbake_domain::followup::Followup;
use tilbake_domain::identity::{Fnr, Orgnr, UnitCode};
use tilbake_domain::tasks::{Task, TaskKind, TaskUrgency};

pub use accounts::AccountStore;
pub use actor::Actor;
pub use backup::{backup, restore, BackupError, BackupSummary};
pub use consents::{audited_grantee, ConsentChange, ConsentRecord, ConsentStore, Grantee};
pub use documents::DocumentStore;
pub use events::{
    DeliveryOutcome, DeliveryRecord, DueWebhook, EventPage, EventStore, NotificationRecord,
    NotificationSettings, QueuedEmail, WebhookRecord, MAX_EVENTS_PER_READ,
};
pub use guidance::{
    BookedPerson, CareerCentre, GuidanceProcess, GuidanceStore, NewBooking, OrganisationAuditEntry,
    SavedAnswers, SessionRecord,
};
pub use guidance_plans::{GuidancePlanRecord, GuidancePlanStore, PlanVersion};
pub use maintenance::{
    open_maintenance, MaintenanceStore, RecomputeBatch, RecomputeFailure, RecomputeProgress,
    RecomputeRun,
};
pub use names::{NameStore, PersonLabel};
pub use persons::PersonStore;
pub use postgres::PgStore;
pub use queue::{QueueStore, ACTIVITY_REQUIREMENT_BY_ASSESSMENT};
pub use sqlite::SqliteStore;
pub use statistics::{CaseRecords, QuarterCases, StatisticsStore};
pub use supported_employment::{
    CaseloadEntry, EmployerContact, Job, LoggedActivity, NewReferral, Participation, ProfileChange,
    ProfileVersion, Provider, QueuedReferral, Records, SupportedEmploymentStore, TeamView,
    WeekContacts, EMPLOYER_CONTACTS_SHOWN, MAX_WEEKS, REASON_MAX_CHARS,
};
pub use unit_settings::{UnitSettings, UnitSettingsChange, UnitSettingsStore};

/// Milliseconds since the Unix epoch, given by the caller.
pub type Millis = i64;

/// What can go wrong in the store, in terms a caller can map to an answer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing does not exist, or the actor may not see it (the same answer on purpose).
    #[error("not found")]
    NotFound,
    /// The actor's role may not do this at all.
    #[error("not allowed for this role")]
    Forbidden,
    /// The actor may not send this document (the access policy's reason).
    #[error("{0}")]
    SendRefused(SendRefusal),
    /// Same key, other content (a document id reused, a username taken).
    #[error("conflict: {0}")]
    Conflict(String),
    /// A correction or cancellation names a certificate (an addition a
    /// work-ability assessment) this person does not have (yet).
    #[error("{field}: names {what} '{id}', which this person does not have")]
    MissingReference {
        field: &'static str,
        what: &'static str,
        id: String,
    },
    /// The document is well-formed but the person's follow-up cannot take it.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// The database schema is newer than this program.
    #[error("the database schema (version {found}) is newer than this program knows ({known}); upgrade tilbake")]
    SchemaTooNew { found: i64, known: i64 },
    /// The database failed; details are for the log, not for the user.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
}

/// A new local account. The password arrives hashed (argon2id, by the web crate).
#[derive(Clone, Debug)]
pub struct NewUser {
    pub username: String,
    pub password_hash: String,
    pub role: Role,
    pub unit: Option<UnitCode>,
    pub employer: Option<Orgnr>,
    pub person: Option<Fnr>,
    pub gp_id: Option<String>,
    pub protected_address_access: bool,
}

/// An account as stored: who it is and its password hash.
#[derive(Clone, Debug)]
pub struct UserRecord {
    pub actor: Actor,
    pub password_hash: String,
}

/// A session being created. Tokens are stored only as hashes.
#[derive(Clone, Debug)]
pub struct NewSession {
    pub token_hash: String,
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: Millis,
    pub expires_at: Millis,
}

/// A live session.
#[derive(Clone, Debug)]
pub struct Session {
    pub actor: Actor,
    pub csrf_token: String,
}

/// One of a user's live sessions, as their list of sessions shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionSummary {
    pub created_at: Millis,
    pub last_used_at: Millis,
    pub expires_at: Millis,
    /// The session the list is asked from.
    pub current: bool,
}

/// Failed logins counted for one account (or every account) from one
/// client address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoginFailures {
    pub n_failures: i64,
    pub last_failure_at: Millis,
}

/// What storing a document did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentOutcome {
    /// New: stored, and the person's follow-up recomputed.
    Stored,
    /// The same id with the same content was already stored: nothing changed.
    Repeated,
}

/// A document with when it arrived.
#[derive(Clone, Debug)]
pub struct StoredDocument {
    pub document: Document,
    /// Order of arrival for this person, from 1.
    pub seq: i64,
    pub received_at: Millis,
}

/// What an actor may see of a person, as the access policy's [`PersonView`]
/// for them allows: only the documents it shows, redacted as it says.
#[derive(Clone, Debug)]
pub struct PersonRecord {
    pub person: Fnr,
    /// The person's address in page paths.
    pub reference: tilbake_domain::register::PersonRef,
    /// From the population register, to everyone who sees the person.
    pub name: Option<tilbake_domain::register::PersonName>,
    /// From the population register, when the policy shows it to the
    /// reader (`PersonView::address_shown`: never when protected).
    pub address: Option<tilbake_domain::register::PostalAddress>,
    pub unit: UnitCode,
    pub protection: AddressProtection,
    /// What the reader sees of this person (the pages ask it, e.g. whether
    /// to show the follow-up at all).
    pub view: PersonView,
    pub documents: Vec<StoredDocument>,
    /// The follow-up of the person's whole sick leave on the day asked
    /// about, as the reader may see it; `None` when they may not.
    pub followup: Option<Followup>,
    pub tasks: Vec<Task>,
    /// (task id, username) of the tasks a caseworker has taken.
    pub task_assignees: Vec<(String, String)>,
}

/// A person in a list of persons (a manager's employees, a GP's patients).
#[derive(Clone, Debug)]
pub struct ListedPerson {
    pub person: Fnr,
    pub unit: UnitCode,
}

/// The most persons a list gives.
pub const LIST_PERSONS_LIMIT: u32 = 5_000;

/// A task in a work queue.
#[derive(Clone, Debug)]
pub struct QueuedTask {
    pub person: Fnr,
    pub unit: UnitCode,
    pub task: Task,
    pub urgency: TaskUrgency,
    /// The username of the caseworker who has taken the task.
    pub assignee: Option<String>,
}

/// Which tasks to list. The actor's role decides whose queue: a caseworker
/// sees NAV's tasks for the unit's persons, a manager the employer's tasks for
/// their own employees.
#[derive(Clone, Debug)]
pub struct TaskQuery {
    pub today: NaiveDate,
    pub kind: Option<TaskKind>,
    /// Only tasks due on or before `today + n` days (overdue included).
    pub due_within_days: Option<u32>,
    /// Open tasks only (the default) or every state.
    pub open_only: bool,
    /// Only the tasks the asking caseworker has taken.
    pub assigned_to_me: bool,
    pub limit: u32,
}

/// An entry of the audit log.
#[derive(Clone, Debug)]
pub struct AuditEntry {
    pub at: Millis,
    pub actor_username: String,
    pub actor_role: Role,
    pub action: AuditAction,
    pub purpose: String,
    pub permitted: bool,
    /// What the acting account is tied to (read with the entry, from the
    /// account as it is now; a system client is tied to nothing).
    pub actor_tie: ActorTie,
}

/// The office or organisation an account works for, so that the person
/// reads "a manager at Omsorg AS" rather than a username.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActorTie {
    /// A caseworker's NAV office (its unit code).
    pub unit: Option<String>,
    /// A manager's employer, a counsellor's career centre or a job
    /// specialist's provider (its organisation number).
    pub organisation: Option<String>,
    /// That organisation's name, where the store has one.
    pub organisation_name: Option<String>,
}

/// What a daily run did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TickReport {
    pub n_open: u64,
    pub n_overdue: u64,
    pub n_due_soon: u64,
    /// Rows whose urgency changed; 0 when the day had already run.
    pub n_changed: u64,
}

/// The whole store: every area's trait over the one backend, and what
/// concerns the database as a whole.
#[async_trait]
pub trait Store:
    AccountStore
    + DocumentStore
    + PersonStore
    + QueueStore
    + ConsentStore
    + GuidanceStore
    + GuidancePlanStore
    + StatisticsStore
    + UnitSettingsStore
    + SupportedEmploymentStore
    + EventStore
    + NameStore
    + Send
    + Sync
    + 'static
{
    /// Answers once the database is reachable.
    async fn ping(&self) -> Result<(), StoreError>;

    /// Refreshes the statistics the query planner chooses plans by
    /// (PostgreSQL's `ANALYZE`; nothing on SQLite). A server with autovacuum
    /// does this by itself as tables grow; a bulk load into a server without
    /// it calls this now and then, or the plans chosen while the tables were
    /// small (sequential scans) stay.
    async fn refresh_statistics(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Opens the store at `url` and migrates it: `postgres://…` or
/// `postgresql://…` is PostgreSQL; `sqlite://PATH`, `sqlite:PATH` or a plain
/// path is an SQLite file, created with its directory when missing.
pub async fn open(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    Ok(match open_backend(url).await? {
        Opened::Sqlite(store) => Arc::new(store),
        Opened::Postgres(store) => Arc::new(store),
    })
}

/// A store as opened, before it is seen through one of the traits.
enum Opened {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

/// Opens the backend that `url` names (see [`open`]).
async fn open_backend(url: &str) -> Result<Opened, StoreError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok(Opened::Postgres(PgStore::connect(url).await?));
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    if path.is_empty() {
        return Err(StoreError::Database(sqlx::Error::Configuration(
            "the SQLite URL names no file".into(),
        )));
    }
    Ok(Opened::Sqlite(SqliteStore::open(Path::new(path)).await?))
}

/// Refuses a database whose newest applied migration is newer than any this
/// program knows: an older program must not write to a newer schema.
fn check_schema_version(
    found: Option<i64>,
    migrator: &sqlx::migrate::Migrator,
) -> Result<(), StoreError> {
    let known = migrator
        .iter()
        .map(|migration| migration.version)
        .max()
        .unwrap_or(0);
    match found {
        Some(found) if found > known => Err(StoreError::SchemaTooNew { found, known }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use sqlx::migrate::Migrator;

    static SQLITE: Migrator = sqlx::migrate!("migrations/sqlite");
    static POSTGRES: Migrator = sqlx::migrate!("migrations/postgres");

    fn versions(migrator: &Migrator) -> BTreeSet<i64> {
        migrator.iter().map(|migration| migration.version).collect()
    }

    #[test]
    fn both_backends_have_the_same_migration_versions() {
        assert!(!versions(&SQLITE).is_empty());
        assert_eq!(versions(&SQLITE), versions(&POSTGRES));
        // The files on disk, too (the embedded lists could be stale only if build.rs were missing).
        let on_disk = |backend: &str| -> BTreeSet<i64> {
            let directory = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("migrations")
                .join(backend);
            std::fs::read_dir(directory)
                .unwrap()
                .map(|entry| {
                    let name = entry.unwrap().file_name().into_string().unwrap();
                    name.split('_').next().unwrap().parse().unwrap()
                })
                .collect()
        };
        assert_eq!(on_disk("sqlite"), versions(&SQLITE));
        assert_eq!(on_disk("postgres"), versions(&POSTGRES));
    }

    #[test]
    fn every_migration_opens_with_a_comment_on_its_intent() {
        for migration in SQLITE.iter().chain(POSTGRES.iter()) {
            assert!(
                migration.sql.trim_start().starts_with("-- Intent:"),
                "migration {} ({}) must open with '-- Intent:'",
                migration.version,
                migration.description
            );
        }
    }

    #[test]
    fn a_schema_newer_than_the_program_is_refused() {
        let known = versions(&SQLITE).into_iter().max().unwrap();
        assert!(super::check_schema_version(None, &SQLITE).is_ok());
        assert!(super::check_schema_version(Some(known), &SQLITE).is_ok());
        assert!(matches!(
            super::check_schema_version(Some(known + 1), &SQLITE),
            Err(super::StoreError::SchemaTooNew { .. })
        ));
    }
}
