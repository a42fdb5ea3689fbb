//! Export and import from the window. The export dialog: a format, the whole base, the
//! entity shown with its neighbourhood (which can be saved as a named selection) or a
//! saved selection, private data left out unless ticked, and the counts of what will be
//! written before anything is. The import wizard: a file; for a
//! sheet, each column mapped to a field or a link type (guessed, changeable, saved for
//! the next file), a legacy encoding offered for conversion with a before/after sample;
//! what to do with entities already there; a preview (counts, the first rows as they will
//! be stored, every problem, which can be saved as CSV); then one edit, undone by Ctrl+Z.

use super::app::LienketApp;
use crate::exchange::mapping::{self, Mapping, Target, Vocabulary};
use crate::exchange::table::{Encoding, Table};
use crate::exchange::{self, Counts, ExportChoice, Format, ReadError, Selection};
use crate::model::document::Document;
use crate::store::{ImportOptions, ImportReport, OnDuplicate};
use crate::text::legacy::Legacy;
use std::path::{Path, PathBuf};

/// The export dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportDialog {
    /// The format.
    pub format: Format,
    /// Only the entity shown and its neighbourhood (its uid and name).
    pub around: Option<(String, String)>,
    /// Whether to take the neighbourhood rather than the whole base.
    pub only_around: bool,
    /// How many links away.
    pub depth: usize,
    /// Private entities and properties go too.
    pub include_private: bool,
    /// CSV with a byte-order mark and CRLF.
    pub for_excel: bool,
    /// Where to write, as typed.
    pub path: String,
    /// What would be written.
    pub counts: Option<Counts>,
    /// The selections saved in the file.
    pub saved: Vec<crate::store::SavedSelection>,
    /// The saved selection chosen, by name, instead of the whole base or the entity shown.
    pub use_saved: Option<String>,
    /// The name to save the entity shown and its depth under, as typed.
    pub save_name: String,
    /// Said after saving one.
    pub saved_message: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
}

/// What was read from the file to import.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded {
    /// A JSON document.
    Document(Document),
    /// A sheet, with its column mapping; for a CSV file, only its first rows, the rest
    /// read from the file as it is imported.
    Sheet(Table, Mapping, Option<CsvSource>),
}

/// A CSV file the worker streams from disk.
#[derive(Clone, Debug, PartialEq)]
pub struct CsvSource {
    /// The file.
    pub path: std::path::PathBuf,
    /// How its text is read.
    pub encoding: Encoding,
    /// The line of its column names (from 0, blank lines aside).
    pub header: usize,
}

impl CsvSource {
    /// Opens the file for the import.
    pub fn open(&self) -> Result<exchange::csv_file::CsvFile, ReadError> {
        exchange::csv_file::CsvFile::open(&self.path, self.encoding, self.header)
    }
}

/// The first rows of a CSV file, to map and preview, and the file to stream.
fn csv_head(source: CsvSource) -> Result<(Table, CsvSource), ReadError> {
    let file = source.open()?;
    let mut rows = file.rows()?;
    let mut head = Table {
        headers: rows.headers.clone(),
        ..Table::default()
    };
    while head.rows.len() < PREVIEW_ROWS {
        let Some((line, row)) = rows.next_row()? else {
            break;
        };
        head.rows.push(row);
        head.lines.push(line);
    }
    Ok((head, source))
}

/// The import wizard.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportWizard {
    /// The file, as typed.
    pub path: String,
    /// How its text is read.
    pub encoding: Encoding,
    /// A legacy encoding it seems to be in, with a sample before and after converting.
    pub legacy: Option<(Legacy, String, String)>,
    /// What was read.
    pub loaded: Option<Loaded>,
    /// What to do with entities the file holds already.
    pub on_duplicate: OnDuplicate,
    /// The dry run's report, and the first entities as they will be stored.
    pub preview: Option<(ImportReport, Vec<String>)>,
    /// A message: why reading failed, or where the problems were saved.
    pub message: Option<String>,
    /// The link types a column may be mapped to.
    pub predicates: Vec<crate::model::Predicate>,
    /// A workbook's sheets, and the one read.
    pub sheets: Vec<String>,
    /// The sheet read (`None`: the first).
    pub sheet: Option<String>,
    /// The row of the column names, from 0 (`None`: the first with a cell).
    pub header: Option<usize>,
    /// An import or preview under way, and how far (0 to 1).
    pub running: Option<f32>,
    /// What is under way is the import itself, not a preview.
    pub importing: bool,
    /// The first rows of what is being imported, for the preview.
    pub first: Vec<String>,
    /// The path field takes the cursor (once, on opening).
    pub focus: bool,
}

