//! `lienket-console`: on Windows the same program as `lienket.exe`, linked for the console
//! subsystem and installed beside it as `lienket.com`. A terminal resolves `lienket` to
//! `lienket.com` first (`PATHEXT` lists `.COM` before `.EXE`) and waits for it, so commands
//! print and return their exit status there, while the Start menu, Explorer and file
//! associations open `lienket.exe`, which never brings a console (ARCHITECTURE.md, "One
//! program, two Windows subsystems").
//!
//! Elsewhere `lienket` is already a console program; this target is a stub that links
//! nothing of the program, so it adds nothing to the build.

#[cfg(windows)]
fn main() -> std::process::ExitCode {
    lienket::entry::main()
}

#[cfg(not(windows))]
fn main() -> std::process::ExitCode {
    eprintln!("lienket-console is the Windows console build of lienket; run lienket instead");
    std::process::ExitCode::from(2)
}
