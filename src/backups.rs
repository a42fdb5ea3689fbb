//! Automatic backups of a database file, kept in the local data folder, never beside the
//! file (which may sit in a read-only, cloud or network folder). Each file has its own
//! folder, `<data_local_dir>/backups/<file-stem>-<hash of its canonical path>/`, holding:
//!
//! - `daily/<made-ms>_<edit-id>_<edit-ms>.db`: at most one a day (UTC), made only when the
//!   file was edited since the newest of them; the newest [`KEEP_DAILY`] are kept;
//! - `before-restore/<made-ms>.db`: the file as it was before a restore ("Undo restore"
//!   puts it back); never rotated away;
//! - `migrations/<file-stem>.v{N}.<made-ms>.db`: the file before a migration from schema
//!   N, written by the store once [`register_migration_backups`] is called; never rotated
//!   away.
//!
//! Every copy is a consistent snapshot (`Store::save_copy`, `VACUUM INTO`), never a raw
//! copy of a live file.

use crate::store::{self, Store, StoreError};
use anyhow::Context as _;
use std::path::{Path, PathBuf};

/// How many daily backups are kept.
pub const KEEP_DAILY: usize = 7;

const DAY_MS: i64 = 86_400_000;
const DAILY: &str = "daily";
const BEFORE_RESTORE: &str = "before-restore";
const MIGRATIONS: &str = "migrations";

/// The backups of one database file, in the local data folder.
#[derive(Clone, Debug)]
pub struct Backups {
    /// This file's backup folder.
    dir: PathBuf,
    /// The database file (canonical when it exists), for its older migration backups
    /// beside it.
    db: PathBuf,
}

/// Why a backup was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupKind {
    /// The day's automatic backup.
    Daily,
    /// Made by the store before it upgraded the file's schema.
    BeforeMigration,
    /// The file as it was before a restore.
    BeforeRestore,
}

/// One backup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupEntry {
    /// Its file.
    pub path: PathBuf,
    /// Why it was made.
    pub kind: BackupKind,
    /// When it was made (unix ms).
    pub made_ms: i64,
    /// Its entities; `None` when the file cannot be read as a Lienket database.
    pub entities: Option<u64>,
}

/// Makes the store put the backup it takes before a migration in the file's backup
/// folder (`migrations/`), where [`Backups::list`] finds it. Called once at start by the
/// window; without it the store keeps that backup beside the file.
pub fn register_migration_backups() {
    store::set_migration_backup_dir(|db| Backups::for_file(db).ok().map(|b| b.migrations_dir()));
}

impl Backups {
    /// The backups of `db`: `<data_local_dir>/backups/<file-stem>-<16 hex digits>/`, the
    /// digits an FNV-1a hash of the file's canonical path, so two files of the same name
    /// in different folders keep their backups apart and a file keeps them across runs.
    pub fn for_file(db: &Path) -> anyhow::Result<Backups> {
        let dirs = directories::ProjectDirs::from("", "", "Lienket")
            .context("no home folder to keep backups in")?;
        Ok(Self::under(&dirs.data_local_dir().join("backups"), db))
    }

    /// The same layout under another root folder (tests).
    pub fn under(root: &Path, db: &Path) -> Backups {
        let db = std::fs::canonicalize(db)
            .or_else(|_| std::path::absolute(db))
            .unwrap_or_else(|_| db.to_owned());
        let stem: String = db
            .file_stem()
            .map(|s| s.to_string_lossy().chars().take(48).collect())
            .filter(|s: &String| !s.is_empty())
            .unwrap_or_else(|| "lienket".to_owned());
        let hash = fnv1a_64(db.as_os_str().as_encoded_bytes());
        Backups {
            dir: root.join(format!("{stem}-{hash:016x}")),
            db,
        }
    }

    /// This file's backup folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the store puts this file's backups made before a migration.
    pub fn migrations_dir(&self) -> PathBuf {
        self.dir.join(MIGRATIONS)
    }

