//! `tilbake demo`: the first thing a new user runs. A fresh SQLite database
//! in a new temporary folder, filled with synthetic people, employers,
//! certificates, plans and meetings (`tilbake_synth::demo`), with one
//! account per role tied to that data, then served exactly as `serve` does.
//!
//! Everything goes in through the store as a system client would send it
//! (`store_documents`), so follow-ups, tasks and units are derived for real;
//! then the daily run. Dates are relative to today's date. The folder is
//! removed when the demo stops (SIGTERM/SIGINT), also while it is loading.
//!
//! Besides the text for people, stdout carries two kinds of line that the
//! service contract names, for scripts: `login ROLE USERNAME PASSWORD` for
//! each role, then `listening on http://ADDR`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;
use tilbake_contract::document::{document_value, parse_document_value, ParsedDocument};
use tilbake_domain::access::consent::{Category, Share};
use tilbake_domain::access::Role;
use tilbake_domain::guidance::SessionPlan;
use tilbake_domain::identity::{Orgnr, UnitCode};
use tilbake_domain::tasks::TaskState;
use tilbake_store::{Actor, CareerCentre, DocumentOutcome, NewUser, Store, TickReport};
use tilbake_synth::demo::{demo_world, DemoStage, DemoWorld};
use tilbake_web::{hash_password, new_token, token_hash, Clock, WebConfig};

use crate::serve_command::{bind, init_logging, run_async, serve_on, shutdown_signal};

/// The most people `--persons` accepts: loading takes about 3 s per 1,000
/// people in a release build, and a demo should start in seconds.
const MAX_PERSONS: u32 = 10_000;
/// Characters in a generated password.
const PASSWORD_CHARS: usize = 16;

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// The address to listen on, HOST:PORT (port 0 picks a free port; the
    /// line `listening on http://ADDR` says which).
    #[arg(
        long,
        env = "TILBAKE_LISTEN",
        value_name = "ADDR",
        default_value = "127.0.0.1:8080"
    )]
    listen: String,
    /// Seed of the synthetic data: the same seed on the same day gives the same people.
    #[arg(long, value_name = "N", default_value_t = 42)]
    seed: u64,
    /// How many synthetic people (1 to 10000; loading takes about 3 s per 1000).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 400,
        value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_PERSONS))
    )]
    persons: u32,
}

pub fn run(args: &DemoArgs) -> ExitCode {
    run_async("demo", demo(args))
}

async fn demo(args: &DemoArgs) -> anyhow::Result<ExitCode> {
    init_logging();
    let folder = TempFolder::create()?;
    let database = folder.path().join("tilbake.db");
    let store = tilbake_store::open(&database.to_string_lossy())
        .await
        .with_context(|| format!("cannot create the database {}", database.display()))?;
    let listener = bind(&args.listen).await?;
    let clock = Clock::System;
    let demo = tokio::select! {
        loaded = load(&store, args, clock) => loaded?,
        () = shutdown_signal() => {
            tracing::info!("stopped before the demo was ready");
            return Ok(ExitCode::SUCCESS);
        }
    };
    print_summary(&demo, folder.path()).context("cannot write to standard output")?;
    let delivery = crate::delivery::DeliveryConfig {
        smtp: None,
        public_url: None,
    };
    let code = serve_on(store, listener, WebConfig::default(), delivery, clock).await;
    drop(folder);
    code
}

/// An account of the demo.
struct Account {
    role: Role,
    username: String,
    password: String,
    /// What it is tied to, for people.
    about: String,
}

/// What was loaded, for the summary.
struct Demo {
    world: DemoWorld,
    seed: u64,
    n_documents_by_kind: BTreeMap<&'static str, usize>,
    tick: TickReport,
    /// One per role, in the contract's order.
    accounts: Vec<Account>,
    /// Caseworkers of the other units.
    more_caseworkers: Vec<Account>,
}

