//! Property tests of the follow-up engine against the contract
//! (`shared/contracts/followup.md`).
//!
//! The strategy builds realistic but varied histories: chains of certificates
//! with gaps, overlaps and grades below 20, several employers, corrections
//! (also chains of them) and cancellations that refer to existing ids,
//! self-certified days, vacation and `work_resumed`, a birth date that puts
//! the 67th or 70th birthday inside the history now and then, and `today`.
//!
//! Besides properties of the output (invariance under reordering, splitting
//! and shifting; invariants of a case) the module holds a deliberately naive
//! reference model that walks a `BTreeMap` of days one by one, straight from
//! the contract's text, and must agree with the engine on every field.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use proptest::prelude::*;
use proptest::sample::Index;

use super::{
    DateRange, Event, Followup, FollowupCase, FollowupEngine, FollowupError, FollowupInput, Grade,
    Milestone, MilestoneKind, MilestoneStatus, SickLeave,
};

/// 28 Gregorian years: 1461 weeks, so weekdays stay, and leap years stay as
/// long as no year like 1900 or 2100 lies in between.
const TWENTY_EIGHT_YEARS: i64 = 10_227;

/// 256 cases keep the suite fast; `PROPTEST_CASES=100000` hunts longer.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a test date")
}

fn plus(date: NaiveDate, n_days: i64) -> NaiveDate {
    date.checked_add_signed(TimeDelta::days(n_days))
        .expect("test dates stay inside chrono's range")
}

fn shifted(original: NaiveDate, n_days: i64) -> Option<NaiveDate> {
    let moved = original.checked_add_signed(TimeDelta::days(n_days))?;
    (date("0001-01-01")..=date("9999-12-31"))
        .contains(&moved)
        .then_some(moved)
}

/// "29 February becomes 28 February in a year without it."
fn add_years(date: NaiveDate, n_years: i32) -> NaiveDate {
    let year = date.year() + n_years;
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
        .expect("a real date")
}

fn range(from: NaiveDate, to: NaiveDate) -> DateRange {
    DateRange::new(from, to).expect("from <= to")
}

fn is_weekday(date: NaiveDate) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

// ---------------------------------------------------------------------------
// The strategy
// ---------------------------------------------------------------------------

const EMPLOYERS: [&str; 4] = ["910000001", "910000002", "973861778", "Ørsta"];

fn grade() -> impl Strategy<Value = u8> {
    prop_oneof![
        8 => Just(100u8),
        3 => Just(50u8),
        1 => Just(20u8),
        1 => Just(19u8),
        1 => 1..=19u8,
        2 => 1..=100u8,
    ]
}

fn employer() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        2 => Just(None),
        3 => proptest::sample::select(&EMPLOYERS[..]).prop_map(|name| Some(name.to_owned())),
    ]
}

/// One certificate of the chain: starts `gap` days after the previous one ended
/// (negative: they overlap).
#[derive(Clone, Debug)]
struct Piece {
    gap: i64,
    n_days: i64,
    grade: u8,
    employer: Option<String>,
}

fn piece() -> impl Strategy<Value = Piece> {
    let gap = prop_oneof![
        2 => -3..=-1i64,
        6 => Just(0i64),
        4 => 1..=15i64,
        2 => 16..=40i64,
        1 => 100..=450i64,
    ];
    let n_days = prop_oneof![8 => 1..=45i64, 3 => 46..=200i64];
    (gap, n_days, grade(), employer()).prop_map(|(gap, n_days, grade, employer)| Piece {
        gap,
        n_days,
        grade,
        employer,
    })
}

/// Sick leave on and off for years: each piece its own case, breaks shorter
/// than 26 weeks, so benefit days grow old and the three-year window moves.
fn intermittent_piece() -> impl Strategy<Value = Piece> {
    (20..=160i64, 17..=70i64, grade(), employer()).prop_map(|(gap, n_days, grade, employer)| {
        Piece {
            gap,
            n_days,
            grade,
            employer,
        }
    })
}

fn chain() -> impl Strategy<Value = Vec<Piece>> {
    prop_oneof![
        3 => proptest::collection::vec(piece(), 0..=10),
        1 => proptest::collection::vec(intermittent_piece(), 6..=16),
    ]
}

/// Events placed around the chain; `anchor` picks a chain certificate and
/// `target` an existing certificate id.
#[derive(Clone, Debug)]
enum Extra {
    SelfCertified {
        anchor: Index,
        delta: i64,
        n_days: i64,
    },
    Vacation {
        anchor: Index,
        delta: i64,
        n_days: i64,
    },
    WorkResumed {
        anchor: Index,
        delta: i64,
    },
    Correction {
        target: Index,
        delta: i64,
        n_days: i64,
        grade: u8,
        employer: Option<String>,
    },
    Cancel {
        target: Index,
    },
    Loose {
        anchor: Index,
        delta: i64,
        n_days: i64,
        grade: u8,
        employer: Option<String>,
    },
}

