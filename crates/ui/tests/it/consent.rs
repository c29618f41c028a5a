//! Consent for a purpose through the pages: the worker's "Hvem kan se meg"
//! (grant, change, withdraw, the history and who has looked), and the
//! counsellor's and job specialist's list and person page, which follow the
//! worker's choice on the very next request.

use axum::http::StatusCode;
use tilbake_domain::access::Role;

use crate::post_from as post;
use crate::{spawn_app, TestApp, DIAGNOSIS, PERSON};

const WHO_SEES_ME: &str = "/min-sykmelding/hvem-ser-meg";
const GRANT: &str = "/min-sykmelding/hvem-ser-meg/gi";
const WITHDRAW: &str = "/min-sykmelding/hvem-ser-meg/trekk-tilbake";

/// The worker's page, checked, as text.
async fn who_sees_me(app: &TestApp, session: &str) -> String {
    let answer = app.get(WHO_SEES_ME, &[session]).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.page().to_owned()
}

/// The person's page as `session` sees it: its status and checked text.
async fn person_page(app: &TestApp, session: &str) -> (StatusCode, String) {
    let answer = app.get(&app.person_path(PERSON).await, &[session]).await;
    (answer.status, answer.page().to_owned())
}

/// The part of a page after an element with this id.
fn after<'a>(html: &'a str, id: &str) -> &'a str {
    html.split(&format!("id=\"{id}\"")).nth(1).unwrap_or("")
}

