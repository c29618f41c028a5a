//! The story of recomputing everyone ([`MaintenanceStore`]), told as
//! `story.rs` tells the store's: on SQLite (a temporary file) always, and on
//! PostgreSQL (a fresh schema per story, dropped afterwards) when
//! `TILBAKE_TEST_PG` holds a server URL such as
//! `postgres://postgres@127.0.0.1:5432/test`.
//!
//! Derived rows are tampered with through a raw connection (as stale rows
//! from older rules would be); a recompute must give back exactly the rows
//! that ingesting the documents gave, write nothing when nothing is stale,
//! and go on after its last committed batch when stopped.

use std::future::Future;
use std::io::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Once};

use chrono::NaiveDate;
use serde_json::json;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};
use tilbake_contract::document::{parse_document_value, ParsedDocument};
use tilbake_domain::access::Role;
use tilbake_domain::identity::{Fnr, UnitCode};
use tilbake_domain::tasks::TaskState;
use tilbake_store::{
    Actor, DocumentOutcome, MaintenanceStore, NewUser, RecomputeProgress, Store, StoreError,
    TaskQuery,
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

    async fn execute(&self, sql: &str) -> u64 {
        match self {
            Raw::Sqlite(pool) => sqlx::query(sql)
                .execute(pool)
                .await
                .map(|done| done.rows_affected()),
            Raw::Pg(pool) => sqlx::query(sql)
                .execute(pool)
                .await
                .map(|done| done.rows_affected()),
        }
        .unwrap_or_else(|error| panic!("{sql}: {error}"))
    }

    /// Counts every row written to the derived tables and the audit log from
    /// now on, in `touched_rows`: "a run changes no row" is then a count.
    async fn count_writes(&self) {
        const TABLES: [&str; 6] = [
            "persons",
            "followup_cases",
            "case_employers",
            "milestones",
            "tasks",
            "audit_log",
        ];
        self.execute("CREATE TABLE touched_rows (table_name TEXT NOT NULL)")
            .await;
        match self {
            Raw::Sqlite(_) => {
                for table in TABLES {
                    for event in ["INSERT", "UPDATE", "DELETE"] {
                        self.execute(&format!(
                            "CREATE TRIGGER touched_{table}_{event} AFTER {event} ON {table} \
                             BEGIN INSERT INTO touched_rows VALUES ('{table}'); END"
                        ))
                        .await;
                    }
                }
            }
            Raw::Pg(_) => {
                self.execute(
                    "CREATE FUNCTION touched() RETURNS trigger LANGUAGE plpgsql AS $$ \
                     BEGIN INSERT INTO touched_rows VALUES (TG_TABLE_NAME); RETURN NULL; END $$",
                )
                .await;
                for table in TABLES {
                    self.execute(&format!(
                        "CREATE TRIGGER touched_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} \
                         FOR EACH ROW EXECUTE FUNCTION touched()"
                    ))
                    .await;
                }
            }
        }
    }
}

struct Harness {
    store: Arc<dyn Store>,
    url: String,
    raw: Raw,
    _directory: Option<tempfile::TempDir>,
}

impl Harness {
    /// The store for maintenance, opened anew as a new process would.
    async fn maintenance(&self) -> Arc<dyn MaintenanceStore> {
        tilbake_store::open_maintenance(&self.url).await.unwrap()
    }
}

async fn run_on_sqlite<F, Fut>(the_story: F)
where
    F: FnOnce(Harness) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("tilbake.db");
    let url = format!("sqlite://{}", path.display());
    let store = tilbake_store::open(&url).await.unwrap();
    let raw = SqlitePoolOptions::new()
        .max_connections(2)
        .connect_with(SqliteConnectOptions::new().filename(&path))
        .await
        .unwrap();
    the_story(Harness {
        store,
        url,
        raw: Raw::Sqlite(raw),
        _directory: Some(directory),
    })
    .await;
}

