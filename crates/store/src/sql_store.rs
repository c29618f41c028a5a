//! What every area of the store shares, written once for every
//! [`Backend`]: the access policy's answers as SQL ([`push_visible`], a
//! reader's [`person_view`] and [`viewed_documents`]), the audit entry of
//! every access ([`audit`], [`denied`]), and the write path of documents
//! ([`store_in`], [`accept`]) that [`crate::recompute`] derives for and one
//! [`crate::script`] writes. The areas (`accounts.rs`, `documents.rs`,
//! `persons.rs`, `queue.rs`, `consents.rs`) each hold their trait and its
//! implementation; [`Store`] here only what concerns the database as a whole.
//!
//! Each method is one transaction (or one read) of SQL with `$n`
//! placeholders; every access to a person's data writes its audit entry in
//! the same transaction, permitted or denied.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use tilbake_contract::document::ParsedDocument;
use tilbake_domain::access::consent::Share;
use tilbake_domain::access::policy::{self, PersonScope, PersonView, QueueScope};
use tilbake_domain::access::{AddressProtection, AuditAction, Principal};
use tilbake_domain::document::{followup_input, Document, DocumentKind, Module};
use tilbake_domain::followup::{Followup, FollowupEngine};
use tilbake_domain::identity::Fnr;
use tilbake_domain::tasks::TaskDecision;

use crate::backend::{Arg, Backend, Sql, Tx};
use crate::recompute::{
    date_text, derive, derive_casework, invalid, missing_reference, Derived, EarlyUnits,
};
use crate::rows::{
    group_person_data, DocumentRow, NumberRow, PersonDataRow, PersonIdRow, PersonRow, TaskRow,
};
use crate::script::{audit_args, id_rows, ChangeSet};
use crate::{Actor, DocumentOutcome, Millis, Store, StoreError, StoredDocument};

/// The subject of audit entries about the service as a whole (a queue
/// listing, a table of statistics): no one person, no one organisation.
///
/// The audit log is keyed by its *subject* (the column is `person_id` for
/// history): a person's identity number, [`organisation_subject`] for an
/// organisation, or this.
pub(crate) const NO_PERSON: &str = "";

/// The audit subject of an organisation: `org:<orgnr>` (never an identity
/// number, which is 11 digits), so a career centre owns entries of its own.
pub(crate) fn organisation_subject(orgnr: &tilbake_domain::identity::Orgnr) -> String {
    format!("org:{orgnr}")
}

pub(crate) const UPSERT_PERSON: &str =
    "INSERT INTO persons (person_id, created_at) VALUES ($1, $2) ON CONFLICT (person_id) DO NOTHING";

pub(crate) const USER_COLUMNS: &str =
    "u.user_id, u.username, u.password_hash, u.role, u.unit, u.employer, u.person, \
     u.gp_id, u.protected_address_access";

pub(crate) const TASK_COLUMNS: &str =
    "t.person_id, t.unit, t.task_id, t.case_start, t.kind, t.due, t.state, t.closed_because, \
     au.username AS assignee";

/// The tasks with who has taken each (`a`, `au`), for [`TASK_COLUMNS`].
pub(crate) const TASKS_WITH_ASSIGNEE: &str = " FROM tasks t \
     LEFT JOIN task_assignments a ON a.person_id = t.person_id AND a.task_id = t.task_id \
     LEFT JOIN users au ON au.user_id = a.user_id";

