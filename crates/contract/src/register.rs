//! The population register's document (`population_register`): a person's
//! name and postal address, as flat fields `given_name`, `family_name`,
//! `street`, `postcode` and `city`.
//!
//! At input each is one trimmed line of 1–100 characters (the postcode four
//! digits); a stored document is read with the fields as text, so a
//! stricter rule never turns history into errors.

use serde_json::{json, Map, Value};
use tilbake_domain::register::{
    check_postcode, check_text, PersonName, PopulationRecord, PostalAddress,
};

use crate::document::{DocumentError, Strictness};
use crate::followup::required_string;

type Fields = Map<String, Value>;

/// The register's fields, in the order they are checked and written.
const FIELDS: [&str; 5] = ["given_name", "family_name", "street", "postcode", "city"];

fn field(fields: &Fields, name: &str, strictness: Strictness<'_>) -> Result<String, DocumentError> {
    let text = required_string(fields, name, name)?;
    if strictness.input().is_none() {
        return Ok(text);
    }
    let checked = if name == "postcode" {
        check_postcode(&text)
    } else {
        check_text(&text)
    };
    checked.map_err(|error| {
        let code = match error {
            tilbake_domain::register::TextError::TooLong => "text_too_long",
            tilbake_domain::register::TextError::ControlCharacter => "invalid_characters",
            tilbake_domain::register::TextError::Empty => "missing_field",
            tilbake_domain::register::TextError::Postcode => "invalid_field",
        };
        DocumentError::new(code, name, error.to_string())
    })
}

pub(crate) fn parse_body(
    fields: &Fields,
    strictness: Strictness<'_>,
) -> Result<PopulationRecord, DocumentError> {
    let [given, family, street, postcode, city] =
        FIELDS.map(|name| field(fields, name, strictness));
    Ok(PopulationRecord {
        name: PersonName {
            given: given?,
            family: family?,
        },
        address: PostalAddress {
            street: street?,
            postcode: postcode?,
            city: city?,
        },
    })
}

pub(crate) fn insert_fields(record: &PopulationRecord, fields: &mut Fields) {
    let values = [
        &record.name.given,
        &record.name.family,
        &record.address.street,
        &record.address.postcode,
        &record.address.city,
    ];
    for (name, value) in FIELDS.into_iter().zip(values) {
        fields.insert(name.to_owned(), json!(value));
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::document::parse_document;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 23).unwrap()
    }

    fn document(given: &str, postcode: &str) -> String {
        serde_json::json!({
            "kind": "population_register", "id": "r1", "person": "15438510092",
            "given_name": given, "family_name": "Nordmann",
            "street": "Storgata 1", "postcode": postcode, "city": "Oslo",
        })
        .to_string()
    }

    #[test]
    fn a_register_document_parses_and_writes_itself() {
        let parsed = parse_document(document(" Kari ", "0150").as_bytes(), today()).unwrap();
        let written = crate::document::document_value(&parsed.document, false);
        assert_eq!(written["given_name"], "Kari");
        assert_eq!(written["postcode"], "0150");
        assert_eq!(written["kind"], "population_register");
    }

    #[test]
    fn bad_names_and_postcodes_are_refused_with_their_field() {
        for (given, postcode, code, field) in [
            ("", "0150", "missing_field", "given_name"),
            ("Kari\u{7}", "0150", "invalid_characters", "given_name"),
            (&"K".repeat(101), "0150", "text_too_long", "given_name"),
            ("Kari", "15", "invalid_field", "postcode"),
        ] {
            let error = parse_document(document(given, postcode).as_bytes(), today()).unwrap_err();
            assert_eq!(
                (error.code, error.field.as_str()),
                (code, field),
                "{given:?}"
            );
        }
        let missing = serde_json::json!({
            "kind": "population_register", "id": "r1", "person": "15438510092",
            "given_name": "Kari", "family_name": "Nordmann", "street": "Storgata 1",
            "postcode": "0150",
        });
        let error = parse_document(missing.to_string().as_bytes(), today()).unwrap_err();
        assert_eq!(
            (error.code, error.field.as_str()),
            ("missing_field", "city")
        );
    }
}
