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

#[tokio::test]
async fn documents_no_real_case_has_are_refused_naming_the_field() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    // Today is 2024-06-01 on the test clock.
    let cases = [
        (
            r#"{"kind": "sick_leave", "id": "s1", "person": "15438510092", "from": "2023-01-01", "to": "2024-03-01"}"#,
            "out_of_range",
            "to",
        ),
        (
            r#"{"kind": "vacation", "id": "v1", "person": "15438510092", "from": "1899-12-31", "to": "2024-01-02"}"#,
            "out_of_range",
            "from",
        ),
        (
            r#"{"kind": "work_resumed", "id": "w1", "person": "15438510092", "date": "2026-06-02"}"#,
            "out_of_range",
            "date",
        ),
        (
            r#"{"kind": "meeting_invitation", "id": "i1", "person": "15438510092", "meeting": 2, "at": "0001-01-01T10:00", "place": "NAV", "participants": ["worker"]}"#,
            "out_of_range",
            "at",
        ),
        (
            r#"{"kind": "sick_leave", "id": "s1", "person": "15438510092", "from": "2024-01-01", "to": "2024-01-02", "employer": "000000000"}"#,
            "invalid_orgnr",
            "employer",
        ),
    ];
    for (body, code, field) in cases {
        let answer = app
            .call(Method::POST, "/api/v1/documents", Some(&token), Some(body))
            .await;
        assert_eq!(
            answer.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            answer.text
        );
        assert_eq!(
            answer.error(),
            (code.to_owned(), Some(field.to_owned())),
            "{body}"
        );
    }
}

#[tokio::test]
async fn unknown_fields_are_dropped_so_the_document_without_them_is_a_repeat() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    let with_unknown = format!(
        r#"{{"kind": "vacation", "id": "v1", "person": "{PERSON}", "from": "2024-01-01", "to": "2024-01-02", "__proto__": {{"admin": true}}}}"#
    );
    let stored = app
        .call(
            Method::POST,
            "/api/v1/documents",
            Some(&token),
            Some(&with_unknown),
        )
        .await;
    assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.text);
    for repeat in [
        format!(
            r#"{{"kind": "vacation", "id": "v1", "person": "{PERSON}", "from": "2024-01-01", "to": "2024-01-02"}}"#
        ),
        format!(
            r#"{{"kind": "vacation", "id": "v1", "person": "{PERSON}", "from": "2024-01-01", "to": "2024-01-02", "constructor": 1}}"#
        ),
    ] {
        let answer = app
            .call(
                Method::POST,
                "/api/v1/documents",
                Some(&token),
                Some(&repeat),
            )
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{repeat}: {}", answer.text);
        assert_eq!(answer.json()["outcome"], "repeated");
    }
}

#[tokio::test]
async fn a_charset_other_than_utf8_is_refused_with_415_naming_it() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    let document = certificate("s1", "2024-01-01", "2024-01-21", "0301");
    for (content_type, status) in [
        (
            "application/json; charset=utf-16",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "application/json; charset=ISO-8859-1",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        ("application/json; charset=UTF-8", StatusCode::CREATED),
    ] {
        let request = axum::http::Request::builder()
            .method(Method::POST)
            .uri("/api/v1/documents")
            .header("authorization", format!("Bearer {token}"))
            .header("content-type", content_type)
            .body(axum::body::Body::from(document.clone()))
            .unwrap();
        let answer = app.send(request).await;
        assert_eq!(answer.status, status, "{content_type}: {}", answer.text);
        if status == StatusCode::UNSUPPORTED_MEDIA_TYPE {
            assert_eq!(answer.error().0, "unsupported_charset");
            let charset = content_type.split('=').nth(1).unwrap();
            assert!(
                answer.json()["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains(charset),
                "{}",
                answer.text
            );
        }
    }
}
