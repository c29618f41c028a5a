//! Tests of the generator as a whole: determinism, valid identifiers, inputs
//! the engine accepts, and the shape of the distribution.

use std::collections::HashSet;

use chrono::{Datelike, Months};
use tilbake_domain::followup::{
    compute_followup, Event, FollowupCase, FollowupEngine, MilestoneKind,
};
use tilbake_domain::identity::{Fnr, FnrKind, Orgnr};

use super::*;

fn population(seed: u64) -> PopulationGenerator {
    PopulationGenerator::new(seed, PopulationConfig::default())
}

fn reached(case: &FollowupCase, kind: MilestoneKind) -> bool {
    case.milestone(kind)
        .is_some_and(|milestone| milestone.reached)
}

#[test]
fn the_same_seed_gives_the_same_people() {
    let first: Vec<SyntheticPerson> = population(7).take(2_000).collect();
    let second: Vec<SyntheticPerson> = population(7).take(2_000).collect();
    assert_eq!(first, second);
    assert_ne!(population(7).next_person(), population(8).next_person());
}

#[test]
fn a_person_does_not_depend_on_how_many_are_drawn_after_it() {
    let few: Vec<SyntheticPerson> = population(3).take(50).collect();
    let mut generator = population(3);
    let many: Vec<SyntheticPerson> = (0..500).map(|_| generator.next_person()).collect();
    assert_eq!(few[..], many[..50]);
    assert!(many
        .iter()
        .enumerate()
        .all(|(index, person)| person.index == index as u64));
}

#[test]
fn identity_and_organisation_numbers_have_valid_check_digits() {
    for person in population(11).take(10_000) {
        let number = &person.identity_number;
        let fnr = Fnr::parse(number).unwrap_or_else(|error| panic!("{number}: {error}"));
        assert_eq!(fnr.kind(), FnrKind::Synthetic, "{number}");
        assert_eq!(fnr.birth_date(), Some(person.birth_date), "{number}");
        let birth = person.birth_date;
        let expected_date = format!(
            "{:02}{:02}{:02}",
            birth.day(),
            birth.month() + SYNTHETIC_MONTH_OFFSET,
            birth.year() % 100
        );
        assert_eq!(number[..6], expected_date, "{number} for {birth}");
        for employer in &person.employers {
            assert!(Orgnr::parse(employer).is_ok(), "{employer}");
            assert!(employer.starts_with('9'), "{employer}");
        }
        for event in &person.input.events {
            if let Event::SickLeave(sick_leave) = event {
                if let Some(employer) = &sick_leave.employer {
                    assert!(person.employers.contains(employer), "{employer}");
                }
            }
        }
    }
}

#[test]
fn identity_numbers_are_unique_in_a_population() {
    let mut seen = HashSet::new();
    for person in population(5).take(100_000) {
        assert!(
            seen.insert(person.identity_number.clone()),
            "{} repeats",
            person.identity_number
        );
    }
}

#[test]
fn every_input_is_accepted_by_the_engine() {
    let today = PopulationConfig::default().today;
    for person in population(13).take(10_000) {
        assert_eq!(person.input.today, Some(today));
        assert_eq!(person.input.birth_date, Some(person.birth_date));
        assert!(!person.input.events.is_empty());
        if let Err(error) = compute_followup(&person.input) {
            panic!("person {}: {error}: {:?}", person.index, person.input);
        }
    }
}

