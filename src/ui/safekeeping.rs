//! Keeping the user's data safe from the window: the day's automatic backup, restoring a
//! backup (the current file kept aside, Undo restore), saving a consistent copy, and the
//! once-per-file notice of a read-only file or one in a cloud or network folder.

use super::app::LienketApp;
use super::state::{BackupRow, Notice};
use crate::backups::{BackupKind, Backups};
use crate::places::{SyncedPlace, synced_place};
use std::path::Path;

impl LienketApp {
    /// The backups of the open file (in the test root when one is set).
    fn backups(&self) -> Option<Backups> {
        let path = self.store()?.path()?.to_owned();
        match &self.backups_root {
            Some(root) => Some(Backups::under(root, &path)),
            None => Backups::for_file(&path).ok(),
        }
    }

    /// Makes the day's backup of the open file when it was edited since the last one: on
    /// a thread of its own with its own connection (a large file takes seconds to copy,
    /// and searches must not wait behind it), inline in test mode.
    pub(super) fn backup_if_due(&mut self) {
        if self.data.read_only || !self.daily_backup || self.backup_running.is_some() {
            return;
        }
        let Some(backups) = self.backups() else {
            return;
        };
        let now = crate::store::write::now_ms();
        if self.inline_jobs {
            if let Some(store) = self.store()
                && let Err(e) = backups.daily_if_due(store, now)
            {
                self.backup_failed(&format!("{e:#}"));
            }
            return;
        }
        let Some(path) = self.store().and_then(|s| s.path()).map(Path::to_owned) else {
            return;
        };
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = self.ctx.clone();
        let started = std::thread::Builder::new()
            .name("lienket-backup".into())
            .spawn(move || {
                let done = crate::store::Store::open(&path, crate::store::Create::No)
                    .map_err(|e| e.to_string())
                    .and_then(|store| {
                        backups
                            .daily_if_due(&store, now)
                            .map(|_| ())
                            .map_err(|e| format!("{e:#}"))
                    });
                let _ = tx.send(done);
                ctx.request_repaint();
            });
        match started {
            Ok(_) => self.backup_running = Some(rx),
            Err(e) => self.backup_failed(&e.to_string()),
        }
    }

