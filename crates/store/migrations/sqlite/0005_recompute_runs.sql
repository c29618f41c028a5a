-- Intent: recompute everyone's derived rows after a change of the rules, resumably.
--
-- `tilbake recompute` walks the persons in person-id order, a batch per
-- transaction; each batch moves `last_person_id` on in the same transaction
-- as the rows it writes, so a run stopped anywhere (Ctrl-C, kill -9) goes on
-- after the last committed batch. At most one run is `running` at a time.
-- A run records the program version that started it: a run left by another
-- version is abandoned and started over, since its persons were computed by
-- other rules. Counts only; which persons could not be recomputed is in
-- `recompute_failures`, keyed by the person first like every person table.
CREATE TABLE recompute_runs (
    run_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    program_version TEXT    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('running', 'finished', 'abandoned')),
    started_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    finished_at     INTEGER,
    -- Every person up to and including this id has been done ('' before the first).
    last_person_id  TEXT    NOT NULL DEFAULT '',
    n_persons       INTEGER NOT NULL DEFAULT 0,
    n_documents     INTEGER NOT NULL DEFAULT 0,
    n_failed        INTEGER NOT NULL DEFAULT 0,
    n_batches       INTEGER NOT NULL DEFAULT 0
);

CREATE UNIQUE INDEX recompute_runs_one_running ON recompute_runs (state) WHERE state = 'running';

-- A person whose stored documents and decisions did not derive under the
-- run's rules (their derived rows were left as they were), with the reason.
CREATE TABLE recompute_failures (
    person_id TEXT    NOT NULL,
    run_id    INTEGER NOT NULL REFERENCES recompute_runs (run_id),
    field     TEXT    NOT NULL,
    message   TEXT    NOT NULL,
    PRIMARY KEY (person_id, run_id)
) WITHOUT ROWID;

CREATE INDEX recompute_failures_by_run ON recompute_failures (run_id, person_id);
