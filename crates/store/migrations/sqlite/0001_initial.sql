-- Intent: the first schema of tilbake on SQLite.
--
-- Documents are kept exactly as received and never changed (append-only, as
-- are task decisions and the audit log; triggers refuse updates and deletes).
-- Follow-up cases, their employers, milestones and tasks are derived from a
-- person's documents and decisions and are rebuilt for one person at a time.
-- Every table of person data starts its key with person_id, so one person's
-- rows could live on one shard. Dates are TEXT 'YYYY-MM-DD' (they sort as
-- dates); times are INTEGER milliseconds since the Unix epoch. The PostgreSQL
-- migration of the same version has the same tables and columns.

-- A person the store has documents or settings for. `unit` is derived: the
-- unit named by the most recently stored document that names one (its seq is
-- `unit_set_by_seq`), else '0000'.
CREATE TABLE persons (
    person_id          TEXT    NOT NULL PRIMARY KEY,
    unit               TEXT    NOT NULL DEFAULT '0000',
    unit_set_by_seq    INTEGER NOT NULL DEFAULT 0,
    address_protection TEXT    NOT NULL DEFAULT 'none'
        CHECK (address_protection IN ('none', 'fortrolig', 'strengt_fortrolig')),
    created_at         INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX persons_by_unit ON persons (unit);

-- The few persons with a protected address, for excluding them from queues.
CREATE INDEX persons_protected ON persons (person_id) WHERE address_protection <> 'none';

-- Documents as received: `content` is the canonical JSON (sorted keys, no
-- insignificant whitespace), compared byte for byte to tell a repeat from a
-- conflict. `seq` is the order of arrival for the person, from 1. `gp` is the
-- certifier of a sick_leave document, for the GP's view of their patients.
CREATE TABLE documents (
    person_id   TEXT    NOT NULL REFERENCES persons (person_id),
    kind        TEXT    NOT NULL,
    doc_id      TEXT    NOT NULL,
    seq         INTEGER NOT NULL,
    content     TEXT    NOT NULL,
    received_at INTEGER NOT NULL,
    received_by TEXT    NOT NULL,
    gp          TEXT,
    PRIMARY KEY (person_id, kind, doc_id),
    UNIQUE (person_id, seq)
) WITHOUT ROWID;

CREATE TRIGGER documents_are_append_only_update BEFORE UPDATE ON documents
BEGIN
    SELECT RAISE(ABORT, 'documents are append-only');
END;

CREATE TRIGGER documents_are_append_only_delete BEFORE DELETE ON documents
BEGIN
    SELECT RAISE(ABORT, 'documents are append-only');
END;

-- Derived: follow-up cases (oppfølgingstilfeller). `open_until` is the end
-- plus the 16 days within which a new certificate continues the case.
-- Derived tables carry no foreign keys: they are rebuilt with the persons
-- row in one transaction, and checking each of their rows would slow ingest.
CREATE TABLE followup_cases (
    person_id     TEXT    NOT NULL,
    case_start    TEXT    NOT NULL,
    case_end      TEXT    NOT NULL,
    open_until    TEXT    NOT NULL,
    sick_days     INTEGER NOT NULL,
    graded_at_end BOOLEAN NOT NULL,
    PRIMARY KEY (person_id, case_start)
) WITHOUT ROWID;

-- Derived: the employers of each case, for "persons with an open case at
-- this employer" (a manager's scope and queue).
CREATE TABLE case_employers (
    person_id  TEXT NOT NULL,
    case_start TEXT NOT NULL,
    employer   TEXT NOT NULL,
    open_until TEXT NOT NULL,
    PRIMARY KEY (person_id, case_start, employer)
) WITHOUT ROWID;

CREATE INDEX case_employers_open_by_employer ON case_employers (employer, open_until, person_id);

-- Derived: the statutory milestones of each case.
CREATE TABLE milestones (
    person_id  TEXT    NOT NULL,
    case_start TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    date       TEXT    NOT NULL,
    reached    BOOLEAN NOT NULL,
    required   BOOLEAN NOT NULL,
    PRIMARY KEY (person_id, case_start, kind)
) WITHOUT ROWID;

-- Derived: tasks of the work queues. `unit` is the person's unit (copied so a
-- unit's queue is one index range); `urgency` is that of an open task on the
-- day it was last computed (store or daily tick), NULL when closed.
CREATE TABLE tasks (
    person_id      TEXT NOT NULL,
    task_id        TEXT NOT NULL,
    case_start     TEXT NOT NULL,
    kind           TEXT NOT NULL,
    owner          TEXT NOT NULL CHECK (owner IN ('employer', 'nav')),
    unit           TEXT NOT NULL,
    due            TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('open', 'done', 'not_needed')),
    urgency        TEXT CHECK (urgency IN ('overdue', 'due_soon', 'upcoming')),
    closed_because TEXT,
    PRIMARY KEY (person_id, task_id)
) WITHOUT ROWID;

