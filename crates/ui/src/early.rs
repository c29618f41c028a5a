//! NAV's early sessions in weeks 14 and 16 and the work-ability assessment
//! (issue 11), and the NAV office's setting that switches the sessions on:
//!
//! - `/person/{person}/tidlige-samtaler`: the caseworker's record of the two
//!   sessions (session 2 as what changed since session 1, the domain's
//!   `early::changes`) and the form that records one;
//! - `/person/{person}/arbeidsevne`: the assessment that applies now, the
//!   GP's additions and the earlier versions; NAV's form for a new version
//!   and the GP's for an addition (`…/arbeidsevne/tillegg`);
//! - `/min-sykmelding/arbeidsevne`: the worker reads both, with the terms
//!   explained in plain words;
//! - `/enhet/innstillinger`: a caseworker switches the office's early
//!   sessions on or off.
//!
//! Who opens which page and which form it offers is the access policy's
//! (`PageKind::EarlySessions`, `WorkAbility`, `MyWorkAbility`,
//! `UnitSettings`; `Forms`); every record is a document sent as the API
//! would take it, so the store decides and audits.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde_json::{json, Map, Value};
use tilbake_domain::access::policy::{self, PageKind};
use tilbake_domain::access::AuditAction;
use tilbake_domain::casework::CaseworkDocument;
use tilbake_domain::document::{DocumentBody, DocumentKind};
use tilbake_domain::early::{changes, early_sessions, EarlySession, Topic, TopicChange};
use tilbake_domain::identity::Fnr;
use tilbake_domain::register::PersonRef;
use tilbake_domain::work_ability::{
    assessment_versions, AssessmentRecord, AssessmentVersion, Factor, Weight,
};
use tilbake_store::{PersonRecord, StoreError};

use crate::casework::{field_error, send, SendError};
use crate::form::{Field, FormFields};
use crate::format::{date_short, timestamp};
use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::texts::{fill, Texts};

pub(crate) const SESSIONS_PURPOSE: &str = "early sessions";
pub(crate) const ASSESSMENT_PURPOSE: &str = "work-ability assessment";
const MY_PURPOSE: &str = "early sessions and work-ability assessment";

pub fn topic_name(t: &Texts, topic: Topic) -> &'static str {
    let e = &t.early;
    match topic {
        Topic::WorkSituation => e.topic_work_situation,
        Topic::EmployerRelation => e.topic_employer_relation,
        Topic::ReturnPlan => e.topic_return_plan,
        Topic::Treatment => e.topic_treatment,
        Topic::WorkAbility => e.topic_work_ability,
        Topic::RightsAndDuties => e.topic_rights_and_duties,
        Topic::Measures => e.topic_measures,
        Topic::MoneyAfterMaxDate => e.topic_money_after_max_date,
    }
}

fn topic_hint(t: &Texts, topic: Topic) -> &'static str {
    let e = &t.early;
    match topic {
        Topic::WorkSituation => e.topic_work_situation_hint,
        Topic::EmployerRelation => e.topic_employer_relation_hint,
        Topic::ReturnPlan => e.topic_return_plan_hint,
        Topic::Treatment => e.topic_treatment_hint,
        Topic::WorkAbility => e.topic_work_ability_hint,
        Topic::RightsAndDuties => e.topic_rights_and_duties_hint,
        Topic::Measures => e.topic_measures_hint,
        Topic::MoneyAfterMaxDate => e.topic_money_after_max_date_hint,
    }
}

pub fn factor_name(t: &Texts, factor: Factor) -> &'static str {
    let e = &t.early;
    match factor {
        Factor::Health => e.factor_health,
        Factor::Education => e.factor_education,
        Factor::Skills => e.factor_skills,
        Factor::Experience => e.factor_experience,
        Factor::LifeSituation => e.factor_life_situation,
    }
}

pub fn weight_name(t: &Texts, weight: Weight) -> &'static str {
    let e = &t.early;
    match weight {
        Weight::Resource => e.weight_resource,
        Weight::Limitation => e.weight_limitation,
        Weight::Both => e.weight_both,
    }
}

/// One topic of a session as shown.
pub struct TopicView {
    pub name: &'static str,
    pub note: String,
}