/// Fills the store: documents, accounts, consents, decisions, the daily run.
async fn load(store: &Arc<dyn Store>, args: &DemoArgs, clock: Clock) -> anyhow::Result<Demo> {
    let today = clock.today();
    let seed = args.seed;
    let n_persons = args.persons as usize;
    let world = tokio::task::spawn_blocking(move || demo_world(seed, today, n_persons))
        .await
        .context("generating the synthetic people failed")?;

    let supported_employment =
        tilbake_synth::supported_employment::demo_supported_employment(&world);
    // Passwords are hashed (slow on purpose) while the documents go in.
    let mut plans = account_plans(
        &world,
        crate::demo_supported_employment::provider_of(supported_employment.as_ref()),
    );
    let passwords: Vec<String> = plans.iter().map(|_| new_password()).collect();
    let hashing = {
        let passwords = passwords.clone();
        tokio::task::spawn_blocking(move || {
            passwords
                .iter()
                .map(|password| hash_password(password))
                .collect::<Vec<String>>()
        })
    };

    // Each document is stored on the day it reached NAV, so that pages
    // and the audit log show a history, not everything received today.
    let mut documents = Vec::new();
    let mut n_documents_by_kind = BTreeMap::new();
    for person in &world.persons {
        for (document, received) in person.documents.iter().zip(person.received(today)) {
            *n_documents_by_kind
                .entry(document.kind().as_str())
                .or_insert(0) += 1;
            documents.push((received, as_parsed(document, today)?));
        }
    }
    // Stable: a person's documents keep their order within a day.
    documents.sort_by_key(|(received, _)| *received);
    let loader = system_actor(store.as_ref(), clock).await?;
    for employer in &world.employers {
        let orgnr = tilbake_domain::identity::Orgnr::parse(&employer.orgnr).with_context(|| {
            format!("the demo's employer {} has no valid number", employer.name)
        })?;
        store
            .set_employer_name(&loader, &orgnr, employer.name, clock.now())
            .await
            .with_context(|| format!("cannot name the demo's employer {}", employer.name))?;
    }
    let (days, documents): (Vec<chrono::NaiveDate>, Vec<ParsedDocument>) =
        documents.into_iter().unzip();
    let mut first = 0;
    while let Some(&received) = days.get(first) {
        let n_on_day = days[first..]
            .iter()
            .take_while(|day| **day == received)
            .count();
        let parsed = &documents[first..first + n_on_day];
        first += n_on_day;
        let now = if received < today {
            received
                .and_hms_opt(9, 0, 0)
                .map_or(clock.now(), |time| time.and_utc().timestamp_millis())
        } else {
            clock.now()
        };
        let outcomes = store
            .store_documents(&loader, parsed, today, now)
            .await
            .context("cannot store the demo documents")?;
        for (outcome, parsed) in outcomes.into_iter().zip(parsed) {
            match outcome {
                Ok(DocumentOutcome::Stored) => {}
                Ok(DocumentOutcome::Repeated) => bail!(
                    "the demo document {} {} was stored twice",
                    parsed.document.kind().as_str(),
                    parsed.document.id
                ),
                Err(error) => {
                    return Err(error).with_context(|| {
                        format!(
                            "the store refused the demo document {} {}",
                            parsed.document.kind().as_str(),
                            parsed.document.id
                        )
                    })
                }
            }
        }
    }

    let hashes = hashing.await.context("hashing the passwords failed")?;
    for ((plan, password_hash), password) in plans.iter_mut().zip(hashes).zip(passwords) {
        plan.user.password_hash = password_hash;
        plan.password = password;
        store
            .create_user(&plan.user, clock.now())
            .await
            .with_context(|| format!("cannot create the demo user {}", plan.user.username))?;
    }
    let actor_of = |username: &str| {
        let username = username.to_owned();
        async move {
            store
                .user_by_username(&username)
                .await
                .with_context(|| format!("cannot read the demo user {username}"))?
                .map(|record| record.actor)
                .with_context(|| format!("the demo user {username} is missing"))
        }
    };

    // The counsellor works at a career centre. The worker has agreed to be
    // seen by them (their follow-up and certificates besides guidance) but
    // has not booked yet: in the demo the worker books, fills in the
    // self-assessments and meets the counsellor. The job specialist sees the
    // worker for supported employment, with other parts shared (the worker
    // agreed to the caseworker's referral; see below), so each demo login
    // shows exactly what its consent shares.
    let worker = actor_of(username_of(Role::Worker)).await?;
    let worker_person = worker.person.context("the demo worker has no person")?;
    #[allow(clippy::disallowed_methods)]
    // the demo's loader registers the centre as the operator would
    let operator = Actor::command_line("demo-loader");
    store
        .put_centre(
            &operator,
            &CareerCentre {
                orgnr: Orgnr::parse(DEMO_CAREER_CENTRE).context("the demo centre's orgnr")?,
                name: "Karriere Oslo".to_owned(),
                plan: SessionPlan::DEFAULT,
                counsellors: Vec::new(),
            },
            clock.now(),
        )
        .await
        .context("cannot create the demo career centre")?;
    store
        .grant_consent(
            &worker,
            &worker_person,
            username_of(Role::Counsellor),
            None,
            Share::of([Category::Followup, Category::Certificates]),
            clock.now(),
        )
        .await
        .context("cannot record the worker's consent to the counsellor")?;

    // Benefit-end notices sent: no document closes them, a caseworker marks them done.
    let mut caseworkers: BTreeMap<UnitCode, Actor> = BTreeMap::new();
    for plan in plans
        .iter()
        .filter(|plan| plan.user.role == Role::Caseworker)
    {
        if let Some(unit) = plan.user.unit {
            caseworkers.insert(unit, actor_of(&plan.user.username).await?);
        }
    }
    for person in &world.persons {
        let Some(caseworker) = caseworkers.get(&person.unit) else {
            continue;
        };
        for (task_id, reason) in &person.decisions {
            store
                .decide_task(
                    caseworker,
                    &person.fnr,
                    task_id,
                    TaskState::Done,
                    reason,
                    today,
                    clock.now(),
                )
                .await
                .with_context(|| format!("cannot mark the demo task {task_id} done"))?;
        }
    }

    // The showcase's NAV office holds early sessions in weeks 14 and 16.
    if let Some(caseworker) = caseworkers.get(&world.showcase().unit) {
        store
            .set_early_sessions(caseworker, true, today, clock.now())
            .await
            .context("cannot switch on the demo office's early sessions")?;
    }
    // Supported Employment: the provider, its employers and participants.
    if let (Some(supported_employment), Some(caseworker)) = (
        supported_employment.as_ref(),
        caseworkers.get(&world.showcase().unit),
    ) {
        let specialist = actor_of(username_of(Role::JobSpecialist)).await?;
        crate::demo_supported_employment::load(
            store.as_ref(),
            supported_employment,
            caseworker,
            &specialist,
            &worker,
            clock,
        )
        .await
        .context("cannot load the demo's Supported Employment")?;
    }

    let tick = store
        .tick(today, clock.now())
        .await
        .context("the daily run failed")?;

    let (accounts, more_caseworkers) = plans
        .into_iter()
        .map(|plan| Account {
            role: plan.user.role,
            username: plan.user.username,
            password: plan.password,
            about: plan.about,
        })
        .partition(|account| {
            account.role != Role::Caseworker || account.username == username_of(Role::Caseworker)
        });
    Ok(Demo {
        world,
        seed,
        n_documents_by_kind,
        tick,
        accounts,
        more_caseworkers,
    })
}

