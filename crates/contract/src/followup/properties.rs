//! Property tests of the JSON edge of the follow-up contract
//! (`shared/contracts/followup.md`, *Invocation* and *Validation*):
//!
//! - whatever the bytes or the JSON value, parsing and computing never panic;
//! - every error is one line and names what it is about: `events…`,
//!   `birth_date…`, `today…`, or the input / the document as a whole;
//! - valid documents survive a JSON round trip: the output line parses back
//!   to the output document, and the input read back from its own JSON (or
//!   from the same JSON written differently) gives the same answer;
//! - every document, valid or not, gets the same input or the same message
//!   from the typed reader as from reading it as a `Value`, and the same
//!   output and error lines as `serde_json` writes (`differential.rs`).
//!
//! Strings generated here hold no line breaks: an `id` with a line break
//! gives a two-line error today, which the ignored test
//! `an_id_with_a_line_break_gives_a_one_line_error` shows.

use chrono::NaiveDate;
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use tilbake_domain::followup::{Event, FollowupEngine, FollowupInput};

use super::{compute, error_line, format_date, output_line, output_value, parse_input, InputError};

/// What an error message may start with.
const SUBJECTS: [&str; 5] = ["events", "birth_date", "today", "input", "the document"];

const KINDS: [&str; 6] = [
    "sick_leave",
    "self_certified",
    "vacation",
    "work_resumed",
    "cancelled",
    "holiday",
];

const FIELDS: [&str; 12] = [
    "events",
    "kind",
    "id",
    "from",
    "to",
    "grade",
    "employer",
    "corrects",
    "date",
    "birth_date",
    "today",
    "note",
];

/// 256 cases keep the suite fast; `PROPTEST_CASES=100000` hunts longer.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(256);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

fn check_error(error: &InputError) -> Result<(), TestCaseError> {
    let message = error.to_string();
    prop_assert!(
        !message.contains(['\n', '\r']),
        "not one line: {:?}",
        message
    );
    prop_assert!(
        SUBJECTS.iter().any(|subject| message.starts_with(subject)),
        "names no subject: {:?}",
        message
    );
    // Batch mode answers the same message as `{"error": …}` on one line.
    let line = error_line(error);
    let parsed: Value = serde_json::from_str(&line).map_err(fail)?;
    prop_assert_eq!(parsed, json!({ "error": message }));
    Ok(())
}

fn fail(error: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(error.to_string())
}

/// Parses and computes `bytes`; checks the answer whichever it is.
fn check_bytes(bytes: &[u8]) -> Result<Option<Value>, TestCaseError> {
    super::differential::check_same_as_reference(bytes).map_err(fail)?;
    match compute(&mut FollowupEngine::default(), bytes) {
        Ok((_, followup)) => {
            let line = output_line(&followup);
            prop_assert!(!line.contains('\n'));
            let output: Value = serde_json::from_str(&line).map_err(fail)?;
            prop_assert_eq!(&output, &output_value(&followup));
            Ok(Some(output))
        }
        Err(error) => {
            check_error(&error)?;
            Ok(None)
        }
    }
}

// ---------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------

/// Any string without a line break.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(&KINDS[..]).prop_map(str::to_owned),
        3 => proptest::sample::select(&["s1", "s2", "s3", "", "910000001", "Ørsta"][..])
            .prop_map(str::to_owned),
        4 => date_text(),
        2 => any::<String>().prop_map(|text| text.replace(['\n', '\r'], " ")),
    ]
}

