//! Statistics: what the follow-up statistics count, read from every
//! person's stored documents, kept in memory until a document arrives.
//!
//! `statistics.md` counts the follow-up cases "as `followup.md` computes
//! them from each person's stored documents", so this area does not read
//! the derived case rows (which a rule change leaves stale until
//! `tilbake recompute` runs): it walks the persons in id order, a page at a
//! time, reads their documents in one query per page, and lets the domain
//! compute each person's cases and what the statistics look at of them
//! (`tilbake_domain::statistics::case_records`). What it answers names no
//! one.
//!
//! The walk reads every document, so its result is kept
//! ([`StatisticsCache`], one per open store): every case of every quarter,
//! which depends on the documents only (not on today, the quarter, the
//! dimension or k). Documents are append-only, so their number is a stamp
//! of what was stored: each read counts them (one index scan) and walks
//! again only when the count differs from the kept one. A document stored
//! by any process, this one or another, shows in the next read; a rule
//! change comes with a new program and so an empty cache.
//!
//! The reads of a signed-in reader are audited (about no one person); the
//! access policy decides who may read (`PageKind::Statistics`). The public
//! page's read (`PageKind::PublicStatistics`, open to anyone) has no one
//! to audit. The operator's command (`tilbake stats`) reads the same walk
//! through [`crate::MaintenanceStore::quarter_cases`].
//!
//! It is not the place for the tables, rates or their protection: those
//! are the domain's, over what this answers.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_trait::async_trait;
use tilbake_domain::access::policy::{self, PageKind};
use tilbake_domain::access::AuditAction;
use tilbake_domain::followup::FollowupEngine;
use tilbake_domain::statistics::{case_records, CaseRecord, CountedCase, Quarter};

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

/// Every follow-up case of every person, as the statistics see them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseRecords {
    /// One per follow-up case, of every quarter, in no particular order.
    pub records: Arc<Vec<CaseRecord>>,
    /// As in [`QuarterCases`].
    pub n_persons_without_followup: u64,
}

impl CaseRecords {
    /// What the table counts of the cases that start in `quarter`.
    pub fn quarter(&self, quarter: Quarter) -> QuarterCases {
        QuarterCases {
            cases: self
                .records
                .iter()
                .filter(|record| quarter.contains(record.start))
                .map(|record| record.counted.clone())
                .collect(),
            n_persons_without_followup: self.n_persons_without_followup,
        }
    }
}

/// The walk's last result and the number of documents it saw, kept by an
/// open store. A lock, held during a walk, so that readers who arrive
/// meanwhile wait for it rather than walk too.
#[derive(Debug, Default)]
pub struct StatisticsCache {
    kept: tokio::sync::Mutex<Option<(i64, CaseRecords)>>,
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

    /// Every follow-up case of every quarter, as [`Self::quarter_cases`]
    /// computes them, for the statistics pages; audited with `purpose`.
    async fn case_records(
        &self,
        actor: &Actor,
        purpose: &str,
        now: Millis,
    ) -> Result<CaseRecords, StoreError>;

    /// The same records for the public statistics page, which the access
    /// policy opens to anyone and which publishes national counts only: no
    /// actor, nothing audited.
    async fn public_case_records(&self) -> Result<CaseRecords, StoreError>;
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

/// The number of stored documents.
#[derive(sqlx::FromRow)]
struct CountRow {
    n: i64,
}

/// Whether the policy lets `actor` read the statistics; a refusal is
/// audited and answered `Forbidden`.
async fn check_access<B: Backend>(
    backend: &B,
    actor: &Actor,
    purpose: &str,
    now: Millis,
) -> Result<(), StoreError> {
    if policy::may_open(actor, PageKind::Statistics) {
        return Ok(());
    }
    Err(denied(
        backend,
        actor,
        NO_PERSON,
        AuditAction::ReadStatistics,
        purpose,
        now,
        StoreError::Forbidden,
    )
    .await)
}

async fn audit_read<B: Backend>(
    backend: &B,
    actor: &Actor,
    purpose: &str,
    now: Millis,
) -> Result<(), StoreError> {
    let mut tx = backend.begin().await?;
    audit::<B>(
        &mut tx,
        NO_PERSON,
        actor,
        AuditAction::ReadStatistics,
        purpose,
        true,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The kept records when no document has been stored since they were
/// walked; otherwise walks again and keeps the result.
async fn cached_records<B: Backend>(backend: &B) -> Result<CaseRecords, StoreError> {
    let mut kept = backend.statistics_cache().kept.lock().await;
    let stamp = backend
        .fetch_all::<CountRow>("SELECT COUNT(*) AS n FROM documents", &[])
        .await?
        .first()
        .map_or(0, |row| row.n);
    if let Some((kept_stamp, records)) = kept.as_ref() {
        if *kept_stamp == stamp {
            return Ok(records.clone());
        }
    }
    let records = walk_records(backend).await?;
    *kept = Some((stamp, records.clone()));
    Ok(records)
}

#[async_trait]
impl<B: Backend> StatisticsStore for B {
    async fn quarter_cases(
        &self,
        actor: &Actor,
        quarter: Quarter,
        now: Millis,
    ) -> Result<QuarterCases, StoreError> {
        let purpose = quarter.to_string();
        check_access(self, actor, &purpose, now).await?;
        let answer = cached_records(self).await?.quarter(quarter);
        audit_read(self, actor, &purpose, now).await?;
        Ok(answer)
    }

    async fn case_records(
        &self,
        actor: &Actor,
        purpose: &str,
        now: Millis,
    ) -> Result<CaseRecords, StoreError> {
        check_access(self, actor, purpose, now).await?;
        let answer = cached_records(self).await?;
        audit_read(self, actor, purpose, now).await?;
        Ok(answer)
    }

    async fn public_case_records(&self) -> Result<CaseRecords, StoreError> {
        cached_records(self).await
    }
}

/// What is counted of every case that starts in `quarter`: every person's
/// stored documents, a page of persons at a time.
pub(crate) async fn walk_quarter_cases<B: Backend>(
    backend: &B,
    quarter: Quarter,
) -> Result<QuarterCases, StoreError> {
    Ok(walk_records(backend).await?.quarter(quarter))
}

/// Every case of every person: their stored documents, a page of persons at
/// a time.
async fn walk_records<B: Backend>(backend: &B) -> Result<CaseRecords, StoreError> {
    let mut engine = FollowupEngine::default();
    let mut records = Vec::new();
    let mut n_persons_without_followup = 0;
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
                n_persons_without_followup += 1;
                continue;
            };
            let seqs: Vec<i64> = rows.iter().map(|row| row.seq).collect();
            let (unit, _) = derive_unit(&documents, &seqs);
            match case_records(&mut engine, &person, unit, &documents) {
                Ok(cases) => records.extend(cases),
                Err(_) => n_persons_without_followup += 1,
            }
        }
        if persons.len() < PERSONS_PER_PAGE as usize {
            break;
        }
        after.clone_from(&last.person_id);
    }
    Ok(CaseRecords {
        records: Arc::new(records),
        n_persons_without_followup,
    })
}
