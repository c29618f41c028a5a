//! The `/api/v1` routes and `/health`: each handler parses its input into
//! domain values, asks the store (which checks access and writes the audit
//! log), and answers JSON.
//!
//! Handlers hold no SQL and no access rules: a person the caller may not see
//! comes back from the store as `NotFound`, the same 404 as a person who does
//! not exist.

use axum::extract::State;
use axum::handler::Handler;
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use tilbake_contract::document::{document_value, parse_document};
use tilbake_contract::followup::{self as followup_contract, format_date, output_value};
use tilbake_contract::statistics::table_json;
use tilbake_domain::access::consent::{Category, Purpose, Share};
use tilbake_domain::access::{AddressProtection, AuditAction};
use tilbake_domain::followup::{FollowupEngine, Party};
use tilbake_domain::statistics::{self, Dimension, Quarter, DEFAULT_K, MAX_K};
use tilbake_domain::tasks::{TaskKind, TaskState};
use tilbake_store::{AuditEntry, ConsentRecord, DocumentOutcome, QueuedTask, TaskQuery};

use crate::auth::{cookie, token_hash, Authenticated};
use crate::error::ApiError;
use crate::extract::{
    parse_date_parameter, parse_fnr, ApiPath, ApiQuery, JsonBytes, JsonObject, OptionalJsonBytes,
};
use crate::openapi::OPENAPI_JSON;
use crate::{AppState, SESSION_COOKIE};

/// The most tasks one answer lists, and the default.
const MAX_TASKS: u32 = 1000;
const DEFAULT_TASKS: u32 = 100;
/// The longest reason accepted when a task is decided.
const MAX_REASON_CHARS: usize = 1000;

/// The API router and the routes it serves, listed as they are added, so the
/// OpenAPI drift check compares the description with what is really served.
pub struct ApiRoutes {
    pub router: Router<AppState>,
    pub listed: Vec<(Method, &'static str)>,
}

impl ApiRoutes {
    fn add<H, T>(mut self, method: Method, path: &'static str, handler: H) -> ApiRoutes
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
        self.router = self.router.route(path, on(filter, handler));
        self.listed.push((method, path));
        self
    }
}

/// Every route that the OpenAPI description describes: `/health`, login and
/// logout, and everything under `/api/v1`.
pub fn routes() -> ApiRoutes {
    let routes = ApiRoutes {
        router: Router::new(),
        listed: Vec::new(),
    };
    routes
        .add(Method::GET, "/health", health)
        .add(Method::POST, "/login", crate::login::login)
        .add(Method::POST, "/logout", crate::login::logout)
        .add(Method::GET, "/api/v1/openapi.json", openapi)
        .add(Method::GET, "/api/v1/session", read_session)
        .add(Method::POST, "/api/v1/documents", store_document)
        .add(Method::POST, "/api/v1/followup/compute", compute_followup)
        .add(Method::GET, "/api/v1/persons/{fnr}/followup", read_followup)
        .add(
            Method::GET,
            "/api/v1/persons/{fnr}/documents",
            read_documents,
        )
        .add(Method::GET, "/api/v1/persons/{fnr}/audit", read_audit_log)
        .add(
            Method::POST,
            "/api/v1/persons/{fnr}/tasks/{task_id}",
            decide_task,
        )
        .add(Method::GET, "/api/v1/persons/{fnr}/consents", list_consents)
        .add(
            Method::POST,
            "/api/v1/persons/{fnr}/consents/{username}",
            grant_consent,
        )
        .add(
            Method::DELETE,
            "/api/v1/persons/{fnr}/consents/{username}",
            withdraw_consent,
        )
        .add(
            Method::PUT,
            "/api/v1/persons/{fnr}/address-protection",
            set_address_protection,
        )
        .add(Method::GET, "/api/v1/tasks", list_tasks)
        .add(Method::GET, "/api/v1/statistics", read_statistics)
        .add(
            Method::GET,
            "/api/v1/events",
            crate::events_api::read_events,
        )
        .add(
            Method::POST,
            "/api/v1/webhooks",
            crate::events_api::register_webhook,
        )
        .add(
            Method::GET,
            "/api/v1/webhooks",
            crate::events_api::list_webhooks,
        )
        .add(
            Method::GET,
            "/api/v1/webhooks/{id}/deliveries",
            crate::events_api::delivery_log,
        )
}

/// `GET /health`: 200 `ok` once the database answers, else 503.
async fn health(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(error) => {
            tracing::warn!(%error, "health check: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "the database does not answer",
            )
                .into_response()
        }
    }
}

