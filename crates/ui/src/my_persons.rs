//! "Mine personer", `GET /mine-personer`: the counsellor's or job
//! specialist's start page, the persons whose consent to them stands, each
//! linking to the person's page (which shows only what that person shares).
//!
//! The store's `list_persons` gives the persons (and audits each listing,
//! so the person sees it); the policy decides who opens the page.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use tilbake_domain::access::policy::PageKind;

use tilbake_domain::identity::Fnr;

use crate::format::date_long;
use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::texts::{fill, Texts};

#[derive(Template)]
#[template(path = "my_persons.html")]
struct MyPersonsTemplate {
    frame: Frame,
    t: &'static Texts,
    /// (person page, identity number as read, the next guidance session).
    persons: Vec<(String, String, String)>,
}

/// `GET /mine-personer`.
pub async fn page<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MyConsentedPersons)?;
    let t = page.t;
    let listed = host
        .store()
        .list_persons(&viewer.actor, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    // A counsellor sees the next session of each person who booked them.
    let booked = host
        .store()
        .my_bookings(&viewer.actor, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let next_session = |person: &Fnr| -> String {
        booked
            .iter()
            .find(|booked| booked.person == *person)
            .and_then(|booked| booked.next.as_ref())
            .map_or_else(String::new, |session| {
                fill(
                    t.guidance.next_session,
                    &[
                        ("number", &session.number),
                        ("date", &date_long(t, session.planned_on)),
                    ],
                )
            })
    };
    let labels = crate::names::labels(
        &page,
        &host,
        &viewer.actor,
        listed.iter().map(|listed| listed.person),
    )
    .await?;
    Ok(render(
        &MyPersonsTemplate {
            frame: page.frame(t.consent.persons_heading),
            t,
            persons: listed
                .iter()
                .map(|listed| {
                    (
                        labels.href(&listed.person),
                        labels.person(t, &listed.person),
                        next_session(&listed.person),
                    )
                })
                .collect(),
        },
        StatusCode::OK,
    ))
}
