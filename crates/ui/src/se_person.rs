//! Supported Employment from the person's side and NAV's:
//!
//! - `GET /min-sykmelding/arbeid-med-bistand`: the worker's own page. The
//!   offer explained in plain words (what it is, that it is voluntary, what
//!   the specialist will see, that they can stop at any time), "yes" / "no,
//!   thank you" (`POST …/svar`), "I want to stop" (`POST …/slutt`), and
//!   while they take part their steps, vocational profile and job.
//! - `GET /person/{person}/arbeid-med-bistand`: for a caseworker, the
//!   referral's state (never the notes) and the referral form
//!   (`POST` to the same path).
//!
//! The store applies the access policy and audits every read and change.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use tilbake_domain::access::consent::{Category, Share};
use tilbake_domain::access::policy::PageKind;
use tilbake_domain::access::AuditAction;
use tilbake_domain::identity::{Fnr, Orgnr};
use tilbake_domain::supported_employment::{ParticipationState, Step};
use tilbake_store::{NewReferral, Participation, Records, StoreError, REASON_MAX_CHARS};

use crate::format::{date_of, date_short};
use crate::host::Host;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::se_words::{
    end_reason_name, hours_text, item_name, milestone_name, posted_value, state_name,
};
use crate::texts::{fill, Texts};

/// A labelled line of a profile or job.
pub struct Line {
    pub label: &'static str,
    pub value: String,
}

/// One of the five steps, and whether the participant is in it now.
pub struct StepRow {
    pub number: u8,
    pub value: &'static str,
    pub name: &'static str,
    pub now: bool,
}

/// What the person sees of their records.
pub struct OwnRecords {
    pub steps: Vec<StepRow>,
    pub profile: Vec<Line>,
    pub job: Vec<String>,
    pub onboarding: Vec<String>,
    pub fade_out: Vec<String>,
    pub outcomes: Vec<String>,
}

#[derive(Template)]
#[template(path = "se_my.html")]
struct MyTemplate {
    frame: Frame,
    t: &'static Texts,
    csrf_token: String,
    notice: Option<&'static str>,
    /// "referred", "queued", "active", "ended" or "none".
    state: &'static str,
    status_text: String,
    offer_from: String,
    offer_reason: String,
    records: Option<OwnRecords>,
    answer_action: &'static str,
    withdraw_action: &'static str,
}

/// `GET /min-sykmelding/arbeid-med-bistand`.
pub async fn my_page<S: Host>(
    page: Page,
    State(host): State<S>,
    axum::extract::Query(query): axum::extract::Query<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MySupportedEmployment)?;
    let t = page.t;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let participation = match host
        .store()
        .participation(&viewer.actor, &fnr, page.today, page.now)
        .await
    {
        Ok(participation) => Some(participation),
        Err(StoreError::NotFound) => None,
        Err(error) => return Err(page.store_error(error).into()),
    };
    let notice = match posted_value(&query, "lagret") {
        "ja" => Some(t.se.agreed_notice),
        "nei" => Some(t.se.declined_notice),
        "slutt" => Some(t.se.withdrawn_notice),
        _ => None,
    };
    let (state, status_text) = match &participation {
        None => ("none", t.se.none_text.to_owned()),
        Some(p) => own_status(t, p),
    };
    let template = MyTemplate {
        frame: page.frame(t.se.heading),
        t,
        csrf_token: viewer.csrf_token.clone(),
        notice,
        state,
        status_text,
        offer_from: participation.as_ref().map_or_else(String::new, |p| {
            fill(t.se.offer_from, &[("provider", &p.provider_name)])
        }),
        offer_reason: participation
            .as_ref()
            .and_then(|p| p.reason.as_ref())
            .map_or_else(String::new, |reason| {
                fill(t.se.offer_reason, &[("reason", reason)])
            }),
        records: participation
            .as_ref()
            .filter(|p| p.state == ParticipationState::Active)
            .and_then(|p| p.records.as_ref())
            .map(|records| own_records(t, records, page.today)),
        answer_action: paths::MY_SE_ANSWER,
        withdraw_action: paths::MY_SE_WITHDRAW,
    };
    Ok(render(&template, StatusCode::OK))
}

