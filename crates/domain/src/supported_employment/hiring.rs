//! After hiring: the job (open market, hours, pay by tariff), the
//! onboarding checklist, a mentor or natural support at work, and contact
//! reduced step by step by agreement (the fade-out plan); and whether the
//! person is still employed 3, 12 and 24 months after (time a parameter).

use chrono::{Months, NaiveDate};

use crate::identity::Orgnr;

use super::profile::MAX_HOURS_A_WEEK;

/// A job the participant got.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hire {
    pub employer: Orgnr,
    pub hired_on: NaiveDate,
    /// Ordinary work on the open market (not a sheltered or tiltak place).
    pub open_market: bool,
    pub hours_per_week: u8,
    /// Paid by the tariff (or the workplace's usual pay) for the work.
    pub tariff_pay: bool,
    /// The last day of the job, once it has ended.
    pub ended_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HireError {
    #[error("hours_per_week: between 1 and {MAX_HOURS_A_WEEK}")]
    Hours,
    #[error("ended_on: the job cannot end before it began ({0})")]
    EndsBeforeStart(NaiveDate),
    #[error("hired_on: {0} is after today")]
    InTheFuture(NaiveDate),
}

impl Hire {
    pub fn check(&self, today: NaiveDate) -> Result<(), HireError> {
        if !(1..=MAX_HOURS_A_WEEK).contains(&self.hours_per_week) {
            return Err(HireError::Hours);
        }
        if self.hired_on > today {
            return Err(HireError::InTheFuture(self.hired_on));
        }
        if self.ended_on.is_some_and(|ended| ended < self.hired_on) {
            return Err(HireError::EndsBeforeStart(self.hired_on));
        }
        Ok(())
    }

    /// Whether the person is employed in this job on `date`.
    pub fn employed_on(&self, date: NaiveDate) -> bool {
        self.hired_on <= date && self.ended_on.is_none_or(|ended| date <= ended)
    }
}

/// The outcome points after hiring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Milestone {
    Months3,
    Months12,
    Months24,
}

impl Milestone {
    pub const ALL: [Milestone; 3] = [Milestone::Months3, Milestone::Months12, Milestone::Months24];

    pub fn months(self) -> u32 {
        match self {
            Milestone::Months3 => 3,
            Milestone::Months12 => 12,
            Milestone::Months24 => 24,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Milestone::Months3 => "months_3",
            Milestone::Months12 => "months_12",
            Milestone::Months24 => "months_24",
        }
    }
}

/// Whether the person was still in the job `milestone` months after they
/// were hired (the same day of the month; the month's last day where it
/// has none): `None` while that day is after `today` (not known yet).
pub fn still_employed(hire: &Hire, milestone: Milestone, today: NaiveDate) -> Option<bool> {
    let day = hire
        .hired_on
        .checked_add_months(Months::new(milestone.months()))?;
    (day <= today).then(|| hire.employed_on(day))
}

/// A thing to go through with the new employee and the employer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OnboardingItem {
    /// How to report absence (sick days, being late).
    ReportingAbsence,
    Breaks,
    Pay,
    Shifts,
}

impl OnboardingItem {
    pub const ALL: [OnboardingItem; 4] = [
        OnboardingItem::ReportingAbsence,
        OnboardingItem::Breaks,
        OnboardingItem::Pay,
        OnboardingItem::Shifts,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OnboardingItem::ReportingAbsence => "reporting_absence",
            OnboardingItem::Breaks => "breaks",
            OnboardingItem::Pay => "pay",
            OnboardingItem::Shifts => "shifts",
        }
    }

    pub fn parse(text: &str) -> Option<OnboardingItem> {
        OnboardingItem::ALL
            .into_iter()
            .find(|item| item.as_str() == text)
    }
}

/// The onboarding checklist: which items are gone through, and when, and
/// the mentor or natural support at work.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Onboarding {
    pub done: Vec<(OnboardingItem, NaiveDate)>,
    /// A colleague who is the person's mentor or natural support.
    pub mentor: String,
}

impl Onboarding {
    /// The items not yet gone through, in the checklist's order.
    pub fn open_items(&self) -> Vec<OnboardingItem> {
        OnboardingItem::ALL
            .into_iter()
            .filter(|item| !self.done.iter().any(|(done, _)| done == item))
            .collect()
    }
}

/// One step of the fade-out: from `from`, this many contacts a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FadeOutStep {
    pub from: NaiveDate,
    pub contacts_per_month: u8,
}

/// Contact reduced step by step, by agreement, with dates. Follow-up is
/// not time-limited: the last step may be zero contacts, and the
/// participant can ask for more again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FadeOutPlan {
    steps: Vec<FadeOutStep>,
    agreed_on: NaiveDate,
}

/// The most contacts a month a fade-out step plans.
pub const MAX_CONTACTS_PER_MONTH: u8 = 31;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FadeOutError {
    #[error("steps: a fade-out plan has at least one step")]
    NoSteps,
    #[error("steps: each step starts after the one before ({0})")]
    NotInOrder(NaiveDate),
    #[error("steps: each step has fewer contacts than the one before ({0})")]
    NotReduced(NaiveDate),
    #[error("steps: at most {MAX_CONTACTS_PER_MONTH} contacts a month")]
    TooMany,
    #[error("steps: the plan is agreed before its first step ({0})")]
    StartsBeforeAgreement(NaiveDate),
}

