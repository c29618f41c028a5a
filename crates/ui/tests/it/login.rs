//! The sign-in page and what a failed sign-in answers a browser with.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

use crate::{spawn_app, PASSWORD};

#[tokio::test]
async fn the_sign_in_form_has_labels_and_autocomplete_and_posts_to_login() {
    let app = spawn_app().await;
    let answer = app.get("/login", &[]).await;
    assert_eq!(answer.status, StatusCode::OK);
    let html = answer.page();
    assert!(html.contains("<form class=\"form\" method=\"post\" action=\"/login\">"));
    assert!(html.contains("<input type=\"hidden\" name=\"from_page\" value=\"1\">"));
    assert!(html.contains("<label class=\"field__label\" for=\"username\">Brukernavn</label>"));
    assert!(html.contains("autocomplete=\"username\""));
    assert!(html.contains("autocomplete=\"current-password\""));
    assert!(!html.contains("aria-invalid"));
}

#[tokio::test]
async fn a_failed_sign_in_keeps_the_username_and_ties_one_message_to_the_fields() {
    let app = spawn_app().await;
    let wrong_password = app
        .post_form("/login", "from_page=1&username=kari&password=guess", &[])
        .await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    let html = wrong_password.page();
    assert!(html.contains("value=\"kari\""), "{html}");
    assert!(html.contains("<p class=\"error-message\" id=\"login-error\">Brukernavnet eller passordet er feil. Prøv igjen.</p>"));
    assert_eq!(html.matches("aria-describedby=\"login-error\"").count(), 2);
    assert_eq!(html.matches("aria-invalid=\"true\"").count(), 2);
    assert!(html.contains("<title>Feil: Logg inn – tilbake</title>"));
    assert!(
        !html.contains(PASSWORD) && !html.contains("guess"),
        "the password is never sent back"
    );
    assert!(wrong_password.set_cookies().is_empty());

    // An unknown user gets exactly the same page, but for the name typed.
    let unknown_user = app
        .post_form("/login", "from_page=1&username=kxri&password=guess", &[])
        .await;
    assert_eq!(unknown_user.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        unknown_user.text.replace("kxri", "kari"),
        wrong_password.text
    );
}

#[tokio::test]
async fn what_was_typed_is_escaped_and_the_message_follows_the_chosen_language() {
    let app = spawn_app().await;
    let answer = app
        .post_form(
            "/login",
            "from_page=1&username=%22%3E%3Cscript%3Ex%3C%2Fscript%3E&password=x",
            &["tilbake_lang=en"],
        )
        .await;
    let html = answer.page();
    assert!(
        html.contains("value=\"&#34;&#62;&#60;script&#62;x&#60;/script&#62;\""),
        "{html}"
    );
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("The username or the password is wrong."));
}

#[tokio::test]
async fn a_browser_gets_the_page_and_a_script_keeps_the_json_error() {
    let app = spawn_app().await;
    let request = Request::builder()
        .method(Method::POST)
        .uri("/login")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8")
        .body(Body::from("username=kari&password=guess"))
        .unwrap();
    let browser = app.send(request).await;
    assert_eq!(browser.status, StatusCode::UNAUTHORIZED);
    browser.page();

    let script = app
        .post_form("/login", "username=kari&password=guess", &[])
        .await;
    assert_eq!(script.status, StatusCode::UNAUTHORIZED);
    assert!(
        script.text.contains("\"invalid_credentials\""),
        "{}",
        script.text
    );
}

#[tokio::test]
async fn too_many_failures_say_how_long_to_wait_on_the_page_with_429_and_retry_after() {
    let app = spawn_app().await;
    for _ in 0..3 {
        app.post_form("/login", "from_page=1&username=kari&password=guess", &[])
            .await;
    }
    let blocked = app
        .post_form("/login", "from_page=1&username=kari&password=guess", &[])
        .await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(blocked.headers["retry-after"], "1");
    assert!(blocked
        .page()
        .contains("flere forsøk som ikke lyktes. Vent ett sekund og prøv igjen"));
}

#[tokio::test]
async fn signing_in_from_the_page_leads_to_the_role_s_page_and_the_form_is_skipped_when_signed_in()
{
    let app = spawn_app().await;
    let session = app.sign_in("kari").await;
    let again = app.get("/login", &[&session]).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(again.location(), "/");
    assert_eq!(app.get("/", &[&session]).await.location(), "/benken");
}
