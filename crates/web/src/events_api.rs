//! The event feed (`GET /api/v1/events`) and webhook subscribers
//! (`/api/v1/webhooks`: register, list, read a delivery log).
//!
//! Handlers parse and answer; the store asks the policy (who reads the
//! feed, which events each reader sees, who manages webhooks) and audits.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tilbake_contract::events::events_page_value;
use tilbake_domain::events::SubscriberOwner;
use tilbake_store::{DeliveryRecord, WebhookRecord, MAX_EVENTS_PER_READ};

use crate::auth::{new_token, Authenticated};
use crate::error::ApiError;
use crate::extract::{ApiPath, ApiQuery, JsonObject};
use crate::AppState;

/// Events given when `limit` is not.
const DEFAULT_EVENTS: u32 = 100;
/// The most delivery attempts one read of the log lists.
const DELIVERY_LOG_LIMIT: u32 = 200;
/// The longest webhook URL accepted.
const MAX_URL_CHARS: usize = 2_000;

#[derive(Deserialize)]
pub struct EventsQuery {
    after: Option<String>,
    limit: Option<String>,
}

fn whole_number(field: &str, text: Option<&str>, default: i64, most: i64) -> Result<i64, ApiError> {
    match text.filter(|text| !text.is_empty()) {
        None => Ok(default),
        Some(text) => text
            .parse::<i64>()
            .ok()
            .filter(|number| (0..=most).contains(number))
            .ok_or_else(|| {
                ApiError::bad_parameter(
                    "invalid_parameter",
                    field,
                    format!("must be a whole number from 0 to {most}"),
                )
            }),
    }
}

/// `GET /api/v1/events?after=N[&limit=M]`: the events after position `N`
/// that the caller may see, oldest first, and `next_after` to ask with
/// next. Events committed meanwhile are numbered first, so the feed is as
/// fresh as the database.
pub async fn read_events(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(query): ApiQuery<EventsQuery>,
) -> Result<Json<Value>, ApiError> {
    let after = whole_number("after", query.after.as_deref(), 0, i64::MAX)?;
    let limit = whole_number(
        "limit",
        query.limit.as_deref(),
        i64::from(DEFAULT_EVENTS),
        i64::from(MAX_EVENTS_PER_READ),
    )?;
    let limit = u32::try_from(limit.max(1)).unwrap_or(DEFAULT_EVENTS);
    let now = state.clock.now();
    state.store.sequence_events(u32::MAX, now).await?;
    let page = state
        .store
        .read_events(&actor, after, limit, state.clock.today(), now)
        .await?;
    Ok(Json(events_page_value(&page.events, page.next_after)))
}

fn webhook_value(webhook: &WebhookRecord) -> Value {
    json!({
        "id": webhook.webhook_id,
        "owner": format!("{}:{}", webhook.owner.kind_str(), webhook.owner.organisation()),
        "url": webhook.url,
        "created_at": webhook.created_at,
        "created_by": webhook.created_by,
        "delivered_through": webhook.delivered_through,
        "failures": webhook.failures,
        "next_attempt_at": webhook.next_attempt_at,
    })
}

fn delivery_value(delivery: &DeliveryRecord) -> Value {
    json!({
        "id": delivery.delivery_id,
        "first_event": delivery.first_position,
        "last_event": delivery.last_position,
        "events": delivery.n_events,
        "attempt": delivery.attempt,
        "at": delivery.at,
        "status": delivery.status,
        "error": delivery.error,
        "succeeded": delivery.succeeded,
    })
}

/// Checks a subscriber's URL: `http://` or `https://` with a host.
pub fn check_webhook_url(url: &str) -> Result<(), String> {
    if url.chars().count() > MAX_URL_CHARS {
        return Err(format!("must be at most {MAX_URL_CHARS} characters"));
    }
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .ok_or("must start with http:// or https://")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || url.chars().any(char::is_whitespace) {
        return Err("must name a host and hold no spaces".to_owned());
    }
    Ok(())
}

/// `POST /api/v1/webhooks` `{"owner": "employer:ORGNR", "url": …}`: an
/// admin registers a subscriber; 201 with its id and its signing secret,
/// shown this once.
pub async fn register_webhook(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    body: JsonObject,
) -> Result<Response, ApiError> {
    let owner = body.required_string("owner")?;
    let owner = SubscriberOwner::parse(owner).ok_or_else(|| {
        ApiError::invalid_field(
            "invalid_field",
            "owner",
            format!(
                "must be KIND:ORGNR with KIND one of {} and a valid 9-digit organisation number",
                SubscriberOwner::KINDS.join(", ")
            ),
        )
    })?;
    let url = body.required_string("url")?;
    check_webhook_url(url)
        .map_err(|message| ApiError::invalid_field("invalid_field", "url", message))?;
    let secret = new_token();
    let webhook = state
        .store
        .register_webhook(&actor, owner, url, &secret, state.clock.now())
        .await?;
    let mut value = webhook_value(&webhook);
    value["secret"] = Value::String(secret);
    Ok((StatusCode::CREATED, Json(value)).into_response())
}

/// `GET /api/v1/webhooks`: every subscriber, for an admin.
pub async fn list_webhooks(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
) -> Result<Json<Value>, ApiError> {
    let webhooks = state.store.list_webhooks(&actor, state.clock.now()).await?;
    Ok(Json(json!({
        "webhooks": webhooks.iter().map(webhook_value).collect::<Vec<_>>(),
    })))
}

/// `GET /api/v1/webhooks/{id}/deliveries`: a subscriber's delivery log,
/// newest first, for an admin.
pub async fn delivery_log(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let webhook_id = id.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        ApiError::bad_parameter("invalid_parameter", "id", "must be a webhook id")
    })?;
    let deliveries = state
        .store
        .delivery_log(&actor, webhook_id, DELIVERY_LOG_LIMIT, state.clock.now())
        .await?;
    Ok(Json(json!({
        "deliveries": deliveries.iter().map(delivery_value).collect::<Vec<_>>(),
    })))
}

#[cfg(test)]
mod tests {
    use super::check_webhook_url;

    #[test]
    fn a_webhook_url_is_http_or_https_with_a_host() {
        assert!(check_webhook_url("https://hr.example.test/tilbake").is_ok());
        assert!(check_webhook_url("http://127.0.0.1:9000").is_ok());
        assert!(check_webhook_url("ftp://example.test").is_err());
        assert!(check_webhook_url("https:///path").is_err());
        assert!(check_webhook_url("https://a b").is_err());
        assert!(check_webhook_url(&format!("https://{}", "a".repeat(3_000))).is_err());
    }
}
