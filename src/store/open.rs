//! Opening a file safely: it is inspected on a read-only handle (header,
//! `application_id`, `user_version`) before anything can write to it, so a refused file
//! stays byte-for-byte untouched; a file the user cannot write opens read-only without
//! side files; a file that needs it is backed up and migrated.

use super::copy::vacuum_into;
use super::error::classify_sqlite_error;
use super::migrate::{self, MIGRATIONS};
use super::{APPLICATION_ID, Create, LATEST_VERSION, OpenError, Store, default_author, in_process};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What a read-only look at the file found.
pub(super) enum Inspection {
    /// Missing, zero bytes, or an SQLite file without any schema: safe to initialise.
    Blank,
    /// A Lienket file at this schema version.
    Lienket(i64),
}

/// Looks at a file without writing to it. `can_write` says whether this user may write
/// the file and its folder: one who may not never creates side files. Returns the
/// read-only connection it looked through (none for a missing or zero-byte file), for a
/// caller that reads more (a backup's figures, a restore's source); `Store::open` drops
/// it before opening the file for writing.
pub(super) fn inspect(
    path: &Path,
    can_write: bool,
) -> Result<(Inspection, Option<Connection>), OpenError> {
    let io = |source| OpenError::Io {
        path: path.to_owned(),
        source,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Inspection::Blank, None)),
        Err(e) => return Err(io(e)),
    };
    if meta.is_dir() {
        return Err(OpenError::NotSqlite(path.to_owned()));
    }
    let wal = sibling(path, "-wal");
    if meta.len() == 0 {
        // Zero bytes: blank. Not even opened: SQLite would discard a WAL found beside an
        // empty file, and a stray WAL is left as it is unless the user asks for `init`.
        return Ok((Inspection::Blank, None));
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
    let in_use = wal.exists() || sibling(path, "-journal").exists();
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
    } else if can_write {
        open_read_only(path)
    } else {
        open_for_reader(path)
    }
    .map_err(|e| classify_sqlite_error(path, e))?;
    let inspection = classify(path, &conn)?;
    Ok((inspection, Some(conn)))
}

/// [`inspect`], looked at again when a file just written reads as another program's or
/// damaged: another Lienket creating or checkpointing it this instant may be caught half
/// way (a reader of a file nobody seemed to have open reads it without locks). A file
/// that stays so, or was not just written, is refused at once.
fn inspect_settled(
    path: &Path,
    can_write: bool,
) -> Result<(Inspection, Option<Connection>), OpenError> {
    let fresh = || {
        std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age < Duration::from_secs(3))
    };
    let mut tries = 0;
    loop {
        let result = inspect(path, can_write);
        match &result {
            Err(OpenError::Foreign(_) | OpenError::Corrupt { .. }) if tries < 10 && fresh() => {
                tries += 1;
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => return result,
        }
    }
}

/// What the schema of an open file says it is.
fn classify(path: &Path, conn: &Connection) -> Result<Inspection, OpenError> {
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
    let mut conn = Connection::open_with_flags(path, flags)?;
    // Another program creating or upgrading the file holds it a moment: wait as edits do.
    conn.busy_handler(Some(wait_for_lock))?;
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

/// Opens a file for a user who cannot write it, creating no side file: read-only through
/// the WAL when its `-wal` and `-shm` exist (someone who can write has it open), else
/// immutable.
fn open_for_reader(path: &Path) -> rusqlite::Result<Connection> {
    if sibling(path, "-wal").exists() && sibling(path, "-shm").exists() {
        open_read_only(path)
    } else {
        open_immutable(path)
    }
}

/// Opens a file that nothing else writes to, without locks, `-wal` or `-shm`.
fn open_immutable(path: &Path) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    Connection::open_with_flags(format!("file:{}?immutable=1", uri_escape(path)), flags)
}

/// Removes a database file and its side files (`-wal`, `-shm`, `-journal`), as far as they
/// exist: for a file that was only ever scratch (a refused `generate`, a benchmark's).
pub fn remove_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(sibling(path, suffix));
    }
}

