//! The mapping report (kartleggingsrapport): the profiles with the ranked
//! gaps and the occupations to talk about, and the action plan, on one
//! printable page (`/min-veiledning/rapport`, the counsellor's
//! `/person/{person}/veiledning/rapport`) and as a PDF of the same text
//! (`…/rapport.pdf`, tables of numbers in place of the charts).
//!
//! Who reads it is the store's, by the policy (`read_guidance_report`):
//! the person, the guidance part, and NAV or the GP while the person shares
//! the report with them; never the manager.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use tilbake_domain::access::policy::PageKind;
use tilbake_domain::identity::Fnr;

use crate::format::date_long;
use crate::guidance::{answers_for, language, profiles, ProfileView};
use crate::guidance_plan::{plan_view, PlanView};
use crate::host::{Host, SignedIn};
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::pdf::Block;
use crate::texts::{fill, Texts};

/// What the report holds, for the page and the PDF alike.
struct Report {
    profiles: Vec<ProfileView>,
    plan: Option<PlanView>,
    made: String,
}

#[derive(Template)]
#[template(path = "guidance_report.html")]
struct ReportTemplate {
    frame: Frame,
    t: &'static Texts,
    person: Option<(String, String)>,
    made: String,
    pdf_href: String,
    profiles: Vec<ProfileView>,
    plan: Option<PlanView>,
}

async fn gather<S: Host>(
    page: &Page,
    host: &S,
    viewer: &SignedIn,
    fnr: &Fnr,
) -> Result<Report, Exit> {
    let t = page.t;
    let (saved, record) = host
        .store()
        .read_guidance_report(&viewer.actor, fnr, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let answered = answers_for(host.instruments(), &saved);
    let plan = record.latest().map(|latest| plan_view(t, latest));
    Ok(Report {
        profiles: profiles(t, language(page.lang), &answered),
        plan,
        made: fill(
            t.guidance_plan.report_made,
            &[("date", &date_long(t, page.today))],
        ),
    })
}

/// `person`: the person's page and label, for a reader who is not the person.
fn html(
    page: &Page,
    report: Report,
    person: Option<(String, String)>,
    pdf_href: String,
) -> Response {
    let t = page.t;
    render(
        &ReportTemplate {
            frame: page.frame(t.guidance_plan.report_heading),
            t,
            person,
            made: report.made,
            pdf_href,
            profiles: report.profiles,
            plan: report.plan,
        },
        StatusCode::OK,
    )
}

/// `GET /min-veiledning/rapport`.
pub async fn my_page<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MyGuidance)?;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let report = gather(&page, &host, viewer, &fnr).await?;
    Ok(html(
        &page,
        report,
        None,
        paths::MY_GUIDANCE_REPORT_PDF.to_owned(),
    ))
}

/// `GET /person/{person}/veiledning/rapport`: for a reader with the guidance
/// part; 404 for anyone else.
pub async fn person_page<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Person)?;
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let report = gather(&page, &host, viewer, &fnr).await?;
    let pdf_href = paths::person_guidance_report_pdf(&reference);
    let label = crate::names::label_of(&page, &host, &viewer.actor, &fnr).await?;
    Ok(html(
        &page,
        report,
        Some((paths::person(&reference), label)),
        pdf_href,
    ))
}

/// `GET /min-veiledning/rapport.pdf`.
pub async fn my_pdf<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MyGuidance)?;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let report = gather(&page, &host, viewer, &fnr).await?;
    Ok(pdf_response(&page, &report))
}

/// `GET /person/{person}/veiledning/rapport.pdf`.
pub async fn person_pdf<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Person)?;
    let (fnr, _reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let report = gather(&page, &host, viewer, &fnr).await?;
    Ok(pdf_response(&page, &report))
}

