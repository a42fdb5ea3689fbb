//! The command line: the same features as the window, for scripts, tests and benchmarks.
//! `lienket` with no command opens the window; every command here runs without one.

use crate::location::{default_db_path, open_or_create_with_seed};
use crate::model::{Direction, EntityDetail};
use crate::store::search::{self, Query};
use crate::store::{Create, OpenError, Store};
use anyhow::Context as _;
use clap::{Parser, Subcommand};
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Lienket: a knowledge base that links organisations, officials, events and themes.
#[derive(Debug, Parser)]
#[command(name = "lienket", version, about, long_about = None)]
pub struct Cli {
    /// The database file (default: lienket.db in the user's data folder).
    #[arg(long, global = true, value_name = "FILE")]
    pub db: Option<PathBuf>,
    /// What to do; without a command the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a database with the built-in knowledge base (or empty).
    Init {
        /// Create it with the built-in kinds and predicates but no entities.
        #[arg(long)]
        empty: bool,
    },
    /// Find entities: diacritics optional ("to duc" finds "Tô Đức"), abbreviations
    /// ("ldtbxh"), Telex or VNI typed without an input method, one typo per word.
    Search {
        /// What to look for.
        query: String,
        /// Only this kind (organisation, person, event, theme, document, recommendation, place).
        #[arg(long)]
        kind: Option<String>,
        /// Only entities linked to this one (a theme: name, alias or uid).
        #[arg(long, value_name = "NAME_OR_UID")]
        theme: Option<String>,
        /// Only entities dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Only entities dated on or before this date.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// At most this many results (1 to 10,000).
        #[arg(long, default_value_t = 20, value_parser = bounded::<1, 10_000>)]
        limit: usize,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show an entity with all its relations in both directions.
    Show {
        /// A name, alias or uid.
        name_or_uid: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Count entities per kind, relations, aliases and citations.
    Stats {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check integrity, schema version and application id.
    Check {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Measure the cost of small edits (each committed with fsync) on FILE.
    BenchEdits {
        /// Number of edits (1 to 1,000,000).
        #[arg(long, default_value_t = 1000, value_parser = bounded::<1, 1_000_000>)]
        count: usize,
        /// Print "committed EDIT ENTITY_UID" after each durable commit.
        #[arg(long)]
        report: bool,
    },
    /// Measure importing generated entities as one edit, with and without the change log,
    /// into two new files in DIR.
    BenchImport {
        /// Number of entities (1 to 50,000,000).
        #[arg(long, default_value_t = 1_000_000, value_parser = bounded::<1, 50_000_000>)]
        entities: usize,
        /// Where to put the two files (deleted afterwards).
        #[arg(long)]
        dir: PathBuf,
    },
    /// Editing commands (add-entity, add-relation, merge, undo, log…).
    #[command(flatten)]
    Edit(crate::cli_edit::EditCommand),
    /// Fill a new database with a deterministic synthetic knowledge base.
    Generate {
        /// Number of entities (0 to 50,000,000).
        #[arg(long, value_parser = bounded::<0, 50_000_000>)]
        entities: usize,
        /// Number of relations (0 to 200,000,000).
        #[arg(long, value_parser = bounded::<0, 200_000_000>)]
        relations: usize,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Measure: `bench search` times mixed queries against a plain LIKE scan.
    Bench {
        /// What to measure.
        #[command(subcommand)]
        what: BenchCommand,
    },
}

/// A count argument between `MIN` and `MAX`: absurd numbers are refused with a clear
/// message before anything is allocated or any file is created.
fn bounded<const MIN: usize, const MAX: usize>(s: &str) -> Result<usize, String> {
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

/// What `bench` measures.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Search latency: one- and two-letter prefixes, names without diacritics, acronyms,
    /// Telex, typos and two-word queries made from the database's own names.
    Search {
        /// Number of queries (1 to 1,000,000).
        #[arg(long, default_value_t = 1000, value_parser = bounded::<1, 1_000_000>)]
        queries: usize,
        /// Hits asked for per query (1 to 10,000).
        #[arg(long, default_value_t = 50, value_parser = bounded::<1, 10_000>)]
        limit: usize,
        /// Seed of the query mix.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Skip the LIKE '%…%' comparison.
        #[arg(long)]
        no_like: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Runs a command. Errors are reported once, by the caller.
pub fn run(db: Option<PathBuf>, command: Command) -> anyhow::Result<ExitCode> {
    crate::store::on_lock_wait(|| {
        eprintln!("lienket: waiting for another program to finish with the file…");
    });
    let mut out = std::io::stdout().lock();
    match command {
        Command::Init { empty } => {
            let path = db.context("init needs --db FILE")?;
            if std::fs::metadata(&path)
                .map(|m| m.len() > 0)
                .unwrap_or(false)
            {
                return Err(OpenError::AlreadyExists(path).into());
            }
            let mut store = Store::open(&path, Create::IfMissing)?;
            if empty {
                crate::seed::install_vocabulary(&mut store)?;
            } else {
                crate::seed::install(&mut store)?;
            }
            let stats = store.stats()?;
            writeln!(
                out,
                "created {} ({} entities, {} relations)",
                path.display(),
                stats.entities,
                stats.relations
            )?;
        }
        Command::Search {
            query,
            kind,
            theme,
            from,
            to,
            limit,
            json,
        } => {
            let mut store = open(db)?;
            prepare_index(&mut store)?;
            store.tune_for_search()?;
            let theme = match theme {
                Some(t) => match store.resolve(&t)? {
                    Some(id) => Some(id),
                    None => {
                        eprintln!("lienket: nothing found for the theme \"{t}\"");
                        return Ok(ExitCode::from(1));
                    }
                },
                None => None,
            };
            for d in [&from, &to].into_iter().flatten() {
                crate::model::PartialDate::parse(d)?;
            }
            let results = store.search_with(
                &Query {
                    text: query,
                    kind,
                    limit,
                },
                &search::Filters { theme, from, to },
            )?;
            if let Some(reading) = &results.reading {
                eprintln!("lienket: searched for \"{reading}\"");
            }
            if json {
                serde_json::to_writer_pretty(&mut out, &results.hits)?;
                writeln!(out)?;
            } else {
                for h in &results.hits {
                    let en = h
                        .entity
                        .name_en
                        .as_deref()
                        .map(|n| format!(" ({n})"))
                        .unwrap_or_default();
                    let context = h
                        .context
                        .as_ref()
                        .map(|c| {
                            let dates = match (&c.date_start, &c.date_end) {
                                (Some(s), Some(e)) => Some(format!("{s} – {e}")),
                                (Some(s), None) => Some(s.clone()),
                                (None, Some(e)) => Some(format!("– {e}")),
                                (None, None) => None,
                            };
                            [dates, c.role.clone(), c.other.clone()]
                                .into_iter()
                                .flatten()
                                .map(|x| format!(" · {x}"))
                                .collect::<String>()
                        })
                        .unwrap_or_default();
                    let via = h
                        .via
                        .as_deref()
                        .map(|v| format!(" = {v}"))
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{:<14} {}{}{}{}  [{}]",
                        h.entity.kind, h.entity.name, en, via, context, h.entity.uid
                    )?;
                }
            }
        }
        Command::Show { name_or_uid, json } => {
            let store = open(db)?;
            let Some(id) = store.resolve(&name_or_uid)? else {
                eprintln!("lienket: nothing found for \"{name_or_uid}\"");
                return Ok(ExitCode::from(1));
            };
            let detail = store.detail(id)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &detail)?;
                writeln!(out)?;
            } else {
                print_detail(&mut out, &detail)?;
            }
        }
        Command::Stats { json } => {
            let store = open(db)?;
            let s = store.stats()?;
            if json {
                let mut kinds = serde_json::Map::new();
                for k in &s.kinds {
                    kinds.insert(k.kind.clone(), k.count.into());
                }
                let mut obj = kinds.clone();
                obj.insert("kinds".into(), kinds.into());
                obj.insert("entities".into(), s.entities.into());
                obj.insert("relations".into(), s.relations.into());
                obj.insert("aliases".into(), s.aliases.into());
                obj.insert("citations".into(), s.citations.into());
                obj.insert("edits".into(), s.edits.into());
                serde_json::to_writer_pretty(&mut out, &obj)?;
                writeln!(out)?;
            } else {
                for k in &s.kinds {
                    writeln!(out, "{:<16} {}", k.kind, k.count)?;
                }
                writeln!(out, "{:<16} {}", "entities", s.entities)?;
                writeln!(out, "{:<16} {}", "relations", s.relations)?;
                writeln!(out, "{:<16} {}", "aliases", s.aliases)?;
                writeln!(out, "{:<16} {}", "citations", s.citations)?;
            }
        }
        Command::Check { json } => {
            let store = open(db)?;
            let report = store.check()?;
            if json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else {
                writeln!(out, "integrity: {}", report.messages.join("; "))?;
                writeln!(
                    out,
                    "foreign key violations: {}",
                    report.foreign_key_violations
                )?;
                writeln!(
                    out,
                    "schema version: {} (this build: {})",
                    report.schema_version,
                    crate::store::LATEST_VERSION
                )?;
                writeln!(out, "application id: {:#x}", report.application_id)?;
            }
            if !report.ok() {
                return Ok(ExitCode::from(1));
            }
        }
        Command::BenchEdits { count, report } => {
            let path = db.context("bench-edits needs --db FILE")?;
            let mut store = open_or_create_with_seed(&path)?;
            let p = crate::bench::small_edits(&mut store, count, report)?;
            if !report {
                writeln!(
                    out,
                    "{} small edits (synchronous=FULL): p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms",
                    p.count, p.p50_ms, p.p95_ms, p.p99_ms
                )?;
            }
        }
        Command::BenchImport { entities, dir } => {
            std::fs::create_dir_all(&dir)?;
            let path = dir.join("bench-import.db");
            if path.exists() {
                return Err(OpenError::AlreadyExists(path).into());
            }
            let t = crate::bench::import(&path, entities)?;
            for suffix in ["", "-wal", "-shm"] {
                let mut p = path.as_os_str().to_owned();
                p.push(suffix);
                let _ = std::fs::remove_file(PathBuf::from(p));
            }
            let seconds = t.as_secs_f64();
            writeln!(
                out,
                "import {entities} entities as one recorded edit: {seconds:.2} s ({:.0} entities/s)",
                entities as f64 / seconds.max(1e-9)
            )?;
        }
        Command::Edit(edit) => {
            let mut store = open(db)?;
            return crate::cli_edit::run(&mut store, edit);
        }
        Command::Generate {
            entities,
            relations,
            seed,
        } => {
            let path = db.context("generate needs --db FILE")?;
            let mut store = Store::open(&path, Create::IfMissing)?;
            if !store.is_empty()? {
                return Err(OpenError::AlreadyExists(path).into());
            }
            let start = std::time::Instant::now();
            let mut err = std::io::stderr().lock();
            let mut line_open = false;
            let generated = crate::generate::generate(
                &mut store,
                crate::generate::Params {
                    entities,
                    relations,
                    seed,
                },
                |stage, done, total| {
                    let _ = write!(err, "\r{stage}: {done}/{total}   ");
                    line_open = done != total;
                    if !line_open {
                        let _ = writeln!(err);
                    }
                },
            );
            if line_open {
                // End the progress line so an error is reported on a line of its own.
                let _ = writeln!(err);
            }
            generated?;
            writeln!(
                out,
                "generated {entities} entities and {relations} relations in {:.1} s",
                start.elapsed().as_secs_f64()
            )?;
        }
        Command::Bench {
            what:
                BenchCommand::Search {
                    queries,
                    limit,
                    seed,
                    no_like,
                    json,
                },
        } => {
            let path = db.context("bench needs --db FILE (make one with generate)")?;
            let mut store = Store::open(&path, Create::No)?;
            let mut err = std::io::stderr().lock();
            let report = crate::bench::search::run(
                &mut store,
                crate::bench::search::Params {
                    queries,
                    limit,
                    seed,
                    like: !no_like,
                },
                &mut |msg| {
                    let _ = writeln!(err, "{msg}");
                },
            )?;
            if json {
                serde_json::to_writer_pretty(&mut out, &report)?;
                writeln!(out)?;
            } else {
                crate::bench::search::print(&report, &mut out)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Brings the search index up to date when it needs it (a file from an older version, or
/// degrees after a generation), saying so on stderr. A read-only file is searched as it is.
fn prepare_index(store: &mut Store) -> anyhow::Result<()> {
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

fn open(db: Option<PathBuf>) -> anyhow::Result<Store> {
    Ok(match db {
        Some(path) => Store::open(&path, Create::No)?,
        None => open_or_create_with_seed(&default_db_path()?)?,
    })
}

fn print_detail(out: &mut impl std::io::Write, d: &EntityDetail) -> std::io::Result<()> {
    let e = &d.entity;
    writeln!(out, "{}", e.name)?;
    if let Some(en) = &e.name_en {
        writeln!(out, "  English: {en}")?;
    }
    writeln!(out, "  kind: {}   uid: {}", e.kind, e.uid)?;
    if !d.aliases.is_empty() {
        writeln!(out, "  also: {}", d.aliases.join(", "))?;
    }
    if let Some(s) = &e.date_start {
        writeln!(
            out,
            "  date: {s}{}",
            e.date_end
                .as_deref()
                .map(|x| format!(" – {x}"))
                .unwrap_or_default()
        )?;
    }
    if let Some(s) = &e.summary {
        writeln!(out, "  {s}")?;
    }
    for (k, v) in &e.properties {
        writeln!(
            out,
            "  {k}: {}",
            v.as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| v.to_string())
        )?;
    }
    let mut last = None;
    for r in &d.relations {
        let heading = (r.label.as_str(), r.label_en.as_str());
        if last != Some(heading) {
            writeln!(out, "\n  {} / {}", r.label, r.label_en)?;
            last = Some(heading);
        }
        let arrow = match r.direction {
            Direction::Out => "→",
            Direction::In => "←",
        };
        let role = r
            .role
            .as_deref()
            .map(|x| format!(" ({x})"))
            .unwrap_or_default();
        let former = if r.is_former() { " [former]" } else { "" };
        writeln!(out, "    {arrow} {}{role}{former}", r.other.name)?;
        for c in &r.citations {
            if let Some(q) = &c.quote {
                writeln!(out, "        “{q}” — {}", c.reference())?;
            } else {
                writeln!(out, "        — {}", c.reference())?;
            }
        }
    }
    if !d.citations.is_empty() {
        writeln!(out, "\n  Sources")?;
        for c in &d.citations {
            match &c.quote {
                Some(q) => writeln!(out, "    “{q}” — {}", c.reference())?,
                None => writeln!(out, "    {}", c.reference())?,
            }
        }
    }
    Ok(())
}
