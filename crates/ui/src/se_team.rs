//! The employer register and the method supervisor's team:
//!
//! - `GET /arbeidsgivere`: the register (job specialists and supervisors),
//!   with the form to register or change an employer (`POST` the same path);
//!   `GET /arbeidsgivere/{orgnr}`: one employer (tasks, culture,
//!   adaptations, aids, training) with "log a contact" (`POST …/kontakt`).
//! - `GET /arbeid-med-bistand/team`: the supervisor's provider: the queue
//!   with "assign" (`POST …/tildel`; the cap's refusal said plainly), the
//!   fidelity indicators per specialist and for the team, named after the
//!   IPS fidelity items (person counts protected as the statistics contract
//!   says), and the outcomes.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use tilbake_domain::access::policy::{self, PageKind};
use tilbake_domain::casework::TaskList;
use tilbake_domain::identity::{Fnr, Orgnr};
use tilbake_domain::statistics::ProtectedTable;
use tilbake_domain::supported_employment::{
    Employer, EmployerTask, Milestone, Share, SpecialistFidelity, TeamFidelity, CASELOAD_CAP,
    EMPLOYER_CONTACTS_GOAL_PER_WEEK,
};
use tilbake_store::StoreError;

use crate::format::{date_of, date_short, fnr_grouped};
use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::se_person::{Line, Option_};
use crate::se_specialist::{activity_of, Failed};
use crate::se_words::{
    hours_text, kind_name, milestone_name, parse_hours, posted_value, share_text, FieldError,
};
use crate::texts::{fill, Texts};

pub struct EmployerRow {
    pub name: String,
    pub href: String,
    pub orgnr: String,
    pub tasks: String,
}

#[derive(Template)]
#[template(path = "se_employers.html")]
struct EmployersTemplate {
    frame: Frame,
    t: &'static Texts,
    csrf_token: String,
    notice: Option<&'static str>,
    error: FieldError,
    errors: Vec<(String, String)>,
    rows: Vec<EmployerRow>,
    /// The form's values: orgnr, name, tasks, culture, adaptations, aids, training, hours.
    typed: Vec<(&'static str, &'static str, String, bool)>,
    may_write: bool,
    action: &'static str,
}

/// `GET /arbeidsgivere`.
pub async fn employers<S: Host>(
    page: Page,
    State(host): State<S>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    page.require(PageKind::EmployerRegister)?;
    let notice = (posted_value(&query, "lagret") == "1").then_some(page.t.se.saved_notice);
    employers_again(&page, &host, notice, None, &[], StatusCode::OK).await
}

async fn employers_again<S: Host>(
    page: &Page,
    host: &S,
    notice: Option<&'static str>,
    error: Option<FieldError>,
    posted: &[(String, String)],
    status: StatusCode,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::EmployerRegister)?;
    let t = page.t;
    let employers = host
        .store()
        .employers(&viewer.actor, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let rows = employers
        .iter()
        .map(|employer| EmployerRow {
            name: employer.name.clone(),
            href: paths::se_employer(&employer.orgnr),
            orgnr: employer.orgnr.to_string(),
            tasks: employer
                .tasks
                .iter()
                .map(|task| task.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    let value = |name: &str| posted_value(posted, name).to_owned();
    let typed = vec![
        ("orgnr", t.se.field_orgnr, value("orgnr"), false),
        ("name", t.se.field_name, value("name"), false),
        ("tasks", t.se.field_tasks, value("tasks"), true),
        ("culture", t.se.field_culture, value("culture"), true),
        (
            "adaptations",
            t.se.field_adaptations,
            value("adaptations"),
            true,
        ),
        ("aids", t.se.field_aids, value("aids"), true),
        ("training", t.se.field_training, value("training"), true),
        ("hours", t.se.field_employer_hours, value("hours"), false),
    ];
    let template = EmployersTemplate {
        frame: page.frame(t.se.employers_heading),
        t,
        csrf_token: viewer.csrf_token.clone(),
        notice,
        errors: error.iter().map(FieldError::summary).collect(),
        error: error.unwrap_or_default(),
        rows,
        typed,
        may_write: policy::writes_employer_register(&viewer.actor),
        action: paths::SE_EMPLOYERS,
    };
    Ok(render(&template, status))
}

/// Tasks as lines "name hours": the last word is the hours.
fn parse_tasks(text: &str) -> Option<Vec<EmployerTask>> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (name, hours) = line.rsplit_once(char::is_whitespace)?;
            Some(EmployerTask {
                name: name.trim().to_owned(),
                hours_per_week: hours.trim().parse().ok()?,
            })
        })
        .collect()
}

