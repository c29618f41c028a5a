//! Consent for a purpose: the worker lets a counsellor or job specialist
//! see them, for one purpose, sharing only the categories they choose.
//!
//! `consent_grants` holds one row per consent from its first grant to its
//! withdrawal (the standing ones are what the access filters read);
//! `consent_events` is the append-only history of every grant, change and
//! withdrawal. Each change is audited in its transaction, so the worker
//! sees it in "who has looked at my data". Who may be granted what, and
//! what a consent lets its grantee see, is the access policy's
//! (`tilbake_domain::access::policy`); this file only keeps the record.

use async_trait::async_trait;
use tilbake_domain::access::consent::{Consent, Purpose, Share};
use tilbake_domain::access::policy;
use tilbake_domain::access::{AuditAction, Role};
use tilbake_domain::identity::Fnr;

use crate::backend::{Arg, Backend, Tx};
use crate::recompute::corrupt;
use crate::sql_store::{audit, only_the_person};
use crate::{Actor, Millis, StoreError};

/// Someone a consent can be given to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grantee {
    pub username: String,
    pub role: Role,
}

/// One consent as the worker sees it, standing or withdrawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentRecord {
    pub username: String,
    pub grantee_role: Role,
    pub purpose: Purpose,
    /// The categories shared now (or when it was withdrawn).
    pub share: Share,
    /// When the consent was first given.
    pub granted_at: Millis,
    /// When the categories were last set.
    pub changed_at: Millis,
    pub withdrawn_at: Option<Millis>,
    /// Every grant, change and withdrawal of this consent, oldest first.
    pub history: Vec<ConsentChange>,
}

/// What happened to a consent, and when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsentChange {
    pub at: Millis,
    pub action: AuditAction,
    /// The categories after the change (none after a withdrawal).
    pub share: Share,
}

/// The consent area of the store.
#[async_trait]
pub trait ConsentStore: Send + Sync + 'static {
    /// The worker grants `grantee_username` access to themself for
    /// `purpose` (the grantee's own purpose when `None`), sharing `share`
    /// and always the purpose's own category. Granting again for the same
    /// grantee and purpose replaces the categories; the history is kept.
    /// `NotFound` for another person than the worker's own or a user who
    /// is not a counsellor or job specialist; `Invalid` (field `purpose`)
    /// for a purpose the grantee does not work for.
    async fn grant_consent(
        &self,
        actor: &Actor,
        person: &Fnr,
        grantee_username: &str,
        purpose: Option<Purpose>,
        share: Share,
        now: Millis,
    ) -> Result<ConsentRecord, StoreError>;

    /// The worker withdraws every consent to `grantee_username`; it takes
    /// effect at once. Withdrawing what is not standing changes nothing.
    async fn withdraw_consent(
        &self,
        actor: &Actor,
        person: &Fnr,
        grantee_username: &str,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// The person's consents, standing and withdrawn, oldest first: for
    /// the person themself (`NotFound` for anyone else).
    async fn list_consents(
        &self,
        actor: &Actor,
        person: &Fnr,
        now: Millis,
    ) -> Result<Vec<ConsentRecord>, StoreError>;

    /// The counsellors and job specialists a worker can consent to.
    async fn list_grantees(&self, actor: &Actor) -> Result<Vec<Grantee>, StoreError>;
}

#[derive(sqlx::FromRow)]
struct GranteeRow {
    user_id: i64,
    username: String,
    role: String,
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    username: String,
    role: String,
    grantee_user_id: i64,
    purpose: String,
    granted_at: i64,
    share: String,
    changed_at: i64,
    withdrawn_at: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    grantee_user_id: i64,
    purpose: String,
    change: String,
    share: String,
    at: i64,
}

fn parse_role(text: &str) -> Result<Role, StoreError> {
    Role::parse(text).ok_or_else(|| corrupt(format!("'{text}' is not a role")))
}

fn parse_purpose(text: &str) -> Result<Purpose, StoreError> {
    Purpose::parse_consented(text).ok_or_else(|| corrupt(format!("'{text}' is not a purpose")))
}

