//! Tests of the rates: their definitions on documents, and the property
//! that a rate is shown only from two published counts.

use chrono::NaiveDate;
use proptest::prelude::*;

use super::check::determined;
use super::*;
use crate::casework::CaseworkDocument;
use crate::document::{ActivityOutcome, MeetingNumber};
use crate::followup::{DateRange, Grade, SickLeave};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn person() -> Fnr {
    Fnr::parse("15438510092").unwrap()
}

fn document(id: &str, body: DocumentBody) -> Document {
    Document {
        person: person(),
        id: id.to_owned(),
        unit: None,
        body,
        diagnosis: None,
        gp: None,
    }
}

fn certificate(id: &str, from: &str, to: &str) -> Document {
    document(
        id,
        DocumentBody::Followup(Event::SickLeave(SickLeave {
            id: id.to_owned(),
            period: DateRange::new(date(from), date(to)).unwrap(),
            grade: Grade::FULL,
            employer: None,
            corrects: None,
        })),
    )
}

fn casework(id: &str, body: CaseworkDocument) -> Document {
    document(id, DocumentBody::Casework(body))
}

fn records(documents: &[Document]) -> Vec<CaseRecord> {
    case_records(
        &mut FollowupEngine::default(),
        &person(),
        UnitCode::UNKNOWN,
        documents,
    )
    .unwrap()
}

#[test]
fn a_plan_shared_by_week_4_and_meeting_2_held_by_week_26_count_as_met() {
    // A case from 1 July 2024 to 31 March 2025: past week 26 (29 December).
    let documents = vec![
        certificate("s1", "2024-07-01", "2025-03-31"),
        casework(
            "p",
            CaseworkDocument::PlanShared {
                date: date("2024-07-28"),
            },
        ),
        casework(
            "m",
            CaseworkDocument::MeetingHeld {
                meeting: MeetingNumber::Two,
                date: date("2024-12-29"),
            },
        ),
        casework(
            "a",
            CaseworkDocument::ActivityAssessed {
                date: date("2024-08-20"),
                outcome: ActivityOutcome::ExemptMedical,
                reason: String::new(),
            },
        ),
    ];
    let records = records(&documents);
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record.plan_due, Some(date("2024-07-28")));
    assert_eq!(RateKind::PlanShared.outcome(record), Some(Outcome::Shared));
    assert_eq!(RateKind::Meeting2Held.outcome(record), Some(Outcome::Held));
    assert_eq!(
        RateKind::ActivityRequirement.outcome(record),
        Some(Outcome::Exempt)
    );
    // Ended 31 March 2025, within a year of 2024Q3; no new case after it.
    assert_eq!(
        RateKind::AtWork12Months.outcome(record),
        Some(Outcome::AtWork)
    );
}

#[test]
fn late_or_missing_case_work_counts_as_not_met_and_short_cases_not_at_all() {
    let documents = vec![
        certificate("s1", "2024-07-01", "2025-03-31"),
        casework(
            "p",
            CaseworkDocument::PlanShared {
                date: date("2024-07-29"),
            },
        ),
        // Meeting 1 does not count for meeting 2.
        casework(
            "m",
            CaseworkDocument::MeetingHeld {
                meeting: MeetingNumber::One,
                date: date("2024-08-01"),
            },
        ),
        // A new case starts within 12 months of the first one's end.
        certificate("s2", "2025-09-01", "2025-09-10"),
    ];
    let records = records(&documents);
    assert_eq!(records.len(), 2);
    let first = &records[0];
    assert_eq!(
        RateKind::PlanShared.outcome(first),
        Some(Outcome::NotShared)
    );
    assert_eq!(
        RateKind::Meeting2Held.outcome(first),
        Some(Outcome::NotHeld)
    );
    assert_eq!(
        RateKind::ActivityRequirement.outcome(first),
        Some(Outcome::NotAssessed)
    );
    assert_eq!(
        RateKind::AtWork12Months.outcome(first),
        Some(Outcome::NotAtWork)
    );
    // Ten days: no plan duty, no week 8, no week 26.
    let second = &records[1];
    assert_eq!(RateKind::PlanShared.outcome(second), None);
    assert_eq!(RateKind::Meeting2Held.outcome(second), None);
    assert_eq!(RateKind::ActivityRequirement.outcome(second), None);
    assert_eq!(first.next_case_start, Some(date("2025-09-01")));
}

#[test]
fn a_rate_is_final_after_the_last_deadline_of_its_quarter() {
    let quarter = Quarter::parse("2024Q3").unwrap();
    // The last case starts 30 September; week 4 ends 27 October.
    assert_eq!(
        RateKind::PlanShared.final_from(quarter),
        Some(date("2024-10-28"))
    );
    assert_eq!(
        RateKind::ActivityRequirement.final_from(quarter),
        Some(date("2024-11-25"))
    );
    assert_eq!(
        RateKind::Meeting2Held.final_from(quarter),
        Some(date("2025-03-31"))
    );
    assert_eq!(
        RateKind::AtWork12Months.final_from(quarter),
        Some(date("2026-10-01"))
    );
    let records: Vec<CaseRecord> = Vec::new();
    assert!(rate_table(
        &records,
        quarter,
        Dimension::Unit,
        RateKind::PlanShared,
        date("2024-10-27"),
        5
    )
    .is_none());
    assert!(national_rate(
        &records,
        quarter,
        RateKind::PlanShared,
        date("2024-10-28"),
        5
    )
    .is_some());
}

