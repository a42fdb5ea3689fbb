//! The entity form and the delete confirmation.

use super::ViewData;
use super::widgets::{form_buttons, kind_combo, roomy_layouter};
use crate::ui::Action;
use crate::ui::editor::{DeleteConfirm, EntityForm, Field};
use egui::{RichText, Ui};

/// The entity form: kind, names, other names, dates as people write them, summary, typed
/// properties, private. Each refused field says why beside it.
pub(super) fn form_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    form: &EntityForm,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("entity_form")).show(ctx, |ui| {
        ui.set_width(ctx.content_rect().width().min(640.0) - 60.0);
        let title = if form.id.is_some() {
            "form_edit_title"
        } else {
            "form_new_title"
        };
        ui.heading(tr.get(title));
        ui.add_space(6.0);
        egui::ScrollArea::vertical()
            .max_height(ctx.content_rect().height() * 0.7)
            .show(ui, |ui| {
                egui::Grid::new("form_fields")
                    .num_columns(2)
                    .spacing([10.0, 6.0])
                    .show(ui, |ui| {
                        let label = ui.label(tr.get("kind_filter"));
                        if let Some(kind) = kind_combo(ui, data, "form_kind", &form.kind, label.id)
                        {
                            actions.push(Action::FormKind(kind));
                        }
                        ui.end_row();
                        for (field, key, hint, multiline) in [
                            (Field::Name, "form_name", "", false),
                            (Field::NameEn, "form_name_en", "", false),
                            (
                                Field::NewAliases,
                                "form_new_aliases",
                                "form_new_aliases_hint",
                                true,
                            ),
                            (Field::Dates, "form_dates", "form_dates_hint", false),
                            (Field::Summary, "form_summary", "", true),
                            (Field::Website, "prop_website", "https://…", false),
                            (Field::Phone, "prop_phone", "+84 …", false),
                            (Field::Email, "prop_email", "…@…", false),
                            (Field::Address, "prop_address", "", false),
                            (Field::Note, "form_note", "", true),
                        ] {
                            field_row(ui, data, form, field, key, hint, multiline, actions);
                            if field == Field::NewAliases && !form.aliases.is_empty() {
                                aliases_row(ui, data, form, actions);
                            }
                        }
                        ui.label("");
                        let mut private = form.private;
                        if ui
                            .checkbox(&mut private, tr.get("form_private"))
                            .on_hover_text(tr.get("form_private_hint"))
                            .changed()
                        {
                            actions.push(Action::FormPrivate(private));
                        }
                        ui.end_row();
                    });
            });
        ui.add_space(8.0);
        if !form.errors.is_empty() {
            ui.label(RichText::new(tr.get("form_has_errors")).color(ui.visuals().error_fg_color));
        }
        form_buttons(ui, data, Action::SaveForm, Action::CloseForm, actions);
    });
    if modal.should_close() {
        actions.push(Action::CloseForm);
    }
}

/// The other names the entity has, each kept unless unticked (then removed on saving).
fn aliases_row(ui: &mut Ui, data: &ViewData, form: &EntityForm, actions: &mut Vec<Action>) {
    let tr = data.tr();
    ui.label(tr.get("form_aliases_now"));
    ui.horizontal_wrapped(|ui| {
        for name in &form.aliases {
            let mut kept = !form.removed_aliases.contains(name);
            let text = if kept {
                RichText::new(name)
            } else {
                RichText::new(name).strikethrough().weak()
            };
            if ui
                .checkbox(&mut kept, text)
                .on_hover_text(tr.get("form_alias_keep_hint"))
                .changed()
            {
                actions.push(Action::FormRemoveAlias(name.clone(), !kept));
            }
        }
    });
    ui.end_row();
}

