//! The middleware around every route: request tracing by route template,
//! logging of internal errors, the JSON error shape on every `/api/` answer
//! and the HTML error page on every other (a page's form gets a page, never
//! JSON or axum's plain text), panics turned into a 500, and the CSRF token
//! of form posts.
//!
//! The trace logs the matched route template (`/api/v1/persons/{fnr}/followup`)
//! and never the raw URI: identity numbers and health data stay out of the log.

use std::any::Any;
use std::collections::HashMap;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{DefaultOnRequest, DefaultOnResponse, TraceLayer};
use tracing::{Level, Span};

use crate::auth::FormCsrfToken;
use crate::error::{ApiError, InternalErrorDetail};
use crate::AppState;

/// The longest error text of a rejection that is carried into the JSON answer.
const MAX_REJECTION_TEXT: usize = 4096;

fn is_api_path(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The fallback: a JSON 404 under `/api/`, the HTML 404 page elsewhere.
pub async fn route_not_found(request: Request) -> Response {
    if is_api_path(request.uri().path()) {
        ApiError::RouteNotFound.into_response()
    } else {
        tilbake_ui::error_page(request.uri(), request.headers(), StatusCode::NOT_FOUND)
    }
}

type MakeSpan = fn(&Request) -> Span;

/// The request span: method and route template, nothing from the URI itself.
fn request_span(request: &Request) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("<no route>", MatchedPath::as_str);
    tracing::info_span!("request", method = %request.method(), route)
}

/// Traces every request in a span named by its route template, and logs
/// each answer's status and latency.
pub fn trace_layer() -> TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    MakeSpan,
    DefaultOnRequest,
    DefaultOnResponse,
> {
    TraceLayer::new_for_http()
        .make_span_with(request_span as MakeSpan)
        .on_request(DefaultOnRequest::new().level(Level::DEBUG))
        .on_response(DefaultOnResponse::new().level(Level::INFO))
}

type PanicHandler = fn(Box<dyn Any + Send + 'static>) -> Response;

#[allow(clippy::needless_pass_by_value)] // CatchPanicLayer hands the panic over by value.
fn answer_panic(panic: Box<dyn Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic without a message");
    ApiError::Internal(format!("panic: {detail}")).into_response()
}

/// Turns a panic in a handler into a logged 500 instead of a dropped connection.
pub fn catch_panic_layer() -> CatchPanicLayer<PanicHandler> {
    CatchPanicLayer::custom(answer_panic as PanicHandler)
}

/// Logs the detail of an internal error, inside the request span.
pub async fn log_internal_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if let Some(InternalErrorDetail(detail)) = response.extensions().get::<InternalErrorDetail>() {
        tracing::error!(detail = %detail, "internal error");
    }
    response
}

/// Gives every error answer under `/api/` the JSON error shape, also the ones
/// that axum makes itself (405, a rejection's plain text).
pub async fn api_errors_as_json(request: Request, next: Next) -> Response {
    let is_api = is_api_path(request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    if !is_api
        || !(status.is_client_error() || status.is_server_error())
        || is_json(response.headers())
    {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = to_bytes(body, MAX_REJECTION_TEXT).await.unwrap_or_default();
    let mut answer =
        ApiError::from_status(status, String::from_utf8_lossy(&text).trim()).into_response();
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        answer.headers_mut().insert(header::ALLOW, allow.clone());
    }
    answer
}

/// Gives every error answer outside `/api/` (the pages, their forms) the
/// HTML error page with a plain message, also the ones axum makes itself
/// (a form that does not decode, a body over the limit, 405, a panic). An
/// answer that is HTML already is kept, and so is the JSON of `POST /login`
/// and `POST /logout`, which answer a script in JSON on purpose.
pub async fn page_errors_as_html(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    if is_api_path(path) {
        return next.run(request).await;
    }
    let answers_scripts = path == "/login" || path == "/logout";
    let uri = request.uri().clone();
    let headers = request.headers().clone();
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || is_html(response.headers())
        || (answers_scripts && is_json(response.headers()))
    {
        return response;
    }
    let mut page = tilbake_ui::error_page(&uri, &headers, status);
    for name in [header::ALLOW, header::RETRY_AFTER] {
        if let Some(value) = response.headers().get(&name) {
            page.headers_mut().insert(name, value.clone());
        }
    }
    if let Some(detail) = response.extensions().get::<InternalErrorDetail>() {
        page.extensions_mut().insert(detail.clone());
    }
    page
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|content_type| content_type.starts_with("text/html"))
}

/// Every API answer may carry a person's data: none is kept by a cache, and
/// none is sniffed into something else, as the pages' answers.
pub async fn api_no_store(request: Request, next: Next) -> Response {
    let is_api = is_api_path(request.uri().path());
    let mut response = next.run(request).await;
    if is_api {
        let headers = response.headers_mut();
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
    }
    response
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|content_type| content_type.starts_with("application/json"))
}

/// For a form post (a change sent as `application/x-www-form-urlencoded`),
/// reads the body within the limit and puts its `csrf_token` field where the
/// authentication extractor looks, then hands the body on unchanged.
pub async fn lift_form_csrf_token(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let is_form_post = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) && request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|content_type| content_type.starts_with("application/x-www-form-urlencoded"));
    if !is_form_post {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let Ok(bytes): Result<Bytes, _> = to_bytes(body, state.config.body_limit_bytes).await else {
        return if is_api_path(parts.uri.path()) {
            ApiError::PayloadTooLarge.into_response()
        } else {
            tilbake_ui::error_page(&parts.uri, &parts.headers, StatusCode::PAYLOAD_TOO_LARGE)
        };
    };
    if let Ok(fields) = serde_urlencoded::from_bytes::<HashMap<String, String>>(&bytes) {
        if let Some(token) = fields.get("csrf_token") {
            parts.extensions.insert(FormCsrfToken(token.clone()));
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
