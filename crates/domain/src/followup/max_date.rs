//! The maximum date (maksdato): a walk over the calendar, day by day, that
//! counts benefit days against the quota (ftrl § 8-12), applies the age rules
//! (ftrl § 8-51), the 26-week reset and the three-year window.
//!
//! The walk is the table of the contract, one state machine; the engine feeds
//! it one day at a time inside sick leave and whole runs of working days
//! between sick leave, which it handles arithmetically.

use super::statute::BENEFIT_RULES;
use crate::calendar::{add_years, Day};

/// What a day is for the maximum date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BenefitDayKind {
    /// Sick, Monday–Friday, after the employer period, grade ≥ 20 (ftrl § 8-13).
    Benefit,
    /// Sick, Monday–Friday, after the employer period, grade < 20.
    LowGrade,
    /// Sick on Saturday or Sunday after the employer period.
    SickWeekend,
    /// Vacation not in an employer period. The engine takes vacation in runs
    /// (`vacation_run`); this per-day form keeps `step` the whole table.
    #[cfg_attr(not(test), allow(dead_code))]
    Vacation,
    /// Anything else, every day of an employer period included.
    Working,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum WalkState {
    Fresh,
    Counting,
    Break,
    VacationBreak,
    UsedUp,
    Waiting,
}

/// What the maximum date of a case needs from the walk, taken right after the
/// case's last day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct WalkReading {
    exhausted: bool,
    quota_used_up_on: Day,
    n_used: u32,
    n_used_after_reduced_age: u32,
}

/// The birthdays that change the quota.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AgeLimits {
    /// The 67th birthday; days strictly after it count against the reduced quota.
    reduced_from: Day,
    /// The 70th birthday; from this day on nothing counts.
    ends_on: Day,
}

impl AgeLimits {
    pub(crate) fn for_birth_date(birth_date: chrono::NaiveDate) -> Option<AgeLimits> {
        let reduced = add_years(birth_date, BENEFIT_RULES.reduced_age_years)?;
        let ends = add_years(birth_date, BENEFIT_RULES.end_age_years)?;
        Some(AgeLimits {
            reduced_from: Day::from_date(reduced),
            ends_on: Day::from_date(ends),
        })
    }
}

/// The walk over the calendar. Reused across people: `reset` clears it.
#[derive(Debug)]
pub(crate) struct MaxDateWalk {
    state: WalkState,
    /// Counted benefit days in date order; the live ones start at `used_head`.
    used: Vec<Day>,
    used_head: usize,
    n_used_after_reduced_age: u32,
    break_days: u32,
    quota_used_up_on: Day,
    age_limits: Option<AgeLimits>,
    stopped: bool,
}

impl Default for MaxDateWalk {
    fn default() -> MaxDateWalk {
        MaxDateWalk {
            state: WalkState::Fresh,
            used: Vec::new(),
            used_head: 0,
            n_used_after_reduced_age: 0,
            break_days: 0,
            quota_used_up_on: Day::LAST_EXPRESSIBLE,
            age_limits: None,
            stopped: false,
        }
    }
}

impl MaxDateWalk {
    pub(crate) fn reset(&mut self, age_limits: Option<AgeLimits>) {
        self.start_fresh();
        self.quota_used_up_on = Day::LAST_EXPRESSIBLE;
        self.age_limits = age_limits;
        self.stopped = false;
    }

    fn n_used(&self) -> u32 {
        (self.used.len() - self.used_head) as u32
    }

    /// "→ fresh": a new entitlement starts with the next benefit day.
    fn start_fresh(&mut self) {
        self.state = WalkState::Fresh;
        self.used.clear();
        self.used_head = 0;
        self.n_used_after_reduced_age = 0;
        self.break_days = 0;
    }

    /// Whether the walk has stopped at the 70th birthday (ftrl § 8-51).
    fn stops_at(&mut self, day: Day) -> bool {
        if let Some(limits) = self.age_limits {
            if day >= limits.ends_on {
                self.stopped = true;
            }
        }
        self.stopped
    }

    /// "count it": the day uses one benefit day of the quota.
    fn count(&mut self, day: Day) {
        self.used.push(day);
        self.break_days = 0;
        let mut reduced_quota_used_up = false;
        if let Some(limits) = self.age_limits {
            if day > limits.reduced_from {
                self.n_used_after_reduced_age += 1;
            }
            reduced_quota_used_up =
                self.n_used_after_reduced_age >= BENEFIT_RULES.benefit_days_after_reduced_age;
        }
        if self.n_used() >= BENEFIT_RULES.benefit_days || reduced_quota_used_up {
            self.state = WalkState::UsedUp;
            self.quota_used_up_on = day;
        } else {
            self.state = WalkState::Counting;
        }
    }

