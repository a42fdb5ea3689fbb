//! Upgrades: a knowledge base of every earlier schema version (`tests/fixtures/v{N}.db`,
//! made as `tests/fixtures/README.md` says) opens in this version, is backed up first,
//! and keeps its content and its undo history. Most fixtures were written by the command
//! line of that version itself ([`MADE_BY_THEIR_VERSION`]); the others are replayed by
//! [`make_fixture`], which `LIENKET_MAKE_FIXTURES=1` runs again for them.

use lienket::backups::{BackupKind, Backups};
use lienket::store::{Create, LATEST_VERSION, MIGRATIONS, Store};
use rusqlite::{Connection, params};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

const ORGANISATION: &str = "Sở Lao động – Thương binh và Xã hội tỉnh Thử";
const ALIAS: &str = "Sở LĐTBXH Thử";
const PERSON: &str = "Nguyễn Thị Thử";
const SUMMARY: &str = "Giám đốc sở từ năm 2020.";
/// The summary of the second summary edit, which that version's `undo` reverted.
const UNDONE_SUMMARY: &str = "Phó giám đốc sở.";
const NOW: i64 = 1_767_225_600_000; // 2026-01-01, fixed so the fixtures are reproducible.

/// Migration backups go to `data/` beside the file, as `backups.rs` sets them (the
/// setting is per process; both set the same).
fn migration_folder(db: &Path) -> Option<PathBuf> {
    let folder = db.parent()?.join("data");
    Some(Backups::under(&folder, db).migrations_dir())
}

/// What that version's command line wrote into a fixture it made itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Recipe {
    /// `init` (the built-in knowledge base), then the edits listed in
    /// `tests/fixtures/README.md`, ending with an `undo`.
    Edits,
    /// `init` only: that version's command line could not edit yet.
    Init,
}

/// The fixtures written by the `lienket` binary built from the last commit at which that
/// version was the newest schema, and how.
const MADE_BY_THEIR_VERSION: &[(i64, &str, Recipe)] = &[
    (
        16,
        "ddc83ce0695ae09bc93cea1a6a37a4e372b2f87c",
        Recipe::Edits,
    ),
    (
        15,
        "a727e4ca912efba8570dcaa7af74899aa21e08b6",
        Recipe::Edits,
    ),
    (
        14,
        "f408917ce3353a1be5ff077e96e47601fa63d25c",
        Recipe::Edits,
    ),
    (
        13,
        "58532eac859143899d078fbb10c09a1b33cd9035",
        Recipe::Edits,
    ),
    (
        12,
        "04e09001c6a0d6bb5c8d002b27b48683b298bae5",
        Recipe::Edits,
    ),
    (
        11,
        "ffb3938648588ec8a8a996eb65f0a4f015a1cd76",
        Recipe::Edits,
    ),
    (
        10,
        "a18d7e224e026da27b57db45c55bc2815b64413f",
        Recipe::Edits,
    ),
    (9, "8b16752d1b596f0ca3d188081305ef143624ca62", Recipe::Edits),
    (8, "153e960b4a148f0f646546de093cc7a28f256e98", Recipe::Edits),
    (7, "86bb31a7bb59b78b4c3c80624cca52c1cb0adffd", Recipe::Edits),
    (6, "e18311078baf88bc2b429c73603538bf605a072c", Recipe::Edits),
    (5, "e76fc33329eaa862627eaf70c7d3b364a7d38d53", Recipe::Edits),
    (4, "52566379f5788f2b4d1a8a68682975451d654eeb", Recipe::Edits),
    (3, "2136e9ed56e9e0402e2422c2561620d48cc17f09", Recipe::Edits),
    (1, "f2bbd6d12c159700c338f7dc91cbc3efe1aca5ce", Recipe::Init),
];

