//! The pages in a real browser: `tilbake demo`, Debian's headless Chromium
//! driven through chromedriver (WebDriver, with `fantoccini`), and axe-core
//! (from npm, `tests/browser/`) on every main page.
//!
//! For each role with pages it signs in through the sign-in form, opens the
//! role's main pages (the caseworker's queue and a person from it, the
//! worker's own page and "who can see me", the manager's list and a person
//! from it, the GP's look-up and the worker found with it, the counsellor's
//! and job specialist's consenting persons and the worker from there; a page
//! that does not answer 200 yet
//! is noted and left out), switches each to English with the language switch
//! and back, runs axe-core's WCAG 2 A/AA rules on each, saves a whole-page
//! screenshot of each under `target/screenshots/<role>-<page>-<lang>.png`
//! (and `…-nb-narrow.png` at 390 px wide), and signs out with the header's
//! button. It also tries a wrong password:
//! the error is shown, tied to the fields, and the username is kept. Any
//! axe violation of impact serious or critical fails the test, listed.
//!
//! Without chromium, chromedriver or axe-core the test says on stderr that it
//! skips, and passes; with `TILBAKE_BROWSER_TESTS=required` (as `.ci/run`
//! sets, after installing them) it fails instead.

use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

use crate::service_cli::agent;
use crate::workspace_root;

/// `required`: a missing browser or axe-core fails the test instead of skipping it.
const REQUIRED_VARIABLE: &str = "TILBAKE_BROWSER_TESTS";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// axe-core as `npm ci` in `tests/browser/` installs it.
const AXE_PATH: &str = "tests/browser/node_modules/axe-core/axe.min.js";
/// Headless, and no network of Chromium's own: on a closed network its
/// background connections are refused.
const CHROMIUM_FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];
/// The axe-core rules that are run: WCAG 2.0, 2.1 and 2.2, levels A and AA.
const AXE_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
/// The impacts that fail the test; the others are printed.
const FAILING_IMPACTS: [&str; 2] = ["serious", "critical"];
const DESKTOP_WIDTH: u32 = 1280;
const NARROW_WIDTH: u32 = 390;
const WINDOW_HEIGHT: u32 = 900;
/// How long any one wait (a process's start line, a navigation) may take.
const WAIT: Duration = Duration::from_secs(30);

/// The roles that have pages, with the list page of their own that a person
/// is opened from (when it answers: some are still being built).
const ROLE_PAGES: [(&str, &str); 6] = [
    ("caseworker", "/benken"),
    ("worker", "/min-sykmelding"),
    ("manager", "/mine-sykmeldte"),
    ("gp", "/pasienter"),
    ("counsellor", "/mine-personer"),
    ("job_specialist", "/mine-personer"),
];
/// The demo's career centre (`demo_command::DEMO_CAREER_CENTRE`).
const DEMO_CAREER_CENTRE: &str = "970012346";
/// The worker's "who can see me".
const WHO_SEES_ME: &str = "/min-sykmelding/hvem-ser-meg";

#[test]
fn each_role_signs_in_and_its_pages_pass_axe_in_headless_chromium() {
    let Some(axe) = prerequisites() else {
        return;
    };
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let demo = Demo::start(tmp.path());
    let driver = ChromeDriver::start();
    let profile = tempfile::tempdir().unwrap();
    let screenshots = workspace_root().join("target/screenshots");
    std::fs::create_dir_all(&screenshots).unwrap();
    // Only this run's pages: the last run's screenshots go.
    for entry in std::fs::read_dir(&screenshots).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|extension| extension == "png") {
            std::fs::remove_file(&path).unwrap();
        }
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let report = runtime.block_on(async {
        let client = connect(&driver.url(), profile.path()).await;
        let run = Run {
            client: client.clone(),
            base: format!("http://{}", demo.address),
            logins: demo.logins.clone(),
            axe,
            screenshots,
        };
        // Panics in the drive end the browser all the same.
        let outcome = tokio::spawn(run.drive()).await;
        let _ = client.close().await;
        match outcome {
            Ok(report) => report,
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            Err(error) => panic!("the browser drive did not finish: {error}"),
        }
    });
    drop(driver);
    let log = demo.stop();
    let log_lines: Vec<&str> = log.lines().collect();
    let log_tail = log_lines[log_lines.len().saturating_sub(40)..].join("\n");

    // The whole list with --nocapture or on failure; one line past the
    // capture always.
    eprintln!("{}", report.summary());
    let _ = writeln!(
        std::io::stderr(),
        "\nbrowser test: {} pages in headless Chromium in {:.1} s, {} axe-core violations; \
         screenshots in target/screenshots/",
        report.pages.len(),
        started.elapsed().as_secs_f64(),
        report
            .pages
            .iter()
            .map(|page| page.violations.len())
            .sum::<usize>()
    );
    let failures = report.failures();
    assert!(
        failures.is_empty(),
        "axe-core found serious or critical WCAG 2 A/AA violations:\n{failures}\n\nthe end of the demo's log:\n{log_tail}"
    );
}

/// axe-core's source when Chromium, chromedriver and axe-core are all there;
/// otherwise says on stderr why the test skips, or fails when they are required.
fn prerequisites() -> Option<String> {
    let axe = workspace_root().join(AXE_PATH);
    let mut missing = Vec::new();
    for (path, remedy) in [
        (Path::new(CHROMIUM), "apt-get install chromium"),
        (Path::new(CHROMEDRIVER), "apt-get install chromium-driver"),
        (axe.as_path(), "npm ci in tests/browser"),
    ] {
        if !path.is_file() {
            missing.push(format!("{} ({remedy})", path.display()));
        }
    }
    if missing.is_empty() {
        return Some(std::fs::read_to_string(&axe).unwrap());
    }
    let missing = missing.join(", ");
    assert!(
        std::env::var(REQUIRED_VARIABLE).as_deref() != Ok("required"),
        "browser test: missing {missing}; {REQUIRED_VARIABLE}=required, so this fails \
         instead of skipping (.ci/run installs them)"
    );
    // Written past the test harness's capture, so it shows in a passing run.
    let _ = writeln!(
        std::io::stderr(),
        "\nthe browser test is SKIPPED: missing {missing}. .ci/run installs them; \
         {REQUIRED_VARIABLE}=required turns this skip into a failure."
    );
    None
}

