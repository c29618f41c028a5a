//! Supported Employment's stories, on every backend like the others:
//! referral, agreement (which grants the consent), the provider's queue and
//! the caseload cap under concurrent assignments, the records, withdrawal,
//! the employer register and the team's fidelity.

use super::*;

use tilbake_domain::casework::TaskList;
use tilbake_domain::supported_employment::{
    Activity, ActivityKind, Employer, EmployerTask, EndReason, FadeOutPlan, FadeOutStep,
    FromGuidance, Hire, Hours, Onboarding, OnboardingItem, ParticipationState, Place,
    ProfileSource, Step, StepSet, VocationalProfile, CASELOAD_CAP,
};
use tilbake_store::{Job, NewReferral, ProfileChange};

stories!(
    supported_employment_needs_the_person_s_agreement_and_ends_at_withdrawal,
    the_caseload_cap_holds_under_concurrent_assignments,
    the_employer_register_contacts_and_the_team_s_fidelity,
    shared_guidance_is_taken_in_only_while_shared,
);

const PROVIDER: &str = "923609016";
const UNIT: &str = "0301";

fn provider() -> Orgnr {
    Orgnr::parse(PROVIDER).unwrap()
}

/// A person NAV's unit 0301 follows (a certificate naming the unit).
async fn followed_person(store: &Arc<dyn Store>, n: usize, today: NaiveDate) -> Fnr {
    let fnr = person(n);
    store_ok(
        store,
        &system(),
        &certificate(
            &fnr,
            "s1",
            "2024-01-01",
            "2024-04-30",
            EMPLOYER_A,
            &json!({"unit": UNIT}),
        ),
        today,
    )
    .await;
    fnr
}

fn referral(specialist: Option<&str>) -> NewReferral {
    NewReferral {
        provider: provider(),
        reason: "Ønsker seg ut i ordinært arbeid".to_owned(),
        specialist: specialist.map(str::to_owned),
    }
}

fn activity(on: NaiveDate, kind: ActivityKind, place: Place) -> Activity {
    Activity {
        on,
        kind,
        place,
        employer: kind
            .needs_employer()
            .then(|| Orgnr::parse(EMPLOYER_B).unwrap()),
        note: "Kort notat".to_owned(),
    }
}

/// The person's own account.
async fn worker_of(store: &Arc<dyn Store>, username: &str, person: Fnr) -> Actor {
    user(
        store,
        username,
        Role::Worker,
        Account {
            person: Some(person),
            ..Account::default()
        },
    )
    .await
}

struct Team {
    nav: Actor,
    sam: Actor,
    kim: Actor,
    boss: Actor,
}

async fn team(store: &Arc<dyn Store>) -> Team {
    store
        .put_provider(&system(), &provider(), "Jobbhuset", NOW)
        .await
        .unwrap();
    let of_provider = || Account {
        employer: Some(PROVIDER),
        ..Account::default()
    };
    Team {
        nav: user(
            store,
            "nav",
            Role::Caseworker,
            Account {
                unit: Some(UNIT),
                ..Account::default()
            },
        )
        .await,
        sam: user(store, "sam", Role::JobSpecialist, of_provider()).await,
        kim: user(store, "kim", Role::JobSpecialist, of_provider()).await,
        boss: user(store, "boss", Role::SeSupervisor, of_provider()).await,
    }
}

