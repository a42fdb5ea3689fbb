//! `export` and `import`: a knowledge base, or an entity's neighbourhood, out to a file in
//! one of the exchange formats (private data only when asked), and a document in as one
//! all-or-nothing edit.

use super::edit::resolve::need as entity_arg;
use crate::exchange::{self, ExportChoice, Format, Selection};
use crate::i18n::Lang;
use crate::store::{ImportOptions, OnDuplicate, Store};
use anyhow::{Context as _, bail};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// The arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// json, md, html, graphml, gexf, ris, csl, csv or xlsx (default: from OUT's extension).
    #[arg(long)]
    pub format: Option<String>,
    /// Only this entity (name, alias or uid) and its neighbourhood; repeat it for a list.
    #[arg(long)]
    pub entity: Vec<String>,
    /// With --entity: how many links away (0 to 5; 0 for the entities alone).
    #[arg(long, default_value_t = 1, value_parser = super::bounded::<0, 5>)]
    pub depth: usize,
    /// The entities and depth saved under this name (see --save-selection).
    #[arg(long, conflicts_with = "entity")]
    pub selection: Option<String>,
    /// Keep the --entity list and --depth under this name in the file, to export again
    /// with --selection (a name already saved is replaced).
    #[arg(long, requires = "entity")]
    pub save_selection: Option<String>,
    /// Include private entities and private properties.
    #[arg(long)]
    pub include_private: bool,
    /// Language of the words a handout adds (vi or en).
    #[arg(long, default_value = "vi")]
    pub lang: String,
    /// CSV for Excel: a byte-order mark and CRLF line ends.
    #[arg(long)]
    pub for_excel: bool,
    /// The file to write ("-": standard output); for csv, the folder that gets
    /// entities.csv and relations.csv.
    pub out: PathBuf,
}

/// What to do with an entity the file already holds.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum OnDuplicateArg {
    /// Keep the file's as it is.
    Skip,
    /// Overwrite its fields with the document's.
    Update,
    /// Fill only the fields it lacks.
    Fill,
}

/// The arguments of `import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The file to import: a JSON document as `export --format json` writes it, a sheet
    /// of entities or of relations (CSV, or an Excel or LibreOffice workbook), or a
    /// folder holding entities.csv and relations.csv (as `export --format csv` writes).
    pub file: PathBuf,
    /// json, csv, xlsx, xls, ods or graphml (default: from the file's extension).
    #[arg(long)]
    pub format: Option<String>,
    /// CSV: a saved column mapping (JSON) to use instead of the guessed one.
    #[arg(long)]
    pub mapping: Option<PathBuf>,
    /// CSV: save the column mapping used to this file.
    #[arg(long)]
    pub write_mapping: Option<PathBuf>,
    /// CSV: how its text is encoded: auto (Unicode; a legacy Vietnamese encoding is
    /// refused with a sample), unicode, tcvn3, vni or cp1258.
    #[arg(long, default_value = "auto")]
    pub encoding: String,
    /// Workbook: the sheet to read (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Workbook: the row of the column names, from 1 (default: the first with a cell).
    #[arg(long)]
    pub header_row: Option<usize>,
    /// CSV and GraphML: the kind of entities whose row or node names none.
    #[arg(long, default_value = "organisation")]
    pub kind: String,
    /// Entities the file already holds (same uid, or same folded name or other name
    /// within the kind).
    #[arg(long, value_enum, default_value = "skip")]
    pub on_duplicate: OnDuplicateArg,
    /// Check and report; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Name recorded as the author of the edit.
    #[arg(long)]
    pub author: Option<String>,
}

