//! `changes`: sharing edits with colleagues' copies through change files.
//!
//! - `changes export OUT [--to NAME] [--since DATE] [--include-private]`
//! - `changes import FILE [--dry-run] [--json] [--take mine|theirs]`: exit 1 when a
//!   conflict needs a choice and none was given (nothing of those rows is taken).
//! - `changes folder [PATH] [--off]`, `changes sync [--take mine|theirs]`: shared folder mode.
//! - `changes activity [--limit N]`: who changed what, from which copy, when.
//! - `changes name [NAME]`: this copy's name, as colleagues see it.

use super::JsonArg;
use crate::store::Store;
use crate::sync::{self, Action, ChangeFile, ExportOptions, Side};
use anyhow::{Context, bail};
use clap::{Args, Subcommand, ValueEnum};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The `changes` commands.
#[derive(Debug, Subcommand)]
pub enum ChangesCommand {
    /// Write a change file with every edit since the last file for that colleague (or
    /// since --since) into folder OUT (or to the file OUT).
    Export(ExportArgs),
    /// Take a colleague's change file: new, changed and deleted rows, and conflicts.
    Import(ImportArgs),
    /// Show or choose the shared folder (Syncthing, Drive, Dropbox, a network share…).
    Folder(FolderArgs),
    /// Take the new files in the shared folder, then write this copy's changes there.
    Sync(SyncArgs),
    /// Who changed what, from which copy, when (newest first).
    Activity(ActivityArgs),
    /// Show or set this copy's name, as colleagues see it.
    Name(NameArgs),
}

/// Arguments of `changes name`.
#[derive(Debug, Args)]
pub struct NameArgs {
    /// The new name.
    pub name: Option<String>,
}

/// Arguments of `changes export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A folder (the file is named there) or a file name.
    pub out: PathBuf,
    /// The colleague the file is for: the edits since the last file for them are written.
    #[arg(long, default_value = "")]
    pub to: String,
    /// Every edit since this date (YYYY-MM-DD) instead.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Include private entities and properties.
    #[arg(long)]
    pub include_private: bool,
}

/// How to settle every conflict at once.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TakeSide {
    Mine,
    Theirs,
}

/// Arguments of `changes import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The change file.
    pub file: PathBuf,
    /// Show what would happen; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Settle every conflict this way.
    #[arg(long, value_enum)]
    pub take: Option<TakeSide>,
    #[command(flatten)]
    pub format: JsonArg,
}

/// Arguments of `changes folder`.
#[derive(Debug, Args)]
pub struct FolderArgs {
    /// The folder to share through.
    pub path: Option<PathBuf>,
    /// Stop sharing through a folder.
    #[arg(long, conflicts_with = "path")]
    pub off: bool,
}

/// Arguments of `changes sync`.
#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Settle every conflict this way (otherwise files with conflicts are left).
    #[arg(long, value_enum)]
    pub take: Option<TakeSide>,
}

/// Arguments of `changes activity`.
#[derive(Debug, Args)]
pub struct ActivityArgs {
    /// How many lines.
    #[arg(long, default_value_t = 50, value_parser = super::bounded::<1, 100_000>)]
    pub limit: usize,
}

fn side(t: Option<TakeSide>) -> Option<Side> {
    t.map(|t| match t {
        TakeSide::Mine => Side::Mine,
        TakeSide::Theirs => Side::Theirs,
    })
}

