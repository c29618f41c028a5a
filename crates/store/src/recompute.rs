//! Pure helpers that both backends share: what a person's stored documents
//! and decisions derive to (follow-up, tasks, unit), who may send which kind
//! of document, and the text forms of dates.
//!
//! Nothing here touches a database; the store calls these inside its
//! transactions, so the rules for derived rows are written once.

use std::cell::RefCell;
use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use tilbake_domain::casework::CaseworkDocument;
use tilbake_domain::document::{Document, DocumentBody, DocumentKind};
use tilbake_domain::followup::{Event, Followup, FollowupEngine, FollowupError, BENEFIT_RULES};
use tilbake_domain::identity::{Fnr, UnitCode};
use tilbake_domain::register::PopulationRecord;
use tilbake_domain::tasks::{derive_tasks_with, Task, TaskDecision, TaskSettings, TaskUrgency};

use crate::StoreError;

/// Dates are stored as `YYYY-MM-DD` text, which sorts as the dates do.
const DATE_FORMAT: &str = "%Y-%m-%d";

/// The last date the store writes; the engine refuses dates beyond it.
const LAST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 31) {
    Some(date) => date,
    None => NaiveDate::MAX,
};

pub fn date_text(date: NaiveDate) -> String {
    date.format(DATE_FORMAT).to_string()
}

pub fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, DATE_FORMAT)
        .map_err(|_| corrupt(format!("'{text}' is not a date")))
}

/// `date + days`, kept within the calendar the store writes.
pub fn date_after(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .map_or(LAST_DATE, |later| later.min(LAST_DATE))
}

/// The last day a case still counts as open: a new certificate up to
/// `case_gap_days` after the end continues the same case (ftrl § 8-19).
pub fn open_until(case_end: NaiveDate) -> NaiveDate {
    tilbake_domain::tasks::case_open_until(case_end).min(LAST_DATE)
}

/// The last due date that counts as due soon on `today`.
pub fn due_soon_until(today: NaiveDate) -> NaiveDate {
    date_after(today, BENEFIT_RULES.due_soon_days.max(0).unsigned_abs())
}

/// A stored value that does not parse: the database was changed behind the
/// store's back.
pub fn corrupt(message: String) -> StoreError {
    StoreError::Database(sqlx::Error::Decode(message.into()))
}

/// The error for a correction or cancellation of a certificate that neither
/// the stored documents nor `new` itself is. (A certificate that corrects its
/// own id passes here, and the engine refuses it.)
pub fn missing_reference(new: &Document, stored: &[Document]) -> Option<StoreError> {
    if let DocumentBody::Casework(CaseworkDocument::WorkAbilityAddition(addition)) = &new.body {
        // The GP adds to an assessment this person has.
        let is_assessment = |document: &Document| {
            document.id == addition.assessment
                && matches!(
                    document.body,
                    DocumentBody::Casework(CaseworkDocument::WorkAbilityAssessment(_))
                )
        };
        return (!stored.iter().any(is_assessment)).then(|| StoreError::MissingReference {
            field: "assessment",
            what: "work-ability assessment",
            id: addition.assessment.clone(),
        });
    }
    let referenced = new.referenced_certificate()?;
    let is_certificate = |document: &Document| matches!(&document.body, DocumentBody::Followup(Event::SickLeave(sick_leave)) if sick_leave.id == referenced);
    if is_certificate(new) || stored.iter().any(is_certificate) {
        return None;
    }
    let field = if new.kind() == DocumentKind::Cancelled {
        "id"
    } else {
        "corrects"
    };
    Some(StoreError::MissingReference {
        field,
        what: "certificate",
        id: referenced.to_owned(),
    })
}

/// Everything derived from one person's documents and decisions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Derived {
    pub followup: Followup,
    pub tasks: Vec<Task>,
    /// The unit of the most recently stored document that names one, else `0000`.
    pub unit: UnitCode,
    /// The `seq` of that document, 0 when none names a unit.
    pub unit_set_by_seq: i64,
    /// The name and address of the latest `population_register` document.
    pub register: Option<PopulationRecord>,
}

thread_local! {
    /// The engine reuses its working memory; one per thread, used only
    /// between awaits.
    static ENGINE: RefCell<FollowupEngine> = RefCell::new(FollowupEngine::default());
}

