//! Statistics: what the follow-up statistics count, read from every
//! person's stored documents.
//!
//! `statistics.md` counts the follow-up cases "as `followup.md` computes
//! them from each person's stored documents", so this area does not read
//! the derived case rows (which a rule change leaves stale until
//! `tilbake recompute` runs): it walks the persons in id order, a page at a
//! time, reads their documents in one query per page, and lets the domain
//! compute each person's cases and what the table counts of them
//! (`tilbake_domain::statistics::counted_cases`). What it answers names no
//! one. The read is audited (about no one person); the access policy
//! decides who may read (`PageKind::Statistics`). The operator's command
//! (`tilbake stats`) reads the same walk through
//! [`crate::MaintenanceStore::quarter_cases`].
//!
//! It is not the place for the table or its protection: those are the
//! domain's, over what this answers.

use std::collections::BTreeMap;

use async_trait::async_trait;
use tilbake_domain::access::policy::{self, PageKind};
use tilbake_domain::access::AuditAction;
use tilbake_domain::followup::FollowupEngine;
use tilbake_domain::statistics::{counted_cases, CountedCase, Quarter};

use crate::backend::{Arg, Backend, Tx};
use crate::recompute::derive_unit;
use crate::rows::{parse_fnr, DocumentRow, PersonIdRow};
use crate::sql_store::{audit, denied, NO_PERSON};
use crate::{Actor, Millis, StoreError};

/// How many persons one page of the walk reads.
const PERSONS_PER_PAGE: i64 = 2_000;

/// The counted cases of a quarter, and the persons left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuarterCases {
    /// One per follow-up case that starts in the quarter.
    pub cases: Vec<CountedCase>,
    /// Persons whose stored documents no longer read or derive (as after a
    /// rule change; `tilbake recompute` lists them): they have no follow-up
    /// and so no counted case.
    pub n_persons_without_followup: u64,
}

#[async_trait]
pub trait StatisticsStore: Send + Sync + 'static {
    /// What the statistics count of every follow-up case that starts in
    /// `quarter`, computed from every person's stored documents, with the
    /// person's unit as their documents name it. For whom the access policy
    /// opens the statistics to (`Forbidden` otherwise); audited either way.
    async fn quarter_cases(
        &self,
        actor: &Actor,
        quarter: Quarter,
        now: Millis,
    ) -> Result<QuarterCases, StoreError>;
}

/// A stored document with its person, for the walk.
#[derive(sqlx::FromRow)]
struct PersonDocumentRow {
    person_id: String,
    kind: String,
    doc_id: String,
    seq: i64,
    content: String,
    received_at: i64,
    format: i64,
}

#[async_trait]
impl<B: Backend> StatisticsStore for B {
    async fn quarter_cases(
        &self,
        actor: &Actor,
        quarter: Quarter,
        now: Millis,
    ) -> Result<QuarterCases, StoreError> {
        let action = AuditAction::ReadStatistics;
        let purpose = quarter.to_string();
        if !policy::may_open(actor, PageKind::Statistics) {
            return Err(denied(
                self,
                actor,
                NO_PERSON,
                action,
                &purpose,
                now,
                StoreError::Forbidden,
            )
            .await);
        }
        let answer = walk_quarter_cases(self, quarter).await?;
        let mut tx = self.begin().await?;
        audit::<B>(&mut tx, NO_PERSON, actor, action, &purpose, true, now).await?;
        tx.commit().await?;
        Ok(answer)
    }
}

/// What is counted of every case that starts in `quarter`: every person's
/// stored documents, a page of persons at a time.
pub(crate) async fn walk_quarter_cases<B: Backend>(
    backend: &B,
    quarter: Quarter,
) -> Result<QuarterCases, StoreError> {
    let mut engine = FollowupEngine::default();
    let mut answer = QuarterCases::default();
    let mut after = String::new();
    loop {
        let persons = backend
            .fetch_all::<PersonIdRow>(
                "SELECT person_id FROM persons WHERE person_id > $1 ORDER BY person_id LIMIT $2",
                &[Arg::from(after.as_str()), Arg::Int(PERSONS_PER_PAGE)],
            )
            .await?;
        let Some(last) = persons.last() else {
            break;
        };
        let rows = backend
            .fetch_all::<PersonDocumentRow>(
                "SELECT person_id, kind, doc_id, seq, content, received_at, format \
                     FROM documents WHERE person_id > $1 AND person_id <= $2 \
                     ORDER BY person_id, seq",
                &[
                    Arg::from(after.as_str()),
                    Arg::from(last.person_id.as_str()),
                ],
            )
            .await?;
        let mut by_person: BTreeMap<String, Vec<DocumentRow>> = BTreeMap::new();
        for row in rows {
            by_person
                .entry(row.person_id)
                .or_default()
                .push(DocumentRow {
                    kind: row.kind,
                    doc_id: row.doc_id,
                    seq: row.seq,
                    content: row.content,
                    received_at: row.received_at,
                    format: row.format,
                });
        }
        for (person_id, rows) in &by_person {
            let person = parse_fnr(person_id)?;
            let documents: Result<Vec<_>, StoreError> =
                rows.iter().map(DocumentRow::document).collect();
            let Ok(documents) = documents else {
                answer.n_persons_without_followup += 1;
                continue;
            };
            let seqs: Vec<i64> = rows.iter().map(|row| row.seq).collect();
            let (unit, _) = derive_unit(&documents, &seqs);
            match counted_cases(&mut engine, &person, unit, &documents, quarter) {
                Ok(cases) => answer.cases.extend(cases),
                Err(_) => answer.n_persons_without_followup += 1,
            }
        }
        if persons.len() < PERSONS_PER_PAGE as usize {
            break;
        }
        after.clone_from(&last.person_id);
    }
    Ok(answer)
}
