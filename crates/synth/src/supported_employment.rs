//! The demo's Supported Employment: a provider, employers in the register
//! with their tasks, and a handful of participants of the showcase's NAV
//! office at different points of the method, with dates spread as they
//! would be (a participant in work for a year, one hired two months ago
//! and fading out, one finding jobs, one whose mapping drifts, one just
//! agreed and waiting in the queue, one referred and not yet answered).
//! The showcase worker agreed three weeks ago and is early in the method,
//! so the demo can take them on to a carved job, onboarding and fade-out.
//!
//! Plain domain values relative to the world's `today`; the demo command
//! stores them through the store as the people would.

use chrono::{Days, NaiveDate};
use tilbake_domain::access::consent::{Category, Share};
use tilbake_domain::casework::TaskList;
use tilbake_domain::identity::{Fnr, Orgnr};
use tilbake_domain::supported_employment::{
    carve_job, Activity, ActivityKind, CarvedJob, Employer, EmployerTask, FadeOutPlan, FadeOutStep,
    Hire, Hours, Onboarding, OnboardingItem, Place, ProfileSource, Step, StepSet,
    VocationalProfile,
};

use crate::demo::DemoWorld;
use crate::organisation_number;

/// Where a demo participant stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeDemoState {
    /// Referred, not yet answered.
    Referred,
    /// Agreed, waiting in the provider's queue.
    Queued,
    /// Agreed and followed by the demo's job specialist.
    Active,
}

/// One participant and what has happened with them.
#[derive(Clone, Debug)]
pub struct SeDemoParticipant {
    pub fnr: Fnr,
    pub state: SeDemoState,
    pub referred_on: NaiveDate,
    pub reason: &'static str,
    pub agreed_on: Option<NaiveDate>,
    /// Shared besides Supported Employment itself.
    pub share: Share,
    pub steps: StepSet,
    /// Oldest first.
    pub activities: Vec<Activity>,
    /// Versions, oldest first: (profile, source, day).
    pub profiles: Vec<(VocationalProfile, ProfileSource, NaiveDate)>,
    pub job: Option<(Hire, CarvedJob)>,
    pub onboarding: Onboarding,
    pub fade_out: Option<FadeOutPlan>,
}

/// The demo's Supported Employment.
#[derive(Clone, Debug)]
pub struct SeDemo {
    pub provider: Orgnr,
    pub provider_name: &'static str,
    pub employers: Vec<Employer>,
    pub participants: Vec<SeDemoParticipant>,
    /// The specialist's employer contacts for no one participant (finding jobs).
    pub contacts: Vec<Activity>,
}

/// (name, tasks with hours, culture, adaptations, aids, training, hours offered).
type EmployerSketch = (
    &'static str,
    &'static [(&'static str, u8)],
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    (u8, u8),
);

