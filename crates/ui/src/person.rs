//! A person's page, `GET /person/{person}`. It opens with "What needs doing
//! now": the reader's open tasks for this person, most urgent first, each
//! with its deadline in words and its action inline (take it, record the
//! activity requirement's assessment, mark it done or not needed, or a link
//! to the one form that does it). Then the follow-up as an SVG timeline with
//! the same facts as a table (a vertical list on a narrow screen), the
//! documents received, all tasks, and a "what if" form (GET) that runs the
//! engine on the stored events plus one imagined certificate and shows how
//! the milestones would move. Nothing of the "what if" is stored. A
//! caseworker records a decision on an open NAV task with
//! `POST /person/{person}/oppgave` (never on the activity requirement: its
//! assessment closes it, `crate::activity`).
//!
//! Caseworkers, managers and GPs reach it, and counsellors and job
//! specialists while the person's consent to them stands; each sees what
//! the store's `read_person` gives them (a manager, counsellor or job
//! specialist never gets a diagnosis), and the page shows only the parts
//! the reader's `PersonView` holds (a consented reader is told what the
//! person has shared, and gets no follow-up, tasks or forms that are not
//! theirs). Any other role, a person the reader may not see and one who
//! does not exist all get the same 404 page.

use std::collections::HashSet;
use tilbake_domain::casework::CaseworkDocument;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{Duration, NaiveDate};
use tilbake_domain::access::consent::Purpose;
use tilbake_domain::access::policy::{self, Forms, PageKind, PersonView};
use tilbake_domain::access::{AuditAction, Role};
use tilbake_domain::document::{followup_input, DocumentBody, DocumentKind};
use tilbake_domain::followup::{
    compute_followup, DateRange, Event, FollowupCase, FollowupInput, Grade, MilestoneKind, Party,
    SickLeave,
};
use tilbake_domain::tasks::{Task, TaskKind, TaskState, SICK_LEAVE_ENDED, TASK_RULES};
use tilbake_store::{PersonRecord, StoreError};

use crate::format::{date_of, date_short, timestamp};
use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::saved::Confirmation;
use crate::texts::{fill, Texts};
use crate::timeline::{lay_out, Mark, MarkState, Period, PeriodKind, Timeline};
use crate::words::{milestone_mark, milestone_words, task_kind_name};

/// The purpose recorded in the audit log.
pub(crate) const PURPOSE: &str = "the person's page (follow-up, documents, tasks)";
/// The id of the imagined certificate; never stored.
const WHAT_IF_ID: &str = "what-if";

const UNTIL_FIELD: &str = "until";
/// How far past the current end a "what if" may reach.
const WHAT_IF_MAX_YEARS: u32 = 3;

/// The latest date a "what if" extension may reach.
fn latest_what_if(end: NaiveDate) -> NaiveDate {
    end.checked_add_months(chrono::Months::new(12 * WHAT_IF_MAX_YEARS))
        .unwrap_or(end)
}
const GRADE_FIELD: &str = "grade";

/// The "what if" form as typed, and its errors.
#[derive(Default)]
struct WhatIfForm {
    until: String,
    grade: String,
    until_error: Option<String>,
    grade_error: Option<String>,
}

impl WhatIfForm {
    fn from_query(query: Option<&str>) -> WhatIfForm {
        let pairs: Vec<(String, String)> = query
            .and_then(|query| serde_urlencoded::from_str(query).ok())
            .unwrap_or_default();
        let value_of = |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.trim().to_owned())
                .unwrap_or_default()
        };
        WhatIfForm {
            until: value_of(UNTIL_FIELD),
            grade: value_of(GRADE_FIELD),
            ..WhatIfForm::default()
        }
    }

    fn submitted(&self) -> bool {
        !self.until.is_empty() || !self.grade.is_empty()
    }

    /// The imagined extension after `end`, or the errors set on the fields.
    fn check(&mut self, t: &Texts, end: NaiveDate) -> Option<(NaiveDate, Grade)> {
        let until = crate::dates::parse_date(&self.until);
        match until {
            None => self.until_error = Some(t.person.what_if_date_error.to_owned()),
            Some(until) if until <= end => {
                self.until_error = Some(fill(
                    t.person.what_if_date_before_end,
                    &[("end", &date_short(t, end))],
                ));
            }
            // Bounds the engine's walk: benefit never lasts this long anyway.
            Some(until) if until > latest_what_if(end) => {
                self.until_error = Some(fill(
                    t.person.what_if_date_too_late,
                    &[("latest", &date_short(t, latest_what_if(end)))],
                ));
            }
            Some(_) => {}
        }
        let grade = self
            .grade
            .parse::<i64>()
            .ok()
            .and_then(|grade| Grade::new(grade).ok());
        if grade.is_none() {
            self.grade_error = Some(t.person.what_if_grade_error.to_owned());
        }
        match (until, grade) {
            (Some(until), Some(grade)) if self.until_error.is_none() => Some((until, grade)),
            _ => None,
        }
    }
}

/// A form posted on the page that came back with errors, to show again.
pub(crate) enum Posted {
    Decision(DecisionForm),
    Note(crate::form::FormFields),
    /// The activity requirement's assessment (`crate::activity`).
    Activity(crate::form::FormFields),
}

/// A decision as posted, kept to show again with its errors.
#[derive(Default)]
pub(crate) struct DecisionForm {
    task_id: String,
    state: String,
    reason: String,
    state_error: Option<&'static str>,
    reason_error: Option<&'static str>,
}

struct CaseLine {
    summary: String,
}

struct FactRow {
    what: String,
    when: String,
    when_iso: String,
    detail: String,
    /// The row's kind in the vertical list: `period`, `today`, or a
    /// milestone's `MarkState` (`done`, `open`, `overdue`, `date`).
    state: &'static str,
    /// It reaches into the drawing's axis (which starts at the case): the
    /// vertical list shows only these, the table all.
    on_axis: bool,
}

struct MoveRow {
    milestone: String,
    now: String,
    new: String,
    change: String,
    moved: bool,
}

struct DocumentRow {
    kind: &'static str,
    period: String,
    grade: String,
    employer: String,
    diagnosis: String,
    received: String,
}

struct TaskRow {
    /// "Overdue" on an open task past its due date.
    overdue: Option<&'static str>,
    task: &'static str,
    owner: &'static str,
    due: String,
    due_iso: String,
    state: &'static str,
    closed_because: String,
}

