//! A picture of the graph to keep or print: nodes (their shapes, colours and names) and
//! links, written as SVG, and as PNG rendered from that SVG (by resvg, with the font the
//! program ships), so both come out the same on every machine and neither needs a GPU.

use super::shapes::{Shape, outline};
use crate::exchange::handout::esc;
use std::fmt::Write as _;

/// A node as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct PictureNode {
    /// Its centre, layout units.
    pub at: [f32; 2],
    /// Its radius.
    pub radius: f32,
    /// Its shape.
    pub shape: Shape,
    /// Its colour.
    pub fill: [u8; 3],
    /// Its name, shown on hover in an SVG viewer.
    pub name: String,
    /// The label written under it, if any.
    pub label: Option<String>,
}

/// A link as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct PictureLink {
    /// One end.
    pub from: [f32; 2],
    /// The other.
    pub to: [f32; 2],
    /// Drawn thicker, in the accent colour (a path asked for).
    pub strong: bool,
    /// What it says ("A — label — B"), shown on hover in an SVG viewer.
    pub title: String,
}

/// What is drawn, and in which colours.
#[derive(Clone, Debug, PartialEq)]
pub struct Picture {
    /// Its title.
    pub title: String,
    /// The nodes.
    pub nodes: Vec<PictureNode>,
    /// The links.
    pub links: Vec<PictureLink>,
    /// Background.
    pub background: [u8; 3],
    /// Text.
    pub ink: [u8; 3],
    /// Links.
    pub line: [u8; 3],
    /// Strong links.
    pub accent: [u8; 3],
}

/// The font names written in SVG; the PNG is rendered with the font given to it.
const FONT_FAMILY: &str = "DejaVu Sans, sans-serif";
/// Label size, layout units.
const LABEL_SIZE: f32 = 11.0;
/// The longest side of a PNG, in pixels.
const MOST_PIXELS: f32 = 6000.0;

/// `s` cut to `max` characters at a word, with "…".
pub fn shortened(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max).collect();
    let at_word = cut.rfind(' ').filter(|&b| b > max / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at_word].trim_end())
}

/// The width a label of `chars` characters takes, about, in layout units.
pub fn label_width(chars: usize) -> f32 {
    chars as f32 * LABEL_SIZE * 0.56
}

/// Where a label under a node of radius `r` at `at` lies: its rectangle (lower and upper
/// corners), about.
pub fn label_area(at: [f32; 2], r: f32, chars: usize) -> ([f32; 2], [f32; 2]) {
    let half = label_width(chars) / 2.0;
    (
        [at[0] - half, at[1] + r],
        [at[0] + half, at[1] + r + LABEL_SIZE * 1.5],
    )
}

