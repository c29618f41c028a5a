//! Documents: what the parties send about a person, stored as received.
//!
//! A document is a follow-up event (the engine's input) plus who it is about,
//! or a record of case work (a plan shared, a meeting held, the activity
//! requirement assessed). It is identified by person, kind and id together.
//! Everything else about a person is derived from their documents.

use chrono::NaiveDate;

use crate::casework::{CaseworkDocument, CaseworkKind};
use crate::followup::{Event, FollowupInput};
use crate::identity::{Fnr, UnitCode};
use crate::register::PopulationRecord;

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

/// What a document says: a document of one module of the domain. Each
/// module has its own kinds and its own derivation (the follow-up engine for
/// follow-up events; tasks for case work), so a match on this enum names
/// every module and a new module does not compile until each place that
/// reads documents decides what it does with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentBody {
    /// The follow-up module: an event of the engine. For `sick_leave` the
    /// event's id is the document id; for `cancelled` it names the
    /// certificate withdrawn.
    Followup(Event),
    /// The case-work module: plans, meetings, the activity requirement,
    /// requests and NAV's notes.
    Casework(CaseworkDocument),
    /// The population register: the person's name and postal address, sent
    /// by a system client only; the latest one stored is shown.
    Register(PopulationRecord),
}

/// A kind of document as its module names it (see [`DocumentKind::in_module`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindInModule {
    /// The follow-up engine's events; the engine's contract parses them by name.
    Followup,
    Casework(CaseworkKind),
    /// `population_register`, the register module's one kind.
    Register,
}

/// The modules of the domain that documents belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// Sick leave and the statutory follow-up (`crate::followup`).
    Followup,
    /// Case work between the parties (`crate::casework`, `crate::tasks`).
    Casework,
    /// Who the person is: name and address (`crate::register`).
    Register,
}

impl DocumentBody {
    pub fn module(&self) -> Module {
        match self {
            DocumentBody::Followup(_) => Module::Followup,
            DocumentBody::Casework(_) => Module::Casework,
            DocumentBody::Register(_) => Module::Register,
        }
    }
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
    EarlySession,
    WorkAbilityAssessment,
    WorkAbilityAddition,
    MeetingCancelled,
    PopulationRegister,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 20] = [
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
        DocumentKind::EarlySession,
        DocumentKind::WorkAbilityAssessment,
        DocumentKind::WorkAbilityAddition,
        DocumentKind::MeetingCancelled,
        DocumentKind::PopulationRegister,
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
            DocumentKind::EarlySession => "early_session",
            DocumentKind::WorkAbilityAssessment => "work_ability_assessment",
            DocumentKind::WorkAbilityAddition => "work_ability_addition",
            DocumentKind::MeetingCancelled => "meeting_cancelled",
            DocumentKind::PopulationRegister => "population_register",
        }
    }

    /// The module documents of this kind belong to, with the kind as that
    /// module names it. The one place that maps every kind to its module:
    /// a kind added and forgotten here does not compile, and each module's
    /// parser matches its own kinds exhaustively.
    pub fn in_module(self) -> KindInModule {
        match self {
            DocumentKind::SickLeave
            | DocumentKind::SelfCertified
            | DocumentKind::Vacation
            | DocumentKind::WorkResumed
            | DocumentKind::Cancelled => KindInModule::Followup,
            DocumentKind::PlanShared => KindInModule::Casework(CaseworkKind::PlanShared),
            DocumentKind::MeetingHeld => KindInModule::Casework(CaseworkKind::MeetingHeld),
            DocumentKind::ActivityAssessed => {
                KindInModule::Casework(CaseworkKind::ActivityAssessed)
            }
            DocumentKind::PlanVersion => KindInModule::Casework(CaseworkKind::PlanVersion),
            DocumentKind::PlanResponse => KindInModule::Casework(CaseworkKind::PlanResponse),
            DocumentKind::MeetingInvitation => {
                KindInModule::Casework(CaseworkKind::MeetingInvitation)
            }
            DocumentKind::MeetingAnswer => KindInModule::Casework(CaseworkKind::MeetingAnswer),
            DocumentKind::MeetingMinutes => KindInModule::Casework(CaseworkKind::MeetingMinutes),
            DocumentKind::MeetingRequest => KindInModule::Casework(CaseworkKind::MeetingRequest),
            DocumentKind::CaseNote => KindInModule::Casework(CaseworkKind::CaseNote),
            DocumentKind::EarlySession => KindInModule::Casework(CaseworkKind::EarlySession),
            DocumentKind::WorkAbilityAssessment => {
                KindInModule::Casework(CaseworkKind::WorkAbilityAssessment)
            }
            DocumentKind::WorkAbilityAddition => {
                KindInModule::Casework(CaseworkKind::WorkAbilityAddition)
            }
            DocumentKind::MeetingCancelled => {
                KindInModule::Casework(CaseworkKind::MeetingCancelled)
            }
            DocumentKind::PopulationRegister => KindInModule::Register,
        }
    }

    /// The module documents of this kind belong to.
    pub fn module(self) -> Module {
        match self.in_module() {
            KindInModule::Followup => Module::Followup,
            KindInModule::Casework(_) => Module::Casework,
            KindInModule::Register => Module::Register,
        }
    }

    /// Whether documents of this kind are the follow-up engine's events.
    pub fn is_followup_event(self) -> bool {
        self.module() == Module::Followup
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
            DocumentBody::Followup(Event::SickLeave(_)) => DocumentKind::SickLeave,
            DocumentBody::Followup(Event::SelfCertified(_)) => DocumentKind::SelfCertified,
            DocumentBody::Followup(Event::Vacation(_)) => DocumentKind::Vacation,
            DocumentBody::Followup(Event::WorkResumed(_)) => DocumentKind::WorkResumed,
            DocumentBody::Followup(Event::Cancelled { .. }) => DocumentKind::Cancelled,
            DocumentBody::Casework(casework) => casework.kind(),
            DocumentBody::Register(_) => DocumentKind::PopulationRegister,
        }
    }

    /// The employer a certificate names.
    pub fn certificate_employer(&self) -> Option<&str> {
        match &self.body {
            DocumentBody::Followup(Event::SickLeave(sick_leave)) => sick_leave.employer.as_deref(),
            _ => None,
        }
    }

    /// The certificate this document refers to and must exist before it:
    /// the one a correction replaces or a cancellation withdraws.
    pub fn referenced_certificate(&self) -> Option<&str> {
        match &self.body {
            DocumentBody::Followup(Event::SickLeave(sick_leave)) => sick_leave.corrects.as_deref(),
            DocumentBody::Followup(Event::Cancelled { id }) => Some(id),
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
            DocumentBody::Followup(event) => Some(event.clone()),
            DocumentBody::Casework(_) | DocumentBody::Register(_) => None,
        })
        .collect();
    FollowupInput {
        birth_date,
        today,
        events,
    }
}
