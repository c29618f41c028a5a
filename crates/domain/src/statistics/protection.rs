//! Protection of a table of counts against the disclosure of small counts:
//! primary suppression of the counts between 1 and k − 1, and complementary
//! suppression so that no suppressed count follows from the published ones
//! through the table's sums.
//!
//! The table is seen as an *augmented* matrix of (rows + 1) × (columns + 1)
//! entries: the cells, each row's total in the last column, the column
//! totals in the last row and the grand total in the corner. With the totals'
//! signs flipped (the corner's kept), every line of the augmented matrix adds
//! up to zero, which are exactly the table's sums. Such a system is the flow
//! conservation of a bipartite graph whose nodes are the augmented matrix'
//! lines and whose edges are its entries: with the published entries filled
//! in, the suppressed entries are the unknown flows, and an unknown flow is
//! determined exactly when its edge is a *bridge* of the graph of the
//! unknown edges (on no cycle of it). So the protection makes every
//! suppressed entry lie on a cycle of suppressed entries.
//!
//! The column totals and the grand total (the *margins*) depend only on the
//! quarter, so they are protected first and among themselves alone
//! ([`protect_margins`]); the cells and row totals are then protected with
//! the margins' status fixed: a margin is never suppressed to protect a cell.
//!
//! It is not the place for what is counted (see the parent module) or for
//! checking the result: the tests check rule 3 with an independent exact
//! elimination that does not trust this code.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A table after protection: `None` is a suppressed count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtectedTable {
    /// Per row, its cells.
    pub cells: Vec<Vec<Option<u64>>>,
    pub row_totals: Vec<Option<u64>>,
    pub column_totals: Vec<Option<u64>>,
    pub grand_total: Option<u64>,
}

/// Whether a count is suppressed by itself: between 1 and k − 1.
fn is_small(count: u64, k: u64) -> bool {
    count >= 1 && count < k
}

/// Which of the column totals and the grand total are suppressed (the grand
/// total last), protected among themselves only: a total between 1 and
/// k − 1 is suppressed, and when only one of them would be, the smallest
/// other non-zero one (the first of equals) is suppressed with it, since
/// alone it would follow from the others through the grand total.
pub fn protect_margins(column_totals: &[u64], k: u64) -> Vec<bool> {
    let grand_total: u64 = column_totals.iter().sum();
    let margins: Vec<u64> = column_totals
        .iter()
        .copied()
        .chain(std::iter::once(grand_total))
        .collect();
    let mut suppressed: Vec<bool> = margins.iter().map(|count| is_small(*count, k)).collect();
    if suppressed.iter().filter(|flag| **flag).count() == 1 {
        let partner = margins
            .iter()
            .zip(&suppressed)
            .enumerate()
            .filter(|(_, (count, flag))| **count > 0 && !**flag)
            .min_by_key(|(index, (count, _))| (**count, *index))
            .map(|(index, _)| index);
        if let Some(flag) = partner.and_then(|index| suppressed.get_mut(index)) {
            *flag = true;
        }
    }
    suppressed
}

/// Protects a table of `rows` (each of `n_columns` counts; a shorter row
/// counts 0 in the columns it lacks) with the smallest publishable count
/// `k`: rules 1–5 of `statistics.md`.
pub fn protect(rows: &[Vec<u64>], n_columns: usize, k: u64) -> ProtectedTable {
    let mut grid = Grid::new(rows, n_columns);
    let column_totals: Vec<u64> = (0..n_columns)
        .map(|column| grid.value(grid.n_rows, column))
        .collect();
    let margins = protect_margins(&column_totals, k);
    for (column, flag) in margins.iter().enumerate() {
        grid.set_suppressed(grid.n_rows, column, *flag);
    }
    for row in 0..grid.n_rows {
        for column in 0..=n_columns {
            let small = is_small(grid.value(row, column), k);
            grid.set_suppressed(row, column, small);
        }
    }
    grid.complete_cycles();
    grid.published()
}

/// The augmented matrix, row-major: `n_rows + 1` lines of `n_columns + 1`.
struct Grid {
    n_rows: usize,
    n_columns: usize,
    values: Vec<u64>,
    suppressed: Vec<bool>,
}

/// A path's cost: the zeros it newly suppresses, the sum of the counts it
/// newly suppresses, then how many it suppresses.
type Cost = (u32, u64, u32);

