//! Where the user's knowledge base lives, and opening it on first run: the default file in
//! the platform's local (not roaming) data folder, created with the built-in knowledge base
//! when it is missing.

use crate::store::{Create, OpenError, Store};
use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// The default database: `lienket.db` in the platform's local data folder.
pub fn default_db_path() -> anyhow::Result<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "Lienket")
        .context("no home folder to keep the knowledge base in")?;
    Ok(dirs.data_local_dir().join("lienket.db"))
}

/// Opens `path`, creating it with the built-in knowledge base when it is missing. Used
/// for the default database and by the window; later runs never overwrite anything.
pub fn open_or_create_with_seed(path: &Path) -> Result<Store, OpenError> {
    open_or_create(path, true)
}

/// Opens `path`, creating it when it is missing (and its folder): with the built-in
/// example, or with only the kinds and predicates every knowledge base needs.
pub fn open_or_create(path: &Path, example: bool) -> Result<Store, OpenError> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir).map_err(|source| OpenError::Io {
            path: path.to_owned(),
            source,
        })?;
    }
    let mut store = Store::open(path, Create::IfMissing)?;
    if !store.is_read_only() {
        crate::seed::install_if_blank(&mut store, example).map_err(|e| OpenError::Migration {
            path: path.to_owned(),
            detail: e.to_string(),
        })?;
    }
    Ok(store)
}