/// One field: its label, the text box, and why it was refused under it.
#[allow(clippy::too_many_arguments)]
fn field_row(
    ui: &mut Ui,
    data: &ViewData,
    form: &EntityForm,
    field: Field,
    key: &str,
    hint: &str,
    multiline: bool,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let label = ui.label(tr.get(key));
    ui.vertical(|ui| {
        let mut text = form.get(field).to_owned();
        let hint = if hint.is_empty() {
            String::new()
        } else {
            tr.get(hint).to_owned()
        };
        let property = Field::PROPERTIES.iter().any(|(f, _)| *f == field);
        ui.horizontal(|ui| {
            let mut layouter = roomy_layouter;
            let edit = if multiline {
                egui::TextEdit::multiline(&mut text).desired_rows(2)
            } else {
                egui::TextEdit::singleline(&mut text).layouter(&mut layouter)
            };
            // A typed property keeps room on its line for its "private" box.
            let width = if property {
                (ui.available_width() - 170.0).max(120.0)
            } else {
                f32::INFINITY
            };
            let r = ui
                .add(edit.hint_text(hint).desired_width(width))
                .labelled_by(label.id);
            if r.changed() {
                actions.push(Action::FormField(field, text));
            }
            if property {
                let mut private = form.private_fields.contains(&field);
                let name = tr.fmt("form_field_private", &[("field", tr.get(key))]);
                if ui
                    .checkbox(&mut private, name)
                    .on_hover_text(tr.get("form_private_hint"))
                    .changed()
                {
                    actions.push(Action::FormPrivateField(field, private));
                }
            }
        });
        if let Some(error) = form.errors.get(&field) {
            ui.label(RichText::new(error).color(ui.visuals().error_fg_color));
        }
    });
    ui.end_row();
}

/// Delete? With what goes along: relations, other names, sources.
pub(super) fn delete_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    c: &DeleteConfirm,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("confirm_delete")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        ui.heading(tr.fmt("delete_title", &[("name", &c.name)]));
        ui.add_space(6.0);
        let n = |x: usize| crate::ui::format::number(tr, x);
        ui.label(tr.fmt(
            "delete_goes_with",
            &[
                ("relations", &crate::ui::format::number(tr, c.relations)),
                ("aliases", &n(c.aliases)),
                ("citations", &n(c.citations)),
            ],
        ));
        ui.label(RichText::new(tr.get("delete_undo_hint")).weak());
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui
                .button(RichText::new(tr.get("delete")).color(ui.visuals().error_fg_color))
                .clicked()
            {
                actions.push(Action::ConfirmDelete);
            }
            if ui.button(tr.get("cancel")).clicked() {
                actions.push(Action::CancelDelete);
            }
        });
    });
    if modal.should_close() {
        actions.push(Action::CancelDelete);
    }
}

/// A plausibility warning in words.
pub(super) fn warning_text(tr: crate::i18n::Tr, w: &crate::store::Warning) -> String {
    let key = match w.concern {
        crate::store::Concern::BeforeItBegins => "warning_before",
        crate::store::Concern::AfterItEnds => "warning_after",
        crate::store::Concern::ReportBeforeEvent => "warning_report",
    };
    tr.fmt(
        key,
        &[
            ("entity", &w.entity_name),
            ("other", &w.other_name),
            ("predicate", &w.predicate),
        ],
    )
}

/// The warnings about the entity shown, each dismissible for good.
pub(super) fn warnings_on_page(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    for w in &data.warnings {
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("⚠ {}", warning_text(tr, w)))
                    .color(ui.visuals().warn_fg_color),
            );
            if !data.read_only && ui.small_button(tr.get("warning_dismiss")).clicked() {
                actions.push(Action::DismissWarning(w.key.clone()));
            }
        });
    }
}

/// "Check the data": every warning, to open or dismiss.
pub(super) fn warnings_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    all: &[crate::store::Warning],
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("warnings")).show(ctx, |ui| {
        ui.set_width(ctx.content_rect().width().min(760.0) - 60.0);
        ui.heading(tr.get("warnings_title"));
        if all.is_empty() {
            ui.label(tr.get("warnings_none"));
        }
        egui::ScrollArea::vertical()
            .max_height(ctx.content_rect().height() * 0.6)
            .show(ui, |ui| {
                for w in all {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(warning_text(tr, w));
                        if ui.small_button(tr.get("warning_open")).clicked() {
                            actions.push(Action::CloseWarnings);
                            actions.push(Action::Open(w.entity));
                        }
                        if ui.small_button(tr.get("warning_dismiss")).clicked() {
                            actions.push(Action::DismissWarning(w.key.clone()));
                        }
                    });
                }
            });
        if ui.button(tr.get("close")).clicked() {
            actions.push(Action::CloseWarnings);
        }
    });
    if modal.should_close() {
        actions.push(Action::CloseWarnings);
    }
}