/// Reads lines of a child's stream on a thread, to a channel, to the end:
/// the pipe never fills and the start line is waited for without sleeping.
fn lines_of(stream: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        // Once nobody listens, sending fails and the lines are only drained.
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            let _ = sender.send(line);
        }
    });
    receiver
}

/// Drains a child's stream on a thread and answers it when the child ends.
fn collect(stream: impl Read + Send + 'static) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut stream = stream;
        let mut text = String::new();
        let _ = stream.read_to_string(&mut text);
        text
    })
}

/// A running `tilbake demo`, killed when dropped.
struct Demo {
    child: Child,
    address: String,
    /// (role, username, password) from the `login` lines.
    logins: Vec<(String, String, String)>,
    stderr: Option<JoinHandle<String>>,
}

impl Demo {
    fn start(tmp: &Path) -> Demo {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tilbake"))
            .args(["demo", "--listen", "127.0.0.1:0"])
            .env("TMPDIR", tmp)
            .env_remove("TILBAKE_LISTEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = lines_of(child.stdout.take().unwrap());
        let mut demo = Demo {
            stderr: Some(collect(child.stderr.take().unwrap())),
            child,
            address: String::new(),
            logins: Vec::new(),
        };
        let deadline = Instant::now() + WAIT;
        let mut printed = String::new();
        while demo.address.is_empty() {
            let Ok(line) = lines.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            else {
                let log = demo.stop();
                panic!("the demo printed no listening line:\n{printed}\n{log}");
            };
            printed.push_str(&line);
            printed.push('\n');
            if let Some(login) = line.strip_prefix("login ") {
                let fields: Vec<&str> = login.split(' ').collect();
                assert_eq!(fields.len(), 3, "{line}");
                demo.logins.push((
                    fields[0].to_owned(),
                    fields[1].to_owned(),
                    fields[2].to_owned(),
                ));
            } else if let Some(address) = line.strip_prefix("listening on http://") {
                address.clone_into(&mut demo.address);
            }
        }
        demo
    }

    /// Kills the demo and answers its log.
    fn stop(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.stderr
            .take()
            .map(|log| log.join().unwrap_or_default())
            .unwrap_or_default()
    }
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A running chromedriver on a free loopback port, killed when dropped.
struct ChromeDriver {
    child: Child,
    port: u16,
}

impl ChromeDriver {
    /// chromedriver has no `--port=0`: takes a port the system has just
    /// handed out, and tries again with another should it be taken meanwhile.
    fn start() -> ChromeDriver {
        let mut tried = String::new();
        for _ in 0..3 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|listener| listener.local_addr())
                .unwrap()
                .port();
            let mut child = Command::new(CHROMEDRIVER)
                .arg(format!("--port={port}"))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let lines = lines_of(child.stdout.take().unwrap());
            let stderr = collect(child.stderr.take().unwrap());
            let deadline = Instant::now() + WAIT;
            while let Ok(line) =
                lines.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                let _ = writeln!(tried, "{line}");
                if line.contains("started successfully") {
                    return ChromeDriver { child, port };
                }
            }
            let _ = child.kill();
            let _ = child.wait();
            tried.push_str(&stderr.join().unwrap_or_default());
        }
        panic!("chromedriver did not start:\n{tried}");
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WebDriver session with headless Chromium and a fresh profile.
async fn connect(driver: &str, profile: &Path) -> Client {
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|&flag| flag.to_owned()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.push(format!("--window-size={DESKTOP_WIDTH},{WINDOW_HEIGHT}"));
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": { "binary": CHROMIUM, "args": args },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(driver)
        .await
        .unwrap_or_else(|error| panic!("no Chromium session from chromedriver: {error}"))
}

/// One page as the test saw it.
struct Seen {
    name: String,
    url: String,
    violations: Vec<Violation>,
    /// The rules axe-core could not decide alone ("needs review").
    incomplete: Vec<String>,
}

/// One axe-core rule a page breaks: its impact, id, help with its URL, and
/// the failing elements with axe-core's summary.
struct Violation {
    impact: String,
    rule: String,
    help: String,
    nodes: Vec<String>,
}

#[derive(Default)]
struct Report {
    pages: Vec<Seen>,
    notes: Vec<String>,
}

impl Report {
    fn summary(&self) -> String {
        let mut text = String::from("browser test: pages seen (axe-core WCAG 2 A/AA)\n");
        for page in &self.pages {
            let _ = write!(text, "  {:<40} ", page.name);
            if page.violations.is_empty() {
                text.push_str("no violations");
            } else {
                let listed: Vec<String> = page
                    .violations
                    .iter()
                    .map(|violation| format!("{} {}", violation.impact, violation.rule))
                    .collect();
                text.push_str(&listed.join(", "));
            }
            if !page.incomplete.is_empty() {
                let _ = write!(text, "; needs review: {}", page.incomplete.join(", "));
            }
            text.push('\n');
        }
        for note in &self.notes {
            let _ = writeln!(text, "  note: {note}");
        }
        for page in &self.pages {
            for violation in &page.violations {
                if !FAILING_IMPACTS.contains(&violation.impact.as_str()) {
                    let _ = writeln!(text, "{}", violation.describe(page));
                }
            }
        }
        text
    }

    /// The serious and critical violations, readable, or an empty string.
    fn failures(&self) -> String {
        let mut text = String::new();
        for page in &self.pages {
            for violation in &page.violations {
                if FAILING_IMPACTS.contains(&violation.impact.as_str()) {
                    let _ = writeln!(text, "{}", violation.describe(page));
                }
            }
        }
        text
    }
}

impl Violation {
    fn describe(&self, page: &Seen) -> String {
        let mut text = format!(
            "{} ({}): {} {}: {}",
            page.name, page.url, self.impact, self.rule, self.help
        );
        for node in &self.nodes {
            let _ = write!(text, "\n    {}", node.replace('\n', "\n      "));
        }
        text
    }
}

/// The drive through the pages, on one browser session.
struct Run {
    client: Client,
    base: String,
    logins: Vec<(String, String, String)>,
    axe: String,
    screenshots: PathBuf,
}

impl Run {
    async fn drive(self) -> Report {
        let mut report = Report::default();
        self.sign_in_page_and_its_error(&mut report).await;
        // The worker's identity number, for their GP to look up.
        let mut patient = None;
        // Their page, `/person/{reference}`, as the GP's look-up reaches it.
        let mut patient_page = None;
        for (role, list) in ROLE_PAGES {
            self.role(role, list, &mut patient, &mut patient_page, &mut report)
                .await;
        }
        let patient = patient_page.expect("the GP looks the worker up by their identity number");
        self.follow_up_story(&patient, &mut report).await;
        self.activity_requirement_story(&mut report).await;
        self.consent_story(&patient, &mut report).await;
        self.guidance_story(&patient, &mut report).await;
        self.statistics_story(&mut report).await;
        self.early_story(&patient, &mut report).await;
        self.supported_employment_story(&patient, &mut report).await;
        report
    }