/// A change in either dialog.
#[derive(Clone, Debug, PartialEq)]
pub enum ExchangeEdit {
    /// The export format.
    Format(Format),
    /// Only the entity shown and its neighbourhood.
    OnlyAround(bool),
    /// The saved selection of this name.
    UseSaved(String),
    /// The name to save the entity shown and its depth under.
    SaveName(String),
    /// Save them under that name.
    SaveSelection,
    /// How far around.
    Depth(usize),
    /// Include private data.
    IncludePrivate(bool),
    /// CSV for Excel.
    ForExcel(bool),
    /// The export path.
    ExportPath(String),
    /// Write the export.
    Export,
    /// The file to import.
    ImportPath(String),
    /// Read it.
    Read,
    /// Pick the file with the system dialog.
    Browse,
    /// The path field has taken the cursor.
    Focused,
    /// Read it again, converted from a legacy encoding.
    Convert(Legacy),
    /// Read sheet `0` of the workbook.
    Sheet(String),
    /// The column names are on row `0` (from 1).
    HeaderRow(usize),
    /// Map column `0` to a target.
    Column(usize, Target),
    /// The kind of rows naming none.
    Kind(String),
    /// What to do with entities already there.
    OnDuplicate(OnDuplicate),
    /// Check everything, write nothing.
    Preview,
    /// Import.
    Import,
    /// Stop the import under way (nothing is written).
    Cancel,
    /// Save the problems as CSV beside the file.
    SaveProblems,
    /// Save the column mapping beside the file.
    SaveMapping,
    /// Close the dialog.
    Close,
}

/// `path` with the extension of `format` (CSV: a folder, without one).
fn with_format(path: &str, format: Format) -> String {
    let p = PathBuf::from(path);
    let ext = Format::ALL
        .iter()
        .find(|(f, _, _)| *f == format)
        .map_or("txt", |(_, _, e)| e);
    let p = if format == Format::Csv {
        p.with_extension("")
    } else {
        p.with_extension(ext)
    };
    p.display().to_string()
}

