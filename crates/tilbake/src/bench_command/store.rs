//! `tilbake bench ingest` and `tilbake bench queue`: the store's speed with
//! synthetic people, through the [`Store`] trait as the service uses it.
//!
//! `ingest` turns each synthetic person's events into service documents and
//! stores them with [`Store::store_documents`] as a system client, in
//! batches; only those calls are timed, and each stored document includes
//! the recomputation of its person (follow-up, tasks, unit). `queue` times
//! [`Store::list_tasks`] for a caseworker of one unit on a database that
//! `ingest` filled.
//!
//! Persons are spread over NAV units by their place in the stream (100 by
//! default, `--units`), so at national scale (1,000,000 people, about
//! 130,000 of them with an open case) a unit follows about 1,300 open cases,
//! or 5,200 with `--units 25`. Unless `--history-only`, the population is
//! calibrated for that day (`PopulationGenerator::with_recent_absences`) and
//! carries the parties' case work (`PopulationGenerator::case_work`). Both
//! commands measure and report; neither checks more than that every
//! document was accepted.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use chrono::{Days, NaiveDate};
use clap::Args;
use serde_json::{Map, Value};
use tilbake_contract::document::{document_value, parse_document_value, ParsedDocument};
use tilbake_domain::access::Role;
use tilbake_domain::document::{Document, DocumentBody};
use tilbake_domain::followup::{Event, FollowupEngine, BENEFIT_RULES};
use tilbake_domain::identity::{Fnr, UnitCode};
use tilbake_store::{Actor, DocumentOutcome, Millis, NewUser, Store, StoreError, TaskQuery};
use tilbake_synth::{
    CaseWorkDocument, PopulationConfig, PopulationGenerator, SyntheticPerson,
    NATIONAL_RECENT_ABSENCE_SHARE,
};
use tilbake_web::Clock;

use super::{event_document, peak_rss_kib};
use crate::serve_command::mask_password;

/// The code of the first unit; the others follow it (`1001` … `1100`).
const FIRST_UNIT: u64 = 1001;
/// How often `ingest` reports its progress on stderr.
const PROGRESS_EVERY_PERSONS: u64 = 100_000;

#[derive(Args, Debug)]
pub struct IngestArgs {
    /// The database to fill: an SQLite file path (best a new one), sqlite://PATH,
    /// or postgres://… (best a new schema: `?options[search_path]=SCHEMA`).
    #[arg(long, value_name = "URL")]
    db: String,
    /// How many synthetic people.
    #[arg(long, default_value_t = 100_000)]
    persons: u64,
    /// Seed of the synthetic population; the same seed gives the same people.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// How many NAV units the people are spread over (1001, 1002, …).
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..=8999))]
    units: u64,
    /// Documents per call of `store_documents` (a person's documents are never split).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    batch_size: u64,
    /// Stop after the batch during which this many seconds have passed, and
    /// report what was reached.
    #[arg(long, value_name = "SECONDS")]
    max_seconds: Option<u64>,
    /// The people as `bench followup` draws them: histories only, no case
    /// work, and no calibration of how many have a case open on the day
    /// (the population of the figures measured before the calibration).
    #[arg(long)]
    history_only: bool,
}

#[derive(Args, Debug)]
pub struct QueueArgs {
    /// A database filled by `tilbake bench ingest`.
    #[arg(long, value_name = "URL")]
    db: String,
    /// The caseworker's unit (the bench spreads people over 1001 to 1100).
    #[arg(long, value_name = "CODE", default_value = "1001")]
    unit: String,
    /// Timed calls of `list_tasks`, after 5 untimed ones.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    repeat: u32,
    /// The most tasks a call lists (1000 is the most the API lists).
    #[arg(long, default_value_t = 1000)]
    limit: u32,
}

/// The day the synthetic histories are seen from (`PopulationConfig::default`).
pub(super) fn bench_today() -> NaiveDate {
    PopulationConfig::default().today
}

/// The unit of the person at `index` in the stream, of `n_units` units.
pub(super) fn unit_of(index: u64, n_units: u64) -> String {
    format!("{:04}", FIRST_UNIT + index % n_units)
}

/// The system client that delivers the documents.
#[allow(clippy::disallowed_methods)] // the benchmark loads as the command line's operator
pub(super) fn loader() -> Actor {
    Actor::command_line("bench")
}

