//! Supported Employment's words: the names of states, steps, activities,
//! sources and the rest in the reader's language, and the parsing the
//! pages' forms share.

use chrono::NaiveDate;
use tilbake_domain::supported_employment::{
    ActivityKind, DriftWarning, EndReason, Hours, MatchReason, Milestone, OnboardingItem,
    ParticipationState, Place, ProfileSource, Share, Step, StepSet,
};

use crate::texts::{fill, Texts};

pub fn state_name(t: &Texts, state: ParticipationState) -> &'static str {
    match state {
        ParticipationState::Referred => t.se.state_referred,
        ParticipationState::Queued => t.se.state_queued,
        ParticipationState::Active => t.se.state_active,
        ParticipationState::Ended => t.se.state_ended,
    }
}

pub fn end_reason_name(t: &Texts, reason: EndReason) -> &'static str {
    match reason {
        EndReason::Withdrawn => t.se.end_withdrawn,
        EndReason::Declined => t.se.end_declined,
        EndReason::ByAgreement => t.se.end_by_agreement,
        EndReason::ClosedByProvider => t.se.end_closed_by_provider,
    }
}

pub fn step_name(t: &Texts, step: Step) -> &'static str {
    match step {
        Step::Engagement => t.se.step_engagement,
        Step::VocationalProfile => t.se.step_vocational_profile,
        Step::JobFinding => t.se.step_job_finding,
        Step::EmployerEngagement => t.se.step_employer_engagement,
        Step::Support => t.se.step_support,
    }
}

/// The current steps, numbered: "2. Vocational profile …; 3. …".
pub fn steps_text(t: &Texts, steps: StepSet) -> String {
    let named: Vec<String> = steps
        .steps()
        .map(|step| format!("{}. {}", step.number(), step_name(t, step)))
        .collect();
    if named.is_empty() {
        t.se.none_yet.to_owned()
    } else {
        named.join("; ")
    }
}

pub fn kind_name(t: &Texts, kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::ParticipantMeeting => t.se.kind_participant_meeting,
        ActivityKind::EmployerContact => t.se.kind_employer_contact,
        ActivityKind::WorkplaceVisit => t.se.kind_workplace_visit,
        ActivityKind::WorkTrial => t.se.kind_work_trial,
        ActivityKind::FollowUpAtWork => t.se.kind_follow_up_at_work,
        ActivityKind::CareerTalk => t.se.kind_career_talk,
    }
}

pub fn place_name(t: &Texts, place: Place) -> &'static str {
    match place {
        Place::Office => t.se.place_office,
        Place::Out => t.se.place_out,
    }
}

pub fn source_name(t: &Texts, source: ProfileSource) -> &'static str {
    match source {
        ProfileSource::Conversation => t.se.source_conversation,
        ProfileSource::WorkplaceVisit => t.se.source_workplace_visit,
        ProfileSource::WorkTrial => t.se.source_work_trial,
        ProfileSource::GuidanceProfiles => t.se.source_guidance_profiles,
    }
}

pub fn milestone_name(t: &Texts, milestone: Milestone) -> &'static str {
    match milestone {
        Milestone::Months3 => t.se.milestone_months_3,
        Milestone::Months12 => t.se.milestone_months_12,
        Milestone::Months24 => t.se.milestone_months_24,
    }
}

pub fn item_name(t: &Texts, item: OnboardingItem) -> &'static str {
    match item {
        OnboardingItem::ReportingAbsence => t.se.item_reporting_absence,
        OnboardingItem::Breaks => t.se.item_breaks,
        OnboardingItem::Pay => t.se.item_pay,
        OnboardingItem::Shifts => t.se.item_shifts,
    }
}

pub fn warning_text(t: &Texts, warning: DriftWarning) -> String {
    match warning {
        DriftWarning::MeetingsBeforeEmployerContact { meetings } => {
            fill(t.se.warn_meetings, &[("meetings", &meetings)])
        }
        DriftWarning::MappingWithoutEmployerContact { days, long: false } => {
            fill(t.se.warn_mapping, &[("days", &days)])
        }
        DriftWarning::MappingWithoutEmployerContact { days, long: true } => {
            fill(t.se.warn_mapping_long, &[("days", &days)])
        }
    }
}

