//! The left panel: the search box and its filters, then the hits or the entity list.

use super::ViewData;
use super::widgets::{
    full_name, highlighted, hit_context, kind_badge, kind_dot, kind_label, roomy_layouter,
};
use crate::i18n::Tr;
use crate::store::search::Hit;
use crate::ui::{Action, FilterState, format};
use egui::{RichText, Ui};

/// The left panel.
pub(super) fn left_panel_ui(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    ui.add_space(4.0);
    let label = ui.label(tr.get("search"));
    let mut text = data.search_text.clone();
    let response = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id(super::search_box_id())
            .layouter(&mut roomy_layouter)
            .hint_text(tr.get("search_hint").to_owned())
            .desired_width(ui.available_width()),
    );
    let response = response.labelled_by(label.id);
    if data.focus_search {
        response.request_focus();
        actions.push(Action::SearchFocused);
    }
    if response.changed() {
        actions.push(Action::Search(text.clone()));
    }

    ui.horizontal(|ui| {
        let label = ui.label(tr.get("kind_filter"));
        let lang = data.settings.lang;
        let selected = match &data.kind_filter {
            Some(k) => kind_label(&data.kinds, lang, k).to_owned(),
            None => tr.get("all_kinds").to_owned(),
        };
        let mut choice: Option<Option<String>> = None;
        egui::ComboBox::from_id_salt("kind_filter")
            .selected_text(selected)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(data.kind_filter.is_none(), tr.get("all_kinds"))
                    .clicked()
                {
                    choice = Some(None);
                }
                for k in &data.kinds {
                    let on = data.kind_filter.as_deref() == Some(k.name.as_str());
                    if ui
                        .selectable_label(on, kind_label(&data.kinds, lang, &k.name))
                        .clicked()
                    {
                        choice = Some(Some(k.name.clone()));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if let Some(c) = choice {
            actions.push(Action::FilterKind(c));
        }
    });
    theme_filter(ui, tr, data, actions);
    date_filter(ui, tr, data, actions);
    let mut by_given = data.settings.people_by_given_name;
    if ui
        .checkbox(&mut by_given, tr.get("people_by_given_name"))
        .changed()
    {
        actions.push(Action::PeopleByGivenName(by_given));
    }
    if let Some(f) = data.index_progress {
        ui.add(
            egui::ProgressBar::new(f)
                .text(tr.fmt("preparing_search", &[("pct", &format!("{:.0}", f * 100.0))])),
        );
    }
    ui.separator();

    if data.shows_hits() {
        search_results(ui, tr, data, actions);
        return;
    }
    entity_list(ui, tr, data, actions);
}

/// The list of entities with nothing typed: by name, namesakes with their context, the
/// line chosen with ↑/↓ marked.
fn entity_list(ui: &mut Ui, tr: Tr, data: &ViewData, actions: &mut Vec<Action>) {
    // Private entities are left out in presentation mode only: ordinary frames borrow the
    // list as it is.
    let kept: Option<Vec<&crate::store::EntityRow>> = data.presentation.then(|| {
        data.list
            .iter()
            .filter(|r| data.visible(r.private))
            .collect()
    });
    let count = kept.as_ref().map_or(data.list.len(), Vec::len);
    let row_at = |i: usize| match &kept {
        Some(k) => k[i],
        None => &data.list[i],
    };
    if data.list_truncated {
        ui.label(
            RichText::new(tr.fmt("list_truncated", &[("n", &format::number(tr, count))])).weak(),
        );
    }
    let current = data.current_entity();
    let row_height = ui
        .spacing()
        .interact_size
        .y
        .max(ui.text_style_height(&egui::TextStyle::Body) * 1.5);
    egui::ScrollArea::vertical()
        .id_salt("entity_list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, count, |ui, range| {
            for i in range {
                let r = row_at(i);
                let chosen = data.selected == Some(i);
                ui.horizontal(|ui| {
                    ui.set_min_height(row_height);
                    kind_dot(ui, &r.kind);
                    let selected = Some(r.id) == current || chosen;
                    let context = data.namesakes.get(&r.id).map(|c| context_line(tr, c));
                    let text = match &context {
                        Some(c) => format!("{} — {c}", r.name),
                        None => r.name.clone(),
                    };
                    let resp = ui.add(egui::Button::selectable(selected, text).truncate());
                    if chosen {
                        resp.scroll_to_me(None);
                    }
                    // Built only while hovered.
                    let resp = resp.on_hover_ui(|ui| {
                        ui.label(full_name(
                            data,
                            &r.name,
                            r.name_en.as_deref(),
                            context.as_deref(),
                        ));
                    });
                    if resp.clicked() {
                        actions.push(Action::Open(r.id));
                    }
                });
            }
        });
}