    /// Makes today's backup when one is due: the store was edited since the newest daily
    /// backup (its newest edit, id and time, is not the one that backup's name records,
    /// so a changed clock or a restore cannot hide an edit) and no daily backup was made
    /// on the UTC day of `now_ms`. A never-edited store is not backed up. Then keeps the
    /// newest [`KEEP_DAILY`] daily backups and deletes the older ones (other backups are
    /// never touched). Returns the backup made, if any.
    pub fn daily_if_due(&self, store: &Store, now_ms: i64) -> anyhow::Result<Option<PathBuf>> {
        let Some((edit_id, edit_ms)) = store.last_edit()? else {
            return Ok(None);
        };
        let dailies = self.dailies();
        let unchanged = dailies
            .first()
            .is_some_and(|d| (d.edit_id, d.edit_ms) == (edit_id, edit_ms));
        let today = now_ms.div_euclid(DAY_MS);
        if unchanged
            || dailies
                .iter()
                .any(|d| d.made_ms.div_euclid(DAY_MS) == today)
        {
            return Ok(None);
        }
        let folder = self.dir.join(DAILY);
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
        let path = folder.join(format!("{now_ms}_{edit_id}_{edit_ms}.db"));
        store.save_copy(&path)?;
        tracing::info!("daily backup to {}", path.display());
        for old in self.dailies().iter().skip(KEEP_DAILY) {
            // A backup that cannot be deleted now is deleted on a later day.
            let _ = std::fs::remove_file(&old.path);
        }
        Ok(Some(path))
    }

    /// Every backup of the file, newest first: the daily ones, the copies made before a
    /// restore, and those made before a migration (in `migrations/`, and the older
    /// `<file>.v{N}.bak` beside the file), each with its entity count.
    pub fn list(&self) -> Vec<BackupEntry> {
        let mut found: Vec<(PathBuf, BackupKind, i64)> = self
            .dailies()
            .into_iter()
            .map(|d| (d.path, BackupKind::Daily, d.made_ms))
            .collect();
        found.extend(
            files_in(&self.dir.join(BEFORE_RESTORE))
                .filter_map(|(path, name)| Some((path, name.strip_suffix(".db")?.parse().ok()?)))
                .map(|(path, made)| (path, BackupKind::BeforeRestore, made)),
        );
        found.extend(
            files_in(&self.migrations_dir())
                .filter_map(|(path, name)| Some((path, migration_backup_time(&name)?)))
                .map(|(path, made)| (path, BackupKind::BeforeMigration, made)),
        );
        if let (Some(folder), Some(own)) = (self.db.parent(), self.db.file_name()) {
            let prefix = format!("{}.v", own.to_string_lossy());
            found.extend(
                files_in(folder)
                    .filter(|(_, name)| {
                        name.strip_prefix(&prefix)
                            .and_then(|rest| rest.strip_suffix(".bak"))
                            .is_some_and(|v| v.parse::<i64>().is_ok())
                    })
                    .map(|(path, _)| {
                        let made = modified_ms(&path);
                        (path, BackupKind::BeforeMigration, made)
                    }),
            );
        }
        found.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| b.0.cmp(&a.0)));
        found
            .into_iter()
            .map(|(path, kind, made_ms)| BackupEntry {
                entities: store::peek(&path).ok().map(|p| p.entities),
                path,
                kind,
                made_ms,
            })
            .collect()
    }

    /// Restores `backup` into the open store. The store's content is first copied aside
    /// to `before-restore/<now_ms>.db`, which is returned (for "Undo restore", see
    /// [`Backups::undo_restore`]); then the backup replaces the content
    /// (`Store::restore_from`: checked, migrated when older). A backup that is not a
    /// Lienket database this build reads is refused first ([`StoreError::Open`]), before
    /// anything is written. On failure the store is unchanged and no copy is left aside.
    pub fn restore(
        &self,
        store: &mut Store,
        backup: &Path,
        now_ms: i64,
    ) -> anyhow::Result<PathBuf> {
        if store.is_read_only() {
            return Err(StoreError::ReadOnly.into());
        }
        // A file that cannot be restored is refused before anything is written.
        store::peek(backup).map_err(StoreError::Open)?;
        let folder = self.dir.join(BEFORE_RESTORE);
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
        let aside = (now_ms..)
            .map(|ms| folder.join(format!("{ms}.db")))
            .find(|p| !p.exists())
            .context("no free name for the copy")?;
        store.save_copy(&aside)?;
        if let Err(e) = store.restore_from(backup) {
            let _ = std::fs::remove_file(&aside);
            return Err(e.into());
        }
        tracing::info!(
            "restored from {}, the previous content set aside in {}",
            backup.display(),
            aside.display()
        );
        Ok(aside)
    }

    /// Undoes a restore: puts back the copy [`Backups::restore`] set aside. The copy is
    /// kept, with the other backups.
    pub fn undo_restore(&self, store: &mut Store, aside: &Path) -> anyhow::Result<()> {
        store.restore_from(aside)?;
        Ok(())
    }

    /// The daily backups, newest first, as their names describe them.
    fn dailies(&self) -> Vec<Daily> {
        let mut out: Vec<Daily> = files_in(&self.dir.join(DAILY))
            .filter_map(|(path, name)| {
                let mut parts = name.strip_suffix(".db")?.split('_');
                let mut next = || parts.next()?.parse::<i64>().ok();
                let (made_ms, edit_id, edit_ms) = (next()?, next()?, next()?);
                parts.next().is_none().then_some(Daily {
                    path,
                    made_ms,
                    edit_id,
                    edit_ms,
                })
            })
            .collect();
        out.sort_by(|a, b| b.made_ms.cmp(&a.made_ms).then_with(|| b.path.cmp(&a.path)));
        out
    }
}

