//! Events: what happened to a person's follow-up, as the store's outbox
//! records it in the same transaction as the change (a document stored, a
//! task opened, closed or coming due, a milestone reached, the action plan
//! of career guidance shared), the owners of webhook subscribers, and the
//! topics of the notifications a party gets.
//!
//! It is not the place for who may see an event or who is told of it: the
//! access policy decides both (`access::policy::event_shown`, `told`). An
//! event names kinds and ids, never content: no diagnosis, no text.

use crate::identity::{Fnr, Orgnr};
use crate::tasks::TaskKind;

/// What kind of thing happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// A document was stored (its kind and id are the subject and reference).
    DocumentStored,
    /// A task of a work queue was opened.
    TaskOpened,
    /// A task was done or found not needed.
    TaskClosed,
    /// An open task's due date is near.
    TaskDueSoon,
    /// An open task's due date has passed.
    TaskOverdue,
    /// A statutory milestone of a case was reached (its date has come).
    MilestoneReached,
    /// The person shared their action plan of career guidance with a party.
    GuidancePlanShared,
}

impl EventKind {
    pub const ALL: [EventKind; 7] = [
        EventKind::DocumentStored,
        EventKind::TaskOpened,
        EventKind::TaskClosed,
        EventKind::TaskDueSoon,
        EventKind::TaskOverdue,
        EventKind::MilestoneReached,
        EventKind::GuidancePlanShared,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::DocumentStored => "document_stored",
            EventKind::TaskOpened => "task_opened",
            EventKind::TaskClosed => "task_closed",
            EventKind::TaskDueSoon => "task_due_soon",
            EventKind::TaskOverdue => "task_overdue",
            EventKind::MilestoneReached => "milestone_reached",
            EventKind::GuidancePlanShared => "guidance_plan_shared",
        }
    }

    pub fn parse(text: &str) -> Option<EventKind> {
        EventKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }

    /// Whether the event is about a task (its subject is the task kind).
    pub fn is_task(self) -> bool {
        matches!(
            self,
            EventKind::TaskOpened
                | EventKind::TaskClosed
                | EventKind::TaskDueSoon
                | EventKind::TaskOverdue
        )
    }
}

/// One event of the outbox, as sequenced: `position` increases with every
/// event and is the id a receiver deduplicates on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxEvent {
    pub position: i64,
    pub person: Fnr,
    pub kind: EventKind,
    /// The document kind, task kind, milestone kind, or the party a plan was shared with.
    pub subject: String,
    /// The document id, task id, case start (`YYYY-MM-DD`), or the shared document.
    pub reference: String,
    /// A task's owner (`employer`, `nav`); a certificate's employer.
    pub owner: Option<String>,
    /// Milliseconds since the Unix epoch when the event was sequenced.
    pub at: i64,
}

impl OutboxEvent {
    /// The task kind of a task event.
    pub fn task_kind(&self) -> Option<TaskKind> {
        if self.kind.is_task() {
            TaskKind::parse(&self.subject)
        } else {
            None
        }
    }
}

/// Who owns a webhook subscriber: an employer's HR system, a career
/// centre, or a Supported Employment provider.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SubscriberOwner {
    Employer(Orgnr),
    CareerCentre(Orgnr),
    SeProvider(Orgnr),
}

impl SubscriberOwner {
    pub const KINDS: [&'static str; 3] = ["employer", "career_centre", "se_provider"];

    pub fn kind_str(self) -> &'static str {
        match self {
            SubscriberOwner::Employer(_) => "employer",
            SubscriberOwner::CareerCentre(_) => "career_centre",
            SubscriberOwner::SeProvider(_) => "se_provider",
        }
    }

    pub fn organisation(self) -> Orgnr {
        match self {
            SubscriberOwner::Employer(orgnr)
            | SubscriberOwner::CareerCentre(orgnr)
            | SubscriberOwner::SeProvider(orgnr) => orgnr,
        }
    }

    /// From its kind and organisation number.
    pub fn new(kind: &str, organisation: Orgnr) -> Option<SubscriberOwner> {
        match kind {
            "employer" => Some(SubscriberOwner::Employer(organisation)),
            "career_centre" => Some(SubscriberOwner::CareerCentre(organisation)),
            "se_provider" => Some(SubscriberOwner::SeProvider(organisation)),
            _ => None,
        }
    }

    /// `KIND:ORGNR`, as `tilbake admin webhook add --owner` takes it.
    pub fn parse(text: &str) -> Option<SubscriberOwner> {
        let (kind, organisation) = text.split_once(':')?;
        SubscriberOwner::new(kind, Orgnr::parse(organisation).ok()?)
    }
}

