//! The job specialist's pages of Supported Employment:
//!
//! - `GET /arbeid-med-bistand`: the caseload (each participant's steps, last
//!   activity, first employer contact and drift warnings in plain words, the
//!   cap "14 of 20") and their employer contacts per week against the goal.
//! - `GET /arbeid-med-bistand/deltaker/{person}`: one participant: the five
//!   steps as a tracker, the activity log, the vocational profile with its
//!   versions and sources, matching employers with the reason for each, the
//!   job with its carved tasks, onboarding, fade-out and outcomes; the forms
//!   post to `…/{form}` (`aktivitet`, `trinn`, `profil`, `veiledning`:
//!   the shared career guidance taken into the profile, `jobb`, `oppstart`,
//!   `nedtrapping`).
//!
//! The store answers only while the participant's consent to this
//! specialist stands (404 otherwise, as for anyone else) and audits.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::NaiveDate;
use tilbake_domain::access::policy::PageKind;
use tilbake_domain::casework::TaskList;
use tilbake_domain::guidance::plan::Plan;
use tilbake_domain::identity::{Fnr, Orgnr};
use tilbake_domain::supported_employment::{
    carve_job, match_employers, Activity, ActivityKind, FadeOutPlan, FadeOutStep, FromGuidance,
    Hire, Onboarding, OnboardingItem, Place, ProfileSource, Step, StepSet, VocationalProfile,
    CASELOAD_CAP, EMPLOYER_CONTACTS_GOAL_PER_WEEK,
};
use tilbake_store::{Job, ProfileChange, StoreError};

use crate::format::date_short;
use crate::guidance::{answers_for, language, profiles, ProfileView};
use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::se_person::{
    fade_lines, job_lines, onboarding_lines, outcome_lines, profile_lines, step_rows, Line,
    Option_, StepRow,
};
use crate::se_words::{
    kind_name, parse_day, parse_hours, place_name, posted_value, posted_values, reason_text,
    source_name, steps_text, warning_text, FieldError,
};
use crate::texts::{fill, Texts};

/// Weeks of employer contacts the caseload page shows.
const CONTACT_WEEKS: u32 = 8;

pub struct CaseloadRow {
    pub person: String,
    pub href: String,
    pub steps: String,
    pub last: String,
    pub first_employer: String,
    pub warnings: Vec<String>,
}

pub struct WeekRow {
    pub week: String,
    pub contacts: String,
    pub met: bool,
}

#[derive(Template)]
#[template(path = "se_caseload.html")]
struct CaseloadTemplate {
    frame: Frame,
    t: &'static Texts,
    cap_text: String,
    full: Option<String>,
    rows: Vec<CaseloadRow>,
    weeks: Vec<WeekRow>,
    goal_text: String,
    employers_href: &'static str,
}

/// `GET /arbeid-med-bistand`.
pub async fn caseload<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::SupportedEmploymentCaseload)?;
    let t = page.t;
    let store = host.store();
    let entries = store
        .my_participants(&viewer.actor, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let weeks = store
        .my_employer_contacts(&viewer.actor, CONTACT_WEEKS, page.today)
        .await
        .map_err(|error| page.store_error(error))?;
    let none = || t.se.none_yet.to_owned();
    let labels = crate::names::labels(
        &page,
        &host,
        &viewer.actor,
        entries.iter().map(|entry| entry.person),
    )
    .await?;
    let rows = entries
        .iter()
        .map(|entry| CaseloadRow {
            person: labels.person(t, &entry.person),
            href: labels
                .reference(&entry.person)
                .map(paths::se_participant)
                .unwrap_or_default(),
            steps: steps_text(t, entry.steps),
            last: entry
                .last_activity
                .map_or_else(none, |date| date_short(t, date)),
            first_employer: entry
                .first_employer_contact
                .map_or_else(none, |date| date_short(t, date)),
            warnings: entry
                .drift
                .iter()
                .map(|warning| warning_text(t, *warning))
                .collect(),
        })
        .collect::<Vec<_>>();
    let count = rows.len();
    let goal = u64::from(EMPLOYER_CONTACTS_GOAL_PER_WEEK);
    let template = CaseloadTemplate {
        frame: page.frame(t.se.caseload_heading),
        t,
        cap_text: fill(
            t.se.caseload_cap,
            &[("count", &count), ("cap", &CASELOAD_CAP)],
        ),
        full: (count >= CASELOAD_CAP as usize)
            .then(|| fill(t.se.caseload_full, &[("cap", &CASELOAD_CAP)])),
        rows,
        weeks: weeks
            .iter()
            .map(|week| WeekRow {
                week: date_short(t, week.week_start),
                contacts: fill(
                    t.se.contacts_of_goal,
                    &[("count", &week.contacts), ("goal", &goal)],
                ),
                met: week.contacts >= goal,
            })
            .collect(),
        goal_text: fill(t.se.contacts_goal, &[("goal", &goal)]),
        employers_href: paths::SE_EMPLOYERS,
    };
    Ok(render(&template, StatusCode::OK))
}

