//! Nothing lost, nothing hangs: Lienket under hostile conditions. Undo racing another
//! program's edit, two undos at once, absurdly long names and queries, absurd counts,
//! damaged files, locks held by another program, odd paths, names that only look alike,
//! undo past the beginning, a zero-byte file with a stray WAL, and files shared between
//! users (run as another user with `setpriv` when the tests run as root, as CI does).

use lienket::store::validate::{MAX_NAME, Rule};
use lienket::store::write::{EntityPatch, NewEntity};
use lienket::store::{Create, Store, StoreError};
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The binary with `args`, its home inside `home` (never the user's real data).
fn command(home: &Path, args: &[&OsStr]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_lienket"));
    c.args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"));
    c
}

/// Runs the binary with `args` (text arguments).
fn lienket(home: &Path, args: &[&str]) -> Output {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    command(home, &args).output().expect("run lienket")
}

fn spawn(home: &Path, args: &[&str]) -> Child {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    command(home, &args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start lienket")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn describe(o: &Output) -> String {
    format!(
        "status {:?}\nstdout: {}\nstderr: {}",
        o.status,
        text(&o.stdout),
        text(&o.stderr)
    )
}

fn assert_ok(o: &Output, what: &str) {
    assert!(o.status.success(), "{what}: {}", describe(o));
}

fn assert_fails_with(o: &Output, needle: &str, what: &str) {
    assert!(!o.status.success(), "{what} succeeded: {}", describe(o));
    let err = text(&o.stderr);
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(
        err.contains(needle),
        "{what}: expected \"{needle}\" in: {err}"
    );
}

/// A database holding the built-in knowledge base, made by `lienket init`.
fn init(dir: &Path) -> PathBuf {
    let db = dir.join("kb.db");
    assert_ok(
        &lienket(dir, &["--db", db.to_str().expect("UTF-8"), "init"]),
        "init",
    );
    db
}

fn db_arg(db: &Path) -> &str {
    db.to_str().expect("UTF-8 path")
}

fn summary_of(db: &Path, name: &str) -> Option<String> {
    let store = Store::open(db, Create::No).expect("open");
    let id = store.resolve(name).expect("resolve").expect("found");
    store.entity(id).expect("entity").summary
}

#[test]
fn undo_racing_another_programs_edit_never_loses_that_edit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = init(dir.path());
    let db = db_arg(&db);
    for k in 0..15 {
        let x = format!("x{k}");
        let y = format!("y{k}");
        assert_ok(
            &lienket(
                dir.path(),
                &["--db", db, "edit-entity", "Tô Đức", "--summary", &x],
            ),
            "first edit",
        );
        let undo = spawn(dir.path(), &["--db", db, "undo"]);
        if k % 3 == 1 {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let edit = spawn(
            dir.path(),
            &["--db", db, "edit-entity", "Tô Đức", "--summary", &y],
        );
        let (undo, edit) = (
            undo.wait_with_output().expect("undo"),
            edit.wait_with_output().expect("edit"),
        );
        assert!(
            !text(&undo.stderr).contains("no rows"),
            "undo: {}",
            describe(&undo)
        );
        assert_ok(&edit, "the concurrent edit");
        // Undo came first (the edit then wins) or second (it undid that edit): never an
        // older value that overwrote the concurrent edit.
        let now = summary_of(Path::new(db), "Tô Đức");
        assert!(
            now.as_deref() == Some(y.as_str()) || now.as_deref() == Some(x.as_str()),
            "round {k}: summary {now:?}, undo: {}",
            describe(&undo)
        );
    }
}

#[test]
fn programs_creating_the_same_new_file_at_once_all_succeed_and_lose_nothing() {
    for round in 0..8 {
        let dir = tempfile::tempdir().expect("temp dir");
        // The default database, created by whichever command comes first.
        let names = [
            format!("Anh {round}"),
            format!("Bình {round}"),
            format!("Châu {round}"),
        ];
        let children: Vec<Child> = names
            .iter()
            .map(|n| spawn(dir.path(), &["add-entity", "--kind", "person", n]))
            .collect();
        for child in children {
            assert_ok(
                &child.wait_with_output().expect("wait"),
                "a concurrent first use",
            );
        }
        let db = dir.path().join("data").join("lienket").join("lienket.db");
        let store = Store::open(&db, Create::No).expect("the file is there");
        for n in &names {
            assert_eq!(
                store.find_exact(n).expect("find").len(),
                1,
                "round {round}: {n}"
            );
        }
        assert_eq!(
            store.find_exact("Tô Đức").expect("find").len(),
            1,
            "the built-in base is installed once"
        );
    }
}

#[test]
fn two_undos_at_once_undo_two_edits_or_say_nothing_is_left() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("e.db");
    let db = db_arg(&db_path);
    assert_ok(
        &lienket(dir.path(), &["--db", db, "init", "--empty"]),
        "init",
    );
    for name in ["Một", "Hai"] {
        assert_ok(
            &lienket(
                dir.path(),
                &["--db", db, "add-entity", "--kind", "theme", name],
            ),
            "add",
        );
    }
    for _ in 0..3 {
        let a = spawn(dir.path(), &["--db", db, "undo"]);
        let b = spawn(dir.path(), &["--db", db, "undo"]);
        for o in [
            a.wait_with_output().expect("a"),
            b.wait_with_output().expect("b"),
        ] {
            let err = text(&o.stderr);
            assert!(!err.contains("no rows"), "{}", describe(&o));
            assert!(
                o.status.success() || err.contains("nothing left to undo"),
                "{}",
                describe(&o)
            );
        }
    }
    let store = Store::open(&db_path, Create::No).expect("open");
    assert!(store.find_exact("Một").expect("find").is_empty());
    assert!(store.find_exact("Hai").expect("find").is_empty());
    assert!(!store.kinds().expect("kinds").is_empty(), "the kinds stay");
}

#[test]
fn absurdly_long_names_are_refused_by_rule_and_typo_work_is_bounded() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("l.db"), Create::IfMissing).expect("create");
    lienket::seed::install_vocabulary(&mut store).expect("vocabulary");
    let huge = "a".repeat(1_000_000);
    let err = store
        .edit("add", |w| {
            w.add_entity(&NewEntity {
                kind: "person".into(),
                name: huge.clone(),
                ..Default::default()
            })
        })
        .expect_err("a million-letter name");
    assert!(
        matches!(err, StoreError::Rule(Rule::TooLong { max }) if max == MAX_NAME),
        "{err:?}"
    );
    // A name at the limit is kept, and one word of it is indexed whole, not as deletions.
    let long_word = "b".repeat(MAX_NAME);
    store
        .edit("add", |w| {
            w.add_entity(&NewEntity {
                kind: "person".into(),
                name: long_word.clone(),
                ..Default::default()
            })
        })
        .expect("a name at the limit");
    assert!(lienket::text::deletions(&long_word).is_empty());
    assert!(lienket::text::deletions(&"c".repeat(10_000)).is_empty());
    let word = "nghiencuuxahoihoc"; // 17 letters: typo matching applies
    assert!(lienket::text::deletions(word).len() <= word.len());
    assert!(!lienket::text::deletions(word).is_empty());
    // A query far longer than anyone types is searched (its start) without failing.
    let query = lienket::store::search::Query {
        text: format!("{long_word} {}", "d".repeat(100_000)),
        kind: None,
        limit: 5,
    };
    store.search(&query).expect("a 100,000-letter query");
}

