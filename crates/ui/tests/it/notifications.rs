//! The bell, "Varsler" and the choice of e-mails: a party is told of what
//! waits for it, only what its own view shows, and the list marks them read.

use axum::http::StatusCode;
use tilbake_domain::events::EmailChoice;

use crate::{csrf_of, spawn_app, today, PERSON};

const NOTIFICATIONS: &str = "/varsler";
const SETTINGS: &str = "/varsler/innstillinger";

/// Numbers the outbox's events and turns them into notifications, as the
/// service's delivery loop does.
pub(crate) async fn deliver(app: &crate::TestApp) {
    app.store.sequence_events(u32::MAX, 1).await.unwrap();
    app.store.notify(10_000, today(), 1).await.unwrap();
}

#[tokio::test]
async fn an_invited_worker_sees_the_bell_count_and_the_list_marks_it_read() {
    let app = spawn_app().await;
    let ola = app.sign_in("ola").await;
    let kari = app.sign_in("kari").await;
    let invitation = format!(
        r#"{{"kind": "meeting_invitation", "id": "inv-1", "person": "{PERSON}", "meeting": 1,
            "at": "2024-06-10T09:00", "place": "Kantina", "video": false,
            "participants": ["worker", "manager"], "message": "Velkommen"}}"#
    );
    app.post_documents(&[invitation]).await;
    deliver(&app).await;

    // The header of any page shows the unread count with an accessible name.
    let home = app.get("/min-sykmelding", &[&ola]).await;
    let html = home.page();
    assert!(html.contains(r#"aria-label="Varsler, 1 uleste""#), "{html}");
    assert!(
        html.contains(r#"<span class="badge badge--soon" aria-hidden="true">1</span>"#),
        "{html}"
    );

    let list = app.get(NOTIFICATIONS, &[&ola]).await;
    assert_eq!(list.status, StatusCode::OK);
    let html = list.page();
    assert!(html.contains("<h1>Varslene dine</h1>"), "{html}");
    assert!(html.contains("Du er innkalt til et dialogmøte"), "{html}");
    assert!(
        html.contains(r#"href="/min-sykmelding/plan-og-moter""#),
        "{html}"
    );
    assert!(html.contains(">Ny</span>"), "{html}");
    assert!(html.contains(r#"aria-label="Varsler, 0 uleste""#), "{html}");
    // Read now: no longer new, and the bell is quiet.
    let again = app.get(&format!("{NOTIFICATIONS}?lang=en"), &[&ola]).await;
    let html = again.page();
    assert!(
        html.contains("You are invited to a dialogue meeting"),
        "{html}"
    );
    assert!(!html.contains(">New</span>"), "{html}");

    // NAV was not invited to meeting 1: nothing for the caseworker.
    let html = app.get(NOTIFICATIONS, &[&kari]).await.text;
    assert!(html.contains("Du har ingen varsler."), "{html}");
}

#[tokio::test]
async fn the_settings_page_saves_the_choice_of_e_mails_and_refuses_nonsense() {
    let app = spawn_app().await;
    let mona = app.sign_in("mona").await;
    let page = app.get(SETTINGS, &[&mona]).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.page().to_owned();
    assert!(
        html.contains("Du har ikke registrert e-postadresse"),
        "{html}"
    );
    assert!(
        html.contains(r#"id="email-each" name="email" type="radio" value="each" checked"#),
        "{html}"
    );
    let csrf = csrf_of(&html);

    let saved = app
        .post_form(
            SETTINGS,
            &format!("csrf_token={csrf}&email=digest&lang=en"),
            &[&mona],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert_eq!(saved.location(), "/varsler/innstillinger?lagret");
    let html = app
        .get("/varsler/innstillinger?lagret", &[&mona])
        .await
        .text;
    assert!(html.contains("Valget ditt er lagret."), "{html}");
    assert!(html.contains(r#"value="digest" checked"#), "{html}");
    assert!(html.contains(r#"value="en" checked"#), "{html}");

    let refused = app
        .post_form(
            SETTINGS,
            &format!("csrf_token={csrf}&email=often&lang=en"),
            &[&mona],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.page().contains("Velg et av valgene."));
    let actor = app
        .store
        .user_by_username("mona")
        .await
        .unwrap()
        .unwrap()
        .actor;
    let settings = app.store.notification_settings(&actor).await.unwrap();
    assert_eq!(settings.choice, EmailChoice::Digest);

    // Without the CSRF token nobody is signed in for a change: nothing changes.
    let forged = app
        .post_form(SETTINGS, "email=none&lang=nb", &[&mona])
        .await;
    assert_eq!(forged.location_path(), "/login");
    assert_eq!(
        app.store
            .notification_settings(&actor)
            .await
            .unwrap()
            .choice,
        EmailChoice::Digest
    );
}

#[tokio::test]
async fn the_notification_pages_need_a_sign_in() {
    let app = spawn_app().await;
    for path in [NOTIFICATIONS, SETTINGS] {
        let answer = app.get(path, &[]).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(answer.location_path(), "/login");
    }
}
