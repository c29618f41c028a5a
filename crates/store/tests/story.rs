//! The store's story, told against every backend through `Arc<dyn Store>`:
//! on SQLite (a temporary file) always, and on PostgreSQL (a fresh schema per
//! story, dropped afterwards) when `TILBAKE_TEST_PG` holds a server URL such
//! as `postgres://postgres@127.0.0.1:5432/test`.
//!
//! Each story is an `async fn(Harness)`; `stories!` turns it into one test
//! per backend. The harness also has a raw connection to the same database,
//! to check what the store wrote against a recomputation.

use std::collections::BTreeSet;
use std::future::Future;
use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Once, OnceLock};

use chrono::{Days, NaiveDate};
use serde_json::{json, Value};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use tilbake_contract::document::{
    parse_document, parse_document_value_with, parse_document_with, InputRules, ParsedDocument,
};
use tilbake_contract::stored;
use tilbake_domain::access::consent::{Category, Purpose, Share};
use tilbake_domain::access::{AddressProtection, AuditAction, Role};
use tilbake_domain::document::Document;
use tilbake_domain::followup::{compute_followup, FollowupInput, Party};
use tilbake_domain::identity::{Fnr, Orgnr, UnitCode};
use tilbake_domain::tasks::{derive_tasks, TaskDecision, TaskKind, TaskState, TaskUrgency};
use tilbake_store::{
    Actor, CareerCentre, DocumentOutcome, NewBooking, NewSession, NewUser, QueuedTask,
    SavedAnswers, SessionRecord, Store, StoreError, TaskQuery,
};

// ---------------------------------------------------------------------------
// Harness

/// A raw connection to the database the store uses.
enum Raw {
    Sqlite(SqlitePool),
    Pg(PgPool),
}

impl Raw {
    /// The first column of every row, as text.
    async fn strings(&self, sql: &str) -> Vec<String> {
        match self {
            Raw::Sqlite(pool) => sqlx::query_scalar::<_, String>(sql).fetch_all(pool).await,
            Raw::Pg(pool) => sqlx::query_scalar::<_, String>(sql).fetch_all(pool).await,
        }
        .unwrap_or_else(|error| panic!("{sql}: {error}"))
    }

    async fn count(&self, sql: &str) -> i64 {
        match self {
            Raw::Sqlite(pool) => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await,
            Raw::Pg(pool) => sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await,
        }
        .unwrap_or_else(|error| panic!("{sql}: {error}"))
    }

    async fn execute(&self, sql: &str) {
        match self {
            Raw::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            Raw::Pg(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        }
        .unwrap_or_else(|error| panic!("{sql}: {error}"));
    }
}

struct Harness {
    store: Arc<dyn Store>,
    raw: Raw,
    /// The URL the store was opened with.
    url: String,
    _directory: Option<tempfile::TempDir>,
}

async fn sqlite_harness() -> Harness {
    let directory = tempfile::tempdir().unwrap();
    // A directory that does not exist yet: `open` creates it.
    let path = directory.path().join("data").join("tilbake.db");
    let url = format!("sqlite://{}", path.display());
    let store = tilbake_store::open(&url).await.unwrap();
    let raw = SqlitePoolOptions::new()
        .max_connections(2)
        .connect_with(SqliteConnectOptions::new().filename(&path))
        .await
        .unwrap();
    Harness {
        store,
        raw: Raw::Sqlite(raw),
        url,
        _directory: Some(directory),
    }
}

static SCHEMA_COUNTER: AtomicU64 = AtomicU64::new(0);

fn with_search_path(base: &str, schema: &str) -> String {
    let separator = if base.contains('?') { '&' } else { '?' };
    format!("{base}{separator}options[search_path]={schema}")
}

async fn run_on_sqlite<F, Fut>(the_story: F)
where
    F: FnOnce(Harness) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    the_story(sqlite_harness().await).await;
}

async fn run_on_postgres<F, Fut>(name: &str, the_story: F)
where
    F: FnOnce(Harness) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Ok(base) = std::env::var("TILBAKE_TEST_PG") else {
        static SKIPPED: Once = Once::new();
        SKIPPED.call_once(|| {
            // Written past the test harness's capture, so it shows in a passing run.
            let _ = writeln!(
                std::io::stderr(),
                "\nTILBAKE_TEST_PG is not set: the PostgreSQL runs of the store stories are SKIPPED \
                 (set it to e.g. postgres://postgres@127.0.0.1:5432/test)"
            );
        });
        return;
    };
    let schema = format!(
        "tilbake_test_{}_{}_{name}",
        std::process::id(),
        SCHEMA_COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let admin = PgPoolOptions::new()
        .max_connections(1)
        .connect(&base)
        .await
        .unwrap();
    sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
        .execute(&admin)
        .await
        .unwrap();
    sqlx::query(&format!("CREATE SCHEMA {schema}"))
        .execute(&admin)
        .await
        .unwrap();
    let url = with_search_path(&base, &schema);
    let store = tilbake_store::open(&url).await.unwrap();
    let raw_options: PgConnectOptions = url.parse().unwrap();
    let raw = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(raw_options)
        .await
        .unwrap();
    let harness = Harness {
        store,
        raw: Raw::Pg(raw),
        url,
        _directory: None,
    };
    let outcome = tokio::spawn(the_story(harness)).await;
    sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
        .execute(&admin)
        .await
        .unwrap();
    if let Err(error) = outcome {
        std::panic::resume_unwind(error.into_panic());
    }
}

macro_rules! stories {
    ($($story:ident),* $(,)?) => {$(
        mod $story {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_sqlite() {
                super::run_on_sqlite(super::$story).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn on_postgres() {
                super::run_on_postgres(stringify!($story), super::$story).await;
            }
        }
    )*};
}

stories!(
    documents_are_idempotent_by_person_kind_and_id,
    a_batch_stores_each_document_as_if_sent_alone,
    corrections_and_cancellations_need_their_certificate,
    a_document_the_engine_refuses_changes_nothing,
    derived_rows_match_a_recomputation_from_stored_documents,
    the_unit_is_that_of_the_latest_document_naming_one,
    every_person_scope_is_applied_and_denials_are_audited,
    a_manager_never_gets_a_diagnosis,
    parties_send_only_their_case_work_for_persons_they_see,
    task_queues_are_ordered_filtered_and_audited,
    only_the_owning_party_decides_a_task,
    the_daily_tick_runs_once_per_day,
    concurrent_documents_for_one_person_lose_no_update,
    accounts_sessions_and_tokens,
    the_audit_log_is_for_the_person_themself,
    a_schema_newer_than_the_program_is_refused,
    managers_and_gps_list_their_persons_and_see_plans_once_shared,
    a_caseworker_takes_and_hands_back_a_task,
    stored_documents_outlive_stricter_input_rules,
    a_person_whose_documents_no_longer_derive_is_still_shown,
    guidance_answers_are_the_persons_and_shared_only_for_guidance,
    guidance_is_booked_with_a_centre_s_counsellor_who_alone_keeps_the_notes,
    the_guidance_plan_is_the_persons_versioned_and_shared_only_while_they_choose,
    events_are_written_with_each_change_and_seen_only_as_the_policy_lets,
    a_unit_switches_early_sessions_on_and_its_persons_get_their_tasks,
);

#[path = "story/supported_employment.rs"]
mod supported_employment;

// ---------------------------------------------------------------------------
// Test data

const EMPLOYER_A: &str = "910000004";
const EMPLOYER_B: &str = "974760673";
const NOW: i64 = 1_710_000_000_000;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The n-th synthetic national identity number born 15 March 1985.
fn person(n: usize) -> Fnr {
    static PERSONS: OnceLock<Vec<Fnr>> = OnceLock::new();
    PERSONS.get_or_init(|| {
        (0..500)
            .filter_map(|individual| {
                (0..100).find_map(|checks| {
                    Fnr::parse(&format!("154385{individual:03}{checks:02}")).ok()
                })
            })
            .collect()
    })[n]
}

/// The day the story's documents arrive (input bounds are relative to it).
fn arrival() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()
}

/// Today's input rules, but for dates up to the end of the calendar: the
/// stories reach it to see the engine's own refusal (a milestone after
/// 9999-12-31), which today's input bounds keep out at the edge (the
/// contract's tests check those bounds).
const STORY_RULES: InputRules = InputRules {
    max_years_ahead: 8_000,
    ..InputRules::CURRENT
};

fn doc(value: &Value) -> ParsedDocument {
    parse_document_value_with(value, &STORY_RULES, arrival())
        .unwrap_or_else(|error| panic!("{value}: {error}"))
}

/// A certificate with the given extra fields (`unit`, `gp`, `diagnosis`, `corrects`, …).
fn certificate(
    person: &Fnr,
    id: &str,
    from: &str,
    to: &str,
    employer: &str,
    extra: &Value,
) -> ParsedDocument {
    let mut value = json!({
        "kind": "sick_leave", "id": id, "person": person.to_string(),
        "from": from, "to": to, "grade": 100, "employer": employer,
    });
    if let (Value::Object(fields), Value::Object(extra)) = (&mut value, extra) {
        fields.extend(extra.clone());
    }
    doc(&value)
}

#[allow(clippy::disallowed_methods)] // the test delivers documents as the command line does
fn system() -> Actor {
    Actor::command_line("import")
}

/// Options of a new account; what is not set is `None`.
#[derive(Default)]
struct Account<'a> {
    unit: Option<&'a str>,
    employer: Option<&'a str>,
    person: Option<Fnr>,
    gp_id: Option<&'a str>,
    protected: bool,
}

async fn user(store: &Arc<dyn Store>, username: &str, role: Role, account: Account<'_>) -> Actor {
    let new_user = NewUser {
        username: username.to_owned(),
        password_hash: format!("hash-of-{username}"),
        role,
        unit: account.unit.map(|unit| UnitCode::parse(unit).unwrap()),
        employer: account
            .employer
            .map(|employer| Orgnr::parse(employer).unwrap()),
        person: account.person,
        gp_id: account.gp_id.map(str::to_owned),
        protected_address_access: account.protected,
    };
    store.create_user(&new_user, NOW).await.unwrap();
    store
        .user_by_username(username)
        .await
        .unwrap()
        .unwrap()
        .actor
}

async fn store_ok(
    store: &Arc<dyn Store>,
    actor: &Actor,
    document: &ParsedDocument,
    today: NaiveDate,
) {
    let outcome = store.store_document(actor, document, today, NOW).await;
    assert!(
        matches!(outcome, Ok(DocumentOutcome::Stored)),
        "{} {}: {outcome:?}",
        document.document.kind().as_str(),
        document.document.id
    );
}

async fn can_read(store: &Arc<dyn Store>, actor: &Actor, person: &Fnr, today: NaiveDate) -> bool {
    match store
        .read_person(actor, person, AuditAction::ReadFollowup, "test", today, NOW)
        .await
    {
        Ok(record) => {
            assert_eq!(record.person, *person);
            true
        }
        Err(StoreError::NotFound) => false,
        Err(error) => panic!("{}: {error}", actor.username),
    }
}

fn open_query(today: NaiveDate) -> TaskQuery {
    TaskQuery {
        today,
        kind: None,
        due_within_days: None,
        open_only: true,
        assigned_to_me: false,
        limit: 1000,
    }
}

// ---------------------------------------------------------------------------
// Checks against the raw database

