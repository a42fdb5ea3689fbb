//! What the window tests share: a seeded database and the real app in a headless harness.

use egui_kittest::Harness;
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
                },
            )
        })
}
