//! The single write path.
//!
//! Every change to the knowledge base happens inside [`Store::edit`]: one transaction
//! that creates an `edit` row (time, author, description) and, for every row it inserts,
//! updates or deletes, a `change` row with the table, the row's uid and its before and
//! after images as JSON. The search index is brought up to date in the same transaction.
//! Undo and redo apply inverted changes through this same path, so they are edits too and
//! keep the index right. Bulk work (generation, large imports) records one compact
//! `bulk_insert` change per table (an id range) instead of a row image per row.

use super::{Result, Store, StoreError};
use crate::model::EntityId;
use crate::text;
use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{OptionalExtension, Transaction, params_from_iter};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// A table under change capture: its name and columns. Every such table has a unique
/// `uid` column that identifies a row across copies of the database.
#[derive(Debug)]
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    /// Whether rows have an integer `id` that other tables reference.
    pub has_id: bool,
}

pub(super) const KIND: Table = Table {
    name: "kind",
    columns: &["name", "uid", "label_vi", "label_en"],
    has_id: false,
};
pub(super) const PREDICATE: Table = Table {
    name: "predicate",
    columns: &[
        "name",
        "uid",
        "label_vi",
        "label_en",
        "inverse_vi",
        "inverse_en",
        "subject_kinds",
        "object_kinds",
    ],
    has_id: false,
};
pub(super) const ENTITY: Table = Table {
    name: "entity",
    columns: &[
        "id",
        "uid",
        "kind",
        "name",
        "name_en",
        "folded",
        "summary",
        "date_start",
        "date_end",
        "properties",
        "private",
        "created_at",
        "updated_at",
    ],
    has_id: true,
};
pub(super) const ALIAS: Table = Table {
    name: "alias",
    columns: &["id", "uid", "entity_id", "name", "folded"],
    has_id: true,
};
pub(super) const RELATION: Table = Table {
    name: "relation",
    columns: &[
        "id",
        "uid",
        "subject_id",
        "predicate",
        "object_id",
        "role",
        "date_start",
        "date_end",
        "note",
        "created_at",
        "updated_at",
    ],
    has_id: true,
};
pub(super) const CITATION: Table = Table {
    name: "citation",
    columns: &[
        "id",
        "uid",
        "relation_id",
        "entity_id",
        "source_id",
        "locator",
        "quote",
    ],
    has_id: true,
};

/// Every captured table, in an order where referenced tables come first.
pub(super) const TABLES: &[&Table] = &[&KIND, &PREDICATE, &ENTITY, &ALIAS, &RELATION, &CITATION];

fn table(name: &str) -> Result<&'static Table> {
    TABLES
        .iter()
        .copied()
        .find(|t| t.name == name)
        .ok_or_else(|| StoreError::Invalid(format!("unknown table {name}")))
}

/// A row image: column name → JSON value.
pub type Image = Map<String, Value>;

fn to_sql(v: &Value) -> SqlValue {
    match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

fn from_sql(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(String::from_utf8_lossy(b).into_owned()),
    }
}

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

/// An entity to create.
#[derive(Clone, Debug, Default)]
pub struct NewEntity {
    /// Fixed uid (built-in data), or `None` for a fresh one.
    pub uid: Option<String>,
    /// Kind name.
    pub kind: String,
    /// Vietnamese name.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// Short description.
    pub summary: Option<String>,
    /// Start date (partial).
    pub date_start: Option<String>,
    /// End date (partial).
    pub date_end: Option<String>,
    /// Typed properties.
    pub properties: Map<String, Value>,
    /// Never exported or shared.
    pub private: bool,
}

/// A relation to create.
#[derive(Clone, Debug, Default)]
pub struct NewRelation {
    /// Fixed uid, or `None` for a fresh one.
    pub uid: Option<String>,
    /// Subject.
    pub subject: i64,
    /// Predicate name.
    pub predicate: String,
    /// Object.
    pub object: i64,
    /// Role qualifier.
    pub role: Option<String>,
    /// Start date.
    pub date_start: Option<String>,
    /// End date.
    pub date_end: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// The user confirmed that the predicate may link these kinds.
    pub allow_kind_mismatch: bool,
}

/// A citation to create: which document supports a relation or an entity, where in it,
/// and optionally a short quote.
#[derive(Clone, Debug)]
pub struct NewCitation {
    /// Fixed uid, or `None` for a fresh one.
    pub uid: Option<String>,
    /// What it supports.
    pub target: CitationTarget,
    /// The document entity.
    pub source: EntityId,
    /// Where in the document: a paragraph or page ("đoạn 2", "tr. 14").
    pub locator: Option<String>,
    /// The quoted evidence, if the fact needs it in words.
    pub quote: Option<String>,
}

