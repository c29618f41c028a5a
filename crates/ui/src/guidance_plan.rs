//! The action plan of career guidance: the person's `/min-veiledning/plan`
//! (write, answer the three questions, make it final, share it) and the
//! counsellor's `/person/{person}/veiledning/plan` (write with the person),
//! and the read-only plan the manager, NAV or the GP see on the person's
//! page while the person shares it.
//!
//! What a reader may do is the policy's answer, which the store hands back
//! with the plan (`GuidancePlanRecord::access`); the page only shows it.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use tilbake_contract::followup::parse_date;
use tilbake_domain::access::policy::{may_share_guidance, PageKind, PlanAudience, SharedDocument};
use tilbake_domain::guidance::plan::{
    goals_from_gaps, Activity, Coherence, DraftReason, Goal, Plan, Question,
};
use tilbake_domain::guidance::{score, Score, Shape};
use tilbake_domain::identity::Fnr;
use tilbake_domain::register::PersonRef;
use tilbake_store::{GuidancePlanRecord, PlanVersion, StoreError};

use crate::form::{Field, FormFields};
use crate::format::timestamp;
use crate::guidance::{answers_for, language};
use crate::host::{Host, SignedIn};
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::texts::{fill, Texts};

/// Goals and activities per goal the form offers.
const GOAL_ROWS: usize = 3;
const ACTIVITY_ROWS: usize = 3;
/// The longest text of one field, in characters.
const MAX_TEXT: usize = 1000;
/// The query parameters after a save.
const SAVED_PARAMETER: &str = "lagret";
const NOT_FINAL_PARAMETER: &str = "utkast";

/// One goal of a plan, shown read-only.
pub(crate) struct GoalView {
    pub title: String,
    pub start: String,
    pub end: String,
    pub frames: String,
    pub activities: Vec<String>,
}

/// A plan version, shown read-only: on the plan page, the person page of a
/// party it is shared with, and in the report.
pub(crate) struct PlanView {
    pub status: String,
    pub saved: String,
    /// Why it is a draft, in plain words (empty when final).
    pub reasons: Vec<&'static str>,
    pub goals: Vec<GoalView>,
    /// (question, answer) for the three questions.
    pub answers: Vec<(&'static str, &'static str)>,
}

fn question_text(t: &Texts, question: Question) -> &'static str {
    match question {
        Question::Understandable => t.guidance_plan.q_understandable,
        Question::Manageable => t.guidance_plan.q_manageable,
        Question::Meaningful => t.guidance_plan.q_meaningful,
    }
}

fn reason_text(t: &Texts, reason: DraftReason) -> &'static str {
    let p = &t.guidance_plan;
    match reason {
        DraftReason::NoGoal => p.why_no_goal,
        DraftReason::No(Question::Understandable) => p.why_no_understandable,
        DraftReason::No(Question::Manageable) => p.why_no_manageable,
        DraftReason::No(Question::Meaningful) => p.why_no_meaningful,
        DraftReason::Unanswered(Question::Understandable) => p.why_open_understandable,
        DraftReason::Unanswered(Question::Manageable) => p.why_open_manageable,
        DraftReason::Unanswered(Question::Meaningful) => p.why_open_meaningful,
    }
}

pub(crate) fn plan_view(t: &Texts, version: &PlanVersion) -> PlanView {
    let p = &t.guidance_plan;
    let plan = &version.plan;
    PlanView {
        status: fill(
            p.status_line,
            &[(
                "status",
                &if version.is_final {
                    p.status_final
                } else {
                    p.status_draft
                },
            )],
        ),
        saved: fill(
            p.version_line,
            &[
                ("version", &version.version),
                ("time", &timestamp(t, version.saved_at)),
                ("who", &version.saved_by),
                (
                    "status",
                    &if version.is_final {
                        p.status_final
                    } else {
                        p.status_draft
                    },
                ),
            ],
        ),
        reasons: if version.is_final {
            Vec::new()
        } else {
            plan.finality()
                .err()
                .unwrap_or_default()
                .into_iter()
                .map(|reason| reason_text(t, reason))
                .collect()
        },
        goals: plan
            .goals
            .iter()
            .map(|goal| GoalView {
                title: goal.title.clone(),
                start: goal.start.clone(),
                end: goal.end.clone(),
                frames: goal.frames.clone(),
                activities: goal
                    .activities
                    .iter()
                    .map(|activity| activity_line(t, activity))
                    .collect(),
            })
            .collect(),
        answers: Question::ALL
            .into_iter()
            .map(|question| {
                let answer = match plan.coherence.answer(question) {
                    Some(true) => p.yes,
                    Some(false) => p.no,
                    None => "–",
                };
                (question_text(t, question), answer)
            })
            .collect(),
    }
}

