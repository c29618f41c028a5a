//! The JSON of case-work documents: plan versions and the worker's answers,
//! meeting invitations, answers, minutes and requests. The fields are those
//! of the domain types in `tilbake_domain::casework`. On input, texts are
//! limited to [`InputRules::max_text_chars`] characters without control
//! characters and lists to [`InputRules::max_rows`] rows; stored documents
//! are read without those limits (see [`crate::stored`]).

use chrono::NaiveDateTime;
use serde_json::{json, Map, Value};
use tilbake_domain::casework::{
    Adaptation, AdaptationKind, AdaptationStatus, Agreement, MeetingAnswer, MeetingAnswerKind,
    MeetingCancellation, MeetingInvitation, MeetingMinutes, MeetingRequest, NextStep, Participant,
    Plan, PlanResponse,
};
use tilbake_domain::casework::{CaseworkDocument, CaseworkKind};
use tilbake_domain::document::{ActivityOutcome, MeetingNumber};
use tilbake_domain::early::{
    EarlySession, SessionMinutes, SessionNumber, Topic, TopicNote, MAX_TOPIC_NOTE_CHARS,
};
use tilbake_domain::work_ability::{
    Factor, Weighing, WeighingError, Weight, WorkAbilityAddition, WorkAbilityAssessment,
};

#[cfg(doc)]
use crate::document::InputRules;
use crate::document::{DocumentError, Strictness};
use crate::followup::{format_date, optional_date, required_date, required_string, type_name};

type Fields = Map<String, Value>;

fn invalid(field: &str, message: impl Into<String>) -> DocumentError {
    DocumentError::new("invalid_field", field, message)
}

/// A free text: missing or null is empty; on input at most
/// [`InputRules::max_text_chars`] characters, no control characters but line
/// breaks and tabs.
fn text(
    strictness: Strictness<'_>,
    fields: &Fields,
    name: &str,
    path: &str,
) -> Result<String, DocumentError> {
    let text = match fields.get(name) {
        None | Some(Value::Null) => return Ok(String::new()),
        Some(Value::String(text)) => text,
        Some(other) => {
            return Err(invalid(
                path,
                format!("must be a string, not {}", type_name(other)),
            ))
        }
    };
    if let Some(rules) = strictness.input() {
        let max_text_chars = rules.max_text_chars;
        if text.chars().count() > max_text_chars {
            return Err(DocumentError::new(
                "text_too_long",
                path,
                format!("is longer than {max_text_chars} characters"),
            ));
        }
        if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(DocumentError::new(
                "invalid_characters",
                path,
                "must not hold control characters",
            ));
        }
    }
    Ok(text.trim().to_owned())
}

/// A free text that must say something.
fn required_text(
    strictness: Strictness<'_>,
    fields: &Fields,
    name: &str,
    path: &str,
) -> Result<String, DocumentError> {
    let value = text(strictness, fields, name, path)?;
    if value.is_empty() {
        return Err(DocumentError::new(
            "missing_field",
            path,
            "must not be empty",
        ));
    }
    Ok(value)
}

/// One of a fixed set of names.
fn name_of<T: Copy>(
    fields: &Fields,
    name: &str,
    path: &str,
    all: &[T],
    as_str: fn(T) -> &'static str,
) -> Result<T, DocumentError> {
    let names: Vec<&str> = all.iter().map(|item| as_str(*item)).collect();
    match fields.get(name) {
        None | Some(Value::Null) => Err(DocumentError::new("missing_field", path, "missing")),
        Some(Value::String(text)) => all
            .iter()
            .copied()
            .find(|item| as_str(*item) == text)
            .ok_or_else(|| invalid(path, format!("must be one of {}", names.join(", ")))),
        Some(other) => Err(invalid(
            path,
            format!(
                "must be one of {}, not {}",
                names.join(", "),
                type_name(other)
            ),
        )),
    }
}

fn meeting(fields: &Fields) -> Result<MeetingNumber, DocumentError> {
    fields
        .get("meeting")
        .and_then(Value::as_i64)
        .and_then(MeetingNumber::parse)
        .ok_or_else(|| invalid("meeting", "must be 1, 2 or 3"))
}