impl NewCitation {
    /// A citation of `source` for `target`, with no locator or quote yet.
    pub fn new(target: CitationTarget, source: EntityId) -> Self {
        NewCitation {
            uid: None,
            target,
            source,
            locator: None,
            quote: None,
        }
    }
}

/// What a citation supports.
#[derive(Clone, Copy, Debug)]
pub enum CitationTarget {
    /// A relation (row id).
    Relation(i64),
    /// An entity.
    Entity(i64),
}

/// One recorded edit.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct EditInfo {
    /// Row id.
    pub id: i64,
    /// Stable identifier.
    pub uid: String,
    /// Unix milliseconds.
    pub at: i64,
    /// Who made it.
    pub author: String,
    /// What it did.
    pub description: String,
    /// Number of recorded row changes.
    pub changes: i64,
}

use super::validate::{self, optional as clean};

/// The handle given to an edit: typed operations that each record their changes.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    edit_id: i64,
    now: i64,
    dirty: BTreeSet<i64>,
    changes: usize,
}

impl Store {
    /// Runs `f` as one edit: one transaction, every row change recorded under one edit id
    /// with `description`. Nothing is written when `f` fails.
    pub fn edit<T>(
        &mut self,
        description: &str,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        self.edit_with(description, None, None, f)
    }

    fn edit_with<T>(
        &mut self,
        description: &str,
        undoes: Option<i64>,
        redoes: Option<i64>,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now = now_ms();
        tx.execute(
            "INSERT INTO edit (uid, at, author, description, undoes, redoes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![new_uid(), now, self.author, description, undoes, redoes],
        )?;
        let edit_id = tx.last_insert_rowid();
        let mut w = Writer {
            tx,
            edit_id,
            now,
            dirty: BTreeSet::new(),
            changes: 0,
        };
        let out = f(&mut w)?;
        w.finish()?;
        Ok(out)
    }

