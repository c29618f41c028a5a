//! What changed between two versions of the follow-up plan, field by field:
//! free text word by word, an adaptation's status, the next steps as whole
//! steps. Pure: the pages say it in words and mark it with `<ins>`/`<del>`.

use crate::casework::{Adaptation, AdaptationKind, AdaptationStatus, NextStep, Plan};

/// One piece of a diff: kept, taken out of the old, or put into the new.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit<T> {
    Same(T),
    Removed(T),
    Added(T),
}

impl<T> Edit<T> {
    pub fn value(&self) -> &T {
        match self {
            Edit::Same(value) | Edit::Removed(value) | Edit::Added(value) => value,
        }
    }

    pub fn is_same(&self) -> bool {
        matches!(self, Edit::Same(_))
    }
}

/// Above this many cells (old × new, after the common start and end are
/// taken off) the middle is shown as removed and added whole, so that a
/// very long text costs bounded memory and time.
const MAX_CELLS: usize = 4_000_000;

/// The edits that turn `old` into `new`: a longest common subsequence, with
/// the common start and end kept as they are.
pub fn diff<T: PartialEq + Clone>(old: &[T], new: &[T]) -> Vec<Edit<T>> {
    let prefix = old
        .iter()
        .zip(new)
        .take_while(|(left, right)| left == right)
        .count();
    let (old_rest, new_rest) = (
        old.get(prefix..).unwrap_or_default(),
        new.get(prefix..).unwrap_or_default(),
    );
    let suffix = old_rest
        .iter()
        .rev()
        .zip(new_rest.iter().rev())
        .take_while(|(left, right)| left == right)
        .count();
    let old_middle = old_rest.get(..old_rest.len() - suffix).unwrap_or_default();
    let new_middle = new_rest.get(..new_rest.len() - suffix).unwrap_or_default();
    let mut edits: Vec<Edit<T>> = old
        .get(..prefix)
        .unwrap_or_default()
        .iter()
        .cloned()
        .map(Edit::Same)
        .collect();
    edits.extend(middle(old_middle, new_middle));
    edits.extend(
        old_rest
            .get(old_rest.len() - suffix..)
            .unwrap_or_default()
            .iter()
            .cloned()
            .map(Edit::Same),
    );
    edits
}

fn middle<T: PartialEq + Clone>(old: &[T], new: &[T]) -> Vec<Edit<T>> {
    let whole = || {
        old.iter()
            .cloned()
            .map(Edit::Removed)
            .chain(new.iter().cloned().map(Edit::Added))
            .collect()
    };
    if old.is_empty() || new.is_empty() || old.len().saturating_mul(new.len()) > MAX_CELLS {
        return whole();
    }
    // lengths[i][j]: the longest common subsequence of old[i..] and new[j..].
    let width = new.len() + 1;
    let mut lengths = vec![0u32; (old.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            let value = if old.get(i) == new.get(j) {
                lengths.get(at(i + 1, j + 1)).copied().unwrap_or(0) + 1
            } else {
                let down = lengths.get(at(i + 1, j)).copied().unwrap_or(0);
                let right = lengths.get(at(i, j + 1)).copied().unwrap_or(0);
                down.max(right)
            };
            if let Some(cell) = lengths.get_mut(at(i, j)) {
                *cell = value;
            }
        }
    }
    let mut edits = Vec::with_capacity(old.len() + new.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(left), Some(right)) = (old.get(i), new.get(j)) {
        if left == right {
            edits.push(Edit::Same(left.clone()));
            i += 1;
            j += 1;
        } else if lengths.get(at(i + 1, j)) >= lengths.get(at(i, j + 1)) {
            edits.push(Edit::Removed(left.clone()));
            i += 1;
        } else {
            edits.push(Edit::Added(right.clone()));
            j += 1;
        }
    }
    edits.extend(old.iter().skip(i).cloned().map(Edit::Removed));
    edits.extend(new.iter().skip(j).cloned().map(Edit::Added));
    edits
}

/// A text as words and the space between them, so that the pieces put
/// together give the text back exactly.
fn words(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_space = None;
    for (index, character) in text.char_indices() {
        let space = character.is_whitespace();
        if in_space.is_some_and(|was| was != space) {
            pieces.push(text.get(start..index).unwrap_or_default());
            start = index;
        }
        in_space = Some(space);
    }
    if start < text.len() {
        pieces.push(text.get(start..).unwrap_or_default());
    }
    pieces
}

/// A text's changes word by word, neighbouring pieces of one kind joined.
pub fn text_diff(old: &str, new: &str) -> Vec<Edit<String>> {
    let mut joined: Vec<Edit<String>> = Vec::new();
    for edit in diff(&words(old), &words(new)) {
        match (joined.last_mut(), edit) {
            (Some(Edit::Same(text)), Edit::Same(more))
            | (Some(Edit::Removed(text)), Edit::Removed(more))
            | (Some(Edit::Added(text)), Edit::Added(more)) => text.push_str(more),
            (_, Edit::Same(piece)) => joined.push(Edit::Same(piece.to_owned())),
            (_, Edit::Removed(piece)) => joined.push(Edit::Removed(piece.to_owned())),
            (_, Edit::Added(piece)) => joined.push(Edit::Added(piece.to_owned())),
        }
    }
    joined
}

