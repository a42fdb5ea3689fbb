//! Opening files: a new file gets the schema, and every file Lienket must refuse (newer
//! schema, another program's database, not SQLite at all, damaged) is refused with the
//! right error and left byte-for-byte untouched, with no `-wal`/`-shm` left beside it.
//! A read-only file opens for reading only.

#[cfg(unix)]
use crate::read_only::ReadOnly;
use lienket::store::{APPLICATION_ID, Create, LATEST_VERSION, OpenError, Store, StoreError};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The files of a folder with their bytes. Comparing two snapshots shows any change to
/// the database and any `-wal`, `-shm` or `-journal` file that appeared beside it.
#[derive(PartialEq, Eq)]
struct Snapshot(BTreeMap<String, Vec<u8>>);

impl Snapshot {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::fmt::Debug for Snapshot {
    /// Names, sizes and a checksum: the bytes themselves would flood the test output.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut map = f.debug_map();
        for (name, bytes) in &self.0 {
            let sum = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
            });
            map.entry(name, &format_args!("{} bytes, fnv {sum:016x}", bytes.len()));
        }
        map.finish()
    }
}

fn snapshot(dir: &Path) -> Snapshot {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("read the folder") {
        let entry = entry.expect("folder entry");
        if entry.file_type().expect("file type").is_file() {
            files.insert(
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).expect("read a file"),
            );
        }
    }
    Snapshot(files)
}

/// A Lienket file holding the built-in knowledge base, closed again.
fn lienket_file(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let mut store = Store::open(&path, Create::IfMissing).expect("create a Lienket file");
    lienket::seed::install(&mut store).expect("install the built-in knowledge base");
    drop(store);
    path
}

fn pragma_i64(conn: &Connection, name: &str) -> i64 {
    conn.pragma_query_value(None, name, |r| r.get(0))
        .expect("read a pragma")
}

/// Opens `path` both ways and returns the error, checking that the folder is unchanged.
/// `what` describes the file in failure messages.
fn refused(dir: &Path, path: &Path, what: &str) -> OpenError {
    let before = snapshot(dir);
    let first = match Store::open(path, Create::No) {
        Ok(_) => panic!("{what} was opened but must be refused"),
        Err(e) => e,
    };
    assert_eq!(snapshot(dir), before, "refusing {what} changed the folder");
    match Store::open(path, Create::IfMissing) {
        Ok(_) => panic!("{what} was opened with IfMissing"),
        Err(e) => assert_eq!(
            std::mem::discriminant(&e),
            std::mem::discriminant(&first),
            "the two modes disagree: {first} / {e}"
        ),
    }
    assert_eq!(
        snapshot(dir),
        before,
        "refusing {what} with IfMissing changed the folder"
    );
    first
}

#[test]
fn a_new_file_gets_the_latest_schema_and_the_lienket_application_id() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("new.db");
    let store = Store::open(&path, Create::IfMissing).expect("create");
    assert!(!store.is_read_only());
    let report = store.check().expect("check");
    assert!(report.ok(), "{report:?}");
    drop(store);

    let conn = Connection::open(&path).expect("open with rusqlite");
    assert_eq!(pragma_i64(&conn, "user_version"), LATEST_VERSION);
    assert_eq!(
        pragma_i64(&conn, "application_id"),
        i64::from(APPLICATION_ID)
    );
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("journal mode");
    assert_eq!(mode, "wal");
}

#[test]
fn an_empty_file_is_initialised_when_creation_is_allowed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("empty.db");
    std::fs::write(&path, b"").expect("write an empty file");
    let store = Store::open(&path, Create::IfMissing).expect("open the empty file");
    let report = store.check().expect("check");
    assert_eq!(report.schema_version, LATEST_VERSION);
    assert_eq!(report.application_id, APPLICATION_ID);
}

#[test]
fn a_missing_file_is_refused_without_creating_it_when_creation_is_not_asked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("missing.db");
    match Store::open(&path, Create::No) {
        Err(OpenError::NotFound(p)) => assert_eq!(p, path),
        Err(e) => panic!("expected NotFound, got {e}"),
        Ok(_) => panic!("a missing file was opened"),
    }
    assert!(snapshot(dir.path()).is_empty(), "a file was created");
}

#[test]
fn reopening_keeps_the_data_and_a_copy_of_the_closed_file_alone_holds_every_commit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = lienket_file(dir.path(), "kb.db");
    let expected = Store::open(&path, Create::No)
        .expect("reopen")
        .stats()
        .expect("stats");
    assert!(expected.entities > 0);

    // Only the main file is copied, as a user would copy it: the checkpoint on close must
    // have moved every commit out of the WAL.
    let other = tempfile::tempdir().expect("temp dir");
    let copy = other.path().join("copy.db");
    std::fs::copy(&path, &copy).expect("copy the file");
    let store = Store::open(&copy, Create::No).expect("open the copy");
    assert_eq!(store.stats().expect("stats of the copy"), expected);
}

