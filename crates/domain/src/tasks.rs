//! Work queues (benken): the tasks a follow-up case gives each party, derived
//! from the case's milestones, the case-work documents that close them, and
//! the decisions people record on them.
//!
//! Tasks are a pure function of stored documents and decisions, so the store
//! can recompute them at any time and they are never the only copy of
//! anything. Due-ness against a date is [`TaskUrgency::of`].

use crate::casework::CaseworkDocument;
use chrono::NaiveDate;

use crate::casework::Participant;
use crate::document::{Document, DocumentBody, MeetingNumber};
use crate::early::{session_window, SessionNumber};
use crate::followup::{Followup, MilestoneKind, Party, BENEFIT_RULES};

/// The kinds of task, each tied to a milestone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaskKind {
    /// Manager: make the follow-up plan with the worker (aml § 4-6 (3)).
    FollowUpPlan,
    /// Manager: hold dialogue meeting 1 (aml § 4-6 (4)).
    DialogueMeeting1,
    /// Caseworker: assess the activity requirement (ftrl § 8-8).
    ActivityRequirement,
    /// Caseworker: start preparing dialogue meeting 2 (day 120).
    PrepareDialogueMeeting2,
    /// Caseworker: hold dialogue meeting 2 (ftrl § 8-7 a).
    DialogueMeeting2,
    /// Caseworker: inform about the end of sickness benefit (ftrl § 8-12).
    BenefitEndNotice,
    /// Manager: what the minutes of a meeting gave the employer to do.
    EmployerAgreement,
    /// Caseworker: what the minutes of a meeting gave NAV to do.
    NavAgreement,
    /// Caseworker: a party asked for dialogue meeting 2 early or meeting 3.
    RequestedMeeting,
    /// Caseworker: hold early session 1 in week 14, where the unit has
    /// early sessions on.
    EarlySession1,
    /// Caseworker: hold early session 2 in week 16, where the unit has
    /// early sessions on.
    EarlySession2,
}

/// Which milestone gives which task: the work-queue rules as data.
pub const TASK_RULES: [(MilestoneKind, TaskKind); 6] = [
    (MilestoneKind::FollowUpPlan, TaskKind::FollowUpPlan),
    (MilestoneKind::DialogueMeeting1, TaskKind::DialogueMeeting1),
    (
        MilestoneKind::ActivityRequirement,
        TaskKind::ActivityRequirement,
    ),
    (
        MilestoneKind::DialogueMeeting2Planning,
        TaskKind::PrepareDialogueMeeting2,
    ),
    (MilestoneKind::DialogueMeeting2, TaskKind::DialogueMeeting2),
    (MilestoneKind::BenefitEndNotice, TaskKind::BenefitEndNotice),
];

