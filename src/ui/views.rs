//! The views. Each draws from the app's view models and queues [`Action`]s; none touches
//! the store.

use super::{
    Action, Db, EntityView, FilterState, Group, LienketApp, Page, PaletteAction, PaletteItem,
};
use crate::i18n::{Lang, Tr};
use crate::model::{Citation, EntityRef, KindInfo};
use crate::store::OpenError;
use crate::store::search::Hit;
use crate::ui::commands::Command;
use crate::ui::format;
use egui::{Color32, RichText, Ui};

/// Lays out a single-line text field with room above and below the font's own line, so
/// stacked Vietnamese capitals (Ấ, Ỗ, Ẫ) are not clipped: a `TextEdit` clips its text to
/// the row, and those marks rise above the font's ascent.
fn roomy_layouter(
    ui: &Ui,
    text: &dyn egui::TextBuffer,
    wrap_width: f32,
) -> std::sync::Arc<egui::Galley> {
    let font_id = egui::TextStyle::Body.resolve(ui.style());
    let color = ui.visuals().widgets.inactive.text_color();
    let mut job =
        egui::text::LayoutJob::simple_singleline(text.as_str().to_owned(), font_id.clone(), color);
    job.wrap.max_width = wrap_width;
    let row = ui.ctx().fonts_mut(|f| f.row_height(&font_id));
    if let Some(section) = job.sections.first_mut() {
        section.format.line_height = Some((row + font_id.size * 0.5).round());
    }
    ui.ctx().fonts_mut(|f| f.layout_job(job))
}

/// Colour of a kind, for its dot in lists and headings.
pub fn kind_color(kind: &str) -> Color32 {
    match kind {
        "organisation" => Color32::from_rgb(0x2f, 0x6f, 0xb3),
        "person" => Color32::from_rgb(0xc2, 0x55, 0x2b),
        "event" => Color32::from_rgb(0x7a, 0x4c, 0xb0),
        "theme" => Color32::from_rgb(0x2e, 0x8b, 0x57),
        "document" => Color32::from_rgb(0x80, 0x80, 0x80),
        "recommendation" => Color32::from_rgb(0xb8, 0x86, 0x0b),
        "place" => Color32::from_rgb(0x1f, 0x9e, 0xa8),
        _ => Color32::from_rgb(0x60, 0x60, 0x60),
    }
}

/// A symbol of a kind, drawn in its colour beside names (DejaVu Sans has them all).
pub fn kind_icon(kind: &str) -> &'static str {
    match kind {
        "organisation" => "▦",
        "person" => "☺",
        "event" => "◆",
        "theme" => "✦",
        "document" => "▤",
        "recommendation" => "✎",
        "place" => "⚑",
        _ => "●",
    }
}

fn kind_badge(ui: &mut Ui, kinds: &[KindInfo], lang: Lang, kind: &str) {
    ui.label(RichText::new(kind_icon(kind)).color(kind_color(kind)))
        .on_hover_text(kind_label(kinds, lang, kind));
}

/// `text` as one line with the byte ranges `marks` emphasised: what a search matched,
/// shown on the name as stored even when the query had no diacritics.
fn highlighted(ui: &Ui, text: &str, marks: &[(usize, usize)], width: f32) -> egui::text::LayoutJob {
    use egui::text::{LayoutJob, TextFormat};
    let font = egui::TextStyle::Body.resolve(ui.style());
    let normal = TextFormat {
        font_id: font.clone(),
        color: Color32::PLACEHOLDER,
        ..Default::default()
    };
    // An amber marker, as on paper: readable on a selected (blue) row too.
    let marker = if ui.visuals().dark_mode {
        Color32::from_rgba_unmultiplied(255, 190, 40, 70)
    } else {
        Color32::from_rgba_unmultiplied(255, 205, 40, 120)
    };
    let strong = TextFormat {
        font_id: font,
        color: ui.visuals().strong_text_color(),
        background: marker,
        ..Default::default()
    };
    let mut job = LayoutJob::default();
    let mut at = 0;
    for &(a, b) in marks {
        if a < at || b > text.len() || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
            continue;
        }
        if a > at {
            job.append(&text[at..a], 0.0, normal.clone());
        }
        job.append(&text[a..b], 0.0, strong.clone());
        at = b;
    }
    if at < text.len() {
        job.append(&text[at..], 0.0, normal);
    }
    job.wrap.max_width = width;
    job.wrap.max_rows = 1;
    job.wrap.break_anywhere = true;
    job
}

