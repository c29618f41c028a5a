//! Warnings where practice drifts from the method, after the seed study's
//! signs (Stø, Harder, Nyhagen & Andersen 2023, as cited in
//! `shared/seeds/001_2c70520ab48ff2ac.txt`): the first career guidance is
//! meant to take two to three meetings, much of it in dialogue with working
//! life; a long mapping phase of two to three months with little contact
//! with employers is described as negative.
//!
//! The exact edges chosen here:
//! - **meetings before employer contact**: a warning once *more than three*
//!   meetings with the participant ([`ActivityKind::ParticipantMeeting`])
//!   are dated before the first employer contact (any
//!   [`ActivityKind::is_employer_contact`]), or with none yet; a meeting on
//!   the day of the first employer contact is not before it. Three is the
//!   upper end of "two to three meetings".
//! - **mapping without employer contact**: with no employer contact yet, a
//!   warning from day [`MAPPING_WARNING_DAYS`] (60, "two months") after the
//!   agreement, and marked long from day [`MAPPING_LONG_DAYS`] (90, "three
//!   months"). Day 0 is the day of agreement.

use chrono::NaiveDate;

use super::participation::{Activity, ActivityKind};

/// The most meetings with the participant before the first employer contact
/// that raise no warning.
pub const MAX_MEETINGS_BEFORE_EMPLOYER_CONTACT: u32 = 3;

/// Days after agreement without employer contact from which mapping drifts.
pub const MAPPING_WARNING_DAYS: i64 = 60;

/// Days after agreement without employer contact from which mapping is long.
pub const MAPPING_LONG_DAYS: i64 = 90;

/// A sign of drift from the method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DriftWarning {
    /// More than three meetings with the participant before any employer
    /// contact: the mapping is front-loaded in the office.
    MeetingsBeforeEmployerContact { meetings: u32 },
    /// No employer contact `days` after the agreement; `long` from three months.
    MappingWithoutEmployerContact { days: i64, long: bool },
}

impl DriftWarning {
    pub fn as_str(self) -> &'static str {
        match self {
            DriftWarning::MeetingsBeforeEmployerContact { .. } => {
                "meetings_before_employer_contact"
            }
            DriftWarning::MappingWithoutEmployerContact { .. } => {
                "mapping_without_employer_contact"
            }
        }
    }
}

/// The first employer contact among the activities, if any.
pub fn first_employer_contact(activities: &[Activity]) -> Option<NaiveDate> {
    activities
        .iter()
        .filter(|activity| activity.kind.is_employer_contact())
        .map(|activity| activity.on)
        .min()
}