impl FadeOutPlan {
    /// A plan agreed on `agreed_on`: steps in date order, each with fewer
    /// contacts than the one before, none before the agreement.
    pub fn new(agreed_on: NaiveDate, steps: Vec<FadeOutStep>) -> Result<FadeOutPlan, FadeOutError> {
        let Some(first) = steps.first() else {
            return Err(FadeOutError::NoSteps);
        };
        if first.from < agreed_on {
            return Err(FadeOutError::StartsBeforeAgreement(first.from));
        }
        if steps
            .iter()
            .any(|step| step.contacts_per_month > MAX_CONTACTS_PER_MONTH)
        {
            return Err(FadeOutError::TooMany);
        }
        for pair in steps.windows(2) {
            if let [before, after] = pair {
                if after.from <= before.from {
                    return Err(FadeOutError::NotInOrder(after.from));
                }
                if after.contacts_per_month >= before.contacts_per_month {
                    return Err(FadeOutError::NotReduced(after.from));
                }
            }
        }
        Ok(FadeOutPlan { steps, agreed_on })
    }

    pub fn steps(&self) -> &[FadeOutStep] {
        &self.steps
    }

    pub fn agreed_on(&self) -> NaiveDate {
        self.agreed_on
    }

    /// The step in force on `date` (none before the first).
    pub fn current(&self, date: NaiveDate) -> Option<&FadeOutStep> {
        self.steps.iter().rev().find(|step| step.from <= date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn hire(hired_on: NaiveDate, ended_on: Option<NaiveDate>) -> Hire {
        Hire {
            employer: Orgnr::parse("910000004").unwrap(),
            hired_on,
            open_market: true,
            hours_per_week: 20,
            tariff_pay: true,
            ended_on,
        }
    }

    #[test]
    fn still_employed_is_known_from_the_milestone_day_on() {
        let job = hire(date(2024, 1, 31), None);
        // 3 months after 31 January is 30 April (no 31 April).
        assert_eq!(
            still_employed(&job, Milestone::Months3, date(2024, 4, 29)),
            None
        );
        assert_eq!(
            still_employed(&job, Milestone::Months3, date(2024, 4, 30)),
            Some(true)
        );
        assert_eq!(
            still_employed(&job, Milestone::Months12, date(2024, 4, 30)),
            None
        );
        let ended = hire(date(2024, 1, 31), Some(date(2025, 1, 30)));
        assert_eq!(
            still_employed(&ended, Milestone::Months12, date(2026, 1, 1)),
            Some(false)
        );
        let ended_on_the_day = hire(date(2024, 1, 31), Some(date(2025, 1, 31)));
        assert_eq!(
            still_employed(&ended_on_the_day, Milestone::Months12, date(2026, 1, 1)),
            Some(true)
        );
        assert_eq!(
            still_employed(&ended_on_the_day, Milestone::Months24, date(2026, 1, 31)),
            Some(false)
        );
    }

    #[test]
    fn a_hire_is_checked() {
        let today = date(2025, 1, 1);
        assert_eq!(hire(today, None).check(today), Ok(()));
        let mut job = hire(today, Some(date(2024, 12, 31)));
        assert!(matches!(
            job.check(today),
            Err(HireError::EndsBeforeStart(_))
        ));
        job.ended_on = None;
        job.hours_per_week = 0;
        assert_eq!(job.check(today), Err(HireError::Hours));
        assert!(matches!(
            hire(date(2025, 1, 2), None).check(today),
            Err(HireError::InTheFuture(_))
        ));
    }

    #[test]
    fn fade_out_reduces_contact_step_by_step() {
        let step = |m, contacts| FadeOutStep {
            from: date(2025, m, 1),
            contacts_per_month: contacts,
        };
        let agreed = date(2025, 1, 1);
        let plan =
            FadeOutPlan::new(agreed, vec![step(1, 8), step(3, 4), step(6, 1), step(9, 0)]).unwrap();
        assert_eq!(plan.current(date(2024, 12, 31)), None);
        assert_eq!(
            plan.current(date(2025, 4, 15))
                .map(|s| s.contacts_per_month),
            Some(4)
        );
        assert_eq!(
            plan.current(date(2030, 1, 1)).map(|s| s.contacts_per_month),
            Some(0)
        );
        assert_eq!(FadeOutPlan::new(agreed, vec![]), Err(FadeOutError::NoSteps));
        assert!(matches!(
            FadeOutPlan::new(agreed, vec![step(1, 4), step(3, 4)]),
            Err(FadeOutError::NotReduced(_))
        ));
        assert!(matches!(
            FadeOutPlan::new(agreed, vec![step(3, 4), step(1, 2)]),
            Err(FadeOutError::NotInOrder(_))
        ));
        assert!(matches!(
            FadeOutPlan::new(date(2025, 2, 1), vec![step(1, 4)]),
            Err(FadeOutError::StartsBeforeAgreement(_))
        ));
    }

    #[test]
    fn onboarding_lists_what_is_left() {
        let onboarding = Onboarding {
            done: vec![(OnboardingItem::Pay, date(2025, 1, 2))],
            mentor: "Kari på lageret".to_owned(),
        };
        assert_eq!(
            onboarding.open_items(),
            [
                OnboardingItem::ReportingAbsence,
                OnboardingItem::Breaks,
                OnboardingItem::Shifts
            ]
        );
    }
}
