//! Rows as they travel between copies and as this copy has them: references turned
//! from local ids into uids and back, which rows are private, each row's versions and
//! history, what two copies last agreed a row was, and the rows that are the same thing
//! under another uid (twins) or depend on a row.

use super::super::{Result, StoreError};
use super::LocalRow;
use crate::store::write::{ENTITY, Image, RELATION, Table};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;
use std::collections::BTreeSet;
/// Columns holding the id of another row: (column, table referred to).
pub(super) fn references(table: &str) -> &'static [(&'static str, &'static Table)] {
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
    crate::store::write::table(name)
}

/// A row image with its references as uids and without its local id.
pub(super) fn to_wire(conn: &Connection, table: &str, mut image: Image) -> Result<Image> {
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
pub(super) fn from_wire(conn: &Connection, table: &str, wire: &Image) -> Result<Image> {
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
pub(super) fn is_private(conn: &Connection, table: &str, image: &Image) -> Result<bool> {
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

pub(super) use crate::store::write::read_row as read_image;

/// A row's version now, every version it has had here, and whether its version now came
/// from another copy.
pub(super) fn versions(
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
pub(super) fn agreed(
    conn: &Connection,
    table: &str,
    uid: &str,
    theirs: &[String],
) -> Result<Option<Image>> {
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
    let t = crate::store::write::table(table)?;
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
pub(super) fn twin(conn: &Connection, table: &str, wire: &Image) -> Result<Option<String>> {
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
    let args: Vec<rusqlite::types::Value> = args.iter().map(crate::store::write::to_sql).collect();
    Ok(conn
        .prepare_cached(sql)?
        .query_row(rusqlite::params_from_iter(args), |r| r.get(0))
        .optional()?)
}

/// For a deleted entity: the name of the entity it was merged into, when the edit that
/// deleted it gave its name to another entity (as a merge does).
pub(super) fn merged_into(conn: &Connection, uid: &str) -> Result<Option<String>> {
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

/// Records a change file written (`out`, with the last change it holds) or taken (`in`,
/// with the edit that took it).
pub(super) fn record_file(
    conn: &Connection,
    file: &super::FileRecord,
    direction: &str,
    last_change: Option<i64>,
    edit_id: Option<i64>,
) -> Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO sync_file
            (file_id, direction, name, peer, copy_id, copy_name, last_change, edit_id, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            file.file_id,
            direction,
            file.name,
            file.peer,
            file.copy_id,
            file.copy_name,
            last_change,
            edit_id,
            file.at
        ],
    )?;
    Ok(())
}

/// Rows that deleting row `uid` of `table` would take with it: (table, uid).
pub(super) fn dependents(
    conn: &Connection,
    table: &str,
    uid: &str,
) -> Result<Vec<(String, String)>> {
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
