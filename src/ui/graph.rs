//! The graph page's state and its handling: the network read on the worker, its layout
//! stepped a few milliseconds a frame until it settles (then it costs nothing), the
//! filters, the camera, the node chosen. `views/graph.rs` draws it and turns the pointer
//! and keys into [`GraphEdit`]s.

use super::Page;
use super::app::LienketApp;
use super::worker::Job;
use crate::graph::layout::Layout;
use crate::graph::network::{Filter, Network, Scope};
use crate::graph::tree;
use crate::model::{Day, EntityId, Predicate};
use std::time::Duration;

/// Layout work per frame while the layout runs.
const FRAME_BUDGET: Duration = Duration::from_millis(8);
/// Steps at most when the layout is settled at once (tests, where frames are counted).
const SETTLE_STEPS: usize = 3_000;
/// The layout's seed: the same network is drawn the same way every time.
const SEED: u64 = 0x011e_44e7;

/// Where the picture is looked at from.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    /// The layout point at the middle of the canvas.
    pub center: [f32; 2],
    /// Screen points per layout unit.
    pub zoom: f32,
    /// Follow the layout, keeping every visible node in view (until the person pans or
    /// zooms).
    pub fit: bool,
}

impl Default for Camera {
    fn default() -> Self {
        Camera {
            center: [0.0, 0.0],
            zoom: 1.0,
            fit: true,
        }
    }
}

/// The graph page.
pub struct GraphView {
    /// What is drawn.
    pub network: Network,
    /// Where each node is.
    pub layout: Layout,
    /// What is hidden.
    pub filter: Filter,
    /// Nodes and edges left by the filter.
    pub nodes_shown: Vec<bool>,
    /// Edges left by the filter.
    pub edges_shown: Vec<bool>,
    /// Links of each node within the network.
    pub degree: Vec<usize>,
    /// Where it is seen from.
    pub camera: Camera,
    /// The node under the pointer.
    pub hovered: Option<usize>,
    /// The node chosen (click or arrow keys); Enter opens it.
    pub selected: Option<usize>,
    /// Drawn as a part-of hierarchy instead of by forces.
    pub hierarchy: bool,
    /// Link types with their labels.
    pub predicates: Vec<Predicate>,
    /// The name typed to save the map under.
    pub map_name: String,
    /// The maps saved in the file, by name.
    pub maps: Vec<String>,
    /// What became of the last save ("Saved as …" or why not).
    pub map_message: Option<String>,
    /// What is typed to find the entity to connect to.
    pub path_text: String,
    /// Entities found for it.
    pub path_hits: Vec<crate::store::search::Hit>,
    /// The paths of a [`Scope::Between`], each as it reads in the interface's language,
    /// and whether it passes through a private entity (hidden in presentation mode).
    pub chains: Vec<(String, bool)>,
    /// The relations on those paths.
    pub on_path: std::collections::HashSet<i64>,
    /// Where the picture is written.
    pub picture_path: String,
    /// Private entities go into the picture.
    pub picture_private: bool,
    /// What became of the last picture written.
    pub picture_message: Option<String>,
}

/// A change asked for on the graph page.
#[derive(Clone, Debug, PartialEq)]
pub enum GraphEdit {
    /// Show another scope.
    Scope(Scope),
    /// Show this kind (or not).
    Kind(String, bool),
    /// Show this link type (or not).
    Predicate(String, bool),
    /// Only what is linked to this theme (by uid), or everything.
    Theme(Option<String>),
    /// Only relations in force today.
    CurrentOnly(bool),
    /// Look from here.
    Camera(Camera),
    /// Keep everything in view again.
    Fit,
    /// The pointer is over this node.
    Hover(Option<usize>),
    /// Choose this node.
    Select(Option<usize>),
    /// Node dragged here (layout coordinates): pinned there.
    Drag(usize, [f32; 2]),
    /// Let a pinned node move again.
    Unpin(usize),
    /// Open the entity of this node.
    Open(usize),
    /// Draw as a hierarchy, or by forces.
    Hierarchy(bool),
    /// Choose the nearest node in this direction from the chosen one.
    Move([f32; 2]),
    /// The name to save the map under.
    MapName(String),
    /// Save the map under the name typed (one edit).
    SaveMap,
    /// Reopen the map saved under this name, as it was left.
    OpenMap(String),
    /// Delete the map saved under this name (one edit).
    DeleteMap(String),
    /// What is typed to find the entity to connect the graph's own entity to.
    PathText(String),
    /// Show every shortest path from the graph's own entity to this one.
    PathTo(EntityId),
    /// Where the picture goes.
    PicturePath(String),
    /// Private entities in the picture, or not.
    PicturePrivate(bool),
    /// Write the picture.
    SavePicture(super::PictureFormat),
}

