//! Sharing in the window: a colleague's change file with one conflict is read, the
//! conflict shown side by side and settled, the file taken as one edit that Ctrl+Z
//! undoes; my changes are written for a colleague; the activity list names the copy.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use crate::common::{app_on, fill, seeded_db, seen};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lienket::store::write::EntityPatch;
use lienket::store::{Create, Store};
use lienket::sync::{self, ExportOptions};
use lienket::ui::commands::Command;
use lienket::ui::{Action, LienketApp};
use std::path::{Path, PathBuf};

const ORG: &str = "Cục Bảo trợ xã hội";

/// Scrolls the page to the widget named `label`, as a user would, then clicks it.
fn press(h: &mut Harness<'static, LienketApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Scrolls to the text field named `label` and types `text` into it.
fn type_into(h: &mut Harness<'static, LienketApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label)
        .scroll_to_me();
    h.run();
    fill(h, label, text);
}

/// Scrolls to the choice named `label` and picks it.
fn pick(h: &mut Harness<'static, LienketApp>, label: &str) {
    h.get_by_role_and_label(Role::RadioButton, label)
        .scroll_to_me();
    h.run();
    h.get_by_role_and_label(Role::RadioButton, label).click();
    h.run();
}

fn set_summary(path: &Path, author: &str, text: &str) {
    let mut store = Store::open(path, Create::No).unwrap();
    store.set_author(author);
    let id = store.resolve(ORG).unwrap().unwrap();
    store
        .edit("summary", |w| {
            w.update_entity(
                id,
                &EntityPatch {
                    summary: Some(text.into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
}

fn summary(path: &Path) -> Option<String> {
    let store = Store::open(path, Create::No).unwrap();
    let id = store.resolve(ORG).unwrap().unwrap();
    store.entity(id).unwrap().summary
}

/// Two copies of the built-in base, each having changed the department's summary, and
/// the colleague's change file.
fn conflicting(dir: &Path, mine: &Path) -> PathBuf {
    let theirs = dir.join("hoa.db");
    std::fs::copy(mine, &theirs).unwrap();
    set_summary(&theirs, "Hoà", "Tóm tắt của Hoà");
    set_summary(mine, "Lan", "Tóm tắt của Lan");
    let mut store = Store::open(&theirs, Create::No).unwrap();
    store.set_author("Hoà");
    store.set_sync_name("Máy của Hoà").unwrap();
    let out = sync::prepare(
        &mut store,
        &ExportOptions {
            peer: "Lan".into(),
            ..Default::default()
        },
    )
    .unwrap();
    sync::write(&mut store, &out, dir).unwrap()
}

/// The window on `path` with the sharing page open and `file` read.
fn page_with_file(path: &Path, file: &Path) -> Harness<'static, LienketApp> {
    let mut h = app_on(path, seen());
    h.run();
    h.state_mut().act(Action::Run(Command::Sharing));
    h.run();
    type_into(&mut h, "Tệp thay đổi", file.to_str().unwrap());
    press(&mut h, "Đọc tệp");
    h
}

#[test]
fn a_conflict_is_settled_in_the_window_and_the_file_taken_as_one_edit() {
    let (dir, path) = seeded_db();
    let file = conflicting(dir.path(), &path);
    let mut h = page_with_file(&path, &file);
    // The conflict, side by side: before, mine, theirs.
    h.get_by_label("Thay đổi từ Máy của Hoà (1 lần sửa)");
    h.get_by_label("Tóm tắt của Lan");
    h.get_by_label("Tóm tắt của Hoà");
    h.get_by_label_contains("1 xung đột chưa chọn");
    pick(&mut h, "Lấy của họ");
    assert!(h.query_by_label_contains("xung đột chưa chọn").is_none());
    press(&mut h, "Nhận các thay đổi");
    h.get_by_label_contains("Đã nhận thay đổi từ Máy của Hoà");
    assert_eq!(summary(&path).as_deref(), Some("Tóm tắt của Hoà"));
    // The activity list names who, and from which copy.
    h.get_by_label("Máy của Hoà");
    // One edit: Ctrl+Z takes it back.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(summary(&path).as_deref(), Some("Tóm tắt của Lan"));
}

#[test]
fn keeping_mine_or_editing_the_field_writes_what_was_chosen() {
    let (dir, path) = seeded_db();
    let file = conflicting(dir.path(), &path);
    let mut h = page_with_file(&path, &file);
    pick(&mut h, "Sửa");
    type_into(&mut h, "Tóm tắt", "Tóm tắt chung của Lan và Hoà");
    press(&mut h, "Nhận các thay đổi");
    assert_eq!(
        summary(&path).as_deref(),
        Some("Tóm tắt chung của Lan và Hoà")
    );
}

#[test]
fn my_changes_are_written_for_a_colleague_and_a_foreign_file_is_refused() {
    let (dir, path) = seeded_db();
    set_summary(&path, "Lan", "Tóm tắt của Lan");
    let out = dir.path().join("usb");
    std::fs::create_dir(&out).unwrap();
    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut().act(Action::Run(Command::Sharing));
    h.run();
    type_into(&mut h, "Tên máy này", "Máy văn phòng của Lan");
    press(&mut h, "Đặt tên");
    h.get_by_label_contains("Máy văn phòng của Lan”");
    type_into(&mut h, "Gửi cho", "Hoà");
    type_into(&mut h, "Lưu vào thư mục", out.to_str().unwrap());
    press(&mut h, "Ghi tệp thay đổi");
    h.get_by_label_contains("Đã ghi");
    let written: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(written.len(), 1);
    let file = sync::ChangeFile::read(&written[0]).unwrap();
    assert_eq!(file.copy_name, "Máy văn phòng của Lan");
    assert!(file.rows.iter().any(|r| {
        r.image
            .as_ref()
            .and_then(|i| i.get("summary"))
            .is_some_and(|s| s == "Tóm tắt của Lan")
    }));
    // A file that is not a change file is refused with why; nothing changes.
    let edits = |path: &Path| {
        Store::open(path, Create::No)
            .unwrap()
            .log(None, 10_000)
            .unwrap()
            .len()
    };
    let before = edits(&path);
    let csv = dir.path().join("danh-sach.lienket-changes");
    std::fs::write(&csv, "name,kind\nA,organisation\n").unwrap();
    type_into(&mut h, "Tệp thay đổi", csv.to_str().unwrap());
    press(&mut h, "Đọc tệp");
    h.get_by_label_contains("không phải là tệp thay đổi của Lienket");
    assert!(h.state().data.sharing.as_ref().unwrap().incoming.is_none());
    drop(h);
    assert_eq!(edits(&path), before);
}
