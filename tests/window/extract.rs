//! From a text to knowledge in the window: a pasted report shows the known entities it
//! mentions marked and listed, proposals are accepted (a title edited) and created as one
//! edit citing the new document, which Ctrl+Z takes back in one step; and an entity's
//! page lists a document naming it without a link, which one click links.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use crate::common::{app_on, fill, seeded_db, seen};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lienket::extract::Extraction;
use lienket::extract::accept::{self, Choice, DocumentInfo};
use lienket::store::{Create, Store};
use lienket::ui::{Action, LienketApp, Page};

/// A short report of our own: a provincial department and a centre organise a
/// conference; the department's director speaks and names a known department by its
/// acronym.
const REPORT: &str = "Chiều 12/5/2023, Sở Lao động - Thương binh và Xã hội thành phố Đà Nẵng \
phối hợp với Trung tâm Công tác xã hội Đà Nẵng tổ chức Hội nghị \"Chăm sóc người cao tuổi \
tại cộng đồng\".\nPhát biểu khai mạc, Giám đốc Sở Lao động - Thương binh và Xã hội thành phố \
Đà Nẵng Lê Văn Hùng cho biết Cục BTXH đã hỗ trợ nhiều mô hình.";

const DEPARTMENT: &str = "Sở Lao động - Thương binh và Xã hội thành phố Đà Nẵng";

/// Scrolls the widget labelled `label` into view and clicks it, as a person would.
fn press(h: &mut Harness<'static, LienketApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn a_pasted_report_is_reviewed_created_as_one_edit_and_undone_in_one_step() {
    let (_dir, path) = seeded_db();
    let mut h = app_on(&path, seen());
    h.run();
    // The command's own shortcut opens the page.
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
    h.run();
    assert_eq!(h.state().page(), Page::NewDocument);
    h.get_by_label("Tài liệu mới từ văn bản");
    fill(
        &mut h,
        "Tiêu đề",
        "Hội nghị chăm sóc người cao tuổi ở Đà Nẵng",
    );
    fill(&mut h, "Ngày", "13/5/2023");
    fill(&mut h, "Văn bản", REPORT);
    h.get_by_label("Tìm thực thể").click();
    h.run();

    // The known department is marked where the text names it by its acronym, and listed.
    h.get_by_label("Cục BTXH");
    h.get_by_label("Thực thể đã có được nhắc đến (2)");
    h.get_by_role_and_label(Role::Link, "Cục Bảo trợ xã hội");
    h.get_by_label("Đề xuất thực thể mới (4)");

    // Two proposals accepted, the director's title edited.
    press(&mut h, &format!("Nhận “{DEPARTMENT}”"));
    press(&mut h, "Nhận “Lê Văn Hùng”");
    h.get_by_role_and_label(Role::TextInput, "Chức danh")
        .scroll_to_me();
    h.run();
    fill(&mut h, "Chức danh", "Giám đốc Sở");
    press(&mut h, "Tạo tài liệu, 2 thực thể và 1 liên kết");

    let store = Store::open(&path, Create::No).unwrap();
    let doc = store
        .resolve("Hội nghị chăm sóc người cao tuổi ở Đà Nẵng")
        .unwrap()
        .expect("the document");
    assert_eq!(h.state().page(), Page::Entity(doc));
    let doc_detail = store.detail(doc).unwrap();
    assert_eq!(doc_detail.entity.kind, "document");
    assert_eq!(doc_detail.entity.date_start.as_deref(), Some("2023-05-13"));
    assert!(
        store
            .document_text(doc)
            .unwrap()
            .unwrap()
            .contains("Cục BTXH")
    );
    let hung = store.resolve("Lê Văn Hùng").unwrap().expect("the director");
    let detail = store.detail(hung).unwrap();
    assert_eq!(detail.entity.kind, "person");
    assert_eq!(detail.citations.len(), 1);
    assert_eq!(detail.citations[0].source.id, Some(doc));
    assert_eq!(detail.citations[0].locator.as_deref(), Some("đoạn 2"));
    let held = &detail.relations[0];
    assert_eq!(held.predicate, "holds_position");
    assert_eq!(held.other.name, DEPARTMENT);
    assert_eq!(held.role.as_deref(), Some("Giám đốc Sở"));
    assert_eq!(held.citations[0].source.id, Some(doc));
    assert!(
        held.citations[0]
            .quote
            .as_deref()
            .unwrap()
            .contains("Lê Văn Hùng")
    );
    let department = store.resolve(DEPARTMENT).unwrap().expect("the department");
    assert_eq!(
        store.detail(department).unwrap().citations[0].source.id,
        Some(doc)
    );
    // Proposals not accepted were not created.
    assert!(
        store
            .resolve("Trung tâm Công tác xã hội Đà Nẵng")
            .unwrap()
            .is_none()
    );
    drop(store);

    // One Ctrl+Z takes back the document, both entities and the link.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let store = Store::open(&path, Create::No).unwrap();
    for name in [
        "Hội nghị chăm sóc người cao tuổi ở Đà Nẵng",
        "Lê Văn Hùng",
        DEPARTMENT,
    ] {
        assert!(
            store.resolve(name).unwrap().is_none(),
            "{name} is still there"
        );
    }
    assert!(store.document_text(doc).unwrap().is_none());
    h.get_by_label_contains("Đã hoàn tác: thêm tài liệu “Hội nghị chăm sóc người cao tuổi");
}

