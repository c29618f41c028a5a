//! The caseworker's work queue (benken).

use axum::http::StatusCode;
use tilbake_domain::access::Role;

use crate::spawn_app;

/// The table rows of a queue page, each as its HTML.
fn rows(html: &str) -> Vec<&str> {
    let Some(body) = html.split("<tbody>").nth(1) else {
        return Vec::new();
    };
    let body = body.split("</tbody>").next().unwrap();
    body.split("<tr>").skip(1).collect()
}

#[tokio::test]
async fn the_queue_lists_the_unit_s_tasks_overdue_first_with_counts() {
    let app = spawn_app().await;
    let session = app.sign_in("kari").await;
    let answer = app.get("/benken", &[&session]).await;
    assert_eq!(answer.status, StatusCode::OK);
    let html = answer.page();
    assert!(html.contains("<h1>Oppgaver for NAV Oslo</h1>"), "{html}");
    assert!(html.contains("Oversikt: 4 åpne oppgaver"));

    let rows = rows(html);
    assert_eq!(rows.len(), 4, "{html}");
    let first = rows[0];
    assert!(
        first.contains(&format!(
            "<a href=\"{}\">Fødselsnummer 154385 10092 (navnet er ikke kjent ennå)</a>",
            app.person_path(crate::PERSON).await
        )),
        "{first}"
    );
    assert!(first.contains("Vurdere aktivitetskravet"));
    assert!(first.contains("<time datetime=\"2024-05-26\">26. mai 2024</time>"));
    assert!(first.contains("6 dager over fristen"));
    assert!(first.contains("badge badge--overdue"));
    assert!(rows[1].contains("410180 12365") && rows[1].contains("8 dager igjen"));
    assert!(rows[1].contains("badge--soon"));
    assert!(rows[2].contains("Forberede dialogmøte 2") && rows[2].contains("badge--later"));

    let count = |class: &str| {
        html.split(&format!("count {class}\">"))
            .nth(1)
            .and_then(|rest| rest.split("<span class=\"count__number\">").nth(1))
            .and_then(|rest| rest.split('<').next())
            .unwrap()
            .to_owned()
    };
    assert_eq!(count("count--overdue"), "1");
    assert_eq!(count("count--soon"), "1");
    assert_eq!(count("count--later"), "2");
    assert!(html.contains("Frist innen 14 dager"));
    assert!(html.contains(
        "<a href=\"/benken?kind=activity_requirement\">Vurdere aktivitetskravet</a><span class=\"kind-counts__number\">2</span>"
    ));
    // Employer tasks are not in NAV's queue, not even as a filter.
    assert!(!html.contains("value=\"follow_up_plan\""));
}

