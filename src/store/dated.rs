//! Entities by their dates, for a timeline: those of a kind (linked to a given entity, or
//! all), with their start and end dates as stored, and how many have no date at all.

use super::read::{EntityRow, entity_row};
use super::{Result, Store};
use crate::model::EntityId;

/// An entity with its dates as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct DatedRow {
    /// The entity.
    pub row: EntityRow,
    /// Start date.
    pub date_start: Option<String>,
    /// End date.
    pub date_end: Option<String>,
}

const LINKED: &str = "(?2 IS NULL OR e.id IN (
        SELECT object_id FROM relation WHERE subject_id = ?2
        UNION SELECT subject_id FROM relation WHERE object_id = ?2))";

impl Store {
    /// Entities of `kind` with a date (linked to `linked_to`, in either direction, when
    /// given), at most `limit`, by stored start date; and the number of those without.
    pub fn dated(
        &self,
        kind: &str,
        linked_to: Option<EntityId>,
        limit: usize,
    ) -> Result<(Vec<DatedRow>, usize)> {
        let linked = linked_to.map(|id| id.0);
        let rows = self
            .conn
            .prepare_cached(&format!(
                "SELECT e.id, e.uid, e.kind, e.name, e.name_en, e.private, e.date_start, e.date_end
                   FROM entity e
                  WHERE e.kind = ?1 AND (e.date_start IS NOT NULL OR e.date_end IS NOT NULL)
                    AND {LINKED}
                  ORDER BY e.date_start, e.id LIMIT ?3"
            ))?
            .query_map(rusqlite::params![kind, linked, limit as i64], |r| {
                Ok(DatedRow {
                    row: entity_row(r)?,
                    date_start: r.get(6)?,
                    date_end: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let undated: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM entity e
                  WHERE e.kind = ?1 AND e.date_start IS NULL AND e.date_end IS NULL
                    AND {LINKED}"
            ))?
            .query_row(rusqlite::params![kind, linked], |r| r.get(0))?;
        Ok((rows, usize::try_from(undated).unwrap_or_default()))
    }
}
