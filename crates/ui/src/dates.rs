//! Dates as people type them into a form: `31.03.2027` (how dates are
//! written in Norway) as well as `2027-03-31` (what the API takes, and what
//! a native date control sends). A form field's value is turned into the
//! API's form before the document parser checks it, so a page and the API
//! still accept exactly the same dates.

use chrono::{NaiveDate, NaiveTime};

/// A date typed as `DD.MM.ÅÅÅÅ` (one or two digits for the day and month;
/// `.` or `/` between) or `ÅÅÅÅ-MM-DD`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some(date);
    }
    let mut parts = text.split(['.', '/']);
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || !(1..=2).contains(&day.len())
        || !(1..=2).contains(&month.len())
        || year.len() != 4
    {
        return None;
    }
    let number = |digits: &str| -> Option<u32> {
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())
            .flatten()
    };
    let year = i32::try_from(number(year)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(month)?, number(day)?)
}

/// A date field's value in the API's form (`ÅÅÅÅ-MM-DD`), or as typed when
/// it is no date, so the parser names the problem.
pub fn normalise_date(text: &str) -> String {
    match parse_date(text) {
        Some(date) => date.format("%Y-%m-%d").to_string(),
        None => text.to_owned(),
    }
}

/// A date and time typed as `DD.MM.ÅÅÅÅ TT:MM` (also `kl.` between, and
/// `TT.MM`) or `ÅÅÅÅ-MM-DD TT:MM` / `ÅÅÅÅ-MM-DDTTT:MM`, in the form
/// `ÅÅÅÅ-MM-DD TT:MM`; as typed when it is neither.
pub fn normalise_datetime(text: &str) -> String {
    let trimmed = text.trim();
    let mut words = trimmed
        .split([' ', 'T'])
        .filter(|word| !word.is_empty() && !word.eq_ignore_ascii_case("kl."));
    let (Some(date), Some(time), None) = (words.next(), words.next(), words.next()) else {
        return text.to_owned();
    };
    let time = NaiveTime::parse_from_str(time, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(time, "%H.%M"))
        .ok();
    match (parse_date(date), time) {
        (Some(date), Some(time)) => format!("{} {}", date.format("%Y-%m-%d"), time.format("%H:%M")),
        _ => text.to_owned(),
    }
}

/// A date and time as [`normalise_datetime`] takes it.
pub fn parse_datetime(text: &str) -> Option<chrono::NaiveDateTime> {
    let normal = normalise_datetime(text);
    chrono::NaiveDateTime::parse_from_str(&normal, "%Y-%m-%d %H:%M").ok()
}

/// A date as a form shows it: `31.03.2027`.
pub fn form_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_and_iso_dates_are_both_taken() {
        let date = NaiveDate::from_ymd_opt(2027, 3, 31);
        for text in ["31.03.2027", "31.3.2027", " 31/03/2027 ", "2027-03-31"] {
            assert_eq!(parse_date(text), date, "{text}");
        }
        for text in [
            "31.02.2027",
            "2027.03.31",
            "31.03.27",
            "31.03.2027.",
            "+1.03.2027",
            "",
            "31.03",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
        assert_eq!(normalise_date("1.4.2027"), "2027-04-01");
        assert_eq!(normalise_date("i morgen"), "i morgen");
    }

    #[test]
    fn dates_with_a_time_take_the_norwegian_ways_of_writing_it() {
        for text in [
            "31.03.2027 10:00",
            "31.03.2027 kl. 10.00",
            "2027-03-31 10:00",
            "2027-03-31T10:00",
        ] {
            assert_eq!(normalise_datetime(text), "2027-03-31 10:00", "{text}");
        }
        assert_eq!(normalise_datetime("31.03.2027"), "31.03.2027");
        assert_eq!(normalise_datetime("31.03.2027 25:00"), "31.03.2027 25:00");
    }

    proptest::proptest! {
        #[test]
        fn a_date_shown_in_a_form_reads_back(days in 0i64..80_000) {
            let date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Days::new(days as u64);
            proptest::prop_assert_eq!(parse_date(&form_date(date)), Some(date));
        }

        #[test]
        fn nothing_typed_panics(text in "\\PC{0,30}") {
            let _ = normalise_datetime(&text);
            let _ = normalise_date(&text);
        }
    }
}
