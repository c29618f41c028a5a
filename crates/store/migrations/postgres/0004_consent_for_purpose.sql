-- Intent: consent for a purpose, with the categories shared.
--
-- `consent_events` is the append-only history (grant, change, withdrawal);
-- `consent_grants` holds one row per consent from its first grant to its
-- withdrawal, the standing ones with `withdrawn_at` NULL, for the access
-- filters. The rows of the old `consents` table move over: a consent given
-- before purposes existed is for the purpose of the grantee's role, with only
-- that purpose's own category shared.

CREATE TABLE consent_grants (
    person_id       TEXT   NOT NULL,
    grantee_user_id BIGINT NOT NULL REFERENCES users (user_id),
    purpose         TEXT   NOT NULL CHECK (purpose IN ('guidance', 'supported_employment')),
    granted_at      BIGINT NOT NULL,
    -- The categories shared now, comma-separated in a fixed order.
    share           TEXT   NOT NULL,
    changed_at      BIGINT NOT NULL,
    withdrawn_at    BIGINT,
    PRIMARY KEY (person_id, grantee_user_id, purpose, granted_at)
);

-- At most one standing consent per grantee and purpose.
CREATE UNIQUE INDEX consent_grants_standing
    ON consent_grants (person_id, grantee_user_id, purpose) WHERE withdrawn_at IS NULL;

-- "Whom has this counsellor or job specialist consent from": their list.
CREATE INDEX consent_grants_by_grantee
    ON consent_grants (grantee_user_id, person_id) WHERE withdrawn_at IS NULL;

CREATE TABLE consent_events (
    person_id       TEXT   NOT NULL,
    seq             BIGINT NOT NULL,
    grantee_user_id BIGINT NOT NULL REFERENCES users (user_id),
    purpose         TEXT   NOT NULL CHECK (purpose IN ('guidance', 'supported_employment')),
    change          TEXT   NOT NULL CHECK (change IN ('grant', 'change', 'withdraw')),
    share           TEXT   NOT NULL,
    at              BIGINT NOT NULL,
    PRIMARY KEY (person_id, seq)
);

CREATE TRIGGER consent_events_are_append_only BEFORE UPDATE OR DELETE ON consent_events
    FOR EACH ROW EXECUTE FUNCTION tilbake_refuse_change();

INSERT INTO consent_grants (person_id, grantee_user_id, purpose, granted_at, share, changed_at, withdrawn_at)
SELECT c.person_id, c.grantee_user_id,
       CASE u.role WHEN 'job_specialist' THEN 'supported_employment' ELSE 'guidance' END,
       c.granted_at,
       CASE u.role WHEN 'job_specialist' THEN 'supported_employment' ELSE 'guidance' END,
       c.granted_at, c.withdrawn_at
FROM consents c JOIN users u ON u.user_id = c.grantee_user_id;

INSERT INTO consent_events (person_id, seq, grantee_user_id, purpose, change, share, at)
SELECT g.person_id,
       ROW_NUMBER() OVER (PARTITION BY g.person_id ORDER BY g.granted_at, g.grantee_user_id),
       g.grantee_user_id, g.purpose, 'grant', g.share, g.granted_at
FROM consent_grants g;

INSERT INTO consent_events (person_id, seq, grantee_user_id, purpose, change, share, at)
SELECT g.person_id,
       (SELECT COUNT(*) FROM consent_grants a WHERE a.person_id = g.person_id)
         + ROW_NUMBER() OVER (PARTITION BY g.person_id ORDER BY g.withdrawn_at, g.grantee_user_id),
       g.grantee_user_id, g.purpose, 'withdraw', '', g.withdrawn_at
FROM consent_grants g WHERE g.withdrawn_at IS NOT NULL;

DROP TABLE consents;
