//! The possible-duplicates list and the merge view.

use super::ViewData;
use super::widgets::kind_badge;
use crate::store::{DuplicatePair, DuplicateReason};
use crate::ui::merging::{MergeField, MergeView};
use crate::ui::{Action, format};
use egui::RichText;

/// Possible duplicates: each pair with why, "compare and merge" and "not a duplicate".
pub(super) fn duplicates_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    pairs: &[DuplicatePair],
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let lang = data.settings.lang;
    let modal = egui::Modal::new(egui::Id::unique("duplicates")).show(ctx, |ui| {
        ui.set_width(ctx.content_rect().width().min(760.0) - 60.0);
        ui.heading(tr.get("duplicates_title"));
        if pairs.is_empty() {
            ui.label(tr.get("duplicates_none"));
        }
        egui::ScrollArea::vertical()
            .max_height(ctx.content_rect().height() * 0.6)
            .show(ui, |ui| {
                for p in pairs {
                    ui.horizontal_wrapped(|ui| {
                        kind_badge(ui, &data.kinds, lang, &p.a.kind);
                        ui.label(RichText::new(&p.a.name).strong());
                        ui.label("↔");
                        ui.label(RichText::new(&p.b.name).strong());
                        let why = match p.reason {
                            DuplicateReason::SameName => "duplicate_same_name",
                            DuplicateReason::NameIsAlias => "duplicate_alias",
                            DuplicateReason::Initials => "duplicate_initials",
                        };
                        ui.label(RichText::new(tr.get(why)).weak());
                        if ui.small_button(tr.get("duplicate_compare")).clicked() {
                            actions.push(Action::OpenMerge(p.a.id, p.b.id));
                        }
                        if ui.small_button(tr.get("duplicate_not")).clicked() {
                            actions.push(Action::NotDuplicate(p.a.id, p.b.id));
                        }
                    });
                }
            });
        ui.add_space(6.0);
        if ui.button(tr.get("close")).clicked() {
            actions.push(Action::CloseDuplicates);
        }
    });
    if modal.should_close() {
        actions.push(Action::CloseDuplicates);
    }
}

/// The merge view: the two side by side, a choice per field, what moves.
pub(super) fn merge_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    m: &MergeView,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("merge")).show(ctx, |ui| {
        ui.set_width(ctx.content_rect().width().min(860.0) - 60.0);
        ui.heading(tr.get("merge_title"));
        ui.label(RichText::new(tr.get("merge_hint")).weak());
        ui.add_space(6.0);
        egui::Grid::new("merge_fields")
            .num_columns(3)
            .striped(true)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label("");
                ui.label(RichText::new(tr.get("merge_first")).strong());
                ui.label(RichText::new(tr.get("merge_second")).strong());
                ui.end_row();
                for f in MergeField::ALL {
                    let (key, values): (&str, [String; 2]) = match f {
                        MergeField::Name => ("form_name", m.sides.clone().map(|s| s.entity.name)),
                        MergeField::NameEn => (
                            "form_name_en",
                            m.sides
                                .clone()
                                .map(|s| s.entity.name_en.unwrap_or_default()),
                        ),
                        MergeField::Summary => (
                            "form_summary",
                            m.sides
                                .clone()
                                .map(|s| s.entity.summary.unwrap_or_default()),
                        ),
                        MergeField::Dates => (
                            "form_dates",
                            m.sides.clone().map(|s| {
                                format::date_range(
                                    tr,
                                    s.entity.date_start.as_deref(),
                                    s.entity.date_end.as_deref(),
                                )
                                .unwrap_or_default()
                            }),
                        ),
                    };
                    ui.label(tr.get(key));
                    for (side, value) in values.iter().enumerate() {
                        let shown = if value.is_empty() {
                            "∅"
                        } else {
                            value.as_str()
                        };
                        if ui.radio(m.side(f) == side, shown).clicked() {
                            actions.push(Action::MergeChoose(f, side));
                        }
                    }
                    ui.end_row();
                }
                let count = |n: usize| format::number(tr, n);
                for (key, values) in [
                    (
                        "merge_relations",
                        m.sides.each_ref().map(|s| format::number(tr, s.relations)),
                    ),
                    (
                        "merge_aliases",
                        m.sides.each_ref().map(|s| count(s.aliases.len())),
                    ),
                    (
                        "merge_citations",
                        m.sides.each_ref().map(|s| count(s.citations)),
                    ),
                ] {
                    ui.label(tr.get(key));
                    for v in values {
                        ui.label(v);
                    }
                    ui.end_row();
                }
            });
        let keep = m.side(MergeField::Name);
        ui.add_space(6.0);
        ui.label(tr.fmt(
            "merge_outcome",
            &[
                ("keep", &m.sides[keep].entity.name),
                ("other", &m.sides[1 - keep].entity.name),
            ],
        ));
        if let Some(e) = &m.error {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(tr.get("merge_do")).clicked() {
                actions.push(Action::DoMerge);
            }
            if ui.button(tr.get("cancel")).clicked() {
                actions.push(Action::CloseMerge);
            }
        });
    });
    if modal.should_close() {
        actions.push(Action::CloseMerge);
    }
}
