//! "Lederen din og NAV-veilederen din leser dette": told beside every field
//! the worker writes in about themself, before they send it. Who reads it
//! is the access policy's answer (`policy::readers_of_own`) for the
//! document the form would send, never a list kept per page.

use chrono::NaiveDate;
use tilbake_domain::access::policy::readers_of_own;
use tilbake_domain::casework::{
    CaseworkDocument, MeetingAnswer, MeetingAnswerKind, MeetingRequest, Participant, PlanResponse,
};
use tilbake_domain::document::{Document, DocumentBody, MeetingNumber};
use tilbake_domain::identity::Fnr;

use crate::form::FormFields;
use crate::texts::{fill, Texts};

/// What the worker's form would send, as far as who reads it depends on it.
#[derive(Clone, Copy)]
pub enum Draft<'a> {
    /// A comment on this plan version (its document id).
    PlanComment(&'a str),
    /// An answer, with a comment, to this invitation (its document id).
    Answer(&'a str),
    /// A request for a meeting, with the reason.
    Request,
}

/// The sentence that names who reads what the worker sends.
pub fn readers_sentence(
    t: &Texts,
    person: &Fnr,
    documents: &[&Document],
    draft: Draft<'_>,
    today: NaiveDate,
) -> String {
    let body = match draft {
        Draft::PlanComment(plan) => CaseworkDocument::PlanResponse(PlanResponse {
            plan: plan.to_owned(),
            date: today,
            approved: false,
            comment: String::new(),
        }),
        Draft::Answer(invitation) => CaseworkDocument::MeetingAnswer(MeetingAnswer {
            invitation: invitation.to_owned(),
            participant: Participant::Worker,
            answer: MeetingAnswerKind::Accept,
            comment: String::new(),
        }),
        Draft::Request => CaseworkDocument::MeetingRequest(MeetingRequest {
            meeting: MeetingNumber::Three,
            date: today,
            by: Participant::Worker,
            reason: String::new(),
        }),
    };
    let draft = Document {
        person: *person,
        id: "draft".to_owned(),
        unit: None,
        body: DocumentBody::Casework(body),
        diagnosis: None,
        gp: None,
    };
    sentence(t, &readers_of_own(documents, &draft))
}

fn sentence(t: &Texts, readers: &[Participant]) -> String {
    let m = &t.meetings;
    let names: Vec<&str> = readers
        .iter()
        .filter_map(|reader| match reader {
            Participant::Manager => Some(m.reader_manager),
            Participant::Gp => Some(m.reader_gp),
            Participant::Nav => Some(m.reader_nav),
            Participant::Worker => None,
        })
        .collect();
    let who = match names.as_slice() {
        [] => return m.readers_none.to_owned(),
        [only] => (*only).to_owned(),
        [first @ .., last] => format!("{} {} {last}", first.join(", "), m.reader_and),
    };
    let mut characters = who.chars();
    let who = characters.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(characters).collect()
    });
    fill(m.readers, &[("who", &who)])
}

/// Adds the sentence to the hint of the field named `name`.
pub fn tell_readers(form: &mut FormFields, name: &str, sentence: &str) {
    for field in form.fields.iter_mut().filter(|field| field.name == name) {
        field.hint = if field.hint.is_empty() {
            sentence.to_owned()
        } else {
            format!("{} {sentence}", field.hint)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readers_are_named_in_one_plain_sentence() {
        let nb = &crate::texts::NB;
        assert_eq!(
            sentence(nb, &[Participant::Manager, Participant::Nav]),
            "Lederen din og NAV-veilederen din leser dette."
        );
        assert_eq!(
            sentence(
                nb,
                &[Participant::Manager, Participant::Gp, Participant::Nav]
            ),
            "Lederen din, fastlegen din og NAV-veilederen din leser dette."
        );
        assert_eq!(
            sentence(&crate::texts::EN, &[Participant::Nav]),
            "Your NAV adviser will read this."
        );
    }
}