/// How that version made its own fixture; `None` for a replayed one.
fn made_by_their_version(version: i64) -> Option<Recipe> {
    MADE_BY_THEIR_VERSION
        .iter()
        .find(|(v, ..)| *v == version)
        .map(|(.., recipe)| *recipe)
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The row of `table` with `uid`, as the write path images it: every column by name.
fn image(conn: &Connection, table: &str, uid: &str) -> String {
    let sql = format!("SELECT * FROM {table} WHERE uid = ?1");
    let mut stmt = conn.prepare(&sql).expect("prepare");
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    stmt.query_row([uid], |row| {
        let mut map = Map::new();
        for (i, name) in names.iter().enumerate() {
            let value = match row.get_ref(i)? {
                rusqlite::types::ValueRef::Null => Value::Null,
                rusqlite::types::ValueRef::Integer(n) => Value::from(n),
                rusqlite::types::ValueRef::Real(f) => Value::from(f),
                rusqlite::types::ValueRef::Text(t) => {
                    Value::String(String::from_utf8_lossy(t).into_owned())
                }
                rusqlite::types::ValueRef::Blob(_) => Value::Null,
            };
            map.insert(name.clone(), value);
        }
        Ok(Value::Object(map).to_string())
    })
    .expect("image")
}

fn record(conn: &Connection, edit: i64, table: &str, uid: &str, before: Option<String>) {
    let after = image(conn, table, uid);
    let op = if before.is_some() { "update" } else { "insert" };
    conn.execute(
        "INSERT INTO change (edit_id, tbl, row_uid, op, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![edit, table, uid, op, before, after],
    )
    .expect("change");
}

fn new_edit(conn: &Connection, uid: &str, at: i64, description: &str) -> i64 {
    conn.execute(
        "INSERT INTO edit (uid, at, author, description) VALUES (?1, ?2, 'fixture', ?3)",
        params![uid, at, description],
    )
    .expect("edit");
    conn.last_insert_rowid()
}

/// A file of schema `version`: the embedded migrations 1..=version applied as the
/// migration runner applies them, then the vocabulary and two edits written as the
/// store's write path writes them (rows, `edit`, `change` with row images).
fn make_fixture(path: &Path, version: i64) {
    let _ = std::fs::remove_file(path);
    let mut conn = Connection::open(path).expect("create");
    conn.pragma_update(None, "page_size", 1024)
        .expect("page size");
    for m in MIGRATIONS.iter().filter(|m| m.version <= version) {
        let tx = conn.transaction().expect("tx");
        tx.execute_batch(m.sql).expect("migration");
        tx.pragma_update(None, "application_id", lienket::store::APPLICATION_ID)
            .expect("application id");
        tx.pragma_update(None, "user_version", m.version)
            .expect("version");
        tx.commit().expect("commit");
    }
    let tx = conn.transaction().expect("tx");
    let vocabulary = new_edit(
        &tx,
        "00000000-0000-7000-8000-000000000001",
        NOW,
        "vocabulary",
    );
    for (name, vi, en) in [
        ("organisation", "Tổ chức", "Organisation"),
        ("person", "Người", "Person"),
    ] {
        let uid = format!("fixture-kind-{name}");
        tx.execute(
            "INSERT INTO kind (name, uid, label_vi, label_en) VALUES (?1, ?2, ?3, ?4)",
            params![name, uid, vi, en],
        )
        .expect("kind");
        record(&tx, vocabulary, "kind", &uid, None);
    }
    tx.execute(
        "INSERT INTO predicate (name, uid, label_vi, label_en, inverse_vi, inverse_en, subject_kinds, object_kinds)
         VALUES ('holds_position', 'fixture-predicate-holds-position', 'Giữ chức vụ tại', 'Holds position at',
                 'Có cán bộ', 'Has official', '[\"person\"]', '[\"organisation\"]')",
        [],
    )
    .expect("predicate");
    record(
        &tx,
        vocabulary,
        "predicate",
        "fixture-predicate-holds-position",
        None,
    );

    let add = new_edit(
        &tx,
        "00000000-0000-7000-8000-000000000002",
        NOW + 1,
        "Thêm «Nguyễn Thị Thử»",
    );
    let entity = |uid: &str, kind: &str, name: &str| {
        tx.execute(
            "INSERT INTO entity (uid, kind, name, folded, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![uid, kind, name, lienket::text::fold(name), NOW + 1],
        )
        .expect("entity");
        let id = tx.last_insert_rowid();
        record(&tx, add, "entity", uid, None);
        id
    };
    let org = entity("fixture-entity-org", "organisation", ORGANISATION);
    let person = entity("fixture-entity-person", "person", PERSON);
    tx.execute(
        "INSERT INTO alias (uid, entity_id, name, folded) VALUES ('fixture-alias', ?1, ?2, ?3)",
        params![org, ALIAS, lienket::text::fold(ALIAS)],
    )
    .expect("alias");
    record(&tx, add, "alias", "fixture-alias", None);
    tx.execute(
        "INSERT INTO relation (uid, subject_id, predicate, object_id, role, created_at, updated_at)
         VALUES ('fixture-relation', ?1, 'holds_position', ?2, 'Giám đốc', ?3, ?3)",
        params![person, org, NOW + 1],
    )
    .expect("relation");
    record(&tx, add, "relation", "fixture-relation", None);

    let update = new_edit(
        &tx,
        "00000000-0000-7000-8000-000000000003",
        NOW + 2,
        "Sửa «Nguyễn Thị Thử»",
    );
    let before = image(&tx, "entity", "fixture-entity-person");
    tx.execute(
        "UPDATE entity SET summary = ?1, updated_at = ?2 WHERE uid = 'fixture-entity-person'",
        params![SUMMARY, NOW + 2],
    )
    .expect("update");
    record(&tx, update, "entity", "fixture-entity-person", Some(before));
    if version >= 2 {
        // The index is derived data: the file says it must be rebuilt, as a file that
        // reached version 2 with entities does.
        tx.execute("UPDATE search_meta SET value = 1 WHERE key = 'rebuild'", [])
            .expect("index state");
    }
    tx.commit().expect("commit");
    conn.execute_batch("VACUUM").expect("vacuum");
}

/// What a file holds, read with plain SQL before this version opens it.
#[derive(Debug, PartialEq)]
struct Content {
    version: i64,
    /// `(uid, author, description)` of every edit, oldest first.
    edits: Vec<(String, String, String)>,
    entities: i64,
    relations: i64,
    aliases: i64,
    /// The first entity's name (from the built-in knowledge base in files made by `init`).
    first_entity: String,
}

fn content(path: &Path) -> Content {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .expect("count")
    };
    let mut stmt = conn
        .prepare("SELECT uid, author, description FROM edit ORDER BY id")
        .expect("edits");
    let edits = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("edits")
        .collect::<rusqlite::Result<Vec<_>>>()
        .expect("edits");
    Content {
        version: conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version"),
        edits,
        entities: count("entity"),
        relations: count("relation"),
        aliases: count("alias"),
        first_entity: conn
            .query_row("SELECT name FROM entity ORDER BY id LIMIT 1", [], |r| {
                r.get(0)
            })
            .expect("an entity"),
    }
}

