//! The views. Each borrows the [`ViewData`] it draws and pushes [`Action`]s; none clones
//! the data per frame, writes it, or touches the store.

mod dialogs;
mod entity;
mod home;
mod left_panel;
mod palette;
mod toolbar;
mod widgets;

pub use widgets::{kind_color, kind_icon, open_error_message};

use super::{Action, Page, ViewData};
use egui::{RichText, Ui};

/// The whole window.
pub fn main_ui(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    palette::palette_keys(ui.ctx(), data, actions);
    egui::Panel::top("toolbar").show(ui, |ui| toolbar::toolbar_ui(ui, data, actions));
    if data.read_only {
        egui::Panel::top("read_only_banner").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(tr.get("read_only_banner"))
                        .color(ui.visuals().warn_fg_color)
                        .strong(),
                );
            });
        });
    }
    if let Some(status) = &data.status {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(status).color(ui.visuals().error_fg_color));
                if ui.small_button(tr.get("dismiss")).clicked() {
                    actions.push(Action::DismissStatus);
                }
            });
        });
    }
    if let Some(failure) = &data.open_error {
        egui::CentralPanel::default().show(ui, |_| {});
        dialogs::path_dialog(ui.ctx(), data, actions, Some(failure));
        return;
    }
    if data.file_dialog.open {
        dialogs::path_dialog(ui.ctx(), data, actions, None);
    }
    if data.preferences_open {
        dialogs::preferences_dialog(ui.ctx(), data, actions);
    }
    egui::Panel::left("browser")
        .resizable(true)
        .default_size(340.0)
        // At most 45 % of the window, so zooming in never squeezes the entity view out.
        .size_range(220.0..=(ui.available_width() * 0.45).max(220.0))
        .show(ui, |ui| left_panel::left_panel_ui(ui, data, actions));
    if data.palette.is_some() {
        palette::palette_ui(ui.ctx(), data, actions);
    }
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("page")
            .auto_shrink([false, false])
            .show(ui, |ui| match (data.page(), &data.entity) {
                (Page::Home, _) => home::home_ui(ui, data, actions),
                (Page::Entity(_), Some(view)) => entity::entity_ui(ui, data, view, actions),
                (Page::Entity(_), None) => {
                    ui.label(tr.get("entity_missing"));
                }
            });
    });
}