/// Every row of every table as text, for "nothing changed".
async fn snapshot(raw: &Raw) -> Vec<String> {
    const TABLES: [(&str, &str); 13] = [
        ("persons", "person_id, unit, unit_set_by_seq, address_protection, created_at"),
        ("documents", "person_id, kind, doc_id, seq, content, received_at, received_by, gp, employer, format"),
        ("followup_cases", "person_id, case_start, case_end, open_until, sick_days, graded_at_end"),
        ("case_employers", "person_id, case_start, employer, open_until"),
        ("milestones", "person_id, case_start, kind, date, reached, required"),
        ("tasks", "person_id, task_id, case_start, kind, owner, unit, due, state, urgency, closed_because"),
        ("task_decisions", "person_id, seq, task_id, state, reason, decided_by, decided_at"),
        ("consent_grants", "person_id, grantee_user_id, purpose, granted_at, share, changed_at, withdrawn_at"),
        ("consent_events", "person_id, seq, grantee_user_id, purpose, change, share, at"),
        ("audit_log", "person_id, entry_id, at, actor_user_id, actor_username, actor_role, action, purpose, permitted"),
        ("users", "user_id, username, role"),
        ("sessions", "token_hash, user_id, expires_at"),
        ("tick_runs", "day, ran_at"),
    ];
    let mut rows = Vec::new();
    for (table, columns) in TABLES {
        let text = columns
            .split(", ")
            .map(|column| format!("COALESCE(CAST({column} AS TEXT), '-')"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        for row in raw
            .strings(&format!("SELECT {text} FROM {table} ORDER BY 1"))
            .await
        {
            rows.push(format!("{table}: {row}"));
        }
    }
    rows
}

fn sorted(rows: Vec<String>) -> Vec<String> {
    let mut rows = rows;
    rows.sort();
    rows
}

/// Recomputes the person's derived rows from what is stored (documents read
/// raw through the storage codec, and decisions) with the domain's own
/// functions, and compares them with the derived tables.
async fn assert_derived_rows_match_recomputation(raw: &Raw, person: &Fnr, today: NaiveDate) {
    let id = person.to_string();
    let documents: Vec<Document> = raw
        .strings(&format!(
            "SELECT CAST(format AS TEXT) || ' ' || kind || ' ' || content FROM documents \
             WHERE person_id = '{id}' ORDER BY seq"
        ))
        .await
        .iter()
        .map(|row| {
            let fields: Vec<&str> = row.splitn(3, ' ').collect();
            stored::decode(fields[0].parse().unwrap(), fields[1], fields[2])
                .unwrap_or_else(|error| panic!("{error}"))
        })
        .collect();
    let decisions: Vec<TaskDecision> = raw
        .strings(&format!(
            "SELECT task_id || '|' || state || '|' || reason FROM task_decisions WHERE person_id = '{id}' ORDER BY seq"
        ))
        .await
        .iter()
        .map(|row| {
            let fields: Vec<&str> = row.splitn(3, '|').collect();
            TaskDecision {
                task_id: fields[0].to_owned(),
                state: TaskState::parse(fields[1]).unwrap(),
                reason: fields[2].to_owned(),
            }
        })
        .collect();
    let followup = compute_followup(&FollowupInput {
        birth_date: person.birth_date(),
        today: None,
        events: tilbake_domain::document::followup_input(&documents, None, None).events,
    })
    .unwrap();
    let unit = documents
        .iter()
        .rev()
        .find_map(|document| document.unit)
        .map_or("0000".to_owned(), |unit| unit.to_string());
    let yes_no = |flag: bool| if flag { "Y" } else { "N" };
    let open_until = |end: NaiveDate| (end + Days::new(16)).format("%Y-%m-%d").to_string();

    let mut cases = Vec::new();
    let mut employers = Vec::new();
    let mut milestones = Vec::new();
    for case in &followup.cases {
        cases.push(format!(
            "{}|{}|{}|{}|{}",
            case.start,
            case.end,
            open_until(case.end),
            case.sick_days,
            yes_no(case.graded_at_end)
        ));
        for employer in &case.employers {
            employers.push(format!(
                "{}|{employer}|{}",
                case.start,
                open_until(case.end)
            ));
        }
        for milestone in &case.milestones {
            milestones.push(format!(
                "{}|{}|{}|{}|{}",
                case.start,
                milestone.kind.as_str(),
                milestone.date,
                yes_no(milestone.reached),
                yes_no(milestone.required)
            ));
        }
    }
    let tasks: Vec<String> = derive_tasks(&followup, &documents, &decisions, Some(today))
        .iter()
        .map(|task| {
            let owner = match task.owner {
                Party::Employer => "employer",
                Party::Nav => "nav",
            };
            let urgency = if task.state == TaskState::Open {
                TaskUrgency::of(task.due, today).as_str()
            } else {
                "-"
            };
            format!(
                "{}|{}|{}|{owner}|{unit}|{}|{}|{urgency}|{}",
                task.id,
                task.case_start,
                task.kind.as_str(),
                task.due,
                task.state.as_str(),
                task.closed_because.as_deref().unwrap_or("-")
            )
        })
        .collect();

    let flag = |column: &str| format!("CASE WHEN {column} THEN 'Y' ELSE 'N' END");
    let where_person = format!("WHERE person_id = '{id}'");
    assert_eq!(
        sorted(
            raw.strings(&format!(
                "SELECT case_start || '|' || case_end || '|' || open_until || '|' || CAST(sick_days AS TEXT) || '|' || {} \
                 FROM followup_cases {where_person}",
                flag("graded_at_end")
            ))
            .await
        ),
        sorted(cases),
        "followup_cases"
    );
    assert_eq!(
        sorted(
            raw.strings(&format!(
                "SELECT case_start || '|' || employer || '|' || open_until FROM case_employers {where_person}"
            ))
            .await
        ),
        sorted(employers),
        "case_employers"
    );
    assert_eq!(
        sorted(
            raw.strings(&format!(
                "SELECT case_start || '|' || kind || '|' || date || '|' || {} || '|' || {} FROM milestones {where_person}",
                flag("reached"),
                flag("required")
            ))
            .await
        ),
        sorted(milestones),
        "milestones"
    );
    assert_eq!(
        sorted(
            raw.strings(&format!(
                "SELECT task_id || '|' || case_start || '|' || kind || '|' || owner || '|' || unit || '|' || due || '|' \
                 || state || '|' || COALESCE(urgency, '-') || '|' || COALESCE(closed_because, '-') FROM tasks {where_person}"
            ))
            .await
        ),
        sorted(tasks),
        "tasks"
    );
    assert_eq!(
        raw.strings(&format!("SELECT unit FROM persons {where_person}"))
            .await,
        vec![unit],
        "persons.unit"
    );
}

async fn n_audit(raw: &Raw, person: &str, action: AuditAction, permitted: bool) -> i64 {
    let not = if permitted { "" } else { "NOT " };
    raw.count(&format!(
        "SELECT COUNT(*) FROM audit_log WHERE person_id = '{person}' AND action = '{}' AND {not}permitted",
        action.as_str()
    ))
    .await
}

// ---------------------------------------------------------------------------
// Stories

async fn documents_are_idempotent_by_person_kind_and_id(h: Harness) {
    let store = &h.store;
    let today = date("2024-02-01");
    let anna = person(0);
    let first = certificate(
        &anna,
        "s1",
        "2024-01-01",
        "2024-01-31",
        EMPLOYER_A,
        &json!({}),
    );
    assert!(matches!(
        store.store_document(&system(), &first, today, NOW).await,
        Ok(DocumentOutcome::Stored)
    ));
    let n_audit_before = n_audit(&h.raw, &anna.to_string(), AuditAction::StoreDocument, true).await;
    let before = snapshot(&h.raw).await;

    // The same document with its keys in another order and other whitespace is a repeat.
    let reordered = doc(&serde_json::from_str::<Value>(&format!(
        r#"{{"to": "2024-01-31", "employer": "{EMPLOYER_A}", "grade": 100,
            "from": "2024-01-01", "person": "{anna}", "id": "s1", "kind": "sick_leave"}}"#
    ))
    .unwrap());
    assert!(matches!(
        store
            .store_document(&system(), &reordered, today, NOW + 1)
            .await,
        Ok(DocumentOutcome::Repeated)
    ));
    assert_eq!(
        snapshot(&h.raw).await,
        before,
        "a repeat changes nothing, not even the audit log"
    );
    assert_eq!(
        n_audit(&h.raw, &anna.to_string(), AuditAction::StoreDocument, true).await,
        n_audit_before
    );

    // Same id, other content: a conflict, and nothing changes.
    let other = certificate(
        &anna,
        "s1",
        "2024-01-01",
        "2024-02-15",
        EMPLOYER_A,
        &json!({}),
    );
    assert!(matches!(
        store
            .store_document(&system(), &other, today, NOW + 2)
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(snapshot(&h.raw).await, before);

    // The same id under another kind, or for another person, is another document.
    let vacation = doc(
        &json!({"kind": "vacation", "id": "s1", "person": anna.to_string(),
        "from": "2024-01-10", "to": "2024-01-12"}),
    );
    store_ok(store, &system(), &vacation, today).await;
    store_ok(
        store,
        &system(),
        &certificate(
            &person(1),
            "s1",
            "2024-01-01",
            "2024-01-31",
            EMPLOYER_A,
            &json!({}),
        ),
        today,
    )
    .await;
    assert_eq!(
        h.raw.strings(&format!("SELECT CAST(seq AS TEXT) AS seq_text FROM documents WHERE person_id = '{anna}' ORDER BY seq")).await,
        vec!["1", "2"]
    );

    // Unknown fields are dropped before storing: the content is the
    // document as the service reads it, and sending it again without them
    // (or with others) is a repeat.
    let with_unknown = doc(
        &json!({"kind": "work_resumed", "id": "w1", "person": anna.to_string(),
        "date": "2024-03-01", "__proto__": {"admin": true}, "constructor": "x"}),
    );
    store_ok(store, &system(), &with_unknown, today).await;
    let contents = h
        .raw
        .strings(&format!(
            "SELECT content FROM documents WHERE person_id = '{anna}' AND kind = 'work_resumed'"
        ))
        .await;
    assert_eq!(
        contents,
        vec![format!(
            r#"{{"date":"2024-03-01","id":"w1","kind":"work_resumed","person":"{anna}"}}"#
        )]
    );
    let plain = doc(
        &json!({"kind": "work_resumed", "id": "w1", "person": anna.to_string(), "date": "2024-03-01"}),
    );
    assert!(matches!(
        store
            .store_document(&system(), &plain, today, NOW + 3)
            .await,
        Ok(DocumentOutcome::Repeated)
    ));

    // Content stored before unknown fields were dropped (written here as
    // the store wrote it then) still makes a repeat, not a conflict.
    h.raw
        .execute(&format!(
            "INSERT INTO documents (person_id, kind, doc_id, seq, content, received_at, received_by, format) \
             VALUES ('{anna}', 'work_resumed', 'w2', 4, \
             '{{\"date\":\"2024-03-02\",\"extra\":1,\"id\":\"w2\",\"kind\":\"work_resumed\",\"person\":\"{anna}\"}}', \
             {NOW}, 'import', 1)"
        ))
        .await;
    let plain = doc(
        &json!({"kind": "work_resumed", "id": "w2", "person": anna.to_string(), "date": "2024-03-02"}),
    );
    assert!(matches!(
        store
            .store_document(&system(), &plain, today, NOW + 4)
            .await,
        Ok(DocumentOutcome::Repeated)
    ));
}

/// A person's documents in an order that meets every outcome.
fn mixed_history(person: &Fnr) -> Vec<ParsedDocument> {
    let id = person.to_string();
    vec![
        certificate(
            person,
            "s1",
            "2024-01-01",
            "2024-02-15",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        ),
        certificate(
            person,
            "s2",
            "2024-02-16",
            "2024-05-31",
            EMPLOYER_A,
            &json!({}),
        ),
        certificate(
            person,
            "s1",
            "2024-01-01",
            "2024-02-15",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        ),
        certificate(
            person,
            "s2",
            "2024-02-16",
            "2024-06-30",
            EMPLOYER_A,
            &json!({}),
        ),
        doc(&json!({"kind": "cancelled", "id": "s9", "person": id})),
        certificate(
            person,
            "s3",
            "2024-06-01",
            "2024-06-30",
            EMPLOYER_B,
            &json!({"corrects": "s3"}),
        ),
        certificate(
            person,
            "s4",
            "9999-06-01",
            "9999-12-31",
            EMPLOYER_B,
            &json!({}),
        ),
        certificate(
            person,
            "s5",
            "2024-02-16",
            "2024-04-30",
            EMPLOYER_A,
            &json!({"corrects": "s2", "unit": "1201"}),
        ),
        doc(&json!({"kind": "plan_shared", "id": "p1", "person": id, "date": "2024-01-20"})),
        doc(&json!({"kind": "cancelled", "id": "s1", "person": id})),
        doc(&json!({"kind": "cancelled", "id": "s1", "person": id})),
    ]
}

fn outcome_name(outcome: &Result<DocumentOutcome, StoreError>) -> String {
    match outcome {
        Ok(outcome) => format!("{outcome:?}"),
        Err(StoreError::MissingReference { field, .. }) => format!("MissingReference({field})"),
        Err(StoreError::Invalid { field, .. }) => format!("Invalid({field})"),
        Err(StoreError::Conflict(_)) => "Conflict".to_owned(),
        Err(StoreError::SendRefused(_)) => "Refused".to_owned(),
        Err(other) => format!("{other:?}"),
    }
}

async fn a_batch_stores_each_document_as_if_sent_alone(h: Harness) {
    let store = &h.store;
    let today = date("2024-05-01");
    let (alone, batched) = (person(0), person(1));
    let mut outcomes_alone = Vec::new();
    for document in mixed_history(&alone) {
        outcomes_alone.push(outcome_name(
            &store.store_document(&system(), &document, today, NOW).await,
        ));
    }
    let outcomes_batched: Vec<String> = store
        .store_documents(&system(), &mixed_history(&batched), today, NOW)
        .await
        .unwrap()
        .iter()
        .map(outcome_name)
        .collect();
    assert_eq!(
        outcomes_alone,
        [
            "Stored",
            "Stored",
            "Repeated",
            "Conflict",
            "MissingReference(id)",
            "Invalid(corrects)",
            "Invalid(events)",
            "Stored",
            "Stored",
            "Stored",
            "Repeated"
        ]
    );
    assert_eq!(outcomes_batched, outcomes_alone);
    for person in [alone, batched] {
        assert_derived_rows_match_recomputation(&h.raw, &person, today).await;
    }
    let rows_of = |person: Fnr| {
        let raw = &h.raw;
        async move {
            let mut rows = raw
                .strings(&format!(
                    "SELECT kind || ':' || doc_id || ':' || CAST(seq AS TEXT) AS entry FROM documents \
                     WHERE person_id = '{person}' ORDER BY seq"
                ))
                .await;
            for table in ["tasks", "milestones", "followup_cases", "case_employers"] {
                let n_rows = raw
                    .count(&format!(
                        "SELECT COUNT(*) FROM {table} WHERE person_id = '{person}'"
                    ))
                    .await;
                rows.push(format!("{table}: {n_rows}"));
            }
            let n_audit = n_audit(raw, &person.to_string(), AuditAction::StoreDocument, true).await;
            rows.push(format!("audit: {n_audit}"));
            rows
        }
    };
    assert_eq!(rows_of(alone).await, rows_of(batched).await);

    // Many persons in one batch, each document of each person in turn.
    let persons: Vec<Fnr> = (2..32).map(person).collect();
    let mut documents = Vec::new();
    for round in 0..4u64 {
        for person in &persons {
            let from = date("2024-01-01") + Days::new(round * 20);
            let to = from + Days::new(19);
            documents.push(certificate(
                person,
                &format!("s{round}"),
                &from.to_string(),
                &to.to_string(),
                EMPLOYER_A,
                &json!({"unit": "0301"}),
            ));
        }
    }
    let outcomes = store
        .store_documents(&system(), &documents, today, NOW)
        .await
        .unwrap();
    assert!(outcomes
        .iter()
        .all(|outcome| matches!(outcome, Ok(DocumentOutcome::Stored))));
    for person in &persons {
        assert_derived_rows_match_recomputation(&h.raw, person, today).await;
    }
    let again = store
        .store_documents(&system(), &documents, today, NOW)
        .await
        .unwrap();
    assert!(again
        .iter()
        .all(|outcome| matches!(outcome, Ok(DocumentOutcome::Repeated))));

    // A new person whose every document is refused is not made, in a batch
    // with stored documents of others as when sent alone.
    let (refused_only, accepted) = (person(40), person(41));
    let mixed = [
        doc(&json!({"kind": "cancelled", "id": "s9", "person": refused_only.to_string()})),
        certificate(
            &accepted,
            "s1",
            "2024-01-01",
            "2024-01-20",
            EMPLOYER_A,
            &json!({}),
        ),
    ];
    let outcomes: Vec<String> = store
        .store_documents(&system(), &mixed, today, NOW)
        .await
        .unwrap()
        .iter()
        .map(outcome_name)
        .collect();
    assert_eq!(outcomes, ["MissingReference(id)", "Stored"]);
    for (who, n_expected) in [(refused_only, 0), (accepted, 1)] {
        let n_rows = h
            .raw
            .count(&format!(
                "SELECT COUNT(*) FROM persons WHERE person_id = '{who}'"
            ))
            .await;
        assert_eq!(n_rows, n_expected, "{who}");
    }

    // A party's batch is checked document by document.
    let caseworker = user(
        store,
        "cw0301",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    let party_batch = [
        doc(
            &json!({"kind": "activity_assessed", "id": "a1", "person": persons[0].to_string(),
            "date": "2024-02-20", "outcome": "fulfilled", "reason": "works"}),
        ),
        certificate(
            &persons[0],
            "s9",
            "2024-03-01",
            "2024-03-31",
            EMPLOYER_A,
            &json!({}),
        ),
        doc(
            &json!({"kind": "activity_assessed", "id": "a1", "person": alone.to_string(),
            "date": "2024-02-20", "outcome": "fulfilled", "reason": "works"}),
        ),
    ];
    let outcomes: Vec<String> = store
        .store_documents(&caseworker, &party_batch, today, NOW)
        .await
        .unwrap()
        .iter()
        .map(outcome_name)
        .collect();
    // `alone` moved to unit 1201 with s5.
    assert_eq!(outcomes, ["Stored", "Refused", "NotFound"]);
}

async fn corrections_and_cancellations_need_their_certificate(h: Harness) {
    let store = &h.store;
    let today = date("2024-02-01");
    let anna = person(0);
    let correction = certificate(
        &anna,
        "s2",
        "2024-01-01",
        "2024-01-20",
        EMPLOYER_A,
        &json!({"corrects": "s1"}),
    );
    let cancellation = doc(&json!({"kind": "cancelled", "id": "s1", "person": anna.to_string()}));
    let before = snapshot(&h.raw).await;
    match store
        .store_document(&system(), &correction, today, NOW)
        .await
    {
        Err(StoreError::MissingReference {
            field: "corrects",
            id,
            ..
        }) => assert_eq!(id, "s1"),
        other => panic!("{other:?}"),
    }
    match store
        .store_document(&system(), &cancellation, today, NOW)
        .await
    {
        Err(StoreError::MissingReference {
            field: "id", id, ..
        }) => assert_eq!(id, "s1"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        snapshot(&h.raw).await,
        before,
        "a refused document leaves no person behind"
    );

    // Once the certificate is there, the same documents are taken.
    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "s1",
            "2024-01-01",
            "2024-01-31",
            EMPLOYER_A,
            &json!({}),
        ),
        today,
    )
    .await;
    store_ok(store, &system(), &correction, today).await;
    store_ok(store, &system(), &cancellation, today).await;
    assert_derived_rows_match_recomputation(&h.raw, &anna, today).await;
}

async fn a_document_the_engine_refuses_changes_nothing(h: Harness) {
    let store = &h.store;
    let today = date("2024-02-01");
    let anna = person(0);
    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "s1",
            "2024-01-01",
            "2024-01-31",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        ),
        today,
    )
    .await;
    let before = snapshot(&h.raw).await;

    let corrects_itself = certificate(
        &anna,
        "s2",
        "2024-02-01",
        "2024-02-20",
        EMPLOYER_A,
        &json!({"corrects": "s2", "unit": "1201"}),
    );
    match store
        .store_document(&system(), &corrects_itself, today, NOW)
        .await
    {
        Err(StoreError::Invalid { field, .. }) => assert_eq!(field, "corrects"),
        other => panic!("{other:?}"),
    }
    // Milestones of a case at the end of the calendar would lie after 9999-12-31.
    let at_the_end = certificate(
        &anna,
        "s3",
        "9999-06-01",
        "9999-12-31",
        EMPLOYER_A,
        &json!({}),
    );
    match store
        .store_document(&system(), &at_the_end, today, NOW)
        .await
    {
        Err(StoreError::Invalid { field, message }) => {
            assert_eq!(field, "events");
            assert!(message.contains("9999-12-31"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // The same for a person the store has not seen: no person row is left behind.
    let new_person = certificate(
        &person(1),
        "s1",
        "9999-06-01",
        "9999-12-31",
        EMPLOYER_A,
        &json!({}),
    );
    assert!(matches!(
        store
            .store_document(&system(), &new_person, today, NOW)
            .await,
        Err(StoreError::Invalid { .. })
    ));
    assert_eq!(snapshot(&h.raw).await, before);
}

async fn derived_rows_match_a_recomputation_from_stored_documents(h: Harness) {
    let store = &h.store;
    let today = date("2024-05-01");
    let anna = person(0);
    let id = anna.to_string();
    let documents = [
        certificate(
            &anna,
            "s1",
            "2024-01-01",
            "2024-01-31",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        ),
        certificate(
            &anna,
            "s2",
            "2024-02-01",
            "2024-03-15",
            EMPLOYER_B,
            &json!({}),
        ),
        doc(
            &json!({"kind": "vacation", "id": "v1", "person": id, "from": "2024-03-16", "to": "2024-03-20"}),
        ),
        certificate(
            &anna,
            "s3",
            "2024-03-21",
            "2024-06-30",
            EMPLOYER_A,
            &json!({"grade": 50}),
        ),
        certificate(
            &anna,
            "s4",
            "2024-03-21",
            "2024-05-31",
            EMPLOYER_A,
            &json!({"corrects": "s3"}),
        ),
        doc(&json!({"kind": "plan_shared", "id": "p1", "person": id, "date": "2024-01-25"})),
        doc(
            &json!({"kind": "meeting_held", "id": "m1", "person": id, "date": "2024-02-10", "meeting": 1}),
        ),
        certificate(
            &anna,
            "s5",
            "2024-09-01",
            "2024-09-30",
            EMPLOYER_B,
            &json!({}),
        ),
        doc(&json!({"kind": "cancelled", "id": "s5", "person": id})),
        certificate(
            &anna,
            "s6",
            "2024-10-01",
            "2025-01-31",
            EMPLOYER_B,
            &json!({"unit": "1201"}),
        ),
        doc(
            &json!({"kind": "self_certified", "id": "e1", "person": id, "from": "2025-03-01", "to": "2025-03-03"}),
        ),
        doc(&json!({"kind": "work_resumed", "id": "w1", "person": id, "date": "2025-01-20"})),
    ];
    for document in &documents {
        store_ok(store, &system(), document, today).await;
        assert_derived_rows_match_recomputation(&h.raw, &anna, today).await;
    }
    assert!(
        h.raw
            .count(&format!(
                "SELECT COUNT(*) FROM followup_cases WHERE person_id = '{id}'"
            ))
            .await
            >= 2
    );
    assert!(
        h.raw
            .count(&format!(
                "SELECT COUNT(*) FROM tasks WHERE person_id = '{id}' AND state = 'done'"
            ))
            .await
            >= 2
    );
}

async fn the_unit_is_that_of_the_latest_document_naming_one(h: Harness) {
    let store = &h.store;
    let today = date("2024-05-01");
    let (anna, bo) = (person(0), person(1));
    let unit_of = |person: Fnr| {
        let store = Arc::clone(store);
        async move {
            store
                .read_person(
                    &system(),
                    &person,
                    AuditAction::ReadDocuments,
                    "test",
                    today,
                    NOW,
                )
                .await
                .unwrap()
                .unit
                .to_string()
        }
    };
    store_ok(
        store,
        &system(),
        &certificate(
            &bo,
            "s1",
            "2024-01-01",
            "2024-06-30",
            EMPLOYER_A,
            &json!({}),
        ),
        today,
    )
    .await;
    assert_eq!(unit_of(bo).await, "0000", "no document names a unit");

    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "s1",
            "2024-01-01",
            "2024-03-31",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        ),
        today,
    )
    .await;
    assert_eq!(unit_of(anna).await, "0301");
    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "s2",
            "2024-04-01",
            "2024-06-30",
            EMPLOYER_A,
            &json!({}),
        ),
        today,
    )
    .await;
    assert_eq!(
        unit_of(anna).await,
        "0301",
        "a document without unit keeps the unit"
    );
    // Arrival order counts, not the dates in the document.
    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "s0",
            "2023-06-01",
            "2023-06-30",
            EMPLOYER_A,
            &json!({"unit": "1201"}),
        ),
        today,
    )
    .await;
    assert_eq!(unit_of(anna).await, "1201");
    assert_derived_rows_match_recomputation(&h.raw, &anna, today).await;

    // The person's tasks moved with them: the new unit's queue has them, the old one's not.
    let caseworker_1201 = user(
        store,
        "cw1201",
        Role::Caseworker,
        Account {
            unit: Some("1201"),
            ..Account::default()
        },
    )
    .await;
    let caseworker_0301 = user(
        store,
        "cw0301",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    let queue = store
        .list_tasks(&caseworker_1201, &open_query(today), NOW)
        .await
        .unwrap();
    assert!(!queue.is_empty());
    assert!(queue
        .iter()
        .all(|queued| queued.person == anna && queued.unit.to_string() == "1201"));
    assert!(store
        .list_tasks(&caseworker_0301, &open_query(today), NOW)
        .await
        .unwrap()
        .is_empty());
}

