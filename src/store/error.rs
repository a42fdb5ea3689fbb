//! Errors of opening a file and of working on an open store.

use super::validate;
use super::write::EditInfo;
use std::path::{Path, PathBuf};

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
    /// Any other failure of the database engine.
    #[error("{path}: {detail}")]
    Database {
        /// The file.
        path: PathBuf,
        /// What the engine said.
        detail: String,
    },
    /// A path longer than SQLite or the file system can use.
    #[error(
        "{path}: the path is too long (at most {max_path} bytes, and {max_name} for the file name; Vietnamese letters take 2 or 3 bytes each): choose a shorter name or folder"
    )]
    PathTooLong {
        /// The file.
        path: PathBuf,
        /// Most bytes of the whole path.
        max_path: usize,
        /// Most bytes of the file name.
        max_name: usize,
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
    /// Another user's files beside the database keep it read-only for this user.
    #[error(
        "another user's files beside the database keep it read-only for you ({}): ask them, or an administrator, to close their program or remove these files",
        .0.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ")
    )]
    SideFiles(Vec<PathBuf>),
    /// The file was opened read-only.
    #[error("the database is read-only: changes cannot be saved")]
    ReadOnly,
    /// A change file would hold more rows than one file may.
    #[error(
        "{rows} rows changed since then, more than one change file holds ({most}): give your colleague a copy of the whole file and share the changes made after it, or choose a later date"
    )]
    TooManyChanges {
        /// Rows changed.
        rows: u64,
        /// The most one file holds.
        most: u64,
    },
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
    /// The built-in kinds and predicates every database needs are never undone.
    #[error("the built-in kinds and predicates are never undone")]
    Vocabulary,
    /// Undo would remove the built-in knowledge base: the user must confirm.
    #[error("undoing this removes the built-in knowledge base; confirm to do it")]
    BuiltIn,
    /// Another program held the file longer than a person waits.
    #[error("the file is locked by another program; try again when it has finished")]
    Locked,
    /// The operation was interrupted (a newer search superseded it).
    #[error("interrupted")]
    Interrupted,
    /// The database engine failed; what it said (no engine type leaves the store).
    #[error("database error: {0}")]
    Database(String),
    /// A file an operation reads (a copy to restore) is not a Lienket database this
    /// build can read, or is damaged; the open store is unchanged.
    #[error(transparent)]
    Open(#[from] OpenError),
    /// A copy would overwrite the open database itself.
    #[error("{0} is the open database itself: choose another file")]
    SameFile(PathBuf),
    /// A copy would replace a database another program has open (or that was not closed
    /// properly): its `-wal` or `-journal` file lies beside it.
    #[error(
        "{0} is open in another program, or was not closed properly: close that program or choose another name"
    )]
    InUse(PathBuf),
    /// Reading or writing a file beside the database failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A stored JSON value could not be read.
    #[error("stored data could not be read: {0}")]
    Json(#[from] serde_json::Error),
}

impl From<validate::RuleOrSql> for StoreError {
    fn from(e: validate::RuleOrSql) -> Self {
        match e {
            validate::RuleOrSql::Rule(r) => StoreError::Rule(r),
            validate::RuleOrSql::Sql(e) => e.into(),
            validate::RuleOrSql::NotFound(what) => StoreError::NotFound(what),
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(rusqlite::ErrorCode::OperationInterrupted) => StoreError::Interrupted,
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Locked
            }
            _ => StoreError::Database(e.to_string()),
        }
    }
}

/// What an SQLite failure while opening `path` means to the user.
pub(super) fn classify_sqlite_error(path: &Path, e: rusqlite::Error) -> OpenError {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::NotADatabase) => OpenError::NotSqlite(path.to_owned()),
        Some(C::DatabaseCorrupt) => OpenError::Corrupt {
            path: path.to_owned(),
            detail: e.to_string(),
        },
        Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => OpenError::Locked(path.to_owned()),
        _ => OpenError::Database {
            path: path.to_owned(),
            detail: e.to_string(),
        },
    }
}