/// One session as shown: its heading, date and length, and either its
/// whole checklist (session 1) or what changed since session 1.
pub struct SessionView {
    pub heading: &'static str,
    pub meta: String,
    pub topics: Vec<TopicView>,
    /// Session 2 beside session 1: (topic, what happened, before, after).
    pub changes: Option<Vec<ChangeView>>,
}

pub struct ChangeView {
    pub topic: &'static str,
    pub label: &'static str,
    pub before: String,
    pub after: String,
}

fn note_text(t: &Texts, note: &str) -> String {
    if note.is_empty() {
        t.early.no_note.to_owned()
    } else {
        note.to_owned()
    }
}

fn session_view(
    t: &Texts,
    heading: &'static str,
    session: &EarlySession,
    first: Option<&EarlySession>,
) -> SessionView {
    let meta = fill(
        t.early.session_meta,
        &[
            ("date", &date_short(t, session.date)),
            ("minutes", &session.minutes.get()),
        ],
    );
    let topics = session
        .topics
        .iter()
        .map(|note| TopicView {
            name: topic_name(t, note.topic),
            note: note_text(t, &note.note),
        })
        .collect();
    let changes = first.map(|first| {
        changes(first, session)
            .into_iter()
            .map(|(topic, change)| {
                let (label, before, after) = match change {
                    TopicChange::New { note } => {
                        (t.early.change_new, String::new(), note_text(t, note))
                    }
                    TopicChange::Changed { before, after } => (
                        t.early.change_changed,
                        note_text(t, before),
                        note_text(t, after),
                    ),
                    TopicChange::NotTalkedAbout { before } => {
                        (t.early.change_dropped, note_text(t, before), String::new())
                    }
                };
                ChangeView {
                    topic: topic_name(t, topic),
                    label,
                    before,
                    after,
                }
            })
            .collect()
    });
    SessionView {
        heading,
        meta,
        topics,
        changes,
    }
}

/// The two sessions of a person's documents, as shown: session 1 whole,
/// session 2 as its changes when session 1 is there.
fn sessions_views(t: &Texts, record: &PersonRecord) -> (Option<SessionView>, Option<SessionView>) {
    let found =
        early_sessions(
            record
                .documents
                .iter()
                .filter_map(|stored| match &stored.document.body {
                    DocumentBody::Casework(CaseworkDocument::EarlySession(session)) => {
                        Some((stored.document.id.as_str(), session.as_ref()))
                    }
                    _ => None,
                }),
        );
    let first = found.first.map(|(_, session)| session);
    (
        first.map(|session| session_view(t, t.early.session_1_heading, session, None)),
        found
            .second
            .map(|(_, session)| session_view(t, t.early.session_2_heading, session, first)),
    )
}

/// A weighing as shown.
pub struct WeighingView {
    pub factor: &'static str,
    pub weight: &'static str,
    pub reasons: String,
}

/// An assessment version as shown, with the GP's additions.
pub struct AssessmentView {
    pub id: String,
    pub meta: String,
    pub summary: String,
    pub functional_ability: String,
    pub weighings: Vec<WeighingView>,
    pub conclusion: String,
    pub additions: Vec<(String, String)>,
}

fn assessment_view(t: &Texts, version: &AssessmentVersion<'_>) -> AssessmentView {
    let date = date_short(t, version.assessment.date);
    AssessmentView {
        id: version.id.to_owned(),
        meta: fill(
            t.early.wa_version_meta,
            &[("number", &version.number), ("date", &date)],
        ),
        summary: fill(
            t.early.wa_history_summary,
            &[("number", &version.number), ("date", &date)],
        ),
        functional_ability: version.assessment.functional_ability.clone(),
        weighings: version
            .assessment
            .weighings
            .iter()
            .map(|w| WeighingView {
                factor: factor_name(t, w.factor),
                weight: weight_name(t, w.weight),
                reasons: w.reasons.clone(),
            })
            .collect(),
        conclusion: version.assessment.conclusion.clone(),
        additions: version
            .additions
            .iter()
            .map(|addition| {
                (
                    fill(
                        t.early.wa_addition_meta,
                        &[("date", &date_short(t, addition.date))],
                    ),
                    addition.text.clone(),
                )
            })
            .collect(),
    }
}

