//! "Min sykmelding": the sick-listed worker's own page.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};

use crate::{spawn_app, PERSON, UNIT};

#[tokio::test]
async fn the_worker_sees_where_they_are_what_comes_next_and_the_maximum_date() {
    let app = spawn_app().await;
    let session = app.sign_in("ola").await;
    let answer = app.get("/min-sykmelding", &[&session]).await;
    assert_eq!(answer.status, StatusCode::OK);
    let html = answer.page();
    assert!(
        html.contains("Du har vært sykmeldt siden mandag 1. april 2024."),
        "{html}"
    );
    assert!(html.contains("I dag er du i uke 9 av sykefraværet."));
    assert!(html.contains("varer til og med onsdag 31. juli 2024."));
    assert!(html.contains("Du er 100 % sykmeldt. Det betyr at du ikke skal jobbe nå."));
    assert!(html.contains("ikke hvor mange timer"));

    // The timeline: passed steps, the marker, then what is next and who does it.
    let marker = html.find("Du er her").unwrap();
    let next = html.find(">Neste<").unwrap();
    assert!(html.find("Arbeidsgiverperioden er over").unwrap() < marker);
    assert!(marker < next);
    assert!(html.contains("Uke 9, lørdag 1. juni 2024"));
    assert!(html.contains("NAV inviterer deg."));
    assert!(html.contains("De første 16 dagene betaler arbeidsgiveren din sykepengene."));
    assert!(
        html.contains("Bare hvis sykmeldingen blir forlenget"),
        "dialogue meeting 2 lies beyond the certificates"
    );

    assert!(
        html.contains("Hvis sykmeldingen blir forlenget, er maksdatoen din"),
        "the certificates so far end before the maximum date"
    );
    assert!(html.contains("opptil 248 dager"));
    assert!(html.contains("arbeidsavklaringspenger (AAP)"));
    assert!(html.contains("i uke 39"));
    assert!(html.contains("karriereveiledning"));
}

#[tokio::test]
async fn graded_sick_leave_is_explained_as_a_share_of_the_work() {
    let app = spawn_app().await;
    let session = app.sign_in("gro").await;
    let html = app
        .get("/min-sykmelding", &[&session])
        .await
        .page()
        .to_owned();
    assert!(html.contains("Du er 60 % sykmeldt. Det betyr at du ikke skal gjøre 60 % av arbeidet ditt. Resten, 40 %, gjør du som vanlig."), "{html}");
    assert!(
        html.contains("Ikke påkrevd"),
        "meeting 1 is not required on graded leave"
    );

    let html = app
        .get("/min-sykmelding?lang=en", &[&session])
        .await
        .page()
        .to_owned();
    assert!(html.contains("You are on 60% sick leave. That means you do not do 60% of your work."));
}

#[tokio::test]
async fn a_worker_without_sick_leave_is_told_so_calmly() {
    let app = spawn_app().await;
    let session = app.sign_in("nils").await;
    let answer = app.get("/min-sykmelding", &[&session]).await;
    assert_eq!(answer.status, StatusCode::OK);
    let html = answer.page();
    assert!(
        html.contains("Vi har ikke registrert noen sykmelding på deg."),
        "{html}"
    );
    assert!(!html.contains("maksdatoen din"));
}

#[tokio::test]
async fn the_worker_sees_who_else_has_looked_at_their_data_but_not_their_own_visits() {
    let app = spawn_app().await;
    // The caseworker reads the follow-up through the API with their session.
    let caseworker = app.sign_in("kari").await;
    let request = Request::builder()
        .method(Method::GET)
        .uri(format!("/api/v1/persons/{PERSON}/followup"))
        .header(header::COOKIE, &caseworker)
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::OK);
    // A caseworker of another office tries and is stopped.
    let other = app.sign_in("per").await;
    let request = Request::builder()
        .method(Method::GET)
        .uri(format!("/api/v1/persons/{PERSON}/followup"))
        .header(header::COOKIE, &other)
        .body(Body::empty())
        .unwrap();
    assert_eq!(app.send(request).await.status, StatusCode::NOT_FOUND);

    let session = app.sign_in("ola").await;
    app.get("/min-sykmelding/hvem-ser-meg", &[&session]).await;
    let html = app
        .get("/min-sykmelding/hvem-ser-meg", &[&session])
        .await
        .page()
        .to_owned();
    let audit = html.split("id=\"audit-heading\"").nth(1).unwrap();
    // Grouped by day, then by who (their role and office, never a
    // username), then by what they did.
    assert!(
        audit.contains(&format!("NAV-veileder, NAV-kontor {UNIT}")),
        "{audit}"
    );
    assert!(audit.contains("Så på oppfølgingen og datoene dine"));
    assert!(audit.contains("NAV-veileder, NAV-kontor 0302"));
    assert!(audit.contains("ble stoppet, fikk ikke se"));
    assert!(audit.contains("NAVs systemer"));
    assert!(
        audit.contains("La inn en sykmelding (2 ganger)"),
        "the two certificates of the same day are one line: {audit}"
    );
    for username in ["kari", "sender", "brukernavn"] {
        assert!(!audit.contains(username), "{username}: {audit}");
    }
    assert!(
        !audit.contains("<strong>Du</strong>"),
        "own visits are left out"
    );
}
