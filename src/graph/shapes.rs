//! How a node looks: a shape for each kind (so kinds differ without colour too) and its
//! outline as a polygon, the same on screen and in an exported picture.

/// The shape of a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Circle (people, and kinds of the user's own).
    Circle,
    /// Square (organisations).
    Square,
    /// Diamond (events).
    Diamond,
    /// Hexagon (themes).
    Hexagon,
    /// Triangle (documents).
    Triangle,
    /// Pentagon (recommendations).
    Pentagon,
    /// Triangle pointing down (places).
    Pin,
}

/// The shape of a kind's nodes.
pub fn shape_of(kind: &str) -> Shape {
    match kind {
        "organisation" => Shape::Square,
        "event" => Shape::Diamond,
        "theme" => Shape::Hexagon,
        "document" => Shape::Triangle,
        "recommendation" => Shape::Pentagon,
        "place" => Shape::Pin,
        _ => Shape::Circle,
    }
}

/// The outline of a node of radius `r` at `c`, as the corners of a convex polygon in
/// order (y grows downwards, as on screen). Its area is close to a circle's of radius
/// `r`, so no shape looks bigger than another.
pub fn outline(shape: Shape, c: [f32; 2], r: f32) -> Vec<[f32; 2]> {
    let polygon = |corners: usize, turn: f32, scale: f32| -> Vec<[f32; 2]> {
        (0..corners)
            .map(|i| {
                let a = turn + i as f32 * std::f32::consts::TAU / corners as f32;
                [c[0] + r * scale * a.cos(), c[1] + r * scale * a.sin()]
            })
            .collect()
    };
    use std::f32::consts::{FRAC_PI_2, FRAC_PI_4};
    match shape {
        Shape::Circle => polygon(20, 0.0, 1.0),
        Shape::Square => polygon(4, FRAC_PI_4, 1.25),
        Shape::Diamond => polygon(4, 0.0, 1.3),
        Shape::Hexagon => polygon(6, 0.0, 1.1),
        Shape::Triangle => polygon(3, -FRAC_PI_2, 1.55),
        Shape::Pentagon => polygon(5, -FRAC_PI_2, 1.15),
        Shape::Pin => polygon(3, FRAC_PI_2, 1.55),
    }
}

/// The radius of a node with `degree` links, in layout units: larger for the better
/// connected, within bounds.
pub fn radius(degree: usize) -> f32 {
    (7.0 + 2.5 * (degree as f32).sqrt()).min(26.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(p: &[[f32; 2]]) -> f32 {
        let n = p.len();
        (0..n)
            .map(|i| p[i][0] * p[(i + 1) % n][1] - p[(i + 1) % n][0] * p[i][1])
            .sum::<f32>()
            .abs()
            / 2.0
    }

    #[test]
    fn every_shape_covers_about_the_area_of_its_circle_around_its_centre() {
        let circle = std::f32::consts::PI * 100.0;
        for kind in crate::model::BUILTIN_KINDS.iter().chain(&["x"]) {
            let p = outline(shape_of(kind), [50.0, -20.0], 10.0);
            let a = area(&p);
            assert!((a / circle - 1.0).abs() < 0.25, "{kind}: {a} vs {circle}");
            let (sx, sy) = p.iter().fold((0.0, 0.0), |s, q| (s.0 + q[0], s.1 + q[1]));
            let n = p.len() as f32;
            assert!(
                (sx / n - 50.0).abs() < 3.0 && (sy / n + 20.0).abs() < 3.0,
                "{kind}"
            );
        }
    }

    #[test]
    fn built_in_kinds_have_shapes_of_their_own() {
        let kinds = crate::model::BUILTIN_KINDS;
        let shapes: std::collections::HashSet<_> =
            kinds.iter().map(|k| format!("{:?}", shape_of(k))).collect();
        assert_eq!(shapes.len(), kinds.len());
        assert!(radius(0) < radius(9) && radius(1_000_000) <= 26.0);
    }
}