/// The assessment that applies now and the earlier versions, newest first.
fn assessment_views(
    t: &Texts,
    record: &PersonRecord,
) -> (Option<AssessmentView>, Vec<AssessmentView>) {
    let versions =
        assessment_versions(record.documents.iter().filter_map(
            |stored| match &stored.document.body {
                DocumentBody::Casework(CaseworkDocument::WorkAbilityAssessment(assessment)) => {
                    Some((
                        stored.document.id.as_str(),
                        AssessmentRecord::Assessment(assessment),
                    ))
                }
                DocumentBody::Casework(CaseworkDocument::WorkAbilityAddition(addition)) => Some((
                    stored.document.id.as_str(),
                    AssessmentRecord::Addition(addition),
                )),
                _ => None,
            },
        ));
    let mut views: Vec<AssessmentView> = versions.iter().map(|v| assessment_view(t, v)).collect();
    let current = views.pop();
    views.reverse();
    (current, views)
}

/// Reads a person for one of these pages: the policy opens the kind of
/// page; the store checks the person and audits. A person the reader may
/// not see answers 404, as one who does not exist.
async fn read_for<S: Host>(
    page: &Page,
    host: &S,
    fnr: &Fnr,
    kind: PageKind,
    purpose: &str,
) -> Result<PersonRecord, Exit> {
    let viewer = page.require(kind)?;
    crate::casework::read_person_for_page(page, host, &viewer.actor, fnr, purpose).await
}

fn error_title(page: &Page, heading: &str) -> Frame {
    let mut frame = page.frame(heading);
    frame.title = fill(page.t.common.page_title_error, &[("page", &heading)]);
    frame
}

// ---- Early sessions (NAV) ----

#[derive(Template)]
#[template(path = "early_sessions.html")]
struct SessionsTemplate {
    frame: Frame,
    t: &'static Texts,
    heading: String,
    person_href: String,
    action: String,
    csrf_token: String,
    first: Option<SessionView>,
    second: Option<SessionView>,
    form: Option<SessionForm>,
    errors: Vec<(String, String)>,
}

/// The form that records a session: its own fields, then a tick and a
/// note per topic.
pub struct SessionForm {
    pub head: FormFields,
    pub topics: Vec<(Field, Field)>,
}

impl SessionForm {
    fn errors(&self) -> Vec<(String, String)> {
        let mut errors = self.head.errors();
        for (_, note) in &self.topics {
            errors.extend(FormFields::new(vec![note.clone()]).errors());
        }
        errors
    }
}

fn session_form(t: &Texts, today: &str) -> SessionForm {
    let e = &t.early;
    let head = FormFields::new(vec![
        Field::radios(
            "session",
            e.form_session,
            &[("1", e.session_1_heading), ("2", e.session_2_heading)],
        ),
        Field::date("date", e.form_date)
            .hint(t.casework.date_hint)
            .value(today),
        Field::text("minutes", e.form_minutes).hint(e.form_minutes_hint),
    ]);
    let topics = Topic::ALL
        .into_iter()
        .map(|topic| {
            let name = topic_name(t, topic);
            (
                Field::checks(
                    &format!("discussed.{}", topic.as_str()),
                    name,
                    &[("true", e.topic_discussed)],
                )
                .hint(topic_hint(t, topic)),
                Field::area(
                    &format!("note.{}", topic.as_str()),
                    &fill(e.topic_note, &[("topic", &name)]),
                ),
            )
        })
        .collect();
    SessionForm { head, topics }
}

fn sessions_path(reference: &PersonRef) -> String {
    format!("{}/tidlige-samtaler", paths::person(reference))
}

