//! An independent check of rule 3 for the tests: it does not trust the
//! protection's graph argument. It writes down the table's sums as linear
//! equations over every count, keeps the suppressed counts as unknowns (the
//! published ones move to the right-hand side and do not matter for what
//! is determined), and brings the unknowns' coefficients to reduced row
//! echelon form with exact integer arithmetic. A suppressed count is
//! determined exactly when its unit vector lies in the row space, that is
//! when some reduced row has its only non-zero coefficient at that count.

use super::ProtectedTable;

/// A count of the table, by position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Cell(usize, usize),
    RowTotal(usize),
    ColumnTotal(usize),
    GrandTotal,
}

/// The suppressed counts of `table` (of `n_rows` × `n_columns`) that the
/// published ones determine through the table's sums.
pub fn determined(table: &ProtectedTable, n_rows: usize, n_columns: usize) -> Vec<Count> {
    let mut counts: Vec<(Count, bool)> = Vec::new();
    for row in 0..n_rows {
        for column in 0..n_columns {
            counts.push((Count::Cell(row, column), table.cells[row][column].is_none()));
        }
    }
    for row in 0..n_rows {
        counts.push((Count::RowTotal(row), table.row_totals[row].is_none()));
    }
    for column in 0..n_columns {
        counts.push((
            Count::ColumnTotal(column),
            table.column_totals[column].is_none(),
        ));
    }
    counts.push((Count::GrandTotal, table.grand_total.is_none()));
    let unknowns: Vec<Count> = counts
        .iter()
        .filter(|(_, suppressed)| *suppressed)
        .map(|(count, _)| *count)
        .collect();
    let position = |count: Count| unknowns.iter().position(|unknown| *unknown == count);

    // Every equation as its terms (count, coefficient).
    let mut equations: Vec<Vec<(Count, i128)>> = Vec::new();
    for row in 0..n_rows {
        let mut terms: Vec<(Count, i128)> = (0..n_columns)
            .map(|column| (Count::Cell(row, column), 1))
            .collect();
        terms.push((Count::RowTotal(row), -1));
        equations.push(terms);
    }
    for column in 0..n_columns {
        let mut terms: Vec<(Count, i128)> = (0..n_rows)
            .map(|row| (Count::Cell(row, column), 1))
            .collect();
        terms.push((Count::ColumnTotal(column), -1));
        equations.push(terms);
    }
    let mut by_rows: Vec<(Count, i128)> =
        (0..n_rows).map(|row| (Count::RowTotal(row), 1)).collect();
    by_rows.push((Count::GrandTotal, -1));
    equations.push(by_rows);
    let mut by_columns: Vec<(Count, i128)> = (0..n_columns)
        .map(|column| (Count::ColumnTotal(column), 1))
        .collect();
    by_columns.push((Count::GrandTotal, -1));
    equations.push(by_columns);

    let mut matrix: Vec<Vec<i128>> = equations
        .iter()
        .map(|terms| {
            let mut row = vec![0i128; unknowns.len()];
            for (count, coefficient) in terms {
                if let Some(index) = position(*count) {
                    row[index] += coefficient;
                }
            }
            row
        })
        .collect();
    reduce(&mut matrix, unknowns.len());
    unknowns
        .iter()
        .enumerate()
        .filter(|(index, _)| {
            matrix.iter().any(|row| {
                row[*index] != 0
                    && row
                        .iter()
                        .enumerate()
                        .all(|(other, value)| other == *index || *value == 0)
            })
        })
        .map(|(_, count)| *count)
        .collect()
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Reduced row echelon form, fraction-free: each row is kept divided by the
/// gcd of its entries, so the numbers stay small.
fn reduce(matrix: &mut [Vec<i128>], n_columns: usize) {
    let mut pivot_row = 0;
    for column in 0..n_columns {
        let Some(found) = (pivot_row..matrix.len()).find(|row| matrix[*row][column] != 0) else {
            continue;
        };
        matrix.swap(pivot_row, found);
        let pivot = matrix[pivot_row].clone();
        for (row_index, row) in matrix.iter_mut().enumerate() {
            if row_index == pivot_row || row[column] == 0 {
                continue;
            }
            let factor = row[column];
            for (value, pivot_value) in row.iter_mut().zip(&pivot) {
                *value = value
                    .checked_mul(pivot[column])
                    .and_then(|scaled| scaled.checked_sub(factor.checked_mul(*pivot_value)?))
                    .expect("the elimination stays within i128");
            }
            let divisor = row.iter().fold(0, |acc, value| gcd(acc, *value));
            if divisor > 1 {
                for value in row.iter_mut() {
                    *value /= divisor;
                }
            }
        }
        pivot_row += 1;
        if pivot_row == matrix.len() {
            break;
        }
    }
}
