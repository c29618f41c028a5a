//! Supported Employment (Supported Employment and IPS; NAV's "Utvidet
//! oppfølging"): a job specialist follows a participant through the
//! method's five steps into paid work on the open market, and keeps
//! supporting them there.
//!
//! Plain data and pure rules: the participation's state and steps
//! ([`participation`]), the activities the specialist logs and the drift
//! warnings read from them ([`drift`], after the seed study's signs of
//! practice gone wrong), the vocational profile written with the
//! participant ([`profile`]), the employer register ([`employer`]),
//! matching and job carving ([`matching`]), the job and its fade-out
//! ([`hiring`]), and the fidelity indicators computed from what is logged
//! ([`fidelity`]). Who sees and does what is `access::policy`'s; the store
//! keeps the records. Nothing here reads the clock: `today` is a parameter.

pub mod drift;
pub mod employer;
pub mod fidelity;
pub mod hiring;
pub mod matching;
pub mod participation;
pub mod profile;

pub use drift::{drift_warnings, DriftWarning};
pub use employer::{Employer, EmployerError, EmployerTask};
pub use fidelity::{
    specialist_fidelity, team_fidelity, team_outcomes, ActivityTally, FidelityItem,
    ParticipantFacts, Share, SpecialistFidelity, Stage, TeamFidelity,
};
pub use hiring::{
    still_employed, FadeOutError, FadeOutPlan, FadeOutStep, Hire, HireError, Milestone, Onboarding,
    OnboardingItem,
};
pub use matching::{
    carve_job, match_employers, CarvedJob, CarvedTask, CarvingError, Match, MatchReason,
};
pub use participation::{
    Activity, ActivityError, ActivityKind, EndReason, ParticipationState, Place, Step, StepSet,
};
pub use profile::{
    FromGuidance, Hours, HoursError, ProfileError, ProfileSource, VocationalProfile,
};

/// The most active participants one job specialist follows (the method's
/// caseload; IPS fidelity item "caseload size" gives full score at 20).
pub const CASELOAD_CAP: u32 = 20;

/// The method's goal of employer contacts per job specialist per week.
pub const EMPLOYER_CONTACTS_GOAL_PER_WEEK: u32 = 6;

/// The most days from agreement to the first employer contact the method
/// asks for (IPS "rapid job search").
pub const FIRST_EMPLOYER_CONTACT_DAYS: i64 = 30;