    /// Edits in the log, newest first (`limit` rows), optionally only those touching rows
    /// of one entity (its own row, aliases, relations and their citations).
    pub fn log(&self, entity: Option<EntityId>, limit: usize) -> Result<Vec<EditInfo>> {
        let map = |r: &rusqlite::Row<'_>| -> rusqlite::Result<EditInfo> {
            Ok(EditInfo {
                id: r.get("id")?,
                uid: r.get("uid")?,
                at: r.get("at")?,
                author: r.get("author")?,
                description: r.get("description")?,
                changes: r.get("changes")?,
            })
        };
        let base = "SELECT e.id, e.uid, e.at, e.author, e.description,
                    (SELECT count(*) FROM change c WHERE c.edit_id = e.id) AS changes
                    FROM edit e";
        let rows = match entity {
            None => {
                let mut stmt = self
                    .conn
                    .prepare(&format!("{base} ORDER BY e.id DESC LIMIT ?1"))?;
                stmt.query_map([limit as i64], map)?
                    .collect::<rusqlite::Result<Vec<_>>>()?
            }
            Some(id) => {
                let uids = self.row_uids_of_entity(id)?;
                let mut out = Vec::new();
                let mut stmt = self.conn.prepare(&format!(
                    "{base} WHERE e.id IN (SELECT edit_id FROM change WHERE row_uid = ?1)"
                ))?;
                let mut seen = BTreeSet::new();
                for uid in uids {
                    for e in stmt.query_map([uid], map)? {
                        let e = e?;
                        if seen.insert(e.id) {
                            out.push(e);
                        }
                    }
                }
                out.sort_by_key(|e| std::cmp::Reverse(e.id));
                out.truncate(limit);
                out
            }
        };
        Ok(rows)
    }

    fn row_uids_of_entity(&self, id: EntityId) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT uid FROM entity WHERE id = ?1
             UNION SELECT uid FROM alias WHERE entity_id = ?1
             UNION SELECT uid FROM relation WHERE subject_id = ?1 OR object_id = ?1
             UNION SELECT c.uid FROM citation c JOIN relation r ON c.relation_id = r.id
                   WHERE r.subject_id = ?1 OR r.object_id = ?1
             UNION SELECT uid FROM citation WHERE entity_id = ?1",
        )?;
        let uids = stmt
            .query_map([id.0], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(uids)
    }

    /// The edits that undo and redo would act on now: (undo stack, redo stack), each with
    /// its top last. Derived from the log, so history survives a restart.
    fn undo_redo_stacks(&self) -> Result<(Vec<i64>, Vec<i64>)> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, undoes, redoes FROM edit ORDER BY id")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })?;
        let (mut undo, mut redo) = (Vec::new(), Vec::new());
        for row in rows {
            match row? {
                (id, Some(target), _) => {
                    if undo.last() == Some(&target) {
                        undo.pop();
                    }
                    redo.push(id);
                }
                (id, None, Some(target)) => {
                    if redo.last() == Some(&target) {
                        redo.pop();
                    }
                    undo.push(id);
                }
                (id, None, None) => {
                    undo.push(id);
                    redo.clear();
                }
            }
        }
        Ok((undo, redo))
    }

    /// The description of the edit that undo would revert, if any.
    pub fn undo_description(&self) -> Result<Option<String>> {
        let (undo, _) = self.undo_redo_stacks()?;
        self.description_of(undo.last().copied())
    }

    /// The description of the edit that redo would re-apply, if any.
    pub fn redo_description(&self) -> Result<Option<String>> {
        let (_, redo) = self.undo_redo_stacks()?;
        self.description_of(redo.last().copied())
    }

    /// The description of the user's edit behind `id`: an undo or redo edit points (through
    /// `undoes` or `redoes`, always to an older edit) back to it, so the redo stack, which
    /// holds undo edits, is described by the edit they undid, not as "undo: …".
    fn description_of(&self, id: Option<i64>) -> Result<Option<String>> {
        let Some(mut id) = id else { return Ok(None) };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT description, undoes, redoes FROM edit WHERE id = ?1")?;
        loop {
            let row = stmt
                .query_row([id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<i64>>(1)?,
                        r.get::<_, Option<i64>>(2)?,
                    ))
                })
                .optional()?;
            match row {
                None => return Ok(None),
                Some((description, None, None)) => return Ok(Some(description)),
                Some((_, undoes, redoes)) => match undoes.or(redoes) {
                    Some(older) if older < id => id = older,
                    _ => return Ok(None),
                },
            }
        }
    }

    /// Reverts an older edit (not necessarily the last) as a new edit. Allowed only when
    /// every row it touched is still as that edit left it; otherwise refused with the later
    /// edits that changed those rows ([`StoreError::Conflict`]). Bulk edits revert only by
    /// undo, when they are the last.
    pub fn revert(&mut self, edit_id: i64) -> Result<EditInfo> {
        let target = self.edit_info(edit_id).map_err(|e| match e {
            StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows) => {
                StoreError::NotFound(format!("edit #{edit_id}"))
            }
            e => e,
        })?;
        let changes = self.changes_of(edit_id)?;
        if changes.iter().any(|c| c.op.starts_with("bulk")) {
            let later = self.later_edits(edit_id, None)?;
            if !later.is_empty() {
                return Err(StoreError::Conflict(later));
            }
        }
        let own: BTreeSet<&str> = changes.iter().map(|c| c.uid.as_str()).collect();
        let mut conflicting: Vec<String> = Vec::new();
        // The checks run inside the revert's own transaction, so nothing can slip in
        // between checking and writing.
        let result = self.edit(&format!("revert: {}", target.description), |w| {
            for c in changes.iter().filter(|c| !c.op.starts_with("bulk")) {
                let now = w.read_image(c.table, &c.uid)?;
                let expected = if c.op == "delete" {
                    None
                } else {
                    c.after.clone()
                };
                if !same_row(now.as_ref(), expected.as_ref()) {
                    conflicting.push(c.uid.clone());
                }
            }
            // Rows added later that refer to rows this revert would remove.
            for c in changes.iter().filter(|c| c.op == "insert") {
                for uid in w.dependents(c.table, c.after.as_ref())? {
                    if !own.contains(uid.as_str()) {
                        conflicting.push(uid);
                    }
                }
            }
            if !conflicting.is_empty() {
                return Err(StoreError::Conflict(Vec::new()));
            }
            for change in changes.iter().rev() {
                w.apply_inverse(change)?;
                if change.op == "delete" && change.table.name == RELATION.name {
                    // A relation coming back must still keep the rules (no duplicate,
                    // no loop) in today's database.
                    w.revalidate_relation(&change.uid)?;
                }
            }
            Ok(w.edit_id)
        });
        match result {
            Ok(id) => self.edit_info(id),
            Err(StoreError::Conflict(_)) => Err(StoreError::Conflict(
                self.later_edits(edit_id, Some(&conflicting))?,
            )),
            Err(e) => Err(e),
        }
    }

    /// Edits after `edit_id`, optionally only those that touched one of `rows`.
    fn later_edits(&self, edit_id: i64, rows: Option<&[String]>) -> Result<Vec<EditInfo>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT edit_id, row_uid FROM change WHERE edit_id > ?1 ORDER BY edit_id",
        )?;
        let pairs = stmt
            .query_map([edit_id], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut ids: Vec<i64> = pairs
            .into_iter()
            .filter(|(_, uid)| rows.is_none_or(|rows| rows.contains(uid)))
            .map(|(id, _)| id)
            .collect();
        ids.dedup();
        ids.into_iter().map(|id| self.edit_info(id)).collect()
    }

    /// Reverts the last edit that is not yet undone. The undo is itself an edit.
    pub fn undo(&mut self) -> Result<EditInfo> {
        let (undo, _) = self.undo_redo_stacks()?;
        let target = *undo.last().ok_or(StoreError::NothingTo("undo"))?;
        let changes = self.changes_of(target)?;
        let description = self.description_of(Some(target))?.unwrap_or_default();
        let id = self.edit_with(&format!("undo: {description}"), Some(target), None, |w| {
            for change in changes.iter().rev() {
                w.apply_inverse(change)?;
            }
            Ok(w.edit_id)
        })?;
        self.edit_info(id)
    }

    /// Re-applies the last undone edit. The redo is itself an edit.
    pub fn redo(&mut self) -> Result<EditInfo> {
        let (_, redo) = self.undo_redo_stacks()?;
        let target = *redo.last().ok_or(StoreError::NothingTo("redo"))?;
        let changes = self.changes_of(target)?;
        let description = self.description_of(Some(target))?.unwrap_or_default();
        let id = self.edit_with(&format!("redo: {description}"), None, Some(target), |w| {
            for change in changes.iter().rev() {
                w.apply_inverse(change)?;
            }
            Ok(w.edit_id)
        })?;
        self.edit_info(id)
    }

    fn edit_info(&self, id: i64) -> Result<EditInfo> {
        Ok(self.conn.query_row(
            "SELECT e.id, e.uid, e.at, e.author, e.description,
                    (SELECT count(*) FROM change c WHERE c.edit_id = e.id)
             FROM edit e WHERE e.id = ?1",
            [id],
            |r| {
                Ok(EditInfo {
                    id: r.get(0)?,
                    uid: r.get(1)?,
                    at: r.get(2)?,
                    author: r.get(3)?,
                    description: r.get(4)?,
                    changes: r.get(5)?,
                })
            },
        )?)
    }

    fn changes_of(&self, edit_id: i64) -> Result<Vec<Change>> {
        let mut stmt = self.conn.prepare(
            "SELECT tbl, row_uid, op, before, after FROM change WHERE edit_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([edit_id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (tbl, uid, op, before, after) = row?;
            let parse = |s: Option<String>| -> Result<Option<Image>> {
                s.map(|s| serde_json::from_str(&s).map_err(StoreError::from))
                    .transpose()
            };
            out.push(Change {
                table: table(&tbl)?,
                uid,
                op,
                before: parse(before)?,
                after: parse(after)?,
            });
        }
        Ok(out)
    }
}

