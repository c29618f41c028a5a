//! The one error type of the web layer and its JSON shape:
//! `{"error": {"code": "...", "message": "...", "field": "..." | null}}`.
//!
//! The user is told a short message; the details of an internal error go to
//! the log (through a response extension that one middleware logs inside the
//! request span), never into the answer.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use tilbake_contract::document::DocumentError;
use tilbake_domain::access::policy::SendRefusal;
use tilbake_store::StoreError;

/// Why a request failed, with the status each answer gets.
#[derive(Debug)]
pub enum ApiError {
    /// 400 `invalid_json`: the body is not JSON, or not the JSON value the
    /// route expects at the top (an object).
    MalformedJson { message: String },
    /// 400: a path or query parameter is not valid (`invalid_fnr`,
    /// `invalid_parameter`, `invalid_query`, `invalid_path`), naming it when
    /// one parameter is to blame.
    BadParameter {
        code: &'static str,
        field: Option<String>,
        message: String,
    },
    /// 401 `unauthenticated`: no valid API token or session. Also for an
    /// unknown or revoked token, with the same message.
    Unauthenticated,
    /// 401 `invalid_credentials`: the login failed. The same message whether
    /// the user exists or not; the log says which.
    InvalidCredentials,
    /// 403 `forbidden`: the caller's role may not do this at all (for a
    /// person's data the answer is 404 instead, see `NotFound`).
    Forbidden,
    /// 403 `forbidden`: the access policy refuses this document from this
    /// caller (a `unit` set by anyone but a system client; a kind that is
    /// not the caller's to send), naming the field when one is to blame.
    /// Nothing is stored.
    Refused {
        field: Option<&'static str>,
        message: String,
    },
    /// 403 `csrf_token_missing`: a change authenticated by the session cookie
    /// came without the session's CSRF token.
    CsrfRefused,
    /// 404 `not_found`: the person or thing does not exist, or the caller may
    /// not see it; the two are the same answer on purpose.
    NotFound,
    /// 404 `route_not_found`: no API route has this path.
    RouteNotFound,
    /// 405 `method_not_allowed`: the path exists, not with this method.
    MethodNotAllowed,
    /// 409 `conflict`: the same key with other content (a document id reused
    /// with other content, a name taken).
    Conflict { message: String },
    /// 413 `payload_too_large`: the body is larger than the configured limit.
    PayloadTooLarge,
    /// 415 `unsupported_media_type`: the body is sent as something other than JSON.
    UnsupportedMediaType,
    /// 415 `unsupported_charset`: JSON declared in a character set other
    /// than UTF-8 (`charset=utf-16`); the message names it.
    UnsupportedCharset { charset: String },
    /// 422: well-formed JSON with an invalid field (`invalid_field`,
    /// `missing_field`, `unknown_kind`, `invalid_fnr`, `invalid_orgnr`,
    /// `missing_reference`, …), naming the field.
    Unprocessable {
        code: &'static str,
        field: Option<String>,
        message: String,
    },
    /// 429 `too_many_attempts`: too many failed logins for this account
    /// from this address (or from this address at all); the answer says how
    /// many seconds to wait, in the message and in `Retry-After`.
    TooManyAttempts { retry_after_seconds: u64 },
    /// 500 `internal`: something failed that is not the caller's fault. The
    /// detail is logged, never answered.
    Internal(String),
}

