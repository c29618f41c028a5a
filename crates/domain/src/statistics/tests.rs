use chrono::NaiveDate;
use proptest::prelude::*;
use rstest::rstest;

use super::check::{determined, Count};
use super::*;
use crate::followup::{DateRange, Grade, SickLeave};

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Every count of a table as the protection sees it, in one list.
fn all_counts(rows: &[Vec<u64>], n_columns: usize) -> (Vec<u64>, Vec<u64>, u64) {
    let row_totals: Vec<u64> = rows.iter().map(|row| row.iter().sum()).collect();
    let column_totals: Vec<u64> = (0..n_columns)
        .map(|column| rows.iter().map(|row| row[column]).sum())
        .collect();
    let grand_total = row_totals.iter().sum();
    (row_totals, column_totals, grand_total)
}

/// Rules 1, 2, 3 and the margins' part of rule 4 for one protected table.
fn assert_protected(rows: &[Vec<u64>], n_columns: usize, k: u64, table: &ProtectedTable) {
    let (row_totals, column_totals, grand_total) = all_counts(rows, n_columns);
    let check = |shown: Option<u64>, actual: u64, what: &str| {
        if let Some(shown) = shown {
            assert_eq!(
                shown, actual,
                "rule 1: {what} is published as the exact count"
            );
            assert!(
                shown == 0 || shown >= k,
                "rule 2: {what} = {shown} is published with k = {k}"
            );
        }
    };
    for (row_index, row) in rows.iter().enumerate() {
        for (column, count) in row.iter().enumerate() {
            check(table.cells[row_index][column], *count, "a cell");
        }
        check(
            table.row_totals[row_index],
            row_totals[row_index],
            "a row total",
        );
    }
    for (column, total) in column_totals.iter().enumerate() {
        check(table.column_totals[column], *total, "a column total");
    }
    check(table.grand_total, grand_total, "the grand total");
    let found = determined(table, rows.len(), n_columns);
    assert!(
        found.is_empty(),
        "rule 3: {found:?} follow from the published counts of {rows:?} (k = {k}): {table:?}"
    );
    let margins = protect_margins(&column_totals, k);
    let shown_margins: Vec<bool> = table
        .column_totals
        .iter()
        .chain(std::iter::once(&table.grand_total))
        .map(Option::is_none)
        .collect();
    assert_eq!(
        shown_margins, margins,
        "rule 4: the margins are protected alone"
    );
}

fn n_suppressed(table: &ProtectedTable) -> usize {
    table
        .cells
        .iter()
        .flatten()
        .filter(|count| count.is_none())
        .count()
        + table
            .row_totals
            .iter()
            .filter(|count| count.is_none())
            .count()
        + table
            .column_totals
            .iter()
            .filter(|count| count.is_none())
            .count()
        + usize::from(table.grand_total.is_none())
}

#[rstest]
#[case::nothing_small(vec![vec![10, 20, 0], vec![5, 0, 7]], 5)]
#[case::k_one_publishes_everything(vec![vec![1, 2, 0], vec![0, 1, 1]], 1)]
#[case::all_zero(vec![vec![0, 0, 0]], 5)]
#[case::no_rows(vec![], 5)]
fn a_table_of_zeros_and_large_counts_suppresses_nothing(
    #[case] rows: Vec<Vec<u64>>,
    #[case] k: u64,
) {
    let table = protect(&rows, 3, k);
    assert_eq!(n_suppressed(&table), 0);
    assert_protected(&rows, 3, k, &table);
}

#[test]
fn a_single_small_cell_gets_a_rectangle_of_complements_and_the_margins_stay() {
    let rows = vec![vec![30, 2, 40], vec![50, 60, 70], vec![20, 25, 90]];
    let table = protect(&rows, 3, 5);
    assert_eq!(table.cells[0][1], None);
    // A row with a single suppressed cell would give it away: a partner in
    // the row, and one in the column, and the fourth corner.
    assert_eq!(
        table.cells[0].iter().filter(|cell| cell.is_none()).count(),
        2
    );
    assert_eq!(table.column_totals, vec![Some(100), Some(87), Some(200)]);
    assert_eq!(table.grand_total, Some(387));
    assert_protected(&rows, 3, 5, &table);
}