impl LienketApp {
    /// Opens the export dialog, on the entity shown when there is one.
    pub(super) fn open_export(&mut self) {
        let around = self
            .data
            .entity
            .as_ref()
            .map(|v| (v.entity.uid.clone(), v.entity.name.clone()));
        let folder = self
            .data
            .file
            .as_ref()
            .and_then(|f| f.path.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let stem = self
            .data
            .file
            .as_ref()
            .and_then(|f| f.path.file_stem())
            .map_or_else(
                || "lienket".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            );
        let mut dialog = ExportDialog {
            format: Format::Json,
            only_around: false,
            around,
            depth: 1,
            include_private: false,
            for_excel: false,
            path: folder.join(format!("{stem}.json")).display().to_string(),
            counts: None,
            error: None,
            saved: self
                .store()
                .and_then(|s| s.selections().ok())
                .unwrap_or_default(),
            use_saved: None,
            save_name: String::new(),
            saved_message: None,
        };
        self.count_export(&mut dialog);
        self.data.export = Some(dialog);
    }

    fn choice(&self, dialog: &ExportDialog) -> ExportChoice {
        let saved = dialog
            .use_saved
            .as_ref()
            .and_then(|name| dialog.saved.iter().find(|s| s.name == *name))
            .zip(self.store());
        if let Some((saved, store)) = saved {
            return ExportChoice {
                selection: Selection::saved(store, saved),
                include_private: dialog.include_private,
            };
        }
        ExportChoice {
            selection: match (&dialog.around, dialog.only_around) {
                (Some((uid, _)), true) => Selection::Around {
                    uids: vec![uid.clone()],
                    depth: dialog.depth,
                },
                _ => Selection::All,
            },
            include_private: dialog.include_private,
        }
    }

    /// Works out what the export would write.
    fn count_export(&self, dialog: &mut ExportDialog) {
        let Some(store) = self.store() else { return };
        match exchange::prepare(store, &self.choice(dialog)) {
            Ok((_, counts)) => dialog.counts = Some(counts),
            Err(e) => dialog.error = Some(e.to_string()),
        }
    }

    /// A change in the export or import dialog.
    pub(super) fn exchange_edit(&mut self, edit: ExchangeEdit) {
        match edit {
            ExchangeEdit::Close => {
                // Closing the wizard stops an import under way: nothing is written.
                if self
                    .data
                    .import
                    .as_ref()
                    .is_some_and(|w| w.running.is_some())
                {
                    self.import_cancel
                        .store(true, std::sync::atomic::Ordering::Relaxed);
                }
                self.data.export = None;
                self.data.import = None;
            }
            ExchangeEdit::SaveName(name) => {
                if let Some(d) = &mut self.data.export {
                    d.save_name = name;
                    d.saved_message = None;
                }
            }
            ExchangeEdit::SaveSelection => self.save_selection(),
            ExchangeEdit::Format(_)
            | ExchangeEdit::UseSaved(_)
            | ExchangeEdit::OnlyAround(_)
            | ExchangeEdit::Depth(_)
            | ExchangeEdit::IncludePrivate(_)
            | ExchangeEdit::ForExcel(_)
            | ExchangeEdit::ExportPath(_) => {
                let Some(mut d) = self.data.export.take() else {
                    return;
                };
                let recount = !matches!(edit, ExchangeEdit::ExportPath(_));
                match edit {
                    ExchangeEdit::Format(f) => {
                        d.format = f;
                        d.path = with_format(&d.path, f);
                    }
                    ExchangeEdit::OnlyAround(on) => {
                        d.only_around = on;
                        d.use_saved = None;
                    }
                    ExchangeEdit::UseSaved(name) => {
                        d.only_around = false;
                        d.use_saved = Some(name);
                    }
                    ExchangeEdit::Depth(n) => d.depth = n,
                    ExchangeEdit::IncludePrivate(on) => d.include_private = on,
                    ExchangeEdit::ForExcel(on) => d.for_excel = on,
                    ExchangeEdit::ExportPath(p) => d.path = p,
                    _ => {}
                }
                d.error = None;
                if recount {
                    self.count_export(&mut d);
                }
                self.data.export = Some(d);
            }
            ExchangeEdit::Export => self.write_export(),
            ExchangeEdit::ImportPath(p) => {
                if let Some(w) = &mut self.data.import {
                    // Another file: its own sheet and header row.
                    w.path = p;
                    w.sheet = None;
                    w.header = None;
                }
            }
            ExchangeEdit::Read => self.read_import(Encoding::Auto),
            ExchangeEdit::Focused => {
                if let Some(w) = &mut self.data.import {
                    w.focus = false;
                }
            }
            ExchangeEdit::Browse => {
                // The system dialog; without one (or in tests) the typed path stays.
                if !self.inline_jobs
                    && let Some(path) = rfd::FileDialog::new()
                        .add_filter("Lienket, CSV", &["json", "csv", "txt"])
                        .pick_file()
                    && let Some(w) = &mut self.data.import
                {
                    w.path = path.display().to_string();
                    self.read_import(Encoding::Auto);
                }
            }
            ExchangeEdit::Convert(l) => self.read_import(Encoding::Legacy(l)),
            ExchangeEdit::Sheet(name) => {
                if let Some(w) = &mut self.data.import {
                    w.sheet = Some(name);
                    w.header = None;
                }
                self.read_import(
                    self.data
                        .import
                        .as_ref()
                        .map_or(Encoding::Auto, |w| w.encoding),
                );
            }
            ExchangeEdit::HeaderRow(row) => {
                if let Some(w) = &mut self.data.import {
                    w.header = Some(row.saturating_sub(1));
                }
                self.read_import(
                    self.data
                        .import
                        .as_ref()
                        .map_or(Encoding::Auto, |w| w.encoding),
                );
            }
            ExchangeEdit::Column(i, target) => self.change_mapping(|m| {
                if let Some(c) = m.columns.get_mut(i) {
                    *c = target;
                }
            }),
            ExchangeEdit::Kind(kind) => self.change_mapping(|m| m.kind = kind),
            ExchangeEdit::OnDuplicate(policy) => {
                if let Some(w) = &mut self.data.import {
                    w.on_duplicate = policy;
                    w.preview = None;
                }
            }
            ExchangeEdit::Preview => self.run_import(true),
            ExchangeEdit::Import => self.run_import(false),
            ExchangeEdit::SaveProblems => self.save_problems(),
            ExchangeEdit::Cancel => self
                .import_cancel
                .store(true, std::sync::atomic::Ordering::Relaxed),
            ExchangeEdit::SaveMapping => self.save_mapping(),
        }
    }

    /// Saves the entity shown and the depth as a selection, under the name typed: one
    /// edit, undone by Ctrl+Z.
    fn save_selection(&mut self) {
        let tr = self.tr();
        let Some(mut d) = self.data.export.take() else {
            return;
        };
        let name = d.save_name.trim().to_owned();
        let saved = match (self.store_mut(), &d.around) {
            (Some(store), Some((uid, _))) if !name.is_empty() => {
                let id = store.entity_by_uid(uid).map(|e| e.map(|e| e.id));
                let description = format!("save the selection “{name}” in the window");
                match id {
                    Ok(Some(id)) => store
                        .edit(&description, |w| w.save_selection(&name, &[id], d.depth))
                        .and_then(|()| store.selections()),
                    Ok(None) => Err(crate::store::StoreError::NotFound(uid.clone())),
                    Err(e) => Err(e),
                }
            }
            _ => {
                self.data.export = Some(d);
                return;
            }
        };
        match saved {
            Ok(all) => {
                d.saved = all;
                d.saved_message = Some(tr.fmt("export_selection_saved", &[("name", &name)]));
                d.save_name.clear();
            }
            Err(e) => d.error = Some(super::views::store_error_message(tr, &e)),
        }
        self.data.export = Some(d);
    }

    /// Writes the export where the dialog says.
    fn write_export(&mut self) {
        let tr = self.tr();
        let Some(mut d) = self.data.export.take() else {
            return;
        };
        let path = super::files::typed_path(&d.path);
        let written = self.store().map(|store| -> anyhow::Result<Counts> {
            let (doc, counts) = exchange::prepare(store, &self.choice(&d))?;
            let files = exchange::write_files(&doc, d.format, tr.0, d.for_excel)?;
            let target = |name: &str| -> PathBuf {
                if files.len() == 1 {
                    path.clone()
                } else {
                    path.join(name)
                }
            };
            if files.len() > 1 {
                std::fs::create_dir_all(&path)?;
            }
            for (name, text) in &files {
                std::fs::write(target(name), text)?;
            }
            Ok(counts)
        });
        match written {
            Some(Ok(counts)) => {
                self.data.info = Some(tr.fmt(
                    "export_done",
                    &[
                        ("entities", &super::format::number(tr, counts.entities)),
                        ("path", &path.display().to_string()),
                    ],
                ));
            }
            Some(Err(e)) => {
                d.error = Some(tr.fmt("export_failed", &[("detail", &format!("{e:#}"))]));
                self.data.export = Some(d);
            }
            None => {}
        }
    }

    /// Opens the import wizard.
    pub(super) fn open_import(&mut self) {
        let predicates = self
            .store()
            .and_then(|s| s.predicates().ok())
            .unwrap_or_default();
        self.data.import = Some(ImportWizard {
            predicates,
            focus: true,
            ..ImportWizard::default()
        });
    }

    /// Reads the file named in the wizard.
    fn read_import(&mut self, encoding: Encoding) {
        let tr = self.tr();
        let Some(mut w) = self.data.import.take() else {
            return;
        };
        w.loaded = None;
        w.preview = None;
        w.legacy = None;
        w.message = None;
        w.encoding = encoding;
        let path = super::files::typed_path(&w.path);
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        let json = ext == "json";
        let graphml = ext == "graphml";
        let workbook = exchange::WORKBOOKS.contains(&ext.as_str());
        let legacy = |w: &mut ImportWizard, e: ReadError| match e {
            ReadError::Legacy {
                encoding,
                before,
                after,
            } => {
                w.legacy = Some((encoding, before, after));
                tr.fmt("import_legacy", &[("encoding", encoding.name())])
            }
            e => e.to_string(),
        };
        let csv = !(json || graphml || workbook);
        let read = if csv {
            // Read as it is imported: only the first rows now.
            let source = CsvSource {
                path: path.clone(),
                encoding,
                header: w.header.unwrap_or(0),
            };
            match csv_head(source) {
                Ok((head, source)) => {
                    w.sheets = Vec::new();
                    let mapping = self.guess_mapping(&head);
                    Ok(Loaded::Sheet(head, mapping, Some(source)))
                }
                Err(e) => Err(legacy(&mut w, e)),
            }
        } else {
            std::fs::read(&path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    if json {
                        exchange::read_json(&bytes)
                            .map(Loaded::Document)
                            .map_err(|e| e.to_string())
                    } else if graphml {
                        match self.store() {
                            Some(store) => exchange::read_graphml(store, &bytes, "organisation")
                                .map(Loaded::Document)
                                .map_err(|e| e.to_string()),
                            None => Err(String::new()),
                        }
                    } else {
                        match exchange::read_sheet(
                            &bytes,
                            workbook,
                            encoding,
                            w.sheet.as_deref(),
                            w.header,
                        ) {
                            Ok((sheet, names)) => {
                                w.sheets = names;
                                let mapping = self.guess_mapping(&sheet);
                                Ok(Loaded::Sheet(sheet, mapping, None))
                            }
                            Err(e) => Err(legacy(&mut w, e)),
                        }
                    }
                })
        };
        match read {
            Ok(loaded) => w.loaded = Some(loaded),
            Err(e) => w.message = Some(tr.fmt("import_unreadable", &[("detail", &e)])),
        }
        self.data.import = Some(w);
    }

