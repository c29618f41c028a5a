//! Seeded generator of realistic synthetic sick-leave histories, for tests,
//! demos and benchmarks of the follow-up engine.
//!
//! [`PopulationGenerator`] streams [`SyntheticPerson`]s: a synthetic identity
//! number (month + 40, never a real person's), a birth date, the employers'
//! organisation numbers and a [`FollowupInput`] the engine accepts. Every
//! person is a deterministic function of the seed, and memory does not grow
//! with the number of people drawn. The distributions (how many absences,
//! how long, graded or not, renewals, vacations, corrections, cancellations)
//! are in `params`, and `docs/SYNTHETIC.md` gives the reasons for them.
//!
//! This crate produces domain values only: it writes no files and knows no
//! JSON (the `tilbake bench` command converts to the contract's documents),
//! and it is not a model of any real person or register.
//!
//! [`FollowupInput`]: tilbake_domain::followup::FollowupInput

pub mod demo;
mod identity;
pub mod names;
mod params;
mod population;
pub mod supported_employment;

pub use identity::{
    individual_number_range, organisation_number, synthetic_identity_number, SYNTHETIC_MONTH_OFFSET,
};
pub use params::NATIONAL_RECENT_ABSENCE_SHARE;
pub use population::{CaseWorkDocument, PopulationConfig, PopulationGenerator, SyntheticPerson};

#[cfg(test)]
mod tests;