fn boolean(fields: &Fields, name: &str) -> Result<bool, DocumentError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(value)) => Ok(*value),
        Some(other) => Err(invalid(
            name,
            format!("must be true or false, not {}", type_name(other)),
        )),
    }
}

/// The objects of a list field (missing or null is empty).
fn rows<'a>(
    strictness: Strictness<'_>,
    fields: &'a Fields,
    name: &str,
) -> Result<Vec<&'a Fields>, DocumentError> {
    let items = match fields.get(name) {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(invalid(
                name,
                format!("must be a list, not {}", type_name(other)),
            ))
        }
    };
    if let Some(rules) = strictness.input() {
        let max_rows = rules.max_rows;
        if items.len() > max_rows {
            return Err(invalid(name, format!("has more than {max_rows} rows")));
        }
    }
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            item.as_object().ok_or_else(|| {
                invalid(
                    &format!("{name}[{index}]"),
                    format!("must be an object, not {}", type_name(item)),
                )
            })
        })
        .collect()
}

fn participant(fields: &Fields, name: &str, path: &str) -> Result<Participant, DocumentError> {
    name_of(fields, name, path, &Participant::ALL, Participant::as_str)
}

fn date(fields: &Fields, name: &str, path: &str) -> Result<chrono::NaiveDate, DocumentError> {
    Ok(required_date(fields, name, path)?)
}

