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
use axum::Form;
use tilbake_domain::access::policy::PageKind;
use tilbake_domain::followup::{Party, BENEFIT_RULES};
use tilbake_domain::tasks::{TaskKind, TaskUrgency};
use tilbake_store::{QueuedTask, TaskQuery};

use crate::format::date_short;
use crate::host::Host;
use crate::names::Labels;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::texts::{fill, Texts};
use crate::words::task_kind_name;

/// Rows on one page of the list.
const PAGE_SIZE: usize = 50;
/// The most tasks read for the summary and the list (an office's open
/// tasks are about a thousand at national size).
const COUNT_LIMIT: u32 = 100_000;
/// The largest "due within" accepted, in days (ten years).
const MAX_DUE_WITHIN_DAYS: u32 = 3660;

const KIND_FIELD: &str = "kind";
const DUE_FIELD: &str = "due_within_days";
const MINE_FIELD: &str = "mine";
const URGENCY_FIELD: &str = "urgency";
const SEARCH_FIELD: &str = "q";
/// Longer than any name or number.
const MAX_SEARCH_CHARS: usize = 100;

/// What the queue's search looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Search {
    /// Digits of an identity number.
    Digits(String),
    /// A part of a name, in lower case.
    Name(String),
}
const SORT_FIELD: &str = "sort";
const PAGE_FIELD: &str = "page";

/// What the list is sorted by: a column, and its direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sort {
    /// The default: overdue first, then by due date (the store's order).
    Due,
    Person,
    Task,
    Assignee,
}

impl Sort {
    const ALL: [Sort; 4] = [Sort::Due, Sort::Person, Sort::Task, Sort::Assignee];

    fn as_str(self) -> &'static str {
        match self {
            Sort::Due => "due",
            Sort::Person => "person",
            Sort::Task => "task",
            Sort::Assignee => "assignee",
        }
    }
}

fn urgency_value(urgency: TaskUrgency) -> &'static str {
    match urgency {
        TaskUrgency::Overdue => "overdue",
        TaskUrgency::DueSoon => "due_soon",
        TaskUrgency::Upcoming => "upcoming",
    }
}

const URGENCIES: [TaskUrgency; 3] = [
    TaskUrgency::Overdue,
    TaskUrgency::DueSoon,
    TaskUrgency::Upcoming,
];

