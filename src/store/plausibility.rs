//! Plausibility: what the hard rules allow but is unlikely, as warnings a person checks
//! and dismisses for good — a relation that ends before one of its entities begins (a
//! position held before its holder was born) or begins after one has ended, a report
//! dated before the event it reports. Dates compare by the days they may be
//! (`model::DateValue::bounds`), so "about" and "before" dates warn only when no reading
//! of them fits.

use super::write::{DISMISSED_WARNING, Image, Writer, new_uid};
use super::{Result, Store};
use crate::model::{DateValue, Day, EntityId};

/// What looks wrong.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Concern {
    /// The relation ends before this entity begins (is born, is founded, takes place).
    BeforeItBegins,
    /// The relation begins after this entity has ended.
    AfterItEnds,
    /// A document reports on an event dated after the document.
    ReportBeforeEvent,
}

/// A warning about a relation of `entity` with `other`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Warning {
    /// What it is remembered by once dismissed.
    pub key: String,
    /// What looks wrong.
    pub concern: Concern,
    /// The entity whose dates do not fit.
    pub entity: EntityId,
    /// Its name.
    pub entity_name: String,
    /// The other end of the relation.
    pub other: EntityId,
    /// Its name.
    pub other_name: String,
    /// The relation's predicate.
    pub predicate: String,
}

fn bounds(stored: &Option<String>) -> Option<(Day, Day)> {
    stored
        .as_deref()
        .and_then(|s| DateValue::parse(s).ok())
        .and_then(|d| d.bounds())
}

struct End {
    id: i64,
    name: String,
    kind: String,
    start: Option<String>,
    end: Option<String>,
}

impl Store {
    /// The warnings not dismissed, about the relations of `entity` (or of every entity),
    /// at most `limit`.
    pub fn warnings(&self, entity: Option<EntityId>, limit: usize) -> Result<Vec<Warning>> {
        let filter = if entity.is_some() {
            "WHERE r.subject_id = ?1 OR r.object_id = ?1"
        } else {
            "WHERE ?1 IS NULL"
        };
        let sql = format!(
            "SELECT r.uid, r.predicate, r.date_start, r.date_end,
                    s.id, s.name, s.kind, s.date_start, s.date_end,
                    o.id, o.name, o.kind, o.date_start, o.date_end
             FROM relation r JOIN entity s ON s.id = r.subject_id
                             JOIN entity o ON o.id = r.object_id {filter}"
        );
        let dismissed: std::collections::HashSet<String> = self
            .conn
            .prepare_cached("SELECT key FROM dismissed_warning")?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([entity.map(|e| e.0)], |r| {
            let end = |i: usize| -> rusqlite::Result<End> {
                Ok(End {
                    id: r.get(i)?,
                    name: r.get(i + 1)?,
                    kind: r.get(i + 2)?,
                    start: r.get(i + 3)?,
                    end: r.get(i + 4)?,
                })
            };
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                end(4)?,
                end(9)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (uid, predicate, start, end, subject, object) = row?;
            let (rs, re) = (bounds(&start), bounds(&end));
            let mut warn = |concern: Concern, who: &End, other: &End| {
                let key = format!("{concern:?}:{uid}:{}", who.id);
                if !dismissed.contains(&key) {
                    out.push(Warning {
                        key,
                        concern,
                        entity: EntityId(who.id),
                        entity_name: who.name.clone(),
                        other: EntityId(other.id),
                        other_name: other.name.clone(),
                        predicate: predicate.clone(),
                    });
                }
            };
            for (who, other) in [(&subject, &object), (&object, &subject)] {
                // An event is dated by when it took place: relations may come after it
                // (a report, a recommendation taken up), so its end is no bound.
                let (es, ee) = (bounds(&who.start), bounds(&who.end));
                let relation_ends = re.or(rs);
                if let (Some((_, last)), Some((first, _))) = (relation_ends, es)
                    && last < first
                {
                    warn(Concern::BeforeItBegins, who, other);
                } else if let (Some((first, _)), Some((_, last))) = (rs, ee)
                    && first > last
                    && who.kind != "event"
                {
                    warn(Concern::AfterItEnds, who, other);
                }
            }
            if predicate == "reports_on"
                && subject.kind == "document"
                && object.kind == "event"
                && let (Some((_, doc_last)), Some((event_first, _))) =
                    (bounds(&subject.start), bounds(&object.start))
                && doc_last < event_first
            {
                warn(Concern::ReportBeforeEvent, &subject, &object);
            }
            if out.len() >= limit {
                break;
            }
        }
        out.truncate(limit);
        Ok(out)
    }
}

impl Writer<'_> {
    /// Dismisses a warning for good (until the edit is undone).
    pub fn dismiss_warning(&mut self, key: &str) -> Result<()> {
        self.dismiss_warning_as(key, None)
    }

    /// [`Writer::dismiss_warning`], the dismissal keeping a uid it already has.
    pub fn dismiss_warning_as(&mut self, key: &str, uid: Option<&str>) -> Result<()> {
        let known: bool = self
            .tx()
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM dismissed_warning WHERE key = ?1)")?
            .query_row([key], |r| r.get(0))?;
        if !known {
            let mut i = Image::new();
            i.insert("uid".into(), uid.map_or_else(new_uid, str::to_owned).into());
            i.insert("key".into(), key.into());
            self.insert_image(&DISMISSED_WARNING, i)?;
        }
        Ok(())
    }
}
