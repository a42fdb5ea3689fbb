//! The `lienket` binary end to end: every command on a database in a temporary folder,
//! JSON output parsed, exit codes checked (0 success, 1 `show` found nothing or `check`
//! failed, 2 bad usage or a file that cannot be opened) and errors reported on stderr in
//! one line without a panic.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the binary with `args`. HOME and the XDG folders point into `home`, so a command
/// that forgot `--db` could never reach the user's real knowledge base.
pub(crate) fn lienket(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lienket"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("run lienket")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn assert_code(o: &Output, code: i32, what: &str) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{what}: exit status {:?}\nstdout: {}\nstderr: {}",
        o.status,
        stdout(o),
        stderr(o)
    );
}

/// A failure reported the way a user should see it: one line on stderr, no panic.
fn assert_one_line_error(o: &Output, what: &str) {
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{what}: {err}");
    assert!(!err.contains("stack backtrace"), "{what}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{what}: {err:?}");
    assert!(err.starts_with("lienket"), "{what}: {err:?}");
}

fn json(o: &Output) -> Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// A database with the built-in knowledge base, made by `lienket init`.
fn init(dir: &Path) -> PathBuf {
    let db = dir.join("kb.db");
    let db_arg = db.to_str().expect("UTF-8 path");
    let o = lienket(dir, &["init", "--db", db_arg]);
    assert_code(&o, 0, "init");
    db
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

#[test]
fn init_creates_the_built_in_knowledge_base() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = init(dir.path());
    let o = lienket(dir.path(), &["stats", "--json", "--db", s(&db)]);
    assert_code(&o, 0, "stats");
    let stats = json(&o);
    let data = lienket::seed::data().expect("built-in data");
    assert_eq!(stats["entities"], data.entities.len());
    assert_eq!(stats["relations"], data.relations.len());
}

#[test]
fn init_refuses_an_existing_non_empty_file_and_leaves_it_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = init(dir.path());
    let before = std::fs::read(&db).expect("read");
    let o = lienket(dir.path(), &["init", "--db", s(&db)]);
    assert_code(&o, 2, "second init");
    assert_one_line_error(&o, "second init");
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&db).expect("read"), before);

    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "my notes").expect("write");
    let o = lienket(dir.path(), &["init", "--empty", "--db", s(&notes)]);
    assert_code(&o, 2, "init over a text file");
    assert_one_line_error(&o, "init over a text file");
    assert_eq!(std::fs::read_to_string(&notes).expect("read"), "my notes");
}

#[test]
fn init_empty_creates_the_vocabulary_without_entities() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("empty.db");
    let o = lienket(dir.path(), &["init", "--empty", "--db", s(&db)]);
    assert_code(&o, 0, "init --empty");
    let o = lienket(dir.path(), &["stats", "--json", "--db", s(&db)]);
    assert_code(&o, 0, "stats");
    let stats = json(&o);
    assert_eq!(stats["entities"], 0);
    assert_eq!(stats["relations"], 0);
    let kinds = stats["kinds"].as_object().expect("kinds object");
    for kind in lienket::model::BUILTIN_KINDS {
        assert_eq!(kinds.get(*kind), Some(&Value::from(0)), "{kind}");
    }
    let o = lienket(dir.path(), &["search", "to duc", "--json", "--db", s(&db)]);
    assert_code(&o, 0, "search an empty database");
    assert_eq!(json(&o), Value::Array(vec![]));
}

