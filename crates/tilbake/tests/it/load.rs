//! What the backup and crash tests share: a test database on either
//! backend, an API token, clients that post documents concurrently and
//! remember which were acknowledged, and the checks of what is stored.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use tilbake_domain::access::AuditAction;
use tilbake_domain::document::{followup_input, Document};
use tilbake_domain::followup::compute_followup;
use tilbake_domain::identity::Fnr;
use tilbake_domain::tasks::derive_tasks;
use tilbake_store::{Actor, Store};

use crate::service_cli::agent;
use crate::tilbake;

/// A database for one test: an SQLite file in a temporary folder, or a
/// schema of its own on `TILBAKE_TEST_PG`'s server, dropped afterwards.
pub(crate) struct TestDb {
    url: String,
    folder: tempfile::TempDir,
    /// (server URL, schema) on PostgreSQL.
    schema: Option<(String, String)>,
}

impl TestDb {
    pub(crate) fn sqlite() -> TestDb {
        let folder = tempfile::tempdir().unwrap();
        let url = folder.path().join("tilbake.db").display().to_string();
        TestDb {
            url,
            folder,
            schema: None,
        }
    }

    /// A fresh schema named `name` (with the process id), or `None` with a
    /// line saying that the test skips when `TILBAKE_TEST_PG` is not set.
    pub(crate) fn postgres(name: &str) -> Option<TestDb> {
        let Ok(base) = std::env::var("TILBAKE_TEST_PG") else {
            let _ = writeln!(
                std::io::stderr(),
                "\nTILBAKE_TEST_PG is not set: the PostgreSQL run of {name} is SKIPPED \
                 (set it to e.g. postgres://postgres@127.0.0.1:5432/test)"
            );
            return None;
        };
        let schema = format!("tilbake_{name}_{}", std::process::id());
        pg_execute(&base, &format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        pg_execute(&base, &format!("CREATE SCHEMA {schema}"));
        let separator = if base.contains('?') { '&' } else { '?' };
        Some(TestDb {
            url: format!("{base}{separator}options[search_path]={schema}"),
            folder: tempfile::tempdir().unwrap(),
            schema: Some((base, schema)),
        })
    }

    pub(crate) fn url(&self) -> &str {
        &self.url
    }

    /// The URL as the `--db` argument `Server::start` takes.
    pub(crate) fn arg(&self) -> &Path {
        Path::new(&self.url)
    }

    /// A folder for files of the test (backups).
    pub(crate) fn folder(&self) -> PathBuf {
        self.folder.path().to_owned()
    }

    pub(crate) fn is_postgres(&self) -> bool {
        self.schema.is_some()
    }

    /// `(server URL, schema)` on PostgreSQL.
    pub(crate) fn schema(&self) -> Option<&(String, String)> {
        self.schema.as_ref()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((base, schema)) = &self.schema {
            pg_execute(base, &format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
        }
    }
}

pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn pg_execute(base: &str, sql: &str) {
    runtime().block_on(async {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect(base)
            .await
            .unwrap();
        sqlx::raw_sql(sql).execute(&pool).await.unwrap();
        pool.close().await;
    });
}

/// SQLite's `PRAGMA integrity_check` of the file: `["ok"]` when intact.
pub(crate) fn sqlite_integrity(path: &Path) -> Vec<String> {
    runtime().block_on(async {
        use sqlx::{ConnectOptions as _, Connection as _};
        let mut connection = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(path)
            .read_only(true)
            .connect()
            .await
            .unwrap();
        let problems: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&mut connection)
            .await
            .unwrap();
        connection.close().await.unwrap();
        problems
    })
}

/// A new API token for a system client.
pub(crate) fn token(db: &TestDb, name: &str) -> String {
    let output = tilbake()
        .args(["admin", "token", "add", "--name", name, "--db", db.url()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_owned()
}

/// The `index`-th of a series of distinct valid (synthetic) identity numbers.
pub(crate) fn person(index: u32) -> String {
    let birth = NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + chrono::Days::new(u64::from(index));
    (100..500)
        .find_map(|individual| tilbake_synth::synthetic_identity_number(birth, individual))
        .unwrap()
}

/// The `n`-th document of a series for a person: consecutive two-week
/// certificates (so each one extends the case and moves its tasks), ids
/// `{prefix}c{n}`.
pub(crate) fn certificate(person: &str, prefix: &str, n: u32) -> String {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(n) * 14);
    let end = start + chrono::Days::new(13);
    format!(
        r#"{{"kind":"sick_leave","id":"{prefix}c{n}","person":"{person}","from":"{start}","to":"{end}","grade":100,"employer":"910000004","unit":"0301"}}"#
    )
}

/// (person, document id) of an acknowledged document.
pub(crate) type Acknowledged = (String, String);

/// Clients posting documents, one thread per person, until stopped, the
/// series ends or the server goes away.
pub(crate) struct Load {
    acknowledged: Arc<Mutex<Vec<Acknowledged>>>,
    /// Answers that were neither 2xx nor a lost connection.
    unexpected: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Load {
    /// Starts one client per person, posting `{prefix}c0`, `{prefix}c1`, …
    /// (at most `per_person`) to `documents_url`.
    pub(crate) fn start(
        documents_url: &str,
        token: &str,
        persons: &[String],
        prefix: &str,
        per_person: u32,
    ) -> Load {
        let acknowledged: Arc<Mutex<Vec<Acknowledged>>> = Arc::default();
        let unexpected: Arc<Mutex<Vec<String>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let threads = persons
            .iter()
            .map(|person| {
                let (person, url, token, prefix) = (
                    person.clone(),
                    documents_url.to_owned(),
                    token.to_owned(),
                    prefix.to_owned(),
                );
                let (acknowledged, unexpected, stop) = (
                    Arc::clone(&acknowledged),
                    Arc::clone(&unexpected),
                    Arc::clone(&stop),
                );
                std::thread::spawn(move || {
                    let agent = agent();
                    for n in 0..per_person {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        let result = agent
                            .post(&url)
                            .set("Authorization", &format!("Bearer {token}"))
                            .set("Content-Type", "application/json")
                            .send_string(&certificate(&person, &prefix, n));
                        match result {
                            Ok(response) if (200..300).contains(&response.status()) => {
                                acknowledged
                                    .lock()
                                    .unwrap()
                                    .push((person.clone(), format!("{prefix}c{n}")));
                            }
                            Ok(response) => {
                                unexpected.lock().unwrap().push(format!(
                                    "{} {}",
                                    response.status(),
                                    response.into_string().unwrap_or_default()
                                ));
                                break;
                            }
                            Err(ureq::Error::Status(status, response)) => {
                                unexpected.lock().unwrap().push(format!(
                                    "{status} {}",
                                    response.into_string().unwrap_or_default()
                                ));
                                break;
                            }
                            // The server died mid-request: never acknowledged.
                            Err(ureq::Error::Transport(_)) => break,
                        }
                    }
                })
            })
            .collect();
        Load {
            acknowledged,
            unexpected,
            stop,
            threads,
        }
    }

    /// What has been acknowledged so far.
    pub(crate) fn acknowledged(&self) -> Vec<Acknowledged> {
        self.acknowledged.lock().unwrap().clone()
    }

    /// Stops the clients and gives everything acknowledged; panics on an
    /// answer other than 2xx.
    pub(crate) fn finish(self) -> Vec<Acknowledged> {
        self.stop.store(true, Ordering::Relaxed);
        for thread in self.threads {
            thread.join().unwrap();
        }
        let unexpected = self.unexpected.lock().unwrap();
        assert!(unexpected.is_empty(), "unexpected answers: {unexpected:?}");
        self.acknowledged.lock().unwrap().clone()
    }
}

/// The ids of a person's stored documents, read through the API.
pub(crate) fn stored_through_api(
    person_url: impl Fn(&str) -> String,
    token: &str,
    person: &str,
) -> BTreeSet<String> {
    let response = agent()
        .get(&person_url(&format!("/api/v1/persons/{person}/documents")))
        .set("Authorization", &format!("Bearer {token}"))
        .call();
    let body: serde_json::Value = match response {
        Ok(response) => serde_json::from_str(&response.into_string().unwrap()).unwrap(),
        // A person none of whose documents got in is not there at all.
        Err(ureq::Error::Status(404, _)) => return BTreeSet::new(),
        Err(error) => panic!("reading {person}'s documents: {error}"),
    };
    body["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|document| document["id"].as_str().unwrap().to_owned())
        .collect()
}

#[allow(clippy::disallowed_methods)] // the test reads as the command line's operator
fn operator() -> Actor {
    Actor::command_line("robustness-test")
}

/// Today's date in UTC, as the server's clock reads it.
fn server_today() -> NaiveDate {
    #[allow(clippy::disallowed_methods)] // the test stands in for the server's clock
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(since_epoch.as_secs() / 86_400)
}

/// Through the store: every acknowledged document of `persons` is stored,
/// and each person's stored tasks equal a recomputation from their stored
/// documents (nothing half-written). Gives the number of documents stored.
pub(crate) async fn check_stored(
    store: &dyn Store,
    persons: &[String],
    acknowledged: &[Acknowledged],
) -> usize {
    let mut n_stored = 0;
    for person in persons {
        let fnr = Fnr::parse(person).unwrap();
        let record = match store
            .read_person(
                &operator(),
                &fnr,
                AuditAction::ReadDocuments,
                "robustness test",
                server_today(),
                0,
            )
            .await
        {
            Ok(record) => record,
            Err(tilbake_store::StoreError::NotFound) => {
                assert!(
                    !acknowledged.iter().any(|(who, _)| who == person),
                    "{person} was acknowledged but is not stored"
                );
                continue;
            }
            Err(error) => panic!("{error}"),
        };
        let stored: BTreeSet<&str> = record
            .documents
            .iter()
            .map(|stored| stored.document.id.as_str())
            .collect();
        for (_, id) in acknowledged.iter().filter(|(who, _)| who == person) {
            assert!(stored.contains(id.as_str()), "{person} lost {id}");
        }
        n_stored += stored.len();
        let documents: Vec<Document> = record
            .documents
            .iter()
            .map(|stored| stored.document.clone())
            .collect();
        let followup =
            compute_followup(&followup_input(&documents, fnr.birth_date(), None)).unwrap();
        let mut expected = derive_tasks(&followup, &documents, &[], Some(server_today()));
        let mut tasks = record.tasks.clone();
        expected.sort_by(|a, b| a.id.cmp(&b.id));
        tasks.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(
            tasks, expected,
            "derived tasks of {person} differ from a recomputation"
        );
    }
    n_stored
}
