//! The storage codec: how a document the store keeps (its kind, the version
//! of the storage format it was written in, and its content) is read back.
//!
//! The content written is the document's canonical JSON
//! ([`ParsedDocument::canonical`](crate::document::ParsedDocument)), as it
//! was accepted; [`STORAGE_FORMAT`] names that format. Reading it back
//! applies only the invariants every document must hold to be a domain value
//! (real dates, ranges in order, grades 1..=100, a known kind, a valid
//! `person`, the required fields), never the input rules
//! ([`InputRules`](crate::document::InputRules)), so a document accepted
//! under older rules stays readable after those rules are made stricter.
//! Unknown fields are ignored.
//!
//! It is not a second parser (it is the contract's one document parser, run
//! without the input rules), not a place to check input (use
//! [`parse_document`](crate::document::parse_document)), and not a
//! migration: a format this program does not know is refused, not guessed.

use serde_json::Value;
use tilbake_domain::document::Document;

use crate::document::{document_from_value, Strictness};

/// The version of the storage format this program writes: the canonical
/// JSON of the document, with the fields of the service contract.
pub const STORAGE_FORMAT: i64 = 1;

/// Why a stored document could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoredError {
    /// Written in a format this program does not know (by a newer one).
    #[error(
        "stored {kind} document is in storage format {format}, which this program does not know \
         (it reads format {STORAGE_FORMAT})"
    )]
    UnknownFormat { kind: String, format: i64 },
    /// The content is not a document of its kind in its format.
    #[error("stored {kind} document (storage format {format}): {reason}")]
    Invalid {
        kind: String,
        format: i64,
        reason: String,
    },
}