pub(crate) fn activity_line(t: &Texts, activity: &Activity) -> String {
    let p = &t.guidance_plan;
    fill(
        p.activity_line,
        &[
            ("what", &activity.what),
            (
                "date",
                &activity.date.map_or_else(
                    || p.no_date.to_owned(),
                    |date| date.format("%Y-%m-%d").to_string(),
                ),
            ),
            (
                "who",
                &if activity.who.is_empty() {
                    p.nobody
                } else {
                    activity.who.as_str()
                },
            ),
        ],
    )
}

/// One goal's fields in the form.
struct GoalRow {
    legend: String,
    title: Field,
    start: Field,
    end: Field,
    frames: Field,
    activities: Vec<ActivityRow>,
}

struct ActivityRow {
    legend: String,
    what: Field,
    date: Field,
    who: Field,
}

/// One party the person may share with, and what they see now.
struct ShareRow {
    audience: &'static str,
    name: &'static str,
    /// (document, label, shared now) for each document the party may get.
    documents: Vec<(&'static str, &'static str, bool)>,
    /// The report is never for this party (the manager).
    no_report: bool,
}

#[derive(Template)]
#[template(path = "guidance_plan.html")]
#[allow(clippy::struct_excessive_bools)] // one flag per notice or section, read by name
struct PlanTemplate {
    frame: Frame,
    t: &'static Texts,
    heading: &'static str,
    intro: &'static str,
    /// Back to the person, for the counsellor.
    person: Option<(String, String)>,
    saved: bool,
    not_final: bool,
    latest: Option<PlanView>,
    versions: Vec<String>,
    form: Option<FormFields>,
    goals: Vec<GoalRow>,
    questions: Vec<Field>,
    final_field: Option<Field>,
    share: Vec<ShareRow>,
    can_share: bool,
    has_plan: bool,
    action: String,
    share_action: String,
    /// The report, for a reader the policy gives it (not a party the plan is shared with).
    report_href: Option<String>,
    csrf_token: String,
    errors: Vec<(String, String)>,
}

/// How many goals a form has, and activities its goal `goal` has.
fn goal_rows(form: &FormFields) -> usize {
    (0..=form.fields.len())
        .take_while(|goal| has_field(form, &goal_name(*goal, "title")))
        .count()
}

fn activity_rows(form: &FormFields, goal: usize) -> usize {
    (0..=form.fields.len())
        .take_while(|activity| has_field(form, &activity_name(goal, *activity, "what")))
        .count()
}

fn has_field(form: &FormFields, name: &str) -> bool {
    form.fields.iter().any(|field| field.name == name)
}

fn goal_name(goal: usize, field: &str) -> String {
    format!("goal{goal}.{field}")
}

fn activity_name(goal: usize, activity: usize, field: &str) -> String {
    format!("goal{goal}.activity{activity}.{field}")
}

