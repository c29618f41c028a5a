//! What the pages need from the application that serves them.
//!
//! The web crate owns the state, the clock and sessions; it implements
//! [`Host`] for its state and mounts [`crate::routes`]. So this crate knows
//! neither how a session cookie is checked nor where the time comes from.

use std::future::Future;

use axum::http::request::Parts;
use chrono::NaiveDate;
use tilbake_domain::guidance::Catalogue;
use tilbake_store::{Actor, Millis, Store, StoreError};

/// A person signed in with a session (pages are for browsers: no API tokens).
#[derive(Clone, Debug)]
pub struct SignedIn {
    pub actor: Actor,
    /// The session's CSRF token, which every form that changes something sends back.
    pub csrf_token: String,
    /// The hash under which the store keeps this session (never the token
    /// itself), to tell it among the user's sessions.
    pub session_hash: String,
}

/// The application the pages run in.
pub trait Host: Clone + Send + Sync + 'static {
    fn store(&self) -> &dyn Store;
    /// Milliseconds since the Unix epoch.
    fn now(&self) -> Millis;
    /// The date of `now`.
    fn today(&self) -> NaiveDate;
    /// The guidance instruments the service offers.
    fn instruments(&self) -> &Catalogue;
    /// The signed-in person of a request, from its session cookie; `None`
    /// without a live session. For a change (any method but GET, HEAD and
    /// OPTIONS) also `None` unless the request carries the session's CSRF
    /// token (`X-CSRF-Token` or the form field `csrf_token`), so a page
    /// handler that changes something cannot forget the check.
    fn signed_in(
        &self,
        parts: &Parts,
    ) -> impl Future<Output = Result<Option<SignedIn>, StoreError>> + Send;
}