/// The decision form of one open NAV task.
struct DecisionView {
    index: usize,
    task_id: String,
    legend: String,
    done_checked: bool,
    not_needed_checked: bool,
    reason: String,
    state_error: Option<&'static str>,
    reason_error: Option<&'static str>,
}

/// One open task of the reader's under "What needs doing now".
#[allow(clippy::struct_excessive_bools)] // each flag switches one part of the markup
struct WhatNowItem {
    task_id: String,
    name: &'static str,
    /// "Frist 12. januar 2027, 3 dager på overtid."
    deadline: String,
    overdue: bool,
    /// The reader takes tasks: "Taken by you", "Taken by kari", or empty.
    may_take: bool,
    taken: String,
    /// The reader has taken it (the button hands it back).
    taken_by_me: bool,
    /// The one form elsewhere that does it: (address, link text).
    link: Option<(String, &'static str)>,
    /// The activity requirement: its assessment form, inline.
    assessment: bool,
    /// Marking it done or not needed; open when it is the only action or
    /// came back with errors.
    decision: Option<DecisionView>,
    decision_open: bool,
}

#[derive(Template)]
#[template(path = "person.html")]
#[allow(clippy::struct_excessive_bools)] // each flag switches one part of the markup
struct PersonTemplate {
    frame: Frame,
    t: &'static Texts,
    heading: String,
    /// The lead sentence, then any more.
    intro: Vec<String>,
    /// The guidance profiles, for a reader the person shares them with.
    guidance_href: Option<String>,
    /// Suggesting career guidance: the form's action, and when this role
    /// last suggested it (`None`: the role does not suggest).
    guidance_suggestion: Option<(String, Option<String>)>,
    /// Supported Employment for a caseworker: the referral page's link and
    /// the referral's state, if any (never the records).
    se_referral: Option<(String, Option<String>)>,
    /// The action plan and report of career guidance, for the same reader.
    guidance_plan_links: Option<(String, String)>,
    /// The action plan of career guidance, while the person shares it with
    /// this reader's party (the manager, NAV, the GP); only the plan.
    guidance_plan: Option<(crate::guidance_plan::PlanView, Option<String>)>,
    /// The links to the plan and meetings pages, for those who open them.
    casework_links: bool,
    early_sessions_link: bool,
    work_ability_link: bool,
    /// The follow-up (timeline) is part of what the reader sees.
    followup_shown: bool,
    tasks_shown: bool,
    documents_shown: bool,
    /// The plan and meetings shown read-only, for a reader who sees case
    /// work but does not open the plan and meetings pages.
    casework_shown: bool,
    plan: Option<crate::casework::VersionView>,
    invitations: Vec<crate::casework::InvitationView>,
    minutes: Vec<crate::casework::MinutesView>,
    unit: String,
    protected: bool,
    /// The person's page reference, for the links to their other pages.
    reference: String,
    /// The postal address line, for the readers the policy shows it to.
    address: Option<String>,
    case: Option<CaseLine>,
    not_computable: bool,
    timeline: Option<Timeline>,
    legend_hypothetical: bool,
    /// The key names certificates, self-certified days and holidays only
    /// for a reader who sees them.
    legend_periods: bool,
    facts: Vec<FactRow>,
    what_if_shown: bool,
    what_if: WhatIfForm,
    what_if_hint: String,
    what_if_result: Option<String>,
    moves: Vec<MoveRow>,
    documents: Vec<DocumentRow>,
    show_diagnosis: bool,
    tasks: Vec<TaskRow>,
    /// "What needs doing now", for a reader whose party has tasks.
    what_now_shown: bool,
    what_now: Vec<WhatNowItem>,
    /// The activity requirement's assessment form and where it posts.
    activity: crate::form::FormFields,
    activity_action: String,
    /// The assessments recorded, for NAV.
    activity_done: Vec<String>,
    csrf_token: String,
    decide_action: String,
    assign_action: String,
    /// NAV's notes, newest first: (date, text).
    notes: Vec<(String, String)>,
    /// The note form, for a caseworker.
    note_form: Option<crate::form::FormFields>,
    note_action: String,
}

impl PersonTemplate {
    fn has_errors(&self) -> bool {
        self.note_form
            .as_ref()
            .is_some_and(|form| !form.errors().is_empty())
            || self.what_if.until_error.is_some()
            || self.what_if.grade_error.is_some()
            || !self.activity.errors().is_empty()
            || self
                .decisions()
                .any(|decision| decision.state_error.is_some() || decision.reason_error.is_some())
    }

    fn decisions(&self) -> impl Iterator<Item = &DecisionView> {
        self.what_now
            .iter()
            .filter_map(|item| item.decision.as_ref())
    }
}

/// `GET /person/{person}[?until=…&grade=…]`.
pub async fn page<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Exit> {
    let what_if = WhatIfForm::from_query(query.as_deref());
    show(&page, &host, &fnr, what_if, None).await
}

/// The page again with a form that came back with errors.
pub(crate) async fn show_posted<S: Host>(
    page: &Page,
    host: &S,
    fnr_text: &str,
    posted: Posted,
) -> Result<Response, Exit> {
    show(page, host, fnr_text, WhatIfForm::default(), Some(posted)).await
}

/// `POST /person/{person}/oppgave`: a caseworker's decision on an open NAV task.
pub async fn decide<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr_text): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require_form(|forms| forms.decide_tasks.is_some() && forms.take_tasks)?;
    let t = page.t;
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr_text).await?;
    let value_of = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
            .unwrap_or_default()
    };
    let mut form = DecisionForm {
        task_id: value_of("task_id"),
        state: value_of("state"),
        reason: value_of("reason"),
        ..DecisionForm::default()
    };
    let state = TaskState::parse(&form.state).filter(|state| *state != TaskState::Open);
    // Its assessment closes the activity requirement: the store refuses a
    // decision on it (audited), and the page points to the assessment.
    let assessed_only = form
        .task_id
        .split(':')
        .nth(1)
        .and_then(TaskKind::parse)
        .is_some_and(|kind| !kind.closed_by_decision());
    if state.is_none() && !assessed_only {
        form.state_error = Some(t.person.decide_state_error);
    }
    if form.reason.is_empty() && !assessed_only {
        form.reason_error = Some(t.person.decide_reason_error);
    }
    if let (Some(state), None, None) = (
        state.or(assessed_only.then_some(TaskState::Done)),
        form.state_error,
        form.reason_error,
    ) {
        match host
            .store()
            .decide_task(
                &viewer.actor,
                &fnr,
                &form.task_id,
                state,
                &form.reason,
                page.today,
                page.now,
            )
            .await
        {
            Ok(_) => {
                return Ok(Redirect::to(
                    &Confirmation::TaskDecided.href(&paths::person(&reference)),
                )
                .into_response())
            }
            Err(StoreError::Invalid { field, .. }) if field == "task_id" => {
                let mut activity = crate::activity::form(t);
                activity.set_error("outcome", t.person.activity_refused.to_owned());
                return show_posted(&page, &host, &fnr_text, Posted::Activity(activity)).await;
            }
            Err(StoreError::Invalid { .. }) => {
                form.reason_error = Some(t.person.decide_reason_error);
            }
            Err(error) => return Err(page.store_error(error).into()),
        }
    }
    show_posted(&page, &host, &fnr_text, Posted::Decision(form)).await
}

