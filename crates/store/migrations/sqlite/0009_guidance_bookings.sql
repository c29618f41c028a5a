-- Intent: career centres, and guidance booked with one of their counsellors.
--
-- `organisations` are the bodies people work for that are not the sick-listed
-- person's employer: career centres (and, later, supported-employment
-- providers). A counsellor's account names its centre in `users.employer`
-- (the organisation the account works for). A centre sets how many sessions
-- its guidance has and how far apart they are planned.
--
-- `guidance_bookings` is the person booking guidance with a counsellor of a
-- centre (booking also grants the guidance consent, in `consent_grants`);
-- the booking belongs to the person and to the centre that gives it.
-- `guidance_sessions` are its sessions, planned at booking by the centre's
-- plan; the counsellor's notes and "something to think about before next
-- time" are read by the counsellor and the person only.
CREATE TABLE organisations (
    orgnr                TEXT    PRIMARY KEY,
    kind                 TEXT    NOT NULL CHECK (kind IN ('career_centre', 'se_provider')),
    name                 TEXT    NOT NULL,
    guidance_sessions    INTEGER NOT NULL DEFAULT 3,
    session_spacing_days INTEGER NOT NULL DEFAULT 14,
    created_at           INTEGER NOT NULL
);

CREATE TABLE guidance_bookings (
    person_id          TEXT    NOT NULL,
    booked_at          INTEGER NOT NULL,
    centre             TEXT    NOT NULL REFERENCES organisations (orgnr),
    counsellor_user_id INTEGER NOT NULL REFERENCES users (user_id),
    -- What the person would like to talk about, in their own words.
    wish               TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (person_id, booked_at)
) WITHOUT ROWID;

-- "Whom has this counsellor booked": their list with the next session.
CREATE INDEX guidance_bookings_by_counsellor ON guidance_bookings (counsellor_user_id, person_id);

CREATE TABLE guidance_sessions (
    person_id   TEXT    NOT NULL,
    booked_at   INTEGER NOT NULL,
    number      INTEGER NOT NULL,
    planned_on  TEXT    NOT NULL,
    held_on     TEXT,
    note        TEXT    NOT NULL DEFAULT '',
    before_next TEXT    NOT NULL DEFAULT '',
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (person_id, booked_at, number)
) WITHOUT ROWID;

-- A caseworker, GP or manager suggesting guidance to the person, who alone
-- books it. The role is kept, not who: the person reads "your manager
-- suggested this", and the audit log says who.
CREATE TABLE guidance_suggestions (
    person_id    TEXT    NOT NULL,
    suggested_at INTEGER NOT NULL,
    by_role      TEXT    NOT NULL CHECK (by_role IN ('caseworker', 'gp', 'manager')),
    PRIMARY KEY (person_id, suggested_at, by_role)
) WITHOUT ROWID;
