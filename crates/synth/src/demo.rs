//! The demo world: synthetic people, employers, NAV units and GPs whose
//! sick-leave histories are spread over every stage of the follow-up
//! timeline as seen from a given day, written as the service's documents.
//!
//! [`PopulationGenerator`] draws histories over a window that ends on its
//! `today`, so on any one day most of its people have no open case. A demo
//! needs the opposite: many open cases, some in each stage (employer period,
//! plan due, dialogue meeting 1 and the activity requirement, day 120, week
//! 26, week 39, near and past the maximum date), plus cases that just ended
//! and people with closed cases only. [`demo_world`] therefore gives each
//! person a *target* (how far into a case they are today), draws the past
//! from the population generator (ending well before the current case, so
//! it stays a separate case), writes the current case's certificates itself,
//! and adds the case work (plans shared, meetings held, activity requirement
//! assessed) that parties would have sent, so that some tasks are done and
//! others open. The stage each person ends up in is read back from the
//! engine ([`DemoStage::of`]), never assumed.
//!
//! It should pass for a real office's day: most work is done on time and
//! none is more than [`MOST_DAYS_LATE`] days late; past the maximum date
//! AAP is noted; plans, minutes and the activity requirement agree with the
//! grade on their day, and plans speak of the employer's industry; each
//! document has the day it reached NAV ([`DemoPerson::received`]); and
//! open cases are spread over many employers, a handful per manager.
//!
//! Like the rest of the crate this produces domain values
//! ([`Document`]s in the order they are to be stored), not JSON, and reads no
//! clock: `today` is a parameter. The names of employers and units are made
//! up for the demo.

use std::collections::{HashMap, HashSet};
use tilbake_domain::casework::CaseworkDocument;

use chrono::{Datelike, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tilbake_domain::casework::{
    Adaptation, AdaptationKind, AdaptationStatus, Agreement, MeetingAnswer, MeetingAnswerKind,
    MeetingCancellation, MeetingInvitation, MeetingMinutes, MeetingRequest, NextStep, Participant,
    Plan, PlanResponse,
};
use tilbake_domain::document::{
    followup_input, ActivityOutcome, Diagnosis, DiagnosisSystem, Document, DocumentBody,
    MeetingNumber,
};
use tilbake_domain::early::{
    session_window, EarlySession, SessionMinutes, SessionNumber, Topic, TopicNote,
};
use tilbake_domain::followup::{
    compute_followup, DateRange, Event, Followup, FollowupCase, FollowupEngine, FollowupInput,
    Grade, MilestoneKind, SickLeave, BENEFIT_RULES,
};
use tilbake_domain::identity::{Fnr, UnitCode};
use tilbake_domain::tasks::{task_id, TaskKind};
use tilbake_domain::work_ability::{
    Factor, Weighing, Weight, WorkAbilityAddition, WorkAbilityAssessment,
};

use crate::identity::organisation_number;
use crate::population::{PopulationConfig, PopulationGenerator};

/// A NAV office of the demo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoUnit {
    /// The 4-digit unit code documents carry in `unit`.
    pub code: &'static str,
    pub name: &'static str,
}

/// The demo's NAV offices; the first follows the most people.
pub const DEMO_UNITS: [DemoUnit; 3] = [
    DemoUnit {
        code: "0301",
        name: "NAV Oslo (demo)",
    },
    DemoUnit {
        code: "4601",
        name: "NAV Bergen (demo)",
    },
    DemoUnit {
        code: "5001",
        name: "NAV Trondheim (demo)",
    },
];
/// Share of people per unit of [`DEMO_UNITS`] (percent).
const UNIT_WEIGHTS: [u32; 3] = [55, 30, 15];

/// What an employer of the demo does: its plans speak of that work.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Industry {
    /// Nursing homes and home care.
    Care,
    Kindergarten,
    Building,
    Transport,
    Retail,
    Office,
    /// Workshops and food production.
    Industry,
}

/// The demo's employers (made-up names), their industry and their share of
/// the people (percent): many of a few percent each, as in a town, so that
/// no manager follows up more than about fifteen people at once.
const EMPLOYERS: [(&str, Industry, u32); 40] = [
    ("Lysverket Omsorg AS", Industry::Care, 3),
    ("Nordlys Hjemmetjeneste AS", Industry::Care, 3),
    ("Solsiden Sykehjem AS", Industry::Care, 3),
    ("Eikely Omsorgssenter AS", Industry::Care, 3),
    ("Lindegården Bo og Omsorg AS", Industry::Care, 3),
    ("Havblikk Hjemmehjelp AS", Industry::Care, 3),
    ("Solbakken Barnehager AS", Industry::Kindergarten, 3),
    ("Trollskogen Barnehage AS", Industry::Kindergarten, 3),
    ("Kvisten Barnehage SA", Industry::Kindergarten, 3),
    ("Maurtua Barnehage AS", Industry::Kindergarten, 3),
    ("Bryggekanten Bygg AS", Industry::Building, 3),
    ("Tømmerstua Entreprenør AS", Industry::Building, 3),
    ("Grunnmur Anlegg AS", Industry::Building, 3),
    ("Takstolen Snekkeri AS", Industry::Building, 3),
    ("Vik Tømrer AS", Industry::Building, 3),
    ("Fjellstua Transport AS", Industry::Transport, 3),
    ("Havnelaget Logistikk AS", Industry::Transport, 3),
    ("Kystruta Buss AS", Industry::Transport, 3),
    ("Veikroa Budservice AS", Industry::Transport, 3),
    ("Nordhavn Handel AS", Industry::Retail, 3),
    ("Torgkroken Dagligvare AS", Industry::Retail, 2),
    ("Elvebredden Sport AS", Industry::Retail, 2),
    ("Bymarka Møbler AS", Industry::Retail, 2),
    ("Stasjonsbyen Jernvare AS", Industry::Retail, 2),
    ("Kvartershuset Bokhandel AS", Industry::Retail, 2),
    ("Tindevegen IT AS", Industry::Office, 2),
    ("Kvartalet Regnskap AS", Industry::Office, 2),
    ("Brohodet Forsikring AS", Industry::Office, 2),
    ("Løvetann Eiendom AS", Industry::Office, 2),
    ("Skrivestua Kommunikasjon AS", Industry::Office, 2),
    ("Kaikanten Verksted AS", Industry::Industry, 2),
    ("Smia Mekaniske AS", Industry::Industry, 2),
    ("Fossen Næringsmiddel AS", Industry::Industry, 2),
    ("Sagbruket Industri AS", Industry::Industry, 2),
    ("Bakeriet på Hjørnet AS", Industry::Industry, 2),
    ("Glassverket Produksjon AS", Industry::Industry, 2),
    ("Strandkanten Kolonial AS", Industry::Retail, 2),
    ("Bygdeheimen Omsorg AS", Industry::Care, 2),
    ("Bølgen Rådgivning AS", Industry::Office, 2),
    ("Fjordlys Fiskemottak AS", Industry::Industry, 2),
];

/// The open cases an employer of the demo gets before others are
/// preferred: a nearest manager follows up a handful of people at once.
const MOST_OPEN_CASES_PER_EMPLOYER: usize = 12;

/// The demo's GPs (certifier ids on certificates), with the index of the
/// unit whose area they practise in.
const GPS: [(&str, usize); 6] = [
    ("fastlege-01", 0),
    ("fastlege-02", 0),
    ("fastlege-03", 0),
    ("fastlege-04", 1),
    ("fastlege-05", 1),
    ("fastlege-06", 2),
];

/// An employer of the demo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoEmployer {
    /// A 9-digit organisation number with a valid check digit.
    pub orgnr: String,
    pub name: &'static str,
    pub industry: Industry,
}

/// Where a person stands today, read from the engine's follow-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DemoStage {
    /// An open case still in the employer period.
    EmployerPeriod,
    /// An open case before its follow-up plan is due (week 4).
    BeforeFollowUpPlan,
    /// Past the plan, before dialogue meeting 1 (week 7).
    BeforeDialogueMeeting1,
    /// Past meeting 1, before the activity requirement (week 8).
    BeforeActivityRequirement,
    /// Past week 8, before NAV prepares dialogue meeting 2 (day 120).
    BeforeMeeting2Planning,
    /// Preparing dialogue meeting 2, due by week 26.
    BeforeDialogueMeeting2,
    /// Past week 26, before the notice that benefit ends (week 39).
    BeforeBenefitEndNotice,
    /// Past week 39, before the maximum date.
    BeforeMaxDate,
    /// Still sick-listed after the maximum date.
    PastMaxDate,
    /// The last case ended in the last weeks; a new certificate would continue it.
    RecentlyEnded,
    /// Closed cases only.
    Closed,
    /// No sick leave at all in the window (self-certified days are sick leave too).
    NoSickLeave,
}

impl DemoStage {
    pub const ALL: [DemoStage; 12] = [
        DemoStage::EmployerPeriod,
        DemoStage::BeforeFollowUpPlan,
        DemoStage::BeforeDialogueMeeting1,
        DemoStage::BeforeActivityRequirement,
        DemoStage::BeforeMeeting2Planning,
        DemoStage::BeforeDialogueMeeting2,
        DemoStage::BeforeBenefitEndNotice,
        DemoStage::BeforeMaxDate,
        DemoStage::PastMaxDate,
        DemoStage::RecentlyEnded,
        DemoStage::Closed,
        DemoStage::NoSickLeave,
    ];

    /// A short English description for people.
    pub fn label(self) -> &'static str {
        match self {
            DemoStage::EmployerPeriod => "open case, in the employer period",
            DemoStage::BeforeFollowUpPlan => "open case, follow-up plan next (week 4)",
            DemoStage::BeforeDialogueMeeting1 => "open case, dialogue meeting 1 next (week 7)",
            DemoStage::BeforeActivityRequirement => "open case, activity requirement next (week 8)",
            DemoStage::BeforeMeeting2Planning => {
                "open case, past week 8, preparing meeting 2 next (day 120)"
            }
            DemoStage::BeforeDialogueMeeting2 => "open case, dialogue meeting 2 next (week 26)",
            DemoStage::BeforeBenefitEndNotice => "open case, benefit-end notice next (week 39)",
            DemoStage::BeforeMaxDate => "open case, past week 39, maximum date next",
            DemoStage::PastMaxDate => "open case, past the maximum date",
            DemoStage::RecentlyEnded => "case ended in the last 16 days",
            DemoStage::Closed => "closed cases only",
            DemoStage::NoSickLeave => "no sick leave",
        }
    }

    /// The stage of a follow-up seen on `today`: by the next milestone of
    /// the last case that reaches today.
    pub fn of(followup: &Followup, today: NaiveDate) -> DemoStage {
        let Some(case) = followup.cases.last() else {
            return DemoStage::NoSickLeave;
        };
        if case.end < today {
            return if open_until(case.end) >= today {
                DemoStage::RecentlyEnded
            } else {
                DemoStage::Closed
            };
        }
        if case.milestone(MilestoneKind::EmployerPeriodEnd).is_none() {
            // Fewer than the employer period's days known so far.
            return DemoStage::EmployerPeriod;
        }
        let next = [
            (MilestoneKind::EmployerPeriodEnd, DemoStage::EmployerPeriod),
            (MilestoneKind::FollowUpPlan, DemoStage::BeforeFollowUpPlan),
            (
                MilestoneKind::DialogueMeeting1,
                DemoStage::BeforeDialogueMeeting1,
            ),
            (
                MilestoneKind::ActivityRequirement,
                DemoStage::BeforeActivityRequirement,
            ),
            (
                MilestoneKind::DialogueMeeting2Planning,
                DemoStage::BeforeMeeting2Planning,
            ),
            (
                MilestoneKind::DialogueMeeting2,
                DemoStage::BeforeDialogueMeeting2,
            ),
            (
                MilestoneKind::BenefitEndNotice,
                DemoStage::BeforeBenefitEndNotice,
            ),
            (MilestoneKind::MaxDate, DemoStage::BeforeMaxDate),
        ];
        // A maximum date before today is past, whatever the other milestones say.
        if case
            .milestone(MilestoneKind::MaxDate)
            .is_some_and(|max_date| max_date.date < today)
        {
            return DemoStage::PastMaxDate;
        }
        next.iter()
            .find(|(kind, _)| {
                case.milestone(*kind)
                    .is_some_and(|milestone| milestone.date >= today)
            })
            .map_or(DemoStage::PastMaxDate, |(_, stage)| *stage)
    }
}

