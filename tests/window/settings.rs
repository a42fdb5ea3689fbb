//! The window's read-only mode, mouse navigation and persisted preferences.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use crate::common::app_on;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lienket::i18n::Lang;
use lienket::ui::{Action, LienketApp, Page, Settings};
use std::collections::HashMap;

#[test]
fn a_read_only_file_opens_with_a_banner_and_refuses_writes() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("cd");
    std::fs::create_dir(&folder).unwrap();
    let path = folder.join("kb.db");
    drop(lienket::location::open_or_create_with_seed(&path).unwrap());
    // A read-only file in a read-only folder, as on a CD or a shared drive.
    let _file = crate::read_only::ReadOnly::set(&path, 0o444);
    let _folder = crate::read_only::ReadOnly::set(&folder, 0o555);
    let bytes = std::fs::read(&path).unwrap();

    let mut h = app_on(&path, Settings::default());
    h.run();
    h.get_by_label_contains("Chỉ đọc");
    // Reading works: search and open.
    h.get_by_role_and_label(Role::TextInput, "Tìm kiếm").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Tìm kiếm")
        .type_text("cuc bao tro");
    h.run();
    let first = h
        .state()
        .data
        .hits
        .first()
        .and_then(|x| x.entity.id)
        .unwrap();
    h.state_mut().act(Action::Open(first));
    h.run();
    h.get_by_label("Thuộc");
    let store = h.state().store().unwrap();
    assert!(store.is_read_only());
    // What it means, said once, with the reason; not again for this file.
    h.get_by_label("Tệp này chỉ đọc");
    h.get_by_label_contains("bạn không có quyền ghi");
    h.get_by_label("Đã hiểu").click();
    h.run();
    assert!(h.query_by_label("Tệp này chỉ đọc").is_none());
    let settings = h.state().data.settings.clone();
    drop(h);
    let mut h = app_on(&path, settings);
    h.run();
    assert!(h.query_by_label("Tệp này chỉ đọc").is_none());
    h.get_by_label("Chỉ đọc");
    drop(h);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "a read-only file was written"
    );
}

#[test]
fn the_mouse_back_and_forward_buttons_navigate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    drop(lienket::location::open_or_create_with_seed(&path).unwrap());
    let mut h = app_on(&path, Settings::default());
    h.run();
    h.get_by_role_and_label(Role::Link, "Cục Bảo trợ xã hội")
        .click();
    h.run();
    let cuc = h.state().page();
    assert!(matches!(cuc, Page::Entity(_)));
    let press = |h: &mut Harness<'static, LienketApp>, button| {
        for pressed in [true, false] {
            h.event(egui::Event::PointerButton {
                pos: egui::pos2(700.0, 500.0),
                button,
                pressed,
                modifiers: egui::Modifiers::NONE,
            });
        }
        h.run();
    };
    press(&mut h, egui::PointerButton::Extra1);
    assert_eq!(h.state().page(), Page::Home);
    press(&mut h, egui::PointerButton::Extra2);
    assert_eq!(h.state().page(), cuc);
}

#[derive(Default)]
struct MemoryStorage(HashMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn language_theme_zoom_and_last_entity_are_saved_outside_the_knowledge_base() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    drop(lienket::location::open_or_create_with_seed(&path).unwrap());
    let db_before = std::fs::read(&path).unwrap();
    let mut h = app_on(&path, Settings::default());
    h.run();
    h.get_by_role_and_label(Role::Link, "Cục Bảo trợ xã hội")
        .click();
    h.run();
    h.get_by_label("Giao diện tối").click();
    h.run();
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::L,
    );
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    h.run();
    let mut storage = MemoryStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    let saved: Settings = eframe::get_value(&storage, lienket::ui::SETTINGS_KEY).unwrap();
    assert_eq!(saved.lang, Lang::En);
    assert!(saved.dark);
    assert!(saved.zoom > 1.0, "zoom {}", saved.zoom);
    let cuc_uid = lienket::store::Store::open(&path, lienket::store::Create::No)
        .unwrap()
        .find_exact("Cục Bảo trợ xã hội")
        .unwrap()[0]
        .uid
        .clone();
    assert_eq!(saved.last_entity.as_deref(), Some(cuc_uid.as_str()));
    drop(h);
    // The knowledge base holds no preference.
    let store = lienket::store::Store::open(&path, lienket::store::Create::No).unwrap();
    // Only the two edits of the built-in data: its kinds and predicates, and the rest.
    assert_eq!(store.stats().unwrap().edits, 2);
    drop(store);
    assert!(std::fs::read(&path).unwrap().len() >= db_before.len());
}

