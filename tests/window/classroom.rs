//! The window in class and in the office: the menu bar, browsing by theme with nothing
//! typed, honest counts, namesakes, a hub group's filter, the list keys, presentation
//! mode, the welcome page, and the contrast of every text colour.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use crate::common::{app_on, seeded_db, seen};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use lienket::i18n::{self, Lang};
use lienket::store::write::{NewEntity, NewRelation};
use lienket::store::{Create, Store};
use lienket::ui::commands::{Command, Menu};
use lienket::ui::{LienketApp, Page, Settings, look};
use std::path::Path;

fn press(h: &mut Harness<'static, LienketApp>, key: Key) {
    h.key_press(key);
    h.run();
}

fn search(h: &mut Harness<'static, LienketApp>, text: &str) {
    h.get_by_role_and_label(Role::TextInput, "Tìm kiếm").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Tìm kiếm")
        .type_text(text);
    h.run();
}

/// Adds entities with one edit; returns their ids.
fn add(path: &Path, entities: &[NewEntity], relate: &[(usize, &str, i64)]) -> Vec<i64> {
    let mut store = Store::open(path, Create::No).unwrap();
    store
        .edit("test data", |w| {
            let mut ids = Vec::new();
            for e in entities {
                ids.push(w.add_entity(e)?.0);
            }
            for (i, predicate, object) in relate {
                w.add_relation(&NewRelation {
                    subject: ids[*i],
                    predicate: (*predicate).to_owned(),
                    object: *object,
                    ..Default::default()
                })?;
            }
            Ok(ids)
        })
        .unwrap()
}

fn entity(kind: &str, name: &str) -> NewEntity {
    NewEntity {
        kind: kind.into(),
        name: name.into(),
        ..Default::default()
    }
}

/// The window on the page of entity `id`.
fn app_on_entity(path: &Path, id: i64) -> Harness<'static, LienketApp> {
    let mut h = app_on(path, seen());
    h.run();
    h.state_mut()
        .act(lienket::ui::Action::Open(lienket::model::EntityId(id)));
    h.run();
    h
}

fn id_of(path: &Path, name: &str) -> i64 {
    let store = Store::open(path, Create::No).unwrap();
    store.resolve(name).unwrap().unwrap().0
}

#[test]
fn every_command_is_in_its_menu_with_its_shortcut() {
    let (_dir, path) = seeded_db();
    let mut h = app_on(&path, seen());
    h.run();
    let tr = i18n::Tr(Lang::Vi);
    for menu in Menu::ALL {
        h.get_by_label(tr.get(menu.label_key())).click();
        h.run();
        for c in menu.commands() {
            if c == Command::UndoRestore {
                continue; // Only there after a restore (see files.rs).
            }
            // The line reads "Name Shortcut".
            let name = tr.get(c.label_key());
            let shortcut = c.shortcut_text(&h.ctx);
            let found = h.get_all_by_label_contains(name).any(|n| {
                let line = n.accesskit_node().label().unwrap_or_default();
                line.contains(name) && line.contains(&shortcut)
            });
            assert!(found, "{c:?} is not in {menu:?} with {shortcut:?}");
        }
        // Close it as a mouse user does: click its title again.
        h.get_by_label(tr.get(menu.label_key())).click();
        h.run();
    }
    // Every command has a menu, and each menu something in it.
    for c in Command::ALL {
        assert!(Menu::ALL.contains(&c.menu()));
    }
    // A command run from its menu: View › Presentation mode.
    h.get_by_label("Xem").click();
    h.run();
    h.get_all_by_label_contains("Chế độ trình chiếu")
        .find(|n| n.accesskit_node().label().is_some_and(|l| l.contains("F5")))
        .expect("the menu line")
        .click();
    h.run();
    assert!(h.state().data.presentation);
}

#[test]
fn the_title_names_the_file_and_says_when_it_is_the_example() {
    let (dir, path) = seeded_db();
    let h = app_on(&path, seen());
    assert_eq!(h.state().window_title(), "kb.db (ví dụ có sẵn) — Lienket");
    let empty = dir.path().join("ours.db");
    drop(lienket::location::open_or_create(&empty, false).unwrap());
    let h = app_on(&empty, seen());
    assert_eq!(h.state().window_title(), "ours.db — Lienket");
    assert!(h.query_by_label("(ví dụ có sẵn)").is_none());
}

