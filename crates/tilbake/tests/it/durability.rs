//! Durability: a stream of document posts, the server killed with SIGKILL in
//! the middle of it, and a restart. Every document that got a 2xx answer must
//! be there, and the stored derived state must equal a recomputation from the
//! stored documents: nothing half-written.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDate;
use tilbake_domain::access::AuditAction;
use tilbake_domain::document::{followup_input, Document};
use tilbake_domain::followup::compute_followup;
use tilbake_domain::identity::Fnr;
use tilbake_domain::tasks::derive_tasks;
use tilbake_store::Actor;

use crate::service_cli::{agent, Server};
use crate::tilbake;

const PERSONS: [&str; 4] = ["15438510092", "41018012365", "02459010028", "10437210026"];

/// The n-th document for a person: consecutive two-week certificates, so
/// every one extends the same case and moves its tasks.
fn document(person: &str, n: u32) -> String {
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Days::new(u64::from(n) * 14);
    let end = start + chrono::Days::new(13);
    format!(
        r#"{{"kind":"sick_leave","id":"c{n}","person":"{person}","from":"{start}","to":"{end}","grade":100,"employer":"910000004","unit":"0301"}}"#
    )
}

/// Today's date in UTC, as the server's clock reads it.
fn server_today() -> NaiveDate {
    #[allow(clippy::disallowed_methods)] // the test stands in for the server's clock
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(since_epoch.as_secs() / 86_400)
}

#[allow(clippy::disallowed_methods)] // the test writes as the command line's operator
fn system_actor() -> Actor {
    Actor::command_line("durability-test")
}

#[test]
fn documents_acknowledged_before_a_sigkill_survive_and_derived_state_matches_a_recomputation() {
    let persons: Vec<&str> = PERSONS.to_vec();
    assert!(persons.iter().all(|person| Fnr::parse(person).is_ok()));
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("t.db");
    let server = Server::start(&db);
    let output = tilbake()
        .args(["admin", "token", "add", "--name", "load", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_owned();

    // Act: one posting thread per person, until the server dies.
    let acknowledged: Arc<Mutex<Vec<(String, u32)>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let url = server.url("/api/v1/documents");
    let threads: Vec<_> = persons
        .iter()
        .map(|person| {
            let (person, url, token) = ((*person).to_owned(), url.clone(), token.clone());
            let (acknowledged, stop) = (Arc::clone(&acknowledged), Arc::clone(&stop));
            std::thread::spawn(move || {
                let agent = agent();
                for n in 0..400 {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let result = agent
                        .post(&url)
                        .set("Authorization", &format!("Bearer {token}"))
                        .set("Content-Type", "application/json")
                        .send_string(&document(&person, n));
                    match result {
                        Ok(response) if (200..300).contains(&response.status()) => {
                            acknowledged.lock().unwrap().push((person.clone(), n));
                        }
                        // The server died mid-request: this document was never acknowledged.
                        _ => break,
                    }
                }
            })
        })
        .collect();
    // Kill once a good number of documents are in, while posts are still flowing.
    let deadline = std::time::Instant::now() + Duration::from_mins(1);
    while acknowledged.lock().unwrap().len() < 150 && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill();
    stop.store(true, Ordering::Relaxed);
    for thread in threads {
        thread.join().unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(
        acknowledged.len() >= 60,
        "only {} documents were acknowledged",
        acknowledged.len()
    );

    // Assert: the server starts again on the same file …
    let restarted = Server::start(&db);
    drop(restarted);
    // … and the store holds every acknowledged document, with derived state
    // equal to a recomputation from what is stored.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let store = tilbake_store::open(&db.display().to_string())
            .await
            .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for person in &persons {
            let fnr = Fnr::parse(person).unwrap();
            let record = store
                .read_person(
                    &system_actor(),
                    &fnr,
                    AuditAction::ReadDocuments,
                    "durability test",
                    today,
                    0,
                )
                .await
                .unwrap();
            let stored_ids: Vec<&str> = record
                .documents
                .iter()
                .map(|stored| stored.document.id.as_str())
                .collect();
            for (acknowledged_person, n) in &acknowledged {
                if acknowledged_person == person {
                    assert!(
                        stored_ids.contains(&format!("c{n}").as_str()),
                        "{person} lost c{n}"
                    );
                }
            }
            let documents: Vec<Document> = record
                .documents
                .iter()
                .map(|stored| stored.document.clone())
                .collect();
            let followup =
                compute_followup(&followup_input(&documents, fnr.birth_date(), None)).unwrap();
            // The server recomputed with its own date (UTC); so does this check.
            let mut expected = derive_tasks(&followup, &documents, &[], Some(server_today()));
            let mut stored = record.tasks.clone();
            expected.sort_by(|a, b| a.id.cmp(&b.id));
            stored.sort_by(|a, b| a.id.cmp(&b.id));
            assert_eq!(
                stored, expected,
                "derived tasks of {person} differ from a recomputation"
            );
        }
    });
}
