//! `tilbake bench outbox`: how fast events go through the outbox to a
//! webhook receiver on loopback, as `tilbake serve`'s delivery loop sends
//! them (sequencer, notifier, the owner's view of each person, signed
//! POSTs of up to 500 events).
//!
//! It registers an HR system for the employer on the most current
//! certificates of the synthetic people (employers are drawn from a few large and many small), loads synthetic
//! people as `bench ingest` does, then runs delivery rounds until the
//! subscriber has had everything, and reports events per second: every
//! event examined for the subscriber, and those it got. A measuring tool,
//! not a test.

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use axum::body::Bytes;
use axum::routing::post;
use axum::Router;
use clap::Args;
use tilbake_contract::document::ParsedDocument;
use tilbake_domain::document::DocumentBody;
use tilbake_domain::events::SubscriberOwner;
use tilbake_domain::followup::Event;
use tilbake_domain::followup::FollowupEngine;
use tilbake_domain::identity::Orgnr;
use tilbake_synth::{PopulationConfig, PopulationGenerator, NATIONAL_RECENT_ABSENCE_SHARE};
use tilbake_web::Clock;

use super::store::{bench_today, loader, open_store, person_documents, unit_of};
use crate::delivery::{DeliveryConfig, Outbox};

#[derive(Args, Debug)]
pub struct OutboxArgs {
    /// A new database: an SQLite file path, or postgres://… (best a new schema).
    #[arg(long, value_name = "URL")]
    db: String,
    /// How many synthetic people.
    #[arg(long, default_value_t = 5_000)]
    persons: u64,
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub async fn outbox(args: &OutboxArgs) -> anyhow::Result<ExitCode> {
    let store = open_store(&args.db).await?;
    let today = bench_today();
    let clock = Clock::at_noon(today);
    let actor = loader();

    // The receiver: counts the events it is given, answers 200.
    let received = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&received);
    let router = Router::new().route(
        "/hook",
        post(move |body: Bytes| {
            let counter = Arc::clone(&counter);
            async move {
                let n = serde_json::from_slice::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|value| value["events"].as_array().map(Vec::len))
                    .unwrap_or(0);
                counter.fetch_add(n as u64, Ordering::Relaxed);
                ""
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("cannot listen for the receiver")?;
    let url = format!("http://{}/hook", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, router).await });

    let mut generator = PopulationGenerator::new(args.seed, PopulationConfig::default())
        .with_recent_absences(NATIONAL_RECENT_ABSENCE_SHARE);
    let mut engine = FollowupEngine::default();
    let mut documents: Vec<ParsedDocument> = Vec::new();
    let mut employers: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    for _ in 0..args.persons {
        let person = generator.next_person();

        let case_work = match engine.compute(&person.input) {
            Ok(followup) => generator.case_work(&person, &followup),
            Err(_) => Vec::new(),
        };
        person_documents(
            &person,
            &case_work,
            &unit_of(person.index, 100),
            &mut documents,
        )?;
    }
    // The HR system of the employer on the most certificates that reach
    // today (its manager sees employees with an open case).
    for parsed in &documents {
        if let DocumentBody::Followup(Event::SickLeave(sick_leave)) = &parsed.document.body {
            if sick_leave.period.to() >= today {
                if let Some(employer) = &sick_leave.employer {
                    *employers.entry(employer.clone()).or_default() += 1;
                }
            }
        }
    }
    let employer = employers
        .iter()
        .max_by_key(|(_, count)| **count)
        .and_then(|(text, _)| Orgnr::parse(text).ok())
        .context("the synthetic people have no employer")?;
    let webhook = store
        .register_webhook(
            &actor,
            SubscriberOwner::Employer(employer),
            &url,
            "bench-secret",
            clock.now(),
        )
        .await?;

    let loading = Instant::now();
    for batch in documents.chunks(500) {
        store
            .store_documents(&actor, batch, today, clock.now())
            .await
            .context("cannot store a batch")?;
    }
    let load_seconds = loading.elapsed().as_secs_f64();

    let outbox = Outbox::new(
        Arc::clone(&store),
        clock,
        DeliveryConfig {
            smtp: None,
            public_url: None,
        },
    );
    let delivering = Instant::now();
    let mut sequenced = 0_u64;
    loop {
        let round = outbox.round().await?;
        sequenced += round.sequenced;
        let pending = store.due_webhooks(i64::MAX).await?;
        // Done when nothing was numbered or notified and no subscriber waits.
        if round.sequenced == 0 && round.notified == 0 && pending.is_empty() {
            break;
        }
    }
    let deliver_seconds = delivering.elapsed().as_secs_f64();
    let got = received.load(Ordering::Relaxed);
    println!(
        "tilbake bench outbox: {} synthetic people, {} documents stored in {load_seconds:.2} s ({:.0} documents/s)",
        args.persons,
        documents.len(),
        documents.len() as f64 / load_seconds
    );
    println!(
        "outbox: {sequenced} events sequenced, notified and examined for webhook {} (employer {employer}) in {deliver_seconds:.2} s: {:.0} events/s ({:.0} documents/s); {got} events delivered (the employer's people)",
        webhook.webhook_id,
        sequenced as f64 / deliver_seconds,
        documents.len() as f64 / deliver_seconds
    );
    Ok(ExitCode::SUCCESS)
}
