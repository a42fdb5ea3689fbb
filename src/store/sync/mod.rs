//! Sharing between copies, the store's part: this copy's identity, each row's version
//! and history, rows as they travel between copies (integer ids replaced by the uids they
//! stand for), and writing a row from another copy inside an edit. What to do with a
//! row (take it, skip it, call it a conflict) is decided by `crate::sync`.
//!
//! A row's version is the uid of the edit that last changed it, or, for a row taken from
//! another copy, the version it had there (`sync_seen`). Its history is every version it
//! has had here. Rows installed with the built-in vocabulary or knowledge base have the
//! version [`BASE_VERSION`] on every copy.

mod rows;
mod writer;

use super::{Result, Store, StoreError};
use crate::store::write::{Image, now_ms};
pub use rows::table;
use rows::{
    agreed, dependents, is_private, local_row, merged_into, read_image, to_wire, twin, versions,
};
use rusqlite::{OptionalExtension, params};
use serde_json::Value;
use std::collections::BTreeSet;

/// The most rows one change file holds: a file is read whole, and a colleague who needs
/// more (a copy made long ago, a large import) is better given a copy of the file.
pub const MAX_ROWS: u64 = 250_000;

/// The version of rows every copy installs the same way (built-in kinds, predicates and
/// knowledge base).
pub const BASE_VERSION: &str = "base";

/// This copy of the knowledge base, as colleagues see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CopyIdentity {
    /// A random id, made on first use.
    pub id: String,
    /// The name shown to colleagues (the author's name at first).
    pub name: String,
}

/// A row as it travels between copies: references are uids, never local ids.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct WireRow {
    /// Its table.
    pub table: String,
    /// Its uid.
    pub uid: String,
    /// Its content now; `None` when deleted.
    pub image: Option<Image>,
    /// Its version: the edit that last changed it.
    pub version: String,
    /// Every version it has had in the sending copy, its own included.
    pub history: Vec<String>,
    /// The row as it was before the changes the file carries (`None`: new, or unknown).
    pub base: Option<Image>,
    /// A private entity, or a row that refers to one (never written to a file unless
    /// private data is included).
    #[serde(skip)]
    pub private: bool,
}

/// A row as this copy has it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LocalRow {
    /// Its content, references as uids; `None` when absent or deleted.
    pub image: Option<Image>,
    /// Its version now (`None`: never changed here since a bulk insertion, or unknown).
    pub version: Option<String>,
    /// Every version it has had here.
    pub history: BTreeSet<String>,
}

/// The rows changed after a point of the change log, as they are now.
#[derive(Clone, Debug, Default)]
pub struct Outgoing {
    /// Each changed row once, referenced tables first.
    pub rows: Vec<WireRow>,
    /// The edits that changed them: (uid, at, author, description).
    pub edits: Vec<(String, i64, String, String)>,
    /// The last change read.
    pub last_change: i64,
}

/// A change file this copy wrote or took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileRecord {
    pub file_id: String,
    pub name: String,
    pub peer: String,
    pub copy_id: String,
    pub copy_name: String,
    pub at: i64,
}

/// What writing a row from another copy did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Put {
    /// Written; the change recorded, if anything changed.
    Written(Option<i64>),
    /// Not written: it refers to this row, which this copy lacks.
    Missing(String),
}

/// One line of the activity list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    /// Unix ms.
    pub at: i64,
    pub author: String,
    /// The copy it was made in (this copy's name for local edits).
    pub copy_name: String,
    pub description: String,
    /// Made in another copy.
    pub foreign: bool,
}

impl Store {
    /// This copy's identity, made (with the author's name) on first use.
    pub fn sync_identity(&mut self) -> Result<CopyIdentity> {
        if let Some(found) = self.sync_identity_if_any()? {
            return Ok(found);
        }
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let name = if self.author.trim().is_empty() {
            "?".to_owned()
        } else {
            self.author.clone()
        };
        let id = uuid::Uuid::new_v4().to_string();
        self.conn.execute(
            "INSERT INTO sync_copy (id, name, created_at) VALUES (?1, ?2, ?3)",
            params![id, name, now_ms()],
        )?;
        Ok(CopyIdentity { id, name })
    }