/// The filter as typed, and what it means.
struct Filter {
    kind_text: String,
    kind: Result<Option<TaskKind>, ()>,
    due_text: String,
    due_within_days: Result<Option<u32>, ()>,
    /// Only the tasks the caseworker has taken.
    mine: bool,
    /// Overdue, due soon or later (the summary's cards link to these).
    urgency: Option<TaskUrgency>,
    /// An identity number (or a part of one) or a name, as typed. Only
    /// ever posted (`POST /benken`): an identity number in a link would
    /// land in browsers' histories and proxies' logs.
    search_text: String,
    /// What to look for; an error when it is too long to be either.
    search: Result<Option<Search>, ()>,
    sort: Sort,
    descending: bool,
    /// From 1.
    page: usize,
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
        let search_text = value_of(SEARCH_FIELD);
        let search = if search_text.is_empty() {
            Ok(None)
        } else if search_text.chars().count() > MAX_SEARCH_CHARS {
            Err(())
        } else if search_text
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace())
        {
            Ok(Some(Search::Digits(
                search_text.chars().filter(char::is_ascii_digit).collect(),
            )))
        } else {
            Ok(Some(Search::Name(search_text.to_lowercase())))
        };
        let sort_text = value_of(SORT_FIELD);
        let (sort_name, descending) = match sort_text.strip_prefix('-') {
            Some(name) => (name, true),
            None => (sort_text.as_str(), false),
        };
        Filter {
            kind_text,
            kind,
            due_text,
            due_within_days,
            mine: value_of(MINE_FIELD) == "1",
            urgency: URGENCIES
                .into_iter()
                .find(|urgency| urgency_value(*urgency) == value_of(URGENCY_FIELD)),
            search_text,
            search,
            sort: Sort::ALL
                .into_iter()
                .find(|sort| sort.as_str() == sort_name)
                .unwrap_or(Sort::Due),
            descending,
            page: value_of(PAGE_FIELD)
                .parse::<usize>()
                .ok()
                .filter(|page| *page >= 1)
                .unwrap_or(1),
        }
    }

    fn is_valid(&self) -> bool {
        self.kind.is_ok() && self.due_within_days.is_ok() && self.search.is_ok()
    }

    fn search(&self) -> Option<&Search> {
        self.search.as_ref().ok().and_then(Option::as_ref)
    }

    /// Leaves the search out: a search is only ever posted.
    fn without_search(mut self) -> Filter {
        self.search_text.clear();
        self.search = Ok(None);
        self
    }

    /// Whether a task passes the filter (its invalid parts filter nothing).
    fn keeps(
        &self,
        queued: &QueuedTask,
        today: chrono::NaiveDate,
        me: &str,
        labels: &Labels,
    ) -> bool {
        self.kind().is_none_or(|kind| queued.task.kind == kind)
            && self
                .due_within_days()
                .is_none_or(|days| queued.task.due <= today + chrono::Days::new(u64::from(days)))
            && (!self.mine || queued.assignee.as_deref() == Some(me))
            && self.urgency.is_none_or(|urgency| queued.urgency == urgency)
            && self.search().is_none_or(|search| match search {
                Search::Digits(digits) => queued.person.to_string().contains(digits.as_str()),
                Search::Name(name) => labels
                    .name(&queued.person)
                    .is_some_and(|known| known.full().to_lowercase().contains(name.as_str())),
            })
    }

    /// The query of this filter with some parameters replaced (for links:
    /// a sorted column, another page), each kept as typed.
    fn query_with(&self, changes: &[(&str, String)]) -> String {
        let mut pairs: Vec<(&str, String)> = vec![
            (KIND_FIELD, self.kind_text.clone()),
            (DUE_FIELD, self.due_text.clone()),
            (
                MINE_FIELD,
                if self.mine {
                    "1".to_owned()
                } else {
                    String::new()
                },
            ),
            (
                URGENCY_FIELD,
                self.urgency
                    .map(urgency_value)
                    .unwrap_or_default()
                    .to_owned(),
            ),
            (SORT_FIELD, self.sort_param()),
        ];
        for (name, value) in changes {
            match pairs.iter_mut().find(|(key, _)| key == name) {
                Some(pair) => pair.1.clone_from(value),
                None => pairs.push((name, value.clone())),
            }
        }
        pairs.retain(|(_, value)| !value.is_empty());
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if query.is_empty() {
            paths::QUEUE.to_owned()
        } else {
            format!("{}?{query}", paths::QUEUE)
        }
    }

    fn sort_param(&self) -> String {
        match (self.sort, self.descending) {
            (Sort::Due, false) => String::new(),
            (sort, false) => sort.as_str().to_owned(),
            (sort, true) => format!("-{}", sort.as_str()),
        }
    }

    /// The valid parts: an invalid field filters nothing.
    fn kind(&self) -> Option<TaskKind> {
        self.kind.ok().flatten()
    }

    fn due_within_days(&self) -> Option<u32> {
        self.due_within_days.ok().flatten()
    }
}

/// A number in the summary, linking to the list it counts when it can.
struct Count {
    label: String,
    number: usize,
    class: &'static str,
    href: Option<String>,
    /// The list is filtered to this count now.
    current: bool,
}

/// A column heading that sorts the list by it.
struct Column {
    label: &'static str,
    href: String,
    /// `aria-sort` of the column the list is sorted by.
    sorted: Option<&'static str>,
}

/// The pages of the list.
struct Pagination {
    text: String,
    previous: Option<String>,
    next: Option<String>,
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
    csrf_token: String,
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
    search_value: String,
    search_error: Option<&'static str>,
    /// Kept through the filter form: the card chosen and the sort.
    urgency_value: &'static str,
    sort_value: String,
    /// The filters in use, in words, and the link that removes them all.
    active_filters: Vec<String>,
    clear_href: &'static str,
    showing: String,
    columns: Vec<Column>,
    pagination: Option<Pagination>,
    empty: Option<&'static str>,
    rows: Vec<Row>,
}

