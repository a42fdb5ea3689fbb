//! What the core tests share: the store's file seen from outside, as another program
//! would see it, and the names a search finds.

use lienket::store::Store;

/// The store's file opened on its own connection, read-only.
pub fn raw(store: &Store) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(
        store.path().expect("a file"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open the file")
}

/// Every row of the search index but the full-text index's own pages (its rows are
/// given by their sizes), table by table in a fixed order: two indexes with the same
/// rows answer every search alike.
pub fn index_rows(store: &Store) -> Vec<String> {
    let conn = raw(store);
    let mut out = Vec::new();
    for sql in [
        "SELECT id, kind, degree, summary, words FROM search_doc ORDER BY id",
        "SELECT name, id, kind, degree FROM search_hub ORDER BY name, id",
        "SELECT key, id FROM search_key ORDER BY key, id",
        "SELECT word, chunk, ids FROM search_post ORDER BY word, chunk",
        "SELECT word, typo FROM search_vocab ORDER BY word",
        "SELECT del, word FROM search_vocab_del ORDER BY del, word",
        "SELECT id, sz FROM search_fts_docsize ORDER BY id",
    ] {
        let mut stmt = conn.prepare(sql).expect("an index table");
        let width = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let cells = (0..width)
                    .map(|i| r.get_ref(i).map(|v| format!("{v:?}")))
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                Ok(format!("{sql}: {}", cells.join(" | ")))
            })
            .expect("query");
        out.extend(rows.map(|r| r.expect("row")));
    }
    out
}

/// Rebuilds the search index of `store` from the tables, in place.
pub fn rebuild_index(store: &mut Store) {
    external_write(
        store,
        "UPDATE search_meta SET value = 1 WHERE key = 'rebuild'",
    );
    store.prepare_search_index(&mut |_, _| {}).expect("rebuild");
}

/// The rows of [`index_rows`] as a rebuild from the tables writes them: the index of
/// `store` is rebuilt in place.
pub fn rebuilt_index_rows(store: &mut Store) -> Vec<String> {
    rebuild_index(store);
    index_rows(store)
}

/// Changes the store's file from another connection, as another program would.
pub fn external_write(store: &Store, sql: &str) {
    rusqlite::Connection::open(store.path().expect("a file"))
        .expect("open the file")
        .execute_batch(sql)
        .expect("external write");
}

/// The names of the first 20 hits for `text`, best first.
pub fn names_found(store: &Store, text: &str) -> Vec<String> {
    store
        .search(&lienket::store::search::Query {
            text: text.into(),
            kind: None,
            limit: 20,
        })
        .expect("search")
        .into_iter()
        .map(|h| h.entity.name)
        .collect()
}