#[test]
fn search_json_lists_entities_with_uid_kind_and_both_names() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = init(dir.path());
    let o = lienket(dir.path(), &["search", "ldtbxh", "--json", "--db", s(&db)]);
    assert_code(&o, 0, "search");
    let hits = json(&o);
    let hits = hits.as_array().expect("an array");
    assert!(!hits.is_empty());
    let first = &hits[0];
    assert_eq!(first["name"], "Bộ Lao động - Thương binh và Xã hội");
    assert_eq!(
        first["name_en"],
        "Ministry of Labour, Invalids and Social Affairs"
    );
    assert_eq!(first["kind"], "organisation");
    assert_eq!(first["uid"], "357df431-d7a3-4ce6-acfc-1505412404f1");
    for h in hits {
        for key in ["uid", "kind", "name"] {
            assert!(h[key].is_string(), "{key} missing in {h}");
        }
        assert!(h.get("name_en").is_some(), "name_en missing in {h}");
    }

    let o = lienket(
        dir.path(),
        &[
            "search",
            "giam ngheo",
            "--kind",
            "theme",
            "--limit",
            "2",
            "--json",
            "--db",
            s(&db),
        ],
    );
    assert_code(&o, 0, "search with kind and limit");
    let hits = json(&o);
    let hits = hits.as_array().expect("an array");
    assert_eq!(hits.len(), 2);
    assert!(hits.iter().all(|h| h["kind"] == "theme"), "{hits:?}");

    let o = lienket(dir.path(), &["search", "to duc", "--db", s(&db)]);
    assert_code(&o, 0, "search as text");
    assert!(
        stdout(&o)
            .lines()
            .next()
            .is_some_and(|l| l.contains("Tô Đức")),
        "{}",
        stdout(&o)
    );
}

#[test]
fn show_json_gives_relations_in_both_directions_with_labels_roles_and_citations() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = init(dir.path());
    let o = lienket(
        dir.path(),
        &["show", "cuc bao tro xa hoi", "--json", "--db", s(&db)],
    );
    assert_code(&o, 0, "show");
    let d = json(&o);
    assert_eq!(d["name"], "Cục Bảo trợ xã hội");
    assert_eq!(d["kind"], "organisation");
    assert!(
        d["aliases"]
            .as_array()
            .expect("aliases")
            .contains(&Value::from("Cục BTXH"))
    );
    let relations = d["relations"].as_array().expect("relations");
    for r in relations {
        for key in [
            "predicate",
            "label",
            "label_en",
            "direction",
            "other",
            "citations",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
        assert!(r["direction"] == "out" || r["direction"] == "in", "{r}");
        assert!(
            r["other"]["uid"].is_string() && r["other"]["name"].is_string(),
            "{r}"
        );
    }
    let predicates = lienket::seed::data().expect("data").predicates;
    let label = |name: &str, out: bool| {
        let p = predicates
            .iter()
            .find(|p| p.name == name)
            .expect("predicate");
        if out {
            p.label_vi.clone()
        } else {
            p.inverse_vi.clone()
        }
    };

    let part_of = relations
        .iter()
        .find(|r| r["predicate"] == "part_of")
        .expect("part_of");
    assert_eq!(part_of["direction"], "out");
    assert_eq!(
        part_of["other"]["name"],
        "Bộ Lao động - Thương binh và Xã hội"
    );
    assert_eq!(part_of["label"], label("part_of", true));
    let citations = part_of["citations"].as_array().expect("citations");
    assert!(!citations.is_empty());
    assert_eq!(citations[0]["source"]["kind"], "document");
    assert!(citations[0]["quote"].is_string());

    let official = relations
        .iter()
        .find(|r| r["predicate"] == "holds_position")
        .expect("holds_position");
    assert_eq!(official["direction"], "in");
    assert_eq!(official["other"]["name"], "Tô Đức");
    assert_eq!(official["other"]["kind"], "person");
    assert_eq!(official["role"], "Cục trưởng");
    assert_eq!(official["label"], label("holds_position", false));

    let organised = relations
        .iter()
        .find(|r| r["predicate"] == "organised_by")
        .expect("organised_by");
    assert_eq!(organised["direction"], "in");
    assert_eq!(organised["other"]["kind"], "event");
}

#[test]
fn show_finds_by_alias_and_uid_and_prints_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = init(dir.path());
    for key in [
        "MOLISA",
        "357df431-d7a3-4ce6-acfc-1505412404f1",
        "Bộ LĐTBXH",
    ] {
        let o = lienket(dir.path(), &["show", key, "--json", "--db", s(&db)]);
        assert_code(&o, 0, key);
        assert_eq!(
            json(&o)["name"],
            "Bộ Lao động - Thương binh và Xã hội",
            "{key}"
        );
    }
    let o = lienket(dir.path(), &["show", "to duc", "--db", s(&db)]);
    assert_code(&o, 0, "show as text");
    let text = stdout(&o);
    assert!(text.starts_with("Tô Đức\n"), "{text}");
    assert!(text.contains("Cục Bảo trợ xã hội (Cục trưởng)"), "{text}");
}

