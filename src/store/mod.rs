//! The store: the only module that speaks SQL.
//!
//! A [`Store`] owns one connection to a Lienket file. Opening is safe: the file is
//! inspected on a read-only handle (header, `application_id`, `user_version`) before
//! anything can write to it, so a refused file stays byte-for-byte untouched. Every write
//! goes through [`Store::edit`] (see [`write`]), which records each changed row in the
//! change log inside the same transaction. The store knows nothing about egui.

mod merge;
mod migrate;
mod read;
mod sample;
pub mod search;
pub mod validate;
pub mod write;

pub use merge::{MergeReport, RelationPatch};
pub use migrate::{LATEST_VERSION, MIGRATIONS, Migration};
pub use read::{EntityRow, KindCount, Stats};
pub use write::{EditInfo, Writer};

use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// `PRAGMA application_id` of Lienket files ("LNKT").
pub const APPLICATION_ID: i32 = 0x4C4E_4B54;

/// Why a file could not be opened. The file is untouched in every case.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// No such file.
    #[error("{0}: no such file")]
    NotFound(PathBuf),
    /// The file exists but is not an SQLite database.
    #[error("{0}: not a Lienket database (not an SQLite file)")]
    NotSqlite(PathBuf),
    /// An empty file (or an SQLite file without tables) where a Lienket database was
    /// expected.
    #[error("{0}: an empty file, not a Lienket database")]
    Empty(PathBuf),
    /// An SQLite database of another program.
    #[error("{0}: an SQLite database of another program, not a Lienket database")]
    Foreign(PathBuf),
    /// Written by a newer Lienket.
    #[error(
        "{path}: made by a newer version of Lienket (schema {found}, this version reads up to {supported})"
    )]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        supported: i64,
    },
    /// The file is damaged.
    #[error("{path}: the database is damaged ({detail})")]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        detail: String,
    },
    /// Another program holds a lock on the file.
    #[error("{0}: locked by another program")]
    Locked(PathBuf),
    /// `init` on a file that already holds data.
    #[error("{0}: the file already exists and is not empty")]
    AlreadyExists(PathBuf),
    /// Reading the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Any other SQLite failure.
    #[error("{path}: {source}")]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// The SQLite error.
        source: rusqlite::Error,
    },
    /// A migration failed; the file was left at its previous version.
    #[error("{path}: upgrading the database failed, nothing was changed ({detail})")]
    Migration {
        /// The file.
        path: PathBuf,
        /// What failed.
        detail: String,
    },
}

/// Errors of reads and writes on an open store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file was opened read-only.
    #[error("the database is read-only: changes cannot be saved")]
    ReadOnly,
    /// A referenced row does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The input breaks a rule of the knowledge base.
    #[error("{0}")]
    Invalid(String),
    /// The input breaks a rule of the knowledge base (see [`validate::Rule`]).
    #[error(transparent)]
    Rule(#[from] validate::Rule),
    /// Reverting an edit would overwrite later edits of the same rows.
    #[error("later edits changed the same rows: {}", .0.iter().map(|e| format!("#{} {}", e.id, e.description)).collect::<Vec<_>>().join("; "))]
    Conflict(Vec<EditInfo>),
    /// Nothing to undo or redo.
    #[error("nothing left to {0}")]
    NothingTo(&'static str),
    /// Undo would remove the built-in knowledge base: the user must confirm.
    #[error("undoing this removes the built-in knowledge base; confirm to do it")]
    BuiltIn,
    /// The operation was interrupted (a newer search superseded it).
    #[error("interrupted")]
    Interrupted,
    /// SQLite failed.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// A stored JSON value could not be read.
    #[error("stored data could not be read: {0}")]
    Json(#[from] serde_json::Error),
}

impl From<validate::RuleOrSql> for StoreError {
    fn from(e: validate::RuleOrSql) -> Self {
        match e {
            validate::RuleOrSql::Rule(r) => StoreError::Rule(r),
            validate::RuleOrSql::Sql(e) => e.into(),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(rusqlite::ErrorCode::OperationInterrupted) => StoreError::Interrupted,
            _ => StoreError::Sqlite(e),
        }
    }
}

/// Interrupts whatever the store it came from is running now (a search superseded by a
/// newer keystroke); usable from another thread. The store's own type: no SQLite handle
/// leaves the store.
pub struct Interrupt(rusqlite::InterruptHandle);

impl Interrupt {
    /// Stops the statements running now with [`StoreError::Interrupted`]; a no-op when
    /// none is running.
    pub fn interrupt(&self) {
        self.0.interrupt();
    }
}

/// Result of store operations.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How to treat a missing or empty file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Create {
    /// Refuse a missing file.
    No,
    /// Create the schema in a missing or empty file.
    IfMissing,
}

/// An open Lienket database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    read_only: bool,
    author: String,
}

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What a read-only look at the file found.
enum Inspection {
    /// Missing, zero bytes, or an SQLite file without any schema: safe to initialise.
    Blank,
    /// A Lienket file at this schema version.
    Lienket(i64),
}