impl TaskKind {
    pub const ALL: [TaskKind; 11] = [
        TaskKind::FollowUpPlan,
        TaskKind::DialogueMeeting1,
        TaskKind::ActivityRequirement,
        TaskKind::PrepareDialogueMeeting2,
        TaskKind::DialogueMeeting2,
        TaskKind::BenefitEndNotice,
        TaskKind::EmployerAgreement,
        TaskKind::NavAgreement,
        TaskKind::RequestedMeeting,
        TaskKind::EarlySession1,
        TaskKind::EarlySession2,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TaskKind::FollowUpPlan => "follow_up_plan",
            TaskKind::DialogueMeeting1 => "dialogue_meeting_1",
            TaskKind::ActivityRequirement => "activity_requirement",
            TaskKind::PrepareDialogueMeeting2 => "prepare_dialogue_meeting_2",
            TaskKind::DialogueMeeting2 => "dialogue_meeting_2",
            TaskKind::BenefitEndNotice => "benefit_end_notice",
            TaskKind::EmployerAgreement => "employer_agreement",
            TaskKind::NavAgreement => "nav_agreement",
            TaskKind::RequestedMeeting => "requested_meeting",
            TaskKind::EarlySession1 => "early_session_1",
            TaskKind::EarlySession2 => "early_session_2",
        }
    }

    pub fn parse(text: &str) -> Option<TaskKind> {
        TaskKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }

    /// The party whose queue the task is in.
    pub fn owner(self) -> Party {
        match self {
            TaskKind::EmployerAgreement => Party::Employer,
            TaskKind::NavAgreement
            | TaskKind::RequestedMeeting
            | TaskKind::EarlySession1
            | TaskKind::EarlySession2 => Party::Nav,
            milestone_task => milestone_task
                .milestone()
                .map_or(Party::Nav, |milestone| milestone.rule().responsible),
        }
    }

    /// The milestone that gives the task, for tasks that come from the
    /// statutory calendar (not for agreements and requests).
    pub fn milestone(self) -> Option<MilestoneKind> {
        TASK_RULES
            .iter()
            .find(|(_, kind)| *kind == self)
            .map(|(milestone, _)| *milestone)
    }

    /// Whether a person may close the task by marking it done or not
    /// needed. The activity requirement is closed only by its assessment
    /// (`activity_assessed`: met, an exemption with its reason, or not met),
    /// so that every closed requirement says how it was met and the
    /// statistics can count its outcome.
    pub fn closed_by_decision(self) -> bool {
        self != TaskKind::ActivityRequirement
    }

    /// The early session a task is for.
    pub fn early_session(self) -> Option<SessionNumber> {
        match self {
            TaskKind::EarlySession1 => Some(SessionNumber::One),
            TaskKind::EarlySession2 => Some(SessionNumber::Two),
            _ => None,
        }
    }
}

/// What a person's NAV office has chosen that changes the tasks derived.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TaskSettings {
    /// The unit holds early sessions in weeks 14 and 16 ([`crate::early`]).
    pub early_sessions: bool,
}

/// Where a task stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskState {
    Open,
    /// Done: by a case-work document or marked done by a person.
    Done,
    /// Marked not needed, with a reason.
    NotNeeded,
}

impl TaskState {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Open => "open",
            TaskState::Done => "done",
            TaskState::NotNeeded => "not_needed",
        }
    }

    pub fn parse(text: &str) -> Option<TaskState> {
        [TaskState::Open, TaskState::Done, TaskState::NotNeeded]
            .into_iter()
            .find(|state| state.as_str() == text)
    }
}

/// What a person decided about a task (stored, append-only; the latest counts).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskDecision {
    pub task_id: String,
    /// `Done` or `NotNeeded`.
    pub state: TaskState,
    pub reason: String,
}

/// A task as derived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// Stable across recomputation: the case start and the kind.
    pub id: String,
    pub case_start: NaiveDate,
    pub kind: TaskKind,
    pub owner: Party,
    pub due: NaiveDate,
    pub state: TaskState,
    /// Why it is closed: the closing document's kind and id, or the person's reason.
    pub closed_because: Option<String>,
}

/// Why a task closed by itself: the case ended before the task was done.
pub const SICK_LEAVE_ENDED: &str = "sick_leave_ended";

/// The last day a case is open: 16 non-sick days after its end close it
/// (ftrl § 8-19), so a certificate up to then continues the same case.
pub fn case_open_until(case_end: NaiveDate) -> NaiveDate {
    case_end
        .checked_add_days(chrono::Days::new(u64::from(BENEFIT_RULES.case_gap_days)))
        .unwrap_or(NaiveDate::MAX)
}

/// The stable id of a task.
pub fn task_id(case_start: NaiveDate, kind: TaskKind) -> String {
    format!("{}:{}", case_start.format("%Y-%m-%d"), kind.as_str())
}

/// How long NAV has to hold a meeting that a party asked for: a product
/// choice (the law names no deadline), short enough that a request is not
/// left lying.
pub const REQUESTED_MEETING_DAYS: u64 = 14;

/// The meeting a document records as held, and when: `meeting_held`, or
/// minutes (sending the minutes records the meeting).
pub fn held_meeting(body: &DocumentBody) -> Option<(MeetingNumber, NaiveDate)> {
    match body {
        DocumentBody::Casework(CaseworkDocument::MeetingHeld { meeting, date }) => {
            Some((*meeting, *date))
        }
        DocumentBody::Casework(CaseworkDocument::MeetingMinutes(minutes)) => {
            Some((minutes.meeting, minutes.date))
        }
        _ => None,
    }
}

