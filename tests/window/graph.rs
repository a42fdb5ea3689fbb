//! The graph page: opened from an entity, its nodes reached by name, activated with the
//! pointer or the keyboard, filtered by kind and link type, widened to the whole base,
//! drawn as a hierarchy.

use super::common::{app_on, seeded_db, seen};
use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use lienket::model::EntityId;
use lienket::store::{Create, Store};
use lienket::ui::{Action, LienketApp, Page};
use std::collections::BTreeSet;
use std::path::Path;

fn id_of(path: &Path, name: &str) -> EntityId {
    let store = Store::open(path, Create::No).expect("the database");
    store
        .resolve(name)
        .expect("a read")
        .unwrap_or_else(|| panic!("no entity {name}"))
}

/// The graph around `name`, opened with the entity page's button.
fn graph_around(path: &Path, name: &str) -> Harness<'static, LienketApp> {
    let mut h = app_on(path, seen());
    h.run();
    h.state_mut().act(Action::Open(id_of(path, name)));
    h.run();
    h.get_by_role_and_label(Role::Button, "Mạng lưới").click();
    h.run();
    assert_eq!(h.state().data.page(), Page::Graph);
    h
}

/// The names of the nodes drawn.
fn drawn(h: &Harness<'static, LienketApp>) -> BTreeSet<String> {
    let g = h.state().data.graph.as_ref().expect("a graph");
    g.network
        .nodes
        .iter()
        .zip(&g.nodes_shown)
        .filter(|(_, s)| **s)
        .map(|(n, _)| n.name.clone())
        .collect()
}

/// Whether the picture holds a node widget named `name` (the list on the left has
/// entries of the same names: only those inside the picture count).
fn has_node(h: &Harness<'static, LienketApp>, name: &str) -> bool {
    let canvas = h
        .get_by_role_and_label(Role::Canvas, "Sơ đồ mạng lưới")
        .rect();
    h.query_all_by_label(name)
        .any(|n| canvas.contains_rect(n.rect()) && n.accesskit_node().role() == Role::Button)
}

fn click_node(h: &mut Harness<'static, LienketApp>, name: &str) {
    let canvas = h
        .get_by_role_and_label(Role::Canvas, "Sơ đồ mạng lưới")
        .rect();
    let node = h
        .query_all_by_label(name)
        .find(|n| canvas.contains_rect(n.rect()))
        .unwrap_or_else(|| panic!("no node {name}"));
    node.click();
    h.run();
}

#[test]
fn the_graph_of_an_entity_shows_its_neighbours_and_a_node_opens_its_page() {
    let (_dir, path) = seeded_db();
    let mut h = graph_around(&path, "Tô Đức");
    // Every entity one link away, both directions, and nothing else.
    let store = Store::open(&path, Create::No).unwrap();
    let to_duc = id_of(&path, "Tô Đức");
    let mut expected: BTreeSet<String> = store
        .links(to_duc)
        .unwrap()
        .into_iter()
        .map(|l| store.entity(l.other).unwrap().name)
        .collect();
    expected.insert("Tô Đức".into());
    assert_eq!(drawn(&h), expected);
    assert!(
        has_node(&h, "Cục Bảo trợ xã hội"),
        "the node is reachable by name"
    );
    assert!(h.query_by_label_contains("Quanh Tô Đức").is_some());

    click_node(&mut h, "Cục Bảo trợ xã hội");
    let cuc = id_of(&path, "Cục Bảo trợ xã hội");
    let g = h.state().data.graph.as_ref().unwrap();
    assert_eq!(g.selected.map(|i| g.network.nodes[i].id), Some(cuc));
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().data.page(), Page::Entity(cuc));
    // Back returns to the graph as it was.
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::Back));
    h.run();
    assert_eq!(h.state().data.page(), Page::Graph);
    assert!(has_node(&h, "Cục Bảo trợ xã hội"));
}