/// The line under a hit: where the entity sits ("Cục trưởng · Cục Bảo trợ xã hội"), an
/// event's dates, and the other name that matched.
fn hit_context(tr: Tr, h: &Hit) -> String {
    let mut parts: Vec<String> = Vec::new();
    match h.tier {
        crate::store::search::MatchTier::Fuzzy => parts.push(tr.get("match_fuzzy").to_owned()),
        crate::store::search::MatchTier::Summary => parts.push(tr.get("match_summary").to_owned()),
        _ => {}
    }
    if let Some(c) = &h.context {
        if let Some(d) = format::date_range(tr, c.date_start.as_deref(), c.date_end.as_deref()) {
            parts.push(d);
        }
        parts.extend(c.role.clone());
        parts.extend(c.other.clone());
    }
    if let Some(v) = &h.via {
        parts.push(tr.fmt("via", &[("name", v)]));
    }
    parts.join(" · ")
}

/// The label of a kind in the interface language.
fn kind_label<'a>(kinds: &'a [KindInfo], lang: Lang, kind: &'a str) -> &'a str {
    kinds
        .iter()
        .find(|k| k.name == kind)
        .map(|k| match lang {
            Lang::Vi => k.label_vi.as_str(),
            Lang::En => k.label_en.as_str(),
        })
        .unwrap_or(kind)
}

fn kind_dot(ui: &mut Ui, kind: &str) {
    let size = ui.text_style_height(&egui::TextStyle::Body) * 0.55;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    ui.painter()
        .circle_filled(rect.center(), size / 2.0, kind_color(kind));
}

/// A translated message for a file that could not be opened.
pub fn open_error_message(tr: Tr, e: &OpenError) -> String {
    let path = |p: &std::path::Path| p.display().to_string();
    match e {
        OpenError::NotFound(p) => tr.fmt("err_not_found", &[("path", &path(p))]),
        OpenError::NotSqlite(p) => tr.fmt("err_not_sqlite", &[("path", &path(p))]),
        OpenError::Empty(p) => tr.fmt("err_empty", &[("path", &path(p))]),
        OpenError::Foreign(p) => tr.fmt("err_foreign", &[("path", &path(p))]),
        OpenError::NewerSchema {
            path: p,
            found,
            supported,
        } => tr.fmt(
            "err_newer",
            &[
                ("path", &path(p)),
                ("found", &found.to_string()),
                ("supported", &supported.to_string()),
            ],
        ),
        OpenError::Corrupt { path: p, detail } => {
            tr.fmt("err_corrupt", &[("path", &path(p)), ("detail", detail)])
        }
        OpenError::Locked(p) => tr.fmt("err_locked", &[("path", &path(p))]),
        OpenError::AlreadyExists(p) => tr.fmt("err_exists", &[("path", &path(p))]),
        OpenError::Io { path: p, source } => tr.fmt(
            "err_io",
            &[("path", &path(p)), ("detail", &source.to_string())],
        ),
        OpenError::Sqlite { path: p, source } => tr.fmt(
            "err_io",
            &[("path", &path(p)), ("detail", &source.to_string())],
        ),
        OpenError::Migration { path: p, detail } => {
            tr.fmt("err_migration", &[("path", &path(p)), ("detail", detail)])
        }
        OpenError::PathTooLong {
            path: p, max_path, ..
        } => tr.fmt(
            "err_path_too_long",
            &[("path", &path(p)), ("max", &max_path.to_string())],
        ),
        OpenError::SideFiles { path: p, files } => {
            let files: Vec<String> = files.iter().map(|f| path(f)).collect();
            tr.fmt(
                "err_side_files",
                &[("path", &path(p)), ("files", &files.join(", "))],
            )
        }
    }
}

/// The whole window.
pub fn main_ui(app: &mut LienketApp, ui: &mut Ui) {
    let tr = app.tr();
    palette_keys(app, ui.ctx());
    egui::Panel::top("toolbar").show(ui, |ui| toolbar(app, ui, tr));
    if let Some(store) = app.store()
        && store.is_read_only()
    {
        egui::Panel::top("read_only_banner").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(tr.get("read_only_banner"))
                        .color(ui.visuals().warn_fg_color)
                        .strong(),
                );
            });
        });
    }
    if let Some(status) = app.status.clone() {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(status).color(ui.visuals().error_fg_color));
                if ui.small_button(tr.get("dismiss")).clicked() {
                    app.status = None;
                }
            });
        });
    }
    if let Db::Failed { path, message } = &app.db {
        let (path, message) = (path.clone(), message.clone());
        egui::CentralPanel::default().show(ui, |_| {});
        path_dialog(app, ui.ctx(), tr, Some((&path, &message)));
        return;
    }
    if app.file_dialog.open {
        path_dialog(app, ui.ctx(), tr, None);
    }
    if app.preferences_open {
        preferences_dialog(app, ui.ctx(), tr);
    }
    egui::Panel::left("browser")
        .resizable(true)
        .default_size(340.0)
        // At most 45 % of the window, so zooming in never squeezes the entity view out.
        .size_range(220.0..=(ui.available_width() * 0.45).max(220.0))
        .show(ui, |ui| left_panel(app, ui, tr));
    if app.palette.is_some() {
        palette_ui(app, ui.ctx(), tr);
    }
    egui::CentralPanel::default().show(ui, |ui| {
        egui::ScrollArea::vertical()
            .id_salt("page")
            .auto_shrink([false, false])
            .show(ui, |ui| match app.page() {
                Page::Home => home_view(app, ui, tr),
                Page::Entity(_) => match app.entity.clone() {
                    Some(view) => entity_view(app, ui, tr, &view),
                    None => {
                        ui.label(tr.get("entity_missing"));
                    }
                },
            });
    });
}