/// `GET /api/v1/openapi.json`.
async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON).into_response()
}

/// `GET /api/v1/session`: who the caller is, and the CSRF token a page needs
/// for changes (null for API tokens, which need none).
async fn read_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    Authenticated(actor): Authenticated,
) -> Result<Json<Value>, ApiError> {
    let csrf_token = match cookie(&headers, SESSION_COOKIE) {
        Some(token) if !headers.contains_key(header::AUTHORIZATION) => state
            .store
            .session(&token_hash(&token), state.clock.now())
            .await?
            .map(|session| session.csrf_token),
        _ => None,
    };
    Ok(Json(json!({
        "username": actor.username,
        "role": actor.role.as_str(),
        "unit": actor.unit.map(|unit| unit.to_string()),
        "employer": actor.employer.map(|employer| employer.to_string()),
        "person": actor.person.map(|person| person.to_string()),
        "csrf_token": csrf_token,
    })))
}

/// `POST /api/v1/documents`: 201 stored, 200 repeated, 409 conflict, 400/422 invalid.
async fn store_document(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    JsonBytes(body): JsonBytes,
) -> Result<Response, ApiError> {
    let parsed = parse_document(&body, state.clock.today())?;
    let outcome = state
        .store
        .store_document(&actor, &parsed, state.clock.today(), state.clock.now())
        .await?;
    let (status, outcome_name) = match outcome {
        DocumentOutcome::Stored => (StatusCode::CREATED, "stored"),
        DocumentOutcome::Repeated => (StatusCode::OK, "repeated"),
    };
    let document = &parsed.document;
    let answer = json!({
        "person": document.person.to_string(),
        "kind": document.kind().as_str(),
        "id": document.id,
        "outcome": outcome_name,
    });
    Ok((status, Json(answer)).into_response())
}

/// `POST /api/v1/followup/compute`: the follow-up contract over HTTP. Needs
/// no sign-in: it stores nothing and reads no one's data.
async fn compute_followup(JsonBytes(body): JsonBytes) -> Result<Json<Value>, ApiError> {
    match followup_contract::compute(&mut FollowupEngine::default(), &body) {
        Ok((_, followup)) => Ok(Json(output_value(&followup))),
        Err(error) if error.path.is_empty() => Err(ApiError::MalformedJson {
            message: error.message,
        }),
        Err(error) => Err(ApiError::Unprocessable {
            code: "invalid_field",
            message: error.to_string(),
            field: Some(error.path),
        }),
    }
}

#[derive(Deserialize)]
struct FollowupQuery {
    today: Option<String>,
}

/// `GET /api/v1/persons/{fnr}/followup[?today=YYYY-MM-DD]`.
async fn read_followup(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiPath(fnr): ApiPath<String>,
    ApiQuery(query): ApiQuery<FollowupQuery>,
) -> Result<Json<Value>, ApiError> {
    let fnr = parse_fnr(&fnr)?;
    let today = match query.today.as_deref() {
        Some(text) => parse_date_parameter("today", text)?,
        None => state.clock.today(),
    };
    let followup = state
        .store
        .read_followup(
            &actor,
            &fnr,
            today,
            "follow-up through the API",
            state.clock.today(),
            state.clock.now(),
        )
        .await?;
    Ok(Json(output_value(&followup)))
}

/// `GET /api/v1/persons/{fnr}/documents`: in order of arrival, those the
/// access policy shows the caller, as it redacts them.
async fn read_documents(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiPath(fnr): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let fnr = parse_fnr(&fnr)?;
    let record = state
        .store
        .read_person(
            &actor,
            &fnr,
            AuditAction::ReadDocuments,
            "documents through the API",
            state.clock.today(),
            state.clock.now(),
        )
        .await?;
    let with_diagnosis = record.view.health;
    let documents: Vec<Value> = record
        .documents
        .iter()
        .map(|stored| {
            let mut value = document_value(&stored.document, with_diagnosis);
            if let Value::Object(fields) = &mut value {
                fields.insert("seq".to_owned(), json!(stored.seq));
                fields.insert(
                    "received_at".to_owned(),
                    json!(timestamp(stored.received_at)),
                );
            }
            value
        })
        .collect();
    let mut answer = json!({
        "person": fnr.to_string(),
        "documents": documents,
    });
    if record.view.shows_unit() {
        answer["unit"] = json!(record.unit.to_string());
    }
    Ok(Json(answer))
}

