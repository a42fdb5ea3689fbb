//! Saved maps: pictures of the network kept under a name (a trainer keeps one per class).
//! Each is a row of the knowledge base with a uid (`migrations/0013`), saved and deleted
//! as edits: undone, listed in the history, carried with the file. The store keeps the
//! map's content as the JSON text it is given (`graph::maps` writes and reads it).

use super::write::{Image, SAVED_MAP, Writer, new_uid};
use super::{Result, Store, StoreError, validate};
use rusqlite::OptionalExtension;

/// A saved map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SavedMap {
    /// Its uid.
    pub uid: String,
    /// Its name, unique in the file.
    pub name: String,
    /// Its content, JSON.
    pub map: String,
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SavedMap> {
    Ok(SavedMap {
        uid: r.get(0)?,
        name: r.get(1)?,
        map: r.get(2)?,
    })
}

impl Store {
    /// Every saved map, by name.
    pub fn maps(&self) -> Result<Vec<SavedMap>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT uid, name, map FROM saved_map ORDER BY name COLLATE NOCASE")?;
        let all = stmt
            .query_map([], from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(all)
    }

    /// The map saved as `name`.
    pub fn map(&self, name: &str) -> Result<Option<SavedMap>> {
        Ok(self
            .conn
            .prepare_cached("SELECT uid, name, map FROM saved_map WHERE name = ?1")?
            .query_row([crate::text::nfc(name.trim())], from_row)
            .optional()?)
    }
}

impl Writer<'_> {
    /// Saves `map` (JSON) as the map `name`, replacing one of that name.
    pub fn save_map(&mut self, name: &str, map: &str) -> Result<()> {
        let name = validate::name(name)?;
        if serde_json::from_str::<serde_json::Value>(map).is_err() {
            return Err(StoreError::Invalid("a map is a JSON document".into()));
        }
        let mut i = Image::new();
        i.insert("map".into(), map.into());
        i.insert("updated_at".into(), self.now().into());
        let existing: Option<String> = self
            .tx()
            .prepare_cached("SELECT uid FROM saved_map WHERE name = ?1")?
            .query_row([&name], |r| r.get(0))
            .optional()?;
        match existing {
            Some(uid) => {
                self.update_image(&SAVED_MAP, &uid, &i)?;
            }
            None => {
                i.insert("uid".into(), new_uid().into());
                i.insert("name".into(), name.into());
                i.insert("created_at".into(), self.now().into());
                self.insert_image(&SAVED_MAP, i)?;
            }
        }
        Ok(())
    }

    /// Deletes the map saved as `name`.
    pub fn delete_map(&mut self, name: &str) -> Result<()> {
        let uid: String = self
            .tx()
            .prepare_cached("SELECT uid FROM saved_map WHERE name = ?1")?
            .query_row([crate::text::nfc(name.trim())], |r| r.get(0))
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("map “{name}”")))?;
        self.delete_image(&SAVED_MAP, &uid)
    }
}