/// An account to create.
struct AccountPlan {
    user: NewUser,
    password: String,
    about: String,
}

/// The username of the demo account of a role: the role's name.
/// The organisation number of the demo's career centre.
const DEMO_CAREER_CENTRE: &str = "970012346";

fn username_of(role: Role) -> &'static str {
    role.as_str()
}

/// One account per role, tied to the showcase: the caseworker of its unit,
/// the manager at its employer, the worker themself, their GP; then a
/// caseworker for each other unit.
fn account_plans(world: &DemoWorld, provider: Option<Orgnr>) -> Vec<AccountPlan> {
    let showcase = world.showcase();
    let unit_name = |code: UnitCode| {
        world
            .units
            .iter()
            .find(|unit| unit.code == code.to_string())
            .map_or("NAV", |unit| unit.name)
    };
    let in_unit = |code: UnitCode| {
        world
            .persons
            .iter()
            .filter(|person| person.unit == code)
            .count()
    };
    let employer = showcase
        .employer
        .as_ref()
        .and_then(|orgnr| world.employers.iter().find(|e| &e.orgnr == orgnr));
    let employees_on_leave = world
        .persons
        .iter()
        .filter(|person| {
            person.employer == showcase.employer
                && !matches!(person.stage, DemoStage::Closed | DemoStage::NoSickLeave)
        })
        .count();
    let patients = world
        .persons
        .iter()
        .filter(|person| person.gp == showcase.gp)
        .count();
    let plan = |role: Role, about: String| AccountPlan {
        user: NewUser {
            username: username_of(role).to_owned(),
            password_hash: String::new(),
            role,
            unit: None,
            employer: None,
            person: None,
            gp_id: None,
            protected_address_access: false,
        },
        password: String::new(),
        about,
    };

    let mut caseworker = plan(
        Role::Caseworker,
        format!(
            "caseworker at {} (unit {}): {} people and NAV's tasks for them",
            unit_name(showcase.unit),
            showcase.unit,
            in_unit(showcase.unit)
        ),
    );
    caseworker.user.unit = Some(showcase.unit);
    let mut manager = plan(
        Role::Manager,
        match employer {
            Some(employer) => format!(
                "nearest manager at {} ({}): {employees_on_leave} employees with open cases",
                employer.name, employer.orgnr
            ),
            None => "nearest manager".to_owned(),
        },
    );
    manager.user.employer = showcase
        .employer
        .as_deref()
        .and_then(|orgnr| Orgnr::parse(orgnr).ok());
    let mut worker = plan(
        Role::Worker,
        format!(
            "the sick-listed person {}: {}, graded leave, plan and meeting 1 done",
            showcase.fnr,
            showcase.stage.label()
        ),
    );
    worker.user.person = Some(showcase.fnr);
    let mut gp = plan(
        Role::Gp,
        format!(
            "GP {} (the worker's): certificates of {patients} people",
            showcase.gp
        ),
    );
    gp.user.gp_id = Some(showcase.gp.clone());
    let mut counsellor = plan(
        Role::Counsellor,
        "career counsellor at Karriere Oslo: the worker has agreed to be seen and can book"
            .to_owned(),
    );
    counsellor.user.employer = Orgnr::parse(DEMO_CAREER_CENTRE).ok();
    let mut job_specialist = plan(
        Role::JobSpecialist,
        "job specialist at Jobbhuset Oslo: the worker has agreed to take part; four more \
         participants, from just agreed to a year in work, and the employer register"
            .to_owned(),
    );
    job_specialist.user.employer = provider;
    let mut supervisor = plan(
        Role::SeSupervisor,
        "method supervisor at Jobbhuset Oslo: the queue, assignments and the team's fidelity"
            .to_owned(),
    );
    supervisor.user.employer = provider;
    let mut plans = vec![
        caseworker,
        manager,
        worker,
        gp,
        counsellor,
        job_specialist,
        supervisor,
        plan(
            Role::Admin,
            "administrator: accounts, no person data".to_owned(),
        ),
    ];
    for unit in world.units {
        let Ok(code) = UnitCode::parse(unit.code) else {
            continue;
        };
        if code == showcase.unit {
            continue;
        }
        let mut other = plan(
            Role::Caseworker,
            format!(
                "caseworker at {} (unit {code}): {} people",
                unit.name,
                in_unit(code)
            ),
        );
        other.user.username = format!("caseworker-{code}");
        other.user.unit = Some(code);
        plans.push(other);
    }
    plans
}