/// Asserts the shape that `docs/SYNTHETIC.md` describes, and prints the
/// figures it quotes (`cargo test -p tilbake-synth --release distribution -- --nocapture`).
#[test]
fn the_distribution_has_the_documented_shape() {
    const N_PEOPLE: usize = 20_000;
    let config = PopulationConfig::default();
    let mut engine = FollowupEngine::default();
    let mut n_events = 0usize;
    let mut n_one_to_three_cases = 0usize;
    let mut n_over_67 = 0usize;
    let (mut n_certificates, mut n_graded, mut n_low_grade) = (0usize, 0usize, 0usize);
    let (mut n_corrections, mut n_cancelled) = (0usize, 0usize);
    let (mut n_self_certified, mut n_vacations, mut n_work_resumed) = (0usize, 0usize, 0usize);
    let mut n_cases = 0usize;
    let mut n_within_employer_period = 0usize;
    let mut n_reached = [0usize; 8];
    for person in population(1).take(N_PEOPLE) {
        let age_67 = person
            .birth_date
            .checked_add_months(Months::new(12 * 67))
            .unwrap();
        let age_73 = person
            .birth_date
            .checked_add_months(Months::new(12 * 73))
            .unwrap();
        let age_18 = person
            .birth_date
            .checked_add_months(Months::new(12 * 18))
            .unwrap();
        assert!(age_18 <= config.today && config.today < age_73);
        n_over_67 += usize::from(age_67 <= config.today);

        n_events += person.input.events.len();
        for event in &person.input.events {
            match event {
                Event::SickLeave(sick_leave) => {
                    n_certificates += 1;
                    n_graded += usize::from(sick_leave.grade.percent() < 100);
                    n_low_grade += usize::from(sick_leave.grade.percent() < 20);
                    n_corrections += usize::from(sick_leave.corrects.is_some());
                }
                Event::SelfCertified(_) => n_self_certified += 1,
                Event::Vacation(_) => n_vacations += 1,
                Event::WorkResumed(_) => n_work_resumed += 1,
                Event::Cancelled { .. } => n_cancelled += 1,
            }
        }

        let followup = engine.compute(&person.input).unwrap();
        n_one_to_three_cases += usize::from((1..=3).contains(&followup.cases.len()));
        for case in &followup.cases {
            n_cases += 1;
            n_within_employer_period += usize::from(case.sick_days <= 16);
            for (count, kind) in n_reached.iter_mut().zip(MilestoneKind::ALL) {
                *count += usize::from(reached(case, kind));
            }
        }
    }
    let share = |part: usize, whole: usize| part as f64 / whole as f64;
    let reached_share = |kind: MilestoneKind| {
        let position = MilestoneKind::ALL.iter().position(|k| *k == kind).unwrap();
        share(n_reached[position], n_cases)
    };

    eprintln!(
        "people: {N_PEOPLE}, events per person: {:.2}",
        share(n_events, N_PEOPLE)
    );
    eprintln!(
        "cases per person: {:.2}; people with 1-3 cases: {:.3}; aged 67 or over: {:.3}",
        share(n_cases, N_PEOPLE),
        share(n_one_to_three_cases, N_PEOPLE),
        share(n_over_67, N_PEOPLE)
    );
    eprintln!(
        "certificates: {n_certificates}, graded {:.3}, below 20 % {:.4}, corrections {:.3}",
        share(n_graded, n_certificates),
        share(n_low_grade, n_certificates),
        share(n_corrections, n_certificates)
    );
    eprintln!(
        "per person: self-certified {:.3}, vacations {:.3}, work resumed {:.3}, cancelled {:.3}",
        share(n_self_certified, N_PEOPLE),
        share(n_vacations, N_PEOPLE),
        share(n_work_resumed, N_PEOPLE),
        share(n_cancelled, N_PEOPLE)
    );
    eprintln!(
        "cases within the employer period (<= 16 days): {:.3}",
        share(n_within_employer_period, n_cases)
    );
    for kind in MilestoneKind::ALL {
        eprintln!(
            "cases reaching {}: {:.4}",
            kind.as_str(),
            reached_share(kind)
        );
    }

    // Most people have one to three cases, and a few are over 67.
    assert!(share(n_one_to_three_cases, N_PEOPLE) > 0.75);
    assert!((0.005..0.05).contains(&share(n_over_67, N_PEOPLE)));
    // About one certificate in six is graded; grades below 20 % are rare but present.
    assert!((0.12..0.22).contains(&share(n_graded, n_certificates)));
    assert!(n_low_grade > 0 && share(n_low_grade, n_certificates) < 0.02);
    // Corrections, cancellations, vacations and early returns all occur, occasionally.
    assert!((0.01..0.08).contains(&share(n_corrections, n_certificates)));
    assert!(n_cancelled > 0 && n_vacations > 0 && n_work_resumed > 0);
    assert!(n_self_certified > N_PEOPLE / 2);
    // Short absences dominate ...
    assert!(share(n_within_employer_period, n_cases) > 0.6);
    // ... with a tail past week 8, week 26 and the maximum date.
    assert!((0.05..0.2).contains(&reached_share(MilestoneKind::ActivityRequirement)));
    assert!((0.01..0.07).contains(&reached_share(MilestoneKind::DialogueMeeting2)));
    assert!((0.002..0.03).contains(&reached_share(MilestoneKind::MaxDate)));
}

