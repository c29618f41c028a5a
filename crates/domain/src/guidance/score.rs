//! Scoring by the contract's rules, in exact integer arithmetic: a mean is
//! kept as a sum and a count, and rounded half up only when it is shown.

use std::cmp::Ordering;

use super::definition::{Definition, Shape};

/// A wheel area's two ratings; `None` is not answered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WheelAnswer {
    pub current: Option<u8>,
    pub desired: Option<u8>,
}

/// A person's answers to one instrument, in the definition's order and
/// already checked against its range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answers {
    /// One entry per item.
    Scales(Vec<Option<u8>>),
    /// One entry per area.
    Wheel(Vec<WheelAnswer>),
}

impl Answers {
    /// Nothing answered yet, shaped for a definition.
    pub fn empty(definition: &Definition) -> Answers {
        match &definition.shape {
            Shape::Scales { items, .. } => Answers::Scales(vec![None; items.len()]),
            Shape::Wheel { areas } => Answers::Wheel(vec![WheelAnswer::default(); areas.len()]),
        }
    }

    /// How many questions have every answer they need.
    pub fn answered(&self) -> usize {
        match self {
            Answers::Scales(values) => values.iter().flatten().count(),
            Answers::Wheel(areas) => areas
                .iter()
                .filter(|area| area.current.is_some() && area.desired.is_some())
                .count(),
        }
    }
}

/// The exact mean of a scale's values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mean {
    sum: u64,
    count: u64,
}

impl Mean {
    /// The mean in hundredths, rounded half up (`3.666…` is 367).
    pub fn hundredths(self) -> u64 {
        rounded_half_up(self.sum * 100, self.count)
    }

    /// Where the mean lies between `min` and `max`, in whole percent rounded half up.
    pub fn percent(self, min: u8, max: u8) -> u64 {
        let above_min = self.sum - self.count * u64::from(min);
        rounded_half_up(above_min * 100, self.count * u64::from(max - min))
    }

    /// Compares exactly: `a/b` against `c/d` as `a·d` against `c·b`.
    pub fn compare(self, other: Mean) -> Ordering {
        (u128::from(self.sum) * u128::from(other.count))
            .cmp(&(u128::from(other.sum) * u128::from(self.count)))
    }

    /// The mean as a number, for charts.
    pub fn value(self) -> f64 {
        // Counts are small (a definition's items), so the conversion is exact.
        self.sum as f64 / self.count as f64
    }
}

/// `numerator / denominator` rounded half up; both are non-negative.
fn rounded_half_up(numerator: u64, denominator: u64) -> u64 {
    if denominator == 0 {
        return 0;
    }
    (2 * numerator + denominator) / (2 * denominator)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScaleResult {
    /// The index of the scale in the definition.
    pub scale: usize,
    pub answered: usize,
    pub items: usize,
    /// `None` when fewer than half of the scale's items are answered.
    pub mean: Option<Mean>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalesResult {
    pub scales: Vec<ScaleResult>,
    /// Indexes of at most three scales with a score, highest mean first.
    pub top: Vec<usize>,
    pub complete: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AreaResult {
    /// The index of the area in the definition.
    pub area: usize,
    pub current: Option<u8>,
    pub desired: Option<u8>,
    /// `desired − current` when both are answered.
    pub gap: Option<i16>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WheelResult {
    pub areas: Vec<AreaResult>,
    /// Indexes of the areas with a gap, largest gap first.
    pub ranked: Vec<usize>,
    pub complete: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Score {
    Scales(ScalesResult),
    Wheel(WheelResult),
}

/// How many scales `top` names at most.
const TOP: usize = 3;

/// Scores answers with the definition they were given on. Answers of the
/// other shape, or with fewer entries than the definition, count as not
/// answered where they do not fit.
pub fn score(definition: &Definition, answers: &Answers) -> Score {
    match &definition.shape {
        Shape::Scales { scales, items } => {
            let values: &[Option<u8>] = match answers {
                Answers::Scales(values) => values,
                Answers::Wheel(_) => &[],
            };
            let (min, max) = (definition.answers.min(), definition.answers.max());
            let mut results: Vec<ScaleResult> = (0..scales.len())
                .map(|scale| ScaleResult {
                    scale,
                    answered: 0,
                    items: 0,
                    mean: None,
                })
                .collect();
            let mut sums = vec![0u64; scales.len()];
            let mut complete = true;
            for (index, item) in items.iter().enumerate() {
                let (Some(result), Some(sum)) =
                    (results.get_mut(item.scale), sums.get_mut(item.scale))
                else {
                    continue;
                };
                result.items += 1;
                // An answer outside the range cannot come through the contract;
                // should one be built by hand, it counts as not answered.
                match values
                    .get(index)
                    .copied()
                    .flatten()
                    .filter(|answer| (min..=max).contains(answer))
                {
                    Some(answer) => {
                        let value = if item.reversed {
                            min + max - answer
                        } else {
                            answer
                        };
                        result.answered += 1;
                        *sum += u64::from(value);
                    }
                    None => complete = false,
                }
            }
            for (result, sum) in results.iter_mut().zip(sums) {
                if result.answered > 0 && 2 * result.answered >= result.items {
                    result.mean = Some(Mean {
                        sum,
                        count: result.answered as u64,
                    });
                }
            }
            let mut ranked: Vec<(usize, Mean)> = results
                .iter()
                .filter_map(|result| result.mean.map(|mean| (result.scale, mean)))
                .collect();
            // A stable sort keeps the definition's order among equal means.
            ranked.sort_by(|(_, a), (_, b)| b.compare(*a));
            Score::Scales(ScalesResult {
                scales: results,
                top: ranked
                    .into_iter()
                    .take(TOP)
                    .map(|(scale, _)| scale)
                    .collect(),
                complete,
            })
        }
        Shape::Wheel { areas } => {
            let given: &[WheelAnswer] = match answers {
                Answers::Wheel(given) => given,
                Answers::Scales(_) => &[],
            };
            let results: Vec<AreaResult> = (0..areas.len())
                .map(|area| {
                    let answer = given.get(area).copied().unwrap_or_default();
                    AreaResult {
                        area,
                        current: answer.current,
                        desired: answer.desired,
                        gap: match (answer.current, answer.desired) {
                            (Some(current), Some(desired)) => {
                                Some(i16::from(desired) - i16::from(current))
                            }
                            _ => None,
                        },
                    }
                })
                .collect();
            let mut ranked: Vec<(usize, i16)> = results
                .iter()
                .filter_map(|result| result.gap.map(|gap| (result.area, gap)))
                .collect();
            ranked.sort_by(|(_, a), (_, b)| b.cmp(a));
            Score::Wheel(WheelResult {
                complete: results.iter().all(|result| result.gap.is_some()),
                areas: results,
                ranked: ranked.into_iter().map(|(area, _)| area).collect(),
            })
        }
    }
}
