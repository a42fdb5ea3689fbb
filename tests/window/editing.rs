//! Keeping the knowledge base from the window: the entity form (new, edit, checked fields,
//! dates as people write them), delete with its confirmation, undo and redo, and an edit
//! made elsewhere showing up. Each flow checks the store afterwards.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use crate::common::{app_on, fill, seeded_db, seen};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use lienket::model::EntityId;
use lienket::store::write::EntityPatch;
use lienket::store::{Create, Store};
use lienket::ui::{Action, LienketApp, Page, Settings};
use std::path::Path;

/// Clicks the choice of an open list (not a heading that reads the same).
fn pick(h: &mut Harness<'static, LienketApp>, label: &str) {
    h.get_all_by_label(label)
        .find(|n| n.accesskit_node().role() != Role::Label)
        .unwrap_or_else(|| panic!("no choice {label}"))
        .click();
    h.run();
}

/// The window on the page of the built-in entity `name`, in a fresh copy of the example.
fn on_page(
    name: &str,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    EntityId,
    Harness<'static, LienketApp>,
) {
    let (dir, path) = seeded_db();
    let id = Store::open(&path, Create::No)
        .unwrap()
        .resolve(name)
        .unwrap()
        .unwrap();
    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut().act(Action::Open(id));
    h.run();
    (dir, path, id, h)
}

fn found(path: &Path, name: &str) -> Vec<lienket::store::EntityRow> {
    Store::open(path, Create::No)
        .unwrap()
        .find_exact(name)
        .unwrap()
}

#[test]
fn a_new_entity_is_checked_field_by_field_then_saved_with_its_dates() {
    let (_dir, path) = seeded_db();
    let mut h = app_on(&path, seen());
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    h.get_by_label("Thực thể mới");
    fill(
        &mut h,
        "Tên (tiếng Việt)",
        "Hội Bảo trợ Người khuyết tật Hà Nội",
    );
    fill(&mut h, "Thời gian", "31/02/2015");
    fill(&mut h, "Thư điện tử", "hoi@ngo");
    h.get_by_label("Lưu").click();
    h.run();
    // Each refusal beside its field; nothing written.
    h.get_by_label_contains("Không có ngày này");
    h.get_by_label_contains("Địa chỉ thư điện tử chưa đúng dạng");
    assert!(found(&path, "Hội Bảo trợ Người khuyết tật Hà Nội").is_empty());
    fill(&mut h, "Thời gian", "từ khoảng 1990 đến 12/2015");
    fill(&mut h, "Thư điện tử", "hoi@ngo.org.vn");
    fill(&mut h, "Thêm tên khác", "Hội BTNKT HN");
    h.get_by_label("Lưu").click();
    h.run();
    let rows = found(&path, "Hội Bảo trợ Người khuyết tật Hà Nội");
    assert_eq!(rows.len(), 1);
    let store = Store::open(&path, Create::No).unwrap();
    let head = store.detail_head(rows[0].id).unwrap();
    assert_eq!(head.entity.kind, "organisation");
    assert_eq!(head.entity.date_start.as_deref(), Some("~1990"));
    assert_eq!(head.entity.date_end.as_deref(), Some("2015-12"));
    assert_eq!(head.entity.properties["email"], "hoi@ngo.org.vn");
    assert_eq!(head.aliases, ["Hội BTNKT HN"]);
    // Its page is open, the dates as they were typed.
    assert_eq!(h.state().page(), Page::Entity(rows[0].id));
    h.get_by_label("khoảng 1990 – 12/2015");
    // Found by its new other name.
    assert_eq!(store.resolve("hoi btnkt hn").unwrap(), Some(rows[0].id));
}