/// Runs a `changes` command.
pub fn run(
    store: &mut Store,
    command: ChangesCommand,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    match command {
        ChangesCommand::Export(args) => export(store, args, out),
        ChangesCommand::Import(args) => import(store, args, out),
        ChangesCommand::Folder(args) => folder(store, args, out),
        ChangesCommand::Sync(args) => sync_folder(store, args, out),
        ChangesCommand::Activity(args) => activity(store, args, out),
        ChangesCommand::Name(args) => {
            if let Some(name) = &args.name {
                store.set_sync_name(name)?;
            }
            writeln!(out, "{}", store.sync_identity()?.name)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Reads `YYYY-MM-DD` (or `DD/MM/YYYY`) as the start of that day (UTC), in unix ms.
fn day_start(text: &str) -> anyhow::Result<i64> {
    sync::day_start(text).with_context(|| format!("\"{text}\" is not a date: write YYYY-MM-DD"))
}

fn export(store: &mut Store, args: ExportArgs, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let since_ms = args.since.as_deref().map(day_start).transpose()?;
    let prepared = sync::prepare(
        store,
        &ExportOptions {
            peer: args.to,
            since_ms,
            include_private: args.include_private,
            own_only: false,
            most_rows: None,
        },
    )?;
    let path = sync::write(store, &prepared, &args.out)?;
    writeln!(
        out,
        "{}: {} rows from {} edits ({} left out as private)",
        path.display(),
        prepared.file.rows.len(),
        prepared.file.edits.len(),
        prepared.left_out
    )?;
    Ok(ExitCode::SUCCESS)
}

fn import(store: &mut Store, args: ImportArgs, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let file = ChangeFile::read(&args.file)
        .with_context(|| format!("{} was not taken", args.file.display()))?;
    let preview = sync::preview(store, &file)?;
    let conflicts = preview.conflicts().count();
    let all = side(args.take);
    if args.format.json {
        serde_json::to_writer_pretty(&mut *out, &preview)?;
        writeln!(out)?;
    } else {
        describe(&file, &preview, out)?;
    }
    if args.dry_run {
        return Ok(exit_for(conflicts, all));
    }
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let description = sync::description(&file, "");
    let report = sync::take(store, &file, &name, &description, &BTreeMap::new(), all)?;
    if !args.format.json {
        match report.edit {
            Some(_) => writeln!(out, "taken as one edit (undo takes it back)")?,
            None => writeln!(out, "nothing to change")?,
        }
        if report.unsettled > 0 {
            writeln!(
                out,
                "{} conflicts left: choose with --take mine|theirs, or in the window",
                report.unsettled
            )?;
        }
    }
    Ok(exit_for(report.unsettled, all))
}

fn exit_for(conflicts: usize, all: Option<Side>) -> ExitCode {
    if conflicts > 0 && all.is_none() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The preview as text: counts, then each change and conflict.
fn describe(file: &ChangeFile, p: &sync::Preview, out: &mut impl Write) -> anyhow::Result<()> {
    let c = p.counts();
    writeln!(
        out,
        "from {} ({} edits): {} new, {} changed, {} deleted, {} merged, {} conflicts, {} not taken (missing), {} already here",
        file.copy_name,
        file.edits.len(),
        c.new,
        c.changed,
        c.deleted,
        c.merged,
        c.conflicts,
        c.missing,
        c.unchanged
    )?;
    if p.taken_before {
        writeln!(out, "this file was taken before")?;
    }
    for item in &p.items {
        let row = format!("{} {}", item.theirs.table, label(item));
        match &item.action {
            Action::Have | Action::Same => {}
            Action::Insert => writeln!(out, "  new      {row}")?,
            Action::Update { fields, .. } => {
                writeln!(out, "  changed  {row}: {}", fields.join(", "))?
            }
            Action::Merge { fields, .. } => {
                writeln!(out, "  merged   {row}: {}", fields.join(", "))?
            }
            Action::Delete { dependents } => writeln!(
                out,
                "  deleted  {row}{}",
                if dependents.is_empty() {
                    String::new()
                } else {
                    format!(" (with {} rows that depend on it)", dependents.len())
                }
            )?,
            Action::Twin { .. } => {
                writeln!(out, "  same     {row}: added on both copies, kept once")?
            }
            Action::Missing { reference } => {
                writeln!(out, "  missing  {row}: refers to {reference}, not here")?;
            }
            Action::Conflict { kind, fields, .. } => {
                let what = match kind {
                    sync::ConflictKind::SameField => format!("both changed {}", fields.join(", ")),
                    sync::ConflictKind::DeletedHere => "deleted here, changed there".into(),
                    sync::ConflictKind::MergedHere(into) => {
                        format!("merged here into {into}, changed there")
                    }
                    sync::ConflictKind::DeletedThere(_) => "changed here, deleted there".into(),
                };
                writeln!(out, "  CONFLICT {row}: {what}")?;
                for f in fields {
                    let show = |i: Option<&crate::store::write::Image>| {
                        i.and_then(|i| i.get(f))
                            .map_or("—".to_owned(), |v| match v {
                                serde_json::Value::String(s) => s.clone(),
                                other => other.to_string(),
                            })
                    };
                    writeln!(
                        out,
                        "    {f}: base «{}» · mine «{}» · theirs «{}»",
                        show(item.theirs.base.as_ref()),
                        show(item.mine.as_ref()),
                        show(item.theirs.image.as_ref())
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// A row's name for people: its name, else its uid.
fn label(item: &sync::Item) -> String {
    [
        item.theirs.image.as_ref(),
        item.mine.as_ref(),
        item.theirs.base.as_ref(),
    ]
    .into_iter()
    .flatten()
    .find_map(|i| i.get("name").and_then(|v| v.as_str()).map(str::to_owned))
    .unwrap_or_else(|| item.theirs.uid.clone())
}

fn folder(store: &mut Store, args: FolderArgs, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    if args.off {
        sync::folder::set_shared_folder(store, None)?;
        writeln!(out, "no shared folder")?;
    } else if let Some(path) = args.path {
        if !path.is_dir() {
            bail!("{}: not a folder", path.display());
        }
        let path = path.canonicalize().unwrap_or(path);
        sync::folder::set_shared_folder(store, Some(&path))?;
        writeln!(out, "shared folder: {}", path.display())?;
    } else {
        match sync::folder::shared_folder(store)? {
            Some(p) => writeln!(out, "shared folder: {}", p.display())?,
            None => writeln!(out, "no shared folder")?,
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn sync_folder(
    store: &mut Store,
    args: SyncArgs,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let Some(folder) = sync::folder::shared_folder(store)? else {
        bail!("no shared folder: choose one with `changes folder PATH`");
    };
    let pass = sync::folder::sync(store, &folder, side(args.take), "")?;
    for (path, report) in &pass.taken {
        let c = report.counts;
        writeln!(
            out,
            "taken {}: {} new, {} changed, {} deleted, {} conflicts settled",
            path.display(),
            c.new,
            c.changed,
            c.deleted,
            c.conflicts - report.unsettled
        )?;
    }
    for path in &pass.need_choice {
        writeln!(out, "conflicts to settle: {}", path.display())?;
    }
    for (path, why) in &pass.refused {
        writeln!(out, "not taken {}: {why}", path.display())?;
    }
    match &pass.written {
        Some(p) => writeln!(out, "written {}", p.display())?,
        None => writeln!(out, "no new changes of this copy to write")?,
    }
    Ok(if pass.need_choice.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn activity(
    store: &mut Store,
    args: ActivityArgs,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    for a in store.sync_activity(args.limit)? {
        let (y, m, d) = crate::model::civil_from_days(a.at.div_euclid(86_400_000));
        writeln!(
            out,
            "{y:04}-{m:02}-{d:02}  {}  {} ({})  {}",
            if a.foreign { "←" } else { " " },
            a.author,
            a.copy_name,
            a.description
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
