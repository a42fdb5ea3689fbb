-- Lienket schema, version 9: plausibility warnings a person has dismissed.
--
-- Beside the hard rules, the window warns about what is possible but unlikely (a
-- position held before its holder was born, a report dated before the event it reports).
-- A warning dismissed is kept here, by a key naming the check and the rows, for good.

CREATE TABLE dismissed_warning (
    key TEXT PRIMARY KEY
) WITHOUT ROWID;
