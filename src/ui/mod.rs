//! The window: an eframe app over one open store.
//!
//! Views draw from view models that the app keeps (the current entity's detail, the list,
//! search hits, home figures); they never run SQL while drawing. A user intent becomes an
//! [`Action`], queued while drawing and handled in one place after the frame
//! ([`LienketApp::handle_actions`]), which is also how tests drive the app. Searches and
//! home figures run on a [`worker::Worker`] thread, or inline in test mode.

pub mod commands;
pub mod fonts;
pub mod format;
mod views;
pub mod worker;

pub use views::{kind_color, kind_icon};

use crate::i18n::{Lang, Tr};
use crate::location::{default_db_path, open_or_create_with_seed};
use crate::model::{EntityDetail, EntityId, KindInfo, RelationView};
use crate::store::search::{Filters, Hit, Query, Results};
use crate::store::{Create, EntityRow, OpenError, Store};
use commands::Command;
use std::path::{Path, PathBuf};
use worker::{Done, HomeData, Job, Target, Worker};

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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            lang: Lang::Vi,
            dark: false,
            zoom: 1.0,
            last_entity: None,
            people_by_given_name: false,
            author: String::new(),
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
}

/// A page of the browser-like navigation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    /// Counts and the most connected entities.
    Home,
    /// One entity.
    Entity(EntityId),
}

/// A user intent.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Open an entity (adds to history).
    Open(EntityId),
    /// Run a command from the catalogue.
    Run(Command),
    /// The search text changed.
    Search(String),
    /// Filter the list by kind.
    FilterKind(Option<String>),
    /// Sort people by given name.
    PeopleByGivenName(bool),
    /// Set the language.
    SetLang(Lang),
    /// Open a database file.
    OpenFile(PathBuf),
    /// Create a database file with the built-in knowledge base and open it.
    CreateFile(PathBuf),
    /// Something happened in the command palette.
    Palette(PaletteAction),
    /// The theme picker's text changed.
    ThemeText(String),
    /// Keep only entities linked to this theme (id and name), or drop that filter.
    FilterTheme(Option<(EntityId, String)>),
    /// Keep only entities dated within this range (partial dates as typed).
    FilterDates {
        /// From, as typed.
        from: String,
        /// To, as typed.
        to: String,
    },
}

/// What the command palette was asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum PaletteAction {
    /// Open it (or close it when open).
    Toggle,
    /// Close it without doing anything.
    Close,
    /// Its text changed.
    Text(String),
    /// Move the selection by this many lines (wrapping).
    Move(isize),
    /// Run the selected line: a command, or open an entity.
    Activate,
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
    seq: u64,
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
    theme_seq: u64,
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

/// A relation group of the entity view: one predicate in one direction.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// The relations, in Vietnamese alphabetical order of the other entity.
    pub items: Vec<RelationView>,
}

/// The entity view's model.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityView {
    /// Everything about the entity.
    pub detail: EntityDetail,
    /// Its relations grouped by label.
    pub groups: Vec<Group>,
}

impl EntityView {
    fn new(detail: EntityDetail) -> Self {
        let mut groups: Vec<Group> = Vec::new();
        for r in &detail.relations {
            match groups
                .iter_mut()
                .find(|g| g.label_vi == r.label && g.label_en == r.label_en)
            {
                Some(g) => g.items.push(r.clone()),
                None => groups.push(Group {
                    label_vi: r.label.clone(),
                    label_en: r.label_en.clone(),
                    items: vec![r.clone()],
                }),
            }
        }
        for g in &mut groups {
            g.items
                .sort_by_cached_key(|r| crate::text::collation_key(&r.other.name));
        }
        EntityView { detail, groups }
    }
}

/// The database the window shows, or why there is none.
pub enum Db {
    /// Open.
    Open(Store),
    /// Could not be opened: the message, and the file.
    Failed {
        /// The file.
        path: PathBuf,
        /// What went wrong, translated.
        message: String,
    },
}

