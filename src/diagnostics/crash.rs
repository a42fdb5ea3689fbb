//! Crash reports. A panic on any thread is a bug: [`install`] makes each one leave a
//! report in `crashes/` next to the log — the version, the system, the thread, the panic
//! message and where it happened, a backtrace and the last log lines; never the
//! knowledge base's content — before the default hook prints the panic as usual. The
//! window lists reports it has not mentioned yet ([`reports`]) and points to them once.
//!
//! The knowledge base stays consistent through a panic on its own: it is written only
//! inside transactions, and a transaction a panic unwinds through is rolled back (the
//! `dist` profile keeps `panic = "unwind"` for this).

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// The prefix and extension of report files: `crash-<unix ms>-<process id>.txt`.
const PREFIX: &str = "crash-";
const EXTENSION: &str = "txt";

/// Installs the panic hook writing reports into `dir` (created on the first panic). The
/// previous hook (normally the one printing to stderr) still runs afterwards.
pub fn install(dir: PathBuf) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = panic_message(info.payload());
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_else(|| "unknown".to_owned());
        let thread = std::thread::current();
        let thread = thread.name().unwrap_or("unnamed").to_owned();
        let backtrace = std::backtrace::Backtrace::force_capture().to_string();
        let report = Report {
            message: &message,
            location: &location,
            thread: &thread,
            backtrace: &backtrace,
            log: &super::logging::recent_lines(),
        };
        match write_report(&dir, &report) {
            Ok(path) => {
                tracing::error!(
                    "panic at {location}: {message}; report in {}",
                    path.display()
                );
                eprintln!("lienket: crash report written to {}", path.display());
            }
            Err(e) => eprintln!("lienket: the crash report could not be written: {e}"),
        }
        previous(info);
    }));
}

/// What one report holds.
#[derive(Debug)]
pub struct Report<'a> {
    /// The panic message.
    pub message: &'a str,
    /// Source file, line and column of the panic.
    pub location: &'a str,
    /// The panicking thread's name.
    pub thread: &'a str,
    /// The backtrace, as text.
    pub backtrace: &'a str,
    /// The last log lines.
    pub log: &'a [String],
}

/// The text of a report.
pub fn render(report: &Report<'_>) -> String {
    let mut text = String::new();
    text.push_str("Lienket crash report\n\n");
    text.push_str(&format!("version: {}\n", super::version_line()));
    text.push_str(&format!("system: {}\n", super::system()));
    text.push_str(&format!("time (unix ms): {}\n", now_ms()));
    text.push_str(&format!("thread: {}\n", report.thread));
    text.push_str(&format!("location: {}\n", report.location));
    text.push_str(&format!("message: {}\n\n", report.message));
    text.push_str("backtrace:\n");
    text.push_str(report.backtrace);
    text.push_str("\n\nlast log lines:\n");
    for line in report.log {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Writes a report into `dir` (created when missing) and returns its path.
pub fn write_report(dir: &Path, report: &Report<'_>) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!(
        "{PREFIX}{}-{}.{EXTENSION}",
        now_ms(),
        std::process::id()
    ));
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)?;
    file.write_all(render(report).as_bytes())?;
    file.sync_all()?;
    Ok(path)
}

/// The reports in `dir`, oldest first (by their file names); none when the folder is
/// missing or unreadable.
pub fn reports(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(i64, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let ms = report_time(&name)?;
            Some((ms, e.path()))
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, path)| path).collect()
}

/// The time in a report's file name, `None` for any other file.
fn report_time(name: &str) -> Option<i64> {
    let rest = name.strip_prefix(PREFIX)?.strip_suffix(EXTENSION)?;
    let rest = rest.strip_suffix('.')?;
    let (ms, pid) = rest.split_once('-')?;
    pid.parse::<u32>().ok()?;
    ms.parse().ok()
}

/// The message a panic was raised with (`panic!("…")`, `expect("…")`).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(no message)".to_owned()
    }
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_names_are_read_back_and_others_ignored() {
        assert_eq!(
            report_time("crash-1700000000000-42.txt"),
            Some(1700000000000)
        );
        assert_eq!(report_time("crash-1700000000000.txt"), None);
        assert_eq!(report_time("crash-x-1.txt"), None);
        assert_eq!(report_time("notes.txt"), None);
    }

    #[test]
    fn a_written_report_holds_what_was_asked_and_is_listed() {
        let dir = std::env::temp_dir().join(format!("lienket-crash-test-{}", std::process::id()));
        let log = vec!["INFO opened kb.db".to_owned()];
        let path = write_report(
            &dir.join("crashes"),
            &Report {
                message: "boom",
                location: "src/x.rs:1:2",
                thread: "worker",
                backtrace: "0: main",
                log: &log,
            },
        )
        .expect("write");
        let text = std::fs::read_to_string(&path).expect("read");
        for part in [
            "boom",
            "src/x.rs:1:2",
            "worker",
            "INFO opened kb.db",
            env!("CARGO_PKG_VERSION"),
        ] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
        assert_eq!(reports(&dir.join("crashes")), vec![path]);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
