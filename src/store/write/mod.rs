//! The single write path.
//!
//! Every change to the knowledge base happens inside [`Store::edit`]: one transaction
//! that creates an `edit` row (time, author, description) and, for every row it inserts,
//! updates or deletes, a `change` row with the table, the row's uid and its before and
//! after images as JSON. The search index is brought up to date in the same transaction.
//! Undo and redo apply inverted changes through this same path, so they are edits too and
//! keep the index right. Bulk work (generation, large imports) records one compact
//! `bulk_insert` change per table (an id range) instead of a row image per row.

mod bulk;
mod deferred;
mod history;
mod id_set;
mod ops;
mod tables;

pub use bulk::BulkWriter;
pub use history::{Change, EditClass, EditInfo, Scope};
pub use ops::{CitationTarget, EntityPatch, NewCitation, NewEntity, NewRelation};
pub(super) use tables::{
    ALIAS, CITATION, DISMISSED_WARNING, DOCUMENT_TEXT, ENTITY, NOT_DUPLICATE, RELATION, SAVED_MAP,
    SAVED_SELECTION,
};
pub use tables::{Image, Op, Table};
pub(super) use tables::{TABLES, from_sql, table, to_sql};

use super::search::index;
use super::{Result, Store, StoreError};
use rusqlite::types::Value as SqlValue;
use rusqlite::{OptionalExtension, Transaction, params_from_iter};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// A fresh uid: a UUID v7, random but ordered by creation time, so bulk inserts append to
/// the uid index instead of scattering writes across it.
pub fn new_uid() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// The handle given to an edit: typed operations that each record their changes.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    edit_id: i64,
    now: i64,
    dirty: BTreeSet<i64>,
    /// Words of names this edit removed or replaced: the vocabulary forgets those no
    /// entity uses any more.
    forget: BTreeSet<String>,
    changes: usize,
    /// Id ranges of rows inserted in bulk, when this edit records them so.
    bulk: Option<bulk::Ranges>,
    /// The text of each insert statement made, by table and set of columns.
    insert_sql: std::collections::HashMap<(&'static str, u64), String>,
    /// The last name folded and its key: an import matches a name, then adds it.
    fold_memo: std::cell::RefCell<Option<(String, String)>>,
    /// Changes to the search word lists, written when the edit finishes.
    postings: index::Pending,
    /// The statements that build again the indexes set aside for a bulk insertion.
    deferred_indexes: Vec<String>,
}

/// The row `uid` of table `t` as an image, if it exists.
pub(in crate::store) fn read_row(
    conn: &rusqlite::Connection,
    t: &Table,
    uid: &str,
) -> Result<Option<Image>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE uid = ?1",
        t.columns.join(", "),
        t.name
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let image = stmt
        .query_row([uid], |r| {
            let mut m = Map::new();
            for (i, c) in t.columns.iter().enumerate() {
                m.insert((*c).to_owned(), from_sql(r.get_ref(i)?));
            }
            Ok(m)
        })
        .optional()?;
    Ok(image)
}

/// A JSON value bound as an SQL parameter without copying its text.
struct Bound<'a>(&'a Value);

impl rusqlite::ToSql for Bound<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self.0 {
            Value::String(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            other => ToSqlOutput::Owned(to_sql(other)),
        })
    }
}

impl Store {
    /// Runs `f` as one edit: one transaction, every row change recorded under one edit id
    /// with `description`. Nothing is written when `f` fails.
    pub fn edit<T>(
        &mut self,
        description: &str,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.edit_with(description, f)
    }

    /// [`Store::edit`] for a large insertion: its new rows are recorded as id ranges
    /// ([`Writer::record_in_bulk`]), and their references (foreign keys) are checked at
    /// the end, one pass over each table's new rows, instead of by SQLite row by row —
    /// which reads the referenced entity's page at random for each of millions of
    /// relations. A reference to no row fails the edit as SQLite's own check would, and
    /// nothing is written.
    pub fn edit_in_bulk<T>(
        &mut self,
        description: &str,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        // Only outside a transaction does SQLite change this setting; it is set back even
        // when `f` panics, so later edits are checked row by row again.
        self.conn.pragma_update(None, "foreign_keys", false)?;
        let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.edit_with(description, |w| {
                w.record_in_bulk();
                f(w)
            })
        }));
        self.conn.pragma_update(None, "foreign_keys", true)?;
        out.unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }

    /// [`Store::edit`], for undo and redo, which describe themselves once they know their
    /// target ([`Writer::describe`]).
    pub(super) fn edit_with<T>(
        &mut self,
        description: &str,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        if !self.blocked_by.is_empty() {
            return Err(StoreError::SideFiles(self.blocked_by.clone()));
        }
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now = now_ms();
        tx.execute(
            "INSERT INTO edit (uid, at, author, description) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![new_uid(), now, self.author, description],
        )?;
        let edit_id = tx.last_insert_rowid();
        let mut w = Writer {
            tx,
            edit_id,
            now,
            dirty: BTreeSet::new(),
            forget: BTreeSet::new(),
            changes: 0,
            bulk: None,
            insert_sql: Default::default(),
            fold_memo: Default::default(),
            postings: index::Pending::default(),
            deferred_indexes: Vec::new(),
        };
        // Only the description is logged, never the rows the edit writes.
        let out = f(&mut w).inspect_err(|e| tracing::warn!("edit failed ({description}): {e}"))?;
        w.finish()
            .inspect_err(|e| tracing::warn!("edit failed ({description}): {e}"))?;
        tracing::info!("edit {edit_id}: {description}");
        Ok(out)
    }
}

