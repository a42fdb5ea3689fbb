//! The graph page: the scope and filters above, a legend of kinds (each a switch), then
//! the picture. Nodes are drawn as one mesh and links as another, only what is on screen;
//! nodes on screen (up to a number) are also widgets, so a screen reader, a test or the
//! Tab key reaches them by name. Pan by dragging, zoom with the wheel or a pinch (or + and
//! −), drag a node to pin it, double-click or Enter to open it, arrows to move between
//! nodes.

use super::ViewData;
use crate::graph::network::Scope;
use crate::graph::shapes::{outline, radius, shape_of};
use crate::ui::Action;
use crate::ui::graph::{Camera, GraphEdit, GraphView};
use crate::ui::look::kind_colour_of;
use egui::{Color32, Pos2, Rect, Sense, Ui, Vec2, pos2, vec2};

/// Nodes on screen beyond this are drawn but not made widgets (they are tiny then).
const MOST_WIDGETS: usize = 1_500;
/// Labels drawn at most, the best connected first.
const MOST_LABELS: usize = 250;
/// Labels longer than this are cut (but for the node under the pointer or chosen).
const LABEL_CHARS: usize = 34;
/// Labels are drawn from this zoom on.
const LABEL_ZOOM: f32 = 0.45;

/// The page.
pub(super) fn graph_ui(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    let Some(g) = &data.graph else {
        ui.label(tr.get(if data.graph_loading {
            "graph_loading"
        } else {
            "graph_none"
        }));
        return;
    };
    super::graph_controls::controls(ui, data, g, actions);
    super::graph_controls::paths(ui, data, g, actions);
    super::graph_controls::legend(ui, data, g, actions);
    super::graph_controls::status(ui, data, g);
    canvas(ui, data, g, actions);
}

pub(super) fn push(actions: &mut Vec<Action>, edit: GraphEdit) {
    actions.push(Action::Graph(edit));
}

/// A node's name in the interface's language.
pub(super) fn node_name(data: &ViewData, g: &GraphView, i: usize) -> String {
    g.node_name(i, data.settings.lang)
}

pub(super) fn predicate_label(data: &ViewData, g: &GraphView, name: &str) -> String {
    g.predicate_label(name, data.settings.lang)
}

/// Layout coordinates to the screen and back.
#[derive(Clone, Copy)]
struct Projection {
    rect: Rect,
    center: [f32; 2],
    zoom: f32,
}

impl Projection {
    fn screen(&self, p: [f32; 2]) -> Pos2 {
        self.rect.center() + vec2(p[0] - self.center[0], p[1] - self.center[1]) * self.zoom
    }

    fn layout(&self, s: Pos2) -> [f32; 2] {
        let d = (s - self.rect.center()) / self.zoom;
        [self.center[0] + d.x, self.center[1] + d.y]
    }
}

/// The camera in effect: the one chosen, or one that shows every visible node.
fn projection(g: &GraphView, rect: Rect) -> Projection {
    if !g.camera.fit {
        return Projection {
            rect,
            center: g.camera.center,
            zoom: g.camera.zoom,
        };
    }
    let (mut lo, mut hi) = ([f32::MAX; 2], [f32::MIN; 2]);
    for (p, _) in g
        .layout
        .positions()
        .iter()
        .zip(&g.nodes_shown)
        .filter(|(_, s)| **s)
    {
        for a in 0..2 {
            lo[a] = lo[a].min(p[a]);
            hi[a] = hi[a].max(p[a]);
        }
    }
    if lo[0] > hi[0] {
        return Projection {
            rect,
            center: [0.0, 0.0],
            zoom: 1.0,
        };
    }
    let margin = 60.0;
    let zx = (rect.width() - 2.0 * margin).max(10.0) / (hi[0] - lo[0]).max(1.0);
    let zy = (rect.height() - 2.0 * margin).max(10.0) / (hi[1] - lo[1]).max(1.0);
    Projection {
        rect,
        center: [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0],
        zoom: zx.min(zy).clamp(0.01, 1.6),
    }
}

