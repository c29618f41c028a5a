//! Documents: what the parties send about a person, stored as received.
//!
//! A document is a follow-up event (the engine's input) plus who it is about,
//! or a record of case work (a plan shared, a meeting held, the activity
//! requirement assessed). It is identified by person, kind and id together.
//! Everything else about a person is derived from their documents.

use chrono::NaiveDate;

use crate::casework::{
    MeetingAnswer, MeetingInvitation, MeetingMinutes, MeetingRequest, Plan, PlanResponse,
};
use crate::followup::{Event, FollowupInput};
use crate::identity::{Fnr, UnitCode};

/// The code system of a diagnosis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiagnosisSystem {
    /// The primary-care classification GPs use.
    Icpc2,
    Icd10,
}

impl DiagnosisSystem {
    pub fn as_str(self) -> &'static str {
        match self {
            DiagnosisSystem::Icpc2 => "ICPC-2",
            DiagnosisSystem::Icd10 => "ICD-10",
        }
    }
}

/// A diagnosis on a certificate: health data that an employer never sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    pub system: DiagnosisSystem,
    pub code: String,
}

/// The outcome of the activity-requirement assessment at week 8 (ftrl § 8-8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActivityOutcome {
    /// The person is in work-related activity.
    Fulfilled,
    /// Exempt: medical reasons prevent activity.
    ExemptMedical,
    /// Exempt: the workplace cannot adapt work.
    ExemptWorkplace,
    /// Not fulfilled: the person is warned before benefit stops.
    NotFulfilled,
}

impl ActivityOutcome {
    pub const ALL: [ActivityOutcome; 4] = [
        ActivityOutcome::Fulfilled,
        ActivityOutcome::ExemptMedical,
        ActivityOutcome::ExemptWorkplace,
        ActivityOutcome::NotFulfilled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityOutcome::Fulfilled => "fulfilled",
            ActivityOutcome::ExemptMedical => "exempt_medical",
            ActivityOutcome::ExemptWorkplace => "exempt_workplace",
            ActivityOutcome::NotFulfilled => "not_fulfilled",
        }
    }

    pub fn parse(text: &str) -> Option<ActivityOutcome> {
        ActivityOutcome::ALL
            .into_iter()
            .find(|outcome| outcome.as_str() == text)
    }
}

/// Which dialogue meeting (dialogmøte 1, 2 or 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MeetingNumber {
    One,
    Two,
    Three,
}

impl MeetingNumber {
    pub fn parse(number: i64) -> Option<MeetingNumber> {
        match number {
            1 => Some(MeetingNumber::One),
            2 => Some(MeetingNumber::Two),
            3 => Some(MeetingNumber::Three),
            _ => None,
        }
    }

    pub fn number(self) -> u8 {
        match self {
            MeetingNumber::One => 1,
            MeetingNumber::Two => 2,
            MeetingNumber::Three => 3,
        }
    }
}

/// What a document says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentBody {
    /// A follow-up event. For `sick_leave` the event's id is the document id;
    /// for `cancelled` it names the certificate withdrawn.
    Event(Event),
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
}