/// What a population gives a store on `today`: people with a case open
/// (ended at most 16 days before), and open tasks of NAV and of employers
/// after the case work of [`PopulationGenerator::case_work`].
#[derive(Debug, Default)]
struct OnToday {
    people: usize,
    open_cases: usize,
    case_work: usize,
    open_nav_tasks: usize,
    /// Of those, due before `today`.
    overdue_nav_tasks: usize,
    open_employer_tasks: usize,
}

fn on_today(generator: PopulationGenerator, n_people: usize, with_case_work: bool) -> OnToday {
    use tilbake_domain::document::{Document, DocumentBody};
    use tilbake_domain::followup::Party;
    use tilbake_domain::tasks::{case_open_until, derive_tasks, TaskState};

    let today = generator.config().today;
    let mut engine = FollowupEngine::default();
    let mut figures = OnToday::default();
    let mut generator = generator;
    for _ in 0..n_people {
        let person = generator.next_person();
        let followup = engine.compute(&person.input).unwrap().clone();
        figures.people += 1;
        figures.open_cases += usize::from(
            followup
                .cases
                .iter()
                .any(|case| case_open_until(case.end) >= today),
        );
        let fnr = Fnr::parse(&person.identity_number).unwrap();
        let documents: Vec<Document> = if with_case_work {
            generator
                .case_work(&person, &followup)
                .into_iter()
                .map(|work| Document {
                    person: fnr,
                    id: work.id,
                    unit: None,
                    body: work.body,
                    diagnosis: None,
                    gp: None,
                })
                .collect()
        } else {
            Vec::new()
        };
        figures.case_work += documents.len();
        assert!(documents
            .iter()
            .all(|document| !matches!(document.body, DocumentBody::Followup(_))));
        for task in derive_tasks(&followup, &documents, &[], Some(today)) {
            if task.state == TaskState::Open {
                match task.owner {
                    Party::Nav => {
                        figures.open_nav_tasks += 1;
                        figures.overdue_nav_tasks += usize::from(task.due < today);
                    }
                    Party::Employer => figures.open_employer_tasks += 1,
                }
            }
        }
    }
    figures
}

#[test]
fn case_work_is_deterministic_and_its_ids_unique() {
    // The same seed gives the same case work, whatever was drawn before.
    let generator = population(3).with_recent_absences(NATIONAL_RECENT_ABSENCE_SHARE);
    let people: Vec<SyntheticPerson> = generator.clone().take(300).collect();
    let mut engine = FollowupEngine::default();
    let mut case_work = 0;
    for person in people.iter().rev() {
        let followup = engine.compute(&person.input).unwrap().clone();
        let first = generator.case_work(person, &followup);
        assert_eq!(first, population(3).case_work(person, &followup));
        let mut ids: Vec<&str> = first.iter().map(|work| work.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), first.len());
        case_work += first.len();
    }
    assert!(case_work > 0);
}

/// The calibration `docs/SYNTHETIC.md` quotes: open cases and open tasks on
/// `today` with and without the national settings. On 1,000,000 people:
/// `TILBAKE_SYNTH_PEOPLE=1000000 cargo test -p tilbake-synth --release calibration -- --nocapture`.
#[test]
fn the_national_settings_give_about_13_percent_open_cases_and_few_open_tasks() {
    let n_people = std::env::var("TILBAKE_SYNTH_PEOPLE")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(20_000);
    let plain = on_today(population(1), n_people, false);
    let national = on_today(
        population(1).with_recent_absences(NATIONAL_RECENT_ABSENCE_SHARE),
        n_people,
        true,
    );
    eprintln!("calibration, plain:    {plain:?}");
    eprintln!("calibration, national: {national:?}");
    let share = |part: usize| part as f64 / n_people as f64;
    assert!((0.06..0.11).contains(&share(plain.open_cases)));
    assert!((0.115..0.145).contains(&share(national.open_cases)));
    // Case work closes most tasks once due: far fewer open NAV tasks per open case.
    assert!(
        national.open_nav_tasks * plain.open_cases < plain.open_nav_tasks * national.open_cases
    );
}
