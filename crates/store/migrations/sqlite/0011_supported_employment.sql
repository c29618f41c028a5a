-- Intent: Supported Employment — a caseworker's referral of a person to a
-- provider, the person's agreement, the job specialist who follows them
-- (at most 20 active participants each, checked in the assigning
-- transaction), the activities they log, the vocational profile (a version
-- per change), the employer register, the job, onboarding and fade-out.
--
-- Providers are `organisations` of kind 'se_provider'; a job specialist's
-- or method supervisor's account names its provider in `users.employer`.
-- A participation is keyed by the person and when they were referred; a
-- person has at most one that has not ended. Agreement grants the
-- `supported_employment` consent (in `consent_grants`) to the specialist;
-- `share` keeps what the person chose to share, for a specialist assigned
-- later from the queue. Withdrawal ends the participation
-- (`ended_because = 'withdrawn'`) and the consent in one transaction.
CREATE TABLE se_participations (
    person_id          TEXT    NOT NULL,
    referred_at        INTEGER NOT NULL,
    provider           TEXT    NOT NULL REFERENCES organisations (orgnr),
    referred_by        INTEGER NOT NULL REFERENCES users (user_id),
    reason             TEXT    NOT NULL,
    -- A specialist the caseworker named; assigned at agreement if they have room.
    named_specialist   INTEGER REFERENCES users (user_id),
    specialist_user_id INTEGER REFERENCES users (user_id),
    state              TEXT    NOT NULL
        CHECK (state IN ('referred', 'queued', 'active', 'ended')),
    share              TEXT    NOT NULL DEFAULT '',
    agreed_at          INTEGER,
    agreed_on          TEXT,
    steps              TEXT    NOT NULL DEFAULT '',
    ended_at           INTEGER,
    ended_because      TEXT
        CHECK (ended_because IN ('withdrawn', 'declined', 'by_agreement', 'closed_by_provider')),
    updated_at         INTEGER NOT NULL,
    PRIMARY KEY (person_id, referred_at)
) WITHOUT ROWID;

-- One open participation per person.
CREATE UNIQUE INDEX se_participations_open ON se_participations (person_id)
    WHERE state <> 'ended';
-- A specialist's caseload (the cap counts it) and a provider's queue and team.
CREATE INDEX se_participations_by_specialist ON se_participations (specialist_user_id, state);
CREATE INDEX se_participations_by_provider ON se_participations (provider, state);

-- What a job specialist did: with a participant (`person_id`,
-- `referred_at`), or with an employer for no one participant.
CREATE TABLE se_activities (
    activity_id        INTEGER PRIMARY KEY,
    specialist_user_id INTEGER NOT NULL REFERENCES users (user_id),
    person_id          TEXT,
    referred_at        INTEGER,
    on_date            TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    place              TEXT    NOT NULL CHECK (place IN ('office', 'out')),
    employer           TEXT,
    note               TEXT    NOT NULL DEFAULT '',
    logged_at          INTEGER NOT NULL
);

CREATE INDEX se_activities_by_participation ON se_activities (person_id, referred_at, on_date);
CREATE INDEX se_activities_by_specialist ON se_activities (specialist_user_id, on_date);

-- The vocational profile: every save a new version, dated, with its source.
-- Lists are stored one item a line.
CREATE TABLE se_profiles (
    person_id     TEXT    NOT NULL,
    referred_at   INTEGER NOT NULL,
    version       INTEGER NOT NULL,
    changed_on    TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    wishes        TEXT    NOT NULL,
    interests     TEXT    NOT NULL,
    strengths     TEXT    NOT NULL,
    experience    TEXT    NOT NULL,
    can_do_now    TEXT    NOT NULL,
    cannot_do_now TEXT    NOT NULL,
    hours_min     INTEGER,
    hours_max     INTEGER,
    adaptations   TEXT    NOT NULL,
    saved_by      TEXT    NOT NULL,
    saved_at      INTEGER NOT NULL,
    PRIMARY KEY (person_id, referred_at, version)
) WITHOUT ROWID;

-- The employer register: employers are subjects of their own (audited
-- under `org:<orgnr>`), not persons.
CREATE TABLE se_employers (
    orgnr       TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    culture     TEXT    NOT NULL,
    adaptations TEXT    NOT NULL,
    aids        TEXT    NOT NULL,
    training    TEXT    NOT NULL,
    hours_min   INTEGER,
    hours_max   INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE se_employer_tasks (
    orgnr          TEXT    NOT NULL REFERENCES se_employers (orgnr),
    position       INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    hours_per_week INTEGER NOT NULL,
    PRIMARY KEY (orgnr, position)
) WITHOUT ROWID;

-- The job the participant got, with the tasks carved for it.
CREATE TABLE se_jobs (
    person_id      TEXT    NOT NULL,
    referred_at    INTEGER NOT NULL,
    employer       TEXT    NOT NULL,
    hired_on       TEXT    NOT NULL,
    open_market    BOOLEAN NOT NULL,
    hours_per_week INTEGER NOT NULL,
    tariff_pay     BOOLEAN NOT NULL,
    ended_on       TEXT,
    mentor         TEXT    NOT NULL DEFAULT '',
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (person_id, referred_at)
) WITHOUT ROWID;

CREATE TABLE se_job_tasks (
    person_id      TEXT    NOT NULL,
    referred_at    INTEGER NOT NULL,
    position       INTEGER NOT NULL,
    name           TEXT    NOT NULL,
    hours_per_week INTEGER NOT NULL,
    can_do_now     BOOLEAN NOT NULL,
    PRIMARY KEY (person_id, referred_at, position)
) WITHOUT ROWID;

-- The onboarding checklist: an item and the day it was gone through.
CREATE TABLE se_onboarding (
    person_id   TEXT    NOT NULL,
    referred_at INTEGER NOT NULL,
    item        TEXT    NOT NULL,
    done_on     TEXT    NOT NULL,
    PRIMARY KEY (person_id, referred_at, item)
) WITHOUT ROWID;

-- The fade-out plan as agreed last: contact reduced step by step.
CREATE TABLE se_fade_out (
    person_id          TEXT    NOT NULL,
    referred_at        INTEGER NOT NULL,
    position           INTEGER NOT NULL,
    from_date          TEXT    NOT NULL,
    contacts_per_month INTEGER NOT NULL,
    agreed_on          TEXT    NOT NULL,
    PRIMARY KEY (person_id, referred_at, position)
) WITHOUT ROWID;
