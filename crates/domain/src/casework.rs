//! Case work between the parties: the follow-up plan that the manager and
//! the worker write together, dialogue meetings (invitation, answers,
//! minutes) and requests for a meeting. Each is carried by a document
//! ([`crate::document::DocumentBody`]), so it is stored as received and
//! never changed: a new plan version or new minutes are new documents.
//!
//! The quality hints of a plan ([`plan_hints`]) are plain rules over its
//! text, so they can be shown while the plan is written and tested alone.

use chrono::{NaiveDate, NaiveDateTime};

use crate::access::Role;
use crate::document::{ActivityOutcome, Document, DocumentBody, DocumentKind, MeetingNumber};
use crate::early::EarlySession;
use crate::health_words::health_words;
use crate::work_ability::{WorkAbilityAddition, WorkAbilityAssessment};

/// A document of the case-work module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CaseworkDocument {
    /// The employer shared the follow-up plan (with the GP, and NAV on request).
    PlanShared { date: NaiveDate },
    /// A dialogue meeting was held.
    MeetingHeld {
        meeting: MeetingNumber,
        date: NaiveDate,
    },
    /// NAV assessed the activity requirement.
    ActivityAssessed {
        date: NaiveDate,
        outcome: ActivityOutcome,
        reason: String,
    },
    /// A version of the follow-up plan, written by the manager with the worker.
    PlanVersion { date: NaiveDate, plan: Box<Plan> },
    /// The worker approved a plan version or commented on it.
    PlanResponse(PlanResponse),
    /// An invitation to a dialogue meeting.
    MeetingInvitation(MeetingInvitation),
    /// A participant's answer to an invitation.
    MeetingAnswer(MeetingAnswer),
    /// The minutes of a dialogue meeting: the meeting was held.
    MeetingMinutes(Box<MeetingMinutes>),
    /// A party asks NAV for dialogue meeting 2 early or for meeting 3.
    MeetingRequest(MeetingRequest),
    /// A NAV caseworker's note on the case: seen by NAV and by the person
    /// themself, never by the employer or the GP.
    CaseNote { date: NaiveDate, text: String },
    /// NAV's record of an early follow-up session in week 14 or 16: seen by
    /// NAV and the person, as NAV's notes are.
    EarlySession(Box<EarlySession>),
    /// NAV's structured work-ability assessment (health data: never the employer).
    WorkAbilityAssessment(Box<WorkAbilityAssessment>),
    /// The GP's addition to a work-ability assessment.
    WorkAbilityAddition(WorkAbilityAddition),
    /// The organiser cancelled an invitation to a dialogue meeting.
    MeetingCancelled(MeetingCancellation),
}

/// The kinds of case-work document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CaseworkKind {
    PlanShared,
    MeetingHeld,
    ActivityAssessed,
    PlanVersion,
    PlanResponse,
    MeetingInvitation,
    MeetingAnswer,
    MeetingMinutes,
    MeetingRequest,
    CaseNote,
    EarlySession,
    WorkAbilityAssessment,
    WorkAbilityAddition,
    MeetingCancelled,
}

impl CaseworkDocument {
    pub fn kind(&self) -> DocumentKind {
        match self {
            CaseworkDocument::PlanShared { .. } => DocumentKind::PlanShared,
            CaseworkDocument::MeetingHeld { .. } => DocumentKind::MeetingHeld,
            CaseworkDocument::ActivityAssessed { .. } => DocumentKind::ActivityAssessed,
            CaseworkDocument::PlanVersion { .. } => DocumentKind::PlanVersion,
            CaseworkDocument::PlanResponse(_) => DocumentKind::PlanResponse,
            CaseworkDocument::MeetingInvitation(_) => DocumentKind::MeetingInvitation,
            CaseworkDocument::MeetingAnswer(_) => DocumentKind::MeetingAnswer,
            CaseworkDocument::MeetingMinutes(_) => DocumentKind::MeetingMinutes,
            CaseworkDocument::MeetingRequest(_) => DocumentKind::MeetingRequest,
            CaseworkDocument::CaseNote { .. } => DocumentKind::CaseNote,
            CaseworkDocument::EarlySession(_) => DocumentKind::EarlySession,
            CaseworkDocument::WorkAbilityAssessment(_) => DocumentKind::WorkAbilityAssessment,
            CaseworkDocument::WorkAbilityAddition(_) => DocumentKind::WorkAbilityAddition,
            CaseworkDocument::MeetingCancelled(_) => DocumentKind::MeetingCancelled,
        }
    }
}