#[test]
fn an_entity_is_edited_in_place_and_the_edit_undone_and_redone() {
    let (_dir, path, id, mut h) = on_page("Cục Bảo trợ xã hội");
    h.get_by_label("Sửa thực thể…").click();
    h.run();
    h.get_by_label("Sửa thực thể");
    fill(&mut h, "Trang web", "https://molisa.gov.vn/cuc-btxh");
    fill(&mut h, "Thời gian", "trước 2001");
    h.get_by_label("Lưu").click();
    h.run();
    let after = |path: &Path| {
        Store::open(path, Create::No)
            .unwrap()
            .detail_head(id)
            .unwrap()
    };
    assert_eq!(
        after(&path).entity.properties["website"],
        "https://molisa.gov.vn/cuc-btxh"
    );
    assert_eq!(after(&path).entity.date_start.as_deref(), Some("<2001"));
    h.get_by_label("trước 2001");
    // Ctrl+Z in the search box edits the box, not the knowledge base.
    h.get_by_role_and_label(Role::TextInput, "Tìm kiếm").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Tìm kiếm")
        .type_text("cuc");
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(after(&path).entity.date_start.as_deref(), Some("<2001"));
    // Out of the box, Ctrl+Z undoes the edit, Ctrl+Shift+Z redoes it.
    h.key_press(Key::Escape);
    h.run();
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::Home));
    h.run();
    h.ctx.memory_mut(|m| m.request_focus(egui::Id::NULL));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(after(&path).entity.date_start, None, "not undone");
    h.get_by_label_contains("Đã hoàn tác: sửa thực thể");
    h.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    h.run();
    assert_eq!(after(&path).entity.date_start.as_deref(), Some("<2001"));
}

#[test]
fn delete_says_what_goes_with_it_and_undo_brings_it_back() {
    let (_dir, path, _id, mut h) = on_page("Tô Đức");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Delete);
    h.run();
    h.get_by_label("Xóa “Tô Đức”?");
    h.get_by_label_contains("Cùng bị xóa: 2 liên kết");
    h.get_by_label("Hủy").click();
    h.run();
    assert_eq!(found(&path, "Tô Đức").len(), 1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Delete);
    h.run();
    h.get_by_label("Xóa").click();
    h.run();
    assert!(found(&path, "Tô Đức").is_empty());
    assert_eq!(h.state().page(), Page::Home);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(found(&path, "Tô Đức").len(), 1);
}

