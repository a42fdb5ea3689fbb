//! The entity page: its facts, its relations grouped by label, and its sources, drawn
//! from the view model built at navigation. Long groups (and long source lists) are
//! virtualised: a frame lays out only the rows it shows.

use super::ViewData;
use super::widgets::{citation_lines, entity_link, kind_dot, kind_label};
use crate::i18n::Lang;
use crate::model::RelationView;
use crate::ui::format;
use crate::ui::look::kind_colour_of;
use crate::ui::{Action, EntityView, Group, SourceGroup, SourceQuote};
use egui::{RichText, Ui};

/// Lists longer than this get a scrolling, virtualised list of their own.
const LONG_GROUP: usize = 40;

/// Rows shown at once in a virtualised list.
const VISIBLE_ROWS: f32 = 12.0;

/// The height of one row of a virtualised list.
fn row_height(ui: &Ui) -> f32 {
    ui.spacing()
        .interact_size
        .y
        .max(ui.text_style_height(&egui::TextStyle::Body) * 1.5)
}

/// The entity page.
pub(super) fn entity_ui(
    ui: &mut Ui,
    data: &ViewData,
    view: &EntityView,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let e = &view.entity;
    let lang = data.settings.lang;
    ui.horizontal(|ui| {
        kind_dot(ui, &e.kind);
        ui.label(
            RichText::new(kind_label(&data.kinds, lang, &e.kind)).color(kind_colour_of(
                &data.kinds,
                &e.kind,
                ui.visuals().dark_mode,
            )),
        );
        if !data.presentation {
            edit_buttons(ui, data, actions);
        }
        for (c, key) in [
            (crate::ui::commands::Command::Graph, "graph_button"),
            (crate::ui::commands::Command::Timeline, "timeline_button"),
        ] {
            if ui
                .small_button(tr.get(key))
                .on_hover_text(c.shortcut_text(ui.ctx()))
                .clicked()
            {
                actions.push(Action::Run(c));
            }
        }
    });
    ui.heading(RichText::new(&e.name).size(24.0));
    if let Some(then) = data.names_then.get(&e.id) {
        ui.label(
            RichText::new(tr.fmt("as_of_name", &[("name", then)]))
                .italics()
                .color(ui.visuals().warn_fg_color),
        );
    }
    if !data.presentation {
        super::editor::warnings_on_page(ui, data, actions);
    }
    if let Some(en) = &e.name_en {
        ui.label(RichText::new(en).size(16.0).weak());
    }
    ui.add_space(6.0);
    let dates = format::date_range(tr, e.date_start.as_deref(), e.date_end.as_deref());
    // Properties (phone, e-mail, address…) stay off the projector.
    let properties = !data.presentation && !e.properties.is_empty();
    let has_facts = !view.aliases.is_empty() || dates.is_some() || properties;
    if has_facts {
        egui::Grid::new("facts").num_columns(2).show(ui, |ui| {
            if !view.aliases.is_empty() {
                ui.label(RichText::new(tr.get("aliases")).strong());
                ui.label(view.aliases.join(" · "));
                ui.end_row();
            }
            if let Some(dates) = &dates {
                ui.label(RichText::new(tr.get("date")).strong());
                ui.label(dates);
                ui.end_row();
            }
            let private = |k: &str| {
                e.properties
                    .get(crate::model::PRIVATE_PROPERTIES)
                    .and_then(|v| v.as_array())
                    .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(k)))
            };
            for (k, v) in e
                .properties
                .iter()
                .filter(|(k, _)| properties && k.as_str() != crate::model::PRIVATE_PROPERTIES)
            {
                let key = format!("prop_{k}");
                let name = tr.get(&key);
                let name = if name == key { k.as_str() } else { name };
                ui.label(RichText::new(name).strong());
                ui.horizontal_wrapped(|ui| {
                    match v.as_str() {
                        Some(s) => ui.label(s),
                        None => ui.label(v.to_string()),
                    };
                    if private(k) {
                        ui.label(RichText::new(tr.get("property_private")).weak());
                    }
                });
                ui.end_row();
            }
        });
    }
    if let Some(s) = &e.summary {
        ui.add_space(6.0);
        ui.label(s);
    }
    ui.add_space(10.0);
    as_of_field(ui, data, actions);
    ui.separator();
    if view.groups.is_empty() {
        ui.label(tr.get("no_relations"));
    }
    for (gi, g) in view.groups.iter().enumerate() {
        relation_group(ui, data, gi, g, actions);
    }
    sources_section(ui, data, &view.sources, actions);
    if !data.presentation {
        super::mentions::unlinked_section(ui, data, actions);
    }
}

/// The "as of" date: the relations as recorded for that date, those outside their dates
/// greyed and saying so.
fn as_of_field(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    ui.horizontal(|ui| {
        let l = ui.label(tr.get("as_of"));
        let mut text = data.as_of_text.clone();
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .hint_text(tr.get("as_of_hint"))
                    .desired_width(160.0),
            )
            .labelled_by(l.id);
        if r.changed() {
            actions.push(Action::AsOf(text));
        }
        if !data.as_of_text.trim().is_empty() && data.as_of.is_none() {
            ui.label(RichText::new(tr.get("as_of_invalid")).color(ui.visuals().error_fg_color));
        }
    });
}

