//! Force-directed layout: links pull their ends together, every pair of points pushes
//! apart (through a Barnes–Hut [`QuadTree`], O(n log n) a step), a weak pull keeps
//! separate groups near the middle. Steps get smaller as the layout cools; it then stops
//! ([`Layout::settled`]) and costs nothing until woken (a point dragged, a filter
//! changed). Deterministic for a seed.
//!
//! The forces are the gradient of one energy ([`Layout::energy`]):
//! `Σ_links d³/3k − Σ_pairs k²·mᵢ·mⱼ·ln d + Σ_points g·mᵢ·|x|²/2`, where a point's mass is
//! one more than the square root of its number of links (well-linked points push harder,
//! so their many neighbours spread around them).

use super::quadtree::QuadTree;
use std::time::{Duration, Instant};

/// The length a link tends to, in layout units (points at zoom 100 %).
pub const LINK_LENGTH: f32 = 60.0;
/// The Barnes–Hut opening angle: a cell seen under a smaller angle acts as one body.
const THETA: f32 = 0.9;
/// The pull towards the middle.
const GRAVITY: f32 = 1.0;
/// Each step's largest move is this fraction of the previous step's.
const COOLING: f32 = 0.95;
/// Below this largest move (a fraction of [`LINK_LENGTH`]) the layout has settled.
const STILL: f32 = 0.01;
/// The largest move after a wake-up (a fraction of [`LINK_LENGTH`]).
const WAKE: f32 = 0.5;

/// A layout in progress: positions of points `0..n` joined by links.
#[derive(Clone, Debug)]
pub struct Layout {
    pos: Vec<[f32; 2]>,
    links: Vec<(u32, u32)>,
    /// 1 + √degree for points that take part, 0 for those hidden.
    mass: Vec<f32>,
    pinned: Vec<bool>,
    active: Vec<bool>,
    force: Vec<[f32; 2]>,
    tree: QuadTree,
    temperature: f32,
    steps: u32,
    settled: bool,
    seed: u64,
}

impl Layout {
    /// A layout of `n` points and `links` (pairs of point indices; out-of-range pairs and
    /// loops are ignored), started on a spiral from the first point, jittered by `seed`.
    pub fn new(n: usize, links: Vec<(u32, u32)>, seed: u64) -> Layout {
        Layout::with_positions(links, seed, &vec![None; n])
    }

    /// A layout where the points of known position start there and the others start
    /// near the known points they are linked to (or on the spiral when none is).
    pub fn with_positions(links: Vec<(u32, u32)>, seed: u64, known: &[Option<[f32; 2]>]) -> Layout {
        let n = known.len();
        let links: Vec<(u32, u32)> = links
            .into_iter()
            .filter(|&(a, b)| a != b && (a as usize) < n && (b as usize) < n)
            .collect();
        let mut rng = SplitMix(seed);
        let mut pos = Vec::with_capacity(n);
        let mut sum = vec![([0.0f32; 2], 0u32); n];
        for &(a, b) in &links {
            for (from, to) in [(a, b), (b, a)] {
                if let Some(p) = known[from as usize] {
                    let s = &mut sum[to as usize];
                    s.0[0] += p[0];
                    s.0[1] += p[1];
                    s.1 += 1;
                }
            }
        }
        let mut unplaced = 0usize;
        for i in 0..n {
            let jitter = [rng.unit() - 0.5, rng.unit() - 0.5];
            pos.push(match (known[i], sum[i]) {
                (Some(p), _) => p,
                (None, (s, c)) if c > 0 => [
                    s[0] / c as f32 + jitter[0] * LINK_LENGTH,
                    s[1] / c as f32 + jitter[1] * LINK_LENGTH,
                ],
                (None, _) => {
                    let p = spiral(unplaced, jitter);
                    unplaced += 1;
                    p
                }
            });
        }
        let spread = pos
            .iter()
            .map(|p| p[0].abs().max(p[1].abs()))
            .fold(0.0f32, f32::max);
        let fresh = known.iter().all(Option::is_none);
        let mut layout = Layout {
            mass: vec![0.0; n],
            pinned: vec![false; n],
            active: vec![true; n],
            force: vec![[0.0; 2]; n],
            tree: QuadTree::default(),
            temperature: if fresh {
                LINK_LENGTH.max(spread * 0.1)
            } else {
                WAKE * LINK_LENGTH
            },
            steps: 0,
            settled: n == 0,
            seed,
            pos,
            links,
        };
        layout.count_mass();
        layout
    }