fn command_button(
    app: &mut LienketApp,
    ui: &mut Ui,
    tr: Tr,
    c: Command,
    icon: &str,
    enabled: bool,
) {
    let shortcut = c.shortcut_text(ui.ctx());
    let hover = if shortcut.is_empty() {
        tr.get(c.label_key()).to_owned()
    } else {
        format!("{} ({shortcut})", tr.get(c.label_key()))
    };
    let text = if icon.is_empty() {
        tr.get(c.label_key()).to_owned()
    } else {
        format!("{icon} {}", tr.get(c.label_key()))
    };
    if ui
        .add_enabled(enabled, egui::Button::new(text))
        .on_hover_text(hover)
        .clicked()
    {
        app.act(Action::Run(c));
    }
}

fn toolbar(app: &mut LienketApp, ui: &mut Ui, tr: Tr) {
    ui.horizontal_wrapped(|ui| {
        let open = app.store().is_some();
        let (back, fwd) = (app.can_go_back(), app.can_go_forward());
        command_button(app, ui, tr, Command::Back, "◀", open && back);
        command_button(app, ui, tr, Command::Forward, "▶", open && fwd);
        command_button(app, ui, tr, Command::Home, "⌂", open);
        ui.separator();
        command_button(app, ui, tr, Command::OpenFile, "", true);
        ui.separator();
        {
            let dark = app.settings.dark;
            let theme_label = if dark {
                tr.get("theme_light")
            } else {
                tr.get("theme_dark")
            };
            if ui
                .button(theme_label)
                .on_hover_text(Command::ToggleTheme.shortcut_text(ui.ctx()))
                .clicked()
            {
                app.act(Action::Run(Command::ToggleTheme));
            }
            let current = app.settings.lang;
            let label = ui.label(tr.get("language"));
            egui::ComboBox::from_id_salt("language")
                .selected_text(current.native_name())
                .show_ui(ui, |ui| {
                    for lang in Lang::ALL {
                        if ui
                            .selectable_label(lang == current, lang.native_name())
                            .clicked()
                        {
                            app.act(Action::SetLang(lang));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        }
    });
}

fn left_panel(app: &mut LienketApp, ui: &mut Ui, tr: Tr) {
    ui.add_space(4.0);
    let label = ui.label(tr.get("search"));
    let mut text = app.search_text.clone();
    let response = ui.add(
        egui::TextEdit::singleline(&mut text)
            .layouter(&mut roomy_layouter)
            .hint_text(tr.get("search_hint").to_owned())
            .desired_width(ui.available_width()),
    );
    let response = response.labelled_by(label.id);
    if app.focus_search {
        response.request_focus();
        app.focus_search = false;
    }
    if response.changed() {
        app.act(Action::Search(text.clone()));
    }
    let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    if enter
        && !app.ime_composing
        && let Some(first) = app.hits.first().and_then(|h| h.entity.id)
    {
        app.act(Action::Open(first));
    }
    if response.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        app.act(Action::Search(String::new()));
    }

    ui.horizontal(|ui| {
        let label = ui.label(tr.get("kind_filter"));
        let lang = app.settings.lang;
        let selected = match &app.kind_filter {
            Some(k) => kind_label(&app.kinds, lang, k).to_owned(),
            None => tr.get("all_kinds").to_owned(),
        };
        let mut choice: Option<Option<String>> = None;
        egui::ComboBox::from_id_salt("kind_filter")
            .selected_text(selected)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(app.kind_filter.is_none(), tr.get("all_kinds"))
                    .clicked()
                {
                    choice = Some(None);
                }
                for k in &app.kinds {
                    let on = app.kind_filter.as_deref() == Some(k.name.as_str());
                    if ui
                        .selectable_label(on, kind_label(&app.kinds, lang, &k.name))
                        .clicked()
                    {
                        choice = Some(Some(k.name.clone()));
                    }
                }
            })
            .response
            .labelled_by(label.id);
        if let Some(c) = choice {
            app.act(Action::FilterKind(c));
        }
    });
    theme_filter(app, ui, tr);
    date_filter(app, ui, tr);
    let mut by_given = app.settings.people_by_given_name;
    if ui
        .checkbox(&mut by_given, tr.get("people_by_given_name"))
        .changed()
    {
        app.act(Action::PeopleByGivenName(by_given));
    }
    if let Some(f) = app.index_progress {
        ui.add(
            egui::ProgressBar::new(f)
                .text(tr.fmt("preparing_search", &[("pct", &format!("{:.0}", f * 100.0))])),
        );
    }
    ui.separator();

    let searching = !app.search_text.trim().is_empty();
    if searching {
        search_results(app, ui, tr);
        return;
    }
    let rows: Vec<EntityRef> = app
        .list
        .iter()
        .map(|r| EntityRef {
            id: Some(r.id),
            uid: r.uid.clone(),
            kind: r.kind.clone(),
            name: r.name.clone(),
            name_en: r.name_en.clone(),
        })
        .collect();
    if app.list_truncated {
        ui.label(RichText::new(tr.fmt("list_truncated", &[("n", &rows.len().to_string())])).weak());
    }
    let current = match app.page() {
        Page::Entity(id) => Some(id),
        Page::Home => None,
    };
    let row_height = ui
        .spacing()
        .interact_size
        .y
        .max(ui.text_style_height(&egui::TextStyle::Body) * 1.5);
    egui::ScrollArea::vertical()
        .id_salt("entity_list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, rows.len(), |ui, range| {
            for r in &rows[range] {
                ui.horizontal(|ui| {
                    ui.set_min_height(row_height);
                    kind_dot(ui, &r.kind);
                    let selected = r.id.is_some() && r.id == current;
                    let resp =
                        ui.add(egui::Button::selectable(selected, r.name.as_str()).truncate());
                    let resp = match &r.name_en {
                        Some(en) => resp.on_hover_text(en),
                        None => resp,
                    };
                    if resp.clicked()
                        && let Some(id) = r.id
                    {
                        app.act(Action::Open(id));
                    }
                });
            }
        });
}

