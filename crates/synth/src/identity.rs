//! Synthetic Norwegian identifiers: identity numbers (fødselsnummer) and
//! organisation numbers (organisasjonsnummer), with valid mod-11 check digits.
//!
//! The identity numbers are *synthetic* numbers: the month is written plus 40,
//! so they can never be a real person's number. The organisation numbers are
//! well-formed nine-digit numbers starting with 9; they are not looked up
//! anywhere and may or may not belong to a real organisation (organisation
//! numbers are public, so that carries no personal data).
//!
//! This module only writes numbers; reading and checking them is
//! `tilbake_domain::identity` (`Fnr`, `Orgnr`), which the tests use as the
//! independent judge of what is written here.

use chrono::{Datelike, NaiveDate};

/// Weights of the first check digit of an identity number, over its first nine digits.
const IDENTITY_WEIGHTS_1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
/// Weights of the second check digit, over the first ten digits.
const IDENTITY_WEIGHTS_2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
/// Weights of the check digit of an organisation number, over its first eight digits.
const ORGANISATION_WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];

/// Added to the month of a synthetic identity number.
pub const SYNTHETIC_MONTH_OFFSET: u32 = 40;

/// The mod-11 check digit of `digits` under `weights`; `None` when it would
/// be 10, which no valid number has (such candidates are skipped).
fn mod11_check_digit(digits: &[u8], weights: &[u32]) -> Option<u8> {
    let sum: u32 = digits
        .iter()
        .zip(weights)
        .map(|(&digit, &weight)| u32::from(digit) * weight)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => Some(check as u8),
    }
}

/// The individual numbers (digits 7–9) that encode the birth year's century,
/// as Skatteetaten assigns them: 500–749 for 1854–1899, 000–499 for
/// 1900–1999 and 500–999 for 2000–2039. (900–999 are also used for 1940–1999;
/// leaving them out keeps the rule one range per century.)
pub fn individual_number_range(birth_year: i32) -> Option<(u16, u16)> {
    match birth_year {
        1854..=1899 => Some((500, 749)),
        1900..=1999 => Some((0, 499)),
        2000..=2039 => Some((500, 999)),
        _ => None,
    }
}

/// The synthetic identity number of someone born on `birth_date` with
/// `individual` as digits 7–9, or `None` when that candidate has a check
/// digit of 10 (or the year or individual number is out of range).
pub fn synthetic_identity_number(birth_date: NaiveDate, individual: u16) -> Option<String> {
    let (low, high) = individual_number_range(birth_date.year())?;
    if !(low..=high).contains(&individual) {
        return None;
    }
    let day = birth_date.day();
    let month = birth_date.month() + SYNTHETIC_MONTH_OFFSET;
    let year = birth_date.year().rem_euclid(100) as u32;
    let individual = u32::from(individual);
    let mut digits = [
        (day / 10) as u8,
        (day % 10) as u8,
        (month / 10) as u8,
        (month % 10) as u8,
        (year / 10) as u8,
        (year % 10) as u8,
        (individual / 100) as u8,
        (individual / 10 % 10) as u8,
        (individual % 10) as u8,
        0,
        0,
    ];
    digits[9] = mod11_check_digit(&digits[..9], &IDENTITY_WEIGHTS_1)?;
    digits[10] = mod11_check_digit(&digits[..10], &IDENTITY_WEIGHTS_2)?;
    Some(
        digits
            .iter()
            .map(|&digit| char::from(b'0' + digit))
            .collect(),
    )
}

/// The organisation number whose first eight digits are `prefix`
/// (`10_000_000..=99_999_999`), or `None` when its check digit would be 10.
pub fn organisation_number(prefix: u32) -> Option<String> {
    if !(10_000_000..=99_999_999).contains(&prefix) {
        return None;
    }
    let mut digits = [0u8; 9];
    let mut rest = prefix;
    for slot in digits[..8].iter_mut().rev() {
        *slot = (rest % 10) as u8;
        rest /= 10;
    }
    digits[8] = mod11_check_digit(&digits[..8], &ORGANISATION_WEIGHTS)?;
    Some(
        digits
            .iter()
            .map(|&digit| char::from(b'0' + digit))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use tilbake_domain::identity::{Fnr, FnrKind, Orgnr};

    use super::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    #[test]
    fn check_digits_match_a_hand_computed_identity_number() {
        // 01 41 70 123: sum1 = 0·3+1·7+4·6+1·1+7·8+0·9+1·4+2·5+3·2 = 108,
        // 108 mod 11 = 9, k1 = 2; sum2 = 0·5+1·4+4·3+1·2+7·7+0·6+1·5+2·4+3·3+2·2 = 93,
        // 93 mod 11 = 5, k2 = 6.
        assert_eq!(
            synthetic_identity_number(date(1970, 1, 1), 123).as_deref(),
            Some("01417012326")
        );
        let fnr = Fnr::parse("01417012326").unwrap();
        assert_eq!(fnr.kind(), FnrKind::Synthetic);
        assert_eq!(fnr.birth_date(), Some(date(1970, 1, 1)));
        assert!(Fnr::parse("01417012327").is_err());
    }

    #[test]
    fn candidates_with_check_digit_ten_are_refused() {
        let birth_date = date(1985, 6, 15);
        let n_refused = (0..=499)
            .filter(|&individual| synthetic_identity_number(birth_date, individual).is_none())
            .count();
        // Roughly 1 in 11 fails each check digit.
        assert!((40..=120).contains(&n_refused), "{n_refused}");
    }

    #[test]
    fn the_month_carries_the_synthetic_offset_and_the_century_picks_the_range() {
        let number = synthetic_identity_number(date(2004, 12, 31), 512).unwrap();
        assert_eq!(&number[..6], "315204");
        assert!(synthetic_identity_number(date(2004, 12, 31), 12).is_none());
        assert!(synthetic_identity_number(date(1960, 1, 1), 600).is_none());
    }

    #[test]
    fn organisation_number_check_digit() {
        // 97408778: sum = 9·3+7·2+4·7+0·6+8·5+7·4+7·3+8·2 = 174, 174 mod 11 = 9, check 2.
        assert_eq!(
            organisation_number(97_408_778).as_deref(),
            Some("974087782")
        );
        assert!(Orgnr::parse("974087782").is_ok());
        assert!(Orgnr::parse("974087783").is_err());
        assert!(organisation_number(1_234_567).is_none());
    }
}