fn id_range(image: Option<&Image>) -> Result<(i64, i64)> {
    let get = |k: &str| image.and_then(|i| i.get(k)).and_then(Value::as_i64);
    match (get("first_id"), get("last_id")) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(StoreError::Invalid("bulk change without id range".into())),
    }
}

/// Whether a row as it is now equals an image recorded earlier. A column the image lacks
/// (added by a later migration) counts as empty.
fn same_row(now: Option<&Image>, recorded: Option<&Image>) -> bool {
    match (now, recorded) {
        (None, None) => true,
        (Some(now), Some(recorded)) => now
            .iter()
            .all(|(k, v)| recorded.get(k).unwrap_or(&Value::Null) == v),
        _ => false,
    }
}

/// A recorded row change, read back from the log.
struct Change {
    table: &'static Table,
    uid: String,
    op: String,
    before: Option<Image>,
    after: Option<Image>,
}

impl Writer<'_> {
    /// The transaction, for reads inside an edit.
    pub fn tx(&self) -> &Transaction<'_> {
        &self.tx
    }

    fn record(
        &mut self,
        t: &Table,
        uid: &str,
        op: &str,
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
                op,
                json(before),
                json(after)
            ])?;
        self.changes += 1;
        self.mark_dirty(t, before);
        self.mark_dirty(t, after);
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
        let sql = format!(
            "SELECT {} FROM {} WHERE uid = ?1",
            t.columns.join(", "),
            t.name
        );
        let mut stmt = self.tx.prepare_cached(&sql)?;
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

    /// Inserts a row from its image (a missing `id` is assigned) and records it.
    pub(super) fn insert_image(&mut self, t: &Table, mut image: Image) -> Result<Image> {
        let cols: Vec<&str> = t
            .columns
            .iter()
            .copied()
            .filter(|c| image.contains_key(*c))
            .collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            t.name,
            cols.join(", "),
            vec!["?"; cols.len()].join(", ")
        );
        let values: Vec<SqlValue> = cols.iter().map(|c| to_sql(&image[*c])).collect();
        self.tx
            .prepare_cached(&sql)?
            .execute(params_from_iter(values))?;
        if t.has_id && !image.contains_key("id") {
            image.insert("id".into(), Value::from(self.tx.last_insert_rowid()));
        }
        let uid = image
            .get("uid")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        self.record(t, &uid, "insert", None, Some(&image))?;
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
        self.record(t, uid, "update", Some(&before), Some(&after))?;
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
        self.record(t, uid, "delete", Some(&before), None)
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

    fn apply_inverse(&mut self, c: &Change) -> Result<()> {
        match c.op.as_str() {
            "insert" => self.delete_image(c.table, &c.uid),
            "delete" => {
                let before = c
                    .before
                    .clone()
                    .ok_or_else(|| StoreError::Invalid("change without image".into()))?;
                self.insert_image(c.table, before).map(|_| ())
            }
            "update" => {
                let before = c
                    .before
                    .as_ref()
                    .ok_or_else(|| StoreError::Invalid("change without image".into()))?;
                self.update_image(c.table, &c.uid, before).map(|_| ())
            }
            "bulk_insert" => {
                let (first, last) = id_range(c.after.as_ref())?;
                self.shelve(c.table, first, last)
            }
            "bulk_delete" => {
                let (first, last) = id_range(c.after.as_ref())?;
                let shelved_by = c
                    .after
                    .as_ref()
                    .and_then(|a| a.get("shelved_by"))
                    .and_then(Value::as_i64)
                    .ok_or_else(|| StoreError::Invalid("bulk change without shelf".into()))?;
                self.unshelve(c.table, first, last, shelved_by)
            }
            other => Err(StoreError::Invalid(format!("unknown change \"{other}\""))),
        }
    }

    /// Undoes a bulk insertion: moves the rows with ids `first..=last` onto the shelf
    /// (kept for redo) and records one compact `bulk_delete` change.
    fn shelve(&mut self, t: &Table, first: i64, last: i64) -> Result<()> {
        let cols = t.columns.join(", ");
        self.tx.execute(
            &format!(
                "INSERT INTO shelf_{name} (shelved_by, {cols}) SELECT ?1, {cols} FROM {name}
                 WHERE id BETWEEN ?2 AND ?3",
                name = t.name
            ),
            rusqlite::params![self.edit_id, first, last],
        )?;
        self.tx.execute(
            &format!("DELETE FROM {} WHERE id BETWEEN ?1 AND ?2", t.name),
            [first, last],
        )?;
        match t.name {
            "entity" => crate::search::index::unindex_range(&self.tx, first, last)?,
            "relation" => crate::search::index::mark_degrees_stale(&self.tx)?,
            _ => {}
        }
        let mut range = Image::new();
        range.insert("first_id".into(), first.into());
        range.insert("last_id".into(), last.into());
        range.insert("shelved_by".into(), self.edit_id.into());
        let key = format!("{}:{first}-{last}", t.name);
        self.record(t, &key, "bulk_delete", None, Some(&range))
    }

    /// Redoes a bulk insertion from the shelf.
    fn unshelve(&mut self, t: &Table, first: i64, last: i64, shelved_by: i64) -> Result<()> {
        let cols = t.columns.join(", ");
        self.tx.execute(
            &format!(
                "INSERT INTO {name} ({cols}) SELECT {cols} FROM shelf_{name}
                 WHERE shelved_by = ?1 AND id BETWEEN ?2 AND ?3 ORDER BY id",
                name = t.name
            ),
            [shelved_by, first, last],
        )?;
        self.tx.execute(
            &format!(
                "DELETE FROM shelf_{} WHERE shelved_by = ?1 AND id BETWEEN ?2 AND ?3",
                t.name
            ),
            [shelved_by, first, last],
        )?;
        if t.name == "relation" {
            crate::search::index::mark_degrees_stale(&self.tx)?;
        }
        let key_column = match t.name {
            "entity" => Some("id"),
            "alias" => Some("entity_id"),
            _ => None,
        };
        if let Some(column) = key_column {
            let mut stmt = self.tx.prepare(&format!(
                "SELECT DISTINCT {column} FROM {} WHERE id BETWEEN ?1 AND ?2",
                t.name
            ))?;
            let ids = stmt
                .query_map([first, last], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            drop(stmt);
            self.dirty.extend(ids);
        }
        let mut range = Image::new();
        range.insert("first_id".into(), first.into());
        range.insert("last_id".into(), last.into());
        let key = format!("{}:{first}-{last}", t.name);
        self.record(t, &key, "bulk_insert", None, Some(&range))
    }

    /// Brings the search index up to date and commits.
    fn finish(mut self) -> Result<()> {
        let dirty = std::mem::take(&mut self.dirty);
        for id in dirty {
            index_entity(&self.tx, id)?;
        }
        if self.changes == 0 {
            self.tx
                .execute("DELETE FROM edit WHERE id = ?1", [self.edit_id])?;
        }
        self.tx.commit()?;
        Ok(())
    }

    pub(super) fn entity_uid(&self, id: i64) -> Result<String> {
        self.tx
            .query_row("SELECT uid FROM entity WHERE id = ?1", [id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("entity #{id}")))
    }

    /// Adds a kind (`name` must be new).
    pub fn add_kind(
        &mut self,
        uid: Option<&str>,
        name: &str,
        label_vi: &str,
        label_en: &str,
    ) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a kind needs a name".into()));
        }
        let mut i = Image::new();
        i.insert("name".into(), name.into());
        i.insert(
            "uid".into(),
            uid.map(str::to_owned).unwrap_or_else(new_uid).into(),
        );
        i.insert("label_vi".into(), text::nfc(label_vi).into());
        i.insert("label_en".into(), text::nfc(label_en).into());
        self.insert_image(&KIND, i).map(|_| ())
    }

    /// Adds a predicate.
    pub fn add_predicate(&mut self, p: &crate::model::Predicate) -> Result<()> {
        if p.name.trim().is_empty() {
            return Err(StoreError::Invalid("a predicate needs a name".into()));
        }
        let kinds = |k: &Option<Vec<String>>| -> Value {
            match k {
                Some(v) => Value::String(Value::from(v.clone()).to_string()),
                None => Value::Null,
            }
        };
        let mut i = Image::new();
        i.insert("name".into(), p.name.trim().into());
        i.insert(
            "uid".into(),
            if p.uid.is_empty() {
                new_uid()
            } else {
                p.uid.clone()
            }
            .into(),
        );
        i.insert("label_vi".into(), text::nfc(&p.label_vi).into());
        i.insert("label_en".into(), text::nfc(&p.label_en).into());
        i.insert("inverse_vi".into(), text::nfc(&p.inverse_vi).into());
        i.insert("inverse_en".into(), text::nfc(&p.inverse_en).into());
        i.insert("subject_kinds".into(), kinds(&p.subject_kinds));
        i.insert("object_kinds".into(), kinds(&p.object_kinds));
        self.insert_image(&PREDICATE, i).map(|_| ())
    }

    /// Creates an entity; returns its id.
    pub fn add_entity(&mut self, e: &NewEntity) -> Result<EntityId> {
        let name = validate::name(&e.name)?;
        validate::kind(&self.tx, &e.kind)?;
        let date_start = validate::date(e.date_start.as_deref())?;
        let date_end = validate::date(e.date_end.as_deref())?;
        validate::date_range(date_start.as_deref(), date_end.as_deref())?;
        let mut i = Image::new();
        i.insert("uid".into(), e.uid.clone().unwrap_or_else(new_uid).into());
        i.insert("kind".into(), e.kind.clone().into());
        i.insert("folded".into(), text::folded_key(&name).into());
        i.insert("name".into(), name.into());
        i.insert("name_en".into(), clean(e.name_en.as_deref()).into());
        i.insert("summary".into(), clean(e.summary.as_deref()).into());
        i.insert("date_start".into(), date_start.into());
        i.insert("date_end".into(), date_end.into());
        i.insert(
            "properties".into(),
            Value::Object(e.properties.clone()).to_string().into(),
        );
        i.insert("private".into(), Value::from(i64::from(e.private)));
        i.insert("created_at".into(), self.now.into());
        i.insert("updated_at".into(), self.now.into());
        let image = self.insert_image(&ENTITY, i)?;
        Ok(EntityId(image["id"].as_i64().unwrap_or_default()))
    }

    /// Changes fields of an entity. `None` leaves a field as it is; `Some("")` clears an
    /// optional field.
    pub fn update_entity(&mut self, id: EntityId, patch: &EntityPatch) -> Result<bool> {
        let uid = self.entity_uid(id.0)?;
        let mut set = Image::new();
        if let Some(name) = &patch.name {
            let name = validate::name(name)?;
            set.insert("folded".into(), text::folded_key(&name).into());
            set.insert("name".into(), name.into());
        }
        if let Some(kind) = &patch.kind {
            validate::kind(&self.tx, kind)?;
            set.insert("kind".into(), kind.clone().into());
        }
        for (col, v) in [
            ("name_en", &patch.name_en),
            ("summary", &patch.summary),
            ("date_start", &patch.date_start),
            ("date_end", &patch.date_end),
        ] {
            if let Some(v) = v {
                let v = if col.starts_with("date") {
                    validate::date(Some(v))?
                } else {
                    clean(Some(v))
                };
                set.insert(col.into(), v.into());
            }
        }
        if patch.date_start.is_some() || patch.date_end.is_some() {
            let (cur_start, cur_end): (Option<String>, Option<String>) = self.tx.query_row(
                "SELECT date_start, date_end FROM entity WHERE id = ?1",
                [id.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let pick = |col: &str, cur: Option<String>| match set.get(col) {
                Some(v) => v.as_str().map(str::to_owned),
                None => cur,
            };
            let (start, end) = (pick("date_start", cur_start), pick("date_end", cur_end));
            validate::date_range(start.as_deref(), end.as_deref())?;
        }
        if let Some(private) = patch.private {
            set.insert("private".into(), Value::from(i64::from(private)));
        }
        if let Some(props) = &patch.properties {
            set.insert(
                "properties".into(),
                Value::Object(props.clone()).to_string().into(),
            );
        }
        set.insert("updated_at".into(), self.now.into());
        self.update_image(&ENTITY, &uid, &set)
    }

    /// Deletes an entity with its aliases, relations and every citation that refers to it
    /// or to them, each recorded.
    pub fn delete_entity(&mut self, id: EntityId) -> Result<()> {
        let uid = self.entity_uid(id.0)?;
        let citations: Vec<String> = self.uids(
            "SELECT c.uid FROM citation c LEFT JOIN relation r ON c.relation_id = r.id
             WHERE c.entity_id = ?1 OR c.source_id = ?1 OR r.subject_id = ?1 OR r.object_id = ?1",
            id.0,
        )?;
        for c in citations {
            self.delete_image(&CITATION, &c)?;
        }
        for r in self.uids(
            "SELECT uid FROM relation WHERE subject_id = ?1 OR object_id = ?1",
            id.0,
        )? {
            self.delete_image(&RELATION, &r)?;
        }
        for a in self.uids("SELECT uid FROM alias WHERE entity_id = ?1", id.0)? {
            self.delete_image(&ALIAS, &a)?;
        }
        self.delete_image(&ENTITY, &uid)
    }

    pub(super) fn uids(&self, sql: &str, id: i64) -> Result<Vec<String>> {
        let mut stmt = self.tx.prepare_cached(sql)?;
        let v = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(v)
    }

    /// Adds another name to an entity.
    pub fn add_alias(&mut self, entity: EntityId, name: &str, uid: Option<&str>) -> Result<String> {
        self.entity_uid(entity.0)?;
        let name = validate::name(name)?;
        let mut i = Image::new();
        let uid = uid.map(str::to_owned).unwrap_or_else(new_uid);
        i.insert("uid".into(), uid.clone().into());
        i.insert("entity_id".into(), entity.0.into());
        i.insert("folded".into(), text::folded_key(&name).into());
        i.insert("name".into(), name.into());
        self.insert_image(&ALIAS, i)?;
        Ok(uid)
    }

    /// Adds a relation; returns its row id.
    pub fn add_relation(&mut self, r: &NewRelation) -> Result<i64> {
        self.entity_uid(r.subject)?;
        self.entity_uid(r.object)?;
        let (role, note) = (clean(r.role.as_deref()), clean(r.note.as_deref()));
        let date_start = validate::date(r.date_start.as_deref())?;
        let date_end = validate::date(r.date_end.as_deref())?;
        validate::relation(
            &self.tx,
            &validate::RelationCheck {
                subject: r.subject,
                predicate: &r.predicate,
                object: r.object,
                role: role.as_deref(),
                date_start: date_start.as_deref(),
                date_end: date_end.as_deref(),
                allow_kind_mismatch: r.allow_kind_mismatch,
                existing: None,
            },
        )?;
        let mut i = Image::new();
        i.insert("uid".into(), r.uid.clone().unwrap_or_else(new_uid).into());
        i.insert("subject_id".into(), r.subject.into());
        i.insert("predicate".into(), r.predicate.clone().into());
        i.insert("object_id".into(), r.object.into());
        i.insert("role".into(), role.into());
        i.insert("date_start".into(), date_start.into());
        i.insert("date_end".into(), date_end.into());
        i.insert("note".into(), note.into());
        i.insert("created_at".into(), self.now.into());
        i.insert("updated_at".into(), self.now.into());
        let image = self.insert_image(&RELATION, i)?;
        Ok(image["id"].as_i64().unwrap_or_default())
    }

    /// Removes a relation and its citations.
    pub fn delete_relation(&mut self, uid: &str) -> Result<()> {
        let id: i64 = self
            .tx
            .query_row("SELECT id FROM relation WHERE uid = ?1", [uid], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("relation {uid}")))?;
        for c in self.uids("SELECT uid FROM citation WHERE relation_id = ?1", id)? {
            self.delete_image(&CITATION, &c)?;
        }
        self.delete_image(&RELATION, uid)
    }

    /// Cites a document for a relation or an entity; returns the citation's uid.
    pub fn add_citation(&mut self, c: &NewCitation) -> Result<String> {
        validate::citation_source(&self.tx, c.source.0)?;
        let uid = c.uid.clone().unwrap_or_else(new_uid);
        let mut i = Image::new();
        i.insert("uid".into(), uid.clone().into());
        match c.target {
            CitationTarget::Relation(r) => {
                i.insert("relation_id".into(), r.into());
                i.insert("entity_id".into(), Value::Null);
            }
            CitationTarget::Entity(e) => {
                self.entity_uid(e)?;
                i.insert("relation_id".into(), Value::Null);
                i.insert("entity_id".into(), e.into());
            }
        }
        i.insert("source_id".into(), c.source.0.into());
        i.insert("locator".into(), clean(c.locator.as_deref()).into());
        i.insert("quote".into(), clean(c.quote.as_deref()).into());
        self.insert_image(&CITATION, i)?;
        Ok(uid)
    }
}

