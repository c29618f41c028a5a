//! `POST /api/v1/documents` and `GET /api/v1/persons/{fnr}/documents`.

use axum::http::{Method, StatusCode};
use tilbake_domain::access::Role;

use crate::{certificate, spawn_app, EMPLOYER, PERSON};

#[tokio::test]
async fn a_document_is_stored_201_then_repeated_200_then_a_changed_one_conflicts_409() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    let document = certificate("s1", "2024-01-01", "2024-01-21", "0301");

    let stored = app
        .call(
            Method::POST,
            "/api/v1/documents",
            Some(&token),
            Some(&document),
        )
        .await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.text);
    assert_eq!(stored.json()["outcome"], "stored");

    let repeated = app
        .call(
            Method::POST,
            "/api/v1/documents",
            Some(&token),
            Some(&document),
        )
        .await;
    assert_eq!(repeated.status, StatusCode::OK);
    assert_eq!(repeated.json()["outcome"], "repeated");

    let changed = certificate("s1", "2024-01-01", "2024-01-22", "0301");
    let conflict = app
        .call(
            Method::POST,
            "/api/v1/documents",
            Some(&token),
            Some(&changed),
        )
        .await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert_eq!(conflict.error().0, "conflict");
}

#[tokio::test]
async fn malformed_json_is_400_and_an_invalid_field_422_naming_the_field() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    let cases = [
        ("{", StatusCode::BAD_REQUEST, "invalid_json", None),
        ("[1, 2]", StatusCode::BAD_REQUEST, "invalid_json", None),
        (
            r#"{"kind": "vacation", "id": "v1", "person": "15438510092", "from": "2024-01-01", "to": "2024-02-30"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("to"),
        ),
        (
            r#"{"kind": "vacation", "id": "v1", "person": "15438510093", "from": "2024-01-01", "to": "2024-01-02"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_fnr",
            Some("person"),
        ),
        (
            r#"{"kind": "vacation", "person": "15438510092", "from": "2024-01-01", "to": "2024-01-02"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "missing_field",
            Some("id"),
        ),
        (
            r#"{"kind": "sick_leave", "id": "s1", "person": "15438510092", "from": "2024-01-01", "to": "2024-01-02", "employer": "910000005"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_orgnr",
            Some("employer"),
        ),
    ];
    for (body, status, code, field) in cases {
        let answer = app
            .call(Method::POST, "/api/v1/documents", Some(&token), Some(body))
            .await;
        assert_eq!(answer.status, status, "{body}: {}", answer.text);
        assert_eq!(
            answer.error(),
            (code.to_owned(), field.map(str::to_owned)),
            "{body}"
        );
    }
}

#[tokio::test]
async fn a_cancellation_of_a_certificate_not_yet_stored_is_422_and_may_be_sent_again_later() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    let cancellation = format!(r#"{{"kind": "cancelled", "id": "s1", "person": "{PERSON}"}}"#);
    let early = app
        .call(
            Method::POST,
            "/api/v1/documents",
            Some(&token),
            Some(&cancellation),
        )
        .await;
    assert_eq!(early.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(early.error().0, "missing_reference");

    app.post_document(
        &token,
        &certificate("s1", "2024-01-01", "2024-01-21", "0301"),
    )
    .await;
    app.post_document(&token, &cancellation).await;
}

#[tokio::test]
async fn documents_are_listed_with_the_diagnosis_for_the_caseworker_and_without_it_for_the_manager()
{
    let app = spawn_app().await;
    let token = app.system_token().await;
    // An open case (to 2024-06-30 around today 2024-06-01) makes the manager the nearest manager.
    app.post_document(
        &token,
        &certificate("s1", "2024-05-01", "2024-06-30", "0301"),
    )
    .await;
    app.add_user("kari", Role::Caseworker, "0301").await;
    app.add_user("lise", Role::Manager, EMPLOYER).await;
    let uri = format!("/api/v1/persons/{PERSON}/documents");

    let (caseworker, _) = app.sign_in("kari").await;
    let answer = app
        .send(crate::access::get_with_cookie(&uri, &caseworker))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let listed = answer.json();
    assert_eq!(listed["documents"][0]["diagnosis"]["code"], "L03");
    assert_eq!(listed["documents"][0]["seq"], 1);

    let (manager, _) = app.sign_in("lise").await;
    let answer = app
        .send(crate::access::get_with_cookie(&uri, &manager))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert!(answer.json()["documents"][0].get("diagnosis").is_none());
    assert!(!answer.text.contains("L03"));
}