async fn every_person_scope_is_applied_and_denials_are_audited(h: Harness) {
    let store = &h.store;
    let today = date("2024-03-01");
    let (anna, bo, nobody) = (person(0), person(1), person(2));
    let anna_id = anna.to_string();
    store_ok(store, &system(), &certificate(&anna, "s1", "2024-01-01", "2024-06-30", EMPLOYER_A,
        &json!({"unit": "0301", "gp": "dr-berg", "diagnosis": {"system": "ICPC-2", "code": "L03"}})), today).await;
    store_ok(
        store,
        &system(),
        &certificate(
            &bo,
            "s1",
            "2024-01-01",
            "2024-06-30",
            EMPLOYER_B,
            &json!({"unit": "1201"}),
        ),
        today,
    )
    .await;

    let caseworker = user(
        store,
        "cw0301",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    let caseworker_elsewhere = user(
        store,
        "cw1201",
        Role::Caseworker,
        Account {
            unit: Some("1201"),
            ..Account::default()
        },
    )
    .await;
    let caseworker_protected = user(
        store,
        "cw0301p",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            protected: true,
            ..Account::default()
        },
    )
    .await;
    let manager = user(
        store,
        "manager-a",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_A),
            ..Account::default()
        },
    )
    .await;
    let manager_elsewhere = user(
        store,
        "manager-b",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_B),
            ..Account::default()
        },
    )
    .await;
    let worker = user(
        store,
        "anna",
        Role::Worker,
        Account {
            person: Some(anna),
            ..Account::default()
        },
    )
    .await;
    let other_worker = user(
        store,
        "bo",
        Role::Worker,
        Account {
            person: Some(bo),
            ..Account::default()
        },
    )
    .await;
    let gp = user(
        store,
        "berg",
        Role::Gp,
        Account {
            gp_id: Some("dr-berg"),
            ..Account::default()
        },
    )
    .await;
    let other_gp = user(
        store,
        "lund",
        Role::Gp,
        Account {
            gp_id: Some("dr-lund"),
            ..Account::default()
        },
    )
    .await;
    let counsellor = user(store, "counsellor", Role::Counsellor, Account::default()).await;
    let job_specialist = user(
        store,
        "jobspecialist",
        Role::JobSpecialist,
        Account::default(),
    )
    .await;
    let admin = user(store, "admin", Role::Admin, Account::default()).await;

    let expectations = [
        (&caseworker, true),
        (&caseworker_elsewhere, false),
        (&caseworker_protected, true),
        (&manager, true),
        (&manager_elsewhere, false),
        (&worker, true),
        (&other_worker, false),
        (&gp, true),
        (&other_gp, false),
        (&counsellor, false),
        (&job_specialist, false),
        (&admin, false),
    ];
    let n_denied_before = n_audit(&h.raw, &anna_id, AuditAction::ReadFollowup, false).await;
    let n_permitted_before = n_audit(&h.raw, &anna_id, AuditAction::ReadFollowup, true).await;
    for (actor, expected) in expectations {
        assert_eq!(
            can_read(store, actor, &anna, today).await,
            expected,
            "{}",
            actor.username
        );
    }
    let n_denied = expectations
        .iter()
        .filter(|(_, expected)| !expected)
        .count() as i64;
    assert_eq!(
        n_audit(&h.raw, &anna_id, AuditAction::ReadFollowup, false).await,
        n_denied_before + n_denied
    );
    assert_eq!(
        n_audit(&h.raw, &anna_id, AuditAction::ReadFollowup, true).await,
        n_permitted_before + expectations.len() as i64 - n_denied
    );

    // A person who does not exist gives the very same answer, and is audited too.
    let missing = store
        .read_person(
            &caseworker,
            &nobody,
            AuditAction::ReadFollowup,
            "test",
            today,
            NOW,
        )
        .await
        .unwrap_err();
    let hidden = store
        .read_person(
            &caseworker_elsewhere,
            &anna,
            AuditAction::ReadFollowup,
            "test",
            today,
            NOW,
        )
        .await
        .unwrap_err();
    assert!(matches!(
        (&missing, &hidden),
        (StoreError::NotFound, StoreError::NotFound)
    ));
    assert_eq!(missing.to_string(), hidden.to_string());
    assert_eq!(
        n_audit(
            &h.raw,
            &nobody.to_string(),
            AuditAction::ReadFollowup,
            false
        )
        .await,
        1
    );

    // The manager sees the employee only while the case is open (end + 16 days).
    assert!(can_read(store, &manager, &anna, date("2024-07-16")).await);
    assert!(!can_read(store, &manager, &anna, date("2024-07-17")).await);

    // Consent: granted, the counsellor sees the worker; withdrawn, at once no more.
    store
        .grant_consent(&worker, &anna, "counsellor", None, Share::NONE, NOW)
        .await
        .unwrap();
    assert!(can_read(store, &counsellor, &anna, today).await);
    assert!(!can_read(store, &job_specialist, &anna, today).await);
    assert!(!can_read(store, &counsellor, &bo, today).await);
    store
        .withdraw_consent(&worker, &anna, "counsellor", NOW + 1)
        .await
        .unwrap();
    assert!(!can_read(store, &counsellor, &anna, today).await);
    store
        .grant_consent(&worker, &anna, "jobspecialist", None, Share::NONE, NOW + 2)
        .await
        .unwrap();
    assert!(can_read(store, &job_specialist, &anna, today).await);
    store
        .grant_consent(&worker, &anna, "counsellor", None, Share::NONE, NOW + 3)
        .await
        .unwrap();
    assert!(
        can_read(store, &counsellor, &anna, today).await,
        "granted again"
    );
    assert_eq!(
        n_audit(&h.raw, &anna_id, AuditAction::GrantConsent, true).await,
        3
    );
    assert_eq!(
        n_audit(&h.raw, &anna_id, AuditAction::WithdrawConsent, true).await,
        1
    );
    // Only to counsellors and job specialists, and only by the worker.
    assert!(matches!(
        store
            .grant_consent(&worker, &anna, "cw0301", None, Share::NONE, NOW)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .grant_consent(&worker, &anna, "no-such-user", None, Share::NONE, NOW)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .grant_consent(&caseworker, &anna, "counsellor", None, Share::NONE, NOW)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .withdraw_consent(&manager, &anna, "counsellor", NOW)
            .await,
        Err(StoreError::NotFound)
    ));

    // Protected address: only those with the right, and the person themself.
    assert!(matches!(
        store
            .set_address_protection(&caseworker, &anna, AddressProtection::Confidential, NOW)
            .await,
        Err(StoreError::Forbidden)
    ));
    store
        .set_address_protection(
            &system(),
            &anna,
            AddressProtection::StrictlyConfidential,
            NOW,
        )
        .await
        .unwrap();
    for (actor, expected) in [
        (&caseworker, false),
        (&caseworker_protected, true),
        (&manager, false),
        (&gp, false),
        (&worker, true),
        (&counsellor, false),
        (&system(), false),
    ] {
        assert_eq!(
            can_read(store, actor, &anna, today).await,
            expected,
            "protected, {}",
            actor.username
        );
    }
    let record = store
        .read_person(
            &worker,
            &anna,
            AuditAction::ReadDocuments,
            "own",
            today,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(record.protection, AddressProtection::StrictlyConfidential);
    store
        .set_address_protection(&system(), &anna, AddressProtection::None, NOW)
        .await
        .unwrap();
    assert!(can_read(store, &caseworker, &anna, today).await);
    assert_eq!(
        n_audit(&h.raw, &anna_id, AuditAction::SetAddressProtection, true).await,
        2
    );
}

async fn a_manager_never_gets_a_diagnosis(h: Harness) {
    let store = &h.store;
    let today = date("2024-03-01");
    let anna = person(0);
    store_ok(store, &system(), &certificate(&anna, "s1", "2024-01-01", "2024-06-30", EMPLOYER_A,
        &json!({"unit": "0301", "gp": "dr-berg", "diagnosis": {"system": "ICD-10", "code": "F32.1"}})), today).await;
    let manager = user(
        store,
        "manager-a",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_A),
            ..Account::default()
        },
    )
    .await;
    let caseworker = user(
        store,
        "cw0301",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    let worker = user(
        store,
        "anna",
        Role::Worker,
        Account {
            person: Some(anna),
            ..Account::default()
        },
    )
    .await;
    let gp = user(
        store,
        "berg",
        Role::Gp,
        Account {
            gp_id: Some("dr-berg"),
            ..Account::default()
        },
    )
    .await;
    for (actor, sees_diagnosis) in [
        (&manager, false),
        (&caseworker, true),
        (&worker, true),
        (&gp, true),
    ] {
        for action in [AuditAction::ReadDocuments, AuditAction::ReadFollowup] {
            let record = store
                .read_person(actor, &anna, action, "test", today, NOW)
                .await
                .unwrap();
            assert_eq!(record.documents.len(), 1);
            assert_eq!(
                record.documents[0].document.diagnosis.is_some(),
                sees_diagnosis,
                "{}",
                actor.username
            );
        }
    }
}

