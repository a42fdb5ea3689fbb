#!/bin/sh
# The floors a large CSV import is measured against: what SQLite alone needs, with no
# reading, checking or matching.
#   1. entities.csv and relations.csv loaded by `sqlite3 .import` into plain tables;
#   2. the rows of a file that `lienket import` wrote, copied in id order into an empty
#      Lienket file: its tables with their indexes, the search index's tables, and a
#      full-text table of the same shape (columns, prefixes, tokenizer) filled with the
#      folded names, other names and words (the sqlite3 shell may predate the option
#      `contentless_delete` of the real one).
# Usage: scripts/import-floor.sh CSV_DIR IMPORTED_DB [LIENKET]   (needs sqlite3)
set -eu
csv=$1
imported=$2
lienket=${3:-lienket}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

seconds() { date +%s.%N; }
report() { awk -v a="$2" -v b="$3" -v what="$1" 'BEGIN { printf "%s: %.1f s\n", what, b - a }'; }

t0=$(seconds)
sqlite3 "$work/plain.db" >/dev/null <<EOF
PRAGMA journal_mode = WAL;
.mode csv
.import $csv/entities.csv entities
.import $csv/relations.csv relations
EOF
t1=$(seconds)
report "plain tables (sqlite3 .import)" "$t0" "$t1"

"$lienket" init --empty --db "$work/schema.db" >/dev/null
t0=$(seconds)
sqlite3 "$work/schema.db" <<EOF
PRAGMA cache_size = -131072;
PRAGMA foreign_keys = OFF;
ATTACH '$imported' AS s;
BEGIN;
INSERT INTO main.entity SELECT * FROM s.entity ORDER BY id;
INSERT INTO main.alias SELECT * FROM s.alias ORDER BY id;
INSERT INTO main.relation SELECT * FROM s.relation ORDER BY id;
INSERT INTO main.search_doc SELECT * FROM s.search_doc ORDER BY id;
INSERT INTO main.search_post SELECT * FROM s.search_post;
INSERT INTO main.search_vocab SELECT * FROM s.search_vocab;
INSERT INTO main.search_vocab_del SELECT * FROM s.search_vocab_del;
INSERT INTO main.search_key SELECT * FROM s.search_key;
INSERT INTO main.search_hub SELECT * FROM s.search_hub;
CREATE VIRTUAL TABLE floor_fts USING fts5(
    name, other, acronyms, tags, summary,
    content = '', prefix = '1 2 3', tokenize = 'unicode61 remove_diacritics 0'
);
INSERT INTO floor_fts (rowid, name, other, acronyms, tags, summary)
  SELECT e.id, e.folded,
         coalesce((SELECT group_concat(a.folded, ' ') FROM s.alias a WHERE a.entity_id = e.id), ''),
         d.words, '#' || e.kind, ''
    FROM s.entity e JOIN s.search_doc d ON d.id = e.id ORDER BY e.id;
INSERT INTO floor_fts (floor_fts) VALUES ('optimize');
COMMIT;
EOF
t1=$(seconds)
report "the imported rows copied into Lienket's schema (sqlite3)" "$t0" "$t1"
