//! "Min sykmelding", `GET /min-sykmelding`: the sick-listed worker's own
//! page, in plain language. Where they are in the timeline, what happens
//! next and who does it, what the grade means, the maximum date and what
//! comes after it (AAP), and the way to "who can see me" (consents and who
//! has looked at their data, `who_sees_me`).
//!
//! The data is the worker's own: the store's `read_person` (audited), and
//! the follow-up engine run on their documents with today's date. No diagnosis is shown here; the page does not need it.

use std::collections::HashSet;

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;
use tilbake_domain::access::policy::PageKind;
use tilbake_domain::access::{AuditAction, Role};
use tilbake_domain::document::{followup_input, Document, DocumentBody};
use tilbake_domain::followup::{
    compute_followup, Event, FollowupCase, MilestoneKind, BENEFIT_RULES,
};
use tilbake_domain::tasks::{TaskState, TASK_RULES};
use tilbake_store::{PersonRecord, StoreError};

use crate::format::{date_long, days_from_today};
use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::texts::{fill, Texts};
use crate::words::{end_of_week, milestone_words};

/// The purpose recorded in the audit log when the page reads the follow-up.
const PURPOSE: &str = "the worker's own page (min sykmelding)";

#[derive(Template)]
#[template(path = "my_sick_leave.html")]
struct MySickLeaveTemplate {
    frame: Frame,
    t: &'static Texts,
    /// `None`: no sick leave registered (or none that the engine could use).
    case: Option<CaseView>,
    /// Shown instead of the case when the follow-up could not be computed.
    not_computable: bool,
    who_sees_me_href: &'static str,
    guidance_href: &'static str,
    /// Who suggested career guidance, and when.
    guidance_suggested: Vec<String>,
    /// Plans to read and invitations to answer, each a sentence.
    to_do: Vec<String>,
    to_do_href: String,
}

/// The current (or latest) follow-up case, in words.
struct CaseView {
    /// "Where am I now?": one to three sentences.
    now: Vec<String>,
    grade: Vec<String>,
    timeline: Vec<TimelineItem>,
    max_date: Option<MaxDateView>,
    after_notice: String,
}

struct MaxDateView {
    date: String,
    rule: String,
}

/// One step of the timeline, or the "you are here" marker.
struct TimelineItem {
    here: bool,
    title: String,
    date: String,
    date_iso: String,
    distance: String,
    what: String,
    who: String,
    note: Option<&'static str>,
    status: &'static str,
    status_class: &'static str,
}

/// `GET /min-sykmelding`.
pub async fn page<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MySickLeave)?;
    let t = page.t;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let store = host.store();
    let record = match store
        .read_person(
            &viewer.actor,
            &fnr,
            AuditAction::ReadFollowup,
            PURPOSE,
            page.today,
            page.now,
        )
        .await
    {
        Ok(record) => Some(record),
        // No documents yet: the person is not known to the store.
        Err(StoreError::NotFound) => None,
        Err(error) => return Err(page.store_error(error).into()),
    };
    let guidance_suggested = store
        .guidance_suggestions(&viewer.actor, &fnr, page.today)
        .await
        .map_err(|error| page.store_error(error))?
        .into_iter()
        .filter_map(|(role, at)| {
            let text = match role {
                Role::Caseworker => t.guidance.suggested_by_caseworker,
                Role::Gp => t.guidance.suggested_by_gp,
                Role::Manager => t.guidance.suggested_by_manager,
                _ => return None,
            };
            Some(fill(text, &[("date", &crate::format::date_of(t, at))]))
        })
        .collect();

    let mut not_computable = false;
    let case = record.as_ref().and_then(|record| {
        let documents: Vec<&Document> = record
            .documents
            .iter()
            .map(|stored| &stored.document)
            .collect();
        let input = followup_input(
            documents.iter().copied(),
            fnr.birth_date(),
            Some(page.today),
        );
        match compute_followup(&input) {
            Ok(followup) => current_case(&followup.cases, page.today)
                .map(|case| case_view(t, page.today, case, &documents, record)),
            Err(error) => {
                tracing::warn!(
                    field = error.field(),
                    "the worker's follow-up could not be computed"
                );
                not_computable = true;
                None
            }
        }
    });

    let to_do = record
        .as_ref()
        .map(|record| to_do(t, record))
        .unwrap_or_default();

    Ok(render(
        &MySickLeaveTemplate {
            frame: page.frame(t.my_sick_leave.heading),
            t,
            case,
            not_computable,
            who_sees_me_href: crate::paths::WHO_SEES_ME,
            guidance_href: crate::paths::MY_GUIDANCE,
            guidance_suggested,
            to_do,
            to_do_href: crate::paths::MY_CASEWORK.to_owned(),
        },
        StatusCode::OK,
    ))
}

