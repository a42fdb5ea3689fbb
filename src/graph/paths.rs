//! "How is X connected to Y?": every path of the shortest length between two entities,
//! following links in both directions, at most `max` links long, optionally avoiding
//! entities of chosen kinds (documents, say) or chosen link types. A breadth-first walk
//! from both ends that keeps, for each entity reached, every link that reached it first;
//! the paths are read back from where the two walks meet ([`shortest`]); on request, the
//! next longer ones ([`of_length`]). Each path reads
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
///
/// The walk goes breadth first from both ends at once, one whole level at a time from the
/// side whose frontier is smaller, until a level reached from one side touches what the
/// other side has reached: a path of `max` links then costs two walks of about `max / 2`
/// levels instead of one of `max`. When the levels first touch, after side A reached its
/// level `a` and side B its level `b`, every shortest path has `a + b` links and passes
/// through exactly one entity at distance `a` from A and `b` from B; the paths are read
/// back from those entities towards both ends.
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
    let mut ahead = Side::new(from, to);
    let mut behind = Side::new(to, from);
    while ahead.depth + behind.depth < options.max {
        let forward = ahead.frontier.len() <= behind.frontier.len();
        let (grow, other) = if forward {
            (&mut ahead, &behind)
        } else {
            (&mut behind, &ahead)
        };
        let level = grow.expand(store, options)?;
        if level.is_empty() {
            return Ok(Vec::new());
        }
        let Some(&closest) = level.iter().filter_map(|n| other.distance.get(n)).min() else {
            continue;
        };
        let mut meet: Vec<EntityId> = level
            .into_iter()
            .filter(|n| other.distance.get(n) == Some(&closest))
            .collect();
        meet.sort_unstable();
        let mut paths = Vec::new();
        'meet: for m in meet {
            let heads = ahead.paths_to(m, options.limit);
            let tails = behind.paths_to(m, options.limit);
            for head in &heads {
                for tail in &tails {
                    if paths.len() >= options.limit {
                        break 'meet;
                    }
                    let mut steps = head.steps.clone();
                    steps.extend(reversed(tail));
                    paths.push(Path { from, steps });
                }
            }
        }
        paths.sort_by_key(|p: &Path| p.steps.iter().map(|s| s.relation).collect::<Vec<_>>());
        return Ok(paths);
    }
    Ok(Vec::new())
}

/// One side of [`shortest`]'s walk.
struct Side {
    start: EntityId,
    /// The other end: a path may end there whatever its kind.
    goal: EntityId,
    /// Levels walked.
    depth: usize,
    /// Each entity reached, and its distance from `start`.
    distance: HashMap<EntityId, usize>,
    /// Every link that reached an entity at its distance (from one a level closer).
    reached_by: HashMap<EntityId, Vec<(EntityId, Link)>>,
    /// The last level reached.
    frontier: Vec<EntityId>,
}

impl Side {
    fn new(start: EntityId, goal: EntityId) -> Side {
        Side {
            start,
            goal,
            depth: 0,
            distance: HashMap::from([(start, 0)]),
            reached_by: HashMap::new(),
            frontier: vec![start],
        }
    }

    /// Walks one more level; returns the entities first reached there.
    fn expand(&mut self, store: &Store, options: &Options) -> Result<Vec<EntityId>> {
        self.depth += 1;
        let depth = self.depth;
        let mut next = Vec::new();
        for &node in &self.frontier {
            for link in store.links_with(node, !options.avoid_kinds.is_empty())? {
                if !allowed(&link, self.goal, options) {
                    continue;
                }
                match self.distance.get(&link.other) {
                    None => {
                        self.distance.insert(link.other, depth);
                        next.push(link.other);
                        self.reached_by
                            .entry(link.other)
                            .or_default()
                            .push((node, link));
                    }
                    Some(&d) if d == depth => {
                        self.reached_by
                            .entry(link.other)
                            .or_default()
                            .push((node, link));
                    }
                    Some(_) => {}
                }
            }
        }
        self.frontier.clone_from(&next);
        Ok(next)
    }

    /// Every shortest path from this side's start to `at` (at most `limit`).
    fn paths_to(&self, at: EntityId, limit: usize) -> Vec<Path> {
        let mut paths = Vec::new();
        back(
            self.start,
            at,
            &self.reached_by,
            &mut Vec::new(),
            &mut paths,
            limit,
        );
        paths
    }
}

/// The steps of `path` walked the other way, ending at its start.
fn reversed(path: &Path) -> Vec<Step> {
    let n = path.steps.len();
    (0..n)
        .rev()
        .map(|i| {
            let s = &path.steps[i];
            Step {
                relation: s.relation,
                predicate: s.predicate.clone(),
                outgoing: !s.outgoing,
                to: if i == 0 {
                    path.from
                } else {
                    path.steps[i - 1].to
                },
            }
        })
        .collect()
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
