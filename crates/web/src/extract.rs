//! Extractors whose rejections are [`ApiError`]s, so that bad JSON, a wrong
//! content type, a body over the limit and bad path or query parameters all
//! answer in the error shape of the API, never with axum's plain text.

use std::net::{IpAddr, SocketAddr};

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, FormRejection, PathRejection, QueryRejection};
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::response::IntoResponse;
use axum::Form;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use tilbake_contract::followup::parse_date;
use tilbake_domain::identity::Fnr;

use crate::error::ApiError;
use crate::AppState;

/// The raw body of a JSON request: the content type is JSON (or not given),
/// in UTF-8 (a `charset` other than UTF-8 is refused with 415, naming it),
/// and the body is within the limit.
pub struct JsonBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBytes {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<JsonBytes, ApiError> {
        json_or_unspecified(request.headers())?;
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection: BytesRejection| rejection_error(rejection))?;
        Ok(JsonBytes(bytes))
    }
}

/// The raw body of a request whose JSON body is optional: an empty body is
/// no body, whatever content type a client declares with it (`curl -d ''`
/// sends a form type); a body that is there is held to [`JsonBytes`]' rule.
pub struct OptionalJsonBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for OptionalJsonBytes {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<OptionalJsonBytes, ApiError> {
        let declared_json = json_or_unspecified(request.headers());
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection: BytesRejection| rejection_error(rejection))?;
        if !bytes.iter().all(u8::is_ascii_whitespace) {
            declared_json?;
        }
        Ok(OptionalJsonBytes(bytes))
    }
}

/// A JSON object body, for the small bodies whose fields the handler reads
/// one by one (so each error can name its field).
pub struct JsonObject(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonObject {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<JsonObject, ApiError> {
        let JsonBytes(bytes) = JsonBytes::from_request(request, state).await?;
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(Value::Object(fields)) => Ok(JsonObject(fields)),
            Ok(_) => Err(ApiError::MalformedJson {
                message: "the body must be a JSON object".to_owned(),
            }),
            Err(error) => Err(ApiError::MalformedJson {
                message: format!("not valid JSON: {error}"),
            }),
        }
    }
}

impl JsonObject {
    /// A required string field (422 `missing_field` or `invalid_field`).
    pub fn required_string(&self, field: &str) -> Result<&str, ApiError> {
        match self.0.get(field) {
            None | Some(Value::Null) => {
                Err(ApiError::invalid_field("missing_field", field, "missing"))
            }
            Some(Value::String(text)) => Ok(text),
            Some(_) => Err(ApiError::invalid_field(
                "invalid_field",
                field,
                "must be a string",
            )),
        }
    }
}

/// Whether the request says its body is JSON in UTF-8, or says nothing: 415
/// `unsupported_media_type` for another type, 415 `unsupported_charset`
/// for JSON in another character set (JSON is UTF-8, RFC 8259).
fn json_or_unspecified(headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(content_type) = headers.get(header::CONTENT_TYPE) else {
        return Ok(());
    };
    let Ok(content_type) = content_type.to_str() else {
        return Err(ApiError::UnsupportedMediaType);
    };
    let mut parts = content_type.split(';');
    let essence = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    if !(essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json")))
    {
        return Err(ApiError::UnsupportedMediaType);
    }
    for parameter in parts {
        let Some((name, value)) = parameter.split_once('=') else {
            continue;
        };
        let charset = value.trim().trim_matches('"');
        if name.trim().eq_ignore_ascii_case("charset")
            && !(charset.eq_ignore_ascii_case("utf-8") || charset.eq_ignore_ascii_case("utf8"))
        {
            return Err(ApiError::UnsupportedCharset {
                charset: charset.chars().take(40).collect(),
            });
        }
    }
    Ok(())
}

/// The error for one of axum's rejections, keeping its status and text.
pub fn rejection_error(rejection: impl IntoResponse + std::fmt::Display) -> ApiError {
    let message = rejection.to_string();
    let status = rejection.into_response().status();
    ApiError::from_status(status, &message)
}

/// Path parameters, refused with 400 `invalid_path` when they do not decode.
pub struct ApiPath<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<ApiPath<T>, ApiError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => Err(path_error(&rejection)),
        }
    }
}

