//! The store: the only module that speaks SQL.
//!
//! A [`Store`] owns one connection to a Lienket file. Opening is safe: the file is
//! inspected on a read-only handle (header, `application_id`, `user_version`) before
//! anything can write to it, so a refused file stays byte-for-byte untouched. Every write
//! goes through [`Store::edit`] (see [`write`]), which records each changed row in the
//! change log inside the same transaction. Whole copies (saving a copy, restoring one,
//! looking inside one) go through `copy.rs`. The store knows nothing about egui.

mod bloom;
mod copy;
mod dated;
mod document;
mod document_text;
mod duplicates;
mod error;
mod import;
mod in_process;
mod links;
mod maps;
mod merge;
mod migrate;
mod names;
mod open;
mod plausibility;
mod read;
mod relations;
mod sample;
pub mod search;
mod selections;
pub mod sync;
pub mod validate;
pub mod write;

pub use copy::{Peek, peek};
pub use dated::DatedRow;
pub use duplicates::{DuplicatePair, DuplicateReason};
pub use error::{OpenError, StoreError};
pub use import::{
    ImportOptions, ImportReport, Importer, OnDuplicate, Overwrite, Problem, Progress,
};
pub use links::{Link, NetworkLink};
pub use maps::SavedMap;
pub use merge::{MergeReport, RelationPatch};
pub use migrate::{LATEST_VERSION, MIGRATIONS, Migration};
pub use names::{KnownName, NameSource};
pub use open::{on_lock_wait, remove_files, set_migration_backup_dir};
pub use plausibility::{Concern, Warning};
pub use read::{EntityRow, KindCount, Stats};
pub use relations::RelationGroup;
pub use selections::SavedSelection;
pub use write::{EditInfo, Writer};

use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// `PRAGMA application_id` of Lienket files ("LNKT").
pub const APPLICATION_ID: i32 = 0x4C4E_4B54;

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
    /// Another user's side files that keep this file read-only (see `open.rs`).
    blocked_by: Vec<PathBuf>,
    path: Option<PathBuf>,
    read_only: bool,
    author: String,
    /// This process's hold on the file (see `in_process.rs`), released on drop.
    _held: Option<in_process::Held>,
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

impl Store {
    /// The file, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// True when the file was opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// From now on this store only reads (another window edits the file): edits are
    /// refused, and SQLite itself refuses any write on this connection.
    pub fn set_read_only(&mut self) -> Result<()> {
        self.conn.pragma_update(None, "query_only", true)?;
        self.read_only = true;
        Ok(())
    }

    /// A number that changes when another connection commits to the file (SQLite's
    /// `data_version`): how the window notices edits made elsewhere.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Another user's side files that keep this file read-only (empty when none do).
    pub fn blocked_by(&self) -> &[PathBuf] {
        &self.blocked_by
    }

    /// Sets the author recorded on later edits.
    /// It is cleaned as a name is (one line, no invisible characters) and cut at
    /// [`validate::MAX_NAME`] characters.
    pub fn set_author(&mut self, author: &str) {
        let cut: String = author.chars().take(validate::MAX_NAME * 4).collect();
        self.author = validate::name(&cut)
            .map(|a| a.chars().take(validate::MAX_NAME).collect())
            .unwrap_or_default();
    }

    /// The author recorded on later edits.
    pub fn author(&self) -> &str {
        &self.author
    }

    /// A handle that interrupts what this store runs now, from another thread.
    pub fn interrupt_handle(&self) -> Interrupt {
        Interrupt(self.conn.get_interrupt_handle())
    }

    /// Sets a larger page cache for bulk work (generation, large imports): `mib` MiB.
    pub fn tune_for_bulk(&self, mib: i64) -> Result<()> {
        self.conn.pragma_update(None, "cache_size", -1024 * mib)?;
        // Each row of an import runs a few dozen different statements: keep them all.
        self.conn.set_prepared_statement_cache_capacity(128);
        Ok(())
    }

    /// Runs `PRAGMA integrity_check` and reports the schema version and application id.
    /// A damaged file is reported, not refused: whatever SQLite says about it becomes a
    /// message of the report.
    pub fn check(&self) -> Result<CheckReport> {
        let integrity = self
            .conn
            .prepare("PRAGMA integrity_check")
            .and_then(|mut s| {
                s.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<Vec<_>>>()
            });
        let mut messages = match integrity {
            Ok(m) => m,
            Err(e) => vec![e.to_string()],
        };
        let integrity_ok = messages.len() == 1 && messages[0] == "ok";
        let foreign_keys = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .and_then(|mut s| Ok(s.query_map([], |_| Ok(()))?.count() as i64));
        let foreign_key_violations = match foreign_keys {
            Ok(n) => n,
            Err(e) => {
                messages.push(format!("foreign keys could not be checked: {e}"));
                -1
            }
        };
        Ok(CheckReport {
            integrity_ok,
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

/// What `check` found.
#[derive(Debug, serde::Serialize)]
pub struct CheckReport {
    /// `PRAGMA integrity_check` said "ok".
    pub integrity_ok: bool,
    /// Its messages.
    pub messages: Vec<String>,
    /// Rows that break a foreign key (-1: they could not be checked).
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
