-- Lienket schema, version 16: sharing changes between copies.
--
-- Copies of a knowledge base on separate computers exchange change files (see
-- ARCHITECTURE.md, "Sharing between copies"). A row's version is the uid of the edit that
-- last changed it; a row taken from another copy keeps that copy's version, recorded
-- here, so that a later file can tell whether its row descends from ours (take it), is
-- one we have (nothing to do) or changed beside ours (a conflict). These tables are the
-- copy's own bookkeeping: not under the change log, not exported, not undone.

-- This copy: a random id and the name colleagues see. One row, made on first use.
CREATE TABLE sync_copy (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) WITHOUT ROWID;

-- Versions of rows this copy has seen in other copies' files. `change_id` is the local
-- change that brought the row to that version (NULL when the version was seen only, as
-- an ancestor or a settled conflict). A uid names one row of a table (a merged entity's uid
-- lives on as an alias of the entity it was merged into).
CREATE TABLE sync_seen (
    tbl        TEXT NOT NULL,
    row_uid    TEXT NOT NULL,
    version    TEXT NOT NULL,
    change_id  INTEGER,
    PRIMARY KEY (row_uid, tbl, version)
) WITHOUT ROWID;
CREATE INDEX sync_seen_change ON sync_seen(change_id);

-- Change files written (`out`, with the last change they hold) and taken (`in`, with the
-- local edit that applied them).
CREATE TABLE sync_file (
    file_id      TEXT PRIMARY KEY,
    direction    TEXT NOT NULL CHECK (direction IN ('out', 'in')),
    name         TEXT NOT NULL,
    peer         TEXT NOT NULL DEFAULT '',
    copy_id      TEXT NOT NULL,
    copy_name    TEXT NOT NULL,
    last_change  INTEGER,
    edit_id      INTEGER,
    at           INTEGER NOT NULL
) WITHOUT ROWID;

-- Rows of taken files that referred to a row not here yet (a file taken before an
-- earlier one): taken as soon as that row arrives.
CREATE TABLE sync_pending (
    tbl      TEXT NOT NULL,
    row_uid  TEXT NOT NULL,
    version  TEXT NOT NULL,
    row      TEXT NOT NULL,
    UNIQUE (row_uid, tbl)
);

-- Edits made in other copies and taken here: the activity list names who, where, when.
CREATE TABLE sync_edit (
    uid          TEXT PRIMARY KEY,
    copy_id      TEXT NOT NULL,
    copy_name    TEXT NOT NULL,
    at           INTEGER NOT NULL,
    author       TEXT NOT NULL,
    description  TEXT NOT NULL,
    file_id      TEXT NOT NULL
) WITHOUT ROWID;

-- Settings of sharing (the shared folder), by key.
CREATE TABLE sync_setting (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
) WITHOUT ROWID;