    /// The mapping saved for these headers, or the one they suggest.
    fn guess_mapping(&self, sheet: &Table) -> Mapping {
        let (kinds, predicates) = self
            .store()
            .map(|s| {
                (
                    s.kinds().unwrap_or_default(),
                    s.predicates().unwrap_or_default(),
                )
            })
            .unwrap_or_default();
        let vocabulary = Vocabulary::new(&kinds, &predicates);
        match self
            .data
            .settings
            .import_mappings
            .get(&sheet.headers.join("\t"))
        {
            Some(saved) => Mapping::from_saved(saved, &sheet.headers, &vocabulary),
            None => mapping::guess(&sheet.headers, &vocabulary),
        }
    }

    fn change_mapping(&mut self, change: impl FnOnce(&mut Mapping)) {
        if let Some(w) = &mut self.data.import
            && let Some(Loaded::Sheet(_, m, _)) = &mut w.loaded
        {
            change(m);
            w.preview = None;
        }
    }

    /// A dry run (the preview) or the import itself, as one edit of the window's, on the
    /// worker: a progress bar, and Cancel writes nothing.
    fn run_import(&mut self, dry_run: bool) {
        let Some(w) = &mut self.data.import else {
            return;
        };
        let Some(input) = w.loaded.clone() else {
            return;
        };
        if w.running.is_some() {
            return;
        }
        let name = Path::new(w.path.trim())
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        w.first = match &input {
            Loaded::Document(doc) => first_rows(doc),
            Loaded::Sheet(sheet, mapping, _) => {
                // Only the first rows are read here; the worker reads the whole sheet.
                let head = Table {
                    headers: sheet.headers.clone(),
                    rows: sheet.rows.iter().take(PREVIEW_ROWS).cloned().collect(),
                    lines: sheet.lines.iter().take(PREVIEW_ROWS).copied().collect(),
                };
                let vocabulary = Vocabulary::new(&self.data.kinds, &w.predicates);
                first_rows(&mapping::to_document(&head, mapping, &vocabulary).0)
            }
        };
        w.running = Some(0.0);
        w.importing = !dry_run;
        w.message = None;
        let options = ImportOptions {
            on_duplicate: w.on_duplicate,
            dry_run,
            ..ImportOptions::default()
        };
        self.import_cancel
            .store(false, std::sync::atomic::Ordering::Relaxed);
        let job = super::worker::ImportJob {
            input,
            options,
            description: format!("import {name} in the window"),
            cancel: self.import_cancel.clone(),
        };
        self.submit(super::worker::Job::Import(Box::new(job)));
    }

