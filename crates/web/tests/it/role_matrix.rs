//! The whole access matrix: every API route against every role, each role
//! both tied to the person and not. A caller who may not see the person gets
//! exactly the answer a nonexistent person gets.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use tilbake_domain::access::Role;

use crate::{spawn_app, Answer, TestApp, EMPLOYER, OTHER_PERSON, PERSON};

/// A valid identity number that no document names.
const NOBODY: &str = "02459010028";
const OTHER_EMPLOYER: &str = "974760673";
/// A NAV task of the person's case (activity requirement, week 8).
const NAV_TASK: &str = "2024-04-01:activity_requirement";
/// An employer task of the person's case (follow-up plan, week 4).
const EMPLOYER_TASK: &str = "2024-04-01:follow_up_plan";

/// The callers tied to the person: they see them.
const SEES_PERSON: [&str; 6] = [
    "system",
    "caseworker_in",
    "manager_in",
    "worker_self",
    "dr-berg",
    "counsellor_in",
];

/// How a caller authenticates.
#[derive(Clone)]
enum Caller {
    Anonymous,
    Token(String),
    Session { cookie: String, csrf: String },
}

struct Actors {
    callers: Vec<(&'static str, Caller)>,
}

async fn session(app: &TestApp, username: &str) -> Caller {
    let (cookie, csrf) = app.sign_in(username).await;
    Caller::Session { cookie, csrf }
}

async fn send(
    app: &TestApp,
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
    app.send(request.body(body).unwrap()).await
}

/// The person's certificate: open on 2024-06-01 (the test clock), long enough
/// for employer and NAV tasks, signed by GP `dr-berg`, at unit 0301.
fn certificate_with_gp() -> String {
    format!(
        r#"{{"kind": "sick_leave", "id": "s1", "person": "{PERSON}", "from": "2024-04-01", "to": "2024-07-31",
            "grade": 100, "employer": "{EMPLOYER}", "unit": "0301", "gp": "dr-berg",
            "diagnosis": {{"system": "ICPC-2", "code": "L03"}}}}"#
    )
}

async fn arrange() -> (TestApp, Actors) {
    let app = spawn_app().await;
    let system = app.system_token().await;
    app.post_document(&system, &certificate_with_gp()).await;
    let users: [(&str, Role, &str); 12] = [
        ("caseworker_in", Role::Caseworker, "0301"),
        ("caseworker_out", Role::Caseworker, "4444"),
        ("manager_in", Role::Manager, EMPLOYER),
        ("manager_out", Role::Manager, OTHER_EMPLOYER),
        ("worker_self", Role::Worker, PERSON),
        ("worker_other", Role::Worker, OTHER_PERSON),
        ("dr-berg", Role::Gp, ""),
        ("dr-lie", Role::Gp, ""),
        ("counsellor_in", Role::Counsellor, ""),
        ("counsellor_out", Role::Counsellor, ""),
        ("specialist", Role::JobSpecialist, ""),
        ("admin", Role::Admin, ""),
    ];
    for (username, role, tied_to) in users {
        app.add_user(username, role, tied_to).await;
    }
    let worker = session(&app, "worker_self").await;
    let answer = send(
        &app,
        &worker,
        Method::POST,
        &format!("/api/v1/persons/{PERSON}/consents/counsellor_in"),
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);

    let mut callers = vec![
        ("anonymous", Caller::Anonymous),
        ("system", Caller::Token(system)),
    ];
    for (username, _, _) in users {
        callers.push((username, session(&app, username).await));
    }
    (app, Actors { callers })
}