/// Where an entity sits, in one line: its dates, its role and the entity that places it.
fn context_line(tr: Tr, c: &crate::store::search::Context) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(d) = format::date_range(tr, c.date_start.as_deref(), c.date_end.as_deref()) {
        parts.push(d);
    }
    parts.extend(c.role.clone());
    parts.extend(c.other.clone());
    parts.join(" · ")
}

/// The theme filter: a picker served by the search engine (themes only), or the chosen
/// theme with a button to drop it.
fn theme_filter(ui: &mut Ui, tr: Tr, data: &ViewData, actions: &mut Vec<Action>) {
    let lang = data.settings.lang;
    ui.horizontal(|ui| {
        let label = ui.label(tr.get("theme_filter"));
        if let Some((_, name)) = &data.filter.theme {
            kind_badge(ui, &data.kinds, lang, "theme");
            ui.label(RichText::new(name).strong());
            if ui
                .small_button("✖")
                .on_hover_text(tr.get("clear_filter"))
                .clicked()
            {
                actions.push(Action::FilterTheme(None));
            }
            return;
        }
        let mut text = data.filter.theme_text.clone();
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .layouter(&mut roomy_layouter)
                    .hint_text(tr.get("theme_filter_hint").to_owned())
                    .desired_width(ui.available_width()),
            )
            .labelled_by(label.id);
        if r.changed() {
            actions.push(Action::ThemeText(text));
        }
        if r.lost_focus()
            && ui.input(|i| i.key_pressed(egui::Key::Enter))
            && !data.ime_composing
            && let Some(h) = data.filter.theme_hits.first()
            && let Some(id) = h.entity.id
        {
            actions.push(Action::FilterTheme(Some((id, h.entity.name.clone()))));
        }
    });
    if data.filter.theme.is_none() && !data.filter.theme_text.trim().is_empty() {
        let width = ui.available_width();
        for h in &data.filter.theme_hits {
            ui.horizontal(|ui| {
                // Within the panel as it is: typing must not widen it.
                ui.set_max_width(width);
                ui.add_space(12.0);
                kind_badge(ui, &data.kinds, lang, &h.entity.kind);
                let context = hit_context(tr, h);
                let job = highlighted(ui, &h.entity.name, &h.highlight, (width - 40.0) * 0.6);
                let resp = ui.add(egui::Button::selectable(false, job).truncate());
                if !context.is_empty() {
                    // Two themes of one name are told apart by what they belong to.
                    ui.add(egui::Label::new(RichText::new(context).weak()).truncate());
                }
                if resp.clicked()
                    && let Some(id) = h.entity.id
                {
                    actions.push(Action::FilterTheme(Some((id, h.entity.name.clone()))));
                }
            });
        }
    }
}