const EMPLOYERS: [EmployerSketch; 6] = [
    (
        "Grønt og Godt hagesenter (demo)",
        &[
            ("Stell av planter", 15),
            ("Varepakking", 6),
            ("Kasse", 10),
            ("Rydding i butikk", 5),
        ],
        "Lite lag, rolig om formiddagen, travelt i helgene om våren",
        "Faste arbeidstider\nArbeid i eget tempo",
        "Tralle og løftestropper",
        "En fast kollega viser arbeidet de første to ukene",
        (8, 30),
    ),
    (
        "Bakeriet på hjørnet (demo)",
        &[
            ("Baking av brød", 20),
            ("Oppvask", 8),
            ("Pakking av bestillinger", 6),
        ],
        "Tidlig start, god stemning, korte pauser ofte",
        "Start senere på dagen\nFaste oppgaver hver dag",
        "Hev- og senkbart arbeidsbord",
        "Opplæring i hygiene første uke",
        (10, 37),
    ),
    (
        "Lagerhuset Alna (demo)",
        &[
            ("Plukking av varer", 20),
            ("Varemottak", 15),
            ("Truckkjøring", 20),
        ],
        "Stort lag, tydelige rutiner, skiftarbeid",
        "Skjermet arbeidsplass\nFaste arbeidstider",
        "Hørselvern\nSkanner med store taster",
        "Truckførerkurs etter tre måneder",
        (20, 37),
    ),
    (
        "Kafé Solsiden (demo)",
        &[("Servering", 12), ("Oppvask", 8), ("Smøring av mat", 10)],
        "Ungt lag, mye prat, travelt i lunsjen",
        "Korte vakter",
        "",
        "Fadderordning",
        (6, 20),
    ),
    (
        "Sykkelverkstedet Grorud (demo)",
        &[
            ("Reparasjon av sykler", 20),
            ("Vask av sykler", 6),
            ("Mottak av kunder", 8),
        ],
        "To eiere og tre ansatte, rolig tempo, mye praktisk arbeid",
        "Arbeid i eget tempo\nEgen arbeidsbenk",
        "Verktøytavle med bilder",
        "Læring ved siden av en erfaren mekaniker",
        (10, 30),
    ),
    (
        "Trykkeriet Furuset (demo)",
        &[
            ("Pakking av trykksaker", 12),
            ("Kutting av papir", 10),
            ("Utkjøring", 15),
        ],
        "Rolig og ryddig, faste rutiner",
        "Faste arbeidstider\nSkjermet arbeidsplass",
        "",
        "Sikkerhetsopplæring for maskinene",
        (15, 37),
    ),
];

fn employer_orgnr(index: u32) -> Option<Orgnr> {
    // Prefixes well away from the world's employers; skip those whose check digit would be 10.
    (0..20).find_map(|step| {
        organisation_number(93_100_000 + index * 100 + step)
            .and_then(|text| Orgnr::parse(&text).ok())
    })
}

fn employers() -> Vec<Employer> {
    EMPLOYERS
        .iter()
        .zip(0_u32..)
        .filter_map(
            |((name, tasks, culture, adaptations, aids, training, (min, max)), index)| {
                Some(Employer {
                    orgnr: employer_orgnr(index)?,
                    name: (*name).to_owned(),
                    tasks: tasks
                        .iter()
                        .map(|(task, hours)| EmployerTask {
                            name: (*task).to_owned(),
                            hours_per_week: *hours,
                        })
                        .collect(),
                    culture: (*culture).to_owned(),
                    adaptations: TaskList::from_text(adaptations),
                    aids: TaskList::from_text(aids),
                    training: (*training).to_owned(),
                    hours: Hours::new(*min, *max).ok(),
                })
            },
        )
        .collect()
}

fn days_before(today: NaiveDate, days: u64) -> NaiveDate {
    today.checked_sub_days(Days::new(days)).unwrap_or(today)
}

fn profile(
    wishes: &str,
    interests: &str,
    can: &str,
    cannot: &str,
    hours: (u8, u8),
    adaptations: &str,
) -> VocationalProfile {
    VocationalProfile {
        wishes: wishes.to_owned(),
        interests: TaskList::from_text(interests),
        strengths: "Nøyaktig og til å stole på".to_owned(),
        experience: "Butikk og lager i flere år".to_owned(),
        can_do_now: TaskList::from_text(can),
        cannot_do_now: TaskList::from_text(cannot),
        hours: Hours::new(hours.0, hours.1).ok(),
        adaptations: TaskList::from_text(adaptations),
    }
}

