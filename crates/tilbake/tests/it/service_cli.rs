//! The service end to end: `tilbake serve` on a free port, `admin`, `import`
//! and `tick` against the same database, the API over real HTTP, and SIGTERM.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::tilbake;

const PERSON: &str = "15438510092";

/// A running `tilbake serve`, stopped when dropped.
pub(crate) struct Server {
    child: Option<Child>,
    address: String,
    /// Kept open so the server never writes into a closed pipe.
    stdout: Option<BufReader<ChildStdout>>,
    /// Everything the server logged, once it has exited.
    log: Option<std::thread::JoinHandle<String>>,
}

impl Server {
    /// Starts the server on port 0 and reads the address it prints: no sleeping.
    pub(crate) fn start(db: &Path) -> Server {
        Server::start_logging(db, "info")
    }

    /// Starts the server with `TILBAKE_LOG` set to `filter`.
    pub(crate) fn start_logging(db: &Path, filter: &str) -> Server {
        Server::start_with(db, filter, &[])
    }

    /// Starts the server with `TILBAKE_LOG` set to `filter` and more arguments.
    pub(crate) fn start_with(db: &Path, filter: &str, more: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tilbake"))
            .args(["serve", "--listen", "127.0.0.1:0", "--db"])
            .arg(db)
            .args(more)
            .env_remove("TILBAKE_DB")
            .env_remove("TILBAKE_LISTEN")
            .env("TILBAKE_LOG", filter)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Drain the log so a full pipe never blocks the server.
        let stderr = child.stderr.take();
        let log = std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut stderr) = stderr {
                let _ = stderr.read_to_string(&mut text);
            }
            text
        });
        let stdout = child.stdout.take().map(BufReader::new);
        // From here the server is owned, and waited for, by `Server`.
        let mut server = Server {
            child: Some(child),
            address: String::new(),
            stdout,
            log: Some(log),
        };
        let mut line = String::new();
        while let Some(stdout) = server.stdout.as_mut() {
            line.clear();
            if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                let log = server.log.take();
                drop(server);
                let log = log.map(|log| log.join().unwrap()).unwrap_or_default();
                panic!("serve ended before listening: {log}");
            }
            if let Some(address) = line.trim().strip_prefix("listening on http://") {
                server.address = address.to_owned();
                return server;
            }
        }
        panic!("serve has no standard output");
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Sends SIGTERM and waits (bounded) for the exit status and the log.
    fn terminate(mut self) -> (std::process::ExitStatus, String) {
        let status = sigterm_and_wait(self.child.take().unwrap(), "serve");
        // The pipe closes with the process, so the reader ends.
        let log = self.log.take().map(|log| log.join().unwrap());
        (status, log.unwrap_or_default())
    }
}

/// Sends SIGTERM to a child and waits for its exit status, at most 30 s.
pub(crate) fn sigterm_and_wait(mut child: Child, what: &str) -> std::process::ExitStatus {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(child.wait());
    });
    receiver
        .recv_timeout(Duration::from_secs(30))
        .unwrap_or_else(|_| panic!("{what} did not stop within 30 s of SIGTERM"))
        .unwrap()
}

impl Server {
    /// Kills the server with SIGKILL, as a crash would, and waits for it.
    pub(crate) fn kill(mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

pub(crate) fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .redirects(0)
        .timeout(Duration::from_secs(30))
        .build()
}

/// The status and body of an answer, whatever the status.
fn answer(result: Result<ureq::Response, ureq::Error>) -> (u16, String) {
    match result {
        Ok(response) => (response.status(), response.into_string().unwrap()),
        Err(ureq::Error::Status(status, response)) => (status, response.into_string().unwrap()),
        Err(error) => panic!("{error}"),
    }
}

fn write_documents(folder: &Path) {
    std::fs::create_dir_all(folder.join("more")).unwrap();
    // One document in a file, pretty-printed.
    std::fs::write(
        folder.join("a-certificate.json"),
        format!(
            r#"{{
  "kind": "sick_leave", "id": "s1", "person": "{PERSON}",
  "from": "2024-01-01", "to": "2024-03-31", "grade": 100,
  "employer": "910000004", "unit": "0301", "gp": "dr-lie",
  "diagnosis": {{"system": "ICPC-2", "code": "L03"}}
}}"#
        ),
    )
    .unwrap();
    // JSON Lines, with a cancellation before the certificate it withdraws.
    std::fs::write(
        folder.join("more/b-lines.jsonl"),
        format!(
            "{{\"kind\": \"cancelled\", \"id\": \"s9\", \"person\": \"{PERSON}\"}}\n\n\
             {{\"kind\": \"sick_leave\", \"id\": \"s9\", \"person\": \"{PERSON}\", \"from\": \"2024-09-02\", \"to\": \"2024-09-06\"}}\n"
        ),
    )
    .unwrap();
    // A JSON array.
    std::fs::write(
        folder.join("c-array.json"),
        format!(
            r#"[
  {{"kind": "vacation", "id": "v1", "person": "{PERSON}", "from": "2024-02-05", "to": "2024-02-09"}}
]"#
        ),
    )
    .unwrap();
    // Not a document file: ignored in a folder.
    std::fs::write(folder.join("notes.txt"), "not documents").unwrap();
}

