-- Intent: record who in a NAV unit has taken a task ("assigned to me").
--
-- Primary data, not derived (tasks are
-- recomputed; an assignment outlives that, keyed by the task's stable id).
-- One row per task while it is taken; releasing deletes the row. The history
-- of taking and releasing is in the audit log.
CREATE TABLE task_assignments (
    person_id   TEXT    NOT NULL,
    task_id     TEXT    NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (user_id),
    assigned_at INTEGER NOT NULL,
    PRIMARY KEY (person_id, task_id)
) WITHOUT ROWID;

-- "Assigned to me": a caseworker's tasks.
CREATE INDEX task_assignments_by_user ON task_assignments (user_id, person_id, task_id);