fn extra() -> impl Strategy<Value = Extra> {
    prop_oneof![
        3 => (any::<Index>(), -5..=30i64, 0..=3i64).prop_map(|(anchor, delta, n_days)| {
            Extra::SelfCertified { anchor, delta, n_days }
        }),
        4 => (any::<Index>(), -10..=60i64, 0..=21i64).prop_map(|(anchor, delta, n_days)| {
            Extra::Vacation { anchor, delta, n_days }
        }),
        // Longer than 26 weeks: a break of vacation days only.
        1 => (any::<Index>(), -10..=60i64, 150..=250i64).prop_map(|(anchor, delta, n_days)| {
            Extra::Vacation { anchor, delta, n_days }
        }),
        2 => (any::<Index>(), -2..=60i64).prop_map(|(anchor, delta)| Extra::WorkResumed {
            anchor,
            delta,
        }),
        3 => (any::<Index>(), -10..=10i64, 1..=60i64, grade(), employer()).prop_map(
            |(target, delta, n_days, grade, employer)| Extra::Correction {
                target,
                delta,
                n_days,
                grade,
                employer,
            }
        ),
        2 => any::<Index>().prop_map(|target| Extra::Cancel { target }),
        2 => (any::<Index>(), -40..=300i64, 1..=30i64, grade(), employer()).prop_map(
            |(anchor, delta, n_days, grade, employer)| Extra::Loose {
                anchor,
                delta,
                n_days,
                grade,
                employer,
            }
        ),
    ]
}

/// Builds the events of a history that starts on `base`.
fn build_events(base: NaiveDate, pieces: &[Piece], extras: &[Extra]) -> Vec<Event> {
    let mut events = Vec::new();
    let mut anchors = Vec::new();
    let mut certificates: Vec<(String, NaiveDate)> = Vec::new();
    let mut next_id = 0;
    let mut new_id = || {
        next_id += 1;
        format!("s{next_id}")
    };
    let mut cursor = base;
    for piece in pieces {
        let from = plus(cursor, piece.gap);
        let to = plus(from, piece.n_days - 1);
        cursor = plus(to, 1);
        let id = new_id();
        anchors.push(from);
        certificates.push((id.clone(), from));
        events.push(Event::SickLeave(SickLeave {
            id,
            period: range(from, to),
            grade: Grade::new(i64::from(piece.grade)).expect("1..=100"),
            employer: piece.employer.clone(),
            corrects: None,
        }));
    }
    if anchors.is_empty() {
        anchors.push(base);
    }
    let anchor = |index: &Index| *index.get(&anchors);
    for extra in extras {
        match extra {
            Extra::SelfCertified {
                anchor: at,
                delta,
                n_days,
            } => {
                let from = plus(anchor(at), *delta);
                events.push(Event::SelfCertified(range(from, plus(from, *n_days))));
            }
            Extra::Vacation {
                anchor: at,
                delta,
                n_days,
            } => {
                let from = plus(anchor(at), *delta);
                events.push(Event::Vacation(range(from, plus(from, *n_days))));
            }
            Extra::WorkResumed { anchor: at, delta } => {
                events.push(Event::WorkResumed(plus(anchor(at), *delta)));
            }
            Extra::Correction {
                target,
                delta,
                n_days,
                grade,
                employer,
            } => {
                if certificates.is_empty() {
                    continue;
                }
                let (corrected, corrected_from) = target.get(&certificates).clone();
                let from = plus(corrected_from, *delta);
                let id = new_id();
                certificates.push((id.clone(), from));
                events.push(Event::SickLeave(SickLeave {
                    id,
                    period: range(from, plus(from, n_days - 1)),
                    grade: Grade::new(i64::from(*grade)).expect("1..=100"),
                    employer: employer.clone(),
                    corrects: Some(corrected),
                }));
            }
            Extra::Cancel { target } => {
                if certificates.is_empty() {
                    continue;
                }
                let (id, _) = target.get(&certificates).clone();
                events.push(Event::Cancelled { id });
            }
            Extra::Loose {
                anchor: at,
                delta,
                n_days,
                grade,
                employer,
            } => {
                let from = plus(anchor(at), *delta);
                let id = new_id();
                certificates.push((id.clone(), from));
                events.push(Event::SickLeave(SickLeave {
                    id,
                    period: range(from, plus(from, n_days - 1)),
                    grade: Grade::new(i64::from(*grade)).expect("1..=100"),
                    employer: employer.clone(),
                    corrects: None,
                }));
            }
        }
    }
    events
}

/// Valid inputs: sick-leave histories within a few years of 2016–2024.
fn followup_input() -> impl Strategy<Value = FollowupInput> {
    let birth = prop_oneof![
        2 => Just(None),
        1 => (-400..=1500i64, prop_oneof![Just(67), Just(70)]).prop_map(Some),
    ];
    (
        0..=3000i64,
        chain(),
        proptest::collection::vec(extra(), 0..=10),
        birth,
        proptest::option::of(-60..=1500i64),
    )
        .prop_flat_map(|(base_offset, pieces, extras, birth, today)| {
            let base = plus(date("2016-01-01"), base_offset);
            let events = build_events(base, &pieces, &extras);
            // The 67th or 70th birthday falls `offset` days after `base`.
            let birth_date = birth.map(|(offset, age)| add_years(plus(base, offset), -age));
            let today = today.map(|offset| plus(base, offset));
            Just(events)
                .prop_shuffle()
                .prop_map(move |events| FollowupInput {
                    birth_date,
                    today,
                    events,
                })
        })
}

