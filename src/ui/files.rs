//! Files: opening one (checked before the current one is closed), creating one empty or
//! with the example, recent files, the system file dialog and its typed-path stand-in.

use super::action::Action;
use super::app::LienketApp;
use super::state::FilePurpose;
use crate::location::open_or_create;
use crate::store::{Create, OpenError, Store};
use std::path::{Path, PathBuf};

impl LienketApp {
    /// Opens the file at a typed or picked path; on failure the current one stays open.
    pub(super) fn open_path(&mut self, path: &Path) {
        let path = absolute(&expand_home(path, home_dir().as_deref()));
        let opened = Store::open(&path, Create::No).map_err(|e| (path, e));
        self.switch_db(opened);
    }

    /// Creates a knowledge base at `path` (refusing a file that has content) and opens it.
    pub(super) fn create_path(&mut self, path: &Path, example: bool) {
        let path = absolute(&expand_home(path, home_dir().as_deref()));
        let has_content = std::fs::metadata(&path).is_ok_and(|m| m.len() > 0);
        let opened = if has_content {
            Err((path.clone(), OpenError::AlreadyExists(path)))
        } else {
            open_or_create(&path, example).map_err(|e| (path, e))
        };
        self.switch_db(opened);
    }

    /// Puts `path` first in the recent files.
    pub(super) fn remember_recent(&mut self, path: &Path) {
        let recent = &mut self.data.settings.recent;
        recent.retain(|p| p != path);
        recent.insert(0, path.to_owned());
        recent.truncate(super::RECENT_FILES);
    }

    /// File > New, Open, Save a copy: the system dialog, or the typed-path dialog when
    /// there is none.
    pub(super) fn ask_for_file(&mut self, purpose: FilePurpose, window: Option<&eframe::Frame>) {
        let Some(path) = self.pick_file(purpose, window) else {
            return;
        };
        self.act(match purpose {
            FilePurpose::Open => Action::OpenFile(path),
            FilePurpose::Create { example } => Action::CreateFile { path, example },
            // The system dialog has asked about replacing a file that is there.
            FilePurpose::SaveCopy => Action::SaveCopy {
                path,
                replace: true,
            },
        });
    }

    /// Asks for a file with the system dialog. Without a dialog backend (some Linux
    /// desktops have neither the portal nor zenity) rfd returns `None` at once: then the
    /// typed-path dialog opens instead. In test mode it always does.
    fn pick_file(
        &mut self,
        purpose: FilePurpose,
        window: Option<&eframe::Frame>,
    ) -> Option<PathBuf> {
        let tr = self.tr();
        let copy_name = self.copy_name();
        let fallback = |app: &mut Self| {
            let d = &mut app.data.file_dialog;
            if d.purpose != purpose {
                // A path typed to open is not where a copy should go, nor the reverse.
                d.typed_path.clear();
            }
            if purpose == FilePurpose::SaveCopy {
                d.typed_path = copy_name.display().to_string();
            }
            d.purpose = purpose;
            d.open = true;
            d.error = None;
            d.confirm_replace = None;
            d.focus = true;
        };
        if self.inline_jobs {
            fallback(self);
            return None;
        }
        let started = std::time::Instant::now();
        let title = match purpose {
            FilePurpose::Open => tr.get("open_file"),
            FilePurpose::Create { .. } => tr.get("new_file"),
            FilePurpose::SaveCopy => tr.get("cmd_save_copy"),
        };
        let mut dialog = rfd::FileDialog::new()
            .add_filter("Lienket", &["db", "sqlite", "lienket"])
            .set_title(title);
        if let Some(window) = window {
            // Modal to the window, not a free-floating dialog behind it.
            dialog = dialog.set_parent(window);
        }
        let picked = match purpose {
            FilePurpose::Open => dialog.pick_file(),
            FilePurpose::Create { .. } => dialog.set_file_name("lienket.db").save_file(),
            FilePurpose::SaveCopy => {
                let name = copy_name
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                dialog.set_file_name(name).save_file()
            }
        };
        // A person cancelling takes longer than this; a missing backend does not.
        if picked.is_none() && started.elapsed() < std::time::Duration::from_millis(250) {
            fallback(self);
        }
        picked
    }

    /// Where a copy of the open file goes by default: beside it, "kb (bản sao).db".
    fn copy_name(&self) -> PathBuf {
        let path = self.data.file.as_ref().map(|f| f.path.as_path());
        let stem = path
            .and_then(Path::file_stem)
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "lienket".to_owned());
        let name = format!("{}.db", self.tr().fmt("copy_file_name", &[("name", &stem)]));
        match path.and_then(Path::parent) {
            Some(dir) => dir.join(name),
            None => PathBuf::from(name),
        }
    }

    /// The window's title: the file's name, and that it is the example when it is.
    pub fn window_title(&self) -> String {
        let tr = self.tr();
        match &self.data.file {
            Some(f) => {
                let name = f
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let key = if f.example.is_some() {
                    "title_example"
                } else {
                    "title_file"
                };
                tr.fmt(key, &[("name", &name)])
            }
            None => "Lienket".to_owned(),
        }
    }
}

/// A typed path made absolute, so the recent files still name it from another folder.
pub(super) fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// The user's home folder, for `~` in typed paths.
pub(super) fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().to_owned())
}

/// A path as typed in a field: trimmed, `~` expanded, made absolute.
pub(super) fn typed_path(text: &str) -> PathBuf {
    absolute(&expand_home(Path::new(text.trim()), home_dir().as_deref()))
}

/// A typed path with a leading `~` (alone or followed by a separator) read as the home
/// folder, as shells do.
pub(super) fn expand_home(path: &Path, home: Option<&Path>) -> PathBuf {
    let Some(home) = home else {
        return path.to_owned();
    };
    let mut parts = path.components();
    match parts.next() {
        Some(std::path::Component::Normal(first)) if first == "~" => home.join(parts.as_path()),
        _ => path.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::expand_home;
    use std::path::{Path, PathBuf};

    #[test]
    fn a_leading_tilde_is_the_home_folder() {
        let home = Path::new("/home/lan");
        assert_eq!(
            expand_home(Path::new("~/kb.db"), Some(home)),
            PathBuf::from("/home/lan/kb.db")
        );
        assert_eq!(
            expand_home(Path::new("~"), Some(home)),
            PathBuf::from("/home/lan")
        );
        assert_eq!(
            expand_home(Path::new("~lan/kb.db"), Some(home)),
            PathBuf::from("~lan/kb.db")
        );
        assert_eq!(
            expand_home(Path::new("/tmp/~/kb.db"), Some(home)),
            PathBuf::from("/tmp/~/kb.db")
        );
        assert_eq!(
            expand_home(Path::new("~/kb.db"), None),
            PathBuf::from("~/kb.db")
        );
    }
}
