//! Writing rows from another copy inside an edit, and the bookkeeping of what was seen,
//! kept for later and taken.

use super::super::{Result, StoreError};
use super::rows::{agreed, dependents, from_wire, local_row, merged_into, twin};
use super::{FileRecord, LocalRow, Put, WireRow};
use crate::model::EntityId;
use crate::store::write::{CITATION, Image, Writer};
use rusqlite::{OptionalExtension, params};
use serde_json::Value;

impl Writer<'_> {
    /// A row as this copy has it, inside this edit.
    pub fn sync_local(&self, table: &str, uid: &str) -> Result<LocalRow> {
        local_row(self.tx(), table, uid)
    }

    /// The uid of a row here that is the same thing as `wire` under another uid (the same
    /// other name of the same entity, the same link…), if any.
    pub fn sync_twin(&self, table: &str, wire: &Image) -> Result<Option<String>> {
        twin(self.tx(), table, wire)
    }

    /// The name of the entity a deleted entity was merged into, if it was.
    pub fn sync_merged_into(&self, uid: &str) -> Result<Option<String>> {
        merged_into(self.tx(), uid)
    }

    /// What this copy and another (its history of row `uid`) last agreed the row was.
    pub fn sync_agreed(&self, table: &str, uid: &str, theirs: &[String]) -> Result<Option<Image>> {
        agreed(self.tx(), table, uid, theirs)
    }

    /// Rows that deleting row `uid` of `table` would take with it: (table, uid).
    pub fn sync_dependents(&self, table: &str, uid: &str) -> Result<Vec<(String, String)>> {
        dependents(self.tx(), table, uid)
    }

    /// Gives the citations of relation `from` to relation `to` (both by uid), as folding
    /// one of two identical links into the other does.
    pub fn sync_move_citations(&mut self, from: &str, to: &str) -> Result<()> {
        let ids: Option<(i64, i64)> = self
            .tx()
            .query_row(
                "SELECT a.id, b.id FROM relation a, relation b WHERE a.uid = ?1 AND b.uid = ?2",
                [from, to],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((from_id, to_id)) = ids else {
            return Ok(());
        };
        for c in self.uids("SELECT uid FROM citation WHERE relation_id = ?1", from_id)? {
            let mut set = Image::new();
            set.insert("relation_id".into(), to_id.into());
            self.update_image(&CITATION, &c, &set)?;
        }
        Ok(())
    }

    /// Writes a row from another copy (references as uids): inserted when absent, its
    /// columns set when present. Returns the change it recorded, if anything changed, or
    /// the row it refers to that this copy lacks (then nothing is written).
    pub fn sync_put(&mut self, table: &str, wire: &Image) -> Result<Put> {
        let t = crate::store::write::table(table)?;
        let image = match from_wire(self.tx(), table, wire) {
            Ok(image) => image,
            // Nothing was written yet: the row waits for what it refers to.
            Err(StoreError::NotFound(what)) => return Ok(Put::Missing(what)),
            Err(e) => return Err(e),
        };
        let uid = image
            .get("uid")
            .and_then(Value::as_str)
            .ok_or_else(|| StoreError::Invalid(format!("{table} row without uid")))?
            .to_owned();
        let before = self.changes_so_far();
        if self.read_image(t, &uid)?.is_some() {
            self.update_image(t, &uid, &image)?;
        } else {
            self.insert_image(t, image)?;
        }
        if self.changes_so_far() == before {
            return Ok(Put::Written(None));
        }
        self.last_change_of(table, &uid).map(Put::Written)
    }

    /// Deletes a row as another copy did, with the rows that depend on it.
    pub fn sync_delete(&mut self, table: &str, uid: &str) -> Result<Option<i64>> {
        let t = crate::store::write::table(table)?;
        let Some(image) = self.read_image(t, uid)? else {
            return Ok(None);
        };
        match table {
            "entity" => {
                let id = image.get("id").and_then(Value::as_i64).unwrap_or_default();
                self.delete_entity(EntityId(id))?;
            }
            "relation" => self.delete_relation(uid)?,
            _ => self.delete_image(t, uid)?,
        }
        self.last_change_of(table, uid)
    }

    /// Remembers that row `uid` of `table` has seen `versions`; with `current`, that the row's
    /// last change here (`change`) brought it to that version.
    pub fn sync_seen(
        &mut self,
        table: &str,
        uid: &str,
        versions: &[String],
        current: Option<(&str, i64)>,
    ) -> Result<()> {
        let mut insert = self.tx().prepare_cached(
            "INSERT OR IGNORE INTO sync_seen (tbl, row_uid, version, change_id)
             VALUES (?1, ?2, ?3, NULL)",
        )?;
        for v in versions {
            insert.execute(params![table, uid, v])?;
        }
        drop(insert);
        if let Some((version, change)) = current {
            self.tx().execute(
                "INSERT INTO sync_seen (tbl, row_uid, version, change_id) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (row_uid, tbl, version) DO UPDATE SET change_id = excluded.change_id",
                params![table, uid, version, change],
            )?;
        }
        Ok(())
    }

    /// Keeps a row that could not be taken yet (it refers to a row not here), to take it
    /// when that row arrives.
    pub fn sync_keep_pending(&mut self, row: &WireRow) -> Result<()> {
        self.tx().execute(
            "INSERT OR REPLACE INTO sync_pending (tbl, row_uid, version, row)
             VALUES (?1, ?2, ?3, ?4)",
            params![row.table, row.uid, row.version, serde_json::to_string(row)?],
        )?;
        Ok(())
    }

    /// The rows kept for later, oldest first.
    pub fn sync_pending(&self) -> Result<Vec<WireRow>> {
        let mut stmt = self
            .tx()
            .prepare_cached("SELECT row FROM sync_pending ORDER BY rowid")?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter()
            .map(|r| serde_json::from_str(r).map_err(StoreError::from))
            .collect()
    }

    /// Forgets a row kept for later (taken, or superseded).
    pub fn sync_drop_pending(&mut self, table: &str, uid: &str) -> Result<()> {
        self.tx().execute(
            "DELETE FROM sync_pending WHERE row_uid = ?1 AND tbl = ?2",
            [uid, table],
        )?;
        Ok(())
    }

    /// Records the edits a change file taken in this edit carried and, when it was taken
    /// `whole` (no conflict left without a choice), the file: a shared folder offers a
    /// file taken in part again.
    pub fn sync_record_in(
        &mut self,
        file: &FileRecord,
        edits: &[(String, i64, String, String)],
        whole: bool,
    ) -> Result<()> {
        if whole {
            super::rows::record_file(self.tx(), file, "in", None, Some(self.edit_id()))?;
        }
        let mut insert = self.tx().prepare_cached(
            "INSERT OR IGNORE INTO sync_edit
                (uid, copy_id, copy_name, at, author, description, file_id)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
             WHERE NOT EXISTS (SELECT 1 FROM edit WHERE uid = ?1)",
        )?;
        for (uid, at, author, description) in edits {
            insert.execute(params![
                uid,
                file.copy_id,
                file.copy_name,
                at,
                author,
                description,
                file.file_id
            ])?;
        }
        Ok(())
    }

    fn changes_so_far(&self) -> usize {
        self.change_count()
    }

    fn last_change_of(&self, table: &str, uid: &str) -> Result<Option<i64>> {
        Ok(self
            .tx()
            .prepare_cached(
                "SELECT max(id) FROM change WHERE row_uid = ?1 AND tbl = ?2 AND edit_id = ?3",
            )?
            .query_row(params![uid, table, self.edit_id()], |r| r.get(0))?)
    }
}
