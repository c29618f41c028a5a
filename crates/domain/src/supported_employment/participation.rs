//! A participation: its state from referral to end, the method's five steps
//! as a tracker (steps overlap and go back), and the activities logged.

use chrono::NaiveDate;

/// Where a participation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParticipationState {
    /// A caseworker referred the person; they have not agreed yet. Nothing
    /// is visible to the provider.
    Referred,
    /// The person agreed; no job specialist has room (or none was named):
    /// waits in the provider's queue for the method supervisor.
    Queued,
    /// The person agreed and a job specialist follows them.
    Active,
    /// Ended (see [`EndReason`]).
    Ended,
}

impl ParticipationState {
    pub const ALL: [ParticipationState; 4] = [
        ParticipationState::Referred,
        ParticipationState::Queued,
        ParticipationState::Active,
        ParticipationState::Ended,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ParticipationState::Referred => "referred",
            ParticipationState::Queued => "queued",
            ParticipationState::Active => "active",
            ParticipationState::Ended => "ended",
        }
    }

    pub fn parse(text: &str) -> Option<ParticipationState> {
        ParticipationState::ALL
            .into_iter()
            .find(|state| state.as_str() == text)
    }

    /// Whether the participation still goes on (not ended).
    pub fn is_open(self) -> bool {
        self != ParticipationState::Ended
    }
}

/// Why a participation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EndReason {
    /// The person withdrew their agreement (and with it the consent).
    Withdrawn,
    /// The person did not agree to the referral.
    Declined,
    /// Ended by agreement between the participant and the specialist (the
    /// fade-out done, or the participant needs no more support).
    ByAgreement,
    /// Closed by the provider (e.g. a time limit): counts against
    /// time-unlimited follow-up when the participant had a job.
    ClosedByProvider,
}

impl EndReason {
    pub const ALL: [EndReason; 4] = [
        EndReason::Withdrawn,
        EndReason::Declined,
        EndReason::ByAgreement,
        EndReason::ClosedByProvider,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::Withdrawn => "withdrawn",
            EndReason::Declined => "declined",
            EndReason::ByAgreement => "by_agreement",
            EndReason::ClosedByProvider => "closed_by_provider",
        }
    }

    pub fn parse(text: &str) -> Option<EndReason> {
        EndReason::ALL
            .into_iter()
            .find(|reason| reason.as_str() == text)
    }
}

/// The method's five steps (EUSE): 3 and 4 are often worked together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// 1. Engagement and agreement.
    Engagement,
    /// 2. Vocational profile and career planning.
    VocationalProfile,
    /// 3. Job finding.
    JobFinding,
    /// 4. Employer engagement.
    EmployerEngagement,
    /// 5. Support on and off the job, with an agreed fade-out.
    Support,
}

impl Step {
    pub const ALL: [Step; 5] = [
        Step::Engagement,
        Step::VocationalProfile,
        Step::JobFinding,
        Step::EmployerEngagement,
        Step::Support,
    ];

    /// The step's number in the method (1–5).
    pub fn number(self) -> u8 {
        match self {
            Step::Engagement => 1,
            Step::VocationalProfile => 2,
            Step::JobFinding => 3,
            Step::EmployerEngagement => 4,
            Step::Support => 5,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Engagement => "engagement",
            Step::VocationalProfile => "vocational_profile",
            Step::JobFinding => "job_finding",
            Step::EmployerEngagement => "employer_engagement",
            Step::Support => "support",
        }
    }

    pub fn parse(text: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|step| step.as_str() == text)
    }

    fn bit(self) -> u8 {
        1 << (self.number() - 1)
    }
}

/// The steps a participant is in now: a tracker, not a line, so several
/// at once and any step again. Listed in the method's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct StepSet(u8);

impl StepSet {
    pub const NONE: StepSet = StepSet(0);

    pub fn of(steps: impl IntoIterator<Item = Step>) -> StepSet {
        steps.into_iter().fold(StepSet::NONE, StepSet::with)
    }

    #[must_use]
    pub fn with(self, step: Step) -> StepSet {
        StepSet(self.0 | step.bit())
    }

