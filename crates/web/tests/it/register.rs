//! The population register's document (`population_register`): only a
//! system client sends it, the latest stored is shown, and who sees the
//! name and who the address goes through the access policy.

use axum::http::{Method, StatusCode};
use tilbake_domain::access::{AuditAction, Role};
use tilbake_domain::identity::Fnr;
use tilbake_store::{PersonRecord, Store};
use tilbake_web::token_hash;

use crate::{spawn_app, Caller, TestApp, EMPLOYER, PERSON};

fn register(id: &str, given: &str) -> String {
    serde_json::json!({
        "kind": "population_register", "id": id, "person": PERSON,
        "given_name": given, "family_name": "Nordmann",
        "street": "Storgata 1", "postcode": "0182", "city": "Oslo",
    })
    .to_string()
}

/// A certificate from [`EMPLOYER`], signed by the GP `gp1`, at unit 0301.
fn certificate() -> String {
    serde_json::json!({
        "kind": "sick_leave", "id": "s1", "person": PERSON, "from": "2024-05-01",
        "to": "2024-06-30", "grade": 100, "employer": EMPLOYER, "unit": "0301", "gp": "gp1",
    })
    .to_string()
}

async fn record_as(app: &TestApp, username: &str) -> Option<PersonRecord> {
    let (cookie, _) = app.sign_in(username).await;
    let session = app
        .store
        .session(&token_hash(&cookie), 0)
        .await
        .unwrap()
        .unwrap();
    let store: &dyn Store = app.store.as_ref();
    store
        .read_person(
            &session.actor,
            &Fnr::parse(PERSON).unwrap(),
            AuditAction::ReadDocuments,
            "",
            crate::today(),
            1,
        )
        .await
        .ok()
}

async fn kinds_seen(app: &TestApp, username: &str) -> Vec<String> {
    let caller = app.session(username).await;
    let answer = app
        .send_as(
            &caller,
            Method::GET,
            &format!("/api/v1/persons/{PERSON}/documents"),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{username}: {}", answer.text);
    answer.json()["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|document| document["kind"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn only_a_system_client_sends_it_and_a_person_gets_403_with_nothing_stored() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    app.post_document(&token, &certificate()).await;
    app.add_user("nav", Role::Caseworker, "0301").await;
    app.add_user("worker", Role::Worker, PERSON).await;
    for username in ["nav", "worker"] {
        let caller = app.session(username).await;
        let answer = app
            .send_as(
                &caller,
                Method::POST,
                "/api/v1/documents",
                Some(&register("r1", "Kari")),
            )
            .await;
        assert_eq!(
            answer.status,
            StatusCode::FORBIDDEN,
            "{username}: {}",
            answer.text
        );
        assert_eq!(answer.error().1.as_deref(), Some("kind"));
    }
    let system = Caller::Token(token.clone());
    let listed = app
        .send_as(
            &system,
            Method::GET,
            &format!("/api/v1/persons/{PERSON}/documents"),
            None,
        )
        .await;
    assert!(
        !listed.text.contains("population_register"),
        "{}",
        listed.text
    );
    assert!(record_as(&app, "nav").await.unwrap().name.is_none());
}

#[tokio::test]
async fn a_bad_name_is_refused_naming_the_field() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    let bad = register("r1", "Kari\u{0}");
    let answer = app
        .call(Method::POST, "/api/v1/documents", Some(&token), Some(&bad))
        .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.text
    );
    assert_eq!(
        answer.error(),
        (
            "invalid_characters".to_owned(),
            Some("given_name".to_owned())
        )
    );
}

#[tokio::test]
async fn the_latest_wins_and_each_role_sees_the_name_and_only_some_the_address() {
    let app = spawn_app().await;
    let token = app.system_token().await;
    app.post_document(&token, &certificate()).await;
    app.post_document(&token, &register("r1", "Kari")).await;
    app.post_document(&token, &register("r2", "Karin")).await;
    app.add_user("nav", Role::Caseworker, "0301").await;
    app.add_user("boss", Role::Manager, EMPLOYER).await;
    app.add_user("gp1", Role::Gp, "").await;
    app.add_user("worker", Role::Worker, PERSON).await;
    for (username, sees_address) in [
        ("nav", true),
        ("worker", true),
        ("boss", false),
        ("gp1", false),
    ] {
        let record = record_as(&app, username).await.unwrap();
        assert_eq!(record.name.unwrap().full(), "Karin Nordmann", "{username}");
        assert_eq!(record.address.is_some(), sees_address, "{username}");
        // The register's document, with its address, goes to the same readers.
        let kinds = kinds_seen(&app, username).await;
        assert_eq!(
            kinds.iter().any(|kind| kind == "population_register"),
            sees_address,
            "{username}: {kinds:?}"
        );
    }
    // A protected address is never shown, not even to the person.
    let protect = app
        .call(
            Method::PUT,
            &format!("/api/v1/persons/{PERSON}/address-protection"),
            Some(&token),
            Some(r#"{"protection": "fortrolig"}"#),
        )
        .await;
    assert!(protect.status.is_success(), "{}", protect.text);
    let record = record_as(&app, "worker").await.unwrap();
    assert!(record.name.is_some());
    assert!(record.address.is_none());
}