#[test]
fn a_theme_filter_lists_its_entities_with_nothing_typed_and_combines_with_kind() {
    let (_dir, path) = seeded_db();
    let theme = id_of(&path, "giảm nghèo bền vững");
    let mut h = app_on(&path, seen());
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Chủ đề").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Chủ đề")
        .type_text("giam ngheo ben vung");
    h.run();
    h.get_all_by_label("giảm nghèo bền vững")
        .next()
        .unwrap()
        .click();
    h.run();
    let d = &h.state().data;
    assert!(d.search_text.is_empty());
    assert!(d.browsing, "the theme alone does not list anything");
    assert!(!d.hits.is_empty());
    h.get_by_label("Đang lọc theo chủ đề hoặc ngày, chưa gõ gì để tìm.");
    // Each listed entity is linked to the theme, in one direction or the other.
    let store = Store::open(&path, Create::No).unwrap();
    for hit in &d.hits {
        let id = hit.entity.id.unwrap();
        let view = store.detail(id).unwrap();
        assert!(
            view.relations
                .iter()
                .any(|r| r.other.id.map(|o| o.0) == Some(theme)),
            "{} is not linked to the theme",
            hit.entity.name
        );
    }
    let all = d.hits.len();
    // With a kind: only events.
    h.state_mut()
        .act(lienket::ui::Action::FilterKind(Some("event".into())));
    h.run();
    let d = &h.state().data;
    assert!(!d.hits.is_empty() && d.hits.len() < all);
    assert!(d.hits.iter().all(|x| x.entity.kind == "event"));
}

#[test]
fn a_date_range_lists_the_events_of_a_year_with_nothing_typed() {
    let (_dir, path) = seeded_db();
    let dated = |name: &str, date: &str| NewEntity {
        date_start: Some(date.into()),
        ..entity("event", name)
    };
    add(
        &path,
        &[
            dated("Tập huấn tháng Ba", "2023-03-14"),
            dated("Hội nghị cuối năm", "2023-12"),
            dated("Hội thảo năm sau", "2024-01-05"),
        ],
        &[],
    );
    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut()
        .act(lienket::ui::Action::FilterKind(Some("event".into())));
    h.run();
    for field in ["Từ", "đến"] {
        h.get_by_role_and_label(Role::TextInput, field).click();
        h.run();
        h.get_by_role_and_label(Role::TextInput, field)
            .type_text("2023");
        h.run();
    }
    let names: Vec<&str> = h
        .state()
        .data
        .hits
        .iter()
        .map(|x| x.entity.name.as_str())
        .collect();
    assert_eq!(names, ["Hội nghị cuối năm", "Tập huấn tháng Ba"]);
    // Dates as Vietnamese write them, under each name.
    h.get_by_label("14/03/2023");
    h.get_by_label("12/2023");
}

#[test]
fn counts_say_more_than_when_capped_and_show_more_shows_them() {
    let (_dir, path) = seeded_db();
    let many: Vec<NewEntity> = (0..150)
        .map(|i| entity("place", &format!("Xóm Lũng {i}")))
        .collect();
    add(&path, &many, &[]);
    let mut h = app_on(&path, seen());
    h.run();
    search(&mut h, "xom lung");
    h.get_by_label("hơn 100 kết quả");
    assert_eq!(h.state().data.hits.len(), 100);
    h.get_by_label("Xem thêm").click();
    h.run();
    h.get_by_label("150 kết quả");
    assert_eq!(h.state().data.hits.len(), 150);
}

#[test]
fn namesakes_are_told_apart_in_the_list() {
    let (_dir, path) = seeded_db();
    let ministry = id_of(&path, "Bộ Lao động - Thương binh và Xã hội");
    let department = id_of(&path, "Cục Bảo trợ xã hội");
    let ids = add(
        &path,
        &[
            entity("organisation", "Phòng Tổng hợp"),
            entity("organisation", "Phòng Tổng hợp"),
        ],
        &[(0, "part_of", ministry), (1, "part_of", department)],
    );
    let mut h = app_on(&path, seen());
    h.run();
    h.state_mut()
        .act(lienket::ui::Action::FilterKind(Some("organisation".into())));
    h.run();
    h.get_by_label("Phòng Tổng hợp — Bộ Lao động - Thương binh và Xã hội");
    h.get_by_label("Phòng Tổng hợp — Cục Bảo trợ xã hội");
    assert_eq!(h.state().data.namesakes.len(), ids.len());
}

