//! The typed reader and the line writer against the way the contract was
//! first read and written (a `serde_json::Value` tree, `serde_json` for the
//! output): the same input or the same message, the same bytes out. The
//! property tests in `properties.rs` call [`check_same_as_reference`] on
//! every document they make; the cases here are the corners of JSON where a
//! reader that skips what it does not need could accept more.

use serde_json::Value;
use tilbake_domain::followup::{Followup, FollowupEngine, FollowupInput};

use super::{input_from_value, output_document, parse_input, InputError};
use super::{output_line, write_error_line};

/// The input as read before the typed reader: all of it as a `Value`, then
/// checked field by field.
pub(super) fn reference_parse_input(bytes: &[u8]) -> Result<FollowupInput, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| {
        InputError::at(
            "",
            format!(
                "input is not UTF-8 (invalid byte at offset {})",
                error.valid_up_to()
            ),
        )
    })?;
    let document: Value = serde_json::from_str(text)
        .map_err(|error| InputError::at("", format!("input is not valid JSON: {error}")))?;
    input_from_value(&document)
}

/// The output line as written before the line writer.
pub(super) fn reference_output_line(followup: &Followup) -> String {
    serde_json::to_string(&output_document(followup)).unwrap_or_default()
}

/// Both ways give the same input or the same error, and for a valid input
/// the same output line and error line bytes.
pub(super) fn check_same_as_reference(bytes: &[u8]) -> Result<(), String> {
    let typed = parse_input(bytes);
    let reference = reference_parse_input(bytes);
    if typed != reference {
        return Err(format!(
            "{:?}: typed {typed:?}, reference {reference:?}",
            String::from_utf8_lossy(bytes)
        ));
    }
    match typed {
        Ok(input) => {
            if let Ok(followup) = FollowupEngine::default().compute(&input) {
                let line = output_line(&followup);
                let reference = reference_output_line(&followup);
                if line != reference {
                    return Err(format!("output {line:?}, reference {reference:?}"));
                }
            }
        }
        Err(error) => {
            let mut line = Vec::new();
            write_error_line(&error, &mut line);
            if line != super::error_line(&error).as_bytes() {
                return Err(format!("error line {:?}", String::from_utf8_lossy(&line)));
            }
        }
    }
    Ok(())
}

#[test]
fn corners_of_json_give_the_same_answer_both_ways() {
    let deep = |depth: usize| {
        format!(
            r#"{{"events":[],"note":{}0{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        )
    };
    let cases: Vec<String> = vec![
        r#"{"events":[]}"#.into(),
        r#"{"events":[],"events":[]}"#.into(),
        r#"{"events":5,"events":[]}"#.into(),
        r#"{"events":[],"events":5}"#.into(),
        r#"{"events":[],"note":1e400}"#.into(),
        r#"{"events":[],"note":-1e400}"#.into(),
        r#"{"events":[],"note":"\ud800"}"#.into(),
        r#"{"events":[],"note":"\ud800\udc00"}"#.into(),
        r#"{"events":[],"note":"\x"}"#.into(),
        r#"{"events":[],"\ud800":1}"#.into(),
        r#"{"events":[],"note":"a	b"}"#.into(),
        r#"{"\u0065vents":[]}"#.into(),
        r#"{"events":[{"kind":"vacation","from":"2024-01-01","to":"2024-01-02","grade":"x"}]}"#
            .into(),
        r#"{"events":[{"kind":"vacation","from":"2024-01-01","to":"2024-01-02","note":1e999}]}"#
            .into(),
        r#"{"events":[{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","grade":1e2}]}"#
            .into(),
        r#"{"events":[{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","grade":50.0}]}"#
            .into(),
        r#"{"events":[{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","grade":18446744073709551615}]}"#
            .into(),
        r#"{"events":[{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","grade":-100000000000000000000}]}"#
            .into(),
        r#"{"events":[{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","grade":null,"employer":null,"corrects":null}]}"#
            .into(),
        r#"{"events":[{"kind":"sick_leave","kind":"vacation","id":"a","from":"2024-01-01","to":"2024-01-02"}]}"#
            .into(),
        r#"{"events":[{"from":"2024-01-01","to":"2024-01-02","kind":"self_certified","id":7}]}"#
            .into(),
        r#"{"events":[{"kind":"work_resumed","date":"2024-01-01","from":"x"}]}"#.into(),
        r#"{"events":[{"kind":"cancelled","id":"a"},{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-01"}]}"#
            .into(),
        r#"{"birth_date":"1960-02-30","events":[{"kind":"holiday"}]}"#.into(),
        r#"{"birth_date":null,"today":null,"events":[]}"#.into(),
        r#"{"events":[]} "#.into(),
        r#"{"events":[]} x"#.into(),
        r#"{"events":[]}{}"#.into(),
        "[]".into(),
        String::new(),
        deep(100),
        deep(127),
        deep(128),
        deep(129),
        deep(1000),
    ];
    for case in &cases {
        check_same_as_reference(case.as_bytes()).unwrap();
        let mut with_bom = b"\xEF\xBB\xBF".to_vec();
        with_bom.extend_from_slice(case.as_bytes());
        check_same_as_reference(&with_bom).unwrap();
    }
    check_same_as_reference(b"{\"events\":[],\"note\":\"\xff\"}").unwrap();
    check_same_as_reference(b"{\"events\":[],\"\xc3\":1}").unwrap();
}