#[test]
fn a_document_naming_an_entity_without_a_link_is_listed_and_linked_in_one_click() {
    let (_dir, path) = seeded_db();
    let mut store = Store::open(&path, Create::No).unwrap();
    let text = "Ghi chép buổi làm việc với các đơn vị.\n\
                Đoàn công tác của Cục Bảo trợ xã hội đã thăm hai mái ấm. Cuối buổi, các bên \
                thống nhất kế hoạch.";
    let made = accept::accept(
        &mut store,
        "a note of my own",
        &DocumentInfo {
            title: "Ghi chép chuyến thăm mái ấm".into(),
            text: text.into(),
            ..DocumentInfo::default()
        },
        &Extraction::default(),
        &Choice::default(),
    )
    .unwrap();
    let cuc = store.resolve("Cục Bảo trợ xã hội").unwrap().unwrap();
    drop(store);

    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut().act(Action::Open(cuc));
    h.run();
    h.get_by_label("Được nhắc đến nhưng chưa liên kết");
    h.get_by_role_and_label(Role::Link, "Ghi chép chuyến thăm mái ấm");
    h.get_by_label("đoạn 2 · 1 lần");
    press(&mut h, "Liên kết");

    let store = Store::open(&path, Create::No).unwrap();
    let detail = store.detail(cuc).unwrap();
    let link = detail
        .relations
        .iter()
        .find(|r| r.predicate == "mentions" && r.other.id == Some(made.document))
        .expect("the mentions link");
    assert_eq!(link.citations.len(), 1);
    assert_eq!(link.citations[0].source.id, Some(made.document));
    assert_eq!(link.citations[0].locator.as_deref(), Some("đoạn 2"));
    assert_eq!(
        link.citations[0].quote.as_deref(),
        Some("Đoàn công tác của Cục Bảo trợ xã hội đã thăm hai mái ấm.")
    );
    // Linked: no longer listed.
    assert!(
        h.query_by_label("Được nhắc đến nhưng chưa liên kết")
            .is_none()
    );
    // And one Ctrl+Z takes the link back.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.get_by_label("Được nhắc đến nhưng chưa liên kết");
}

#[test]
fn the_text_is_not_kept_when_the_person_says_so_but_the_quotes_are() {
    let (_dir, path) = seeded_db();
    let mut h = app_on(&path, seen());
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::N);
    h.run();
    fill(&mut h, "Tiêu đề", "Ghi chép không giữ văn bản");
    fill(&mut h, "Văn bản", REPORT);
    h.get_by_label("Tìm thực thể").click();
    h.run();
    press(&mut h, "Nhận “Lê Văn Hùng”");
    press(&mut h, "Giữ văn bản trong tệp");
    press(&mut h, "Tạo tài liệu, 1 thực thể và 0 liên kết");
    let store = Store::open(&path, Create::No).unwrap();
    let doc = store
        .resolve("Ghi chép không giữ văn bản")
        .unwrap()
        .expect("the document");
    assert!(store.document_text(doc).unwrap().is_none(), "no text kept");
    let hung = store.resolve("Lê Văn Hùng").unwrap().expect("the person");
    let cited = &store.detail(hung).unwrap().citations[0];
    assert_eq!(cited.source.id, Some(doc));
    assert!(cited.quote.as_deref().unwrap().contains("Lê Văn Hùng"));
}
