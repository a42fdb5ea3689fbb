//! Editing from the command line: every command is one validated edit through the store's
//! write path (so it can be undone), takes names, aliases or uids, and prints the resulting
//! object (`--json` for scripts).
//!
//! This module owns the editing commands' parser (`EditCommand`, `EditOpts`) and `run`,
//! which decides the exit status; the commands live in `entities`, `relations` and
//! `history`, name resolution in `resolve`, what they print in `output`.

pub mod entities;
pub mod history;
mod output;
pub mod relations;
pub(super) mod resolve;

pub use resolve::NotFound;

use crate::store::Store;
use anyhow::bail;
use clap::{Args, Subcommand};
use std::io::Write as _;
use std::process::ExitCode;

/// Options shared by editing commands.
#[derive(Debug, Args, Clone, Default)]
pub struct EditOpts {
    /// Name recorded as the author of the edit (default: the OS user).
    #[arg(long)]
    pub author: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// The editing commands.
#[derive(Debug, Subcommand)]
pub enum EditCommand {
    /// Add an entity.
    AddEntity(entities::AddEntityArgs),
    /// Change an entity's fields ("" clears an optional field; KEY= removes a property).
    EditEntity(entities::EditEntityArgs),
    /// Add a relation SUBJECT PREDICATE OBJECT (e.g. "Tô Đức" holds_position "Cục Bảo trợ xã hội").
    AddRelation(relations::AddRelationArgs),
    /// Change a relation's role, dates or note.
    EditRelation(relations::EditRelationArgs),
    /// Remove a relation (by uid, or SUBJECT PREDICATE OBJECT) with its citations.
    RemoveRelation(relations::RemoveRelationArgs),
    /// Give an entity another name (abbreviation, English name…).
    AddAlias(entities::AddAliasArgs),
    /// Cite a document for a relation (--relation UID) or an entity (--entity NAME).
    Cite(relations::CiteArgs),
    /// Merge OTHER into KEEP: relations, aliases, citations and properties move to KEEP,
    /// OTHER's name becomes an alias, OTHER is removed.
    Merge(entities::MergeArgs),
    /// Delete an entity with its aliases, relations and citations.
    Delete(entities::DeleteArgs),
    /// Revert the last edit.
    Undo(history::UndoArgs),
    /// Re-apply the last undone edit.
    Redo(history::RedoArgs),
    /// Show the history of edits, newest first.
    Log(history::LogArgs),
    /// Revert an older edit, if no later edit changed the same rows.
    Revert(history::RevertArgs),
}

/// Runs an editing command. The exit status says whether an edit was committed: when a
/// failure comes after the commit (showing the result, a full disk for the output), the
/// edit stands, the failure is reported on stderr, and the status is success, so a
/// script does not retry (and duplicate) what was saved.
pub fn run(store: &mut Store, command: EditCommand) -> anyhow::Result<ExitCode> {
    let last_edit = |store: &Store| {
        store
            .log(None, 1)
            .ok()
            .and_then(|l| l.first().map(|e| e.id))
    };
    let before = last_edit(store);
    match run_command(store, command) {
        Ok(code) => Ok(code),
        Err(e) => match last_edit(store) {
            Some(after) if Some(after) != before => {
                let _ = writeln!(
                    std::io::stderr(),
                    "lienket: the edit was saved (#{after}), but then: {e:#}"
                );
                Ok(ExitCode::SUCCESS)
            }
            _ => Err(e),
        },
    }
}

/// Hands an editing command to the group that owns it.
fn run_command(store: &mut Store, command: EditCommand) -> anyhow::Result<ExitCode> {
    match command {
        EditCommand::AddEntity(args) => entities::add(store, args)?,
        EditCommand::EditEntity(args) => entities::edit(store, args)?,
        EditCommand::AddRelation(args) => relations::add(store, args)?,
        EditCommand::EditRelation(args) => relations::edit(store, args)?,
        EditCommand::RemoveRelation(args) => relations::remove(store, args)?,
        EditCommand::AddAlias(args) => entities::add_alias(store, args)?,
        EditCommand::Cite(args) => relations::cite(store, args)?,
        EditCommand::Merge(args) => entities::merge(store, args)?,
        EditCommand::Delete(args) => entities::delete(store, args)?,
        EditCommand::Undo(args) => history::undo(store, args)?,
        EditCommand::Redo(args) => history::redo(store, args)?,
        EditCommand::Log(args) => history::log(store, args)?,
        EditCommand::Revert(args) => history::revert(store, args)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Records `--author` (when given) as the author of the edits that follow.
fn author(store: &mut Store, opts: &EditOpts) {
    if let Some(a) = &opts.author {
        store.set_author(a);
    }
}

/// Turns a broken rule that the user may confirm into a message saying how.
fn confirmable<T>(result: crate::store::Result<T>) -> anyhow::Result<T> {
    match result {
        Err(crate::store::StoreError::Rule(rule)) if rule.is_warning() => {
            bail!("{rule} (add --force to go ahead anyway)")
        }
        other => Ok(other?),
    }
}