/// The task kinds a case-work document closes.
fn closes(body: &DocumentBody) -> (&'static [TaskKind], Option<NaiveDate>) {
    if let Some((meeting, date)) = held_meeting(body) {
        let kinds: &'static [TaskKind] = match meeting {
            MeetingNumber::One => &[TaskKind::DialogueMeeting1],
            MeetingNumber::Two => &[
                TaskKind::PrepareDialogueMeeting2,
                TaskKind::DialogueMeeting2,
            ],
            MeetingNumber::Three => &[],
        };
        return (kinds, Some(date));
    }
    match body {
        DocumentBody::Casework(CaseworkDocument::PlanShared { date }) => {
            (&[TaskKind::FollowUpPlan], Some(*date))
        }
        DocumentBody::Casework(CaseworkDocument::ActivityAssessed { date, .. }) => {
            (&[TaskKind::ActivityRequirement], Some(*date))
        }
        // Calling meeting 2 is what preparing it comes to; the meeting
        // itself stays open until it is held.
        DocumentBody::Casework(CaseworkDocument::MeetingInvitation(invitation))
            if invitation.meeting == MeetingNumber::Two =>
        {
            (
                &[TaskKind::PrepareDialogueMeeting2],
                Some(invitation.at.date()),
            )
        }
        _ => (&[], None),
    }
}

/// A task's state: done by a closing document, else by the latest decision,
/// else not needed once the case has ended, else open.
fn task_state(
    id: &str,
    closing_document: Option<&Document>,
    decisions: &[TaskDecision],
    case_ended: bool,
) -> (TaskState, Option<String>) {
    let decision = decisions
        .iter()
        .rev()
        .find(|decision| decision.task_id == id);
    match (closing_document, decision) {
        (Some(document), _) => (
            TaskState::Done,
            Some(format!("{}:{}", document.kind().as_str(), document.id)),
        ),
        (None, Some(decision)) if decision.state != TaskState::Open => {
            (decision.state, Some(decision.reason.clone()))
        }
        _ if case_ended => (TaskState::NotNeeded, Some(SICK_LEAVE_ENDED.to_owned())),
        _ => (TaskState::Open, None),
    }
}

/// Derives a person's tasks: one per milestone that the sick leave known so
/// far makes required, one per agreement in meeting minutes that gives the
/// manager or NAV something to do, and one per request for a meeting;
/// closed by case work, by a recorded decision, or — when `today` is given —
/// by the sick leave having ended (the case closed before `today`).
pub fn derive_tasks(
    followup: &Followup,
    documents: &[Document],
    decisions: &[TaskDecision],
    today: Option<NaiveDate>,
) -> Vec<Task> {
    derive_tasks_with(
        followup,
        documents,
        decisions,
        today,
        TaskSettings::default(),
    )
}

