//! Opening a file safely: it is inspected on a read-only handle (header,
//! `application_id`, `user_version`) before anything can write to it, so a refused file
//! stays byte-for-byte untouched; a file the user cannot write opens read-only without
//! side files; a file that needs it is backed up and migrated.

use super::error::classify_sqlite_error;
use super::migrate::{self, MIGRATIONS};
use super::{APPLICATION_ID, Create, LATEST_VERSION, OpenError, Store, default_author};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What a read-only look at the file found.
enum Inspection {
    /// Missing, zero bytes, or an SQLite file without any schema: safe to initialise.
    Blank,
    /// A Lienket file at this schema version.
    Lienket(i64),
}

/// Looks at a file without writing to it.
fn inspect(path: &Path) -> Result<Inspection, OpenError> {
    let io = |source| OpenError::Io {
        path: path.to_owned(),
        source,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Inspection::Blank),
        Err(e) => return Err(io(e)),
    };
    if meta.is_dir() {
        return Err(OpenError::NotSqlite(path.to_owned()));
    }
    if meta.len() == 0 {
        return Ok(Inspection::Blank);
    }
    let mut header = Vec::with_capacity(100);
    {
        use std::io::Read;
        let f = std::fs::File::open(path).map_err(io)?;
        f.take(100).read_to_end(&mut header).map_err(io)?;
        if header.len() < 16 || &header[..16] != SQLITE_HEADER {
            return Err(OpenError::NotSqlite(path.to_owned()));
        }
    }
    let in_use = sibling(path, "-wal").exists() || sibling(path, "-journal").exists();
    if !in_use && shorter_than_its_header_says(&header, meta.len()) {
        // Cut short (a failed copy or download): SQLite would only notice on reading a
        // missing page, after the file had been opened for writing and changed.
        return Err(OpenError::Corrupt {
            path: path.to_owned(),
            detail: "the file is shorter than its header says (truncated)".to_owned(),
        });
    }
    // A WAL-mode file (header bytes 18 and 19 are 2) without a `-wal` beside it is open
    // nowhere and holds every commit. Reading it as immutable keeps SQLite from creating
    // (and, on a read-only handle, leaving behind) `-wal` and `-shm` files beside a file
    // that may be refused.
    let wal_mode = header.len() >= 20 && header[18] == 2 && header[19] == 2;
    let conn = if wal_mode && !in_use {
        open_immutable(path)
    } else {
        open_read_only(path)
    }
    .map_err(|e| classify_sqlite_error(path, e))?;
    let probe = || -> rusqlite::Result<(i32, i64, i64)> {
        let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        Ok((app, version, objects))
    };
    let (app, version, objects) = probe().map_err(|e| classify_sqlite_error(path, e))?;
    match (app, objects) {
        (0, 0) if version == 0 => Ok(Inspection::Blank),
        (APPLICATION_ID, _) if version > LATEST_VERSION => Err(OpenError::NewerSchema {
            path: path.to_owned(),
            found: version,
            supported: LATEST_VERSION,
        }),
        (APPLICATION_ID, _) => Ok(Inspection::Lienket(version)),
        _ => Err(OpenError::Foreign(path.to_owned())),
    }
}

/// Opens read-only; falls back to `immutable=1` for files on read-only media, where
/// SQLite cannot create the WAL index beside the file.
fn open_read_only(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(conn),
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) => {
            drop(conn);
            open_immutable(path)
        }
        Err(e) => Err(e),
    }
}

/// True when the first bytes of an SQLite file (`header`) record more pages than a file
/// of `len` bytes holds. Only meaningful when no `-wal` or `-journal` is beside the file:
/// while one is, a commit or checkpoint may be writing the file.
fn shorter_than_its_header_says(header: &[u8], len: u64) -> bool {
    if header.len() < 100 {
        return true;
    }
    let be32 = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536,
        n => u64::from(n),
    };
    // The page count at offset 28 is valid only when the change counter (24) equals the
    // "version valid for" number (92); SQLite otherwise derives the size from the file.
    let pages = u64::from(be32(28));
    be32(24) == be32(92) && pages > 0 && len < pages * page_size
}