    /// "move the window": days older than three years are forgiven when
    /// benefit resumes after a break (ftrl § 8-12). A day exactly three years
    /// earlier still counts.
    fn move_window(&mut self, day: Day) {
        let Some(window_start) = day
            .to_date()
            .and_then(|date| add_years(date, -BENEFIT_RULES.window_years))
            .map(Day::from_date)
        else {
            return;
        };
        while let Some(&oldest) = self.used.get(self.used_head) {
            if oldest >= window_start {
                break;
            }
            self.used_head += 1;
            if let Some(limits) = self.age_limits {
                if oldest > limits.reduced_from {
                    self.n_used_after_reduced_age -= 1;
                }
            }
        }
    }

    /// "break 1" / "break +1", and the 26-week reset (ftrl § 8-12 second paragraph).
    fn add_break_days(&mut self, n_days: u32, last_day_is_working: bool) {
        self.break_days = self.break_days.saturating_add(n_days);
        if self.break_days >= BENEFIT_RULES.reset_break_days {
            if self.state == WalkState::UsedUp && !last_day_is_working {
                // After the quota is used up, a new entitlement needs a working day.
                self.state = WalkState::Waiting;
            } else {
                self.start_fresh();
            }
        }
    }

    /// Takes one day.
    pub(crate) fn step(&mut self, day: Day, kind: BenefitDayKind) {
        use BenefitDayKind as K;
        use WalkState as S;
        if self.stops_at(day) {
            return;
        }
        match (self.state, kind) {
            (S::Fresh | S::Counting | S::VacationBreak, K::Benefit) => self.count(day),
            (S::Break, K::Benefit) => {
                self.move_window(day);
                self.count(day);
            }
            (S::Fresh | S::Waiting, _) | (S::Counting | S::VacationBreak, K::SickWeekend) => {}
            (S::Counting, K::Vacation) => {
                self.state = S::VacationBreak;
                self.break_days = 0;
                self.add_break_days(1, false);
            }
            (S::Counting, K::LowGrade | K::Working) => {
                self.state = S::Break;
                self.break_days = 0;
                self.add_break_days(1, kind == K::Working);
            }
            (S::VacationBreak, K::LowGrade | K::Working) => {
                self.state = S::Break;
                self.add_break_days(1, kind == K::Working);
            }
            (S::Break | S::VacationBreak | S::UsedUp, _) => {
                self.add_break_days(1, kind == K::Working);
            }
        }
        if self.state == S::Waiting && kind == K::Working {
            self.start_fresh();
        }
    }

    /// Takes `n_days` working days from `first_day` on, in one step.
    pub(crate) fn working_run(&mut self, first_day: Day, n_days: u32) {
        let Some((n_days, stop_after)) = self.days_before_stop(first_day, n_days) else {
            return;
        };
        if n_days > 0 {
            match self.state {
                WalkState::Fresh => {}
                WalkState::Waiting => self.start_fresh(),
                WalkState::Counting => {
                    self.state = WalkState::Break;
                    self.break_days = 0;
                    self.add_break_days(n_days, true);
                }
                WalkState::Break | WalkState::VacationBreak => {
                    self.state = WalkState::Break;
                    self.add_break_days(n_days, true);
                }
                WalkState::UsedUp => self.add_break_days(n_days, true),
            }
        }
        if stop_after {
            self.stopped = true;
        }
    }

    /// Days that give at most `n_days` from `first_day` on before the 70th
    /// birthday stops the walk; `None` when it has stopped already.
    fn days_before_stop(&mut self, first_day: Day, n_days: u32) -> Option<(u32, bool)> {
        if n_days == 0 || self.stops_at(first_day) {
            return None;
        }
        if let Some(limits) = self.age_limits {
            let room = limits.ends_on.days_since(first_day).max(0) as u32;
            if n_days >= room {
                return Some((room, true));
            }
        }
        Some((n_days, false))
    }