#[test]
fn arrow_keys_move_between_nodes_and_enter_opens_the_one_chosen() {
    let (_dir, path) = seeded_db();
    let mut h = graph_around(&path, "Hội thảo “Công tác xã hội với người nghèo”");
    let canvas = h
        .get_by_role_and_label(Role::Canvas, "Sơ đồ mạng lưới")
        .rect();
    h.query_all_by_label("Hội thảo “Công tác xã hội với người nghèo”")
        .find(|n| canvas.contains_rect(n.rect()))
        .expect("the workshop's node")
        .focus();
    h.run();
    let chosen = |h: &Harness<'static, LienketApp>| {
        let g = h.state().data.graph.as_ref().unwrap();
        g.selected.map(|i| g.network.nodes[i].id)
    };
    let workshop = id_of(&path, "Hội thảo “Công tác xã hội với người nghèo”");
    assert_eq!(chosen(&h), Some(workshop), "focus chooses the node");
    let mut seen_ids = BTreeSet::new();
    for key in [
        Key::ArrowRight,
        Key::ArrowDown,
        Key::ArrowLeft,
        Key::ArrowUp,
    ] {
        h.key_press(key);
        h.run();
        seen_ids.insert(chosen(&h).expect("a node stays chosen"));
    }
    assert!(
        seen_ids.len() >= 2,
        "the arrows moved the choice: {seen_ids:?}"
    );
    let last = chosen(&h).unwrap();
    // The focus followed the choice: Enter opens it.
    h.key_press(Key::Enter);
    h.run();
    assert_eq!(h.state().data.page(), Page::Entity(last));
}

#[test]
fn hiding_a_kind_or_a_link_type_removes_nodes_and_showing_it_restores_them() {
    let (_dir, path) = seeded_db();
    let workshop = "Hội thảo “Công tác xã hội với người nghèo”";
    let mut h = graph_around(&path, workshop);
    let all = drawn(&h);
    let organisations = h.get_by(|n| n.label().is_some_and(|l| l.starts_with("Tổ chức (")));
    organisations.click();
    h.run();
    assert!(!has_node(&h, "Cục Bảo trợ xã hội"));
    assert!(
        has_node(&h, workshop),
        "the entity the graph is about stays"
    );
    let store = Store::open(&path, Create::No).unwrap();
    for name in drawn(&h) {
        let kind = store.entity(id_of(&path, &name)).unwrap().kind;
        assert_ne!(kind, "organisation", "{name} is still drawn");
    }
    h.get_by(|n| n.label().is_some_and(|l| l.starts_with("Tổ chức (")))
        .click();
    h.run();
    assert_eq!(drawn(&h), all);
    assert!(has_node(&h, "Cục Bảo trợ xã hội"));

    // A link type some nodes hang on alone, hidden from the menu: those nodes go, the
    // others stay.
    let g = h.state().data.graph.as_ref().unwrap();
    let kept_without = |predicate: &str| {
        let mut kept = BTreeSet::from([workshop.to_owned()]);
        for e in g.network.edges.iter().filter(|e| e.predicate != predicate) {
            kept.insert(g.network.nodes[e.from as usize].name.clone());
            kept.insert(g.network.nodes[e.to as usize].name.clone());
        }
        kept
    };
    let (predicate, kept) = g
        .network
        .edges
        .iter()
        .map(|e| (e.predicate.clone(), kept_without(&e.predicate)))
        .find(|(_, kept)| kept.len() < all.len())
        .expect("a link type some nodes hang on alone");
    let label = store
        .predicates()
        .unwrap()
        .into_iter()
        .find(|p| p.name == predicate)
        .unwrap()
        .label_vi;
    h.get_by_label("Kiểu liên kết").click();
    h.run();
    h.get_by_role_and_label(Role::CheckBox, &label).click();
    h.run();
    assert_eq!(drawn(&h), kept);
    h.get_by_role_and_label(Role::CheckBox, &label).click();
    h.run();
    assert_eq!(drawn(&h), all);
}

#[test]
fn the_whole_base_is_drawn_and_the_deeper_neighbourhood_holds_the_nearer() {
    let (_dir, path) = seeded_db();
    let mut h = graph_around(&path, "Tô Đức");
    let near = drawn(&h);
    h.get_by_role_and_label(Role::Button, "2").click();
    h.run();
    let deeper = drawn(&h);
    assert!(deeper.is_superset(&near) && deeper.len() > near.len());
    h.get_by_label("Toàn bộ cơ sở").click();
    h.run();
    let store = Store::open(&path, Create::No).unwrap();
    let every: BTreeSet<String> = store
        .list(None, 10_000)
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(drawn(&h), every);
    assert!(
        h.query_by_label_contains("Toàn bộ cơ sở tri thức")
            .is_some()
    );
    let g = h.state().data.graph.as_ref().unwrap();
    assert!(!g.network.cut);
    assert!(
        g.layout
            .positions()
            .iter()
            .all(|p| p[0].is_finite() && p[1].is_finite())
    );
}