#[test]
fn a_small_row_total_is_suppressed_with_its_small_cells_and_protected_through_another_row() {
    let rows = vec![vec![1, 2, 0], vec![10, 20, 30], vec![40, 50, 60]];
    let table = protect(&rows, 3, 5);
    assert_eq!(table.row_totals[0], None);
    assert_eq!(table.cells[0][2], Some(0), "a zero is published");
    assert_protected(&rows, 3, 5, &table);
}

#[test]
fn a_small_column_total_takes_a_partner_among_the_margins() {
    let rows = vec![vec![3, 40, 50], vec![0, 60, 70]];
    let table = protect(&rows, 3, 5);
    assert_eq!(table.column_totals[0], None);
    // The smallest other total is its partner: 100 (column 1) < 120 < 223.
    assert_eq!(table.column_totals, vec![None, None, Some(120)]);
    assert_eq!(table.grand_total, Some(223));
    assert_protected(&rows, 3, 5, &table);
}

#[test]
fn a_small_grand_total_hides_every_non_zero_count() {
    let rows = vec![vec![1, 0, 2], vec![0, 0, 1]];
    let table = protect(&rows, 3, 5);
    assert_eq!(table.grand_total, None);
    assert_eq!(table.cells[0], vec![None, Some(0), None]);
    assert_protected(&rows, 3, 5, &table);
}

#[test]
fn the_checker_sees_what_a_single_suppressed_cell_gives_away() {
    let table = ProtectedTable {
        cells: vec![vec![None, Some(5)], vec![Some(7), Some(8)]],
        row_totals: vec![Some(8), Some(15)],
        column_totals: vec![Some(10), Some(13)],
        grand_total: Some(23),
    };
    assert_eq!(determined(&table, 2, 2), vec![Count::Cell(0, 0)]);
    let rectangle = ProtectedTable {
        cells: vec![vec![None, None], vec![None, None]],
        ..table.clone()
    };
    assert!(determined(&rectangle, 2, 2).is_empty());
    let row_total_alone = ProtectedTable {
        row_totals: vec![None, Some(15)],
        ..table.clone()
    };
    let mut row_total_alone = row_total_alone;
    row_total_alone.cells[0][0] = Some(3);
    assert_eq!(determined(&row_total_alone, 2, 2), vec![Count::RowTotal(0)]);
}

#[rstest]
#[case("2025Q3", Some(("2025-07-01", "2025-09-30")))]
#[case("2024Q1", Some(("2024-01-01", "2024-03-31")))]
#[case("2024Q4", Some(("2024-10-01", "2024-12-31")))]
#[case("2025Q5", None)]
#[case("2025q3", None)]
#[case("25Q3", None)]
#[case("0000Q1", None)]
#[case("+202Q1", None)]
fn quarters_parse_to_their_first_and_last_day(
    #[case] text: &str,
    #[case] days: Option<(&str, &str)>,
) {
    let quarter = Quarter::parse(text);
    assert_eq!(
        quarter.map(|quarter| (quarter.first_day(), quarter.last_day())),
        days.map(|(first, last)| (date(first), date(last)))
    );
    if let Some(quarter) = quarter {
        assert_eq!(quarter.to_string(), text);
    }
}

#[test]
fn a_quarter_has_ended_before_the_day_after_its_last_day() {
    let quarter = Quarter::parse("2025Q3").unwrap();
    assert!(!quarter.has_ended_before(date("2025-09-30")));
    assert!(quarter.has_ended_before(date("2025-10-01")));
}

#[rstest]
#[case("1985-03-15", "2025-03-14", 39, "30-39")]
#[case("1985-03-15", "2025-03-15", 40, "40-49")]
#[case("1958-07-01", "2025-07-01", 67, "67+")]
#[case("1958-07-02", "2025-07-01", 66, "60-66")]
#[case("1996-02-29", "2025-02-28", 29, "0-29")]
#[case("1995-02-28", "2025-02-28", 30, "30-39")]
fn age_is_whole_years_on_the_day(
    #[case] birth: &str,
    #[case] on: &str,
    #[case] age: i32,
    #[case] band: &str,
) {
    let years = age_on(date(birth), date(on));
    assert_eq!(years, age);
    assert_eq!(AgeBand::of_age(years).as_str(), band);
}