/// The NAV offices (units) that hold early sessions in weeks 14 and 16, as
/// stored in `unit_settings`; read in the transaction that derives.
pub type EarlyUnits = BTreeSet<UnitCode>;

/// The task settings of the person's unit.
fn settings_of(unit: UnitCode, early_units: &EarlyUnits) -> TaskSettings {
    TaskSettings {
        early_sessions: early_units.contains(&unit),
    }
}

/// Recomputes a person from their documents in order of arrival (`seqs[i]`
/// is the `seq` of `documents[i]`) and their decisions in order; tasks of
/// cases that ended before `today` are closed; a person of a unit in
/// `early_units` gets the early sessions' tasks.
pub fn derive(
    person: &Fnr,
    documents: &[Document],
    seqs: &[i64],
    decisions: &[TaskDecision],
    today: NaiveDate,
    early_units: &EarlyUnits,
) -> Result<Derived, FollowupError> {
    let input = tilbake_domain::document::followup_input(documents, person.birth_date(), None);
    let followup = ENGINE.with(|engine| engine.borrow_mut().compute(&input))?;
    let (unit, unit_set_by_seq) = derive_unit(documents, seqs);
    let tasks = derive_tasks_with(
        &followup,
        documents,
        decisions,
        Some(today),
        settings_of(unit, early_units),
    );
    Ok(Derived {
        followup,
        tasks,
        unit,
        unit_set_by_seq,
        register: derive_register(documents),
    })
}

/// What a new case-work document changes: the tasks (and the unit, which
/// any document may name), over the follow-up derived before it, which a
/// case-work document cannot change.
pub fn derive_casework(
    previous: &Derived,
    documents: &[Document],
    seqs: &[i64],
    decisions: &[TaskDecision],
    today: NaiveDate,
    early_units: &EarlyUnits,
) -> Derived {
    let (unit, unit_set_by_seq) = derive_unit(documents, seqs);
    let tasks = derive_tasks_with(
        &previous.followup,
        documents,
        decisions,
        Some(today),
        settings_of(unit, early_units),
    );
    Derived {
        followup: previous.followup.clone(),
        tasks,
        unit,
        unit_set_by_seq,
        register: derive_register(documents),
    }
}

/// The latest `population_register` document's name and address: the
/// documents are in order of arrival, and the latest stored wins.
pub fn derive_register(documents: &[Document]) -> Option<PopulationRecord> {
    documents
        .iter()
        .rev()
        .find_map(|document| match &document.body {
            DocumentBody::Register(record) => Some(record.clone()),
            _ => None,
        })
}

/// The unit of the most recently stored document that names one, with its `seq`.
pub fn derive_unit(documents: &[Document], seqs: &[i64]) -> (UnitCode, i64) {
    documents
        .iter()
        .zip(seqs)
        .filter_map(|(document, seq)| document.unit.map(|unit| (unit, *seq)))
        .max_by_key(|(_, seq)| *seq)
        .unwrap_or((UnitCode::UNKNOWN, 0))
}

/// The `Invalid` error for an engine refusal.
pub fn invalid(error: &FollowupError) -> StoreError {
    StoreError::Invalid {
        field: error.field().to_owned(),
        message: error.to_string(),
    }
}

/// How urgent an open task is on `today`, as stored.
pub fn urgency_text(task: &Task, today: NaiveDate) -> Option<&'static str> {
    (task.state == tilbake_domain::tasks::TaskState::Open)
        .then(|| TaskUrgency::of(task.due, today).as_str())
}

