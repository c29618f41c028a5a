//! The population register (folkeregisteret) as tilbake hears of it: a
//! person's name and postal address, sent by a system client as a
//! `population_register` document. The latest one stored is the one shown.
//!
//! Also the names of NAV offices, a static table by unit code: the offices
//! are few, and their names change only with a reorganisation, which comes
//! with a new program.

use crate::identity::UnitCode;

/// A name part or an address line: at most this many characters.
pub const MAX_TEXT: usize = 100;

/// A person's name and postal address as the register gives them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PopulationRecord {
    pub name: PersonName,
    pub address: PostalAddress,
}

/// A person's name: given names and family name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonName {
    pub given: String,
    pub family: String,
}

impl PersonName {
    /// "Given Family", as a name is written in Norwegian.
    pub fn full(&self) -> String {
        format!("{} {}", self.given, self.family)
    }
}

/// A postal address: street and number, postcode and post town.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PostalAddress {
    pub street: String,
    /// Four digits.
    pub postcode: String,
    pub city: String,
}

/// A person's opaque reference in page addresses: 32 lowercase hex
/// digits, random and stored (never derived from the identity number), so
/// an identity number never reaches an address bar, a proxy's log or a
/// browser's history.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PersonRef(String);

impl PersonRef {
    /// A reference as the store keeps it; `None` for anything else (an
    /// identity number, a guess of the wrong shape).
    pub fn parse(text: &str) -> Option<PersonRef> {
        (text.len() == 32
            && text
                .bytes()
                .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f')))
        .then(|| PersonRef(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PersonRef {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// Why a name or address is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("is empty: write it out")]
    Empty,
    #[error("is longer than 100 characters: shorten it")]
    TooLong,
    #[error("holds a control character (such as a line break): write it on one line")]
    ControlCharacter,
    #[error("must be four digits, such as 0150")]
    Postcode,
}

/// A name part or an address line: trimmed, not empty, at most
/// [`MAX_TEXT`] characters, on one line.
pub fn check_text(text: &str) -> Result<String, TextError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(TextError::Empty);
    }
    if text.chars().count() > MAX_TEXT {
        return Err(TextError::TooLong);
    }
    if text.chars().any(char::is_control) {
        return Err(TextError::ControlCharacter);
    }
    Ok(text.to_owned())
}

/// A Norwegian postcode: four digits.
pub fn check_postcode(text: &str) -> Result<String, TextError> {
    let text = text.trim();
    if text.len() == 4 && text.bytes().all(|byte| byte.is_ascii_digit()) {
        Ok(text.to_owned())
    } else {
        Err(TextError::Postcode)
    }
}

/// The NAV offices tilbake knows by name, by unit code (the offices'
/// four-digit numbers, which follow the municipality numbers of the
/// offices that serve one municipality).
const OFFICES: [(&str, &str); 12] = [
    ("0301", "NAV Oslo"),
    ("0312", "NAV Frogner"),
    ("0314", "NAV Sagene"),
    ("0315", "NAV Grünerløkka"),
    ("0316", "NAV Gamle Oslo"),
    ("1103", "NAV Stavanger"),
    ("3201", "NAV Bærum"),
    ("3301", "NAV Drammen"),
    ("4601", "NAV Bergen"),
    ("5001", "NAV Trondheim"),
    ("5501", "NAV Tromsø"),
    ("4204", "NAV Kristiansand"),
];

/// The name of a NAV office, when tilbake knows it; see [`office_label`].
pub fn office_name(unit: &UnitCode) -> Option<&'static str> {
    let code = unit.to_string();
    OFFICES
        .iter()
        .find(|(known, _)| *known == code)
        .map(|(_, name)| *name)
}

/// An office's name, or "NAV-kontor 1234" for an office tilbake does not
/// know by name (and unit 0000, the persons no document assigned).
pub fn office_label(unit: &UnitCode) -> String {
    match office_name(unit) {
        Some(name) => name.to_owned(),
        None => format!("NAV-kontor {unit}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(check_text("  Kari "), Ok("Kari".to_owned()));
        assert_eq!(check_text("   "), Err(TextError::Empty));
        assert_eq!(check_text(&"a".repeat(101)), Err(TextError::TooLong));
        assert_eq!(check_text(&"æ".repeat(100)), Ok("æ".repeat(100)));
        assert_eq!(
            check_text("Kari\nNordmann"),
            Err(TextError::ControlCharacter)
        );
        assert_eq!(check_postcode("0150"), Ok("0150".to_owned()));
        assert_eq!(check_postcode("150"), Err(TextError::Postcode));
        assert_eq!(check_postcode("01a0"), Err(TextError::Postcode));
    }

    #[test]
    fn a_reference_is_32_hex_digits_and_never_an_identity_number() {
        assert!(PersonRef::parse("0123456789abcdef0123456789abcdef").is_some());
        assert!(PersonRef::parse("15438510092").is_none());
        assert!(PersonRef::parse("0123456789ABCDEF0123456789ABCDEF").is_none());
        assert!(PersonRef::parse("0123456789abcdef0123456789abcde").is_none());
    }

    #[test]
    fn offices_are_named_or_numbered() {
        let oslo = UnitCode::parse("0301").unwrap();
        assert_eq!(office_label(&oslo), "NAV Oslo");
        let unknown = UnitCode::parse("9998").unwrap();
        assert_eq!(office_label(&unknown), "NAV-kontor 9998");
        let mut codes: Vec<_> = OFFICES.iter().map(|(code, _)| *code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), OFFICES.len(), "a code is named twice");
        for (code, _) in OFFICES {
            assert!(UnitCode::parse(code).is_ok(), "{code}");
        }
    }

    proptest! {
        #[test]
        fn an_accepted_text_is_one_bounded_line(text in "\\PC{0,120}|[\\x00-\\x1f a-z]{0,20}") {
            if let Ok(kept) = check_text(&text) {
                prop_assert!(!kept.is_empty());
                prop_assert!(kept.chars().count() <= MAX_TEXT);
                prop_assert!(!kept.chars().any(char::is_control));
                prop_assert_eq!(kept.as_str(), text.trim());
            } else {
                let trimmed = text.trim();
                prop_assert!(
                    trimmed.is_empty()
                        || trimmed.chars().count() > MAX_TEXT
                        || trimmed.chars().any(char::is_control)
                );
            }
        }
    }
}
