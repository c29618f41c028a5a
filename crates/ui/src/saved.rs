//! Every save says what happened: a form that is saved leads back to its
//! page (post/redirect/get) with `?lagret=<what>#<where>`, and the page
//! shows the confirmation at its top with a link to what was saved.

use crate::texts::Texts;

/// What a form saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmation {
    PlanSaved,
    PlanShared,
    InvitationSent,
    AnswerSent,
    MinutesSent,
    RequestSent,
    ActivityRecorded,
    TaskDecided,
    TaskTaken,
    TaskReturned,
    NoteSaved,
    GuidanceSuggested,
    PlanAnswered,
    /// The worker's answer to an invitation, on their own page.
    MeetingAnswered,
    /// The worker's request for a meeting, on their own page.
    MeetingAsked,
    /// The organiser moved an invitation to a new time.
    MeetingMoved,
    /// The organiser cancelled an invitation.
    MeetingCancelled,
}

impl Confirmation {
    const ALL: [Confirmation; 17] = [
        Confirmation::PlanSaved,
        Confirmation::PlanShared,
        Confirmation::InvitationSent,
        Confirmation::AnswerSent,
        Confirmation::MinutesSent,
        Confirmation::RequestSent,
        Confirmation::ActivityRecorded,
        Confirmation::TaskDecided,
        Confirmation::TaskTaken,
        Confirmation::TaskReturned,
        Confirmation::NoteSaved,
        Confirmation::GuidanceSuggested,
        Confirmation::PlanAnswered,
        Confirmation::MeetingAnswered,
        Confirmation::MeetingAsked,
        Confirmation::MeetingMoved,
        Confirmation::MeetingCancelled,
    ];

    /// The value of `lagret`.
    pub fn as_str(self) -> &'static str {
        match self {
            Confirmation::PlanSaved => "plan",
            Confirmation::PlanShared => "plan-delt",
            Confirmation::InvitationSent => "innkalling",
            Confirmation::AnswerSent => "svar",
            Confirmation::MinutesSent => "referat",
            Confirmation::RequestSent => "be-om-mote",
            Confirmation::ActivityRecorded => "aktivitetskrav",
            Confirmation::TaskDecided => "oppgave",
            Confirmation::TaskTaken => "tatt",
            Confirmation::TaskReturned => "gitt-tilbake",
            Confirmation::NoteSaved => "notat",
            Confirmation::GuidanceSuggested => "veiledning-foreslatt",
            Confirmation::PlanAnswered => "plan-svar",
            Confirmation::MeetingAnswered => "mote-svar",
            Confirmation::MeetingAsked => "mote-onske",
            Confirmation::MeetingMoved => "flyttet",
            Confirmation::MeetingCancelled => "avlyst",
        }
    }

    pub fn parse(text: &str) -> Option<Confirmation> {
        Confirmation::ALL
            .into_iter()
            .find(|saved| saved.as_str() == text)
    }

    /// The confirmation.
    pub fn message(self, t: &'static Texts) -> &'static str {
        let s = &t.saved;
        match self {
            Confirmation::PlanSaved => s.plan_saved,
            Confirmation::PlanShared => s.plan_shared,
            Confirmation::InvitationSent => s.invitation_sent,
            Confirmation::AnswerSent | Confirmation::MeetingAnswered => s.answer_sent,
            Confirmation::MinutesSent => s.minutes_sent,
            Confirmation::RequestSent | Confirmation::MeetingAsked => s.request_sent,
            Confirmation::ActivityRecorded => s.activity_recorded,
            Confirmation::TaskDecided => s.task_decided,
            Confirmation::TaskTaken => s.task_taken,
            Confirmation::TaskReturned => s.task_returned,
            Confirmation::NoteSaved => s.note_saved,
            Confirmation::GuidanceSuggested => s.guidance_suggested,
            Confirmation::PlanAnswered => s.plan_answered,
            Confirmation::MeetingMoved => t.meetings.saved_moved,
            Confirmation::MeetingCancelled => t.meetings.saved_cancelled,
        }
    }

    /// The id of the section where what was saved is shown, on the page
    /// the form leads back to.
    pub fn section(self) -> &'static str {
        match self {
            Confirmation::PlanSaved | Confirmation::PlanShared => "versions-heading",
            Confirmation::InvitationSent
            | Confirmation::AnswerSent
            | Confirmation::MeetingMoved
            | Confirmation::MeetingCancelled => "invitations-heading",
            Confirmation::MinutesSent => "minutes-heading",
            Confirmation::RequestSent => "requests-heading",
            Confirmation::ActivityRecorded => "activity-heading",
            // A closed task is listed with its reason among all tasks; a
            // task taken stays under "What needs doing now".
            Confirmation::TaskDecided => "tasks-heading",
            Confirmation::TaskTaken | Confirmation::TaskReturned => "what-now-heading",
            Confirmation::NoteSaved => "notes-heading",
            Confirmation::GuidanceSuggested => "guidance-heading",
            Confirmation::PlanAnswered => "plan-heading",
            Confirmation::MeetingAnswered => "meetings-heading",
            Confirmation::MeetingAsked => "request-heading",
        }
    }

    /// The address of `page` after this save: the confirmation, and the
    /// section where what was saved is shown.
    pub fn href(self, page: &str) -> String {
        format!("{page}?lagret={}#{}", self.as_str(), self.section())
    }
}

/// The confirmation a page shows, read from its query.
pub struct SavedView {
    pub message: &'static str,
    pub show: &'static str,
    /// `#section`.
    pub href: String,
}

/// The confirmation for a page's query (`lagret=…`), if any.
pub fn from_query(t: &'static Texts, query: Option<&str>) -> Option<SavedView> {
    let saved = query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("lagret="))
        .and_then(Confirmation::parse)?;
    Some(SavedView {
        message: saved.message(t),
        show: t.saved.show,
        href: format!("#{}", saved.section()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_save_reads_back_from_its_address_in_both_languages() {
        for saved in Confirmation::ALL {
            let href = saved.href("/person/1/moter");
            let query = href
                .split_once('?')
                .map(|(_, q)| q.split('#').next().unwrap_or(""));
            for t in [&crate::texts::NB, &crate::texts::EN] {
                let view = from_query(t, query).expect("a confirmation");
                assert_eq!(view.message, saved.message(t));
            }
        }
        assert!(from_query(&crate::texts::NB, Some("lagret=noe-annet")).is_none());
        assert!(from_query(&crate::texts::NB, None).is_none());
    }
}
