//! The reading commands: `search`, `show`, `stats` and `check`, and the text form of an
//! entity's detail. None of them changes the file (a search may first bring the search
//! index up to date, which records no change).

use super::{JsonArg, bounded, make::prepare_index, open};
use crate::model::{Direction, EntityDetail, RelationView};
use crate::store::OpenError;
use crate::store::search::{self, Hit, Query};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for.
    pub query: String,
    /// Only this kind (organisation, person, event, theme, document, recommendation, place).
    #[arg(long)]
    pub kind: Option<String>,
    /// Only entities linked to this one (a theme: name, alias or uid).
    #[arg(long, value_name = "NAME_OR_UID")]
    pub theme: Option<String>,
    /// Only entities dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only entities dated on or before this date.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// At most this many results (1 to 10,000).
    #[arg(long, default_value_t = 20, value_parser = bounded::<1, 10_000>)]
    pub limit: usize,
    #[command(flatten)]
    pub format: JsonArg,
}

/// The arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// A name, alias or uid.
    pub name_or_uid: String,
    #[command(flatten)]
    pub format: JsonArg,
}

/// Finds entities and prints one line (or one JSON object) per hit; exit status 1 when
/// the `--theme` names nothing.
pub fn search(
    db: Option<PathBuf>,
    args: SearchArgs,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let mut store = open(db)?;
    prepare_index(&mut store)?;
    store.tune_for_search()?;
    let theme = match args.theme {
        Some(t) => match store.resolve(&t)? {
            Some(id) => Some(id),
            None => {
                eprintln!("lienket: nothing found for the theme \"{t}\"");
                return Ok(ExitCode::from(1));
            }
        },
        None => None,
    };
    let (from, to) = (args.from, args.to);
    for d in [&from, &to].into_iter().flatten() {
        crate::model::PartialDate::parse(d)?;
    }
    let query = Query {
        text: args.query,
        kind: args.kind,
        limit: args.limit,
    };
    let results = store.search_with(&query, &search::Filters { theme, from, to })?;
    if let Some(reading) = &results.reading {
        eprintln!("lienket: searched for \"{reading}\"");
    }
    if args.format.json {
        serde_json::to_writer_pretty(&mut *out, &results.hits)?;
        writeln!(out)?;
    } else {
        for h in &results.hits {
            writeln!(out, "{}", hit_line(h))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A hit as one line: kind, name, English name, the alias that matched, the dates, role
/// and other end of the relation that gave it context, and the uid.
fn hit_line(h: &Hit) -> String {
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
    format!(
        "{:<14} {}{}{}{}  [{}]",
        h.entity.kind, h.entity.name, en, via, context, h.entity.uid
    )
}

/// Prints an entity with all its relations; exit status 1 when nothing has that name.
pub fn show(db: Option<PathBuf>, args: ShowArgs, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let name_or_uid = args.name_or_uid;
    let Some(id) = store.resolve(&name_or_uid)? else {
        eprintln!("lienket: nothing found for \"{name_or_uid}\"");
        return Ok(ExitCode::from(1));
    };
    let detail = store.detail(id)?;
    if store.find_exact(&name_or_uid)?.is_empty() {
        // Not a name, alias or uid: the best search hit is shown, and said to be one.
        eprintln!(
            "lienket: no entry is named \"{name_or_uid}\"; showing the best match, \"{}\"",
            detail.entity.name
        );
    }
    if args.format.json {
        serde_json::to_writer_pretty(&mut *out, &detail)?;
        writeln!(out)?;
    } else {
        print_detail(out, &detail)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the counts of entities per kind, relations, aliases and citations (and, in
/// JSON, of edits).
pub fn stats(db: Option<PathBuf>, args: JsonArg, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let s = store.stats()?;
    if args.json {
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
        serde_json::to_writer_pretty(&mut *out, &obj)?;
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
    Ok(ExitCode::SUCCESS)
}

/// Prints the pairs that may be duplicates, and (on stderr) how long finding them took.
pub fn duplicates(
    db: Option<PathBuf>,
    args: JsonArg,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let store = open(db)?;
    let started = std::time::Instant::now();
    let pairs = store.possible_duplicates(usize::MAX)?;
    let took = started.elapsed();
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &pairs)?;
        writeln!(out)?;
    } else {
        for p in &pairs {
            let reason = serde_json::to_value(p.reason)?;
            let reason = reason.as_str().unwrap_or_default();
            writeln!(out, "{}\t{}\t{reason}", p.a.name, p.b.name)?;
        }
    }
    eprintln!("{} pairs in {:.2} s", pairs.len(), took.as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

/// Prints the file's integrity, schema version and application id; exit status 1 when
/// something is wrong.
pub fn check(db: Option<PathBuf>, args: JsonArg, out: &mut impl Write) -> anyhow::Result<ExitCode> {
    let store = match open(db) {
        Ok(store) => store,
        Err(e) => match e.downcast_ref::<OpenError>() {
            // A damaged file is what check is for: a problem found, not a failure to run.
            Some(OpenError::Corrupt { detail, .. }) => {
                writeln!(out, "integrity: {detail}")?;
                return Ok(ExitCode::from(1));
            }
            _ => return Err(e),
        },
    };
    let report = store.check()?;
    if args.json {
        serde_json::to_writer_pretty(&mut *out, &report)?;
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
    Ok(if report.ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Prints an entity as text: its names, kind, dates, summary and properties, then its
/// relations grouped by label with their citations, then the sources cited for it.
fn print_detail(out: &mut impl Write, d: &EntityDetail) -> std::io::Result<()> {
    print_fields(out, d)?;
    let mut last = None;
    for r in &d.relations {
        let heading = (r.label.as_str(), r.label_en.as_str());
        if last != Some(heading) {
            writeln!(out, "\n  {} / {}", r.label, r.label_en)?;
            last = Some(heading);
        }
        print_relation(out, r)?;
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

/// The head of an entity's text form: names, kind and uid, aliases, dates, summary and
/// properties.
fn print_fields(out: &mut impl Write, d: &EntityDetail) -> std::io::Result<()> {
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
        let end = e
            .date_end
            .as_deref()
            .map(|x| format!(" – {x}"))
            .unwrap_or_default();
        writeln!(out, "  date: {s}{end}")?;
    }
    if let Some(s) = &e.summary {
        writeln!(out, "  {s}")?;
    }
    for (k, v) in &e.properties {
        let v = v
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| v.to_string());
        writeln!(out, "  {k}: {v}")?;
    }
    Ok(())
}

/// One relation of an entity's text form, with its citations below it.
fn print_relation(out: &mut impl Write, r: &RelationView) -> std::io::Result<()> {
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
    Ok(())
}