async fn parties_send_only_their_case_work_for_persons_they_see(h: Harness) {
    let store = &h.store;
    let today = date("2024-03-01");
    let (anna, bo) = (person(0), person(1));
    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "s1",
            "2024-01-01",
            "2024-06-30",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        ),
        today,
    )
    .await;
    store_ok(
        store,
        &system(),
        &certificate(
            &bo,
            "s1",
            "2024-01-01",
            "2024-06-30",
            EMPLOYER_B,
            &json!({"unit": "1201"}),
        ),
        today,
    )
    .await;
    let caseworker = user(
        store,
        "cw0301",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    let manager = user(
        store,
        "manager-a",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_A),
            ..Account::default()
        },
    )
    .await;
    let worker = user(
        store,
        "anna",
        Role::Worker,
        Account {
            person: Some(anna),
            ..Account::default()
        },
    )
    .await;
    let assessed = |person: &Fnr, id: &str| {
        doc(
            &json!({"kind": "activity_assessed", "id": id, "person": person.to_string(), "date": "2024-02-20",
            "outcome": "exempt_medical", "reason": "not yet able"}),
        )
    };
    let plan = |person: &Fnr| {
        doc(
            &json!({"kind": "plan_shared", "id": "p1", "person": person.to_string(), "date": "2024-01-20"}),
        )
    };
    let meeting = |person: &Fnr| {
        doc(
            &json!({"kind": "meeting_held", "id": "m1", "person": person.to_string(), "date": "2024-02-15", "meeting": 1}),
        )
    };

    store_ok(store, &caseworker, &assessed(&anna, "a1"), today).await;
    store_ok(store, &manager, &plan(&anna), today).await;
    store_ok(store, &manager, &meeting(&anna), today).await;
    let forbidden = [
        (&caseworker, plan(&anna)),
        (
            &caseworker,
            certificate(
                &anna,
                "s2",
                "2024-07-01",
                "2024-07-31",
                EMPLOYER_A,
                &json!({}),
            ),
        ),
        (&manager, assessed(&anna, "a2")),
        (&worker, meeting(&anna)),
    ];
    for (actor, document) in &forbidden {
        assert!(
            matches!(
                store.store_document(actor, document, today, NOW).await,
                Err(StoreError::SendRefused(_))
            ),
            "{} {}",
            actor.username,
            document.document.kind().as_str()
        );
    }
    let before = snapshot(&h.raw).await;
    for (actor, document) in [
        (&caseworker, assessed(&bo, "a1")),
        (&manager, plan(&bo)),
        (&caseworker, assessed(&person(3), "a1")),
    ] {
        assert!(
            matches!(
                store.store_document(actor, &document, today, NOW).await,
                Err(StoreError::NotFound)
            ),
            "{}",
            actor.username
        );
    }
    let after = snapshot(&h.raw).await;
    let new_rows: Vec<&String> = after.iter().filter(|row| !before.contains(row)).collect();
    assert_eq!(
        new_rows.len(),
        3,
        "only the three denied audit entries: {new_rows:#?}"
    );
    assert!(new_rows
        .iter()
        .all(|row| row.starts_with("audit_log: ") && row.contains("store_document")));
    assert_eq!(
        n_audit(&h.raw, &bo.to_string(), AuditAction::StoreDocument, false).await,
        2
    );
    assert_derived_rows_match_recomputation(&h.raw, &anna, today).await;
    assert_eq!(
        h.raw.strings(&format!("SELECT state FROM tasks WHERE person_id = '{anna}' AND kind = 'activity_requirement'")).await,
        vec!["done"]
    );
}

fn assert_queue_order(queue: &[QueuedTask], today: NaiveDate) {
    for queued in queue {
        if queued.task.state == TaskState::Open {
            assert_eq!(queued.urgency, TaskUrgency::of(queued.task.due, today));
        }
    }
    let key = |queued: &QueuedTask| {
        (
            !(queued.task.state == TaskState::Open && queued.task.due < today),
            queued.task.due,
            queued.person.to_string(),
            queued.task.id.clone(),
        )
    };
    for pair in queue.windows(2) {
        assert!(
            key(&pair[0]) <= key(&pair[1]),
            "{:?} before {:?}",
            key(&pair[0]),
            key(&pair[1])
        );
    }
}

