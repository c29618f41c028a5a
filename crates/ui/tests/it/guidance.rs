//! Career guidance through the pages: the offer on "Min sykmelding", the
//! instruments filled in a little at a time, the profiles, and who may read
//! them (the person, and a counsellor only while the person's consent stands).

use axum::http::StatusCode;

use crate::{spawn_app, TestApp, PERSON};

const GUIDANCE: &str = "/min-veiledning";
const WHEEL: &str = "/min-veiledning/wheel";
const INTERESTS: &str = "/min-veiledning/interests";

fn csrf_of(html: &str) -> String {
    html.split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned()
}

async fn post(app: &TestApp, session: &str, page: &str, fields: &[(&str, &str)]) -> crate::Answer {
    let html = app.get(page, &[session]).await.text;
    let mut pairs = vec![("csrf_token".to_owned(), csrf_of(&html))];
    pairs.extend(
        fields
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let body = serde_urlencoded::to_string(&pairs).unwrap();
    app.post_form(page, &body, &[session]).await
}

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
    let profiles = format!("/person/{PERSON}/veiledning");

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
    assert_eq!(app.get(GUIDANCE, &[]).await.location(), "/login");

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
    let person = app.get(&format!("/person/{PERSON}"), &[&counsellor]).await;
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
