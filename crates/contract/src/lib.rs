//! The JSON documents of tilbake's contracts (`shared/contracts/`), converted
//! to and from domain types.
//!
//! This is the edge where outside bytes become validated domain values: every
//! error names the field it is about, in the contract's `events[i].field`
//! form, on one line. It is not the place for rules; those are in
//! `tilbake-domain`, whose types do not know JSON.

mod casework;
pub mod document;
pub mod events;
pub mod followup;
pub mod guidance;
mod register;
pub mod statistics;
pub mod stored;
