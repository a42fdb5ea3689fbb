//! The files this process holds open as stores. SQLite's locks on a file are the
//! process's own POSIX locks, and closing *any* descriptor of the file drops them all: a
//! second store opened on a file this process already has open (the window's worker, a
//! backup) must therefore not read or probe the file outside SQLite, as opening a new file
//! does. Without its locks, another program would take the file for itself, delete the
//! `-wal` under the open connection, and the next commits would go to a deleted file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Open stores per file (canonical path): how many, and whether they are read-only.
static OPEN: Mutex<Option<HashMap<PathBuf, (usize, bool)>>> = Mutex::new(None);

fn table() -> MutexGuard<'static, Option<HashMap<PathBuf, (usize, bool)>>> {
    OPEN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The key of a file: its canonical path (resolved without opening the file).
fn key(path: &Path) -> Option<PathBuf> {
    std::fs::canonicalize(path).ok()
}

/// Whether this process already holds `path` open as a store, and if so whether
/// read-only.
pub(super) fn open_here(path: &Path) -> Option<bool> {
    let key = key(path)?;
    table()
        .as_ref()
        .and_then(|t| t.get(&key))
        .map(|&(_, read_only)| read_only)
}

/// A store's hold on its file, released when the store is dropped.
#[derive(Debug)]
pub(super) struct Held(PathBuf);

/// Records that a store holds `path` open.
pub(super) fn hold(path: &Path, read_only: bool) -> Option<Held> {
    let key = key(path)?;
    let mut t = table();
    let entry = t
        .get_or_insert_with(HashMap::new)
        .entry(key.clone())
        .or_insert((0, read_only));
    entry.0 += 1;
    Some(Held(key))
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut t = table();
        if let Some(map) = t.as_mut()
            && let Some(entry) = map.get_mut(&self.0)
        {
            entry.0 -= 1;
            if entry.0 == 0 {
                map.remove(&self.0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_held_while_any_store_holds_it() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("kb.db");
        std::fs::write(&path, b"x").expect("write");
        assert_eq!(open_here(&path), None);
        let a = hold(&path, false);
        let b = hold(&dir.path().join(".").join("kb.db"), false);
        assert_eq!(open_here(&path), Some(false));
        drop(a);
        assert_eq!(open_here(&path), Some(false));
        drop(b);
        assert_eq!(open_here(&path), None);
    }
}