/// `GET /person/{person}/tidlige-samtaler`.
pub async fn sessions_page<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
) -> Result<Response, Exit> {
    let (fnr, _reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let record = read_for(
        &page,
        &host,
        &fnr,
        PageKind::EarlySessions,
        SESSIONS_PURPOSE,
    )
    .await?;
    Ok(show_sessions(&page, &fnr, &record, None))
}

/// `POST /person/{person}/tidlige-samtaler`.
pub async fn save_session<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let viewer = page.require_form(|forms| forms.early_session)?;
    let t = page.t;
    let mut form = session_form(t, "");
    form.head.fill(&posted);
    let mut topics = Vec::new();
    for (index, (tick, note)) in form.topics.iter_mut().enumerate() {
        let mut both = FormFields::new(vec![tick.clone(), note.clone()]);
        both.fill(&posted);
        let mut fields = both.fields.into_iter();
        if let (Some(filled_tick), Some(filled_note)) = (fields.next(), fields.next()) {
            *tick = filled_tick;
            *note = filled_note;
        }
        let discussed = tick.choices.iter().any(|choice| choice.checked);
        // A note written without the tick still says the topic came up.
        if discussed || !note.value.trim().is_empty() {
            topics.push((
                index,
                json!({"topic": Topic::ALL.get(index).map(|t| t.as_str()),
                "note": note.value.trim()}),
            ));
        }
    }
    let mut fields = Map::new();
    let session = form.head.get("session");
    fields.insert(
        "session".to_owned(),
        session.parse::<i64>().map_or(Value::Null, |n| json!(n)),
    );
    fields.insert("date".to_owned(), json!(form.head.get("date")));
    let minutes = form.head.get("minutes");
    fields.insert(
        "minutes".to_owned(),
        minutes
            .trim()
            .parse::<i64>()
            .map_or_else(|_| json!(minutes), |n| json!(n)),
    );
    let rows: Vec<usize> = topics.iter().map(|(index, _)| *index).collect();
    fields.insert(
        "topics".to_owned(),
        Value::Array(topics.into_iter().map(|(_, value)| value).collect()),
    );
    match send(
        &host,
        viewer,
        &fnr,
        DocumentKind::EarlySession,
        fields,
        page.today,
        page.now,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to(&sessions_path(&reference)).into_response()),
        Err(SendError::Form(error)) => {
            let message = match error.field.as_str() {
                "minutes" => t.early.error_minutes.to_owned(),
                "session" => t.early.error_session.to_owned(),
                _ if error.code == "text_too_long" => t.early.error_note_long.to_owned(),
                _ => field_error(t, &error),
            };
            // `topics[k].note` is the k-th topic sent: back to its form row.
            let target = error
                .field
                .strip_prefix("topics[")
                .and_then(|rest| rest.split(']').next())
                .and_then(|k| k.parse::<usize>().ok())
                .and_then(|k| rows.get(k))
                .and_then(|index| Topic::ALL.get(*index));
            match target {
                Some(topic) => {
                    if let Some((_, note)) = form
                        .topics
                        .iter_mut()
                        .find(|(_, note)| note.name == format!("note.{}", topic.as_str()))
                    {
                        note.error = Some(message);
                    }
                }
                None => form.head.set_error(&error.field, message),
            }
            let record = read_for(
                &page,
                &host,
                &fnr,
                PageKind::EarlySessions,
                SESSIONS_PURPOSE,
            )
            .await?;
            Ok(show_sessions(&page, &fnr, &record, Some(form)))
        }
        Err(SendError::Store(StoreError::Forbidden)) => {
            Err(page.error(StatusCode::FORBIDDEN).into())
        }
        Err(SendError::Store(error)) => Err(page.store_error(error).into()),
    }
}

