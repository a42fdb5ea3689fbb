//! The menu bar (Tệp / Sửa / Thêm / Xem / Trợ giúp): every command of the catalogue in
//! its menu with its shortcut, and the recent files.

use super::ViewData;
use crate::ui::Action;
use crate::ui::commands::{Command, Menu};
use egui::{RichText, Ui};

/// The menu bar.
pub(super) fn menu_bar_ui(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    egui::MenuBar::new().ui(ui, |ui| {
        for menu in Menu::ALL {
            ui.menu_button(tr.get(menu.label_key()), |ui| {
                ui.set_min_width(260.0);
                for c in menu.commands() {
                    if c == Command::UndoRestore && !data.can_run(c) {
                        // Only there when a restore can be undone.
                        continue;
                    }
                    command_item(ui, data, actions, c);
                    if c == Command::OpenFile {
                        recent_menu(ui, data, actions);
                    }
                }
                if menu == Menu::Add {
                    ui.label(RichText::new(tr.get("add_menu_cli")).weak());
                }
            });
        }
    });
}

/// A command as a menu line: its name, its shortcut, greyed out when it cannot run; a
/// mode that is on shows selected.
fn command_item(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>, c: Command) {
    let tr = data.tr();
    // A mode that is on shows selected, as a toggle does.
    let on = c == Command::Presentation && data.presentation;
    let button = egui::Button::new(tr.get(c.label_key()))
        .selected(on)
        .shortcut_text(c.shortcut_text(ui.ctx()));
    if ui.add_enabled(data.can_run(c), button).clicked() {
        actions.push(Action::Run(c));
    }
}

/// File > Open recent: the last files opened, a missing one marked and not offered.
fn recent_menu(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    ui.menu_button(tr.get("open_recent"), |ui| {
        if data.settings.recent.is_empty() {
            ui.label(RichText::new(tr.get("no_recent")).weak());
            return;
        }
        for path in &data.settings.recent {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| path.display().to_string());
            let folder = path
                .parent()
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            let current = data.file.as_ref().is_some_and(|f| &f.path == path);
            // Checked when the menu is drawn (only while it is open).
            let missing = !path.exists();
            let text = if missing {
                tr.fmt("recent_missing", &[("name", &name)])
            } else {
                name
            };
            let button = egui::Button::selectable(current, text).shortcut_text(folder);
            let resp = ui
                .add_enabled(!missing, button)
                .on_hover_text(path.display().to_string());
            if resp.clicked() {
                actions.push(Action::OpenFile(path.clone()));
            }
        }
        ui.separator();
        if ui.button(tr.get("clear_recent")).clicked() {
            actions.push(Action::ClearRecent);
        }
    });
}
