//! Identity numbers: the Norwegian national identity number (fødselsnummer,
//! with D-numbers and synthetic test numbers) and the organisation number.
//!
//! Parse, don't validate: after [`Fnr::parse`] the number is known to be
//! well-formed with correct check digits, and functions take the type.

use std::fmt;

use chrono::NaiveDate;

/// Why an identity number was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdentityError {
    #[error("must be exactly {expected} digits")]
    WrongLength { expected: usize },
    #[error("has a wrong check digit")]
    WrongCheckDigit,
    #[error("does not encode a real birth date")]
    NoBirthDate,
}

/// What kind of national identity number it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FnrKind {
    /// An ordinary fødselsnummer.
    BirthNumber,
    /// A D-number (day + 40), given to people without a birth number.
    DNumber,
    /// A synthetic test number (month + 40 or + 80); never a real person.
    Synthetic,
}

/// A national identity number (fødselsnummer or D-number), 11 digits with two
/// mod-11 check digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fnr([u8; 11]);

/// Weights of the first and second check digit (Skatteetaten's algorithm).
const FNR_WEIGHTS_1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const FNR_WEIGHTS_2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const ORGNR_WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];

/// The mod-11 check digit of `digits` with `weights`; `None` when it would be 10.
fn mod11_check_digit(digits: &[u8], weights: &[u32]) -> Option<u8> {
    let sum: u32 = digits
        .iter()
        .zip(weights)
        .map(|(digit, weight)| u32::from(*digit) * weight)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => Some(check as u8),
    }
}

fn digits_of<const N: usize>(text: &str) -> Result<[u8; N], IdentityError> {
    let bytes = text.as_bytes();
    let mut digits = [0u8; N];
    if bytes.len() != N || !bytes.iter().all(u8::is_ascii_digit) {
        return Err(IdentityError::WrongLength { expected: N });
    }
    for (digit, byte) in digits.iter_mut().zip(bytes) {
        *digit = byte - b'0';
    }
    Ok(digits)
}

impl Fnr {
    pub fn parse(text: &str) -> Result<Fnr, IdentityError> {
        let digits: [u8; 11] = digits_of(text)?;
        let (body, checks) = digits.split_at(9);
        let first_check = mod11_check_digit(body, &FNR_WEIGHTS_1);
        let (with_first, second) = digits.split_at(10);
        let second_check = mod11_check_digit(with_first, &FNR_WEIGHTS_2);
        if first_check != checks.first().copied() || second_check != second.first().copied() {
            return Err(IdentityError::WrongCheckDigit);
        }
        let fnr = Fnr(digits);
        fnr.birth_date().ok_or(IdentityError::NoBirthDate)?;
        Ok(fnr)
    }

    fn number(&self, from: usize, n_digits: usize) -> u32 {
        self.0
            .iter()
            .skip(from)
            .take(n_digits)
            .fold(0, |acc, digit| acc * 10 + u32::from(*digit))
    }

    pub fn kind(&self) -> FnrKind {
        if self.number(0, 1) >= 4 {
            FnrKind::DNumber
        } else if self.number(2, 2) > 12 {
            FnrKind::Synthetic
        } else {
            FnrKind::BirthNumber
        }
    }

    /// The birth date the number encodes (day, month, two-digit year and the
    /// century given by the individual number).
    pub fn birth_date(&self) -> Option<NaiveDate> {
        let mut day = self.number(0, 2);
        if day > 40 {
            day -= 40; // D-number
        }
        let mut month = self.number(2, 2);
        if month > 80 {
            month -= 80; // Skatteetaten's synthetic numbers
        } else if month > 40 {
            month -= 40; // NAV's synthetic numbers
        }
        let year_in_century = self.number(4, 2);
        let individual = self.number(6, 3);
        let century = match (individual, year_in_century) {
            (0..=499, _) | (900..=999, 40..=99) => 1900,
            (500..=749, 54..=99) => 1800,
            (500..=999, 0..=39) => 2000,
            _ => return None,
        };
        NaiveDate::from_ymd_opt((century + year_in_century) as i32, month, day)
    }

    pub fn as_str(&self) -> String {
        self.0
            .iter()
            .map(|digit| char::from(b'0' + digit))
            .collect()
    }
}

