-- Lienket schema, version 12: saved selections.
--
-- A trainer exports the same part of the base for each class: some entities and what lies
-- within a few links of them. The choice is kept under a name, as a row of the knowledge
-- base with a uid, under the change log like any edit: undone, listed in the history,
-- carried with the file.

CREATE TABLE saved_selection (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    -- The chosen entities' uids, as a JSON array, in the order chosen.
    entities TEXT NOT NULL,
    -- How many links away from them, at least 0.
    depth INTEGER NOT NULL DEFAULT 0 CHECK (depth >= 0),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