fn hex(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

impl Picture {
    /// The area drawn: lower corner, width and height, with a margin (labels below the
    /// nodes included).
    fn bounds(&self) -> ([f32; 2], f32, f32) {
        let (mut lo, mut hi) = ([f32::MAX; 2], [f32::MIN; 2]);
        for n in &self.nodes {
            let below = if n.label.is_some() {
                LABEL_SIZE * 1.6
            } else {
                0.0
            };
            let half_label = n
                .label
                .as_ref()
                .map_or(0.0, |l| label_width(l.chars().count()) / 2.0);
            lo[0] = lo[0].min(n.at[0] - n.radius.max(half_label));
            lo[1] = lo[1].min(n.at[1] - n.radius);
            hi[0] = hi[0].max(n.at[0] + n.radius.max(half_label));
            hi[1] = hi[1].max(n.at[1] + n.radius + below);
        }
        if lo[0] > hi[0] {
            return ([0.0, 0.0], 100.0, 100.0);
        }
        let margin = 20.0;
        (
            [lo[0] - margin, lo[1] - margin],
            hi[0] - lo[0] + 2.0 * margin,
            hi[1] - lo[1] + 2.0 * margin,
        )
    }

    /// The picture as an SVG document.
    pub fn svg(&self) -> String {
        let (lo, w, h) = self.bounds();
        let mut s = String::new();
        let _ = writeln!(
            s,
            r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="{:.1} {:.1} {w:.1} {h:.1}">
<title>{}</title>
<rect x="{:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}" fill="{}"/>"#,
            lo[0],
            lo[1],
            esc(&self.title),
            lo[0],
            lo[1],
            hex(self.background)
        );
        // Links, then those of a path asked for over them, thicker in the accent colour.
        for (strong, group) in [
            (
                false,
                format!(
                    r#"stroke="{}" stroke-width="1" stroke-opacity="0.6""#,
                    hex(self.line)
                ),
            ),
            (
                true,
                format!(r#"stroke="{}" stroke-width="2.5""#, hex(self.accent)),
            ),
        ] {
            let _ = writeln!(s, "<g {group}>");
            for l in self.links.iter().filter(|l| l.strong == strong) {
                let _ = writeln!(
                    s,
                    r#"<line x1="{:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}"><title>{}</title></line>"#,
                    l.from[0],
                    l.from[1],
                    l.to[0],
                    l.to[1],
                    esc(&l.title)
                );
            }
            let _ = writeln!(s, "</g>");
        }
        for n in &self.nodes {
            let points: Vec<String> = outline(n.shape, n.at, n.radius)
                .iter()
                .map(|p| format!("{:.1},{:.1}", p[0], p[1]))
                .collect();
            let _ = writeln!(
                s,
                r#"<polygon points="{}" fill="{}"><title>{}</title></polygon>"#,
                points.join(" "),
                hex(n.fill),
                esc(&n.name)
            );
        }
        let _ = writeln!(
            s,
            r#"<g font-family="{FONT_FAMILY}" font-size="{LABEL_SIZE}" fill="{}" text-anchor="middle">"#,
            hex(self.ink)
        );
        for n in &self.nodes {
            if let Some(label) = &n.label {
                let _ = writeln!(
                    s,
                    r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
                    n.at[0],
                    n.at[1] + n.radius + LABEL_SIZE * 1.2,
                    esc(label)
                );
            }
        }
        let _ = writeln!(s, "</g>\n</svg>");
        s
    }

    /// The picture as PNG, rendered from its SVG with `font` (TrueType bytes) at twice
    /// its size (less for a very large picture).
    pub fn png(&self, font: &[u8]) -> Result<Vec<u8>, String> {
        let mut options = resvg::usvg::Options::default();
        options.fontdb_mut().load_font_data(font.to_vec());
        options.font_family = "DejaVu Sans".into();
        let tree = resvg::usvg::Tree::from_str(&self.svg(), &options).map_err(|e| e.to_string())?;
        let size = tree.size();
        let scale = (MOST_PIXELS / size.width().max(size.height())).min(2.0);
        let (w, h) = (
            (size.width() * scale).ceil().max(1.0) as u32,
            (size.height() * scale).ceil().max(1.0) as u32,
        );
        let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h)
            .ok_or_else(|| format!("a picture of {w}×{h} pixels cannot be made"))?;
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        pixmap.encode_png().map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture() -> Picture {
        let node = |x: f32, name: &str, fill| PictureNode {
            at: [x, 10.0],
            radius: 8.0,
            shape: Shape::Square,
            fill,
            name: name.into(),
            label: Some(name.into()),
        };
        Picture {
            title: "Mạng lưới".into(),
            nodes: vec![
                node(0.0, "Bộ Tư pháp", [47, 111, 179]),
                node(120.0, "<script>alert(1)</script> & co", [168, 68, 31]),
            ],
            links: vec![PictureLink {
                from: [0.0, 10.0],
                to: [120.0, 10.0],
                strong: true,
                title: "A — \"x\" — B".into(),
            }],
            background: [255, 255, 255],
            ink: [20, 20, 20],
            line: [120, 120, 120],
            accent: [0, 90, 120],
        }
    }

    #[test]
    fn the_svg_holds_every_node_and_link_with_its_text_escaped() {
        let svg = picture().svg();
        let mut reader = quick_xml::Reader::from_str(&svg);
        let (mut polygons, mut lines, mut texts) = (0, 0, Vec::new());
        let mut in_text = false;
        loop {
            match reader.read_event().expect("well-formed XML") {
                quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                    match e.name().as_ref() {
                        b"polygon" => polygons += 1,
                        b"line" => lines += 1,
                        b"text" => {
                            in_text = true;
                            texts.push(String::new());
                        }
                        _ => {}
                    }
                }
                quick_xml::events::Event::Text(t) if in_text => {
                    let last = texts.last_mut().expect("inside a text");
                    last.push_str(&t.decode().expect("text"));
                }
                quick_xml::events::Event::GeneralRef(r) if in_text => {
                    let name = r.decode().expect("ref").into_owned();
                    let last = texts.last_mut().expect("inside a text");
                    last.push_str(match name.as_str() {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        _ => "?",
                    });
                }
                quick_xml::events::Event::End(e) if e.name().as_ref() == b"text" => {
                    in_text = false;
                }
                quick_xml::events::Event::Eof => break,
                _ => {}
            }
        }
        assert_eq!((polygons, lines), (2, 1));
        assert!(!svg.contains("<script>"), "a name never becomes markup");
        assert_eq!(
            texts,
            ["Bộ Tư pháp", "<script>alert(1)</script> & co"],
            "names read back as they were"
        );
    }

    #[test]
    fn the_png_is_drawn_from_the_svg_at_twice_its_size() {
        let font = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
        let png = picture().png(font).expect("png");
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
        let (_, w, h) = picture().bounds();
        // Twice the size the SVG gives (which rounds it to whole points).
        assert!(
            (pixmap.width() as f32 - 2.0 * w).abs() <= 2.0,
            "{} vs {w}",
            pixmap.width()
        );
        assert!(
            (pixmap.height() as f32 - 2.0 * h).abs() <= 2.0,
            "{} vs {h}",
            pixmap.height()
        );
        // Something other than the background was drawn: the nodes' colours are there.
        let blue = pixmap
            .pixels()
            .iter()
            .any(|p| (p.red(), p.green(), p.blue()) == (47, 111, 179));
        assert!(blue, "the first node's colour is in the picture");
    }
}