/// What waits for the worker: a plan version not answered yet, and
/// invitations they have not answered.
fn to_do(t: &Texts, record: &tilbake_store::PersonRecord) -> Vec<String> {
    use tilbake_domain::casework::{invitations, plan_versions, Participant};
    // The documents as the store gave them, borrowed.
    let documents: Vec<&Document> = record.documents.iter().map(|s| &s.document).collect();
    let mut lines = Vec::new();
    if let Some(latest) = plan_versions(documents.iter().copied()).last() {
        if latest.responses.is_empty() {
            lines.push(t.casework.my_todo_plan.to_owned());
        }
    }
    for state in invitations(documents.iter().copied()) {
        if state.stands()
            && state.invitation.participants.contains(&Participant::Worker)
            && state.answer_of(Participant::Worker).is_none()
        {
            lines.push(fill(
                t.casework.my_todo_invitation,
                &[
                    (
                        "meeting",
                        &crate::casework::meeting_in_sentence(t, state.invitation.meeting),
                    ),
                    (
                        "date",
                        &crate::format::date_long(t, state.invitation.at.date()),
                    ),
                ],
            ));
        }
    }
    lines
}

/// The case the person is in today, else the latest one that has started,
/// else the first (it starts later).
fn current_case(cases: &[FollowupCase], today: NaiveDate) -> Option<&FollowupCase> {
    cases
        .iter()
        .rev()
        .find(|case| case.start <= today)
        .or_else(|| cases.first())
}

