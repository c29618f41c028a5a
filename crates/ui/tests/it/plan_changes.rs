//! What the worker sees before and after they write: who reads a comment
//! (from the access policy), and what changed between two plan versions.

use axum::http::StatusCode;

use crate::post_from as post;
use crate::{spawn_app, PERSON};

const MINE: &str = "/min-sykmelding/plan-og-moter";

#[tokio::test]
async fn the_worker_sees_what_changed_between_plan_versions_marked_in_words() {
    let app = spawn_app().await;
    let mona = app.sign_in("mona").await;
    let ola = app.sign_in("ola").await;
    let plan_page = format!("{}/plan", app.person_path(PERSON).await);
    for can_do_now in ["Kasse to timer om dagen", "Kasse fire timer om dagen"] {
        let answer = post(
            &app,
            &mona,
            &plan_page,
            &plan_page,
            &[
                ("work_tasks", "Kasse og lager"),
                ("can_do_now", can_do_now),
                ("next_steps[0].what", "Se på planen igjen"),
                ("next_steps[0].who", "manager"),
                ("next_steps[0].when", "15.06.2024"),
            ],
        )
        .await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    }
    let html = app.get(MINE, &[&ola]).await;
    let html = html.page();
    assert!(html.contains("Hva er endret fra versjon 1"), "{html}");
    assert!(
        html.contains(
            "Kasse <del><span class=\"visually-hidden\">Tatt bort: </span>to</del>\
             <ins><span class=\"visually-hidden\">Lagt til: </span>fire</ins> timer om dagen"
        ),
        "{html}"
    );
    assert!(
        html.contains("Tekst som er lagt til, er understreket."),
        "{html}"
    );
    // Only what changed is listed: the work tasks were the same.
    let changes = html.split("Hva er endret fra versjon 1").nth(1).unwrap();
    let changes = changes.split("</details>").next().unwrap();
    assert!(!changes.contains("Kasse og lager"), "{changes}");

    // The manager sees the same, in English when asked.
    let html = app.get(&format!("{plan_page}?lang=en"), &[&mona]).await;
    assert!(html.page().contains("What changed since version 1"));
}

#[tokio::test]
async fn the_worker_is_told_who_reads_a_comment_before_sending_it() {
    let app = spawn_app().await;
    let mona = app.sign_in("mona").await;
    let kari = app.sign_in("kari").await;
    let ola = app.sign_in("ola").await;
    let plan_page = format!("{}/plan", app.person_path(PERSON).await);
    let answer = post(
        &app,
        &mona,
        &plan_page,
        &plan_page,
        &[("work_tasks", "Kasse"), ("can_do_now", "Kasse to timer")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    // NAV invites to meeting 2 without the GP.
    let meetings = format!("{}/moter", app.person_path(PERSON).await);
    let answer = post(
        &app,
        &kari,
        &meetings,
        &format!("{meetings}/innkalling"),
        &[
            ("meeting", "2"),
            ("at", "10.06.2024 10:00"),
            ("place", "NAV-kontoret"),
            ("participants", "worker"),
            ("participants", "manager"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);

    let html = app.get(MINE, &[&ola]).await;
    let html = html.page();
    // The plan comment reaches the manager now, the GP and NAV once shared;
    // a request every party; the answer whom the invitation went to.
    let everyone = "Lederen din, fastlegen din og NAV-veilederen din leser dette.";
    assert!(
        html.contains(&format!(
            "Skriv hva som bør endres. Må fylles ut hvis du ikke godkjenner. {everyone}"
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!("Kort om hva du ønsker hjelp med. {everyone}")),
        "{html}"
    );
    assert!(
        html.contains("For eksempel et tidspunkt som passer bedre. Lederen din og NAV-veilederen din leser dette."),
        "{html}"
    );
    // Tied to the field it is about.
    assert!(
        html.contains("aria-describedby=\"answer-0-comment-hint\""),
        "{html}"
    );

    let html = app.get(&format!("{MINE}?lang=en"), &[&ola]).await;
    assert!(html
        .page()
        .contains("Your manager and your NAV adviser will read this."));
}