/// A part of the plan, in the order the plan shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanPart {
    WorkTasks,
    CanDoNow,
    Adaptation(AdaptationKind),
    NavHelp,
    NextSteps,
}

/// How one part changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PartChange {
    /// A free text, word by word.
    Text(Vec<Edit<String>>),
    /// An adaptation: its description, its status (before, after: `None`
    /// when the plan had no such adaptation), its effect.
    Adaptation {
        description: Vec<Edit<String>>,
        status: (Option<AdaptationStatus>, Option<AdaptationStatus>),
        effect: Vec<Edit<String>>,
    },
    /// The next steps, each whole.
    Steps(Vec<Edit<NextStep>>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanChange {
    pub part: PlanPart,
    pub change: PartChange,
}

fn changed<T>(edits: &[Edit<T>]) -> bool {
    edits.iter().any(|edit| !edit.is_same())
}

/// What changed from `old` to `new`, only the parts that did, in the
/// plan's order. Empty exactly when the plans are equal.
pub fn plan_changes(old: &Plan, new: &Plan) -> Vec<PlanChange> {
    let mut changes = Vec::new();
    let text = |part: PlanPart, old: &str, new: &str| {
        let edits = text_diff(old, new);
        changed(&edits).then_some(PlanChange {
            part,
            change: PartChange::Text(edits),
        })
    };
    changes.extend(text(PlanPart::WorkTasks, &old.work_tasks, &new.work_tasks));
    changes.extend(text(PlanPart::CanDoNow, &old.can_do_now, &new.can_do_now));
    let find = |plan: &'_ Plan, kind: AdaptationKind| -> Option<Adaptation> {
        plan.adaptations.iter().find(|a| a.kind == kind).cloned()
    };
    // A plan holds one adaptation of each kind (the form has one row a
    // kind): compared by kind, in the form's order.
    for kind in AdaptationKind::ALL {
        let (before, after) = (find(old, kind), find(new, kind));
        let description = text_diff(
            before.as_ref().map_or("", |a| a.description.as_str()),
            after.as_ref().map_or("", |a| a.description.as_str()),
        );
        let effect = text_diff(
            before.as_ref().map_or("", |a| a.effect.as_str()),
            after.as_ref().map_or("", |a| a.effect.as_str()),
        );
        let status = (
            before.as_ref().map(|a| a.status),
            after.as_ref().map(|a| a.status),
        );
        if changed(&description) || changed(&effect) || status.0 != status.1 {
            changes.push(PlanChange {
                part: PlanPart::Adaptation(kind),
                change: PartChange::Adaptation {
                    description,
                    status,
                    effect,
                },
            });
        }
    }
    changes.extend(text(PlanPart::NavHelp, &old.nav_help, &new.nav_help));
    let steps = diff(&old.next_steps, &new.next_steps);
    if changed(&steps) {
        changes.push(PlanChange {
            part: PlanPart::NextSteps,
            change: PartChange::Steps(steps),
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::Participant;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    /// The old side of a diff (kept and removed) and the new (kept and added).
    fn sides(edits: &[Edit<String>]) -> (String, String) {
        let mut old = String::new();
        let mut new = String::new();
        for edit in edits {
            match edit {
                Edit::Same(text) => {
                    old.push_str(text);
                    new.push_str(text);
                }
                Edit::Removed(text) => old.push_str(text),
                Edit::Added(text) => new.push_str(text),
            }
        }
        (old, new)
    }

    #[test]
    fn a_changed_word_is_removed_and_added_and_the_rest_kept() {
        let edits = text_diff("Kasse fire timer om dagen.", "Kasse seks timer om dagen.");
        assert_eq!(
            edits,
            vec![
                Edit::Same("Kasse ".to_owned()),
                Edit::Removed("fire".to_owned()),
                Edit::Added("seks".to_owned()),
                Edit::Same(" timer om dagen.".to_owned()),
            ]
        );
    }

    #[test]
    fn a_plan_names_only_the_parts_that_changed() {
        let step = |what: &str| NextStep {
            what: what.to_owned(),
            who: Participant::Manager,
            when: NaiveDate::from_ymd_opt(2026, 12, 14).unwrap_or_default(),
        };
        let old = Plan {
            work_tasks: "Kasse.".to_owned(),
            can_do_now: "Kasse fire timer.".to_owned(),
            adaptations: vec![Adaptation {
                kind: AdaptationKind::Hours,
                status: AdaptationStatus::Tried,
                description: "Starter kl. 10.".to_owned(),
                effect: String::new(),
            }],
            nav_help: String::new(),
            next_steps: vec![step("Se på planen igjen.")],
        };
        let mut new = old.clone();
        new.can_do_now = "Kasse seks timer.".to_owned();
        new.adaptations[0].status = AdaptationStatus::Agreed;
        new.next_steps.push(step("Bestille pult."));
        let changes = plan_changes(&old, &new);
        let parts: Vec<PlanPart> = changes.iter().map(|c| c.part).collect();
        assert_eq!(
            parts,
            vec![
                PlanPart::CanDoNow,
                PlanPart::Adaptation(AdaptationKind::Hours),
                PlanPart::NextSteps
            ]
        );
        assert!(matches!(
            &changes[1].change,
            PartChange::Adaptation {
                status: (
                    Some(AdaptationStatus::Tried),
                    Some(AdaptationStatus::Agreed)
                ),
                ..
            }
        ));
        assert!(plan_changes(&new, &new).is_empty());
    }

    #[test]
    fn a_very_long_change_is_shown_whole_within_bounds() {
        let old = "a ".repeat(3000);
        let new = "b ".repeat(3000);
        let (left, right) = sides(&text_diff(&old, &new));
        assert_eq!((left, right), (old, new));
    }

    fn plan_strategy() -> impl Strategy<Value = Plan> {
        let text = "[a-cæ ]{0,12}( [a-c\n]{0,6}){0,3}";
        (
            text,
            text,
            proptest::collection::vec((0usize..4, any::<bool>(), text, text), 0..3),
            text,
            proptest::collection::vec((text, 0u32..3), 0..3),
        )
            .prop_map(
                |(work_tasks, can_do_now, adaptations, nav_help, steps)| Plan {
                    work_tasks,
                    can_do_now,
                    adaptations: adaptations
                        .into_iter()
                        .map(|(kind, tried, description, effect)| Adaptation {
                            kind: AdaptationKind::ALL[kind],
                            status: if tried {
                                AdaptationStatus::Tried
                            } else {
                                AdaptationStatus::Agreed
                            },
                            description,
                            effect,
                        })
                        .collect(),
                    nav_help,
                    next_steps: steps
                        .into_iter()
                        .map(|(what, day)| NextStep {
                            what,
                            who: Participant::Worker,
                            when: NaiveDate::from_ymd_opt(2026, 12, 1 + day).unwrap_or_default(),
                        })
                        .collect(),
                },
            )
    }

    proptest! {
        #[test]
        fn a_text_diff_gives_back_both_texts(old in "[ab \n]{0,40}", new in "[ab \n]{0,40}") {
            let edits = text_diff(&old, &new);
            prop_assert_eq!(sides(&edits), (old.clone(), new.clone()));
            prop_assert_eq!(edits.iter().all(Edit::is_same), old == new);
        }

        #[test]
        fn a_list_diff_applies(old in proptest::collection::vec(0u8..4, 0..12),
                               new in proptest::collection::vec(0u8..4, 0..12)) {
            let edits = diff(&old, &new);
            let kept_and_removed: Vec<u8> = edits.iter()
                .filter(|e| !matches!(e, Edit::Added(_))).map(|e| *e.value()).collect();
            let kept_and_added: Vec<u8> = edits.iter()
                .filter(|e| !matches!(e, Edit::Removed(_))).map(|e| *e.value()).collect();
            prop_assert_eq!(kept_and_removed, old);
            prop_assert_eq!(kept_and_added, new);
        }

        #[test]
        fn a_plan_against_itself_has_no_changes_and_any_change_is_named(
            old in plan_strategy(), new in plan_strategy()
        ) {
            prop_assert!(plan_changes(&old, &old).is_empty());
            let changes = plan_changes(&old, &new);
            // Adaptations are compared by kind, the first of each.
            let first_of_each = |plan: &Plan| -> Vec<Adaptation> {
                AdaptationKind::ALL.iter()
                    .filter_map(|kind| plan.adaptations.iter().find(|a| a.kind == *kind).cloned())
                    .collect()
            };
            let same = old.work_tasks == new.work_tasks
                && old.can_do_now == new.can_do_now
                && first_of_each(&old) == first_of_each(&new)
                && old.nav_help == new.nav_help
                && old.next_steps == new.next_steps;
            prop_assert_eq!(changes.is_empty(), same);
            for change in &changes {
                if let PartChange::Text(edits) = &change.change {
                    let (before, after) = sides(edits);
                    let (expected_before, expected_after) = match change.part {
                        PlanPart::WorkTasks => (&old.work_tasks, &new.work_tasks),
                        PlanPart::CanDoNow => (&old.can_do_now, &new.can_do_now),
                        _ => (&old.nav_help, &new.nav_help),
                    };
                    prop_assert_eq!(&before, expected_before);
                    prop_assert_eq!(&after, expected_after);
                }
            }
        }
    }
}