fn note_form(t: &Texts) -> crate::form::FormFields {
    crate::form::FormFields::new(vec![
        crate::form::Field::area("text", t.person.note_label).hint(t.person.note_hint)
    ])
}

/// `POST /person/{person}/notat`: a caseworker's note on the case.
pub async fn add_note<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr_text): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require_form(|forms| forms.case_note)?;
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr_text).await?;
    let mut form = note_form(page.t);
    form.fill(&fields);
    let mut document = serde_json::Map::new();
    document.insert(
        "date".to_owned(),
        serde_json::json!(page.today.format("%Y-%m-%d").to_string()),
    );
    document.insert("text".to_owned(), serde_json::json!(form.get("text")));
    match crate::casework::send(
        &host,
        viewer,
        &fnr,
        DocumentKind::CaseNote,
        document,
        page.today,
        page.now,
    )
    .await
    {
        Ok(()) => Ok(
            Redirect::to(&Confirmation::NoteSaved.href(&paths::person(&reference))).into_response(),
        ),
        Err(crate::casework::SendError::Form(error)) => {
            form.set_error("text", crate::casework::field_error(page.t, &error));
            show_posted(&page, &host, &fnr_text, Posted::Note(form)).await
        }
        Err(crate::casework::SendError::Store(error)) => Err(page.store_error(error).into()),
    }
}

/// `POST /person/{person}/ta-oppgave`: a caseworker takes an open NAV task
/// (`take=1`) or hands it back (`take=0`).
pub async fn assign<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr_text): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require_form(|forms| forms.take_tasks)?;
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr_text).await?;
    let value_of = |name: &str| {
        fields
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
            .unwrap_or_default()
    };
    host.store()
        .assign_task(
            &viewer.actor,
            &fnr,
            &value_of("task_id"),
            value_of("take") == "1",
            page.today,
            page.now,
        )
        .await
        .map_err(|error| page.store_error(error))?;
    let saved = if value_of("take") == "1" {
        Confirmation::TaskTaken
    } else {
        Confirmation::TaskReturned
    };
    Ok(Redirect::to(&saved.href(&paths::person(&reference))).into_response())
}

