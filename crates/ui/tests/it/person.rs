//! A person's page, the manager's "Mine sykmeldte" and the GP's look-up.

use axum::http::StatusCode;
use tilbake_domain::access::{AuditAction, Role};
use tilbake_domain::identity::Fnr;

use crate::csrf_of;
use crate::{spawn_app, today, TestApp, DIAGNOSIS, GRADED_PERSON, NOBODY, PERSON};

/// The number of documents the store holds for a person, read as a caseworker.
async fn documents_of(app: &TestApp, person: &str) -> usize {
    let kari = app
        .store
        .user_by_username("kari")
        .await
        .unwrap()
        .unwrap()
        .actor;
    app.store
        .read_person(
            &kari,
            &Fnr::parse(person).unwrap(),
            AuditAction::ReadDocuments,
            "test",
            today(),
            0,
        )
        .await
        .unwrap()
        .documents
        .len()
}

/// The text of the `<td>` after a row header in the "what if" table.
fn moved_row<'a>(html: &'a str, milestone: &str) -> &'a str {
    let table = html.split("id=\"what-if-moves\"").nth(1).unwrap();
    let row = table
        .split(&format!("<th scope=\"row\">{milestone}</th>"))
        .nth(1)
        .unwrap();
    row.split("</tr>").next().unwrap()
}