/// Appends the service documents of a person's events and case work to
/// `documents`: each with `person` and `unit`; a certificate keeps its id (a
/// correction is a certificate with `corrects`), a cancellation names the
/// certificate, the other events get ids of their own (`sc-3`: the event at
/// index 3), and case work keeps the generator's ids.
pub(super) fn person_documents(
    person: &SyntheticPerson,
    case_work: &[CaseWorkDocument],
    unit: &str,
    documents: &mut Vec<ParsedDocument>,
) -> anyhow::Result<()> {
    for (index, event) in person.input.events.iter().enumerate() {
        let own_id = match event {
            Event::SickLeave(_) | Event::Cancelled { .. } => None,
            Event::SelfCertified(_) => Some(format!("sc-{index}")),
            Event::Vacation(_) => Some(format!("va-{index}")),
            Event::WorkResumed(_) => Some(format!("wr-{index}")),
        };
        let mut fields = match event_document(event) {
            Value::Object(fields) => fields,
            _ => Map::new(),
        };
        if let Some(id) = own_id {
            fields.insert("id".to_owned(), id.into());
        }
        fields.insert("person".to_owned(), person.identity_number.clone().into());
        fields.insert("unit".to_owned(), unit.into());
        let parsed =
            parse_document_value(&Value::Object(fields), bench_today()).with_context(|| {
                format!(
                    "person {} event {index}: the synthetic document is refused",
                    person.index
                )
            })?;
        documents.push(parsed);
    }
    if case_work.is_empty() {
        return Ok(());
    }
    let fnr = Fnr::parse(&person.identity_number)
        .map_err(|_| anyhow::anyhow!("person {}: not an identity number", person.index))?;
    let unit = UnitCode::parse(unit).map_err(|_| anyhow::anyhow!("{unit}: not a unit code"))?;
    for work in case_work {
        let document = Document {
            person: fnr,
            id: work.id.clone(),
            unit: Some(unit),
            body: work.body.clone(),
            diagnosis: None,
            gp: None,
        };
        let parsed = parse_document_value(&document_value(&document, false), bench_today())
            .with_context(|| {
                format!(
                    "person {} case work {}: the synthetic document is refused",
                    person.index, work.id
                )
            })?;
        documents.push(parsed);
    }
    Ok(())
}

/// Whether a document is case work rather than a follow-up event.
fn is_case_work(parsed: &ParsedDocument) -> bool {
    !matches!(parsed.document.body, DocumentBody::Followup(_))
}

/// Counts of an ingest.
#[derive(Debug, Default)]
struct IngestTotals {
    persons: u64,
    documents: u64,
    new: u64,
    repeated: u64,
    rejected: u64,
    /// Case-work documents among `documents` (prepared, so counted when made).
    case_work: u64,
    /// Persons with a case running through `today`.
    persons_on_leave: u64,
    /// Persons with a case that a new certificate would still continue on
    /// `today` (ended at most 16 days before): the store's open cases.
    persons_with_open_case: u64,
    batches: u64,
    /// Time in `store_documents` only.
    timed: Duration,
    /// Generating, building and parsing the documents (untimed).
    preparation: Duration,
    /// Refreshing the planner's statistics (untimed; PostgreSQL only).
    statistics: Duration,
}

impl IngestTotals {
    fn documents_per_second(&self) -> f64 {
        rate(self.documents, self.timed)
    }
}

fn rate(count: u64, time: Duration) -> f64 {
    let seconds = time.as_secs_f64();
    if seconds > 0.0 {
        count as f64 / seconds
    } else {
        f64::INFINITY
    }
}

pub(super) async fn open_store(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    tilbake_store::open(url)
        .await
        .with_context(|| format!("cannot open the database {}", mask_password(url)))
}

