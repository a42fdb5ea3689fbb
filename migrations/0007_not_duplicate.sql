-- Lienket schema, version 7: pairs a person said are not duplicates.
--
-- The "possible duplicates" list leaves out a pair once someone has said the two are
-- different entities (two officials of the same name). Pairs are kept by uid, the smaller
-- first, so they survive copies of the file.

CREATE TABLE not_duplicate (
    uid_a TEXT NOT NULL,
    uid_b TEXT NOT NULL,
    PRIMARY KEY (uid_a, uid_b)
) WITHOUT ROWID;
