//! The real window, driven headless through its accessible labels: search, open an
//! entity, follow links, go back and forward, switch language, and the error dialog.

use crate::common::{app_on, seeded_db};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lienket::i18n::{self, Lang};
use lienket::model::EntityId;
use lienket::ui::{LienketApp, Page, Settings};
use std::path::Path;

fn entity_id(path: &Path, name: &str) -> EntityId {
    let store = lienket::store::Store::open(path, lienket::store::Create::No).expect("open");
    store.resolve(name).expect("resolve").expect(name)
}

#[test]
fn search_open_follow_links_back_and_forward() {
    let (_dir, path) = seeded_db();
    let to_duc = entity_id(&path, "Tô Đức");
    let department = entity_id(&path, "Cục Bảo trợ xã hội");
    let mut h = app_on(&path, Settings::default());
    h.run();

    let search = h.get_by_role_and_label(Role::TextInput, "Tìm kiếm");
    search.click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Tìm kiếm")
        .type_text("to duc");
    h.run();
    assert_eq!(
        h.state().data.hits.first().map(|x| x.entity.name.as_str()),
        Some("Tô Đức")
    );
    h.get_all_by_label("Tô Đức").next().expect("a hit").click();
    h.run();
    assert_eq!(h.state().page(), Page::Entity(to_duc));
    // The role and the department, as the user sees them.
    h.get_by_label("· Cục trưởng");
    h.get_by_label("Giữ chức vụ tại");
    h.get_by_role_and_label(Role::Link, "Cục Bảo trợ xã hội")
        .click();
    h.run();
    assert_eq!(h.state().page(), Page::Entity(department));
    // The ministry under the part-of label, and Tô Đức under the inverse label.
    h.get_by_label("Thuộc");
    h.get_by_role_and_label(Role::Link, "Bộ Lao động - Thương binh và Xã hội");
    h.get_by_label("Cán bộ, lãnh đạo");
    h.get_by_role_and_label(Role::Link, "Tô Đức");

    // Back with the keyboard, forward with the button.
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowLeft);
    h.run();
    assert_eq!(h.state().page(), Page::Entity(to_duc));
    h.get_by_label("· Cục trưởng");
    h.get_by_label_contains("Tiến").click();
    h.run();
    assert_eq!(h.state().page(), Page::Entity(department));
    h.get_by_label_contains("Quay lại").click();
    h.run();
    assert_eq!(h.state().page(), Page::Entity(to_duc));
    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowRight);
    h.run();
    assert_eq!(h.state().page(), Page::Entity(department));
}

#[test]
fn switching_to_english_changes_the_labels() {
    let (_dir, path) = seeded_db();
    let settings = Settings {
        last_entity: Some(
            lienket::store::Store::open(&path, lienket::store::Create::No)
                .expect("open")
                .entity(entity_id(&path, "Cục Bảo trợ xã hội"))
                .expect("entity")
                .uid,
        ),
        ..Settings::default()
    };
    let mut h = app_on(&path, settings);
    h.run();
    // The last entity reopens at start.
    h.get_by_label("Thuộc");
    h.get_by_role_and_label(Role::ComboBox, "Ngôn ngữ").click();
    h.run();
    h.get_by_label("English").click();
    h.run();
    assert_eq!(h.state().data.settings.lang, Lang::En);
    h.get_by_label("Part of");
    h.get_by_label("Officials");
    assert!(
        h.query_by_label("Thuộc").is_none(),
        "Vietnamese label still shown"
    );
    h.get_by_role_and_label(Role::TextInput, "Search");
    h.get_by_label_contains("Back");
}

