-- Lienket schema, version 10: "not a duplicate" and dismissed warnings become edits.
--
-- Saying two entities are different, or dismissing a warning, is a choice about the data:
-- it goes through the change log like any edit, so it is undone, listed in the history and
-- shared with the rest. The change log names a row by its uid, so both tables get one.

CREATE TABLE not_duplicate_v10 (
    uid TEXT NOT NULL UNIQUE,
    uid_a TEXT NOT NULL,
    uid_b TEXT NOT NULL,
    PRIMARY KEY (uid_a, uid_b)
) WITHOUT ROWID;
INSERT INTO not_duplicate_v10 (uid, uid_a, uid_b)
    SELECT lower(hex(randomblob(16))), uid_a, uid_b FROM not_duplicate;
DROP TABLE not_duplicate;
ALTER TABLE not_duplicate_v10 RENAME TO not_duplicate;

CREATE TABLE dismissed_warning_v10 (
    uid TEXT NOT NULL UNIQUE,
    key TEXT PRIMARY KEY
) WITHOUT ROWID;
INSERT INTO dismissed_warning_v10 (uid, key)
    SELECT lower(hex(randomblob(16))), key FROM dismissed_warning;
DROP TABLE dismissed_warning;
ALTER TABLE dismissed_warning_v10 RENAME TO dismissed_warning;
