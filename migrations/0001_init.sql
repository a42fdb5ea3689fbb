-- Lienket schema, version 1.
-- Every user-edited table has a `uid` so copies of a database can exchange changes.
-- Folded columns hold text passed through the application's Vietnamese folding function
-- (SQLite's own lower()/NOCASE fold ASCII only).

CREATE TABLE kind (
    name      TEXT PRIMARY KEY,
    uid       TEXT NOT NULL UNIQUE,
    label_vi  TEXT NOT NULL,
    label_en  TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE predicate (
    name           TEXT PRIMARY KEY,
    uid            TEXT NOT NULL UNIQUE,
    label_vi       TEXT NOT NULL,
    label_en       TEXT NOT NULL,
    inverse_vi     TEXT NOT NULL,
    inverse_en     TEXT NOT NULL,
    subject_kinds  TEXT,   -- JSON array of kind names, NULL for any
    object_kinds   TEXT
) WITHOUT ROWID;

CREATE TABLE entity (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    uid         TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL REFERENCES kind(name),
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    name_en     TEXT,
    folded      TEXT NOT NULL,
    summary     TEXT,
    date_start  TEXT,   -- partial date: YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD
    date_end    TEXT,
    properties  TEXT NOT NULL DEFAULT '{}',
    private     INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX entity_folded ON entity(folded);
CREATE INDEX entity_kind_folded ON entity(kind, folded);

CREATE TABLE alias (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    uid        TEXT NOT NULL UNIQUE,
    entity_id  INTEGER NOT NULL REFERENCES entity(id),
    name       TEXT NOT NULL CHECK (length(trim(name)) > 0),
    folded     TEXT NOT NULL
);
CREATE INDEX alias_entity ON alias(entity_id);
CREATE INDEX alias_folded ON alias(folded);

CREATE TABLE relation (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    uid         TEXT NOT NULL UNIQUE,
    subject_id  INTEGER NOT NULL REFERENCES entity(id),
    predicate   TEXT NOT NULL REFERENCES predicate(name),
    object_id   INTEGER NOT NULL REFERENCES entity(id),
    role        TEXT,
    date_start  TEXT,
    date_end    TEXT,
    note        TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE INDEX relation_subject ON relation(subject_id, predicate);
CREATE INDEX relation_object ON relation(object_id, predicate);

CREATE TABLE citation (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    uid          TEXT NOT NULL UNIQUE,
    relation_id  INTEGER REFERENCES relation(id),
    entity_id    INTEGER REFERENCES entity(id),
    source_id    INTEGER NOT NULL REFERENCES entity(id),
    quote        TEXT,
    CHECK ((relation_id IS NULL) <> (entity_id IS NULL))
);
CREATE INDEX citation_relation ON citation(relation_id);
CREATE INDEX citation_entity ON citation(entity_id);
CREATE INDEX citation_source ON citation(source_id);

-- The change log: one `edit` per user action, one `change` per row it touched.
CREATE TABLE edit (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    uid          TEXT NOT NULL UNIQUE,
    at           INTEGER NOT NULL,          -- unix milliseconds
    author       TEXT NOT NULL,
    description  TEXT NOT NULL,
    undoes       INTEGER REFERENCES edit(id),  -- set on an undo edit
    redoes       INTEGER REFERENCES edit(id)   -- set on a redo edit
);

CREATE TABLE change (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    edit_id  INTEGER NOT NULL REFERENCES edit(id),
    tbl      TEXT NOT NULL,
    row_uid  TEXT NOT NULL,
    op       TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'bulk_insert')),
    before   TEXT,   -- JSON row image, NULL for insert
    after    TEXT    -- JSON row image, NULL for delete; id range for bulk_insert
);
CREATE INDEX change_edit ON change(edit_id);
CREATE INDEX change_row ON change(row_uid);

-- Full-text index over folded names, aliases and acronyms (column `names`) and the folded
-- summary; rowid = entity.id. Kept in step by the write path, in the same transaction.
CREATE VIRTUAL TABLE search_fts USING fts5(
    names, summary,
    content = '', contentless_delete = 1,
    prefix = '1 2 3',
    tokenize = 'unicode61 remove_diacritics 0'
);
