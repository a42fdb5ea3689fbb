//! The small dialogs: preferences, About, and the once-per-file notice.

use super::ViewData;
use super::widgets::roomy_layouter;
use crate::ui::Action;
use crate::ui::Notice;
use egui::RichText;

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

/// About: the version and the schema version it writes, the licences (the program's and
/// the font's) and where the open file lives.
pub(super) fn about_dialog(ctx: &egui::Context, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("about")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.heading(tr.get("about_title"));
        ui.label(tr.fmt("about_version", &[("version", env!("CARGO_PKG_VERSION"))]));
        let schema = crate::store::LATEST_VERSION.to_string();
        ui.label(tr.fmt("about_schema", &[("schema", &schema)]));
        ui.add_space(6.0);
        ui.label(tr.get("about_what"));
        ui.add_space(6.0);
        ui.label(RichText::new(tr.get("about_licences")).strong());
        ui.label(tr.fmt("about_licence", &[("licence", env!("CARGO_PKG_LICENSE"))]));
        ui.label(tr.get("about_font_licence"));
        egui::CollapsingHeader::new(tr.get("about_font_licence_text")).show(ui, |ui| {
            egui::ScrollArea::vertical()
                .max_height(200.0)
                .show(ui, |ui| {
                    ui.label(RichText::new(crate::ui::fonts::DEJAVU_LICENCE).small());
                });
        });
        ui.label(tr.get("about_example_licence"));
        ui.add_space(6.0);
        ui.label(RichText::new(tr.get("about_file")).strong());
        let path = data
            .file
            .as_ref()
            .map(|f| f.path.display().to_string())
            .unwrap_or_else(|| tr.get("no_file").to_owned());
        ui.add(egui::Label::new(path).selectable(true));
        ui.add_space(8.0);
        if ui.button(tr.get("close")).clicked() {
            actions.push(Action::CloseAbout);
        }
    });
    if modal.should_close() {
        actions.push(Action::CloseAbout);
    }
}

/// The open file is open in another Lienket window: read it only, or edit it here too
/// (both windows' edits are kept; each sees the other's after a moment).
pub(super) fn locked_dialog(ctx: &egui::Context, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    egui::Modal::new(egui::Id::unique("locked_elsewhere")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading(tr.get("locked_title"));
        ui.add_space(6.0);
        ui.label(tr.get("locked_text"));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(tr.get("locked_read_only")).clicked() {
                actions.push(Action::LockedReadOnly);
            }
            if ui.button(tr.get("locked_edit_anyway")).clicked() {
                actions.push(Action::LockedEditAnyway);
            }
        });
    });
}

/// A message shown once for the open file: what a read-only file, or one in a cloud or
/// network folder, means for the user's data.
pub(super) fn notice_bar(
    ui: &mut egui::Ui,
    data: &ViewData,
    notice: &Notice,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(
            RichText::new(&notice.title)
                .strong()
                .color(ui.visuals().warn_fg_color),
        );
        ui.label(&notice.text);
        if ui.button(tr.get("understood")).clicked() {
            actions.push(Action::DismissNotice);
        }
    });
}
