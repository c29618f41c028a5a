//! Page tests: the whole application (`tilbake_web::app`, which mounts the
//! pages) in process, called with `tower::ServiceExt::oneshot` as a browser
//! would call it, on a real SQLite store in a temporary folder and a fixed
//! clock. Every HTML answer is checked for the basics of well-formed,
//! accessible markup (see [`check_html`]).

mod access;
mod assets;
mod casework;
mod consent;
mod early;
mod guidance;
mod guidance_plan;
mod host;
mod language;
mod login;
mod meeting_changes;
mod my_sick_leave;
mod notifications;
mod person;
mod plan_changes;
mod queue;
mod sessions;
mod statistics;
mod supported_employment;

use std::collections::HashSet;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use http_body_util::BodyExt;
use tempfile::TempDir;
use tilbake_domain::access::Role;
use tilbake_domain::identity::{Fnr, Orgnr, UnitCode};
use tilbake_store::{NewUser, Store};
use tilbake_web::{app, hash_password, new_token, token_hash, AppState, Clock, WebConfig};
use tower::ServiceExt;

/// The contract's synthetic person: born 15 March 1985.
pub const PERSON: &str = "15438510092";
/// Another synthetic person (a D-number), on graded sick leave.
pub const GRADED_PERSON: &str = "41018012365";
/// A synthetic person with no documents.
pub const NOBODY: &str = "02459010028";
pub const EMPLOYER: &str = "910000004";
pub const UNIT: &str = "0301";
pub const PASSWORD: &str = "correct horse battery staple";
/// The diagnosis on the certificates: no page a manager sees may show it.
pub const DIAGNOSIS: &str = "L03";

/// The day the fixed clock stands on.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()
}

pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub store: Arc<dyn Store>,
    folder: TempDir,
}

/// An answer with its body as text.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as text (a binary body, such as a PDF, read lossily).
    pub text: String,
    pub bytes: Vec<u8>,
}

impl Answer {
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .map_or("", |value| value.to_str().unwrap())
    }

    /// The redirect's path, without its query: the sign-in page is
    /// `/login?neste=…` when it leads back to a page.
    pub fn location_path(&self) -> &str {
        let location = self.location();
        location.split_once('?').map_or(location, |(path, _)| path)
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|value| value.to_str().unwrap().to_owned())
            .collect()
    }

    /// Asserts an HTML page that passes [`check_html`] and returns its text.
    pub fn page(&self) -> &str {
        let content_type = self.headers[header::CONTENT_TYPE].to_str().unwrap();
        assert!(content_type.starts_with("text/html"), "{content_type}");
        check_html(&self.text);
        &self.text
    }
}

/// The application on a fresh database, with the test persons' documents
/// and a user for every role.
pub async fn spawn_app() -> TestApp {
    let folder = tempfile::tempdir().unwrap();
    let store = tilbake_store::open(folder.path().join("t.db").to_str().unwrap())
        .await
        .unwrap();
    let state = AppState::new(
        Arc::clone(&store),
        WebConfig::default(),
        Clock::at_noon(today()),
    );
    let app = TestApp {
        router: app(state.clone()),
        state,
        store,
        folder,
    };
    app.add_documents().await;
    for (username, role, tied_to) in [
        ("kari", Role::Caseworker, UNIT),
        ("per", Role::Caseworker, "0302"),
        ("ola", Role::Worker, PERSON),
        ("gro", Role::Worker, GRADED_PERSON),
        ("nils", Role::Worker, NOBODY),
        ("mona", Role::Manager, EMPLOYER),
        ("dr-berg", Role::Gp, ""),
        ("vera", Role::Counsellor, ""),
        ("adm", Role::Admin, ""),
    ] {
        app.add_user(username, role, tied_to).await;
    }
    app
}

