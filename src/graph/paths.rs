//! "How is X connected to Y?": every path of the shortest length between two entities,
//! following links in both directions, at most `max` links long, optionally avoiding
//! entities of chosen kinds (documents, say) or chosen link types. A breadth-first walk
//! from X that keeps, for each entity reached, every link that reached it first; the paths
//! are read back from Y; on request, the next longer ones ([`of_length`]). Each path reads
//! as a chain in the interface's language ("Tô Đức
//! — phát biểu tại — Hội thảo … — có đại biểu tham dự — Bộ Tư pháp").

use crate::i18n::Lang;
use crate::model::EntityId;
use crate::store::{Link, Result, Store};
use std::collections::HashMap;

/// What to look for.
#[derive(Clone, Debug)]
pub struct Options {
    /// The longest path, in links.
    pub max: usize,
    /// Kinds of entities a path may not pass through (its ends may be of them).
    pub avoid_kinds: Vec<String>,
    /// Link types a path may not take.
    pub avoid_predicates: Vec<String>,
    /// The most paths to give.
    pub limit: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max: 5,
            avoid_kinds: Vec::new(),
            avoid_predicates: Vec::new(),
            limit: 50,
        }
    }
}

/// One link of a path and the entity it reaches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The relation's row id.
    pub relation: i64,
    /// Its predicate.
    pub predicate: String,
    /// Whether it is read from subject to object along the path.
    pub outgoing: bool,
    /// The entity reached.
    pub to: EntityId,
}

/// A path from one entity to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Path {
    /// Where it starts.
    pub from: EntityId,
    /// Its links, in order.
    pub steps: Vec<Step>,
}

/// Every shortest path from `from` to `to` within `options` (none when they are not
/// connected so closely; the entity itself when `from` is `to`), in a stable order.
pub fn shortest(
    store: &Store,
    from: EntityId,
    to: EntityId,
    options: &Options,
) -> Result<Vec<Path>> {
    if from == to {
        return Ok(vec![Path {
            from,
            steps: Vec::new(),
        }]);
    }
    // For each entity reached: its distance, and every link that reached it at that
    // distance (from an entity one step closer).
    let mut distance: HashMap<EntityId, usize> = HashMap::from([(from, 0)]);
    let mut reached_by: HashMap<EntityId, Vec<(EntityId, Link)>> = HashMap::new();
    let mut frontier = vec![from];
    for depth in 1..=options.max {
        let mut next = Vec::new();
        for &node in &frontier {
            for link in store.links(node)? {
                if !allowed(&link, to, options) {
                    continue;
                }
                match distance.get(&link.other) {
                    None => {
                        distance.insert(link.other, depth);
                        next.push(link.other);
                        reached_by.entry(link.other).or_default().push((node, link));
                    }
                    Some(&d) if d == depth => {
                        reached_by.entry(link.other).or_default().push((node, link));
                    }
                    Some(_) => {}
                }
            }
        }
        if distance.contains_key(&to) || next.is_empty() {
            break;
        }
        frontier = next;
    }
    if !distance.contains_key(&to) {
        return Ok(Vec::new());
    }
    let mut paths = Vec::new();
    let mut tail: Vec<Step> = Vec::new();
    back(from, to, &reached_by, &mut tail, &mut paths, options.limit);
    paths.sort_by_key(|p: &Path| p.steps.iter().map(|s| s.relation).collect::<Vec<_>>());
    Ok(paths)
}

/// Whether a path may take `link` on its way to `to`.
fn allowed(link: &Link, to: EntityId, options: &Options) -> bool {
    let passes = link.other == to || !options.avoid_kinds.contains(&link.other_kind);
    passes && !options.avoid_predicates.contains(&link.predicate)
}

