//! `shared/contracts/service.md`, *Who sees what (second edition)* and
//! *Consent for a purpose*, to the letter, through the whole router as an
//! outside tester calls it.

use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};
use tilbake_domain::access::Role;

use crate::{spawn_app, Answer, Caller, TestApp, EMPLOYER, PERSON};

/// A second employer of the person.
const OTHER_EMPLOYER: &str = "974760673";
/// A valid identity number that no document names.
const NOBODY: &str = "02459010028";
/// The diagnosis codes: one on each employer's certificates.
const DIAGNOSIS_A: &str = "L03";
const DIAGNOSIS_B: &str = "P76";
/// Texts that only NAV, the GP and the person may read.
const MEDICAL_REASON: &str = "Innlagt for behandling";
const NAV_NOTE: &str = "Ringte fastlegen om prognosen";

/// The person's sick leave, as a system client delivers it: certificates
/// from two employers (one corrected, one of each cancelled), a meeting 1,
/// an exemption from the activity requirement for medical reasons, one for
/// reasons at the workplace, and a note by NAV. Open on the test clock's
/// day (2024-06-01), at unit 0301, signed by GP `dr-berg`.
fn sick_leave_documents() -> Vec<String> {
    let certificate = |id: &str, from: &str, to: &str, employer: &str, code: &str, extra: &str| {
        format!(
            r#"{{"kind": "sick_leave", "id": "{id}", "person": "{PERSON}", "from": "{from}", "to": "{to}",
                "grade": 100, "employer": "{employer}", "gp": "dr-berg",
                "diagnosis": {{"system": "ICPC-2", "code": "{code}"}}{extra}}}"#
        )
    };
    vec![
        certificate(
            "s1",
            "2024-04-01",
            "2024-07-31",
            EMPLOYER,
            DIAGNOSIS_A,
            r#", "unit": "0301""#,
        ),
        certificate(
            "s2",
            "2024-04-01",
            "2024-07-31",
            OTHER_EMPLOYER,
            DIAGNOSIS_B,
            "",
        ),
        certificate(
            "s3",
            "2024-04-01",
            "2024-08-15",
            EMPLOYER,
            DIAGNOSIS_A,
            r#", "corrects": "s1""#,
        ),
        certificate(
            "s4",
            "2024-05-01",
            "2024-05-10",
            OTHER_EMPLOYER,
            DIAGNOSIS_B,
            "",
        ),
        format!(r#"{{"kind": "cancelled", "id": "s4", "person": "{PERSON}"}}"#),
        certificate("s5", "2024-05-01", "2024-05-05", EMPLOYER, DIAGNOSIS_A, ""),
        format!(r#"{{"kind": "cancelled", "id": "s5", "person": "{PERSON}"}}"#),
        format!(
            r#"{{"kind": "meeting_held", "id": "m1", "person": "{PERSON}", "meeting": 1, "date": "2024-04-20"}}"#
        ),
        format!(
            r#"{{"kind": "activity_assessed", "id": "a1", "person": "{PERSON}", "date": "2024-05-27",
                "outcome": "exempt_medical", "reason": "{MEDICAL_REASON}"}}"#
        ),
        format!(
            r#"{{"kind": "activity_assessed", "id": "a2", "person": "{PERSON}", "date": "2024-05-28",
                "outcome": "exempt_workplace", "reason": "Ingen tilrettelegging mulig"}}"#
        ),
        format!(
            r#"{{"kind": "case_note", "id": "n1", "person": "{PERSON}", "date": "2024-05-29", "text": "{NAV_NOTE}"}}"#
        ),
    ]
}

/// The application with the person's sick leave and one account per party:
/// `caseworker` (unit 0301), `manager` (the first employer), `worker` (the
/// person), `dr-berg` (their GP), `nils` (counsellor), `jo` (job specialist).
struct World {
    app: TestApp,
    system: Caller,
}

async fn world() -> World {
    let app = spawn_app().await;
    let token = app.system_token().await;
    for document in sick_leave_documents() {
        app.post_document(&token, &document).await;
    }
    let users: [(&str, Role, &str); 6] = [
        ("caseworker", Role::Caseworker, "0301"),
        ("manager", Role::Manager, EMPLOYER),
        ("worker", Role::Worker, PERSON),
        ("dr-berg", Role::Gp, ""),
        ("nils", Role::Counsellor, ""),
        ("jo", Role::JobSpecialist, ""),
    ];
    for (username, role, tied_to) in users {
        app.add_user(username, role, tied_to).await;
    }
    World {
        app,
        system: Caller::Token(token),
    }
}

fn person_uri(rest: &str) -> String {
    format!("/api/v1/persons/{PERSON}/{rest}")
}

