//! The document JSON of the service contract (`shared/contracts/service.md`):
//! one follow-up event plus `person` and `id`, or a case-work record.
//!
//! Parsing gives a validated [`Document`] and its canonical JSON (the
//! document as read, written back by [`document_value`]: sorted keys, no
//! insignificant whitespace, no field the contract does not know), which the
//! store keeps and compares to tell a repeat from a conflict.
//!
//! There is one parser, and how strict it is is a value: what arrives is
//! held to [`InputRules`] (limits and checks that apply only to input), while
//! the storage codec ([`crate::stored`]) reads what was once accepted with
//! only the invariants every document must hold to be a domain value (real
//! dates, ranges in order, grades 1..=100, a known kind, a valid `person`,
//! the required fields), so that a stricter input rule never turns stored
//! history into errors.

use chrono::{Months, NaiveDate};
use serde_json::{json, Map, Value};
use tilbake_domain::casework::{CaseworkDocument, MAX_ROWS, MAX_TEXT_CHARS};
use tilbake_domain::document::{
    Diagnosis, DiagnosisSystem, Document, DocumentBody, DocumentKind, KindInModule,
};
use tilbake_domain::followup::Event;
use tilbake_domain::identity::{Fnr, Orgnr, UnitCode};

use crate::followup::{
    event_from_value, format_date, optional_string, required_string, type_name, InputError,
};

/// Why a document was refused: a machine-readable code, the field, and a
/// message a sender can act on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct DocumentError {
    /// `invalid_json`, `missing_field`, `invalid_field`, `unknown_kind`, `invalid_fnr`,
    /// `invalid_orgnr`, `out_of_range` (a date outside the input window, a
    /// certificate longer than a year); for case-work texts also
    /// `text_too_long` and `invalid_characters`.
    pub code: &'static str,
    pub field: String,
    pub message: String,
}

impl DocumentError {
    pub(crate) fn new(
        code: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> DocumentError {
        DocumentError {
            code,
            field: field.into(),
            message: message.into(),
        }
    }

    /// Whether the bytes were not a JSON object at all (HTTP 400) rather than
    /// a document with a bad field (HTTP 422).
    pub fn is_malformed(&self) -> bool {
        self.code == "invalid_json"
    }
}

impl From<InputError> for DocumentError {
    fn from(error: InputError) -> DocumentError {
        let code = if error.message == "missing" {
            "missing_field"
        } else if error.path == "kind" {
            "unknown_kind"
        } else {
            "invalid_field"
        };
        DocumentError {
            code,
            field: error.path,
            message: error.message,
        }
    }
}

/// A parsed document and its canonical JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedDocument {
    pub document: Document,
    pub canonical: String,
}

/// The longest document id accepted.
pub const MAX_ID_LENGTH: usize = 200;

/// The longest diagnosis code accepted.
pub const MAX_DIAGNOSIS_CODE_CHARS: usize = 16;

/// The earliest year of a date on input: no one followed up today has a
/// document from before 1900 (an older date is a typing error, such as
/// `0024` for `2024`).
pub const EARLIEST_YEAR: i32 = 1900;

/// How far after today a date on input may lie, in years: a certificate,
/// plan step or meeting is written at most that far ahead.
pub const MAX_YEARS_AHEAD: u32 = 2;

/// The longest certificate (sick-leave period) on input, in days: a year,
/// with its leap day. Sickness benefit lasts at most a year, so no real
/// certificate is longer.
pub const MAX_CERTIFICATE_DAYS: i64 = 366;

