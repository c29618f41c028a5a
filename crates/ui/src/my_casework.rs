//! The sick-listed worker's plan and meetings, `/min-sykmelding/plan-og-moter`:
//! the follow-up plan the manager writes with them, to read and approve or
//! comment on (the worker co-writes the plan: a comment asks for a new
//! version); invitations to answer; minutes and what the worker agreed to
//! do; and asking NAV for a meeting. Posts go to
//! `/min-sykmelding/plan-og-moter/{plan|svar|be-om}`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde_json::{json, Map};
use tilbake_domain::access::policy::PageKind;
use tilbake_domain::access::AuditAction;
use tilbake_domain::casework::CaseworkDocument;
use tilbake_domain::casework::{invitations, plan_versions, Participant};
use tilbake_domain::document::{Document, DocumentBody, DocumentKind};
use tilbake_domain::identity::Fnr;
use tilbake_store::PersonRecord;

use crate::casework::{
    answer_form, answered_line, field_error, invitation_view, minutes_views, request_form, send,
    version_views, InvitationView, MinutesView, PlanReader, SendError, VersionView,
};
use crate::form::{Field, FormFields};
use crate::format::date_short;
use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::readers::{tell_readers, Draft};
use crate::saved::Confirmation;
use crate::texts::{fill, Texts};

const PURPOSE: &str = "the worker's own plan and meetings";

struct AnswerForm {
    invitation: String,
    legend: String,
    form: FormFields,
    /// "Du svarte: …" once answered; the form then only changes the answer.
    answered: Option<String>,
}

#[derive(Template)]
#[template(path = "my_casework.html")]
struct MyCaseworkTemplate {
    frame: Frame,
    t: &'static Texts,
    base: String,
    csrf_token: String,
    latest: Option<VersionView>,
    earlier: Vec<VersionView>,
    plan_form: Option<FormFields>,
    invitations: Vec<InvitationView>,
    answers: Vec<AnswerForm>,
    /// The requests for a meeting the worker has sent.
    my_requests: Vec<String>,
    minutes: Vec<MinutesView>,
    my_agreements: Vec<String>,
    /// NAV's notes on the case, newest first: (date, text).
    notes: Vec<(String, String)>,
    request: FormFields,
    errors: Vec<(String, String)>,
}

fn plan_answer_form(t: &Texts) -> FormFields {
    let c = &t.casework;
    FormFields::new(vec![
        Field::radios(
            "approved",
            c.plan_answer_label,
            &[
                ("true", c.plan_answer_approve),
                ("false", c.plan_answer_comment),
            ],
        ),
        Field::area("comment", c.plan_answer_comment_label).hint(c.plan_answer_comment_hint),
    ])
}

fn base() -> String {
    format!("{}/plan-og-moter", paths::MY_SICK_LEAVE)
}

async fn read<S: Host>(page: &Page, host: &S) -> Result<(Fnr, PersonRecord), Exit> {
    let viewer = page.require(PageKind::MyCasework)?;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let record = host
        .store()
        .read_person(
            &viewer.actor,
            &fnr,
            AuditAction::ReadDocuments,
            PURPOSE,
            page.today,
            page.now,
        )
        .await
        .map_err(|error| page.store_error(error))?;
    Ok((fnr, record))
}

/// `GET /min-sykmelding/plan-og-moter`.
pub async fn page<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    let (_, record) = read(&page, &host).await?;
    Ok(show(&page, &record, None))
}

/// `POST /min-sykmelding/plan-og-moter/{form}`.
pub async fn post<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(which): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let (fnr, record) = read(&page, &host).await?;
    let viewer = page.require(PageKind::MyCasework)?;
    let t = page.t;
    let today = page.today.format("%Y-%m-%d").to_string();
    let value = |name: &str| {
        posted
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
            .unwrap_or_default()
    };
    let mut fields = Map::new();
    let (kind, mut form, saved) = match which.as_str() {
        "plan" => {
            let mut form = plan_answer_form(t);
            form.fill(&posted);
            if form.get("approved").is_empty() {
                form.set_error("approved", t.casework.error_choose.to_owned());
                return Ok(show(&page, &record, Some((which, form, String::new()))));
            }
            fields.insert("plan".to_owned(), json!(value("plan")));
            fields.insert("date".to_owned(), json!(today));
            fields.insert("approved".to_owned(), json!(form.get("approved") == "true"));
            fields.insert("comment".to_owned(), json!(form.get("comment")));
            (DocumentKind::PlanResponse, form, Confirmation::PlanAnswered)
        }
        "svar" => {
            let mut form = answer_form(t, 0);
            form.fill(&posted);
            fields.insert("invitation".to_owned(), json!(value("invitation")));
            fields.insert(
                "participant".to_owned(),
                json!(Participant::Worker.as_str()),
            );
            fields.insert("answer".to_owned(), json!(form.get("answer")));
            fields.insert("comment".to_owned(), json!(form.get("comment")));
            (
                DocumentKind::MeetingAnswer,
                form,
                Confirmation::MeetingAnswered,
            )
        }
        "be-om" => {
            let mut form = request_form(t, t.casework.my_request_reason_hint);
            form.fill(&posted);
            fields.insert(
                "meeting".to_owned(),
                form.get("meeting")
                    .parse::<i64>()
                    .map_or(serde_json::Value::Null, |n| json!(n)),
            );
            fields.insert("date".to_owned(), json!(today));
            fields.insert("by".to_owned(), json!(Participant::Worker.as_str()));
            fields.insert("reason".to_owned(), json!(form.get("reason")));
            (
                DocumentKind::MeetingRequest,
                form,
                Confirmation::MeetingAsked,
            )
        }
        _ => return Err(page.error(StatusCode::NOT_FOUND).into()),
    };
    match send(&host, viewer, &fnr, kind, fields, page.today, page.now).await {
        Ok(()) => Ok(Redirect::to(&saved.href(&base())).into_response()),
        Err(SendError::Form(error)) => {
            form.set_error(&error.field, field_error(t, &error));
            Ok(show(
                &page,
                &record,
                Some((which, form, value("invitation"))),
            ))
        }
        Err(SendError::Store(error)) => Err(page.store_error(error).into()),
    }
}

