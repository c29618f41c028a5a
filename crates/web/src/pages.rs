//! The web application's pages (crate `tilbake-ui`) mounted on this
//! server: [`tilbake_ui::Host`] for [`AppState`], so the pages reach the
//! store, the clock and sessions without knowing how they work.

use axum::http::request::Parts;
use chrono::NaiveDate;
use tilbake_domain::guidance::Catalogue;
use tilbake_store::{Millis, Store, StoreError};
use tilbake_ui::SignedIn;

use crate::auth::{cookie, is_change, sent_csrf_token, token_hash};
use crate::{AppState, SESSION_COOKIE};

impl tilbake_ui::Host for AppState {
    fn store(&self) -> &dyn Store {
        &*self.store
    }

    fn now(&self) -> Millis {
        self.clock.now()
    }

    fn today(&self) -> NaiveDate {
        self.clock.today()
    }

    fn instruments(&self) -> &Catalogue {
        &self.instruments
    }

    /// The session of the cookie. Pages are for browsers: a bearer token
    /// signs no one in here. A change must carry the session's CSRF token,
    /// checked as [`crate::Authenticated`] checks it; without it, nobody is
    /// signed in.
    async fn signed_in(&self, parts: &Parts) -> Result<Option<SignedIn>, StoreError> {
        let Some(session_token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Ok(None);
        };
        let session_hash = token_hash(&session_token);
        let Some(session) = self.store.session(&session_hash, self.clock.now()).await? else {
            return Ok(None);
        };
        if is_change(&parts.method) && !sent_csrf_token(parts, &session.csrf_token) {
            tracing::info!("a page change came without the session's CSRF token");
            return Ok(None);
        }
        Ok(Some(SignedIn {
            actor: session.actor,
            csrf_token: session.csrf_token,
            session_hash,
        }))
    }
}
