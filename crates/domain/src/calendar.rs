//! Calendar arithmetic on day numbers.
//!
//! The engine walks the calendar day by day, so it counts in [`Day`], a plain
//! integer day number, and converts to and from [`NaiveDate`] only at its
//! edges. Weekday counting is arithmetic, so projecting the maximum date
//! 248 weekdays ahead costs the same as projecting one.

use chrono::{Datelike, NaiveDate};

/// A calendar day as the number of days since Monday 0001-01-01 (day 0).
///
/// Day 0 is a Monday, so `day % 7` is the weekday (0 = Monday … 6 = Sunday).
/// Days before 0001-01-01 are negative; they arise only as the start of the
/// three-year window and are only ever compared.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Day(i32);

impl Day {
    /// The last day the contract can express: 9999-12-31.
    pub const LAST_EXPRESSIBLE: Day = Day(3_652_058);

    pub fn from_date(date: NaiveDate) -> Day {
        Day(date.num_days_from_ce() - 1)
    }

    /// The calendar date of this day, if chrono can represent it.
    pub fn to_date(self) -> Option<NaiveDate> {
        NaiveDate::from_num_days_from_ce_opt(self.0.checked_add(1)?)
    }

    pub fn number(self) -> i32 {
        self.0
    }

    #[must_use]
    pub fn plus_days(self, n_days: i32) -> Day {
        Day(self.0.saturating_add(n_days))
    }

    /// Days from `earlier` to `self` (negative when `self` is earlier).
    pub fn days_since(self, earlier: Day) -> i32 {
        self.0 - earlier.0
    }

    /// 0 = Monday … 6 = Sunday.
    pub fn weekday_index(self) -> i32 {
        self.0.rem_euclid(7)
    }

    pub fn is_weekend(self) -> bool {
        self.weekday_index() >= 5
    }

    /// The number of weekdays (Monday–Friday) from day 0 up to and including `self`.
    pub(crate) fn weekdays_through(self) -> i64 {
        let day = i64::from(self.0);
        if day < 0 {
            // Only window starts are negative and they are never projected from;
            // answering 0 keeps the function total.
            return 0;
        }
        5 * (day / 7) + (day % 7 + 1).min(5)
    }

    /// The `k`-th weekday counted from day 0 (k ≥ 1), the inverse of `weekdays_through`.
    pub(crate) fn kth_weekday(k: i64) -> Day {
        let k = k.max(1) - 1;
        Day(i32::try_from(7 * (k / 5) + k % 5).unwrap_or(i32::MAX))
    }

    /// The `n`-th weekday strictly after `self` (n ≥ 1).
    #[must_use]
    pub fn nth_weekday_after(self, n: u32) -> Day {
        Day::kth_weekday(self.weekdays_through() + i64::from(n))
    }

    /// The last weekday on or before `self`.
    #[must_use]
    pub fn last_weekday_on_or_before(self) -> Day {
        Day::kth_weekday(self.weekdays_through())
    }

    /// The last weekday strictly before `self`.
    #[must_use]
    pub fn last_weekday_before(self) -> Day {
        self.plus_days(-1).last_weekday_on_or_before()
    }
}

/// `date` moved by `n_years` calendar years; 29 February becomes 28 February
/// in a year without it (the rule both for birthdays and for the three-year
/// window of ftrl § 8-12). `None` only outside chrono's range.
pub fn add_years(date: NaiveDate, n_years: i32) -> Option<NaiveDate> {
    let year = date.year().checked_add(n_years)?;
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, date.month(), date.day() - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn day(text: &str) -> Day {
        Day::from_date(date(text))
    }

    #[test]
    fn day_zero_is_monday_the_first_of_january_year_one_and_the_last_day_is_9999_12_31() {
        assert_eq!(day("0001-01-01").number(), 0);
        assert_eq!(day("0001-01-01").weekday_index(), 0);
        assert_eq!(day("9999-12-31"), Day::LAST_EXPRESSIBLE);
        assert_eq!(Day::LAST_EXPRESSIBLE.to_date(), Some(date("9999-12-31")));
    }

    #[test]
    fn weekday_index_agrees_with_chrono_for_a_run_of_days() {
        let mut current = date("2023-12-20");
        for _ in 0..40 {
            let expected = current.weekday().num_days_from_monday() as i32;
            assert_eq!(
                Day::from_date(current).weekday_index(),
                expected,
                "{current}"
            );
            current = current.succ_opt().unwrap();
        }
    }

    #[test]
    fn nth_weekday_after_skips_weekends() {
        // 2024-01-05 is a Friday.
        assert_eq!(day("2024-01-05").nth_weekday_after(1), day("2024-01-08"));
        assert_eq!(day("2024-01-05").nth_weekday_after(5), day("2024-01-12"));
        assert_eq!(day("2024-01-05").nth_weekday_after(6), day("2024-01-15"));
        // From a Saturday the next weekday is Monday.
        assert_eq!(day("2024-01-06").nth_weekday_after(1), day("2024-01-08"));
        assert_eq!(day("2024-01-07").nth_weekday_after(1), day("2024-01-08"));
    }

    #[test]
    fn nth_weekday_after_agrees_with_a_day_by_day_count() {
        let start = day("2024-02-20");
        for n in 1..=300u32 {
            let mut current = start;
            let mut counted = 0;
            while counted < n {
                current = current.plus_days(1);
                if !current.is_weekend() {
                    counted += 1;
                }
            }
            assert_eq!(start.nth_weekday_after(n), current, "n = {n}");
        }
    }

    #[test]
    fn last_weekday_on_or_before_and_before() {
        assert_eq!(
            day("2024-01-07").last_weekday_on_or_before(),
            day("2024-01-05")
        );
        assert_eq!(
            day("2024-01-08").last_weekday_on_or_before(),
            day("2024-01-08")
        );
        assert_eq!(day("2024-01-08").last_weekday_before(), day("2024-01-05"));
    }

    #[test]
    fn add_years_turns_a_leap_day_into_the_28th_of_february() {
        assert_eq!(add_years(date("1960-02-29"), 67), Some(date("2027-02-28")));
        assert_eq!(add_years(date("1960-02-29"), 68), Some(date("2028-02-29")));
        assert_eq!(add_years(date("2024-02-29"), -3), Some(date("2021-02-28")));
        assert_eq!(add_years(date("2024-03-01"), -3), Some(date("2021-03-01")));
    }
}
