//! Taking data out of a knowledge base and bringing it in. Every export starts from the
//! same [`Document`]: the whole base or an entity's neighbourhood, private entities and
//! private properties left out unless chosen, with the counts of what is written and what
//! was left out. The formats: JSON (lossless, `docs/lienket-document.schema.json`), handouts
//! in Markdown and HTML, GraphML and GEXF for graph tools, RIS and CSL-JSON for reference
//! managers. Importing reads JSON, GraphML or sheets (CSV streamed from disk, workbooks)
//! into one all-or-nothing edit of the store.

pub mod csv_file;
pub mod graph;
pub mod graph_in;
pub mod handout;
pub mod mapping;
pub mod records;
pub mod select;
pub mod sheet_import;
pub mod sources;
pub mod table;
pub mod workbook;

pub use sheet_import::{import_sheets, import_table, import_table_with};

use crate::i18n::Lang;
use crate::model::document::{Document, FORMAT};
use crate::store::{ImportOptions, ImportReport, Store};
pub use select::{Counts, Selection};

/// A format a knowledge base is exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The lossless document.
    Json,
    /// A handout in Markdown.
    Markdown,
    /// A printable handout page.
    Html,
    /// GraphML (Gephi, yEd, networkx).
    GraphMl,
    /// GEXF 1.3 (Gephi).
    Gexf,
    /// RIS, the documents only (Zotero, EndNote).
    Ris,
    /// CSL-JSON, the documents only (Zotero, pandoc).
    Csl,
    /// Two CSV sheets, `entities.csv` and `relations.csv`, in a folder.
    Csv,
    /// One Excel workbook with the two sheets.
    Xlsx,
}

impl Format {
    /// Every format, with the name the command line takes and the file extension.
    pub const ALL: [(Format, &'static str, &'static str); 9] = [
        (Format::Json, "json", "json"),
        (Format::Markdown, "md", "md"),
        (Format::Html, "html", "html"),
        (Format::GraphMl, "graphml", "graphml"),
        (Format::Gexf, "gexf", "gexf"),
        (Format::Ris, "ris", "ris"),
        (Format::Csl, "csl", "json"),
        (Format::Csv, "csv", "csv"),
        (Format::Xlsx, "xlsx", "xlsx"),
    ];

    /// The format of a command-line name.
    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .find(|(_, n, _)| n.eq_ignore_ascii_case(name))
            .map(|(f, _, _)| *f)
    }

    /// The format a file name suggests.
    pub fn of_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?;
        Format::ALL
            .iter()
            .find(|(_, _, e)| e.eq_ignore_ascii_case(ext))
            .map(|(f, _, _)| *f)
    }
}

/// What goes out: the selection, and whether private data goes with it.
#[derive(Clone, Debug, Default)]
pub struct ExportChoice {
    /// The whole base or a part.
    pub selection: Selection,
    /// Private entities and private properties go too.
    pub include_private: bool,
}

/// The document an export writes, and its counts.
pub fn prepare(store: &Store, choice: &ExportChoice) -> anyhow::Result<(Document, Counts)> {
    let whole = store.document()?;
    select::select(whole, &choice.selection, choice.include_private)
}

/// `doc` written in a text format, in `lang` where the format has words of its own. CSV
/// gives the sheet of entities; [`write_files`] gives both sheets, and the workbook.
pub fn write(doc: &Document, format: Format, lang: Lang) -> anyhow::Result<String> {
    Ok(match format {
        Format::Xlsx => anyhow::bail!("a workbook is not text: see write_files"),
        Format::Csv => table::write_csv(&mapping::to_tables(doc).0, false),
        Format::Json => serde_json::to_string_pretty(doc)? + "\n",
        Format::Markdown => handout::markdown(doc, lang),
        Format::Html => handout::html(doc, lang),
        Format::GraphMl => graph::graphml(doc),
        Format::Gexf => graph::gexf(doc),
        Format::Ris => sources::ris(doc),
        Format::Csl => serde_json::to_string_pretty(&sources::csl(doc))? + "\n",
    })
}

/// The files an export writes, by name: one (`lienket.EXT`) for most formats, two for
/// CSV; `for_excel` gives CSV a byte-order mark and CRLF line ends.
pub fn write_files(
    doc: &Document,
    format: Format,
    lang: Lang,
    for_excel: bool,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let (entities, relations) = mapping::to_tables(doc);
    Ok(match format {
        Format::Csv => vec![
            (
                "entities.csv".into(),
                table::write_csv(&entities, for_excel).into_bytes(),
            ),
            (
                "relations.csv".into(),
                table::write_csv(&relations, for_excel).into_bytes(),
            ),
        ],
        Format::Xlsx => vec![(
            "lienket.xlsx".into(),
            workbook::write_xlsx(&[("entities", &entities), ("relations", &relations)])?,
        )],
        other => {
            let ext = Format::ALL
                .iter()
                .find(|(f, _, _)| *f == other)
                .map_or("txt", |(_, _, e)| e);
            vec![(
                format!("lienket.{ext}"),
                write(doc, other, lang)?.into_bytes(),
            )]
        }
    })
}

