//! Work queues: the tasks of a NAV unit or an employer, decisions on
//! them, who has taken them, and the daily run.
//!
//! The trait and its one implementation for every [`Backend`]; the shared
//! access filters and write helpers are in `sql_store.rs`.

use async_trait::async_trait;
use chrono::NaiveDate;
use tilbake_domain::access::policy::{self, QueueScope};
use tilbake_domain::access::AuditAction;
use tilbake_domain::identity::Fnr;
use tilbake_domain::tasks::{TaskDecision, TaskState, TaskUrgency, SICK_LEAVE_ENDED};

use crate::backend::{Arg, Backend, Sql, Tx};
use crate::recompute::{date_after, date_text, derive, due_soon_until, invalid};
use crate::rows::{count, TaskRow, TickCountRow};
use crate::script::ChangeSet;
use crate::sql_store::{
    audit, denied, deny_in, load_persons, refuse_by_role, visible_task, NO_PERSON,
    TASKS_WITH_ASSIGNEE, TASK_COLUMNS,
};
use crate::{Actor, Millis, QueuedTask, StoreError, TaskQuery, TickReport};

/// Why a decision on the activity requirement is refused: it is closed
/// only by the assessment ([`TaskKind::closed_by_decision`]).
///
/// [`TaskKind::closed_by_decision`]: tilbake_domain::tasks::TaskKind::closed_by_decision
pub const ACTIVITY_REQUIREMENT_BY_ASSESSMENT: &str = "the activity requirement is closed only by its assessment, not marked done or not needed: send an activity_assessed document (outcome fulfilled, exempt_medical or exempt_workplace with the reason, or not_fulfilled), or record it under \"What needs doing now\" on the person's page";

#[async_trait]
pub trait QueueStore: Send + Sync + 'static {
    /// The actor's queue: overdue first, then by due date.
    async fn list_tasks(
        &self,
        actor: &Actor,
        query: &TaskQuery,
        now: Millis,
    ) -> Result<Vec<QueuedTask>, StoreError>;

    /// Marks a task done or not needed, with a reason (stored as a decision;
    /// the task is recomputed). Only the party that owns the task, and not
    /// the activity requirement (`Invalid` on `task_id`, audited as denied:
    /// its assessment closes it).
    #[allow(clippy::too_many_arguments)] // each is a distinct input; a struct would only rename them
    async fn decide_task(
        &self,
        actor: &Actor,
        person: &Fnr,
        task_id: &str,
        state: TaskState,
        reason: &str,
        today: NaiveDate,
        now: Millis,
    ) -> Result<QueuedTask, StoreError>;

    /// A caseworker takes an open NAV task of a person they see (`take`), or
    /// hands back a task they have taken. Taking a task a colleague has
    /// taken moves it. Audited. `NotFound` for a person or task they may
    /// not see, `Forbidden` for other roles or another party's task.
    async fn assign_task(
        &self,
        actor: &Actor,
        person: &Fnr,
        task_id: &str,
        take: bool,
        today: NaiveDate,
        now: Millis,
    ) -> Result<(), StoreError>;

    /// The daily run: sets every open task's urgency for `day`. Running it
    /// twice for a day changes nothing.
    async fn tick(&self, day: NaiveDate, now: Millis) -> Result<TickReport, StoreError>;
}

#[async_trait]
impl<B: Backend> QueueStore for B {
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
        match policy::queue_scope(actor) {
            Some(QueueScope::NavUnit(unit)) => {
                // A unit's persons are the persons whose tasks carry the unit.
                sql.push("t.unit = ")
                    .bind(unit.to_string())
                    .push(" AND t.owner = 'nav'");
            }
            Some(QueueScope::Employer(employer)) => {
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
            Some(QueueScope::Empty) => {
                sql.push("1 = 0");
            }
            None => {
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
        let Some(party) = policy::task_party(actor) else {
            return Err(refuse_by_role(self, actor, person, action, task_id, today, now).await);
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
        let task = task_row.task()?;
        if task.owner != party {
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
        if !task.kind.closed_by_decision() {
            return Err(deny_in::<B>(
                tx,
                actor,
                &person_id,
                action,
                task_id,
                now,
                StoreError::Invalid {
                    field: "task_id".to_owned(),
                    message: ACTIVITY_REQUIREMENT_BY_ASSESSMENT.to_owned(),
                },
            )
            .await);
        }

        let mut persons = load_persons(self, &mut tx, [person_id.as_str()]).await?;
        let early_units = crate::sql_store::early_units(&mut tx).await?;
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
            &early_units,
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
        if !policy::takes_tasks(actor) {
            return Err(refuse_by_role(self, actor, person, action, &purpose, today, now).await);
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
        if policy::task_party(actor) != Some(task.owner) || task.state != TaskState::Open {
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
