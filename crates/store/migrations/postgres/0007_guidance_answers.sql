-- Intent: a person's answers to the guidance instruments, saved as they go.
--
-- One row per person and instrument version: the person fills in at home,
-- a little at a time, and each save replaces the row (partial answers are
-- kept). `answers` is the guidance contract's answers document as JSON,
-- checked against the definition of `instrument` and `version` when it
-- was saved and scored with that same definition whenever it is read, also
-- after a newer version of the instrument exists. The data is the person's:
-- who may read it is the access policy's (`PersonView::guidance`).
CREATE TABLE guidance_answers (
    person_id  TEXT    NOT NULL,
    instrument TEXT    NOT NULL,
    version    BIGINT NOT NULL,
    answers    TEXT    NOT NULL,
    saved_at   BIGINT NOT NULL,
    PRIMARY KEY (person_id, instrument, version)
);