/// [`derive_tasks`] for a person whose unit has chosen `settings`: with
/// early sessions on, also one task for each early session of a case whose
/// known sick leave reaches the session's week (due at the week's end,
/// [`session_window`]), done by the record of that session in the case.
pub fn derive_tasks_with(
    followup: &Followup,
    documents: &[Document],
    decisions: &[TaskDecision],
    today: Option<NaiveDate>,
    settings: TaskSettings,
) -> Vec<Task> {
    let mut tasks = Vec::new();
    // Only an invitation that stands closes anything: a cancelled one does
    // not (the meeting must be called again), a moved one through the
    // invitation that replaced it.
    let withdrawn = crate::casework::withdrawn_invitations(documents);
    let counts = |document: &&Document| {
        !(document.kind() == crate::document::DocumentKind::MeetingInvitation
            && withdrawn.contains(&document.id.as_str()))
    };
    for (case_index, case) in followup.cases.iter().enumerate() {
        let case_ended = today.is_some_and(|today| case_open_until(case.end) < today);
        // Case work belongs to the case it happens in, or before the next one starts.
        let next_start = followup.cases.get(case_index + 1).map(|next| next.start);
        let in_case =
            |date: NaiveDate| date >= case.start && next_start.is_none_or(|next| date < next);
        for (milestone_kind, kind) in TASK_RULES {
            let Some(milestone) = case.milestone(milestone_kind) else {
                continue;
            };
            if !milestone.required {
                continue;
            }
            let id = task_id(case.start, kind);
            let closing_document = documents.iter().filter(counts).find(|document| {
                let (kinds, date) = closes(&document.body);
                kinds.contains(&kind) && date.is_some_and(in_case)
            });
            let (state, closed_because) = task_state(&id, closing_document, decisions, case_ended);
            tasks.push(Task {
                id,
                case_start: case.start,
                kind,
                owner: kind.owner(),
                due: milestone.date,
                state,
                closed_because,
            });
        }
        if settings.early_sessions {
            for (session, kind) in [
                (SessionNumber::One, TaskKind::EarlySession1),
                (SessionNumber::Two, TaskKind::EarlySession2),
            ] {
                let (week_starts, due) = session_window(case.start, session);
                if case.end < week_starts {
                    continue;
                }
                let id = task_id(case.start, kind);
                let closing_document = documents.iter().find(|document| {
                    matches!(&document.body,
                        DocumentBody::Casework(CaseworkDocument::EarlySession(record))
                            if record.session == session && in_case(record.date))
                });
                let (state, closed_because) =
                    task_state(&id, closing_document, decisions, case_ended);
                tasks.push(Task {
                    id,
                    case_start: case.start,
                    kind,
                    owner: kind.owner(),
                    due,
                    state,
                    closed_because,
                });
            }
        }
        for document in documents {
            match &document.body {
                DocumentBody::Casework(CaseworkDocument::MeetingMinutes(minutes))
                    if in_case(minutes.date) =>
                {
                    for (index, agreement) in minutes.agreements.iter().enumerate() {
                        let kind = match agreement.who {
                            Participant::Manager => TaskKind::EmployerAgreement,
                            Participant::Nav => TaskKind::NavAgreement,
                            // No queue: shown on their own pages.
                            Participant::Worker | Participant::Gp => continue,
                        };
                        let id = format!(
                            "{}:{}:{}:{}",
                            case.start.format("%Y-%m-%d"),
                            kind.as_str(),
                            document.id,
                            index + 1
                        );
                        let (state, closed_because) = task_state(&id, None, decisions, case_ended);
                        tasks.push(Task {
                            id,
                            case_start: case.start,
                            kind,
                            owner: kind.owner(),
                            due: agreement.due,
                            state,
                            closed_because,
                        });
                    }
                }
                DocumentBody::Casework(CaseworkDocument::MeetingRequest(request))
                    if in_case(request.date) =>
                {
                    let kind = TaskKind::RequestedMeeting;
                    let id = format!(
                        "{}:{}:{}",
                        case.start.format("%Y-%m-%d"),
                        kind.as_str(),
                        document.id
                    );
                    // Held on or after the request, in the same case.
                    let closing_document = documents.iter().find(|held| {
                        held_meeting(&held.body).is_some_and(|(meeting, date)| {
                            meeting == request.meeting && date >= request.date && in_case(date)
                        })
                    });
                    let (state, closed_because) =
                        task_state(&id, closing_document, decisions, case_ended);
                    tasks.push(Task {
                        id,
                        case_start: case.start,
                        kind,
                        owner: kind.owner(),
                        due: request
                            .date
                            .checked_add_days(chrono::Days::new(REQUESTED_MEETING_DAYS))
                            .unwrap_or(request.date),
                        state,
                        closed_because,
                    });
                }
                _ => {}
            }
        }
    }
    tasks
}

/// How urgent an open task is on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TaskUrgency {
    /// Past its due date.
    Overdue,
    /// Due within 14 days.
    DueSoon,
    Upcoming,
}

