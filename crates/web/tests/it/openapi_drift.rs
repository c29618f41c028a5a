//! The drift check: the OpenAPI description and the router agree on every
//! path and method, both ways. Pages (`tilbake-ui`) are not API and are
//! left out.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use serde_json::Value;

use crate::spawn_app;

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

fn described() -> BTreeSet<(String, String)> {
    let spec: Value = serde_json::from_str(tilbake_web::OPENAPI_JSON).unwrap();
    let mut routes = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for method in METHODS {
            if item.get(method).is_some() {
                routes.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    routes
}

/// A concrete path for a template: every `{parameter}` filled in.
fn concrete(template: &str) -> String {
    template
        .replace("{fnr}", crate::PERSON)
        .replace("{task_id}", "2024-01-01:follow_up_plan")
        .replace("{username}", "nils")
        .replace("{id}", "1")
}

#[test]
fn every_route_the_router_serves_is_described_and_every_described_route_is_listed() {
    let served: BTreeSet<(String, String)> = tilbake_web::route_list().into_iter().collect();
    let described = described();
    let undescribed: Vec<_> = served.difference(&described).collect();
    let unserved: Vec<_> = described.difference(&served).collect();
    assert!(
        undescribed.is_empty(),
        "served but not in openapi.json: {undescribed:?}"
    );
    assert!(
        unserved.is_empty(),
        "in openapi.json but not served: {unserved:?}"
    );
}

#[tokio::test]
async fn every_described_route_answers_and_every_other_method_on_its_path_is_405() {
    let app = spawn_app().await;
    let described = described();
    // Pages (HTML for browsers) may share a path with an API route, as
    // `GET /login` shares `/login` with `POST /login`; they are not API.
    let pages: BTreeSet<(String, String)> = tilbake_web::page_route_list().into_iter().collect();
    let paths: BTreeSet<&String> = described.iter().map(|(_, path)| path).collect();
    for path in paths {
        for method in METHODS {
            let method_name = method.to_uppercase();
            if pages.contains(&(method_name.clone(), path.clone())) {
                continue;
            }
            let answer = app
                .call(
                    Method::from_bytes(method_name.as_bytes()).unwrap(),
                    &concrete(path),
                    None,
                    None,
                )
                .await;
            if described.contains(&(method_name.clone(), path.clone())) {
                assert_ne!(
                    answer.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method_name} {path}"
                );
                if answer.status == StatusCode::NOT_FOUND {
                    assert_ne!(answer.error().0, "route_not_found", "{method_name} {path}");
                }
            } else {
                assert_eq!(
                    answer.status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{method_name} {path}: {}",
                    answer.text
                );
            }
        }
    }
}

#[tokio::test]
async fn the_description_is_served_as_json() {
    let app = spawn_app().await;
    let answer = app
        .call(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.json()["openapi"], "3.1.0");
    assert_eq!(answer.text, tilbake_web::OPENAPI_JSON);
}

/// The audit log's actions as the description lists them are every action
/// there is (a new one missing there made answers break the description).
#[test]
fn the_description_lists_every_audit_action() {
    let spec: Value = serde_json::from_str(tilbake_web::OPENAPI_JSON).unwrap();
    let described: Vec<&str> = spec["components"]["schemas"]["AuditEntry"]["properties"]["action"]
        ["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|action| action.as_str().unwrap())
        .collect();
    let actions: Vec<&str> = tilbake_domain::access::AuditAction::ALL
        .iter()
        .map(|action| action.as_str())
        .collect();
    assert_eq!(described, actions);
}