pub async fn ingest(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.db).await?;
    let started = Instant::now();
    let deadline = args.max_seconds.map(Duration::from_secs);
    let today = bench_today();
    let now = Clock::at_noon(today).now();
    let actor = loader();
    let batch_size = usize::try_from(args.batch_size).unwrap_or(usize::MAX);
    let mut generator = PopulationGenerator::new(args.seed, PopulationConfig::default());
    if !args.history_only {
        generator = generator.with_recent_absences(NATIONAL_RECENT_ABSENCE_SHARE);
    }
    let mut engine = FollowupEngine::default();
    let mut totals = IngestTotals::default();
    let mut batch: Vec<ParsedDocument> = Vec::with_capacity(batch_size);
    let mut person_batch: Vec<ParsedDocument> = Vec::new();
    let mut first_rejections = Vec::new();
    let mut since_progress = (0_u64, Duration::ZERO);
    let mut stopped_early = false;
    let mut next_statistics = 500_u64;
    while totals.persons < args.persons {
        let preparing = Instant::now();
        let person = generator.next_person();
        person_batch.clear();
        let followup = engine.compute(&person.input).ok();
        let case_work = match &followup {
            Some(followup) if !args.history_only => generator.case_work(&person, followup),
            _ => Vec::new(),
        };
        person_documents(
            &person,
            &case_work,
            &unit_of(person.index, args.units),
            &mut person_batch,
        )?;
        totals.case_work += person_batch
            .iter()
            .filter(|parsed| is_case_work(parsed))
            .count() as u64;
        if let Some(followup) = followup {
            let cases = &followup.cases;
            if cases
                .iter()
                .any(|case| case.start <= today && case.end >= today)
            {
                totals.persons_on_leave += 1;
            }
            if cases
                .iter()
                .any(|case| case.end + Days::new(u64::from(BENEFIT_RULES.case_gap_days)) >= today)
            {
                totals.persons_with_open_case += 1;
            }
        }
        totals.persons += 1;
        totals.preparation += preparing.elapsed();
        let last_person = totals.persons == args.persons;
        if !batch.is_empty() && batch.len() + person_batch.len() > batch_size {
            store_batch(
                store.as_ref(),
                &actor,
                &batch,
                today,
                now,
                &mut totals,
                &mut first_rejections,
                &mut since_progress,
            )
            .await?;
            batch.clear();
        }
        batch.append(&mut person_batch);
        if totals.persons >= next_statistics {
            // As autovacuum would as the tables grow (the bench server runs
            // without it): at 500, 1,000, 2,000, … people. Untimed.
            let refreshing = Instant::now();
            store
                .refresh_statistics()
                .await
                .context("cannot refresh the planner's statistics")?;
            totals.statistics += refreshing.elapsed();
            next_statistics *= 2;
        }
        if last_person && !batch.is_empty() {
            store_batch(
                store.as_ref(),
                &actor,
                &batch,
                today,
                now,
                &mut totals,
                &mut first_rejections,
                &mut since_progress,
            )
            .await?;
            batch.clear();
        }
        if totals.persons % PROGRESS_EVERY_PERSONS == 0 {
            let (documents, time) = std::mem::take(&mut since_progress);
            eprintln!(
                "  … {} people, {} documents stored in {:.0} s: {:.0} documents/s overall, {:.0} in the last {} people",
                totals.persons,
                totals.documents,
                totals.timed.as_secs_f64(),
                totals.documents_per_second(),
                rate(documents, time),
                PROGRESS_EVERY_PERSONS
            );
        }
        if deadline.is_some_and(|deadline| started.elapsed() >= deadline) {
            // Store what is prepared, then stop.
            if !batch.is_empty() {
                store_batch(
                    store.as_ref(),
                    &actor,
                    &batch,
                    today,
                    now,
                    &mut totals,
                    &mut first_rejections,
                    &mut since_progress,
                )
                .await?;
                batch.clear();
            }
            stopped_early = totals.persons < args.persons;
            break;
        }
    }
    report_ingest(args, &totals, stopped_early, started.elapsed());
    for rejection in &first_rejections {
        eprintln!("  rejected: {rejection}");
    }
    Ok(if totals.rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Stores one batch, timing only the store, and counts its outcomes.
#[allow(clippy::too_many_arguments)] // the loop's state, passed down once
async fn store_batch(
    store: &dyn Store,
    actor: &Actor,
    batch: &[ParsedDocument],
    today: NaiveDate,
    now: i64,
    totals: &mut IngestTotals,
    first_rejections: &mut Vec<String>,
    since_progress: &mut (u64, Duration),
) -> anyhow::Result<()> {
    let storing = Instant::now();
    let outcomes = store
        .store_documents(actor, batch, today, now)
        .await
        .context("cannot store a batch of documents")?;
    let elapsed = storing.elapsed();
    totals.timed += elapsed;
    totals.batches += 1;
    totals.documents += batch.len() as u64;
    since_progress.0 += batch.len() as u64;
    since_progress.1 += elapsed;
    if outcomes.len() != batch.len() {
        bail!(
            "the store answered {} outcomes for {} documents",
            outcomes.len(),
            batch.len()
        );
    }
    for (parsed, outcome) in batch.iter().zip(outcomes) {
        match outcome {
            Ok(DocumentOutcome::Stored) => totals.new += 1,
            Ok(DocumentOutcome::Repeated) => totals.repeated += 1,
            Err(error) => {
                totals.rejected += 1;
                if first_rejections.len() < 10 {
                    first_rejections.push(format!(
                        "a {} document with id '{}': {error}",
                        parsed.document.kind().as_str(),
                        parsed.document.id
                    ));
                }
            }
        }
    }
    Ok(())
}

fn report_ingest(args: &IngestArgs, totals: &IngestTotals, stopped_early: bool, wall: Duration) {
    println!(
        "tilbake bench ingest: {} synthetic people (seed {}, {} units) into {}, batches of up to {} documents",
        totals.persons,
        args.seed,
        args.units,
        mask_password(&args.db),
        args.batch_size
    );
    if stopped_early {
        println!(
            "  STOPPED by --max-seconds {} after {} of {} people",
            args.max_seconds.unwrap_or_default(),
            totals.persons,
            args.persons
        );
    }
    println!(
        "  people on sick leave on {}: {}; with an open case (ended at most {} days before): {}",
        bench_today(),
        totals.persons_on_leave,
        BENEFIT_RULES.case_gap_days,
        totals.persons_with_open_case
    );
    println!(
        "  documents:           {} in {} batches: new {}, repeated {}, rejected {}",
        totals.documents, totals.batches, totals.new, totals.repeated, totals.rejected
    );
    println!(
        "  case work:           {} documents prepared{}",
        totals.case_work,
        if args.history_only {
            " (--history-only)"
        } else {
            ""
        }
    );
    println!(
        "  timed (store_documents): {:.3} s ({:.1} µs per document)",
        totals.timed.as_secs_f64(),
        if totals.documents > 0 {
            totals.timed.as_secs_f64() * 1e6 / totals.documents as f64
        } else {
            0.0
        }
    );
    println!(
        "  throughput:          {:.0} documents/s ({:.0} people/s)",
        totals.documents_per_second(),
        rate(totals.persons, totals.timed)
    );
    println!(
        "  preparation (untimed): {:.3} s; statistics refreshed (untimed): {:.3} s; wall {:.1} s",
        totals.preparation.as_secs_f64(),
        totals.statistics.as_secs_f64(),
        wall.as_secs_f64()
    );
    if let Some(size) = sqlite_size(&args.db) {
        println!("  database file:       {}", size_text(size));
    }
    if let Some(kib) = peak_rss_kib() {
        println!("  peak RSS (VmHWM):    {:.1} MiB", kib as f64 / 1024.0);
    }
}

/// A caseworker account of `unit` for reading its queue, made once: the
/// queue is read as a signed-in caseworker would read it.
async fn bench_caseworker(
    store: &Arc<dyn Store>,
    unit: UnitCode,
    now: Millis,
) -> anyhow::Result<Actor> {
    let username = format!("bench-caseworker-{unit}");
    let user = NewUser {
        username: username.clone(),
        // Nobody signs in with it: no password verifies against this.
        password_hash: "!".to_owned(),
        role: Role::Caseworker,
        unit: Some(unit),
        employer: None,
        person: None,
        gp_id: None,
        protected_address_access: false,
    };
    match store.create_user(&user, now).await {
        Ok(_) | Err(StoreError::Conflict(_)) => {}
        Err(error) => return Err(error).context("cannot make the benchmark's caseworker"),
    }
    store
        .user_by_username(&username)
        .await?
        .map(|record| record.actor)
        .context("the benchmark's caseworker is missing")
}

pub async fn queue(args: &QueueArgs) -> anyhow::Result<ExitCode> {
    let unit = UnitCode::parse(&args.unit)
        .map_err(|_| anyhow::anyhow!("--unit: must be a 4-digit unit code"))?;
    let store = open_store(&args.db).await?;
    let today = bench_today();
    let now = Clock::at_noon(today).now();
    let actor = bench_caseworker(&store, unit, now).await?;
    let query = TaskQuery {
        today,
        kind: None,
        due_within_days: None,
        open_only: true,
        assigned_to_me: false,
        limit: args.limit,
    };
    let all_open = store
        .list_tasks(
            &actor,
            &TaskQuery {
                limit: u32::MAX,
                ..query.clone()
            },
            now,
        )
        .await
        .context("cannot list the unit's tasks")?;
    let n_overdue = all_open.iter().filter(|task| task.task.due < today).count();
    let persons: std::collections::BTreeSet<_> = all_open.iter().map(|task| task.person).collect();
    let mut n_returned = 0;
    for _ in 0..5 {
        n_returned = store.list_tasks(&actor, &query, now).await?.len();
    }
    let mut times = Vec::with_capacity(args.repeat as usize);
    for _ in 0..args.repeat {
        let started = Instant::now();
        let tasks = store.list_tasks(&actor, &query, now).await?;
        times.push(started.elapsed());
        n_returned = tasks.len();
        std::hint::black_box(tasks);
    }
    times.sort_unstable();
    let quantile = |q: f64| {
        let index = ((times.len() - 1) as f64 * q).round() as usize;
        times.get(index).copied().unwrap_or_default()
    };
    let ms = |time: Duration| time.as_secs_f64() * 1e3;
    println!(
        "tilbake bench queue: caseworker of unit {unit} on {}, {today}, limit {}",
        mask_password(&args.db),
        args.limit
    );
    println!(
        "  open NAV tasks of the unit: {} ({} overdue) of {} people",
        all_open.len(),
        n_overdue,
        persons.len()
    );
    println!("  tasks returned per call:   {n_returned}");
    println!(
        "  list_tasks over {} calls:  median {:.2} ms, p95 {:.2} ms, min {:.2} ms, max {:.2} ms",
        times.len(),
        ms(quantile(0.5)),
        ms(quantile(0.95)),
        ms(times.first().copied().unwrap_or_default()),
        ms(times.last().copied().unwrap_or_default())
    );
    if let Some(size) = sqlite_size(&args.db) {
        println!("  database file:             {}", size_text(size));
    }
    Ok(ExitCode::SUCCESS)
}

/// The bytes of an SQLite database (file and write-ahead log), when the URL names one.
fn sqlite_size(url: &str) -> Option<u64> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return None;
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let path = PathBuf::from(path.split('?').next().unwrap_or(path));
    let size = std::fs::metadata(&path).ok()?.len();
    let mut wal = path.into_os_string();
    wal.push("-wal");
    Some(size + std::fs::metadata(wal).map_or(0, |metadata| metadata.len()))
}