impl TestApp {
    /// The SQLite database file the application runs on.
    pub fn database(&self) -> String {
        self.folder.path().join("t.db").to_str().unwrap().to_owned()
    }

    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
            bytes: bytes.to_vec(),
        }
    }

    /// A person's page, `/person/{reference}` (the reference the store gave
    /// them; identity numbers are never in page paths).
    pub async fn person_path(&self, fnr: &str) -> String {
        let path = self.with_references(&format!("/person/{fnr}")).await;
        assert!(!path.contains(fnr), "{fnr} is stored");
        path
    }

    /// `path` with each `/person/FNR` and `/deltaker/FNR` of a stored
    /// person written with their reference, so the tests can name persons
    /// by number. A number of nobody stored stays (and answers 404).
    pub async fn with_references(&self, path: &str) -> String {
        let mut path = path.to_owned();
        for prefix in ["/person/", "/deltaker/"] {
            let Some(start) = path.find(prefix).map(|at| at + prefix.len()) else {
                continue;
            };
            let digits: String = path[start..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if digits.len() != 11 || Fnr::parse(&digits).is_err() {
                continue;
            }
            let token = new_token();
            self.store
                .create_api_token(&format!("refs-{}", &token[..8]), &token_hash(&token), 0)
                .await
                .unwrap();
            let system = self
                .store
                .api_token_actor(&token_hash(&token))
                .await
                .unwrap()
                .unwrap();
            let fnr = Fnr::parse(&digits).unwrap();
            let labels = self
                .store
                .person_labels(&system, &[fnr], today())
                .await
                .unwrap();
            if let Some(label) = labels.get(&fnr) {
                path.replace_range(start..start + 11, label.reference.as_str());
            }
        }
        path
    }

    /// `GET path` with these cookies (`name=value`); identity numbers in
    /// person paths are written as references ([`Self::with_references`]).
    pub async fn get(&self, path: &str, cookies: &[&str]) -> Answer {
        let path = self.with_references(path).await;
        let mut request = Request::builder().method(Method::GET).uri(path);
        if !cookies.is_empty() {
            request = request.header(header::COOKIE, cookies.join("; "));
        }
        self.send(request.body(Body::empty()).unwrap()).await
    }

    /// `POST path` with a form body and these cookies.
    pub async fn post_form(&self, path: &str, form: &str, cookies: &[&str]) -> Answer {
        let path = self.with_references(path).await;
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        if !cookies.is_empty() {
            request = request.header(header::COOKIE, cookies.join("; "));
        }
        self.send(request.body(Body::from(form.to_owned())).unwrap())
            .await
    }

    pub async fn add_user(&self, username: &str, role: Role, tied_to: &str) {
        let user = NewUser {
            username: username.to_owned(),
            password_hash: hash_password(PASSWORD),
            role,
            unit: (role == Role::Caseworker && !tied_to.is_empty())
                .then(|| UnitCode::parse(tied_to).unwrap()),
            employer: (matches!(
                role,
                Role::Manager | Role::Counsellor | Role::JobSpecialist | Role::SeSupervisor
            ) && !tied_to.is_empty())
            .then(|| Orgnr::parse(tied_to).unwrap()),
            person: (role == Role::Worker).then(|| Fnr::parse(tied_to).unwrap()),
            gp_id: (role == Role::Gp).then(|| username.to_owned()),
            protected_address_access: false,
        };
        self.store.create_user(&user, 0).await.unwrap();
    }

    /// Signs in through the form and returns the session cookie (`name=value`).
    pub async fn sign_in(&self, username: &str) -> String {
        let form = format!(
            "from_page=1&username={username}&password={}",
            PASSWORD.replace(' ', "+")
        );
        let answer = self.post_form("/login", &form, &[]).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
        answer
            .set_cookies()
            .into_iter()
            .find(|cookie| cookie.starts_with("tilbake_session="))
            .map(|cookie| cookie.split(';').next().unwrap().to_owned())
            .unwrap()
    }

    /// Stores documents (JSON) as a system client.
    pub async fn post_documents(&self, documents: &[String]) {
        let token = new_token();
        self.store
            .create_api_token(&format!("sender-{}", &token[..8]), &token_hash(&token), 0)
            .await
            .unwrap();
        for document in documents {
            let request = Request::builder()
                .method(Method::POST)
                .uri("/api/v1/documents")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(document.clone()))
                .unwrap();
            let answer = self.send(request).await;
            assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        }
    }

    /// The certificates: PERSON fully sick-listed since 1 April 2024 at
    /// UNIT; GRADED_PERSON 60 % since 15 April at UNIT.
    async fn add_documents(&self) {
        let token = new_token();
        self.store
            .create_api_token("sender", &token_hash(&token), 0)
            .await
            .unwrap();
        let documents = [
            certificate("s1", PERSON, "2024-04-01", "2024-05-12", 100),
            certificate("s2", PERSON, "2024-05-13", "2024-07-31", 100),
            certificate("g1", GRADED_PERSON, "2024-04-15", "2024-08-31", 60),
        ];
        for document in documents {
            let request = Request::builder()
                .method(Method::POST)
                .uri("/api/v1/documents")
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(document))
                .unwrap();
            let answer = self.send(request).await;
            assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        }
    }
}

