//! The action plan of career guidance as stored: a JSON object
//! `{"goals": [{"title", "start", "end", "frames", "activities": [{"what",
//! "date", "who"}]}], "coherence": {"understandable", "manageable",
//! "meaningful"}}`, dates as `YYYY-MM-DD` or null, answers true, false or null.
//!
//! The pages check what is typed (lengths, dates) before a plan is made;
//! reading back is lenient: a field that is missing reads as empty.

use serde_json::{json, Map, Value};
use tilbake_domain::guidance::plan::{Activity, Coherence, Goal, Plan};

use crate::followup::parse_date;

/// The stored form of a plan.
pub fn plan_json(plan: &Plan) -> String {
    let goals: Vec<Value> = plan
        .goals
        .iter()
        .map(|goal| {
            let activities: Vec<Value> = goal
                .activities
                .iter()
                .map(|activity| {
                    json!({
                        "what": activity.what,
                        "date": activity.date.map(|date| date.format("%Y-%m-%d").to_string()),
                        "who": activity.who,
                    })
                })
                .collect();
            json!({
                "title": goal.title,
                "start": goal.start,
                "end": goal.end,
                "frames": goal.frames,
                "activities": activities,
            })
        })
        .collect();
    json!({
        "goals": goals,
        "coherence": {
            "understandable": plan.coherence.understandable,
            "manageable": plan.coherence.manageable,
            "meaningful": plan.coherence.meaningful,
        },
    })
    .to_string()
}

/// A stored plan; `None` when the text is not a JSON object.
pub fn plan_from_json(text: &str) -> Option<Plan> {
    let value: Value = serde_json::from_str(text).ok()?;
    let object = value.as_object()?;
    let empty = Map::new();
    let text_of = |object: &Map<String, Value>, key: &str| {
        object
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let goals = object
        .get("goals")
        .and_then(Value::as_array)
        .map(|goals| {
            goals
                .iter()
                .map(|goal| {
                    let goal = goal.as_object().unwrap_or(&empty);
                    Goal {
                        title: text_of(goal, "title"),
                        start: text_of(goal, "start"),
                        end: text_of(goal, "end"),
                        frames: text_of(goal, "frames"),
                        activities: goal
                            .get("activities")
                            .and_then(Value::as_array)
                            .map(|activities| {
                                activities
                                    .iter()
                                    .map(|activity| {
                                        let activity = activity.as_object().unwrap_or(&empty);
                                        Activity {
                                            what: text_of(activity, "what"),
                                            date: activity
                                                .get("date")
                                                .and_then(Value::as_str)
                                                .and_then(parse_date),
                                            who: text_of(activity, "who"),
                                        }
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let coherence = object
        .get("coherence")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let answer = |key: &str| coherence.get(key).and_then(Value::as_bool);
    Some(Plan {
        goals,
        coherence: Coherence {
            understandable: answer("understandable"),
            manageable: answer("manageable"),
            meaningful: answer("meaningful"),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_plan_reads_back_as_it_was_stored() {
        let plan = Plan {
            goals: vec![Goal {
                title: "Arbeid og økonomi".to_owned(),
                start: "Jobber 20 %".to_owned(),
                end: "Jobber 50 %".to_owned(),
                frames: "NAV: aktivitetsplikt fra uke 8".to_owned(),
                activities: vec![Activity {
                    what: "Snakke med lederen".to_owned(),
                    date: NaiveDate::from_ymd_opt(2026, 3, 2),
                    who: "Karrieresenteret".to_owned(),
                }],
            }],
            coherence: Coherence {
                understandable: Some(true),
                manageable: Some(false),
                meaningful: None,
            },
        };
        assert_eq!(plan_from_json(&plan_json(&plan)), Some(plan));
        assert_eq!(plan_from_json("{}"), Some(Plan::default()));
        assert_eq!(plan_from_json("[]"), None);
    }
}
