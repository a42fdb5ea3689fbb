//! Saved selections: some entities and how many links around them, kept under a name to
//! export again (a trainer keeps one per class). Each is a row of the knowledge base with
//! a uid (`migrations/0012`), saved and deleted as edits: undone, listed in the history,
//! carried with the file. Entities deleted since are left out when a selection is used.

use super::write::{Image, SAVED_SELECTION, Writer, new_uid};
use super::{Result, Store, StoreError, validate};
use crate::model::EntityId;
use rusqlite::OptionalExtension;

/// A saved selection.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedSelection {
    /// Its uid.
    pub uid: String,
    /// Its name, unique in the file.
    pub name: String,
    /// The chosen entities' uids, in the order chosen.
    pub entities: Vec<String>,
    /// How many links away from them.
    pub depth: usize,
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SavedSelection> {
    let entities: String = r.get(2)?;
    Ok(SavedSelection {
        uid: r.get(0)?,
        name: r.get(1)?,
        entities: serde_json::from_str(&entities).unwrap_or_default(),
        depth: usize::try_from(r.get::<_, i64>(3)?).unwrap_or_default(),
    })
}

impl Store {
    /// Every saved selection, by name.
    pub fn selections(&self) -> Result<Vec<SavedSelection>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT uid, name, entities, depth FROM saved_selection ORDER BY name COLLATE NOCASE",
        )?;
        let all = stmt
            .query_map([], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(all)
    }

    /// The selection saved as `name`.
    pub fn selection(&self, name: &str) -> Result<Option<SavedSelection>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT uid, name, entities, depth FROM saved_selection WHERE name = ?1",
            )?
            .query_row([crate::text::nfc(name.trim())], from_row)
            .optional()?)
    }
}

impl Writer<'_> {
    /// Saves `entities` and `depth` as the selection `name`, replacing one of that name.
    pub fn save_selection(
        &mut self,
        name: &str,
        entities: &[EntityId],
        depth: usize,
    ) -> Result<()> {
        let name = validate::name(name)?;
        if entities.is_empty() {
            return Err(StoreError::Invalid("a selection needs an entity".into()));
        }
        let uids = entities
            .iter()
            .map(|id| self.entity_uid(id.0))
            .collect::<Result<Vec<_>>>()?;
        let mut i = Image::new();
        i.insert(
            "entities".into(),
            serde_json::Value::from(uids).to_string().into(),
        );
        i.insert("depth".into(), (depth as i64).into());
        i.insert("updated_at".into(), self.now().into());
        let existing: Option<String> = self
            .tx()
            .prepare_cached("SELECT uid FROM saved_selection WHERE name = ?1")?
            .query_row([&name], |r| r.get(0))
            .optional()?;
        match existing {
            Some(uid) => {
                self.update_image(&SAVED_SELECTION, &uid, &i)?;
            }
            None => {
                i.insert("uid".into(), new_uid().into());
                i.insert("name".into(), name.into());
                i.insert("created_at".into(), self.now().into());
                self.insert_image(&SAVED_SELECTION, i)?;
            }
        }
        Ok(())
    }

    /// Deletes the selection saved as `name`.
    pub fn delete_selection(&mut self, name: &str) -> Result<()> {
        let uid: String = self
            .tx()
            .prepare_cached("SELECT uid FROM saved_selection WHERE name = ?1")?
            .query_row([crate::text::nfc(name.trim())], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("selection “{name}”")))?;
        self.delete_image(&SAVED_SELECTION, &uid)
    }
}