#[derive(Deserialize)]
struct StatisticsQuery {
    quarter: Option<String>,
    by: Option<String>,
    k: Option<String>,
}

/// `GET /api/v1/statistics?quarter=YYYYQn&by=DIMENSION[&k=K]`: the
/// quarter's follow-up statistics as `statistics.md` writes them, with k
/// from 5 (the default) to 100; a k below 5 is refused here. The store
/// asks the access policy (a caseworker) and audits the read.
async fn read_statistics(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(query): ApiQuery<StatisticsQuery>,
) -> Result<Response, ApiError> {
    let quarter = query
        .quarter
        .as_deref()
        .and_then(Quarter::parse)
        .ok_or_else(|| {
            ApiError::bad_parameter(
                "invalid_parameter",
                "quarter",
                "give a quarter as YYYYQn, e.g. 2025Q3",
            )
        })?;
    let by = query
        .by
        .as_deref()
        .and_then(Dimension::parse)
        .ok_or_else(|| {
            let names: Vec<&str> = Dimension::ALL.iter().map(|by| by.as_str()).collect();
            ApiError::bad_parameter(
                "invalid_parameter",
                "by",
                format!("must be one of {}", names.join(", ")),
            )
        })?;
    let k = match query.k.as_deref().filter(|text| !text.is_empty()) {
        None => DEFAULT_K,
        Some(text) => text
            .parse::<u64>()
            .ok()
            .filter(|k| (DEFAULT_K..=MAX_K).contains(k))
            .ok_or_else(|| {
                ApiError::bad_parameter(
                    "invalid_parameter",
                    "k",
                    format!("must be a whole number from {DEFAULT_K} to {MAX_K}"),
                )
            })?,
    };
    if !quarter.has_ended_before(state.clock.today()) {
        return Err(ApiError::bad_parameter(
            "invalid_parameter",
            "quarter",
            "the quarter has not ended: its counts may still change",
        ));
    }
    let counted = state
        .store
        .quarter_cases(&actor, quarter, state.clock.now())
        .await?;
    let table = statistics::table(&counted.cases, quarter, by, k);
    // Written as text: a JSON value would sort the keys, and the contract
    // gives their order.
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        table_json(&table),
    )
        .into_response())
}

#[derive(Deserialize)]
struct TasksQuery {
    kind: Option<String>,
    due_within_days: Option<String>,
    state: Option<String>,
    assigned_to_me: Option<String>,
    limit: Option<String>,
}

/// `GET /api/v1/tasks`: the caller's work queue, overdue first.
async fn list_tasks(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiQuery(query): ApiQuery<TasksQuery>,
) -> Result<Json<Value>, ApiError> {
    let kind = match query.kind.as_deref().filter(|text| !text.is_empty()) {
        None => None,
        Some(text) => Some(TaskKind::parse(text).ok_or_else(|| {
            let kinds: Vec<&str> = TaskKind::ALL.iter().map(|kind| kind.as_str()).collect();
            ApiError::bad_parameter(
                "invalid_parameter",
                "kind",
                format!("must be one of {}", kinds.join(", ")),
            )
        })?),
    };
    let due_within_days = match query
        .due_within_days
        .as_deref()
        .filter(|text| !text.is_empty())
    {
        None => None,
        Some(text) => Some(
            text.parse::<u32>()
                .ok()
                .filter(|days| *days <= 3660)
                .ok_or_else(|| {
                    ApiError::bad_parameter(
                        "invalid_parameter",
                        "due_within_days",
                        "must be a whole number of days from 0 to 3660",
                    )
                })?,
        ),
    };
    let open_only = match query.state.as_deref().filter(|text| !text.is_empty()) {
        None | Some("open") => true,
        Some("all") => false,
        Some(_) => {
            return Err(ApiError::bad_parameter(
                "invalid_parameter",
                "state",
                "must be open or all",
            ))
        }
    };
    let assigned_to_me = match query
        .assigned_to_me
        .as_deref()
        .filter(|text| !text.is_empty())
    {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => {
            return Err(ApiError::bad_parameter(
                "invalid_parameter",
                "assigned_to_me",
                "must be true or false",
            ))
        }
    };
    let limit = match query.limit.as_deref().filter(|text| !text.is_empty()) {
        None => DEFAULT_TASKS,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|limit| (1..=MAX_TASKS).contains(limit))
            .ok_or_else(|| {
                ApiError::bad_parameter(
                    "invalid_parameter",
                    "limit",
                    format!("must be a number from 1 to {MAX_TASKS}"),
                )
            })?,
    };
    let task_query = TaskQuery {
        today: state.clock.today(),
        kind,
        due_within_days,
        open_only,
        assigned_to_me,
        limit,
    };
    let tasks = state
        .store
        .list_tasks(&actor, &task_query, state.clock.now())
        .await?;
    let tasks: Vec<Value> = tasks.iter().map(task_value).collect();
    Ok(Json(json!({ "tasks": tasks })))
}

