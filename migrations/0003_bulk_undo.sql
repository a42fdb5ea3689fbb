-- Lienket schema, version 3: undo and redo of bulk edits.
--
-- Undoing a bulk edit (generation, a large import) moves its rows onto a shelf instead of
-- writing a row image per row; redoing it moves them back. The change log records one
-- `bulk_delete` change per table, holding the id range, for such an undo.

CREATE TABLE change_v3 (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    edit_id  INTEGER NOT NULL REFERENCES edit(id),
    tbl      TEXT NOT NULL,
    row_uid  TEXT NOT NULL,
    op       TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'bulk_insert', 'bulk_delete')),
    before   TEXT,
    after    TEXT
);
INSERT INTO change_v3 (id, edit_id, tbl, row_uid, op, before, after)
    SELECT id, edit_id, tbl, row_uid, op, before, after FROM change;
DROP TABLE change;
ALTER TABLE change_v3 RENAME TO change;
CREATE INDEX change_edit ON change(edit_id);
CREATE INDEX change_row ON change(row_uid);

CREATE TABLE shelf_entity (
    shelved_by  INTEGER NOT NULL,   -- the undo edit that moved the row here
    id INTEGER, uid TEXT, kind TEXT, name TEXT, name_en TEXT, folded TEXT, summary TEXT,
    date_start TEXT, date_end TEXT, properties TEXT, private INTEGER,
    created_at INTEGER, updated_at INTEGER
);
CREATE TABLE shelf_alias (
    shelved_by  INTEGER NOT NULL,
    id INTEGER, uid TEXT, entity_id INTEGER, name TEXT, folded TEXT
);
CREATE TABLE shelf_relation (
    shelved_by  INTEGER NOT NULL,
    id INTEGER, uid TEXT, subject_id INTEGER, predicate TEXT, object_id INTEGER, role TEXT,
    date_start TEXT, date_end TEXT, note TEXT, created_at INTEGER, updated_at INTEGER
);
CREATE TABLE shelf_citation (
    shelved_by  INTEGER NOT NULL,
    id INTEGER, uid TEXT, relation_id INTEGER, entity_id INTEGER, source_id INTEGER, quote TEXT
);
CREATE INDEX shelf_entity_by ON shelf_entity(shelved_by);
CREATE INDEX shelf_alias_by ON shelf_alias(shelved_by);
CREATE INDEX shelf_relation_by ON shelf_relation(shelved_by);
CREATE INDEX shelf_citation_by ON shelf_citation(shelved_by);
