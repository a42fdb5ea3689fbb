//! What the program leaves behind for whoever investigates a problem: the log file
//! (`logging`) and crash reports (`crash`), both in the local data folder, never beside
//! the knowledge base and never holding its content.
//!
//! `LIENKET_DATA_DIR`, when set, names another folder for both (tests, portable use); the
//! knowledge base's own location is not affected by it.

pub mod crash;
pub mod logging;

use std::path::PathBuf;

/// The environment variable that moves logs and crash reports to another folder.
pub const DATA_DIR_VAR: &str = "LIENKET_DATA_DIR";

/// The folder holding `logs/` and `crashes/`: `LIENKET_DATA_DIR` when set, else the
/// platform's local data folder (where the default knowledge base lives). `None` when
/// there is no home folder.
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os(DATA_DIR_VAR) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("", "", "Lienket")
            .map(|dirs| dirs.data_local_dir().to_owned()),
    }
}

/// The log folder in `data_dir`.
pub fn log_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("logs")
}

/// The crash report folder in `data_dir`, next to the log folder.
pub fn crash_dir(data_dir: &std::path::Path) -> PathBuf {
    data_dir.join("crashes")
}

/// A one-line description of the system: operating system, its family and the processor
/// architecture (no host or user name).
pub fn system() -> String {
    format!(
        "{} ({}, {})",
        std::env::consts::OS,
        std::env::consts::FAMILY,
        std::env::consts::ARCH
    )
}

/// The program's version and the schema version it writes, as `--version` and About
/// show them.
pub fn version_line() -> String {
    format!(
        "{} (schema {})",
        env!("CARGO_PKG_VERSION"),
        crate::store::LATEST_VERSION
    )
}
