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
/// The query parameter and hidden field with the page to go back to after
/// signing in (a local path: [`local_path`]).
pub const NEXT_FIELD: &str = "neste";
/// The query parameter and hidden field with the key of a form kept while
/// its sender signs in again (the web crate keeps it, never in a URL).
pub const KEPT_FORM_FIELD: &str = "skjema";

#[derive(Template)]
#[template(path = "login.html")]
struct LoginTemplate {
    frame: Frame,
    t: &'static Texts,
    username: String,
    error: Option<String>,
    /// Where to go after signing in, and the kept form's key ("" for none).
    next: String,
    kept_form: String,
}

impl LoginTemplate {
    /// What the page says about coming back, if anything.
    fn notice(&self) -> Option<&'static str> {
        if !self.kept_form.is_empty() {
            Some(self.t.login.kept_form_notice)
        } else if !self.next.is_empty() {
            Some(self.t.login.next_notice)
        } else {
            None
        }
    }
}

/// `text` if it is a path on this site to go to after signing in: it
/// starts with one `/` (not `//` or `/\`, which a browser takes as another
/// host), holds no backslash, space or control character, and is not
/// absurdly long. Anything else (`https://…`, `//evil.example`) is refused,
/// so the sign-in can never send anyone elsewhere.
pub fn local_path(text: &str) -> Option<&str> {
    let mut characters = text.chars();
    let local = characters.next() == Some('/')
        && !matches!(characters.next(), Some('/' | '\\'))
        && text.len() <= 2000
        && !text.contains('\\')
        && !text
            .chars()
            .any(|character| character.is_control() || character.is_whitespace());
    local.then_some(text)
}

/// The sign-in page's address that leads back to `next` afterwards.
pub fn login_href(next: &str) -> String {
    match local_path(next) {
        Some(next) if next != paths::START => {
            let query = serde_urlencoded::to_string([(NEXT_FIELD, next)]).unwrap_or_default();
            format!("{}?{query}", paths::LOGIN)
        }
        _ => paths::LOGIN.to_owned(),
    }
}

/// `GET /login`: the form; a signed-in person goes on to their page (or
/// the one `neste` names).
pub async fn page(page: Page) -> Response {
    let next = page
        .query_value(NEXT_FIELD)
        .and_then(|next| local_path(&next).map(str::to_owned))
        .unwrap_or_default();
    if page.viewer.is_some() {
        let to = if next.is_empty() { paths::START } else { &next };
        return Redirect::to(to).into_response();
    }
    let kept_form = page
        .query_value(KEPT_FORM_FIELD)
        .filter(|key| is_kept_form_key(key))
        .unwrap_or_default();
    let t = page.t;
    render(
        &LoginTemplate {
            frame: page.frame(t.login.heading),
            t,
            username: String::new(),
            error: None,
            next,
            kept_form,
        },
        StatusCode::OK,
    )
}

/// Whether `key` looks like a kept form's key (base64url, as the web
/// crate's tokens): anything else is not carried on.
pub fn is_kept_form_key(key: &str) -> bool {
    (16..=64).contains(&key.len())
        && key
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
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
/// reader chose, with what they typed as username, and still leading back
/// to `next` with the kept form `kept_form` (each checked again here).
pub fn login_failed(
    headers: &HeaderMap,
    username: &str,
    failure: LoginFailure,
    next: Option<&str>,
    kept_form: Option<&str>,
) -> Response {
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
            next: next.and_then(local_path).unwrap_or_default().to_owned(),
            kept_form: kept_form
                .filter(|key| is_kept_form_key(key))
                .unwrap_or_default()
                .to_owned(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_on_this_site_is_gone_back_to() {
        for local in [
            "/",
            "/person/abc/moter?lagret=svar",
            "/min-sykmelding",
            "/a//b",
        ] {
            assert_eq!(local_path(local), Some(local), "{local}");
        }
        for elsewhere in [
            "//evil.example",
            "//evil.example/path",
            "/\\evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            "/a\\b",
            "/a b",
            "/a\nLocation: //evil.example",
            "/\t/evil.example",
        ] {
            assert_eq!(local_path(elsewhere), None, "{elsewhere:?}");
        }
    }

    #[test]
    fn the_sign_in_address_carries_the_page_encoded() {
        assert_eq!(
            login_href("/person/abc/moter?lang=en"),
            "/login?neste=%2Fperson%2Fabc%2Fmoter%3Flang%3Den"
        );
        assert_eq!(login_href("/"), "/login");
        assert_eq!(login_href("//evil.example"), "/login");
    }
}
