//! Integration tests of everything but the window, linked as one binary: opening and
//! migrating files, copies and backups, the change log, edits and their rules, a crash
//! during edits, the generator, search, extraction from texts (and its quality against gold data), the command line, the built-in knowledge base,
//! reliability under hostile conditions, and the architecture rules read from the source.

mod architecture;
mod backups;
mod change_log;
mod cli;
mod crash;
mod edits;
mod exchange;
mod extract;
mod extract_gold;
mod generate;
mod graph_paths;
mod graph_schemas;
mod packaging;
#[cfg(unix)]
#[path = "../support/read_only.rs"]
mod read_only;
mod reliability;
mod search;
mod seed_completeness;
mod selections;
mod sheet_import;
mod shipping;
mod store_open;
mod support;
mod sync;
mod upgrades;