/// The theme filter: a picker served by the search engine (themes only), or the chosen
/// theme with a button to drop it.
fn theme_filter(app: &mut LienketApp, ui: &mut Ui, tr: Tr) {
    let lang = app.settings.lang;
    ui.horizontal(|ui| {
        let label = ui.label(tr.get("theme_filter"));
        if let Some((_, name)) = app.filter.theme.clone() {
            kind_badge(ui, &app.kinds, lang, "theme");
            ui.label(RichText::new(name).strong());
            if ui
                .small_button("✖")
                .on_hover_text(tr.get("clear_filter"))
                .clicked()
            {
                app.act(Action::FilterTheme(None));
            }
            return;
        }
        let mut text = app.filter.theme_text.clone();
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut text)
                    .layouter(&mut roomy_layouter)
                    .hint_text(tr.get("theme_filter_hint").to_owned())
                    .desired_width(ui.available_width()),
            )
            .labelled_by(label.id);
        if r.changed() {
            app.act(Action::ThemeText(text));
        }
        if r.lost_focus()
            && ui.input(|i| i.key_pressed(egui::Key::Enter))
            && !app.ime_composing
            && let Some(h) = app.filter.theme_hits.first()
            && let Some(id) = h.entity.id
        {
            app.act(Action::FilterTheme(Some((id, h.entity.name.clone()))));
        }
    });
    if app.filter.theme.is_none() && !app.filter.theme_text.trim().is_empty() {
        let width = ui.available_width();
        for h in app.filter.theme_hits.clone() {
            ui.horizontal(|ui| {
                ui.add_space(12.0);
                kind_badge(ui, &app.kinds, lang, &h.entity.kind);
                let job = highlighted(ui, &h.entity.name, &h.highlight, width - 40.0);
                if ui
                    .add(egui::Button::selectable(false, job).truncate())
                    .clicked()
                    && let Some(id) = h.entity.id
                {
                    app.act(Action::FilterTheme(Some((id, h.entity.name.clone()))));
                }
            });
        }
    }
}

