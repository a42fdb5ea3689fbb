//! Typed reads: entities, their relations in both directions, kinds, predicates, counts.

use super::{Result, Store, StoreError};
use crate::model::{Citation, Entity, EntityDetail, EntityId, EntityRef, KindInfo, Predicate};
use crate::text;
use rusqlite::{OptionalExtension, Row};
use std::collections::HashMap;

/// A row of the entity list.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct EntityRow {
    /// Local id.
    #[serde(skip)]
    pub id: EntityId,
    /// Stable identifier.
    pub uid: String,
    /// Kind name.
    pub kind: String,
    /// Vietnamese name.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// Kept off exports, shared changes and presentation mode.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
}

/// Number of entities of one kind.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct KindCount {
    /// Kind name.
    pub kind: String,
    /// Entities of that kind.
    pub count: i64,
}

/// Counts of everything in the database.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Stats {
    /// Entities per kind (every known kind, zero included).
    pub kinds: Vec<KindCount>,
    /// All entities.
    pub entities: i64,
    /// Relations.
    pub relations: i64,
    /// Aliases.
    pub aliases: i64,
    /// Citations.
    pub citations: i64,
    /// Recorded edits.
    pub edits: i64,
}

pub(super) const ENTITY_COLUMNS: &str =
    "id, uid, kind, name, name_en, summary, date_start, date_end, properties, private";

pub(super) fn entity_from_row(r: &Row<'_>) -> rusqlite::Result<Entity> {
    let props: String = r.get("properties")?;
    Ok(Entity {
        id: EntityId(r.get("id")?),
        uid: r.get("uid")?,
        kind: r.get("kind")?,
        name: r.get("name")?,
        name_en: r.get("name_en")?,
        summary: r.get("summary")?,
        date_start: r.get("date_start")?,
        date_end: r.get("date_end")?,
        properties: serde_json::from_str(&props).unwrap_or_default(),
        private: r.get("private")?,
    })
}

/// An [`EntityRow`] from the first five columns: id, uid, kind, name, name_en.
pub(super) fn entity_row(r: &Row<'_>) -> rusqlite::Result<EntityRow> {
    Ok(EntityRow {
        id: EntityId(r.get(0)?),
        uid: r.get(1)?,
        kind: r.get(2)?,
        name: r.get(3)?,
        name_en: r.get(4)?,
        private: r.get("private")?,
    })
}

fn kinds_from_json(s: Option<String>) -> Option<Vec<String>> {
    s.and_then(|s| serde_json::from_str(&s).ok())
}

/// The columns [`citation_from_row`] reads, for a query over `citation c` joined with its
/// source `entity s`.
pub(super) const CITATION_COLUMNS: &str = "c.uid AS uid, c.locator AS locator, c.quote AS quote,
     s.id AS source_id, s.uid AS source_uid, s.kind AS source_kind, s.name AS source_name,
     s.name_en AS source_name_en, s.private AS source_private, c.confidence AS confidence";

/// The one row mapper for citations.
pub(super) fn citation_from_row(r: &Row<'_>) -> rusqlite::Result<Citation> {
    Ok(Citation {
        uid: r.get("uid")?,
        locator: r.get("locator")?,
        quote: r.get("quote")?,
        confidence: r
            .get::<_, Option<String>>("confidence")?
            .as_deref()
            .and_then(crate::model::Confidence::parse),
        source: EntityRef {
            id: Some(EntityId(r.get("source_id")?)),
            uid: r.get("source_uid")?,
            kind: r.get("source_kind")?,
            name: r.get("source_name")?,
            name_en: r.get("source_name_en")?,
            private: r.get("source_private")?,
        },
    })
}