    /// Early sessions and the work-ability assessment: the caseworker finds
    /// the office's setting on, records both sessions (session 2 shows what
    /// changed) and writes an assessment; the GP adds to it; the worker
    /// reads both with the words explained. Each page with axe-core, in
    /// both languages.
    async fn early_story(&self, patient: &str, report: &mut Report) {
        let sessions = format!("{patient}/tidlige-samtaler");
        let assessment = format!("{patient}/arbeidsevne");

        self.sign_in_as("caseworker").await;
        self.visit("/enhet/innstillinger").await;
        let shown = self.body_text().await;
        assert!(shown.contains("Tidlige samtaler er på."), "{shown}");
        self.early_page("caseworker", "unit-settings", report).await;

        for (session, minutes, notes) in [
            (
                "#session-1",
                "45",
                [
                    ("work_situation", "Helt sykmeldt, savner jobben."),
                    ("rights_and_duties", "Gikk gjennom aktivitetsplikten."),
                ],
            ),
            (
                "#session-2",
                "30",
                [
                    ("work_situation", "Gradert 50 %, kasse før lunsj."),
                    ("return_plan", "Opptrapping til 80 % i januar."),
                ],
            ),
        ] {
            self.visit(&sessions).await;
            self.find(session).await.click().await.unwrap();
            self.type_into("#minutes", minutes).await;
            for (topic, note) in notes {
                self.find(&format!("#discussed-{topic}-1"))
                    .await
                    .click()
                    .await
                    .unwrap();
                self.type_into(&format!("#note-{topic}"), note).await;
            }
            self.submit("form[action$=\"/tidlige-samtaler\"]").await;
        }
        let shown = self.body_text().await;
        assert!(
            shown.contains("Det som er endret siden samtale 1"),
            "{shown}"
        );
        assert!(shown.contains("Opptrapping til 80 % i januar."), "{shown}");
        self.early_page("caseworker", "early-sessions", report)
            .await;

        self.visit(&assessment).await;
        self.type_into(
            "#functional_ability",
            "Tåler ikke lang tid stående. Kan sitte og gå med pauser.",
        )
        .await;
        for (factor, weight, reasons) in [
            ("health", 2, "Ryggplager; bedring ventet med behandling."),
            ("education", 1, "Fagbrev i salg og service."),
            ("skills", 1, "God med kunder og kassesystemet."),
            ("experience", 3, "Mest lagerarbeid, lite kundearbeid."),
            ("life_situation", 1, "Støtte hjemme, kort reisevei."),
        ] {
            self.find(&format!("#weight-{factor}-{weight}"))
                .await
                .click()
                .await
                .unwrap();
            self.type_into(&format!("#reasons-{factor}"), reasons).await;
        }
        self.type_into("#conclusion", "Kan arbeide 50 % nå med kasse og uten løft.")
            .await;
        self.submit("form[action$=\"/arbeidsevne\"]").await;
        let shown = self.body_text().await;
        assert!(shown.contains("Kan arbeide 50 % nå"), "{shown}");
        self.early_page("caseworker", "work-ability", report).await;

        self.sign_in_as("gp").await;
        self.visit(&assessment).await;
        self.type_into("#text", "Enig. Bør unngå løft over 10 kg i åtte uker.")
            .await;
        self.submit("form[action$=\"/tillegg\"]").await;
        let shown = self.body_text().await;
        assert!(shown.contains("Bør unngå løft over 10 kg"), "{shown}");
        self.early_page("gp", "work-ability", report).await;

        self.sign_in_as("worker").await;
        self.visit("/min-sykmelding/arbeidsevne").await;
        let shown = self.body_text().await;
        assert!(shown.contains("Hva ordene betyr"), "{shown}");
        assert!(shown.contains("Bør unngå løft over 10 kg"), "{shown}");
        self.early_page("worker", "work-ability", report).await;
    }

    /// A page of the early sessions' story: axe-core and screenshots in
    /// both languages, at the phone's width in English too.
    async fn early_page(&self, role: &str, page: &str, report: &mut Report) {
        self.page_in_both_languages(role, page, report).await;
        self.find("a.lang-switch").await.click().await.unwrap();
        self.wait_for_lang("en").await;
        self.screenshot(&format!("{role}-{page}-en-narrow"), NARROW_WIDTH)
            .await;
        self.client
            .set_window_size(DESKTOP_WIDTH, WINDOW_HEIGHT)
            .await
            .unwrap();
        self.find("a.lang-switch").await.click().await.unwrap();
        self.wait_for_lang("nb").await;
    }

    /// Supported Employment: the worker's own page, NAV's referral page, the
    /// job specialist's caseload, a participant and the employer register,
    /// and the method supervisor's team, each in both languages with axe-core.
    async fn supported_employment_story(&self, patient: &str, report: &mut Report) {
        self.sign_in_as("worker").await;
        self.visit("/min-sykmelding/arbeid-med-bistand").await;
        self.page_in_both_languages("worker", "supported-employment", report)
            .await;
        self.sign_in_as("caseworker").await;
        self.visit(&format!("{patient}/arbeid-med-bistand")).await;
        self.page_in_both_languages("caseworker", "supported-employment-referral", report)
            .await;
        self.sign_in_as("job_specialist").await;
        self.visit("/arbeid-med-bistand").await;
        self.page_in_both_languages("job_specialist", "caseload", report)
            .await;
        let participant = self
            .find("#caseload a[href^=\"/arbeid-med-bistand/deltaker/\"]")
            .await
            .attr("href")
            .await
            .unwrap()
            .expect("the caseload links its participants");
        self.visit(&participant).await;
        self.page_in_both_languages("job_specialist", "participant", report)
            .await;
        self.visit("/arbeidsgivere").await;
        self.page_in_both_languages("job_specialist", "employers", report)
            .await;
        let employer = self
            .find("#employers a[href^=\"/arbeidsgivere/\"]")
            .await
            .attr("href")
            .await
            .unwrap()
            .expect("the register links its employers");
        self.visit(&employer).await;
        self.page_in_both_languages("job_specialist", "employer", report)
            .await;
        self.sign_in_as("se_supervisor").await;
        self.visit("/arbeid-med-bistand/team").await;
        self.page_in_both_languages("se_supervisor", "team", report)
            .await;
    }

