//! The views. Each draws from the app's view models and queues [`Action`]s; none touches
//! the store.

use super::{Action, Db, EntityView, Group, LienketApp, Page};
use crate::i18n::{Lang, Tr};
use crate::model::{Citation, EntityRef, KindInfo};
use crate::store::OpenError;
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
    }
}

/// The whole window.
pub fn main_ui(app: &mut LienketApp, ui: &mut Ui) {
    let tr = app.tr();
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
    egui::Panel::left("browser")
        .resizable(true)
        .default_size(340.0)
        // At most 45 % of the window, so zooming in never squeezes the entity view out.
        .size_range(220.0..=(ui.available_width() * 0.45).max(220.0))
        .show(ui, |ui| left_panel(app, ui, tr));
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
    let mut by_given = app.settings.people_by_given_name;
    if ui
        .checkbox(&mut by_given, tr.get("people_by_given_name"))
        .changed()
    {
        app.act(Action::PeopleByGivenName(by_given));
    }
    ui.separator();

    let searching = !app.search_text.trim().is_empty();
    let rows: Vec<EntityRef> = if searching {
        app.hits.iter().map(|h| h.entity.clone()).collect()
    } else {
        app.list
            .iter()
            .map(|r| EntityRef {
                id: Some(r.id),
                uid: r.uid.clone(),
                kind: r.kind.clone(),
                name: r.name.clone(),
                name_en: r.name_en.clone(),
            })
            .collect()
    };
    if searching {
        let count = if rows.len() == 1 {
            tr.get("results_one").to_owned()
        } else {
            tr.fmt("results_count", &[("n", &rows.len().to_string())])
        };
        ui.label(RichText::new(count).weak());
    } else if app.list_truncated {
        ui.label(RichText::new(tr.fmt("list_truncated", &[("n", &rows.len().to_string())])).weak());
    }
    if searching && rows.is_empty() {
        ui.label(tr.get("no_results"));
        return;
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
                ui.label(RichText::new(format!("— {}", c.source.name)).weak());
            }
            None => {
                ui.label(
                    RichText::new(tr.fmt("source_without_quote", &[("source", &c.source.name)]))
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
        ui.horizontal(|ui| {
            entity_link(app, ui, &doc);
        });
        for q in quotes {
            ui.horizontal_wrapped(|ui| {
                ui.add_space(16.0);
                ui.label(RichText::new(format!("“{q}”")).italics());
            });
        }
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
