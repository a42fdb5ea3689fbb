//! The view data: everything the views draw from, built when something changes (a
//! navigation, an edit, a search answer), borrowed by the views every frame.

use super::commands::Command;
use super::entity_view::EntityView;
use super::worker::HomeData;
use super::{Page, Settings};
use crate::i18n::Lang;
use crate::model::{EntityId, KindInfo};
use crate::store::EntityRow;
use crate::store::search::{Context, Filters, Hit};
use std::path::PathBuf;

/// A file that could not be opened, as the dialog shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct OpenFailure {
    /// The file.
    pub path: PathBuf,
    /// Why, translated.
    pub message: String,
    /// The file exists (and was left as it was); false for a missing one.
    pub untouched: bool,
}

/// What the views draw. Only the app's action handling writes it.
#[derive(Default)]
pub struct ViewData {
    /// Persisted preferences.
    pub settings: Settings,
    /// The browser-like history.
    pub nav: Nav,
    /// The entity being shown.
    pub entity: Option<EntityView>,
    /// Home page figures, once computed.
    pub home: Option<HomeData>,
    /// Kinds of the database.
    pub kinds: Vec<KindInfo>,
    /// The search box.
    pub search_text: String,
    /// Hits for the search box.
    pub hits: Vec<Hit>,
    /// The Telex/VNI reading the search box was searched as, when not as typed.
    pub reading: Option<String>,
    /// Filters of the search panel beyond the kind.
    pub filter: FilterState,
    /// The command palette, when open.
    pub palette: Option<Palette>,
    /// Progress of the search index's preparation (0 to 1), while it runs.
    pub index_progress: Option<f32>,
    /// The entity list when the search box is empty.
    pub list: Vec<EntityRow>,
    /// The list is cut at this length.
    pub list_truncated: bool,
    /// Kind filter of the list.
    pub kind_filter: Option<String>,
    /// Message shown in the status bar.
    pub status: Option<String>,
    /// The typed-path file dialog.
    pub file_dialog: FileDialog,
    /// The preferences dialog is open.
    pub preferences_open: bool,
    /// The search box should take the focus.
    pub focus_search: bool,
    /// An input method is composing (Enter belongs to it).
    pub ime_composing: bool,
    /// A store is open.
    pub store_open: bool,
    /// The open store is read-only.
    pub read_only: bool,
    /// The file that could not be opened, and why (translated).
    pub open_error: Option<OpenFailure>,
    /// The open file.
    pub file: Option<FileInfo>,
    /// The New dialog, open: whether the built-in example is chosen.
    pub new_base: Option<bool>,
    /// Presentation mode: large text, no sidebar, private entities hidden.
    pub presentation: bool,
    /// The About dialog is open.
    pub about_open: bool,
    /// Another window has the open file: asks whether to read only or edit anyway.
    pub locked_elsewhere: bool,
    /// The welcome text shows on the home page.
    pub welcome_open: bool,
    /// The restore dialog, open: the backups of the open file.
    pub backups: Option<Vec<BackupRow>>,
    /// The copy made before the last restore, for Undo restore.
    pub undo_restore: Option<PathBuf>,
    /// A message that is not an error ("Copy saved to …").
    pub info: Option<String>,
    /// A message shown once for the open file (read-only, cloud or network folder).
    pub notice: Option<Notice>,
    /// The line of the list (or hits) chosen with ↑/↓.
    pub selected: Option<usize>,
    /// Hits asked for; more are there when `hits_more`.
    pub hits_limit: usize,
    /// The search found more than `hits_limit`.
    pub hits_more: bool,
    /// The hits are a filtered list with nothing typed (a theme or dates).
    pub browsing: bool,
    /// The entity form, when open.
    pub form: Option<super::editor::EntityForm>,
    /// Plausibility warnings about the entity shown.
    pub warnings: Vec<crate::store::Warning>,
    /// Every warning, when the "check the data" list is open.
    pub all_warnings: Option<Vec<crate::store::Warning>>,
    /// The form for a new kind, when open.
    pub kind_form: Option<super::vocabulary::KindForm>,
    /// The form for a new link type, when open.
    pub predicate_form: Option<super::vocabulary::PredicateForm>,
    /// The possible duplicates, when listed.
    pub duplicates: Option<Vec<crate::store::DuplicatePair>>,
    /// The merge view, when open.
    pub merge: Option<super::merging::MergeView>,
    /// The history dialog, when open.
    pub history: Option<super::history::HistoryView>,
    /// The form that changes a relation, when open.
    pub relation_change: Option<super::relate::RelationChange>,
    /// The "as of" date typed on the entity page, and the date it reads as.
    pub as_of_text: String,
    /// The date the entity page shows the world as of (`None`: as recorded, all dates).
    pub as_of: Option<crate::model::DateValue>,
    /// On the "as of" date, the names then of the entity shown and the entities its rows
    /// link to, for those renamed since.
    pub names_then: std::collections::HashMap<EntityId, String>,
    /// The relation form, when open.
    pub relation_form: Option<super::relate::RelationForm>,
    /// Cancel was pressed on a form with changes unsaved: the form asks whether to drop
    /// them.
    pub discard_asked: bool,
    /// The export dialog, when open.
    pub export: Option<super::exchange::ExportDialog>,
    /// The import wizard, when open.
    pub import: Option<super::exchange::ImportWizard>,
    /// The delete confirmation, when asked.
    pub confirm_delete: Option<super::editor::DeleteConfirm>,
    /// The graph page, once read.
    pub graph: Option<super::graph::GraphView>,
    /// A graph is being read.
    pub graph_loading: bool,
    /// The timeline page, once read.
    pub timeline: Option<super::timeline::TimelineView>,
    /// The entity the timeline was last opened from: id, name, kind.
    pub timeline_subject: Option<(EntityId, String, String)>,
    /// The saved map to apply to the graph being read.
    pub graph_map: Option<crate::graph::maps::Map>,
    /// Context lines of list entries that share their name with another entry.
    pub namesakes: std::collections::HashMap<EntityId, Context>,
    /// The new document page, once opened.
    pub document: Option<super::document::DocumentPage>,
    /// The page of sharing with colleagues, once opened.
    pub sharing: Option<super::sharing::SharingPage>,
    /// The user's documents that name the entity shown without a link to it, once read.
    pub unlinked: Option<(EntityId, Vec<crate::extract::unlinked::Unlinked>)>,
}

