//! The HTTP surface of tilbake (`shared/contracts/service.md`): the axum
//! router with its routes, the authentication extractors (API tokens and
//! session cookies), CSRF protection, login throttling, the JSON error shape
//! of `/api/` and the OpenAPI description.
//!
//! It is the only crate that knows HTTP. It is not the place for rules (those
//! are in `tilbake-domain`), for SQL or access filters (the store applies the
//! actor's scope in its queries and writes the audit log), or for reading
//! configuration from the environment (the binary does that and passes a
//! [`WebConfig`]). The clock is read in one place, [`Clock::System`]; every
//! handler passes `now` and `today` on to the store.

mod api;
mod auth;
mod clock;
mod config;
mod error;
mod events_api;
mod extract;
mod instruments;
mod layers;
mod login;
mod openapi;
mod pages;
mod resume;
mod throttle;

use std::sync::{Arc, OnceLock};

use axum::extract::DefaultBodyLimit;
use axum::{middleware, Router};
use instruments::load_catalogue;
use tilbake_domain::guidance::Catalogue;
use tilbake_store::Store;

pub use crate::auth::{hash_password, new_token, token_hash, verify_password, Authenticated};
pub use crate::clock::Clock;
pub use crate::config::{LoginLimits, WebConfig};
pub use crate::error::ApiError;
pub use crate::events_api::check_webhook_url;
pub use crate::openapi::OPENAPI_JSON;
pub use crate::resume::KeptForms;
pub use crate::throttle::LoginThrottle;

/// Name of the cookie that carries the session token (HttpOnly).
pub const SESSION_COOKIE: &str = "tilbake_session";
/// Name of the cookie that carries the session's CSRF token, readable by the
/// page's own scripts so they can send it back as `X-CSRF-Token`.
pub const CSRF_COOKIE: &str = "tilbake_csrf";
/// Header that carries the CSRF token on changes authenticated by cookie.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// What every handler gets: the store, the configuration and the clock.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<WebConfig>,
    pub clock: Clock,
    /// The guidance instruments, loaded at start.
    pub instruments: Arc<Catalogue>,
    throttle: Arc<LoginThrottle>,
    /// A hash to verify against when the user does not exist, so that a
    /// failed login takes as long either way. Made on first use.
    dummy_password_hash: Arc<OnceLock<String>>,
    /// Forms sent after the session ended, waiting for their senders to
    /// sign in again (`resume`).
    pub kept_forms: Arc<KeptForms>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig, clock: Clock) -> AppState {
        AppState {
            store,
            instruments: Arc::new(load_catalogue(config.instruments_dir.as_deref())),
            throttle: Arc::new(LoginThrottle::new(config.login_limits)),
            config: Arc::new(config),
            clock,
            dummy_password_hash: Arc::new(OnceLock::new()),
            kept_forms: Arc::new(KeptForms::default()),
        }
    }
}

/// The whole application: the pages (`tilbake-ui`), health, login and
/// logout, and the `/api/v1` routes.
pub fn app(state: AppState) -> Router {
    let body_limit = state.config.body_limit_bytes;
    let form_csrf = middleware::from_fn_with_state(state.clone(), layers::lift_form_csrf_token);
    let keep_forms = middleware::from_fn_with_state(state.clone(), resume::keep_and_resume_forms);
    let inner = Router::new()
        .merge(tilbake_ui::routes::<AppState>().router)
        .merge(api::routes().router)
        .fallback(layers::route_not_found)
        // Layers run bottom-up: the last one added sees the request first.
        .layer(form_csrf)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(layers::catch_panic_layer())
        .layer(middleware::from_fn(layers::api_errors_as_json))
        .layer(middleware::from_fn(layers::page_errors_as_html))
        .layer(middleware::from_fn(layers::api_no_store))
        .layer(middleware::from_fn(layers::log_internal_errors))
        .layer(layers::trace_layer())
        .with_state(state);
    // Keeping a form over a sign-in wraps the whole application: a form
    // sent on after signing in goes through every route and layer again
    // (a layer of the inner router wraps each route by itself).
    Router::new().fallback_service(inner).layer(keep_forms)
}

/// Every route the router serves except the pages, as (method, path
/// template): the list the OpenAPI drift check compares with `openapi.json`.
#[doc(hidden)]
pub fn route_list() -> Vec<(String, String)> {
    api::routes()
        .listed
        .into_iter()
        .map(|(method, path)| (method.to_string(), path.to_owned()))
        .collect()
}

/// The pages' routes (HTML for browsers, not API), as (method, path): the
/// OpenAPI drift check leaves these out.
#[doc(hidden)]
pub fn page_route_list() -> Vec<(String, String)> {
    tilbake_ui::routes::<AppState>()
        .listed
        .into_iter()
        .map(|(method, path)| (method.to_string(), path.to_owned()))
        .collect()
}