fn compute(input: &FollowupInput) -> Followup {
    match FollowupEngine::default().compute(input) {
        Ok(followup) => followup,
        Err(error) => panic!("valid input gave an error: {error}\n{input:?}"),
    }
}

// ---------------------------------------------------------------------------
// Transformations
// ---------------------------------------------------------------------------

fn shift_event(event: &Event, n_days: i64) -> Option<Event> {
    let shift_range = |period: &DateRange| {
        Some(range(
            shifted(period.from(), n_days)?,
            shifted(period.to(), n_days)?,
        ))
    };
    Some(match event {
        Event::SickLeave(sick_leave) => Event::SickLeave(SickLeave {
            period: shift_range(&sick_leave.period)?,
            ..sick_leave.clone()
        }),
        Event::SelfCertified(period) => Event::SelfCertified(shift_range(period)?),
        Event::Vacation(period) => Event::Vacation(shift_range(period)?),
        Event::WorkResumed(date) => Event::WorkResumed(shifted(*date, n_days)?),
        Event::Cancelled { id } => Event::Cancelled { id: id.clone() },
    })
}

/// The input with every date moved by `n_days`; `None` if one leaves 0001..=9999.
fn shift_input(input: &FollowupInput, n_days: i64) -> Option<FollowupInput> {
    Some(FollowupInput {
        birth_date: match input.birth_date {
            Some(birth_date) => Some(shifted(birth_date, n_days)?),
            None => None,
        },
        today: match input.today {
            Some(today) => Some(shifted(today, n_days)?),
            None => None,
        },
        events: input
            .events
            .iter()
            .map(|event| shift_event(event, n_days))
            .collect::<Option<Vec<_>>>()?,
    })
}

fn shift_followup(followup: &Followup, n_days: i64) -> Followup {
    Followup {
        cases: followup
            .cases
            .iter()
            .map(|case| FollowupCase {
                start: plus(case.start, n_days),
                end: plus(case.end, n_days),
                milestones: case
                    .milestones
                    .iter()
                    .map(|milestone| Milestone {
                        date: plus(milestone.date, n_days),
                        ..*milestone
                    })
                    .collect(),
                ..case.clone()
            })
            .collect(),
    }
}

/// The output without its `max_date` milestones.
fn without_max_date(followup: &Followup) -> Followup {
    let mut followup = followup.clone();
    for case in &mut followup.cases {
        case.milestones
            .retain(|milestone| milestone.kind != MilestoneKind::MaxDate);
    }
    followup
}

/// The ids that a `corrects` or a `cancelled` names.
fn referenced_ids(events: &[Event]) -> BTreeSet<&str> {
    events
        .iter()
        .filter_map(|event| match event {
            Event::SickLeave(sick_leave) => sick_leave.corrects.as_deref(),
            Event::Cancelled { id } => Some(id.as_str()),
            _ => None,
        })
        .collect()
}

/// Splits the certificate at `events[event_index]` after `first_part_days`
/// days; `None` when the split could change the answer: the certificate is
/// referenced, has a single day, or a `work_resumed` falls in its first part
/// (that would cut the original certificate short, but not the second part,
/// which starts after it).
fn split_certificate(
    events: &[Event],
    event_index: usize,
    first_part_days: Index,
) -> Option<Vec<Event>> {
    let Some(Event::SickLeave(original)) = events.get(event_index) else {
        return None;
    };
    if referenced_ids(events).contains(original.id.as_str()) {
        return None;
    }
    let n_days = (original.period.to() - original.period.from()).num_days();
    if n_days < 1 {
        return None;
    }
    let first_end = plus(
        original.period.from(),
        first_part_days.index(n_days as usize) as i64,
    );
    let resumed_in_first_part = events.iter().any(|event| {
        matches!(event, Event::WorkResumed(date)
            if (original.period.from()..=first_end).contains(date))
    });
    if resumed_in_first_part {
        return None;
    }
    let mut split = events.to_vec();
    split[event_index] = Event::SickLeave(SickLeave {
        period: range(original.period.from(), first_end),
        ..original.clone()
    });
    split.push(Event::SickLeave(SickLeave {
        id: format!("{}-second-part", original.id),
        period: range(plus(first_end, 1), original.period.to()),
        corrects: None,
        ..original.clone()
    }));
    Some(split)
}