#[tokio::test]
async fn the_worker_grants_changes_and_withdraws_and_the_counsellor_s_view_follows() {
    let app = spawn_app().await;
    let worker = app.sign_in("ola").await;
    let counsellor = app.sign_in("vera").await;

    let html = who_sees_me(&app, &worker).await;
    assert!(html.contains("Ingen karriereveileder eller jobbspesialist kan se deg nå."));
    assert!(
        html.contains("<option value=\"vera\">vera (karriereveileder)</option>"),
        "{html}"
    );
    assert!(
        html.contains("aria-current=\"page\""),
        "the menu marks the page"
    );
    let (status, _) = person_page(&app, &counsellor).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "no consent, no person");

    // Grant: the follow-up only.
    let answer = post(
        &app,
        &worker,
        WHO_SEES_ME,
        GRANT,
        &[("grantee", "vera"), ("share", "followup")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    assert!(
        answer.location().starts_with(WHO_SEES_ME),
        "{}",
        answer.location()
    );
    let html = app
        .get(answer.location(), &[&worker])
        .await
        .page()
        .to_owned();
    assert!(
        html.contains("Lagret. vera kan nå se det du valgte."),
        "{html}"
    );
    let card = after(&html, "consent-1");
    assert!(card.starts_with(">Karriereveileder vera</h3>"), "{card}");
    assert!(card.contains("Hvorfor: for å gi deg karriereveiledning."));
    let sees = card.split("Dette kan vera ikke se").next().unwrap();
    assert!(sees.contains("Oppfølgingen din: når sykefraværet startet"));
    assert!(sees.contains("Karriereveiledningen: samtalene dere har"));
    assert!(
        sees.contains("Alltid med"),
        "the purpose's own part is always shared"
    );
    assert!(!sees.contains("Sykmeldingene dine"));
    let not_sees = card.split("Dette kan vera ikke se").nth(1).unwrap();
    assert!(not_sees.contains("Diagnosen din. Den får vera aldri se."));
    assert!(not_sees.contains("Sykmeldingene dine"));
    assert!(
        !html.contains("<option value=\"vera\">"),
        "a standing consent is changed on its card, not granted again"
    );

    // The counsellor's next request: the list and the follow-up, nothing else.
    let list = app.get("/mine-personer", &[&counsellor]).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list
        .page()
        .contains(&format!("href=\"{}\"", app.person_path(PERSON).await)));
    let (status, html) = person_page(&app, &counsellor).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(
        "Personen har gitt deg samtykke til karriereveiledning og har valgt å dele dette med deg: \
         oppfølgingen (når sykefraværet startet, og fristene)."
    ), "{html}");
    assert!(html.contains("Det personen ikke har delt, vises ikke her."));
    assert!(
        html.contains("id=\"timeline-heading\""),
        "the follow-up is shared"
    );
    assert!(
        !html.contains("id=\"documents-heading\""),
        "no certificates shared"
    );
    assert!(!html.contains("id=\"tasks-heading\""));
    // The follow-up plan is not hers; the action plan of career guidance
    // (`/veiledning/plan`) is, with the guidance part.
    assert!(
        !html.contains(&format!("href=\"/person/{PERSON}/plan\"")),
        "no links to pages the counsellor cannot open"
    );
    assert!(!crate::without_csrf(&html).contains(DIAGNOSIS));
    assert_eq!(
        html.matches("<form").count(),
        1,
        "only the header's log-out form"
    );

    // Change: the certificates instead of the follow-up.
    let answer = post(
        &app,
        &worker,
        WHO_SEES_ME,
        GRANT,
        &[
            ("grantee", "vera"),
            ("change", "1"),
            ("share", "certificates"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    assert!(
        answer.location().contains("lagret=endret"),
        "{}",
        answer.location()
    );
    let html = app
        .get(answer.location(), &[&worker])
        .await
        .page()
        .to_owned();
    assert!(html.contains("Lagret. Under ser du hva vera kan se nå."));
    let (status, html) = person_page(&app, &counsellor).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        !html.contains("id=\"timeline-heading\""),
        "the follow-up is no longer shared"
    );
    assert!(html.contains("id=\"documents-heading\""));
    assert!(html.contains("sykmeldingene (perioder, grad og arbeidsgiver)"));
    assert!(html.contains("100 %"), "the grade is shown");
    assert!(
        !crate::without_csrf(&html).contains(DIAGNOSIS),
        "never the diagnosis"
    );
    assert!(!html.contains("ICPC-2"));
    assert!(!html.contains("Korsrygg"), "nor the diagnosis's name");

    // Withdraw: at once.
    let answer = post(&app, &worker, WHO_SEES_ME, WITHDRAW, &[("grantee", "vera")]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    let (status, _) = person_page(&app, &counsellor).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let list = app.get("/mine-personer", &[&counsellor]).await;
    assert!(list.page().contains("Ingen har gitt deg samtykke ennå."));

    let html = app
        .get(answer.location(), &[&worker])
        .await
        .page()
        .to_owned();
    assert!(html.contains("Samtykket er trukket tilbake. vera kan ikke se deg lenger."));
    assert!(html.contains("Ingen karriereveileder eller jobbspesialist kan se deg nå."));
    let history = after(&html, "history-heading");
    assert!(
        history.contains("Karriereveileder vera. Gitt 1. juni 2024, trukket tilbake 1. juni 2024."),
        "{history}"
    );
    assert!(history.contains("Du ga samtykke. Delt: oppfølgingen."));
    assert!(history.contains("Du endret hva som deles. Delt nå: sykmeldingene."));
    assert!(history.contains("Du trakk tilbake samtykket."));
    let audit = after(&html, "audit-heading");
    assert!(audit.contains("Du ga vera samtykke"), "{audit}");
    assert!(audit.contains("Du endret hva vera kan se"));
    assert!(audit.contains("Du trakk tilbake samtykket til vera"));
    assert!(
        audit.contains("<strong>Karriereveileder</strong>"),
        "{audit}"
    );
    assert!(audit.contains("Åpnet oversikten over deg: oppfølgingen, dokumentene og oppgavene"));
    assert!(audit.contains("Så deg i listen sin over personer de følger opp"));
}

#[tokio::test]
async fn the_job_specialist_sees_what_is_shared_with_them_and_the_grant_form_says_what_is_wrong() {
    let app = spawn_app().await;
    app.add_user("jonas", Role::JobSpecialist, "").await;
    let worker = app.sign_in("ola").await;
    let specialist = app.sign_in("jonas").await;

    // No one chosen: the error next to the field, the ticks kept.
    let answer = post(&app, &worker, WHO_SEES_ME, GRANT, &[("share", "casework")]).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    let html = answer.page();
    assert!(
        html.contains(
            "<p class=\"error-message\" id=\"grantee-error\">Velg hvem som skal få se deg.</p>"
        ),
        "{html}"
    );
    assert!(html.contains("<a href=\"#grantee\">Velg hvem som skal få se deg.</a>"));
    assert!(
        html.contains("value=\"casework\" checked"),
        "the tick is kept"
    );
    // Someone who cannot be granted (a manager): the same place.
    let answer = post(&app, &worker, WHO_SEES_ME, GRANT, &[("grantee", "mona")]).await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert!(answer
        .page()
        .contains("Vi fant ikke den personen. Velg en fra listen."));
    // A purpose's own category cannot be ticked onto another purpose.
    let answer = post(
        &app,
        &worker,
        WHO_SEES_ME,
        GRANT,
        &[
            ("grantee", "jonas"),
            ("share", "casework"),
            ("share", "guidance"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    let html = who_sees_me(&app, &worker).await;
    let card = after(&html, "consent-1");
    assert!(card.starts_with(">Jobbspesialist jonas</h3>"), "{card}");
    assert!(card.contains("for å hjelpe deg tilbake i jobb"));
    let sees = card.split("Dette kan jonas ikke se").next().unwrap();
    assert!(sees.contains("Jobbstøtten"));
    assert!(sees.contains("Oppfølgingsplanen og dialogmøtene"));
    assert!(!sees.contains("Karriereveiledningen"), "{sees}");

    let (status, html) = person_page(&app, &specialist).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("jobbstøtte (Supported Employment)"));
    assert!(html.contains("oppfølgingsplanen og dialogmøtene"));
    assert!(
        html.contains("Lederen har ikke delt noen oppfølgingsplan ennå."),
        "case work is shown read-only on the person page"
    );
    assert!(
        !html.contains("id=\"timeline-heading\""),
        "no follow-up shown unless shared"
    );
    assert!(!crate::without_csrf(&html).contains(DIAGNOSIS));
    // The counsellor was not granted anything.
    let counsellor = app.sign_in("vera").await;
    assert_eq!(
        person_page(&app, &counsellor).await.0,
        StatusCode::NOT_FOUND
    );

    // In English.
    let answer = app.get(&format!("{WHO_SEES_ME}?lang=en"), &[&worker]).await;
    let html = answer.page();
    assert!(html.contains("<h1>Who can see me</h1>"));
    assert!(html.contains("Job specialist jonas"));
    assert!(html.contains("Never the diagnosis."));
    let answer = app
        .get(
            &format!("{}?lang=en", app.person_path(PERSON).await),
            &[&specialist],
        )
        .await;
    assert!(answer
        .page()
        .contains("What the person has not shared is not shown here."));
}

#[tokio::test]
async fn other_roles_get_403_or_404_and_no_change_goes_through_without_the_csrf_token() {
    let app = spawn_app().await;
    for username in ["mona", "kari", "vera", "dr-berg", "adm"] {
        let session = app.sign_in(username).await;
        let answer = app.get(WHO_SEES_ME, &[&session]).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{username}");
        answer.page();
        let answer = post(&app, &session, "/hjem", GRANT, &[("grantee", "vera")]).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{username} granting");
        let answer = post(&app, &session, "/hjem", WITHDRAW, &[("grantee", "vera")]).await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{username} withdrawing"
        );
    }
    for username in ["ola", "mona", "kari", "dr-berg", "adm"] {
        let session = app.sign_in(username).await;
        let answer = app.get("/mine-personer", &[&session]).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{username}");
    }
    // The worker's own person page is not theirs to open this way.
    let worker = app.sign_in("ola").await;
    assert_eq!(
        app.get(&app.person_path(PERSON).await, &[&worker])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    // Signed out: to the sign-in page.
    let answer = app.get(WHO_SEES_ME, &[]).await;
    assert_eq!(answer.location_path(), "/login");

    // Without the CSRF token the post signs nobody in: nothing is granted.
    let answer = app
        .post_form(GRANT, "grantee=vera&share=followup", &[&worker])
        .await;
    assert_eq!(answer.location_path(), "/login", "{}", answer.status);
    let html = who_sees_me(&app, &worker).await;
    assert!(html.contains("Ingen karriereveileder eller jobbspesialist kan se deg nå."));
}

#[tokio::test]
async fn a_counsellor_starts_on_their_list_and_the_worker_finds_the_page_from_their_own() {
    let app = spawn_app().await;
    let counsellor = app.sign_in("vera").await;
    let answer = app.get("/", &[&counsellor]).await;
    assert_eq!(answer.location(), "/mine-personer");
    let answer = app.get("/mine-personer", &[&counsellor]).await;
    let html = answer.page();
    assert!(html.contains("<h1>Mine personer</h1>"));
    assert!(
        html.contains("href=\"/mine-personer\" aria-current=\"page\""),
        "{html}"
    );

    let worker = app.sign_in("ola").await;
    let html = app
        .get("/min-sykmelding", &[&worker])
        .await
        .page()
        .to_owned();
    assert!(html.contains(&format!(
        "href=\"{WHO_SEES_ME}\">Gå til Hvem kan se meg</a>"
    )));
    assert!(
        html.contains(&format!("<a href=\"{WHO_SEES_ME}\">Hvem kan se meg</a>")),
        "the menu"
    );
}
