//! `tilbake recompute` through the real binary on an SQLite file filled by
//! `tilbake bench ingest`: stale derived rows are put right, a second run
//! finds nothing to do, a run killed with SIGKILL goes on where it stopped,
//! and a person whose documents no longer derive is counted, not printed.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::SqlitePool;

use crate::tilbake;

/// The day `bench ingest` sees its people from.
const BENCH_DAY: &str = "2026-11-23";
const N_PERSONS: u64 = 300;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

async fn pool(db: &Path) -> SqlitePool {
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::new().filename(db))
        .await
        .unwrap()
}

/// The derived rows, as text.
async fn derived_rows(pool: &SqlitePool) -> Vec<String> {
    let mut rows = Vec::new();
    for query in [
        "SELECT person_id || '|' || unit || '|' || unit_set_by_seq FROM persons ORDER BY 1",
        "SELECT person_id || '|' || case_start || '|' || case_end || '|' || open_until || '|' || sick_days FROM followup_cases ORDER BY 1",
        "SELECT person_id || '|' || case_start || '|' || employer || '|' || open_until FROM case_employers ORDER BY 1",
        "SELECT person_id || '|' || case_start || '|' || kind || '|' || date || '|' || reached FROM milestones ORDER BY 1",
        "SELECT person_id || '|' || task_id || '|' || due || '|' || state || '|' || COALESCE(urgency, '-') FROM tasks ORDER BY 1",
    ] {
        rows.extend(
            sqlx::query_scalar::<_, String>(query)
                .fetch_all(pool)
                .await
                .unwrap(),
        );
    }
    rows
}

async fn execute(pool: &SqlitePool, sql: &str) {
    sqlx::query(sql).execute(pool).await.unwrap();
}

/// How many persons the unfinished run has done, if one is unfinished.
async fn n_done_by_unfinished_run(pool: &SqlitePool) -> Option<i64> {
    sqlx::query_scalar::<_, i64>("SELECT n_persons FROM recompute_runs WHERE state = 'running'")
        .fetch_optional(pool)
        .await
        .unwrap()
}

