//! The guidance contract (`shared/contracts/guidance.md`): instrument
//! definitions and answers read strictly from JSON, with one-line errors
//! that name the field, and the scores written back as JSON.

pub mod occupations;
pub mod plan;

use serde::Serialize;
use serde_json::{Map, Value};
use tilbake_domain::guidance::{
    score, AnswerRange, Answers, Area, Definition, DefinitionError, ElementId, InstrumentId,
    ItemDraft, Language, Scale, Score, Shape, Texts, TextsError, WheelAnswer,
};

use crate::followup::{shown, type_name, InputError};

/// Reads a definition file's bytes (a leading byte-order mark is skipped).
pub fn parse_definition(bytes: &[u8]) -> Result<Definition, InputError> {
    definition_from_value(&json_document(bytes)?)
}

/// Reads a person's answers to `definition` from a file's bytes.
pub fn parse_answers(bytes: &[u8], definition: &Definition) -> Result<Answers, InputError> {
    answers_from_value(&json_document(bytes)?, definition)
}

fn json_document(bytes: &[u8]) -> Result<Value, InputError> {
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
    serde_json::from_str(text)
        .map_err(|error| InputError::at("", format!("input is not valid JSON: {error}")))
}

/// A key as it may appear in an error's path: short, control characters escaped.
fn key_path(parent: &str, key: &str) -> String {
    let key: String = shown(key).chars().filter(|c| !c.is_control()).collect();
    format!("{parent}.{key}")
}

/// The object at `path`, with every field in `allowed` (a misspelt field is an error).
fn object<'v>(
    value: &'v Value,
    path: &str,
    allowed: &[&str],
) -> Result<&'v Map<String, Value>, InputError> {
    let Value::Object(fields) = value else {
        return Err(at_or_document(
            path,
            format!("must be an object, not {}", type_name(value)),
        ));
    };
    if let Some(unknown) = fields.keys().find(|key| !allowed.contains(&key.as_str())) {
        let path = if path.is_empty() {
            shown(unknown)
        } else {
            key_path(path, unknown)
        };
        return Err(InputError::at(
            path,
            format!("is not a field here (expected {})", allowed.join(", ")),
        ));
    }
    Ok(fields)
}

fn at_or_document(path: &str, message: String) -> InputError {
    if path.is_empty() {
        InputError::at("", format!("the document {message}"))
    } else {
        InputError::at(path, message)
    }
}

fn child(parent: &str, field: &str) -> String {
    if parent.is_empty() {
        field.to_owned()
    } else {
        format!("{parent}.{field}")
    }
}

/// A field that must be there and not `null`.
fn required<'v>(
    fields: &'v Map<String, Value>,
    parent: &str,
    field: &str,
) -> Result<&'v Value, InputError> {
    match fields.get(field) {
        None | Some(Value::Null) => Err(InputError::at(child(parent, field), "missing")),
        Some(value) => Ok(value),
    }
}

/// A field that may be left out; `null` is the same as leaving it out.
fn optional<'v>(fields: &'v Map<String, Value>, field: &str) -> Option<&'v Value> {
    fields.get(field).filter(|value| !value.is_null())
}

fn string<'v>(value: &'v Value, path: &str) -> Result<&'v str, InputError> {
    value
        .as_str()
        .ok_or_else(|| InputError::at(path, format!("must be a string, not {}", type_name(value))))
}

/// A JSON integer: written without fraction or exponent.
enum Integer {
    Unsigned(u64),
    Negative(i64),
}

fn integer(value: &Value, path: &str) -> Result<Integer, InputError> {
    let not_integer = || match value {
        Value::Number(number) => format!("must be an integer, not {number}"),
        other => format!("must be an integer, not {}", type_name(other)),
    };
    let Value::Number(number) = value else {
        return Err(InputError::at(path, not_integer()));
    };
    if let Some(unsigned) = number.as_u64() {
        Ok(Integer::Unsigned(unsigned))
    } else if let Some(negative) = number.as_i64() {
        Ok(Integer::Negative(negative))
    } else {
        Err(InputError::at(path, not_integer()))
    }
}