    /// The positions, by point.
    pub fn positions(&self) -> &[[f32; 2]] {
        &self.pos
    }

    /// The links, as given (less loops and out-of-range pairs).
    pub fn links(&self) -> &[(u32, u32)] {
        &self.links
    }

    /// Whether the layout has stopped moving.
    pub fn settled(&self) -> bool {
        self.settled
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u32 {
        self.steps
    }

    /// The seed it was started with.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Whether point `i` is pinned.
    pub fn is_pinned(&self, i: usize) -> bool {
        self.pinned.get(i).copied().unwrap_or(false)
    }

    /// Puts point `i` at `at` and keeps it there; the others adjust.
    pub fn pin(&mut self, i: usize, at: [f32; 2]) {
        if i < self.pos.len() && at[0].is_finite() && at[1].is_finite() {
            self.pos[i] = at;
            self.pinned[i] = true;
            self.wake();
        }
    }

    /// Lets point `i` move again.
    pub fn unpin(&mut self, i: usize) {
        if i < self.pos.len() && self.pinned[i] {
            self.pinned[i] = false;
            self.wake();
        }
    }

    /// Which points take part (the others keep their place, exert and feel nothing);
    /// the layout of those that stay is kept and only adjusts.
    pub fn set_active(&mut self, active: &[bool]) {
        if active.len() == self.active.len() && active != self.active.as_slice() {
            self.active.copy_from_slice(active);
            self.count_mass();
            self.wake();
        }
    }

    /// Replaces every position (a hierarchy drawn instead, a saved map reopened): the
    /// layout is then still.
    pub fn set_positions(&mut self, pos: &[[f32; 2]]) {
        if pos.len() == self.pos.len() && pos.iter().all(|p| p[0].is_finite() && p[1].is_finite()) {
            self.pos.copy_from_slice(pos);
            self.settled = true;
        }
    }

    /// Starts moving again, gently.
    pub fn wake(&mut self) {
        self.temperature = self.temperature.max(WAKE * LINK_LENGTH);
        self.settled = self.pos.is_empty();
    }

    fn count_mass(&mut self) {
        self.mass.fill(0.0);
        for &(a, b) in &self.links {
            if self.active[a as usize] && self.active[b as usize] {
                self.mass[a as usize] += 1.0;
                self.mass[b as usize] += 1.0;
            }
        }
        for (m, a) in self.mass.iter_mut().zip(&self.active) {
            *m = if *a { 1.0 + m.sqrt() } else { 0.0 };
        }
    }

    /// One step; returns whether the layout still moves.
    pub fn step(&mut self) -> bool {
        if self.settled {
            return false;
        }
        let k = LINK_LENGTH;
        let n = self.pos.len();
        for f in &mut self.force {
            *f = [0.0; 2];
        }
        self.tree.build(&self.pos, &self.mass);
        let floor = (0.01 * k) * (0.01 * k);
        for i in 0..n {
            if self.mass[i] <= 0.0 || self.pinned[i] {
                continue;
            }
            let mi = self.mass[i];
            let p = self.pos[i];
            let mut f = [-GRAVITY * mi * p[0], -GRAVITY * mi * p[1]];
            let seed = self.seed;
            self.tree
                .for_each_group(i, &self.pos, THETA, |mj, mut dx, mut dy, j| {
                    let mut d2 = dx * dx + dy * dy;
                    if d2 < floor {
                        // On top of each other: apart in a direction fixed by the pair.
                        let [ux, uy] = pair_direction(seed, i, j);
                        (dx, dy, d2) = (ux * 0.01 * k, uy * 0.01 * k, floor);
                    }
                    let s = k * k * mi * mj / d2;
                    f[0] += dx * s;
                    f[1] += dy * s;
                });
            self.force[i] = f;
        }
        for &(a, b) in &self.links {
            let (a, b) = (a as usize, b as usize);
            if self.mass[a] <= 0.0 || self.mass[b] <= 0.0 {
                continue;
            }
            let (dx, dy) = (
                self.pos[b][0] - self.pos[a][0],
                self.pos[b][1] - self.pos[a][1],
            );
            let s = (dx * dx + dy * dy).sqrt() / k;
            self.force[a][0] += dx * s;
            self.force[a][1] += dy * s;
            self.force[b][0] -= dx * s;
            self.force[b][1] -= dy * s;
        }
        let t = self.temperature;
        let mut largest = 0.0f32;
        for i in 0..n {
            if self.mass[i] <= 0.0 || self.pinned[i] {
                continue;
            }
            let [fx, fy] = self.force[i];
            let (mx, my) = (fx / self.mass[i], fy / self.mass[i]);
            let len = (mx * mx + my * my).sqrt();
            if !len.is_finite() || len == 0.0 {
                continue;
            }
            let moved = len.min(t);
            self.pos[i][0] += mx / len * moved;
            self.pos[i][1] += my / len * moved;
            largest = largest.max(moved);
        }
        self.steps += 1;
        self.temperature = t * COOLING;
        self.settled = largest < STILL * k || self.temperature < STILL * k;
        !self.settled
    }

    /// Steps until settled or until `budget` has passed (at least one step); returns the
    /// number of steps taken.
    pub fn run_for(&mut self, budget: Duration) -> usize {
        let start = Instant::now();
        let mut taken = 0;
        while !self.settled {
            self.step();
            taken += 1;
            if start.elapsed() >= budget {
                break;
            }
        }
        taken
    }

    /// The energy the forces lower (see the module's documentation), counted exactly
    /// (every pair: for tests and small layouts).
    pub fn energy(&self) -> f64 {
        let k = f64::from(LINK_LENGTH);
        let dist = |a: usize, b: usize| {
            let dx = f64::from(self.pos[a][0] - self.pos[b][0]);
            let dy = f64::from(self.pos[a][1] - self.pos[b][1]);
            (dx * dx + dy * dy).sqrt().max(0.01 * k)
        };
        let mut e = 0.0;
        for &(a, b) in &self.links {
            let (a, b) = (a as usize, b as usize);
            if self.mass[a] > 0.0 && self.mass[b] > 0.0 {
                e += dist(a, b).powi(3) / (3.0 * k);
            }
        }
        let n = self.pos.len();
        for a in 0..n {
            let ma = f64::from(self.mass[a]);
            if ma <= 0.0 {
                continue;
            }
            let [x, y] = self.pos[a];
            e += f64::from(GRAVITY) * ma * (f64::from(x).powi(2) + f64::from(y).powi(2)) / 2.0;
            for b in a + 1..n {
                let mb = f64::from(self.mass[b]);
                if mb > 0.0 {
                    e -= k * k * ma * mb * dist(a, b).ln();
                }
            }
        }
        e
    }
}

/// The `i`-th point of a sunflower spiral (even density), jittered.
fn spiral(i: usize, jitter: [f32; 2]) -> [f32; 2] {
    const GOLDEN_ANGLE: f32 = 2.399_963;
    let r = LINK_LENGTH * (i as f32).sqrt() * 1.5;
    let a = i as f32 * GOLDEN_ANGLE;
    [
        r * a.cos() + jitter[0] * LINK_LENGTH * 0.2,
        r * a.sin() + jitter[1] * LINK_LENGTH * 0.2,
    ]
}

/// A unit vector fixed by the pair (and the seed), opposite for `(j, i)`.
fn pair_direction(seed: u64, i: usize, j: usize) -> [f32; 2] {
    let (lo, hi) = (i.min(j) as u64, i.max(j) as u64);
    let mut rng = SplitMix(seed ^ lo.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ hi.rotate_left(32));
    let a = rng.unit() * std::f32::consts::TAU;
    let sign = if i < j { 1.0 } else { -1.0 };
    [sign * a.cos(), sign * a.sin()]
}

/// A small, fast, seeded generator (SplitMix64).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// In [0, 1).
    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ring of `n` points with a chord every 7, and a few isolated points.
    fn ring(n: u32) -> Vec<(u32, u32)> {
        (0..n)
            .map(|i| (i, (i + 1) % n))
            .chain((0..n).step_by(7).map(|i| (i, (i + n / 2) % n)))
            .collect()
    }

