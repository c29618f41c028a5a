//! What the case-work pages share: sending a document that a person wrote
//! in a form (checked by the contract's parser, stored by the store, which
//! checks the role and the person and writes the audit entry), mapping the
//! parser's errors to form fields in the page's language, and the views of
//! plan versions and meetings that several pages show.

use chrono::NaiveDate;
use serde_json::{json, Map, Value};
use tilbake_contract::document::{parse_document_value, DocumentError, InputRules};
use tilbake_domain::casework::CaseworkDocument;
use tilbake_domain::casework::{
    organiser, AdaptationKind, AdaptationStatus, InvitationState, MeetingAnswerKind, Participant,
    PlanHint, PlanVersionState,
};
use tilbake_domain::document::{DocumentBody, DocumentKind, MeetingNumber};
use tilbake_domain::identity::Fnr;
use tilbake_store::{Millis, StoreError};

use crate::form::FormFields;
use crate::format::date_short;
use crate::host::{Host, SignedIn};
use crate::texts::{fill, Texts};

/// Why sending a document from a form did not work.
pub enum SendError {
    /// The form's content: put on the form's fields.
    Form(DocumentError),
    /// The store refused or failed: the page for it.
    Store(StoreError),
}

/// Builds a document of `kind` about `person` from `fields`, checks it as
/// the API would and stores it as the signed-in person.
pub async fn send<S: Host>(
    host: &S,
    viewer: &SignedIn,
    person: &Fnr,
    kind: DocumentKind,
    mut fields: Map<String, Value>,
    today: NaiveDate,
    now: Millis,
) -> Result<(), SendError> {
    fields.insert("kind".to_owned(), json!(kind.as_str()));
    fields.insert("person".to_owned(), json!(person.to_string()));
    // Unique per person and kind: the time (for reading) and random bits
    // (two saves in the same millisecond, or a clock that stands still).
    let mut random = [0u8; 6];
    getrandom::getrandom(&mut random).map_err(|error| {
        SendError::Store(StoreError::Invalid {
            field: "id".to_owned(),
            message: format!("no randomness for a document id: {error}"),
        })
    })?;
    let suffix = u64::from_be_bytes([
        0, 0, random[0], random[1], random[2], random[3], random[4], random[5],
    ]);
    fields.insert(
        "id".to_owned(),
        json!(format!(
            "{}-{now}-{suffix}",
            kind.as_str().replace('_', "-")
        )),
    );
    let parsed = parse_document_value(&Value::Object(fields), today).map_err(SendError::Form)?;
    host.store()
        .store_document(&viewer.actor, &parsed, today, now)
        .await
        .map(|_| ())
        .map_err(SendError::Store)
}

/// The message for a field the parser refused, in the page's language.
pub fn field_error(t: &Texts, error: &DocumentError) -> String {
    let c = &t.casework;
    let last = error
        .field
        .rsplit('.')
        .next()
        .unwrap_or(&error.field)
        .split('[')
        .next()
        .unwrap_or_default();
    match error.code {
        "text_too_long" => return c.error_too_long.to_owned(),
        "invalid_characters" => return c.error_characters.to_owned(),
        "out_of_range" => {
            let rules = InputRules::CURRENT;
            return fill(
                c.error_date_range,
                &[
                    ("earliest_year", &rules.earliest_year),
                    ("years_ahead", &rules.max_years_ahead),
                ],
            );
        }
        _ => {}
    }
    match last {
        "date" | "when" | "due" | "expected_return" => c.error_date.to_owned(),
        "at" => c.error_datetime.to_owned(),
        "status" | "who" | "answer" | "participant" | "participants" | "meeting" | "by" => {
            c.error_choose.to_owned()
        }
        "work_tasks" if error.code == "missing_field" => c.error_plan_empty.to_owned(),
        _ => c.error_missing.to_owned(),
    }
}