/// One person of the demo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoPerson {
    pub fnr: Fnr,
    /// The NAV office every document of the person names.
    pub unit: UnitCode,
    /// The employer of the current case (organisation number); `None` for
    /// the self-employed.
    pub employer: Option<String>,
    /// The certifier id on the person's certificates.
    pub gp: String,
    /// Where the person stands on the demo's `today`.
    pub stage: DemoStage,
    /// The documents, in an order the store accepts: a correction or a
    /// cancellation after the certificate it names.
    pub documents: Vec<Document>,
    /// Tasks a caseworker marks done after the documents are stored, as
    /// (task id, reason): benefit-end notices, which no document closes.
    pub decisions: Vec<(String, String)>,
}

/// The whole demo: who is in it and their documents.
#[derive(Clone, Debug)]
pub struct DemoWorld {
    pub today: NaiveDate,
    pub units: &'static [DemoUnit],
    pub employers: Vec<DemoEmployer>,
    /// Certifier ids, with the index in `units` of their area.
    pub gps: Vec<(String, usize)>,
    /// The first is the showcase: a person of the first unit, at the first
    /// employer, with the first GP, with an open case past week 8 that has
    /// graded leave, a correction, a plan, meeting 1 and an assessed activity
    /// requirement.
    pub persons: Vec<DemoPerson>,
}

impl DemoWorld {
    /// The person the demo's worker account belongs to.
    pub fn showcase(&self) -> &DemoPerson {
        &self.persons[0]
    }

    /// The number of persons per stage, in the order of [`DemoStage::ALL`].
    pub fn stage_counts(&self) -> Vec<(DemoStage, usize)> {
        DemoStage::ALL
            .iter()
            .map(|&stage| {
                let n = self
                    .persons
                    .iter()
                    .filter(|person| person.stage == stage)
                    .count();
                (stage, n)
            })
            .collect()
    }
}

/// How far into a case a person is on `today`, as generated (the engine has
/// the last word: see [`DemoStage::of`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// An open case whose day number today is drawn from this span
    /// (day 1 is the first sick day).
    Ongoing { first_day: i32, last_day: i32 },
    /// A case of `first_day..=last_day` days that ended 1 to 14 days ago.
    EndedRecently { first_day: i32, last_day: i32 },
    /// No current case: the history only.
    HistoryOnly,
}

const fn ongoing(first_day: i32, last_day: i32) -> Target {
    Target::Ongoing {
        first_day,
        last_day,
    }
}

/// Share of people per target (percent). The spans straddle the milestones
/// so that some tasks are due soon and some overdue.
const TARGETS: [(Target, u32); 11] = [
    // In the employer period.
    (ongoing(2, 16), 10),
    // Around week 4: the follow-up plan.
    (ongoing(18, 38), 12),
    // Weeks 6 to 9: dialogue meeting 1 and the activity requirement.
    (ongoing(38, 64), 14),
    // Between week 9 and day 120.
    (ongoing(65, 105), 8),
    // Around day 120: NAV prepares dialogue meeting 2.
    (ongoing(106, 140), 9),
    // Around week 26: dialogue meeting 2.
    (ongoing(160, 196), 10),
    // Around week 39: notice before benefit ends.
    (ongoing(255, 290), 7),
    // Near the maximum date (about 52 weeks, earlier with earlier sick leave).
    (ongoing(330, 362), 5),
    // Past it, for a few weeks: AAP is granted and noted (see `open_case_work`).
    (ongoing(366, 400), 4),
    (
        Target::EndedRecently {
            first_day: 20,
            last_day: 150,
        },
        6,
    ),
    (Target::HistoryOnly, 15),
];

/// The current case starts at least this many days after the history's
/// `today`: the generator's last certificate ends at most about 62 days
/// after it, and 16 more days would join the two cases.
const HISTORY_GAP_DAYS: i32 = 90;
/// Length of the history window, in days (three years, as the generator's default).
const HISTORY_DAYS: u32 = 1096;
/// The history generator of the showcase, after one per target.
const SHOWCASE_SLOT: usize = TARGETS.len();

/// ICPC-2 codes for long absences (musculoskeletal and mental: over half of all sick leave).
const LONG_DIAGNOSES: [(&str, u32); 9] = [
    ("L03", 14), // low back symptom/complaint
    ("L84", 10), // back syndrome without radiating pain
    ("L86", 8),  // back syndrome with radiating pain
    ("L92", 8),  // shoulder syndrome
    ("L18", 5),  // muscle pain
    ("P76", 16), // depressive disorder
    ("P74", 10), // anxiety disorder
    ("P02", 9),  // acute stress reaction
    ("P78", 6),  // neurasthenia / burnout
];
/// ICPC-2 codes for short absences.
const SHORT_DIAGNOSES: [(&str, u32); 6] = [
    ("R74", 25), // acute upper respiratory infection
    ("R80", 15), // influenza
    ("D73", 10), // gastroenteritis, presumed infection
    ("L03", 20),
    ("N01", 10), // headache
    ("A04", 10), // weakness / tiredness, general
];

/// Case work: what closes a task, how early it can happen (days after the
/// case start), and how likely it is done.
#[derive(Clone, Copy)]
struct CaseWork {
    milestone: MilestoneKind,
    earliest_day: i32,
    /// In a closed case.
    p_closed: f64,
    /// In an open case, before it is due.
    p_early: f64,
}

const CASE_WORK: [CaseWork; 4] = [
    CaseWork {
        milestone: MilestoneKind::FollowUpPlan,
        earliest_day: 14,
        p_closed: 0.95,
        p_early: 0.35,
    },
    CaseWork {
        milestone: MilestoneKind::DialogueMeeting1,
        earliest_day: 35,
        p_closed: 0.9,
        p_early: 0.3,
    },
    CaseWork {
        milestone: MilestoneKind::ActivityRequirement,
        earliest_day: 42,
        p_closed: 0.95,
        p_early: 0.3,
    },
    CaseWork {
        milestone: MilestoneKind::DialogueMeeting2,
        earliest_day: 120,
        p_closed: 0.9,
        p_early: 0.25,
    },
];

/// A task due longer ago than this is done in the demo, on time or a
/// little late: a real office is seldom more than a few weeks behind, so
/// only tasks due in these last days may still be open.
pub const MOST_DAYS_LATE: i32 = 21;
/// Of the work due in those last days, the share already done.
const P_RECENT_DONE: f64 = 0.85;

/// Share of benefit-end notices marked sent, in closed and in open cases.
const P_NOTICE_SENT_CLOSED: f64 = 0.95;
const P_NOTICE_SENT_OPEN: f64 = 0.85;

/// Activity-requirement outcomes (percent) for a person fully sick-listed,
/// with the reason a caseworker writes (one working part time is in activity).
const FULL_LEAVE_OUTCOMES: [((ActivityOutcome, &str), u32); 3] = [
    (
        (
            ActivityOutcome::ExemptMedical,
            "Tungtveiende medisinske grunner, jf. legeerklæring",
        ),
        75,
    ),
    (
        (
            ActivityOutcome::ExemptWorkplace,
            "Arbeidsgiver har dokumentert at tilrettelegging ikke er mulig nå",
        ),
        20,
    ),
    (
        (
            ActivityOutcome::NotFulfilled,
            "Ikke i aktivitet uten unntak; varsel om stans sendt",
        ),
        5,
    ),
];

/// Generates the demo world: `n_persons` people (at least one, the
/// showcase), deterministic in `seed` and `today`.
///
/// # Panics
///
/// If `today` is outside the years 1935–2050 (the generator's range, with
/// room for the history).
pub fn demo_world(seed: u64, today: NaiveDate, n_persons: usize) -> DemoWorld {
    let mut builder = Builder::new(seed, today);
    let mut persons = Vec::with_capacity(n_persons.max(1));
    persons.push(builder.showcase());
    for _ in 1..n_persons {
        let target = pick(&mut builder.rng, &TARGETS);
        persons.push(builder.person(target));
    }
    add_early_follow_up(&mut persons, today);
    crate::names::name_everyone(&mut persons);
    DemoWorld {
        today,
        units: &DEMO_UNITS,
        employers: builder.employers,
        gps: GPS
            .iter()
            .map(|&(gp, unit)| (gp.to_owned(), unit))
            .collect(),
        persons,
    }
}