/// `POST /api/v1/persons/{fnr}/tasks/{task_id}` with `{"state": "done" | "not_needed", "reason": "…"}`.
async fn decide_task(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiPath((fnr, task_id)): ApiPath<(String, String)>,
    body: JsonObject,
) -> Result<Json<Value>, ApiError> {
    let fnr = parse_fnr(&fnr)?;
    let task_state = match body.required_string("state")? {
        "done" => TaskState::Done,
        "not_needed" => TaskState::NotNeeded,
        _ => {
            return Err(ApiError::invalid_field(
                "invalid_field",
                "state",
                "must be done or not_needed",
            ))
        }
    };
    let reason = body.required_string("reason")?.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(ApiError::invalid_field(
            "invalid_field",
            "reason",
            format!("give a reason of 1 to {MAX_REASON_CHARS} characters"),
        ));
    }
    let task = state
        .store
        .decide_task(
            &actor,
            &fnr,
            &task_id,
            task_state,
            reason,
            state.clock.today(),
            state.clock.now(),
        )
        .await?;
    Ok(Json(task_value(&task)))
}

/// `POST /api/v1/persons/{fnr}/consents/{username}` with an optional body
/// `{"purpose": "guidance" | "supported_employment", "share": [CATEGORY, …]}`:
/// the worker lets a counsellor or job specialist see them for a purpose.
/// 201 with the consent.
async fn grant_consent(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiPath((fnr, username)): ApiPath<(String, String)>,
    OptionalJsonBytes(body): OptionalJsonBytes,
) -> Result<Response, ApiError> {
    let fnr = parse_fnr(&fnr)?;
    let (purpose, share) = parse_consent_body(&body)?;
    let consent = state
        .store
        .grant_consent(&actor, &fnr, &username, purpose, share, state.clock.now())
        .await?;
    Ok((StatusCode::CREATED, Json(consent_value(&consent))).into_response())
}

/// A consent request's body: nothing (the grantee's own purpose, only its
/// own category) or a JSON object with `purpose` and `share`.
fn parse_consent_body(body: &[u8]) -> Result<(Option<Purpose>, Share), ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok((None, Share::NONE));
    }
    let fields = match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(fields)) => fields,
        Ok(_) => {
            return Err(ApiError::MalformedJson {
                message: "the body must be a JSON object".to_owned(),
            })
        }
        Err(error) => {
            return Err(ApiError::MalformedJson {
                message: format!("not valid JSON: {error}"),
            })
        }
    };
    let purpose = match fields.get("purpose") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(Purpose::parse_consented(text).ok_or_else(|| {
            ApiError::invalid_field(
                "invalid_field",
                "purpose",
                "must be guidance or supported_employment",
            )
        })?),
        Some(_) => {
            return Err(ApiError::invalid_field(
                "invalid_field",
                "purpose",
                "must be a string: guidance or supported_employment",
            ))
        }
    };
    let categories: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
    let share = match fields.get("share") {
        None | Some(Value::Null) => Share::NONE,
        Some(Value::Array(items)) => {
            let mut share = Share::NONE;
            for (index, item) in items.iter().enumerate() {
                let category = item.as_str().and_then(Category::parse).ok_or_else(|| {
                    ApiError::invalid_field(
                        "invalid_field",
                        &format!("share[{index}]"),
                        format!("must be one of {}", categories.join(", ")),
                    )
                })?;
                share = share.with(category);
            }
            share
        }
        Some(_) => {
            return Err(ApiError::invalid_field(
                "invalid_field",
                "share",
                format!("must be a list of categories: {}", categories.join(", ")),
            ))
        }
    };
    Ok((purpose, share))
}