#[test]
fn absurd_counts_are_refused_clearly_and_leave_no_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = init(dir.path());
    let db = db_arg(&db);
    for limit in ["18446744073709551615", "1000000000", "0"] {
        let o = lienket(dir.path(), &["--db", db, "search", "a", "--limit", limit]);
        assert_fails_with(&o, "between", &format!("--limit {limit}"));
    }
    let new = dir.path().join("g.db");
    for (entities, relations) in [("10", "1000000000000"), ("1000000000000", "10")] {
        let o = lienket(
            dir.path(),
            &[
                "--db",
                db_arg(&new),
                "generate",
                "--entities",
                entities,
                "--relations",
                relations,
            ],
        );
        assert_fails_with(&o, "between", "generate");
        assert!(!new.exists(), "a refused generate left a file");
    }
    // Possible counts that cannot be met are found out quickly, and leave no file either.
    for (entities, relations, reason) in [
        ("1", "10", "at least two entities"),
        ("10", "10000000", "distinct relations"),
    ] {
        let o = lienket(
            dir.path(),
            &[
                "--db",
                db_arg(&new),
                "generate",
                "--entities",
                entities,
                "--relations",
                relations,
            ],
        );
        assert_fails_with(&o, reason, "generate with too few entities");
        assert!(!new.exists(), "a failed generate left a file");
    }
}