#[test]
fn serve_admin_import_and_the_followup_over_http_then_sigterm_stops_cleanly() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("t.db");
    // Debug level: the log must stay free of identity numbers and health
    // data even when it says the most.
    let server = Server::start_logging(&db, "debug,sqlx=warn");

    // Arrange: a token, a user and the documents.
    let output = tilbake()
        .args(["admin", "token", "add", "--name", "e2e", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let token = stdout.lines().last().unwrap().to_owned();
    assert_eq!(token.len(), 43, "{stdout}");

    tilbake()
        .args([
            "admin",
            "user",
            "add",
            "--username",
            "kari",
            "--role",
            "caseworker",
            "--unit",
            "0301",
        ])
        .args(["--password-stdin", "--db"])
        .arg(&db)
        .write_stdin("kari's password\n")
        .assert()
        .success();

    // A GP made without --gp-id signs certificates with their username.
    tilbake()
        .args([
            "admin",
            "user",
            "add",
            "--username",
            "dr-lie",
            "--role",
            "gp",
        ])
        .args(["--password-stdin", "--db"])
        .arg(&db)
        .write_stdin("dr-lie's password\n")
        .assert()
        .success();

    let documents = folder.path().join("documents");
    write_documents(&documents);
    let output = tilbake()
        .arg("import")
        .arg("--db")
        .arg(&db)
        .arg(&documents)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "new 4, repeated 0, rejected 0",
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success());

    // Act and assert: the follow-up over HTTP with the token.
    let agent = agent();
    let (status, body) = answer(agent.get(&server.url("/health")).call());
    assert_eq!((status, body.as_str()), (200, "ok"));

    let url = server.url(&format!(
        "/api/v1/persons/{PERSON}/followup?today=2024-06-01"
    ));
    let (status, body) = answer(
        agent
            .get(&url)
            .set("Authorization", &format!("Bearer {token}"))
            .call(),
    );
    assert_eq!(status, 200, "{body}");
    let followup: Value = serde_json::from_str(&body).unwrap();
    let cases = followup["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 1, "s9 is cancelled: {followup}");
    assert_eq!(cases[0]["start"], "2024-01-01");
    assert_eq!(cases[0]["end"], "2024-03-31");

    let (status, _) = answer(agent.get(&url).call());
    assert_eq!(status, 401);

    // The caseworker signs in over HTTP and gets the session cookie.
    let login = agent
        .post(&server.url("/login"))
        .send_form(&[("username", "kari"), ("password", "kari's password")])
        .unwrap();
    assert_eq!(login.status(), 303);
    let cookies: Vec<&str> = login.all("set-cookie");
    assert!(cookies
        .iter()
        .any(|cookie| cookie.starts_with("tilbake_session=") && cookie.contains("HttpOnly")));

    // The GP sees the patient they certified, with their session.
    let gp_login = agent
        .post(&server.url("/login"))
        .send_form(&[("username", "dr-lie"), ("password", "dr-lie's password")])
        .unwrap();
    assert_eq!(gp_login.status(), 303);
    let gp_session = gp_login
        .all("set-cookie")
        .into_iter()
        .find_map(|cookie| cookie.strip_prefix("tilbake_session="))
        .and_then(|rest| rest.split(';').next())
        .unwrap()
        .to_owned();
    let (status, body) = answer(
        agent
            .get(&url)
            .set("Cookie", &format!("tilbake_session={gp_session}"))
            .call(),
    );
    assert_eq!(status, 200, "{body}");

    // The daily run, by hand, against the same database.
    let output = tilbake()
        .args(["tick", "--date", "2024-06-01", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("tick 2024-06-01: open "));

    let (status, log) = server.terminate();
    assert!(status.success(), "{log}");
    // The log names route templates, never identity numbers, diagnoses or
    // the dates of a person's leave.
    assert!(log.contains("/api/v1/persons/{fnr}/followup"), "{log}");
    for secret in [PERSON, "L03", "2024-03-31", "today="] {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
}

#[test]
fn import_reports_each_rejected_document_with_file_and_line_and_exits_1() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("t.db");
    let file = folder.path().join("bad.jsonl");
    std::fs::write(
        &file,
        format!(
            "{{\"kind\": \"vacation\", \"id\": \"v1\", \"person\": \"{PERSON}\", \"from\": \"2024-02-05\", \"to\": \"2024-02-09\"}}\n\
             {{\"kind\": \"vacation\", \"id\": \"v2\", \"person\": \"{PERSON}\", \"from\": \"2024-02-05\", \"to\": \"2024-02-30\"}}\n\
             {{\"kind\": \"cancelled\", \"id\": \"nope\", \"person\": \"{PERSON}\"}}\n\
             {{\"kind\": \"vacation\", \"id\": \"v3\", \"person\": \"{PERSON}\", \"from\": \"0024-02-05\", \"to\": \"2024-02-09\"}}\n\
             {{\"kind\": \"work_resumed\", \"id\": \"w1\", \"person\": \"{PERSON}\", \"date\": \"2024-03-01\", \"__proto__\": {{\"x\": 1}}}}\n"
        ),
    )
    .unwrap();
    let output = tilbake()
        .arg("import")
        .arg("--db")
        .arg(&db)
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        "new 2, repeated 0, rejected 3"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    let line_of = |n: usize| {
        let prefix = format!("{}:{n}: ", file.display());
        stderr
            .lines()
            .find(|line| line.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no rejection of line {n}: {stderr}"))
            .to_owned()
    };
    assert_eq!(stderr.lines().count(), 3, "{stderr}");
    assert!(line_of(2).contains(": to: "), "{stderr}");
    assert!(line_of(3).contains("nope"), "{stderr}");
    // A date no case has (the year 24 for 2024) is refused, naming the field.
    assert!(
        line_of(4).contains(": from: 0024-02-05 is before 1900-01-01"),
        "{stderr}"
    );

    // Again: the good one is a repeat.
    let output = tilbake()
        .arg("import")
        .arg("--db")
        .arg(&db)
        .arg(&file)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("new 0, repeated 2, rejected 3"));
}

#[test]
fn admin_user_add_refuses_bad_values_with_one_line_that_says_how_to_fix_it() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("t.db");
    let add_user = |extra: &[&str]| {
        tilbake()
            .args([
                "admin",
                "user",
                "add",
                "--username",
                "u",
                "--password-stdin",
                "--db",
            ])
            .arg(&db)
            .args(extra)
            .write_stdin("pw\n")
            .output()
            .unwrap()
    };

    let output = add_user(&["--role", "caseworker"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--unit"), "{stderr}");

    for (extra, hint) in [
        (&["--role", "caseworker", "--unit", "31"][..], "4-digit"),
        (
            &["--role", "manager", "--employer", "910000005"][..],
            "organisation number",
        ),
        (
            &["--role", "worker", "--person", "15438510093"][..],
            "national identity number",
        ),
        (&["--role", "boss"][..], "caseworker, manager, worker"),
    ] {
        let output = add_user(extra);
        assert_eq!(output.status.code(), Some(2), "{extra:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains(hint),
            "{extra:?}"
        );
    }

    let output = add_user(&["--role", "worker", "--person", PERSON]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = add_user(&["--role", "worker", "--person", PERSON]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("taken"));
}

#[test]
fn a_password_in_the_database_url_is_masked_when_the_database_cannot_be_opened() {
    let output = tilbake()
        .args([
            "tick",
            "--db",
            "postgres://tilbake:s3cret@127.0.0.1:1/tilbake",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("postgres://tilbake:***@127.0.0.1:1/tilbake"),
        "{stderr}"
    );
    assert!(!stderr.contains("s3cret"), "{stderr}");
}

#[test]
fn admin_provider_add_registers_a_provider_for_its_specialists_and_method_supervisor() {
    let folder = tempfile::tempdir().unwrap();
    let db = folder.path().join("t.db");
    let output = tilbake()
        .args([
            "admin",
            "provider",
            "add",
            "--orgnr",
            "923609016",
            "--name",
            "Jobbhuset",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("--role job_specialist"));
    let add_user = |username: &str, extra: &[&str]| {
        tilbake()
            .args(["admin", "user", "add", "--username", username])
            .args(extra)
            .args(["--password-stdin", "--db"])
            .arg(&db)
            .write_stdin("pw\n")
            .output()
            .unwrap()
    };
    // A method supervisor belongs to a provider.
    let output = add_user("boss", &["--role", "se_supervisor"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--employer"), "{stderr}");
    for (username, role) in [("boss", "se_supervisor"), ("sam", "job_specialist")] {
        let output = add_user(username, &["--role", role, "--employer", "923609016"]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // A provider's number with a wrong check digit is refused before the database.
    let output = tilbake()
        .args([
            "admin",
            "provider",
            "add",
            "--orgnr",
            "923609017",
            "--name",
            "X",
            "--db",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}