fn show_sessions(
    page: &Page,
    fnr: &Fnr,
    record: &PersonRecord,
    posted: Option<SessionForm>,
) -> Response {
    let t = page.t;
    let Some(viewer) = page.viewer.as_ref() else {
        return page.error(StatusCode::NOT_FOUND);
    };
    let failed = posted.is_some();
    let today = page.today.format("%Y-%m-%d").to_string();
    let form = policy::forms(&viewer.actor)
        .early_session
        .then(|| posted.unwrap_or_else(|| session_form(t, &today)));
    let errors = form.as_ref().map(SessionForm::errors).unwrap_or_default();
    let heading = fill(
        t.early.sessions_heading,
        &[(
            "fnr",
            &crate::names::person_label(t, fnr, record.name.as_ref()),
        )],
    );
    let (first, second) = sessions_views(t, record);
    let template = SessionsTemplate {
        frame: if failed {
            error_title(page, &heading)
        } else {
            page.frame(&heading)
        },
        t,
        heading,
        person_href: paths::person(&record.reference),
        action: sessions_path(&record.reference),
        csrf_token: viewer.csrf_token.clone(),
        first,
        second,
        form,
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

// ---- Work-ability assessment (NAV, GP) ----

#[derive(Template)]
#[template(path = "work_ability.html")]
struct WorkAbilityTemplate {
    frame: Frame,
    t: &'static Texts,
    heading: String,
    person_href: String,
    action: String,
    csrf_token: String,
    current: Option<AssessmentView>,
    history: Vec<AssessmentView>,
    form: Option<FormFields>,
    addition: Option<FormFields>,
    /// The GP may add, but there is nothing to add to yet.
    addition_waits: bool,
    errors: Vec<(String, String)>,
}

fn assessment_form(t: &Texts) -> FormFields {
    let e = &t.early;
    let weights: Vec<(&str, &str)> = Weight::ALL
        .iter()
        .map(|w| (w.as_str(), weight_name(t, *w)))
        .collect();
    let mut fields = vec![Field::area("functional_ability", e.wa_functional_ability)
        .hint(e.wa_functional_ability_hint)];
    for factor in Factor::ALL {
        let name = factor_name(t, factor);
        fields.push(Field::radios(
            &format!("weight.{}", factor.as_str()),
            &fill(e.wa_weight_label, &[("factor", &name)]),
            &weights,
        ));
        fields.push(Field::area(
            &format!("reasons.{}", factor.as_str()),
            &fill(e.wa_reasons_label, &[("factor", &name)]),
        ));
    }
    fields.push(Field::area("conclusion", e.wa_conclusion).hint(e.wa_conclusion_hint));
    FormFields::new(fields)
}

fn addition_form(t: &Texts) -> FormFields {
    FormFields::new(vec![Field::area("text", t.early.wa_addition_label)])
}

fn work_ability_path(reference: &PersonRef) -> String {
    format!("{}/arbeidsevne", paths::person(reference))
}

/// `GET /person/{person}/arbeidsevne`.
pub async fn work_ability_page<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
) -> Result<Response, Exit> {
    let (fnr, _reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let record = read_for(
        &page,
        &host,
        &fnr,
        PageKind::WorkAbility,
        ASSESSMENT_PURPOSE,
    )
    .await?;
    Ok(show_work_ability(&page, &fnr, &record, None))
}

/// Which form of the assessment page was posted.
enum Posted {
    Assessment(FormFields),
    Addition(FormFields),
}

/// `POST /person/{person}/arbeidsevne`: NAV's new version.
pub async fn save_assessment<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let viewer = page.require_form(|forms| forms.work_ability)?;
    let t = page.t;
    let mut form = assessment_form(t);
    form.fill(&posted);
    let mut fields = Map::new();
    fields.insert(
        "date".to_owned(),
        json!(page.today.format("%Y-%m-%d").to_string()),
    );
    fields.insert(
        "functional_ability".to_owned(),
        json!(form.get("functional_ability")),
    );
    fields.insert("conclusion".to_owned(), json!(form.get("conclusion")));
    fields.insert(
        "weighings".to_owned(),
        Factor::ALL
            .iter()
            .map(|factor| {
                let weight = form.get(&format!("weight.{}", factor.as_str()));
                json!({"factor": factor.as_str(),
                       "weight": if weight.is_empty() { Value::Null } else { json!(weight) },
                       "reasons": form.get(&format!("reasons.{}", factor.as_str()))})
            })
            .collect(),
    );
    // Every empty choice and reason at once, not one per post.
    for factor in Factor::ALL {
        if form.get(&format!("weight.{}", factor.as_str())).is_empty() {
            form.set_error(
                &format!("weight.{}", factor.as_str()),
                t.early.error_choose_weight.to_owned(),
            );
        }
        if form.get(&format!("reasons.{}", factor.as_str())).is_empty() {
            form.set_error(
                &format!("reasons.{}", factor.as_str()),
                t.early.error_reasons.to_owned(),
            );
        }
    }
    for name in ["functional_ability", "conclusion"] {
        if form.get(name).is_empty() {
            form.set_error(name, t.early.error_text.to_owned());
        }
    }
    if !form.errors().is_empty() {
        let record = read_for(
            &page,
            &host,
            &fnr,
            PageKind::WorkAbility,
            ASSESSMENT_PURPOSE,
        )
        .await?;
        return Ok(show_work_ability(
            &page,
            &fnr,
            &record,
            Some(Posted::Assessment(form)),
        ));
    }
    let sent = send(
        &host,
        viewer,
        &fnr,
        DocumentKind::WorkAbilityAssessment,
        fields,
        page.today,
        page.now,
    )
    .await;
    finish(
        &page,
        &host,
        (&fnr, &reference),
        sent,
        Posted::Assessment(form),
        |field| {
            // `weighings[k].x` is factor k: the form names it.
            let index = field
                .strip_prefix("weighings[")
                .and_then(|rest| rest.split(']').next())
                .and_then(|k| k.parse::<usize>().ok());
            match (
                index.and_then(|k| Factor::ALL.get(k)),
                field.rsplit('.').next(),
            ) {
                (Some(factor), Some("reasons")) => format!("reasons.{}", factor.as_str()),
                (Some(factor), _) => format!("weight.{}", factor.as_str()),
                _ => field.to_owned(),
            }
        },
    )
    .await
}

/// `POST /person/{person}/arbeidsevne/tillegg`: the GP's addition to the
/// assessment shown now.
pub async fn save_addition<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let viewer = page.require_form(|forms| forms.work_ability_addition)?;
    let t = page.t;
    let mut form = addition_form(t);
    form.fill(&posted);
    let assessment = posted
        .iter()
        .find(|(key, _)| key == "assessment")
        .map(|(_, value)| value.trim().to_owned())
        .unwrap_or_default();
    let mut fields = Map::new();
    fields.insert("assessment".to_owned(), json!(assessment));
    fields.insert(
        "date".to_owned(),
        json!(page.today.format("%Y-%m-%d").to_string()),
    );
    fields.insert("text".to_owned(), json!(form.get("text")));
    let sent = send(
        &host,
        viewer,
        &fnr,
        DocumentKind::WorkAbilityAddition,
        fields,
        page.today,
        page.now,
    )
    .await;
    finish(
        &page,
        &host,
        (&fnr, &reference),
        sent,
        Posted::Addition(form),
        str::to_owned,
    )
    .await
}