/// The picture and what the pointer and keys do to it.
fn canvas(ui: &mut Ui, data: &ViewData, g: &GraphView, actions: &mut Vec<Action>) {
    let tr = data.tr();
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let canvas_id = response.id;
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Canvas, true, tr.get("graph_canvas"))
    });
    let rect = response.rect;
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let view = projection(g, rect);
    let painter = painter.with_clip_rect(rect);
    let pos = g.layout.positions();
    let dark = ui.visuals().dark_mode;
    let on_screen = |i: usize| g.nodes_shown[i] && rect.expand(30.0).contains(view.screen(pos[i]));
    let shown: Vec<usize> = (0..pos.len()).filter(|&i| on_screen(i)).collect();
    let screen_radius = |i: usize| (radius(g.degree[i]) * view.zoom).clamp(5.0, 40.0);

    // Whose neighbours stand out: the node under the pointer, else the one chosen.
    let focus = g.hovered.or(g.selected);
    let mut near = vec![false; pos.len()];
    if let Some(f) = focus {
        near[f] = true;
        for e in g.shown_edges() {
            if e.from as usize == f {
                near[e.to as usize] = true;
            } else if e.to as usize == f {
                near[e.from as usize] = true;
            }
        }
    }

    // Links: one mesh of thin quads; those of the focused node drawn over, thicker.
    let weak = ui.visuals().weak_text_color();
    let line = if focus.is_some() {
        weak.gamma_multiply(0.25)
    } else {
        weak.gamma_multiply(0.6)
    };
    let mut mesh = egui::Mesh::default();
    let mut strong = Vec::new();
    for e in g.shown_edges() {
        let (a, b) = (
            view.screen(pos[e.from as usize]),
            view.screen(pos[e.to as usize]),
        );
        if !Rect::from_two_pos(a, b).intersects(rect) {
            continue;
        }
        if g.on_path.contains(&e.relation)
            || focus.is_some_and(|f| e.from as usize == f || e.to as usize == f)
        {
            strong.push((a, b));
        } else {
            add_line(&mut mesh, a, b, 1.0, line);
        }
    }
    painter.add(egui::Shape::mesh(mesh));
    let accent = ui.visuals().selection.stroke.color;
    for (a, b) in strong {
        painter.line_segment([a, b], egui::Stroke::new(2.0, accent));
    }

    // Nodes: one mesh of filled outlines.
    let mut mesh = egui::Mesh::default();
    for &i in &shown {
        let n = &g.network.nodes[i];
        let mut colour = kind_colour_of(&data.kinds, &n.kind, dark);
        if focus.is_some() && !near[i] {
            colour = colour.gamma_multiply(0.3);
        }
        let c = view.screen(pos[i]);
        add_polygon(
            &mut mesh,
            &outline(shape_of(&n.kind), [c.x, c.y], screen_radius(i)),
            colour,
        );
    }
    painter.add(egui::Shape::mesh(mesh));
    let text = ui.visuals().text_color();
    for &i in &shown {
        let c = view.screen(pos[i]);
        let r = screen_radius(i);
        if Some(i) == g.selected {
            painter.circle_stroke(c, r + 4.0, egui::Stroke::new(2.5, accent));
        }
        if g.layout.is_pinned(i) {
            painter.circle_filled(c + vec2(r, -r) * 0.8, 3.0, text);
        }
    }

    // Labels: the focused node and its neighbours, the scope's own, then the best
    // connected, when zoomed in enough to read them.
    let own = g.own();
    let mut labelled: Vec<usize> = shown
        .iter()
        .copied()
        .filter(|&i| near[i] || Some(i) == own || Some(i) == g.selected)
        .collect();
    let must = labelled.len();
    if view.zoom >= LABEL_ZOOM {
        let mut rest: Vec<usize> = shown
            .iter()
            .copied()
            .filter(|&i| !labelled.contains(&i))
            .collect();
        rest.sort_by_key(|&i| std::cmp::Reverse(g.degree[i]));
        labelled.extend(rest);
    }
    labelled.truncate(must.max(MOST_LABELS));
    // A label that would cover one already placed is left out (those that must show are
    // placed first); long names are cut, but for the focused node.
    let font = egui::FontId::proportional(12.5);
    let mut placed: Vec<Rect> = Vec::new();
    for (k, &i) in labelled.iter().enumerate() {
        let c = view.screen(pos[i]);
        let dim = focus.is_some() && !near[i];
        let mut name = node_name(data, g, i);
        if Some(i) != focus {
            name = crate::graph::picture::shortened(&name, LABEL_CHARS);
        }
        let colour = if dim { text.gamma_multiply(0.45) } else { text };
        let galley = painter.layout_no_wrap(name, font.clone(), colour);
        // Below the node, else above it, else (unless it must show) not at all.
        let size = galley.size();
        let r = screen_radius(i) + 2.0;
        let below = c + vec2(-size.x / 2.0, r);
        let above = c + vec2(-size.x / 2.0, -r - size.y);
        let free = |at: Pos2| {
            let area = Rect::from_min_size(at, size).expand(1.0);
            (!placed.iter().any(|p| p.intersects(area))).then_some(area)
        };
        let (at, area) = match (free(below), free(above)) {
            (Some(area), _) => (below, area),
            (None, Some(area)) => (above, area),
            (None, None) if k < must => (below, Rect::from_min_size(below, size)),
            (None, None) => continue,
        };
        placed.push(area);
        painter.galley(at, galley, colour);
    }

    if shown.is_empty() && g.nodes_shown.iter().all(|s| !s) {
        painter.text(
            rect.center(),
            egui::Align2::CENTER_CENTER,
            tr.get("graph_empty"),
            egui::FontId::proportional(15.0),
            weak,
        );
    }

    let focused = ui.memory(|m| m.focused());
    let nodes = node_widgets(ui, data, g, &shown, view, canvas_id, focused, actions);
    pointer(ui, data, g, &response, view, &shown, nodes.hovered, actions);
    if focused == Some(canvas_id) || nodes.focused {
        if let Some(id) = nodes.selected_id
            && focused != Some(id)
        {
            // The arrow keys chose another node: the focus (and a screen reader) follows.
            ui.memory_mut(|m| m.request_focus(id));
        }
        keys(ui, g, view, actions);
    }
}