async fn show<S: Host>(
    page: &Page,
    host: &S,
    fnr_text: &str,
    mut what_if: WhatIfForm,
    posted: Option<Posted>,
) -> Result<Response, Exit> {
    let (decision, note, activity) = match posted {
        Some(Posted::Decision(form)) => (Some(form), None, None),
        Some(Posted::Note(form)) => (None, Some(form), None),
        Some(Posted::Activity(form)) => (None, None, Some(form)),
        None => (None, None, None),
    };
    let viewer = page.require_signed_in()?;
    let t = page.t;
    let forms = policy::forms(&viewer.actor);
    if !policy::may_open(&viewer.actor, PageKind::Person) {
        // A person page answers other roles as it answers a person they may not see.
        return Err(page.error(StatusCode::NOT_FOUND).into());
    }
    let (fnr, reference) = crate::names::resolve(page, host, fnr_text).await?;
    let record = host
        .store()
        .read_person(
            &viewer.actor,
            &fnr,
            AuditAction::ReadFollowup,
            PURPOSE,
            page.today,
            page.now,
        )
        .await
        .map_err(|error| match error {
            StoreError::Forbidden => page.error(StatusCode::NOT_FOUND),
            other => page.store_error(other),
        })?;

    let guidance_suggestion = if forms.suggest_guidance {
        let suggestions = host
            .store()
            .guidance_suggestions(&viewer.actor, &fnr, page.today)
            .await
            .map_err(|error| page.store_error(error))?;
        let mine = suggestions
            .iter()
            .find(|(role, _)| *role == viewer.actor.role)
            .map(|(_, at)| fill(t.guidance.suggested_on, &[("date", &date_of(t, *at))]));
        Some((paths::person_suggest_guidance(&reference), mine))
    } else {
        None
    };
    let se_referral = if policy::may_open(&viewer.actor, PageKind::SupportedEmploymentReferral) {
        let state = match host
            .store()
            .participation(&viewer.actor, &fnr, page.today, page.now)
            .await
        {
            Ok(participation) => {
                Some(crate::se_words::state_name(t, participation.state).to_owned())
            }
            Err(StoreError::NotFound) => None,
            Err(error) => return Err(page.store_error(error).into()),
        };
        Some((paths::person_se(&reference), state))
    } else {
        None
    };
    let employers = crate::names::employer_names(
        page,
        host,
        record
            .documents
            .iter()
            .filter_map(|stored| stored.document.certificate_employer().map(str::to_owned)),
    )
    .await?;
    let heading = fill(
        t.person.heading,
        &[(
            "fnr",
            &crate::names::person_label(t, &fnr, record.name.as_ref()),
        )],
    );
    let mut template = PersonTemplate {
        guidance_suggestion,
        se_referral,
        frame: page.frame(&heading),
        t,
        heading,
        intro: intro(t, &record.view),
        guidance_href: record
            .view
            .guidance
            .then(|| paths::person_guidance(&record.reference)),
        casework_links: policy::may_open(&viewer.actor, PageKind::Plan),
        early_sessions_link: policy::may_open(&viewer.actor, PageKind::EarlySessions),
        work_ability_link: policy::may_open(&viewer.actor, PageKind::WorkAbility),
        followup_shown: record.view.followup.is_some(),
        tasks_shown: record.view.tasks != policy::Tasks::None,
        documents_shown: !record.view.document_filter().kinds.is_empty(),
        casework_shown: record.view.casework && !policy::may_open(&viewer.actor, PageKind::Plan),
        plan: None,
        invitations: Vec::new(),
        minutes: Vec::new(),
        unit: if record.view.shows_unit() {
            fill(
                t.person.unit,
                &[("unit", &crate::names::office(record.unit))],
            )
        } else {
            String::new()
        },
        protected: !matches!(
            record.protection,
            tilbake_domain::access::AddressProtection::None
        ),
        reference: reference.to_string(),
        address: record.address.as_ref().map(crate::names::address_line),
        case: None,
        not_computable: false,
        timeline: None,
        legend_hypothetical: false,
        legend_periods: record.view.certificates != policy::Certificates::None,
        facts: Vec::new(),
        what_if_shown: false,
        what_if_hint: String::new(),
        what_if_result: None,
        moves: Vec::new(),
        documents: document_rows(t, &record, &employers),
        show_diagnosis: record
            .documents
            .iter()
            .any(|stored| stored.document.diagnosis.is_some()),
        tasks: Vec::new(),
        what_now_shown: forms.decide_tasks.is_some() && record.view.tasks != policy::Tasks::None,
        what_now: Vec::new(),
        activity: activity.unwrap_or_else(|| crate::activity::form(t)),
        activity_action: crate::activity::path(&reference),
        activity_done: if forms.activity_requirement {
            crate::activity::assessed_lines(
                t,
                record.documents.iter().map(|stored| &stored.document.body),
            )
        } else {
            Vec::new()
        },
        csrf_token: viewer.csrf_token.clone(),
        decide_action: format!("{}/oppgave", paths::person(&reference)),
        assign_action: format!("{}/ta-oppgave", paths::person(&reference)),
        notes: record
            .documents
            .iter()
            .rev()
            .filter_map(|stored| match &stored.document.body {
                DocumentBody::Casework(CaseworkDocument::CaseNote { date, text }) => {
                    Some((date_short(t, *date), text.clone()))
                }
                _ => None,
            })
            .collect(),
        note_form: forms
            .case_note
            .then(|| note.unwrap_or_else(|| note_form(t))),
        note_action: format!("{}/notat", paths::person(&reference)),
        what_if: WhatIfForm::default(),
        guidance_plan_links: record.view.guidance.then(|| {
            (
                paths::person_guidance_plan(&record.reference),
                paths::person_guidance_report(&record.reference),
            )
        }),
        guidance_plan: crate::guidance_plan::shared_plan(page, host, viewer, (&fnr, &reference))
            .await?,
    };
    if template.casework_shown {
        let documents: Vec<&tilbake_domain::document::Document> = record
            .documents
            .iter()
            .map(|stored| &stored.document)
            .collect();
        let bodies: Vec<&DocumentBody> = documents.iter().map(|document| &document.body).collect();
        template.plan = tilbake_domain::casework::plan_versions(documents.iter().copied())
            .last()
            .map(|version| {
                crate::casework::version_view(t, version, crate::casework::PlanReader::AParty)
            });
        template.invitations = tilbake_domain::casework::invitations(documents.iter().copied())
            .iter()
            .rev()
            .map(|state| crate::casework::invitation_view(t, state))
            .collect();
        template.minutes = crate::casework::minutes_views(t, &bodies)
            .into_iter()
            .rev()
            .collect();
    }
    task_rows(t, &record, page.today, &mut template);
    template.what_now = what_now(
        t,
        &record,
        &forms,
        decision.as_ref(),
        page.today,
        &viewer.actor.username,
        &TaskLinks {
            person: paths::person(&record.reference),
            casework: template.casework_links,
            early_sessions: template.early_sessions_link,
        },
    );

    let input = followup_input(
        record.documents.iter().map(|stored| &stored.document),
        fnr.birth_date(),
        Some(page.today),
    );
    let mut status = StatusCode::OK;
    // The follow-up comes from the store: computed from the whole sick
    // leave, shown as the reader may see it (a manager's input here holds
    // only their own employer's certificates).
    match record.followup.clone() {
        None => {
            // Not shown to this reader, or not computable from what is stored.
            template.not_computable = record.view.followup.is_some();
        }
        Some(followup) => {
            if let Some(case) = current_case(&followup.cases, page.today) {
                template.case = Some(case_line(t, case, page.today));
                template.what_if_shown = forms.what_if;
                template.what_if_hint = fill(
                    t.person.what_if_date_hint,
                    &[("end", &date_short(t, case.end))],
                );
                let mut drawn = (followup.cases.clone(), case.clone(), None);
                if template.what_if_shown && what_if.submitted() {
                    if let Some((until, grade)) = what_if.check(t, case.end) {
                        if let Some((cases, new_case, period)) = imagine(&input, case, until, grade)
                        {
                            template.what_if_result = Some(fill(
                                t.person.what_if_result_intro,
                                &[("date", &date_short(t, until)), ("grade", &grade.percent())],
                            ));
                            template.moves = moves(t, case, &new_case);
                            drawn = (cases, new_case, Some((period, grade)));
                        }
                    } else {
                        status = StatusCode::BAD_REQUEST;
                    }
                }
                let (cases, shown_case, imagined) = drawn;
                template.legend_hypothetical = imagined.is_some();
                let (timeline, facts) = timeline_and_facts(
                    t,
                    &input,
                    &cases,
                    &shown_case,
                    imagined,
                    &record.tasks,
                    page.today,
                );
                template.timeline = Some(timeline);
                template.facts = facts;
            }
        }
    }
    template.what_if = what_if;
    if template.has_errors() {
        template.frame.title = fill(t.common.page_title_error, &[("page", &template.heading)]);
        status = StatusCode::BAD_REQUEST;
    }
    Ok(render(&template, status))
}