    /// Statistics: the public page with no sign-in, and the caseworkers'
    /// page with its table and chart, in both languages with axe-core.
    async fn statistics_story(&self, report: &mut Report) {
        self.client.delete_all_cookies().await.unwrap();
        self.visit("/statistikk").await;
        self.page_in_both_languages("anonymous", "statistics", report)
            .await;
        self.sign_in_as("caseworker").await;
        self.visit("/statistikk/nav").await;
        self.page_in_both_languages("caseworker", "statistics", report)
            .await;
    }

    /// Career guidance: the worker finds the offer on their page, fills in
    /// part of the wheel on a phone-sized screen and sees the profile; the
    /// counsellor they booked reads it and writes the second talk's notes;
    /// the admin sees which instruments are loaded. Each page with axe-core.
    async fn guidance_story(&self, patient: &str, report: &mut Report) {
        self.sign_in_as("worker").await;
        self.visit("/min-sykmelding").await;
        self.find("a[href=\"/min-veiledning\"]")
            .await
            .click()
            .await
            .unwrap();
        self.wait_to_leave("/min-sykmelding").await;
        let shown = self.body_text().await;
        assert!(shown.contains("Bestill karriereveiledning"), "{shown}");
        self.page_in_both_languages("worker", "guidance", report)
            .await;

        // Booking: the centre's counsellor, the first talk a week ahead.
        let (counsellor, _) = self.login_of("counsellor");
        let choice = format!("{DEMO_CAREER_CENTRE}:{counsellor}");
        self.find(&format!("#counsellor option[value=\"{choice}\"]"))
            .await
            .click()
            .await
            .unwrap();
        self.type_into("#wish", "Hva kan jeg jobbe med nå?").await;
        self.submit("#bestill form").await;
        let shown = self.body_text().await;
        assert!(shown.contains("Veiledningen er bestilt."), "{shown}");
        assert!(shown.contains("Samtale 3"), "{shown}");
        report
            .pages
            .push(self.check("worker-guidance-booked", "nb").await);

        // On a phone: two areas of the wheel, today and desired, then save.
        self.client
            .set_window_size(NARROW_WIDTH, WINDOW_HEIGHT)
            .await
            .unwrap();
        self.visit("/min-veiledning/wheel").await;
        for (question, value) in [
            ("q.work.current", 3),
            ("q.work.desired", 8),
            ("q.health.current", 4),
            ("q.health.desired", 9),
        ] {
            self.find(&format!("label[for=\"{question}-{value}\"]"))
                .await
                .click()
                .await
                .unwrap();
        }
        report
            .pages
            .push(self.check("worker-guidance-wheel", "nb").await);
        self.client
            .set_window_size(NARROW_WIDTH, WINDOW_HEIGHT)
            .await
            .unwrap();
        self.submit("form.form").await;
        self.client
            .set_window_size(DESKTOP_WIDTH, WINDOW_HEIGHT)
            .await
            .unwrap();
        let shown = self.body_text().await;
        assert!(shown.contains("Svarene dine er lagret."), "{shown}");
        assert!(
            shown.contains("Helse og overskudd: 4 i dag, 9 ønsket"),
            "{shown}"
        );
        report
            .pages
            .push(self.check("worker-guidance-profiles", "nb").await);

        // The plan: the three questions answered yes, made final, shared
        // with the manager, who then sees it on the person's page.
        self.visit("/min-veiledning/plan").await;
        for question in ["understandable", "manageable", "meaningful"] {
            self.find(&format!("label[for=\"{question}-1\"]"))
                .await
                .click()
                .await
                .unwrap();
        }
        self.find("label[for=\"final-1\"]")
            .await
            .click()
            .await
            .unwrap();
        self.submit("section[aria-labelledby=\"form-heading\"] form")
            .await;
        self.submit(
            "form:has(input[name=\"audience\"][value=\"manager\"]):has(input[name=\"document\"][value=\"plan\"])",
        )
        .await;
        report
            .pages
            .push(self.check("worker-guidance-plan-shared", "nb").await);
        self.sign_in_as("manager").await;
        self.visit(patient).await;
        let shown = self.body_text().await;
        assert!(
            shown.contains("Plan fra karriereveiledningen"),
            "the manager sees the shared plan:\n{shown}"
        );
        assert!(!shown.contains("Interessekoden"), "{shown}");

        self.sign_in_as("counsellor").await;
        let guidance = format!("{patient}/veiledning");
        self.visit(&guidance).await;
        let shown = self.body_text().await;
        assert!(shown.contains("3 i dag, 8 ønsket"), "{shown}");
        self.type_into("#note-1", "Vi så på hjulet sammen.").await;
        self.submit("#samtale-1 form").await;
        let shown = self.body_text().await;
        assert!(shown.contains("Samtalen er lagret."), "{shown}");
        self.page_in_both_languages("counsellor", "guidance", report)
            .await;

        self.sign_in_as("admin").await;
        self.visit("/veiledning/kartlegginger").await;
        self.page_in_both_languages("admin", "instruments", report)
            .await;
    }

    /// Signs in as `role` through the form.
    async fn sign_in_as(&self, role: &str) {
        let (username, password) = self.login_of(role);
        self.client.delete_all_cookies().await.unwrap();
        self.client
            .goto(&format!("{}/login", self.base))
            .await
            .unwrap();
        self.fill_sign_in(username, password).await;
        self.wait_to_leave("/login").await;
    }

