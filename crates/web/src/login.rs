//! Signing in and out with a username and password: sessions in cookies.
//!
//! A failed login answers 401 with the same message whether the user exists
//! or not, and takes about as long either way (an unknown user is verified
//! against a dummy hash). The log says which it was, without the username,
//! since a username may be a national identity number.
//!
//! Failed logins slow the next attempt for that account from that address
//! (see `throttle`): 429 with `Retry-After`, the password unchecked. A
//! successful sign-in ends the session the browser already had (the old
//! `tilbake_session` cookie's token is invalid afterwards).

use std::net::IpAddr;

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tilbake_store::NewSession;
use tilbake_ui::LoginFailure;

use crate::auth::{
    cookie, hash_password, new_token, secrets_equal, token_hash, verify_password, FormCsrfToken,
};
use crate::error::ApiError;
use crate::extract::{ApiForm, ClientAddress};
use crate::throttle::retry_after_seconds;
use crate::{AppState, CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE};

#[derive(Deserialize)]
pub struct LoginForm {
    username: String,
    password: String,
    /// Sent by the sign-in page's form (`tilbake_ui::FROM_PAGE_FIELD`).
    #[serde(default)]
    from_page: Option<String>,
    /// The page to go to afterwards (`tilbake_ui::NEXT_FIELD`), a local path.
    #[serde(default)]
    neste: Option<String>,
    /// The key of a form kept while its sender signs in again
    /// (`tilbake_ui::KEPT_FORM_FIELD`; see `resume`).
    #[serde(default)]
    skjema: Option<String>,
}

/// Put on a successful sign-in's answer when the sign-in page carried a
/// kept form's key: the `resume` middleware sends that form on.
#[derive(Clone, Debug)]
pub(crate) struct ResumeKeptForm(pub String);

/// `POST /login` (form `username`, `password`): sets the session cookie and
/// redirects (303) to `/`. A failure posted from the sign-in page (or by a
/// browser) answers with that page again, the message beside the fields and
/// the username kept; otherwise with the JSON error.
pub async fn login(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    ApiForm(form): ApiForm<LoginForm>,
) -> Result<Response, ApiError> {
    let from_page = tilbake_ui::posted_from_page(&headers, form.from_page.as_deref());
    let username = form.username.clone();
    let (next, kept_form) = (form.neste.clone(), form.skjema.clone());
    let failure = match sign_in(&state, address, &headers, form).await {
        Err(ApiError::InvalidCredentials) if from_page => LoginFailure::WrongCredentials,
        Err(ApiError::TooManyAttempts {
            retry_after_seconds,
        }) if from_page => LoginFailure::TooManyAttempts {
            retry_after_seconds,
        },
        answer => return answer,
    };
    Ok(tilbake_ui::login_failed(
        &headers,
        &username,
        failure,
        next.as_deref(),
        kept_form.as_deref(),
    ))
}