/// The date range filter (for events): two partial dates.
fn date_filter(ui: &mut Ui, tr: Tr, data: &ViewData, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let mut from = data.filter.from.clone();
        let mut to = data.filter.to.clone();
        let label = ui.label(tr.get("date_from"));
        let a = ui
            .add(
                egui::TextEdit::singleline(&mut from)
                    .layouter(&mut roomy_layouter)
                    .hint_text("…")
                    .desired_width(78.0),
            )
            .labelled_by(label.id)
            .on_hover_text(tr.get("date_hint"));
        let label = ui.label(tr.get("date_to"));
        let b = ui
            .add(
                egui::TextEdit::singleline(&mut to)
                    .layouter(&mut roomy_layouter)
                    .hint_text("…")
                    .desired_width(78.0),
            )
            .labelled_by(label.id)
            .on_hover_text(tr.get("date_hint"));
        if a.changed() || b.changed() {
            actions.push(Action::FilterDates { from, to });
        }
    });
    if !FilterState::date_ok(&data.filter.from) || !FilterState::date_ok(&data.filter.to) {
        ui.label(RichText::new(tr.get("date_invalid")).color(ui.visuals().error_fg_color));
    }
}

/// The hits of the search box: kind, the name with what matched emphasised, and where
/// the entity sits. Rows have one height, so long lists are virtualised.
fn search_results(ui: &mut Ui, tr: Tr, data: &ViewData, actions: &mut Vec<Action>) {
    let hits: Vec<&Hit> = data
        .hits
        .iter()
        .filter(|h| data.visible(h.entity.private))
        .collect();
    let n = format::number(tr, hits.len() as u64);
    let count = if data.hits_more {
        tr.fmt("results_more", &[("n", &n)])
    } else if hits.len() == 1 {
        tr.get("results_one").to_owned()
    } else {
        tr.fmt("results_count", &[("n", &n)])
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(count).weak());
        if data.hits_more && ui.small_button(tr.get("show_more")).clicked() {
            actions.push(Action::MoreHits);
        }
    });
    if data.browsing {
        ui.label(RichText::new(tr.get("browsing_filters")).weak());
    }
    if let Some(reading) = &data.reading {
        ui.label(RichText::new(tr.fmt("searched_for", &[("q", reading)])).italics());
    }
    if hits.is_empty() {
        ui.label(tr.get("no_results"));
        return;
    }
    let current = data.current_entity();
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let row_height = ui.spacing().interact_size.y.max(line * 1.5) + line * 1.4;
    egui::ScrollArea::vertical()
        .id_salt("hit_list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, hits.len(), |ui, range| {
            for (i, h) in hits[range.clone()].iter().enumerate() {
                let chosen = data.selected == Some(range.start + i);
                hit_row(ui, data, h, current, chosen, row_height, actions);
            }
        });
}

fn hit_row(
    ui: &mut Ui,
    data: &ViewData,
    h: &Hit,
    current: Option<crate::model::EntityId>,
    chosen: bool,
    row_height: f32,
    actions: &mut Vec<Action>,
) {
    let (tr, lang) = (data.tr(), data.settings.lang);
    ui.with_layout(egui::Layout::left_to_right(egui::Align::TOP), |ui| {
        ui.set_height(row_height);
        ui.vertical(|ui| {
            // In line with the name, whose button has padding.
            ui.add_space(ui.spacing().button_padding.y);
            kind_badge(ui, &data.kinds, lang, &h.entity.kind);
        });
        ui.vertical(|ui| {
            let width = ui.available_width();
            let selected = chosen || (h.entity.id.is_some() && h.entity.id == current);
            let job = highlighted(ui, &h.entity.name, &h.highlight, width - 12.0);
            let resp = ui.add(egui::Button::selectable(selected, job).truncate());
            if chosen {
                resp.scroll_to_me(None);
            }
            let context = hit_context(tr, h);
            let resp = resp.on_hover_ui(|ui| {
                ui.label(full_name(
                    data,
                    &h.entity.name,
                    h.entity.name_en.as_deref(),
                    (!context.is_empty()).then_some(context.as_str()),
                ));
            });
            if resp.clicked()
                && let Some(id) = h.entity.id
            {
                actions.push(Action::Open(id));
            }
            ui.horizontal(|ui| {
                ui.add_space(ui.spacing().button_padding.x);
                ui.add(egui::Label::new(RichText::new(context).weak()).truncate());
            });
        });
    });
}
