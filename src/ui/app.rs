//! The application's state: the view data the views draw from, the queue of actions
//! they push, and what only the action handling touches (the store, the worker).

use super::action::Action;
use super::entity_view::{EntityView, FIRST_ROWS, PAGE};
use super::state::{FileInfo, FilePurpose, OpenFailure, ViewData};
use super::worker::{self, Done, Job, Target, Worker};
use super::{AppOptions, Page, SETTINGS_KEY, fonts, views};
use crate::i18n::Tr;
use crate::location::{default_db_path, open_or_create_with_seed};
use crate::model::EntityId;
use crate::store::search::Results;
use crate::store::{Create, OpenError, Store};
use std::path::PathBuf;

/// The database the window shows, or none (the reason is in the view data).
pub(super) enum Db {
    /// Open (boxed: a store is large beside the other variant).
    Open(Box<Store>),
    /// Could not be opened.
    Failed,
}

/// The application.
pub struct LienketApp {
    /// What the views draw.
    pub data: ViewData,
    /// Intents queued while drawing, handled after the frame.
    pub(super) actions: Vec<Action>,
    pub(super) db: Db,
    pub(super) inline_jobs: bool,
    pub(super) search_seq: u64,
    pub(super) panel_seq: u64,
    pub(super) worker: Option<Worker>,
    /// The worker thread could not start: searches are not run (the status line says so).
    pub(super) worker_failed: bool,
    /// Calls made to the store since the counter was last read (a debug figure: idle
    /// frames must make none).
    pub(super) store_calls: u64,
    pub(super) ctx: egui::Context,
    /// The window title last sent.
    title: String,
    /// Where backups go instead of the data folder (tests).
    pub(super) backups_root: Option<PathBuf>,
    /// The lock that says this window has the open file (one window per file).
    pub(super) file_lock: Option<crate::file_lock::FileLock>,
    /// Make the day's backup of the file when it was edited.
    pub(super) daily_backup: bool,
    /// The zoom last set, until egui has applied it.
    pub(super) zoom_asked: Option<f32>,
    /// The day's backup running on a thread of its own, until it reports.
    pub(super) backup_running: Option<std::sync::mpsc::Receiver<Result<(), String>>>,
    /// The file's `data_version` when last read.
    pub(super) data_version: Option<i64>,
    /// When the file was last asked whether it changed.
    pub(super) version_checked: std::time::Instant,
    /// Set to stop the import the worker is running.
    pub(super) import_cancel: std::sync::Arc<std::sync::atomic::AtomicBool>,
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
            data: ViewData {
                settings,
                ..ViewData::default()
            },
            actions: Vec::new(),
            db: Db::Failed,
            inline_jobs: options.inline_jobs,
            search_seq: 0,
            panel_seq: 0,
            worker: None,
            worker_failed: false,
            store_calls: 0,
            ctx,
            title: String::new(),
            backups_root: options.backups_root.clone(),
            file_lock: None,
            daily_backup: options.daily_backup,
            zoom_asked: None,
            backup_running: None,
            data_version: None,
            version_checked: std::time::Instant::now(),
            import_cancel: Default::default(),
        };
        app.data.welcome_open = !app.data.settings.welcome_seen;
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
        if let Some(dir) = &options.crash_dir {
            app.crash_notice(dir);
        }
        app
    }

    pub(super) fn tr(&self) -> Tr {
        Tr(self.data.settings.lang)
    }

    /// Switches to a newly opened store. A file that cannot be opened leaves the current
    /// one open (when there is one) and says why in the file dialog, with what was typed
    /// kept; the search box is searched again in the new file.
    pub(super) fn switch_db(&mut self, opened: Result<Store, (PathBuf, OpenError)>) {
        match opened {
            Err((path, e)) if matches!(self.db, Db::Open(_)) => {
                let message = views::open_error_message(self.tr(), &e);
                let d = &mut self.data.file_dialog;
                if !d.open || d.purpose == FilePurpose::SaveCopy {
                    // Not typed here (Open recent, the system dialog): show which file,
                    // in a dialog that opens or creates, not one that saves a copy.
                    d.typed_path = path.display().to_string();
                    d.purpose = FilePurpose::Open;
                }
                d.confirm_replace = None;
                d.open = true;
                d.error = Some(message);
            }
            opened => {
                self.data.file_dialog.error = None;
                self.set_db(opened);
                if self.store().is_some() && !self.data.search_text.is_empty() {
                    self.run_search();
                }
            }
        }
    }

    /// Installs a newly opened store (or the error), resets views, reopens the last entity.
    pub(super) fn set_db(&mut self, opened: Result<Store, (PathBuf, OpenError)>) {
        self.worker = None;
        self.worker_failed = false;
        self.db = Db::Failed;
        self.file_lock = None;
        let d = &mut self.data;
        d.entity = None;
        d.home = None;
        d.hits.clear();
        d.reading = None;
        d.filter = Default::default();
        d.palette = None;
        d.index_progress = None;
        d.nav = Default::default();
        d.store_open = false;
        d.read_only = false;
        d.locked_elsewhere = false;
        d.open_error = None;
        d.file = None;
        d.notice = None;
        d.backups = None;
        d.undo_restore = None;
        d.selected = None;
        d.document = None;
        d.sharing = None;
        d.unlinked = None;
        d.browsing = false;
        d.hits_more = false;
        match opened {
            Ok(mut store) => {
                self.store_calls += 1;
                self.data.file_dialog.open = false;
                self.data.new_base = None;
                if !self.data.settings.author.trim().is_empty() {
                    store.set_author(&self.data.settings.author);
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
                            self.data.status =
                                Some(self.tr().fmt("worker_failed", &[("error", &e.to_string())]));
                        }
                    }
                }
                self.data.kinds = store.kinds().unwrap_or_default();
                self.data.store_open = true;
                self.data.read_only = store.is_read_only();
                if let Some(path) = store.path() {
                    let path = path.to_owned();
                    self.data.file = Some(FileInfo {
                        example: crate::seed::example(&store).ok().flatten(),
                        path: path.clone(),
                    });
                    self.remember_recent(&path);
                }
                self.data_version = store.data_version().ok();
                self.db = Db::Open(Box::new(store));
                self.lock_file();
                self.notice_once();
                self.backup_if_due();
                self.check_folder_at_start();
                self.reload_list();
                if matches!(index_state, Ok(s) if s != crate::store::search::State::Ready)
                    && !self.data.read_only
                {
                    self.data.index_progress = Some(0.0);
                    self.submit(Job::PrepareIndex);
                }
                self.submit(Job::Home);
                let last = self.data.settings.last_entity.clone();
                if let Some(uid) = last
                    && let Db::Open(store) = &self.db
                    && let Ok(Some(e)) = store.entity_by_uid(&uid)
                {
                    self.navigate(Page::Entity(e.id));
                }
            }
            Err((path, e)) => {
                let message = views::open_error_message(self.tr(), &e);
                let untouched = !matches!(e, OpenError::NotFound(_));
                self.data.open_error = Some(OpenFailure {
                    path,
                    message,
                    untouched,
                });
            }
        }
    }

    /// The open store, if any.
    pub fn store(&self) -> Option<&Store> {
        match &self.db {
            Db::Open(s) => Some(s),
            Db::Failed => None,
        }
    }

    /// The open store, counted as a call the window made.
    pub(super) fn store_mut(&mut self) -> Option<&mut Store> {
        match &mut self.db {
            Db::Open(s) => {
                self.store_calls += 1;
                Some(s)
            }
            Db::Failed => None,
        }
    }

    /// How many times the window has reached for the store since the last call (a debug
    /// figure: a frame with nothing to do must make none).
    pub fn take_store_calls(&mut self) -> u64 {
        std::mem::take(&mut self.store_calls)
    }

    /// The page being shown.
    pub fn page(&self) -> Page {
        self.data.page()
    }

    /// Queues an action (views and tests).
    pub fn act(&mut self, action: Action) {
        self.actions.push(action);
    }

    /// The palette's lines (empty when it is closed).
    pub fn palette_items(&self) -> Vec<super::PaletteItem> {
        self.data
            .palette
            .as_ref()
            .map(|p| p.items.clone())
            .unwrap_or_default()
    }

    /// Runs a job on the worker (or inline in test mode). Counted as a store call.
    pub(super) fn submit(&mut self, job: Job) {
        self.store_calls += 1;
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
    pub(super) fn next_seq(&mut self) -> u64 {
        self.search_seq += 1;
        self.search_seq
    }

    pub(super) fn receive(&mut self, done: Done) {
        let tr = self.tr();
        let d = &mut self.data;
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
                        d.status = Some(e.to_string());
                        return;
                    }
                };
                match target {
                    Target::Panel if seq == self.panel_seq => {
                        let mut hits = results.hits;
                        d.hits_more = hits.len() > d.hits_limit;
                        hits.truncate(d.hits_limit);
                        d.hits = hits;
                        d.reading = results.reading;
                    }
                    Target::Palette => {
                        if let Some(p) = &mut d.palette
                            && seq == p.seq
                        {
                            let presentation = d.presentation;
                            p.hits = results.hits;
                            p.hits.retain(|h| !(presentation && h.entity.private));
                            p.reading = results.reading;
                            p.refresh_items();
                        }
                    }
                    Target::ThemePicker if seq == d.filter.theme_seq => {
                        d.filter.theme_hits = results.hits;
                    }
                    _ => {}
                }
            }
            Done::IndexProgress(f) => d.index_progress = Some(f),
            Done::IndexReady(r) => {
                d.index_progress = None;
                match r {
                    Ok(()) => self.run_search(),
                    Err(e) => d.status = Some(e.to_string()),
                }
            }
            Done::ImportProgress(f) => {
                if let Some(w) = &mut d.import {
                    w.running = Some(f);
                }
            }
            Done::Imported(result) => self.imported(result),
            Done::Taken(result) => self.taken(*result),
            Done::Home(Ok(h)) => d.home = Some(h),
            Done::Home(Err(e)) => d.status = Some(e.to_string()),
            Done::Sources(id, Ok(citations)) => {
                if let Some(v) = d.entity.as_mut().filter(|v| v.entity.id == id) {
                    v.set_relation_citations(&citations);
                }
            }
            Done::Sources(_, Err(e)) => d.status = Some(e.to_string()),
            Done::Graph(Ok(network)) => self.receive_network(network),
            Done::Timeline(Ok(t)) => self.receive_timeline(t),
            Done::Timeline(Err(e)) => d.status = Some(e.to_string()),
            Done::Graph(Err(e)) => {
                d.graph_loading = false;
                d.status = Some(e.to_string());
            }
            Done::Extracted(seq, result) => self.receive_analysis(seq, result),
            Done::Unlinked(id, Ok(list)) => {
                if d.current_entity() == Some(id) {
                    d.unlinked = Some((id, list));
                }
            }
            Done::Unlinked(_, Err(e)) => d.status = Some(e.to_string()),
            Done::Unavailable(e) => {
                d.status = Some(tr.fmt("worker_failed", &[("error", &e.to_string())]));
            }
        }
    }

    pub(super) fn reload_list(&mut self) {
        let kind = self.data.kind_filter.clone();
        let Some(store) = self.store_mut() else {
            return;
        };
        let mut list = store
            .list(kind.as_deref(), LIST_LIMIT + 1)
            .unwrap_or_default();
        let d = &mut self.data;
        d.list_truncated = list.len() > LIST_LIMIT;
        list.truncate(LIST_LIMIT);
        let by_given = d.settings.people_by_given_name;
        list.sort_by_cached_key(|r| {
            let given = if by_given && r.kind == "person" {
                crate::text::collation_key(crate::text::given_name(&r.name))
            } else {
                crate::text::collation_key(&r.name)
            };
            (given, crate::text::collation_key(&r.name))
        });
        d.list = list;
        self.find_namesakes();
    }

    /// The context lines of list entries whose name another entry shares, so namesakes
    /// can be told apart.
    fn find_namesakes(&mut self) {
        let mut seen: std::collections::HashMap<String, usize> = Default::default();
        for r in &self.data.list {
            *seen.entry(crate::text::fold(&r.name)).or_default() += 1;
        }
        let ids: Vec<EntityId> = self
            .data
            .list
            .iter()
            .filter(|r| {
                seen.get(&crate::text::fold(&r.name))
                    .is_some_and(|n| *n > 1)
            })
            .map(|r| r.id)
            .collect();
        self.data.namesakes.clear();
        if ids.is_empty() {
            return;
        }
        if let Some(store) = self.store_mut() {
            let found = store.contexts(&ids).unwrap_or_default();
            self.data.namesakes = found.into_iter().collect();
        }
    }

    pub(super) fn navigate(&mut self, page: Page) {
        if self.page() == page {
            return;
        }
        let nav = &mut self.data.nav;
        nav.history.truncate(nav.index + 1);
        nav.history.push(page);
        nav.index = nav.history.len() - 1;
        self.show_page();
    }

    /// Loads the view model of the current page: once per navigation, never per frame.
    pub(super) fn show_page(&mut self) {
        match self.page() {
            Page::Home => {
                self.data.entity = None;
                self.data.settings.last_entity = None;
                self.submit(Job::Home);
            }
            Page::Graph => self.show_graph_page(),
            Page::Timeline => self.show_timeline_page(),
            Page::NewDocument => {
                self.data
                    .document
                    .get_or_insert_with(super::document::DocumentPage::default);
            }
            Page::Sharing => {
                self.data
                    .sharing
                    .get_or_insert_with(super::sharing::SharingPage::default);
            }
            Page::Entity(id) => {
                let Some(store) = self.store_mut() else {
                    return;
                };
                let warnings = store.warnings(Some(id), 20).unwrap_or_default();
                match entity_view(store, id) {
                    Ok(view) => {
                        self.data.warnings = warnings;
                        self.data.settings.last_entity = Some(view.entity.uid.clone());
                        let kind = view.entity.kind.clone();
                        self.data.entity = Some(view);
                        self.read_names_then();
                        self.read_unlinked(id, &kind);
                        // The sources of every relation, not only the rows read: in the
                        // background, so the page shows at once.
                        self.submit(Job::Sources(id));
                    }
                    Err(e) => {
                        self.data.status = Some(e.to_string());
                        self.data.entity = None;
                    }
                }
            }
        }
    }
}