/// What the node widgets saw.
struct NodeWidgets {
    /// One is under the pointer.
    hovered: bool,
    /// One has the keyboard focus.
    focused: bool,
    /// The widget of the chosen node, when on screen.
    selected_id: Option<egui::Id>,
}

/// Nodes on screen as widgets named by their entity: click chooses, double-click opens,
/// drag pins, right-click offers more.
#[expect(clippy::too_many_arguments)]
fn node_widgets(
    ui: &mut Ui,
    data: &ViewData,
    g: &GraphView,
    shown: &[usize],
    view: Projection,
    canvas_id: egui::Id,
    focused: Option<egui::Id>,
    actions: &mut Vec<Action>,
) -> NodeWidgets {
    let tr = data.tr();
    let pos = g.layout.positions();
    let mut seen = NodeWidgets {
        hovered: false,
        focused: false,
        selected_id: None,
    };
    for &i in shown.iter().take(MOST_WIDGETS) {
        let c = view.screen(pos[i]);
        let r = (radius(g.degree[i]) * view.zoom).clamp(5.0, 40.0);
        let hit = Rect::from_center_size(c, Vec2::splat(2.0 * r)).intersect(view.rect);
        let id = canvas_id.with(g.network.nodes[i].id);
        let resp = ui.interact(hit, id, Sense::click_and_drag());
        let name = node_name(data, g, i);
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &name));
        seen.focused |= focused == Some(id);
        if Some(i) == g.selected {
            seen.selected_id = Some(id);
        }
        if resp.hovered() {
            seen.hovered = true;
            if g.hovered != Some(i) {
                push(actions, GraphEdit::Hover(Some(i)));
            }
        }
        if (resp.clicked() || resp.gained_focus()) && g.selected != Some(i) {
            push(actions, GraphEdit::Select(Some(i)));
        }
        if resp.clicked() && !resp.has_focus() {
            resp.request_focus();
        }
        if resp.double_clicked() {
            push(actions, GraphEdit::Open(i));
        }
        if resp.dragged()
            && let Some(p) = resp.interact_pointer_pos()
        {
            push(actions, GraphEdit::Drag(i, view.layout(p)));
        }
        let pinned = g.layout.is_pinned(i);
        resp.context_menu(|ui| {
            if ui.button(tr.get("graph_open")).clicked() {
                push(actions, GraphEdit::Open(i));
                ui.close();
            }
            if ui.button(tr.get("graph_centre_here")).clicked() {
                let depth = match g.network.scope {
                    Scope::Around(_, d) => d,
                    _ => 1,
                };
                push(
                    actions,
                    GraphEdit::Scope(Scope::Around(g.network.nodes[i].id, depth)),
                );
                ui.close();
            }
            if pinned && ui.button(tr.get("graph_unpin")).clicked() {
                push(actions, GraphEdit::Unpin(i));
                ui.close();
            }
        });
    }
    seen
}