fn own_status(t: &Texts, p: &Participation) -> (&'static str, String) {
    let agreed = p
        .agreed_on
        .map_or_else(String::new, |date| date_short(t, date));
    match p.state {
        ParticipationState::Referred => ("referred", String::new()),
        ParticipationState::Queued => (
            "queued",
            fill(
                t.se.queued_text,
                &[("date", &agreed), ("provider", &p.provider_name)],
            ),
        ),
        ParticipationState::Active => (
            "active",
            fill(
                t.se.active_text,
                &[
                    ("specialist", &p.specialist.clone().unwrap_or_default()),
                    ("provider", &p.provider_name),
                    ("date", &agreed),
                ],
            ),
        ),
        ParticipationState::Ended => (
            "ended",
            fill(
                t.se.ended_text,
                &[(
                    "reason",
                    &p.ended_because
                        .map_or(t.se.state_ended, |reason| end_reason_name(t, reason)),
                )],
            ),
        ),
    }
}

/// The records as their person reads them (and the specialist's page
/// reuses for the profile, job and fade-out).
pub fn own_records(t: &Texts, records: &Records, today: chrono::NaiveDate) -> OwnRecords {
    let _ = today;
    OwnRecords {
        steps: step_rows(t, records),
        profile: records
            .profiles
            .last()
            .map(|version| profile_lines(t, &version.profile))
            .unwrap_or_default(),
        job: job_lines(t, records),
        onboarding: onboarding_lines(t, records),
        fade_out: fade_lines(t, records),
        outcomes: outcome_lines(t, records),
    }
}

pub fn step_rows(t: &Texts, records: &Records) -> Vec<StepRow> {
    Step::ALL
        .into_iter()
        .map(|step| StepRow {
            number: step.number(),
            value: step.as_str(),
            name: crate::se_words::step_name(t, step),
            now: records.steps.contains(step),
        })
        .collect()
}

pub fn profile_lines(
    t: &Texts,
    profile: &tilbake_domain::supported_employment::VocationalProfile,
) -> Vec<Line> {
    let list = |tasks: &tilbake_domain::casework::TaskList| tasks.tasks().join(", ");
    let lines = vec![
        Line {
            label: t.se.wishes,
            value: profile.wishes.clone(),
        },
        Line {
            label: t.se.interests,
            value: list(&profile.interests),
        },
        Line {
            label: t.se.strengths,
            value: profile.strengths.clone(),
        },
        Line {
            label: t.se.experience,
            value: profile.experience.clone(),
        },
        Line {
            label: t.se.can_do_now,
            value: list(&profile.can_do_now),
        },
        Line {
            label: t.se.cannot_do_now,
            value: list(&profile.cannot_do_now),
        },
        Line {
            label: t.se.hours,
            value: profile
                .hours
                .map(|hours| hours_text(t, hours))
                .unwrap_or_default(),
        },
        Line {
            label: t.se.adaptations,
            value: list(&profile.adaptations),
        },
    ];
    lines
        .into_iter()
        .filter(|line| !line.value.trim().is_empty())
        .collect()
}

pub fn job_lines(t: &Texts, records: &Records) -> Vec<String> {
    let Some(job) = &records.job else {
        return Vec::new();
    };
    let hire = &job.hire;
    let employer = records
        .job_employer_name
        .clone()
        .unwrap_or_else(|| hire.employer.to_string());
    let yes_no = |flag: bool| if flag { t.se.yes } else { t.se.no };
    let mut lines = vec![
        fill(
            t.se.job_text,
            &[
                ("employer", &employer),
                ("date", &date_short(t, hire.hired_on)),
                ("hours", &hire.hours_per_week),
            ],
        ),
        format!("{}: {}", t.se.job_open_market, yes_no(hire.open_market)),
        format!("{}: {}", t.se.job_tariff, yes_no(hire.tariff_pay)),
    ];
    for task in &job.tasks {
        lines.push(format!(
            "{} ({})",
            fill(
                t.se.task_hours,
                &[("task", &task.name), ("hours", &task.hours_per_week)]
            ),
            if task.can_do_now {
                t.se.carved_can
            } else {
                t.se.carved_cannot
            }
        ));
    }
    lines
}

pub fn onboarding_lines(t: &Texts, records: &Records) -> Vec<String> {
    if records.job.is_none() {
        return Vec::new();
    }
    let onboarding = &records.onboarding;
    let mut lines: Vec<String> = tilbake_domain::supported_employment::OnboardingItem::ALL
        .into_iter()
        .map(|item| {
            let state = onboarding
                .done
                .iter()
                .find(|(done, _)| *done == item)
                .map_or_else(
                    || t.se.item_open.to_owned(),
                    |(_, on)| fill(t.se.item_done, &[("date", &date_short(t, *on))]),
                );
            format!("{}: {state}", item_name(t, item))
        })
        .collect();
    lines.push(if onboarding.mentor.trim().is_empty() {
        t.se.onboarding_no_mentor.to_owned()
    } else {
        fill(t.se.onboarding_mentor, &[("mentor", &onboarding.mentor)])
    });
    lines
}

