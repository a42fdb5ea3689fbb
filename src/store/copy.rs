//! Copies of a database, whole: a consistent copy of the open file saved elsewhere
//! (`VACUUM INTO`, never a raw copy of a live file), the open file's content replaced by
//! another file's (SQLite's online backup API, one transaction), and a look at a file
//! that writes nothing (what a backup holds). Backups are made of these.

use super::error::classify_sqlite_error;
use super::migrate::{self, MIGRATIONS};
use super::open::{Inspection, LOCK_STEP, LOCK_WAIT, inspect, remove_files, sibling};
use super::{LATEST_VERSION, OpenError, Result, Store, StoreError};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OptionalExtension};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// What a database file holds, as [`peek`] read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Peek {
    /// Its entities.
    pub entities: u64,
    /// When its newest edit was made (unix ms); `None` if it was never edited.
    pub last_edit_ms: Option<i64>,
}

/// What a database file holds, read without writing anything: no `-wal` or `-shm` is
/// created and the file stays byte-for-byte as it was (the inspection of
/// [`Store::open`], as a user who cannot write the file). A file that is not a Lienket
/// database, is damaged, or is from a newer Lienket is an error, as it is when opened.
pub fn peek(path: &Path) -> std::result::Result<Peek, OpenError> {
    let conn = lienket_file(path)?.1;
    let sqlite = |e| classify_sqlite_error(path, e);
    let entities: i64 = conn
        .query_row("SELECT count(*) FROM entity", [], |r| r.get(0))
        .map_err(sqlite)?;
    let newest = newest_edit(&conn).map_err(sqlite)?;
    Ok(Peek {
        entities: u64::try_from(entities).unwrap_or(0),
        last_edit_ms: newest.map(|(_, at)| at),
    })
}

impl Store {
    /// Writes a consistent copy of the open database to `dest`: `VACUUM INTO` a temporary
    /// file in `dest`'s folder, flushed to disk, then renamed over `dest`, so an existing
    /// `dest` (one the user agreed to replace) is replaced whole or not at all, and no
    /// temporary file is left on failure. Refused when `dest` is the open file itself
    /// ([`StoreError::SameFile`]) or a database another program has open
    /// ([`StoreError::InUse`]). Works on read-only stores.
    pub fn save_copy(&self, dest: &Path) -> Result<()> {
        if let Some(own) = self.path()
            && same_file(own, dest)
        {
            return Err(StoreError::SameFile(dest.to_owned()));
        }
        if ["-wal", "-journal"]
            .iter()
            .any(|suffix| sibling(dest, suffix).exists())
        {
            // Replacing it would leave its log to be replayed onto the copy.
            return Err(StoreError::InUse(dest.to_owned()));
        }
        vacuum_into(&self.conn, dest)
    }

    /// Replaces the whole content of the open database by that of the database at `src`,
    /// in one write transaction: other connections (the window's search thread) see the
    /// old content or the new, never a mix. `src` is first inspected as [`Store::open`]
    /// does, without writing it; it must be a Lienket database this build can read
    /// ([`StoreError::Open`] otherwise). It is copied (`VACUUM INTO`) to a scratch file
    /// beside the open one: every row is read, so a damaged file is refused as
    /// [`OpenError::Corrupt`], and the indexes are built afresh. The scratch copy is
    /// migrated when its schema is older and given the open file's page size; SQLite's
    /// online backup API then copies it in, and it is removed. The change log is
    /// replaced too: a restore is not an edit and cannot be undone by `undo` (keep a copy
    /// first, as `backups` does). A restored file from schema 1 may need its search index
    /// prepared again (`search_index_state`). Refused on a read-only store; on any
    /// failure the open database is unchanged.
    pub fn restore_from(&mut self, src: &Path) -> Result<()> {
        if !self.blocked_by.is_empty() {
            return Err(StoreError::SideFiles(self.blocked_by.clone()));
        }
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        let (version, source) = lienket_file(src)?;
        let folder = match self.path() {
            Some(own) => folder_of(own),
            None => std::env::temp_dir(),
        };
        let scratch = claim_temp_file(&folder, "restore")?;
        let restored = (|| {
            source
                .execute("VACUUM INTO ?1", [path_text(&scratch)?])
                .map_err(|e| match e.sqlite_error_code() {
                    // Reading `src` failed; anything else (a full disk) is about the copy.
                    Some(
                        rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase,
                    ) => StoreError::Open(classify_sqlite_error(src, e)),
                    _ => e.into(),
                })?;
            drop(source);
            let copy = prepare_copy(&scratch, src, version, self.page_size()?)?;
            replace_content(&copy, &mut self.conn)
        })();
        remove_files(&scratch);
        restored
    }

    /// The id and time (unix ms) of the newest edit a person made; `None` if there is
    /// none. Installing the built-in kinds and example is not one: a file nobody has
    /// edited needs no backup.
    pub fn last_edit(&self) -> Result<Option<(i64, i64)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, at FROM edit WHERE base = 0 ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    fn page_size(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "page_size", |r| r.get(0))?)
    }
}