pub fn hours_text(t: &Texts, hours: Hours) -> String {
    fill(
        t.se.hours_value,
        &[("min", &hours.min()), ("max", &hours.max())],
    )
}

pub fn reason_text(t: &Texts, reason: &MatchReason) -> String {
    match reason {
        MatchReason::Interest { interest, task } => fill(
            t.se.match_interest,
            &[("interest", interest), ("task", task)],
        ),
        MatchReason::CanDo {
            task,
            employer_task,
        } => fill(
            t.se.match_can_do,
            &[("task", task), ("employer_task", employer_task)],
        ),
        MatchReason::Hours { wanted, offered } => fill(
            t.se.match_hours,
            &[
                ("wanted", &hours_text(t, *wanted)),
                ("offered", &hours_text(t, *offered)),
            ],
        ),
        MatchReason::Adaptation { needed, offered } => fill(
            t.se.match_adaptation,
            &[("needed", needed), ("offered", offered)],
        ),
    }
}

/// "3 of 4 (75 %)", or a dash with nothing to count.
pub fn share_text(t: &Texts, share: Share) -> String {
    match share.percent() {
        Some(percent) => fill(
            t.se.share_value,
            &[
                ("count", &share.count),
                ("of", &share.of),
                ("percent", &percent),
            ],
        ),
        None => t.se.not_computed.to_owned(),
    }
}

/// A date as the forms take it: `dd.mm.yyyy` or `yyyy-mm-dd`.
pub fn parse_day(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%d.%m.%Y")
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d"))
        .ok()
}

/// Hours as `from-to` (or one number for both); `None` for empty text,
/// `Some(Err)` for text that is not hours.
pub fn parse_hours(text: &str) -> Option<Result<Hours, ()>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let (min, max) = text.split_once(['-', '–']).unwrap_or((text, text));
    let parsed = min
        .trim()
        .parse::<u8>()
        .ok()
        .zip(max.trim().parse::<u8>().ok())
        .and_then(|(min, max)| Hours::new(min, max).ok())
        .ok_or(());
    Some(parsed)
}

/// The last value posted under `name`, trimmed ("" when missing).
pub fn posted_value<'p>(posted: &'p [(String, String)], name: &str) -> &'p str {
    posted
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.trim())
}

/// Every value posted under `name`.
pub fn posted_values<'p>(posted: &'p [(String, String)], name: &str) -> Vec<&'p str> {
    posted
        .iter()
        .filter(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_read_as_from_to_or_one_number_and_refuse_the_rest() {
        assert_eq!(parse_hours("10-20"), Some(Ok(Hours::new(10, 20).unwrap())));
        assert_eq!(parse_hours(" 15 "), Some(Ok(Hours::new(15, 15).unwrap())));
        assert_eq!(parse_hours(""), None);
        assert_eq!(parse_hours("20-10"), Some(Err(())));
        assert_eq!(parse_hours("80"), Some(Err(())));
        assert_eq!(parse_hours("ti"), Some(Err(())));
    }

    #[test]
    fn days_read_in_both_forms() {
        let day = NaiveDate::from_ymd_opt(2024, 6, 1).unwrap();
        assert_eq!(parse_day("01.06.2024"), Some(day));
        assert_eq!(parse_day("2024-06-01"), Some(day));
        assert_eq!(parse_day("1 juni"), None);
    }
}

/// A form that came back: the field in error (its control's id) and the
/// message, shown next to the field and in the page's error summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    /// The error summary's line: the field to link to and the message.
    pub fn summary(&self) -> (String, String) {
        (self.field.to_owned(), self.message.clone())
    }

    /// Whether the error is at `field` (the templates ask per field).
    pub fn at(&self, field: &str) -> bool {
        !self.message.is_empty() && self.field == field
    }
}