/// The rules that apply only to what arrives, never to what is stored: a
/// document accepted under older (looser) rules stays readable when these
/// are made stricter.
///
/// Besides these limits, input must have ids and case-work texts without
/// control characters, a certificate's `employer` with valid check digits
/// and not all zeros, a diagnosis code of letters, digits and dots, and a
/// meeting request for meeting 2 or 3 only; none of those is checked on
/// stored documents either.
///
/// Every date of a document (periods, days, plan steps, agreements, a
/// meeting's time) must lie from [`InputRules::earliest_year`] to
/// [`InputRules::max_years_ahead`] years after the day it arrives, which is
/// why parsing input takes `today`. A meeting's time is held to the same
/// window as every other date rather than to the person's other documents:
/// the parser sees one document at a time, and documents may arrive in any
/// order (an invitation before the certificate it follows up), so the
/// window is what can be checked without refusing real cases. It keeps out
/// what no case has (year 0000, a meeting a century ahead).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InputRules {
    /// The longest document id, in characters.
    pub max_id_length: usize,
    /// The longest case-work text, in characters.
    pub max_text_chars: usize,
    /// The most rows of a case-work list (adaptations, next steps,
    /// agreements, participants).
    pub max_rows: usize,
    /// The longest diagnosis code, in characters.
    pub max_diagnosis_code_chars: usize,
    /// The longest certificate, in days (both ends counted).
    pub max_certificate_days: i64,
    /// The earliest year of any date.
    pub earliest_year: i32,
    /// How many years after today any date may lie.
    pub max_years_ahead: u32,
}

impl InputRules {
    /// The rules the service applies to input today.
    pub const CURRENT: InputRules = InputRules {
        max_id_length: MAX_ID_LENGTH,
        max_text_chars: MAX_TEXT_CHARS,
        max_rows: MAX_ROWS,
        max_diagnosis_code_chars: MAX_DIAGNOSIS_CODE_CHARS,
        max_certificate_days: MAX_CERTIFICATE_DAYS,
        earliest_year: EARLIEST_YEAR,
        max_years_ahead: MAX_YEARS_AHEAD,
    };