impl QueueTemplate {
    fn has_errors(&self) -> bool {
        self.kind_error.is_some() || self.due_error.is_some() || self.search_error.is_some()
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

fn row(t: &Texts, page: &Page, queued: &QueuedTask, labels: &Labels) -> Row {
    let (urgency_class, urgency) = urgency_words(t, queued.urgency);
    Row {
        person_href: labels.href(&queued.person),
        fnr: labels.person(t, &queued.person),
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

/// `GET /benken[?kind=…&due_within_days=…]`: a search in the address is
/// left out (searches are posted).
pub async fn page<S: Host>(
    page: Page,
    State(host): State<S>,
    RawQuery(query): RawQuery,
) -> Result<Response, Exit> {
    show(page, host, Filter::parse(query.as_deref()).without_search()).await
}

/// `POST /benken`: the same filter with a search by identity number or
/// name, posted so the number stays out of the address. Shown at once:
/// the links on it (sorting, pages) leave the search out.
pub async fn search<S: Host>(
    page: Page,
    State(host): State<S>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let fields: Vec<&(String, String)> = posted
        .iter()
        .filter(|(key, _)| key != "csrf_token")
        .collect();
    let query = serde_urlencoded::to_string(&fields).unwrap_or_default();
    show(page, host, Filter::parse(Some(&query))).await
}

async fn show<S: Host>(page: Page, host: S, filter: Filter) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Queue)?;
    let t = page.t;
    let mut template = QueueTemplate {
        frame: page.frame(t.queue.title),
        t,
        csrf_token: viewer.csrf_token.clone(),
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
        search_value: filter.search_text.clone(),
        search_error: filter.search.is_err().then_some(t.queue.search_error),
        urgency_value: filter.urgency.map(urgency_value).unwrap_or_default(),
        sort_value: filter.sort_param(),
        active_filters: Vec::new(),
        clear_href: paths::QUEUE,
        showing: String::new(),
        columns: Vec::new(),
        pagination: None,
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
    template.heading = fill(t.queue.heading, &[("unit", &crate::names::office(unit))]);

    let everything = TaskQuery {
        today: page.today,
        kind: None,
        due_within_days: None,
        open_only: true,
        assigned_to_me: false,
        limit: COUNT_LIMIT,
    };
    let all = host
        .store()
        .list_tasks(&viewer.actor, &everything, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let labels = crate::names::labels(
        &page,
        &host,
        &viewer.actor,
        all.iter().map(|queued| queued.person),
    )
    .await?;
    // One read: the office's open tasks are few enough to filter, sort and
    // page here, and the counts above the list are of all of them.
    let mut listed: Vec<&QueuedTask> = all
        .iter()
        .filter(|queued| filter.keeps(queued, page.today, &viewer.actor.username, &labels))
        .collect();
    sort(&mut listed, filter.sort, filter.descending, t, &labels);

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
        href: Some(filter.query_with(&[
            (URGENCY_FIELD, urgency_value(urgency).to_owned()),
            (PAGE_FIELD, String::new()),
        ])),
        current: filter.urgency == Some(urgency),
    })
    .collect();
    template.by_kind = nav_kinds()
        .map(|kind| Count {
            label: task_kind_name(t, kind).to_owned(),
            number: all.iter().filter(|task| task.task.kind == kind).count(),
            class: "count--kind",
            href: Some(filter.query_with(&[
                (KIND_FIELD, kind.as_str().to_owned()),
                (PAGE_FIELD, String::new()),
            ])),
            current: filter.kind() == Some(kind),
        })
        .collect();
    template.active_filters = active_filters(t, &filter);
    template.columns = columns(t, &filter);

    let pages = listed.len().div_ceil(PAGE_SIZE).max(1);
    let current = filter.page.min(pages);
    let first = (current - 1) * PAGE_SIZE;
    let on_page: Vec<&QueuedTask> = listed.iter().skip(first).take(PAGE_SIZE).copied().collect();
    template.showing = if on_page.is_empty() {
        fill(t.queue.showing, &[("shown", &0), ("total", &all.len())])
    } else {
        fill(
            t.queue.showing_range,
            &[
                ("from", &(first + 1)),
                ("to", &(first + on_page.len())),
                ("shown", &listed.len()),
                ("total", &all.len()),
            ],
        )
    };
    if pages > 1 {
        let page_href = |number: usize| {
            filter.query_with(&[(PAGE_FIELD, number.to_string())]) + "#tasks-heading"
        };
        template.pagination = Some(Pagination {
            text: fill(t.queue.page_of, &[("page", &current), ("pages", &pages)]),
            previous: (current > 1).then(|| page_href(current - 1)),
            next: (current < pages).then(|| page_href(current + 1)),
        });
    }
    if all.is_empty() {
        template.empty = Some(t.queue.empty);
    } else if listed.is_empty() {
        template.empty = Some(t.queue.empty_filtered);
    }
    template.rows = on_page
        .into_iter()
        .map(|queued| row(t, &page, queued, &labels))
        .collect();
    Ok(render(&template, status))
}

/// Sorts the list; ties keep the store's order (overdue first, by due date).
fn sort(listed: &mut [&QueuedTask], by: Sort, descending: bool, t: &Texts, labels: &Labels) {
    match by {
        Sort::Due => {}
        // By family name, then given name; persons without a name last.
        Sort::Person => listed.sort_by_key(|queued| match labels.name(&queued.person) {
            Some(name) => (
                false,
                name.family.clone(),
                name.given.clone(),
                queued.person,
            ),
            None => (true, String::new(), String::new(), queued.person),
        }),
        Sort::Task => listed.sort_by_key(|queued| task_kind_name(t, queued.task.kind)),
        // Tasks nobody has taken last.
        Sort::Assignee => listed.sort_by_key(|queued| {
            (
                queued.assignee.is_none(),
                queued.assignee.clone().unwrap_or_default(),
            )
        }),
    }
    if descending {
        listed.reverse();
    }
}

/// The filters in use, in words.
fn active_filters(t: &Texts, filter: &Filter) -> Vec<String> {
    let q = &t.queue;
    let mut active = Vec::new();
    if let Some(urgency) = filter.urgency {
        active.push(urgency_words(t, urgency).1.to_owned());
    }
    if let Some(kind) = filter.kind() {
        active.push(task_kind_name(t, kind).to_owned());
    }
    if let Some(days) = filter.due_within_days() {
        active.push(fill(q.active_due_within, &[("days", &days)]));
    }
    if filter.mine {
        active.push(q.mine_label.to_owned());
    }
    if filter.search().is_some() {
        active.push(fill(q.active_search, &[("search", &filter.search_text)]));
    }
    active
}

/// The column headings, each a link that sorts by it (again: the other way).
fn columns(t: &Texts, filter: &Filter) -> Vec<Column> {
    let q = &t.queue;
    [
        (Sort::Person, q.column_person),
        (Sort::Task, q.column_task),
        (Sort::Due, q.column_due),
        (Sort::Assignee, q.column_assignee),
    ]
    .into_iter()
    .map(|(sort, label)| {
        let current = filter.sort == sort;
        let descending = current && !filter.descending;
        let value = match (sort, descending) {
            (Sort::Due, false) => String::new(),
            (sort, false) => sort.as_str().to_owned(),
            (sort, true) => format!("-{}", sort.as_str()),
        };
        Column {
            label,
            href: filter.query_with(&[(SORT_FIELD, value), (PAGE_FIELD, String::new())])
                + "#tasks-heading",
            sorted: current.then_some(if filter.descending {
                "descending"
            } else {
                "ascending"
            }),
        }
    })
    .collect()
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
        assert!(active_filters(&crate::texts::NB, &filter).is_empty());

        assert!(active_filters(&crate::texts::NB, &Filter::parse(None)).is_empty());
        assert!(Filter::parse(Some("due_within_days=3661"))
            .due_within_days
            .is_err());
    }

    #[test]
    fn links_keep_the_filter_and_change_only_what_they_say() {
        let filter = Filter::parse(Some(
            "kind=activity_requirement&q=1543+85&sort=-person&page=3",
        ));
        assert_eq!(filter.search(), Some(&Search::Digits("154385".to_owned())));
        assert_eq!(filter.sort, Sort::Person);
        assert!(filter.descending);
        assert_eq!(filter.page, 3);
        // A link never carries the search: it may be an identity number.
        assert_eq!(
            filter.query_with(&[(PAGE_FIELD, "4".to_owned())]),
            "/benken?kind=activity_requirement&sort=-person&page=4"
        );
        assert_eq!(
            filter.query_with(&[(SORT_FIELD, String::new()), (PAGE_FIELD, String::new())]),
            "/benken?kind=activity_requirement"
        );
        assert_eq!(
            Filter::parse(Some("q=Kari+N")).search(),
            Some(&Search::Name("kari n".to_owned()))
        );
        assert!(Filter::parse(Some(&format!("q={}", "a".repeat(101))))
            .search
            .is_err());
        assert_eq!(
            Filter::parse(Some("q=154385")).without_search().search(),
            None
        );
        assert_eq!(Filter::parse(Some("page=0")).page, 1);
        assert_eq!(Filter::parse(Some("sort=nonsense")).sort, Sort::Due);
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
