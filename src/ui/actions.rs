//! Handling the queued actions: the one place that changes the view data, runs
//! commands, and reaches the store (directly or through the worker).

use super::Page;
use super::action::{Action, PaletteAction};
use super::app::LienketApp;
use super::commands::Command;
use super::state::{FilePurpose, Palette, PaletteItem};
use super::worker::{Job, Target};
use crate::i18n::Lang;
use crate::store::search::{Filters, Query};
use crate::store::{Create, Store};

/// Hits shown at first, and added by each "show more".
pub(super) const HITS_PAGE: usize = 100;

impl LienketApp {
    /// Handles every queued action. Called once per frame, after drawing.
    pub fn handle_actions(&mut self) {
        self.handle_actions_in(None);
    }

    /// [`Self::handle_actions`], with the window the file dialogs belong to.
    pub(super) fn handle_actions_in(&mut self, window: Option<&eframe::Frame>) {
        let actions = std::mem::take(&mut self.actions);
        for action in actions {
            self.handle(action, window);
        }
    }

    fn handle(&mut self, action: Action, window: Option<&eframe::Frame>) {
        match action {
            Action::Open(id) => self.navigate(Page::Entity(id)),
            Action::Run(c) => self.run_command(c, window),
            Action::Search(text) => {
                self.data.search_text = text;
                self.data.hits_limit = HITS_PAGE;
                self.run_search();
            }
            Action::SearchFocused => self.data.focus_search = false,
            Action::FilterKind(kind) => {
                self.data.kind_filter = kind;
                self.reload_list();
                self.run_search();
            }
            Action::PeopleByGivenName(on) => {
                self.data.settings.people_by_given_name = on;
                self.reload_list();
            }
            Action::SetLang(lang) => {
                self.data.settings.lang = lang;
                if self.data.notice.is_some() {
                    // Said again in the new language.
                    self.notice_once();
                }
                if let Some(failure) = &self.data.open_error {
                    // Re-translate the error by opening again.
                    let path = failure.path.clone();
                    if !path.as_os_str().is_empty() {
                        let opened = Store::open(&path, Create::No).map_err(|e| (path, e));
                        self.set_db(opened);
                    }
                }
            }
            Action::OpenFile(path) => self.open_path(&path),
            Action::CreateFile { path, example } => self.create_path(&path, example),
            Action::NewBase(choice) => self.data.new_base = choice,
            Action::NewBaseWhere => {
                if let Some(example) = self.data.new_base.take() {
                    self.ask_for_file(FilePurpose::Create { example }, window);
                }
            }
            Action::SaveCopy { path, replace } => self.save_copy(&path, replace),
            Action::ClearRecent => self.data.settings.recent.clear(),
            Action::Restore(path) => self.restore(&path),
            Action::CloseBackups => self.data.backups = None,
            Action::CloseAbout => self.data.about_open = false,
            Action::LockedReadOnly => self.read_only_beside_other_window(),
            Action::LockedEditAnyway => {
                tracing::warn!("editing a file another window has open");
                self.data.locked_elsewhere = false;
            }
            Action::DismissWelcome => {
                self.data.welcome_open = false;
                self.data.settings.welcome_seen = true;
            }
            Action::DismissNotice => {
                if let Some(n) = self.data.notice.take() {
                    self.data.settings.notices_seen.push(n.key);
                }
            }
            Action::MoreHits => {
                self.data.hits_limit += HITS_PAGE;
                self.run_search();
            }
            Action::Select(by) => {
                let n = self.data.line_ids().len();
                if n > 0 {
                    let next = match self.data.selected {
                        None if by < 0 => n - 1,
                        None => 0,
                        Some(i) => (i as isize + by).clamp(0, n as isize - 1) as usize,
                    };
                    self.data.selected = Some(next);
                }
            }
            Action::OpenSelected => {
                let ids = self.data.line_ids();
                if let Some(id) = ids.get(self.data.selected.unwrap_or(0)) {
                    self.navigate(Page::Entity(*id));
                }
            }
            Action::FilterGroup(group, text) => self.filter_group(group, text),
            Action::SidebarWidth(w) => self.data.settings.sidebar_width = w,
            Action::FormField(field, text) => {
                if let Some(f) = &mut self.data.form {
                    f.values.insert(field, text);
                }
            }
            Action::FormKind(kind) => {
                if let Some(f) = &mut self.data.form {
                    f.kind = kind;
                }
            }
            Action::FormPrivateField(field, on) => {
                if let Some(f) = &mut self.data.form {
                    if on {
                        f.private_fields.insert(field);
                    } else {
                        f.private_fields.remove(&field);
                    }
                }
            }
            Action::FormPrivate(on) => {
                if let Some(f) = &mut self.data.form {
                    f.private = on;
                }
            }
            Action::SaveForm => self.save_form(),
            Action::CloseForm => {
                let unsaved = self.data.form.as_ref().is_some_and(|f| f.unsaved());
                if self.may_close(unsaved) {
                    self.data.form = None;
                }
            }
            Action::FormRemoveAlias(name, remove) => {
                if let Some(f) = &mut self.data.form {
                    if remove {
                        f.removed_aliases.insert(name);
                    } else {
                        f.removed_aliases.remove(&name);
                    }
                }
            }
            Action::DiscardChanges => {
                self.data.discard_asked = false;
                // The form on top goes.
                if self.data.relation_change.take().is_none()
                    && self.data.relation_form.take().is_none()
                {
                    self.data.form = None;
                }
            }
            Action::KeepEditing => self.data.discard_asked = false,
            Action::Exchange(edit) => self.exchange_edit(edit),
            Action::Document(edit) => self.document_edit(edit),
            Action::Sharing(edit) => self.sharing_edit(edit),
            Action::LinkMention(i) => self.link_mention(i),
            Action::Graph(edit) => self.graph_edit(edit),
            Action::Timeline(edit) => self.timeline_edit(edit),
            Action::ConfirmDelete => self.delete_confirmed(),
            Action::CancelDelete => self.data.confirm_delete = None,
            Action::RelationForm(change) => self.edit_relation_form(change),
            Action::SaveRelationForm => self.save_relation_form(),
            Action::CloseRelationForm => {
                let unsaved = self
                    .data
                    .relation_form
                    .as_ref()
                    .is_some_and(|f| f.unsaved());
                if self.may_close(unsaved) {
                    self.data.relation_form = None;
                }
            }
            Action::EditRelation(r) => self.open_relation_change(&r),
            Action::RelationChangeText(part, text) => {
                if let Some(c) = &mut self.data.relation_change {
                    use super::relate::RelationPart;
                    match part {
                        RelationPart::Role => c.role = text,
                        RelationPart::Dates => c.dates = text,
                        RelationPart::Note => c.note = text,
                    }
                }
            }
            Action::SaveRelationChange => self.save_relation_change(),
            Action::CloseRelationChange => {
                let unsaved = self
                    .data
                    .relation_change
                    .as_ref()
                    .is_some_and(|c| c.unsaved());
                if self.may_close(unsaved) {
                    self.data.relation_change = None;
                }
            }
            Action::DeleteRelation(uid) => self.delete_relation(&uid),
            Action::EntityHistory => {
                let id = self.data.current_entity();
                self.open_history(id);
            }
            Action::HistoryFilter { author, from, to } => {
                if let Some(h) = &mut self.data.history {
                    h.author = author;
                    h.from = from;
                    h.to = to;
                    h.refilter();
                }
            }
            Action::Revert(edit) => self.revert_edit(edit),
            Action::CloseHistory => self.data.history = None,
            Action::OpenMerge(a, b) => self.open_merge(a, b),
            Action::NotDuplicate(a, b) => self.not_duplicate(a, b),
            Action::CloseDuplicates => self.data.duplicates = None,
            Action::MergeChoose(f, side) => {
                if let Some(m) = &mut self.data.merge {
                    m.chosen.insert(f, side.min(1));
                }
            }
            Action::DoMerge => self.merge_chosen(),
            Action::CloseMerge => self.data.merge = None,
            Action::Vocabulary(change) => self.edit_vocabulary(change),
            Action::SaveVocabulary => {
                if self.data.kind_form.is_some() {
                    self.save_kind();
                } else {
                    self.save_predicate();
                }
            }
            Action::DismissWarning(key) => self.dismiss_warning(&key),
            Action::CloseWarnings => self.data.all_warnings = None,
            Action::CloseVocabulary => {
                self.data.kind_form = None;
                self.data.predicate_form = None;
            }
            Action::AsOf(text) => self.set_as_of(text),
            Action::TypedPath(text) => self.data.file_dialog.typed_path = text,
            Action::PathFocused => self.data.file_dialog.focus = false,
            Action::CloseFileDialog => {
                self.data.file_dialog.open = false;
                self.data.file_dialog.error = None;
            }
            Action::Palette(a) => self.palette_action(a),
            Action::ThemeText(text) => {
                self.data.filter.theme_text = text;
                self.run_theme_search();
            }
            Action::FilterTheme(theme) => {
                let f = &mut self.data.filter;
                f.theme = theme;
                f.theme_text.clear();
                f.theme_hits.clear();
                self.run_search();
            }
            Action::FilterDates { from, to } => {
                self.data.filter.from = from;
                self.data.filter.to = to;
                self.run_search();
            }
            Action::SetAuthor(author) => self.set_author(&author),
            Action::ClosePreferences => self.data.preferences_open = false,
            Action::DismissStatus => {
                self.data.status = None;
                self.data.info = None;
            }
            Action::LoadMore(group) => self.load_more(group),
        }
    }

