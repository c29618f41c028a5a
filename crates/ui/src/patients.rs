//! "Mine pasienter", `GET /pasienter`: the GP's patients (the persons they
//! wrote certificates for, from the store's `list_persons`, each listing
//! audited) with links to their follow-up, plan and meetings; and a look-up
//! by identity number that goes to the person's page, where the store's
//! access check decides.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tilbake_domain::access::policy::PageKind;
use tilbake_domain::identity::Fnr;

use crate::format::fnr_grouped;
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
    fnr: String,
    fnr_error: Option<&'static str>,
    patients: Vec<PatientRow>,
}

struct PatientRow {
    fnr: String,
    href: String,
}

/// `GET /pasienter[?fnr=…]`: the form, or the way to the person's page.
pub async fn page<S: Host>(
    page: Page,
    State(host): State<S>,
    RawQuery(query): RawQuery,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Patients)?;
    let t = page.t;
    let pairs: Vec<(String, String)> = query
        .as_deref()
        .and_then(|query| serde_urlencoded::from_str(query).ok())
        .unwrap_or_default();
    let typed = pairs
        .iter()
        .find(|(key, _)| key == FNR_FIELD)
        .map(|(_, value)| value.trim().replace(' ', ""));
    let mut template = PatientsTemplate {
        frame: page.frame(t.person.patients_title),
        t,
        fnr: typed.clone().unwrap_or_default(),
        fnr_error: None,
        patients: Vec::new(),
    };
    let Some(typed) = typed else {
        template.patients = host
            .store()
            .list_persons(&viewer.actor, page.today, page.now)
            .await
            .map_err(|error| page.store_error(error))?
            .iter()
            .map(|listed| PatientRow {
                fnr: fnr_grouped(&listed.person),
                href: paths::person(&listed.person),
            })
            .collect();
        return Ok(render(&template, StatusCode::OK));
    };
    if let Ok(fnr) = Fnr::parse(&typed) {
        return Ok(Redirect::to(&paths::person(&fnr)).into_response());
    }
    template.fnr_error = Some(t.person.patients_fnr_error);
    template.frame.title = fill(
        t.common.page_title_error,
        &[("page", &t.person.patients_title)],
    );
    Ok(render(&template, StatusCode::BAD_REQUEST))
}