/// `path` with `suffix` appended to its file name ("kb.db" → "kb.db-wal").
pub(super) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// The path of a `file:` URI, built from the path's own bytes (not a lossy copy, which
/// could name another file): every byte but unreserved ASCII and `/` percent-encoded.
fn uri_escape(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt as _;
        path.as_os_str().as_bytes().to_vec()
    };
    #[cfg(not(unix))]
    let bytes = path.to_string_lossy().replace('\\', "/").into_bytes();
    let mut out = String::with_capacity(bytes.len());
    for b in bytes {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether this user can write `path` and create files beside it, judged by real access
/// (opening for writing, creating a probe file), not by permission bits: a folder that
/// another user owns, a share mounted read-only and `chattr +i` all say no here.
fn writable(path: &Path) -> bool {
    if std::fs::OpenOptions::new().write(true).open(path).is_err() {
        return false;
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let probe = dir.join(format!(".lienket-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            true
        }
        Err(e) => e.kind() == std::io::ErrorKind::AlreadyExists,
    }
}

/// Side files (`-wal`, `-shm`) beside `path` that this user cannot write: another user's
/// program has the file open, or left them behind. They are never removed here (a live
/// program's `-shm` must not be pulled from under it): the file opens read-only, and an
/// edit says which files are in the way.
fn foreign_side_files(path: &Path) -> Vec<PathBuf> {
    ["-wal", "-shm"]
        .iter()
        .map(|suffix| sibling(path, suffix))
        .filter(|side| {
            // A side file that vanished since (its program closed the database this
            // instant) is in nobody's way.
            matches!(
                std::fs::OpenOptions::new().write(true).open(side),
                Err(e) if e.kind() != std::io::ErrorKind::NotFound
            )
        })
        .collect()
}

/// Most bytes of a path SQLite opens (its limit is 512, with a suffix to spare).
const MAX_PATH_BYTES: usize = 500;

/// Most bytes of a file name, leaving room for the longest side-file suffix
/// ("-journal") within the usual limit of 255.
const MAX_NAME_BYTES: usize = 255 - "-journal".len();

/// Refuses a path SQLite or the file system could not use, before anything is created.
fn check_path(path: &Path) -> Result<(), OpenError> {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    let name_bytes = path.file_name().map_or(0, |n| n.as_encoded_bytes().len());
    if absolute.as_os_str().as_encoded_bytes().len() > MAX_PATH_BYTES || name_bytes > MAX_NAME_BYTES
    {
        return Err(OpenError::PathTooLong {
            path: path.to_owned(),
            max_path: MAX_PATH_BYTES,
            max_name: MAX_NAME_BYTES,
        });
    }
    Ok(())
}

fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "foreign_keys", true)?;
    // Plans do not depend on the values bound: otherwise SQLite prepares a statement
    // again whenever some parameters change (a recursive walk up a hierarchy, names
    // matched during an import), once per row of a large import.
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
        true,
    )?;
    conn.busy_handler(Some(wait_for_lock))?;
    Ok(())
}

/// Longest wait for another program to release the file before giving up.
pub(super) const LOCK_WAIT: Duration = Duration::from_secs(10);

/// One step of that wait.
pub(super) const LOCK_STEP: Duration = Duration::from_millis(20);

/// After this long the waiting is announced ([`on_lock_wait`]).
const LOCK_NOTICE_AFTER: Duration = Duration::from_secs(1);

static LOCK_NOTICE: OnceLock<fn()> = OnceLock::new();

/// Sets what is called once per blocked operation after a second of waiting for another
/// program's lock, so a person is told what is happening (the command line prints a
/// line). Set once per process; later calls are ignored.
pub fn on_lock_wait(notice: fn()) {
    let _ = LOCK_NOTICE.set(notice);
}

/// SQLite's busy handler: `attempt` counts the calls for one blocked operation.
fn wait_for_lock(attempt: i32) -> bool {
    let waited = LOCK_STEP * u32::try_from(attempt).unwrap_or(u32::MAX / 64);
    if waited >= LOCK_WAIT {
        return false;
    }
    if waited == LOCK_NOTICE_AFTER
        && let Some(notice) = LOCK_NOTICE.get()
    {
        notice();
    }
    std::thread::sleep(LOCK_STEP);
    true
}