impl Writer<'_> {
    /// The transaction, for reads inside an edit.
    pub(in crate::store) fn tx(&self) -> &Transaction<'_> {
        &self.tx
    }

    /// This edit's time, milliseconds since the Unix epoch.
    pub(in crate::store) fn now(&self) -> i64 {
        self.now
    }

    /// This edit's row id in the log.
    pub fn edit_id(&self) -> i64 {
        self.edit_id
    }

    /// Sets this edit's description and what it undoes or redoes.
    pub(super) fn describe(
        &mut self,
        description: &str,
        undoes: Option<i64>,
        redoes: Option<i64>,
    ) -> Result<()> {
        self.tx.execute(
            "UPDATE edit SET description = ?2, undoes = ?3, redoes = ?4 WHERE id = ?1",
            rusqlite::params![self.edit_id, description, undoes, redoes],
        )?;
        Ok(())
    }

    /// How many row changes this edit has recorded so far.
    pub fn change_count(&self) -> usize {
        self.changes
    }

    /// Whether the database holds nothing yet (no kind, no earlier edit), as this edit
    /// sees it: inside the write transaction, so two programs creating the same file
    /// cannot both fill it.
    pub fn is_blank(&self) -> Result<bool> {
        Ok(self.tx.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM kind)
                AND NOT EXISTS (SELECT 1 FROM edit WHERE id <> ?1)",
            [self.edit_id],
            |r| r.get(0),
        )?)
    }

    /// Marks this edit as installing built-in data (see [`EditClass`]).
    pub fn set_class(&mut self, class: EditClass) -> Result<()> {
        self.tx.execute(
            "UPDATE edit SET base = ?2 WHERE id = ?1",
            [self.edit_id, class.code()],
        )?;
        Ok(())
    }

    fn record(
        &mut self,
        t: &Table,
        uid: &str,
        op: Op,
        before: Option<&Image>,
        after: Option<&Image>,
    ) -> Result<()> {
        let json = |i: Option<&Image>| i.map(|i| Value::Object(i.clone()).to_string());
        self.tx
            .prepare_cached(
                "INSERT INTO change (edit_id, tbl, row_uid, op, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(rusqlite::params![
                self.edit_id,
                t.name,
                uid,
                op.as_str(),
                json(before),
                json(after)
            ])?;
        self.changes += 1;
        self.mark_dirty(t, before);
        self.mark_dirty(t, after);
        if let Some(before) = before
            && matches!(t.name, "entity" | "alias")
        {
            let names = ["name", "name_en"]
                .iter()
                .filter_map(|k| before.get(*k).and_then(Value::as_str));
            self.forget.extend(index::words_of(names));
        }
        Ok(())
    }

    /// Remembers which entities need re-indexing for search.
    fn mark_dirty(&mut self, t: &Table, image: Option<&Image>) {
        // An entity's index row holds its names and its degree, so a relation change
        // touches both of its ends.
        let keys: &[&str] = match t.name {
            "entity" => &["id"],
            "alias" => &["entity_id"],
            "relation" => &["subject_id", "object_id"],
            _ => return,
        };
        for key in keys {
            if let Some(id) = image.and_then(|i| i.get(*key)).and_then(Value::as_i64) {
                self.dirty.insert(id);
            }
        }
    }

    pub(super) fn read_image(&self, t: &Table, uid: &str) -> Result<Option<Image>> {
        read_row(&self.tx, t, uid)
    }

    /// Inserts a row from its image (a missing `id` is assigned) and records it.
    pub(in crate::store) fn insert_image(&mut self, t: &Table, mut image: Image) -> Result<Image> {
        // The columns present, as a bit set: the statement's text is made once per set
        // (imports insert millions of rows of a few shapes), and values are bound in place.
        let present = t
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| image.contains_key(**c))
            .fold(0u64, |set, (i, _)| set | 1 << i);
        let sql = self.insert_sql.entry((t.name, present)).or_insert_with(|| {
            let cols: Vec<&str> = t
                .columns
                .iter()
                .enumerate()
                .filter(|(i, _)| present & 1 << i != 0)
                .map(|(_, c)| *c)
                .collect();
            format!(
                "INSERT INTO {} ({}) VALUES ({})",
                t.name,
                cols.join(", "),
                vec!["?"; cols.len()].join(", ")
            )
        });
        let values = t
            .columns
            .iter()
            .enumerate()
            .filter(|(i, _)| present & 1 << i != 0)
            .map(|(_, c)| Bound(&image[*c]));
        self.tx
            .prepare_cached(sql)?
            .execute(params_from_iter(values))?;
        if t.has_id && !image.contains_key("id") {
            image.insert("id".into(), Value::from(self.tx.last_insert_rowid()));
        }
        if self.in_bulk(t) {
            let id = image["id"].as_i64().unwrap_or_default();
            self.note_bulk_row(t, id, &image);
            return Ok(image);
        }
        let uid = image
            .get("uid")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        self.record(t, &uid, Op::Insert, None, Some(&image))?;
        Ok(image)
    }

    /// Sets columns of the row `uid` and records the before and after images. Returns
    /// `false` when nothing changed (and records nothing).
    pub(super) fn update_image(&mut self, t: &Table, uid: &str, set: &Image) -> Result<bool> {
        let before = self
            .read_image(t, uid)?
            .ok_or_else(|| StoreError::NotFound(format!("{} {uid}", t.name)))?;
        let mut after = before.clone();
        for (k, v) in set {
            if t.columns.contains(&k.as_str()) && k != "uid" && k != "id" {
                after.insert(k.clone(), v.clone());
            }
        }
        let changed: Vec<&str> = t
            .columns
            .iter()
            .copied()
            .filter(|c| before.get(*c) != after.get(*c) && *c != "updated_at")
            .collect();
        if changed.is_empty() {
            return Ok(false);
        }
        let cols: Vec<&str> = t
            .columns
            .iter()
            .copied()
            .filter(|c| before.get(*c) != after.get(*c))
            .collect();
        let sql = format!(
            "UPDATE {} SET {} WHERE uid = ?",
            t.name,
            cols.iter()
                .map(|c| format!("{c} = ?"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let mut values: Vec<SqlValue> = cols.iter().map(|c| to_sql(&after[*c])).collect();
        values.push(SqlValue::Text(uid.to_owned()));
        self.tx
            .prepare_cached(&sql)?
            .execute(params_from_iter(values))?;
        self.record(t, uid, Op::Update, Some(&before), Some(&after))?;
        Ok(true)
    }

    /// Deletes the row `uid` and records its image.
    pub(super) fn delete_image(&mut self, t: &Table, uid: &str) -> Result<()> {
        let before = self
            .read_image(t, uid)?
            .ok_or_else(|| StoreError::NotFound(format!("{} {uid}", t.name)))?;
        self.tx
            .prepare_cached(&format!("DELETE FROM {} WHERE uid = ?1", t.name))?
            .execute([uid])?;
        self.record(t, uid, Op::Delete, Some(&before), None)
    }

    /// Uids of rows that refer to the row described by `image` (of table `t`).
    fn dependents(&self, t: &Table, image: Option<&Image>) -> Result<Vec<String>> {
        let Some(id) = image.and_then(|i| i.get("id")).and_then(Value::as_i64) else {
            return Ok(Vec::new());
        };
        let sql = match t.name {
            "entity" => {
                "SELECT uid FROM relation WHERE subject_id = ?1 OR object_id = ?1
                 UNION ALL SELECT uid FROM alias WHERE entity_id = ?1
                 UNION ALL SELECT uid FROM citation WHERE entity_id = ?1 OR source_id = ?1"
            }
            "relation" => "SELECT uid FROM citation WHERE relation_id = ?1",
            _ => return Ok(Vec::new()),
        };
        self.uids(sql, id)
    }

    /// Brings the search index up to date and commits.
    fn finish(mut self) -> Result<()> {
        self.restore_indexes()?;
        self.finish_bulk()?;
        let dirty = std::mem::take(&mut self.dirty);
        for id in dirty {
            index::index_entity(&self.tx, &mut self.postings, id)?;
        }
        self.postings.write(&self.tx)?;
        let forget = std::mem::take(&mut self.forget);
        index::forget_unused(&self.tx, forget.iter().map(String::as_str))?;
        if self.changes == 0 {
            self.tx
                .execute("DELETE FROM edit WHERE id = ?1", [self.edit_id])?;
        }
        self.tx.commit()?;
        Ok(())
    }

    /// [`crate::text::folded_key`] of `name`, remembered for the next call with it.
    pub(in crate::store) fn folded_key(&self, name: &str) -> String {
        let mut memo = self.fold_memo.borrow_mut();
        if let Some((n, key)) = memo.as_ref()
            && n == name
        {
            return key.clone();
        }
        let key = crate::text::folded_key(name);
        *memo = Some((name.to_owned(), key.clone()));
        key
    }

    /// The uid of entity `id` (as this edit sees it).
    pub fn entity_uid(&self, id: i64) -> Result<String> {
        self.tx
            .prepare_cached("SELECT uid FROM entity WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("entity #{id}")))
    }

    /// An entity's properties as they are now, inside this edit.
    pub fn entity_properties(
        &self,
        id: crate::model::EntityId,
    ) -> Result<serde_json::Map<String, serde_json::Value>> {
        let text: Option<String> = self
            .tx
            .query_row("SELECT properties FROM entity WHERE id = ?1", [id.0], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("entity #{}", id.0)))?;
        Ok(text
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default())
    }

    pub(super) fn uids(&self, sql: &str, id: i64) -> Result<Vec<String>> {
        let mut stmt = self.tx.prepare_cached(sql)?;
        let v = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(v)
    }
}
