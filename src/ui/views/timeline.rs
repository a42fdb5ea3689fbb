//! The timeline page: the scope above, then a time axis (years, months when zoomed in)
//! with each item a bar from the first to the last day its dates allow — fuzzy dates
//! drawn faint with soft ends, open ends fading out — packed in rows so labels never
//! cover each other; below, the lane of unknown years on a January–December axis. Each
//! item is a widget named by its entity and date; a click opens the entity. Drag pans,
//! the wheel zooms about the pointer.

use super::ViewData;
use crate::i18n::Lang;
use crate::model::civil_from_days;
use crate::timeline::{Item, TimelineScope, When};
use crate::ui::Action;
use crate::ui::look::kind_colour_of;
use crate::ui::timeline::{TimeCamera, TimelineEdit, TimelineView};
use egui::{Color32, Pos2, Rect, RichText, Sense, Ui, pos2, vec2};

/// Height of one row of bars.
const ROW: f32 = 24.0;
/// Height of a bar.
const BAR: f32 = 8.0;
/// Rows at most (the rest of the items are counted, not drawn).
const MOST_ROWS: usize = 400;

/// The page.
pub(super) fn timeline_ui(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let tr = data.tr();
    let Some(t) = &data.timeline else {
        ui.label(tr.get("timeline_loading"));
        return;
    };
    controls(ui, data, t, actions);
    let items = t.timeline.dated.iter().filter(|i| data.visible(i.private));
    let unknown: Vec<&Item> = t
        .timeline
        .year_unknown
        .iter()
        .filter(|i| data.visible(i.private))
        .collect();
    let items: Vec<&Item> = items.collect();
    egui::ScrollArea::vertical()
        .id_salt("timeline")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if items.is_empty() {
                ui.label(RichText::new(tr.get("timeline_no_years")).weak());
            } else {
                axis_and_rows(ui, data, t, &items, actions);
            }
            unknown_year_lane(ui, data, &unknown, actions);
        });
}

fn push(actions: &mut Vec<Action>, edit: TimelineEdit) {
    actions.push(Action::Timeline(edit));
}

