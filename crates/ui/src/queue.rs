//! The caseworker's work queue (benken), `GET /benken`: the unit's open NAV
//! tasks, overdue first and then by due date, with counts by urgency and by
//! kind, and a filter form (GET, works without JavaScript).
//!
//! The store decides whose tasks these are (the caseworker's unit, NAV's
//! tasks, protected addresses left out) and orders them; this module only
//! arranges them. Filters go to the store as a [`TaskQuery`]. "Assigned to
//! me" is not offered: tasks have no assignee yet.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use tilbake_domain::access::policy::PageKind;
use tilbake_domain::followup::{Party, BENEFIT_RULES};
use tilbake_domain::tasks::{TaskKind, TaskUrgency};
use tilbake_store::{QueuedTask, TaskQuery};

use crate::format::{date_short, fnr_grouped};
use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::texts::{fill, Texts};
use crate::words::task_kind_name;

/// The most rows the list shows; filters narrow it.
const LIST_LIMIT: u32 = 500;
/// The most tasks counted for the summary.
const COUNT_LIMIT: u32 = 100_000;
/// The largest "due within" accepted, in days (ten years).
const MAX_DUE_WITHIN_DAYS: u32 = 3660;

const KIND_FIELD: &str = "kind";
const DUE_FIELD: &str = "due_within_days";
const MINE_FIELD: &str = "mine";

/// The filter as typed, and what it means.
struct Filter {
    kind_text: String,
    kind: Result<Option<TaskKind>, ()>,
    due_text: String,
    due_within_days: Result<Option<u32>, ()>,
    /// Only the tasks the caseworker has taken.
    mine: bool,
}

impl Filter {
    fn parse(query: Option<&str>) -> Filter {
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
        let kind_text = value_of(KIND_FIELD);
        let due_text = value_of(DUE_FIELD);
        let kind = if kind_text.is_empty() {
            Ok(None)
        } else {
            TaskKind::parse(&kind_text)
                .filter(|kind| kind.owner() == Party::Nav)
                .map(Some)
                .ok_or(())
        };
        let due_within_days = if due_text.is_empty() {
            Ok(None)
        } else {
            due_text
                .parse::<u32>()
                .ok()
                .filter(|days| *days <= MAX_DUE_WITHIN_DAYS)
                .map(Some)
                .ok_or(())
        };
        Filter {
            kind_text,
            kind,
            due_text,
            due_within_days,
            mine: value_of(MINE_FIELD) == "1",
        }
    }

    fn is_valid(&self) -> bool {
        self.kind.is_ok() && self.due_within_days.is_ok()
    }

    /// The valid parts: an invalid field filters nothing.
    fn kind(&self) -> Option<TaskKind> {
        self.kind.ok().flatten()
    }

    fn due_within_days(&self) -> Option<u32> {
        self.due_within_days.ok().flatten()
    }

    fn is_empty(&self) -> bool {
        self.kind().is_none() && self.due_within_days().is_none() && !self.mine
    }
}

/// A number in the summary, linking to the list it counts when it can.
struct Count {
    label: String,
    number: usize,
    class: &'static str,
    href: Option<String>,
}

