//! The "share with colleagues" page's state and handling: writing a change file for a
//! colleague (private data left out unless ticked), reading a colleague's file into a
//! preview (counts, every row it changes, each conflict with base, mine and theirs) where
//! each conflict is settled (keep mine, take theirs, or edit), taking it as one edit that
//! Ctrl+Z undoes, the shared folder (read when the file opens and on demand), and the
//! activity list. `views/sharing.rs` draws it.

use super::Page;
use super::app::LienketApp;
use crate::store::Store;
use crate::store::sync::Activity;
use crate::store::write::Image;
use crate::sync::{self, Action as RowAction, ChangeFile, Choice, ExportOptions, Preview};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// How the user settles one conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    Mine,
    Theirs,
    /// Write the fields as edited on the page.
    Edit,
}

/// A text field of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SharingField {
    /// The colleague a file is written for.
    Peer,
    /// Every change since this date (YYYY-MM-DD) instead of since the last file for them.
    Since,
    /// The folder to write the file into.
    OutFolder,
    /// The colleague's file to read.
    InPath,
    /// The shared folder.
    Folder,
    /// This copy's name, as colleagues see it.
    CopyName,
}

/// A change on the page.
#[derive(Clone, Debug, PartialEq)]
pub enum SharingEdit {
    Field(SharingField, String),
    /// Include private entities and properties in the file written.
    IncludePrivate(bool),
    /// Pick a folder or file with the system dialog.
    Browse(SharingField),
    /// Name this copy as typed.
    Rename,
    /// Write my changes.
    Write,
    /// Read the colleague's file typed.
    Read,
    /// Settle conflict (item index) this way.
    Pick(usize, Pick),
    /// The edited value of a field of a conflict (item index, field).
    EditField(usize, String, String),
    /// Take the file read, as settled.
    Take,
    /// Put the file read away without taking it.
    Discard,
    /// Share through the folder typed.
    UseFolder,
    /// Stop sharing through a folder.
    StopFolder,
    /// Take the folder's new files and write ours there.
    CheckFolder,
    /// Read a file found in the shared folder that needs choices.
    OpenFound(PathBuf),
}

/// A colleague's file, read and previewed.
#[derive(Clone, Debug)]
pub struct Incoming {
    pub file: ChangeFile,
    /// Its file name.
    pub name: String,
    pub preview: Preview,
    /// Each item's name for people (entity names, not uids).
    pub labels: Vec<String>,
    /// The choice made for each conflict, by item index.
    pub picks: HashMap<usize, Pick>,
    /// Edited values, by item index and field.
    pub edited: HashMap<usize, BTreeMap<String, String>>,
}

impl Incoming {
    /// Conflicts still without a choice.
    pub fn unsettled(&self) -> usize {
        self.preview
            .items
            .iter()
            .enumerate()
            .filter(|(i, item)| {
                matches!(item.action, RowAction::Conflict { .. }) && !self.picks.contains_key(i)
            })
            .count()
    }
}

/// The page.
#[derive(Clone, Debug, Default)]
pub struct SharingPage {
    /// This copy's name, as typed.
    pub copy_name: String,
    pub peer: String,
    pub since: String,
    pub include_private: bool,
    pub out_folder: String,
    pub in_path: String,
    pub incoming: Option<Incoming>,
    pub folder: String,
    /// The shared folder in use, if any.
    pub folder_in_use: Option<PathBuf>,
    /// Files in the shared folder that wait for choices.
    pub waiting: Vec<PathBuf>,
    pub activity: Vec<Activity>,
    /// A file is being taken (on the worker).
    pub taking: bool,
    /// What the last action did.
    pub message: Option<String>,
    /// Why the last action failed.
    pub error: Option<String>,
}