#[test]
fn a_non_sqlite_file_shows_the_error_dialog_and_stays_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.db");
    let bytes = b"These are my notes, not a database.\n".to_vec();
    std::fs::write(&path, &bytes).expect("write");
    let mut h = app_on(&path, Settings::default());
    h.run();
    h.get_by_label("Không mở được cơ sở dữ liệu");
    h.get_by_label_contains("không phải là cơ sở dữ liệu Lienket");
    h.get_by_label("Mở tệp khác…");
    h.get_by_label("Tạo mới…");
    assert!(h.state().store().is_none());
    assert_eq!(std::fs::read(&path).expect("read"), bytes);

    // Creating a new file at a typed path opens the built-in knowledge base.
    let new_path = dir.path().join("new.db");
    let field = h.get_by_role_and_label(Role::TextInput, "Đường dẫn tệp");
    field.click();
    h.run();
    field_select_all_and_type(&mut h, &new_path.display().to_string());
    h.get_by_label("Tạo tệp mới tại đây").click();
    h.run();
    let store = h.state().store().expect("the new file is open");
    assert!(store.resolve("Tô Đức").expect("resolve").is_some());
}

fn field_select_all_and_type(h: &mut Harness<'static, LienketApp>, text: &str) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Đường dẫn tệp")
        .type_text(text);
    h.run();
}

#[test]
fn every_translation_and_every_seed_name_renders() {
    assert_eq!(
        i18n::keys(Lang::Vi),
        i18n::keys(Lang::En),
        "both languages must have the same keys"
    );
    let data = lienket::seed::data().expect("seed");
    let mut texts: Vec<String> = Vec::new();
    for lang in Lang::ALL {
        for key in i18n::keys(lang) {
            texts.push(i18n::tr(lang, key).to_owned());
        }
    }
    for e in &data.entities {
        texts.push(e.name.clone());
        texts.extend(e.name_en.clone());
        texts.extend(e.summary.clone());
        texts.extend(e.aliases.iter().map(|a| a.name.clone()));
        texts.extend(e.citations.iter().filter_map(|c| c.quote.clone()));
    }
    for r in &data.relations {
        texts.extend(r.role.clone());
        texts.extend(r.citations.iter().filter_map(|c| c.quote.clone()));
    }
    for p in &data.predicates {
        texts.extend([
            p.label_vi.clone(),
            p.label_en.clone(),
            p.inverse_vi.clone(),
            p.inverse_en.clone(),
        ]);
    }
    for k in &data.kinds {
        texts.extend([k.label_vi.clone(), k.label_en.clone()]);
        texts.push(lienket::ui::kind_icon(&k.name).to_owned());
    }
    texts.push(lienket::ui::kind_icon("a kind of one's own").to_owned());
    assert!(texts.len() > 300);
    // kittest panics on a glyph the installed fonts lack.
    let mut h = Harness::builder()
        .with_size([1600.0, 20_000.0])
        .build_ui(move |ui| {
            lienket::ui::fonts::install(ui.ctx());
            for t in &texts {
                ui.label(t);
            }
        });
    h.run();
}

#[test]
fn egui_default_fonts_alone_cannot_show_vietnamese() {
    // The control for the test above: without the bundled font, "Hội" has a missing glyph.
    let result = std::panic::catch_unwind(|| {
        let mut h = Harness::builder().build_ui(|ui| {
            ui.label("Hội thảo người nghèo");
        });
        h.run();
    });
    let message = match result {
        Ok(()) => panic!("the default fonts unexpectedly cover Vietnamese"),
        Err(e) => e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default(),
    };
    assert!(
        message.contains("glyph"),
        "failed for another reason: {message}"
    );
}