    /// The first day a date may lie on.
    fn earliest_date(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.earliest_year, 1, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day a date may lie on, when the document arrives on `today`.
    fn latest_date(&self, today: NaiveDate) -> NaiveDate {
        today
            .checked_add_months(Months::new(self.max_years_ahead.saturating_mul(12)))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// How strictly the parser reads: input under some [`InputRules`] on the
/// day it arrives, or a stored document under the invariants alone.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Strictness<'r> {
    Input(&'r InputRules, NaiveDate),
    Stored,
}

impl<'r> Strictness<'r> {
    /// The input rules to apply, or `None` when reading stored documents.
    pub(crate) fn input(self) -> Option<&'r InputRules> {
        match self {
            Strictness::Input(rules, _) => Some(rules),
            Strictness::Stored => None,
        }
    }
}

/// Parses one document from bytes under [`InputRules::CURRENT`], arriving on `today`.
pub fn parse_document(bytes: &[u8], today: NaiveDate) -> Result<ParsedDocument, DocumentError> {
    parse_document_with(bytes, &InputRules::CURRENT, today)
}

/// Parses one document from bytes under the given input rules, arriving on `today`.
pub fn parse_document_with(
    bytes: &[u8],
    rules: &InputRules,
    today: NaiveDate,
) -> Result<ParsedDocument, DocumentError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value = serde_json::from_slice(bytes).map_err(|error| {
        DocumentError::new("invalid_json", "", format!("not valid JSON: {error}"))
    })?;
    parse_document_value_with(&value, rules, today)
}

/// Parses one document from a JSON value under [`InputRules::CURRENT`], arriving on `today`.
pub fn parse_document_value(
    value: &Value,
    today: NaiveDate,
) -> Result<ParsedDocument, DocumentError> {
    parse_document_value_with(value, &InputRules::CURRENT, today)
}

/// Parses one document from a JSON value under the given input rules,
/// arriving on `today`.
///
/// The canonical form is the document as the service reads it
/// ([`document_value`]): fields the contract does not know (`__proto__`,
/// a sender's own additions) are dropped, as the API description says,
/// and are never stored.
pub fn parse_document_value_with(
    value: &Value,
    rules: &InputRules,
    today: NaiveDate,
) -> Result<ParsedDocument, DocumentError> {
    let document = document_from_value(value, Strictness::Input(rules, today))?;
    let canonical = canonical_of(&document);
    Ok(ParsedDocument {
        document,
        canonical,
    })
}

/// The canonical JSON of a document: its fields as [`document_value`]
/// writes them (diagnosis included), keys sorted, no insignificant
/// whitespace.
pub fn canonical_of(document: &Document) -> String {
    document_value(document, true).to_string()
}

/// Every date of a document with the field it is in, for the input window.
fn dates_of(document: &Document) -> Vec<(String, NaiveDate)> {
    let one = |field: &str, date: NaiveDate| vec![(field.to_owned(), date)];
    match &document.body {
        DocumentBody::Followup(
            Event::SickLeave(tilbake_domain::followup::SickLeave { period: range, .. })
            | Event::SelfCertified(range)
            | Event::Vacation(range),
        ) => vec![
            ("from".to_owned(), range.from()),
            ("to".to_owned(), range.to()),
        ],
        DocumentBody::Followup(Event::WorkResumed(date)) => one("date", *date),
        DocumentBody::Followup(Event::Cancelled { .. }) | DocumentBody::Register(_) => Vec::new(),
        DocumentBody::Casework(casework) => {
            match casework {
                CaseworkDocument::PlanShared { date }
                | CaseworkDocument::MeetingHeld { date, .. }
                | CaseworkDocument::ActivityAssessed { date, .. }
                | CaseworkDocument::CaseNote { date, .. } => one("date", *date),
                CaseworkDocument::EarlySession(session) => one("date", session.date),
                CaseworkDocument::WorkAbilityAssessment(assessment) => one("date", assessment.date),
                CaseworkDocument::WorkAbilityAddition(addition) => one("date", addition.date),
                CaseworkDocument::PlanVersion { date, plan } => {
                    let mut dates = one("date", *date);
                    dates.extend(
                        plan.next_steps
                            .iter()
                            .enumerate()
                            .map(|(index, step)| (format!("next_steps[{index}].when"), step.when)),
                    );
                    dates
                }
                CaseworkDocument::PlanResponse(response) => one("date", response.date),
                CaseworkDocument::MeetingInvitation(invitation) => one("at", invitation.at.date()),
                CaseworkDocument::MeetingAnswer(_) => Vec::new(),
                CaseworkDocument::MeetingMinutes(minutes) => {
                    let mut dates = one("date", minutes.date);
                    dates.extend(
                        minutes
                            .expected_return
                            .map(|date| ("expected_return".to_owned(), date)),
                    );
                    dates.extend(minutes.agreements.iter().enumerate().map(
                        |(index, agreement)| (format!("agreements[{index}].due"), agreement.due),
                    ));
                    dates
                }
                CaseworkDocument::MeetingRequest(request) => one("date", request.date),
                CaseworkDocument::MeetingCancelled(cancellation) => one("date", cancellation.date),
            }
        }
    }
}

/// The input bounds on dates: every date in the window, a certificate no
/// longer than a year.
fn check_bounds(
    document: &Document,
    rules: &InputRules,
    today: NaiveDate,
) -> Result<(), DocumentError> {
    let (earliest, latest) = (rules.earliest_date(), rules.latest_date(today));
    for (field, date) in dates_of(document) {
        if date < earliest {
            return Err(DocumentError::new(
                "out_of_range",
                field,
                format!(
                    "{} is before {}; no case has a date that early",
                    format_date(date),
                    format_date(earliest)
                ),
            ));
        }
        if date > latest {
            return Err(DocumentError::new(
                "out_of_range",
                field,
                format!(
                    "{} is more than {} years after today ({}); the latest date accepted is {}",
                    format_date(date),
                    rules.max_years_ahead,
                    format_date(today),
                    format_date(latest)
                ),
            ));
        }
    }
    if let DocumentBody::Followup(Event::SickLeave(sick_leave)) = &document.body {
        let n_days = (sick_leave.period.to() - sick_leave.period.from()).num_days() + 1;
        if n_days > rules.max_certificate_days {
            return Err(DocumentError::new(
                "out_of_range",
                "to",
                format!(
                    "the certificate covers {n_days} days; a certificate covers at most {} days (a year)",
                    rules.max_certificate_days
                ),
            ));
        }
    }
    Ok(())
}

/// The one document parser, as strict as `strictness` says.
pub(crate) fn document_from_value(
    value: &Value,
    strictness: Strictness<'_>,
) -> Result<Document, DocumentError> {
    let Value::Object(fields) = value else {
        return Err(DocumentError::new(
            "invalid_json",
            "",
            format!("a document must be a JSON object, not {}", type_name(value)),
        ));
    };
    let person_text = required_string(fields, "person", "person")?;
    let person = Fnr::parse(&person_text).map_err(|error| {
        DocumentError::new(
            "invalid_fnr",
            "person",
            format!("not a national identity number: {error}"),
        )
    })?;
    let id = required_string(fields, "id", "id")?;
    if let Some(rules) = strictness.input() {
        let max_id_length = rules.max_id_length;
        if id.is_empty() || id.chars().count() > max_id_length || id.chars().any(char::is_control) {
            return Err(DocumentError::new(
                "invalid_field",
                "id",
                format!("must be 1 to {max_id_length} characters without control characters"),
            ));
        }
    }
    let unit = optional_string(fields, "unit", "unit")?
        .map(|unit| {
            UnitCode::parse(&unit).map_err(|_| {
                DocumentError::new(
                    "invalid_field",
                    "unit",
                    "must be the 4-digit code of a NAV office",
                )
            })
        })
        .transpose()?;
    let kind_text = required_string(fields, "kind", "kind")?;
    let Some(kind) = DocumentKind::parse(&kind_text) else {
        let kinds: Vec<&str> = DocumentKind::ALL.iter().map(|kind| kind.as_str()).collect();
        return Err(DocumentError::new(
            "unknown_kind",
            "kind",
            format!("must be one of {}", kinds.join(", ")),
        ));
    };
    // Each module parses its own kinds; the match names every module.
    let body = match kind.in_module() {
        KindInModule::Followup => DocumentBody::Followup(event_from_value("", value)?),
        KindInModule::Casework(kind) => {
            DocumentBody::Casework(crate::casework::parse_body(kind, fields, strictness)?)
        }
        KindInModule::Register => {
            DocumentBody::Register(crate::register::parse_body(fields, strictness)?)
        }
    };
    let (diagnosis, gp) = if kind == DocumentKind::SickLeave {
        // The check digits are an input rule: the employer is kept as text.
        if let (Some(_), DocumentBody::Followup(Event::SickLeave(sick_leave))) =
            (strictness.input(), &body)
        {
            if let Some(employer) = &sick_leave.employer {
                Orgnr::parse(employer).map_err(|error| {
                    DocumentError::new(
                        "invalid_orgnr",
                        "employer",
                        format!("not an organisation number: {error}"),
                    )
                })?;
                // All zeros has a valid check digit, yet no organisation has it.
                if employer.bytes().all(|digit| digit == b'0') {
                    return Err(DocumentError::new(
                        "invalid_orgnr",
                        "employer",
                        "000000000 is no organisation's number",
                    ));
                }
            }
        }
        (
            parse_diagnosis(fields, strictness)?,
            optional_string(fields, "gp", "gp")?,
        )
    } else {
        (None, None)
    };
    let document = Document {
        person,
        id,
        unit,
        body,
        diagnosis,
        gp,
    };
    if let Strictness::Input(rules, today) = strictness {
        check_bounds(&document, rules, today)?;
    }
    Ok(document)
}

fn parse_diagnosis(
    fields: &Map<String, Value>,
    strictness: Strictness<'_>,
) -> Result<Option<Diagnosis>, DocumentError> {
    let diagnosis = match fields.get("diagnosis") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(diagnosis)) => diagnosis,
        Some(other) => {
            return Err(DocumentError::new(
                "invalid_field",
                "diagnosis",
                format!(
                    "must be an object with system and code, not {}",
                    type_name(other)
                ),
            ))
        }
    };
    let system = match diagnosis.get("system").and_then(Value::as_str) {
        Some("ICPC-2") => DiagnosisSystem::Icpc2,
        Some("ICD-10") => DiagnosisSystem::Icd10,
        _ => {
            return Err(DocumentError::new(
                "invalid_field",
                "diagnosis.system",
                "must be ICPC-2 or ICD-10",
            ))
        }
    };
    // The code's shape is an input rule; a stored code need only be text.
    let code = match (
        diagnosis.get("code").and_then(Value::as_str),
        strictness.input(),
    ) {
        (Some(code), None) => code.to_owned(),
        (Some(code), Some(rules))
            if !code.is_empty()
                && code.chars().count() <= rules.max_diagnosis_code_chars
                && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') =>
        {
            code.to_owned()
        }
        (_, rules) => {
            let message = match rules {
                Some(rules) => format!(
                    "must be a code of up to {} letters, digits and dots",
                    rules.max_diagnosis_code_chars
                ),
                None => "must be a string".to_owned(),
            };
            return Err(DocumentError::new(
                "invalid_field",
                "diagnosis.code",
                message,
            ));
        }
    };
    Ok(Some(Diagnosis { system, code }))
}