/// Puts a parser error on the form field it names, after `rename` maps
/// the document's field path back to the form's (rows left out when empty).
pub fn put_error(
    t: &Texts,
    form: &mut FormFields,
    error: &DocumentError,
    rename: impl Fn(&str) -> String,
) {
    form.set_error(&rename(&error.field), field_error(t, error));
}

/// Maps `list[k].field` back to `list[i].field` where `i = rows[k]`.
pub fn rename_row(field: &str, list: &str, rows: &[usize]) -> String {
    let Some(rest) = field.strip_prefix(list).and_then(|r| r.strip_prefix('[')) else {
        return field.to_owned();
    };
    let Some((index, tail)) = rest.split_once(']') else {
        return field.to_owned();
    };
    match index.parse::<usize>().ok().and_then(|k| rows.get(k)) {
        Some(original) => format!("{list}[{original}]{tail}"),
        None => field.to_owned(),
    }
}

pub fn participant_name(t: &Texts, participant: Participant) -> &'static str {
    let c = &t.casework;
    match participant {
        Participant::Worker => c.party_worker,
        Participant::Manager => c.party_manager,
        Participant::Gp => c.party_gp,
        Participant::Nav => c.party_nav,
    }
}

pub fn participant_choices(t: &Texts, who: &[Participant]) -> Vec<(&'static str, &'static str)> {
    who.iter()
        .map(|p| (p.as_str(), participant_name(t, *p)))
        .collect()
}

pub fn adaptation_name(t: &Texts, kind: AdaptationKind) -> &'static str {
    let c = &t.casework;
    match kind {
        AdaptationKind::Hours => c.adaptation_hours,
        AdaptationKind::Tasks => c.adaptation_tasks,
        AdaptationKind::Aids => c.adaptation_aids,
        AdaptationKind::Colleagues => c.adaptation_colleagues,
    }
}

pub fn meeting_name(t: &Texts, meeting: MeetingNumber) -> String {
    fill(t.casework.meeting_name, &[("number", &meeting.number())])
}

/// A meeting's name inside a sentence: "dialogmøte 2", not "Dialogmøte 2".
pub fn meeting_in_sentence(t: &Texts, meeting: MeetingNumber) -> String {
    let name = meeting_name(t, meeting);
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

fn answer_name(t: &Texts, answer: MeetingAnswerKind) -> &'static str {
    let c = &t.casework;
    match answer {
        MeetingAnswerKind::Accept => c.answer_accept,
        MeetingAnswerKind::Decline => c.answer_decline,
        MeetingAnswerKind::OtherTime => c.answer_other_time,
    }
}

pub fn answer_choices(t: &Texts) -> Vec<(&'static str, &'static str)> {
    MeetingAnswerKind::ALL
        .iter()
        .map(|a| (a.as_str(), answer_name(t, *a)))
        .collect()
}

/// The form to answer an invitation; ids prefixed `answer-{index}-` so
/// several fit on one page.
pub fn answer_form(t: &Texts, index: usize) -> crate::form::FormFields {
    let c = &t.casework;
    let mut form = crate::form::FormFields::new(vec![
        crate::form::Field::radios("answer", c.answer_label, &answer_choices(t)),
        crate::form::Field::area("comment", c.answer_comment).hint(c.answer_comment_hint),
    ]);
    for field in &mut form.fields {
        field.id = format!("answer-{index}-{}", field.name);
    }
    form
}

/// The form to ask NAV for meeting 2 early or meeting 3, with `hint` for
/// the reason (the worker's is worded for them).
pub fn request_form(t: &Texts, hint: &str) -> crate::form::FormFields {
    let c = &t.casework;
    let mut form = crate::form::FormFields::new(vec![
        crate::form::Field::radios(
            "meeting",
            c.meeting_which,
            &[("2", c.request_meeting_2), ("3", c.request_meeting_3)],
        ),
        crate::form::Field::area("reason", c.request_reason).hint(hint),
    ]);
    for field in &mut form.fields {
        field.id = format!("request-{}", field.name);
    }
    form
}

