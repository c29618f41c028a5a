//! The motivation and mastery profile, read after flow theory: for each
//! activity area, how challenging the person finds it and how well they
//! master it, and where that places them.

use super::definition::{Definition, Shape};
use super::score::ScalesResult;

/// Where a person is in one activity area.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlowState {
    /// Challenge and skill in balance, and not both low.
    Thriving,
    /// Skill clearly above challenge.
    Bored,
    /// Challenge clearly above skill.
    Stretched,
    /// Both low: the area does not engage the person now.
    Low,
}

/// One activity area: the indexes of its challenge and skill scales.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlowArea {
    pub challenge: usize,
    pub skill: usize,
    pub state: FlowState,
}

/// How many percentage points challenge and skill may differ and still be in balance.
const BALANCE: u64 = 20;

/// The areas of an instrument whose scales come in pairs `<area>-ch`
/// (challenge) and `<area>-sk` (skill), in the order of the challenge
/// scales, for the pairs where both have a score. Other instruments have none.
pub fn flow_areas(definition: &Definition, result: &ScalesResult) -> Vec<FlowArea> {
    let Shape::Scales { scales, .. } = &definition.shape else {
        return Vec::new();
    };
    let (min, max) = (definition.answers.min(), definition.answers.max());
    let percent = |index: usize| {
        result
            .scales
            .get(index)
            .and_then(|scale| scale.mean)
            .map(|mean| mean.percent(min, max))
    };
    scales
        .iter()
        .enumerate()
        .filter_map(|(challenge, scale)| {
            let area = scale.id.as_str().strip_suffix("-ch")?;
            let skill = scales
                .iter()
                .position(|other| other.id.as_str() == format!("{area}-sk"))?;
            let (c, s) = (percent(challenge)?, percent(skill)?);
            let state = if c.abs_diff(s) <= BALANCE {
                if c < 50 && s < 50 {
                    FlowState::Low
                } else {
                    FlowState::Thriving
                }
            } else if s > c {
                FlowState::Bored
            } else {
                FlowState::Stretched
            };
            Some(FlowArea {
                challenge,
                skill,
                state,
            })
        })
        .collect()
}
