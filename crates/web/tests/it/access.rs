//! Who sees what: 404 for a person out of sight, work queues, consents,
//! address protection and the person's own audit log.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use tilbake_domain::access::Role;

use crate::{certificate, spawn_app, OTHER_PERSON, PERSON};

pub fn get_with_cookie(uri: &str, cookie: &str) -> Request<Body> {
    Request::builder()
        .uri(uri)
        .header(header::COOKIE, format!("tilbake_session={cookie}"))
        .body(Body::empty())
        .unwrap()
}

pub fn change_with_cookie(
    method: Method,
    uri: &str,
    cookie: &str,
    csrf: &str,
    body: &str,
) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::COOKIE, format!("tilbake_session={cookie}"))
        .header("x-csrf-token", csrf)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn a_person_the_caller_may_not_see_answers_exactly_as_a_person_who_does_not_exist() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    app.post_document(
        &token,
        &certificate("s1", "2024-05-01", "2024-06-30", "0302"),
    )
    .await;
    app.add_user("kari", Role::Caseworker, "0301").await;
    let (cookie, _) = app.sign_in("kari").await;

    let invisible = app
        .send(get_with_cookie(
            &format!("/api/v1/persons/{PERSON}/followup"),
            &cookie,
        ))
        .await;
    let nonexistent = app
        .send(get_with_cookie(
            &format!("/api/v1/persons/{OTHER_PERSON}/followup"),
            &cookie,
        ))
        .await;
    assert_eq!(invisible.status, StatusCode::NOT_FOUND);
    assert_eq!(
        (invisible.status, &invisible.text),
        (nonexistent.status, &nonexistent.text)
    );

    // The caseworker of the person's unit sees them.
    app.add_user("per", Role::Caseworker, "0302").await;
    let (cookie, _) = app.sign_in("per").await;
    let visible = app
        .send(get_with_cookie(
            &format!("/api/v1/persons/{PERSON}/followup"),
            &cookie,
        ))
        .await;
    assert_eq!(visible.status, StatusCode::OK, "{}", visible.text);
}

#[tokio::test]
async fn the_caseworker_lists_the_units_tasks_and_marks_one_not_needed() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    app.post_document(
        &token,
        &certificate("s1", "2024-01-01", "2024-06-30", "0301"),
    )
    .await;
    app.add_user("kari", Role::Caseworker, "0301").await;
    let (cookie, csrf) = app.sign_in("kari").await;

    let answer = app
        .send(get_with_cookie("/api/v1/tasks?state=open", &cookie))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let tasks = answer.json()["tasks"].as_array().unwrap().clone();
    assert!(!tasks.is_empty());
    assert!(tasks
        .iter()
        .all(|task| task["owner"] == "nav" && task["person"] == PERSON));
    // The activity requirement comes first, and only its assessment closes
    // it: a decision on it is refused and says what to send.
    assert_eq!(tasks[0]["kind"], "activity_requirement");
    let activity = tasks[0]["id"].as_str().unwrap().to_owned();
    let refused = change_with_cookie(
        Method::POST,
        &format!("/api/v1/persons/{PERSON}/tasks/{activity}"),
        &cookie,
        &csrf,
        r#"{"state": "not_needed", "reason": "assessed by phone"}"#,
    );
    let answer = app.send(refused).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert_eq!(
        answer.error(),
        ("invalid_field".to_owned(), Some("task_id".to_owned()))
    );
    assert!(answer.text.contains("activity_assessed"), "{}", answer.text);
    let task_id = tasks[1]["id"].as_str().unwrap().to_owned();

    let decide = change_with_cookie(
        Method::POST,
        &format!("/api/v1/persons/{PERSON}/tasks/{task_id}"),
        &cookie,
        &csrf,
        r#"{"state": "not_needed", "reason": "held as meeting 3 instead"}"#,
    );
    let answer = app.send(decide).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json()["state"], "not_needed");

    let bad = change_with_cookie(
        Method::POST,
        &format!("/api/v1/persons/{PERSON}/tasks/{task_id}"),
        &cookie,
        &csrf,
        r#"{"state": "maybe", "reason": "x"}"#,
    );
    let answer = app.send(bad).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        answer.error(),
        ("invalid_field".to_owned(), Some("state".to_owned()))
    );
}