    /// Sends the search box's text and filters to the search engine; with nothing typed
    /// but a theme or dates chosen, lists what they select; else clears the hits. One
    /// more hit than shown is asked for, to say honestly when there are more.
    pub(super) fn run_search(&mut self) {
        let seq = self.next_seq();
        self.panel_seq = seq;
        let d = &mut self.data;
        d.selected = None;
        d.hits_limit = d.hits_limit.max(HITS_PAGE);
        let filters = d.filter.filters();
        let typed = !d.search_text.trim().is_empty();
        d.browsing = !typed && !filters.is_empty();
        if !typed && !d.browsing {
            d.hits.clear();
            d.hits_more = false;
            d.reading = None;
            return;
        }
        let query = Query {
            text: crate::text::nfc(&d.search_text),
            kind: d.kind_filter.clone(),
            limit: d.hits_limit + 1,
        };
        self.submit(Job::Search {
            seq,
            target: Target::Panel,
            query,
            filters,
            browse: !typed,
        });
    }

    /// Looks for themes for the theme picker.
    fn run_theme_search(&mut self) {
        let seq = self.next_seq();
        let f = &mut self.data.filter;
        f.theme_seq = seq;
        if f.theme_text.trim().is_empty() {
            f.theme_hits.clear();
            return;
        }
        let job = Job::Search {
            seq,
            target: Target::ThemePicker,
            query: Query {
                text: crate::text::nfc(&f.theme_text),
                kind: Some("theme".into()),
                limit: 8,
            },
            filters: Filters::default(),
            browse: false,
        };
        self.submit(job);
    }

