//! Importing sheets — a table read whole (a workbook's sheet, a small CSV in the window)
//! or CSV files streamed from disk — as one edit, by one engine: every sheet's entities
//! first, then every link, so a row may name an entity of a later row or of another
//! file. Each row is converted by its sheet's mapping and given to the store's
//! [`Importer`](crate::store::Importer); a large import records its rows as id ranges.

use super::ReadError;
use super::csv_file::CsvFile;
use super::mapping::{self, Converted, Mapping, Target};
use super::table::Table;
use crate::model::EntityId;
use crate::store::{ImportOptions, ImportReport, Problem, Progress, Store, StoreError};

/// From how many bytes of CSV, or rows of a table, an import records its new rows as id
/// ranges (one compact edit) instead of one row image each.
pub const BULK_BYTES: u64 = 2 * 1024 * 1024;
/// See [`BULK_BYTES`].
pub const BULK_ROWS: usize = 20_000;

/// Rows of a sheet, read as many times as the import goes over them (on a thread of its
/// own, while the rows read before are written).
pub trait Sheet: Sync {
    /// The column names.
    fn headers(&self) -> &[String];
    /// Its name, to say where a problem is.
    fn name(&self) -> String;
    /// Its size in the units [`Sheet::each_row`] reports progress in.
    fn size(&self) -> u64;
    /// Whether it is large enough to import in bulk.
    fn is_large(&self) -> bool;
    /// Calls `each` with every row (its line in the file and its cells) and the progress
    /// reached, until it answers `false`.
    fn each_row(
        &self,
        each: &mut dyn FnMut(usize, &[String], u64) -> bool,
    ) -> Result<(), ReadError>;
}

impl Sheet for Table {
    fn headers(&self) -> &[String] {
        &self.headers
    }

    fn name(&self) -> String {
        String::new()
    }

    fn size(&self) -> u64 {
        self.rows.len() as u64
    }

    fn is_large(&self) -> bool {
        self.rows.len() >= BULK_ROWS
    }

    fn each_row(
        &self,
        each: &mut dyn FnMut(usize, &[String], u64) -> bool,
    ) -> Result<(), ReadError> {
        for (i, row) in self.rows.iter().enumerate() {
            if !each(self.line(i), row, i as u64 + 1) {
                break;
            }
        }
        Ok(())
    }
}

impl Sheet for CsvFile {
    fn headers(&self) -> &[String] {
        CsvFile::headers(self)
    }

    fn name(&self) -> String {
        CsvFile::name(self)
    }

    fn size(&self) -> u64 {
        CsvFile::size(self)
    }

    fn is_large(&self) -> bool {
        self.size() >= BULK_BYTES
    }

    fn each_row(
        &self,
        each: &mut dyn FnMut(usize, &[String], u64) -> bool,
    ) -> Result<(), ReadError> {
        let mut rows = self.rows()?;
        while let Some((line, row)) = rows.next_row()? {
            if !each(line, &row, rows.offset()) {
                break;
            }
        }
        Ok(())
    }
}

/// Imports a sheet read with `mapping` as one edit. Cells that cannot be read (a date
/// that is not one) are problems like the import's own: then nothing is written.
pub fn import_table(
    store: &mut Store,
    sheet: &Table,
    mapping: &Mapping,
    options: ImportOptions,
    description: &str,
) -> anyhow::Result<ImportReport> {
    Ok(import_table_with(
        store,
        sheet,
        mapping,
        options,
        description,
        &mut |_, _| true,
    )?)
}

/// [`import_table`], telling `progress` as it goes (see [`Store::import_document_with`]).
pub fn import_table_with(
    store: &mut Store,
    sheet: &Table,
    mapping: &Mapping,
    options: ImportOptions,
    description: &str,
    progress: Progress<'_>,
) -> crate::store::Result<ImportReport> {
    import_sheets(store, &[(sheet, mapping)], options, description, progress)
}