async fn finish<S: Host>(
    page: &Page,
    host: &S,
    (fnr, reference): (&Fnr, &PersonRef),
    sent: Result<(), SendError>,
    mut posted: Posted,
    rename: impl Fn(&str) -> String,
) -> Result<Response, Exit> {
    let t = page.t;
    match sent {
        Ok(()) => Ok(Redirect::to(&work_ability_path(reference)).into_response()),
        Err(SendError::Form(error)) => {
            let message = match error.code {
                "missing_field" => t.early.error_text.to_owned(),
                _ => field_error(t, &error),
            };
            let form = match &mut posted {
                Posted::Assessment(form) | Posted::Addition(form) => form,
            };
            form.set_error(&rename(&error.field), message);
            let record =
                read_for(page, host, fnr, PageKind::WorkAbility, ASSESSMENT_PURPOSE).await?;
            Ok(show_work_ability(page, fnr, &record, Some(posted)))
        }
        // The assessment added to is gone from view (never, as documents
        // are append-only) or was never there: the page again, as it is.
        Err(SendError::Store(StoreError::MissingReference { .. })) => {
            Ok(Redirect::to(&work_ability_path(reference)).into_response())
        }
        Err(SendError::Store(StoreError::Forbidden)) => {
            Err(page.error(StatusCode::FORBIDDEN).into())
        }
        Err(SendError::Store(error)) => Err(page.store_error(error).into()),
    }
}

