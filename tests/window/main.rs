//! The real app driven headless by its accessible labels, linked as one binary: the main
//! window (search, entity view, hubs page by page, errors, fonts), the saved window
//! settings and preferences, the command palette with the keyboard only, the menu bar
//! and browsing, presentation mode, files (new, recent, copies, backups), editing, one
//! window per file and the crash notice.

mod classroom;
mod common;
mod editing;
mod exchange;
mod extract;
mod files;
mod graph;
mod palette;
#[cfg(unix)]
#[path = "../support/read_only.rs"]
mod read_only;
mod settings;
mod sharing;
mod shipping;
mod timeline;
mod window;