    /// The worker's report on an import or a preview.
    pub(super) fn imported(&mut self, result: Result<ImportReport, crate::store::StoreError>) {
        let tr = self.tr();
        let Some(mut w) = self.data.import.take() else {
            return;
        };
        w.running = None;
        match result {
            Ok(report) if report.edit.is_some() => {
                self.data.info = Some(tr.fmt(
                    "import_done",
                    &[("entities", &super::format::number(tr, report.new_entities))],
                ));
                self.refresh_all();
                return;
            }
            Ok(report) if w.importing && report.problems.is_empty() => {
                w.message = Some(tr.get("import_nothing_new").to_owned());
                w.preview = Some((report, std::mem::take(&mut w.first)));
            }
            Ok(report) => w.preview = Some((report, std::mem::take(&mut w.first))),
            Err(crate::store::StoreError::Interrupted) => {
                w.message = Some(tr.get("import_cancelled").to_owned());
            }
            Err(e) => w.message = Some(super::views::store_error_message(tr, &e)),
        }
        self.data.import = Some(w);
    }

    /// Writes the preview's problems as CSV beside the imported file.
    fn save_problems(&mut self) {
        let tr = self.tr();
        let Some(w) = &mut self.data.import else {
            return;
        };
        let Some((report, _)) = &w.preview else {
            return;
        };
        let table = Table {
            headers: ["row_kind", "row", "what", "column", "message"]
                .map(str::to_owned)
                .to_vec(),
            rows: report
                .problems
                .iter()
                .map(|p| {
                    vec![
                        p.row_kind.to_owned(),
                        p.row.to_string(),
                        p.what.clone(),
                        p.column.clone().unwrap_or_default(),
                        p.message_in(tr.0),
                    ]
                })
                .collect(),
            lines: Vec::new(),
        };
        let path = PathBuf::from(format!("{}.problems.csv", w.path.trim()));
        w.message = Some(
            match std::fs::write(&path, exchange::table::write_csv(&table, true)) {
                Ok(()) => tr.fmt(
                    "import_problems_saved",
                    &[("path", &path.display().to_string())],
                ),
                Err(e) => e.to_string(),
            },
        );
    }