fn show_work_ability(
    page: &Page,
    fnr: &Fnr,
    record: &PersonRecord,
    posted: Option<Posted>,
) -> Response {
    let t = page.t;
    let Some(viewer) = page.viewer.as_ref() else {
        return page.error(StatusCode::NOT_FOUND);
    };
    let forms = policy::forms(&viewer.actor);
    let failed = posted.is_some();
    let (current, history) = assessment_views(t, record);
    let (mut posted_assessment, mut posted_addition) = (None, None);
    match posted {
        Some(Posted::Assessment(form)) => posted_assessment = Some(form),
        Some(Posted::Addition(form)) => posted_addition = Some(form),
        None => {}
    }
    let form = forms
        .work_ability
        .then(|| posted_assessment.unwrap_or_else(|| assessment_form(t)));
    let addition = (forms.work_ability_addition && current.is_some())
        .then(|| posted_addition.unwrap_or_else(|| addition_form(t)));
    let mut errors = Vec::new();
    for form in [&form, &addition].into_iter().flatten() {
        errors.extend(form.errors());
    }
    let heading = fill(
        t.early.wa_heading,
        &[(
            "fnr",
            &crate::names::person_label(t, fnr, record.name.as_ref()),
        )],
    );
    let template = WorkAbilityTemplate {
        frame: if failed {
            error_title(page, &heading)
        } else {
            page.frame(&heading)
        },
        t,
        heading,
        person_href: paths::person(&record.reference),
        action: work_ability_path(&record.reference),
        csrf_token: viewer.csrf_token.clone(),
        addition_waits: forms.work_ability_addition && current.is_none(),
        current,
        history,
        form,
        addition,
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

// ---- The worker's own page ----

#[derive(Template)]
#[template(path = "my_work_ability.html")]
struct MyWorkAbilityTemplate {
    frame: Frame,
    t: &'static Texts,
    first: Option<SessionView>,
    second: Option<SessionView>,
    current: Option<AssessmentView>,
    history: Vec<AssessmentView>,
}

/// `GET /min-sykmelding/arbeidsevne`.
pub async fn my_page<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MyWorkAbility)?;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let t = page.t;
    // A worker nothing has been sent about yet has nothing to read here.
    let record = match host
        .store()
        .read_person(
            &viewer.actor,
            &fnr,
            AuditAction::ReadDocuments,
            MY_PURPOSE,
            page.today,
            page.now,
        )
        .await
    {
        Ok(record) => Some(record),
        Err(StoreError::NotFound) => None,
        Err(error) => return Err(page.store_error(error).into()),
    };
    let (first, second) = record
        .as_ref()
        .map_or((None, None), |record| sessions_views(t, record));
    let (current, history) = record
        .as_ref()
        .map_or((None, Vec::new()), |record| assessment_views(t, record));
    let template = MyWorkAbilityTemplate {
        frame: page.frame(t.early.my_title),
        t,
        first,
        second,
        current,
        history,
    };
    Ok(render(&template, StatusCode::OK))
}

// ---- The unit's settings ----

#[derive(Template)]
#[template(path = "unit_settings.html")]
struct UnitSettingsTemplate {
    frame: Frame,
    t: &'static Texts,
    heading: String,
    action: &'static str,
    csrf_token: String,
    status: &'static str,
    changed: String,
    saved: Option<String>,
    form: FormFields,
}

fn unit_form(t: &Texts, on: bool) -> FormFields {
    let e = &t.early;
    FormFields::new(vec![Field::radios(
        "early_sessions",
        e.unit_early_legend,
        &[("on", e.unit_early_on), ("off", e.unit_early_off)],
    )
    .value(if on { "on" } else { "off" })])
}

/// `GET /enhet/innstillinger`.
pub async fn unit_page<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    show_unit(&page, &host, None).await
}

/// `POST /enhet/innstillinger`.
pub async fn save_unit<S: Host>(
    page: Page,
    State(host): State<S>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require_form(|forms| forms.unit_settings)?;
    let on = match posted
        .iter()
        .find(|(key, _)| key == "early_sessions")
        .map(|(_, value)| value.as_str())
    {
        Some("on") => true,
        Some("off") => false,
        _ => return Err(page.error(StatusCode::BAD_REQUEST).into()),
    };
    let change = host
        .store()
        .set_early_sessions(&viewer.actor, on, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let saved = fill(page.t.early.unit_saved, &[("count", &change.n_persons)]);
    show_unit(&page, &host, Some(saved)).await
}

async fn show_unit<S: Host>(
    page: &Page,
    host: &S,
    saved: Option<String>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::UnitSettings)?;
    let t = page.t;
    let settings = host
        .store()
        .unit_settings(&viewer.actor, page.now)
        .await
        .map_err(|error| match error {
            StoreError::Forbidden => Exit::from(page.error(StatusCode::FORBIDDEN)),
            other => Exit::from(page.store_error(other)),
        })?;
    let heading = fill(t.early.unit_heading, &[("unit", &settings.unit)]);
    let changed = settings.changed.as_ref().map_or_else(
        || t.early.unit_never_changed.to_owned(),
        |(username, at)| {
            fill(
                t.early.unit_changed_by,
                &[("username", username), ("when", &timestamp(t, *at))],
            )
        },
    );
    let template = UnitSettingsTemplate {
        frame: page.frame(&heading),
        t,
        heading,
        action: paths::UNIT_SETTINGS,
        csrf_token: viewer.csrf_token.clone(),
        status: if settings.early_sessions {
            t.early.unit_status_on
        } else {
            t.early.unit_status_off
        },
        changed,
        saved,
        form: unit_form(t, settings.early_sessions),
    };
    Ok(render(&template, StatusCode::OK))
}
