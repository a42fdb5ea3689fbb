//! Indexes set aside while an edit fills an empty table in bulk, and built again before
//! the edit commits — or sooner, when a lookup needs them. SQLite builds an index over
//! rows already there in one sorted pass, several times faster than it keeps the index
//! up to date row by row when the keys (folded names) come in no order.
//!
//! Dropping an index inside the edit's transaction is undone with the rest of the edit
//! when it fails, is cancelled or is a dry run; an edit that commits always builds every
//! index it set aside first ([`Writer::restore_indexes`] in `finish`), so no file is ever
//! left without one.

use super::Writer;
use crate::store::Result;
use rusqlite::OptionalExtension;

impl Writer<'_> {
    /// Sets the indexes `names` aside until [`Writer::restore_indexes`]. Statements that
    /// would use them still work meanwhile, reading the table instead: a caller defers
    /// only indexes it does not read, and restores them before it needs them.
    pub(in crate::store) fn defer_indexes(&mut self, names: &[&str]) -> Result<()> {
        for name in names {
            let sql: Option<String> = self
                .tx
                .query_row(
                    "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()?;
            let Some(sql) = sql else {
                continue;
            };
            self.tx.execute_batch(&format!("DROP INDEX \"{name}\""))?;
            self.deferred_indexes.push(sql);
        }
        Ok(())
    }

    /// Builds again the indexes set aside by [`Writer::defer_indexes`], if any.
    pub(in crate::store) fn restore_indexes(&mut self) -> Result<()> {
        for sql in std::mem::take(&mut self.deferred_indexes) {
            self.tx.execute_batch(&sql)?;
        }
        Ok(())
    }

    /// Whether indexes are set aside now.
    pub(in crate::store) fn defers_indexes(&self) -> bool {
        !self.deferred_indexes.is_empty()
    }
}
