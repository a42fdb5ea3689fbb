//! The file dialogs drawn by the window: New (empty or with the example), the typed-path
//! dialog that stands in for the system one (open, create, save a copy), and the list of
//! backups to restore.

use super::ViewData;
use super::widgets::roomy_layouter;
use crate::ui::commands::Command;
use crate::ui::format;
use crate::ui::state::OpenFailure;
use crate::ui::{Action, BackupRow, FilePurpose};
use egui::RichText;
use std::path::PathBuf;

/// File > New: an empty knowledge base, or one with the built-in example; then where.
pub(super) fn new_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    example: bool,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("new_base")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(tr.get("new_title"));
        ui.add_space(6.0);
        if ui.radio(!example, tr.get("new_empty")).clicked() {
            actions.push(Action::NewBase(Some(false)));
        }
        ui.label(RichText::new(tr.get("new_empty_hint")).weak());
        ui.add_space(4.0);
        if ui.radio(example, tr.get("new_example")).clicked() {
            actions.push(Action::NewBase(Some(true)));
        }
        ui.label(RichText::new(tr.get("new_example_hint")).weak());
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button(tr.get("new_where")).clicked() {
                actions.push(Action::NewBaseWhere);
            }
            if ui.button(tr.get("cancel")).clicked() {
                actions.push(Action::NewBase(None));
            }
        });
    });
    if modal.should_close() {
        actions.push(Action::NewBase(None));
    }
}

/// The dialog to open or create a file by its path: after a failed open (`failed`: the
/// file and the message; it cannot be dismissed, there is nothing behind it), or on
/// request when no system file dialog exists (dismissable), for what it was asked for.
pub(super) fn path_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    actions: &mut Vec<Action>,
    failed: Option<&OpenFailure>,
) {
    let tr = data.tr();
    let purpose = if failed.is_some() {
        FilePurpose::Open
    } else {
        data.file_dialog.purpose
    };
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
            let title = match purpose {
                FilePurpose::Open => "path_dialog_title",
                FilePurpose::Create { .. } => "new_title",
                FilePurpose::SaveCopy => "cmd_save_copy",
            };
            ui.heading(tr.get(title));
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
        if data.file_dialog.focus {
            field.request_focus();
            actions.push(Action::PathFocused);
        }
        // Enter in the field presses the dialog's first button.
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            let typed = PathBuf::from(text.trim());
            if enter && !text.trim().is_empty() {
                actions.push(match purpose {
                    FilePurpose::Open => Action::OpenFile(typed.clone()),
                    FilePurpose::Create { example } => Action::CreateFile {
                        path: typed.clone(),
                        example,
                    },
                    FilePurpose::SaveCopy => Action::SaveCopy {
                        path: typed.clone(),
                        replace: false,
                    },
                });
            }
            match purpose {
                FilePurpose::Open => {
                    if ui.button(tr.get("open_typed")).clicked() {
                        actions.push(Action::OpenFile(typed.clone()));
                    }
                    if ui.button(tr.get("create_typed")).clicked() {
                        actions.push(Action::CreateFile {
                            path: typed,
                            example: true,
                        });
                    }
                }
                FilePurpose::Create { example } => {
                    if ui.button(tr.get("create_typed")).clicked() {
                        actions.push(Action::CreateFile {
                            path: typed,
                            example,
                        });
                    }
                }
                FilePurpose::SaveCopy => {
                    if ui.button(tr.get("save_copy_typed")).clicked() {
                        actions.push(Action::SaveCopy {
                            path: typed.clone(),
                            replace: false,
                        });
                    }
                    // A file is there: replacing it is a second, explicit click.
                    if let Some(existing) = &data.file_dialog.confirm_replace
                        && *existing == typed
                        && ui.button(tr.get("replace")).clicked()
                    {
                        actions.push(Action::SaveCopy {
                            path: typed,
                            replace: true,
                        });
                    }
                }
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

/// File > Restore from backup: each backup with when and why it was made and how many
/// entities it holds; restoring keeps the current file aside (Undo restore).
pub(super) fn backups_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    rows: &[BackupRow],
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("backups")).show(ctx, |ui| {
        ui.set_max_width(620.0);
        ui.heading(tr.get("backups_title"));
        ui.label(RichText::new(tr.get("backups_hint")).weak());
        ui.add_space(6.0);
        if rows.is_empty() {
            ui.label(tr.get("no_backups"));
        }
        egui::ScrollArea::vertical()
            .max_height(ctx.content_rect().height() * 0.5)
            .show(ui, |ui| {
                egui::Grid::new("backup_rows")
                    .num_columns(4)
                    .striped(true)
                    .show(ui, |ui| {
                        for b in rows {
                            ui.label(format::date_time(tr, b.made_ms));
                            ui.label(RichText::new(tr.get(b.kind_key())).weak());
                            ui.label(match b.entities {
                                Some(n) => {
                                    tr.fmt("backup_entities", &[("n", &format::number(tr, n))])
                                }
                                None => tr.get("backup_unreadable").to_owned(),
                            });
                            let restore = ui
                                .add_enabled(
                                    b.entities.is_some(),
                                    egui::Button::new(tr.get("restore")),
                                )
                                .on_hover_text(b.path.display().to_string());
                            if restore.clicked() {
                                actions.push(Action::Restore(b.path.clone()));
                            }
                            ui.end_row();
                        }
                    });
            });
        ui.add_space(8.0);
        if ui.button(tr.get("close")).clicked() {
            actions.push(Action::CloseBackups);
        }
    });
    if modal.should_close() {
        actions.push(Action::CloseBackups);
    }
}
