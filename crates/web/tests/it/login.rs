//! Login, logout, session cookies, throttling and CSRF.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use tilbake_domain::access::Role;

use tilbake_web::WebConfig;

use crate::{spawn_app, Answer, TestApp, PERSON};

fn set_cookies(answer: &Answer) -> Vec<String> {
    answer
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap().to_owned())
        .collect()
}

fn session_cookie(answer: &Answer) -> String {
    set_cookies(answer)
        .into_iter()
        .find(|cookie| cookie.starts_with("tilbake_session="))
        .unwrap()
}

#[tokio::test]
async fn the_right_password_sets_a_strict_http_only_session_cookie_and_redirects_to_the_start() {
    let app = spawn_app().await;
    app.add_user("kari", Role::Caseworker, "0301").await;
    let answer = app.login("kari", crate::PASSWORD, &[]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.headers[header::LOCATION], "/");
    let cookie = session_cookie(&answer);
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain HTTP without a proxy: {cookie}"
    );
    assert!(set_cookies(&answer)
        .iter()
        .any(|cookie| cookie.starts_with("tilbake_csrf=")));
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_a_proxy_says_the_request_came_over_https() {
    let app = spawn_app().await;
    app.add_user("kari", Role::Caseworker, "0301").await;
    let answer = app
        .login("kari", crate::PASSWORD, &[("x-forwarded-proto", "https")])
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert!(session_cookie(&answer).contains("; Secure"));
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_user_get_the_same_401() {
    let app = spawn_app().await;
    app.add_user("kari", Role::Caseworker, "0301").await;
    let wrong_password = app.login("kari", "guess", &[]).await;
    let unknown_user = app.login("nobody", "guess", &[]).await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown_user.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.text, unknown_user.text);
    assert_eq!(wrong_password.error().0, "invalid_credentials");
    assert!(set_cookies(&wrong_password).is_empty());
}

const STRANGER: (&str, &str) = ("x-forwarded-for", "198.51.100.7");
const REAL_USER: (&str, &str) = ("x-forwarded-for", "192.0.2.10");

/// An app that takes the client address from `X-Forwarded-For`, so that
/// tests can come from several addresses.
async fn app_behind_a_proxy() -> TestApp {
    crate::spawn_app_with(WebConfig {
        trust_forwarded_for: true,
        ..WebConfig::default()
    })
    .await
}