/// Edit and Delete, greyed out with the reason on a read-only file.
fn edit_buttons(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    ui.add_space(12.0);
    for c in [
        crate::ui::commands::Command::AddRelation,
        crate::ui::commands::Command::EditEntity,
        crate::ui::commands::Command::DeleteEntity,
    ] {
        let r = ui.add_enabled(
            data.can_run(c),
            egui::Button::new(tr.get(c.label_key())).small(),
        );
        let r = if data.read_only {
            r.on_disabled_hover_text(tr.get("read_only_no_edit"))
        } else {
            r.on_hover_text(c.shortcut_text(ui.ctx()))
        };
        if r.clicked() {
            actions.push(Action::Run(c));
        }
    }
    if ui.small_button(tr.get("history_button")).clicked() {
        actions.push(Action::EntityHistory);
    }
}

/// One relation group: its label and count, then its rows (virtualised when long).
fn relation_group(
    ui: &mut Ui,
    data: &ViewData,
    index: usize,
    g: &Group,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let label = match data.settings.lang {
        Lang::Vi => &g.label_vi,
        Lang::En => &g.label_en,
    };
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(label).strong().size(16.0));
        ui.label(RichText::new(format!("({})", format::number(tr, g.total))).weak());
        if g.total > LONG_GROUP {
            group_filter(ui, data, index, g, actions);
        }
    });
    // The rows shown: all (`None`), or those the group's filter keeps, borrowed. Private
    // ones are skipped as they are drawn in presentation mode, so a long group still
    // scrolls and reads its next pages.
    let rows: Option<&[usize]> = g.filter.as_ref().map(|(_, m)| m.as_slice());
    let filtered = rows.is_some();
    let rows = rows.unwrap_or(&[]);
    if filtered && rows.is_empty() {
        ui.label(RichText::new(tr.get("no_results")).weak());
        return;
    }
    if g.total <= LONG_GROUP && !g.is_partial() || filtered && rows.len() <= LONG_GROUP {
        // Short lists may wrap, and wrapped lines keep the indent.
        ui.indent(("rows", index), |ui| {
            let all = 0..g.items.len();
            let shown: Box<dyn Iterator<Item = usize>> = if filtered {
                Box::new(rows.iter().copied())
            } else {
                Box::new(all)
            };
            for i in shown.filter(|&i| data.visible(g.items[i].other.private)) {
                ui.horizontal_wrapped(|ui| relation_row(ui, data, &g.items[i], actions));
            }
        });
        return;
    }
    let h = row_height(ui);
    let count = if filtered { rows.len() } else { g.total };
    egui::ScrollArea::vertical()
        .id_salt(("group", index))
        .max_height(h * VISIBLE_ROWS)
        .auto_shrink([false, true])
        .show_rows(ui, h, count, |ui, range| {
            // Rows not read yet show as waiting; reaching them asks for the next page.
            if !filtered && range.end > g.items.len() && g.is_partial() {
                actions.push(Action::LoadMore(index));
            }
            for i in range {
                // Rows of a virtualised list keep one height.
                let item = if filtered {
                    rows.get(i).and_then(|&r| g.items.get(r))
                } else {
                    g.items.get(i)
                };
                match item {
                    Some(r) if !data.visible(r.other.private) => {
                        // Kept off the projector; the row keeps its place.
                        ui.label(RichText::new("·").weak());
                    }
                    Some(r) => {
                        ui.horizontal(|ui| {
                            ui.add_space(ui.spacing().indent);
                            relation_row(ui, data, r, actions);
                        });
                    }
                    None => {
                        ui.label(RichText::new("…").weak());
                    }
                }
            }
        });
}

/// The filter of a long group: typing keeps the rows whose name has words starting so.
fn group_filter(ui: &mut Ui, data: &ViewData, index: usize, g: &Group, actions: &mut Vec<Action>) {
    let tr = data.tr();
    let mut text = g.filter.as_ref().map(|f| f.0.clone()).unwrap_or_default();
    let label = ui.label(tr.get("group_filter"));
    let r = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id(egui::Id::unique(("group_filter", index)))
            .hint_text(tr.get("group_filter_hint").to_owned())
            .desired_width(180.0),
    );
    let r = r
        .labelled_by(label.id)
        .on_hover_text(tr.get("group_filter_hint"));
    if r.changed() {
        actions.push(Action::FilterGroup(index, text));
    }
    if let Some((_, matches)) = &g.filter {
        ui.label(
            RichText::new(tr.fmt(
                "group_filter_count",
                &[("n", &format::number(tr, matches.len()))],
            ))
            .weak(),
        );
    }
}

