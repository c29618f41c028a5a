//! The [`Store`] behaviour, written once for every [`Backend`].
//!
//! Each method is one transaction (or one read) of SQL with `$n`
//! placeholders; `store_documents` puts many documents in one transaction
//! where the backend allows. Access rules are SQL filters built by [`push_visible`] from
//! the actor's [`PersonScope`]; every access to a person's data writes its
//! audit entry in the same transaction, permitted or denied. What is derived
//! from documents is recomputed by [`crate::recompute`] and written, with the
//! document or decision and the audit entry, by one [`crate::script`].

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use tilbake_contract::document::ParsedDocument;
use tilbake_domain::access::{Actor, AddressProtection, AuditAction, PersonScope, Role};
use tilbake_domain::document::Document;
use tilbake_domain::followup::Party;
use tilbake_domain::identity::Fnr;
use tilbake_domain::tasks::{TaskDecision, TaskState, TaskUrgency, SICK_LEAVE_ENDED};

use crate::backend::{Arg, Backend, Sql, Tx};
use crate::recompute::{
    date_after, date_text, derive, due_soon_until, invalid, missing_reference, Derived,
};
use crate::rows::{
    count, group_person_data, DocumentRow, NumberRow, PersonDataRow, PersonIdRow, PersonRow,
    SessionRow, TaskRow, TickCountRow, TokenRow, UserRow,
};
use crate::script::{audit_args, id_rows, ChangeSet};
use crate::{
    AuditEntry, DocumentOutcome, ListedPerson, Millis, NewSession, NewUser, PersonRecord,
    QueuedTask, Session, Store, StoreError, StoredDocument, TaskQuery, TickReport, UserRecord,
};

/// The person id of audit entries that are not about one person.
const NO_PERSON: &str = "";

const UPSERT_PERSON: &str =
    "INSERT INTO persons (person_id, created_at) VALUES ($1, $2) ON CONFLICT (person_id) DO NOTHING";

const SELECT_DOCUMENTS: &str = "SELECT kind, doc_id, seq, content, received_at FROM documents \
     WHERE person_id = $1 ORDER BY seq";

const USER_COLUMNS: &str =
    "u.user_id, u.username, u.password_hash, u.role, u.unit, u.employer, u.person, \
     u.gp_id, u.protected_address_access";

const TASK_COLUMNS: &str =
    "t.person_id, t.unit, t.task_id, t.case_start, t.kind, t.due, t.state, t.closed_because, \
     au.username AS assignee";

/// The tasks with who has taken each (`a`, `au`), for [`TASK_COLUMNS`].
const TASKS_WITH_ASSIGNEE: &str = " FROM tasks t \
     LEFT JOIN task_assignments a ON a.person_id = t.person_id AND a.task_id = t.task_id \
     LEFT JOIN users au ON au.user_id = a.user_id";

