//! Bulk insertion for generated or imported data, and its undo and redo: rows move to a
//! shelf and back, recorded as one id-range change per table.

use super::id_set::IdSet;
use super::tables::{Image, Op, TABLES, Table};
use super::{Result, Writer, new_uid};
use crate::store::search::index;
use crate::store::validate;
use crate::text;
use std::collections::HashMap;

impl Writer<'_> {
    /// Undoes a bulk insertion: moves the rows with ids `first..=last` onto the shelf
    /// (kept for redo) and records one compact `bulk_delete` change.
    pub(super) fn shelve(&mut self, t: &Table, first: i64, last: i64) -> Result<()> {
        let cols = t.columns.join(", ");
        self.tx.execute(
            &format!(
                "INSERT INTO shelf_{name} (shelved_by, {cols}) SELECT ?1, {cols} FROM {name}
                 WHERE id BETWEEN ?2 AND ?3",
                name = t.name
            ),
            rusqlite::params![self.edit_id, first, last],
        )?;
        if t.name == "alias" {
            // Other names of entities that stay: their index rows lose these names.
            let owners = self.ids_in_range(t, "entity_id", first, last)?;
            self.dirty.extend(owners);
        }
        self.tx.execute(
            &format!("DELETE FROM {} WHERE id BETWEEN ?1 AND ?2", t.name),
            [first, last],
        )?;
        match t.name {
            "entity" => index::unindex_range(&self.tx, first, last)?,
            "relation" => index::mark_degrees_stale(&self.tx)?,
            _ => {}
        }
        let mut range = Image::new();
        range.insert("first_id".into(), first.into());
        range.insert("last_id".into(), last.into());
        range.insert("shelved_by".into(), self.edit_id.into());
        let key = format!("{}:{first}-{last}", t.name);
        self.record(t, &key, Op::BulkDelete, None, Some(&range))
    }

    /// The distinct values of `column` among the rows of `t` with ids `first..=last`.
    fn ids_in_range(&self, t: &Table, column: &str, first: i64, last: i64) -> Result<Vec<i64>> {
        let mut stmt = self.tx.prepare(&format!(
            "SELECT DISTINCT {column} FROM {} WHERE id BETWEEN ?1 AND ?2",
            t.name
        ))?;
        let ids = stmt
            .query_map([first, last], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ids)
    }

    /// Redoes a bulk insertion from the shelf.
    pub(super) fn unshelve(
        &mut self,
        t: &Table,
        first: i64,
        last: i64,
        shelved_by: i64,
    ) -> Result<()> {
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
            index::mark_degrees_stale(&self.tx)?;
        }
        let key_column = match t.name {
            "entity" => Some("id"),
            "alias" => Some("entity_id"),
            _ => None,
        };
        if let Some(column) = key_column {
            let ids = self.ids_in_range(t, column, first, last)?;
            self.dirty.extend(ids);
        }
        let mut range = Image::new();
        range.insert("first_id".into(), first.into());
        range.insert("last_id".into(), last.into());
        let key = format!("{}:{first}-{last}", t.name);
        self.record(t, &key, Op::BulkInsert, None, Some(&range))
    }
}

/// The rows a bulk edit inserted: the first id per table (the last is the table's
/// largest at the end, since ids only grow within the edit), recorded as one
/// `bulk_insert` change per table when the edit finishes.
#[derive(Debug, Default)]
pub(super) struct Ranges {
    first_ids: std::collections::BTreeMap<&'static str, i64>,
    /// The first entity inserted through the checked operations: those are indexed for
    /// search at the end, once their other names are in.
    index_from: Option<i64>,
}

/// Bulk insertion for generated data: rows go straight in (with their search index
/// rows) and the edit records one `bulk_insert` change per table, holding the id range,
/// instead of a row image per row.
pub struct BulkWriter<'a, 'w> {
    w: &'w mut Writer<'a>,
    /// Kinds already checked in this bulk.
    kinds: std::collections::HashSet<String>,
}

/// A relation's row as inserted in bulk, its values already checked.
#[derive(Default)]
pub(super) struct RelationRow<'r> {
    pub uid: &'r str,
    pub subject: i64,
    pub predicate: &'r str,
    pub object: i64,
    pub role: Option<&'r str>,
    pub date_start: Option<&'r str>,
    pub date_end: Option<&'r str>,
    pub note: Option<&'r str>,
}

/// An entity's row as inserted in bulk, its values already checked.
#[derive(Default)]
pub(super) struct EntityRow<'r> {
    pub uid: &'r str,
    pub kind: &'r str,
    pub name: &'r str,
    pub name_en: Option<&'r str>,
    pub folded: &'r str,
    pub summary: Option<&'r str>,
    pub date_start: Option<&'r str>,
    pub date_end: Option<&'r str>,
    /// A JSON object, as stored.
    pub properties: Option<&'r str>,
    pub private: bool,
}

