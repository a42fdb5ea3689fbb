//! The "share with colleagues" page: my changes written to a file for a colleague; a
//! colleague's file read and previewed (counts, each row it changes, each conflict side by
//! side — base, mine, theirs — with a choice) and taken; the shared folder; the activity
//! list (who changed what, from which copy, when).

use super::ViewData;
use super::widgets::labelled_line;
use crate::i18n::Tr;
use crate::sync::{Action as RowAction, ConflictKind, Item};
use crate::ui::Action;
use crate::ui::sharing::{Incoming, Pick, SharingEdit, SharingField, SharingPage, shown};
use egui::{RichText, Ui};

fn push(actions: &mut Vec<Action>, edit: SharingEdit) {
    actions.push(Action::Sharing(edit));
}

/// The page.
pub(super) fn sharing_ui(ui: &mut Ui, data: &ViewData, actions: &mut Vec<Action>) {
    let Some(page) = &data.sharing else {
        return;
    };
    let tr = data.tr();
    egui::ScrollArea::vertical()
        .id_salt("sharing_page")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.heading(tr.get("sharing_heading"));
            ui.label(RichText::new(tr.get("sharing_intro")).weak());
            if let Some(m) = &page.message {
                ui.label(RichText::new(m).color(ui.visuals().hyperlink_color));
            }
            if let Some(e) = &page.error {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            ui.add_space(6.0);
            if !data.read_only {
                write_section(ui, tr, page, actions);
                ui.separator();
                take_section(ui, tr, page, actions);
                ui.separator();
                folder_section(ui, tr, page, actions);
                ui.separator();
            }
            activity_section(ui, tr, page);
        });
}

fn path_line(
    ui: &mut Ui,
    tr: Tr,
    field: SharingField,
    value: &str,
    label: &str,
    actions: &mut Vec<Action>,
) {
    ui.horizontal(|ui| {
        let (_, changed) = labelled_line(ui, tr.get(label), value, "", FIELD_WIDTH);
        if let Some(text) = changed {
            push(actions, SharingEdit::Field(field, text));
        }
        if ui.button(tr.get("sharing_browse")).clicked() {
            push(actions, SharingEdit::Browse(field));
        }
    });
}

/// Width of the page's text fields.
const FIELD_WIDTH: f32 = 460.0;

/// Share my changes: for whom, since when, private data, where.
fn write_section(ui: &mut Ui, tr: Tr, page: &SharingPage, actions: &mut Vec<Action>) {
    ui.horizontal(|ui| {
        let (_, changed) = labelled_line(
            ui,
            tr.get("sharing_copy_name"),
            &page.copy_name,
            "",
            FIELD_WIDTH,
        );
        if let Some(text) = changed {
            push(actions, SharingEdit::Field(SharingField::CopyName, text));
        }
        if ui.button(tr.get("sharing_rename")).clicked() {
            push(actions, SharingEdit::Rename);
        }
    });
    ui.label(RichText::new(tr.get("sharing_write_heading")).strong());
    ui.label(RichText::new(tr.get("sharing_write_hint")).weak());
    for (field, value, label, hint) in [
        (
            SharingField::Peer,
            &page.peer,
            "sharing_peer",
            "sharing_peer_hint",
        ),
        (
            SharingField::Since,
            &page.since,
            "sharing_since",
            "sharing_since_hint",
        ),
    ] {
        ui.horizontal(|ui| {
            let (_, changed) = labelled_line(ui, tr.get(label), value, "", FIELD_WIDTH);
            if let Some(text) = changed {
                push(actions, SharingEdit::Field(field, text));
            }
            ui.label(RichText::new(tr.get(hint)).weak());
        });
    }
    path_line(
        ui,
        tr,
        SharingField::OutFolder,
        &page.out_folder,
        "sharing_out_folder",
        actions,
    );
    let mut include = page.include_private;
    if ui
        .checkbox(&mut include, tr.get("sharing_include_private"))
        .changed()
    {
        push(actions, SharingEdit::IncludePrivate(include));
    }
    let write = ui.add_enabled(
        !page.out_folder.trim().is_empty(),
        egui::Button::new(tr.get("sharing_write")),
    );
    if write.clicked() {
        push(actions, SharingEdit::Write);
    }
}

/// Take a colleague's changes: the file, then its preview.
fn take_section(ui: &mut Ui, tr: Tr, page: &SharingPage, actions: &mut Vec<Action>) {
    ui.label(RichText::new(tr.get("sharing_take_heading")).strong());
    path_line(
        ui,
        tr,
        SharingField::InPath,
        &page.in_path,
        "sharing_in_path",
        actions,
    );
    let read = ui.add_enabled(
        !page.in_path.trim().is_empty(),
        egui::Button::new(tr.get("sharing_read")),
    );
    if read.clicked() {
        push(actions, SharingEdit::Read);
    }
    if let Some(incoming) = &page.incoming {
        preview(ui, tr, incoming, page.taking, actions);
    }
}

