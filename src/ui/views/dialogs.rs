//! The dialogs: preferences, and opening or creating a file by its path.

use super::ViewData;
use super::widgets::roomy_layouter;
use crate::ui::Action;
use crate::ui::commands::Command;
use crate::ui::state::OpenFailure;
use egui::RichText;
use std::path::PathBuf;

/// Preferences: the author name recorded on every edit (empty: the OS user). Editing
/// records an action; nothing is written while drawing.
pub(super) fn preferences_dialog(ctx: &egui::Context, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("preferences")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading(tr.get("preferences_title"));
        ui.add_space(6.0);
        let label = ui.label(tr.get("author_name"));
        let mut author = data.settings.author.clone();
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut author)
                    .layouter(&mut roomy_layouter)
                    .hint_text(crate::store::default_author())
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if field.changed() {
            actions.push(Action::SetAuthor(author));
        }
        ui.label(RichText::new(tr.get("author_hint")).weak());
        ui.add_space(8.0);
        if ui.button(tr.get("close")).clicked() {
            actions.push(Action::ClosePreferences);
        }
    });
    if modal.should_close() {
        actions.push(Action::ClosePreferences);
    }
}

/// The dialog to open or create a file: after a failed open (`failed`: the file and the
/// message; it cannot be dismissed, there is nothing behind it), or on request when no
/// system file dialog exists (dismissable).
pub(super) fn path_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    actions: &mut Vec<Action>,
    failed: Option<&OpenFailure>,
) {
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("path_dialog")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        if let Some(failure) = failed {
            ui.heading(tr.get("open_failed_title"));
            ui.add_space(6.0);
            ui.label(&failure.message);
            if failure.untouched {
                // Only a file that is there can have been left unchanged.
                ui.add_space(6.0);
                ui.label(RichText::new(tr.get("file_untouched")).weak());
            }
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                if ui.button(tr.get("open_other_file")).clicked() {
                    actions.push(Action::Run(Command::OpenFile));
                }
                if ui.button(tr.get("create_new")).clicked() {
                    actions.push(Action::Run(Command::NewFile));
                }
            });
            ui.add_space(8.0);
        } else {
            ui.heading(tr.get("path_dialog_title"));
            ui.add_space(6.0);
            if let Some(message) = &data.file_dialog.error {
                // The current file stays open: this is about the one asked for.
                ui.label(RichText::new(message).color(ui.visuals().error_fg_color));
                ui.label(RichText::new(tr.get("current_file_kept")).weak());
                ui.add_space(6.0);
            }
        }
        let label = ui.label(tr.get("typed_path"));
        let mut text = data.file_dialog.typed_path.clone();
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .layouter(&mut roomy_layouter)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        ui.horizontal(|ui| {
            let typed = PathBuf::from(text.trim());
            if ui.button(tr.get("open_typed")).clicked() {
                actions.push(Action::OpenFile(typed.clone()));
            }
            if ui.button(tr.get("create_typed")).clicked() {
                actions.push(Action::CreateFile(typed));
            }
            if failed.is_none() && ui.button(tr.get("cancel")).clicked() {
                actions.push(Action::CloseFileDialog);
            }
        });
        if field.changed() {
            actions.push(Action::TypedPath(text));
        }
    });
    if failed.is_none() && modal.should_close() {
        actions.push(Action::CloseFileDialog);
    }
}
