//! "Innloggingene dine": the signed-in user's sessions, and "log out
//! everywhere".

use axum::http::StatusCode;

use crate::csrf_of;
use crate::spawn_app;

const SESSIONS: &str = "/innlogginger";
const EVERYWHERE: &str = "/innlogginger/logg-ut-overalt";

#[tokio::test]
async fn the_page_lists_the_user_s_sessions_and_marks_this_one_reached_from_the_header() {
    let app = spawn_app().await;
    let laptop = app.sign_in("kari").await;
    let phone = app.sign_in("kari").await;
    let _someone_else = app.sign_in("per").await;

    // The header of any page links to the sessions.
    let queue = app.get("/benken", &[&laptop]).await;
    assert!(
        queue
            .page()
            .contains(r#"href="/innlogginger">Innlogginger</a>"#),
        "{}",
        queue.text
    );

    let answer = app.get(SESSIONS, &[&laptop]).await;
    assert_eq!(answer.status, StatusCode::OK);
    let html = answer.page();
    assert!(html.contains("<h1>Innloggingene dine</h1>"), "{html}");
    assert!(html.contains("Du er logget inn 2 steder."), "{html}");
    assert_eq!(html.matches("Denne nettleseren").count(), 1, "{html}");
    assert_eq!(
        html.matches("En annen nettleser eller enhet").count(),
        1,
        "{html}"
    );
    assert_eq!(html.matches("aria-current=\"true\"").count(), 1);

    let english = app.get(&format!("{SESSIONS}?lang=en"), &[&phone]).await;
    let html = english.page();
    assert!(html.contains("<h1>Your sessions</h1>"), "{html}");
    assert!(html.contains("Log out everywhere"), "{html}");
}

#[tokio::test]
async fn log_out_everywhere_ends_every_session_of_the_user_and_only_theirs() {
    let app = spawn_app().await;
    let laptop = app.sign_in("kari").await;
    let phone = app.sign_in("kari").await;
    let colleague = app.sign_in("per").await;

    let html = app.get(SESSIONS, &[&laptop]).await.text;
    let form = format!("csrf_token={}", csrf_of(&html));
    let answer = app.post_form(EVERYWHERE, &form, &[&laptop]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    assert_eq!(answer.location_path(), "/login");

    for ended in [&laptop, &phone] {
        let again = app.get(SESSIONS, &[ended]).await;
        assert_eq!(again.status, StatusCode::SEE_OTHER);
        assert_eq!(again.location_path(), "/login");
    }
    assert_eq!(
        app.get(SESSIONS, &[&colleague]).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn log_out_everywhere_without_the_csrf_token_ends_nothing() {
    let app = spawn_app().await;
    let laptop = app.sign_in("kari").await;
    let answer = app
        .post_form(EVERYWHERE, "csrf_token=wrong", &[&laptop])
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.location_path(), "/login");
    assert_eq!(app.get(SESSIONS, &[&laptop]).await.status, StatusCode::OK);
}
