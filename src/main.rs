//! The `lienket` binary: a command runs without a window; no command opens the window.

use clap::Parser as _;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = lienket::cli::Cli::parse();
    match cli.command {
        Some(command) => match lienket::cli::run(cli.db, command) {
            Ok(code) => code,
            Err(e) => {
                eprintln!("lienket: error: {e:#}");
                if e.downcast_ref::<lienket::cli_edit::NotFound>().is_some() {
                    ExitCode::from(1)
                } else {
                    ExitCode::from(2)
                }
            }
        },
        None => match lienket::ui::run(cli.db.as_deref()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("lienket: the window could not be opened: {e}");
                ExitCode::from(2)
            }
        },
    }
}
