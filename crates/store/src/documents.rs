//! Documents: what the parties send, stored as received in canonical form
//! (append-only; unknown fields dropped at the edge) with
//! what they derive, one module at a time, and the audit entry, in one
//! transaction; a system client's documents many to a transaction.
//!
//! The trait and its one implementation for every [`Backend`]; the shared
//! access filters and write helpers are in `sql_store.rs`.

use async_trait::async_trait;
use chrono::NaiveDate;
use tilbake_contract::document::ParsedDocument;
use tilbake_domain::access::policy::{self, PersonScope};
use tilbake_domain::access::AuditAction;

use crate::backend::{Arg, Backend, Tx};
use crate::rows::PersonRow;
use crate::script::{id_rows, ChangeSet};
use crate::sql_store::{denied, deny_in, lock_persons, store_in, visible_person, UPSERT_PERSON};
use crate::{Actor, DocumentOutcome, Millis, StoreError};

#[async_trait]
pub trait DocumentStore: Send + Sync + 'static {
    /// Stores a document as received and, in the same transaction, recomputes
    /// the person's follow-up, tasks and unit and writes the audit entry.
    /// Idempotent by (person, kind, id): same content → `Repeated`, other
    /// content → `Conflict`. A correction or cancellation of a certificate the
    /// person does not have → `MissingReference`. System tokens may send every
    /// kind; caseworkers and managers only case work about persons they see.
    async fn store_document(
        &self,
        actor: &Actor,
        document: &ParsedDocument,
        today: NaiveDate,
        now: Millis,
    ) -> Result<DocumentOutcome, StoreError>;

    /// Stores documents in order, each exactly as [`DocumentStore::store_document`]
    /// would (same checks, outcomes and audit entries), in as few
    /// transactions as the backend allows: on SQLite, hundreds share one
    /// commit, which is what makes bulk import fast. One outcome per
    /// document. `Err` only when the database fails; then some documents
    /// may have been stored, and sending them again is safe (a stored
    /// document comes back `Repeated`).
    async fn store_documents(
        &self,
        actor: &Actor,
        documents: &[ParsedDocument],
        today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<Result<DocumentOutcome, StoreError>>, StoreError>;
}

#[async_trait]
impl<B: Backend> DocumentStore for B {
    async fn store_document(
        &self,
        actor: &Actor,
        parsed: &ParsedDocument,
        today: NaiveDate,
        now: Millis,
    ) -> Result<DocumentOutcome, StoreError> {
        let person = parsed.document.person.to_string();
        let action = AuditAction::StoreDocument;
        let kind = parsed.document.kind().as_str();
        if let Err(refusal) = policy::may_send(actor, &parsed.document) {
            return Err(denied(
                self,
                actor,
                &person,
                action,
                kind,
                now,
                StoreError::SendRefused(refusal),
            )
            .await);
        }
        let mut tx = self.begin().await?;
        if policy::person_scope(actor) == PersonScope::Everyone {
            // System clients deliver for every person, known or new. Where
            // writers lock rows (PostgreSQL), make the person's row and hold
            // it; elsewhere the write script makes it.
            if !B::LOCK_ROW.is_empty() {
                tx.execute(UPSERT_PERSON, &[Arg::from(person.as_str()), Arg::Int(now)])
                    .await?;
                let sql = format!(
                    "SELECT {} FROM persons p WHERE p.person_id = $1{}",
                    crate::rows::PERSON_ROW_COLUMNS,
                    B::LOCK_ROW
                );
                tx.fetch_optional::<PersonRow>(&sql, &[Arg::from(person.as_str())])
                    .await?;
            }
        } else if visible_person::<B>(&mut tx, actor, &parsed.document.person, today, true)
            .await?
            .is_none()
        {
            return Err(
                deny_in::<B>(tx, actor, &person, action, kind, now, StoreError::NotFound).await,
            );
        }
        let mut changes = ChangeSet::default();
        let mut outcomes = store_in(
            self,
            &mut tx,
            std::slice::from_ref(parsed),
            today,
            &mut changes,
        )
        .await?;
        // One document, one outcome.
        let outcome = outcomes.pop().unwrap_or(Ok(DocumentOutcome::Repeated));
        if matches!(outcome, Ok(DocumentOutcome::Stored)) {
            tx.commit_script(&self.scripts().write, &changes.args(actor, now))
                .await?;
        } else {
            tx.rollback().await?;
        }
        outcome
    }

    async fn store_documents(
        &self,
        actor: &Actor,
        documents: &[ParsedDocument],
        today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<Result<DocumentOutcome, StoreError>>, StoreError> {
        let mut outcomes = Vec::with_capacity(documents.len());
        if policy::person_scope(actor) != PersonScope::Everyone || B::DOCUMENTS_PER_TRANSACTION <= 1
        {
            // One at a time: a party's access is checked per document, and
            // a backend that locks rows holds one person's lock at a time.
            for parsed in documents {
                outcomes.push(match self.store_document(actor, parsed, today, now).await {
                    Err(StoreError::Database(error)) => return Err(StoreError::Database(error)),
                    outcome => outcome,
                });
            }
            return Ok(outcomes);
        }
        for batch in documents.chunks(B::DOCUMENTS_PER_TRANSACTION) {
            let mut tx = self.begin().await?;
            let created = if B::LOCK_ROW.is_empty() {
                Vec::new()
            } else {
                lock_persons(self, &mut tx, batch, now).await?
            };
            let mut changes = ChangeSet::default();
            let batch_outcomes = store_in(self, &mut tx, batch, today, &mut changes).await?;
            if !changes.is_empty() && !created.is_empty() {
                // A person made here whose documents were all refused is
                // not kept, as when their document is stored on its own.
                let unused: Vec<&str> = created
                    .iter()
                    .map(String::as_str)
                    .filter(|person| {
                        !batch.iter().zip(&batch_outcomes).any(|(parsed, outcome)| {
                            matches!(outcome, Ok(DocumentOutcome::Stored))
                                && parsed.document.person.to_string() == *person
                        })
                    })
                    .collect();
                if !unused.is_empty() {
                    tx.execute(
                        &self.scripts().delete_persons,
                        &[Arg::from(id_rows(unused))],
                    )
                    .await?;
                }
            }
            outcomes.extend(batch_outcomes);
            if changes.is_empty() {
                tx.rollback().await?;
            } else {
                tx.commit_script(&self.scripts().write, &changes.args(actor, now))
                    .await?;
            }
        }
        Ok(outcomes)
    }
}