async fn task_queues_are_ordered_filtered_and_audited(h: Harness) {
    let store = &h.store;
    let today = date("2024-04-15");
    let persons: Vec<Fnr> = (0..5).map(person).collect();
    let starts = [
        "2024-01-01",
        "2024-01-15",
        "2024-02-01",
        "2024-03-01",
        "2024-01-08",
    ];
    let employers = [EMPLOYER_A, EMPLOYER_A, EMPLOYER_B, EMPLOYER_A, EMPLOYER_A];
    let units = ["0301", "0301", "0301", "0301", "1201"];
    for index in 0..5 {
        let document = certificate(
            &persons[index],
            "s1",
            starts[index],
            "2024-12-31",
            employers[index],
            &json!({"unit": units[index]}),
        );
        store_ok(store, &system(), &document, today).await;
    }
    let caseworker = user(
        store,
        "cw0301",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    let caseworker_protected = user(
        store,
        "cw0301p",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            protected: true,
            ..Account::default()
        },
    )
    .await;
    let manager = user(
        store,
        "manager-a",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_A),
            ..Account::default()
        },
    )
    .await;
    let worker = user(
        store,
        "anna",
        Role::Worker,
        Account {
            person: Some(persons[0]),
            ..Account::default()
        },
    )
    .await;
    let n_listings_before = n_audit(&h.raw, "", AuditAction::ReadTasks, true).await;

    // The unit's NAV queue: exactly the open NAV tasks of the unit's persons.
    let queue = store
        .list_tasks(&caseworker, &open_query(today), NOW)
        .await
        .unwrap();
    assert_queue_order(&queue, today);
    let mut expected = BTreeSet::new();
    for person in &persons[..4] {
        let record = store
            .read_person(
                &system(),
                person,
                AuditAction::ReadFollowup,
                "test",
                today,
                NOW,
            )
            .await
            .unwrap();
        for task in record
            .tasks
            .iter()
            .filter(|task| task.owner == Party::Nav && task.state == TaskState::Open)
        {
            expected.insert((person.to_string(), task.id.clone()));
        }
    }
    let listed: BTreeSet<_> = queue
        .iter()
        .map(|queued| (queued.person.to_string(), queued.task.id.clone()))
        .collect();
    assert_eq!(listed, expected);
    assert!(queue
        .iter()
        .any(|queued| queued.urgency == TaskUrgency::Overdue));
    assert!(queue
        .iter()
        .any(|queued| queued.urgency == TaskUrgency::Upcoming));
    assert!(queue.iter().all(|queued| queued.unit.to_string() == "0301"));

    // Filters.
    let kind = TaskQuery {
        kind: Some(TaskKind::ActivityRequirement),
        ..open_query(today)
    };
    let by_kind = store.list_tasks(&caseworker, &kind, NOW).await.unwrap();
    assert_eq!(by_kind.len(), 4);
    assert!(by_kind
        .iter()
        .all(|queued| queued.task.kind == TaskKind::ActivityRequirement));
    let soon = TaskQuery {
        due_within_days: Some(14),
        ..open_query(today)
    };
    let due_soon = store.list_tasks(&caseworker, &soon, NOW).await.unwrap();
    assert!(!due_soon.is_empty());
    assert!(due_soon
        .iter()
        .all(|queued| queued.urgency != TaskUrgency::Upcoming));
    assert_eq!(
        due_soon.len(),
        queue
            .iter()
            .filter(|queued| queued.urgency != TaskUrgency::Upcoming)
            .count()
    );
    let first_two = store
        .list_tasks(
            &caseworker,
            &TaskQuery {
                limit: 2,
                ..open_query(today)
            },
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(
        first_two
            .iter()
            .map(|queued| &queued.task.id)
            .collect::<Vec<_>>(),
        queue[..2]
            .iter()
            .map(|queued| &queued.task.id)
            .collect::<Vec<_>>()
    );

    // Closing a task takes it out of the open queue; every state shows it.
    let assessed = doc(
        &json!({"kind": "activity_assessed", "id": "a1", "person": persons[0].to_string(),
        "date": "2024-02-20", "outcome": "fulfilled", "reason": "works 50 %"}),
    );
    store_ok(store, &caseworker, &assessed, today).await;
    let open_after = store.list_tasks(&caseworker, &kind, NOW).await.unwrap();
    assert_eq!(open_after.len(), 3);
    let every_state = store
        .list_tasks(
            &caseworker,
            &TaskQuery {
                open_only: false,
                assigned_to_me: false,
                ..kind.clone()
            },
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(every_state.len(), 4);
    assert_queue_order(&every_state, today);
    let closed = every_state
        .iter()
        .find(|queued| queued.person == persons[0])
        .unwrap();
    assert_eq!(closed.task.state, TaskState::Done);
    assert_eq!(
        closed.task.closed_because.as_deref(),
        Some("activity_assessed:a1")
    );

    // The manager's queue: employer tasks of employees with an open case there.
    let manager_queue = store
        .list_tasks(&manager, &open_query(today), NOW)
        .await
        .unwrap();
    assert_queue_order(&manager_queue, today);
    let manager_persons: BTreeSet<String> = manager_queue
        .iter()
        .map(|queued| queued.person.to_string())
        .collect();
    let expected_persons: BTreeSet<String> = [0, 1, 3, 4]
        .iter()
        .map(|index| persons[*index].to_string())
        .collect();
    assert_eq!(manager_persons, expected_persons);
    assert!(manager_queue
        .iter()
        .all(|queued| queued.task.owner == Party::Employer));
    // After the cases have closed, nothing.
    let later = open_query(date("2025-02-01"));
    assert!(store
        .list_tasks(&manager, &later, NOW)
        .await
        .unwrap()
        .is_empty());

    // A protected person leaves the queue of those without the right.
    store
        .set_address_protection(&system(), &persons[1], AddressProtection::Confidential, NOW)
        .await
        .unwrap();
    let without_protected = store
        .list_tasks(&caseworker, &open_query(today), NOW)
        .await
        .unwrap();
    assert!(without_protected
        .iter()
        .all(|queued| queued.person != persons[1]));
    let with_protected = store
        .list_tasks(&caseworker_protected, &open_query(today), NOW)
        .await
        .unwrap();
    assert!(with_protected
        .iter()
        .any(|queued| queued.person == persons[1]));

    // Other roles have no queue.
    assert!(matches!(
        store.list_tasks(&worker, &open_query(today), NOW).await,
        Err(StoreError::Forbidden)
    ));
    assert_eq!(
        n_audit(&h.raw, "", AuditAction::ReadTasks, true).await,
        n_listings_before + 10
    );
    assert_eq!(n_audit(&h.raw, "", AuditAction::ReadTasks, false).await, 1);
}

async fn only_the_owning_party_decides_a_task(h: Harness) {
    let store = &h.store;
    let today = date("2024-04-15");
    let anna = person(0);
    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "s1",
            "2024-01-01",
            "2024-09-30",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        ),
        today,
    )
    .await;
    let caseworker = user(
        store,
        "cw0301",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    let caseworker_elsewhere = user(
        store,
        "cw1201",
        Role::Caseworker,
        Account {
            unit: Some("1201"),
            ..Account::default()
        },
    )
    .await;
    let manager = user(
        store,
        "manager-a",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_A),
            ..Account::default()
        },
    )
    .await;
    let manager_elsewhere = user(
        store,
        "manager-b",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_B),
            ..Account::default()
        },
    )
    .await;
    let worker = user(
        store,
        "anna",
        Role::Worker,
        Account {
            person: Some(anna),
            ..Account::default()
        },
    )
    .await;
    // A NAV task that no document closes by itself; the activity
    // requirement is closed only by its assessment (refused below).
    let nav_task = "2024-01-01:prepare_dialogue_meeting_2";
    let activity = "2024-01-01:activity_requirement";
    let plan = "2024-01-01:follow_up_plan";

    let decided = store
        .decide_task(
            &caseworker,
            &anna,
            nav_task,
            TaskState::NotNeeded,
            "held as meeting 3 instead",
            today,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(decided.task.state, TaskState::NotNeeded);
    assert_eq!(
        decided.task.closed_because.as_deref(),
        Some("held as meeting 3 instead")
    );
    assert_eq!(decided.person, anna);
    let queue = store
        .list_tasks(&caseworker, &open_query(today), NOW)
        .await
        .unwrap();
    assert!(queue.iter().all(|queued| queued.task.id != nav_task));
    assert_derived_rows_match_recomputation(&h.raw, &anna, today).await;

    // The decision survives recomputation by later documents.
    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "s2",
            "2024-10-01",
            "2024-10-31",
            EMPLOYER_A,
            &json!({}),
        ),
        today,
    )
    .await;
    let record = store
        .read_person(
            &caseworker,
            &anna,
            AuditAction::ReadFollowup,
            "test",
            today,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(
        record
            .tasks
            .iter()
            .find(|task| task.id == nav_task)
            .unwrap()
            .state,
        TaskState::NotNeeded
    );

    // Reopened, it is open again.
    let reopened = store
        .decide_task(
            &caseworker,
            &anna,
            nav_task,
            TaskState::Open,
            "assess after all",
            today,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(reopened.task.state, TaskState::Open);

    let decided = store
        .decide_task(
            &manager,
            &anna,
            plan,
            TaskState::Done,
            "plan made",
            today,
            NOW,
        )
        .await
        .unwrap();
    assert_eq!(decided.task.state, TaskState::Done);

    let refusals = [
        (&caseworker, plan, "Forbidden"),
        (&manager, nav_task, "Forbidden"),
        (&worker, plan, "Forbidden"),
        (&caseworker, "2024-01-01:no_such_task", "NotFound"),
        (&caseworker_elsewhere, nav_task, "NotFound"),
        (&manager_elsewhere, plan, "NotFound"),
    ];
    let before = snapshot(&h.raw).await;
    for (actor, task_id, expected) in refusals {
        let error = store
            .decide_task(
                actor,
                &anna,
                task_id,
                TaskState::Done,
                "because",
                today,
                NOW,
            )
            .await
            .unwrap_err();
        assert_eq!(
            format!("{error:?}"),
            expected,
            "{} {task_id}",
            actor.username
        );
    }
    assert!(matches!(
        store
            .decide_task(
                &caseworker,
                &anna,
                nav_task,
                TaskState::Done,
                "  ",
                today,
                NOW
            )
            .await,
        Err(StoreError::Invalid { .. })
    ));
    // The activity requirement is closed only by its assessment: marking
    // it is refused, says what to send instead, and is audited as denied.
    for state in [TaskState::Done, TaskState::NotNeeded] {
        match store
            .decide_task(&caseworker, &anna, activity, state, "because", today, NOW)
            .await
        {
            Err(StoreError::Invalid { field, message }) => {
                assert_eq!(field, "task_id");
                assert!(message.contains("activity_assessed"), "{message}");
            }
            other => panic!("{other:?}"),
        }
    }
    let after = snapshot(&h.raw).await;
    let new_rows: Vec<&String> = after.iter().filter(|row| !before.contains(row)).collect();
    assert_eq!(
        new_rows.len(),
        refusals.len() + 2,
        "only denied audit entries: {new_rows:#?}"
    );
    assert!(new_rows
        .iter()
        .all(|row| row.starts_with("audit_log: ") && row.contains("complete_task")));
    assert_eq!(
        n_audit(&h.raw, &anna.to_string(), AuditAction::CompleteTask, true).await,
        3
    );
    assert_derived_rows_match_recomputation(&h.raw, &anna, today).await;
}

async fn the_daily_tick_runs_once_per_day(h: Harness) {
    let store = &h.store;
    let stored_on = date("2024-01-10");
    for index in 0..4 {
        let document = certificate(
            &person(index),
            "s1",
            "2024-01-01",
            "2024-12-31",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        );
        store_ok(store, &system(), &document, stored_on).await;
    }
    let day = date("2024-03-01");
    let urgencies = || async {
        h.raw
            .strings("SELECT due || '|' || urgency FROM tasks WHERE state = 'open' ORDER BY person_id, task_id")
            .await
    };
    let first = store.tick(day, NOW).await.unwrap();
    assert!(first.n_changed > 0);
    let rows = urgencies().await;
    assert_eq!(first.n_open, rows.len() as u64);
    let mut n_overdue = 0;
    let mut n_due_soon = 0;
    for row in &rows {
        let (due, urgency) = row.split_once('|').unwrap();
        let expected = TaskUrgency::of(date(due), day);
        assert_eq!(urgency, expected.as_str());
        n_overdue += u64::from(expected == TaskUrgency::Overdue);
        n_due_soon += u64::from(expected == TaskUrgency::DueSoon);
    }
    assert_eq!((first.n_overdue, first.n_due_soon), (n_overdue, n_due_soon));

    let before = snapshot(&h.raw).await;
    let second = store.tick(day, NOW + 1).await.unwrap();
    assert_eq!(second.n_changed, 0);
    assert_eq!(
        (second.n_open, second.n_overdue, second.n_due_soon),
        (first.n_open, first.n_overdue, first.n_due_soon)
    );
    assert_eq!(
        snapshot(&h.raw).await,
        before,
        "a second run of a day changes nothing"
    );

    let next_day = store.tick(date("2024-03-02"), NOW + 2).await.unwrap();
    assert_eq!(next_day.n_open, first.n_open);
}

async fn concurrent_documents_for_one_person_lose_no_update(h: Harness) {
    let today = date("2024-06-01");
    let anna = person(0);
    let start = date("2024-01-01");
    let mut handles = Vec::new();
    for index in 0..50u64 {
        let store = Arc::clone(&h.store);
        let from = start + Days::new(index * 5);
        let to = from + Days::new(4);
        let employer = if index % 3 == 0 {
            EMPLOYER_B
        } else {
            EMPLOYER_A
        };
        let unit = format!("{:04}", 100 + index);
        let document = certificate(
            &anna,
            &format!("s{index}"),
            &from.to_string(),
            &to.to_string(),
            employer,
            &json!({"unit": unit}),
        );
        // A second person at the same time, to interleave writers.
        let other = certificate(
            &person(1),
            &format!("s{index}"),
            &from.to_string(),
            &to.to_string(),
            employer,
            &json!({}),
        );
        handles.push(tokio::spawn(async move {
            let outcome = store.store_document(&system(), &document, today, NOW).await;
            let other_outcome = store.store_document(&system(), &other, today, NOW).await;
            (outcome, other_outcome)
        }));
    }
    for handle in handles {
        let (outcome, other_outcome) = handle.await.unwrap();
        assert!(
            matches!(outcome, Ok(DocumentOutcome::Stored)),
            "{outcome:?}"
        );
        assert!(
            matches!(other_outcome, Ok(DocumentOutcome::Stored)),
            "{other_outcome:?}"
        );
    }
    let seqs = h
        .raw
        .strings(&format!("SELECT CAST(seq AS TEXT) AS seq_text FROM documents WHERE person_id = '{anna}' ORDER BY seq"))
        .await;
    assert_eq!(
        seqs,
        (1..=50).map(|seq| seq.to_string()).collect::<Vec<_>>()
    );
    assert_derived_rows_match_recomputation(&h.raw, &anna, today).await;
    assert_derived_rows_match_recomputation(&h.raw, &person(1), today).await;
    // One case of 250 days.
    assert_eq!(
        h.raw.strings(&format!("SELECT case_start || '|' || case_end FROM followup_cases WHERE person_id = '{anna}'")).await,
        vec!["2024-01-01|2024-09-06"]
    );
}

async fn accounts_sessions_and_tokens(h: Harness) {
    let store = &h.store;
    store.ping().await.unwrap();
    let caseworker = user(
        store,
        "kari",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    assert_eq!(caseworker.role, Role::Caseworker);
    assert_eq!(
        caseworker.unit.map(|unit| unit.to_string()).as_deref(),
        Some("0301")
    );
    let duplicate = NewUser {
        username: "kari".to_owned(),
        password_hash: "x".to_owned(),
        role: Role::Admin,
        unit: None,
        employer: None,
        person: None,
        gp_id: None,
        protected_address_access: false,
    };
    assert!(matches!(
        store.create_user(&duplicate, NOW).await,
        Err(StoreError::Conflict(_))
    ));
    let record = store.user_by_username("kari").await.unwrap().unwrap();
    assert_eq!(record.password_hash, "hash-of-kari");
    assert!(store.user_by_username("nobody").await.unwrap().is_none());

    let session = NewSession {
        token_hash: "session-hash".to_owned(),
        user_id: caseworker.user_id,
        csrf_token: "csrf".to_owned(),
        created_at: NOW,
        expires_at: NOW + 1000,
    };
    store.create_session(&session).await.unwrap();
    let live = store
        .session("session-hash", NOW + 999)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(live.actor, caseworker);
    assert_eq!(live.csrf_token, "csrf");
    assert!(
        store
            .session("session-hash", NOW + 1000)
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    assert!(store.session("other-hash", NOW).await.unwrap().is_none());
    store.delete_session("session-hash").await.unwrap();
    assert!(store.session("session-hash", NOW).await.unwrap().is_none());

    // The user's sessions: when made and last used, which is the one
    // asking; "log out everywhere" ends them all, and only theirs.
    let minute = 60 * 1000;
    for (hash, created_at) in [("first", NOW), ("second", NOW + minute)] {
        store
            .create_session(&NewSession {
                token_hash: hash.to_owned(),
                user_id: caseworker.user_id,
                csrf_token: "csrf".to_owned(),
                created_at,
                expires_at: NOW + 60 * minute,
            })
            .await
            .unwrap();
    }
    let other_user = user(store, "ola", Role::Admin, Account::default()).await;
    store
        .create_session(&NewSession {
            token_hash: "ola-session".to_owned(),
            user_id: other_user.user_id,
            csrf_token: "csrf".to_owned(),
            created_at: NOW,
            expires_at: NOW + 60 * minute,
        })
        .await
        .unwrap();
    store
        .session("first", NOW + 5 * minute)
        .await
        .unwrap()
        .unwrap();
    let sessions = store
        .sessions_of(&caseworker, "first", NOW + 6 * minute)
        .await
        .unwrap();
    assert_eq!(
        sessions
            .iter()
            .map(|s| (s.created_at, s.last_used_at, s.current))
            .collect::<Vec<_>>(),
        vec![
            (NOW + minute, NOW + minute, false),
            (NOW, NOW + 5 * minute, true)
        ]
    );
    assert_eq!(store.end_sessions_of(&caseworker).await.unwrap(), 2);
    assert!(store.session("first", NOW).await.unwrap().is_none());
    assert!(store.session("second", NOW).await.unwrap().is_none());
    assert!(store.session("ola-session", NOW).await.unwrap().is_some());

    // Failed logins per (account, address), forgotten after a while.
    assert_eq!(
        store.login_failures("kari", "192.0.2.1", 0).await.unwrap(),
        None
    );
    for n in 1..=3 {
        let failures = store
            .record_login_failure("kari", "192.0.2.1", NOW + n, 0)
            .await
            .unwrap();
        assert_eq!(
            (failures.n_failures, failures.last_failure_at),
            (n, NOW + n)
        );
    }
    assert_eq!(
        store
            .login_failures("kari", "192.0.2.1", 0)
            .await
            .unwrap()
            .map(|failures| failures.n_failures),
        Some(3)
    );
    assert_eq!(
        store.login_failures("kari", "192.0.2.2", 0).await.unwrap(),
        None
    );
    assert_eq!(
        store
            .login_failures("kari", "192.0.2.1", NOW + 4)
            .await
            .unwrap(),
        None
    );
    store
        .clear_login_failures("kari", "192.0.2.1")
        .await
        .unwrap();
    assert_eq!(
        store.login_failures("kari", "192.0.2.1", 0).await.unwrap(),
        None
    );
    store
        .record_login_failure("ola", "192.0.2.1", NOW, 0)
        .await
        .unwrap();
    store
        .record_login_failure("kari", "192.0.2.1", NOW + 10, NOW + 1)
        .await
        .unwrap();
    assert_eq!(
        store.login_failures("ola", "192.0.2.1", 0).await.unwrap(),
        None,
        "forgotten"
    );

    store
        .create_api_token("import", "token-hash", NOW)
        .await
        .unwrap();
    assert!(matches!(
        store.create_api_token("import", "other-hash", NOW).await,
        Err(StoreError::Conflict(_))
    ));
    let actor = store.api_token_actor("token-hash").await.unwrap().unwrap();
    assert_eq!(
        (actor.role, actor.username.as_str()),
        (Role::System, "import")
    );
    assert!(store.api_token_actor("wrong-hash").await.unwrap().is_none());
    // A token's actor stores documents.
    store_ok(
        store,
        &actor,
        &certificate(
            &person(0),
            "s1",
            "2024-01-01",
            "2024-01-31",
            EMPLOYER_A,
            &json!({}),
        ),
        date("2024-02-01"),
    )
    .await;
}

async fn the_audit_log_is_for_the_person_themself(h: Harness) {
    let store = &h.store;
    let today = date("2024-03-01");
    let anna = person(0);
    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "s1",
            "2024-01-01",
            "2024-06-30",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        ),
        today,
    )
    .await;
    let worker = user(
        store,
        "anna",
        Role::Worker,
        Account {
            person: Some(anna),
            ..Account::default()
        },
    )
    .await;
    let other_worker = user(
        store,
        "bo",
        Role::Worker,
        Account {
            person: Some(person(1)),
            ..Account::default()
        },
    )
    .await;
    let caseworker = user(
        store,
        "cw0301",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    let caseworker_elsewhere = user(
        store,
        "cw1201",
        Role::Caseworker,
        Account {
            unit: Some("1201"),
            ..Account::default()
        },
    )
    .await;
    store
        .read_person(
            &caseworker,
            &anna,
            AuditAction::ReadFollowup,
            "follow-up",
            today,
            NOW + 10,
        )
        .await
        .unwrap();
    assert!(store
        .read_person(
            &caseworker_elsewhere,
            &anna,
            AuditAction::ReadDocuments,
            "curious",
            today,
            NOW + 20
        )
        .await
        .is_err());

    assert!(matches!(
        store
            .person_audit_log(&caseworker, &anna, today, NOW + 30)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .person_audit_log(&other_worker, &anna, today, NOW + 40)
            .await,
        Err(StoreError::NotFound)
    ));
    let log = store
        .person_audit_log(&worker, &anna, today, NOW + 50)
        .await
        .unwrap();
    let summary: Vec<(String, &str, bool)> = log
        .iter()
        .map(|entry| {
            (
                entry.actor_username.clone(),
                entry.action.as_str(),
                entry.permitted,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("anna".to_owned(), "read_audit_log", true),
            ("bo".to_owned(), "read_audit_log", false),
            ("cw0301".to_owned(), "read_audit_log", false),
            ("cw1201".to_owned(), "read_documents", false),
            ("cw0301".to_owned(), "read_followup", true),
            ("import".to_owned(), "store_document", true),
        ]
    );
    assert_eq!(log[4].purpose, "follow-up");
    assert_eq!(log[4].actor_role, Role::Caseworker);
    // Each entry names the office or organisation the account works for,
    // so the person reads who it was without a username; a system client
    // works for none.
    assert_eq!(log[4].actor_tie.unit.as_deref(), Some("0301"));
    assert_eq!(log[3].actor_tie.unit.as_deref(), Some("1201"));
    assert_eq!(log[5].actor_tie, tilbake_store::ActorTie::default());
    assert!(
        log.windows(2).all(|pair| pair[0].at >= pair[1].at),
        "newest first"
    );
}

async fn a_schema_newer_than_the_program_is_refused(h: Harness) {
    let Harness {
        store,
        raw,
        url,
        _directory,
    } = h;
    drop(store);
    let checksum = match raw {
        Raw::Sqlite(_) => "x'00'",
        Raw::Pg(_) => "'\\x00'::bytea",
    };
    raw.execute(&format!(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99999999999999, 'from a newer tilbake', TRUE, {checksum}, 0)"
    ))
    .await;
    match tilbake_store::open(&url).await {
        Err(StoreError::SchemaTooNew { found, known }) => {
            assert_eq!(found, 99_999_999_999_999);
            assert!(known < found);
        }
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("opened a database with a newer schema"),
    }
}

/// A manager lists the employees in an open case at the employer, a GP the
/// patients they certified; each listed person gets an audit entry. Plan
/// versions reach the GP and NAV only once the manager shares them.
async fn managers_and_gps_list_their_persons_and_see_plans_once_shared(h: Harness) {
    let store = &h.store;
    let today = date("2024-03-01");
    let (anna, bo, cy) = (person(0), person(1), person(2));
    for (who, employer, to, gp) in [
        (&anna, EMPLOYER_A, "2024-06-30", "dr-a"),
        (&bo, EMPLOYER_B, "2024-06-30", "dr-a"),
        // Ended long ago: no open case at employer A any more.
        (&cy, EMPLOYER_A, "2023-01-31", "dr-b"),
    ] {
        let from = if to.starts_with("2023") {
            "2023-01-01"
        } else {
            "2024-01-01"
        };
        store_ok(
            store,
            &system(),
            &certificate(
                who,
                "s1",
                from,
                to,
                employer,
                &json!({"unit": "0301", "gp": gp}),
            ),
            today,
        )
        .await;
    }
    let manager = user(
        store,
        "manager-a",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_A),
            ..Account::default()
        },
    )
    .await;
    let gp = user(
        store,
        "dr-a",
        Role::Gp,
        Account {
            gp_id: Some("dr-a"),
            ..Account::default()
        },
    )
    .await;
    let caseworker = user(
        store,
        "cw0301",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    let listed = |persons: Vec<tilbake_store::ListedPerson>| {
        persons.iter().map(|p| p.person).collect::<Vec<_>>()
    };
    assert_eq!(
        listed(store.list_persons(&manager, today, NOW).await.unwrap()),
        vec![anna]
    );
    let mut patients = vec![anna, bo];
    patients.sort_by_key(ToString::to_string);
    assert_eq!(
        listed(store.list_persons(&gp, today, NOW).await.unwrap()),
        patients
    );
    assert_eq!(
        n_audit(&h.raw, &anna.to_string(), AuditAction::ListPersons, true).await,
        2
    );
    assert!(matches!(
        store.list_persons(&caseworker, today, NOW).await,
        Err(StoreError::Forbidden)
    ));

    // A plan version is the manager's and the worker's until shared.
    let version = doc(
        &json!({"kind": "plan_version", "id": "p1", "person": anna.to_string(),
        "date": "2024-01-20", "work_tasks": "Lager", "can_do_now": "Kasse"}),
    );
    store
        .store_document(&manager, &version, today, NOW)
        .await
        .unwrap();
    let plan_versions = |record: tilbake_store::PersonRecord| {
        record
            .documents
            .iter()
            .filter(|stored| stored.document.kind().as_str() == "plan_version")
            .count()
    };
    let read = |actor: Actor| {
        let store = Arc::clone(store);
        async move {
            store
                .read_person(
                    &actor,
                    &anna,
                    AuditAction::ReadDocuments,
                    "test",
                    today,
                    NOW,
                )
                .await
                .unwrap()
        }
    };
    assert_eq!(plan_versions(read(manager.clone()).await), 1);
    assert_eq!(plan_versions(read(caseworker.clone()).await), 0);
    assert_eq!(plan_versions(read(gp.clone()).await), 0);
    let shared = doc(
        &json!({"kind": "plan_shared", "id": "sh1", "person": anna.to_string(),
        "date": "2024-01-22"}),
    );
    store
        .store_document(&manager, &shared, today, NOW)
        .await
        .unwrap();
    assert_eq!(plan_versions(read(caseworker).await), 1);
    assert_eq!(plan_versions(read(gp).await), 1);
}

/// Taking a task: only a caseworker who sees the person, only an open NAV
/// task; "assigned to me" lists it; a colleague taking it moves it; handing
/// back frees it. Each attempt is audited.
async fn a_caseworker_takes_and_hands_back_a_task(h: Harness) {
    let store = &h.store;
    let today = date("2024-03-01");
    let anna = person(0);
    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "s1",
            "2024-01-01",
            "2024-06-30",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        ),
        today,
    )
    .await;
    let caseworker = |name: &'static str, unit: &'static str| {
        let store = Arc::clone(store);
        async move {
            user(
                &store,
                name,
                Role::Caseworker,
                Account {
                    unit: Some(unit),
                    ..Account::default()
                },
            )
            .await
        }
    };
    let kari = caseworker("kari", "0301").await;
    let per = caseworker("per", "0301").await;
    let elsewhere = caseworker("eli", "1201").await;
    let manager = user(
        store,
        "manager-a",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_A),
            ..Account::default()
        },
    )
    .await;
    let mine = |actor: Actor| {
        let store = Arc::clone(store);
        async move {
            let query = TaskQuery {
                assigned_to_me: true,
                ..open_query(today)
            };
            store
                .list_tasks(&actor, &query, NOW)
                .await
                .unwrap()
                .into_iter()
                .map(|queued| queued.task.id)
                .collect::<Vec<_>>()
        }
    };
    let task = "2024-01-01:activity_requirement";
    assert!(mine(kari.clone()).await.is_empty());
    store
        .assign_task(&kari, &anna, task, true, today, NOW)
        .await
        .unwrap();
    assert_eq!(mine(kari.clone()).await, vec![task.to_owned()]);
    let queue = store
        .list_tasks(&per, &open_query(today), NOW)
        .await
        .unwrap();
    let taken = queue.iter().find(|queued| queued.task.id == task).unwrap();
    assert_eq!(taken.assignee.as_deref(), Some("kari"));
    // A colleague takes it over; kari's hand-back then changes nothing.
    store
        .assign_task(&per, &anna, task, true, today, NOW)
        .await
        .unwrap();
    store
        .assign_task(&kari, &anna, task, false, today, NOW)
        .await
        .unwrap();
    assert!(mine(kari.clone()).await.is_empty());
    assert_eq!(mine(per.clone()).await, vec![task.to_owned()]);
    store
        .assign_task(&per, &anna, task, false, today, NOW)
        .await
        .unwrap();
    assert!(mine(per).await.is_empty());

    assert!(matches!(
        store
            .assign_task(&elsewhere, &anna, task, true, today, NOW)
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .assign_task(
                &manager,
                &anna,
                "2024-01-01:follow_up_plan",
                true,
                today,
                NOW
            )
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        store
            .assign_task(&kari, &anna, "2024-01-01:follow_up_plan", true, today, NOW)
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        store
            .assign_task(&kari, &anna, "no-such-task", true, today, NOW)
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        n_audit(&h.raw, &anna.to_string(), AuditAction::AssignTask, true).await,
        4
    );
    assert_eq!(
        n_audit(&h.raw, &anna.to_string(), AuditAction::AssignTask, false).await,
        4
    );
}

