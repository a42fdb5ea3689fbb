//! Sharing between copies, the store's part: this copy's identity, each row's version
//! and history, rows as they travel between copies (integer ids replaced by the uids they
//! stand for), and writing a row from another copy inside an edit. What to do with a
//! row (take it, skip it, call it a conflict) is decided by `crate::sync`.
//!
//! A row's version is the uid of the edit that last changed it, or, for a row taken from
//! another copy, the version it had there (`sync_seen`). Its history is every version it
//! has had here. Rows installed with the built-in vocabulary or knowledge base have the
//! version [`BASE_VERSION`] on every copy.

use super::write::{CITATION, ENTITY, Image, RELATION, Table, Writer, now_ms};
use super::{Result, Store, StoreError};
use crate::model::EntityId;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use std::collections::BTreeSet;

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

/// Columns holding the id of another row: (column, table referred to).
fn references(table: &str) -> &'static [(&'static str, &'static Table)] {
    match table {
        "alias" | "document_text" => &[("entity_id", &ENTITY)],
        "relation" => &[("subject_id", &ENTITY), ("object_id", &ENTITY)],
        "citation" => &[
            ("relation_id", &RELATION),
            ("entity_id", &ENTITY),
            ("source_id", &ENTITY),
        ],
        _ => &[],
    }
}

/// The captured table named `name`.
pub fn table(name: &str) -> Result<&'static Table> {
    super::write::table(name)
}

/// A row image with its references as uids and without its local id.
fn to_wire(conn: &Connection, table: &str, mut image: Image) -> Result<Image> {
    image.remove("id");
    for (column, target) in references(table) {
        let Some(id) = image.get(*column).and_then(Value::as_i64) else {
            continue;
        };
        let uid: Option<String> = conn
            .prepare_cached(&format!("SELECT uid FROM {} WHERE id = ?1", target.name))?
            .query_row([id], |r| r.get(0))
            .optional()?;
        image.insert((*column).to_owned(), uid.map_or(Value::Null, Value::from));
    }
    Ok(image)
}

/// A travelling image with its references turned back into this copy's ids; a reference
/// to a row this copy lacks is [`StoreError::NotFound`] naming it.
fn from_wire(conn: &Connection, table: &str, wire: &Image) -> Result<Image> {
    let mut image = wire.clone();
    image.remove("id");
    for (column, target) in references(table) {
        let Some(uid) = wire.get(*column).and_then(Value::as_str) else {
            continue;
        };
        let id: Option<i64> = conn
            .prepare_cached(&format!("SELECT id FROM {} WHERE uid = ?1", target.name))?
            .query_row([uid], |r| r.get(0))
            .optional()?;
        let id = id.ok_or_else(|| StoreError::NotFound(format!("{} {uid}", target.name)))?;
        image.insert((*column).to_owned(), id.into());
    }
    Ok(image)
}

/// Whether a row (local image, ids as ids) is a private entity or refers to one.
fn is_private(conn: &Connection, table: &str, image: &Image) -> Result<bool> {
    let private_entity = |id: Option<i64>| -> Result<bool> {
        let Some(id) = id else { return Ok(false) };
        Ok(conn
            .prepare_cached("SELECT private FROM entity WHERE id = ?1")?
            .query_row([id], |r| r.get::<_, i64>(0))
            .optional()?
            .unwrap_or(0)
            != 0)
    };
    let id = |k: &str| image.get(k).and_then(Value::as_i64);
    Ok(match table {
        "entity" => id("private").unwrap_or(0) != 0,
        "alias" | "document_text" => private_entity(id("entity_id"))?,
        "relation" => private_entity(id("subject_id"))? || private_entity(id("object_id"))?,
        "citation" => {
            let ends: Option<(i64, i64)> = match id("relation_id") {
                Some(r) => conn
                    .prepare_cached("SELECT subject_id, object_id FROM relation WHERE id = ?1")?
                    .query_row([r], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?,
                None => None,
            };
            private_entity(id("entity_id"))?
                || private_entity(id("source_id"))?
                || match ends {
                    Some((s, o)) => private_entity(Some(s))? || private_entity(Some(o))?,
                    None => false,
                }
        }
        _ => false,
    })
}

fn read_image(conn: &Connection, t: &Table, uid: &str) -> Result<Option<Image>> {
    let sql = format!(
        "SELECT {} FROM {} WHERE uid = ?1",
        t.columns.join(", "),
        t.name
    );
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([uid], |r| {
            let mut m = Image::new();
            for (i, c) in t.columns.iter().enumerate() {
                m.insert((*c).to_owned(), super::write::from_sql(r.get_ref(i)?));
            }
            Ok(m)
        })
        .optional()?)
}

