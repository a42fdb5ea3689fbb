//! One window per file: the window holds an advisory lock on a side file,
//! `<file>.lock`, for as long as it has the file open. A second window opening the file
//! finds the lock taken and asks whether to continue read-only or, knowingly, as a
//! second writer (SQLite keeps concurrent writers safe; the lock only avoids surprises).
//! The command line never takes or waits for this lock.
//!
//! The lock belongs to the open file handle (the operating system's `flock`/`LockFileEx`
//! through `std::fs::File::try_lock`), so it goes away with the window, even after a
//! crash. The side file itself is left in place: removing it would let two windows lock
//! two different files of the same name.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// A lock held on a database file's side file; released when dropped.
#[derive(Debug)]
pub struct FileLock {
    _file: File,
    path: PathBuf,
}

impl FileLock {
    /// The side file locked.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// What trying to take the lock found.
#[derive(Debug)]
pub enum Lock {
    /// This window now holds it.
    Held(FileLock),
    /// Another window (of this or another process) holds it.
    Busy,
    /// The side file could not be created or locked (a read-only folder, a file system
    /// without locks): the window goes on without it.
    Unavailable(String),
}

/// The side file of `db`: `kb.db` → `kb.db.lock`.
pub fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// Tries to take the lock of `db` without waiting.
pub fn try_lock(db: &Path) -> Lock {
    let path = lock_path(db);
    let file = match OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
    {
        Ok(file) => file,
        Err(e) => return Lock::Unavailable(format!("{}: {e}", path.display())),
    };
    match file.try_lock() {
        Ok(()) => Lock::Held(FileLock { _file: file, path }),
        Err(TryLockError::WouldBlock) => Lock::Busy,
        Err(TryLockError::Error(e)) => Lock::Unavailable(format!("{}: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_file_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("kb.db");
        let first = try_lock(&db);
        assert!(matches!(first, Lock::Held(_)), "{first:?}");
        assert!(matches!(try_lock(&db), Lock::Busy));
        assert!(matches!(
            try_lock(&dir.path().join("other.db")),
            Lock::Held(_)
        ));
        drop(first);
        assert!(matches!(try_lock(&db), Lock::Held(_)));
        assert_eq!(lock_path(&db), dir.path().join("kb.db.lock"));
    }

    #[test]
    fn a_folder_that_cannot_hold_the_side_file_is_not_an_error() {
        let db = Path::new("/nonexistent-folder-of-lienket/kb.db");
        assert!(matches!(try_lock(db), Lock::Unavailable(_)));
    }
}