/// A daily backup, read from its name.
struct Daily {
    path: PathBuf,
    made_ms: i64,
    edit_id: i64,
    edit_ms: i64,
}

/// The time in the name of a migration backup, `<stem>.v{N}.<made-ms>.db`.
fn migration_backup_time(name: &str) -> Option<i64> {
    let (rest, made) = name.strip_suffix(".db")?.rsplit_once('.')?;
    let (_, version) = rest.rsplit_once(".v")?;
    version.parse::<i64>().ok()?;
    made.parse().ok()
}

/// The files (not folders) in `folder` with their names; nothing when it is missing.
fn files_in(folder: &Path) -> impl Iterator<Item = (PathBuf, String)> {
    std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| Some((e.path(), e.file_name().into_string().ok()?)))
}

/// When `path` was last written (unix ms), 0 when unknown.
fn modified_ms(path: &Path) -> i64 {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// FNV-1a, 64 bits: a stable hash (unlike std's, which may change between releases).
fn fnv1a_64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn files_of_the_same_name_in_two_folders_get_two_backup_folders() {
        let root = Path::new("/r");
        let a = Backups::under(root, Path::new("/one/kb.db"));
        let b = Backups::under(root, Path::new("/two/kb.db"));
        assert_ne!(a.dir(), b.dir());
        let name = a
            .dir()
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(
            name.starts_with("kb-") && name.len() == "kb-".len() + 16,
            "{name}"
        );
        assert_eq!(a.dir(), Backups::under(root, Path::new("/one/kb.db")).dir());
    }

    #[test]
    fn migration_backup_names_are_read_back() {
        assert_eq!(
            migration_backup_time("kb.v3.1700000000000.db"),
            Some(1_700_000_000_000)
        );
        assert_eq!(migration_backup_time("my.kb.v1.5.db"), Some(5));
        assert_eq!(migration_backup_time("kb.1700000000000.db"), None);
        assert_eq!(migration_backup_time(".lienket-copy-1-0.tmp"), None);
    }
}