#[tokio::test]
async fn only_a_system_client_sets_address_protection() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    app.post_document(
        &token,
        &certificate("s1", "2024-05-01", "2024-06-30", "0301"),
    )
    .await;
    app.add_user("kari", Role::Caseworker, "0301").await;
    let (cookie, csrf) = app.sign_in("kari").await;
    let uri = format!("/api/v1/persons/{PERSON}/address-protection");
    let body = r#"{"protection": "strengt_fortrolig"}"#;

    let refused = app
        .send(change_with_cookie(Method::PUT, &uri, &cookie, &csrf, body))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);

    let set = app.call(Method::PUT, &uri, Some(&token), Some(body)).await;
    assert_eq!(set.status, StatusCode::NO_CONTENT, "{}", set.text);
    // Now the caseworker without the right to see protected addresses does not see the person.
    let hidden = app
        .send(get_with_cookie(
            &format!("/api/v1/persons/{PERSON}/followup"),
            &cookie,
        ))
        .await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);

    let invalid = app
        .call(
            Method::PUT,
            &uri,
            Some(&token),
            Some(r#"{"protection": "secret"}"#),
        )
        .await;
    assert_eq!(
        invalid.error(),
        ("invalid_field".to_owned(), Some("protection".to_owned()))
    );
}

#[tokio::test]
async fn the_worker_sees_who_read_their_data_and_grants_and_withdraws_consent() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    app.post_document(
        &token,
        &certificate("s1", "2024-05-01", "2024-06-30", "0301"),
    )
    .await;
    app.call(
        Method::GET,
        &format!("/api/v1/persons/{PERSON}/followup"),
        Some(&token),
        None,
    )
    .await;
    app.add_user("ola", Role::Worker, PERSON).await;
    app.add_user("nils", Role::Counsellor, "").await;
    let (cookie, csrf) = app.sign_in("ola").await;

    let audit = app
        .send(get_with_cookie(
            &format!("/api/v1/persons/{PERSON}/audit"),
            &cookie,
        ))
        .await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
    let entries = audit.json()["entries"].as_array().unwrap().clone();
    assert!(entries
        .iter()
        .any(|entry| entry["action"] == "read_followup" && entry["actor_role"] == "system"));

    let consent_uri = format!("/api/v1/persons/{PERSON}/consents/nils");
    let granted = app
        .send(change_with_cookie(
            Method::POST,
            &consent_uri,
            &cookie,
            &csrf,
            r#"{"purpose": "guidance", "share": ["followup"]}"#,
        ))
        .await;
    assert_eq!(granted.status, StatusCode::CREATED, "{}", granted.text);
    assert_eq!(
        granted.json()["share"],
        serde_json::json!(["followup", "guidance"])
    );
    let (counsellor, _) = app.sign_in("nils").await;
    let seen = app
        .send(get_with_cookie(
            &format!("/api/v1/persons/{PERSON}/followup"),
            &counsellor,
        ))
        .await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.text);

    let withdrawn = app
        .send(change_with_cookie(
            Method::DELETE,
            &consent_uri,
            &cookie,
            &csrf,
            "",
        ))
        .await;
    assert_eq!(
        withdrawn.status,
        StatusCode::NO_CONTENT,
        "{}",
        withdrawn.text
    );
    let unseen = app
        .send(get_with_cookie(
            &format!("/api/v1/persons/{PERSON}/followup"),
            &counsellor,
        ))
        .await;
    assert_eq!(unseen.status, StatusCode::NOT_FOUND);

    // Consents for someone else's number are not the worker's to give.
    let others = format!("/api/v1/persons/{OTHER_PERSON}/consents/nils");
    let refused = app
        .send(change_with_cookie(
            Method::POST,
            &others,
            &cookie,
            &csrf,
            "",
        ))
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
}