/// The contract's kinds of document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentKind {
    SickLeave,
    SelfCertified,
    Vacation,
    WorkResumed,
    Cancelled,
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
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 15] = [
        DocumentKind::SickLeave,
        DocumentKind::SelfCertified,
        DocumentKind::Vacation,
        DocumentKind::WorkResumed,
        DocumentKind::Cancelled,
        DocumentKind::PlanShared,
        DocumentKind::MeetingHeld,
        DocumentKind::ActivityAssessed,
        DocumentKind::PlanVersion,
        DocumentKind::PlanResponse,
        DocumentKind::MeetingInvitation,
        DocumentKind::MeetingAnswer,
        DocumentKind::MeetingMinutes,
        DocumentKind::MeetingRequest,
        DocumentKind::CaseNote,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::SickLeave => "sick_leave",
            DocumentKind::SelfCertified => "self_certified",
            DocumentKind::Vacation => "vacation",
            DocumentKind::WorkResumed => "work_resumed",
            DocumentKind::Cancelled => "cancelled",
            DocumentKind::PlanShared => "plan_shared",
            DocumentKind::MeetingHeld => "meeting_held",
            DocumentKind::ActivityAssessed => "activity_assessed",
            DocumentKind::PlanVersion => "plan_version",
            DocumentKind::PlanResponse => "plan_response",
            DocumentKind::MeetingInvitation => "meeting_invitation",
            DocumentKind::MeetingAnswer => "meeting_answer",
            DocumentKind::MeetingMinutes => "meeting_minutes",
            DocumentKind::MeetingRequest => "meeting_request",
            DocumentKind::CaseNote => "case_note",
        }
    }

    /// Whether documents of this kind are the follow-up engine's events.
    pub fn is_followup_event(self) -> bool {
        matches!(
            self,
            DocumentKind::SickLeave
                | DocumentKind::SelfCertified
                | DocumentKind::Vacation
                | DocumentKind::WorkResumed
                | DocumentKind::Cancelled
        )
    }

    pub fn parse(text: &str) -> Option<DocumentKind> {
        DocumentKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

/// One document about one person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    pub person: Fnr,
    pub id: String,
    /// The NAV office that follows the person, when the sender names it.
    pub unit: Option<UnitCode>,
    pub body: DocumentBody,
    /// Only on certificates: health data.
    pub diagnosis: Option<Diagnosis>,
    /// Only on certificates: the certifier's name or id.
    pub gp: Option<String>,
}

impl Document {
    pub fn kind(&self) -> DocumentKind {
        match &self.body {
            DocumentBody::Event(Event::SickLeave(_)) => DocumentKind::SickLeave,
            DocumentBody::Event(Event::SelfCertified(_)) => DocumentKind::SelfCertified,
            DocumentBody::Event(Event::Vacation(_)) => DocumentKind::Vacation,
            DocumentBody::Event(Event::WorkResumed(_)) => DocumentKind::WorkResumed,
            DocumentBody::Event(Event::Cancelled { .. }) => DocumentKind::Cancelled,
            DocumentBody::PlanShared { .. } => DocumentKind::PlanShared,
            DocumentBody::MeetingHeld { .. } => DocumentKind::MeetingHeld,
            DocumentBody::ActivityAssessed { .. } => DocumentKind::ActivityAssessed,
            DocumentBody::PlanVersion { .. } => DocumentKind::PlanVersion,
            DocumentBody::PlanResponse(_) => DocumentKind::PlanResponse,
            DocumentBody::MeetingInvitation(_) => DocumentKind::MeetingInvitation,
            DocumentBody::MeetingAnswer(_) => DocumentKind::MeetingAnswer,
            DocumentBody::MeetingMinutes(_) => DocumentKind::MeetingMinutes,
            DocumentBody::MeetingRequest(_) => DocumentKind::MeetingRequest,
            DocumentBody::CaseNote { .. } => DocumentKind::CaseNote,
        }
    }

    /// The employer a certificate names.
    pub fn certificate_employer(&self) -> Option<&str> {
        match &self.body {
            DocumentBody::Event(Event::SickLeave(sick_leave)) => sick_leave.employer.as_deref(),
            _ => None,
        }
    }

    /// The certificate this document refers to and must exist before it:
    /// the one a correction replaces or a cancellation withdraws.
    pub fn referenced_certificate(&self) -> Option<&str> {
        match &self.body {
            DocumentBody::Event(Event::SickLeave(sick_leave)) => sick_leave.corrects.as_deref(),
            DocumentBody::Event(Event::Cancelled { id }) => Some(id),
            _ => None,
        }
    }
}

/// The engine's input for a person from their documents, in the order given.
pub fn followup_input<'a>(
    documents: impl IntoIterator<Item = &'a Document>,
    birth_date: Option<NaiveDate>,
    today: Option<NaiveDate>,
) -> FollowupInput {
    let events = documents
        .into_iter()
        .filter_map(|document| match &document.body {
            DocumentBody::Event(event) => Some(event.clone()),
            _ => None,
        })
        .collect();
    FollowupInput {
        birth_date,
        today,
        events,
    }
}