fn path_error(rejection: &PathRejection) -> ApiError {
    ApiError::BadParameter {
        code: "invalid_path",
        field: None,
        message: rejection.body_text(),
    }
}

/// Query parameters, refused with 400 `invalid_query` when they do not decode.
/// The handlers take them as strings and parse each, so that an error names
/// the parameter.
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<ApiQuery<T>, ApiError> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(rejection) => Err(query_error(&rejection)),
        }
    }
}

fn query_error(rejection: &QueryRejection) -> ApiError {
    ApiError::BadParameter {
        code: "invalid_query",
        field: None,
        message: rejection.body_text(),
    }
}

/// A form body (`application/x-www-form-urlencoded`).
pub struct ApiForm<T>(pub T);

impl<T, S> FromRequest<S> for ApiForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<ApiForm<T>, ApiError> {
        match Form::<T>::from_request(request, state).await {
            Ok(Form(value)) => Ok(ApiForm(value)),
            Err(rejection) => Err(form_error(rejection)),
        }
    }
}

fn form_error(rejection: FormRejection) -> ApiError {
    rejection_error(rejection)
}

/// The address the client connects from, when the server knows it (tests
/// that call the router directly have none): the last `X-Forwarded-For`
/// entry when the configuration trusts the proxy, else the peer address.
pub struct ClientAddress(pub Option<IpAddr>);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<ClientAddress, ApiError> {
        let forwarded = state
            .config
            .trust_forwarded_for
            .then(|| last_forwarded_for(&parts.headers))
            .flatten();
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip());
        Ok(ClientAddress(forwarded.or(peer)))
    }
}

/// The last address of the `X-Forwarded-For` headers.
fn last_forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .next_back()
        .and_then(|address| address.trim().parse().ok())
}

/// A national identity number from the path: 400 `invalid_fnr` naming `fnr`.
pub fn parse_fnr(text: &str) -> Result<Fnr, ApiError> {
    Fnr::parse(text).map_err(|error| {
        ApiError::bad_parameter(
            "invalid_fnr",
            "fnr",
            format!("not a national identity number: {error}"),
        )
    })
}

/// A date parameter `YYYY-MM-DD`: 400 `invalid_parameter` naming it.
pub fn parse_date_parameter(field: &str, text: &str) -> Result<chrono::NaiveDate, ApiError> {
    parse_date(text).ok_or_else(|| {
        ApiError::bad_parameter("invalid_parameter", field, "must be a date YYYY-MM-DD")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content_type(value: &str) -> Result<(), ApiError> {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, value.parse().unwrap());
        json_or_unspecified(&headers)
    }

    #[test]
    fn json_in_utf8_or_without_charset_is_taken_and_other_charsets_are_named() {
        assert!(json_or_unspecified(&HeaderMap::new()).is_ok());
        assert!(content_type("application/json").is_ok());
        assert!(content_type("application/json; charset=UTF-8").is_ok());
        assert!(content_type("application/problem+json;charset=\"utf-8\"").is_ok());
        let Err(ApiError::UnsupportedCharset { charset }) =
            content_type("application/json; charset=utf-16")
        else {
            panic!("utf-16 is refused");
        };
        assert_eq!(charset, "utf-16");
        assert!(matches!(
            content_type("text/plain; charset=utf-8"),
            Err(ApiError::UnsupportedMediaType)
        ));
    }

    #[test]
    fn the_last_forwarded_address_is_the_one_the_proxy_added() {
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", "10.0.0.1, 192.0.2.7".parse().unwrap());
        headers.append("x-forwarded-for", "198.51.100.3".parse().unwrap());
        assert_eq!(last_forwarded_for(&headers), "198.51.100.3".parse().ok());
        assert_eq!(last_forwarded_for(&HeaderMap::new()), None);
    }
}