pub struct ActivityRow {
    pub date: String,
    pub kind: &'static str,
    pub place: &'static str,
    pub employer: String,
    pub note: String,
}

pub struct VersionRow {
    pub title: String,
    pub lines: Vec<Line>,
}

pub struct MatchRow {
    pub name: String,
    pub href: String,
    pub reasons: Vec<String>,
    pub cannot: Option<String>,
}

/// The forms' values: what was typed, kept when a form comes back.
#[derive(Default)]
pub struct Typed {
    pub activity_date: String,
    pub activity_employer: String,
    pub activity_note: String,
    pub wishes: String,
    pub interests: String,
    pub strengths: String,
    pub experience: String,
    pub can_do_now: String,
    pub cannot_do_now: String,
    pub hours: String,
    pub adaptations: String,
    pub hired_on: String,
    pub job_hours: String,
    pub job_tasks: String,
    pub mentor: String,
    pub fade: String,
}

#[derive(Template)]
#[template(path = "se_participant.html")]
struct ParticipantTemplate {
    frame: Frame,
    t: &'static Texts,
    csrf_token: String,
    heading: String,
    notice: Option<&'static str>,
    /// The field of a form that came back and its message, for the field
    /// and the error summary.
    error: FieldError,
    errors: Vec<(String, String)>,
    steps: Vec<StepRow>,
    warnings: Vec<String>,
    activities: Vec<ActivityRow>,
    kinds: Vec<Option_>,
    places: Vec<Option_>,
    versions: Vec<VersionRow>,
    sources: Vec<Option_>,
    matches: Vec<MatchRow>,
    job: Vec<String>,
    onboarding: Vec<String>,
    items: Vec<Option_>,
    fade_out: Vec<String>,
    outcomes: Vec<String>,
    employers: Vec<Option_>,
    has_job: bool,
    typed: Typed,
    action: String,
    guidance_href: String,
    /// The person shares their career guidance with the specialist: the
    /// link to it and the button that takes it into the profile.
    shares_guidance: bool,
    caseload_href: &'static str,
}

/// `GET /arbeid-med-bistand/deltaker/{person}`.
pub async fn participant<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    page.require(PageKind::SupportedEmploymentParticipant)?;
    let (fnr, _) = crate::names::resolve(&page, &host, &fnr).await?;
    let notice = (posted_value(&query, "lagret") == "1").then_some(page.t.se.saved_notice);
    participant_again(&page, &host, &fnr, notice, None, &[], StatusCode::OK).await
}

fn options<T: Copy>(
    all: &[T],
    value: impl Fn(T) -> &'static str,
    label: impl Fn(T) -> &'static str,
    chosen: &str,
) -> Vec<Option_> {
    all.iter()
        .map(|item| Option_ {
            value: value(*item).to_owned(),
            label: label(*item).to_owned(),
            selected: value(*item) == chosen,
        })
        .collect()
}

