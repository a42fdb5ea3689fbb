//! Sheets imported by the one engine the window and the command line share: CSV files
//! streamed from disk (a folder's entities.csv and relations.csv as one edit), large
//! imports recorded as id ranges and undone in one step with search kept right, and the
//! mistakes spreadsheets carry (an unclosed quote, bytes that are not UTF-8 far down the
//! file, two columns for one field), each a problem naming its line with nothing written;
//! an import stopped half way writes nothing.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use super::cli::lienket;
use super::exchange::{canonical, empty, rows_of, same};
use crate::support::names_found;
use lienket::exchange::csv_file::CsvFile;
use lienket::exchange::mapping::{self, Mapping, Vocabulary};
use lienket::exchange::sheet_import::Sheet;
use lienket::exchange::table::Encoding;
use lienket::exchange::{self, ExportChoice, Format, Selection};
use lienket::i18n::Lang;
use lienket::store::{ImportOptions, ImportReport, Store};
use std::path::{Path, PathBuf};

/// The guessed mapping of each file (entities of kind `kind` when a row names none).
fn mappings(store: &Store, files: &[CsvFile], kind: &str) -> Vec<Mapping> {
    let (kinds, predicates) = (store.kinds().unwrap(), store.predicates().unwrap());
    let vocabulary = Vocabulary::new(&kinds, &predicates);
    files
        .iter()
        .map(|f| {
            let mut m = mapping::guess(f.headers(), &vocabulary);
            m.kind = kind.into();
            m
        })
        .collect()
}

/// Imports the CSV files at `paths` as one edit, streamed.
fn import_files(store: &mut Store, paths: &[PathBuf], options: ImportOptions) -> ImportReport {
    let files: Vec<CsvFile> = paths
        .iter()
        .map(|p| CsvFile::open(p, Encoding::Auto, 0).unwrap())
        .collect();
    let mappings = mappings(store, &files, "organisation");
    let sheets: Vec<(&dyn Sheet, &Mapping)> = files
        .iter()
        .zip(&mappings)
        .map(|(f, m)| (f as &dyn Sheet, m))
        .collect();
    exchange::import_sheets(store, &sheets, options, "import", &mut |_, _| true).unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn a_csv_folder_streamed_from_disk_is_one_edit_with_the_same_entities_and_relations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let store = lienket::location::open_or_create(&path, true).unwrap();
    let choice = ExportChoice {
        selection: Selection::All,
        include_private: true,
    };
    let (doc, _) = exchange::prepare(&store, &choice).unwrap();
    let folder = dir.path().join("csv");
    std::fs::create_dir(&folder).unwrap();
    let mut paths = Vec::new();
    for (name, bytes) in exchange::write_files(&doc, Format::Csv, Lang::Vi, true).unwrap() {
        paths.push(write(&folder, &name, &bytes));
    }
    drop(store);

    // Through the engine: both files, one edit, relations naming entities of the other file.
    let (copy, mut other) = empty(dir.path(), "copy.db");
    let report = import_files(&mut other, &paths, ImportOptions::default());
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.new_entities, doc.entities.len());
    assert_eq!(report.new_relations, doc.relations.len());
    let edits = other.log(None, 10).unwrap();
    assert_eq!(
        edits.len(),
        2,
        "the vocabulary, then one edit for the two files: {edits:?}"
    );
    drop(other);
    // Other names come back with uids of their own: a sheet does not carry theirs.
    for table in ["entity", "relation"] {
        same(&rows_of(&copy, table), &rows_of(&path, table));
    }

    // Through the command line: the folder is the file to import.
    let (cli_copy, cli_store) = empty(dir.path(), "cli.db");
    drop(cli_store);
    let out = lienket(
        dir.path(),
        &[
            "--db",
            cli_copy.to_str().unwrap(),
            "import",
            folder.to_str().unwrap(),
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("entities.csv:") && stdout.contains("relations.csv:"));
    assert!(stdout.contains("imported as edit"), "{stdout}");
    same(&rows_of(&cli_copy, "relation"), &rows_of(&path, "relation"));
}