impl TaskUrgency {
    pub fn of(due: NaiveDate, today: NaiveDate) -> TaskUrgency {
        let days_ahead = (due - today).num_days();
        if days_ahead < 0 {
            TaskUrgency::Overdue
        } else if days_ahead <= i64::from(BENEFIT_RULES.due_soon_days) {
            TaskUrgency::DueSoon
        } else {
            TaskUrgency::Upcoming
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TaskUrgency::Overdue => "overdue",
            TaskUrgency::DueSoon => "due_soon",
            TaskUrgency::Upcoming => "upcoming",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::followup::{compute_followup, DateRange, Event, FollowupInput, Grade, SickLeave};
    use crate::identity::Fnr;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn followup(from: &str, to: &str, grade: i64) -> Followup {
        compute_followup(&FollowupInput {
            events: vec![Event::SickLeave(SickLeave {
                id: "s1".to_owned(),
                period: DateRange::new(date(from), date(to)).unwrap(),
                grade: Grade::new(grade).unwrap(),
                employer: None,
                corrects: None,
            })],
            ..FollowupInput::default()
        })
        .unwrap()
    }

    fn case_work(id: &str, body: DocumentBody) -> Document {
        Document {
            person: Fnr::parse("15438510092").unwrap(),
            id: id.to_owned(),
            unit: None,
            body,
            diagnosis: None,
            gp: None,
        }
    }

    #[test]
    fn only_the_activity_requirement_is_closed_by_its_document_alone() {
        let by_document: Vec<TaskKind> = TaskKind::ALL
            .into_iter()
            .filter(|kind| !kind.closed_by_decision())
            .collect();
        assert_eq!(by_document, vec![TaskKind::ActivityRequirement]);
        // And that document exists: the assessment closes it.
        let assessed = DocumentBody::Casework(CaseworkDocument::ActivityAssessed {
            date: date("2024-02-20"),
            outcome: crate::document::ActivityOutcome::ExemptMedical,
            reason: "Innlagt".to_owned(),
        });
        assert!(closes(&assessed).0.contains(&TaskKind::ActivityRequirement));
    }

    #[test]
    fn a_long_full_sick_leave_gives_every_task_to_its_party() {
        let tasks = derive_tasks(&followup("2024-01-01", "2024-12-31", 100), &[], &[], None);
        let kinds: Vec<_> = tasks.iter().map(|task| (task.kind, task.owner)).collect();
        assert_eq!(
            kinds,
            vec![
                (TaskKind::FollowUpPlan, Party::Employer),
                (TaskKind::DialogueMeeting1, Party::Employer),
                (TaskKind::ActivityRequirement, Party::Nav),
                (TaskKind::PrepareDialogueMeeting2, Party::Nav),
                (TaskKind::DialogueMeeting2, Party::Nav),
                (TaskKind::BenefitEndNotice, Party::Nav),
            ]
        );
        assert_eq!(tasks[0].due, date("2024-01-28"));
        assert_eq!(tasks[0].id, "2024-01-01:follow_up_plan");
        assert!(tasks.iter().all(|task| task.state == TaskState::Open));
    }

    #[test]
    fn a_short_sick_leave_gives_no_tasks_and_graded_leave_no_meeting_1() {
        assert_eq!(
            derive_tasks(&followup("2024-01-01", "2024-01-20", 100), &[], &[], None),
            vec![]
        );
        let graded = derive_tasks(&followup("2024-01-01", "2024-03-31", 50), &[], &[], None);
        assert!(graded
            .iter()
            .all(|task| task.kind != TaskKind::DialogueMeeting1));
        assert!(graded
            .iter()
            .any(|task| task.kind == TaskKind::FollowUpPlan));
    }

    #[test]
    fn case_work_closes_its_tasks_and_decisions_close_the_rest() {
        let documents = [
            case_work(
                "p1",
                DocumentBody::Casework(CaseworkDocument::PlanShared {
                    date: date("2024-01-25"),
                }),
            ),
            case_work(
                "m2",
                DocumentBody::Casework(CaseworkDocument::MeetingHeld {
                    meeting: MeetingNumber::Two,
                    date: date("2024-06-01"),
                }),
            ),
        ];
        let decisions = [TaskDecision {
            task_id: "2024-01-01:benefit_end_notice".to_owned(),
            state: TaskState::NotNeeded,
            reason: "back at work".to_owned(),
        }];
        let tasks = derive_tasks(
            &followup("2024-01-01", "2024-12-31", 100),
            &documents,
            &decisions,
            None,
        );
        let state_of = |kind: TaskKind| tasks.iter().find(|task| task.kind == kind).unwrap().state;
        assert_eq!(state_of(TaskKind::FollowUpPlan), TaskState::Done);
        assert_eq!(state_of(TaskKind::PrepareDialogueMeeting2), TaskState::Done);
        assert_eq!(state_of(TaskKind::DialogueMeeting2), TaskState::Done);
        assert_eq!(state_of(TaskKind::DialogueMeeting1), TaskState::Open);
        assert_eq!(state_of(TaskKind::BenefitEndNotice), TaskState::NotNeeded);
    }

    #[test]
    fn an_invitation_to_meeting_2_closes_its_preparation_but_not_the_meeting() {
        use crate::casework::{MeetingInvitation, Participant};
        let invitation = |meeting| {
            case_work(
                "i",
                DocumentBody::Casework(CaseworkDocument::MeetingInvitation(MeetingInvitation {
                    meeting,
                    at: date("2024-06-03").and_hms_opt(10, 0, 0).unwrap(),
                    place: "NAV".to_owned(),
                    video: false,
                    participants: vec![Participant::Worker],
                    message: String::new(),
                    replaces: None,
                })),
            )
        };
        for (meeting, prepared) in [
            (MeetingNumber::Two, TaskState::Done),
            (MeetingNumber::Three, TaskState::Open),
        ] {
            let tasks = derive_tasks(
                &followup("2024-01-01", "2024-12-31", 100),
                &[invitation(meeting)],
                &[],
                None,
            );
            let state_of =
                |kind: TaskKind| tasks.iter().find(|task| task.kind == kind).unwrap().state;
            assert_eq!(state_of(TaskKind::PrepareDialogueMeeting2), prepared);
            assert_eq!(state_of(TaskKind::DialogueMeeting2), TaskState::Open);
        }
    }

    #[test]
    fn a_cancelled_invitation_to_meeting_2_reopens_its_preparation_and_a_new_one_closes_it() {
        use crate::casework::{MeetingCancellation, MeetingInvitation, Participant};
        let invitation = |id: &str, replaces: Option<&str>| {
            case_work(
                id,
                DocumentBody::Casework(CaseworkDocument::MeetingInvitation(MeetingInvitation {
                    meeting: MeetingNumber::Two,
                    at: date("2024-06-03").and_hms_opt(10, 0, 0).unwrap(),
                    place: "NAV".to_owned(),
                    video: false,
                    participants: vec![Participant::Worker],
                    message: String::new(),
                    replaces: replaces.map(str::to_owned),
                })),
            )
        };
        let cancelled = |id: &str| {
            case_work(
                "c",
                DocumentBody::Casework(CaseworkDocument::MeetingCancelled(MeetingCancellation {
                    invitation: id.to_owned(),
                    meeting: MeetingNumber::Two,
                    date: date("2024-06-01"),
                    reason: "Sykdom hos veilederen".to_owned(),
                })),
            )
        };
        let prepared = |documents: &[Document]| {
            derive_tasks(
                &followup("2024-01-01", "2024-12-31", 100),
                documents,
                &[],
                None,
            )
            .into_iter()
            .find(|task| task.kind == TaskKind::PrepareDialogueMeeting2)
            .unwrap()
            .state
        };
        assert_eq!(prepared(&[invitation("i", None)]), TaskState::Done);
        assert_eq!(
            prepared(&[invitation("i", None), cancelled("i")]),
            TaskState::Open
        );
        // Moved only: done; moved, then the new time cancelled: open again.
        assert_eq!(
            prepared(&[invitation("i", None), invitation("j", Some("i"))]),
            TaskState::Done
        );
        assert_eq!(
            prepared(&[
                invitation("i", None),
                invitation("j", Some("i")),
                cancelled("j")
            ]),
            TaskState::Open,
            "the meeting was moved, then cancelled: nothing stands"
        );
    }

    #[test]
    fn minutes_close_the_meeting_and_give_the_manager_and_nav_their_agreements() {
        use crate::casework::{Agreement, MeetingMinutes, MeetingRequest, Participant};
        let agreement = |who, due: &str| Agreement {
            who,
            what: "something".to_owned(),
            due: date(due),
        };
        let documents = [
            case_work(
                "q1",
                DocumentBody::Casework(CaseworkDocument::MeetingRequest(MeetingRequest {
                    meeting: MeetingNumber::Two,
                    date: date("2024-03-01"),
                    by: Participant::Gp,
                    reason: "early".to_owned(),
                })),
            ),
            case_work(
                "q2",
                DocumentBody::Casework(CaseworkDocument::MeetingRequest(MeetingRequest {
                    meeting: MeetingNumber::Three,
                    date: date("2024-03-01"),
                    by: Participant::Worker,
                    reason: "later".to_owned(),
                })),
            ),
            case_work(
                "mm",
                DocumentBody::Casework(CaseworkDocument::MeetingMinutes(Box::new(
                    MeetingMinutes {
                        meeting: MeetingNumber::Two,
                        date: date("2024-03-10"),
                        situation: "s".to_owned(),
                        contributions: String::new(),
                        measures: String::new(),
                        next_step: String::new(),
                        expected_return: None,
                        agreements: vec![
                            agreement(Participant::Manager, "2024-03-20"),
                            agreement(Participant::Worker, "2024-03-21"),
                            agreement(Participant::Nav, "2024-03-22"),
                        ],
                    },
                ))),
            ),
        ];
        let decisions = [TaskDecision {
            task_id: "2024-01-01:nav_agreement:mm:3".to_owned(),
            state: TaskState::Done,
            reason: "done".to_owned(),
        }];
        let tasks = derive_tasks(
            &followup("2024-01-01", "2024-12-31", 100),
            &documents,
            &decisions,
            None,
        );
        let find = |id: &str| tasks.iter().find(|task| task.id == id).unwrap();
        assert_eq!(
            find("2024-01-01:dialogue_meeting_2").state,
            TaskState::Done,
            "minutes record the meeting"
        );
        let employer = find("2024-01-01:employer_agreement:mm:1");
        assert_eq!(
            (employer.owner, employer.due, employer.state),
            (Party::Employer, date("2024-03-20"), TaskState::Open)
        );
        assert!(
            !tasks.iter().any(|task| task.id.ends_with(":mm:2")),
            "the worker has no queue"
        );
        assert_eq!(find("2024-01-01:nav_agreement:mm:3").state, TaskState::Done);
        // The request for meeting 2 is met by the minutes; meeting 3 is still asked for.
        let early = find("2024-01-01:requested_meeting:q1");
        assert_eq!((early.owner, early.state), (Party::Nav, TaskState::Done));
        let third = find("2024-01-01:requested_meeting:q2");
        assert_eq!(
            (third.due, third.state),
            (date("2024-03-15"), TaskState::Open)
        );
    }

    #[test]
    fn open_tasks_of_a_case_that_ended_before_today_close_as_sick_leave_ended() {
        let followup = followup("2024-01-01", "2024-03-31", 100);
        let documents = [case_work(
            "p1",
            DocumentBody::Casework(CaseworkDocument::PlanShared {
                date: date("2024-01-25"),
            }),
        )];
        // 16 days after 31 March the case is still open; the day after, it has ended.
        let still_open = derive_tasks(&followup, &documents, &[], Some(date("2024-04-16")));
        assert!(still_open.iter().any(|task| task.state == TaskState::Open));
        let ended = derive_tasks(&followup, &documents, &[], Some(date("2024-04-17")));
        for task in &ended {
            if task.kind == TaskKind::FollowUpPlan {
                assert_eq!(task.state, TaskState::Done, "case work still counts");
            } else {
                assert_eq!(
                    (task.state, task.closed_because.as_deref()),
                    (TaskState::NotNeeded, Some(SICK_LEAVE_ENDED))
                );
            }
        }
    }

    fn early_record(id: &str, session: SessionNumber, day: &str) -> Document {
        case_work(
            id,
            DocumentBody::Casework(CaseworkDocument::EarlySession(Box::new(
                crate::early::EarlySession::new(
                    session,
                    date(day),
                    crate::early::SessionMinutes::new(45).unwrap(),
                    vec![],
                )
                .unwrap(),
            ))),
        )
    }

    fn early_tasks(tasks: &[Task]) -> Vec<(TaskKind, NaiveDate, TaskState)> {
        tasks
            .iter()
            .filter(|task| task.kind.early_session().is_some())
            .map(|task| (task.kind, task.due, task.state))
            .collect()
    }

    const ON: TaskSettings = TaskSettings {
        early_sessions: true,
    };

    #[rstest::rstest]
    // Week 14 starts on day 92 (1 April when day 1 is 1 January 2024).
    #[case("2024-03-31", vec![])]
    #[case("2024-04-01", vec![(TaskKind::EarlySession1, "2024-04-07")])]
    #[case("2024-04-14", vec![(TaskKind::EarlySession1, "2024-04-07")])]
    // Week 16 starts on day 106.
    #[case("2024-04-15", vec![(TaskKind::EarlySession1, "2024-04-07"), (TaskKind::EarlySession2, "2024-04-21")])]
    fn early_session_tasks_come_when_the_case_reaches_weeks_14_and_16(
        #[case] to: &str,
        #[case] expected: Vec<(TaskKind, &str)>,
    ) {
        let followup = followup("2024-01-01", to, 100);
        let tasks = derive_tasks_with(&followup, &[], &[], None, ON);
        let expected: Vec<_> = expected
            .into_iter()
            .map(|(kind, due)| (kind, date(due), TaskState::Open))
            .collect();
        assert_eq!(early_tasks(&tasks), expected);
        assert!(tasks
            .iter()
            .filter(|task| task.kind.early_session().is_some())
            .all(|task| task.owner == Party::Nav));
    }

    #[test]
    fn no_early_session_tasks_when_the_unit_has_them_off() {
        let followup = followup("2024-01-01", "2024-12-31", 100);
        assert_eq!(
            early_tasks(&derive_tasks(&followup, &[], &[], None)),
            vec![]
        );
        let off = derive_tasks_with(&followup, &[], &[], None, TaskSettings::default());
        assert_eq!(off, derive_tasks(&followup, &[], &[], None));
    }

    #[test]
    fn recording_a_session_closes_its_task_only() {
        let followup = followup("2024-01-01", "2024-12-31", 100);
        let documents = [
            early_record("e1", SessionNumber::One, "2024-04-03"),
            // Before the case started: another case's session.
            early_record("e0", SessionNumber::Two, "2023-12-01"),
        ];
        let tasks = derive_tasks_with(&followup, &documents, &[], None, ON);
        assert_eq!(
            early_tasks(&tasks),
            vec![
                (TaskKind::EarlySession1, date("2024-04-07"), TaskState::Done),
                (TaskKind::EarlySession2, date("2024-04-21"), TaskState::Open),
            ]
        );
        let first = tasks
            .iter()
            .find(|task| task.kind == TaskKind::EarlySession1)
            .unwrap();
        assert_eq!(first.closed_because.as_deref(), Some("early_session:e1"));
    }

    #[test]
    fn urgency_is_overdue_before_today_and_due_soon_for_fourteen_days() {
        let today = date("2024-05-10");
        assert_eq!(
            TaskUrgency::of(date("2024-05-09"), today),
            TaskUrgency::Overdue
        );
        assert_eq!(
            TaskUrgency::of(date("2024-05-24"), today),
            TaskUrgency::DueSoon
        );
        assert_eq!(
            TaskUrgency::of(date("2024-05-25"), today),
            TaskUrgency::Upcoming
        );
    }
}