impl GraphView {
    fn new(network: Network, previous: Option<GraphView>, predicates: Vec<Predicate>) -> Self {
        let known: Vec<Option<[f32; 2]>> = match &previous {
            Some(p) => {
                let at: std::collections::HashMap<EntityId, [f32; 2]> = p
                    .network
                    .nodes
                    .iter()
                    .zip(p.layout.positions())
                    .map(|(n, pos)| (n.id, *pos))
                    .collect();
                network
                    .nodes
                    .iter()
                    .map(|n| at.get(&n.id).copied())
                    .collect()
            }
            None => vec![None; network.nodes.len()],
        };
        let layout = Layout::with_positions(network.pairs(), SEED, &known);
        let mut degree = vec![0; network.nodes.len()];
        for e in &network.edges {
            degree[e.from as usize] += 1;
            degree[e.to as usize] += 1;
        }
        let (filter, camera, hierarchy) = match previous {
            Some(p) => (p.filter, p.camera, p.hierarchy),
            None => (Filter::default(), Camera::default(), false),
        };
        let mut view = GraphView {
            nodes_shown: Vec::new(),
            edges_shown: Vec::new(),
            degree,
            network,
            layout,
            filter,
            camera,
            hovered: None,
            selected: None,
            hierarchy,
            predicates,
            map_name: String::new(),
            maps: Vec::new(),
            map_message: None,
            path_text: String::new(),
            path_hits: Vec::new(),
            chains: Vec::new(),
            on_path: std::collections::HashSet::new(),
            picture_path: String::new(),
            picture_private: false,
            picture_message: None,
        };
        view.apply_filter();
        if hierarchy {
            view.draw_hierarchy();
        }
        view
    }

    /// Node `i`'s name in `lang` (the Vietnamese one when it has no English one).
    pub fn node_name(&self, i: usize, lang: crate::i18n::Lang) -> String {
        let n = &self.network.nodes[i];
        match (lang, &n.name_en) {
            (crate::i18n::Lang::En, Some(en)) if !en.is_empty() => en.clone(),
            _ => n.name.clone(),
        }
    }

    /// A link type's label in `lang`, read from its subject.
    pub fn predicate_label(&self, name: &str, lang: crate::i18n::Lang) -> String {
        self.predicates
            .iter()
            .find(|p| p.name == name)
            .map(|p| match lang {
                crate::i18n::Lang::Vi => p.label_vi.clone(),
                crate::i18n::Lang::En => p.label_en.clone(),
            })
            .unwrap_or_else(|| name.to_owned())
    }

    /// The edges the filter leaves.
    pub fn shown_edges(&self) -> impl Iterator<Item = &crate::graph::network::Edge> {
        self.network
            .edges
            .iter()
            .zip(&self.edges_shown)
            .filter(|(_, s)| **s)
            .map(|(e, _)| e)
    }

    /// The node of the scope's own entity (or theme).
    pub fn own(&self) -> Option<usize> {
        self.network
            .scope
            .own()
            .and_then(|id| self.network.node_of(id))
    }

    pub(super) fn apply_filter(&mut self) {
        let (nodes, edges) = self.network.visible(&self.filter);
        self.layout.set_active(&nodes);
        self.nodes_shown = nodes;
        self.edges_shown = edges;
        if self.hovered.is_some_and(|h| !self.nodes_shown[h]) {
            self.hovered = None;
        }
        if self.selected.is_some_and(|s| !self.nodes_shown[s]) {
            self.selected = None;
        }
        if self.hierarchy {
            self.draw_hierarchy();
        }
    }

    /// Lays the visible nodes out along their part-of links (hidden ones keep their
    /// place); the force layout is then still.
    fn draw_hierarchy(&mut self) {
        let shown: Vec<usize> = (0..self.nodes_shown.len())
            .filter(|&i| self.nodes_shown[i])
            .collect();
        let mut slot = vec![u32::MAX; self.nodes_shown.len()];
        for (k, &i) in shown.iter().enumerate() {
            slot[i] = k as u32;
        }
        let part_of: Vec<(u32, u32)> = self
            .network
            .edges
            .iter()
            .zip(&self.edges_shown)
            .filter(|(e, shown)| **shown && e.predicate == "part_of")
            .map(|(e, _)| (slot[e.from as usize], slot[e.to as usize]))
            .collect();
        let placed = tree::hierarchy(shown.len(), &part_of);
        let mut all = self.layout.positions().to_vec();
        for (k, &i) in shown.iter().enumerate() {
            all[i] = placed[k];
        }
        self.layout.set_positions(&all);
        self.camera.fit = true;
    }