fn pdf_response(page: &Page, report: &Report) -> Response {
    let blocks = blocks(page.t, report);
    match crate::pdf::document(page.t.guidance_plan.report_heading, &blocks) {
        Ok(bytes) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "application/pdf"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"kartleggingsrapport.pdf\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            bytes,
        )
            .into_response(),
        Err(error) => {
            tracing::error!(%error, "the mapping report could not be made as PDF");
            page.error(StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// The report as text blocks: the same content as the page, with tables of
/// numbers in place of the charts.
fn blocks(t: &Texts, report: &Report) -> Vec<Block> {
    let g = &t.guidance;
    let p = &t.guidance_plan;
    let mut blocks = vec![
        Block::Title(p.report_heading.to_owned()),
        Block::Text(report.made.clone()),
        Block::Heading(p.report_profiles_heading.to_owned()),
    ];
    if report.profiles.is_empty() {
        blocks.push(Block::Text(p.report_none.to_owned()));
    }
    for profile in &report.profiles {
        blocks.push(Block::Subheading(profile.title.clone()));
        if let Some(code) = &profile.code_line {
            blocks.push(Block::Text(code.clone()));
        }
        if !profile.scales.is_empty() {
            blocks.push(Block::Row(vec![
                g.scale_column.to_owned(),
                g.score_column.to_owned(),
                g.percent_column.to_owned(),
                g.answered_column.to_owned(),
            ]));
            for scale in &profile.scales {
                blocks.push(Block::Row(vec![
                    scale.title.clone(),
                    scale.score.clone(),
                    scale.percent.clone(),
                    scale.answered.clone(),
                ]));
            }
        }
        for (area, state) in &profile.flow {
            blocks.push(Block::Text(format!("{area}: {state}")));
        }
        if !profile.occupations.is_empty() {
            blocks.push(Block::Subheading(p.occupations_heading.to_owned()));
            blocks.push(Block::Text(p.occupations_intro.to_owned()));
            for occupation in &profile.occupations {
                blocks.push(Block::Text(format!(
                    "{} ({}, STYRK-08 {}): {}",
                    occupation.title, occupation.code, occupation.styrk08, occupation.why
                )));
            }
            blocks.push(Block::Small(p.occupations_source.to_owned()));
        }
        if !profile.wheel.is_empty() {
            blocks.push(Block::Row(vec![
                "#".to_owned(),
                g.area_column.to_owned(),
                g.current_column.to_owned(),
                g.desired_column.to_owned(),
                g.gap_column.to_owned(),
            ]));
            for column in &profile.wheel {
                blocks.push(Block::Row(vec![
                    column.number.to_string(),
                    column.title.clone(),
                    column.current_text.clone(),
                    column.desired_text.clone(),
                    column.gap_text.clone(),
                ]));
            }
            blocks.push(Block::Subheading(p.report_gaps_heading.to_owned()));
            if profile.gaps.is_empty() {
                blocks.push(Block::Text(g.gaps_none.to_owned()));
            }
            for (rank, gap) in profile.gaps.iter().enumerate() {
                blocks.push(Block::Text(format!("{}. {gap}", rank + 1)));
            }
        }
    }
    blocks.push(Block::Heading(p.report_plan_heading.to_owned()));
    match &report.plan {
        None => blocks.push(Block::Text(p.no_plan.to_owned())),
        Some(plan) => {
            blocks.push(Block::Text(plan.status.clone()));
            if !plan.reasons.is_empty() {
                blocks.push(Block::Text(p.draft_why.to_owned()));
                for reason in &plan.reasons {
                    blocks.push(Block::Text(format!("– {reason}")));
                }
            }
            for goal in &plan.goals {
                blocks.push(Block::Subheading(goal.title.clone()));
                blocks.push(Block::Text(format!("{} {}", p.goal_start, goal.start)));
                blocks.push(Block::Text(format!("{} {}", p.goal_end, goal.end)));
                for activity in &goal.activities {
                    blocks.push(Block::Text(format!("– {activity}")));
                }
                if !goal.frames.is_empty() {
                    blocks.push(Block::Text(format!("{}: {}", p.goal_frames, goal.frames)));
                }
            }
            for (question, answer) in &plan.answers {
                blocks.push(Block::Text(format!("{question} {answer}")));
            }
            blocks.push(Block::Small(plan.saved.clone()));
        }
    }
    blocks
}
