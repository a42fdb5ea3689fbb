//! How the window looks: light and dark visuals whose every text colour reads at WCAG AA
//! (4.5:1) on the backgrounds it is drawn on, the colours of kinds, zoom, and
//! presentation mode.

use super::app::LienketApp;
use egui::{Color32, Visuals};

/// Zoom of presentation mode, at first.
pub const PRESENTATION_ZOOM: f32 = 1.75;

/// The zooms presentation mode keeps to: large enough for the back of a room, small
/// enough for a page to fit.
pub const PRESENTATION_RANGE: std::ops::RangeInclusive<f32> = 1.5..=2.0;

/// A presentation zoom within [`PRESENTATION_RANGE`].
pub fn presentation_zoom(zoom: f32) -> f32 {
    if zoom.is_finite() {
        zoom.clamp(*PRESENTATION_RANGE.start(), *PRESENTATION_RANGE.end())
    } else {
        PRESENTATION_ZOOM
    }
}

/// Zoom limits of the zoom commands.
const ZOOM_RANGE: std::ops::RangeInclusive<f32> = 0.5..=3.0;

/// The visuals of a theme: egui's, with text colours chosen for contrast.
pub fn visuals(dark: bool) -> Visuals {
    let mut v = if dark {
        Visuals::dark()
    } else {
        Visuals::light()
    };
    let p = palette(dark);
    v.override_text_color = None;
    v.widgets.noninteractive.fg_stroke.color = p.text;
    v.weak_text_color = Some(p.weak);
    v.hyperlink_color = p.link;
    v.warn_fg_color = p.warn;
    v.error_fg_color = p.error;
    v.faint_bg_color = p.faint;
    if dark {
        v.widgets.inactive.fg_stroke.color = Color32::from_gray(200);
    }
    v
}

/// The text colours of a theme.
struct Palette {
    text: Color32,
    weak: Color32,
    link: Color32,
    warn: Color32,
    error: Color32,
    faint: Color32,
}

fn palette(dark: bool) -> Palette {
    if dark {
        Palette {
            text: Color32::from_gray(215),
            weak: Color32::from_gray(165),
            link: Color32::from_rgb(110, 180, 255),
            warn: Color32::from_rgb(255, 160, 80),
            error: Color32::from_rgb(255, 120, 120),
            faint: Color32::from_gray(35),
        }
    } else {
        Palette {
            text: Color32::from_gray(40),
            weak: Color32::from_gray(90),
            link: Color32::from_rgb(0, 90, 170),
            warn: Color32::from_rgb(160, 70, 0),
            error: Color32::from_rgb(190, 0, 0),
            faint: Color32::from_gray(240),
        }
    }
}

/// The colour of a kind, for its icon, dot and label: darker on the light theme, lighter
/// on the dark one, so the label reads on either.
pub fn kind_color(kind: &str, dark: bool) -> Color32 {
    let (light, dark_c) = match kind {
        "organisation" => ((0x2f, 0x6f, 0xb3), (0x7a, 0xb4, 0xf0)),
        "person" => ((0xa8, 0x44, 0x1f), (0xf0, 0x98, 0x70)),
        "event" => ((0x7a, 0x4c, 0xb0), (0xc4, 0xa0, 0xf0)),
        "theme" => ((0x23, 0x75, 0x47), (0x72, 0xd0, 0x98)),
        "document" => ((0x64, 0x64, 0x64), (0xaa, 0xaa, 0xaa)),
        "recommendation" => ((0x8a, 0x63, 0x00), (0xe0, 0xb8, 0x40)),
        "place" => ((0x14, 0x70, 0x78), (0x60, 0xd0, 0xd8)),
        _ => ((0x60, 0x60, 0x60), (0xaa, 0xaa, 0xaa)),
    };
    let (r, g, b) = if dark { dark_c } else { light };
    Color32::from_rgb(r, g, b)
}