// ---------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    /// (a) Valid input never gives an error, and the engine never panics.
    #[test]
    fn valid_input_always_computes(input in followup_input()) {
        let result = FollowupEngine::default().compute(&input);
        prop_assert!(result.is_ok(), "{:?}", result);
    }

    /// (b) Events are "in any order".
    #[test]
    fn the_order_of_events_does_not_matter(
        (input, shuffled) in followup_input().prop_flat_map(|input| {
            let events = input.events.clone();
            (Just(input), Just(events).prop_shuffle())
        })
    ) {
        let reordered = FollowupInput { events: shuffled, ..input.clone() };
        prop_assert_eq!(compute(&input), compute(&reordered));
    }

    /// A reused engine answers as a fresh one (its working memory is cleared).
    #[test]
    fn a_reused_engine_answers_as_a_fresh_one(
        first in followup_input(),
        second in followup_input(),
    ) {
        let mut engine = FollowupEngine::default();
        let _ = engine.compute(&first);
        prop_assert_eq!(engine.compute(&second).ok(), Some(compute(&second)));
    }

    /// (c) Two adjacent certificates with the same grade and employer are the
    /// same as one.
    #[test]
    fn splitting_a_certificate_changes_nothing(
        input in followup_input(),
        which in any::<Index>(),
        first_part_days in any::<Index>(),
    ) {
        let certificate_indices: Vec<usize> = input
            .events
            .iter()
            .enumerate()
            .filter(|(_, event)| matches!(event, Event::SickLeave(_)))
            .map(|(index, _)| index)
            .collect();
        if certificate_indices.is_empty() {
            return Ok(());
        }
        let event_index = *which.get(&certificate_indices);
        let Some(events) = split_certificate(&input.events, event_index, first_part_days) else {
            return Ok(());
        };
        let split = FollowupInput { events, ..input.clone() };
        // Which certificate ends a case may now be the split-off part.
        let without_certificate = |followup: Followup| Followup {
            cases: followup
                .cases
                .into_iter()
                .map(|case| FollowupCase { last_certificate: None, ..case })
                .collect(),
        };
        prop_assert_eq!(
            without_certificate(compute(&input)),
            without_certificate(compute(&split))
        );
    }

    /// (d) Moving the whole history by whole weeks moves every case and every
    /// week-based milestone with it. The maximum date may move differently
    /// (the three-year window and the birthdays are calendar years), but it
    /// stays a weekday.
    #[test]
    fn shifting_by_whole_weeks_shifts_cases_and_week_milestones(
        input in followup_input(),
        n_weeks in -150..=150i64,
    ) {
        let n_days = 7 * n_weeks;
        let Some(moved) = shift_input(&input, n_days) else { return Ok(()); };
        let before = compute(&input);
        let after = compute(&moved);
        prop_assert_eq!(
            without_max_date(&shift_followup(&before, n_days)),
            without_max_date(&after)
        );
        for case in &after.cases {
            let max_date = case.milestone(MilestoneKind::MaxDate).expect("every case has one");
            prop_assert!(is_weekday(max_date.date), "{:?}", max_date);
        }
    }

    /// (e) Moving the whole history by 28 years keeps weekdays and leap years,
    /// so every date of the answer moves with it, the maximum date included.
    #[test]
    fn shifting_by_twenty_eight_years_shifts_everything(
        input in followup_input(),
        n_periods in prop_oneof![Just(-1i64), Just(1i64), Just(2i64)],
    ) {
        let n_days = n_periods * TWENTY_EIGHT_YEARS;
        let Some(moved) = shift_input(&input, n_days) else { return Ok(()); };
        prop_assert_eq!(shift_followup(&compute(&input), n_days), compute(&moved));
    }

    /// (f) Invariants of every answer.
    #[test]
    fn every_answer_keeps_the_invariants(input in followup_input()) {
        let followup = compute(&input);
        check_invariants(&input, &followup)?;
    }

    /// The engine agrees with a naive day-by-day reading of the contract on
    /// every field of every case: the case rule (§ 2), the milestones (§ 4)
    /// and the maximum-date walk (§ 5).
    #[test]
    fn the_engine_agrees_with_the_naive_reference_model(input in followup_input()) {
        let expected = reference::followup(&input);
        let actual = compute(&input);
        prop_assert_eq!(case_spans(&actual), case_spans(&expected), "case rule (§ 2)");
        prop_assert_eq!(actual, expected);
    }

    /// The same at both ends of the calendar: near 0001-01-01 (the
    /// three-year window reaches before the first day) and near 9999-12-31,
    /// where an output date after 9999-12-31 makes the input invalid.
    #[test]
    fn the_engine_agrees_with_the_reference_model_at_the_ends_of_the_calendar(
        input in followup_input(),
        at_the_end in any::<bool>(),
        margin in 0..=900i64,
    ) {
        let dates: Vec<NaiveDate> = input.events.iter().flat_map(event_dates).collect();
        let (Some(&first), Some(&last)) = (dates.iter().min(), dates.iter().max()) else {
            return Ok(());
        };
        let n_days = if at_the_end {
            (date("9999-12-31") - last).num_days() - margin
        } else {
            (date("0001-01-01") - first).num_days() + margin / 30
        };
        let Some(events) = input
            .events
            .iter()
            .map(|event| shift_event(event, n_days))
            .collect::<Option<Vec<_>>>()
        else {
            return Ok(());
        };
        let moved = FollowupInput {
            birth_date: input.birth_date.and_then(|birth_date| shifted(birth_date, n_days)),
            today: input.today.and_then(|today| shifted(today, n_days)),
            events,
        };
        let expected = reference::followup(&moved);
        let beyond = expected.cases.iter().any(|case| {
            case.milestones.iter().any(|milestone| milestone.date > date("9999-12-31"))
        });
        match FollowupEngine::default().compute(&moved) {
            Ok(actual) => {
                prop_assert!(!beyond, "no error although a date lies after 9999-12-31");
                prop_assert_eq!(actual, expected);
            }
            Err(error) => {
                prop_assert!(beyond, "unexpected error {}", error);
                prop_assert!(
                    matches!(error, FollowupError::DateBeyondCalendar { .. }),
                    "{:?}",
                    error
                );
            }
        }
    }
}

