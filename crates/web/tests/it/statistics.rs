//! `GET /api/v1/statistics`: the contract's JSON (keys in its order) for a
//! caseworker, k from 5, refusals as the service makes them.

use axum::http::{header, Method, StatusCode};
use tilbake_domain::access::Role;

use crate::{certificate, spawn_app, Caller, EMPLOYER};

#[tokio::test]
async fn a_caseworker_reads_the_quarter_s_table_with_small_counts_suppressed() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    app.post_document(
        &token,
        &certificate("s1", "2024-01-01", "2024-03-31", "0301"),
    )
    .await;
    app.add_user("nav", Role::Caseworker, "4444").await;
    let caseworker = app.session("nav").await;

    let answer = app
        .send_as(
            &caseworker,
            Method::GET,
            "/api/v1/statistics?quarter=2024Q1&by=unit",
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(
        answer.text,
        concat!(
            r#"{"quarter":"2024Q1","by":"unit","k":5,"#,
            r#""columns":["none","employer_period_end","activity_requirement","dialogue_meeting_2","max_date"],"#,
            r#""rows":[{"group":"0301","cells":[0,0,null,0,0],"total":null}],"#,
            r#""total":{"cells":[0,0,null,0,0],"total":null}}"#
        )
    );
    assert!(answer.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(answer.headers[header::CACHE_CONTROL], "no-store");

    let by_diagnosis = app
        .send_as(
            &caseworker,
            Method::GET,
            "/api/v1/statistics?quarter=2024Q1&by=diagnosis_chapter&k=100",
            None,
        )
        .await;
    assert_eq!(by_diagnosis.status, StatusCode::OK, "{}", by_diagnosis.text);
    assert_eq!(by_diagnosis.json()["rows"][0]["group"], "ICPC-2:L");
    assert_eq!(by_diagnosis.json()["k"], 100);
}

#[tokio::test]
async fn a_k_below_5_and_other_bad_parameters_are_400_naming_the_parameter() {
    let app = spawn_app().await;
    app.add_user("nav", Role::Caseworker, "0301").await;
    let caseworker = app.session("nav").await;
    for (query, field) in [
        ("quarter=2024Q1&by=unit&k=4", "k"),
        ("quarter=2024Q1&by=unit&k=1", "k"),
        ("quarter=2024Q1&by=unit&k=101", "k"),
        ("quarter=2024Q1&by=unit&k=five", "k"),
        ("by=unit", "quarter"),
        ("quarter=2024Q5&by=unit", "quarter"),
        // The fixed clock stands on 2024-06-01: the second quarter has not ended.
        ("quarter=2024Q2&by=unit", "quarter"),
        ("quarter=2024Q1", "by"),
        ("quarter=2024Q1&by=employer", "by"),
    ] {
        let answer = app
            .send_as(
                &caseworker,
                Method::GET,
                &format!("/api/v1/statistics?{query}"),
                None,
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{query}: {}",
            answer.text
        );
        assert_eq!(answer.error().1.as_deref(), Some(field), "{query}");
    }
}

#[tokio::test]
async fn every_other_role_is_refused_403_and_an_anonymous_caller_401() {
    let app = spawn_app().await;
    app.add_user("boss", Role::Manager, EMPLOYER).await;
    app.add_user("admin", Role::Admin, "").await;
    let uri = "/api/v1/statistics?quarter=2024Q1&by=unit";
    for caller in [
        app.session("boss").await,
        app.session("admin").await,
        Caller::Token(app.system_token().await),
    ] {
        let answer = app.send_as(&caller, Method::GET, uri, None).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text);
        assert_eq!(answer.error().0, "forbidden");
    }
    let answer = app
        .send_as(&Caller::Anonymous, Method::GET, uri, None)
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}