/// Checks the credentials and starts a session.
async fn sign_in(
    state: &AppState,
    address: Option<IpAddr>,
    headers: &HeaderMap,
    form: LoginForm,
) -> Result<Response, ApiError> {
    let now = state.clock.now();
    let store = &*state.store;
    let wait = state
        .throttle
        .wait(store, &form.username, address, now)
        .await?;
    if wait > 0 {
        tracing::warn!("login refused: too many failed attempts for the account from the address");
        return Err(ApiError::TooManyAttempts {
            retry_after_seconds: retry_after_seconds(wait),
        });
    }
    let user = state.store.user_by_username(&form.username).await?;
    let hash = match &user {
        Some(user) => user.password_hash.clone(),
        None => state
            .dummy_password_hash
            .get_or_init(|| hash_password(&new_token()))
            .clone(),
    };
    let password = form.password;
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .map_err(|error| ApiError::Internal(format!("password check failed: {error}")))?;
    let actor = match user {
        Some(user) if matches => user.actor,
        Some(_) => {
            tracing::info!("login refused: wrong password");
            state
                .throttle
                .record_failure(store, &form.username, address, now)
                .await?;
            return Err(ApiError::InvalidCredentials);
        }
        None => {
            tracing::info!("login refused: no such user");
            state
                .throttle
                .record_failure(store, &form.username, address, now)
                .await?;
            return Err(ApiError::InvalidCredentials);
        }
    };
    state
        .throttle
        .record_success(store, &form.username, address)
        .await?;
    // A new sign-in in this browser ends the session it had: its token
    // is no longer valid, whoever held it.
    if let Some(old_token) = cookie(headers, SESSION_COOKIE) {
        store.delete_session(&token_hash(&old_token)).await?;
    }
    let session_token = new_token();
    let csrf_token = new_token();
    let lifetime = state.config.session_lifetime_millis;
    state
        .store
        .create_session(&NewSession {
            token_hash: token_hash(&session_token),
            user_id: actor.user_id,
            csrf_token: csrf_token.clone(),
            created_at: now,
            expires_at: now.saturating_add(lifetime),
        })
        .await?;
    tracing::info!(role = actor.role.as_str(), "signed in");
    let secure = state.config.secure_cookies || came_over_https(headers);
    let max_age = lifetime / 1000;
    let next = form
        .neste
        .as_deref()
        .and_then(tilbake_ui::local_path)
        .unwrap_or("/");
    let mut response = (StatusCode::SEE_OTHER, [(header::LOCATION, next)]).into_response();
    append_cookie(
        &mut response,
        &session_cookie(SESSION_COOKIE, &session_token, max_age, true, secure),
    );
    // The CSRF cookie outlives the session by a day: a form sent just after
    // the session ended still proves it came from this site's own page
    // (see `resume`). Alone it opens nothing.
    append_cookie(
        &mut response,
        &session_cookie(
            CSRF_COOKIE,
            &csrf_token,
            max_age + crate::resume::CSRF_COOKIE_GRACE_SECONDS,
            false,
            secure,
        ),
    );
    if let Some(key) = form.skjema.filter(|key| tilbake_ui::is_kept_form_key(key)) {
        response.extensions_mut().insert(ResumeKeptForm(key));
    }
    Ok(response)
}

/// `POST /logout`: ends the session and clears the cookies. A live session
/// must send its CSRF token, as for every change.
pub async fn logout(
    State(state): State<AppState>,
    request: axum::extract::Request,
) -> Result<Response, ApiError> {
    let headers = request.headers();
    if let Some(session_token) = cookie(headers, SESSION_COOKIE) {
        let hash = token_hash(&session_token);
        if let Some(session) = state.store.session(&hash, state.clock.now()).await? {
            let sent = headers
                .get(CSRF_HEADER)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
                .or_else(|| {
                    request
                        .extensions()
                        .get::<FormCsrfToken>()
                        .map(|token| token.0.clone())
                });
            if !sent.is_some_and(|sent| secrets_equal(&sent, &session.csrf_token)) {
                return Err(ApiError::CsrfRefused);
            }
            state.store.delete_session(&hash).await?;
        }
    }
    let secure = state.config.secure_cookies || came_over_https(headers);
    let mut response = redirect_to_start();
    append_cookie(
        &mut response,
        &session_cookie(SESSION_COOKIE, "", 0, true, secure),
    );
    append_cookie(
        &mut response,
        &session_cookie(CSRF_COOKIE, "", 0, false, secure),
    );
    Ok(response)
}

/// Whether a proxy in front says the request came over HTTPS.
fn came_over_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|proto| proto.trim().eq_ignore_ascii_case("https"))
}

fn redirect_to_start() -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response()
}

/// A `Set-Cookie` value: `SameSite=Strict`, `Path=/`, `Max-Age`, and
/// `HttpOnly`/`Secure` as asked.
fn session_cookie(
    name: &str,
    value: &str,
    max_age_seconds: i64,
    http_only: bool,
    secure: bool,
) -> String {
    let mut cookie = format!("{name}={value}; Path=/; SameSite=Strict; Max-Age={max_age_seconds}");
    if http_only {
        cookie.push_str("; HttpOnly");
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}

fn append_cookie(response: &mut Response, cookie: &str) {
    // Tokens are base64url, so the value is always a valid header.
    if let Ok(value) = HeaderValue::from_str(cookie) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
}
