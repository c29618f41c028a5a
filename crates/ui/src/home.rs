//! `GET /`, which sends each reader to their page, and the front page
//! `/hjem`, which tells every role what it can do here.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tilbake_domain::access::Role;
use tilbake_domain::followup::MilestoneKind;

use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::texts::{fill, Texts};
use crate::words::{end_of_week, role_name};

/// Where a role starts: its own page, or the front page.
pub fn start_page_of(role: Role) -> &'static str {
    match role {
        Role::Caseworker => paths::QUEUE,
        Role::Worker => paths::MY_SICK_LEAVE,
        Role::Manager => paths::MY_EMPLOYEES,
        Role::Gp => paths::PATIENTS,
        Role::Counsellor | Role::JobSpecialist => paths::MY_PERSONS,
        _ => paths::HOME,
    }
}

/// `GET /`: the signed-in person's page, else the sign-in page.
pub async fn start(page: Page) -> Response {
    let target = match &page.viewer {
        Some(viewer) => start_page_of(viewer.actor.role),
        None => paths::LOGIN,
    };
    Redirect::to(target).into_response()
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomeTemplate {
    frame: Frame,
    t: &'static Texts,
    role_line: String,
    what_you_can_do: String,
    /// The role's own page: (path, link text).
    own_page: Option<(&'static str, &'static str)>,
    not_ready: bool,
}

/// `GET /hjem`.
pub async fn page(page: Page) -> Result<Response, Exit> {
    let viewer = page.require_signed_in()?;
    let t = page.t;
    let role = viewer.actor.role;
    let home = &t.home;
    let (what_you_can_do, own_page) = match role {
        Role::Caseworker => (
            home.caseworker.to_owned(),
            Some((paths::QUEUE, home.go_to_queue)),
        ),
        Role::Worker => (
            home.worker.to_owned(),
            Some((paths::MY_SICK_LEAVE, home.go_to_my_sick_leave)),
        ),
        Role::Manager => (
            fill(
                home.manager,
                &[
                    ("plan_weeks", &end_of_week(MilestoneKind::FollowUpPlan)),
                    (
                        "meeting_weeks",
                        &end_of_week(MilestoneKind::DialogueMeeting1),
                    ),
                ],
            ),
            Some((paths::MY_EMPLOYEES, t.person.employees_title)),
        ),
        Role::Gp => (
            home.gp.to_owned(),
            Some((paths::PATIENTS, t.person.patients_title)),
        ),
        Role::Counsellor => (
            home.counsellor.to_owned(),
            Some((paths::MY_PERSONS, t.consent.persons_heading)),
        ),
        Role::JobSpecialist => (
            home.job_specialist.to_owned(),
            Some((paths::MY_PERSONS, t.consent.persons_heading)),
        ),
        Role::SeSupervisor => (
            home.se_supervisor.to_owned(),
            Some((paths::SE_TEAM, t.se.fidelity_heading)),
        ),
        Role::Admin => (
            home.admin.to_owned(),
            Some((paths::INSTRUMENTS, t.guidance.instruments_page_heading)),
        ),
        Role::System => (home.system.to_owned(), None),
    };
    let not_ready = own_page.is_none() && !matches!(role, Role::Admin | Role::System);
    Ok(render(
        &HomeTemplate {
            frame: page.frame(home.heading),
            t,
            role_line: fill(home.signed_in_role, &[("role", &role_name(t, role))]),
            what_you_can_do,
            own_page,
            not_ready,
        },
        StatusCode::OK,
    ))
}