/// The open file, as the title bar and the About dialog show it.
#[derive(Clone, Debug, PartialEq)]
pub struct FileInfo {
    /// Where it is.
    pub path: PathBuf,
    /// The built-in example it holds, if any.
    pub example: Option<crate::seed::Example>,
}

/// A backup listed in the restore dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupRow {
    /// The file.
    pub path: PathBuf,
    /// When it was made (unix ms).
    pub made_ms: i64,
    /// Why it was made.
    pub kind: crate::backups::BackupKind,
    /// Entities it holds (`None`: unreadable).
    pub entities: Option<u64>,
}

/// A message shown once per file.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// What it is remembered as once dismissed ("cloud:/path").
    pub key: String,
    /// The title.
    pub title: String,
    /// What it means for the user's data.
    pub text: String,
}

impl ViewData {
    /// The page being shown.
    pub fn page(&self) -> Page {
        self.nav.page()
    }

    /// The translations of the interface language.
    pub fn tr(&self) -> crate::i18n::Tr {
        crate::i18n::Tr(self.settings.lang)
    }

    /// Whether a dialog is open: the window's shortcuts and list keys wait, so a key
    /// never replaces or undoes what is being filled in.
    pub fn dialog_open(&self) -> bool {
        self.palette.is_some()
            || self.file_dialog.open
            || self.open_error.is_some()
            || self.preferences_open
            || self.new_base.is_some()
            || self.about_open
            || self.locked_elsewhere
            || self.backups.is_some()
            || self.form.is_some()
            || self.relation_form.is_some()
            || self.relation_change.is_some()
            || self.confirm_delete.is_some()
            || self.history.is_some()
            || self.duplicates.is_some()
            || self.merge.is_some()
            || self.kind_form.is_some()
            || self.predicate_form.is_some()
            || self.all_warnings.is_some()
            || self.export.is_some()
            || self.import.is_some()
    }