#[test]
fn show_of_something_unknown_exits_with_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = init(dir.path());
    let o = lienket(dir.path(), &["show", "xqzzv wkjh", "--db", s(&db)]);
    assert_code(&o, 1, "show garbage");
    assert_one_line_error(&o, "show garbage");
    assert!(stdout(&o).is_empty());
}

#[test]
fn stats_json_counts_entities_per_kind_and_relations_aliases_citations() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = init(dir.path());
    let o = lienket(dir.path(), &["stats", "--json", "--db", s(&db)]);
    assert_code(&o, 0, "stats");
    let stats = json(&o);
    let data = lienket::seed::data().expect("data");
    for kind in lienket::model::BUILTIN_KINDS {
        let expected = data.entities.iter().filter(|e| e.kind == *kind).count();
        assert_eq!(stats[*kind], expected, "{kind} at the top level");
        assert_eq!(stats["kinds"][*kind], expected, "{kind} under kinds");
    }
    let aliases: usize = data.entities.iter().map(|e| e.aliases.len()).sum();
    let citations: usize = data
        .entities
        .iter()
        .map(|e| e.citations.len())
        .sum::<usize>()
        + data
            .relations
            .iter()
            .map(|r| r.citations.len())
            .sum::<usize>();
    assert_eq!(stats["aliases"], aliases);
    assert_eq!(stats["citations"], citations);
    assert_eq!(stats["relations"], data.relations.len());
    assert_eq!(stats["entities"], data.entities.len());

    let o = lienket(dir.path(), &["stats", "--db", s(&db)]);
    assert_code(&o, 0, "stats as text");
    assert!(stdout(&o).contains("organisation"), "{}", stdout(&o));
}

#[test]
fn check_reports_a_healthy_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = init(dir.path());
    let o = lienket(dir.path(), &["check", "--json", "--db", s(&db)]);
    assert_code(&o, 0, "check");
    let report = json(&o);
    assert_eq!(report["integrity_ok"], true);
    assert_eq!(report["foreign_key_violations"], 0);
    assert_eq!(report["schema_version"], lienket::store::LATEST_VERSION);
    assert_eq!(report["application_id"], lienket::store::APPLICATION_ID);
    let o = lienket(dir.path(), &["check", "--db", s(&db)]);
    assert_code(&o, 0, "check as text");
    assert!(stdout(&o).contains("integrity: ok"), "{}", stdout(&o));
}

#[test]
fn a_file_that_cannot_be_opened_exits_with_2_and_is_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let notes = dir.path().join("notes.db");
    std::fs::write(&notes, "Tô Đức — ghi chú, không phải cơ sở dữ liệu\n").expect("write");
    let before = std::fs::read(&notes).expect("read");
    let commands: [&[&str]; 5] = [
        &["search", "to duc"],
        &["show", "to duc"],
        &["stats", "--json"],
        &["check"],
        &["generate", "--entities", "10", "--relations", "5"],
    ];
    for args in commands {
        let mut all = args.to_vec();
        all.extend(["--db", s(&notes)]);
        let o = lienket(dir.path(), &all);
        assert_code(&o, 2, &all.join(" "));
        assert_one_line_error(&o, &all.join(" "));
        assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    }
    assert_eq!(std::fs::read(&notes).expect("read"), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["notes.db"], "files appeared beside the database");
}

#[test]
fn a_missing_database_is_an_error_and_is_not_created() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("missing.db");
    for args in [["search", "x"], ["show", "x"]] {
        let o = lienket(dir.path(), &[args[0], args[1], "--db", s(&db)]);
        assert_code(&o, 2, args[0]);
        assert_one_line_error(&o, args[0]);
    }
    assert!(!db.exists());
}

