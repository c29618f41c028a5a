//! Who will read what the worker writes about themself (a comment on a
//! plan, an answer to an invitation, a request for a meeting), asked of the
//! same rules that decide what each party sees, so a page tells the worker
//! before they send it and never says more or less than the policy.

use chrono::NaiveDate;

use super::person_view;
use crate::access::{Principal, Role};
use crate::casework::{participant_of, CaseworkDocument, Participant};
use crate::document::{Document, DocumentBody};
use crate::identity::Orgnr;

/// The statutory parties of a person's follow-up, besides the person.
const PARTIES: [Role; 3] = [Role::Manager, Role::Gp, Role::Caseworker];

/// Any employer: which one a manager works for decides which certificates
/// they see, never which case work.
const ANY_EMPLOYER: &str = "889640782";

/// The parties (among the manager, the GP and NAV) who read `draft`, a
/// document the worker is about to send, given the person's documents so
/// far (in the order received). A comment on a plan version is counted as
/// read by those who will see it once the manager shares the plan again,
/// which is how the plan reaches the GP and NAV.
pub fn readers_of_own(documents: &[&Document], draft: &Document) -> Vec<Participant> {
    let mut all: Vec<&Document> = documents.to_vec();
    all.push(draft);
    let shared_later = Document {
        id: format!("{}+shared", draft.id),
        body: DocumentBody::Casework(CaseworkDocument::PlanShared {
            date: NaiveDate::MIN,
        }),
        ..draft.clone()
    };
    if matches!(
        draft.body,
        DocumentBody::Casework(CaseworkDocument::PlanResponse(_))
    ) {
        all.push(&shared_later);
    }
    let draft_index = documents.len();
    PARTIES
        .into_iter()
        .filter(|role| {
            let principal = Principal {
                user_id: 0,
                username: String::new(),
                role: *role,
                unit: None,
                employer: Orgnr::parse(ANY_EMPLOYER).ok(),
                person: None,
                gp_id: None,
                protected_address_access: false,
            };
            person_view(&principal, None)
                .is_some_and(|view| view.shown(&all).get(draft_index).copied().unwrap_or(false))
        })
        .filter_map(participant_of)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casework::{
        MeetingAnswer, MeetingAnswerKind, MeetingInvitation, MeetingRequest, PlanResponse,
    };
    use crate::document::MeetingNumber;
    use crate::identity::Fnr;

    fn document(id: &str, body: CaseworkDocument) -> Document {
        Document {
            person: Fnr::parse("15438510092").unwrap(),
            id: id.to_owned(),
            unit: None,
            body: DocumentBody::Casework(body),
            diagnosis: None,
            gp: None,
        }
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn invitation(meeting: u8, participants: Vec<Participant>) -> Document {
        document(
            "inv",
            CaseworkDocument::MeetingInvitation(MeetingInvitation {
                meeting: MeetingNumber::parse(i64::from(meeting)).unwrap(),
                at: day().and_hms_opt(10, 0, 0).unwrap(),
                place: "NAV".to_owned(),
                video: false,
                participants,
                message: String::new(),
                replaces: None,
            }),
        )
    }

    fn answer() -> Document {
        document(
            "answer",
            CaseworkDocument::MeetingAnswer(MeetingAnswer {
                invitation: "inv".to_owned(),
                participant: Participant::Worker,
                answer: MeetingAnswerKind::Accept,
                comment: "Passer fint.".to_owned(),
            }),
        )
    }

    #[test]
    fn an_answer_is_read_by_whom_its_invitation_went_and_nav() {
        let without_gp = invitation(2, vec![Participant::Worker, Participant::Manager]);
        assert_eq!(
            readers_of_own(&[&without_gp], &answer()),
            vec![Participant::Manager, Participant::Nav]
        );
        let with_gp = invitation(
            2,
            vec![Participant::Worker, Participant::Manager, Participant::Gp],
        );
        assert_eq!(
            readers_of_own(&[&with_gp], &answer()),
            vec![Participant::Manager, Participant::Gp, Participant::Nav]
        );
    }

    #[test]
    fn a_request_and_a_plan_comment_reach_every_party() {
        let request = document(
            "request",
            CaseworkDocument::MeetingRequest(MeetingRequest {
                meeting: MeetingNumber::parse(3).unwrap(),
                date: day(),
                by: Participant::Worker,
                reason: "Trenger hjelp.".to_owned(),
            }),
        );
        let all = vec![Participant::Manager, Participant::Gp, Participant::Nav];
        assert_eq!(readers_of_own(&[], &request), all);
        let response = document(
            "response",
            CaseworkDocument::PlanResponse(PlanResponse {
                plan: "plan".to_owned(),
                date: day(),
                approved: false,
                comment: "Mindre løfting.".to_owned(),
            }),
        );
        assert_eq!(readers_of_own(&[], &response), all);
    }
}