    pub fn contains(self, step: Step) -> bool {
        self.0 & step.bit() != 0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn steps(self) -> impl Iterator<Item = Step> {
        Step::ALL
            .into_iter()
            .filter(move |step| self.contains(*step))
    }

    /// The stored form: the steps' names, comma-separated.
    pub fn to_text(self) -> String {
        self.steps().map(Step::as_str).collect::<Vec<_>>().join(",")
    }

    /// Reads the stored form; unknown names are skipped.
    pub fn from_text(text: &str) -> StepSet {
        StepSet::of(text.split(',').filter_map(Step::parse))
    }
}

/// What the job specialist did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ActivityKind {
    /// A guidance meeting or conversation with the participant.
    ParticipantMeeting,
    /// A contact with an employer (call, meeting) about a job.
    EmployerContact,
    /// A visit at a workplace, with or without the participant.
    WorkplaceVisit,
    /// A work trial (arbeidsutprøving) at an employer.
    WorkTrial,
    /// Follow-up at work after hiring.
    FollowUpAtWork,
    /// A career talk after hiring (the next job, more hours, training).
    CareerTalk,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 6] = [
        ActivityKind::ParticipantMeeting,
        ActivityKind::EmployerContact,
        ActivityKind::WorkplaceVisit,
        ActivityKind::WorkTrial,
        ActivityKind::FollowUpAtWork,
        ActivityKind::CareerTalk,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::ParticipantMeeting => "participant_meeting",
            ActivityKind::EmployerContact => "employer_contact",
            ActivityKind::WorkplaceVisit => "workplace_visit",
            ActivityKind::WorkTrial => "work_trial",
            ActivityKind::FollowUpAtWork => "follow_up_at_work",
            ActivityKind::CareerTalk => "career_talk",
        }
    }

    pub fn parse(text: &str) -> Option<ActivityKind> {
        ActivityKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }

    /// Whether the activity is a contact with an employer: the kinds the
    /// drift warnings, the weekly goal and rapid job search count.
    pub fn is_employer_contact(self) -> bool {
        matches!(
            self,
            ActivityKind::EmployerContact
                | ActivityKind::WorkplaceVisit
                | ActivityKind::WorkTrial
                | ActivityKind::FollowUpAtWork
        )
    }

    /// Whether the activity needs an employer named.
    pub fn needs_employer(self) -> bool {
        self.is_employer_contact()
    }
}

/// Where an activity took place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Place {
    /// In the provider's (or NAV's) office.
    Office,
    /// Out: at a workplace, in town, at the participant's.
    Out,
}

impl Place {
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Office => "office",
            Place::Out => "out",
        }
    }

    pub fn parse(text: &str) -> Option<Place> {
        [Place::Office, Place::Out]
            .into_iter()
            .find(|place| place.as_str() == text)
    }
}

/// The longest note an activity keeps (a short note, not a journal).
pub const NOTE_MAX_CHARS: usize = 2_000;

/// One logged activity. Employer contacts name the employer; an activity
/// may be for no one participant (finding jobs with an employer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    pub on: NaiveDate,
    pub kind: ActivityKind,
    pub place: Place,
    pub employer: Option<crate::identity::Orgnr>,
    pub note: String,
}

/// Why an activity is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ActivityError {
    #[error("employer: a {} names the employer", .0.as_str())]
    EmployerMissing(ActivityKind),
    #[error("note: at most {NOTE_MAX_CHARS} characters")]
    NoteTooLong,
    #[error("on: {0} is after today; log what has happened")]
    InTheFuture(NaiveDate),
}

impl Activity {
    /// Checks an activity as logged on `today`.
    pub fn check(&self, today: NaiveDate) -> Result<(), ActivityError> {
        if self.kind.needs_employer() && self.employer.is_none() {
            return Err(ActivityError::EmployerMissing(self.kind));
        }
        if self.note.chars().count() > NOTE_MAX_CHARS {
            return Err(ActivityError::NoteTooLong);
        }
        if self.on > today {
            return Err(ActivityError::InTheFuture(self.on));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        for state in ParticipationState::ALL {
            assert_eq!(ParticipationState::parse(state.as_str()), Some(state));
        }
        for reason in EndReason::ALL {
            assert_eq!(EndReason::parse(reason.as_str()), Some(reason));
        }
        for kind in ActivityKind::ALL {
            assert_eq!(ActivityKind::parse(kind.as_str()), Some(kind));
        }
        for step in Step::ALL {
            assert_eq!(Step::parse(step.as_str()), Some(step));
        }
        assert_eq!(Place::parse("out"), Some(Place::Out));
        assert_eq!(Place::parse("home"), None);
    }

    #[test]
    fn steps_overlap_and_read_back_in_the_method_s_order() {
        let steps = StepSet::of([Step::Support, Step::VocationalProfile, Step::JobFinding]);
        assert_eq!(steps.to_text(), "vocational_profile,job_finding,support");
        assert_eq!(StepSet::from_text(&steps.to_text()), steps);
        assert_eq!(
            StepSet::from_text("support,unknown"),
            StepSet::of([Step::Support])
        );
        assert!(StepSet::from_text("").is_empty());
    }

    #[test]
    fn an_activity_with_an_employer_names_it_and_is_not_in_the_future() {
        let today = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        let mut activity = Activity {
            on: today,
            kind: ActivityKind::EmployerContact,
            place: Place::Out,
            employer: None,
            note: String::new(),
        };
        assert_eq!(
            activity.check(today),
            Err(ActivityError::EmployerMissing(
                ActivityKind::EmployerContact
            ))
        );
        activity.kind = ActivityKind::ParticipantMeeting;
        assert_eq!(activity.check(today), Ok(()));
        activity.on = today.succ_opt().unwrap();
        assert!(matches!(
            activity.check(today),
            Err(ActivityError::InTheFuture(_))
        ));
        activity.on = today;
        activity.note = "x".repeat(NOTE_MAX_CHARS + 1);
        assert_eq!(activity.check(today), Err(ActivityError::NoteTooLong));
    }
}
