//! `GET /api/v1/persons/{fnr}/followup` and `POST /api/v1/followup/compute`.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::{certificate, spawn_app, EMPLOYER, PERSON};

#[tokio::test]
async fn a_system_client_reads_the_followup_that_the_engine_computes_from_the_stored_documents() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    app.post_document(
        &token,
        &certificate("s1", "2024-01-01", "2024-03-31", "0301"),
    )
    .await;
    app.post_document(
        &token,
        &format!(r#"{{"kind": "vacation", "id": "v1", "person": "{PERSON}", "from": "2024-02-05", "to": "2024-02-09"}}"#),
    )
    .await;

    let uri = format!("/api/v1/persons/{PERSON}/followup?today=2024-02-20");
    let read = app.call(Method::GET, &uri, Some(&token), None).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.text);

    let input = json!({
        "birth_date": "1985-03-15",
        "today": "2024-02-20",
        "events": [
            {"kind": "sick_leave", "id": "s1", "from": "2024-01-01", "to": "2024-03-31", "grade": 100, "employer": EMPLOYER},
            {"kind": "vacation", "from": "2024-02-05", "to": "2024-02-09"}
        ]
    });
    let computed = app
        .call(
            Method::POST,
            "/api/v1/followup/compute",
            None,
            Some(&input.to_string()),
        )
        .await;
    assert_eq!(computed.status, StatusCode::OK, "{}", computed.text);
    assert_eq!(read.json(), computed.json());
    let case = &read.json()["cases"][0];
    assert_eq!(case["start"], "2024-01-01");
    assert_eq!(case["employers"], json!([EMPLOYER]));
    assert_eq!(case["milestones"][1]["kind"], "follow_up_plan");
    assert_eq!(case["milestones"][1]["status"], "passed");
}

#[tokio::test]
async fn today_defaults_to_the_servers_date() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    app.post_document(
        &token,
        &certificate("s1", "2024-05-20", "2024-07-31", "0301"),
    )
    .await;
    let with_default = app
        .call(
            Method::GET,
            &format!("/api/v1/persons/{PERSON}/followup"),
            Some(&token),
            None,
        )
        .await;
    let with_today = app
        .call(
            Method::GET,
            &format!("/api/v1/persons/{PERSON}/followup?today=2024-06-01"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(with_default.json(), with_today.json());
    assert!(with_default.json()["cases"][0]["milestones"][0]["status"].is_string());
}

#[tokio::test]
async fn compute_answers_the_contract_error_with_its_field_as_422() {
    let app = spawn_app().await;
    let input = r#"{"events": [{"kind": "vacation", "from": "2024-01-01", "to": "2024-02-30"}]}"#;
    let answer = app
        .call(Method::POST, "/api/v1/followup/compute", None, Some(input))
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.error(),
        ("invalid_field".to_owned(), Some("events[0].to".to_owned()))
    );
    assert_eq!(
        answer.json()["error"]["message"],
        "events[0].to: 2024-02-30 is not a date (YYYY-MM-DD)"
    );
    let answer = app
        .call(
            Method::POST,
            "/api/v1/followup/compute",
            None,
            Some("not json"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error().0, "invalid_json");
}

#[tokio::test]
async fn the_followup_of_a_person_without_documents_is_404() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    let answer = app
        .call(
            Method::GET,
            &format!("/api/v1/persons/{PERSON}/followup"),
            Some(&token),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.error(), ("not_found".to_owned(), None));
    let _: Value = answer.json();
}