/// A value as the page shows it.
pub fn shown(image: Option<&Image>, field: &str) -> String {
    match image.and_then(|i| i.get(field)) {
        None | Some(Value::Null) => "—".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Each item's name for people: an entity's name, a link as "subject — type — object",
/// another name with its entity; names looked up in the file, then here.
fn labels(store: &Store, file: &ChangeFile, preview: &Preview) -> Vec<String> {
    let in_file: HashMap<&str, &str> = file
        .rows
        .iter()
        .filter(|r| r.table == "entity")
        .filter_map(|r| {
            let name = r
                .image
                .as_ref()
                .or(r.base.as_ref())?
                .get("name")?
                .as_str()?;
            Some((r.uid.as_str(), name))
        })
        .collect();
    let name_of = |uid: Option<&str>| -> String {
        let Some(uid) = uid else {
            return "?".into();
        };
        in_file
            .get(uid)
            .map(|n| (*n).to_owned())
            .unwrap_or_else(|| {
                store
                    .resolve(uid)
                    .ok()
                    .flatten()
                    .and_then(|id| store.entity(id).ok())
                    .map_or_else(|| "?".into(), |e| e.name)
            })
    };
    preview
        .items
        .iter()
        .map(|item| {
            let image = [
                item.theirs.image.as_ref(),
                item.mine.as_ref(),
                item.theirs.base.as_ref(),
            ]
            .into_iter()
            .flatten()
            .next();
            let get = |k: &str| image.and_then(|i| i.get(k)).and_then(Value::as_str);
            match item.theirs.table.as_str() {
                "relation" => format!(
                    "{} — {} — {}",
                    name_of(get("subject_id")),
                    get("predicate").unwrap_or("?"),
                    name_of(get("object_id"))
                ),
                "alias" => format!(
                    "{} ({})",
                    get("name").unwrap_or("?"),
                    name_of(get("entity_id"))
                ),
                "citation" => name_of(get("source_id")),
                _ => get("name")
                    .map(str::to_owned)
                    .unwrap_or_else(|| item.theirs.uid.clone()),
            }
        })
        .collect()
}

impl LienketApp {
    /// Opens the page, with the activity list and the shared folder read afresh.
    pub(super) fn open_sharing_page(&mut self) {
        if !self.data.store_open {
            return;
        }
        self.refresh_sharing();
        self.navigate(Page::Sharing);
    }

    fn refresh_sharing(&mut self) {
        let (activity, folder, name) = match self.store() {
            Some(store) => (
                store.sync_activity(100).unwrap_or_default(),
                sync::folder::shared_folder(store).ok().flatten(),
                // Until it is named, a copy goes by its author's name.
                store
                    .sync_identity_if_any()
                    .ok()
                    .flatten()
                    .map_or_else(|| store.author().to_owned(), |c| c.name),
            ),
            None => return,
        };
        let page = self.data.sharing.get_or_insert_with(SharingPage::default);
        page.activity = activity;
        if page.copy_name.is_empty() {
            page.copy_name = name;
        }
        if page.folder.is_empty()
            && let Some(f) = &folder
        {
            page.folder = f.display().to_string();
        }
        page.folder_in_use = folder;
    }

    /// A change on the page.
    pub(super) fn sharing_edit(&mut self, edit: SharingEdit) {
        let page = self.data.sharing.get_or_insert_with(SharingPage::default);
        page.error = None;
        match edit {
            SharingEdit::Field(field, value) => {
                *match field {
                    SharingField::Peer => &mut page.peer,
                    SharingField::Since => &mut page.since,
                    SharingField::OutFolder => &mut page.out_folder,
                    SharingField::InPath => &mut page.in_path,
                    SharingField::Folder => &mut page.folder,
                    SharingField::CopyName => &mut page.copy_name,
                } = value;
            }
            SharingEdit::IncludePrivate(on) => page.include_private = on,
            SharingEdit::Browse(field) => self.browse_sharing(field),
            SharingEdit::Rename => self.rename_copy(),
            SharingEdit::Write => self.write_changes(),
            SharingEdit::Read => {
                let path = super::files::typed_path(&page.in_path);
                self.read_changes(&path);
            }
            SharingEdit::Pick(i, pick) => {
                if let Some(incoming) = &mut page.incoming {
                    incoming.picks.insert(i, pick);
                }
            }
            SharingEdit::EditField(i, field, value) => {
                if let Some(incoming) = &mut page.incoming {
                    incoming.edited.entry(i).or_default().insert(field, value);
                    incoming.picks.insert(i, Pick::Edit);
                }
            }
            SharingEdit::Take => self.take_changes(),
            SharingEdit::Discard => page.incoming = None,
            SharingEdit::UseFolder => {
                let folder = super::files::typed_path(&page.folder);
                if !folder.is_dir() {
                    let tr = self.tr();
                    self.sharing_error(tr.fmt(
                        "sharing_not_folder",
                        &[("path", &folder.display().to_string())],
                    ));
                    return;
                }
                self.set_folder(Some(&folder));
                self.check_folder();
            }
            SharingEdit::StopFolder => self.set_folder(None),
            SharingEdit::CheckFolder => {
                self.check_folder();
            }
            SharingEdit::OpenFound(path) => {
                if let Some(page) = &mut self.data.sharing {
                    page.in_path = path.display().to_string();
                }
                self.read_changes(&path);
            }
        }
    }

    fn sharing_error(&mut self, message: String) {
        let page = self.data.sharing.get_or_insert_with(SharingPage::default);
        page.error = Some(message);
        page.message = None;
    }

    fn sharing_message(&mut self, message: String) {
        let page = self.data.sharing.get_or_insert_with(SharingPage::default);
        page.message = Some(message);
        page.error = None;
    }

    fn browse_sharing(&mut self, field: SharingField) {
        // The system dialog; without one (or in tests) the typed path stays.
        if self.inline_jobs {
            return;
        }
        let tr = self.tr();
        let picked = match field {
            SharingField::InPath => rfd::FileDialog::new()
                .add_filter(tr.get("sharing_files"), &[sync::file::EXTENSION])
                .pick_file(),
            _ => rfd::FileDialog::new().pick_folder(),
        };
        let Some(path) = picked else { return };
        let page = self.data.sharing.get_or_insert_with(SharingPage::default);
        let text = path.display().to_string();
        match field {
            SharingField::InPath => {
                page.in_path = text;
                self.read_changes(&path);
            }
            SharingField::Folder => page.folder = text,
            _ => page.out_folder = text,
        }
    }

    /// Names this copy as typed on the page.
    fn rename_copy(&mut self) {
        let tr = self.tr();
        let name = self
            .data
            .sharing
            .as_ref()
            .map(|p| p.copy_name.clone())
            .unwrap_or_default();
        let Some(store) = self.store_mut() else {
            return;
        };
        match store.set_sync_name(&name) {
            Ok(()) => {
                let message = tr.fmt("sharing_renamed", &[("name", name.trim())]);
                self.sharing_message(message);
                self.refresh_sharing();
            }
            Err(e) => self.sharing_error(super::views::store_error_message(tr, &e)),
        }
    }

    /// Writes a change file for the colleague named on the page.
    fn write_changes(&mut self) {
        let tr = self.tr();
        let Some(page) = self.data.sharing.clone() else {
            return;
        };
        let since_ms = match page.since.trim() {
            "" => None,
            text => match sync::day_start(text) {
                Some(ms) => Some(ms),
                None => {
                    self.sharing_error(tr.fmt("sharing_bad_date", &[("text", text)]));
                    return;
                }
            },
        };
        let folder = super::files::typed_path(&page.out_folder);
        if !folder.is_dir() {
            self.sharing_error(tr.fmt(
                "sharing_not_folder",
                &[("path", &folder.display().to_string())],
            ));
            return;
        }
        let Some(store) = self.store_mut() else {
            return;
        };
        let options = ExportOptions {
            peer: page.peer.trim().to_owned(),
            since_ms,
            include_private: page.include_private,
            own_only: false,
            most_rows: None,
        };
        let written = sync::prepare(store, &options).and_then(|out| {
            let path = sync::write(store, &out, &folder)?;
            Ok((out, path))
        });
        match written {
            Ok((out, path)) => {
                let message = tr.fmt(
                    "sharing_written",
                    &[
                        ("rows", &out.file.rows.len().to_string()),
                        ("edits", &out.file.edits.len().to_string()),
                        ("private", &out.left_out.to_string()),
                        ("path", &path.display().to_string()),
                    ],
                );
                self.sharing_message(message);
            }
            Err(e) => self.sharing_error(super::views::store_error_message(tr, &e)),
        }
    }

    /// Reads a colleague's file into the preview; a damaged, foreign or newer file is
    /// refused with why, and nothing changes.
    pub(super) fn read_changes(&mut self, path: &Path) {
        let tr = self.tr();
        let file = match ChangeFile::read(path) {
            Ok(f) => f,
            Err(e) => {
                let detail = match &e {
                    sync::FileError::Foreign => tr.get("sharing_foreign").to_owned(),
                    sync::FileError::Newer(_) => tr.get("sharing_newer").to_owned(),
                    sync::FileError::Damaged(d) => tr.fmt("sharing_damaged", &[("detail", d)]),
                    sync::FileError::Io(_, io) => io.to_string(),
                };
                self.sharing_error(tr.fmt(
                    "sharing_unreadable",
                    &[("path", &path.display().to_string()), ("detail", &detail)],
                ));
                return;
            }
        };
        let Some(store) = self.store() else {
            return;
        };
        match sync::preview(store, &file) {
            Ok(preview) => {
                let labels = labels(store, &file, &preview);
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let page = self.data.sharing.get_or_insert_with(SharingPage::default);
                page.incoming = Some(Incoming {
                    file,
                    name,
                    preview,
                    labels,
                    picks: HashMap::new(),
                    edited: HashMap::new(),
                });
                page.message = None;
            }
            Err(e) => self.sharing_error(super::views::store_error_message(tr, &e)),
        }
    }

    /// Takes the file read as settled on the page, in one edit of the window's, on the
    /// worker.
    fn take_changes(&mut self) {
        let Some(incoming) = self.data.sharing.as_ref().and_then(|p| p.incoming.clone()) else {
            return;
        };
        let mut choices = BTreeMap::new();
        for (i, item) in incoming.preview.items.iter().enumerate() {
            let (Some(pick), RowAction::Conflict { fields, taken, .. }) =
                (incoming.picks.get(&i), &item.action)
            else {
                continue;
            };
            let choice = match pick {
                Pick::Mine => Choice::Mine,
                Pick::Theirs => Choice::Theirs,
                Pick::Edit => match (&item.mine, &item.theirs.image) {
                    (Some(mine), Some(theirs)) => {
                        let mut image = sync::preview::combined(mine, theirs, taken);
                        for f in fields {
                            let typed = incoming
                                .edited
                                .get(&i)
                                .and_then(|e| e.get(f))
                                .cloned()
                                .unwrap_or_else(|| shown(Some(mine), f));
                            let value = match typed.trim() {
                                "" | "—" => Value::Null,
                                t => Value::String(t.to_owned()),
                            };
                            image.insert(f.clone(), value);
                        }
                        Choice::Edited(image)
                    }
                    _ => Choice::Mine,
                },
            };
            choices.insert((item.theirs.table.clone(), item.theirs.uid.clone()), choice);
        }
        let description = sync::description(&incoming.file, " in the window");
        if let Some(page) = &mut self.data.sharing {
            page.taking = true;
        }
        // On the worker: a large file takes a moment, and the window stays alive.
        self.submit(super::worker::Job::TakeChanges(Box::new(
            super::worker::TakeJob {
                file: incoming.file,
                name: incoming.name,
                description,
                choices,
            },
        )));
    }

    /// What taking the file did.
    pub(super) fn taken(&mut self, result: Result<sync::TakeReport, crate::store::StoreError>) {
        let tr = self.tr();
        let Some(incoming) = self.data.sharing.as_mut().and_then(|p| {
            p.taking = false;
            p.incoming.clone()
        }) else {
            return;
        };
        match result {
            Ok(report) => {
                let c = report.counts;
                let mut message = tr.fmt(
                    "sharing_taken",
                    &[
                        ("name", &incoming.file.copy_name),
                        ("new", &c.new.to_string()),
                        ("changed", &(c.changed + c.merged).to_string()),
                        ("deleted", &c.deleted.to_string()),
                    ],
                );
                if report.unsettled > 0 {
                    message.push(' ');
                    message.push_str(
                        &tr.fmt("sharing_left", &[("count", &report.unsettled.to_string())]),
                    );
                }
                if let Some(page) = &mut self.data.sharing {
                    page.incoming = None;
                    page.waiting.retain(|p| {
                        p.file_name().map(|n| n.to_string_lossy().into_owned())
                            != Some(incoming.name.clone())
                    });
                }
                self.sharing_message(message);
                self.after_edit();
                self.refresh_sharing();
            }
            Err(e) => self.sharing_error(super::views::store_error_message(tr, &e)),
        }
    }

    fn set_folder(&mut self, folder: Option<&Path>) {
        let tr = self.tr();
        let Some(store) = self.store_mut() else {
            return;
        };
        if let Err(e) = sync::folder::set_shared_folder(store, folder) {
            self.sharing_error(super::views::store_error_message(tr, &e));
            return;
        }
        self.refresh_sharing();
    }

    /// When a file opens: a pass over its shared folder, if it has one; what it took or
    /// left waiting is said in the status line.
    pub(super) fn check_folder_at_start(&mut self) {
        let shares = self
            .store()
            .and_then(|s| sync::folder::shared_folder(s).ok().flatten())
            .is_some();
        if !shares {
            return;
        }
        let (taken, waiting) = self.check_folder();
        if taken + waiting > 0 {
            self.data.info = self.data.sharing.as_ref().and_then(|p| p.message.clone());
        }
    }

    /// One pass over the shared folder: new files without conflicts are taken, those
    /// with conflicts wait for the user, ours are written. Returns (files taken, files
    /// waiting).
    pub(super) fn check_folder(&mut self) -> (usize, usize) {
        let tr = self.tr();
        if self.data.read_only {
            return (0, 0);
        }
        let Some(store) = self.store_mut() else {
            return (0, 0);
        };
        let Ok(Some(folder)) = sync::folder::shared_folder(store) else {
            return (0, 0);
        };
        match sync::folder::sync(store, &folder, None, " in the window") {
            Ok(pass) => {
                let taken = pass.taken.len();
                let page = self.data.sharing.get_or_insert_with(SharingPage::default);
                page.waiting = pass.need_choice.clone();
                let mut message = tr.fmt(
                    "sharing_folder_checked",
                    &[
                        ("taken", &taken.to_string()),
                        ("waiting", &pass.need_choice.len().to_string()),
                        (
                            "written",
                            &pass.written.as_ref().map_or(0, |_| 1).to_string(),
                        ),
                    ],
                );
                for (path, why) in &pass.refused {
                    message.push('\n');
                    message.push_str(&tr.fmt(
                        "sharing_unreadable",
                        &[("path", &path.display().to_string()), ("detail", why)],
                    ));
                }
                self.sharing_message(message);
                if taken > 0 {
                    self.after_edit();
                }
                self.refresh_sharing();
                (taken, pass.need_choice.len())
            }
            Err(e) => {
                self.sharing_error(super::views::store_error_message(tr, &e));
                (0, 0)
            }
        }
    }
}
