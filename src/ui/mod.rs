//! The window: an eframe app over one open store.
//!
//! The app keeps its state in two parts: the [`ViewData`] that views draw from (view
//! models built once per navigation, edit or search answer: the entity view with its
//! relation groups and sources, the list, search hits, home figures) and the queue of
//! [`Action`]s. Views borrow the view data and push actions; they never clone it per
//! frame, never write to it, and never touch the store. Actions are handled in one place
//! after the frame ([`LienketApp::handle_actions`]), which is also how tests drive the
//! app. Searches and home figures run on a [`worker::Worker`] thread, or inline in test
//! mode.

mod action;
mod actions;
mod app;
mod as_of;
pub mod commands;
pub mod document;
pub mod editor;
mod entity_view;
pub mod exchange;
mod files;
pub mod fonts;
pub mod format;
pub mod graph;
mod graph_export;
pub mod history;
pub mod icon;
mod keys;
pub mod look;
mod maps;
mod mentions;
pub mod merging;
pub mod relate;
mod safekeeping;
pub mod sharing;
mod state;
pub mod timeline;
mod undo;
mod views;
pub mod vocabulary;
pub mod worker;

pub use action::{Action, PaletteAction};
pub use app::LienketApp;
pub use entity_view::{EntityView, FIRST_ROWS, Group, PAGE, SourceGroup, SourceQuote};
pub use graph_export::PictureFormat;
pub use look::kind_color;
pub use state::{
    BackupRow, FileDialog, FileInfo, FilePurpose, FilterState, Nav, Notice, OpenFailure, Palette,
    PaletteItem, ViewData,
};
pub use views::kind_icon;

use crate::i18n::Lang;
use crate::model::EntityId;
use std::path::{Path, PathBuf};

/// Settings kept by eframe's storage (never in the knowledge base). Window size is kept
/// by eframe itself.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Interface language.
    pub lang: Lang,
    /// Dark theme.
    pub dark: bool,
    /// UI zoom factor.
    pub zoom: f32,
    /// Uid of the last entity viewed, reopened at the next start.
    pub last_entity: Option<String>,
    /// List people by given name (the last word of a Vietnamese name).
    pub people_by_given_name: bool,
    /// Author recorded on edits; empty means the OS user.
    pub author: String,
    /// Files opened, newest first (at most [`RECENT_FILES`]).
    pub recent: Vec<PathBuf>,
    /// The welcome page was dismissed.
    pub welcome_seen: bool,
    /// Notices already shown once ("cloud:PATH", "read_only:PATH").
    pub notices_seen: Vec<String>,
    /// Width of the sidebar at 100 % zoom, in points.
    pub sidebar_width: f32,
    /// Zoom of presentation mode (150–200 %).
    pub presentation_zoom: f32,
    /// Column mappings saved in the import wizard, by the sheet's headers (joined by
    /// tabs): a sheet with the same headers is read the same way.
    pub import_mappings: std::collections::BTreeMap<String, crate::exchange::mapping::SavedMapping>,
}

/// Files kept in Open recent.
pub const RECENT_FILES: usize = 10;

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::Vi,
            dark: false,
            zoom: 1.0,
            last_entity: None,
            people_by_given_name: false,
            author: String::new(),
            recent: Vec::new(),
            welcome_seen: false,
            notices_seen: Vec::new(),
            sidebar_width: 340.0,
            presentation_zoom: look::PRESENTATION_ZOOM,
            import_mappings: Default::default(),
        }
    }
}

/// The key of [`Settings`] in eframe's storage.
pub const SETTINGS_KEY: &str = "lienket-settings";

/// How the app is started.
#[derive(Clone, Debug, Default)]
pub struct AppOptions {
    /// The database (`None`: the default one, created with the built-in knowledge base).
    pub db: Option<PathBuf>,
    /// Run background jobs inline (tests), so results are there in the same frame.
    pub inline_jobs: bool,
    /// Settings to start with instead of the stored ones (tests).
    pub settings: Option<Settings>,
    /// Keep backups under this folder instead of the data folder (tests).
    pub backups_root: Option<PathBuf>,
    /// Make the day's backup of the file when it was edited (off in benchmarks).
    pub daily_backup: bool,
    /// Where crash reports are kept: one not mentioned before is pointed to once.
    pub crash_dir: Option<PathBuf>,
}

/// A page of the browser-like navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// Counts and the most connected entities.
    Home,
    /// One entity.
    Entity(EntityId),
    /// The network around an entity, a theme or the whole base.
    Graph,
    /// Events, or an entity's dated relations, on a time axis.
    Timeline,
    /// A new document from a text: the entities it mentions and proposes, reviewed.
    NewDocument,
    /// Sharing changes with colleagues' copies, and the activity list.
    Sharing,
}

/// Opens the window on `db` (or the default database).
pub fn run(db: Option<&Path>) -> eframe::Result<()> {
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Lienket")
        .with_app_id("lienket")
        .with_inner_size([1200.0, 800.0])
        .with_min_inner_size([640.0, 420.0]);
    if let Some(icon) = icon::window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let db = db.map(Path::to_owned);
    // Backups made before a migration go to the data folder, not beside the file.
    crate::backups::register_migration_backups();
    eframe::run_native(
        "Lienket",
        options,
        Box::new(move |cc| {
            Ok(Box::new(LienketApp::new(
                cc,
                AppOptions {
                    db,
                    inline_jobs: false,
                    settings: None,
                    backups_root: None,
                    daily_backup: true,
                    crash_dir: crate::diagnostics::data_dir()
                        .map(|d| crate::diagnostics::crash_dir(&d)),
                },
            )))
        }),
    )
}
