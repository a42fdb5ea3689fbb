//! The commands that create or measure whole files: `init`, `generate`, `bench-edits`,
//! `bench-import`, `bench search` and `bench extract`, and bringing the search index up to date before a
//! search.

use super::{JsonArg, bounded};
use crate::location::open_or_create_with_seed;
use crate::store::search;
use crate::store::{Create, OpenError, Store};
use anyhow::Context as _;
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Create it with the built-in kinds and predicates but no entities.
    #[arg(long)]
    pub empty: bool,
}

/// The arguments of `bench-edits`.
#[derive(Debug, Args)]
pub struct BenchEditsArgs {
    /// Number of edits (1 to 1,000,000).
    #[arg(long, default_value_t = 1000, value_parser = bounded::<1, 1_000_000>)]
    pub count: usize,
    /// Print "committed EDIT ENTITY_UID" after each durable commit.
    #[arg(long)]
    pub report: bool,
}

/// The arguments of `bench-import`.
#[derive(Debug, Args)]
pub struct BenchImportArgs {
    /// Number of entities (1 to 50,000,000).
    #[arg(long, default_value_t = 1_000_000, value_parser = bounded::<1, 50_000_000>)]
    pub entities: usize,
    /// Where to put the two files (deleted afterwards).
    #[arg(long)]
    pub dir: PathBuf,
}

/// The arguments of `generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of entities (0 to 50,000,000).
    #[arg(long, value_parser = bounded::<0, 50_000_000>)]
    pub entities: usize,
    /// Number of relations (0 to 200,000,000).
    #[arg(long, value_parser = bounded::<0, 200_000_000>)]
    pub relations: usize,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// What `bench` measures.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Search latency: one- and two-letter prefixes, names without diacritics, acronyms,
    /// Telex, typos and two-word queries made from the database's own names.
    Search(BenchSearchArgs),
    /// Shortest paths between pairs of entities (half of them from a hub), as `path`
    /// finds them.
    Paths(BenchPathsArgs),
    /// The graph view's layout of the best connected entities: reading them, each step,
    /// the steps until it settles.
    Layout(BenchLayoutArgs),
    /// Finding known names in a long document: the matcher built from every name of the
    /// base, a generated document of --pages pages searched in one pass, and the whole
    /// extraction over it.
    Extract(BenchExtractArgs),
    /// Sharing between copies: --edits edits made in one copy of the base, its change
    /// file written, then read, previewed and taken by another copy.
    Sync(BenchSyncArgs),
}

/// The arguments of `bench sync`.
#[derive(Debug, Args)]
pub struct BenchSyncArgs {
    /// Edits made in the first copy (1 to 1,000,000).
    #[arg(long, default_value_t = 10_000, value_parser = bounded::<1, 1_000_000>)]
    pub edits: usize,
    /// Seed of the edits.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub format: JsonArg,
}

/// The arguments of `bench paths`.
#[derive(Debug, Args)]
pub struct BenchPathsArgs {
    /// Number of pairs (1 to 100,000).
    #[arg(long, default_value_t = 200, value_parser = bounded::<1, 100_000>)]
    pub pairs: usize,
    /// The longest path looked for, in links (1 to 8).
    #[arg(long, default_value_t = 5, value_parser = bounded::<1, 8>)]
    pub max: usize,
    /// Seed of the pairs.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub format: JsonArg,
}

/// The arguments of `bench layout`.
#[derive(Debug, Args)]
pub struct BenchLayoutArgs {
    /// How many of the best connected entities (1 to 20,000).
    #[arg(long, default_value_t = 20_000, value_parser = bounded::<1, 20_000>)]
    pub nodes: usize,
    /// Steps at most.
    #[arg(long, default_value_t = 5_000, value_parser = bounded::<1, 1_000_000>)]
    pub steps: usize,
    #[command(flatten)]
    pub format: JsonArg,
}

/// The arguments of `bench extract`.
#[derive(Debug, Args)]
pub struct BenchExtractArgs {
    /// Pages of 3,000 characters in the generated document (1 to 10,000).
    #[arg(long, default_value_t = 100, value_parser = bounded::<1, 10_000>)]
    pub pages: usize,
    /// Timed runs over the document (1 to 100); the median is reported.
    #[arg(long, default_value_t = 5, value_parser = bounded::<1, 100>)]
    pub runs: usize,
    #[command(flatten)]
    pub format: JsonArg,
}

/// The arguments of `bench search`.
#[derive(Debug, Args)]
pub struct BenchSearchArgs {
    /// Number of queries (1 to 1,000,000).
    #[arg(long, default_value_t = 1000, value_parser = bounded::<1, 1_000_000>)]
    pub queries: usize,
    /// Hits asked for per query (1 to 10,000).
    #[arg(long, default_value_t = 50, value_parser = bounded::<1, 10_000>)]
    pub limit: usize,
    /// Seed of the query mix.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Skip the LIKE '%…%' comparison.
    #[arg(long)]
    pub no_like: bool,
    #[command(flatten)]
    pub format: JsonArg,
}