pub fn fade_lines(t: &Texts, records: &Records) -> Vec<String> {
    let Some(plan) = &records.fade_out else {
        return Vec::new();
    };
    let mut lines = vec![fill(
        t.se.fade_agreed,
        &[("date", &date_short(t, plan.agreed_on()))],
    )];
    lines.extend(plan.steps().iter().map(|step| {
        fill(
            t.se.fade_step,
            &[
                ("date", &date_short(t, step.from)),
                ("count", &step.contacts_per_month),
            ],
        )
    }));
    lines
}

pub fn outcome_lines(t: &Texts, records: &Records) -> Vec<String> {
    if records.job.is_none() {
        return Vec::new();
    }
    records
        .outcomes
        .iter()
        .map(|(milestone, employed)| {
            let value = match employed {
                Some(true) => t.se.yes,
                Some(false) => t.se.no,
                None => t.se.outcome_unknown,
            };
            format!("{}: {value}", milestone_name(t, *milestone))
        })
        .collect()
}

/// `POST /min-sykmelding/arbeid-med-bistand/svar`: `answer` = `ja` or `nei`.
pub async fn my_answer<S: Host>(
    page: Page,
    State(host): State<S>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MySupportedEmployment)?;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    let store = host.store();
    let done = match posted_value(&posted, "answer") {
        "ja" => {
            let share = if posted_value(&posted, "share_guidance") == "1" {
                Share::of([Category::Guidance])
            } else {
                Share::of([])
            };
            store
                .agree_to_supported_employment(&viewer.actor, &fnr, share, page.today, page.now)
                .await
                .map(|_| "ja")
        }
        "nei" => store
            .withdraw_from_supported_employment(&viewer.actor, &fnr, page.now)
            .await
            .map(|()| "nei"),
        _ => return Err(page.error(StatusCode::BAD_REQUEST).into()),
    };
    match done {
        Ok(which) => Ok(Redirect::to(&format!("{}?lagret={which}", paths::MY_SE)).into_response()),
        // Nothing to agree to (already answered, or no referral): the page
        // shows how things stand.
        Err(StoreError::Invalid { .. }) => Ok(Redirect::to(paths::MY_SE).into_response()),
        Err(error) => Err(page.store_error(error).into()),
    }
}

/// `POST /min-sykmelding/arbeid-med-bistand/slutt`: ends it at once.
pub async fn my_withdraw<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::MySupportedEmployment)?;
    let Some(fnr) = viewer.actor.person else {
        return Err(page.error(StatusCode::NOT_FOUND).into());
    };
    host.store()
        .withdraw_from_supported_employment(&viewer.actor, &fnr, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    Ok(Redirect::to(&format!("{}?lagret=slutt", paths::MY_SE)).into_response())
}

/// A choice of a select.
pub struct Option_ {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "se_person.html")]
struct PersonTemplate {
    frame: Frame,
    t: &'static Texts,
    csrf_token: String,
    person: String,
    person_href: String,
    notice: Option<&'static str>,
    error: Option<String>,
    state: Option<String>,
    dates: Option<String>,
    reason: Option<String>,
    /// Whether the referral form is offered (no open participation).
    may_refer: bool,
    providers: Vec<Option_>,
    specialists: Vec<Option_>,
    reason_value: String,
    action: String,
}

/// `GET /person/{person}/arbeid-med-bistand`.
pub async fn person_page<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
    axum::extract::Query(query): axum::extract::Query<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    page.require(PageKind::SupportedEmploymentReferral)?;
    let (fnr, _) = crate::names::resolve(&page, &host, &fnr).await?;
    let notice = (posted_value(&query, "lagret") == "1").then_some(page.t.se.referred_notice);
    person_again(&page, &host, &fnr, notice, None, &[], StatusCode::OK).await
}