#[test]
fn an_edit_made_elsewhere_shows_on_the_open_page() {
    let (_dir, path, id, mut h) = on_page("Cục Bảo trợ xã hội");
    let mut other = Store::open(&path, Create::No).unwrap();
    other
        .edit("from the command line", |w| {
            w.update_entity(
                id,
                &EntityPatch {
                    summary: Some("Tóm tắt mới từ dòng lệnh.".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    drop(other);
    h.run();
    h.get_by_label("Tóm tắt mới từ dòng lệnh.");
}

#[test]
fn a_read_only_file_offers_no_editing() {
    let (_dir, path) = seeded_db();
    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut().act(Action::Open(EntityId(1)));
    h.run();
    assert!(
        h.state()
            .data
            .can_run(lienket::ui::commands::Command::EditEntity)
    );
    h.state_mut().data.read_only = true;
    assert!(
        !h.state()
            .data
            .can_run(lienket::ui::commands::Command::EditEntity)
    );
    assert!(
        !h.state()
            .data
            .can_run(lienket::ui::commands::Command::NewEntity)
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert!(h.state().data.form.is_none());
}

#[test]
fn a_relation_is_added_with_a_new_entity_made_on_the_spot_and_a_cited_source() {
    let (_dir, path, department, mut h) = on_page("Cục Bảo trợ xã hội");
    h.key_press_modifiers(Modifiers::COMMAND, Key::L);
    h.run();
    h.get_by_label("Liên kết mới từ “Cục Bảo trợ xã hội”");
    // From the department's side, the inverse label of "holds position at".
    h.get_by_role_and_label(Role::ComboBox, "Quan hệ").click();
    h.run();
    pick(&mut h, "Cán bộ, lãnh đạo");
    h.run();
    fill(&mut h, "Với", "Nguyễn Thị Mai Hương");
    fill(&mut h, "Vai trò", "Phó Cục trưởng");
    fill(&mut h, "Thời gian", "từ 2019");
    fill(&mut h, "Tài liệu", "ban tin hnmo");
    // The dialog's list, drawn over the page and so last (the sidebar lists it too).
    h.get_all_by_label_contains("Bản tin HNMO")
        .rfind(|n| n.accesskit_node().role() == Role::Button)
        .expect("the report among the documents found")
        .click();
    h.run();
    fill(&mut h, "Vị trí", "đoạn 4");
    h.get_by_role_and_label(Role::ComboBox, "Độ tin cậy")
        .click();
    h.run();
    pick(&mut h, "cao");
    h.run();
    h.get_by_label("Lưu").click();
    h.run();
    assert!(
        h.state().data.relation_form.is_none(),
        "the form stayed open"
    );
    let store = Store::open(&path, Create::No).unwrap();
    let person = store.find_exact("Nguyễn Thị Mai Hương").unwrap();
    assert_eq!(person.len(), 1);
    assert_eq!(person[0].kind, "person");
    let detail = store.detail(person[0].id).unwrap();
    let r = &detail.relations[0];
    assert_eq!(r.predicate, "holds_position");
    assert_eq!(r.other.id, Some(department));
    assert_eq!(r.role.as_deref(), Some("Phó Cục trưởng"));
    assert_eq!(r.date_start.as_deref(), Some("2019"));
    let c = &r.citations[0];
    assert_eq!(c.locator.as_deref(), Some("đoạn 4"));
    assert_eq!(c.confidence, Some(lienket::model::Confidence::High));
    // On the department's page, at once.
    h.get_by_role_and_label(Role::Link, "Nguyễn Thị Mai Hương");
}

#[test]
fn a_relation_is_ended_shown_as_of_a_date_and_deleted() {
    let (_dir, path, to_duc, mut h) = on_page("Tô Đức");
    // Ending his position: an end date, and the row says former.
    let position = h.state().data.entity.as_ref().unwrap().groups[0].items[0].clone();
    assert_eq!(position.predicate, "holds_position");
    h.state_mut()
        .act(Action::EditRelation(Box::new(position.clone())));
    h.run();
    h.get_by_label("Sửa liên kết");
    fill(&mut h, "Thời gian", "từ 2016 đến khoảng 2022");
    h.get_by_label("Lưu").click();
    h.run();
    let store = Store::open(&path, Create::No).unwrap();
    let r = store
        .detail(to_duc)
        .unwrap()
        .relations
        .into_iter()
        .find(|r| r.uid == position.uid)
        .unwrap();
    assert_eq!(r.date_start.as_deref(), Some("2016"));
    assert_eq!(r.date_end.as_deref(), Some("~2022"));
    h.get_by_label("(trước đây)");
    h.get_by_label("2016 – khoảng 2022");
    // As of 2010 he did not hold it yet; as of 2018 he did.
    fill(&mut h, "Theo ngày", "2010");
    h.get_by_label("(chưa có vào ngày đó)");
    fill(&mut h, "Theo ngày", "30/06/2018");
    assert!(h.query_by_label("(chưa có vào ngày đó)").is_none());
    assert!(h.query_by_label("(đã kết thúc trước ngày đó)").is_none());
    fill(&mut h, "Theo ngày", "2030");
    h.get_by_label("(đã kết thúc trước ngày đó)");
    // Delete it from its row's menu; undo brings it back.
    h.state_mut()
        .act(Action::DeleteRelation(position.uid.clone()));
    h.run();
    let gone = |path: &Path| {
        Store::open(path, Create::No)
            .unwrap()
            .detail(to_duc)
            .unwrap()
            .relations
            .iter()
            .all(|r| r.uid != position.uid)
    };
    assert!(gone(&path));
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::Undo));
    h.run();
    assert!(!gone(&path));
}

#[test]
fn the_history_shows_what_each_edit_changed_and_reverts_one() {
    let (_dir, path) = seeded_db();
    let id = Store::open(&path, Create::No)
        .unwrap()
        .resolve("Cục Bảo trợ xã hội")
        .unwrap()
        .unwrap();
    let mut h = app_on(
        &path,
        Settings {
            author: "Lan".into(),
            ..seen()
        },
    );
    h.run();
    h.state_mut().act(Action::Open(id));
    h.run();
    h.get_by_label("Sửa thực thể…").click();
    h.run();
    fill(&mut h, "Tên tiếng Anh", "Social Protection Department");
    fill(&mut h, "Thời gian", "khoảng 2008");
    fill(&mut h, "Trang web", "https://molisa.gov.vn");
    h.get_by_label("Lưu").click();
    h.run();
    h.get_by_label("Lịch sử").click();
    h.run();
    h.get_by_label("Lịch sử của “Cục Bảo trợ xã hội”");
    // Each change in words the window uses, dates as people write them.
    h.get_by_label_contains(
        "Tên tiếng Anh: Department of Social Protection → Social Protection Department",
    );
    h.get_by_label_contains("Bắt đầu: ∅ → khoảng 2008");
    h.get_by_label_contains("Trang web: ∅ → https://molisa.gov.vn");
    h.get_by_label("Lan");
    // Filters: by author, then by a day long past.
    fill(&mut h, "Người sửa", "khong ai");
    h.get_by_label("Không có chỉnh sửa nào khớp.");
    fill(&mut h, "Người sửa", "lan");
    fill(&mut h, "Từ ngày", "2001");
    fill(&mut h, "Đến ngày", "2002");
    h.get_by_label("Không có chỉnh sửa nào khớp.");
    fill(&mut h, "Từ ngày", "");
    fill(&mut h, "Đến ngày", "");
    // Revert the window's edit: the English name is back.
    h.get_all_by_label("Hoàn tác bước này")
        .next()
        .unwrap()
        .click();
    h.run();
    let en = Store::open(&path, Create::No)
        .unwrap()
        .detail_head(id)
        .unwrap()
        .entity
        .name_en;
    assert_eq!(en.as_deref(), Some("Department of Social Protection"));
    h.get_by_label_contains("Đã hoàn tác chỉnh sửa");
}

#[test]
fn duplicates_are_listed_compared_field_by_field_and_merged_or_set_apart() {
    use lienket::store::write::{NewEntity, NewRelation};
    let (_dir, path) = seeded_db();
    let (first, second) = {
        let mut store = Store::open(&path, Create::No).unwrap();
        let ministry = store
            .resolve("Bộ Lao động - Thương binh và Xã hội")
            .unwrap()
            .unwrap();
        store
            .edit("duplicates", |w| {
                let org = |name: &str, summary: &str| NewEntity {
                    kind: "organisation".into(),
                    name: name.into(),
                    summary: Some(summary.into()),
                    ..Default::default()
                };
                let a = w.add_entity(&org("Hội Chữ thập đỏ Hà Nội", "Tóm tắt thứ nhất."))?;
                let b = w.add_entity(&org("Hoi Chu thap do Ha Noi", "Tóm tắt thứ hai."))?;
                w.add_relation(&NewRelation {
                    subject: b.0,
                    predicate: "part_of".into(),
                    object: ministry.0,
                    allow_kind_mismatch: true,
                    ..Default::default()
                })?;
                for name in ["Đặng Văn Đức", "Đặng V. Đức"] {
                    w.add_entity(&NewEntity {
                        kind: "person".into(),
                        name: name.into(),
                        ..Default::default()
                    })?;
                }
                Ok((a, b))
            })
            .unwrap()
    };
    let first_uid = Store::open(&path, Create::No)
        .unwrap()
        .detail_head(first)
        .unwrap()
        .entity
        .uid;
    let mut h = app_on(&path, seen());
    h.run();
    h.get_by_label("Sửa").click();
    h.run();
    h.get_by_label_contains("Thực thể có thể trùng…").click();
    h.run();
    h.get_by_label("cùng tên");
    h.get_by_label("cùng tên, viết tắt chữ lót");
    // The people of one name are two people: said once, not listed again.
    let pairs = h.state().data.duplicates.clone().unwrap();
    let people = pairs.iter().find(|p| p.a.kind == "person").unwrap();
    h.state_mut()
        .act(Action::NotDuplicate(people.a.id, people.b.id));
    h.run();
    assert!(h.query_by_label("cùng tên, viết tắt chữ lót").is_none());
    assert!(
        Store::open(&path, Create::No)
            .unwrap()
            .possible_duplicates(100)
            .unwrap()
            .iter()
            .all(|p| p.a.kind != "person"),
        "forgotten"
    );
    // Compare: keep the second's name, the first's summary.
    h.get_by_label("So sánh và gộp…").click();
    h.run();
    h.get_by_label("Gộp hai thực thể");
    h.get_by_label("Hoi Chu thap do Ha Noi").click();
    h.run();
    h.get_by_label("Tóm tắt thứ nhất.").click();
    h.run();
    h.get_by_label_contains("Còn lại: “Hoi Chu thap do Ha Noi”");
    h.get_by_label("Gộp").click();
    h.run();
    let store = Store::open(&path, Create::No).unwrap();
    let kept = store.detail(second).unwrap();
    assert_eq!(kept.entity.name, "Hoi Chu thap do Ha Noi");
    assert_eq!(kept.entity.summary.as_deref(), Some("Tóm tắt thứ nhất."));
    assert!(kept.aliases.contains(&"Hội Chữ thập đỏ Hà Nội".to_owned()));
    assert!(
        store.detail_head(first).is_err(),
        "the merged entity is still there"
    );
    assert_eq!(kept.relations.len(), 1);
    // The merged entity's uid reaches the survivor.
    assert_eq!(store.entity_by_uid(&first_uid).unwrap().unwrap().id, second);
    assert_eq!(h.state().page(), Page::Entity(second));
}

#[test]
fn the_merge_view_keeps_by_default_every_value_one_side_lacks() {
    use lienket::store::write::NewEntity;
    let (_dir, path) = seeded_db();
    let (a, b) = Store::open(&path, Create::No)
        .unwrap()
        .edit("two", |w| {
            let a = w.add_entity(&NewEntity {
                kind: "organisation".into(),
                name: "Hội Chữ thập đỏ Hà Nội".into(),
                summary: Some("Hội nhân đạo.".into()),
                ..Default::default()
            })?;
            let b = w.add_entity(&NewEntity {
                kind: "organisation".into(),
                name: "Hoi Chu thap do Ha Noi".into(),
                name_en: Some("Hanoi Red Cross".into()),
                ..Default::default()
            })?;
            Ok((a, b))
        })
        .unwrap();
    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut().act(Action::OpenMerge(a, b));
    h.run();
    h.get_by_label("Gộp").click();
    h.run();
    let kept = Store::open(&path, Create::No)
        .unwrap()
        .detail_head(a)
        .unwrap()
        .entity;
    assert_eq!(kept.name, "Hội Chữ thập đỏ Hà Nội");
    assert_eq!(kept.name_en.as_deref(), Some("Hanoi Red Cross"));
    assert_eq!(kept.summary.as_deref(), Some("Hội nhân đạo."));
}

#[test]
fn a_user_adds_a_kind_and_a_link_type_with_its_inverse_label() {
    let (_dir, path) = seeded_db();
    let department = Store::open(&path, Create::No)
        .unwrap()
        .resolve("Cục Bảo trợ xã hội")
        .unwrap()
        .unwrap();
    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::NewKind));
    h.run();
    fill(&mut h, "Tên (tiếng Việt)", "Quỹ từ thiện");
    fill(&mut h, "Tên tiếng Anh", "Charity fund");
    h.get_by_label("Lưu").click();
    h.run();
    let kinds = Store::open(&path, Create::No).unwrap().kinds().unwrap();
    let fund = kinds
        .iter()
        .find(|k| k.name == "charity_fund")
        .expect("the kind");
    assert_eq!(fund.label_vi, "Quỹ từ thiện");
    assert!(fund.colour.as_deref().is_some_and(|c| c.starts_with('#')));

    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::NewPredicate));
    h.run();
    fill(&mut h, "Nhãn từ phía chủ thể (tiếng Việt)", "Tài trợ cho");
    fill(&mut h, "Nhãn từ phía chủ thể (tiếng Anh)", "funds");
    fill(&mut h, "Nhãn từ phía kia (tiếng Việt)", "Được tài trợ bởi");
    fill(&mut h, "Nhãn từ phía kia (tiếng Anh)", "funded by");
    // The subject's side comes first.
    h.get_all_by_label("Quỹ từ thiện")
        .find(|n| n.accesskit_node().role() == Role::CheckBox)
        .unwrap()
        .click();
    h.run();
    h.get_by_label("Lưu").click();
    h.run();
    let p = Store::open(&path, Create::No)
        .unwrap()
        .predicates()
        .unwrap()
        .into_iter()
        .find(|p| p.name == "funds")
        .expect("the link type");
    assert_eq!(p.inverse_vi, "Được tài trợ bởi");
    assert_eq!(p.subject_kinds, Some(vec!["charity_fund".to_owned()]));
    assert_eq!(p.object_kinds, None);
    // From an organisation, the new type reads from its side, and fits.
    h.state_mut().act(Action::Open(department));
    h.run();
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::AddRelation));
    h.run();
    let form = h.state().data.relation_form.clone().unwrap();
    let choice = form
        .choices
        .iter()
        .find(|c| c.name == "funds" && c.fits)
        .expect("offered from the department's side");
    assert_eq!(choice.label_vi, "Được tài trợ bởi");
}