impl fmt::Display for Fnr {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.as_str())
    }
}

/// Masks the number so it never reaches a log by accident.
impl fmt::Debug for Fnr {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("Fnr(***********)")
    }
}

/// An organisation number (organisasjonsnummer): 9 digits, one mod-11 check digit.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Orgnr([u8; 9]);

impl Orgnr {
    pub fn parse(text: &str) -> Result<Orgnr, IdentityError> {
        let digits: [u8; 9] = digits_of(text)?;
        let (body, check) = digits.split_at(8);
        if mod11_check_digit(body, &ORGNR_WEIGHTS) != check.first().copied() {
            return Err(IdentityError::WrongCheckDigit);
        }
        Ok(Orgnr(digits))
    }

    pub fn as_str(&self) -> String {
        self.0
            .iter()
            .map(|digit| char::from(b'0' + digit))
            .collect()
    }
}

impl fmt::Display for Orgnr {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.as_str())
    }
}

/// The 4-digit code of a NAV office (enhetsnummer); `0000` when none is known.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct UnitCode([u8; 4]);

impl UnitCode {
    pub const UNKNOWN: UnitCode = UnitCode([0; 4]);

    pub fn parse(text: &str) -> Result<UnitCode, IdentityError> {
        Ok(UnitCode(digits_of(text)?))
    }

    pub fn as_str(&self) -> String {
        self.0
            .iter()
            .map(|digit| char::from(b'0' + digit))
            .collect()
    }
}

impl fmt::Display for UnitCode {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case::synthetic_from_the_contract("15438510092", FnrKind::Synthetic, "1985-03-15")]
    #[case::d_number("41018012365", FnrKind::DNumber, "1980-01-01")]
    fn valid_numbers_parse_with_their_kind_and_birth_date(
        #[case] text: &str,
        #[case] kind: FnrKind,
        #[case] birth: &str,
    ) {
        let fnr = Fnr::parse(text).unwrap();
        assert_eq!(fnr.kind(), kind);
        assert_eq!(
            fnr.birth_date(),
            Some(NaiveDate::parse_from_str(birth, "%Y-%m-%d").unwrap())
        );
        assert_eq!(fnr.to_string(), text);
        assert_eq!(format!("{fnr:?}"), "Fnr(***********)");
    }

    #[rstest]
    #[case::too_short("1543851009", IdentityError::WrongLength { expected: 11 })]
    #[case::letters("1543851009x", IdentityError::WrongLength { expected: 11 })]
    #[case::first_check_digit("15438510082", IdentityError::WrongCheckDigit)]
    #[case::second_check_digit("15438510093", IdentityError::WrongCheckDigit)]
    #[case::non_ascii_digits("１5438510092", IdentityError::WrongLength { expected: 11 })]
    fn invalid_numbers_are_refused(#[case] text: &str, #[case] error: IdentityError) {
        assert_eq!(Fnr::parse(text), Err(error));
    }

    #[test]
    fn the_check_digits_are_recomputed_for_every_generated_body() {
        // Every body whose check digits exist gives a number that parses.
        let mut n_valid = 0;
        for individual in 100..400u32 {
            let body = format!("010180{individual:03}");
            let digits: Vec<u8> = body.bytes().map(|byte| byte - b'0').collect();
            let Some(first) = mod11_check_digit(&digits, &FNR_WEIGHTS_1) else {
                continue;
            };
            let mut with_first = digits.clone();
            with_first.push(first);
            let Some(second) = mod11_check_digit(&with_first, &FNR_WEIGHTS_2) else {
                continue;
            };
            let text = format!("{body}{first}{second}");
            assert_eq!(
                Fnr::parse(&text).map(|fnr| fnr.to_string()),
                Ok(text.clone())
            );
            n_valid += 1;
        }
        assert!(n_valid > 200);
    }

    #[rstest]
    #[case("910000004", true)]
    #[case("974760673", true)]
    #[case("910000005", false)]
    #[case("91000000", false)]
    fn organisation_numbers_have_one_check_digit(#[case] text: &str, #[case] valid: bool) {
        assert_eq!(Orgnr::parse(text).is_ok(), valid, "{text}");
    }
}