/// `POST /arbeidsgivere`: registers or changes an employer.
pub async fn put_employer<S: Host>(
    page: Page,
    State(host): State<S>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::EmployerRegister)?;
    let t = page.t;
    let form_error = t.se.error_employer_form;
    let at = |field: &'static str, message: &str| FieldError {
        field,
        message: message.to_owned(),
    };
    let checked = (|| {
        let orgnr = Orgnr::parse(posted_value(&posted, "orgnr"))
            .map_err(|_| at("employer-orgnr", t.se.error_employer_orgnr))?;
        let tasks = parse_tasks(posted_value(&posted, "tasks"))
            .ok_or_else(|| at("employer-tasks", form_error))?;
        let hours = match parse_hours(posted_value(&posted, "hours")) {
            None => None,
            Some(Ok(hours)) => Some(hours),
            Some(Err(())) => return Err(at("employer-hours", t.se.error_hours)),
        };
        let employer = Employer {
            orgnr,
            name: posted_value(&posted, "name").to_owned(),
            tasks,
            culture: posted_value(&posted, "culture").to_owned(),
            adaptations: TaskList::from_text(posted_value(&posted, "adaptations")),
            aids: TaskList::from_text(posted_value(&posted, "aids")),
            training: posted_value(&posted, "training").to_owned(),
            hours,
        };
        employer.check().map_err(|error| {
            use tilbake_domain::supported_employment::EmployerError;
            let field = match error {
                EmployerError::NoName => "employer-name",
                EmployerError::TooLong(field) => match field {
                    "name" => "employer-name",
                    "culture" => "employer-culture",
                    "adaptations" => "employer-adaptations",
                    "aids" => "employer-aids",
                    _ => "employer-training",
                },
                _ => "employer-tasks",
            };
            at(field, form_error)
        })?;
        Ok(employer)
    })();
    let error = match checked {
        Ok(employer) => match host
            .store()
            .put_employer(&viewer.actor, &employer, page.now)
            .await
        {
            Ok(()) => {
                return Ok(Redirect::to(&format!(
                    "{}?lagret=1",
                    paths::se_employer(&employer.orgnr)
                ))
                .into_response())
            }
            Err(StoreError::Invalid { field, .. }) if field == "orgnr" => {
                at("employer-orgnr", t.se.error_employer_orgnr)
            }
            Err(StoreError::Invalid { .. }) => at("employer-name", form_error),
            Err(error) => return Err(page.store_error(error).into()),
        },
        Err(error) => error,
    };
    employers_again(
        &page,
        &host,
        None,
        Some(error),
        &posted,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

pub struct ContactRow {
    pub date: String,
    pub kind: &'static str,
    pub who: String,
}

#[derive(Template)]
#[template(path = "se_employer.html")]
struct EmployerTemplate {
    frame: Frame,
    t: &'static Texts,
    csrf_token: String,
    notice: Option<&'static str>,
    error: FieldError,
    errors: Vec<(String, String)>,
    name: String,
    orgnr: String,
    lines: Vec<Line>,
    tasks: Vec<String>,
    kinds: Vec<Option_>,
    /// The contacts logged with the employer, newest first.
    contacts: Vec<ContactRow>,
    may_log: bool,
    date_value: String,
    note_value: String,
    action: String,
    back_href: &'static str,
}

/// `GET /arbeidsgivere/{orgnr}`.
pub async fn employer<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(orgnr): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    page.require(PageKind::EmployerRegister)?;
    let Ok(orgnr) = Orgnr::parse(&orgnr) else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let notice = (posted_value(&query, "lagret") == "1").then_some(page.t.se.saved_notice);
    employer_again(&page, &host, &orgnr, notice, None, &[], StatusCode::OK).await
}