/// Creates the database `--db` with the built-in knowledge base (or only its vocabulary);
/// a file that already holds something is refused and left alone.
pub fn init(db: Option<PathBuf>, args: InitArgs, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let path = db.context("init needs --db FILE")?;
    if std::fs::metadata(&path)
        .map(|m| m.len() > 0)
        .unwrap_or(false)
    {
        return Err(OpenError::AlreadyExists(path).into());
    }
    let mut store = Store::open(&path, Create::IfMissing)?;
    if !crate::seed::install_if_blank(&mut store, !args.empty)? {
        // Another program created and filled it meanwhile.
        return Err(OpenError::AlreadyExists(path).into());
    }
    let stats = store.stats()?;
    writeln!(
        out,
        "created {} ({} entities, {} relations)",
        path.display(),
        stats.entities,
        stats.relations
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Fills the new (or empty) database `--db` with synthetic entities and relations,
/// showing progress on stderr.
pub fn generate(
    db: Option<PathBuf>,
    args: GenerateArgs,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let GenerateArgs {
        entities,
        relations,
        seed,
    } = args;
    let path = db.context("generate needs --db FILE")?;
    if relations > 0 && entities < 2 {
        anyhow::bail!("relations need at least two entities");
    }
    let existed = path.exists();
    let mut store = Store::open(&path, Create::IfMissing)?;
    if !store.is_empty()? {
        return Err(OpenError::AlreadyExists(path).into());
    }
    let start = std::time::Instant::now();
    let mut err = std::io::stderr().lock();
    let mut line_open = false;
    let params = crate::generate::Params {
        entities,
        relations,
        seed,
    };
    let generated = crate::generate::generate(&mut store, params, |stage, done, total| {
        let _ = write!(err, "\r{stage}: {done}/{total}   ");
        line_open = done != total;
        if !line_open {
            let _ = writeln!(err);
        }
    });
    if line_open {
        // End the progress line so an error is reported on a line of its own.
        let _ = writeln!(err);
    }
    if let Err(e) = generated {
        // Nothing was generated (the edit rolled back): leave no file behind either.
        drop(store);
        if !existed {
            crate::store::remove_files(&path);
        }
        return Err(e.into());
    }
    writeln!(
        out,
        "generated {entities} entities and {relations} relations in {:.1} s",
        start.elapsed().as_secs_f64()
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Times small edits on `--db` (created with the built-in knowledge base if missing).
pub fn bench_edits(
    db: Option<PathBuf>,
    args: BenchEditsArgs,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let path = db.context("bench-edits needs --db FILE")?;
    let mut store = open_or_create_with_seed(&path)?;
    let p = crate::bench::small_edits(&mut store, args.count, args.report)?;
    if !args.report {
        writeln!(
            out,
            "{} small edits (synchronous=FULL): p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms",
            p.count, p.p50_ms, p.p95_ms, p.p99_ms
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Times importing generated entities into a new file in `--dir`, then deletes the file.
pub fn bench_import(args: BenchImportArgs, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let BenchImportArgs { entities, dir } = args;
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("bench-import.db");
    if path.exists() {
        return Err(OpenError::AlreadyExists(path).into());
    }
    let t = crate::bench::import(&path, entities)?;
    crate::store::remove_files(&path);
    let seconds = t.as_secs_f64();
    writeln!(
        out,
        "import {entities} entities as one recorded edit: {seconds:.2} s ({:.0} entities/s)",
        entities as f64 / seconds.max(1e-9)
    )?;
    Ok(ExitCode::SUCCESS)
}

/// Runs a `bench` measurement on the existing database `--db`, with progress on stderr.
pub fn bench(
    db: Option<PathBuf>,
    what: BenchCommand,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let args = match what {
        BenchCommand::Search(args) => args,
        BenchCommand::Extract(args) => return bench_extract(db, args, out),
        BenchCommand::Paths(args) => return bench_paths(db, args, out),
        BenchCommand::Layout(args) => return bench_layout(db, args, out),
        BenchCommand::Sync(args) => return bench_sync(db, args, out),
    };
    let path = db.context("bench needs --db FILE (make one with generate)")?;
    let mut store = Store::open(&path, Create::No)?;
    let mut err = std::io::stderr().lock();
    let params = crate::bench::search::Params {
        queries: args.queries,
        limit: args.limit,
        seed: args.seed,
        like: !args.no_like,
    };
    let report = crate::bench::search::run(&mut store, params, &mut |msg| {
        let _ = writeln!(err, "{msg}");
    })?;
    report_out(args.format.json, &report, out, |r, o| {
        crate::bench::search::print(r, o)
    })
}

/// Prints a benchmark's report as JSON or as its text.
fn report_out<R: serde::Serialize, W: Write>(
    json: bool,
    report: &R,
    out: &mut W,
    text: impl FnOnce(&R, &mut W) -> std::io::Result<()>,
) -> anyhow::Result<ExitCode> {
    if json {
        serde_json::to_writer_pretty(&mut *out, report)?;
        writeln!(out)?;
    } else {
        text(report, out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `bench extract` on the existing database `--db`.
fn bench_extract(
    db: Option<PathBuf>,
    args: BenchExtractArgs,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let path = db.context("bench needs --db FILE (make one with generate)")?;
    let store = Store::open(&path, Create::No)?;
    let report = crate::bench::extract::run(&store, args.pages, args.runs)?;
    report_out(args.format.json, &report, out, |r, o| {
        crate::bench::extract::print(r, o)
    })
}

/// `bench sync`: sharing edits between two copies of `--db`.
fn bench_sync(
    db: Option<PathBuf>,
    args: BenchSyncArgs,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let path = db.context("bench needs --db FILE (make one with generate)")?;
    let mut err = std::io::stderr().lock();
    let report = crate::bench::sync::run(&path, args.edits, args.seed, &mut |msg| {
        let _ = writeln!(err, "{msg}");
    })?;
    report_out(args.format.json, &report, out, |r, o| {
        crate::bench::sync::print(r, o)
    })
}

/// Brings the search index up to date when it needs it (a file from an older version, or
/// degrees after a generation), saying so on stderr. A read-only file is searched as it is.
pub(super) fn prepare_index(store: &mut Store) -> anyhow::Result<()> {
    let state = store.search_index_state()?;
    if state == search::State::Ready || store.is_read_only() {
        return Ok(());
    }
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "lienket: preparing the search index (once)…");
    let mut shown = 0;
    store.prepare_search_index(&mut |done, total| {
        let pct = (done * 100).checked_div(total).unwrap_or(100);
        if pct >= shown + 10 {
            shown = pct;
            let _ = write!(err, " {pct} %");
        }
    })?;
    let _ = writeln!(err);
    Ok(())
}

/// `bench paths`: shortest paths between pairs of entities of `--db`.
fn bench_paths(
    db: Option<PathBuf>,
    args: BenchPathsArgs,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let path = db.context("bench needs --db FILE (make one with generate)")?;
    let store = Store::open(&path, Create::No)?;
    let report = crate::bench::graph::paths(&store, args.pairs, args.max, args.seed)?;
    if args.format.json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
        writeln!(out)?;
    } else {
        let p = |p: &crate::bench::Percentiles| {
            format!(
                "p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms",
                p.p50_ms, p.p95_ms, p.p99_ms
            )
        };
        writeln!(
            out,
            "{} pairs (at most {} links), {} connected: {}",
            report.pairs,
            report.max,
            report.connected,
            p(&report.latency)
        )?;
        writeln!(
            out,
            "  {} of them from a hub: {}",
            report.from_hubs.count,
            p(&report.from_hubs)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `bench layout`: the graph view's layout of the best connected entities of `--db`.
fn bench_layout(
    db: Option<PathBuf>,
    args: BenchLayoutArgs,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let path = db.context("bench needs --db FILE (make one with generate)")?;
    let store = Store::open(&path, Create::No)?;
    let r = crate::bench::graph::layout(&store, args.nodes, args.steps)?;
    if args.format.json {
        serde_json::to_writer_pretty(&mut *out, &r)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} nodes, {} links read in {:.0} ms; a step p50 {:.2} ms, p95 {:.2} ms; {} in {} steps, {:.1} s",
            r.nodes,
            r.edges,
            r.read_ms,
            r.step.p50_ms,
            r.step.p95_ms,
            if r.settled { "settled" } else { "not settled" },
            r.steps,
            r.settle_s
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The arguments of the hidden `simulate-crash` command.
#[derive(Debug, Args)]
pub struct SimulateCrashArgs {
    /// The name of the entity the committed edit adds.
    #[arg(long)]
    pub name: String,
    /// Its summary (tests check it never reaches the crash report).
    #[arg(long, default_value = "")]
    pub summary: String,
}

/// Commits an edit adding `args.name`, then starts a second edit on a thread named
/// "editor" and panics inside its transaction; the panic is carried on to the main
/// thread, so the process ends as a crash does.
pub fn simulate_crash(store: &mut Store, args: SimulateCrashArgs) -> anyhow::Result<ExitCode> {
    let entity = |name: &str| crate::store::write::NewEntity {
        kind: "theme".to_owned(),
        name: name.to_owned(),
        summary: Some(args.summary.clone()).filter(|s| !s.is_empty()),
        ..Default::default()
    };
    store.edit("simulated crash: the committed edit", |w| {
        w.add_entity(&entity(&args.name))
    })?;
    let unfinished = format!("{} (unfinished)", args.name);
    let outcome = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("editor".to_owned())
            .spawn_scoped(scope, || {
                store.edit::<()>("simulated crash: the unfinished edit", |w| {
                    w.add_entity(&entity(&unfinished))?;
                    panic!("simulated crash in the middle of an edit");
                })
            })
            .map(|handle| handle.join())
    })?;
    match outcome {
        Ok(result) => result.map(|()| ExitCode::SUCCESS).map_err(Into::into),
        Err(payload) => std::panic::resume_unwind(payload),
    }
}
