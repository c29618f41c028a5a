//! Who is calling: passwords (argon2id), tokens (32 random bytes, stored only
//! as SHA-256 hashes), and the extractors that prove an actor.
//!
//! [`Authenticated`] takes `Authorization: Bearer <token>` (a system client's
//! API token) or the session cookie. A change (any method but GET, HEAD and
//! OPTIONS) authenticated by the cookie must also carry the session's CSRF
//! token, in the `X-CSRF-Token` header or the `csrf_token` form field;
//! bearer-token requests are exempt, since a browser never adds that header
//! on its own. What the caller may then do is the access policy's
//! (`tilbake_domain::access::policy`), asked by the store, never decided here.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use tilbake_store::Actor;

use crate::error::ApiError;
use crate::{AppState, CSRF_HEADER, SESSION_COOKIE};

/// Hashes a password with argon2id and its default parameters, in the PHC
/// string form (`$argon2id$v=19$…`) that carries salt and parameters.
pub fn hash_password(password: &str) -> String {
    let salt =
        SaltString::encode_b64(&random_bytes::<16>()).expect("16 bytes always encode as a salt");
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2id with default parameters hashes any password")
        .to_string()
}

/// Whether `password` matches the PHC string `hash`. A hash that does not
/// parse matches nothing.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A new secret token: 32 random bytes, base64url without padding (43 characters).
pub fn new_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

/// The hash under which a token is stored: SHA-256, lower-case hex.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // Without the operating system's randomness no secret can be made; that
    // is a broken machine, not a request to answer.
    getrandom::getrandom(&mut bytes).expect("the operating system's random source");
    bytes
}

/// Compares two secrets in time that does not depend on where they differ.
pub(crate) fn secrets_equal(left: &str, right: &str) -> bool {
    left.len() == right.len()
        && left
            .bytes()
            .zip(right.bytes())
            .fold(0u8, |difference, (a, b)| difference | (a ^ b))
            == 0
}

/// The CSRF token a form carried, lifted out of the body by a middleware
/// before the handler runs (see `layers::lift_form_csrf_token`).
#[derive(Clone, Debug)]
pub(crate) struct FormCsrfToken(pub String);

/// The value of one cookie in the request.
pub(crate) fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"').to_owned())
}

/// The bearer token of the request, if it has one.
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

pub(crate) fn is_change(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// A caller proven by API token or session.
#[derive(Clone, Debug)]
pub struct Authenticated(pub Actor);

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Authenticated, ApiError> {
        if let Some(token) = bearer_token(&parts.headers) {
            let actor = state.store.api_token_actor(&token_hash(token)).await?;
            return actor.map(Authenticated).ok_or(ApiError::Unauthenticated);
        }
        let Some(session_token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(ApiError::Unauthenticated);
        };
        let Some(session) = state
            .store
            .session(&token_hash(&session_token), state.clock.now())
            .await?
        else {
            return Err(ApiError::Unauthenticated);
        };
        if is_change(&parts.method) && !sent_csrf_token(parts, &session.csrf_token) {
            return Err(ApiError::CsrfRefused);
        }
        Ok(Authenticated(session.actor))
    }
}

/// Whether the request carries the session's CSRF token, in the
/// `X-CSRF-Token` header or the `csrf_token` form field (lifted out of the
/// body by `layers::lift_form_csrf_token`).
pub(crate) fn sent_csrf_token(parts: &Parts, csrf_token: &str) -> bool {
    let sent = parts
        .headers
        .get(CSRF_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .or_else(|| {
            parts
                .extensions
                .get::<FormCsrfToken>()
                .map(|token| token.0.clone())
        });
    sent.is_some_and(|sent| secrets_equal(&sent, csrf_token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_no_other() {
        let hash = hash_password("correct horse");
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("correct horsE", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn tokens_are_43_base64url_characters_and_differ() {
        let (first, second) = (new_token(), new_token());
        assert_eq!(first.len(), 43);
        assert!(first
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'));
        assert_ne!(first, second);
        assert_eq!(token_hash(&first).len(), 64);
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            "a=1; tilbake_session=abc; b=2".parse().unwrap(),
        );
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("abc"));
        assert_eq!(cookie(&headers, "c"), None);
    }

    #[test]
    fn secrets_compare_equal_only_when_equal() {
        assert!(secrets_equal("abc", "abc"));
        assert!(!secrets_equal("abc", "abd"));
        assert!(!secrets_equal("abc", "abcd"));
    }
}