/// A text of exactly `n_chars` characters, with line breaks and Norwegian
/// letters, as a long case-work text is.
fn long_text(n_chars: usize) -> String {
    "Arbeidstakeren ønsker å prøve lageret igjen, først fire timer om dagen.\n"
        .chars()
        .cycle()
        .take(n_chars)
        .collect()
}

/// Stored history survives stricter input rules: documents of several kinds,
/// long case-work texts and lists among them, are stored in the current
/// storage format; rules tightened afterwards refuse their content, yet the
/// store reads them all back unchanged, both to show them and to recompute
/// with them, and so it does a note accepted under looser rules than
/// today's. A format the program does not know is an error naming it.
async fn stored_documents_outlive_stricter_input_rules(h: Harness) {
    let store = &h.store;
    let today = date("2024-06-01");
    let (anna, bo) = (person(0), person(1));
    let anna_id = anna.to_string();
    let max_text = long_text(tilbake_domain::casework::MAX_TEXT_CHARS);
    let documents = vec![
        certificate(
            &anna,
            "sykmelding-1",
            "2024-01-01",
            "2024-06-30",
            EMPLOYER_A,
            &json!({"unit": "0301", "gp": "dr-a", "diagnosis": {"system": "ICD-10", "code": "F32.1"}}),
        ),
        doc(
            &json!({"kind": "plan_version", "id": "plan-1", "person": anna_id, "date": "2024-01-20",
            "work_tasks": max_text, "can_do_now": long_text(600), "nav_help": "",
            "adaptations": [
                {"kind": "hours", "status": "agreed", "description": long_text(300), "effect": ""},
                {"kind": "tasks", "status": "tried", "description": "Bare lett lager", "effect": "Gikk bra"}],
            "next_steps": [
                {"what": "Evaluere timene", "who": "manager", "when": "2024-02-01"},
                {"what": "Prøve seks timer", "who": "worker", "when": "2024-02-15"}]}),
        ),
        doc(
            &json!({"kind": "plan_shared", "id": "shared-1", "person": anna_id, "date": "2024-01-22"}),
        ),
        doc(
            &json!({"kind": "meeting_invitation", "id": "invitation-1", "person": anna_id, "meeting": 1,
            "at": "2024-02-10T09:00", "place": "Kantina", "video": false,
            "participants": ["worker", "manager"], "message": long_text(1_000)}),
        ),
        doc(
            &json!({"kind": "meeting_minutes", "id": "minutes-1", "person": anna_id, "meeting": 1,
            "date": "2024-02-10", "situation": max_text, "contributions": long_text(2_000),
            "measures": "", "next_step": "", "expected_return": "2024-08-01",
            "agreements": [
                {"who": "manager", "what": "Skaffe hev-senk-pult", "due": "2024-02-20"},
                {"who": "worker", "what": long_text(500), "due": "2024-03-01"}]}),
        ),
        doc(
            &json!({"kind": "activity_assessed", "id": "assessed-1", "person": anna_id,
            "date": "2024-02-20", "outcome": "exempt_medical", "reason": "Ikke i stand ennå"}),
        ),
        doc(
            &json!({"kind": "case_note", "id": "note-1", "person": anna_id, "date": "2024-03-01",
            "text": max_text}),
        ),
    ];
    for document in &documents {
        store_ok(store, &system(), document, today).await;
    }

    // Rules made stricter since: shorter ids and texts, fewer rows.
    let tightened = InputRules {
        max_id_length: 3,
        max_text_chars: 10,
        max_rows: 1,
        ..InputRules::CURRENT
    };
    let contents = h
        .raw
        .strings(&format!(
            "SELECT content FROM documents WHERE person_id = '{anna_id}' ORDER BY seq"
        ))
        .await;
    let canonical: Vec<&str> = documents.iter().map(|d| d.canonical.as_str()).collect();
    assert_eq!(contents, canonical);
    for content in &contents {
        assert!(
            parse_document(content.as_bytes(), arrival()).is_ok(),
            "{content}"
        );
        let refused = parse_document_with(content.as_bytes(), &tightened, arrival());
        assert!(refused.is_err(), "tightened rules accept {content}");
    }
    assert_eq!(
        h.raw
            .count(&format!(
                "SELECT COUNT(*) FROM documents WHERE person_id = '{anna_id}' AND format = 1"
            ))
            .await,
        7
    );

    // A note accepted when the rules were looser than today's (a longer id
    // and text), stored as the store writes a document.
    let earlier = InputRules {
        max_id_length: 300,
        max_text_chars: 10_000,
        ..InputRules::CURRENT
    };
    let old_note = json!({"kind": "case_note", "id": format!("note-{}", "n".repeat(250)),
        "person": anna_id, "date": "2024-04-01", "text": long_text(6_000)});
    let old_note =
        parse_document_with(old_note.to_string().as_bytes(), &earlier, arrival()).unwrap();
    assert!(parse_document(old_note.canonical.as_bytes(), arrival()).is_err());
    h.raw
        .execute(&format!(
            "INSERT INTO documents (person_id, kind, doc_id, seq, content, received_at, received_by, format) \
             VALUES ('{anna_id}', 'case_note', '{}', 8, '{}', {NOW}, 'import', 1)",
            old_note.document.id, old_note.canonical
        ))
        .await;

    // Read back unchanged, by the person themself (who sees everything,
    // diagnosis and case notes included).
    let worker = user(
        store,
        "anna",
        Role::Worker,
        Account {
            person: Some(anna),
            ..Account::default()
        },
    )
    .await;
    let record = store
        .read_person(
            &worker,
            &anna,
            AuditAction::ReadDocuments,
            "test",
            today,
            NOW,
        )
        .await
        .unwrap();
    let read: Vec<&Document> = record.documents.iter().map(|s| &s.document).collect();
    let expected: Vec<&Document> = documents
        .iter()
        .chain([&old_note])
        .map(|d| &d.document)
        .collect();
    assert_eq!(read, expected);
    assert_eq!(
        record.documents.iter().map(|s| s.seq).collect::<Vec<_>>(),
        (1..=8).collect::<Vec<i64>>()
    );
    // A new document recomputes the person from all stored ones.
    store_ok(
        store,
        &system(),
        &doc(&json!({"kind": "work_resumed", "id": "back-1", "person": anna_id, "date": "2024-05-01"})),
        today,
    )
    .await;
    assert_derived_rows_match_recomputation(&h.raw, &anna, today).await;

    // A document in a storage format this program does not know (written by
    // a newer one) is an error naming it, on every path that reads documents.
    store_ok(
        store,
        &system(),
        &certificate(
            &bo,
            "sykmelding-1",
            "2024-01-01",
            "2024-06-30",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        ),
        today,
    )
    .await;
    h.raw
        .execute(&format!(
            "INSERT INTO documents (person_id, kind, doc_id, seq, content, received_at, received_by, format) \
             VALUES ('{bo}', 'case_note', 'note-from-the-future', 2, \
             '{{\"person\":\"{bo}\",\"kind\":\"case_note\",\"id\":\"note-from-the-future\",\"date\":\"2024-03-01\",\"text\":\"x\"}}', \
             {NOW}, 'test', 2)"
        ))
        .await;
    let caseworker = user(
        store,
        "cw0301",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    let read_error = store
        .read_person(
            &caseworker,
            &bo,
            AuditAction::ReadDocuments,
            "test",
            today,
            NOW,
        )
        .await
        .unwrap_err()
        .to_string();
    let store_error = store
        .store_document(
            &system(),
            &doc(&json!({"kind": "work_resumed", "id": "back-1", "person": bo.to_string(), "date": "2024-05-01"})),
            today,
            NOW,
        )
        .await
        .unwrap_err()
        .to_string();
    for error in [read_error, store_error] {
        assert!(
            error.contains("'note-from-the-future'")
                && error.contains("case_note document is in storage format 2"),
            "{error}"
        );
    }
}

/// After a change of the rules a person's stored documents may give no
/// follow-up: the reader still gets the person and the documents, with no
/// follow-up, and the follow-up route says why instead of failing.
async fn a_person_whose_documents_no_longer_derive_is_still_shown(h: Harness) {
    // Arrange: a certificate, then one that corrects itself (which today's
    // engine refuses), written straight into the table as an older
    // program could have.
    let store = &h.store;
    let today = date("2024-06-01");
    let anna = person(0);
    let anna_id = anna.to_string();
    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "s1",
            "2024-01-01",
            "2024-01-31",
            EMPLOYER_A,
            &json!({}),
        ),
        today,
    )
    .await;
    let refused = certificate(
        &anna,
        "s2",
        "2024-02-01",
        "2024-02-20",
        EMPLOYER_A,
        &json!({"corrects": "s2"}),
    );
    h.raw
        .execute(&format!(
            "INSERT INTO documents (person_id, kind, doc_id, seq, content, received_at, received_by, format) \
             VALUES ('{anna_id}', 'sick_leave', 's2', 2, '{}', {NOW}, 'import', 1)",
            refused.canonical
        ))
        .await;
    let worker = user(
        store,
        "anna",
        Role::Worker,
        Account {
            person: Some(anna),
            ..Account::default()
        },
    )
    .await;

    // Act
    let record = store
        .read_person(
            &worker,
            &anna,
            AuditAction::ReadDocuments,
            "test",
            today,
            NOW,
        )
        .await
        .unwrap();
    let followup = store
        .read_followup(&worker, &anna, today, "test", today, NOW)
        .await;

    // Assert
    assert_eq!(record.documents.len(), 2);
    assert!(record.followup.is_none());
    assert!(
        matches!(followup, Err(StoreError::Invalid { .. })),
        "{followup:?}"
    );
}