fn summary(store: &Store, person: lienket::model::EntityId) -> Option<String> {
    store.detail(person).expect("detail").entity.summary
}

fn finds(store: &Store, text: &str, id: lienket::model::EntityId) -> bool {
    store
        .search(&lienket::store::search::Query {
            text: text.to_owned(),
            limit: 10,
            ..Default::default()
        })
        .expect("search")
        .iter()
        .any(|h| h.entity.id == Some(id))
}

#[test]
fn a_file_of_every_earlier_schema_version_is_backed_up_migrated_and_keeps_content_and_history() {
    let earlier = 1..LATEST_VERSION;
    if std::env::var_os("LIENKET_MAKE_FIXTURES").is_some() {
        for version in earlier
            .clone()
            .filter(|v| made_by_their_version(*v).is_none())
        {
            make_fixture(&fixtures().join(format!("v{version}.db")), version);
        }
    }
    for version in earlier {
        let fixture = fixtures().join(format!("v{version}.db"));
        upgrades_keeping_content_and_history(&fixture, version, made_by_their_version(version));
    }
}

/// The builds between migrations 3 and 2 (which landed after 3) wrote version 3 without
/// the search tables: such a file gets them, then upgrades like any other.
#[test]
fn a_version_3_file_without_migration_2_gets_it_and_upgrades() {
    let fixture = fixtures().join("v3-without-migration-2.db");
    let tables = Connection::open_with_flags(&fixture, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open")
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name = 'search_meta'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .expect("tables");
    assert_eq!(tables, 0, "the fixture lacks migration 2");
    upgrades_keeping_content_and_history(&fixture, 3, Some(Recipe::Edits));
}

/// Opens a copy of `fixture` (schema `version`, made by `recipe` or replayed) with this
/// version and checks the backup, the content, search and the undo history.
fn upgrades_keeping_content_and_history(fixture: &Path, version: i64, recipe: Option<Recipe>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("kb.db");
    std::fs::copy(fixture, &db).unwrap_or_else(|e| panic!("{}: {e}", fixture.display()));
    // Read with plain SQL from a second copy, so the file opened below is untouched.
    let plain = tempfile::tempdir().expect("temp dir");
    std::fs::copy(fixture, plain.path().join("kb.db")).expect("copy");
    let before = content(&plain.path().join("kb.db"));
    let what = format!("from {}", fixture.display());
    assert_eq!(before.version, version, "{what}");

    lienket::store::set_migration_backup_dir(migration_folder);
    let mut store =
        Store::open(&db, Create::No).unwrap_or_else(|e| panic!("{what}: does not open: {e}"));
    let report = store.check().expect("check");
    assert!(report.ok(), "{what}: {report:?}");
    assert_eq!(report.schema_version, LATEST_VERSION, "{what}");

    // The backup is the file as it was, before any migration step.
    let backups = Backups::under(&dir.path().join("data"), &db).list();
    let [backup] = backups.as_slice() else {
        panic!("{what}: one backup expected: {backups:?}");
    };
    assert_eq!(backup.kind, BackupKind::BeforeMigration, "{what}");
    assert_eq!(content(&backup.path), before, "{what}: the backup");

    // History: the edit log is the one that version wrote.
    let log = store.log(None, 1000).expect("log");
    let logged: Vec<(String, String, String)> = log
        .iter()
        .rev()
        .map(|e| (e.uid.clone(), e.author.clone(), e.description.clone()))
        .collect();
    assert_eq!(logged, before.edits, "{what}");

    // Search works once the index is prepared, as the window does on opening.
    store.prepare_search_index(&mut |_, _| {}).expect("index");
    match recipe {
        Some(Recipe::Edits) => {
            the_user_s_edits(&store, &what);
            their_version_s_file(&mut store, &before, &what);
        }
        Some(Recipe::Init) => built_in_only(&mut store, &before, &what),
        None => {
            the_user_s_edits(&store, &what);
            replayed_file(&mut store, &what);
        }
    }
    assert!(store.check().expect("check").ok(), "{what}");
}

/// The organisation, the person and the relation between them, as the user's edits
/// left them (the last summary edit undone in files made by their version).
fn the_user_s_edits(store: &Store, what: &str) {
    let person = store.resolve(PERSON).expect("resolve").expect("the person");
    let org = store
        .resolve(ALIAS)
        .expect("resolve")
        .expect("the organisation by alias");
    assert_eq!(summary(store, person).as_deref(), Some(SUMMARY), "{what}");
    assert_eq!(store.entity(org).expect("org").name, ORGANISATION, "{what}");
    assert_eq!(
        store
            .relations_between(person, "holds_position", org)
            .expect("relations")
            .len(),
        1,
        "{what}"
    );
    assert!(finds(store, "nguyen thi thu", person), "{what}");
}

/// The counts of entities, relations and other names are the file's, and the built-in
/// knowledge base its `init` wrote is there and found by search.
fn the_counts_and_the_built_in_base(store: &Store, before: &Content, what: &str) {
    let stats = store.stats().expect("stats");
    assert_eq!(
        (stats.entities, stats.relations, stats.aliases),
        (before.entities, before.relations, before.aliases),
        "{what}"
    );
    assert!(before.entities > 2, "{what}: the built-in knowledge base");
    let built_in = store
        .resolve(&before.first_entity)
        .expect("resolve")
        .expect("a built-in entity");
    assert!(
        finds(store, &lienket::text::fold(&before.first_entity), built_in),
        "{what}: {}",
        before.first_entity
    );
}

/// A file of that version's `init` alone: the built-in knowledge base, found by search,
/// nothing to redo; an edit made now is undone back to it.
fn built_in_only(store: &mut Store, before: &Content, what: &str) {
    let counts = |store: &Store| {
        let stats = store.stats().expect("stats");
        (stats.entities, stats.relations, stats.aliases)
    };
    the_counts_and_the_built_in_base(store, before, what);
    assert_eq!(store.redo_description().expect("redo"), None, "{what}");
    let added = store
        .edit("add", |w| {
            w.add_entity(&lienket::store::write::NewEntity {
                kind: "person".into(),
                name: PERSON.into(),
                ..Default::default()
            })
        })
        .unwrap_or_else(|e| panic!("{what}: an edit after the upgrade: {e}"));
    assert!(finds(store, "nguyen thi thu", added), "{what}");
    store
        .undo()
        .unwrap_or_else(|e| panic!("{what}: undo of that edit: {e}"));
    assert_eq!(store.resolve(PERSON).expect("resolve"), None, "{what}");
    assert_eq!(
        counts(store),
        (before.entities, before.relations, before.aliases),
        "{what}"
    );
}

/// A file written by that version's own command line: the built-in knowledge base, the
/// user's edits and that version's undo of the last one.
fn their_version_s_file(store: &mut Store, before: &Content, what: &str) {
    the_counts_and_the_built_in_base(store, before, what);
    let person = store.resolve(PERSON).expect("resolve").expect("the person");
    let org = store.resolve(ALIAS).expect("resolve").expect("the org");

    // That version's undo left its edit to redo, and this version redoes it.
    assert!(
        before.edits.last().is_some_and(|e| e.2.starts_with("undo")),
        "{what}: {:?}",
        before.edits.last()
    );
    assert!(store.redo_description().expect("redo").is_some(), "{what}");
    store
        .redo()
        .unwrap_or_else(|e| panic!("{what}: redo of that version's undo: {e}"));
    assert_eq!(
        summary(store, person).as_deref(),
        Some(UNDONE_SUMMARY),
        "{what}"
    );
    store
        .undo()
        .unwrap_or_else(|e| panic!("{what}: undo of the redo: {e}"));
    assert_eq!(summary(store, person).as_deref(), Some(SUMMARY), "{what}");
    store
        .undo()
        .unwrap_or_else(|e| panic!("{what}: undo of the summary: {e}"));
    assert_eq!(summary(store, person), None, "{what}");
    store
        .undo()
        .unwrap_or_else(|e| panic!("{what}: undo of the relation: {e}"));
    let related = |store: &Store| {
        store
            .relations_between(person, "holds_position", org)
            .expect("relations")
            .len()
    };
    assert_eq!(related(store), 0, "{what}");
    store.redo().unwrap_or_else(|e| panic!("{what}: redo: {e}"));
    assert_eq!(related(store), 1, "{what}");
    assert!(finds(store, "so ldtbxh thu", org), "{what}");
}

/// A file replayed by [`make_fixture`]: the vocabulary and two edits.
fn replayed_file(store: &mut Store, what: &str) {
    let person = store.resolve(PERSON).expect("resolve").expect("the person");
    store
        .undo()
        .unwrap_or_else(|e| panic!("{what}: undo of the update: {e}"));
    assert_eq!(summary(store, person), None, "{what}");
    store
        .undo()
        .unwrap_or_else(|e| panic!("{what}: undo of the insertion: {e}"));
    assert_eq!(store.resolve(PERSON).expect("resolve"), None, "{what}");
    store.redo().unwrap_or_else(|e| panic!("{what}: redo: {e}"));
    assert!(store.resolve(PERSON).expect("resolve").is_some(), "{what}");
}
