//! `tilbake bench pages`: the server time of the two heaviest pages, the
//! caseworker's work queue (`/benken`) and a person page with a long history
//! (`/person/{fnr}`), on a database filled by `tilbake bench ingest`.
//!
//! The whole application router (the same `tilbake_web::app` that `serve`
//! runs) is called in process with a signed-in caseworker's session cookie,
//! so a figure is everything the server does for the page (session, store
//! with its audit write, engine, template) and nothing of the network.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use clap::Args;
use http_body_util::BodyExt;
use tilbake_domain::access::{AuditAction, Role};
use tilbake_domain::identity::{Fnr, UnitCode};
use tilbake_store::{NewSession, NewUser, Store, StoreError, TaskQuery};
use tilbake_web::{app, hash_password, new_token, token_hash, AppState, Clock, WebConfig};
use tower::ServiceExt;

use super::store::{bench_today, open_store};
use crate::serve_command::mask_password;

#[derive(Args, Debug)]
pub struct PagesArgs {
    /// A database filled by `tilbake bench ingest`.
    #[arg(long, value_name = "URL")]
    db: String,
    /// The caseworker's unit (the bench spreads people over 1001 to 1100).
    #[arg(long, value_name = "CODE", default_value = "1001")]
    unit: String,
    /// Timed requests of each page, after 5 untimed ones.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    repeat: u32,
    /// Years of history of the long-history person the bench adds to the
    /// unit (two-week certificates with a break each year, case work in
    /// every case); 0 times the longest history already there instead.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(0..=40))]
    long_history_years: u32,
}

/// A person with `years` of history at `unit`: each year 40 weeks of
/// two-week certificates (grades 100, 60, 40), a break, plan versions,
/// an invitation, minutes and the activity requirement. Stored as a system
/// client would send it; repeated runs find it stored already.
async fn add_long_history(
    store: &dyn Store,
    unit: UnitCode,
    years: u32,
    today: chrono::NaiveDate,
    now: i64,
) -> anyhow::Result<Fnr> {
    use serde_json::json;
    let birth = chrono::NaiveDate::from_ymd_opt(1970, 6, 15).context("a birth date")?;
    let fnr_text = tilbake_synth::synthetic_identity_number(birth, 451)
        .context("a synthetic identity number")?;
    let fnr = Fnr::parse(&fnr_text)?;
    #[allow(clippy::disallowed_methods)] // the benchmark loads as the command line's operator
    let system = tilbake_store::Actor::command_line("bench-pages");
    let employer =
        tilbake_synth::organisation_number(91_000_000).context("an organisation number")?;
    let mut documents = Vec::new();
    let first = today
        .checked_sub_days(chrono::Days::new(u64::from(years) * 365))
        .context("a start date")?;
    for year in 0..years {
        let start = first + chrono::Days::new(u64::from(year) * 365);
        for period in 0..20u64 {
            let from = start + chrono::Days::new(period * 14);
            let to = from + chrono::Days::new(13);
            let grade = [100, 100, 60, 40][(period % 4) as usize];
            documents.push(
                json!({"kind": "sick_leave", "id": format!("lh-{year}-{period}"),
                "person": fnr_text, "from": from.to_string(), "to": to.to_string(),
                "grade": grade, "employer": employer, "unit": unit.to_string(),
                "gp": "bench-gp", "diagnosis": {"system": "ICPC-2", "code": "L03"}}),
            );
        }
        let day = |offset: u64| (start + chrono::Days::new(offset)).to_string();
        documents.push(json!({"kind": "plan_version", "id": format!("lh-plan-{year}"), "person": fnr_text,
            "date": day(20), "work_tasks": "Lager og kasse", "can_do_now": "Kasse fire timer",
            "adaptations": [{"kind": "hours", "status": "agreed", "description": "Korte dager", "effect": ""}],
            "next_steps": [{"what": "Se på planen igjen", "who": "manager", "when": day(40)}]}));
        documents.push(json!({"kind": "plan_shared", "id": format!("lh-shared-{year}"), "person": fnr_text, "date": day(21)}));
        documents.push(
            json!({"kind": "activity_assessed", "id": format!("lh-act-{year}"), "person": fnr_text,
            "date": day(55), "outcome": "fulfilled", "reason": "I delvis arbeid"}),
        );
        documents.push(json!({"kind": "meeting_invitation", "id": format!("lh-inv-{year}"), "person": fnr_text,
            "meeting": 2, "at": format!("{}T10:00", day(170)), "place": "NAV", "participants": ["worker", "manager", "nav"]}));
        documents.push(
            json!({"kind": "meeting_minutes", "id": format!("lh-min-{year}"), "person": fnr_text,
            "meeting": 2, "date": day(170), "situation": "Jobber delvis",
            "agreements": [{"who": "manager", "what": "Hev-senk-pult", "due": day(190)},
                           {"who": "nav", "what": "Vurdere tilskudd", "due": day(195)}]}),
        );
    }
    for value in &documents {
        let parsed = tilbake_contract::document::parse_document_value(value, today)
            .map_err(|error| anyhow::anyhow!("a long-history document: {error}"))?;
        store.store_document(&system, &parsed, today, now).await?;
    }
    Ok(fnr)
}

