//! The OpenAPI 3.1 description of the service, written by hand in
//! `crates/web/openapi.json` and served as it is. A test compares its paths
//! and methods with the routes the router serves (the drift check).

/// The OpenAPI document, as served at `GET /api/v1/openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_is_json_of_openapi_3() {
        let spec: serde_json::Value = serde_json::from_str(OPENAPI_JSON).unwrap();
        assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    }
}
