//! Feeds arbitrary JSON to the parsers of the early sessions and the
//! work-ability assessment (`early_session`, `work_ability_assessment`,
//! `work_ability_addition`): the first byte picks the kind, the rest is read
//! as a JSON object of its fields, so the fuzzer spends its time inside
//! these parsers rather than on the kind. It never panics; an error names a
//! field on one line; what parses holds the domain's invariants (a session
//! of 1 to 60 minutes, each topic once; an assessment weighing every factor
//! once) and reads back to itself, canonical form included.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use tilbake_contract::document::{document_value, parse_document, parse_document_value};
use tilbake_domain::casework::CaseworkDocument;
use tilbake_domain::document::DocumentBody;
use tilbake_domain::early::{Topic, MAX_SESSION_MINUTES};
use tilbake_domain::work_ability::Factor;

const KINDS: [&str; 3] = [
    "early_session",
    "work_ability_assessment",
    "work_ability_addition",
];

fuzz_target!(|bytes: &[u8]| {
    let Some((first, rest)) = bytes.split_first() else {
        return;
    };
    let kind = KINDS[usize::from(*first) % KINDS.len()];
    let mut value = match serde_json::from_slice::<Value>(rest) {
        Ok(Value::Object(fields)) => Value::Object(fields),
        _ => json!({}),
    };
    value["kind"] = json!(kind);
    value["person"] = json!("15438510092");
    if !value.get("id").is_some_and(Value::is_string) {
        value["id"] = json!("d1");
    }
    let today = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap_or_default();
    match parse_document_value(&value, today) {
        Ok(parsed) => {
            match &parsed.document.body {
                DocumentBody::Casework(CaseworkDocument::EarlySession(session)) => {
                    assert!((1..=MAX_SESSION_MINUTES).contains(&session.minutes.get()));
                    let mut topics: Vec<Topic> = session.topics.iter().map(|n| n.topic).collect();
                    let n = topics.len();
                    topics.dedup();
                    assert_eq!(topics.len(), n, "a topic twice");
                }
                DocumentBody::Casework(CaseworkDocument::WorkAbilityAssessment(assessment)) => {
                    let factors: Vec<Factor> =
                        assessment.weighings.iter().map(|w| w.factor).collect();
                    assert_eq!(factors, Factor::ALL.to_vec());
                }
                DocumentBody::Casework(CaseworkDocument::WorkAbilityAddition(addition)) => {
                    assert!(!addition.text.is_empty());
                }
                other => panic!("{kind} parsed as {other:?}"),
            }
            let written = document_value(&parsed.document, true);
            let again = parse_document_value(&written, today)
                .unwrap_or_else(|error| panic!("written back, refused: {error}: {written}"));
            assert_eq!(again.document, parsed.document);
            let stored = parse_document(parsed.canonical.as_bytes(), today)
                .unwrap_or_else(|error| panic!("canonical form refused: {error}"));
            assert_eq!(stored.canonical, parsed.canonical);
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.contains('\n'), "multi-line error: {message}");
        }
    }
});