#[test]
fn a_long_group_is_filtered_by_typing() {
    let (_dir, path) = seeded_db();
    let department = id_of(&path, "Cục Bảo trợ xã hội");
    let people: Vec<NewEntity> = (0..60)
        .map(|i| entity("person", &format!("Cán bộ số {i}")))
        .chain([entity("person", "Lê Thị Hồng Nhung")])
        .collect();
    let links: Vec<(usize, &str, i64)> = (0..people.len())
        .map(|i| (i, "holds_position", department))
        .collect();
    add(&path, &people, &links);
    let mut h = app_on_entity(&path, department);
    h.get_by_role_and_label(Role::TextInput, "Lọc").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Lọc")
        .type_text("hong nhung");
    h.run();
    h.get_by_label("1 khớp");
    h.get_by_role_and_label(Role::Link, "Lê Thị Hồng Nhung");
    assert!(h.query_by_label("Cán bộ số 7").is_none());
}

#[test]
fn arrows_choose_a_line_enter_opens_it_and_esc_clears_the_box() {
    let (_dir, path) = seeded_db();
    let mut h = app_on(&path, seen());
    h.run();
    search(&mut h, "cuc");
    let hits: Vec<_> = h
        .state()
        .data
        .hits
        .iter()
        .map(|x| x.entity.id.unwrap())
        .collect();
    assert!(hits.len() >= 2);
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::ArrowUp);
    press(&mut h, Key::ArrowDown);
    assert_eq!(h.state().data.selected, Some(1));
    press(&mut h, Key::Enter);
    assert_eq!(h.state().page(), Page::Entity(hits[1]));
    // The cursor stayed in the search box: Esc clears it, and the list is back.
    press(&mut h, Key::Escape);
    assert!(h.state().data.search_text.is_empty());
    assert!(!h.state().data.shows_hits());
    // The list with nothing typed: ↓ then Enter opens its first line.
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::Enter);
    let first = h.state().data.list[0].id;
    assert_eq!(h.state().page(), Page::Entity(first));
}

#[test]
fn presentation_mode_zooms_hides_the_sidebar_and_private_entities() {
    let (_dir, path) = seeded_db();
    let department = id_of(&path, "Cục Bảo trợ xã hội");
    let mut secret = entity("person", "Người Riêng Tư");
    secret.private = true;
    add(&path, &[secret], &[(0, "holds_position", department)]);
    let mut h = app_on_entity(&path, department);
    h.get_by_role_and_label(Role::Link, "Người Riêng Tư");
    h.get_by_label("100 %");
    press(&mut h, Key::F5);
    assert!(h.state().data.presentation);
    h.get_by_label("175 %");
    assert!((h.ctx.zoom_factor() - look::PRESENTATION_ZOOM).abs() < 0.01);
    assert!(
        h.query_by_role_and_label(Role::TextInput, "Tìm kiếm")
            .is_none(),
        "the sidebar is shown"
    );
    assert!(h.query_by_label("Người Riêng Tư").is_none());
    h.get_by_role_and_label(Role::Link, "Tô Đức");
    // Zooming stays in the mode, within 150–200 %.
    for _ in 0..4 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        h.run();
    }
    assert!(
        h.state().data.presentation,
        "zooming left presentation mode"
    );
    assert!((h.ctx.zoom_factor() - 2.0).abs() < 0.01);
    h.get_by_label("200 %");
    // The hidden list takes no keys; Esc leaves the mode, zoom as it was.
    let page = h.state().page();
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::Enter);
    assert_eq!(h.state().page(), page);
    press(&mut h, Key::Escape);
    assert!(!h.state().data.presentation);
    h.get_by_label("100 %");
    h.get_by_role_and_label(Role::Link, "Người Riêng Tư");
    h.get_by_role_and_label(Role::TextInput, "Tìm kiếm");
}