#[test]
fn unlikely_dates_are_warned_about_and_a_dismissed_warning_stays_dismissed() {
    use lienket::store::write::{NewEntity, NewRelation};
    let (_dir, path) = seeded_db();
    let (person, report) = {
        let mut store = Store::open(&path, Create::No).unwrap();
        let department = store.resolve("Cục Bảo trợ xã hội").unwrap().unwrap();
        store
            .edit("unlikely", |w| {
                let dated = |kind: &str, name: &str, date: &str| NewEntity {
                    kind: kind.into(),
                    name: name.into(),
                    date_start: Some(date.into()),
                    ..Default::default()
                };
                let person = w.add_entity(&dated("person", "Nguyễn Văn Bình", "1990"))?;
                w.add_relation(&NewRelation {
                    subject: person.0,
                    predicate: "holds_position".into(),
                    object: department.0,
                    date_start: Some("1980".into()),
                    ..Default::default()
                })?;
                let report = w.add_entity(&dated("document", "Báo cáo sớm", "2015"))?;
                let event = w.add_entity(&dated("event", "Hội nghị 2016", "2016-05"))?;
                w.add_relation(&NewRelation {
                    subject: report.0,
                    predicate: "reports_on".into(),
                    object: event.0,
                    ..Default::default()
                })?;
                Ok((person, report))
            })
            .unwrap()
    };
    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut().act(Action::Open(person));
    h.run();
    h.get_by_label_contains("kết thúc trước khi “Nguyễn Văn Bình” bắt đầu");
    h.get_by_label("Bỏ qua").click();
    h.run();
    assert!(h.query_by_label_contains("kết thúc trước khi").is_none());
    // Dismissed for good: not on the page at the next start, nor in the list.
    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut().act(Action::Open(person));
    h.run();
    assert!(h.query_by_label_contains("kết thúc trước khi").is_none());
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::CheckData));
    h.run();
    h.get_by_label("Kiểm tra dữ liệu");
    h.get_by_label_contains("“Báo cáo sớm” có ngày trước sự kiện “Hội nghị 2016”");
    // Opening it goes to the report, whose date does not fit.
    h.get_by_label("Mở").click();
    h.run();
    assert_eq!(h.state().page(), Page::Entity(report));
    // Dismissing is an edit of the window's: undone, even after a restart.
    h.state_mut().act(Action::Open(person));
    h.run();
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::Undo));
    h.run();
    h.get_by_label_contains("kết thúc trước khi “Nguyễn Văn Bình” bắt đầu");
}

