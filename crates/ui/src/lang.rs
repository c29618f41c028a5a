//! The language of a page: Norwegian bokmål unless the reader chose English
//! with the switch in the header (`?lang=en`), which a cookie remembers.

use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::texts::{Texts, EN, NB};

/// The cookie that remembers the chosen language (not secret, not HttpOnly).
pub const LANG_COOKIE: &str = "tilbake_lang";
/// The query parameter of the language switch.
pub const LANG_PARAMETER: &str = "lang";
/// How long the choice is remembered: a year.
const LANG_COOKIE_SECONDS: u32 = 365 * 24 * 60 * 60;

/// A language the pages are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Norwegian bokmål, the default.
    Nb,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Nb, Lang::En];

    /// The BCP 47 code, as in `<html lang>` and `?lang=`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Nb => "nb",
            Lang::En => "en",
        }
    }

    pub fn parse(text: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == text)
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Nb => &NB,
            Lang::En => &EN,
        }
    }

    /// The language the switch offers.
    #[must_use]
    pub fn other(self) -> Lang {
        match self {
            Lang::Nb => Lang::En,
            Lang::En => Lang::Nb,
        }
    }

    /// The language of a request: `?lang=` first, then the cookie, else bokmål.
    pub fn of_request(query: Option<&str>, headers: &HeaderMap) -> Lang {
        query
            .and_then(query_lang)
            .or_else(|| cookie(headers, LANG_COOKIE).and_then(|code| Lang::parse(&code)))
            .unwrap_or(Lang::Nb)
    }
}

/// The language a query string asks for, if it asks for a known one.
pub fn query_lang(query: &str) -> Option<Lang> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()?
        .into_iter()
        .find(|(name, _)| name == LANG_PARAMETER)
        .and_then(|(_, value)| Lang::parse(&value))
}

/// The value of one cookie in the request.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"').to_owned())
}

/// Middleware: when a page is asked for with `?lang=`, remembers the choice
/// in the language cookie, so the next pages and the sign-in answer keep it.
pub async fn remember_language(request: Request, next: Next) -> Response {
    let chosen = request.uri().query().and_then(query_lang);
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age={LANG_COOKIE_SECONDS}",
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_wins_over_the_cookie_and_bokmal_is_the_default() {
        let mut headers = HeaderMap::new();
        assert_eq!(Lang::of_request(None, &headers), Lang::Nb);
        headers.insert(header::COOKIE, "a=1; tilbake_lang=en".parse().unwrap());
        assert_eq!(Lang::of_request(None, &headers), Lang::En);
        assert_eq!(Lang::of_request(Some("kind=x&lang=nb"), &headers), Lang::Nb);
        assert_eq!(Lang::of_request(Some("lang=xx"), &headers), Lang::En);
    }
}