/// One choice of the kind filter.
struct KindOption {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

/// One row of the queue.
struct Row {
    person_href: String,
    fnr: String,
    task: &'static str,
    due: String,
    due_iso: String,
    time: String,
    urgency_class: &'static str,
    urgency: &'static str,
    /// Who has taken the task: "you", a colleague's username, or empty.
    assignee: String,
}

#[derive(Template)]
#[template(path = "queue.html")]
struct QueueTemplate {
    frame: Frame,
    t: &'static Texts,
    heading: String,
    /// Set when the caseworker has no unit: the page says so and shows nothing else.
    no_unit: bool,
    total: String,
    by_urgency: Vec<Count>,
    by_kind: Vec<Count>,
    kind_options: Vec<KindOption>,
    kind_error: Option<&'static str>,
    due_value: String,
    due_error: Option<String>,
    mine: bool,
    showing: String,
    truncated: Option<String>,
    empty: Option<&'static str>,
    rows: Vec<Row>,
}

impl QueueTemplate {
    fn has_errors(&self) -> bool {
        self.kind_error.is_some() || self.due_error.is_some()
    }
}

fn nav_kinds() -> impl Iterator<Item = TaskKind> {
    TaskKind::ALL
        .into_iter()
        .filter(|kind| kind.owner() == Party::Nav)
}

fn urgency_words(t: &Texts, urgency: TaskUrgency) -> (&'static str, &'static str) {
    match urgency {
        TaskUrgency::Overdue => ("badge--overdue", t.queue.badge_overdue),
        TaskUrgency::DueSoon => ("badge--soon", t.queue.badge_due_soon),
        TaskUrgency::Upcoming => ("badge--later", t.queue.badge_upcoming),
    }
}

fn time_to_due(t: &Texts, days_ahead: i64) -> String {
    let queue = &t.queue;
    match days_ahead {
        ..=-2 => fill(queue.days_overdue, &[("days", &days_ahead.unsigned_abs())]),
        -1 => queue.day_overdue.to_owned(),
        0 => queue.due_today.to_owned(),
        1 => queue.day_left.to_owned(),
        _ => fill(queue.days_left, &[("days", &days_ahead)]),
    }
}

fn row(t: &Texts, page: &Page, queued: &QueuedTask) -> Row {
    let (urgency_class, urgency) = urgency_words(t, queued.urgency);
    Row {
        person_href: paths::person(&queued.person),
        fnr: fnr_grouped(&queued.person),
        task: task_kind_name(t, queued.task.kind),
        due: date_short(t, queued.task.due),
        due_iso: queued.task.due.format("%Y-%m-%d").to_string(),
        time: time_to_due(t, (queued.task.due - page.today).num_days()),
        urgency_class,
        urgency,
        assignee: match (&queued.assignee, &page.viewer) {
            (Some(name), Some(viewer)) if *name == viewer.actor.username => {
                t.queue.assignee_you.to_owned()
            }
            (Some(name), _) => name.clone(),
            (None, _) => String::new(),
        },
    }
}

/// `GET /benken[?kind=…&due_within_days=…]`.
pub async fn page<S: Host>(
    page: Page,
    State(host): State<S>,
    RawQuery(query): RawQuery,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Queue)?;
    let t = page.t;
    let filter = Filter::parse(query.as_deref());
    let mut template = QueueTemplate {
        frame: page.frame(t.queue.title),
        t,
        heading: t.queue.title.to_owned(),
        no_unit: false,
        total: String::new(),
        by_urgency: Vec::new(),
        by_kind: Vec::new(),
        kind_options: nav_kinds()
            .map(|kind| KindOption {
                value: kind.as_str(),
                label: task_kind_name(t, kind),
                selected: filter.kind_text == kind.as_str(),
            })
            .collect(),
        kind_error: filter.kind.is_err().then_some(t.queue.kind_error),
        due_value: filter.due_text.clone(),
        due_error: filter
            .due_within_days
            .is_err()
            .then(|| fill(t.queue.due_error, &[("max", &MAX_DUE_WITHIN_DAYS)])),
        mine: filter.mine,
        showing: String::new(),
        truncated: None,
        empty: None,
        rows: Vec::new(),
    };
    if template.has_errors() {
        template.frame.title = fill(t.common.page_title_error, &[("page", &t.queue.title)]);
    }
    let status = if filter.is_valid() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let Some(unit) = viewer.actor.unit else {
        template.no_unit = true;
        return Ok(render(&template, status));
    };
    template.heading = fill(t.queue.heading, &[("unit", &unit)]);