impl LienketApp {
    /// Reads the next page of relation group `group` of the entity shown.
    pub(super) fn load_more(&mut self, group: usize) {
        let Some((id, predicate, direction, offset)) = self.data.entity.as_ref().and_then(|v| {
            let g = v.groups.get(group).filter(|g| g.is_partial())?;
            Some((v.entity.id, g.predicate.clone(), g.direction, g.items.len()))
        }) else {
            return;
        };
        let Some(store) = self.store_mut() else {
            return;
        };
        match store.relations_page(id, &predicate, direction, offset, PAGE) {
            Ok(rows) if !rows.is_empty() => {
                if let Some(v) = &mut self.data.entity {
                    v.append(group, rows);
                }
                self.read_names_then();
            }
            Ok(_) => {
                // The group shrank since it was counted: stop asking.
                if let Some(g) = self
                    .data
                    .entity
                    .as_mut()
                    .and_then(|v| v.groups.get_mut(group))
                {
                    g.total = g.items.len();
                }
            }
            Err(e) => self.data.status = Some(e.to_string()),
        }
    }
}

impl LienketApp {
    /// Filters group `group` of the entity shown by typed text: the rows not read yet
    /// are read first, so the filter sees the whole group.
    pub(super) fn filter_group(&mut self, group: usize, text: String) {
        let Some((id, predicate, direction, offset, missing)) =
            self.data.entity.as_ref().and_then(|v| {
                let g = v.groups.get(group)?;
                Some((
                    v.entity.id,
                    g.predicate.clone(),
                    g.direction,
                    g.items.len(),
                    g.total.saturating_sub(g.items.len()),
                ))
            })
        else {
            return;
        };
        if missing > 0 && !text.trim().is_empty() {
            let Some(store) = self.store_mut() else {
                return;
            };
            match store.relations_page(id, &predicate, direction, offset, missing) {
                Ok(rows) => {
                    if let Some(v) = &mut self.data.entity {
                        v.append(group, rows);
                    }
                }
                Err(e) => self.data.status = Some(e.to_string()),
            }
        }
        if let Some(g) = self
            .data
            .entity
            .as_mut()
            .and_then(|v| v.groups.get_mut(group))
        {
            g.set_filter(&text);
            if g.filter.is_none() && !text.is_empty() {
                // Only spaces typed: keep them in the field.
                g.filter = Some((text, (0..g.items.len()).collect()));
            }
        }
    }
}

