-- Intent: a NAV office's (unit's) own settings (issue 11): whether it holds
-- the early follow-up sessions in weeks 14 and 16. One row per unit that has
-- changed a setting; a unit without a row holds no early sessions. The row
-- is the setting now; its history is the audit log (`change_unit_settings`,
-- subject `unit:CODE`). The tasks of the unit's persons are derived with it
-- (`recompute::derive`), and switching it re-derives them in the same
-- transaction.
CREATE TABLE unit_settings (
    unit           TEXT   PRIMARY KEY,
    -- 1: on, 0: off.
    early_sessions BIGINT NOT NULL,
    changed_by     TEXT   NOT NULL,
    changed_at     BIGINT NOT NULL
);
