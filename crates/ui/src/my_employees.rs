//! "Mine sykmeldte", `GET /mine-sykmeldte`: the manager's employees in an
//! open follow-up case, each with the employer's next deadline and what it
//! is, linking to the person's page.
//!
//! The store decides whose tasks these are (the manager's employer, the
//! employer's tasks) and orders them overdue first, then by due date; the
//! first task of each person is their next deadline. Employees in an open
//! case without an open task for the employer follow, from the store's
//! `list_persons`.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use tilbake_domain::access::policy::PageKind;
use tilbake_domain::tasks::TaskUrgency;
use tilbake_store::TaskQuery;

use crate::format::date_short;
use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::texts::Texts;
use crate::words::task_kind_name;

/// The most tasks read.
const LIMIT: u32 = 10_000;

struct Row {
    person_href: String,
    fnr: String,
    task: &'static str,
    due: String,
    due_iso: String,
    urgency_class: &'static str,
    urgency: &'static str,
    open: usize,
}

#[derive(Template)]
#[template(path = "my_employees.html")]
struct MyEmployeesTemplate {
    frame: Frame,
    t: &'static Texts,
    rows: Vec<Row>,
}

/// `GET /mine-sykmeldte`.
pub async fn page<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MyEmployees)?;
    let t = page.t;
    let query = TaskQuery {
        today: page.today,
        kind: None,
        due_within_days: None,
        open_only: true,
        assigned_to_me: false,
        limit: LIMIT,
    };
    let tasks = host
        .store()
        .list_tasks(&viewer.actor, &query, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    // Employees in an open case, with or without a deadline of the employer's now.
    let listed = host
        .store()
        .list_persons(&viewer.actor, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let labels = crate::names::labels(
        &page,
        &host,
        &viewer.actor,
        tasks
            .iter()
            .map(|queued| queued.person)
            .chain(listed.iter().map(|listed| listed.person)),
    )
    .await?;
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: Vec<&tilbake_domain::identity::Fnr> = Vec::new();
    for queued in &tasks {
        if seen.contains(&&queued.person) {
            continue;
        }
        seen.push(&queued.person);
        let (urgency_class, urgency) = match queued.urgency {
            TaskUrgency::Overdue => ("badge--overdue", t.queue.badge_overdue),
            TaskUrgency::DueSoon => ("badge--soon", t.queue.badge_due_soon),
            TaskUrgency::Upcoming => ("badge--later", t.queue.badge_upcoming),
        };
        rows.push(Row {
            person_href: labels.href(&queued.person),
            fnr: labels.person(t, &queued.person),
            task: task_kind_name(t, queued.task.kind),
            due: date_short(t, queued.task.due),
            due_iso: queued.task.due.format("%Y-%m-%d").to_string(),
            urgency_class,
            urgency,
            open: tasks
                .iter()
                .filter(|task| task.person == queued.person)
                .count(),
        });
    }
    for listed in &listed {
        if seen.contains(&&listed.person) {
            continue;
        }
        rows.push(Row {
            person_href: labels.href(&listed.person),
            fnr: labels.person(t, &listed.person),
            task: t.casework.employees_no_deadline,
            due: String::new(),
            due_iso: String::new(),
            urgency_class: "",
            urgency: "",
            open: 0,
        });
    }
    Ok(render(
        &MyEmployeesTemplate {
            frame: page.frame(t.person.employees_title),
            t,
            rows,
        },
        StatusCode::OK,
    ))
}
