//! What changed between two versions of the follow-up plan, as the pages
//! show it: each changed part of the plan under its own label, added text
//! in `<ins>` and removed text in `<del>`, each also said in words for a
//! screen reader (never colour alone). The diff itself is the domain's
//! (`tilbake_domain::plan_diff`).

use tilbake_domain::casework::{AdaptationStatus, NextStep, PlanVersionState};
use tilbake_domain::plan_diff::{plan_changes, Edit, PartChange, PlanPart};

use crate::casework::{adaptation_name, participant_name};
use crate::format::date_short;
use crate::texts::{fill, Texts};

/// A piece of changed text: `same`, `added` or `removed`.
pub struct Piece {
    pub kind: &'static str,
    pub text: String,
}

/// One line of a changed part: an optional caption ("Status") and its pieces.
pub struct ChangeLine {
    pub caption: &'static str,
    pub pieces: Vec<Piece>,
}

/// One changed part of the plan.
pub struct ChangeItem {
    pub label: String,
    pub lines: Vec<ChangeLine>,
}

/// What changed in a version since the one before it.
pub struct ChangesView {
    /// "What changed since version 1".
    pub summary: String,
    pub items: Vec<ChangeItem>,
}

fn pieces(edits: &[Edit<String>]) -> Vec<Piece> {
    edits
        .iter()
        .map(|edit| Piece {
            kind: kind_of(edit),
            text: edit.value().clone(),
        })
        .collect()
}

fn kind_of<T>(edit: &Edit<T>) -> &'static str {
    match edit {
        Edit::Same(_) => "same",
        Edit::Removed(_) => "removed",
        Edit::Added(_) => "added",
    }
}

fn status_name(t: &Texts, status: AdaptationStatus) -> &'static str {
    match status {
        AdaptationStatus::Tried => t.casework.status_tried,
        AdaptationStatus::Agreed => t.casework.status_agreed,
    }
}

fn step_text(t: &Texts, step: &NextStep) -> String {
    format!(
        "{} – {}, {}",
        step.what,
        participant_name(t, step.who),
        date_short(t, step.when)
    )
}

/// What changed from `before` to `after`; `None` when nothing did.
pub fn changes_view(
    t: &Texts,
    before: &PlanVersionState<'_>,
    after: &PlanVersionState<'_>,
) -> Option<ChangesView> {
    let c = &t.casework;
    let m = &t.meetings;
    let changes = plan_changes(before.plan, after.plan);
    if changes.is_empty() {
        return None;
    }
    let items = changes
        .iter()
        .map(|change| {
            let label = match change.part {
                PlanPart::WorkTasks => c.plan_work_tasks.to_owned(),
                PlanPart::CanDoNow => c.plan_can_do_now.to_owned(),
                PlanPart::Adaptation(kind) => adaptation_name(t, kind).to_owned(),
                PlanPart::NavHelp => c.plan_nav_help.to_owned(),
                PlanPart::NextSteps => c.plan_steps_heading.to_owned(),
            };
            let mut lines = Vec::new();
            match &change.change {
                PartChange::Text(edits) => lines.push(ChangeLine {
                    caption: "",
                    pieces: pieces(edits),
                }),
                PartChange::Adaptation {
                    description,
                    status,
                    effect,
                } => {
                    if description.iter().any(|edit| !edit.is_same()) {
                        lines.push(ChangeLine {
                            caption: "",
                            pieces: pieces(description),
                        });
                    }
                    if status.0 != status.1 {
                        let mut status_pieces = Vec::new();
                        if let Some(old) = status.0 {
                            status_pieces.push(Piece {
                                kind: "removed",
                                text: status_name(t, old).to_owned(),
                            });
                        }
                        if let Some(new) = status.1 {
                            status_pieces.push(Piece {
                                kind: "added",
                                text: status_name(t, new).to_owned(),
                            });
                        }
                        lines.push(ChangeLine {
                            caption: m.diff_status,
                            pieces: status_pieces,
                        });
                    }
                    if effect.iter().any(|edit| !edit.is_same()) {
                        lines.push(ChangeLine {
                            caption: c.plan_adaptation_effect,
                            pieces: pieces(effect),
                        });
                    }
                }
                PartChange::Steps(edits) => {
                    // A step kept as it was is not news: only those added or removed.
                    for edit in edits.iter().filter(|edit| !edit.is_same()) {
                        lines.push(ChangeLine {
                            caption: "",
                            pieces: vec![Piece {
                                kind: kind_of(edit),
                                text: step_text(t, edit.value()),
                            }],
                        });
                    }
                }
            }
            ChangeItem { label, lines }
        })
        .collect();
    Some(ChangesView {
        summary: fill(m.diff_summary, &[("number", &before.number)]),
        items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use tilbake_domain::casework::Plan;

    #[test]
    fn a_changed_word_is_marked_and_the_summary_names_the_version_before() {
        let t = &crate::texts::NB;
        let old = Plan {
            can_do_now: "Kasse fire timer.".to_owned(),
            ..Plan::default()
        };
        let new = Plan {
            can_do_now: "Kasse seks timer.".to_owned(),
            ..Plan::default()
        };
        let state = |number, plan| PlanVersionState {
            id: "v",
            number,
            date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            plan,
            responses: Vec::new(),
            shared: None,
        };
        let view = changes_view(t, &state(1, &old), &state(2, &new)).unwrap();
        assert_eq!(view.summary, "Hva er endret fra versjon 1");
        assert_eq!(view.items.len(), 1);
        let kinds: Vec<(&str, &str)> = view.items[0].lines[0]
            .pieces
            .iter()
            .map(|p| (p.kind, p.text.as_str()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("same", "Kasse "),
                ("removed", "fire"),
                ("added", "seks"),
                ("same", " timer.")
            ]
        );
        assert!(changes_view(t, &state(1, &old), &state(2, &old)).is_none());
    }
}
