//! The contract's examples and every kind of error, with the exact lines.

use serde_json::{json, Value};

use super::*;

fn interests() -> Value {
    json!({
        "id": "interests", "version": 1, "kind": "scales",
        "title": {"nb": "Interesser", "en": "Interests"},
        "answers": {"min": 1, "max": 5, "labels": {"1": {"nb": "Passer ikke i det hele tatt", "en": "Not at all"}}},
        "scales": [
            {"id": "R", "title": {"nb": "Praktisk", "en": "Realistic"}},
            {"id": "I", "title": {"nb": "Undersøkende", "en": "Investigative"}},
            {"id": "A", "title": {"nb": "Kunstnerisk", "en": "Artistic"}},
            {"id": "S", "title": {"nb": "Sosial", "en": "Social"}}
        ],
        "items": [
            {"id": "r1", "scale": "R", "text": {"nb": "a", "en": "a"}},
            {"id": "r2", "scale": "R", "text": {"nb": "a", "en": "a"}},
            {"id": "r3", "scale": "R", "text": {"nb": "a", "en": "a"}},
            {"id": "r4", "scale": "R", "text": {"nb": "a", "en": "a"}, "reversed": true},
            {"id": "i1", "scale": "I", "text": {"nb": "a", "en": "a"}},
            {"id": "a1", "scale": "A", "text": {"nb": "a", "en": "a"}},
            {"id": "s1", "scale": "S", "text": {"nb": "a", "en": "a"}}
        ]
    })
}

fn wheel() -> Value {
    json!({
        "id": "wheel", "version": 1, "kind": "wheel",
        "title": {"nb": "Hjulet", "en": "The wheel"},
        "answers": {"min": 1, "max": 10},
        "areas": [
            {"id": "work", "title": {"nb": "Arbeid", "en": "Work"}},
            {"id": "family", "title": {"nb": "Familie", "en": "Family"}},
            {"id": "health", "title": {"nb": "Helse", "en": "Health"}}
        ]
    })
}

fn definition_error(value: &Value) -> String {
    definition_from_value(value).unwrap_err().to_string()
}

/// The value with the field at `pointer` set (added when it is not there).
fn changed(mut value: Value, pointer: &str, new: Value) -> Value {
    let (parent, field) = pointer.rsplit_once('/').unwrap();
    match value.pointer_mut(parent).unwrap() {
        Value::Array(values) => values[field.parse::<usize>().unwrap()] = new,
        Value::Object(fields) => {
            fields.insert(field.to_owned(), new);
        }
        _ => panic!("{parent} holds no fields"),
    }
    value
}

fn removed(mut value: Value, parent: &str, field: &str) -> Value {
    value
        .pointer_mut(parent)
        .unwrap()
        .as_object_mut()
        .unwrap()
        .remove(field);
    value
}

#[test]
fn valid_definitions_are_summarised() {
    let definition = definition_from_value(&interests()).unwrap();
    assert_eq!(
        summary_line(&definition),
        "interests version 1: scales, 4 scales, 7 items, answers 1..=5"
    );
    let definition = definition_from_value(&wheel()).unwrap();
    assert_eq!(
        summary_line(&definition),
        "wheel version 1: wheel, 3 areas, answers 1..=10"
    );
}