/// The entity view of `id`: its head and every group's count with its first rows (the
/// whole group when it fits in a page, so it can be shown in dictionary order).
fn entity_view(store: &Store, id: EntityId) -> crate::store::Result<EntityView> {
    let head = store.detail_head(id)?;
    let mut groups = Vec::new();
    for g in store.relation_groups(id)? {
        let first = if g.count <= PAGE { PAGE } else { FIRST_ROWS };
        let rows = store.relations_page(id, &g.predicate, g.direction, 0, first)?;
        groups.push((g, rows));
    }
    Ok(EntityView::paged(head, groups))
}

impl eframe::App for LienketApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        if let Some(w) = &self.worker {
            for done in w.poll() {
                self.receive(done);
            }
        }
        self.poll_backup();
        self.step_graph(ctx);
        self.follow_external_changes(ctx);
        self.read_shortcuts(ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        views::main_ui(ui, &self.data, &mut self.actions);
        if !self.actions.is_empty() {
            // Drain actions queued by other actions too, then draw their result.
            while !self.actions.is_empty() {
                self.handle_actions_in(Some(frame));
            }
            ui.ctx().request_repaint();
        }
        self.follow_keyboard_zoom(ui.ctx());
        let title = self.window_title();
        if title != self.title {
            ui.ctx()
                .send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.data.settings);
        // Called every half minute and on close: a day spent editing gets its backup.
        self.backup_if_due();
    }
}