#[test]
fn saving_the_form_writes_only_what_was_changed_in_it() {
    let (_dir, path, id, mut h) = on_page("Cục Bảo trợ xã hội");
    h.key_press(Key::F2);
    h.run();
    // Meanwhile, the command line changes the summary and adds an address.
    Store::open(&path, Create::No)
        .unwrap()
        .edit("elsewhere", |w| {
            let mut props = w.entity_properties(id)?;
            props.insert("address".into(), "Số 2 Đinh Lễ".into());
            w.update_entity(
                id,
                &EntityPatch {
                    summary: Some("Tóm tắt sửa ở nơi khác.".into()),
                    properties: Some(props),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    fill(&mut h, "Trang web", "https://molisa.gov.vn");
    h.get_by_label("Lưu").click();
    h.run();
    let e = Store::open(&path, Create::No)
        .unwrap()
        .detail_head(id)
        .unwrap()
        .entity;
    assert_eq!(e.summary.as_deref(), Some("Tóm tắt sửa ở nơi khác."));
    assert_eq!(e.properties["address"], "Số 2 Đinh Lễ");
    assert_eq!(e.properties["website"], "https://molisa.gov.vn");
}

#[test]
fn deleting_a_document_says_every_citation_that_goes_with_it() {
    let (_dir, path) = seeded_db();
    let store = Store::open(&path, Create::No).unwrap();
    let report = store.find_exact(lienket::seed::REPORT_UID).unwrap()[0].id;
    let citations = store.stats().unwrap().citations;
    drop(store);
    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut().act(Action::Open(report));
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Delete);
    h.run();
    h.get_by_label_contains(&format!("{citations} nguồn trích dẫn"));
    // A shortcut does nothing behind an open dialog.
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run();
    assert!(h.state().data.form.is_none());
    assert!(h.state().data.confirm_delete.is_some());
}

#[test]
fn a_property_marked_private_is_kept_so_and_said_on_the_page() {
    let (_dir, path, id, mut h) = on_page("Cục Bảo trợ xã hội");
    h.key_press(Key::F2);
    h.run();
    fill(&mut h, "Điện thoại", "024 3826 9556");
    h.get_by_label("Điện thoại: riêng tư").click();
    h.run();
    h.get_by_label("Lưu").click();
    h.run();
    let e = Store::open(&path, Create::No)
        .unwrap()
        .detail_head(id)
        .unwrap()
        .entity;
    assert_eq!(e.properties["phone"], "024 3826 9556");
    assert_eq!(
        e.properties[lienket::model::PRIVATE_PROPERTIES],
        serde_json::json!(["phone"])
    );
    h.get_by_label("(riêng tư)");
    // Reopened, the box is still ticked; unticked and saved, the mark goes.
    h.key_press(Key::F2);
    h.run();
    h.get_by_label("Điện thoại: riêng tư").click();
    h.run();
    h.get_by_label("Lưu").click();
    h.run();
    let e = Store::open(&path, Create::No)
        .unwrap()
        .detail_head(id)
        .unwrap()
        .entity;
    assert!(
        !e.properties
            .contains_key(lienket::model::PRIVATE_PROPERTIES)
    );
    assert_eq!(e.properties["phone"], "024 3826 9556");
}

#[test]
fn as_of_a_date_before_a_renaming_the_page_gives_the_name_of_then() {
    use lienket::store::write::{NewEntity, NewRelation};
    let (_dir, path) = seeded_db();
    let department = {
        let mut store = Store::open(&path, Create::No).unwrap();
        let department = store.resolve("Cục Bảo trợ xã hội").unwrap().unwrap();
        store
            .edit("renamed", |w| {
                let old = w.add_entity(&NewEntity {
                    kind: "organisation".into(),
                    name: "Vụ Bảo trợ xã hội".into(),
                    ..Default::default()
                })?;
                w.add_relation(&NewRelation {
                    subject: old.0,
                    predicate: "renamed_to".into(),
                    object: department.0,
                    date_start: Some("2008".into()),
                    ..Default::default()
                })?;
                let older = w.add_entity(&NewEntity {
                    kind: "organisation".into(),
                    name: "Phòng Cứu trợ xã hội".into(),
                    ..Default::default()
                })?;
                w.add_relation(&NewRelation {
                    subject: older.0,
                    predicate: "renamed_to".into(),
                    object: old.0,
                    date_start: Some("1995".into()),
                    ..Default::default()
                })
            })
            .unwrap();
        department
    };
    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut().act(Action::Open(department));
    h.run();
    fill(&mut h, "Theo ngày", "2005");
    h.get_by_label("Vào ngày đó mang tên: Vụ Bảo trợ xã hội");
    fill(&mut h, "Theo ngày", "1990");
    h.get_by_label("Vào ngày đó mang tên: Phòng Cứu trợ xã hội");
    fill(&mut h, "Theo ngày", "2010");
    assert!(h.query_by_label_contains("Vào ngày đó mang tên").is_none());
    // A page linking to it names it as it was then.
    let to_duc = Store::open(&path, Create::No)
        .unwrap()
        .resolve("Tô Đức")
        .unwrap()
        .unwrap();
    h.state_mut().act(Action::Open(to_duc));
    h.run();
    fill(&mut h, "Theo ngày", "");
    let today = h.get_all_by_label("Cục Bảo trợ xã hội").count();
    assert!(h.query_by_label("Vụ Bảo trợ xã hội").is_none());
    fill(&mut h, "Theo ngày", "2005");
    h.get_by_label("Vụ Bảo trợ xã hội");
    assert_eq!(h.get_all_by_label("Cục Bảo trợ xã hội").count(), today - 1);
}

/// The window on Cục Bảo trợ xã hội, whose website the window set; then the command line
/// edits `summary` of the entity named `whom`.
fn window_edit_then_one_elsewhere(
    whom: &str,
) -> (
    tempfile::TempDir,
    std::path::PathBuf,
    EntityId,
    EntityId,
    Harness<'static, LienketApp>,
) {
    let (dir, path, id, mut h) = on_page("Cục Bảo trợ xã hội");
    h.key_press(Key::F2);
    h.run();
    fill(&mut h, "Trang web", "https://molisa.gov.vn");
    h.get_by_label("Lưu").click();
    h.run();
    let mut other = Store::open(&path, Create::No).unwrap();
    let target = other.resolve(whom).unwrap().unwrap();
    other
        .edit("edit from the command line", |w| {
            w.update_entity(
                target,
                &EntityPatch {
                    summary: Some("Sửa từ dòng lệnh.".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    drop(other);
    h.run();
    (dir, path, id, target, h)
}

#[test]
fn undo_reaches_back_to_the_windows_own_edit_and_leaves_one_made_elsewhere() {
    let (_dir, path, id, to_duc, mut h) = window_edit_then_one_elsewhere("Tô Đức");
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::Undo));
    h.run();
    h.get_by_label_contains("Đã hoàn tác");
    let summary_and_website = || {
        let store = Store::open(&path, Create::No).unwrap();
        (
            store.detail_head(to_duc).unwrap().entity.summary,
            store
                .detail_head(id)
                .unwrap()
                .entity
                .properties
                .get("website")
                .and_then(|v| v.as_str().map(String::from)),
        )
    };
    let (summary, website) = summary_and_website();
    assert_eq!(summary.as_deref(), Some("Sửa từ dòng lệnh."));
    assert_eq!(website, None);
    // Once more: nothing of the window's is left, and the command line's edit stays.
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::Undo));
    h.run();
    h.get_by_label_contains("Không còn gì để hoàn tác");
    assert_eq!(
        summary_and_website().0.as_deref(),
        Some("Sửa từ dòng lệnh.")
    );
    // Redo brings the window's edit back.
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::Redo));
    h.run();
    let (summary, website) = summary_and_website();
    assert_eq!(summary.as_deref(), Some("Sửa từ dòng lệnh."));
    assert_eq!(website.as_deref(), Some("https://molisa.gov.vn"));
}

#[test]
fn undo_is_refused_when_an_edit_made_elsewhere_changed_the_same_entity_since() {
    let (_dir, path, id, _, mut h) = window_edit_then_one_elsewhere("Cục Bảo trợ xã hội");
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::Undo));
    h.run();
    h.get_by_label_contains("edit from the command line");
    let e = Store::open(&path, Create::No)
        .unwrap()
        .detail_head(id)
        .unwrap()
        .entity;
    assert_eq!(e.summary.as_deref(), Some("Sửa từ dòng lệnh."));
    assert_eq!(e.properties["website"], "https://molisa.gov.vn");
}

