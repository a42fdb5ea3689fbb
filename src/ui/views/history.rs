//! The history dialog: edits newest first, each with when, who, what, the rows it
//! changed, and a button to revert it; filters by author and date.

use super::ViewData;
use crate::ui::history::HistoryView;
use crate::ui::{Action, format};
use egui::RichText;

/// The history dialog.
pub(super) fn history_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    h: &HistoryView,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("history")).show(ctx, |ui| {
        ui.set_width(ctx.content_rect().width().min(820.0) - 60.0);
        let title = match &h.entity {
            Some((_, name)) => tr.fmt("history_of", &[("name", name)]),
            None => tr.get("history_title").to_owned(),
        };
        ui.heading(title);
        ui.horizontal(|ui| {
            let mut author = h.author.clone();
            let mut from = h.from.clone();
            let mut to = h.to.clone();
            let mut changed = false;
            for (key, value, width) in [
                ("history_author", &mut author, 140.0),
                ("history_from", &mut from, 100.0),
                ("history_to", &mut to, 100.0),
            ] {
                let l = ui.label(tr.get(key));
                changed |= ui
                    .add(egui::TextEdit::singleline(value).desired_width(width))
                    .labelled_by(l.id)
                    .changed();
            }
            if changed {
                actions.push(Action::HistoryFilter { author, from, to });
            }
        });
        if let Some(e) = &h.error {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
        }
        ui.separator();
        let shown = h.shown.iter().filter_map(|&i| h.rows.get(i));
        if h.shown.is_empty() {
            ui.label(tr.get("history_none"));
        }
        egui::ScrollArea::vertical()
            .max_height(ctx.content_rect().height() * 0.6)
            .show(ui, |ui| {
                for row in shown {
                    let e = &row.info;
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(format!("#{}", e.id)).weak());
                        ui.label(format::date_time(tr, e.at));
                        ui.label(RichText::new(&e.author).strong());
                        ui.label(format::edit_description(tr, &e.description));
                        if !data.read_only && ui.small_button(tr.get("history_revert")).clicked() {
                            actions.push(Action::Revert(e.id));
                        }
                    });
                    ui.indent(("history_lines", e.id), |ui| {
                        for line in row.lines.iter().take(12) {
                            ui.label(RichText::new(line).weak());
                        }
                        if row.lines.len() > 12 {
                            ui.label(RichText::new("…").weak());
                        }
                    });
                    ui.add_space(4.0);
                }
            });
        ui.add_space(6.0);
        if ui.button(tr.get("close")).clicked() {
            actions.push(Action::CloseHistory);
        }
    });
    if modal.should_close() {
        actions.push(Action::CloseHistory);
    }
}