#[test]
fn a_hub_opens_page_by_page_with_counts_per_group_and_draws_only_visible_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.db");
    {
        let mut store =
            lienket::store::Store::open(&path, lienket::store::Create::IfMissing).expect("create");
        lienket::generate::generate(
            &mut store,
            lienket::generate::Params {
                entities: 3_000,
                relations: 30_000,
                seed: 7,
            },
            |_, _, _| {},
        )
        .expect("generate");
    }
    let (hub, degree) = {
        let store = lienket::store::Store::open(&path, lienket::store::Create::No).expect("open");
        let (row, n) = store.most_connected(1).expect("top").remove(0);
        (row, n)
    };
    assert!(degree > 500, "the generator made no hub ({degree})");
    let mut h = app_on(&path, Settings::default());
    h.run();
    h.state_mut().act(lienket::ui::Action::Open(hub.id));
    h.run();
    let view = h.state().data.entity.clone().expect("entity view");
    assert_eq!(
        view.relation_count() as i64,
        degree,
        "every group is counted"
    );
    let (index, group) = view
        .groups
        .iter()
        .enumerate()
        .max_by_key(|(_, g)| g.total)
        .expect("groups");
    let page = lienket::ui::PAGE;
    assert!(group.total > page, "expected a group of more than one page");
    // The group heading carries its whole count, but only its first rows were read…
    h.get_by_label(&format!("({})", group.total));
    assert_eq!(group.items.len(), lienket::ui::FIRST_ROWS);
    // …and only a window of its rows is drawn.
    let links = h.query_all_by_role(Role::Link).count();
    assert!(
        links < 200,
        "{links} links drawn for a group of {}: the list is not virtualised",
        group.total
    );
    // Scrolling to the end of what was read reads the next page, in the store's order.
    h.state_mut().act(lienket::ui::Action::LoadMore(index));
    h.run();
    let after = h.state().data.entity.clone().expect("entity view");
    let grown = &after.groups[index];
    let read = (lienket::ui::FIRST_ROWS + page).min(grown.total);
    assert_eq!(grown.items.len(), read);
    let store = lienket::store::Store::open(&path, lienket::store::Create::No).expect("open");
    let expected = store
        .relations_page(hub.id, &grown.predicate, grown.direction, 0, read)
        .expect("pages");
    assert_eq!(grown.items, expected);
}