    /// The nearest visible node from `from` in direction `dir` (within 60° of it).
    fn nearest_towards(&self, from: usize, dir: [f32; 2]) -> Option<usize> {
        let pos = self.layout.positions();
        let p = pos[from];
        let len = (dir[0] * dir[0] + dir[1] * dir[1]).sqrt().max(1e-6);
        let dir = [dir[0] / len, dir[1] / len];
        (0..pos.len())
            .filter(|&j| j != from && self.nodes_shown[j])
            .filter_map(|j| {
                let d = [pos[j][0] - p[0], pos[j][1] - p[1]];
                let dist = (d[0] * d[0] + d[1] * d[1]).sqrt();
                let cos = (d[0] * dir[0] + d[1] * dir[1]) / dist.max(1e-6);
                (cos >= 0.5).then_some((j, dist * (2.0 - cos)))
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(j, _)| j)
    }
}

/// Today as a [`Day`] (UTC).
pub(super) fn today() -> Day {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    crate::model::day_of_unix_days((secs / 86_400) as i64)
}

impl LienketApp {
    /// Opens the graph page on `scope`, read on the worker.
    pub(super) fn open_graph(&mut self, scope: Scope) {
        if !self.data.store_open {
            return;
        }
        self.data.graph_loading = true;
        self.submit(Job::Graph(scope));
        self.navigate(Page::Graph);
    }

    /// Presentation mode hides private entities from the graph too.
    pub(super) fn hide_private_in_graph(&mut self) {
        let hide = self.data.presentation;
        if let Some(g) = &mut self.data.graph
            && g.filter.hide_private != hide
        {
            g.filter.hide_private = hide;
            g.apply_filter();
        }
    }

    /// The graph command: around the entity shown, else the whole base.
    pub(super) fn show_graph(&mut self) {
        let scope = match self.data.current_entity() {
            Some(id) => Scope::Around(id, 1),
            None => Scope::Whole,
        };
        self.open_graph(scope);
    }

    /// The network read: drawn, keeping the places, filters and camera of the one it
    /// replaces.
    pub(super) fn receive_network(&mut self, network: Network) {
        let predicates = self
            .store()
            .and_then(|s| s.predicates().ok())
            .unwrap_or_default();
        self.data.graph_loading = false;
        let previous = self.data.graph.take();
        let picture_path = previous.as_ref().map(|g| g.picture_path.clone());
        let mut view = GraphView::new(network, previous, predicates);
        view.maps = self.map_names();
        view.picture_path = picture_path
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| self.default_picture_path());
        if let Some(store) = self.store() {
            let lang = self.data.settings.lang;
            let private = |id: EntityId| {
                view.network
                    .node_of(id)
                    .is_some_and(|i| view.network.nodes[i].private)
            };
            view.chains = view
                .network
                .paths
                .iter()
                .filter_map(|p| {
                    let text = crate::graph::paths::chain(store, p, lang).ok()?;
                    let hidden = private(p.from) || p.steps.iter().any(|s| private(s.to));
                    Some((text, hidden))
                })
                .collect();
        }
        view.on_path = view
            .network
            .paths
            .iter()
            .flat_map(|p| p.steps.iter().map(|s| s.relation))
            .collect();
        if let Some(map) = self.data.graph_map.take() {
            view.apply_map(&map);
        }
        if view.filter.hide_private != self.data.presentation {
            view.filter.hide_private = self.data.presentation;
            view.apply_filter();
        }
        if self.inline_jobs {
            // Frames are counted in tests: the layout settles at once.
            for _ in 0..SETTLE_STEPS {
                if !view.layout.step() {
                    break;
                }
            }
        }
        self.data.graph = Some(view);
    }

    /// A frame's share of layout work; asks for the next frame while it runs.
    pub(super) fn step_graph(&mut self, ctx: &egui::Context) {
        if self.page() != Page::Graph {
            return;
        }
        if let Some(g) = &mut self.data.graph
            && !g.layout.settled()
        {
            g.layout.run_for(FRAME_BUDGET);
            ctx.request_repaint();
        }
    }