/// The form's fields, filled with `plan`.
fn plan_form(t: &Texts, plan: &Plan, decides_final: bool) -> FormFields {
    let p = &t.guidance_plan;
    let mut fields = Vec::new();
    for goal_index in 0..GOAL_ROWS.max(plan.goals.len()) {
        let goal = plan.goals.get(goal_index).cloned().unwrap_or_default();
        fields.push(Field::text(&goal_name(goal_index, "title"), p.goal_title).value(&goal.title));
        fields.push(
            Field::area(&goal_name(goal_index, "start"), p.goal_start)
                .hint(p.goal_start_hint)
                .value(&goal.start),
        );
        fields.push(
            Field::area(&goal_name(goal_index, "end"), p.goal_end)
                .hint(p.goal_end_hint)
                .value(&goal.end),
        );
        for activity_index in 0..ACTIVITY_ROWS.max(goal.activities.len()) {
            let activity = goal
                .activities
                .get(activity_index)
                .cloned()
                .unwrap_or_default();
            fields.push(
                Field::text(
                    &activity_name(goal_index, activity_index, "what"),
                    p.activity_what,
                )
                .value(&activity.what),
            );
            fields.push(
                Field::date(
                    &activity_name(goal_index, activity_index, "date"),
                    p.activity_date,
                )
                .hint(p.date_hint)
                .value(
                    &activity
                        .date
                        .map(crate::dates::form_date)
                        .unwrap_or_default(),
                ),
            );
            fields.push(
                Field::text(
                    &activity_name(goal_index, activity_index, "who"),
                    p.activity_who,
                )
                .value(&activity.who),
            );
        }
        fields.push(
            Field::area(&goal_name(goal_index, "frames"), p.goal_frames)
                .hint(p.goal_frames_hint)
                .value(&goal.frames),
        );
    }
    let choices = [("yes", p.yes), ("no", p.no)];
    for question in Question::ALL {
        let value = match plan.coherence.answer(question) {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        };
        fields.push(
            Field::radios(question.as_str(), question_text(t, question), &choices).value(value),
        );
    }
    if decides_final {
        fields.push(
            Field::checks("final", p.make_final, &[("yes", p.make_final)]).hint(p.make_final_hint),
        );
    }
    FormFields::new(fields)
}