/// The first unit holds early sessions in weeks 14 and 16 (`tilbake demo`
/// switches them on): one of its persons past week 16 of an open case has
/// had both sessions and a work-ability assessment, to which the GP added.
/// Returns that person's index, if the world has one.
pub fn add_early_follow_up(persons: &mut [DemoPerson], today: NaiveDate) -> Option<usize> {
    let unit = persons.first()?.unit;
    let today_number = day_number(today);
    // The notes below speak of work in a shop.
    let retail: HashSet<String> = EMPLOYERS
        .iter()
        .enumerate()
        .filter(|(_, (_, industry, _))| *industry == Industry::Retail)
        .map(|(index, _)| employer_orgnr(index as u32))
        .collect();
    let (index, case_start) = persons
        .iter()
        .enumerate()
        .skip(1)
        .find_map(|(index, person)| {
            if person.unit != unit
                || !person
                    .employer
                    .as_ref()
                    .is_some_and(|orgnr| retail.contains(orgnr))
            {
                return None;
            }
            let input = followup_input(&person.documents, person.fnr.birth_date(), None);
            let followup = compute_followup(&input).ok()?;
            let case = followup.cases.last()?;
            let start = day_number(case.start);
            // Past week 16 and not yet at week 26: the sessions are recent.
            (day_number(case.end) >= today_number
                && (start + 115..start + 170).contains(&today_number))
            .then_some((index, start))
        })?;
    let person = persons.get_mut(index)?;
    // These sessions replace any the case work wrote for the person.
    person.documents.retain(|document| {
        !matches!(
            document.body,
            DocumentBody::Casework(CaseworkDocument::EarlySession(_))
        )
    });
    let topic = |topic: Topic, note: &str| TopicNote {
        topic,
        note: note.to_owned(),
    };
    let minutes = |n: i64| SessionMinutes::new(n).ok();
    let (first_minutes, second_minutes) = (minutes(50)?, minutes(35)?);
    let first = EarlySession::new(
        SessionNumber::One,
        date_of(weekday_on_or_before(case_start + 94)),
        first_minutes,
        vec![
            topic(Topic::WorkSituation, "Helt sykmeldt. Savner kollegaene og er redd for å bli glemt."),
            topic(Topic::EmployerRelation, "Lederen har ringt to ganger. Ønsker mer kontakt, men synes det er vanskelig å ta opp."),
            topic(Topic::ReturnPlan, "Ingen plan for gradering ennå. Vil prøve korte dager når behandlingen er i gang."),
            topic(Topic::Treatment, "Venter på time hos fysioterapeut."),
            topic(Topic::RightsAndDuties, "Gikk gjennom aktivitetsplikten og hva som skjer ved dialogmøte 2."),
            topic(Topic::MoneyAfterMaxDate, "Forklarte maksdatoen og at arbeidsavklaringspenger kan søkes før den."),
        ],
    )
    .ok()?;
    let second = EarlySession::new(
        SessionNumber::Two,
        date_of(weekday_on_or_before(case_start + 108)),
        second_minutes,
        vec![
            topic(Topic::WorkSituation, "Gradert 40 % fra mandag, med kundemottak før lunsj."),
            topic(Topic::EmployerRelation, "Lederen har ringt to ganger. Ønsker mer kontakt, men synes det er vanskelig å ta opp."),
            topic(Topic::ReturnPlan, "Opptrapping til 60 % om fire uker hvis det går bra. Oppfølgingsplanen oppdateres."),
            topic(Topic::Treatment, "Går til fysioterapeut hver uke."),
            topic(Topic::Measures, "Vurderer hev-senk-pult gjennom arbeidsgiveren."),
        ],
    )
    .ok()?;
    let reason = |text: &str| text.to_owned();
    let assessment = WorkAbilityAssessment::new(
        date_of(weekday_on_or_before(case_start + 110)),
        "Tåler ikke tunge løft eller lang tid stående. Kan sitte og gå, med pauser. Konsentrasjonen er god.".to_owned(),
        vec![
            Weighing { factor: Factor::Health, weight: Weight::Limitation, reasons: reason("Ryggplager gjør lagerarbeid vanskelig nå; bedring er ventet med behandling.") },
            Weighing { factor: Factor::Education, weight: Weight::Resource, reasons: reason("Fagbrev i salg og service.") },
            Weighing { factor: Factor::Skills, weight: Weight::Resource, reasons: reason("God med kunder og kassesystemet; har lært opp nye kollegaer.") },
            Weighing { factor: Factor::Experience, weight: Weight::Both, reasons: reason("Tolv år i butikk, mest på lageret; lite erfaring med bare kundearbeid.") },
            Weighing { factor: Factor::LifeSituation, weight: Weight::Resource, reasons: reason("Støtte hjemme og kort reisevei.") },
        ],
        "Kan arbeide 40 % nå med kundemottak og uten tunge løft, og trappe opp mot full stilling i løpet av tre måneder med tilrettelegging.".to_owned(),
    )
    .ok()?;
    let addition = WorkAbilityAddition {
        assessment: "work-ability-1".to_owned(),
        date: date_of(weekday_on_or_before(case_start + 113)),
        text: "Enig i vurderingen. Bør unngå løft over 10 kg de neste åtte ukene.".to_owned(),
    };
    for (id, body) in [
        (
            "early-session-1",
            CaseworkDocument::EarlySession(Box::new(first)),
        ),
        (
            "early-session-2",
            CaseworkDocument::EarlySession(Box::new(second)),
        ),
        (
            "work-ability-1",
            CaseworkDocument::WorkAbilityAssessment(Box::new(assessment)),
        ),
        (
            "work-ability-addition-1",
            CaseworkDocument::WorkAbilityAddition(addition),
        ),
    ] {
        person.documents.push(Document {
            person: person.fnr,
            id: id.to_owned(),
            unit: Some(person.unit),
            body: DocumentBody::Casework(body),
            diagnosis: None,
            gp: None,
        });
    }
    Some(index)
}

struct Builder {
    rng: ChaCha8Rng,
    seed: u64,
    today: i32,
    employers: Vec<DemoEmployer>,
    /// A history generator per target, made when first needed.
    histories: Vec<Option<PopulationGenerator>>,
    used_fnrs: HashSet<String>,
    engine: FollowupEngine,
    /// Open cases given to each employer so far (by index in [`EMPLOYERS`]).
    open_cases: Vec<usize>,
}

/// The events of a person as they are written.
struct Events {
    events: Vec<Event>,
    /// The ICPC-2 code of each certificate, by certificate id.
    diagnoses: HashMap<String, &'static str>,
}

impl Builder {
    fn new(seed: u64, today: NaiveDate) -> Builder {
        assert!(
            (1935..=2050).contains(&today.year()),
            "today must be in 1935..=2050"
        );
        let employers = EMPLOYERS
            .iter()
            .enumerate()
            .map(|(index, &(name, industry, _))| DemoEmployer {
                orgnr: employer_orgnr(index as u32),
                name,
                industry,
            })
            .collect();
        Builder {
            rng: ChaCha8Rng::seed_from_u64(seed),
            seed,
            today: day_number(today),
            employers,
            histories: vec![None; SHOWCASE_SLOT + 1],
            used_fnrs: HashSet::new(),
            engine: FollowupEngine::default(),
            // The showcase's case is at the first employer.
            open_cases: std::iter::once(1)
                .chain(std::iter::repeat_n(0, EMPLOYERS.len() - 1))
                .collect(),
        }
    }

    /// The past of a person whose current case starts on `earliest_start`
    /// or later: a synthetic person of the slot's generator, whose window
    /// ends well before that day.
    fn history(&mut self, slot: usize, earliest_start: i32) -> crate::SyntheticPerson {
        let seed = self.seed;
        let generator = self.histories[slot].get_or_insert_with(|| {
            let config = PopulationConfig {
                today: date_of(earliest_start - HISTORY_GAP_DAYS),
                history_days: HISTORY_DAYS,
            };
            PopulationGenerator::new(seed.wrapping_add(slot as u64 + 1), config)
        });
        // Generators of different slots may hand out the same number.
        loop {
            let person = generator.next_person();
            if self.used_fnrs.insert(person.identity_number.clone()) {
                return person;
            }
        }
    }

    fn person(&mut self, target: Target) -> DemoPerson {
        let today = self.today;
        let slot = TARGETS
            .iter()
            .position(|(known, _)| *known == target)
            .unwrap_or(0);
        // (earliest start the target can give, start, end); a start may move back to a Friday.
        let (earliest_start, start, end) = match target {
            Target::Ongoing {
                first_day,
                last_day,
            } => {
                let day = self.rng.gen_range(first_day..=last_day);
                let start = weekday_on_or_before(today - day + 1);
                (today - last_day - 2, Some(start), None)
            }
            Target::EndedRecently {
                first_day,
                last_day,
            } => {
                let end = today - self.rng.gen_range(1..=14);
                let length = self.rng.gen_range(first_day..=last_day);
                let start = weekday_on_or_before(end - length + 1);
                (today - 14 - last_day - 2, Some(start), Some(end))
            }
            Target::HistoryOnly => (today, None, None),
        };
        let history = self.history(slot, earliest_start);
        let unit_index = pick_index(&mut self.rng, &UNIT_WEIGHTS);
        let gp = self.gp_in(unit_index);
        let employer = if history.employers.is_empty() {
            None
        } else {
            let weights = EMPLOYERS.map(|(_, _, weight)| weight);
            let mut index = pick_index(&mut self.rng, &weights);
            // A manager follows a handful of people at a time: an employer
            // with its share of open cases already gives way to another
            // (while there is room elsewhere, so any size of demo fills).
            if matches!(target, Target::Ongoing { .. }) {
                for _ in 0..EMPLOYERS.len() {
                    if self.open_cases[index] < MOST_OPEN_CASES_PER_EMPLOYER {
                        break;
                    }
                    index = pick_index(&mut self.rng, &weights);
                }
                self.open_cases[index] += 1;
            }
            Some(index)
        };
        let employer_map = self.employer_map(&history.employers, employer);
        let mut events = Events {
            events: Vec::new(),
            diagnoses: HashMap::new(),
        };
        self.add_history(&history.input.events, &employer_map, &mut events);
        if let Some(start) = start {
            let employer = employer.map(|index| self.employers[index].orgnr.clone());
            self.add_current_case(start, end, employer.as_ref(), &mut events);
        }
        self.finish(
            &history.identity_number,
            history.birth_date,
            unit_index,
            employer,
            gp,
            events,
        )
    }

    /// The showcase: day 75 of a case at the first employer, graded from
    /// week 8, with a correction, a plan, meeting 1 and the activity
    /// requirement assessed; one short closed case about a year before.
    fn showcase(&mut self) -> DemoPerson {
        let start = weekday_on_or_before(self.today - 74);
        // Only the identity is taken: the showcase's history is written here.
        let history = self.history(SHOWCASE_SLOT, start);
        let employer = self.employers[0].orgnr.clone();
        let mut events = Events {
            events: Vec::new(),
            diagnoses: HashMap::new(),
        };
        // A short case about fourteen months earlier.
        let past = weekday_on_or_before(self.today - 430);
        events
            .events
            .push(Event::SelfCertified(range(past, past + 2)));
        self.certificate(
            &mut events,
            past + 3,
            past + 11,
            100,
            Some(&employer),
            "R80",
        );
        // The current case.
        events
            .events
            .push(Event::SelfCertified(range(start, start + 1)));
        self.certificate(
            &mut events,
            start + 2,
            start + 15,
            100,
            Some(&employer),
            "L86",
        );
        self.certificate(
            &mut events,
            start + 16,
            start + 50,
            100,
            Some(&employer),
            "L86",
        );
        let graded = self.certificate(
            &mut events,
            start + 51,
            start + 85,
            60,
            Some(&employer),
            "L86",
        );
        self.correction(&mut events, &graded, |certificate| {
            certificate.grade = grade(50);
        });
        self.finish_with(
            &history.identity_number,
            history.birth_date,
            0,
            Some(0),
            GPS[0].0.to_owned(),
            events,
            |_, followup, documents| {
                let Some(case) = followup.cases.last() else {
                    return;
                };
                let start = day_number(case.start);
                documents.case_work(DocumentBody::Casework(CaseworkDocument::PlanShared {
                    date: date_of(start + 24),
                }));
                documents.case_work(DocumentBody::Casework(CaseworkDocument::MeetingHeld {
                    meeting: MeetingNumber::One,
                    date: date_of(start + 46),
                }));
                documents.case_work(DocumentBody::Casework(CaseworkDocument::ActivityAssessed {
                    date: date_of(start + 58),
                    outcome: ActivityOutcome::Fulfilled,
                    reason: "Gradert sykmeldt 50 %, i delvis arbeid med tilrettelagte oppgaver"
                        .to_owned(),
                }));
            },
        )
    }

    fn gp_in(&mut self, unit_index: usize) -> String {
        let candidates: Vec<&str> = GPS
            .iter()
            .filter(|(_, unit)| *unit == unit_index)
            .map(|(gp, _)| *gp)
            .collect();
        let index = self.rng.gen_range(0..candidates.len());
        candidates[index].to_owned()
    }

