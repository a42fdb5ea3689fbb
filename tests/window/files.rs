//! Files from the window: New (empty or with the example), Open recent, Save a copy,
//! and the backups restored and the restore undone.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use crate::common::{app_on, seeded_db, seen};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use lienket::store::write::NewEntity;
use lienket::store::{Create, Store};
use lienket::ui::{Action, LienketApp};
use std::path::Path;

fn type_path(h: &mut Harness<'static, LienketApp>, path: &Path) {
    h.get_by_role_and_label(Role::TextInput, "Đường dẫn tệp")
        .click();
    h.run();
    // Replace what the field holds.
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Đường dẫn tệp")
        .type_text(&path.display().to_string());
    h.run();
}

fn add_organisation(path: &Path, name: &str) {
    let mut store = Store::open(path, Create::No).unwrap();
    store
        .edit("added", |w| {
            w.add_entity(&NewEntity {
                kind: "organisation".into(),
                name: name.into(),
                ..Default::default()
            })
        })
        .unwrap();
}

fn entities(path: &Path) -> i64 {
    let store = Store::open(path, Create::No).unwrap();
    store.stats().unwrap().kinds.iter().map(|k| k.count).sum()
}

#[test]
fn new_asks_empty_or_example_and_creates_an_empty_base() {
    let (dir, path) = seeded_db();
    let mut h = app_on(&path, seen());
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Cơ sở tri thức mới");
    h.get_by_label("Cơ sở tri thức trống").click();
    h.run();
    h.get_by_label("Chọn nơi lưu…").click();
    h.run();
    let ours = dir.path().join("ngo.db");
    type_path(&mut h, &ours);
    h.get_by_label("Tạo tệp mới tại đây").click();
    h.run();
    let store = h.state().store().unwrap();
    assert_eq!(store.path(), Some(ours.as_path()));
    assert!(!store.kinds().unwrap().is_empty(), "no kinds to add with");
    assert_eq!(entities(&ours), 0);
    assert_eq!(h.state().window_title(), "ngo.db — Lienket");

    // And with the example.
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    h.get_by_label("Có ví dụ có sẵn").click();
    h.run();
    h.get_by_label("Chọn nơi lưu…").click();
    h.run();
    let class = dir.path().join("class.db");
    type_path(&mut h, &class);
    h.get_by_label("Tạo tệp mới tại đây").click();
    h.run();
    assert_eq!(entities(&class), entities(&path));
    assert!(h.state().window_title().contains("ví dụ có sẵn"));
}

#[test]
fn open_recent_lists_the_last_files_and_marks_missing_ones() {
    let (dir, path) = seeded_db();
    let second = dir.path().join("second.db");
    let gone = dir.path().join("gone.db");
    for p in [&second, &gone] {
        drop(lienket::location::open_or_create(p, false).unwrap());
    }
    let mut h = app_on(&path, seen());
    h.run();
    for p in [&gone, &second, &path] {
        h.state_mut().act(Action::OpenFile(p.to_path_buf()));
        h.run();
    }
    assert_eq!(
        h.state().data.settings.recent,
        vec![path.clone(), second.clone(), gone.clone()]
    );
    lienket::store::remove_files(&gone);
    h.get_by_label("Tệp").click();
    h.run();
    h.get_by_label("Mở gần đây").hover();
    h.run();
    let missing = h.get_by_label_contains("gone.db (không tìm thấy)");
    assert!(missing.accesskit_node().is_disabled());
    h.get_all_by_label_contains("second.db")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("second.db in the menu")
        .click();
    h.run();
    assert_eq!(h.state().store().unwrap().path(), Some(second.as_path()));
    assert_eq!(h.state().data.settings.recent[0], second);
}

#[test]
fn save_a_copy_writes_a_file_that_opens_with_the_same_content() {
    let (dir, path) = seeded_db();
    let mut h = app_on(&path, seen());
    h.run();
    h.get_by_label("Tệp").click();
    h.run();
    h.get_by_label_contains("Lưu bản sao…").click();
    h.run();
    // Offered beside the file, under a name of its own.
    assert_eq!(
        h.state().data.file_dialog.typed_path,
        dir.path().join("kb (bản sao).db").display().to_string()
    );
    let copy = dir.path().join("for-colleague.db");
    type_path(&mut h, &copy);
    h.get_by_label("Lưu bản sao tại đây").click();
    h.run();
    h.get_by_label_contains("Đã lưu bản sao");
    assert_eq!(h.state().store().unwrap().path(), Some(path.as_path()));
    h.state_mut().act(Action::OpenFile(copy.clone()));
    h.run();
    assert_eq!(h.state().store().unwrap().path(), Some(copy.as_path()));
    assert_eq!(entities(&copy), entities(&path));
}