/// Overwrites a page in the middle of the file with garbage.
fn damage(db: &Path) {
    use std::io::{Seek, SeekFrom, Write};
    let len = std::fs::metadata(db).expect("size").len();
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(db)
        .expect("open for damage");
    f.seek(SeekFrom::Start(len / 2 - (len / 2) % 4096))
        .expect("seek");
    f.write_all(&[0xDE; 4096]).expect("write garbage");
}

#[test]
fn a_damaged_file_is_reported_by_check_and_an_edit_says_truthfully_that_it_was_saved() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db_path = dir.path().join("d.db");
    let db = db_arg(&db_path);
    assert_ok(
        &lienket(
            dir.path(),
            &[
                "--db",
                db,
                "generate",
                "--entities",
                "3000",
                "--relations",
                "6000",
            ],
        ),
        "generate",
    );
    damage(&db_path);
    let o = lienket(dir.path(), &["--db", db, "check"]);
    assert_eq!(o.status.code(), Some(1), "check: {}", describe(&o));
    assert!(text(&o.stdout).contains("integrity:"), "{}", describe(&o));
    assert!(
        !text(&o.stdout).contains("integrity: ok"),
        "{}",
        describe(&o)
    );

    // Output that cannot be written (a full disk) comes after the commit: success, said.
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full");
    if let Ok(full) = full {
        let o = command(
            dir.path(),
            &[
                OsStr::new("--db"),
                OsStr::new(db),
                OsStr::new("add-entity"),
                OsStr::new("--kind"),
                OsStr::new("person"),
                OsStr::new("Người Thử"),
            ],
        )
        .stdout(full)
        .output()
        .expect("run");
        assert_ok(&o, "an edit whose output failed");
        assert!(text(&o.stderr).contains("saved"), "{}", describe(&o));
        let store = Store::open(&db_path, Create::No).expect("open");
        assert_eq!(store.find_exact("Người Thử").expect("find").len(), 1);
    }
}

#[test]
fn an_edit_blocked_by_another_program_says_it_waits_and_then_that_the_file_is_locked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = init(dir.path());
    let other = rusqlite::Connection::open(&db).expect("another program");
    other
        .execute_batch("BEGIN IMMEDIATE")
        .expect("take the write lock");
    // Reading goes on while another program writes.
    assert_ok(
        &lienket(dir.path(), &["--db", db_arg(&db), "show", "Tô Đức"]),
        "show while locked",
    );
    let o = lienket(
        dir.path(),
        &["--db", db_arg(&db), "add-entity", "--kind", "theme", "Khoá"],
    );
    assert_fails_with(&o, "locked by another program", "an edit while locked");
    assert!(text(&o.stderr).contains("waiting"), "{}", describe(&o));
    other.execute_batch("ROLLBACK").expect("release");
    assert_ok(
        &lienket(
            dir.path(),
            &["--db", db_arg(&db), "add-entity", "--kind", "theme", "Khoá"],
        ),
        "the same edit once released",
    );
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_utf8_works_for_every_command() {
    use std::os::unix::ffi::OsStringExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut name = b"c\xff-".to_vec();
    name.extend_from_slice(b"kb.db");
    let path = dir.path().join(OsString::from_vec(name));
    // The name a lossy conversion would make exists beside it, and is not a database:
    // reading it instead would fail every command.
    let lossy = dir.path().join("c\u{FFFD}-kb.db");
    std::fs::write(&lossy, b"not a database").expect("decoy");
    let run = |args: &[&str]| {
        let mut all: Vec<&OsStr> = vec![OsStr::new("--db"), path.as_os_str()];
        all.extend(args.iter().map(OsStr::new));
        command(dir.path(), &all).output().expect("run")
    };
    assert_ok(&run(&["init"]), "init");
    assert_ok(&run(&["show", "Tô Đức"]), "show");
    assert_ok(
        &run(&["add-entity", "--kind", "theme", "Đường dẫn lạ"]),
        "edit",
    );
    assert_ok(&run(&["search", "duong dan"]), "search");
    assert_ok(&run(&["check"]), "check");
    assert_eq!(std::fs::read(&lossy).expect("decoy"), b"not a database");
}

