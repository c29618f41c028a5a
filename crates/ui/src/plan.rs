//! The follow-up plan, `/person/{person}/plan`: every version, newest first,
//! with the worker's approval or comments and when it was shared; for the
//! nearest manager, the form for a new version (filled with the latest, so
//! a change is a new version and nothing is lost), gentle quality hints on
//! the latest version, and sharing with the GP and NAV in one action
//! (`POST /person/{person}/plan/del`). The GP and NAV see versions once shared
//! (the store leaves the rest out); the worker answers on their own page.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde_json::{json, Map, Value};
use tilbake_domain::access::policy;
use tilbake_domain::casework::{
    plan_health_words, plan_hints, plan_versions, AdaptationKind, AdaptationStatus, Participant,
    Plan,
};
use tilbake_domain::document::{Document, DocumentKind};
use tilbake_domain::identity::Fnr;
use tilbake_domain::register::PersonRef;
use tilbake_store::PersonRecord;

use crate::casework::{
    adaptation_name, health_terms_attribute, hint_view, participant_choices, put_error,
    read_for_case_work, rename_row, send, version_views, HintView, PlanReader, SendError,
    VersionView,
};
use crate::form::{Field, FormFields};
use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::saved::Confirmation;
use crate::texts::{fill, Texts};

pub(crate) const PURPOSE: &str = "the follow-up plan";
/// Rows of next steps the form offers.
const STEP_ROWS: usize = 3;

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanTemplate {
    frame: Frame,
    t: &'static Texts,
    heading: String,
    intro: &'static str,
    person_href: String,
    versions: Vec<VersionView>,
    hints: Vec<HintView>,
    /// The health terms for the live hint's script, and its message
    /// around the words found.
    health_terms: String,
    health_message: (String, String),
    plan_hint_script: &'static str,
    /// The manager's form, when the reader writes plans.
    form: Option<FormFields>,
    adaptation_rows: Vec<AdaptationFieldRow>,
    step_rows: Vec<StepFieldRow>,
    /// The latest version is not shared yet (the manager may share it).
    can_share: bool,
    save_action: String,
    share_action: String,
    csrf_token: String,
    errors: Vec<(String, String)>,
    /// The action plan of career guidance, while the person shares it with
    /// the reader's party; only the plan, beside the follow-up plan.
    guidance_plan: Option<(crate::guidance_plan::PlanView, Option<String>)>,
}

/// One adaptation's three fields, grouped under its kind.
struct AdaptationFieldRow {
    legend: &'static str,
    description: Field,
    status: Field,
    effect: Field,
}

/// One next step's fields.
struct StepFieldRow {
    legend: String,
    what: Field,
    who: Field,
    when: Field,
}

fn plan_path(reference: &PersonRef) -> String {
    format!("{}/plan", paths::person(reference))
}

/// The form, filled with `plan` (the latest version) when there is one.
fn plan_form(t: &Texts, plan: Option<&Plan>) -> FormFields {
    let c = &t.casework;
    let who = participant_choices(t, &Participant::ALL);
    let statuses = [
        (AdaptationStatus::Tried.as_str(), c.status_tried),
        (AdaptationStatus::Agreed.as_str(), c.status_agreed),
    ];
    let mut fields = vec![
        Field::area("work_tasks", c.plan_work_tasks).hint(c.plan_work_tasks_hint),
        Field::area("can_do_now", c.plan_can_do_now).hint(c.plan_can_do_now_hint),
    ];
    for (index, kind) in AdaptationKind::ALL.iter().enumerate() {
        let existing = plan.and_then(|plan| plan.adaptations.iter().find(|a| a.kind == *kind));
        fields.push(
            Field::area(
                &format!("adaptations[{index}].description"),
                c.plan_adaptation_description,
            )
            .value(existing.map_or("", |a| a.description.as_str())),
        );
        fields.push(
            Field::radios(
                &format!("adaptations[{index}].status"),
                c.plan_adaptation_status,
                &statuses,
            )
            .value(existing.map_or("", |a| a.status.as_str())),
        );
        fields.push(
            Field::area(
                &format!("adaptations[{index}].effect"),
                c.plan_adaptation_effect,
            )
            .hint(c.plan_adaptation_effect_hint)
            .value(existing.map_or("", |a| a.effect.as_str())),
        );
    }
    fields.push(Field::area("nav_help", c.plan_nav_help).hint(c.plan_nav_help_hint));
    for index in 0..STEP_ROWS {
        let existing = plan.and_then(|plan| plan.next_steps.get(index));
        fields.push(
            Field::text(&format!("next_steps[{index}].what"), c.plan_step_what)
                .value(existing.map_or("", |s| s.what.as_str())),
        );
        fields.push(
            Field::select(&format!("next_steps[{index}].who"), c.plan_step_who, &who)
                .value(existing.map_or("manager", |s| s.who.as_str())),
        );
        let when = existing.map(|s| crate::dates::form_date(s.when));
        fields.push(
            Field::date(&format!("next_steps[{index}].when"), c.plan_step_when)
                .hint(c.date_hint)
                .value(when.as_deref().unwrap_or("")),
        );
    }
    let mut form = FormFields::new(fields);
    if let Some(plan) = plan {
        for field in &mut form.fields {
            match field.name.as_str() {
                "work_tasks" => field.value.clone_from(&plan.work_tasks),
                "can_do_now" => field.value.clone_from(&plan.can_do_now),
                "nav_help" => field.value.clone_from(&plan.nav_help),
                _ => {}
            }
        }
    }
    form
}

