//! The pure rules of tilbake: the follow-up engine and the calendar it counts on.
//!
//! This crate is plain functions over plain data. It does no I/O, never reads
//! the clock (`today` is an input), never logs, and knows nothing of JSON,
//! HTTP or databases; the `tilbake-contract` crate converts the contract's
//! documents to these types at the edge.
//!
//! It is not the place for storage rules or access control; those live in the
//! store and web crates that stand on it.

// The contract says the engine never panics, whatever the input.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod access;
pub mod calendar;
pub mod casework;
pub mod document;
pub mod early;
pub mod events;
pub mod followup;
pub mod guidance;
pub mod health_words;
pub mod identity;
pub mod plan_diff;
pub mod register;
pub mod statistics;
pub mod supported_employment;
pub mod tasks;
pub mod work_ability;