    let store = host.store();
    let everything = TaskQuery {
        today: page.today,
        kind: None,
        due_within_days: None,
        open_only: true,
        assigned_to_me: false,
        limit: COUNT_LIMIT,
    };
    let all = store
        .list_tasks(&viewer.actor, &everything, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let listed = if filter.is_empty() {
        all.iter().take(LIST_LIMIT as usize + 1).cloned().collect()
    } else {
        let filtered = TaskQuery {
            kind: filter.kind(),
            due_within_days: filter.due_within_days(),
            assigned_to_me: filter.mine,
            limit: LIST_LIMIT + 1,
            ..everything
        };
        store
            .list_tasks(&viewer.actor, &filtered, page.now)
            .await
            .map_err(|error| page.store_error(error))?
    };

    template.total = if all.len() == 1 {
        t.queue.total_one.to_owned()
    } else {
        fill(t.queue.total, &[("count", &all.len())])
    };
    let count_of = |urgency: TaskUrgency| all.iter().filter(|task| task.urgency == urgency).count();
    template.by_urgency = [
        (
            TaskUrgency::Overdue,
            t.queue.urgency_overdue.to_owned(),
            "count--overdue",
        ),
        (
            TaskUrgency::DueSoon,
            fill(
                t.queue.urgency_due_soon,
                &[("days", &BENEFIT_RULES.due_soon_days)],
            ),
            "count--soon",
        ),
        (
            TaskUrgency::Upcoming,
            t.queue.urgency_upcoming.to_owned(),
            "count--later",
        ),
    ]
    .into_iter()
    .map(|(urgency, label, class)| Count {
        number: count_of(urgency),
        label,
        class,
        href: None,
    })
    .collect();
    template.by_kind = nav_kinds()
        .map(|kind| Count {
            label: task_kind_name(t, kind).to_owned(),
            number: all.iter().filter(|task| task.task.kind == kind).count(),
            class: "count--kind",
            href: Some(format!("{}?{KIND_FIELD}={}", paths::QUEUE, kind.as_str())),
        })
        .collect();

    let shown = listed.len().min(LIST_LIMIT as usize);
    if listed.len() > shown {
        template.truncated = Some(fill(t.queue.truncated, &[("limit", &LIST_LIMIT)]));
    }
    template.showing = fill(t.queue.showing, &[("shown", &shown), ("total", &all.len())]);
    if all.is_empty() {
        template.empty = Some(t.queue.empty);
    } else if listed.is_empty() {
        template.empty = Some(t.queue.empty_filtered);
    }
    template.rows = listed
        .iter()
        .take(shown)
        .map(|queued| row(t, &page, queued))
        .collect();
    Ok(render(&template, status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_keeps_what_was_typed_and_refuses_what_it_cannot_use() {
        let filter = Filter::parse(Some("kind=activity_requirement&due_within_days=14"));
        assert_eq!(filter.kind(), Some(TaskKind::ActivityRequirement));
        assert_eq!(filter.due_within_days(), Some(14));
        assert!(filter.is_valid());

        let filter = Filter::parse(Some("kind=follow_up_plan&due_within_days=two+weeks"));
        assert!(
            filter.kind.is_err(),
            "an employer task is not in a NAV queue"
        );
        assert!(filter.due_within_days.is_err());
        assert_eq!(filter.due_text, "two weeks");
        assert!(filter.is_empty());

        assert!(Filter::parse(None).is_empty());
        assert!(Filter::parse(Some("due_within_days=3661"))
            .due_within_days
            .is_err());
    }

    #[test]
    fn time_to_due_counts_days_both_ways() {
        let t = &crate::texts::NB;
        assert_eq!(time_to_due(t, -3), "3 dager over fristen");
        assert_eq!(time_to_due(t, -1), "1 dag over fristen");
        assert_eq!(time_to_due(t, 0), "Frist i dag");
        assert_eq!(time_to_due(t, 9), "9 dager igjen");
    }
}