fn show(
    page: &Page,
    record: &PersonRecord,
    posted: Option<(String, FormFields, String)>,
) -> Response {
    let t = page.t;
    let c = &t.casework;
    // The documents as the store gave them, borrowed.
    let documents: Vec<&Document> = record.documents.iter().map(|s| &s.document).collect();
    let bodies: Vec<&DocumentBody> = documents.iter().map(|d| &d.body).collect();
    let versions = plan_versions(documents.iter().copied());
    let mut views: Vec<VersionView> = version_views(t, &versions, PlanReader::TheWorker);
    let latest = (!views.is_empty()).then(|| views.remove(0));
    let failed = posted.is_some();
    let (which, posted_form, invitation) = posted.unwrap_or_default();
    // Once approved, the version needs nothing more from the worker.
    let readers =
        |draft| crate::readers::readers_sentence(t, &record.person, &documents, draft, page.today);
    let plan_form = latest.as_ref().filter(|v| !v.approved).map(|latest| {
        let mut form = if which == "plan" {
            posted_form.clone()
        } else {
            plan_answer_form(t)
        };
        let sentence = readers(Draft::PlanComment(&latest.id));
        tell_readers(&mut form, "comment", &sentence);
        form
    });
    let states = invitations(documents.iter().copied());
    let answers = states
        .iter()
        .enumerate()
        .filter(|(_, s)| s.stands() && s.invitation.participants.contains(&Participant::Worker))
        .map(|(index, state)| AnswerForm {
            invitation: state.id.to_owned(),
            legend: fill(
                c.answer_legend,
                &[("meeting", &invitation_view(t, state).heading)],
            ),
            form: {
                let mut form = if which == "svar" && invitation == state.id {
                    posted_form.clone()
                } else {
                    answer_form(t, index)
                };
                tell_readers(&mut form, "comment", &readers(Draft::Answer(state.id)));
                form
            },
            answered: answered_line(t, record, state, Participant::Worker),
        })
        .collect::<Vec<_>>();
    let my_agreements = bodies
        .iter()
        .filter_map(|body| match body {
            DocumentBody::Casework(CaseworkDocument::MeetingMinutes(minutes)) => Some(minutes),
            _ => None,
        })
        .flat_map(|minutes| minutes.agreements.iter())
        .filter(|a| a.who == Participant::Worker)
        .map(|a| {
            fill(
                c.my_agreement_line,
                &[("what", &a.what), ("due", &date_short(t, a.due))],
            )
        })
        .collect();
    let notes = bodies
        .iter()
        .rev()
        .filter_map(|body| match body {
            DocumentBody::Casework(CaseworkDocument::CaseNote { date, text }) => {
                Some((date_short(t, *date), text.clone()))
            }
            _ => None,
        })
        .collect();
    let my_requests = bodies
        .iter()
        .filter_map(|body| match body {
            DocumentBody::Casework(CaseworkDocument::MeetingRequest(request))
                if request.by == Participant::Worker =>
            {
                Some(fill(
                    c.request_line,
                    &[
                        ("who", &c.you),
                        (
                            "meeting",
                            &crate::casework::meeting_in_sentence(t, request.meeting),
                        ),
                        ("date", &date_short(t, request.date)),
                        ("reason", &request.reason),
                    ],
                ))
            }
            _ => None,
        })
        .collect();
    let mut request = if which == "be-om" {
        posted_form.clone()
    } else {
        request_form(t, c.my_request_reason_hint)
    };
    tell_readers(&mut request, "reason", &readers(Draft::Request));
    let mut errors = Vec::new();
    if failed {
        errors = posted_form.errors();
    }
    let mut frame = page.frame(c.my_heading);
    if failed {
        frame.title = fill(t.common.page_title_error, &[("page", &c.my_heading)]);
    }
    let template = MyCaseworkTemplate {
        frame,
        t,
        base: base(),
        csrf_token: page
            .viewer
            .as_ref()
            .map(|v| v.csrf_token.clone())
            .unwrap_or_default(),
        latest,
        earlier: views,
        plan_form,
        invitations: crate::casework::invitation_views(t, &states),
        answers,
        my_requests,
        minutes: minutes_views(t, &bodies).into_iter().rev().collect(),
        my_agreements,
        notes,
        request,
        errors,
    };
    render(
        &template,
        if failed {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        },
    )
}