/// What the page says first: what it holds for this reader. A consented
/// reader is told what the person has shared with them, and that the rest
/// is not shown.
fn intro(t: &Texts, view: &PersonView) -> Vec<String> {
    let person = &t.person;
    match view.role {
        Role::Caseworker => vec![person.intro_caseworker.to_owned()],
        Role::Manager => vec![person.intro_manager.to_owned()],
        Role::Gp => vec![person.intro_gp.to_owned()],
        Role::Counsellor | Role::JobSpecialist => {
            let c = &t.consent;
            let purpose = match view.purpose {
                Purpose::SupportedEmployment => c.person_purpose_supported_employment,
                Purpose::Guidance | Purpose::Followup => c.person_purpose_guidance,
            };
            let mut parts = Vec::new();
            if view.followup.is_some() {
                parts.push(c.person_shared_followup);
            }
            if view.certificates != policy::Certificates::None {
                parts.push(c.person_shared_certificates);
            }
            if view.casework {
                parts.push(c.person_shared_casework);
            }
            let first = if parts.is_empty() {
                fill(c.person_intro_nothing, &[("purpose", &purpose)])
            } else {
                fill(
                    c.person_intro,
                    &[
                        ("purpose", &purpose),
                        ("parts", &crate::who_sees_me::listed(t, &parts)),
                    ],
                )
            };
            vec![first, c.person_rest.to_owned()]
        }
        Role::Worker | Role::SeSupervisor | Role::Admin | Role::System => Vec::new(),
    }
}

/// The case the person is in today, else the latest that has started, else the first.
fn current_case(cases: &[FollowupCase], today: NaiveDate) -> Option<&FollowupCase> {
    cases
        .iter()
        .rev()
        .find(|case| case.start <= today)
        .or_else(|| cases.first())
}

/// "1 sick day", "12 sick days".
fn sick_days(t: &Texts, days: u32) -> String {
    if days == 1 {
        t.person.sick_day_one.to_owned()
    } else {
        fill(t.person.sick_days, &[("days", &days)])
    }
}

fn case_line(t: &Texts, case: &FollowupCase, today: NaiveDate) -> CaseLine {
    let max_date = case.milestone(MilestoneKind::MaxDate).map_or_else(
        || t.person.none_date.to_owned(),
        |milestone| date_short(t, milestone.date),
    );
    let text = if case.end >= today {
        t.person.case_summary
    } else {
        t.person.case_summary_ended
    };
    CaseLine {
        summary: fill(
            text,
            &[
                ("start", &date_short(t, case.start)),
                ("end", &date_short(t, case.end)),
                ("days", &sick_days(t, case.sick_days)),
                ("max_date", &max_date),
            ],
        ),
    }
}

/// The engine run on the stored events plus one imagined certificate from
/// the day after the case's end: every case, the case it falls in, and the
/// imagined period. Nothing is stored.
fn imagine(
    input: &FollowupInput,
    case: &FollowupCase,
    until: NaiveDate,
    grade: Grade,
) -> Option<(Vec<FollowupCase>, FollowupCase, DateRange)> {
    let period = DateRange::new(case.end + Duration::days(1), until).ok()?;
    let mut imagined = input.clone();
    imagined.events.push(Event::SickLeave(SickLeave {
        id: WHAT_IF_ID.to_owned(),
        period,
        grade,
        employer: case.employers.last().cloned(),
        corrects: None,
    }));
    let followup = compute_followup(&imagined).ok()?;
    let new_case = followup
        .cases
        .iter()
        .find(|candidate| candidate.start <= until && until <= candidate.end)?
        .clone();
    Some((followup.cases, new_case, period))
}

fn moves(t: &Texts, old: &FollowupCase, new: &FollowupCase) -> Vec<MoveRow> {
    MilestoneKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let before = old.milestone(kind);
            let after = new.milestone(kind);
            if before.is_none() && after.is_none() {
                return None;
            }
            let show = |date: Option<NaiveDate>| {
                date.map_or_else(|| t.person.none_date.to_owned(), |date| date_short(t, date))
            };
            let before_date = before.map(|milestone| milestone.date);
            let after_date = after.map(|milestone| milestone.date);
            let change = match (before_date, after_date) {
                (Some(before), Some(after)) => {
                    let days = (after - before).num_days();
                    match days {
                        0 => t.person.change_none.to_owned(),
                        1.. => fill(t.person.change_later, &[("days", &days)]),
                        _ => fill(t.person.change_earlier, &[("days", &days.unsigned_abs())]),
                    }
                }
                (None, Some(_)) => t.person.change_new.to_owned(),
                _ => t.person.change_gone.to_owned(),
            };
            Some(MoveRow {
                milestone: milestone_words(t, kind).title.to_owned(),
                now: show(before_date),
                new: show(after_date),
                moved: before_date != after_date,
                change,
            })
        })
        .collect()
}

/// The certificates, self-certified days and holidays that count (a
/// withdrawn or replaced certificate does not).
fn periods(t: &Texts, input: &FollowupInput) -> Vec<Period> {
    let mut withdrawn: HashSet<&str> = HashSet::new();
    for event in &input.events {
        match event {
            Event::Cancelled { id } => {
                withdrawn.insert(id);
            }
            Event::SickLeave(sick_leave) => {
                if let Some(corrected) = &sick_leave.corrects {
                    withdrawn.insert(corrected);
                }
            }
            _ => {}
        }
    }
    let span = |range: &DateRange| {
        fill(
            t.person.period,
            &[
                ("from", &date_short(t, range.from())),
                ("to", &date_short(t, range.to())),
            ],
        )
    };
    let mut periods: Vec<Period> = input
        .events
        .iter()
        .filter_map(|event| match event {
            Event::SickLeave(sick_leave) if !withdrawn.contains(sick_leave.id.as_str()) => {
                let hypothetical = sick_leave.id == WHAT_IF_ID;
                let (kind, name) = if hypothetical {
                    (PeriodKind::Hypothetical, t.person.fact_hypothetical)
                } else {
                    (PeriodKind::Certificate, t.person.fact_certificate)
                };
                Some(Period {
                    kind,
                    from: sick_leave.period.from(),
                    to: sick_leave.period.to(),
                    grade: sick_leave.grade.percent(),
                    title: format!(
                        "{name}: {}, {}",
                        span(&sick_leave.period),
                        fill(t.person.grade, &[("grade", &sick_leave.grade.percent())])
                    ),
                })
            }
            Event::SelfCertified(range) => Some(Period {
                kind: PeriodKind::SelfCertified,
                from: range.from(),
                to: range.to(),
                grade: 100,
                title: format!("{}: {}", t.person.fact_self_certified, span(range)),
            }),
            Event::Vacation(range) => Some(Period {
                kind: PeriodKind::Vacation,
                from: range.from(),
                to: range.to(),
                grade: 0,
                title: format!("{}: {}", t.person.fact_vacation, span(range)),
            }),
            _ => None,
        })
        .collect();
    periods.sort_by_key(|period| period.from);
    periods
}