async fn supported_employment_needs_the_person_s_agreement_and_ends_at_withdrawal(h: Harness) {
    let store = &h.store;
    let today = date("2024-03-01");
    let t = team(store).await;
    let anna = followed_person(store, 0, today).await;
    let anna_id = anna.to_string();
    let worker = worker_of(store, "anna", anna).await;
    let providers = store.list_providers().await.unwrap();
    assert_eq!(providers.len(), 1);
    assert_eq!(providers[0].specialists, ["kim", "sam"]);
    assert_eq!(providers[0].supervisors, ["boss"]);

    // Only a caseworker who sees the person refers; a bad referral changes nothing.
    assert!(matches!(
        store
            .refer_to_supported_employment(&t.sam, &anna, &referral(None), today, NOW)
            .await,
        Err(StoreError::NotFound)
    ));
    let before = snapshot(&h.raw).await;
    let mut empty = referral(None);
    "  ".clone_into(&mut empty.reason);
    assert!(matches!(
        store.refer_to_supported_employment(&t.nav, &anna, &empty, today, NOW).await,
        Err(StoreError::Invalid { field, .. }) if field == "reason"
    ));
    assert!(matches!(
        store
            .refer_to_supported_employment(&t.nav, &anna, &referral(Some("boss")), today, NOW)
            .await,
        Err(StoreError::Invalid { field, .. }) if field == "specialist"
    ));
    assert_eq!(snapshot(&h.raw).await, before);
    store
        .refer_to_supported_employment(&t.nav, &anna, &referral(Some("sam")), today, NOW)
        .await
        .unwrap();
    assert!(matches!(
        store
            .refer_to_supported_employment(&t.nav, &anna, &referral(None), today, NOW + 1)
            .await,
        Err(StoreError::Conflict(_))
    ));

    // Before agreement the provider sees nothing: not the specialist named,
    // not the supervisor, not the queue. NAV sees the state.
    for actor in [&t.sam, &t.boss] {
        assert!(matches!(
            store.participation(actor, &anna, today, NOW).await,
            Err(StoreError::NotFound)
        ));
    }
    assert!(store
        .provider_queue(&t.boss, &provider(), NOW)
        .await
        .unwrap()
        .is_empty());
    assert!(store
        .my_participants(&t.sam, today, NOW)
        .await
        .unwrap()
        .is_empty());
    let seen_by_nav = store
        .participation(&t.nav, &anna, today, NOW)
        .await
        .unwrap();
    assert_eq!(seen_by_nav.state, ParticipationState::Referred);
    assert!(seen_by_nav.records.is_none());
    assert!(!can_read(store, &t.sam, &anna, today).await);

    // Only the person agrees; agreement assigns the named specialist and grants the consent.
    assert!(matches!(
        store
            .agree_to_supported_employment(&t.nav, &anna, Share::NONE, today, NOW)
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(
        store
            .agree_to_supported_employment(
                &worker,
                &anna,
                Share::of([Category::Followup]),
                today,
                NOW + 10
            )
            .await
            .unwrap(),
        ParticipationState::Active
    );
    assert!(matches!(
        store
            .agree_to_supported_employment(&worker, &anna, Share::NONE, today, NOW + 11)
            .await,
        Err(StoreError::Invalid { field, .. }) if field == "referral"
    ));
    assert!(can_read(store, &t.sam, &anna, today).await);
    assert!(!can_read(store, &t.kim, &anna, today).await);
    let consents = store.list_consents(&worker, &anna, NOW + 12).await.unwrap();
    assert_eq!(consents.len(), 1);
    assert_eq!(consents[0].username, "sam");
    assert_eq!(consents[0].purpose, Purpose::SupportedEmployment);
    assert!(consents[0].share.contains(Category::Followup));
    assert!(consents[0].share.contains(Category::SupportedEmployment));

    // The specialist keeps the records.
    let profile = VocationalProfile {
        wishes: "Jobbe med planter".to_owned(),
        interests: TaskList::from_text("Planter"),
        can_do_now: TaskList::from_text("Pakking"),
        cannot_do_now: TaskList::from_text("Kasse"),
        hours: Some(Hours::new(10, 20).unwrap()),
        ..VocationalProfile::default()
    };
    let change = ProfileChange {
        profile: profile.clone(),
        source: ProfileSource::Conversation,
        changed_on: today,
    };
    assert_eq!(
        store
            .save_profile(&t.sam, &anna, &change, today, NOW + 20)
            .await
            .unwrap(),
        1
    );
    let visit = ProfileChange {
        source: ProfileSource::WorkplaceVisit,
        ..change.clone()
    };
    assert_eq!(
        store
            .save_profile(&t.sam, &anna, &visit, today, NOW + 21)
            .await
            .unwrap(),
        2
    );
    // Another specialist writes nothing; nor does the supervisor.
    for actor in [&t.kim, &t.boss] {
        assert!(matches!(
            store
                .save_profile(actor, &anna, &change, today, NOW + 22)
                .await,
            Err(StoreError::NotFound)
        ));
    }
    for (day, kind) in [
        ("2024-02-20", ActivityKind::ParticipantMeeting),
        ("2024-02-22", ActivityKind::ParticipantMeeting),
        ("2024-02-26", ActivityKind::ParticipantMeeting),
        ("2024-02-28", ActivityKind::ParticipantMeeting),
    ] {
        store
            .log_activity(
                &t.sam,
                Some(&anna),
                &activity(date(day), kind, Place::Office),
                today,
                NOW + 30,
            )
            .await
            .unwrap();
    }
    assert!(matches!(
        store
            .log_activity(
                &t.sam,
                Some(&anna),
                &activity(
                    date("2024-03-02"),
                    ActivityKind::ParticipantMeeting,
                    Place::Out
                ),
                today,
                NOW + 31
            )
            .await,
        Err(StoreError::Invalid { .. })
    ));
    store
        .set_steps(
            &t.sam,
            &anna,
            StepSet::of([Step::VocationalProfile, Step::JobFinding]),
            today,
            NOW + 32,
        )
        .await
        .unwrap();
    let caseload = store
        .my_participants(&t.sam, today, NOW + 33)
        .await
        .unwrap();
    assert_eq!(caseload.len(), 1);
    assert_eq!(caseload[0].person, anna);
    assert_eq!(
        caseload[0].drift,
        [
            tilbake_domain::supported_employment::DriftWarning::MeetingsBeforeEmployerContact {
                meetings: 4
            }
        ]
    );
    assert!(store
        .my_participants(&t.kim, today, NOW)
        .await
        .unwrap()
        .is_empty());

    let hired_on = date("2024-03-01");
    let job = Job {
        hire: Hire {
            employer: Orgnr::parse(EMPLOYER_B).unwrap(),
            hired_on,
            open_market: true,
            hours_per_week: 15,
            tariff_pay: true,
            ended_on: None,
        },
        tasks: Vec::new(),
    };
    assert!(matches!(
        store
            .save_onboarding(&t.sam, &anna, &Onboarding::default(), today, NOW + 39)
            .await,
        Err(StoreError::Invalid { field, .. }) if field == "job"
    ));
    store
        .save_job(&t.sam, &anna, &job, today, NOW + 40)
        .await
        .unwrap();
    store
        .save_onboarding(
            &t.sam,
            &anna,
            &Onboarding {
                done: vec![(OnboardingItem::Pay, today)],
                mentor: "Kari".to_owned(),
            },
            today,
            NOW + 41,
        )
        .await
        .unwrap();
    let plan = FadeOutPlan::new(
        today,
        vec![
            FadeOutStep {
                from: date("2024-03-01"),
                contacts_per_month: 8,
            },
            FadeOutStep {
                from: date("2024-06-01"),
                contacts_per_month: 2,
            },
        ],
    )
    .unwrap();
    store
        .save_fade_out(&t.sam, &anna, &plan, today, NOW + 42)
        .await
        .unwrap();

    // The person reads everything; the specialist the records; the
    // supervisor and NAV the state only, without records.
    let later = date("2024-06-05");
    let mine = store
        .participation(&worker, &anna, later, NOW + 50)
        .await
        .unwrap();
    let records = mine.records.unwrap();
    assert_eq!(records.profiles.len(), 2);
    assert_eq!(records.profiles[1].source, ProfileSource::WorkplaceVisit);
    assert_eq!(records.profiles[0].profile, profile);
    assert_eq!(records.activities.len(), 4);
    assert_eq!(
        records.steps,
        StepSet::of([Step::VocationalProfile, Step::JobFinding])
    );
    assert_eq!(
        records.job.as_ref().map(|job| job.hire.hours_per_week),
        Some(15)
    );
    assert_eq!(records.onboarding.mentor, "Kari");
    assert_eq!(records.fade_out, Some(plan));
    // Hired: no drift warnings; three months have passed on 1 June.
    assert!(records.drift.is_empty());
    assert_eq!(records.outcomes[0].1, Some(true));
    assert_eq!(records.outcomes[1].1, None);
    assert!(store
        .participation(&t.sam, &anna, later, NOW + 51)
        .await
        .unwrap()
        .records
        .is_some());
    for actor in [&t.boss, &t.nav] {
        let seen = store
            .participation(actor, &anna, later, NOW + 52)
            .await
            .unwrap();
        assert_eq!(seen.state, ParticipationState::Active);
        assert!(seen.records.is_none(), "{}", actor.username);
        // NAV wrote the reason; the supervisor's queue does not show it.
        assert_eq!(seen.reason.is_some(), actor.role == Role::Caseworker);
    }
    assert!(matches!(
        store.participation(&t.kim, &anna, later, NOW + 53).await,
        Err(StoreError::NotFound)
    ));
    assert!(
        n_audit(
            &h.raw,
            &anna_id,
            AuditAction::ReadSupportedEmployment,
            false
        )
        .await
            >= 1
    );

    // Withdrawal on "who sees me" ends all access and the participation at once.
    store
        .withdraw_consent(&worker, &anna, "sam", NOW + 60)
        .await
        .unwrap();
    assert!(!can_read(store, &t.sam, &anna, later).await);
    assert!(matches!(
        store.participation(&t.sam, &anna, later, NOW + 61).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.participation(&t.boss, &anna, later, NOW + 61).await,
        Err(StoreError::NotFound)
    ));
    assert!(store
        .my_participants(&t.sam, later, NOW + 62)
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        store
            .log_activity(
                &t.sam,
                Some(&anna),
                &activity(later, ActivityKind::FollowUpAtWork, Place::Out),
                later,
                NOW + 63
            )
            .await,
        Err(StoreError::NotFound)
    ));
    let ended = store
        .participation(&worker, &anna, later, NOW + 64)
        .await
        .unwrap();
    assert_eq!(ended.state, ParticipationState::Ended);
    assert_eq!(ended.ended_because, Some(EndReason::Withdrawn));
    assert_eq!(
        n_audit(&h.raw, &anna_id, AuditAction::EndSupportedEmployment, true).await,
        1
    );

    // A new referral; declining it before agreement ends it as declined,
    // and the provider never saw it.
    store
        .refer_to_supported_employment(&t.nav, &anna, &referral(None), later, NOW + 70)
        .await
        .unwrap();
    store
        .withdraw_from_supported_employment(&worker, &anna, NOW + 71)
        .await
        .unwrap();
    let declined = store
        .participation(&worker, &anna, later, NOW + 72)
        .await
        .unwrap();
    assert_eq!(declined.ended_because, Some(EndReason::Declined));

    // Once more, queued this time, assigned by the supervisor, then withdrawn
    // through Supported Employment itself.
    store
        .refer_to_supported_employment(&t.nav, &anna, &referral(None), later, NOW + 80)
        .await
        .unwrap();
    assert_eq!(
        store
            .agree_to_supported_employment(&worker, &anna, Share::NONE, later, NOW + 81)
            .await
            .unwrap(),
        ParticipationState::Queued
    );
    let queue = store
        .provider_queue(&t.boss, &provider(), NOW + 82)
        .await
        .unwrap();
    assert_eq!(queue.len(), 1);
    assert_eq!(queue[0].person, anna);
    assert!(matches!(
        store.provider_queue(&t.sam, &provider(), NOW + 82).await,
        Err(StoreError::Forbidden)
    ));
    assert!(!can_read(store, &t.kim, &anna, later).await);
    store
        .assign_job_specialist(&t.boss, &anna, "kim", later, NOW + 83)
        .await
        .unwrap();
    assert!(can_read(store, &t.kim, &anna, later).await);
    // Reassigning moves the consent.
    store
        .assign_job_specialist(&t.boss, &anna, "sam", later, NOW + 84)
        .await
        .unwrap();
    assert!(!can_read(store, &t.kim, &anna, later).await);
    assert!(can_read(store, &t.sam, &anna, later).await);
    // The new participation's records start empty.
    let fresh = store
        .participation(&t.sam, &anna, later, NOW + 85)
        .await
        .unwrap();
    assert!(fresh.records.unwrap().profiles.is_empty());
    store
        .withdraw_from_supported_employment(&worker, &anna, NOW + 86)
        .await
        .unwrap();
    assert!(!can_read(store, &t.sam, &anna, later).await);
    let standing = store
        .list_consents(&worker, &anna, NOW + 87)
        .await
        .unwrap()
        .into_iter()
        .filter(|consent| consent.withdrawn_at.is_none())
        .count();
    assert_eq!(standing, 0);
}

async fn the_caseload_cap_holds_under_concurrent_assignments(h: Harness) {
    let store = &h.store;
    let today = date("2024-03-01");
    let t = team(store).await;
    let n = CASELOAD_CAP as usize + 8;
    let mut persons = Vec::new();
    for i in 0..n {
        let fnr = followed_person(store, i, today).await;
        let worker = worker_of(store, &format!("p{i}"), fnr).await;
        store
            .refer_to_supported_employment(&t.nav, &fnr, &referral(None), today, NOW)
            .await
            .unwrap();
        assert_eq!(
            store
                .agree_to_supported_employment(&worker, &fnr, Share::NONE, today, NOW)
                .await
                .unwrap(),
            ParticipationState::Queued
        );
        persons.push(fnr);
    }
    // Every queued participant assigned to sam at once.
    let tasks: Vec<_> = persons
        .iter()
        .map(|fnr| {
            let store = Arc::clone(store);
            let boss = t.boss.clone();
            let fnr = *fnr;
            tokio::spawn(async move {
                store
                    .assign_job_specialist(&boss, &fnr, "sam", today, NOW + 1)
                    .await
            })
        })
        .collect();
    let mut assigned = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => assigned += 1,
            Err(StoreError::Invalid { field, message }) => {
                assert_eq!(field, "specialist");
                assert!(message.contains("20"), "{message}");
            }
            Err(error) => panic!("{error}"),
        }
    }
    assert_eq!(assigned, CASELOAD_CAP);
    assert_eq!(
        h.raw
            .count("SELECT COUNT(*) FROM se_participations WHERE state = 'active'")
            .await,
        i64::from(CASELOAD_CAP)
    );
    assert_eq!(
        store
            .my_participants(&t.sam, today, NOW + 2)
            .await
            .unwrap()
            .len(),
        20
    );
    // The rest wait in the queue, and go to kim.
    let queue = store
        .provider_queue(&t.boss, &provider(), NOW + 3)
        .await
        .unwrap();
    assert_eq!(queue.len(), n - 20);
    for queued in &queue {
        store
            .assign_job_specialist(&t.boss, &queued.person, "kim", today, NOW + 4)
            .await
            .unwrap();
    }
    // A consent stands for each active participation, to its specialist only.
    assert_eq!(
        h.raw
            .count(
                "SELECT COUNT(*) FROM consent_grants c JOIN se_participations s \
                 ON s.person_id = c.person_id AND s.specialist_user_id = c.grantee_user_id \
                 WHERE c.withdrawn_at IS NULL AND s.state = 'active'"
            )
            .await,
        n as i64
    );
    // Concurrent agreements naming a full specialist queue instead.
    let extra = followed_person(store, n, today).await;
    let extra_worker = worker_of(store, "extra", extra).await;
    store
        .refer_to_supported_employment(&t.nav, &extra, &referral(Some("sam")), today, NOW + 5)
        .await
        .unwrap();
    assert_eq!(
        store
            .agree_to_supported_employment(&extra_worker, &extra, Share::NONE, today, NOW + 6)
            .await
            .unwrap(),
        ParticipationState::Queued
    );
}

