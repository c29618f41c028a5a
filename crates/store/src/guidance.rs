//! Career guidance: a person's answers to the instruments, saved as they go.
//!
//! The answers are the person's. They save them themselves; a reader the
//! access policy gives the guidance part ([`PersonView::guidance`]: a
//! counsellor the person booked, a job specialist they shared it with)
//! reads them, audited. Scoring is not done here: the store keeps the
//! contract's answers document, and the caller scores it with the definition
//! of its instrument and version.
//!
//! [`PersonView::guidance`]: tilbake_domain::access::policy::PersonView

use async_trait::async_trait;
use chrono::NaiveDate;
use tilbake_domain::access::{policy, AuditAction};
use tilbake_domain::identity::Fnr;

use crate::backend::{Arg, Backend, Tx};
use crate::recompute::corrupt;
use crate::sql_store::{audit, deny_in, only_the_person, person_view, UPSERT_PERSON};
use crate::{Actor, Millis, StoreError};

/// One instrument's answers as last saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedAnswers {
    pub instrument: String,
    pub version: u32,
    /// The guidance contract's answers document (JSON), checked when saved.
    pub answers: String,
    pub saved_at: Millis,
}

/// The guidance area of the store.
#[async_trait]
pub trait GuidanceStore: Send + Sync + 'static {
    /// The person saves their answers to one version of an instrument,
    /// replacing what they saved before (partial answers are kept as they
    /// are). `answers` must already be checked against the definition.
    /// `NotFound` for anyone but the person themself.
    async fn save_answers(
        &self,
        actor: &Actor,
        person: &Fnr,
        answers: &SavedAnswers,
    ) -> Result<(), StoreError>;

    /// Every instrument's answers of the person, oldest save first: for the
    /// person and for readers the policy gives the guidance part; `NotFound`
    /// for anyone else, audited as denied.
    async fn read_guidance(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<SavedAnswers>, StoreError>;
}

#[derive(sqlx::FromRow)]
struct AnswersRow {
    instrument: String,
    version: i64,
    answers: String,
    saved_at: i64,
}

#[async_trait]
impl<B: Backend> GuidanceStore for B {
    async fn save_answers(
        &self,
        actor: &Actor,
        person: &Fnr,
        answers: &SavedAnswers,
    ) -> Result<(), StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::SaveGuidance;
        let now = answers.saved_at;
        only_the_person(self, actor, person, action, "guidance", now).await?;
        let mut tx = self.begin().await?;
        tx.execute(
            UPSERT_PERSON,
            &[Arg::from(person_id.as_str()), Arg::Int(now)],
        )
        .await?;
        tx.execute(
            "INSERT INTO guidance_answers (person_id, instrument, version, answers, saved_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id, instrument, version) \
             DO UPDATE SET answers = excluded.answers, saved_at = excluded.saved_at",
            &[
                Arg::from(person_id.as_str()),
                Arg::from(answers.instrument.as_str()),
                Arg::Int(i64::from(answers.version)),
                Arg::from(answers.answers.as_str()),
                Arg::Int(now),
            ],
        )
        .await?;
        audit::<B>(&mut tx, &person_id, actor, action, "guidance", true, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn read_guidance(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<SavedAnswers>, StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::ReadGuidance;
        let mut tx = self.begin().await?;
        // The person needs no follow-up of their own to have guidance.
        let allowed = policy::is_the_person(actor, person)
            || person_view::<B>(&mut tx, actor, person, today, false)
                .await?
                .is_some_and(|(_, view)| view.guidance);
        if !allowed {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                "guidance",
                now,
                StoreError::NotFound,
            )
            .await);
        }
        let rows = tx
            .fetch_all::<AnswersRow>(
                "SELECT instrument, version, answers, saved_at FROM guidance_answers \
                 WHERE person_id = $1 ORDER BY saved_at, instrument, version",
                &[Arg::from(person_id.as_str())],
            )
            .await?;
        audit::<B>(&mut tx, &person_id, actor, action, "guidance", true, now).await?;
        tx.commit().await?;
        rows.into_iter()
            .map(|row| {
                Ok(SavedAnswers {
                    version: u32::try_from(row.version)
                        .map_err(|_| corrupt(format!("{} is not a version", row.version)))?,
                    instrument: row.instrument,
                    answers: row.answers,
                    saved_at: row.saved_at,
                })
            })
            .collect()
    }
}
