//! The organiser moves or cancels an invitation: the invitees are told and,
//! for a move, asked again; a cancelled meeting 2 is to be prepared again.

use axum::http::StatusCode;
use tilbake_domain::tasks::TaskKind;

use crate::casework::open_tasks;
use crate::notifications::deliver;
use crate::post_from as post;
use crate::{spawn_app, TestApp, PERSON};

const MINE: &str = "/min-sykmelding/plan-og-moter";

/// Whether NAV's "prepare meeting 2" task of the person is open.
async fn preparation_open(app: &TestApp) -> bool {
    open_tasks(app, "kari", TaskKind::PrepareDialogueMeeting2).await == 1
}

/// The ids of the invitations a page offers a form for, in page order.
fn invitation_ids(html: &str) -> Vec<String> {
    html.split("name=\"invitation\" value=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn nav_moves_then_cancels_meeting_2_and_the_invitees_are_told_and_asked_again() {
    let app = spawn_app().await;
    let kari = app.sign_in("kari").await;
    let mona = app.sign_in("mona").await;
    let ola = app.sign_in("ola").await;
    let meetings = format!("{}/moter", app.person_path(PERSON).await);
    assert!(preparation_open(&app).await);

    let answer = post(
        &app,
        &kari,
        &meetings,
        &format!("{meetings}/innkalling"),
        &[
            ("meeting", "2"),
            ("at", "2024-06-10T10:00"),
            ("place", "NAV-kontoret"),
            ("participants", "worker"),
            ("participants", "manager"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    assert!(!preparation_open(&app).await);
    let answer = post(
        &app,
        &ola,
        MINE,
        &format!("{MINE}/svar"),
        &[
            (
                "invitation",
                &invitation_ids(&app.get(MINE, &[&ola]).await.text)[0],
            ),
            ("answer", "accept"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    deliver(&app).await;

    // NAV is offered to move or cancel it; the manager (invited) is not.
    let html = app.get(&meetings, &[&kari]).await;
    let html = html.page();
    assert!(html.contains("Flytte eller avlyse dialogmøte 2"), "{html}");
    let first = invitation_ids(html)[0].clone();
    assert!(!app
        .get(&meetings, &[&mona])
        .await
        .text
        .contains("Flytte eller avlyse"));

    // Not to a day already past.
    let moved = post(
        &app,
        &kari,
        &meetings,
        &format!("{meetings}/flytt"),
        &[
            ("invitation", &first),
            ("at", "31.05.2024 10:00"),
            ("place", "NAV-kontoret"),
        ],
    )
    .await;
    assert_eq!(moved.status, StatusCode::BAD_REQUEST, "{}", moved.text);
    assert!(
        moved.page().contains("href=\"#move-0-at\""),
        "{}",
        moved.text
    );
    assert!(moved.page().contains("Denne dagen har vært."));

    let moved = post(
        &app,
        &kari,
        &meetings,
        &format!("{meetings}/flytt"),
        &[
            ("invitation", &first),
            ("at", "12.06.2024 09:00"),
            ("place", "NAV-kontoret, rom 5"),
            ("message", "Veilederen er på kurs den 10."),
        ],
    )
    .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.text);
    assert_eq!(
        moved.location(),
        format!("{meetings}?lagret=flyttet#invitations-heading")
    );
    let html = app
        .get(
            &moved.location().replace("#invitations-heading", ""),
            &[&kari],
        )
        .await;
    let html = html.page();
    assert!(
        html.contains("Møtet er flyttet. De inviterte har fått beskjed"),
        "{html}"
    );
    assert!(
        html.contains("Møtet er flyttet til 12. juni 2024"),
        "{html}"
    );
    assert!(html.contains("Flyttet fra 10. juni 2024"), "{html}");
    assert!(
        !preparation_open(&app).await,
        "the new invitation prepares it"
    );

    // The worker is asked again: only the new invitation has an answer form.
    let mine = app.get(MINE, &[&ola]).await;
    let ids = invitation_ids(mine.page());
    assert_eq!(ids.len(), 1, "{}", mine.text);
    assert_ne!(ids[0], first);
    assert!(mine.page().contains("Veilederen er på kurs den 10."));
    deliver(&app).await;
    for session in [&ola, &mona] {
        let told = app.get("/varsler", &[session]).await;
        assert!(
            told.page()
                .contains("Et dialogmøte du er innkalt til, er flyttet eller avlyst"),
            "{}",
            told.text
        );
    }

    // The manager may not cancel NAV's meeting; NAV must say why.
    let second = ids[0].clone();
    let refused = post(
        &app,
        &mona,
        &meetings,
        &format!("{meetings}/avlys"),
        &[("invitation", &second), ("reason", "Passer ikke")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let empty = post(
        &app,
        &kari,
        &meetings,
        &format!("{meetings}/avlys"),
        &[("invitation", &second), ("reason", "")],
    )
    .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{}", empty.text);
    // The second invitation on the page (the first was moved).
    assert!(
        empty.page().contains("href=\"#cancel-1-reason\""),
        "{}",
        empty.text
    );

    let cancelled = post(
        &app,
        &kari,
        &meetings,
        &format!("{meetings}/avlys"),
        &[
            ("invitation", &second),
            ("reason", "Arbeidstakeren er tilbake i full jobb"),
        ],
    )
    .await;
    assert_eq!(
        cancelled.status,
        StatusCode::SEE_OTHER,
        "{}",
        cancelled.text
    );
    let html = app.get(&meetings, &[&kari]).await;
    let html = html.page();
    assert!(
        html.contains("Møtet ble avlyst 1. juni 2024: Arbeidstakeren er tilbake i full jobb"),
        "{html}"
    );
    assert!(
        !html.contains("Flytte eller avlyse"),
        "nothing stands to move: {html}"
    );
    assert!(
        preparation_open(&app).await,
        "meeting 2 is to be prepared again"
    );
    let mine = app.get(MINE, &[&ola]).await;
    assert!(invitation_ids(mine.page()).is_empty(), "{}", mine.text);
    assert!(mine
        .page()
        .contains("Arbeidstakeren er tilbake i full jobb"));
}