impl Store {
    /// The entity with this id.
    pub fn entity(&self, id: EntityId) -> Result<Entity> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {ENTITY_COLUMNS} FROM entity WHERE id = ?1"
            ))?
            .query_row([id.0], entity_from_row)
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("entity #{}", id.0)))
    }

    /// The entity with this uid, if any.
    pub fn entity_by_uid(&self, uid: &str) -> Result<Option<Entity>> {
        let found = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTITY_COLUMNS} FROM entity WHERE uid = ?1"
            ))?
            .query_row([uid], entity_from_row)
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
        // The uid of an entity merged into another lives on as the uid of its name,
        // now an alias of the survivor.
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTITY_COLUMNS} FROM entity
                 WHERE id = (SELECT entity_id FROM alias WHERE uid = ?1)"
            ))?
            .query_row([uid], entity_from_row)
            .optional()?)
    }

    /// Finds one entity by uid, exact name or exact alias (compared folded), best
    /// connected first; falls back to the best search hit.
    pub fn resolve(&self, name_or_uid: &str) -> Result<Option<EntityId>> {
        let q = name_or_uid.trim();
        if q.is_empty() {
            return Ok(None);
        }
        if let Some(e) = self.entity_by_uid(q)? {
            return Ok(Some(e.id));
        }
        let key = text::folded_key(q);
        let exact: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM (
                    SELECT id, 0 AS pri FROM entity WHERE folded = ?1
                    UNION ALL SELECT entity_id, 1 FROM alias WHERE folded = ?1)
                 ORDER BY pri, id LIMIT 1",
            )?
            .query_row([&key], |r| r.get(0))
            .optional()?;
        if let Some(id) = exact {
            return Ok(Some(EntityId(id)));
        }
        let hits = self.search(&super::search::Query {
            text: q.to_owned(),
            kind: None,
            limit: 1,
        })?;
        Ok(hits.first().map(|h| h.entity.id.unwrap_or(EntityId(0))))
    }

    /// Every entity whose uid is `name_or_uid`, or whose name or alias equals it (compared
    /// folded). Editing commands use this instead of [`Store::resolve`], which falls back
    /// to the best search hit: an edit must never land on a guess.
    pub fn find_exact(&self, name_or_uid: &str) -> Result<Vec<EntityRow>> {
        let q = name_or_uid.trim();
        if let Some(e) = self.entity_by_uid(q)? {
            return Ok(vec![EntityRow {
                id: e.id,
                uid: e.uid,
                kind: e.kind,
                name: e.name,
                name_en: e.name_en,
                private: e.private,
            }]);
        }
        let key = text::folded_key(q);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        // A name match wins over alias matches.
        for sql in [
            "SELECT id, uid, kind, name, name_en, private FROM entity WHERE folded = ?1 ORDER BY id",
            "SELECT id, uid, kind, name, name_en, private FROM entity WHERE id IN (
                SELECT entity_id FROM alias WHERE folded = ?1) ORDER BY id",
        ] {
            let rows = self
                .conn
                .prepare_cached(sql)?
                .query_map([&key], entity_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            if !rows.is_empty() {
                return Ok(rows);
            }
        }
        Ok(Vec::new())
    }

    /// A relation's row id and subject, by uid.
    pub fn relation_ends(&self, uid: &str) -> Result<Option<(i64, EntityId)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id, subject_id FROM relation WHERE uid = ?1")?
            .query_row([uid], |r| Ok((r.get(0)?, EntityId(r.get(1)?))))
            .optional()?)
    }

    /// A relation's uid, by row id.
    pub fn relation_uid(&self, id: i64) -> Result<String> {
        self.conn
            .prepare_cached("SELECT uid FROM relation WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("relation #{id}")))
    }

    /// Uids of the relations `subject —predicate→ object`.
    pub fn relations_between(
        &self,
        subject: EntityId,
        predicate: &str,
        object: EntityId,
    ) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT uid FROM relation WHERE subject_id = ?1 AND predicate = ?2 AND object_id = ?3
             ORDER BY id",
        )?;
        let v = stmt
            .query_map(rusqlite::params![subject.0, predicate, object.0], |r| {
                r.get(0)
            })?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(v)
    }

    /// Kinds with their labels, built-in order first.
    pub fn kinds(&self) -> Result<Vec<KindInfo>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, uid, label_vi, label_en, colour FROM kind")?;
        let mut kinds = stmt
            .query_map([], |r| {
                Ok(KindInfo {
                    name: r.get(0)?,
                    uid: r.get(1)?,
                    label_vi: r.get(2)?,
                    label_en: r.get(3)?,
                    colour: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let order = |k: &KindInfo| {
            crate::model::BUILTIN_KINDS
                .iter()
                .position(|b| *b == k.name)
                .unwrap_or(usize::MAX)
        };
        kinds.sort_by(|a, b| order(a).cmp(&order(b)).then_with(|| a.name.cmp(&b.name)));
        Ok(kinds)
    }

    /// Every predicate.
    pub fn predicates(&self) -> Result<Vec<Predicate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT name, uid, label_vi, label_en, inverse_vi, inverse_en, subject_kinds, object_kinds
             FROM predicate ORDER BY name",
        )?;
        let v = stmt
            .query_map([], |r| {
                Ok(Predicate {
                    name: r.get(0)?,
                    uid: r.get(1)?,
                    label_vi: r.get(2)?,
                    label_en: r.get(3)?,
                    inverse_vi: r.get(4)?,
                    inverse_en: r.get(5)?,
                    subject_kinds: kinds_from_json(r.get(6)?),
                    object_kinds: kinds_from_json(r.get(7)?),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    /// Other names of an entity.
    pub fn aliases(&self, id: EntityId) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name FROM alias WHERE entity_id = ?1 ORDER BY id")?;
        let v = stmt
            .query_map([id.0], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(v)
    }

    /// An entity with aliases, citations and every relation in both directions.
    pub fn detail(&self, id: EntityId) -> Result<EntityDetail> {
        let head = self.detail_head(id)?;
        let relations = self.all_relations(id)?;
        Ok(EntityDetail { relations, ..head })
    }

    /// An entity with its aliases and its own citations, without its relations (see
    /// [`Store::relation_groups`] and [`Store::relations_page`] for those, page by page).
    pub fn detail_head(&self, id: EntityId) -> Result<EntityDetail> {
        let entity = self.entity(id)?;
        let aliases = self.aliases(id)?;
        let citations = {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {CITATION_COLUMNS}
                 FROM citation c JOIN entity s ON s.id = c.source_id
                 WHERE c.entity_id = ?1 ORDER BY c.id"
            ))?;
            stmt.query_map([id.0], citation_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        Ok(EntityDetail {
            entity,
            aliases,
            citations,
            relations: Vec::new(),
        })
    }

    /// Counts per kind and of relations, aliases, citations and edits.
    pub fn stats(&self) -> Result<Stats> {
        let mut per_kind: HashMap<String, i64> = HashMap::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT kind, count(*) FROM entity GROUP BY kind")?;
            for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))? {
                let (k, n) = row?;
                per_kind.insert(k, n);
            }
        }
        let kinds: Vec<KindCount> = self
            .kinds()?
            .into_iter()
            .map(|k| KindCount {
                count: per_kind.get(&k.name).copied().unwrap_or(0),
                kind: k.name,
            })
            .collect();
        let count = |t: &str| -> Result<i64> {
            Ok(self
                .conn
                .query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0))?)
        };
        Ok(Stats {
            entities: kinds.iter().map(|k| k.count).sum(),
            kinds,
            relations: count("relation")?,
            aliases: count("alias")?,
            citations: count("citation")?,
            edits: count("edit")?,
        })
    }

    /// Entities of a kind (or all), at most `limit`, in folded-name order.
    pub fn list(&self, kind: Option<&str>, limit: usize) -> Result<Vec<EntityRow>> {
        let map = entity_row;
        let rows = match kind {
            Some(k) => self
                .conn
                .prepare_cached(
                    "SELECT id, uid, kind, name, name_en, private FROM entity WHERE kind = ?1
                     ORDER BY folded LIMIT ?2",
                )?
                .query_map(rusqlite::params![k, limit as i64], map)?
                .collect::<rusqlite::Result<Vec<_>>>()?,
            None => self
                .conn
                .prepare_cached(
                    "SELECT id, uid, kind, name, name_en, private FROM entity ORDER BY folded LIMIT ?1",
                )?
                .query_map([limit as i64], map)?
                .collect::<rusqlite::Result<Vec<_>>>()?,
        };
        Ok(rows)
    }

    /// The `limit` entities with the most relations, with their counts.
    pub fn most_connected(&self, limit: usize) -> Result<Vec<(EntityRow, i64)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.uid, e.kind, e.name, e.name_en, e.private, d.n AS n FROM (
                SELECT id, sum(n) AS n FROM (
                    SELECT subject_id AS id, count(*) AS n FROM relation GROUP BY subject_id
                    UNION ALL
                    SELECT object_id, count(*) FROM relation GROUP BY object_id)
                GROUP BY id ORDER BY n DESC, id LIMIT ?1) d
             JOIN entity e ON e.id = d.id ORDER BY d.n DESC, e.folded",
        )?;
        let v = stmt
            .query_map([limit as i64], |r| Ok((entity_row(r)?, r.get("n")?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(v)
    }

    /// What deleting an entity takes with it: its relations, its other names, and every
    /// citation that goes (its own, its relations', and those citing it as their source),
    /// counted as [`crate::store::Writer::delete_entity`] deletes them.
    pub fn delete_impact(&self, id: EntityId) -> Result<(i64, i64, i64)> {
        let count = |sql: &str| -> Result<i64> {
            Ok(self
                .conn
                .prepare_cached(sql)?
                .query_row([id.0], |r| r.get(0))?)
        };
        Ok((
            count("SELECT count(*) FROM relation WHERE subject_id = ?1 OR object_id = ?1")?,
            count("SELECT count(*) FROM alias WHERE entity_id = ?1")?,
            count(
                "SELECT count(*) FROM citation c LEFT JOIN relation r ON c.relation_id = r.id
                 WHERE c.entity_id = ?1 OR c.source_id = ?1 OR r.subject_id = ?1
                    OR r.object_id = ?1",
            )?,
        ))
    }

    /// Number of relations of an entity, both directions.
    pub fn degree(&self, id: EntityId) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT (SELECT count(*) FROM relation WHERE subject_id = ?1)
                  + (SELECT count(*) FROM relation WHERE object_id = ?1)",
            )?
            .query_row([id.0], |r| r.get(0))?)
    }
}
