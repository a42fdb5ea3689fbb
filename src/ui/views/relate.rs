//! The relation form's dialog.

use super::ViewData;
use super::widgets::{form_buttons, hit_context, kind_badge, kind_combo, labelled_line};
use crate::model::Confidence;
use crate::ui::Action;
use crate::ui::relate::{RelationEdit, RelationForm};
use egui::{RichText, Ui};

fn edit(actions: &mut Vec<Action>, e: RelationEdit) {
    actions.push(Action::RelationForm(e));
}

/// A labelled one-line field that reports its changes.
fn text_field(
    ui: &mut Ui,
    label: &str,
    value: &str,
    hint: &str,
    actions: &mut Vec<Action>,
    change: fn(String) -> RelationEdit,
) {
    if let (_, Some(text)) = labelled_line(ui, label, value, hint, f32::INFINITY) {
        edit(actions, change(text));
    }
    ui.end_row();
}

/// The relation form.
pub(super) fn relation_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    f: &RelationForm,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let lang = data.settings.lang;
    let name = data
        .entity
        .as_ref()
        .map(|v| v.entity.name.clone())
        .unwrap_or_default();
    let modal = egui::Modal::new(egui::Id::unique("relation_form")).show(ctx, |ui| {
        ui.set_width(ctx.content_rect().width().min(660.0) - 60.0);
        ui.heading(tr.fmt("relate_title", &[("name", &name)]));
        ui.add_space(6.0);
        egui::Grid::new("relation_fields")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label(tr.get("relate_predicate"));
                let selected = f.chosen.and_then(|i| f.choices.get(i)).map_or_else(
                    || tr.get("relate_choose").to_owned(),
                    |c| c.label(lang).to_owned(),
                );
                egui::ComboBox::from_id_salt("relate_predicate")
                    .selected_text(selected)
                    .width(320.0)
                    .show_ui(ui, |ui| {
                        for (i, c) in f.choices.iter().enumerate() {
                            let text = if c.fits {
                                RichText::new(c.label(lang))
                            } else {
                                RichText::new(tr.fmt("relate_unfit", &[("label", c.label(lang))]))
                                    .weak()
                            };
                            if ui.selectable_label(f.chosen == Some(i), text).clicked() {
                                edit(actions, RelationEdit::Predicate(i));
                            }
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
                text_field(
                    ui,
                    tr.get("relate_other"),
                    &f.other_text,
                    tr.get("relate_other_hint"),
                    actions,
                    RelationEdit::OtherText,
                );
                ui.label("");
                ui.vertical(|ui| {
                    match &f.other {
                        Some((_, other, kind)) => {
                            ui.horizontal(|ui| {
                                kind_badge(ui, &data.kinds, lang, kind);
                                ui.label(RichText::new(other).strong());
                            });
                        }
                        None => {
                            for h in &f.other_hits {
                                ui.horizontal(|ui| {
                                    kind_badge(ui, &data.kinds, lang, &h.entity.kind);
                                    let r = ui.button(&h.entity.name);
                                    let context = hit_context(tr, h);
                                    if !context.is_empty() {
                                        ui.label(RichText::new(context).weak());
                                    }
                                    if r.clicked()
                                        && let Some(id) = h.entity.id
                                    {
                                        edit(
                                            actions,
                                            RelationEdit::Other(
                                                id,
                                                h.entity.name.clone(),
                                                h.entity.kind.clone(),
                                            ),
                                        );
                                    }
                                });
                            }
                            if !f.other_text.trim().is_empty() {
                                // Not in the list: made on the spot, of this kind.
                                ui.horizontal(|ui| {
                                    let l =
                                        ui.label(tr.fmt(
                                            "relate_new_other",
                                            &[("name", f.other_text.trim())],
                                        ));
                                    if let Some(kind) =
                                        kind_combo(ui, data, "relate_new_kind", &f.new_kind, l.id)
                                    {
                                        edit(actions, RelationEdit::NewKind(kind));
                                    }
                                });
                            }
                        }
                    }
                });
                ui.end_row();
                text_field(
                    ui,
                    tr.get("relate_role"),
                    &f.role,
                    tr.get("relate_role_hint"),
                    actions,
                    RelationEdit::Role,
                );
                text_field(
                    ui,
                    tr.get("form_dates"),
                    &f.dates,
                    tr.get("form_dates_hint"),
                    actions,
                    RelationEdit::Dates,
                );
                ui.label(RichText::new(tr.get("relate_source")).strong());
                ui.label("");
                ui.end_row();
                text_field(
                    ui,
                    tr.get("relate_document"),
                    &f.doc_text,
                    tr.get("relate_document_hint"),
                    actions,
                    RelationEdit::DocText,
                );
                ui.label("");
                ui.vertical(|ui| match &f.doc {
                    Some((_, doc)) => {
                        ui.label(RichText::new(doc).strong());
                    }
                    None => {
                        for h in &f.doc_hits {
                            if ui.button(&h.entity.name).clicked()
                                && let Some(id) = h.entity.id
                            {
                                edit(actions, RelationEdit::Doc(id, h.entity.name.clone()));
                            }
                        }
                    }
                });
                ui.end_row();
                text_field(
                    ui,
                    tr.get("relate_locator"),
                    &f.locator,
                    tr.get("relate_locator_hint"),
                    actions,
                    RelationEdit::Locator,
                );
                text_field(
                    ui,
                    tr.get("relate_quote"),
                    &f.quote,
                    "",
                    actions,
                    RelationEdit::Quote,
                );
                let l = ui.label(tr.get("relate_confidence"));
                let shown = f.confidence.map_or_else(
                    || tr.get("confidence_none").to_owned(),
                    |c| tr.get(confidence_key(c)).to_owned(),
                );
                egui::ComboBox::from_id_salt("relate_confidence")
                    .selected_text(shown)
                    .show_ui(ui, |ui| {
                        if ui
                            .selectable_label(f.confidence.is_none(), tr.get("confidence_none"))
                            .clicked()
                        {
                            edit(actions, RelationEdit::Confidence(None));
                        }
                        for c in Confidence::ALL {
                            if ui
                                .selectable_label(
                                    f.confidence == Some(c),
                                    tr.get(confidence_key(c)),
                                )
                                .clicked()
                            {
                                edit(actions, RelationEdit::Confidence(Some(c)));
                            }
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
            });
        ui.add_space(6.0);
        let mut allow = f.allow_mismatch;
        if ui
            .checkbox(&mut allow, tr.get("relate_allow_mismatch"))
            .changed()
        {
            edit(actions, RelationEdit::AllowMismatch(allow));
        }
        if let Some(e) = &f.error {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
        }
        ui.add_space(6.0);
        form_buttons(
            ui,
            data,
            Action::SaveRelationForm,
            Action::CloseRelationForm,
            actions,
        );
    });
    if modal.should_close() {
        actions.push(Action::CloseRelationForm);
    }
}

/// The translation key of a confidence level.
pub(super) fn confidence_key(c: Confidence) -> &'static str {
    match c {
        Confidence::Certain => "confidence_certain",
        Confidence::High => "confidence_high",
        Confidence::Medium => "confidence_medium",
        Confidence::Low => "confidence_low",
        Confidence::Unknown => "confidence_unknown",
    }
}

/// The form that changes a relation: role, dates (an end date makes it former), note.
pub(super) fn change_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    c: &crate::ui::relate::RelationChange,
    actions: &mut Vec<Action>,
) {
    use crate::ui::relate::RelationPart;
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("relation_change")).show(ctx, |ui| {
        ui.set_width(ctx.content_rect().width().min(560.0) - 60.0);
        ui.heading(tr.get("relation_change_title"));
        ui.label(RichText::new(&c.heading).strong());
        ui.add_space(6.0);
        egui::Grid::new("relation_change_fields")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                for (part, key, value) in [
                    (RelationPart::Role, "relate_role", &c.role),
                    (RelationPart::Dates, "form_dates", &c.dates),
                    (RelationPart::Note, "relation_note", &c.note),
                ] {
                    if let (_, Some(text)) =
                        labelled_line(ui, tr.get(key), value, "", f32::INFINITY)
                    {
                        actions.push(Action::RelationChangeText(part, text));
                    }
                    ui.end_row();
                }
            });
        ui.label(RichText::new(tr.get("relation_end_hint")).weak());
        if let Some(e) = &c.error {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
        }
        ui.add_space(6.0);
        form_buttons(
            ui,
            data,
            Action::SaveRelationChange,
            Action::CloseRelationChange,
            actions,
        );
    });
    if modal.should_close() {
        actions.push(Action::CloseRelationChange);
    }
}
