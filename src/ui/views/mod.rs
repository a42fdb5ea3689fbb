//! The views. Each borrows the [`ViewData`] it draws and pushes [`Action`]s; none clones
//! the data per frame, writes it, or touches the store.

mod dialogs;
mod document;
mod editor;
mod entity;
mod exchange;
mod file_dialogs;
mod graph;
mod graph_controls;
mod history;
mod home;
mod left_panel;
mod mentions;
mod menu_bar;
mod merging;
mod palette;
mod relate;
mod sharing;
mod timeline;
mod toolbar;
mod vocabulary;
mod widgets;

pub use widgets::{kind_icon, open_error_message, store_error_message};

use super::{Action, Page, ViewData};
use egui::{RichText, Ui};

/// The id of the search box, whose focus the list keys follow.
pub fn search_box_id() -> egui::Id {
    egui::Id::unique("search_box")
}

/// The whole window.
pub fn main_ui(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    palette::palette_keys(ui.ctx(), data, actions);
    egui::Panel::top("menu_bar").show(ui, |ui| menu_bar::menu_bar_ui(ui, data, actions));
    egui::Panel::top("toolbar").show(ui, |ui| toolbar::toolbar_ui(ui, data, actions));
    if let Some(notice) = &data.notice {
        egui::Panel::top("notice").show(ui, |ui| {
            dialogs::notice_bar(ui, data, notice, actions);
        });
    }
    status_bar(ui, data, actions);
    if let Some(failure) = &data.open_error {
        egui::CentralPanel::default().show(ui, |_| {});
        if data.new_base.is_some() || data.file_dialog.open {
            // What the failure dialog's buttons asked for, in its place.
            dialogs_ui(ui.ctx(), data, actions);
        } else {
            file_dialogs::path_dialog(ui.ctx(), data, actions, Some(failure));
        }
        return;
    }
    dialogs_ui(ui.ctx(), data, actions);
    if !data.presentation {
        sidebar(ui, data, actions);
    }
    if data.palette.is_some() {
        palette::palette_ui(ui.ctx(), data, actions);
    }
    egui::CentralPanel::default().show(ui, |ui| {
        match data.page() {
            Page::Graph => return graph::graph_ui(ui, data, actions),
            Page::Timeline => return timeline::timeline_ui(ui, data, actions),
            Page::NewDocument => return document::document_ui(ui, data, actions),
            Page::Sharing => return sharing::sharing_ui(ui, data, actions),
            Page::Home | Page::Entity(_) => {}
        }
        egui::ScrollArea::vertical()
            .id_salt("page")
            .auto_shrink([false, false])
            .show(ui, |ui| match (data.page(), &data.entity) {
                (Page::Home, _) => home::home_ui(ui, data, actions),
                (Page::Entity(_), Some(view)) if !data.visible(view.entity.private) => {
                    ui.label(RichText::new(tr.get("private_hidden")).weak());
                }
                (Page::Entity(_), Some(view)) => entity::entity_ui(ui, data, view, actions),
                (Page::Graph | Page::Timeline | Page::NewDocument | Page::Sharing, _) => {}
                (Page::Entity(_), None) => {
                    ui.label(tr.get("entity_missing"));
                }
            });
    });
}

/// The line at the bottom: an error (red) or a piece of information, with Dismiss.
fn status_bar(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    let (text, error) = match (&data.status, &data.info) {
        (Some(e), _) => (e, true),
        (None, Some(i)) => (i, false),
        (None, None) => return,
    };
    egui::Panel::bottom("status").show(ui, |ui| {
        ui.horizontal(|ui| {
            let text = RichText::new(text);
            ui.label(if error {
                text.color(ui.visuals().error_fg_color)
            } else {
                text
            });
            if ui.small_button(tr.get("dismiss")).clicked() {
                actions.push(Action::DismissStatus);
            }
        });
    });
}

/// The dialogs that are open.
fn dialogs_ui(ctx: &egui::Context, data: &ViewData, actions: &mut Vec<Action>) {
    if data.file_dialog.open {
        file_dialogs::path_dialog(ctx, data, actions, None);
    }
    if let Some(example) = data.new_base {
        file_dialogs::new_dialog(ctx, data, example, actions);
    }
    if let Some(rows) = &data.backups {
        file_dialogs::backups_dialog(ctx, data, rows, actions);
    }
    if data.preferences_open {
        dialogs::preferences_dialog(ctx, data, actions);
    }
    if data.about_open {
        dialogs::about_dialog(ctx, data, actions);
    }
    if data.locked_elsewhere {
        dialogs::locked_dialog(ctx, data, actions);
    }
    if let Some(form) = &data.form {
        editor::form_dialog(ctx, data, form, actions);
    }
    if let Some(c) = &data.confirm_delete {
        editor::delete_dialog(ctx, data, c, actions);
    }
    if let Some(f) = &data.relation_form {
        relate::relation_dialog(ctx, data, f, actions);
    }
    if let Some(c) = &data.relation_change {
        relate::change_dialog(ctx, data, c, actions);
    }
    if let Some(h) = &data.history {
        history::history_dialog(ctx, data, h, actions);
    }
    if let Some(f) = &data.kind_form {
        vocabulary::kind_dialog(ctx, data, f, actions);
    }
    if let Some(f) = &data.predicate_form {
        vocabulary::predicate_dialog(ctx, data, f, actions);
    }
    if let Some(all) = &data.all_warnings {
        editor::warnings_dialog(ctx, data, all, actions);
    }
    if let Some(d) = &data.export {
        exchange::export_dialog(ctx, data, d, actions);
    }
    if let Some(w) = &data.import {
        exchange::import_dialog(ctx, data, w, actions);
    }
    if let Some(m) = &data.merge {
        merging::merge_dialog(ctx, data, m, actions);
    } else if let Some(pairs) = &data.duplicates {
        merging::duplicates_dialog(ctx, data, pairs, actions);
    }
}

/// The sidebar: search and list. Its width is the one the user chose, whatever the zoom
/// (each zoom keeps its own panel state, started from that width), and at most 45 % of
/// the window, so zooming in never squeezes the entity view out.
fn sidebar(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let zoom = (data.zoom() * 100.0).round() as i32;
    let max = (ui.available_width() * 0.45).max(220.0);
    let chosen = data.settings.sidebar_width.clamp(220.0, 2000.0);
    let panel = egui::Panel::left(("browser", zoom))
        .resizable(true)
        .default_size(chosen.min(max))
        .size_range(220.0..=max)
        .show(ui, |ui| left_panel::left_panel_ui(ui, data, actions));
    let width = panel.response.rect.width();
    let dragging = ui.ctx().input(|i| i.pointer.primary_down());
    if dragging && width < max - 1.0 && (width - chosen).abs() > 1.0 {
        actions.push(Action::SidebarWidth(width));
    }
}