/// A document as JSON for a reader; the diagnosis only when `with_diagnosis`.
pub fn document_value(document: &Document, with_diagnosis: bool) -> Value {
    let mut fields = Map::new();
    fields.insert("person".to_owned(), json!(document.person.to_string()));
    fields.insert("kind".to_owned(), json!(document.kind().as_str()));
    fields.insert("id".to_owned(), json!(document.id));
    if let Some(unit) = document.unit {
        fields.insert("unit".to_owned(), json!(unit.to_string()));
    }
    match &document.body {
        DocumentBody::Followup(Event::SickLeave(sick_leave)) => {
            fields.insert(
                "from".to_owned(),
                json!(format_date(sick_leave.period.from())),
            );
            fields.insert("to".to_owned(), json!(format_date(sick_leave.period.to())));
            fields.insert("grade".to_owned(), json!(sick_leave.grade.percent()));
            if let Some(employer) = &sick_leave.employer {
                fields.insert("employer".to_owned(), json!(employer));
            }
            if let Some(corrects) = &sick_leave.corrects {
                fields.insert("corrects".to_owned(), json!(corrects));
            }
        }
        DocumentBody::Followup(Event::SelfCertified(range) | Event::Vacation(range)) => {
            fields.insert("from".to_owned(), json!(format_date(range.from())));
            fields.insert("to".to_owned(), json!(format_date(range.to())));
        }
        DocumentBody::Followup(Event::WorkResumed(date)) => {
            fields.insert("date".to_owned(), json!(format_date(*date)));
        }
        DocumentBody::Followup(Event::Cancelled { .. }) => {}
        DocumentBody::Casework(casework) => crate::casework::insert_fields(casework, &mut fields),
        DocumentBody::Register(record) => crate::register::insert_fields(record, &mut fields),
    }
    if let Some(gp) = &document.gp {
        fields.insert("gp".to_owned(), json!(gp));
    }
    if with_diagnosis {
        if let Some(diagnosis) = &document.diagnosis {
            fields.insert(
                "diagnosis".to_owned(),
                json!({"system": diagnosis.system.as_str(), "code": diagnosis.code}),
            );
        }
    }
    Value::Object(fields)
}