    /// Maps the generator's employers to the demo's: the current one to
    /// `current`, the others to other demo employers.
    fn employer_map(
        &mut self,
        generated: &[String],
        current: Option<usize>,
    ) -> HashMap<String, String> {
        let weights = EMPLOYERS.map(|(_, _, weight)| weight);
        let mut map = HashMap::new();
        for (position, orgnr) in generated.iter().enumerate() {
            let index = match current {
                Some(current) if position == 0 => current,
                _ => loop {
                    let other = pick_index(&mut self.rng, &weights);
                    if Some(other) != current {
                        break other;
                    }
                },
            };
            map.insert(orgnr.clone(), self.employers[index].orgnr.clone());
        }
        map
    }

    /// The generator's events with demo employers and a diagnosis per absence.
    fn add_history(
        &mut self,
        history: &[Event],
        employer_map: &HashMap<String, String>,
        events: &mut Events,
    ) {
        // Certificates that follow each other closely belong to one absence and share a diagnosis.
        let mut last_to = i32::MIN;
        let mut diagnosis = "R74";
        for event in history {
            match event {
                Event::SickLeave(certificate) => {
                    let mut certificate = certificate.clone();
                    certificate.employer = certificate
                        .employer
                        .as_ref()
                        .and_then(|orgnr| employer_map.get(orgnr).cloned());
                    let code = if let Some(corrected) = &certificate.corrects {
                        events
                            .diagnoses
                            .get(corrected)
                            .copied()
                            .unwrap_or(diagnosis)
                    } else {
                        let from = day_number(certificate.period.from());
                        if from > last_to.saturating_add(BENEFIT_RULES.case_gap_days as i32) {
                            let table = if self.rng.gen_bool(0.5) {
                                &SHORT_DIAGNOSES[..]
                            } else {
                                &LONG_DIAGNOSES[..]
                            };
                            diagnosis = pick(&mut self.rng, table);
                        }
                        last_to = last_to.max(day_number(certificate.period.to()));
                        diagnosis
                    };
                    events.diagnoses.insert(certificate.id.clone(), code);
                    events.events.push(Event::SickLeave(certificate));
                }
                other => events.events.push(other.clone()),
            }
        }
    }

    /// The current case: perhaps self-certified days first, then a first
    /// certificate and renewals up to `end` (or a little after today), with
    /// graded leave, a vacation, a correction or a certificate cancelled now
    /// and then.
    fn add_current_case(
        &mut self,
        start: i32,
        end: Option<i32>,
        employer: Option<&String>,
        events: &mut Events,
    ) {
        let today = self.today;
        let rng = &mut self.rng;
        let mut day = start;
        if rng.gen_bool(0.3) {
            let n_days = rng.gen_range(1..=3);
            events
                .events
                .push(Event::SelfCertified(range(day, day + n_days - 1)));
            day += n_days;
        }
        // Work resumed before the last certificate ran out, now and then.
        let resumed = end.filter(|_| rng.gen_bool(0.25));
        let last_day = match end {
            Some(end) if resumed.is_some() => end + rng.gen_range(3..=10),
            Some(end) => end,
            None => today + rng.gen_range(2..=24),
        };
        let last_day = last_day.max(day);
        let long = last_day - start >= 42;
        let diagnosis = if long {
            pick(rng, &LONG_DIAGNOSES)
        } else {
            pick(rng, &SHORT_DIAGNOSES)
        };
        let graded_from = if long && rng.gen_bool(0.35) {
            Some(start + rng.gen_range(14..=(last_day - start).min(150)))
        } else if rng.gen_bool(0.05) {
            Some(start)
        } else {
            None
        };
        let mut grade_now = 100u8;
        let mut certificates = Vec::new();
        while day <= last_day {
            let n_days = if certificates.is_empty() {
                pick(&mut self.rng, &[(7, 20), (10, 15), (14, 40), (21, 25)])
            } else {
                pick(
                    &mut self.rng,
                    &[(14, 30), (21, 20), (28, 30), (42, 10), (56, 10)],
                )
            };
            let mut to = (day + n_days - 1).min(last_day);
            if last_day - to < 5 {
                to = last_day;
            }
            if graded_from.is_some_and(|graded_from| day >= graded_from) {
                grade_now = if grade_now == 100 {
                    pick(&mut self.rng, &[(80, 15), (60, 25), (50, 40), (40, 20)])
                } else if self.rng.gen_bool(0.5) {
                    grade_now.saturating_sub(10).max(20)
                } else {
                    grade_now
                };
            }
            certificates.push(self.certificate(events, day, to, grade_now, employer, diagnosis));
            day = to + 1;
        }
        let rng = &mut self.rng;
        if let Some(resumed) = resumed {
            events.events.push(Event::WorkResumed(date_of(resumed + 1)));
        }
        // A vacation inside the sick leave, before today.
        let vacation_latest = last_day.min(today - 1);
        if vacation_latest - start >= 40 && rng.gen_bool(0.15) {
            let from = rng.gen_range(start + 17..=vacation_latest - 5);
            let n_days = pick(rng, &[(5, 30), (7, 30), (10, 20), (14, 20)]);
            events.events.push(Event::Vacation(range(
                from,
                (from + n_days - 1).min(vacation_latest),
            )));
        }
        // A certificate corrected: the grade, or the period of the last one.
        if !certificates.is_empty() && self.rng.gen_bool(0.08) {
            let which = self.rng.gen_range(0..certificates.len());
            let is_last = which + 1 == certificates.len();
            let new_grade = pick(&mut self.rng, &[(100, 30), (70, 20), (50, 50)]);
            let extra_days = self.rng.gen_range(1..=4);
            let id = certificates[which].clone();
            self.correction(events, &id, |certificate| {
                if is_last && end.is_none() {
                    let from = certificate.period.from();
                    let to = day_number(certificate.period.to()) + extra_days;
                    certificate.period = range(day_number(from), to);
                } else {
                    certificate.grade = grade(new_grade);
                }
            });
        }
        // A certificate sent in error and cancelled.
        if !certificates.is_empty() && self.rng.gen_bool(0.05) {
            let which = self.rng.gen_range(0..certificates.len());
            let original = certificate_in(&events.events, &certificates[which]).cloned();
            if let Some(original) = original {
                let id = uuid(&mut self.rng);
                let mut duplicate = original;
                duplicate.id.clone_from(&id);
                duplicate.corrects = None;
                events.diagnoses.insert(id.clone(), diagnosis);
                events.events.push(Event::SickLeave(duplicate));
                events.events.push(Event::Cancelled { id });
            }
        }
        // A renewal withdrawn: the person was well before it started.
        if let Some(end) = end {
            if resumed.is_none() && self.rng.gen_bool(0.15) {
                let from = end + 1;
                let id = self.certificate(events, from, from + 13, 100, employer, diagnosis);
                events.events.push(Event::Cancelled { id });
            }
        }
    }

    /// Adds a certificate; answers its id.
    fn certificate(
        &mut self,
        events: &mut Events,
        from: i32,
        to: i32,
        percent: u8,
        employer: Option<&String>,
        diagnosis: &'static str,
    ) -> String {
        let id = uuid(&mut self.rng);
        events.diagnoses.insert(id.clone(), diagnosis);
        events.events.push(Event::SickLeave(SickLeave {
            id: id.clone(),
            period: range(from, to),
            grade: grade(percent),
            employer: employer.cloned(),
            corrects: None,
        }));
        id
    }

    /// Adds a certificate that replaces `id`, changed by `change`.
    fn correction(&mut self, events: &mut Events, id: &str, change: impl FnOnce(&mut SickLeave)) {
        let Some(original) = certificate_in(&events.events, id).cloned() else {
            return;
        };
        let mut correction = original;
        correction.id = uuid(&mut self.rng);
        correction.corrects = Some(id.to_owned());
        change(&mut correction);
        let diagnosis = events.diagnoses.get(id).copied().unwrap_or("L03");
        events.diagnoses.insert(correction.id.clone(), diagnosis);
        events.events.push(Event::SickLeave(correction));
    }

    fn finish(
        &mut self,
        identity_number: &str,
        birth_date: NaiveDate,
        unit_index: usize,
        employer: Option<usize>,
        gp: String,
        events: Events,
    ) -> DemoPerson {
        self.finish_with(
            identity_number,
            birth_date,
            unit_index,
            employer,
            gp,
            events,
            Builder::case_work,
        )
    }

    /// The documents of a person: the events, then case work from
    /// `case_work` given the engine's follow-up of the events.
    #[allow(clippy::too_many_arguments)] // one person's parts, each used once
    fn finish_with(
        &mut self,
        identity_number: &str,
        birth_date: NaiveDate,
        unit_index: usize,
        employer: Option<usize>,
        gp: String,
        events: Events,
        case_work: impl FnOnce(&mut Builder, &Followup, &mut PersonDocuments),
    ) -> DemoPerson {
        let fnr =
            Fnr::parse(identity_number).expect("the generator writes valid synthetic numbers");
        let unit = UnitCode::parse(DEMO_UNITS[unit_index].code)
            .expect("the demo's unit codes have 4 digits");
        let today = date_of(self.today);
        let input = FollowupInput {
            birth_date: Some(birth_date),
            today: Some(today),
            events: events.events,
        };
        let followup = self
            .engine
            .compute(&input)
            .expect("the demo writes events the engine accepts");
        let mut documents = PersonDocuments {
            fnr,
            unit,
            // The self-employed write no plan with a manager; office work
            // is the plainest guess for their notes.
            industry: employer.map_or(Industry::Office, |index| EMPLOYERS[index].1),
            today,
            documents: Vec::with_capacity(input.events.len() + 4),
            n_ids: 0,
            decisions: Vec::new(),
        };
        for event in input.events {
            documents.event(event, &gp, &events.diagnoses);
        }
        case_work(self, &followup, &mut documents);
        DemoPerson {
            fnr,
            unit,
            employer: employer.map(|index| self.employers[index].orgnr.clone()),
            gp,
            stage: DemoStage::of(&followup, today),
            documents: documents.documents,
            decisions: documents.decisions,
        }
    }