fn certificate(id: &str, person: &str, from: &str, to: &str, grade: u8) -> String {
    format!(
        r#"{{"kind": "sick_leave", "id": "{id}", "person": "{person}", "from": "{from}", "to": "{to}",
            "grade": {grade}, "employer": "{EMPLOYER}", "unit": "{UNIT}", "gp": "dr-berg",
            "diagnosis": {{"system": "ICPC-2", "code": "{DIAGNOSIS}"}}}}"#
    )
}

/// Elements that have no end tag.
const VOID_ELEMENTS: [&str; 6] = ["meta", "link", "input", "br", "img", "hr"];

/// The value of `name="…"` in a tag's text.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')?;
    Some(&tag[start..start + end])
}

/// The basics of well-formed, accessible HTML, asserted: a doctype and
/// `<html lang>`, one `<h1>`, a `<main>`, every element closed in order, ids
/// unique, every `aria-describedby` and `label for` pointing at an id, every
/// visible input labelled, no inline script, no placeholder left unfilled.
pub fn check_html(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "no doctype");
    assert!(
        html.contains("<html lang=\"nb\">") || html.contains("<html lang=\"en\">"),
        "no <html lang>"
    );
    assert_eq!(html.matches("<h1").count(), 1, "one <h1> per page:\n{html}");
    assert_eq!(html.matches("<main").count(), 1, "one <main>");
    // Scripts only from the binary's own assets, never inline.
    for script in html.split("<script").skip(1) {
        assert!(
            script.starts_with(" src=\"/static/") && script.contains("></script>"),
            "only the assets' scripts, not inline:\n{script}"
        );
        let end = script.find('>').unwrap_or_default();
        assert!(script[end..].starts_with("></script>"), "an inline script");
    }
    assert!(
        !html.contains('{') && !html.contains('}'),
        "a placeholder was left unfilled:\n{html}"
    );

    let mut open: Vec<String> = Vec::new();
    let mut ids = HashSet::new();
    let mut references = Vec::new();
    let mut labelled = HashSet::new();
    let mut inputs = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').expect("a tag is closed") + start;
        let tag = &rest[start + 1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let expected = open.pop().unwrap_or_default();
            assert_eq!(name, expected, "</{name}> closes <{expected}>:\n{html}");
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if let Some(id) = attribute(tag, "id") {
            assert!(ids.insert(id.to_owned()), "id {id} twice");
        }
        if let Some(described_by) = attribute(tag, "aria-describedby") {
            references.extend(described_by.split(' ').map(str::to_owned));
        }
        if name == "label" {
            let target = attribute(tag, "for").expect("a label names its field");
            labelled.insert(target.to_owned());
        }
        if (name == "input" && attribute(tag, "type") != Some("hidden")) || name == "select" {
            inputs.push(attribute(tag, "id").expect("a field has an id").to_owned());
        }
        if !VOID_ELEMENTS.contains(&name.as_str()) {
            open.push(name);
        }
    }
    assert!(open.is_empty(), "left open: {open:?}");
    for reference in references {
        assert!(
            ids.contains(&reference),
            "aria-describedby names no id '{reference}'"
        );
    }
    for input in inputs {
        assert!(labelled.contains(&input), "field '{input}' has no label");
    }
}

/// A page without the values of its CSRF token fields: a random token may
/// by chance hold a short code ("L03") that a test checks is absent.
pub fn without_csrf(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let mut rest = html;
    let mut kept = String::with_capacity(html.len());
    while let Some(start) = rest.find(marker) {
        let value_start = start + marker.len();
        kept.push_str(&rest[..value_start]);
        rest = &rest[value_start..];
        let end = rest.find('"').unwrap_or(rest.len());
        rest = &rest[end..];
    }
    kept.push_str(rest);
    kept
}

/// The CSRF token of a page's first form.
pub fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned()
}

/// Posts a form to `path` as `session`, with the CSRF token of `page`.
pub async fn post_from(
    app: &TestApp,
    session: &str,
    page: &str,
    path: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let html = app.get(page, &[session]).await.text;
    let mut pairs = vec![("csrf_token".to_owned(), csrf_of(&html))];
    pairs.extend(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let body = serde_urlencoded::to_string(&pairs).unwrap();
    app.post_form(path, &body, &[session]).await
}
