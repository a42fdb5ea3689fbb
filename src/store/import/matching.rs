//! Matching a document's entities to the file's: by uid, by folded name or other name
//! within the kind among the entities held before the import, and merging the fields of
//! a match as the person chose (skip, update, fill).

use super::super::write::{EntityPatch, Writer};
use super::super::{Result, StoreError};
use super::{OnDuplicate, Overwrite};
use crate::model::EntityId;
use crate::model::document::DocEntity;
use crate::store::validate::Rule;
use rusqlite::OptionalExtension;

impl Writer<'_> {
    /// The entity as it is now, inside this edit.
    pub(super) fn entity_row(&self, id: EntityId) -> Result<crate::model::Entity> {
        self.tx()
            .prepare_cached(&format!(
                "SELECT {} FROM entity WHERE id = ?1",
                crate::store::read::ENTITY_COLUMNS
            ))?
            .query_row([id.0], crate::store::read::entity_from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("entity #{}", id.0)))
    }

    pub(super) fn exists(&self, sql: &str, key: &str) -> Result<bool> {
        Ok(self
            .tx()
            .prepare_cached(sql)?
            .query_row([key], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Updates or fills the file's entity `id` from the document's; the values changed.
    pub(super) fn merge_fields(
        &mut self,
        id: EntityId,
        e: &DocEntity,
        on: OnDuplicate,
        same_uid: bool,
    ) -> Result<Vec<Overwrite>> {
        if on == OnDuplicate::Skip {
            return Ok(Vec::new());
        }
        let now = self.entity_row(id)?;
        let pick = |theirs: &Option<String>, ours: &Option<String>| -> Option<String> {
            let theirs = theirs.as_ref().filter(|s| !s.is_empty())?;
            match on {
                OnDuplicate::Fill if ours.as_ref().is_some_and(|s| !s.is_empty()) => None,
                _ if Some(theirs) == ours.as_ref() => None,
                _ => Some(theirs.clone()),
            }
        };
        let mut properties = now.properties.clone();
        for (k, v) in &e.properties {
            // Which properties are private only grows.
            if k == crate::model::PRIVATE_PROPERTIES {
                let mut keys: Vec<serde_json::Value> = properties
                    .get(k)
                    .and_then(|l| l.as_array().cloned())
                    .unwrap_or_default();
                for key in v.as_array().into_iter().flatten() {
                    if !keys.contains(key) {
                        keys.push(key.clone());
                    }
                }
                properties.insert(k.clone(), keys.into());
            } else if on == OnDuplicate::Update || !properties.contains_key(k) {
                properties.insert(k.clone(), v.clone());
            }
        }
        let patch = EntityPatch {
            // Only the same entity (by uid) renames: one matched by a name written without
            // diacritics or by another name keeps its own.
            name: (on == OnDuplicate::Update && same_uid && e.name != now.name)
                .then(|| e.name.clone()),
            kind: None,
            name_en: pick(&e.name_en, &now.name_en),
            summary: pick(&e.summary, &now.summary),
            date_start: pick(&e.date_start, &now.date_start),
            date_end: pick(&e.date_end, &now.date_end),
            properties: (properties != now.properties).then_some(properties),
            // An import may make an entity private, never public: a document or sheet that
            // does not say "private" does not mean "public".
            private: (on == OnDuplicate::Update && e.private && !now.private).then_some(true),
        };
        if patch == EntityPatch::default() {
            return Ok(Vec::new());
        }
        let text = |o: &Option<String>| o.clone().unwrap_or_default();
        let json = |m: &serde_json::Map<String, serde_json::Value>| {
            serde_json::Value::from(m.clone()).to_string()
        };
        let mut changes = Vec::new();
        let mut change = |field: &'static str, before: String, after: Option<String>| {
            if let Some(after) = after {
                changes.push(Overwrite {
                    entity: now.name.clone(),
                    field,
                    before,
                    after,
                });
            }
        };
        change("name", now.name.clone(), patch.name.clone());
        change("name_en", text(&now.name_en), patch.name_en.clone());
        change("summary", text(&now.summary), patch.summary.clone());
        change(
            "date_start",
            text(&now.date_start),
            patch.date_start.clone(),
        );
        change("date_end", text(&now.date_end), patch.date_end.clone());
        change(
            "properties",
            json(&now.properties),
            patch.properties.as_ref().map(json),
        );
        change(
            "private",
            now.private.to_string(),
            patch.private.map(|p| p.to_string()),
        );
        self.update_entity(id, &patch)?;
        Ok(changes)
    }

    /// The entity with this uid in the file, if any.
    pub(super) fn entity_with_uid(&self, uid: &str) -> Result<Option<EntityId>> {
        Ok(self
            .tx()
            .prepare_cached("SELECT id FROM entity WHERE uid = ?1")?
            .query_row([uid], |r| r.get(0))
            .optional()?
            .map(EntityId))
    }

    /// The one entity the file held before the import (id up to `held`), of `kind` when
    /// given, whose name or other name folds as `name` does; several is a problem
    /// ([`Rule::AmbiguousName`]), never resolved to the first.
    pub(super) fn named_in_file(
        &self,
        name: &str,
        kind: Option<&str>,
        held: i64,
    ) -> Result<Option<EntityId>> {
        if held == 0 {
            return Ok(None);
        }
        // Simple statements, the kind and age checked here: a UNION of the two, or a join,
        // costs several times as much, and an import asks once per row.
        let folded = self.folded_key(name);
        let fits = |kind_of: &str| kind.is_none_or(|k| k == kind_of);
        let mut ids: Vec<i64> = Vec::new();
        let mut by_name = self
            .tx()
            .prepare_cached("SELECT id, kind FROM entity WHERE folded = ?1 AND id <= ?2")?;
        let mut rows = by_name.query(rusqlite::params![folded, held])?;
        while let Some(r) = rows.next()? {
            let kind_of: String = r.get(1)?;
            if fits(&kind_of) {
                ids.push(r.get(0)?);
            }
        }
        let mut by_alias = self
            .tx()
            .prepare_cached("SELECT entity_id FROM alias WHERE folded = ?1")?;
        let owners = by_alias
            .query_map([&folded], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for id in owners {
            if id > held || ids.contains(&id) {
                continue;
            }
            let kind_of: String = self
                .tx()
                .prepare_cached("SELECT kind FROM entity WHERE id = ?1")?
                .query_row([id], |r| r.get(0))?;
            if fits(&kind_of) {
                ids.push(id);
            }
        }
        match ids.as_slice() {
            [] => Ok(None),
            [id] => Ok(Some(EntityId(*id))),
            more => Err(Rule::AmbiguousName {
                name: name.to_owned(),
                count: more.len(),
            }
            .into()),
        }
    }
}
