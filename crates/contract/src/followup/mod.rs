//! The follow-up contract (`shared/contracts/followup.md`): input document
//! parsing with exact, one-line error messages, and the output document.

use std::fmt;

mod line;
mod typed;

pub use line::{write_date, write_output_line};

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Map, Value};
use tilbake_domain::followup::{
    DateRange, Event, Followup, FollowupEngine, FollowupError, FollowupInput, Grade,
    MilestoneStatus, SickLeave,
};

/// Why an input document is invalid: where, and what is wrong there.
///
/// Displays as the contract's one line, e.g. `events[3].to: 2024-02-30 is not a date`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// `events[3].to`, `events[1]`, `birth_date`, `events`, or empty for the document itself.
    pub path: String,
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(formatter, "{}", self.message)
        } else {
            write!(formatter, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for InputError {}

impl InputError {
    pub(crate) fn at(path: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl From<FollowupError> for InputError {
    fn from(error: FollowupError) -> InputError {
        let path = match error.event_index() {
            Some(index) => format!("events[{index}].{}", error.field()),
            None => error.field().to_owned(),
        };
        InputError {
            path,
            message: error.to_string(),
        }
    }
}

/// The contract's name of each event kind.
pub const EVENT_KINDS: [&str; 5] = [
    "sick_leave",
    "self_certified",
    "vacation",
    "work_resumed",
    "cancelled",
];

/// Parses one input document from raw bytes (a leading byte-order mark is skipped).
pub fn parse_input(bytes: &[u8]) -> Result<FollowupInput, InputError> {
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
    // Valid documents are read straight into the input; anything else is
    // read again as a `Value` to find the contract's message (see `typed`).
    if let Some(input) = typed::read_input(text) {
        return Ok(input);
    }
    let document: Value = serde_json::from_str(text)
        .map_err(|error| InputError::at("", format!("input is not valid JSON: {error}")))?;
    input_from_value(&document)
}

/// Converts a parsed JSON value into a follow-up input.
pub fn input_from_value(document: &Value) -> Result<FollowupInput, InputError> {
    let Value::Object(fields) = document else {
        return Err(InputError::at(
            "",
            format!(
                "the document must be a JSON object, not {}",
                type_name(document)
            ),
        ));
    };
    let birth_date = optional_date(fields, "birth_date", "birth_date")?;
    let today = optional_date(fields, "today", "today")?;
    let events = match fields.get("events") {
        None | Some(Value::Null) => return Err(InputError::at("events", "missing")),
        Some(Value::Array(events)) => events,
        Some(other) => {
            return Err(InputError::at(
                "events",
                format!("must be an array, not {}", type_name(other)),
            ))
        }
    };
    let events = events
        .iter()
        .enumerate()
        .map(|(index, event)| event_from_value(&format!("events[{index}]"), event))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(FollowupInput {
        birth_date,
        today,
        events,
    })
}

/// Parses one event. `prefix` is where it sits (`events[3]`), or empty for a
/// document, whose fields are named on their own (`to`).
pub(crate) fn event_from_value(prefix: &str, value: &Value) -> Result<Event, InputError> {
    let here = if prefix.is_empty() {
        "document".to_owned()
    } else {
        prefix.to_owned()
    };
    let Value::Object(fields) = value else {
        return Err(InputError::at(
            here,
            format!("must be an object, not {}", type_name(value)),
        ));
    };
    let field_path = |field: &str| {
        if prefix.is_empty() {
            field.to_owned()
        } else {
            format!("{prefix}.{field}")
        }
    };
    let here = if prefix.is_empty() {
        field_path("to")
    } else {
        here
    };
    let kind = match fields.get("kind") {
        None | Some(Value::Null) => return Err(InputError::at(field_path("kind"), "missing")),
        Some(Value::String(kind)) => kind.as_str(),
        Some(other) => {
            return Err(InputError::at(
                field_path("kind"),
                format!("must be a string, not {}", type_name(other)),
            ))
        }
    };
    let range = |fields: &Map<String, Value>| -> Result<DateRange, InputError> {
        let from = required_date(fields, "from", &field_path("from"))?;
        let to = required_date(fields, "to", &field_path("to"))?;
        DateRange::new(from, to).map_err(|error| InputError::at(here.clone(), error.to_string()))
    };
    match kind {
        "sick_leave" => {
            let id = required_string(fields, "id", &field_path("id"))?;
            let period = range(fields)?;
            let grade = match fields.get("grade") {
                None | Some(Value::Null) => Grade::FULL,
                Some(value) => parse_grade(value)
                    .map_err(|message| InputError::at(field_path("grade"), message))?,
            };
            let employer = optional_string(fields, "employer", &field_path("employer"))?;
            let corrects = optional_string(fields, "corrects", &field_path("corrects"))?;
            Ok(Event::SickLeave(SickLeave {
                id,
                period,
                grade,
                employer,
                corrects,
            }))
        }
        "self_certified" => Ok(Event::SelfCertified(range(fields)?)),
        "vacation" => Ok(Event::Vacation(range(fields)?)),
        "work_resumed" => Ok(Event::WorkResumed(required_date(
            fields,
            "date",
            &field_path("date"),
        )?)),
        "cancelled" => Ok(Event::Cancelled {
            id: required_string(fields, "id", &field_path("id"))?,
        }),
        unknown => Err(InputError::at(
            field_path("kind"),
            format!(
                "{} is not one of {}",
                shown(unknown),
                EVENT_KINDS.join(", ")
            ),
        )),
    }
}

/// A grade must be a JSON integer written without fraction or exponent, 1..=100.
pub(crate) fn parse_grade(value: &Value) -> Result<Grade, String> {
    match value {
        Value::Number(number) => match number.as_i64() {
            Some(percent) => Grade::new(percent).map_err(|error| error.to_string()),
            None if number.is_u64() => Err(format!("{number} is outside 1..=100")),
            None => Err(format!("{number} is not an integer")),
        },
        other => Err(format!("{} is not an integer", compact(other))),
    }
}

pub(crate) fn required_string(
    fields: &Map<String, Value>,
    name: &str,
    path: &str,
) -> Result<String, InputError> {
    optional_string(fields, name, path)?.ok_or_else(|| InputError::at(path, "missing"))
}

pub(crate) fn optional_string(
    fields: &Map<String, Value>,
    name: &str,
    path: &str,
) -> Result<Option<String>, InputError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(InputError::at(
            path,
            format!("must be a string, not {}", type_name(other)),
        )),
    }
}

pub(crate) fn required_date(
    fields: &Map<String, Value>,
    name: &str,
    path: &str,
) -> Result<NaiveDate, InputError> {
    optional_date(fields, name, path)?.ok_or_else(|| InputError::at(path, "missing"))
}

pub(crate) fn optional_date(
    fields: &Map<String, Value>,
    name: &str,
    path: &str,
) -> Result<Option<NaiveDate>, InputError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => parse_date(text).map(Some).ok_or_else(|| {
            InputError::at(path, format!("{} is not a date (YYYY-MM-DD)", shown(text)))
        }),
        Some(other) => Err(InputError::at(
            path,
            format!("must be a date string YYYY-MM-DD, not {}", type_name(other)),
        )),
    }
}

