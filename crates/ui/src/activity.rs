//! The activity requirement (aktivitetskravet, week 8), in one place: NAV's
//! assessment form under "What needs doing now" on the person's page,
//! `POST /person/{person}/aktivitetskrav`. The assessment (met, an exemption
//! with its reason, or not met) is what closes the task; marking the task
//! done or not needed is refused (`TaskKind::closed_by_decision`).
//!
//! The form is checked by the contract's document parser and stored by the
//! store, which decides whether this reader may send it. It is not on the
//! meetings page.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde_json::{json, Map};
use tilbake_domain::casework::CaseworkDocument;
use tilbake_domain::document::{ActivityOutcome, DocumentBody, DocumentKind};
use tilbake_domain::register::PersonRef;
use tilbake_store::StoreError;

use crate::casework::{put_error, send, SendError};
use crate::form::{Field, FormFields};
use crate::host::Host;
use crate::page::{Exit, Page};
use crate::paths;
use crate::saved::Confirmation;
use crate::texts::{fill, Texts};

/// The assessment form: the outcome and its reason.
pub fn form(t: &Texts) -> FormFields {
    let c = &t.casework;
    let outcomes: Vec<(&str, &str)> = ActivityOutcome::ALL
        .iter()
        .map(|o| (o.as_str(), outcome_name(t, *o)))
        .collect();
    let mut form = FormFields::new(vec![
        Field::radios("outcome", c.activity_outcome, &outcomes),
        Field::area("reason", c.activity_reason).hint(c.activity_reason_hint),
    ]);
    for field in &mut form.fields {
        field.id = format!("activity-{}", field.id);
    }
    form
}

pub fn outcome_name(t: &Texts, outcome: ActivityOutcome) -> &'static str {
    let c = &t.casework;
    match outcome {
        ActivityOutcome::Fulfilled => c.activity_fulfilled,
        ActivityOutcome::ExemptMedical => c.activity_exempt_medical,
        ActivityOutcome::ExemptWorkplace => c.activity_exempt_workplace,
        ActivityOutcome::NotFulfilled => c.activity_not_fulfilled,
    }
}

/// The assessments recorded, oldest first: "Vurdert 3. mars 2026: …".
pub fn assessed_lines<'a>(
    t: &Texts,
    bodies: impl Iterator<Item = &'a DocumentBody>,
) -> Vec<String> {
    bodies
        .filter_map(|body| match body {
            DocumentBody::Casework(CaseworkDocument::ActivityAssessed {
                date,
                outcome,
                reason,
            }) => Some(fill(
                t.casework.activity_line,
                &[
                    ("date", &crate::format::date_short(t, *date)),
                    ("outcome", &outcome_name(t, *outcome)),
                    ("reason", reason),
                ],
            )),
            _ => None,
        })
        .collect()
}

/// `/person/{person}/aktivitetskrav`.
pub fn path(reference: &PersonRef) -> String {
    format!("{}/aktivitetskrav", paths::person(reference))
}

/// `POST /person/{person}/aktivitetskrav`: NAV records the assessment; the
/// person's page again on success (with the confirmation), or with the
/// form's errors.
pub async fn assess<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr_text): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require_form(|forms| forms.activity_requirement)?;
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr_text).await?;
    let t = page.t;
    let mut form = form(t);
    form.fill(&posted);
    let mut fields = Map::new();
    fields.insert(
        "date".to_owned(),
        json!(page.today.format("%Y-%m-%d").to_string()),
    );
    fields.insert("outcome".to_owned(), json!(form.get("outcome")));
    fields.insert("reason".to_owned(), json!(form.get("reason")));
    match send(
        &host,
        viewer,
        &fnr,
        DocumentKind::ActivityAssessed,
        fields,
        page.today,
        page.now,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(
            &Confirmation::ActivityRecorded.href(&paths::person(&reference)),
        )
        .into_response()),
        Err(SendError::Form(error)) => {
            put_error(t, &mut form, &error, str::to_owned);
            crate::person::show_posted(
                &page,
                &host,
                &fnr_text,
                crate::person::Posted::Activity(form),
            )
            .await
        }
        Err(SendError::Store(StoreError::Forbidden)) => {
            Err(page.error(StatusCode::FORBIDDEN).into())
        }
        Err(SendError::Store(error)) => Err(page.store_error(error).into()),
    }
}
