//! Career guidance: the person's action plan (handlingsplan), versioned,
//! and whom the person shares it with.
//!
//! Who may do what is the policy's ([`policy::guidance_plan_access`]): the
//! person does everything; a counsellor with the guidance part of the
//! `PersonView` reads and writes; the manager, NAV and the GP read it only
//! while the person shares it with them. The store reads the shares in the
//! same transaction as the plan, so taking a share back takes effect on the
//! very next read. Every read and write is audited, denied ones too.
//!
//! It is not the follow-up plan (oppfølgingsplan), which is a document.

use async_trait::async_trait;
use chrono::NaiveDate;
use tilbake_contract::guidance::plan::{plan_from_json, plan_json};
use tilbake_domain::access::policy::{self, GuidancePlanAccess, PlanAudience, SharedDocument};
use tilbake_domain::access::{AuditAction, Role};
use tilbake_domain::guidance::plan::Plan;
use tilbake_domain::identity::Fnr;

use crate::backend::{Arg, Backend, Tx};
use crate::recompute::corrupt;
use crate::sql_store::{audit, denied, deny_in, only_the_person, person_view, UPSERT_PERSON};
use crate::{Actor, Millis, SavedAnswers, StoreError};

const PURPOSE: &str = "guidance plan";

/// One saved version of the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanVersion {
    /// 1 for the first save, then one more for each.
    pub version: u32,
    pub plan: Plan,
    /// The person made this version final.
    pub is_final: bool,
    pub saved_by: String,
    pub saved_by_role: Role,
    pub saved_at: Millis,
}

/// The plan as one reader may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GuidancePlanRecord {
    /// Oldest first; empty when no version is saved yet.
    pub versions: Vec<PlanVersion>,
    /// The parties and documents shared with them now.
    pub shared_with: Vec<(PlanAudience, SharedDocument)>,
    /// What this reader may do with it.
    pub access: GuidancePlanAccess,
}

impl GuidancePlanRecord {
    pub fn latest(&self) -> Option<&PlanVersion> {
        self.versions.last()
    }
}

