//! Saved maps in the window: the graph page saved under a name (one edit, undone by
//! Ctrl+Z), reopened exactly as it was left — scope, filters, every node's place, pins,
//! camera — or deleted.

use super::app::LienketApp;
use super::graph::{Camera, GraphView};
use crate::graph::maps::{FORMAT, Map, MapScope};
use crate::graph::network::Scope;

impl GraphView {
    /// The map of what is shown now.
    pub fn to_map(&self) -> Map {
        let uid = |i: Option<usize>| {
            i.map(|i| self.network.nodes[i].uid.clone())
                .unwrap_or_default()
        };
        let scope = match self.network.scope {
            Scope::Around(_, depth) => MapScope::Around {
                entity: uid(self.own()),
                depth,
            },
            Scope::Theme(_) => MapScope::Theme {
                theme: uid(self.own()),
            },
            Scope::Whole => MapScope::Whole,
            Scope::Between {
                to,
                avoid_documents,
                longer,
                ..
            } => MapScope::Between {
                from: uid(self.own()),
                to: uid(self.network.node_of(to)),
                avoid_documents,
                longer,
            },
        };
        let pos = self.layout.positions();
        Map {
            format: FORMAT,
            scope,
            filter: crate::graph::network::Filter {
                current_on: None,
                ..self.filter.clone()
            },
            current_only: self.filter.current_on.is_some(),
            positions: self
                .network
                .nodes
                .iter()
                .zip(pos)
                .map(|(n, p)| (n.uid.clone(), *p))
                .collect(),
            pinned: (0..pos.len())
                .filter(|&i| self.layout.is_pinned(i))
                .map(|i| self.network.nodes[i].uid.clone())
                .collect(),
            center: self.camera.center,
            zoom: self.camera.zoom,
            fit: self.camera.fit,
            hierarchy: self.hierarchy,
        }
    }

    /// Puts the nodes where the map has them (pinned as they were), its filters and its
    /// camera. Nodes the map does not know (added to the file since) start near their
    /// neighbours and the layout adjusts around the others; otherwise it stays still.
    pub(super) fn apply_map(&mut self, map: &Map) {
        self.filter = crate::graph::network::Filter {
            current_on: map.current_only.then(super::graph::today),
            ..map.filter.clone()
        };
        self.hierarchy = map.hierarchy;
        self.camera = Camera {
            center: map.center,
            zoom: map.zoom,
            fit: map.fit,
        };
        self.apply_filter();
        let mut pos = self.layout.positions().to_vec();
        let mut all_known = true;
        for (n, p) in self.network.nodes.iter().zip(&mut pos) {
            match map.positions.get(&n.uid) {
                Some(at) => *p = *at,
                None => all_known = false,
            }
        }
        self.layout.set_positions(&pos);
        for (i, n) in self.network.nodes.iter().enumerate() {
            if map.pinned.contains(&n.uid) {
                self.layout.pin(i, pos[i]);
            }
        }
        if all_known {
            // Exactly as left: pinning woke the layout, which must not move.
            self.layout.set_positions(&pos);
        } else {
            self.layout.wake();
        }
    }
}

impl LienketApp {
    /// The names of the maps saved in the file.
    pub(super) fn map_names(&self) -> Vec<String> {
        self.store()
            .and_then(|s| s.maps().ok())
            .map(|m| m.into_iter().map(|m| m.name).collect())
            .unwrap_or_default()
    }

    /// Saves the graph shown under the name typed.
    pub(super) fn save_map(&mut self) {
        let tr = self.tr();
        let Some(g) = &self.data.graph else {
            return;
        };
        let name = g.map_name.trim().to_owned();
        if name.is_empty() {
            return;
        }
        let json = g.to_map().to_json();
        let description = format!("save the map “{name}” in the window");
        let saved = match self.store_mut() {
            Some(store) => store.edit(&description, |w| w.save_map(&name, &json)),
            None => return,
        };
        let names = self.map_names();
        if let Some(g) = &mut self.data.graph {
            match saved {
                Ok(()) => {
                    g.map_message = Some(tr.fmt("map_saved", &[("name", &name)]));
                    g.map_name.clear();
                    g.maps = names;
                }
                Err(e) => g.map_message = Some(super::views::store_error_message(tr, &e)),
            }
        }
        self.after_edit();
    }

    /// Reopens the map saved as `name`.
    pub(super) fn open_map(&mut self, name: &str) {
        let tr = self.tr();
        let Some(store) = self.store() else {
            return;
        };
        let read = store.map(name).and_then(|saved| {
            let saved =
                saved.ok_or_else(|| crate::store::StoreError::NotFound(format!("map “{name}”")))?;
            let map = Map::from_json(&saved.map)?;
            let scope = map.scope_in(store)?;
            Ok((map, scope))
        });
        match read {
            Ok((map, scope)) => {
                self.data.graph_map = Some(map);
                self.open_graph(scope);
            }
            Err(e) => self.data.status = Some(super::views::store_error_message(tr, &e)),
        }
    }

    /// Deletes the map saved as `name`.
    pub(super) fn delete_map(&mut self, name: &str) {
        let tr = self.tr();
        let description = format!("delete the map “{name}” in the window");
        let done = match self.store_mut() {
            Some(store) => store.edit(&description, |w| w.delete_map(name)),
            None => return,
        };
        if let Err(e) = done {
            self.data.status = Some(super::views::store_error_message(tr, &e));
        }
        let names = self.map_names();
        if let Some(g) = &mut self.data.graph {
            g.maps = names;
        }
        self.after_edit();
    }
}