    /// Takes `n_days` vacation days from `first_day` on, in one step.
    pub(crate) fn vacation_run(&mut self, first_day: Day, n_days: u32) {
        let Some((n_days, stop_after)) = self.days_before_stop(first_day, n_days) else {
            return;
        };
        if n_days > 0 {
            match self.state {
                WalkState::Fresh | WalkState::Waiting => {}
                WalkState::Counting => {
                    self.state = WalkState::VacationBreak;
                    self.break_days = 0;
                    self.add_break_days(n_days, false);
                }
                WalkState::Break | WalkState::VacationBreak | WalkState::UsedUp => {
                    self.add_break_days(n_days, false);
                }
            }
        }
        if stop_after {
            self.stopped = true;
        }
    }

    /// Takes `n_days` sick days after the employer period from `first_day`
    /// on: `weekday_kind` (benefit or low-grade) Monday to Friday, sick
    /// weekend days otherwise.
    pub(crate) fn sick_run(&mut self, first_day: Day, n_days: u32, weekday_kind: BenefitDayKind) {
        if weekday_kind != BenefitDayKind::Benefit {
            return self.sick_run_by_day(first_day, n_days, weekday_kind);
        }
        // Fast path: while fresh, counting or after vacation only, a sick
        // weekend changes nothing and a benefit day is counted, so the days
        // are taken at once; the table takes the others. Not across the
        // 70th birthday.
        let before_end_age = self
            .age_limits
            .is_none_or(|limits| first_day.plus_days(n_days as i32) <= limits.ends_on);
        let mut day = first_day;
        let mut n_left = n_days;
        while n_left > 0 {
            let n_taken = if before_end_age
                && !self.stopped
                && matches!(
                    self.state,
                    WalkState::Fresh | WalkState::Counting | WalkState::VacationBreak
                ) {
                self.count_benefit_run(day, n_left)
            } else {
                0
            };
            let n_taken = if n_taken == 0 {
                let kind = if day.is_weekend() {
                    BenefitDayKind::SickWeekend
                } else {
                    BenefitDayKind::Benefit
                };
                self.step(day, kind);
                1
            } else {
                n_taken
            };
            day = day.plus_days(n_taken as i32);
            n_left -= n_taken;
        }
    }

    /// "count it" for every weekday of `n_days` sick days from `first_day`
    /// on, in one step, up to the day that uses the quota up: the same days
    /// that counting them one by one would take. Answers how many days it
    /// took (all of them unless the quota was used up); 0 when it could not.
    fn count_benefit_run(&mut self, first_day: Day, n_days: u32) -> u32 {
        let last_day = first_day.plus_days(n_days as i32 - 1);
        let weekdays_before = first_day.plus_days(-1).weekdays_through();
        let n_weekdays = (last_day.weekdays_through() - weekdays_before).max(0) as u32;
        if n_weekdays == 0 {
            // Weekend days only: nothing changes in these states.
            return n_days;
        }
        let mut n_to_count =
            n_weekdays.min(BENEFIT_RULES.benefit_days.saturating_sub(self.n_used()));
        let mut n_not_reduced = n_weekdays;
        if let Some(limits) = self.age_limits {
            // Weekdays on or before the 67th birthday count against the
            // full quota only.
            n_not_reduced = (limits.reduced_from.min(last_day).weekdays_through() - weekdays_before)
                .max(0) as u32;
            n_to_count = n_to_count.min(
                n_not_reduced
                    + BENEFIT_RULES
                        .benefit_days_after_reduced_age
                        .saturating_sub(self.n_used_after_reduced_age),
            );
        }
        if n_to_count == 0 {
            return 0;
        }
        let first_weekday = weekdays_before + 1;
        self.used.extend(
            (0..i64::from(n_to_count)).map(|offset| Day::kth_weekday(first_weekday + offset)),
        );
        let last_counted = Day::kth_weekday(first_weekday + i64::from(n_to_count) - 1);
        self.break_days = 0;
        let mut reduced_quota_used_up = false;
        if self.age_limits.is_some() {
            self.n_used_after_reduced_age += n_to_count.saturating_sub(n_not_reduced);
            reduced_quota_used_up =
                self.n_used_after_reduced_age >= BENEFIT_RULES.benefit_days_after_reduced_age;
        }
        if self.n_used() >= BENEFIT_RULES.benefit_days || reduced_quota_used_up {
            self.state = WalkState::UsedUp;
            self.quota_used_up_on = last_counted;
            last_counted.days_since(first_day) as u32 + 1
        } else {
            // Every weekday was counted; the days after the last one are
            // weekend days, which change nothing while counting.
            self.state = WalkState::Counting;
            n_days
        }
    }

