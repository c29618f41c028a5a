-- Intent: the supervisor's team page within its time (issue 9, under 20 ms
-- for 50 specialists of 20 participants). Each participation keeps what
-- the team's fidelity needs of its records, maintained in the transaction
-- that changes them: the day of its first employer contact (by
-- `log_activity`; activities are never changed or removed, so it only
-- moves earlier) and whether a job was got (by `save_job`; a job is
-- never removed). The team's fidelity then reads one row per
-- participation, and counts the period's activities in SQL.
ALTER TABLE se_participations ADD COLUMN first_employer_contact TEXT;
ALTER TABLE se_participations ADD COLUMN hired BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE se_participations SET
    first_employer_contact = (
        SELECT MIN(a.on_date) FROM se_activities a
        WHERE a.person_id = se_participations.person_id
          AND a.referred_at = se_participations.referred_at
          AND a.kind IN ('employer_contact', 'workplace_visit', 'work_trial', 'follow_up_at_work')),
    hired = EXISTS (
        SELECT 1 FROM se_jobs j
        WHERE j.person_id = se_participations.person_id
          AND j.referred_at = se_participations.referred_at);

-- An employer's page lists the contacts with it, newest first.
CREATE INDEX se_activities_by_employer ON se_activities (employer, on_date);