/// The date range filter (for events): two partial dates.
fn date_filter(app: &mut LienketApp, ui: &mut Ui, tr: Tr) {
    ui.horizontal(|ui| {
        let mut from = app.filter.from.clone();
        let mut to = app.filter.to.clone();
        let label = ui.label(tr.get("date_from"));
        let a = ui
            .add(
                egui::TextEdit::singleline(&mut from)
                    .layouter(&mut roomy_layouter)
                    .hint_text("…")
                    .desired_width(78.0),
            )
            .labelled_by(label.id)
            .on_hover_text(tr.get("date_hint"));
        let label = ui.label(tr.get("date_to"));
        let b = ui
            .add(
                egui::TextEdit::singleline(&mut to)
                    .layouter(&mut roomy_layouter)
                    .hint_text("…")
                    .desired_width(78.0),
            )
            .labelled_by(label.id)
            .on_hover_text(tr.get("date_hint"));
        if a.changed() || b.changed() {
            app.act(Action::FilterDates { from, to });
        }
    });
    if !FilterState::date_ok(&app.filter.from) || !FilterState::date_ok(&app.filter.to) {
        ui.label(RichText::new(tr.get("date_invalid")).color(ui.visuals().error_fg_color));
    }
}

/// The hits of the search box: kind, the name with what matched emphasised, and where
/// the entity sits. Rows have one height, so long lists are virtualised.
fn search_results(app: &mut LienketApp, ui: &mut Ui, tr: Tr) {
    let hits = app.hits.clone();
    let count = if hits.len() == 1 {
        tr.get("results_one").to_owned()
    } else {
        tr.fmt("results_count", &[("n", &hits.len().to_string())])
    };
    ui.label(RichText::new(count).weak());
    if let Some(reading) = &app.reading {
        ui.label(RichText::new(tr.fmt("searched_for", &[("q", reading)])).italics());
    }
    if hits.is_empty() {
        ui.label(tr.get("no_results"));
        return;
    }
    let current = match app.page() {
        Page::Entity(id) => Some(id),
        Page::Home => None,
    };
    let line = ui.text_style_height(&egui::TextStyle::Body);
    let row_height = ui.spacing().interact_size.y.max(line * 1.5) + line * 1.4;
    let lang = app.settings.lang;
    egui::ScrollArea::vertical()
        .id_salt("hit_list")
        .auto_shrink([false, false])
        .show_rows(ui, row_height, hits.len(), |ui, range| {
            for h in &hits[range] {
                hit_row(app, ui, tr, lang, h, current, row_height);
            }
        });
}

fn hit_row(
    app: &mut LienketApp,
    ui: &mut Ui,
    tr: Tr,
    lang: Lang,
    h: &Hit,
    current: Option<crate::model::EntityId>,
    row_height: f32,
) {
    ui.with_layout(egui::Layout::left_to_right(egui::Align::TOP), |ui| {
        ui.set_height(row_height);
        ui.vertical(|ui| {
            // In line with the name, whose button has padding.
            ui.add_space(ui.spacing().button_padding.y);
            kind_badge(ui, &app.kinds, lang, &h.entity.kind);
        });
        ui.vertical(|ui| {
            let width = ui.available_width();
            let selected = h.entity.id.is_some() && h.entity.id == current;
            let job = highlighted(ui, &h.entity.name, &h.highlight, width - 12.0);
            let resp = ui.add(egui::Button::selectable(selected, job).truncate());
            let resp = match &h.entity.name_en {
                Some(en) => resp.on_hover_text(en),
                None => resp,
            };
            if resp.clicked()
                && let Some(id) = h.entity.id
            {
                app.act(Action::Open(id));
            }
            let context = hit_context(tr, h);
            ui.horizontal(|ui| {
                ui.add_space(ui.spacing().button_padding.x);
                ui.add(egui::Label::new(RichText::new(context).weak()).truncate());
            });
        });
    });
}

/// Keys of the open palette, taken before any widget sees them: arrows move the
/// selection, Enter runs it (not while an input method is composing), Esc closes.
fn palette_keys(app: &mut LienketApp, ctx: &egui::Context) {
    if app.palette.is_none() {
        return;
    }
    let none = egui::Modifiers::NONE;
    let (up, down, enter, esc) = ctx.input_mut(|i| {
        (
            i.consume_key(none, egui::Key::ArrowUp),
            i.consume_key(none, egui::Key::ArrowDown),
            !app.ime_composing && i.consume_key(none, egui::Key::Enter),
            i.consume_key(none, egui::Key::Escape),
        )
    });
    if esc {
        app.act(Action::Palette(PaletteAction::Close));
    } else if enter {
        app.act(Action::Palette(PaletteAction::Activate));
    } else if up {
        app.act(Action::Palette(PaletteAction::Move(-1)));
    } else if down {
        app.act(Action::Palette(PaletteAction::Move(1)));
    }
}

