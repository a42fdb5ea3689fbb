//! The network benchmarks behind `lienket --db FILE bench paths` and `bench layout`:
//! shortest paths between pairs of entities (half of them starting at one of the best
//! connected, so hubs are included), and the layout of the best connected N entities
//! (reading them, each step, the steps until it settles). Figures only; nothing is
//! asserted.

use super::Percentiles;
use crate::graph::layout::Layout;
use crate::graph::network::{Network, Scope};
use crate::graph::paths::{self, Options};
use crate::model::EntityId;
use crate::store::{Result, Store};
use std::time::{Duration, Instant};

/// What `bench paths` measured.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PathsReport {
    /// Pairs timed (after a warm-up of ten).
    pub pairs: usize,
    /// Pairs with a path of at most `max` links.
    pub connected: usize,
    /// The bound on a path's length.
    pub max: usize,
    /// Time per pair.
    pub latency: Percentiles,
    /// The same, for the pairs starting at one of the 100 best connected entities.
    pub from_hubs: Percentiles,
}

/// Times [`paths::shortest`] between `pairs` pairs chosen by `seed`.
pub fn paths(store: &Store, pairs: usize, max: usize, seed: u64) -> Result<PathsReport> {
    let Some((lo, hi)) = store.entity_id_bounds()? else {
        return Ok(PathsReport {
            pairs: 0,
            connected: 0,
            max,
            latency: Percentiles::of(Vec::new()),
            from_hubs: Percentiles::of(Vec::new()),
        });
    };
    let (_, hubs) = store.best_connected(100)?;
    let mut rng = seed.max(1);
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let any = |next: &mut dyn FnMut() -> u64| -> Result<EntityId> {
        let at = lo + (next() % (hi - lo + 1) as u64) as i64;
        Ok(store
            .entity_at_or_after(at, None)?
            .map_or(EntityId(lo), |(id, _)| id))
    };
    let options = Options {
        max,
        ..Options::default()
    };
    let (mut all, mut hub_times, mut connected) = (Vec::new(), Vec::new(), 0);
    for i in 0..pairs + 10 {
        let hub = i % 2 == 1 && !hubs.is_empty();
        let from = if hub {
            hubs[(next() % hubs.len() as u64) as usize]
        } else {
            any(&mut next)?
        };
        let to = any(&mut next)?;
        let t = Instant::now();
        let found = paths::shortest(store, from, to, &options)?;
        let took = t.elapsed();
        if i < 10 {
            continue;
        }
        connected += usize::from(!found.is_empty());
        all.push(took);
        if hub {
            hub_times.push(took);
        }
    }
    Ok(PathsReport {
        pairs,
        connected,
        max,
        latency: Percentiles::of(all),
        from_hubs: Percentiles::of(hub_times),
    })
}

/// What `bench layout` measured.
#[derive(Clone, Debug, serde::Serialize)]
pub struct LayoutReport {
    /// Nodes laid out.
    pub nodes: usize,
    /// Links among them.
    pub edges: usize,
    /// Reading them from the file, milliseconds.
    pub read_ms: f64,
    /// Time per step.
    pub step: Percentiles,
    /// Steps until the layout settled (or the limit).
    pub steps: usize,
    /// Whether it settled within the limit.
    pub settled: bool,
    /// Time until then, seconds.
    pub settle_s: f64,
}

/// Lays out the best connected `nodes` entities until the layout settles (at most
/// `most_steps` steps).
pub fn layout(store: &Store, nodes: usize, most_steps: usize) -> Result<LayoutReport> {
    let t = Instant::now();
    let network = Network::read(store, Scope::Whole, nodes)?;
    let read = t.elapsed();
    let mut layout = Layout::new(network.nodes.len(), network.pairs(), 1);
    let mut samples: Vec<Duration> = Vec::new();
    let start = Instant::now();
    while samples.len() < most_steps {
        let t = Instant::now();
        let moving = layout.step();
        samples.push(t.elapsed());
        if !moving {
            break;
        }
    }
    let settle = start.elapsed();
    Ok(LayoutReport {
        nodes: network.nodes.len(),
        edges: network.edges.len(),
        read_ms: read.as_secs_f64() * 1000.0,
        steps: samples.len(),
        step: Percentiles::of(samples),
        settled: layout.settled(),
        settle_s: settle.as_secs_f64(),
    })
}