/// Opens a file that nothing else writes to, without locks, `-wal` or `-shm`.
fn open_immutable(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    Connection::open_with_flags(format!("file:{}?immutable=1", uri_escape(path)), flags)
}

/// `path` with `suffix` appended to its file name ("kb.db" → "kb.db-wal").
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn uri_escape(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '?' | '#' | '%' => out.push_str(&format!("%{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn writable(path: &Path) -> bool {
    std::fs::OpenOptions::new().write(true).open(path).is_ok()
        && path
            .parent()
            .map(|d| {
                let d = if d.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    d
                };
                std::fs::metadata(d)
                    .map(|m| !m.permissions().readonly())
                    .unwrap_or(false)
            })
            .unwrap_or(false)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

impl Store {
    /// Opens a Lienket file. `create` decides what happens to a missing or empty file.
    /// A file that cannot be written opens read-only.
    pub fn open(path: &Path, create: Create) -> Result<Self, OpenError> {
        let inspection = inspect(path)?;
        let exists = path.exists();
        if matches!(inspection, Inspection::Blank) && create == Create::No {
            if !exists {
                return Err(OpenError::NotFound(path.to_owned()));
            }
            // A blank file is only initialised on request; with a WAL beside it, the
            // content may all be in the WAL (a crash before the first checkpoint).
            if !sibling(path, "-wal").exists() {
                return Err(OpenError::Empty(path.to_owned()));
            }
        }
        if exists && !writable(path) {
            if let Inspection::Blank = inspection {
                return Err(OpenError::Io {
                    path: path.to_owned(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::PermissionDenied,
                        "the file is empty and read-only",
                    ),
                });
            }
            let conn = open_read_only(path).map_err(|e| classify_sqlite_error(path, e))?;
            if let Inspection::Lienket(v) = inspection
                && v < LATEST_VERSION
            {
                return Err(OpenError::Migration {
                    path: path.to_owned(),
                    detail: "the file is read-only and needs an upgrade".to_owned(),
                });
            }
            configure(&conn).map_err(|e| classify_sqlite_error(path, e))?;
            return Ok(Store {
                conn,
                path: Some(path.to_owned()),
                read_only: true,
                author: default_author(),
            });
        }
        let sqlite = |e| classify_sqlite_error(path, e);
        if let Inspection::Lienket(v) = inspection
            && v < LATEST_VERSION
        {
            backup_before_migration(path, v)?;
        }
        let mut conn = Connection::open(path).map_err(sqlite)?;
        configure(&conn).map_err(sqlite)?;
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
            .map_err(sqlite)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(sqlite)?;
        migrate::migrate(&mut conn, MIGRATIONS).map_err(|e| OpenError::Migration {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
        Ok(Store {
            conn,
            path: Some(path.to_owned()),
            read_only: false,
            author: default_author(),
        })
    }

    /// An empty in-memory store (tests, previews).
    pub fn open_in_memory() -> Result<Self, OpenError> {
        let path = PathBuf::from(":memory:");
        let mut conn = Connection::open_in_memory().map_err(|e| classify_sqlite_error(&path, e))?;
        configure(&conn).map_err(|e| classify_sqlite_error(&path, e))?;
        migrate::migrate(&mut conn, MIGRATIONS).map_err(|e| OpenError::Migration {
            path,
            detail: e.to_string(),
        })?;
        Ok(Store {
            conn,
            path: None,
            read_only: false,
            author: default_author(),
        })
    }
}

fn backup_before_migration(path: &Path, version: i64) -> Result<(), OpenError> {
    let mut backup = path.as_os_str().to_owned();
    backup.push(format!(".v{version}.bak"));
    let backup = PathBuf::from(backup);
    if backup.exists() {
        return Ok(());
    }
    let conn = open_read_only(path).map_err(|e| classify_sqlite_error(path, e))?;
    conn.execute("VACUUM INTO ?1", [backup.to_string_lossy()])
        .map_err(|e| OpenError::Migration {
            path: path.to_owned(),
            detail: format!("could not write the backup {}: {e}", backup.display()),
        })?;
    Ok(())
}