    /// Goes to a path and waits for it.
    async fn visit(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
        let deadline = Instant::now() + WAIT;
        while self.script("return document.readyState").await != "complete" {
            assert!(Instant::now() < deadline, "{path} never loaded");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Types into a field found by CSS.
    async fn type_into(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Sets a native date (or date-and-time) control to an ISO value, as
    /// its picker would: typed keys go to the control's locale-dependent
    /// segments, so they are no way to fill it.
    async fn set_date(&self, css: &str, iso: &str) {
        self.find(css).await;
        self.client
            .execute(
                "const field = document.querySelector(arguments[0]); \
                 field.value = arguments[1]; \
                 if (field.value !== arguments[1]) { throw new Error('not a date: ' + arguments[1]); }",
                vec![Value::from(css), Value::from(iso)],
            )
            .await
            .unwrap_or_else(|error| panic!("setting {css} to {iso}: {error}"));
    }

    /// Clicks a form's submit button and waits for the answer page to load.
    async fn submit(&self, form: &str) {
        let before: Value = self.script("return performance.timeOrigin").await;
        self.find(&format!("{form} button[type=submit]"))
            .await
            .click()
            .await
            .unwrap();
        let deadline = Instant::now() + WAIT;
        loop {
            let now = self.script("return performance.timeOrigin").await;
            let ready = self.script("return document.readyState").await;
            if now != before && ready == "complete" {
                break;
            }
            assert!(Instant::now() < deadline, "{form} was not answered");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn body_text(&self) -> String {
        text(&self.script("return document.body.innerText").await)
    }

    /// A follow-up from the plan to dialogue meeting 2, each party in turn:
    /// the manager writes and shares a plan, the worker approves it, NAV
    /// invites to meeting 2, records the activity requirement and sends the
    /// minutes, and the worker sees it all and answers; the manager finds
    /// the agreement in their list. Each page is checked with axe-core.
    async fn follow_up_story(&self, patient: &str, report: &mut Report) {
        let plan = format!("{patient}/plan");
        let meetings = format!("{patient}/moter");
        let mine = "/min-sykmelding/plan-og-moter";

        self.sign_in_as("manager").await;
        self.visit(&plan).await;
        self.type_into("#work_tasks", "Kasse og varemottak.").await;
        // The health-word hint names the word as it is written, and only
        // it: "medisinutdeling" is a task, "ryggsmerter" is health.
        self.type_into(
            "#can_do_now",
            "Har ryggsmerter, men kan ta medisinutdeling.",
        )
        .await;
        let live = "const box = document.getElementById('plan-health-live'); \
                    return box.hidden ? '' : box.innerText";
        let deadline = Instant::now() + WAIT;
        let hint = loop {
            let hint = text(&self.script(live).await);
            if !hint.is_empty() || Instant::now() > deadline {
                break hint;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert!(hint.contains("«ryggsmerter»"), "{hint}");
        assert!(!hint.contains("medisinutdeling"), "{hint}");
        self.type_into("#can_do_now", "Kasse fire timer om dagen.")
            .await;
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert_eq!(text(&self.script(live).await), "", "the hint stays");
        self.type_into(
            "#adaptations-0--description",
            "Starter kl. 10, slutter kl. 14.",
        )
        .await;
        self.find("#adaptations-0--status-2")
            .await
            .click()
            .await
            .unwrap();
        self.type_into("#next_steps-0--what", "Se på planen sammen igjen.")
            .await;
        self.set_date("#next_steps-0--when", "2026-12-14").await;
        self.submit("form[action$=\"/plan\"]").await;
        let shown = self.body_text().await;
        assert!(shown.contains("Starter kl. 10, slutter kl. 14."), "{shown}");
        self.submit("form[action$=\"/plan/del\"]").await;
        let shown = self.body_text().await;
        assert!(shown.contains("Delt med fastlegen og NAV"), "{shown}");
        report.pages.push(self.check("manager-plan", "nb").await);

        self.sign_in_as("worker").await;
        self.visit(mine).await;
        self.find("#approved-1").await.click().await.unwrap();
        self.submit("form[action$=\"/plan\"]").await;
        let shown = self.body_text().await;
        assert!(shown.contains("Du godkjente planen"), "{shown}");

        self.sign_in_as("caseworker").await;
        self.visit(&meetings).await;
        self.find("#meeting-1").await.click().await.unwrap();
        // The meeting is today (the minutes' date field starts at today; a
        // native date control holds it as ÅÅÅÅ-MM-DD): an invitation to a
        // past day is refused, and minutes cannot be dated before their meeting.
        let today = text(
            &self
                .script("return document.getElementById('minutes-date').value")
                .await,
        );
        self.set_date("#at", &format!("{today}T10:00")).await;
        self.type_into("#place", "NAV-kontoret, møterom 4").await;
        self.submit("form[action$=\"/innkalling\"]").await;
        // The activity requirement is not on the meetings page: its one
        // place is "What needs doing now" (activity_requirement_story).
        assert_eq!(
            self.script(
                "return document.querySelectorAll('form[action$=\"/aktivitetskrav\"]').length"
            )
            .await,
            0
        );
        // Moved to later the same day: the invitees are asked again.
        self.find("details.meeting-change summary")
            .await
            .click()
            .await
            .unwrap();
        self.set_date("#move-0-at", &format!("{today}T14:00")).await;
        self.submit("form[action$=\"/flytt\"]").await;
        let shown = self.body_text().await;
        assert!(shown.contains("Møtet er flyttet til"), "{shown}");
        self.find("#minutes-meeting-1").await.click().await.unwrap();
        self.type_into(
            "#minutes-situation",
            "Jobber fire timer om dagen og vil øke.",
        )
        .await;
        self.find("#minutes-agreements-0--who")
            .await
            .select_by_value("manager")
            .await
            .unwrap();
        self.type_into("#minutes-agreements-0--what", "Skaffe hev-senk-pult.")
            .await;
        self.set_date("#minutes-agreements-0--due", "2026-12-10")
            .await;
        self.submit("form[action$=\"/referat\"]").await;
        let shown = self.body_text().await;
        for expected in ["NAV-kontoret, møterom 4", "Skaffe hev-senk-pult."] {
            assert!(
                shown.contains(expected),
                "{expected} not on {meetings}:\n{shown}"
            );
        }
        report
            .pages
            .push(self.check("caseworker-meetings", "nb").await);
        self.visit(patient).await;
        let shown = self.body_text().await;
        assert!(
            shown.contains("Avtale fra dialogmøte (NAV)")
                || shown.contains("Avtale fra dialogmøte (arbeidsgiver)"),
            "{shown}"
        );

        self.sign_in_as("worker").await;
        self.visit(mine).await;
        let shown = self.body_text().await;
        for expected in [
            "Du godkjente planen",
            "NAV-kontoret, møterom 4",
            "Skaffe hev-senk-pult.",
        ] {
            assert!(
                shown.contains(expected),
                "{expected} not on the worker's page:\n{shown}"
            );
        }
        report
            .pages
            .push(self.check("worker-plan-and-meetings", "nb").await);

        self.sign_in_as("manager").await;
        self.visit("/mine-sykmeldte").await;
        let shown = self.body_text().await;
        assert!(
            shown.contains("Avtale fra dialogmøte (arbeidsgiver)"),
            "{shown}"
        );
        self.visit(&meetings).await;
        report
            .pages
            .push(self.check("manager-meetings", "nb").await);
    }

    /// Issue 10's "done when": from the queue of activity requirements the
    /// caseworker opens the most urgent person and records the assessment
    /// under "What needs doing now" in four clicks (the person, the
    /// outcome, the reason, save), with no scrolling on a laptop screen.
    async fn activity_requirement_story(&self, report: &mut Report) {
        let queue = "/benken?kind=activity_requirement";
        self.sign_in_as("caseworker").await;
        self.client
            .set_window_size(DESKTOP_WIDTH, WINDOW_HEIGHT)
            .await
            .unwrap();
        self.visit(queue).await;
        self.find("main a[href^=\"/person/\"]")
            .await
            .click()
            .await
            .unwrap();
        let person = self.wait_to_leave("/benken").await;
        assert!(person.starts_with("/person/"), "went to {person}");
        let form = "form[action$=\"/aktivitetskrav\"]";
        let unseen = self
            .script(&format!(
                "const b = document.querySelector('{form} button[type=submit]').getBoundingClientRect(); \
                 return b.bottom > window.innerHeight ? b.bottom - window.innerHeight : 0"
            ))
            .await;
        assert_eq!(
            unseen.as_f64(),
            Some(0.0),
            "the assessment's save button is {unseen} px below the first screen of {person}"
        );
        report
            .pages
            .push(self.check("caseworker-what-now", "nb").await);
        self.find("#activity-outcome-1")
            .await
            .click()
            .await
            .unwrap();
        let reason = self.find("#activity-reason").await;
        reason.click().await.unwrap();
        reason
            .send_keys("Jobber fire timer om dagen med tilrettelagte oppgaver.")
            .await
            .unwrap();
        self.submit(form).await;
        let shown = self.body_text().await;
        for expected in [
            "Vurderingen av aktivitetskravet er registrert.",
            "Oppfylt: arbeidstakeren er i aktivitet",
            "Jobber fire timer om dagen med tilrettelagte oppgaver.",
        ] {
            assert!(
                shown.contains(expected),
                "{expected} not on {person}:\n{shown}"
            );
        }
        assert_eq!(
            self.script(&format!(
                "return document.querySelectorAll('{form}').length"
            ))
            .await,
            0,
            "the task is closed"
        );
        report
            .pages
            .push(self.check("caseworker-activity-recorded", "nb").await);
    }

    /// The worker lets the counsellor see the plan and meetings too, on
    /// "who can see me"; the counsellor's person page follows at once. Then
    /// the worker withdraws the job specialist's consent, and the job
    /// specialist's list is empty.
    async fn consent_story(&self, patient: &str, report: &mut Report) {
        let (counsellor, _) = self.login_of("counsellor");
        let counsellor = counsellor.to_owned();
        let (specialist, _) = self.login_of("job_specialist");
        let specialist = specialist.to_owned();
        let card =
            |username: &str| format!("article:has(input[name=\"grantee\"][value=\"{username}\"])");

        self.sign_in_as("worker").await;
        self.visit(WHO_SEES_ME).await;
        let counsellor_card = card(&counsellor);
        self.find(&format!("{counsellor_card} summary"))
            .await
            .click()
            .await
            .unwrap();
        self.find(&format!(
            "{counsellor_card} input[name=\"share\"][value=\"casework\"]"
        ))
        .await
        .click()
        .await
        .unwrap();
        self.submit(&format!("{counsellor_card} details form"))
            .await;
        let shown = self.body_text().await;
        assert!(shown.contains("Lagret."), "{shown}");
        assert!(
            shown.contains("Oppfølgingsplanen og dialogmøtene"),
            "{shown}"
        );
        report
            .pages
            .push(self.check("worker-who-sees-me-saved", "nb").await);

        self.sign_in_as("counsellor").await;
        self.visit(patient).await;
        let shown = self.body_text().await;
        assert!(
            shown.contains("oppfølgingsplanen og dialogmøtene"),
            "the counsellor sees the new share at once:\n{shown}"
        );

        self.sign_in_as("worker").await;
        self.visit(WHO_SEES_ME).await;
        self.submit(&format!("{} form.consent__withdraw", card(&specialist)))
            .await;
        let shown = self.body_text().await;
        assert!(shown.contains("Samtykket er trukket tilbake."), "{shown}");

        // The worker is gone from the specialist's list at once (the demo's
        // other participants of Supported Employment stay).
        self.sign_in_as("job_specialist").await;
        self.visit("/mine-personer").await;
        let shown = self.client.source().await.unwrap();
        let link = format!("href=\"{patient}\"");
        assert!(!shown.contains(&link), "{patient} still listed: {shown}");
    }

    fn login_of(&self, role: &str) -> (&str, &str) {
        let (_, username, password) = self
            .logins
            .iter()
            .find(|(login_role, _, _)| login_role == role)
            .unwrap_or_else(|| panic!("the demo printed no login for {role}"));
        (username, password)
    }

    async fn find(&self, css: &str) -> fantoccini::elements::Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element,
            Err(error) => panic!("no {css} on {}: {error}", self.path().await),
        }
    }

    async fn path(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|url| url.path().to_owned())
            .unwrap_or_default()
    }

    async fn script(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|error| panic!("script {script:?}: {error}"))
    }

    /// Waits (bounded, polling the browser) until the page's path is not `from`.
    async fn wait_to_leave(&self, from: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let path = self.path().await;
            let ready = self.script("return document.readyState").await;
            if path != from && ready == "complete" {
                return path;
            }
            assert!(Instant::now() < deadline, "still on {from} after {WAIT:?}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Fills in the sign-in form as a person would and sends it.
    async fn fill_sign_in(&self, username: &str, password: &str) {
        let field = self.find("#username").await;
        field.clear().await.unwrap();
        field.send_keys(username).await.unwrap();
        let field = self.find("#password").await;
        field.clear().await.unwrap();
        field.send_keys(password).await.unwrap();
        self.find("main form button[type=submit]")
            .await
            .click()
            .await
            .unwrap();
    }

    async fn sign_in_page_and_its_error(&self, report: &mut Report) {
        self.client.delete_all_cookies().await.unwrap();
        self.client
            .goto(&format!("{}/login", self.base))
            .await
            .unwrap();
        self.page_in_both_languages("signed-out", "login", report)
            .await;

        // A wrong password: the page again, with the error tied to the fields.
        let (username, _) = self.login_of("caseworker");
        self.fill_sign_in(username, "not-the-password").await;
        let summary = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(".error-summary"))
            .await
            .unwrap_or_else(|error| panic!("no error summary after a wrong password: {error}"));
        assert_eq!(self.path().await, "/login");
        assert_eq!(
            summary.attr("role").await.unwrap().as_deref(),
            Some("alert")
        );
        assert!(summary.is_displayed().await.unwrap());
        let message = self.find(".error-summary .error-message").await;
        let message_id = message
            .attr("id")
            .await
            .unwrap()
            .expect("the message has an id");
        let message = message.text().await.unwrap();
        assert!(!message.trim().is_empty(), "the error message is empty");
        for field in ["#username", "#password"] {
            let input = self.find(field).await;
            assert_eq!(
                input.attr("aria-invalid").await.unwrap().as_deref(),
                Some("true"),
                "{field} is not marked invalid"
            );
            let described_by = input.attr("aria-describedby").await.unwrap();
            assert!(
                described_by
                    .as_deref()
                    .is_some_and(|ids| ids.split_whitespace().any(|id| id == message_id)),
                "{field} is described by {described_by:?}, not by the error #{message_id}"
            );
        }
        assert_eq!(
            self.find("#username")
                .await
                .prop("value")
                .await
                .unwrap()
                .as_deref(),
            Some(username),
            "the username was not kept"
        );
        assert_eq!(
            self.find("#password")
                .await
                .prop("value")
                .await
                .unwrap()
                .as_deref(),
            Some(""),
            "the password was sent back"
        );
        report
            .pages
            .push(self.check("signed-out-login-error", "nb").await);
    }

    async fn role(
        &self,
        role: &str,
        list: &str,
        patient: &mut Option<String>,
        patient_page: &mut Option<String>,
        report: &mut Report,
    ) {
        let (username, password) = self.login_of(role);
        self.client.delete_all_cookies().await.unwrap();
        self.client
            .goto(&format!("{}/login", self.base))
            .await
            .unwrap();
        self.fill_sign_in(username, password).await;
        let start = self.wait_to_leave("/login").await;
        self.page_in_both_languages(role, &page_name(&start), report)
            .await;

        if start != list {
            let (status, _) = self.get(list).await;
            if status == 200 {
                self.open(list).await;
                self.page_in_both_languages(role, &page_name(list), report)
                    .await;
            } else {
                report
                    .notes
                    .push(format!("{role}: {list} answers {status}, not opened yet"));
            }
        }
        if role == "caseworker" {
            // Every role has the sessions page, linked from the header.
            let link = self.find(".site-header__sessions").await;
            let href = link.attr("href").await.unwrap().unwrap();
            self.open(&href).await;
            self.page_in_both_languages(role, "sessions", report).await;
            self.open(list).await;
        }
        if role == "worker" {
            self.open(WHO_SEES_ME).await;
            self.page_in_both_languages(role, "who-sees-me", report)
                .await;
            // The action plan of career guidance and the mapping report.
            for (path, name) in [
                ("/min-veiledning/plan", "guidance-plan"),
                ("/min-veiledning/rapport", "guidance-report"),
            ] {
                self.open(path).await;
                self.page_in_both_languages(role, name, report).await;
            }
            let (status, session) = self.get("/api/v1/session").await;
            assert_eq!(status, 200, "{session}");
            let session: Value = serde_json::from_str(&session).unwrap();
            *patient = session["person"].as_str().map(str::to_owned);
        } else if self.path().await == list {
            if let Some(page) = self
                .person_from_list(role, list, patient.as_deref(), report)
                .await
            {
                *patient_page = Some(page);
            }
        }

        // Sign out with the header's button: back to the sign-in page.
        let before = self.path().await;
        self.find(".site-header__logout button")
            .await
            .click()
            .await
            .unwrap();
        let after = self.wait_to_leave(&before).await;
        assert_eq!(after, "/login", "{role} signed out to {after}");
    }

    /// Opens a person from a list page: the patient looked up with its
    /// identity-number field (the GP's page, which posts it: the number is
    /// never in an address), or the first person it links to, if person
    /// pages answer. Answers the page the look-up reached.
    async fn person_from_list(
        &self,
        role: &str,
        list: &str,
        patient: Option<&str>,
        report: &mut Report,
    ) -> Option<String> {
        let links = self
            .client
            .find_all(Locator::Css("main a[href^=\"/person/\"]"))
            .await
            .unwrap();
        let lookup = self
            .client
            .find_all(Locator::Css("main form input#fnr"))
            .await
            .unwrap();
        let looked_up = if let (Some(field), Some(patient)) = (lookup.first(), patient) {
            field.send_keys(patient).await.unwrap();
            self.find("main form button[type=submit]")
                .await
                .click()
                .await
                .unwrap();
            true
        } else {
            let Some(link) = links.first() else {
                report
                    .notes
                    .push(format!("{role}: {list} leads to no person"));
                return None;
            };
            let href = link.attr("href").await.unwrap().unwrap_or_default();
            let (status, _) = self.get(&href).await;
            if status != 200 {
                report.notes.push(format!(
                    "{role}: the person page /person/… from {list} answers {status}, not opened yet"
                ));
                return None;
            }
            link.click().await.unwrap();
            false
        };
        let path = self.wait_to_leave(list).await;
        assert!(path.starts_with("/person/"), "{role} went to {path}");
        if let Some(patient) = patient {
            assert!(
                !path.contains(patient),
                "{role}: an identity number in {path}"
            );
        }
        self.page_in_both_languages(role, "person", report).await;
        self.open(list).await;
        looked_up.then_some(path)
    }

    /// The status and body a path answers the signed-in browser, asked
    /// outside it with its cookies (WebDriver does not tell statuses).
    async fn get(&self, path: &str) -> (u16, String) {
        let cookies = self.client.get_all_cookies().await.unwrap();
        let cookie: Vec<String> = cookies
            .iter()
            .map(|cookie| format!("{}={}", cookie.name(), cookie.value()))
            .collect();
        let url = format!("{}{path}", self.base);
        let cookie = cookie.join("; ");
        tokio::task::spawn_blocking(
            move || match agent().get(&url).set("Cookie", &cookie).call() {
                Ok(response) => (response.status(), response.into_string().unwrap()),
                Err(ureq::Error::Status(status, response)) => {
                    (status, response.into_string().unwrap_or_default())
                }
                Err(error) => panic!("GET {url}: {error}"),
            },
        )
        .await
        .unwrap()
    }

    /// Opens a page by its link in the main menu, or by its address.
    async fn open(&self, path: &str) {
        let from = self.path().await;
        let menu = self
            .client
            .find_all(Locator::Css(&format!(".site-nav a[href=\"{path}\"]")))
            .await
            .unwrap();
        if let Some(link) = menu.first() {
            link.click().await.unwrap();
        } else {
            self.client
                .goto(&format!("{}{path}", self.base))
                .await
                .unwrap();
        }
        if from != path {
            self.wait_to_leave(&from).await;
        }
        assert_eq!(self.path().await, path);
    }

    /// Checks the page shown (bokmål), switches to English with the header's
    /// link, checks it again, and switches back.
    async fn page_in_both_languages(&self, role: &str, page: &str, report: &mut Report) {
        report
            .pages
            .push(self.check(&format!("{role}-{page}"), "nb").await);
        for lang in ["en", "nb"] {
            let switch = self.find("a.lang-switch").await;
            assert_eq!(
                switch.attr("hreflang").await.unwrap().as_deref(),
                Some(lang),
                "the language switch on {role}-{page}"
            );
            switch.click().await.unwrap();
            self.wait_for_lang(lang).await;
            if lang == "en" {
                report
                    .pages
                    .push(self.check(&format!("{role}-{page}"), lang).await);
            }
        }
    }

    async fn wait_for_lang(&self, lang: &str) {
        let deadline = Instant::now() + WAIT;
        while self
            .script(
                "return document.readyState === 'complete' ? document.documentElement.lang : ''",
            )
            .await
            != lang
        {
            assert!(Instant::now() < deadline, "the page never turned {lang}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The checks of every page: its language, one `<h1>`, axe-core, and
    /// screenshots (wide, and narrow in bokmål).
    async fn check(&self, name: &str, lang: &str) -> Seen {
        let url = self.client.current_url().await.unwrap().to_string();
        let name = format!("{name}-{lang}");
        assert_eq!(
            self.script("return document.documentElement.lang").await,
            lang,
            "{name}"
        );
        assert_eq!(
            self.script("return document.querySelectorAll('h1').length")
                .await,
            1,
            "{name} has not exactly one <h1>"
        );
        let (violations, incomplete) = self.axe(&name).await;
        self.screenshot(&name, DESKTOP_WIDTH).await;
        if lang == "nb" {
            self.screenshot(&format!("{name}-narrow"), NARROW_WIDTH)
                .await;
            self.client
                .set_window_size(DESKTOP_WIDTH, WINDOW_HEIGHT)
                .await
                .unwrap();
        }
        Seen {
            name,
            url,
            violations,
            incomplete,
        }
    }

    /// Injects axe-core and runs the WCAG 2 A/AA rules on the whole page:
    /// the violations, and the rules that need review.
    async fn axe(&self, name: &str) -> (Vec<Violation>, Vec<String>) {
        self.script(&self.axe).await;
        let result = self
            .client
            .execute_async(
                r"
                const [tags, done] = arguments;
                axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
                  .then(results => done({
                    passes: results.passes.length,
                    incomplete: results.incomplete.map(rule => rule.id + ' ('
                      + rule.nodes.length + ' elements, e.g. ' + rule.nodes[0].target.join(' ') + ')'),
                    violations: results.violations.map(violation => ({
                    impact: violation.impact || 'unknown',
                    rule: violation.id,
                    help: violation.help + ' (' + violation.helpUrl + ')',
                    nodes: violation.nodes.map(node => node.target.join(' ') + ': ' + (node.failureSummary || '')),
                  })) }))
                  .catch(error => done({ error: String(error) }));
                ",
                vec![json!(AXE_TAGS)],
            )
            .await
            .unwrap_or_else(|error| panic!("axe-core on {name}: {error}"));
        if let Some(error) = result.get("error") {
            panic!("axe-core on {name} failed: {error}");
        }
        // A guard against axe-core checking nothing at all.
        assert!(
            result["passes"].as_u64().is_some_and(|passes| passes > 0),
            "axe-core passed no rule on {name}: {result}"
        );
        let incomplete = result["incomplete"]
            .as_array()
            .map(|rules| rules.iter().map(text).collect())
            .unwrap_or_default();
        let violations = result["violations"]
            .as_array()
            .unwrap_or_else(|| panic!("axe-core on {name} answered {result}"))
            .iter()
            .map(|violation| Violation {
                impact: text(&violation["impact"]),
                rule: text(&violation["rule"]),
                help: text(&violation["help"]),
                nodes: violation["nodes"]
                    .as_array()
                    .map(|nodes| nodes.iter().map(text).collect())
                    .unwrap_or_default(),
            })
            .collect();
        (violations, incomplete)
    }

    /// Saves the whole page at `width` to `target/screenshots/<name>.png`:
    /// the window is made as tall as the page first.
    async fn screenshot(&self, name: &str, width: u32) {
        self.client
            .set_window_size(width, WINDOW_HEIGHT)
            .await
            .unwrap();
        let height = self
            .script("return Math.ceil(document.documentElement.scrollHeight)")
            .await
            .as_u64()
            .unwrap_or(u64::from(WINDOW_HEIGHT));
        let inner = self
            .script("return window.innerHeight")
            .await
            .as_u64()
            .unwrap_or(u64::from(WINDOW_HEIGHT));
        // The window's frame, if headless Chromium draws one.
        let frame = u64::from(WINDOW_HEIGHT).saturating_sub(inner);
        let tall = (height + frame).clamp(u64::from(WINDOW_HEIGHT), 10_000) as u32;
        self.client.set_window_size(width, tall).await.unwrap();
        let png = self.client.screenshot().await.unwrap();
        let path = self.screenshots.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    }
}

/// A page's name in the screenshots: the first segment of its path.
fn page_name(path: &str) -> String {
    match path.trim_start_matches('/').split('/').next() {
        Some("") | None => "start".to_owned(),
        Some(segment) => segment.to_owned(),
    }
}

fn text(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}