fn array<'v>(value: &'v Value, path: &str) -> Result<&'v [Value], InputError> {
    match value {
        Value::Array(values) => Ok(values),
        other => Err(InputError::at(
            path,
            format!("must be an array, not {}", type_name(other)),
        )),
    }
}

fn texts(value: &Value, path: &str) -> Result<Texts, InputError> {
    let Value::Object(fields) = value else {
        return Err(InputError::at(
            path,
            format!(
                "must be an object of texts per language, not {}",
                type_name(value)
            ),
        ));
    };
    let mut entries = Vec::with_capacity(fields.len());
    for (code, text) in fields {
        let here = key_path(path, code);
        let Some(language) = Language::from_code(code) else {
            return Err(InputError::at(
                here,
                format!("{} is not a language code (nb, nn, en, se)", quoted(code)),
            ));
        };
        entries.push((language, string(text, &here)?.to_owned()));
    }
    Texts::new(entries).map_err(|error| match error {
        TextsError::Empty(language) | TextsError::TooLong { language, .. } => {
            InputError::at(format!("{path}.{}", language.code()), error.to_string())
        }
        TextsError::Missing(language) => {
            InputError::at(format!("{path}.{}", language.code()), "missing")
        }
    })
}

fn quoted(text: &str) -> String {
    format!("'{}'", shown(text))
}

const DEFINITION_FIELDS: [&str; 8] = [
    "id", "version", "kind", "title", "answers", "scales", "items", "areas",
];

/// Converts a parsed JSON value into a definition.
pub fn definition_from_value(document: &Value) -> Result<Definition, InputError> {
    let fields = object(document, "", &DEFINITION_FIELDS)?;
    let id_text = string(required(fields, "", "id")?, "id")?;
    let id =
        InstrumentId::parse(id_text).map_err(|error| InputError::at("id", error.to_string()))?;
    let version = match integer(required(fields, "", "version")?, "version")? {
        Integer::Unsigned(value) => Definition::check_version(value),
        Integer::Negative(value) => Err(DefinitionError::Version {
            value: value.to_string(),
        }),
    }
    .map_err(|error| InputError::at("version", error.to_string()))?;
    let kind = string(required(fields, "", "kind")?, "kind")?;
    if kind != "scales" && kind != "wheel" {
        return Err(InputError::at(
            "kind",
            format!("{} is not one of scales, wheel", quoted(kind)),
        ));
    }
    let title = texts(required(fields, "", "title")?, "title")?;
    let answers = answer_range(required(fields, "", "answers")?)?;
    let shape = if kind == "scales" {
        if optional(fields, "areas").is_some() {
            return Err(InputError::at(
                "areas",
                "a scales instrument has no areas (areas belong to a wheel)",
            ));
        }
        scales_shape(fields)?
    } else {
        for field in ["scales", "items"] {
            if optional(fields, field).is_some() {
                return Err(InputError::at(
                    field,
                    format!("a wheel has no {field} (they belong to a scales instrument)"),
                ));
            }
        }
        wheel_shape(fields)?
    };
    Ok(Definition {
        id,
        version,
        title,
        answers,
        shape,
    })
}