static SCHEMA_COUNTER: AtomicU64 = AtomicU64::new(0);

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
                "\nTILBAKE_TEST_PG is not set: the PostgreSQL runs of the recompute stories are \
                 SKIPPED (set it to e.g. postgres://postgres@127.0.0.1:5432/test)"
            );
        });
        return;
    };
    let schema = format!(
        "tilbake_recompute_{}_{}_{name}",
        std::process::id(),
        SCHEMA_COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let admin = PgPoolOptions::new()
        .max_connections(1)
        .connect(&base)
        .await
        .unwrap();
    for statement in [
        format!("DROP SCHEMA IF EXISTS {schema} CASCADE"),
        format!("CREATE SCHEMA {schema}"),
    ] {
        sqlx::query(&statement).execute(&admin).await.unwrap();
    }
    let separator = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{separator}options[search_path]={schema}");
    let store = tilbake_store::open(&url).await.unwrap();
    let raw_options: PgConnectOptions = url.parse().unwrap();
    let raw = PgPoolOptions::new()
        .max_connections(2)
        .connect_with(raw_options)
        .await
        .unwrap();
    let harness = Harness {
        store,
        url,
        raw: Raw::Pg(raw),
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
    recompute_restores_tampered_rows_and_a_second_run_writes_nothing,
    an_interrupted_run_goes_on_after_its_last_committed_batch,
    a_person_whose_documents_no_longer_derive_is_counted_and_the_run_goes_on,
);

// ---------------------------------------------------------------------------
// Test data

const EMPLOYER_A: &str = "910000004";
const EMPLOYER_B: &str = "974760673";
const NOW: i64 = 1_710_000_000_000;
const VERSION: &str = "test-1";
const N_PERSONS: usize = 12;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 5, 15).unwrap()
}

/// The n-th synthetic national identity number born 15 March 1985, in id order.
fn person(n: usize) -> Fnr {
    (0..1000)
        .filter_map(|individual| {
            (0..100)
                .find_map(|checks| Fnr::parse(&format!("154385{individual:03}{checks:02}")).ok())
        })
        .nth(n)
        .unwrap()
}

#[allow(clippy::disallowed_methods)] // the test delivers documents as the command line does
fn system() -> Actor {
    Actor::command_line("import")
}

fn certificate(person: &Fnr, id: &str, from: &str, to: &str, employer: &str) -> ParsedDocument {
    parse_document_value(
        &json!({
            "kind": "sick_leave", "id": id, "person": person.to_string(), "from": from, "to": to,
            "grade": 100, "employer": employer, "unit": "0301",
        }),
        today(),
    )
    .unwrap()
}

/// Persons with short and long, open and closed cases at one or two
/// employers, and a caseworker's decision on one task.
async fn ingest(h: &Harness) -> usize {
    let mut documents = Vec::new();
    for n in 0..N_PERSONS {
        let who = person(n);
        let month = 1 + n % 4;
        documents.push(certificate(
            &who,
            "s1",
            &format!("2024-0{month}-01"),
            &format!("2024-0{month}-20"),
            EMPLOYER_A,
        ));
        if n % 2 == 0 {
            // Continues the case, at another employer too: open on `today`.
            documents.push(certificate(
                &who,
                "s2",
                &format!("2024-0{month}-21"),
                "2024-07-31",
                if n % 4 == 0 { EMPLOYER_B } else { EMPLOYER_A },
            ));
        }
    }
    let outcomes = h
        .store
        .store_documents(&system(), &documents, today(), NOW)
        .await
        .unwrap();
    assert!(outcomes
        .iter()
        .all(|outcome| matches!(outcome, Ok(DocumentOutcome::Stored))));
    h.store
        .create_user(
            &NewUser {
                username: "cw0301".to_owned(),
                password_hash: "hash".to_owned(),
                role: Role::Caseworker,
                unit: Some(UnitCode::parse("0301").unwrap()),
                employer: None,
                person: None,
                gp_id: None,
                protected_address_access: false,
            },
            NOW,
        )
        .await
        .unwrap();
    let caseworker = h
        .store
        .user_by_username("cw0301")
        .await
        .unwrap()
        .unwrap()
        .actor;
    let queue = h
        .store
        .list_tasks(
            &caseworker,
            &TaskQuery {
                today: today(),
                kind: None,
                due_within_days: None,
                open_only: true,
                assigned_to_me: false,
                limit: 100,
            },
            NOW,
        )
        .await
        .unwrap();
    // The activity requirement is closed only by its assessment.
    let task = queue
        .iter()
        .find(|queued| queued.task.kind.closed_by_decision())
        .expect("a NAV task in the queue that a decision closes");
    h.store
        .decide_task(
            &caseworker,
            &task.person,
            &task.task.id,
            TaskState::NotNeeded,
            "handled outside tilbake",
            today(),
            NOW,
        )
        .await
        .unwrap();
    documents.len()
}

