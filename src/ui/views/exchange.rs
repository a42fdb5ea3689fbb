//! The export dialog and the import wizard.

use super::ViewData;
use super::widgets::{kind_combo, labelled_line};
use crate::exchange::Format;
use crate::exchange::mapping::Target;
use crate::i18n::{Lang, Tr};
use crate::store::OnDuplicate;
use crate::ui::Action;
use crate::ui::exchange::{ExchangeEdit, ExportDialog, ImportWizard, Loaded};
use egui::{RichText, Ui};

fn push(actions: &mut Vec<Action>, edit: ExchangeEdit) {
    actions.push(Action::Exchange(edit));
}

/// The name of a format in the window.
fn format_key(f: Format) -> &'static str {
    match f {
        Format::Json => "format_json",
        Format::Markdown => "format_md",
        Format::Html => "format_html",
        Format::GraphMl => "format_graphml",
        Format::Gexf => "format_gexf",
        Format::Ris => "format_ris",
        Format::Csl => "format_csl",
        Format::Csv => "format_csv",
        Format::Xlsx => "format_xlsx",
    }
}

/// A labelled one-line path field; its response.
fn path_field(
    ui: &mut Ui,
    tr: Tr,
    value: &str,
    edit: fn(String) -> ExchangeEdit,
    actions: &mut Vec<Action>,
) -> egui::Response {
    let (r, changed) = labelled_line(ui, tr.get("exchange_path"), value, "", f32::INFINITY);
    if let Some(text) = changed {
        push(actions, edit(text));
    }
    r
}

/// The export's "what": the whole base, the entity shown with its neighbours (and saving
/// that choice under a name), or a saved selection.
fn what_to_export(ui: &mut Ui, tr: Tr, d: &ExportDialog, actions: &mut Vec<Action>) {
    if d.around.is_none() && d.saved.is_empty() {
        return;
    }
    let around = d.only_around && d.use_saved.is_none();
    ui.horizontal_wrapped(|ui| {
        if ui
            .radio(
                !d.only_around && d.use_saved.is_none(),
                tr.get("export_all"),
            )
            .clicked()
        {
            push(actions, ExchangeEdit::OnlyAround(false));
        }
        if let Some((_, name)) = &d.around
            && ui
                .radio(around, tr.fmt("export_around", &[("name", name)]))
                .clicked()
        {
            push(actions, ExchangeEdit::OnlyAround(true));
        }
        for s in &d.saved {
            let chosen = d.use_saved.as_ref() == Some(&s.name);
            if ui
                .radio(
                    chosen,
                    tr.fmt("export_saved_selection", &[("name", &s.name)]),
                )
                .clicked()
            {
                push(actions, ExchangeEdit::UseSaved(s.name.clone()));
            }
        }
    });
    if !around {
        return;
    }
    let mut depth = d.depth;
    if ui
        .add(egui::Slider::new(&mut depth, 0..=3).text(tr.get("export_depth")))
        .changed()
    {
        push(actions, ExchangeEdit::Depth(depth));
    }
    ui.horizontal(|ui| {
        let hint = tr.get("export_selection_hint");
        let (_, changed) = labelled_line(
            ui,
            tr.get("export_selection_name"),
            &d.save_name,
            hint,
            220.0,
        );
        if let Some(text) = changed {
            push(actions, ExchangeEdit::SaveName(text));
        }
        let button = ui.add_enabled(
            !d.save_name.trim().is_empty(),
            egui::Button::new(tr.get("export_selection_save")),
        );
        if button.clicked() {
            push(actions, ExchangeEdit::SaveSelection);
        }
    });
    if let Some(m) = &d.saved_message {
        ui.label(m);
    }
}

