//! Lienket: a desktop knowledge base that links organisations, officials, events and
//! themes of social work, and the documents that report them.
//!
//! Layers, each using only those below it: `ui` and `cli` → features (`search`,
//! `generate`, `seed`) → `store` (the only module that speaks SQL) → `model`; `text`
//! (Vietnamese folding) is used by all.

pub mod bench;
pub mod cli;
pub mod generate;
pub mod i18n;
pub mod location;
pub mod model;
pub mod seed;
pub mod store;
pub mod text;
pub mod ui;
