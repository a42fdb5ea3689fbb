//! The application's icon, drawn from its source (`assets/icons/lienket.svg`) by resvg
//! when the window opens, so the picture and its source never drift apart.

/// The icon's source.
pub const SVG: &str = include_str!("../../assets/icons/lienket.svg");

/// The icon drawn at `size` × `size` pixels, or `None` if it cannot be drawn.
fn pixmap(size: u32) -> Option<resvg::tiny_skia::Pixmap> {
    let tree = resvg::usvg::Tree::from_str(SVG, &resvg::usvg::Options::default()).ok()?;
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size, size)?;
    let scale = size as f32 / tree.size().width().max(tree.size().height());
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Some(pixmap)
}

/// The icon as `size` × `size` RGBA pixels (not premultiplied), or `None` if it cannot be
/// drawn.
pub fn rgba(size: u32) -> Option<Vec<u8>> {
    Some(
        pixmap(size)?
            .pixels()
            .iter()
            .flat_map(|p| {
                let c = p.demultiply();
                [c.red(), c.green(), c.blue(), c.alpha()]
            })
            .collect(),
    )
}

/// The icon as a PNG file of `size` × `size` pixels, as installers take it (the committed
/// `assets/icons/hicolor/` files are these; `tests/core/packaging/icons.rs` keeps them so).
pub fn png(size: u32) -> Option<Vec<u8>> {
    pixmap(size)?.encode_png().ok()
}

/// The window's icon.
pub fn window_icon() -> Option<egui::IconData> {
    const SIZE: u32 = 128;
    Some(egui::IconData {
        rgba: rgba(SIZE)?,
        width: SIZE,
        height: SIZE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_icon_is_drawn_at_every_size_opaque_inside_clear_at_the_corners() {
        for size in [16u32, 32, 48, 64, 128, 256] {
            let px = rgba(size).expect("drawn");
            assert_eq!(px.len(), (size * size * 4) as usize);
            let alpha = |x: u32, y: u32| px[((y * size + x) * 4 + 3) as usize];
            assert_eq!(alpha(0, 0), 0, "{size}: the rounded corner is clear");
            assert_eq!(
                alpha(size / 2, size / 2),
                255,
                "{size}: the middle is opaque"
            );
            // The background's colour is there, and the nodes' white.
            let colours: std::collections::HashSet<[u8; 3]> = px
                .chunks(4)
                .filter(|c| c[3] == 255)
                .map(|c| [c[0], c[1], c[2]])
                .collect();
            assert!(colours.contains(&[0x14, 0x70, 0x78]), "{size}");
            assert!(colours.contains(&[255, 255, 255]), "{size}");
        }
    }
}
