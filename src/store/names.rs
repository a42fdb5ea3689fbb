//! Every name an entity answers to — its name, its English name and its other names —
//! streamed one row at a time, for finding known entities in a text. Nothing is collected
//! here: a base of a million names is read without holding it twice.

use super::{Result, Store};
use crate::model::EntityId;

/// Where a known name comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameSource {
    /// The entity's (Vietnamese) name.
    Name,
    /// Its English name.
    English,
    /// One of its other names.
    Alias,
}

/// One name of an entity, borrowed for the time of the callback.
#[derive(Clone, Copy, Debug)]
pub struct KnownName<'a> {
    /// The entity.
    pub entity: EntityId,
    /// Its kind.
    pub kind: &'a str,
    /// The name as stored (NFC).
    pub name: &'a str,
    /// Which of its names this is.
    pub source: NameSource,
}

impl Store {
    /// Calls `f` with every name of every entity: names and English names first, by
    /// entity, then other names.
    pub fn for_each_name(&self, mut f: impl FnMut(KnownName<'_>)) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, kind, name, name_en FROM entity ORDER BY id")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let entity = EntityId(row.get(0)?);
            let kind = text(row, 1)?;
            let name = text(row, 2)?;
            f(KnownName {
                entity,
                kind,
                name,
                source: NameSource::Name,
            });
            if let Some(en) = row.get_ref(3)?.as_str_or_null().ok().flatten()
                && !en.trim().is_empty()
            {
                f(KnownName {
                    entity,
                    kind,
                    name: en,
                    source: NameSource::English,
                });
            }
        }
        let mut stmt = self.conn.prepare(
            "SELECT a.entity_id, e.kind, a.name FROM alias a JOIN entity e ON e.id = a.entity_id
             ORDER BY a.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            f(KnownName {
                entity: EntityId(row.get(0)?),
                kind: text(row, 1)?,
                name: text(row, 2)?,
                source: NameSource::Alias,
            });
        }
        Ok(())
    }
}

/// A text column borrowed from its row.
fn text<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r str> {
    row.get_ref(i)?.as_str().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })
}
