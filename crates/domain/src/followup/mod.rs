//! The follow-up engine: from a person's sick-leave events to follow-up
//! cases (oppfølgingstilfeller), their statutory milestones and the maximum
//! date (maksdato).
//!
//! The exact rules are the contract `shared/contracts/followup.md`; each rule
//! in this module names its legal source. The input is already parsed into
//! validated types ([`DateRange`], [`Grade`]); what only the whole list of
//! events can tell (duplicate ids, dangling references, dates beyond the
//! calendar) is checked here and reported as a [`FollowupError`].

mod engine;
mod max_date;
pub mod statute;

use chrono::NaiveDate;

pub use engine::FollowupEngine;
pub use statute::{
    rule_of, BenefitRules, MilestoneOffset, MilestoneRule, Party, BENEFIT_RULES, STATUTORY_CALENDAR,
};

/// Everything the engine needs to know about one person.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FollowupInput {
    /// Enables the age rules of the maximum date (ftrl § 8-51).
    pub birth_date: Option<NaiveDate>,
    /// Enables the `status` of each milestone. The engine never reads the clock.
    pub today: Option<NaiveDate>,
    /// In any order.
    pub events: Vec<Event>,
}

/// One event of a person's sick-leave history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A sick-leave certificate period (sykmeldingsperiode).
    SickLeave(SickLeave),
    /// Self-certified absence (egenmelding); always grade 100.
    SelfCertified(DateRange),
    /// Holiday or leave reported while on sick leave (ferie/permisjon).
    Vacation(DateRange),
    /// Back at work in full from this day (arbeid gjenopptatt).
    WorkResumed(NaiveDate),
    /// The certificate with this id is withdrawn and counts for nothing.
    Cancelled { id: String },
}

/// A sick-leave certificate period (sykmeldingsperiode).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SickLeave {
    pub id: String,
    pub period: DateRange,
    /// Below 100 is graded sick leave (gradert sykmelding).
    pub grade: Grade,
    /// Opaque to the engine; the service validates it as an organisation number.
    pub employer: Option<String>,
    /// This certificate replaces the one with this id entirely.
    pub corrects: Option<String>,
}

/// An inclusive range of days with `from <= to`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DateRange {
    from: NaiveDate,
    to: NaiveDate,
}

/// Why a [`DateRange`] could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("'to' is before 'from'")]
pub struct ToBeforeFrom;

impl DateRange {
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<DateRange, ToBeforeFrom> {
        if to < from {
            return Err(ToBeforeFrom);
        }
        Ok(DateRange { from, to })
    }

    pub fn from(self) -> NaiveDate {
        self.from
    }

    pub fn to(self) -> NaiveDate {
        self.to
    }
}

/// A sick-leave grade: the share of work the person does not do, 1–100 %.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grade(u8);

/// Why a [`Grade`] could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0} is outside 1..=100")]
pub struct GradeOutOfRange(pub i64);

impl Grade {
    pub const FULL: Grade = Grade(100);

    pub fn new(percent: i64) -> Result<Grade, GradeOutOfRange> {
        match u8::try_from(percent) {
            Ok(value @ 1..=100) => Ok(Grade(value)),
            _ => Err(GradeOutOfRange(percent)),
        }
    }

    pub fn percent(self) -> u8 {
        self.0
    }
}

impl Default for Grade {
    fn default() -> Grade {
        Grade::FULL
    }
}

/// The result for one person: cases in date order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Followup {
    pub cases: Vec<FollowupCase>,
}

/// A follow-up case (oppfølgingstilfelle): sick leave with gaps of fewer than
/// 16 non-sick days (ftrl § 8-19).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowupCase {
    pub start: NaiveDate,
    /// The last day counted in the case.
    pub end: NaiveDate,
    /// Days counted in the case, vacation days counted in it included.
    pub sick_days: u32,
    /// The grade on the case's last certificate day is below 100.
    pub graded_at_end: bool,
    /// The id of the counting certificate that covers the case's last
    /// certificate day (the one `graded_at_end` looks at): when several do,
    /// the one that starts latest, then the one with the highest grade,
    /// then the id that sorts last. `None` when no certificate covers a day
    /// of the case. Not part of the contract's output.
    pub last_certificate: Option<String>,
    /// Distinct employers of the certificates in the case, byte-wise sorted.
    pub employers: Vec<String>,
    /// In the order of [`STATUTORY_CALENDAR`].
    pub milestones: Milestones,
}

impl FollowupCase {
    pub fn milestone(&self, kind: MilestoneKind) -> Option<&Milestone> {
        self.milestones
            .iter()
            .find(|milestone| milestone.kind == kind)
    }
}

/// The milestones of a case, kept inline: a case has at most one of each kind.
pub type Milestones = arrayvec::ArrayVec<Milestone, { MilestoneKind::ALL.len() }>;

/// A statutory milestone of a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Milestone {
    pub kind: MilestoneKind,
    pub date: NaiveDate,
    /// The sick leave known so far reaches the milestone (`end >= date`).
    pub reached: bool,
    /// The duty applies: reached, and for dialogue meeting 1 also fully sick-listed that day.
    pub required: bool,
    /// Present when `today` was given.
    pub status: Option<MilestoneStatus>,
}