    /// Case work in every case: in closed cases most of it done, in the
    /// open case some done on time, some late, some still to do.
    fn case_work(&mut self, followup: &Followup, documents: &mut PersonDocuments) {
        let today = self.today;
        for (index, case) in followup.cases.iter().enumerate() {
            let start = day_number(case.start);
            let closed = day_number(open_until(case.end)) < today;
            // Case work belongs to the case it happens in: before the next one starts.
            let limit = followup
                .cases
                .get(index + 1)
                .map_or(today, |next| (day_number(next.start) - 1).min(today));
            let mut meeting_2_held = false;
            for work in CASE_WORK {
                let milestone = match work.milestone {
                    // Meeting 2 is often held before week 26; it also closes the day-120 task.
                    MilestoneKind::DialogueMeeting2 => {
                        required(case, MilestoneKind::DialogueMeeting2)
                            .or_else(|| required(case, MilestoneKind::DialogueMeeting2Planning))
                    }
                    kind => required(case, kind),
                };
                let Some(due) = milestone.map(day_number) else {
                    continue;
                };
                let earliest = start + work.earliest_day;
                let date = if closed || due < today {
                    let p = if closed {
                        work.p_closed
                    } else if due < today - MOST_DAYS_LATE {
                        1.0
                    } else {
                        P_RECENT_DONE
                    };
                    if !self.rng.gen_bool(p) {
                        continue;
                    }
                    let on_time = (earliest.max(due - 10), due.min(limit));
                    let late = ((due + 1).max(earliest), (due + 14).min(limit));
                    let (low, high) =
                        if on_time.0 <= on_time.1 && (late.0 > late.1 || self.rng.gen_bool(0.8)) {
                            on_time
                        } else {
                            late
                        };
                    if low > high {
                        continue;
                    }
                    self.rng.gen_range(low..=high)
                } else {
                    if earliest > limit || !self.rng.gen_bool(work.p_early) {
                        continue;
                    }
                    self.rng.gen_range(earliest..=limit)
                };
                let date = date_of(date);
                let body = match work.milestone {
                    MilestoneKind::FollowUpPlan => {
                        DocumentBody::Casework(CaseworkDocument::PlanShared { date })
                    }
                    MilestoneKind::DialogueMeeting1 => {
                        DocumentBody::Casework(CaseworkDocument::MeetingHeld {
                            meeting: MeetingNumber::One,
                            date,
                        })
                    }
                    MilestoneKind::ActivityRequirement => {
                        let (outcome, reason) =
                            activity_outcome(&mut self.rng, documents.grade_on(date));
                        DocumentBody::Casework(CaseworkDocument::ActivityAssessed {
                            date,
                            outcome,
                            reason,
                        })
                    }
                    _ => {
                        meeting_2_held = true;
                        DocumentBody::Casework(CaseworkDocument::MeetingHeld {
                            meeting: MeetingNumber::Two,
                            date,
                        })
                    }
                };
                documents.case_work(body);
                if meeting_2_held && !closed {
                    self.nav_agreements_done(case.start, documents);
                }
            }
            if !closed {
                self.open_case_work(case, meeting_2_held, limit, documents);
            }
            // Meeting 3, on request, in a few long open cases.
            if !closed && limit >= start + 200 && self.rng.gen_bool(0.2) {
                let date = self.rng.gen_range(start + 200..=limit);
                documents.case_work(DocumentBody::Casework(CaseworkDocument::MeetingHeld {
                    meeting: MeetingNumber::Three,
                    date: date_of(date),
                }));
            }
            // The notice before benefit ends: no document closes it, a caseworker marks it.
            if let Some(due) = required(case, MilestoneKind::BenefitEndNotice) {
                let p = if closed {
                    P_NOTICE_SENT_CLOSED
                } else {
                    P_NOTICE_SENT_OPEN
                };
                let p = if day_number(due) < today - MOST_DAYS_LATE {
                    1.0
                } else {
                    p
                };
                if day_number(due) < today && self.rng.gen_bool(p) {
                    documents.decisions.push((
                        task_id(case.start, TaskKind::BenefitEndNotice),
                        "Informert om maksdato og videre muligheter (brev sendt)".to_owned(),
                    ));
                }
            }
        }
    }
}

impl Builder {
    /// What NAV agreed to in the minutes just written, done once due
    /// (mostly; a few of the last weeks' still open), as the caseworker
    /// marks it: no document closes an agreement.
    fn nav_agreements_done(&mut self, case_start: NaiveDate, documents: &mut PersonDocuments) {
        let today = self.today;
        let Some(minutes) = documents.documents.last() else {
            return;
        };
        let DocumentBody::Casework(CaseworkDocument::MeetingMinutes(record)) = &minutes.body else {
            return;
        };
        let mut done = Vec::new();
        for (index, agreement) in record.agreements.iter().enumerate() {
            let due = day_number(agreement.due);
            if agreement.who != Participant::Nav || due >= today {
                continue;
            }
            if due < today - MOST_DAYS_LATE || self.rng.gen_bool(P_RECENT_DONE) {
                done.push((
                    format!(
                        "{}:{}:{}:{}",
                        case_start.format("%Y-%m-%d"),
                        TaskKind::NavAgreement.as_str(),
                        minutes.id,
                        index + 1
                    ),
                    "Fulgt opp som avtalt i møtet".to_owned(),
                ));
            }
        }
        documents.decisions.extend(done);
    }

    /// The open case's work beyond the milestones' own: the invitation to
    /// dialogue meeting 2 once its preparation is due, the early sessions
    /// where the office holds them, and AAP noted past the maximum date.
    fn open_case_work(
        &mut self,
        case: &FollowupCase,
        meeting_2_held: bool,
        limit: i32,
        documents: &mut PersonDocuments,
    ) {
        let today = self.today;
        let start = day_number(case.start);
        if let (false, Some(prepare)) = (
            meeting_2_held,
            required(case, MilestoneKind::DialogueMeeting2Planning).map(day_number),
        ) {
            let p = if prepare < today - MOST_DAYS_LATE {
                1.0
            } else {
                P_RECENT_DONE
            };
            if prepare < today && self.rng.gen_bool(p) {
                // Called for a day in the next weeks, by week 26 where it can be.
                let by = required(case, MilestoneKind::DialogueMeeting2)
                    .map_or(today + 28, day_number)
                    .max(today + 4);
                let meeting = self.rng.gen_range(today + 3..=by.min(today + 28));
                documents.invite_to_meeting_2(date_of(meeting));
            }
        }
        if documents.unit.to_string() == DEMO_UNITS[0].code {
            for session in [SessionNumber::One, SessionNumber::Two] {
                let (week_starts, due) = session_window(case.start, session);
                let (week_starts, due) = (day_number(week_starts), day_number(due));
                if day_number(case.end) < week_starts || week_starts > limit {
                    continue;
                }
                let date = if due < today {
                    let p = if due < today - MOST_DAYS_LATE {
                        1.0
                    } else {
                        P_RECENT_DONE
                    };
                    if !self.rng.gen_bool(p) {
                        continue;
                    }
                    self.rng.gen_range(week_starts..=due.min(limit))
                } else if self.rng.gen_bool(0.3) {
                    self.rng.gen_range(week_starts..=limit)
                } else {
                    continue;
                };
                let date = date_of(date);
                let grade = documents.grade_on(date);
                if let Some(record) = early_session(session, date, grade, documents.industry) {
                    let id = documents.next_id("session");
                    documents.push(
                        id,
                        DocumentBody::Casework(CaseworkDocument::EarlySession(Box::new(record))),
                    );
                }
            }
        }
        if let Some(max_date) = case.milestone(MilestoneKind::MaxDate) {
            let max_date = day_number(max_date.date);
            if max_date < today {
                let noted = (max_date - 35).max(start).min(today);
                let id = documents.next_id("note");
                documents.push(
                    id,
                    DocumentBody::Casework(CaseworkDocument::CaseNote {
                        date: date_of(noted),
                        text: "Søknad om arbeidsavklaringspenger (AAP) er behandlet: innvilget fra dagen etter maksdato. Sykmeldingen fortsetter mens behandlingen pågår.".to_owned(),
                    }),
                );
            }
        }
    }
}

/// The outcome of the activity requirement as the caseworker finds it:
/// in activity only when the person works part of the time.
fn activity_outcome(rng: &mut ChaCha8Rng, grade: Option<u8>) -> (ActivityOutcome, String) {
    match grade {
        Some(percent) if percent < 100 => (
            ActivityOutcome::Fulfilled,
            format!("Gradert sykmeldt {percent} % og i delvis arbeid"),
        ),
        _ => {
            let (outcome, reason) = pick(rng, &FULL_LEAVE_OUTCOMES);
            (outcome, reason.to_owned())
        }
    }
}

/// The record of an early session, its notes agreeing with the grade and
/// speaking of the person's kind of work.
fn early_session(
    session: SessionNumber,
    date: NaiveDate,
    grade: Option<u8>,
    industry: Industry,
) -> Option<EarlySession> {
    let situation = match grade {
        Some(percent) if percent < 100 => {
            format!(
                "Jobber {} % nå. {}",
                100 - percent,
                industry_plans(industry)[0].graded_can_do
            )
        }
        _ => "Helt sykmeldt nå. Holder kontakt med lederen.".to_owned(),
    };
    let note = |topic: Topic, note: &str| TopicNote {
        topic,
        note: note.to_owned(),
    };
    let topics = match session {
        SessionNumber::One => vec![
            note(Topic::WorkSituation, &situation),
            note(
                Topic::RightsAndDuties,
                "Gikk gjennom aktivitetsplikten og dialogmøte 2.",
            ),
            note(
                Topic::MoneyAfterMaxDate,
                "Forklarte maksdatoen og arbeidsavklaringspenger.",
            ),
        ],
        SessionNumber::Two => vec![
            note(Topic::WorkSituation, &situation),
            note(
                Topic::ReturnPlan,
                "Oppfølgingsplanen oppdateres etter neste time hos legen.",
            ),
        ],
    };
    EarlySession::new(session, date, SessionMinutes::new(30).ok()?, topics).ok()
}

/// The documents of one person as they are built.
struct PersonDocuments {
    fnr: Fnr,
    unit: UnitCode,
    /// The current employer's: plans and notes speak of this work.
    industry: Industry,
    /// The demo's today: what is long overdue is done by then.
    today: NaiveDate,
    documents: Vec<Document>,
    /// Ids handed out to documents that are not certificates.
    n_ids: u32,
    decisions: Vec<(String, String)>,
}

impl PersonDocuments {
    fn next_id(&mut self, kind: &str) -> String {
        self.n_ids += 1;
        format!("{kind}-{}", self.n_ids)
    }

    fn event(&mut self, event: Event, gp: &str, codes: &HashMap<String, &'static str>) {
        let (id, diagnosis, gp) = match &event {
            Event::SickLeave(certificate) => (
                certificate.id.clone(),
                codes.get(&certificate.id).map(|code| Diagnosis {
                    system: DiagnosisSystem::Icpc2,
                    code: (*code).to_owned(),
                }),
                Some(gp.to_owned()),
            ),
            Event::Cancelled { id } => (id.clone(), None, None),
            Event::SelfCertified(_) => (self.next_id("self-certified"), None, None),
            Event::Vacation(_) => (self.next_id("vacation"), None, None),
            Event::WorkResumed(_) => (self.next_id("work-resumed"), None, None),
        };
        self.documents.push(Document {
            person: self.fnr,
            id,
            unit: Some(self.unit),
            body: DocumentBody::Followup(event),
            diagnosis,
            gp,
        });
    }