/// State of the "open another file / create new" dialog.
#[derive(Default)]
pub struct FileDialog {
    /// A path typed by hand (when no system dialog is available).
    pub typed_path: String,
    /// Shown on request (no system dialog), not only after a failed open.
    pub open: bool,
}

/// The application.
pub struct LienketApp {
    /// Persisted preferences.
    pub settings: Settings,
    /// The open database.
    pub db: Db,
    inline_jobs: bool,
    history: Vec<Page>,
    history_index: usize,
    /// The entity being shown.
    pub entity: Option<EntityView>,
    /// Home page figures, once computed.
    pub home: Option<HomeData>,
    /// Kinds of the database.
    pub kinds: Vec<KindInfo>,
    /// The search box.
    pub search_text: String,
    search_seq: u64,
    panel_seq: u64,
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
    actions: Vec<Action>,
    worker: Option<Worker>,
    /// The worker thread could not start: searches are not run (the status line says so).
    worker_failed: bool,
    /// Message shown in the status bar.
    pub status: Option<String>,
    file_dialog: FileDialog,
    /// The preferences dialog is open.
    pub preferences_open: bool,
    focus_search: bool,
    ime_composing: bool,
    ctx: egui::Context,
}

/// Most entities loaded into the list at once.
const LIST_LIMIT: usize = 5_000;

