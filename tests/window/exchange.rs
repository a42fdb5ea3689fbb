//! Export and import in the window: the export dialog writes what it counted, private
//! data left out; the import wizard reads a sheet, maps a column to a link type, previews,
//! imports as one edit that Ctrl+Z undoes, and offers to convert a legacy encoding.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use crate::common::{app_on, fill, seeded_db, seen};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use lienket::store::write::NewEntity;
use lienket::store::{Create, Store};
use lienket::ui::commands::Command;
use lienket::ui::{Action, LienketApp};

/// Opens combo box `combo` and picks `choice`, by their accessibility actions (as a screen
/// reader does: the list is long and scrolls).
fn choose(h: &mut Harness<'static, LienketApp>, combo: &str, choice: &str) {
    h.get_by_role_and_label(Role::ComboBox, combo)
        .click_accesskit();
    h.run();
    h.get_all_by_label(choice)
        .find(|n| n.accesskit_node().role() != Role::Label)
        .unwrap_or_else(|| panic!("no choice {choice}"))
        .click_accesskit();
    h.run();
    // Closed, as a pointer click on the choice would have left it.
    let open = h
        .query_all_by_label(choice)
        .any(|n| !matches!(n.accesskit_node().role(), Role::Label | Role::ComboBox));
    if open {
        h.get_by_role_and_label(Role::ComboBox, combo)
            .click_accesskit();
        h.run();
    }
}

/// The window on `path` with the import wizard open, `sheet` typed and read.
fn wizard_read(path: &std::path::Path, sheet: &std::path::Path) -> Harness<'static, LienketApp> {
    let mut h = app_on(path, seen());
    h.run();
    h.state_mut().act(Action::Run(Command::Import));
    h.run();
    fill(&mut h, "Tệp", sheet.to_str().unwrap());
    h.get_by_label("Đọc tệp").click();
    h.run();
    h
}

#[test]
fn the_export_dialog_writes_what_it_counted_and_leaves_private_data_out() {
    let (dir, path) = seeded_db();
    Store::open(&path, Create::No)
        .unwrap()
        .edit("secret", |w| {
            w.add_entity(&NewEntity {
                kind: "person".into(),
                name: "Người Giấu Tên".into(),
                private: true,
                ..Default::default()
            })
        })
        .unwrap();
    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut().act(Action::Run(Command::Export));
    h.run();
    h.get_by_label("Xuất dữ liệu");
    h.get_by_label_contains("Sẽ ghi 37 thực thể");
    h.get_by_label_contains("để lại vì riêng tư: 1 thực thể");
    choose(&mut h, "Định dạng", "Tài liệu phát tay (HTML, để in)");
    let out = dir.path().join("handout.html");
    fill(&mut h, "Tệp", out.to_str().unwrap());
    h.get_by_label("Xuất").click();
    h.run();
    h.get_by_label_contains("Đã xuất 37 thực thể");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<h1>Tô Đức</h1>"));
    assert!(!html.contains("Người Giấu Tên"));
}

#[test]
fn a_sheet_is_mapped_previewed_imported_and_undone() {
    let (dir, path) = seeded_db();
    let sheet = dir.path().join("staff.csv");
    std::fs::write(
        &sheet,
        "Tên;Đơn vị công tác;Điện thoại\r\nNguyễn Thị Lan;Cục BTXH;'+84 24 3826 9556\r\n\
         Trần Văn Bình;Cuc Bao tro xa hoi;\r\n",
    )
    .unwrap();
    let mut h = wizard_read(&path, &sheet);
    // The guessed mapping, then a column mapped to a link type and the kind chosen.
    h.get_by_label("Nguyễn Thị Lan · Trần Văn Bình");
    choose(&mut h, "Đơn vị công tác", "Liên kết: Giữ chức vụ tại");
    choose(&mut h, "Loại của các dòng không ghi loại", "Người");
    h.get_by_label("Xem trước").click_accesskit();
    h.run();
    let counts = h
        .get_by_label_contains("2 thực thể mới, 0 đã có")
        .accesskit_node()
        .value()
        .unwrap_or_default()
        .to_string();
    assert!(counts.contains("2 liên kết mới"), "{counts}");
    h.get_by_label("Không có lỗi.");
    h.get_by_label("Nhập").click();
    h.run();
    h.get_by_label_contains("Đã nhập 2 thực thể mới");
    let lan = || {
        Store::open(&path, Create::No)
            .unwrap()
            .resolve("Nguyễn Thị Lan")
            .unwrap()
    };
    let id = lan().expect("imported");
    let detail = Store::open(&path, Create::No).unwrap().detail(id).unwrap();
    assert_eq!(detail.entity.kind, "person");
    assert_eq!(detail.entity.properties["phone"], "+84 24 3826 9556");
    assert_eq!(detail.relations[0].other.name, "Cục Bảo trợ xã hội");
    // One edit: undone in one step.
    h.state_mut().act(Action::Run(Command::Undo));
    h.run();
    assert_eq!(lan(), None);
}