/// The action-plan area of the store.
#[async_trait]
pub trait GuidancePlanStore: Send + Sync + 'static {
    /// The plan for a reader the policy lets read it; `NotFound` (audited
    /// as denied) for anyone else, as for a person who does not exist.
    async fn read_guidance_plan(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<GuidancePlanRecord, StoreError>;

    /// The plan when it is shared with the reader's party, else `None`: for
    /// the pages of the manager, NAV and the GP, which show it only while
    /// shared. A read is audited; nothing shared is no read.
    async fn shared_guidance_plan(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Option<GuidancePlanRecord>, StoreError>;

    /// Saves a new version; `make_final` only by the person and only when
    /// the plan's three answers are yes (`Conflict` otherwise). `NotFound`
    /// for a reader who may not write it. Returns the new version number.
    async fn save_guidance_plan(
        &self,
        actor: &Actor,
        person: &Fnr,
        plan: &Plan,
        make_final: bool,
        today: NaiveDate,
        now: Millis,
    ) -> Result<u32, StoreError>;

    /// The person shares the plan, or the report, with a party (`shared`)
    /// or takes it back. `NotFound` for anyone but the person; `Forbidden`
    /// for a document the policy never lets that party have.
    async fn share_guidance_plan(
        &self,
        actor: &Actor,
        person: &Fnr,
        audience: PlanAudience,
        document: SharedDocument,
        shared: bool,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// What the mapping report is made of: the person's answers and the
    /// plan, for a reader the policy gives the report (the person, the
    /// guidance part, NAV or the GP while the person shares the report with
    /// them). `NotFound`, audited as denied, for anyone else.
    async fn read_guidance_report(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(Vec<SavedAnswers>, GuidancePlanRecord), StoreError>;
}

#[derive(sqlx::FromRow)]
struct PlanRow {
    version: i64,
    plan: String,
    is_final: i64,
    saved_by: String,
    saved_by_role: String,
    saved_at: i64,
}

#[derive(sqlx::FromRow)]
struct LatestRow {
    latest: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct ShareRow {
    audience: String,
    document: String,
}

#[derive(sqlx::FromRow)]
struct AnswersRow {
    instrument: String,
    version: i64,
    answers: String,
    saved_at: i64,
}

/// The policy's answer for this actor and person, with the shares it
/// depends on, read in `tx`.
async fn access_in<B: Backend>(
    tx: &mut B::Tx,
    actor: &Actor,
    person: &Fnr,
    today: NaiveDate,
) -> Result<(GuidancePlanAccess, Vec<(PlanAudience, SharedDocument)>), StoreError> {
    let person_id = person.to_string();
    let shared_with: Vec<(PlanAudience, SharedDocument)> = tx
        .fetch_all::<ShareRow>(
            "SELECT audience, document FROM guidance_plan_shares WHERE person_id = $1 \
             ORDER BY audience, document",
            &[Arg::from(person_id.as_str())],
        )
        .await?
        .into_iter()
        .filter_map(|row| {
            Some((
                PlanAudience::parse(&row.audience)?,
                SharedDocument::parse(&row.document)?,
            ))
        })
        .collect();
    let view = if policy::is_the_person(actor, person) {
        None
    } else {
        person_view::<B>(tx, actor, person, today, false)
            .await?
            .map(|(_, view)| view)
    };
    Ok((
        policy::guidance_plan_access(actor, person, view.as_ref(), &shared_with),
        shared_with,
    ))
}

async fn versions_in<B: Backend>(
    tx: &mut B::Tx,
    person: &Fnr,
) -> Result<Vec<PlanVersion>, StoreError> {
    let person_id = person.to_string();
    tx.fetch_all::<PlanRow>(
        "SELECT version, plan, is_final, saved_by, saved_by_role, saved_at \
         FROM guidance_plans WHERE person_id = $1 ORDER BY version",
        &[Arg::from(person_id.as_str())],
    )
    .await?
    .into_iter()
    .map(|row| {
        Ok(PlanVersion {
            version: u32::try_from(row.version)
                .map_err(|_| corrupt(format!("{} is not a plan version", row.version)))?,
            plan: plan_from_json(&row.plan)
                .ok_or_else(|| corrupt(format!("plan version {} is not a plan", row.version)))?,
            is_final: row.is_final != 0,
            saved_by_role: Role::parse(&row.saved_by_role)
                .ok_or_else(|| corrupt(format!("{} is not a role", row.saved_by_role)))?,
            saved_by: row.saved_by,
            saved_at: row.saved_at,
        })
    })
    .collect()
}

#[async_trait]
impl<B: Backend> GuidancePlanStore for B {
    async fn read_guidance_plan(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<GuidancePlanRecord, StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::ReadGuidancePlan;
        let mut tx = self.begin().await?;
        let (access, shared_with) = access_in::<B>(&mut tx, actor, person, today).await?;
        if !access.read {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                PURPOSE,
                now,
                StoreError::NotFound,
            )
            .await);
        }
        let versions = versions_in::<B>(&mut tx, person).await?;
        audit::<B>(&mut tx, &person_id, actor, action, PURPOSE, true, now).await?;
        tx.commit().await?;
        Ok(GuidancePlanRecord {
            versions,
            shared_with,
            access,
        })
    }

    async fn shared_guidance_plan(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<Option<GuidancePlanRecord>, StoreError> {
        let person_id = person.to_string();
        let mut tx = self.begin().await?;
        let (access, shared_with) = access_in::<B>(&mut tx, actor, person, today).await?;
        // Only for a party the person shares with (not the person, not the guidance part).
        if !access.read || access.write || PlanAudience::of_role(actor.role).is_none() {
            return Ok(None);
        }
        let versions = versions_in::<B>(&mut tx, person).await?;
        if versions.is_empty() {
            return Ok(None);
        }
        let action = AuditAction::ReadGuidancePlan;
        audit::<B>(&mut tx, &person_id, actor, action, PURPOSE, true, now).await?;
        tx.commit().await?;
        Ok(Some(GuidancePlanRecord {
            versions,
            shared_with,
            access,
        }))
    }

    async fn save_guidance_plan(
        &self,
        actor: &Actor,
        person: &Fnr,
        plan: &Plan,
        make_final: bool,
        today: NaiveDate,
        now: Millis,
    ) -> Result<u32, StoreError> {
        let person_id = person.to_string();
        let action = AuditAction::SaveGuidancePlan;
        let mut tx = self.begin().await?;
        let (access, _) = access_in::<B>(&mut tx, actor, person, today).await?;
        if !access.write || (make_final && !access.decide_final) {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                PURPOSE,
                now,
                StoreError::NotFound,
            )
            .await);
        }
        if make_final && plan.finality().is_err() {
            return Err(StoreError::Conflict(
                "the plan is final only with three yes".to_owned(),
            ));
        }
        tx.execute(
            UPSERT_PERSON,
            &[Arg::from(person_id.as_str()), Arg::Int(now)],
        )
        .await?;
        let latest = tx
            .fetch_optional::<LatestRow>(
                "SELECT MAX(version) AS latest FROM guidance_plans WHERE person_id = $1",
                &[Arg::from(person_id.as_str())],
            )
            .await?
            .and_then(|row| row.latest)
            .unwrap_or(0);
        let version = latest + 1;
        let stored = plan_json(plan);
        tx.execute(
            "INSERT INTO guidance_plans \
             (person_id, version, plan, is_final, saved_by, saved_by_role, saved_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
            &[
                Arg::from(person_id.as_str()),
                Arg::Int(version),
                Arg::from(stored.as_str()),
                Arg::Int(i64::from(make_final)),
                Arg::from(actor.username.as_str()),
                Arg::from(actor.role.as_str()),
                Arg::Int(now),
            ],
        )
        .await?;
        audit::<B>(&mut tx, &person_id, actor, action, PURPOSE, true, now).await?;
        tx.commit().await?;
        u32::try_from(version).map_err(|_| corrupt(format!("{version} is not a plan version")))
    }

    async fn share_guidance_plan(
        &self,
        actor: &Actor,
        person: &Fnr,
        audience: PlanAudience,
        document: SharedDocument,
        shared: bool,
        now: Millis,
    ) -> Result<(), StoreError> {
        let person_id = person.to_string();
        let action = if shared {
            AuditAction::ShareGuidancePlan
        } else {
            AuditAction::UnshareGuidancePlan
        };
        let purpose = format!("guidance {} with {}", document.as_str(), audience.as_str());
        only_the_person(self, actor, person, action, &purpose, now).await?;
        if !policy::may_share_guidance(audience, document) {
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
        let mut tx = self.begin().await?;
        if shared {
            tx.execute(
                "INSERT INTO guidance_plan_shares (person_id, audience, document, shared_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (person_id, audience, document) DO NOTHING",
                &[
                    Arg::from(person_id.as_str()),
                    Arg::from(audience.as_str()),
                    Arg::from(document.as_str()),
                    Arg::Int(now),
                ],
            )
            .await?;
        } else {
            tx.execute(
                "DELETE FROM guidance_plan_shares \
                 WHERE person_id = $1 AND audience = $2 AND document = $3",
                &[
                    Arg::from(person_id.as_str()),
                    Arg::from(audience.as_str()),
                    Arg::from(document.as_str()),
                ],
            )
            .await?;
        }
        audit::<B>(&mut tx, &person_id, actor, action, &purpose, true, now).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn read_guidance_report(
        &self,
        actor: &Actor,
        person: &Fnr,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(Vec<SavedAnswers>, GuidancePlanRecord), StoreError> {
        let person_id = person.to_string();
        let mut tx = self.begin().await?;
        let (access, shared_with) = access_in::<B>(&mut tx, actor, person, today).await?;
        if !access.report {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                AuditAction::ReadGuidance,
                "guidance report",
                now,
                StoreError::NotFound,
            )
            .await);
        }
        let rows = tx
            .fetch_all::<AnswersRow>(
                "SELECT instrument, version, answers, saved_at FROM guidance_answers \
                 WHERE person_id = $1 ORDER BY saved_at, instrument, version",
                &[Arg::from(person_id.as_str())],
            )
            .await?;
        let versions = versions_in::<B>(&mut tx, person).await?;
        for action in [AuditAction::ReadGuidance, AuditAction::ReadGuidancePlan] {
            audit::<B>(
                &mut tx,
                &person_id,
                actor,
                action,
                "guidance report",
                true,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        let answers = rows
            .into_iter()
            .map(|row| {
                Ok(SavedAnswers {
                    version: u32::try_from(row.version)
                        .map_err(|_| corrupt(format!("{} is not a version", row.version)))?,
                    instrument: row.instrument,
                    answers: row.answers,
                    saved_at: row.saved_at,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok((
            answers,
            GuidancePlanRecord {
                versions,
                shared_with,
                access,
            },
        ))
    }
}
