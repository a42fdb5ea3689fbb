//! What the window tests share: a seeded database and the real app in a headless harness.

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lienket::ui::{AppOptions, LienketApp, Settings};
use std::path::{Path, PathBuf};

/// A temporary database holding the built-in knowledge base.
pub fn seeded_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kb.db");
    drop(lienket::location::open_or_create_with_seed(&path).expect("seeded database"));
    (dir, path)
}

/// The real app on `path`, with background jobs run inline.
pub fn app_on(path: &Path, settings: Settings) -> Harness<'static, LienketApp> {
    let path = path.to_owned();
    Harness::builder()
        .with_size([1280.0, 860.0])
        .with_max_steps(24)
        .build_eframe(move |cc| {
            // Backups go beside the test's database, in its temporary folder.
            let backups_root = path.parent().map(|d| d.join("backups"));
            LienketApp::new(
                cc,
                AppOptions {
                    db: Some(path),
                    inline_jobs: true,
                    settings: Some(settings),
                    backups_root,
                    daily_backup: true,
                    crash_dir: None,
                },
            )
        })
}

/// Settings of someone who has seen the welcome page.
pub fn seen() -> Settings {
    Settings {
        welcome_seen: true,
        ..Settings::default()
    }
}

/// Replaces what the field labelled `label` holds (one line or several) with `text`.
pub fn fill(h: &mut Harness<'static, LienketApp>, label: &str, text: &str) {
    let role = if h.query_by_role_and_label(Role::TextInput, label).is_some() {
        Role::TextInput
    } else {
        Role::MultilineTextInput
    };
    h.get_by_role_and_label(role, label).click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    if text.is_empty() {
        h.key_press(Key::Backspace);
    } else {
        h.get_by_role_and_label(role, label).type_text(text);
    }
    h.run();
}
