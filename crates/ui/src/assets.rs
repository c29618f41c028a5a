//! The stylesheet, compiled into the binary (no Node toolchain, no files to
//! deploy) and served at `/static/tilbake.css` with its version in the link,
//! so a browser may keep it for a year and still never shows a stale one.

use std::sync::LazyLock;

use axum::extract::RawQuery;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::paths;

/// The stylesheet of every page.
pub const STYLESHEET: &str = include_str!("../static/tilbake.css");

/// The stylesheet's version: a hash of its bytes (64-bit FNV-1a), computed
/// at compile time.
const STYLESHEET_VERSION: u64 = fnv1a(STYLESHEET.as_bytes());

/// The link the layout uses: `/static/tilbake.css?v=<version>`.
pub static STYLESHEET_HREF: LazyLock<String> =
    LazyLock::new(|| format!("{}?v={}", paths::STYLESHEET, version_text()));

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

fn version_text() -> String {
    format!("{STYLESHEET_VERSION:016x}")
}

/// `GET /static/tilbake.css`: 304 when the browser has this version
/// (`If-None-Match`); cached for a year when asked for by its versioned link,
/// for five minutes otherwise.
pub async fn stylesheet(headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let etag = format!("\"{}\"", version_text());
    let versioned = query.is_some_and(|query| query == format!("v={}", version_text()));
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
        (
            [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
            STYLESHEET,
        )
            .into_response()
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