fn size_text(bytes: u64) -> String {
    format!(
        "{:.1} MB ({:.1} MiB)",
        bytes as f64 / 1e6,
        bytes as f64 / (1024.0 * 1024.0)
    )
}

#[cfg(test)]
mod tests {
    use tilbake_domain::document::followup_input;

    use super::*;

    #[test]
    fn each_event_becomes_one_document_that_gives_the_same_input_back() {
        let generator = PopulationGenerator::new(5, PopulationConfig::default());
        let mut documents = Vec::new();
        for person in generator.take(2_000) {
            documents.clear();
            person_documents(&person, &[], &unit_of(person.index, 100), &mut documents).unwrap();
            assert_eq!(documents.len(), person.input.events.len());
            let mut keys: Vec<(&str, &str)> = documents
                .iter()
                .map(|parsed| (parsed.document.kind().as_str(), parsed.document.id.as_str()))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            assert_eq!(keys.len(), documents.len(), "person {}", person.index);
            let input = followup_input(
                documents.iter().map(|parsed| &parsed.document),
                person.input.birth_date,
                person.input.today,
            );
            assert_eq!(input, person.input, "person {}", person.index);
            assert!(documents.iter().all(|parsed| parsed.document.unit
                == Some(UnitCode::parse(&unit_of(person.index, 100)).unwrap())));
        }
    }

    #[test]
    fn units_are_one_hundred_four_digit_codes() {
        let units: std::collections::BTreeSet<String> =
            (0..1_000).map(|index| unit_of(index, 100)).collect();
        assert_eq!(units.len(), 100);
        assert!(units.iter().all(|unit| UnitCode::parse(unit).is_ok()));
    }

    #[tokio::test]
    async fn a_small_ingest_stores_every_document_and_fills_a_queue() {
        let folder = tempfile::tempdir().unwrap();
        let db = folder
            .path()
            .join("bench.db")
            .to_string_lossy()
            .into_owned();
        let code = ingest(&IngestArgs {
            db: db.clone(),
            persons: 300,
            seed: 3,
            units: 100,
            batch_size: 50,
            max_seconds: None,
            history_only: false,
        })
        .await
        .unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
        let code = queue(&QueueArgs {
            db,
            unit: "1001".to_owned(),
            repeat: 3,
            limit: 10,
        })
        .await
        .unwrap();
        assert_eq!(code, ExitCode::SUCCESS);
    }
}
