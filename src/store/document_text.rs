//! The text of a user's own document (`migrations/0015`): kept in the file beside the
//! document's entity, written and removed as rows of an edit (undone with it). The
//! project's built-in documents have none.

use super::write::{DOCUMENT_TEXT, Image, Writer, new_uid};
use super::{Result, Store, StoreError};
use crate::model::EntityId;
use rusqlite::OptionalExtension;

/// Longest text kept for one document, in bytes (a long report is far shorter).
pub const MAX_DOCUMENT_TEXT: usize = 16 * 1024 * 1024;

impl Store {
    /// The text kept for a document, if any.
    pub fn document_text(&self, document: EntityId) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT text FROM document_text WHERE entity_id = ?1")?
            .query_row([document.0], |r| r.get(0))
            .optional()?)
    }
}

impl Store {
    /// The user's documents with a text kept (id and name, in name order), other than
    /// `entity` itself, that have no link with `entity` in either direction and cite
    /// neither it nor any of its links: where an unlinked mention of it may be.
    pub fn documents_not_linked_to(&self, entity: EntityId) -> Result<Vec<(EntityId, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.name FROM document_text t JOIN entity e ON e.id = t.entity_id
              WHERE t.entity_id <> ?1
                AND NOT EXISTS (SELECT 1 FROM relation r
                                 WHERE r.subject_id = t.entity_id AND r.object_id = ?1)
                AND NOT EXISTS (SELECT 1 FROM relation r
                                 WHERE r.subject_id = ?1 AND r.object_id = t.entity_id)
                AND NOT EXISTS (SELECT 1 FROM citation c
                                 WHERE c.source_id = t.entity_id AND c.entity_id = ?1)
                AND NOT EXISTS (SELECT 1 FROM citation c JOIN relation r ON r.id = c.relation_id
                                 WHERE c.source_id = t.entity_id
                                   AND (r.subject_id = ?1 OR r.object_id = ?1))
              ORDER BY e.name",
        )?;
        let rows = stmt
            .query_map([entity.0], |r| Ok((EntityId(r.get(0)?), r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

impl Writer<'_> {
    /// Keeps `text` (made NFC) as the text of the document `document`, replacing any.
    pub fn set_document_text(&mut self, document: EntityId, text: &str) -> Result<()> {
        self.entity_uid(document.0)?;
        if text.len() > MAX_DOCUMENT_TEXT {
            return Err(StoreError::Invalid(format!(
                "a document's text is limited to {MAX_DOCUMENT_TEXT} bytes"
            )));
        }
        let text = crate::text::nfc(text);
        let mut i = Image::new();
        i.insert("text".into(), text.into());
        match self.document_text_uid(document)? {
            Some(uid) => {
                self.update_image(&DOCUMENT_TEXT, &uid, &i)?;
            }
            None => {
                i.insert("uid".into(), new_uid().into());
                i.insert("entity_id".into(), document.0.into());
                self.insert_image(&DOCUMENT_TEXT, i)?;
            }
        }
        Ok(())
    }

    /// Removes the text kept for `document`, if any.
    pub fn remove_document_text(&mut self, document: EntityId) -> Result<()> {
        if let Some(uid) = self.document_text_uid(document)? {
            self.delete_image(&DOCUMENT_TEXT, &uid)?;
        }
        Ok(())
    }

    /// Gives `from`'s text to `to` when `to` has none (a merge), else removes it.
    pub(in crate::store) fn move_document_text(
        &mut self,
        from: EntityId,
        to: EntityId,
    ) -> Result<()> {
        let Some(uid) = self.document_text_uid(from)? else {
            return Ok(());
        };
        if self.document_text_uid(to)?.is_some() {
            return self.delete_image(&DOCUMENT_TEXT, &uid);
        }
        let mut i = Image::new();
        i.insert("entity_id".into(), to.0.into());
        self.update_image(&DOCUMENT_TEXT, &uid, &i).map(|_| ())
    }

    fn document_text_uid(&self, document: EntityId) -> Result<Option<String>> {
        Ok(self
            .tx()
            .prepare_cached("SELECT uid FROM document_text WHERE entity_id = ?1")?
            .query_row([document.0], |r| r.get(0))
            .optional()?)
    }
}