/// A consent's change as the history and the audit log name it.
fn change_action(text: &str) -> Result<AuditAction, StoreError> {
    match text {
        "grant" => Ok(AuditAction::GrantConsent),
        "change" => Ok(AuditAction::ChangeConsent),
        "withdraw" => Ok(AuditAction::WithdrawConsent),
        other => Err(corrupt(format!("'{other}' is not a consent change"))),
    }
}

/// The grantee a consent's audit entry names (its purpose text is
/// `audit_purpose`'s `grantee: purpose (parts)`), for showing the
/// person's own grants, changes and withdrawals; `None` for other entries.
pub fn audited_grantee(entry: &crate::AuditEntry) -> Option<&str> {
    matches!(
        entry.action,
        AuditAction::GrantConsent | AuditAction::ChangeConsent | AuditAction::WithdrawConsent
    )
    .then(|| {
        entry
            .purpose
            .split_once(':')
            .map(|(grantee, _)| grantee.trim())
    })
    .flatten()
}

/// The audit entry's purpose text: whom, for what, which parts.
fn audit_purpose(username: &str, purpose: Purpose, share: Share) -> String {
    if share.is_empty() {
        format!("{username}: {}", purpose.as_str())
    } else {
        format!("{username}: {} ({})", purpose.as_str(), share.to_text())
    }
}

async fn grantee<T: Tx>(tx: &mut T, username: &str) -> Result<Option<GranteeRow>, StoreError> {
    Ok(tx
        .fetch_optional::<GranteeRow>(
            "SELECT user_id, username, role FROM users WHERE username = $1 \
             AND role IN ('counsellor', 'job_specialist')",
            &[Arg::from(username)],
        )
        .await?)
}

/// The instant a change to the person's consents is recorded at: `now`, or
/// just after their latest change when that is not earlier (a grant, a
/// withdrawal and a new grant within one millisecond). Each grant of a
/// consent then has an instant of its own (it is part of the key), and a
/// consent's history is exactly the changes from its grant to its withdrawal.
async fn change_time<T: Tx>(tx: &mut T, person: &str, now: Millis) -> Result<Millis, StoreError> {
    let latest = tx
        .fetch_optional::<crate::rows::NumberRow>(
            "SELECT CAST(COALESCE(MAX(at), 0) AS BIGINT) AS number FROM consent_events \
             WHERE person_id = $1",
            &[Arg::from(person)],
        )
        .await?
        .map_or(0, |row| row.number);
    Ok(now.max(latest.saturating_add(1)))
}

/// Appends one change to the person's consent history.
async fn record_change<T: Tx>(
    tx: &mut T,
    person: &str,
    grantee_user_id: i64,
    purpose: Purpose,
    change: &str,
    share: Share,
    now: Millis,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO consent_events (person_id, seq, grantee_user_id, purpose, change, share, at) \
         SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6 FROM consent_events WHERE person_id = $1",
        &[
            Arg::from(person),
            Arg::Int(grantee_user_id),
            Arg::from(purpose.as_str()),
            Arg::from(change),
            Arg::from(share.to_text()),
            Arg::Int(now),
        ],
    )
    .await?;
    Ok(())
}

/// Grants (or changes) the person's consent to a grantee for a purpose in
/// the caller's transaction, with its history and audit entry: for a
/// consent the person gave through another act (agreeing to take part in
/// Supported Employment, then assigned a specialist). The grantee is
/// (user id, username); the caller has checked that they may be granted
/// the purpose.
pub(crate) async fn grant_in<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    person: &str,
    (grantee_user_id, grantee_username): (i64, &str),
    purpose: Purpose,
    share: Share,
    now: Millis,
) -> Result<(), StoreError> {
    let consent = Consent::new(purpose, share);
    let at = change_time(tx, person, now).await?;
    let standing = tx
        .fetch_optional::<crate::rows::NameRow>(
            "SELECT share AS name FROM consent_grants WHERE person_id = $1 \
             AND grantee_user_id = $2 AND purpose = $3 AND withdrawn_at IS NULL",
            &[
                Arg::from(person),
                Arg::Int(grantee_user_id),
                Arg::from(purpose.as_str()),
            ],
        )
        .await?
        .map(|row| Share::from_text(&row.name));
    let (change, action) = match standing {
        Some(current) if current == consent.share => return Ok(()),
        Some(_) => {
            tx.execute(
                "UPDATE consent_grants SET share = $4, changed_at = $5 WHERE person_id = $1 \
                 AND grantee_user_id = $2 AND purpose = $3 AND withdrawn_at IS NULL",
                &[
                    Arg::from(person),
                    Arg::Int(grantee_user_id),
                    Arg::from(purpose.as_str()),
                    Arg::from(consent.share.to_text()),
                    Arg::Int(at),
                ],
            )
            .await?;
            ("change", AuditAction::ChangeConsent)
        }
        None => {
            tx.execute(
                "INSERT INTO consent_grants (person_id, grantee_user_id, purpose, granted_at, \
                 share, changed_at) VALUES ($1, $2, $3, $4, $5, $4)",
                &[
                    Arg::from(person),
                    Arg::Int(grantee_user_id),
                    Arg::from(purpose.as_str()),
                    Arg::Int(at),
                    Arg::from(consent.share.to_text()),
                ],
            )
            .await?;
            ("grant", AuditAction::GrantConsent)
        }
    };
    record_change(
        tx,
        person,
        grantee_user_id,
        purpose,
        change,
        consent.share,
        at,
    )
    .await?;
    audit::<B>(
        tx,
        person,
        actor,
        action,
        &audit_purpose(grantee_username, purpose, consent.share),
        true,
        at,
    )
    .await
}

