//! Copies and backups: saving a consistent copy, restoring one into the open file (and
//! undoing that), the daily backups and their rotation, the backups made before a
//! migration, and looking inside a backup without touching it.

use crate::support::raw;
use lienket::backups::{BackupKind, Backups, KEEP_DAILY};
use lienket::store::write::NewEntity;
use lienket::store::{Create, LATEST_VERSION, OpenError, Store, StoreError, peek};
use std::path::{Path, PathBuf};

/// 2025-06-15 00:00 UTC: the day the simulated clock starts.
const DAY0: i64 = 1_749_945_600_000;
const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;

/// The built-in knowledge base with one edit a person made (installing it alone is not
/// an edit that calls for a backup).
fn seeded(dir: &Path, name: &str) -> Store {
    let mut store = Store::open(&dir.join(name), Create::IfMissing).expect("create");
    lienket::seed::install(&mut store).expect("built-in knowledge base");
    add(&mut store, "Câu lạc bộ Của tôi");
    store
}

fn add(store: &mut Store, name: &str) {
    store
        .edit("add", |w| {
            w.add_entity(&NewEntity {
                kind: "event".into(),
                name: name.into(),
                ..Default::default()
            })
        })
        .expect("add an entity");
}

fn entities(store: &Store) -> i64 {
    store.stats().expect("stats").entities
}

/// Every row of every ordinary table of the database on `conn`, sorted: two databases
/// with the same dump hold the same data.
fn dump_conn(conn: &rusqlite::Connection) -> Vec<String> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
               AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name",
        )
        .expect("tables")
        .query_map([], |r| r.get(0))
        .expect("tables")
        .collect::<rusqlite::Result<_>>()
        .expect("tables");
    assert!(tables.len() > 5, "too few tables: {tables:?}");
    let mut rows = Vec::new();
    for table in tables {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\""))
            .expect("select");
        let columns = stmt.column_count();
        let mut found: Vec<String> = stmt
            .query_map([], |r| {
                (0..columns)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i)
                            .map(|v| format!("{v:?}"))
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map(|v| format!("{table}: {}", v.join(" | ")))
            })
            .expect("rows")
            .collect::<rusqlite::Result<_>>()
            .expect("rows");
        found.sort();
        rows.extend(found);
    }
    rows
}

fn dump(store: &Store) -> Vec<String> {
    dump_conn(&raw(store))
}

fn dump_file(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open_with_flags(
        format!("file:{}?immutable=1", path.display()),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_URI,
    )
    .expect("open the copy");
    dump_conn(&conn)
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

fn finds(store: &Store, text: &str, name: &str) -> bool {
    crate::support::names_found(store, text)
        .iter()
        .any(|n| n == name)
}

/// A file of schema 1 holding one entity, as Lienket 0.1 left it.
fn schema_1_file(path: &Path) {
    let conn = rusqlite::Connection::open(path).expect("create");
    conn.execute_batch(include_str!("../../migrations/0001_init.sql"))
        .expect("version 1 schema");
    conn.execute_batch(
        "PRAGMA application_id = 1280199508; PRAGMA user_version = 1;
         INSERT INTO kind VALUES ('organisation', 'k1', 'Tổ chức', 'Organisation');
         INSERT INTO kind VALUES ('event', 'k2', 'Sự kiện', 'Event');
         INSERT INTO entity (uid, kind, name, folded, created_at, updated_at)
         VALUES ('e1', 'organisation', 'Hội Chữ thập đỏ Thử nghiệm',
                 'hoi chu thap do thu nghiem', 0, 0);
         INSERT INTO edit (uid, at, author, description) VALUES ('d1', 5, 'an', 'add');",
    )
    .expect("version 1 rows");
}

#[test]
fn save_copy_writes_an_identical_database_and_leaves_nothing_else() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = seeded(dir.path(), "kb.db");
    add(&mut store, "Hội thảo Sao lưu");
    let out = dir.path().join("out");
    std::fs::create_dir(&out).expect("folder");
    let copy = out.join("copy.db");
    // An existing file the user agreed to replace is replaced.
    std::fs::write(&copy, b"an older file").expect("write");
    store.save_copy(&copy).expect("save a copy");
    assert_eq!(names(&out), ["copy.db"], "temporary or side files left");
    assert_eq!(dump_file(&copy), dump(&store));
    let reopened = Store::open(&copy, Create::No).expect("the copy opens");
    assert!(reopened.check().expect("check").ok());
    assert_eq!(entities(&reopened), entities(&store));
    assert!(finds(&reopened, "sao luu", "Hội thảo Sao lưu"));
}