fn certificate(
    id: &str,
    from: &str,
    to: &str,
    grade: i64,
    diagnosis: Option<(&str, &str)>,
) -> Document {
    Document {
        person: Fnr::parse("15438510092").unwrap(),
        id: id.to_owned(),
        unit: None,
        body: DocumentBody::Followup(Event::SickLeave(SickLeave {
            id: id.to_owned(),
            period: DateRange::new(date(from), date(to)).unwrap(),
            grade: Grade::new(grade).unwrap(),
            employer: None,
            corrects: None,
        })),
        diagnosis: diagnosis.map(|(system, code)| crate::document::Diagnosis {
            system: if system == "ICD-10" {
                crate::document::DiagnosisSystem::Icd10
            } else {
                crate::document::DiagnosisSystem::Icpc2
            },
            code: code.to_owned(),
        }),
        gp: None,
    }
}

#[test]
fn a_case_counts_with_the_diagnosis_of_the_certificate_at_its_end() {
    let person = Fnr::parse("15438510092").unwrap();
    let documents = vec![
        certificate(
            "a",
            "2025-07-01",
            "2025-08-31",
            100,
            Some(("ICPC-2", "L03")),
        ),
        // Covers the last day too and starts later: its diagnosis counts.
        certificate("b", "2025-08-20", "2025-08-31", 50, Some(("ICD-10", "F32"))),
        // Same start as b, lower grade.
        certificate("c", "2025-08-20", "2025-08-31", 40, Some(("ICD-10", "M54"))),
    ];
    let quarter = Quarter::parse("2025Q3").unwrap();
    let cases = counted_cases(
        &mut FollowupEngine::default(),
        &person,
        UnitCode::UNKNOWN,
        &documents,
        quarter,
    )
    .unwrap();
    assert_eq!(
        cases,
        vec![CountedCase {
            column: Column::ActivityRequirement,
            unit: UnitCode::UNKNOWN,
            diagnosis_chapter: Some("ICD-10:F".to_owned()),
            age_band: AgeBand::From40To49,
            graded: false,
        }]
    );
    assert_eq!(cases[0].group(Dimension::Unit), "0000");
    assert_eq!(cases[0].group(Dimension::Graded), "full");
    // Equal start and grade: the id that sorts last.
    let tied = vec![
        certificate("x", "2025-07-01", "2025-07-10", 100, None),
        certificate(
            "y",
            "2025-07-01",
            "2025-07-10",
            100,
            Some(("ICPC-2", "P76")),
        ),
    ];
    let cases = counted_cases(
        &mut FollowupEngine::default(),
        &person,
        UnitCode::UNKNOWN,
        &tied,
        quarter,
    )
    .unwrap();
    assert_eq!(cases[0].group(Dimension::DiagnosisChapter), "ICPC-2:P");
    assert_eq!(cases[0].column, Column::None);
    // A case starting in another quarter is not counted.
    let cases = counted_cases(
        &mut FollowupEngine::default(),
        &person,
        UnitCode::UNKNOWN,
        &tied,
        Quarter::parse("2025Q2").unwrap(),
    )
    .unwrap();
    assert!(cases.is_empty());
}

#[test]
fn the_table_has_a_row_per_value_in_code_point_order() {
    let case = |unit: &str, column| CountedCase {
        column,
        unit: UnitCode::parse(unit).unwrap(),
        diagnosis_chapter: None,
        age_band: AgeBand::UpTo29,
        graded: true,
    };
    let cases = vec![
        case("4601", Column::None),
        case("0301", Column::MaxDate),
        case("0301", Column::MaxDate),
    ];
    let quarter = Quarter::parse("2025Q3").unwrap();
    let table = table(&cases, quarter, Dimension::Unit, 1);
    assert_eq!(table.groups, vec!["0301", "4601"]);
    assert_eq!(
        table.counts.cells[0],
        vec![Some(0), Some(0), Some(0), Some(0), Some(2)]
    );
    assert_eq!(table.counts.grand_total, Some(3));
}