fn answer_range(value: &Value) -> Result<AnswerRange, InputError> {
    let fields = object(value, "answers", &["min", "max", "labels"])?;
    let ceiling = u64::from(AnswerRange::CEILING);
    let min = match integer(required(fields, "answers", "min")?, "answers.min")? {
        Integer::Unsigned(min) if min <= ceiling => min,
        Integer::Unsigned(min) => {
            return Err(InputError::at(
                "answers.min",
                format!("{min} is outside 0..={ceiling}"),
            ))
        }
        Integer::Negative(min) => {
            return Err(InputError::at(
                "answers.min",
                format!("{min} is outside 0..={ceiling}"),
            ))
        }
    };
    let max = match integer(required(fields, "answers", "max")?, "answers.max")? {
        Integer::Unsigned(max) if max > ceiling => {
            return Err(InputError::at(
                "answers.max",
                format!("must be at most {ceiling}, not {max}"),
            ))
        }
        Integer::Unsigned(max) => max,
        Integer::Negative(_) => 0,
    };
    // Both are at most the ceiling (100) here.
    let (min, max) = (
        u8::try_from(min).unwrap_or(u8::MAX),
        u8::try_from(max).unwrap_or(u8::MAX),
    );
    let mut range = AnswerRange::new(min, max)
        .map_err(|error| InputError::at("answers.max", error.to_string()))?;
    if let Some(labels) = optional(fields, "labels") {
        let Value::Object(labels) = labels else {
            return Err(InputError::at(
                "answers.labels",
                format!("must be an object, not {}", type_name(labels)),
            ));
        };
        for (key, text) in labels {
            let here = key_path("answers.labels", key);
            // The key is an answer value in decimal, written as it would be written.
            let value = key
                .parse::<u64>()
                .ok()
                .filter(|value| value.to_string() == *key)
                .ok_or_else(|| {
                    InputError::at(
                        here.clone(),
                        format!("{} is not an answer value in decimal", quoted(key)),
                    )
                })?;
            let text = texts(text, &here)?;
            range = range
                .with_label(value, text)
                .map_err(|error| InputError::at(here.clone(), error.to_string()))?;
        }
    }
    Ok(range)
}

fn non_empty_list<'v>(
    fields: &'v Map<String, Value>,
    field: &str,
) -> Result<&'v [Value], InputError> {
    let list = array(required(fields, "", field)?, field)?;
    if list.is_empty() {
        return Err(InputError::at(field, "must not be empty"));
    }
    Ok(list)
}

fn scales_shape(fields: &Map<String, Value>) -> Result<Shape, InputError> {
    let scale_values = non_empty_list(fields, "scales")?;
    let item_values = non_empty_list(fields, "items")?;
    let mut scales = Vec::with_capacity(scale_values.len());
    for (index, value) in scale_values.iter().enumerate() {
        let here = format!("scales[{index}]");
        let element = object(value, &here, &["id", "title"])?;
        let id_path = format!("{here}.id");
        let id = ElementId::parse_scale(string(required(element, &here, "id")?, &id_path)?)
            .map_err(|error| InputError::at(id_path, error.to_string()))?;
        let title = texts(required(element, &here, "title")?, &format!("{here}.title"))?;
        scales.push(Scale { id, title });
    }
    let mut items = Vec::with_capacity(item_values.len());
    for (index, value) in item_values.iter().enumerate() {
        let here = format!("items[{index}]");
        let element = object(value, &here, &["id", "scale", "text", "reversed"])?;
        let id_path = format!("{here}.id");
        let id = ElementId::parse_item(string(required(element, &here, "id")?, &id_path)?)
            .map_err(|error| InputError::at(id_path, error.to_string()))?;
        let scale_path = format!("{here}.scale");
        let scale = string(required(element, &here, "scale")?, &scale_path)?.to_owned();
        let text = texts(required(element, &here, "text")?, &format!("{here}.text"))?;
        let reversed = match optional(element, "reversed") {
            None => false,
            Some(Value::Bool(reversed)) => *reversed,
            Some(other) => {
                return Err(InputError::at(
                    format!("{here}.reversed"),
                    format!("must be a boolean, not {}", type_name(other)),
                ))
            }
        };
        items.push(ItemDraft {
            id,
            scale,
            text,
            reversed,
        });
    }
    Shape::scales(scales, items).map_err(|error| shape_error(&error))
}

fn wheel_shape(fields: &Map<String, Value>) -> Result<Shape, InputError> {
    let area_values = non_empty_list(fields, "areas")?;
    let mut areas = Vec::with_capacity(area_values.len());
    for (index, value) in area_values.iter().enumerate() {
        let here = format!("areas[{index}]");
        let element = object(value, &here, &["id", "title"])?;
        let id_path = format!("{here}.id");
        let id = ElementId::parse_item(string(required(element, &here, "id")?, &id_path)?)
            .map_err(|error| InputError::at(id_path, error.to_string()))?;
        let title = texts(required(element, &here, "title")?, &format!("{here}.title"))?;
        areas.push(Area { id, title });
    }
    Shape::wheel(areas).map_err(|error| shape_error(&error))
}

