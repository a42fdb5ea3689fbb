//! Shared folder mode: a folder every copy can reach (Syncthing, Google Drive, Dropbox, a
//! network share, a USB stick) holds the change files. This copy writes its own there and
//! reads the others'; the database itself never lives there.

use super::export::{self, ExportOptions};
use super::file::{ChangeFile, EXTENSION, FileError};
use super::take::{self, Side, TakeReport};
use crate::store::{Result, Store};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The setting holding the shared folder.
const FOLDER: &str = "folder";

/// The shared folder chosen, if any.
pub fn shared_folder(store: &Store) -> Result<Option<PathBuf>> {
    Ok(store.sync_setting(FOLDER)?.map(PathBuf::from))
}

/// Chooses (or, with `None`, stops using) a shared folder.
pub fn set_shared_folder(store: &mut Store, folder: Option<&Path>) -> Result<()> {
    let text = folder.map(|f| f.to_string_lossy().into_owned());
    store.set_sync_setting(FOLDER, text.as_deref())
}

/// The colleague name under which files written to `folder` are remembered.
fn peer(folder: &Path) -> String {
    format!("folder:{}", folder.display())
}

/// A change file found in the shared folder.
#[derive(Debug)]
pub struct Found {
    pub path: PathBuf,
    /// The file, or why it cannot be taken (still being copied, damaged, newer).
    pub file: std::result::Result<ChangeFile, FileError>,
}

/// Change files in `folder` that this copy neither wrote nor took, oldest first.
pub fn incoming(store: &Store, folder: &Path) -> Result<Vec<Found>> {
    let entries = std::fs::read_dir(folder).map_err(|e| crate::store::StoreError::Io {
        path: folder.to_owned(),
        source: e,
    })?;
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let named = path.extension().is_some_and(|e| e == EXTENSION)
            && !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if !named || !path.is_file() {
            continue;
        }
        // Files written or taken before are not read again (names are never reused).
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if store.sync_knows_name(&name)? {
            continue;
        }
        let file = ChangeFile::read(&path);
        if let Ok(f) = &file
            && store.sync_knows_file(&f.file_id)?
        {
            continue;
        }
        found.push(Found { path, file });
    }
    found.sort_by_key(|f| {
        (
            f.file.as_ref().map(|f| f.created_at).unwrap_or(i64::MAX),
            f.path.clone(),
        )
    });
    Ok(found)
}

/// Writes this copy's changes since its last file there into `folder`; `None` when there
/// was nothing new.
pub fn share(store: &mut Store, folder: &Path, include_private: bool) -> Result<Option<PathBuf>> {
    let out = export::prepare(
        store,
        &ExportOptions {
            peer: peer(folder),
            since_ms: None,
            include_private,
            own_only: true,
            most_rows: None,
        },
    )?;
    if out.file.rows.is_empty() {
        return Ok(None);
    }
    export::write(store, &out, folder).map(Some)
}

/// What one pass over the shared folder did.
#[derive(Debug, Default)]
pub struct Pass {
    /// The file written, if there was anything new.
    pub written: Option<PathBuf>,
    /// Files taken, with what each did.
    pub taken: Vec<(PathBuf, TakeReport)>,
    /// Files that need the user: conflicts to settle (left untaken).
    pub need_choice: Vec<PathBuf>,
    /// Files that could not be read, with why.
    pub refused: Vec<(PathBuf, String)>,
}

/// One pass: takes every new file that needs no choice (or settles all conflicts one
/// way with `all`), each as one edit whose description ends with `suffix`, then writes
/// this copy's own changes.
pub fn sync(store: &mut Store, folder: &Path, all: Option<Side>, suffix: &str) -> Result<Pass> {
    let mut pass = Pass::default();
    for found in incoming(store, folder)? {
        match found.file {
            Err(e) => pass.refused.push((found.path, e.to_string())),
            Ok(file) => {
                let preview = super::preview::preview(store, &file)?;
                if preview.conflicts().next().is_some() && all.is_none() {
                    pass.need_choice.push(found.path);
                    continue;
                }
                let name = found
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let description = take::description(&file, suffix);
                let report = take::take(store, &file, &name, &description, &BTreeMap::new(), all)?;
                pass.taken.push((found.path, report));
            }
        }
    }
    pass.written = share(store, folder, false)?;
    Ok(pass)
}
