//! Reads that measure and sample a database rather than show it: the id range, an entity
//! picked by id (benchmarks draw queries from the base's own names), the bytes the search
//! index takes, its vocabulary, and a plain `LIKE` scan to compare searching with.

use super::{Result, Store};
use crate::model::EntityId;
use crate::text;
use rusqlite::OptionalExtension;

impl Store {
    /// The smallest and largest entity id, or `None` when there is no entity.
    pub fn entity_id_bounds(&self) -> Result<Option<(i64, i64)>> {
        Ok(self
            .conn
            .query_row("SELECT min(id), max(id) FROM entity", [], |r| {
                Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?))
            })
            .map(|(lo, hi)| lo.zip(hi))?)
    }

    /// The first entity with an id of at least `from` (of `kind`, if given): its id and
    /// name.
    pub fn entity_at_or_after(
        &self,
        from: i64,
        kind: Option<&str>,
    ) -> Result<Option<(EntityId, String)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, name FROM entity WHERE id >= ?1 AND (?2 IS NULL OR kind = ?2)
                 ORDER BY id LIMIT 1",
            )?
            .query_row(rusqlite::params![from, kind], |r| {
                Ok((EntityId(r.get("id")?), r.get("name")?))
            })
            .optional()?)
    }

    /// Whether the search vocabulary (the words typo matching corrects towards) holds the
    /// folded `word`.
    pub fn vocabulary_has(&self, word: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM search_vocab WHERE word = ?1")?
            .exists([text::fold(word)])?)
    }

    /// Bytes of the search index and of everything else, when SQLite has `dbstat`.
    pub fn table_sizes(&self) -> (Option<i64>, Option<i64>) {
        let rows: rusqlite::Result<Vec<(String, i64)>> = self
            .conn
            .prepare("SELECT name, sum(pgsize) FROM dbstat GROUP BY name")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            });
        let Ok(rows) = rows else {
            return (None, None);
        };
        let is_index = |name: &str| {
            name.starts_with("search_") || name.starts_with("sqlite_autoindex_search_")
        };
        let index = rows
            .iter()
            .filter(|(n, _)| is_index(n))
            .map(|(_, b)| b)
            .sum();
        let data = rows
            .iter()
            .filter(|(n, _)| !is_index(n))
            .map(|(_, b)| b)
            .sum();
        (Some(index), Some(data))
    }

    /// Entities whose folded name contains `query` folded, by a full scan (`LIKE '%…%'`):
    /// what searching would cost without an index. Returns how many were read (at most
    /// `limit`).
    pub fn like_scan(&self, query: &str, limit: usize) -> Result<usize> {
        let key = text::folded_key(query);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM entity WHERE folded LIKE '%' || ?1 || '%' LIMIT ?2")?;
        let n = stmt
            .query_map(rusqlite::params![key, limit as i64], |r| r.get::<_, i64>(0))?
            .count();
        Ok(n)
    }
}
