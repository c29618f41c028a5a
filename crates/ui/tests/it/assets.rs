//! The stylesheet: served from the binary, versioned, cacheable.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};

use crate::spawn_app;

#[tokio::test]
async fn the_stylesheet_is_css_cached_by_version_and_answers_304_to_its_etag() {
    let app = spawn_app().await;
    let page = app.get("/login", &[]).await;
    let href = page
        .text
        .split("<link rel=\"stylesheet\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    assert!(href.starts_with("/static/tilbake.css?v="), "{href}");

    let answer = app.get(&href, &[]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );
    assert_eq!(
        answer.headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(answer.text, tilbake_ui::STYLESHEET);
    assert!(answer.text.contains("#0067c5") && answer.text.contains(":focus-visible"));
    let etag = answer.headers[header::ETAG].to_str().unwrap().to_owned();

    let unversioned = app.get("/static/tilbake.css", &[]).await;
    assert_eq!(
        unversioned.headers[header::CACHE_CONTROL],
        "public, max-age=300"
    );

    let request = Request::builder()
        .uri("/static/tilbake.css")
        .header(header::IF_NONE_MATCH, &etag)
        .body(Body::empty())
        .unwrap();
    let again = app.send(request).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.text.is_empty());
}

#[tokio::test]
async fn the_plan_hint_script_is_javascript_from_the_binary_and_cached_by_version() {
    let app = spawn_app().await;
    let answer = app.get("/static/plan-hint.js", &[]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.headers[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(answer.text, tilbake_ui::PLAN_HINT_SCRIPT);
    assert_eq!(answer.headers[header::CACHE_CONTROL], "public, max-age=300");
}

#[tokio::test]
async fn pages_are_not_cached_and_carry_a_strict_content_security_policy() {
    let app = spawn_app().await;
    let answer = app.get("/login", &[]).await;
    assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");
    assert_eq!(answer.headers[header::REFERRER_POLICY], "no-referrer");
    let policy = answer.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"));
}
