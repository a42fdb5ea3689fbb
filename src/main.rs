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
                ExitCode::from(2)
            }
        },
        None => {
            eprintln!("lienket: the window is not available in this build; see --help");
            ExitCode::from(2)
        }
    }
}