    /// This copy's identity, if it was made.
    pub fn sync_identity_if_any(&self) -> Result<Option<CopyIdentity>> {
        Ok(self
            .conn
            .query_row("SELECT id, name FROM sync_copy LIMIT 1", [], |r| {
                Ok(CopyIdentity {
                    id: r.get(0)?,
                    name: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// Renames this copy as colleagues see it.
    pub fn set_sync_name(&mut self, name: &str) -> Result<()> {
        let name = super::validate::name(name)?;
        self.sync_identity()?;
        self.conn
            .execute("UPDATE sync_copy SET name = ?1", [name])?;
        Ok(())
    }

    /// A sharing setting.
    pub fn sync_setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM sync_setting WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Sets (or, with `None`, clears) a sharing setting.
    pub fn set_sync_setting(&mut self, key: &str, value: Option<&str>) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        match value {
            Some(v) => self.conn.execute(
                "INSERT INTO sync_setting (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, v],
            )?,
            None => self
                .conn
                .execute("DELETE FROM sync_setting WHERE key = ?1", [key])?,
        };
        Ok(())
    }

    /// The last change sent to `peer` in a change file (0 when none was).
    pub fn sync_sent_to(&self, peer: &str) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(max(last_change), 0) FROM sync_file
             WHERE direction = 'out' AND peer = ?1",
            [peer],
            |r| r.get(0),
        )?)
    }

    /// The first change made at or after `at_ms`, less one: what "since a date" starts from.
    pub fn sync_change_before(&self, at_ms: i64) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(
                 (SELECT min(c.id) FROM change c
                  WHERE c.edit_id >= (SELECT min(id) FROM edit WHERE at >= ?1)),
                 (SELECT coalesce(max(id), 0) + 1 FROM change)) - 1",
            [at_ms],
            |r| r.get(0),
        )?)
    }

    /// Records a change file written for `peer`, holding changes up to `last_change`.
    pub fn sync_record_out(&mut self, file: &FileRecord, last_change: i64) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        rows::record_file(&self.conn, file, "out", Some(last_change), None)
    }

    /// Whether a change file of this name was written or taken here.
    pub fn sync_knows_name(&self, name: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sync_file WHERE name = ?1)",
            [name],
            |r| r.get(0),
        )?)
    }

    /// Whether the change file `file_id` was written or taken here.
    pub fn sync_knows_file(&self, file_id: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sync_file WHERE file_id = ?1)",
            [file_id],
            |r| r.get(0),
        )?)
    }

    /// How many rows (at most) changed after change `after`: counted before any is read.
    fn sync_rows_after(&self, after: i64) -> Result<u64> {
        let rows: i64 = self.conn.query_row(
            "SELECT coalesce(sum(CASE WHEN c.op LIKE 'bulk%'
                    THEN json_extract(c.after, '$.last_id') - json_extract(c.after, '$.first_id') + 1
                    ELSE 1 END), 0)
             FROM change c JOIN edit e ON e.id = c.edit_id WHERE c.id > ?1 AND e.base = 0",
            [after],
            |r| r.get(0),
        )?;
        Ok(u64::try_from(rows).unwrap_or(0))
    }

    /// Every row changed after change `after` by this copy's edits (the built-in
    /// vocabulary and knowledge base, which every copy has, left out), as it is now.
    /// With `relay`, also the rows this copy took from others and left as they were.
    /// More than `most` rows is [`StoreError::TooManyChanges`], found before any is read.
    pub fn sync_outgoing(&self, after: i64, relay: bool, most: u64) -> Result<Outgoing> {
        let rows = self.sync_rows_after(after)?;
        if rows > most {
            return Err(StoreError::TooManyChanges { rows, most });
        }
        let mut out = Outgoing {
            last_change: after,
            ..Outgoing::default()
        };
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.tbl, c.row_uid, c.op, c.before, c.after, e.id, e.uid, e.at,
                    e.author, e.description
             FROM change c JOIN edit e ON e.id = c.edit_id
             WHERE c.id > ?1 AND e.base = 0 ORDER BY c.id",
        )?;
        // Each row once: its table, the edit that made it (for bulk rows), its base.
        let mut order: Vec<(String, String, Option<String>)> = Vec::new();
        let mut bases: std::collections::HashMap<(String, String), Option<Image>> =
            Default::default();
        let mut edits = BTreeSet::new();
        let mut rows = stmt.query(params![after])?;
        while let Some(r) = rows.next()? {
            let (id, tbl, uid, op): (i64, String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let (before, after_img): (Option<String>, Option<String>) = (r.get(4)?, r.get(5)?);
            let (edit_id, edit_uid): (i64, String) = (r.get(6)?, r.get(7)?);
            out.last_change = id;
            if edits.insert(edit_id) {
                out.edits
                    .push((edit_uid.clone(), r.get(8)?, r.get(9)?, r.get(10)?));
            }
            match op.as_str() {
                "bulk_insert" | "bulk_delete" => {
                    let range: Image = serde_json::from_str(after_img.as_deref().unwrap_or("{}"))?;
                    let get = |k: &str| range.get(k).and_then(Value::as_i64).unwrap_or(0);
                    let sql = if op == "bulk_insert" {
                        format!("SELECT uid FROM {tbl} WHERE id BETWEEN ?1 AND ?2 ORDER BY id")
                    } else {
                        format!(
                            "SELECT uid FROM shelf_{tbl} WHERE id BETWEEN ?1 AND ?2
                             AND shelved_by = {edit_id} ORDER BY id"
                        )
                    };
                    let mut q = self.conn.prepare(&sql)?;
                    for u in
                        q.query_map([get("first_id"), get("last_id")], |r| r.get::<_, String>(0))?
                    {
                        let u = u?;
                        let key = (tbl.clone(), u.clone());
                        if let std::collections::hash_map::Entry::Vacant(v) = bases.entry(key) {
                            v.insert(None);
                            order.push((tbl.clone(), u, Some(edit_uid.clone())));
                        }
                    }
                }
                _ => {
                    let key = (tbl.clone(), uid.clone());
                    if let std::collections::hash_map::Entry::Vacant(v) = bases.entry(key) {
                        let base = before
                            .map(|b| serde_json::from_str::<Image>(&b))
                            .transpose()?;
                        v.insert(base);
                        order.push((tbl, uid, None));
                    }
                }
            }
        }
        drop(rows);
        for (tbl, uid, bulk_edit) in order {
            let t = crate::store::write::table(&tbl)?;
            let now = read_image(&self.conn, t, &uid)?;
            let private = match &now {
                Some(i) => is_private(&self.conn, &tbl, i)?,
                None => false,
            };
            let image = now.map(|i| to_wire(&self.conn, &tbl, i)).transpose()?;
            let base = match bases.remove(&(tbl.clone(), uid.clone())).flatten() {
                Some(b) => Some(to_wire(&self.conn, &tbl, b)?),
                None => None,
            };
            let (version, history, foreign) = versions(&self.conn, &tbl, &uid)?;
            if foreign && !relay {
                continue;
            }
            let (version, history) = match (version, bulk_edit) {
                (Some(v), _) => (v, history),
                (None, Some(edit)) => (edit.clone(), BTreeSet::from([edit])),
                (None, None) => continue,
            };
            out.rows.push(WireRow {
                table: tbl,
                uid,
                image,
                version,
                history: history.into_iter().collect(),
                base,
                private,
            });
        }
        let rank = |t: &str| {
            crate::store::write::TABLES
                .iter()
                .position(|x| x.name == t)
                .unwrap_or(usize::MAX)
        };
        out.rows.sort_by_key(|r| rank(&r.table));
        Ok(out)
    }

    /// A row as this copy has it.
    pub fn sync_local(&self, table: &str, uid: &str) -> Result<LocalRow> {
        local_row(&self.conn, table, uid)
    }

    /// What this copy and another (its history of row `uid`) last agreed the row was.
    pub fn sync_agreed(&self, table: &str, uid: &str, theirs: &[String]) -> Result<Option<Image>> {
        agreed(&self.conn, table, uid, theirs)
    }

    /// The uid of a local twin of `wire` (see [`Writer::sync_twin`]).
    pub fn sync_twin(&self, table: &str, wire: &Image) -> Result<Option<String>> {
        twin(&self.conn, table, wire)
    }

    /// The name of the entity a deleted entity was merged into, if it was.
    pub fn sync_merged_into(&self, uid: &str) -> Result<Option<String>> {
        merged_into(&self.conn, uid)
    }

    /// Rows that deleting row `uid` of `table` would take with it: (table, uid).
    pub fn sync_dependents(&self, table: &str, uid: &str) -> Result<Vec<(String, String)>> {
        dependents(&self.conn, table, uid)
    }

    /// Who changed what, from which copy, when: this copy's edits and those taken from
    /// others, newest first.
    pub fn sync_activity(&self, limit: usize) -> Result<Vec<Activity>> {
        let own = self
            .sync_identity_if_any()?
            .map(|c| c.name)
            .unwrap_or_default();
        let mut stmt = self.conn.prepare(
            "SELECT at, author, ?1, description, 0 FROM edit WHERE base = 0
             UNION ALL SELECT at, author, copy_name, description, 1 FROM sync_edit
             ORDER BY 1 DESC LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![own, limit as i64], |r| {
                Ok(Activity {
                    at: r.get(0)?,
                    author: r.get(1)?,
                    copy_name: r.get(2)?,
                    description: r.get(3)?,
                    foreign: r.get::<_, i64>(4)? != 0,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}
