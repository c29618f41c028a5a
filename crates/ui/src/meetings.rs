//! Dialogue meetings, `/person/{person}/moter`:
//! invitations with the participants' answers, minutes on the standard
//! template and requests for a meeting; and the forms for what the reader
//! does here. The organiser (the manager for meeting 1, NAV for 2 and 3)
//! invites (`…/moter/innkalling`) and sends the minutes (`…/moter/referat`;
//! each agreement in them becomes a task in that party's queue); each
//! invited party answers (`…/moter/svar`); the manager and the GP ask NAV
//! for meeting 2 early or meeting 3 (`…/moter/be-om`). The activity
//! requirement is not here: it has one place, the person's page
//! (`crate::activity`). The organiser moves an invitation to a new time
//! (`…/moter/flytt`: a new invitation that replaces it, so the invitees are
//! asked again) or cancels it with a reason (`…/moter/avlys`); each invitee
//! is told.
//!
//! Every form is checked by the contract's document parser and stored by
//! the store, which decides whether this reader may send it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde_json::{json, Map, Value};
use tilbake_domain::access::policy;
use tilbake_domain::casework::{
    invitation_date_problem, invitations, minutes_date_problem, organiser, participant_of,
    InvitationState, MeetingDateProblem, Participant,
};
use tilbake_domain::document::{Document, DocumentBody, DocumentKind, MeetingNumber};
use tilbake_domain::identity::Fnr;
use tilbake_domain::register::PersonRef;
use tilbake_store::{PersonRecord, StoreError};

use crate::casework::{
    answer_form, answered_line, invitation_view, meeting_name, minutes_views, participant_choices,
    put_error, read_for_case_work, rename_row, request_form, request_lines, send, InvitationView,
    MinutesView, SendError,
};
use crate::form::{Field, FormFields};
use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::saved::Confirmation;
use crate::texts::{fill, Texts};

pub(crate) const PURPOSE: &str = "dialogue meetings";
/// The purpose this page's reads were audited under before the activity
/// requirement got its own place: older log entries carry it.
pub(crate) const EARLIER_PURPOSE: &str = "dialogue meetings and the activity requirement";
/// Rows of agreements the minutes form offers.
const AGREEMENT_ROWS: usize = 3;

/// Which form was posted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Invite,
    Answer,
    Minutes,
    Request,
    Move,
    Cancel,
}

/// The organiser's forms for one standing invitation: move it, cancel it.
struct ChangeForms {
    invitation: String,
    legend: String,
    move_form: FormFields,
    cancel_form: FormFields,
}

/// An answer form for one invitation.
struct AnswerForm {
    invitation: String,
    legend: String,
    form: FormFields,
    /// "Du svarte: …" once answered; the form then only changes the answer.
    answered: Option<String>,
}

#[derive(Template)]
#[template(path = "meetings.html")]
struct MeetingsTemplate {
    frame: Frame,
    t: &'static Texts,
    heading: String,
    person_href: String,
    base: String,
    csrf_token: String,
    invitations: Vec<InvitationView>,
    minutes: Vec<MinutesView>,
    requests: Vec<String>,
    invite: Option<FormFields>,
    answers: Vec<AnswerForm>,
    minutes_form: Option<FormFields>,
    request: Option<FormFields>,
    changes: Vec<ChangeForms>,
    errors: Vec<(String, String)>,
}

fn meeting_choices(t: &Texts, meetings: &[MeetingNumber]) -> Vec<(String, String)> {
    meetings
        .iter()
        .map(|m| (m.number().to_string(), meeting_name(t, *m)))
        .collect()
}

fn radios_owned(name: &str, label: &str, choices: &[(String, String)]) -> Field {
    let borrowed: Vec<(&str, &str)> = choices
        .iter()
        .map(|(v, l)| (v.as_str(), l.as_str()))
        .collect();
    Field::radios(name, label, &borrowed)
}

fn invite_form(t: &Texts, meetings: &[MeetingNumber]) -> FormFields {
    let c = &t.casework;
    let first = meetings
        .first()
        .map(|m| m.number().to_string())
        .unwrap_or_default();
    // The organiser calls the meeting and is not invited to it: NAV for
    // meetings 2 and 3, the manager for meeting 1 (each organises only those).
    let organiser = meetings.first().map(|meeting| organiser(*meeting));
    let invitees: Vec<Participant> = Participant::ALL
        .into_iter()
        .filter(|participant| Some(*participant) != organiser)
        .collect();
    let mut participants = Field::checks(
        "participants",
        c.meeting_participants,
        &participant_choices(t, &invitees),
    )
    .hint(c.invite_participants_hint);
    for choice in &mut participants.choices {
        choice.checked = choice.value != "gp";
    }
    FormFields::new(vec![
        radios_owned("meeting", c.meeting_which, &meeting_choices(t, meetings)).value(&first),
        Field::datetime("at", c.meeting_when).hint(c.datetime_hint),
        Field::text("place", c.meeting_place).hint(c.invite_place_hint),
        Field::checks("video", c.invite_video_label, &[("true", c.invite_video)]),
        participants,
        Field::area("message", c.meeting_message),
    ])
}

