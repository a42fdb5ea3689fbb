//! The graph page's picture export: what is drawn (the nodes and links the filters leave,
//! where the layout has them, private entities left out unless included) as SVG or PNG,
//! in light colours for print, written beside the open file unless another path is typed.

use super::app::LienketApp;
use super::graph::GraphView;
use crate::graph::picture::{Picture, PictureLink, PictureNode};
use crate::graph::shapes::{radius, shape_of};
use crate::i18n::Lang;
use std::path::{Path, PathBuf};

/// The formats a picture is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PictureFormat {
    /// Scalable, for print and editing.
    Svg,
    /// Pixels, for slides and messages.
    Png,
}

impl PictureFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            PictureFormat::Svg => "svg",
            PictureFormat::Png => "png",
        }
    }
}

/// Most labels written in a picture (the best connected first; the graph's own entity
/// always).
const MOST_LABELS: usize = 400;
/// Labels longer than this are cut at a word.
const LABEL_CHARS: usize = 40;

fn rgb(c: egui::Color32) -> [u8; 3] {
    [c.r(), c.g(), c.b()]
}

impl GraphView {
    /// The picture of what the filters leave, private entities only when `private`.
    pub fn picture(&self, kinds: &[crate::model::KindInfo], lang: Lang, private: bool) -> Picture {
        let pos = self.layout.positions();
        let shown = |i: usize| self.nodes_shown[i] && (private || !self.network.nodes[i].private);
        let name = |i: usize| self.node_name(i, lang);
        let mut by_degree: Vec<usize> = (0..pos.len()).filter(|&i| shown(i)).collect();
        by_degree.sort_by_key(|&i| std::cmp::Reverse(self.degree[i]));
        // Labels: the graph's own entity first, then the best connected, each left out if
        // it would cover one placed before; long names are cut.
        let own = self.own();
        let mut labels: std::collections::HashMap<usize, String> = Default::default();
        let mut placed: Vec<([f32; 2], [f32; 2])> = Vec::new();
        for i in own.into_iter().chain(by_degree.iter().copied()) {
            if labels.len() >= MOST_LABELS || labels.contains_key(&i) {
                continue;
            }
            let text = crate::graph::picture::shortened(&name(i), LABEL_CHARS);
            let area = crate::graph::picture::label_area(
                pos[i],
                radius(self.degree[i]),
                text.chars().count(),
            );
            let overlaps = |b: &([f32; 2], [f32; 2])| {
                area.0[0] < b.1[0] && b.0[0] < area.1[0] && area.0[1] < b.1[1] && b.0[1] < area.1[1]
            };
            if Some(i) == own || !placed.iter().any(overlaps) {
                placed.push(area);
                labels.insert(i, text);
            }
        }
        let nodes = (0..pos.len())
            .filter(|&i| shown(i))
            .map(|i| {
                let n = &self.network.nodes[i];
                PictureNode {
                    at: pos[i],
                    radius: radius(self.degree[i]),
                    shape: shape_of(&n.kind),
                    fill: rgb(super::look::kind_colour_of(kinds, &n.kind, false)),
                    name: name(i),
                    label: labels.get(&i).cloned(),
                }
            })
            .collect();
        let links = self
            .network
            .edges
            .iter()
            .zip(&self.edges_shown)
            .filter(|(e, s)| **s && shown(e.from as usize) && shown(e.to as usize))
            .map(|(e, _)| {
                let label = self.predicate_label(&e.predicate, lang);
                PictureLink {
                    from: pos[e.from as usize],
                    to: pos[e.to as usize],
                    strong: self.on_path.contains(&e.relation),
                    title: format!(
                        "{} — {label} — {}",
                        name(e.from as usize),
                        name(e.to as usize)
                    ),
                }
            })
            .collect();
        let light = egui::Visuals::light();
        Picture {
            title: own.map(name).unwrap_or_else(|| "Lienket".into()),
            nodes,
            links,
            background: [255, 255, 255],
            ink: rgb(light.text_color()),
            line: [140, 140, 140],
            accent: rgb(light.selection.stroke.color),
        }
    }
}

/// Writes `bytes` to `path` through a temporary file beside it, renamed over it once
/// complete: a failed write leaves what was there.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(".part");
    let temp = PathBuf::from(temp);
    std::fs::write(&temp, bytes)
        .and_then(|()| std::fs::rename(&temp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&temp);
        })
}

impl LienketApp {
    /// Where a picture goes unless another path is typed: beside the open file.
    pub(super) fn default_picture_path(&self) -> String {
        let file = self.data.file.as_ref().map(|f| f.path.clone());
        let folder = file
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let stem = file
            .as_ref()
            .and_then(|p| p.file_stem())
            .map_or_else(|| "lienket".into(), |s| s.to_string_lossy().into_owned());
        folder
            .join(format!("{stem}-graph.svg"))
            .display()
            .to_string()
    }

    /// Writes the picture of the graph shown, as `format`, to the path typed (its
    /// extension made the format's).
    pub(super) fn save_picture(&mut self, format: PictureFormat) {
        let tr = self.tr();
        let lang = self.data.settings.lang;
        let Some(g) = &self.data.graph else {
            return;
        };
        let typed = super::files::expand_home(
            Path::new(g.picture_path.trim()),
            super::files::home_dir().as_deref(),
        );
        let path = super::files::absolute(&typed).with_extension(format.extension());
        let picture = g.picture(&self.data.kinds, lang, g.picture_private);
        let bytes = match format {
            PictureFormat::Svg => Ok(picture.svg().into_bytes()),
            PictureFormat::Png => picture.png(super::fonts::SANS),
        };
        let message = match bytes.and_then(|b| write_whole(&path, &b).map_err(|e| e.to_string())) {
            Ok(()) => tr.fmt(
                "graph_picture_saved",
                &[
                    ("path", &path.display().to_string()),
                    ("nodes", &picture.nodes.len().to_string()),
                ],
            ),
            Err(e) => tr.fmt(
                "graph_picture_failed",
                &[("path", &path.display().to_string()), ("error", &e)],
            ),
        };
        if let Some(g) = &mut self.data.graph {
            g.picture_path = path.display().to_string();
            g.picture_message = Some(message);
        }
    }
}