/// Changes to an entity; `None` fields stay as they are.
#[derive(Clone, Debug, Default)]
pub struct EntityPatch {
    /// New name.
    pub name: Option<String>,
    /// New kind.
    pub kind: Option<String>,
    /// New English name (`""` clears it).
    pub name_en: Option<String>,
    /// New summary (`""` clears it).
    pub summary: Option<String>,
    /// New start date (`""` clears it).
    pub date_start: Option<String>,
    /// New end date (`""` clears it).
    pub date_end: Option<String>,
    /// New properties.
    pub properties: Option<Map<String, Value>>,
    /// New private flag.
    pub private: Option<bool>,
}

/// Rewrites the search index rows of entity `id` from the tables (or removes them when the
/// entity is gone). What is indexed, and how, is the search module's business.
pub(crate) fn index_entity(tx: &Transaction<'_>, id: i64) -> Result<()> {
    crate::search::index::index_entity(tx, id)
}

/// Bulk insertion for generated or imported data: rows go straight in (with their search
/// index rows) and the edit records one `bulk_insert` change per table, holding the id
/// range, instead of a row image per row.
pub struct BulkWriter<'a, 'w> {
    w: &'w mut Writer<'a>,
    first_ids: std::collections::BTreeMap<&'static str, i64>,
}

