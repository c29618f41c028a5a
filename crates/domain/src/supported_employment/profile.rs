//! The vocational profile (yrkesprofil), written with the participant:
//! their wishes for the future first, then what they are interested in,
//! good at and have done, the tasks they can and cannot do now, the hours
//! they want and the adaptations they need. It is versioned; every version
//! is dated and says what it came from (a conversation, a workplace visit,
//! a work trial, or guidance profiles the person shared).

use chrono::NaiveDate;

use crate::casework::TaskList;

/// What a change of the profile came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProfileSource {
    Conversation,
    WorkplaceVisit,
    WorkTrial,
    /// The person's career-guidance profiles, shared with the specialist.
    GuidanceProfiles,
}

impl ProfileSource {
    pub const ALL: [ProfileSource; 4] = [
        ProfileSource::Conversation,
        ProfileSource::WorkplaceVisit,
        ProfileSource::WorkTrial,
        ProfileSource::GuidanceProfiles,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProfileSource::Conversation => "conversation",
            ProfileSource::WorkplaceVisit => "workplace_visit",
            ProfileSource::WorkTrial => "work_trial",
            ProfileSource::GuidanceProfiles => "guidance_profiles",
        }
    }

    pub fn parse(text: &str) -> Option<ProfileSource> {
        ProfileSource::ALL
            .into_iter()
            .find(|source| source.as_str() == text)
    }
}

/// Hours a week, from `min` to `max` (both 1–75).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Hours {
    min: u8,
    max: u8,
}

/// The most hours a week anyone is matched for.
pub const MAX_HOURS_A_WEEK: u8 = 75;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("hours: between 1 and {MAX_HOURS_A_WEEK} a week")]
    OutOfRange,
    #[error("hours: the fewest ({0}) is more than the most ({1})")]
    Reversed(u8, u8),
}

impl Hours {
    pub fn new(min: u8, max: u8) -> Result<Hours, HoursError> {
        if !(1..=MAX_HOURS_A_WEEK).contains(&min) || !(1..=MAX_HOURS_A_WEEK).contains(&max) {
            return Err(HoursError::OutOfRange);
        }
        if min > max {
            return Err(HoursError::Reversed(min, max));
        }
        Ok(Hours { min, max })
    }

    pub fn min(self) -> u8 {
        self.min
    }

    pub fn max(self) -> u8 {
        self.max
    }

    /// Whether the two ranges have an hour in common.
    pub fn overlaps(self, other: Hours) -> bool {
        self.min <= other.max && other.min <= self.max
    }
}

/// One version of the vocational profile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VocationalProfile {
    /// The participant's wishes for the future, in their words: first.
    pub wishes: String,
    /// What they are interested in (one a line).
    pub interests: TaskList,
    pub strengths: String,
    /// Work, school and other experience.
    pub experience: String,
    /// Tasks they can do now (the follow-up plan keeps the same list).
    pub can_do_now: TaskList,
    /// Tasks they cannot do now.
    pub cannot_do_now: TaskList,
    /// Hours a week they want to work.
    pub hours: Option<Hours>,
    /// Adaptations they need (one a line).
    pub adaptations: TaskList,
}

/// The longest text of one field.
pub const FIELD_MAX_CHARS: usize = 4_000;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProfileError {
    #[error("wishes: the profile starts with the participant's wishes for the future")]
    NoWishes,
    #[error("{0}: at most {FIELD_MAX_CHARS} characters")]
    TooLong(&'static str),
    #[error("changed_on: {0} is after today")]
    InTheFuture(NaiveDate),
}

impl VocationalProfile {
    /// Checks a version as saved on `changed_on`, `today`.
    pub fn check(&self, changed_on: NaiveDate, today: NaiveDate) -> Result<(), ProfileError> {
        if self.wishes.trim().is_empty() {
            return Err(ProfileError::NoWishes);
        }
        let texts = [
            ("wishes", self.wishes.clone()),
            ("interests", self.interests.to_text()),
            ("strengths", self.strengths.clone()),
            ("experience", self.experience.clone()),
            ("can_do_now", self.can_do_now.to_text()),
            ("cannot_do_now", self.cannot_do_now.to_text()),
            ("adaptations", self.adaptations.to_text()),
        ];
        if let Some((field, _)) = texts
            .iter()
            .find(|(_, text)| text.chars().count() > FIELD_MAX_CHARS)
        {
            return Err(ProfileError::TooLong(field));
        }
        if changed_on > today {
            return Err(ProfileError::InTheFuture(changed_on));
        }
        Ok(())
    }

    /// Takes in interests from the person's shared guidance profiles (e.g.
    /// the occupations suggested from their interest code), after those
    /// already written; repeats are left out.
    #[must_use]
    pub fn with_guidance_interests<'a>(
        &self,
        interests: impl IntoIterator<Item = &'a str>,
    ) -> VocationalProfile {
        let mut text = self.interests.to_text();
        for interest in interests {
            text.push('\n');
            text.push_str(interest);
        }
        VocationalProfile {
            interests: TaskList::from_text(&text),
            ..self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_starts_with_wishes_and_is_not_dated_ahead() {
        let today = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap();
        let mut profile = VocationalProfile::default();
        assert_eq!(profile.check(today, today), Err(ProfileError::NoWishes));
        profile.wishes = "Jobbe med dyr".to_owned();
        assert_eq!(profile.check(today, today), Ok(()));
        assert!(matches!(
            profile.check(today.succ_opt().unwrap(), today),
            Err(ProfileError::InTheFuture(_))
        ));
        profile.strengths = "x".repeat(FIELD_MAX_CHARS + 1);
        assert_eq!(
            profile.check(today, today),
            Err(ProfileError::TooLong("strengths"))
        );
    }

    #[test]
    fn guidance_interests_are_added_once() {
        let profile = VocationalProfile {
            wishes: "Ute".to_owned(),
            interests: TaskList::from_text("Dyr"),
            ..VocationalProfile::default()
        };
        let taken = profile.with_guidance_interests(["Gartner", "dyr"]);
        assert_eq!(taken.interests.tasks(), ["Dyr", "Gartner"]);
    }

    #[test]
    fn hours_are_a_range_within_a_week() {
        assert!(Hours::new(0, 10).is_err());
        assert!(Hours::new(10, 76).is_err());
        assert_eq!(Hours::new(20, 10), Err(HoursError::Reversed(20, 10)));
        let part = Hours::new(10, 20).unwrap();
        assert!(part.overlaps(Hours::new(20, 37).unwrap()));
        assert!(!part.overlaps(Hours::new(21, 37).unwrap()));
    }
}
