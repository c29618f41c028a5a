//! `tilbake bench`: how fast the follow-up engine is on synthetic people, and
//! how much memory it takes.
//!
//! People come from `tilbake-synth` in batches into a reused buffer; only the
//! computing of each batch is timed, so the figures are the engine's (or the
//! JSON path's), not the generator's. Memory is the process's peak resident
//! set (`VmHWM`), read after the first batch and at the end, so a run shows
//! whether memory grows with the population. This is a measuring tool, not a
//! test: it checks nothing but that every synthetic input is accepted, and it
//! does no profiling of its own.
//!
//! `ingest` and `queue` measure the store instead (the `store` module);
//! `outbox` the delivery of events to a webhook receiver.

mod outbox;
mod pages;
mod se_pages;
mod statistics;
mod store;

use std::fs::File;
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, Subcommand};
use serde_json::{json, Map, Value};
use tilbake_contract::followup as contract;
use tilbake_domain::followup::{Event, FollowupEngine, FollowupInput};
use tilbake_synth::{PopulationConfig, PopulationGenerator};

use crate::serve_command::run_async;

#[derive(Args, Debug)]
pub struct BenchArgs {
    #[command(subcommand)]
    target: BenchTarget,
}

#[derive(Subcommand, Debug)]
enum BenchTarget {
    /// Time `FollowupEngine::compute` over synthetic people, on one thread, reusing one engine.
    Followup(PopulationArgs),
    /// Time the contract's JSON path in the process: parse each line, compute, write the output line.
    BatchJson(PopulationArgs),
    /// Time storing synthetic people's documents (store_documents, each with its recomputation).
    Ingest(store::IngestArgs),
    /// Time a caseworker's work queue (list_tasks) on a database filled by `bench ingest`.
    Queue(store::QueueArgs),
    /// Time the server's work for the queue page and a long person page on such a database.
    Pages(pages::PagesArgs),
    /// Time the statistics pages on such a database, cold and warm.
    Statistics(statistics::StatisticsArgs),
    Outbox(outbox::OutboxArgs),
}

#[derive(Args, Debug)]
struct PopulationArgs {
    /// How many synthetic people.
    #[arg(long, default_value_t = 1_000_000)]
    persons: u64,
    /// Seed of the synthetic population; the same seed gives the same people.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// People generated at a time between timed runs of the engine.
    #[arg(long, default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
    batch_size: u64,
    /// Also write every person's input document to PATH, one per line (JSON
    /// Lines for `tilbake followup --batch`). Writing is not timed.
    #[arg(long, value_name = "PATH")]
    write_jsonl: Option<PathBuf>,
    /// Only long histories: people of the same stream with at least seven
    /// certificates, a correction and a vacation (see `is_long_history`).
    #[arg(long)]
    long_histories: bool,
}

/// The fewest certificates (corrections included) of a long history.
const LONG_HISTORY_CERTIFICATES: usize = 7;

/// A long history: at least seven certificates, at least one of them a
/// correction, and at least one vacation. About 850 bytes as a JSON line,
/// four times a typical person's work for the engine.
fn is_long_history(input: &FollowupInput) -> bool {
    let mut n_certificates = 0;
    let mut corrected = false;
    let mut vacation = false;
    for event in &input.events {
        match event {
            Event::SickLeave(sick_leave) => {
                n_certificates += 1;
                corrected |= sick_leave.corrects.is_some();
            }
            Event::Vacation(_) => vacation = true,
            _ => {}
        }
    }
    n_certificates >= LONG_HISTORY_CERTIFICATES && corrected && vacation
}