#[test]
fn the_sidebar_keeps_its_width_through_zooming() {
    let (_dir, path) = seeded_db();
    let mut h = app_on(&path, seen());
    h.run();
    let width = |h: &Harness<'static, LienketApp>| {
        h.get_by_role_and_label(Role::TextInput, "Tìm kiếm")
            .rect()
            .width()
    };
    let before = width(&h);
    for _ in 0..6 {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
        h.run();
    }
    assert!(h.state().data.settings.zoom > 1.5);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Num0);
    h.run();
    h.run();
    assert!((h.state().data.settings.zoom - 1.0).abs() < 0.01);
    assert!((width(&h) - before).abs() < 2.0, "{before} → {}", width(&h));
    // The menu's Zoom in, as the keys do.
    h.get_by_label("Xem").click();
    h.run();
    h.get_by_label_contains("Phóng to").click();
    h.run();
    h.run();
    assert!((h.state().data.settings.zoom - 1.1).abs() < 0.01);
    assert!((h.ctx.zoom_factor() - 1.1).abs() < 0.01);
    h.get_by_label("110 %");
}

#[test]
fn the_welcome_page_shows_once_and_comes_back_from_help() {
    let (_dir, path) = seeded_db();
    let mut h = app_on(&path, Settings::default());
    h.run();
    h.get_by_label("Chào mừng đến với Lienket");
    h.get_by_label(&path.display().to_string());
    h.get_by_label("Đã hiểu, bắt đầu").click();
    h.run();
    assert!(h.query_by_label("Chào mừng đến với Lienket").is_none());
    let settings = h.state().data.settings.clone();
    assert!(settings.welcome_seen);
    // Not at the next start (the first window closed: one window per file)…
    drop(h);
    let mut h = app_on(&path, settings);
    h.run();
    assert!(h.query_by_label("Chào mừng đến với Lienket").is_none());
    // …but from Help.
    h.get_by_label("Trợ giúp").click();
    h.run();
    h.get_by_label_contains("Trang chào mừng").click();
    h.run();
    h.get_by_label("Chào mừng đến với Lienket");
    // In English too.
    drop(h);
    let mut h = app_on(
        &path,
        Settings {
            lang: Lang::En,
            ..Settings::default()
        },
    );
    h.run();
    h.get_by_label("Welcome to Lienket");
}

#[test]
fn the_example_says_what_it_is_and_about_names_the_licences_and_the_file() {
    let (_dir, path) = seeded_db();
    let mut h = app_on(&path, seen());
    h.run();
    h.get_by_label("Về cơ sở tri thức ví dụ");
    h.get_by_label_contains("30/12, năm không rõ");
    assert!(
        h.query_all_by_role_and_label(
            Role::Link,
            "Bản tin HNMO: Hội thảo “Công tác xã hội với người nghèo”"
        )
        .next()
        .is_some(),
        "the report is not cited"
    );
    h.get_by_label_contains("có thể đã thay đổi");
    h.get_by_label("Trợ giúp").click();
    h.run();
    h.get_by_label_contains("Giới thiệu").click();
    h.run();
    h.get_by_label(&format!("Phiên bản {}", env!("CARGO_PKG_VERSION")));
    h.get_by_label(&format!(
        "Phiên bản lược đồ cơ sở dữ liệu {}",
        lienket::store::LATEST_VERSION
    ));
    h.get_by_label_contains("DejaVu");
    h.get_by_label(&path.display().to_string());
}

/// WCAG 2 relative luminance of an sRGB colour.
fn luminance(c: egui::Color32) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
}

fn contrast(a: egui::Color32, b: egui::Color32) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn every_text_colour_reads_at_wcag_aa_in_both_themes() {
    assert!((contrast(egui::Color32::BLACK, egui::Color32::WHITE) - 21.0).abs() < 0.01);
    for dark in [false, true] {
        let pairs = look::text_on_backgrounds(dark);
        assert!(pairs.len() > 40, "too few colours checked");
        let failing: Vec<String> = pairs
            .iter()
            .filter(|(_, fg, bg)| contrast(*fg, *bg) < 4.5)
            .map(|(name, fg, bg)| format!("{name}: {:.2}", contrast(*fg, *bg)))
            .collect();
        assert!(failing.is_empty(), "dark={dark}: {failing:?}");
    }
    // The window draws with those visuals, in both themes.
    let (_dir, path) = seeded_db();
    let h = app_on(&path, seen());
    for (dark, theme) in [(false, egui::Theme::Light), (true, egui::Theme::Dark)] {
        let v = h.ctx.style_of(theme).visuals.clone();
        assert_eq!(v.dark_mode, dark);
        assert_eq!(v.weak_text_color(), look::visuals(dark).weak_text_color());
        assert_eq!(v.hyperlink_color, look::visuals(dark).hyperlink_color);
        assert_eq!(v.text_color(), look::visuals(dark).text_color());
    }
}
