//! A form sent after the session ended is not lost: it is kept here, the
//! sender signs in again, and then it is sent on as if just posted, so they
//! land on the page they were on with what they typed (saved, or shown
//! again with what is wrong).
//!
//! - A page's form post that the page answers with the way to the sign-in
//!   page (nobody signed in) is kept when it proves it came from this
//!   site's own page in this browser: its `csrf_token` field equals the
//!   CSRF cookie, which the browser sends only with a same-site request
//!   (`SameSite=Strict`) and which outlives the session by a day. A
//!   cross-site post has no such cookie and is never kept, so nothing
//!   another site makes a browser send is ever sent on.
//! - It is kept in this process's memory only (never in a URL, a log or
//!   the database), under a random key, bound to that CSRF cookie, for at
//!   most [`KEEP_MILLIS`]; at most [`MAX_KEPT`] at a time, each at most
//!   [`MAX_KEPT_BYTES`]. The sign-in page
//!   carries the key as a hidden field.
//! - A successful sign-in that carries the key (`login::ResumeKeptForm`)
//!   takes the form out (once) and, if the browser still has the same
//!   CSRF cookie, posts it again through the whole router with the new
//!   session and its new CSRF token.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tilbake_store::Millis;

use crate::auth::{cookie, new_token, secrets_equal, token_hash};
use crate::login::ResumeKeptForm;
use crate::{AppState, CSRF_COOKIE, SESSION_COOKIE};

/// How long a kept form waits for its sender to sign in: 30 minutes.
pub const KEEP_MILLIS: Millis = 30 * 60 * 1000;
/// How many forms are kept at once, at most (later ones are not kept).
pub const MAX_KEPT: usize = 1000;
/// The largest form kept (a page's form is text; a larger one is not
/// kept), so that what is kept stays within `MAX_KEPT` × this in memory.
pub const MAX_KEPT_BYTES: usize = 64 * 1024;
/// How much longer than the session the CSRF cookie lives: a day.
pub const CSRF_COOKIE_GRACE_SECONDS: i64 = 24 * 60 * 60;

struct KeptForm {
    /// The address it was posted to, with its query.
    address: String,
    /// Its fields, without the old CSRF token.
    fields: Vec<(String, String)>,
    /// The hash of the CSRF cookie it came with: only that browser resumes it.
    bound_to: String,
    kept_at: Millis,
}

/// The forms waiting for their senders to sign in again.
#[derive(Default)]
pub struct KeptForms(Mutex<HashMap<String, KeptForm>>);

impl KeptForms {
    fn keep(&self, form: KeptForm, now: Millis) -> Option<String> {
        let mut forms = self.0.lock().ok()?;
        forms.retain(|_, kept| now - kept.kept_at < KEEP_MILLIS);
        if forms.len() >= MAX_KEPT {
            return None;
        }
        let key = new_token();
        forms.insert(key.clone(), form);
        Some(key)
    }

    fn take(&self, key: &str, csrf_cookie: &str, now: Millis) -> Option<KeptForm> {
        let mut forms = self.0.lock().ok()?;
        let form = forms.remove(key)?;
        (now - form.kept_at < KEEP_MILLIS
            && secrets_equal(&form.bound_to, &token_hash(csrf_cookie)))
        .then_some(form)
    }

