//! Names instead of numbers: persons' names and opaque page references,
//! employers' names.
//!
//! A person's name and address are derived from their latest
//! `population_register` document (written with the person's row by the
//! document write path); the reference is given by the database when the
//! person's row is made (migration 0014). Employers' names are the
//! operator's (`tilbake admin employer name`), from the register of legal
//! entities; an employer in the Supported Employment register is known by
//! that name too.

use std::collections::BTreeMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use tilbake_domain::access::policy;
use tilbake_domain::access::AuditAction;
use tilbake_domain::identity::{Fnr, Orgnr};
use tilbake_domain::register::{check_text, PersonName, PersonRef};

use crate::backend::{Arg, Backend, Sql, Tx};
use crate::sql_store::{audit, deny_in, organisation_subject, push_visible};
use crate::{Actor, Millis, StoreError};

/// A person as a list or a link names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonLabel {
    pub person: Fnr,
    /// The person's address in page paths.
    pub reference: PersonRef,
    /// From the population register; `None` until a register document
    /// about them is stored.
    pub name: Option<PersonName>,
}

#[async_trait]
pub trait NameStore: Send + Sync + 'static {
    /// The names and references of those of `persons` the actor may see
    /// (the others are left out, as if they did not exist). For pages that
    /// list persons the store gave them already; not audited again.
    async fn person_labels(
        &self,
        actor: &Actor,
        persons: &[Fnr],
        today: NaiveDate,
    ) -> Result<BTreeMap<Fnr, PersonLabel>, StoreError>;

    /// The person a page reference names, if any. Says nothing of access:
    /// the page then reads the person through the store, which asks the
    /// policy and audits (a person the actor may not see answers as one
    /// who does not exist).
    async fn person_of_reference(&self, reference: &PersonRef) -> Result<Option<Fnr>, StoreError>;

    /// The names of those of `employers` that have one, by organisation
    /// number. Organisations' names are public (the register of legal
    /// entities).
    async fn employer_names(
        &self,
        employers: &[String],
    ) -> Result<BTreeMap<String, String>, StoreError>;

    /// Sets an employer's name (the admin or the operator, as
    /// organisations are registered); audited under the employer.
    async fn set_employer_name(
        &self,
        actor: &Actor,
        orgnr: &Orgnr,
        name: &str,
        now: Millis,
    ) -> Result<(), StoreError>;
}

#[derive(sqlx::FromRow)]
struct LabelRow {
    person_id: String,
    reference: String,
    given_name: Option<String>,
    family_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EmployerNameRow {
    orgnr: String,
    name: String,
}

#[derive(sqlx::FromRow)]
struct PersonIdOnly {
    person_id: String,
}

/// A stored reference, or an error naming the corruption.
pub(crate) fn parse_reference(text: &str) -> Result<PersonRef, StoreError> {
    PersonRef::parse(text)
        .ok_or_else(|| crate::recompute::corrupt(format!("'{text}' is not a person reference")))
}

/// A stored name, when both its parts are stored.
pub(crate) fn name_of(given: Option<&String>, family: Option<&String>) -> Option<PersonName> {
    Some(PersonName {
        given: given?.clone(),
        family: family?.clone(),
    })
}

#[async_trait]
impl<B: Backend> NameStore for B {
    async fn person_labels(
        &self,
        actor: &Actor,
        persons: &[Fnr],
        today: NaiveDate,
    ) -> Result<BTreeMap<Fnr, PersonLabel>, StoreError> {
        let mut labels = BTreeMap::new();
        // A few hundred at a time keeps each statement's arguments well
        // under every backend's limit.
        for chunk in persons.chunks(500) {
            let mut sql = Sql::new(
                "SELECT p.person_id, p.reference, p.given_name, p.family_name FROM persons p \
                 WHERE p.person_id IN (",
            );
            for (index, person) in chunk.iter().enumerate() {
                if index > 0 {
                    sql.push(", ");
                }
                sql.bind(person.to_string());
            }
            sql.push(") AND ");
            push_visible(&mut sql, actor, today);
            for row in self.fetch_all::<LabelRow>(&sql.text, &sql.args).await? {
                let person = crate::rows::parse_fnr(&row.person_id)?;
                labels.insert(
                    person,
                    PersonLabel {
                        person,
                        reference: parse_reference(&row.reference)?,
                        name: name_of(row.given_name.as_ref(), row.family_name.as_ref()),
                    },
                );
            }
        }
        Ok(labels)
    }

    async fn person_of_reference(&self, reference: &PersonRef) -> Result<Option<Fnr>, StoreError> {
        let rows = self
            .fetch_all::<PersonIdOnly>(
                "SELECT person_id FROM persons WHERE reference = $1",
                &[Arg::from(reference.as_str())],
            )
            .await?;
        rows.first()
            .map(|row| crate::rows::parse_fnr(&row.person_id))
            .transpose()
    }

    async fn employer_names(
        &self,
        employers: &[String],
    ) -> Result<BTreeMap<String, String>, StoreError> {
        let mut names = BTreeMap::new();
        // The operator's name is read last and wins over the Supported
        // Employment register's: it comes from the register of legal entities.
        for table in ["se_employers", "employer_names"] {
            for chunk in employers.chunks(500) {
                let mut sql =
                    Sql::new(&format!("SELECT orgnr, name FROM {table} WHERE orgnr IN ("));
                for (index, employer) in chunk.iter().enumerate() {
                    if index > 0 {
                        sql.push(", ");
                    }
                    sql.bind(employer.as_str());
                }
                sql.push(")");
                for row in self
                    .fetch_all::<EmployerNameRow>(&sql.text, &sql.args)
                    .await?
                {
                    names.insert(row.orgnr, row.name);
                }
            }
        }
        Ok(names)
    }

    async fn set_employer_name(
        &self,
        actor: &Actor,
        orgnr: &Orgnr,
        name: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        let subject = organisation_subject(orgnr);
        let action = AuditAction::ChangeOrganisation;
        let mut tx = self.begin().await?;
        if !policy::manages_organisations(actor) {
            return Err(
                deny_in::<B>(tx, actor, &subject, action, "", now, StoreError::Forbidden).await,
            );
        }
        let name = check_text(name).map_err(|error| StoreError::Invalid {
            field: "name".to_owned(),
            message: format!("the employer's name {error}"),
        })?;
        tx.execute(
            "INSERT INTO employer_names (orgnr, name, changed_at) VALUES ($1, $2, $3) \
             ON CONFLICT (orgnr) DO UPDATE SET name = excluded.name, changed_at = excluded.changed_at",
            &[Arg::from(orgnr.to_string()), Arg::from(name.as_str()), Arg::Int(now)],
        )
        .await?;
        audit::<B>(&mut tx, &subject, actor, action, "name", true, now).await?;
        tx.commit().await?;
        Ok(())
    }
}