#[test]
fn a_file_from_a_newer_lienket_is_refused_and_left_untouched() {
    for wal in [false, true] {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("newer.db");
        {
            let conn = Connection::open(&path).expect("create");
            if wal {
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
                    .expect("WAL");
            }
            conn.execute_batch(
                "CREATE TABLE future_thing (x); INSERT INTO future_thing VALUES (1);",
            )
            .expect("a table");
            conn.pragma_update(None, "application_id", APPLICATION_ID)
                .expect("application id");
            conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
                .expect("user version");
        }
        match refused(dir.path(), &path, &format!("a newer file (wal: {wal})")) {
            OpenError::NewerSchema {
                path: p,
                found,
                supported,
            } => {
                assert_eq!(p, path);
                assert_eq!(found, LATEST_VERSION + 1);
                assert_eq!(supported, LATEST_VERSION);
            }
            e => panic!("expected NewerSchema (wal: {wal}), got {e}"),
        }
    }
}

#[test]
fn another_programs_database_is_refused_as_foreign_and_left_untouched() {
    // (application_id, user_version, with a table)
    let cases = [
        (0, 0, true),
        (0, 7, true),
        (0, 3, false),
        (0x1234_5678, 0, false),
        (0x1234_5678, 1, true),
    ];
    for (app, version, table) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("other.sqlite");
        {
            let conn = Connection::open(&path).expect("create");
            if table {
                conn.execute_batch(
                    "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL);
                     INSERT INTO invoices (total) VALUES (12.5);",
                )
                .expect("a table");
            }
            conn.pragma_update(None, "application_id", app)
                .expect("application id");
            conn.pragma_update(None, "user_version", version)
                .expect("user version");
        }
        let what = format!("a database with application id {app:#x}, version {version}");
        match refused(dir.path(), &path, &what) {
            OpenError::Foreign(p) => assert_eq!(p, path),
            e => panic!("expected Foreign for {app:#x}/{version}/{table}, got {e}"),
        }
    }
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    // A small deterministic generator, so a failure can be reproduced.
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let random: Vec<u8> = (0..8192)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect();
    let mut fake_header = b"SQLite format 3\0".to_vec();
    fake_header.extend_from_slice(&random[..4000]);
    let cases: [(&str, Vec<u8>); 4] = [
        (
            "text",
            "Tô Đức, Cục trưởng\nnot a database\n".as_bytes().to_vec(),
        ),
        ("random bytes", random.clone()),
        ("the SQLite magic followed by garbage", fake_header),
        ("a few bytes", b"SQL".to_vec()),
    ];
    for (what, bytes) in cases {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("notes.db");
        std::fs::write(&path, &bytes).expect("write");
        match refused(dir.path(), &path, what) {
            OpenError::NotSqlite(p) => assert_eq!(p, path, "{what}"),
            OpenError::Corrupt { path: p, .. } => assert_eq!(p, path, "{what}"),
            e => panic!("expected NotSqlite or Corrupt for {what}, got {e}"),
        }
    }
}

#[test]
fn a_folder_given_as_the_database_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("looks-like.db");
    std::fs::create_dir(&folder).expect("create a folder");
    assert!(matches!(
        Store::open(&folder, Create::IfMissing),
        Err(OpenError::NotSqlite(_))
    ));
    assert!(snapshot(&folder).is_empty());
}

#[test]
fn a_truncated_lienket_file_is_refused_and_left_untouched() {
    let source_dir = tempfile::tempdir().expect("temp dir");
    let full = std::fs::read(lienket_file(source_dir.path(), "kb.db")).expect("read");
    let page = 4096;
    assert!(full.len() > 4 * page, "the file is too small to cut");
    let half = full.len() / 2 / page * page;
    let cuts = [
        16,
        50,
        100,
        page,
        page + 100,
        2 * page,
        half,
        half + 1234,
        full.len() - page,
        full.len() - 1,
    ];
    for cut in cuts {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cut.db");
        std::fs::write(&path, &full[..cut]).expect("write");
        let what = format!("a Lienket file cut at {cut} of {} bytes", full.len());
        match refused(dir.path(), &path, &what) {
            OpenError::NotSqlite(_) | OpenError::Corrupt { .. } => {}
            e => panic!("expected NotSqlite or Corrupt for a file cut at {cut} bytes, got {e}"),
        }
    }
}

#[test]
fn a_file_locked_by_another_program_is_refused_as_locked_and_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = lienket_file(dir.path(), "kb.db");
    let other = Connection::open(&path).expect("the other program opens the file");
    other
        .pragma_update(None, "locking_mode", "EXCLUSIVE")
        .expect("exclusive locking");
    other
        .execute_batch("BEGIN EXCLUSIVE; UPDATE entity SET name = name WHERE id = 1;")
        .expect("the other program holds a write lock");
    let bytes = std::fs::read(&path).expect("read");
    match Store::open(&path, Create::No) {
        Err(OpenError::Locked(p)) => assert_eq!(p, path),
        Err(e) => panic!("expected Locked, got {e}"),
        Ok(_) => panic!("a locked file was opened"),
    }
    assert_eq!(std::fs::read(&path).expect("read"), bytes);
    other.execute_batch("ROLLBACK").expect("release");
}