fn timeline_and_facts(
    t: &Texts,
    input: &FollowupInput,
    cases: &[FollowupCase],
    case: &FollowupCase,
    imagined: Option<(DateRange, Grade)>,
    tasks: &[Task],
    today: NaiveDate,
) -> (Timeline, Vec<FactRow>) {
    let mut input = input.clone();
    if let Some((period, grade)) = imagined {
        input.events.push(Event::SickLeave(SickLeave {
            id: WHAT_IF_ID.to_owned(),
            period,
            grade,
            employer: None,
            corrects: None,
        }));
    }
    let periods = periods(t, &input);
    // A milestone's state is its task's in this case, as the reader sees it.
    let state_of = |kind: MilestoneKind| {
        let task_kind = TASK_RULES
            .iter()
            .find(|(milestone, _)| *milestone == kind)
            .map(|(_, task_kind)| *task_kind);
        let task = tasks
            .iter()
            .find(|task| Some(task.kind) == task_kind && task.case_start == case.start);
        match task {
            Some(task) if task.state != TaskState::Open => MarkState::Done,
            Some(task) if task.due < today => MarkState::Overdue,
            Some(_) => MarkState::Open,
            None => MarkState::Date,
        }
    };
    let state_word = |state: MarkState| match state {
        MarkState::Done => Some(t.person.mark_done),
        MarkState::Open => Some(t.person.mark_open),
        MarkState::Overdue => Some(t.person.mark_overdue),
        MarkState::Date => None,
    };
    let marks: Vec<Mark> = case
        .milestones
        .iter()
        .filter(|milestone| milestone.kind != MilestoneKind::MaxDate)
        .map(|milestone| {
            let state = state_of(milestone.kind);
            let title = format!(
                "{}: {}",
                milestone_words(t, milestone.kind).title,
                date_short(t, milestone.date)
            );
            Mark {
                date: milestone.date,
                label: milestone_mark(t, milestone.kind).to_owned(),
                state,
                title: match state_word(state) {
                    Some(word) => format!("{title} ({word})"),
                    None => title,
                },
            }
        })
        .collect();
    let max_date = case
        .milestone(MilestoneKind::MaxDate)
        .map(|milestone| milestone.date);
    let timeline = lay_out(
        t,
        case.start,
        &periods,
        &marks,
        today,
        max_date,
        imagined.is_some(),
    );

    let iso = |date: NaiveDate| date.format("%Y-%m-%d").to_string();
    let mut facts: Vec<(NaiveDate, u8, FactRow)> = Vec::new();
    for other in cases {
        facts.push((
            other.start,
            0,
            FactRow {
                what: t.person.fact_case.to_owned(),
                when: fill(
                    t.person.period,
                    &[
                        ("from", &date_short(t, other.start)),
                        ("to", &date_short(t, other.end)),
                    ],
                ),
                when_iso: iso(other.start),
                detail: fill(
                    t.person.fact_case_detail,
                    &[("days", &sick_days(t, other.sick_days))],
                ),
                state: "period",
                on_axis: other.end >= timeline.first,
            },
        ));
    }
    for period in &periods {
        let (what, detail) = match period.kind {
            PeriodKind::Certificate => (
                t.person.fact_certificate,
                fill(t.person.grade, &[("grade", &period.grade)]),
            ),
            PeriodKind::Hypothetical => (
                t.person.fact_hypothetical,
                fill(t.person.grade, &[("grade", &period.grade)]),
            ),
            PeriodKind::SelfCertified => (t.person.fact_self_certified, String::new()),
            PeriodKind::Vacation => (t.person.fact_vacation, String::new()),
        };
        facts.push((
            period.from,
            1,
            FactRow {
                what: what.to_owned(),
                when: fill(
                    t.person.period,
                    &[
                        ("from", &date_short(t, period.from)),
                        ("to", &date_short(t, period.to)),
                    ],
                ),
                when_iso: iso(period.from),
                detail,
                state: "period",
                on_axis: period.to >= timeline.first,
            },
        ));
    }
    for event in &input.events {
        if let Event::WorkResumed(date) = event {
            facts.push((
                *date,
                1,
                FactRow {
                    what: t.person.fact_work_resumed.to_owned(),
                    when: date_short(t, *date),
                    when_iso: iso(*date),
                    detail: String::new(),
                    state: "period",
                    on_axis: *date >= timeline.first,
                },
            ));
        }
    }
    for milestone in &case.milestones {
        let state = if milestone.kind == MilestoneKind::MaxDate {
            MarkState::Date
        } else {
            state_of(milestone.kind)
        };
        let when = if milestone.reached && milestone.date <= today {
            t.person.fact_milestone_passed
        } else if milestone.reached {
            t.person.fact_milestone_reached
        } else {
            t.person.fact_milestone_if_continued
        };
        facts.push((
            milestone.date,
            2,
            FactRow {
                what: milestone_words(t, milestone.kind).title.to_owned(),
                when: date_short(t, milestone.date),
                when_iso: iso(milestone.date),
                detail: match state_word(state) {
                    Some(word) => format!("{when} ({word})"),
                    None => when.to_owned(),
                },
                state: state.as_str(),
                on_axis: true,
            },
        ));
    }
    facts.push((
        today,
        3,
        FactRow {
            what: t.person.fact_today.to_owned(),
            when: date_short(t, today),
            when_iso: iso(today),
            detail: String::new(),
            state: "today",
            on_axis: true,
        },
    ));
    facts.sort_by_key(|(date, order, _)| (*date, *order));
    (timeline, facts.into_iter().map(|(_, _, row)| row).collect())
}

