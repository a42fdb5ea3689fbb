//! The timeline page: every event, the events of an organisation, items placed by what
//! their dates say, the unknown-year lane by month and day, a click opening the entity.

use super::common::{app_on, seeded_db, seen};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lienket::store::write::NewEntity;
use lienket::store::{Create, Store};
use lienket::ui::commands::Command;
use lienket::ui::{Action, LienketApp, Page};
use std::path::Path;

const WORKSHOP: &str = "Hội thảo “Công tác xã hội với người nghèo”";

fn timeline_from_home(path: &Path) -> Harness<'static, LienketApp> {
    let mut h = app_on(path, seen());
    h.run();
    h.state_mut().act(Action::Run(Command::Timeline));
    h.run();
    assert_eq!(h.state().data.page(), Page::Timeline);
    h
}

#[test]
fn the_built_in_workshop_sits_in_the_unknown_year_lane_at_30_12_and_opens() {
    let (_dir, path) = seeded_db();
    let mut h = timeline_from_home(&path);
    let lane = h
        .get_by_role_and_label(Role::Canvas, "Năm không rõ (xếp theo tháng và ngày)")
        .rect();
    let label = format!("{WORKSHOP} — 30/12");
    let item = h.get_by_label(&label);
    assert!(
        lane.contains_rect(item.rect()),
        "in the lane of unknown years"
    );
    // December is the last month: the item sits in the lane's last twelfth.
    assert!(item.rect().right() > lane.left() + lane.width() * 11.0 / 12.0);
    item.click();
    h.run();
    let store = Store::open(&path, Create::No).unwrap();
    let workshop = store.resolve(WORKSHOP).unwrap().unwrap();
    assert_eq!(h.state().data.page(), Page::Entity(workshop));
}

#[test]
fn dated_events_lie_on_the_axis_in_time_order_and_an_organisation_shows_its_own() {
    let (_dir, path) = seeded_db();
    let mut store = Store::open(&path, Create::No).unwrap();
    let event = |name: &str, start: &str| NewEntity {
        kind: "event".into(),
        name: name.into(),
        date_start: Some(start.into()),
        ..NewEntity::default()
    };
    store
        .edit("events", |w| {
            w.add_entity(&event("Hội nghị tổng kết 2015", "2015"))?;
            w.add_entity(&event("Diễn đàn khoảng 2010", "~2010"))?;
            w.add_entity(&event("Tọa đàm 24/3/2022", "2022-03-24"))?;
            Ok(())
        })
        .unwrap();
    let mut h = timeline_from_home(&path);
    let axis = h
        .get_by_role_and_label(Role::Canvas, "Trục thời gian")
        .rect();
    // The list on the left names the events too: only the items on the axis count.
    let on_axis = |h: &Harness<'static, LienketApp>, label: &str| {
        h.query_all_by_label_contains(label)
            .map(|n| n.rect())
            .find(|r| axis.contains_rect(*r))
    };
    let x = |h: &Harness<'static, LienketApp>, label: &str| {
        on_axis(h, label)
            .unwrap_or_else(|| panic!("{label} is on the axis"))
            .left()
    };
    let (a, b, c) = (
        x(&h, "Diễn đàn khoảng 2010"),
        x(&h, "Hội nghị tổng kết 2015"),
        x(&h, "Tọa đàm 24/3/2022"),
    );
    assert!(a < b && b < c, "{a} < {b} < {c}");
    // No item (bar and label) covers another.
    let rects: Vec<egui::Rect> = h
        .query_all_by_role(Role::Button)
        .map(|n| n.rect())
        .filter(|r| axis.contains_rect(*r))
        .collect();
    assert!(rects.len() >= 3);
    for (i, a) in rects.iter().enumerate() {
        for b in &rects[i + 1..] {
            assert!(
                !a.shrink(0.5).intersects(b.shrink(0.5)),
                "{a:?} covers {b:?}"
            );
        }
    }
    // The fuzzy date says so on the item.
    assert!(on_axis(&h, "— khoảng 2010").is_some());

    // From the page of an organisation: the events it is linked to, and only those.
    let cuc = store.resolve("Cục Bảo trợ xã hội").unwrap().unwrap();
    h.state_mut().act(Action::Open(cuc));
    h.run();
    h.get_by_role_and_label(Role::Button, "Dòng thời gian")
        .click();
    h.run();
    assert!(
        h.query_by_label_contains("Sự kiện liên quan đến Cục Bảo trợ xã hội")
            .is_some()
    );
    let label = format!("{WORKSHOP} — 30/12");
    assert!(h.query_by_label(&label).is_some());
    assert!(
        h.query_by_label_contains("Hội nghị tổng kết 2015 —")
            .is_none()
    );
    h.get_by_label("Mọi sự kiện").click();
    h.run();
    assert!(
        h.query_by_label_contains("Hội nghị tổng kết 2015 —")
            .is_some()
    );
}

#[test]
fn the_events_of_an_organisation_are_chosen_by_typing_its_name() {
    let (_dir, path) = seeded_db();
    let mut store = Store::open(&path, Create::No).unwrap();
    store
        .edit("event", |w| {
            w.add_entity(&NewEntity {
                kind: "event".into(),
                name: "Hội nghị không liên quan".into(),
                date_start: Some("2019".into()),
                ..NewEntity::default()
            })
            .map(|_| ())
        })
        .unwrap();
    let mut h = timeline_from_home(&path);
    assert!(
        h.query_by_label_contains("Hội nghị không liên quan —")
            .is_some()
    );
    super::common::fill(&mut h, "Lọc theo tổ chức hoặc chủ đề:", "bao tro xa hoi");
    // The list on the left names it too: the hit is on the field's row.
    let field = h
        .get_by_role_and_label(Role::TextInput, "Lọc theo tổ chức hoặc chủ đề:")
        .rect();
    h.query_all_by_role_and_label(Role::Button, "Cục Bảo trợ xã hội")
        .find(|n| n.rect().center().y > field.top() && n.rect().center().y < field.bottom())
        .expect("the hit beside the field")
        .click();
    h.run();
    assert!(
        h.query_by_label_contains("Sự kiện liên quan đến Cục Bảo trợ xã hội")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("Hội nghị không liên quan —")
            .is_none()
    );
    let label = format!("{WORKSHOP} — 30/12");
    assert!(h.query_by_label(&label).is_some());
}
