//! Row types as the SQL returns them, and their conversion to domain types.
//!
//! Each derives `FromRow` and so decodes from SQLite and PostgreSQL alike
//! (see [`crate::backend::Record`]). Integers are `i64` on both sides and
//! converted with checks, never with `as`.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use tilbake_contract::stored;
use tilbake_domain::access::{AddressProtection, AuditAction, Principal, Role};
use tilbake_domain::document::Document;
use tilbake_domain::followup::Party;
use tilbake_domain::identity::{Fnr, Orgnr, UnitCode};
use tilbake_domain::tasks::{Task, TaskDecision, TaskKind, TaskState, TaskUrgency};

use crate::recompute::{corrupt, parse_date};
use crate::{Actor, AuditEntry, QueuedTask, StoreError};

/// A person of a list, with their unit.
#[derive(sqlx::FromRow)]
pub struct ListedRow {
    pub person_id: String,
    pub unit: String,
}

/// The columns of a [`PersonRow`] of the persons row `p`.
pub const PERSON_ROW_COLUMNS: &str = "p.unit, p.address_protection, p.reference, p.given_name, \
     p.family_name, p.street, p.postcode, p.city";

#[derive(sqlx::FromRow)]
pub struct PersonRow {
    pub unit: String,
    pub address_protection: String,
    /// Given by the database when the row is made (migration 0014).
    pub reference: Option<String>,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
}

impl PersonRow {
    pub fn protection(&self) -> Result<AddressProtection, StoreError> {
        parse_protection(&self.address_protection)
    }

    pub fn reference(&self) -> Result<tilbake_domain::register::PersonRef, StoreError> {
        crate::names::parse_reference(self.reference.as_deref().unwrap_or_default())
    }

    pub fn name(&self) -> Option<tilbake_domain::register::PersonName> {
        crate::names::name_of(self.given_name.as_ref(), self.family_name.as_ref())
    }

    pub fn address(&self) -> Option<tilbake_domain::register::PostalAddress> {
        Some(tilbake_domain::register::PostalAddress {
            street: self.street.clone()?,
            postcode: self.postcode.clone()?,
            city: self.city.clone()?,
        })
    }
}

pub fn parse_protection(text: &str) -> Result<AddressProtection, StoreError> {
    AddressProtection::parse(text)
        .ok_or_else(|| corrupt(format!("'{text}' is not an address protection")))
}

pub fn parse_unit(text: &str) -> Result<UnitCode, StoreError> {
    UnitCode::parse(text).map_err(|_| corrupt(format!("'{text}' is not a unit")))
}

pub fn parse_fnr(text: &str) -> Result<Fnr, StoreError> {
    Fnr::parse(text)
        .map_err(|_| corrupt("a stored person is not a national identity number".to_owned()))
}

#[derive(sqlx::FromRow)]
pub struct DocumentRow {
    pub kind: String,
    pub doc_id: String,
    pub seq: i64,
    pub content: String,
    pub received_at: i64,
    /// The storage format `content` is written in.
    pub format: i64,
}

impl DocumentRow {
    /// The document as the storage codec reads it: leniently, so that what
    /// was accepted under older input rules is read under today's.
    pub fn document(&self) -> Result<Document, StoreError> {
        stored::decode(self.format, &self.kind, &self.content)
            .map_err(|error| corrupt(format!("document id '{}': {error}", self.doc_id)))
    }
}

/// A document or a decision of a person, from one query over both tables.
#[derive(sqlx::FromRow)]
pub struct PersonDataRow {
    pub person_id: String,
    /// `document` or `decision`.
    pub source: String,
    /// The kind of a document, the task id of a decision.
    pub name: String,
    /// The id of a document, the state of a decision.
    pub key: String,
    pub seq: i64,
    /// The content of a document, the reason of a decision.
    pub body: String,
    /// When the document arrived or the decision was made.
    pub at: i64,
    /// The storage format of a document; 0 for a decision.
    pub format: i64,
}

/// Each person's documents and decisions, each in the order of the rows.
pub fn group_person_data(
    rows: Vec<PersonDataRow>,
) -> BTreeMap<String, (Vec<DocumentRow>, Vec<DecisionRow>)> {
    let mut persons: BTreeMap<String, (Vec<DocumentRow>, Vec<DecisionRow>)> = BTreeMap::new();
    for row in rows {
        let (documents, decisions) = persons.entry(row.person_id).or_default();
        if row.source == "document" {
            documents.push(DocumentRow {
                kind: row.name,
                doc_id: row.key,
                seq: row.seq,
                content: row.body,
                received_at: row.at,
                format: row.format,
            });
        } else {
            decisions.push(DecisionRow {
                seq: row.seq,
                task_id: row.name,
                state: row.key,
                reason: row.body,
            });
        }
    }
    persons
}

#[derive(sqlx::FromRow)]
pub struct DecisionRow {
    pub seq: i64,
    pub task_id: String,
    pub state: String,
    pub reason: String,
}

impl DecisionRow {
    pub fn decision(self) -> Result<TaskDecision, StoreError> {
        Ok(TaskDecision {
            state: parse_state(&self.state)?,
            task_id: self.task_id,
            reason: self.reason,
        })
    }
}

pub fn party_text(party: Party) -> &'static str {
    match party {
        Party::Employer => "employer",
        Party::Nav => "nav",
    }
}