fn document_kind_name(t: &Texts, kind: DocumentKind) -> &'static str {
    let person = &t.person;
    match kind {
        DocumentKind::SickLeave => person.doc_sick_leave,
        DocumentKind::SelfCertified => person.doc_self_certified,
        DocumentKind::Vacation => person.doc_vacation,
        DocumentKind::WorkResumed => person.doc_work_resumed,
        DocumentKind::Cancelled => person.doc_cancelled,
        DocumentKind::PlanShared => person.doc_plan_shared,
        DocumentKind::MeetingHeld => person.doc_meeting_held,
        DocumentKind::ActivityAssessed => person.doc_activity_assessed,
        DocumentKind::PlanVersion => person.doc_plan_version,
        DocumentKind::PlanResponse => person.doc_plan_response,
        DocumentKind::MeetingInvitation => person.doc_meeting_invitation,
        DocumentKind::MeetingAnswer => person.doc_meeting_answer,
        DocumentKind::MeetingMinutes => person.doc_meeting_minutes,
        DocumentKind::MeetingRequest => person.doc_meeting_request,
        DocumentKind::CaseNote => person.doc_case_note,
        DocumentKind::EarlySession => person.doc_early_session,
        DocumentKind::WorkAbilityAssessment => person.doc_work_ability_assessment,
        DocumentKind::WorkAbilityAddition => person.doc_work_ability_addition,
        DocumentKind::MeetingCancelled => t.meetings.doc_meeting_cancelled,
        DocumentKind::PopulationRegister => t.names.doc_population_register,
    }
}

fn document_rows(
    t: &Texts,
    record: &PersonRecord,
    employers: &crate::names::Employers,
) -> Vec<DocumentRow> {
    let span = |range: &DateRange| {
        fill(
            t.person.period,
            &[
                ("from", &date_short(t, range.from())),
                ("to", &date_short(t, range.to())),
            ],
        )
    };
    record
        .documents
        .iter()
        .map(|stored| {
            let document = &stored.document;
            let mut row = DocumentRow {
                kind: document_kind_name(t, document.kind()),
                period: String::new(),
                grade: String::new(),
                employer: String::new(),
                diagnosis: document
                    .diagnosis
                    .as_ref()
                    .map_or_else(String::new, |diagnosis| {
                        crate::diagnoses::diagnosis_text(t, diagnosis)
                    }),
                received: timestamp(t, stored.received_at),
            };
            match &document.body {
                DocumentBody::Followup(Event::SickLeave(sick_leave)) => {
                    row.period = span(&sick_leave.period);
                    if let Some(corrected) = &sick_leave.corrects {
                        row.period = format!(
                            "{} ({})",
                            row.period,
                            fill(t.person.doc_corrects, &[("id", corrected)])
                        );
                    }
                    row.grade = fill(t.person.grade, &[("grade", &sick_leave.grade.percent())]);
                    row.employer = sick_leave
                        .employer
                        .as_deref()
                        .map(|orgnr| employers.label(t, orgnr))
                        .unwrap_or_default();
                }
                DocumentBody::Followup(Event::SelfCertified(range) | Event::Vacation(range)) => {
                    row.period = span(range);
                }
                DocumentBody::Followup(Event::WorkResumed(date))
                | DocumentBody::Casework(
                    CaseworkDocument::PlanShared { date }
                    | CaseworkDocument::PlanVersion { date, .. }
                    | CaseworkDocument::CaseNote { date, .. },
                ) => {
                    row.period = date_short(t, *date);
                }
                DocumentBody::Followup(Event::Cancelled { id }) => {
                    row.period = fill(t.person.doc_cancels, &[("id", id)]);
                }
                DocumentBody::Casework(CaseworkDocument::MeetingHeld { meeting, date }) => {
                    row.period = format!(
                        "{}, {}",
                        fill(
                            t.person.doc_meeting_number,
                            &[("number", &meeting.number())]
                        ),
                        date_short(t, *date)
                    );
                }
                DocumentBody::Casework(CaseworkDocument::ActivityAssessed {
                    date,
                    outcome,
                    ..
                }) => {
                    row.period = format!(
                        "{}, {}",
                        date_short(t, *date),
                        fill(t.person.doc_outcome, &[("outcome", &outcome.as_str())])
                    );
                }
                DocumentBody::Casework(CaseworkDocument::PlanResponse(response)) => {
                    row.period = date_short(t, response.date);
                }
                DocumentBody::Casework(CaseworkDocument::EarlySession(session)) => {
                    row.period = date_short(t, session.date);
                }
                DocumentBody::Casework(CaseworkDocument::WorkAbilityAssessment(assessment)) => {
                    row.period = date_short(t, assessment.date);
                }
                DocumentBody::Casework(CaseworkDocument::WorkAbilityAddition(addition)) => {
                    row.period = date_short(t, addition.date);
                }
                DocumentBody::Casework(CaseworkDocument::MeetingInvitation(invitation)) => {
                    row.period = format!(
                        "{}, {}",
                        fill(
                            t.person.doc_meeting_number,
                            &[("number", &invitation.meeting.number())]
                        ),
                        date_short(t, invitation.at.date())
                    );
                }
                DocumentBody::Casework(CaseworkDocument::MeetingMinutes(minutes)) => {
                    row.period = format!(
                        "{}, {}",
                        fill(
                            t.person.doc_meeting_number,
                            &[("number", &minutes.meeting.number())]
                        ),
                        date_short(t, minutes.date)
                    );
                }
                DocumentBody::Casework(CaseworkDocument::MeetingRequest(request)) => {
                    row.period = format!(
                        "{}, {}",
                        fill(
                            t.person.doc_meeting_number,
                            &[("number", &request.meeting.number())]
                        ),
                        date_short(t, request.date)
                    );
                }
                DocumentBody::Casework(CaseworkDocument::MeetingCancelled(cancellation)) => {
                    row.period = format!(
                        "{}, {}",
                        fill(
                            t.person.doc_meeting_number,
                            &[("number", &cancellation.meeting.number())]
                        ),
                        date_short(t, cancellation.date)
                    );
                }
                // Shown as the person's name and address instead.
                DocumentBody::Casework(CaseworkDocument::MeetingAnswer(_))
                | DocumentBody::Register(_) => {}
            }
            row
        })
        .collect()
}

fn task_rows(t: &Texts, record: &PersonRecord, today: NaiveDate, template: &mut PersonTemplate) {
    let person = &t.person;
    for task in &record.tasks {
        let closed_because = match task.closed_because.as_deref() {
            None => String::new(),
            Some(SICK_LEAVE_ENDED) => person.closed_sick_leave_ended.to_owned(),
            Some(text) => match text
                .split_once(':')
                .and_then(|(kind, _)| DocumentKind::parse(kind))
            {
                // The kind says what closed it; the sender's id means nothing to a reader.
                Some(kind) => fill(
                    person.closed_by_document,
                    &[("document", &document_kind_name(t, kind))],
                ),
                None => text.to_owned(),
            },
        };
        template.tasks.push(TaskRow {
            overdue: (task.state == TaskState::Open && task.due < today)
                .then_some(t.queue.badge_overdue),
            task: task_kind_name(t, task.kind),
            owner: match task.owner {
                Party::Nav => person.owner_nav,
                Party::Employer => person.owner_employer,
            },
            due: date_short(t, task.due),
            due_iso: task.due.format("%Y-%m-%d").to_string(),
            state: match task.state {
                TaskState::Open => person.state_open,
                TaskState::Done => person.state_done,
                TaskState::NotNeeded => person.state_not_needed,
            },
            closed_because,
        });
    }
}