/// Appends "the actor may see the person of row `p`": the policy's
/// [`PersonScope`] and the protected-address rule, as SQL.
pub(crate) fn push_visible(sql: &mut Sql<'_>, actor: &Principal, today: NaiveDate) {
    sql.push("(");
    match policy::person_scope(actor) {
        PersonScope::Unit(unit) => {
            sql.push("p.unit = ").bind(unit.to_string());
        }
        PersonScope::OpenCaseAtEmployer(employer) => {
            sql.push("EXISTS (SELECT 1 FROM case_employers ce WHERE ce.person_id = p.person_id AND ce.employer = ")
                .bind(employer.to_string())
                .push(" AND ce.open_until >= ")
                .bind(date_text(today))
                .push(")");
        }
        PersonScope::Person(person) => {
            sql.push("p.person_id = ").bind(person.to_string());
        }
        PersonScope::PatientOf(gp) => {
            sql.push(
                "EXISTS (SELECT 1 FROM documents d WHERE d.person_id = p.person_id \
                 AND d.kind = 'sick_leave' AND d.gp = ",
            )
            .bind(gp)
            .push(")");
        }
        PersonScope::ConsentedTo { user_id, purpose } => {
            sql.push(
                "EXISTS (SELECT 1 FROM consent_grants c WHERE c.person_id = p.person_id \
                 AND c.withdrawn_at IS NULL AND c.grantee_user_id = ",
            )
            .bind(user_id)
            .push(" AND c.purpose = ")
            .bind(purpose.as_str())
            .push(")");
        }
        PersonScope::Everyone => {
            sql.push("1 = 1");
        }
        PersonScope::Nobody => {
            sql.push("1 = 0");
        }
    }
    sql.push(")");
    push_protection(sql, actor);
}

/// Appends the protected-address rule for row `p`, as
/// [`policy::may_see_protected`] states it.
pub(crate) fn push_protection(sql: &mut Sql<'_>, actor: &Principal) {
    if actor.protected_address_access {
        return;
    }
    sql.push(" AND (p.address_protection = 'none'");
    if let Some(own) = actor.person {
        sql.push(" OR p.person_id = ").bind(own.to_string());
    }
    sql.push(")");
}

/// The person's row if the actor may see them; `lock` holds it until commit.
pub(crate) async fn visible_person<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    person: &Fnr,
    today: NaiveDate,
    lock: bool,
) -> Result<Option<PersonRow>, StoreError> {
    let mut sql = Sql::new("SELECT ");
    sql.push(crate::rows::PERSON_ROW_COLUMNS)
        .push(" FROM persons p WHERE p.person_id = ");
    sql.bind(person.to_string()).push(" AND ");
    push_visible(&mut sql, actor, today);
    if lock {
        sql.push(B::LOCK_ROW);
    }
    let Some(row) = tx.fetch_optional::<PersonRow>(&sql.text, &sql.args).await? else {
        return Ok(None);
    };
    // The SQL applied the rule already; this states it once more in Rust.
    let protected = row.protection()? != AddressProtection::None;
    Ok((!protected || policy::may_see_protected(actor, person)).then_some(row))
}

/// The person's row and what the actor sees of them, if anything: the
/// scope in SQL, then the policy's [`PersonView`] with the standing
/// consent's categories for a consented reader.
pub(crate) async fn person_view<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    person: &Fnr,
    today: NaiveDate,
    lock: bool,
) -> Result<Option<(PersonRow, PersonView)>, StoreError> {
    let Some(row) = visible_person::<B>(tx, actor, person, today, lock).await? else {
        return Ok(None);
    };
    let share = match policy::person_scope(actor) {
        PersonScope::ConsentedTo { user_id, purpose } => tx
            .fetch_optional::<crate::rows::NameRow>(
                "SELECT share AS name FROM consent_grants WHERE person_id = $1 \
                 AND grantee_user_id = $2 AND purpose = $3 AND withdrawn_at IS NULL",
                &[
                    Arg::from(person.to_string()),
                    Arg::Int(user_id),
                    Arg::from(purpose.as_str()),
                ],
            )
            .await?
            .map(|row| Share::from_text(&row.name)),
        _ => None,
    };
    Ok(policy::person_view(actor, share).map(|view| (row, view)))
}