async fn the_employer_register_contacts_and_the_team_s_fidelity(h: Harness) {
    let store = &h.store;
    let today = date("2024-03-01");
    let t = team(store).await;
    let garden = Employer {
        orgnr: Orgnr::parse(EMPLOYER_B).unwrap(),
        name: "Hagesenteret".to_owned(),
        tasks: vec![
            EmployerTask {
                name: "Stell av planter".to_owned(),
                hours_per_week: 15,
            },
            EmployerTask {
                name: "Varepakking".to_owned(),
                hours_per_week: 5,
            },
        ],
        culture: "Lite lag".to_owned(),
        adaptations: TaskList::from_text("Faste arbeidstider"),
        aids: TaskList::default(),
        training: "Første uke med fadder".to_owned(),
        hours: Some(Hours::new(10, 30).unwrap()),
    };
    assert!(matches!(
        store.put_employer(&t.nav, &garden, NOW).await,
        Err(StoreError::Forbidden)
    ));
    let mut nameless = garden.clone();
    nameless.name = String::new();
    assert!(matches!(
        store.put_employer(&t.sam, &nameless, NOW).await,
        Err(StoreError::Invalid { .. })
    ));
    store.put_employer(&t.sam, &garden, NOW).await.unwrap();
    assert_eq!(
        store.employers(&t.boss, NOW).await.unwrap(),
        std::slice::from_ref(&garden)
    );
    assert!(matches!(
        store.employers(&t.nav, NOW).await,
        Err(StoreError::Forbidden)
    ));
    let changes = h
        .raw
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE person_id = 'org:{EMPLOYER_B}' \
             AND action = 'change_organisation' AND permitted"
        ))
        .await;
    assert_eq!(changes, 1);

    // A participant, and contacts with and without one.
    let anna = followed_person(store, 0, today).await;
    let worker = worker_of(store, "anna", anna).await;
    store
        .refer_to_supported_employment(
            &t.nav,
            &anna,
            &referral(Some("sam")),
            date("2024-01-02"),
            NOW,
        )
        .await
        .unwrap();
    store
        .agree_to_supported_employment(&worker, &anna, Share::NONE, date("2024-01-02"), NOW + 1)
        .await
        .unwrap();
    store
        .log_activity(
            &t.sam,
            Some(&anna),
            &activity(
                date("2024-01-20"),
                ActivityKind::EmployerContact,
                Place::Out,
            ),
            today,
            NOW + 2,
        )
        .await
        .unwrap();
    for day in ["2024-02-26", "2024-02-27", "2024-02-28", "2024-03-01"] {
        store
            .log_activity(
                &t.sam,
                None,
                &activity(date(day), ActivityKind::EmployerContact, Place::Out),
                today,
                NOW + 3,
            )
            .await
            .unwrap();
    }
    store
        .log_activity(
            &t.sam,
            Some(&anna),
            &activity(
                date("2024-02-29"),
                ActivityKind::ParticipantMeeting,
                Place::Office,
            ),
            today,
            NOW + 4,
        )
        .await
        .unwrap();
    // A meeting for no one participant is refused.
    assert!(matches!(
        store
            .log_activity(
                &t.sam,
                None,
                &activity(today, ActivityKind::ParticipantMeeting, Place::Office),
                today,
                NOW + 5
            )
            .await,
        Err(StoreError::Invalid { field, .. }) if field == "person"
    ));
    for weeks in [0, tilbake_store::MAX_WEEKS + 1, u32::MAX] {
        assert!(matches!(
            store.my_employer_contacts(&t.sam, weeks, today).await,
            Err(StoreError::Invalid { field, .. }) if field == "weeks"
        ));
    }
    let weeks = store.my_employer_contacts(&t.sam, 2, today).await.unwrap();
    assert_eq!(
        weeks
            .iter()
            .map(|week| (week.week_start, week.contacts))
            .collect::<Vec<_>>(),
        [(date("2024-02-19"), 0), (date("2024-02-26"), 4)]
    );

    // The team: sam has one active participant, first contact 18 days after agreement.
    assert!(matches!(
        store.team(&t.sam, &provider(), today, 4, NOW).await,
        Err(StoreError::Forbidden)
    ));
    let view = store
        .team(&t.boss, &provider(), today, 4, NOW + 6)
        .await
        .unwrap();
    assert_eq!(view.provider_name, "Jobbhuset");
    let names: Vec<&str> = view
        .specialists
        .iter()
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(names, ["kim", "sam"]);
    let sam = &view.specialists[1].1;
    assert_eq!(sam.caseload, 1);
    // In the four weeks up to today: four contacts out and one meeting in
    // the office (the contact of 20 January is before them).
    assert_eq!(sam.employer_contacts, 4);
    assert_eq!(sam.out_of_office.count, 4);
    assert_eq!(sam.out_of_office.of, 5);
    assert_eq!(sam.rapid_job_search.count, 1);
    assert_eq!(sam.median_days_to_first_contact, Some(18));
    // One person in the team table: suppressed, for sam and for the team;
    // the caseload is the supervisor's own assignments, shown.
    assert!(view
        .team
        .rapid_job_search
        .cells
        .iter()
        .flatten()
        .all(|cell| cell.is_none() || *cell == Some(0)));
    assert_eq!(view.team.rapid_job_search(Some(1)), None);
    assert_eq!(view.team.rapid_job_search(None), None);
    assert_eq!(view.team.caseload, 1);
    // The employer's page lists the contacts, newest first, naming the
    // specialist and never the participant.
    let contacts = store
        .employer_contacts(&t.boss, &Orgnr::parse(EMPLOYER_B).unwrap(), NOW + 6)
        .await
        .unwrap();
    assert_eq!(
        contacts.first().map(|contact| contact.on),
        Some(date("2024-03-01"))
    );
    assert_eq!(
        contacts.last().map(|contact| contact.on),
        Some(date("2024-01-20"))
    );
    assert!(contacts.iter().all(|contact| contact.specialist == "sam"));
    assert!(matches!(
        store
            .employer_contacts(&t.nav, &Orgnr::parse(EMPLOYER_B).unwrap(), NOW + 6)
            .await,
        Err(StoreError::Forbidden)
    ));
    assert_eq!(view.queued, 0);
    assert_eq!(
        h.raw
            .count(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE person_id = 'org:{PROVIDER}' \
                 AND action = 'read_supported_employment_team' AND permitted"
            ))
            .await,
        1
    );
    // Ending by agreement ends the consent too.
    store
        .end_participation(&t.sam, &anna, EndReason::ByAgreement, today, NOW + 7)
        .await
        .unwrap();
    assert!(!can_read(store, &t.sam, &anna, today).await);
    assert!(matches!(
        store
            .end_participation(&t.sam, &anna, EndReason::Withdrawn, today, NOW + 8)
            .await,
        Err(StoreError::Invalid { .. })
    ));
}