pub fn run(args: &BenchArgs) -> ExitCode {
    let result = match &args.target {
        BenchTarget::Followup(population) => bench_followup(population),
        BenchTarget::BatchJson(population) => bench_batch_json(population),
        BenchTarget::Ingest(ingest) => return run_async("bench", store::ingest(ingest)),
        BenchTarget::Queue(queue) => return run_async("bench", store::queue(queue)),
        BenchTarget::Pages(pages) => return run_async("bench", pages::pages(pages)),
        BenchTarget::Outbox(outbox) => return run_async("bench", outbox::outbox(outbox)),
        BenchTarget::Statistics(statistics) => {
            return run_async("bench", statistics::statistics(statistics))
        }
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("tilbake bench: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// What a run counted, summed over its batches.
#[derive(Debug, Default)]
struct Totals {
    persons: u64,
    events: u64,
    cases: u64,
    milestones: u64,
    invalid: u64,
    generation: Duration,
    timed: Duration,
    peak_rss_after_first_batch_kib: Option<u64>,
}

/// Draws the population batch by batch into one reused buffer and hands each
/// batch to `work`, which times what it measures and adds it to the totals.
fn for_each_batch(
    population: &PopulationArgs,
    mut work: impl FnMut(&[FollowupInput], &mut Totals) -> anyhow::Result<()>,
) -> anyhow::Result<Totals> {
    let mut generator = PopulationGenerator::new(population.seed, PopulationConfig::default());
    let mut jsonl = population
        .write_jsonl
        .as_deref()
        .map(JsonLinesFile::create)
        .transpose()?;
    let mut batch: Vec<FollowupInput> = Vec::with_capacity(population.batch_size as usize);
    let mut totals = Totals::default();
    while totals.persons < population.persons {
        let n_people = population
            .batch_size
            .min(population.persons - totals.persons);
        batch.clear();
        let started = Instant::now();
        let long_only = population.long_histories;
        batch.extend(
            generator
                .by_ref()
                .map(|person| person.input)
                .filter(|input| !long_only || is_long_history(input))
                .take(n_people as usize),
        );
        totals.generation += started.elapsed();
        totals.persons += n_people;
        totals.events += batch
            .iter()
            .map(|input| input.events.len() as u64)
            .sum::<u64>();
        if let Some(jsonl) = jsonl.as_mut() {
            for input in &batch {
                jsonl.write(input)?;
            }
        }
        work(&batch, &mut totals)?;
        if totals.peak_rss_after_first_batch_kib.is_none() {
            totals.peak_rss_after_first_batch_kib = peak_rss_kib();
        }
    }
    if let Some(jsonl) = jsonl {
        jsonl.finish()?;
    }
    Ok(totals)
}

fn bench_followup(population: &PopulationArgs) -> anyhow::Result<bool> {
    let mut engine = FollowupEngine::default();
    let totals = for_each_batch(population, |batch, totals| {
        let started = Instant::now();
        for input in batch {
            match engine.compute(black_box(input)) {
                Ok(followup) => {
                    totals.cases += followup.cases.len() as u64;
                    totals.milestones += followup
                        .cases
                        .iter()
                        .map(|case| case.milestones.len() as u64)
                        .sum::<u64>();
                    black_box(followup);
                }
                Err(_) => totals.invalid += 1,
            }
        }
        totals.timed += started.elapsed();
        Ok(())
    })?;
    report("followup", population, &totals, None);
    Ok(totals.invalid == 0)
}

fn bench_batch_json(population: &PopulationArgs) -> anyhow::Result<bool> {
    let mut engine = FollowupEngine::default();
    // The batch as JSON Lines: one buffer of text and the range of each line, both reused.
    let mut text: Vec<u8> = Vec::new();
    // The output lines, written into one reused buffer as `followup --batch` does.
    let mut output: Vec<u8> = Vec::new();
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut n_bytes_in = 0u64;
    let mut n_bytes_out = 0u64;
    let totals = for_each_batch(population, |batch, totals| {
        text.clear();
        lines.clear();
        for input in batch {
            let start = text.len();
            serde_json::to_writer(&mut text, &input_document(input))?;
            lines.push(start..text.len());
        }
        n_bytes_in += text.len() as u64 + lines.len() as u64;

        let started = Instant::now();
        for line in &lines {
            let document = text.get(line.clone()).unwrap_or_default();
            match contract::compute(&mut engine, black_box(document)) {
                Ok((_, followup)) => {
                    totals.cases += followup.cases.len() as u64;
                    totals.milestones += followup
                        .cases
                        .iter()
                        .map(|case| case.milestones.len() as u64)
                        .sum::<u64>();
                    output.clear();
                    contract::write_output_line(&followup, &mut output);
                    output.push(b'\n');
                    n_bytes_out += output.len() as u64;
                    black_box(&output);
                }
                Err(_) => totals.invalid += 1,
            }
        }
        totals.timed += started.elapsed();
        Ok(())
    })?;
    report(
        "batch-json",
        population,
        &totals,
        Some((n_bytes_in, n_bytes_out)),
    );
    Ok(totals.invalid == 0)
}

fn report(
    name: &str,
    population: &PopulationArgs,
    totals: &Totals,
    json_bytes: Option<(u64, u64)>,
) {
    let seconds = totals.timed.as_secs_f64();
    let per_second = |count: u64| {
        if seconds > 0.0 {
            count as f64 / seconds
        } else {
            f64::INFINITY
        }
    };
    let mib = |kib: Option<u64>| match kib {
        Some(kib) => format!("{:.1} MiB", kib as f64 / 1024.0),
        None => "unknown (no /proc/self/status)".to_owned(),
    };
    println!(
        "tilbake bench {name}: {} synthetic people{} (seed {}, batches of {}), one thread",
        population.persons,
        if population.long_histories {
            " with long histories"
        } else {
            ""
        },
        population.seed,
        population.batch_size
    );
    println!("  events:              {}", totals.events);
    println!("  cases:               {}", totals.cases);
    println!("  milestones:          {}", totals.milestones);
    if totals.invalid > 0 {
        println!(
            "  INVALID INPUTS:      {} (a generator bug)",
            totals.invalid
        );
    }
    if let Some((n_bytes_in, n_bytes_out)) = json_bytes {
        println!(
            "  JSON in / out:       {:.1} MB / {:.1} MB",
            n_bytes_in as f64 / 1e6,
            n_bytes_out as f64 / 1e6
        );
        println!(
            "  input throughput:    {:.1} MB/s",
            per_second(n_bytes_in) / 1e6
        );
    }
    println!(
        "  timed:               {seconds:.3} s ({:.3} µs per person)",
        if totals.persons > 0 {
            seconds * 1e6 / totals.persons as f64
        } else {
            0.0
        }
    );
    println!(
        "  throughput:          {:.0} people/s",
        per_second(totals.persons)
    );
    println!(
        "  generation (untimed): {:.3} s",
        totals.generation.as_secs_f64()
    );
    println!(
        "  peak RSS (VmHWM):    {} after the first batch, {} at the end",
        mib(totals.peak_rss_after_first_batch_kib),
        mib(peak_rss_kib())
    );
}

/// The process's peak resident set size so far, in KiB (Linux only).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().strip_suffix("kB"))
        .and_then(|number| number.trim().parse().ok())
}

/// A JSON Lines file of input documents.
struct JsonLinesFile {
    path: PathBuf,
    writer: BufWriter<File>,
}

impl JsonLinesFile {
    fn create(path: &Path) -> anyhow::Result<JsonLinesFile> {
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(JsonLinesFile {
            path: path.to_owned(),
            writer: BufWriter::with_capacity(1 << 16, file),
        })
    }

    fn write(&mut self, input: &FollowupInput) -> anyhow::Result<()> {
        serde_json::to_writer(&mut self.writer, &input_document(input))
            .and_then(|()| self.writer.write_all(b"\n").map_err(serde_json::Error::io))
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    fn finish(mut self) -> anyhow::Result<()> {
        self.writer
            .flush()
            .with_context(|| format!("cannot write {}", self.path.display()))
    }
}

/// The contract's input document for `input` (`shared/contracts/followup.md`).
///
/// Private to the bench: the service reads input documents, it never writes
/// them, so the contract crate has no writer.
fn input_document(input: &FollowupInput) -> Value {
    let events: Vec<Value> = input.events.iter().map(event_document).collect();
    let mut document = Map::new();
    if let Some(birth_date) = input.birth_date {
        document.insert(
            "birth_date".into(),
            contract::format_date(birth_date).into(),
        );
    }
    if let Some(today) = input.today {
        document.insert("today".into(), contract::format_date(today).into());
    }
    document.insert("events".into(), Value::Array(events));
    Value::Object(document)
}

fn event_document(event: &Event) -> Value {
    let date = |date| Value::String(contract::format_date(date));
    match event {
        Event::SickLeave(sick_leave) => {
            let mut document = json!({
                "kind": "sick_leave",
                "id": sick_leave.id,
                "from": date(sick_leave.period.from()),
                "to": date(sick_leave.period.to()),
                "grade": sick_leave.grade.percent(),
            });
            if let Value::Object(fields) = &mut document {
                if let Some(employer) = &sick_leave.employer {
                    fields.insert("employer".into(), employer.clone().into());
                }
                if let Some(corrects) = &sick_leave.corrects {
                    fields.insert("corrects".into(), corrects.clone().into());
                }
            }
            document
        }
        Event::SelfCertified(range) => json!({
            "kind": "self_certified",
            "from": date(range.from()),
            "to": date(range.to()),
        }),
        Event::Vacation(range) => json!({
            "kind": "vacation",
            "from": date(range.from()),
            "to": date(range.to()),
        }),
        Event::WorkResumed(day) => json!({"kind": "work_resumed", "date": date(*day)}),
        Event::Cancelled { id } => json!({"kind": "cancelled", "id": id}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_documents_parse_back_to_the_same_input() {
        let generator = PopulationGenerator::new(21, PopulationConfig::default());
        for person in generator.take(3_000) {
            let line = serde_json::to_vec(&input_document(&person.input)).unwrap();
            assert!(!line.contains(&b'\n'));
            let parsed = contract::parse_input(&line)
                .unwrap_or_else(|error| panic!("person {}: {error}", person.index));
            assert_eq!(parsed, person.input, "person {}", person.index);
        }
    }

    #[test]
    fn peak_rss_is_read_from_proc_on_linux() {
        if Path::new("/proc/self/status").exists() {
            assert!(peak_rss_kib().is_some_and(|kib| kib > 0));
        }
    }
}