/// The form's rows, for the template (fields by name).
fn layout(t: &Texts, form: &FormFields) -> (Vec<AdaptationFieldRow>, Vec<StepFieldRow>) {
    let field = |name: String| {
        form.fields
            .iter()
            .find(|f| f.name == name)
            .cloned()
            .unwrap_or_else(|| Field::text(&name, ""))
    };
    let adaptations = AdaptationKind::ALL
        .iter()
        .enumerate()
        .map(|(i, kind)| AdaptationFieldRow {
            legend: adaptation_name(t, *kind),
            description: field(format!("adaptations[{i}].description")),
            status: field(format!("adaptations[{i}].status")),
            effect: field(format!("adaptations[{i}].effect")),
        })
        .collect();
    let steps = (0..STEP_ROWS)
        .map(|i| StepFieldRow {
            legend: fill(t.casework.plan_step_legend, &[("number", &(i + 1))]),
            what: field(format!("next_steps[{i}].what")),
            who: field(format!("next_steps[{i}].who")),
            when: field(format!("next_steps[{i}].when")),
        })
        .collect();
    (adaptations, steps)
}

/// The document fields of a posted form, and which form rows became the
/// document's adaptations and next steps (empty rows are left out).
fn document_fields(form: &FormFields) -> (Map<String, Value>, Vec<usize>, Vec<usize>) {
    let mut adaptations = Vec::new();
    let mut adaptation_rows = Vec::new();
    for (index, kind) in AdaptationKind::ALL.iter().enumerate() {
        let description = form.get(&format!("adaptations[{index}].description"));
        let status = form.get(&format!("adaptations[{index}].status"));
        let effect = form.get(&format!("adaptations[{index}].effect"));
        if description.is_empty() && effect.is_empty() {
            continue;
        }
        adaptation_rows.push(index);
        adaptations.push(json!({"kind": kind.as_str(), "status": status,
            "description": description, "effect": effect}));
    }
    let mut steps = Vec::new();
    let mut step_rows = Vec::new();
    for index in 0..STEP_ROWS {
        let what = form.get(&format!("next_steps[{index}].what"));
        let when = form.get(&format!("next_steps[{index}].when"));
        if what.is_empty() && when.is_empty() {
            continue;
        }
        step_rows.push(index);
        steps.push(
            json!({"what": what, "who": form.get(&format!("next_steps[{index}].who")),
            "when": when}),
        );
    }
    let mut fields = Map::new();
    for name in ["work_tasks", "can_do_now", "nav_help"] {
        fields.insert(name.to_owned(), json!(form.get(name)));
    }
    fields.insert("adaptations".to_owned(), Value::Array(adaptations));
    fields.insert("next_steps".to_owned(), Value::Array(steps));
    (fields, adaptation_rows, step_rows)
}

/// `GET /person/{person}/plan`.
pub async fn page<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
) -> Result<Response, Exit> {
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let record = read_for_case_work(&page, &host, &fnr, PURPOSE).await?;
    let guidance_plan = shared_guidance_plan(&page, &host, (&fnr, &reference)).await?;
    Ok(show(&page, &fnr, &record, None, guidance_plan))
}

/// The action plan of career guidance, when the person shares it with the
/// reader's party: shown beside the follow-up plan.
async fn shared_guidance_plan<S: Host>(
    page: &Page,
    host: &S,
    (fnr, reference): (&Fnr, &PersonRef),
) -> Result<Option<(crate::guidance_plan::PlanView, Option<String>)>, Exit> {
    match page.viewer.as_ref() {
        Some(viewer) => {
            crate::guidance_plan::shared_plan(page, host, viewer, (fnr, reference)).await
        }
        None => Ok(None),
    }
}