fn recompute(db: &Path, extra: &[&str]) -> std::process::Output {
    tilbake()
        .args(["recompute", "--date", BENCH_DAY, "--db"])
        .arg(db)
        .args(extra)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Whether `text` holds eleven digits in a row (an identity number).
fn has_identity_number(text: &str) -> bool {
    text.as_bytes()
        .windows(11)
        .any(|window| window.iter().all(u8::is_ascii_digit))
}

#[test]
fn recompute_puts_stale_rows_right_resumes_after_sigkill_and_counts_failures() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("t.db");
    let ingest = tilbake()
        .args([
            "bench",
            "ingest",
            "--persons",
            &N_PERSONS.to_string(),
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(ingest.status.success(), "{}", text(&ingest.stderr));
    let runtime = runtime();
    let pool = runtime.block_on(pool(&db));
    let ingested = runtime.block_on(derived_rows(&pool));
    assert!(ingested.iter().any(|row| row.contains("|open|")));

    // Stale rows, as other rules would have left them.
    runtime.block_on(async {
        execute(&pool, "DELETE FROM tasks WHERE person_id < '5'").await;
        execute(&pool, "UPDATE persons SET unit = '9999'").await;
        execute(&pool, "DELETE FROM milestones WHERE kind = 'max_date'").await;
    });
    assert_ne!(runtime.block_on(derived_rows(&pool)), ingested);

    let first = recompute(&db, &["--batch-size", "40"]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let stdout = text(&first.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with(&format!(
            "recompute run 1 for {BENCH_DAY}: {N_PERSONS} persons with "
        )),
        "{stdout}"
    );
    assert!(stdout.contains(", 0 could not be recomputed;"), "{stdout}");
    let stderr = text(&first.stderr);
    assert!(
        stderr.contains(&format!(
            "recompute: run 1, {N_PERSONS} persons, for {BENCH_DAY}"
        )),
        "{stderr}"
    );
    assert_eq!(runtime.block_on(derived_rows(&pool)), ingested);

    // A second run: the same rows, and a new run.
    let second = recompute(&db, &[]);
    assert!(second.status.success(), "{}", text(&second.stderr));
    assert!(text(&second.stdout).starts_with("recompute run 2 "));
    assert_eq!(runtime.block_on(derived_rows(&pool)), ingested);

    // Frozen (SIGSTOP) after some batches, perhaps in the middle of one,
    // then killed with SIGKILL.
    runtime.block_on(execute(&pool, "DELETE FROM tasks"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_tilbake"))
        .args([
            "recompute",
            "--date",
            BENCH_DAY,
            "--batch-size",
            "1",
            "--db",
        ])
        .arg(&db)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let n_killed_at = runtime.block_on(async {
        let deadline = Instant::now() + Duration::from_mins(1);
        while !matches!(n_done_by_unfinished_run(&pool).await, Some(n) if n >= 10) {
            assert!(Instant::now() < deadline, "no batch was committed in time");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        let stopped = Command::new("kill")
            .args(["-STOP", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(stopped.success());
        let n_killed_at = n_done_by_unfinished_run(&pool).await;
        child.kill().unwrap();
        child.wait().unwrap();
        n_killed_at.expect("the run finished before it could be stopped")
    });
    assert!(n_killed_at < N_PERSONS as i64, "{n_killed_at}");
    let resumed = recompute(&db, &[]);
    assert!(resumed.status.success(), "{}", text(&resumed.stderr));
    let stderr = text(&resumed.stderr);
    assert!(
        stderr.contains(&format!(
            "recompute: continuing run 3 after {n_killed_at} persons, {} left",
            N_PERSONS as i64 - n_killed_at
        )),
        "{stderr}"
    );
    let stdout = text(&resumed.stdout);
    assert!(
        stdout.starts_with(&format!(
            "recompute run 3 for {BENCH_DAY}: {N_PERSONS} persons "
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("; {} persons in ", N_PERSONS as i64 - n_killed_at)),
        "{stdout}"
    );
    assert_eq!(runtime.block_on(derived_rows(&pool)), ingested);

    // A stored document that today's rules refuse: counted, exit status 3,
    // and the identity number only on stdout when asked for.
    let refused: String = runtime
        .block_on(
            sqlx::query_scalar("SELECT person_id FROM persons ORDER BY person_id LIMIT 1")
                .fetch_one(&pool),
        )
        .unwrap();
    runtime.block_on(execute(
        &pool,
        &format!(
            "INSERT INTO documents (person_id, kind, doc_id, seq, content, received_at, received_by) \
             VALUES ('{refused}', 'sick_leave', 'late', 9999, \
             '{{\"employer\":\"910000004\",\"from\":\"9999-06-01\",\"grade\":100,\"id\":\"late\",\
             \"kind\":\"sick_leave\",\"person\":\"{refused}\",\"to\":\"9999-12-31\"}}', 0, 'old')"
        ),
    ));
    let quiet = recompute(&db, &[]);
    assert_eq!(quiet.status.code(), Some(3), "{}", text(&quiet.stderr));
    assert!(text(&quiet.stdout).contains(", 1 could not be recomputed;"));
    assert!(text(&quiet.stderr).contains("1 persons could not be recomputed"));
    assert!(!has_identity_number(&text(&quiet.stdout)));
    assert!(!has_identity_number(&text(&quiet.stderr)));
    let listed = recompute(&db, &["--list-failed"]);
    assert_eq!(listed.status.code(), Some(3));
    assert!(
        text(&listed.stdout).contains(&format!("not recomputed: {refused}: events: ")),
        "{}",
        text(&listed.stdout)
    );
    assert!(!has_identity_number(&text(&listed.stderr)));
}