/// The command palette (Ctrl+K, Ctrl+P): one field; the commands whose name matches, then
/// the entities found by the search engine, the selected line marked.
fn palette_ui(app: &mut LienketApp, ctx: &egui::Context, tr: Tr) {
    let Some(p) = app.palette.clone() else { return };
    let items = app.palette_items();
    let lang = app.settings.lang;
    let id = egui::Id::unique("command_palette");
    let modal = egui::Modal::new(id)
        .area(egui::Modal::default_area(id).anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 70.0)))
        .show(ctx, |ui| {
            ui.set_width(ctx.content_rect().width().min(620.0) - 40.0);
            let label = ui.label(RichText::new(tr.get("cmd_palette")).strong());
            let mut text = p.text.clone();
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut text)
                        .layouter(&mut roomy_layouter)
                        .hint_text(tr.get("palette_hint").to_owned())
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            r.request_focus();
            if r.changed() {
                app.act(Action::Palette(PaletteAction::Text(text)));
            }
            if let Some(reading) = &p.reading {
                ui.label(RichText::new(tr.fmt("searched_for", &[("q", reading)])).italics());
            }
            if items.is_empty() {
                ui.label(tr.get("no_results"));
                return;
            }
            ui.separator();
            egui::ScrollArea::vertical()
                .max_height(ctx.content_rect().height() * 0.6)
                .show(ui, |ui| {
                    let width = ui.available_width();
                    for (i, item) in items.iter().enumerate() {
                        let selected = i == p.selected;
                        let resp = match item {
                            PaletteItem::Command(c) => {
                                ui.horizontal(|ui| {
                                    ui.label(RichText::new("›").weak());
                                    let r = ui.add(egui::Button::selectable(
                                        selected,
                                        tr.get(c.label_key()),
                                    ));
                                    ui.label(RichText::new(c.shortcut_text(ctx)).weak());
                                    r
                                })
                                .inner
                            }
                            PaletteItem::Entity(h) => {
                                ui.horizontal(|ui| {
                                    kind_badge(ui, &app.kinds, lang, &h.entity.kind);
                                    let job =
                                        highlighted(ui, &h.entity.name, &h.highlight, width * 0.6);
                                    let r =
                                        ui.add(egui::Button::selectable(selected, job).truncate());
                                    let context = hit_context(tr, h);
                                    if !context.is_empty() {
                                        ui.add(
                                            egui::Label::new(RichText::new(context).weak())
                                                .truncate(),
                                        );
                                    }
                                    r
                                })
                                .inner
                            }
                        };
                        if selected {
                            resp.scroll_to_me(None);
                        }
                        if resp.clicked() {
                            let by = i as isize - p.selected as isize;
                            app.act(Action::Palette(PaletteAction::Move(by)));
                            app.act(Action::Palette(PaletteAction::Activate));
                        }
                    }
                });
        });
    if modal.backdrop_response.clicked() {
        app.act(Action::Palette(PaletteAction::Close));
    }
}

fn entity_link(app: &mut LienketApp, ui: &mut Ui, e: &EntityRef) -> egui::Response {
    kind_dot(ui, &e.kind);
    let resp = ui.link(&e.name);
    if resp.clicked()
        && let Some(id) = e.id
    {
        app.act(Action::Open(id));
    }
    resp
}

fn citation_lines(ui: &mut Ui, tr: Tr, citations: &[Citation]) {
    for c in citations {
        match &c.quote {
            Some(q) => {
                ui.label(RichText::new(format!("“{q}”")).italics());
                ui.label(RichText::new(format!("— {}", c.reference())).weak());
            }
            None => {
                ui.label(
                    RichText::new(tr.fmt("source_without_quote", &[("source", &c.reference())]))
                        .weak(),
                );
            }
        }
    }
}

fn home_view(app: &mut LienketApp, ui: &mut Ui, tr: Tr) {
    ui.heading(tr.get("home_title"));
    ui.label(tr.get("home_intro"));
    ui.add_space(8.0);
    let Some(home) = app.home.clone() else {
        ui.spinner();
        return;
    };
    let lang = app.settings.lang;
    egui::Grid::new("kind_counts")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            for k in &home.stats.kinds {
                ui.horizontal(|ui| {
                    kind_dot(ui, &k.kind);
                    ui.label(kind_label(&app.kinds, lang, &k.kind));
                });
                ui.label(k.count.to_string());
                ui.end_row();
            }
            ui.label(tr.get("relations"));
            ui.label(home.stats.relations.to_string());
            ui.end_row();
            ui.label(tr.get("citations"));
            ui.label(home.stats.citations.to_string());
            ui.end_row();
        });
    ui.add_space(12.0);
    ui.heading(tr.get("most_connected"));
    for (row, n) in &home.top {
        ui.horizontal(|ui| {
            let e = EntityRef {
                id: Some(row.id),
                uid: row.uid.clone(),
                kind: row.kind.clone(),
                name: row.name.clone(),
                name_en: row.name_en.clone(),
            };
            entity_link(app, ui, &e);
            ui.label(RichText::new(tr.fmt("relation_count", &[("n", &n.to_string())])).weak());
        });
    }
}

