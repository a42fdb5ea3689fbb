//! The `lienket` binary: a command runs without a window; no command opens the window
//! (`lienket::entry`). On Windows it is a GUI-subsystem program, so opening it never
//! brings a console; `lienket.com` (`src/bin/lienket-console.rs`) serves the terminal.

#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    lienket::entry::main()
}