/// The longest free text accepted in a field of case work.
pub const MAX_TEXT_CHARS: usize = 4_000;
/// The most rows of a list (adaptations, next steps, participants, agreements).
pub const MAX_ROWS: usize = 20;

/// A party to the follow-up, as a participant, an owner of a next step or
/// agreement, or the one who asks for a meeting.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Participant {
    /// The sick-listed worker.
    Worker,
    /// The nearest manager, for the employer.
    Manager,
    /// The GP who certified the sick leave.
    Gp,
    /// The NAV caseworker.
    Nav,
}

impl Participant {
    pub const ALL: [Participant; 4] = [
        Participant::Worker,
        Participant::Manager,
        Participant::Gp,
        Participant::Nav,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Participant::Worker => "worker",
            Participant::Manager => "manager",
            Participant::Gp => "gp",
            Participant::Nav => "nav",
        }
    }

    pub fn parse(text: &str) -> Option<Participant> {
        Participant::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

/// The kinds of adaptation a plan describes (aml § 4-6 (1)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AdaptationKind {
    /// Working hours: fewer hours, other times.
    Hours,
    /// Work tasks: other or fewer tasks.
    Tasks,
    /// Aids and equipment.
    Aids,
    /// Help from colleagues.
    Colleagues,
}

impl AdaptationKind {
    pub const ALL: [AdaptationKind; 4] = [
        AdaptationKind::Hours,
        AdaptationKind::Tasks,
        AdaptationKind::Aids,
        AdaptationKind::Colleagues,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AdaptationKind::Hours => "hours",
            AdaptationKind::Tasks => "tasks",
            AdaptationKind::Aids => "aids",
            AdaptationKind::Colleagues => "colleagues",
        }
    }

    pub fn parse(text: &str) -> Option<AdaptationKind> {
        AdaptationKind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Whether an adaptation has been tried or is agreed for the time ahead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdaptationStatus {
    Tried,
    Agreed,
}

impl AdaptationStatus {
    pub const ALL: [AdaptationStatus; 2] = [AdaptationStatus::Tried, AdaptationStatus::Agreed];

    pub fn as_str(self) -> &'static str {
        match self {
            AdaptationStatus::Tried => "tried",
            AdaptationStatus::Agreed => "agreed",
        }
    }

    pub fn parse(text: &str) -> Option<AdaptationStatus> {
        AdaptationStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// One adaptation in a plan, with its effect when it has been tried.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adaptation {
    pub kind: AdaptationKind,
    pub status: AdaptationStatus,
    pub description: String,
    pub effect: String,
}

/// What happens next, who does it and by when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NextStep {
    pub what: String,
    pub who: Participant,
    pub when: NaiveDate,
}

/// The follow-up plan (oppfølgingsplan, aml § 4-6 (3)): one version.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// The worker's usual work tasks.
    pub work_tasks: String,
    /// What the worker can do now.
    pub can_do_now: String,
    pub adaptations: Vec<Adaptation>,
    /// Measures with NAV's help (aids, advice, grants).
    pub nav_help: String,
    pub next_steps: Vec<NextStep>,
}

impl Plan {
    /// "What the worker can do now" as a list of tasks: the same list the
    /// vocational profile of Supported Employment keeps.
    pub fn can_do_now_tasks(&self) -> TaskList {
        TaskList::from_text(&self.can_do_now)
    }
}

/// Work tasks as a list ("tasks I can do now", "tasks I cannot do now"):
/// written as text, one task a line (or separated by `,` or `;`), kept
/// trimmed, without empty entries or repeats. The follow-up plan and the
/// vocational profile of Supported Employment share it, so job carving can
/// be linked to what the plan says too.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskList(Vec<String>);

impl TaskList {
    pub fn from_text(text: &str) -> TaskList {
        let mut tasks: Vec<String> = Vec::new();
        for task in text.split(['\n', ',', ';']).map(str::trim) {
            if !task.is_empty() && !tasks.iter().any(|known| same_task(known, task)) {
                tasks.push(task.to_owned());
            }
        }
        TaskList(tasks)
    }

    pub fn tasks(&self) -> &[String] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the list holds this task (letter case aside).
    pub fn contains(&self, task: &str) -> bool {
        self.0.iter().any(|known| same_task(known, task))
    }