/// Groups longer than this get a scrolling, virtualised list of their own.
const LONG_GROUP: usize = 40;

fn entity_view(app: &mut LienketApp, ui: &mut Ui, tr: Tr, view: &EntityView) {
    let d = &view.detail;
    let e = &d.entity;
    let lang = app.settings.lang;
    ui.horizontal(|ui| {
        kind_dot(ui, &e.kind);
        ui.label(RichText::new(kind_label(&app.kinds, lang, &e.kind)).color(kind_color(&e.kind)));
    });
    ui.heading(RichText::new(&e.name).size(24.0));
    if let Some(en) = &e.name_en {
        ui.label(RichText::new(en).size(16.0).weak());
    }
    ui.add_space(6.0);
    let dates = format::date_range(tr, e.date_start.as_deref(), e.date_end.as_deref());
    let has_facts = !d.aliases.is_empty() || dates.is_some() || !e.properties.is_empty();
    if has_facts {
        egui::Grid::new("facts").num_columns(2).show(ui, |ui| {
            if !d.aliases.is_empty() {
                ui.label(RichText::new(tr.get("aliases")).strong());
                ui.label(d.aliases.join(" · "));
                ui.end_row();
            }
            if let Some(dates) = &dates {
                ui.label(RichText::new(tr.get("date")).strong());
                ui.label(dates);
                ui.end_row();
            }
            for (k, v) in &e.properties {
                let key = format!("prop_{k}");
                let name = tr.get(&key);
                let name = if name == key { k.as_str() } else { name };
                ui.label(RichText::new(name).strong());
                ui.label(
                    v.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string()),
                );
                ui.end_row();
            }
        });
    }
    if let Some(s) = &e.summary {
        ui.add_space(6.0);
        ui.label(s);
    }
    ui.add_space(10.0);
    ui.separator();
    if view.groups.is_empty() {
        ui.label(tr.get("no_relations"));
    }
    for (gi, g) in view.groups.iter().enumerate() {
        relation_group(app, ui, tr, gi, g);
    }
    sources_section(app, ui, tr, view);
}

fn relation_group(app: &mut LienketApp, ui: &mut Ui, tr: Tr, index: usize, g: &Group) {
    let label = match app.settings.lang {
        Lang::Vi => &g.label_vi,
        Lang::En => &g.label_en,
    };
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.label(RichText::new(label).strong().size(16.0));
        ui.label(RichText::new(format!("({})", g.items.len())).weak());
    });
    let long = g.items.len() > LONG_GROUP;
    let row = |app: &mut LienketApp, ui: &mut Ui, r: &crate::model::RelationView| {
        let contents = |ui: &mut Ui| {
            ui.add_space(12.0);
            let resp = entity_link(app, ui, &r.other);
            if !r.citations.is_empty() {
                resp.on_hover_ui(|ui| {
                    ui.label(RichText::new(tr.get("sources")).strong());
                    citation_lines(ui, tr, &r.citations);
                });
            }
            if let Some(role) = &r.role {
                ui.label(RichText::new(format!("· {role}")).italics());
            }
            if let Some(dates) =
                format::date_range(tr, r.date_start.as_deref(), r.date_end.as_deref())
            {
                ui.label(RichText::new(dates).weak());
            }
            if r.is_former() {
                ui.label(RichText::new(tr.get("former")).color(ui.visuals().warn_fg_color));
            }
            if r.citations.is_empty() && r.note.is_some() {
                ui.label(
                    RichText::new(format!("({})", r.note.as_deref().unwrap_or_default())).weak(),
                );
            }
        };
        // Rows of a virtualised list must keep one height; short lists may wrap.
        if long {
            ui.horizontal(contents);
        } else {
            ui.horizontal_wrapped(contents);
        }
    };
    if !long {
        for r in &g.items {
            row(app, ui, r);
        }
    } else {
        let h = ui
            .spacing()
            .interact_size
            .y
            .max(ui.text_style_height(&egui::TextStyle::Body) * 1.5);
        egui::ScrollArea::vertical()
            .id_salt(("group", index))
            .max_height(h * 12.0)
            .auto_shrink([false, true])
            .show_rows(ui, h, g.items.len(), |ui, range| {
                for r in &g.items[range] {
                    row(app, ui, r);
                }
            });
    }
}