#[test]
fn paths_too_long_for_sqlite_are_refused_clearly_and_leave_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A 255-byte file name: the side files ("-wal") could not exist beside it.
    let long_name = format!("{}.db", "đ".repeat(126));
    assert_eq!(long_name.len(), 255);
    let path = dir.path().join(&long_name);
    let o = lienket(dir.path(), &["--db", db_arg(&path), "init"]);
    assert_fails_with(&o, "too long", "a 255-byte name");
    assert!(!path.exists(), "init left a file behind");
    // A path of more than 500 bytes, in folders of reasonable names.
    let mut deep = dir.path().to_owned();
    while deep.as_os_str().len() < 520 {
        deep.push("thư mục dài");
    }
    std::fs::create_dir_all(&deep).expect("deep folders");
    let path = deep.join("kb.db");
    let o = lienket(dir.path(), &["--db", db_arg(&path), "init"]);
    assert_fails_with(&o, "too long", "a 520-byte path");
    assert!(std::fs::read_dir(&deep).expect("list").next().is_none());
}

#[test]
fn names_that_only_look_alike_are_made_alike_or_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = init(dir.path());
    let mut store = Store::open(&db, Create::No).expect("open");
    let add = |store: &mut Store, name: &str| {
        store.edit("add", |w| {
            w.add_entity(&NewEntity {
                kind: "person".into(),
                name: name.into(),
                ..Default::default()
            })
        })
    };
    for invisible in [
        "\u{200D}",
        "\u{202E}\u{200B}",
        " \u{FEFF} ",
        "\u{2800}",
        "\u{3164}",
        "\u{034F}\u{FE0F}",
        "\u{E0041}",
        "\u{0301}",
        "·-·",
    ] {
        assert!(
            matches!(
                add(&mut store, invisible),
                Err(StoreError::Rule(Rule::EmptyName))
            ),
            "{invisible:?}"
        );
    }
    let id = add(&mut store, "Tô\u{200D} Đ\u{202E}ức").expect("a name with joiners");
    assert_eq!(store.entity(id).expect("entity").name, "Tô Đức");
    // It is a namesake of the built-in Tô Đức, not an invisible variant of him.
    assert_eq!(store.find_exact("Tô Đức").expect("find").len(), 2);

    let cuc = store
        .resolve("Cục Bảo trợ xã hội")
        .expect("resolve")
        .expect("found");
    let alias =
        |store: &mut Store, name: &str| store.edit("alias", |w| w.add_alias(cuc, name, None));
    assert!(matches!(
        alias(&mut store, "Cục Bảo trợ xã hội"),
        Err(StoreError::Rule(Rule::DuplicateAlias(_)))
    ));
    alias(&mut store, "Cục BTXH (cũ)").expect("a new alias");
    assert!(matches!(
        alias(&mut store, "Cục BTXH (cũ)"),
        Err(StoreError::Rule(Rule::DuplicateAlias(_)))
    ));
    let year_zero = store.edit("date", |w| {
        w.update_entity(
            cuc,
            &EntityPatch {
                date_start: Some("0000".into()),
                ..Default::default()
            },
        )
    });
    assert!(
        matches!(year_zero, Err(StoreError::Rule(Rule::ImpossibleDate(_)))),
        "{year_zero:?}"
    );
    drop(store);
    let o = lienket(
        dir.path(),
        &["--db", db_arg(&db), "edit-entity", "Cục Bảo trợ xã hội"],
    );
    assert_fails_with(&o, "nothing to change", "edit-entity with no change");
}

#[test]
fn undo_never_removes_the_built_in_kinds_and_removes_the_built_in_base_only_when_confirmed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty.db");
    assert_ok(
        &lienket(dir.path(), &["--db", db_arg(&empty), "init", "--empty"]),
        "init --empty",
    );
    let o = lienket(dir.path(), &["--db", db_arg(&empty), "undo"]);
    assert_fails_with(&o, "nothing left to undo", "undo after init --empty");
    assert_ok(
        &lienket(
            dir.path(),
            &[
                "--db",
                db_arg(&empty),
                "add-entity",
                "--kind",
                "person",
                "Người Đầu",
            ],
        ),
        "the kinds are still there",
    );

    let db = init(dir.path());
    let o = lienket(dir.path(), &["--db", db_arg(&db), "undo"]);
    assert_fails_with(&o, "built-in knowledge base", "undo after init");
    assert!(summary_exists(&db, "Tô Đức"));
    assert_ok(
        &lienket(dir.path(), &["--db", db_arg(&db), "undo", "--confirm"]),
        "undo --confirm",
    );
    assert!(!summary_exists(&db, "Tô Đức"));
    let store = Store::open(&db, Create::No).expect("open");
    assert!(!store.kinds().expect("kinds").is_empty());
}

fn summary_exists(db: &Path, name: &str) -> bool {
    let store = Store::open(db, Create::No).expect("open");
    !store.find_exact(name).expect("find").is_empty()
}