    /// The stored and edited form: one task a line.
    pub fn to_text(&self) -> String {
        self.0.join("\n")
    }
}

fn same_task(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// A gentle hint about a plan, shown while it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanHint {
    /// The plan says adaptation is impossible because the worker is fully
    /// sick-listed: a plan is about what can be done, and the grade may change.
    OnlyFullySickListed,
    /// The plan mentions symptoms or a diagnosis: the employer shall not
    /// have health information; the plan is about work and adaptations.
    HealthDetails,
    /// No adaptation is described, tried or agreed.
    NoAdaptation,
    /// No next step says who does what by when.
    NoNextStep,
}

impl PlanHint {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanHint::OnlyFullySickListed => "only_fully_sick_listed",
            PlanHint::HealthDetails => "health_details",
            PlanHint::NoAdaptation => "no_adaptation",
            PlanHint::NoNextStep => "no_next_step",
        }
    }
}

/// Phrases that say the worker is fully sick-listed, so nothing can be adapted.
const FULLY_SICK_LISTED: [&str; 9] = [
    "100 % sykmeldt",
    "100% sykmeldt",
    "100 prosent sykmeldt",
    "fullt sykmeldt",
    "helt sykmeldt",
    "full sykmelding",
    "fully sick",
    "100% sick",
    "100 % sick",
];

/// The hints for a plan, in the order they are shown.
pub fn plan_hints(plan: &Plan) -> Vec<PlanHint> {
    let texts = plan_texts(plan);
    let lower: Vec<String> = texts.iter().map(|text| text.to_lowercase()).collect();
    let mentions = |phrases: &[&str]| {
        lower
            .iter()
            .any(|text| phrases.iter().any(|phrase| text.contains(phrase)))
    };
    let has_adaptation = plan
        .adaptations
        .iter()
        .any(|adaptation| !adaptation.description.trim().is_empty());
    let mut hints = Vec::new();
    if mentions(&FULLY_SICK_LISTED) && !has_adaptation {
        hints.push(PlanHint::OnlyFullySickListed);
    }
    if !plan_health_words(plan).is_empty() {
        hints.push(PlanHint::HealthDetails);
    }
    if !has_adaptation {
        hints.push(PlanHint::NoAdaptation);
    }
    if plan.next_steps.is_empty() {
        hints.push(PlanHint::NoNextStep);
    }
    hints
}

fn plan_texts(plan: &Plan) -> Vec<&str> {
    let mut texts = vec![
        plan.work_tasks.as_str(),
        plan.can_do_now.as_str(),
        plan.nav_help.as_str(),
    ];
    for adaptation in &plan.adaptations {
        texts.push(&adaptation.description);
        texts.push(&adaptation.effect);
    }
    texts.extend(plan.next_steps.iter().map(|step| step.what.as_str()));
    texts
}

/// The words of a plan that tell of health (see [`crate::health_words`]),
/// each once, so the writer is told which to take out.
pub fn plan_health_words(plan: &Plan) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for text in plan_texts(plan) {
        for word in health_words(text) {
            if !found.iter().any(|seen| seen.eq_ignore_ascii_case(&word)) {
                found.push(word);
            }
        }
    }
    found
}

/// How a participant answers an invitation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeetingAnswerKind {
    Accept,
    Decline,
    /// Can come, but at another time.
    OtherTime,
}

impl MeetingAnswerKind {
    pub const ALL: [MeetingAnswerKind; 3] = [
        MeetingAnswerKind::Accept,
        MeetingAnswerKind::Decline,
        MeetingAnswerKind::OtherTime,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MeetingAnswerKind::Accept => "accept",
            MeetingAnswerKind::Decline => "decline",
            MeetingAnswerKind::OtherTime => "other_time",
        }
    }

    pub fn parse(text: &str) -> Option<MeetingAnswerKind> {
        MeetingAnswerKind::ALL
            .into_iter()
            .find(|a| a.as_str() == text)
    }
}

/// An invitation to a dialogue meeting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingInvitation {
    pub meeting: MeetingNumber,
    /// Local time of the meeting.
    pub at: NaiveDateTime,
    /// Where, or the video link's description.
    pub place: String,
    pub video: bool,
    pub participants: Vec<Participant>,
    pub message: String,
    /// The id of the invitation this one moves to a new time: that one's
    /// answers no longer count, and the invitees are asked again.
    pub replaces: Option<String>,
}