/// `POST /person/{person}/plan`: the manager saves a new version.
pub async fn save<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require_form(|forms| forms.write_plan)?;
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let mut form = plan_form(page.t, None);
    form.fill(&posted);
    let (mut fields, adaptation_rows, step_rows) = document_fields(&form);
    fields.insert(
        "date".to_owned(),
        json!(page.today.format("%Y-%m-%d").to_string()),
    );
    match send(
        &host,
        viewer,
        &fnr,
        DocumentKind::PlanVersion,
        fields,
        page.today,
        page.now,
    )
    .await
    {
        Ok(()) => {
            Ok(Redirect::to(&Confirmation::PlanSaved.href(&plan_path(&reference))).into_response())
        }
        Err(SendError::Form(error)) => {
            put_error(page.t, &mut form, &error, |field| {
                rename_row(
                    &rename_row(field, "adaptations", &adaptation_rows),
                    "next_steps",
                    &step_rows,
                )
            });
            let record = read_for_case_work(&page, &host, &fnr, PURPOSE).await?;
            let guidance_plan = shared_guidance_plan(&page, &host, (&fnr, &reference)).await?;
            Ok(show(&page, &fnr, &record, Some(form), guidance_plan))
        }
        Err(SendError::Store(error)) => Err(page.store_error(error).into()),
    }
}

/// `POST /person/{person}/plan/del`: the manager shares the latest version
/// with the GP and NAV.
pub async fn share<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
) -> Result<Response, Exit> {
    let viewer = page.require_form(|forms| forms.write_plan)?;
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let mut fields = Map::new();
    fields.insert(
        "date".to_owned(),
        json!(page.today.format("%Y-%m-%d").to_string()),
    );
    match send(
        &host,
        viewer,
        &fnr,
        DocumentKind::PlanShared,
        fields,
        page.today,
        page.now,
    )
    .await
    {
        Ok(()) => Ok(
            Redirect::to(&Confirmation::PlanShared.href(&plan_path(&reference))).into_response(),
        ),
        Err(SendError::Form(_)) => Ok(Redirect::to(&plan_path(&reference)).into_response()),
        Err(SendError::Store(error)) => Err(page.store_error(error).into()),
    }
}

fn show(
    page: &Page,
    fnr: &Fnr,
    record: &PersonRecord,
    posted: Option<FormFields>,
    guidance_plan: Option<(crate::guidance_plan::PlanView, Option<String>)>,
) -> Response {
    let t = page.t;
    let c = &t.casework;
    let forms = page.viewer.as_ref().map(|v| policy::forms(&v.actor));
    // The documents as the store gave them, borrowed.
    let documents: Vec<&Document> = record.documents.iter().map(|s| &s.document).collect();
    let states = plan_versions(documents.iter().copied());
    let latest = states.last();
    let writes = forms.is_some_and(|forms| forms.write_plan);
    let hints = match latest.filter(|_| writes) {
        Some(latest) => {
            let words = plan_health_words(latest.plan);
            plan_hints(latest.plan)
                .into_iter()
                .map(|hint| hint_view(t, hint, &words))
                .collect()
        }
        None => Vec::new(),
    };
    let failed = posted.is_some();
    let form = writes.then(|| posted.unwrap_or_else(|| plan_form(t, latest.map(|l| l.plan))));
    let (adaptation_rows, step_rows) = form
        .as_ref()
        .map(|form| layout(t, form))
        .unwrap_or_default();
    let heading = fill(
        c.plan_heading,
        &[(
            "fnr",
            &crate::names::person_label(page.t, fnr, record.name.as_ref()),
        )],
    );
    let mut frame = page.frame(&heading);
    if failed {
        frame.title = fill(t.common.page_title_error, &[("page", &heading)]);
    }
    let template = PlanTemplate {
        frame,
        t,
        guidance_plan,
        intro: if writes {
            c.plan_intro_manager
        } else {
            c.plan_intro_reader
        },
        heading,
        person_href: paths::person(&record.reference),
        versions: version_views(t, &states, PlanReader::AParty),
        hints,
        health_terms: if writes {
            health_terms_attribute()
        } else {
            String::new()
        },
        health_message: c
            .hint_health_words
            .split_once("{words}")
            .map(|(before, after)| (before.to_owned(), after.to_owned()))
            .unwrap_or_default(),
        plan_hint_script: crate::assets::PLAN_HINT_HREF.as_str(),
        errors: form.as_ref().map(FormFields::errors).unwrap_or_default(),
        form,
        adaptation_rows,
        step_rows,
        can_share: writes && latest.is_some_and(|latest| latest.shared.is_none()),
        save_action: plan_path(&record.reference),
        share_action: format!("{}/del", plan_path(&record.reference)),
        csrf_token: page
            .viewer
            .as_ref()
            .map(|v| v.csrf_token.clone())
            .unwrap_or_default(),
    };
    render(
        &template,
        if failed {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        },
    )
}
