//! The action plan of career guidance (handlingsplan): the person's own
//! plan, made from the largest gaps between today and desired on the wheel.
//!
//! For each goal: a realistic start (where I am now), a desired end,
//! activities with a date and who helps, and the frames NAV and the
//! employer set. Before the plan is final, the person answers three
//! questions from the salutogenic model: is it understandable, manageable
//! and meaningful to me. Any "no", or a question not answered, keeps the
//! plan a draft; [`Plan::finality`] says why in values the pages word.
//!
//! It is not the follow-up plan (oppfølgingsplan) the employer writes.

use chrono::NaiveDate;

/// One activity towards a goal.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    pub what: String,
    pub date: Option<NaiveDate>,
    /// Who helps (free text: "Karrieresenteret", "lederen min").
    pub who: String,
}

/// One goal of the plan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Goal {
    /// What the goal is about (a wheel area's title when pre-filled).
    pub title: String,
    /// A realistic start: where I am now.
    pub start: String,
    /// The desired end.
    pub end: String,
    pub activities: Vec<Activity>,
    /// The frames set by NAV and the employer.
    pub frames: String,
}

/// One of the three questions; `None` is not answered yet.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coherence {
    /// Forståelig: I understand the plan.
    pub understandable: Option<bool>,
    /// Håndterbar: I have what it takes to follow it.
    pub manageable: Option<bool>,
    /// Meningsfull: it matters to me.
    pub meaningful: Option<bool>,
}

/// The three questions, by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    Understandable,
    Manageable,
    Meaningful,
}

impl Question {
    pub const ALL: [Question; 3] = [
        Question::Understandable,
        Question::Manageable,
        Question::Meaningful,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Question::Understandable => "understandable",
            Question::Manageable => "manageable",
            Question::Meaningful => "meaningful",
        }
    }
}

impl Coherence {
    pub fn answer(&self, question: Question) -> Option<bool> {
        match question {
            Question::Understandable => self.understandable,
            Question::Manageable => self.manageable,
            Question::Meaningful => self.meaningful,
        }
    }
}

/// Why a plan stays a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftReason {
    /// The plan has no goal yet.
    NoGoal,
    /// The person answered "no" to a question.
    No(Question),
    /// The person has not answered a question.
    Unanswered(Question),
}

/// The person's action plan, as one version holds it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub goals: Vec<Goal>,
    pub coherence: Coherence,
}

/// How many goals and activities per goal a plan holds at most.
pub const MAX_GOALS: usize = 6;
pub const MAX_ACTIVITIES: usize = 6;

impl Plan {
    /// Whether the plan may be final; otherwise every reason it stays a
    /// draft, the "no"s first.
    pub fn finality(&self) -> Result<(), Vec<DraftReason>> {
        let mut reasons = Vec::new();
        if self.goals.is_empty() {
            reasons.push(DraftReason::NoGoal);
        }
        for question in Question::ALL {
            if self.coherence.answer(question) == Some(false) {
                reasons.push(DraftReason::No(question));
            }
        }
        for question in Question::ALL {
            if self.coherence.answer(question).is_none() {
                reasons.push(DraftReason::Unanswered(question));
            }
        }
        if reasons.is_empty() {
            Ok(())
        } else {
            Err(reasons)
        }
    }
}

/// Goals to start from: one per wheel area with a gap, largest gap first
/// (`ranked` as [`super::WheelResult::ranked`] gives it), at most `limit`,
/// and only gaps where desired is above today.
pub fn goals_from_gaps(
    ranked: &[(String, u8, u8)],
    limit: usize,
    start_text: impl Fn(u8) -> String,
    end_text: impl Fn(u8) -> String,
) -> Vec<Goal> {
    ranked
        .iter()
        .filter(|(_, current, desired)| desired > current)
        .take(limit)
        .map(|(title, current, desired)| Goal {
            title: title.clone(),
            start: start_text(*current),
            end: end_text(*desired),
            activities: Vec::new(),
            frames: String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn goal() -> Goal {
        Goal {
            title: "Arbeid".to_owned(),
            ..Goal::default()
        }
    }

    #[test]
    fn a_plan_with_three_yes_may_be_final() {
        let plan = Plan {
            goals: vec![goal()],
            coherence: Coherence {
                understandable: Some(true),
                manageable: Some(true),
                meaningful: Some(true),
            },
        };
        assert_eq!(plan.finality(), Ok(()));
    }

    #[test]
    fn any_no_or_unanswered_question_keeps_the_plan_a_draft_and_says_why() {
        let plan = Plan {
            goals: vec![goal()],
            coherence: Coherence {
                understandable: Some(true),
                manageable: Some(false),
                meaningful: None,
            },
        };
        assert_eq!(
            plan.finality(),
            Err(vec![
                DraftReason::No(Question::Manageable),
                DraftReason::Unanswered(Question::Meaningful)
            ])
        );
        let empty = Plan::default();
        assert_eq!(
            empty.finality().unwrap_err().first(),
            Some(&DraftReason::NoGoal)
        );
    }

    #[test]
    fn goals_start_from_the_largest_gaps_where_desired_is_above_today() {
        let ranked = vec![
            ("Arbeid".to_owned(), 2, 9),
            ("Helse".to_owned(), 3, 7),
            ("Fritid".to_owned(), 5, 6),
            ("Økonomi".to_owned(), 6, 6),
        ];
        let goals = goals_from_gaps(
            &ranked,
            2,
            |c| format!("i dag {c}"),
            |d| format!("ønsket {d}"),
        );
        assert_eq!(goals.len(), 2);
        assert_eq!(goals[0].title, "Arbeid");
        assert_eq!(goals[0].start, "i dag 2");
        assert_eq!(goals[1].end, "ønsket 7");
        assert_eq!(
            goals_from_gaps(&ranked, 9, |_| String::new(), |_| String::new()).len(),
            3
        );
    }
}