#[test]
fn an_other_name_unticked_in_the_form_is_removed_on_saving_and_undo_brings_it_back() {
    let (_dir, path, id, mut h) = on_page("Cục Bảo trợ xã hội");
    h.key_press(Key::F2);
    h.run();
    h.get_by_role_and_label(Role::CheckBox, "Cục BTXH").click();
    h.run();
    h.get_by_label("Lưu").click();
    h.run();
    let aliases = |path: &Path| Store::open(path, Create::No).unwrap().aliases(id).unwrap();
    assert!(aliases(&path).is_empty());
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::Undo));
    h.run();
    assert_eq!(aliases(&path), ["Cục BTXH"]);
}

#[test]
fn cancelling_a_form_with_changes_asks_before_dropping_them() {
    let (_dir, path, id, mut h) = on_page("Cục Bảo trợ xã hội");
    // Nothing changed: Cancel closes at once.
    h.key_press(Key::F2);
    h.run();
    h.get_by_label("Hủy").click();
    h.run();
    assert!(h.query_by_label("Sửa thực thể").is_none());
    // Something typed: Cancel asks, and "keep editing" keeps what was typed.
    h.key_press(Key::F2);
    h.run();
    fill(&mut h, "Trang web", "https://molisa.gov.vn");
    h.get_by_label("Hủy").click();
    h.run();
    h.get_by_label("Bỏ các thay đổi chưa lưu?");
    h.get_by_label("Tiếp tục sửa").click();
    h.run();
    assert_eq!(
        h.state()
            .data
            .form
            .as_ref()
            .unwrap()
            .get(lienket::ui::editor::Field::Website),
        "https://molisa.gov.vn"
    );
    // Escape asks too; then dropping closes the form and writes nothing.
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("Bỏ thay đổi").click();
    h.run();
    assert!(h.query_by_label("Sửa thực thể").is_none());
    let e = Store::open(&path, Create::No)
        .unwrap()
        .detail_head(id)
        .unwrap()
        .entity;
    assert!(e.properties.get("website").is_none());
}

#[test]
fn a_relation_form_with_a_role_typed_asks_before_closing() {
    let (_dir, _path, _id, mut h) = on_page("Tô Đức");
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::AddRelation));
    h.run();
    fill(&mut h, "Vai trò", "Cục trưởng");
    h.key_press(Key::Escape);
    h.run();
    h.get_by_label("Bỏ các thay đổi chưa lưu?");
    assert!(h.state().data.relation_form.is_some());
    h.get_by_label("Bỏ thay đổi").click();
    h.run();
    assert!(h.state().data.relation_form.is_none());
}