/// `YYYY-MM-DD`-like text: mostly real dates, sometimes not.
fn date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (2022..=2025i32, 1..=12u32, 1..=31u32).prop_map(|(year, month, day)| {
            format!("{year:04}-{month:02}-{day:02}")
        }),
        2 => (0..=10_000i32, 0..=13u32, 0..=32u32).prop_map(|(year, month, day)| {
            format!("{year:04}-{month:02}-{day:02}")
        }),
        1 => proptest::sample::select(
            &["0001-01-01", "9999-12-31", "9999-06-01", "2024-02-29", "2023-02-29", "2024-1-05", "+2024-01-01", "2024-01-01T00:00:00"][..]
        ).prop_map(str::to_owned),
    ]
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => (-2..=102i64).prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<f64>().prop_filter_map("finite", |x| serde_json::Number::from_f64(x).map(Value::Number)),
    ]
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::Bool),
        2 => number(),
        4 => text().prop_map(Value::String),
    ]
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(&FIELDS[..]).prop_map(str::to_owned),
        1 => text(),
    ]
}

/// Any JSON value, with the contract's words as keys and strings now and then.
fn any_value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((key(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// A plausible value for a field of the contract, or now and then anything.
fn field_value(field: &'static str) -> BoxedStrategy<Value> {
    let plausible: BoxedStrategy<Value> = match field {
        "kind" => proptest::sample::select(&KINDS[..])
            .prop_map(Value::from)
            .boxed(),
        "id" | "corrects" => proptest::sample::select(&["s1", "s2", "s3", "s4"][..])
            .prop_map(Value::from)
            .boxed(),
        "grade" => prop_oneof![4 => (1..=100i64).prop_map(Value::from), 1 => number()].boxed(),
        "employer" => proptest::sample::select(&["910000001", "910000002"][..])
            .prop_map(Value::from)
            .boxed(),
        _ => date_text().prop_map(Value::String).boxed(),
    };
    prop_oneof![12 => plausible, 1 => Just(Value::Null), 1 => any_value()].boxed()
}

/// An object shaped like an event, fields present or not, values mostly plausible.
fn event_like() -> impl Strategy<Value = Value> {
    let fields = [
        "kind", "id", "from", "to", "grade", "employer", "corrects", "date",
    ];
    let entries: Vec<_> = fields
        .into_iter()
        .map(|field| {
            let weight_present = if field == "kind" { 9 } else { 5 };
            prop_oneof![
                weight_present => field_value(field).prop_map(move |value| Some((field, value))),
                3 => Just(None),
            ]
        })
        .collect();
    (entries, proptest::option::of(any_value())).prop_map(|(entries, unknown)| {
        let mut object: Map<String, Value> = entries
            .into_iter()
            .flatten()
            .map(|(field, value)| (field.to_owned(), value))
            .collect();
        if let Some(unknown) = unknown {
            object.insert("note".to_owned(), unknown);
        }
        Value::Object(object)
    })
}

/// A document shaped like an input document, often nearly valid.
fn document_like() -> impl Strategy<Value = Value> {
    let events = prop_oneof![
        8 => proptest::collection::vec(prop_oneof![9 => event_like(), 1 => any_value()], 0..8)
            .prop_map(Value::Array),
        1 => any_value(),
    ];
    (
        proptest::option::of(events),
        proptest::option::of(field_value("birth_date")),
        proptest::option::of(field_value("today")),
    )
        .prop_map(|(events, birth_date, today)| {
            let mut document = Map::new();
            for (name, value) in [
                ("events", events),
                ("birth_date", birth_date),
                ("today", today),
            ] {
                if let Some(value) = value {
                    document.insert(name.to_owned(), value);
                }
            }
            Value::Object(document)
        })
}

fn date(offset: i64) -> String {
    let start = NaiveDate::from_ymd_opt(2022, 1, 1).expect("a date");
    format_date(start + chrono::TimeDelta::days(offset))
}

/// A valid input document: unique ids, references to existing ids, `from <= to`.
fn valid_document() -> impl Strategy<Value = Value> {
    #[derive(Clone, Debug)]
    enum Spec {
        SickLeave {
            from: i64,
            n_days: i64,
            grade: Option<i64>,
            employer: Option<&'static str>,
            corrects: Option<proptest::sample::Index>,
        },
        SelfCertified(i64, i64),
        Vacation(i64, i64),
        WorkResumed(i64),
        Cancelled(proptest::sample::Index),
    }
    let spec = prop_oneof![
        6 => (
            0..=900i64,
            0..=120i64,
            proptest::option::of(1..=100i64),
            proptest::option::of(proptest::sample::select(&["910000001", "910000002"][..])),
            proptest::option::weighted(0.2, any::<proptest::sample::Index>()),
        )
            .prop_map(|(from, n_days, grade, employer, corrects)| Spec::SickLeave {
                from,
                n_days,
                grade,
                employer,
                corrects,
            }),
        1 => (0..=900i64, 0..=3i64).prop_map(|(from, n)| Spec::SelfCertified(from, n)),
        2 => (0..=900i64, 0..=20i64).prop_map(|(from, n)| Spec::Vacation(from, n)),
        1 => (0..=900i64).prop_map(Spec::WorkResumed),
        1 => any::<proptest::sample::Index>().prop_map(Spec::Cancelled),
    ];
    (
        proptest::collection::vec(spec, 0..12),
        proptest::option::of(-30_000..=-20_000i64),
        proptest::option::of(0..=1200i64),
        any::<bool>(),
    )
        .prop_map(|(specs, birth_date, today, with_nulls)| {
            let mut ids: Vec<String> = Vec::new();
            let mut events = Vec::new();
            for spec in specs {
                let event = match spec {
                    Spec::SickLeave {
                        from,
                        n_days,
                        grade,
                        employer,
                        corrects,
                    } => {
                        let id = format!("s{}", ids.len() + 1);
                        let mut event = json!({
                            "kind": "sick_leave", "id": id,
                            "from": date(from), "to": date(from + n_days),
                        });
                        let corrects = corrects
                            .filter(|_| !ids.is_empty())
                            .map(|index| index.get(&ids).clone());
                        for (name, value) in [
                            ("grade", grade.map(Value::from)),
                            ("employer", employer.map(Value::from)),
                            ("corrects", corrects.map(Value::from)),
                        ] {
                            match value {
                                Some(value) => event[name] = value,
                                None if with_nulls => event[name] = Value::Null,
                                None => {}
                            }
                        }
                        ids.push(id);
                        event
                    }
                    Spec::SelfCertified(from, n_days) => json!({
                        "kind": "self_certified", "from": date(from), "to": date(from + n_days),
                    }),
                    Spec::Vacation(from, n_days) => json!({
                        "kind": "vacation", "from": date(from), "to": date(from + n_days),
                        "note": "unknown fields are ignored",
                    }),
                    Spec::WorkResumed(on) => json!({"kind": "work_resumed", "date": date(on)}),
                    Spec::Cancelled(index) => {
                        if ids.is_empty() {
                            continue;
                        }
                        json!({"kind": "cancelled", "id": index.get(&ids)})
                    }
                };
                events.push(event);
            }
            let mut document = json!({ "events": events });
            if let Some(offset) = birth_date {
                document["birth_date"] = Value::from(date(offset));
            }
            if let Some(offset) = today {
                document["today"] = Value::from(date(offset));
            }
            document
        })
}

#[derive(Clone, Debug)]
enum Mutation {
    Replace(proptest::sample::Index, u8),
    Delete(proptest::sample::Index, usize),
    Insert(proptest::sample::Index, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let interesting = prop_oneof![
        any::<u8>(),
        proptest::sample::select(&b"{}[]\",:0-9en\\"[..]),
    ];
    prop_oneof![
        (any::<proptest::sample::Index>(), interesting)
            .prop_map(|(at, byte)| Mutation::Replace(at, byte)),
        (any::<proptest::sample::Index>(), 1..8usize).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (
            any::<proptest::sample::Index>(),
            proptest::collection::vec(any::<u8>(), 1..6)
        )
            .prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        if bytes.is_empty() {
            break;
        }
        match mutation {
            Mutation::Replace(at, byte) => {
                let at = at.index(bytes.len());
                bytes[at] = *byte;
            }
            Mutation::Delete(at, n) => {
                let at = at.index(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
            Mutation::Insert(at, inserted) => {
                let at = at.index(bytes.len());
                bytes.splice(at..at, inserted.iter().copied());
            }
        }
    }
    bytes
}

/// The input document of `input`, as the contract writes it.
fn input_to_value(input: &FollowupInput) -> Value {
    let range = |kind: &str, from: NaiveDate, to: NaiveDate| json!({"kind": kind, "from": format_date(from), "to": format_date(to)});
    let events: Vec<Value> = input
        .events
        .iter()
        .map(|event| match event {
            Event::SickLeave(sick_leave) => json!({
                "kind": "sick_leave",
                "id": sick_leave.id,
                "from": format_date(sick_leave.period.from()),
                "to": format_date(sick_leave.period.to()),
                "grade": sick_leave.grade.percent(),
                "employer": sick_leave.employer,
                "corrects": sick_leave.corrects,
            }),
            Event::SelfCertified(period) => range("self_certified", period.from(), period.to()),
            Event::Vacation(period) => range("vacation", period.from(), period.to()),
            Event::WorkResumed(date) => json!({"kind": "work_resumed", "date": format_date(*date)}),
            Event::Cancelled { id } => json!({"kind": "cancelled", "id": id}),
        })
        .collect();
    json!({
        "birth_date": input.birth_date.map(format_date),
        "today": input.today.map(format_date),
        "events": events,
    })
}

// ---------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bytes_never_panic_and_errors_are_one_line(
        bytes in proptest::collection::vec(any::<u8>(), 0..256)
    ) {
        check_bytes(&bytes)?;
    }

    #[test]
    fn arbitrary_json_values_never_panic_and_errors_are_one_line(value in any_value()) {
        check_bytes(value.to_string().as_bytes())?;
    }

    #[test]
    fn documents_of_nearly_the_right_shape_never_panic(document in document_like()) {
        check_bytes(document.to_string().as_bytes())?;
    }

    #[test]
    fn mutated_valid_documents_never_panic(
        document in valid_document(),
        mutations in proptest::collection::vec(mutation(), 1..4),
    ) {
        check_bytes(&mutate(document.to_string().into_bytes(), &mutations))?;
    }

    /// Valid documents are valid, and survive a JSON round trip: written
    /// compactly, indented or after a byte-order mark they give the same
    /// answer; the input read back from its own JSON is the same input; the
    /// output line reads back as the output document.
    #[test]
    fn valid_documents_are_stable_under_a_json_round_trip(document in valid_document()) {
        let compact = document.to_string();
        let output = check_bytes(compact.as_bytes())?;
        prop_assert!(output.is_some(), "valid document rejected: {}", compact);

        let pretty = serde_json::to_string_pretty(&document).map_err(fail)?;
        prop_assert_eq!(&check_bytes(pretty.as_bytes())?, &output);
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(compact.as_bytes());
        prop_assert_eq!(&check_bytes(&with_bom)?, &output);

        let input = parse_input(compact.as_bytes()).map_err(fail)?;
        let written_back = input_to_value(&input).to_string();
        prop_assert_eq!(&parse_input(written_back.as_bytes()).map_err(fail)?, &input);
        prop_assert_eq!(&check_bytes(written_back.as_bytes())?, &output);

        if let Some(output) = output {
            let output_line = output.to_string();
            prop_assert_eq!(serde_json::from_str::<Value>(&output_line).map_err(fail)?, output);
        }
    }
}

#[test]
fn an_id_with_a_line_break_gives_a_one_line_error() {
    let document = br#"{"events":[{"kind":"cancelled","id":"a\nb"}]}"#;
    let error = parse_input(document)
        .and_then(|input| Ok(FollowupEngine::default().compute(&input)?))
        .expect_err("no certificate has the id");
    let message = error.to_string();
    assert!(
        !message.contains('\n'),
        "the contract wants exactly one line on stderr, got {message:?}"
    );
}
