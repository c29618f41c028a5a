use rstest::rstest;

use super::*;

fn error_of(document: &str) -> String {
    match parse_input(document.as_bytes())
        .and_then(|input| Ok(FollowupEngine::default().compute(&input)?))
    {
        Ok(_) => panic!("expected an error for {document}"),
        Err(error) => error.to_string(),
    }
}

fn events(events: &str) -> String {
    format!(r#"{{"events": [{events}]}}"#)
}

const S1: &str = r#"{"kind":"sick_leave","id":"s1","from":"2024-01-01","to":"2024-01-21"}"#;

#[rstest]
#[case::not_json("{", "input is not valid JSON")]
#[case::top_level_array("[]", "the document must be a JSON object, not an array")]
#[case::events_missing("{}", "events: missing")]
#[case::events_null(r#"{"events": null}"#, "events: missing")]
#[case::events_not_array(r#"{"events": {}}"#, "events: must be an array, not an object")]
#[case::event_not_object(&events("1"), "events[0]: must be an object, not a number")]
#[case::kind_missing(&events("{}"), "events[0].kind: missing")]
#[case::kind_not_string(&events(r#"{"kind": 3}"#), "events[0].kind: must be a string, not a number")]
#[case::kind_unknown(&events(r#"{"kind": "holiday"}"#), "events[0].kind: holiday is not one of sick_leave, self_certified, vacation, work_resumed, cancelled")]
#[case::id_missing(&events(r#"{"kind":"sick_leave","from":"2024-01-01","to":"2024-01-02"}"#), "events[0].id: missing")]
#[case::id_null(&events(r#"{"kind":"sick_leave","id":null,"from":"2024-01-01","to":"2024-01-02"}"#), "events[0].id: missing")]
#[case::id_not_string(&events(r#"{"kind":"sick_leave","id":7,"from":"2024-01-01","to":"2024-01-02"}"#), "events[0].id: must be a string, not a number")]
#[case::to_missing(&events(r#"{"kind":"vacation","from":"2024-01-01"}"#), "events[0].to: missing")]
#[case::date_not_padded(&events(r#"{"kind":"vacation","from":"2024-1-05","to":"2024-01-06"}"#), "events[0].from: 2024-1-05 is not a date (YYYY-MM-DD)")]
#[case::date_not_real(&events(&format!(r#"{S1},{S1},{{"kind":"vacation","from":"2024-02-01","to":"2024-02-30"}}"#)), "events[2].to: 2024-02-30 is not a date (YYYY-MM-DD)")]
#[case::year_zero(&events(r#"{"kind":"work_resumed","date":"0000-01-01"}"#), "events[0].date: 0000-01-01 is not a date (YYYY-MM-DD)")]
#[case::date_not_string(&events(r#"{"kind":"work_resumed","date":20240101}"#), "events[0].date: must be a date string YYYY-MM-DD, not a number")]
#[case::birth_date(
    r#"{"birth_date":"1960-13-01","events":[]}"#,
    "birth_date: 1960-13-01 is not a date (YYYY-MM-DD)"
)]
#[case::today(
    r#"{"today":"2024-02-29x","events":[]}"#,
    "today: 2024-02-29x is not a date (YYYY-MM-DD)"
)]
#[case::to_before_from(&events(r#"{"kind":"self_certified","from":"2024-01-02","to":"2024-01-01"}"#), "events[0]: 'to' is before 'from'")]
#[case::grade_zero(&events(r#"{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","grade":0}"#), "events[0].grade: 0 is outside 1..=100")]
#[case::grade_101(&events(r#"{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","grade":101}"#), "events[0].grade: 101 is outside 1..=100")]
#[case::grade_negative(&events(r#"{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","grade":-5}"#), "events[0].grade: -5 is outside 1..=100")]
#[case::grade_huge(&events(r#"{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","grade":18446744073709551615}"#), "events[0].grade: 18446744073709551615 is outside 1..=100")]
#[case::grade_fraction(&events(r#"{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","grade":50.0}"#), "events[0].grade: 50.0 is not an integer")]
#[case::grade_exponent(&events(r#"{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","grade":1e2}"#), "events[0].grade: 100.0 is not an integer")]
#[case::grade_string(&events(r#"{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","grade":"50"}"#), r#"events[0].grade: "50" is not an integer"#)]
#[case::employer_not_string(&events(r#"{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","employer":910000001}"#), "events[0].employer: must be a string, not a number")]
#[case::duplicate_id(&events(&format!("{S1},{S1}")), "events[1].id: 's1' is already the id of events[0]")]
#[case::corrects_unknown(&events(r#"{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","corrects":"b"}"#), "events[0].corrects: 'b' is not the id of any sick_leave")]
#[case::corrects_itself(&events(r#"{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","corrects":"a"}"#), "events[0].corrects: a certificate cannot correct its own id 'a'")]
#[case::cancelled_unknown(&events(&format!(r#"{S1},{{"kind":"cancelled","id":"s2"}}"#)), "events[1].id: 's2' is not the id of any sick_leave")]
#[case::cancelled_missing_id(&events(r#"{"kind":"cancelled"}"#), "events[0].id: missing")]
#[case::output_beyond_calendar(&events(r#"{"kind":"sick_leave","id":"a","from":"9999-06-01","to":"9999-06-02"}"#), "events: the benefit_end_notice of the case starting 9999-06-01 would lie after 9999-12-31")]
fn invalid_input_gives_one_line_naming_the_field(#[case] document: &str, #[case] expected: &str) {
    let message = error_of(document);
    assert!(
        message.starts_with(expected),
        "got {message:?}, expected it to start with {expected:?}"
    );
    assert!(!message.contains('\n'));
}