/// The plan a posted form holds; errors are put on their fields.
fn plan_from_form(t: &Texts, form: &mut FormFields) -> Option<Plan> {
    let p = &t.guidance_plan;
    let mut ok = true;
    let too_long = fill(p.error_too_long, &[("max", &MAX_TEXT)]);
    let names: Vec<String> = form.fields.iter().map(|f| f.name.clone()).collect();
    for name in &names {
        if form.get(name).chars().count() > MAX_TEXT {
            form.set_error(name, too_long.clone());
            ok = false;
        }
    }
    let goal_rows = goal_rows(form);
    let mut goals = Vec::new();
    for goal_index in 0..goal_rows {
        let activity_rows = activity_rows(form, goal_index);
        let mut activities = Vec::new();
        for activity_index in 0..activity_rows {
            let what = form
                .get(&activity_name(goal_index, activity_index, "what"))
                .to_owned();
            let date_name = activity_name(goal_index, activity_index, "date");
            let date_text = form.get(&date_name).to_owned();
            let who = form
                .get(&activity_name(goal_index, activity_index, "who"))
                .to_owned();
            let date = if date_text.is_empty() {
                None
            } else if let Some(date) = parse_date(&date_text) {
                Some(date)
            } else {
                form.set_error(&date_name, p.error_date.to_owned());
                ok = false;
                None
            };
            if !what.is_empty() || !date_text.is_empty() || !who.is_empty() {
                activities.push(Activity { what, date, who });
            }
        }
        let text = |field: &str| form.get(&goal_name(goal_index, field)).to_owned();
        let goal = Goal {
            title: text("title"),
            start: text("start"),
            end: text("end"),
            frames: text("frames"),
            activities,
        };
        let empty = goal.title.is_empty()
            && goal.start.is_empty()
            && goal.end.is_empty()
            && goal.frames.is_empty()
            && goal.activities.is_empty();
        if !empty {
            goals.push(goal);
        }
    }
    let answer = |question: Question| match form.get(question.as_str()) {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let coherence = Coherence {
        understandable: answer(Question::Understandable),
        manageable: answer(Question::Manageable),
        meaningful: answer(Question::Meaningful),
    };
    ok.then_some(Plan { goals, coherence })
}

/// The goals to start from when there is no plan yet: the wheel's largest
/// gaps, from the person's answers (read with the guidance part).
async fn starting_plan<S: Host>(
    page: &Page,
    host: &S,
    viewer: &SignedIn,
    fnr: &Fnr,
) -> Result<Plan, Exit> {
    let saved = match host
        .store()
        .read_guidance(&viewer.actor, fnr, page.today, page.now)
        .await
    {
        Ok(saved) => saved,
        // The answers are not this reader's: start from an empty plan.
        Err(StoreError::NotFound) => return Ok(Plan::default()),
        Err(error) => return Err(page.store_error(error).into()),
    };
    let reader = language(page.lang);
    let t = page.t;
    let goals = answers_for(host.instruments(), &saved)
        .into_iter()
        .find_map(|(definition, answers)| {
            let Shape::Wheel { areas } = &definition.shape else {
                return None;
            };
            let Score::Wheel(result) = score(definition, &answers) else {
                return None;
            };
            let max = definition.answers.max();
            let ranked: Vec<(String, u8, u8)> = result
                .ranked
                .iter()
                .filter_map(|index| {
                    let area = result.areas.get(*index)?;
                    Some((
                        areas.get(*index)?.title.for_reader(reader).to_owned(),
                        area.current?,
                        area.desired?,
                    ))
                })
                .collect();
            Some(goals_from_gaps(
                &ranked,
                GOAL_ROWS,
                |current| {
                    fill(
                        t.guidance_plan.from_gap,
                        &[("current", &current), ("max", &max)],
                    )
                },
                |desired| {
                    fill(
                        t.guidance_plan.to_gap,
                        &[("desired", &desired), ("max", &max)],
                    )
                },
            ))
        })
        .unwrap_or_default();
    Ok(Plan {
        goals,
        coherence: Coherence::default(),
    })
}

fn query_has(query: Option<&str>, parameter: &str) -> bool {
    query
        .and_then(|query| serde_urlencoded::from_str::<Vec<(String, String)>>(query).ok())
        .is_some_and(|pairs| pairs.iter().any(|(key, _)| key == parameter))
}

/// Where the plan page is for this reader: their own, or the person's
/// of this reference.
fn plan_href(person: Option<&PersonRef>) -> String {
    match person {
        None => paths::MY_GUIDANCE_PLAN.to_owned(),
        Some(reference) => paths::person_guidance_plan(reference),
    }
}

/// The person's reference and label, for a reader who is not the person.
async fn person_of<S: Host>(
    page: &Page,
    host: &S,
    viewer: &SignedIn,
    fnr: &Fnr,
    own: bool,
) -> Result<Option<(PersonRef, String)>, Exit> {
    if own {
        return Ok(None);
    }
    crate::names::reference_of(page, host, &viewer.actor, fnr)
        .await
        .map(Some)
}

struct Shown {
    own: bool,
    saved: bool,
    not_final: bool,
    posted: Option<FormFields>,
}

async fn show<S: Host>(
    page: &Page,
    host: &S,
    viewer: &SignedIn,
    fnr: &Fnr,
    shown: Shown,
) -> Result<Response, Exit> {
    let t = page.t;
    let p = &t.guidance_plan;
    let record: GuidancePlanRecord = host
        .store()
        .read_guidance_plan(&viewer.actor, fnr, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let person = person_of(page, host, viewer, fnr, shown.own).await?;
    let failed = shown.posted.is_some();
    let form = if record.access.write {
        if let Some(form) = shown.posted {
            Some(form)
        } else {
            let plan = match record.latest() {
                Some(latest) => latest.plan.clone(),
                None => starting_plan(page, host, viewer, fnr).await?,
            };
            Some(plan_form(t, &plan, record.access.decide_final))
        }
    } else {
        None
    };
    let errors = form.as_ref().map(FormFields::errors).unwrap_or_default();
    let (goals, questions, final_field) = form
        .as_ref()
        .map_or_else(|| (Vec::new(), Vec::new(), None), |form| layout(t, form));
    let share = PlanAudience::ALL
        .into_iter()
        .map(|audience| ShareRow {
            audience: audience.as_str(),
            name: match audience {
                PlanAudience::Manager => p.audience_manager,
                PlanAudience::Nav => p.audience_nav,
                PlanAudience::Gp => p.audience_gp,
            },
            documents: SharedDocument::ALL
                .into_iter()
                .filter(|document| may_share_guidance(audience, *document))
                .map(|document| {
                    (
                        document.as_str(),
                        match document {
                            SharedDocument::Plan => p.share_plan_label,
                            SharedDocument::Report => p.share_report_label,
                        },
                        record.shared_with.contains(&(audience, document)),
                    )
                })
                .collect(),
            no_report: !may_share_guidance(audience, SharedDocument::Report),
        })
        .collect();
    let heading = if shown.own {
        p.plan_heading
    } else {
        p.plan_person_heading
    };
    let template = PlanTemplate {
        frame: page.frame(heading),
        t,
        heading,
        intro: if shown.own {
            p.plan_intro
        } else {
            p.plan_person_intro
        },
        person: person
            .as_ref()
            .map(|(reference, label)| (paths::person(reference), label.clone())),
        saved: shown.saved && !failed,
        not_final: shown.not_final && !failed,
        latest: record.latest().map(|latest| plan_view(t, latest)),
        versions: record
            .versions
            .iter()
            .rev()
            .map(|version| plan_view(t, version).saved)
            .collect(),
        form,
        goals,
        questions,
        final_field,
        share,
        can_share: record.access.share,
        has_plan: !record.versions.is_empty(),
        action: plan_href(person.as_ref().map(|(reference, _)| reference)),
        share_action: paths::MY_GUIDANCE_PLAN_SHARE.to_owned(),
        report_href: record.access.report.then(|| match &person {
            None => paths::MY_GUIDANCE_REPORT.to_owned(),
            Some((reference, _)) => paths::person_guidance_report(reference),
        }),
        csrf_token: viewer.csrf_token.clone(),
        errors,
    };
    Ok(render(
        &template,
        if failed {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        },
    ))
}

/// The form's fields grouped for the template.
fn layout(t: &Texts, form: &FormFields) -> (Vec<GoalRow>, Vec<Field>, Option<Field>) {
    let p = &t.guidance_plan;
    let field = |name: &str| {
        form.fields
            .iter()
            .find(|field| field.name == name)
            .cloned()
            .unwrap_or_else(|| Field::text(name, name))
    };
    let goal_rows = goal_rows(form);
    let goals = (0..goal_rows)
        .map(|goal| {
            let activity_rows = activity_rows(form, goal);
            GoalRow {
                legend: fill(p.goal_legend, &[("number", &(goal + 1))]),
                title: field(&goal_name(goal, "title")),
                start: field(&goal_name(goal, "start")),
                end: field(&goal_name(goal, "end")),
                frames: field(&goal_name(goal, "frames")),
                activities: (0..activity_rows)
                    .map(|activity| ActivityRow {
                        legend: fill(p.activity_legend, &[("number", &(activity + 1))]),
                        what: field(&activity_name(goal, activity, "what")),
                        date: field(&activity_name(goal, activity, "date")),
                        who: field(&activity_name(goal, activity, "who")),
                    })
                    .collect(),
            }
        })
        .collect();
    let questions = Question::ALL
        .into_iter()
        .map(|question| field(question.as_str()))
        .collect();
    let final_field = form.fields.iter().find(|f| f.name == "final").cloned();
    (goals, questions, final_field)
}

/// Saves a posted plan for `fnr` and goes back to the plan page, or shows
/// the form again with what was typed and the errors.
async fn save_posted<S: Host>(
    page: &Page,
    host: &S,
    viewer: &SignedIn,
    fnr: &Fnr,
    own: bool,
    posted: &[(String, String)],
) -> Result<Response, Exit> {
    let t = page.t;
    // The form's shape does not depend on who may decide: the store refuses
    // `final` from anyone but the person.
    let wants_final = posted
        .iter()
        .any(|(name, value)| name == "final" && value == "yes");
    let rows = Plan {
        goals: vec![Goal::default(); GOAL_ROWS],
        coherence: Coherence::default(),
    };
    let mut form = plan_form(t, &rows, own);
    form.fill(posted);
    let Some(plan) = plan_from_form(t, &mut form) else {
        return show(
            page,
            host,
            viewer,
            fnr,
            Shown {
                own,
                saved: false,
                not_final: false,
                posted: Some(form),
            },
        )
        .await;
    };
    let make_final = own && wants_final && plan.finality().is_ok();
    host.store()
        .save_guidance_plan(&viewer.actor, fnr, &plan, make_final, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let parameter = if wants_final && !make_final {
        NOT_FINAL_PARAMETER
    } else {
        SAVED_PARAMETER
    };
    let person = person_of(page, host, viewer, fnr, own).await?;
    let href = plan_href(person.as_ref().map(|(reference, _)| reference));
    Ok(Redirect::to(&format!("{href}?{parameter}=1")).into_response())
}

/// `GET /min-veiledning/plan`.
pub async fn my_page<S: Host>(
    page: Page,
    State(host): State<S>,
    RawQuery(query): RawQuery,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MyGuidance)?;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let shown = Shown {
        own: true,
        saved: query_has(query.as_deref(), SAVED_PARAMETER),
        not_final: query_has(query.as_deref(), NOT_FINAL_PARAMETER),
        posted: None,
    };
    show(&page, &host, viewer, &fnr, shown).await
}

/// `POST /min-veiledning/plan`: the person saves a new version.
pub async fn my_save<S: Host>(
    page: Page,
    State(host): State<S>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MyGuidance)?;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    save_posted(&page, &host, viewer, &fnr, true, &posted).await
}

/// `POST /min-veiledning/plan/deling`: the person shares the plan with a
/// party (`shared=yes`) or takes it back.
pub async fn my_share<S: Host>(
    page: Page,
    State(host): State<S>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MyGuidance)?;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let value = |name: &str| {
        posted
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    };
    let (Some(audience), Some(document)) = (
        PlanAudience::parse(value("audience")),
        SharedDocument::parse(value("document")),
    ) else {
        return Err(page.error(StatusCode::UNPROCESSABLE_ENTITY).into());
    };
    host.store()
        .share_guidance_plan(
            &viewer.actor,
            &fnr,
            audience,
            document,
            value("shared") == "yes",
            page.now,
        )
        .await
        .map_err(|error| page.store_error(error))?;
    Ok(Redirect::to(&format!("{}#deling", paths::MY_GUIDANCE_PLAN)).into_response())
}