/// The (kind, id) of each listed document, in order.
fn listed(answer: &Answer) -> Vec<(String, String)> {
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.json()["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|document| {
            (
                document["kind"].as_str().unwrap().to_owned(),
                document["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(kind, id)| ((*kind).to_owned(), (*id).to_owned()))
        .collect()
}

async fn grant(world: &World, worker: &Caller, username: &str, body: Option<&str>) -> Answer {
    world
        .app
        .send_as(
            worker,
            Method::POST,
            &person_uri(&format!("consents/{username}")),
            body,
        )
        .await
}

// --- Who sees what (second edition) ---------------------------------------

#[tokio::test]
async fn a_manager_worker_gp_or_caseworker_sending_a_document_with_unit_gets_403_and_nothing_is_stored(
) {
    // Arrange: each party with a document that is theirs to send.
    let world = world().await;
    let app = &world.app;
    let own_documents = [
        (
            "manager",
            r#""kind": "meeting_held", "id": "m-manager", "meeting": 1, "date": "2024-05-02""#,
        ),
        (
            "caseworker",
            r#""kind": "case_note", "id": "n-caseworker", "date": "2024-05-02", "text": "Flytter""#,
        ),
        (
            "worker",
            r#""kind": "meeting_request", "id": "r-worker", "meeting": 3, "date": "2024-05-02", "by": "worker", "reason": "Ny situasjon""#,
        ),
        (
            "dr-berg",
            r#""kind": "meeting_request", "id": "r-gp", "meeting": 3, "date": "2024-05-02", "by": "gp", "reason": "Ny situasjon""#,
        ),
    ];
    let first = app
        .send_as(&world.system, Method::GET, &person_uri("documents"), None)
        .await;
    assert_eq!(first.json()["unit"], "0301");

    for (username, fields) in own_documents {
        let party = app.session(username).await;
        let before = app
            .send_as(&world.system, Method::GET, &person_uri("documents"), None)
            .await;
        let with_unit = format!(r#"{{{fields}, "person": "{PERSON}", "unit": "4444"}}"#);

        // Act
        let refused = app
            .send_as(&party, Method::POST, "/api/v1/documents", Some(&with_unit))
            .await;

        // Assert: 403 naming `unit`, and the person unchanged.
        assert_eq!(
            refused.status,
            StatusCode::FORBIDDEN,
            "{username}: {}",
            refused.text
        );
        assert_eq!(
            refused.error(),
            ("forbidden".to_owned(), Some("unit".to_owned())),
            "{username}"
        );
        let after = app
            .send_as(&world.system, Method::GET, &person_uri("documents"), None)
            .await;
        assert_eq!(after.json()["unit"], "0301", "{username}");
        assert_eq!(listed(&after), listed(&before), "{username}");
        // The same document without `unit` is theirs to send.
        let without_unit = format!(r#"{{{fields}, "person": "{PERSON}"}}"#);
        let stored = app
            .send_as(
                &party,
                Method::POST,
                "/api/v1/documents",
                Some(&without_unit),
            )
            .await;
        assert_eq!(
            stored.status,
            StatusCode::CREATED,
            "{username}: {}",
            stored.text
        );
        // Sent again with a unit: still refused, and the stored one is unchanged.
        let again = app
            .send_as(&party, Method::POST, "/api/v1/documents", Some(&with_unit))
            .await;
        assert_eq!(again.status, StatusCode::FORBIDDEN, "{username}");
    }
    let after = app
        .send_as(&world.system, Method::GET, &person_uri("documents"), None)
        .await;
    assert_eq!(after.json()["unit"], "0301");
    assert_eq!(listed(&after).len(), listed(&first).len() + 4);
}

#[tokio::test]
async fn a_system_client_may_set_unit_and_moves_the_person_to_that_office() {
    // Arrange
    let world = world().await;
    let moved = format!(
        r#"{{"kind": "work_resumed", "id": "w1", "person": "{PERSON}", "date": "2024-09-01", "unit": "4444"}}"#
    );

    // Act
    let answer = world
        .app
        .send_as(
            &world.system,
            Method::POST,
            "/api/v1/documents",
            Some(&moved),
        )
        .await;

    // Assert
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let documents = world
        .app
        .send_as(&world.system, Method::GET, &person_uri("documents"), None)
        .await;
    assert_eq!(documents.json()["unit"], "4444");
}

#[tokio::test]
async fn a_manager_lists_only_their_employers_certificates_and_no_diagnosis_medical_exemption_or_nav_note(
) {
    // Arrange
    let world = world().await;
    let manager = world.app.session("manager").await;
    let caseworker = world.app.session("caseworker").await;

    // Act
    let seen = world
        .app
        .send_as(&manager, Method::GET, &person_uri("documents"), None)
        .await;
    let everything = world
        .app
        .send_as(&caseworker, Method::GET, &person_uri("documents"), None)
        .await;

    // Assert: certificates (with corrections and cancellations) naming the
    // manager's employer, the meeting and the workplace exemption.
    assert_eq!(
        listed(&seen),
        pairs(&[
            ("sick_leave", "s1"),
            ("sick_leave", "s3"),
            ("sick_leave", "s5"),
            ("cancelled", "s5"),
            ("meeting_held", "m1"),
            ("activity_assessed", "a2"),
        ])
    );
    for hidden in [
        "diagnosis",
        DIAGNOSIS_A,
        DIAGNOSIS_B,
        OTHER_EMPLOYER,
        "exempt_medical",
        MEDICAL_REASON,
        "case_note",
        NAV_NOTE,
    ] {
        assert!(
            !seen.text.contains(hidden),
            "the manager sees {hidden}: {}",
            seen.text
        );
        assert!(
            everything.text.contains(hidden),
            "the caseworker should see {hidden}"
        );
    }
    for document in seen.json()["documents"].as_array().unwrap() {
        if document["kind"] == "sick_leave" {
            assert_eq!(document["employer"], EMPLOYER, "{document}");
        }
    }
}

#[tokio::test]
async fn the_manager_s_pages_show_no_more_than_the_api_no_diagnosis_other_employer_medical_reason_or_nav_note(
) {
    // Arrange
    let world = world().await;
    let manager = world.app.session("manager").await;
    let caseworker = world.app.session("caseworker").await;
    let person_page = world.app.person_page(PERSON).await;
    let pages = [
        person_page.clone(),
        format!("{person_page}/plan"),
        format!("{person_page}/moter"),
        "/mine-sykmeldte".to_owned(),
    ];

    for page in pages {
        // Act
        let seen = world.app.send_as(&manager, Method::GET, &page, None).await;

        // Assert
        assert_eq!(seen.status, StatusCode::OK, "{page}");
        // A random CSRF token in a form may by chance hold "L03".
        let text = without_csrf_tokens(&seen.text);
        for hidden in [
            DIAGNOSIS_A,
            DIAGNOSIS_B,
            OTHER_EMPLOYER,
            MEDICAL_REASON,
            NAV_NOTE,
        ] {
            assert!(!text.contains(hidden), "{page} shows the manager {hidden}");
        }
    }
    let nav_page = world
        .app
        .send_as(&caseworker, Method::GET, &person_page, None)
        .await;
    assert!(nav_page.text.contains(OTHER_EMPLOYER));
}

/// The follow-up with only `employer` named in each case.
fn naming_only(mut followup: Value, employer: &str) -> Value {
    for case in followup["cases"].as_array_mut().unwrap() {
        case["employers"]
            .as_array_mut()
            .unwrap()
            .retain(|named| named == employer);
    }
    followup
}

/// The follow-up with no employer named.
fn naming_no_employer(mut followup: Value) -> Value {
    for case in followup["cases"].as_array_mut().unwrap() {
        case["employers"] = json!([]);
    }
    followup
}

#[tokio::test]
async fn a_manager_s_followup_has_the_cases_of_the_whole_sick_leave_naming_only_their_own_employer()
{
    // Arrange
    let world = world().await;
    let manager = world.app.session("manager").await;
    let caseworker = world.app.session("caseworker").await;

    // Act
    let seen = world
        .app
        .send_as(&manager, Method::GET, &person_uri("followup"), None)
        .await;
    let whole = world
        .app
        .send_as(&caseworker, Method::GET, &person_uri("followup"), None)
        .await;

    // Assert
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.text);
    assert_eq!(whole.status, StatusCode::OK, "{}", whole.text);
    let whole = whole.json();
    assert!(
        whole["cases"][0]["employers"]
            .as_array()
            .unwrap()
            .contains(&json!(OTHER_EMPLOYER)),
        "{whole}"
    );
    assert!(!whole["cases"].as_array().unwrap().is_empty());
    assert_eq!(seen.json(), naming_only(whole, EMPLOYER));
    assert!(!seen.text.contains(OTHER_EMPLOYER));
}

#[tokio::test]
async fn a_reason_nav_gave_for_a_task_decision_reaches_neither_the_manager_s_api_nor_pages() {
    // Arrange: the caseworker closes one of NAV's tasks with a reason.
    let world = world().await;
    let app = &world.app;
    let caseworker = app.session("caseworker").await;
    let manager = app.session("manager").await;
    let reason = "Avklart med fastlegen: sykehusinnleggelse";
    let queue = app
        .send_as(&caseworker, Method::GET, "/api/v1/tasks", None)
        .await;
    // Not the activity requirement: only its assessment closes it.
    let tasks = queue.json()["tasks"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let task_id = tasks
        .iter()
        .find(|task| task["kind"] != "activity_requirement")
        .and_then(|task| task["id"].as_str())
        .unwrap_or_else(|| panic!("no NAV task: {}", queue.text))
        .to_owned();
    let decided = app
        .send_as(
            &caseworker,
            Method::POST,
            &person_uri(&format!("tasks/{task_id}")),
            Some(&json!({"state": "not_needed", "reason": reason}).to_string()),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.text);
    let nav_view = app
        .send_as(&caseworker, Method::GET, "/api/v1/tasks?state=all", None)
        .await;
    assert!(nav_view.text.contains(reason), "{}", nav_view.text);

    // Act: everything the manager can read of the person.
    let mut answers = Vec::new();
    for uri in [
        "/api/v1/tasks?state=all".to_owned(),
        person_uri("documents"),
        person_uri("followup"),
        app.person_page(PERSON).await,
        "/mine-sykmeldte".to_owned(),
    ] {
        let answer = app.send_as(&manager, Method::GET, &uri, None).await;
        answers.push((uri, answer));
    }

    // Assert
    for (uri, answer) in answers {
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text);
        assert!(
            !answer.text.contains(reason),
            "{uri} shows the manager NAV's reason"
        );
    }
}

#[tokio::test]
async fn every_api_answer_with_a_person_s_data_is_no_store_and_nosniff() {
    // Arrange
    let world = world().await;
    let app = &world.app;
    let worker = app.session("worker").await;
    let manager = app.session("manager").await;
    let caseworker = app.session("caseworker").await;
    let nils = app.session("nils").await;
    let calls: Vec<(&Caller, Method, String, Option<&str>)> = vec![
        (&worker, Method::POST, person_uri("consents/nils"), None),
        (&worker, Method::GET, person_uri("consents"), None),
        (&worker, Method::GET, person_uri("audit"), None),
        (&worker, Method::GET, person_uri("documents"), None),
        (&worker, Method::GET, person_uri("followup"), None),
        (&worker, Method::GET, "/api/v1/session".to_owned(), None),
        (&nils, Method::GET, person_uri("documents"), None),
        (&nils, Method::GET, person_uri("followup"), None),
        (&manager, Method::GET, person_uri("documents"), None),
        (
            &manager,
            Method::GET,
            person_uri("followup?today=2024-05-01"),
            None,
        ),
        (&manager, Method::GET, "/api/v1/tasks".to_owned(), None),
        (
            &caseworker,
            Method::GET,
            "/api/v1/tasks?state=all".to_owned(),
            None,
        ),
        (
            &caseworker,
            Method::POST,
            person_uri("tasks/2024-04-01:activity_requirement"),
            Some(r#"{"state": "done", "reason": "ok"}"#),
        ),
        (&world.system, Method::GET, person_uri("documents"), None),
        (
            &world.system,
            Method::POST,
            "/api/v1/documents".to_owned(),
            Some(
                r#"{"kind": "vacation", "id": "v1", "person": "15438510092", "from": "2024-07-01", "to": "2024-07-02"}"#,
            ),
        ),
        (&worker, Method::DELETE, person_uri("consents/nils"), None),
        (
            &manager,
            Method::GET,
            format!("/api/v1/persons/{NOBODY}/documents"),
            None,
        ),
        (
            &worker,
            Method::POST,
            person_uri("consents/nils"),
            Some("{"),
        ),
    ];

    for (caller, method, uri, body) in calls {
        // Act
        let answer = app.send_as(caller, method.clone(), &uri, body).await;

        // Assert
        assert_ne!(
            answer.status,
            StatusCode::INTERNAL_SERVER_ERROR,
            "{method} {uri}"
        );
        assert_eq!(
            answer
                .headers
                .get(header::CACHE_CONTROL)
                .map(|value| value.to_str().unwrap()),
            Some("no-store"),
            "{method} {uri} ({})",
            answer.status
        );
        assert_eq!(
            answer
                .headers
                .get(header::X_CONTENT_TYPE_OPTIONS)
                .map(|value| value.to_str().unwrap()),
            Some("nosniff"),
            "{method} {uri} ({})",
            answer.status
        );
    }
}

// --- Consent for a purpose ---------------------------------------------------

/// The shape of a consent in an answer.
fn assert_consent_shape(consent: &Value) {
    for field in ["username", "purpose", "share", "granted_at", "withdrawn_at"] {
        assert!(consent.get(field).is_some(), "no {field}: {consent}");
    }
    assert!(consent["granted_at"].is_string(), "{consent}");
    assert!(consent["share"].is_array(), "{consent}");
}

#[tokio::test]
async fn a_consent_posted_without_a_body_grants_the_grantee_s_own_purpose_with_only_its_own_category(
) {
    // Arrange
    let world = world().await;
    let worker = world.app.session("worker").await;

    for (username, purpose) in [("nils", "guidance"), ("jo", "supported_employment")] {
        // Act
        let answer = grant(&world, &worker, username, None).await;

        // Assert
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        let consent = answer.json();
        assert_consent_shape(&consent);
        assert_eq!(consent["username"], username);
        assert_eq!(consent["purpose"], purpose);
        assert_eq!(consent["share"], json!([purpose]));
        assert_eq!(consent["withdrawn_at"], Value::Null);
    }
}

#[tokio::test]
async fn an_empty_consent_body_is_no_body_whatever_content_type_it_is_sent_as_but_a_form_is_refused(
) {
    // Arrange: as `curl -X POST -d ''` and `curl -d 'x=1'` send them.
    let world = world().await;
    let Caller::Session { cookie, csrf } = world.app.session("worker").await else {
        unreachable!("a sign-in gives a session")
    };
    let post = |content_type: &'static str, body: &'static str| {
        axum::http::Request::builder()
            .method(Method::POST)
            .uri(person_uri("consents/nils"))
            .header(header::COOKIE, format!("tilbake_session={cookie}"))
            .header("x-csrf-token", csrf.as_str())
            .header(header::CONTENT_TYPE, content_type)
            .body(axum::body::Body::from(body))
            .unwrap()
    };

    // Act
    let form = world
        .app
        .send(post("application/x-www-form-urlencoded", "share=followup"))
        .await;
    let empty = world
        .app
        .send(post("application/x-www-form-urlencoded", ""))
        .await;

    // Assert
    assert_eq!(
        form.status,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "{}",
        form.text
    );
    assert_eq!(empty.status, StatusCode::CREATED, "{}", empty.text);
    assert_eq!(empty.json()["share"], json!(["guidance"]));
}

#[tokio::test]
async fn a_consent_with_purpose_and_share_answers_201_and_always_shares_the_purpose_s_own_category()
{
    // Arrange
    let world = world().await;
    let worker = world.app.session("worker").await;
    let cases = [
        (
            "nils",
            r#"{"purpose": "guidance", "share": ["certificates", "followup"]}"#,
            "guidance",
            json!(["followup", "certificates", "guidance"]),
        ),
        (
            "jo",
            r#"{"purpose": "supported_employment", "share": []}"#,
            "supported_employment",
            json!(["supported_employment"]),
        ),
    ];

    for (username, body, purpose, share) in cases {
        // Act
        let answer = grant(&world, &worker, username, Some(body)).await;

        // Assert
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        let consent = answer.json();
        assert_consent_shape(&consent);
        assert_eq!(consent["username"], username);
        assert_eq!(consent["purpose"], purpose);
        assert_eq!(consent["share"], share);
        assert_eq!(consent["withdrawn_at"], Value::Null);
    }
}

#[tokio::test]
async fn granting_again_replaces_the_categories_and_the_list_keeps_the_history_and_the_first_grant_s_time(
) {
    // Arrange
    let world = world().await;
    let app = &world.app;
    let worker = app.session("worker").await;
    let nils = app.session("nils").await;
    let first = grant(
        &world,
        &worker,
        "nils",
        Some(r#"{"purpose": "guidance", "share": ["followup", "certificates"]}"#),
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);

    // Act
    let second = grant(
        &world,
        &worker,
        "nils",
        Some(r#"{"purpose": "guidance", "share": ["casework"]}"#),
    )
    .await;

    // Assert: the new categories replace the old ones, at once.
    assert_eq!(second.status, StatusCode::CREATED, "{}", second.text);
    assert_eq!(second.json()["share"], json!(["casework", "guidance"]));
    assert_eq!(second.json()["granted_at"], first.json()["granted_at"]);
    let followup = app
        .send_as(&nils, Method::GET, &person_uri("followup"), None)
        .await;
    assert_eq!(followup.status, StatusCode::NOT_FOUND, "{}", followup.text);
    let list = app
        .send_as(&worker, Method::GET, &person_uri("consents"), None)
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    let consents = list.json()["consents"].as_array().unwrap().clone();
    assert_eq!(consents.len(), 1, "{}", list.text);
    assert_consent_shape(&consents[0]);
    assert_eq!(consents[0]["share"], json!(["casework", "guidance"]));
    assert_eq!(consents[0]["granted_at"], first.json()["granted_at"]);
    let history: Vec<(Value, Value)> = consents[0]["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| (change["action"].clone(), change["share"].clone()))
        .collect();
    assert_eq!(
        history,
        vec![
            (
                json!("grant_consent"),
                json!(["followup", "certificates", "guidance"])
            ),
            (json!("change_consent"), json!(["casework", "guidance"])),
        ]
    );
}

#[tokio::test]
async fn a_withdrawal_ends_every_consent_to_that_user_on_the_very_next_request_and_is_listed_as_withdrawn(
) {
    // Arrange
    let world = world().await;
    let app = &world.app;
    let worker = app.session("worker").await;
    let nils = app.session("nils").await;
    let jo = app.session("jo").await;
    for (username, body) in [
        ("nils", r#"{"purpose": "guidance", "share": ["followup"]}"#),
        ("jo", r#"{"share": ["followup"]}"#),
    ] {
        let granted = grant(&world, &worker, username, Some(body)).await;
        assert_eq!(granted.status, StatusCode::CREATED, "{}", granted.text);
    }
    let before = app
        .send_as(&nils, Method::GET, &person_uri("followup"), None)
        .await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.text);

    // Act
    let withdrawn = app
        .send_as(&worker, Method::DELETE, &person_uri("consents/nils"), None)
        .await;
    let after = app
        .send_as(&nils, Method::GET, &person_uri("followup"), None)
        .await;

    // Assert
    assert_eq!(
        withdrawn.status,
        StatusCode::NO_CONTENT,
        "{}",
        withdrawn.text
    );
    assert_eq!(after.status, StatusCode::NOT_FOUND, "{}", after.text);
    let documents = app
        .send_as(&nils, Method::GET, &person_uri("documents"), None)
        .await;
    assert_eq!(documents.status, StatusCode::NOT_FOUND);
    // Another grantee's consent still stands.
    let other = app
        .send_as(&jo, Method::GET, &person_uri("followup"), None)
        .await;
    assert_eq!(other.status, StatusCode::OK, "{}", other.text);
    let list = app
        .send_as(&worker, Method::GET, &person_uri("consents"), None)
        .await;
    let consents = list.json()["consents"].as_array().unwrap().clone();
    let by_user = |username: &str| {
        consents
            .iter()
            .find(|consent| consent["username"] == username)
            .unwrap_or_else(|| panic!("no consent to {username}: {}", list.text))
            .clone()
    };
    assert!(by_user("nils")["withdrawn_at"].is_string(), "{}", list.text);
    assert_eq!(by_user("jo")["withdrawn_at"], Value::Null, "{}", list.text);
}

#[tokio::test]
async fn a_consent_granted_again_after_its_withdrawal_stands_anew_and_both_are_listed() {
    // Arrange: granted and withdrawn (on the test's fixed clock, within the
    // same instant, as a quick client might).
    let world = world().await;
    let app = &world.app;
    let worker = app.session("worker").await;
    let nils = app.session("nils").await;
    let body = r#"{"purpose": "guidance", "share": ["followup"]}"#;
    assert_eq!(
        grant(&world, &worker, "nils", Some(body)).await.status,
        StatusCode::CREATED
    );
    let withdrawn = app
        .send_as(&worker, Method::DELETE, &person_uri("consents/nils"), None)
        .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::NO_CONTENT,
        "{}",
        withdrawn.text
    );

    // Act
    let again = grant(&world, &worker, "nils", Some(body)).await;

    // Assert
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
    let seen = app
        .send_as(&nils, Method::GET, &person_uri("followup"), None)
        .await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.text);
    let list = app
        .send_as(&worker, Method::GET, &person_uri("consents"), None)
        .await;
    let consents = list.json()["consents"].as_array().unwrap().clone();
    assert_eq!(consents.len(), 2, "{}", list.text);
    assert!(consents[0]["withdrawn_at"].is_string(), "{}", list.text);
    assert_eq!(consents[1]["withdrawn_at"], Value::Null, "{}", list.text);
    let actions = |consent: &Value| -> Vec<Value> {
        consent["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|change| change["action"].clone())
            .collect()
    };
    assert_eq!(
        actions(&consents[0]),
        vec![json!("grant_consent"), json!("withdraw_consent")]
    );
    assert_eq!(actions(&consents[1]), vec![json!("grant_consent")]);
}

#[tokio::test]
async fn a_counsellor_s_followup_is_404_unless_followup_is_shared() {
    // Arrange
    let world = world().await;
    let app = &world.app;
    let worker = app.session("worker").await;
    let nils = app.session("nils").await;
    let caseworker = app.session("caseworker").await;
    let whole = app
        .send_as(&caseworker, Method::GET, &person_uri("followup"), None)
        .await
        .json();
    let cases = [
        (r#"{"share": []}"#, None),
        (r#"{"share": ["certificates", "casework"]}"#, None),
        // Follow-up without certificates: the cases, no employer named.
        (
            r#"{"share": ["followup"]}"#,
            Some(naming_no_employer(whole.clone())),
        ),
        (r#"{"share": ["followup", "certificates"]}"#, Some(whole)),
    ];

    for (body, expected) in cases {
        assert_eq!(
            grant(&world, &worker, "nils", Some(body)).await.status,
            StatusCode::CREATED
        );

        // Act
        let answer = app
            .send_as(&nils, Method::GET, &person_uri("followup"), None)
            .await;

        // Assert
        match expected {
            None => assert_eq!(
                answer.status,
                StatusCode::NOT_FOUND,
                "{body}: {}",
                answer.text
            ),
            Some(followup) => {
                assert_eq!(answer.status, StatusCode::OK, "{body}: {}", answer.text);
                assert_eq!(answer.json(), followup, "{body}");
            }
        }
    }
}

#[tokio::test]
async fn a_counsellor_lists_only_documents_of_the_shared_categories_and_never_a_diagnosis() {
    // Arrange
    let world = world().await;
    let app = &world.app;
    let worker = app.session("worker").await;
    let nils = app.session("nils").await;
    let certificates = [
        ("sick_leave", "s1"),
        ("sick_leave", "s2"),
        ("sick_leave", "s3"),
        ("sick_leave", "s4"),
        ("cancelled", "s4"),
        ("sick_leave", "s5"),
        ("cancelled", "s5"),
    ];
    // Case work without NAV's note and without a medical exemption.
    let casework = [("meeting_held", "m1"), ("activity_assessed", "a2")];
    let cases: [(&str, Vec<(&str, &str)>); 4] = [
        (r#"{"share": ["followup"]}"#, vec![]),
        (r#"{"share": ["certificates"]}"#, certificates.to_vec()),
        (r#"{"share": ["casework"]}"#, casework.to_vec()),
        (
            r#"{"share": ["certificates", "casework", "followup"]}"#,
            [&certificates[..], &casework[..]].concat(),
        ),
    ];

    for (body, expected) in cases {
        assert_eq!(
            grant(&world, &worker, "nils", Some(body)).await.status,
            StatusCode::CREATED
        );

        // Act
        let answer = app
            .send_as(&nils, Method::GET, &person_uri("documents"), None)
            .await;

        // Assert
        let mut seen = listed(&answer);
        let mut expected = pairs(&expected);
        seen.sort();
        expected.sort();
        assert_eq!(seen, expected, "{body}");
        for hidden in [
            "diagnosis",
            DIAGNOSIS_A,
            DIAGNOSIS_B,
            MEDICAL_REASON,
            NAV_NOTE,
            "dr-berg",
        ] {
            assert!(
                !answer.text.contains(hidden),
                "{body}: the counsellor sees {hidden}: {}",
                answer.text
            );
        }
    }
}

/// Every person route, for a person, as (method, path, body).
fn every_person_route(person: &str) -> Vec<(Method, String, Option<&'static str>)> {
    let uri = |rest: &str| format!("/api/v1/persons/{person}/{rest}");
    vec![
        (Method::GET, uri("followup"), None),
        (Method::GET, uri("followup?today=2024-05-01"), None),
        (Method::GET, uri("documents"), None),
        (Method::GET, uri("audit"), None),
        (Method::GET, uri("consents"), None),
        (Method::POST, uri("consents/nils"), None),
        (Method::DELETE, uri("consents/nils"), None),
        (
            Method::POST,
            uri("tasks/2024-04-01:activity_requirement"),
            Some(r#"{"state": "done", "reason": "x"}"#),
        ),
        (
            Method::POST,
            uri("tasks/2024-04-01:follow_up_plan"),
            Some(r#"{"state": "done", "reason": "x"}"#),
        ),
        (
            Method::PUT,
            uri("address-protection"),
            Some(r#"{"protection": "none"}"#),
        ),
    ]
}

#[tokio::test]
async fn without_a_standing_consent_every_person_route_answers_404_exactly_as_for_a_nonexistent_person(
) {
    // Arrange: a consent to nils granted and withdrawn; none ever to jo.
    let world = world().await;
    let app = &world.app;
    let worker = app.session("worker").await;
    assert_eq!(
        grant(
            &world,
            &worker,
            "nils",
            Some(r#"{"share": ["followup", "certificates", "casework"]}"#)
        )
        .await
        .status,
        StatusCode::CREATED
    );
    let withdrawn = app
        .send_as(&worker, Method::DELETE, &person_uri("consents/nils"), None)
        .await;
    assert_eq!(withdrawn.status, StatusCode::NO_CONTENT);

    for username in ["nils", "jo"] {
        let reader = app.session(username).await;
        let routes = every_person_route(PERSON)
            .into_iter()
            .zip(every_person_route(NOBODY));
        for ((method, uri, body), (_, nobody_uri, _)) in routes {
            // Act
            let answer = app.send_as(&reader, method.clone(), &uri, body).await;
            let nobody = app
                .send_as(&reader, method.clone(), &nobody_uri, body)
                .await;

            // Assert
            assert_eq!(
                answer.status,
                StatusCode::NOT_FOUND,
                "{username}: {method} {uri}: {}",
                answer.text
            );
            assert_eq!(
                (answer.status, answer.text),
                (nobody.status, nobody.text),
                "{username}: {method} {uri}"
            );
        }
    }
}

#[tokio::test]
async fn each_read_grant_and_withdrawal_is_in_the_worker_s_audit_log() {
    // Arrange
    let world = world().await;
    let app = &world.app;
    let worker = app.session("worker").await;
    let nils = app.session("nils").await;
    let body = r#"{"purpose": "guidance", "share": ["followup", "certificates"]}"#;
    assert_eq!(
        grant(&world, &worker, "nils", Some(body)).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        grant(&world, &worker, "nils", Some(r#"{"share": ["followup"]}"#))
            .await
            .status,
        StatusCode::CREATED
    );
    for rest in ["documents", "followup"] {
        let read = app
            .send_as(&nils, Method::GET, &person_uri(rest), None)
            .await;
        assert_eq!(read.status, StatusCode::OK, "{}", read.text);
    }
    let withdrawn = app
        .send_as(&worker, Method::DELETE, &person_uri("consents/nils"), None)
        .await;
    assert_eq!(withdrawn.status, StatusCode::NO_CONTENT);
    let refused = app
        .send_as(&nils, Method::GET, &person_uri("documents"), None)
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);

    // Act
    let audit = app
        .send_as(&worker, Method::GET, &person_uri("audit"), None)
        .await;

    // Assert
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
    let entries: Vec<(String, String, bool)> = audit.json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["actor_username"].as_str().unwrap().to_owned(),
                entry["action"].as_str().unwrap().to_owned(),
                entry["permitted"].as_bool().unwrap(),
            )
        })
        .collect();
    for expected in [
        ("worker", "grant_consent", true),
        ("worker", "change_consent", true),
        ("nils", "read_documents", true),
        ("nils", "read_followup", true),
        ("worker", "withdraw_consent", true),
        ("nils", "read_documents", false),
    ] {
        let expected = (expected.0.to_owned(), expected.1.to_owned(), expected.2);
        assert!(
            entries.contains(&expected),
            "{expected:?} not in {entries:?}"
        );
    }
    let grants = audit.json()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|entry| entry["action"] == "grant_consent")
        .map(|entry| entry["purpose"].as_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    assert!(
        grants.iter().any(|purpose| purpose.contains("nils")),
        "the grant names the grantee: {grants:?}"
    );
}

#[tokio::test]
async fn a_consent_with_an_unknown_purpose_or_category_is_422_naming_the_field_and_a_body_that_is_not_json_400(
) {
    // Arrange
    let world = world().await;
    let worker = world.app.session("worker").await;
    let cases: [(&str, StatusCode, &str, Option<&str>); 8] = [
        (
            r#"{"purpose": "marketing"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("purpose"),
        ),
        (
            r#"{"purpose": "followup"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("purpose"),
        ),
        // Not the purpose a counsellor works for.
        (
            r#"{"purpose": "supported_employment"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("purpose"),
        ),
        (
            r#"{"purpose": "guidance", "share": ["followup", "diagnoses"]}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("share[1]"),
        ),
        (
            r#"{"share": [7]}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("share[0]"),
        ),
        ("not json", StatusCode::BAD_REQUEST, "invalid_json", None),
        (
            r#"{"purpose": "#,
            StatusCode::BAD_REQUEST,
            "invalid_json",
            None,
        ),
        ("[]", StatusCode::BAD_REQUEST, "invalid_json", None),
    ];

    for (body, status, code, field) in cases {
        // Act
        let answer = grant(&world, &worker, "nils", Some(body)).await;

        // Assert
        assert_eq!(answer.status, status, "{body}: {}", answer.text);
        assert_eq!(
            answer.error(),
            (code.to_owned(), field.map(str::to_owned)),
            "{body}"
        );
    }
    // Nothing was granted.
    let list = world
        .app
        .send_as(&worker, Method::GET, &person_uri("consents"), None)
        .await;
    assert_eq!(list.json()["consents"], json!([]));
}

/// The page without the values of its CSRF token fields (random text).
pub(crate) fn without_csrf_tokens(html: &str) -> String {
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