/// The derived rows, the documents, decisions and the audit log, as text.
async fn snapshot(raw: &Raw) -> Vec<String> {
    const TABLES: [(&str, &str); 8] = [
        ("persons", "person_id, unit, unit_set_by_seq, address_protection, created_at"),
        ("documents", "person_id, kind, doc_id, seq, content, received_at, received_by, gp"),
        ("followup_cases", "person_id, case_start, case_end, open_until, sick_days, graded_at_end"),
        ("case_employers", "person_id, case_start, employer, open_until"),
        ("milestones", "person_id, case_start, kind, date, reached, required"),
        ("tasks", "person_id, task_id, case_start, kind, owner, unit, due, state, urgency, closed_because"),
        ("task_decisions", "person_id, seq, task_id, state, reason, decided_by, decided_at"),
        ("audit_log", "person_id, entry_id, at, actor_username, action, purpose, permitted"),
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

/// Rows of several derived tables changed, added and deleted, as a
/// program with other rules would have left them.
async fn tamper(raw: &Raw) {
    let [p1, p2, p3, p4, p5] = [1, 2, 3, 4, 5].map(|n| person(n).to_string());
    let statements = [
        format!("DELETE FROM tasks WHERE person_id = '{p2}'"),
        format!("DELETE FROM followup_cases WHERE person_id = '{p1}'"),
        format!("DELETE FROM case_employers WHERE person_id = '{p1}'"),
        format!("UPDATE milestones SET date = '2030-01-01', reached = NOT reached WHERE person_id = '{p3}'"),
        format!("UPDATE persons SET unit = '1201', unit_set_by_seq = 0 WHERE person_id = '{p4}'"),
        format!("UPDATE tasks SET state = 'done', urgency = NULL, unit = '1201' WHERE person_id = '{p4}'"),
        format!(
            "INSERT INTO tasks (person_id, task_id, case_start, kind, owner, unit, due, state) \
             VALUES ('{p5}', 'stale-task', '2020-01-01', 'old_rule', 'nav', '0301', '2020-02-01', 'open')"
        ),
    ];
    for statement in statements {
        assert!(raw.execute(&statement).await > 0, "{statement}");
    }
}

/// Runs the run to its end in batches of `batch_size`.
async fn run_to_the_end(
    maintenance: &Arc<dyn MaintenanceStore>,
    run_id: i64,
    batch_size: u32,
) -> RecomputeProgress {
    loop {
        let batch = maintenance
            .recompute_batch(run_id, batch_size, today(), NOW)
            .await
            .unwrap();
        assert!(batch.n_persons <= u64::from(batch_size));
        if batch.done {
            break;
        }
    }
    maintenance.finish_recompute(run_id, NOW).await.unwrap()
}

async fn recompute_everyone(h: &Harness, batch_size: u32) -> RecomputeProgress {
    let maintenance = h.maintenance().await;
    let run = maintenance
        .start_recompute(VERSION, false, NOW)
        .await
        .unwrap();
    assert!(!run.resumed);
    run_to_the_end(&maintenance, run.run_id, batch_size).await
}

// ---------------------------------------------------------------------------
// Stories

async fn recompute_restores_tampered_rows_and_a_second_run_writes_nothing(h: Harness) {
    let n_documents = ingest(&h).await;
    let ingested = snapshot(&h.raw).await;
    tamper(&h.raw).await;
    assert_ne!(snapshot(&h.raw).await, ingested);

    let totals = recompute_everyone(&h, 5).await;

    assert_eq!(
        totals,
        RecomputeProgress {
            n_persons: N_PERSONS as u64,
            n_documents: n_documents as u64,
            n_failed: 0,
            n_batches: 3,
        }
    );
    // Exactly the rows the ingest gave, and no audit entry more.
    assert_eq!(snapshot(&h.raw).await, ingested);

    // A second run finds nothing stale and writes no row.
    h.raw.count_writes().await;
    let totals = recompute_everyone(&h, 500).await;
    assert_eq!(totals.n_persons, N_PERSONS as u64);
    assert_eq!(totals.n_batches, 1);
    assert_eq!(
        h.raw.strings("SELECT table_name FROM touched_rows").await,
        Vec::<String>::new()
    );
    assert_eq!(snapshot(&h.raw).await, ingested);
}

async fn an_interrupted_run_goes_on_after_its_last_committed_batch(h: Harness) {
    ingest(&h).await;
    let ingested = snapshot(&h.raw).await;
    h.raw.execute("DELETE FROM tasks").await;

    // One batch of 5, then the process is gone.
    let first = h.maintenance().await;
    let run = first.start_recompute(VERSION, false, NOW).await.unwrap();
    assert_eq!(run.n_remaining, N_PERSONS as u64);
    let batch = first
        .recompute_batch(run.run_id, 5, today(), NOW)
        .await
        .unwrap();
    assert_eq!((batch.n_persons, batch.done), (5, false));
    assert!(matches!(
        first.finish_recompute(run.run_id, NOW).await,
        Err(StoreError::Conflict(_))
    ));
    drop(first);
    // The first five persons in id order have their tasks back, the others not yet.
    let with_tasks = h
        .raw
        .strings("SELECT DISTINCT person_id FROM tasks ORDER BY person_id")
        .await;
    let mut first_five: Vec<String> = (0..N_PERSONS).map(|n| person(n).to_string()).collect();
    first_five.sort();
    first_five.truncate(5);
    let with_tasks_among_first_five = with_tasks.iter().all(|id| first_five.contains(id));
    assert!(
        !with_tasks.is_empty() && with_tasks_among_first_five,
        "{with_tasks:?}"
    );

    // Started again: the same run, after the five.
    let second = h.maintenance().await;
    let resumed = second.start_recompute(VERSION, false, NOW).await.unwrap();
    assert!(resumed.resumed);
    assert_eq!(resumed.run_id, run.run_id);
    assert_eq!(resumed.abandoned_run, None);
    assert_eq!(resumed.progress.n_persons, 5);
    assert_eq!(resumed.n_remaining, N_PERSONS as u64 - 5);
    let totals = run_to_the_end(&second, run.run_id, 4).await;
    // Nobody twice: 5 + 4 + 3 persons in three batches.
    assert_eq!((totals.n_persons, totals.n_batches), (N_PERSONS as u64, 3));
    assert_eq!(snapshot(&h.raw).await, ingested);
    // Finished is finished: the same answer again, and no more batches.
    assert_eq!(
        second.finish_recompute(run.run_id, NOW).await.unwrap(),
        totals
    );
    assert!(matches!(
        second.recompute_batch(run.run_id, 5, today(), NOW).await,
        Err(StoreError::Conflict(_))
    ));

    // A restart gives up the unfinished run; so does a new program version.
    let started = second.start_recompute(VERSION, false, NOW).await.unwrap();
    assert!(!started.resumed);
    second
        .recompute_batch(started.run_id, 5, today(), NOW)
        .await
        .unwrap();
    let restarted = second.start_recompute(VERSION, true, NOW).await.unwrap();
    assert_eq!(restarted.abandoned_run, Some(started.run_id));
    assert_eq!(
        (restarted.progress, restarted.n_remaining),
        (RecomputeProgress::default(), N_PERSONS as u64)
    );
    assert!(matches!(
        second
            .recompute_batch(started.run_id, 5, today(), NOW)
            .await,
        Err(StoreError::Conflict(_))
    ));
    second
        .recompute_batch(restarted.run_id, 5, today(), NOW)
        .await
        .unwrap();
    let upgraded = second.start_recompute("test-2", false, NOW).await.unwrap();
    assert!(!upgraded.resumed);
    assert_eq!(upgraded.abandoned_run, Some(restarted.run_id));
    assert_eq!(upgraded.progress.n_persons, 0);
}

async fn a_person_whose_documents_no_longer_derive_is_counted_and_the_run_goes_on(h: Harness) {
    let n_documents = ingest(&h).await;
    let [refused, unreadable] = [person(6), person(7)];
    // Stored documents that today's rules refuse: milestones after the last
    // date the store writes, and a certificate without its period.
    let refused_content = json!({
        "employer": EMPLOYER_A, "from": "9999-06-01", "grade": 100, "id": "s9",
        "kind": "sick_leave", "person": refused.to_string(), "to": "9999-12-31",
    });
    let unreadable_content = json!({
        "employer": EMPLOYER_A, "grade": 100, "id": "s9", "kind": "sick_leave",
        "person": unreadable.to_string(),
    });
    for (who, content) in [(refused, refused_content), (unreadable, unreadable_content)] {
        h.raw
            .execute(&format!(
                "INSERT INTO documents (person_id, kind, doc_id, seq, content, received_at, received_by) \
                 VALUES ('{who}', 'sick_leave', 's9', 99, '{content}', {NOW}, 'old-import')"
            ))
            .await;
    }
    let ingested = snapshot(&h.raw).await;
    tamper(&h.raw).await;

    let maintenance = h.maintenance().await;
    let run = maintenance
        .start_recompute(VERSION, false, NOW)
        .await
        .unwrap();
    let totals = run_to_the_end(&maintenance, run.run_id, 5).await;

    assert_eq!(totals.n_persons, N_PERSONS as u64);
    assert_eq!(totals.n_failed, 2);
    // The refused person's extra document is counted; the unreadable
    // person's documents are not, since they could not be read.
    let n_unreadable_persons_documents = 1;
    assert_eq!(
        totals.n_documents,
        n_documents as u64 + 1 - n_unreadable_persons_documents
    );
    let failures = maintenance.recompute_failures(run.run_id).await.unwrap();
    let mut failed: Vec<(Fnr, &str)> = failures
        .iter()
        .map(|failure| (failure.person, failure.field.as_str()))
        .collect();
    failed.sort_by_key(|(who, _)| who.to_string());
    assert_eq!(failed, vec![(refused, "events"), (unreadable, "documents")]);
    assert!(
        failures
            .iter()
            .any(|failure| failure.message.contains("9999-12-31")),
        "{failures:?}"
    );
    // Everyone else as ingested; the two keep the rows they had.
    assert_eq!(snapshot(&h.raw).await, ingested);
}