/// Appends "the actor may see the person of row `p`": the actor's
/// [`PersonScope`] and the protected-address rule, as SQL.
fn push_visible(sql: &mut Sql<'_>, actor: &Actor, today: NaiveDate) {
    sql.push("(");
    match actor.person_scope() {
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
        PersonScope::ConsentedTo(user_id) => {
            sql.push("EXISTS (SELECT 1 FROM consents c WHERE c.person_id = p.person_id AND c.grantee_user_id = ")
                .bind(user_id)
                .push(" AND c.withdrawn_at IS NULL)");
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
/// [`Actor::may_see_protected`] states it.
fn push_protection(sql: &mut Sql<'_>, actor: &Actor) {
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
async fn visible_person<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    person: &Fnr,
    today: NaiveDate,
    lock: bool,
) -> Result<Option<PersonRow>, StoreError> {
    let mut sql =
        Sql::new("SELECT p.unit, p.address_protection FROM persons p WHERE p.person_id = ");
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
    Ok((!protected || actor.may_see_protected(person)).then_some(row))
}

/// What a change to one task checks first, in its transaction: the actor
/// sees the person (whose row is locked) and the task is there (for a
/// manager, in a case at their employer). Otherwise the attempt is audited
/// as denied and answered `NotFound`, as for a person who does not exist.
#[allow(clippy::too_many_arguments)] // the audit entry's parts, each distinct
async fn visible_task<B: Backend>(
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
    if let (Role::Manager, Some(employer)) = (actor.role, actor.employer) {
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
async fn audit<B: Backend>(
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
    keys: Vec<(String, String, String)>,
    pub(crate) documents: Vec<Document>,
    pub(crate) seqs: Vec<i64>,
    pub(crate) decisions: Vec<TaskDecision>,
    last_decision_seq: i64,
    /// Recomputed in this transaction, so to be written.
    derived: Option<Derived>,
}

async fn load_documents<T: Tx>(tx: &mut T, person: &str) -> Result<Vec<DocumentRow>, StoreError> {
    Ok(tx
        .fetch_all::<DocumentRow>(SELECT_DOCUMENTS, &[Arg::from(person)])
        .await?)
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
async fn lock_persons<B: Backend>(
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
async fn store_in<B: Backend>(
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
    let mut outcomes = Vec::with_capacity(documents.len());
    for (parsed, person) in documents.iter().zip(&ids) {
        let inputs = persons.entry(person.clone()).or_default();
        outcomes.push(accept(inputs, person, parsed, today, changes));
    }
    for (person, inputs) in &persons {
        if let Some(derived) = &inputs.derived {
            changes.derived(person, derived, today);
        }
    }
    Ok(outcomes)
}

/// Checks one document against its person's inputs and, if new and valid,
/// adds it to them and to `changes`.
fn accept(
    inputs: &mut PersonInputs,
    person: &str,
    parsed: &ParsedDocument,
    today: NaiveDate,
    changes: &mut ChangeSet,
) -> Result<DocumentOutcome, StoreError> {
    let document = &parsed.document;
    let kind = document.kind().as_str();
    if let Some((_, _, content)) = inputs
        .keys
        .iter()
        .find(|(stored_kind, stored_id, _)| stored_kind == kind && *stored_id == document.id)
    {
        if *content == parsed.canonical {
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
    match derive(
        &document.person,
        &inputs.documents,
        &inputs.seqs,
        &inputs.decisions,
        today,
    ) {
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
async fn denied<B: Backend>(
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
async fn deny_in<B: Backend>(
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

/// The grantee of a consent: a counsellor or job specialist.
async fn consent_grantee<T: Tx>(tx: &mut T, username: &str) -> Result<Option<i64>, StoreError> {
    let row = tx
        .fetch_optional::<NumberRow>(
            "SELECT user_id AS number FROM users WHERE username = $1 AND role IN ('counsellor', 'job_specialist')",
            &[Arg::from(username)],
        )
        .await?;
    Ok(row.map(|row| row.number))
}

/// Grants or withdraws a consent for the worker's own person: one statement
/// over `($1 person, $2 grantee user id, $3 now)`, audited when it changed
/// something.
async fn change_consent<B: Backend>(
    backend: &B,
    actor: &Actor,
    grantee_username: &str,
    now: Millis,
    action: AuditAction,
    statement: &str,
) -> Result<(), StoreError> {
    let Some(person) = own_person(actor) else {
        return Err(denied(
            backend,
            actor,
            NO_PERSON,
            action,
            grantee_username,
            now,
            StoreError::Forbidden,
        )
        .await);
    };
    let person_id = person.to_string();
    let mut tx = backend.begin().await?;
    let Some(grantee) = consent_grantee(&mut tx, grantee_username).await? else {
        tx.rollback().await?;
        return Err(StoreError::NotFound);
    };
    let n_changed = tx
        .execute(
            statement,
            &[
                Arg::from(person_id.as_str()),
                Arg::Int(grantee),
                Arg::Int(now),
            ],
        )
        .await?;
    if n_changed == 0 {
        // Nothing changes, nothing to audit.
        tx.rollback().await?;
        return Ok(());
    }
    audit::<B>(
        &mut tx,
        &person_id,
        actor,
        action,
        grantee_username,
        true,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The worker's own person; `None` for every other actor.
fn own_person(actor: &Actor) -> Option<Fnr> {
    match (actor.role, actor.person) {
        (Role::Worker, Some(person)) => Some(person),
        _ => None,
    }
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

    async fn create_user(&self, user: &NewUser, now: Millis) -> Result<i64, StoreError> {
        let mut tx = self.begin().await?;
        let unit = user.unit.map(|unit| unit.to_string());
        let employer = user.employer.map(|employer| employer.to_string());
        let person = user.person.map(|person| person.to_string());
        let row = tx
            .fetch_optional::<NumberRow>(
                "INSERT INTO users (username, password_hash, role, unit, employer, person, gp_id, \
                 protected_address_access, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (username) DO NOTHING RETURNING user_id AS number",
                &[
                    Arg::from(user.username.as_str()),
                    Arg::from(user.password_hash.as_str()),
                    Arg::from(user.role.as_str()),
                    Arg::from(unit),
                    Arg::from(employer),
                    Arg::from(person),
                    Arg::from(user.gp_id.as_deref()),
                    Arg::Bool(user.protected_address_access),
                    Arg::Int(now),
                ],
            )
            .await?;
        let Some(row) = row else {
            tx.rollback().await?;
            return Err(StoreError::Conflict(format!(
                "the username '{}' is taken",
                user.username
            )));
        };
        tx.commit().await?;
        Ok(row.number)
    }

    async fn user_by_username(&self, username: &str) -> Result<Option<UserRecord>, StoreError> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1");
        let rows = self
            .fetch_all::<UserRow>(&sql, &[Arg::from(username)])
            .await?;
        rows.into_iter()
            .next()
            .map(|row| {
                Ok(UserRecord {
                    actor: row.actor()?,
                    password_hash: row.password_hash,
                })
            })
            .transpose()
    }

    async fn create_session(&self, session: &NewSession) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.execute(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
            &[
                Arg::from(session.token_hash.as_str()),
                Arg::Int(session.user_id),
                Arg::from(session.csrf_token.as_str()),
                Arg::Int(session.created_at),
                Arg::Int(session.expires_at),
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: Millis) -> Result<Option<Session>, StoreError> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.csrf_token FROM sessions s JOIN users u ON u.user_id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2"
        );
        let rows = self
            .fetch_all::<SessionRow>(&sql, &[Arg::from(token_hash), Arg::Int(now)])
            .await?;
        rows.into_iter()
            .next()
            .map(|row| {
                Ok(Session {
                    actor: row.user.actor()?,
                    csrf_token: row.csrf_token,
                })
            })
            .transpose()
    }

    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.execute(
            "DELETE FROM sessions WHERE token_hash = $1",
            &[Arg::from(token_hash)],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_api_token(
        &self,
        name: &str,
        token_hash: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let n_inserted = tx
            .execute(
                "INSERT INTO api_tokens (token_hash, name, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                &[Arg::from(token_hash), Arg::from(name), Arg::Int(now)],
            )
            .await?;
        if n_inserted == 0 {
            tx.rollback().await?;
            return Err(StoreError::Conflict(format!(
                "a token named '{name}' exists"
            )));
        }
        tx.commit().await?;
        Ok(())
    }

    async fn api_token_actor(&self, token_hash: &str) -> Result<Option<Actor>, StoreError> {
        let rows = self
            .fetch_all::<TokenRow>(
                "SELECT name FROM api_tokens WHERE token_hash = $1",
                &[Arg::from(token_hash)],
            )
            .await?;
        Ok(rows.into_iter().next().map(|row| Actor {
            // System clients are not users; 0 is no user's id.
            user_id: 0,
            username: row.name,
            role: Role::System,
            unit: None,
            employer: None,
            person: None,
            gp_id: None,
            protected_address_access: false,
        }))
    }

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
        if !tilbake_domain::casework::may_send(actor.role, &parsed.document.body) {
            return Err(denied(
                self,
                actor,
                &person,
                action,
                kind,
                now,
                StoreError::Forbidden,
            )
            .await);
        }
        let mut tx = self.begin().await?;
        if actor.role == Role::System {
            // System clients deliver for every person, known or new. Where
            // writers lock rows (PostgreSQL), make the person's row and hold
            // it; elsewhere the write script makes it.
            if !B::LOCK_ROW.is_empty() {
                tx.execute(UPSERT_PERSON, &[Arg::from(person.as_str()), Arg::Int(now)])
                    .await?;
                let sql = format!(
                    "SELECT p.unit, p.address_protection FROM persons p WHERE p.person_id = $1{}",
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
        if actor.role != Role::System || B::DOCUMENTS_PER_TRANSACTION <= 1 {
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

    async fn read_person(
        &self,
        actor: &Actor,
        person: &Fnr,
        action: AuditAction,
        purpose: &str,
        today: NaiveDate,
        now: Millis,
    ) -> Result<PersonRecord, StoreError> {
        let person_id = person.to_string();
        let mut tx = self.begin().await?;
        let Some(row) = visible_person::<B>(&mut tx, actor, person, today, false).await? else {
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
        };
        let with_diagnosis = actor.may_see_diagnosis();
        let documents = load_documents(&mut tx, &person_id)
            .await?
            .iter()
            .map(|row| {
                let mut document = row.document()?;
                if !with_diagnosis {
                    document.diagnosis = None;
                }
                Ok(StoredDocument {
                    document,
                    seq: row.seq,
                    received_at: row.received_at,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        // Plan drafts reach the GP and NAV only when the manager shares them.
        let bodies: Vec<_> = documents.iter().map(|s| &s.document.body).collect();
        let visible = tilbake_domain::casework::plan_documents_visible(actor.role, &bodies);
        let documents: Vec<StoredDocument> = documents
            .into_iter()
            .zip(visible)
            .filter_map(|(stored, visible)| visible.then_some(stored))
            .collect();
        let mut sql = Sql::new("SELECT ");
        sql.push(TASK_COLUMNS);
        sql.push(TASKS_WITH_ASSIGNEE)
            .push(" WHERE t.person_id = ")
            .bind(person_id.as_str())
            .push(" ORDER BY t.due, t.task_id");
        let task_rows = tx.fetch_all::<TaskRow>(&sql.text, &sql.args).await?;
        let tasks = task_rows
            .iter()
            .map(TaskRow::task)
            .collect::<Result<Vec<_>, _>>()?;
        let task_assignees = task_rows
            .iter()
            .filter_map(|row| Some((row.task_id.clone(), row.assignee.clone()?)))
            .collect();
        audit::<B>(&mut tx, &person_id, actor, action, purpose, true, now).await?;
        tx.commit().await?;
        Ok(PersonRecord {
            task_assignees,
            person: *person,
            unit: crate::rows::parse_unit(&row.unit)?,
            protection: row.protection()?,
            documents,
            tasks,
        })
    }

    async fn set_address_protection(
        &self,
        actor: &Actor,
        person: &Fnr,
        protection: AddressProtection,
        now: Millis,
    ) -> Result<(), StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::SetAddressProtection;
        if actor.role != Role::System {
            return Err(denied(
                self,
                actor,
                &person_id,
                action,
                protection.as_str(),
                now,
                StoreError::Forbidden,
            )
            .await);
        }
        let mut tx = self.begin().await?;
        tx.execute(
            "INSERT INTO persons (person_id, address_protection, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (person_id) DO UPDATE SET address_protection = excluded.address_protection",
            &[Arg::from(person_id.as_str()), Arg::from(protection.as_str()), Arg::Int(now)],
        )
        .await?;
        audit::<B>(
            &mut tx,
            &person_id,
            actor,
            action,
            protection.as_str(),
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn grant_consent(
        &self,
        actor: &Actor,
        grantee_username: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        // Granting again after a withdrawal renews the grant; an existing grant is left as is.
        change_consent(
            self,
            actor,
            grantee_username,
            now,
            AuditAction::GrantConsent,
            "INSERT INTO consents (person_id, grantee_user_id, granted_at) VALUES ($1, $2, $3) \
             ON CONFLICT (person_id, grantee_user_id) DO UPDATE \
             SET granted_at = excluded.granted_at, withdrawn_at = NULL \
             WHERE consents.withdrawn_at IS NOT NULL",
        )
        .await
    }

    async fn withdraw_consent(
        &self,
        actor: &Actor,
        grantee_username: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        change_consent(
            self,
            actor,
            grantee_username,
            now,
            AuditAction::WithdrawConsent,
            "UPDATE consents SET withdrawn_at = $3 \
             WHERE person_id = $1 AND grantee_user_id = $2 AND withdrawn_at IS NULL",
        )
        .await
    }

    async fn person_audit_log(
        &self,
        actor: &Actor,
        person: &Fnr,
        _today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::ReadAuditLog;
        match own_person(actor) {
            Some(own) if own == *person => {}
            Some(_) => {
                return Err(denied(
                    self,
                    actor,
                    &person_id,
                    action,
                    "",
                    now,
                    StoreError::NotFound,
                )
                .await);
            }
            None => {
                return Err(denied(
                    self,
                    actor,
                    &person_id,
                    action,
                    "",
                    now,
                    StoreError::Forbidden,
                )
                .await);
            }
        }
        let mut tx = self.begin().await?;
        audit::<B>(&mut tx, &person_id, actor, action, "", true, now).await?;
        let rows = tx
            .fetch_all::<crate::rows::AuditRow>(
                "SELECT at, actor_username, actor_role, action, purpose, permitted FROM audit_log \
                 WHERE person_id = $1 ORDER BY at DESC, entry_id DESC",
                &[Arg::from(person_id.as_str())],
            )
            .await?;
        tx.commit().await?;
        rows.into_iter().map(crate::rows::AuditRow::entry).collect()
    }

    async fn list_persons(
        &self,
        actor: &Actor,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<ListedPerson>, StoreError> {
        let action = AuditAction::ListPersons;
        if !matches!(actor.role, Role::Manager | Role::Gp) {
            return Err(denied(
                self,
                actor,
                NO_PERSON,
                action,
                "",
                now,
                StoreError::Forbidden,
            )
            .await);
        }
        let mut sql = Sql::new("SELECT p.person_id, p.unit FROM persons p WHERE ");
        push_visible(&mut sql, actor, today);
        sql.push(" ORDER BY p.person_id LIMIT ")
            .bind(i64::from(crate::LIST_PERSONS_LIMIT));
        let rows = self
            .fetch_all::<crate::rows::ListedRow>(&sql.text, &sql.args)
            .await?;
        let persons = rows
            .iter()
            .map(|row| {
                Ok(ListedPerson {
                    person: crate::rows::parse_fnr(&row.person_id)?,
                    unit: crate::rows::parse_unit(&row.unit)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut tx = self.begin().await?;
        for row in &rows {
            audit::<B>(&mut tx, &row.person_id, actor, action, "", true, now).await?;
        }
        tx.commit().await?;
        Ok(persons)
    }

    async fn list_tasks(
        &self,
        actor: &Actor,
        query: &TaskQuery,
        now: Millis,
    ) -> Result<Vec<QueuedTask>, StoreError> {
        let action = AuditAction::ReadTasks;
        let today = query.today;
        let mut sql = Sql::new("SELECT ");
        sql.push(TASK_COLUMNS);
        sql.push(TASKS_WITH_ASSIGNEE).push(" WHERE ");
        match (actor.role, actor.person_scope()) {
            (Role::Caseworker, PersonScope::Unit(unit)) => {
                // A unit's persons are the persons whose tasks carry the unit.
                sql.push("t.unit = ")
                    .bind(unit.to_string())
                    .push(" AND t.owner = 'nav'");
            }
            (Role::Manager, PersonScope::OpenCaseAtEmployer(employer)) => {
                // Employees with an open case here; tasks of cases at this employer.
                let employer = employer.to_string();
                sql.push("t.owner = 'employer' AND t.person_id IN (SELECT ce.person_id FROM case_employers ce WHERE ce.employer = ")
                    .bind(employer.clone())
                    .push(" AND ce.open_until >= ")
                    .bind(date_text(today))
                    .push(") AND EXISTS (SELECT 1 FROM case_employers cs WHERE cs.person_id = t.person_id AND cs.case_start = t.case_start AND cs.employer = ")
                    .bind(employer)
                    .push(")");
            }
            (Role::Caseworker | Role::Manager, _) => {
                sql.push("1 = 0");
            }
            _ => {
                return Err(denied(
                    self,
                    actor,
                    NO_PERSON,
                    action,
                    "",
                    now,
                    StoreError::Forbidden,
                )
                .await);
            }
        }
        if !actor.protected_address_access {
            // The few protected persons once, rather than a look-up per task.
            sql.push(
                " AND (t.person_id NOT IN (SELECT pp.person_id FROM persons pp \
                 WHERE pp.address_protection <> 'none')",
            );
            if let Some(own) = actor.person {
                sql.push(" OR t.person_id = ").bind(own.to_string());
            }
            sql.push(")");
        }
        if query.open_only {
            sql.push(" AND t.state = 'open'");
        }
        if query.assigned_to_me {
            sql.push(" AND a.user_id = ").bind(actor.user_id);
        }
        if let Some(kind) = query.kind {
            sql.push(" AND t.kind = ").bind(kind.as_str());
        }
        if let Some(n_days) = query.due_within_days {
            sql.push(" AND t.due <= ")
                .bind(date_text(date_after(today, n_days)));
        }
        sql.push(" ORDER BY CASE WHEN t.state = 'open' AND t.due < ")
            .bind(date_text(today))
            .push(" THEN 0 ELSE 1 END, t.due, t.person_id, t.task_id LIMIT ")
            .bind(i64::from(query.limit));
        let rows = self.fetch_all::<TaskRow>(&sql.text, &sql.args).await?;
        let tasks = rows
            .iter()
            .map(|row| row.queued(today))
            .collect::<Result<Vec<_>, _>>()?;
        let mut tx = self.begin().await?;
        audit::<B>(&mut tx, NO_PERSON, actor, action, "", true, now).await?;
        tx.commit().await?;
        Ok(tasks)
    }

    async fn decide_task(
        &self,
        actor: &Actor,
        person: &Fnr,
        task_id: &str,
        state: TaskState,
        reason: &str,
        today: NaiveDate,
        now: Millis,
    ) -> Result<QueuedTask, StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::CompleteTask;
        let party = match actor.role {
            Role::Caseworker => Party::Nav,
            Role::Manager => Party::Employer,
            _ => {
                return Err(denied(
                    self,
                    actor,
                    &person_id,
                    action,
                    task_id,
                    now,
                    StoreError::Forbidden,
                )
                .await)
            }
        };
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid {
                field: "reason".to_owned(),
                message: "a reason is required".to_owned(),
            });
        }
        let (mut tx, task_row) = visible_task::<B>(
            self.begin().await?,
            actor,
            person,
            task_id,
            today,
            action,
            task_id,
            now,
        )
        .await?;
        if task_row.task()?.owner != party {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                task_id,
                now,
                StoreError::Forbidden,
            )
            .await);
        }

        let mut persons = load_persons(self, &mut tx, [person_id.as_str()]).await?;
        let inputs = persons.entry(person_id.clone()).or_default();
        inputs.decisions.push(TaskDecision {
            task_id: task_id.to_owned(),
            state,
            reason: reason.to_owned(),
        });
        let derived = derive(
            person,
            &inputs.documents,
            &inputs.seqs,
            &inputs.decisions,
            today,
        )
        .map_err(|error| invalid(&error))?;
        let mut changes = ChangeSet::default();
        changes.decision(
            &person_id,
            inputs.last_decision_seq + 1,
            task_id,
            state.as_str(),
            reason,
        );
        changes.derived(&person_id, &derived, today);
        changes.audit(
            &person_id,
            action,
            &format!("{task_id}: {}", state.as_str()),
            true,
        );
        let assignee = tx
            .fetch_optional::<crate::rows::NameRow>(
                "SELECT u.username AS name FROM task_assignments a JOIN users u ON u.user_id = a.user_id \
                 WHERE a.person_id = $1 AND a.task_id = $2",
                &[Arg::from(person_id.as_str()), Arg::from(task_id)],
            )
            .await?
            .map(|row| row.name);
        tx.commit_script(&self.scripts().write, &changes.args(actor, now))
            .await?;
        let task = derived
            .tasks
            .into_iter()
            .find(|task| task.id == task_id)
            .ok_or(StoreError::NotFound)?;
        Ok(QueuedTask {
            person: *person,
            unit: derived.unit,
            urgency: TaskUrgency::of(task.due, today),
            task,
            assignee,
        })
    }

    async fn assign_task(
        &self,
        actor: &Actor,
        person: &Fnr,
        task_id: &str,
        take: bool,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::AssignTask;
        let purpose = format!("{task_id}: {}", if take { "take" } else { "release" });
        if actor.role != Role::Caseworker {
            return Err(denied(
                self,
                actor,
                &person_id,
                action,
                &purpose,
                now,
                StoreError::Forbidden,
            )
            .await);
        }
        let (mut tx, task_row) = visible_task::<B>(
            self.begin().await?,
            actor,
            person,
            task_id,
            today,
            action,
            &purpose,
            now,
        )
        .await?;
        let task = task_row.task()?;
        if task.owner != Party::Nav || task.state != TaskState::Open {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                &purpose,
                now,
                StoreError::Forbidden,
            )
            .await);
        }
        if take {
            tx.execute(
                "INSERT INTO task_assignments (person_id, task_id, user_id, assigned_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (person_id, task_id) \
                 DO UPDATE SET user_id = excluded.user_id, assigned_at = excluded.assigned_at",
                &[
                    Arg::from(person_id.as_str()),
                    Arg::from(task_id),
                    Arg::Int(actor.user_id),
                    Arg::Int(now),
                ],
            )
            .await?;
        } else {
            tx.execute(
                "DELETE FROM task_assignments WHERE person_id = $1 AND task_id = $2 AND user_id = $3",
                &[
                    Arg::from(person_id.as_str()),
                    Arg::from(task_id),
                    Arg::Int(actor.user_id),
                ],
            )
            .await?;
        }
        audit::<B>(&mut tx, &person_id, actor, action, &purpose, true, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn tick(&self, day: NaiveDate, now: Millis) -> Result<TickReport, StoreError> {
        let day_text = date_text(day);
        let soon_text = date_text(due_soon_until(day));
        let mut tx = self.begin().await?;
        let first_run = tx
            .execute(
                "INSERT INTO tick_runs (day, ran_at) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING",
                &[Arg::from(day_text.as_str()), Arg::Int(now)],
            )
            .await?
            == 1;
        let n_changed = if first_run {
            // Tasks of cases that ended before the day close by themselves,
            // as a recomputation on that day would close them.
            let n_closed = tx
                .execute(
                    "UPDATE tasks SET state = 'not_needed', closed_because = $2 \
                     WHERE state = 'open' AND EXISTS (SELECT 1 FROM followup_cases c \
                     WHERE c.person_id = tasks.person_id AND c.case_start = tasks.case_start \
                     AND c.open_until < $1)",
                    &[Arg::from(day_text.as_str()), Arg::from(SICK_LEAVE_ENDED)],
                )
                .await?;
            n_closed + tx.execute(
                "UPDATE tasks SET urgency = CASE WHEN due < $1 THEN 'overdue' WHEN due <= $2 THEN 'due_soon' \
                 ELSE 'upcoming' END \
                 WHERE state = 'open' AND (urgency IS NULL OR urgency <> CASE WHEN due < $1 THEN 'overdue' \
                 WHEN due <= $2 THEN 'due_soon' ELSE 'upcoming' END)",
                &[Arg::from(day_text.as_str()), Arg::from(soon_text.as_str())],
            )
            .await?
        } else {
            0
        };
        let counts = tx
            .fetch_optional::<TickCountRow>(
                "SELECT COUNT(*) AS n_open, \
                 COALESCE(SUM(CASE WHEN due < $1 THEN 1 ELSE 0 END), 0) AS n_overdue, \
                 COALESCE(SUM(CASE WHEN due >= $1 AND due <= $2 THEN 1 ELSE 0 END), 0) AS n_due_soon \
                 FROM tasks WHERE state = 'open'",
                &[Arg::from(day_text.as_str()), Arg::from(soon_text.as_str())],
            )
            .await?
            .unwrap_or(TickCountRow {
                n_open: 0,
                n_overdue: 0,
                n_due_soon: 0,
            });
        tx.commit().await?;
        Ok(TickReport {
            n_open: count(counts.n_open),
            n_overdue: count(counts.n_overdue),
            n_due_soon: count(counts.n_due_soon),
            n_changed,
        })
    }
}