/// What is shown, and counts.
fn controls(ui: &mut Ui, data: &ViewData, t: &TimelineView, actions: &mut Vec<Action>) {
    let tr = data.tr();
    ui.horizontal_wrapped(|ui| {
        let scope = t.timeline.scope;
        if ui
            .selectable_label(
                scope == TimelineScope::Events(None),
                tr.get("timeline_all_events"),
            )
            .clicked()
        {
            push(actions, TimelineEdit::Scope(TimelineScope::Events(None)));
        }
        if let Some((id, name, _)) = &t.subject {
            let linked = TimelineScope::Events(Some(*id));
            if ui
                .selectable_label(
                    scope == linked,
                    tr.fmt("timeline_events_of", &[("name", name)]),
                )
                .clicked()
            {
                push(actions, TimelineEdit::Scope(linked));
            }
            let own = TimelineScope::Relations(*id);
            if ui
                .selectable_label(
                    scope == own,
                    tr.fmt("timeline_relations_of", &[("name", name)]),
                )
                .clicked()
            {
                push(actions, TimelineEdit::Scope(own));
            }
        }
        ui.separator();
        if ui.button(tr.get("graph_fit")).clicked() {
            push(actions, TimelineEdit::Fit);
        }
    });
    ui.horizontal_wrapped(|ui| {
        let l = ui.label(tr.get("timeline_filter"));
        let mut text = t.filter_text.clone();
        if ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .hint_text(tr.get("timeline_filter_hint"))
                    .desired_width(220.0),
            )
            .labelled_by(l.id)
            .changed()
        {
            push(actions, TimelineEdit::FilterText(text));
        }
        for (id, name, kind) in &t.filter_hits {
            if ui.button(name).clicked() {
                push(
                    actions,
                    TimelineEdit::LinkedTo(*id, name.clone(), kind.clone()),
                );
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        let shown = t.timeline.dated.len() + t.timeline.year_unknown.len();
        ui.label(tr.fmt("timeline_counts", &[("n", &shown.to_string())]));
        if t.timeline.undated > 0 {
            ui.label(
                RichText::new(tr.fmt(
                    "timeline_undated",
                    &[("n", &t.timeline.undated.to_string())],
                ))
                .weak(),
            );
        }
        if t.timeline.cut {
            ui.label(
                RichText::new(tr.fmt(
                    "timeline_cut",
                    &[("n", &crate::timeline::MOST_ITEMS.to_string())],
                ))
                .color(ui.visuals().warn_fg_color),
            );
        }
        ui.label(RichText::new(tr.get("timeline_help")).weak().small());
    });
}

/// An item's name in the interface's language, with the link for a relation.
fn item_name(data: &ViewData, item: &Item) -> String {
    let name = match (data.settings.lang, &item.name_en) {
        (Lang::En, Some(en)) if !en.is_empty() => en.clone(),
        _ => item.name.clone(),
    };
    match (&item.relation, data.settings.lang) {
        (Some((vi, _)), Lang::Vi) => format!("{vi} {name}"),
        (Some((_, en)), Lang::En) => format!("{en} {name}"),
        (None, _) => name,
    }
}

/// The number of letters of [`item_name`], without making it.
fn label_chars(data: &ViewData, item: &Item) -> usize {
    let name = match (data.settings.lang, &item.name_en) {
        (Lang::En, Some(en)) if !en.is_empty() => en,
        _ => &item.name,
    };
    let link = match (&item.relation, data.settings.lang) {
        (Some((vi, _)), Lang::Vi) => vi.chars().count() + 1,
        (Some((_, en)), Lang::En) => en.chars().count() + 1,
        (None, _) => 0,
    };
    name.chars().count() + link
}

/// The dates as the interface writes them.
fn item_dates(data: &ViewData, item: &Item) -> String {
    crate::text::dates::show_span(
        data.tr(),
        item.date_start.as_deref(),
        item.date_end.as_deref(),
    )
    .unwrap_or_default()
}

/// The camera in effect: the one chosen, or one showing every item.
fn camera(t: &TimelineView, items: &[&Item], width: f32) -> TimeCamera {
    if !t.camera.fit {
        return t.camera;
    }
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for i in items {
        if let When::Span { first, last, .. } = i.when {
            lo = lo.min(first);
            hi = hi.max(last + 1);
        }
    }
    if lo > hi {
        return TimeCamera::default();
    }
    let margin = ((hi - lo) as f64 * 0.05).max(60.0);
    let (lo, hi) = (lo as f64 - margin, hi as f64 + margin * 4.0);
    TimeCamera {
        start: lo,
        days_per_point: (hi - lo) / f64::from(width.max(50.0)),
        fit: true,
    }
}

/// The axis, then the items in rows.
fn axis_and_rows(
    ui: &mut Ui,
    data: &ViewData,
    t: &TimelineView,
    items: &[&Item],
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let width = ui.available_width();
    let cam = camera(t, items, width);
    let font = egui::FontId::proportional(12.5);
    let x_of = |day: f64, left: f32| left + ((day - cam.start) / cam.days_per_point) as f32;

    // Rows: each item goes in the first row where it (with its label) fits.
    let mut ends: Vec<f32> = Vec::new();
    let mut placed = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let When::Span { first, last, .. } = item.when else {
            continue;
        };
        let x0 = x_of(first as f64, 0.0);
        let x1 = x_of((last + 1) as f64, 0.0).max(x0 + 4.0);
        // Estimated from the letters (DejaVu Sans is at most this wide on average), so
        // packing a long timeline lays out no text: only the items on screen are.
        let label_w = label_chars(data, item) as f32 * font.size * 0.62;
        let end = x1.max(x0 + label_w + 8.0);
        let row = match ends.iter().position(|e| *e < x0) {
            Some(r) => r,
            None if ends.len() < MOST_ROWS => {
                ends.push(f32::MIN);
                ends.len() - 1
            }
            None => continue,
        };
        ends[row] = end;
        placed.push((k, row, x0, x1));
    }
    let axis_h = 34.0;
    let height = axis_h + ROW * ends.len().max(1) as f32 + 8.0;
    let (response, painter) = ui.allocate_painter(vec2(width, height), Sense::click_and_drag());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Canvas, true, tr.get("timeline_canvas"))
    });
    let rect = response.rect;
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let painter = painter.with_clip_rect(rect);
    axis(ui, &painter, data, cam, rect, axis_h);

    let text = ui.visuals().text_color();
    let dark = ui.visuals().dark_mode;
    for &(k, row, x0, x1) in &placed {
        let item = items[k];
        let (x0, x1) = (rect.left() + x0, rect.left() + x1);
        if x1 < rect.left() - 400.0 || x0 > rect.right() {
            continue;
        }
        let y = rect.top() + axis_h + ROW * row as f32 + 4.0;
        let colour = kind_colour_of(&data.kinds, &item.kind, dark);
        let bar = Rect::from_min_max(pos2(x0, y), pos2(x1, y + BAR));
        draw_bar(&painter, bar, colour, item.when);
        let name = item_name(data, item);
        let galley = painter.layout_no_wrap(name.clone(), font.clone(), text);
        let label_at = pos2(x0.max(rect.left() + 2.0), y + BAR + 1.0);
        let area = Rect::from_min_size(label_at, galley.size()).union(bar);
        painter.galley(label_at, galley, text);
        let dates = item_dates(data, item);
        let resp = ui
            .interact(area.intersect(rect), response.id.with(k), Sense::click())
            .on_hover_text(format!("{name}\n{dates}"));
        let label = format!("{name} — {dates}");
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if resp.clicked() {
            push(actions, TimelineEdit::Open(item.entity));
        }
    }
    pan_and_zoom(ui, &response, cam, actions);
}