/// The organiser cancels an invitation (its document id) to this meeting,
/// saying why; each invitee is told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingCancellation {
    pub invitation: String,
    pub meeting: MeetingNumber,
    pub date: NaiveDate,
    pub reason: String,
}

/// A participant's answer to an invitation (the invitation's document id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingAnswer {
    pub invitation: String,
    pub participant: Participant,
    pub answer: MeetingAnswerKind,
    pub comment: String,
}

/// What a party agreed in a meeting to do, by when: a task in that party's
/// queue when the party has one (NAV, the manager), and a line on the
/// worker's and the GP's own pages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agreement {
    pub who: Participant,
    pub what: String,
    pub due: NaiveDate,
}

/// The minutes of a dialogue meeting on the standard template. Sending the
/// minutes records that the meeting was held on `date`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingMinutes {
    pub meeting: MeetingNumber,
    pub date: NaiveDate,
    /// The situation and the worker's ability to work.
    pub situation: String,
    /// What each party will do.
    pub contributions: String,
    /// Measures considered (and why chosen or not).
    pub measures: String,
    pub next_step: String,
    pub expected_return: Option<NaiveDate>,
    pub agreements: Vec<Agreement>,
}

/// A request for a dialogue meeting: meeting 2 earlier than planned or
/// meeting 3 (ftrl § 8-7 a), from the worker, the manager or the GP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeetingRequest {
    pub meeting: MeetingNumber,
    pub date: NaiveDate,
    pub by: Participant,
    pub reason: String,
}

/// The worker's answer to a plan version (its document id): approved, or a
/// comment asking for changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanResponse {
    pub plan: String,
    pub date: NaiveDate,
    pub approved: bool,
    pub comment: String,
}

/// One version of the plan with what happened to it, from the documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanVersionState<'a> {
    /// The version's document id.
    pub id: &'a str,
    /// 1 for the first version.
    pub number: usize,
    pub date: NaiveDate,
    pub plan: &'a Plan,
    /// The worker's answers to this version, in the order received.
    pub responses: Vec<&'a PlanResponse>,
    /// When this version was shared with the GP and NAV: the first
    /// `plan_shared` received after it and before the next version.
    pub shared: Option<NaiveDate>,
}

impl PlanVersionState<'_> {
    /// Whether the worker's latest answer approves this version.
    pub fn approved(&self) -> bool {
        self.responses
            .last()
            .is_some_and(|response| response.approved)
    }
}

/// The plan's versions, oldest first, from documents in the order received.
pub fn plan_versions<'a>(
    documents: impl IntoIterator<Item = &'a Document>,
) -> Vec<PlanVersionState<'a>> {
    let mut versions: Vec<PlanVersionState<'a>> = Vec::new();
    for document in documents {
        match &document.body {
            DocumentBody::Casework(CaseworkDocument::PlanVersion { date, plan }) => {
                versions.push(PlanVersionState {
                    id: &document.id,
                    number: versions.len() + 1,
                    date: *date,
                    plan,
                    responses: Vec::new(),
                    shared: None,
                });
            }
            DocumentBody::Casework(CaseworkDocument::PlanResponse(response)) => {
                if let Some(version) = versions.iter_mut().find(|v| v.id == response.plan) {
                    version.responses.push(response);
                }
            }
            DocumentBody::Casework(CaseworkDocument::PlanShared { date }) => {
                if let Some(latest) = versions.last_mut() {
                    latest.shared.get_or_insert(*date);
                }
            }
            _ => {}
        }
    }
    versions
}

/// A meeting invitation with the answers to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvitationState<'a> {
    pub id: &'a str,
    pub invitation: &'a MeetingInvitation,
    pub answers: Vec<&'a MeetingAnswer>,
    /// The invitation that moved this one to a new time, if any.
    pub moved_to: Option<&'a str>,
    /// The cancellation, if the organiser cancelled it.
    pub cancelled: Option<&'a MeetingCancellation>,
}

impl InvitationState<'_> {
    /// Neither moved nor cancelled: the meeting stands as invited to, and
    /// its invitees answer it.
    pub fn stands(&self) -> bool {
        self.moved_to.is_none() && self.cancelled.is_none()
    }

    /// A participant's latest answer.
    pub fn answer_of(&self, participant: Participant) -> Option<&MeetingAnswer> {
        self.answers
            .iter()
            .rev()
            .find(|answer| answer.participant == participant)
            .copied()
    }
}