/// `GET /person/{person}/veiledning/plan`: the counsellor's view of the plan
/// (the store answers 404 to a reader without the guidance part).
pub async fn person_page<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Person)?;
    let (fnr, _reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let shown = Shown {
        own: false,
        saved: query_has(query.as_deref(), SAVED_PARAMETER),
        not_final: false,
        posted: None,
    };
    show(&page, &host, viewer, &fnr, shown).await
}

/// `POST /person/{person}/veiledning/plan`: the counsellor saves a new
/// version (a draft: only the person makes it final).
pub async fn person_save<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Person)?;
    let (fnr, _reference) = crate::names::resolve(&page, &host, &fnr).await?;
    save_posted(&page, &host, viewer, &fnr, false, &posted).await
}

/// The plan for the person page of a party it is shared with (the
/// manager, NAV, the GP), with the report's address when the report is
/// shared with them too: `None` when nothing is shared with them.
pub(crate) async fn shared_plan<S: Host>(
    page: &Page,
    host: &S,
    viewer: &SignedIn,
    (fnr, reference): (&Fnr, &PersonRef),
) -> Result<Option<(PlanView, Option<String>)>, Exit> {
    let shared = host
        .store()
        .shared_guidance_plan(&viewer.actor, fnr, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    Ok(shared.as_ref().and_then(|record| {
        let latest = record.latest()?;
        Some((
            plan_view(page.t, latest),
            record
                .access
                .report
                .then(|| paths::person_guidance_report(reference)),
        ))
    }))
}
