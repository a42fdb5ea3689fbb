//! The part of the knowledge base a graph shows — an entity's neighbourhood, a theme, or
//! the whole base — as nodes and edges, and which of them a filter leaves.

use super::paths::{self, Options, Path};
use crate::model::{DateValue, Day, EntityId};
use crate::store::{EntityRow, Result, Store};
use std::collections::{BTreeSet, HashMap, HashSet};

/// The most entities a graph holds: beyond it the best connected are kept, saying so.
pub const MOST_NODES: usize = 20_000;

/// What a graph shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// An entity and the entities within this many links (1–3).
    Around(EntityId, u8),
    /// A theme, its sub-themes, and every entity linked to one of them.
    Theme(EntityId),
    /// Every entity (the best connected [`MOST_NODES`] of a larger base).
    Whole,
    /// The entities on every shortest path from one entity to another (at most 5 links).
    Between {
        /// Where the paths start.
        from: EntityId,
        /// Where they end.
        to: EntityId,
        /// Paths may not pass through documents.
        avoid_documents: bool,
        /// The paths one link longer than the shortest too.
        longer: bool,
    },
}

impl Scope {
    /// The entity the scope is about: the one at its centre, the theme, the start of
    /// the paths.
    pub fn own(&self) -> Option<EntityId> {
        match *self {
            Scope::Around(id, _) | Scope::Theme(id) | Scope::Between { from: id, .. } => Some(id),
            Scope::Whole => None,
        }
    }
}

/// A relation between two nodes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// Subject node.
    pub from: u32,
    /// Object node.
    pub to: u32,
    /// The relation's row id.
    pub relation: i64,
    /// Its predicate.
    pub predicate: String,
    /// Its dates, as stored.
    pub date_start: Option<String>,
    /// End date.
    pub date_end: Option<String>,
}

/// Nodes and edges of a scope.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    /// What was asked for.
    pub scope: Scope,
    /// The entities, the scope's own entity (or theme) first.
    pub nodes: Vec<EntityRow>,
    /// The relations among them.
    pub edges: Vec<Edge>,
    /// More entities were in the scope than shown (the graph was cut at the limit).
    pub cut: bool,
    /// Entities in the scope when known (the whole base's count), else those reached.
    pub reached: usize,
    /// The themes the nodes are linked to, by name.
    pub themes: Vec<EntityRow>,
    /// For each node, the indices in `themes` of the themes it is, or is linked to.
    pub node_themes: Vec<Vec<u32>>,
    /// For [`Scope::Between`]: the paths found, shortest first.
    pub paths: Vec<Path>,
}

/// What a filter hides.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Filter {
    /// Kinds hidden.
    pub hidden_kinds: BTreeSet<String>,
    /// Link types hidden.
    pub hidden_predicates: BTreeSet<String>,
    /// Only what is, or is linked to, this theme (by uid).
    pub theme: Option<String>,
    /// Only relations in force on this day (and what they link).
    pub current_on: Option<Day>,
    /// Private entities hidden (presentation mode).
    pub hide_private: bool,
}