/// The invitations, oldest first, with their answers.
pub fn invitations<'a>(
    documents: impl IntoIterator<Item = &'a Document>,
) -> Vec<InvitationState<'a>> {
    let mut invitations: Vec<InvitationState<'a>> = Vec::new();
    for document in documents {
        match &document.body {
            DocumentBody::Casework(CaseworkDocument::MeetingInvitation(invitation)) => {
                if let Some(replaced) = &invitation.replaces {
                    if let Some(state) = invitations.iter_mut().find(|i| i.id == *replaced) {
                        state.moved_to.get_or_insert(&document.id);
                    }
                }
                invitations.push(InvitationState {
                    id: &document.id,
                    invitation,
                    answers: Vec::new(),
                    moved_to: None,
                    cancelled: None,
                });
            }
            DocumentBody::Casework(CaseworkDocument::MeetingCancelled(cancellation)) => {
                if let Some(state) = invitations
                    .iter_mut()
                    .find(|i| i.id == cancellation.invitation)
                {
                    state.cancelled.get_or_insert(cancellation);
                }
            }
            DocumentBody::Casework(CaseworkDocument::MeetingAnswer(answer)) => {
                if let Some(state) = invitations.iter_mut().find(|i| i.id == answer.invitation) {
                    state.answers.push(answer);
                }
            }
            _ => {}
        }
    }
    invitations
}

/// The ids of the invitations that no longer stand: cancelled, or moved
/// (replaced by a later invitation).
pub fn withdrawn_invitations(documents: &[Document]) -> Vec<&str> {
    documents
        .iter()
        .filter_map(|document| match &document.body {
            DocumentBody::Casework(CaseworkDocument::MeetingCancelled(cancellation)) => {
                Some(cancellation.invitation.as_str())
            }
            DocumentBody::Casework(CaseworkDocument::MeetingInvitation(invitation)) => {
                invitation.replaces.as_deref()
            }
            _ => None,
        })
        .collect()
}

/// Why a dialogue meeting's date cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeetingDateProblem {
    /// An invitation to a day already past: nobody can come.
    InvitationInThePast,
    /// Minutes dated before the day the meeting was called to.
    MinutesBeforeTheMeeting { meeting_day: NaiveDate },
}

/// An invitation's time checked against today (by day: a meeting later
/// today may still be called, an earlier time today is the caller's to
/// judge).
pub fn invitation_date_problem(at: NaiveDateTime, today: NaiveDate) -> Option<MeetingDateProblem> {
    (at.date() < today).then_some(MeetingDateProblem::InvitationInThePast)
}

/// Minutes' date checked against the meeting they are of: the latest
/// invitation to that meeting. Minutes of a meeting nobody was invited to
/// through tilbake (held before it was used) have nothing to check against.
pub fn minutes_date_problem<'a>(
    documents: impl IntoIterator<Item = &'a Document>,
    meeting: MeetingNumber,
    date: NaiveDate,
) -> Option<MeetingDateProblem> {
    let meeting_day = invitations(documents)
        .iter()
        .rev()
        .find(|state| state.invitation.meeting == meeting && state.stands())?
        .invitation
        .at
        .date();
    (date < meeting_day).then_some(MeetingDateProblem::MinutesBeforeTheMeeting { meeting_day })
}

/// The party a signed-in role acts as in case work.
pub fn participant_of(role: Role) -> Option<Participant> {
    match role {
        Role::Worker => Some(Participant::Worker),
        Role::Manager => Some(Participant::Manager),
        Role::Gp => Some(Participant::Gp),
        Role::Caseworker => Some(Participant::Nav),
        Role::Counsellor
        | Role::JobSpecialist
        | Role::SeSupervisor
        | Role::Admin
        | Role::System => None,
    }
}