/// `export`: writes the chosen part in the chosen format, then says what it wrote.
pub fn export(
    store: &mut Store,
    args: ExportArgs,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let format = match &args.format {
        Some(name) => Format::parse(name).with_context(|| {
            format!(
                "unknown format \"{name}\": json, md, html, graphml, gexf, ris, csl, csv or xlsx"
            )
        })?,
        None => Format::of_path(&args.out)
            .context("give --format, or a file name ending in a format's extension")?,
    };
    let lang = match args.lang.as_str() {
        "vi" => Lang::Vi,
        "en" => Lang::En,
        other => bail!("unknown language \"{other}\": vi or en"),
    };
    let selection = if let Some(name) = &args.selection {
        let saved = store.selection(name)?.with_context(|| {
            let known: Vec<String> = store
                .selections()
                .unwrap_or_default()
                .into_iter()
                .map(|s| s.name)
                .collect();
            format!(
                "no selection is saved as “{name}” (saved: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            )
        })?;
        Selection::saved(store, &saved)
    } else if args.entity.is_empty() {
        Selection::All
    } else {
        let ids = args
            .entity
            .iter()
            .map(|name| entity_arg(store, name))
            .collect::<anyhow::Result<Vec<_>>>()?;
        if let Some(name) = &args.save_selection {
            store.edit(&format!("save the selection “{name}”"), |w| {
                w.save_selection(name, &ids, args.depth)
            })?;
            eprintln!("lienket: saved the selection “{name}”");
        }
        let uids = ids
            .iter()
            .map(|id| Ok(store.entity(*id)?.uid))
            .collect::<anyhow::Result<Vec<String>>>()?;
        Selection::Around {
            uids,
            depth: args.depth,
        }
    };
    let choice = ExportChoice {
        selection,
        include_private: args.include_private,
    };
    let (doc, counts) = exchange::prepare(store, &choice)?;
    if format == Format::Csv
        && (args.out.as_os_str() == "-" || args.out.extension().is_some_and(|e| e == "csv"))
    {
        bail!("CSV is written as two files, entities.csv and relations.csv: give a folder");
    }
    let files = exchange::write_files(&doc, format, lang, args.for_excel)?;
    match files.as_slice() {
        [(_, bytes)] if args.out.as_os_str() == "-" => out.write_all(bytes)?,
        [(_, bytes)] => write_file(&args.out, bytes)?,
        several => {
            std::fs::create_dir_all(&args.out)
                .with_context(|| format!("cannot make the folder {}", args.out.display()))?;
            for (name, bytes) in several {
                write_file(&args.out.join(name), bytes)?;
            }
        }
    }
    eprintln!(
        "lienket: wrote {} entities, {} relations, {} citations; left out as private: {} entities, {} properties",
        counts.entities,
        counts.relations,
        counts.citations,
        counts.private_entities,
        counts.private_properties
    );
    Ok(ExitCode::SUCCESS)
}

/// The kind a name or label stands for ("Người", "nguoi", "person").
fn kind_named(store: &Store, text: &str) -> anyhow::Result<String> {
    let f = crate::text::fold(text.trim());
    store
        .kinds()?
        .into_iter()
        .find(|k| {
            [&k.name, &k.label_vi, &k.label_en]
                .iter()
                .any(|n| crate::text::fold(n) == f)
        })
        .map(|k| k.name)
        .with_context(|| format!("unknown kind \"{text}\""))
}

/// Writes beside the target first, then renames: a failed export leaves no half file.
fn write_file(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    let name = path.file_name().context("the output needs a file name")?;
    if path.is_dir() {
        bail!("{} is a folder: give a file name", path.display());
    }
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !folder.is_dir()
    {
        bail!(
            "cannot write {}: the folder {} does not exist",
            path.display(),
            folder.display()
        );
    }
    let mut partial = name.to_owned();
    partial.push(".partial");
    let temp = path.with_file_name(partial);
    let written = std::fs::write(&temp, bytes).and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = written {
        // Nothing half-written stays behind.
        let _ = std::fs::remove_file(&temp);
        return Err(e).with_context(|| format!("cannot write {}", path.display()));
    }
    Ok(())
}

/// `import`: one edit, or nothing and every problem listed (exit 2).
pub fn import(
    store: &mut Store,
    args: ImportArgs,
    out: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let ext = args
        .file
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let folder = args.file.is_dir();
    let format = args.format.clone().unwrap_or(match ext.as_str() {
        _ if folder => "csv".to_owned(),
        "csv" | "txt" | "tsv" => "csv".to_owned(),
        e if exchange::WORKBOOKS.contains(&e) => "workbook".to_owned(),
        "graphml" => "graphml".to_owned(),
        _ => "json".to_owned(),
    });
    let (csv, workbook) = match format.as_str() {
        "csv" => (true, false),
        "xlsx" | "xls" | "xlsb" | "ods" | "workbook" => (true, true),
        "json" | "graphml" => (false, false),
        other => bail!("unknown import format \"{other}\": json, csv, xlsx, xls, ods or graphml"),
    };
    if folder && (workbook || !csv) {
        bail!(
            "{} is a folder: only CSV (entities.csv and relations.csv) is imported from a folder",
            args.file.display()
        );
    }
    if let Some(a) = &args.author {
        store.set_author(a);
    }
    let options = ImportOptions {
        on_duplicate: match args.on_duplicate {
            OnDuplicateArg::Skip => OnDuplicate::Skip,
            OnDuplicateArg::Update => OnDuplicate::Update,
            OnDuplicateArg::Fill => OnDuplicate::Fill,
        },
        dry_run: args.dry_run,
        ..ImportOptions::default()
    };
    let name = args
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let description = format!("import {name}");
    let report = if csv && !workbook {
        import_csv(store, &args, options, &description, out)?
    } else {
        let bytes = std::fs::read(&args.file)
            .with_context(|| format!("cannot read {}", args.file.display()))?;
        if csv {
            let (sheet, _) = exchange::read_sheet(
                &bytes,
                workbook,
                encoding(&args.encoding)?,
                args.sheet.as_deref(),
                args.header_row.map(|r| r.saturating_sub(1)),
            )?;
            let mapping = mapping_for(store, &args, &sheet.headers, out)?;
            exchange::import_table(store, &sheet, &mapping, options, &description)?
        } else if format == "graphml" {
            let doc = exchange::read_graphml(store, &bytes, &kind_named(store, &args.kind)?)?;
            store.import_document(&doc, options, &description)?
        } else {
            exchange::import_json(store, &bytes, options, &description)?
        }
    };
    writeln!(
        out,
        "entities: {} new, {} already there ({} changed); relations: {} new, {} already there; citations: {} new; other names: {} new; kinds and link types: {} new",
        report.new_entities,
        report.matching_entities,
        report.changed_entities,
        report.new_relations,
        report.matching_relations,
        report.new_citations,
        report.new_aliases,
        report.new_vocabulary
    )?;
    for o in &report.overwrites {
        let before = if o.before.is_empty() {
            "(empty)"
        } else {
            &o.before
        };
        writeln!(
            out,
            "replaces: {} — {}: {before} → {}",
            o.entity, o.field, o.after
        )?;
    }
    if !report.problems.is_empty() {
        for p in &report.problems {
            writeln!(out, "problem: {p}")?;
        }
        match report.problems.len() {
            1 => bail!("1 problem: nothing was imported"),
            n => bail!("{n} problems: nothing was imported"),
        }
    }
    match (report.edit, args.dry_run) {
        (Some(id), _) => writeln!(out, "imported as edit #{id} (undo with `lienket undo`)")?,
        (None, true) => writeln!(out, "dry run: nothing was written")?,
        (None, false) => writeln!(
            out,
            "nothing new: the file holds all of it already; nothing was written"
        )?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The encoding `--encoding` names.
fn encoding(name: &str) -> anyhow::Result<exchange::table::Encoding> {
    use crate::text::legacy::Legacy;
    use exchange::table::Encoding;
    Ok(match name {
        "auto" => Encoding::Auto,
        "unicode" | "utf8" | "utf-8" => Encoding::Unicode,
        "tcvn3" | "abc" => Encoding::Legacy(Legacy::Tcvn3),
        "vni" => Encoding::Legacy(Legacy::Vni),
        "cp1258" | "windows-1258" => Encoding::Legacy(Legacy::Windows1258),
        other => bail!("unknown encoding \"{other}\": auto, unicode, tcvn3, vni or cp1258"),
    })
}

/// The mapping of a sheet with `headers`: the saved one given, or guessed (and saved
/// when asked), each column's target printed.
fn mapping_for(
    store: &Store,
    args: &ImportArgs,
    headers: &[String],
    out: &mut impl Write,
) -> anyhow::Result<exchange::mapping::Mapping> {
    let (kinds, predicates) = (store.kinds()?, store.predicates()?);
    let vocabulary = exchange::mapping::Vocabulary::new(&kinds, &predicates);
    let mut mapping = match &args.mapping {
        Some(path) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let saved = serde_json::from_slice(&bytes)
                .with_context(|| format!("{} is not a saved mapping", path.display()))?;
            exchange::mapping::Mapping::from_saved(&saved, headers, &vocabulary)
        }
        None => exchange::mapping::guess(headers, &vocabulary),
    };
    if args.mapping.is_none() {
        mapping.kind = kind_named(store, &args.kind)?;
    }
    for (header, target) in headers.iter().zip(&mapping.columns) {
        writeln!(
            out,
            "column “{header}” → {}",
            serde_json::to_string(target)?
        )?;
    }
    if let Some(path) = &args.write_mapping {
        write_file(
            path,
            serde_json::to_string_pretty(&mapping.save(headers))?.as_bytes(),
        )?;
    }
    Ok(mapping)
}

/// Imports a CSV file, or a folder's entities.csv and relations.csv, streamed from disk
/// (progress on stderr).
fn import_csv(
    store: &mut Store,
    args: &ImportArgs,
    options: ImportOptions,
    description: &str,
    out: &mut impl Write,
) -> anyhow::Result<crate::store::ImportReport> {
    use exchange::csv_file::CsvFile;
    let encoding = encoding(&args.encoding)?;
    let header = args.header_row.map_or(0, |r| r.saturating_sub(1));
    let paths: Vec<PathBuf> = if args.file.is_dir() {
        let found: Vec<PathBuf> = ["entities.csv", "relations.csv"]
            .iter()
            .map(|n| args.file.join(n))
            .filter(|p| p.is_file())
            .collect();
        if found.is_empty() {
            bail!(
                "{} holds neither entities.csv nor relations.csv",
                args.file.display()
            );
        }
        found
    } else {
        vec![args.file.clone()]
    };
    let mut files = Vec::new();
    for path in &paths {
        let file = CsvFile::open(path, encoding, header)
            .with_context(|| format!("cannot read {}", path.display()))?;
        if paths.len() > 1 {
            writeln!(out, "{}:", file.name())?;
        }
        let mapping = mapping_for(store, args, file.headers(), out)?;
        files.push((file, mapping));
    }
    let sheets: Vec<(
        &dyn exchange::sheet_import::Sheet,
        &exchange::mapping::Mapping,
    )> = files
        .iter()
        .map(|(f, m)| (f as &dyn exchange::sheet_import::Sheet, m))
        .collect();
    let mut err = std::io::stderr().lock();
    let mut shown = 0;
    let report =
        exchange::import_sheets(store, &sheets, options, description, &mut |done, total| {
            let percent = done * 100 / total.max(1);
            if percent != shown {
                shown = percent;
                let _ = write!(err, "\rimport: {percent} %   ");
            }
            true
        });
    if shown > 0 {
        let _ = writeln!(err);
    }
    Ok(report?)
}
