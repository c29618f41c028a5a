//! The guidance process: by default three sessions some weeks apart, which
//! a career centre can change, each with its purpose after the seed study:
//! first the relationship and the person's life areas (then the
//! self-assessments are sent), then the profiles together, then the gap
//! between today and the desired situation, energy, and the plan.

use chrono::{Days, NaiveDate};

/// How a career centre spaces its sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPlan {
    count: u8,
    spacing_days: u16,
}

/// Why a centre's session plan is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SessionPlanError {
    #[error("must be between 1 and {max}", max = SessionPlan::MAX_SESSIONS)]
    Count,
    #[error("must be between 1 and {max} days", max = SessionPlan::MAX_SPACING_DAYS)]
    Spacing,
}

impl SessionPlan {
    pub const DEFAULT: SessionPlan = SessionPlan {
        count: 3,
        spacing_days: 14,
    };
    pub const MAX_SESSIONS: u8 = 12;
    pub const MAX_SPACING_DAYS: u16 = 90;

    pub fn new(count: i64, spacing_days: i64) -> Result<SessionPlan, SessionPlanError> {
        let count = u8::try_from(count)
            .ok()
            .filter(|count| (1..=Self::MAX_SESSIONS).contains(count))
            .ok_or(SessionPlanError::Count)?;
        let spacing_days = u16::try_from(spacing_days)
            .ok()
            .filter(|days| (1..=Self::MAX_SPACING_DAYS).contains(days))
            .ok_or(SessionPlanError::Spacing)?;
        Ok(SessionPlan {
            count,
            spacing_days,
        })
    }

    pub fn count(self) -> u8 {
        self.count
    }

    pub fn spacing_days(self) -> u16 {
        self.spacing_days
    }

    /// The planned date of each session, the first on `first`.
    pub fn dates(self, first: NaiveDate) -> Vec<NaiveDate> {
        (0..u64::from(self.count))
            .map_while(|index| {
                first.checked_add_days(Days::new(index * u64::from(self.spacing_days)))
            })
            .collect()
    }
}

/// What a session is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionPurpose {
    /// The relationship, and mapping the person's life areas; afterwards
    /// the self-assessments are sent to the person.
    Mapping,
    /// The profiles, gone through together.
    Profiles,
    /// The gap between today and the desired situation, what gives and
    /// drains energy, and the plan.
    GapAndPlan,
    /// Sessions a centre adds beyond the three: following the plan up.
    FollowUp,
}

impl SessionPurpose {
    /// The purpose of session `number` (1-based) of `count`: the last of
    /// at least three is about the gap and the plan.
    pub fn of(number: u8, count: u8) -> SessionPurpose {
        match (number, count) {
            (1, _) => SessionPurpose::Mapping,
            // With only two sessions, the second does the work of the third.
            (2, 2) | (3, _) => SessionPurpose::GapAndPlan,
            (2, _) => SessionPurpose::Profiles,
            _ => SessionPurpose::FollowUp,
        }
    }
}

/// One session as planned or held.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub number: u8,
    pub planned_on: NaiveDate,
    pub held_on: Option<NaiveDate>,
}

/// The next session not yet held, if any.
pub fn next_session(sessions: &[Session]) -> Option<&Session> {
    sessions
        .iter()
        .filter(|session| session.held_on.is_none())
        .min_by_key(|session| (session.planned_on, session.number))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn three_sessions_two_weeks_apart_by_default() {
        assert_eq!(
            SessionPlan::DEFAULT.dates(date("2026-12-10")),
            [date("2026-12-10"), date("2026-12-24"), date("2027-01-07")]
        );
    }

    #[test]
    fn a_centre_s_plan_is_bounded() {
        assert_eq!(SessionPlan::new(0, 14), Err(SessionPlanError::Count));
        assert_eq!(SessionPlan::new(13, 14), Err(SessionPlanError::Count));
        assert_eq!(SessionPlan::new(3, 0), Err(SessionPlanError::Spacing));
        assert_eq!(SessionPlan::new(3, 91), Err(SessionPlanError::Spacing));
        assert_eq!(
            SessionPlan::new(4, 7)
                .unwrap()
                .dates(date("2026-01-01"))
                .len(),
            4
        );
    }

    #[test]
    fn the_purposes_follow_the_three_sessions() {
        assert_eq!(SessionPurpose::of(1, 3), SessionPurpose::Mapping);
        assert_eq!(SessionPurpose::of(2, 3), SessionPurpose::Profiles);
        assert_eq!(SessionPurpose::of(3, 3), SessionPurpose::GapAndPlan);
        assert_eq!(SessionPurpose::of(4, 5), SessionPurpose::FollowUp);
        assert_eq!(SessionPurpose::of(2, 2), SessionPurpose::GapAndPlan);
        assert_eq!(SessionPurpose::of(1, 1), SessionPurpose::Mapping);
    }

    #[test]
    fn the_next_session_is_the_first_not_held() {
        let sessions = [
            Session {
                number: 1,
                planned_on: date("2026-12-10"),
                held_on: Some(date("2026-12-10")),
            },
            Session {
                number: 2,
                planned_on: date("2026-12-24"),
                held_on: None,
            },
            Session {
                number: 3,
                planned_on: date("2027-01-07"),
                held_on: None,
            },
        ];
        assert_eq!(next_session(&sessions).map(|s| s.number), Some(2));
        assert_eq!(next_session(&sessions[..1]), None);
    }
}
