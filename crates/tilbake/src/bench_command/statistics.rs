//! `tilbake bench statistics`: the server time of the statistics pages on a
//! database filled by `tilbake bench ingest`: the first request after the
//! store opens (cold: the walk over every stored document) and then the
//! following ones (warm: the kept case records, one count of the documents).
//!
//! As `bench pages`, the whole application router is called in process
//! with a signed-in caseworker's session cookie.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;
use tilbake_domain::identity::UnitCode;
use tilbake_domain::statistics::last_ended_quarters;
use tilbake_store::{NewSession, Store};
use tilbake_web::{app, new_token, token_hash, AppState, Clock, WebConfig};

use super::pages::{caseworker, summary, time_page};
use super::store::{bench_today, open_store};
use crate::serve_command::mask_password;

#[derive(clap::Args, Debug)]
pub struct StatisticsArgs {
    /// A database filled by `tilbake bench ingest`.
    #[arg(long, value_name = "URL")]
    db: String,
    /// Timed warm requests of each page, after 5 untimed ones.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    repeat: u32,
}

pub async fn statistics(args: &StatisticsArgs) -> anyhow::Result<ExitCode> {
    let unit = UnitCode::parse("1001").map_err(|_| anyhow::anyhow!("a unit code"))?;
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
    let router = app(AppState::new(
        Arc::clone(&store),
        WebConfig::default(),
        clock,
    ));
    let cookie = format!("tilbake_session={token}");
    let quarter = *last_ended_quarters(today, 1).first().context("a quarter")?;
    let page = format!("/statistikk/nav?quarter={quarter}&by=unit");

    let started = Instant::now();
    let (_, cold_bytes) = time_page(&router, &page, &cookie, 0).await?;
    let cold = started.elapsed();
    let (page_times, _) = time_page(&router, &page, &cookie, args.repeat).await?;
    let by_diagnosis = format!("/statistikk/nav?quarter={quarter}&by=diagnosis_chapter");
    let (diagnosis_times, _) = time_page(&router, &by_diagnosis, &cookie, args.repeat).await?;
    let csv = format!("/statistikk/nav/csv?quarter={quarter}&by=unit");
    let (csv_times, _) = time_page(&router, &csv, &cookie, args.repeat).await?;
    let (public_times, public_bytes) = time_page(&router, "/statistikk", "", args.repeat).await?;

    println!(
        "tilbake bench statistics: caseworker of unit {unit} on {}, {today}, quarter {quarter}",
        mask_password(&args.db)
    );
    println!(
        "  cold (the first request after the store opens; 5 more untimed follow it): {:.0} ms for the page and the 5, {} KiB",
        cold.as_secs_f64() * 1e3,
        cold_bytes / 1024
    );
    println!("  warm {page}\n    {}", summary(&page_times));
    println!("  warm {by_diagnosis}\n    {}", summary(&diagnosis_times));
    println!("  warm {csv}\n    {}", summary(&csv_times));
    println!(
        "  warm /statistikk ({} KiB)\n    {}",
        public_bytes / 1024,
        summary(&public_times)
    );
    Ok(ExitCode::SUCCESS)
}