/// The colour of a kind as drawn: a kind the user added in its own colour, made dark or
/// light enough to read on the theme's background; the others as [`kind_color`].
pub fn kind_colour_of(kinds: &[crate::model::KindInfo], kind: &str, dark: bool) -> Color32 {
    let own = kinds
        .iter()
        .find(|k| k.name == kind)
        .and_then(|k| k.colour.as_deref())
        .and_then(parse_hex);
    match own {
        Some(c) => readable(c, dark),
        None => kind_color(kind, dark),
    }
}

/// "#2f6fb3" as a colour.
fn parse_hex(s: &str) -> Option<Color32> {
    let h = s.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok();
    Some(Color32::from_rgb(byte(0)?, byte(2)?, byte(4)?))
}

/// WCAG contrast of two opaque colours.
fn contrast(a: Color32, b: Color32) -> f32 {
    let lum = |c: Color32| {
        let ch = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * ch(c.r()) + 0.7152 * ch(c.g()) + 0.0722 * ch(c.b())
    };
    let (x, y) = (lum(a), lum(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// `c`, darkened (light theme) or lightened (dark theme) until it reads at 4.5:1 on the
/// panel.
fn readable(c: Color32, dark: bool) -> Color32 {
    let bg = visuals(dark).panel_fill;
    let toward = if dark { Color32::WHITE } else { Color32::BLACK };
    let mut c = c;
    for _ in 0..20 {
        if contrast(c, bg) >= 4.6 {
            break;
        }
        c = c.lerp_to_gamma(toward, 0.15);
    }
    c
}

/// The kinds given colours of their own (others share one).
pub const COLOURED_KINDS: [&str; 8] = [
    "organisation",
    "person",
    "event",
    "theme",
    "document",
    "recommendation",
    "place",
    "other",
];

/// The background a search match is marked with, as on paper: amber.
pub fn marker(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(255, 190, 40, 70)
    } else {
        Color32::from_rgba_unmultiplied(255, 205, 40, 120)
    }
}

/// Every text colour the window draws, with the backgrounds it is drawn on: what the
/// contrast test checks. (Name, text, background), backgrounds opaque.
pub fn text_on_backgrounds(dark: bool) -> Vec<(String, Color32, Color32)> {
    let v = visuals(dark);
    let mut out = Vec::new();
    let plain = [
        ("panel", v.panel_fill),
        ("window", v.window_fill),
        ("striped row", over(v.faint_bg_color, v.panel_fill)),
    ];
    let texts = [
        ("text", v.text_color()),
        ("strong text", v.strong_text_color()),
        ("secondary text", v.weak_text_color()),
        ("link", v.hyperlink_color),
        ("warning", v.warn_fg_color),
        ("error", v.error_fg_color),
    ];
    for (t, fg) in texts {
        for (b, bg) in plain {
            out.push((format!("{t} on {b}"), fg, bg));
        }
    }
    // Text fields: what is typed and the hint.
    for (t, fg) in [
        ("typed text", v.widgets.inactive.text_color()),
        ("hint", v.weak_text_color()),
    ] {
        out.push((format!("{t} in a text field"), fg, v.text_edit_bg_color()));
    }
    for kind in COLOURED_KINDS {
        for (b, bg) in plain {
            out.push((format!("{kind} label on {b}"), kind_color(kind, dark), bg));
        }
    }
    // Kinds users add, in colours that would not read as chosen.
    for colour in [
        "#ffff00", "#ffffff", "#000000", "#1e90ff", "#ff69b4", "#777777",
    ] {
        let kinds = [crate::model::KindInfo {
            name: "own".into(),
            uid: "own".into(),
            label_vi: String::new(),
            label_en: String::new(),
            colour: Some(colour.into()),
        }];
        for (b, bg) in plain {
            out.push((
                format!("a user's {colour} kind on {b}"),
                kind_colour_of(&kinds, "own", dark),
                bg,
            ));
        }
    }
    let w = &v.widgets;
    for (state, ws) in [
        ("button", &w.inactive),
        ("hovered button", &w.hovered),
        ("pressed button", &w.active),
        ("open menu", &w.open),
    ] {
        out.push((state.to_owned(), ws.text_color(), ws.weak_bg_fill));
    }
    for (b, bg) in plain {
        out.push((
            format!("selected line on {b}"),
            v.selection.stroke.color,
            over(v.selection.bg_fill, bg),
        ));
        out.push((
            format!("search match on {b}"),
            v.strong_text_color(),
            over(marker(dark), bg),
        ));
    }
    out
}

/// `top` (possibly translucent, premultiplied) drawn over an opaque `bottom`.
fn over(top: Color32, bottom: Color32) -> Color32 {
    let a = f32::from(top.a()) / 255.0;
    let mix = |t: u8, b: u8| (f32::from(t) + f32::from(b) * (1.0 - a)).round().min(255.0) as u8;
    Color32::from_rgb(
        mix(top.r(), bottom.r()),
        mix(top.g(), bottom.g()),
        mix(top.b(), bottom.b()),
    )
}

impl LienketApp {
    /// Applies the theme, the zoom and presentation mode's spacing.
    pub(super) fn apply_look(&mut self) {
        let s = &self.data.settings;
        self.ctx.set_visuals_of(egui::Theme::Light, visuals(false));
        self.ctx.set_visuals_of(egui::Theme::Dark, visuals(true));
        self.ctx.set_theme(if s.dark {
            egui::Theme::Dark
        } else {
            egui::Theme::Light
        });
        let zoom = self.data.zoom();
        if zoom.is_finite() && ZOOM_RANGE.contains(&zoom) {
            // Takes effect at the end of the frame: until then the old zoom is not news.
            self.ctx.set_zoom_factor(zoom);
            self.zoom_asked = Some(zoom);
        }
        let presentation = self.data.presentation;
        self.ctx.all_styles_mut(|style| {
            let base = egui::style::Spacing::default();
            let k = if presentation { 1.6 } else { 1.0 };
            style.spacing.item_spacing = base.item_spacing * k;
            style.spacing.button_padding = base.button_padding * k;
        });
    }

    /// Enters or leaves presentation mode; the zoom of normal mode comes back after.
    pub(super) fn toggle_presentation(&mut self) {
        self.data.presentation = !self.data.presentation;
        self.data.selected = None;
        self.hide_private_in_graph();
        self.apply_look();
    }

    /// Multiplies the zoom (of presentation mode when it is on).
    pub(super) fn zoom_by(&mut self, factor: f32) {
        self.zoom_to(self.data.zoom() * factor);
    }

    /// Sets the zoom, within bounds, rounded to whole percents; in presentation mode, the
    /// mode's own zoom (150–200 %), staying in the mode.
    pub(super) fn zoom_to(&mut self, zoom: f32) {
        let zoom = (zoom * 100.0).round() / 100.0;
        if self.data.presentation {
            self.data.settings.presentation_zoom = presentation_zoom(zoom);
        } else {
            self.data.settings.zoom = zoom.clamp(*ZOOM_RANGE.start(), *ZOOM_RANGE.end());
        }
        self.apply_look();
    }

    /// Keeps what egui's own zoom keys (Ctrl +/−/0) did: the normal zoom, or presentation
    /// mode's within its range.
    pub(super) fn follow_keyboard_zoom(&mut self, ctx: &egui::Context) {
        let zoom = ctx.zoom_factor();
        match self.zoom_asked {
            Some(asked) if (asked - zoom).abs() > f32::EPSILON => return,
            Some(_) => self.zoom_asked = None,
            None => {}
        }
        if !self.data.presentation {
            if (zoom - self.data.settings.zoom).abs() > f32::EPSILON {
                self.data.settings.zoom = zoom;
            }
            return;
        }
        let kept = presentation_zoom(zoom);
        self.data.settings.presentation_zoom = kept;
        if (kept - zoom).abs() > f32::EPSILON {
            ctx.set_zoom_factor(kept);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translucent_colours_are_blended_over_their_background() {
        let half_white = Color32::from_rgba_unmultiplied(255, 255, 255, 128);
        let c = over(half_white, Color32::BLACK);
        assert!((127..=129).contains(&c.r()), "{c:?}");
        assert_eq!(over(Color32::RED, Color32::BLUE), Color32::RED);
    }
}