/// Year (or month) marks along the top.
fn axis(ui: &Ui, painter: &egui::Painter, data: &ViewData, cam: TimeCamera, rect: Rect, h: f32) {
    let weak = ui.visuals().weak_text_color();
    let grid = weak.gamma_multiply(0.25);
    let days_across = cam.days_per_point * f64::from(rect.width());
    let years_across = days_across / 365.25;
    // A mark every 1, 2, 5, 10… years, about one per 90 points; months when years are
    // wide.
    let step = [1i32, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        .into_iter()
        .find(|s| years_across / f64::from(*s) <= f64::from(rect.width()) / 90.0)
        .unwrap_or(1000);
    let months = years_across * 12.0 <= f64::from(rect.width()) / 60.0;
    let (first_year, ..) = civil_from_days(cam.start as i64);
    let (last_year, ..) = civil_from_days((cam.start + days_across) as i64);
    let x_of = |day: i64| rect.left() + ((day as f64 - cam.start) / cam.days_per_point) as f32;
    let font = egui::FontId::proportional(12.0);
    for y in (first_year..=last_year + 1).filter(|y| y.rem_euclid(i64::from(step)) == 0) {
        let x = x_of(jan_first(y));
        painter.line_segment(
            [pos2(x, rect.top() + h - 8.0), pos2(x, rect.bottom())],
            (1.0, grid),
        );
        painter.text(
            pos2(x + 3.0, rect.top() + 4.0),
            egui::Align2::LEFT_TOP,
            y.to_string(),
            font.clone(),
            weak,
        );
        if months && step == 1 {
            for m in 2..=12u32 {
                let day = crate::model::unix_days_of(
                    u32::try_from(y).unwrap_or(0) * 10_000 + m * 100 + 1,
                );
                let x = x_of(day);
                painter.line_segment(
                    [pos2(x, rect.top() + h - 4.0), pos2(x, rect.bottom())],
                    (1.0, grid.gamma_multiply(0.5)),
                );
                painter.text(
                    pos2(x + 2.0, rect.top() + 18.0),
                    egui::Align2::LEFT_TOP,
                    m.to_string(),
                    egui::FontId::proportional(10.5),
                    weak,
                );
            }
        }
    }
    let _ = data;
}

fn jan_first(year: i64) -> i64 {
    crate::model::unix_days_of(u32::try_from(year).unwrap_or(0) * 10_000 + 101)
}

/// A bar: solid for a plain date, faint with soft ends for a fuzzy one, fading out at an
/// open end.
fn draw_bar(painter: &egui::Painter, bar: Rect, colour: Color32, when: When) {
    let When::Span {
        fuzzy,
        open_start,
        open_end,
        ..
    } = when
    else {
        return;
    };
    let body = if fuzzy {
        colour.gamma_multiply(0.45)
    } else {
        colour
    };
    let clear = body.gamma_multiply(0.0);
    let soft = if fuzzy {
        (bar.width() * 0.25).min(40.0)
    } else {
        0.0
    };
    let fade_l = if open_start { bar.width() * 0.6 } else { soft };
    let fade_r = if open_end { bar.width() * 0.6 } else { soft };
    let xs = [
        bar.left(),
        bar.left() + fade_l,
        bar.right() - fade_r,
        bar.right(),
    ];
    let cs = [
        if fade_l > 0.0 { clear } else { body },
        body,
        body,
        if fade_r > 0.0 { clear } else { body },
    ];
    let mut mesh = egui::Mesh::default();
    for (x, c) in xs.iter().zip(cs) {
        mesh.colored_vertex(pos2(*x, bar.top()), c);
        mesh.colored_vertex(pos2(*x, bar.bottom()), c);
    }
    for k in 0..3u32 {
        let i = 2 * k;
        mesh.add_triangle(i, i + 1, i + 2);
        mesh.add_triangle(i + 1, i + 3, i + 2);
    }
    painter.add(egui::Shape::mesh(mesh));
}

/// Drag pans the window in time, the wheel (or a pinch) zooms about the pointer.
fn pan_and_zoom(ui: &Ui, response: &egui::Response, cam: TimeCamera, actions: &mut Vec<Action>) {
    let mut next = TimeCamera { fit: false, ..cam };
    let mut moved = false;
    if response.dragged() {
        let dx = f64::from(response.drag_delta().x);
        if dx != 0.0 {
            next.start -= dx * cam.days_per_point;
            moved = true;
        }
    }
    if let Some(at) = response.hover_pos() {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = f64::from(pinch * (scroll * 0.0015).exp());
        if (factor - 1.0).abs() > 1e-4 {
            let under = cam.start + f64::from(at.x - response.rect.left()) * cam.days_per_point;
            next.days_per_point = (cam.days_per_point / factor).clamp(0.002, 20_000.0);
            next.start = under - f64::from(at.x - response.rect.left()) * next.days_per_point;
            moved = true;
        }
    }
    if moved {
        push(actions, TimelineEdit::Camera(next));
    }
}

/// The lane of unknown years: a January–December axis, items by month and day.
fn unknown_year_lane(ui: &mut Ui, data: &ViewData, items: &[&Item], actions: &mut Vec<Action>) {
    let tr = data.tr();
    if items.is_empty() {
        return;
    }
    ui.add_space(10.0);
    ui.label(RichText::new(tr.get("timeline_year_unknown")).strong());
    let width = ui.available_width();
    let font = egui::FontId::proportional(12.5);
    let x_of = |month: u8, day: Option<u8>| {
        let day_of_year = f32::from(month.saturating_sub(1)) * 30.5 + f32::from(day.unwrap_or(15));
        8.0 + (width - 16.0) * day_of_year / 366.0
    };
    let mut ends: Vec<f32> = Vec::new();
    let mut placed = Vec::new();
    for (k, item) in items.iter().enumerate() {
        let When::YearUnknown { month, day } = item.when else {
            continue;
        };
        let x = x_of(month, day);
        let label = format!(
            "{} — {}",
            item_name(data, item),
            short_date(data, month, day)
        );
        let w = ui
            .painter()
            .layout_no_wrap(label.clone(), font.clone(), Color32::WHITE)
            .size()
            .x;
        // The label goes right of the dot, or left of it near the end of the year.
        let left = x + w + 12.0 > width;
        let (from, to) = if left {
            (x - w - 12.0, x + 6.0)
        } else {
            (x - 6.0, x + w + 12.0)
        };
        let row = match ends.iter().position(|e| *e < from) {
            Some(r) => r,
            None => {
                ends.push(f32::MIN);
                ends.len() - 1
            }
        };
        ends[row] = to;
        placed.push((k, row, x, label, left));
    }
    let axis_h = 22.0;
    let height = axis_h + ROW * ends.len() as f32 + 6.0;
    let (response, painter) = ui.allocate_painter(vec2(width, height), Sense::hover());
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Canvas, true, tr.get("timeline_year_unknown"))
    });
    let rect = response.rect;
    painter.rect_filled(rect, 4.0, ui.visuals().extreme_bg_color);
    let painter = painter.with_clip_rect(rect);
    let weak = ui.visuals().weak_text_color();
    for m in 1..=12u8 {
        let x = rect.left() + x_of(m, Some(1));
        painter.line_segment(
            [pos2(x, rect.top() + axis_h - 4.0), pos2(x, rect.bottom())],
            (1.0, weak.gamma_multiply(0.25)),
        );
        painter.text(
            pos2(x + 2.0, rect.top() + 4.0),
            egui::Align2::LEFT_TOP,
            tr.get(&format!("month_{m}")),
            egui::FontId::proportional(11.5),
            weak,
        );
    }
    let text = ui.visuals().text_color();
    let dark = ui.visuals().dark_mode;
    for (k, row, x, label, left) in placed {
        let item = items[k];
        let y = rect.top() + axis_h + ROW * row as f32 + 4.0;
        let at = Pos2::new(rect.left() + x, y + BAR / 2.0);
        painter.circle_filled(
            at,
            BAR / 2.0 + 1.0,
            kind_colour_of(&data.kinds, &item.kind, dark),
        );
        let galley = painter.layout_no_wrap(label.clone(), font.clone(), text);
        let label_at = if left {
            pos2(at.x - 8.0 - galley.size().x, y - 3.0)
        } else {
            pos2(at.x + 8.0, y - 3.0)
        };
        let area = Rect::from_min_size(label_at, galley.size())
            .union(Rect::from_center_size(at, vec2(BAR, BAR)));
        painter.galley(label_at, galley, text);
        let resp = ui.interact(area.intersect(rect), response.id.with(k), Sense::click());
        resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &label));
        if resp.clicked() {
            push(actions, TimelineEdit::Open(item.entity));
        }
    }
}

/// "30/12" or "30 Dec".
fn short_date(data: &ViewData, month: u8, day: Option<u8>) -> String {
    crate::text::dates::show_day_and_month(
        data.tr(),
        &crate::model::PartialDate {
            year: None,
            month: Some(month),
            day,
        },
    )
}