    /// Hears from the backup thread, once it is done.
    pub(super) fn poll_backup(&mut self) {
        let Some(rx) = &self.backup_running else {
            return;
        };
        match rx.try_recv() {
            Ok(Ok(())) => self.backup_running = None,
            Ok(Err(e)) => {
                self.backup_running = None;
                self.backup_failed(&e);
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {}
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.backup_running = None,
        }
    }

    fn backup_failed(&mut self, error: &str) {
        self.data.status = Some(self.tr().fmt("backup_failed", &[("error", error)]));
    }

    /// Opens the restore dialog with the backups of the open file.
    pub(super) fn list_backups(&mut self) {
        let Some(backups) = self.backups() else {
            return;
        };
        let rows = backups
            .list()
            .into_iter()
            .map(|b| BackupRow {
                path: b.path,
                made_ms: b.made_ms,
                kind: b.kind,
                entities: b.entities,
            })
            .collect();
        self.data.backups = Some(rows);
    }

    /// Restores a backup into the open file; the file as it was is kept aside for Undo
    /// restore. On failure nothing changes and the reason is shown.
    pub(super) fn restore(&mut self, backup: &Path) {
        let Some(backups) = self.backups() else {
            return;
        };
        let tr = self.tr();
        let now = crate::store::write::now_ms();
        let Some(store) = self.store_mut() else {
            return;
        };
        match backups.restore(store, backup, now) {
            Ok(aside) => {
                self.data.undo_restore = Some(aside);
                self.data.backups = None;
                self.data.info = Some(tr.get("restored").to_owned());
                self.refresh_all();
            }
            Err(e) => {
                self.data.status = Some(tr.fmt("restore_failed", &[("error", &explain(tr, &e))]));
            }
        }
    }

    /// Puts back the file as it was before the last restore. It is a restore too: what the
    /// file holds now (edits made since the restore included) is put aside first, and
    /// listed among the backups.
    pub(super) fn undo_restore(&mut self) {
        let (Some(backups), Some(aside)) = (self.backups(), self.data.undo_restore.clone()) else {
            return;
        };
        let tr = self.tr();
        let now = crate::store::write::now_ms();
        let Some(store) = self.store_mut() else {
            return;
        };
        match backups.restore(store, &aside, now) {
            Ok(_) => {
                self.data.undo_restore = None;
                self.data.info = Some(tr.get("restore_undone").to_owned());
                self.refresh_all();
            }
            Err(e) => {
                self.data.status = Some(tr.fmt("restore_failed", &[("error", &explain(tr, &e))]));
            }
        }
    }

    /// Writes a consistent copy of the open file at `dest`. A file that is there is
    /// replaced only when `replace`; otherwise the dialog says what it holds and asks.
    pub(super) fn save_copy(&mut self, dest: &Path, replace: bool) {
        let tr = self.tr();
        let typed = dest.to_owned();
        let dest = super::files::expand_home(dest, super::files::home_dir().as_deref());
        let own = self
            .store()
            .and_then(|s| s.path())
            .map(std::fs::canonicalize);
        if let (Some(Ok(own)), Ok(target)) = (own, std::fs::canonicalize(&dest))
            && own == target
        {
            self.data.file_dialog.error =
                Some(tr.fmt("err_same_file", &[("path", &dest.display().to_string())]));
            return;
        }
        if !replace && dest.exists() {
            let what = match crate::store::peek(&dest) {
                Ok(p) => tr.fmt(
                    "backup_entities",
                    &[("n", &super::format::number(tr, p.entities))],
                ),
                Err(_) => tr.get("replace_other_file").to_owned(),
            };
            let d = &mut self.data.file_dialog;
            d.open = true;
            d.purpose = super::state::FilePurpose::SaveCopy;
            d.error = Some(tr.fmt(
                "replace_question",
                &[("path", &dest.display().to_string()), ("what", &what)],
            ));
            // As typed, for the dialog to match against its field.
            d.confirm_replace = Some(typed);
            return;
        }
        let Some(store) = self.store_mut() else {
            return;
        };
        match store.save_copy(&dest) {
            Ok(()) => {
                self.data.file_dialog.open = false;
                self.data.file_dialog.error = None;
                self.data.file_dialog.confirm_replace = None;
                self.data.info =
                    Some(tr.fmt("copy_saved", &[("path", &dest.display().to_string())]));
            }
            Err(e) => {
                let message = tr.fmt(
                    "copy_failed",
                    &[("error", &super::views::store_error_message(tr, &e))],
                );
                if self.data.file_dialog.open {
                    self.data.file_dialog.error = Some(message);
                } else {
                    self.data.status = Some(message);
                }
            }
        }
    }

    /// Says once per file what a read-only file, or one in a cloud-sync or network
    /// folder, means for the user's data.
    pub(super) fn notice_once(&mut self) {
        let tr = self.tr();
        let Some(path) = self.store().and_then(|s| s.path()).map(Path::to_owned) else {
            return;
        };
        let shown = path.display().to_string();
        let notice = if self.data.read_only {
            let reason = self
                .store()
                .map(|s| s.blocked_by())
                .filter(|b| !b.is_empty())
                .map(|_| tr.get("read_only_other_user"))
                .unwrap_or_else(|| tr.get("read_only_no_write"));
            Notice {
                key: format!("read_only:{shown}"),
                title: tr.get("read_only_title").to_owned(),
                text: tr.fmt("read_only_text", &[("reason", reason)]),
            }
        } else {
            match synced_place(&path) {
                Some(SyncedPlace::Cloud(service)) => Notice {
                    key: format!("cloud:{shown}"),
                    title: tr.fmt("cloud_title", &[("service", service)]),
                    text: tr.get("cloud_text").to_owned(),
                },
                Some(SyncedPlace::Network) => Notice {
                    key: format!("network:{shown}"),
                    title: tr.get("network_title").to_owned(),
                    text: tr.get("network_text").to_owned(),
                },
                None => return,
            }
        };
        if !self.data.settings.notices_seen.contains(&notice.key) {
            self.data.notice = Some(notice);
        }
    }
}

impl LienketApp {
    /// Takes the one-window-per-file lock of the open, writable file; when another
    /// window holds it, asks what to do (`locked_elsewhere`). A file read-only here
    /// needs no lock, and a lock that cannot be taken is not an error.
    pub(super) fn lock_file(&mut self) {
        if self.data.read_only {
            return;
        }
        let Some(path) = self.store().and_then(|s| s.path()).map(Path::to_owned) else {
            return;
        };
        match crate::file_lock::try_lock(&path) {
            crate::file_lock::Lock::Held(lock) => self.file_lock = Some(lock),
            crate::file_lock::Lock::Busy => {
                tracing::info!("{} is open in another window", path.display());
                self.data.locked_elsewhere = true;
            }
            crate::file_lock::Lock::Unavailable(why) => {
                tracing::warn!("no window lock: {why}");
            }
        }
    }

    /// Only reads the open file from now on: another window edits it.
    pub(super) fn read_only_beside_other_window(&mut self) {
        self.data.locked_elsewhere = false;
        self.store_calls += 1;
        let result = match &mut self.db {
            super::app::Db::Open(store) => store.set_read_only(),
            _ => return,
        };
        match result {
            Ok(()) => self.data.read_only = true,
            Err(e) => self.data.status = Some(e.to_string()),
        }
    }

    /// Points once to crash reports in `dir` that no earlier start mentioned: the newest
    /// is named by the notice, and every report there counts as mentioned once it is
    /// dismissed. Takes the place of a file's notice, which comes back at the next start.
    pub(super) fn crash_notice(&mut self, dir: &Path) {
        let unseen: Vec<String> = crate::diagnostics::crash::reports(dir)
            .iter()
            .filter_map(|p| p.file_name()?.to_str().map(|n| format!("crash:{n}")))
            .filter(|key| !self.data.settings.notices_seen.contains(key))
            .collect();
        let Some((newest, older)) = unseen.split_last() else {
            return;
        };
        let tr = self.tr();
        self.data
            .settings
            .notices_seen
            .extend(older.iter().cloned());
        self.data.notice = Some(Notice {
            key: newest.clone(),
            title: tr.get("crash_title").to_owned(),
            text: tr.fmt("crash_text", &[("folder", &dir.display().to_string())]),
        });
    }
}

/// A failed backup or restore in the interface language where the store's error is
/// known, else as it was said.
pub(super) fn explain(tr: crate::i18n::Tr, e: &anyhow::Error) -> String {
    match e.downcast_ref::<crate::store::StoreError>() {
        Some(e) => super::views::store_error_message(tr, e),
        None => format!("{e:#}"),
    }
}

impl BackupRow {
    /// The translation key of why the backup was made.
    pub fn kind_key(&self) -> &'static str {
        match self.kind {
            BackupKind::Daily => "backup_daily",
            BackupKind::BeforeMigration => "backup_migration",
            BackupKind::BeforeRestore => "backup_before_restore",
        }
    }
}