fn sources_section(app: &mut LienketApp, ui: &mut Ui, tr: Tr, view: &EntityView) {
    // Every document cited for the entity or one of its relations, with its quotes.
    let mut by_doc: Vec<(EntityRef, Vec<String>)> = Vec::new();
    let all = view.detail.citations.iter().chain(
        view.detail
            .relations
            .iter()
            .flat_map(|r| r.citations.iter()),
    );
    for c in all {
        let entry = match by_doc.iter_mut().position(|(d, _)| d.uid == c.source.uid) {
            Some(i) => &mut by_doc[i],
            None => {
                by_doc.push((c.source.clone(), Vec::new()));
                let last = by_doc.len() - 1;
                &mut by_doc[last]
            }
        };
        if let Some(q) = &c.quote
            && !entry.1.contains(q)
        {
            entry.1.push(q.clone());
        }
    }
    if by_doc.is_empty() {
        return;
    }
    ui.add_space(12.0);
    ui.separator();
    ui.label(RichText::new(tr.get("sources")).strong().size(16.0));
    for (doc, quotes) in by_doc {
        ui.horizontal_wrapped(|ui| {
            entity_link(app, ui, &doc);
        });
        // Quotes wrap within the page, indented under their document.
        ui.indent(("quotes", &doc.uid), |ui| {
            for q in quotes {
                ui.label(RichText::new(format!("“{q}”")).italics());
            }
        });
    }
}

/// Preferences: the author name recorded on every edit (empty: the OS user).
fn preferences_dialog(app: &mut LienketApp, ctx: &egui::Context, tr: Tr) {
    let modal = egui::Modal::new(egui::Id::unique("preferences")).show(ctx, |ui| {
        ui.set_max_width(460.0);
        ui.heading(tr.get("preferences_title"));
        ui.add_space(6.0);
        let label = ui.label(tr.get("author_name"));
        let mut author = app.settings.author.clone();
        let field = ui
            .add(
                egui::TextEdit::singleline(&mut author)
                    .layouter(&mut roomy_layouter)
                    .hint_text(crate::store::default_author())
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if field.changed() {
            app.set_author(&author);
        }
        ui.label(RichText::new(tr.get("author_hint")).weak());
        ui.add_space(8.0);
        if ui.button(tr.get("close")).clicked() {
            app.preferences_open = false;
        }
    });
    if modal.should_close() {
        app.preferences_open = false;
    }
}

/// The dialog to open or create a file: after a failed open (`failed`: the file and the
/// message; it cannot be dismissed, there is nothing behind it), or on request when no
/// system file dialog exists (dismissable).
fn path_dialog(
    app: &mut LienketApp,
    ctx: &egui::Context,
    tr: Tr,
    failed: Option<(&std::path::Path, &str)>,
) {
    let modal = egui::Modal::new(egui::Id::unique("path_dialog")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        if let Some((path, message)) = failed {
            ui.heading(tr.get("open_failed_title"));
            ui.add_space(6.0);
            ui.label(message);
            ui.add_space(6.0);
            ui.label(RichText::new(tr.get("file_untouched")).weak());
            ui.add_space(10.0);
            ui.horizontal(|ui| {
                if ui.button(tr.get("open_other_file")).clicked() {
                    app.act(Action::Run(Command::OpenFile));
                }
                if ui.button(tr.get("create_new")).clicked() {
                    app.act(Action::Run(Command::NewFile));
                }
            });
            ui.add_space(8.0);
            if app.file_dialog.typed_path.is_empty() {
                app.file_dialog.typed_path = path.display().to_string();
            }
        } else {
            ui.heading(tr.get("path_dialog_title"));
            ui.add_space(6.0);
        }
        let label = ui.label(tr.get("typed_path"));
        ui.add(
            egui::TextEdit::singleline(&mut app.file_dialog.typed_path)
                .layouter(&mut roomy_layouter)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
        ui.horizontal(|ui| {
            let typed = std::path::PathBuf::from(app.file_dialog.typed_path.trim());
            if ui.button(tr.get("open_typed")).clicked() {
                app.act(Action::OpenFile(typed.clone()));
            }
            if ui.button(tr.get("create_typed")).clicked() {
                app.act(Action::CreateFile(typed));
            }
            if failed.is_none() && ui.button(tr.get("cancel")).clicked() {
                app.file_dialog.open = false;
            }
        });
    });
    if failed.is_none() && modal.should_close() {
        app.file_dialog.open = false;
    }
}
