//! The statistics pages: who gets what, that no suppressed count shows in
//! the HTML or the CSV, that the CSV is the contract's CSV of the same
//! table, and that the public page shows national figures to anyone.

use axum::http::{header, StatusCode};
use chrono::NaiveDate;
use tilbake_contract::statistics::table_csv;
use tilbake_domain::statistics::{table, Dimension, Quarter};
use tilbake_synth::synthetic_identity_number;

use crate::{spawn_app, TestApp, EMPLOYER};

/// `n` valid synthetic identity numbers, all born in 1980.
fn persons(n: usize, first_individual: u16) -> Vec<String> {
    let birth = NaiveDate::from_ymd_opt(1980, 5, 17).unwrap();
    (first_individual..)
        .filter_map(|individual| synthetic_identity_number(birth, individual))
        .take(n)
        .collect()
}

fn certificate(person: &str, from: &str, to: &str, unit: &str) -> String {
    format!(
        r#"{{"kind": "sick_leave", "id": "c-{person}", "person": "{person}", "from": "{from}", "to": "{to}",
            "grade": 100, "employer": "{EMPLOYER}", "unit": "{unit}", "gp": "dr-berg",
            "diagnosis": {{"system": "ICPC-2", "code": "L03"}}}}"#
    )
}

/// 2024Q1 (ended before the test clock's 1 June 2024): at unit 0301 seven
/// short cases and six that reach week 8; at unit 4601 two short cases,
/// which must be hidden (k = 5).
async fn app_with_a_quarter() -> TestApp {
    let app = spawn_app().await;
    let people = persons(15, 100);
    let mut documents = Vec::new();
    for person in &people[..7] {
        documents.push(certificate(person, "2024-01-08", "2024-01-17", "0301"));
    }
    for person in &people[7..13] {
        documents.push(certificate(person, "2024-01-08", "2024-03-31", "0301"));
    }
    for person in &people[13..] {
        documents.push(certificate(person, "2024-02-05", "2024-02-14", "4601"));
    }
    app.post_documents(&documents).await;
    app
}

/// The contract's CSV of the quarter's table by `by`, as the operator's
/// walk (`tilbake stats`) reads it, k = 5.
async fn contract_csv(app: &TestApp, quarter: &str, by: Dimension) -> String {
    let store = tilbake_store::open_maintenance(&app.database())
        .await
        .unwrap();
    let quarter = Quarter::parse(quarter).unwrap();
    let counted = store.quarter_cases(quarter, 0).await.unwrap();
    table_csv(&table(&counted.cases, quarter, by, 5))
}

