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