/// A random password of letters and digits, new on every run.
fn new_password() -> String {
    let mut password = String::with_capacity(PASSWORD_CHARS);
    while password.len() < PASSWORD_CHARS {
        password.extend(
            new_token()
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(PASSWORD_CHARS - password.len()),
        );
    }
    password
}

/// The document as the contract's JSON, parsed back as the API would parse it.
fn as_parsed(
    document: &tilbake_domain::document::Document,
    today: chrono::NaiveDate,
) -> anyhow::Result<ParsedDocument> {
    let value = document_value(document, true);
    parse_document_value(&value, today).with_context(|| {
        format!(
            "the demo wrote a document the contract refuses: {} {}",
            document.kind().as_str(),
            document.id
        )
    })
}

/// The system client the documents come from (the worker reads it as NAV's systems).
async fn system_actor(store: &dyn Store, clock: Clock) -> anyhow::Result<Actor> {
    let hash = token_hash(&new_token());
    store
        .create_api_token("demo-loader", &hash, clock.now())
        .await
        .context("cannot create the demo's system client")?;
    store
        .api_token_actor(&hash)
        .await
        .context("cannot read the demo's system client")?
        .context("the demo's system client is missing")
}

fn print_summary(demo: &Demo, folder: &Path) -> std::io::Result<()> {
    let world = &demo.world;
    let mut out = std::io::stdout().lock();
    let n_documents: usize = demo.n_documents_by_kind.values().sum();
    writeln!(
        out,
        "tilbake demo: synthetic data only (synthetic identity numbers); nobody here is a real person."
    )?;
    writeln!(
        out,
        "temporary folder: {} (removed when the demo stops)",
        folder.display()
    )?;
    writeln!(out, "today: {}; seed {}", world.today, demo.seed)?;
    writeln!(
        out,
        "{} people, {} NAV units, {} employers, {} GPs, {n_documents} documents:",
        world.persons.len(),
        world.units.len(),
        world.employers.len(),
        world.gps.len()
    )?;
    let kinds: Vec<String> = demo
        .n_documents_by_kind
        .iter()
        .map(|(kind, n)| format!("{n} {kind}"))
        .collect();
    writeln!(out, "  {}", kinds.join(", "))?;
    writeln!(out, "where people stand today:")?;
    for (stage, n) in world.stage_counts() {
        if n > 0 {
            writeln!(out, "  {n:>5}  {}", stage.label())?;
        }
    }
    writeln!(
        out,
        "tasks: {} open, {} overdue, {} due within 14 days",
        demo.tick.n_open, demo.tick.n_overdue, demo.tick.n_due_soon
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Accounts, one per role (passwords are new on every run):"
    )?;
    for account in &demo.accounts {
        writeln!(out, "  {:<15} {}", account.username, account.about)?;
    }
    for account in &demo.more_caseworkers {
        writeln!(
            out,
            "  {:<15} {} (password {})",
            account.username, account.about, account.password
        )?;
    }
    writeln!(
        out,
        "Sign in at the address below; Ctrl-C stops the demo and deletes its data."
    )?;
    for account in &demo.accounts {
        writeln!(
            out,
            "login {} {} {}",
            account.role.as_str(),
            account.username,
            account.password
        )?;
    }
    out.flush()
}

