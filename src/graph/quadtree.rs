//! A Barnes–Hut quadtree: the points of a layout grouped into square cells, each cell
//! knowing its total mass and centre of mass, so the repulsion a point feels from a far
//! group is computed once for the group. Building is O(n log n); one point's force visits
//! O(log n) cells for an opening angle `theta` near 1.

/// No cell, no point.
const NONE: u32 = u32::MAX;

/// Cells are not split below this depth: points closer than the root's size / 2^40 (or
/// on top of each other) share one leaf.
const MAX_DEPTH: u32 = 40;

#[derive(Clone, Copy, Debug)]
struct Cell {
    /// Lower corner and side of the square.
    x0: f32,
    y0: f32,
    size: f32,
    /// Sum of mass × position, and the mass.
    mx: f32,
    my: f32,
    mass: f32,
    /// Children (south-west, south-east, north-west, north-east), or `NONE`.
    children: [u32; 4],
    /// For a leaf: the first point in it (the rest follow `next`), or `NONE`.
    first: u32,
    depth: u32,
}

impl Cell {
    fn new(x0: f32, y0: f32, size: f32, depth: u32) -> Cell {
        Cell {
            x0,
            y0,
            size,
            mx: 0.0,
            my: 0.0,
            mass: 0.0,
            children: [NONE; 4],
            first: NONE,
            depth,
        }
    }

    fn is_leaf(&self) -> bool {
        self.children == [NONE; 4]
    }

    fn quadrant(&self, p: [f32; 2]) -> usize {
        let half = self.size / 2.0;
        usize::from(p[0] >= self.x0 + half) + 2 * usize::from(p[1] >= self.y0 + half)
    }
}

/// The tree, rebuilt in place for every step (its buffers are reused).
#[derive(Clone, Debug, Default)]
pub struct QuadTree {
    cells: Vec<Cell>,
    /// The next point in the same leaf, by point index.
    next: Vec<u32>,
    /// Each point's mass (0 for points left out).
    mass: Vec<f32>,
    /// Scratch stack of the force walk.
    stack: Vec<u32>,
}

