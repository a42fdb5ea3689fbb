//! The bundled font: DejaVu Sans covers every Vietnamese letter (egui's default font lacks
//! most of U+1EA0–U+1EF9). It goes first in every family; egui's own fonts stay behind it
//! for emoji and symbols. Licence: `assets/fonts/LICENSE-DejaVu.txt`.

use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

pub(super) const SANS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const MONO: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansMono.ttf");

/// The fonts' licence, shipped inside the program with them (Help › About shows it).
pub const DEJAVU_LICENCE: &str = include_str!("../../assets/fonts/LICENSE-DejaVu.txt");

/// Font definitions with DejaVu first in the proportional and monospace families.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts
        .font_data
        .insert("dejavu-sans".into(), Arc::new(FontData::from_static(SANS)));
    fonts
        .font_data
        .insert("dejavu-mono".into(), Arc::new(FontData::from_static(MONO)));
    for (family, name) in [
        (FontFamily::Proportional, "dejavu-sans"),
        (FontFamily::Monospace, "dejavu-mono"),
    ] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, name.to_owned());
    }
    fonts
}

/// Installs the fonts on a context.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}