    /// Case work as the parties would leave it: a shared plan comes after
    /// a version the worker approved, and meeting 2 is recorded by its
    /// minutes, whose agreements give the manager and NAV a task each.
    fn case_work(&mut self, body: DocumentBody) {
        match body {
            DocumentBody::Casework(CaseworkDocument::PlanShared { date }) => {
                let plan_id = self.next_id("plan-version");
                let plans = industry_plans(self.industry);
                let plan = plans[self.n_ids as usize % plans.len()].plan(date, self.grade_on(date));
                self.push(
                    plan_id.clone(),
                    DocumentBody::Casework(CaseworkDocument::PlanVersion {
                        date,
                        plan: Box::new(plan),
                    }),
                );
                let response_id = self.next_id("plan-response");
                self.push(
                    response_id,
                    DocumentBody::Casework(CaseworkDocument::PlanResponse(PlanResponse {
                        plan: plan_id,
                        date,
                        approved: true,
                        comment: String::new(),
                    })),
                );
                let id = self.next_id("plan");
                self.push(
                    id,
                    DocumentBody::Casework(CaseworkDocument::PlanShared { date }),
                );
            }
            DocumentBody::Casework(CaseworkDocument::MeetingHeld {
                meeting: MeetingNumber::Two,
                date,
            }) => {
                self.invite_to_meeting_2(date);
                let id = self.next_id("minutes");
                let minutes = demo_minutes(date, self.grade_on(date), self.today);
                self.push(
                    id,
                    DocumentBody::Casework(CaseworkDocument::MeetingMinutes(Box::new(minutes))),
                );
            }
            DocumentBody::Casework(CaseworkDocument::MeetingHeld {
                meeting: MeetingNumber::Three,
                date,
            }) => {
                // Meeting 3 is held because the worker asked for it.
                let asked = date.checked_sub_days(chrono::Days::new(14)).unwrap_or(date);
                let id = self.next_id("request");
                self.push(
                    id,
                    DocumentBody::Casework(CaseworkDocument::MeetingRequest(MeetingRequest {
                        meeting: MeetingNumber::Three,
                        date: asked,
                        by: Participant::Worker,
                        reason: "Jeg vil snakke om hva som skjer når sykepengene tar slutt."
                            .to_owned(),
                    })),
                );
                // NAV first called it for a week after the request, then had
                // to cancel that time; the meeting was held later.
                let first_time = asked.checked_add_days(chrono::Days::new(7)).unwrap_or(date);
                let invitation_id = self.next_id("invitation");
                self.push(
                    invitation_id.clone(),
                    DocumentBody::Casework(CaseworkDocument::MeetingInvitation(
                        MeetingInvitation {
                            meeting: MeetingNumber::Three,
                            at: first_time.and_hms_opt(13, 0, 0).unwrap_or_default(),
                            place: "NAV-kontoret, møterom 1".to_owned(),
                            video: false,
                            participants: vec![Participant::Worker, Participant::Manager],
                            message: "Vi snakker om tiden etter sykepengene.".to_owned(),
                            replaces: None,
                        },
                    )),
                );
                let id = self.next_id("cancellation");
                self.push(
                    id,
                    DocumentBody::Casework(CaseworkDocument::MeetingCancelled(
                        MeetingCancellation {
                            invitation: invitation_id,
                            meeting: MeetingNumber::Three,
                            date: asked.checked_add_days(chrono::Days::new(5)).unwrap_or(date),
                            reason: "Veilederen er syk. Dere får en ny tid.".to_owned(),
                        },
                    )),
                );
                let id = self.next_id("meeting");
                self.push(
                    id,
                    DocumentBody::Casework(CaseworkDocument::MeetingHeld {
                        meeting: MeetingNumber::Three,
                        date,
                    }),
                );
            }
            DocumentBody::Casework(CaseworkDocument::ActivityAssessed {
                date,
                outcome,
                reason,
            }) => {
                let id = self.next_id("activity");
                self.push(
                    id,
                    DocumentBody::Casework(CaseworkDocument::ActivityAssessed {
                        date,
                        outcome,
                        reason,
                    }),
                );
                // The caseworker notes the conversation the assessment came from.
                let id = self.next_id("note");
                self.push(
                    id,
                    DocumentBody::Casework(CaseworkDocument::CaseNote {
                        date,
                        text: "Snakket med arbeidstakeren på telefon om aktivitetskravet og planen videre.".to_owned(),
                    }),
                );
            }
            body => {
                let kind = match &body {
                    DocumentBody::Casework(CaseworkDocument::MeetingHeld { .. }) => "meeting",
                    DocumentBody::Casework(CaseworkDocument::ActivityAssessed { .. }) => "activity",
                    _ => "case-work",
                };
                let id = self.next_id(kind);
                self.push(id, body);
            }
        }
    }

    /// The invitation to dialogue meeting 2 on `date`, which the worker
    /// and the manager have said yes to.
    fn invite_to_meeting_2(&mut self, date: NaiveDate) {
        let invitation_id = self.next_id("invitation");
        self.push(
            invitation_id.clone(),
            DocumentBody::Casework(CaseworkDocument::MeetingInvitation(MeetingInvitation {
                meeting: MeetingNumber::Two,
                at: date.and_hms_opt(10, 0, 0).unwrap_or_default(),
                place: "NAV-kontoret, møterom 2".to_owned(),
                video: false,
                participants: vec![Participant::Worker, Participant::Manager, Participant::Nav],
                message: "Velkommen til dialogmøte 2. Ta gjerne med oppfølgingsplanen.".to_owned(),
                replaces: None,
            })),
        );
        for participant in [Participant::Worker, Participant::Manager] {
            let id = self.next_id("answer");
            self.push(
                id,
                DocumentBody::Casework(CaseworkDocument::MeetingAnswer(MeetingAnswer {
                    invitation: invitation_id.clone(),
                    participant,
                    answer: MeetingAnswerKind::Accept,
                    comment: String::new(),
                })),
            );
        }
    }

    /// The grade (percent sick) of the certificate that covers `date`, the
    /// last one written (a correction replaces what it corrects); `None` if
    /// no certificate covers it.
    fn grade_on(&self, date: NaiveDate) -> Option<u8> {
        grade_on(&self.documents, date)
    }

    fn push(&mut self, id: String, body: DocumentBody) {
        self.documents.push(Document {
            person: self.fnr,
            id,
            unit: Some(self.unit),
            body,
            diagnosis: None,
            gp: None,
        });
    }
}

/// A plan as demo managers write it: about work, not health, in words of
/// the employer's industry.
pub(crate) struct DemoPlan {
    pub(crate) work_tasks: &'static str,
    /// What the worker does now when working part of the time.
    pub(crate) graded_can_do: &'static str,
    adaptation: (AdaptationKind, &'static str, &'static str),
    next_step: &'static str,
}

impl DemoPlan {
    /// The plan on `date` for a worker `grade` percent sick: the adaptation
    /// tried when they work part time, agreed for later when fully sick-listed.
    fn plan(&self, date: NaiveDate, grade: Option<u8>) -> Plan {
        let (kind, description, effect) = self.adaptation;
        let working = grade.is_some_and(|percent| percent < 100);
        let (can_do_now, status, effect) = if working {
            (self.graded_can_do, AdaptationStatus::Tried, effect)
        } else {
            (
                "Ingen av oppgavene nå. Vi har kontakt hver uke og prøver dette først når det er mulig.",
                AdaptationStatus::Agreed,
                "",
            )
        };
        Plan {
            work_tasks: self.work_tasks.to_owned(),
            can_do_now: can_do_now.to_owned(),
            adaptations: vec![Adaptation {
                kind,
                status,
                description: description.to_owned(),
                effect: effect.to_owned(),
            }],
            nav_help: String::new(),
            next_steps: vec![NextStep {
                what: self.next_step.to_owned(),
                who: Participant::Manager,
                when: date.checked_add_days(chrono::Days::new(21)).unwrap_or(date),
            }],
        }
    }
}

const fn demo_plan(
    work_tasks: &'static str,
    graded_can_do: &'static str,
    adaptation: (AdaptationKind, &'static str, &'static str),
    next_step: &'static str,
) -> DemoPlan {
    DemoPlan {
        work_tasks,
        graded_can_do,
        adaptation,
        next_step,
    }
}

const CARE_PLANS: [DemoPlan; 3] = [
    demo_plan(
        "Stell og personlig hjelp til beboerne, måltider og turer, dokumentasjon.",
        "Måltider, turer og samtaler med beboerne, og dokumentasjon. Ikke stell som krever løft.",
        (
            AdaptationKind::Tasks,
            "Slipper stell og forflytning av beboere en periode.",
            "Fungerer; kollegene tar forflytningene.",
        ),
        "Se på om hun kan ta stell med hjelp av en kollega.",
    ),
    demo_plan(
        "Hjemmebesøk hos brukere: praktisk hjelp, tilsyn og kjøring mellom besøkene.",
        "Kortere hjemmebesøk nær kontoret, uten kjøring mellom dem.",
        (
            AdaptationKind::Hours,
            "Dagvakter fra kl. 9 til 13, ingen kvelder eller helger.",
            "Bedre enn lange vakter.",
        ),
        "Prøve én kveldsvakt i uka.",
    ),
    demo_plan(
        "Vakter på avdelingen: stell, måltider, aktiviteter og samarbeid med pårørende.",
        "Aktiviteter med beboerne og kontakt med pårørende, på dagvakt.",
        (
            AdaptationKind::Colleagues,
            "En fast kollega tar de tunge oppgavene på vakten.",
            "Fungerer; teamet har fordelt om.",
        ),
        "Gå gjennom vaktplanen for neste måned sammen.",
    ),
];

const KINDERGARTEN_PLANS: [DemoPlan; 2] = [
    demo_plan(
        "Pedagogisk arbeid med en barnegruppe, foreldresamarbeid og planlegging.",
        "Planlegging og foreldresamtaler, og samlingsstund med små grupper.",
        (
            AdaptationKind::Tasks,
            "Slipper utetid og løfting av de minste barna en periode.",
            "Fungerer godt.",
        ),
        "Prøve en hel dag på avdelingen i uka.",
    ),
    demo_plan(
        "Barnehagearbeid på småbarnsavdeling: lek, måltider, bleieskift og soving.",
        "Lek og måltider sammen med en kollega, korte dager.",
        (
            AdaptationKind::Hours,
            "Jobber fra kl. 8 til 12, utenom levering og henting.",
            "Går greit; sliten på slutten av uka.",
        ),
        "Øke til fem timer om dagen.",
    ),
];

const BUILDING_PLANS: [DemoPlan; 2] = [
    demo_plan(
        "Tømrerarbeid på byggeplass: forskaling, reisverk og innredning.",
        "Innredning og lettere snekring innendørs, uten stillas.",
        (
            AdaptationKind::Tasks,
            "Slipper stillas og tunge bæringer en periode.",
            "Fungerer; laget fordeler bæringen.",
        ),
        "Vurdere arbeid på stillas igjen sammen med anleggslederen.",
    ),
    demo_plan(
        "Anleggsarbeid: maskinkjøring, grøfter og masseflytting.",
        "Planlegging, bestilling og oppfølging av underleverandører fra brakka.",
        (
            AdaptationKind::Colleagues,
            "En kollega kjører maskinen; han følger opp fremdriften.",
            "Fungerer; prosjektet går som planlagt.",
        ),
        "Prøve korte økter i maskinen.",
    ),
];

const TRANSPORT_PLANS: [DemoPlan; 2] = [
    demo_plan(
        "Varelevering med lastebil: kjøring, lasting og lossing hos kunder.",
        "Ruteplanlegging og kundekontakt fra terminalen.",
        (
            AdaptationKind::Tasks,
            "Slipper lasting og lossing; en kollega kjører ruten.",
            "Fungerer; kundene får varene som før.",
        ),
        "Vurdere korte ruter med hjelp til lossing.",
    ),
    demo_plan(
        "Bussjåfør i rute, skift med tidlige morgener og kvelder.",
        "Korte ruter på dagtid, med pause mellom rundene.",
        (
            AdaptationKind::Hours,
            "Bare dagskift, inntil fire timer.",
            "Bedre enn delte skift.",
        ),
        "Prøve et fullt dagskift i uka.",
    ),
];