async fn employer_again<S: Host>(
    page: &Page,
    host: &S,
    orgnr: &Orgnr,
    notice: Option<&'static str>,
    error: Option<FieldError>,
    posted: &[(String, String)],
    status: StatusCode,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::EmployerRegister)?;
    let t = page.t;
    let employers = host
        .store()
        .employers(&viewer.actor, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let Some(employer) = employers.into_iter().find(|e| e.orgnr == *orgnr) else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let contacts = host
        .store()
        .employer_contacts(&viewer.actor, orgnr, page.now)
        .await
        .map_err(|error| page.store_error(error))?
        .iter()
        .map(|contact| ContactRow {
            date: date_short(t, contact.on),
            kind: kind_name(t, contact.kind),
            who: contact.specialist.clone(),
        })
        .collect();
    let list = |tasks: &TaskList| tasks.tasks().join(", ");
    let lines = vec![
        Line {
            label: t.se.culture,
            value: employer.culture.clone(),
        },
        Line {
            label: t.se.adaptations,
            value: list(&employer.adaptations),
        },
        Line {
            label: t.se.aids,
            value: list(&employer.aids),
        },
        Line {
            label: t.se.training,
            value: employer.training.clone(),
        },
        Line {
            label: t.se.hours,
            value: employer
                .hours
                .map(|hours| hours_text(t, hours))
                .unwrap_or_default(),
        },
    ]
    .into_iter()
    .filter(|line| !line.value.is_empty())
    .collect();
    let chosen = posted_value(posted, "kind");
    let template = EmployerTemplate {
        frame: page.frame(&employer.name),
        t,
        csrf_token: viewer.csrf_token.clone(),
        notice,
        errors: error.iter().map(FieldError::summary).collect(),
        error: error.unwrap_or_default(),
        name: employer.name.clone(),
        orgnr: employer.orgnr.to_string(),
        lines,
        tasks: employer
            .tasks
            .iter()
            .map(|task| {
                fill(
                    t.se.task_hours,
                    &[("task", &task.name), ("hours", &task.hours_per_week)],
                )
            })
            .collect(),
        kinds: tilbake_domain::supported_employment::ActivityKind::ALL
            .into_iter()
            .filter(|kind| kind.needs_employer())
            .map(|kind| Option_ {
                value: kind.as_str().to_owned(),
                label: kind_name(t, kind).to_owned(),
                selected: kind.as_str() == chosen,
            })
            .collect(),
        contacts,
        // Only a job specialist logs contacts (they count toward their goal).
        may_log: policy::may_open(&viewer.actor, PageKind::SupportedEmploymentCaseload),
        date_value: if posted.is_empty() {
            page.today.format("%d.%m.%Y").to_string()
        } else {
            posted_value(posted, "on").to_owned()
        },
        note_value: posted_value(posted, "note").to_owned(),
        action: format!("{}/kontakt", paths::se_employer(orgnr)),
        back_href: paths::SE_EMPLOYERS,
    };
    Ok(render(&template, status))
}