#[tokio::test]
async fn the_filters_narrow_the_list_but_not_the_counts() {
    let app = spawn_app().await;
    let session = app.sign_in("kari").await;
    let by_kind = app
        .get("/benken?kind=prepare_dialogue_meeting_2", &[&session])
        .await;
    let html = by_kind.page();
    assert_eq!(rows(html).len(), 2);
    assert!(html.contains("Viser 1–2 av 2 oppgaver som passer (kontoret har 4 åpne)."));
    assert!(html.contains("<option value=\"prepare_dialogue_meeting_2\" selected>"));
    // The filter in use is said above the rows, with a way to remove it.
    assert!(
        html.contains("Filtrert på:</strong> <span class=\"tag\">Forberede dialogmøte 2</span>"),
        "{html}"
    );

    // The summary's cards are filters.
    assert!(
        html.contains("href=\"/benken?kind=prepare_dialogue_meeting_2&#38;urgency=overdue\""),
        "{html}"
    );
    let overdue = app.get("/benken?urgency=overdue", &[&session]).await;
    let html = overdue.page();
    assert_eq!(rows(html).len(), 1, "{html}");
    assert!(html.contains("aria-current=\"true\""), "{html}");

    // Search by a part of the identity number (posted: never in the
    // address), and sort by a column.
    let all_rows = rows(app.get("/benken", &[&session]).await.page()).len();
    let ignored = app.get("/benken?q=4101", &[&session]).await;
    assert_eq!(rows(ignored.page()).len(), all_rows);
    let found = crate::post_from(&app, &session, "/benken", "/benken", &[("q", "4101")]).await;
    let html = found.page();
    assert!(
        !rows(html).is_empty() && rows(html).iter().all(|row| row.contains("410180")),
        "{html}"
    );
    // Letters search the names; these persons have none in the register yet.
    let by_name = crate::post_from(&app, &session, "/benken", "/benken", &[("q", "Kari")]).await;
    assert_eq!(by_name.status, StatusCode::OK);
    assert!(rows(by_name.page()).is_empty());
    let sorted = app.get("/benken?sort=-person", &[&session]).await;
    let html = sorted.page();
    assert!(html.contains("aria-sort=\"descending\""), "{html}");
    let persons: Vec<&str> = rows(html)
        .iter()
        .map(|row| {
            row.split("Fødselsnummer ")
                .nth(1)
                .and_then(|rest| rest.split(" (").next())
                .unwrap_or("")
        })
        .collect();
    let mut expected = persons.clone();
    expected.sort_unstable();
    expected.reverse();
    assert_eq!(persons, expected);

    let due_soon = app.get("/benken?due_within_days=14", &[&session]).await;
    let html = due_soon.page();
    assert_eq!(rows(html).len(), 2, "overdue and due within 14 days");
    assert!(html.contains("value=\"14\""));

    let nothing = app
        .get(
            "/benken?kind=benefit_end_notice&due_within_days=0",
            &[&session],
        )
        .await;
    assert!(nothing
        .page()
        .contains("Ingen åpne oppgaver passer med filtrene."));
}

#[tokio::test]
async fn a_filter_that_cannot_be_used_keeps_what_was_typed_and_says_why_at_the_field() {
    let app = spawn_app().await;
    let session = app.sign_in("kari").await;
    let answer = app
        .get(
            "/benken?due_within_days=to+uker&kind=activity_requirement",
            &[&session],
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let html = answer.page();
    assert!(html.contains("value=\"to uker\""), "{html}");
    assert!(html.contains("aria-invalid=\"true\" aria-describedby=\"due-hint due-error\""));
    assert!(html.contains(
        "<p class=\"error-message\" id=\"due-error\">Skriv et helt tall fra 0 til 3660.</p>"
    ));
    assert!(
        html.contains("<a href=\"#due_within_days\">"),
        "the summary links to the field"
    );
    assert!(html.contains("<title>Feil: Oppgaver – tilbake</title>"));
    // The part that could be used still filters.
    assert_eq!(rows(html).len(), 2);
}

#[tokio::test]
async fn an_office_without_tasks_and_a_caseworker_without_an_office_are_told_so() {
    let app = spawn_app().await;
    let session = app.sign_in("per").await;
    let html = app.get("/benken", &[&session]).await.page().to_owned();
    assert!(html.contains("Kontoret har ingen åpne oppgaver nå."));
    assert!(rows(&html).is_empty());

    app.add_user("ulf", Role::Caseworker, "").await;
    let session = app.sign_in("ulf").await;
    let html = app.get("/benken", &[&session]).await.page().to_owned();
    assert!(html.contains("Du er ikke knyttet til et NAV-kontor"));
}

#[tokio::test]
async fn the_queue_in_english() {
    let app = spawn_app().await;
    let session = app.sign_in("kari").await;
    let html = app
        .get("/benken?lang=en", &[&session])
        .await
        .page()
        .to_owned();
    assert!(html.contains("<h1>Work queue: tasks for NAV Oslo</h1>"));
    assert!(html.contains("6 days overdue"));
    assert!(html.contains("26 May 2024"));
    assert!(html.contains("Assess the activity requirement"));
}
