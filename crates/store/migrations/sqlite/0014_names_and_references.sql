-- Intent: names instead of identity numbers (issue 10, item 1).
--
-- A person's name and postal address from the latest `population_register`
-- document stored for them (derived, as the unit is: `recompute::derive`
-- writes them with the person's row; NULL while none is stored).
--
-- `reference`: the opaque, random and stable name of a person in page
-- addresses, so that an identity number never reaches an address bar, a
-- proxy's log or a browser's history. 128 random bits, never derived from
-- the identity number. A trigger gives every new person one; a restored
-- row brings its own.
--
-- `employer_names`: an organisation's name as the operator registers it
-- (`tilbake admin employer name`), from the register of legal entities.
ALTER TABLE persons ADD COLUMN given_name TEXT;
ALTER TABLE persons ADD COLUMN family_name TEXT;
ALTER TABLE persons ADD COLUMN street TEXT;
ALTER TABLE persons ADD COLUMN postcode TEXT;
ALTER TABLE persons ADD COLUMN city TEXT;
ALTER TABLE persons ADD COLUMN reference TEXT;

UPDATE persons SET reference = lower(hex(randomblob(16))) WHERE reference IS NULL;

CREATE UNIQUE INDEX persons_by_reference ON persons (reference);

CREATE TRIGGER person_reference AFTER INSERT ON persons WHEN NEW.reference IS NULL
BEGIN
    UPDATE persons SET reference = lower(hex(randomblob(16))) WHERE person_id = NEW.person_id;
END;

CREATE TABLE employer_names (
    orgnr      TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    changed_at INTEGER NOT NULL
);
