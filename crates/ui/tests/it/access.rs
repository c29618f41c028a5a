//! Who reaches which page: each page answers 200 for its role, sends the
//! anonymous to the sign-in page and answers other roles with the 403 page;
//! `/` sends each role to its start page. No page a manager sees shows a
//! diagnosis.

use axum::http::StatusCode;

use crate::{spawn_app, DIAGNOSIS};

#[tokio::test]
async fn the_start_sends_the_anonymous_to_sign_in_and_each_role_to_its_page() {
    let app = spawn_app().await;
    let anonymous = app.get("/", &[]).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(anonymous.location_path(), "/login");
    for (username, start) in [
        ("kari", "/benken"),
        ("ola", "/min-sykmelding"),
        ("mona", "/mine-sykmeldte"),
        ("dr-berg", "/pasienter"),
        ("vera", "/mine-personer"),
        ("adm", "/hjem"),
    ] {
        let session = app.sign_in(username).await;
        let answer = app.get("/", &[&session]).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{username}");
        assert_eq!(answer.location(), start, "{username}");
        let page = app.get(start, &[&session]).await;
        assert_eq!(page.status, StatusCode::OK, "{username}: {}", page.text);
        page.page();
    }
}

#[tokio::test]
async fn every_page_sends_the_anonymous_to_sign_in_and_refuses_other_roles_with_403() {
    let app = spawn_app().await;
    for path in ["/benken", "/min-sykmelding", "/hjem"] {
        let answer = app.get(path, &[]).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(answer.location_path(), "/login", "{path}");
    }
    let sessions = [
        ("kari", app.sign_in("kari").await),
        ("ola", app.sign_in("ola").await),
        ("mona", app.sign_in("mona").await),
        ("dr-berg", app.sign_in("dr-berg").await),
        ("adm", app.sign_in("adm").await),
    ];
    for (path, allowed) in [("/benken", "kari"), ("/min-sykmelding", "ola")] {
        for (username, session) in &sessions {
            let answer = app.get(path, &[session]).await;
            let expected = if *username == allowed {
                StatusCode::OK
            } else {
                StatusCode::FORBIDDEN
            };
            assert_eq!(answer.status, expected, "{username} {path}");
            let page = answer.page();
            if expected == StatusCode::FORBIDDEN {
                assert!(page.contains("Denne siden er ikke for deg"), "{page}");
            }
        }
    }
}

#[tokio::test]
async fn an_unknown_page_is_the_html_404_and_a_session_that_ended_signs_in_again() {
    let app = spawn_app().await;
    let answer = app.get("/finnes-ikke", &[]).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(answer.page().contains("Vi fant ikke siden"));

    let answer = app
        .get("/benken", &["tilbake_session=expired-or-made-up"])
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.location_path(), "/login");
}

#[tokio::test]
async fn no_page_a_manager_sees_shows_a_diagnosis() {
    let app = spawn_app().await;
    let session = app.sign_in("mona").await;
    for path in [
        "/",
        "/hjem",
        "/mine-sykmeldte",
        "/person/15438510092",
        "/person/15438510092?until=2024-12-31&grade=50",
        "/benken",
        "/min-sykmelding",
        "/login",
        "/finnes-ikke",
    ] {
        for lang in ["nb", "en"] {
            let answer = app.get(&format!("{path}?lang={lang}"), &[&session]).await;
            assert!(
                !crate::without_csrf(&answer.text).contains(DIAGNOSIS)
                    && !crate::without_csrf(&answer.text).contains("ICPC"),
                "{path}: {}",
                answer.text
            );
        }
    }
    // The sick-listed person's own page does not need it either.
    let session = app.sign_in("ola").await;
    let answer = app.get("/min-sykmelding", &[&session]).await;
    assert!(!crate::without_csrf(&answer.text).contains(DIAGNOSIS));
}

#[tokio::test]
async fn the_header_names_the_user_and_logs_out_with_a_form_that_carries_the_csrf_token() {
    let app = spawn_app().await;
    let session = app.sign_in("kari").await;
    let page = app.get("/benken", &[&session]).await;
    let html = page.page();
    assert!(html.contains("Logget inn: kari, NAV-veileder"), "{html}");
    assert!(html.contains("<a class=\"skip-link\" href=\"#main\">"));
    assert!(html.contains("<main id=\"main\""));
    assert!(html.contains("aria-current=\"page\""));
    let csrf = html
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    assert!(
        html.contains("<form class=\"site-header__logout\" method=\"post\" action=\"/logout\">")
    );

    let without_token = app.post_form("/logout", "", &[&session]).await;
    assert_eq!(without_token.status, StatusCode::FORBIDDEN);
    let logout = app
        .post_form("/logout", &format!("csrf_token={csrf}"), &[&session])
        .await;
    assert_eq!(logout.status, StatusCode::SEE_OTHER);
    let after = app.get("/benken", &[&session]).await;
    assert_eq!(after.location_path(), "/login");
}

#[tokio::test]
async fn the_front_page_tells_each_role_what_it_can_do() {
    let app = spawn_app().await;
    let session = app.sign_in("mona").await;
    let html = app.get("/hjem", &[&session]).await.page().to_owned();
    assert!(html.contains("Du er logget inn som nærmeste leder."));
    assert!(
        html.contains("innen 4 uker"),
        "the plan's week comes from the statute: {html}"
    );
    assert!(html.contains("innen 7 uker"));
    assert!(html.contains("Du ser aldri diagnosen."));
    assert!(html.contains("href=\"/mine-sykmeldte\""));
    assert!(!html.contains("kommer snart"));

    let session = app.sign_in("vera").await;
    let html = app.get("/hjem", &[&session]).await.page().to_owned();
    assert!(html.contains("href=\"/mine-personer\""));
    assert!(!html.contains("kommer snart"));

    let session = app.sign_in("adm").await;
    let html = app.get("/hjem", &[&session]).await.page().to_owned();
    assert!(html.contains("tilbake admin"));
    assert!(!html.contains("kommer snart"));
}

#[tokio::test]
async fn the_anonymous_get_200_on_the_public_statistics_and_on_no_other_page() {
    let app = spawn_app().await;
    let routes = tilbake_ui::routes::<tilbake_web::AppState>();
    for (method, pattern) in routes.listed {
        if method != axum::http::Method::GET
            || pattern == "/login"
            || pattern.starts_with("/static/")
        {
            continue;
        }
        let path = pattern
            .replace("{person}", crate::PERSON)
            .replace("{instrument}", "wheel");
        let answer = app.get(&path, &[]).await;
        if path == "/statistikk" {
            assert_eq!(answer.status, StatusCode::OK, "{path}");
            answer.page();
        } else {
            assert_eq!(answer.status, StatusCode::SEE_OTHER, "{path}");
            assert_eq!(answer.location_path(), "/login", "{path}");
        }
    }
}