const RETAIL_PLANS: [DemoPlan; 2] = [
    demo_plan(
        "Kundemottak, kasse og varemottak på lageret.",
        "Kundemottak og kasse, sittende, inntil fire timer om dagen.",
        (
            AdaptationKind::Tasks,
            "Slipper varemottak og tunge løft en periode.",
            "Fungerer godt; klarer fire timer.",
        ),
        "Gå gjennom planen sammen og vurdere flere timer.",
    ),
    demo_plan(
        "Salg i butikk, påfylling av varer og bestilling.",
        "Salg og bestilling, med stol ved disken.",
        (
            AdaptationKind::Aids,
            "Stol og matte ved disken, og tralle til påfylling.",
            "Hjelper; står mindre.",
        ),
        "Prøve påfylling av lette varer.",
    ),
];

const OFFICE_PLANS: [DemoPlan; 2] = [
    demo_plan(
        "Saksbehandling og kundehenvendelser på telefon.",
        "Saksbehandling uten telefonvakt, med pauser.",
        (
            AdaptationKind::Hours,
            "Starter kl. 10 og jobber til kl. 14.",
            "Bedre enn hele dager; for tidlig å si mer.",
        ),
        "Prøve telefonvakt én dag i uka.",
    ),
    demo_plan(
        "Utvikling og drift av kundens systemer, møter med kunder.",
        "Utvikling hjemmefra, uten vakt og uten kundemøter.",
        (
            AdaptationKind::Tasks,
            "Slipper vaktordningen og leveranser med frist en periode.",
            "Fungerer; teamet tar vaktene.",
        ),
        "Delta i ett kundemøte i uka.",
    ),
];

const INDUSTRY_PLANS: [DemoPlan; 2] = [
    demo_plan(
        "Montering og service på maskiner i verkstedet og ute hos kunder.",
        "Planlegging og bestilling av deler fra kontoret.",
        (
            AdaptationKind::Colleagues,
            "Kollega tar oppdragene ute; arbeidstakeren planlegger dem.",
            "Fungerer; teamet er fornøyd.",
        ),
        "Vurdere korte oppdrag sammen med kollega.",
    ),
    demo_plan(
        "Arbeid ved produksjonslinjen: maskinpass, pakking og renhold.",
        "Kvalitetskontroll ved linjen, sittende, med faste pauser.",
        (
            AdaptationKind::Aids,
            "Hev-senk-bord ved kontrollplassen.",
            "Hjelper; kan veksle mellom å sitte og stå.",
        ),
        "Prøve maskinpass i korte økter.",
    ),
];

/// The plans of an industry: a care company's speak of care work.
pub(crate) fn industry_plans(industry: Industry) -> &'static [DemoPlan] {
    match industry {
        Industry::Care => &CARE_PLANS,
        Industry::Kindergarten => &KINDERGARTEN_PLANS,
        Industry::Building => &BUILDING_PLANS,
        Industry::Transport => &TRANSPORT_PLANS,
        Industry::Retail => &RETAIL_PLANS,
        Industry::Office => &OFFICE_PLANS,
        Industry::Industry => &INDUSTRY_PLANS,
    }
}

/// Minutes of dialogue meeting 2 as a demo caseworker writes them, true to
/// the grade on the day (`None` or 100: fully sick-listed).
fn demo_minutes(date: NaiveDate, grade: Option<u8>, today: NaiveDate) -> MeetingMinutes {
    let due = |days| {
        date.checked_add_days(chrono::Days::new(days))
            .unwrap_or(date)
    };
    let (situation, worker_agrees) = match grade {
        Some(percent) if percent < 100 => (
            format!("Arbeidstakeren er sykmeldt {percent} % og jobber resten med tilrettelagte oppgaver. Ønsker å øke gradvis."),
            "Prøve én time mer om dagen og si fra hvordan det går.",
        ),
        _ => (
            "Arbeidstakeren er helt sykmeldt. Vi snakket om hva som skal til for å prøve litt arbeid igjen.".to_owned(),
            "Si fra til lederen når det er mulig å prøve noen timer.",
        ),
    };
    let mut agreements = Vec::new();
    // The demo records no manager's decisions, so an old agreement of the
    // manager would lie open for months; the manager's part of an older
    // meeting is in the plan instead.
    if day_number(due(14)) >= day_number(today) - MOST_DAYS_LATE {
        agreements.push(Agreement {
            who: Participant::Manager,
            what: "Finne oppgaver som kan prøves og oppdatere oppfølgingsplanen.".to_owned(),
            due: due(14),
        });
    }
    agreements.push(Agreement {
        who: Participant::Nav,
        what: "Vurdere tilskudd til hjelpemidler eller et arbeidsrettet tiltak.".to_owned(),
        due: due(21),
    });
    agreements.push(Agreement {
        who: Participant::Worker,
        what: worker_agrees.to_owned(),
        due: due(28),
    });
    MeetingMinutes {
        meeting: MeetingNumber::Two,
        date,
        situation,
        contributions: "Arbeidsgiver justerer oppgavene. NAV vurderer tilskudd og tiltak. Arbeidstakeren sier fra om hva som går.".to_owned(),
        measures: "Tilrettelagte oppgaver og faste pauser. Arbeidsrettet tiltak er ikke aktuelt nå.".to_owned(),
        next_step: "Nytt møte ved behov; planen oppdateres om fire uker.".to_owned(),
        expected_return: Some(due(60)),
        agreements,
    }
}

/// The grade (percent sick) on `date` of the certificates among
/// `documents`: the last written that covers it and is not cancelled.
pub(crate) fn grade_on(documents: &[Document], date: NaiveDate) -> Option<u8> {
    let cancelled: HashSet<&str> = documents
        .iter()
        .filter_map(|document| match &document.body {
            DocumentBody::Followup(Event::Cancelled { id }) => Some(id.as_str()),
            _ => None,
        })
        .collect();
    documents
        .iter()
        .rev()
        .find_map(|document| match &document.body {
            DocumentBody::Followup(Event::SickLeave(certificate))
                if certificate.period.from() <= date
                    && date <= certificate.period.to()
                    && !cancelled.contains(certificate.id.as_str()) =>
            {
                Some(certificate.grade.percent())
            }
            _ => None,
        })
}

impl DemoPerson {
    /// The day each document reached NAV, in the order of `documents`:
    /// a certificate on its first day, case work on its date, the rest
    /// when what it follows came; never after `today`, and never before
    /// the document it names (so storing in this order is accepted).
    pub fn received(&self, today: NaiveDate) -> Vec<NaiveDate> {
        let mut received: Vec<NaiveDate> = Vec::with_capacity(self.documents.len());
        let mut by_id: HashMap<&str, NaiveDate> = HashMap::new();
        for document in &self.documents {
            let follows = document
                .referenced_certificate()
                .or(match &document.body {
                    DocumentBody::Casework(CaseworkDocument::PlanResponse(response)) => {
                        Some(response.plan.as_str())
                    }
                    DocumentBody::Casework(CaseworkDocument::MeetingAnswer(answer)) => {
                        Some(answer.invitation.as_str())
                    }
                    DocumentBody::Casework(CaseworkDocument::WorkAbilityAddition(addition)) => {
                        Some(addition.assessment.as_str())
                    }
                    _ => None,
                })
                .and_then(|id| by_id.get(id).copied());
            let own = document_date(document)
                .or(follows)
                .or(received.last().copied())
                .unwrap_or(today);
            let date = follows.map_or(own, |follows| own.max(follows)).min(today);
            by_id.insert(document.id.as_str(), date);
            received.push(date);
        }
        received
    }
}

/// The day a document speaks of, when it names one.
fn document_date(document: &Document) -> Option<NaiveDate> {
    let date = match &document.body {
        DocumentBody::Followup(event) => match event {
            Event::SickLeave(certificate) => certificate.period.from(),
            // Self-certified days are reported when the person is back.
            Event::SelfCertified(days) => days.to().succ_opt()?,
            Event::Vacation(days) => days.from(),
            Event::WorkResumed(date) => *date,
            Event::Cancelled { .. } => return None,
        },
        DocumentBody::Casework(work) => match work {
            CaseworkDocument::PlanShared { date }
            | CaseworkDocument::MeetingHeld { date, .. }
            | CaseworkDocument::ActivityAssessed { date, .. }
            | CaseworkDocument::PlanVersion { date, .. }
            | CaseworkDocument::CaseNote { date, .. } => *date,
            CaseworkDocument::PlanResponse(response) => response.date,
            CaseworkDocument::MeetingRequest(request) => request.date,
            CaseworkDocument::MeetingMinutes(minutes) => minutes.date,
            CaseworkDocument::MeetingCancelled(cancellation) => cancellation.date,
            // Sent two weeks before the meeting.
            CaseworkDocument::MeetingInvitation(invitation) => invitation
                .at
                .date()
                .checked_sub_days(chrono::Days::new(14))?,
            CaseworkDocument::EarlySession(session) => session.date,
            CaseworkDocument::WorkAbilityAssessment(assessment) => assessment.date,
            CaseworkDocument::WorkAbilityAddition(addition) => addition.date,
            CaseworkDocument::MeetingAnswer(_) => return None,
        },
        // The register's names and addresses speak of no day.
        DocumentBody::Register(_) => return None,
    };
    Some(date)
}

/// The date of a milestone of the case when the duty applies.
fn required(case: &FollowupCase, kind: MilestoneKind) -> Option<NaiveDate> {
    case.milestone(kind)
        .filter(|milestone| milestone.required)
        .map(|milestone| milestone.date)
}

/// The last day a case still counts as open: a certificate up to
/// `case_gap_days` later continues it (ftrl § 8-19).
fn open_until(end: NaiveDate) -> NaiveDate {
    date_of(day_number(end) + BENEFIT_RULES.case_gap_days as i32)
}

fn certificate_in<'a>(events: &'a [Event], id: &str) -> Option<&'a SickLeave> {
    events.iter().find_map(|event| match event {
        Event::SickLeave(certificate) if certificate.id == id => Some(certificate),
        _ => None,
    })
}

/// The organisation number of demo employer `index`: nine digits starting
/// with 9, the first candidate from a fixed start with a valid check digit.
fn employer_orgnr(index: u32) -> String {
    let start = 91_234_560 + index * 201_979;
    (start..start + 100)
        .find_map(organisation_number)
        .expect("one in eleven candidates fails; a hundred in a row do not")
}

/// A random version-4 UUID, as certificate ids are in practice.
fn uuid(rng: &mut ChaCha8Rng) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut bytes: [u8; 16] = rng.gen();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut id = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            id.push('-');
        }
        id.push(char::from(HEX[usize::from(byte >> 4)]));
        id.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    id
}

fn pick<T: Copy>(rng: &mut ChaCha8Rng, table: &[(T, u32)]) -> T {
    let total: u32 = table.iter().map(|&(_, weight)| weight).sum();
    let mut ticket = rng.gen_range(0..total);
    for &(value, weight) in table {
        if ticket < weight {
            return value;
        }
        ticket -= weight;
    }
    unreachable!("the ticket is below the total weight")
}

fn pick_index(rng: &mut ChaCha8Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut ticket = rng.gen_range(0..total);
    for (index, &weight) in weights.iter().enumerate() {
        if ticket < weight {
            return index;
        }
        ticket -= weight;
    }
    unreachable!("the ticket is below the total weight")
}

