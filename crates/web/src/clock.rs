//! The clock: the one place in tilbake that reads the time of day.
//!
//! Everything below the web layer takes `now` and `today` as arguments
//! (ARCHITECTURE.md). Tests use [`Clock::Fixed`].

use chrono::{DateTime, NaiveDate};
use tilbake_store::Millis;

/// Where `now` and `today` come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// The system clock. `today` is the UTC date: chrono is built without
    /// time-zone support, and the hour between UTC and Norwegian midnight
    /// moves no statutory date by more than that hour.
    System,
    /// A fixed instant, in milliseconds since the Unix epoch (tests, replays).
    Fixed(Millis),
}

impl Clock {
    /// Milliseconds since the Unix epoch.
    pub fn now(self) -> Millis {
        match self {
            Clock::System => system_now(),
            Clock::Fixed(millis) => millis,
        }
    }

    /// The date of [`Clock::now`] (UTC).
    pub fn today(self) -> NaiveDate {
        date_of(self.now())
    }

    /// A fixed clock at noon UTC of `day`.
    pub fn at_noon(day: NaiveDate) -> Clock {
        let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default();
        Clock::Fixed(noon.and_utc().timestamp_millis())
    }
}

/// The UTC date of an instant; the epoch's date if the instant is out of range.
pub fn date_of(millis: Millis) -> NaiveDate {
    DateTime::from_timestamp_millis(millis)
        .unwrap_or_default()
        .date_naive()
}

#[allow(clippy::disallowed_methods)] // The one reading of the clock in tilbake; see ARCHITECTURE.md.
fn system_now() -> Millis {
    let since_epoch = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    Millis::try_from(since_epoch.as_millis()).unwrap_or(Millis::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_at_noon_gives_that_day() {
        let day = NaiveDate::from_ymd_opt(2024, 3, 1).unwrap();
        assert_eq!(Clock::at_noon(day).today(), day);
    }

    #[test]
    fn the_system_clock_is_after_2024() {
        assert!(Clock::System.today() > NaiveDate::from_ymd_opt(2024, 1, 1).unwrap());
    }
}