async fn person_again<S: Host>(
    page: &Page,
    host: &S,
    fnr: &Fnr,
    notice: Option<&'static str>,
    error: Option<String>,
    posted: &[(String, String)],
    status: StatusCode,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::SupportedEmploymentReferral)?;
    let t = page.t;
    let store = host.store();
    // The person must be one the caseworker follows: the person page's own
    // look-up answers (and audits) that, 404 otherwise.
    let participation = match store
        .participation(&viewer.actor, fnr, page.today, page.now)
        .await
    {
        Ok(participation) => Some(participation),
        Err(StoreError::NotFound) => {
            // No referral yet: the form only for a person the caseworker
            // follows (404 as for anyone else, audited by the store).
            store
                .read_person(
                    &viewer.actor,
                    fnr,
                    AuditAction::ReadFollowup,
                    "supported_employment_referral",
                    page.today,
                    page.now,
                )
                .await
                .map_err(|error| page.store_error(error))?;
            None
        }
        Err(error) => return Err(page.store_error(error).into()),
    };
    let providers = store
        .list_providers()
        .await
        .map_err(|error| page.store_error(error))?;
    let chosen_provider = posted_value(posted, "provider");
    let chosen_specialist = posted_value(posted, "specialist");
    let provider_options = providers
        .iter()
        .map(|provider| Option_ {
            value: provider.orgnr.to_string(),
            label: provider.name.clone(),
            selected: provider.orgnr.to_string() == chosen_provider,
        })
        .collect();
    let mut specialists = vec![Option_ {
        value: String::new(),
        label: t.se.refer_specialist_none.to_owned(),
        selected: chosen_specialist.is_empty(),
    }];
    for provider in &providers {
        for specialist in &provider.specialists {
            let value = format!("{}:{specialist}", provider.orgnr);
            specialists.push(Option_ {
                selected: value == chosen_specialist,
                label: format!("{specialist} ({})", provider.name),
                value,
            });
        }
    }
    let (reference, label) = crate::names::reference_of(page, host, &viewer.actor, fnr).await?;
    let template = PersonTemplate {
        frame: page.frame(t.se.refer_heading),
        t,
        csrf_token: viewer.csrf_token.clone(),
        person: label,
        person_href: paths::person(&reference),
        notice,
        error,
        state: participation.as_ref().map(|p| {
            let state = match (p.state, p.ended_because) {
                (ParticipationState::Ended, Some(reason)) => {
                    format!(
                        "{} ({})",
                        state_name(t, p.state),
                        end_reason_name(t, reason)
                    )
                }
                (state, _) => state_name(t, state).to_owned(),
            };
            fill(t.se.referral_state, &[("state", &state)])
        }),
        dates: participation.as_ref().map(|p| {
            fill(
                t.se.referral_dates,
                &[("referred", &date_of(t, p.referred_at))],
            )
        }),
        reason: participation.as_ref().and_then(|p| p.reason.clone()),
        may_refer: participation
            .as_ref()
            .is_none_or(|p| p.state == ParticipationState::Ended),
        providers: provider_options,
        specialists,
        reason_value: posted_value(posted, "reason").to_owned(),
        action: paths::person_se(&reference),
    };
    Ok(render(&template, status))
}

/// `POST /person/{person}/arbeid-med-bistand`: the referral.
pub async fn refer<S: Host>(
    page: Page,
    State(host): State<S>,
    Path(fnr): Path<String>,
    Form(posted): Form<Vec<(String, String)>>,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::SupportedEmploymentReferral)?;
    let t = page.t;
    let (fnr, reference) = crate::names::resolve(&page, &host, &fnr).await?;
    let reason = posted_value(&posted, "reason");
    let provider = Orgnr::parse(posted_value(&posted, "provider")).ok();
    let specialist = match posted_value(&posted, "specialist").split_once(':') {
        None => Ok(None),
        Some((orgnr, username)) if Some(orgnr.to_owned()) == provider.map(|p| p.to_string()) => {
            Ok(Some(username.to_owned()))
        }
        Some(_) => Err(()),
    };
    let fail = |message: &str| message.to_owned();
    let checked = if reason.is_empty() || reason.chars().count() > REASON_MAX_CHARS {
        Err(fail(t.se.refer_error_reason))
    } else {
        match (provider, specialist) {
            (Some(provider), Ok(specialist)) => Ok(NewReferral {
                provider,
                reason: reason.to_owned(),
                specialist,
            }),
            _ => Err(fail(t.se.refer_error_provider)),
        }
    };
    let referral = match checked {
        Ok(referral) => referral,
        Err(message) => {
            return person_again(
                &page,
                &host,
                &fnr,
                None,
                Some(message),
                &posted,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    };
    let message = match host
        .store()
        .refer_to_supported_employment(&viewer.actor, &fnr, &referral, page.today, page.now)
        .await
    {
        Ok(()) => {
            return Ok(
                Redirect::to(&format!("{}?lagret=1", paths::person_se(&reference))).into_response(),
            )
        }
        Err(StoreError::Invalid { field, .. }) if field == "reason" => t.se.refer_error_reason,
        Err(StoreError::Invalid { .. }) => t.se.refer_error_provider,
        Err(StoreError::Conflict(_)) => t.se.refer_error_open,
        Err(error) => return Err(page.store_error(error).into()),
    };
    person_again(
        &page,
        &host,
        &fnr,
        None,
        Some(message.to_owned()),
        &posted,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}