/// A row's version now, every version it has had here, and whether its version now came
/// from another copy.
fn versions(
    conn: &Connection,
    table: &str,
    uid: &str,
) -> Result<(Option<String>, BTreeSet<String>, bool)> {
    let mut stmt = conn.prepare_cached(
        "SELECT CASE WHEN e.base > 0 THEN 'base' ELSE e.uid END, s.version
         FROM change c JOIN edit e ON e.id = c.edit_id
         LEFT JOIN sync_seen s ON s.change_id = c.id AND s.row_uid = c.row_uid AND s.tbl = c.tbl
         WHERE c.row_uid = ?1 AND c.tbl = ?2 ORDER BY c.id",
    )?;
    let mut current = None;
    let mut foreign = false;
    let mut history = BTreeSet::new();
    for row in stmt.query_map([uid, table], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
    })? {
        let (edit, seen) = row?;
        history.insert(edit.clone());
        foreign = seen.is_some();
        current = Some(seen.unwrap_or(edit));
    }
    let mut seen =
        conn.prepare_cached("SELECT version FROM sync_seen WHERE row_uid = ?1 AND tbl = ?2")?;
    for v in seen.query_map([uid, table], |r| r.get::<_, String>(0))? {
        history.insert(v?);
    }
    Ok((current, history, foreign))
}

/// The row as it was at the latest of its versions here that `theirs` (another copy's
/// history of it) also has: what both copies last agreed on. `None` when they share none,
/// or the row came in bulk.
fn agreed(conn: &Connection, table: &str, uid: &str, theirs: &[String]) -> Result<Option<Image>> {
    let mut stmt = conn.prepare_cached(
        "SELECT CASE WHEN e.base > 0 THEN 'base' ELSE e.uid END, s.version, c.after
         FROM change c JOIN edit e ON e.id = c.edit_id
         LEFT JOIN sync_seen s ON s.change_id = c.id AND s.row_uid = c.row_uid AND s.tbl = c.tbl
         WHERE c.row_uid = ?1 AND c.tbl = ?2 ORDER BY c.id DESC",
    )?;
    let mut rows = stmt.query([uid, table])?;
    while let Some(r) = rows.next()? {
        let (edit, seen, after): (String, Option<String>, Option<String>) =
            (r.get(0)?, r.get(1)?, r.get(2)?);
        let version = seen.unwrap_or(edit);
        if theirs.contains(&version) {
            return match after {
                Some(a) => Ok(Some(to_wire(conn, table, serde_json::from_str(&a)?)?)),
                None => Ok(None),
            };
        }
    }
    Ok(None)
}

/// A row as this copy has it (`conn` may be an edit's transaction).
pub(in crate::store) fn local_row(conn: &Connection, table: &str, uid: &str) -> Result<LocalRow> {
    let t = super::write::table(table)?;
    let image = match read_image(conn, t, uid)? {
        Some(i) => Some(to_wire(conn, table, i)?),
        None => None,
    };
    let (version, history, _) = versions(conn, table, uid)?;
    Ok(LocalRow {
        image,
        version,
        history,
    })
}

/// The uid of a row with the same natural key as `wire` but another uid: the same other
/// name of the same entity, the same link with the same details, the same kind or link
/// type name, and so on. Such twins are what two copies make when both add the same thing.
fn twin(conn: &Connection, table: &str, wire: &Image) -> Result<Option<String>> {
    let s = |k: &str| wire.get(k).cloned().unwrap_or(Value::Null);
    let uid = s("uid");
    let (sql, args): (&str, Vec<Value>) = match table {
        "kind" | "predicate" => (
            if table == "kind" {
                "SELECT uid FROM kind WHERE name = ?1 AND uid <> ?2"
            } else {
                "SELECT uid FROM predicate WHERE name = ?1 AND uid <> ?2"
            },
            vec![s("name"), uid],
        ),
        "alias" => (
            "SELECT a.uid FROM alias a JOIN entity e ON e.id = a.entity_id
             WHERE e.uid = ?1 AND a.folded = ?2 AND a.uid <> ?3",
            vec![s("entity_id"), s("folded"), uid],
        ),
        "relation" => (
            "SELECT r.uid FROM relation r JOIN entity a ON a.id = r.subject_id
             JOIN entity b ON b.id = r.object_id
             WHERE a.uid = ?1 AND r.predicate = ?2 AND b.uid = ?3 AND r.role IS ?4
               AND r.date_start IS ?5 AND r.date_end IS ?6 AND r.uid <> ?7",
            vec![
                s("subject_id"),
                s("predicate"),
                s("object_id"),
                s("role"),
                s("date_start"),
                s("date_end"),
                uid,
            ],
        ),
        "not_duplicate" => (
            "SELECT uid FROM not_duplicate WHERE uid_a = ?1 AND uid_b = ?2 AND uid <> ?3",
            vec![s("uid_a"), s("uid_b"), uid],
        ),
        "dismissed_warning" => (
            "SELECT uid FROM dismissed_warning WHERE key = ?1 AND uid <> ?2",
            vec![s("key"), uid],
        ),
        "saved_selection" => (
            "SELECT uid FROM saved_selection WHERE name = ?1 AND uid <> ?2",
            vec![s("name"), uid],
        ),
        "saved_map" => (
            "SELECT uid FROM saved_map WHERE name = ?1 AND uid <> ?2",
            vec![s("name"), uid],
        ),
        "document_text" => (
            "SELECT d.uid FROM document_text d JOIN entity e ON e.id = d.entity_id
             WHERE e.uid = ?1 AND d.uid <> ?2",
            vec![s("entity_id"), uid],
        ),
        _ => return Ok(None),
    };
    let args: Vec<rusqlite::types::Value> = args.iter().map(super::write::to_sql).collect();
    Ok(conn
        .prepare_cached(sql)?
        .query_row(rusqlite::params_from_iter(args), |r| r.get(0))
        .optional()?)
}