/// Parses exactly `YYYY-MM-DD` (zero-padded) naming a real date from 0001-01-01 to 9999-12-31.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let [y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = *bytes else {
        return None;
    };
    let digits = [y1, y2, y3, y4, m1, m2, d1, d2];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = |digits: &[u8]| {
        digits
            .iter()
            .fold(0u32, |acc, digit| acc * 10 + u32::from(digit - b'0'))
    };
    let year = number(&[y1, y2, y3, y4]);
    if year == 0 {
        return None;
    }
    NaiveDate::from_ymd_opt(year as i32, number(&[m1, m2]), number(&[d1, d2]))
}

/// Formats a date as the contract's `YYYY-MM-DD`.
pub fn format_date(date: NaiveDate) -> String {
    let mut text = Vec::with_capacity(10);
    write_date(date, &mut text);
    // `write_date` writes ASCII only.
    String::from_utf8(text).unwrap_or_default()
}

pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value as it may appear in a one-line message: short, and with control
/// characters escaped.
pub(crate) fn shown(text: &str) -> String {
    let mut short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    if short.chars().any(char::is_control) {
        serde_json::to_string(&short).unwrap_or_default()
    } else {
        short
    }
}

fn compact(value: &Value) -> String {
    match value {
        Value::String(text) => serde_json::to_string(&shown(text)).unwrap_or_default(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        other => other.to_string(),
    }
}

#[derive(Serialize)]
struct OutputDocument<'a> {
    cases: Vec<CaseDocument<'a>>,
}

#[derive(Serialize)]
struct CaseDocument<'a> {
    start: String,
    end: String,
    sick_days: u32,
    graded_at_end: bool,
    employers: &'a [String],
    milestones: Vec<MilestoneDocument>,
}

#[derive(Serialize)]
struct MilestoneDocument {
    kind: &'static str,
    date: String,
    reached: bool,
    required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<&'static str>,
}

fn output_document(followup: &Followup) -> OutputDocument<'_> {
    OutputDocument {
        cases: followup
            .cases
            .iter()
            .map(|case| CaseDocument {
                start: format_date(case.start),
                end: format_date(case.end),
                sick_days: case.sick_days,
                graded_at_end: case.graded_at_end,
                employers: &case.employers,
                milestones: case
                    .milestones
                    .iter()
                    .map(|milestone| MilestoneDocument {
                        kind: milestone.kind.as_str(),
                        date: format_date(milestone.date),
                        reached: milestone.reached,
                        required: milestone.required,
                        status: milestone.status.map(MilestoneStatus::as_str),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The output document as a JSON value.
pub fn output_value(followup: &Followup) -> Value {
    serde_json::to_value(output_document(followup)).unwrap_or(Value::Null)
}

/// The output document as compact JSON on one line.
pub fn output_line(followup: &Followup) -> String {
    let mut line = Vec::new();
    write_output_line(followup, &mut line);
    // The line is JSON written from `&str`s and ASCII: valid UTF-8.
    String::from_utf8(line).unwrap_or_default()
}

/// The output document as indented JSON.
pub fn output_pretty(followup: &Followup) -> String {
    serde_json::to_string_pretty(&output_document(followup)).unwrap_or_default()
}

/// Parses and computes one document: the whole contract in one call.
pub fn compute(
    engine: &mut FollowupEngine,
    bytes: &[u8],
) -> Result<(FollowupInput, Followup), InputError> {
    let input = parse_input(bytes)?;
    let followup = engine.compute(&input)?;
    Ok((input, followup))
}

/// The error line of batch mode: `{"error": "<message>"}`.
pub fn error_line(error: &InputError) -> String {
    serde_json::json!({ "error": error.to_string() }).to_string()
}

/// Appends the error line of batch mode to `out`, without a newline: the
/// same bytes as [`error_line`].
pub fn write_error_line(error: &InputError, out: &mut Vec<u8>) {
    out.extend_from_slice(b"{\"error\":");
    // Writing into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, &error.to_string());
    out.push(b'}');
}

#[cfg(test)]
mod differential;
#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