fn event_dates(event: &Event) -> Vec<NaiveDate> {
    match event {
        Event::SickLeave(SickLeave { period, .. })
        | Event::SelfCertified(period)
        | Event::Vacation(period) => vec![period.from(), period.to()],
        Event::WorkResumed(date) => vec![*date],
        Event::Cancelled { .. } => Vec::new(),
    }
}

/// Start, end and sick days of each case: the case rule alone.
fn case_spans(followup: &Followup) -> Vec<(NaiveDate, NaiveDate, u32)> {
    followup
        .cases
        .iter()
        .map(|case| (case.start, case.end, case.sick_days))
        .collect()
}

fn check_invariants(input: &FollowupInput, followup: &Followup) -> Result<(), TestCaseError> {
    for pair in followup.cases.windows(2) {
        let [previous, next] = pair else {
            unreachable!()
        };
        // At least 16 non-sick days lie between two cases.
        prop_assert!(
            (next.start - previous.end).num_days() >= 17,
            "cases too close: {:?} and {:?}",
            previous,
            next
        );
    }
    for case in &followup.cases {
        prop_assert!(case.start <= case.end);
        let span = (case.end - case.start).num_days() + 1;
        prop_assert!(case.sick_days >= 1);
        prop_assert!(i64::from(case.sick_days) <= span, "{:?}", case);

        let kinds: Vec<MilestoneKind> = case.milestones.iter().map(|m| m.kind).collect();
        let expected_kinds: Vec<MilestoneKind> = MilestoneKind::ALL
            .into_iter()
            .filter(|kind| *kind != MilestoneKind::EmployerPeriodEnd || case.sick_days >= 16)
            .collect();
        prop_assert_eq!(kinds, expected_kinds, "milestones in table order");

        if let Some(employer_period_end) = case.milestone(MilestoneKind::EmployerPeriodEnd) {
            prop_assert!((case.start..=case.end).contains(&employer_period_end.date));
            prop_assert!((employer_period_end.date - case.start).num_days() >= 15);
        }
        for (kind, n_days) in [
            (MilestoneKind::FollowUpPlan, 7 * 4 - 1),
            (MilestoneKind::DialogueMeeting1, 7 * 7 - 1),
            (MilestoneKind::ActivityRequirement, 7 * 8 - 1),
            (MilestoneKind::DialogueMeeting2Planning, 119),
            (MilestoneKind::DialogueMeeting2, 7 * 26 - 1),
            (MilestoneKind::BenefitEndNotice, 7 * 39 - 1),
        ] {
            let milestone = case.milestone(kind).expect("listed");
            prop_assert_eq!(milestone.date, plus(case.start, n_days), "{:?}", kind);
        }
        let max_date = case.milestone(MilestoneKind::MaxDate).expect("listed");
        prop_assert!(is_weekday(max_date.date), "max_date {:?}", max_date);
        prop_assert_eq!(max_date.required, max_date.reached);

        for milestone in &case.milestones {
            prop_assert_eq!(
                milestone.reached,
                case.end >= milestone.date,
                "{:?}",
                milestone
            );
            prop_assert!(!milestone.required || milestone.reached, "{:?}", milestone);
            if milestone.kind != MilestoneKind::DialogueMeeting1 {
                prop_assert_eq!(milestone.required, milestone.reached, "{:?}", milestone);
            }
            prop_assert_eq!(
                milestone.status,
                input
                    .today
                    .map(|today| MilestoneStatus::of(milestone.date, today))
            );
        }
        prop_assert!(
            case.employers.windows(2).all(|pair| pair[0] < pair[1]),
            "employers sorted and distinct: {:?}",
            case.employers
        );
    }
    Ok(())
}

#[test]
fn status_follows_the_contract_formula() {
    let today = date("2024-06-01");
    assert_eq!(
        MilestoneStatus::of(date("2024-05-31"), today),
        MilestoneStatus::Passed
    );
    assert_eq!(MilestoneStatus::of(today, today), MilestoneStatus::DueSoon);
    assert_eq!(
        MilestoneStatus::of(date("2024-06-15"), today),
        MilestoneStatus::DueSoon
    );
    assert_eq!(
        MilestoneStatus::of(date("2024-06-16"), today),
        MilestoneStatus::Upcoming
    );
}