impl Grid {
    fn new(rows: &[Vec<u64>], n_columns: usize) -> Grid {
        let width = n_columns + 1;
        let n_rows = rows.len();
        let mut values = vec![0u64; (n_rows + 1) * width];
        for (row_index, row) in rows.iter().enumerate() {
            for column in 0..n_columns {
                let count = row.get(column).copied().unwrap_or(0);
                let entries = [
                    row_index * width + column,
                    row_index * width + n_columns,
                    n_rows * width + column,
                    n_rows * width + n_columns,
                ];
                for entry in entries {
                    if let Some(value) = values.get_mut(entry) {
                        *value += count;
                    }
                }
            }
        }
        Grid {
            n_rows,
            n_columns,
            suppressed: vec![false; values.len()],
            values,
        }
    }

    fn width(&self) -> usize {
        self.n_columns + 1
    }

    fn index(&self, row: usize, column: usize) -> usize {
        row * self.width() + column
    }

    fn value(&self, row: usize, column: usize) -> u64 {
        self.values
            .get(self.index(row, column))
            .copied()
            .unwrap_or(0)
    }

    fn set_suppressed(&mut self, row: usize, column: usize, flag: bool) {
        let index = self.index(row, column);
        if let Some(entry) = self.suppressed.get_mut(index) {
            *entry = flag;
        }
    }

    fn is_suppressed(&self, entry: usize) -> bool {
        self.suppressed.get(entry).copied().unwrap_or(false)
    }

    /// A published count that may be suppressed as a complement: a cell or a
    /// row total, never a margin.
    fn is_candidate(&self, entry: usize) -> bool {
        entry / self.width() < self.n_rows && !self.is_suppressed(entry)
    }

    /// The graph's nodes of an entry: its line and its column.
    fn ends(&self, entry: usize) -> (usize, usize) {
        let row = entry / self.width();
        let column = entry % self.width();
        (row, self.n_rows + 1 + column)
    }

    fn n_nodes(&self) -> usize {
        self.n_rows + 1 + self.width()
    }

    /// Suppresses complements until no suppressed entry is a bridge: for a
    /// bridge, the cheapest path between its ends that avoids it (over
    /// suppressed entries for free and candidates at their count) is
    /// suppressed, which puts the bridge and the path on one cycle. Adding
    /// edges never makes a bridge, so each round removes at least one.
    ///
    /// A zero is suppressed only when nothing else can protect a count: when
    /// the fixed margins leave no cycle of non-zero counts (a small row total
    /// that equals the sum of two suppressed column totals while the other
    /// rows lie in published columns). Rule 3 comes before publishing every
    /// zero.
    fn complete_cycles(&mut self) {
        for _round in 0..=self.values.len() {
            let Some(bridge) = self.first_bridge() else {
                return;
            };
            let path = self.cheapest_path_around(bridge);
            match path {
                Some(path) if !path.is_empty() => {
                    for entry in path {
                        if let Some(flag) = self.suppressed.get_mut(entry) {
                            *flag = true;
                        }
                    }
                }
                // Cannot happen when the margins are protected (every entry
                // of a table lies on a cycle of the table's entries and the
                // suppressed margins); should it, the safe answer is to
                // publish none of the table's own counts.
                _ => {
                    for entry in 0..self.values.len() {
                        if self.is_candidate(entry) {
                            if let Some(flag) = self.suppressed.get_mut(entry) {
                                *flag = true;
                            }
                        }
                    }
                }
            }
        }
    }

