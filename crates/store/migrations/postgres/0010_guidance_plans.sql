-- Intent: the action plan of career guidance (handlingsplan) and whom the
-- person shares it with.
--
-- The plan is the person's. Each save is a new version (never changed
-- afterwards), with who saved it and when; `plan` is the guidance
-- contract's stored plan as JSON (`tilbake_contract::guidance::plan`).
-- `is_final` is 1 only when the person made that version final after
-- answering yes to the three questions; a later save is a draft again.
CREATE TABLE guidance_plans (
    person_id     TEXT    NOT NULL,
    version       BIGINT NOT NULL,
    plan          TEXT    NOT NULL,
    is_final      BIGINT NOT NULL,
    saved_by      TEXT    NOT NULL,
    saved_by_role TEXT    NOT NULL,
    saved_at      BIGINT NOT NULL,
    PRIMARY KEY (person_id, version)
);

-- One row per party and document shared with them now: `audience` is the
-- policy's `PlanAudience` (`manager`, `nav`, `gp`), `document` its
-- `SharedDocument` (`plan`, or `report`: the mapping report, never to the
-- manager); taking it back deletes the row, so the next read no longer
-- finds it. The history is the audit log
-- (`share_guidance_plan`, `unshare_guidance_plan`), which the person
-- reads on "who sees me".
CREATE TABLE guidance_plan_shares (
    person_id TEXT    NOT NULL,
    audience  TEXT    NOT NULL,
    document  TEXT    NOT NULL,
    shared_at BIGINT NOT NULL,
    PRIMARY KEY (person_id, audience, document)
);