/// The bench's caseworker: made once, then reused.
pub(super) async fn caseworker(store: &dyn Store, unit: UnitCode) -> anyhow::Result<i64> {
    let username = format!("bench-pages-{unit}");
    let user = NewUser {
        username: username.clone(),
        password_hash: hash_password(&new_token()),
        role: Role::Caseworker,
        unit: Some(unit),
        employer: None,
        person: None,
        gp_id: None,
        protected_address_access: false,
    };
    match store.create_user(&user, 0).await {
        Ok(id) => Ok(id),
        Err(StoreError::Conflict(_)) => Ok(store
            .user_by_username(&username)
            .await?
            .context("the bench caseworker vanished")?
            .actor
            .user_id),
        Err(error) => Err(error.into()),
    }
}

/// Times `repeat` requests of `path` (after 5 untimed ones): sorted times
/// and the size of the last page.
pub(super) async fn time_page(
    router: &axum::Router,
    path: &str,
    cookie: &str,
    repeat: u32,
) -> anyhow::Result<(Vec<Duration>, usize)> {
    time_page_showing(router, path, cookie, repeat, &[]).await
}

/// As [`time_page`], and checks that the page shows each of `expected`, so
/// a figure is never of a page that lost its content.
async fn time_page_showing(
    router: &axum::Router,
    path: &str,
    cookie: &str,
    repeat: u32,
    expected: &[&str],
) -> anyhow::Result<(Vec<Duration>, usize)> {
    let mut times = Vec::with_capacity(repeat as usize);
    let mut size = 0;
    for round in 0..repeat + 5 {
        let mut request = Request::get(path);
        if !cookie.is_empty() {
            request = request.header(header::COOKIE, cookie);
        }
        let request = request.body(Body::empty())?;
        let started = Instant::now();
        let response = router.clone().oneshot(request).await?;
        let status = response.status();
        let body = response.into_body().collect().await?.to_bytes();
        let elapsed = started.elapsed();
        anyhow::ensure!(
            status == StatusCode::OK,
            "{path} answered {status}: {}",
            String::from_utf8_lossy(&body)
                .chars()
                .take(300)
                .collect::<String>()
        );
        size = body.len();
        if round == 0 {
            let text = String::from_utf8_lossy(&body);
            for shown in expected {
                anyhow::ensure!(text.contains(shown), "{path} does not show {shown}");
            }
        }
        if round >= 5 {
            times.push(elapsed);
        }
    }
    times.sort_unstable();
    Ok((times, size))
}

