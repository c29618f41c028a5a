//! The demo's Supported Employment, stored as the people would do it: the
//! operator registers the provider, the job specialist the employers, NAV's
//! caseworker refers on the day of the referral, each person agrees on the
//! day they agreed (which assigns the job specialist the caseworker named
//! and grants the consent), and the job specialist logs what has happened.
//! The plan is `tilbake_synth::supported_employment`.

use anyhow::Context;
use tilbake_domain::access::Role;
use tilbake_domain::identity::Orgnr;
use tilbake_store::{Actor, Job, NewReferral, NewUser, ProfileChange, Store};
use tilbake_synth::supported_employment::{SeDemo, SeDemoState};
use tilbake_web::Clock;

/// An account that cannot sign in: a demo participant other than the
/// showcase worker (who signs in) agrees through it. No password verifies
/// against it (it is no password hash).
const NO_SIGN_IN: &str = "!";

/// Stores the demo's Supported Employment. `caseworker`, `specialist` and
/// `worker` are the demo's accounts (the specialist's `employer` is the provider).
pub async fn load(
    store: &dyn Store,
    demo: &SeDemo,
    caseworker: &Actor,
    specialist: &Actor,
    worker: &Actor,
    clock: Clock,
) -> anyhow::Result<()> {
    let today = clock.today();
    let now = clock.now();
    #[allow(clippy::disallowed_methods)]
    // the demo's loader registers the provider as the operator would
    let operator = Actor::command_line("demo-loader");
    store
        .put_provider(&operator, &demo.provider, demo.provider_name, now)
        .await
        .context("cannot register the demo provider")?;
    for employer in &demo.employers {
        store
            .put_employer(specialist, employer, now)
            .await
            .with_context(|| format!("cannot register the demo employer {}", employer.name))?;
    }
    for (index, participant) in demo.participants.iter().enumerate() {
        let person = if worker.person == Some(participant.fnr) {
            worker.clone()
        } else {
            let username = format!("participant-{index}");
            store
                .create_user(
                    &NewUser {
                        username: username.clone(),
                        password_hash: NO_SIGN_IN.to_owned(),
                        role: Role::Worker,
                        unit: None,
                        employer: None,
                        person: Some(participant.fnr),
                        gp_id: None,
                        protected_address_access: false,
                    },
                    now,
                )
                .await
                .with_context(|| format!("cannot create the demo participant {username}"))?;
            store
                .user_by_username(&username)
                .await?
                .map(|record| record.actor)
                .with_context(|| format!("the demo participant {username} is missing"))?
        };
        let named = (participant.state == SeDemoState::Active).then(|| specialist.username.clone());
        let referred = Clock::at_noon(participant.referred_on);
        store
            .refer_to_supported_employment(
                caseworker,
                &participant.fnr,
                &NewReferral {
                    provider: demo.provider,
                    reason: participant.reason.to_owned(),
                    specialist: named,
                },
                referred.today(),
                referred.now(),
            )
            .await
            .context("cannot refer a demo participant")?;
        let Some(agreed_on) = participant.agreed_on else {
            continue;
        };
        let agreed = Clock::at_noon(agreed_on);
        store
            .agree_to_supported_employment(
                &person,
                &participant.fnr,
                participant.share,
                agreed.today(),
                agreed.now(),
            )
            .await
            .context("a demo participant cannot agree")?;
        if participant.state != SeDemoState::Active {
            continue;
        }
        store
            .set_steps(specialist, &participant.fnr, participant.steps, today, now)
            .await?;
        for (profile, source, changed_on) in &participant.profiles {
            store
                .save_profile(
                    specialist,
                    &participant.fnr,
                    &ProfileChange {
                        profile: profile.clone(),
                        source: *source,
                        changed_on: *changed_on,
                    },
                    today,
                    now,
                )
                .await
                .context("cannot save a demo vocational profile")?;
        }
        for activity in &participant.activities {
            store
                .log_activity(specialist, Some(&participant.fnr), activity, today, now)
                .await
                .context("cannot log a demo activity")?;
        }
        if let Some((hire, carved)) = &participant.job {
            store
                .save_job(
                    specialist,
                    &participant.fnr,
                    &Job {
                        hire: hire.clone(),
                        tasks: carved.tasks.clone(),
                    },
                    today,
                    now,
                )
                .await
                .context("cannot save a demo job")?;
            store
                .save_onboarding(
                    specialist,
                    &participant.fnr,
                    &participant.onboarding,
                    today,
                    now,
                )
                .await
                .context("cannot save a demo onboarding")?;
        }
        if let Some(plan) = &participant.fade_out {
            store
                .save_fade_out(specialist, &participant.fnr, plan, today, now)
                .await
                .context("cannot save a demo fade-out plan")?;
        }
    }
    for contact in &demo.contacts {
        store
            .log_activity(specialist, None, contact, today, now)
            .await
            .context("cannot log a demo employer contact")?;
    }
    Ok(())
}

/// The provider's organisation number, for the accounts of its people.
pub fn provider_of(demo: Option<&SeDemo>) -> Option<Orgnr> {
    demo.map(|demo| demo.provider)
}