#[cfg(test)]
mod tests {
    use tilbake_domain::followup::{DateRange, Grade, SickLeave};

    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, DATE_FORMAT).unwrap()
    }

    fn person() -> Fnr {
        Fnr::parse("15438510092").unwrap()
    }

    fn certificate(id: &str, corrects: Option<&str>, unit: Option<&str>) -> Document {
        Document {
            person: person(),
            id: id.to_owned(),
            unit: unit.map(|unit| UnitCode::parse(unit).unwrap()),
            body: DocumentBody::Followup(Event::SickLeave(SickLeave {
                id: id.to_owned(),
                period: DateRange::new(date("2024-01-01"), date("2024-03-31")).unwrap(),
                grade: Grade::FULL,
                employer: None,
                corrects: corrects.map(str::to_owned),
            })),
            diagnosis: None,
            gp: None,
        }
    }

    #[test]
    fn open_until_is_sixteen_days_after_the_end_and_never_beyond_the_calendar() {
        assert_eq!(open_until(date("2024-01-31")), date("2024-02-16"));
        assert_eq!(open_until(date("9999-12-30")), LAST_DATE);
        assert_eq!(date_text(LAST_DATE), "9999-12-31");
    }

    #[test]
    fn the_unit_is_that_of_the_latest_document_naming_one() {
        let documents = [
            certificate("s1", None, Some("0301")),
            certificate("s2", None, Some("1201")),
            certificate("s3", None, None),
        ];
        let derived = derive(
            &person(),
            &documents,
            &[1, 2, 3],
            &[],
            date("2024-06-01"),
            &EarlyUnits::new(),
        )
        .unwrap();
        assert_eq!(
            (derived.unit.to_string(), derived.unit_set_by_seq),
            ("1201".to_owned(), 2)
        );
        let derived = derive(
            &person(),
            &documents[2..],
            &[3],
            &[],
            date("2024-06-01"),
            &EarlyUnits::new(),
        )
        .unwrap();
        assert_eq!(
            (derived.unit, derived.unit_set_by_seq),
            (UnitCode::UNKNOWN, 0)
        );
    }

    #[test]
    fn case_work_derived_over_the_earlier_follow_up_equals_a_full_derivation() {
        let mut documents = vec![certificate("s1", None, Some("0301"))];
        let today = date("2024-06-01");
        let early = EarlyUnits::from([UnitCode::parse("0301").unwrap()]);
        let previous = derive(&person(), &documents, &[1], &[], today, &early).unwrap();
        documents.push(Document {
            person: person(),
            id: "p1".to_owned(),
            unit: None,
            body: DocumentBody::Casework(tilbake_domain::casework::CaseworkDocument::PlanShared {
                date: date("2024-01-20"),
            }),
            diagnosis: None,
            gp: None,
        });
        let seqs = [1, 2];
        assert_eq!(
            derive_casework(&previous, &documents, &seqs, &[], today, &early),
            derive(&person(), &documents, &seqs, &[], today, &early).unwrap()
        );
    }

    #[test]
    fn only_a_person_of_a_unit_with_early_sessions_gets_their_tasks() {
        let documents = [certificate("s1", None, Some("0301"))];
        let today = date("2024-06-01");
        let early_kinds = |early: &EarlyUnits| {
            derive(&person(), &documents, &[1], &[], today, early)
                .unwrap()
                .tasks
                .iter()
                .filter(|task| task.kind.early_session().is_some())
                .count()
        };
        assert_eq!(early_kinds(&EarlyUnits::new()), 0);
        assert_eq!(
            early_kinds(&EarlyUnits::from([UnitCode::parse("1201").unwrap()])),
            0
        );
        // The certificate runs to 31 March: week 14 starts on 1 April.
        let mut longer = documents.to_vec();
        longer.push(Document {
            id: "s2".to_owned(),
            body: DocumentBody::Followup(Event::SickLeave(SickLeave {
                id: "s2".to_owned(),
                period: DateRange::new(date("2024-04-01"), date("2024-04-30")).unwrap(),
                grade: Grade::FULL,
                employer: None,
                corrects: None,
            })),
            ..certificate("s2", None, None)
        });
        let early = EarlyUnits::from([UnitCode::parse("0301").unwrap()]);
        let derived = derive(&person(), &longer, &[1, 2], &[], today, &early).unwrap();
        assert_eq!(
            derived
                .tasks
                .iter()
                .filter(|task| task.kind.early_session().is_some())
                .count(),
            2
        );
    }

    #[test]
    fn a_correction_must_name_a_stored_certificate_or_itself() {
        let stored = [certificate("s1", None, None)];
        assert!(missing_reference(&certificate("s2", Some("s1"), None), &stored).is_none());
        assert!(missing_reference(&certificate("s2", Some("s2"), None), &stored).is_none());
        assert!(matches!(
            missing_reference(&certificate("s2", Some("s9"), None), &stored),
            Some(StoreError::MissingReference {
                field: "corrects",
                ..
            })
        ));
    }
}