#[test]
fn as_a_hierarchy_each_part_is_drawn_below_what_it_is_part_of() {
    let (_dir, path) = seeded_db();
    let mut h = graph_around(&path, "Bộ Lao động - Thương binh và Xã hội");
    h.get_by_label("Vẽ theo phân cấp").click();
    h.run();
    let g = h.state().data.graph.as_ref().unwrap();
    assert!(g.hierarchy && g.layout.settled());
    let pos = g.layout.positions();
    let part_of: Vec<_> = g
        .network
        .edges
        .iter()
        .filter(|e| e.predicate == "part_of")
        .collect();
    assert!(!part_of.is_empty(), "the ministry has parts");
    for e in part_of {
        assert!(
            pos[e.from as usize][1] > pos[e.to as usize][1],
            "{} is not below {}",
            g.network.nodes[e.from as usize].name,
            g.network.nodes[e.to as usize].name
        );
    }
}

#[test]
fn a_map_saved_under_a_name_reopens_exactly_as_left_and_its_saving_is_undone() {
    use lienket::ui::graph::{Camera, GraphEdit};
    let (_dir, path) = seeded_db();
    let mut h = graph_around(&path, "Tô Đức");
    h.get_by_role_and_label(Role::Button, "2").click();
    h.run();
    let report = "Bản tin HNMO: Hội thảo “Công tác xã hội với người nghèo”";
    assert!(has_node(&h, report));
    h.get_by_label("Hiện tài liệu").click();
    h.run();
    let g = h.state().data.graph.as_ref().unwrap();
    let cuc = g
        .network
        .node_of(id_of(&path, "Cục Bảo trợ xã hội"))
        .unwrap();
    h.state_mut()
        .act(Action::Graph(GraphEdit::Drag(cuc, [400.0, -250.0])));
    h.run();
    h.state_mut().act(Action::Graph(GraphEdit::Camera(Camera {
        center: [12.5, -7.25],
        zoom: 0.8125,
        fit: false,
    })));
    h.run();
    let before = {
        let g = h.state().data.graph.as_ref().unwrap();
        assert!(g.layout.settled() && g.layout.is_pinned(cuc));
        (
            g.network.scope,
            g.layout.positions().to_vec(),
            g.filter.clone(),
            g.camera,
        )
    };

    h.get_by_label("Bản đồ đã lưu").click();
    h.run();
    super::common::fill(&mut h, "Tên bản đồ", "Lớp 1");
    h.get_by_label("Lưu bản đồ này").click();
    h.run();
    let store = Store::open(&path, Create::No).unwrap();
    let names: Vec<String> = store.maps().unwrap().into_iter().map(|m| m.name).collect();
    assert_eq!(names, ["Lớp 1"]);

    // Elsewhere, then back through the menu.
    h.get_by_label("Toàn bộ cơ sở").click();
    h.run();
    assert_eq!(
        h.state().data.graph.as_ref().unwrap().network.scope,
        lienket::graph::network::Scope::Whole
    );
    h.get_by_label("Bản đồ đã lưu").click();
    h.run();
    h.get_by_role_and_label(Role::Button, "Lớp 1").click();
    h.run();
    let g = h.state().data.graph.as_ref().unwrap();
    assert_eq!(g.network.scope, before.0);
    assert_eq!(
        g.layout.positions(),
        before.1.as_slice(),
        "every node where it was"
    );
    assert_eq!(g.filter, before.2);
    assert_eq!(g.camera, before.3);
    assert!(g.layout.is_pinned(cuc) && g.layout.settled());
    assert!(!has_node(&h, report), "documents still hidden");

    // One edit: undone in one step.
    h.state_mut()
        .act(Action::Run(lienket::ui::commands::Command::Undo));
    h.run();
    assert!(store.maps().unwrap().is_empty());
}

