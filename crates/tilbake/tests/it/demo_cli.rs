//! `tilbake demo` from the outside, as the service contract names it: the
//! `login ROLE USERNAME PASSWORD` lines and `listening on http://ADDR` on
//! stdout, the data behind the accounts over real HTTP, and SIGTERM removing
//! the temporary folder.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::thread::JoinHandle;

use serde_json::Value;

use crate::service_cli::{agent, sigterm_and_wait};

/// The roles of the contract that sign in, each with exactly one `login` line.
const ROLES: [&str; 8] = [
    "caseworker",
    "manager",
    "worker",
    "gp",
    "counsellor",
    "job_specialist",
    "se_supervisor",
    "admin",
];

/// A running `tilbake demo`, killed when dropped.
struct Demo {
    child: Option<Child>,
    address: String,
    /// (role, username, password) from the `login` lines.
    logins: Vec<(String, String, String)>,
    /// The temporary folder it says it uses.
    folder: PathBuf,
    /// Kept open so the demo never writes into a closed pipe.
    stdout: Option<BufReader<ChildStdout>>,
    stderr: Option<JoinHandle<String>>,
}

impl Demo {
    /// Starts the demo on port 0 with `tmp` as the temporary folder's parent
    /// and reads its stdout up to the listening line: no sleeping.
    fn start(tmp: &Path) -> Demo {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tilbake"))
            .args(["demo", "--listen", "127.0.0.1:0"])
            .env("TMPDIR", tmp)
            .env_remove("TILBAKE_LISTEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take();
        let stdout = child.stdout.take();
        // From here the demo is owned, and waited for, by `Demo`.
        let mut demo = Demo {
            child: Some(child),
            address: String::new(),
            logins: Vec::new(),
            folder: PathBuf::new(),
            stdout: stdout.map(BufReader::new),
            // Drain the log so a full pipe never blocks the demo.
            stderr: Some(std::thread::spawn(move || {
                let mut text = String::new();
                if let Some(mut stderr) = stderr {
                    let _ = stderr.read_to_string(&mut text);
                }
                text
            })),
        };
        let mut printed = String::new();
        let mut line = String::new();
        while let Some(stdout) = demo.stdout.as_mut() {
            line.clear();
            if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                let log = demo.stop_and_read_log();
                panic!("demo ended before listening:\n{printed}\n{log}");
            }
            printed.push_str(&line);
            let line = line.trim_end();
            if let Some(login) = line.strip_prefix("login ") {
                let fields: Vec<&str> = login.split(' ').collect();
                assert_eq!(fields.len(), 3, "{line}");
                demo.logins.push((
                    fields[0].to_owned(),
                    fields[1].to_owned(),
                    fields[2].to_owned(),
                ));
            } else if let Some(rest) = line.strip_prefix("temporary folder: ") {
                demo.folder = PathBuf::from(rest.split(" (").next().unwrap());
            } else if let Some(address) = line.strip_prefix("listening on http://") {
                demo.address = address.to_owned();
                assert!(
                    !demo.folder.as_os_str().is_empty(),
                    "no temporary folder in:\n{printed}"
                );
                return demo;
            }
        }
        panic!("demo has no standard output");
    }

