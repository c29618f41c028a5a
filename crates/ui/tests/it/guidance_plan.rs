//! The action plan of career guidance, the occupations beside the interest
//! profile and the mapping report (page and PDF), through the pages: who
//! gets what. The person writes, decides final and shares; a consented
//! counsellor writes; the manager, NAV and the GP see the plan, and only
//! the plan, while the person shares it with them, and never the profiles
//! or the answers.

use axum::http::{header, StatusCode};

use crate::{csrf_of, post_from as post};
use crate::{spawn_app, TestApp, PERSON};

const PLAN: &str = "/min-veiledning/plan";
const SHARE: &str = "/min-veiledning/plan/deling";
const REPORT: &str = "/min-veiledning/rapport";
const REPORT_PDF: &str = "/min-veiledning/rapport.pdf";
const SHARED_HEADING: &str = "Plan fra karriereveiledningen";

/// The text of a PDF as printpdf writes it: hex glyph ids in the
/// content streams, read back through the font's ToUnicode map.
fn text_of(bytes: &[u8]) -> String {
    use printpdf::lopdf::{Document, Object};
    let document = Document::load_mem(bytes).unwrap();
    let streams: Vec<Vec<u8>> = document
        .objects
        .values()
        .filter_map(|object| match object {
            Object::Stream(stream) => Some(
                stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone()),
            ),
            _ => None,
        })
        .collect();
    let hex = |text: &str| u32::from_str_radix(text, 16).ok();
    let mut glyphs = std::collections::HashMap::new();
    for stream in &streams {
        let text = String::from_utf8_lossy(stream);
        if !text.contains("beginbfchar") && !text.contains("beginbfrange") {
            continue;
        }
        for line in text.lines() {
            let values: Vec<u32> = line
                .split(['<', '>'])
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .filter_map(hex)
                .collect();
            match values.as_slice() {
                [glyph, unicode] => {
                    glyphs.insert(*glyph, *unicode);
                }
                [first, last, unicode] => {
                    for (offset, glyph) in (*first..=*last).enumerate() {
                        glyphs.insert(glyph, unicode + offset as u32);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = String::new();
    for stream in &streams {
        let text = String::from_utf8_lossy(stream);
        if !text.contains("Tj") && !text.contains("TJ") {
            continue;
        }
        for part in text.split('<').skip(1) {
            let Some((digits, _)) = part.split_once('>') else {
                continue;
            };
            for chunk in digits.as_bytes().chunks(4) {
                let glyph = std::str::from_utf8(chunk).ok().and_then(hex);
                if let Some(c) = glyph
                    .and_then(|glyph| glyphs.get(&glyph))
                    .and_then(|unicode| char::from_u32(*unicode))
                {
                    out.push(c);
                }
            }
            out.push('\n');
        }
    }
    out
}

/// The wheel with two gaps, and interests with the code SAI.
async fn answer_instruments(app: &TestApp, worker: &str) {
    let answer = post(
        app,
        worker,
        "/min-veiledning/wheel",
        "/min-veiledning/wheel",
        &[
            ("q.work.current", "3"),
            ("q.work.desired", "8"),
            ("q.health.current", "4"),
            ("q.health.desired", "6"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
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
    let answer = post(
        app,
        worker,
        "/min-veiledning/interests",
        "/min-veiledning/interests",
        &fields,
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text);
}

fn plan_fields<'a>(
    manageable: &'a str,
    date: &'a str,
    make_final: bool,
) -> Vec<(&'a str, &'a str)> {
    let mut fields = vec![
        ("goal0.title", "Arbeidssituasjon"),
        ("goal0.start", "Jobber 20 % nå"),
        ("goal0.end", "Jobbe 50 % før sommeren"),
        ("goal0.activity0.what", "Snakke med lederen om oppgaver"),
        ("goal0.activity0.date", date),
        ("goal0.activity0.who", "Karrieresenteret"),
        ("goal0.frames", "NAV: aktivitetsplikt fra uke 8"),
        ("understandable", "yes"),
        ("manageable", manageable),
        ("meaningful", "yes"),
    ];
    if make_final {
        fields.push(("final", "yes"));
    }
    fields
}

#[tokio::test]
async fn occupations_are_suggested_beside_the_interest_profile_as_a_starting_point() {
    let app = spawn_app().await;
    let worker = app.sign_in("ola").await;
    answer_instruments(&app, &worker).await;
    let html = app
        .get("/min-veiledning", &[&worker])
        .await
        .page()
        .to_owned();
    assert!(html.contains("Yrker du kan snakke om"), "{html}");
    assert!(html.contains("ikke en dom"));
    assert!(html.contains("sterkeste interessene dine: Sosial og Skapende"));
    assert!(html.contains("STYRK-08"));
    assert!(html.contains("Statistisk sentralbyrå"));
    assert!(html.contains(&format!("href=\"{PLAN}\"")));
    assert!(html.contains(&format!("href=\"{REPORT}\"")));
}

#[tokio::test]
async fn the_person_writes_the_plan_from_the_gaps_and_any_no_keeps_it_a_draft() {
    let app = spawn_app().await;
    let worker = app.sign_in("ola").await;
    answer_instruments(&app, &worker).await;

    // No plan yet: the goals start from the largest gaps of the wheel.
    let html = app.get(PLAN, &[&worker]).await.page().to_owned();
    assert!(html.contains("Det er ingen plan ennå."));
    assert!(html.contains("value=\"Arbeidssituasjon\""), "{html}");
    assert!(html.contains("I dag: 3 av 10."));
    assert!(html.contains("Ønsket: 8 av 10."));

    // A date that is not one: the form comes back with what was typed.
    let refused = post(
        &app,
        &worker,
        PLAN,
        PLAN,
        &plan_fields("yes", "2026-13-01", false),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = refused.page();
    assert!(html.contains("Skriv datoen som DD.MM.ÅÅÅÅ"));
    assert!(html.contains("value=\"Snakke med lederen om oppgaver\""));
    assert!(html.contains("value=\"2026-13-01\""));

    // A "no" keeps it a draft, even when the person asks for final, and says why.
    let saved = post(
        &app,
        &worker,
        PLAN,
        PLAN,
        &plan_fields("no", "2026-03-02", true),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    assert_eq!(saved.location(), "/min-veiledning/plan?utkast=1");
    let html = app
        .get(saved.location(), &[&worker])
        .await
        .page()
        .to_owned();
    assert!(html.contains("Planen kan bare bli ferdig"));
    assert!(html.contains("Planen er nå: Utkast"));
    assert!(html.contains("du svarte nei på om den er håndterbar."));
    assert!(html.contains("Snakke med lederen om oppgaver. Når: 2026-03-02."));

    // Three yes: final, a new version; both versions are listed.
    let saved = post(
        &app,
        &worker,
        PLAN,
        PLAN,
        &plan_fields("yes", "2026-03-02", true),
    )
    .await;
    assert_eq!(saved.location(), "/min-veiledning/plan?lagret=1");
    let html = app
        .get(saved.location(), &[&worker])
        .await
        .page()
        .to_owned();
    assert!(html.contains("Planen er nå: Ferdig"));
    assert!(html.contains("Utgave 2,"));
    assert!(html.contains("Utgave 1,"));

    // The report gathers profiles, gaps, occupations and the plan, as a page and a PDF.
    let report = app.get(REPORT, &[&worker]).await;
    assert_eq!(report.status, StatusCode::OK);
    let html = report.page();
    assert!(html.contains("Kartleggingsrapport"));
    assert!(html.contains("Arbeidssituasjon: 3 i dag, 8 ønsket"));
    assert!(html.contains("Yrker du kan snakke om"));
    assert!(html.contains("Jobbe 50 % før sommeren"));
    assert!(html.contains("<svg class=\"chart chart--wheel\""));
    let pdf = app.get(REPORT_PDF, &[&worker]).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.headers[header::CONTENT_TYPE], "application/pdf");
    assert!(pdf.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert!(pdf.bytes.starts_with(b"%PDF"));
    assert!(pdf.bytes.len() > 10_000);
    // The same content as text: the answers' numbers, the gaps, the plan.
    let text = text_of(&pdf.bytes);
    for expected in [
        "Kartleggingsrapport",
        "Interessekoden din: SAI",
        "Sosial | 5,00 | 100 % | 4/8",
        "1 | Arbeidssituasjon | 3 | 8 | 5",
        "1. Arbeidssituasjon: 3 i dag, 8 ønsket",
        "Hvor vil du? Jobbe 50 % før sommeren",
        "Planen er nå: Ferdig",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
}

#[tokio::test]
async fn every_role_gets_only_its_part_and_a_party_sees_the_plan_only_while_shared() {
    let app = spawn_app().await;
    let worker = app.sign_in("ola").await;
    answer_instruments(&app, &worker).await;
    let saved = post(
        &app,
        &worker,
        PLAN,
        PLAN,
        &plan_fields("yes", "2026-03-02", true),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER);

    let person_page = app.person_path(PERSON).await;
    let person_plan = format!("{}/veiledning/plan", app.person_path(PERSON).await);
    let person_report = format!("{}/veiledning/rapport", app.person_path(PERSON).await);
    let person_pdf = format!("{}/veiledning/rapport.pdf", app.person_path(PERSON).await);
    let parties = ["kari", "mona", "dr-berg"];

    // Nothing shared: no party sees the plan, the report or the profiles;
    // nor does the counsellor before the person books guidance.
    for username in parties.into_iter().chain(["vera"]) {
        let session = app.sign_in(username).await;
        for path in [&person_plan, &person_report, &person_pdf] {
            let answer = app.get(path, &[&session]).await;
            assert_eq!(answer.status, StatusCode::NOT_FOUND, "{username} {path}");
            assert!(!answer.text.contains("Jobbe 50 %"), "{username} {path}");
        }
        for path in [PLAN, REPORT, REPORT_PDF] {
            assert_eq!(
                app.get(path, &[&session]).await.status,
                StatusCode::FORBIDDEN,
                "{username} {path}"
            );
        }
        let person = app.get(&person_page, &[&session]).await;
        if person.status == StatusCode::OK {
            assert!(!person.page().contains(SHARED_HEADING), "{username}");
        }
    }
    for path in [PLAN, REPORT, REPORT_PDF] {
        assert_eq!(app.get(path, &[]).await.location_path(), "/login", "{path}");
    }

    // Shared with the manager: she sees the plan on the person page, and
    // only the plan: no profiles, answers, occupations or report.
    let shared = post(
        &app,
        &worker,
        PLAN,
        SHARE,
        &[
            ("audience", "manager"),
            ("document", "plan"),
            ("shared", "yes"),
        ],
    )
    .await;
    assert_eq!(shared.status, StatusCode::SEE_OTHER, "{}", shared.text);
    let html = app.get(PLAN, &[&worker]).await.page().to_owned();
    assert!(
        html.contains("Handlingsplanen</strong>: Ser planen nå."),
        "{html}"
    );
    assert!(html.contains("Lederen din får aldri se profilene eller svarene dine."));
    let manager = app.sign_in("mona").await;
    let html = app.get(&person_page, &[&manager]).await.page().to_owned();
    assert!(html.contains(SHARED_HEADING));
    assert!(html.contains("Jobbe 50 % før sommeren"));
    // Beside the follow-up plan, on its page too.
    let follow_up_plan = format!("{person_page}/plan");
    let html = app
        .get(&follow_up_plan, &[&manager])
        .await
        .page()
        .to_owned();
    assert!(html.contains(SHARED_HEADING));
    assert!(html.contains("Jobbe 50 % før sommeren"));
    for hidden in [
        "3 i dag, 8 ønsket",
        "Interessekoden",
        "Yrker du kan snakke om",
        "chart--wheel",
        "chart--hexagon",
        "veiledning/rapport",
    ] {
        assert!(!html.contains(hidden), "{hidden}");
    }
    // The plan's own page opens read-only for her; the report does not.
    let page = app.get(&person_plan, &[&manager]).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.page();
    assert!(html.contains("Jobbe 50 % før sommeren"));
    assert!(!html.contains("name=\"goal0.title\""));
    assert!(!html.contains("veiledning/rapport"));
    assert!(!html.contains("3 i dag, 8 ønsket"));
    for path in [&person_report, &person_pdf] {
        assert_eq!(
            app.get(path, &[&manager]).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // NAV and the GP were not chosen.
    for username in ["kari", "dr-berg"] {
        let session = app.sign_in(username).await;
        let person = app.get(&person_page, &[&session]).await;
        assert!(!person.text.contains(SHARED_HEADING), "{username}");
    }

    // Taken back: gone on the very next request.
    let unshared = post(
        &app,
        &worker,
        PLAN,
        SHARE,
        &[
            ("audience", "manager"),
            ("document", "plan"),
            ("shared", "no"),
        ],
    )
    .await;
    assert_eq!(unshared.status, StatusCode::SEE_OTHER);
    let html = app.get(&person_page, &[&manager]).await.page().to_owned();
    assert!(!html.contains(SHARED_HEADING));
    assert!(!html.contains("Jobbe 50 %"));
    let html = app
        .get(&format!("{person_page}/plan"), &[&manager])
        .await
        .page()
        .to_owned();
    assert!(!html.contains(SHARED_HEADING));
    assert_eq!(
        app.get(&person_plan, &[&manager]).await.status,
        StatusCode::NOT_FOUND
    );

    // The report, with the profiles, never goes to the manager; to NAV
    // when the person shares it.
    let refused = post(
        &app,
        &worker,
        PLAN,
        SHARE,
        &[
            ("audience", "manager"),
            ("document", "report"),
            ("shared", "yes"),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&person_report, &[&manager]).await.status,
        StatusCode::NOT_FOUND
    );
    let shared = post(
        &app,
        &worker,
        PLAN,
        SHARE,
        &[
            ("audience", "nav"),
            ("document", "report"),
            ("shared", "yes"),
        ],
    )
    .await;
    assert_eq!(shared.status, StatusCode::SEE_OTHER);
    let caseworker = app.sign_in("kari").await;
    let html = app
        .get(&person_page, &[&caseworker])
        .await
        .page()
        .to_owned();
    assert!(html.contains(SHARED_HEADING));
    assert!(html.contains(&format!("href=\"{person_report}\"")));
    let report = app.get(&person_report, &[&caseworker]).await;
    assert_eq!(report.status, StatusCode::OK);
    assert!(report
        .page()
        .contains("Arbeidssituasjon: 3 i dag, 8 ønsket"));
    assert!(app
        .get(&person_pdf, &[&caseworker])
        .await
        .bytes
        .starts_with(b"%PDF"));
    let gp = app.sign_in("dr-berg").await;
    assert_eq!(
        app.get(&person_report, &[&gp]).await.status,
        StatusCode::NOT_FOUND
    );
    let unshared = post(
        &app,
        &worker,
        PLAN,
        SHARE,
        &[
            ("audience", "nav"),
            ("document", "report"),
            ("shared", "no"),
        ],
    )
    .await;
    assert_eq!(unshared.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&person_report, &[&caseworker]).await.status,
        StatusCode::NOT_FOUND
    );

    // The person sees the sharing and the reads in "who sees me".
    let html = app
        .get("/min-sykmelding/hvem-ser-meg", &[&worker])
        .await
        .page()
        .to_owned();
    assert!(html.contains("Du delte handlingsplanen din fra karriereveiledningen"));
    assert!(html.contains("Du sluttet å dele handlingsplanen din fra karriereveiledningen"));
    assert!(html.contains("Så på handlingsplanen din fra karriereveiledningen"));
    assert!(html.contains("Du delte kartleggingsrapporten din: NAV-veilederen din"));

    // Only the person shares.
    let counsellor = app.sign_in("vera").await;
    let html = app.get(&person_page, &[&counsellor]).await.text;
    let body = serde_urlencoded::to_string([
        ("csrf_token", csrf_of(&html).as_str()),
        ("audience", "manager"),
        ("document", "plan"),
        ("shared", "yes"),
    ])
    .unwrap();
    assert_eq!(
        app.post_form(SHARE, &body, &[&counsellor]).await.status,
        StatusCode::FORBIDDEN
    );

    // The person books guidance with the counsellor: she reads and writes
    // the plan and reads the report; her version is a draft until the person decides.
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
    assert_eq!(granted.status, StatusCode::SEE_OTHER);
    let html = app
        .get(&person_page, &[&counsellor])
        .await
        .page()
        .to_owned();
    assert!(html.contains(&format!("href=\"{person_plan}\"")));
    let page = app.get(&person_plan, &[&counsellor]).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.page();
    assert!(html.contains("Jobbe 50 % før sommeren"));
    assert!(!html.contains("name=\"final\""));
    assert!(!html.contains("id=\"deling\""));
    let saved = post(
        &app,
        &counsellor,
        &person_plan,
        &person_plan,
        &plan_fields("yes", "2026-04-01", true),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text);
    let html = app.get(PLAN, &[&worker]).await.page().to_owned();
    assert!(html.contains("Planen er nå: Utkast"));
    assert!(html.contains("Utgave 2,"));
    assert!(html.contains("av vera"));
    assert_eq!(
        app.get(&person_report, &[&counsellor]).await.status,
        StatusCode::OK
    );
    let pdf = app.get(&person_pdf, &[&counsellor]).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert!(pdf.bytes.starts_with(b"%PDF"));
}