#[test]
fn a_large_import_is_recorded_as_ranges_and_undone_and_redone_in_one_step_with_search_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let mut store = lienket::location::open_or_create(&path, true).unwrap();
    let before = canonical(&path);
    // New people working at a department of the example, and an entity of the example
    // given another name (matched by its name, so the name goes to the entity held).
    let mut csv = String::from("Tên,Loại,Tên khác,Đơn vị công tác\n");
    for n in 0..40 {
        csv.push_str(&format!(
            "Nguyễn Văn Thử {n},Người,NVT{n},Cục Bảo trợ xã hội\n"
        ));
    }
    csv.push_str("Bộ Tư pháp,Tổ chức,BTPX,\n");
    let file = write(dir.path(), "staff.csv", csv.as_bytes());
    let department = store.resolve("Cục Bảo trợ xã hội").unwrap().unwrap();
    let links_before = store.degree(department).unwrap();
    let options = ImportOptions {
        bulk: true,
        ..ImportOptions::default()
    };
    let report = import_files(&mut store, &[file], options);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!((report.new_entities, report.matching_entities), (40, 1));
    assert_eq!((report.new_relations, report.new_aliases), (40, 41));
    let edit = report.edit.expect("one edit");
    // Ranges, not a row image per row.
    let ops: Vec<(String, String)> = {
        let conn = rusqlite::Connection::open(&path).unwrap();
        let mut stmt = conn
            .prepare("SELECT tbl, op FROM change WHERE edit_id = ?1 ORDER BY id")
            .unwrap();
        stmt.query_map([edit], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(ops.len(), 3, "{ops:?}");
    assert!(ops.iter().all(|(_, op)| op == "bulk_insert"), "{ops:?}");
    assert_eq!(store.degree(department).unwrap(), links_before + 40);
    // The search index holds what a rebuild from the tables writes: the new entities
    // with their degrees, the department with its new one.
    let imported = super::support::index_rows(&store);
    assert_eq!(
        super::support::rebuilt_index_rows(&mut store),
        imported,
        "a bulk import indexed as a rebuild would"
    );
    // New entities are found, also by their other names, without diacritics; the entity
    // held before is found by the name it was given.
    assert_eq!(
        names_found(&store, "nguyen van thu 17")[0],
        "Nguyễn Văn Thử 17"
    );
    assert_eq!(names_found(&store, "NVT17")[0], "Nguyễn Văn Thử 17");
    assert_eq!(names_found(&store, "btpx")[0], "Bộ Tư pháp");

    store.undo().unwrap();
    drop(store);
    same(&canonical(&path), &before);
    let mut store = Store::open(&path, lienket::store::Create::No).unwrap();
    assert!(!names_found(&store, "nguyen van thu 17").contains(&"Nguyễn Văn Thử 17".into()));
    let justice = store.resolve("Bộ Tư pháp").unwrap().unwrap();
    assert!(!store.aliases(justice).unwrap().contains(&"BTPX".into()));
    // The index forgot the other names too: searches by them no longer reach anyone.
    assert!(!names_found(&store, "btpx").contains(&"Bộ Tư pháp".into()));
    assert!(!names_found(&store, "NVT17").contains(&"Nguyễn Văn Thử 17".into()));
    store.redo().unwrap();
    assert_eq!(names_found(&store, "NVT17")[0], "Nguyễn Văn Thử 17");
    assert_eq!(names_found(&store, "btpx")[0], "Bộ Tư pháp");
    assert_eq!(store.degree(department).unwrap(), links_before + 40);
}

#[test]
fn an_unclosed_quote_or_bytes_that_are_not_utf8_far_down_name_their_line_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = empty(dir.path(), "kb.db");
    let before = canonical(&path);

    let unclosed = write(
        dir.path(),
        "unclosed.csv",
        "Tên,Ghi chú\nLan,bình thường\nHoa,\"chưa đóng\nMai,x\nCúc,y\n".as_bytes(),
    );
    let report = import_files(&mut store, &[unclosed], ImportOptions::default());
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let message = &report.problems[0].message;
    assert!(
        message.contains("line 3") && message.contains("never closed"),
        "{message}"
    );
    assert_eq!(report.edit, None);

    // Far beyond the first bytes the encoding is judged from.
    let mut bytes = b"T\xc3\xaan\n".to_vec();
    for n in 0..20_000 {
        bytes.extend(format!("Tổ chức {n}\n").as_bytes());
    }
    bytes.extend(b"T\xf4 ch\xfdc sai\n");
    let bad = write(dir.path(), "latin.csv", &bytes);
    let report = import_files(&mut store, &[bad], ImportOptions::default());
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let message = &report.problems[0].message;
    assert!(
        message.contains("line 20002") && message.contains("UTF-8"),
        "{message}"
    );
    drop(store);
    same(&canonical(&path), &before);
}

#[test]
fn a_csv_import_stopped_half_way_stops_reading_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = empty(dir.path(), "kb.db");
    let before = canonical(&path);
    let mut text = String::from("Tên\n");
    for n in 0..5_000 {
        text.push_str(&format!("Tổ chức {n}\n"));
    }
    let file = CsvFile::open(
        &write(dir.path(), "orgs.csv", text.as_bytes()),
        Encoding::Auto,
        0,
    )
    .unwrap();
    let mappings = mappings(&store, std::slice::from_ref(&file), "organisation");
    let sheets: Vec<(&dyn Sheet, &Mapping)> = vec![(&file, &mappings[0])];
    let mut calls = 0;
    let result = exchange::import_sheets(
        &mut store,
        &sheets,
        ImportOptions::default(),
        "import",
        &mut |_, _| {
            calls += 1;
            calls < 1_000
        },
    );
    assert!(
        matches!(result, Err(lienket::store::StoreError::Interrupted)),
        "{result:?}"
    );
    // Rows are read ahead on another thread, but none is imported after the answer.
    assert_eq!(calls, 1_000);
    drop(store);
    same(&canonical(&path), &before);
}