/// The id and time of the newest edit of the database on `conn`.
fn newest_edit(conn: &Connection) -> rusqlite::Result<Option<(i64, i64)>> {
    conn.query_row(
        "SELECT id, at FROM edit ORDER BY id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()
}

/// The schema version of the Lienket file at `path` and a read-only connection to it,
/// without writing anything; a missing, empty or foreign file is refused as
/// [`Store::open`] refuses it.
fn lienket_file(path: &Path) -> std::result::Result<(i64, Connection), OpenError> {
    match inspect(path, false)? {
        (Inspection::Lienket(version), Some(conn)) => Ok((version, conn)),
        _ if path.exists() => Err(OpenError::Empty(path.to_owned())),
        _ => Err(OpenError::NotFound(path.to_owned())),
    }
}

/// Makes the scratch copy at `scratch` (of `src`, schema `version`) ready to be copied
/// into a database of `page_size`: migrated, in rollback-journal mode.
fn prepare_copy(scratch: &Path, src: &Path, version: i64, page_size: i64) -> Result<Connection> {
    let mut copy = Connection::open(scratch)?;
    copy.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))?;
    if version < LATEST_VERSION {
        migrate::migrate(&mut copy, MIGRATIONS).map_err(|e| OpenError::Migration {
            path: src.to_owned(),
            detail: e.to_string(),
        })?;
    }
    let own_size: i64 = copy.pragma_query_value(None, "page_size", |r| r.get(0))?;
    if own_size != page_size {
        // The backup API cannot copy into a WAL database of another page size.
        copy.pragma_update(None, "page_size", page_size)?;
        copy.execute_batch("VACUUM")?;
    }
    Ok(copy)
}

/// Copies every page of `from` into `to` in one step (one write transaction on `to`),
/// waiting as edits do while another program holds `to`.
fn replace_content(from: &Connection, to: &mut Connection) -> Result<()> {
    let backup = Backup::new(from, to)?;
    let mut waited = Duration::ZERO;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ if waited >= LOCK_WAIT => return Err(StoreError::Locked),
            _ => {
                std::thread::sleep(LOCK_STEP);
                waited += LOCK_STEP;
            }
        }
    }
}

/// Writes a consistent copy of the database on `conn` to `dest` through a temporary file
/// in the same folder, flushed and renamed over `dest`; nothing is left behind on
/// failure.
pub(super) fn vacuum_into(conn: &Connection, dest: &Path) -> Result<()> {
    let dest = std::path::absolute(dest).map_err(|source| StoreError::Io {
        path: dest.to_owned(),
        source,
    })?;
    let folder = folder_of(&dest);
    let temp = claim_temp_file(&folder, "copy")?;
    let made = (|| {
        conn.execute("VACUUM INTO ?1", [path_text(&temp)?])?;
        let io = |source| StoreError::Io {
            path: dest.clone(),
            source,
        };
        // SQLite does not flush what VACUUM INTO writes.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&temp)
            .and_then(|f| f.sync_all())
            .map_err(io)?;
        std::fs::rename(&temp, &dest).map_err(io)?;
        // The rename itself reaches the disk with the folder (where the OS allows it).
        #[cfg(unix)]
        let _ = std::fs::File::open(&folder).and_then(|f| f.sync_all());
        Ok(())
    })();
    if made.is_err() {
        remove_files(&temp);
    }
    made
}

/// The folder holding `path` ("." for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// Creates a new empty file in `folder` for this process to write (`VACUUM INTO`
/// accepts an empty file): created atomically, so it is ours to remove.
fn claim_temp_file(folder: &Path, what: &str) -> Result<PathBuf> {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let temp = folder.join(format!(".lienket-{what}-{}-{n}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)
        {
            Ok(_) => return Ok(temp),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(source) => return Err(StoreError::Io { path: temp, source }),
        }
    }
}

/// `path` as the text SQLite is given; a path that is not valid Unicode is refused
/// rather than written under another name.
fn path_text(path: &Path) -> Result<&str> {
    path.to_str().ok_or_else(|| StoreError::Io {
        path: path.to_owned(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidFilename,
            "the path is not valid Unicode",
        ),
    })
}

/// Whether `a` and `b` name the same file (through links, `..` or another spelling).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    let resolve = |p: &Path| {
        std::fs::canonicalize(p).ok().or_else(|| {
            let dir = std::fs::canonicalize(folder_of(p)).ok()?;
            Some(dir.join(p.file_name()?))
        })
    };
    matches!((resolve(a), resolve(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Create;

    #[test]
    fn same_file_sees_through_other_spellings() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("kb.db");
        std::fs::write(&file, b"x").expect("write");
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).expect("mkdir");
        assert!(same_file(&file, &sub.join("..").join("kb.db")));
        assert!(!same_file(&file, &dir.path().join("other.db")));
    }

    #[test]
    fn a_migration_backup_lies_beside_the_file_when_no_folder_is_set() {
        // The lib's tests never call set_migration_backup_dir.
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("old.db");
        {
            let mut conn = Connection::open(&path).expect("create");
            migrate::migrate(&mut conn, &MIGRATIONS[..1]).expect("schema 1");
        }
        drop(Store::open(&path, Create::No).expect("open and migrate"));
        let backup = dir.path().join("old.db.v1.bak");
        let conn = Connection::open(&backup).expect("open the backup");
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("user_version");
        assert_eq!(version, 1);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            !names.iter().any(|n| n.ends_with(".tmp")),
            "a temporary file was left: {names:?}"
        );
    }
}