/// A relation: the other entity (its sources on hover), the role, the dates.
fn relation_row(ui: &mut Ui, data: &ViewData, r: &RelationView, actions: &mut Vec<Action>) {
    let tr = data.tr();
    // On the "as of" date: outside its dates, the relation is greyed and says so.
    let outside = data.as_of.as_ref().and_then(|d| outside(r, d));
    // Renamed since the "as of" date: the name it had then, today's on hover.
    let then = r.other.id.and_then(|id| data.names_then.get(&id));
    let name = then.unwrap_or(&r.other.name);
    let resp = entity_link(ui, &r.other.kind, name, r.other.id, actions);
    let resp = match then {
        Some(_) => resp.on_hover_text(tr.fmt("as_of_now_named", &[("name", &r.other.name)])),
        None => resp,
    };
    if !r.citations.is_empty() {
        resp.on_hover_ui(|ui| {
            ui.label(RichText::new(tr.get("sources")).strong());
            citation_lines(ui, tr, &r.citations);
        });
    }
    if let Some(role) = &r.role {
        ui.label(RichText::new(format!("· {role}")).italics());
    }
    if let Some(dates) = format::date_range(tr, r.date_start.as_deref(), r.date_end.as_deref()) {
        ui.label(RichText::new(dates).weak());
    }
    match outside {
        Some(key) => {
            ui.label(RichText::new(tr.get(key)).weak().italics());
        }
        None if data.as_of.is_none() && r.is_former() => {
            ui.label(RichText::new(tr.get("former")).color(ui.visuals().warn_fg_color));
        }
        None => {}
    }
    if r.citations.is_empty()
        && let Some(note) = &r.note
    {
        ui.label(RichText::new(format!("({note})")).weak());
    }
    if !data.presentation && !data.read_only {
        ui.menu_button(RichText::new("⋯").weak(), |ui| {
            if ui.button(tr.get("relation_edit")).clicked() {
                actions.push(Action::EditRelation(Box::new(r.clone())));
            }
            if ui.button(tr.get("relation_delete")).clicked() {
                actions.push(Action::DeleteRelation(r.uid.clone()));
            }
        })
        .response
        .on_hover_text(tr.get("relation_actions"));
    }
}

/// Whether a relation lies outside the "as of" date: not begun yet, or ended (a
/// translation key), or `None` when it held then (or its dates cannot say).
fn outside(r: &RelationView, as_of: &crate::model::DateValue) -> Option<&'static str> {
    let (day_lo, day_hi) = as_of.bounds()?;
    let bounds = |d: &Option<String>| {
        d.as_deref()
            .and_then(|s| crate::model::DateValue::parse(s).ok())
            .and_then(|v| v.bounds())
    };
    if let Some((start, _)) = bounds(&r.date_start)
        && start > day_hi
    {
        return Some("as_of_not_yet");
    }
    if let Some((_, end)) = bounds(&r.date_end)
        && end < day_lo
    {
        return Some("as_of_ended");
    }
    None
}

/// Every document cited for the entity or one of its relations, with what it says and
/// where. A long list is virtualised, one line per document, its quotes on hover.
fn sources_section(
    ui: &mut Ui,
    data: &ViewData,
    sources: &[SourceGroup],
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    if sources.is_empty() || sources.iter().all(|s| !data.visible(s.doc.private)) {
        return;
    }
    ui.add_space(12.0);
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr.get("sources")).strong().size(16.0));
        if sources.len() > LONG_GROUP {
            ui.label(RichText::new(format!("({})", sources.len())).weak());
        }
    });
    if sources.len() <= LONG_GROUP {
        for s in sources.iter().filter(|s| data.visible(s.doc.private)) {
            ui.horizontal_wrapped(|ui| {
                entity_link(ui, &s.doc.kind, &s.doc.name, s.doc.id, actions);
            });
            // Quotes wrap within the page, indented under their document.
            ui.indent(("quotes", &s.doc.uid), |ui| {
                for q in &s.quotes {
                    quote_line(ui, q);
                }
            });
        }
        return;
    }
    let h = row_height(ui);
    egui::ScrollArea::vertical()
        .id_salt("sources")
        .max_height(h * VISIBLE_ROWS)
        .auto_shrink([false, true])
        .show_rows(ui, h, sources.len(), |ui, range| {
            for s in &sources[range] {
                if !data.visible(s.doc.private) {
                    ui.label(RichText::new("…").weak());
                    continue;
                }
                ui.horizontal(|ui| {
                    let resp = entity_link(ui, &s.doc.kind, &s.doc.name, s.doc.id, actions);
                    if !s.quotes.is_empty() {
                        ui.label(RichText::new(format!("({})", s.quotes.len())).weak());
                        resp.on_hover_ui(|ui| {
                            for q in &s.quotes {
                                quote_line(ui, q);
                            }
                        });
                    }
                });
            }
        });
}

/// A quote and where in the document it is; or only where.
fn quote_line(ui: &mut Ui, q: &SourceQuote) {
    ui.horizontal_wrapped(|ui| {
        if let Some(quote) = &q.quote {
            ui.label(RichText::new(format!("“{quote}”")).italics());
        }
        if let Some(l) = &q.locator {
            ui.label(RichText::new(format!("({l})")).weak());
        }
    });
}