impl LienketApp {
    /// Creates the app: fonts, theme, zoom, settings, and the database.
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        let settings = options
            .settings
            .clone()
            .or_else(|| cc.storage.and_then(|s| eframe::get_value(s, SETTINGS_KEY)))
            .unwrap_or_default();
        let ctx = cc.egui_ctx.clone();
        fonts::install(&ctx);
        let mut app = LienketApp {
            settings,
            db: Db::Failed {
                path: PathBuf::new(),
                message: String::new(),
            },
            inline_jobs: options.inline_jobs,
            history: vec![Page::Home],
            history_index: 0,
            entity: None,
            home: None,
            kinds: Vec::new(),
            search_text: String::new(),
            search_seq: 0,
            panel_seq: 0,
            hits: Vec::new(),
            reading: None,
            filter: FilterState::default(),
            palette: None,
            index_progress: None,
            list: Vec::new(),
            list_truncated: false,
            kind_filter: None,
            actions: Vec::new(),
            worker: None,
            worker_failed: false,
            status: None,
            file_dialog: FileDialog::default(),
            preferences_open: false,
            focus_search: false,
            ime_composing: false,
            ctx,
        };
        app.apply_look();
        let opened = match &options.db {
            Some(path) => Store::open(path, Create::No).map_err(|e| (path.clone(), e)),
            None => match default_db_path() {
                Ok(path) => open_or_create_with_seed(&path).map_err(|e| (path, e)),
                Err(e) => Err((
                    PathBuf::new(),
                    OpenError::Io {
                        path: PathBuf::new(),
                        source: std::io::Error::other(e.to_string()),
                    },
                )),
            },
        };
        app.set_db(opened);
        app
    }

    fn tr(&self) -> Tr {
        Tr(self.settings.lang)
    }

    fn apply_look(&self) {
        self.ctx.set_theme(if self.settings.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        if self.settings.zoom.is_finite() && (0.5..=4.0).contains(&self.settings.zoom) {
            self.ctx.set_zoom_factor(self.settings.zoom);
        }
    }

    /// Installs a newly opened store (or the error), resets views, reopens the last entity.
    fn set_db(&mut self, opened: Result<Store, (PathBuf, OpenError)>) {
        self.worker = None;
        self.worker_failed = false;
        self.entity = None;
        self.home = None;
        self.hits.clear();
        self.reading = None;
        self.filter = FilterState::default();
        self.palette = None;
        self.index_progress = None;
        self.history = vec![Page::Home];
        self.history_index = 0;
        match opened {
            Ok(mut store) => {
                self.file_dialog.open = false;
                if !self.settings.author.trim().is_empty() {
                    store.set_author(&self.settings.author);
                }
                let index_state = store.search_index_state();
                if !self.inline_jobs
                    && let Some(path) = store.path()
                {
                    let ctx = self.ctx.clone();
                    match Worker::start(path, move || ctx.request_repaint()) {
                        Ok(w) => self.worker = Some(w),
                        Err(e) => {
                            self.worker_failed = true;
                            self.status =
                                Some(self.tr().fmt("worker_failed", &[("error", &e.to_string())]));
                        }
                    }
                }
                self.kinds = store.kinds().unwrap_or_default();
                self.db = Db::Open(store);
                self.reload_list();
                if matches!(index_state, Ok(s) if s != crate::store::search::State::Ready)
                    && !self.store().is_some_and(Store::is_read_only)
                {
                    self.index_progress = Some(0.0);
                    self.submit(Job::PrepareIndex);
                }
                self.submit(Job::Home);
                let last = self.settings.last_entity.clone();
                if let Some(uid) = last
                    && let Db::Open(store) = &self.db
                    && let Ok(Some(e)) = store.entity_by_uid(&uid)
                {
                    self.navigate(Page::Entity(e.id));
                }
            }
            Err((path, e)) => {
                let message = views::open_error_message(self.tr(), &e);
                self.db = Db::Failed { path, message };
            }
        }
    }

    /// The open store, if any.
    pub fn store(&self) -> Option<&Store> {
        match &self.db {
            Db::Open(s) => Some(s),
            Db::Failed { .. } => None,
        }
    }

    /// The page being shown.
    pub fn page(&self) -> Page {
        self.history[self.history_index]
    }

    /// Queues an action (views and tests).
    pub fn act(&mut self, action: Action) {
        self.actions.push(action);
    }

    fn submit(&mut self, job: Job) {
        if let Some(w) = &self.worker {
            w.send(job);
        } else if self.worker_failed {
            // Said in the status line when it happened: the window does not freeze
            // running searches on its own thread instead.
        } else if let Db::Open(store) = &mut self.db {
            let mut progress = Vec::new();
            let done = worker::run_job(store, &job, &mut |d| progress.push(d));
            for d in progress {
                self.receive(d);
            }
            self.receive(done);
        }
    }

    /// A new sequence number for a search.
    fn next_seq(&mut self) -> u64 {
        self.search_seq += 1;
        self.search_seq
    }

    fn receive(&mut self, done: Done) {
        match done {
            Done::Search {
                seq,
                target,
                results,
            } => {
                let results: Results = match results {
                    Ok(r) => r,
                    Err(crate::store::StoreError::Interrupted) => return,
                    Err(e) => {
                        self.status = Some(e.to_string());
                        return;
                    }
                };
                match target {
                    Target::Panel if seq == self.panel_seq => {
                        self.hits = results.hits;
                        self.reading = results.reading;
                    }
                    Target::Palette => {
                        if let Some(p) = &mut self.palette
                            && seq == p.seq
                        {
                            p.hits = results.hits;
                            p.reading = results.reading;
                        }
                    }
                    Target::ThemePicker if seq == self.filter.theme_seq => {
                        self.filter.theme_hits = results.hits;
                    }
                    _ => {}
                }
            }
            Done::IndexProgress(f) => self.index_progress = Some(f),
            Done::IndexReady(r) => {
                self.index_progress = None;
                match r {
                    Ok(()) => self.run_search(),
                    Err(e) => self.status = Some(e.to_string()),
                }
            }
            Done::Home(Ok(h)) => self.home = Some(h),
            Done::Home(Err(e)) => self.status = Some(e.to_string()),
            Done::Unavailable(e) => {
                self.status = Some(self.tr().fmt("worker_failed", &[("error", &e.to_string())]));
            }
        }
    }

    fn reload_list(&mut self) {
        let Some(store) = self.store() else { return };
        let mut list = store
            .list(self.kind_filter.as_deref(), LIST_LIMIT + 1)
            .unwrap_or_default();
        self.list_truncated = list.len() > LIST_LIMIT;
        list.truncate(LIST_LIMIT);
        let by_given = self.settings.people_by_given_name;
        list.sort_by_cached_key(|r| {
            let given = if by_given && r.kind == "person" {
                crate::text::collation_key(crate::text::given_name(&r.name))
            } else {
                crate::text::collation_key(&r.name)
            };
            (given, crate::text::collation_key(&r.name))
        });
        self.list = list;
    }

    fn navigate(&mut self, page: Page) {
        if self.page() == page {
            return;
        }
        self.history.truncate(self.history_index + 1);
        self.history.push(page);
        self.history_index = self.history.len() - 1;
        self.show_page();
    }

    /// Loads the view model of the current page.
    fn show_page(&mut self) {
        match self.page() {
            Page::Home => {
                self.entity = None;
                self.settings.last_entity = None;
                self.submit(Job::Home);
            }
            Page::Entity(id) => {
                let Some(store) = self.store() else { return };
                match store.detail(id) {
                    Ok(d) => {
                        self.settings.last_entity = Some(d.entity.uid.clone());
                        self.entity = Some(EntityView::new(d));
                    }
                    Err(e) => {
                        self.status = Some(e.to_string());
                        self.entity = None;
                    }
                }
            }
        }
    }

    /// Whether Back would do something.
    pub fn can_go_back(&self) -> bool {
        self.history_index > 0
    }

    /// Whether Forward would do something.
    pub fn can_go_forward(&self) -> bool {
        self.history_index + 1 < self.history.len()
    }

    /// Handles every queued action. Called once per frame, after drawing.
    pub fn handle_actions(&mut self) {
        self.handle_actions_in(None);
    }

    /// [`Self::handle_actions`], with the window the file dialogs belong to.
    fn handle_actions_in(&mut self, window: Option<&eframe::Frame>) {
        let actions = std::mem::take(&mut self.actions);
        for action in actions {
            match action {
                Action::Open(id) => self.navigate(Page::Entity(id)),
                Action::Run(c) => self.run_command(c, window),
                Action::Search(text) => {
                    self.search_text = text;
                    self.run_search();
                }
                Action::FilterKind(kind) => {
                    self.kind_filter = kind;
                    self.reload_list();
                    self.run_search();
                }
                Action::PeopleByGivenName(on) => {
                    self.settings.people_by_given_name = on;
                    self.reload_list();
                }
                Action::SetLang(lang) => {
                    self.settings.lang = lang;
                    if let Db::Failed { path, .. } = &self.db {
                        // Re-translate the error by opening again.
                        let path = path.clone();
                        if !path.as_os_str().is_empty() {
                            let opened = Store::open(&path, Create::No).map_err(|e| (path, e));
                            self.set_db(opened);
                        }
                    }
                }
                Action::OpenFile(path) => {
                    let opened = Store::open(&path, Create::No).map_err(|e| (path, e));
                    self.set_db(opened);
                }
                Action::Palette(a) => self.palette_action(a),
                Action::ThemeText(text) => {
                    self.filter.theme_text = text;
                    self.run_theme_search();
                }
                Action::FilterTheme(theme) => {
                    self.filter.theme = theme;
                    self.filter.theme_text.clear();
                    self.filter.theme_hits.clear();
                    self.run_search();
                }
                Action::FilterDates { from, to } => {
                    self.filter.from = from;
                    self.filter.to = to;
                    self.run_search();
                }
                Action::CreateFile(path) => {
                    let opened = if path.exists()
                        && std::fs::metadata(&path)
                            .map(|m| m.len() > 0)
                            .unwrap_or(false)
                    {
                        Err((path.clone(), OpenError::AlreadyExists(path)))
                    } else {
                        open_or_create_with_seed(&path).map_err(|e| (path, e))
                    };
                    self.set_db(opened);
                }
            }
        }
    }

    /// Sends the search box's text and filters to the search engine (or clears the hits).
    fn run_search(&mut self) {
        let seq = self.next_seq();
        self.panel_seq = seq;
        if self.search_text.trim().is_empty() {
            self.hits.clear();
            self.reading = None;
            return;
        }
        let job = Job::Search {
            seq,
            target: Target::Panel,
            query: Query {
                text: crate::text::nfc(&self.search_text),
                kind: self.kind_filter.clone(),
                limit: 100,
            },
            filters: self.filter.filters(),
        };
        self.submit(job);
    }

    /// Looks for themes for the theme picker.
    fn run_theme_search(&mut self) {
        let seq = self.next_seq();
        self.filter.theme_seq = seq;
        if self.filter.theme_text.trim().is_empty() {
            self.filter.theme_hits.clear();
            return;
        }
        self.submit(Job::Search {
            seq,
            target: Target::ThemePicker,
            query: Query {
                text: crate::text::nfc(&self.filter.theme_text),
                kind: Some("theme".into()),
                limit: 8,
            },
            filters: Filters::default(),
        });
    }

    /// The palette's lines: the commands whose name (in either language) has a word
    /// starting with each typed word, then the entities found.
    pub fn palette_items(&self) -> Vec<PaletteItem> {
        let Some(p) = &self.palette else {
            return Vec::new();
        };
        let typed = crate::text::fold_words(&p.text);
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
            p.hits
                .iter()
                .cloned()
                .map(|h| PaletteItem::Entity(Box::new(h))),
        );
        items
    }

    fn palette_action(&mut self, a: PaletteAction) {
        match a {
            PaletteAction::Toggle if self.palette.is_some() => self.palette = None,
            PaletteAction::Toggle => self.palette = Some(Palette::default()),
            PaletteAction::Close => self.palette = None,
            PaletteAction::Text(text) => {
                let seq = self.next_seq();
                let Some(p) = &mut self.palette else { return };
                p.text = text;
                p.selected = 0;
                p.seq = seq;
                if p.text.trim().is_empty() {
                    p.hits.clear();
                    p.reading = None;
                    return;
                }
                let job = Job::Search {
                    seq,
                    target: Target::Palette,
                    query: Query {
                        text: crate::text::nfc(&p.text),
                        kind: None,
                        limit: 12,
                    },
                    filters: Filters::default(),
                };
                self.submit(job);
            }
            PaletteAction::Move(by) => {
                let n = self.palette_items().len() as isize;
                if let Some(p) = &mut self.palette
                    && n > 0
                {
                    p.selected = (p.selected as isize + by).rem_euclid(n) as usize;
                }
            }
            PaletteAction::Activate => {
                let items = self.palette_items();
                let Some(p) = &self.palette else { return };
                let Some(item) = items.get(p.selected.min(items.len().saturating_sub(1))) else {
                    return;
                };
                let item = item.clone();
                self.palette = None;
                match item {
                    PaletteItem::Command(c) => self.act(Action::Run(c)),
                    PaletteItem::Entity(h) => {
                        if let Some(id) = h.entity.id {
                            self.act(Action::Open(id));
                        }
                    }
                }
            }
        }
    }

    fn run_command(&mut self, c: Command, window: Option<&eframe::Frame>) {
        match c {
            Command::Back => {
                if self.can_go_back() {
                    self.history_index -= 1;
                    self.show_page();
                }
            }
            Command::Forward => {
                if self.can_go_forward() {
                    self.history_index += 1;
                    self.show_page();
                }
            }
            Command::Home => self.navigate(Page::Home),
            Command::FocusSearch => self.focus_search = true,
            Command::ToggleLanguage => {
                let next = match self.settings.lang {
                    Lang::Vi => Lang::En,
                    Lang::En => Lang::Vi,
                };
                self.act(Action::SetLang(next));
            }
            Command::ToggleTheme => {
                self.settings.dark = !self.settings.dark;
                self.apply_look();
            }
            Command::OpenFile | Command::NewFile => {
                let save = c == Command::NewFile;
                match self.pick_file(save, window) {
                    Some(path) if save => self.act(Action::CreateFile(path)),
                    Some(path) => self.act(Action::OpenFile(path)),
                    None => {}
                }
            }
            Command::Palette => {
                if self.store().is_some() {
                    self.palette_action(PaletteAction::Toggle);
                }
            }
            Command::Preferences => self.preferences_open = !self.preferences_open,
        }
    }

    /// Sets the author recorded on later edits (empty: the OS user).
    pub fn set_author(&mut self, author: &str) {
        self.settings.author = crate::text::nfc(author.trim());
        let name = if self.settings.author.is_empty() {
            crate::store::default_author()
        } else {
            self.settings.author.clone()
        };
        if let Db::Open(store) = &mut self.db {
            store.set_author(&name);
        }
    }

    /// Asks for a file with the system dialog. Without a dialog backend (some Linux
    /// desktops have neither the portal nor zenity) rfd returns `None` at once: then the
    /// typed-path dialog opens instead. In test mode it always does.
    fn pick_file(&mut self, save: bool, window: Option<&eframe::Frame>) -> Option<PathBuf> {
        if self.inline_jobs {
            self.file_dialog.open = true;
            return None;
        }
        let started = std::time::Instant::now();
        let mut dialog = rfd::FileDialog::new()
            .add_filter("Lienket", &["db", "sqlite", "lienket"])
            .set_title(self.tr().get(if save { "new_file" } else { "open_file" }));
        if let Some(window) = window {
            // Modal to the window, not a free-floating dialog behind it.
            dialog = dialog.set_parent(window);
        }
        let picked = if save {
            dialog.set_file_name("lienket.db").save_file()
        } else {
            dialog.pick_file()
        };
        // A person cancelling takes longer than this; a missing backend does not.
        if picked.is_none() && started.elapsed() < std::time::Duration::from_millis(250) {
            self.file_dialog.open = true;
        }
        picked
    }

    fn read_shortcuts(&mut self, ctx: &egui::Context) {
        let mac = ctx.os() == egui::os::OperatingSystem::Mac;
        let mut fired = Vec::new();
        ctx.input_mut(|i| {
            for c in Command::ALL {
                for s in c.shortcuts(mac) {
                    if i.consume_shortcut(&s) {
                        fired.push(c);
                    }
                }
            }
            if i.pointer.button_pressed(egui::PointerButton::Extra1) {
                fired.push(Command::Back);
            }
            if i.pointer.button_pressed(egui::PointerButton::Extra2) {
                fired.push(Command::Forward);
            }
            for e in &i.events {
                if let egui::Event::Ime(ime) = e {
                    self.ime_composing =
                        matches!(ime, egui::ImeEvent::Preedit { text, .. } if !text.is_empty());
                }
            }
        });
        for c in fired {
            self.act(Action::Run(c));
        }
    }
}

impl eframe::App for LienketApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if let Some(w) = &self.worker {
            for done in w.poll() {
                self.receive(done);
            }
        }
        self.read_shortcuts(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        views::main_ui(self, ui);
        if !self.actions.is_empty() {
            // Drain actions queued by other actions too, then draw their result.
            while !self.actions.is_empty() {
                self.handle_actions_in(Some(frame));
            }
            ui.ctx().request_repaint();
        }
        let zoom = ui.ctx().zoom_factor();
        if (zoom - self.settings.zoom).abs() > f32::EPSILON {
            self.settings.zoom = zoom;
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }
}

/// Opens the window on `db` (or the default database).
pub fn run(db: Option<&Path>) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Lienket")
            .with_app_id("lienket")
            .with_inner_size([1200.0, 800.0])
            .with_min_inner_size([640.0, 420.0]),
        ..Default::default()
    };
    let db = db.map(Path::to_owned);
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
                },
            )))
        }),
    )
}
