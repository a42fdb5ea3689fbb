//! The hierarchy layout: a part-of tree (ministry → departments → offices) drawn top
//! down, each parent centred over its children, trees side by side; points outside every
//! hierarchy in rows below.

use super::layout::LINK_LENGTH;

/// Positions of `n` points for the `part_of` pairs `(child, parent)`. A child with
/// several parents hangs under the first; a pair that would close a loop is ignored.
pub fn hierarchy(n: usize, part_of: &[(u32, u32)]) -> Vec<[f32; 2]> {
    let mut parent: Vec<Option<usize>> = vec![None; n];
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(c, p) in part_of {
        let (c, p) = (c as usize, p as usize);
        if c >= n || p >= n || c == p || parent[c].is_some() || is_above(&parent, c, p) {
            continue;
        }
        parent[c] = Some(p);
        children[p].push(c);
    }
    let gap_x = LINK_LENGTH * 1.6;
    let gap_y = LINK_LENGTH * 2.0;
    let mut pos = vec![[0.0f32; 2]; n];
    let mut next_x = 0.0f32;
    let mut deepest = 0usize;
    let mut alone = Vec::new();
    for root in (0..n).filter(|&i| parent[i].is_none()) {
        if children[root].is_empty() {
            alone.push(root);
            continue;
        }
        // Depth first, children in order; leaves take the next free column, a parent the
        // middle of its children's.
        let mut stack = vec![(root, 0usize, false)];
        while let Some((node, depth, done)) = stack.pop() {
            deepest = deepest.max(depth);
            pos[node][1] = depth as f32 * gap_y;
            if children[node].is_empty() {
                pos[node][0] = next_x;
                next_x += gap_x;
            } else if done {
                let first = pos[children[node][0]][0];
                let last = pos[*children[node].last().unwrap_or(&node)][0];
                pos[node][0] = (first + last) / 2.0;
            } else {
                stack.push((node, depth, true));
                for &c in children[node].iter().rev() {
                    stack.push((c, depth + 1, false));
                }
            }
        }
        next_x += gap_x;
    }
    // The rest in rows as wide as the trees (or a square), under them.
    let width = next_x.max(gap_x * (alone.len() as f32).sqrt().ceil());
    let per_row = ((width / gap_x) as usize).max(1);
    let top = if next_x > 0.0 {
        (deepest + 2) as f32 * gap_y
    } else {
        0.0
    };
    for (k, &i) in alone.iter().enumerate() {
        pos[i] = [
            (k % per_row) as f32 * gap_x,
            top + (k / per_row) as f32 * gap_y * 0.6,
        ];
    }
    pos
}

/// Whether `a` is `b` or one of its ancestors.
fn is_above(parent: &[Option<usize>], a: usize, b: usize) -> bool {
    let mut at = Some(b);
    let mut steps = 0;
    while let Some(x) = at {
        if x == a {
            return true;
        }
        steps += 1;
        if steps > parent.len() {
            return true;
        }
        at = parent[x];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_sit_above_their_children_centred_and_leaves_do_not_overlap() {
        // 0 ← 1, 2; 1 ← 3, 4; 5 alone.
        let pos = hierarchy(6, &[(1, 0), (2, 0), (3, 1), (4, 1)]);
        assert!(pos[0][1] < pos[1][1] && pos[1][1] < pos[3][1]);
        assert_eq!(pos[1][0], (pos[3][0] + pos[4][0]) / 2.0);
        assert_eq!(pos[0][0], (pos[1][0] + pos[2][0]) / 2.0);
        let mut xs: Vec<f32> = [2, 3, 4].iter().map(|&i| pos[i][0]).collect();
        xs.sort_by(f32::total_cmp);
        assert!(xs.windows(2).all(|w| w[1] - w[0] >= LINK_LENGTH));
        assert!(
            pos[5][1] > pos[3][1],
            "the point outside the tree goes below it"
        );
    }

    #[test]
    fn a_loop_or_a_second_parent_is_ignored() {
        let pos = hierarchy(3, &[(1, 0), (2, 1), (0, 2), (2, 0)]);
        assert!(pos.iter().all(|p| p[0].is_finite() && p[1].is_finite()));
        assert!(pos[0][1] < pos[1][1] && pos[1][1] < pos[2][1]);
    }
}