#[test]
fn save_copy_refuses_the_open_file_itself_and_a_file_in_use() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = seeded(dir.path(), "kb.db");
    let before = dump(&store);
    let own = store.path().expect("a file").to_owned();
    std::fs::create_dir(dir.path().join("sub")).expect("folder");
    let listed = names(dir.path());
    for spelling in [own.clone(), dir.path().join("sub").join("..").join("kb.db")] {
        match store.save_copy(&spelling) {
            Err(StoreError::SameFile(p)) => assert_eq!(p, spelling),
            other => panic!(
                "expected SameFile for {}, got {other:?}",
                spelling.display()
            ),
        }
    }
    assert_eq!(names(dir.path()), listed, "a temporary file was left");
    assert_eq!(dump(&store), before);
    // Another database open elsewhere (its -wal beside it) is not replaced.
    let mut other = seeded(dir.path(), "other.db");
    add(&mut other, "x");
    let other_path = other.path().expect("a file").to_owned();
    let other_before = dump(&other);
    assert!(matches!(
        store.save_copy(&other_path),
        Err(StoreError::InUse(_))
    ));
    assert_eq!(dump(&other), other_before);
}

#[cfg(unix)]
#[test]
fn a_read_only_store_saves_copies_but_refuses_restores() {
    use crate::read_only::ReadOnly;
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("cd-rom");
    std::fs::create_dir(&folder).expect("folder");
    drop(seeded(&folder, "kb.db"));
    let path = folder.join("kb.db");
    let bytes = std::fs::read(&path).expect("read");
    let other = dir.path().join("other.db");
    drop(seeded(dir.path(), "other.db"));
    let _file = ReadOnly::set(&path, 0o444);
    let _folder = ReadOnly::set(&folder, 0o555);
    let mut store = Store::open(&path, Create::No).expect("open read-only");
    assert!(store.is_read_only());
    let copy = dir.path().join("copy.db");
    store.save_copy(&copy).expect("a copy of a read-only file");
    assert_eq!(peek(&copy).expect("peek").entities, entities(&store) as u64);
    assert!(matches!(
        store.restore_from(&other),
        Err(StoreError::ReadOnly)
    ));
    let backups = Backups::under(&dir.path().join("data"), &path);
    assert!(backups.restore(&mut store, &other, DAY0).is_err());
    assert!(backups.list().is_empty(), "a copy was set aside");
    drop(store);
    assert_eq!(
        std::fs::read(&path).expect("read"),
        bytes,
        "the file changed"
    );
}

#[test]
fn restore_from_replaces_the_content_and_search_finds_what_was_restored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut other = seeded(dir.path(), "other.db");
    add(&mut other, "Hội nghị Phục hồi");
    let expected = dump(&other);
    let other_path = other.path().expect("a file").to_owned();
    drop(other);
    let mut store = seeded(dir.path(), "kb.db");
    add(&mut store, "Lớp tập huấn Bị thay");
    assert!(finds(&store, "bi thay", "Lớp tập huấn Bị thay"));
    let listed = names(dir.path());
    // Another connection to the file (the window's search thread has one) sees the
    // restored content as soon as the restore returns.
    let reader = Store::open(store.path().expect("a file"), Create::No).expect("reader");
    assert!(finds(&reader, "bi thay", "Lớp tập huấn Bị thay"));

    store.restore_from(&other_path).expect("restore");
    assert_eq!(dump(&store), expected);
    assert!(finds(&store, "phuc hoi", "Hội nghị Phục hồi"));
    assert!(!finds(&store, "bi thay", "Lớp tập huấn Bị thay"));
    assert!(finds(&reader, "phuc hoi", "Hội nghị Phục hồi"));
    drop(reader);
    assert!(store.check().expect("check").ok());
    assert_eq!(names(dir.path()), listed, "scratch files were left");
    // Still a WAL file, and the content stays when reopened.
    let path = store.path().expect("a file").to_owned();
    drop(store);
    let store = Store::open(&path, Create::No).expect("reopen");
    let mode: String = raw(&store)
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .expect("journal mode");
    assert_eq!(mode, "wal");
    assert_eq!(dump(&store), expected);
}

