//! Small pieces the views share: kind colours and icons, highlighted names, links,
//! citation lines, roomy text fields, and the translated open errors.

use super::ViewData;
use crate::i18n::{Lang, Tr};
use crate::model::{Citation, EntityId, KindInfo};
use crate::store::search::Hit;
use crate::store::{OpenError, StoreError};
use crate::ui::Action;
use crate::ui::format;
use crate::ui::look::kind_color;
use egui::{Color32, RichText, Ui};

/// Lays out a single-line text field with room above and below the font's own line, so
/// stacked Vietnamese capitals (Ấ, Ỗ, Ẫ) are not clipped: a `TextEdit` clips its text to
/// the row, and those marks rise above the font's ascent.
pub(super) fn roomy_layouter(
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

/// The icon of a kind, its name on hover.
pub(super) fn kind_badge(ui: &mut Ui, kinds: &[KindInfo], lang: Lang, kind: &str) {
    let colour = crate::ui::look::kind_colour_of(kinds, kind, ui.visuals().dark_mode);
    ui.label(RichText::new(kind_icon(kind)).color(colour))
        .on_hover_text(kind_label(kinds, lang, kind));
}

/// `text` as one line with the byte ranges `marks` emphasised: what a search matched,
/// shown on the name as stored even when the query had no diacritics.
pub(super) fn highlighted(
    ui: &Ui,
    text: &str,
    marks: &[(usize, usize)],
    width: f32,
) -> egui::text::LayoutJob {
    use egui::text::{LayoutJob, TextFormat};
    let font = egui::TextStyle::Body.resolve(ui.style());
    let normal = TextFormat {
        font_id: font.clone(),
        color: Color32::PLACEHOLDER,
        ..Default::default()
    };
    // An amber marker, as on paper: readable on a selected (blue) row too.
    let marker = crate::ui::look::marker(ui.visuals().dark_mode);
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
pub(super) fn hit_context(tr: Tr, h: &Hit) -> String {
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

/// The tooltip of a name that may be cut off: the whole name, its English name in the
/// English interface, and its context.
pub(super) fn full_name(
    data: &crate::ui::ViewData,
    name: &str,
    name_en: Option<&str>,
    context: Option<&str>,
) -> String {
    let mut out = name.to_owned();
    if data.settings.lang == crate::i18n::Lang::En
        && let Some(en) = name_en
    {
        out = format!("{en}\n{name}");
    }
    if let Some(c) = context {
        out.push('\n');
        out.push_str(c);
    }
    out
}

/// The label of a kind in the interface language.
pub(super) fn kind_label<'a>(kinds: &'a [KindInfo], lang: Lang, kind: &'a str) -> &'a str {
    kinds
        .iter()
        .find(|k| k.name == kind)
        .map(|k| match lang {
            Lang::Vi => k.label_vi.as_str(),
            Lang::En => k.label_en.as_str(),
        })
        .unwrap_or(kind)
}

/// The dot of a kind's colour.
pub(super) fn kind_dot(ui: &mut Ui, kind: &str) {
    let size = ui.text_style_height(&egui::TextStyle::Body) * 0.55;
    let (rect, _) = ui.allocate_exact_size(egui::vec2(size, size), egui::Sense::hover());
    ui.painter().circle_filled(
        rect.center(),
        size / 2.0,
        kind_color(kind, ui.visuals().dark_mode),
    );
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
        OpenError::Database { path: p, detail } => {
            tr.fmt("err_io", &[("path", &path(p)), ("detail", detail)])
        }
        OpenError::Migration { path: p, detail } => {
            tr.fmt("err_migration", &[("path", &path(p)), ("detail", detail)])
        }
        OpenError::PathTooLong {
            path: p, max_path, ..
        } => tr.fmt(
            "err_path_too_long",
            &[("path", &path(p)), ("max", &max_path.to_string())],
        ),
    }
}

/// A translated message for a failed copy or restore: the open errors and the copy's own
/// refusals in the interface language, anything else as the store says it.
pub fn store_error_message(tr: Tr, e: &StoreError) -> String {
    let path = |p: &std::path::Path| p.display().to_string();
    match e {
        StoreError::Open(e) => open_error_message(tr, e),
        StoreError::SameFile(p) => tr.fmt("err_same_file", &[("path", &path(p))]),
        StoreError::InUse(p) => tr.fmt("err_in_use", &[("path", &path(p))]),
        StoreError::Io { path: p, source } => tr.fmt(
            "err_io",
            &[("path", &path(p)), ("detail", &source.to_string())],
        ),
        StoreError::Rule(rule) => rule.message(tr.0),
        StoreError::ReadOnly => tr.get("read_only_no_edit").to_owned(),
        StoreError::NothingTo("undo") => tr.get("nothing_to_undo").to_owned(),
        StoreError::NothingTo(_) => tr.get("nothing_to_redo").to_owned(),
        StoreError::Vocabulary => tr.get("undo_vocabulary").to_owned(),
        StoreError::BuiltIn => tr.get("undo_builtin").to_owned(),
        StoreError::Locked => tr.get("err_locked_write").to_owned(),
        StoreError::Conflict(edits) => tr.fmt(
            "undo_conflict",
            &[(
                "edits",
                &edits
                    .iter()
                    .map(|e| format!("#{} {}", e.id, e.description))
                    .collect::<Vec<_>>()
                    .join("; "),
            )],
        ),
        StoreError::TooManyChanges { rows, most } => tr.fmt(
            "sharing_too_many",
            &[("rows", &rows.to_string()), ("most", &most.to_string())],
        ),
        other => other.to_string(),
    }
}

/// A link to an entity, after its kind's dot; a click opens it.
pub(super) fn entity_link(
    ui: &mut Ui,
    kind: &str,
    name: &str,
    id: Option<EntityId>,
    actions: &mut Vec<Action>,
) -> egui::Response {
    kind_dot(ui, kind);
    let resp = ui.link(name);
    if resp.clicked()
        && let Some(id) = id
    {
        actions.push(Action::Open(id));
    }
    resp
}

/// The sources of a relation: each quote and where it is from.
pub(super) fn citation_lines(ui: &mut Ui, tr: Tr, citations: &[Citation]) {
    for c in citations {
        if let Some(level) = c.confidence {
            let level = tr.get(super::relate::confidence_key(level));
            ui.label(RichText::new(tr.fmt("confidence_shown", &[("level", level)])).weak());
        }
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

/// A form's last row: Save and Cancel; once Cancel was pressed with changes unsaved,
/// whether to drop them instead.
pub(super) fn form_buttons(
    ui: &mut Ui,
    data: &ViewData,
    save: Action,
    close: Action,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    ui.horizontal(|ui| {
        if data.discard_asked {
            ui.label(RichText::new(tr.get("discard_question")).strong());
            if ui
                .button(RichText::new(tr.get("discard")).color(ui.visuals().error_fg_color))
                .clicked()
            {
                actions.push(Action::DiscardChanges);
            }
            if ui.button(tr.get("keep_editing")).clicked() {
                actions.push(Action::KeepEditing);
            }
        } else {
            if ui.button(tr.get("save")).clicked() {
                actions.push(save);
            }
            if ui.button(tr.get("cancel")).clicked() {
                actions.push(close);
            }
        }
    });
}

/// A list of the kinds, labelled by `label`, showing `current`; the kind picked, if one
/// was.
pub(super) fn kind_combo(
    ui: &mut Ui,
    data: &ViewData,
    id_salt: &str,
    current: &str,
    label: egui::Id,
) -> Option<String> {
    let lang = data.settings.lang;
    let mut picked = None;
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(kind_label(&data.kinds, lang, current))
        .show_ui(ui, |ui| {
            for k in &data.kinds {
                let text = kind_label(&data.kinds, lang, &k.name);
                if ui.selectable_label(current == k.name, text).clicked() {
                    picked = Some(k.name.clone());
                }
            }
        })
        .response
        .labelled_by(label);
    picked
}

/// A one-line text field after its label (which names it for screen readers), `width`
/// wide, with a `hint` when empty: its response, and the text when it changed.
pub(super) fn labelled_line(
    ui: &mut Ui,
    label: &str,
    value: &str,
    hint: &str,
    width: f32,
) -> (egui::Response, Option<String>) {
    let l = ui.label(label);
    let mut text = value.to_owned();
    let r = ui
        .add(
            egui::TextEdit::singleline(&mut text)
                .layouter(&mut roomy_layouter)
                .hint_text(hint)
                .desired_width(width),
        )
        .labelled_by(l.id);
    let changed = r.changed().then_some(text);
    (r, changed)
}