fn move_form(t: &Texts, place: &str, index: usize) -> FormFields {
    let c = &t.casework;
    let m = &t.meetings;
    let mut form = FormFields::new(vec![
        Field::datetime("at", c.meeting_when).hint(c.datetime_hint),
        Field::text("place", c.meeting_place).value(place),
        Field::area("message", m.move_message).hint(m.move_message_hint),
    ]);
    for field in &mut form.fields {
        field.id = format!("move-{index}-{}", field.name);
    }
    form
}

fn cancel_form(t: &Texts, index: usize) -> FormFields {
    let m = &t.meetings;
    let mut form = FormFields::new(vec![
        Field::area("reason", m.cancel_reason).hint(m.cancel_reason_hint)
    ]);
    for field in &mut form.fields {
        field.id = format!("cancel-{index}-{}", field.name);
    }
    form
}

/// The standing invitation `id` to a meeting the reader organises.
fn organised_invitation<'a>(
    states: &'a [InvitationState<'a>],
    id: &str,
    organises: &[MeetingNumber],
) -> Option<&'a InvitationState<'a>> {
    states.iter().find(|state| {
        state.id == id && state.stands() && organises.contains(&state.invitation.meeting)
    })
}

fn minutes_form(t: &Texts, meetings: &[MeetingNumber], today: &str) -> FormFields {
    let c = &t.casework;
    let first = meetings
        .first()
        .map(|m| m.number().to_string())
        .unwrap_or_default();
    let mut fields = vec![
        radios_owned("meeting", c.meeting_which, &meeting_choices(t, meetings)).value(&first),
        Field::date("date", c.minutes_date)
            .hint(c.date_hint)
            .value(today),
        Field::area("situation", c.minutes_situation).hint(c.minutes_situation_hint),
        Field::area("contributions", c.minutes_contributions),
        Field::area("measures", c.minutes_measures),
        Field::area("next_step", c.minutes_next_step),
        Field::date("expected_return", c.minutes_expected_return).hint(c.date_hint),
    ];
    let who = participant_choices(t, &Participant::ALL);
    for index in 0..AGREEMENT_ROWS {
        fields.push(Field::select(
            &format!("agreements[{index}].who"),
            c.agreement_who,
            &who,
        ));
        fields.push(Field::text(
            &format!("agreements[{index}].what"),
            c.agreement_what,
        ));
        fields.push(
            Field::date(&format!("agreements[{index}].due"), c.agreement_due).hint(c.date_hint),
        );
    }
    let mut form = FormFields::new(fields);
    for field in &mut form.fields {
        field.id = format!("minutes-{}", field.id);
    }
    form
}

fn meetings_path(reference: &PersonRef) -> String {
    format!("{}/moter", paths::person(reference))
}

/// `GET /person/{person}/moter`.
pub async fn page<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
) -> Result<Response, Exit> {
    let (fnr, _) = crate::names::resolve(&page, &host, &fnr).await?;
    let record = read_for_case_work(&page, &host, &fnr, PURPOSE).await?;
    Ok(show(&page, &fnr, &record, None))
}

/// A posted form: which, its fields with errors, and for an answer which invitation.
struct Posted {
    which: Which,
    form: FormFields,
    invitation: String,
}

