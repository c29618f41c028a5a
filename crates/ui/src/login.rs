//! The sign-in page, `GET /login`, and the page a failed sign-in answers a
//! browser with.
//!
//! The form posts to `POST /login`, which the web crate serves (it owns
//! sessions). A failed sign-in from this page comes back as this page again:
//! the same message whatever the reason, the username kept, the message tied
//! to both fields.

use askama::Template;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use crate::lang::Lang;
use crate::page::{render, Frame, Page};
use crate::paths;
use crate::texts::{fill, Texts};

/// The hidden field by which the form says it was posted from the page.
pub const FROM_PAGE_FIELD: &str = "from_page";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginTemplate {
    frame: Frame,
    t: &'static Texts,
    username: String,
    error: Option<String>,
}

/// `GET /login`: the form; a signed-in person goes on to their page.
pub async fn page(page: Page) -> Response {
    if page.viewer.is_some() {
        return Redirect::to(paths::START).into_response();
    }
    let t = page.t;
    render(
        &LoginTemplate {
            frame: page.frame(t.login.heading),
            t,
            username: String::new(),
            error: None,
        },
        StatusCode::OK,
    )
}

/// Why a sign-in failed, as far as the page may say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoginFailure {
    /// Wrong username or password: one message for both (401).
    WrongCredentials,
    /// Too many failed attempts for the account from this address (429,
    /// with `Retry-After`): try again in this many seconds.
    TooManyAttempts { retry_after_seconds: u64 },
}

/// Whether a sign-in was posted from the page (the hidden field), or by a
/// browser (it asks for HTML), rather than by a script that wants JSON.
pub fn posted_from_page(headers: &HeaderMap, from_page_field: Option<&str>) -> bool {
    from_page_field.is_some_and(|value| !value.is_empty())
        || headers
            .get(header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
}

/// The sign-in page again after a failed sign-in, in the language the
/// reader chose, with what they typed as username.
pub fn login_failed(headers: &HeaderMap, username: &str, failure: LoginFailure) -> Response {
    let lang = Lang::of_request(None, headers);
    let t = lang.texts();
    let (status, error, retry_after) = match failure {
        LoginFailure::WrongCredentials => {
            (StatusCode::UNAUTHORIZED, t.login.failed.to_owned(), None)
        }
        LoginFailure::TooManyAttempts {
            retry_after_seconds,
        } => (
            StatusCode::TOO_MANY_REQUESTS,
            fill(
                t.login.too_many_attempts,
                &[("wait", &wait_text(t, retry_after_seconds))],
            ),
            Some(retry_after_seconds),
        ),
    };
    let mut frame = Frame::new(lang, None, paths::LOGIN, None, t.login.heading);
    frame.title = fill(t.common.page_title_error, &[("page", &t.login.heading)]);
    let mut response = render(
        &LoginTemplate {
            frame,
            t,
            username: username.to_owned(),
            error: Some(error),
        },
        status,
    );
    if let Some(seconds) = retry_after {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// "ett sekund", "30 sekunder", "ett minutt", "15 minutter" (minutes rounded up).
fn wait_text(t: &Texts, seconds: u64) -> String {
    let l = &t.login;
    match seconds {
        0 | 1 => l.wait_one_second.to_owned(),
        2..=59 => fill(l.wait_seconds, &[("count", &seconds)]),
        60 => l.wait_one_minute.to_owned(),
        _ => fill(l.wait_minutes, &[("count", &seconds.div_ceil(60))]),
    }
}