/// The text of every `<td>` in a table row of the page whose header is `group`.
fn row_cells(html: &str, group: &str) -> Vec<String> {
    let start = html
        .find(&format!("<th scope=\"row\">{group}</th>"))
        .unwrap_or_else(|| panic!("no row {group}"));
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    row.split("<td")
        .skip(1)
        .map(|cell| {
            let text = &cell[cell.find('>').unwrap() + 1..];
            text[..text.find("</td>").unwrap()].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_caseworker_gets_the_page_and_every_other_role_403_and_the_anonymous_sign_in() {
    let app = app_with_a_quarter().await;
    for path in [
        "/statistikk/nav",
        "/statistikk/nav/csv?quarter=2024Q1&by=unit",
    ] {
        let anonymous = app.get(path, &[]).await;
        assert_eq!(anonymous.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(anonymous.location_path(), "/login");
        for username in ["ola", "mona", "dr-berg", "vera", "adm"] {
            let session = app.sign_in(username).await;
            let answer = app.get(path, &[&session]).await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{username} {path}");
            answer.page();
        }
        let session = app.sign_in("kari").await;
        let answer = app.get(path, &[&session]).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.text);
    }
    let session = app.sign_in("kari").await;
    // A quarter that has not ended, or a dimension that is not one: 400.
    for path in [
        "/statistikk/nav?quarter=2024Q2",
        "/statistikk/nav?by=shoe_size",
    ] {
        let answer = app.get(path, &[&session]).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{path}");
    }
    // The caseworker's menu links the page.
    let html = app.get("/benken", &[&session]).await.page().to_owned();
    assert!(html.contains("href=\"/statistikk/nav\""));
}

#[tokio::test]
async fn the_page_hides_small_counts_as_such_and_its_csv_is_the_contract_s_csv() {
    let app = app_with_a_quarter().await;
    let session = app.sign_in("kari").await;
    for by in Dimension::ALL {
        let query = format!("?quarter=2024Q1&by={}", by.as_str());
        let csv = app
            .get(&format!("/statistikk/nav/csv{query}"), &[&session])
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/csv"));
        assert_eq!(csv.text, contract_csv(&app, "2024Q1", by).await, "{by:?}");

        let page = app
            .get(&format!("/statistikk/nav{query}"), &[&session])
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let html = page.page();
        // Every line of the CSV is a row of the HTML table, a suppressed
        // count (an empty field) shown as "skjult (under k)", a published
        // one as its number, and nothing else.
        for line in csv.text.lines().skip(1) {
            let fields: Vec<&str> = line.split(',').collect();
            let group = if fields[0] == "total" {
                "Totalt"
            } else {
                fields[0]
            };
            let cells = row_cells(html, group);
            assert_eq!(cells.len(), fields.len() - 1, "{line}");
            for (cell, field) in cells.iter().zip(&fields[1..]) {
                if field.is_empty() {
                    assert_eq!(cell, "skjult (under k)", "{line}");
                } else {
                    assert_eq!(cell, field, "{line}");
                    let count: u64 = field.parse().unwrap();
                    assert!(count == 0 || count >= 5, "{line}");
                }
            }
        }
    }
    // By unit: 4601's two cases are hidden, in the table and in the chart.
    let html = app
        .get("/statistikk/nav?quarter=2024Q1&by=unit", &[&session])
        .await
        .text;
    assert!(row_cells(&html, "4601").contains(&"skjult (under k)".to_owned()));
    let chart = &html[html.find("<svg class=\"stat-chart\"").unwrap()..];
    let chart = &chart[..chart.find("</svg>").unwrap()];
    let bar_4601 = &chart[chart.find(">4601<").unwrap()..];
    let bar_4601 = &bar_4601[..bar_4601.find("stat-bar-value").unwrap()];
    assert!(!bar_4601.contains(": 2<"), "{bar_4601}");
    assert!(chart.contains(">skjult (under k)</text>"), "{chart}");
}

#[tokio::test]
async fn the_page_shows_the_trend_the_rates_and_their_definitions() {
    let app = app_with_a_quarter().await;
    let session = app.sign_in("kari").await;
    let html = app
        .get(
            "/statistikk/nav?quarter=2024Q1&by=unit&lang=en",
            &[&session],
        )
        .await
        .page()
        .to_owned();
    assert!(html.contains("The last quarters"));
    for quarter in ["2022Q2", "2023Q3", "2024Q1"] {
        assert!(
            html.contains(&format!("<th scope=\"row\">{quarter}</th>")),
            "{quarter}"
        );
    }
    // The plan's deadline for 2024Q1's cases has passed: the six long cases
    // had the duty, and none shared a plan.
    assert!(html.contains("Follow-up plan shared by week 4"));
    assert!(html.contains("0.0 % (0 of 6)"), "{html}");
    // Meeting 2 (week 26) of 2024Q1 is final from 31 March 2025.
    assert!(html.contains("not final"));
    assert!(html.contains("tilbake knows sick leave, not employment"));
}

#[tokio::test]
async fn a_document_stored_after_a_read_shows_in_the_next_read() {
    let app = app_with_a_quarter().await;
    let session = app.sign_in("kari").await;
    let before = app
        .get("/statistikk/nav/csv?quarter=2024Q1&by=graded", &[&session])
        .await
        .text;
    assert!(before.ends_with("total,9,0,6,0,0,15\n"), "{before}");
    let more = persons(5, 300);
    let documents: Vec<String> = more
        .iter()
        .map(|person| certificate(person, "2024-03-01", "2024-03-05", "0301"))
        .collect();
    app.post_documents(&documents).await;
    let after = app
        .get("/statistikk/nav/csv?quarter=2024Q1&by=graded", &[&session])
        .await
        .text;
    assert_ne!(before, after);
    assert_eq!(after, contract_csv(&app, "2024Q1", Dimension::Graded).await);
    assert!(after.ends_with("total,14,0,6,0,0,20\n"), "{after}");
}

#[tokio::test]
async fn the_public_page_shows_national_figures_to_anyone_and_nothing_per_unit() {
    let app = app_with_a_quarter().await;
    let anonymous = app.get("/statistikk", &[]).await;
    assert_eq!(anonymous.status, StatusCode::OK, "{}", anonymous.text);
    let html = anonymous.page();
    assert!(html.contains("tall for hele landet"));
    assert!(!html.contains("0301") && !html.contains("4601"), "{html}");
    assert!(html.contains("<th scope=\"row\">2024Q1</th>"));
    // 2024Q1's national totals: 9 short cases, 6 to week 8, 15 in all.
    let cells = row_cells(html, "2024Q1");
    assert_eq!(cells, ["9", "0", "6", "0", "0", "15"]);
    for username in ["kari", "ola", "adm"] {
        let session = app.sign_in(username).await;
        let answer = app.get("/statistikk", &[&session]).await;
        assert_eq!(answer.status, StatusCode::OK, "{username}");
    }
}