#[test]
fn bad_usage_exits_with_2_without_a_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = init(dir.path());
    let cases: [&[&str]; 5] = [
        &["frobnicate"],
        &["search"],
        &["search", "x", "--limit", "many"],
        &["stats", "--no-such-flag"],
        &["generate", "--entities", "10"],
    ];
    for args in cases {
        let mut all = args.to_vec();
        all.extend(["--db", s(&db)]);
        let o = lienket(dir.path(), &all);
        assert_code(&o, 2, &all.join(" "));
        let err = stderr(&o);
        assert!(err.starts_with("error:"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
        assert!(stdout(&o).is_empty());
    }
    // `init` without a file is refused in one line and creates nothing.
    let o = lienket(dir.path(), &["init"]);
    assert_code(&o, 2, "init without --db");
    assert_one_line_error(&o, "init without --db");
    assert!(
        !dir.path().join("data").exists(),
        "the default folder was created"
    );
}

#[test]
fn generate_fills_a_new_database_with_exactly_the_requested_counts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("big.db");
    let o = lienket(
        dir.path(),
        &[
            "generate",
            "--entities",
            "300",
            "--relations",
            "700",
            "--seed",
            "3",
            "--db",
            s(&db),
        ],
    );
    assert_code(&o, 0, "generate");
    let o = lienket(dir.path(), &["stats", "--json", "--db", s(&db)]);
    let stats = json(&o);
    assert_eq!(stats["entities"], 300);
    assert_eq!(stats["relations"], 700);
    // A second run never adds to a database that holds data.
    let before = std::fs::read(&db).expect("read");
    let o = lienket(
        dir.path(),
        &[
            "generate",
            "--entities",
            "10",
            "--relations",
            "5",
            "--db",
            s(&db),
        ],
    );
    assert_code(&o, 2, "generate into a full database");
    assert_one_line_error(&o, "generate into a full database");
    assert_eq!(std::fs::read(&db).expect("read"), before);
}

#[test]
fn generate_refuses_more_relations_than_the_entities_allow_with_the_error_on_its_own_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("small.db");
    let o = lienket(
        dir.path(),
        &[
            "generate",
            "--entities",
            "5",
            "--relations",
            "1000",
            "--db",
            s(&db),
        ],
    );
    assert_code(&o, 2, "generate too many relations");
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    let last = err.lines().last().unwrap_or_default();
    assert!(last.starts_with("lienket: error:"), "{err:?}");
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    // Nothing was generated, and no file is left behind.
    assert!(!db.exists(), "a refused generate left a file");
}

#[test]
fn duplicates_lists_pairs_of_one_name_and_initials() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("kb.db");
    let db = db.to_str().expect("utf-8");
    assert_code(&lienket(dir.path(), &["--db", db, "init"]), 0, "init");
    for name in ["Đặng Văn Đức", "Đặng V. Đức", "Dang Van Duc"] {
        let o = lienket(
            dir.path(),
            &["--db", db, "add-entity", "--kind", "person", name],
        );
        assert_code(&o, 0, name);
    }
    let o = lienket(dir.path(), &["--db", db, "duplicates", "--json"]);
    assert_code(&o, 0, "duplicates");
    let pairs: Vec<Value> = serde_json::from_str(&stdout(&o)).expect("json");
    let reasons: Vec<&str> = pairs.iter().filter_map(|p| p["reason"].as_str()).collect();
    // "Đặng Văn Đức" = "Dang Van Duc" by name, and "Đặng V. Đức" by initials: two pairs
    // that, merged, make the three one.
    assert_eq!(
        reasons.iter().filter(|r| **r == "same_name").count(),
        1,
        "{pairs:?}"
    );
    assert_eq!(
        reasons.iter().filter(|r| **r == "initials").count(),
        1,
        "{pairs:?}"
    );
    assert!(stderr(&o).contains("pairs in"));
}

#[test]
fn a_mistyped_command_is_refused_and_opens_no_window() {
    let dir = tempfile::tempdir().expect("dir");
    let o = lienket(dir.path(), &["serch", "to duc"]);
    assert_code(&o, 2, "two words that are not a command");
    let o = lienket(dir.path(), &["serch"]);
    assert_code(&o, 2, "a mistyped command");
    assert!(
        stderr(&o).contains("neither a command nor a file"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("data").exists(), "nothing was created");
}