/// Counts, each change, each conflict with its choice, and Take.
fn preview(ui: &mut Ui, tr: Tr, incoming: &Incoming, taking: bool, actions: &mut Vec<Action>) {
    let c = incoming.preview.counts();
    ui.add_space(4.0);
    ui.label(
        RichText::new(tr.fmt(
            "sharing_from",
            &[
                ("name", &incoming.file.copy_name),
                ("edits", &incoming.file.edits.len().to_string()),
            ],
        ))
        .strong(),
    );
    ui.label(tr.fmt(
        "sharing_counts",
        &[
            ("new", &c.new.to_string()),
            ("changed", &c.changed.to_string()),
            ("deleted", &c.deleted.to_string()),
            ("merged", &c.merged.to_string()),
            ("conflicts", &c.conflicts.to_string()),
            ("missing", &c.missing.to_string()),
            ("unchanged", &c.unchanged.to_string()),
        ],
    ));
    if incoming.preview.taken_before {
        ui.label(RichText::new(tr.get("sharing_taken_before")).weak());
    }
    egui::CollapsingHeader::new(tr.get("sharing_changes"))
        .default_open(c.new + c.changed + c.deleted + c.merged + c.missing < 50)
        .show(ui, |ui| {
            for (i, item) in incoming.preview.items.iter().enumerate() {
                change_line(ui, tr, item, &incoming.labels[i]);
            }
        });
    for (i, item) in incoming.preview.items.iter().enumerate() {
        if matches!(item.action, RowAction::Conflict { .. }) {
            conflict(ui, tr, incoming, i, item, actions);
        }
    }
    ui.horizontal(|ui| {
        let unsettled = incoming.unsettled();
        let take = ui.add_enabled(!taking, egui::Button::new(tr.get("sharing_take")));
        if take.clicked() {
            push(actions, SharingEdit::Take);
        }
        if taking {
            ui.spinner();
        }
        if ui.button(tr.get("sharing_discard")).clicked() {
            push(actions, SharingEdit::Discard);
        }
        if unsettled > 0 {
            ui.label(
                RichText::new(tr.fmt("sharing_unsettled", &[("count", &unsettled.to_string())]))
                    .color(ui.visuals().warn_fg_color),
            );
        }
    });
}

/// A column's name for people (the column itself when it has none).
fn field_label(tr: Tr, field: &str) -> String {
    let key = format!("sharing_field_{field}");
    match tr.get(&key) {
        missing if missing == key => field.to_owned(),
        label => label.to_owned(),
    }
}

fn table_label(tr: Tr, table: &str) -> String {
    tr.get(&format!("sharing_table_{table}")).to_owned()
}

fn labels(tr: Tr, fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| field_label(tr, f))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One row of the file: what taking it does.
fn change_line(ui: &mut Ui, tr: Tr, item: &Item, label: &str) {
    let (key, detail) = match &item.action {
        RowAction::Have | RowAction::Same | RowAction::Conflict { .. } => return,
        RowAction::Insert => ("sharing_new", String::new()),
        RowAction::Update { fields, .. } => ("sharing_changed", labels(tr, fields)),
        RowAction::Merge { fields, .. } => ("sharing_merged", labels(tr, fields)),
        RowAction::Delete { dependents } => (
            "sharing_deleted",
            if dependents.is_empty() {
                String::new()
            } else {
                tr.fmt(
                    "sharing_dependents",
                    &[("count", &dependents.len().to_string())],
                )
            },
        ),
        RowAction::Twin { .. } => ("sharing_twin", String::new()),
        RowAction::Missing { .. } => ("sharing_missing", String::new()),
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr.get(key)).strong());
        ui.label(format!("{} · {label}", table_label(tr, &item.theirs.table)));
        if !detail.is_empty() {
            ui.label(RichText::new(detail).weak());
        }
    });
}

