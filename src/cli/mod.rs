//! The command line: the same features as the window, for scripts, tests and benchmarks.
//! `lienket` with no command opens the window; every command here runs without one.
//!
//! This module owns the parser (`Cli`, `Command`), the dispatch to the command groups
//! (`browse`: reading; `make`: creating and measuring files; `edit`: one recorded edit
//! per command) and what the groups share: opening the database and bounded counts.

pub mod browse;
pub mod changes;
pub mod edit;
pub mod exchange;
pub mod extract;
pub mod make;
pub mod path;

use crate::location::{default_db_path, open_or_create_with_seed};
use crate::store::{Create, Store};
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Lienket: a knowledge base that links organisations, officials, events and themes.
#[derive(Debug, Parser)]
#[command(name = "lienket", version = version(), about, long_about = None)]
pub struct Cli {
    /// The database file (default: lienket.db in the user's data folder).
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// Also log to stderr, in more detail (the log file is written either way).
    #[arg(long, short, global = true)]
    pub verbose: bool,
    /// What to do; without a command the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A database file to open in the window (as a file manager's "Open with" passes it).
    #[arg(value_name = "FILE", conflicts_with = "db")]
    pub file: Option<PathBuf>,
}

impl Cli {
    /// The database the window opens: `--db`, or the file named alone.
    pub fn window_db(&self) -> Option<&std::path::Path> {
        self.db.as_deref().or(self.file.as_deref())
    }
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a database with the built-in knowledge base (or empty).
    Init(make::InitArgs),
    /// Find entities: diacritics optional ("to duc" finds "Tô Đức"), abbreviations
    /// ("ldtbxh"), Telex or VNI typed without an input method, one typo per word.
    Search(browse::SearchArgs),
    /// Show an entity with all its relations in both directions.
    Show(browse::ShowArgs),
    /// How two entities are connected: every shortest path (at most --max links), as
    /// chains ("Tô Đức — phát biểu tại — Hội thảo … — có đại biểu tham dự — Bộ Tư pháp").
    Path(path::PathArgs),
    /// Count entities per kind, relations, aliases and citations.
    Stats(JsonArg),
    /// Check integrity, schema version and application id.
    Check(JsonArg),
    /// List pairs of entities that may be duplicates (same name, a name that is another's
    /// alias, initials), with the time the search took.
    Duplicates(JsonArg),
    /// Measure the cost of small edits (each committed with fsync) on FILE.
    BenchEdits(make::BenchEditsArgs),
    /// Measure importing generated entities as one edit, with and without the change log,
    /// into two new files in DIR.
    BenchImport(make::BenchImportArgs),
    /// Editing commands (add-entity, add-relation, merge, undo, log…).
    #[command(flatten)]
    Edit(edit::EditCommand),
    /// Write the knowledge base, or an entity's neighbourhood, to a file: json (lossless),
    /// md or html (handouts), graphml or gexf (graph tools), ris or csl (the documents, for
    /// reference managers). Private data stays out unless --include-private.
    Export(exchange::ExportArgs),
    /// Bring in a document written by `export --format json`, as one edit (undone in one
    /// step); with any problem, nothing is written and every problem is listed.
    Import(exchange::ImportArgs),
    /// Share edits with colleagues' copies: change files, a shared folder, activity.
    Changes {
        /// What to do.
        #[command(subcommand)]
        what: changes::ChangesCommand,
    },
    /// Find the known entities a document (.txt, .md, .html) mentions, and propose the
    /// organisations, people, events and links it names (with paragraph and sentence).
    Extract(extract::ExtractArgs),
    /// Fill a new database with a deterministic synthetic knowledge base.
    Generate(make::GenerateArgs),
    /// Measure: `bench search` times mixed queries against a plain LIKE scan.
    Bench {
        /// What to measure.
        #[command(subcommand)]
        what: make::BenchCommand,
    },
    /// Commits an edit, then panics on another thread in the middle of a second one: how
    /// the tests check crash reports and that a crash leaves the file consistent.
    #[command(hide = true)]
    SimulateCrash(make::SimulateCrashArgs),
}

/// The text of `--version`: the program's version and the schema version it writes.
fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(crate::diagnostics::version_line)
}

/// The `--json` switch of commands that print either text or JSON.
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct JsonArg {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// A count argument between `MIN` and `MAX`: absurd numbers are refused with a clear
/// message before anything is allocated or any file is created.
pub(crate) fn bounded<const MIN: usize, const MAX: usize>(s: &str) -> Result<usize, String> {
    let n: u128 = s
        .trim()
        .replace('_', "")
        .parse()
        .map_err(|_| format!("\"{s}\" is not a whole number"))?;
    if n < MIN as u128 || n > MAX as u128 {
        return Err(format!("must be between {MIN} and {MAX}"));
    }
    Ok(n as usize)
}

/// Runs a command. Errors are reported once, by the caller.
pub fn run(db: Option<PathBuf>, command: Command) -> anyhow::Result<ExitCode> {
    crate::store::on_lock_wait(|| {
        eprintln!("lienket: waiting for another program to finish with the file…");
    });
    let mut out = std::io::stdout().lock();
    match command {
        Command::Init(args) => make::init(db, args, &mut out),
        Command::Search(args) => browse::search(db, args, &mut out),
        Command::Show(args) => browse::show(db, args, &mut out),
        Command::Path(args) => path::path(&open(db)?, args, &mut out),
        Command::Stats(args) => browse::stats(db, args, &mut out),
        Command::Check(args) => browse::check(db, args, &mut out),
        Command::Duplicates(args) => browse::duplicates(db, args, &mut out),
        Command::BenchEdits(args) => make::bench_edits(db, args, &mut out),
        Command::BenchImport(args) => make::bench_import(args, &mut out),
        Command::Edit(command) => edit::run(&mut open(db)?, command),
        Command::Export(args) => exchange::export(&mut open(db)?, args, &mut out),
        Command::Import(args) => exchange::import(&mut open(db)?, args, &mut out),
        Command::Changes { what } => changes::run(&mut open(db)?, what, &mut out),
        Command::Extract(args) => extract::extract(&open(db)?, args, &mut out),
        Command::Generate(args) => make::generate(db, args, &mut out),
        Command::Bench { what } => make::bench(db, what, &mut out),
        Command::SimulateCrash(args) => make::simulate_crash(&mut open(db)?, args),
    }
}

/// Opens the database named by `--db`, which must exist; without `--db`, the default
/// database, created with the built-in knowledge base on first use.
fn open(db: Option<PathBuf>) -> anyhow::Result<Store> {
    Ok(match db {
        Some(path) => Store::open(&path, Create::No)?,
        None => open_or_create_with_seed(&default_db_path()?)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_named_alone_opens_in_the_window_and_commands_still_parse() {
        let parse = |args: &[&str]| Cli::try_parse_from(args);
        let alone = parse(&["lienket", "/tmp/nhóm.db"]).expect("a file alone");
        assert!(alone.command.is_none());
        assert_eq!(
            alone.window_db(),
            Some(std::path::Path::new("/tmp/nhóm.db"))
        );
        let db = parse(&["lienket", "--db", "a.db"]).expect("--db");
        assert_eq!(db.window_db(), Some(std::path::Path::new("a.db")));
        let search = parse(&["lienket", "--db", "a.db", "search", "to duc"]).expect("search");
        assert!(matches!(search.command, Some(Command::Search(_))));
        assert!(search.file.is_none());
        assert!(parse(&["lienket", "--db", "a.db", "b.db"]).is_err());
    }
}