/// The background: drag pans, the wheel or a pinch zooms about the pointer, a click
/// chooses the nearest node (or none), a link under the pointer says what it is.
#[expect(clippy::too_many_arguments)]
fn pointer(
    ui: &mut Ui,
    data: &ViewData,
    g: &GraphView,
    response: &egui::Response,
    view: Projection,
    shown: &[usize],
    node_hovered: bool,
    actions: &mut Vec<Action>,
) {
    let camera = Camera {
        center: view.center,
        zoom: view.zoom,
        fit: false,
    };
    if response.dragged() {
        let d = response.drag_delta() / view.zoom;
        if d != Vec2::ZERO {
            push(
                actions,
                GraphEdit::Camera(Camera {
                    center: [camera.center[0] - d.x, camera.center[1] - d.y],
                    ..camera
                }),
            );
        }
    }
    let inside = ui
        .ctx()
        .pointer_hover_pos()
        .filter(|p| view.rect.contains(*p));
    if let Some(at) = inside {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = pinch * (scroll * 0.0015).exp();
        if (factor - 1.0).abs() > 1e-4 {
            push(
                actions,
                GraphEdit::Camera(zoom_about(camera, view, at, factor)),
            );
        }
    }
    if node_hovered {
        return;
    }
    let pos = g.layout.positions();
    let nearest = response.hover_pos().and_then(|at| {
        shown
            .iter()
            .map(|&i| (i, view.screen(pos[i]).distance(at)))
            .filter(|&(i, d)| d <= (radius(g.degree[i]) * view.zoom).clamp(5.0, 40.0))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    });
    if nearest != g.hovered {
        push(actions, GraphEdit::Hover(nearest));
    }
    if response.clicked() {
        push(actions, GraphEdit::Select(nearest));
        response.request_focus();
    }
    if response.double_clicked()
        && let Some(i) = nearest
    {
        push(actions, GraphEdit::Open(i));
    }
    if nearest.is_none()
        && let Some(at) = response.hover_pos()
        && let Some(text) = link_under(data, g, view, at)
    {
        response.show_tooltip_text(text);
    }
}