#[test]
fn a_copy_replaces_a_file_that_is_there_only_when_asked_to() {
    let (dir, path) = seeded_db();
    let theirs = dir.path().join("theirs.db");
    drop(lienket::location::open_or_create(&theirs, false).unwrap());
    let bytes = std::fs::read(&theirs).unwrap();
    let mut h = app_on(&path, seen());
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    type_path(&mut h, &theirs);
    h.get_by_label("Lưu bản sao tại đây").click();
    h.run();
    h.get_by_label_contains("đã có (0 thực thể)");
    assert_eq!(std::fs::read(&theirs).unwrap(), bytes, "replaced unasked");
    h.get_by_label("Thay thế tệp đó").click();
    h.run();
    h.get_by_label_contains("Đã lưu bản sao");
    assert_eq!(entities(&theirs), entities(&path));
    // The open file itself is never the copy's destination, and the dialog says so in
    // the interface's language.
    let bytes = std::fs::read(&path).unwrap();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    h.run();
    type_path(&mut h, &path);
    h.get_by_label("Lưu bản sao tại đây").click();
    h.run();
    h.get_by_label_contains("là chính tệp đang mở");
    assert!(h.query_by_label("Thay thế tệp đó").is_none());
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn a_backup_is_listed_restored_and_the_restore_undone() {
    let (dir, path) = seeded_db();
    let backups = dir.path().join("backups");
    // The example as installed needs no backup; once a person has edited it, opening it
    // makes the day's backup.
    let h = app_on(&path, seen());
    assert!(
        lienket::backups::Backups::under(&backups, &path)
            .list()
            .is_empty()
    );
    drop(h);
    add_organisation(&path, "Nhóm Tình nguyện");
    let mut h = app_on(&path, seen());
    h.run();
    let made = lienket::backups::Backups::under(&backups, &path).list();
    assert_eq!(made.len(), 1, "{made:?}");
    let before = entities(&path);
    // An edit after the backup.
    add_organisation(&path, "Hội Bảo trợ Mới");
    assert_eq!(entities(&path), before + 1);
    h.get_by_label("Tệp").click();
    h.run();
    h.get_by_label_contains("Khôi phục từ bản sao lưu…").click();
    h.run();
    h.get_by_label("Khôi phục từ bản sao lưu");
    h.get_by_label(&format!("{before} thực thể"));
    h.get_by_label("hằng ngày");
    h.get_by_label("Khôi phục").click();
    h.run();
    assert_eq!(entities(&path), before, "the backup was not restored");
    h.get_by_label_contains("Đã khôi phục");
    assert!(
        h.state()
            .store()
            .unwrap()
            .find_exact("Hội Bảo trợ Mới")
            .unwrap()
            .is_empty()
    );
    // Undo restore, from the File menu.
    h.get_by_label("Tệp").click();
    h.run();
    h.get_all_by_label_contains("Hoàn tác khôi phục")
        .find(|n| n.accesskit_node().role() == Role::Button)
        .expect("Undo restore in the File menu")
        .click();
    h.run();
    assert_eq!(entities(&path), before + 1);
    assert_eq!(
        h.state()
            .store()
            .unwrap()
            .find_exact("Hội Bảo trợ Mới")
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn a_file_in_a_cloud_folder_is_explained_once() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Dropbox").join("NGO");
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("partners.db");
    drop(lienket::location::open_or_create(&path, false).unwrap());
    let mut h = app_on(&path, seen());
    h.run();
    h.get_by_label("Tệp này nằm trong thư mục đồng bộ Dropbox");
    h.get_by_label_contains("Lưu bản sao");
    h.get_by_label("Đã hiểu").click();
    h.run();
    assert!(h.query_by_label_contains("thư mục đồng bộ").is_none());
    let settings = h.state().data.settings.clone();
    let mut h = app_on(&path, settings);
    h.run();
    assert!(h.query_by_label_contains("thư mục đồng bộ").is_none());
    // A file elsewhere has no such message.
    let (_other_dir, other) = seeded_db();
    let mut h = app_on(&other, seen());
    h.run();
    assert!(h.query_by_label_contains("thư mục đồng bộ").is_none());
}

#[test]
fn the_buttons_of_the_cannot_open_dialog_lead_somewhere() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.db");
    std::fs::write(&notes, b"not a database").unwrap();
    let mut h = app_on(&notes, seen());
    h.run();
    h.get_by_label("Không mở được cơ sở dữ liệu");
    h.get_by_label("Tạo mới…").click();
    h.run();
    h.get_by_label("Cơ sở tri thức trống").click();
    h.run();
    h.get_by_label("Chọn nơi lưu…").click();
    h.run();
    let fresh = dir.path().join("fresh.db");
    type_path(&mut h, &fresh);
    h.get_by_label("Tạo tệp mới tại đây").click();
    h.run();
    assert_eq!(h.state().store().unwrap().path(), Some(fresh.as_path()));
    assert_eq!(entities(&fresh), 0);
    assert!(h.query_by_label("Cơ sở tri thức mới").is_none());
    assert_eq!(std::fs::read(&notes).unwrap(), b"not a database");
}

#[test]
fn the_path_dialog_works_from_the_keyboard_alone() {
    let (dir, path) = seeded_db();
    let other = dir.path().join("other.db");
    drop(lienket::location::open_or_create(&other, false).unwrap());
    let mut h = app_on(&path, seen());
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::O);
    h.run();
    // The cursor is in the field: typing goes there, Enter opens.
    h.event(egui::Event::Text(other.display().to_string()));
    h.run();
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().store().unwrap().path(), Some(other.as_path()));
    assert!(h.query_by_label("Mở hoặc tạo tệp").is_none());
}