impl QuadTree {
    /// Builds the tree over the points `pos[i]` of positive mass `mass[i]` (the others
    /// are left out).
    pub fn build(&mut self, pos: &[[f32; 2]], mass: &[f32]) {
        debug_assert_eq!(pos.len(), mass.len());
        self.cells.clear();
        self.next.clear();
        self.next.resize(pos.len(), NONE);
        self.mass.clear();
        self.mass.extend_from_slice(mass);
        let (mut lo, mut hi) = ([f32::MAX; 2], [f32::MIN; 2]);
        for (p, _) in pos.iter().zip(mass).filter(|(_, m)| **m > 0.0) {
            for a in 0..2 {
                lo[a] = lo[a].min(p[a]);
                hi[a] = hi[a].max(p[a]);
            }
        }
        if lo[0] > hi[0] {
            return;
        }
        let size = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1e-3) * 1.0001;
        self.cells.push(Cell::new(lo[0], lo[1], size, 0));
        for (i, m) in mass.iter().enumerate() {
            if *m > 0.0 {
                self.insert(i as u32, pos);
            }
        }
    }

    fn insert(&mut self, point: u32, pos: &[[f32; 2]]) {
        let p = pos[point as usize];
        let m = self.mass[point as usize];
        let mut c = 0usize;
        loop {
            let cell = &mut self.cells[c];
            cell.mx += p[0] * m;
            cell.my += p[1] * m;
            cell.mass += m;
            if !cell.is_leaf() {
                let q = cell.quadrant(p);
                c = self.child(c, q) as usize;
                continue;
            }
            if cell.first == NONE || cell.depth >= MAX_DEPTH {
                self.next[point as usize] = cell.first;
                self.cells[c].first = point;
                return;
            }
            // A leaf holding one point: split it and push that point one level down (its
            // mass is already counted here, so only the child receives it), then go on
            // inserting the new point below.
            let moved = std::mem::replace(&mut self.cells[c].first, NONE);
            let mp = pos[moved as usize];
            let mm = self.mass[moved as usize];
            let q = self.cells[c].quadrant(mp);
            let child = self.child(c, q) as usize;
            let ch = &mut self.cells[child];
            ch.mx += mp[0] * mm;
            ch.my += mp[1] * mm;
            ch.mass += mm;
            ch.first = moved;
            self.next[moved as usize] = NONE;
            let q = self.cells[c].quadrant(p);
            c = self.child(c, q) as usize;
        }
    }

    fn child(&mut self, c: usize, q: usize) -> u32 {
        let existing = self.cells[c].children[q];
        if existing != NONE {
            return existing;
        }
        let parent = self.cells[c];
        let half = parent.size / 2.0;
        let x0 = parent.x0 + if q & 1 == 1 { half } else { 0.0 };
        let y0 = parent.y0 + if q & 2 == 2 { half } else { 0.0 };
        let index = self.cells.len() as u32;
        self.cells.push(Cell::new(x0, y0, half, parent.depth + 1));
        self.cells[c].children[q] = index;
        index
    }

    /// Calls `push(mass, dx, dy, j)` for every group acting on point `i` (at `pos[i]`): a
    /// far cell as one body at its centre of mass (`j` = `usize::MAX`), near points one by
    /// one (`j` their index; never `i` itself). `dx, dy` go from the group to the point.
    pub fn for_each_group(
        &mut self,
        i: usize,
        pos: &[[f32; 2]],
        theta: f32,
        mut push: impl FnMut(f32, f32, f32, usize),
    ) {
        if self.cells.is_empty() {
            return;
        }
        let p = pos[i];
        let mut stack = std::mem::take(&mut self.stack);
        stack.clear();
        stack.push(0);
        while let Some(c) = stack.pop() {
            let cell = &self.cells[c as usize];
            if cell.mass <= 0.0 {
                continue;
            }
            if cell.is_leaf() {
                let mut j = cell.first;
                while j != NONE {
                    if j as usize != i {
                        let q = pos[j as usize];
                        push(self.mass[j as usize], p[0] - q[0], p[1] - q[1], j as usize);
                    }
                    j = self.next[j as usize];
                }
                continue;
            }
            let (cx, cy) = (cell.mx / cell.mass, cell.my / cell.mass);
            let (dx, dy) = (p[0] - cx, p[1] - cy);
            let inside = p[0] >= cell.x0
                && p[0] < cell.x0 + cell.size
                && p[1] >= cell.y0
                && p[1] < cell.y0 + cell.size;
            if !inside && cell.size * cell.size < theta * theta * (dx * dx + dy * dy) {
                push(cell.mass, dx, dy, usize::MAX);
            } else {
                stack.extend(cell.children.iter().copied().filter(|&ch| ch != NONE));
            }
        }
        self.stack = stack;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact sum of `mass / d` over every other point, and the tree's estimate.
    fn potentials(pos: &[[f32; 2]], theta: f32) -> Vec<(f64, f64)> {
        let mass = vec![1.0; pos.len()];
        let mut tree = QuadTree::default();
        tree.build(pos, &mass);
        (0..pos.len())
            .map(|i| {
                let exact: f64 = (0..pos.len())
                    .filter(|&j| j != i)
                    .map(|j| {
                        let (dx, dy) = (pos[i][0] - pos[j][0], pos[i][1] - pos[j][1]);
                        1.0 / f64::from((dx * dx + dy * dy).sqrt().max(1e-3))
                    })
                    .sum();
                let mut approx = 0.0f64;
                tree.for_each_group(i, pos, theta, |m, dx, dy, _| {
                    approx += f64::from(m) / f64::from((dx * dx + dy * dy).sqrt().max(1e-3));
                });
                (exact, approx)
            })
            .collect()
    }

    fn scattered(n: usize) -> Vec<[f32; 2]> {
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        (0..n)
            .map(|_| {
                let mut r = || {
                    s ^= s << 13;
                    s ^= s >> 7;
                    s ^= s << 17;
                    (s >> 40) as f32 / (1u64 << 24) as f32 * 100.0
                };
                [r(), r()]
            })
            .collect()
    }

    #[test]
    fn every_point_is_counted_once_whatever_the_opening_angle() {
        let pos = scattered(300);
        // With theta = 0 every point is visited one by one: the sums are exact.
        for (exact, approx) in potentials(&pos, 0.0) {
            assert!((exact - approx).abs() < 1e-6 * exact, "{exact} vs {approx}");
        }
        // With theta = 0.5 far groups are taken whole: close, not exact.
        for (exact, approx) in potentials(&pos, 0.5) {
            assert!((exact - approx).abs() < 0.02 * exact, "{exact} vs {approx}");
        }
    }

    #[test]
    fn points_on_top_of_each_other_share_a_leaf_and_still_act_on_each_other() {
        let pos = vec![[5.0, 5.0]; 4];
        let mut tree = QuadTree::default();
        tree.build(&pos, &[1.0; 4]);
        let mut seen = Vec::new();
        tree.for_each_group(0, &pos, 0.9, |m, dx, dy, j| seen.push((m, dx, dy, j)));
        seen.sort_by_key(|s| s.3);
        assert_eq!(
            seen,
            vec![(1.0, 0.0, 0.0, 1), (1.0, 0.0, 0.0, 2), (1.0, 0.0, 0.0, 3)]
        );
    }

    #[test]
    fn points_of_no_mass_are_left_out() {
        let pos = scattered(10);
        let mut mass = vec![1.0; 10];
        mass[3] = 0.0;
        let mut tree = QuadTree::default();
        tree.build(&pos, &mass);
        let mut seen = Vec::new();
        tree.for_each_group(0, &pos, 0.0, |_, _, _, j| seen.push(j));
        seen.sort();
        assert_eq!(seen, vec![1, 2, 4, 5, 6, 7, 8, 9]);
    }
}