#[test]
fn a_problem_keeps_the_import_back_and_says_where() {
    let (dir, path) = seeded_db();
    let sheet = dir.path().join("bad.csv");
    std::fs::write(
        &sheet,
        "Tên,Loại,Bắt đầu\nLan,person,31/02/2015\n,person,\n",
    )
    .unwrap();
    let mut h = wizard_read(&path, &sheet);
    h.get_by_label("Xem trước").click_accesskit();
    h.run();
    h.get_by_label_contains("2 lỗi");
    // Each problem says where, in the interface's language.
    h.get_by_label("dòng 2 (Lan), Bắt đầu: Ngày \"31/02/2015\" không tồn tại.");
    h.get_by_label("dòng 3 (): Tên không được để trống.");
    assert!(h.get_by_label("Nhập").accesskit_node().is_disabled());
    h.get_by_label("Lưu danh sách lỗi (CSV)").scroll_to_me();
    h.run();
    h.get_by_label("Lưu danh sách lỗi (CSV)").click();
    h.run();
    let saved = std::fs::read_to_string(format!("{}.problems.csv", sheet.display())).unwrap();
    assert!(saved.contains("31/02/2015"), "{saved}");
}

#[test]
fn a_sheet_in_tcvn3_is_shown_converted_before_anything_is_read_into_the_base() {
    let (dir, path) = seeded_db();
    let sheet = dir.path().join("legacy.csv");
    std::fs::write(
        &sheet,
        b"Ten,Kind\nB\xe9 Lao \xae\xe9ng - Th\xad\xacng binh v\xb5 X\xb7 h\xe9i,organisation\n",
    )
    .unwrap();
    let mut h = wizard_read(&path, &sheet);
    h.get_by_label_contains("chuyển sang Unicode: “Bộ Lao động - Thương binh");
    h.get_by_label("Chuyển từ TCVN3 (ABC) sang Unicode").click();
    h.run();
    h.get_by_label("Xem trước").click_accesskit();
    h.run();
    // The converted name is the ministry the base holds.
    h.get_by_label_contains("0 thực thể mới, 1 đã có");
}

#[test]
fn a_long_csv_is_read_for_its_first_rows_and_imported_whole_from_the_file() {
    let (dir, path) = seeded_db();
    let sheet = dir.path().join("many.csv");
    let mut text = String::from("Tên,Loại\n");
    for n in 1..=300 {
        text.push_str(&format!("Tình nguyện viên {n},Người\n"));
    }
    std::fs::write(&sheet, &text).unwrap();
    let mut h = wizard_read(&path, &sheet);
    h.get_by_label("Tình nguyện viên 1 · Tình nguyện viên 2");
    h.get_by_label("Xem trước").click_accesskit();
    h.run();
    // The preview counts the whole file, though the window read only its first rows.
    h.get_by_label_contains("300 thực thể mới, 0 đã có");
    let wizard = h.state().data.import.as_ref().unwrap();
    let Some(lienket::ui::exchange::Loaded::Sheet(head, _, Some(_))) = &wizard.loaded else {
        panic!("a CSV is streamed from its file");
    };
    assert!(head.rows.len() < 300, "{} rows held", head.rows.len());
    h.get_by_label("Nhập").click_accesskit();
    h.run();
    for _ in 0..50 {
        if h.query_by_label_contains("Đã nhập").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        h.run();
    }
    h.get_by_label_contains("Đã nhập 300 thực thể mới");
    let store = Store::open(&path, Create::No).unwrap();
    assert!(store.resolve("Tình nguyện viên 300").unwrap().is_some());
}

#[test]
fn the_entity_shown_and_its_depth_are_saved_as_a_selection_and_chosen_again_later() {
    let (dir, path) = seeded_db();
    let to_duc = Store::open(&path, Create::No)
        .unwrap()
        .resolve("Tô Đức")
        .unwrap()
        .unwrap();
    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut().act(Action::Open(to_duc));
    h.run();
    h.state_mut().act(Action::Run(Command::Export));
    h.run();
    let counts = |h: &Harness<'static, LienketApp>| {
        let node = h.get_by_label_contains("Sẽ ghi");
        let node = node.accesskit_node();
        node.value()
            .or_else(|| node.label())
            .unwrap_or_default()
            .to_string()
    };
    let all = counts(&h);
    h.get_by_label("“Tô Đức” và các thực thể lân cận").click();
    h.run();
    let around = counts(&h);
    assert_ne!(around, all, "the neighbourhood is not the whole base");
    fill(&mut h, "Lưu lựa chọn này với tên", "Lớp 1");
    h.get_by_label("Lưu lựa chọn").click();
    h.run();
    h.get_by_label_contains("Đã lưu với tên “Lớp 1”");
    let saved = Store::open(&path, Create::No)
        .unwrap()
        .selections()
        .unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!((saved[0].name.as_str(), saved[0].depth), ("Lớp 1", 1));
    h.get_by_label("Hủy").click();
    h.run();

    // Later, from the start page: the selection is offered and counts the same.
    h.state_mut().act(Action::Run(Command::Home));
    h.run();
    h.state_mut().act(Action::Run(Command::Export));
    h.run();
    h.get_by_label("Đã lưu: Lớp 1").click();
    h.run();
    assert_eq!(counts(&h), around);
    let out = dir.path().join("lop1.json");
    fill(&mut h, "Tệp", out.to_str().unwrap());
    h.get_by_label("Xuất").click();
    h.run();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let names: Vec<&str> = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert!(names.contains(&"Tô Đức"), "{names:?}");
    assert!(
        around.contains(&format!("Sẽ ghi {} thực thể", names.len())),
        "{around}"
    );
}