/// `POST /person/{person}/moter/{form}`.
pub async fn post<S: Host>(
    page: Page,
    State(host): State<S>,
    Path((fnr, which)): Path<(String, String)>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require_signed_in()?;
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let which = match which.as_str() {
        "innkalling" => Which::Invite,
        "svar" => Which::Answer,
        "referat" => Which::Minutes,
        "be-om" => Which::Request,
        "flytt" => Which::Move,
        "avlys" => Which::Cancel,
        _ => return Err(page.error(StatusCode::NOT_FOUND).into()),
    };
    // Moving or cancelling: the invitation must stand and be the reader's
    // to organise; anything else is no such invitation.
    let changed = if matches!(which, Which::Move | Which::Cancel) {
        let record = read_for_case_work(&page, &host, &fnr, PURPOSE).await?;
        let documents = record.documents.iter().map(|stored| &stored.document);
        let states = invitations(documents);
        let organises = policy::organised_meetings(&viewer.actor);
        let id = posted
            .iter()
            .find(|(key, _)| key == "invitation")
            .map(|(_, value)| value.trim())
            .unwrap_or_default();
        let Some(state) = organised_invitation(&states, id, &organises) else {
            return Err(page.error(StatusCode::NOT_FOUND).into());
        };
        Some((state.id.to_owned(), state.invitation.clone()))
    } else {
        None
    };
    let t = page.t;
    let role = viewer.actor.role;
    let today = page.today.format("%Y-%m-%d").to_string();
    let value = |name: &str| {
        posted
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
            .unwrap_or_default()
    };
    let meeting_number = |form: &FormFields| {
        form.get("meeting")
            .parse::<i64>()
            .map_or(Value::Null, |n| json!(n))
    };
    let mut fields = Map::new();
    let mut rows = Vec::new();
    let (kind, mut form) = match which {
        Which::Invite => {
            let mut form = invite_form(t, &policy::organised_meetings(&viewer.actor));
            form.fill(&posted);
            fields.insert("meeting".to_owned(), meeting_number(&form));
            fields.insert("at".to_owned(), json!(form.get("at").replacen(' ', "T", 1)));
            fields.insert("place".to_owned(), json!(form.get("place")));
            fields.insert(
                "video".to_owned(),
                json!(form.checked("video").contains(&"true")),
            );
            fields.insert(
                "participants".to_owned(),
                json!(form.checked("participants")),
            );
            fields.insert("message".to_owned(), json!(form.get("message")));
            (DocumentKind::MeetingInvitation, form)
        }
        Which::Answer => {
            let mut form = answer_form(t, 0);
            form.fill(&posted);
            fields.insert("invitation".to_owned(), json!(value("invitation")));
            fields.insert(
                "participant".to_owned(),
                json!(participant_of(role).map(Participant::as_str)),
            );
            fields.insert("answer".to_owned(), json!(form.get("answer")));
            fields.insert("comment".to_owned(), json!(form.get("comment")));
            (DocumentKind::MeetingAnswer, form)
        }
        Which::Minutes => {
            let mut form = minutes_form(t, &policy::organised_meetings(&viewer.actor), &today);
            form.fill(&posted);
            fields.insert("meeting".to_owned(), meeting_number(&form));
            for name in [
                "date",
                "situation",
                "contributions",
                "measures",
                "next_step",
            ] {
                fields.insert(name.to_owned(), json!(form.get(name)));
            }
            let expected = form.get("expected_return");
            if !expected.is_empty() {
                fields.insert("expected_return".to_owned(), json!(expected));
            }
            let mut agreements = Vec::new();
            for index in 0..AGREEMENT_ROWS {
                let what = form.get(&format!("agreements[{index}].what"));
                let due = form.get(&format!("agreements[{index}].due"));
                if what.is_empty() && due.is_empty() {
                    continue;
                }
                rows.push(index);
                agreements.push(json!({"who": form.get(&format!("agreements[{index}].who")),
                    "what": what, "due": due}));
            }
            fields.insert("agreements".to_owned(), Value::Array(agreements));
            (DocumentKind::MeetingMinutes, form)
        }
        Which::Request => {
            let mut form = request_form(t, t.casework.request_reason_hint);
            form.fill(&posted);
            fields.insert("meeting".to_owned(), meeting_number(&form));
            fields.insert("date".to_owned(), json!(today));
            fields.insert(
                "by".to_owned(),
                json!(participant_of(role).map(Participant::as_str)),
            );
            fields.insert("reason".to_owned(), json!(form.get("reason")));
            (DocumentKind::MeetingRequest, form)
        }
        Which::Move | Which::Cancel => {
            let Some((id, invitation)) = &changed else {
                return Err(page.error(StatusCode::NOT_FOUND).into());
            };
            fields.insert("meeting".to_owned(), json!(invitation.meeting.number()));
            if which == Which::Move {
                // A new invitation to the same meeting and people, at the
                // new time, that replaces the old: its answers reset.
                let mut form = move_form(t, &invitation.place, 0);
                form.fill(&posted);
                let message = match form.get("message") {
                    "" => invitation.message.clone(),
                    message => message.to_owned(),
                };
                fields.insert("at".to_owned(), json!(form.get("at").replacen(' ', "T", 1)));
                fields.insert("place".to_owned(), json!(form.get("place")));
                fields.insert("video".to_owned(), json!(invitation.video));
                fields.insert(
                    "participants".to_owned(),
                    json!(invitation
                        .participants
                        .iter()
                        .map(|participant| participant.as_str())
                        .collect::<Vec<_>>()),
                );
                fields.insert("message".to_owned(), json!(message));
                fields.insert("replaces".to_owned(), json!(id));
                (DocumentKind::MeetingInvitation, form)
            } else {
                let mut form = cancel_form(t, 0);
                form.fill(&posted);
                fields.insert("invitation".to_owned(), json!(id));
                fields.insert("date".to_owned(), json!(today));
                fields.insert("reason".to_owned(), json!(form.get("reason")));
                (DocumentKind::MeetingCancelled, form)
            }
        }
    };
    // Dates the parser takes but no meeting can have: a meeting called to
    // a day already past, minutes dated before the meeting.
    let meeting = form
        .get("meeting")
        .parse::<i64>()
        .ok()
        .and_then(MeetingNumber::parse)
        .or(changed.as_ref().map(|(_, invitation)| invitation.meeting))
        .filter(|meeting| policy::organised_meetings(&viewer.actor).contains(meeting));
    let date_problem = match (which, meeting) {
        (Which::Invite | Which::Move, Some(_)) => crate::dates::parse_datetime(form.get("at"))
            .and_then(|at| invitation_date_problem(at, page.today))
            .map(|problem| ("at", problem)),
        (Which::Minutes, Some(meeting)) => match crate::dates::parse_date(form.get("date")) {
            Some(date) => {
                let record = read_for_case_work(&page, &host, &fnr, PURPOSE).await?;
                let documents = record.documents.iter().map(|stored| &stored.document);
                minutes_date_problem(documents, meeting, date).map(|problem| ("date", problem))
            }
            None => None,
        },
        _ => None,
    };
    if let Some((field, problem)) = date_problem {
        let c = &t.casework;
        let message = match problem {
            MeetingDateProblem::InvitationInThePast => c.error_invitation_in_the_past.to_owned(),
            MeetingDateProblem::MinutesBeforeTheMeeting { meeting_day } => fill(
                c.error_minutes_before_meeting,
                &[("date", &crate::format::date_short(t, meeting_day))],
            ),
        };
        form.set_error(field, message);
        let record = read_for_case_work(&page, &host, &fnr, PURPOSE).await?;
        let posted = Posted {
            which,
            form,
            invitation: value("invitation"),
        };
        return Ok(show(&page, &fnr, &record, Some(posted)));
    }
    match send(&host, viewer, &fnr, kind, fields, page.today, page.now).await {
        Ok(()) => {
            let saved = match which {
                Which::Invite => Confirmation::InvitationSent,
                Which::Answer => Confirmation::AnswerSent,
                Which::Minutes => Confirmation::MinutesSent,
                Which::Request => Confirmation::RequestSent,
                Which::Move => Confirmation::MeetingMoved,
                Which::Cancel => Confirmation::MeetingCancelled,
            };
            Ok(Redirect::to(&saved.href(&meetings_path(&reference))).into_response())
        }
        Err(SendError::Form(error)) => {
            put_error(t, &mut form, &error, |field| {
                rename_row(field, "agreements", &rows)
            });
            let record = read_for_case_work(&page, &host, &fnr, PURPOSE).await?;
            let posted = Posted {
                which,
                form,
                invitation: value("invitation"),
            };
            Ok(show(&page, &fnr, &record, Some(posted)))
        }
        Err(SendError::Store(StoreError::Forbidden)) => {
            Err(page.error(StatusCode::FORBIDDEN).into())
        }
        Err(SendError::Store(error)) => Err(page.store_error(error).into()),
    }
}

