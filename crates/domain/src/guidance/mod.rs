//! Career guidance: self-assessment instruments as data, and their scores
//! (`shared/contracts/guidance.md`).
//!
//! An instrument is a [`Definition`] a career centre can read and change: a
//! `scales` instrument (items that each belong to one scale, such as Holland's
//! six interest types) or a `wheel` (life and work areas, each rated for
//! today and desired). A person's [`Answers`] are scored by [`score`] with the
//! definition they were given on. Values here are already valid: the
//! contract crate turns JSON into them and names the field of any error.

mod catalogue;
mod definition;
mod flow;
pub mod occupations;
pub mod plan;
mod process;
mod score;

pub use catalogue::{Catalogue, LoadProblem};
pub use definition::{
    AnswerRange, Area, Definition, DefinitionError, ElementId, IdError, InstrumentId, Item,
    ItemDraft, Language, OutsideRange, RangeError, Scale, Shape, Texts, TextsError,
};
pub use flow::{flow_areas, FlowArea, FlowState};
pub use process::{next_session, Session, SessionPlan, SessionPlanError, SessionPurpose};
pub use score::{
    score, Answers, AreaResult, Mean, ScaleResult, ScalesResult, Score, WheelAnswer, WheelResult,
};

#[cfg(test)]
mod tests;