#[test]
fn a_copy_with_another_page_size_is_restored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut other = seeded(dir.path(), "other.db");
    add(&mut other, "Hội nghị Trang lớn");
    let big = dir.path().join("big.db");
    other.save_copy(&big).expect("copy");
    drop(other);
    let conn = rusqlite::Connection::open(&big).expect("open");
    conn.pragma_update_and_check(None, "journal_mode", "DELETE", |_| Ok(()))
        .expect("journal mode");
    conn.execute_batch("PRAGMA page_size = 16384; VACUUM;")
        .expect("page size");
    let size: i64 = conn
        .pragma_query_value(None, "page_size", |r| r.get(0))
        .expect("page size");
    assert_eq!(size, 16384);
    drop(conn);
    let expected = dump_file(&big);
    let mut store = seeded(dir.path(), "kb.db");
    store.restore_from(&big).expect("restore");
    assert_eq!(dump(&store), expected);
    assert!(finds(&store, "trang lon", "Hội nghị Trang lớn"));
    assert!(store.check().expect("check").ok());
}

#[test]
fn a_file_that_is_not_a_lienket_database_is_refused_and_the_store_is_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = seeded(dir.path(), "kb.db");
    let before = dump(&store);
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "not a database at all, just some text").expect("write");
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .expect("create")
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .expect("foreign rows");
    let newer = dir.path().join("newer.db");
    drop(seeded(dir.path(), "newer.db"));
    rusqlite::Connection::open(&newer)
        .expect("open")
        .pragma_update(None, "user_version", LATEST_VERSION + 1)
        .expect("user_version");
    // Cut short, and damaged inside (same length, pages overwritten).
    let cut = dir.path().join("cut.db");
    store.save_copy(&cut).expect("copy");
    let bytes = std::fs::read(&cut).expect("read");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("cut");
    let damaged = dir.path().join("damaged.db");
    store.save_copy(&damaged).expect("copy");
    let mut bytes = std::fs::read(&damaged).expect("read");
    let len = bytes.len();
    for (i, b) in bytes[len / 3..len * 2 / 3].iter_mut().enumerate() {
        *b = (i * 7 % 251) as u8;
    }
    std::fs::write(&damaged, &bytes).expect("damage");
    let listed = names(dir.path());
    type Expected = fn(&OpenError) -> bool;
    let cases: [(&Path, Expected); 6] = [
        (&cut, |e| matches!(e, OpenError::Corrupt { .. })),
        (&damaged, |e| matches!(e, OpenError::Corrupt { .. })),
        (&text, |e| matches!(e, OpenError::NotSqlite(_))),
        (&foreign, |e| matches!(e, OpenError::Foreign(_))),
        (&newer, |e| matches!(e, OpenError::NewerSchema { .. })),
        (&dir.path().join("missing.db"), |e| {
            matches!(e, OpenError::NotFound(_))
        }),
    ];
    let backups = Backups::under(&dir.path().join("data"), store.path().expect("a file"));
    for (src, expected) in cases {
        match store.restore_from(src) {
            Err(StoreError::Open(e)) => assert!(expected(&e), "{}: {e}", src.display()),
            other => panic!("{}: expected a refusal, got {other:?}", src.display()),
        }
        let e = backups
            .restore(&mut store, src, DAY0)
            .expect_err("refused through the backups too");
        assert!(
            matches!(e.downcast_ref::<StoreError>(), Some(StoreError::Open(_))),
            "{e}"
        );
    }
    assert_eq!(dump(&store), before, "the store changed");
    assert_eq!(names(dir.path()), listed, "files were left or changed");
    assert!(backups.list().is_empty(), "a copy set aside was left");
}