#[tokio::test]
async fn after_three_failures_the_next_attempt_from_that_address_waits_429_with_retry_after() {
    let app = app_behind_a_proxy().await;
    app.add_user("kari", Role::Caseworker, "0301").await;
    for _ in 0..3 {
        assert_eq!(
            app.login("kari", "guess", &[STRANGER]).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // The test clock stands still, so the wait never passes here.
    let blocked = app.login("kari", crate::PASSWORD, &[STRANGER]).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(blocked.error().0, "too_many_attempts");
    assert_eq!(blocked.headers[header::RETRY_AFTER], "1");
    assert!(blocked.text.contains("1 seconds"), "{}", blocked.text);

    // An unknown user is answered the same way.
    for _ in 0..3 {
        app.login("nobody", "guess", &[STRANGER]).await;
    }
    let unknown_blocked = app.login("nobody", "guess", &[STRANGER]).await;
    assert_eq!(unknown_blocked.text, blocked.text);
}

#[tokio::test]
async fn a_stranger_s_failures_from_another_address_do_not_lock_the_real_user_out() {
    let app = app_behind_a_proxy().await;
    app.add_user("kari", Role::Caseworker, "0301").await;
    for _ in 0..10 {
        app.login("kari", "guess", &[STRANGER]).await;
    }
    assert_eq!(
        app.login("kari", crate::PASSWORD, &[STRANGER]).await.status,
        StatusCode::TOO_MANY_REQUESTS
    );
    let real = app.login("kari", crate::PASSWORD, &[REAL_USER]).await;
    assert_eq!(real.status, StatusCode::SEE_OTHER, "{}", real.text);
}

#[tokio::test]
async fn the_wait_grows_with_each_failure_and_the_page_says_how_long() {
    let app = app_behind_a_proxy().await;
    app.add_user("kari", Role::Caseworker, "0301").await;
    // The test clock stands still, so eight earlier failures are written
    // into the store as if made ten minutes ago.
    let now = tilbake_web::Clock::at_noon(crate::today()).now();
    for _ in 0..8 {
        app.store
            .record_login_failure("kari", "198.51.100.7", now - 600_000, 0)
            .await
            .unwrap();
    }
    // 8 failures, 3 free: a wait of 2^5 seconds after the last, long passed ...
    let answer = app.login("kari", "guess", &[STRANGER]).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    // ... and the ninth failure at the clock's time makes the next wait 64 s.
    let page = app
        .login("kari", "guess", &[STRANGER, ("accept", "text/html")])
        .await;
    assert_eq!(page.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(page.headers[header::RETRY_AFTER], "64");
    assert!(page.text.contains("Vent 2 minutter"), "{}", page.text);
}

#[tokio::test]
async fn a_new_sign_in_in_the_same_browser_ends_the_old_session() {
    let app = spawn_app().await;
    app.add_user("kari", Role::Caseworker, "0301").await;
    let (first, _) = app.sign_in("kari").await;
    let session_of = |cookie: &str| {
        Request::builder()
            .uri("/api/v1/session")
            .header(header::COOKIE, format!("tilbake_session={cookie}"))
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(app.send(session_of(&first)).await.status, StatusCode::OK);

    let again = app
        .login(
            "kari",
            crate::PASSWORD,
            &[("cookie", &format!("tilbake_session={first}"))],
        )
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    let second = session_cookie(&again)
        .strip_prefix("tilbake_session=")
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(second, first);
    assert_eq!(
        app.send(session_of(&first)).await.status,
        StatusCode::UNAUTHORIZED,
        "the old session is over"
    );
    assert_eq!(app.send(session_of(&second)).await.status, StatusCode::OK);
}

async fn grant_consent(app: &TestApp, cookie: &str, csrf: Option<&str>) -> Answer {
    let mut request = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/v1/persons/{PERSON}/consents/nils"))
        .header(header::COOKIE, format!("tilbake_session={cookie}"));
    if let Some(csrf) = csrf {
        request = request.header("x-csrf-token", csrf);
    }
    app.send(request.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn a_change_authenticated_by_the_session_cookie_needs_the_csrf_token() {
    let app = spawn_app().await;
    app.add_user("ola", Role::Worker, PERSON).await;
    app.add_user("nils", Role::Counsellor, "").await;
    let (cookie, csrf) = app.sign_in("ola").await;

    let without = grant_consent(&app, &cookie, None).await;
    assert_eq!(without.status, StatusCode::FORBIDDEN);
    assert_eq!(without.error().0, "csrf_token_missing");
    let wrong = grant_consent(&app, &cookie, Some("not-the-token")).await;
    assert_eq!(wrong.error().0, "csrf_token_missing");

    let with = grant_consent(&app, &cookie, Some(&csrf)).await;
    assert_ne!(with.status, StatusCode::FORBIDDEN, "{}", with.text);

    // Reading needs no CSRF token.
    let request = Request::builder()
        .uri("/api/v1/session")
        .header(header::COOKIE, format!("tilbake_session={cookie}"))
        .body(Body::empty())
        .unwrap();
    let session = app.send(request).await;
    assert_eq!(session.status, StatusCode::OK);
    assert_eq!(session.json()["role"], "worker");
    assert_eq!(session.json()["csrf_token"], csrf.as_str());
}

#[tokio::test]
async fn logout_needs_the_csrf_token_as_form_field_and_ends_the_session() {
    let app = spawn_app().await;
    app.add_user("kari", Role::Caseworker, "0301").await;
    let (cookie, csrf) = app.sign_in("kari").await;
    let logout = |form: String| {
        Request::builder()
            .method(Method::POST)
            .uri("/logout")
            .header(header::COOKIE, format!("tilbake_session={cookie}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
            .unwrap()
    };
    assert_eq!(
        app.send(logout(String::new())).await.status,
        StatusCode::FORBIDDEN
    );
    let answer = app.send(logout(format!("csrf_token={csrf}"))).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert!(session_cookie(&answer).contains("Max-Age=0"));

    let request = Request::builder()
        .uri("/api/v1/session")
        .header(header::COOKIE, format!("tilbake_session={cookie}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::UNAUTHORIZED);
}
