//! Bulk insertion for generated or imported data, and its undo and redo: rows move to a
//! shelf and back, recorded as one id-range change per table.

use super::tables::{Image, Op, TABLES, Table};
use super::{Result, Writer, new_uid};
use crate::store::search::index;
use crate::store::validate;
use crate::text;

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
        self.record(t, &key, Op::BulkInsert, None, Some(&range))
    }
}

/// Bulk insertion for generated or imported data: rows go straight in (with their search
/// index rows) and the edit records one `bulk_insert` change per table, holding the id
/// range, instead of a row image per row.
pub struct BulkWriter<'a, 'w> {
    w: &'w mut Writer<'a>,
    first_ids: std::collections::BTreeMap<&'static str, i64>,
    /// Kinds already checked in this bulk.
    kinds: std::collections::HashSet<String>,
}

impl<'a> Writer<'a> {
    /// Starts bulk insertion inside this edit.
    pub fn bulk<'w>(&'w mut self) -> BulkWriter<'a, 'w> {
        BulkWriter {
            w: self,
            first_ids: Default::default(),
            kinds: Default::default(),
        }
    }
}

impl BulkWriter<'_, '_> {
    fn note_id(&mut self, table: &'static str, id: i64) {
        self.first_ids.entry(table).or_insert(id);
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
        index::bulk_entity(&self.w.tx, id, kind, name, name_en, summary, aliases, first)?;
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
                Op::BulkInsert,
                None,
                Some(&range),
            )?;
        }
        // Degrees are part of the search ranking: count them now, not at the first search.
        if self.first_ids.contains_key("relation") {
            index::refresh_degrees(&self.w.tx, &mut |_, _| {})?;
        }
        Ok(())
    }
}