/// Names the field a shape's problem is in.
fn shape_error(error: &DefinitionError) -> InputError {
    let path = match error {
        DefinitionError::NoScales => "scales".to_owned(),
        DefinitionError::NoItems => "items".to_owned(),
        DefinitionError::NoAreas => "areas".to_owned(),
        DefinitionError::DuplicateScale { index, .. }
        | DefinitionError::EmptyScale { index, .. } => {
            format!("scales[{index}].id")
        }
        DefinitionError::DuplicateItem { index, .. } => format!("items[{index}].id"),
        DefinitionError::DuplicateArea { index, .. } => format!("areas[{index}].id"),
        DefinitionError::UnknownScale { index, .. } => format!("items[{index}].scale"),
        DefinitionError::Version { .. } => "version".to_owned(),
    };
    InputError::at(path, error.to_string())
}

/// Converts a parsed JSON value into answers to `definition`.
pub fn answers_from_value(
    document: &Value,
    definition: &Definition,
) -> Result<Answers, InputError> {
    let fields = object(document, "", &["instrument", "version", "answers"])?;
    let instrument = string(required(fields, "", "instrument")?, "instrument")?;
    if instrument != definition.id.as_str() {
        return Err(InputError::at(
            "instrument",
            format!(
                "{} is not this definition's id '{}'",
                quoted(instrument),
                definition.id.as_str()
            ),
        ));
    }
    let version = match integer(required(fields, "", "version")?, "version")? {
        Integer::Unsigned(version) => version.to_string(),
        Integer::Negative(version) => version.to_string(),
    };
    if version != definition.version.to_string() {
        return Err(InputError::at(
            "version",
            format!(
                "{version} is not this definition's version {}",
                definition.version
            ),
        ));
    }
    let given = match required(fields, "", "answers")? {
        Value::Object(given) => given,
        other => {
            return Err(InputError::at(
                "answers",
                format!("must be an object, not {}", type_name(other)),
            ))
        }
    };
    let range = &definition.answers;
    let rating = |value: &Value, path: &str| -> Result<Option<u8>, InputError> {
        if value.is_null() {
            return Ok(None);
        }
        let checked = match integer(value, path)? {
            Integer::Unsigned(value) => range.check(value),
            Integer::Negative(value) => range.check_signed(value),
        };
        checked
            .map(Some)
            .map_err(|error| InputError::at(path, error.to_string()))
    };
    match &definition.shape {
        Shape::Scales { items, .. } => {
            let mut values = vec![None; items.len()];
            for (key, value) in given {
                let here = key_path("answers", key);
                let Some(index) = items.iter().position(|item| item.id.as_str() == key) else {
                    return Err(InputError::at(
                        here,
                        format!("{} is not an item of this instrument", quoted(key)),
                    ));
                };
                if let Some(slot) = values.get_mut(index) {
                    *slot = rating(value, &here)?;
                }
            }
            Ok(Answers::Scales(values))
        }
        Shape::Wheel { areas } => {
            let mut values = vec![WheelAnswer::default(); areas.len()];
            for (key, value) in given {
                let here = key_path("answers", key);
                let Some(index) = areas.iter().position(|area| area.id.as_str() == key) else {
                    return Err(InputError::at(
                        here,
                        format!("{} is not an area of this instrument", quoted(key)),
                    ));
                };
                let ratings = object(value, &here, &["current", "desired"])?;
                let answer = WheelAnswer {
                    current: match ratings.get("current") {
                        None => None,
                        Some(value) => rating(value, &format!("{here}.current"))?,
                    },
                    desired: match ratings.get("desired") {
                        None => None,
                        Some(value) => rating(value, &format!("{here}.desired"))?,
                    },
                };
                if let Some(slot) = values.get_mut(index) {
                    *slot = answer;
                }
            }
            Ok(Answers::Wheel(values))
        }
    }
}