    /// How many are kept now (for tests).
    pub fn len(&self) -> usize {
        self.0.lock().map_or(0, |forms| forms.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn is_page_form_post(request: &Request) -> bool {
    let path = request.uri().path();
    request.method() == Method::POST
        && !(path == "/api" || path.starts_with("/api/") || path == "/login" || path == "/logout")
        && request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"))
}

/// Where an answer sends the browser, if it is a redirect.
fn location(response: &Response) -> Option<&str> {
    if !response.status().is_redirection() {
        return None;
    }
    response.headers().get(header::LOCATION)?.to_str().ok()
}

/// The middleware: keeps a form the page sent to the sign-in page, and
/// sends a kept form on after a sign-in that resumes it.
pub async fn keep_and_resume_forms(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == Method::POST && request.uri().path() == "/login" {
        return resume(&state, request, next).await;
    }
    if !is_page_form_post(&request) {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes): Result<Bytes, _> = to_bytes(body, state.config.body_limit_bytes).await else {
        return tilbake_ui::error_page(&parts.uri, &parts.headers, StatusCode::PAYLOAD_TOO_LARGE);
    };
    let address = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());
    let csrf_cookie = cookie(&parts.headers, CSRF_COOKIE);
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes.clone())))
        .await;
    let to_sign_in =
        location(&response).is_some_and(|to| to == "/login" || to.starts_with("/login?"));
    if !to_sign_in {
        return response;
    }
    let Some(csrf_cookie) = csrf_cookie.filter(|_| bytes.len() <= MAX_KEPT_BYTES) else {
        return response;
    };
    let Ok(posted) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes) else {
        return response;
    };
    let proven = posted
        .iter()
        .any(|(name, value)| name == "csrf_token" && secrets_equal(value, &csrf_cookie));
    if !proven {
        return response;
    }
    let now = state.clock.now();
    let fields = posted
        .into_iter()
        .filter(|(name, _)| name != "csrf_token")
        .collect();
    let Some(key) = state.kept_forms.keep(
        KeptForm {
            address: address.clone(),
            fields,
            bound_to: token_hash(&csrf_cookie),
            kept_at: now,
        },
        now,
    ) else {
        return response;
    };
    let query = serde_urlencoded::to_string([
        (tilbake_ui::NEXT_FIELD, address.as_str()),
        (tilbake_ui::KEPT_FORM_FIELD, key.as_str()),
    ])
    .unwrap_or_default();
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, format!("/login?{query}"))],
    )
        .into_response()
}

/// A sign-in; when it succeeded and resumes a kept form, that form posted
/// again with the new session, its answer carrying the new cookies.
async fn resume(state: &AppState, request: Request, next: Next) -> Response {
    let old_csrf_cookie = cookie(request.headers(), CSRF_COOKIE);
    let language = request.headers().get(header::ACCEPT_LANGUAGE).cloned();
    let other_cookies: Vec<String> = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .map(str::trim)
        .filter(|pair| {
            let name = pair.split_once('=').map_or(*pair, |(name, _)| name);
            !pair.is_empty() && name != SESSION_COOKIE && name != CSRF_COOKIE
        })
        .map(str::to_owned)
        .collect();
    let signed_in = next.clone().run(request).await;
    let Some(ResumeKeptForm(key)) = signed_in.extensions().get::<ResumeKeptForm>().cloned() else {
        return signed_in;
    };
    let Some(old_csrf_cookie) = old_csrf_cookie else {
        return signed_in;
    };
    let Some(kept) = state
        .kept_forms
        .take(&key, &old_csrf_cookie, state.clock.now())
    else {
        return signed_in;
    };
    // The new session's cookies, as the sign-in just set them.
    let set_cookies: Vec<HeaderValue> = signed_in
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .cloned()
        .collect();
    let new_value = |name: &str| {
        set_cookies.iter().find_map(|value| {
            let text = value.to_str().ok()?;
            let (pair, _) = text.split_once(';').unwrap_or((text, ""));
            let (key, value) = pair.split_once('=')?;
            (key == name).then(|| value.to_owned())
        })
    };
    let (Some(session), Some(csrf)) = (new_value(SESSION_COOKIE), new_value(CSRF_COOKIE)) else {
        return signed_in;
    };
    let mut fields = kept.fields;
    fields.push(("csrf_token".to_owned(), csrf.clone()));
    let Ok(body) = serde_urlencoded::to_string(&fields) else {
        return signed_in;
    };
    let mut cookies = other_cookies;
    cookies.push(format!("{SESSION_COOKIE}={session}"));
    cookies.push(format!("{CSRF_COOKIE}={csrf}"));
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri(&kept.address)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, "text/html")
        .header(header::COOKIE, cookies.join("; "));
    if let Some(language) = language {
        builder = builder.header(header::ACCEPT_LANGUAGE, language);
    }
    let Ok(replay) = builder.body(Body::from(body)) else {
        return signed_in;
    };
    tracing::info!("a form kept over a sign-in is sent on");
    let mut answer = next.run(replay).await;
    for value in set_cookies {
        answer.headers_mut().append(header::SET_COOKIE, value);
    }
    answer
}