impl<'a> Writer<'a> {
    /// Starts bulk insertion inside this edit.
    pub fn bulk<'w>(&'w mut self) -> BulkWriter<'a, 'w> {
        BulkWriter {
            w: self,
            first_ids: Default::default(),
        }
    }
}

impl BulkWriter<'_, '_> {
    fn note_id(&mut self, table: &'static str, id: i64) {
        self.first_ids.entry(table).or_insert(id);
    }

    /// Inserts an entity (name assumed clean) with its aliases and index row.
    pub fn entity(
        &mut self,
        kind: &str,
        name: &str,
        name_en: Option<&str>,
        summary: Option<&str>,
        date_start: Option<&str>,
        aliases: &[String],
    ) -> Result<i64> {
        let tx = &self.w.tx;
        tx.prepare_cached(
            "INSERT INTO entity (uid, kind, name, name_en, folded, summary, date_start, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
        )?
        .execute(rusqlite::params![
            new_uid(),
            kind,
            name,
            name_en,
            text::folded_key(name),
            summary,
            date_start,
            self.w.now
        ])?;
        let id = tx.last_insert_rowid();
        let mut first_alias = None;
        for a in aliases {
            tx.prepare_cached(
                "INSERT INTO alias (uid, entity_id, name, folded) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(rusqlite::params![new_uid(), id, a, text::folded_key(a)])?;
            first_alias.get_or_insert(tx.last_insert_rowid());
        }
        if let Some(a) = first_alias {
            self.note_id("alias", a);
        }
        let first = !self.first_ids.contains_key("entity");
        crate::search::index::bulk_entity(
            &self.w.tx, id, kind, name, name_en, summary, aliases, first,
        )?;
        self.note_id("entity", id);
        Ok(id)
    }

    /// Inserts a relation.
    pub fn relation(
        &mut self,
        subject: i64,
        predicate: &str,
        object: i64,
        role: Option<&str>,
    ) -> Result<i64> {
        let tx = &self.w.tx;
        tx.prepare_cached(
            "INSERT INTO relation (uid, subject_id, predicate, object_id, role, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        )?
        .execute(rusqlite::params![new_uid(), subject, predicate, object, role, self.w.now])?;
        let id = tx.last_insert_rowid();
        self.note_id("relation", id);
        Ok(id)
    }

    /// Records the id ranges as the edit's changes, referenced tables first (so undo,
    /// which goes backwards, removes referencing rows first).
    pub fn finish(self) -> Result<()> {
        for t in TABLES {
            let Some(first) = self.first_ids.get(t.name) else {
                continue;
            };
            let last: i64 =
                self.w
                    .tx
                    .query_row(&format!("SELECT max(id) FROM {}", t.name), [], |r| r.get(0))?;
            let mut range = Image::new();
            range.insert("first_id".into(), (*first).into());
            range.insert("last_id".into(), last.into());
            self.w.record(
                t,
                &format!("{}:{first}-{last}", t.name),
                "bulk_insert",
                None,
                Some(&range),
            )?;
        }
        // Degrees are part of the search ranking: count them now, not at the first search.
        if self.first_ids.contains_key("relation") {
            crate::search::index::refresh_degrees(&self.w.tx, &mut |_, _| {})?;
        }
        Ok(())
    }
}