fn classify_sqlite_error(path: &Path, e: rusqlite::Error) -> OpenError {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase) => OpenError::NotSqlite(path.to_owned()),
        Some(C::DatabaseCorrupt) => OpenError::Corrupt {
            path: path.to_owned(),
            detail: e.to_string(),
        },
        Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => OpenError::Locked(path.to_owned()),
        _ => OpenError::Sqlite {
            path: path.to_owned(),
            source: e,
        },
    }
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

/// The OS user name, the default author of edits.
pub fn default_author() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()))
        .or_else(|| {
            directories::BaseDirs::new().and_then(|d| {
                d.home_dir()
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            })
        })
        .unwrap_or_else(|| "?".to_owned())
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

    /// The file, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// True when the file was opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Sets the author recorded on later edits.
    pub fn set_author(&mut self, author: &str) {
        self.author = author.trim().to_owned();
    }

    /// The author recorded on later edits.
    pub fn author(&self) -> &str {
        &self.author
    }

    /// A handle that interrupts what this store runs now, from another thread.
    pub fn interrupt_handle(&self) -> Interrupt {
        Interrupt(self.conn.get_interrupt_handle())
    }

    /// Sets a larger page cache for bulk work (generation, large imports).
    pub fn tune_for_bulk(&self) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -262_144)?;
        Ok(())
    }

    /// Runs `PRAGMA integrity_check` and reports the schema version and application id.
    pub fn check(&self) -> Result<CheckReport> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let messages = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let foreign_key_violations: i64 = self
            .conn
            .prepare("PRAGMA foreign_key_check")?
            .query_map([], |_| Ok(()))?
            .count() as i64;
        Ok(CheckReport {
            integrity_ok: messages.len() == 1 && messages[0] == "ok",
            messages,
            foreign_key_violations,
            schema_version: self
                .conn
                .pragma_query_value(None, "user_version", |r| r.get(0))?,
            application_id: self
                .conn
                .pragma_query_value(None, "application_id", |r| r.get(0))?,
        })
    }

    /// True when the database holds no entity yet.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT NOT EXISTS (SELECT 1 FROM entity)", [], |r| r.get(0))?)
    }
}

impl Drop for Store {
    /// Checkpoints the WAL so a copied file holds every commit.
    fn drop(&mut self) {
        if !self.read_only && self.path.is_some() {
            // Never wait on close: when another program holds the file, the checkpoint is
            // skipped (its WAL is replayed by whoever opens the file next). Failure only
            // leaves the WAL file beside the database.
            let _ = self.conn.busy_timeout(std::time::Duration::ZERO);
            let _ = self.conn.pragma_update(None, "wal_checkpoint", "TRUNCATE");
        }
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

/// What `check` found.
#[derive(Debug, serde::Serialize)]
pub struct CheckReport {
    /// `PRAGMA integrity_check` said "ok".
    pub integrity_ok: bool,
    /// Its messages.
    pub messages: Vec<String>,
    /// Rows that break a foreign key.
    pub foreign_key_violations: i64,
    /// `PRAGMA user_version`.
    pub schema_version: i64,
    /// `PRAGMA application_id`.
    pub application_id: i32,
}

impl CheckReport {
    /// Everything is as it should be.
    pub fn ok(&self) -> bool {
        self.integrity_ok
            && self.foreign_key_violations == 0
            && self.schema_version == LATEST_VERSION
            && self.application_id == APPLICATION_ID
    }
}