/// Withdraws the person's standing consent to a grantee for one purpose in
/// the caller's transaction (nothing when none stands), with its history
/// and audit entry.
pub(crate) async fn withdraw_in<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    person: &str,
    (grantee_user_id, grantee_username): (i64, &str),
    purpose: Purpose,
    now: Millis,
) -> Result<(), StoreError> {
    let at = change_time(tx, person, now).await?;
    let changed = tx
        .execute(
            "UPDATE consent_grants SET withdrawn_at = $4 WHERE person_id = $1 \
             AND grantee_user_id = $2 AND purpose = $3 AND withdrawn_at IS NULL",
            &[
                Arg::from(person),
                Arg::Int(grantee_user_id),
                Arg::from(purpose.as_str()),
                Arg::Int(at),
            ],
        )
        .await?;
    if changed == 0 {
        return Ok(());
    }
    record_change(
        tx,
        person,
        grantee_user_id,
        purpose,
        "withdraw",
        Share::NONE,
        at,
    )
    .await?;
    audit::<B>(
        tx,
        person,
        actor,
        AuditAction::WithdrawConsent,
        &audit_purpose(grantee_username, purpose, Share::NONE),
        true,
        at,
    )
    .await
}

/// The person's consents with their histories.
async fn consents_of<T: Tx>(
    tx: &mut T,
    person: &str,
    only_grantee: Option<i64>,
) -> Result<Vec<ConsentRecord>, StoreError> {
    let grantee_filter = if only_grantee.is_some() {
        " AND g.grantee_user_id = $2"
    } else {
        ""
    };
    let mut args = vec![Arg::from(person)];
    if let Some(user_id) = only_grantee {
        args.push(Arg::Int(user_id));
    }
    let grants = tx
        .fetch_all::<GrantRow>(
            &format!(
                "SELECT u.username, u.role, g.grantee_user_id, g.purpose, g.granted_at, g.share, \
                 g.changed_at, g.withdrawn_at FROM consent_grants g \
                 JOIN users u ON u.user_id = g.grantee_user_id \
                 WHERE g.person_id = $1{grantee_filter} ORDER BY g.granted_at, u.username, g.purpose"
            ),
            &args,
        )
        .await?;
    let events = tx
        .fetch_all::<EventRow>(
            &format!(
                "SELECT g.grantee_user_id, g.purpose, g.change, g.share, g.at FROM consent_events g \
                 WHERE g.person_id = $1{grantee_filter} ORDER BY g.seq"
            ),
            &args,
        )
        .await?;
    grants
        .into_iter()
        .map(|grant| {
            let purpose = parse_purpose(&grant.purpose)?;
            // This consent's changes: from its grant to its withdrawal.
            let history = events
                .iter()
                .filter(|event| {
                    event.grantee_user_id == grant.grantee_user_id
                        && event.purpose == grant.purpose
                        && event.at >= grant.granted_at
                        && grant
                            .withdrawn_at
                            .is_none_or(|withdrawn| event.at <= withdrawn)
                })
                .map(|event| {
                    Ok(ConsentChange {
                        at: event.at,
                        action: change_action(&event.change)?,
                        share: Share::from_text(&event.share),
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            Ok(ConsentRecord {
                grantee_role: parse_role(&grant.role)?,
                username: grant.username,
                purpose,
                share: Share::from_text(&grant.share),
                granted_at: grant.granted_at,
                changed_at: grant.changed_at,
                withdrawn_at: grant.withdrawn_at,
                history,
            })
        })
        .collect()
}

#[async_trait]
impl<B: Backend> ConsentStore for B {
    async fn grant_consent(
        &self,
        actor: &Actor,
        person: &Fnr,
        grantee_username: &str,
        purpose: Option<Purpose>,
        share: Share,
        now: Millis,
    ) -> Result<ConsentRecord, StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::GrantConsent;
        only_the_person(self, actor, person, action, grantee_username, now).await?;
        let mut tx = self.begin().await?;
        let Some(grantee) = grantee(&mut tx, grantee_username).await? else {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        };
        let grantee_role = parse_role(&grantee.role)?;
        let Some(purpose) = purpose.or_else(|| Purpose::of_role(grantee_role)) else {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        };
        if !policy::may_be_granted(grantee_role, purpose) {
            tx.rollback().await?;
            let own = Purpose::of_role(grantee_role).map_or("", Purpose::as_str);
            return Err(StoreError::Invalid {
                field: "purpose".to_owned(),
                message: format!(
                    "{} works for the purpose {own}, not {}",
                    grantee.username,
                    purpose.as_str()
                ),
            });
        }
        let consent = Consent::new(purpose, share);
        let at = change_time(&mut tx, &person_id, now).await?;
        let standing = tx
            .fetch_optional::<crate::rows::NameRow>(
                "SELECT share AS name FROM consent_grants WHERE person_id = $1 \
                 AND grantee_user_id = $2 AND purpose = $3 AND withdrawn_at IS NULL",
                &[
                    Arg::from(person_id.as_str()),
                    Arg::Int(grantee.user_id),
                    Arg::from(purpose.as_str()),
                ],
            )
            .await?
            .map(|row| Share::from_text(&row.name));
        let change = match standing {
            Some(current) if current == consent.share => None,
            Some(_) => {
                tx.execute(
                    "UPDATE consent_grants SET share = $4, changed_at = $5 WHERE person_id = $1 \
                     AND grantee_user_id = $2 AND purpose = $3 AND withdrawn_at IS NULL",
                    &[
                        Arg::from(person_id.as_str()),
                        Arg::Int(grantee.user_id),
                        Arg::from(purpose.as_str()),
                        Arg::from(consent.share.to_text()),
                        Arg::Int(at),
                    ],
                )
                .await?;
                Some(("change", AuditAction::ChangeConsent))
            }
            None => {
                tx.execute(
                    "INSERT INTO consent_grants (person_id, grantee_user_id, purpose, granted_at, \
                     share, changed_at) VALUES ($1, $2, $3, $4, $5, $4)",
                    &[
                        Arg::from(person_id.as_str()),
                        Arg::Int(grantee.user_id),
                        Arg::from(purpose.as_str()),
                        Arg::Int(at),
                        Arg::from(consent.share.to_text()),
                    ],
                )
                .await?;
                Some(("grant", AuditAction::GrantConsent))
            }
        };
        if let Some((change, action)) = change {
            record_change(
                &mut tx,
                &person_id,
                grantee.user_id,
                purpose,
                change,
                consent.share,
                at,
            )
            .await?;
            audit::<B>(
                &mut tx,
                &person_id,
                actor,
                action,
                &audit_purpose(&grantee.username, purpose, consent.share),
                true,
                at,
            )
            .await?;
        }
        let consents = consents_of(&mut tx, &person_id, Some(grantee.user_id)).await?;
        tx.commit().await?;
        consents
            .into_iter()
            .rev()
            .find(|record| record.purpose == purpose && record.withdrawn_at.is_none())
            .ok_or(StoreError::NotFound)
    }

    async fn withdraw_consent(
        &self,
        actor: &Actor,
        person: &Fnr,
        grantee_username: &str,
        now: Millis,
    ) -> Result<(), StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::WithdrawConsent;
        only_the_person(self, actor, person, action, grantee_username, now).await?;
        let mut tx = self.begin().await?;
        let Some(grantee) = grantee(&mut tx, grantee_username).await? else {
            tx.rollback().await?;
            return Err(StoreError::NotFound);
        };
        let standing = tx
            .fetch_all::<crate::rows::NameRow>(
                "SELECT purpose AS name FROM consent_grants WHERE person_id = $1 \
                 AND grantee_user_id = $2 AND withdrawn_at IS NULL ORDER BY purpose",
                &[Arg::from(person_id.as_str()), Arg::Int(grantee.user_id)],
            )
            .await?;
        if standing.is_empty() {
            // Nothing stands, nothing changes, nothing to audit.
            tx.rollback().await?;
            return Ok(());
        }
        let at = change_time(&mut tx, &person_id, now).await?;
        tx.execute(
            "UPDATE consent_grants SET withdrawn_at = $3 WHERE person_id = $1 \
             AND grantee_user_id = $2 AND withdrawn_at IS NULL",
            &[
                Arg::from(person_id.as_str()),
                Arg::Int(grantee.user_id),
                Arg::Int(at),
            ],
        )
        .await?;
        for row in &standing {
            let purpose = parse_purpose(&row.name)?;
            record_change(
                &mut tx,
                &person_id,
                grantee.user_id,
                purpose,
                "withdraw",
                Share::NONE,
                at,
            )
            .await?;
            audit::<B>(
                &mut tx,
                &person_id,
                actor,
                action,
                &audit_purpose(&grantee.username, purpose, Share::NONE),
                true,
                at,
            )
            .await?;
            if purpose == Purpose::SupportedEmployment {
                // Withdrawal ends the participation too, at once.
                crate::supported_employment::end_by_withdrawal::<B>(
                    &mut tx,
                    actor,
                    &person_id,
                    grantee.user_id,
                    at,
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn list_consents(
        &self,
        actor: &Actor,
        person: &Fnr,
        now: Millis,
    ) -> Result<Vec<ConsentRecord>, StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::ReadConsents;
        only_the_person(self, actor, person, action, "", now).await?;
        let mut tx = self.begin().await?;
        let consents = consents_of(&mut tx, &person_id, None).await?;
        audit::<B>(&mut tx, &person_id, actor, action, "", true, now).await?;
        tx.commit().await?;
        Ok(consents)
    }

    async fn list_grantees(&self, actor: &Actor) -> Result<Vec<Grantee>, StoreError> {
        if !policy::forms(actor).manage_consents {
            return Err(StoreError::Forbidden);
        }
        let rows = self
            .fetch_all::<GranteeRow>(
                "SELECT user_id, username, role FROM users \
                 WHERE role IN ('counsellor', 'job_specialist') ORDER BY role, username",
                &[],
            )
            .await?;
        rows.into_iter()
            .map(|row| {
                Ok(Grantee {
                    role: parse_role(&row.role)?,
                    username: row.username,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_entries_name_the_grantee_the_purpose_and_the_parts() {
        let share = Share::of([
            tilbake_domain::access::consent::Category::Followup,
            tilbake_domain::access::consent::Category::Guidance,
        ]);
        assert_eq!(
            audit_purpose("kari", Purpose::Guidance, share),
            "kari: guidance (followup,guidance)"
        );
        assert_eq!(
            audit_purpose("kari", Purpose::Guidance, Share::NONE),
            "kari: guidance"
        );
    }

    #[test]
    fn the_grantee_reads_back_from_a_consent_s_audit_entry_only() {
        let entry = |action| crate::AuditEntry {
            at: 0,
            actor_username: "worker".to_owned(),
            actor_role: Role::Worker,
            action,
            purpose: audit_purpose("kari", Purpose::Guidance, Share::NONE),
            permitted: true,
            actor_tie: crate::ActorTie::default(),
        };
        for action in [
            AuditAction::GrantConsent,
            AuditAction::ChangeConsent,
            AuditAction::WithdrawConsent,
        ] {
            assert_eq!(audited_grantee(&entry(action)), Some("kari"));
        }
        assert_eq!(audited_grantee(&entry(AuditAction::ReadDocuments)), None);
    }
}
