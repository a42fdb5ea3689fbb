//! What an installed program relies on: `--version` naming the schema, the log file and
//! `--verbose`, and a crash (a panic on another thread in the middle of an edit) leaving a
//! report in the data folder and the knowledge base intact.

use crate::cli::lienket;
use lienket::store::{Create, Store};
use std::path::Path;
use std::process::{Command, Output};

/// `lienket` with its data folder (logs, crash reports) moved to `data`.
fn lienket_with_data(home: &Path, data: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lienket"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env(lienket::diagnostics::DATA_DIR_VAR, data)
        .output()
        .expect("run lienket")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn version_names_the_program_and_the_schema_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = lienket(dir.path(), &["--version"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert_eq!(
        text(&o.stdout).trim(),
        format!(
            "lienket {} (schema {})",
            env!("CARGO_PKG_VERSION"),
            lienket::store::LATEST_VERSION
        )
    );
}

#[test]
fn commands_log_to_the_data_folder_and_verbose_logs_to_stderr_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("appdata");
    let db = dir.path().join("kb.db");
    let db_s = db.to_str().expect("utf-8 path");
    let o = lienket_with_data(dir.path(), &data, &["--db", db_s, "init"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        !data.exists(),
        "the command line never creates the data folder to log in it"
    );
    std::fs::create_dir(&data).expect("the data folder, as the window makes it");
    let o = lienket_with_data(dir.path(), &data, &["--db", db_s, "stats"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        !text(&o.stderr).contains("INFO"),
        "without --verbose nothing is logged to stderr: {}",
        text(&o.stderr)
    );
    let o = lienket_with_data(
        dir.path(),
        &data,
        &[
            "--db",
            db_s,
            "--verbose",
            "add-entity",
            "--kind",
            "theme",
            "--summary",
            "nội dung riêng tư 7731",
            "Chủ đề thử",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("opened"),
        "--verbose logs to stderr: {}",
        text(&o.stderr)
    );
    let logs: Vec<_> = std::fs::read_dir(data.join("logs"))
        .expect("a log folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    assert_eq!(logs.len(), 1, "one log file a day: {logs:?}");
    let name = logs[0].file_name().and_then(|n| n.to_str()).unwrap_or("");
    assert!(
        name.starts_with("lienket.") && name.ends_with(".log"),
        "{name}"
    );
    let log = std::fs::read_to_string(&logs[0]).expect("read the log");
    assert!(log.contains(&format!("opened {}", db.display())), "{log}");
    assert!(log.contains("edit "), "the edit is logged: {log}");
    assert!(
        !log.contains("7731"),
        "an edit's content is never logged: {log}"
    );
}

#[test]
fn a_panic_in_an_edit_leaves_a_crash_report_and_an_intact_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("appdata");
    let db = dir.path().join("kb.db");
    let db_s = db.to_str().expect("utf-8 path");
    let o = lienket_with_data(dir.path(), &data, &["--db", db_s, "init"]);
    assert!(o.status.success(), "{}", text(&o.stderr));

    let o = lienket_with_data(
        dir.path(),
        &data,
        &[
            "--db",
            db_s,
            "simulate-crash",
            "--name",
            "Đã lưu trước sự cố",
            "--summary",
            "bí mật 4242",
        ],
    );
    assert!(!o.status.success(), "a crash is a failure");
    assert!(
        text(&o.stderr).contains("crash report written to"),
        "{}",
        text(&o.stderr)
    );

    let reports = lienket::diagnostics::crash::reports(&data.join("crashes"));
    assert_eq!(reports.len(), 1, "one report for one panic: {reports:?}");
    let report = std::fs::read_to_string(&reports[0]).expect("read the report");
    for part in [
        "simulated crash in the middle of an edit",
        "thread: editor",
        "src/cli/make.rs",
        env!("CARGO_PKG_VERSION"),
        std::env::consts::OS,
        "backtrace:",
        "last log lines:",
        "edit ",
    ] {
        assert!(
            report.contains(part),
            "{part:?} missing from the report:\n{report}"
        );
    }
    assert!(
        !report.contains("4242"),
        "the user's data stays out:\n{report}"
    );

    // The file is whole: the committed edit is there, nothing of the unfinished one.
    let o = lienket_with_data(dir.path(), &data, &["--db", db_s, "check"]);
    assert!(o.status.success(), "check: {}", text(&o.stderr));
    assert!(
        text(&o.stdout).contains("integrity: ok"),
        "{}",
        text(&o.stdout)
    );
    let store = Store::open(&db, Create::No).expect("reopen");
    assert_eq!(
        store.find_exact("Đã lưu trước sự cố").expect("find").len(),
        1
    );
    assert!(
        store
            .find_exact("Đã lưu trước sự cố (unfinished)")
            .expect("find")
            .is_empty(),
        "the unfinished edit was rolled back"
    );
    assert!(store.check().expect("check").ok());
    let log = store.log(None, 5).expect("edit log");
    assert_eq!(
        log.first().map(|e| e.description.as_str()),
        Some("simulated crash: the committed edit")
    );
}
