//! "Innloggingene dine", `GET /innlogginger`: the signed-in user's live
//! sessions (when each began, was last used and expires; which is this
//! browser), and "log out everywhere" (`POST /innlogginger/logg-ut-overalt`),
//! which ends every one of them, this one too, and leads to the sign-in page.
//!
//! Every role that signs in opens it (`PageKind::MySessions`); the header
//! links to it beside who is signed in. The page shows no token or hash:
//! "this browser" is told by the session the page is asked from.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tilbake_domain::access::policy::PageKind;

use crate::format::timestamp;
use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::texts::{fill, Texts};

struct SessionRow {
    which: &'static str,
    current: bool,
    created: String,
    last_used: String,
    expires: String,
}

#[derive(Template)]
#[template(path = "my_sessions.html")]
struct MySessionsTemplate {
    frame: Frame,
    t: &'static Texts,
    count: String,
    rows: Vec<SessionRow>,
    csrf_token: String,
    everywhere_action: &'static str,
}

/// `GET /innlogginger`.
pub async fn page<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MySessions)?;
    let t = page.t;
    let sessions = host
        .store()
        .sessions_of(&viewer.actor, &viewer.session_hash, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let rows: Vec<SessionRow> = sessions
        .iter()
        .map(|session| SessionRow {
            which: if session.current {
                t.sessions.this_one
            } else {
                t.sessions.other_one
            },
            current: session.current,
            created: timestamp(t, session.created_at),
            last_used: timestamp(t, session.last_used_at),
            expires: timestamp(t, session.expires_at),
        })
        .collect();
    let count = match rows.len() {
        0 | 1 => t.sessions.count_one.to_owned(),
        n => fill(t.sessions.count_many, &[("count", &n)]),
    };
    let template = MySessionsTemplate {
        frame: page.frame(t.sessions.heading),
        t,
        count,
        rows,
        csrf_token: viewer.csrf_token.clone(),
        everywhere_action: paths::LOG_OUT_EVERYWHERE,
    };
    Ok(render(&template, StatusCode::OK))
}

/// `POST /innlogginger/logg-ut-overalt`: ends every session of the user,
/// then the sign-in page.
pub async fn log_out_everywhere<S: Host>(
    page: Page,
    State(host): State<S>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MySessions)?;
    let n_ended = host
        .store()
        .end_sessions_of(&viewer.actor)
        .await
        .map_err(|error| page.store_error(error))?;
    tracing::info!(n_ended, "logged out everywhere");
    Ok(Redirect::to(paths::LOGIN).into_response())
}
