//! Career guidance through the pages: the offer on "Min sykmelding", the
//! instruments filled in a little at a time, the profiles, and who may read
//! them (the person, and a counsellor only while the person's consent stands).

use axum::http::StatusCode;

use crate::{csrf_of, post_from};
use crate::{spawn_app, TestApp, PERSON};

const GUIDANCE: &str = "/min-veiledning";
const WHEEL: &str = "/min-veiledning/wheel";
const INTERESTS: &str = "/min-veiledning/interests";

#[tokio::test]
async fn the_worker_finds_the_offer_fills_in_bit_by_bit_and_sees_the_profiles() {
    let app = spawn_app().await;
    let worker = app.sign_in("ola").await;

    let mine = app.get("/min-sykmelding", &[&worker]).await;
    assert!(mine.page().contains("Gratis karriereveiledning"));
    assert!(mine.page().contains(&format!("href=\"{GUIDANCE}\"")));

    let page = app.get(GUIDANCE, &[&worker]).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.page();
    assert!(html.contains("0 av 48 svart"), "{html}");
    assert!(html.contains("0 av 10 svart"));
    assert!(html.contains("Når du har svart på en kartlegging"));

    // Part of the wheel: one area in full, one only today.
    let answer = post(
        &app,
        &worker,
        WHEEL,
        &[
            ("q.work.current", "3"),
            ("q.work.desired", "8"),
            ("q.health.current", "4"),
            ("q.health.desired", ""),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    assert_eq!(
        answer.location(),
        "/min-veiledning?lagret=wheel#profil-wheel"
    );
    let html = app
        .get(answer.location(), &[&worker])
        .await
        .page()
        .to_owned();
    assert!(html.contains("Svarene dine er lagret."));
    assert!(html.contains("1 av 10 svart"), "{html}");
    assert!(html.contains("Arbeidssituasjon: 3 i dag, 8 ønsket"));
    assert!(html.contains("<svg class=\"chart chart--wheel\""));

    // The form comes back with what was answered.
    let form = app.get(WHEEL, &[&worker]).await.page().to_owned();
    assert!(form.contains(
        "id=\"q.work.current-3\" name=\"q.work.current\" type=\"radio\" value=\"3\" checked"
    ));
    assert!(form.contains(
        "id=\"q.health.desired-skip\" name=\"q.health.desired\" type=\"radio\" value=\"\" checked"
    ));

    // An answer outside the range is refused, and nothing saved changes.
    let refused = post(&app, &worker, WHEEL, &[("q.work.current", "11")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = app.get(GUIDANCE, &[&worker]).await.page().to_owned();
    assert!(html.contains("Arbeidssituasjon: 3 i dag, 8 ønsket"));

    // Interests: enough answers for a code and the hexagon.
    let mut fields = Vec::new();
    for (prefix, value) in [
        ("s", "5"),
        ("a", "4"),
        ("i", "3"),
        ("r", "1"),
        ("e", "2"),
        ("c", "2"),
    ] {
        for n in 1..=4 {
            fields.push((format!("q.{prefix}{n}"), value.to_owned()));
        }
    }
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let answer = post(&app, &worker, INTERESTS, &fields).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
    let html = app.get(GUIDANCE, &[&worker]).await.page().to_owned();
    assert!(html.contains("Interessekoden din: SAI"), "{html}");
    assert!(html.contains("<svg class=\"chart chart--hexagon\""));
    assert!(html.contains("24 av 48 svart"));
}

#[tokio::test]
async fn only_the_person_and_a_consented_counsellor_read_the_profiles() {
    let app = spawn_app().await;
    let worker = app.sign_in("ola").await;
    let answer = post(
        &app,
        &worker,
        WHEEL,
        &[("q.work.current", "2"), ("q.work.desired", "9")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let profiles = format!("{}/veiledning", app.person_path(PERSON).await);

    for username in ["kari", "mona", "dr-berg", "vera"] {
        let session = app.sign_in(username).await;
        let answer = app.get(&profiles, &[&session]).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{username}");
        assert!(!answer.text.contains("Arbeidssituasjon"), "{username}");
        // Only the worker has guidance pages of their own.
        assert_eq!(
            app.get(GUIDANCE, &[&session]).await.status,
            StatusCode::FORBIDDEN,
            "{username}"
        );
    }
    assert_eq!(app.get(GUIDANCE, &[]).await.location_path(), "/login");

    // The worker books guidance with vera: she reads the profiles, and the
    // person page links to them.
    let html = app
        .get("/min-sykmelding/hvem-ser-meg", &[&worker])
        .await
        .text;
    let body =
        serde_urlencoded::to_string([("csrf_token", csrf_of(&html).as_str()), ("grantee", "vera")])
            .unwrap();
    let granted = app
        .post_form("/min-sykmelding/hvem-ser-meg/gi", &body, &[&worker])
        .await;
    assert_eq!(granted.status, StatusCode::SEE_OTHER, "{}", granted.text);
    let counsellor = app.sign_in("vera").await;
    let answer = app.get(&profiles, &[&counsellor]).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer
        .page()
        .contains("Arbeidssituasjon: 2 i dag, 9 ønsket"));
    let person = app
        .get(&app.person_path(PERSON).await, &[&counsellor])
        .await;
    assert!(person.page().contains(&format!("href=\"{profiles}\"")));

    // A counsellor writes nothing in the person's answers.
    let html = app.get(&profiles, &[&counsellor]).await.text;
    let body = serde_urlencoded::to_string([
        ("csrf_token", csrf_of(&html).as_str()),
        ("q.work.current", "1"),
    ])
    .unwrap();
    assert_eq!(
        app.post_form(WHEEL, &body, &[&counsellor]).await.status,
        StatusCode::FORBIDDEN
    );

    // Withdrawn: at once no more.
    let html = app
        .get("/min-sykmelding/hvem-ser-meg", &[&worker])
        .await
        .text;
    let body =
        serde_urlencoded::to_string([("csrf_token", csrf_of(&html).as_str()), ("grantee", "vera")])
            .unwrap();
    app.post_form(
        "/min-sykmelding/hvem-ser-meg/trekk-tilbake",
        &body,
        &[&worker],
    )
    .await;
    assert_eq!(
        app.get(&profiles, &[&counsellor]).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_admin_sees_which_instruments_are_loaded_and_which_files_were_refused() {
    let app = spawn_app().await;
    let admin = app.sign_in("adm").await;
    let home = app.get("/hjem", &[&admin]).await;
    assert!(home.page().contains("href=\"/veiledning/kartlegginger\""));
    let page = app.get("/veiledning/kartlegginger", &[&admin]).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.page();
    assert!(html.contains("Alle filene ble lastet inn."));
    for file in [
        "tilbake/interests.json",
        "tilbake/motivation.json",
        "tilbake/workstyle.json",
        "tilbake/wheel.json",
    ] {
        assert!(html.contains(file), "{file}");
    }
    let worker = app.sign_in("ola").await;
    assert_eq!(
        app.get("/veiledning/kartlegginger", &[&worker])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
}

/// A career centre with the counsellor `siri`; `vera` works elsewhere.
async fn with_centre(app: &TestApp) {
    app.store
        .put_centre(
            &operator(),
            &tilbake_store::CareerCentre {
                orgnr: tilbake_domain::identity::Orgnr::parse(CENTRE).unwrap(),
                name: "Karriere Oslo".to_owned(),
                plan: tilbake_domain::guidance::SessionPlan::DEFAULT,
                counsellors: Vec::new(),
            },
            0,
        )
        .await
        .unwrap();
    app.add_user("siri", tilbake_domain::access::Role::Counsellor, CENTRE)
        .await;
}

const CENTRE: &str = "970012346";

#[tokio::test]
async fn the_worker_books_the_counsellor_keeps_notes_and_the_worker_reads_them() {
    let app = spawn_app().await;
    with_centre(&app).await;
    let worker = app.sign_in("ola").await;
    let html = app.get(GUIDANCE, &[&worker]).await.page().to_owned();
    assert!(html.contains("Bestill karriereveiledning"));
    assert!(
        html.contains(&format!(
            "<option value=\"{CENTRE}:siri\">siri, Karriere Oslo</option>"
        )),
        "{html}"
    );
    assert!(
        !html.contains(":vera\""),
        "a counsellor without a centre is not offered"
    );

    // No counsellor chosen, or a date in the past: the form again, with what was typed.
    let book = "/min-veiledning/bestill";
    let refused = post_from(
        &app,
        &worker,
        GUIDANCE,
        book,
        &[("wish", "Nytt yrke?"), ("first_session", "10.06.2024")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Velg en veileder fra listen."));
    assert!(refused.text.contains("Nytt yrke?"));
    let counsellor_value = format!("{CENTRE}:siri");
    let refused = post_from(
        &app,
        &worker,
        GUIDANCE,
        book,
        &[
            ("counsellor", &counsellor_value),
            ("first_session", "01.01.2024"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text.contains("Skriv en dato fra i dag og fremover"));

    let booked = post_from(
        &app,
        &worker,
        GUIDANCE,
        book,
        &[
            ("counsellor", &counsellor_value),
            ("share", "followup"),
            ("wish", "Nytt yrke?"),
            ("first_session", "10.06.2024"),
        ],
    )
    .await;
    assert_eq!(booked.status, StatusCode::SEE_OTHER, "{}", booked.text);
    let html = app
        .get(booked.location(), &[&worker])
        .await
        .page()
        .to_owned();
    assert!(html.contains("Veiledningen er bestilt."));
    assert!(html.contains("Med siri ved Karriere Oslo."));
    for (number, date) in [
        (1, "mandag 10. juni 2024"),
        (2, "mandag 24. juni 2024"),
        (3, "mandag 8. juli 2024"),
    ] {
        assert!(html.contains(&format!("Samtale {number}")), "{number}");
        assert!(html.contains(&format!("Planlagt {date}")), "{date}: {html}");
    }
    assert!(!html.contains("Bestill karriereveiledning"), "booked once");

    // The counsellor's list shows the next session; the person page links to the guidance.
    let siri = app.sign_in("siri").await;
    let list = app.get("/mine-personer", &[&siri]).await.page().to_owned();
    assert!(
        list.contains("Neste samtale: nr. 1, mandag 10. juni 2024"),
        "{list}"
    );
    let profiles = format!("{}/veiledning", app.person_path(PERSON).await);
    let page = app.get(&profiles, &[&siri]).await.page().to_owned();
    assert!(page.contains("Nytt yrke?"));

    // Session 1 held, with notes and something to think about.
    let session = format!("{profiles}/samtale/1");
    let saved = post_from(
        &app,
        &siri,
        &profiles,
        &session,
        &[
            ("planned_on", "01.06.2024"),
            ("held_on", "01.06.2024"),
            ("note", "Trives med å hjelpe andre."),
            ("before_next", "Fyll ut hjulet."),
        ],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    // A talk cannot be held in the future.
    let refused = post_from(
        &app,
        &siri,
        &profiles,
        &format!("{profiles}/samtale/2"),
        &[("planned_on", "24.06.2024"), ("held_on", "24.06.2024")],
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused
        .text
        .contains("En samtale kan ikke være holdt i fremtiden."));

    let html = app.get(GUIDANCE, &[&worker]).await.page().to_owned();
    assert!(html.contains("Holdt lørdag 1. juni 2024"));
    assert!(html.contains("Trives med å hjelpe andre."));
    assert!(html.contains("Fyll ut hjulet."));
    assert!(
        !html.contains("name=\"note\""),
        "the worker reads the notes, the counsellor writes them"
    );
    let list = app.get("/mine-personer", &[&siri]).await.page().to_owned();
    assert!(
        list.contains("Neste samtale: nr. 2, mandag 24. juni 2024"),
        "{list}"
    );

    // Nobody else reads the notes, nor writes them.
    let vera = app.sign_in("vera").await;
    for session_cookie in [
        &vera,
        &app.sign_in("kari").await,
        &app.sign_in("mona").await,
    ] {
        let answer = app.get(&profiles, &[session_cookie]).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND);
        assert!(!answer.text.contains("Trives med å hjelpe andre."));
    }
    let kari = app.sign_in("kari").await;
    let html = app.get(&app.person_path(PERSON).await, &[&kari]).await.text;
    let body2 = serde_urlencoded::to_string([
        ("csrf_token", csrf_of(&html).as_str()),
        ("planned_on", "01.06.2024"),
        ("note", "x"),
    ])
    .unwrap();
    assert_eq!(
        app.post_form(&session, &body2, &[&kari]).await.status,
        StatusCode::NOT_FOUND
    );

    // Withdrawn: the counsellor loses the person and the notes at once.
    let html = app
        .get("/min-sykmelding/hvem-ser-meg", &[&worker])
        .await
        .text;
    let body =
        serde_urlencoded::to_string([("csrf_token", csrf_of(&html).as_str()), ("grantee", "siri")])
            .unwrap();
    app.post_form(
        "/min-sykmelding/hvem-ser-meg/trekk-tilbake",
        &body,
        &[&worker],
    )
    .await;
    assert_eq!(
        app.get(&profiles, &[&siri]).await.status,
        StatusCode::NOT_FOUND
    );
    assert!(!app
        .get("/mine-personer", &[&siri])
        .await
        .text
        .contains(PERSON));
}

#[tokio::test]
async fn nav_the_gp_and_the_manager_suggest_guidance_and_the_worker_reads_who_did() {
    let app = spawn_app().await;
    let person_page = app.person_path(PERSON).await;
    for (username, line) in [
        ("mona", "Lederen din foreslo karriereveiledning"),
        ("kari", "NAV-veilederen din foreslo karriereveiledning"),
        ("dr-berg", "Legen din foreslo karriereveiledning"),
    ] {
        let session = app.sign_in(username).await;
        let html = app.get(&person_page, &[&session]).await.page().to_owned();
        assert!(html.contains("Foreslå karriereveiledning"), "{username}");
        let answer = post_from(
            &app,
            &session,
            &person_page,
            &format!("{person_page}/foresla-veiledning"),
            &[],
        )
        .await;
        assert_eq!(
            answer.status,
            StatusCode::SEE_OTHER,
            "{username}: {}",
            answer.text
        );
        let html = app.get(&person_page, &[&session]).await.page().to_owned();
        assert!(html.contains("Du foreslo karriereveiledning"), "{username}");
        assert!(
            !html.contains("Foreslå karriereveiledning</button>"),
            "{username}: once"
        );
        let worker = app.sign_in("ola").await;
        let mine = app
            .get("/min-sykmelding", &[&worker])
            .await
            .page()
            .to_owned();
        assert!(mine.contains(line), "{username}: {mine}");
    }
    // A counsellor does not suggest, and nobody suggests for a person they do not see.
    let vera = app.sign_in("vera").await;
    let html = app.get("/mine-personer", &[&vera]).await.text;
    let body = serde_urlencoded::to_string([("csrf_token", csrf_of(&html).as_str())]).unwrap();
    assert_eq!(
        app.post_form(
            &format!("{person_page}/foresla-veiledning"),
            &body,
            &[&vera]
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let per = app.sign_in("per").await;
    let html = app.get("/benken", &[&per]).await.text;
    let body = serde_urlencoded::to_string([("csrf_token", csrf_of(&html).as_str())]).unwrap();
    assert_eq!(
        app.post_form(&format!("{person_page}/foresla-veiledning"), &body, &[&per])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

/// The operator at the command line, who registers career centres.
#[allow(clippy::disallowed_methods)] // the test stands in for `tilbake admin centre add`
fn operator() -> tilbake_store::Actor {
    tilbake_store::Actor::command_line("test-admin")
}

/// Posts a page's own form back to it.
async fn post(app: &TestApp, session: &str, page: &str, fields: &[(&str, &str)]) -> crate::Answer {
    post_from(app, session, page, page, fields).await
}
