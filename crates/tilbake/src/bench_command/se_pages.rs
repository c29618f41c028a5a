//! The population of Supported Employment for `tilbake bench pages` (issue
//! 9's speed target): one provider with 50 job specialists of 20 active
//! participants each, every participant referred by the bench's
//! caseworker, agreed and followed (a meeting, an employer contact, a
//! profile), and the provider's method supervisor. Made once; a repeated
//! run finds it and reuses it. Returns the session cookies of the first
//! specialist and of the supervisor, for timing `/arbeid-med-bistand` and
//! `/arbeid-med-bistand/team`.

use anyhow::Context;
use chrono::{Days, NaiveDate};
use tilbake_domain::access::consent::Share;
use tilbake_domain::access::Role;
use tilbake_domain::casework::TaskList;
use tilbake_domain::identity::{Fnr, Orgnr, UnitCode};
use tilbake_domain::supported_employment::{
    Activity, ActivityKind, Place, ProfileSource, VocationalProfile,
};
use tilbake_store::{Actor, NewReferral, NewSession, NewUser, ProfileChange, Store, StoreError};
use tilbake_web::{hash_password, new_token, token_hash};

pub const SPECIALISTS: usize = 50;
pub const PER_SPECIALIST: usize = 20;
const PROVIDER_SEQUENCE: u32 = 92_360_901;

/// An account of the population, made once (one password hash for all:
/// nobody signs in with it, the bench makes sessions directly).
async fn account(
    store: &dyn Store,
    username: &str,
    role: Role,
    employer: Option<Orgnr>,
    person: Option<Fnr>,
    unit: Option<UnitCode>,
    password_hash: &str,
) -> anyhow::Result<Actor> {
    let user = NewUser {
        username: username.to_owned(),
        password_hash: password_hash.to_owned(),
        role,
        unit,
        employer,
        person,
        gp_id: None,
        protected_address_access: false,
    };
    match store.create_user(&user, 0).await {
        Ok(_) | Err(StoreError::Conflict(_)) => {}
        Err(error) => return Err(error.into()),
    }
    Ok(store
        .user_by_username(username)
        .await?
        .with_context(|| format!("the bench account {username} vanished"))?
        .actor)
}

async fn cookie_of(store: &dyn Store, actor: &Actor, now: i64) -> anyhow::Result<String> {
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
    Ok(format!("tilbake_session={token}"))
}

/// Builds (or finds) the population; `caseworker` follows `unit`.
pub async fn population(
    store: &dyn Store,
    caseworker: &Actor,
    unit: UnitCode,
    today: NaiveDate,
    now: i64,
) -> anyhow::Result<(String, String)> {
    #[allow(clippy::disallowed_methods)] // the benchmark loads as the command line's operator
    let system = Actor::command_line("bench-pages");
    let provider = Orgnr::parse(
        &tilbake_synth::organisation_number(PROVIDER_SEQUENCE).context("an organisation number")?,
    )?;
    store
        .put_provider(&system, &provider, "Benkens jobbhus", now)
        .await?;
    let password_hash = hash_password(&new_token());
    let supervisor = account(
        store,
        "bench-se-supervisor",
        Role::SeSupervisor,
        Some(provider),
        None,
        None,
        &password_hash,
    )
    .await?;
    let employer = tilbake_synth::organisation_number(91_000_001).context("an employer")?;
    let employer_nr = Orgnr::parse(&employer)?;
    let agreed_on = today
        .checked_sub_days(Days::new(40))
        .context("an agreement day")?;
    // Valid synthetic numbers born from 1975 (individual numbers 300–309).
    let mut persons = Vec::with_capacity(SPECIALISTS * PER_SPECIALIST);
    let born = NaiveDate::from_ymd_opt(1975, 1, 1).context("a birth date")?;
    for day in 0..4000u64 {
        for individual in 300..310u16 {
            if persons.len() < SPECIALISTS * PER_SPECIALIST {
                persons.extend(tilbake_synth::synthetic_identity_number(
                    born + Days::new(day),
                    individual,
                ));
            }
        }
    }
    let mut first_specialist = None;
    for s in 0..SPECIALISTS {
        let specialist = account(
            store,
            &format!("bench-se-specialist-{s}"),
            Role::JobSpecialist,
            Some(provider),
            None,
            None,
            &password_hash,
        )
        .await?;
        for p in 0..PER_SPECIALIST {
            let index = s * PER_SPECIALIST + p;
            let fnr_text = persons.get(index).context("a synthetic person")?;
            let fnr = Fnr::parse(fnr_text)?;
            let worker = account(
                store,
                &format!("bench-se-worker-{index}"),
                Role::Worker,
                None,
                Some(fnr),
                None,
                &password_hash,
            )
            .await?;
            // Already in the programme from an earlier run: nothing to add.
            if store.participation(&worker, &fnr, today, now).await.is_ok() {
                continue;
            }
            let from = today.checked_sub_days(Days::new(90)).context("a date")?;
            let certificate = serde_json::json!({"kind": "sick_leave", "id": format!("se-{index}"),
                "person": fnr_text, "from": from.to_string(), "to": (today + Days::new(60)).to_string(),
                "grade": 100, "employer": employer, "unit": unit.to_string()});
            let parsed = tilbake_contract::document::parse_document_value(&certificate, today)
                .map_err(|error| anyhow::anyhow!("a bench certificate: {error}"))?;
            store.store_document(&system, &parsed, today, now).await?;
            store
                .refer_to_supported_employment(
                    caseworker,
                    &fnr,
                    &NewReferral {
                        provider,
                        reason: "Ønsker seg ut i vanlig arbeid".to_owned(),
                        specialist: Some(specialist.username.clone()),
                    },
                    agreed_on,
                    now,
                )
                .await?;
            store
                .agree_to_supported_employment(&worker, &fnr, Share::of([]), agreed_on, now)
                .await?;
            for (offset, kind, place) in [
                (1, ActivityKind::ParticipantMeeting, Place::Office),
                (10, ActivityKind::EmployerContact, Place::Out),
                (20, ActivityKind::WorkplaceVisit, Place::Out),
            ] {
                let activity = Activity {
                    on: agreed_on + Days::new(offset),
                    kind,
                    place,
                    employer: kind.needs_employer().then_some(employer_nr),
                    note: "Kort notat".to_owned(),
                };
                store
                    .log_activity(&specialist, Some(&fnr), &activity, today, now)
                    .await?;
            }
            store
                .save_profile(
                    &specialist,
                    &fnr,
                    &ProfileChange {
                        profile: VocationalProfile {
                            wishes: "Jobbe med mennesker".to_owned(),
                            interests: TaskList::from_text("Kundeservice\nLager"),
                            can_do_now: TaskList::from_text("Kasse"),
                            ..VocationalProfile::default()
                        },
                        source: ProfileSource::Conversation,
                        changed_on: agreed_on + Days::new(2),
                    },
                    today,
                    now,
                )
                .await?;
        }
        if s == 0 {
            first_specialist = Some(specialist);
        }
    }
    let specialist = first_specialist.context("no specialist")?;
    Ok((
        cookie_of(store, &specialist, now).await?,
        cookie_of(store, &supervisor, now).await?,
    ))
}