impl Store {
    /// Opens a Lienket file. `create` decides what happens to a missing or empty file.
    /// A file that cannot be written opens read-only.
    pub fn open(path: &Path, create: Create) -> Result<Self, OpenError> {
        let opened = Self::open_unlogged(path, create);
        match &opened {
            Ok(store) => tracing::info!(
                "opened {}{}",
                path.display(),
                if store.is_read_only() {
                    " (read-only)"
                } else {
                    ""
                }
            ),
            Err(e) => tracing::warn!("could not open {}: {e}", path.display()),
        }
        opened
    }

    fn open_unlogged(path: &Path, create: Create) -> Result<Self, OpenError> {
        check_path(path)?;
        if let Some(read_only) = in_process::open_here(path) {
            return Self::open_again(path, read_only);
        }
        let exists = path.exists();
        let blocked_by = if exists {
            foreign_side_files(path)
        } else {
            Vec::new()
        };
        let can_write = !exists || (writable(path) && blocked_by.is_empty());
        let (inspection, probe) = inspect_settled(path, can_write)?;
        // Nothing may hold the file open read-only (or immutable) while it is written.
        drop(probe);
        if matches!(inspection, Inspection::Blank) && create == Create::No {
            // A blank file is only initialised on request (`init`).
            return Err(if exists {
                OpenError::Empty(path.to_owned())
            } else {
                OpenError::NotFound(path.to_owned())
            });
        }
        if !can_write {
            if let Inspection::Blank = inspection {
                return Err(OpenError::Io {
                    path: path.to_owned(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::PermissionDenied,
                        "the file is empty and read-only",
                    ),
                });
            }
            let mut conn = open_for_reader(path).map_err(|e| classify_sqlite_error(path, e))?;
            if let Inspection::Lienket(v) = inspection
                && v < LATEST_VERSION
            {
                return Err(OpenError::Migration {
                    path: path.to_owned(),
                    detail: "the file is read-only and needs an upgrade".to_owned(),
                });
            }
            configure(&mut conn).map_err(|e| classify_sqlite_error(path, e))?;
            return Ok(Store {
                conn,
                path: Some(path.to_owned()),
                read_only: true,
                blocked_by,
                author: default_author(),
                _held: in_process::hold(path, true),
            });
        }
        if let Inspection::Lienket(v) = inspection
            && v < LATEST_VERSION
        {
            backup_before_migration(path, v)?;
        }
        // Create a missing file ourselves (atomically), so that on failure we know whether
        // it is ours to remove.
        let created = !exists
            && std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .is_ok();
        let opened = open_for_writing(path);
        if opened.is_err() && created && untouched_since_created(path) {
            // Leave nothing behind of a file that could not be made.
            remove_files(path);
        }
        let conn = opened?;
        Ok(Store {
            conn,
            path: Some(path.to_owned()),
            read_only: false,
            blocked_by: Vec::new(),
            author: default_author(),
            _held: in_process::hold(path, false),
        })
    }

    /// Another store on a file this process already holds open: it was inspected and
    /// migrated then, and reading it outside SQLite now would drop the process's locks on
    /// it (see `in_process.rs`). Opened as the first one was, writable or read-only.
    fn open_again(path: &Path, read_only: bool) -> Result<Self, OpenError> {
        let sqlite = |e| classify_sqlite_error(path, e);
        let conn = if read_only {
            let mut conn = open_for_reader(path).map_err(sqlite)?;
            configure(&mut conn).map_err(sqlite)?;
            conn
        } else {
            open_for_writing(path)?
        };
        Ok(Store {
            conn,
            path: Some(path.to_owned()),
            read_only,
            blocked_by: Vec::new(),
            author: default_author(),
            _held: in_process::hold(path, read_only),
        })
    }