/// The documents of a person that a [`PersonView`] reads, in order of
/// arrival: the policy's kinds and employer as SQL, the rest of the view
/// (plan sharing, medical reasons, redaction) applied to what was read.
pub(crate) async fn viewed_documents<T: Tx>(
    tx: &mut T,
    person: &str,
    view: &PersonView,
) -> Result<Vec<StoredDocument>, StoreError> {
    let filter = view.document_filter();
    if filter.kinds.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::new(
        "SELECT d.kind, d.doc_id, d.seq, d.content, d.received_at, d.format FROM documents d \
         WHERE d.person_id = ",
    );
    sql.bind(person).push(" AND d.kind IN (");
    for (index, kind) in filter.kinds.iter().enumerate() {
        if index > 0 {
            sql.push(", ");
        }
        sql.bind(kind.as_str());
    }
    sql.push(")");
    if let Some(employer) = filter.certificates_of {
        // A certificate of another employer is not read, nor is its cancellation.
        let employer = employer.to_string();
        sql.push(" AND (d.kind NOT IN ('sick_leave', 'cancelled') OR (d.kind = 'sick_leave' AND d.employer = ")
            .bind(employer.clone())
            .push(") OR (d.kind = 'cancelled' AND EXISTS (SELECT 1 FROM documents s WHERE s.person_id = d.person_id \
                   AND s.kind = 'sick_leave' AND s.doc_id = d.doc_id AND s.employer = ")
            .bind(employer)
            .push(")))");
    }
    sql.push(" ORDER BY d.seq");
    let rows = tx.fetch_all::<DocumentRow>(&sql.text, &sql.args).await?;
    let documents = rows
        .iter()
        .map(|row| {
            Ok(StoredDocument {
                document: row.document()?,
                seq: row.seq,
                received_at: row.received_at,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let shown = view.shown(
        &documents
            .iter()
            .map(|stored| &stored.document)
            .collect::<Vec<_>>(),
    );
    Ok(documents
        .into_iter()
        .zip(shown)
        .filter_map(|(mut stored, shown)| {
            shown.then(|| {
                view.redact(&mut stored.document);
                stored
            })
        })
        .collect())
}

/// The follow-up of a person's whole sick leave with statuses on `as_of`,
/// as `view` shows it. `documents` are what the reader was given; when the
/// view left sick-leave documents out, the events are read again in full,
/// since the follow-up is the whole sick leave's.
pub(crate) async fn viewed_followup<T: Tx>(
    tx: &mut T,
    person: &Fnr,
    view: &PersonView,
    documents: Option<&[StoredDocument]>,
    as_of: NaiveDate,
) -> Result<Option<Followup>, StoreError> {
    if view.followup.is_none() {
        return Ok(None);
    }
    let reads_every_event = view.certificates == policy::Certificates::All && view.other_events;
    let all_events;
    let events: Vec<&Document> = match documents {
        Some(documents) if reads_every_event => {
            documents.iter().map(|stored| &stored.document).collect()
        }
        _ => {
            all_events = event_documents(tx, &person.to_string()).await?;
            all_events.iter().collect()
        }
    };
    let input = followup_input(events, person.birth_date(), Some(as_of));
    let followup = FollowupEngine::default()
        .compute(&input)
        .map_err(|error| invalid(&error))?;
    Ok(view.followup(followup))
}

/// Every follow-up event of a person (for computing, never shown as such).
pub(crate) async fn event_documents<T: Tx>(
    tx: &mut T,
    person: &str,
) -> Result<Vec<Document>, StoreError> {
    let mut sql = Sql::new(
        "SELECT kind, doc_id, seq, content, received_at, format FROM documents WHERE person_id = ",
    );
    sql.bind(person).push(" AND kind IN (");
    let events = DocumentKind::ALL
        .into_iter()
        .filter(|kind| kind.is_followup_event());
    for (index, kind) in events.enumerate() {
        if index > 0 {
            sql.push(", ");
        }
        sql.bind(kind.as_str());
    }
    sql.push(") ORDER BY seq");
    tx.fetch_all::<DocumentRow>(&sql.text, &sql.args)
        .await?
        .iter()
        .map(DocumentRow::document)
        .collect()
}

/// What a change to one task checks first, in its transaction: the actor
/// sees the person (whose row is locked) and the task is there (for a
/// manager, in a case at their employer). Otherwise the attempt is audited
/// as denied and answered `NotFound`, as for a person who does not exist.
#[allow(clippy::too_many_arguments)] // the audit entry's parts, each distinct
pub(crate) async fn visible_task<B: Backend>(
    mut tx: B::Tx,
    actor: &Actor,
    person: &Fnr,
    task_id: &str,
    today: NaiveDate,
    action: AuditAction,
    purpose: &str,
    now: Millis,
) -> Result<(B::Tx, TaskRow), StoreError> {
    let person_id = person.to_string();
    if visible_person::<B>(&mut tx, actor, person, today, true)
        .await?
        .is_none()
    {
        return Err(deny_in::<B>(
            tx,
            actor,
            &person_id,
            action,
            purpose,
            now,
            StoreError::NotFound,
        )
        .await);
    }
    let mut sql = Sql::new("SELECT ");
    sql.push(TASK_COLUMNS);
    sql.push(TASKS_WITH_ASSIGNEE)
        .push(" WHERE t.person_id = ")
        .bind(person_id.as_str())
        .push(" AND t.task_id = ")
        .bind(task_id);
    if let Some(QueueScope::Employer(employer)) = policy::queue_scope(actor) {
        // A manager acts only on tasks of cases at their employer.
        sql.push(" AND EXISTS (SELECT 1 FROM case_employers cs WHERE cs.person_id = t.person_id AND cs.case_start = t.case_start AND cs.employer = ")
            .bind(employer.to_string())
            .push(")");
    }
    match tx.fetch_optional::<TaskRow>(&sql.text, &sql.args).await? {
        Some(row) => Ok((tx, row)),
        None => Err(deny_in::<B>(
            tx,
            actor,
            &person_id,
            action,
            purpose,
            now,
            StoreError::NotFound,
        )
        .await),
    }
}

/// Writes an audit entry in the transaction.
pub(crate) async fn audit<B: Backend>(
    tx: &mut B::Tx,
    person: &str,
    actor: &Actor,
    action: AuditAction,
    purpose: &str,
    permitted: bool,
    now: Millis,
) -> Result<(), StoreError> {
    let args = audit_args(
        Arg::from(person),
        actor,
        action,
        purpose.to_owned(),
        permitted,
        now,
    );
    tx.execute(B::INSERT_AUDIT, &args).await?;
    Ok(())
}

/// Everything stored about one person that their derived rows come from,
/// as loaded and as grown by the documents accepted in this transaction.
#[derive(Default)]
pub(crate) struct PersonInputs {
    /// Kind, id and canonical content of each document, in `seq` order.
    pub(crate) keys: Vec<(String, String, String)>,
    pub(crate) documents: Vec<Document>,
    pub(crate) seqs: Vec<i64>,
    pub(crate) decisions: Vec<TaskDecision>,
    pub(crate) last_decision_seq: i64,
    /// Recomputed in this transaction, so to be written.
    pub(crate) derived: Option<Derived>,
}

/// The stored documents and decisions of `persons`, in one query.
pub(crate) async fn load_persons<'p, B: Backend>(
    backend: &B,
    tx: &mut B::Tx,
    persons: impl IntoIterator<Item = &'p str>,
) -> Result<BTreeMap<String, PersonInputs>, StoreError> {
    let rows = tx
        .fetch_all::<PersonDataRow>(
            &backend.scripts().select_person_data,
            &[Arg::from(id_rows(persons))],
        )
        .await?;
    let mut inputs: BTreeMap<String, PersonInputs> = BTreeMap::new();
    for (person, (documents, decisions)) in group_person_data(rows) {
        let person_inputs = inputs.entry(person).or_default();
        for row in documents {
            person_inputs.documents.push(row.document()?);
            person_inputs.seqs.push(row.seq);
            person_inputs.keys.push((row.kind, row.doc_id, row.content));
        }
        person_inputs.last_decision_seq = decisions.last().map_or(0, |row| row.seq);
        for row in decisions {
            person_inputs.decisions.push(row.decision()?);
        }
    }
    Ok(inputs)
}

/// Makes the rows of the persons of `documents` that are missing and locks
/// all of them until commit, in id order, so that batches of different
/// persons never wait for each other in a circle; answers the persons made.
pub(crate) async fn lock_persons<B: Backend>(
    backend: &B,
    tx: &mut B::Tx,
    documents: &[ParsedDocument],
    now: Millis,
) -> Result<Vec<String>, StoreError> {
    let mut persons: Vec<String> = documents
        .iter()
        .map(|parsed| parsed.document.person.to_string())
        .collect();
    persons.sort_unstable();
    persons.dedup();
    let ids = id_rows(persons.iter().map(String::as_str));
    let created = tx
        .fetch_all::<PersonIdRow>(
            &backend.scripts().create_persons,
            &[Arg::from(ids.as_str()), Arg::Int(now)],
        )
        .await?;
    let lock = format!("{}{}", backend.scripts().lock_persons, B::LOCK_ROW);
    tx.fetch_all::<PersonIdRow>(&lock, &[Arg::from(ids.as_str())])
        .await?;
    Ok(created.into_iter().map(|row| row.person_id).collect())
}

/// Stores `documents` in `tx`, in order: each is checked against what is
/// stored and what this call accepted before it (repeat, conflict,
/// references, the engine), and what is accepted is collected in `changes`
/// with the recomputed rows of its person. Writes nothing itself.
///
/// The caller has checked that the actor may send these documents and see
/// their persons.
pub(crate) async fn store_in<B: Backend>(
    backend: &B,
    tx: &mut B::Tx,
    documents: &[ParsedDocument],
    today: NaiveDate,
    changes: &mut ChangeSet,
) -> Result<Vec<Result<DocumentOutcome, StoreError>>, StoreError> {
    let ids: Vec<String> = documents
        .iter()
        .map(|parsed| parsed.document.person.to_string())
        .collect();
    let mut persons = load_persons(backend, tx, ids.iter().map(String::as_str)).await?;
    // Read after the persons are locked, so a unit switching early
    // sessions on or off (which locks its persons) is seen whole.
    let early_units = early_units(tx).await?;
    let mut outcomes = Vec::with_capacity(documents.len());
    for (parsed, person) in documents.iter().zip(&ids) {
        let inputs = persons.entry(person.clone()).or_default();
        outcomes.push(accept(inputs, person, parsed, today, &early_units, changes));
    }
    for (person, inputs) in &persons {
        if let Some(derived) = &inputs.derived {
            changes.derived(person, derived, today);
        }
    }
    Ok(outcomes)
}

/// The units that hold early sessions (`unit_settings`).
pub(crate) async fn early_units<T: Tx>(tx: &mut T) -> Result<EarlyUnits, StoreError> {
    tx.fetch_all::<crate::rows::NameRow>(
        "SELECT unit AS name FROM unit_settings WHERE early_sessions = 1",
        &[],
    )
    .await?
    .iter()
    .map(|row| {
        tilbake_domain::identity::UnitCode::parse(&row.name)
            .map_err(|_| crate::recompute::corrupt(format!("'{}' is not a unit", row.name)))
    })
    .collect()
}

/// Whether stored content is the parsed document, written before the
/// canonical form dropped unknown fields: a sender repeating such a
/// document gets a repeat, not a conflict.
fn same_document(kind: &str, content: &str, parsed: &ParsedDocument) -> bool {
    tilbake_contract::stored::decode(tilbake_contract::stored::STORAGE_FORMAT, kind, content)
        .is_ok_and(|stored| stored == parsed.document)
}

/// Checks one document against its person's inputs and, if new and valid,
/// adds it to them and to `changes`.
pub(crate) fn accept(
    inputs: &mut PersonInputs,
    person: &str,
    parsed: &ParsedDocument,
    today: NaiveDate,
    early_units: &EarlyUnits,
    changes: &mut ChangeSet,
) -> Result<DocumentOutcome, StoreError> {
    let document = &parsed.document;
    let kind = document.kind().as_str();
    if let Some((_, _, content)) = inputs
        .keys
        .iter()
        .find(|(stored_kind, stored_id, _)| stored_kind == kind && *stored_id == document.id)
    {
        if *content == parsed.canonical || same_document(kind, content, parsed) {
            return Ok(DocumentOutcome::Repeated);
        }
        return Err(StoreError::Conflict(format!(
            "a different {kind} document with id '{}' is already stored for this person",
            document.id
        )));
    }
    if let Some(error) = missing_reference(document, &inputs.documents) {
        return Err(error);
    }
    let seq = inputs.seqs.last().copied().unwrap_or(0) + 1;
    inputs.documents.push(document.clone());
    inputs.seqs.push(seq);
    // Each module recomputes what it derives: a follow-up event runs the
    // engine; case work recomputes the tasks over the follow-up this
    // transaction has derived already (the first document of a person in a
    // transaction derives everything).
    let derived = match (document.body.module(), &inputs.derived) {
        // Neither case work nor the register changes the follow-up.
        (Module::Casework | Module::Register, Some(previous)) => Ok(derive_casework(
            previous,
            &inputs.documents,
            &inputs.seqs,
            &inputs.decisions,
            today,
            early_units,
        )),
        (Module::Casework | Module::Register, None) | (Module::Followup, _) => derive(
            &document.person,
            &inputs.documents,
            &inputs.seqs,
            &inputs.decisions,
            today,
            early_units,
        ),
    };
    match derived {
        Ok(derived) => inputs.derived = Some(derived),
        Err(error) => {
            inputs.documents.pop();
            inputs.seqs.pop();
            return Err(invalid(&error));
        }
    }
    inputs.keys.push((
        kind.to_owned(),
        document.id.clone(),
        parsed.canonical.clone(),
    ));
    changes.document(
        person,
        kind,
        &document.id,
        seq,
        &parsed.canonical,
        document.gp.as_deref(),
        document.certificate_employer(),
    );
    changes.audit(
        person,
        AuditAction::StoreDocument,
        &format!("{kind}:{}", document.id),
        true,
    );
    Ok(DocumentOutcome::Stored)
}

/// Writes a denied audit entry in its own transaction and returns `error`.
pub(crate) async fn denied<B: Backend>(
    backend: &B,
    actor: &Actor,
    person: &str,
    action: AuditAction,
    purpose: &str,
    now: Millis,
    error: StoreError,
) -> StoreError {
    let written = async {
        let mut tx = backend.begin().await?;
        audit::<B>(&mut tx, person, actor, action, purpose, false, now).await?;
        tx.commit().await?;
        Ok::<(), StoreError>(())
    }
    .await;
    match written {
        Ok(()) => error,
        Err(audit_error) => audit_error,
    }
}

/// Denies in `tx`: writes the denied audit entry, commits (nothing else was
/// written) and returns `error`.
pub(crate) async fn deny_in<B: Backend>(
    mut tx: B::Tx,
    actor: &Actor,
    person: &str,
    action: AuditAction,
    purpose: &str,
    now: Millis,
    error: StoreError,
) -> StoreError {
    let written = async {
        audit::<B>(&mut tx, person, actor, action, purpose, false, now).await?;
        tx.commit().await?;
        Ok::<(), StoreError>(())
    }
    .await;
    match written {
        Ok(()) => error,
        Err(audit_error) => audit_error,
    }
}

/// The person themself only: anyone else is denied (audited) and answered
/// `NotFound`, as for a person who does not exist. For what is the
/// person's own to read or decide (their consents, their audit log).
pub(crate) async fn only_the_person<B: Backend>(
    backend: &B,
    actor: &Actor,
    person: &Fnr,
    action: AuditAction,
    purpose: &str,
    now: Millis,
) -> Result<(), StoreError> {
    if policy::is_the_person(actor, person) {
        return Ok(());
    }
    Err(denied(
        backend,
        actor,
        &person.to_string(),
        action,
        purpose,
        now,
        StoreError::NotFound,
    )
    .await)
}

/// Refuses an action that the actor's role may not take on a person: 403
/// (`Forbidden`) for a person they see, but `NotFound` for one they do not,
/// exactly as for a person who does not exist. Audited as denied.
pub(crate) async fn refuse_by_role<B: Backend>(
    backend: &B,
    actor: &Actor,
    person: &Fnr,
    action: AuditAction,
    purpose: &str,
    today: NaiveDate,
    now: Millis,
) -> StoreError {
    let mut tx = match backend.begin().await {
        Ok(tx) => tx,
        Err(error) => return error,
    };
    let refusal = match visible_person::<B>(&mut tx, actor, person, today, false).await {
        Ok(Some(_)) => StoreError::Forbidden,
        Ok(None) => StoreError::NotFound,
        Err(error) => return error,
    };
    deny_in::<B>(
        tx,
        actor,
        &person.to_string(),
        action,
        purpose,
        now,
        refusal,
    )
    .await
}

#[async_trait]
impl<B: Backend> Store for B {
    async fn ping(&self) -> Result<(), StoreError> {
        self.fetch_all::<NumberRow>("SELECT CAST(1 AS BIGINT) AS number", &[])
            .await?;
        Ok(())
    }

    async fn refresh_statistics(&self) -> Result<(), StoreError> {
        if let Some(statement) = B::REFRESH_STATISTICS {
            self.fetch_all::<NumberRow>(statement, &[]).await?;
        }
        Ok(())
    }
}