#[test]
fn the_background_worker_answers_searches() {
    let (_dir, path) = seeded_db();
    let worker = lienket::ui::worker::Worker::start(&path, || {}).expect("worker");
    worker.send(lienket::ui::worker::Job::Search {
        seq: 1,
        target: lienket::ui::worker::Target::Panel,
        query: lienket::store::search::Query {
            text: "to d".into(),
            kind: None,
            limit: 5,
        },
        filters: Default::default(),
        browse: false,
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let done = worker.poll();
        if let Some(lienket::ui::worker::Done::Search { seq, results, .. }) =
            done.into_iter().next()
        {
            assert_eq!(seq, 1);
            let results = results.expect("search ok");
            assert_eq!(results.hits[0].entity.name, "Tô Đức");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no answer from the worker"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}

#[test]
fn search_results_show_the_reading_the_context_and_follow_the_filters() {
    let (_dir, path) = seeded_db();
    let mut h = app_on(&path, Settings::default());
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Tìm kiếm").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Tìm kiếm")
        .type_text("chuyeenr ddooir soos");
    h.run();
    // Telex typed without an input method: the reading is shown, and the hits.
    h.get_by_label("Kết quả cho “chuyển đổi số”");
    assert_eq!(
        h.state().data.hits.first().map(|x| x.entity.name.as_str()),
        Some("chuyển đổi số")
    );
    assert_eq!(h.state().data.reading.as_deref(), Some("chuyển đổi số"));

    // A person's hit says where they work.
    h.state_mut()
        .act(lienket::ui::Action::Search("to duc".into()));
    h.run();
    h.get_by_label("Cục trưởng · Cục Bảo trợ xã hội");

    // The theme picker is the search engine too: type, pick, and the results follow.
    h.get_by_role_and_label(Role::TextInput, "Chủ đề").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Chủ đề")
        .type_text("giam ngheo");
    h.run();
    h.get_all_by_label("giảm nghèo")
        .next()
        .expect("a theme")
        .click();
    h.run();
    let theme = h
        .state()
        .data
        .filter
        .theme
        .clone()
        .expect("theme filter set");
    assert_eq!(theme.1, "giảm nghèo");
    h.state_mut()
        .act(lienket::ui::Action::Search("khuyen nghi".into()));
    h.run();
    let hits = h.state().data.hits.clone();
    assert!(!hits.is_empty());
    let store = lienket::store::Store::open(&path, lienket::store::Create::No).expect("open");
    for hit in &hits {
        let d = store.detail(hit.entity.id.expect("id")).expect("detail");
        assert!(d.relations.iter().any(|r| r.other.id == Some(theme.0)));
    }
    // Dropping the filter brings the others back.
    h.get_by_label("✖").click();
    h.run();
    assert!(h.state().data.filter.theme.is_none());
    assert!(h.state().data.hits.len() > hits.len());

    // A date range keeps dated entities only (the workshop's year is unknown).
    let from = h.get_by_role_and_label(Role::TextInput, "Từ");
    from.click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Từ")
        .type_text("2000");
    h.run();
    assert!(h.state().data.hits.is_empty(), "{:?}", h.state().data.hits);
    h.get_by_role_and_label(Role::TextInput, "Từ")
        .type_text("x");
    h.run();
    h.get_by_label_contains("Ngày chưa đúng dạng");
}

#[test]
fn idle_frames_make_no_store_calls() {
    let (_dir, path) = seeded_db();
    let department = entity_id(&path, "Cục Bảo trợ xã hội");
    let mut h = app_on(&path, Settings::default());
    h.run();
    assert!(
        h.state_mut().take_store_calls() > 0,
        "opening reads the store"
    );
    let idle = |h: &mut Harness<'static, LienketApp>, what: &str| {
        h.state_mut().take_store_calls();
        for _ in 0..5 {
            h.step();
        }
        assert_eq!(h.state_mut().take_store_calls(), 0, "idle on {what}");
    };
    idle(&mut h, "the home page");
    h.state_mut().act(lienket::ui::Action::Open(department));
    h.run();
    assert_eq!(h.state().page(), Page::Entity(department));
    idle(&mut h, "an entity");
    h.state_mut()
        .act(lienket::ui::Action::Search("bao tro".into()));
    h.run();
    assert!(!h.state().data.hits.is_empty());
    idle(&mut h, "search results");
}

#[test]
fn a_superseded_search_is_interrupted_but_never_the_search_after_it() {
    use lienket::ui::worker::{Done, Job, Target, Worker};
    let (_dir, path) = seeded_db();
    let worker = Worker::start(&path, || {}).expect("worker");
    let search = |seq: u64, target: Target, text: &str| Job::Search {
        seq,
        target,
        query: lienket::store::search::Query {
            text: text.into(),
            kind: None,
            limit: 20,
        },
        filters: Default::default(),
        browse: false,
    };
    // Keystrokes in quick succession, in two lists: each newer search of a list may
    // interrupt the older one of that list, and nothing else.
    let mut newest = std::collections::HashMap::new();
    let mut seq = 0;
    for round in 0..60 {
        for (target, text) in [(Target::Panel, "giam ngheo"), (Target::Palette, "cuc bao")] {
            seq += 1;
            let text = &text[..text.len() - round % 3];
            worker.send(search(seq, target, text));
            newest.insert(target, seq);
        }
    }
    let mut answered = std::collections::HashMap::new();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    while answered.len() < newest.len() {
        for done in worker.poll() {
            if let Done::Search {
                seq,
                target,
                results,
            } = done
            {
                match results {
                    Ok(_) => {}
                    Err(lienket::store::StoreError::Interrupted) => {
                        assert_ne!(
                            Some(&seq),
                            newest.get(&target),
                            "the newest was interrupted"
                        );
                    }
                    Err(e) => panic!("search {seq} failed: {e}"),
                }
                if newest.get(&target) == Some(&seq) {
                    answered.insert(target, seq);
                }
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no answer from the worker"
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}
