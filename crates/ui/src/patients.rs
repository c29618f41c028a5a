//! "Mine pasienter", `GET /pasienter`: the GP's patients (the persons they
//! wrote certificates for, from the store's `list_persons`, each listing
//! audited) with links to their follow-up, plan and meetings; and a look-up
//! by identity number that goes to the person's page, where the store's
//! access check decides.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use tilbake_domain::access::policy::PageKind;
use tilbake_domain::identity::Fnr;

use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::texts::{fill, Texts};

const FNR_FIELD: &str = "fnr";

#[derive(Template)]
#[template(path = "patients.html")]
struct PatientsTemplate {
    frame: Frame,
    t: &'static Texts,
    csrf_token: String,
    fnr: String,
    fnr_error: Option<&'static str>,
    patients: Vec<PatientRow>,
}

struct PatientRow {
    fnr: String,
    href: String,
}

/// `GET /pasienter`: the GP's patients and the look-up form. The
/// identity number is posted, never put in the address (`POST /pasienter`).
pub async fn page<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Patients)?;
    let t = page.t;
    let listed = host
        .store()
        .list_persons(&viewer.actor, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let labels = crate::names::labels(
        &page,
        &host,
        &viewer.actor,
        listed.iter().map(|listed| listed.person),
    )
    .await?;
    let template = PatientsTemplate {
        frame: page.frame(t.person.patients_title),
        t,
        csrf_token: viewer.csrf_token.clone(),
        fnr: String::new(),
        fnr_error: None,
        patients: listed
            .iter()
            .map(|listed| PatientRow {
                fnr: labels.person(t, &listed.person),
                href: labels.href(&listed.person),
            })
            .collect(),
    };
    Ok(render(&template, StatusCode::OK))
}

/// `POST /pasienter` (`fnr`): the way to the person's page, by their
/// reference; a number that is not valid, or names no patient of this GP,
/// comes back with a message (the same for both, so the look-up tells
/// nothing of persons the GP does not see).
pub async fn look_up<S: Host>(
    page: Page,
    State(host): State<S>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Patients)?;
    let t = page.t;
    let typed = fields
        .iter()
        .find(|(key, _)| key == FNR_FIELD)
        .map(|(_, value)| value.trim().replace(' ', ""))
        .unwrap_or_default();
    if let Ok(fnr) = Fnr::parse(&typed) {
        let labels = crate::names::labels(&page, &host, &viewer.actor, [fnr]).await?;
        if let Some(reference) = labels.reference(&fnr) {
            return Ok(Redirect::to(&paths::person(reference)).into_response());
        }
    }
    let mut template = PatientsTemplate {
        frame: page.frame(t.person.patients_title),
        t,
        csrf_token: viewer.csrf_token.clone(),
        fnr: typed,
        fnr_error: Some(t.person.patients_fnr_error),
        patients: Vec::new(),
    };
    template.frame.title = fill(
        t.common.page_title_error,
        &[("page", &t.person.patients_title)],
    );
    Ok(render(&template, StatusCode::BAD_REQUEST))
}