    /// The first suppressed entry (row-major) that is a bridge of the graph
    /// of suppressed entries (Tarjan's low-link, iteratively).
    fn first_bridge(&self) -> Option<usize> {
        let n_nodes = self.n_nodes();
        let mut adjacent: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n_nodes];
        for entry in (0..self.values.len()).filter(|entry| self.is_suppressed(*entry)) {
            let (a, b) = self.ends(entry);
            if let Some(list) = adjacent.get_mut(a) {
                list.push((b, entry));
            }
            if let Some(list) = adjacent.get_mut(b) {
                list.push((a, entry));
            }
        }
        let mut order: Vec<Option<usize>> = vec![None; n_nodes];
        let mut low: Vec<usize> = vec![0; n_nodes];
        let mut bridges: Vec<usize> = Vec::new();
        let mut counter = 0;
        for root in 0..n_nodes {
            if order.get(root).copied().flatten().is_some() {
                continue;
            }
            // (node, the entry it was reached by, next neighbour to look at)
            let mut stack: Vec<(usize, Option<usize>, usize)> = vec![(root, None, 0)];
            if let Some(slot) = order.get_mut(root) {
                *slot = Some(counter);
            }
            if let Some(slot) = low.get_mut(root) {
                *slot = counter;
            }
            counter += 1;
            while let Some(top) = stack.last_mut() {
                let (node, via, next) = *top;
                top.2 += 1;
                let neighbour = adjacent.get(node).and_then(|list| list.get(next)).copied();
                match neighbour {
                    Some((_, entry)) if Some(entry) == via => {}
                    Some((other, entry)) => {
                        if let Some(seen) = order.get(other).copied().flatten() {
                            if let Some(slot) = low.get_mut(node) {
                                *slot = (*slot).min(seen);
                            }
                        } else {
                            if let Some(slot) = order.get_mut(other) {
                                *slot = Some(counter);
                            }
                            if let Some(slot) = low.get_mut(other) {
                                *slot = counter;
                            }
                            counter += 1;
                            stack.push((other, Some(entry), 0));
                        }
                    }
                    None => {
                        stack.pop();
                        let node_low = low.get(node).copied().unwrap_or(0);
                        let node_order = order.get(node).copied().flatten().unwrap_or(0);
                        if let (Some(&(parent, _, _)), Some(entry)) = (stack.last(), via) {
                            if let Some(slot) = low.get_mut(parent) {
                                *slot = (*slot).min(node_low);
                            }
                            if node_low == node_order {
                                bridges.push(entry);
                            }
                        }
                    }
                }
            }
        }
        bridges.into_iter().min()
    }

    /// The candidates on the cheapest path between the ends of `bridge`
    /// that does not use it (Dijkstra; suppressed entries cost nothing).
    fn cheapest_path_around(&self, bridge: usize) -> Option<Vec<usize>> {
        let n_nodes = self.n_nodes();
        let (from, to) = self.ends(bridge);
        let mut adjacent: Vec<Vec<(usize, usize, Cost)>> = vec![Vec::new(); n_nodes];
        for entry in 0..self.values.len() {
            if entry == bridge {
                continue;
            }
            let cost = if self.is_suppressed(entry) {
                (0, 0, 0)
            } else if self.is_candidate(entry) {
                let value = self.values.get(entry).copied().unwrap_or(0);
                (u32::from(value == 0), value, 1)
            } else {
                continue;
            };
            let (a, b) = self.ends(entry);
            if let Some(list) = adjacent.get_mut(a) {
                list.push((b, entry, cost));
            }
            if let Some(list) = adjacent.get_mut(b) {
                list.push((a, entry, cost));
            }
        }
        let mut best: Vec<Option<Cost>> = vec![None; n_nodes];
        let mut reached_by: Vec<Option<(usize, usize)>> = vec![None; n_nodes];
        let mut heap = BinaryHeap::new();
        if let Some(slot) = best.get_mut(from) {
            *slot = Some((0, 0, 0));
        }
        heap.push(Reverse(((0u32, 0u64, 0u32), from)));
        while let Some(Reverse((cost, node))) = heap.pop() {
            if best.get(node).copied().flatten() != Some(cost) {
                continue;
            }
            if node == to {
                break;
            }
            for &(other, entry, (n_zeros, value, n_new)) in adjacent.get(node).into_iter().flatten()
            {
                let through = (
                    cost.0 + n_zeros,
                    cost.1.saturating_add(value),
                    cost.2 + n_new,
                );
                let better = best
                    .get(other)
                    .copied()
                    .flatten()
                    .is_none_or(|known| through < known);
                if better {
                    if let Some(slot) = best.get_mut(other) {
                        *slot = Some(through);
                    }
                    if let Some(slot) = reached_by.get_mut(other) {
                        *slot = Some((node, entry));
                    }
                    heap.push(Reverse((through, other)));
                }
            }
        }
        best.get(to).copied().flatten()?;
        let mut path = Vec::new();
        let mut node = to;
        while node != from {
            let (previous, entry) = reached_by.get(node).copied().flatten()?;
            if self.is_candidate(entry) {
                path.push(entry);
            }
            node = previous;
        }
        Some(path)
    }

    fn published(&self) -> ProtectedTable {
        let shown = |row: usize, column: usize| {
            let index = self.index(row, column);
            (!self.is_suppressed(index)).then(|| self.value(row, column))
        };
        ProtectedTable {
            cells: (0..self.n_rows)
                .map(|row| {
                    (0..self.n_columns)
                        .map(|column| shown(row, column))
                        .collect()
                })
                .collect(),
            row_totals: (0..self.n_rows)
                .map(|row| shown(row, self.n_columns))
                .collect(),
            column_totals: (0..self.n_columns)
                .map(|column| shown(self.n_rows, column))
                .collect(),
            grand_total: shown(self.n_rows, self.n_columns),
        }
    }
}