/// The demo's Supported Employment for `world` (its showcase first);
/// `None` only if no organisation number could be made for the provider.
pub fn demo_supported_employment(world: &DemoWorld) -> Option<SeDemo> {
    let today = world.today;
    let provider = employer_orgnr(99)?;
    let ago = |days: u64| days_before(today, days);
    let employers = employers();
    let at = |index: usize| employers.get(index).map(|employer| employer.orgnr);
    let showcase = world.showcase();
    // The other participants: people of the showcase's NAV office.
    let others: Vec<Fnr> = world
        .persons
        .iter()
        .skip(1)
        .filter(|person| person.unit == showcase.unit)
        .map(|person| person.fnr)
        .take(6)
        .collect();
    let activity =
        |days: u64, kind: ActivityKind, place: Place, employer: Option<usize>, note: &str| {
            Activity {
                on: ago(days),
                kind,
                place,
                employer: employer.and_then(at),
                note: note.to_owned(),
            }
        };
    let shared = Share::of([Category::Followup, Category::Casework]);
    let mut participants = Vec::new();

    // The showcase: agreed three weeks ago, mapping with an eye on work.
    let garden_wish = profile(
        "Jobbe ute med planter, gjerne i en liten bedrift",
        "Planter\nHagearbeid",
        "Pakking\nRydding",
        "Kasse",
        (10, 20),
        "Faste arbeidstider",
    );
    participants.push(SeDemoParticipant {
        fnr: showcase.fnr,
        state: SeDemoState::Active,
        referred_on: ago(23),
        reason: "Vil prøve seg i ordinært arbeid igjen etter lang sykmelding",
        agreed_on: Some(ago(21)),
        share: shared,
        steps: StepSet::of([Step::Engagement, Step::VocationalProfile]),
        activities: vec![
            activity(
                19,
                ActivityKind::ParticipantMeeting,
                Place::Office,
                None,
                "Første samtale: ønsker og erfaring",
            ),
            activity(
                12,
                ActivityKind::ParticipantMeeting,
                Place::Out,
                None,
                "Gåtur og samtale om hva som er viktig i en jobb",
            ),
            activity(
                6,
                ActivityKind::WorkplaceVisit,
                Place::Out,
                Some(0),
                "Besøk i hagesenteret sammen",
            ),
        ],
        profiles: vec![(garden_wish.clone(), ProfileSource::Conversation, ago(19))],
        job: None,
        onboarding: Onboarding::default(),
        fade_out: None,
    });

    let mut others = others.into_iter();
    // Hired two months ago after a work trial; contact now fading out.
    if let (Some(fnr), Some(bakery)) = (others.next(), employers.get(1)) {
        let wish = profile(
            "Jobbe i et bakeri, helst tidlig på dagen",
            "Baking\nMat",
            "Oppvask\nPakking",
            "",
            (15, 25),
            "Faste oppgaver hver dag",
        );
        let job = carve_job(
            bakery,
            &["Oppvask".to_owned(), "Pakking av bestillinger".to_owned()],
            &wish,
        )
        .ok();
        let hire = Hire {
            employer: bakery.orgnr,
            hired_on: ago(60),
            open_market: true,
            hours_per_week: 14,
            tariff_pay: true,
            ended_on: None,
        };
        participants.push(SeDemoParticipant {
            fnr,
            state: SeDemoState::Active,
            referred_on: ago(152),
            reason: "Ønsker arbeid med mat",
            agreed_on: Some(ago(150)),
            share: Share::NONE,
            steps: StepSet::of([Step::Support]),
            activities: vec![
                activity(
                    147,
                    ActivityKind::ParticipantMeeting,
                    Place::Out,
                    None,
                    "Første samtale",
                ),
                activity(
                    140,
                    ActivityKind::EmployerContact,
                    Place::Out,
                    Some(1),
                    "Møte med daglig leder",
                ),
                activity(
                    126,
                    ActivityKind::ParticipantMeeting,
                    Place::Office,
                    None,
                    "Yrkesprofil",
                ),
                activity(
                    100,
                    ActivityKind::WorkTrial,
                    Place::Out,
                    Some(1),
                    "Arbeidsutprøving to uker",
                ),
                activity(
                    58,
                    ActivityKind::FollowUpAtWork,
                    Place::Out,
                    Some(1),
                    "Første uke i jobb",
                ),
                activity(
                    30,
                    ActivityKind::FollowUpAtWork,
                    Place::Out,
                    Some(1),
                    "Går fint, vil ha flere timer",
                ),
                activity(
                    9,
                    ActivityKind::CareerTalk,
                    Place::Out,
                    None,
                    "Karrieresamtale om flere timer",
                ),
            ],
            profiles: vec![
                (wish.clone(), ProfileSource::Conversation, ago(126)),
                (
                    VocationalProfile {
                        strengths: "Rask med oppvask, trives med faste rutiner".to_owned(),
                        ..wish.clone()
                    },
                    ProfileSource::WorkTrial,
                    ago(86),
                ),
            ],
            job: job.map(|job| (hire, job)),
            onboarding: Onboarding {
                done: OnboardingItem::ALL
                    .into_iter()
                    .map(|item| (item, ago(59)))
                    .collect(),
                mentor: "Kari, baker".to_owned(),
            },
            fade_out: FadeOutPlan::new(
                ago(60),
                vec![
                    FadeOutStep {
                        from: ago(60),
                        contacts_per_month: 8,
                    },
                    FadeOutStep {
                        from: ago(30),
                        contacts_per_month: 4,
                    },
                    FadeOutStep {
                        from: today.checked_add_days(Days::new(30)).unwrap_or(today),
                        contacts_per_month: 2,
                    },
                ],
            )
            .ok(),
        });
    }
    // Finding jobs: contact with employers from the second week.
    if let Some(fnr) = others.next() {
        participants.push(SeDemoParticipant {
            fnr,
            state: SeDemoState::Active,
            referred_on: ago(47),
            reason: "Ønsker praktisk arbeid",
            agreed_on: Some(ago(45)),
            share: Share::of([Category::Followup]),
            steps: StepSet::of([
                Step::VocationalProfile,
                Step::JobFinding,
                Step::EmployerEngagement,
            ]),
            activities: vec![
                activity(
                    43,
                    ActivityKind::ParticipantMeeting,
                    Place::Out,
                    None,
                    "Første samtale",
                ),
                activity(
                    36,
                    ActivityKind::ParticipantMeeting,
                    Place::Office,
                    None,
                    "Yrkesprofil",
                ),
                activity(
                    33,
                    ActivityKind::EmployerContact,
                    Place::Out,
                    Some(4),
                    "Sykkelverkstedet har behov",
                ),
                activity(
                    20,
                    ActivityKind::WorkplaceVisit,
                    Place::Out,
                    Some(4),
                    "Besøk sammen",
                ),
                activity(
                    8,
                    ActivityKind::WorkTrial,
                    Place::Out,
                    Some(4),
                    "Tre dager utprøving",
                ),
            ],
            profiles: vec![
                (
                    profile(
                        "Jobbe med hendene, gjerne med sykler",
                        "Sykler\nReparasjon",
                        "Vask av sykler\nMottak av kunder",
                        "Truckkjøring",
                        (15, 30),
                        "Arbeid i eget tempo",
                    ),
                    ProfileSource::Conversation,
                    ago(36),
                ),
                (
                    profile(
                        "Jobbe med hendene, gjerne med sykler",
                        "Sykler\nReparasjon",
                        "Vask av sykler\nMottak av kunder\nReparasjon av sykler",
                        "Truckkjøring",
                        (15, 30),
                        "Arbeid i eget tempo",
                    ),
                    ProfileSource::WorkTrial,
                    ago(7),
                ),
            ],
            job: None,
            onboarding: Onboarding::default(),
            fade_out: None,
        });
    }
    // Mapping that drifts: four meetings in the office, no employer yet.
    if let Some(fnr) = others.next() {
        participants.push(SeDemoParticipant {
            fnr,
            state: SeDemoState::Active,
            referred_on: ago(72),
            reason: "Usikker på hva slags arbeid som passer",
            agreed_on: Some(ago(70)),
            share: Share::NONE,
            steps: StepSet::of([Step::VocationalProfile]),
            activities: vec![
                activity(
                    66,
                    ActivityKind::ParticipantMeeting,
                    Place::Office,
                    None,
                    "Første samtale",
                ),
                activity(
                    52,
                    ActivityKind::ParticipantMeeting,
                    Place::Office,
                    None,
                    "Interesser",
                ),
                activity(
                    38,
                    ActivityKind::ParticipantMeeting,
                    Place::Office,
                    None,
                    "Tester",
                ),
                activity(
                    17,
                    ActivityKind::ParticipantMeeting,
                    Place::Office,
                    None,
                    "Mer kartlegging",
                ),
            ],
            profiles: vec![(
                profile(
                    "Vet ikke ennå; kanskje noe med dyr",
                    "Dyr",
                    "",
                    "",
                    (10, 20),
                    "",
                ),
                ProfileSource::Conversation,
                ago(52),
            )],
            job: None,
            onboarding: Onboarding::default(),
            fade_out: None,
        });
    }
    // A year in work on the open market, contact faded to once a month.
    if let (Some(fnr), Some(store)) = (others.next(), employers.get(2)) {
        let wish = profile(
            "Fast jobb på et lager",
            "Lager\nVarer",
            "Plukking av varer\nVaremottak",
            "",
            (25, 37),
            "Faste arbeidstider",
        );
        let job = carve_job(
            store,
            &["Plukking av varer".to_owned(), "Varemottak".to_owned()],
            &wish,
        )
        .ok();
        participants.push(SeDemoParticipant {
            fnr,
            state: SeDemoState::Active,
            referred_on: ago(432),
            reason: "Ønsker fast arbeid",
            agreed_on: Some(ago(430)),
            share: Share::NONE,
            steps: StepSet::of([Step::Support]),
            activities: vec![
                activity(
                    428,
                    ActivityKind::ParticipantMeeting,
                    Place::Out,
                    None,
                    "Første samtale",
                ),
                activity(
                    420,
                    ActivityKind::EmployerContact,
                    Place::Out,
                    Some(2),
                    "Lagerhuset ansetter",
                ),
                activity(
                    395,
                    ActivityKind::FollowUpAtWork,
                    Place::Out,
                    Some(2),
                    "Første uke",
                ),
                activity(
                    200,
                    ActivityKind::FollowUpAtWork,
                    Place::Out,
                    Some(2),
                    "Fast ansatt",
                ),
                activity(
                    25,
                    ActivityKind::CareerTalk,
                    Place::Out,
                    None,
                    "Vil ta truckførerkurs",
                ),
            ],
            profiles: vec![(wish.clone(), ProfileSource::Conversation, ago(425))],
            job: job.map(|job| {
                (
                    Hire {
                        employer: store.orgnr,
                        hired_on: ago(398),
                        open_market: true,
                        hours_per_week: 35,
                        tariff_pay: true,
                        ended_on: None,
                    },
                    job,
                )
            }),
            onboarding: Onboarding {
                done: OnboardingItem::ALL
                    .into_iter()
                    .map(|item| (item, ago(396)))
                    .collect(),
                mentor: "Ahmed på varemottaket".to_owned(),
            },
            fade_out: FadeOutPlan::new(
                ago(398),
                vec![
                    FadeOutStep {
                        from: ago(398),
                        contacts_per_month: 8,
                    },
                    FadeOutStep {
                        from: ago(300),
                        contacts_per_month: 3,
                    },
                    FadeOutStep {
                        from: ago(180),
                        contacts_per_month: 1,
                    },
                ],
            )
            .ok(),
        });
    }
    // Agreed three days ago; no specialist named: waits for the supervisor.
    if let Some(fnr) = others.next() {
        participants.push(SeDemoParticipant {
            fnr,
            state: SeDemoState::Queued,
            referred_on: ago(5),
            reason: "Ønsker hjelp til å finne en deltidsjobb",
            agreed_on: Some(ago(3)),
            share: Share::NONE,
            steps: StepSet::NONE,
            activities: Vec::new(),
            profiles: Vec::new(),
            job: None,
            onboarding: Onboarding::default(),
            fade_out: None,
        });
    }
    // Referred two days ago; the person has not answered.
    if let Some(fnr) = others.next() {
        participants.push(SeDemoParticipant {
            fnr,
            state: SeDemoState::Referred,
            referred_on: ago(2),
            reason: "Har spurt om hjelp til å komme i arbeid",
            agreed_on: None,
            share: Share::NONE,
            steps: StepSet::NONE,
            activities: Vec::new(),
            profiles: Vec::new(),
            job: None,
            onboarding: Onboarding::default(),
            fade_out: None,
        });
    }

    // Finding jobs with employers for no one participant: four or five a
    // week over the last four weeks, most of them out of the office.
    let contacts = (1..=26_u64)
        .filter(|day| day % 7 != 0 && day % 7 != 6 && day % 5 != 0)
        .zip((0..employers.len()).cycle())
        .map(|(day, employer)| {
            activity(
                day,
                ActivityKind::EmployerContact,
                if day % 4 == 0 {
                    Place::Office
                } else {
                    Place::Out
                },
                Some(employer),
                "Om behov for arbeidskraft",
            )
        })
        .collect();

    Some(SeDemo {
        provider,
        provider_name: "Jobbhuset Oslo (demo)",
        employers,
        participants,
        contacts,
    })
}

