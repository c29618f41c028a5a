//! Router tests: the whole application in process, called with
//! `tower::ServiceExt::oneshot`, on a real SQLite store in a temporary folder
//! and a fixed clock.

mod access;
mod access_properties;
mod contract_access;
mod documents;
mod errors;
mod followup;
mod login;
mod openapi_drift;
mod register;
mod role_matrix;
mod statistics;

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use http_body_util::BodyExt;
use serde_json::Value;
use tempfile::TempDir;
use tilbake_domain::access::Role;
use tilbake_domain::identity::{Fnr, Orgnr, UnitCode};
use tilbake_store::{NewUser, Store};
use tilbake_web::{app, hash_password, new_token, token_hash, AppState, Clock, WebConfig};
use tower::ServiceExt;

/// The contract's synthetic person: born 15 March 1985.
pub const PERSON: &str = "15438510092";
/// Another synthetic person (a D-number).
pub const OTHER_PERSON: &str = "41018012365";
pub const EMPLOYER: &str = "910000004";
pub const PASSWORD: &str = "correct horse battery staple";

/// The day the fixed clock stands on.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 6, 1).unwrap()
}

/// The application on a fresh database.
pub struct TestApp {
    pub router: Router,
    pub store: Arc<dyn Store>,
    _folder: TempDir,
}

/// An answer, with its body as text and (when it is JSON) as a value.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.text))
    }

    /// Asserts the API's error shape and returns (code, field).
    pub fn error(&self) -> (String, Option<String>) {
        assert!(
            self.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{:?}",
            self.headers
        );
        let body = self.json();
        let error = body["error"]
            .as_object()
            .unwrap_or_else(|| panic!("no error object: {body}"));
        assert_eq!(error.len(), 3, "{body}");
        assert!(
            error["message"]
                .as_str()
                .is_some_and(|message| !message.is_empty()),
            "{body}"
        );
        let field = match &error["field"] {
            Value::Null => None,
            Value::String(field) => Some(field.clone()),
            other => panic!("field is {other}"),
        };
        (error["code"].as_str().unwrap().to_owned(), field)
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(WebConfig::default()).await
}

pub async fn spawn_app_with(config: WebConfig) -> TestApp {
    let folder = tempfile::tempdir().unwrap();
    let store = tilbake_store::open(folder.path().join("t.db").to_str().unwrap())
        .await
        .unwrap();
    let state = AppState::new(Arc::clone(&store), config, Clock::at_noon(today()));
    TestApp {
        router: app(state),
        store,
        _folder: folder,
    }
}

impl TestApp {
    pub async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            text: String::from_utf8(bytes.to_vec()).unwrap(),
        }
    }

    /// A request with an optional bearer token and JSON body.
    pub async fn call(
        &self,
        method: Method,
        uri: &str,
        token: Option<&str>,
        body: Option<&str>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(body.to_owned())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).unwrap()).await
    }

    /// A new system token.
    pub async fn system_token(&self) -> String {
        let token = new_token();
        self.store
            .create_api_token(&format!("client-{}", &token[..6]), &token_hash(&token), 0)
            .await
            .unwrap();
        token
    }

    /// A new account with [`PASSWORD`].
    pub async fn add_user(&self, username: &str, role: Role, tied_to: &str) -> i64 {
        let user = NewUser {
            username: username.to_owned(),
            password_hash: hash_password(PASSWORD),
            role,
            unit: (role == Role::Caseworker).then(|| UnitCode::parse(tied_to).unwrap()),
            // The organisation a manager, counsellor, job specialist or
            // method supervisor works for, when given.
            employer: (!tied_to.is_empty()
                && matches!(
                    role,
                    Role::Manager | Role::Counsellor | Role::JobSpecialist | Role::SeSupervisor
                ))
            .then(|| Orgnr::parse(tied_to).unwrap()),
            person: (role == Role::Worker).then(|| Fnr::parse(tied_to).unwrap()),
            // A GP signs certificates with their certifier id; here the username.
            gp_id: (role == Role::Gp).then(|| username.to_owned()),
            protected_address_access: false,
        };
        self.store.create_user(&user, 0).await.unwrap()
    }

    /// Signs in and returns (session cookie, CSRF token).
    pub async fn sign_in(&self, username: &str) -> (String, String) {
        let answer = self.login(username, PASSWORD, &[]).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
        let cookies: Vec<String> = answer
            .headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|value| value.to_str().unwrap().to_owned())
            .collect();
        let value_of = |name: &str| {
            cookies
                .iter()
                .find_map(|cookie| cookie.strip_prefix(&format!("{name}=")))
                .map(|rest| rest.split(';').next().unwrap().to_owned())
                .unwrap()
        };
        (value_of("tilbake_session"), value_of("tilbake_csrf"))
    }

    pub async fn login(&self, username: &str, password: &str, headers: &[(&str, &str)]) -> Answer {
        let form = format!(
            "username={username}&password={}",
            password.replace(' ', "+")
        );
        let mut request = Request::builder()
            .method(Method::POST)
            .uri("/login")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(form)).unwrap()).await
    }

    /// The page of a person, `/person/{reference}` (the number itself
    /// when nobody by it is stored: such a page answers 404).
    pub async fn person_page(&self, fnr: &str) -> String {
        let token = self.system_token().await;
        let system = self
            .store
            .api_token_actor(&token_hash(&token))
            .await
            .unwrap()
            .unwrap();
        let person = Fnr::parse(fnr).unwrap();
        let labels = self
            .store
            .person_labels(&system, &[person], today())
            .await
            .unwrap();
        match labels.get(&person) {
            Some(label) => format!("/person/{}", label.reference),
            None => format!("/person/{fnr}"),
        }
    }

    /// Stores a document with a system token and asserts it went in.
    pub async fn post_document(&self, token: &str, document: &str) {
        let answer = self
            .call(
                Method::POST,
                "/api/v1/documents",
                Some(token),
                Some(document),
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    }
}

/// How a caller authenticates.
#[derive(Clone, Debug)]
pub enum Caller {
    Anonymous,
    Token(String),
    Session { cookie: String, csrf: String },
}

impl TestApp {
    /// Signs in and returns the session as a [`Caller`].
    pub async fn session(&self, username: &str) -> Caller {
        let (cookie, csrf) = self.sign_in(username).await;
        Caller::Session { cookie, csrf }
    }

    /// A request as `caller` (with the CSRF token for a session), with an
    /// optional JSON body.
    pub async fn send_as(
        &self,
        caller: &Caller,
        method: Method,
        uri: &str,
        body: Option<&str>,
    ) -> Answer {
        let mut request = Request::builder().method(method).uri(uri);
        match caller {
            Caller::Anonymous => {}
            Caller::Token(token) => {
                request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
            }
            Caller::Session { cookie, csrf } => {
                request = request
                    .header(header::COOKIE, format!("tilbake_session={cookie}"))
                    .header("x-csrf-token", csrf.as_str());
            }
        }
        let body = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(body.to_owned())
            }
            None => Body::empty(),
        };
        self.send(request.body(body).unwrap()).await
    }
}

/// A certificate document for [`PERSON`].
pub fn certificate(id: &str, from: &str, to: &str, unit: &str) -> String {
    format!(
        r#"{{"kind": "sick_leave", "id": "{id}", "person": "{PERSON}", "from": "{from}", "to": "{to}",
            "grade": 100, "employer": "{EMPLOYER}", "unit": "{unit}",
            "diagnosis": {{"system": "ICPC-2", "code": "L03"}}}}"#
    )
}
