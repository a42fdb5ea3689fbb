//! The view data: everything the views draw from, built when something changes (a
//! navigation, an edit, a search answer), borrowed by the views every frame.

use super::commands::Command;
use super::entity_view::EntityView;
use super::worker::HomeData;
use super::{Page, Settings};
use crate::i18n::Lang;
use crate::model::{EntityId, KindInfo};
use crate::store::EntityRow;
use crate::store::search::{Filters, Hit};
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

    /// The entity shown, if any.
    pub fn current_entity(&self) -> Option<EntityId> {
        match self.page() {
            Page::Entity(id) => Some(id),
            Page::Home => None,
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
    pub(super) seq: u64,
}

impl Palette {
    /// An empty palette, listing every command.
    pub fn new() -> Self {
        let mut p = Palette::default();
        p.refresh_items();
        p
    }

    /// Rebuilds the lines: the commands whose name (in either language) has a word
    /// starting with each typed word, then the entities found.
    pub(super) fn refresh_items(&mut self) {
        let typed = crate::text::fold_words(&self.text);
        let mut items: Vec<PaletteItem> = Command::ALL
            .into_iter()
            .filter(|c| *c != Command::Palette)
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
    /// A typed date is usable: empty, or a partial date with a year.
    pub fn date_ok(typed: &str) -> bool {
        let t = typed.trim();
        t.is_empty()
            || crate::model::PartialDate::parse(t)
                .map(|d| d.year.is_some())
                .unwrap_or(false)
    }

    /// The filters for the search engine (a date that does not parse is left out).
    pub fn filters(&self) -> Filters {
        let date = |t: &str| {
            let t = t.trim();
            (!t.is_empty() && Self::date_ok(t)).then(|| t.to_owned())
        };
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

/// State of the "open another file / create new" dialog.
#[derive(Clone, Debug, Default)]
pub struct FileDialog {
    /// A path typed by hand (when no system dialog is available).
    pub typed_path: String,
    /// Shown on request (no system dialog), not only after a failed open.
    pub open: bool,
    /// Why the last file asked for could not be opened, while the current one stays open.
    pub error: Option<String>,
}