    /// Kills the demo and answers its log.
    fn stop_and_read_log(&mut self) -> String {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        self.stderr
            .take()
            .map(|log| log.join().unwrap_or_default())
            .unwrap_or_default()
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    fn login_of(&self, role: &str) -> (&str, &str) {
        let (_, username, password) = self
            .logins
            .iter()
            .find(|(login_role, _, _)| login_role == role)
            .unwrap_or_else(|| panic!("no login line for {role}"));
        (username, password)
    }

    /// Signs in over HTTP and answers the session cookie (`name=value`).
    fn sign_in(&self, role: &str) -> String {
        let (username, password) = self.login_of(role);
        let response = agent()
            .post(&self.url("/login"))
            .send_form(&[("username", username), ("password", password)])
            .unwrap();
        assert_eq!(response.status(), 303, "{role}");
        let cookie = response
            .all("set-cookie")
            .into_iter()
            .find(|cookie| cookie.starts_with("tilbake_session="))
            .unwrap_or_else(|| panic!("no session cookie for {role}"));
        cookie.split(';').next().unwrap().to_owned()
    }

    fn get_json(&self, path: &str, cookie: &str) -> Value {
        let response = agent()
            .get(&self.url(path))
            .set("Cookie", cookie)
            .call()
            .unwrap_or_else(|error| panic!("GET {path}: {error}"));
        assert_eq!(response.status(), 200, "GET {path}");
        serde_json::from_str(&response.into_string().unwrap()).unwrap()
    }

    /// Sends SIGTERM and waits (bounded) for the exit status and the log.
    fn terminate(mut self) -> (ExitStatus, String) {
        let status = sigterm_and_wait(self.child.take().unwrap(), "demo");
        let log = self.stderr.take().unwrap().join().unwrap();
        (status, log)
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        if let Some(child) = &mut self.child {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn demo_prints_a_login_per_role_serves_their_data_and_sigterm_removes_its_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let demo = Demo::start(tmp.path());

    // One login line per role, before the listening line; the folder is under TMPDIR.
    let mut roles: Vec<&str> = demo
        .logins
        .iter()
        .map(|(role, _, _)| role.as_str())
        .collect();
    roles.sort_unstable();
    let mut expected = ROLES.to_vec();
    expected.sort_unstable();
    assert_eq!(roles, expected);
    assert!(demo.folder.starts_with(tmp.path()), "{:?}", demo.folder);
    assert!(demo.folder.is_dir());

    let response = agent().get(&demo.url("/health")).call().unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.into_string().unwrap(), "ok");

    // The caseworker's queue has open tasks.
    let caseworker = demo.sign_in("caseworker");
    let tasks = demo.get_json("/api/v1/tasks", &caseworker);
    let tasks = tasks["tasks"].as_array().unwrap();
    assert!(!tasks.is_empty(), "the caseworker has no tasks");
    assert!(
        tasks.iter().all(|task| task["state"] == "open"),
        "{tasks:?}"
    );
    assert!(tasks.iter().all(|task| task["owner"] == "nav"), "{tasks:?}");

    // The worker sees their own follow-up: an open case past week 8.
    let worker = demo.sign_in("worker");
    let session = demo.get_json("/api/v1/session", &worker);
    let person = session["person"].as_str().unwrap().to_owned();
    let followup = demo.get_json(&format!("/api/v1/persons/{person}/followup"), &worker);
    let cases = followup["cases"].as_array().unwrap();
    let last = cases.last().expect("the worker has cases");
    let activity = last["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|milestone| milestone["kind"] == "activity_requirement")
        .unwrap();
    assert_eq!(activity["reached"], true, "{last}");
    assert_eq!(activity["status"], "passed", "{last}");

    // The worker's GP sees them too, and the manager has employees' tasks.
    let gp = demo.sign_in("gp");
    let seen_by_gp = demo.get_json(&format!("/api/v1/persons/{person}/followup"), &gp);
    assert_eq!(seen_by_gp["cases"], followup["cases"]);
    let manager = demo.sign_in("manager");
    let tasks = demo.get_json("/api/v1/tasks", &manager);
    assert!(!tasks["tasks"].as_array().unwrap().is_empty());

    let folder = demo.folder.clone();
    let (status, log) = demo.terminate();
    assert!(status.success(), "{log}");
    assert!(!folder.exists(), "{folder:?} is still there");
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "the demo left files in TMPDIR"
    );
}

/// Every run of 11 digits in `text` that is a valid identity number.
fn identity_numbers(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut digits = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        if digits.len() == 11 && tilbake_domain::identity::Fnr::parse(&digits).is_ok() {
            found.push(digits.clone());
        }
        digits.clear();
    }
    found
}

/// The addresses a page leads to: its links and its forms' actions.
fn addresses_in(html: &str) -> Vec<String> {
    let mut addresses = Vec::new();
    for attribute in ["href=\"", "action=\""] {
        for rest in html.split(attribute).skip(1) {
            if let Some(value) = rest.split('"').next() {
                addresses.push(value.replace("&#38;", "&").replace("&amp;", "&"));
            }
        }
    }
    addresses
}

#[test]
fn no_address_the_demo_leads_any_role_to_and_no_log_line_holds_an_identity_number() {
    let tmp = tempfile::tempdir().unwrap();
    let mut demo = Demo::start(tmp.path());
    let mut offending = Vec::new();
    let mut n_pages = 0;
    for role in ROLES {
        let cookie = demo.sign_in(role);
        let mut queue = vec!["/".to_owned()];
        let mut seen = std::collections::BTreeSet::new();
        // Enough to reach every kind of page from the role's lists.
        while let Some(path) = queue.pop() {
            if seen.len() >= 120 || !seen.insert(path.clone()) {
                continue;
            }
            let response = match agent().get(&demo.url(&path)).set("Cookie", &cookie).call() {
                Ok(response) | Err(ureq::Error::Status(_, response)) => response,
                Err(error) => panic!("GET {path}: {error}"),
            };
            n_pages += 1;
            let mut leads_to: Vec<String> = response
                .header("location")
                .map(str::to_owned)
                .into_iter()
                .collect();
            let is_html = response
                .header("content-type")
                .is_some_and(|kind| kind.starts_with("text/html"));
            if is_html {
                leads_to.extend(addresses_in(&response.into_string().unwrap_or_default()));
            }
            for address in leads_to {
                if !identity_numbers(&address).is_empty() {
                    offending.push(format!("{role}: {path} leads to {address}"));
                }
                let own = address.starts_with('/') && !address.starts_with("//");
                let path_only = address.split('#').next().unwrap_or("").to_owned();
                // Not the way out, and no downloads.
                if own
                    && !path_only.starts_with("/logout")
                    && !path_only.starts_with("/static/")
                    && !path_only.contains("logg-ut")
                    && !std::path::Path::new(&path_only)
                        .extension()
                        .is_some_and(|extension| extension.eq_ignore_ascii_case("pdf"))
                    && !path_only.ends_with("/csv")
                    && !path_only.is_empty()
                {
                    queue.push(path_only);
                }
            }
        }
    }
    let log = demo.stop_and_read_log();
    assert!(n_pages > 50, "only {n_pages} pages crawled");
    assert!(offending.is_empty(), "{}", offending.join("\n"));
    let in_log = identity_numbers(&log);
    assert!(
        in_log.is_empty(),
        "identity numbers in the log: {in_log:?}\n{log}"
    );
}
