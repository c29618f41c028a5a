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

/// Signs in through the form, with these cookies, and returns the answer
/// and the new cookies (`name=value`): the session's, then the CSRF token's.
async fn sign_in_with(
    app: &crate::TestApp,
    extra: &str,
    cookies: &[&str],
) -> (crate::Answer, String, String) {
    let form = format!(
        "from_page=1&username=ola&password={}{extra}",
        PASSWORD.replace(' ', "+")
    );
    let answer = app.post_form("/login", &form, cookies).await;
    let cookie = |name: &str| {
        answer
            .set_cookies()
            .into_iter()
            .find(|cookie| cookie.starts_with(name))
            .map(|cookie| cookie.split(';').next().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (session, csrf) = (cookie("tilbake_session="), cookie("tilbake_csrf="));
    (answer, session, csrf)
}

const REQUEST_FORM: &str = "/min-sykmelding/plan-og-moter/be-om";
const REASON: &str = "Vil+snakke+om+mindre+l%C3%B8fting";

#[tokio::test]
async fn a_form_sent_after_the_session_ended_is_sent_on_after_signing_in_again() {
    let app = spawn_app().await;
    let (first, _, csrf_cookie) = sign_in_with(&app, "", &[]).await;
    assert_eq!(first.location(), "/");
    assert!(
        first
            .set_cookies()
            .iter()
            .any(|cookie| cookie.starts_with("tilbake_csrf=") && cookie.contains("Max-Age=129600")),
        "the CSRF cookie outlives the 12-hour session by a day: {:?}",
        first.set_cookies()
    );
    let csrf = csrf_cookie.trim_start_matches("tilbake_csrf=").to_owned();

    // The session has ended (its cookie is gone); the CSRF cookie is still there.
    let form = format!("csrf_token={csrf}&meeting=3&reason={REASON}");
    let ended = app.post_form(REQUEST_FORM, &form, &[&csrf_cookie]).await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER);
    let to_sign_in = ended.location().to_owned();
    assert!(
        to_sign_in.starts_with("/login?neste=%2Fmin-sykmelding%2Fplan-og-moter%2Fbe-om&skjema="),
        "{to_sign_in}"
    );
    assert!(!to_sign_in.contains("l%C3%B8fting") && !to_sign_in.contains("snakke"));
    assert_eq!(app.state.kept_forms.len(), 1);
    let key = to_sign_in.rsplit_once("skjema=").unwrap().1.to_owned();

    let page = app.get(&to_sign_in, &[&csrf_cookie]).await;
    let html = page.page();
    assert!(html.contains(&format!(
        "<input type=\"hidden\" name=\"skjema\" value=\"{key}\">"
    )));
    assert!(html.contains("name=\"neste\" value=\"/min-sykmelding/plan-og-moter/be-om\""));
    assert!(html.contains("Det du skrev er tatt vare på"), "{html}");
    assert!(
        !html.contains("snakke om mindre"),
        "the text is not in the page"
    );

    // Another browser (another CSRF cookie) cannot take it over: it just signs in.
    let (elsewhere, _, _) = sign_in_with(
        &app,
        &format!("&neste=%2Fmin-sykmelding&skjema={key}"),
        &["tilbake_csrf=someone-else"],
    )
    .await;
    assert_eq!(elsewhere.location(), "/min-sykmelding");
    assert!(app.state.kept_forms.is_empty(), "a key is used once");
}

#[tokio::test]
async fn signing_in_sends_the_kept_form_and_lands_on_its_page_with_the_confirmation() {
    let app = spawn_app().await;
    let (_, _, csrf_cookie) = sign_in_with(&app, "", &[]).await;
    let csrf = csrf_cookie.trim_start_matches("tilbake_csrf=").to_owned();
    let form = format!("csrf_token={csrf}&meeting=3&reason={REASON}");
    let ended = app
        .post_form(
            REQUEST_FORM,
            &form,
            &["tilbake_session=ended", &csrf_cookie],
        )
        .await;
    let key = ended
        .location()
        .rsplit_once("skjema=")
        .unwrap()
        .1
        .to_owned();

    let (resumed, session, _) = sign_in_with(
        &app,
        &format!("&neste=%2Fmin-sykmelding%2Fplan-og-moter%2Fbe-om&skjema={key}"),
        &[&csrf_cookie],
    )
    .await;
    assert_eq!(resumed.status, StatusCode::SEE_OTHER, "{}", resumed.text);
    assert_eq!(
        resumed.location(),
        "/min-sykmelding/plan-og-moter?lagret=mote-onske#request-heading"
    );
    assert!(!session.is_empty(), "the new session's cookie comes along");
    let page = app.get("/min-sykmelding/plan-og-moter", &[&session]).await;
    assert!(page.page().contains("Vil snakke om mindre løfting"));
    assert!(app.state.kept_forms.is_empty());
}

#[tokio::test]
async fn a_form_from_elsewhere_is_never_kept_and_the_way_back_is_only_local() {
    let app = spawn_app().await;
    let (_, _, csrf_cookie) = sign_in_with(&app, "", &[]).await;
    // Another site's post carries no cookie (SameSite=Strict), or a token
    // that is not the cookie's: the sign-in page, nothing kept.
    for cookies in [vec![], vec![csrf_cookie.as_str()]] {
        let forged = app
            .post_form(
                REQUEST_FORM,
                &format!("csrf_token=guessed&meeting=3&reason={REASON}"),
                &cookies,
            )
            .await;
        assert_eq!(
            forged.location(),
            "/login?neste=%2Fmin-sykmelding%2Fplan-og-moter%2Fbe-om"
        );
    }
    assert!(app.state.kept_forms.is_empty());

    // An address that is not on this site is never gone to.
    // (Each failed sign-in under its own name: failures slow the next try.)
    for (index, elsewhere) in [
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example%2F",
        "%2F%5Cevil.example",
    ]
    .into_iter()
    .enumerate()
    {
        let (answer, _, _) = sign_in_with(&app, &format!("&neste={elsewhere}"), &[]).await;
        assert_eq!(answer.location(), "/", "{elsewhere}");
        let page = app.get(&format!("/login?neste={elsewhere}"), &[]).await;
        assert!(!page.page().contains("name=\"neste\""), "{elsewhere}");
        let failed = app
            .post_form(
                "/login",
                &format!("from_page=1&username=nobody{index}&password=wrong&neste={elsewhere}"),
                &[],
            )
            .await;
        assert!(!failed.page().contains("name=\"neste\""), "{elsewhere}");
    }
    // A page asked for without a session leads back to it after signing in.
    let anonymous = app.get("/min-sykmelding/plan-og-moter?lang=en", &[]).await;
    assert_eq!(
        anonymous.location(),
        "/login?neste=%2Fmin-sykmelding%2Fplan-og-moter%3Flang%3Den"
    );
    let (back, _, _) = sign_in_with(
        &app,
        "&neste=%2Fmin-sykmelding%2Fplan-og-moter%3Flang%3Den",
        &[],
    )
    .await;
    assert_eq!(back.location(), "/min-sykmelding/plan-og-moter?lang=en");
}
