-- Intent: the event outbox, notifications and webhook subscribers (issue 11,
-- parts 4 and 5).
--
-- Events are written by triggers on the tables the store writes, so every
-- write path (storing documents, deciding tasks, the daily tick, recompute,
-- sharing a guidance plan) records its events in the same transaction as
-- the change: the outbox is as durable as the change itself. An event names
-- kinds and ids only, never content. `event_id` orders events by insertion;
-- `position` is given later by one sequencer at a time (SQLite's one
-- writer; a transaction-level advisory lock on PostgreSQL), in commit order (the feed's
-- and the webhooks' monotonic id), so a reader never skips an event that a
-- slower transaction committed after a faster one. The PostgreSQL migration
-- of the same version has the same tables and columns.

-- A user's e-mail address (for notifications only), how they want to hear
-- of notifications, the language of their e-mails, and the day of their
-- last digest.
ALTER TABLE users ADD COLUMN email TEXT;
ALTER TABLE users ADD COLUMN email_choice TEXT NOT NULL DEFAULT 'each'
    CHECK (email_choice IN ('each', 'digest', 'none'));
ALTER TABLE users ADD COLUMN lang TEXT NOT NULL DEFAULT 'nb' CHECK (lang IN ('nb', 'en'));
ALTER TABLE users ADD COLUMN digest_sent_on TEXT;

CREATE TABLE outbox_events (
    event_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    position     INTEGER UNIQUE,
    person_id    TEXT    NOT NULL,
    kind         TEXT    NOT NULL,
    subject      TEXT    NOT NULL,
    reference    TEXT    NOT NULL,
    owner        TEXT,
    sequenced_at INTEGER
);

-- The events not yet sequenced, in insertion order.
CREATE INDEX outbox_events_unsequenced ON outbox_events (event_id) WHERE position IS NULL;

-- How far a consumer of the outbox (the notifier) has come; none yet is 0.
CREATE TABLE outbox_cursors (
    consumer TEXT    NOT NULL PRIMARY KEY,
    position INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER outbox_document_stored AFTER INSERT ON documents
BEGIN
    INSERT INTO outbox_events (person_id, kind, subject, reference, owner)
    VALUES (NEW.person_id, 'document_stored', NEW.kind, NEW.doc_id, NEW.employer);
END;

CREATE TRIGGER outbox_task_opened AFTER INSERT ON tasks WHEN NEW.state = 'open'
BEGIN
    INSERT INTO outbox_events (person_id, kind, subject, reference, owner)
    VALUES (NEW.person_id, 'task_opened', NEW.kind, NEW.task_id, NEW.owner);
END;

-- A task made when it is already near or past its due date is also due.
CREATE TRIGGER outbox_task_opened_due AFTER INSERT ON tasks
WHEN NEW.state = 'open' AND NEW.urgency IN ('due_soon', 'overdue')
BEGIN
    INSERT INTO outbox_events (person_id, kind, subject, reference, owner)
    VALUES (NEW.person_id, 'task_' || NEW.urgency, NEW.kind, NEW.task_id, NEW.owner);
END;

CREATE TRIGGER outbox_task_closed AFTER UPDATE OF state ON tasks
WHEN OLD.state = 'open' AND NEW.state <> 'open'
BEGIN
    INSERT INTO outbox_events (person_id, kind, subject, reference, owner)
    VALUES (NEW.person_id, 'task_closed', NEW.kind, NEW.task_id, NEW.owner);
END;

CREATE TRIGGER outbox_task_due AFTER UPDATE OF urgency ON tasks
WHEN NEW.state = 'open' AND NEW.urgency IN ('due_soon', 'overdue')
    AND NEW.urgency IS NOT OLD.urgency
BEGIN
    INSERT INTO outbox_events (person_id, kind, subject, reference, owner)
    VALUES (NEW.person_id, 'task_' || NEW.urgency, NEW.kind, NEW.task_id, NEW.owner);
END;

CREATE TRIGGER outbox_milestone_reached_new AFTER INSERT ON milestones WHEN NEW.reached
BEGIN
    INSERT INTO outbox_events (person_id, kind, subject, reference, owner)
    VALUES (NEW.person_id, 'milestone_reached', NEW.kind, NEW.case_start, NULL);
END;

CREATE TRIGGER outbox_milestone_reached AFTER UPDATE OF reached ON milestones
WHEN NEW.reached AND NOT OLD.reached
BEGIN
    INSERT INTO outbox_events (person_id, kind, subject, reference, owner)
    VALUES (NEW.person_id, 'milestone_reached', NEW.kind, NEW.case_start, NULL);
END;

CREATE TRIGGER outbox_guidance_plan_shared AFTER INSERT ON guidance_plan_shares
BEGIN
    INSERT INTO outbox_events (person_id, kind, subject, reference, owner)
    VALUES (NEW.person_id, 'guidance_plan_shared', NEW.audience, NEW.document, NULL);
END;

-- In-app notifications: what waits for one user, from one event.
CREATE TABLE notifications (
    notification_id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users (user_id),
    position        INTEGER NOT NULL,
    person_id       TEXT    NOT NULL,
    topic           TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    read_at         INTEGER,
    -- Told by e-mail already (each, or in a digest), or never to be (none).
    emailed         BOOLEAN NOT NULL DEFAULT 0,
    UNIQUE (user_id, position)
);
CREATE INDEX notifications_by_user ON notifications (user_id, read_at);

-- E-mails to send, durable until sent. They hold no health data and no
-- identity number: only what kind of thing waits.
CREATE TABLE email_queue (
    email_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id         INTEGER NOT NULL REFERENCES users (user_id),
    recipient       TEXT    NOT NULL,
    -- 'each' (one notification) or 'digest'; the topics told, in order
    -- (comma-separated); the language to write it in. The text is made
    -- from the catalogue when it is sent.
    kind            TEXT    NOT NULL CHECK (kind IN ('each', 'digest')),
    topics          TEXT    NOT NULL,
    lang            TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    sent_at         INTEGER,
    last_error      TEXT
);
CREATE INDEX email_queue_due ON email_queue (next_attempt_at) WHERE sent_at IS NULL;

-- Webhook subscribers, owned by an employer, a career centre or an SE
-- provider. The secret signs deliveries (HMAC-SHA256), so it is kept as
-- given, not hashed. `delivered_through` is the last position delivered.
CREATE TABLE webhooks (
    webhook_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    owner_kind        TEXT    NOT NULL CHECK (owner_kind IN ('employer', 'career_centre', 'se_provider')),
    owner_org         TEXT    NOT NULL,
    url               TEXT    NOT NULL,
    secret            TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    created_by        TEXT    NOT NULL,
    delivered_through INTEGER NOT NULL,
    failures          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   INTEGER NOT NULL DEFAULT 0
);

-- Every delivery attempt: which events, the answer or the error.
CREATE TABLE webhook_deliveries (
    delivery_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id     INTEGER NOT NULL REFERENCES webhooks (webhook_id),
    first_position INTEGER NOT NULL,
    last_position  INTEGER NOT NULL,
    n_events       INTEGER NOT NULL,
    attempt        INTEGER NOT NULL,
    at             INTEGER NOT NULL,
    status         INTEGER,
    error          TEXT,
    succeeded      BOOLEAN NOT NULL
);
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook_id, delivery_id);
