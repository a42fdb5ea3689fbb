//! Undo and redo from the window (the store's own, so they survive a restart), and
//! following edits made elsewhere: when the file changes underneath (the command line,
//! another window), the open page and lists are read again within a second. The check is
//! `PRAGMA data_version`, asked once a second, never per frame.

use super::app::{Db, LienketApp};

use crate::store::write::Scope;
use std::time::{Duration, Instant};

/// Whether an edit was made in a window (its recorded description says so).
fn is_window_edit(description: &str) -> bool {
    description.ends_with(" in the window")
}

/// The window's undo and redo act on the edits made in a window.
const OWN: Scope = Some(is_window_edit);

/// How often the file is asked whether another connection changed it.
pub const CHANGE_CHECK: Duration = Duration::from_millis(800);

impl LienketApp {
    /// Undoes the last edit made in the window (one completed edit, never a keystroke),
    /// also when edits made elsewhere came after it; those are never undone from here:
    /// they are in History, and reverted there.
    pub(super) fn undo(&mut self) {
        self.step(true);
    }

    /// Redoes the last edit undone in the window.
    pub(super) fn redo(&mut self) {
        self.step(false);
    }

    fn step(&mut self, undo: bool) {
        if self.data.read_only {
            return;
        }
        let tr = self.tr();
        let Some(store) = self.store_mut() else {
            return;
        };
        let done = if undo {
            store.undo_in(OWN)
        } else {
            store.redo_in(OWN)
        };
        match done {
            Ok(info) => {
                let key = if undo { "undone" } else { "redone" };
                // The undo edit is described as "undo: …": the window says what was undone.
                let undone = info
                    .description
                    .strip_prefix("undo: ")
                    .or_else(|| info.description.strip_prefix("redo: "))
                    .unwrap_or(&info.description);
                let what = super::format::edit_description(tr, undone);
                self.data.info = Some(tr.fmt(key, &[("what", &what)]));
                self.refresh_all();
            }
            Err(e) => self.data.status = Some(super::views::store_error_message(tr, &e)),
        }
    }

    /// Reads everything shown again: after an undo, a redo, or a change from elsewhere.
    pub(super) fn refresh_all(&mut self) {
        if let Db::Open(store) = &self.db {
            self.data.kinds = store.kinds().unwrap_or_default();
            if let Some(f) = &mut self.data.file {
                f.example = crate::seed::example(store).ok().flatten();
            }
        }
        // The entity shown may be gone: then the home page.
        if let Some(id) = self.data.current_entity()
            && self.store().is_some_and(|s| s.detail_head(id).is_err())
        {
            self.data.nav = Default::default();
        }
        self.reload_list();
        self.show_page();
        self.run_search();
        if let Some(store) = self.store() {
            self.data_version = store.data_version().ok();
        }
    }

    /// Once every [`CHANGE_CHECK`]: whether another connection changed the file, and if
    /// so, reads what is shown again.
    pub(super) fn follow_external_changes(&mut self, ctx: &egui::Context) {
        if !self.data.store_open {
            return;
        }
        // Test mode checks every frame, and asks for no timed repaints.
        if !self.inline_jobs {
            let now = Instant::now();
            ctx.request_repaint_after(CHANGE_CHECK);
            if now.duration_since(self.version_checked) < CHANGE_CHECK {
                return;
            }
            self.version_checked = now;
        }
        let version = self.store().and_then(|s| s.data_version().ok());
        if version.is_some() && self.data_version.is_some() && version != self.data_version {
            self.refresh_all();
        }
        self.data_version = version;
    }
}
