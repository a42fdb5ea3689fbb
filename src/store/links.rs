//! An entity's links in both directions, bare (row id, predicate, the other end and its
//! kind): what a walk through the network reads at each step; and the links among a set
//! of entities, what a picture of the network draws. Sets of ids go to SQLite as one JSON
//! array (`json_each`), read in the order given.

use super::read::{EntityRow, entity_row};
use super::{Result, Store};
use crate::model::EntityId;

/// One link of an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The relation's row id.
    pub relation: i64,
    /// Its predicate.
    pub predicate: String,
    /// The entity at the other end.
    pub other: EntityId,
    /// That entity's kind.
    pub other_kind: String,
    /// Whether the entity asked about is the subject.
    pub outgoing: bool,
}

impl Store {
    /// Every link of `id`, outgoing first, each in row order.
    pub fn links(&self, id: EntityId) -> Result<Vec<Link>> {
        self.links_with(id, true)
    }

    /// Every link of `id` as [`Store::links`] reads them, the other end's kind left
    /// empty unless `kinds`: reading it costs a visit to each entity's row, which a walk
    /// that does not filter by kind spares.
    pub fn links_with(&self, id: EntityId, kinds: bool) -> Result<Vec<Link>> {
        let mut stmt = self.conn.prepare_cached(if kinds {
            "SELECT r.id, r.predicate, r.object_id, e.kind, 1 FROM relation r
               JOIN entity e ON e.id = r.object_id WHERE r.subject_id = ?1
             UNION ALL
             SELECT r.id, r.predicate, r.subject_id, e.kind, 0 FROM relation r
               JOIN entity e ON e.id = r.subject_id WHERE r.object_id = ?1
             ORDER BY 5 DESC, 1"
        } else {
            "SELECT r.id, r.predicate, r.object_id, '', 1 FROM relation r
              WHERE r.subject_id = ?1
             UNION ALL
             SELECT r.id, r.predicate, r.subject_id, '', 0 FROM relation r
              WHERE r.object_id = ?1
             ORDER BY 5 DESC, 1"
        })?;
        let links = stmt
            .query_map([id.0], |r| {
                Ok(Link {
                    relation: r.get(0)?,
                    predicate: r.get(1)?,
                    other: EntityId(r.get(2)?),
                    other_kind: r.get(3)?,
                    outgoing: r.get::<_, i64>(4)? == 1,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(links)
    }
}

/// A relation between two entities of a set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NetworkLink {
    /// The relation's row id.
    pub relation: i64,
    /// Its subject.
    pub subject: EntityId,
    /// Its predicate.
    pub predicate: String,
    /// Its object.
    pub object: EntityId,
    /// Start and end dates, as stored.
    pub date_start: Option<String>,
    /// End date.
    pub date_end: Option<String>,
}

fn json_ids(ids: &[EntityId]) -> String {
    serde_json::to_string(&ids.iter().map(|i| i.0).collect::<Vec<_>>()).unwrap_or_default()
}

impl Store {
    /// The rows of these entities (those that exist), in the order given.
    pub fn entity_rows(&self, ids: &[EntityId]) -> Result<Vec<EntityRow>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.uid, e.kind, e.name, e.name_en, e.private
               FROM json_each(?1) j CROSS JOIN entity e ON e.id = j.value ORDER BY j.key",
        )?;
        let rows = stmt
            .query_map([json_ids(ids)], entity_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Every relation whose two ends are among `ids`, in row order.
    pub fn links_among(&self, ids: &[EntityId]) -> Result<Vec<NetworkLink>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, r.subject_id, r.predicate, r.object_id, r.date_start, r.date_end
               FROM json_each(?1) j CROSS JOIN relation r ON r.subject_id = j.value
              WHERE r.object_id IN (SELECT value FROM json_each(?1))
              ORDER BY r.id",
        )?;
        let links = stmt
            .query_map([json_ids(ids)], |r| {
                Ok(NetworkLink {
                    relation: r.get(0)?,
                    subject: EntityId(r.get(1)?),
                    predicate: r.get(2)?,
                    object: EntityId(r.get(3)?),
                    date_start: r.get(4)?,
                    date_end: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(links)
    }

    /// For each of `ids` linked to an entity of kind `kind` (in either direction): the
    /// pair (entity, that entity of the kind), each pair once.
    pub fn linked_of_kind(
        &self,
        ids: &[EntityId],
        kind: &str,
    ) -> Result<Vec<(EntityId, EntityId)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.subject_id, r.object_id
               FROM json_each(?1) j CROSS JOIN relation r ON r.subject_id = j.value
               JOIN entity t ON t.id = r.object_id WHERE t.kind = ?2
             UNION
             SELECT r.object_id, r.subject_id
               FROM json_each(?1) j CROSS JOIN relation r ON r.object_id = j.value
               JOIN entity t ON t.id = r.subject_id WHERE t.kind = ?2",
        )?;
        let pairs = stmt
            .query_map(rusqlite::params![json_ids(ids), kind], |r| {
                Ok((EntityId(r.get(0)?), EntityId(r.get(1)?)))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(pairs)
    }

    /// The number of entities, and the `limit` best connected (by the degrees the search
    /// index keeps; counted from the relations when the index has not got them all).
    pub fn best_connected(&self, limit: usize) -> Result<(usize, Vec<EntityId>)> {
        let total: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM entity")?
            .query_row([], |r| r.get(0))?;
        let indexed: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM search_doc")?
            .query_row([], |r| r.get(0))?;
        let stale: bool = self
            .conn
            .prepare_cached("SELECT value <> 0 FROM search_meta WHERE key = 'degrees_stale'")?
            .query_row([], |r| r.get(0))
            .unwrap_or(true);
        let ids = if indexed == total && !stale {
            self.conn
                .prepare_cached("SELECT id FROM search_doc ORDER BY degree DESC, id LIMIT ?1")?
                .query_map([limit as i64], |r| Ok(EntityId(r.get(0)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        } else {
            // The linked first, best connected first; then the others, by name.
            let mut seen = std::collections::HashSet::new();
            self.most_connected(limit)?
                .into_iter()
                .map(|(row, _)| row.id)
                .chain(self.list(None, limit)?.into_iter().map(|r| r.id))
                .filter(|id| seen.insert(*id))
                .take(limit)
                .collect()
        };
        Ok((total as usize, ids))
    }
}