/// Export: format, what, private or not, the counts, where.
pub(super) fn export_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    d: &ExportDialog,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("export_dialog")).show(ctx, |ui| {
        ui.set_width(ctx.content_rect().width().min(620.0) - 60.0);
        ui.heading(tr.get("export_title"));
        ui.add_space(6.0);
        let l = ui.label(tr.get("export_format"));
        egui::ComboBox::from_id_salt("export_format")
            .selected_text(tr.get(format_key(d.format)))
            .width(320.0)
            .show_ui(ui, |ui| {
                for (f, _, _) in Format::ALL {
                    if ui
                        .selectable_label(d.format == f, tr.get(format_key(f)))
                        .clicked()
                    {
                        push(actions, ExchangeEdit::Format(f));
                    }
                }
            })
            .response
            .labelled_by(l.id);
        ui.add_space(4.0);
        what_to_export(ui, tr, d, actions);
        let mut private = d.include_private;
        if ui
            .checkbox(&mut private, tr.get("export_private"))
            .changed()
        {
            push(actions, ExchangeEdit::IncludePrivate(private));
        }
        if d.format == Format::Csv {
            let mut excel = d.for_excel;
            if ui
                .checkbox(&mut excel, tr.get("export_for_excel"))
                .changed()
            {
                push(actions, ExchangeEdit::ForExcel(excel));
            }
        }
        if let Some(c) = &d.counts {
            let n = |x: usize| crate::ui::format::number(tr, x);
            ui.label(tr.fmt(
                "export_counts",
                &[
                    ("entities", &n(c.entities)),
                    ("relations", &n(c.relations)),
                    ("citations", &n(c.citations)),
                    ("private_entities", &n(c.private_entities)),
                    ("private_properties", &n(c.private_properties)),
                ],
            ));
        }
        ui.add_space(4.0);
        let _ = path_field(ui, tr, &d.path, ExchangeEdit::ExportPath, actions);
        if let Some(e) = &d.error {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(tr.get("export_button")).clicked() {
                push(actions, ExchangeEdit::Export);
            }
            if ui.button(tr.get("cancel")).clicked() {
                push(actions, ExchangeEdit::Close);
            }
        });
    });
    if modal.should_close() {
        push(actions, ExchangeEdit::Close);
    }
}

/// What a column may be mapped to, with its name in the window.
fn targets(w: &ImportWizard, tr: Tr, lang: Lang) -> Vec<(Target, String)> {
    let mut out: Vec<(Target, String)> = [
        (Target::Ignore, "target_ignore"),
        (Target::Uid, "target_uid"),
        (Target::Name, "form_name"),
        (Target::NameEn, "form_name_en"),
        (Target::Kind, "kind_filter"),
        (Target::Summary, "form_summary"),
        (Target::Dates, "form_dates"),
        (Target::DateStart, "history_date_start"),
        (Target::DateEnd, "history_date_end"),
        (Target::Aliases, "aliases"),
        (Target::Private, "form_private"),
        (Target::PrivateProperties, "history_private_properties"),
    ]
    .into_iter()
    .map(|(t, key)| (t, tr.get(key).to_owned()))
    .collect();
    for key in ["website", "phone", "email", "address", "note"] {
        out.push((
            Target::Property(key.into()),
            tr.get(&format!("prop_{key}")).to_owned(),
        ));
    }
    for p in &w.predicates {
        let label = match lang {
            Lang::Vi => &p.label_vi,
            Lang::En => &p.label_en,
        };
        out.push((
            Target::Relation(p.name.clone()),
            tr.fmt("target_relation", &[("label", label)]),
        ));
    }
    for (t, key) in [
        (Target::Subject, "target_subject"),
        (Target::Predicate, "target_predicate"),
        (Target::Object, "target_object"),
        (Target::Role, "relate_role"),
        (Target::Note, "target_relation_note"),
    ] {
        out.push((t, tr.get(key).to_owned()));
    }
    out
}

