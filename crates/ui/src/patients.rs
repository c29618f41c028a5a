//! "Mine pasienter", `GET /pasienter`: the GP looks a patient up by identity
//! number and goes to the person's page, where the store's access check
//! decides (a GP sees the persons they wrote certificates for). The store
//! has no list of a GP's patients yet, so the page says so.

use askama::Template;
use axum::extract::RawQuery;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tilbake_domain::access::Role;
use tilbake_domain::identity::Fnr;

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
}

/// `GET /pasienter[?fnr=…]`: the form, or the way to the person's page.
pub async fn page(page: Page, RawQuery(query): RawQuery) -> Result<Response, Exit> {
    page.require_role(Role::Gp)?;
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
    };
    let Some(typed) = typed else {
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