    /// Takes sick days one by one through the table.
    fn sick_run_by_day(&mut self, first_day: Day, n_days: u32, weekday_kind: BenefitDayKind) {
        let mut day = first_day;
        for _ in 0..n_days {
            let kind = if day.is_weekend() {
                BenefitDayKind::SickWeekend
            } else {
                weekday_kind
            };
            self.step(day, kind);
            day = day.plus_days(1);
        }
    }

    pub(crate) fn reading(&self) -> WalkReading {
        WalkReading {
            exhausted: matches!(self.state, WalkState::UsedUp | WalkState::Waiting),
            quota_used_up_on: self.quota_used_up_on,
            n_used: self.n_used(),
            n_used_after_reduced_age: self.n_used_after_reduced_age,
        }
    }
}

impl WalkReading {
    /// The maximum date of a case whose last day is `end`, read from the
    /// walk as it stood right after `end`.
    pub(crate) fn max_date(self, end: Day, age_limits: Option<AgeLimits>) -> Day {
        let mut max_date = if self.exhausted {
            self.quota_used_up_on
        } else {
            // Project every weekday after the last weekday of the case as a benefit day.
            let last_weekday = end.last_weekday_on_or_before();
            let mut projected = last_weekday
                .nth_weekday_after(BENEFIT_RULES.benefit_days.saturating_sub(self.n_used));
            if let Some(limits) = age_limits {
                let n_left = BENEFIT_RULES
                    .benefit_days_after_reduced_age
                    .saturating_sub(self.n_used_after_reduced_age);
                let reduced = last_weekday
                    .max(limits.reduced_from)
                    .nth_weekday_after(n_left);
                projected = projected.min(reduced);
            }
            projected
        };
        if let Some(limits) = age_limits {
            max_date = max_date.min(limits.ends_on.last_weekday_before());
        }
        max_date
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn day(text: &str) -> Day {
        Day::from_date(NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap())
    }

    fn walk_through(walk: &mut MaxDateWalk, from: &str, to: &str, kind: BenefitDayKind) {
        let mut current = day(from);
        while current <= day(to) {
            walk.step(current, kind);
            current = current.plus_days(1);
        }
    }

    /// Benefit days often enough (every 100 days) that no 26-week break resets the quota.
    fn keep_alive_until(walk: &mut MaxDateWalk, mut current: Day, until: Day) {
        while current.plus_days(100) < until {
            walk.working_run(current, 99);
            current = current.plus_days(99);
            walk.step(current, BenefitDayKind::Benefit);
            current = current.plus_days(1);
        }
    }

    #[test]
    fn the_window_forgives_days_older_than_three_years_when_benefit_resumes_after_a_break() {
        let mut walk = MaxDateWalk::default();
        walk.reset(None);
        walk_through(
            &mut walk,
            "2021-03-01",
            "2021-03-05",
            BenefitDayKind::Benefit,
        );
        keep_alive_until(&mut walk, day("2021-03-06"), day("2024-03-03"));
        let before = walk.reading().n_used;
        // Break, then benefit on 4 March 2024: 1–3 March 2021 are forgiven, 4 March 2021 still counts.
        walk.working_run(day("2024-03-03"), 1);
        walk.step(day("2024-03-04"), BenefitDayKind::Benefit);
        assert_eq!(walk.reading().n_used, before - 3 + 1);
    }

    #[test]
    fn the_window_from_a_leap_day_starts_on_the_28th_of_february() {
        let mut walk = MaxDateWalk::default();
        walk.reset(None);
        walk_through(
            &mut walk,
            "2021-02-27",
            "2021-02-28",
            BenefitDayKind::Benefit,
        );
        keep_alive_until(&mut walk, day("2021-03-01"), day("2024-02-28"));
        let before = walk.reading().n_used;
        walk.working_run(day("2024-02-28"), 1);
        walk.step(day("2024-02-29"), BenefitDayKind::Benefit);
        // 27 February 2021 is forgiven; 28 February 2021 still counts.
        assert_eq!(walk.reading().n_used, before - 1 + 1);
    }

    #[test]
    fn the_window_does_not_move_after_a_break_of_vacation_days_only() {
        let mut walk = MaxDateWalk::default();
        walk.reset(None);
        walk_through(
            &mut walk,
            "2021-03-01",
            "2021-03-05",
            BenefitDayKind::Benefit,
        );
        keep_alive_until(&mut walk, day("2021-03-06"), day("2024-03-03"));
        let before = walk.reading().n_used;
        walk.step(day("2024-03-03"), BenefitDayKind::Vacation);
        walk.step(day("2024-03-04"), BenefitDayKind::Benefit);
        assert_eq!(walk.reading().n_used, before + 1);
    }

    #[test]
    fn after_the_quota_is_used_up_only_a_working_day_after_26_weeks_gives_a_new_entitlement() {
        let mut walk = MaxDateWalk::default();
        walk.reset(None);
        let mut current = day("2024-01-01");
        for _ in 0..248 {
            walk.step(current, BenefitDayKind::Benefit);
            current = current.plus_days(1);
        }
        assert!(walk.reading().exhausted);
        // 182 days of sick leave without benefit: waiting, still exhausted.
        for _ in 0..182 {
            walk.step(current, BenefitDayKind::Benefit);
            current = current.plus_days(1);
        }
        assert!(walk.reading().exhausted);
        walk.step(current, BenefitDayKind::Benefit);
        assert!(
            walk.reading().exhausted,
            "a benefit day does not end the waiting"
        );
        walk.step(current.plus_days(1), BenefitDayKind::Working);
        assert!(!walk.reading().exhausted);
        assert_eq!(walk.reading().n_used, 0);
    }

    #[test]
    fn a_sick_weekend_day_is_not_a_break_day_while_counting() {
        let mut walk = MaxDateWalk::default();
        walk.reset(None);
        walk.step(day("2024-01-05"), BenefitDayKind::Benefit);
        walk.step(day("2024-01-06"), BenefitDayKind::SickWeekend);
        assert_eq!(walk.state, WalkState::Counting);
        walk.step(day("2024-01-07"), BenefitDayKind::Working);
        assert_eq!((walk.state, walk.break_days), (WalkState::Break, 1));
    }

    #[test]
    fn a_vacation_run_equals_the_same_vacation_days_one_by_one() {
        for n_days in [1, 2, 100, 181, 182, 183, 400] {
            for n_benefit in [0, 3, 248] {
                let prepare = |walk: &mut MaxDateWalk| {
                    walk.reset(AgeLimits::for_birth_date(
                        NaiveDate::from_ymd_opt(1954, 6, 1).unwrap(),
                    ));
                    let mut current = day("2023-01-02");
                    for _ in 0..n_benefit {
                        walk.step(current, BenefitDayKind::Benefit);
                        current = current.plus_days(1);
                    }
                    walk.step(current, BenefitDayKind::LowGrade);
                    current.plus_days(1)
                };
                let mut by_run = MaxDateWalk::default();
                let first = prepare(&mut by_run);
                by_run.vacation_run(first, n_days);
                let mut by_day = MaxDateWalk::default();
                prepare(&mut by_day);
                for offset in 0..n_days {
                    by_day.step(first.plus_days(offset as i32), BenefitDayKind::Vacation);
                }
                assert_eq!(by_run.reading(), by_day.reading(), "{n_benefit} + {n_days}");
                assert_eq!(
                    (by_run.state, by_run.break_days, by_run.stopped),
                    (by_day.state, by_day.break_days, by_day.stopped)
                );
            }
        }
    }

    #[test]
    fn a_sick_run_equals_the_same_days_one_by_one() {
        for birth in [None, Some("1954-06-01"), Some("1957-03-15")] {
            for n_days in [1, 5, 7, 60, 300, 400] {
                for n_before in [0, 3, 240] {
                    let age_limits = birth.map(|birth| {
                        AgeLimits::for_birth_date(
                            NaiveDate::parse_from_str(birth, "%Y-%m-%d").unwrap(),
                        )
                        .unwrap()
                    });
                    let prepare = |walk: &mut MaxDateWalk| {
                        walk.reset(age_limits);
                        let mut current = day("2023-06-05");
                        for _ in 0..n_before {
                            walk.step(current, BenefitDayKind::Benefit);
                            current = current.plus_days(1);
                        }
                        walk.step(current, BenefitDayKind::Vacation);
                        current.plus_days(1)
                    };
                    let mut by_run = MaxDateWalk::default();
                    let first = prepare(&mut by_run);
                    by_run.sick_run(first, n_days, BenefitDayKind::Benefit);
                    let mut by_day = MaxDateWalk::default();
                    prepare(&mut by_day);
                    for offset in 0..n_days {
                        let current = first.plus_days(offset as i32);
                        let kind = if current.is_weekend() {
                            BenefitDayKind::SickWeekend
                        } else {
                            BenefitDayKind::Benefit
                        };
                        by_day.step(current, kind);
                    }
                    assert_eq!(
                        by_run.reading(),
                        by_day.reading(),
                        "{birth:?} {n_before} + {n_days}"
                    );
                    assert_eq!(
                        (by_run.state, by_run.break_days, by_run.stopped),
                        (by_day.state, by_day.break_days, by_day.stopped)
                    );
                    assert_eq!(
                        by_run.used.get(by_run.used_head..),
                        by_day.used.get(by_day.used_head..)
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// Counting a run of sick days at once is counting them one by one:
        /// from any state the days before leave, with or without the age
        /// rules, across the 67th and 70th birthdays.
        #[test]
        fn a_sick_run_equals_its_days_one_by_one(
            birth_offset in proptest::option::of(-30_000i32..-23_000),
            before in proptest::collection::vec((0u8..5, 1u32..40), 0..12),
            n_days in 1u32..420,
            low_grade in proptest::bool::ANY,
        ) {
            let start = day("2023-06-05");
            let age_limits = birth_offset.and_then(|offset| {
                AgeLimits::for_birth_date(start.plus_days(offset).to_date()?)
            });
            let kinds = [
                BenefitDayKind::Benefit,
                BenefitDayKind::LowGrade,
                BenefitDayKind::SickWeekend,
                BenefitDayKind::Vacation,
                BenefitDayKind::Working,
            ];
            let prepare = |walk: &mut MaxDateWalk| {
                walk.reset(age_limits);
                let mut current = start;
                for &(kind, n) in &before {
                    for _ in 0..n {
                        walk.step(current, kinds[kind as usize]);
                        current = current.plus_days(1);
                    }
                }
                current
            };
            let weekday_kind = if low_grade { BenefitDayKind::LowGrade } else { BenefitDayKind::Benefit };
            let mut by_run = MaxDateWalk::default();
            let first = prepare(&mut by_run);
            by_run.sick_run(first, n_days, weekday_kind);
            let mut by_day = MaxDateWalk::default();
            prepare(&mut by_day);
            for offset in 0..n_days {
                let current = first.plus_days(offset as i32);
                let kind = if current.is_weekend() { BenefitDayKind::SickWeekend } else { weekday_kind };
                by_day.step(current, kind);
            }
            proptest::prop_assert_eq!(by_run.reading(), by_day.reading());
            proptest::prop_assert_eq!(
                (by_run.state, by_run.break_days, by_run.stopped, by_run.quota_used_up_on),
                (by_day.state, by_day.break_days, by_day.stopped, by_day.quota_used_up_on)
            );
            proptest::prop_assert_eq!(
                by_run.used.get(by_run.used_head..),
                by_day.used.get(by_day.used_head..)
            );
        }
    }

    #[test]
    fn a_working_run_equals_the_same_working_days_one_by_one() {
        for n_days in [1, 2, 100, 180, 181, 182, 183, 400] {
            for start_state in ["counting", "used_up", "vacation_break"] {
                let prepare = |walk: &mut MaxDateWalk| {
                    walk.reset(None);
                    let mut current = day("2024-01-01");
                    let n_benefit = if start_state == "used_up" { 248 } else { 3 };
                    for _ in 0..n_benefit {
                        walk.step(current, BenefitDayKind::Benefit);
                        current = current.plus_days(1);
                    }
                    if start_state == "vacation_break" {
                        walk.step(current, BenefitDayKind::Vacation);
                        current = current.plus_days(1);
                    }
                    current
                };
                let mut by_run = MaxDateWalk::default();
                let first = prepare(&mut by_run);
                by_run.working_run(first, n_days);
                let mut by_day = MaxDateWalk::default();
                prepare(&mut by_day);
                for offset in 0..n_days {
                    by_day.step(first.plus_days(offset as i32), BenefitDayKind::Working);
                }
                assert_eq!(
                    by_run.reading(),
                    by_day.reading(),
                    "{start_state} + {n_days}"
                );
                assert_eq!(
                    (by_run.state, by_run.break_days),
                    (by_day.state, by_day.break_days)
                );
            }
        }
    }
}