/// A case-work document of `kind`.
pub(crate) fn parse_body(
    kind: CaseworkKind,
    fields: &Fields,
    strictness: Strictness<'_>,
) -> Result<CaseworkDocument, DocumentError> {
    // The text readers with this strictness, under their own names.
    let text = |fields: &Fields, name: &str, path: &str| text(strictness, fields, name, path);
    let required_text =
        |fields: &Fields, name: &str, path: &str| required_text(strictness, fields, name, path);
    let max_rows = strictness
        .input()
        .map_or(usize::MAX, |rules| rules.max_rows);
    let body = match kind {
        CaseworkKind::PlanVersion => CaseworkDocument::PlanVersion {
            date: date(fields, "date", "date")?,
            plan: Box::new(parse_plan(fields, strictness)?),
        },
        CaseworkKind::PlanResponse => {
            let approved = boolean(fields, "approved")?;
            let comment = text(fields, "comment", "comment")?;
            if !approved && comment.is_empty() {
                return Err(DocumentError::new(
                    "missing_field",
                    "comment",
                    "a plan that is not approved needs a comment saying what to change",
                ));
            }
            CaseworkDocument::PlanResponse(PlanResponse {
                plan: required_text(fields, "plan", "plan")?,
                date: date(fields, "date", "date")?,
                approved,
                comment,
            })
        }
        CaseworkKind::MeetingInvitation => {
            let at_text = required_text(fields, "at", "at")?;
            let at = NaiveDateTime::parse_from_str(&at_text, "%Y-%m-%dT%H:%M")
                .map_err(|_| invalid("at", "must be a local time YYYY-MM-DDTHH:MM"))?;
            let participants = match fields.get("participants") {
                Some(Value::Array(items)) if !items.is_empty() && items.len() <= max_rows => items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        item.as_str().and_then(Participant::parse).ok_or_else(|| {
                            invalid(
                                &format!("participants[{index}]"),
                                "must be worker, manager, gp or nav",
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                _ => {
                    return Err(invalid(
                        "participants",
                        "must be a list of worker, manager, gp and nav",
                    ))
                }
            };
            CaseworkDocument::MeetingInvitation(MeetingInvitation {
                meeting: meeting(fields)?,
                at,
                place: required_text(fields, "place", "place")?,
                video: boolean(fields, "video")?,
                participants,
                message: text(fields, "message", "message")?,
                replaces: Some(text(fields, "replaces", "replaces")?)
                    .filter(|replaces| !replaces.is_empty()),
            })
        }
        CaseworkKind::MeetingCancelled => CaseworkDocument::MeetingCancelled(MeetingCancellation {
            invitation: required_text(fields, "invitation", "invitation")?,
            meeting: meeting(fields)?,
            date: date(fields, "date", "date")?,
            reason: required_text(fields, "reason", "reason")?,
        }),
        CaseworkKind::MeetingAnswer => CaseworkDocument::MeetingAnswer(MeetingAnswer {
            invitation: required_text(fields, "invitation", "invitation")?,
            participant: participant(fields, "participant", "participant")?,
            answer: name_of(
                fields,
                "answer",
                "answer",
                &MeetingAnswerKind::ALL,
                MeetingAnswerKind::as_str,
            )?,
            comment: text(fields, "comment", "comment")?,
        }),
        CaseworkKind::MeetingMinutes => {
            let agreements = rows(strictness, fields, "agreements")?
                .into_iter()
                .enumerate()
                .map(|(index, row)| {
                    let path = |name: &str| format!("agreements[{index}].{name}");
                    Ok(Agreement {
                        who: participant(row, "who", &path("who"))?,
                        what: required_text(row, "what", &path("what"))?,
                        due: date(row, "due", &path("due"))?,
                    })
                })
                .collect::<Result<Vec<_>, DocumentError>>()?;
            CaseworkDocument::MeetingMinutes(Box::new(MeetingMinutes {
                meeting: meeting(fields)?,
                date: date(fields, "date", "date")?,
                situation: required_text(fields, "situation", "situation")?,
                contributions: text(fields, "contributions", "contributions")?,
                measures: text(fields, "measures", "measures")?,
                next_step: text(fields, "next_step", "next_step")?,
                expected_return: optional_date(fields, "expected_return", "expected_return")?,
                agreements,
            }))
        }
        CaseworkKind::MeetingRequest => {
            let meeting = meeting(fields)?;
            // Who may ask for which meeting is a rule on what is sent.
            if meeting == MeetingNumber::One && strictness.input().is_some() {
                return Err(invalid(
                    "meeting",
                    "only meeting 2 (early) or 3 can be asked for; meeting 1 is the employer's",
                ));
            }
            CaseworkDocument::MeetingRequest(MeetingRequest {
                meeting,
                date: date(fields, "date", "date")?,
                by: participant(fields, "by", "by")?,
                reason: required_text(fields, "reason", "reason")?,
            })
        }
        CaseworkKind::CaseNote => CaseworkDocument::CaseNote {
            date: date(fields, "date", "date")?,
            text: required_text(fields, "text", "text")?,
        },
        CaseworkKind::EarlySession => {
            CaseworkDocument::EarlySession(Box::new(parse_early_session(fields, strictness)?))
        }
        CaseworkKind::WorkAbilityAssessment => {
            CaseworkDocument::WorkAbilityAssessment(Box::new(parse_assessment(fields, strictness)?))
        }
        CaseworkKind::WorkAbilityAddition => {
            CaseworkDocument::WorkAbilityAddition(WorkAbilityAddition {
                assessment: required_text(fields, "assessment", "assessment")?,
                date: date(fields, "date", "date")?,
                text: required_text(fields, "text", "text")?,
            })
        }
        CaseworkKind::PlanShared => CaseworkDocument::PlanShared {
            date: date(fields, "date", "date")?,
        },
        CaseworkKind::MeetingHeld => CaseworkDocument::MeetingHeld {
            meeting: fields
                .get("meeting")
                .and_then(Value::as_i64)
                .and_then(MeetingNumber::parse)
                .ok_or_else(|| invalid("meeting", "must be 1, 2 or 3"))?,
            date: date(fields, "date", "date")?,
        },
        CaseworkKind::ActivityAssessed => {
            let outcome_text = required_string(fields, "outcome", "outcome")?;
            let outcome = ActivityOutcome::parse(&outcome_text).ok_or_else(|| {
                let outcomes: Vec<&str> = ActivityOutcome::ALL
                    .iter()
                    .map(|outcome| outcome.as_str())
                    .collect();
                invalid("outcome", format!("must be one of {}", outcomes.join(", ")))
            })?;
            let reason = required_string(fields, "reason", "reason")?;
            if reason.trim().is_empty() {
                return Err(DocumentError::new(
                    "missing_field",
                    "reason",
                    "a reason is required",
                ));
            }
            CaseworkDocument::ActivityAssessed {
                date: date(fields, "date", "date")?,
                outcome,
                reason,
            }
        }
    };
    Ok(body)
}

fn parse_plan(fields: &Fields, strictness: Strictness<'_>) -> Result<Plan, DocumentError> {
    let text = |fields: &Fields, name: &str, path: &str| text(strictness, fields, name, path);
    let required_text =
        |fields: &Fields, name: &str, path: &str| required_text(strictness, fields, name, path);
    let adaptations = rows(strictness, fields, "adaptations")?
        .into_iter()
        .enumerate()
        .map(|(index, row)| {
            let path = |name: &str| format!("adaptations[{index}].{name}");
            Ok(Adaptation {
                kind: name_of(
                    row,
                    "kind",
                    &path("kind"),
                    &AdaptationKind::ALL,
                    AdaptationKind::as_str,
                )?,
                status: name_of(
                    row,
                    "status",
                    &path("status"),
                    &AdaptationStatus::ALL,
                    AdaptationStatus::as_str,
                )?,
                description: required_text(row, "description", &path("description"))?,
                effect: text(row, "effect", &path("effect"))?,
            })
        })
        .collect::<Result<Vec<_>, DocumentError>>()?;
    let next_steps = rows(strictness, fields, "next_steps")?
        .into_iter()
        .enumerate()
        .map(|(index, row)| {
            let path = |name: &str| format!("next_steps[{index}].{name}");
            Ok(NextStep {
                what: required_text(row, "what", &path("what"))?,
                who: participant(row, "who", &path("who"))?,
                when: date(row, "when", &path("when"))?,
            })
        })
        .collect::<Result<Vec<_>, DocumentError>>()?;
    let plan = Plan {
        work_tasks: text(fields, "work_tasks", "work_tasks")?,
        can_do_now: text(fields, "can_do_now", "can_do_now")?,
        adaptations,
        nav_help: text(fields, "nav_help", "nav_help")?,
        next_steps,
    };
    if plan.work_tasks.is_empty() && plan.can_do_now.is_empty() && plan.adaptations.is_empty() {
        return Err(DocumentError::new(
            "missing_field",
            "work_tasks",
            "a plan needs at least the work tasks, what the worker can do now or an adaptation",
        ));
    }
    Ok(plan)
}

/// An early session: which, when, how long (1 to 60 minutes, also in
/// storage: a domain invariant) and the topics talked about, each once
/// with a short note.
fn parse_early_session(
    fields: &Fields,
    strictness: Strictness<'_>,
) -> Result<EarlySession, DocumentError> {
    let session = fields
        .get("session")
        .and_then(Value::as_i64)
        .and_then(SessionNumber::parse)
        .ok_or_else(|| invalid("session", "must be 1 (week 14) or 2 (week 16)"))?;
    let minutes = match fields.get("minutes") {
        None | Some(Value::Null) => {
            return Err(DocumentError::new(
                "missing_field",
                "minutes",
                "missing: how many minutes the session lasted",
            ))
        }
        Some(Value::Number(number)) => match number.as_i64() {
            Some(minutes) => SessionMinutes::new(minutes).map_err(|error| {
                DocumentError::new("out_of_range", "minutes", error.to_string())
            })?,
            None => {
                return Err(invalid(
                    "minutes",
                    "must be a whole number of minutes, 1 to 60",
                ))
            }
        },
        Some(other) => {
            return Err(invalid(
                "minutes",
                format!(
                    "must be a whole number of minutes, not {}",
                    type_name(other)
                ),
            ))
        }
    };
    let topics = rows(strictness, fields, "topics")?;
    if topics.len() > Topic::ALL.len() {
        return Err(invalid(
            "topics",
            format!(
                "has more than the {} topics of the checklist",
                Topic::ALL.len()
            ),
        ));
    }
    let mut notes: Vec<TopicNote> = Vec::with_capacity(topics.len());
    for (index, row) in topics.into_iter().enumerate() {
        let path = |name: &str| format!("topics[{index}].{name}");
        let topic = name_of(row, "topic", &path("topic"), &Topic::ALL, Topic::as_str)?;
        if notes.iter().any(|note| note.topic == topic) {
            return Err(invalid(
                &path("topic"),
                format!("names {} a second time: each topic once", topic.as_str()),
            ));
        }
        let note = text(strictness, row, "note", &path("note"))?;
        if strictness.input().is_some() && note.chars().count() > MAX_TOPIC_NOTE_CHARS {
            return Err(DocumentError::new(
                "text_too_long",
                path("note"),
                format!("is longer than {MAX_TOPIC_NOTE_CHARS} characters: a short note"),
            ));
        }
        notes.push(TopicNote { topic, note });
    }
    let date = date(fields, "date", "date")?;
    EarlySession::new(session, date, minutes, notes)
        .map_err(|error| invalid("topics", error.to_string()))
}

/// A work-ability assessment: functional ability, each factor weighed
/// once with reasons, and a conclusion; every text required.
fn parse_assessment(
    fields: &Fields,
    strictness: Strictness<'_>,
) -> Result<WorkAbilityAssessment, DocumentError> {
    let required_text =
        |fields: &Fields, name: &str, path: &str| required_text(strictness, fields, name, path);
    let date = date(fields, "date", "date")?;
    let functional_ability = required_text(fields, "functional_ability", "functional_ability")?;
    let rows = rows(strictness, fields, "weighings")?;
    let mut weighings: Vec<Weighing> = Vec::with_capacity(rows.len());
    for (index, row) in rows.into_iter().enumerate() {
        let path = |name: &str| format!("weighings[{index}].{name}");
        let factor = name_of(row, "factor", &path("factor"), &Factor::ALL, Factor::as_str)?;
        if weighings.iter().any(|w| w.factor == factor) {
            return Err(invalid(
                &path("factor"),
                format!("weighs {} a second time: each factor once", factor.as_str()),
            ));
        }
        weighings.push(Weighing {
            factor,
            weight: name_of(row, "weight", &path("weight"), &Weight::ALL, Weight::as_str)?,
            reasons: required_text(row, "reasons", &path("reasons"))?,
        });
    }
    let conclusion = required_text(fields, "conclusion", "conclusion")?;
    WorkAbilityAssessment::new(date, functional_ability, weighings, conclusion).map_err(|error| {
        match error {
            WeighingError::Missing(_) => {
                DocumentError::new("missing_field", "weighings", error.to_string())
            }
            WeighingError::Repeated(_) => invalid("weighings", error.to_string()),
        }
    })
}

/// Adds the fields of a case-work body to a document's JSON object.
pub(crate) fn insert_fields(body: &CaseworkDocument, fields: &mut Fields) {
    let mut put = |name: &str, value: Value| {
        fields.insert(name.to_owned(), value);
    };
    match body {
        CaseworkDocument::PlanVersion { date, plan } => {
            put("date", json!(format_date(*date)));
            put("work_tasks", json!(plan.work_tasks));
            put("can_do_now", json!(plan.can_do_now));
            put(
                "adaptations",
                plan.adaptations
                    .iter()
                    .map(|a| {
                        json!({"kind": a.kind.as_str(), "status": a.status.as_str(),
                               "description": a.description, "effect": a.effect})
                    })
                    .collect(),
            );
            put("nav_help", json!(plan.nav_help));
            put(
                "next_steps",
                plan.next_steps
                    .iter()
                    .map(|step| {
                        json!({"what": step.what, "who": step.who.as_str(),
                               "when": format_date(step.when)})
                    })
                    .collect(),
            );
        }
        CaseworkDocument::PlanResponse(response) => {
            put("plan", json!(response.plan));
            put("date", json!(format_date(response.date)));
            put("approved", json!(response.approved));
            put("comment", json!(response.comment));
        }
        CaseworkDocument::MeetingInvitation(invitation) => {
            put("meeting", json!(invitation.meeting.number()));
            put(
                "at",
                json!(invitation.at.format("%Y-%m-%dT%H:%M").to_string()),
            );
            put("place", json!(invitation.place));
            put("video", json!(invitation.video));
            put(
                "participants",
                invitation
                    .participants
                    .iter()
                    .map(|p| json!(p.as_str()))
                    .collect(),
            );
            put("message", json!(invitation.message));
            if let Some(replaces) = &invitation.replaces {
                put("replaces", json!(replaces));
            }
        }
        CaseworkDocument::MeetingCancelled(cancellation) => {
            put("invitation", json!(cancellation.invitation));
            put("meeting", json!(cancellation.meeting.number()));
            put("date", json!(format_date(cancellation.date)));
            put("reason", json!(cancellation.reason));
        }
        CaseworkDocument::MeetingAnswer(answer) => {
            put("invitation", json!(answer.invitation));
            put("participant", json!(answer.participant.as_str()));
            put("answer", json!(answer.answer.as_str()));
            put("comment", json!(answer.comment));
        }
        CaseworkDocument::MeetingMinutes(minutes) => {
            put("meeting", json!(minutes.meeting.number()));
            put("date", json!(format_date(minutes.date)));
            put("situation", json!(minutes.situation));
            put("contributions", json!(minutes.contributions));
            put("measures", json!(minutes.measures));
            put("next_step", json!(minutes.next_step));
            if let Some(expected_return) = minutes.expected_return {
                put("expected_return", json!(format_date(expected_return)));
            }
            put(
                "agreements",
                minutes
                    .agreements
                    .iter()
                    .map(|a| {
                        json!({"who": a.who.as_str(), "what": a.what,
                               "due": format_date(a.due)})
                    })
                    .collect(),
            );
        }
        CaseworkDocument::MeetingRequest(request) => {
            put("meeting", json!(request.meeting.number()));
            put("date", json!(format_date(request.date)));
            put("by", json!(request.by.as_str()));
            put("reason", json!(request.reason));
        }
        CaseworkDocument::CaseNote { date, text } => {
            put("date", json!(format_date(*date)));
            put("text", json!(text));
        }
        CaseworkDocument::PlanShared { date } => {
            put("date", json!(format_date(*date)));
        }
        CaseworkDocument::EarlySession(session) => {
            put("session", json!(session.session.number()));
            put("date", json!(format_date(session.date)));
            put("minutes", json!(session.minutes.get()));
            put(
                "topics",
                session
                    .topics
                    .iter()
                    .map(|note| json!({"topic": note.topic.as_str(), "note": note.note}))
                    .collect(),
            );
        }
        CaseworkDocument::WorkAbilityAssessment(assessment) => {
            put("date", json!(format_date(assessment.date)));
            put("functional_ability", json!(assessment.functional_ability));
            put(
                "weighings",
                assessment
                    .weighings
                    .iter()
                    .map(|w| {
                        json!({"factor": w.factor.as_str(), "weight": w.weight.as_str(),
                               "reasons": w.reasons})
                    })
                    .collect(),
            );
            put("conclusion", json!(assessment.conclusion));
        }
        CaseworkDocument::WorkAbilityAddition(addition) => {
            put("assessment", json!(addition.assessment));
            put("date", json!(format_date(addition.date)));
            put("text", json!(addition.text));
        }
        CaseworkDocument::MeetingHeld { meeting, date } => {
            put("meeting", json!(meeting.number()));
            put("date", json!(format_date(*date)));
        }
        CaseworkDocument::ActivityAssessed {
            date,
            outcome,
            reason,
        } => {
            put("date", json!(format_date(*date)));
            put("outcome", json!(outcome.as_str()));
            put("reason", json!(reason));
        }
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;
    use serde_json::json;

    use crate::document::tests::TODAY;
    use crate::document::{document_value, DocumentError, ParsedDocument};

    fn parse_document_value(value: &serde_json::Value) -> Result<ParsedDocument, DocumentError> {
        crate::document::parse_document_value(value, TODAY)
    }

    fn with_person(mut value: serde_json::Value) -> serde_json::Value {
        value["person"] = json!("15438510092");
        value["id"] = json!("d1");
        value
    }

    #[rstest]
    #[case(json!({"kind": "plan_version", "date": "2024-01-20", "work_tasks": "Lager",
        "can_do_now": "Lett arbeid", "nav_help": "",
        "adaptations": [{"kind": "hours", "status": "agreed", "description": "4 timer", "effect": ""}],
        "next_steps": [{"what": "Evaluere", "who": "manager", "when": "2024-02-01"}]}))]
    #[case(json!({"kind": "plan_response", "plan": "p1", "date": "2024-01-21", "approved": true, "comment": ""}))]
    #[case(json!({"kind": "meeting_invitation", "meeting": 2, "at": "2024-05-02T10:00",
        "place": "NAV Grünerløkka", "video": false, "participants": ["worker", "manager", "gp"], "message": ""}))]
    #[case(json!({"kind": "meeting_invitation", "meeting": 2, "at": "2024-05-06T10:00",
        "place": "NAV", "video": true, "participants": ["worker"], "message": "Flyttet",
        "replaces": "i1"}))]
    #[case(json!({"kind": "meeting_cancelled", "invitation": "i1", "meeting": 2,
        "date": "2024-05-03", "reason": "Veilederen er syk"}))]
    #[case(json!({"kind": "meeting_answer", "invitation": "i1", "participant": "worker",
        "answer": "other_time", "comment": "Kan etter kl. 12"}))]
    #[case(json!({"kind": "meeting_minutes", "meeting": 2, "date": "2024-05-02",
        "situation": "Jobber 40 %", "contributions": "", "measures": "", "next_step": "",
        "expected_return": "2024-08-01",
        "agreements": [{"who": "manager", "what": "Skaffe hev-senk-pult", "due": "2024-05-20"}]}))]
    #[case(json!({"kind": "meeting_request", "meeting": 3, "date": "2024-09-01", "by": "gp", "reason": "Ny situasjon"}))]
    #[case(json!({"kind": "case_note", "date": "2024-09-02", "text": "Ringte arbeidstakeren."}))]
    #[case(json!({"kind": "early_session", "session": 1, "date": "2024-04-03", "minutes": 45,
        "topics": [{"topic": "work_situation", "note": "Jobber 20 %"},
                   {"topic": "money_after_max_date", "note": ""}]}))]
    #[case(json!({"kind": "work_ability_assessment", "date": "2024-05-02",
        "functional_ability": "Tåler ikke tunge løft", "conclusion": "Kan jobbe 50 % med tilrettelegging",
        "weighings": [{"factor": "health", "weight": "limitation", "reasons": "Ryggen"},
                      {"factor": "education", "weight": "resource", "reasons": "Fagbrev"},
                      {"factor": "skills", "weight": "resource", "reasons": "Kundebehandling"},
                      {"factor": "experience", "weight": "both", "reasons": "Bare lagerarbeid"},
                      {"factor": "life_situation", "weight": "resource", "reasons": "Støttende familie"}]}))]
    #[case(json!({"kind": "work_ability_addition", "assessment": "a1", "date": "2024-05-03",
        "text": "Enig; kan øke til 60 % etter behandling."}))]
    fn each_kind_parses_and_writes_back_the_same_json(#[case] value: serde_json::Value) {
        let value = with_person(value);
        let parsed = parse_document_value(&value).unwrap();
        assert_eq!(document_value(&parsed.document, true), value);
    }

    #[rstest]
    #[case(json!({"kind": "plan_version", "date": "2024-01-20"}), "work_tasks")]
    #[case(json!({"kind": "plan_version", "date": "2024-01-20", "work_tasks": "x",
        "adaptations": [{"kind": "speed", "status": "agreed", "description": "d"}]}), "adaptations[0].kind")]
    #[case(json!({"kind": "plan_version", "date": "2024-01-20", "work_tasks": "x",
        "next_steps": [{"what": "w", "who": "manager", "when": "soon"}]}), "next_steps[0].when")]
    #[case(json!({"kind": "plan_response", "plan": "p1", "date": "2024-01-21", "approved": false}), "comment")]
    #[case(json!({"kind": "meeting_invitation", "meeting": 2, "at": "2024-05-02 10:00",
        "place": "x", "participants": ["worker"]}), "at")]
    #[case(json!({"kind": "meeting_invitation", "meeting": 2, "at": "2024-05-02T10:00",
        "place": "x", "participants": []}), "participants")]
    #[case(json!({"kind": "meeting_minutes", "meeting": 4, "date": "2024-05-02", "situation": "s"}), "meeting")]
    #[case(json!({"kind": "meeting_minutes", "meeting": 2, "date": "2024-05-02", "situation": "s",
        "agreements": [{"who": "manager", "what": "", "due": "2024-05-20"}]}), "agreements[0].what")]
    #[case(json!({"kind": "meeting_request", "meeting": 1, "date": "2024-09-01", "by": "gp", "reason": "r"}), "meeting")]
    #[case(json!({"kind": "meeting_request", "meeting": 3, "date": "2024-09-01", "by": "gp", "reason": "a\u{0}b"}), "reason")]
    #[case(json!({"kind": "early_session", "session": 3, "date": "2024-04-03", "minutes": 45}), "session")]
    #[case(json!({"kind": "early_session", "session": 1, "date": "2024-04-03", "minutes": 61}), "minutes")]
    #[case(json!({"kind": "early_session", "session": 1, "date": "2024-04-03", "minutes": 0}), "minutes")]
    #[case(json!({"kind": "early_session", "session": 1, "date": "2024-04-03", "minutes": 30.5}), "minutes")]
    #[case(json!({"kind": "early_session", "session": 1, "date": "2024-04-03"}), "minutes")]
    #[case(json!({"kind": "early_session", "session": 1, "date": "2024-04-03", "minutes": 30,
        "topics": [{"topic": "weather", "note": ""}]}), "topics[0].topic")]
    #[case(json!({"kind": "early_session", "session": 1, "date": "2024-04-03", "minutes": 30,
        "topics": [{"topic": "treatment"}, {"topic": "treatment"}]}), "topics[1].topic")]
    #[case(json!({"kind": "early_session", "session": 1, "date": "2024-04-03", "minutes": 30,
        "topics": [{"topic": "treatment", "note": "x".repeat(1_001)}]}), "topics[0].note")]
    #[case(json!({"kind": "work_ability_assessment", "date": "2024-05-02", "functional_ability": "f",
        "conclusion": "c", "weighings": [{"factor": "health", "weight": "limitation", "reasons": "r"}]}), "weighings")]
    #[case(json!({"kind": "work_ability_assessment", "date": "2024-05-02", "functional_ability": "f",
        "conclusion": "c", "weighings": [{"factor": "health", "weight": "limitation", "reasons": ""}]}), "weighings[0].reasons")]
    #[case(json!({"kind": "work_ability_assessment", "date": "2024-05-02", "functional_ability": "f",
        "conclusion": "c", "weighings": [{"factor": "health", "weight": "heavy", "reasons": "r"}]}), "weighings[0].weight")]
    #[case(json!({"kind": "work_ability_assessment", "date": "2024-05-02", "functional_ability": "",
        "conclusion": "c"}), "functional_ability")]
    #[case(json!({"kind": "work_ability_addition", "date": "2024-05-02", "text": "t"}), "assessment")]
    #[case(json!({"kind": "meeting_cancelled", "invitation": "i1", "meeting": 2,
        "date": "2024-05-03", "reason": ""}), "reason")]
    #[case(json!({"kind": "meeting_cancelled", "meeting": 2, "date": "2024-05-03",
        "reason": "r"}), "invitation")]
    fn a_bad_field_is_named(#[case] value: serde_json::Value, #[case] field: &str) {
        let error = parse_document_value(&with_person(value)).unwrap_err();
        assert_eq!(error.field, field, "{error}");
    }

    #[test]
    fn a_text_longer_than_the_limit_is_refused() {
        let value = with_person(json!({"kind": "meeting_request", "meeting": 3,
            "date": "2024-09-01", "by": "worker", "reason": "x".repeat(4_001)}));
        let error = parse_document_value(&value).unwrap_err();
        assert_eq!(
            (error.code, error.field.as_str()),
            ("text_too_long", "reason")
        );
    }

    #[test]
    fn a_session_over_an_hour_is_refused_with_a_message_saying_so() {
        let value = with_person(json!({"kind": "early_session", "session": 2,
            "date": "2024-04-17", "minutes": 90}));
        let error = parse_document_value(&value).unwrap_err();
        assert_eq!(error.code, "out_of_range");
        assert_eq!(
            error.to_string(),
            "minutes: must be 1 to 60 minutes: an early session lasts at most an hour, not 90"
        );
    }
}
