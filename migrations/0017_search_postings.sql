-- Lienket schema, version 17: word lists for search.
--
-- For each word of the indexed names, other names and acronyms (the words of
-- `search_vocab`) and for each tag ("#" and a kind or degree-level token), the ids of the
-- entities that hold it: sorted, as varints of their differences, in chunks of 65,536 ids
-- (`chunk` = id / 65,536), so that indexing one entity rewrites a few small blobs. Typo
-- matching combines these lists instead of asking the full-text index for a dozen
-- neighbouring words at once (see `src/store/search/postings.rs`).
CREATE TABLE search_post (
    word   TEXT NOT NULL,
    chunk  INTEGER NOT NULL,
    ids    BLOB NOT NULL,
    PRIMARY KEY (word, chunk)
) WITHOUT ROWID;

-- The words of each indexed entity, separated by spaces: with the tags its kind and
-- degree give, the lists to take it out of when it changes or goes.
ALTER TABLE search_doc ADD COLUMN words TEXT NOT NULL DEFAULT '';

-- The lists are filled by the next rebuild of the index, which searching asks for first.
UPDATE search_meta SET value = 1 WHERE key = 'rebuild' AND EXISTS (SELECT 1 FROM entity);
