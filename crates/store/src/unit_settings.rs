//! [`UnitSettingsStore`]: a NAV office's (unit's) own settings, so far
//! whether it holds the early follow-up sessions in weeks 14 and 16.
//!
//! The setting changes which tasks the unit's persons get, so switching it
//! re-derives the tasks of every person of the unit in the same transaction
//! (their rows locked first, so a document stored meanwhile is derived with
//! the one setting or the other, never half). Who may read and change it is
//! the policy's (`policy::may_change_unit_settings`); every read and change,
//! permitted or refused, is audited with the unit as its subject.

use async_trait::async_trait;
use chrono::NaiveDate;
use tilbake_domain::access::policy;
use tilbake_domain::access::AuditAction;
use tilbake_domain::identity::UnitCode;

use crate::backend::{Arg, Backend, Tx};
use crate::recompute::derive;
use crate::rows::PersonIdRow;
use crate::script::{id_rows, ChangeSet};
use crate::sql_store::{audit, denied, early_units, load_persons};
use crate::{Actor, Millis, StoreError};

/// A unit's settings as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitSettings {
    pub unit: UnitCode,
    /// The unit holds early sessions in weeks 14 and 16.
    pub early_sessions: bool,
    /// Who changed the settings last, and when (`None`: never changed).
    pub changed: Option<(String, Millis)>,
}

/// What switching early sessions did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitSettingsChange {
    /// Whether the setting was different before.
    pub changed: bool,
    /// The persons of the unit whose tasks were derived again.
    pub n_persons: u64,
}

/// The audit subject of a unit: `unit:<code>` (never an identity number).
fn unit_subject(unit: UnitCode) -> String {
    format!("unit:{unit}")
}

#[derive(sqlx::FromRow)]
struct SettingsRow {
    early_sessions: i64,
    changed_by: String,
    changed_at: i64,
}

#[async_trait]
pub trait UnitSettingsStore: Send + Sync {
    /// The settings of the actor's own unit. A caseworker of the unit only;
    /// anyone else is refused (`Forbidden`), audited.
    async fn unit_settings(&self, actor: &Actor, now: Millis) -> Result<UnitSettings, StoreError>;

    /// Switches early sessions on or off for the actor's own unit and
    /// derives the tasks of its persons again. A caseworker of the unit
    /// only; anyone else is refused (`Forbidden`), audited.
    async fn set_early_sessions(
        &self,
        actor: &Actor,
        on: bool,
        today: NaiveDate,
        now: Millis,
    ) -> Result<UnitSettingsChange, StoreError>;
}

/// The actor's unit when the policy lets them change its settings.
fn own_unit(actor: &Actor) -> Option<UnitCode> {
    actor
        .unit
        .filter(|unit| policy::may_change_unit_settings(actor, *unit))
}

async fn read_settings<T: Tx>(tx: &mut T, unit: UnitCode) -> Result<UnitSettings, StoreError> {
    let row = tx
        .fetch_optional::<SettingsRow>(
            "SELECT early_sessions, changed_by, changed_at FROM unit_settings WHERE unit = $1",
            &[Arg::from(unit.to_string())],
        )
        .await?;
    Ok(UnitSettings {
        unit,
        early_sessions: row.as_ref().is_some_and(|row| row.early_sessions == 1),
        changed: row.map(|row| (row.changed_by, row.changed_at)),
    })
}

#[async_trait]
impl<B: Backend> UnitSettingsStore for B {
    async fn unit_settings(&self, actor: &Actor, now: Millis) -> Result<UnitSettings, StoreError> {
        let action = AuditAction::ReadUnitSettings;
        let Some(unit) = own_unit(actor) else {
            let subject = actor.unit.map(unit_subject).unwrap_or_default();
            return Err(denied(
                self,
                actor,
                &subject,
                action,
                "unit settings",
                now,
                StoreError::Forbidden,
            )
            .await);
        };
        let mut tx = self.begin().await?;
        let settings = read_settings(&mut tx, unit).await?;
        audit::<B>(
            &mut tx,
            &unit_subject(unit),
            actor,
            action,
            "unit settings",
            true,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(settings)
    }

    async fn set_early_sessions(
        &self,
        actor: &Actor,
        on: bool,
        today: NaiveDate,
        now: Millis,
    ) -> Result<UnitSettingsChange, StoreError> {
        let action = AuditAction::ChangeUnitSettings;
        let purpose = format!("early sessions {}", if on { "on" } else { "off" });
        let Some(unit) = own_unit(actor) else {
            let subject = actor.unit.map(unit_subject).unwrap_or_default();
            return Err(denied(
                self,
                actor,
                &subject,
                action,
                &purpose,
                now,
                StoreError::Forbidden,
            )
            .await);
        };
        let mut tx = self.begin().await?;
        let unit_text = unit.to_string();
        // The unit's persons, locked in id order before anything is read,
        // as documents being stored lock theirs.
        let persons: Vec<String> = tx
            .fetch_all::<PersonIdRow>(
                "SELECT person_id FROM persons WHERE unit = $1 ORDER BY person_id",
                &[Arg::from(unit_text.as_str())],
            )
            .await?
            .into_iter()
            .map(|row| row.person_id)
            .collect();
        if !B::LOCK_ROW.is_empty() && !persons.is_empty() {
            let lock = format!("{}{}", self.scripts().lock_persons, B::LOCK_ROW);
            tx.fetch_all::<PersonIdRow>(
                &lock,
                &[Arg::from(id_rows(persons.iter().map(String::as_str)))],
            )
            .await?;
        }
        let before = read_settings(&mut tx, unit).await?;
        tx.execute(
            "INSERT INTO unit_settings (unit, early_sessions, changed_by, changed_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (unit) DO UPDATE SET \
             early_sessions = excluded.early_sessions, changed_by = excluded.changed_by, \
             changed_at = excluded.changed_at",
            &[
                Arg::from(unit_text.as_str()),
                Arg::Int(i64::from(on)),
                Arg::from(actor.username.as_str()),
                Arg::Int(now),
            ],
        )
        .await?;
        let early_units = early_units(&mut tx).await?;
        let mut changes = ChangeSet::default();
        let mut n_persons = 0;
        let inputs = load_persons(self, &mut tx, persons.iter().map(String::as_str)).await?;
        for (person_id, inputs) in &inputs {
            let person = tilbake_domain::identity::Fnr::parse(person_id).map_err(|_| {
                crate::recompute::corrupt(format!("'{person_id}' is not an identity number"))
            })?;
            // A person whose documents no longer derive keeps the rows they
            // have; `tilbake recompute` names them.
            let Ok(derived) = derive(
                &person,
                &inputs.documents,
                &inputs.seqs,
                &inputs.decisions,
                today,
                &early_units,
            ) else {
                continue;
            };
            changes.derived(person_id, &derived, today);
            n_persons += 1;
        }
        changes.audit(&unit_subject(unit), action, &purpose, true);
        tx.commit_script(&self.scripts().write, &changes.args(actor, now))
            .await?;
        Ok(UnitSettingsChange {
            changed: before.early_sessions != on,
            n_persons,
        })
    }
}
