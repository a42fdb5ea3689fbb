//! The log: `logs/lienket.YYYY-MM-DD.log` in the data folder, a new file each day (UTC),
//! the newest [`KEEP_FILES`] kept. What is logged: files opened, migrations, backups,
//! each edit's description (never the rows it changes), errors. With `--verbose` the
//! command line also logs to stderr, in more detail.
//!
//! The last [`RECENT_LINES`] lines are also kept in memory, for a crash report
//! ([`recent_lines`]): they reach it even when the log file could not be written.

use std::collections::VecDeque;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::writer::MakeWriterExt as _;

/// How many daily log files are kept.
pub const KEEP_FILES: usize = 7;

/// How many recent lines a crash report quotes.
pub const RECENT_LINES: usize = 40;

static RECENT: Mutex<VecDeque<String>> = Mutex::new(VecDeque::new());

/// Where the log goes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogOptions {
    /// Also log to stderr, debug messages included (`--verbose`).
    pub verbose: bool,
    /// Create the data folder when it is missing (the window). The command line logs
    /// to the file only once the folder exists: a refused command creates nothing.
    pub create: bool,
}

/// Starts logging into `log_dir` (created when missing, see [`LogOptions::create`]). A
/// log that cannot be written
/// (no home folder, read-only disk) is not an error: the program runs without it, with
/// the lines still kept in memory for a crash report. Returns the reason when the file
/// could not be opened. Calling it again does nothing.
pub fn init(log_dir: Option<&Path>, options: LogOptions) -> Option<String> {
    let level = if options.verbose {
        tracing::Level::DEBUG
    } else {
        tracing::Level::INFO
    };
    let log_dir =
        log_dir.filter(|dir| options.create || dir.parent().is_some_and(|data| data.is_dir()));
    let (file, problem) = match log_dir.map(open_file) {
        Some(Ok(appender)) => (Some(appender), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, Some("no data folder (yet)".to_owned())),
    };
    let memory = Recent.with_max_level(level);
    // Each combination is its own writer type; the four cases keep them apart.
    let result = match (file, options.verbose) {
        (Some(file), true) => subscriber(memory.and(file).and(std::io::stderr), level),
        (Some(file), false) => subscriber(memory.and(file), level),
        (None, true) => subscriber(memory.and(std::io::stderr), level),
        (None, false) => subscriber(memory, level),
    };
    if result.is_err() {
        return None; // Already initialised.
    }
    if let Some(problem) = &problem {
        tracing::debug!("no log file: {problem}");
    }
    problem
}

fn subscriber<W>(writer: W, level: tracing::Level) -> Result<(), ()>
where
    W: for<'a> MakeWriter<'a> + Send + Sync + 'static,
{
    let subscriber = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_max_level(level)
        .with_ansi(false)
        .with_thread_names(true)
        .finish();
    tracing::subscriber::set_global_default(subscriber).map_err(|_| ())
}

fn open_file(dir: &Path) -> Result<tracing_appender::rolling::RollingFileAppender, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("lienket")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))
}

/// The last lines logged by this process, oldest first. Never blocks: when another
/// thread is writing a line at this moment (or panicked while writing one), it returns
/// what it can.
pub fn recent_lines() -> Vec<String> {
    match RECENT.try_lock() {
        Ok(lines) => lines.iter().cloned().collect(),
        Err(std::sync::TryLockError::Poisoned(p)) => p.into_inner().iter().cloned().collect(),
        Err(std::sync::TryLockError::WouldBlock) => Vec::new(),
    }
}

/// The writer keeping the last lines in memory.
#[derive(Clone, Copy, Debug)]
struct Recent;

impl Write for Recent {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let line = String::from_utf8_lossy(buf).trim_end().to_owned();
        let mut lines = match RECENT.lock() {
            Ok(lines) => lines,
            Err(poisoned) => poisoned.into_inner(),
        };
        if lines.len() >= RECENT_LINES {
            lines.pop_front();
        }
        lines.push_back(line);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Recent {
    type Writer = Recent;

    fn make_writer(&'a self) -> Self::Writer {
        Recent
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_lines_keep_only_the_last_ones() {
        for i in 0..RECENT_LINES + 5 {
            let _ = Recent.write(format!("line {i}\n").as_bytes());
        }
        let lines = recent_lines();
        assert_eq!(lines.len(), RECENT_LINES);
        assert_eq!(
            lines.last().map(String::as_str),
            Some(&*format!("line {}", RECENT_LINES + 4))
        );
    }
}