pub(super) fn summary(times: &[Duration]) -> String {
    let quantile = |q: f64| {
        let index = ((times.len().saturating_sub(1)) as f64 * q).round() as usize;
        times.get(index).copied().unwrap_or_default()
    };
    let ms = |time: Duration| time.as_secs_f64() * 1e3;
    format!(
        "median {:.2} ms, p95 {:.2} ms, min {:.2} ms, max {:.2} ms over {} requests",
        ms(quantile(0.5)),
        ms(quantile(0.95)),
        ms(times.first().copied().unwrap_or_default()),
        ms(times.last().copied().unwrap_or_default()),
        times.len()
    )
}

pub async fn pages(args: &PagesArgs) -> anyhow::Result<ExitCode> {
    let unit = UnitCode::parse(&args.unit)
        .map_err(|_| anyhow::anyhow!("--unit: must be a 4-digit unit code"))?;
    let store: Arc<dyn Store> = open_store(&args.db).await?;
    let today = bench_today();
    let clock = Clock::at_noon(today);
    let now = clock.now();
    let user_id = caseworker(store.as_ref(), unit).await?;
    let token = new_token();
    store
        .create_session(&NewSession {
            token_hash: token_hash(&token),
            user_id,
            csrf_token: new_token(),
            created_at: now,
            expires_at: now + 3_600_000,
        })
        .await?;
    let actor = store
        .user_by_username(&format!("bench-pages-{unit}"))
        .await?
        .context("the bench caseworker vanished")?
        .actor;

    // The unit's open tasks, and among their people the longest history.
    let query = TaskQuery {
        today,
        kind: None,
        due_within_days: None,
        open_only: true,
        assigned_to_me: false,
        limit: u32::MAX,
    };
    let open = store.list_tasks(&actor, &query, now).await?;
    let mut by_person: Vec<(Fnr, usize)> = Vec::new();
    for task in &open {
        match by_person
            .iter_mut()
            .find(|(person, _)| *person == task.person)
        {
            Some((_, count)) => *count += 1,
            None => by_person.push((task.person, 1)),
        }
    }
    by_person.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    let mut longest: Option<(Fnr, usize)> = None;
    for (person, _) in by_person.iter().take(50) {
        let record = store
            .read_person(
                &actor,
                person,
                AuditAction::ReadDocuments,
                "bench: find the longest history",
                today,
                now,
            )
            .await?;
        if longest.is_none_or(|(_, n)| record.documents.len() > n) {
            longest = Some((*person, record.documents.len()));
        }
    }
    let (mut person, mut n_documents) =
        longest.context("the unit has no open tasks: run bench ingest first")?;
    if args.long_history_years > 0 {
        person =
            add_long_history(store.as_ref(), unit, args.long_history_years, today, now).await?;
        n_documents = store
            .read_person(
                &actor,
                &person,
                AuditAction::ReadDocuments,
                "bench: the long history",
                today,
                now,
            )
            .await?
            .documents
            .len();
    }

    let router = app(AppState::new(
        Arc::clone(&store),
        WebConfig::default(),
        clock,
    ));
    let cookie = format!("tilbake_session={token}");
    let (queue_times, queue_bytes) = time_page(&router, "/benken", &cookie, args.repeat).await?;
    let person_path = format!("/person/{person}");
    let (person_times, person_bytes) =
        time_page(&router, &person_path, &cookie, args.repeat).await?;

    println!(
        "tilbake bench pages: caseworker of unit {unit} on {}, {today}",
        mask_password(&args.db)
    );
    println!(
        "  /benken: {} open tasks in the unit (the page lists the first 500), {} KiB",
        open.len(),
        queue_bytes / 1024
    );
    println!("    {}", summary(&queue_times));
    println!(
        "  /person/…: {}, {n_documents} documents, {} KiB",
        if args.long_history_years > 0 {
            format!("a person with {} years of history", args.long_history_years)
        } else {
            "the longest history among the unit's people with open tasks".to_owned()
        },
        person_bytes / 1024
    );
    println!("    {}", summary(&person_times));

    // Career guidance: the person (now also a worker who signs in) has
    // answered all four shipped instruments and booked a counsellor, who
    // has held two of three talks with notes.
    let (worker_cookie, counsellor_cookie) =
        guidance_for(store.as_ref(), &person, today, now).await?;
    let (worker_times, worker_bytes) = time_page_showing(
        &router,
        "/min-veiledning",
        &worker_cookie,
        args.repeat,
        &[
            "chart--hexagon",
            "chart--wheel",
            "Samtale 3",
            "48 av 48 svart",
        ],
    )
    .await?;
    let counsellor_path = format!("/person/{person}/veiledning");
    let (counsellor_times, counsellor_bytes) = time_page_showing(
        &router,
        &counsellor_path,
        &counsellor_cookie,
        args.repeat,
        &[
            "chart--hexagon",
            "name=\"note\"",
            "Vi snakket om hva som gir energi",
        ],
    )
    .await?;
    println!(
        "  /min-veiledning: the worker's guidance, four instruments answered, three talks, {} KiB",
        worker_bytes / 1024
    );
    println!("    {}", summary(&worker_times));
    println!(
        "  /person/…/veiledning: the counsellor's view with the talks' forms, {} KiB",
        counsellor_bytes / 1024
    );
    println!("    {}", summary(&counsellor_times));

    // Supported Employment (issue 9): 50 job specialists of 20 participants.
    let (specialist_cookie, supervisor_cookie) =
        super::se_pages::population(store.as_ref(), &actor, unit, today, now).await?;
    let (caseload_times, caseload_bytes) = time_page_showing(
        &router,
        "/arbeid-med-bistand",
        &specialist_cookie,
        args.repeat,
        &["20 av 20", "/arbeid-med-bistand/deltaker/"],
    )
    .await?;
    let (team_times, team_bytes) = time_page_showing(
        &router,
        "/arbeid-med-bistand/team",
        &supervisor_cookie,
        args.repeat,
        &["bench-se-specialist-49", "Antall deltakere"],
    )
    .await?;
    println!(
        "  /arbeid-med-bistand: a job specialist's caseload of {} participants, {} KiB",
        super::se_pages::PER_SPECIALIST,
        caseload_bytes / 1024
    );
    println!("    {}", summary(&caseload_times));
    println!(
        "  /arbeid-med-bistand/team: the supervisor's team of {} specialists, {} KiB",
        super::se_pages::SPECIALISTS,
        team_bytes / 1024
    );
    println!("    {}", summary(&team_times));
    Ok(ExitCode::SUCCESS)
}

