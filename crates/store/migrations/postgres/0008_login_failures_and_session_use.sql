-- Intent: failed logins counted per (account, client address) in the
-- database, so that the growing wait between attempts holds across
-- restarts and processes, and only for the address that failed (a stranger
-- elsewhere cannot lock the real user out); sessions remember when they were
-- last used, for the user's list of their sessions.
--
-- `username_key` is the lower-cased username, or '' for every account from
-- that address (one address guessing at many accounts).
CREATE TABLE login_failures (
    username_key    TEXT   NOT NULL,
    address         TEXT   NOT NULL,
    n_failures      BIGINT NOT NULL,
    last_failure_at BIGINT NOT NULL,
    PRIMARY KEY (username_key, address)
);

CREATE INDEX login_failures_by_time ON login_failures (last_failure_at);

ALTER TABLE sessions ADD COLUMN last_used_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET last_used_at = created_at;

CREATE INDEX sessions_by_user ON sessions (user_id);