/// Where the forms that close tasks are, for the reader.
struct TaskLinks {
    /// The person's page.
    person: String,
    /// The reader opens the plan and meetings pages.
    casework: bool,
    early_sessions: bool,
}

/// The one form elsewhere that closes a task of this kind, if the reader
/// opens its page: (address, link text).
fn task_link(t: &Texts, kind: TaskKind, links: &TaskLinks) -> Option<(String, &'static str)> {
    let person = &t.person;
    let meetings = |section: &str| format!("{}/moter{section}", links.person);
    match kind {
        TaskKind::FollowUpPlan if links.casework => {
            Some((format!("{}/plan", links.person), person.go_plan))
        }
        TaskKind::DialogueMeeting1 if links.casework => Some((meetings(""), person.go_meetings)),
        TaskKind::PrepareDialogueMeeting2 if links.casework => {
            Some((meetings("#invite-heading"), person.go_invite_2))
        }
        TaskKind::DialogueMeeting2 if links.casework => {
            Some((meetings("#write-minutes-heading"), person.go_minutes_2))
        }
        TaskKind::RequestedMeeting if links.casework => {
            Some((meetings("#invite-heading"), person.go_requested))
        }
        // What was agreed is in the minutes.
        TaskKind::EmployerAgreement | TaskKind::NavAgreement if links.casework => {
            Some((meetings("#minutes-heading"), person.go_agreement))
        }
        TaskKind::EarlySession1 | TaskKind::EarlySession2 if links.early_sessions => Some((
            format!("{}/tidlige-samtaler", links.person),
            person.go_early_session,
        )),
        _ => None,
    }
}

/// "1 dag", "3 dager".
fn days_words(t: &Texts, days: i64) -> String {
    if days == 1 {
        t.person.day_one.to_owned()
    } else {
        fill(t.person.days_many, &[("days", &days)])
    }
}

/// A deadline in words: "Frist 12. januar 2027, 3 dager på overtid."
fn deadline(t: &Texts, due: NaiveDate, today: NaiveDate) -> String {
    let date = date_short(t, due);
    let days = (due - today).num_days();
    match days {
        0 => fill(t.person.due_today, &[("date", &date)]),
        1.. => fill(
            t.person.due_in,
            &[("date", &date), ("days", &days_words(t, days))],
        ),
        _ => fill(
            t.person.due_overdue,
            &[("date", &date), ("days", &days_words(t, -days))],
        ),
    }
}

/// The reader's open tasks for this person, most urgent (earliest due)
/// first, each with what closes it.
fn what_now(
    t: &Texts,
    record: &PersonRecord,
    forms: &Forms,
    decision: Option<&DecisionForm>,
    today: NaiveDate,
    me: &str,
    links: &TaskLinks,
) -> Vec<WhatNowItem> {
    let person = &t.person;
    let mut open: Vec<&Task> = record
        .tasks
        .iter()
        .filter(|task| task.state == TaskState::Open && forms.decide_tasks == Some(task.owner))
        .collect();
    open.sort_by(|one, other| (one.due, &one.id).cmp(&(other.due, &other.id)));
    open.into_iter()
        .enumerate()
        .map(|(index, task)| {
            let assignee = record
                .task_assignees
                .iter()
                .find(|(id, _)| *id == task.id)
                .map(|(_, name)| name.as_str());
            let link = task_link(t, task.kind, links);
            let posted = decision.filter(|form| form.task_id == task.id);
            // Deciding is a caseworker's (the page's route asks for it).
            let decision =
                (task.kind.closed_by_decision() && forms.take_tasks).then(|| DecisionView {
                    index: index + 1,
                    task_id: task.id.clone(),
                    legend: fill(
                        person.decide_legend,
                        &[("task", &task_kind_name(t, task.kind))],
                    ),
                    done_checked: posted.is_some_and(|form| form.state == TaskState::Done.as_str()),
                    not_needed_checked: posted
                        .is_some_and(|form| form.state == TaskState::NotNeeded.as_str()),
                    reason: posted.map(|form| form.reason.clone()).unwrap_or_default(),
                    state_error: posted.and_then(|form| form.state_error),
                    reason_error: posted.and_then(|form| form.reason_error),
                });
            WhatNowItem {
                task_id: task.id.clone(),
                name: task_kind_name(t, task.kind),
                deadline: deadline(t, task.due, today),
                overdue: task.due < today,
                may_take: forms.take_tasks,
                taken: match assignee {
                    Some(name) if name == me => person.taken_by_you.to_owned(),
                    Some(name) => fill(person.taken_by, &[("name", &name)]),
                    None => String::new(),
                },
                taken_by_me: assignee == Some(me),
                // Open where marking it is how it closes (an agreement's
                // link only shows what was agreed).
                decision_open: link.is_none()
                    || matches!(
                        task.kind,
                        TaskKind::EmployerAgreement | TaskKind::NavAgreement
                    )
                    || posted.is_some(),
                link,
                assessment: !task.kind.closed_by_decision() && forms.activity_requirement,
                decision,
            }
        })
        .collect()
}

/// `POST /person/{person}/foresla-veiledning`: a caseworker, GP or manager
/// suggests career guidance; the person reads it on their own page.
pub async fn suggest_guidance<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
) -> Result<Response, Exit> {
    let viewer = page.require_form(|forms| forms.suggest_guidance)?;
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr).await?;
    host.store()
        .suggest_guidance(&viewer.actor, &fnr, page.today, page.now)
        .await
        .map_err(|error| match error {
            StoreError::Forbidden => page.error(StatusCode::NOT_FOUND),
            other => page.store_error(other),
        })?;
    Ok(
        Redirect::to(&Confirmation::GuidanceSuggested.href(&paths::person(&reference)))
            .into_response(),
    )
}
