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

/// What the person's shared career guidance says that belongs in the
/// vocational profile, as lines of text (the caller words them from the
/// scored profiles and the action plan).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FromGuidance {
    /// Interests: the occupations and areas to talk about.
    pub interests: Vec<String>,
    /// Motivation: where the person thrives, is bored or stretched.
    pub motivation: Vec<String>,
    /// The desired situation: the wheel's largest gaps, the plan's goals.
    pub desired: Vec<String>,
}

/// `text` with the `lines` it does not already hold (compared without
/// regard to case and surrounding space) added on lines of their own.
fn with_lines(text: &str, lines: &[String]) -> String {
    let mut out = text.trim_end().to_owned();
    for line in lines.iter().map(|line| line.trim()) {
        let held = out
            .lines()
            .any(|existing| existing.trim().to_lowercase() == line.to_lowercase());
        if line.is_empty() || held {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

impl VocationalProfile {
    /// The next version with what the person's shared guidance says taken
    /// in: interests into interests, motivation after the strengths, the
    /// desired situation after the wishes; what the profile already holds
    /// is not repeated. `None` when nothing new would be added.
    pub fn with_guidance(&self, from: &FromGuidance) -> Option<VocationalProfile> {
        let interests: Vec<&str> = from.interests.iter().map(String::as_str).collect();
        let next = VocationalProfile {
            wishes: with_lines(&self.wishes, &from.desired),
            strengths: with_lines(&self.strengths, &from.motivation),
            ..self.with_guidance_interests(interests)
        };
        (next != *self).then_some(next)
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
    fn guidance_is_taken_in_once_and_nothing_new_is_no_version() {
        let profile = VocationalProfile {
            wishes: "Ute".to_owned(),
            strengths: "Tålmodig".to_owned(),
            interests: TaskList::from_text("Dyr"),
            ..VocationalProfile::default()
        };
        let from = FromGuidance {
            interests: vec!["Gartner".to_owned(), "dyr".to_owned()],
            motivation: vec!["Praktisk arbeid: i flyt".to_owned()],
            desired: vec!["Arbeid: fra 2 til 5".to_owned(), " ute ".to_owned()],
        };
        let taken = profile.with_guidance(&from).unwrap();
        assert_eq!(taken.interests.tasks(), ["Dyr", "Gartner"]);
        assert_eq!(taken.wishes, "Ute\nArbeid: fra 2 til 5");
        assert_eq!(taken.strengths, "Tålmodig\nPraktisk arbeid: i flyt");
        // Taking the same in again adds nothing.
        assert_eq!(taken.with_guidance(&from), None);
        assert_eq!(profile.with_guidance(&FromGuidance::default()), None);
        // An empty profile gets its wishes from the desired situation.
        let first = VocationalProfile::default().with_guidance(&from).unwrap();
        assert_eq!(first.wishes, "Arbeid: fra 2 til 5\nute");
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
