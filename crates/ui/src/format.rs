//! Dates, times, distances in days and identity numbers as the pages write
//! them, in the reader's language.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Timelike, Weekday};
use tilbake_domain::identity::Fnr;
use tilbake_store::Millis;

use crate::texts::{fill, CommonTexts, Texts};

fn month_name(t: &CommonTexts, month: u32) -> &'static str {
    match month {
        1 => t.month_01,
        2 => t.month_02,
        3 => t.month_03,
        4 => t.month_04,
        5 => t.month_05,
        6 => t.month_06,
        7 => t.month_07,
        8 => t.month_08,
        9 => t.month_09,
        10 => t.month_10,
        11 => t.month_11,
        _ => t.month_12,
    }
}

fn weekday_name(t: &CommonTexts, weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => t.weekday_monday,
        Weekday::Tue => t.weekday_tuesday,
        Weekday::Wed => t.weekday_wednesday,
        Weekday::Thu => t.weekday_thursday,
        Weekday::Fri => t.weekday_friday,
        Weekday::Sat => t.weekday_saturday,
        Weekday::Sun => t.weekday_sunday,
    }
}

/// `3. juni 2024` / `3 June 2024`.
pub fn date_short(t: &Texts, date: NaiveDate) -> String {
    fill(
        t.common.date_short,
        &[
            ("day", &date.day()),
            ("month", &month_name(&t.common, date.month())),
            ("year", &date.year()),
        ],
    )
}

/// `mandag 3. juni 2024` / `Monday 3 June 2024`.
pub fn date_long(t: &Texts, date: NaiveDate) -> String {
    fill(
        t.common.date_long,
        &[
            ("weekday", &weekday_name(&t.common, date.weekday())),
            ("day", &date.day()),
            ("month", &month_name(&t.common, date.month())),
            ("year", &date.year()),
        ],
    )
}

/// `i dag`, `om 3 dager`, `for 2 dager siden`: `days` ahead of today
/// (negative: in the past).
pub fn days_from_today(t: &Texts, days: i64) -> String {
    match days {
        0 => t.common.today.to_owned(),
        1 => t.common.tomorrow.to_owned(),
        -1 => t.common.yesterday.to_owned(),
        2.. => fill(t.common.in_days, &[("days", &days)]),
        _ => fill(t.common.days_ago, &[("days", &days.unsigned_abs())]),
    }
}

/// An instant as the date and time of day in Norway.
pub fn norwegian_time(millis: Millis) -> NaiveDateTime {
    let utc = DateTime::from_timestamp_millis(millis)
        .unwrap_or_default()
        .naive_utc();
    utc + Duration::hours(oslo_offset_hours(utc))
}

/// An instant in Norwegian time: `3. juni 2024 kl. 14.05`.
pub fn timestamp(t: &Texts, millis: Millis) -> String {
    let local = norwegian_time(millis);
    let time = fill(
        t.common.time_of_day,
        &[
            ("hour", &format!("{:02}", local.hour())),
            ("minute", &format!("{:02}", local.minute())),
        ],
    );
    fill(
        t.common.date_time,
        &[("date", &date_short(t, local.date())), ("time", &time)],
    )
}

/// The offset of Norwegian time from UTC at an instant: +2 hours in summer
/// time (from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
/// Sunday of October, the European rule since 1996), else +1. chrono is
/// built without time zones, and this one rule is all the pages need.
fn oslo_offset_hours(utc: NaiveDateTime) -> i64 {
    let year = utc.year();
    let summer_starts = last_sunday(year, 3).and_hms_opt(1, 0, 0);
    let summer_ends = last_sunday(year, 10).and_hms_opt(1, 0, 0);
    match (summer_starts, summer_ends) {
        (Some(starts), Some(ends)) if utc >= starts && utc < ends => 2,
        _ => 1,
    }
}

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let last_day = NaiveDate::from_ymd_opt(year, month + 1, 1)
        .and_then(|first_of_next| first_of_next.pred_opt())
        .unwrap_or_default();
    let days_after_sunday = i64::from(last_day.weekday().num_days_from_sunday());
    last_day - Duration::days(days_after_sunday)
}

/// The text with its first letter upper-case (`karriereveileder` → `Karriereveileder`).
pub fn capitalised(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

/// The date in Norway of an instant: `3. juni 2024`.
pub fn date_of(t: &Texts, millis: Millis) -> String {
    date_short(t, norwegian_time(millis).date())
}

/// An identity number as people read it: birth date, a space, the rest.
pub fn fnr_grouped(fnr: &Fnr) -> String {
    let digits = fnr.as_str();
    match (digits.get(..6), digits.get(6..)) {
        (Some(birth), Some(rest)) => format!("{birth} {rest}"),
        _ => digits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::texts::{EN, NB};

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn dates_read_naturally_in_both_languages() {
        assert_eq!(date_long(&NB, date("2024-06-03")), "mandag 3. juni 2024");
        assert_eq!(date_long(&EN, date("2024-06-03")), "Monday 3 June 2024");
        assert_eq!(date_short(&NB, date("2024-12-24")), "24. desember 2024");
        assert_eq!(days_from_today(&NB, -3), "for 3 dager siden");
        assert_eq!(days_from_today(&EN, 5), "in 5 days");
    }

    #[test]
    fn times_are_norwegian_local_time_across_summer_time() {
        // 2024-06-03 12:00 UTC is 14:00 in Oslo (summer time).
        assert_eq!(timestamp(&NB, 1_717_416_000_000), "3. juni 2024 kl. 14.00");
        // 2024-01-15 12:00 UTC is 13:00 in Oslo.
        assert_eq!(
            timestamp(&EN, 1_705_320_000_000),
            "15 January 2024 at 13:00"
        );
        assert_eq!(last_sunday(2024, 3), date("2024-03-31"));
        assert_eq!(last_sunday(2024, 10), date("2024-10-27"));
    }

    #[test]
    fn an_fnr_is_grouped_after_the_birth_date() {
        assert_eq!(
            fnr_grouped(&Fnr::parse("15438510092").unwrap()),
            "154385 10092"
        );
    }
}