/// Tables with many small counts: up to 12 rows of up to 6 columns.
fn tables() -> impl Strategy<Value = (Vec<Vec<u64>>, usize, u64)> {
    (1usize..=6, 0usize..=12, 1u64..=10).prop_flat_map(|(n_columns, n_rows, k)| {
        let count = prop_oneof![
            4 => Just(0u64),
            6 => 1u64..10,
            2 => 10u64..60,
        ];
        (
            proptest::collection::vec(proptest::collection::vec(count, n_columns), n_rows),
            Just(n_columns),
            Just(k),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn every_protected_table_keeps_rules_1_to_4((rows, n_columns, k) in tables()) {
        let table = protect(&rows, n_columns, k);
        assert_protected(&rows, n_columns, k, &table);
    }

    #[test]
    fn a_table_without_small_counts_suppresses_nothing(
        (rows, n_columns, k) in (1usize..=6, 0usize..=12, 1u64..=10).prop_flat_map(|(n_columns, n_rows, k)| {
            let count = prop_oneof![Just(0u64), k..k + 50];
            (
                proptest::collection::vec(proptest::collection::vec(count, n_columns), n_rows),
                Just(n_columns),
                Just(k),
            )
        })
    ) {
        // Counts of 0 or at least k have totals of 0 or at least k.
        prop_assert_eq!(n_suppressed(&protect(&rows, n_columns, k)), 0);
    }

    #[test]
    fn the_margins_are_the_same_whatever_the_rows(
        cases in proptest::collection::vec((0usize..5, 0u8..4, 0u8..7), 0..60),
        k in 1u64..=10,
    ) {
        let quarter = Quarter::parse("2025Q3").unwrap();
        let counted: Vec<CountedCase> = cases
            .iter()
            .map(|(column, unit, chapter)| CountedCase {
                column: Column::ALL[*column],
                unit: UnitCode::parse(&format!("030{unit}")).unwrap(),
                diagnosis_chapter: (*chapter > 0).then(|| format!("ICPC-2:{chapter}")),
                age_band: AgeBand::of_age(i32::from(*chapter) * 10),
                graded: *unit % 2 == 0,
            })
            .collect();
        let margins: Vec<(Vec<Option<u64>>, Option<u64>)> = Dimension::ALL
            .into_iter()
            .map(|by| {
                let table = table(&counted, quarter, by, k);
                let n_columns = Column::ALL.len();
                let rows: Vec<Vec<u64>> = table
                    .groups
                    .iter()
                    .map(|group| {
                        let mut row = vec![0; n_columns];
                        for case in counted.iter().filter(|case| case.group(by) == *group) {
                            row[case.column as usize] += 1;
                        }
                        row
                    })
                    .collect();
                assert_protected(&rows, n_columns, k, &table.counts);
                (table.counts.column_totals, table.counts.grand_total)
            })
            .collect();
        for other in &margins[1..] {
            prop_assert_eq!(other, &margins[0]);
        }
    }
}

#[test]
fn a_zero_is_suppressed_only_when_the_fixed_margins_leave_nothing_else() {
    // Row 1's total (3) equals the two suppressed column totals, whose sum
    // the published margins give away; row 0 lies in a published column.
    let rows = vec![vec![0, 29, 0, 0, 0], vec![0, 0, 0, 2, 1]];
    let table = protect(&rows, 5, 8);
    assert_eq!(
        table.column_totals,
        vec![Some(0), Some(29), Some(0), None, None]
    );
    assert_eq!(table.row_totals[1], None);
    assert!(table.cells[0].iter().any(Option::is_none));
    assert_protected(&rows, 5, 8, &table);
}

#[test]
fn a_national_table_of_many_units_with_many_small_counts_is_protected() {
    // About as many rows as NAV has units, counts from a fixed pseudo-random walk.
    let mut seed: u64 = 0x5eed;
    let mut next = || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % 40
    };
    let rows: Vec<Vec<u64>> = (0..250)
        .map(|_| (0..5).map(|_| next().saturating_sub(15)).collect())
        .collect();
    let table = protect(&rows, 5, 5);
    assert_protected(&rows, 5, 5, &table);
}