fn grade(percent: u8) -> Grade {
    Grade::new(i64::from(percent)).expect("the demo's grades are within 1..=100")
}

fn range(from: i32, to: i32) -> DateRange {
    DateRange::new(date_of(from), date_of(to.max(from))).expect("from <= to")
}

/// Days since the common era (0001-01-01 is day 1, a Monday).
fn day_number(date: NaiveDate) -> i32 {
    date.num_days_from_ce()
}

fn date_of(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).expect("demo days are within chrono's range")
}

/// The day itself on a weekday, else the Friday before.
fn weekday_on_or_before(day: i32) -> i32 {
    let weekday = (day - 1).rem_euclid(7); // 0 = Monday
    day - (weekday - 4).max(0)
}

#[cfg(test)]
mod tests {
    use tilbake_domain::document::{followup_input, DocumentKind};
    use tilbake_domain::followup::compute_followup;
    use tilbake_domain::identity::{FnrKind, Orgnr};

    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    #[test]
    fn the_same_seed_and_day_give_the_same_world() {
        let first = demo_world(7, today(), 60);
        let second = demo_world(7, today(), 60);
        assert_eq!(first.persons, second.persons);
        assert_ne!(demo_world(8, today(), 60).persons, first.persons);
    }

    #[test]
    fn identifiers_are_synthetic_valid_and_unique() {
        let world = demo_world(1, today(), 400);
        assert_eq!(world.persons.len(), 400);
        let mut seen = HashSet::new();
        for person in &world.persons {
            assert_eq!(person.fnr.kind(), FnrKind::Synthetic);
            assert!(seen.insert(person.fnr.to_string()));
        }
        for employer in &world.employers {
            assert!(Orgnr::parse(&employer.orgnr).is_ok(), "{}", employer.orgnr);
        }
        assert_eq!(
            world
                .employers
                .iter()
                .map(|e| &e.orgnr)
                .collect::<HashSet<_>>()
                .len(),
            world.employers.len()
        );
    }

    #[test]
    fn every_stage_of_the_timeline_has_people_and_the_stage_is_the_engines() {
        let world = demo_world(42, today(), 400);
        for (stage, n) in world.stage_counts() {
            if stage != DemoStage::NoSickLeave {
                assert!(n >= 3, "{stage:?}: {n}");
            }
        }
        for person in &world.persons {
            let documents: Vec<&Document> = person.documents.iter().collect();
            let input = followup_input(documents, person.fnr.birth_date(), Some(world.today));
            let followup = compute_followup(&input).unwrap();
            assert_eq!(DemoStage::of(&followup, world.today), person.stage);
        }
    }

    #[test]
    fn references_come_after_what_they_name_and_ids_are_unique_per_kind() {
        let world = demo_world(5, today(), 300);
        let mut kinds = HashSet::new();
        for person in &world.persons {
            let mut certificates = HashSet::new();
            let mut keys = HashSet::new();
            for document in &person.documents {
                assert_eq!(document.unit, Some(person.unit));
                assert!(keys.insert((document.kind(), document.id.clone())));
                kinds.insert(document.kind());
                if let Some(named) = document.referenced_certificate() {
                    assert!(certificates.contains(named), "{named}");
                }
                if let DocumentBody::Followup(Event::SickLeave(certificate)) = &document.body {
                    certificates.insert(certificate.id.clone());
                    assert!(document.diagnosis.is_some());
                    assert_eq!(document.gp.as_deref(), Some(person.gp.as_str()));
                }
            }
        }
        assert_eq!(kinds.len(), DocumentKind::ALL.len(), "{kinds:?}");
    }

    #[test]
    fn one_person_of_the_first_unit_has_had_both_early_sessions_and_an_assessment() {
        let world = demo_world(7, today(), 300);
        let with_sessions: Vec<&DemoPerson> = world
            .persons
            .iter()
            .filter(|person| {
                person
                    .documents
                    .iter()
                    .any(|document| document.id == "early-session-2")
            })
            .collect();
        assert_eq!(with_sessions.len(), 1);
        let person = with_sessions[0];
        assert_eq!(person.unit, world.showcase().unit);
        let ids: Vec<&str> = person.documents.iter().map(|d| d.id.as_str()).collect();
        let at = |id: &str| ids.iter().position(|other| *other == id).unwrap();
        assert!(at("work-ability-1") < at("work-ability-addition-1"));
    }

    #[test]
    fn the_showcase_is_past_week_8_at_the_first_employer_with_the_first_gp() {
        let world = demo_world(3, today(), 1);
        let showcase = world.showcase();
        assert_eq!(showcase.stage, DemoStage::BeforeMeeting2Planning);
        assert_eq!(showcase.unit.to_string(), DEMO_UNITS[0].code);
        assert_eq!(showcase.employer.as_ref(), Some(&world.employers[0].orgnr));
        assert_eq!(showcase.gp, world.gps[0].0);
    }

    /// Each person's tasks today, as the store derives them (the first
    /// office holds early sessions), with the caseworker's decisions.
    fn tasks_today(world: &DemoWorld) -> Vec<(&DemoPerson, tilbake_domain::tasks::Task)> {
        use tilbake_domain::tasks::{derive_tasks_with, TaskDecision, TaskSettings, TaskState};
        let mut all = Vec::new();
        for person in &world.persons {
            let input = followup_input(
                &person.documents,
                person.fnr.birth_date(),
                Some(world.today),
            );
            let followup = compute_followup(&input).unwrap();
            let decisions: Vec<TaskDecision> = person
                .decisions
                .iter()
                .map(|(task_id, reason)| TaskDecision {
                    task_id: task_id.clone(),
                    state: TaskState::Done,
                    reason: reason.clone(),
                })
                .collect();
            let settings = TaskSettings {
                early_sessions: person.unit.to_string() == DEMO_UNITS[0].code,
            };
            for task in derive_tasks_with(
                &followup,
                &person.documents,
                &decisions,
                Some(world.today),
                settings,
            ) {
                all.push((person, task));
            }
        }
        all
    }

    #[test]
    fn most_of_the_first_office_s_tasks_are_on_time_and_none_is_long_late() {
        use tilbake_domain::followup::Party;
        use tilbake_domain::tasks::TaskState;
        for seed in [42, 7] {
            let world = demo_world(seed, today(), 400);
            let tasks = tasks_today(&world);
            let open: Vec<_> = tasks
                .iter()
                .filter(|(_, task)| task.state == TaskState::Open)
                .collect();
            let queue: Vec<_> = open
                .iter()
                .filter(|(person, task)| {
                    task.owner == Party::Nav && person.unit.to_string() == DEMO_UNITS[0].code
                })
                .collect();
            let overdue = queue
                .iter()
                .filter(|(_, task)| task.due < world.today)
                .count();
            let share = overdue as f64 / queue.len() as f64;
            assert!(
                (0.05..=0.15).contains(&share),
                "seed {seed}: {overdue} of {} overdue",
                queue.len()
            );
            for (person, task) in &open {
                let late = (world.today - task.due).num_days();
                assert!(
                    late <= i64::from(MOST_DAYS_LATE),
                    "{} {:?} is {late} days late",
                    person.fnr,
                    task.kind
                );
            }
        }
    }

    #[test]
    fn nobody_is_past_the_maximum_date_without_aap_noted() {
        let world = demo_world(42, today(), 400);
        let past: Vec<&DemoPerson> = world
            .persons
            .iter()
            .filter(|person| person.stage == DemoStage::PastMaxDate)
            .collect();
        assert!(!past.is_empty());
        for person in past {
            assert!(
                person.documents.iter().any(|document| matches!(
                    &document.body,
                    DocumentBody::Casework(CaseworkDocument::CaseNote { text, .. })
                        if text.contains("arbeidsavklaringspenger")
                )),
                "{}",
                person.fnr
            );
        }
    }

    #[test]
    fn plans_minutes_and_assessments_agree_with_the_grade_and_the_industry() {
        let world = demo_world(42, today(), 400);
        let mut n_plans = 0;
        let mut texts = HashSet::new();
        for person in &world.persons {
            let industry = person.employer.as_ref().and_then(|orgnr| {
                world
                    .employers
                    .iter()
                    .find(|employer| &employer.orgnr == orgnr)
                    .map(|employer| employer.industry)
            });
            for document in &person.documents {
                let DocumentBody::Casework(work) = &document.body else {
                    continue;
                };
                match work {
                    CaseworkDocument::PlanVersion { date, plan } => {
                        n_plans += 1;
                        texts.insert(plan.work_tasks.clone());
                        let plans = industry_plans(industry.unwrap_or(Industry::Office));
                        assert!(
                            plans
                                .iter()
                                .any(|known| known.work_tasks == plan.work_tasks),
                            "{industry:?}: {}",
                            plan.work_tasks
                        );
                        let working =
                            grade_on(&person.documents, *date).is_some_and(|grade| grade < 100);
                        assert_eq!(
                            plans
                                .iter()
                                .any(|known| known.graded_can_do == plan.can_do_now),
                            working,
                            "{}: {}",
                            person.fnr,
                            plan.can_do_now
                        );
                    }
                    CaseworkDocument::MeetingMinutes(minutes) => {
                        let working = grade_on(&person.documents, minutes.date)
                            .is_some_and(|grade| grade < 100);
                        assert_eq!(!minutes.situation.contains("helt sykmeldt"), working);
                        assert_eq!(minutes.situation.contains("jobber"), working);
                    }
                    CaseworkDocument::ActivityAssessed { date, outcome, .. } => {
                        let working =
                            grade_on(&person.documents, *date).is_some_and(|grade| grade < 100);
                        assert_eq!(*outcome == ActivityOutcome::Fulfilled, working);
                    }
                    _ => {}
                }
            }
        }
        assert!(n_plans > 50, "{n_plans}");
        assert!(texts.len() >= 10, "{} plan texts", texts.len());
    }

    #[test]
    fn no_manager_follows_up_more_than_about_fifteen_people() {
        for seed in [42, 7] {
            let world = demo_world(seed, today(), 400);
            let mut per_employer: HashMap<&str, usize> = HashMap::new();
            for person in &world.persons {
                let open = !matches!(
                    person.stage,
                    DemoStage::Closed | DemoStage::NoSickLeave | DemoStage::RecentlyEnded
                );
                if let (true, Some(employer)) = (open, &person.employer) {
                    *per_employer.entry(employer.as_str()).or_default() += 1;
                }
            }
            let most = per_employer.values().max().copied().unwrap_or(0);
            assert!((3..=15).contains(&most), "seed {seed}: {most}");
        }
    }

    #[test]
    fn documents_are_received_over_the_months_they_describe() {
        let world = demo_world(42, today(), 400);
        let mut days = HashSet::new();
        for person in &world.persons {
            let received = person.received(world.today);
            assert_eq!(received.len(), person.documents.len());
            let mut by_id = HashMap::new();
            for (document, day) in person.documents.iter().zip(&received) {
                assert!(*day <= world.today);
                if let Some(named) = document.referenced_certificate() {
                    assert!(by_id[named] <= *day, "{named}");
                }
                by_id.insert(document.id.as_str(), *day);
                days.insert(*day);
            }
        }
        // Three years of history: documents arrive on most days.
        assert!(days.len() > 300, "{} days", days.len());
    }
}