/// Every person route, as (name, method, path for a person, body).
fn person_routes(person: &str) -> Vec<(&'static str, Method, String, Option<String>)> {
    vec![
        (
            "read followup",
            Method::GET,
            format!("/api/v1/persons/{person}/followup"),
            None,
        ),
        (
            "read documents",
            Method::GET,
            format!("/api/v1/persons/{person}/documents"),
            None,
        ),
        (
            "read audit log",
            Method::GET,
            format!("/api/v1/persons/{person}/audit"),
            None,
        ),
        (
            "decide NAV task",
            Method::POST,
            format!("/api/v1/persons/{person}/tasks/{NAV_TASK}"),
            Some(r#"{"state": "not_needed", "reason": "matrix test"}"#.to_owned()),
        ),
        (
            "decide employer task",
            Method::POST,
            format!("/api/v1/persons/{person}/tasks/{EMPLOYER_TASK}"),
            Some(r#"{"state": "done", "reason": "matrix test"}"#.to_owned()),
        ),
        (
            "grant consent",
            Method::POST,
            format!("/api/v1/persons/{person}/consents/specialist"),
            None,
        ),
        (
            "withdraw consent",
            Method::DELETE,
            format!("/api/v1/persons/{person}/consents/specialist"),
            None,
        ),
        (
            "set address protection",
            Method::PUT,
            format!("/api/v1/persons/{person}/address-protection"),
            Some(r#"{"protection": "none"}"#.to_owned()),
        ),
    ]
}

/// The expected status of a person route for a caller: who may do what.
fn expected_person_status(route: &str, caller: &str) -> StatusCode {
    let sees = SEES_PERSON.contains(&caller);
    let party = matches!(
        caller,
        "caseworker_in" | "caseworker_out" | "manager_in" | "manager_out"
    );
    match (route, caller) {
        (_, "anonymous") => StatusCode::UNAUTHORIZED,
        // The counsellor's consent shares only guidance: no follow-up.
        ("read followup", "counsellor_in") => StatusCode::NOT_FOUND,
        ("read followup" | "read documents", _) if sees => StatusCode::OK,
        ("read audit log", "worker_self") => StatusCode::OK,
        ("decide NAV task", "caseworker_in") | ("decide employer task", "manager_in") => {
            StatusCode::OK
        }
        ("grant consent", "worker_self") => StatusCode::CREATED,
        ("withdraw consent", "worker_self") | ("set address protection", "system") => {
            StatusCode::NO_CONTENT
        }
        // Refusals by role, the same whatever the person: they reveal nothing.
        ("set address protection", _) => StatusCode::FORBIDDEN,
        ("decide NAV task" | "decide employer task", _) if !party => StatusCode::FORBIDDEN,
        // A party that sees the person but does not own the task.
        ("decide NAV task", "manager_in") | ("decide employer task", "caseworker_in") => {
            StatusCode::FORBIDDEN
        }
        _ => StatusCode::NOT_FOUND,
    }
}

#[tokio::test]
async fn every_person_route_against_every_role_and_404_is_the_answer_for_a_nonexistent_person() {
    let (app, actors) = arrange().await;
    let mut wrong = Vec::new();
    for (route, method, path, body) in person_routes(PERSON) {
        for (caller_name, caller) in &actors.callers {
            let answer = send(&app, caller, method.clone(), &path, body.as_deref()).await;
            let expected = expected_person_status(route, caller_name);
            if answer.status != expected {
                wrong.push(format!(
                    "{route} as {caller_name}: {} (expected {expected}) {}",
                    answer.status, answer.text
                ));
            }
            assert!(
                answer.status != StatusCode::INTERNAL_SERVER_ERROR,
                "{route} as {caller_name}: {}",
                answer.text
            );
            let caller_sees_person = SEES_PERSON.contains(caller_name);
            if answer.status == StatusCode::NOT_FOUND
                || (answer.status == StatusCode::FORBIDDEN && !caller_sees_person)
            {
                // Exactly as for a person who does not exist.
                let nobody_path = path.replace(PERSON, NOBODY);
                let nobody =
                    send(&app, caller, method.clone(), &nobody_path, body.as_deref()).await;
                assert_eq!(
                    (nobody.status, nobody.text.clone()),
                    (answer.status, answer.text.clone()),
                    "{route} as {caller_name}: a hidden person differs from a nonexistent one"
                );
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "unexpected answers:\n{}",
        wrong.join("\n")
    );
}

#[tokio::test]
async fn a_manager_never_sees_a_diagnosis_while_caseworker_gp_and_worker_do() {
    let (app, actors) = arrange().await;
    for (caller_name, caller) in &actors.callers {
        let answer = send(
            &app,
            caller,
            Method::GET,
            &format!("/api/v1/persons/{PERSON}/documents"),
            None,
        )
        .await;
        if answer.status != StatusCode::OK {
            continue;
        }
        let has_diagnosis = answer.text.contains("L03");
        let may = matches!(*caller_name, "caseworker_in" | "worker_self" | "dr-berg");
        assert_eq!(has_diagnosis, may, "{caller_name}: {}", answer.text);
    }
}

#[tokio::test]
async fn the_work_queue_and_document_routes_against_every_role() {
    let (app, actors) = arrange().await;
    for (caller_name, caller) in &actors.callers {
        let answer = send(&app, caller, Method::GET, "/api/v1/tasks", None).await;
        let expected = match *caller_name {
            "anonymous" => StatusCode::UNAUTHORIZED,
            "caseworker_in" | "caseworker_out" | "manager_in" | "manager_out" => StatusCode::OK,
            _ => StatusCode::FORBIDDEN,
        };
        assert_eq!(
            answer.status, expected,
            "tasks as {caller_name}: {}",
            answer.text
        );
        if answer.status == StatusCode::OK {
            let n_tasks = answer.json()["tasks"].as_array().unwrap().len();
            let sees_some = matches!(*caller_name, "caseworker_in" | "manager_in");
            assert_eq!(
                n_tasks > 0,
                sees_some,
                "tasks as {caller_name}: {}",
                answer.text
            );
        }

        // Case work: a meeting held, which its organiser records for persons
        // they see: the manager meeting 1, NAV meeting 2.
        for (number, organiser_in, organiser_out) in [
            (1, "manager_in", "manager_out"),
            (2, "caseworker_in", "caseworker_out"),
        ] {
            let meeting = format!(
                r#"{{"kind": "meeting_held", "id": "m{number}-{caller_name}", "person": "{PERSON}", "meeting": {number}, "date": "2024-05-15"}}"#
            );
            let answer = send(
                &app,
                caller,
                Method::POST,
                "/api/v1/documents",
                Some(&meeting),
            )
            .await;
            let expected = match *caller_name {
                "anonymous" => StatusCode::UNAUTHORIZED,
                "system" => StatusCode::CREATED,
                name if name == organiser_in => StatusCode::CREATED,
                name if name == organiser_out => StatusCode::NOT_FOUND,
                _ => StatusCode::FORBIDDEN,
            };
            assert_eq!(
                answer.status, expected,
                "meeting_held {number} as {caller_name}: {}",
                answer.text
            );
        }
    }
}