/// `POST /arbeidsgivere/{orgnr}/kontakt`: a job specialist logs a contact
/// with the employer (no participant).
pub async fn log_contact<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(orgnr): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::SupportedEmploymentCaseload)?;
    let Ok(orgnr) = Orgnr::parse(&orgnr) else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let outcome = match activity_of(page.t, &posted, Some(orgnr), page.today) {
        Ok(activity) => host
            .store()
            .log_activity(&viewer.actor, None, &activity, page.today, page.now)
            .await
            .map_err(|error| Failed::Store("kontakt", error)),
        Err(failed) => Err(failed),
    };
    let error = match outcome {
        Ok(()) => {
            return Ok(
                Redirect::to(&format!("{}?lagret=1", paths::se_employer(&orgnr))).into_response(),
            )
        }
        Err(Failed::Form(field, message)) => FieldError { field, message },
        Err(Failed::Store(_, StoreError::Invalid { .. })) => FieldError {
            field: "on",
            message: page.t.se.error_date.to_owned(),
        },
        Err(Failed::Store(_, error)) => return Err(page.store_error(error).into()),
    };
    employer_again(
        &page,
        &host,
        &orgnr,
        None,
        Some(error),
        &posted,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// Weeks the team's fidelity is computed over.
const TEAM_WEEKS: u32 = 12;

pub struct QueueRow {
    pub person: String,
    pub fnr: String,
    pub referred: String,
    pub agreed: String,
    pub named: Option<String>,
    pub label: String,
}

pub struct FidelityRow {
    pub name: String,
    pub caseload: String,
    pub out: String,
    pub per_week: String,
    pub rapid: String,
    pub unlimited: String,
    /// Where the specialist is off the method, in words.
    pub warnings: Vec<String>,
}

pub struct OutcomeRow {
    pub milestone: &'static str,
    pub employed: String,
    pub not_employed: String,
}

#[derive(Template)]
#[template(path = "se_team.html")]
struct TeamTemplate {
    frame: Frame,
    t: &'static Texts,
    csrf_token: String,
    heading: String,
    notice: Option<&'static str>,
    error: Option<String>,
    queue: Vec<QueueRow>,
    specialists: Vec<Option_>,
    fidelity_intro: String,
    fidelity_rule: String,
    items: Vec<String>,
    rows: Vec<FidelityRow>,
    team: FidelityRow,
    outcomes: Vec<OutcomeRow>,
    assign_action: &'static str,
}

/// `GET /arbeid-med-bistand/team`.
pub async fn team<S: Host>(
    page: Page,
    State(host): State<S>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    page.require(PageKind::SupportedEmploymentTeam)?;
    let notice = (posted_value(&query, "lagret") == "1").then_some(page.t.se.assigned_notice);
    team_again(&page, &host, notice, None, StatusCode::OK).await
}

fn per_week_text(t: &Texts, tenths: Option<u64>) -> String {
    tenths.map_or_else(
        || t.se.not_computed.to_owned(),
        |tenths| {
            let value = fill(
                t.se.decimal_value,
                &[("whole", &(tenths / 10)), ("tenth", &(tenths % 10))],
            );
            fill(
                t.se.per_week,
                &[
                    ("value", &value),
                    ("goal", &EMPLOYER_CONTACTS_GOAL_PER_WEEK),
                ],
            )
        },
    )
}

/// A specialist's row (`row` in the team's protected tables): caseload
/// and activity counts as they are, shares of persons only as published.
fn specialist_row(
    t: &Texts,
    name: &str,
    fidelity: &SpecialistFidelity,
    team: &TeamFidelity,
    row: usize,
) -> FidelityRow {
    let mut warnings = Vec::new();
    if !fidelity.caseload_within_cap {
        warnings.push(fill(t.se.warn_cap, &[("cap", &CASELOAD_CAP)]));
    }
    if !fidelity.meets_contact_goal() {
        warnings.push(fill(
            t.se.warn_contacts,
            &[("goal", &EMPLOYER_CONTACTS_GOAL_PER_WEEK)],
        ));
    }
    FidelityRow {
        name: name.to_owned(),
        caseload: fill(
            t.se.count_of_cap,
            &[("count", &fidelity.caseload), ("cap", &CASELOAD_CAP)],
        ),
        out: share_text(t, fidelity.out_of_office),
        per_week: per_week_text(t, fidelity.employer_contacts_per_week_tenths()),
        rapid: published(t, team.rapid_job_search(Some(row))),
        unlimited: published(t, team.time_unlimited_support(Some(row))),
        warnings,
    }
}

/// A share of persons as the protected table publishes it.
fn published(t: &Texts, share: Option<Share>) -> String {
    share.map_or_else(|| t.se.suppressed.to_owned(), |share| share_text(t, share))
}

fn protected(t: &Texts, value: Option<u64>) -> String {
    value.map_or_else(|| t.se.suppressed.to_owned(), |n| n.to_string())
}

async fn team_again<S: Host>(
    page: &Page,
    host: &S,
    notice: Option<&'static str>,
    error: Option<String>,
    status: StatusCode,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::SupportedEmploymentTeam)?;
    let t = page.t;
    let Some(provider) = viewer.actor.employer else {
        return Err(page.error(StatusCode::FORBIDDEN).into());
    };
    let store = host.store();
    let view = store
        .team(&viewer.actor, &provider, page.today, TEAM_WEEKS, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let queued = store
        .provider_queue(&viewer.actor, &provider, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let k = view.team.k;
    let caseloads: Vec<(String, u64)> = view
        .specialists
        .iter()
        .map(|(name, fidelity)| (name.clone(), fidelity.caseload))
        .collect();
    let specialists = caseloads
        .iter()
        .map(|(name, caseload)| Option_ {
            value: name.clone(),
            label: fill(
                t.se.assign_option,
                &[
                    ("specialist", name),
                    ("count", caseload),
                    ("cap", &CASELOAD_CAP),
                ],
            ),
            selected: false,
        })
        .collect();
    let team = &view.team;
    let outcomes = outcome_rows(t, &view.outcomes);
    let template = TeamTemplate {
        frame: page.frame(t.se.fidelity_heading),
        t,
        csrf_token: viewer.csrf_token.clone(),
        heading: fill(t.se.team_heading, &[("provider", &view.provider_name)]),
        notice,
        error,
        queue: queued
            .iter()
            .map(|referral| QueueRow {
                person: fnr_grouped(&referral.person),
                fnr: referral.person.to_string(),
                referred: date_of(t, referral.referred_at),
                agreed: referral
                    .agreed_on
                    .map(|date| date_short(t, date))
                    .unwrap_or_default(),
                named: referral
                    .named_specialist
                    .as_ref()
                    .map(|name| fill(t.se.named_specialist, &[("specialist", name)])),
                label: fill(
                    t.se.assign_label,
                    &[("person", &fnr_grouped(&referral.person))],
                ),
            })
            .collect(),
        specialists,
        fidelity_intro: fill(t.se.fidelity_intro, &[("weeks", &TEAM_WEEKS)]),
        fidelity_rule: fill(t.se.fidelity_rule, &[("k", &k)]),
        items: vec![
            fill(t.se.item_caseload, &[("cap", &CASELOAD_CAP)]),
            t.se.item_out.to_owned(),
            fill(
                t.se.item_contacts,
                &[("goal", &EMPLOYER_CONTACTS_GOAL_PER_WEEK)],
            ),
            t.se.item_rapid.to_owned(),
            t.se.item_unlimited.to_owned(),
        ],
        rows: view
            .specialists
            .iter()
            .enumerate()
            .map(|(row, (name, fidelity))| specialist_row(t, name, fidelity, team, row))
            .collect(),
        team: FidelityRow {
            name: t.se.team_row.to_owned(),
            caseload: team.caseload.to_string(),
            out: share_text(t, team.out_of_office),
            per_week: per_week_text(
                t,
                (team.specialist_weeks > 0)
                    .then(|| team.employer_contacts * 10 / team.specialist_weeks),
            ),
            rapid: published(t, team.rapid_job_search(None)),
            unlimited: published(t, team.time_unlimited_support(None)),
            warnings: Vec::new(),
        },
        outcomes,
        assign_action: paths::SE_TEAM_ASSIGN,
    };
    Ok(render(&template, status))
}

fn outcome_rows(t: &Texts, table: &ProtectedTable) -> Vec<OutcomeRow> {
    Milestone::ALL
        .into_iter()
        .enumerate()
        .map(|(i, milestone)| {
            let cell = |column: usize| {
                table
                    .cells
                    .get(i)
                    .and_then(|row| row.get(column))
                    .copied()
                    .flatten()
            };
            OutcomeRow {
                milestone: milestone_name(t, milestone),
                employed: protected(t, cell(0)),
                not_employed: protected(t, cell(1)),
            }
        })
        .collect()
}

/// `POST /arbeid-med-bistand/team/tildel`: `person` and `specialist`.
pub async fn assign<S: Host>(
    page: Page,
    State(host): State<S>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::SupportedEmploymentTeam)?;
    let t = page.t;
    let Ok(person) = Fnr::parse(posted_value(&posted, "person")) else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let specialist = posted_value(&posted, "specialist");
    let message = match host
        .store()
        .assign_job_specialist(&viewer.actor, &person, specialist, page.today, page.now)
        .await
    {
        Ok(()) => return Ok(Redirect::to(&format!("{}?lagret=1", paths::SE_TEAM)).into_response()),
        Err(StoreError::Invalid { field, message }) if field == "specialist" => {
            // The store says which: the cap, or not one of ours.
            if message.contains(&CASELOAD_CAP.to_string()) {
                fill(
                    t.se.error_cap,
                    &[("specialist", &specialist), ("cap", &CASELOAD_CAP)],
                )
            } else {
                t.se.error_assign.to_owned()
            }
        }
        Err(StoreError::Invalid { .. }) => t.se.error_assign.to_owned(),
        Err(error) => return Err(page.store_error(error).into()),
    };
    team_again(
        &page,
        &host,
        None,
        Some(message),
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
