//! The graph page's controls: what is drawn (scope and depth), the filters (theme, link
//! types, relations in force, documents), the hierarchy drawing, saved maps, the legend of
//! kinds (each entry a switch) and the counts.

use super::ViewData;
use super::graph::{node_name, predicate_label, push};
use crate::graph::network::Scope;
use crate::graph::shapes::{outline, shape_of};
use crate::ui::Action;
use crate::ui::graph::{GraphEdit, GraphView};
use crate::ui::look::kind_colour_of;
use egui::{Pos2, RichText, Sense, Ui, pos2, vec2};

/// Scope, filters and layout choices.
pub(super) fn controls(ui: &mut Ui, data: &ViewData, g: &GraphView, actions: &mut Vec<Action>) {
    let tr = data.tr();
    ui.horizontal_wrapped(|ui| {
        match g.network.scope {
            Scope::Around(id, depth) => {
                let name = g.own().map(|i| node_name(data, g, i)).unwrap_or_default();
                ui.label(RichText::new(tr.fmt("graph_around", &[("name", &name)])).strong());
                ui.label(tr.get("graph_depth"));
                for d in 1..=3u8 {
                    if ui.selectable_label(d == depth, d.to_string()).clicked() && d != depth {
                        push(actions, GraphEdit::Scope(Scope::Around(id, d)));
                    }
                }
                if ui.button(tr.get("graph_whole")).clicked() {
                    push(actions, GraphEdit::Scope(Scope::Whole));
                }
            }
            Scope::Theme(_) => {
                let name = g.own().map(|i| node_name(data, g, i)).unwrap_or_default();
                ui.label(RichText::new(tr.fmt("graph_theme_of", &[("name", &name)])).strong());
                if ui.button(tr.get("graph_whole")).clicked() {
                    push(actions, GraphEdit::Scope(Scope::Whole));
                }
            }
            Scope::Whole => {
                ui.label(RichText::new(tr.get("graph_whole_shown")).strong());
            }
            Scope::Between {
                from,
                to,
                avoid_documents,
                longer,
            } => {
                let name = |id| {
                    g.network
                        .node_of(id)
                        .map(|i| node_name(data, g, i))
                        .unwrap_or_default()
                };
                ui.label(
                    RichText::new(
                        tr.fmt("graph_between", &[("from", &name(from)), ("to", &name(to))]),
                    )
                    .strong(),
                );
                let mut avoid = avoid_documents;
                if ui
                    .checkbox(&mut avoid, tr.get("graph_avoid_documents"))
                    .changed()
                {
                    push(
                        actions,
                        GraphEdit::Scope(Scope::Between {
                            from,
                            to,
                            avoid_documents: avoid,
                            longer,
                        }),
                    );
                }
                let mut more = longer;
                if ui.checkbox(&mut more, tr.get("graph_longer")).changed() {
                    push(
                        actions,
                        GraphEdit::Scope(Scope::Between {
                            from,
                            to,
                            avoid_documents,
                            longer: more,
                        }),
                    );
                }
                if ui
                    .button(tr.fmt("graph_back_around", &[("name", &name(from))]))
                    .clicked()
                {
                    push(actions, GraphEdit::Scope(Scope::Around(from, 1)));
                }
            }
        }
        ui.separator();
        theme_choice(ui, data, g, actions);
        predicate_menu(ui, data, g, actions);
        let mut current = g.filter.current_on.is_some();
        if ui.checkbox(&mut current, tr.get("graph_current")).changed() {
            push(actions, GraphEdit::CurrentOnly(current));
        }
        let mut documents = !g.filter.hidden_kinds.contains("document");
        if ui
            .checkbox(&mut documents, tr.get("graph_documents"))
            .changed()
        {
            push(actions, GraphEdit::Kind("document".into(), documents));
        }
        ui.separator();
        let mut hierarchy = g.hierarchy;
        if ui
            .checkbox(&mut hierarchy, tr.get("graph_hierarchy"))
            .changed()
        {
            push(actions, GraphEdit::Hierarchy(hierarchy));
        }
        if ui.button(tr.get("graph_fit")).clicked() {
            push(actions, GraphEdit::Fit);
        }
        maps_menu(ui, data, g, actions);
        picture_menu(ui, data, g, actions);
        if !g.layout.settled() || data.graph_loading {
            ui.spinner();
            ui.label(RichText::new(tr.get("graph_arranging")).weak());
        }
    });
}

