//! The home page: counts per kind and the most connected entities.

use super::ViewData;
use super::widgets::{entity_link, kind_dot, kind_label};
use crate::ui::Action;
use egui::{RichText, Ui};

/// The home page.
pub(super) fn home_ui(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    ui.heading(tr.get("home_title"));
    ui.label(tr.get("home_intro"));
    ui.add_space(8.0);
    let Some(home) = &data.home else {
        ui.spinner();
        return;
    };
    let lang = data.settings.lang;
    egui::Grid::new("kind_counts")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for k in &home.stats.kinds {
                ui.horizontal(|ui| {
                    kind_dot(ui, &k.kind);
                    ui.label(kind_label(&data.kinds, lang, &k.kind));
                });
                ui.label(k.count.to_string());
                ui.end_row();
            }
            ui.label(tr.get("relations"));
            ui.label(home.stats.relations.to_string());
            ui.end_row();
            ui.label(tr.get("citations"));
            ui.label(home.stats.citations.to_string());
            ui.end_row();
        });
    ui.add_space(12.0);
    ui.heading(tr.get("most_connected"));
    for (row, n) in &home.top {
        ui.horizontal(|ui| {
            entity_link(ui, &row.kind, &row.name, Some(row.id), actions);
            ui.label(RichText::new(tr.fmt("relation_count", &[("n", &n.to_string())])).weak());
        });
    }
}