-- A NAV unit's queue: open NAV tasks of the unit by due date. It covers
-- the columns a queue shows (with the key), so listing reads no table rows.
CREATE INDEX tasks_by_unit_queue ON tasks (unit, owner, state, due, case_start, kind, closed_because);

-- What people decided about tasks; the latest decision per task counts.
CREATE TABLE task_decisions (
    person_id  TEXT    NOT NULL REFERENCES persons (person_id),
    seq        INTEGER NOT NULL,
    task_id    TEXT    NOT NULL,
    state      TEXT    NOT NULL CHECK (state IN ('open', 'done', 'not_needed')),
    reason     TEXT    NOT NULL,
    decided_by TEXT    NOT NULL,
    decided_at INTEGER NOT NULL,
    PRIMARY KEY (person_id, seq)
) WITHOUT ROWID;

CREATE TRIGGER task_decisions_are_append_only_update BEFORE UPDATE ON task_decisions
BEGIN
    SELECT RAISE(ABORT, 'task decisions are append-only');
END;

CREATE TRIGGER task_decisions_are_append_only_delete BEFORE DELETE ON task_decisions
BEGIN
    SELECT RAISE(ABORT, 'task decisions are append-only');
END;

-- A worker's consent that a counsellor or job specialist may see them. One
-- row per grantee; withdrawal sets `withdrawn_at` and takes effect at once.
-- The history of grants and withdrawals is in the audit log.
CREATE TABLE consents (
    person_id       TEXT    NOT NULL,
    grantee_user_id INTEGER NOT NULL REFERENCES users (user_id),
    granted_at      INTEGER NOT NULL,
    withdrawn_at    INTEGER,
    PRIMARY KEY (person_id, grantee_user_id)
) WITHOUT ROWID;

-- Who read or changed which person's data, permitted or denied. `person_id`
-- is '' for entries not about one person (a work-queue listing).
-- `entry_id` counts per person.
CREATE TABLE audit_log (
    person_id      TEXT    NOT NULL,
    entry_id       INTEGER NOT NULL,
    at             INTEGER NOT NULL,
    actor_user_id  INTEGER NOT NULL,
    actor_username TEXT    NOT NULL,
    actor_role     TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    purpose        TEXT    NOT NULL,
    permitted      BOOLEAN NOT NULL,
    PRIMARY KEY (person_id, entry_id)
) WITHOUT ROWID;

CREATE TRIGGER audit_log_is_append_only_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_is_append_only_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- Local accounts; the password hash is made by the web crate.
CREATE TABLE users (
    user_id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    username                 TEXT    NOT NULL UNIQUE,
    password_hash            TEXT    NOT NULL,
    role                     TEXT    NOT NULL,
    unit                     TEXT,
    employer                 TEXT,
    person                   TEXT,
    gp_id                    TEXT,
    protected_address_access BOOLEAN NOT NULL DEFAULT 0,
    created_at               INTEGER NOT NULL
);

-- Sessions by the hash of their token; the token itself is never stored.
CREATE TABLE sessions (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (user_id),
    csrf_token TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;

-- API tokens of system clients, by the hash of the token.
CREATE TABLE api_tokens (
    token_hash TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
) WITHOUT ROWID;

-- The days the daily run has run, so that it runs once per day.
CREATE TABLE tick_runs (
    day    TEXT    NOT NULL PRIMARY KEY,
    ran_at INTEGER NOT NULL
) WITHOUT ROWID;
