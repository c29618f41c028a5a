//! Notifications and the event feed end to end: `tilbake serve` with
//! `--smtp` to a real SMTP server the test starts (Debian's aiosmtpd, which
//! writes what it receives to a maildir), webhook receivers the test runs
//! (plain HTTP on loopback), and the service killed with SIGKILL in the
//! middle of a delivery.
//!
//! Without aiosmtpd the e-mail test says so and passes, unless
//! `TILBAKE_SMTP_TESTS=required` (as `.ci/run` sets, after installing it).

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde_json::Value;
use tilbake_contract::events::signature_holds;

use crate::service_cli::{agent, Server};
use crate::tilbake;

const ANNA: &str = "15438510092";
const BJORN: &str = "41018012365";
const EMPLOYER_A: &str = "910000004";
const EMPLOYER_B: &str = "974760673";
#[allow(clippy::duration_suboptimal_units)] // Duration::from_mins needs Rust 1.91; the workspace allows 1.85.
const WAIT: Duration = Duration::from_secs(60);

/// Today's date in UTC, as the server's clock reads it.
fn server_today() -> NaiveDate {
    #[allow(clippy::disallowed_methods)] // the test stands in for the server's clock
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Days::new(since_epoch.as_secs() / 86_400)
}

/// A certificate around today (the manager sees open cases only).
fn certificate(person: &str, id: &str, employer: &str, n: u64) -> String {
    let from = server_today() - chrono::Days::new(60) + chrono::Days::new(n);
    let to = server_today() + chrono::Days::new(30);
    format!(
        r#"{{"kind":"sick_leave","id":"{id}","person":"{person}","from":"{from}","to":"{to}","grade":100,
            "employer":"{employer}","unit":"0301","gp":"dr-berg",
            "diagnosis":{{"system":"ICD-10","code":"F32.1"}}}}"#
    )
}

fn invitation(id: &str) -> String {
    let at = server_today() + chrono::Days::new(10);
    format!(
        r#"{{"kind":"meeting_invitation","id":"{id}","person":"{ANNA}","meeting":1,"at":"{at}T09:00",
            "place":"Kantina","video":false,"participants":["worker","manager"],"message":"Velkommen"}}"#
    )
}

fn add_user(db: &Path, username: &str, more: &[&str]) {
    tilbake()
        .args([
            "admin",
            "user",
            "add",
            "--username",
            username,
            "--password-stdin",
            "--db",
        ])
        .arg(db)
        .args(more)
        .write_stdin("correct horse battery staple\n")
        .assert()
        .success();
}

fn add_token(db: &Path) -> String {
    let output = tilbake()
        .args(["admin", "token", "add", "--name", "sender", "--db"])
        .arg(db)
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .to_owned()
}

/// Registers a webhook; answers its signing secret.
fn add_webhook(db: &Path, owner: &str, url: &str) -> String {
    let output = tilbake()
        .args([
            "admin", "webhook", "add", "--owner", owner, "--url", url, "--db",
        ])
        .arg(db)
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

fn post(server: &Server, token: &str, document: &str) {
    let answer = agent()
        .post(&server.url("/api/v1/documents"))
        .set("Authorization", &format!("Bearer {token}"))
        .set("Content-Type", "application/json")
        .send_string(document);
    match answer {
        Ok(response) => assert!(response.status() < 300),
        Err(error) => panic!("{document}: {error}"),
    }
}

/// Waits for a condition, polling; panics with `what` after [`WAIT`].
fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < WAIT, "waited {WAIT:?} for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One request a receiver got.
#[derive(Clone, Debug)]
struct Received {
    headers: BTreeMap<String, String>,
    body: String,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }

    fn ids(&self) -> Vec<i64> {
        self.json()["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|event| event["id"].as_i64().unwrap())
            .collect()
    }

    fn signed_with(&self, secret: &str) -> bool {
        let timestamp: i64 = self.headers["x-tilbake-timestamp"].parse().unwrap();
        signature_holds(
            secret,
            timestamp,
            self.body.as_bytes(),
            &self.headers["x-tilbake-signature"],
        )
    }
}

/// A webhook receiver on a free port: answers 200 to every POST and keeps
/// it, except that the first request can be held unanswered (`hold_first`)
/// until the test has killed the sender.
struct Receiver {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    /// Says when the first request arrived (when holding it).
    first: mpsc::Receiver<()>,
}

impl Receiver {
    fn start(hold_first: bool) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let (sender, first) = mpsc::channel();
        let kept = Arc::clone(&received);
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let Some(request) = read_request(&mut stream) else {
                    continue;
                };
                let is_first = kept.lock().unwrap().is_empty() && held.is_empty();
                if hold_first && is_first {
                    // Keep the connection open, unanswered: the sender dies waiting.
                    kept.lock().unwrap().push(request);
                    held.push(stream);
                    let _ = sender.send(());
                    continue;
                }
                kept.lock().unwrap().push(request);
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
                );
            }
        });
        Receiver {
            url,
            received,
            first,
        }
    }

    fn all(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    fn ids(&self) -> BTreeSet<i64> {
        self.all().iter().flat_map(Received::ids).collect()
    }
}