impl Network {
    /// Reads the scope from the store, at most `limit` entities.
    pub fn read(store: &Store, scope: Scope, limit: usize) -> Result<Network> {
        let mut found = Vec::new();
        let (ids, cut, reached) = match scope {
            Scope::Between {
                from,
                to,
                avoid_documents,
                longer,
            } => {
                let options = Options {
                    avoid_kinds: if avoid_documents {
                        vec!["document".into()]
                    } else {
                        Vec::new()
                    },
                    ..Options::default()
                };
                found = paths::shortest(store, from, to, &options)?;
                if longer && let Some(length) = found.first().map(|p| p.steps.len()) {
                    found.extend(paths::of_length(store, from, to, length + 1, &options)?);
                }
                let mut ids = vec![from];
                for p in &found {
                    for s in &p.steps {
                        if !ids.contains(&s.to) {
                            ids.push(s.to);
                        }
                    }
                }
                if !ids.contains(&to) {
                    ids.push(to);
                }
                let reached = ids.len();
                (ids, false, reached)
            }
            Scope::Around(id, depth) => around(store, &[id], depth, limit)?,
            Scope::Theme(theme) => {
                let mut themes = vec![theme];
                let mut i = 0;
                while i < themes.len() && themes.len() < limit {
                    for l in store.links_with(themes[i], false)? {
                        if l.predicate == "subtheme_of" && !l.outgoing && !themes.contains(&l.other)
                        {
                            themes.push(l.other);
                        }
                    }
                    i += 1;
                }
                around(store, &themes, 1, limit)?
            }
            Scope::Whole => {
                let (total, ids) = store.best_connected(limit)?;
                (ids, total > limit, total)
            }
        };
        let nodes = store.entity_rows(&ids)?;
        let index: HashMap<EntityId, u32> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id, i as u32))
            .collect();
        let edges = store
            .links_among(&ids)?
            .into_iter()
            .filter_map(|l| {
                Some(Edge {
                    from: *index.get(&l.subject)?,
                    to: *index.get(&l.object)?,
                    relation: l.relation,
                    predicate: l.predicate,
                    date_start: l.date_start,
                    date_end: l.date_end,
                })
            })
            .collect();
        let mut pairs = store.linked_of_kind(&ids, "theme")?;
        pairs.extend(
            nodes
                .iter()
                .filter(|n| n.kind == "theme")
                .map(|n| (n.id, n.id)),
        );
        let theme_ids: Vec<EntityId> = pairs
            .iter()
            .map(|p| p.1)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let mut themes = store.entity_rows(&theme_ids)?;
        themes.sort_by_cached_key(|t| crate::text::collation_key(&t.name));
        let theme_index: HashMap<EntityId, u32> = themes
            .iter()
            .enumerate()
            .map(|(i, t)| (t.id, i as u32))
            .collect();
        let mut node_themes = vec![Vec::new(); nodes.len()];
        for (node, theme) in pairs {
            if let (Some(&n), Some(&t)) = (index.get(&node), theme_index.get(&theme)) {
                node_themes[n as usize].push(t);
            }
        }
        for t in &mut node_themes {
            t.sort_unstable();
            t.dedup();
        }
        Ok(Network {
            scope,
            nodes,
            edges,
            cut,
            reached,
            themes,
            node_themes,
            paths: found,
        })
    }

    /// The index of the node of `id`.
    pub fn node_of(&self, id: EntityId) -> Option<usize> {
        self.nodes.iter().position(|n| n.id == id)
    }

    /// The edges as pairs of node indices, for a layout.
    pub fn pairs(&self) -> Vec<(u32, u32)> {
        self.edges.iter().map(|e| (e.from, e.to)).collect()
    }

    /// Which nodes and edges `filter` leaves. An edge stays when its type is shown, it is
    /// in force on the filter's day (when one is set) and both its ends stay; a node stays
    /// when its kind is shown, it belongs to the filter's theme (when set), and it keeps
    /// an edge unless it had none to lose. The scope's own entity stays whenever its kind
    /// is shown.
    pub fn visible(&self, filter: &Filter) -> (Vec<bool>, Vec<bool>) {
        let theme = filter
            .theme
            .as_ref()
            .and_then(|uid| self.themes.iter().position(|t| &t.uid == uid))
            .map(|t| t as u32);
        let own = self.scope.own().and_then(|id| self.node_of(id));
        let mut nodes: Vec<bool> = self
            .nodes
            .iter()
            .zip(&self.node_themes)
            .enumerate()
            .map(|(i, (n, themes))| {
                let hidden =
                    filter.hidden_kinds.contains(&n.kind) || (filter.hide_private && n.private);
                !hidden && (Some(i) == own || theme.is_none_or(|t| themes.contains(&t)))
            })
            .collect();
        let edge_ok = |e: &Edge| {
            !filter.hidden_predicates.contains(&e.predicate)
                && filter.current_on.is_none_or(|day| in_force(e, day))
        };
        let edges: Vec<bool> = self
            .edges
            .iter()
            .map(|e| edge_ok(e) && nodes[e.from as usize] && nodes[e.to as usize])
            .collect();
        let mut had = vec![false; self.nodes.len()];
        let mut has = vec![false; self.nodes.len()];
        for (e, &shown) in self.edges.iter().zip(&edges) {
            for end in [e.from, e.to] {
                had[end as usize] |= nodes[e.from as usize] && nodes[e.to as usize];
                has[end as usize] |= shown;
            }
        }
        for (i, shown) in nodes.iter_mut().enumerate() {
            if *shown && had[i] && !has[i] && Some(i) != own {
                *shown = false;
            }
        }
        (nodes, edges)
    }
}

/// Whether a relation is in force on `day`: not begun after it, not ended before it (a
/// date that cannot say leaves it in force).
fn in_force(e: &Edge, day: Day) -> bool {
    let bounds = |d: &Option<String>| {
        d.as_deref()
            .and_then(|s| DateValue::parse(s).ok())
            .and_then(|v| v.bounds())
    };
    let begun = bounds(&e.date_start).is_none_or(|(start, _)| start <= day);
    let going = bounds(&e.date_end).is_none_or(|(_, end)| end >= day);
    begun && going
}