/// Makes `person` a worker with every shipped instrument answered in full
/// and guidance booked with a counsellor (two talks held, with notes):
/// the session cookies of the worker and of the counsellor. Repeated runs
/// reuse what is there.
async fn guidance_for(
    store: &dyn Store,
    person: &Fnr,
    today: chrono::NaiveDate,
    now: i64,
) -> anyhow::Result<(String, String)> {
    use tilbake_contract::guidance::{parse_definition, SHIPPED};
    use tilbake_domain::guidance::{Session, SessionPlan, Shape};
    use tilbake_store::{CareerCentre, NewBooking, SavedAnswers, SessionRecord};

    let centre =
        tilbake_synth::organisation_number(97_000_000).context("an organisation number")?;
    let centre = tilbake_domain::identity::Orgnr::parse(&centre)?;
    #[allow(clippy::disallowed_methods)] // the benchmark registers the centre as the operator would
    let operator = tilbake_store::Actor::command_line("bench-pages");
    store
        .put_centre(
            &operator,
            &CareerCentre {
                orgnr: centre,
                name: "Bench-karrieresenter".to_owned(),
                plan: SessionPlan::DEFAULT,
                counsellors: Vec::new(),
            },
            now,
        )
        .await?;
    let worker_name = format!("bench-worker-{person}");
    let counsellor_name = "bench-counsellor".to_owned();
    for (username, role, person, employer) in [
        (worker_name.clone(), Role::Worker, Some(*person), None),
        (
            counsellor_name.clone(),
            Role::Counsellor,
            None,
            Some(centre),
        ),
    ] {
        let user = NewUser {
            username,
            password_hash: hash_password(&new_token()),
            role,
            unit: None,
            employer,
            person,
            gp_id: None,
            protected_address_access: false,
        };
        match store.create_user(&user, 0).await {
            Ok(_) | Err(StoreError::Conflict(_)) => {}
            Err(error) => return Err(error.into()),
        }
    }
    let actor_of = |username: String| async move {
        anyhow::Ok(
            store
                .user_by_username(&username)
                .await?
                .context("a bench user vanished")?
                .actor,
        )
    };
    let worker = actor_of(worker_name).await?;
    let counsellor = actor_of(counsellor_name.clone()).await?;
    for (index, (_, text)) in SHIPPED.into_iter().enumerate() {
        let definition = parse_definition(text.as_bytes())
            .map_err(|error| anyhow::anyhow!("a shipped instrument: {error}"))?;
        let (min, max) = (definition.answers.min(), definition.answers.max());
        let value = |n: usize| {
            min + u8::try_from((n * 7 + index) % usize::from(max - min + 1)).unwrap_or(0)
        };
        let answers: serde_json::Map<String, serde_json::Value> = match &definition.shape {
            Shape::Scales { items, .. } => items
                .iter()
                .enumerate()
                .map(|(n, item)| (item.id.as_str().to_owned(), value(n).into()))
                .collect(),
            Shape::Wheel { areas } => areas
                .iter()
                .enumerate()
                .map(|(n, area)| {
                    (
                        area.id.as_str().to_owned(),
                        serde_json::json!({"current": value(n), "desired": value(n + 3)}),
                    )
                })
                .collect(),
        };
        let document = serde_json::json!({
            "instrument": definition.id.as_str(),
            "version": definition.version,
            "answers": answers,
        });
        store
            .save_answers(
                &worker,
                person,
                &SavedAnswers {
                    instrument: definition.id.as_str().to_owned(),
                    version: definition.version,
                    answers: document.to_string(),
                    saved_at: now,
                },
            )
            .await?;
    }
    let first = today
        .checked_sub_days(chrono::Days::new(28))
        .context("a first session")?;
    if store
        .guidance_process(&worker, person, today, now)
        .await?
        .is_none()
    {
        store
            .book_guidance(
                &worker,
                person,
                &NewBooking {
                    centre,
                    counsellor: counsellor_name,
                    share: tilbake_domain::access::consent::Share::NONE,
                    wish: "Et annet yrke, kanskje".to_owned(),
                    first_session: first,
                },
                now,
            )
            .await?;
        for number in 1..=2u8 {
            let day = first + chrono::Days::new(u64::from(number - 1) * 14);
            store
                .save_session(
                    &counsellor,
                    person,
                    &SessionRecord {
                        session: Session {
                            number,
                            planned_on: day,
                            held_on: Some(day),
                        },
                        note: "Vi snakket om hva som gir energi. ".repeat(20),
                        before_next: "Tenk på en god arbeidsdag.".to_owned(),
                    },
                    today,
                    now,
                )
                .await?;
        }
    }
    let mut cookies = Vec::new();
    for actor in [&worker, &counsellor] {
        let token = new_token();
        store
            .create_session(&NewSession {
                token_hash: token_hash(&token),
                user_id: actor.user_id,
                csrf_token: new_token(),
                created_at: now,
                expires_at: now + 3_600_000,
            })
            .await?;
        cookies.push(format!("tilbake_session={token}"));
    }
    let counsellor_cookie = cookies.pop().context("two sessions")?;
    let worker_cookie = cookies.pop().context("two sessions")?;
    Ok((worker_cookie, counsellor_cookie))
}