#[test]
fn the_earliest_event_with_a_reference_error_is_reported() {
    let document = events(&format!(r#"{S1},{{"kind":"cancelled","id":"nope"}},{S1}"#));
    assert_eq!(
        error_of(&document),
        "events[1].id: 'nope' is not the id of any sick_leave"
    );
}

#[test]
fn a_byte_order_mark_is_skipped_and_invalid_utf8_is_an_error() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(br#"{"events": []}"#);
    assert!(parse_input(&bytes).is_ok());
    let error = parse_input(b"{\"events\": [\xff]}").unwrap_err();
    assert!(error.to_string().contains("not UTF-8"));
}

#[test]
fn null_optional_fields_are_the_same_as_missing_and_unknown_fields_are_ignored() {
    let with_nulls = parse_input(
        br#"{"birth_date":null,"today":null,"extra":1,"events":[{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02","grade":null,"employer":null,"corrects":null,"note":"x"},{"kind":"self_certified","id":"ignored","from":"2024-01-03","to":"2024-01-03"}]}"#,
    )
    .unwrap();
    let without = parse_input(
        br#"{"events":[{"kind":"sick_leave","id":"a","from":"2024-01-01","to":"2024-01-02"},{"kind":"self_certified","from":"2024-01-03","to":"2024-01-03"}]}"#,
    )
    .unwrap();
    assert_eq!(with_nulls, without);
}

#[test]
fn empty_events_give_no_cases() {
    let input = parse_input(br#"{"events": []}"#).unwrap();
    let followup = FollowupEngine::default().compute(&input).unwrap();
    assert_eq!(output_line(&followup), r#"{"cases":[]}"#);
}

#[test]
fn dates_are_formatted_with_four_digit_years() {
    assert_eq!(format_date(parse_date("0001-01-01").unwrap()), "0001-01-01");
    assert_eq!(format_date(parse_date("0999-12-31").unwrap()), "0999-12-31");
    assert_eq!(parse_date("+2024-01-01"), None);
    assert_eq!(parse_date("2024-01-01 "), None);
}

/// The service's input bounds (dates from 1900 to two years ahead,
/// certificates of at most a year, no all-zero employer) are not the
/// follow-up contract's: `followup.md` accepts any real date and any
/// employer string, and so does `tilbake followup`.
#[test]
fn the_service_s_input_bounds_do_not_apply_to_the_followup_contract() {
    let input = parse_input(
        br#"{"today":"2024-06-01","events":[
            {"kind":"sick_leave","id":"a","from":"1850-01-01","to":"1852-12-31","employer":"000000000"},
            {"kind":"sick_leave","id":"b","from":"2090-01-01","to":"2090-01-20"},
            {"kind":"work_resumed","date":"0001-01-01"}]}"#,
    )
    .unwrap();
    assert_eq!(input.events.len(), 3);
    FollowupEngine::default().compute(&input).unwrap();
}