#[tokio::test]
async fn the_caseworker_sees_the_timeline_the_facts_the_documents_and_the_tasks() {
    let app = spawn_app().await;
    let session = app.sign_in("kari").await;
    let answer = app.get(&app.person_path(PERSON).await, &[&session]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let html = answer.page();
    assert!(
        html.contains(
            "<h1>Oppfølging av Fødselsnummer 154385 10092 (navnet er ikke kjent ennå)</h1>"
        ),
        "{html}"
    );
    assert!(html.contains("<svg class=\"timeline\""));
    assert!(html.contains("role=\"img\" aria-labelledby=\"timeline-title\""));
    assert!(html.contains("<title id=\"timeline-title\">Tidslinje fra"));
    assert!(html.contains("tl-bar tl-grade-100"));
    assert!(html.contains("class=\"tl-today\""));
    assert!(html.contains("class=\"tl-max\""));
    // The text alternative holds the same facts.
    let facts = html.split("id=\"timeline-facts\"").nth(1).unwrap();
    assert!(facts.contains("Sykmelding"));
    assert!(facts.contains("1. april 2024 – 12. mai 2024"));
    assert!(facts.contains("Maksdato"));
    assert!(facts.contains("I dag"));
    // Documents, with the diagnosis for a caseworker.
    assert!(html.contains("<th scope=\"col\">Diagnose</th>"));
    // The code with its name, never a bare "ICPC-2 L03".
    assert!(
        html.contains(&format!("{DIAGNOSIS} Korsryggsymptomer/-plager")),
        "{html}"
    );
    assert!(!html.contains(&format!("ICPC-2 {DIAGNOSIS}")));
    assert!(html.contains("910000004"));
    // Tasks, and a decision form for each open NAV task but the activity
    // requirement, whose assessment closes it.
    assert!(html.contains("Vurdere aktivitetskravet"));
    let path = app.person_path(PERSON).await;
    assert!(html.contains(&format!("action=\"{path}/oppgave\"")));
    assert!(html.contains("name=\"task_id\" value=\"2024-04-01:prepare_dialogue_meeting_2\""));
    assert!(html.contains(&format!("action=\"{path}/aktivitetskrav\"")));
    assert!(html.contains(&format!(
        "<form class=\"filter\" method=\"get\" action=\"{path}\">"
    )));
}

#[tokio::test]
async fn a_hidden_person_a_nonexistent_one_and_other_roles_get_the_same_404() {
    let app = spawn_app().await;
    let per = app.sign_in("per").await; // another unit
    let hidden = app.get(&app.person_path(PERSON).await, &[&per]).await;
    let nonexistent = app.get(&format!("/person/{NOBODY}"), &[&per]).await;
    let malformed = app.get("/person/12345", &[&per]).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
    assert_eq!(hidden.page(), nonexistent.page());
    assert_eq!(hidden.text, malformed.text);

    for username in ["ola", "vera", "adm"] {
        let session = app.sign_in(username).await;
        let answer = app.get(&app.person_path(PERSON).await, &[&session]).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{username}");
        assert!(answer.page().contains("Vi fant ikke siden"));
    }
    let anonymous = app.get(&app.person_path(PERSON).await, &[]).await;
    assert_eq!(anonymous.location_path(), "/login");
}

#[tokio::test]
async fn the_manager_and_the_gp_see_the_person_but_the_manager_never_the_diagnosis() {
    let app = spawn_app().await;
    let mona = app.sign_in("mona").await;
    for path in [
        app.person_path(PERSON).await,
        format!("{}?lang=en", app.person_path(GRADED_PERSON).await),
    ] {
        let answer = app.get(&path, &[&mona]).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        let html = answer.page();
        assert!(
            !crate::without_csrf(html).contains(DIAGNOSIS)
                && !crate::without_csrf(html).contains("ICPC"),
            "{html}"
        );
        assert!(!html.contains("Diagnose") && !html.contains("Diagnosis"));
        // No decisions on NAV's tasks and no "what if" for a manager.
        assert!(!html.contains("/oppgave\""));
        assert!(!html.contains("name=\"until\""));
    }
    let gp = app.sign_in("dr-berg").await;
    let answer = app.get(&app.person_path(GRADED_PERSON).await, &[&gp]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert!(answer.page().contains("tl-grade-60"));
}

#[tokio::test]
async fn what_if_moves_the_max_date_and_stores_nothing() {
    let app = spawn_app().await;
    let session = app.sign_in("kari").await;
    let before = documents_of(&app, PERSON).await;
    let answer = app
        .get(
            &format!(
                "{}?until=2024-12-31&grade=10",
                app.person_path(PERSON).await
            ),
            &[&session],
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let html = answer.page();
    assert!(html.contains("Virkning av forlengelsen"), "{html}");
    assert!(html.contains("tl-bar tl-hypothetical"));
    assert!(html.contains("Tenkt forlengelse (ikke lagret)"));
    assert!(html.contains("value=\"2024-12-31\"") && html.contains("value=\"10\""));
    // Days below 20 % give no benefit (ftrl § 8-13), so the quota lasts longer.
    let max_date = moved_row(html, "Maksdato: siste dag med sykepenger");
    assert!(max_date.contains("<td>28. mars 2025</td>"), "{max_date}");
    assert!(max_date.contains("dager senere"), "{max_date}");
    assert_eq!(
        documents_of(&app, PERSON).await,
        before,
        "nothing is stored"
    );

    // At 50 % every weekday still counts: the max date stays.
    let graded = app
        .get(
            &format!(
                "{}?until=2024-12-31&grade=50&lang=en",
                app.person_path(PERSON).await
            ),
            &[&session],
        )
        .await;
    let html = graded.page();
    assert!(html.contains("Effect of the extension"));
    let max_date = moved_row(
        html,
        "Maximum date (maksdato): the last day of sickness benefit",
    );
    assert!(max_date.contains("No change"), "{max_date}");
    assert_eq!(documents_of(&app, PERSON).await, before);
}

#[tokio::test]
async fn what_if_errors_are_tied_to_their_fields_and_keep_what_was_typed() {
    let app = spawn_app().await;
    let session = app.sign_in("kari").await;
    let answer = app
        .get(
            &format!(
                "{}?until=2024-05-01&grade=150",
                app.person_path(PERSON).await
            ),
            &[&session],
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let html = answer.page();
    assert!(html.contains("<title>Feil:"));
    assert!(html.contains("Datoen må være etter dagens sluttdato, 31. juli 2024."));
    assert!(html.contains("aria-describedby=\"until-hint until-error\""));
    assert!(html.contains("aria-describedby=\"grade-hint grade-error\""));
    assert!(html.contains("value=\"2024-05-01\"") && html.contains("value=\"150\""));
    assert!(!html.contains("Virkning av forlengelsen"));

    let answer = app
        .get(
            &format!(
                "{}?until=31.12.24&grade=&lang=en",
                app.person_path(PERSON).await
            ),
            &[&session],
        )
        .await;
    let html = answer.page();
    assert!(html.contains("Write the date as DD.MM.YYYY"));
    assert!(html.contains("value=\"31.12.24\""));

    // A date years ahead would make the engine walk to it: refused, not computed.
    let answer = app
        .get(
            &format!(
                "{}?until=9999-12-31&grade=10",
                app.person_path(PERSON).await
            ),
            &[&session],
        )
        .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let html = answer.page();
    assert!(
        html.contains("Velg en dato til og med 31. juli 2027."),
        "{html}"
    );
    assert!(html.contains("value=\"9999-12-31\""));
}

#[tokio::test]
async fn a_decision_closes_the_task_and_a_missing_reason_keeps_what_was_typed() {
    let app = spawn_app().await;
    let session = app.sign_in("kari").await;
    let page = app.get(&app.person_path(PERSON).await, &[&session]).await;
    let csrf = csrf_of(page.page());
    let path = format!("{}/oppgave", app.person_path(PERSON).await);

    let missing = app
        .post_form(
            &path,
            &format!("csrf_token={csrf}&task_id=2024-04-01%3Aprepare_dialogue_meeting_2&state=not_needed&reason=+"),
            &[&session],
        )
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    let html = missing.page();
    assert!(html.contains("Skriv en begrunnelse."), "{html}");
    assert!(
        html.contains("aria-invalid=\"true\" aria-describedby=\"reason-hint-2 reason-error-2\"")
    );
    assert!(html.contains("value=\"not_needed\" checked"));

    let no_state = app
        .post_form(
            &path,
            &format!("csrf_token={csrf}&task_id=2024-04-01%3Aprepare_dialogue_meeting_2&reason=Kalt+inn+per+telefon"),
            &[&session],
        )
        .await;
    let html = no_state.page();
    assert!(html.contains("Velg gjort eller ikke nødvendig."));
    assert!(
        html.contains(">Kalt inn per telefon</textarea>"),
        "the text is kept"
    );

    let without_csrf = app
        .post_form(
            &path,
            "task_id=2024-04-01%3Aprepare_dialogue_meeting_2&state=done&reason=x",
            &[&session],
        )
        .await;
    assert_eq!(
        without_csrf.location_path(),
        "/login",
        "no change without the token"
    );

    let done = app
        .post_form(
            &path,
            &format!("csrf_token={csrf}&task_id=2024-04-01%3Aprepare_dialogue_meeting_2&state=not_needed&reason=Holdt+som+dialogm%C3%B8te+3"),
            &[&session],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.text);
    // The save leads back to the person's tasks, and says what happened.
    assert_eq!(
        done.location(),
        format!(
            "{}?lagret=oppgave#tasks-heading",
            app.person_path(PERSON).await
        )
    );
    let after = app
        .get(
            &format!("{}?lagret=oppgave", app.person_path(PERSON).await),
            &[&session],
        )
        .await;
    let html = after.page();
    assert!(html.contains("Oppgaven er oppdatert."), "{html}");
    assert!(html.contains("href=\"#tasks-heading\""), "{html}");
    assert!(html.contains("Holdt som dialogmøte 3"));
    assert!(!html.contains("value=\"2024-04-01:prepare_dialogue_meeting_2\""));

    // A manager cannot post a NAV decision.
    let mona = app.sign_in("mona").await;
    let page = app.get(&app.person_path(PERSON).await, &[&mona]).await;
    let csrf = csrf_of(page.page());
    let refused = app
        .post_form(
            &path,
            &format!("csrf_token={csrf}&task_id=2024-04-01%3Aprepare_dialogue_meeting_2&state=done&reason=x"),
            &[&mona],
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_manager_lists_employees_with_the_next_deadline() {
    let app = spawn_app().await;
    let session = app.sign_in("mona").await;
    for lang in ["nb", "en"] {
        let answer = app
            .get(&format!("/mine-sykmeldte?lang={lang}"), &[&session])
            .await;
        assert_eq!(answer.status, StatusCode::OK);
        let html = answer.page();
        assert!(
            !crate::without_csrf(html).contains(DIAGNOSIS)
                && !crate::without_csrf(html).contains("ICPC")
        );
        assert!(html.contains("aria-current=\"page\""));
        if lang == "nb" {
            assert!(html.contains("<h1>Mine sykmeldte</h1>"), "{html}");
        }
    }
    let html = app.get("/mine-sykmeldte", &[&session]).await.text;
    assert!(
        html.contains(&format!(
            "<a href=\"{}\">Fødselsnummer 154385 10092 (navnet er ikke kjent ennå)</a>",
            app.person_path(PERSON).await
        )),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<a href=\"{}\">Fødselsnummer 410180 12365 (navnet er ikke kjent ennå)</a>",
        app.person_path(GRADED_PERSON).await
    )));

    let kari = app.sign_in("kari").await;
    assert_eq!(
        app.get("/mine-sykmeldte", &[&kari]).await.status,
        StatusCode::FORBIDDEN
    );
    let _ = Role::Manager;
}

#[tokio::test]
async fn the_gp_looks_a_patient_up_by_identity_number() {
    let app = spawn_app().await;
    let session = app.sign_in("dr-berg").await;
    let form = app.get("/pasienter", &[&session]).await;
    assert_eq!(form.status, StatusCode::OK);
    let html = form.page();
    assert!(html.contains("<h1>Mine pasienter</h1>"));
    assert!(html.contains("<label class=\"field__label\" for=\"fnr\">"));

    // The number is posted, never put in the address.
    assert!(html.contains("<form class=\"filter\" method=\"post\" action=\"/pasienter\">"));
    let go = crate::post_from(
        &app,
        &session,
        "/pasienter",
        "/pasienter",
        &[("fnr", GRADED_PERSON)],
    )
    .await;
    assert_eq!(go.status, StatusCode::SEE_OTHER);
    assert_eq!(go.location(), app.person_path(GRADED_PERSON).await);
    // A number in the address is not looked up.
    let ignored = app
        .get(&format!("/pasienter?fnr={GRADED_PERSON}"), &[&session])
        .await;
    assert_eq!(ignored.status, StatusCode::OK);

    let wrong = crate::post_from(
        &app,
        &session,
        "/pasienter",
        "/pasienter?lang=en",
        &[("fnr", "1234x")],
    )
    .await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    let html = wrong.page();
    assert!(html.contains("Check that it is a valid national identity number"));
    assert!(html.contains("value=\"1234x\""));
    assert!(html.contains("aria-describedby=\"fnr-hint fnr-error\""));
}

/// The part of a page between two markers.
fn between<'a>(html: &'a str, from: &str, to: &str) -> &'a str {
    let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
    let rest = &html[start..];
    &rest[..rest.find(to).unwrap_or(rest.len())]
}

#[tokio::test]
async fn the_page_opens_with_what_needs_doing_now_most_urgent_first_with_deadlines_in_words() {
    let app = spawn_app().await;
    let kari = app.sign_in("kari").await;
    let path = app.person_path(PERSON).await;
    let html = app.get(&path, &[&kari]).await;
    let html = html.page();
    // Nothing between the name and "what now".
    let after_heading = html.split("</h1>").nth(1).unwrap();
    assert!(
        after_heading.trim_start().starts_with(
            "<section class=\"section what-now\" aria-labelledby=\"what-now-heading\">"
        ),
        "{after_heading}"
    );
    assert!(after_heading.contains("<h2 id=\"what-now-heading\">Hva må gjøres nå</h2>"));
    let what_now = between(html, "id=\"what-now-heading\"", "</section>");
    // Overdue first: the activity requirement (week 8), then preparing meeting 2 (day 120).
    let activity = what_now.find("Vurdere aktivitetskravet").unwrap();
    let prepare = what_now.find("Forberede dialogmøte 2").unwrap();
    assert!(activity < prepare, "{what_now}");
    assert!(
        what_now.contains("Frist 26. mai 2024, 6 dager på overtid."),
        "{what_now}"
    );
    assert!(
        what_now.contains("Frist 29. juli 2024, om 58 dager."),
        "{what_now}"
    );
    // The actions inline: take it; the assessment form for the activity
    // requirement (no done/not needed for it); a link to the form that
    // calls meeting 2, and done/not needed behind it.
    assert!(what_now.contains("Ta oppgaven"));
    assert!(what_now.contains(&format!("action=\"{path}/aktivitetskrav\"")));
    assert!(what_now.contains("id=\"activity-outcome-1\""));
    assert!(!what_now.contains("value=\"2024-04-01:activity_requirement\" name=\"state\""));
    let decide_forms = what_now
        .matches(&format!("action=\"{path}/oppgave\""))
        .count();
    assert_eq!(
        decide_forms, 1,
        "only preparing meeting 2 is marked by hand"
    );
    assert!(what_now.contains(
        &format!("<a class=\"what-now__go\" href=\"{path}/moter#invite-heading\">Kall inn til dialogmøte 2</a>")
    ));
    // Everything else comes after it.
    let what_now_at = html.find("id=\"what-now-heading\"").unwrap();
    for later in [
        "class=\"lead\"",
        "id=\"timeline-heading\"",
        "id=\"tasks-heading\"",
        "id=\"documents-heading\"",
    ] {
        assert!(html.find(later).unwrap() > what_now_at, "{later}");
    }

    let english = app
        .get(&format!("/person/{PERSON}?lang=en"), &[&kari])
        .await;
    let english = english.page();
    assert!(english.contains("What needs doing now"));
    assert!(
        english.contains("Due 26 May 2024, 6 days overdue."),
        "{english}"
    );
    assert!(english.contains("Due 29 July 2024, in 58 days."));
}

#[tokio::test]
async fn the_manager_s_what_now_holds_the_employer_s_tasks_with_links_and_the_gp_has_none() {
    let app = spawn_app().await;
    let mona = app.sign_in("mona").await;
    let path = app.person_path(PERSON).await;
    let html = app.get(&path, &[&mona]).await;
    let what_now = between(html.page(), "id=\"what-now-heading\"", "</section>").to_owned();
    assert!(what_now.contains("Oppfølgingsplan"), "{what_now}");
    assert!(what_now.contains(&format!(
        "href=\"{path}/plan\">Skriv og del oppfølgingsplanen</a>"
    )));
    assert!(
        !what_now.contains("aktivitetskrav"),
        "NAV's task is not the manager's"
    );
    assert!(!what_now.contains("Ta oppgaven"));

    let gp = app.sign_in("dr-berg").await;
    let html = app.get(&format!("/person/{GRADED_PERSON}"), &[&gp]).await;
    assert!(!html.page().contains("what-now-heading"));
}

#[tokio::test]
async fn marking_the_activity_requirement_done_is_refused_and_points_to_its_assessment() {
    let app = spawn_app().await;
    let kari = app.sign_in("kari").await;
    let page = app.get(&format!("/person/{PERSON}"), &[&kari]).await;
    let csrf = csrf_of(page.page());
    for state in ["done", "not_needed"] {
        let refused = app
            .post_form(
                &format!("/person/{PERSON}/oppgave"),
                &format!("csrf_token={csrf}&task_id=2024-04-01%3Aactivity_requirement&state={state}&reason=Ferdig"),
                &[&kari],
            )
            .await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{}", refused.text);
        let html = refused.page();
        assert!(html.contains("<title>Feil:"));
        assert!(
            html.contains("<li><a href=\"#activity-outcome-1\">Aktivitetskravet kan ikke merkes som gjort eller ikke nødvendig."),
            "{html}"
        );
        // Still open, with its assessment form.
        let what_now = between(html, "id=\"what-now-heading\"", "</section>");
        assert!(what_now.contains("Vurdere aktivitetskravet"));
    }
    let html = app.get(&format!("/person/{PERSON}"), &[&kari]).await.text;
    assert!(between(&html, "id=\"what-now-heading\"", "</section>")
        .contains("Vurdere aktivitetskravet"));
}

#[tokio::test]
async fn the_timeline_labels_its_milestones_in_words_by_their_task_s_state_and_starts_at_the_case()
{
    let app = spawn_app().await;
    let kari = app.sign_in("kari").await;
    let html = app.get(&format!("/person/{PERSON}"), &[&kari]).await;
    let html = html.page();
    let svg = between(html, "<svg class=\"timeline\"", "</svg>");
    assert!(
        svg.contains("<title id=\"timeline-title\">Tidslinje fra 25. mars 2024"),
        "{svg}"
    );
    assert!(!svg.contains("tl-marker-number"));
    for label in [
        "Oppfølgingsplan",
        "Dialogmøte 1",
        "Aktivitetskravet",
        "Forberede dialogmøte 2",
    ] {
        assert!(
            svg.contains(&format!("text-anchor=\"start\">{label}</text>"))
                || svg.contains(&format!("text-anchor=\"end\">{label}</text>")),
            "{label}: {svg}"
        );
    }
    // Overdue, open: by the task's state.
    let activity = between(svg, "<title>Aktivitetskravet: 26. mai 2024", "</g>");
    assert!(activity.contains("tl-marker-date") && activity.contains("26. mai 2024"));
    assert!(svg.contains("tl-marker tl-marker--overdue\">\n    <title>Aktivitetskravet: 26. mai 2024 (på overtid)</title>"), "{svg}");
    assert!(svg.contains("tl-marker--open\">\n    <title>NAV forbereder dialogmøte 2: 29. juli 2024 (åpen oppgave)</title>"));
    // The same facts as a vertical list, for a narrow screen.
    let list = between(html, "<ol class=\"timeline-list\">", "</ol>");
    assert!(list.contains("timeline-list__item--overdue"));
    assert!(list.contains("timeline-list__item--today"));
}