/// The grade of the certificate that applies today, or of the last one in
/// the case: certificates withdrawn or replaced by a correction count for
/// nothing; self-certification counts as 100 %.
fn grade_in_case(documents: &[&Document], case: &FollowupCase, today: NaiveDate) -> Option<u8> {
    let events = documents
        .iter()
        .filter_map(|document| match &document.body {
            DocumentBody::Followup(event) => Some(event),
            DocumentBody::Casework(_) | DocumentBody::Register(_) => None,
        });
    let mut withdrawn: HashSet<&str> = HashSet::new();
    for event in events.clone() {
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
    let periods: Vec<(NaiveDate, NaiveDate, u8)> = events
        .filter_map(|event| match event {
            Event::SickLeave(sick_leave) if !withdrawn.contains(sick_leave.id.as_str()) => Some((
                sick_leave.period.from(),
                sick_leave.period.to(),
                sick_leave.grade.percent(),
            )),
            Event::SelfCertified(period) => Some((period.from(), period.to(), 100)),
            _ => None,
        })
        .filter(|(from, to, _)| *to >= case.start && *from <= case.end)
        .collect();
    periods
        .iter()
        .find(|(from, to, _)| *from <= today && today <= *to)
        .or_else(|| periods.iter().max_by_key(|(_, to, _)| *to))
        .map(|(_, _, grade)| *grade)
}

fn case_view(
    t: &Texts,
    today: NaiveDate,
    case: &FollowupCase,
    documents: &[&Document],
    record: &PersonRecord,
) -> CaseView {
    let texts = &t.my_sick_leave;
    let ongoing = case.start <= today && today <= case.end;
    let week = (today - case.start).num_days().max(0) / 7 + 1;

    let now = if today < case.start {
        vec![fill(texts.starts, &[("date", &date_long(t, case.start))])]
    } else if ongoing {
        vec![
            fill(texts.since, &[("date", &date_long(t, case.start))]),
            fill(texts.week, &[("week", &week)]),
            fill(texts.lasts_until, &[("date", &date_long(t, case.end))]),
        ]
    } else {
        vec![
            fill(
                texts.ended,
                &[
                    ("start", &date_long(t, case.start)),
                    ("end", &date_long(t, case.end)),
                ],
            ),
            fill(texts.ended_gap, &[("days", &BENEFIT_RULES.case_gap_days)]),
        ]
    };

    let mut grade = Vec::new();
    if let Some(percent) = grade_in_case(documents, case, today) {
        let rest = 100 - percent;
        let sentence = match (today <= case.end, percent) {
            (true, 100) => texts.grade_full.to_owned(),
            (true, _) => fill(texts.grade_partial, &[("grade", &percent), ("rest", &rest)]),
            (false, 100) => texts.grade_last_full.to_owned(),
            (false, _) => fill(
                texts.grade_last_partial,
                &[("grade", &percent), ("rest", &rest)],
            ),
        };
        grade.push(sentence);
        grade.push(texts.grade_not_hours.to_owned());
    }

    let timeline = timeline(t, today, case, week, record);
    let max_date = case
        .milestone(MilestoneKind::MaxDate)
        .map(|milestone| MaxDateView {
            date: fill(
                if milestone.reached {
                    texts.max_date
                } else {
                    texts.max_date_if_extended
                },
                &[("date", &date_long(t, milestone.date))],
            ),
            rule: fill(texts.max_rule, &[("days", &BENEFIT_RULES.benefit_days)]),
        });
    CaseView {
        now,
        grade,
        timeline,
        max_date,
        after_notice: fill(
            texts.after_notice,
            &[("week", &end_of_week(MilestoneKind::BenefitEndNotice))],
        ),
    }
}

/// The milestones of the case in date order, each with its state, and the
/// "you are here" marker before the first that lies ahead.
fn timeline(
    t: &Texts,
    today: NaiveDate,
    case: &FollowupCase,
    week: i64,
    record: &PersonRecord,
) -> Vec<TimelineItem> {
    let texts = &t.my_sick_leave;
    let task_state = |kind: MilestoneKind| {
        let (_, task_kind) = TASK_RULES
            .iter()
            .find(|(milestone, _)| *milestone == kind)?;
        record
            .tasks
            .iter()
            .find(|task| task.kind == *task_kind && task.case_start == case.start)
            .map(|task| task.state)
    };
    let mut milestones: Vec<_> = case.milestones.iter().collect();
    milestones.sort_by_key(|milestone| (milestone.date, milestone.kind));

    let mut items = Vec::new();
    let mut marker_placed = false;
    let mut next_given = false;
    for milestone in milestones {
        if !marker_placed && milestone.date >= today && today >= case.start {
            items.push(TimelineItem {
                here: true,
                title: texts.you_are_here.to_owned(),
                date: fill(
                    texts.you_are_here_detail,
                    &[("week", &week), ("date", &date_long(t, today))],
                ),
                date_iso: today.format("%Y-%m-%d").to_string(),
                distance: String::new(),
                what: String::new(),
                who: String::new(),
                note: None,
                status: "",
                status_class: "",
            });
            marker_placed = true;
        }
        let words = milestone_words(t, milestone.kind);
        let fill_numbers =
            |text: &str| fill(text, &[("days", &BENEFIT_RULES.employer_period_days)]);
        let (status, status_class, note) = match task_state(milestone.kind) {
            Some(TaskState::Done) => (texts.status_done, "step--done", None),
            Some(TaskState::NotNeeded) => (texts.status_not_needed, "step--done", None),
            _ if milestone.date < today => (texts.status_passed, "step--passed", None),
            _ if !milestone.reached => (texts.status_if_extended, "step--maybe", None),
            _ if !milestone.required && milestone.kind == MilestoneKind::DialogueMeeting1 => (
                texts.status_not_required,
                "step--maybe",
                Some(texts.meeting_1_not_required),
            ),
            _ if !next_given => {
                next_given = true;
                (texts.status_next, "step--next", None)
            }
            _ => (texts.status_later, "step--later", None),
        };
        items.push(TimelineItem {
            here: false,
            title: words.title.to_owned(),
            date: date_long(t, milestone.date),
            date_iso: milestone.date.format("%Y-%m-%d").to_string(),
            distance: days_from_today(t, (milestone.date - today).num_days()),
            what: fill_numbers(words.what),
            who: fill_numbers(words.who),
            note,
            status,
            status_class,
        });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use tilbake_domain::followup::{DateRange, FollowupInput, Grade, SickLeave};
    use tilbake_domain::identity::Fnr;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn certificate(id: &str, from: &str, to: &str, grade: i64, corrects: Option<&str>) -> Document {
        Document {
            person: Fnr::parse("15438510092").unwrap(),
            id: id.to_owned(),
            unit: None,
            body: DocumentBody::Followup(Event::SickLeave(SickLeave {
                id: id.to_owned(),
                period: DateRange::new(date(from), date(to)).unwrap(),
                grade: Grade::new(grade).unwrap(),
                employer: None,
                corrects: corrects.map(str::to_owned),
            })),
            diagnosis: None,
            gp: None,
        }
    }

    #[test]
    fn the_grade_is_todays_certificate_and_a_correction_replaces_the_original() {
        let documents = [
            certificate("a", "2024-01-01", "2024-01-31", 100, None),
            certificate("b", "2024-02-01", "2024-03-31", 60, None),
            certificate("c", "2024-02-01", "2024-03-31", 40, Some("b")),
        ];
        let documents: Vec<&Document> = documents.iter().collect();
        let input = FollowupInput {
            events: documents
                .iter()
                .filter_map(|document| match &document.body {
                    DocumentBody::Followup(event) => Some(event.clone()),
                    DocumentBody::Casework(_) | DocumentBody::Register(_) => None,
                })
                .collect(),
            ..FollowupInput::default()
        };
        let followup = compute_followup(&input).unwrap();
        let case = &followup.cases[0];
        assert_eq!(
            grade_in_case(&documents, case, date("2024-01-15")),
            Some(100)
        );
        assert_eq!(
            grade_in_case(&documents, case, date("2024-02-15")),
            Some(40)
        );
        assert_eq!(
            grade_in_case(&documents, case, date("2024-06-01")),
            Some(40)
        );
    }

    #[test]
    fn the_current_case_is_the_latest_that_has_started() {
        let documents = [
            certificate("a", "2023-01-01", "2023-01-31", 100, None),
            certificate("b", "2024-01-01", "2024-01-31", 100, None),
        ];
        let input = followup_input(documents.iter(), None, None);
        let followup = compute_followup(&input).unwrap();
        assert_eq!(
            current_case(&followup.cases, date("2024-01-10")).map(|case| case.start),
            Some(date("2024-01-01"))
        );
        assert_eq!(
            current_case(&followup.cases, date("2022-01-10")).map(|case| case.start),
            Some(date("2023-01-01"))
        );
    }
}