#[cfg(test)]
mod tests {
    use tilbake_domain::supported_employment::{drift_warnings, match_employers, DriftWarning};

    use super::*;
    use crate::demo::demo_world;

    #[test]
    fn the_demo_is_believable_the_showcase_first_and_one_mapping_drifts() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let world = demo_world(42, today, 400);
        let demo = demo_supported_employment(&world).unwrap();
        assert_eq!(demo.employers.len(), EMPLOYERS.len());
        for employer in &demo.employers {
            assert_eq!(employer.check(), Ok(()), "{}", employer.name);
        }
        assert_eq!(demo.participants.len(), 7);
        assert_eq!(demo.participants[0].fnr, world.showcase().fnr);
        let states: Vec<SeDemoState> = demo.participants.iter().map(|p| p.state).collect();
        assert_eq!(
            states.iter().filter(|s| **s == SeDemoState::Active).count(),
            5
        );
        assert!(states.contains(&SeDemoState::Queued));
        assert!(states.contains(&SeDemoState::Referred));
        let mut drifting = 0;
        for participant in &demo.participants {
            assert!(participant.referred_on <= participant.agreed_on.unwrap_or(today));
            for activity in &participant.activities {
                assert_eq!(activity.check(today), Ok(()));
                assert!(Some(activity.on) >= participant.agreed_on);
            }
            for (profile, _, on) in &participant.profiles {
                assert_eq!(profile.check(*on, today), Ok(()));
            }
            if let Some((hire, job)) = &participant.job {
                assert_eq!(hire.check(today), Ok(()));
                assert!(!job.tasks.is_empty());
                assert!(participant.fade_out.is_some());
            }
            if let Some(agreed_on) = participant.agreed_on {
                let warnings = drift_warnings(agreed_on, &participant.activities, today);
                if participant.job.is_none() && !warnings.is_empty() {
                    drifting += 1;
                    assert!(warnings
                        .contains(&DriftWarning::MeetingsBeforeEmployerContact { meetings: 4 }));
                }
            }
        }
        // Not everyone overdue: exactly one mapping drifts.
        assert_eq!(drifting, 1);
        // The showcase's profile matches the garden centre, for a reason.
        let (profile, _, _) = &demo.participants[0].profiles[0];
        let matches = match_employers(profile, &demo.employers);
        assert_eq!(
            matches.first().map(|m| m.name.as_str()),
            Some(EMPLOYERS[0].0)
        );
        // Four or five employer contacts a week over the last four weeks.
        assert!(
            (16..=22).contains(&demo.contacts.len()),
            "{}",
            demo.contacts.len()
        );
    }
}