/// A person's record for a case-work page of the manager, NAV or the GP:
/// any other role, and a person the reader may not see, get the 404 page.
pub async fn read_for_case_work<S: Host>(
    page: &crate::page::Page,
    host: &S,
    fnr: &Fnr,
    purpose: &str,
) -> Result<tilbake_store::PersonRecord, crate::page::Exit> {
    use axum::http::StatusCode;
    use tilbake_domain::access::policy::{self, PageKind};
    let viewer = page.require_signed_in()?;
    if !policy::may_open(&viewer.actor, PageKind::Plan) {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    }
    read_person_for_page(page, host, &viewer.actor, fnr, purpose).await
}

/// The store's read of a person for a page the reader may open, audited
/// with `purpose`: a person the store refuses them answers the 404 page,
/// as one who does not exist.
pub async fn read_person_for_page<S: Host>(
    page: &crate::page::Page,
    host: &S,
    actor: &tilbake_store::Actor,
    fnr: &Fnr,
    purpose: &str,
) -> Result<tilbake_store::PersonRecord, crate::page::Exit> {
    use axum::http::StatusCode;
    use tilbake_domain::access::AuditAction;
    host.store()
        .read_person(
            actor,
            fnr,
            AuditAction::ReadDocuments,
            purpose,
            page.today,
            page.now,
        )
        .await
        .map_err(|error| match error {
            StoreError::Forbidden => page.error(StatusCode::NOT_FOUND).into(),
            other => page.store_error(other).into(),
        })
}

/// A plan hint as shown: a title, what a useful plan says instead, and for
/// health words the words themselves ("Ord som bør ut: «ryggsmerter»").
pub struct HintView {
    pub title: &'static str,
    pub text: &'static str,
    pub words: Option<String>,
}