#[test]
fn how_an_entity_is_connected_to_another_is_drawn_and_read_as_chains() {
    let (_dir, path) = seeded_db();
    let mut h = graph_around(&path, "Tô Đức");
    super::common::fill(&mut h, "Tô Đức nối với:", "bo tu phap");
    // The list on the left has a line of that name too: the hit is above the picture.
    let canvas = h
        .get_by_role_and_label(Role::Canvas, "Sơ đồ mạng lưới")
        .rect();
    h.query_all_by_role_and_label(Role::Button, "Bộ Tư pháp")
        .find(|n| n.rect().left() >= canvas.left() && n.rect().bottom() <= canvas.top())
        .expect("the hit for Bộ Tư pháp")
        .click();
    h.run();
    let g = h.state().data.graph.as_ref().unwrap();
    assert!(matches!(
        g.network.scope,
        lienket::graph::network::Scope::Between { .. }
    ));
    // The nodes are those of the paths, and every path's links stand out.
    assert!(!g.network.paths.is_empty());
    let mut on_paths = BTreeSet::from(["Tô Đức".to_owned()]);
    for p in &g.network.paths {
        for s in &p.steps {
            on_paths.insert(
                g.network.nodes[g.network.node_of(s.to).unwrap()]
                    .name
                    .clone(),
            );
            assert!(g.on_path.contains(&s.relation));
        }
    }
    assert_eq!(drawn(&h), on_paths);
    assert!(on_paths.contains(WORKSHOP_NAME) && on_paths.contains("Bộ Tư pháp"));
    // Read as a chain in the interface's language.
    let chain =
        format!("Tô Đức — phát biểu tại — {WORKSHOP_NAME} — thành phần tham dự — Bộ Tư pháp");
    assert!(h.query_by_label(&chain).is_some(), "{:?}", g.chains);
    assert!(g.chains.iter().all(|(_, private)| !private));
    // Not through documents: the same path (it passes none).
    h.get_by_label("Không đi qua tài liệu").click();
    h.run();
    assert!(h.query_by_label(&chain).is_some());
}

const WORKSHOP_NAME: &str = "Hội thảo “Công tác xã hội với người nghèo”";

#[test]
fn the_picture_is_written_as_svg_and_png_without_private_entities_unless_asked() {
    let (dir, path) = seeded_db();
    with_private_contact(&path);
    let mut h = graph_around(&path, WORKSHOP_NAME);
    assert!(drawn(&h).contains("Người liên hệ riêng"));
    let target = dir.path().join("lop1.svg");
    h.get_by_label("Xuất hình").click();
    h.run();
    super::common::fill(&mut h, "Lưu vào tệp", &target.display().to_string());
    h.get_by_label("Lưu SVG").click();
    h.run();
    let svg = std::fs::read_to_string(&target).unwrap();
    assert!(svg.contains("Cục Bảo trợ xã hội") && svg.contains("Hội thảo “Công tác xã hội"));
    assert!(
        !svg.contains("Người liên hệ riêng"),
        "private entities stay out"
    );
    assert!(h.query_by_label_contains("Đã lưu hình").is_some());

    h.get_by_label("Gồm cả thực thể riêng tư").click();
    h.run();
    h.get_by_label("Lưu SVG").click();
    h.run();
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("Người liên hệ riêng")
    );

    h.get_by_label("Lưu PNG").click();
    h.run();
    let png = std::fs::read(dir.path().join("lop1.png")).unwrap();
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
    assert!(pixmap.width() > 100 && pixmap.height() > 100);
}

/// A private person who attended the workshop.
fn with_private_contact(path: &Path) {
    use lienket::store::write::{NewEntity, NewRelation};
    let mut store = Store::open(path, Create::No).expect("the database");
    store
        .edit("private", |w| {
            let id = w.add_entity(&NewEntity {
                kind: "person".into(),
                name: "Người liên hệ riêng".into(),
                private: true,
                ..NewEntity::default()
            })?;
            w.add_relation(&NewRelation {
                subject: id.0,
                predicate: "attended".into(),
                object: id_of(path, WORKSHOP_NAME).0,
                allow_kind_mismatch: true,
                ..NewRelation::default()
            })?;
            Ok(())
        })
        .expect("a private contact");
}

#[test]
fn presentation_mode_hides_private_entities_from_the_graph_and_brings_them_back() {
    let (_dir, path) = seeded_db();
    with_private_contact(&path);
    let mut h = graph_around(&path, WORKSHOP_NAME);
    assert!(has_node(&h, "Người liên hệ riêng"));
    h.key_press(Key::F5);
    h.run();
    assert!(!drawn(&h).contains("Người liên hệ riêng"));
    assert!(!has_node(&h, "Người liên hệ riêng"));
    assert!(has_node(&h, "Cục Bảo trợ xã hội"), "the others stay");
    h.key_press(Key::F5);
    h.run();
    assert!(has_node(&h, "Người liên hệ riêng"));
}
