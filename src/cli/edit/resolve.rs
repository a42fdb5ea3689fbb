//! Name resolution for the editing commands: a uid, an exact name or an alias names one
//! entity (or relation), never a search guess; nothing found is `NotFound` (exit status 1).

use crate::model::EntityId;
use crate::store::Store;
use anyhow::bail;

/// An editing command found nothing to act on: exit status 1, like `show`.
#[derive(Debug, thiserror::Error)]
#[error("nothing found for \"{0}\"")]
pub struct NotFound(pub String);

/// Finds exactly one entity by uid, name or alias; refuses guesses and ambiguity.
pub(super) fn one(store: &Store, name_or_uid: &str) -> anyhow::Result<Option<EntityId>> {
    let found = store.find_exact(name_or_uid)?;
    // Written exactly (diacritics and case as stored) wins over entries that only fold
    // to the same letters ("Tô Đức" over "Tổ Đúc").
    let typed = crate::text::nfc(name_or_uid.trim());
    let mut exact = Vec::new();
    for r in &found {
        if r.name == typed || store.aliases(r.id)?.contains(&typed) {
            exact.push(r.id);
        }
    }
    if let [one] = exact.as_slice() {
        return Ok(Some(*one));
    }
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one.id)),
        many => bail!(
            "\"{name_or_uid}\" names {} entities; use a uid: {}",
            many.len(),
            many.iter()
                .map(|r| format!("{} ({}, {})", r.uid, r.name, r.kind))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// The one entity `name_or_uid` names, or `NotFound`.
pub(crate) fn need(store: &Store, name_or_uid: &str) -> anyhow::Result<EntityId> {
    one(store, name_or_uid)?.ok_or_else(|| NotFound(name_or_uid.to_owned()).into())
}

/// The row id and subject of the relation with this uid, or `NotFound`.
pub(super) fn relation_id(store: &Store, uid: &str) -> anyhow::Result<(i64, EntityId)> {
    store
        .relation_ends(uid)?
        .ok_or_else(|| NotFound(uid.to_owned()).into())
}