/// Import: the file, its columns, what to do with entities already there, the preview.
pub(super) fn import_dialog(
    ctx: &egui::Context,
    data: &ViewData,
    w: &ImportWizard,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let modal = egui::Modal::new(egui::Id::unique("import_dialog")).show(ctx, |ui| {
        ui.set_width(ctx.content_rect().width().min(760.0) - 60.0);
        ui.heading(tr.get("import_title"));
        ui.label(RichText::new(tr.get("import_hint")).weak());
        ui.add_space(6.0);
        let field = path_field(ui, tr, &w.path, ExchangeEdit::ImportPath, actions);
        if w.focus {
            field.request_focus();
            push(actions, ExchangeEdit::Focused);
        }
        let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.horizontal(|ui| {
            if ui.button(tr.get("import_read")).clicked() || enter {
                push(actions, ExchangeEdit::Read);
            }
            if ui.button(tr.get("browse")).clicked() {
                push(actions, ExchangeEdit::Browse);
            }
        });
        // A sheet's header row can be chosen also after a failed read (a title above it).
        let path = w.path.trim().to_lowercase();
        let sheet_file = !path.ends_with(".json") && !path.ends_with(".graphml");
        if matches!(w.loaded, Some(Loaded::Sheet(..)))
            || !w.sheets.is_empty()
            || (sheet_file && w.message.is_some())
        {
            sheet_choice(ui, tr, w, actions);
        }
        if let Some(m) = &w.message {
            ui.label(RichText::new(m).color(ui.visuals().warn_fg_color));
        }
        if let Some((legacy, before, after)) = &w.legacy {
            ui.label(tr.fmt(
                "import_legacy_sample",
                &[("before", before), ("after", after)],
            ));
            if ui
                .button(tr.fmt("import_convert", &[("encoding", legacy.name())]))
                .clicked()
            {
                push(actions, ExchangeEdit::Convert(*legacy));
            }
        }
        egui::ScrollArea::vertical()
            .max_height(ctx.content_rect().height() * 0.55)
            .show(ui, |ui| {
                if let Some(Loaded::Sheet(sheet, mapping, _)) = &w.loaded {
                    columns(ui, data, w, sheet, mapping, actions);
                }
                if let Some(Loaded::Document(doc)) = &w.loaded {
                    ui.label(tr.fmt(
                        "import_document",
                        &[
                            (
                                "entities",
                                &crate::ui::format::number(tr, doc.entities.len()),
                            ),
                            (
                                "relations",
                                &crate::ui::format::number(tr, doc.relations.len()),
                            ),
                        ],
                    ));
                }
                if w.loaded.is_some() {
                    ui.add_space(6.0);
                    ui.horizontal(|ui| {
                        ui.label(tr.get("import_on_duplicate"));
                        for (policy, key) in [
                            (OnDuplicate::Skip, "dup_skip"),
                            (OnDuplicate::Update, "dup_update"),
                            (OnDuplicate::Fill, "dup_fill"),
                        ] {
                            if ui.radio(w.on_duplicate == policy, tr.get(key)).clicked() {
                                push(actions, ExchangeEdit::OnDuplicate(policy));
                            }
                        }
                    });
                }
                if let Some((report, first)) = &w.preview {
                    preview(ui, data, report, first, actions);
                }
            });
        ui.add_space(6.0);
        if let Some(f) = w.running {
            // Under way on the worker: how far, and a way to stop with nothing written.
            ui.horizontal(|ui| {
                ui.add(
                    egui::ProgressBar::new(f)
                        .desired_width(300.0)
                        .text(tr.get("import_running")),
                );
                if ui.button(tr.get("import_stop")).clicked() {
                    push(actions, ExchangeEdit::Cancel);
                }
            });
            ctx.request_repaint();
        } else {
            ui.horizontal(|ui| {
                if w.loaded.is_some() && ui.button(tr.get("import_preview")).clicked() {
                    push(actions, ExchangeEdit::Preview);
                }
                let ready = w
                    .preview
                    .as_ref()
                    .is_some_and(|(r, _)| r.problems.is_empty());
                if ui
                    .add_enabled(ready, egui::Button::new(tr.get("import_button")))
                    .on_disabled_hover_text(tr.get("import_preview_first"))
                    .clicked()
                {
                    push(actions, ExchangeEdit::Import);
                }
                if ui.button(tr.get("cancel")).clicked() {
                    push(actions, ExchangeEdit::Close);
                }
            });
        }
    });
    // Only Escape closes it: a click beside the wizard keeps what was chosen in it.
    if modal.should_close() && ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
        push(actions, ExchangeEdit::Close);
    }
}

/// A workbook's sheet, and the row a sheet's column names are on.
fn sheet_choice(ui: &mut Ui, tr: Tr, w: &ImportWizard, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        if !w.sheets.is_empty() {
            let l = ui.label(tr.get("import_sheet"));
            let current = w.sheet.clone().unwrap_or_else(|| w.sheets[0].clone());
            egui::ComboBox::from_id_salt("import_sheet")
                .selected_text(&current)
                .show_ui(ui, |ui| {
                    for name in &w.sheets {
                        if ui.selectable_label(*name == current, name).clicked() {
                            push(actions, ExchangeEdit::Sheet(name.clone()));
                        }
                    }
                })
                .response
                .labelled_by(l.id);
        }
        let l = ui.label(tr.get("import_header_row"));
        let mut row = w.header.map_or(0, |h| h + 1);
        let r = ui
            .add(
                egui::DragValue::new(&mut row)
                    .range(0..=1000)
                    .custom_formatter(|n, _| {
                        if n == 0.0 {
                            tr.get("import_header_auto").to_owned()
                        } else {
                            format!("{n}")
                        }
                    }),
            )
            .labelled_by(l.id);
        if r.changed() && row > 0 {
            push(actions, ExchangeEdit::HeaderRow(row));
        }
    });
}

