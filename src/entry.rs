//! What both binaries run: the command line is parsed; a command runs without a window, no
//! command opens the window. Before either, the log and the crash reports start
//! (`diagnostics`). `src/main.rs` is the `lienket` binary (on Windows a GUI-subsystem
//! program, so the window never brings a console); `src/bin/lienket-console.rs` is the same
//! program as a console one, installed as `lienket.com` beside `lienket.exe` on Windows
//! (ARCHITECTURE.md, "One program, two Windows subsystems").

use crate::diagnostics::{self, logging};
use clap::Parser as _;
use std::process::ExitCode;

/// Runs the program with the process's arguments and returns its exit status.
pub fn main() -> ExitCode {
    let cli = crate::cli::Cli::parse();
    // A file named alone must exist: a mistyped command opens no window, creates nothing.
    let window = cli.command.is_none() && cli.file.as_deref().is_none_or(|f| f.is_file());
    let data_dir = diagnostics::data_dir();
    let log_dir = data_dir.as_deref().map(diagnostics::log_dir);
    logging::init(
        log_dir.as_deref(),
        logging::LogOptions {
            verbose: cli.verbose,
            create: window,
        },
    );
    if let Some(dir) = &data_dir {
        diagnostics::crash::install(diagnostics::crash_dir(dir));
    }
    tracing::info!(
        "lienket {} on {}, {}",
        diagnostics::version_line(),
        diagnostics::system(),
        if cli.command.is_some() {
            "command line"
        } else {
            "window"
        }
    );
    let code = run(cli);
    tracing::info!("exit");
    code
}

fn run(cli: crate::cli::Cli) -> ExitCode {
    match cli.command {
        Some(command) => match crate::cli::run(cli.db, command) {
            Ok(code) => code,
            Err(e) => {
                let broken_pipe = e.chain().any(|cause| {
                    let pipe = std::io::ErrorKind::BrokenPipe;
                    cause
                        .downcast_ref::<std::io::Error>()
                        .is_some_and(|io| io.kind() == pipe)
                        || cause
                            .downcast_ref::<serde_json::Error>()
                            .is_some_and(|j| j.io_error_kind() == Some(pipe))
                });
                if broken_pipe {
                    // The reader went away (`lienket search … | head`): nothing to report.
                    return ExitCode::SUCCESS;
                }
                tracing::error!("{e:#}");
                eprintln!("lienket: error: {e:#}");
                let not_found = e.downcast_ref::<crate::cli::edit::NotFound>().is_some()
                    || matches!(
                        e.downcast_ref::<crate::store::StoreError>(),
                        Some(crate::store::StoreError::NotFound(_))
                    );
                ExitCode::from(if not_found { 1 } else { 2 })
            }
        },
        None if cli.file.as_deref().is_some_and(|f| !f.is_file()) => {
            // A mistyped command must not open a window on a file that does not exist.
            let file = cli.file.unwrap_or_default();
            eprintln!(
                "lienket: error: \"{}\" is neither a command nor a file (see lienket --help)",
                file.display()
            );
            ExitCode::from(2)
        }
        None => match crate::ui::run(cli.window_db()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                tracing::error!("the window could not be opened: {e}");
                eprintln!("lienket: the window could not be opened: {e}");
                ExitCode::from(2)
            }
        },
    }
}