/// The entities within `depth` links of `start`, breadth first, at most `limit`: the ids,
/// whether the limit cut the walk, and how many were reached.
fn around(
    store: &Store,
    start: &[EntityId],
    depth: u8,
    limit: usize,
) -> Result<(Vec<EntityId>, bool, usize)> {
    let mut ids: Vec<EntityId> = Vec::new();
    let mut seen: HashSet<EntityId> = HashSet::new();
    for &s in start {
        if seen.insert(s) {
            ids.push(s);
        }
    }
    let mut level = 0..ids.len();
    let mut cut = false;
    for _ in 0..depth {
        let mut next = Vec::new();
        'level: for i in level.clone() {
            for l in store.links_with(ids[i], false)? {
                if seen.insert(l.other) {
                    if ids.len() + next.len() >= limit {
                        cut = true;
                        break 'level;
                    }
                    next.push(l.other);
                }
            }
        }
        let from = ids.len();
        ids.extend(next);
        level = from..ids.len();
        if cut || level.is_empty() {
            break;
        }
    }
    let reached = ids.len();
    Ok((ids, cut, reached))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, kind: &str) -> EntityRow {
        EntityRow {
            id: EntityId(id),
            uid: format!("u{id}"),
            kind: kind.into(),
            name: format!("n{id}"),
            name_en: None,
            private: false,
        }
    }

    fn edge(from: u32, to: u32, predicate: &str, end: Option<&str>) -> Edge {
        Edge {
            from,
            to,
            relation: i64::from(from * 100 + to),
            predicate: predicate.into(),
            date_start: None,
            date_end: end.map(str::to_owned),
        }
    }

    /// A person (0) who held a post at an organisation (1) until 2010 and spoke at an
    /// event (2) that a document (3) reports; 4 is alone; the event concerns theme 5.
    fn network() -> Network {
        Network {
            scope: Scope::Around(EntityId(0), 2),
            nodes: vec![
                row(0, "person"),
                row(1, "organisation"),
                row(2, "event"),
                row(3, "document"),
                row(4, "place"),
                row(5, "theme"),
            ],
            edges: vec![
                edge(0, 1, "holds_position", Some("2010")),
                edge(0, 2, "spoke_at", None),
                edge(3, 2, "reports_on", None),
                edge(2, 5, "concerns", None),
            ],
            cut: false,
            reached: 6,
            themes: vec![row(5, "theme")],
            node_themes: vec![vec![], vec![], vec![0], vec![], vec![], vec![0]],
            paths: Vec::new(),
        }
    }

    #[test]
    fn private_entities_are_hidden_when_asked_even_the_scope_s_own() {
        let mut net = network();
        net.nodes[2].private = true;
        net.nodes[0].private = true;
        let f = Filter {
            hide_private: true,
            ..Filter::default()
        };
        let (nodes, edges) = net.visible(&f);
        assert!(!nodes[2] && !nodes[0]);
        assert!(
            edges.iter().all(|e| !e),
            "every link touched a private entity"
        );
    }

    #[test]
    fn nothing_hidden_shows_everything() {
        let (nodes, edges) = network().visible(&Filter::default());
        assert!(nodes.iter().all(|&n| n) && edges.iter().all(|&e| e));
    }

    #[test]
    fn a_hidden_kind_takes_its_edges_and_a_hidden_link_type_the_nodes_it_alone_held() {
        let net = network();
        let mut f = Filter::default();
        f.hidden_kinds.insert("document".into());
        let (nodes, edges) = net.visible(&f);
        assert_eq!(nodes, [true, true, true, false, true, true]);
        assert_eq!(edges, [true, true, false, true]);
        let mut f = Filter::default();
        f.hidden_predicates.insert("holds_position".into());
        let (nodes, _) = net.visible(&f);
        assert_eq!(
            nodes,
            [true, false, true, true, true, true],
            "1 had only that link"
        );
    }

    #[test]
    fn on_a_day_only_relations_in_force_stay() {
        let net = network();
        let f = Filter {
            current_on: Some(20_260_101),
            ..Filter::default()
        };
        let (nodes, edges) = net.visible(&f);
        assert_eq!(edges, [false, true, true, true]);
        assert!(!nodes[1]);
        let f = Filter {
            current_on: Some(20_090_601),
            ..Filter::default()
        };
        assert!(net.visible(&f).1[0]);
    }

    #[test]
    fn a_theme_keeps_what_is_linked_to_it_and_the_scope_entity_stays() {
        let net = network();
        let f = Filter {
            theme: Some("u5".into()),
            ..Filter::default()
        };
        let (nodes, edges) = net.visible(&f);
        // The person is the scope's own entity: kept, though not linked to the theme.
        assert_eq!(nodes, [true, false, true, false, false, true]);
        assert_eq!(edges, [false, true, false, true]);
    }
}
