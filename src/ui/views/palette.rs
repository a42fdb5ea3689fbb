//! The command palette (Ctrl+K, Ctrl+P).

use super::ViewData;
use super::widgets::{highlighted, hit_context, kind_badge, roomy_layouter};
use crate::ui::{Action, PaletteAction, PaletteItem};
use egui::RichText;

/// Keys of the open palette, taken before any widget sees them: arrows move the
/// selection, Enter runs it (not while an input method is composing), Esc closes.
pub(super) fn palette_keys(ctx: &egui::Context, data: &ViewData, actions: &mut Vec<Action>) {
    if data.palette.is_none() {
        return;
    }
    let none = egui::Modifiers::NONE;
    let (up, down, enter, esc) = ctx.input_mut(|i| {
        (
            i.consume_key(none, egui::Key::ArrowUp),
            i.consume_key(none, egui::Key::ArrowDown),
            !data.ime_composing && i.consume_key(none, egui::Key::Enter),
            i.consume_key(none, egui::Key::Escape),
        )
    });
    if esc {
        actions.push(Action::Palette(PaletteAction::Close));
    } else if enter {
        actions.push(Action::Palette(PaletteAction::Activate));
    } else if up {
        actions.push(Action::Palette(PaletteAction::Move(-1)));
    } else if down {
        actions.push(Action::Palette(PaletteAction::Move(1)));
    }
}

/// The command palette (Ctrl+K, Ctrl+P): one field; the commands whose name matches, then
/// the entities found by the search engine, the selected line marked.
pub(super) fn palette_ui(ctx: &egui::Context, data: &ViewData, actions: &mut Vec<Action>) {
    let Some(p) = &data.palette else { return };
    let tr = data.tr();
    let items = &p.items;
    let lang = data.settings.lang;
    let id = egui::Id::unique("command_palette");
    let modal = egui::Modal::new(id)
        .area(egui::Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 70.0)))
        .show(ctx, |ui| {
            ui.set_width(ctx.content_rect().width().min(620.0) - 40.0);
            let label = ui.label(RichText::new(tr.get("cmd_palette")).strong());
            let mut text = p.text.clone();
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut text)
                        .layouter(&mut roomy_layouter)
                        .hint_text(tr.get("palette_hint").to_owned())
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            r.request_focus();
            if r.changed() {
                actions.push(Action::Palette(PaletteAction::Text(text)));
            }
            if let Some(reading) = &p.reading {
                ui.label(RichText::new(tr.fmt("searched_for", &[("q", reading)])).italics());
            }
            if items.is_empty() {
                ui.label(tr.get("no_results"));
                return;
            }
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(ctx.content_rect().height() * 0.6)
                .show(ui, |ui| {
                    let width = ui.available_width();
                    for (i, item) in items.iter().enumerate() {
                        let selected = i == p.selected;
                        let resp = match item {
                            PaletteItem::Command(c) => {
                                ui.horizontal(|ui| {
                                    ui.label(RichText::new("›").weak());
                                    let r = ui.add(egui::Button::selectable(
                                        selected,
                                        tr.get(c.label_key()),
                                    ));
                                    ui.label(RichText::new(c.shortcut_text(ctx)).weak());
                                    r
                                })
                                .inner
                            }
                            PaletteItem::Entity(h) => {
                                ui.horizontal(|ui| {
                                    kind_badge(ui, &data.kinds, lang, &h.entity.kind);
                                    let job =
                                        highlighted(ui, &h.entity.name, &h.highlight, width * 0.6);
                                    let r = ui
                                        .add(egui::Button::selectable(selected, job).truncate())
                                        .on_hover_ui(|ui| {
                                            ui.label(super::widgets::full_name(
                                                data,
                                                &h.entity.name,
                                                h.entity.name_en.as_deref(),
                                                None,
                                            ));
                                        });
                                    let context = hit_context(tr, h);
                                    if !context.is_empty() {
                                        ui.add(
                                            egui::Label::new(RichText::new(context).weak())
                                                .truncate(),
                                        );
                                    }
                                    r
                                })
                                .inner
                            }
                        };
                        if selected {
                            resp.scroll_to_me(None);
                        }
                        if resp.clicked() {
                            let by = i as isize - p.selected as isize;
                            actions.push(Action::Palette(PaletteAction::Move(by)));
                            actions.push(Action::Palette(PaletteAction::Activate));
                        }
                    }
                });
        });
    if modal.backdrop_response.clicked() {
        actions.push(Action::Palette(PaletteAction::Close));
    }
}