    /// An empty in-memory store (tests, previews).
    pub fn open_in_memory() -> Result<Self, OpenError> {
        let path = PathBuf::from(":memory:");
        let mut conn = Connection::open_in_memory().map_err(|e| classify_sqlite_error(&path, e))?;
        configure(&mut conn).map_err(|e| classify_sqlite_error(&path, e))?;
        migrate::migrate(&mut conn, MIGRATIONS).map_err(|e| OpenError::Migration {
            path,
            detail: e.to_string(),
        })?;
        Ok(Store {
            conn,
            path: None,
            read_only: false,
            blocked_by: Vec::new(),
            author: default_author(),
            _held: None,
        })
    }
}

/// Whether a file this program created is still as it was made: empty, with no WAL
/// content, so no other program has written to it since.
fn untouched_since_created(path: &Path) -> bool {
    let len = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    len(path) == 0 && len(&sibling(path, "-wal")) == 0
}

/// Opens (or creates) a file this user can write: WAL, full sync, migrated.
fn open_for_writing(path: &Path) -> Result<Connection, OpenError> {
    let sqlite = |e| classify_sqlite_error(path, e);
    let mut conn = Connection::open(path).map_err(sqlite)?;
    configure(&mut conn).map_err(sqlite)?;
    // Switching to WAL takes the file for a moment, and SQLite reports a busy file here
    // without asking the busy handler: wait as the handler would.
    let mut waited = Duration::ZERO;
    loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(())) {
            Ok(()) => break,
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && waited < LOCK_WAIT =>
            {
                std::thread::sleep(LOCK_STEP);
                waited += LOCK_STEP;
            }
            Err(e) => return Err(sqlite(e)),
        }
    }
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sqlite)?;
    migrate::migrate(&mut conn, MIGRATIONS).map_err(|e| OpenError::Migration {
        path: path.to_owned(),
        detail: e.to_string(),
    })?;
    Ok(conn)
}

/// Where the backups made before a migration go, by database path (see
/// [`set_migration_backup_dir`]).
static MIGRATION_BACKUP_DIR: OnceLock<fn(&Path) -> Option<PathBuf>> = OnceLock::new();

/// Sets where the backup made before a migration goes: `folder_for(database)` names the
/// folder for that database's backups (created when missing), which then gets
/// `<file-stem>.v{N}.<unix-ms>.db` (N the schema version before the migration). Unset, or
/// when `folder_for` gives `None` or the folder cannot be created, the backup lies beside
/// the file as `<file>.v{N}.bak` and is made only once per version. The window sets it
/// once at start so backups stay in the local data folder with the file's other backups
/// (`backups::register_migration_backups`). Set once per process; later calls are
/// ignored.
pub fn set_migration_backup_dir(folder_for: fn(&Path) -> Option<PathBuf>) {
    let _ = MIGRATION_BACKUP_DIR.set(folder_for);
}

/// Copies the file, as it is before migrating from schema `version`, where
/// [`set_migration_backup_dir`] says.
fn backup_before_migration(path: &Path, version: i64) -> Result<(), OpenError> {
    let folder = MIGRATION_BACKUP_DIR
        .get()
        .and_then(|folder_for| folder_for(path))
        .filter(|dir| std::fs::create_dir_all(dir).is_ok());
    let backup = match folder {
        Some(dir) => {
            let stem = path
                .file_stem()
                .map_or_else(|| "lienket".into(), |s| s.to_string_lossy());
            dir.join(format!("{stem}.v{version}.{}.db", super::write::now_ms()))
        }
        None => {
            let beside = sibling(path, &format!(".v{version}.bak"));
            if beside.exists() {
                return Ok(());
            }
            beside
        }
    };
    let conn = open_read_only(path).map_err(|e| classify_sqlite_error(path, e))?;
    vacuum_into(&conn, &backup).map_err(|e| OpenError::Migration {
        path: path.to_owned(),
        detail: format!("could not write the backup {}: {e}", backup.display()),
    })?;
    tracing::info!(
        "backed up {} (schema {version}) to {} before migrating",
        path.display(),
        backup.display()
    );
    Ok(())
}
