//! Lienket: a desktop knowledge base that links organisations, officials, events and
//! themes of social work, and the documents that report them.
//!
//! Layers, each using only those below it: `ui` and `cli` → features (`seed`, `generate`,
//! `bench`, `extract`, `location`, `backups`, `places`,
//! `diagnostics`, `file_lock`, `sync`) → `store` (the only module that speaks SQL,
//! the search index and engine included) → `model`; `text` (Vietnamese folding) and
//! `i18n` are used by all; `entry` (what the binaries run) may use any of them.
//! `tests/core/architecture.rs` keeps these rules.

pub mod backups;
pub mod bench;
pub mod cli;
pub mod diagnostics;
pub mod entry;
pub mod exchange;
pub mod extract;
pub mod file_lock;
pub mod generate;
pub mod graph;
pub mod i18n;
pub mod location;
pub mod model;
pub mod places;
pub mod seed;
pub mod store;
pub mod sync;
pub mod text;
pub mod timeline;
pub mod ui;