#[test]
fn restoring_a_backup_then_undoing_it_gives_the_original_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = seeded(dir.path(), "kb.db");
    let backups = Backups::under(&dir.path().join("data"), store.path().expect("a file"));
    let daily = backups
        .daily_if_due(&store, DAY0)
        .expect("backup")
        .expect("a first backup");
    let at_backup = dump(&store);
    add(&mut store, "Chiến dịch Sau sao lưu");
    let original = dump(&store);

    let aside = backups
        .restore(&mut store, &daily, DAY0 + HOUR)
        .expect("restore");
    assert_eq!(dump(&store), at_backup);
    assert!(!finds(&store, "sau sao luu", "Chiến dịch Sau sao lưu"));
    assert!(aside.starts_with(backups.dir().join("before-restore")));
    assert_eq!(dump_file(&aside), original);
    let listed = backups.list();
    assert!(
        listed.iter().any(|b| b.path == aside
            && b.kind == BackupKind::BeforeRestore
            && b.made_ms == DAY0 + HOUR),
        "{listed:?}"
    );

    backups
        .undo_restore(&mut store, &aside)
        .expect("undo restore");
    assert_eq!(dump(&store), original);
    assert!(finds(&store, "sau sao luu", "Chiến dịch Sau sao lưu"));
    // The copies stay, and a second restore in the same millisecond gets its own copy.
    let again = backups
        .restore(&mut store, &daily, DAY0 + HOUR)
        .expect("restore again");
    assert_ne!(again, aside);
    assert!(aside.exists() && daily.exists());
}

#[test]
fn daily_backups_are_made_once_a_day_when_edited_and_the_newest_seven_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = seeded(dir.path(), "kb.db");
    let backups = Backups::under(&dir.path().join("data"), store.path().expect("a file"));
    let daily_dir = backups.dir().join("daily");

    let first = backups.daily_if_due(&store, DAY0).expect("backup");
    assert!(
        first.is_some(),
        "an edited file with no backup is backed up"
    );
    assert_eq!(
        backups.daily_if_due(&store, DAY0 + HOUR).expect("backup"),
        None
    );
    assert_eq!(
        backups.daily_if_due(&store, DAY0 + DAY).expect("backup"),
        None,
        "not edited since the last backup"
    );
    add(&mut store, "Sửa ngày 1");
    let second = backups
        .daily_if_due(&store, DAY0 + DAY + HOUR)
        .expect("backup")
        .expect("edited: a new backup");
    add(&mut store, "Sửa lần nữa ngày 1");
    assert_eq!(
        backups
            .daily_if_due(&store, DAY0 + DAY + 2 * HOUR)
            .expect("backup"),
        None,
        "one a day"
    );
    assert_eq!(names(&daily_dir).len(), 2);
    assert!(second.starts_with(&daily_dir));

    for day in 2..9 {
        add(&mut store, &format!("Sửa ngày {day}"));
        let made = backups
            .daily_if_due(&store, DAY0 + day * DAY)
            .expect("backup");
        assert!(made.is_some(), "day {day}");
    }
    // Nine days backed up: the newest seven are kept.
    assert_eq!(names(&daily_dir).len(), KEEP_DAILY);
    let kept: Vec<i64> = backups
        .list()
        .iter()
        .filter(|b| b.kind == BackupKind::Daily)
        .map(|b| b.made_ms)
        .collect();
    let expected: Vec<i64> = (2..9).rev().map(|d| DAY0 + d * DAY).collect();
    assert_eq!(kept, expected);
    assert!(!first.expect("first").exists() && !second.exists());
}

#[test]
fn a_never_edited_store_is_not_backed_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("kb.db"), Create::IfMissing).expect("create");
    assert_eq!(store.last_edit().expect("last edit"), None);
    let backups = Backups::under(&dir.path().join("data"), store.path().expect("a file"));
    assert_eq!(backups.daily_if_due(&store, DAY0).expect("backup"), None);
    assert!(backups.list().is_empty());
    // Nor one holding only the built-in knowledge base, as installed.
    let mut example =
        Store::open(&dir.path().join("example.db"), Create::IfMissing).expect("create");
    lienket::seed::install(&mut example).expect("built-in knowledge base");
    assert_eq!(example.last_edit().expect("last edit"), None);
    let backups = Backups::under(&dir.path().join("data"), example.path().expect("a file"));
    assert_eq!(backups.daily_if_due(&example, DAY0).expect("backup"), None);
}