/// Every path of exactly `length` links from `from` to `to` that passes no entity twice,
/// within `options` — the next longer ones, asked for with the shortest length plus one.
/// Only entities close enough to `to` are walked through, so the walk stays small.
pub fn of_length(
    store: &Store,
    from: EntityId,
    to: EntityId,
    length: usize,
    options: &Options,
) -> Result<Vec<Path>> {
    // How far each entity is from `to`, as far as `length` reaches.
    let mut near: HashMap<EntityId, usize> = HashMap::from([(to, 0)]);
    let mut frontier = vec![to];
    for depth in 1..length {
        let mut next = Vec::new();
        for &node in &frontier {
            for link in store.links(node)? {
                if allowed(&link, from, options) && !near.contains_key(&link.other) {
                    near.insert(link.other, depth);
                    next.push(link.other);
                }
            }
        }
        frontier = next;
    }
    let mut walk = Walk {
        store,
        to,
        length,
        options,
        near: &near,
        on_path: vec![from],
        steps: Vec::new(),
        paths: Vec::new(),
    };
    walk.from(from)?;
    let mut paths: Vec<Path> = walk
        .paths
        .into_iter()
        .map(|steps| Path { from, steps })
        .collect();
    paths.sort_by_key(|p: &Path| p.steps.iter().map(|s| s.relation).collect::<Vec<_>>());
    Ok(paths)
}

/// The depth-first walk of [`of_length`].
struct Walk<'a> {
    store: &'a Store,
    to: EntityId,
    length: usize,
    options: &'a Options,
    near: &'a HashMap<EntityId, usize>,
    on_path: Vec<EntityId>,
    steps: Vec<Step>,
    paths: Vec<Vec<Step>>,
}

impl Walk<'_> {
    fn from(&mut self, at: EntityId) -> Result<()> {
        let left = self.length - self.steps.len();
        if at == self.to || left == 0 || self.paths.len() >= self.options.limit {
            if at == self.to && left == 0 && self.paths.len() < self.options.limit {
                self.paths.push(self.steps.clone());
            }
            return Ok(());
        }
        for link in self.store.links(at)? {
            let close = self.near.get(&link.other).is_some_and(|&d| d < left);
            if !close
                || self.on_path.contains(&link.other)
                || !allowed(&link, self.to, self.options)
            {
                continue;
            }
            self.on_path.push(link.other);
            self.steps.push(Step {
                relation: link.relation,
                predicate: link.predicate.clone(),
                outgoing: link.outgoing,
                to: link.other,
            });
            self.from(link.other)?;
            self.steps.pop();
            self.on_path.pop();
        }
        Ok(())
    }
}

/// Walks back from `at` to `from`, each way a path; `tail` holds the steps after `at`.
fn back(
    from: EntityId,
    at: EntityId,
    reached_by: &HashMap<EntityId, Vec<(EntityId, Link)>>,
    tail: &mut Vec<Step>,
    paths: &mut Vec<Path>,
    limit: usize,
) {
    if paths.len() >= limit {
        return;
    }
    if at == from {
        paths.push(Path {
            from,
            steps: tail.iter().rev().cloned().collect(),
        });
        return;
    }
    for (previous, link) in reached_by.get(&at).into_iter().flatten() {
        tail.push(Step {
            relation: link.relation,
            predicate: link.predicate.clone(),
            outgoing: link.outgoing,
            to: at,
        });
        back(from, *previous, reached_by, tail, paths, limit);
        tail.pop();
    }
}

/// A path as it reads: names, and between them each link as it reads in its direction.
pub fn chain(store: &Store, path: &Path, lang: Lang) -> Result<String> {
    let predicates: HashMap<String, crate::model::Predicate> = store
        .predicates()?
        .into_iter()
        .map(|p| (p.name.clone(), p))
        .collect();
    let mut text = store.entity(path.from)?.name;
    for step in &path.steps {
        let label = predicates.get(&step.predicate).map_or_else(
            || step.predicate.clone(),
            |p| {
                match (step.outgoing, lang) {
                    (true, Lang::Vi) => &p.label_vi,
                    (true, Lang::En) => &p.label_en,
                    (false, Lang::Vi) => &p.inverse_vi,
                    (false, Lang::En) => &p.inverse_en,
                }
                .clone()
            },
        );
        // Mid-sentence: "phát biểu tại", not "Phát biểu tại".
        let mut letters = label.chars();
        let label: String = letters
            .next()
            .map(|c| c.to_lowercase().chain(letters).collect())
            .unwrap_or_default();
        text.push_str(&format!(" — {label} — {}", store.entity(step.to)?.name));
    }
    Ok(text)
}