#[test]
fn open_file_without_a_system_dialog_offers_a_typed_path() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.db");
    let second = dir.path().join("second.db");
    drop(lienket::location::open_or_create_with_seed(&first).unwrap());
    drop(lienket::location::open_or_create_with_seed(&second).unwrap());
    let mut h = app_on(&first, Settings::default());
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    h.get_by_label("Mở hoặc tạo tệp");
    let field = h.get_by_role_and_label(Role::TextInput, "Đường dẫn tệp");
    field.click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Đường dẫn tệp")
        .type_text(&second.display().to_string());
    h.run();
    h.get_by_label("Mở đường dẫn này").click();
    h.run();
    assert_eq!(h.state().store().unwrap().path(), Some(second.as_path()));
    assert!(
        h.query_by_label("Mở hoặc tạo tệp").is_none(),
        "the dialog stayed open"
    );

    // Cancel closes it without changing anything.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    h.get_by_label("Hủy").click();
    h.run();
    assert!(h.query_by_label("Mở hoặc tạo tệp").is_none());
    assert_eq!(h.state().store().unwrap().path(), Some(second.as_path()));
}

#[test]
fn a_file_that_cannot_be_opened_leaves_the_current_one_open_and_keeps_what_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.db");
    drop(lienket::location::open_or_create_with_seed(&first).unwrap());
    let missing = dir.path().join("khong-co.db");
    let not_sqlite = dir.path().join("ghi-chu.txt");
    std::fs::write(&not_sqlite, "ghi chú").unwrap();
    let mut h = app_on(&first, Settings::default());
    h.run();
    let cuc = h
        .state()
        .store()
        .unwrap()
        .resolve("Cục Bảo trợ xã hội")
        .unwrap()
        .unwrap();
    h.state_mut().act(Action::Open(cuc));
    h.run();
    for (bad, says) in [(&missing, "Không có tệp"), (&not_sqlite, "không phải")] {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
        h.run();
        let typed = bad.display().to_string();
        h.get_by_role_and_label(Role::TextInput, "Đường dẫn tệp")
            .click();
        h.run();
        h.state_mut().act(Action::TypedPath(typed.clone()));
        h.run();
        h.get_by_label("Mở đường dẫn này").click();
        h.run();
        // The current file, and the page on it, stay; the dialog says why, and keeps the
        // path as typed.
        assert_eq!(h.state().store().unwrap().path(), Some(first.as_path()));
        assert_eq!(h.state().page(), Page::Entity(cuc));
        h.get_by_label_contains(says);
        h.get_by_label("Tệp đang mở vẫn được giữ nguyên.");
        assert_eq!(h.state().data.file_dialog.typed_path, typed);
        h.get_by_label("Hủy").click();
        h.run();
        assert!(h.query_by_label("Mở hoặc tạo tệp").is_none());
        assert!(h.state().data.file_dialog.error.is_none());
    }
    assert!(!missing.exists(), "opening a missing file created it");
    assert_eq!(std::fs::read_to_string(&not_sqlite).unwrap(), "ghi chú");
}

#[test]
fn after_switching_files_the_search_box_searches_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first.db");
    let second = dir.path().join("second.db");
    drop(lienket::location::open_or_create_with_seed(&first).unwrap());
    {
        let mut store =
            lienket::store::Store::open(&second, lienket::store::Create::IfMissing).unwrap();
        lienket::seed::install_vocabulary(&mut store).unwrap();
        store
            .edit("add", |w| {
                w.add_entity(&lienket::store::write::NewEntity {
                    kind: "person".into(),
                    name: "Tô Đức Anh".into(),
                    ..Default::default()
                })
            })
            .unwrap();
    }
    let mut h = app_on(&first, Settings::default());
    h.run();
    h.state_mut().act(Action::Search("to duc".into()));
    h.run();
    let names = |h: &egui_kittest::Harness<'_, LienketApp>| -> Vec<String> {
        h.state()
            .data
            .hits
            .iter()
            .map(|x| x.entity.name.clone())
            .collect()
    };
    assert_eq!(names(&h), ["Tô Đức"]);
    h.state_mut().act(Action::OpenFile(second.clone()));
    h.run();
    assert_eq!(h.state().store().unwrap().path(), Some(second.as_path()));
    assert_eq!(names(&h), ["Tô Đức Anh"], "the hits are the new file's");
}

#[test]
fn the_author_set_in_preferences_is_saved_and_given_to_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    drop(lienket::location::open_or_create_with_seed(&path).unwrap());
    let mut h = app_on(&path, Settings::default());
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Comma);
    h.run();
    h.get_by_label("Tùy chọn");
    h.get_by_role_and_label(Role::TextInput, "Tên người sửa")
        .click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Tên người sửa")
        .type_text("Chị Lan");
    h.run();
    h.get_by_label("Đóng").click();
    h.run();
    assert!(!h.state().data.preferences_open);
    assert_eq!(h.state().data.settings.author, "Chị Lan");
    assert_eq!(h.state().store().unwrap().author(), "Chị Lan");
    let mut storage = MemoryStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    let saved: Settings = eframe::get_value(&storage, lienket::ui::SETTINGS_KEY).unwrap();
    assert_eq!(saved.author, "Chị Lan");

    // The next start hands the saved name to the store.
    let h = app_on(&path, saved);
    assert_eq!(h.state().store().unwrap().author(), "Chị Lan");
}
