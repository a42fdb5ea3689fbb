-- Lienket schema, version 13: saved maps.
--
-- A trainer keeps a picture of the network for each class: what it shows (around an
-- entity, a theme, the whole base), what is hidden, where each node stands and which are
-- pinned, and how it is looked at. The map is a row of the knowledge base with a uid,
-- under the change log like any edit: undone, listed in the history, carried with the
-- file. Its content is one JSON document (`graph::maps` reads and writes it), naming
-- entities by uid only.

CREATE TABLE saved_map (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE,
    map TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