/// Words as a list in a sentence: «ryggsmerter», «prolaps».
pub fn quoted_words(words: &[String]) -> String {
    words
        .iter()
        .map(|word| format!("«{word}»"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The health terms for the plan page's script (`static/plan-hint.js`): the
/// same list the server checks with, as `stem:ending,ending:1;…` (the last
/// part says whether the stem heads compounds). Not JSON: a page holds no
/// braces.
pub fn health_terms_attribute() -> String {
    tilbake_domain::health_words::HEALTH_TERMS
        .iter()
        .map(|term| {
            format!(
                "{}:{}:{}",
                term.stem,
                term.endings.join(","),
                u8::from(term.compound_head)
            )
        })
        .collect::<Vec<_>>()
        .join(";")
}

pub fn hint_view(t: &Texts, hint: PlanHint, health_words: &[String]) -> HintView {
    let c = &t.casework;
    let (title, text) = match hint {
        PlanHint::OnlyFullySickListed => (c.hint_fully_sick_title, c.hint_fully_sick_text),
        PlanHint::HealthDetails => (c.hint_health_title, c.hint_health_text),
        PlanHint::NoAdaptation => (c.hint_no_adaptation_title, c.hint_no_adaptation_text),
        PlanHint::NoNextStep => (c.hint_no_next_step_title, c.hint_no_next_step_text),
    };
    let words = (hint == PlanHint::HealthDetails && !health_words.is_empty()).then(|| {
        crate::texts::fill(
            c.hint_health_words,
            &[("words", &quoted_words(health_words))],
        )
    });
    HintView { title, text, words }
}

/// A row of a plan's adaptations.
pub struct AdaptationRow {
    pub kind: &'static str,
    pub status: &'static str,
    pub description: String,
    pub effect: String,
}

/// A row of a plan's next steps.
pub struct StepRow {
    pub what: String,
    pub who: &'static str,
    pub when: String,
}

/// One plan version as shown.
pub struct VersionView {
    pub id: String,
    pub heading: String,
    /// Approved, commented on or waiting for the worker.
    pub status: String,
    pub approved: bool,
    /// "Shared with the GP and NAV on …", or empty.
    pub shared: String,
    pub work_tasks: String,
    /// "What the worker can do now", or "… you can do now" to the worker.
    pub can_do_now_label: &'static str,
    pub can_do_now: String,
    pub nav_help: String,
    pub adaptations: Vec<AdaptationRow>,
    pub steps: Vec<StepRow>,
    /// The worker's comments, oldest first.
    pub comments: Vec<String>,
    /// What changed since the version before, when there is one.
    pub changes: Option<crate::plan_diff::ChangesView>,
}

/// Who reads a plan version: the worker reads of themself as "du".
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum PlanReader {
    TheWorker,
    AParty,
}

pub fn version_view(t: &Texts, version: &PlanVersionState<'_>, reader: PlanReader) -> VersionView {
    let c = &t.casework;
    let plan = version.plan;
    let (approved, commented, waiting, comment_line, can_do_now_label) = match reader {
        PlanReader::TheWorker => (
            c.my_plan_approved,
            c.my_plan_commented,
            c.my_plan_waiting,
            c.my_plan_comment_line,
            c.my_plan_can_do_now,
        ),
        PlanReader::AParty => (
            c.plan_approved,
            c.plan_commented,
            c.plan_waiting,
            c.plan_comment_line,
            c.plan_can_do_now,
        ),
    };
    let status = match version.responses.last() {
        Some(response) if response.approved => {
            fill(approved, &[("date", &date_short(t, response.date))])
        }
        Some(response) => fill(commented, &[("date", &date_short(t, response.date))]),
        None => waiting.to_owned(),
    };
    VersionView {
        id: version.id.to_owned(),
        heading: fill(
            c.plan_version_heading,
            &[
                ("number", &version.number),
                ("date", &date_short(t, version.date)),
            ],
        ),
        status,
        approved: version.approved(),
        shared: version.shared.map_or_else(String::new, |date| {
            fill(c.plan_shared_on, &[("date", &date_short(t, date))])
        }),
        work_tasks: plan.work_tasks.clone(),
        can_do_now_label,
        can_do_now: plan.can_do_now.clone(),
        nav_help: plan.nav_help.clone(),
        adaptations: plan
            .adaptations
            .iter()
            .map(|a| AdaptationRow {
                kind: adaptation_name(t, a.kind),
                status: match a.status {
                    AdaptationStatus::Tried => c.status_tried,
                    AdaptationStatus::Agreed => c.status_agreed,
                },
                description: a.description.clone(),
                effect: a.effect.clone(),
            })
            .collect(),
        steps: plan
            .next_steps
            .iter()
            .map(|step| StepRow {
                what: step.what.clone(),
                who: participant_name(t, step.who),
                when: date_short(t, step.when),
            })
            .collect(),
        comments: version
            .responses
            .iter()
            .filter(|r| !r.comment.is_empty())
            .map(|r| {
                fill(
                    comment_line,
                    &[("date", &date_short(t, r.date)), ("comment", &r.comment)],
                )
            })
            .collect(),
        changes: None,
    }
}

/// Every version as shown, newest first, each with what changed since the
/// version before it.
pub fn version_views(
    t: &Texts,
    versions: &[PlanVersionState<'_>],
    reader: PlanReader,
) -> Vec<VersionView> {
    let mut views: Vec<VersionView> = Vec::with_capacity(versions.len());
    let mut before: Option<&PlanVersionState<'_>> = None;
    for version in versions {
        let mut view = version_view(t, version, reader);
        view.changes = before.and_then(|before| crate::plan_diff::changes_view(t, before, version));
        views.push(view);
        before = Some(version);
    }
    views.reverse();
    views
}

/// An answer line of an invitation.
pub struct AnswerRow {
    pub who: &'static str,
    pub answer: String,
}

/// One invitation as shown.
pub struct InvitationView {
    pub id: String,
    pub heading: String,
    pub when: String,
    pub place: String,
    pub participants: String,
    pub message: String,
    pub answers: Vec<AnswerRow>,
    /// Moved or cancelled (or moved here from another time), in words; "" otherwise.
    pub status: String,
    /// Neither moved nor cancelled.
    pub stands: bool,
}

/// "3. juni 2024 kl. 10:00": when an invitation calls to.
pub fn meeting_when(t: &Texts, invitation: &tilbake_domain::casework::MeetingInvitation) -> String {
    fill(
        t.casework.meeting_at,
        &[
            ("date", &date_short(t, invitation.at.date())),
            ("time", &invitation.at.format("%H:%M")),
        ],
    )
}

/// Every invitation as shown, newest first, a moved one naming the time it
/// was moved to and the one that moved it the time it replaced.
pub fn invitation_views(t: &Texts, states: &[InvitationState<'_>]) -> Vec<InvitationView> {
    let m = &t.meetings;
    let when_of = |id: &str| {
        states
            .iter()
            .find(|state| state.id == id)
            .map(|state| meeting_when(t, state.invitation))
    };
    states
        .iter()
        .rev()
        .map(|state| {
            let mut view = invitation_view(t, state);
            if let Some(cancellation) = state.cancelled {
                view.status = fill(
                    m.status_cancelled,
                    &[
                        ("date", &date_short(t, cancellation.date)),
                        ("reason", &cancellation.reason),
                    ],
                );
            } else if let Some(when) = state.moved_to.and_then(when_of) {
                view.status = fill(m.status_moved, &[("when", &when)]);
            } else if let Some(when) = state.invitation.replaces.as_deref().and_then(when_of) {
                view.status = fill(m.status_moved_from, &[("when", &when)]);
            }
            view
        })
        .collect()
}

pub fn invitation_view(t: &Texts, state: &InvitationState<'_>) -> InvitationView {
    let c = &t.casework;
    let invitation = state.invitation;
    let place = if invitation.video {
        fill(c.meeting_video, &[("place", &invitation.place)])
    } else {
        invitation.place.clone()
    };
    InvitationView {
        id: state.id.to_owned(),
        heading: meeting_name(t, invitation.meeting),
        when: meeting_when(t, invitation),
        place,
        participants: invitation
            .participants
            .iter()
            .map(|p| participant_name(t, *p))
            .collect::<Vec<_>>()
            .join(", "),
        message: invitation.message.clone(),
        status: String::new(),
        stands: state.stands(),
        // The organiser does not answer their own invitation.
        answers: invitation
            .participants
            .iter()
            .filter(|p| **p != organiser(invitation.meeting))
            .map(|p| AnswerRow {
                who: participant_name(t, *p),
                answer: match state.answer_of(*p) {
                    Some(answer) if answer.comment.is_empty() => {
                        answer_name(t, answer.answer).to_owned()
                    }
                    Some(answer) => {
                        format!("{} – {}", answer_name(t, answer.answer), answer.comment)
                    }
                    None => c.answer_none.to_owned(),
                },
            })
            .collect(),
    }
}

/// "Du svarte: Kommer (3. juni 2024)." for a party that has answered an
/// invitation, dated by when the answer arrived; `None` before they answer.
pub fn answered_line(
    t: &Texts,
    record: &tilbake_store::PersonRecord,
    state: &InvitationState<'_>,
    me: Participant,
) -> Option<String> {
    let answer = state.answer_of(me)?;
    let received = record
        .documents
        .iter()
        .find_map(|stored| match &stored.document.body {
            DocumentBody::Casework(CaseworkDocument::MeetingAnswer(stored_answer))
                if std::ptr::eq(stored_answer, answer) =>
            {
                Some(stored.received_at)
            }
            _ => None,
        });
    let date = received.map_or_else(String::new, |at| crate::format::date_of(t, at));
    Some(fill(
        t.casework.you_answered,
        &[("answer", &answer_name(t, answer.answer)), ("date", &date)],
    ))
}

/// An agreement line of minutes.
pub struct AgreementRow {
    pub who: &'static str,
    pub what: String,
    pub due: String,
}

/// Minutes as shown.
pub struct MinutesView {
    pub heading: String,
    pub situation: String,
    pub contributions: String,
    pub measures: String,
    pub next_step: String,
    pub expected_return: String,
    pub agreements: Vec<AgreementRow>,
}

pub fn minutes_views(t: &Texts, bodies: &[&DocumentBody]) -> Vec<MinutesView> {
    let c = &t.casework;
    bodies
        .iter()
        .filter_map(|body| match body {
            DocumentBody::Casework(CaseworkDocument::MeetingMinutes(minutes)) => Some(minutes),
            _ => None,
        })
        .map(|minutes| MinutesView {
            heading: fill(
                c.minutes_heading,
                &[
                    ("meeting", &meeting_name(t, minutes.meeting)),
                    ("date", &date_short(t, minutes.date)),
                ],
            ),
            situation: minutes.situation.clone(),
            contributions: minutes.contributions.clone(),
            measures: minutes.measures.clone(),
            next_step: minutes.next_step.clone(),
            expected_return: minutes
                .expected_return
                .map_or_else(String::new, |date| date_short(t, date)),
            agreements: minutes
                .agreements
                .iter()
                .map(|a| AgreementRow {
                    who: participant_name(t, a.who),
                    what: a.what.clone(),
                    due: date_short(t, a.due),
                })
                .collect(),
        })
        .collect()
}

/// A request for a meeting as shown.
pub fn request_lines(t: &Texts, bodies: &[&DocumentBody]) -> Vec<String> {
    bodies
        .iter()
        .filter_map(|body| match body {
            DocumentBody::Casework(CaseworkDocument::MeetingRequest(request)) => Some(fill(
                t.casework.request_line,
                &[
                    ("who", &participant_name(t, request.by)),
                    ("meeting", &meeting_in_sentence(t, request.meeting)),
                    ("date", &date_short(t, request.date)),
                    ("reason", &request.reason),
                ],
            )),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parser_errors_read_as_the_pages_language_says_them() {
        let t = &crate::texts::NB;
        let error = |code, field: &str| DocumentError {
            code,
            field: field.to_owned(),
            message: String::new(),
        };
        assert_eq!(
            field_error(t, &error("text_too_long", "reason")),
            t.casework.error_too_long
        );
        assert_eq!(
            field_error(t, &error("invalid_characters", "place")),
            t.casework.error_characters
        );
        assert_eq!(
            field_error(t, &error("invalid_field", "agreements[2].due")),
            t.casework.error_date
        );
        assert_eq!(
            field_error(t, &error("missing_field", "at")),
            t.casework.error_datetime
        );
        assert_eq!(
            field_error(t, &error("missing_field", "adaptations[0].status")),
            t.casework.error_choose
        );
        assert_eq!(
            field_error(t, &error("missing_field", "situation")),
            t.casework.error_missing
        );
        assert_eq!(
            field_error(t, &error("out_of_range", "at")),
            "Datoen må være fra år 1900 og ikke mer enn 2 år fram i tid. Sjekk årstallet."
        );
    }

    #[test]
    fn a_row_index_maps_back_to_the_form_row() {
        assert_eq!(
            rename_row("adaptations[1].status", "adaptations", &[0, 3]),
            "adaptations[3].status"
        );
        assert_eq!(rename_row("date", "adaptations", &[0]), "date");
        assert_eq!(
            rename_row("adaptations[9].status", "adaptations", &[0]),
            "adaptations[9].status"
        );
    }
}