    /// Keeps the column mapping for the next sheet with the same headers.
    fn save_mapping(&mut self) {
        let tr = self.tr();
        let Some(w) = &mut self.data.import else {
            return;
        };
        let Some(Loaded::Sheet(sheet, mapping, _)) = &w.loaded else {
            return;
        };
        self.data
            .settings
            .import_mappings
            .insert(sheet.headers.join("\t"), mapping.save(&sheet.headers));
        w.message = Some(tr.get("import_mapping_saved").to_owned());
    }
}

/// Where a problem is and what it is, in the interface's language: "dòng 3 (Trần Văn
/// Bình), Bắt đầu: Ngày "31/02/2015" không tồn tại."
pub fn problem_line(tr: crate::i18n::Tr, p: &crate::store::Problem) -> String {
    let place = tr.fmt(
        match p.row_kind {
            "row" => "problem_row",
            "entity" => "problem_entity",
            "relation" => "problem_relation",
            "citation" => "problem_citation",
            "alias" => "problem_alias",
            "kind" => "problem_kind",
            _ => "problem_predicate",
        },
        &[("n", &p.row.to_string())],
    );
    let mut line = format!("{place} ({})", p.what);
    if let Some(c) = &p.column {
        line.push_str(&format!(", {c}"));
    }
    format!("{line}: {}", p.message_in(tr.0))
}

/// Rows of a sheet read for the preview's first entities (some may be refused).
const PREVIEW_ROWS: usize = 50;

/// The first entities of a document as they will be stored: "Tên · kind · dates".
fn first_rows(doc: &Document) -> Vec<String> {
    doc.entities
        .iter()
        .take(5)
        .map(|e| {
            let mut line = format!("{} · {}", e.name, e.kind);
            if let Some(d) = &e.date_start {
                line.push_str(&format!(" · {d}"));
            }
            line
        })
        .collect()
}
