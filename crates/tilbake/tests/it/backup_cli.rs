//! `tilbake backup` while the service writes, and `tilbake restore` into a
//! fresh database, on SQLite and (with `TILBAKE_TEST_PG`) PostgreSQL: every
//! document acknowledged before the backup began is in the restored
//! database, which is intact and serves again; a restore refuses a database
//! that holds data unless forced.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::load::{check_stored, person, runtime, sqlite_integrity, token, Load, TestDb};
use crate::service_cli::{agent, Server};
use crate::tilbake;

fn backup_during_writes_and_restore(source: &TestDb, target: &TestDb) {
    let server = Server::start(source.arg());
    let token = token(source, "backup-load");
    let persons: Vec<String> = (0..4).map(person).collect();
    let load = Load::start(&server.url("/api/v1/documents"), &token, &persons, "b", 36);
    // Back up once documents are flowing, while they go on flowing.
    let deadline = Instant::now() + Duration::from_secs(30);
    while load.acknowledged().len() < 30 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    let before = load.acknowledged();
    let file = source.folder().join("tilbake.backup");
    let output = tilbake()
        .args(["backup", "--db", source.url()])
        .arg(&file)
        .output()
        .unwrap();
    let during = load.acknowledged().len();
    let acknowledged = load.finish();
    drop(server);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.starts_with("backed up "), "{stdout}");
    assert!(
        before.len() >= 30 && during > before.len(),
        "documents were not flowing while the backup ran: {} before, {during} after",
        before.len()
    );
    // A second backup never overwrites the first.
    let again = tilbake()
        .args(["backup", "--db", source.url()])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("exists"));

    // Restore into the fresh database.
    let restore = |force: bool| {
        let mut command = tilbake();
        command.args(["restore", "--db", target.url()]).arg(&file);
        if force {
            command.arg("--force");
        }
        command.output().unwrap()
    };
    let output = restore(false);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    if !target.is_postgres() {
        assert_eq!(sqlite_integrity(Path::new(target.url())), ["ok"]);
    }
    // Every document acknowledged before the backup began is there, with
    // derived rows equal to a recomputation.
    runtime().block_on(async {
        let store = tilbake_store::open(target.url()).await.unwrap();
        let n_stored = check_stored(store.as_ref(), &persons, &before).await;
        assert!(n_stored >= before.len());
        assert!(n_stored <= acknowledged.len() + persons.len());
    });

    // The restored database serves and takes new documents (identity
    // sequences and triggers came back with it).
    let server = Server::start(target.arg());
    let response = agent()
        .post(&server.url("/api/v1/documents"))
        .set("Authorization", &format!("Bearer {token}"))
        .set("Content-Type", "application/json")
        .send_string(&crate::load::certificate(&persons[0], "after", 0))
        .unwrap();
    assert_eq!(response.status(), 201);
    drop(server);

    // Now it holds data: refused without --force, replaced with it.
    let output = restore(false);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("tilbake restore: ") && stderr.contains("--force"),
        "{stderr}"
    );
    let output = restore(true);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    runtime().block_on(async {
        let store = tilbake_store::open(target.url()).await.unwrap();
        check_stored(store.as_ref(), &persons, &before).await;
    });
}

#[test]
fn a_backup_taken_while_the_service_writes_restores_every_acknowledged_document_on_sqlite() {
    backup_during_writes_and_restore(&TestDb::sqlite(), &TestDb::sqlite());
}

#[test]
fn a_backup_taken_while_the_service_writes_restores_every_acknowledged_document_on_postgres() {
    let (Some(source), Some(target)) = (
        TestDb::postgres("backup_source"),
        TestDb::postgres("backup_target"),
    ) else {
        return;
    };
    backup_during_writes_and_restore(&source, &target);
}

#[test]
fn restore_refuses_a_backup_of_the_other_database_and_a_file_that_is_no_backup() {
    let db = TestDb::sqlite();
    let folder = db.folder();
    let postgres_backup = folder.join("pg.backup");
    std::fs::write(
        &postgres_backup,
        "{\"format\":\"tilbake-backup\",\"version\":1,\"backend\":\"postgres\",\"schema_version\":1,\"tables\":[]}\n",
    )
    .unwrap();
    let garbage = folder.join("garbage.backup");
    std::fs::write(&garbage, "not a backup at all").unwrap();
    for (file, message) in [
        (&postgres_backup, "is a backup of PostgreSQL"),
        (&garbage, "is not a tilbake backup"),
    ] {
        let output = tilbake()
            .args(["restore", "--db", db.url()])
            .arg(file)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{stderr}");
    }
    // Nothing was made where the database would be.
    assert!(!Path::new(db.url()).exists());
    let missing = tilbake()
        .args(["backup", "--db", db.url()])
        .arg(folder.join("x.backup"))
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("there is no database"));
}
