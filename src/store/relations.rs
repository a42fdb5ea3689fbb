//! An entity's relations, in both directions: all of them, their groups (predicate and
//! direction) with counts, or one page of a group, each with its citations. A hub with
//! tens of thousands of relations opens with its group counts and the first rows; the rest
//! of a group is read as it is scrolled.

use super::read::{CITATION_COLUMNS, citation_from_row};
use super::{Result, Store};
use crate::model::{Citation, Direction, EntityId, EntityRef, Predicate, RelationView};
use rusqlite::Row;
use std::collections::HashMap;

/// One group of an entity's relations: a predicate read in one direction.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RelationGroup {
    /// Predicate machine name.
    pub predicate: String,
    /// Whether the entity is the subject (`Out`) or the object (`In`).
    pub direction: Direction,
    /// The label as read from the entity, Vietnamese.
    pub label: String,
    /// The same in English.
    pub label_en: String,
    /// Relations in the group.
    pub count: usize,
}

/// The label of `predicate` read in `direction`.
fn label_of(
    predicates: &HashMap<String, Predicate>,
    predicate: &str,
    out: bool,
) -> (String, String) {
    match predicates.get(predicate) {
        Some(p) if out => (p.label_vi.clone(), p.label_en.clone()),
        Some(p) => (p.inverse_vi.clone(), p.inverse_en.clone()),
        None => (predicate.to_owned(), predicate.to_owned()),
    }
}

fn direction(out: bool) -> Direction {
    if out { Direction::Out } else { Direction::In }
}

/// A relation row as read from the viewed entity (citations added afterwards), with its
/// row id.
fn relation_from_row(
    r: &Row<'_>,
    predicates: &HashMap<String, Predicate>,
) -> rusqlite::Result<(i64, RelationView)> {
    let predicate: String = r.get("predicate")?;
    let out: bool = r.get("outgoing")?;
    let (label, label_en) = label_of(predicates, &predicate, out);
    Ok((
        r.get("id")?,
        RelationView {
            uid: r.get("uid")?,
            predicate,
            label,
            label_en,
            direction: direction(out),
            role: r.get("role")?,
            date_start: r.get("date_start")?,
            date_end: r.get("date_end")?,
            note: r.get("note")?,
            other: EntityRef {
                id: Some(EntityId(r.get("other_id")?)),
                uid: r.get("other_uid")?,
                kind: r.get("other_kind")?,
                name: r.get("other_name")?,
                name_en: r.get("other_name_en")?,
                private: r.get("other_private")?,
            },
            citations: Vec::new(),
        },
    ))
}

impl Store {
    fn predicate_map(&self) -> Result<HashMap<String, Predicate>> {
        Ok(self
            .predicates()?
            .into_iter()
            .map(|p| (p.name.clone(), p))
            .collect())
    }