#[test]
fn definition_errors_name_the_field() {
    let cases: Vec<(Value, &str)> = vec![
        (
            changed(interests(), "/items/3/scale", json!("X")),
            "items[3].scale: 'X' is not a scale of this instrument",
        ),
        (
            changed(interests(), "/answers/max", json!(1)),
            "answers.max: must be greater than answers.min",
        ),
        (
            changed(interests(), "/answers/max", json!(101)),
            "answers.max: must be at most 100, not 101",
        ),
        (
            changed(interests(), "/answers/min", json!(-1)),
            "answers.min: -1 is outside 0..=100",
        ),
        (
            changed(interests(), "/version", json!(5.0)),
            "version: must be an integer, not 5.0",
        ),
        (
            changed(interests(), "/version", json!(0)),
            "version: must be between 1 and 1000000, not 0",
        ),
        (
            changed(interests(), "/version", json!(1_000_001)),
            "version: must be between 1 and 1000000, not 1000001",
        ),
        (
            changed(interests(), "/version", json!("1")),
            "version: must be an integer, not a string",
        ),
        (
            changed(interests(), "/id", json!("Interests")),
            "id: 'Interests' does not match ^[a-z][a-z0-9-]{0,39}$",
        ),
        (
            changed(interests(), "/kind", json!("list")),
            "kind: 'list' is not one of scales, wheel",
        ),
        (
            changed(interests(), "/title", json!({"nb": "x"})),
            "title.en: missing",
        ),
        (
            changed(interests(), "/title", json!({"nb": "x", "en": ""})),
            "title.en: must not be empty",
        ),
        (
            changed(
                interests(),
                "/title",
                json!({"nb": "x", "en": "y", "de": "z"}),
            ),
            "title.de: 'de' is not a language code (nb, nn, en, se)",
        ),
        (
            changed(interests(), "/items/1/id", json!("r1")),
            "items[1].id: 'r1' is used by an earlier item",
        ),
        (
            changed(interests(), "/scales/1/id", json!("R")),
            "scales[1].id: 'R' is used by an earlier scale",
        ),
        (
            changed(interests(), "/items/4/scale", json!("R")),
            "scales[1].id: scale 'I' has no item",
        ),
        (
            changed(interests(), "/items/0/reversed", json!("yes")),
            "items[0].reversed: must be a boolean, not a string",
        ),
        (
            changed(
                interests(),
                "/answers/labels",
                json!({"6": {"nb": "x", "en": "y"}}),
            ),
            "answers.labels.6: 6 is not an answer in 1..=5",
        ),
        (
            changed(
                interests(),
                "/answers/labels",
                json!({"01": {"nb": "x", "en": "y"}}),
            ),
            "answers.labels.01: '01' is not an answer value in decimal",
        ),
        (
            changed(interests(), "/scales", json!([])),
            "scales: must not be empty",
        ),
        (
            changed(interests(), "/items/0/text", Value::Null),
            "items[0].text: missing",
        ),
        (removed(interests(), "", "version"), "version: missing"),
        (
            changed(interests(), "/items/2/scaleid", json!("R")),
            "items[2].scaleid: is not a field here (expected id, scale, text, reversed)",
        ),
        (
            changed(interests(), "/areas", json!([])),
            "areas: a scales instrument has no areas (areas belong to a wheel)",
        ),
        (
            changed(wheel(), "/items", json!([])),
            "items: a wheel has no items (they belong to a scales instrument)",
        ),
        (
            changed(wheel(), "/areas/2/id", json!("work")),
            "areas[2].id: 'work' is used by an earlier area",
        ),
        (json!([]), "the document must be an object, not an array"),
    ];
    for (value, expected) in cases {
        assert_eq!(definition_error(&value), expected);
    }
}

#[test]
fn a_misspelt_top_level_field_is_an_error() {
    let mut value = interests();
    value
        .as_object_mut()
        .unwrap()
        .insert("tittel".into(), json!("x"));
    assert!(definition_error(&value).starts_with("tittel: is not a field here"));
}

fn scored(definition: &Value, answers: &Value) -> Result<Value, String> {
    let definition = definition_from_value(definition).unwrap();
    let answers = answers_from_value(answers, &definition).map_err(|error| error.to_string())?;
    Ok(serde_json::from_str(&score_line(&definition, &answers)).unwrap())
}

#[test]
fn scales_are_scored_as_the_contract_says() {
    let result = scored(
        &interests(),
        &json!({"instrument": "interests", "version": 1, "answers": {"r1": 4, "r2": null, "r3": 3, "r4": 2, "i1": 2, "s1": 5}}),
    )
    .unwrap();
    assert_eq!(
        result,
        json!({"instrument": "interests", "version": 1,
            "scales": [
                {"id": "R", "answered": 3, "items": 4, "score": 3.67, "percent": 67},
                {"id": "I", "answered": 1, "items": 1, "score": 2.0, "percent": 25},
                {"id": "A", "answered": 0, "items": 1, "score": null, "percent": null},
                {"id": "S", "answered": 1, "items": 1, "score": 5.0, "percent": 100}
            ],
            "top": ["S", "R", "I"], "code": "SRI", "complete": false})
    );
}

#[test]
fn the_wheel_ranks_gaps() {
    let result = scored(
        &wheel(),
        &json!({"instrument": "wheel", "version": 1, "answers": {"work": {"current": 3, "desired": 8}, "family": {"desired": 7}, "health": {"current": 9, "desired": 6}}}),
    )
    .unwrap();
    assert_eq!(
        result,
        json!({"instrument": "wheel", "version": 1,
            "areas": [
                {"id": "work", "current": 3, "desired": 8, "gap": 5},
                {"id": "family", "current": null, "desired": 7, "gap": null},
                {"id": "health", "current": 9, "desired": 6, "gap": -3}
            ],
            "ranked": ["work", "health"], "complete": false})
    );
}