/// The detail of an internal error, carried to the logging middleware in the
/// response's extensions.
#[derive(Clone, Debug)]
pub struct InternalErrorDetail(pub String);

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::MalformedJson { .. } | ApiError::BadParameter { .. } => {
                StatusCode::BAD_REQUEST
            }
            ApiError::Unauthenticated | ApiError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden | ApiError::Refused { .. } | ApiError::CsrfRefused => {
                StatusCode::FORBIDDEN
            }
            ApiError::NotFound | ApiError::RouteNotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType | ApiError::UnsupportedCharset { .. } => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ApiError::MalformedJson { .. } => "invalid_json",
            ApiError::BadParameter { code, .. } | ApiError::Unprocessable { code, .. } => code,
            ApiError::Unauthenticated => "unauthenticated",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::Forbidden | ApiError::Refused { .. } => "forbidden",
            ApiError::CsrfRefused => "csrf_token_missing",
            ApiError::NotFound => "not_found",
            ApiError::RouteNotFound => "route_not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Conflict { .. } => "conflict",
            ApiError::PayloadTooLarge => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::UnsupportedCharset { .. } => "unsupported_charset",
            ApiError::TooManyAttempts { .. } => "too_many_attempts",
            ApiError::Internal(_) => "internal",
        }
    }

    pub fn message(&self) -> String {
        match self {
            ApiError::MalformedJson { message }
            | ApiError::BadParameter { message, .. }
            | ApiError::Conflict { message }
            | ApiError::Refused { message, .. }
            | ApiError::Unprocessable { message, .. } => message.clone(),
            ApiError::Unauthenticated => {
                "sign in, or send an API token as 'Authorization: Bearer <token>'".to_owned()
            }
            ApiError::InvalidCredentials => "wrong username or password".to_owned(),
            ApiError::Forbidden => "your role may not do this".to_owned(),
            ApiError::CsrfRefused => {
                "send the session's CSRF token in the X-CSRF-Token header (or the csrf_token form field)".to_owned()
            }
            ApiError::NotFound => "not found".to_owned(),
            ApiError::RouteNotFound => "no such route; see /api/v1/openapi.json".to_owned(),
            ApiError::MethodNotAllowed => "this route does not take this method; see /api/v1/openapi.json".to_owned(),
            ApiError::PayloadTooLarge => "the request body is too large".to_owned(),
            ApiError::UnsupportedMediaType => "send the body as JSON (Content-Type: application/json)".to_owned(),
            ApiError::UnsupportedCharset { charset } => format!(
                "the body is declared as charset={charset}; send JSON in UTF-8 (Content-Type: application/json; charset=utf-8, or no charset)"
            ),
            ApiError::TooManyAttempts {
                retry_after_seconds: 1,
            } => "too many failed logins; try again in 1 second".to_owned(),
            ApiError::TooManyAttempts { retry_after_seconds } => format!(
                "too many failed logins; try again in {retry_after_seconds} seconds"
            ),
            ApiError::Internal(_) => "something went wrong on our side; it has been logged".to_owned(),
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            ApiError::BadParameter { field, .. } | ApiError::Unprocessable { field, .. } => {
                field.as_deref()
            }
            ApiError::Refused { field, .. } => *field,
            _ => None,
        }
    }

    /// A 400 naming one bad parameter.
    pub fn bad_parameter(code: &'static str, field: &str, message: impl Into<String>) -> ApiError {
        ApiError::BadParameter {
            code,
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }

    /// A 422 `invalid_field` or `missing_field` naming the field.
    pub fn invalid_field(code: &'static str, field: &str, message: impl Into<String>) -> ApiError {
        ApiError::Unprocessable {
            code,
            field: Some(field.to_owned()),
            message: message.into(),
        }
    }

    /// The error for a status that axum or a layer produced without our
    /// shape (an extractor's rejection, a method not allowed).
    pub fn from_status(status: StatusCode, message: &str) -> ApiError {
        match status {
            StatusCode::PAYLOAD_TOO_LARGE => ApiError::PayloadTooLarge,
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::UnsupportedMediaType,
            StatusCode::METHOD_NOT_ALLOWED => ApiError::MethodNotAllowed,
            StatusCode::NOT_FOUND => ApiError::RouteNotFound,
            StatusCode::UNAUTHORIZED => ApiError::Unauthenticated,
            StatusCode::FORBIDDEN => ApiError::Forbidden,
            StatusCode::UNPROCESSABLE_ENTITY => ApiError::Unprocessable {
                code: "invalid_field",
                field: None,
                message: message.to_owned(),
            },
            status if status.is_client_error() => ApiError::BadParameter {
                code: "bad_request",
                field: None,
                message: message.to_owned(),
            },
            _ => ApiError::Internal(format!("{status}: {message}")),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = json!({
            "error": {
                "code": self.code(),
                "message": self.message(),
                "field": self.field(),
            }
        });
        let mut response = (status, Json(body)).into_response();
        match self {
            ApiError::Unauthenticated => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            ApiError::Internal(detail) => {
                response
                    .extensions_mut()
                    .insert(InternalErrorDetail(detail));
            }
            ApiError::TooManyAttempts {
                retry_after_seconds,
            } => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
            }
            _ => {}
        }
        response
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> ApiError {
        match error {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::Forbidden => ApiError::Forbidden,
            StoreError::SendRefused(refusal) => ApiError::Refused {
                field: match refusal {
                    SendRefusal::UnitNotAllowed => Some("unit"),
                    SendRefusal::NotYours => Some("kind"),
                },
                message: refusal.to_string(),
            },
            StoreError::Conflict(message) => ApiError::Conflict { message },
            StoreError::MissingReference { field, what, id } => ApiError::Unprocessable {
                code: "missing_reference",
                field: Some(field.to_owned()),
                message: format!(
                    "names {what} '{id}', which this person does not have (yet); send it again after the {what}"
                ),
            },
            StoreError::Invalid { field, message } => ApiError::Unprocessable {
                code: "invalid_field",
                field: Some(field),
                message,
            },
            other @ (StoreError::SchemaTooNew { .. } | StoreError::Database(_) | StoreError::Migration(_)) => {
                ApiError::Internal(other.to_string())
            }
        }
    }
}

impl From<DocumentError> for ApiError {
    fn from(error: DocumentError) -> ApiError {
        if error.is_malformed() {
            ApiError::MalformedJson {
                message: error.message,
            }
        } else {
            ApiError::Unprocessable {
                code: error.code,
                field: Some(error.field),
                message: error.message,
            }
        }
    }
}