#[test]
fn the_last_ended_quarters_come_oldest_first_and_the_trend_protects_them_as_margins() {
    let quarters = last_ended_quarters(date("2025-01-01"), 8);
    let names: Vec<String> = quarters.iter().map(ToString::to_string).collect();
    assert_eq!(
        names,
        ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    );
    // A quarter's trend point is the margins of every table of that quarter.
    let documents: Vec<Document> = (0..7)
        .map(|index| {
            certificate(
                &format!("s{index}"),
                &format!("2024-0{}-01", 1 + index % 3),
                &format!("2024-0{}-10", 1 + index % 3),
            )
        })
        .collect();
    let all: Vec<CaseRecord> = documents
        .iter()
        .flat_map(|document| records(std::slice::from_ref(document)))
        .collect();
    let quarter = Quarter::parse("2024Q1").unwrap();
    let counted: Vec<CountedCase> = all.iter().map(|record| record.counted.clone()).collect();
    let point = &trend(&all, &[quarter], 5)[0];
    for by in Dimension::ALL {
        let table = table(&counted, quarter, by, 5);
        assert_eq!(point.column_totals, table.counts.column_totals);
        assert_eq!(point.grand_total, table.counts.grand_total);
    }
    assert_eq!(point.grand_total, Some(7));
}

#[test]
fn a_rate_is_shown_only_from_two_published_counts() {
    assert_eq!(shown_rate(Some(5), Some(10)).unwrap().per_mille(), 500);
    assert_eq!(shown_rate(Some(2), Some(3)).unwrap().per_mille(), 667);
    assert_eq!(shown_rate(None, Some(10)), None);
    assert_eq!(shown_rate(Some(5), None), None);
    assert_eq!(shown_rate(Some(0), Some(0)), None);
}

/// A record in 2024Q1 in one of three units, with a plan due and shared or
/// not, and an activity outcome.
fn arbitrary_record() -> impl Strategy<Value = CaseRecord> {
    (0_usize..3, 0_u32..3, prop::option::of(0_usize..5)).prop_map(|(unit, plan, activity)| {
        let start = date("2024-02-01");
        let due = date("2024-02-28");
        CaseRecord {
            counted: CountedCase {
                column: Column::EmployerPeriodEnd,
                unit: UnitCode::parse(["0301", "4601", "5001"][unit]).unwrap(),
                diagnosis_chapter: None,
                age_band: AgeBand::UpTo29,
                graded: false,
            },
            start,
            end: date("2024-05-01"),
            // 0: no duty; 1: shared in time; 2: not shared.
            plan_due: (plan > 0).then_some(due),
            plan_shared: (plan == 1).then_some(due),
            meeting_2_due: None,
            meeting_2_held: None,
            activity_due: activity.map(|_| date("2024-03-27")),
            activity_outcome: activity.and_then(|index| ActivityOutcome::ALL.get(index).copied()),
            reached_max_date: false,
            next_case_start: None,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// A rate is shown only when its numerator and denominator are both
    /// published, and then it is exactly the exact counts' rate; the rate
    /// table itself keeps rule 3, so nothing suppressed can be computed
    /// back from what is shown (a shown rate adds nothing to two published counts).
    #[test]
    fn a_rate_is_never_shown_when_its_numerator_or_denominator_is_suppressed(
        records in prop::collection::vec(arbitrary_record(), 0..40),
        k in 1_u64..7,
    ) {
        let quarter = Quarter::parse("2024Q1").unwrap();
        let today = date("2030-01-01");
        for kind in [RateKind::PlanShared, RateKind::ActivityRequirement] {
            let table = rate_table(&records, quarter, Dimension::Unit, kind, today, k).unwrap();
            let n_columns = kind.outcomes().len();
            prop_assert!(determined(&table.counts, table.groups.len(), n_columns).is_empty());
            for (row, group) in table.groups.iter().enumerate() {
                let in_group: Vec<Outcome> = records
                    .iter()
                    .filter(|record| record.counted.group(Dimension::Unit) == *group)
                    .filter_map(|record| kind.outcome(record))
                    .collect();
                let denominator = in_group.len() as u64;
                for (column, outcome) in kind.outcomes().iter().enumerate() {
                    let numerator = in_group.iter().filter(|o| *o == outcome).count() as u64;
                    let shown_numerator = table.counts.cells[row][column];
                    let shown_denominator = table.counts.row_totals[row];
                    match table.rate(row, column) {
                        Some(rate) => {
                            prop_assert_eq!(shown_numerator, Some(numerator));
                            prop_assert_eq!(shown_denominator, Some(denominator));
                            prop_assert_eq!(rate, Rate { numerator, denominator });
                            prop_assert!(numerator == 0 || numerator >= k);
                            prop_assert!(denominator >= k);
                        }
                        None => prop_assert!(
                            shown_numerator.is_none() || shown_denominator.is_none() || denominator == 0
                        ),
                    }
                }
            }
            let national = national_rate(&records, quarter, kind, today, k).unwrap();
            prop_assert_eq!(&national.counts, &table.counts.column_totals);
            prop_assert_eq!(national.total, table.counts.grand_total);
            for column in 0..n_columns {
                let rate = national.rate(column);
                prop_assert_eq!(rate, table.national(column));
                if rate.is_some() {
                    prop_assert!(national.counts[column].is_some() && national.total.is_some());
                }
            }
        }
    }
}
