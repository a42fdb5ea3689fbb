//! The command palette of the real window, driven with the keyboard only: Ctrl+K and
//! Ctrl+P open it with the cursor in its field, typing searches entities and commands,
//! the arrows move the selection, Enter runs it and Esc closes. No pointer event is sent.

use crate::common::seeded_db;
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lienket::ui::commands::Command;
use lienket::ui::{LienketApp, Page, PaletteItem, Settings};
use std::path::Path;

fn type_keys(h: &mut Harness<'static, LienketApp>, text: &str) {
    h.event(Event::Text(text.to_owned()));
    h.run();
}

fn press(h: &mut Harness<'static, LienketApp>, key: Key) {
    h.key_press(key);
    h.run();
}

fn open_palette(h: &mut Harness<'static, LienketApp>, key: Key) {
    h.key_press_modifiers(Modifiers::COMMAND, key);
    h.run();
    assert!(
        h.state().data.palette.is_some(),
        "{key:?} did not open the palette"
    );
    assert!(
        h.get_by_role_and_label(Role::TextInput, "Bảng lệnh")
            .is_focused(),
        "the palette's field does not have the keyboard"
    );
}

fn entity_id(path: &Path, name: &str) -> lienket::model::EntityId {
    let store = lienket::store::Store::open(path, lienket::store::Create::No).expect("open");
    store.resolve(name).expect("resolve").expect(name)
}

#[test]
fn the_palette_jumps_to_entities_and_runs_commands_from_the_keyboard() {
    let (_dir, path) = seeded_db();
    let to_duc = entity_id(&path, "Tô Đức");
    let mut h = app_on(&path);
    h.run();

    // Ctrl+K, a name without diacritics, Enter: the entity opens and the palette closes.
    open_palette(&mut h, Key::K);
    type_keys(&mut h, "to duc");
    let items = h.state().palette_items();
    assert!(
        matches!(&items[0], PaletteItem::Entity(hit) if hit.entity.name == "Tô Đức"),
        "{items:?}"
    );
    // What the palette shows: the name, and where the person works.
    h.get_by_label("Tô Đức");
    h.get_by_label_contains("Cục trưởng · Cục Bảo trợ xã hội");
    press(&mut h, Key::Enter);
    assert_eq!(h.state().page(), Page::Entity(to_duc));
    assert!(h.state().data.palette.is_none());

    // Ctrl+P, a word of a command's name: the command comes first; Enter runs it.
    assert!(!h.state().data.settings.dark);
    open_palette(&mut h, Key::P);
    type_keys(&mut h, "giao dien");
    assert_eq!(
        h.state().palette_items().first(),
        Some(&PaletteItem::Command(Command::ToggleTheme))
    );
    press(&mut h, Key::Enter);
    assert!(
        h.state().data.settings.dark,
        "the theme command did not run"
    );
    assert!(h.state().data.palette.is_none());

    // Arrows move the selection (and wrap); Enter opens the selected entity.
    open_palette(&mut h, Key::K);
    type_keys(&mut h, "cuc bao tro");
    let items = h.state().palette_items();
    assert!(items.len() >= 2, "{items:?}");
    press(&mut h, Key::ArrowDown);
    assert_eq!(h.state().data.palette.as_ref().map(|p| p.selected), Some(1));
    press(&mut h, Key::ArrowUp);
    press(&mut h, Key::ArrowUp);
    assert_eq!(
        h.state().data.palette.as_ref().map(|p| p.selected),
        Some(items.len() - 1),
        "up from the first line wraps to the last"
    );
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::ArrowDown);
    let PaletteItem::Entity(second) = items[1].clone() else {
        panic!("{items:?}")
    };
    press(&mut h, Key::Enter);
    assert_eq!(
        h.state().page(),
        Page::Entity(second.entity.id.expect("id"))
    );

    // Esc closes without doing anything.
    let page = h.state().page();
    open_palette(&mut h, Key::K);
    type_keys(&mut h, "giam ngheo");
    press(&mut h, Key::Escape);
    assert!(h.state().data.palette.is_none());
    assert_eq!(h.state().page(), page);

    // Telex typed without an input method, then Enter.
    open_palette(&mut h, Key::K);
    type_keys(&mut h, "chuyeenr ddooir soos");
    h.get_by_label_contains("chuyển đổi số”");
    press(&mut h, Key::Enter);
    let Page::Entity(id) = h.state().page() else {
        panic!("nothing opened")
    };
    let name = h
        .state()
        .store()
        .expect("store")
        .entity(id)
        .expect("entity")
        .name;
    assert!(name.starts_with("chuyển đổi số"), "{name}");
}

#[test]
fn enter_does_nothing_while_an_input_method_is_composing() {
    let (_dir, path) = seeded_db();
    let mut h = app_on(&path);
    h.run();
    open_palette(&mut h, Key::K);
    type_keys(&mut h, "to duc");
    // An IME shows uncommitted text: Enter belongs to it, not to the palette.
    h.event(Event::Ime(egui::ImeEvent::Preedit {
        text: "đ".into(),
        active_range_chars: None,
    }));
    press(&mut h, Key::Enter);
    assert!(
        h.state().data.palette.is_some(),
        "Enter was taken during composition"
    );
    assert_eq!(h.state().page(), Page::Home);
    h.event(Event::Ime(egui::ImeEvent::Commit(String::new())));
    h.run();
    press(&mut h, Key::Enter);
    assert!(matches!(h.state().page(), Page::Entity(_)));
}

#[test]
fn the_shortcuts_of_the_palette_are_in_the_catalogue_and_it_lists_every_other_command() {
    let mac = false;
    let keys: Vec<Key> = Command::Palette
        .shortcuts(mac)
        .iter()
        .map(|s| s.logical_key)
        .collect();
    assert_eq!(keys, [Key::K, Key::P]);
    let (_dir, path) = seeded_db();
    let mut h = app_on(&path);
    h.run();
    open_palette(&mut h, Key::K);
    let items = h.state().palette_items();
    let commands: Vec<Command> = items
        .iter()
        .filter_map(|i| match i {
            PaletteItem::Command(c) => Some(*c),
            PaletteItem::Entity(_) => None,
        })
        .collect();
    // Every command that can run now (on the home page of a fresh window: not back,
    // forward, undo restore, editing the entity shown), the palette itself aside.
    let data = &h.state().data;
    let expected: Vec<Command> = Command::ALL
        .into_iter()
        .filter(|c| *c != Command::Palette && data.can_run(*c))
        .collect();
    assert!(!expected.contains(&Command::Back) && expected.contains(&Command::NewEntity));
    assert_eq!(
        commands, expected,
        "an empty palette lists every command that can run"
    );
    press(&mut h, Key::Escape);
}

fn app_on(path: &Path) -> Harness<'static, LienketApp> {
    crate::common::app_on(path, Settings::default())
}
