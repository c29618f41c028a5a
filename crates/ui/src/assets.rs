//! The stylesheet and the one script, compiled into the binary (no Node toolchain, no files to
//! deploy) and served at `/static/tilbake.css` with its version in the link,
//! so a browser may keep it for a year and still never shows a stale one.

use std::sync::LazyLock;

use axum::extract::RawQuery;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::paths;

/// The stylesheet of every page.
pub const STYLESHEET: &str = include_str!("../static/tilbake.css");

/// The one script: the plan's health-word hint as the text is written
/// (the server says the same after saving; the page works without it).
pub const PLAN_HINT_SCRIPT: &str = include_str!("../static/plan-hint.js");

/// Each asset's version: a hash of its bytes (64-bit FNV-1a), computed at
/// compile time.
const STYLESHEET_VERSION: u64 = fnv1a(STYLESHEET.as_bytes());
const PLAN_HINT_VERSION: u64 = fnv1a(PLAN_HINT_SCRIPT.as_bytes());

/// The links the pages use: `/static/tilbake.css?v=<version>`.
pub static STYLESHEET_HREF: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{}?v={}",
        paths::STYLESHEET,
        version_text(STYLESHEET_VERSION)
    )
});
pub static PLAN_HINT_HREF: LazyLock<String> = LazyLock::new(|| {
    format!(
        "{}?v={}",
        paths::PLAN_HINT_SCRIPT,
        version_text(PLAN_HINT_VERSION)
    )
});

const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut index = 0;
    while index < bytes.len() {
        hash ^= bytes[index] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        index += 1;
    }
    hash
}

fn version_text(version: u64) -> String {
    format!("{version:016x}")
}

/// `GET /static/tilbake.css`.
pub async fn stylesheet(headers: HeaderMap, query: RawQuery) -> Response {
    serve(
        STYLESHEET,
        "text/css; charset=utf-8",
        STYLESHEET_VERSION,
        &headers,
        query,
    )
}

/// `GET /static/plan-hint.js`.
pub async fn plan_hint_script(headers: HeaderMap, query: RawQuery) -> Response {
    serve(
        PLAN_HINT_SCRIPT,
        "text/javascript; charset=utf-8",
        PLAN_HINT_VERSION,
        &headers,
        query,
    )
}

/// An asset: 304 when the browser has this version (`If-None-Match`);
/// cached for a year when asked for by its versioned link, for five minutes
/// otherwise.
fn serve(
    body: &'static str,
    content_type: &'static str,
    version: u64,
    headers: &HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let etag = format!("\"{}\"", version_text(version));
    let versioned = query.is_some_and(|query| query == format!("v={}", version_text(version)));
    let cache_control = if versioned {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    let has_this_version = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == etag));
    let mut response = if has_this_version {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, content_type)], body).into_response()
    };
    let response_headers = response.headers_mut();
    response_headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(cache_control),
    );
    response_headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response_headers.insert(header::ETAG, value);
    }
    response
}