/// Reads and write attempts on a store that must be read-only.
fn assert_reads_work_and_writes_fail(store: &mut Store) {
    assert!(store.is_read_only());
    let hits = store
        .search(&lienket::store::search::Query {
            text: "to duc".into(),
            kind: None,
            limit: 5,
        })
        .expect("search a read-only file");
    assert_eq!(hits.first().map(|h| h.entity.name.as_str()), Some("Tô Đức"));
    let stats = store.stats().expect("stats of a read-only file");
    assert!(stats.entities > 0);
    let id = store
        .resolve("Cục Bảo trợ xã hội")
        .expect("resolve")
        .expect("found");
    assert!(!store.detail(id).expect("detail").relations.is_empty());

    let err = store
        .edit("rename", |w| {
            w.update_entity(
                id,
                &lienket::store::write::EntityPatch {
                    name: Some("Cục Bảo trợ".into()),
                    ..Default::default()
                },
            )
        })
        .expect_err("an edit of a read-only file must fail");
    assert!(matches!(err, StoreError::ReadOnly), "{err}");
    assert!(matches!(store.undo(), Err(StoreError::ReadOnly)));
}

#[cfg(unix)]
#[test]
fn a_read_only_file_in_a_read_only_folder_opens_for_reading_and_refuses_writes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("cd-rom");
    std::fs::create_dir(&folder).expect("folder");
    let path = lienket_file(&folder, "kb.db");
    let bytes = std::fs::read(&path).expect("read");
    let _file = ReadOnly::set(&path, 0o444);
    let _folder = ReadOnly::set(&folder, 0o555);
    let mut store = Store::open(&path, Create::No).expect("open a read-only file");
    assert_reads_work_and_writes_fail(&mut store);
    drop(store);
    assert_eq!(
        std::fs::read(&path).expect("read"),
        bytes,
        "the file changed"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_file_opens_read_only_whenever_the_os_refuses_writing_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = lienket_file(dir.path(), "kb.db");
    let bytes = std::fs::read(&path).expect("read");
    let _file = ReadOnly::set(&path, 0o444);
    let os_refuses = std::fs::OpenOptions::new().write(true).open(&path).is_err();
    let mut store = Store::open(&path, Create::No).expect("open a read-only file");
    if os_refuses {
        assert_reads_work_and_writes_fail(&mut store);
        drop(store);
        assert_eq!(
            std::fs::read(&path).expect("read"),
            bytes,
            "the file changed"
        );
    } else {
        // Running as root (or with CAP_DAC_OVERRIDE): the OS lets us write a 0444 file,
        // so opening it read-write is correct. The read-only behaviour is covered by the
        // read-only folder test above; here only check that the file opens and reads.
        eprintln!("note: the OS allows writing a 0444 file (root?); read-only checks skipped");
        assert!(store.stats().expect("stats").entities > 0);
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_file_that_would_need_an_upgrade_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("ro");
    std::fs::create_dir(&folder).expect("folder");
    let path = folder.join("old.db");
    {
        // An older Lienket file: our application id, schema version 0 and a table.
        let conn = Connection::open(&path).expect("create");
        conn.execute_batch("CREATE TABLE entity (id INTEGER PRIMARY KEY);")
            .expect("a table");
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .expect("application id");
    }
    let _file = ReadOnly::set(&path, 0o444);
    let _folder = ReadOnly::set(&folder, 0o555);
    let before = snapshot(&folder);
    match Store::open(&path, Create::No) {
        Err(OpenError::Migration { .. }) => {}
        Err(e) => panic!("expected Migration, got {e}"),
        Ok(_) => panic!("a read-only file that needs an upgrade was opened"),
    }
    assert_eq!(snapshot(&folder), before);
}

#[test]
fn remembered_choices_of_a_version_9_file_are_kept_with_a_uid_of_their_own() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("v9.db");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        for m in lienket::store::MIGRATIONS.iter().filter(|m| m.version <= 9) {
            conn.execute_batch(m.sql).expect("migration");
        }
        conn.execute_batch(
            "PRAGMA application_id = 1280199508; PRAGMA user_version = 9;
             INSERT INTO not_duplicate VALUES ('a', 'b');
             INSERT INTO dismissed_warning VALUES ('born_after:r1');",
        )
        .expect("version 9 rows");
    }
    drop(Store::open(&path, Create::No).expect("migrate"));
    let conn = rusqlite::Connection::open(&path).expect("open");
    let pair: (String, String, String) = conn
        .query_row("SELECT uid, uid_a, uid_b FROM not_duplicate", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .expect("pair kept");
    assert_eq!((pair.1.as_str(), pair.2.as_str()), ("a", "b"));
    let warning: (String, String) = conn
        .query_row("SELECT uid, key FROM dismissed_warning", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .expect("dismissal kept");
    assert_eq!(warning.1, "born_after:r1");
    assert!(!pair.0.is_empty() && !warning.0.is_empty() && pair.0 != warning.0);
}