/// For a deleted entity: the name of the entity it was merged into, when the edit that
/// deleted it gave its name to another entity (as a merge does).
fn merged_into(conn: &Connection, uid: &str) -> Result<Option<String>> {
    let deleted: Option<(i64, Option<String>)> = conn
        .prepare_cached(
            "SELECT edit_id, before FROM change WHERE row_uid = ?1 AND op = 'delete'
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([uid], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((edit, Some(before))) = deleted else {
        return Ok(None);
    };
    let name = serde_json::from_str::<Image>(&before)?
        .get("folded")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let Some(name) = name else { return Ok(None) };
    Ok(conn
        .prepare_cached(
            "SELECT e.name FROM change c JOIN entity e
               ON e.id = json_extract(c.after, '$.entity_id')
             WHERE c.edit_id = ?1 AND c.tbl = 'alias' AND c.op = 'insert'
               AND json_extract(c.after, '$.folded') = ?2 LIMIT 1",
        )?
        .query_row(params![edit, name], |r| r.get(0))
        .optional()?)
}

/// Rows that deleting row `uid` of `table` would take with it: (table, uid).
fn dependents(conn: &Connection, table: &str, uid: &str) -> Result<Vec<(String, String)>> {
    let sql = match table {
        "entity" => {
            "SELECT 'relation', r.uid FROM relation r JOIN entity e
               ON e.id = r.subject_id OR e.id = r.object_id WHERE e.uid = ?1
             UNION ALL SELECT 'alias', a.uid FROM alias a JOIN entity e
               ON e.id = a.entity_id WHERE e.uid = ?1
             UNION SELECT 'citation', c.uid FROM citation c JOIN entity e
               ON e.id = c.entity_id OR e.id = c.source_id WHERE e.uid = ?1
             UNION SELECT 'citation', c.uid FROM citation c
               JOIN relation r ON r.id = c.relation_id JOIN entity e
               ON e.id = r.subject_id OR e.id = r.object_id WHERE e.uid = ?1
             UNION ALL SELECT 'document_text', d.uid FROM document_text d JOIN entity e
               ON e.id = d.entity_id WHERE e.uid = ?1"
        }
        "relation" => {
            "SELECT 'citation', c.uid FROM citation c JOIN relation r
               ON r.id = c.relation_id WHERE r.uid = ?1"
        }
        _ => return Ok(Vec::new()),
    };
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt
        .query_map([uid], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
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

    fn sync_identity_if_any(&self) -> Result<Option<CopyIdentity>> {
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
            "SELECT coalesce(min(c.id), (SELECT coalesce(max(id), 0) + 1 FROM change)) - 1
             FROM change c JOIN edit e ON e.id = c.edit_id WHERE e.at >= ?1",
            [at_ms],
            |r| r.get(0),
        )?)
    }

    /// Records a change file written for `peer`, holding changes up to `last_change`.
    pub fn sync_record_out(&mut self, file: &FileRecord, last_change: i64) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.conn.execute(
            "INSERT OR REPLACE INTO sync_file
                (file_id, direction, name, peer, copy_id, copy_name, last_change, at)
             VALUES (?1, 'out', ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                file.file_id,
                file.name,
                file.peer,
                file.copy_id,
                file.copy_name,
                last_change,
                file.at
            ],
        )?;
        Ok(())
    }

    /// Whether the change file `file_id` was written or taken here.
    pub fn sync_knows_file(&self, file_id: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM sync_file WHERE file_id = ?1)",
            [file_id],
            |r| r.get(0),
        )?)
    }

    /// Every row changed after change `after` by this copy's edits (the built-in
    /// vocabulary and knowledge base, which every copy has, left out), as it is now.
    /// With `relay`, also the rows this copy took from others and left as they were.
    pub fn sync_outgoing(&self, after: i64, relay: bool) -> Result<Outgoing> {
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
            let t = super::write::table(&tbl)?;
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
            super::write::TABLES
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
        let t = super::write::table(table)?;
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
        let t = super::write::table(table)?;
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

    /// Records a change file taken in this edit, and the edits it carried.
    pub fn sync_record_in(
        &mut self,
        file: &FileRecord,
        edits: &[(String, i64, String, String)],
    ) -> Result<()> {
        self.tx().execute(
            "INSERT OR REPLACE INTO sync_file
                (file_id, direction, name, peer, copy_id, copy_name, edit_id, at)
             VALUES (?1, 'in', ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                file.file_id,
                file.name,
                file.peer,
                file.copy_id,
                file.copy_name,
                self.edit_id(),
                file.at
            ],
        )?;
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
