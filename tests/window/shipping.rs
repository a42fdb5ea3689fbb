//! One window per file (a second window on the same file is told so and chooses to read
//! only or to edit too; the command line is never blocked), the crash notice shown once
//! at the next start.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use crate::common::{app_on, seeded_db, seen};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use lienket::ui::{AppOptions, LienketApp, Settings};
use std::path::Path;

const LOCKED: &str = "Tệp này đang mở trong một cửa sổ Lienket khác";
const CRASHED: &str = "Lần trước Lienket đã dừng đột ngột";

#[test]
fn a_second_window_on_the_same_file_is_told_and_chooses_read_only_or_editing_too() {
    let (dir, path) = seeded_db();
    let mut first = app_on(&path, seen());
    first.run();
    assert!(
        first.query_by_label(LOCKED).is_none(),
        "the first window is alone"
    );
    assert!(lienket::file_lock::lock_path(&path).exists());

    let mut second = app_on(&path, seen());
    second.run();
    second.get_by_label(LOCKED);
    second.get_by_label("Mở chỉ đọc").click();
    second.run();
    assert!(second.query_by_label(LOCKED).is_none());
    assert!(second.state().data.read_only);
    assert!(second.state().store().unwrap().is_read_only());

    let mut third = app_on(&path, seen());
    third.run();
    third.get_by_label("Vẫn sửa ở đây").click();
    third.run();
    assert!(third.query_by_label(LOCKED).is_none());
    assert!(!third.state().data.read_only, "editing here too, knowingly");

    // The command line never waits for the window's lock.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lienket"))
        .arg("--db")
        .arg(&path)
        .args(["add-entity", "--kind", "theme", "Chủ đề từ dòng lệnh"])
        .env("HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Closing the first window frees the file for the next one.
    drop(first);
    drop(second);
    drop(third);
    let mut again = app_on(&path, seen());
    again.run();
    assert!(again.query_by_label(LOCKED).is_none());
    assert!(!again.state().data.read_only);
}

fn app_with_crashes(
    path: &Path,
    crashes: &Path,
    settings: Settings,
) -> Harness<'static, LienketApp> {
    let (path, crashes) = (path.to_owned(), crashes.to_owned());
    Harness::builder()
        .with_size([1280.0, 860.0])
        .with_max_steps(24)
        .build_eframe(move |cc| {
            LienketApp::new(
                cc,
                AppOptions {
                    backups_root: path.parent().map(|d| d.join("backups")),
                    db: Some(path),
                    inline_jobs: true,
                    settings: Some(settings),
                    daily_backup: false,
                    crash_dir: Some(crashes),
                },
            )
        })
}

#[test]
fn a_crash_report_is_pointed_to_once_at_the_next_start() {
    let (dir, path) = seeded_db();
    let crashes = dir.path().join("crashes");
    let mut h = app_with_crashes(&path, &crashes, seen());
    h.run();
    assert!(h.query_by_label(CRASHED).is_none(), "no report, no notice");
    drop(h);

    let log = vec!["INFO opened kb.db".to_owned()];
    lienket::diagnostics::crash::write_report(
        &crashes,
        &lienket::diagnostics::crash::Report {
            message: "boom",
            location: "src/x.rs:1:1",
            thread: "main",
            backtrace: "",
            log: &log,
        },
    )
    .unwrap();
    let mut h = app_with_crashes(&path, &crashes, seen());
    h.run();
    h.get_by_label(CRASHED);
    h.get_by_label_contains(&crashes.display().to_string());
    h.get_by_label("Đã hiểu").click();
    h.run();
    assert!(h.query_by_label(CRASHED).is_none());
    let settings = h.state().data.settings.clone();
    drop(h);

    let mut h = app_with_crashes(&path, &crashes, settings);
    h.run();
    assert!(h.query_by_label(CRASHED).is_none(), "shown once");
}