/// Imports `sheets`, each read with its mapping, as one edit: all their entities, then
/// all their links. Sheets are typed by people, so a link between kinds its type does not
/// expect is a problem. A problem of a mapping (no name column, two columns for one
/// field) stops the import before any row is read.
pub fn import_sheets(
    store: &mut Store,
    sheets: &[(&dyn Sheet, &Mapping)],
    options: ImportOptions,
    description: &str,
    progress: Progress<'_>,
) -> crate::store::Result<ImportReport> {
    // With several files, a line alone does not say which.
    let name_in = |sheet: &dyn Sheet, p: &mut Problem| {
        let name = sheet.name();
        if sheets.len() > 1 && !name.is_empty() {
            p.what = format!("{name}: {}", p.what);
        }
    };
    let problems: Vec<Problem> = sheets
        .iter()
        .flat_map(|(sheet, m)| {
            m.problems(sheet.headers()).into_iter().map(|mut p| {
                name_in(*sheet, &mut p);
                p
            })
        })
        .collect();
    if !problems.is_empty() {
        return Ok(ImportReport {
            problems,
            ..ImportReport::default()
        });
    }
    let kinds = store.kinds()?;
    let predicates = store.predicates()?;
    let vocabulary = mapping::Vocabulary::new(&kinds, &predicates);
    let links = |m: &Mapping| m.columns.iter().any(|t| matches!(t, Target::Relation(_)));
    // Entity sheets are read once for their entities, and again when they name links;
    // relation sheets once.
    let total: u64 = sheets
        .iter()
        .map(|(sheet, m)| {
            let passes = if m.is_relations() || !links(m) { 1 } else { 2 };
            sheet.size() * passes
        })
        .sum();
    let options = ImportOptions {
        check_kinds: true,
        bulk: options.bulk || sheets.iter().any(|(sheet, _)| sheet.is_large()),
        ..options
    };
    let mut report = store.import_with(options, description, |import| {
        let mut before = 0u64;
        let mut failed: Option<StoreError> = None;
        // Per entity sheet naming links: the entity of each of its rows, in order.
        let mut subjects: Vec<Vec<Option<EntityId>>> = vec![Vec::new(); sheets.len()];
        for pass in [Pass::Entities, Pass::Links] {
            for (n, (sheet, m)) in sheets.iter().enumerate() {
                let wanted = match pass {
                    Pass::Entities => !m.is_relations(),
                    Pass::Links => m.is_relations() || links(m),
                };
                if !wanted {
                    continue;
                }
                let mut row_of_entities = 0usize;
                let problems_before = import.problems().len();
                let read = each_converted(*sheet, m, &vocabulary, &mut |line, converted, at| {
                    if !progress(
                        usize::try_from(before + at).unwrap_or(usize::MAX),
                        total as usize,
                    ) {
                        failed = Some(StoreError::Interrupted);
                        return false;
                    }
                    let row = line.saturating_sub(1);
                    let done = match (pass, converted) {
                        (Pass::Entities, Converted::Wrong(wrong)) => {
                            for p in wrong {
                                import.problem(p);
                            }
                            Ok(())
                        }
                        (Pass::Entities, Converted::Entity(e, _)) => {
                            import.entity(row, &e).map(|id| {
                                if links(m) {
                                    subjects[n].push(id);
                                }
                            })
                        }
                        (Pass::Links, Converted::Relation(r)) => import.relation(row, &r),
                        (Pass::Links, Converted::Entity(_, named_links)) => {
                            let subject = subjects[n].get(row_of_entities).copied().flatten();
                            row_of_entities += 1;
                            match subject {
                                Some(s) => named_links
                                    .iter()
                                    .try_for_each(|r| import.relation_from(row, s, r)),
                                // The row's entity was refused: its problem says why.
                                None => Ok(()),
                            }
                        }
                        _ => Ok(()),
                    };
                    match done {
                        Ok(()) => true,
                        Err(e) => {
                            failed = Some(e);
                            false
                        }
                    }
                });
                if let Some(e) = failed.take() {
                    return Err(e);
                }
                for p in &mut import.problems_mut()[problems_before..] {
                    name_in(*sheet, p);
                }
                if let Err(e) = read {
                    let p = Problem {
                        row_kind: "file",
                        row: 0,
                        what: sheet.name(),
                        column: None,
                        message: e.to_string(),
                        rule: None,
                    };
                    import.problem(p);
                    return Ok(());
                }
                before += sheet.size();
            }
        }
        Ok(())
    })?;
    // Rows of the import are the sheet's lines.
    for p in &mut report.problems {
        if matches!(p.row_kind, "entity" | "alias" | "relation" | "citation") {
            p.row_kind = "row";
        }
    }
    Ok(report)
}

/// Rows of `sheet` read and converted by `mapping` a batch at a time on another thread,
/// given to `each` (with their line and the progress reached) on this one until it
/// answers `false`: reading and converting take one core, writing the store another.
fn each_converted(
    sheet: &dyn Sheet,
    mapping: &Mapping,
    vocabulary: &mapping::Vocabulary<'_>,
    each: &mut dyn FnMut(usize, Converted, u64) -> bool,
) -> Result<(), ReadError> {
    /// Rows sent at a time, and batches read ahead: a few thousand rows in memory.
    const BATCH: usize = 256;
    const AHEAD: usize = 8;
    let convert = |line: usize, cells: &[String]| {
        mapping::convert_row(cells, line, sheet.headers(), mapping, vocabulary)
    };
    std::thread::scope(|scope| {
        let (send, receive) = std::sync::mpsc::sync_channel(AHEAD);
        let reader = std::thread::Builder::new()
            .name("sheet reader".into())
            .spawn_scoped(scope, move || {
                let mut batch = Vec::with_capacity(BATCH);
                let read = sheet.each_row(&mut |line, cells, at| {
                    batch.push((line, convert(line, cells), at));
                    // Sending fails once the writing side stopped: then reading stops too.
                    batch.len() < BATCH
                        || send
                            .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                            .is_ok()
                });
                if !batch.is_empty() {
                    // The rows before a read error are imported, as when read on one thread.
                    let _ = send.send(batch);
                }
                read
            });
        let Ok(reader) = reader else {
            // No thread to be had: read on this one.
            return sheet.each_row(&mut |line, cells, at| each(line, convert(line, cells), at));
        };
        'rows: for batch in receive {
            for (line, converted, at) in batch {
                if !each(line, converted, at) {
                    break 'rows;
                }
            }
        }
        reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    Entities,
    Links,
}