async fn guidance_answers_are_the_persons_and_shared_only_for_guidance(h: Harness) {
    let store = &h.store;
    let today = date("2024-03-01");
    let anna = person(0);
    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "s1",
            "2024-01-01",
            "2024-06-30",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        ),
        today,
    )
    .await;
    let worker = user(
        store,
        "anna",
        Role::Worker,
        Account {
            person: Some(anna),
            ..Account::default()
        },
    )
    .await;
    let counsellor = user(store, "counsellor", Role::Counsellor, Account::default()).await;
    let job_specialist = user(
        store,
        "jobspecialist",
        Role::JobSpecialist,
        Account::default(),
    )
    .await;
    let caseworker = user(
        store,
        "cw0301",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    let manager = user(
        store,
        "boss",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_A),
            ..Account::default()
        },
    )
    .await;
    // A person with no sick leave of their own can still have guidance.
    let bo = person(1);
    let bo_worker = user(
        store,
        "bo",
        Role::Worker,
        Account {
            person: Some(bo),
            ..Account::default()
        },
    )
    .await;

    let saved = |answers: &str, at: i64| SavedAnswers {
        instrument: "wheel".to_owned(),
        version: 1,
        answers: answers.to_owned(),
        saved_at: at,
    };
    // Partial answers first, then more: the later save replaces the earlier.
    store
        .save_answers(&worker, &anna, &saved(r#"{"work":{"current":3}}"#, NOW))
        .await
        .unwrap();
    store
        .save_answers(
            &worker,
            &anna,
            &saved(r#"{"work":{"current":3,"desired":8}}"#, NOW + 1),
        )
        .await
        .unwrap();
    store
        .save_answers(&bo_worker, &bo, &saved("{}", NOW))
        .await
        .unwrap();
    let own = store
        .read_guidance(&worker, &anna, today, NOW + 2)
        .await
        .unwrap();
    assert_eq!(
        own,
        vec![saved(r#"{"work":{"current":3,"desired":8}}"#, NOW + 1)]
    );
    assert_eq!(
        store
            .read_guidance(&bo_worker, &bo, today, NOW)
            .await
            .unwrap()
            .len(),
        1
    );

    // Nobody else writes a person's answers.
    for other in [&counsellor, &caseworker, &bo_worker] {
        assert!(matches!(
            store
                .save_answers(other, &anna, &saved("{}", NOW + 3))
                .await,
            Err(StoreError::NotFound)
        ));
    }
    let hidden = |actor: &Actor| {
        let actor = actor.clone();
        async move {
            matches!(
                store.read_guidance(&actor, &anna, today, NOW + 4).await,
                Err(StoreError::NotFound)
            )
        }
    };
    // The statutory parties never read guidance; nor anyone without consent.
    for actor in [
        &caseworker,
        &manager,
        &counsellor,
        &job_specialist,
        &bo_worker,
    ] {
        assert!(hidden(actor).await, "{}", actor.username);
    }
    // Booking guidance shares it with the counsellor; a job specialist only when shared.
    store
        .grant_consent(&worker, &anna, "counsellor", None, Share::NONE, NOW + 5)
        .await
        .unwrap();
    assert!(!hidden(&counsellor).await);
    store
        .grant_consent(&worker, &anna, "jobspecialist", None, Share::NONE, NOW + 6)
        .await
        .unwrap();
    assert!(hidden(&job_specialist).await);
    store
        .grant_consent(
            &worker,
            &anna,
            "jobspecialist",
            Some(Purpose::SupportedEmployment),
            Share::of([Category::Guidance]),
            NOW + 7,
        )
        .await
        .unwrap();
    assert!(!hidden(&job_specialist).await);
    // Withdrawn: at once no more.
    store
        .withdraw_consent(&worker, &anna, "counsellor", NOW + 8)
        .await
        .unwrap();
    assert!(hidden(&counsellor).await);
    assert_eq!(
        n_audit(&h.raw, &anna.to_string(), AuditAction::ReadGuidance, false).await,
        7
    );
    assert_eq!(
        n_audit(&h.raw, &anna.to_string(), AuditAction::SaveGuidance, true).await,
        2
    );
}

async fn guidance_is_booked_with_a_centre_s_counsellor_who_alone_keeps_the_notes(h: Harness) {
    use tilbake_domain::guidance::{Session, SessionPlan};
    let store = &h.store;
    let today = date("2024-03-01");
    let anna = person(0);
    let centre = Orgnr::parse(EMPLOYER_B).unwrap();
    store
        .put_centre(
            &system(),
            &CareerCentre {
                orgnr: centre,
                name: "Karriere Oslo".to_owned(),
                plan: SessionPlan::new(2, 7).unwrap(),
                counsellors: Vec::new(),
            },
            NOW,
        )
        .await
        .unwrap();
    let worker = user(
        store,
        "anna",
        Role::Worker,
        Account {
            person: Some(anna),
            ..Account::default()
        },
    )
    .await;
    let siri = user(
        store,
        "siri",
        Role::Counsellor,
        Account {
            employer: Some(EMPLOYER_B),
            ..Account::default()
        },
    )
    .await;
    let vera = user(store, "vera", Role::Counsellor, Account::default()).await;
    let js = user(
        store,
        "jobspecialist",
        Role::JobSpecialist,
        Account::default(),
    )
    .await;
    let centres = store.list_centres().await.unwrap();
    assert_eq!(centres.len(), 1);
    assert_eq!(centres[0].counsellors, ["siri"]);

    let booking = |counsellor: &str| NewBooking {
        centre,
        counsellor: counsellor.to_owned(),
        share: Share::NONE,
        wish: "Nytt yrke?".to_owned(),
        first_session: date("2024-03-04"),
    };
    // A counsellor of no centre, or another person's booking: refused, nothing stored.
    assert!(matches!(
        store
            .book_guidance(&worker, &anna, &booking("vera"), NOW)
            .await,
        Err(StoreError::Invalid { .. })
    ));
    assert!(matches!(
        store
            .book_guidance(&siri, &anna, &booking("siri"), NOW)
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store
            .guidance_process(&worker, &anna, today, NOW)
            .await
            .unwrap(),
        None
    );
    assert!(store
        .my_bookings(&siri, today, NOW)
        .await
        .unwrap()
        .is_empty());

    store
        .book_guidance(&worker, &anna, &booking("siri"), NOW + 1)
        .await
        .unwrap();
    let process = store
        .guidance_process(&worker, &anna, today, NOW + 2)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(process.counsellor, "siri");
    let planned: Vec<_> = process
        .sessions
        .iter()
        .map(|record| record.session.planned_on)
        .collect();
    assert_eq!(planned, [date("2024-03-04"), date("2024-03-11")]);
    let booked = store.my_bookings(&siri, today, NOW + 3).await.unwrap();
    assert_eq!(booked.len(), 1);
    assert_eq!(
        booked[0].next.as_ref().map(|session| session.number),
        Some(1)
    );

    let record = SessionRecord {
        session: Session {
            number: 1,
            planned_on: date("2024-03-04"),
            held_on: Some(date("2024-03-04")),
        },
        note: "Trives med å hjelpe andre.".to_owned(),
        before_next: "Fyll ut hjulet.".to_owned(),
    };
    // Only the booking's counsellor writes; a session the booking has not is invalid.
    for other in [&worker, &vera, &js] {
        assert!(matches!(
            store
                .save_session(other, &anna, &record, today, NOW + 4)
                .await,
            Err(StoreError::NotFound)
        ));
    }
    let mut missing = record.clone();
    missing.session.number = 9;
    assert!(matches!(
        store
            .save_session(&siri, &anna, &missing, today, NOW + 4)
            .await,
        Err(StoreError::Invalid { .. })
    ));
    store
        .save_session(&siri, &anna, &record, today, NOW + 5)
        .await
        .unwrap();
    let process = store
        .guidance_process(&worker, &anna, today, NOW + 6)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(process.sessions[0], record);
    assert_eq!(
        store.my_bookings(&siri, today, NOW + 7).await.unwrap()[0]
            .next
            .as_ref()
            .map(|s| s.number),
        Some(2)
    );

    // A job specialist the person shares guidance with reads answers, never the notes.
    store
        .grant_consent(
            &worker,
            &anna,
            "jobspecialist",
            None,
            Share::of([Category::Guidance]),
            NOW + 8,
        )
        .await
        .unwrap();
    assert!(store
        .read_guidance(&js, &anna, today, NOW + 9)
        .await
        .is_ok());
    assert!(matches!(
        store.guidance_process(&js, &anna, today, NOW + 9).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.guidance_process(&vera, &anna, today, NOW + 9).await,
        Err(StoreError::NotFound)
    ));

    // Withdrawn: the counsellor loses the notes and the list entry at once.
    store
        .withdraw_consent(&worker, &anna, "siri", NOW + 10)
        .await
        .unwrap();
    assert!(matches!(
        store.guidance_process(&siri, &anna, today, NOW + 11).await,
        Err(StoreError::NotFound)
    ));
    assert!(store
        .my_bookings(&siri, today, NOW + 11)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(
        n_audit(&h.raw, &anna.to_string(), AuditAction::BookGuidance, true).await,
        1
    );
    assert_eq!(
        n_audit(
            &h.raw,
            &anna.to_string(),
            AuditAction::WriteSessionNote,
            false
        )
        .await,
        3
    );

    // The centre owns entries of its own: its registration, read by the admin only.
    let admin = user(store, "adm", Role::Admin, Account::default()).await;
    let log = store
        .organisation_audit_log(&admin, &centre, NOW + 12)
        .await
        .unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].action, AuditAction::ChangeOrganisation);
    assert_eq!(log[0].purpose, "Karriere Oslo: 2 sessions, 7 days apart");
    assert!(matches!(
        store.organisation_audit_log(&siri, &centre, NOW + 13).await,
        Err(StoreError::Forbidden)
    ));
    let renamed = CareerCentre {
        orgnr: centre,
        name: "Karriere Viken".to_owned(),
        plan: SessionPlan::DEFAULT,
        counsellors: Vec::new(),
    };
    assert!(matches!(
        store.put_centre(&worker, &renamed, NOW + 14).await,
        Err(StoreError::Forbidden)
    ));
    store.put_centre(&admin, &renamed, NOW + 15).await.unwrap();
    let log = store
        .organisation_audit_log(&admin, &centre, NOW + 16)
        .await
        .unwrap();
    let actions: Vec<AuditAction> = log.iter().map(|entry| entry.action).collect();
    assert_eq!(
        actions,
        [
            AuditAction::ChangeOrganisation,
            AuditAction::ReadOrganisationAudit,
            AuditAction::ReadOrganisationAudit,
            AuditAction::ChangeOrganisation
        ]
    );
    assert_eq!(
        store.list_centres().await.unwrap()[0].name,
        "Karriere Viken"
    );
}

async fn the_guidance_plan_is_the_persons_versioned_and_shared_only_while_they_choose(h: Harness) {
    use tilbake_domain::access::policy::{PlanAudience, SharedDocument};
    use tilbake_domain::guidance::plan::{Coherence, Goal, Plan};

    let store = &h.store;
    let today = date("2024-03-01");
    let anna = person(0);
    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "s1",
            "2024-01-01",
            "2024-06-30",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        ),
        today,
    )
    .await;
    let worker = user(
        store,
        "anna",
        Role::Worker,
        Account {
            person: Some(anna),
            ..Account::default()
        },
    )
    .await;
    let counsellor = user(store, "counsellor", Role::Counsellor, Account::default()).await;
    let caseworker = user(
        store,
        "cw0301",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    let manager = user(
        store,
        "boss",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_A),
            ..Account::default()
        },
    )
    .await;
    let other_manager = user(
        store,
        "otherboss",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_B),
            ..Account::default()
        },
    )
    .await;

    let mut plan = Plan {
        goals: vec![Goal {
            title: "Arbeid".to_owned(),
            start: "Jobber 20 %".to_owned(),
            end: "Jobber 50 % før sommeren".to_owned(),
            ..Goal::default()
        }],
        coherence: Coherence {
            understandable: Some(true),
            manageable: Some(false),
            meaningful: Some(true),
        },
    };
    // A "no" keeps it a draft: the store refuses to make it final.
    assert!(matches!(
        store
            .save_guidance_plan(&worker, &anna, &plan, true, today, NOW)
            .await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(
        store
            .save_guidance_plan(&worker, &anna, &plan, false, today, NOW)
            .await
            .unwrap(),
        1
    );
    // The counsellor writes only with the person's consent for guidance,
    // and never makes it final.
    assert!(matches!(
        store
            .save_guidance_plan(&counsellor, &anna, &plan, false, today, NOW + 1)
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .grant_consent(&worker, &anna, "counsellor", None, Share::NONE, NOW + 2)
        .await
        .unwrap();
    plan.coherence.manageable = Some(true);
    assert_eq!(
        store
            .save_guidance_plan(&counsellor, &anna, &plan, false, today, NOW + 3)
            .await
            .unwrap(),
        2
    );
    assert!(matches!(
        store
            .save_guidance_plan(&counsellor, &anna, &plan, true, today, NOW + 4)
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store
            .save_guidance_plan(&worker, &anna, &plan, true, today, NOW + 5)
            .await
            .unwrap(),
        3
    );
    let own = store
        .read_guidance_plan(&worker, &anna, today, NOW + 6)
        .await
        .unwrap();
    assert_eq!(own.versions.len(), 3);
    assert_eq!(own.versions[1].saved_by, "counsellor");
    assert!(own.latest().unwrap().is_final && !own.versions[0].is_final);
    assert_eq!(own.latest().unwrap().plan, plan);

    // Not shared: the parties read nothing, and the shared read is empty.
    for actor in [&manager, &caseworker, &other_manager] {
        assert!(matches!(
            store.read_guidance_plan(actor, &anna, today, NOW + 7).await,
            Err(StoreError::NotFound)
        ));
        assert_eq!(
            store
                .shared_guidance_plan(actor, &anna, today, NOW + 7)
                .await
                .unwrap(),
            None
        );
    }
    // Only the person shares.
    assert!(matches!(
        store
            .share_guidance_plan(
                &counsellor,
                &anna,
                PlanAudience::Manager,
                SharedDocument::Plan,
                true,
                NOW + 8,
            )
            .await,
        Err(StoreError::NotFound)
    ));
    store
        .share_guidance_plan(
            &worker,
            &anna,
            PlanAudience::Manager,
            SharedDocument::Plan,
            true,
            NOW + 9,
        )
        .await
        .unwrap();
    let shared = store
        .shared_guidance_plan(&manager, &anna, today, NOW + 10)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(shared.latest().unwrap().plan, plan);
    assert!(!shared.access.write);
    // NAV was not chosen, and a manager at another employer does not see Anna.
    for actor in [&caseworker, &other_manager] {
        assert!(store
            .shared_guidance_plan(actor, &anna, today, NOW + 11)
            .await
            .unwrap()
            .is_none());
    }
    // Taken back: gone on the very next read.
    store
        .share_guidance_plan(
            &worker,
            &anna,
            PlanAudience::Manager,
            SharedDocument::Plan,
            false,
            NOW + 12,
        )
        .await
        .unwrap();
    assert!(store
        .shared_guidance_plan(&manager, &anna, today, NOW + 13)
        .await
        .unwrap()
        .is_none());
    // The report (profiles, answers) never goes to the manager; to NAV
    // when the person shares it, and NAV then reads the plan too.
    assert!(matches!(
        store
            .share_guidance_plan(
                &worker,
                &anna,
                PlanAudience::Manager,
                SharedDocument::Report,
                true,
                NOW + 14,
            )
            .await,
        Err(StoreError::Forbidden)
    ));
    for actor in [&manager, &caseworker] {
        assert!(matches!(
            store
                .read_guidance_report(actor, &anna, today, NOW + 15)
                .await,
            Err(StoreError::NotFound)
        ));
    }
    store
        .share_guidance_plan(
            &worker,
            &anna,
            PlanAudience::Nav,
            SharedDocument::Report,
            true,
            NOW + 16,
        )
        .await
        .unwrap();
    let (answers, record) = store
        .read_guidance_report(&caseworker, &anna, today, NOW + 17)
        .await
        .unwrap();
    assert!(answers.is_empty());
    assert_eq!(record.latest().unwrap().plan, plan);
    assert!(store
        .shared_guidance_plan(&caseworker, &anna, today, NOW + 17)
        .await
        .unwrap()
        .is_some());
    assert!(matches!(
        store
            .read_guidance_report(&manager, &anna, today, NOW + 18)
            .await,
        Err(StoreError::NotFound)
    ));
    let (_, own) = store
        .read_guidance_report(&worker, &anna, today, NOW + 19)
        .await
        .unwrap();
    assert!(own.access.share);

    let anna_id = anna.to_string();
    assert_eq!(
        n_audit(&h.raw, &anna_id, AuditAction::SaveGuidancePlan, true).await,
        3
    );
    assert_eq!(
        n_audit(&h.raw, &anna_id, AuditAction::ShareGuidancePlan, true).await,
        2
    );
    assert_eq!(
        n_audit(&h.raw, &anna_id, AuditAction::UnshareGuidancePlan, true).await,
        1
    );
    assert_eq!(
        n_audit(&h.raw, &anna_id, AuditAction::ReadGuidancePlan, true).await,
        5
    );
    assert!(n_audit(&h.raw, &anna_id, AuditAction::ReadGuidancePlan, false).await >= 3);
}

/// The early-session tasks in `actor`'s queue, as (person, kind, due, state).
async fn early_tasks(
    store: &Arc<dyn Store>,
    actor: &Actor,
    today: NaiveDate,
) -> Vec<(String, TaskKind, NaiveDate, TaskState)> {
    let query = TaskQuery {
        open_only: false,
        ..open_query(today)
    };
    let mut tasks: Vec<_> = store
        .list_tasks(actor, &query, NOW)
        .await
        .unwrap()
        .into_iter()
        .filter(|queued| queued.task.kind.early_session().is_some())
        .map(|queued| {
            (
                queued.person.to_string(),
                queued.task.kind,
                queued.task.due,
                queued.task.state,
            )
        })
        .collect();
    tasks.sort_by_key(|(person, kind, _, _)| (person.clone(), kind.as_str()));
    tasks
}

async fn a_unit_switches_early_sessions_on_and_its_persons_get_their_tasks(h: Harness) {
    let store = &h.store;
    let today = date("2024-06-01");
    let (anna, bo, cecilie) = (person(1), person(2), person(3));
    for (who, unit) in [(&anna, "0301"), (&bo, "1201")] {
        store_ok(
            store,
            &system(),
            &certificate(
                who,
                "s1",
                "2024-01-01",
                "2024-06-30",
                EMPLOYER_A,
                &json!({"unit": unit}),
            ),
            today,
        )
        .await;
    }
    let kari = user(
        store,
        "kari",
        Role::Caseworker,
        Account {
            unit: Some("0301"),
            ..Account::default()
        },
    )
    .await;
    let per = user(
        store,
        "per",
        Role::Caseworker,
        Account {
            unit: Some("1201"),
            ..Account::default()
        },
    )
    .await;
    let mona = user(
        store,
        "mona",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_A),
            ..Account::default()
        },
    )
    .await;
    let gp = user(
        store,
        "dr-berg",
        Role::Gp,
        Account {
            gp_id: Some("dr-berg"),
            ..Account::default()
        },
    )
    .await;
    assert_eq!(early_tasks(store, &kari, today).await, vec![]);
    let settings = store.unit_settings(&kari, NOW).await.unwrap();
    assert_eq!((settings.early_sessions, settings.changed), (false, None));

    // Another unit's switch gives only its own persons tasks.
    let change = store
        .set_early_sessions(&per, true, today, NOW)
        .await
        .unwrap();
    assert_eq!((change.changed, change.n_persons), (true, 1));
    assert_eq!(early_tasks(store, &kari, today).await, vec![]);
    assert_eq!(early_tasks(store, &per, today).await.len(), 2);

    // Only a caseworker of the unit changes it; a refusal is audited.
    assert!(matches!(
        store.set_early_sessions(&mona, true, today, NOW).await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        store.unit_settings(&gp, NOW).await,
        Err(StoreError::Forbidden)
    ));
    assert_eq!(
        n_audit(&h.raw, "", AuditAction::ChangeUnitSettings, false).await,
        1
    );
    assert_eq!(
        n_audit(&h.raw, "", AuditAction::ReadUnitSettings, false).await,
        1
    );
    assert_eq!(
        h.raw.strings("SELECT unit FROM unit_settings").await,
        vec!["1201".to_owned()],
        "a refusal changes no setting"
    );

    // On: week 14 starts on day 92 (1 April), its task due at the week's end.
    let change = store
        .set_early_sessions(&kari, true, today, NOW)
        .await
        .unwrap();
    assert_eq!((change.changed, change.n_persons), (true, 1));
    let anna_id = anna.to_string();
    assert_eq!(
        early_tasks(store, &kari, today).await,
        vec![
            (
                anna_id.clone(),
                TaskKind::EarlySession1,
                date("2024-04-07"),
                TaskState::Open
            ),
            (
                anna_id.clone(),
                TaskKind::EarlySession2,
                date("2024-04-21"),
                TaskState::Open
            ),
        ]
    );
    assert_eq!(
        n_audit(&h.raw, "unit:0301", AuditAction::ChangeUnitSettings, true).await,
        1
    );
    let settings = store.unit_settings(&kari, NOW).await.unwrap();
    assert_eq!(settings.changed, Some(("kari".to_owned(), NOW)));
    assert!(settings.early_sessions);

    // A person who arrives at the unit now gets the tasks as their documents are stored.
    store_ok(
        store,
        &system(),
        &certificate(
            &cecilie,
            "s1",
            "2024-01-01",
            "2024-04-05",
            EMPLOYER_A,
            &json!({"unit": "0301"}),
        ),
        today,
    )
    .await;
    let tasks = early_tasks(store, &kari, today).await;
    assert!(tasks
        .iter()
        .any(|(who, kind, _, _)| *who == cecilie.to_string() && *kind == TaskKind::EarlySession1));
    assert!(
        !tasks.iter().any(
            |(who, kind, _, _)| *who == cecilie.to_string() && *kind == TaskKind::EarlySession2
        ),
        "her sick leave ends before week 16"
    );

    // Recording session 1 closes its task.
    let session = doc(
        &json!({"kind": "early_session", "id": "e1", "person": anna_id,
        "session": 1, "date": "2024-04-03", "minutes": 45,
        "topics": [{"topic": "work_situation", "note": "Jobber 20 %"}]}),
    );
    store_ok(store, &kari, &session, today).await;
    let tasks = early_tasks(store, &kari, today).await;
    assert!(tasks.contains(&(
        anna_id.clone(),
        TaskKind::EarlySession1,
        date("2024-04-07"),
        TaskState::Done
    )));

    // The GP adds only to an assessment the person has.
    let addition = doc(
        &json!({"kind": "work_ability_addition", "id": "g1", "person": anna_id,
        "assessment": "wa1", "date": "2024-05-02", "text": "Enig."}),
    );
    let before = snapshot(&h.raw).await;
    match store.store_document(&system(), &addition, today, NOW).await {
        Err(StoreError::MissingReference {
            field: "assessment",
            id,
            ..
        }) => assert_eq!(id, "wa1"),
        other => panic!("{other:?}"),
    }
    assert_eq!(snapshot(&h.raw).await, before);

    // Off again: the tasks go, the session stays.
    let change = store
        .set_early_sessions(&kari, false, today, NOW)
        .await
        .unwrap();
    assert_eq!((change.changed, change.n_persons), (true, 2));
    assert_eq!(early_tasks(store, &kari, today).await, vec![]);
    assert_eq!(
        n_audit(&h.raw, "unit:0301", AuditAction::ChangeUnitSettings, true).await,
        2
    );
    let record = store
        .read_person(&kari, &anna, AuditAction::ReadDocuments, "test", today, NOW)
        .await
        .unwrap();
    assert!(record
        .documents
        .iter()
        .any(|stored| stored.document.id == "e1"));
}

// ---------------------------------------------------------------------------
// Events, notifications and webhooks (issue 11, parts 4 and 5)

async fn events_are_written_with_each_change_and_seen_only_as_the_policy_lets(h: Harness) {
    use tilbake_domain::events::{EventKind, SubscriberOwner, Topic};
    use tilbake_store::DeliveryOutcome;

    let store = &h.store;
    let today = date("2024-03-01");
    let anna = person(0);
    let bjorn = person(1);
    let manager_a = user(
        store,
        "leder-a",
        Role::Manager,
        Account {
            employer: Some(EMPLOYER_A),
            ..Account::default()
        },
    )
    .await;
    let worker = user(
        store,
        "anna",
        Role::Worker,
        Account {
            person: Some(anna),
            ..Account::default()
        },
    )
    .await;
    let admin = user(store, "admin", Role::Admin, Account::default()).await;
    store
        .set_user_email(&system(), "anna", "anna@example.test", NOW)
        .await
        .unwrap();
    assert!(matches!(
        store
            .set_user_email(&system(), "nobody", "x@example.test", NOW)
            .await,
        Err(StoreError::NotFound)
    ));

    // An employer's HR system registers before anything happens.
    let owner = SubscriberOwner::Employer(Orgnr::parse(EMPLOYER_A).unwrap());
    assert!(matches!(
        store
            .register_webhook(&manager_a, owner, "http://127.0.0.1:1/hook", "s", NOW)
            .await,
        Err(StoreError::Forbidden)
    ));
    let webhook = store
        .register_webhook(&system(), owner, "http://127.0.0.1:1/hook", "secret", NOW)
        .await
        .unwrap();
    assert_eq!(webhook.delivered_through, 0);

    store_ok(
        store,
        &system(),
        &certificate(
            &anna,
            "c-anna",
            "2024-01-08",
            "2024-04-30",
            EMPLOYER_A,
            &json!({"diagnosis": {"system": "ICD-10", "code": "F32.1"}}),
        ),
        today,
    )
    .await;
    store_ok(
        store,
        &system(),
        &certificate(
            &bjorn,
            "c-bjorn",
            "2024-01-08",
            "2024-04-30",
            EMPLOYER_B,
            &json!({}),
        ),
        today,
    )
    .await;
    // Events are in the outbox with the change, unsequenced until the sequencer runs.
    let written = h.raw.count("SELECT COUNT(*) FROM outbox_events").await;
    assert!(written >= 2, "{written}");
    assert_eq!(
        h.raw
            .count("SELECT COUNT(*) FROM outbox_events WHERE position IS NOT NULL")
            .await,
        0
    );
    let page = store
        .read_events(&system(), 0, 100, today, NOW)
        .await
        .unwrap();
    assert!(page.events.is_empty());
    assert_eq!(
        store.sequence_events(10_000, NOW).await.unwrap() as i64,
        written
    );
    assert_eq!(store.sequence_events(10_000, NOW).await.unwrap(), 0);

    // The system reads every event, in position order without gaps.
    let page = store
        .read_events(&system(), 0, 1_000, today, NOW)
        .await
        .unwrap();
    let positions: Vec<i64> = page.events.iter().map(|event| event.position).collect();
    assert_eq!(positions, (1..=written).collect::<Vec<_>>());
    assert_eq!(page.next_after, written);
    for (person, id) in [(&anna, "c-anna"), (&bjorn, "c-bjorn")] {
        assert!(page.events.iter().any(|event| event.person == *person
            && event.kind == EventKind::DocumentStored
            && event.subject == "sick_leave"
            && event.reference == id));
    }
    assert!(page
        .events
        .iter()
        .any(|event| event.kind == EventKind::TaskOpened && event.person == anna));
    // Paging: after the first, one at a time.
    let first = store
        .read_events(&system(), 0, 1, today, NOW)
        .await
        .unwrap();
    assert_eq!(first.events.len(), 1);
    let second = store
        .read_events(&system(), first.next_after, 1, today, NOW)
        .await
        .unwrap();
    assert_eq!(second.events[0].position, 2);
    // The admin sees no person, so no event; the refusal is audited.
    assert!(matches!(
        store.read_events(&admin, 0, 10, today, NOW).await,
        Err(StoreError::Forbidden)
    ));
    assert_eq!(n_audit(&h.raw, "", AuditAction::ReadEvents, false).await, 1);
    assert!(n_audit(&h.raw, "", AuditAction::ReadEvents, true).await >= 4);

    // The manager of employer A sees Anna's events, never Bjørn's.
    let managers = store
        .read_events(&manager_a, 0, 1_000, today, NOW)
        .await
        .unwrap();
    assert!(!managers.events.is_empty());
    assert!(managers.events.iter().all(|event| event.person == anna));
    // So does employer A's HR system, from its registration on.
    let hooked = store.webhook_events(&webhook, 1_000, today).await.unwrap();
    assert_eq!(
        hooked
            .events
            .iter()
            .map(|event| event.position)
            .collect::<Vec<_>>(),
        managers
            .events
            .iter()
            .map(|event| event.position)
            .collect::<Vec<_>>()
    );
    assert_eq!(hooked.next_after, written);

    // A failed delivery waits; a good one moves the subscriber on, once.
    let failed = DeliveryOutcome {
        status: Some(500),
        error: Some("HTTP 500".into()),
        succeeded: false,
    };
    store
        .record_delivery(&webhook, &hooked, &failed, NOW)
        .await
        .unwrap();
    assert!(store.due_webhooks(NOW).await.unwrap().is_empty());
    let due = store.due_webhooks(NOW + 2_000).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].secret, "secret");
    assert_eq!(due[0].webhook.failures, 1);
    let ok = DeliveryOutcome {
        status: Some(200),
        error: None,
        succeeded: true,
    };
    store
        .record_delivery(&due[0].webhook, &hooked, &ok, NOW + 2_000)
        .await
        .unwrap();
    assert!(store.due_webhooks(NOW + 10_000).await.unwrap().is_empty());
    let log = store
        .delivery_log(&system(), webhook.webhook_id, 10, NOW)
        .await
        .unwrap();
    assert_eq!(log.len(), 2);
    assert!(log[0].succeeded && !log[1].succeeded);
    assert_eq!((log[0].attempt, log[1].attempt), (2, 1));
    assert_eq!(log[0].n_events, hooked.events.len() as i64);
    assert!(matches!(
        store
            .delivery_log(&manager_a, webhook.webhook_id, 10, NOW)
            .await,
        Err(StoreError::Forbidden)
    ));
    assert!(matches!(
        store.delivery_log(&system(), 999, 10, NOW).await,
        Err(StoreError::NotFound)
    ));

    // The manager invites Anna to meeting 1: she is told, by the bell and by e-mail.
    store_ok(
        store,
        &manager_a,
        &doc(&json!({"kind": "meeting_invitation", "id": "inv-1",
        "person": anna.to_string(), "meeting": 1, "at": "2024-03-10T09:00", "place": "Kantina",
        "video": false, "participants": ["worker", "manager"], "message": "Velkommen"})),
        today,
    )
    .await;
    store.sequence_events(10_000, NOW).await.unwrap();
    assert!(store.notify(10_000, today, NOW).await.unwrap() > 0);
    assert_eq!(store.notify(10_000, today, NOW).await.unwrap(), 0);
    assert_eq!(store.unread_notifications(&worker).await.unwrap(), 1);
    // The manager is told that the plan and meeting 1 are overdue (weeks
    // 4 and 7 of a case from 8 January), not of their own invitation.
    let deadlines = store.read_notifications(&manager_a, 10, NOW).await.unwrap();
    let mut topics: Vec<Topic> = deadlines.iter().map(|n| n.topic).collect();
    topics.sort_by_key(|topic| topic.as_str());
    assert_eq!(topics, vec![Topic::MeetingDue, Topic::PlanDue]);
    assert_eq!(store.unread_notifications(&manager_a).await.unwrap(), 0);
    let emails = store.due_emails(10, NOW).await.unwrap();
    assert_eq!(emails.len(), 1);
    assert_eq!(emails[0].recipient, "anna@example.test");
    assert_eq!(emails[0].topics, vec![Topic::Invitation]);
    assert!(!emails[0].digest);
    store
        .record_email(&emails[0], Some("connection refused"), NOW)
        .await
        .unwrap();
    assert!(store.due_emails(10, NOW).await.unwrap().is_empty());
    let retried = store.due_emails(10, NOW + 2_000).await.unwrap();
    assert_eq!(retried[0].attempts, 1);
    store
        .record_email(&retried[0], None, NOW + 2_000)
        .await
        .unwrap();
    assert!(store
        .due_emails(10, NOW + 1_000_000)
        .await
        .unwrap()
        .is_empty());

    // Anna answers: the manager, who organises meeting 1, is told.
    store_ok(
        store,
        &worker,
        &doc(&json!({"kind": "meeting_answer", "id": "ans-1",
        "person": anna.to_string(), "invitation": "inv-1", "participant": "worker",
        "answer": "accept", "comment": ""})),
        today,
    )
    .await;
    store.sequence_events(10_000, NOW).await.unwrap();
    store.notify(10_000, today, NOW).await.unwrap();
    assert_eq!(store.unread_notifications(&manager_a).await.unwrap(), 1);
    let told = store
        .read_notifications(&manager_a, 1, NOW + 5)
        .await
        .unwrap();
    assert_eq!(
        told.iter().map(|n| n.topic).collect::<Vec<_>>(),
        vec![Topic::Answer]
    );
    assert_eq!(told[0].person, anna);
    assert_eq!(told[0].read_at, None);
    assert_eq!(store.unread_notifications(&manager_a).await.unwrap(), 0);
    assert_eq!(
        store
            .read_notifications(&manager_a, 10, NOW + 9)
            .await
            .unwrap()[0]
            .read_at,
        Some(NOW + 5)
    );
    assert_eq!(
        n_audit(&h.raw, "", AuditAction::ReadNotifications, true).await,
        3
    );

    // A digest groups what was not yet told by e-mail, once a day.
    store
        .set_notification_settings(
            &worker,
            tilbake_domain::events::EmailChoice::Digest,
            "en",
            NOW,
        )
        .await
        .unwrap();
    store_ok(
        store,
        &manager_a,
        &doc(&json!({"kind": "meeting_invitation", "id": "inv-2",
        "person": anna.to_string(), "meeting": 1, "at": "2024-03-12T09:00", "place": "Kantina",
        "video": false, "participants": ["worker", "manager"], "message": "Ny tid"})),
        today,
    )
    .await;
    store.sequence_events(10_000, NOW).await.unwrap();
    store.notify(10_000, today, NOW).await.unwrap();
    assert!(store
        .due_emails(10, NOW + 1_000_000)
        .await
        .unwrap()
        .is_empty());
    assert_eq!(store.queue_digests(today, NOW).await.unwrap(), 1);
    assert_eq!(store.queue_digests(today, NOW).await.unwrap(), 0);
    let digest = store.due_emails(10, NOW).await.unwrap();
    assert_eq!(digest.len(), 1);
    assert!(digest[0].digest);
    assert_eq!(digest[0].lang, "en");
    assert_eq!(digest[0].topics, vec![Topic::Invitation]);
    let settings = store.notification_settings(&worker).await.unwrap();
    assert_eq!(settings.email.as_deref(), Some("anna@example.test"));
}