    /// The zoom in effect (presentation mode has its own).
    pub fn zoom(&self) -> f32 {
        if self.presentation {
            super::look::presentation_zoom(self.settings.presentation_zoom)
        } else {
            self.settings.zoom
        }
    }

    /// Whether a command can run now (menus grey it out otherwise).
    pub fn can_run(&self, c: Command) -> bool {
        let open = self.store_open;
        match c {
            Command::Back => open && self.nav.can_go_back(),
            Command::Forward => open && self.nav.can_go_forward(),
            Command::Home
            | Command::FocusSearch
            | Command::Palette
            | Command::SaveCopy
            | Command::Export
            | Command::Graph
            | Command::Timeline
            | Command::Sharing
            | Command::History => open,
            Command::Import => open && !self.read_only,
            Command::Duplicates | Command::CheckData => open && !self.read_only,
            Command::Backups
            | Command::NewEntity
            | Command::Undo
            | Command::Redo
            | Command::NewKind
            | Command::NewPredicate
            | Command::NewDocument => open && !self.read_only,
            Command::EditEntity | Command::DeleteEntity | Command::AddRelation => {
                open && !self.read_only && self.current_entity().is_some()
            }
            Command::UndoRestore => open && self.undo_restore.is_some(),
            _ => true,
        }
    }

    /// The lines the list shows with nothing typed: hidden private entities left out in
    /// presentation mode.
    pub fn visible(&self, private: bool) -> bool {
        !(self.presentation && private)
    }

    /// Whether the left panel lists hits (something typed, or a theme or date filter)
    /// rather than the plain list.
    pub fn shows_hits(&self) -> bool {
        !self.search_text.trim().is_empty() || self.browsing
    }

    /// The entities of the left panel's lines, in order: what ↑/↓ move through.
    pub fn line_ids(&self) -> Vec<EntityId> {
        if self.shows_hits() {
            self.hits
                .iter()
                .filter(|h| self.visible(h.entity.private))
                .filter_map(|h| h.entity.id)
                .collect()
        } else {
            self.list
                .iter()
                .filter(|r| self.visible(r.private))
                .map(|r| r.id)
                .collect()
        }
    }

    /// The entity shown, if any.
    pub fn current_entity(&self) -> Option<EntityId> {
        match self.page() {
            Page::Entity(id) => Some(id),
            Page::Home | Page::Graph | Page::Timeline | Page::NewDocument | Page::Sharing => None,
        }
    }
}

/// The browser-like history of pages.
#[derive(Clone, Debug)]
pub struct Nav {
    /// Pages visited.
    pub(super) history: Vec<Page>,
    /// The current one.
    pub(super) index: usize,
}

impl Default for Nav {
    fn default() -> Self {
        Nav {
            history: vec![Page::Home],
            index: 0,
        }
    }
}

impl Nav {
    /// The page being shown.
    pub fn page(&self) -> Page {
        self.history[self.index]
    }

    /// Whether Back would do something.
    pub fn can_go_back(&self) -> bool {
        self.index > 0
    }

    /// Whether Forward would do something.
    pub fn can_go_forward(&self) -> bool {
        self.index + 1 < self.history.len()
    }
}

/// The command palette: one field, commands that match what is typed, then entities.
#[derive(Clone, Debug, Default)]
pub struct Palette {
    /// What is typed.
    pub text: String,
    /// The selected line.
    pub selected: usize,
    /// Entities found for the text.
    pub hits: Vec<Hit>,
    /// The Telex/VNI reading searched, when not the text as typed.
    pub reading: Option<String>,
    /// Its lines, rebuilt when the text or the hits change.
    pub items: Vec<PaletteItem>,
    /// Commands that could not run when it opened (not offered).
    pub(super) unavailable: Vec<Command>,
    pub(super) seq: u64,
}