/// Each column: its header, two sample cells, and what it is mapped to.
fn columns(
    ui: &mut Ui,
    data: &ViewData,
    w: &ImportWizard,
    sheet: &crate::exchange::table::Table,
    mapping: &crate::exchange::mapping::Mapping,
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let lang = data.settings.lang;
    let choices = targets(w, tr, lang);
    let label_of = |t: &Target| {
        choices
            .iter()
            .find(|(c, _)| c == t)
            .map_or_else(|| format!("{t:?}"), |(_, l)| l.clone())
    };
    egui::Grid::new("import_columns")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            ui.label(RichText::new(tr.get("import_column")).strong());
            ui.label(RichText::new(tr.get("import_sample")).strong());
            ui.label(RichText::new(tr.get("import_maps_to")).strong());
            ui.end_row();
            for (i, header) in sheet.headers.iter().enumerate() {
                let l = ui.label(header);
                let sample: Vec<&str> = sheet
                    .rows
                    .iter()
                    .take(2)
                    .filter_map(|r| r.get(i).map(String::as_str))
                    .collect();
                ui.label(RichText::new(sample.join(" · ")).weak());
                let current = mapping.columns.get(i).cloned().unwrap_or(Target::Ignore);
                egui::ComboBox::from_id_salt(("import_column", i))
                    .selected_text(label_of(&current))
                    .width(240.0)
                    .show_ui(ui, |ui| {
                        for (t, label) in &choices {
                            if ui.selectable_label(*t == current, label).clicked() {
                                push(actions, ExchangeEdit::Column(i, t.clone()));
                            }
                        }
                    })
                    .response
                    .labelled_by(l.id);
                ui.end_row();
            }
        });
    if !mapping.is_relations() {
        ui.horizontal(|ui| {
            let l = ui.label(tr.get("import_default_kind"));
            if let Some(kind) = kind_combo(ui, data, "import_kind", &mapping.kind, l.id) {
                push(actions, ExchangeEdit::Kind(kind));
            }
        });
    }
    if ui.button(tr.get("import_save_mapping")).clicked() {
        push(actions, ExchangeEdit::SaveMapping);
    }
}

/// The preview: counts, the first rows as stored, every problem.
fn preview(
    ui: &mut Ui,
    data: &ViewData,
    report: &crate::store::ImportReport,
    first: &[String],
    actions: &mut Vec<Action>,
) {
    let tr = data.tr();
    let n = |x: usize| crate::ui::format::number(tr, x);
    ui.separator();
    ui.label(tr.fmt(
        "import_counts",
        &[
            ("new", &n(report.new_entities)),
            ("matching", &n(report.matching_entities)),
            ("changed", &n(report.changed_entities)),
            ("relations", &n(report.new_relations)),
            ("citations", &n(report.new_citations)),
            ("aliases", &n(report.new_aliases)),
        ],
    ));
    if !first.is_empty() {
        ui.label(RichText::new(tr.get("import_first_rows")).strong());
        for line in first {
            ui.label(line);
        }
    }
    if !report.overwrites.is_empty() {
        ui.label(RichText::new(tr.get("import_overwrites")).strong());
        for o in report.overwrites.iter().take(100) {
            ui.label(tr.fmt(
                "import_overwrite",
                &[
                    ("entity", &o.entity),
                    ("field", &crate::ui::history::column_label(tr, o.field)),
                    (
                        "before",
                        if o.before.is_empty() {
                            "∅"
                        } else {
                            &o.before
                        },
                    ),
                    ("after", &o.after),
                ],
            ));
        }
    }
    if report.problems.is_empty() {
        ui.label(tr.get("import_no_problems"));
    } else {
        ui.label(
            RichText::new(tr.fmt("import_problems", &[("n", &n(report.problems.len()))]))
                .color(ui.visuals().error_fg_color),
        );
        for p in report.problems.iter().take(100) {
            ui.label(crate::ui::exchange::problem_line(tr, p));
        }
        if ui.button(tr.get("import_save_problems")).clicked() {
            push(actions, ExchangeEdit::SaveProblems);
        }
    }
}