    pub(super) fn graph_edit(&mut self, edit: GraphEdit) {
        if let GraphEdit::Scope(scope) = edit {
            self.open_graph(scope);
            return;
        }
        if let GraphEdit::PathText(text) = &edit {
            let hits = match self.store() {
                Some(store) if !text.trim().is_empty() => store
                    .search(&crate::store::search::Query {
                        text: crate::text::nfc(text),
                        kind: None,
                        limit: 8,
                    })
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            if let Some(g) = &mut self.data.graph {
                g.path_text.clone_from(text);
                g.path_hits = hits;
            }
            return;
        }
        if let GraphEdit::PathTo(to) = edit {
            let from = self.data.graph.as_ref().and_then(|g| g.network.scope.own());
            if let Some(from) = from {
                self.open_graph(Scope::Between {
                    from,
                    to,
                    avoid_documents: false,
                    longer: false,
                });
            }
            return;
        }
        match edit {
            GraphEdit::SaveMap => return self.save_map(),
            GraphEdit::SavePicture(format) => return self.save_picture(format),
            GraphEdit::OpenMap(name) => return self.open_map(&name),
            GraphEdit::DeleteMap(name) => return self.delete_map(&name),
            _ => {}
        }
        if let GraphEdit::Open(i) = edit {
            let id = self
                .data
                .graph
                .as_ref()
                .and_then(|g| g.network.nodes.get(i))
                .map(|n| n.id);
            if let Some(id) = id {
                self.navigate(Page::Entity(id));
            }
            return;
        }
        let Some(g) = &mut self.data.graph else {
            return;
        };
        match edit {
            GraphEdit::Scope(_)
            | GraphEdit::Open(_)
            | GraphEdit::SaveMap
            | GraphEdit::OpenMap(_)
            | GraphEdit::DeleteMap(_)
            | GraphEdit::PathText(_)
            | GraphEdit::PathTo(_)
            | GraphEdit::SavePicture(_) => {}
            GraphEdit::PicturePath(path) => {
                g.picture_path = path;
                g.picture_message = None;
            }
            GraphEdit::PicturePrivate(on) => g.picture_private = on,
            GraphEdit::MapName(name) => {
                g.map_name = name;
                g.map_message = None;
            }
            GraphEdit::Kind(kind, shown) => {
                if shown {
                    g.filter.hidden_kinds.remove(&kind);
                } else {
                    g.filter.hidden_kinds.insert(kind);
                }
                g.apply_filter();
            }
            GraphEdit::Predicate(p, shown) => {
                if shown {
                    g.filter.hidden_predicates.remove(&p);
                } else {
                    g.filter.hidden_predicates.insert(p);
                }
                g.apply_filter();
            }
            GraphEdit::Theme(uid) => {
                g.filter.theme = uid;
                g.apply_filter();
            }
            GraphEdit::CurrentOnly(on) => {
                g.filter.current_on = on.then(today);
                g.apply_filter();
            }
            GraphEdit::Camera(c) => g.camera = c,
            GraphEdit::Fit => g.camera.fit = true,
            GraphEdit::Hover(h) => g.hovered = h,
            GraphEdit::Select(s) => g.selected = s,
            GraphEdit::Drag(i, at) => {
                g.layout.pin(i, at);
                g.selected = Some(i);
                if g.hierarchy {
                    // A node moved by hand in a hierarchy stays still there.
                    let pos = g.layout.positions().to_vec();
                    g.layout.set_positions(&pos);
                }
            }
            GraphEdit::Unpin(i) => g.layout.unpin(i),
            GraphEdit::Hierarchy(on) => {
                g.hierarchy = on;
                if on {
                    g.draw_hierarchy();
                } else {
                    g.layout.wake();
                    g.camera.fit = true;
                }
            }
            GraphEdit::Move(dir) => {
                let from = g
                    .selected
                    .or_else(|| g.own())
                    .or_else(|| g.nodes_shown.iter().position(|&s| s));
                g.selected = match (from, g.selected) {
                    (Some(f), Some(_)) => g.nearest_towards(f, dir).or(Some(f)),
                    (f, None) => f,
                    (None, s) => s,
                };
            }
        }
    }

    /// The scope of the graph shown, for the graph page after Back or Forward.
    pub(super) fn show_graph_page(&mut self) {
        let names = self.map_names();
        if let Some(g) = &mut self.data.graph {
            g.maps = names;
        }
        if self.data.graph.is_none() && !self.data.graph_loading {
            self.data.graph_loading = true;
            let scope = match self.data.settings.last_entity.as_deref() {
                Some(uid) => self
                    .store()
                    .and_then(|s| s.entity_by_uid(uid).ok().flatten())
                    .map_or(Scope::Whole, |e| Scope::Around(e.id, 1)),
                None => Scope::Whole,
            };
            self.submit(Job::Graph(scope));
        }
    }
}