/// The line `tilbake guidance check` prints for a valid definition.
pub fn summary_line(definition: &Definition) -> String {
    let counts = match &definition.shape {
        Shape::Scales { scales, items } => {
            format!("{} scales, {} items", scales.len(), items.len())
        }
        Shape::Wheel { areas } => format!("{} areas", areas.len()),
    };
    format!(
        "{} version {}: {}, {counts}, answers {}..={}",
        definition.id.as_str(),
        definition.version,
        definition.shape.kind(),
        definition.answers.min(),
        definition.answers.max()
    )
}

#[derive(Serialize)]
struct ScaleOut<'d> {
    id: &'d str,
    answered: usize,
    items: usize,
    score: Option<f64>,
    percent: Option<u64>,
}

#[derive(Serialize)]
struct ScalesOut<'d> {
    instrument: &'d str,
    version: u32,
    scales: Vec<ScaleOut<'d>>,
    top: Vec<&'d str>,
    code: String,
    complete: bool,
}

#[derive(Serialize)]
struct AreaOut<'d> {
    id: &'d str,
    current: Option<u8>,
    desired: Option<u8>,
    gap: Option<i16>,
}

#[derive(Serialize)]
struct WheelOut<'d> {
    instrument: &'d str,
    version: u32,
    areas: Vec<AreaOut<'d>>,
    ranked: Vec<&'d str>,
    complete: bool,
}

/// Scores answers and writes the contract's result as one line of JSON.
pub fn score_line(definition: &Definition, answers: &Answers) -> String {
    result_line(definition, &score(definition, answers))
}

/// The contract's result of a score, as one line of JSON.
pub fn result_line(definition: &Definition, result: &Score) -> String {
    let instrument = definition.id.as_str();
    let written = match (&definition.shape, result) {
        (Shape::Scales { scales, .. }, Score::Scales(result)) => {
            let scale_id = |index: usize| scales.get(index).map_or("", |scale| scale.id.as_str());
            let (min, max) = (definition.answers.min(), definition.answers.max());
            let top: Vec<&str> = result.top.iter().map(|index| scale_id(*index)).collect();
            serde_json::to_string(&ScalesOut {
                instrument,
                version: definition.version,
                scales: result
                    .scales
                    .iter()
                    .map(|scale| ScaleOut {
                        id: scale_id(scale.scale),
                        answered: scale.answered,
                        items: scale.items,
                        // Hundredths are small integers, so the division is the decimal written.
                        score: scale.mean.map(|mean| mean.hundredths() as f64 / 100.0),
                        percent: scale.mean.map(|mean| mean.percent(min, max)),
                    })
                    .collect(),
                code: top.concat(),
                top,
                complete: result.complete,
            })
        }
        (Shape::Wheel { areas }, Score::Wheel(result)) => {
            let area_id = |index: usize| areas.get(index).map_or("", |area| area.id.as_str());
            serde_json::to_string(&WheelOut {
                instrument,
                version: definition.version,
                areas: result
                    .areas
                    .iter()
                    .map(|area| AreaOut {
                        id: area_id(area.area),
                        current: area.current,
                        desired: area.desired,
                        gap: area.gap,
                    })
                    .collect(),
                ranked: result.ranked.iter().map(|index| area_id(*index)).collect(),
                complete: result.complete,
            })
        }
        // A score is always computed from its own definition.
        _ => Ok(String::new()),
    };
    written.unwrap_or_default()
}

/// The instruments tilbake ships (`instruments/` in the repository), as
/// (file name, contents): written by the project, loaded before a centre's own.
pub const SHIPPED: [(&str, &str); 4] = [
    (
        "interests.json",
        include_str!("../../../../instruments/interests.json"),
    ),
    (
        "motivation.json",
        include_str!("../../../../instruments/motivation.json"),
    ),
    (
        "workstyle.json",
        include_str!("../../../../instruments/workstyle.json"),
    ),
    (
        "wheel.json",
        include_str!("../../../../instruments/wheel.json"),
    ),
];

#[cfg(test)]
mod tests;