fn read_request(stream: &mut TcpStream) -> Option<Received> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    let mut headers = BTreeMap::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
    }
    let length: usize = headers.get("content-length")?.parse().ok()?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        headers,
        body: String::from_utf8(body).ok()?,
    })
}

/// Debian's aiosmtpd on a free port, writing each message to a maildir.
struct SmtpServer {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl SmtpServer {
    fn start(folder: &Path) -> Option<SmtpServer> {
        let python = Path::new("/usr/bin/python3");
        let available = Command::new(python)
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|status| status.success());
        if !available {
            let required =
                std::env::var("TILBAKE_SMTP_TESTS").is_ok_and(|value| value == "required");
            assert!(
                !required,
                "TILBAKE_SMTP_TESTS=required but python3-aiosmtpd is not installed"
            );
            eprintln!("python3-aiosmtpd is not installed: the e-mail test is SKIPPED (apt-get install python3-aiosmtpd)");
            return None;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let maildir = folder.join("maildir");
        let child = Command::new(python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = SmtpServer {
            child,
            port,
            maildir,
        };
        wait_for("the SMTP server to listen", || {
            TcpStream::connect(("127.0.0.1", port)).is_ok()
        });
        Some(server)
    }

    /// Every message received so far, as text.
    fn messages(&self) -> Vec<String> {
        let mut texts = Vec::new();
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(self.maildir.join(sub)) else {
                continue;
            };
            for entry in entries.flatten() {
                texts.push(std::fs::read_to_string(entry.path()).unwrap());
            }
        }
        texts
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The body of an e-mail, decoded from quoted-printable or base64 if it is.
fn decoded(message: &str) -> String {
    let (head, body) = message.split_once("\n\n").unwrap_or((message, ""));
    let head_lower = head.to_ascii_lowercase();
    if head_lower.contains("content-transfer-encoding: base64") {
        let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
        return String::from_utf8(base64_decode(&compact)).unwrap();
    }
    if head_lower.contains("content-transfer-encoding: quoted-printable") {
        let joined = body.replace("=\n", "").replace("=\r\n", "");
        let mut bytes = Vec::new();
        let raw = joined.as_bytes();
        let mut index = 0;
        while index < raw.len() {
            if raw[index] == b'=' && index + 2 < raw.len() {
                if let Ok(byte) = u8::from_str_radix(
                    std::str::from_utf8(&raw[index + 1..index + 3]).unwrap_or("zz"),
                    16,
                ) {
                    bytes.push(byte);
                    index += 3;
                    continue;
                }
            }
            bytes.push(raw[index]);
            index += 1;
        }
        return String::from_utf8(bytes).unwrap();
    }
    body.to_owned()
}

fn base64_decode(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n_bits = 0;
    let mut out = Vec::new();
    for byte in text.bytes().filter(|byte| *byte != b'=') {
        let value = ALPHABET.iter().position(|letter| *letter == byte).unwrap() as u32;
        bits = (bits << 6) | value;
        n_bits += 6;
        if n_bits >= 8 {
            n_bits -= 8;
            out.push((bits >> n_bits) as u8);
        }
    }
    out
}

/// The subject line, each RFC 2047 word (`=?utf-8?b?…?=`) decoded.
fn subject(message: &str) -> String {
    let line = message
        .lines()
        .find(|line| line.to_ascii_lowercase().starts_with("subject:"))
        .unwrap_or_default();
    line["subject:".len()..]
        .split_whitespace()
        .map(|word| {
            let lower = word.to_ascii_lowercase();
            match lower.strip_prefix("=?utf-8?b?") {
                Some(_) => String::from_utf8(base64_decode(
                    word["=?utf-8?b?".len()..].trim_end_matches("?="),
                ))
                .unwrap(),
                None => word.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_worker_invited_to_a_meeting_gets_an_e_mail_and_an_hr_system_signed_events_of_its_employees_only(
) {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("t.db");
    let Some(smtp) = SmtpServer::start(folder.path()) else {
        return;
    };
    add_user(
        &db,
        "anna",
        &[
            "--role",
            "worker",
            "--person",
            ANNA,
            "--email",
            "anna@example.test",
        ],
    );
    add_user(
        &db,
        "leder",
        &["--role", "manager", "--employer", EMPLOYER_A],
    );
    let token = add_token(&db);
    let hr_a = Receiver::start(false);
    let hr_b = Receiver::start(false);
    let secret_a = add_webhook(&db, &format!("employer:{EMPLOYER_A}"), &hr_a.url);
    let secret_b = add_webhook(&db, &format!("employer:{EMPLOYER_B}"), &hr_b.url);

    let server = Server::start_with(
        &db,
        "info",
        &[
            "--smtp",
            &format!("smtp://127.0.0.1:{}", smtp.port),
            "--mail-from",
            "tilbake@example.test",
            "--public-url",
            "https://tilbake.example.test",
        ],
    );
    post(&server, &token, &certificate(ANNA, "c-anna", EMPLOYER_A, 0));
    post(
        &server,
        &token,
        &certificate(BJORN, "c-bjorn", EMPLOYER_B, 0),
    );
    post(&server, &token, &invitation("inv-1"));

    wait_for("the invitation's e-mail", || !smtp.messages().is_empty());
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let message = &messages[0];
    assert!(message.contains("anna@example.test"), "{message}");
    assert_eq!(subject(message), "Noe venter på deg i tilbake", "{message}");
    let body = decoded(message);
    assert!(body.contains("Du er innkalt til et dialogmøte."), "{body}");
    assert!(
        body.contains("https://tilbake.example.test/varsler"),
        "{body}"
    );
    for secret in [ANNA, "F32", "Velkommen", "Kantina"] {
        assert!(
            !message.contains(secret) && !body.contains(secret),
            "{secret} in {message}"
        );
    }

    // Employer A's HR system gets Anna's events, signed; never Bjørn's.
    wait_for("employer A's receiver to get the invitation", || {
        hr_a.all()
            .iter()
            .any(|request| request.body.contains("\"inv-1\""))
    });
    wait_for("employer B's receiver to get Bjørn's certificate", || {
        hr_b.all()
            .iter()
            .any(|request| request.body.contains("\"c-bjorn\""))
    });
    for request in hr_a.all() {
        assert!(request.signed_with(&secret_a), "{request:?}");
        assert!(!request.signed_with(&secret_b));
        assert!(!request.body.contains("F32") && !request.body.contains("diagnosis"));
        for event in request.json()["events"].as_array().unwrap() {
            assert_eq!(event["person"], ANNA, "{event}");
        }
        let ids = request.ids();
        assert_eq!(
            request.headers["x-tilbake-delivery"],
            format!("{}-{}", ids[0], ids[ids.len() - 1])
        );
    }
    for request in hr_b.all() {
        assert!(request.signed_with(&secret_b));
        for event in request.json()["events"].as_array().unwrap() {
            assert_eq!(event["person"], BJORN, "{event}");
        }
    }

    // The pull feed gives the system client the same events, in order.
    let feed: Value = serde_json::from_str(
        &agent()
            .get(&server.url("/api/v1/events?after=0&limit=1000"))
            .set("Authorization", &format!("Bearer {token}"))
            .call()
            .unwrap()
            .into_string()
            .unwrap(),
    )
    .unwrap();
    let feed_ids: Vec<i64> = feed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| event["id"].as_i64().unwrap())
        .collect();
    assert!(feed_ids.windows(2).all(|pair| pair[0] < pair[1]));
    assert!(hr_a.ids().iter().all(|id| feed_ids.contains(id)));

    // A daily digest groups: two more invitations, then the daily run.
    tilbake_store_set_digest(&db);
    post(&server, &token, &invitation("inv-2"));
    post(&server, &token, &invitation("inv-3"));
    wait_for("the notifications of inv-2 and inv-3", || {
        unread(&db, "anna") == 3
    });
    let tick = tilbake().args(["tick", "--db"]).arg(&db).output().unwrap();
    assert!(tick.status.success());
    let printed = String::from_utf8(tick.stdout).unwrap();
    assert!(printed.contains("digests queued 1"), "{printed}");
    wait_for("the digest", || smtp.messages().len() == 2);
    let digest = smtp
        .messages()
        .into_iter()
        .find(|message| !message.contains("Noe venter"))
        .unwrap();
    assert_eq!(
        subject(&digest),
        "What waits for you in tilbake today",
        "{digest}"
    );
    let body = decoded(&digest);
    assert!(
        body.contains("- 2 × You are invited to a dialogue meeting"),
        "{body}"
    );
    assert!(!digest.contains(ANNA));
    drop(server);
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Anna chooses a daily digest in English (as her settings page would).
fn tilbake_store_set_digest(db: &Path) {
    runtime().block_on(async {
        let store = tilbake_store::open(db.to_str().unwrap()).await.unwrap();
        let anna = store.user_by_username("anna").await.unwrap().unwrap().actor;
        store
            .set_notification_settings(&anna, tilbake_domain::events::EmailChoice::Digest, "en", 0)
            .await
            .unwrap();
    });
}

fn unread(db: &Path, username: &str) -> u64 {
    runtime().block_on(async {
        let store = tilbake_store::open(db.to_str().unwrap()).await.unwrap();
        let actor = store
            .user_by_username(username)
            .await
            .unwrap()
            .unwrap()
            .actor;
        store.unread_notifications(&actor).await.unwrap()
    })
}

/// The events the employer's nearest manager may see, as the store gives
/// them to the HR system's scope (the same policy principal).
fn events_of_manager(db: &Path) -> BTreeMap<i64, Value> {
    runtime().block_on(async {
        let store = tilbake_store::open(db.to_str().unwrap()).await.unwrap();
        store.sequence_events(u32::MAX, 0).await.unwrap();
        let leader = store
            .user_by_username("leder")
            .await
            .unwrap()
            .unwrap()
            .actor;
        let page = store
            .read_events(&leader, 0, 1_000, server_today(), 0)
            .await
            .unwrap();
        page.events
            .iter()
            .map(|event| (event.position, tilbake_contract::events::event_value(event)))
            .collect()
    })
}

#[test]
fn the_outbox_survives_a_sigkill_during_delivery_and_loses_no_event() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("t.db");
    add_user(
        &db,
        "leder",
        &["--role", "manager", "--employer", EMPLOYER_A],
    );
    let token = add_token(&db);
    let hr = Receiver::start(true);
    let secret = add_webhook(&db, &format!("employer:{EMPLOYER_A}"), &hr.url);

    let server = Server::start(&db);
    for n in 0..10 {
        post(
            &server,
            &token,
            &certificate(ANNA, &format!("c{n}"), EMPLOYER_A, n),
        );
        post(
            &server,
            &token,
            &certificate(BJORN, &format!("b{n}"), EMPLOYER_B, n),
        );
    }
    // The first delivery arrives and is held unanswered: kill the sender now.
    hr.first
        .recv_timeout(WAIT)
        .expect("the first delivery within a minute");
    server.kill();
    let held = hr.all()[0].ids();
    assert!(!held.is_empty());

    let server = Server::start(&db);
    for n in 10..15 {
        post(
            &server,
            &token,
            &certificate(ANNA, &format!("c{n}"), EMPLOYER_A, n),
        );
    }
    let expected = events_of_manager(&db);
    let last = *expected.keys().last().unwrap();
    wait_for("every event of employer A's people to arrive", || {
        hr.ids().contains(&last)
    });
    drop(server);

    // Nothing lost, nothing of another employer's people, each signed.
    let received = hr.all();
    let ids = hr.ids();
    assert_eq!(ids, expected.keys().copied().collect::<BTreeSet<_>>());
    // The events the killed process had in flight came again, with the same ids and content.
    let mut seen: BTreeMap<i64, Value> = BTreeMap::new();
    let mut n_again = 0;
    for request in &received {
        assert!(request.signed_with(&secret));
        for event in request.json()["events"].as_array().unwrap() {
            let id = event["id"].as_i64().unwrap();
            assert_eq!(event, &expected[&id], "event {id}");
            if let Some(before) = seen.insert(id, event.clone()) {
                assert_eq!(before, *event);
                n_again += 1;
            }
        }
    }
    assert!(
        held.iter().all(|id| received[1..]
            .iter()
            .any(|request| request.ids().contains(id))),
        "the held delivery {held:?} was delivered again"
    );
    assert!(n_again >= held.len());
}