/// A participant who agreed, sharing `share`, followed by sam.
async fn agreed(
    store: &Arc<dyn Store>,
    t: &Team,
    n: usize,
    share: Share,
    today: NaiveDate,
) -> (Fnr, Actor) {
    let fnr = followed_person(store, n, today).await;
    let worker = worker_of(store, &format!("worker-{n}"), fnr).await;
    store
        .refer_to_supported_employment(&t.nav, &fnr, &referral(Some("sam")), today, NOW)
        .await
        .unwrap();
    store
        .agree_to_supported_employment(&worker, &fnr, share, today, NOW + 1)
        .await
        .unwrap();
    (fnr, worker)
}

async fn shared_guidance_is_taken_in_only_while_shared(h: Harness) {
    let store = &h.store;
    let today = date("2024-03-01");
    let t = team(store).await;
    let guidance = Share::of([tilbake_domain::access::consent::Category::Guidance]);
    let (anna, worker) = agreed(store, &t, 0, guidance, today).await;
    let (bo, _) = agreed(store, &t, 1, Share::NONE, today).await;
    let from = FromGuidance {
        interests: vec!["Gartner".to_owned()],
        motivation: vec!["Motivasjon, praktisk arbeid: i flyt".to_owned()],
        desired: vec!["Ønsket situasjon, arbeid: 2 i dag, 5 ønsket".to_owned()],
    };
    // With no profile yet, the desired situation gives the wishes.
    let version = store
        .take_in_guidance(&t.sam, &anna, &from, today, NOW + 2)
        .await
        .unwrap();
    assert_eq!(version, Some(1));
    let records = store
        .participation(&t.sam, &anna, today, NOW + 3)
        .await
        .unwrap()
        .records
        .unwrap();
    let taken = &records.profiles[0];
    assert_eq!(taken.source, ProfileSource::GuidanceProfiles);
    assert_eq!(taken.changed_on, today);
    assert_eq!(taken.profile.interests.tasks(), ["Gartner"]);
    assert_eq!(
        taken.profile.wishes,
        "Ønsket situasjon, arbeid: 2 i dag, 5 ønsket"
    );
    // The same again adds nothing: no empty version.
    assert_eq!(
        store
            .take_in_guidance(&t.sam, &anna, &from, today, NOW + 4)
            .await
            .unwrap(),
        None
    );
    // Without the share the server refuses, audited, and stores nothing.
    assert!(matches!(
        store
            .take_in_guidance(&t.sam, &bo, &from, today, NOW + 5)
            .await,
        Err(StoreError::NotFound)
    ));
    let denied = h
        .raw
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE person_id = '{bo}' \
             AND action = 'write_supported_employment' AND NOT permitted"
        ))
        .await;
    assert_eq!(denied, 1);
    let profiles = h
        .raw
        .count(&format!(
            "SELECT COUNT(*) FROM se_profiles WHERE person_id = '{bo}'"
        ))
        .await;
    assert_eq!(profiles, 0);
    // After withdrawal, nothing either.
    store
        .withdraw_from_supported_employment(&worker, &anna, NOW + 6)
        .await
        .unwrap();
    let more = FromGuidance {
        interests: vec!["Dyrepleier".to_owned()],
        ..from
    };
    assert!(matches!(
        store
            .take_in_guidance(&t.sam, &anna, &more, today, NOW + 7)
            .await,
        Err(StoreError::NotFound)
    ));
}