#[allow(clippy::too_many_lines)] // one view model, built field by field
async fn participant_again<S: Host>(
    page: &Page,
    host: &S,
    fnr: &Fnr,
    notice: Option<&'static str>,
    error: Option<FieldError>,
    posted: &[(String, String)],
    status: StatusCode,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::SupportedEmploymentParticipant)?;
    let t = page.t;
    let store = host.store();
    let participation = store
        .participation(&viewer.actor, fnr, page.today, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let Some(records) = participation
        .records
        .as_ref()
        .filter(|_| participation.access.write)
    else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let employers = store
        .employers(&viewer.actor, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let employer_name = |orgnr: &Orgnr| {
        employers
            .iter()
            .find(|employer| employer.orgnr == *orgnr)
            .map_or_else(|| orgnr.to_string(), |employer| employer.name.clone())
    };
    let latest = records.profiles.last().map(|version| &version.profile);
    let matches = latest
        .map(|profile| match_employers(profile, &employers))
        .unwrap_or_default()
        .into_iter()
        .map(|found| MatchRow {
            href: paths::se_employer(&found.employer),
            name: found.name.clone(),
            reasons: found
                .reasons
                .iter()
                .map(|reason| reason_text(t, reason))
                .collect(),
            cannot: (!found.cannot_do.is_empty())
                .then(|| fill(t.se.match_cannot, &[("tasks", &found.cannot_do.join(", "))])),
        })
        .collect();
    let value = |name: &str| posted_value(posted, name).to_owned();
    let list_or = |name: &str, from: Option<&TaskList>| {
        if posted.is_empty() {
            from.map(TaskList::to_text).unwrap_or_default()
        } else {
            value(name)
        }
    };
    let text_or = |name: &str, from: Option<&String>| {
        if posted.is_empty() {
            from.cloned().unwrap_or_default()
        } else {
            value(name)
        }
    };
    let typed = Typed {
        activity_date: if posted.is_empty() {
            page.today.format("%d.%m.%Y").to_string()
        } else {
            value("on")
        },
        activity_employer: value("activity_employer"),
        activity_note: value("note"),
        wishes: text_or("wishes", latest.map(|p| &p.wishes)),
        interests: list_or("interests", latest.map(|p| &p.interests)),
        strengths: text_or("strengths", latest.map(|p| &p.strengths)),
        experience: text_or("experience", latest.map(|p| &p.experience)),
        can_do_now: list_or("can_do_now", latest.map(|p| &p.can_do_now)),
        cannot_do_now: list_or("cannot_do_now", latest.map(|p| &p.cannot_do_now)),
        hours: if posted.is_empty() {
            latest
                .and_then(|p| p.hours)
                .map(|h| format!("{}-{}", h.min(), h.max()))
                .unwrap_or_default()
        } else {
            value("hours")
        },
        adaptations: list_or("adaptations", latest.map(|p| &p.adaptations)),
        hired_on: value("hired_on"),
        job_hours: value("job_hours"),
        job_tasks: value("job_tasks"),
        mentor: if posted.is_empty() {
            records.onboarding.mentor.clone()
        } else {
            value("mentor")
        },
        fade: value("fade"),
    };
    let chosen_employer = posted_value(posted, "job_employer");
    let (reference, label) = crate::names::reference_of(page, host, &viewer.actor, fnr).await?;
    let template = ParticipantTemplate {
        frame: page.frame(t.se.heading),
        t,
        csrf_token: viewer.csrf_token.clone(),
        heading: fill(t.se.participant_heading, &[("person", &label)]),
        notice,
        errors: error.iter().map(FieldError::summary).collect(),
        error: error.unwrap_or_default(),
        steps: step_rows(t, records),
        warnings: records
            .drift
            .iter()
            .map(|warning| warning_text(t, *warning))
            .collect(),
        activities: records
            .activities
            .iter()
            .map(|logged| ActivityRow {
                date: date_short(t, logged.activity.on),
                kind: kind_name(t, logged.activity.kind),
                place: place_name(t, logged.activity.place),
                employer: logged
                    .activity
                    .employer
                    .as_ref()
                    .map(&employer_name)
                    .unwrap_or_default(),
                note: logged.activity.note.clone(),
            })
            .collect(),
        kinds: options(
            &ActivityKind::ALL,
            ActivityKind::as_str,
            |kind| kind_name(t, kind),
            posted_value(posted, "kind"),
        ),
        places: options(
            &[Place::Out, Place::Office],
            Place::as_str,
            |place| place_name(t, place),
            posted_value(posted, "place"),
        ),
        versions: records
            .profiles
            .iter()
            .rev()
            .map(|version| VersionRow {
                title: fill(
                    t.se.profile_version,
                    &[
                        ("version", &version.version),
                        ("date", &date_short(t, version.changed_on)),
                        ("source", &source_name(t, version.source)),
                    ],
                ),
                lines: profile_lines(t, &version.profile),
            })
            .collect(),
        sources: options(
            &ProfileSource::ALL,
            ProfileSource::as_str,
            |source| source_name(t, source),
            posted_value(posted, "source"),
        ),
        matches,
        job: job_lines(t, records),
        onboarding: onboarding_lines(t, records),
        items: OnboardingItem::ALL
            .into_iter()
            .map(|item| Option_ {
                value: item.as_str().to_owned(),
                label: crate::se_words::item_name(t, item).to_owned(),
                selected: records
                    .onboarding
                    .done
                    .iter()
                    .any(|(done, _)| *done == item),
            })
            .collect(),
        fade_out: fade_lines(t, records),
        outcomes: outcome_lines(t, records),
        employers: employers
            .iter()
            .map(|employer| Option_ {
                value: employer.orgnr.to_string(),
                label: employer.name.clone(),
                selected: employer.orgnr.to_string() == chosen_employer,
            })
            .collect(),
        has_job: records.job.is_some(),
        typed,
        action: paths::se_participant(&reference),
        guidance_href: paths::person_guidance(&reference),
        shares_guidance: participation.access.take_in_guidance,
        caseload_href: paths::SE_CASELOAD,
    };
    Ok(render(&template, status))
}

/// `POST /arbeid-med-bistand/deltaker/{person}/{form}`.
pub async fn participant_post<S: Host>(
    page: Page,
    State(host): State<S>,
    Path((fnr, form)): Path<(String, String)>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::SupportedEmploymentParticipant)?;
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let outcome = match form.as_str() {
        "aktivitet" => log_activity(&page, &host, viewer, &fnr, &posted).await,
        "trinn" => {
            let steps = StepSet::of(
                posted_values(&posted, "step")
                    .into_iter()
                    .filter_map(Step::parse),
            );
            host.store()
                .set_steps(&viewer.actor, &fnr, steps, page.today, page.now)
                .await
                .map_err(|error| Failed::Store("trinn", error))
        }
        "profil" => save_profile(&page, &host, viewer, &fnr, &posted).await,
        "veiledning" => take_in_guidance(&page, &host, viewer, &fnr).await,
        "jobb" => save_job(&page, &host, viewer, &fnr, &posted).await,
        "oppstart" => save_onboarding(&page, &host, viewer, &fnr, &posted).await,
        "nedtrapping" => save_fade_out(&page, &host, viewer, &fnr, &posted).await,
        _ => return Err(page.error(StatusCode::NOT_FOUND).into()),
    };
    let t = page.t;
    let (field, message) = match outcome {
        Ok(()) => {
            return Ok(
                Redirect::to(&format!("{}?lagret=1", paths::se_participant(&reference)))
                    .into_response(),
            )
        }
        Err(Failed::Form(field, message)) => (field, message),
        Err(Failed::Store(form, StoreError::Invalid { .. })) => (
            store_field(form),
            match form {
                "aktivitet" => t.se.error_date.to_owned(),
                "profil" | "veiledning" => t.se.error_wishes.to_owned(),
                "jobb" => t.se.error_job.to_owned(),
                "nedtrapping" => t.se.error_fade.to_owned(),
                _ => t.errors.bad_request_text.to_owned(),
            },
        ),
        Err(Failed::Store(_, error)) => return Err(page.store_error(error).into()),
    };
    participant_again(
        &page,
        &host,
        &fnr,
        None,
        Some(FieldError { field, message }),
        &posted,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

/// Why a form did not save: a message for one field of the form (the
/// control's id, which the error summary links to), or the store's error.
pub enum Failed {
    Form(&'static str, String),
    Store(&'static str, StoreError),
}

/// The field a store's refusal of `form` is shown at.
fn store_field(form: &str) -> &'static str {
    match form {
        "aktivitet" => "on",
        "profil" => "wishes",
        "jobb" => "job_employer",
        "nedtrapping" => "fade",
        "veiledning" => "guidance-submit",
        _ => "steps-hint",
    }
}

/// An activity from the posted fields (shared with the employer page's
/// contact form, which gives its `employer`); an error names its field.
pub fn activity_of(
    t: &Texts,
    posted: &[(String, String)],
    employer: Option<Orgnr>,
    today: NaiveDate,
) -> Result<Activity, Failed> {
    let fail = |field: &'static str, message: &str| Failed::Form(field, message.to_owned());
    let on = parse_day(posted_value(posted, "on"))
        .filter(|on| *on <= today)
        .ok_or_else(|| fail("on", t.se.error_date))?;
    let kind = ActivityKind::parse(posted_value(posted, "kind"))
        .ok_or_else(|| fail("kind", t.se.error_kind))?;
    let place = Place::parse(posted_value(posted, "place")).unwrap_or(Place::Out);
    let employer = match employer {
        Some(orgnr) => Some(orgnr),
        None => match posted_value(posted, "activity_employer") {
            "" => None,
            text => Some(
                Orgnr::parse(text).map_err(|_| fail("activity_employer", t.se.error_employer))?,
            ),
        },
    };
    let activity = Activity {
        on,
        kind,
        place,
        employer,
        note: posted_value(posted, "note").to_owned(),
    };
    activity.check(today).map_err(|error| {
        use tilbake_domain::supported_employment::ActivityError;
        match error {
            ActivityError::EmployerMissing(_) => fail("activity_employer", t.se.error_employer),
            ActivityError::NoteTooLong => fail("note", t.se.error_note),
            ActivityError::InTheFuture(_) => fail("on", t.se.error_date),
        }
    })?;
    Ok(activity)
}

async fn log_activity<S: Host>(
    page: &Page,
    host: &S,
    viewer: &crate::host::SignedIn,
    fnr: &Fnr,
    posted: &[(String, String)],
) -> Result<(), Failed> {
    let activity = activity_of(page.t, posted, None, page.today)?;
    host.store()
        .log_activity(&viewer.actor, Some(fnr), &activity, page.today, page.now)
        .await
        .map_err(|error| Failed::Store("aktivitet", error))
}

async fn save_profile<S: Host>(
    page: &Page,
    host: &S,
    viewer: &crate::host::SignedIn,
    fnr: &Fnr,
    posted: &[(String, String)],
) -> Result<(), Failed> {
    let t = page.t;
    let fail = |field: &'static str, message: &str| Failed::Form(field, message.to_owned());
    let hours = match parse_hours(posted_value(posted, "hours")) {
        None => None,
        Some(Ok(hours)) => Some(hours),
        Some(Err(())) => return Err(fail("hours", t.se.error_hours)),
    };
    let profile = VocationalProfile {
        wishes: posted_value(posted, "wishes").to_owned(),
        interests: TaskList::from_text(posted_value(posted, "interests")),
        strengths: posted_value(posted, "strengths").to_owned(),
        experience: posted_value(posted, "experience").to_owned(),
        can_do_now: TaskList::from_text(posted_value(posted, "can_do_now")),
        cannot_do_now: TaskList::from_text(posted_value(posted, "cannot_do_now")),
        hours,
        adaptations: TaskList::from_text(posted_value(posted, "adaptations")),
    };
    let source =
        ProfileSource::parse(posted_value(posted, "source")).unwrap_or(ProfileSource::Conversation);
    profile.check(page.today, page.today).map_err(|error| {
        use tilbake_domain::supported_employment::ProfileError;
        match error {
            ProfileError::NoWishes | ProfileError::InTheFuture(_) => {
                fail("wishes", t.se.error_wishes)
            }
            ProfileError::TooLong(field) => fail(field, t.se.error_too_long),
        }
    })?;
    host.store()
        .save_profile(
            &viewer.actor,
            fnr,
            &ProfileChange {
                profile,
                source,
                changed_on: page.today,
            },
            page.today,
            page.now,
        )
        .await
        .map(|_| ())
        .map_err(|error| Failed::Store("profil", error))
}

/// What the person's shared career guidance says, in the reader's words,
/// for the vocational profile: the occupations suggested from the interest
/// code, the motivation profile's reading, the wheel's gaps and the action
/// plan's goals.
fn from_guidance(t: &Texts, profiles: &[ProfileView], plan: Option<&Plan>) -> FromGuidance {
    FromGuidance {
        interests: profiles
            .iter()
            .flat_map(|profile| &profile.occupations)
            .map(|occupation| occupation.title.clone())
            .collect(),
        motivation: profiles
            .iter()
            .flat_map(|profile| &profile.flow)
            .map(|(area, state)| {
                fill(
                    t.se.guidance_motivation,
                    &[("area", area), ("state", state)],
                )
            })
            .collect(),
        desired: profiles
            .iter()
            .flat_map(|profile| &profile.gaps)
            .map(|gap| fill(t.se.guidance_desired, &[("gap", gap)]))
            .chain(plan.into_iter().flat_map(|plan| &plan.goals).map(|goal| {
                fill(
                    t.se.guidance_goal,
                    &[("goal", &goal.title), ("end", &goal.end)],
                )
            }))
            .collect(),
    }
}

/// `…/veiledning`: takes the career guidance the person shares with the
/// specialist into a new profile version. The store refuses (404) unless
/// the person shares it now.
async fn take_in_guidance<S: Host>(
    page: &Page,
    host: &S,
    viewer: &crate::host::SignedIn,
    fnr: &Fnr,
) -> Result<(), Failed> {
    const FORM: &str = "veiledning";
    let t = page.t;
    let store = host.store();
    let saved = store
        .read_guidance(&viewer.actor, fnr, page.today, page.now)
        .await
        .map_err(|error| Failed::Store(FORM, error))?;
    let answered = answers_for(host.instruments(), &saved);
    let views = profiles(t, language(page.lang), &answered);
    let plan = match store
        .read_guidance_plan(&viewer.actor, fnr, page.today, page.now)
        .await
    {
        Ok(record) => record.latest().map(|latest| latest.plan.clone()),
        Err(StoreError::NotFound) => None,
        Err(error) => return Err(Failed::Store(FORM, error)),
    };
    let from = from_guidance(t, &views, plan.as_ref());
    match store
        .take_in_guidance(&viewer.actor, fnr, &from, page.today, page.now)
        .await
    {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(Failed::Form(
            "guidance-submit",
            t.se.guidance_nothing_new.to_owned(),
        )),
        Err(error) => Err(Failed::Store(FORM, error)),
    }
}

async fn save_job<S: Host>(
    page: &Page,
    host: &S,
    viewer: &crate::host::SignedIn,
    fnr: &Fnr,
    posted: &[(String, String)],
) -> Result<(), Failed> {
    let t = page.t;
    let fail_at = |field: &'static str| Failed::Form(field, t.se.error_job.to_owned());
    let fail = || fail_at("job_employer");
    let store = host.store();
    let employer_nr = Orgnr::parse(posted_value(posted, "job_employer")).map_err(|_| fail())?;
    let hired_on = parse_day(posted_value(posted, "hired_on"))
        .filter(|day| *day <= page.today)
        .ok_or_else(|| fail_at("hired_on"))?;
    let hours_per_week: u8 = posted_value(posted, "job_hours")
        .parse()
        .ok()
        .filter(|hours| (1..=75).contains(hours))
        .ok_or_else(|| fail_at("job_hours"))?;
    let participation = store
        .participation(&viewer.actor, fnr, page.today, page.now)
        .await
        .map_err(|error| Failed::Store("jobb", error))?;
    let profile = participation
        .records
        .as_ref()
        .and_then(|records| records.profiles.last())
        .map(|version| version.profile.clone())
        .unwrap_or_default();
    let employers = store
        .employers(&viewer.actor, page.now)
        .await
        .map_err(|error| Failed::Store("jobb", error))?;
    let employer = employers
        .iter()
        .find(|employer| employer.orgnr == employer_nr)
        .ok_or_else(fail)?;
    let chosen: Vec<String> = TaskList::from_text(posted_value(posted, "job_tasks"))
        .tasks()
        .to_vec();
    let tasks = if chosen.is_empty() {
        Vec::new()
    } else {
        carve_job(employer, &chosen, &profile)
            .map_err(|_| fail_at("job_tasks"))?
            .tasks
    };
    let hire = Hire {
        employer: employer_nr,
        hired_on,
        open_market: posted_value(posted, "open_market") == "1",
        hours_per_week,
        tariff_pay: posted_value(posted, "tariff_pay") == "1",
        ended_on: None,
    };
    hire.check(page.today).map_err(|_| fail())?;
    store
        .save_job(
            &viewer.actor,
            fnr,
            &Job { hire, tasks },
            page.today,
            page.now,
        )
        .await
        .map_err(|error| Failed::Store("jobb", error))
}

async fn save_onboarding<S: Host>(
    page: &Page,
    host: &S,
    viewer: &crate::host::SignedIn,
    fnr: &Fnr,
    posted: &[(String, String)],
) -> Result<(), Failed> {
    let store = host.store();
    let before = store
        .participation(&viewer.actor, fnr, page.today, page.now)
        .await
        .map_err(|error| Failed::Store("oppstart", error))?
        .records
        .map(|records| records.onboarding)
        .unwrap_or_default();
    // Items already gone through keep their day; newly ticked ones get today.
    let done = posted_values(posted, "item")
        .into_iter()
        .filter_map(OnboardingItem::parse)
        .map(|item| {
            before
                .done
                .iter()
                .find(|(done, _)| *done == item)
                .copied()
                .unwrap_or((item, page.today))
        })
        .collect();
    let onboarding = Onboarding {
        done,
        mentor: posted_value(posted, "mentor").to_owned(),
    };
    store
        .save_onboarding(&viewer.actor, fnr, &onboarding, page.today, page.now)
        .await
        .map_err(|error| Failed::Store("oppstart", error))
}

async fn save_fade_out<S: Host>(
    page: &Page,
    host: &S,
    viewer: &crate::host::SignedIn,
    fnr: &Fnr,
    posted: &[(String, String)],
) -> Result<(), Failed> {
    let fail = || Failed::Form("fade", page.t.se.error_fade.to_owned());
    let mut steps = Vec::new();
    for line in posted_value(posted, "fade").lines() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (date, count) = line.split_once(char::is_whitespace).ok_or_else(fail)?;
        steps.push(FadeOutStep {
            from: parse_day(date).ok_or_else(fail)?,
            contacts_per_month: count.trim().parse().map_err(|_| fail())?,
        });
    }
    let plan = FadeOutPlan::new(page.today, steps).map_err(|_| fail())?;
    host.store()
        .save_fade_out(&viewer.actor, fnr, &plan, page.today, page.now)
        .await
        .map_err(|error| Failed::Store("nedtrapping", error))
}