/// The theme filter, and a button to draw the whole theme chosen.
fn theme_choice(ui: &mut Ui, data: &ViewData, g: &GraphView, actions: &mut Vec<Action>) {
    let tr = data.tr();
    if g.network.themes.is_empty() {
        return;
    }
    let chosen = g
        .filter
        .theme
        .as_ref()
        .and_then(|uid| g.network.themes.iter().find(|t| &t.uid == uid));
    let text = chosen.map_or_else(
        || tr.get("graph_every_theme").to_owned(),
        |t| t.name.clone(),
    );
    let l = ui.label(tr.get("graph_theme"));
    egui::ComboBox::from_id_salt("graph_theme")
        .selected_text(text)
        .width(220.0)
        .show_ui(ui, |ui| {
            if ui
                .selectable_label(chosen.is_none(), tr.get("graph_every_theme"))
                .clicked()
            {
                push(actions, GraphEdit::Theme(None));
            }
            for t in &g.network.themes {
                let on = chosen.is_some_and(|c| c.uid == t.uid);
                if ui.selectable_label(on, &t.name).clicked() {
                    push(actions, GraphEdit::Theme(Some(t.uid.clone())));
                }
            }
        })
        .response
        .labelled_by(l.id);
    if let Some(t) = chosen
        && g.network.scope != Scope::Theme(t.id)
        && ui.button(tr.get("graph_whole_theme")).clicked()
    {
        push(actions, GraphEdit::Scope(Scope::Theme(t.id)));
    }
}

/// "How is it connected to…?": a field to find the other entity, then every shortest path
/// as it reads.
pub(super) fn paths(ui: &mut Ui, data: &ViewData, g: &GraphView, actions: &mut Vec<Action>) {
    let tr = data.tr();
    let Some(own) = g.own() else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(tr.fmt("graph_connect", &[("name", &node_name(data, g, own))]));
        let mut text = g.path_text.clone();
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .hint_text(tr.get("graph_connect_hint"))
                    .desired_width(240.0),
            )
            .labelled_by(l.id);
        if field.changed() {
            push(actions, GraphEdit::PathText(text));
        }
        for h in &g.path_hits {
            if let Some(id) = h.entity.id
                && ui.button(&h.entity.name).clicked()
            {
                push(actions, GraphEdit::PathTo(id));
            }
        }
    });
    if let Scope::Between { .. } = g.network.scope {
        if g.chains.is_empty() {
            ui.label(RichText::new(tr.get("graph_no_path")).color(ui.visuals().warn_fg_color));
        } else {
            let links = g.network.paths.first().map_or(0, |p| p.steps.len());
            ui.label(tr.fmt(
                "graph_paths_found",
                &[
                    ("n", &g.chains.len().to_string()),
                    ("links", &links.to_string()),
                ],
            ));
            egui::ScrollArea::vertical()
                .id_salt("graph_chains")
                .max_height(110.0)
                .show(ui, |ui| {
                    for (chain, private) in &g.chains {
                        if data.visible(*private) {
                            ui.label(chain);
                        }
                    }
                });
        }
    }
}

/// The picture of what is drawn, written as SVG or PNG.
fn picture_menu(ui: &mut Ui, data: &ViewData, g: &GraphView, actions: &mut Vec<Action>) {
    let tr = data.tr();
    let config = egui::containers::menu::MenuConfig::new()
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    egui::containers::menu::MenuButton::new(tr.get("graph_picture"))
        .config(config)
        .ui(ui, |ui| {
            let l = ui.label(tr.get("graph_picture_path"));
            let mut path = g.picture_path.clone();
            if ui
                .add(egui::TextEdit::singleline(&mut path).desired_width(360.0))
                .labelled_by(l.id)
                .changed()
            {
                push(actions, GraphEdit::PicturePath(path));
            }
            let mut private = g.picture_private;
            if ui
                .checkbox(&mut private, tr.get("graph_picture_private"))
                .changed()
            {
                push(actions, GraphEdit::PicturePrivate(private));
            }
            ui.horizontal(|ui| {
                for (format, key) in [
                    (crate::ui::PictureFormat::Svg, "graph_save_svg"),
                    (crate::ui::PictureFormat::Png, "graph_save_png"),
                ] {
                    if ui.button(tr.get(key)).clicked() {
                        push(actions, GraphEdit::SavePicture(format));
                    }
                }
            });
            if let Some(m) = &g.picture_message {
                ui.label(RichText::new(m).weak());
            }
        });
}

