//! An entity's links in both directions, bare (row id, predicate, the other end and its
//! kind): what a walk through the network reads at each step.

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
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, r.predicate, r.object_id, e.kind, 1 FROM relation r
               JOIN entity e ON e.id = r.object_id WHERE r.subject_id = ?1
             UNION ALL
             SELECT r.id, r.predicate, r.subject_id, e.kind, 0 FROM relation r
               JOIN entity e ON e.id = r.subject_id WHERE r.object_id = ?1
             ORDER BY 5 DESC, 1",
        )?;
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
