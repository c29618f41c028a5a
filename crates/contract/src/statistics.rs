//! The statistics table of `statistics.md` as JSON and CSV.
//!
//! The JSON keys come in the contract's order (`quarter`, `by`, `k`,
//! `columns`, `rows`, `total`), so the document is written by serializing
//! structs, whose fields keep their order, rather than a map. It is not the
//! place for counting or protecting: the table arrives protected.

use std::fmt::Write as _;

use serde::Serialize;
use tilbake_domain::statistics::{Column, StatisticsTable};

#[derive(Serialize)]
struct TableJson<'a> {
    quarter: String,
    by: &'static str,
    k: u64,
    columns: Vec<&'static str>,
    rows: Vec<RowJson<'a>>,
    total: TotalJson<'a>,
}

#[derive(Serialize)]
struct RowJson<'a> {
    group: &'a str,
    cells: &'a [Option<u64>],
    total: Option<u64>,
}

#[derive(Serialize)]
struct TotalJson<'a> {
    cells: &'a [Option<u64>],
    total: Option<u64>,
}

fn json_document(table: &StatisticsTable) -> TableJson<'_> {
    let counts = &table.counts;
    TableJson {
        quarter: table.quarter.to_string(),
        by: table.by.as_str(),
        k: table.k,
        columns: Column::ALL.iter().map(|column| column.as_str()).collect(),
        rows: table
            .groups
            .iter()
            .zip(&counts.cells)
            .zip(&counts.row_totals)
            .map(|((group, cells), total)| RowJson {
                group,
                cells,
                total: *total,
            })
            .collect(),
        total: TotalJson {
            cells: &counts.column_totals,
            total: counts.grand_total,
        },
    }
}

/// The table as one line of the contract's JSON, keys in its order (a
/// `serde_json::Value` would sort them), `null` for a suppressed count.
pub fn table_json(table: &StatisticsTable) -> String {
    serde_json::to_string(&json_document(table)).unwrap_or_default()
}

/// A CSV field, quoted when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn csv_line(out: &mut String, group: &str, cells: &[Option<u64>], total: Option<u64>) {
    out.push_str(&csv_field(group));
    for count in cells.iter().chain(std::iter::once(&total)) {
        out.push(',');
        if let Some(count) = count {
            let _ = write!(out, "{count}");
        }
    }
    out.push('\n');
}

/// The table as the contract's CSV: a header `group,<columns>,total`, a line
/// per row, a last line `total,…`; a suppressed count is an empty field.
pub fn table_csv(table: &StatisticsTable) -> String {
    let counts = &table.counts;
    let mut out = String::from("group");
    for column in Column::ALL {
        out.push(',');
        out.push_str(column.as_str());
    }
    out.push_str(",total\n");
    for ((group, cells), total) in table
        .groups
        .iter()
        .zip(&counts.cells)
        .zip(&counts.row_totals)
    {
        csv_line(&mut out, group, cells, *total);
    }
    csv_line(&mut out, "total", &counts.column_totals, counts.grand_total);
    out
}

#[cfg(test)]
mod tests {
    use tilbake_domain::identity::UnitCode;
    use tilbake_domain::statistics::{table, AgeBand, CountedCase, Dimension, Quarter};

    use super::*;

    fn example() -> StatisticsTable {
        let case = |unit: &str, column| CountedCase {
            column,
            unit: UnitCode::parse(unit).unwrap(),
            diagnosis_chapter: None,
            age_band: AgeBand::UpTo29,
            graded: false,
        };
        let mut cases = vec![case("4601", Column::None)];
        cases.extend((0..6).map(|_| case("0301", Column::MaxDate)));
        cases.extend((0..7).map(|_| case("0301", Column::None)));
        table(
            &cases,
            Quarter::parse("2025Q3").unwrap(),
            Dimension::Unit,
            5,
        )
    }

    #[test]
    fn the_json_keeps_the_contract_key_order_and_writes_null_for_suppressed_counts() {
        assert_eq!(
            table_json(&example()),
            r#"{"quarter":"2025Q3","by":"unit","k":5,"columns":["none","employer_period_end","activity_requirement","dialogue_meeting_2","max_date"],"rows":[{"group":"0301","cells":[null,0,0,0,6],"total":null},{"group":"4601","cells":[null,0,0,0,0],"total":null}],"total":{"cells":[8,0,0,0,6],"total":14}}"#
        );
    }

    #[test]
    fn the_csv_has_a_header_a_line_per_row_and_a_total_line() {
        assert_eq!(
            table_csv(&example()),
            "group,none,employer_period_end,activity_requirement,dialogue_meeting_2,max_date,total\n\
             0301,,0,0,0,6,\n\
             4601,,0,0,0,0,\n\
             total,8,0,0,0,6,14\n"
        );
        assert_eq!(csv_field("a,\"b"), "\"a,\"\"b\"");
    }
}