/// The kinds of milestone, in the order of the statutory calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MilestoneKind {
    /// End of the employer period (arbeidsgiverperioden), ftrl § 8-19.
    EmployerPeriodEnd,
    /// Follow-up plan (oppfølgingsplan), aml § 4-6 (3).
    FollowUpPlan,
    /// Dialogue meeting 1 (dialogmøte 1), aml § 4-6 (4).
    DialogueMeeting1,
    /// Activity requirement (aktivitetskravet), ftrl § 8-8.
    ActivityRequirement,
    /// NAV starts preparing dialogue meeting 2.
    DialogueMeeting2Planning,
    /// Dialogue meeting 2 (dialogmøte 2), ftrl § 8-7 a.
    DialogueMeeting2,
    /// Notice before sickness benefit ends, ftrl § 8-12.
    BenefitEndNotice,
    /// Maximum date (maksdato), ftrl § 8-12.
    MaxDate,
}

impl MilestoneKind {
    pub const ALL: [MilestoneKind; 8] = [
        MilestoneKind::EmployerPeriodEnd,
        MilestoneKind::FollowUpPlan,
        MilestoneKind::DialogueMeeting1,
        MilestoneKind::ActivityRequirement,
        MilestoneKind::DialogueMeeting2Planning,
        MilestoneKind::DialogueMeeting2,
        MilestoneKind::BenefitEndNotice,
        MilestoneKind::MaxDate,
    ];

    /// The contract's name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneKind::EmployerPeriodEnd => "employer_period_end",
            MilestoneKind::FollowUpPlan => "follow_up_plan",
            MilestoneKind::DialogueMeeting1 => "dialogue_meeting_1",
            MilestoneKind::ActivityRequirement => "activity_requirement",
            MilestoneKind::DialogueMeeting2Planning => "dialogue_meeting_2_planning",
            MilestoneKind::DialogueMeeting2 => "dialogue_meeting_2",
            MilestoneKind::BenefitEndNotice => "benefit_end_notice",
            MilestoneKind::MaxDate => "max_date",
        }
    }

    pub fn rule(self) -> &'static MilestoneRule {
        rule_of(self)
    }
}

/// Where a milestone stands relative to `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MilestoneStatus {
    /// `date < today`.
    Passed,
    /// `today <= date <= today + 14 days`.
    DueSoon,
    /// Later than that.
    Upcoming,
}

impl MilestoneStatus {
    pub fn of(date: NaiveDate, today: NaiveDate) -> MilestoneStatus {
        let days_ahead = (date - today).num_days();
        MilestoneStatus::of_days_ahead(i32::try_from(days_ahead).unwrap_or(i32::MAX))
    }

    /// The status of a milestone `days_ahead` days after today (negative: before).
    pub fn of_days_ahead(days_ahead: i32) -> MilestoneStatus {
        if days_ahead < 0 {
            MilestoneStatus::Passed
        } else if days_ahead <= BENEFIT_RULES.due_soon_days {
            MilestoneStatus::DueSoon
        } else {
            MilestoneStatus::Upcoming
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneStatus::Passed => "passed",
            MilestoneStatus::DueSoon => "due_soon",
            MilestoneStatus::Upcoming => "upcoming",
        }
    }
}

/// Input that only the whole list of events shows to be invalid. Messages are
/// one line: ids are shown with control characters escaped.
///
/// `index` is the 0-based position of the offending event in the input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FollowupError {
    /// Two certificates share an id; `index` is the later one.
    #[error("'{}' is already the id of events[{first_index}]", id.escape_debug())]
    DuplicateId {
        index: usize,
        id: String,
        first_index: usize,
    },
    /// `corrects` names a certificate that does not exist.
    #[error("'{}' is not the id of any sick_leave", id.escape_debug())]
    UnknownCorrects { index: usize, id: String },
    /// A certificate names itself in `corrects`.
    #[error("a certificate cannot correct its own id '{}'", id.escape_debug())]
    CorrectsItself { index: usize, id: String },
    /// `cancelled` names a certificate that does not exist.
    #[error("'{}' is not the id of any sick_leave", id.escape_debug())]
    UnknownCancelled { index: usize, id: String },
    /// A date of the output would lie after 9999-12-31.
    #[error("the {} of the case starting {case_start} would lie after 9999-12-31", kind.as_str())]
    DateBeyondCalendar {
        case_start: NaiveDate,
        kind: MilestoneKind,
    },
}

impl FollowupError {
    /// The event the error is about, if it is about one.
    pub fn event_index(&self) -> Option<usize> {
        match self {
            FollowupError::DuplicateId { index, .. }
            | FollowupError::UnknownCorrects { index, .. }
            | FollowupError::CorrectsItself { index, .. }
            | FollowupError::UnknownCancelled { index, .. } => Some(*index),
            FollowupError::DateBeyondCalendar { .. } => None,
        }
    }

    /// The field the error is about: an event's field, or `events` as a whole.
    pub fn field(&self) -> &'static str {
        match self {
            FollowupError::DuplicateId { .. } | FollowupError::UnknownCancelled { .. } => "id",
            FollowupError::UnknownCorrects { .. } | FollowupError::CorrectsItself { .. } => {
                "corrects"
            }
            FollowupError::DateBeyondCalendar { .. } => "events",
        }
    }
}

/// Computes the follow-up of one person. For many people, reuse a
/// [`FollowupEngine`] to avoid allocating its working memory again.
pub fn compute_followup(input: &FollowupInput) -> Result<Followup, FollowupError> {
    FollowupEngine::default().compute(input)
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