fn show(page: &Page, fnr: &Fnr, record: &PersonRecord, posted: Option<Posted>) -> Response {
    let t = page.t;
    let c = &t.casework;
    let Some(viewer) = page.viewer.as_ref() else {
        return page.error(StatusCode::NOT_FOUND);
    };
    let role = viewer.actor.role;
    let forms = policy::forms(&viewer.actor);
    let me = participant_of(role);
    // The documents as the store gave them, borrowed.
    let documents: Vec<&Document> = record.documents.iter().map(|s| &s.document).collect();
    let bodies: Vec<&DocumentBody> = documents.iter().map(|d| &d.body).collect();
    let states = invitations(documents.iter().copied());
    let today = crate::dates::form_date(page.today);
    let failed = posted.is_some();
    let mut posted = posted;
    let mut take = |which: Which| match posted.take() {
        Some(p) if p.which == which => Some(p),
        other => {
            posted = other;
            None
        }
    };
    let organises = policy::organised_meetings(&viewer.actor);
    let invite = (!organises.is_empty())
        .then(|| take(Which::Invite).map_or_else(|| invite_form(t, &organises), |p| p.form));
    let minutes_form = (!organises.is_empty()).then(|| {
        take(Which::Minutes).map_or_else(|| minutes_form(t, &organises, &today), |p| p.form)
    });
    let request = forms.request_meeting.then(|| {
        take(Which::Request).map_or_else(|| request_form(t, c.request_reason_hint), |p| p.form)
    });
    let answered = take(Which::Answer);
    let posted_change = take(Which::Move).or_else(|| take(Which::Cancel));
    // A meeting already held (minutes or a record of it on or after the
    // invitation's day) is not moved or cancelled any more.
    let held: Vec<(MeetingNumber, chrono::NaiveDate)> = bodies
        .iter()
        .filter_map(|body| tilbake_domain::tasks::held_meeting(body))
        .collect();
    let changes: Vec<ChangeForms> = states
        .iter()
        .enumerate()
        .filter(|(_, state)| {
            organised_invitation(&states, state.id, &organises).is_some()
                && !held.iter().any(|(meeting, date)| {
                    *meeting == state.invitation.meeting && *date >= state.invitation.at.date()
                })
        })
        .map(|(index, state)| {
            let posted_here = posted_change.as_ref().filter(|p| p.invitation == state.id);
            let renamed = |mut form: FormFields, prefix: &str| {
                for field in &mut form.fields {
                    field.id = format!("{prefix}-{index}-{}", field.name);
                }
                form
            };
            ChangeForms {
                invitation: state.id.to_owned(),
                legend: fill(
                    t.meetings.change_legend,
                    &[
                        (
                            "meeting",
                            &crate::casework::meeting_in_sentence(t, state.invitation.meeting),
                        ),
                        ("when", &crate::casework::meeting_when(t, state.invitation)),
                    ],
                ),
                move_form: match posted_here {
                    Some(p) if p.which == Which::Move => renamed(p.form.clone(), "move"),
                    _ => move_form(t, &state.invitation.place, index),
                },
                cancel_form: match posted_here {
                    Some(p) if p.which == Which::Cancel => renamed(p.form.clone(), "cancel"),
                    _ => cancel_form(t, index),
                },
            }
        })
        .collect();
    let answers: Vec<AnswerForm> = states
        .iter()
        .enumerate()
        .filter(|(_, state)| {
            state.stands() && me.is_some_and(|me| state.invitation.participants.contains(&me))
        })
        .map(|(index, state)| {
            let form = match &answered {
                Some(p) if p.invitation == state.id => {
                    let mut form = p.form.clone();
                    for field in &mut form.fields {
                        field.id = format!("answer-{index}-{}", field.name);
                    }
                    form
                }
                _ => answer_form(t, index),
            };
            AnswerForm {
                invitation: state.id.to_owned(),
                legend: fill(
                    c.answer_legend,
                    &[("meeting", &invitation_view(t, state).heading)],
                ),
                form,
                answered: me.and_then(|me| answered_line(t, record, state, me)),
            }
        })
        .collect();
    let mut errors = Vec::new();
    for form in [&invite, &minutes_form, &request].into_iter().flatten() {
        errors.extend(form.errors());
    }
    for answer in &answers {
        errors.extend(answer.form.errors());
    }
    for change in &changes {
        errors.extend(change.move_form.errors());
        errors.extend(change.cancel_form.errors());
    }
    let heading = fill(
        c.meetings_heading,
        &[(
            "fnr",
            &crate::names::person_label(t, fnr, record.name.as_ref()),
        )],
    );
    let mut frame = page.frame(&heading);
    if failed {
        frame.title = fill(t.common.page_title_error, &[("page", &heading)]);
    }
    let template = MeetingsTemplate {
        frame,
        t,
        heading,
        person_href: paths::person(&record.reference),
        base: meetings_path(&record.reference),
        csrf_token: page
            .viewer
            .as_ref()
            .map(|v| v.csrf_token.clone())
            .unwrap_or_default(),
        invitations: crate::casework::invitation_views(t, &states),
        minutes: minutes_views(t, &bodies).into_iter().rev().collect(),
        requests: request_lines(t, &bodies),
        invite,
        answers,
        minutes_form,
        request,
        changes,
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