#[test]
fn two_columns_mapped_to_one_field_are_a_problem_before_any_row_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = empty(dir.path(), "kb.db");
    let before = canonical(&path);
    let file = write(
        dir.path(),
        "twice.csv",
        "Tên,Họ và tên,Loại\nLan,Nguyễn Thị Lan,Người\n".as_bytes(),
    );
    let report = import_files(&mut store, &[file], ImportOptions::default());
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    let p = &report.problems[0];
    assert!(
        p.message.contains("“Tên”") && p.message.contains("“Họ và tên”"),
        "{p:?}"
    );
    let vi = p.message_in(Lang::Vi);
    assert!(vi.contains("cùng được ghép"), "{vi}");
    drop(store);
    same(&canonical(&path), &before);
}

#[test]
fn a_row_links_to_an_entity_named_on_a_later_row() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = empty(dir.path(), "kb.db");
    let file = write(
        dir.path(),
        "staff.csv",
        "Tên,Loại,Đơn vị công tác,Chức vụ\nLan,Người,Phòng Mới,Trưởng phòng\nPhòng Mới,Tổ chức,,\n"
            .as_bytes(),
    );
    let report = import_files(&mut store, &[file], ImportOptions::default());
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!((report.new_entities, report.new_relations), (2, 1));
    let lan = store.resolve("Lan").unwrap().unwrap();
    let links = store.detail(lan).unwrap().relations;
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].role.as_deref(), Some("Trưởng phòng"));
    assert_eq!(links[0].other.name, "Phòng Mới");
}

/// The indexes of table `entity`, by name with the statement that makes each.
fn entity_indexes(path: &Path) -> Vec<(String, Option<String>)> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'entity' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// FTS5's merge settings of the full-text index, in effect in the file: those it sets,
/// else FTS5's defaults.
fn merge_settings(path: &Path) -> Vec<i64> {
    let conn = rusqlite::Connection::open(path).unwrap();
    [("automerge", 4), ("crisismerge", 16)]
        .iter()
        .map(|(k, default)| {
            conn.query_row("SELECT v FROM search_fts_config WHERE k = ?1", [k], |r| {
                r.get::<_, i64>(0)
            })
            .unwrap_or(*default)
        })
        .collect()
}

#[test]
fn a_large_import_into_an_empty_file_leaves_every_index_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let (reference, store) = empty(dir.path(), "reference.db");
    drop(store);
    let indexes = entity_indexes(&reference);
    assert!(
        indexes.iter().any(|(name, _)| name == "entity_kind_folded"),
        "{indexes:?}"
    );
    let mut people = String::from("Tên,Loại,Đơn vị công tác\n");
    for n in 0..30 {
        people.push_str(&format!("Trần Thị Mẫu {n},Người,Phòng Công tác xã hội\n"));
    }
    people.push_str("Phòng Công tác xã hội,Tổ chức,\n");
    let orgs: String = std::iter::once("Tên,Loại\n".to_owned())
        .chain((0..30).map(|n| format!("Hội Chữ thập đỏ xã {n},Tổ chức\n")))
        .collect();
    let bulk = ImportOptions {
        bulk: true,
        ..ImportOptions::default()
    };
    let cases = [
        // Links naming their ends: the name indexes are needed before the import ends.
        (
            "people.csv",
            people.as_str(),
            "Sai,Không có loại này,\n",
            (31, 30),
            ("tran thi mau 7", "Trần Thị Mẫu 7"),
        ),
        // Names only: the indexes are built once, at the end.
        (
            "orgs.csv",
            orgs.as_str(),
            "Sai,Không có loại này\n",
            (30, 0),
            ("hoi chu thap do xa 7", "Hội Chữ thập đỏ xã 7"),
        ),
    ];
    for (name, text, bad_row, (entities, relations), (query, found)) in cases {
        let (path, mut store) = empty(dir.path(), &format!("{name}.db"));
        let file = write(dir.path(), name, text.as_bytes());
        // A dry run and a failed import leave the file as it was, indexes included.
        let dry = ImportOptions {
            dry_run: true,
            ..bulk
        };
        let report = import_files(&mut store, std::slice::from_ref(&file), dry);
        assert_eq!(report.new_entities, entities, "{name}");
        assert_eq!(report.edit, None);
        let bad = write(dir.path(), "bad.csv", format!("{text}{bad_row}").as_bytes());
        let report = import_files(&mut store, &[bad], bulk);
        assert!(!report.problems.is_empty(), "{name}");
        assert_eq!(report.edit, None);
        assert_eq!(entity_indexes(&path), indexes, "{name}");

        let report = import_files(&mut store, &[file], bulk);
        assert!(report.problems.is_empty(), "{name}: {:?}", report.problems);
        assert_eq!(
            (report.new_entities, report.new_relations),
            (entities, relations),
            "{name}"
        );
        drop(store);
        assert_eq!(entity_indexes(&path), indexes, "{name}");
        assert_eq!(merge_settings(&path), merge_settings(&reference), "{name}");
        let store = Store::open(&path, lienket::store::Create::No).unwrap();
        if relations > 0 {
            let office = store.resolve("Phòng Công tác xã hội").unwrap().unwrap();
            assert_eq!(store.degree(office).unwrap(), 30);
        }
        assert_eq!(names_found(&store, query)[0], found, "{name}");
    }
}