/// "A — label — B" for the visible link passing within a few points of `at`.
fn link_under(data: &ViewData, g: &GraphView, view: Projection, at: Pos2) -> Option<String> {
    let pos = g.layout.positions();
    let (e, _) = g
        .shown_edges()
        .map(|e| {
            let (a, b) = (
                view.screen(pos[e.from as usize]),
                view.screen(pos[e.to as usize]),
            );
            (e, distance_to_segment(at, a, b))
        })
        .filter(|(_, d)| *d <= 4.0)
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    Some(format!(
        "{} — {} — {}",
        node_name(data, g, e.from as usize),
        predicate_label(data, g, &e.predicate),
        node_name(data, g, e.to as usize)
    ))
}

/// Keys, while the picture or one of its nodes has the focus: arrows move between nodes,
/// Enter opens, + and − zoom, Escape lets go.
fn keys(ui: &mut Ui, g: &GraphView, view: Projection, actions: &mut Vec<Action>) {
    let camera = Camera {
        center: view.center,
        zoom: view.zoom,
        fit: false,
    };
    use egui::Key;
    ui.input_mut(|i| {
        for (key, dir) in [
            (Key::ArrowLeft, [-1.0, 0.0]),
            (Key::ArrowRight, [1.0, 0.0]),
            (Key::ArrowUp, [0.0, -1.0]),
            (Key::ArrowDown, [0.0, 1.0]),
        ] {
            if i.consume_key(egui::Modifiers::NONE, key) {
                push(actions, GraphEdit::Move(dir));
            }
        }
        if i.consume_key(egui::Modifiers::NONE, Key::Enter)
            && let Some(s) = g.selected
        {
            push(actions, GraphEdit::Open(s));
        }
        if i.consume_key(egui::Modifiers::NONE, Key::Escape) {
            push(actions, GraphEdit::Select(None));
        }
        let centre = view.rect.center();
        if i.consume_key(egui::Modifiers::NONE, Key::Plus)
            || i.consume_key(egui::Modifiers::NONE, Key::Equals)
        {
            push(
                actions,
                GraphEdit::Camera(zoom_about(camera, view, centre, 1.25)),
            );
        }
        if i.consume_key(egui::Modifiers::NONE, Key::Minus) {
            push(
                actions,
                GraphEdit::Camera(zoom_about(camera, view, centre, 0.8)),
            );
        }
    });
}

/// The camera zoomed by `factor`, the layout point under `at` staying under it.
fn zoom_about(camera: Camera, view: Projection, at: Pos2, factor: f32) -> Camera {
    let under = view.layout(at);
    let zoom = (camera.zoom * factor).clamp(0.005, 8.0);
    let d = (at - view.rect.center()) / zoom;
    Camera {
        center: [under[0] - d.x, under[1] - d.y],
        zoom,
        fit: false,
    }
}

fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let len2 = ab.length_sq();
    if len2 <= f32::EPSILON {
        return p.distance(a);
    }
    let t = ((p - a).dot(ab) / len2).clamp(0.0, 1.0);
    p.distance(a + ab * t)
}

/// A line as a quad of width `w`.
fn add_line(mesh: &mut egui::Mesh, a: Pos2, b: Pos2, w: f32, colour: Color32) {
    let d = b - a;
    let len = d.length();
    if len <= f32::EPSILON {
        return;
    }
    let n = vec2(-d.y, d.x) / len * (w / 2.0);
    let i = mesh.vertices.len() as u32;
    for p in [a + n, a - n, b - n, b + n] {
        mesh.colored_vertex(p, colour);
    }
    mesh.add_triangle(i, i + 1, i + 2);
    mesh.add_triangle(i, i + 2, i + 3);
}

/// A convex polygon as a triangle fan.
fn add_polygon(mesh: &mut egui::Mesh, points: &[[f32; 2]], colour: Color32) {
    let i = mesh.vertices.len() as u32;
    for p in points {
        mesh.colored_vertex(pos2(p[0], p[1]), colour);
    }
    for k in 1..points.len().saturating_sub(1) as u32 {
        mesh.add_triangle(i, i + k, i + k + 1);
    }
}