impl Palette {
    /// An empty palette, listing every command that can run now.
    pub fn new(data: &ViewData) -> Self {
        let mut p = Palette {
            unavailable: Command::ALL
                .into_iter()
                .filter(|c| !data.can_run(*c))
                .collect(),
            ..Palette::default()
        };
        p.refresh_items();
        p
    }

    /// Rebuilds the lines: the commands whose name (in either language) has a word
    /// starting with each typed word, then the entities found.
    pub(super) fn refresh_items(&mut self) {
        let typed = crate::text::fold_words(&self.text);
        let mut items: Vec<PaletteItem> = Command::ALL
            .into_iter()
            .filter(|c| *c != Command::Palette && !self.unavailable.contains(c))
            .filter(|c| {
                let mut words = Vec::new();
                for lang in Lang::ALL {
                    words.extend(crate::text::fold_words(crate::i18n::tr(
                        lang,
                        c.label_key(),
                    )));
                }
                typed
                    .iter()
                    .all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
            })
            .map(PaletteItem::Command)
            .collect();
        items.extend(
            self.hits
                .iter()
                .cloned()
                .map(|h| PaletteItem::Entity(Box::new(h))),
        );
        self.items = items;
    }
}

/// A line of the palette.
#[derive(Clone, Debug, PartialEq)]
pub enum PaletteItem {
    /// A command of the catalogue.
    Command(Command),
    /// An entity to open.
    Entity(Box<Hit>),
}

/// Filters of the search panel beyond the kind.
#[derive(Clone, Debug, Default)]
pub struct FilterState {
    /// The theme entities must be linked to: id and name.
    pub theme: Option<(EntityId, String)>,
    /// What is typed in the theme picker.
    pub theme_text: String,
    /// Themes found for it.
    pub theme_hits: Vec<Hit>,
    pub(super) theme_seq: u64,
    /// Start of the date range, as typed.
    pub from: String,
    /// End of the date range, as typed.
    pub to: String,
}

impl FilterState {
    /// A typed date is usable: empty, or a date with a year, as people write it.
    pub fn date_ok(typed: &str) -> bool {
        typed.trim().is_empty() || Self::stored(typed).is_some()
    }

    /// A typed date in its stored form, when it reads as a date with a year.
    fn stored(typed: &str) -> Option<String> {
        crate::text::dates::read(typed)
            .ok()
            .filter(|d| d.bounds().is_some())
            .map(|d| d.to_string())
    }

    /// The filters for the search engine (a date that does not parse is left out).
    pub fn filters(&self) -> Filters {
        let date = |t: &str| Self::stored(t);
        Filters {
            theme: self.theme.as_ref().map(|t| t.0),
            from: date(&self.from),
            to: date(&self.to),
        }
    }

    /// Whether any filter beyond the kind is set.
    pub fn any(&self) -> bool {
        !self.filters().is_empty()
    }
}

/// What the typed-path dialog is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FilePurpose {
    /// Open a file (or create one with the built-in example).
    #[default]
    Open,
    /// Create a new knowledge base, with the example or empty.
    Create {
        /// With the built-in example.
        example: bool,
    },
    /// Save a copy of the open file.
    SaveCopy,
}

/// State of the "open another file / create new" dialog.
#[derive(Clone, Debug, Default)]
pub struct FileDialog {
    /// What it is for.
    pub purpose: FilePurpose,
    /// A path typed by hand (when no system dialog is available).
    pub typed_path: String,
    /// Shown on request (no system dialog), not only after a failed open.
    pub open: bool,
    /// Why the last file asked for could not be opened, while the current one stays open.
    pub error: Option<String>,
    /// The copy's destination holds a file: replacing it waits for a confirmation.
    pub confirm_replace: Option<PathBuf>,
    /// The path field should take the focus (the dialog just opened).
    pub focus: bool,
}