#[cfg(test)]
pub(crate) mod tests {
    use rstest::rstest;

    use super::*;

    /// The day the test documents arrive.
    pub(crate) const TODAY: NaiveDate = match NaiveDate::from_ymd_opt(2024, 6, 1) {
        Some(date) => date,
        None => panic!("a date"),
    };

    fn parse_document(bytes: &[u8]) -> Result<ParsedDocument, DocumentError> {
        super::parse_document(bytes, TODAY)
    }

    const CERTIFICATE: &str = r#"{"kind": "sick_leave", "id": "s1", "person": "15438510092", "from": "2024-01-01",
        "to": "2024-01-21", "grade": 100, "employer": "910000004",
        "diagnosis": {"system": "ICPC-2", "code": "L03"}, "unit": "0301", "gp": "Dr. Berg"}"#;

    #[test]
    fn the_contract_example_parses_with_diagnosis_gp_and_unit() {
        let parsed = parse_document(CERTIFICATE.as_bytes()).unwrap();
        assert_eq!(parsed.document.kind(), DocumentKind::SickLeave);
        assert_eq!(parsed.document.diagnosis.as_ref().unwrap().code, "L03");
        assert_eq!(parsed.document.unit.unwrap().to_string(), "0301");
        assert_eq!(parsed.document.gp.as_deref(), Some("Dr. Berg"));
        let without = document_value(&parsed.document, false);
        assert!(without.get("diagnosis").is_none());
        assert_eq!(
            document_value(&parsed.document, true)["diagnosis"]["code"],
            "L03"
        );
    }

    #[test]
    fn the_canonical_form_ignores_key_order_and_whitespace() {
        let reordered = r#"{"person":"15438510092","id":"s1","kind":"sick_leave","to":"2024-01-21","from":"2024-01-01","grade":100,"employer":"910000004","diagnosis":{"code":"L03","system":"ICPC-2"},"unit":"0301","gp":"Dr. Berg"}"#;
        assert_eq!(
            parse_document(CERTIFICATE.as_bytes()).unwrap().canonical,
            parse_document(reordered.as_bytes()).unwrap().canonical
        );
    }

    #[rstest]
    #[case::not_json("{", "invalid_json", "")]
    #[case::not_object("[1]", "invalid_json", "")]
    #[case::person_missing(
        r#"{"kind":"vacation","id":"v1","from":"2024-01-01","to":"2024-01-02"}"#,
        "missing_field",
        "person"
    )]
    #[case::person_check_digit(r#"{"person":"15438510093","kind":"vacation","id":"v1","from":"2024-01-01","to":"2024-01-02"}"#, "invalid_fnr", "person")]
    #[case::id_missing(
        r#"{"person":"15438510092","kind":"vacation","from":"2024-01-01","to":"2024-01-02"}"#,
        "missing_field",
        "id"
    )]
    #[case::kind_unknown(
        r#"{"person":"15438510092","kind":"x","id":"v1"}"#,
        "unknown_kind",
        "kind"
    )]
    #[case::bad_date(r#"{"person":"15438510092","kind":"vacation","id":"v1","from":"2024-01-01","to":"2024-02-30"}"#, "invalid_field", "to")]
    #[case::to_before_from(r#"{"person":"15438510092","kind":"vacation","id":"v1","from":"2024-01-02","to":"2024-01-01"}"#, "invalid_field", "to")]
    #[case::grade(r#"{"person":"15438510092","kind":"sick_leave","id":"s1","from":"2024-01-01","to":"2024-01-02","grade":0}"#, "invalid_field", "grade")]
    #[case::employer(r#"{"person":"15438510092","kind":"sick_leave","id":"s1","from":"2024-01-01","to":"2024-01-02","employer":"910000005"}"#, "invalid_orgnr", "employer")]
    #[case::diagnosis(r#"{"person":"15438510092","kind":"sick_leave","id":"s1","from":"2024-01-01","to":"2024-01-02","diagnosis":{"system":"X","code":"L03"}}"#, "invalid_field", "diagnosis.system")]
    #[case::unit(r#"{"person":"15438510092","kind":"work_resumed","id":"w1","date":"2024-01-01","unit":"31"}"#, "invalid_field", "unit")]
    #[case::meeting(r#"{"person":"15438510092","kind":"meeting_held","id":"m1","date":"2024-01-01","meeting":4}"#, "invalid_field", "meeting")]
    #[case::outcome(r#"{"person":"15438510092","kind":"activity_assessed","id":"a1","date":"2024-01-01","outcome":"maybe","reason":"x"}"#, "invalid_field", "outcome")]
    #[case::employer_all_zeros(r#"{"person":"15438510092","kind":"sick_leave","id":"s1","from":"2024-01-01","to":"2024-01-02","employer":"000000000"}"#, "invalid_orgnr", "employer")]
    #[case::certificate_longer_than_a_year(r#"{"person":"15438510092","kind":"sick_leave","id":"s1","from":"2023-01-01","to":"2024-01-02"}"#, "out_of_range", "to")]
    #[case::date_before_1900(r#"{"person":"15438510092","kind":"vacation","id":"v1","from":"1899-12-31","to":"2024-01-02"}"#, "out_of_range", "from")]
    #[case::date_far_ahead(
        r#"{"person":"15438510092","kind":"work_resumed","id":"w1","date":"2026-06-02"}"#,
        "out_of_range",
        "date"
    )]
    #[case::meeting_in_year_one(r#"{"person":"15438510092","kind":"meeting_invitation","id":"i1","meeting":2,"at":"0001-05-02T10:00","place":"NAV","participants":["worker"]}"#, "out_of_range", "at")]
    #[case::meeting_a_century_ahead(r#"{"person":"15438510092","kind":"meeting_invitation","id":"i1","meeting":2,"at":"2124-05-02T10:00","place":"NAV","participants":["worker"]}"#, "out_of_range", "at")]
    #[case::plan_step_ahead(r#"{"person":"15438510092","kind":"plan_version","id":"p1","date":"2024-01-20","work_tasks":"Lager","next_steps":[{"what":"A","who":"manager","when":"2030-01-01"}]}"#, "out_of_range", "next_steps[0].when")]
    #[case::agreement_before_1900(r#"{"person":"15438510092","kind":"meeting_minutes","id":"m1","meeting":2,"date":"2024-05-02","situation":"s","agreements":[{"who":"manager","what":"x","due":"1024-05-20"}]}"#, "out_of_range", "agreements[0].due")]
    fn invalid_documents_name_code_and_field(
        #[case] document: &str,
        #[case] code: &str,
        #[case] field: &str,
    ) {
        let error = parse_document(document.as_bytes()).unwrap_err();
        assert_eq!((error.code, error.field.as_str()), (code, field), "{error}");
    }

    /// The edges of the bounds are inside them.
    #[rstest]
    #[case::a_year_with_its_leap_day(r#"{"person":"15438510092","kind":"sick_leave","id":"s1","from":"2024-01-01","to":"2024-12-31"}"#)]
    #[case::the_first_day_of_1900(r#"{"person":"15438510092","kind":"vacation","id":"v1","from":"1900-01-01","to":"1900-01-02"}"#)]
    #[case::two_years_ahead(
        r#"{"person":"15438510092","kind":"work_resumed","id":"w1","date":"2026-06-01"}"#
    )]
    #[case::a_meeting_next_year(r#"{"person":"15438510092","kind":"meeting_invitation","id":"i1","meeting":2,"at":"2025-05-02T10:00","place":"NAV","participants":["worker"]}"#)]
    fn documents_at_the_edges_of_the_bounds_are_accepted(#[case] document: &str) {
        parse_document(document.as_bytes()).unwrap();
    }

    #[test]
    fn bound_errors_say_what_is_wrong_and_what_is_accepted() {
        let long = r#"{"person":"15438510092","kind":"sick_leave","id":"s1","from":"2023-01-01","to":"2024-01-02"}"#;
        assert_eq!(
            parse_document(long.as_bytes()).unwrap_err().to_string(),
            "to: the certificate covers 367 days; a certificate covers at most 366 days (a year)"
        );
        let ahead =
            r#"{"person":"15438510092","kind":"work_resumed","id":"w1","date":"2030-01-01"}"#;
        assert_eq!(
            parse_document(ahead.as_bytes()).unwrap_err().to_string(),
            "date: 2030-01-01 is more than 2 years after today (2024-06-01); the latest date accepted is 2026-06-01"
        );
        let zeros = r#"{"person":"15438510092","kind":"sick_leave","id":"s1","from":"2024-01-01","to":"2024-01-02","employer":"000000000"}"#;
        assert_eq!(
            parse_document(zeros.as_bytes()).unwrap_err().to_string(),
            "employer: 000000000 is no organisation's number"
        );
    }

    #[test]
    fn unknown_fields_are_dropped_from_the_canonical_form() {
        let with_unknown = r#"{"person":"15438510092","kind":"vacation","id":"v1","from":"2024-01-01","to":"2024-01-02","__proto__":{"admin":true},"note":"x"}"#;
        let without = r#"{"person":"15438510092","kind":"vacation","id":"v1","from":"2024-01-01","to":"2024-01-02"}"#;
        let parsed = parse_document(with_unknown.as_bytes()).unwrap();
        assert!(
            !parsed.canonical.contains("__proto__"),
            "{}",
            parsed.canonical
        );
        assert!(!parsed.canonical.contains("note"), "{}", parsed.canonical);
        assert_eq!(parsed, parse_document(without.as_bytes()).unwrap());
    }

    #[test]
    fn the_canonical_form_parses_to_itself() {
        let parsed = parse_document(CERTIFICATE.as_bytes()).unwrap();
        assert_eq!(parse_document(parsed.canonical.as_bytes()).unwrap(), parsed);
    }
}
