//! The home page: the welcome text (until dismissed), what the built-in example is when
//! the file holds it, counts per kind and the most connected entities.

use super::ViewData;
use super::widgets::{entity_link, kind_dot, kind_label};
use crate::ui::commands::Command;
use crate::ui::{Action, format};
use egui::{RichText, Ui};

/// The home page.
pub(super) fn home_ui(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    // On the projector: neither the welcome (with the file's path) nor a pointer to the
    // hidden sidebar.
    if data.welcome_open && !data.presentation {
        welcome(ui, data, actions);
        ui.add_space(12.0);
    }
    ui.heading(tr.get("home_title"));
    if !data.presentation {
        ui.label(tr.get("home_intro"));
    }
    if let Some(example) = data.file.as_ref().and_then(|f| f.example.as_ref()) {
        ui.add_space(8.0);
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(tr.get("example_title")).strong());
            let as_of = example
                .as_of
                .as_deref()
                .map(|d| format::date(tr, d))
                .unwrap_or_else(|| tr.get("date_unknown").to_owned());
            ui.label(tr.fmt("example_about", &[("date", &as_of)]));
            ui.horizontal_wrapped(|ui| {
                ui.label(tr.get("example_source"));
                let r = &example.report;
                entity_link(ui, &r.kind, &r.name, Some(r.id), actions);
            });
            ui.label(RichText::new(tr.get("example_changed")).weak());
        });
    }
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
                ui.label(format::number(tr, k.count));
                ui.end_row();
            }
            ui.label(tr.get("relations"));
            ui.label(format::number(tr, home.stats.relations));
            ui.end_row();
            ui.label(tr.get("citations"));
            ui.label(format::number(tr, home.stats.citations));
            ui.end_row();
        });
    ui.add_space(12.0);
    ui.heading(tr.get("most_connected"));
    for (row, n) in &home.top {
        if !data.visible(row.private) {
            continue;
        }
        ui.horizontal(|ui| {
            entity_link(ui, &row.kind, &row.name, Some(row.id), actions);
            let key = if *n == 1 {
                "relation_count_one"
            } else {
                "relation_count"
            };
            let n = format::number(tr, *n);
            ui.label(RichText::new(tr.fmt(key, &[("n", &n)])).weak());
        });
    }
}

/// The welcome text of the first run: what the example is, how to search, how to start
/// an empty knowledge base, where the file lives. Dismissed once; Help brings it back.
fn welcome(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.heading(tr.get("welcome_title"));
        ui.add_space(4.0);
        let has_example = data.file.as_ref().is_some_and(|f| f.example.is_some());
        let first = if has_example {
            "welcome_example"
        } else {
            "welcome_own"
        };
        for key in [first, "welcome_search", "welcome_empty"] {
            ui.label(tr.get(key));
            ui.add_space(2.0);
        }
        let path = data
            .file
            .as_ref()
            .map(|f| f.path.display().to_string())
            .unwrap_or_else(|| tr.get("no_file").to_owned());
        ui.label(tr.get("welcome_file"));
        ui.add(egui::Label::new(RichText::new(path).monospace()).selectable(true));
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(tr.get("welcome_start")).clicked() {
                actions.push(Action::DismissWelcome);
            }
            if ui.button(tr.get("new_file")).clicked() {
                actions.push(Action::Run(Command::NewFile));
            }
        });
    });
}