#[test]
fn a_zero_byte_file_with_a_stray_wal_is_left_as_it_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("zero.db");
    std::fs::write(&db, b"").expect("empty file");
    // A WAL holding frames (copied from a real one), as a crash or a copy may leave.
    let source = init(dir.path());
    let live = rusqlite::Connection::open(&source).expect("open");
    live.execute_batch(
        "PRAGMA wal_autocheckpoint = 0; CREATE TABLE x (y); INSERT INTO x VALUES (1);",
    )
    .expect("write to the WAL");
    let wal = std::fs::read(dir.path().join("kb.db-wal")).expect("a WAL");
    assert!(!wal.is_empty());
    std::fs::write(dir.path().join("zero.db-wal"), &wal).expect("stray wal");
    for command in [&["show", "Tô Đức"][..], &["check"], &["search", "to duc"]] {
        let mut args = vec!["--db", db_arg(&db)];
        args.extend_from_slice(command);
        let o = lienket(dir.path(), &args);
        assert_fails_with(&o, "empty", "a command on a zero-byte file");
    }
    assert_eq!(std::fs::metadata(&db).expect("size").len(), 0);
    assert_eq!(
        std::fs::read(dir.path().join("zero.db-wal")).expect("the WAL is still there"),
        wal
    );
}

/// Files shared between users: each case runs a command as another user, which needs
/// root (CI runs as root). Elsewhere it says so and checks nothing.
#[cfg(unix)]
mod other_users {
    use super::*;
    use std::os::unix::fs::PermissionsExt as _;

    use crate::read_only::is_root;

    const NOBODY: &str = "65534";

    /// A folder every user can enter, in a temporary folder every user can enter.
    fn shared_dir() -> Option<(tempfile::TempDir, PathBuf)> {
        if !is_root() {
            eprintln!("note: not root: the other-user cases need setpriv and are skipped");
            return None;
        }
        let top = tempfile::tempdir().expect("temp dir");
        chmod(top.path(), 0o755);
        let dir = top.path().join("shared");
        std::fs::create_dir(&dir).expect("folder");
        Some((top, dir))
    }

    fn chmod(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }

    fn chown_nobody(path: &Path) {
        let status = Command::new("chown")
            .arg(format!("{NOBODY}:{NOBODY}"))
            .arg(path)
            .status()
            .expect("chown");
        assert!(status.success());
    }

    /// Runs the binary as user `nobody`.
    fn as_nobody(home: &Path, args: &[&str]) -> Output {
        Command::new("setpriv")
            .args([
                "--reuid",
                NOBODY,
                "--regid",
                NOBODY,
                "--clear-groups",
                env!("CARGO_BIN_EXE_lienket"),
            ])
            .args(args)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .output()
            .expect("setpriv")
    }

    fn side_files(db: &Path) -> Vec<String> {
        ["-wal", "-shm", "-journal"]
            .iter()
            .map(|s| format!("{}{s}", db.display()))
            .filter(|p| Path::new(p).exists())
            .collect()
    }

    #[test]
    fn a_user_who_cannot_write_the_folder_reads_and_is_told_it_is_read_only() {
        let Some((_top, dir)) = shared_dir() else {
            return;
        };
        let db = init(&dir);
        chmod(&db, 0o666); // a writable file…
        chmod(&dir, 0o755); // …in a folder only its owner may write
        let o = as_nobody(&dir, &["--db", db_arg(&db), "show", "Tô Đức"]);
        assert_ok(&o, "show as another user");
        let o = as_nobody(
            &dir,
            &[
                "--db",
                db_arg(&db),
                "add-entity",
                "--kind",
                "theme",
                "Của người khác",
            ],
        );
        assert_fails_with(&o, "read-only", "an edit as another user");
        assert!(!text(&o.stderr).contains("1544"), "{}", describe(&o));
        assert!(side_files(&db).is_empty(), "{:?}", side_files(&db));
    }

    #[test]
    fn a_reader_in_a_shared_folder_leaves_no_side_files_and_never_locks_the_owner_out() {
        let Some((_top, dir)) = shared_dir() else {
            return;
        };
        let db = init(&dir);
        chmod(&dir, 0o1777); // a shared folder: everyone may create files
        chmod(&db, 0o644); // the owner's file, readable by all
        let o = as_nobody(&dir, &["--db", db_arg(&db), "search", "to duc"]);
        assert_ok(&o, "search as a reader");
        assert!(side_files(&db).is_empty(), "{:?}", side_files(&db));
        assert_ok(
            &lienket(
                &dir,
                &[
                    "--db",
                    db_arg(&db),
                    "add-entity",
                    "--kind",
                    "theme",
                    "Của chủ",
                ],
            ),
            "the owner edits after the reader",
        );
    }