    fn palette_action(&mut self, a: PaletteAction) {
        match a {
            PaletteAction::Toggle if self.data.palette.is_some() => self.data.palette = None,
            PaletteAction::Toggle => self.data.palette = Some(Palette::new(&self.data)),
            PaletteAction::Close => self.data.palette = None,
            PaletteAction::Text(text) => {
                let seq = self.next_seq();
                let Some(p) = &mut self.data.palette else {
                    return;
                };
                p.text = text;
                p.selected = 0;
                p.seq = seq;
                if p.text.trim().is_empty() {
                    p.hits.clear();
                    p.reading = None;
                    p.refresh_items();
                    return;
                }
                p.refresh_items();
                let job = Job::Search {
                    seq,
                    target: Target::Palette,
                    query: Query {
                        text: crate::text::nfc(&p.text),
                        kind: None,
                        limit: 12,
                    },
                    filters: Filters::default(),
                    browse: false,
                };
                self.submit(job);
            }
            PaletteAction::Move(by) => {
                if let Some(p) = &mut self.data.palette
                    && !p.items.is_empty()
                {
                    let n = p.items.len() as isize;
                    p.selected = (p.selected as isize + by).rem_euclid(n) as usize;
                }
            }
            PaletteAction::Activate => {
                let Some(p) = self.data.palette.take() else {
                    return;
                };
                let Some(item) = p.items.get(p.selected.min(p.items.len().saturating_sub(1)))
                else {
                    self.data.palette = Some(p);
                    return;
                };
                match item {
                    PaletteItem::Command(c) => self.act(Action::Run(*c)),
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
                if self.data.nav.can_go_back() {
                    self.data.nav.index -= 1;
                    self.show_page();
                }
            }
            Command::Forward => {
                if self.data.nav.can_go_forward() {
                    self.data.nav.index += 1;
                    self.show_page();
                }
            }
            Command::Home => self.navigate(Page::Home),
            Command::Graph => self.show_graph(),
            Command::Timeline => self.show_timeline(),
            Command::FocusSearch => self.data.focus_search = true,
            Command::ToggleLanguage => {
                let next = match self.data.settings.lang {
                    Lang::Vi => Lang::En,
                    Lang::En => Lang::Vi,
                };
                self.act(Action::SetLang(next));
            }
            Command::ToggleTheme => {
                self.data.settings.dark = !self.data.settings.dark;
                self.apply_look();
            }
            Command::OpenFile => self.ask_for_file(FilePurpose::Open, window),
            Command::Export => self.open_export(),
            Command::Import => self.open_import(),
            Command::NewFile => self.data.new_base = Some(false),
            Command::SaveCopy => {
                if self.data.store_open {
                    self.ask_for_file(FilePurpose::SaveCopy, window);
                }
            }
            Command::Backups => self.list_backups(),
            Command::UndoRestore => self.undo_restore(),
            Command::Presentation => self.toggle_presentation(),
            Command::ZoomIn => self.zoom_by(1.1),
            Command::ZoomOut => self.zoom_by(1.0 / 1.1),
            Command::ZoomReset if self.data.presentation => {
                self.zoom_to(super::look::PRESENTATION_ZOOM);
            }
            Command::ZoomReset => self.zoom_to(1.0),
            Command::Welcome => {
                self.data.welcome_open = true;
                self.navigate(Page::Home);
            }
            Command::About => self.data.about_open = true,
            Command::Quit => {
                self.ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Command::NewEntity => self.open_form(None),
            Command::NewDocument => self.open_document_page(),
            Command::Sharing => self.open_sharing_page(),
            Command::EditEntity => {
                if let Some(id) = self.data.current_entity() {
                    self.open_form(Some(id));
                }
            }
            Command::DeleteEntity => {
                if let Some(id) = self.data.current_entity() {
                    self.ask_delete(id);
                }
            }
            Command::AddRelation => self.open_relation_form(),
            Command::History => self.open_history(None),
            Command::Duplicates => self.open_duplicates(),
            Command::CheckData => self.check_data(),
            Command::NewKind => {
                self.data.kind_form = Some(super::vocabulary::KindForm {
                    colour: [0x8a, 0x3f, 0x8f],
                    ..Default::default()
                });
            }
            Command::NewPredicate => {
                self.data.predicate_form = Some(super::vocabulary::PredicateForm::default());
            }
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::Palette => {
                if self.data.store_open {
                    self.palette_action(PaletteAction::Toggle);
                }
            }
            Command::Preferences => self.data.preferences_open = !self.data.preferences_open,
        }
    }

    /// Sets the author recorded on later edits (empty: the OS user).
    pub fn set_author(&mut self, author: &str) {
        self.data.settings.author = crate::text::nfc(author.trim());
        let name = if self.data.settings.author.is_empty() {
            crate::store::default_author()
        } else {
            self.data.settings.author.clone()
        };
        if let Some(store) = self.store_mut() {
            store.set_author(&name);
        }
    }
}