#[test]
fn list_gives_each_backup_with_its_kind_time_and_entity_count() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = seeded(dir.path(), "kb.db");
    let backups = Backups::under(&dir.path().join("data"), store.path().expect("a file"));
    let seeded_count = entities(&store) as u64;
    backups.daily_if_due(&store, DAY0).expect("backup");
    add(&mut store, "Một thực thể nữa");
    backups.daily_if_due(&store, DAY0 + DAY).expect("backup");
    // A damaged backup is listed, unreadable.
    let damaged = backups
        .dir()
        .join("daily")
        .join(format!("{}_1_1.db", DAY0 - DAY));
    std::fs::write(&damaged, b"SQLite format 3\0 and then nothing useful").expect("write");

    let listed = backups.list();
    let summary: Vec<(BackupKind, i64, Option<u64>)> = listed
        .iter()
        .map(|b| (b.kind, b.made_ms, b.entities))
        .collect();
    assert_eq!(
        summary,
        [
            (BackupKind::Daily, DAY0 + DAY, Some(seeded_count + 1)),
            (BackupKind::Daily, DAY0, Some(seeded_count)),
            (BackupKind::Daily, DAY0 - DAY, None),
        ]
    );
    let last = store.last_edit().expect("last edit").expect("edited");
    assert_eq!(
        peek(&listed[0].path).expect("peek").last_edit_ms,
        Some(last.1)
    );
}

#[test]
fn peek_leaves_the_file_byte_identical_with_no_side_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = seeded(dir.path(), "kb.db");
    add(&mut store, "Xem trộm");
    let count = entities(&store) as u64;
    let last = store.last_edit().expect("last edit").map(|(_, at)| at);
    let copy = dir.path().join("copy.db");
    store.save_copy(&copy).expect("copy");
    let path = store.path().expect("a file").to_owned();
    drop(store); // a closed WAL-mode file
    for file in [&copy, &path] {
        let bytes = std::fs::read(file).expect("read");
        let listed = names(dir.path());
        let seen = peek(file).expect("peek");
        assert_eq!(seen.entities, count);
        assert_eq!(seen.last_edit_ms, last);
        assert_eq!(
            std::fs::read(file).expect("read"),
            bytes,
            "{}",
            file.display()
        );
        assert_eq!(names(dir.path()), listed, "side files were created");
    }
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "text").expect("write");
    assert!(matches!(peek(&text), Err(OpenError::NotSqlite(_))));
}

/// Migration backups of every file this test binary migrates go to `data/` beside it.
fn migration_folder(db: &Path) -> Option<PathBuf> {
    let folder = db.parent()?.join("data");
    Some(Backups::under(&folder, db).migrations_dir())
}

#[test]
fn a_migration_backup_goes_to_the_backup_folder_is_listed_and_never_rotated() {
    lienket::store::set_migration_backup_dir(migration_folder);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("old.db");
    schema_1_file(&path);
    let mut store = Store::open(&path, Create::No).expect("open and migrate");
    let backups = Backups::under(&dir.path().join("data"), &path);
    assert!(
        !names(dir.path()).iter().any(|n| n.ends_with(".bak")),
        "the backup was put beside the file: {:?}",
        names(dir.path())
    );
    let migrations = names(&backups.migrations_dir());
    assert_eq!(migrations.len(), 1, "{migrations:?}");
    assert!(
        migrations[0].starts_with("old.v1.") && migrations[0].ends_with(".db"),
        "{migrations:?}"
    );
    let backup = backups.migrations_dir().join(&migrations[0]);
    let version: i64 = rusqlite::Connection::open(&backup)
        .expect("open the backup")
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .expect("user_version");
    assert_eq!(version, 1, "the backup holds the file before the migration");

    for day in 0..(KEEP_DAILY as i64 + 3) {
        add(&mut store, &format!("Ngày {day}"));
        backups
            .daily_if_due(&store, DAY0 + day * DAY)
            .expect("backup")
            .expect("due");
    }
    let listed = backups.list();
    assert_eq!(
        listed
            .iter()
            .filter(|b| b.kind == BackupKind::Daily)
            .count(),
        KEEP_DAILY
    );
    let migration: Vec<_> = listed
        .iter()
        .filter(|b| b.kind == BackupKind::BeforeMigration)
        .collect();
    assert_eq!(migration.len(), 1, "{listed:?}");
    assert_eq!(migration[0].path, backup);
    assert_eq!(migration[0].entities, Some(1));

    // Restoring it brings its content back, upgraded to this build's schema; the
    // backup itself stays as it was.
    let bytes = std::fs::read(&backup).expect("read");
    backups
        .restore(&mut store, &backup, DAY0 + 20 * DAY)
        .expect("restore an older backup");
    let report = store.check().expect("check");
    assert!(report.ok(), "{report:?}");
    assert_eq!(entities(&store), 1);
    assert_eq!(
        store.last_edit().expect("last edit").map(|(_, at)| at),
        Some(5)
    );
    assert_eq!(std::fs::read(&backup).expect("read"), bytes);
}
