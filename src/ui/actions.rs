//! Handling the queued actions: the one place that changes the view data, runs
//! commands, and reaches the store (directly or through the worker).

use super::Page;
use super::action::{Action, PaletteAction};
use super::app::LienketApp;
use super::commands::Command;
use super::state::{Palette, PaletteItem};
use super::worker::{Job, Target};
use crate::i18n::Lang;
use crate::location::open_or_create_with_seed;
use crate::store::search::{Filters, Query};
use crate::store::{Create, OpenError, Store};
use std::path::{Path, PathBuf};

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
                if let Some(failure) = &self.data.open_error {
                    // Re-translate the error by opening again.
                    let path = failure.path.clone();
                    if !path.as_os_str().is_empty() {
                        let opened = Store::open(&path, Create::No).map_err(|e| (path, e));
                        self.set_db(opened);
                    }
                }
            }
            Action::OpenFile(path) => {
                let path = expand_home(&path, home_dir().as_deref());
                let opened = Store::open(&path, Create::No).map_err(|e| (path, e));
                self.switch_db(opened);
            }
            Action::CreateFile(path) => {
                let path = expand_home(&path, home_dir().as_deref());
                let opened = if path.exists()
                    && std::fs::metadata(&path)
                        .map(|m| m.len() > 0)
                        .unwrap_or(false)
                {
                    Err((path.clone(), OpenError::AlreadyExists(path)))
                } else {
                    open_or_create_with_seed(&path).map_err(|e| (path, e))
                };
                self.switch_db(opened);
            }
            Action::TypedPath(text) => self.data.file_dialog.typed_path = text,
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
            Action::DismissStatus => self.data.status = None,
            Action::LoadMore(group) => self.load_more(group),
        }
    }

    /// Sends the search box's text and filters to the search engine (or clears the hits).
    pub(super) fn run_search(&mut self) {
        let seq = self.next_seq();
        self.panel_seq = seq;
        let d = &mut self.data;
        if d.search_text.trim().is_empty() {
            d.hits.clear();
            d.reading = None;
            return;
        }
        let job = Job::Search {
            seq,
            target: Target::Panel,
            query: Query {
                text: crate::text::nfc(&d.search_text),
                kind: d.kind_filter.clone(),
                limit: 100,
            },
            filters: d.filter.filters(),
        };
        self.submit(job);
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
        };
        self.submit(job);
    }

    fn palette_action(&mut self, a: PaletteAction) {
        match a {
            PaletteAction::Toggle if self.data.palette.is_some() => self.data.palette = None,
            PaletteAction::Toggle => self.data.palette = Some(Palette::new()),
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
            Command::OpenFile | Command::NewFile => {
                let save = c == Command::NewFile;
                match self.pick_file(save, window) {
                    Some(path) if save => self.act(Action::CreateFile(path)),
                    Some(path) => self.act(Action::OpenFile(path)),
                    None => {}
                }
            }
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

    /// Asks for a file with the system dialog. Without a dialog backend (some Linux
    /// desktops have neither the portal nor zenity) rfd returns `None` at once: then the
    /// typed-path dialog opens instead. In test mode it always does.
    fn pick_file(&mut self, save: bool, window: Option<&eframe::Frame>) -> Option<PathBuf> {
        if self.inline_jobs {
            self.data.file_dialog.open = true;
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
            self.data.file_dialog.open = true;
        }
        picked
    }

    pub(super) fn read_shortcuts(&mut self, ctx: &egui::Context) {
        let mac = ctx.os() == egui::os::OperatingSystem::Mac;
        let mut fired = Vec::new();
        let mut composing = self.data.ime_composing;
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
                    composing =
                        matches!(ime, egui::ImeEvent::Preedit { text, .. } if !text.is_empty());
                }
            }
        });
        self.data.ime_composing = composing;
        for c in fired {
            self.act(Action::Run(c));
        }
    }
}

/// The user's home folder, for `~` in typed paths.
fn home_dir() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().to_owned())
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