/// A new folder under the system's temporary folder, removed when dropped.
struct TempFolder {
    path: PathBuf,
}

impl TempFolder {
    fn create() -> anyhow::Result<TempFolder> {
        let parent = std::env::temp_dir();
        let suffix: String = new_token()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(10)
            .collect();
        let path = parent.join(format!("tilbake-demo-{}-{suffix}", std::process::id()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&path).with_context(|| {
            format!(
                "cannot create a temporary folder in {}; set TMPDIR to a writable folder",
                parent.display()
            )
        })?;
        Ok(TempFolder { path })
    }

    fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        // The database may still be closing its files; try a few times.
        for attempt in 0..20 {
            match std::fs::remove_dir_all(&self.path) {
                Ok(()) => return,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => return,
                Err(error) if attempt == 19 => {
                    eprintln!(
                        "tilbake demo: cannot remove the temporary folder {}: {error}",
                        self.path.display()
                    );
                }
                Err(_) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_letters_and_digits_and_differ() {
        let first = new_password();
        assert_eq!(first.len(), PASSWORD_CHARS);
        assert!(first.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(first, new_password());
    }

    #[test]
    fn every_role_but_system_gets_one_account_tied_to_the_showcase() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let world = demo_world(1, today, 50);
        let plans = account_plans(&world, Orgnr::parse("923609016").ok());
        let showcase = world.showcase();
        for role in Role::ALL.into_iter().filter(|role| *role != Role::System) {
            let plan = plans
                .iter()
                .find(|plan| plan.user.username == role.as_str())
                .unwrap();
            assert_eq!(plan.user.role, role);
        }
        let by_role = |role: Role| {
            plans
                .iter()
                .find(|plan| plan.user.username == role.as_str())
                .unwrap()
        };
        assert_eq!(by_role(Role::Caseworker).user.unit, Some(showcase.unit));
        assert_eq!(by_role(Role::Worker).user.person, Some(showcase.fnr));
        assert_eq!(
            by_role(Role::Gp).user.gp_id.as_deref(),
            Some(showcase.gp.as_str())
        );
        assert_eq!(
            by_role(Role::Manager).user.employer.map(|e| e.to_string()),
            showcase.employer
        );
        for role in [Role::JobSpecialist, Role::SeSupervisor] {
            assert_eq!(
                by_role(role)
                    .user
                    .employer
                    .map(|e| e.to_string())
                    .as_deref(),
                Some("923609016")
            );
        }
    }
}