    fn finite(l: &Layout) -> bool {
        l.positions()
            .iter()
            .all(|p| p[0].is_finite() && p[1].is_finite())
    }

    #[test]
    fn the_same_seed_gives_the_same_layout_and_another_seed_another() {
        let run = |seed| {
            let mut l = Layout::new(60, ring(50), seed);
            for _ in 0..80 {
                l.step();
            }
            l.positions().to_vec()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }

    #[test]
    fn energy_goes_down_and_the_layout_settles_then_stops() {
        let mut l = Layout::new(120, ring(100), 1);
        let start = l.energy();
        for _ in 0..30 {
            l.step();
        }
        let early = l.energy();
        let mut guard = 0;
        while l.step() {
            guard += 1;
            assert!(guard < 2_000, "never settled");
        }
        let end = l.energy();
        assert!(start > early && early > end, "{start} > {early} > {end}");
        assert!(l.settled() && finite(&l));
        // Settled means still: another step moves nothing.
        let before = l.positions().to_vec();
        assert!(!l.step());
        assert_eq!(before, l.positions());
    }

    #[test]
    fn points_on_top_of_each_other_or_alone_stay_finite_and_come_apart() {
        let n = 40;
        let known = vec![Some([3.0, 3.0]); n];
        // A star on one spot, plus points with no link at all.
        let links = (1..20).map(|i| (0, i)).collect();
        let mut l = Layout::with_positions(links, 3, &known);
        for _ in 0..300 {
            l.step();
            assert!(finite(&l));
        }
        let p = l.positions();
        for a in 0..n {
            for b in a + 1..n {
                let d = ((p[a][0] - p[b][0]).powi(2) + (p[a][1] - p[b][1]).powi(2)).sqrt();
                assert!(d > 1.0, "{a} and {b} still together");
            }
        }
    }

    #[test]
    fn a_pinned_point_stays_where_it_was_put_and_hidden_points_do_not_move() {
        let mut l = Layout::new(30, ring(30), 2);
        l.pin(4, [500.0, -200.0]);
        let mut active = vec![true; 30];
        active[9] = false;
        l.set_active(&active);
        let hidden = l.positions()[9];
        for _ in 0..200 {
            l.step();
        }
        assert_eq!(l.positions()[4], [500.0, -200.0]);
        assert_eq!(l.positions()[9], hidden);
        // Its neighbours came towards it.
        let near = l.positions()[5];
        assert!(
            (near[0] - 500.0).abs() + (near[1] + 200.0).abs() < 400.0,
            "{near:?}"
        );
    }

    #[test]
    fn new_points_start_near_the_known_points_they_link_to() {
        let mut known = vec![None; 3];
        known[0] = Some([1000.0, 1000.0]);
        let l = Layout::with_positions(vec![(0, 1)], 5, &known);
        let p = l.positions()[1];
        assert!((p[0] - 1000.0).abs() <= LINK_LENGTH && (p[1] - 1000.0).abs() <= LINK_LENGTH);
    }

    #[test]
    fn an_empty_layout_is_settled() {
        let mut l = Layout::new(0, vec![(0, 1)], 0);
        assert!(l.settled() && !l.step() && l.links().is_empty());
    }
}