/// Who holds a dialogue meeting: the employer meeting 1 (aml § 4-6 (4)),
/// NAV meetings 2 and 3 (ftrl § 8-7 a).
pub fn organiser(meeting: MeetingNumber) -> Participant {
    match meeting {
        MeetingNumber::One => Participant::Manager,
        MeetingNumber::Two | MeetingNumber::Three => Participant::Nav,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_list_is_one_task_a_line_trimmed_without_repeats() {
        let list = TaskList::from_text(" Pakking\nKasse; kasse ,\n\nRydding av lager ");
        assert_eq!(list.tasks(), ["Pakking", "Kasse", "Rydding av lager"]);
        assert!(list.contains("KASSE"));
        assert_eq!(TaskList::from_text(&list.to_text()), list);
        let plan = Plan {
            can_do_now: "Kundemottak\nLager".to_owned(),
            ..Plan::default()
        };
        assert_eq!(plan.can_do_now_tasks().tasks(), ["Kundemottak", "Lager"]);
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn useful_plan() -> Plan {
        Plan {
            work_tasks: "Kundemottak og lager".to_owned(),
            can_do_now: "Kundemottak to timer om dagen".to_owned(),
            adaptations: vec![Adaptation {
                kind: AdaptationKind::Hours,
                status: AdaptationStatus::Agreed,
                description: "Kortere dager, 09–13".to_owned(),
                effect: String::new(),
            }],
            nav_help: String::new(),
            next_steps: vec![NextStep {
                what: "Se på planen igjen".to_owned(),
                who: Participant::Manager,
                when: date("2024-03-01"),
            }],
        }
    }

    #[test]
    fn a_plan_with_adaptations_and_next_steps_gets_no_hint() {
        assert_eq!(plan_hints(&useful_plan()), Vec::new());
    }

    #[test]
    fn fully_sick_listed_and_nothing_adapted_gets_its_hint() {
        let plan = Plan {
            can_do_now: "Ingenting, hun er 100 % sykmeldt.".to_owned(),
            ..Plan::default()
        };
        assert_eq!(
            plan_hints(&plan),
            vec![
                PlanHint::OnlyFullySickListed,
                PlanHint::NoAdaptation,
                PlanHint::NoNextStep
            ]
        );
        // With an adaptation described, the grade is only a fact.
        let mut plan = useful_plan();
        plan.work_tasks = "Er helt sykmeldt nå".to_owned();
        assert_eq!(plan_hints(&plan), Vec::new());
    }

    #[test]
    fn symptoms_words_and_diagnosis_codes_get_the_health_hint() {
        for text in [
            "Har vondt i ryggen",
            "Depresjon",
            "Sykmeldt for L03",
            "kode F32.1",
        ] {
            let mut plan = useful_plan();
            plan.can_do_now = text.to_owned();
            assert_eq!(plan_hints(&plan), vec![PlanHint::HealthDetails], "{text}");
        }
        // Words that only look like codes do not.
        for text in [
            "Rom A12b",
            "kl. 10.30",
            "E6 til jobb",
            "l03 er ikke en kode",
        ] {
            let mut plan = useful_plan();
            plan.can_do_now = text.to_owned();
            assert_eq!(plan_hints(&plan), Vec::new(), "{text}");
        }
    }

    #[test]
    fn an_invitation_cannot_be_to_a_past_day_and_minutes_not_before_the_meeting() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2027, 3, d).unwrap();
        let at = |d: u32| day(d).and_hms_opt(10, 0, 0).unwrap();
        assert_eq!(
            invitation_date_problem(at(30), day(31)),
            Some(MeetingDateProblem::InvitationInThePast)
        );
        assert_eq!(invitation_date_problem(at(31), day(31)), None);
        assert_eq!(invitation_date_problem(at(31), day(30)), None);

        let invitation = |id: &str, meeting, d| {
            document(
                id,
                DocumentBody::Casework(CaseworkDocument::MeetingInvitation(MeetingInvitation {
                    meeting,
                    at: at(d),
                    place: "NAV".to_owned(),
                    video: false,
                    participants: vec![Participant::Worker],
                    message: String::new(),
                    replaces: None,
                })),
            )
        };
        // Meeting 2 moved from the 10th to the 20th; meeting 3 on the 5th.
        let documents = [
            invitation("a", MeetingNumber::Two, 10),
            invitation("b", MeetingNumber::Two, 20),
            invitation("c", MeetingNumber::Three, 5),
        ];
        assert_eq!(
            minutes_date_problem(&documents, MeetingNumber::Two, day(19)),
            Some(MeetingDateProblem::MinutesBeforeTheMeeting {
                meeting_day: day(20)
            })
        );
        assert_eq!(
            minutes_date_problem(&documents, MeetingNumber::Two, day(20)),
            None
        );
        assert_eq!(
            minutes_date_problem(&documents, MeetingNumber::Three, day(5)),
            None
        );
        assert_eq!(
            minutes_date_problem(&documents, MeetingNumber::One, day(1)),
            None
        );
    }

    #[test]
    fn a_moved_invitation_hands_over_to_the_new_one_and_a_cancelled_one_stands_no_more() {
        let at = NaiveDate::from_ymd_opt(2027, 3, 10)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let invitation = |id: &str, replaces: Option<&str>| {
            document(
                id,
                DocumentBody::Casework(CaseworkDocument::MeetingInvitation(MeetingInvitation {
                    meeting: MeetingNumber::Two,
                    at,
                    place: "NAV".to_owned(),
                    video: false,
                    participants: vec![Participant::Worker, Participant::Manager],
                    message: String::new(),
                    replaces: replaces.map(str::to_owned),
                })),
            )
        };
        let answer = |invitation: &str| {
            document(
                &format!("answer-{invitation}"),
                DocumentBody::Casework(CaseworkDocument::MeetingAnswer(MeetingAnswer {
                    invitation: invitation.to_owned(),
                    participant: Participant::Worker,
                    answer: MeetingAnswerKind::Accept,
                    comment: String::new(),
                })),
            )
        };
        let cancellation = MeetingCancellation {
            invitation: "b".to_owned(),
            meeting: MeetingNumber::Two,
            date: at.date(),
            reason: "Veilederen er syk".to_owned(),
        };
        let documents = [
            invitation("a", None),
            answer("a"),
            invitation("b", Some("a")),
            document(
                "c",
                DocumentBody::Casework(CaseworkDocument::MeetingCancelled(cancellation.clone())),
            ),
        ];
        let states = invitations(&documents[..3]);
        assert_eq!(states[0].moved_to, Some("b"));
        assert!(!states[0].stands() && states[1].stands());
        assert!(states[1].answers.is_empty(), "the worker is asked again");
        let states = invitations(&documents);
        assert_eq!(states[1].cancelled, Some(&cancellation));
        assert!(!states[1].stands());
        assert_eq!(withdrawn_invitations(&documents), vec!["a", "b"]);
        assert_eq!(
            minutes_date_problem(&documents, MeetingNumber::Two, at.date()),
            None,
            "no meeting stands to be before"
        );
    }

    fn document(id: &str, body: DocumentBody) -> Document {
        Document {
            person: crate::identity::Fnr::parse("15438510092").unwrap(),
            id: id.to_owned(),
            unit: None,
            body,
            diagnosis: None,
            gp: None,
        }
    }

    #[test]
    fn versions_collect_their_answers_and_sharing_and_nav_sees_only_shared_ones() {
        let version = |id: &str| {
            document(
                id,
                DocumentBody::Casework(CaseworkDocument::PlanVersion {
                    date: date("2024-01-20"),
                    plan: Box::new(useful_plan()),
                }),
            )
        };
        let answer = |id: &str, plan: &str, approved| {
            document(
                id,
                DocumentBody::Casework(CaseworkDocument::PlanResponse(PlanResponse {
                    plan: plan.to_owned(),
                    date: date("2024-01-21"),
                    approved,
                    comment: String::new(),
                })),
            )
        };
        let documents = vec![
            version("p1"),
            answer("r1", "p1", false),
            version("p2"),
            answer("r2", "p2", true),
            document(
                "s1",
                DocumentBody::Casework(CaseworkDocument::PlanShared {
                    date: date("2024-01-22"),
                }),
            ),
            version("p3"),
        ];
        let versions = plan_versions(&documents);
        assert_eq!(versions.len(), 3);
        assert_eq!(versions[0].number, 1);
        assert!(!versions[0].approved());
        assert!(versions[1].approved());
        assert_eq!(versions[1].shared, Some(date("2024-01-22")));
        assert_eq!(versions[2].shared, None);
    }

    #[test]
    fn the_names_parse_back() {
        for participant in Participant::ALL {
            assert_eq!(Participant::parse(participant.as_str()), Some(participant));
        }
        for kind in AdaptationKind::ALL {
            assert_eq!(AdaptationKind::parse(kind.as_str()), Some(kind));
        }
        for status in AdaptationStatus::ALL {
            assert_eq!(AdaptationStatus::parse(status.as_str()), Some(status));
        }
        for answer in MeetingAnswerKind::ALL {
            assert_eq!(MeetingAnswerKind::parse(answer.as_str()), Some(answer));
        }
        assert_eq!(Participant::parse("boss"), None);
    }
}