/// Saved maps: save this one under a name; reopen or delete one saved.
fn maps_menu(ui: &mut Ui, data: &ViewData, g: &GraphView, actions: &mut Vec<Action>) {
    let tr = data.tr();
    let config = egui::containers::menu::MenuConfig::new()
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    egui::containers::menu::MenuButton::new(tr.get("graph_maps"))
        .config(config)
        .ui(ui, |ui| {
            if !data.read_only {
                ui.horizontal(|ui| {
                    let l = ui.label(tr.get("graph_map_name"));
                    let mut name = g.map_name.clone();
                    let field = ui
                        .add(egui::TextEdit::singleline(&mut name).desired_width(180.0))
                        .labelled_by(l.id);
                    if field.changed() {
                        push(actions, GraphEdit::MapName(name));
                    }
                    let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    let ok = !g.map_name.trim().is_empty();
                    if ui
                        .add_enabled(ok, egui::Button::new(tr.get("graph_save_map")))
                        .clicked()
                        || (enter && ok)
                    {
                        push(actions, GraphEdit::SaveMap);
                    }
                });
                if let Some(m) = &g.map_message {
                    ui.label(RichText::new(m).weak());
                }
                ui.separator();
            }
            if g.maps.is_empty() {
                ui.label(RichText::new(tr.get("graph_no_maps")).weak());
            }
            for name in &g.maps {
                ui.horizontal(|ui| {
                    if ui.button(name).clicked() {
                        push(actions, GraphEdit::OpenMap(name.clone()));
                        ui.close();
                    }
                    if !data.read_only
                        && ui
                            .small_button(tr.get("graph_delete_map"))
                            .on_hover_text(tr.fmt("graph_delete_map_hint", &[("name", name)]))
                            .clicked()
                    {
                        push(actions, GraphEdit::DeleteMap(name.clone()));
                    }
                });
            }
        });
}

/// Link types, each a check box.
fn predicate_menu(ui: &mut Ui, data: &ViewData, g: &GraphView, actions: &mut Vec<Action>) {
    let tr = data.tr();
    let mut present: Vec<&str> = g
        .network
        .edges
        .iter()
        .map(|e| e.predicate.as_str())
        .collect();
    present.sort_unstable();
    present.dedup();
    if present.is_empty() {
        return;
    }
    // The menu stays open while boxes are ticked, until a click outside it.
    let config = egui::containers::menu::MenuConfig::new()
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    egui::containers::menu::MenuButton::new(tr.get("graph_link_types"))
        .config(config)
        .ui(ui, |ui| {
            for p in present {
                let mut shown = !g.filter.hidden_predicates.contains(p);
                if ui
                    .checkbox(&mut shown, predicate_label(data, g, p))
                    .changed()
                {
                    push(actions, GraphEdit::Predicate(p.to_owned(), shown));
                }
            }
        });
}

/// The kinds drawn, each with its shape, colour and count: a switch that hides or shows
/// them.
pub(super) fn legend(ui: &mut Ui, data: &ViewData, g: &GraphView, actions: &mut Vec<Action>) {
    let tr = data.tr();
    let mut kinds: Vec<(&str, usize)> = Vec::new();
    for n in &g.network.nodes {
        match kinds.iter_mut().find(|(k, _)| *k == n.kind) {
            Some(k) => k.1 += 1,
            None => kinds.push((&n.kind, 1)),
        }
    }
    let dark = ui.visuals().dark_mode;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr.get("graph_legend")).weak());
        for (kind, count) in kinds {
            let shown = !g.filter.hidden_kinds.contains(kind);
            let (rect, _) = ui.allocate_exact_size(vec2(14.0, 14.0), Sense::hover());
            let colour = kind_colour_of(&data.kinds, kind, dark);
            let fill = if shown {
                colour
            } else {
                colour.gamma_multiply(0.25)
            };
            let points: Vec<Pos2> =
                outline(shape_of(kind), [rect.center().x, rect.center().y], 5.5)
                    .into_iter()
                    .map(|p| pos2(p[0], p[1]))
                    .collect();
            ui.painter().add(egui::Shape::convex_polygon(
                points,
                fill,
                egui::Stroke::NONE,
            ));
            let label = super::widgets::kind_label(&data.kinds, data.settings.lang, kind);
            let r = ui
                .selectable_label(shown, format!("{label} ({count})"))
                .on_hover_text(tr.get(if shown {
                    "graph_hide_kind"
                } else {
                    "graph_show_kind"
                }));
            if r.clicked() {
                push(actions, GraphEdit::Kind(kind.to_owned(), !shown));
            }
        }
    });
}

/// What is drawn, and what was left out.
pub(super) fn status(ui: &mut Ui, data: &ViewData, g: &GraphView) {
    let tr = data.tr();
    let nodes = g.nodes_shown.iter().filter(|&&s| s).count();
    let edges = g.edges_shown.iter().filter(|&&s| s).count();
    ui.horizontal_wrapped(|ui| {
        ui.label(tr.fmt(
            "graph_counts",
            &[("nodes", &nodes.to_string()), ("edges", &edges.to_string())],
        ));
        if g.network.cut {
            let shown = g.network.nodes.len().to_string();
            let text = match g.network.scope {
                Scope::Whole => tr.fmt(
                    "graph_cut_whole",
                    &[("total", &g.network.reached.to_string()), ("shown", &shown)],
                ),
                _ => tr.fmt("graph_cut_around", &[("shown", &shown)]),
            };
            ui.label(RichText::new(text).color(ui.visuals().warn_fg_color));
        }
        ui.label(RichText::new(tr.get("graph_help")).weak().small());
    });
}