/// A conflict: what happened on each side, the fields side by side, the choice.
fn conflict(
    ui: &mut Ui,
    tr: Tr,
    incoming: &Incoming,
    i: usize,
    item: &Item,
    actions: &mut Vec<Action>,
) {
    let RowAction::Conflict { kind, fields, .. } = &item.action else {
        return;
    };
    let frame = egui::Frame::group(ui.style());
    frame.show(ui, |ui| {
        let title = format!(
            "{} · {}",
            table_label(tr, &item.theirs.table),
            incoming.labels[i]
        );
        ui.label(RichText::new(title).strong());
        let what = match kind {
            ConflictKind::SameField => tr.get("sharing_conflict_fields").to_owned(),
            ConflictKind::DeletedHere => tr.get("sharing_conflict_deleted_here").to_owned(),
            ConflictKind::MergedHere(into) => {
                tr.fmt("sharing_conflict_merged_here", &[("name", into)])
            }
            ConflictKind::DeletedThere(dependents) => tr.fmt(
                "sharing_conflict_deleted_there",
                &[("count", &dependents.len().to_string())],
            ),
        };
        ui.label(what);
        let pick = incoming.picks.get(&i).copied();
        for f in fields {
            ui.label(RichText::new(field_label(tr, f)).strong());
            for (key, image) in [
                ("sharing_base", item.theirs.base.as_ref()),
                ("sharing_mine", item.mine.as_ref()),
                ("sharing_theirs", item.theirs.image.as_ref()),
            ] {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("{}:", tr.get(key))).weak());
                    ui.label(shown(image, f));
                });
            }
        }
        ui.horizontal(|ui| {
            let mut choice = |ui: &mut Ui, p: Pick, key: &str| {
                if ui.radio(pick == Some(p), tr.get(key)).clicked() {
                    push(actions, SharingEdit::Pick(i, p));
                }
            };
            choice(ui, Pick::Mine, "sharing_keep_mine");
            choice(ui, Pick::Theirs, "sharing_take_theirs");
            if !fields.is_empty() {
                choice(ui, Pick::Edit, "sharing_edit");
            }
        });
        if pick == Some(Pick::Edit) {
            for f in fields {
                let value = incoming
                    .edited
                    .get(&i)
                    .and_then(|e| e.get(f))
                    .cloned()
                    .unwrap_or_else(|| shown(item.mine.as_ref(), f));
                ui.horizontal(|ui| {
                    let (_, changed) =
                        labelled_line(ui, &field_label(tr, f), &value, "", FIELD_WIDTH);
                    if let Some(text) = changed {
                        push(actions, SharingEdit::EditField(i, f.clone(), text));
                    }
                });
            }
        }
    });
}

/// The shared folder: which, use or stop, check now, files waiting for choices.
fn folder_section(ui: &mut Ui, tr: Tr, page: &SharingPage, actions: &mut Vec<Action>) {
    ui.label(RichText::new(tr.get("sharing_folder_heading")).strong());
    ui.label(RichText::new(tr.get("sharing_folder_hint")).weak());
    path_line(
        ui,
        tr,
        SharingField::Folder,
        &page.folder,
        "sharing_folder",
        actions,
    );
    ui.horizontal(|ui| {
        if ui.button(tr.get("sharing_use_folder")).clicked() {
            push(actions, SharingEdit::UseFolder);
        }
        if page.folder_in_use.is_some() {
            if ui.button(tr.get("sharing_check_folder")).clicked() {
                push(actions, SharingEdit::CheckFolder);
            }
            if ui.button(tr.get("sharing_stop_folder")).clicked() {
                push(actions, SharingEdit::StopFolder);
            }
        }
    });
    match &page.folder_in_use {
        Some(f) => ui.label(tr.fmt(
            "sharing_folder_in_use",
            &[("path", &f.display().to_string())],
        )),
        None => ui.label(RichText::new(tr.get("sharing_no_folder")).weak()),
    };
    for path in &page.waiting {
        ui.horizontal(|ui| {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            ui.label(tr.fmt("sharing_waiting", &[("name", &name)]));
            if ui.button(tr.get("sharing_open_waiting")).clicked() {
                push(actions, SharingEdit::OpenFound(path.clone()));
            }
        });
    }
}

/// Who changed what, from which copy, when.
fn activity_section(ui: &mut Ui, tr: Tr, page: &SharingPage) {
    ui.label(RichText::new(tr.get("sharing_activity_heading")).strong());
    if page.activity.is_empty() {
        ui.label(RichText::new(tr.get("sharing_no_activity")).weak());
        return;
    }
    egui::Grid::new("sharing_activity")
        .num_columns(4)
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for key in [
                "sharing_when",
                "sharing_who",
                "sharing_copy",
                "sharing_what",
            ] {
                ui.label(RichText::new(tr.get(key)).strong());
            }
            ui.end_row();
            for a in &page.activity {
                let (y, m, d) = crate::model::civil_from_days(a.at.div_euclid(86_400_000));
                let secs = a.at.div_euclid(1000).rem_euclid(86_400);
                ui.label(format!(
                    "{d:02}/{m:02}/{y} {:02}:{:02}",
                    secs / 3600,
                    secs % 3600 / 60
                ));
                ui.label(&a.author);
                let copy = if a.foreign {
                    a.copy_name.clone()
                } else {
                    tr.get("sharing_this_copy").to_owned()
                };
                ui.label(copy);
                ui.label(&a.description);
                ui.end_row();
            }
        });
}
