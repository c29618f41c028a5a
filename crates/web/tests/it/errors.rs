//! Health, the JSON error shape on every kind of bad request to the API,
//! and the HTML error page for the pages' forms.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

use crate::{spawn_app, PERSON};

#[tokio::test]
async fn health_answers_ok_once_the_database_is_reachable() {
    let app = spawn_app().await;
    let answer = app.call(Method::GET, "/health", None, None).await;
    assert_eq!(
        (answer.status, answer.text.as_str()),
        (StatusCode::OK, "ok")
    );
}

#[tokio::test]
async fn an_unknown_api_route_answers_the_json_404_and_other_paths_the_html_page() {
    let app = spawn_app().await;
    let answer = app
        .call(Method::GET, "/api/v1/nothing-here", None, None)
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert_eq!(answer.error(), ("route_not_found".to_owned(), None));
    let answer = app.call(Method::GET, "/api", None, None).await;
    assert_eq!(answer.error().0, "route_not_found");
    let answer = app.call(Method::GET, "/nothing-here", None, None).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(!answer.text.starts_with('{'));
    assert!(
        answer.text.starts_with("<!DOCTYPE html>"),
        "{}",
        answer.text
    );
}

#[tokio::test]
async fn a_wrong_method_on_an_api_route_answers_the_json_405() {
    let app = spawn_app().await;
    let answer = app
        .call(Method::DELETE, "/api/v1/documents", None, None)
        .await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(answer.error().0, "method_not_allowed");
}

#[tokio::test]
async fn a_body_over_the_limit_answers_413_in_the_error_shape_with_or_without_content_length() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    let big = format!(
        r#"{{"kind": "vacation", "padding": "{}"}}"#,
        "x".repeat(300 * 1024)
    );
    let answer = app
        .call(Method::POST, "/api/v1/documents", Some(&token), Some(&big))
        .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.error().0, "payload_too_large");

    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/followup/compute")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, big.len())
        .body(Body::from(big))
        .unwrap();
    let answer = app.send(request).await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.error().0, "payload_too_large");
}

#[tokio::test]
async fn a_body_sent_as_something_other_than_json_answers_415() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    let request = Request::builder()
        .method(Method::POST)
        .uri("/api/v1/documents")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from("{}"))
        .unwrap();
    let answer = app.send(request).await;
    assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(answer.error().0, "unsupported_media_type");
}

#[tokio::test]
async fn no_token_or_an_unknown_token_answers_401_asking_for_a_bearer_token() {
    let app = spawn_app().await;
    let uri = format!("/api/v1/persons/{PERSON}/followup");
    for token in [None, Some("not-a-token")] {
        let answer = app.call(Method::GET, &uri, token, None).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
        assert_eq!(answer.headers[header::WWW_AUTHENTICATE], "Bearer");
        assert_eq!(answer.error(), ("unauthenticated".to_owned(), None));
    }
}

#[tokio::test]
async fn bad_path_and_query_parameters_answer_400_naming_the_parameter() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    let answer = app
        .call(
            Method::GET,
            "/api/v1/persons/15438510093/followup",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.error(),
        ("invalid_fnr".to_owned(), Some("fnr".to_owned()))
    );

    let uri = format!("/api/v1/persons/{PERSON}/followup?today=2024-02-30");
    let answer = app.call(Method::GET, &uri, Some(&token), None).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        answer.error(),
        ("invalid_parameter".to_owned(), Some("today".to_owned()))
    );

    let answer = app
        .call(
            Method::GET,
            "/api/v1/tasks?due_within_days=-3",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error().1.as_deref(), Some("due_within_days"));

    let answer = app
        .call(
            Method::GET,
            "/api/v1/tasks?assigned_to_me=yes",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(answer.error().1.as_deref(), Some("assigned_to_me"));

    let answer = app
        .call(
            Method::GET,
            "/api/v1/persons/%FF/followup",
            Some(&token),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    answer.error();
}

/// A form post from a page, as a browser sends it.
fn page_form(path: &str, cookie: &str, content_type: &str, body: String) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::COOKIE, format!("tilbake_session={cookie}"))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap()
}

fn assert_html_error_page(answer: &crate::Answer, status: StatusCode, message: &str) {
    assert_eq!(answer.status, status, "{}", answer.text);
    assert!(
        answer.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"),
        "{:?}",
        answer.headers
    );
    assert!(
        answer.text.starts_with("<!DOCTYPE html>"),
        "{}",
        answer.text
    );
    assert!(answer.text.contains(message), "{}", answer.text);
}

#[tokio::test]
async fn a_page_form_over_the_limit_answers_the_html_413_page_with_a_plain_message() {
    let app = spawn_app().await;
    app.add_user("ola", tilbake_domain::access::Role::Worker, PERSON)
        .await;
    let (cookie, csrf) = app.sign_in("ola").await;
    let body = format!(
        "csrf_token={csrf}&grantee=nils&note={}",
        "x".repeat(300 * 1024)
    );
    let answer = app
        .send(page_form(
            "/min-sykmelding/hvem-ser-meg/gi",
            &cookie,
            "application/x-www-form-urlencoded",
            body,
        ))
        .await;
    assert_html_error_page(
        &answer,
        StatusCode::PAYLOAD_TOO_LARGE,
        "Det du sendte, er for stort",
    );

    // The API keeps its JSON error for the same size.
    let token = app.system_token().await;
    let answer = app
        .call(
            Method::POST,
            "/api/v1/documents",
            Some(&token),
            Some(&"x".repeat(300 * 1024)),
        )
        .await;
    assert_eq!(answer.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(answer.error().0, "payload_too_large");
}

#[tokio::test]
async fn a_page_form_that_cannot_be_read_or_a_wrong_method_answers_an_html_page() {
    let app = spawn_app().await;
    app.add_user("ola", tilbake_domain::access::Role::Worker, PERSON)
        .await;
    let (cookie, csrf) = app.sign_in("ola").await;
    // JSON where the page takes a form.
    let mut request = page_form(
        "/min-sykmelding/hvem-ser-meg/gi",
        &cookie,
        "application/json",
        r#"{"grantee": "nils"}"#.to_owned(),
    );
    request
        .headers_mut()
        .insert("x-csrf-token", csrf.parse().unwrap());
    let answer = app.send(request).await;
    assert_html_error_page(
        &answer,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "Vi kunne ikke lese det du sendte",
    );

    // A method the page does not take.
    let request = Request::builder()
        .method(Method::DELETE)
        .uri("/min-sykmelding")
        .header("accept-language", "en")
        .body(Body::empty())
        .unwrap();
    let answer = app.send(request).await;
    assert_eq!(answer.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(answer.headers.contains_key(header::ALLOW));
    assert!(
        answer.text.starts_with("<!DOCTYPE html>"),
        "{}",
        answer.text
    );
}