    #[test]
    fn another_users_side_files_keep_the_file_readable_never_removed_and_an_edit_names_them() {
        let Some((_top, dir)) = shared_dir() else {
            return;
        };
        let db = init(&dir);
        // The owner is `nobody` here; root plays the other user whose files are beside it.
        chown_nobody(&dir);
        chown_nobody(&db);
        chmod(&dir, 0o755);
        let shm = dir.join("kb.db-shm");
        std::fs::write(&shm, [0u8; 32_768]).expect("another user's -shm");
        chmod(&shm, 0o600);
        let o = as_nobody(&dir, &["--db", db_arg(&db), "show", "Tô Đức"]);
        assert_ok(&o, "the owner reads");
        let o = as_nobody(
            &dir,
            &[
                "--db",
                db_arg(&db),
                "add-entity",
                "--kind",
                "theme",
                "Sau sự cố",
            ],
        );
        assert_fails_with(
            &o,
            "kb.db-shm",
            "an edit with another user's -shm beside the file",
        );
        assert!(shm.exists(), "another user's file was removed");
        assert!(
            !dir.join("kb.db-wal").exists(),
            "a refused edit left a side file"
        );
        // Once the other user's file is gone, the owner edits again.
        std::fs::remove_file(&shm).expect("the administrator removes it");
        assert_ok(
            &as_nobody(
                &dir,
                &[
                    "--db",
                    db_arg(&db),
                    "add-entity",
                    "--kind",
                    "theme",
                    "Sau sự cố",
                ],
            ),
            "the owner edits",
        );
    }

    #[test]
    fn an_immutable_file_is_read_without_leaving_side_files() {
        let Some((_top, dir)) = shared_dir() else {
            return;
        };
        let db = init(&dir);
        let status = Command::new("chattr").arg("+i").arg(&db).status();
        if !status.is_ok_and(|s| s.success()) {
            eprintln!("note: chattr +i is not supported here");
            return;
        }
        let o = lienket(&dir, &["--db", db_arg(&db), "show", "Tô Đức"]);
        let o2 = lienket(
            &dir,
            &[
                "--db",
                db_arg(&db),
                "add-entity",
                "--kind",
                "theme",
                "Bất biến",
            ],
        );
        let _ = Command::new("chattr").arg("-i").arg(&db).status();
        assert_ok(&o, "show an immutable file");
        assert_fails_with(&o2, "read-only", "an edit of an immutable file");
        assert!(side_files(&db).is_empty(), "{:?}", side_files(&db));
    }
}

/// A second store on a file this process has open (as the window's worker is) keeps the
/// process's locks: another program then sees the file in use, leaves its `-wal` alone,
/// and every commit of both programs lands in the file.
#[test]
fn a_second_store_in_one_process_keeps_the_file_locked_for_other_programs() {
    let dir = tempfile::tempdir().expect("dir");
    let home = dir.path().join("home");
    let path = dir.path().join("kb.db");
    let mut first = Store::open(&path, Create::IfMissing).expect("first store");
    lienket::seed::install_vocabulary(&mut first).expect("vocabulary");
    let second = Store::open(&path, Create::No).expect("second store");
    assert!(!second.is_read_only());
    let wal = {
        let mut w = path.as_os_str().to_owned();
        w.push("-wal");
        PathBuf::from(w)
    };
    let out = lienket(
        &home,
        &[
            "--db",
            path.to_str().expect("utf-8"),
            "add-entity",
            "--kind",
            "organisation",
            "Hội Chữ thập đỏ",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        wal.exists(),
        "the other program removed the WAL of an open file"
    );
    first
        .edit("after the other program", |w| {
            w.add_entity(&NewEntity {
                kind: "organisation".into(),
                name: "Hội Người cao tuổi".into(),
                ..Default::default()
            })
        })
        .expect("edit");
    drop((first, second));
    let store = Store::open(&path, Create::No).expect("reopen");
    for name in ["Hội Chữ thập đỏ", "Hội Người cao tuổi"] {
        assert_eq!(
            store.find_exact(name).expect("find").len(),
            1,
            "{name} was lost"
        );
    }
}
