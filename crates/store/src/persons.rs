//! A person's data as a reader may see it: what the one access policy's
//! `PersonView` shows of the documents, the follow-up and the tasks; the
//! address protection; the person's own audit log; lists of persons.
//!
//! The trait and its one implementation for every [`Backend`]; the shared
//! access filters and write helpers are in `sql_store.rs`.

use async_trait::async_trait;
use chrono::NaiveDate;
use tilbake_domain::access::policy::{self};
use tilbake_domain::access::{AddressProtection, AuditAction};
use tilbake_domain::followup::Followup;
use tilbake_domain::identity::Fnr;

use crate::backend::{Arg, Backend, Sql, Tx};
use crate::rows::TaskRow;
use crate::sql_store::{
    audit, denied, deny_in, only_the_person, person_view, push_visible, refuse_by_role,
    viewed_documents, viewed_followup, NO_PERSON, TASKS_WITH_ASSIGNEE, TASK_COLUMNS,
};
use crate::{Actor, AuditEntry, ListedPerson, Millis, PersonRecord, StoreError};

#[async_trait]
pub trait PersonStore: Send + Sync + 'static {
    /// What the actor may see of a person (documents, follow-up, tasks), for
    /// `action` (`ReadFollowup` or `ReadDocuments`). `NotFound` when the
    /// person does not exist or the actor may not see them.
    async fn read_person(
        &self,
        actor: &Actor,
        person: &Fnr,
        action: AuditAction,
        purpose: &str,
        today: NaiveDate,
        now: Millis,
    ) -> Result<PersonRecord, StoreError>;

    /// The person's follow-up (cases and milestones) with statuses on
    /// `as_of`, computed from their whole sick leave and shown as the
    /// access policy allows (a manager sees only their own employer named).
    /// `NotFound` when the person does not exist, the actor may not see
    /// them, or may not see their follow-up.
    #[allow(clippy::too_many_arguments)] // each is a distinct input
    async fn read_followup(
        &self,
        actor: &Actor,
        person: &Fnr,
        as_of: NaiveDate,
        purpose: &str,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Followup, StoreError>;

    /// Sets a person's protected-address level (system clients only).
    async fn set_address_protection(
        &self,
        actor: &Actor,
        person: &Fnr,
        protection: AddressProtection,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// Who has read or changed the person's data, newest first: for the
    /// person themself.
    async fn person_audit_log(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<AuditEntry>, StoreError>;

    /// The persons the actor follows, by identity number: for a manager
    /// the employees with an open case at the employer, for a GP the
    /// patients they have certified, for a counsellor or job specialist
    /// the persons whose consent to them stands (at most
    /// [`crate::LIST_PERSONS_LIMIT`]). Each listed person gets an audit entry, so
    /// they see who listed them. Other roles: `Forbidden` (a caseworker has
    /// the unit's queue).
    async fn list_persons(
        &self,
        actor: &Actor,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<ListedPerson>, StoreError>;
}

#[async_trait]
impl<B: Backend> PersonStore for B {
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
        let Some((row, view)) = person_view::<B>(&mut tx, actor, person, today, false).await?
        else {
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
        let protection = row.protection()?;
        let mut documents = viewed_documents(&mut tx, &person_id, &view).await?;
        // The register's document carries the address: gone with it when
        // the address is protected.
        if !view.address_shown(protection) {
            documents.retain(|stored| {
                stored.document.kind() != tilbake_domain::document::DocumentKind::PopulationRegister
            });
        }
        // Stored documents the current rules give no follow-up for (after an
        // upgrade, until `tilbake recompute` has reported them) still show:
        // the reader gets the documents and no follow-up, not an error.
        let followup = match viewed_followup(&mut tx, person, &view, Some(&documents), today).await
        {
            Ok(followup) => followup,
            Err(StoreError::Invalid { .. }) => None,
            Err(error) => return Err(error),
        };
        let (tasks, task_assignees) = if view.tasks == policy::Tasks::None {
            (Vec::new(), Vec::new())
        } else {
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
            let assignees = task_rows
                .iter()
                .filter_map(|row| Some((row.task_id.clone(), row.assignee.clone()?)))
                .collect();
            (view.tasks(tasks), assignees)
        };
        audit::<B>(&mut tx, &person_id, actor, action, purpose, true, now).await?;
        tx.commit().await?;
        Ok(PersonRecord {
            task_assignees,
            person: *person,
            reference: row.reference()?,
            name: row.name(),
            address: view
                .address_shown(protection)
                .then(|| row.address())
                .flatten(),
            unit: crate::rows::parse_unit(&row.unit)?,
            protection,
            view,
            documents,
            followup,
            tasks,
        })
    }

    async fn read_followup(
        &self,
        actor: &Actor,
        person: &Fnr,
        as_of: NaiveDate,
        purpose: &str,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Followup, StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::ReadFollowup;
        let mut tx = self.begin().await?;
        let view = person_view::<B>(&mut tx, actor, person, today, false)
            .await?
            .map(|(_, view)| view);
        let followup = match view {
            Some(view) => viewed_followup(&mut tx, person, &view, None, as_of).await?,
            None => None,
        };
        let Some(followup) = followup else {
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
        audit::<B>(&mut tx, &person_id, actor, action, purpose, true, now).await?;
        tx.commit().await?;
        Ok(followup)
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
        if !policy::sets_address_protection(actor) {
            // The UTC date of `now`, as the web layer's `today`.
            let today = chrono::DateTime::from_timestamp_millis(now)
                .unwrap_or_default()
                .date_naive();
            return Err(refuse_by_role(
                self,
                actor,
                person,
                action,
                protection.as_str(),
                today,
                now,
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

    async fn person_audit_log(
        &self,
        actor: &Actor,
        person: &Fnr,
        _today: NaiveDate,
        now: Millis,
    ) -> Result<Vec<AuditEntry>, StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::ReadAuditLog;
        only_the_person(self, actor, person, action, "", now).await?;
        let mut tx = self.begin().await?;
        audit::<B>(&mut tx, &person_id, actor, action, "", true, now).await?;
        let rows = tx
            .fetch_all::<crate::rows::AuditRow>(
                // The account's ties, so the person reads an office or an
                // organisation; system clients (user id 0) have none.
                "SELECT a.at, a.actor_username, a.actor_role, a.action, a.purpose, a.permitted, \
                 u.unit AS actor_unit, u.employer AS actor_organisation, \
                 o.name AS actor_organisation_name \
                 FROM audit_log a \
                 LEFT JOIN users u ON u.user_id = a.actor_user_id AND a.actor_role <> 'system' \
                 LEFT JOIN organisations o ON o.orgnr = u.employer \
                 WHERE a.person_id = $1 ORDER BY a.at DESC, a.entry_id DESC",
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
        if !policy::lists_persons(actor) {
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
}