/// What a notification tells its reader waits for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Topic {
    /// The manager's follow-up plan is due (or overdue).
    PlanDue,
    /// The manager's dialogue meeting 1 is due (or overdue).
    MeetingDue,
    /// Another of the employer's tasks (what the minutes agreed) is due.
    TaskDue,
    /// An invitation to a dialogue meeting.
    Invitation,
    /// An answer to an invitation the reader sent.
    Answer,
    /// The minutes of a meeting the reader took part in.
    Minutes,
    /// A request for a dialogue meeting the reader holds.
    Request,
    /// A new version of the follow-up plan to read and answer.
    PlanVersion,
    /// The worker's answer to the plan.
    PlanResponse,
    /// The person shared their action plan of career guidance.
    GuidancePlanShared,
    /// A meeting the reader was invited to was moved or cancelled.
    MeetingChanged,
}

impl Topic {
    pub const ALL: [Topic; 11] = [
        Topic::PlanDue,
        Topic::MeetingDue,
        Topic::TaskDue,
        Topic::Invitation,
        Topic::Answer,
        Topic::Minutes,
        Topic::Request,
        Topic::PlanVersion,
        Topic::PlanResponse,
        Topic::GuidancePlanShared,
        Topic::MeetingChanged,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Topic::PlanDue => "plan_due",
            Topic::MeetingDue => "meeting_due",
            Topic::TaskDue => "task_due",
            Topic::Invitation => "invitation",
            Topic::Answer => "answer",
            Topic::Minutes => "minutes",
            Topic::Request => "request",
            Topic::PlanVersion => "plan_version",
            Topic::PlanResponse => "plan_response",
            Topic::GuidancePlanShared => "guidance_plan_shared",
            Topic::MeetingChanged => "meeting_changed",
        }
    }

    pub fn parse(text: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|topic| topic.as_str() == text)
    }
}

/// How a user wants to hear of notifications by e-mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailChoice {
    /// One e-mail per notification.
    Each,
    /// One e-mail a day that groups the day's notifications.
    Digest,
    /// No e-mail; the bell only.
    None,
}

impl EmailChoice {
    pub const ALL: [EmailChoice; 3] = [EmailChoice::Each, EmailChoice::Digest, EmailChoice::None];

    pub fn as_str(self) -> &'static str {
        match self {
            EmailChoice::Each => "each",
            EmailChoice::Digest => "digest",
            EmailChoice::None => "none",
        }
    }

    pub fn parse(text: &str) -> Option<EmailChoice> {
        EmailChoice::ALL
            .into_iter()
            .find(|choice| choice.as_str() == text)
    }
}

/// The wait before the `attempt`-th retry of a failed delivery (from 1):
/// doubling from 2 seconds, at most an hour, so a receiver that is down
/// for a while is not hammered and one that comes back is soon served.
pub fn retry_backoff_millis(attempt: u32) -> i64 {
    const FIRST_MILLIS: i64 = 2_000;
    const MOST_MILLIS: i64 = 60 * 60 * 1_000;
    let doublings = attempt.saturating_sub(1).min(20);
    FIRST_MILLIS
        .saturating_mul(1_i64 << doublings)
        .min(MOST_MILLIS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn every_kind_topic_and_choice_reads_back_from_its_name() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::parse(kind.as_str()), Some(kind));
        }
        for topic in Topic::ALL {
            assert_eq!(Topic::parse(topic.as_str()), Some(topic));
        }
        for choice in EmailChoice::ALL {
            assert_eq!(EmailChoice::parse(choice.as_str()), Some(choice));
        }
        assert_eq!(EventKind::parse("nothing"), None);
    }

    #[test]
    fn an_owner_is_read_as_kind_and_organisation_number() {
        let owner = SubscriberOwner::parse("employer:974087782").unwrap();
        assert_eq!(owner.kind_str(), "employer");
        assert_eq!(owner.organisation().to_string(), "974087782");
        assert!(SubscriberOwner::parse("employer:123").is_none());
        assert!(SubscriberOwner::parse("bank:974087782").is_none());
        assert!(SubscriberOwner::parse("974087782").is_none());
    }

    #[test]
    fn the_backoff_doubles_from_two_seconds_to_at_most_an_hour() {
        assert_eq!(retry_backoff_millis(1), 2_000);
        assert_eq!(retry_backoff_millis(2), 4_000);
        assert_eq!(retry_backoff_millis(3), 8_000);
        assert_eq!(retry_backoff_millis(40), 3_600_000);
    }

    proptest! {
        #[test]
        fn the_backoff_never_shrinks_and_stays_within_bounds(attempt in 0u32..10_000) {
            let wait = retry_backoff_millis(attempt);
            prop_assert!((2_000..=3_600_000).contains(&wait));
            prop_assert!(retry_backoff_millis(attempt + 1) >= wait);
        }
    }
}