/// Extensions of the workbooks [`read_sheet`] opens.
pub const WORKBOOKS: [&str; 4] = ["xlsx", "xls", "xlsb", "ods"];

/// A sheet to import: from a CSV file's bytes, or the sheet `sheet` (default: the first)
/// of a workbook with its header on row `header` (from 0; default: the first with a
/// cell). Returns the table and the workbook's sheet names (none for CSV).
pub fn read_sheet(
    bytes: &[u8],
    workbook: bool,
    encoding: table::Encoding,
    sheet: Option<&str>,
    header: Option<usize>,
) -> Result<(table::Table, Vec<String>), ReadError> {
    if !workbook {
        let text = table::decode_as(bytes, encoding)?;
        // Title lines above the column names: the header row chosen, as in a workbook.
        return Ok((table::read_csv_at(&text, header.unwrap_or(0))?, Vec::new()));
    }
    let sheets = workbook::read(bytes)?;
    let names: Vec<String> = sheets.iter().map(|(n, _)| n.clone()).collect();
    let rows = match sheet {
        Some(name) => sheets
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, rows)| rows)
            .ok_or_else(|| ReadError::Shape(format!("the workbook has no sheet “{name}”")))?,
        None => &sheets[0].1,
    };
    let header = header.unwrap_or_else(|| workbook::first_header(rows));
    let mut sheet = workbook::table(rows, header)?;
    // A workbook's cells are Unicode, but text typed in a legacy font is its mojibake.
    match encoding {
        table::Encoding::Legacy(l) => {
            let fix = |c: &mut String| *c = crate::text::legacy::fix_text(c, l);
            sheet.headers.iter_mut().for_each(fix);
            sheet.rows.iter_mut().flatten().for_each(fix);
        }
        table::Encoding::Auto => {
            let text: String = std::iter::once(&sheet.headers)
                .chain(sheet.rows.iter().take(200))
                .flatten()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(" ");
            if let Some(l) = crate::text::legacy::guess_text(&text) {
                return Err(ReadError::Legacy {
                    encoding: l,
                    before: table::sample(&text),
                    after: table::sample(&crate::text::legacy::fix_text(&text, l)),
                });
            }
        }
        table::Encoding::Unicode => {}
    }
    Ok((sheet, names))
}

/// A GraphML file's bytes as a document: nodes of no kind are `kind`, edge labels are
/// read as the store's link types.
pub fn read_graphml(store: &Store, bytes: &[u8], kind: &str) -> Result<Document, ReadError> {
    let text = table::decode(bytes)?;
    let predicates = store.predicates().unwrap_or_default();
    let kinds = store.kinds().unwrap_or_default();
    let vocabulary = mapping::Vocabulary::new(&kinds, &predicates);
    graph_in::read_graphml(&text, kind, &|said| {
        vocabulary.predicate(said).map(str::to_owned)
    })
}

/// Why a file could not be read as a document.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not text in UTF-8.
    #[error("the file is not UTF-8 text{0}: save it as UTF-8 and try again")]
    NotUtf8(&'static str),
    /// Not JSON, or not the shape of a document.
    #[error("not a Lienket document: {0}")]
    Shape(String),
    /// Text in a legacy Vietnamese encoding, or its mojibake.
    #[error(
        "the file looks like {} text: “{before}” reads as “{after}”; convert it (--encoding) or take it as it is (--encoding unicode)",
        .encoding.name()
    )]
    Legacy {
        /// The encoding.
        encoding: crate::text::legacy::Legacy,
        /// A sample as it reads now.
        before: String,
        /// The same converted.
        after: String,
    },
    /// A newer format.
    #[error(
        "the document is of format {0}, newer than this program reads ({FORMAT}): update Lienket"
    )]
    Newer(u32),
}

/// Reads a document from the bytes of a JSON file (a BOM allowed).
pub fn read_json(bytes: &[u8]) -> Result<Document, ReadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::NotUtf8(" (it is UTF-16)"));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| ReadError::NotUtf8(""))?;
    if text.trim().is_empty() {
        return Err(ReadError::Shape("the file is empty".into()));
    }
    let doc: Document = serde_json::from_str(text).map_err(|e| ReadError::Shape(e.to_string()))?;
    if doc.format > FORMAT {
        return Err(ReadError::Newer(doc.format));
    }
    Ok(doc)
}

/// Imports a JSON file's bytes as one edit (or, for a dry run, only reports).
pub fn import_json(
    store: &mut Store,
    bytes: &[u8],
    options: ImportOptions,
    description: &str,
) -> anyhow::Result<ImportReport> {
    let doc = read_json(bytes)?;
    Ok(store.import_document(&doc, options, description)?)
}
