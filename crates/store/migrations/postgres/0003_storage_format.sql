-- Intent: a versioned storage format, and the employer of a certificate as a column.
--
-- Documents get `format` (the version of the storage format their `content`
-- is written in, read leniently by that version's reader; strict rules apply
-- only to input) and `employer` (the employer a certificate names, so that a
-- manager's view of certificates is a filter in SQL, as every other access
-- rule is). The column is filled for the certificates already stored.

ALTER TABLE documents ADD COLUMN format BIGINT NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN employer TEXT;

ALTER TABLE documents DISABLE TRIGGER documents_are_append_only;
UPDATE documents SET employer = CAST(content AS json) ->> 'employer' WHERE kind = 'sick_leave';
ALTER TABLE documents ENABLE TRIGGER documents_are_append_only;