/// The drift warnings of a participant who agreed on `agreed_on`, from
/// their activities (any order) as of `today`; activities after `today`
/// are not counted.
pub fn drift_warnings(
    agreed_on: NaiveDate,
    activities: &[Activity],
    today: NaiveDate,
) -> Vec<DriftWarning> {
    let happened: Vec<&Activity> = activities
        .iter()
        .filter(|activity| activity.on <= today)
        .collect();
    let first_contact = happened
        .iter()
        .filter(|activity| activity.kind.is_employer_contact())
        .map(|activity| activity.on)
        .min();
    let meetings = happened
        .iter()
        .filter(|activity| {
            activity.kind == ActivityKind::ParticipantMeeting
                && first_contact.is_none_or(|first| activity.on < first)
        })
        .count();
    let meetings = u32::try_from(meetings).unwrap_or(u32::MAX);
    let mut warnings = Vec::new();
    if meetings > MAX_MEETINGS_BEFORE_EMPLOYER_CONTACT {
        warnings.push(DriftWarning::MeetingsBeforeEmployerContact { meetings });
    }
    if first_contact.is_none() {
        let days = (today - agreed_on).num_days();
        if days >= MAPPING_WARNING_DAYS {
            warnings.push(DriftWarning::MappingWithoutEmployerContact {
                days,
                long: days >= MAPPING_LONG_DAYS,
            });
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use chrono::Days;
    use proptest::prelude::*;

    use super::*;
    use crate::identity::Orgnr;
    use crate::supported_employment::participation::Place;

    fn day(n: u64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 6).unwrap() + Days::new(n)
    }

    fn activity(on: NaiveDate, kind: ActivityKind) -> Activity {
        Activity {
            on,
            kind,
            place: Place::Office,
            employer: kind
                .needs_employer()
                .then(|| Orgnr::parse("910000004").unwrap()),
            note: String::new(),
        }
    }

    fn meetings(n: u64) -> Vec<Activity> {
        (0..n)
            .map(|i| activity(day(i * 7), ActivityKind::ParticipantMeeting))
            .collect()
    }

    #[test]
    fn three_meetings_before_employer_contact_are_the_method_four_are_drift() {
        let today = day(30);
        assert_eq!(drift_warnings(day(0), &meetings(3), today), []);
        assert_eq!(
            drift_warnings(day(0), &meetings(4), today),
            [DriftWarning::MeetingsBeforeEmployerContact { meetings: 4 }]
        );
    }

    #[test]
    fn meetings_on_or_after_the_first_employer_contact_do_not_count() {
        let mut activities = meetings(3);
        // The first employer contact on the day of the fourth meeting.
        activities.push(activity(day(21), ActivityKind::EmployerContact));
        activities.push(activity(day(21), ActivityKind::ParticipantMeeting));
        activities.push(activity(day(28), ActivityKind::ParticipantMeeting));
        assert_eq!(drift_warnings(day(0), &activities, day(40)), []);
        // One day later, the fourth meeting is before it.
        activities.push(activity(day(20), ActivityKind::ParticipantMeeting));
        assert_eq!(
            drift_warnings(day(0), &activities, day(40)),
            [DriftWarning::MeetingsBeforeEmployerContact { meetings: 4 }]
        );
    }

    #[test]
    fn mapping_without_employer_contact_warns_from_day_60_and_is_long_from_day_90() {
        let agreed = day(0);
        let none: Vec<Activity> = Vec::new();
        assert_eq!(drift_warnings(agreed, &none, day(59)), []);
        assert_eq!(
            drift_warnings(agreed, &none, day(60)),
            [DriftWarning::MappingWithoutEmployerContact {
                days: 60,
                long: false
            }]
        );
        assert_eq!(
            drift_warnings(agreed, &none, day(89)),
            [DriftWarning::MappingWithoutEmployerContact {
                days: 89,
                long: false
            }]
        );
        assert_eq!(
            drift_warnings(agreed, &none, day(90)),
            [DriftWarning::MappingWithoutEmployerContact {
                days: 90,
                long: true
            }]
        );
        // One employer contact, however late, ends the warning.
        let contact = [activity(day(85), ActivityKind::WorkplaceVisit)];
        assert_eq!(drift_warnings(agreed, &contact, day(120)), []);
        // A contact logged for a later day does not count yet.
        assert_eq!(
            drift_warnings(agreed, &contact, day(84)),
            [DriftWarning::MappingWithoutEmployerContact {
                days: 84,
                long: false
            }]
        );
    }

    proptest! {
        /// With an employer contact on or before the agreement's day 0 and
        /// no meetings before it, nothing drifts, whatever else is logged.
        #[test]
        fn an_early_employer_contact_leaves_no_warning(
            kinds in proptest::collection::vec(0..ActivityKind::ALL.len(), 0..40),
            today in 0_u64..400,
        ) {
            let mut activities = vec![activity(day(0), ActivityKind::EmployerContact)];
            for (i, kind) in kinds.into_iter().enumerate() {
                activities.push(activity(day(i as u64), ActivityKind::ALL[kind]));
            }
            prop_assert_eq!(drift_warnings(day(0), &activities, day(today)), []);
        }

        /// The meeting warning counts exactly the meetings before the first contact.
        #[test]
        fn the_meeting_warning_counts_meetings_before_the_first_contact(
            n_before in 0_u64..10, contact_day in 0_u64..100,
        ) {
            let mut activities: Vec<Activity> = (0..n_before)
                .map(|_| activity(day(contact_day), ActivityKind::ParticipantMeeting))
                .collect();
            for activity in &mut activities { activity.on = day(0); }
            activities.push(activity(day(contact_day + 1), ActivityKind::EmployerContact));
            let warned = drift_warnings(day(0), &activities, day(contact_day + 1))
                .contains(&DriftWarning::MeetingsBeforeEmployerContact { meetings: n_before as u32 });
            prop_assert_eq!(warned, n_before > 3);
        }
    }
}