#[test]
fn answer_errors_name_the_field() {
    let cases: Vec<(Value, Value, &str)> = vec![
        (
            interests(),
            json!({"instrument": "interests", "version": 1, "answers": {"r1": 6}}),
            "answers.r1: 6 is outside 1..=5",
        ),
        (
            interests(),
            json!({"instrument": "interests", "version": 1, "answers": {"r1": 0}}),
            "answers.r1: 0 is outside 1..=5",
        ),
        (
            interests(),
            json!({"instrument": "interests", "version": 1, "answers": {"r1": -2}}),
            "answers.r1: -2 is outside 1..=5",
        ),
        (
            interests(),
            json!({"instrument": "interests", "version": 1, "answers": {"r1": 4.0}}),
            "answers.r1: must be an integer, not 4.0",
        ),
        (
            interests(),
            json!({"instrument": "interests", "version": 1, "answers": {"r1": "4"}}),
            "answers.r1: must be an integer, not a string",
        ),
        (
            interests(),
            json!({"instrument": "interests", "version": 1, "answers": {"x9": 4}}),
            "answers.x9: 'x9' is not an item of this instrument",
        ),
        (
            interests(),
            json!({"instrument": "wheel", "version": 1, "answers": {}}),
            "instrument: 'wheel' is not this definition's id 'interests'",
        ),
        (
            interests(),
            json!({"instrument": "interests", "version": 2, "answers": {}}),
            "version: 2 is not this definition's version 1",
        ),
        (
            interests(),
            json!({"instrument": "interests", "version": 1}),
            "answers: missing",
        ),
        (
            interests(),
            json!({"instrument": "interests", "version": 1, "answers": []}),
            "answers: must be an object, not an array",
        ),
        (
            wheel(),
            json!({"instrument": "wheel", "version": 1, "answers": {"work": {"current": 11}}}),
            "answers.work.current: 11 is outside 1..=10",
        ),
        (
            wheel(),
            json!({"instrument": "wheel", "version": 1, "answers": {"work": {"today": 1}}}),
            "answers.work.today: is not a field here (expected current, desired)",
        ),
        (
            wheel(),
            json!({"instrument": "wheel", "version": 1, "answers": {"work": 4}}),
            "answers.work: must be an object, not a number",
        ),
        (
            wheel(),
            json!({"instrument": "wheel", "version": 1, "answers": {"sleep": {}}}),
            "answers.sleep: 'sleep' is not an area of this instrument",
        ),
    ];
    for (definition, answers, expected) in cases {
        assert_eq!(scored(&definition, &answers).unwrap_err(), expected);
    }
}

#[test]
fn no_bytes_panic_the_parsers() {
    for bytes in [
        &b""[..],
        b"\xff",
        b"{",
        b"null",
        b"1e999",
        b"{\"id\":\"a\"}",
        b"\xEF\xBB\xBF{}",
    ] {
        assert!(parse_definition(bytes).is_err());
    }
}

#[test]
fn the_shipped_instruments_are_valid_and_as_the_issue_asks() {
    let mut ids = Vec::new();
    for (name, text) in SHIPPED {
        let definition =
            parse_definition(text.as_bytes()).unwrap_or_else(|error| panic!("{name}: {error}"));
        ids.push(definition.id.as_str().to_owned());
        if let Shape::Scales { scales, items } = &definition.shape {
            // Every scale is measured by at least two items.
            for (index, scale) in scales.iter().enumerate() {
                let n = items.iter().filter(|item| item.scale == index).count();
                assert!(n >= 2, "{name}: {} has {n} items", scale.id.as_str());
            }
        }
    }
    assert_eq!(ids, ["interests", "motivation", "workstyle", "wheel"]);
    // Holland's six types, at least eight items each.
    let interests = parse_definition(SHIPPED[0].1.as_bytes()).unwrap();
    let Shape::Scales { scales, items } = &interests.shape else {
        panic!("scales")
    };
    let ids: Vec<&str> = scales.iter().map(|scale| scale.id.as_str()).collect();
    assert_eq!(ids, ["R", "I", "A", "S", "E", "C"]);
    for index in 0..6 {
        assert!(items.iter().filter(|item| item.scale == index).count() >= 8);
    }
}
