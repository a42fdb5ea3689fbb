-- Lienket schema, version 2: the search index of src/search.rs.
--
-- Everything here is derived from the entity, alias and relation tables and rewritten by
-- the write path (search::index) in the same transaction as the rows it follows. Text is
-- folded by the application (NFD, marks dropped, đ → d, lower case) before it is indexed.

-- The full-text index replaces version 1's `search_fts` (one `names` column): rowid is
-- still entity.id, and the columns are now
--   name     the folded name (its start is the "name prefix" tier),
--   other    folded English name and aliases,
--   acronyms derived acronyms ("ldtbxh"), one token each: a query word that is one of
--            them is an exact acronym match,
--   tags     one token for the kind ("k" + hex of the kind name) and one token per degree
--            level reached ("d64", "d256", "d1024", "d4096"), so the best connected matches of a
--            common prefix are found without ranking every match,
--   summary  the folded summary.
DROP TABLE IF EXISTS search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(
    name, other, acronyms, tags, summary,
    content = '', contentless_delete = 1,
    prefix = '1 2 3',
    tokenize = 'unicode61 remove_diacritics 0'
);

-- One row per indexed entity: its kind and its degree (relations in both directions), the
-- tie-breaker of the ranking, kept here so ranking never counts a hub's relations.
CREATE TABLE search_doc (
    id       INTEGER PRIMARY KEY,   -- entity.id
    kind     TEXT NOT NULL,
    degree   INTEGER NOT NULL DEFAULT 0,
    summary  INTEGER NOT NULL DEFAULT 0   -- 1 when the entity has a summary
);
CREATE INDEX search_doc_summary ON search_doc(id) WHERE summary <> 0;

-- The best connected entities (degree at least 64, the lowest level above) by folded
-- name: when very many names start with what was typed, the most connected of them are
-- read here in one short range scan instead of ranking every match.
CREATE TABLE search_hub (
    name    TEXT NOT NULL,         -- entity.folded
    id      INTEGER NOT NULL,      -- entity.id
    kind    TEXT NOT NULL,
    degree  INTEGER NOT NULL,
    PRIMARY KEY (name, id)
) WITHOUT ROWID;
CREATE INDEX search_hub_id ON search_hub(id);

-- The folded English name, matched exactly like an alias (aliases are matched through
-- alias.folded, acronyms through the `acronyms` column).
CREATE TABLE search_key (
    key  TEXT NOT NULL,
    id   INTEGER NOT NULL,         -- entity.id
    PRIMARY KEY (key, id)
) WITHOUT ROWID;
CREATE INDEX search_key_id ON search_key(id);

-- The vocabulary: every word indexed in the name, other and acronyms columns. A query word longer
-- than the prefix index (three letters) is expanded through it into the few words it
-- starts, which FTS5 reads as they are stored instead of merging every word of that
-- prefix first; a word that starts none is known to match nothing. `typo` marks the words
-- that typo matching looks for (letters only, three or more, not acronyms); each has its
-- one-letter deletions in search_vocab_del, so a typo at distance one is found by a few
-- key lookups. Words are added as they are indexed and only dropped by a rebuild; a stale
-- word costs a lookup that finds nothing.
CREATE TABLE search_vocab (
    word  TEXT PRIMARY KEY,
    typo  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE search_vocab_del (
    del   TEXT NOT NULL,
    word  TEXT NOT NULL,
    PRIMARY KEY (del, word)
) WITHOUT ROWID;

-- State of the index: `rebuild` = 1 when it must be rebuilt from the tables (a file from
-- version 1 has entities but no index yet), `degrees_stale` = 1 after a bulk insertion
-- that added relations without updating degrees.
CREATE TABLE search_meta (
    key    TEXT PRIMARY KEY,
    value  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO search_meta (key, value) VALUES
    ('rebuild', (SELECT EXISTS (SELECT 1 FROM entity))),
    ('degrees_stale', 0);