/// A deliberately naive model of the contract: every day is an entry of a
/// `BTreeMap`, every rule a plain loop over days. Slow and obvious.
mod reference {
    use super::{
        add_years, is_weekday, plus, BTreeMap, BTreeSet, Event, Followup, FollowupCase,
        FollowupInput, Milestone, MilestoneKind, MilestoneStatus, NaiveDate,
    };

    const CASE_GAP_DAYS: u32 = 16;
    const EMPLOYER_PERIOD_DAYS: usize = 16;
    const BENEFIT_DAYS: usize = 248;
    const BENEFIT_DAYS_AFTER_67: usize = 60;
    const RESET_BREAK_DAYS: u32 = 182;

    /// What covers one day.
    #[derive(Clone, Copy, Debug, Default)]
    struct DayCover {
        /// The highest grade of the counting certificates that cover the day.
        certificate_grade: Option<u8>,
        self_certified: bool,
        vacation: bool,
    }

    impl DayCover {
        fn grade(self) -> Option<u8> {
            if self.self_certified {
                Some(100)
            } else {
                self.certificate_grade
            }
        }

        fn sick(self) -> bool {
            self.grade().is_some()
        }
    }

    struct CountingCertificate<'a> {
        id: &'a str,
        from: NaiveDate,
        to: NaiveDate,
        grade: u8,
        employer: Option<&'a str>,
    }

    #[derive(Debug)]
    struct Case {
        start: NaiveDate,
        end: NaiveDate,
        counted: Vec<NaiveDate>,
    }

    fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
        from.iter_days().take_while(move |day| *day <= to)
    }

    fn counting_certificates(events: &[Event]) -> Vec<CountingCertificate<'_>> {
        let not_counting: BTreeSet<&str> = super::referenced_ids(events);
        let resumed: Vec<NaiveDate> = events
            .iter()
            .filter_map(|event| match event {
                Event::WorkResumed(date) => Some(*date),
                _ => None,
            })
            .collect();
        let mut certificates = Vec::new();
        for event in events {
            let Event::SickLeave(sick_leave) = event else {
                continue;
            };
            if not_counting.contains(sick_leave.id.as_str()) {
                continue;
            }
            let from = sick_leave.period.from();
            let mut to = sick_leave.period.to();
            let earliest = resumed
                .iter()
                .filter(|date| (from..=to).contains(*date))
                .min();
            match earliest {
                Some(&date) if date == from => continue,
                Some(&date) => to = plus(date, -1),
                None => {}
            }
            certificates.push(CountingCertificate {
                id: &sick_leave.id,
                from,
                to,
                grade: sick_leave.grade.percent(),
                employer: sick_leave.employer.as_deref(),
            });
        }
        certificates
    }

    fn day_map(
        events: &[Event],
        certificates: &[CountingCertificate<'_>],
    ) -> BTreeMap<NaiveDate, DayCover> {
        let mut map: BTreeMap<NaiveDate, DayCover> = BTreeMap::new();
        for certificate in certificates {
            for day in days(certificate.from, certificate.to) {
                let cover = map.entry(day).or_default();
                cover.certificate_grade = cover.certificate_grade.max(Some(certificate.grade));
            }
        }
        for event in events {
            match event {
                Event::SelfCertified(period) => {
                    for day in days(period.from(), period.to()) {
                        map.entry(day).or_default().self_certified = true;
                    }
                }
                Event::Vacation(period) => {
                    for day in days(period.from(), period.to()) {
                        map.entry(day).or_default().vacation = true;
                    }
                }
                _ => {}
            }
        }
        map
    }

    /// § 2: the follow-up cases, day by day.
    fn cases(map: &BTreeMap<NaiveDate, DayCover>) -> Vec<Case> {
        let mut cases = Vec::new();
        let (Some((&first, _)), Some((&last, _))) = (map.first_key_value(), map.last_key_value())
        else {
            return cases;
        };
        let mut open: Option<(Case, u32)> = None;
        for day in days(first, last) {
            let cover = map.get(&day).copied().unwrap_or_default();
            let non_sick = if cover.vacation {
                match open.as_mut() {
                    Some((case, 0)) => {
                        case.counted.push(day);
                        case.end = day;
                        false
                    }
                    Some(_) => true,
                    None => false,
                }
            } else if cover.sick() {
                let (case, non_sick_days) = open.get_or_insert_with(|| {
                    (
                        Case {
                            start: day,
                            end: day,
                            counted: Vec::new(),
                        },
                        0,
                    )
                });
                case.counted.push(day);
                case.end = day;
                *non_sick_days = 0;
                false
            } else {
                true
            };
            if non_sick {
                if let Some((_, non_sick_days)) = open.as_mut() {
                    *non_sick_days += 1;
                    if *non_sick_days >= CASE_GAP_DAYS {
                        cases.extend(open.take().map(|(case, _)| case));
                    }
                }
            }
        }
        cases.extend(open.map(|(case, _)| case));
        cases
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum State {
        Fresh,
        Counting,
        Break,
        VacationBreak,
        UsedUp,
        Waiting,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Kind {
        Benefit,
        LowGrade,
        SickWeekend,
        Vacation,
        Working,
    }

    struct Walk {
        state: State,
        used: Vec<NaiveDate>,
        break_days: u32,
        used_up_on: Option<NaiveDate>,
        /// The 67th and the 70th birthday.
        birthdays: Option<(NaiveDate, NaiveDate)>,
    }

    impl Walk {
        fn used_after_67(&self) -> usize {
            match self.birthdays {
                Some((birthday_67, _)) => {
                    self.used.iter().filter(|day| **day > birthday_67).count()
                }
                None => 0,
            }
        }

        fn count(&mut self, day: NaiveDate) {
            self.used.push(day);
            self.break_days = 0;
            let reduced_used_up =
                self.birthdays.is_some() && self.used_after_67() >= BENEFIT_DAYS_AFTER_67;
            if self.used.len() >= BENEFIT_DAYS || reduced_used_up {
                self.state = State::UsedUp;
                self.used_up_on = Some(day);
            } else {
                self.state = State::Counting;
            }
        }

        fn fresh(&mut self) {
            self.state = State::Fresh;
            self.used.clear();
            self.break_days = 0;
        }

        /// "break 1" (`first`) or "break +1"; answers whether 182 was reached.
        fn add_break_day(&mut self, first: bool, kind: Kind) -> bool {
            self.break_days = if first { 1 } else { self.break_days + 1 };
            if self.break_days < RESET_BREAK_DAYS {
                return false;
            }
            match self.state {
                State::Break | State::VacationBreak => self.fresh(),
                State::UsedUp if kind == Kind::Working => self.fresh(),
                State::UsedUp => self.state = State::Waiting,
                State::Fresh | State::Counting | State::Waiting => {}
            }
            true
        }

        fn move_window(&mut self, day: NaiveDate) {
            let window_start = add_years(day, -3);
            self.used.retain(|used| *used >= window_start);
        }

        fn step(&mut self, day: NaiveDate, kind: Kind) {
            if let Some((_, birthday_70)) = self.birthdays {
                if day >= birthday_70 {
                    return;
                }
            }
            match (self.state, kind) {
                (State::Fresh | State::Counting | State::VacationBreak, Kind::Benefit) => {
                    self.count(day);
                }
                (State::Break, Kind::Benefit) => {
                    self.move_window(day);
                    self.count(day);
                }
                (State::Fresh | State::Waiting, _)
                | (State::Counting | State::VacationBreak, Kind::SickWeekend) => {}
                (State::Counting, Kind::Vacation) => {
                    self.add_break_day(true, kind);
                    self.state = State::VacationBreak;
                }
                (State::Counting, Kind::LowGrade | Kind::Working) => {
                    self.add_break_day(true, kind);
                    self.state = State::Break;
                }
                (State::VacationBreak, Kind::LowGrade | Kind::Working) => {
                    if !self.add_break_day(false, kind) {
                        self.state = State::Break;
                    }
                }
                (State::Break | State::VacationBreak | State::UsedUp, _) => {
                    self.add_break_day(false, kind);
                }
            }
            if self.state == State::Waiting && kind == Kind::Working {
                self.fresh();
            }
        }

        /// § 5, "Reading the max date", at the end of a case.
        fn max_date(&self, end: NaiveDate) -> NaiveDate {
            let mut max_date = if matches!(self.state, State::UsedUp | State::Waiting) {
                self.used_up_on.expect("used up on a day")
            } else {
                let last_weekday = days(plus(end, -6), end)
                    .filter(|day| is_weekday(*day))
                    .last()
                    .expect("a week has weekdays");
                let weekdays_after = || {
                    last_weekday
                        .iter_days()
                        .skip(1)
                        .filter(|day| is_weekday(*day))
                };
                let n_left = BENEFIT_DAYS - self.used.len();
                let mut projected = weekdays_after().nth(n_left - 1).expect("in range");
                if let Some((birthday_67, _)) = self.birthdays {
                    let n_left = BENEFIT_DAYS_AFTER_67 - self.used_after_67();
                    let reduced = weekdays_after()
                        .filter(|day| *day > birthday_67)
                        .nth(n_left - 1)
                        .expect("in range");
                    projected = projected.min(reduced);
                }
                projected
            };
            if let Some((_, birthday_70)) = self.birthdays {
                let last_before_70 = days(plus(birthday_70, -7), plus(birthday_70, -1))
                    .filter(|day| is_weekday(*day))
                    .last()
                    .expect("a week has weekdays");
                max_date = max_date.min(last_before_70);
            }
            max_date
        }
    }

    /// § 4: "passed" if `date < today`, "due_soon" if `today <= date <= today + 14 days`.
    fn status(date: NaiveDate, today: NaiveDate) -> MilestoneStatus {
        if date < today {
            MilestoneStatus::Passed
        } else if date <= plus(today, 14) {
            MilestoneStatus::DueSoon
        } else {
            MilestoneStatus::Upcoming
        }
    }

    /// § 5: the maximum date of each case.
    fn max_dates(
        map: &BTreeMap<NaiveDate, DayCover>,
        cases: &[Case],
        birth_date: Option<NaiveDate>,
    ) -> Vec<NaiveDate> {
        let (Some(first), Some(last)) = (cases.first(), cases.last()) else {
            return Vec::new();
        };
        let mut employer_period: BTreeSet<NaiveDate> = BTreeSet::new();
        let mut counted: BTreeSet<NaiveDate> = BTreeSet::new();
        let mut ends: BTreeSet<NaiveDate> = BTreeSet::new();
        for case in cases {
            employer_period.extend(case.counted.iter().take(EMPLOYER_PERIOD_DAYS));
            counted.extend(case.counted.iter());
            ends.insert(case.end);
        }
        let mut walk = Walk {
            state: State::Fresh,
            used: Vec::new(),
            break_days: 0,
            used_up_on: None,
            birthdays: birth_date.map(|birth| (add_years(birth, 67), add_years(birth, 70))),
        };
        let mut max_dates = Vec::new();
        for day in days(first.start, last.end) {
            let cover = map.get(&day).copied().unwrap_or_default();
            let kind = if employer_period.contains(&day) {
                Kind::Working
            } else if cover.vacation {
                Kind::Vacation
            } else if cover.sick() && !is_weekday(day) {
                Kind::SickWeekend
            } else if cover.sick() && cover.grade() >= Some(20) {
                Kind::Benefit
            } else if cover.sick() {
                Kind::LowGrade
            } else {
                Kind::Working
            };
            assert!(!cover.sick() || cover.vacation || counted.contains(&day));
            walk.step(day, kind);
            if ends.contains(&day) {
                max_dates.push(walk.max_date(day));
            }
        }
        max_dates
    }

    pub(super) fn followup(input: &FollowupInput) -> Followup {
        let certificates = counting_certificates(&input.events);
        let map = day_map(&input.events, &certificates);
        let cases = cases(&map);
        let max_dates = max_dates(&map, &cases, input.birth_date);
        let grade_on = |day: NaiveDate| map.get(&day).and_then(|cover| cover.grade());
        Followup {
            cases: cases
                .iter()
                .zip(max_dates)
                .map(|(case, max_date)| {
                    let last_certificate_day = days(case.start, case.end)
                        .filter(|day| {
                            map.get(day)
                                .is_some_and(|cover| cover.certificate_grade.is_some())
                        })
                        .last();
                    let employers: BTreeSet<String> = certificates
                        .iter()
                        .filter(|certificate| {
                            certificate.from <= case.end && certificate.to >= case.start
                        })
                        .filter_map(|certificate| certificate.employer.map(str::to_owned))
                        .collect();
                    let mut dates = Vec::new();
                    if case.counted.len() >= EMPLOYER_PERIOD_DAYS {
                        dates.push((
                            MilestoneKind::EmployerPeriodEnd,
                            case.counted[EMPLOYER_PERIOD_DAYS - 1],
                        ));
                    }
                    for (kind, day) in [
                        (MilestoneKind::FollowUpPlan, 28),
                        (MilestoneKind::DialogueMeeting1, 49),
                        (MilestoneKind::ActivityRequirement, 56),
                        (MilestoneKind::DialogueMeeting2Planning, 120),
                        (MilestoneKind::DialogueMeeting2, 182),
                        (MilestoneKind::BenefitEndNotice, 273),
                    ] {
                        dates.push((kind, plus(case.start, day - 1)));
                    }
                    dates.push((MilestoneKind::MaxDate, max_date));
                    FollowupCase {
                        start: case.start,
                        end: case.end,
                        sick_days: case.counted.len() as u32,
                        graded_at_end: last_certificate_day
                            .is_some_and(|day| grade_on(day) < Some(100)),
                        // Statistics' rule: latest start, highest grade, last id.
                        last_certificate: last_certificate_day.and_then(|day| {
                            certificates
                                .iter()
                                .filter(|certificate| {
                                    certificate.from <= day && day <= certificate.to
                                })
                                .max_by(|a, b| {
                                    (a.from, a.grade, a.id).cmp(&(b.from, b.grade, b.id))
                                })
                                .map(|certificate| certificate.id.to_owned())
                        }),
                        employers: employers.into_iter().collect(),
                        milestones: dates
                            .into_iter()
                            .map(|(kind, date)| {
                                let reached = case.end >= date;
                                Milestone {
                                    kind,
                                    date,
                                    reached,
                                    required: reached
                                        && (kind != MilestoneKind::DialogueMeeting1
                                            || grade_on(date) == Some(100)),
                                    status: input.today.map(|today| status(date, today)),
                                }
                            })
                            .collect(),
                    }
                })
                .collect(),
        }
    }
}