    /// The groups of an entity's relations with their sizes, in the order the entity view
    /// shows them (by predicate, outgoing first). Counts read from the indexes only: cheap
    /// for any hub. (A relation never links an entity to itself: the rules refuse it.)
    pub fn relation_groups(&self, id: EntityId) -> Result<Vec<RelationGroup>> {
        let predicates = self.predicate_map()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT predicate, 1 AS outgoing, count(*) AS n FROM relation
                 WHERE subject_id = ?1 GROUP BY predicate
             UNION ALL
             SELECT predicate, 0 AS outgoing, count(*) AS n FROM relation
                 WHERE object_id = ?1 GROUP BY predicate
             ORDER BY predicate, outgoing DESC",
        )?;
        let rows = stmt.query_map([id.0], |r| {
            let predicate: String = r.get("predicate")?;
            let out: bool = r.get("outgoing")?;
            let (label, label_en) = label_of(&predicates, &predicate, out);
            Ok(RelationGroup {
                direction: direction(out),
                label,
                label_en,
                count: r.get::<_, i64>("n")?.max(0) as usize,
                predicate,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Up to `limit` relations of one group of an entity, from the `offset`-th, in the
    /// order they were recorded, with their citations. Read through the index of that
    /// end and predicate: a page costs its own rows, whatever the size of the group.
    pub fn relations_page(
        &self,
        id: EntityId,
        predicate: &str,
        direction: Direction,
        offset: usize,
        limit: usize,
    ) -> Result<Vec<RelationView>> {
        let predicates = self.predicate_map()?;
        // Each direction has its own index, (subject_id, predicate) or (object_id,
        // predicate), whose entries for one key are in row id order: the page's ids are
        // picked from the index alone (skipping is cheap), then only its rows are read.
        let (this_end, other_end, outgoing) = match direction {
            Direction::Out => ("subject_id", "object_id", 1),
            Direction::In => ("object_id", "subject_id", 0),
        };
        let sql = format!(
            "SELECT r.id AS id, r.uid AS uid, r.predicate AS predicate, r.role AS role,
                    r.date_start AS date_start, r.date_end AS date_end, r.note AS note,
                    {outgoing} AS outgoing, o.id AS other_id, o.uid AS other_uid,
                    o.kind AS other_kind, o.name AS other_name, o.name_en AS other_name_en, o.private AS other_private
             FROM relation r JOIN entity o ON o.id = r.{other_end}
             WHERE r.id IN (SELECT id FROM relation WHERE {this_end} = ?1 AND predicate = ?2
                            ORDER BY id LIMIT ?3 OFFSET ?4)
             ORDER BY r.id"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows = self
            .conn
            .prepare_cached(&sql)?
            .query_map(rusqlite::params![id.0, predicate, limit, offset], |r| {
                relation_from_row(r, &predicates)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut citations = self.citations_of_relations(rows.iter().map(|(rid, _)| *rid))?;
        Ok(rows
            .into_iter()
            .map(|(rid, mut view)| {
                view.citations = citations.remove(&rid).unwrap_or_default();
                view
            })
            .collect())
    }

    /// Every relation of `id`, in the order the entity view shows them (by predicate,
    /// outgoing first, then the other end's folded name), with their citations.
    pub(super) fn all_relations(&self, id: EntityId) -> Result<Vec<RelationView>> {
        let predicates = self.predicate_map()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id AS id, r.uid AS uid, r.predicate AS predicate, r.role AS role,
                    r.date_start AS date_start, r.date_end AS date_end, r.note AS note,
                    r.subject_id = ?1 AS outgoing,
                    o.id AS other_id, o.uid AS other_uid, o.kind AS other_kind,
                    o.name AS other_name, o.name_en AS other_name_en, o.private AS other_private
             FROM relation r
             JOIN entity o ON o.id = CASE WHEN r.subject_id = ?1 THEN r.object_id ELSE r.subject_id END
             WHERE r.subject_id = ?1 OR r.object_id = ?1
             ORDER BY r.predicate, outgoing DESC, o.folded, r.id",
        )?;
        let rows = stmt
            .query_map([id.0], |r| relation_from_row(r, &predicates))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut citations = self.citations_of_all_relations(id)?;
        Ok(rows
            .into_iter()
            .map(|(rid, mut view)| {
                view.citations = citations.remove(&rid).unwrap_or_default();
                view
            })
            .collect())
    }

    /// The citations of every relation touching `id`, in the order they were made.
    pub fn relation_citations(&self, id: EntityId) -> Result<Vec<Citation>> {
        Ok(self
            .citations_around(id)?
            .into_iter()
            .map(|(_, c)| c)
            .collect())
    }

    /// The citations of every relation touching `id`, by relation row id.
    fn citations_of_all_relations(&self, id: EntityId) -> Result<HashMap<i64, Vec<Citation>>> {
        let mut out: HashMap<i64, Vec<Citation>> = HashMap::new();
        for (rid, c) in self.citations_around(id)? {
            out.entry(rid).or_default().push(c);
        }
        Ok(out)
    }

    /// (relation row id, citation) for every relation touching `id`, in the order the
    /// citations were made. The relations are found through the indexes of either end (no
    /// row read), then each is looked up among the citations.
    fn citations_around(&self, id: EntityId) -> Result<Vec<(i64, Citation)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.relation_id AS relation_id, {CITATION_COLUMNS}
             FROM citation c JOIN entity s ON s.id = c.source_id
             WHERE c.relation_id IN (SELECT id FROM relation WHERE subject_id = ?1
                                     UNION ALL SELECT id FROM relation WHERE object_id = ?1)
             ORDER BY c.id"
        ))?;
        Ok(stmt
            .query_map([id.0], |r| {
                Ok((r.get::<_, i64>("relation_id")?, citation_from_row(r)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The citations of the relations with these row ids, in one query.
    fn citations_of_relations(
        &self,
        ids: impl Iterator<Item = i64>,
    ) -> Result<HashMap<i64, Vec<Citation>>> {
        let ids: Vec<i64> = ids.collect();
        let mut out: HashMap<i64, Vec<Citation>> = HashMap::new();
        if ids.is_empty() {
            return Ok(out);
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT c.relation_id AS relation_id, {CITATION_COLUMNS}
             FROM citation c JOIN entity s ON s.id = c.source_id
             WHERE c.relation_id IN (SELECT value FROM json_each(?1))
             ORDER BY c.id"
        ))?;
        let list = serde_json::to_string(&ids)?;
        for row in stmt.query_map([list], |r| {
            Ok((r.get::<_, i64>("relation_id")?, citation_from_row(r)?))
        })? {
            let (rid, c) = row?;
            out.entry(rid).or_default().push(c);
        }
        Ok(out)
    }
}

impl Store {
    /// The name entity `id` had on `day`, when it was renamed since: walking back through
    /// the renamings into it (`renamed_to`, dated by their start) that came after `day`,
    /// to the organisation it was then. `None` when it bore its own name on that day (or
    /// the renamings are undated).
    pub fn name_on(&self, id: EntityId, day: crate::model::Day) -> Result<Option<String>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.subject_id, e.name, r.date_start FROM relation r
             JOIN entity e ON e.id = r.subject_id
             WHERE r.object_id = ?1 AND r.predicate = 'renamed_to' AND r.date_start IS NOT NULL",
        )?;
        let mut current = id.0;
        let mut name = None;
        // A chain of renamings is short; a loop in bad data stops here.
        for _ in 0..16 {
            let before = stmt
                .query_map([current], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .filter_map(|(subject, name, date)| {
                    let (renamed, _) = crate::model::DateValue::parse(&date).ok()?.bounds()?;
                    (renamed > day).then_some((renamed, subject, name))
                })
                // The latest renaming after the day is the one that made today's name.
                .max_by_key(|(renamed, _, _)| *renamed);
            match before {
                Some((_, subject, then)) if subject != id.0 => {
                    current = subject;
                    name = Some(then);
                }
                _ => break,
            }
        }
        Ok(name)
    }
}
