-- Intent: every GP account names the certifier id it signs certificates with.
--
-- The access policy no longer falls back to the username for a GP without a
-- certifier id (such a GP sees nobody). Accounts made before, which relied on
-- that fallback, get their username as certifier id, so no GP loses a patient.
UPDATE users SET gp_id = username WHERE role = 'gp' AND gp_id IS NULL;