/// Reads a stored document of `kind` written in storage format `format`.
pub fn decode(format: i64, kind: &str, content: &str) -> Result<Document, StoredError> {
    let invalid = |reason: String| StoredError::Invalid {
        kind: kind.to_owned(),
        format,
        reason,
    };
    if format != STORAGE_FORMAT {
        return Err(StoredError::UnknownFormat {
            kind: kind.to_owned(),
            format,
        });
    }
    let value: Value = serde_json::from_str(content)
        .map_err(|error| invalid(format!("not valid JSON: {error}")))?;
    let document = document_from_value(&value, Strictness::Stored).map_err(|error| {
        // An error about the whole document names no field.
        invalid(if error.field.is_empty() {
            error.message
        } else {
            error.to_string()
        })
    })?;
    // The kind is also a column of its own; the two must agree.
    let content_kind = document.kind().as_str();
    if content_kind != kind {
        return Err(invalid(format!("the content is a {content_kind} document")));
    }
    Ok(document)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;
    use rstest::rstest;
    use serde_json::{json, Value};
    use tilbake_domain::document::DocumentKind;

    use super::*;
    use crate::document::{document_value, InputRules, ParsedDocument};

    const PERSON: &str = "15438510092";

    /// Rules much stricter than today's.
    const TIGHT: InputRules = InputRules {
        max_id_length: 3,
        max_text_chars: 10,
        max_rows: 1,
        max_diagnosis_code_chars: 2,
        max_certificate_days: 7,
        earliest_year: 2024,
        max_years_ahead: 0,
    };

    use crate::document::tests::TODAY;

    fn parse_document(bytes: &[u8]) -> Result<ParsedDocument, crate::document::DocumentError> {
        crate::document::parse_document(bytes, TODAY)
    }

    fn parse_document_with(
        bytes: &[u8],
        rules: &InputRules,
    ) -> Result<ParsedDocument, crate::document::DocumentError> {
        crate::document::parse_document_with(bytes, rules, TODAY)
    }

    fn document(mut value: Value) -> Value {
        value["person"] = json!(PERSON);
        value
    }

    /// One document of every kind, accepted by today's rules.
    fn samples() -> Vec<Value> {
        [
            json!({"kind": "sick_leave", "id": "s1", "from": "2024-01-01", "to": "2024-01-21",
                "grade": 60, "employer": "910000004", "unit": "0301", "gp": "Dr. Berg",
                "diagnosis": {"system": "ICPC-2", "code": "L03"}}),
            json!({"kind": "sick_leave", "id": "s2", "from": "2024-01-22", "to": "2024-02-10",
                "corrects": "s1"}),
            json!({"kind": "self_certified", "id": "e1", "from": "2024-03-01", "to": "2024-03-03"}),
            json!({"kind": "vacation", "id": "v1", "from": "2024-07-01", "to": "2024-07-21"}),
            json!({"kind": "work_resumed", "id": "w1", "date": "2024-08-01"}),
            json!({"kind": "cancelled", "id": "s2"}),
            json!({"kind": "plan_shared", "id": "p1", "date": "2024-01-20"}),
            json!({"kind": "meeting_held", "id": "m1", "date": "2024-02-15", "meeting": 1}),
            json!({"kind": "activity_assessed", "id": "a1", "date": "2024-02-20",
                "outcome": "exempt_medical", "reason": "Ikke i stand ennå"}),
            json!({"kind": "plan_version", "id": "pv1", "date": "2024-01-20", "work_tasks": "Lager",
                "can_do_now": "Lett arbeid", "nav_help": "",
                "adaptations": [{"kind": "hours", "status": "agreed", "description": "4 timer", "effect": ""}],
                "next_steps": [{"what": "Evaluere", "who": "manager", "when": "2024-02-01"}]}),
            json!({"kind": "plan_response", "id": "pr1", "plan": "pv1", "date": "2024-01-21",
                "approved": false, "comment": "Færre timer på lageret"}),
            json!({"kind": "meeting_invitation", "id": "i1", "meeting": 2, "at": "2024-05-02T10:00",
                "place": "NAV Grünerløkka", "video": true, "participants": ["worker", "manager", "gp"],
                "message": "Velkommen"}),
            json!({"kind": "meeting_answer", "id": "ma1", "invitation": "i1", "participant": "worker",
                "answer": "other_time", "comment": "Kan etter kl. 12"}),
            json!({"kind": "meeting_minutes", "id": "mm1", "meeting": 2, "date": "2024-05-02",
                "situation": "Jobber 40 %", "contributions": "", "measures": "", "next_step": "",
                "expected_return": "2024-08-01",
                "agreements": [{"who": "manager", "what": "Skaffe hev-senk-pult", "due": "2024-05-20"}]}),
            json!({"kind": "meeting_request", "id": "mr1", "meeting": 3, "date": "2024-09-01",
                "by": "gp", "reason": "Ny situasjon"}),
            json!({"kind": "case_note", "id": "n1", "date": "2024-09-02",
                "text": "Ringte arbeidstakeren.\nAvtalte nytt møte."}),
            json!({"kind": "early_session", "id": "e1", "session": 2, "date": "2024-04-17",
                "minutes": 50, "topics": [{"topic": "return_plan", "note": "Opptrapping i mai"}]}),
            json!({"kind": "work_ability_assessment", "id": "wa1", "date": "2024-05-02",
                "functional_ability": "Tåler ikke tunge løft", "conclusion": "Kan jobbe 50 %",
                "weighings": [{"factor": "health", "weight": "limitation", "reasons": "Ryggen"},
                              {"factor": "education", "weight": "resource", "reasons": "Fagbrev"},
                              {"factor": "skills", "weight": "resource", "reasons": "Kunder"},
                              {"factor": "experience", "weight": "both", "reasons": "Lager"},
                              {"factor": "life_situation", "weight": "resource", "reasons": "Familie"}]}),
            json!({"kind": "work_ability_addition", "id": "wg1", "assessment": "wa1",
                "date": "2024-05-03", "text": "Enig."}),
            json!({"kind": "meeting_invitation", "id": "i2", "meeting": 2, "at": "2024-05-06T10:00",
                "place": "NAV", "video": false, "participants": ["worker"], "message": "",
                "replaces": "i1"}),
            json!({"kind": "meeting_cancelled", "id": "mc1", "invitation": "i2", "meeting": 2,
                "date": "2024-05-03", "reason": "Veilederen er syk"}),
            json!({"kind": "population_register", "id": "r1", "given_name": "Kari",
                "family_name": "Nordmann", "street": "Storgata 1", "postcode": "0182",
                "city": "Oslo"}),
        ]
        .into_iter()
        .map(document)
        .collect()
    }

    fn parsed(value: &Value) -> ParsedDocument {
        parse_document(value.to_string().as_bytes())
            .unwrap_or_else(|error| panic!("{value}: {error}"))
    }

    #[test]
    fn every_kind_decodes_from_its_canonical_content_to_the_parsed_document() {
        let samples = samples();
        let kinds: BTreeSet<DocumentKind> = samples
            .iter()
            .map(|value| parsed(value).document.kind())
            .collect();
        assert_eq!(kinds, DocumentKind::ALL.into_iter().collect());
        for value in &samples {
            let parsed = parsed(value);
            let kind = parsed.document.kind().as_str();
            assert_eq!(
                decode(STORAGE_FORMAT, kind, &parsed.canonical),
                Ok(parsed.document),
                "{kind}"
            );
        }
    }

    #[rstest]
    #[case::long_id(json!({"kind": "vacation", "id": "vacation-1", "from": "2024-07-01", "to": "2024-07-21"}), TIGHT, "id")]
    #[case::long_note(json!({"kind": "case_note", "id": "n1", "date": "2024-09-02", "text": "x".repeat(4_000)}), TIGHT, "text")]
    #[case::long_plan_text(json!({"kind": "plan_version", "id": "pv1", "date": "2024-01-20",
        "work_tasks": "Lager og kundemottak"}), TIGHT, "work_tasks")]
    #[case::long_agreement(json!({"kind": "meeting_minutes", "id": "mm1", "meeting": 2, "date": "2024-05-02",
        "situation": "Bra", "agreements": [{"who": "manager", "what": "Skaffe hev-senk-pult", "due": "2024-05-20"}]}),
        TIGHT, "agreements[0].what")]
    #[case::many_rows(json!({"kind": "plan_version", "id": "pv1", "date": "2024-01-20", "work_tasks": "Lager",
        "next_steps": [{"what": "A", "who": "manager", "when": "2024-02-01"},
                       {"what": "B", "who": "worker", "when": "2024-02-02"}]}), TIGHT, "next_steps")]
    #[case::many_participants(json!({"kind": "meeting_invitation", "id": "i1", "meeting": 2,
        "at": "2024-05-02T10:00", "place": "NAV", "participants": ["worker", "manager"]}),
        InputRules { max_rows: 1, ..InputRules::CURRENT }, "participants")]
    #[case::long_certificate(json!({"kind": "sick_leave", "id": "s1", "from": "2024-01-01", "to": "2024-01-21"}),
        InputRules { max_certificate_days: 7, ..InputRules::CURRENT }, "to")]
    #[case::early_date(json!({"kind": "work_resumed", "id": "w1", "date": "2023-08-01"}),
        InputRules { earliest_year: 2024, ..InputRules::CURRENT }, "date")]
    #[case::late_meeting(json!({"kind": "meeting_invitation", "id": "i1", "meeting": 2,
        "at": "2024-08-02T10:00", "place": "NAV", "participants": ["worker"]}),
        InputRules { max_years_ahead: 0, ..InputRules::CURRENT }, "at")]
    #[case::long_diagnosis_code(json!({"kind": "sick_leave", "id": "s1", "from": "2024-01-01", "to": "2024-01-21",
        "diagnosis": {"system": "ICD-10", "code": "F32.1"}}), TIGHT, "diagnosis.code")]
    fn a_document_tighter_rules_refuse_is_still_read_from_storage(
        #[case] value: Value,
        #[case] rules: InputRules,
        #[case] field: &str,
    ) {
        let value = document(value);
        let today = parsed(&value);
        let error = parse_document_with(today.canonical.as_bytes(), &rules).unwrap_err();
        assert_eq!(error.field, field, "{error}");
        let kind = today.document.kind().as_str();
        assert_eq!(
            decode(STORAGE_FORMAT, kind, &today.canonical),
            Ok(today.document)
        );
    }

    #[test]
    fn tighter_rules_name_their_limits_in_the_message() {
        let value = document(
            json!({"kind": "case_note", "id": "note-1", "date": "2024-09-02",
            "text": "Ringte arbeidstakeren."}),
        );
        let error = parse_document_with(value.to_string().as_bytes(), &TIGHT).unwrap_err();
        assert_eq!(
            error.to_string(),
            "id: must be 1 to 3 characters without control characters"
        );
        let value = document(
            json!({"kind": "case_note", "id": "n1", "date": "2024-09-02",
            "text": "Ringte arbeidstakeren."}),
        );
        let error = parse_document_with(value.to_string().as_bytes(), &TIGHT).unwrap_err();
        assert_eq!(
            (error.code, error.to_string().as_str()),
            ("text_too_long", "text: is longer than 10 characters")
        );
    }

    /// Checks of input only, which even today's rules make: what was once
    /// accepted without them must still read.
    #[rstest]
    #[case::control_character_in_id(json!({"kind": "vacation", "id": "v\u{1}1", "from": "2024-07-01", "to": "2024-07-21"}), "id")]
    #[case::empty_id(json!({"kind": "vacation", "id": "", "from": "2024-07-01", "to": "2024-07-21"}), "id")]
    #[case::control_character_in_text(json!({"kind": "case_note", "id": "n1", "date": "2024-09-02", "text": "a\u{7}b"}), "text")]
    #[case::orgnr_check_digit(json!({"kind": "sick_leave", "id": "s1", "from": "2024-01-01", "to": "2024-01-21",
        "employer": "910000005"}), "employer")]
    #[case::diagnosis_code_shape(json!({"kind": "sick_leave", "id": "s1", "from": "2024-01-01", "to": "2024-01-21",
        "diagnosis": {"system": "ICPC-2", "code": "L 03"}}), "diagnosis.code")]
    #[case::employer_all_zeros(json!({"kind": "sick_leave", "id": "s1", "from": "2024-01-01", "to": "2024-01-21",
        "employer": "000000000"}), "employer")]
    #[case::certificate_of_two_years(json!({"kind": "sick_leave", "id": "s1", "from": "2022-01-01", "to": "2023-12-31"}), "to")]
    #[case::date_in_year_one(json!({"kind": "vacation", "id": "v1", "from": "0001-07-01", "to": "2024-07-21"}), "from")]
    #[case::meeting_far_ahead(json!({"kind": "meeting_invitation", "id": "i1", "meeting": 2, "at": "2124-05-02T10:00",
        "place": "NAV", "participants": ["worker"]}), "at")]
    #[case::request_for_meeting_one(json!({"kind": "meeting_request", "id": "r1", "meeting": 1, "date": "2024-09-01",
        "by": "worker", "reason": "Vil snakke med lederen"}), "meeting")]
    fn input_only_checks_are_not_made_on_stored_documents(
        #[case] value: Value,
        #[case] field: &str,
    ) {
        let value = document(value);
        let content = value.to_string();
        let error = parse_document(content.as_bytes()).unwrap_err();
        assert_eq!(error.field, field, "{error}");
        let kind = value["kind"].as_str().unwrap();
        let stored = decode(STORAGE_FORMAT, kind, &content).unwrap();
        assert_eq!(stored.kind().as_str(), kind);
        assert_eq!(stored.id, value["id"].as_str().unwrap());
    }

    #[test]
    fn a_stored_certificate_keeps_its_employer_and_diagnosis_as_written() {
        let content = document(
            json!({"kind": "sick_leave", "id": "s1", "from": "2024-01-01",
            "to": "2024-01-21", "employer": "910000005",
            "diagnosis": {"system": "ICD-10", "code": "an old code"}}),
        )
        .to_string();
        let stored = decode(STORAGE_FORMAT, "sick_leave", &content).unwrap();
        assert_eq!(stored.certificate_employer(), Some("910000005"));
        assert_eq!(stored.diagnosis.unwrap().code, "an old code");
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let with_extra = document(json!({"kind": "vacation", "id": "v1", "from": "2024-07-01",
            "to": "2024-07-21", "approved_by": {"name": "a later field"}}));
        let without = document(json!({"kind": "vacation", "id": "v1", "from": "2024-07-01",
            "to": "2024-07-21"}));
        assert_eq!(
            decode(STORAGE_FORMAT, "vacation", &with_extra.to_string()),
            Ok(parsed(&without).document)
        );
    }

    #[rstest]
    #[case::newer(2)]
    #[case::zero(0)]
    #[case::negative(-1)]
    fn an_unknown_format_is_refused_and_named(#[case] format: i64) {
        let content = document(json!({"kind": "work_resumed", "id": "w1", "date": "2024-08-01"}));
        let error = decode(format, "work_resumed", &content.to_string()).unwrap_err();
        assert_eq!(
            error,
            StoredError::UnknownFormat {
                kind: "work_resumed".to_owned(),
                format
            }
        );
        assert_eq!(
            error.to_string(),
            format!(
                "stored work_resumed document is in storage format {format}, which this program \
                 does not know (it reads format 1)"
            )
        );
    }

    /// The invariants hold for stored documents too: content that is not a
    /// domain value is an error, never a guess.
    #[rstest]
    #[case::not_json("vacation", "{", "not valid JSON")]
    #[case::not_an_object("vacation", "[1]", "a document must be a JSON object")]
    #[case::person_check_digit("vacation", r#"{"person":"15438510093","kind":"vacation","id":"v1","from":"2024-01-01","to":"2024-01-02"}"#, "person: not a national identity number")]
    #[case::id_missing(
        "vacation",
        r#"{"person":"15438510092","kind":"vacation","from":"2024-01-01","to":"2024-01-02"}"#,
        "id: missing"
    )]
    #[case::not_a_date("vacation", r#"{"person":"15438510092","kind":"vacation","id":"v1","from":"2024-01-01","to":"2024-02-30"}"#, "to: 2024-02-30 is not a date")]
    #[case::to_before_from("vacation", r#"{"person":"15438510092","kind":"vacation","id":"v1","from":"2024-01-02","to":"2024-01-01"}"#, "to: ")]
    #[case::grade("sick_leave", r#"{"person":"15438510092","kind":"sick_leave","id":"s1","from":"2024-01-01","to":"2024-01-02","grade":101}"#, "grade: ")]
    #[case::unknown_kind(
        "holiday",
        r#"{"person":"15438510092","kind":"holiday","id":"h1"}"#,
        "kind: must be one of"
    )]
    #[case::text_missing(
        "case_note",
        r#"{"person":"15438510092","kind":"case_note","id":"n1","date":"2024-09-02"}"#,
        "text: must not be empty"
    )]
    #[case::unit("work_resumed", r#"{"person":"15438510092","kind":"work_resumed","id":"w1","date":"2024-01-01","unit":"31"}"#, "unit: ")]
    #[case::kind_differs_from_its_column("vacation", r#"{"person":"15438510092","kind":"self_certified","id":"e1","from":"2024-01-01","to":"2024-01-02"}"#, "the content is a self_certified document")]
    fn content_that_breaks_an_invariant_is_an_error_naming_kind_and_format(
        #[case] kind: &str,
        #[case] content: &str,
        #[case] reason_starts: &str,
    ) {
        let error = decode(STORAGE_FORMAT, kind, content).unwrap_err();
        let StoredError::Invalid {
            kind: error_kind,
            format,
            reason,
        } = &error
        else {
            panic!("{error}");
        };
        assert_eq!((error_kind.as_str(), *format), (kind, STORAGE_FORMAT));
        assert!(reason.starts_with(reason_starts), "{error}");
        assert!(
            error
                .to_string()
                .starts_with(&format!("stored {kind} document (storage format 1): ")),
            "{error}"
        );
    }

    /// Decoding never panics; only the known format decodes; a decoded
    /// document written back as JSON decodes to the same document.
    fn check_decode(format: i64, kind: &str, content: &str) -> Result<(), TestCaseError> {
        if let Ok(document) = decode(format, kind, content) {
            prop_assert_eq!(format, STORAGE_FORMAT);
            let written = document_value(&document, true).to_string();
            prop_assert_eq!(decode(STORAGE_FORMAT, kind, &written), Ok(document));
        }
        Ok(())
    }

    fn leaf() -> impl Strategy<Value = Value> {
        prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            "\\PC{0,40}".prop_map(Value::from),
            "[ \\t\\n\\u{1}a-z]{0,12}".prop_map(Value::from),
            "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Value::from),
            Just(json!([])),
            Just(json!([{"who": "manager", "what": " x ", "due": "2024-01-01"}])),
        ]
    }

    const MUTATED_FIELDS: [&str; 22] = [
        "person",
        "kind",
        "id",
        "from",
        "to",
        "grade",
        "employer",
        "corrects",
        "diagnosis",
        "unit",
        "date",
        "meeting",
        "text",
        "reason",
        "outcome",
        "participants",
        "agreements",
        "adaptations",
        "next_steps",
        "at",
        "approved",
        "work_tasks",
    ];

    proptest! {
        #[test]
        fn decoding_a_mutated_document_never_panics_and_what_decodes_round_trips(
            sample in proptest::sample::select(samples()),
            field in proptest::sample::select(MUTATED_FIELDS.to_vec()),
            value in proptest::option::of(leaf()),
            format in -1_i64..3,
        ) {
            let Value::Object(mut fields) = sample else {
                return Err(TestCaseError::fail("a sample is an object"));
            };
            match value {
                Some(value) => fields.insert(field.to_owned(), value),
                None => fields.remove(field),
            };
            let kind = fields.get("kind").and_then(Value::as_str).unwrap_or("").to_owned();
            check_decode(format, &kind, &Value::Object(fields).to_string())?;
        }

        #[test]
        fn decoding_arbitrary_content_never_panics(
            content in "\\PC{0,200}",
            format in -1_i64..3,
            kind in proptest::sample::select(DocumentKind::ALL.to_vec()),
        ) {
            check_decode(format, kind.as_str(), &content)?;
        }
    }
}