impl<'a> Writer<'a> {
    /// Inserts a checked entity row without building its image (recorded in bulk);
    /// returns its id.
    pub(super) fn insert_entity_row(&self, e: &EntityRow<'_>) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO entity (uid, kind, name, name_en, folded, summary, date_start,
                    date_end, properties, private, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce(?9, '{}'), ?10, ?11, ?11)",
            )?
            .execute(rusqlite::params![
                e.uid,
                e.kind,
                e.name,
                e.name_en,
                e.folded,
                e.summary,
                e.date_start,
                e.date_end,
                e.properties,
                e.private,
                self.now
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Inserts a checked relation row without building its image (recorded in bulk);
    /// returns its id.
    pub(super) fn insert_relation_row(&self, r: &RelationRow<'_>) -> Result<i64> {
        self.tx
            .prepare_cached(
                "INSERT INTO relation (uid, subject_id, predicate, object_id, role, date_start,
                    date_end, note, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            )?
            .execute(rusqlite::params![
                r.uid,
                r.subject,
                r.predicate,
                r.object,
                r.role,
                r.date_start,
                r.date_end,
                r.note,
                self.now
            ])?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Starts bulk insertion inside this edit.
    pub fn bulk<'w>(&'w mut self) -> BulkWriter<'a, 'w> {
        self.bulk.get_or_insert_with(Ranges::default);
        BulkWriter {
            w: self,
            kinds: Default::default(),
        }
    }

    /// From here on, the entities, other names, relations and citations this edit adds
    /// through its checked operations are recorded as id ranges, not row images: a large
    /// import stays one compact edit, undone in one step. Call it before adding any.
    pub fn record_in_bulk(&mut self) {
        self.bulk.get_or_insert_with(Ranges::default);
    }

    /// Whether rows of `t` are recorded as a range in this edit.
    pub(super) fn in_bulk(&self, t: &Table) -> bool {
        self.bulk.is_some() && t.has_id
    }

    /// Notes a row inserted in bulk through the checked operations.
    pub(super) fn note_bulk_row(&mut self, t: &Table, id: i64, image: &Image) {
        let Some(ranges) = self.bulk.as_mut() else {
            return;
        };
        ranges.first_ids.entry(t.name).or_insert(id);
        self.changes += 1;
        match t.name {
            "entity" => {
                ranges.index_from.get_or_insert(id);
            }
            // An other name of an entity held before is indexed with it; new entities
            // are indexed at the end, their degrees recounted once.
            "alias" => {
                if let Some(owner) = image.get("entity_id").and_then(serde_json::Value::as_i64)
                    && ranges.index_from.is_none_or(|first| owner < first)
                {
                    self.dirty.insert(owner);
                }
            }
            _ => {}
        }
    }

    /// Indexes the entities inserted in bulk, records each table's range, referenced
    /// tables first (so undo, which goes backwards, removes referencing rows first), and
    /// recounts degrees when relations came in: counted before the new entities are
    /// indexed, so their index rows are written once, with their degrees.
    pub(super) fn finish_bulk(&mut self) -> Result<()> {
        let Some(ranges) = self.bulk.take() else {
            return Ok(());
        };
        self.check_references(&ranges)?;
        // Degrees are part of the search ranking: count them now, not at the first search.
        let degrees = if ranges.first_ids.contains_key("relation") {
            Some(index::all_degrees(&self.tx)?)
        } else {
            None
        };
        if let Some(first) = ranges.index_from {
            self.index_range(first, degrees.as_ref())?;
        }
        for t in TABLES {
            let Some(first) = ranges.first_ids.get(t.name) else {
                continue;
            };
            let last: i64 =
                self.tx
                    .query_row(&format!("SELECT max(id) FROM {}", t.name), [], |r| r.get(0))?;
            let mut range = Image::new();
            range.insert("first_id".into(), (*first).into());
            range.insert("last_id".into(), last.into());
            self.record(
                t,
                &format!("{}:{first}-{last}", t.name),
                Op::BulkInsert,
                None,
                Some(&range),
            )?;
        }
        if let Some(degrees) = degrees {
            // The entities held before, whose degrees the new relations changed.
            index::refresh_degrees_to(&self.tx, &degrees, &mut |_, _| {})?;
        }
        Ok(())
    }

    /// When SQLite does not check references ([`Store::edit_in_bulk`]), checks those of
    /// the rows this bulk inserted, one pass over them per table. A reference to a row id
    /// is looked up among the referenced table's ids, read once in order (8 bytes a row);
    /// a reference by name (a kind, a link type: small tables) is asked of SQLite.
    fn check_references(&self, ranges: &Ranges) -> Result<()> {
        let enforced: bool = self.tx.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        if enforced {
            return Ok(());
        }
        let mut held: HashMap<String, IdSet> = HashMap::new();
        for (table, first) in &ranges.first_ids {
            let keys = self
                .tx
                .prepare(r#"SELECT "table", "from", "to" FROM pragma_foreign_key_list(?1)"#)?
                .query_map([table], |r| {
                    Ok(ForeignKey {
                        parent: r.get(0)?,
                        column: r.get(1)?,
                        parent_column: r.get(2)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let (by_id, by_name): (Vec<_>, Vec<_>) = keys
                .into_iter()
                .partition(|k| k.parent_column.as_deref().is_none_or(|c| c == "id"));
            self.check_names(table, *first, &by_name)?;
            self.check_ids(table, *first, &by_id, &mut held)?;
        }
        Ok(())
    }

    /// References by name of `table`'s rows from id `first` on (to small tables: kinds,
    /// link types), asked of SQLite.
    fn check_names(&self, table: &str, first: i64, keys: &[ForeignKey]) -> Result<()> {
        for k in keys {
            let dangling: bool = self.tx.query_row(
                &format!(
                    "SELECT EXISTS (SELECT 1 FROM {table} WHERE id >= ?1
                        AND {} NOT IN (SELECT {} FROM {}))",
                    k.column,
                    k.parent_column.as_deref().unwrap_or_default(),
                    k.parent
                ),
                [first],
                |r| r.get(0),
            )?;
            if dangling {
                return Err(dangling_reference());
            }
        }
        Ok(())
    }

    /// References by row id of `table`'s rows from id `first` on, each looked up among
    /// the ids its table holds, in one pass over the rows. `held` keeps each referenced
    /// table's ids, read once in order (as [`IdSet`]), for the next table referring to it.
    fn check_ids(
        &self,
        table: &str,
        first: i64,
        keys: &[ForeignKey],
        held: &mut HashMap<String, IdSet>,
    ) -> Result<()> {
        if keys.is_empty() {
            return Ok(());
        }
        for k in keys {
            if !held.contains_key(&k.parent) {
                let ids = self
                    .tx
                    .prepare(&format!("SELECT id FROM {} ORDER BY id", k.parent))?
                    .query_map([], |r| r.get::<_, i64>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()?;
                held.insert(k.parent.clone(), IdSet::from_sorted(ids));
            }
        }
        let columns: Vec<&str> = keys.iter().map(|k| k.column.as_str()).collect();
        let mut stmt = self.tx.prepare(&format!(
            "SELECT {} FROM {table} WHERE id >= ?1",
            columns.join(", ")
        ))?;
        let mut rows = stmt.query([first])?;
        while let Some(row) = rows.next()? {
            for (i, k) in keys.iter().enumerate() {
                let Some(id) = row.get::<_, Option<i64>>(i)? else {
                    continue;
                };
                if !held[&k.parent].contains(id) {
                    return Err(dangling_reference());
                }
            }
        }
        Ok(())
    }

    /// Writes the search index rows of the entities from id `first` on, with their other
    /// names and their `degrees` (zero without), in one pass; a large range is merged into
    /// one segment of the full-text index after.
    fn index_range(&mut self, first: i64, degrees: Option<&index::Degrees>) -> Result<()> {
        let mut entities = self.tx.prepare(
            "SELECT id, kind, name, name_en, summary FROM entity WHERE id >= ?1 ORDER BY id",
        )?;
        // Other names in one ordered pass beside the entities, not one query each.
        let mut aliases = self.tx.prepare(
            "SELECT entity_id, name FROM alias WHERE entity_id >= ?1 ORDER BY entity_id, id",
        )?;
        let mut aliases = aliases.query([first])?;
        let mut alias = aliases.next()?.map(alias_of).transpose()?;
        let mut rows = entities.query([first])?;
        index::merge_at_end(&self.tx, true)?;
        let mut count = 0usize;
        let mut names = Vec::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let (kind, name): (String, String) = (r.get(1)?, r.get(2)?);
            let (name_en, summary): (Option<String>, Option<String>) = (r.get(3)?, r.get(4)?);
            names.clear();
            while let Some((owner, other)) = alias.take() {
                if owner > id {
                    alias = Some((owner, other));
                    break;
                }
                if owner == id {
                    names.push(other);
                }
                alias = aliases.next()?.map(alias_of).transpose()?;
            }
            let degree = degrees.and_then(|d| d.get(&id)).copied().unwrap_or(0);
            index::bulk_entity(
                &self.tx,
                &mut self.postings,
                id,
                &kind,
                &name,
                name_en.as_deref(),
                summary.as_deref(),
                &names,
                degree,
                count == 0,
            )?;
            count += 1;
        }
        index::merge_at_end(&self.tx, false)?;
        if count > LARGE_RANGE {
            index::optimize(&self.tx)?;
        }
        Ok(())
    }
}

/// A reference of one table's column to another table, as SQLite lists it.
struct ForeignKey {
    /// The referenced table.
    parent: String,
    column: String,
    /// The referenced column; `None` for the referenced table's primary key.
    parent_column: Option<String>,
}

/// An other name's entity and text, from a row of `alias`.
fn alias_of(row: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String)> {
    Ok((row.get(0)?, row.get(1)?))
}

/// The error SQLite gives for a reference to no row.
fn dangling_reference() -> super::StoreError {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY),
        Some("FOREIGN KEY constraint failed".into()),
    )
    .into()
}

/// Entities indexed in one bulk edit above which the full-text index is merged after.
const LARGE_RANGE: usize = 10_000;

impl BulkWriter<'_, '_> {
    fn note_id(&mut self, table: &'static str, id: i64) {
        if let Some(ranges) = self.w.bulk.as_mut() {
            ranges.first_ids.entry(table).or_insert(id);
        }
    }

    fn has(&self, table: &str) -> bool {
        self.w
            .bulk
            .as_ref()
            .is_some_and(|r| r.first_ids.contains_key(table))
    }

    /// Inserts an entity with its aliases and index row. Names, dates and the kind keep
    /// the same rules as single edits (NFC, no empty names, known kinds, real dates).
    pub fn entity(
        &mut self,
        kind: &str,
        name: &str,
        name_en: Option<&str>,
        summary: Option<&str>,
        date_start: Option<&str>,
        aliases: &[String],
    ) -> Result<i64> {
        if !self.kinds.contains(kind) {
            validate::kind(&self.w.tx, kind)?;
            self.kinds.insert(kind.to_owned());
        }
        let name = validate::name(name)?;
        let name = name.as_str();
        let name_en = validate::short(name_en)?;
        let name_en = name_en.as_deref();
        let summary = validate::long(summary)?;
        let summary = summary.as_deref();
        let date_start = validate::date(date_start)?;
        let date_start = date_start.as_deref();
        let aliases = aliases
            .iter()
            .map(|a| validate::name(a))
            .collect::<std::result::Result<Vec<_>, _>>()?;
        let aliases = aliases.as_slice();
        let id = self.w.insert_entity_row(&EntityRow {
            uid: &new_uid(),
            kind,
            name,
            name_en,
            folded: &text::folded_key(name),
            summary,
            date_start,
            ..EntityRow::default()
        })?;
        let tx = &self.w.tx;
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
        let first = !self.has("entity");
        index::bulk_entity(
            &self.w.tx,
            &mut self.w.postings,
            id,
            kind,
            name,
            name_en,
            summary,
            aliases,
            0,
            first,
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
        let uid = new_uid();
        let id = self.w.insert_relation_row(&RelationRow {
            uid: &uid,
            subject,
            predicate,
            object,
            role,
            ..RelationRow::default()
        })?;
        self.note_id("relation", id);
        Ok(id)
    }

    /// Records the id ranges as the edit's changes (see [`Writer::record_in_bulk`]).
    pub fn finish(self) -> Result<()> {
        self.w.finish_bulk()
    }
}

#[cfg(test)]
mod tests {
    use crate::store::{Store, StoreError};

    fn foreign_keys(store: &Store) -> bool {
        store
            .conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .expect("pragma")
    }

    #[test]
    fn an_edit_in_bulk_turns_the_row_by_row_check_back_on_even_when_it_fails_or_panics() {
        let mut store = Store::open_in_memory().expect("store");
        assert!(foreign_keys(&store));
        let seen = store
            .edit_in_bulk("look", |w| {
                Ok(w.tx.query_row("PRAGMA foreign_keys", [], |r| r.get::<_, bool>(0))?)
            })
            .expect("edit");
        assert!(!seen, "off inside");
        assert!(foreign_keys(&store));
        let failed = store.edit_in_bulk("fails", |_| -> Result<(), StoreError> {
            Err(StoreError::Invalid("no".into()))
        });
        assert!(failed.is_err());
        assert!(foreign_keys(&store));
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            store.edit_in_bulk("panics", |_| -> Result<(), StoreError> { panic!("a bug") })
        }));
        assert!(panicked.is_err());
        assert!(foreign_keys(&store), "back on after a panic");
    }
}
