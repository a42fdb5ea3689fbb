//! The editing commands that walk the history of edits: `undo`, `redo`, `log` and
//! `revert`.

use super::output::{format_time, print_edit};
use super::resolve::need;
use super::{EditOpts, author};
use crate::store::Store;
use clap::Args;
use std::io::Write as _;

/// The arguments of `undo`.
#[derive(Debug, Args)]
pub struct UndoArgs {
    /// Also when the edit undone is the built-in knowledge base (removes it).
    #[arg(long)]
    pub confirm: bool,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// The arguments of `redo`.
#[derive(Debug, Args)]
pub struct RedoArgs {
    #[command(flatten)]
    pub opts: EditOpts,
}

/// The arguments of `log`.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// Only edits touching this entity.
    #[arg(long)]
    pub entity: Option<String>,
    /// At most this many (1 to 100,000).
    #[arg(long, default_value_t = 50, value_parser = crate::cli::bounded::<1, 100_000>)]
    pub limit: usize,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `revert`.
#[derive(Debug, Args)]
pub struct RevertArgs {
    /// The edit's number (from `log`).
    pub edit: i64,
    /// Also when the edit reverted is the built-in knowledge base (removes it).
    #[arg(long)]
    pub confirm: bool,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// `undo`: reverts the last edit and prints what was undone.
pub fn undo(store: &mut Store, args: UndoArgs) -> anyhow::Result<()> {
    author(store, &args.opts);
    let info = if args.confirm {
        store.undo_confirmed()?
    } else {
        store.undo()?
    };
    print_edit(&info, args.opts.json)
}

/// `redo`: re-applies the last undone edit and prints it.
pub fn redo(store: &mut Store, args: RedoArgs) -> anyhow::Result<()> {
    author(store, &args.opts);
    let info = store.redo()?;
    print_edit(&info, args.opts.json)
}

/// `log`: prints the history of edits (of one entity, if given), newest first.
pub fn log(store: &mut Store, args: LogArgs) -> anyhow::Result<()> {
    let id = match args.entity {
        Some(e) => Some(need(store, &e)?),
        None => None,
    };
    let log = store.log(id, args.limit)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &log)?;
        writeln!(out)?;
    } else {
        for e in &log {
            writeln!(
                out,
                "#{:<6} {}  {:<12} {} ({} changes)",
                e.id,
                format_time(e.at),
                e.author,
                e.description,
                e.changes
            )?;
        }
    }
    Ok(())
}

/// `revert`: reverts an older edit and prints the edit that did it.
pub fn revert(store: &mut Store, args: RevertArgs) -> anyhow::Result<()> {
    author(store, &args.opts);
    let info = if args.confirm {
        store.revert_confirmed(args.edit)?
    } else {
        store.revert(args.edit)?
    };
    print_edit(&info, args.opts.json)
}
