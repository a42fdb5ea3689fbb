//! The dialogs for a new kind and a new link type.

use super::ViewData;
use super::widgets::{kind_label, labelled_line};
use crate::ui::Action;
use crate::ui::vocabulary::{KindForm, PredicateForm, VocabularyEdit};
use egui::{RichText, Ui};

fn field(ui: &mut Ui, label: &str, value: &str, index: usize, actions: &mut Vec<Action>) {
    if let (_, Some(text)) = labelled_line(ui, label, value, "", 280.0) {
        actions.push(Action::Vocabulary(VocabularyEdit::Text(index, text)));
    }
    ui.end_row();
}

fn buttons(ui: &mut Ui, data: &ViewData, error: Option<&String>, actions: &mut Vec<Action>) {
    let tr = data.tr();
    if let Some(e) = error {
        ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
    }
    ui.horizontal(|ui| {
        if ui.button(tr.get("save")).clicked() {
            actions.push(Action::SaveVocabulary);
        }
        if ui.button(tr.get("cancel")).clicked() {
            actions.push(Action::CloseVocabulary);
        }
    });
}

/// A new kind: labels and colour.
pub(super) fn kind_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    f: &KindForm,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("kind_form")).show(ctx, |ui| {
        ui.heading(tr.get("kind_form_title"));
        egui::Grid::new("kind_fields")
            .num_columns(2)
            .show(ui, |ui| {
                field(ui, tr.get("label_vi"), &f.label_vi, 0, actions);
                field(ui, tr.get("label_en"), &f.label_en, 1, actions);
                let l = ui.label(tr.get("kind_colour"));
                let mut colour = f.colour;
                if ui
                    .color_edit_button_srgb(&mut colour)
                    .labelled_by(l.id)
                    .changed()
                {
                    actions.push(Action::Vocabulary(VocabularyEdit::Colour(colour)));
                }
                ui.end_row();
            });
        buttons(ui, data, f.error.as_ref(), actions);
    });
    if modal.should_close() {
        actions.push(Action::CloseVocabulary);
    }
}

/// A new link type: its label from each side (or symmetric), and the kinds each side
/// accepts.
pub(super) fn predicate_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    f: &PredicateForm,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let lang = data.settings.lang;
    let modal = egui::Modal::new(egui::Id::unique("predicate_form")).show(ctx, |ui| {
        ui.heading(tr.get("predicate_form_title"));
        let mut symmetric = f.symmetric;
        if ui
            .checkbox(&mut symmetric, tr.get("predicate_symmetric"))
            .changed()
        {
            actions.push(Action::Vocabulary(VocabularyEdit::Symmetric(symmetric)));
        }
        egui::Grid::new("predicate_fields")
            .num_columns(2)
            .show(ui, |ui| {
                field(ui, tr.get("predicate_label_vi"), &f.label_vi, 0, actions);
                field(ui, tr.get("predicate_label_en"), &f.label_en, 1, actions);
                if !f.symmetric {
                    field(
                        ui,
                        tr.get("predicate_inverse_vi"),
                        &f.inverse_vi,
                        2,
                        actions,
                    );
                    field(
                        ui,
                        tr.get("predicate_inverse_en"),
                        &f.inverse_en,
                        3,
                        actions,
                    );
                }
            });
        for (subject, key, chosen) in [
            (true, "predicate_subject_kinds", &f.subject_kinds),
            (false, "predicate_object_kinds", &f.object_kinds),
        ] {
            if f.symmetric && !subject {
                continue;
            }
            ui.label(RichText::new(tr.get(key)).strong());
            ui.horizontal_wrapped(|ui| {
                for k in &data.kinds {
                    let mut on = chosen.contains(&k.name);
                    if ui
                        .checkbox(&mut on, kind_label(&data.kinds, lang, &k.name))
                        .changed()
                    {
                        actions.push(Action::Vocabulary(VocabularyEdit::Side(
                            subject,
                            k.name.clone(),
                        )));
                    }
                }
            });
        }
        ui.label(RichText::new(tr.get("predicate_any_kind")).weak());
        buttons(ui, data, f.error.as_ref(), actions);
    });
    if modal.should_close() {
        actions.push(Action::CloseVocabulary);
    }
}