fn parse_state(text: &str) -> Result<TaskState, StoreError> {
    TaskState::parse(text).ok_or_else(|| corrupt(format!("'{text}' is not a task state")))
}

/// A task with its person and unit. Its owner follows from its kind and its
/// urgency from the day asked about, so neither is read (a queue reads
/// hundreds of rows, and every value read costs).
#[derive(sqlx::FromRow)]
pub struct TaskRow {
    pub person_id: String,
    pub unit: String,
    pub task_id: String,
    pub case_start: String,
    pub kind: String,
    pub due: String,
    pub state: String,
    pub closed_because: Option<String>,
    pub assignee: Option<String>,
}

impl TaskRow {
    pub fn task(&self) -> Result<Task, StoreError> {
        let kind = TaskKind::parse(&self.kind)
            .ok_or_else(|| corrupt(format!("'{}' is not a task kind", self.kind)))?;
        Ok(Task {
            id: self.task_id.clone(),
            case_start: parse_date(&self.case_start)?,
            kind,
            owner: kind.owner(),
            due: parse_date(&self.due)?,
            state: parse_state(&self.state)?,
            closed_because: self.closed_because.clone(),
        })
    }

    /// The task in a queue on `today`.
    pub fn queued(&self, today: NaiveDate) -> Result<QueuedTask, StoreError> {
        let task = self.task()?;
        Ok(QueuedTask {
            person: parse_fnr(&self.person_id)?,
            unit: parse_unit(&self.unit)?,
            urgency: TaskUrgency::of(task.due, today),
            task,
            assignee: self.assignee.clone(),
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct UserRow {
    pub user_id: i64,
    pub username: String,
    pub password_hash: String,
    pub role: String,
    pub unit: Option<String>,
    pub employer: Option<String>,
    pub person: Option<String>,
    pub gp_id: Option<String>,
    pub protected_address_access: bool,
}

impl UserRow {
    /// The account as an actor: the store's look-ups are the only place one is made.
    pub fn actor(&self) -> Result<Actor, StoreError> {
        Ok(Actor::new(Principal {
            user_id: self.user_id,
            username: self.username.clone(),
            role: Role::parse(&self.role)
                .ok_or_else(|| corrupt(format!("'{}' is not a role", self.role)))?,
            unit: self.unit.as_deref().map(parse_unit).transpose()?,
            employer: self
                .employer
                .as_deref()
                .map(|employer| {
                    Orgnr::parse(employer)
                        .map_err(|_| corrupt(format!("'{employer}' is not an orgnr")))
                })
                .transpose()?,
            person: self.person.as_deref().map(parse_fnr).transpose()?,
            gp_id: self.gp_id.clone(),
            protected_address_access: self.protected_address_access,
        }))
    }
}

/// A session joined with its user.
#[derive(sqlx::FromRow)]
pub struct SessionRow {
    #[sqlx(flatten)]
    pub user: UserRow,
    pub csrf_token: String,
    pub last_used_at: i64,
}

#[derive(sqlx::FromRow)]
pub struct SessionSummaryRow {
    pub token_hash: String,
    pub created_at: i64,
    pub last_used_at: i64,
    pub expires_at: i64,
}

#[derive(sqlx::FromRow)]
pub struct LoginFailuresRow {
    pub n_failures: i64,
    pub last_failure_at: i64,
}

#[derive(sqlx::FromRow)]
pub struct TokenRow {
    pub name: String,
}

#[derive(sqlx::FromRow)]
pub struct AuditRow {
    pub at: i64,
    pub actor_username: String,
    pub actor_role: String,
    pub action: String,
    pub purpose: String,
    pub permitted: bool,
    // The acting account's ties: read where the query joins them (a
    // person's log), absent elsewhere (an organisation's own log).
    #[sqlx(default)]
    pub actor_unit: Option<String>,
    #[sqlx(default)]
    pub actor_organisation: Option<String>,
    #[sqlx(default)]
    pub actor_organisation_name: Option<String>,
}

impl AuditRow {
    pub fn entry(self) -> Result<AuditEntry, StoreError> {
        let action = AuditAction::parse(&self.action)
            .ok_or_else(|| corrupt(format!("'{}' is not an audit action", self.action)))?;
        Ok(AuditEntry {
            at: self.at,
            actor_role: Role::parse(&self.actor_role)
                .ok_or_else(|| corrupt(format!("'{}' is not a role", self.actor_role)))?,
            actor_username: self.actor_username,
            action,
            purpose: self.purpose,
            permitted: self.permitted,
            actor_tie: crate::ActorTie {
                unit: self.actor_unit,
                organisation: self.actor_organisation,
                organisation_name: self.actor_organisation_name,
            },
        })
    }
}

/// A person's id.
#[derive(sqlx::FromRow)]
pub struct PersonIdRow {
    pub person_id: String,
}

/// A single name (a username).
#[derive(sqlx::FromRow)]
pub struct NameRow {
    pub name: String,
}

/// A single number (a count, an id).
#[derive(sqlx::FromRow)]
pub struct NumberRow {
    pub number: i64,
}

#[derive(sqlx::FromRow)]
#[allow(clippy::struct_field_names)] // the same names as `TickReport`'s counts
pub struct TickCountRow {
    pub n_open: i64,
    pub n_overdue: i64,
    pub n_due_soon: i64,
}

/// Checked conversion of a count from the database.
pub fn count(number: i64) -> u64 {
    u64::try_from(number).unwrap_or(0)
}
