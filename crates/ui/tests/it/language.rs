//! Bokmål by default, English after the switch, remembered by a cookie.

use axum::http::StatusCode;

use crate::spawn_app;

#[tokio::test]
async fn pages_are_in_bokmal_by_default_and_in_english_after_the_switch() {
    let app = spawn_app().await;
    let session = app.sign_in("ola").await;

    let norwegian = app.get("/min-sykmelding", &[&session]).await;
    let html = norwegian.page();
    assert!(html.contains("<html lang=\"nb\">"));
    assert!(html.contains("<h1>Min sykmelding</h1>"));
    assert!(
        html.contains("href=\"?lang=en\" lang=\"en\" hreflang=\"en\""),
        "the switch is a visible link in the other language: {html}"
    );

    let switched = app.get("/min-sykmelding?lang=en", &[&session]).await;
    assert_eq!(switched.status, StatusCode::OK);
    let html = switched.page();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("<h1>My sick leave</h1>"));
    assert!(html.contains(">Norsk (bokmål)</a>"));
    let cookie = switched
        .set_cookies()
        .into_iter()
        .find(|cookie| cookie.starts_with("tilbake_lang=en"))
        .expect("the choice is remembered");
    assert!(cookie.contains("Path=/"));

    // The next page, without ?lang, keeps English through the cookie.
    let next = app
        .get("/min-sykmelding", &[&session, "tilbake_lang=en"])
        .await;
    assert!(next.page().contains("<html lang=\"en\">"));
    let back = app
        .get("/min-sykmelding?lang=nb", &[&session, "tilbake_lang=en"])
        .await;
    assert!(back.page().contains("<html lang=\"nb\">"));
}

#[tokio::test]
async fn every_page_renders_well_formed_in_both_languages() {
    let app = spawn_app().await;
    let pages = [
        ("kari", "/benken"),
        ("kari", "/benken?kind=nonsense&due_within_days=-1"),
        ("per", "/benken"),
        ("ola", "/min-sykmelding"),
        ("gro", "/min-sykmelding"),
        ("nils", "/min-sykmelding"),
        ("mona", "/hjem"),
        ("mona", "/mine-sykmeldte"),
        ("mona", "/person/15438510092"),
        ("kari", "/person/15438510092"),
        ("kari", "/person/15438510092?until=2024-12-31&grade=50"),
        ("kari", "/person/15438510092?until=2024-05-01&grade=500"),
        ("dr-berg", "/pasienter"),
        ("dr-berg", "/pasienter?fnr=123"),
        ("dr-berg", "/person/41018012365"),
        ("vera", "/hjem"),
        ("vera", "/mine-personer"),
        ("ola", "/min-sykmelding/hvem-ser-meg"),
        ("ola", "/min-sykmelding/hvem-ser-meg?lagret=gitt&hvem=vera"),
        ("nils", "/min-sykmelding/hvem-ser-meg"),
        ("ola", "/benken"),
        ("ola", "/finnes-ikke"),
    ];
    for lang in ["nb", "en"] {
        let anonymous = app.get(&format!("/login?lang={lang}"), &[]).await;
        assert!(anonymous
            .page()
            .contains(&format!("<html lang=\"{lang}\">")));
        for (username, path) in pages {
            let session = app.sign_in(username).await;
            let separator = if path.contains('?') { '&' } else { '?' };
            let answer = app
                .get(&format!("{path}{separator}lang={lang}"), &[&session])
                .await;
            let html = answer.page();
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{path}");
        }
    }
}

#[tokio::test]
async fn the_switch_keeps_the_queue_filters() {
    let app = spawn_app().await;
    let session = app.sign_in("kari").await;
    let answer = app
        .get(
            "/benken?kind=activity_requirement&due_within_days=30",
            &[&session],
        )
        .await;
    let html = answer.page();
    assert!(
        html.contains("href=\"?kind=activity_requirement&#38;due_within_days=30&#38;lang=en\""),
        "{html}"
    );
}