/// `DELETE /api/v1/persons/{fnr}/consents/{username}`: every consent to
/// that user withdrawn, at once.
async fn withdraw_consent(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiPath((fnr, username)): ApiPath<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let fnr = parse_fnr(&fnr)?;
    state
        .store
        .withdraw_consent(&actor, &fnr, &username, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/persons/{fnr}/consents`: the person's consents, standing
/// and withdrawn, for the person themself.
async fn list_consents(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiPath(fnr): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let fnr = parse_fnr(&fnr)?;
    let consents = state
        .store
        .list_consents(&actor, &fnr, state.clock.now())
        .await?;
    let consents: Vec<Value> = consents.iter().map(consent_value).collect();
    Ok(Json(
        json!({ "person": fnr.to_string(), "consents": consents }),
    ))
}

fn share_value(share: Share) -> Value {
    json!(share.categories().map(Category::as_str).collect::<Vec<_>>())
}

fn consent_value(consent: &ConsentRecord) -> Value {
    let history: Vec<Value> = consent
        .history
        .iter()
        .map(|change| {
            json!({
                "at": timestamp(change.at),
                "action": change.action.as_str(),
                "share": share_value(change.share),
            })
        })
        .collect();
    json!({
        "username": consent.username,
        "role": consent.grantee_role.as_str(),
        "purpose": consent.purpose.as_str(),
        "share": share_value(consent.share),
        "granted_at": timestamp(consent.granted_at),
        "changed_at": timestamp(consent.changed_at),
        "withdrawn_at": consent.withdrawn_at.map(timestamp),
        "history": history,
    })
}

/// `GET /api/v1/persons/{fnr}/audit`: who has looked at or changed the
/// person's data, for the person themself.
async fn read_audit_log(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiPath(fnr): ApiPath<String>,
) -> Result<Json<Value>, ApiError> {
    let fnr = parse_fnr(&fnr)?;
    let entries = state
        .store
        .person_audit_log(&actor, &fnr, state.clock.today(), state.clock.now())
        .await?;
    let entries: Vec<Value> = entries.iter().map(audit_value).collect();
    Ok(Json(json!({ "entries": entries })))
}

/// `PUT /api/v1/persons/{fnr}/address-protection` with `{"protection": "none" | "fortrolig" | "strengt_fortrolig"}`.
async fn set_address_protection(
    State(state): State<AppState>,
    Authenticated(actor): Authenticated,
    ApiPath(fnr): ApiPath<String>,
    body: JsonObject,
) -> Result<StatusCode, ApiError> {
    let fnr = parse_fnr(&fnr)?;
    let protection =
        AddressProtection::parse(body.required_string("protection")?).ok_or_else(|| {
            ApiError::invalid_field(
                "invalid_field",
                "protection",
                "must be none, fortrolig or strengt_fortrolig",
            )
        })?;
    state
        .store
        .set_address_protection(&actor, &fnr, protection, state.clock.now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

fn party_name(party: Party) -> &'static str {
    match party {
        Party::Employer => "employer",
        Party::Nav => "nav",
    }
}

fn task_value(queued: &QueuedTask) -> Value {
    let task = &queued.task;
    json!({
        "person": queued.person.to_string(),
        "unit": queued.unit.to_string(),
        "id": task.id,
        "kind": task.kind.as_str(),
        "case_start": format_date(task.case_start),
        "owner": party_name(task.owner),
        "due": format_date(task.due),
        "state": task.state.as_str(),
        "urgency": queued.urgency.as_str(),
        "closed_because": task.closed_because,
        "assignee": queued.assignee,
    })
}

fn audit_value(entry: &AuditEntry) -> Value {
    json!({
        "at": timestamp(entry.at),
        "actor_username": entry.actor_username,
        "actor_role": entry.actor_role.as_str(),
        "action": entry.action.as_str(),
        "purpose": entry.purpose,
        "permitted": entry.permitted,
    })
}

/// An instant as RFC 3339 in UTC with milliseconds.
fn timestamp(millis: tilbake_store::Millis) -> String {
    chrono::DateTime::from_timestamp_millis(millis)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_utc_with_milliseconds() {
        assert_eq!(timestamp(1_700_000_000_123), "2023-11-14T22:13:20.123Z");
    }

    #[test]
    fn every_route_is_listed_once() {
        let listed = routes().listed;
        let mut unique = listed.clone();
        unique.sort_by(|a, b| (a.0.as_str(), a.1).cmp(&(b.0.as_str(), b.1)));
        unique.dedup();
        assert_eq!(unique.len(), listed.len());
    }
}
