//! The crash loop: `tilbake serve` started, written to by several clients
//! at once, killed with SIGKILL at a random moment (seeded), restarted — over
//! and over. After every round, every document that got a 2xx answer is
//! read back through the API of the restarted server, each of the round's
//! persons has derived tasks equal to a recomputation from their stored
//! documents (nothing half-written), and the database is intact: SQLite's
//! `PRAGMA integrity_check` after every round; on PostgreSQL (whose own
//! files a killed client cannot harm) the same consistency checks, and at the
//! end `amcheck`'s `bt_index_check` of every index of the schema when the
//! extension is available.
//!
//! 50 rounds per database; `TILBAKE_CRASH_ROUNDS=1000` runs more and
//! `TILBAKE_CRASH_SEED` chooses the moments (the seed is printed).
//! docs/ROBUSTNESS.md has the results of long runs.

use std::io::Write as _;
use std::time::{Duration, Instant};

use crate::load::{
    check_stored, person, runtime, sqlite_integrity, stored_through_api, token, Acknowledged, Load,
    TestDb,
};
use crate::service_cli::Server;

const CLIENTS: u32 = 4;
/// Documents a client posts in a round at most (so the certificates' dates
/// stay within the two years ahead that the service takes).
const PER_CLIENT: u32 = 30;
/// The longest a round writes, after its first acknowledged document, before the kill (ms).
const MAX_WRITING: u64 = 100;

/// splitmix64: a small seeded generator, enough to choose moments.
struct Moments(u64);

impl Moments {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(default)
}

fn crash_loop(db: &TestDb) {
    let rounds = env_number("TILBAKE_CRASH_ROUNDS", 50) as u32;
    let seed = env_number("TILBAKE_CRASH_SEED", 20_240_101);
    let mut moments = Moments(seed);
    let started = Instant::now();
    let token = token(db, "crash-load");
    let runtime = runtime();
    let mut previous: Vec<Acknowledged> = Vec::new();
    let mut n_acknowledged = 0;
    let mut n_killed_while_writing = 0;
    let mut all_persons = Vec::new();
    let mut all_acknowledged = Vec::new();
    for round in 0..=rounds {
        let server = Server::start(db.arg());
        // What the last round acknowledged, read back through the API.
        for (person, id) in &previous {
            let stored = stored_through_api(|path| server.url(path), &token, person);
            assert!(
                stored.contains(id),
                "round {round} (seed {seed}): {person}'s {id} was acknowledged and is lost"
            );
        }
        if round == rounds {
            break;
        }
        let persons: Vec<String> = (0..CLIENTS)
            .map(|client| person(round * CLIENTS + client))
            .collect();
        let load = Load::start(
            &server.url("/api/v1/documents"),
            &token,
            &persons,
            &format!("r{round}"),
            PER_CLIENT,
        );
        // Once writes flow, a random moment later: mostly in the middle of
        // a transaction or between commit and answer.
        let deadline = Instant::now() + Duration::from_secs(30);
        while load.acknowledged().is_empty() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(moments.next() % (MAX_WRITING + 1)));
        server.kill();
        let acknowledged = load.finish();
        if acknowledged.len() < (CLIENTS * PER_CLIENT) as usize {
            n_killed_while_writing += 1;
        }
        n_acknowledged += acknowledged.len();
        if let Some(path) = (!db.is_postgres()).then(|| std::path::Path::new(db.url())) {
            assert_eq!(
                sqlite_integrity(path),
                ["ok"],
                "round {round} (seed {seed}): integrity check"
            );
        }
        runtime.block_on(async {
            let store = tilbake_store::open(db.url()).await.unwrap();
            check_stored(store.as_ref(), &persons, &acknowledged).await;
        });
        all_persons.extend(persons);
        all_acknowledged.extend(acknowledged.iter().cloned());
        previous = acknowledged;
    }
    // At the end: nothing acknowledged in any round is missing.
    runtime.block_on(async {
        let store = tilbake_store::open(db.url()).await.unwrap();
        check_stored(store.as_ref(), &all_persons, &all_acknowledged).await;
    });
    let amcheck = db.schema().map(|(base, schema)| amcheck(base, schema));
    let _ =
        writeln!(
        std::io::stderr(),
        "crash loop on {}: {rounds} rounds (seed {seed}), {n_killed_while_writing} killed while \
         writing, {n_acknowledged} documents acknowledged, none lost; {}; {:.1} s",
        if db.is_postgres() { "PostgreSQL" } else { "SQLite" },
        amcheck.unwrap_or_else(|| "integrity_check ok after every round".to_owned()),
        started.elapsed().as_secs_f64()
    );
    assert!(
        n_killed_while_writing * 2 >= rounds,
        "most rounds must kill the server while clients write ({n_killed_while_writing} of {rounds})"
    );
}

/// `bt_index_check` of every B-tree index of the schema: what amcheck
/// found, or why it did not run.
fn amcheck(base: &str, schema: &str) -> String {
    runtime().block_on(async {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect(base)
            .await
            .unwrap();
        if let Err(error) = sqlx::raw_sql("CREATE EXTENSION IF NOT EXISTS amcheck")
            .execute(&pool)
            .await
        {
            return format!("amcheck SKIPPED ({error})");
        }
        let indexes: Vec<String> = sqlx::query_scalar(
            "SELECT CAST(c.oid AS regclass)::text FROM pg_class c \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_am am ON am.oid = c.relam \
             WHERE n.nspname = $1 AND c.relkind = 'i' AND am.amname = 'btree'",
        )
        .bind(schema)
        .fetch_all(&pool)
        .await
        .unwrap();
        for index in &indexes {
            sqlx::query("SELECT bt_index_check(CAST($1 AS regclass), true)")
                .bind(index)
                .execute(&pool)
                .await
                .unwrap_or_else(|error| panic!("amcheck of {index}: {error}"));
        }
        pool.close().await;
        format!("amcheck: {} B-tree indexes intact", indexes.len())
    })
}

#[test]
fn crash_loop_loses_no_acknowledged_document_on_sqlite() {
    crash_loop(&TestDb::sqlite());
}

#[test]
fn crash_loop_loses_no_acknowledged_document_on_postgres() {
    if let Some(db) = TestDb::postgres("crash_loop") {
        crash_loop(&db);
    }
}
