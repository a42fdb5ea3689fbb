//! Exports and imports: the JSON document round-trips a whole knowledge base exactly (a
//! canonical dump of every user table, rows by uid, ids replaced by uids, no times or
//! change log), bad documents are refused with their problems and the file untouched,
//! duplicates are matched and skipped, updated or filled, private data stays out of every
//! format unless included, and the handouts and graph files read back as what they say.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use lienket::exchange::{self, ExportChoice, Format, Selection};
use lienket::i18n::Lang;
use lienket::model::Confidence;
use lienket::store::write::{CitationTarget, EntityPatch, NewCitation, NewEntity, NewRelation};
use lienket::store::{Create, ImportOptions, OnDuplicate, Store};
use proptest::prelude::*;
use std::path::Path;

/// Every row a person made or chose, as text: ids replaced by the uids they stand for, no
/// times, each table in uid order.
pub(crate) fn canonical(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).expect("open");
    let queries = [
        "SELECT 'kind', uid, name, label_vi, label_en, colour FROM kind",
        "SELECT 'predicate', uid, name, label_vi, label_en, inverse_vi, inverse_en,
                subject_kinds, object_kinds FROM predicate",
        "SELECT 'entity', uid, kind, name, name_en, folded, summary, date_start, date_end,
                properties, private FROM entity",
        "SELECT 'alias', a.uid, e.uid, a.name, a.folded FROM alias a
         JOIN entity e ON e.id = a.entity_id",
        "SELECT 'relation', r.uid, s.uid, r.predicate, o.uid, r.role, r.date_start,
                r.date_end, r.note FROM relation r
         JOIN entity s ON s.id = r.subject_id JOIN entity o ON o.id = r.object_id",
        "SELECT 'citation', c.uid, r.uid, e.uid, s.uid, c.locator, c.quote, c.confidence
         FROM citation c LEFT JOIN relation r ON r.id = c.relation_id
         LEFT JOIN entity e ON e.id = c.entity_id JOIN entity s ON s.id = c.source_id",
        "SELECT 'not_duplicate', uid, uid_a, uid_b FROM not_duplicate",
        "SELECT 'dismissed_warning', uid, key FROM dismissed_warning",
    ];
    let mut out = Vec::new();
    for q in queries {
        let mut stmt = conn.prepare(&format!("{q} ORDER BY 2")).expect("query");
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| {
                        Ok(match r.get_ref(i)? {
                            rusqlite::types::ValueRef::Text(t) => {
                                String::from_utf8_lossy(t).into_owned()
                            }
                            other => format!("{other:?}"),
                        })
                    })
                    .collect::<rusqlite::Result<Vec<_>>>()
                    .map(|v| v.join("|"))
            })
            .expect("rows");
        out.extend(rows.map(|r| r.expect("row")));
    }
    out
}

/// An empty file with the built-in kinds and predicates.
pub(crate) fn empty(dir: &Path, name: &str) -> (std::path::PathBuf, Store) {
    let path = dir.join(name);
    let mut store = Store::open(&path, Create::IfMissing).expect("create");
    lienket::seed::install_vocabulary(&mut store).expect("vocabulary");
    (path, store)
}

/// The built-in knowledge base with what the window adds: a private entity, a private
/// property, qualified dates, a citation with confidence, a kind and a link type of the
/// user's own, a "not a duplicate" pair and a dismissed warning.
fn rich(dir: &Path) -> (std::path::PathBuf, Store) {
    let path = dir.join("rich.db");
    let mut store = lienket::location::open_or_create(&path, true).expect("example");
    let department = store.resolve("Cục Bảo trợ xã hội").unwrap().unwrap();
    let report = store.find_exact(lienket::seed::REPORT_UID).unwrap()[0].id;
    let to_duc = store.resolve("Tô Đức").unwrap().unwrap();
    store
        .edit("rich", |w| {
            w.add_kind_coloured(None, "project", "Dự án", "Project", Some("#aa5500"))?;
            w.add_predicate(&lienket::model::Predicate {
                name: "funds".into(),
                uid: String::new(),
                label_vi: "tài trợ".into(),
                label_en: "funds".into(),
                inverse_vi: "được tài trợ bởi".into(),
                inverse_en: "funded by".into(),
                subject_kinds: Some(vec!["organisation".into()]),
                object_kinds: Some(vec!["project".into()]),
            })?;
            let project = w.add_entity(&NewEntity {
                kind: "project".into(),
                name: "Dự án Hỗ trợ sinh kế".into(),
                date_start: Some("~2010".into()),
                date_end: Some("<2016".into()),
                properties: serde_json::from_str(
                    r#"{"phone": "+84 24 3826 9556", "website": "https://duan.example", "_private": ["phone"]}"#,
                )
                .unwrap(),
                ..Default::default()
            })?;
            let rel = w.add_relation(&NewRelation {
                subject: department.0,
                predicate: "funds".into(),
                object: project.0,
                role: Some("nhà tài trợ chính".into()),
                date_start: Some("2010..2012".into()),
                ..Default::default()
            })?;
            w.add_citation(&NewCitation {
                uid: None,
                target: CitationTarget::Relation(rel),
                source: report,
                locator: Some("tr. 14".into()),
                quote: None,
                confidence: Some(Confidence::Low),
            })?;
            let secret = w.add_entity(&NewEntity {
                kind: "person".into(),
                name: "Người Giấu Tên".into(),
                private: true,
                ..Default::default()
            })?;
            w.add_relation(&NewRelation {
                subject: secret.0,
                predicate: "holds_position".into(),
                object: department.0,
                ..Default::default()
            })?;
            let twin = w.add_entity(&NewEntity {
                kind: "person".into(),
                name: "Tô Đức Anh".into(),
                ..Default::default()
            })?;
            w.mark_not_duplicate(twin, to_duc)?;
            w.dismiss_warning("a-warning-key")?;
            Ok(())
        })
        .expect("rich edits");
    (path, store)
}

/// `store`'s whole base as a JSON document, private data included or not.
fn export_json(store: &Store, include_private: bool) -> Vec<u8> {
    let choice = ExportChoice {
        selection: Selection::All,
        include_private,
    };
    let (doc, _) = exchange::prepare(store, &choice).expect("prepare");
    exchange::write(&doc, Format::Json, Lang::Vi)
        .expect("write")
        .into_bytes()
}

fn import(
    store: &mut Store,
    bytes: &[u8],
    on_duplicate: OnDuplicate,
) -> lienket::store::ImportReport {
    exchange::import_json(
        store,
        bytes,
        ImportOptions {
            on_duplicate,
            dry_run: false,
            ..ImportOptions::default()
        },
        "import",
    )
    .expect("import")
}

#[test]
fn a_whole_base_exported_and_imported_into_an_empty_file_is_the_same_base() {
    let dir = tempfile::tempdir().unwrap();
    let (path, store) = rich(dir.path());
    let json = export_json(&store, true);
    let (copy, mut other) = empty(dir.path(), "copy.db");
    let report = import(&mut other, &json, OnDuplicate::Skip);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    drop(other);
    drop(store);
    same(&canonical(&copy), &canonical(&path));
}

/// The two dumps are equal; otherwise the rows of each the other lacks.
pub(crate) fn same(a: &[String], b: &[String]) {
    let only = |x: &[String], y: &[String]| -> Vec<String> {
        x.iter().filter(|r| !y.contains(r)).cloned().collect()
    };
    assert!(
        a == b,
        "only in the import: {:#?}\nonly in the original: {:#?}",
        only(a, b),
        only(b, a)
    );
}

#[test]
fn an_import_is_one_edit_undone_in_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = rich(dir.path());
    let json = export_json(&store, true);
    let (copy, mut other) = empty(dir.path(), "copy.db");
    let before = canonical(&copy);
    let report = import(&mut other, &json, OnDuplicate::Skip);
    assert!(report.new_entities > 30);
    let edit = report.edit.expect("an edit");
    assert_eq!(other.log(None, 1).unwrap()[0].id, edit);
    other.undo().expect("undo");
    drop(other);
    assert_eq!(canonical(&copy), before);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 30, ..ProptestConfig::default() })]

    #[test]
    fn generated_bases_round_trip_through_json(seed in any::<u64>(), entities in 20usize..80) {
        let dir = tempfile::tempdir().unwrap();
        let (path, mut store) = empty(dir.path(), "gen.db");
        lienket::generate::generate(
            &mut store,
            // As many relations as half the entities: `generate` refuses more distinct
            // relations than a small base can hold (some seeds found 27 of 30 at 30).
            lienket::generate::Params { entities, relations: entities / 2, seed },
            |_, _, _| {},
        )
        .expect("generate");
        let json = export_json(&store, true);
        let (copy, mut other) = empty(dir.path(), "copy.db");
        let report = import(&mut other, &json, OnDuplicate::Skip);
        prop_assert!(report.problems.is_empty(), "{:?}", report.problems);
        drop(other);
        drop(store);
        same(&canonical(&copy), &canonical(&path));
    }
}

/// Imports `text` into a copy of the example, expecting it refused with a message
/// containing `expected`, the file's rows unchanged.
fn refused(text: &[u8], expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let mut store = lienket::location::open_or_create(&path, true).expect("example");
    let before = canonical(&path);
    let message = match exchange::import_json(&mut store, text, ImportOptions::default(), "import")
    {
        Err(e) => format!("{e:#}"),
        Ok(report) => {
            assert!(
                report.edit.is_none(),
                "written despite {:?}",
                report.problems
            );
            report
                .problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        }
    };
    assert!(message.contains(expected), "{message}");
    drop(store);
    assert_eq!(canonical(&path), before, "the file changed");
}

#[test]
fn bad_documents_are_refused_with_what_is_wrong_and_the_file_untouched() {
    refused(b"", "empty");
    refused(
        br#"{"format": 1, "entities": [{"uid": "x", "kind": "person", "na"#,
        "EOF",
    );
    refused(br#"{"format": 1, "entities": "none"}"#, "invalid type");
    refused(br#"{"format": 99}"#, "format 99");
    refused(&[0xFF, 0xFE, b'{', 0], "UTF-16");
    refused(b"{\"format\": 1, \"entities\": [{\"uid\": \"x\", \"kind\": \"person\", \"name\": \"L\xea\"}]}", "UTF-8");
    let entity = |uid: &str, kind: &str, name: &str, extra: &str| {
        format!(r#"{{"uid": "{uid}", "kind": "{kind}", "name": "{name}"{extra}}}"#)
    };
    let doc = |entities: &[String], relations: &str| {
        format!(
            r#"{{"format": 1, "entities": [{}], "relations": [{relations}]}}"#,
            entities.join(",")
        )
        .into_bytes()
    };
    refused(
        &doc(&[entity("a", "spaceship", "Tàu", "")], ""),
        "spaceship",
    );
    refused(&doc(&[entity("a", "person", "", "")], ""), "entity 1");
    refused(
        &doc(
            &[entity(
                "a",
                "person",
                "Lan",
                r#", "date_start": "2015-02-31""#,
            )],
            "",
        ),
        "2015-02-31",
    );
    refused(
        &doc(
            &[
                entity("a", "person", "Lan", ""),
                entity("a", "person", "Hoa", ""),
            ],
            "",
        ),
        "the same uid twice",
    );
    refused(
        &doc(
            &[entity("a", "person", "Lan", "")],
            r#"{"uid": "r", "subject": "a", "predicate": "holds_position", "object": "nowhere"}"#,
        ),
        "nowhere",
    );
    // Several problems are all listed.
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = empty(dir.path(), "kb.db");
    let report = exchange::import_json(
        &mut store,
        &doc(
            &[
                entity("a", "spaceship", "Tàu", ""),
                entity("b", "person", "", ""),
            ],
            "",
        ),
        ImportOptions::default(),
        "import",
    )
    .unwrap();
    assert_eq!(report.problems.len(), 2, "{:?}", report.problems);
    assert_eq!(report.problems[1].row, 2);
}

#[test]
fn a_name_two_entities_share_is_a_problem_never_the_first_match() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = empty(dir.path(), "kb.db");
    for _ in 0..2 {
        store
            .edit("add", |w| {
                w.add_entity(&NewEntity {
                    kind: "person".into(),
                    name: "Nguyễn Văn An".into(),
                    ..Default::default()
                })
            })
            .unwrap();
    }
    let before = canonical(&path);
    let report = exchange::import_json(
        &mut store,
        br#"{"format": 1, "entities": [{"uid": "new", "kind": "person", "name": "Nguyen Van An"}]}"#,
        ImportOptions::default(),
        "import",
    )
    .unwrap();
    assert!(
        report.problems[0].message.contains("2 entities"),
        "{:?}",
        report.problems
    );
    drop(store);
    assert_eq!(canonical(&path), before);
}

#[test]
fn duplicates_are_matched_by_folded_name_and_skipped_updated_or_filled() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = empty(dir.path(), "kb.db");
    let id = store
        .edit("add", |w| {
            w.add_entity(&NewEntity {
                kind: "organisation".into(),
                name: "Cục Bảo trợ xã hội".into(),
                summary: Some("Của tệp.".into()),
                ..Default::default()
            })
        })
        .unwrap();
    let incoming = r#"{"format": 1, "entities": [{"uid": "other-uid", "kind": "organisation",
        "name": "Cuc Bao tro xa hoi", "name_en": "Social Protection Department",
        "summary": "Của tài liệu."}]}"#
        .as_bytes();
    let summary_and_en = |store: &Store| {
        let e = store.entity(id).unwrap();
        (e.summary, e.name_en)
    };
    let report = import(&mut store, incoming, OnDuplicate::Skip);
    assert_eq!(
        (
            report.new_entities,
            report.matching_entities,
            report.changed_entities
        ),
        (0, 1, 0)
    );
    assert_eq!(summary_and_en(&store), (Some("Của tệp.".into()), None));
    let report = import(&mut store, incoming, OnDuplicate::Fill);
    // What fill changes is listed, the file's value beside the document's.
    assert_eq!(
        report
            .overwrites
            .iter()
            .map(|o| (o.field, o.before.as_str(), o.after.as_str()))
            .collect::<Vec<_>>(),
        [("name_en", "", "Social Protection Department")]
    );
    assert_eq!(
        summary_and_en(&store),
        (
            Some("Của tệp.".into()),
            Some("Social Protection Department".into())
        )
    );
    store
        .edit("clear", |w| {
            w.update_entity(
                id,
                &EntityPatch {
                    name_en: Some(String::new()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let report = import(&mut store, incoming, OnDuplicate::Update);
    assert_eq!(report.changed_entities, 1);
    assert!(
        report
            .overwrites
            .iter()
            .any(|o| o.field == "summary" && o.before == "Của tệp." && o.after == "Của tài liệu."),
        "{:?}",
        report.overwrites
    );
    assert_eq!(
        summary_and_en(&store),
        (
            Some("Của tài liệu.".into()),
            Some("Social Protection Department".into())
        )
    );
    // Matched by its name written without diacritics, it keeps its own name.
    assert_eq!(store.entity(id).unwrap().name, "Cục Bảo trợ xã hội");
}

/// All the text an export writes in `format`, a workbook's cells included.
fn everything_written(doc: &lienket::model::document::Document, format: Format) -> String {
    let files = exchange::write_files(doc, format, Lang::Vi, false).unwrap();
    files
        .iter()
        .map(|(_, bytes)| match format {
            Format::Xlsx => exchange::workbook::read(bytes)
                .unwrap()
                .into_iter()
                .flat_map(|(_, rows)| rows.into_iter().flatten())
                .collect::<Vec<_>>()
                .join("\n"),
            _ => String::from_utf8(bytes.clone()).unwrap(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn private_data_stays_out_of_every_format_unless_included() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = rich(dir.path());
    for (format, _, _) in Format::ALL {
        let out = |include_private| {
            let choice = ExportChoice {
                selection: Selection::All,
                include_private,
            };
            let (doc, counts) = exchange::prepare(&store, &choice).unwrap();
            (everything_written(&doc, format), counts)
        };
        let (text, counts) = out(false);
        assert!(!text.contains("Người Giấu Tên"), "{format:?}");
        assert!(!text.contains("3826 9556"), "{format:?}");
        assert_eq!((counts.private_entities, counts.private_properties), (1, 1));
        if !matches!(format, Format::Ris | Format::Csl) {
            // The documents-only formats have no people to leave out or put in.
            assert!(out(true).0.contains("Người Giấu Tên"), "{format:?}");
        }
    }
    // A neighbourhood reaches nothing through a private entity either.
    let department = store
        .entity(store.resolve("Cục Bảo trợ xã hội").unwrap().unwrap())
        .unwrap();
    let choice = ExportChoice {
        selection: Selection::Around {
            uids: vec![department.uid],
            depth: 2,
        },
        include_private: false,
    };
    let (doc, _) = exchange::prepare(&store, &choice).unwrap();
    assert_eq!(doc.entities[0].name, "Cục Bảo trợ xã hội");
    assert!(doc.entities.iter().all(|e| !e.private));
}

#[test]
fn a_handout_escapes_what_it_prints_and_fetches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = empty(dir.path(), "kb.db");
    store
        .edit("add", |w| {
            w.add_entity(&NewEntity {
                kind: "person".into(),
                name: "<script>alert(1)</script> & *Lan*".into(),
                ..Default::default()
            })
        })
        .unwrap();
    let (doc, _) = exchange::prepare(&store, &ExportChoice::default()).unwrap();
    let html = exchange::write(&doc, Format::Html, Lang::Vi).unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; *Lan*"));
    assert!(html.contains("@media print"));
    for fetch in ["http://", "https://", "src=", "<link"] {
        assert!(!html.contains(fetch), "{fetch}");
    }
    let md = exchange::write(&doc, Format::Markdown, Lang::En).unwrap();
    assert!(
        md.contains(r"\<script\>alert(1)\</script\> & \*Lan\*"),
        "{md}"
    );
}

/// The (element, attributes) of an XML text, in order.
fn elements(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let attributes = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        (
                            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                            a.decode_and_unescape_value(reader.decoder())
                                .expect("value")
                                .into_owned(),
                        )
                    })
                    .collect();
                out.push((
                    String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                    attributes,
                ));
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn graphml_and_gexf_read_back_as_the_network_exported() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = rich(dir.path());
    let (doc, counts) = exchange::prepare(&store, &ExportChoice::default()).unwrap();
    for format in [Format::GraphMl, Format::Gexf] {
        let xml = exchange::write(&doc, format, Lang::Vi).unwrap();
        let parsed = elements(&xml);
        let count = |name: &str| parsed.iter().filter(|(n, _)| n == name).count();
        assert_eq!(count("node"), counts.entities, "{format:?}");
        assert_eq!(count("edge"), counts.relations, "{format:?}");
        let ids: std::collections::HashSet<&str> = parsed
            .iter()
            .filter(|(n, _)| n == "node")
            .flat_map(|(_, a)| a.iter().filter(|(k, _)| k == "id").map(|(_, v)| v.as_str()))
            .collect();
        for (_, attributes) in parsed.iter().filter(|(n, _)| n == "edge") {
            for end in ["source", "target"] {
                let (_, uid) = attributes.iter().find(|(k, _)| k == end).expect("end");
                assert!(ids.contains(uid.as_str()), "{format:?}: {end} {uid}");
            }
        }
    }
    let gexf = exchange::write(&doc, Format::Gexf, Lang::Vi).unwrap();
    assert!(gexf.contains(r#"label="Dự án Hỗ trợ sinh kế""#));
    assert!(gexf.contains(r#"value="~2010""#));
}

#[test]
fn the_command_line_exports_and_imports_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_lienket");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin).args(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    let json = dir.path().join("a.json");
    let (a, b, json) = (
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        json.to_str().unwrap(),
    );
    assert_eq!(run(&["--db", a, "init"]).0, 0);
    assert_eq!(run(&["--db", b, "init", "--empty"]).0, 0);
    let (code, _, err) = run(&["--db", a, "export", json]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 37 entities"), "{err}");
    let (code, out, _) = run(&["--db", b, "import", json, "--dry-run"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("37 new") && out.contains("nothing was written"),
        "{out}"
    );
    let (code, out, _) = run(&["--db", b, "import", json]);
    assert_eq!(code, 0);
    assert!(out.contains("imported as edit"), "{out}");
    let (_, out, _) = run(&["--db", b, "search", "to duc"]);
    assert!(out.contains("Tô Đức"), "{out}");
    // A bad document: exit 2, every problem listed.
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format": 1, "entities": [{"uid": "x", "kind": "spaceship", "name": "Tàu"}]}"#,
    )
    .unwrap();
    let (code, out, err) = run(&["--db", b, "import", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.contains("problem: entity 1 (Tàu)"), "{out}");
    assert!(err.contains("nothing was imported"), "{err}");
    let (code, _, err) = run(&["--db", a, "export", "--format", "docx", json]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown format"), "{err}");
    let md = dir.path().join("to-duc.md");
    let (code, _, _) = run(&[
        "--db",
        a,
        "export",
        "--entity",
        "Tô Đức",
        md.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(
        std::fs::read_to_string(&md)
            .unwrap()
            .starts_with("# Tô Đức")
    );
    // A chosen list: the entities alone (and the documents they cite), in their order.
    let (code, _, err) = run(&[
        "--db",
        a,
        "export",
        "--entity",
        "Cục BTXH",
        "--entity",
        "Tô Đức",
        "--depth",
        "0",
        md.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let handout = std::fs::read_to_string(&md).unwrap();
    assert!(handout.starts_with("# Cục Bảo trợ xã hội"), "{handout}");
    assert!(handout.contains("\n# Tô Đức\n"), "{handout}");
    assert!(!handout.contains("# Bộ Lao động"), "{handout}");
}

/// Whether `value` keeps `schema` (the parts of JSON Schema the document's schema uses:
/// type, const, enum, required, properties, additionalProperties, items, minLength,
/// $ref); the first place it does not, otherwise.
fn keeps(
    value: &serde_json::Value,
    schema: &serde_json::Value,
    root: &serde_json::Value,
    at: &str,
) -> Result<(), String> {
    use serde_json::Value;
    if let Some(Value::String(r)) = schema.get("$ref") {
        let name = r.trim_start_matches("#/$defs/");
        return keeps(value, &root["$defs"][name], root, at);
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        let ok = types.iter().any(|t| match *t {
            "object" => value.is_object(),
            "array" => value.is_array(),
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "boolean" => value.is_boolean(),
            "null" => value.is_null(),
            _ => false,
        });
        if !ok {
            return Err(format!("{at}: {value} is not {types:?}"));
        }
    }
    if let Some(c) = schema.get("const")
        && c != value
    {
        return Err(format!("{at}: {value} is not {c}"));
    }
    if let Some(Value::Array(options)) = schema.get("enum")
        && !options.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {options:?}"));
    }
    if let (Some(min), Some(s)) = (
        schema.get("minLength").and_then(Value::as_u64),
        value.as_str(),
    ) && (s.chars().count() as u64) < min
    {
        return Err(format!("{at}: too short"));
    }
    if let Some(object) = value.as_object() {
        for key in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = key.as_str().unwrap_or_default();
            if !object.contains_key(key) {
                return Err(format!("{at}: {key} missing"));
            }
        }
        let declared = schema.get("properties").and_then(Value::as_object);
        for (key, v) in object {
            match declared.and_then(|d| d.get(key)) {
                Some(s) => keeps(v, s, root, &format!("{at}.{key}"))?,
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    return Err(format!("{at}: {key} is not in the schema"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, v) in array.iter().enumerate() {
            keeps(v, items, root, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

#[test]
fn the_document_keeps_its_published_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/lienket-document.schema.json")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = rich(dir.path());
    let json: serde_json::Value = serde_json::from_slice(&export_json(&store, true)).unwrap();
    assert_eq!(keeps(&json, &schema, &schema, "$"), Ok(()));
    // The check finds what breaks it.
    let mut broken = json.clone();
    broken["entities"][0]["nickname"] = "x".into();
    assert!(
        keeps(&broken, &schema, &schema, "$")
            .unwrap_err()
            .contains("nickname")
    );
    let mut broken = json;
    broken["relations"][0]["citations"][0]["confidence"] = "sure".into();
    assert!(keeps(&broken, &schema, &schema, "$").is_err());
    // The built-in knowledge base is such a document too.
    let seed: serde_json::Value = serde_json::from_str(lienket::seed::KNOWLEDGE_BASE_JSON).unwrap();
    assert_eq!(keeps(&seed, &schema, &schema, "$"), Ok(()));
}

/// Imports CSV text with the guessed mapping (entities of kind `kind`), or `mapping`.
fn import_csv(
    store: &mut Store,
    text: &str,
    mapping: Option<lienket::exchange::mapping::SavedMapping>,
) -> lienket::store::ImportReport {
    use lienket::exchange::mapping;
    let sheet = exchange::table::read_csv(text).unwrap();
    let (kinds, predicates) = (store.kinds().unwrap(), store.predicates().unwrap());
    let vocabulary = mapping::Vocabulary::new(&kinds, &predicates);
    let mapping = match mapping {
        Some(saved) => mapping::Mapping::from_saved(&saved, &sheet.headers, &vocabulary),
        None => mapping::guess(&sheet.headers, &vocabulary),
    };
    exchange::import_table(store, &sheet, &mapping, ImportOptions::default(), "import").unwrap()
}

/// The canonical rows of one table.
pub(crate) fn rows_of(path: &Path, table: &str) -> Vec<String> {
    canonical(path)
        .into_iter()
        .filter(|r| r.starts_with(&format!("{table}|")))
        .collect()
}

#[test]
fn entities_and_relations_round_trip_through_the_two_csv_sheets() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let mut store = lienket::location::open_or_create(&path, true).unwrap();
    let lan = store
        .edit("lan", |w| {
            w.add_entity(&NewEntity {
                kind: "person".into(),
                name: "=Lan, \"chị\"\nNguyễn".into(),
                date_start: Some("~1990".into()),
                properties: serde_json::from_str(
                    r#"{"phone": "+84 24 3826 9556", "_private": ["phone"]}"#,
                )
                .unwrap(),
                ..Default::default()
            })
        })
        .unwrap();
    let department = store.resolve("Cục Bảo trợ xã hội").unwrap().unwrap();
    store
        .edit("works", |w| {
            w.add_relation(&NewRelation {
                subject: lan.0,
                predicate: "holds_position".into(),
                object: department.0,
                role: Some("-chuyên viên".into()),
                date_start: Some("2010..2012".into()),
                ..Default::default()
            })
        })
        .unwrap();
    let choice = ExportChoice {
        selection: Selection::All,
        include_private: true,
    };
    let (doc, _) = exchange::prepare(&store, &choice).unwrap();
    let files = exchange::write_files(&doc, Format::Csv, Lang::Vi, true).unwrap();
    assert_eq!(files[0].0, "entities.csv");
    assert_eq!(files[1].0, "relations.csv");
    let (copy, mut other) = empty(dir.path(), "copy.db");
    for (_, text) in &files {
        let report = import_csv(&mut other, std::str::from_utf8(text).unwrap(), None);
        assert!(report.problems.is_empty(), "{:?}", report.problems);
    }
    drop(other);
    drop(store);
    for table in ["entity", "relation"] {
        same(&rows_of(&copy, table), &rows_of(&path, table));
    }
}

#[test]
fn a_column_mapped_to_a_link_type_links_each_row_to_the_entity_it_names() {
    use lienket::exchange::mapping::{SavedMapping, Target};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let mut store = lienket::location::open_or_create(&path, true).unwrap();
    let sheet = "Tên;Loại;Đơn vị công tác;Điện thoại\r\n\
                 Nguyễn Thị Lan;Người;Cục BTXH;'+84 24 3826 9556\r\n\
                 Trần Văn Bình;person;cuc bao tro xa hoi;\r\n";
    let mapping = SavedMapping {
        columns: [(
            "Đơn vị công tác".to_owned(),
            Target::Relation("holds_position".into()),
        )]
        .into(),
        kind: "person".into(),
    };
    let report = import_csv(&mut store, sheet, Some(mapping.clone()));
    assert_eq!(
        (report.new_entities, report.new_relations),
        (2, 2),
        "{:?}",
        report.problems
    );
    let lan = store.resolve("Nguyễn Thị Lan").unwrap().unwrap();
    let detail = store.detail(lan).unwrap();
    assert_eq!(detail.entity.properties["phone"], "+84 24 3826 9556");
    assert_eq!(detail.relations[0].other.name, "Cục Bảo trợ xã hội");
    // A name two entities share is a problem, never the first of them.
    let before = canonical(&path);
    let report = import_csv(
        &mut store,
        "Tên;Đơn vị công tác\r\nLê Văn Cường;Nguyễn Thị Lan\r\nLê Văn Dũng;Nguyen Van An\r\n\
         Nguyễn Văn An;\r\nNguyễn Văn An;\r\n",
        Some(mapping),
    );
    assert!(report.edit.is_none());
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.message.contains("names 2 entities")),
        "{:?}",
        report.problems
    );
    drop(store);
    assert_eq!(canonical(&path), before);
}

#[test]
fn a_sheet_in_a_legacy_encoding_is_refused_with_a_sample_then_converted_when_asked() {
    use exchange::table::{Encoding, decode_as};
    use lienket::text::legacy::Legacy;
    // "Bộ Lao động - Thương binh và Xã hội" in TCVN3.
    let bytes =
        b"Ten,Kind\nB\xe9 Lao \xae\xe9ng - Th\xad\xacng binh v\xb5 X\xb7 h\xe9i,organisation\n";
    match decode_as(bytes, Encoding::Auto) {
        Err(e) => {
            let message = e.to_string();
            assert!(message.contains("TCVN3"), "{message}");
            assert!(message.contains("Bộ Lao động"), "{message}");
        }
        Ok(text) => panic!("read as {text}"),
    }
    let text = decode_as(bytes, Encoding::Legacy(Legacy::Tcvn3)).unwrap();
    assert!(
        text.contains("Bộ Lao động - Thương binh và Xã hội"),
        "{text}"
    );
    // Ordinary Unicode is read as it is.
    let plain = "Tên,Loại\nBộ Lao động - Thương binh và Xã hội,organisation\n";
    assert_eq!(decode_as(plain.as_bytes(), Encoding::Auto).unwrap(), plain);
}

#[test]
fn a_workbook_exported_is_imported_sheet_by_sheet_into_the_same_base() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let store = lienket::location::open_or_create(&path, true).unwrap();
    let (doc, _) = exchange::prepare(&store, &ExportChoice::default()).unwrap();
    let files = exchange::write_files(&doc, Format::Xlsx, Lang::Vi, false).unwrap();
    assert_eq!(files.len(), 1);
    let xlsx = dir.path().join("kb.xlsx");
    std::fs::write(&xlsx, &files[0].1).unwrap();
    let (copy, other) = empty(dir.path(), "copy.db");
    drop(other);
    let bin = env!("CARGO_BIN_EXE_lienket");
    for sheet in ["entities", "relations"] {
        let out = std::process::Command::new(bin)
            .args([
                "--db",
                copy.to_str().unwrap(),
                "import",
                xlsx.to_str().unwrap(),
                "--sheet",
                sheet,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    drop(store);
    for table in ["entity", "relation"] {
        same(&rows_of(&copy, table), &rows_of(&path, table));
    }
}

#[test]
fn a_huge_cell_and_a_thousand_columns_are_read_and_judged_like_any_other() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let mut store = lienket::location::open_or_create(&path, true).unwrap();
    let before = canonical(&path);
    // A 10 MB name: refused by the rule on names, with its row.
    let huge = format!("Tên,Loại\n{},person\n", "Đ".repeat(5_000_000));
    let report = import_csv(&mut store, &huge, None);
    assert!(report.edit.is_none());
    assert_eq!(report.problems.len(), 1);
    assert_eq!(
        (report.problems[0].row_kind, report.problems[0].row),
        ("row", 2)
    );
    assert!(
        report.problems[0].message.contains("too long"),
        "{:?}",
        report.problems
    );
    // A thousand columns, all but the name ignored: one new entity.
    let headers: Vec<String> = std::iter::once("Tên".to_owned())
        .chain((1..1000).map(|i| format!("cột {i}")))
        .collect();
    let cells: Vec<String> = std::iter::once("Nguyễn Thị Lan".to_owned())
        .chain((1..1000).map(|i| i.to_string()))
        .collect();
    let wide = format!("{}\n{}\n", headers.join(","), cells.join(","));
    let report = import_csv(&mut store, &wide, None);
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!(report.new_entities, 1);
    store.undo().unwrap();
    drop(store);
    assert_eq!(canonical(&path), before);
}

#[test]
fn graphml_from_lienket_or_from_another_tool_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let store = lienket::location::open_or_create(&path, true).unwrap();
    let (doc, _) = exchange::prepare(&store, &ExportChoice::default()).unwrap();
    let graphml = exchange::write(&doc, Format::GraphMl, Lang::Vi).unwrap();
    let (copy, mut other) = empty(dir.path(), "copy.db");
    let read = exchange::read_graphml(&other, graphml.as_bytes(), "organisation").unwrap();
    let report = other
        .import_document(&read, ImportOptions::default(), "graphml")
        .unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    drop(other);
    drop(store);
    // What GraphML carries: each entity's uid, kind, names and dates, each link.
    let carried = |path: &Path| -> Vec<String> {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT uid || kind || name || coalesce(name_en, '') || coalesce(date_start, '')
                 FROM entity
                 UNION ALL SELECT s.uid || r.predicate || o.uid FROM relation r
                 JOIN entity s ON s.id = r.subject_id JOIN entity o ON o.id = r.object_id
                 ORDER BY 1",
            )
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    same(&carried(&copy), &carried(&path));
    // A simple graph from another tool: labels for names, a label for the link.
    let (_, mut store) = empty(dir.path(), "simple.db");
    let simple = r#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="label" attr.type="string"/>
  <key id="d1" for="edge" attr.name="label" attr.type="string"/>
  <graph edgedefault="directed">
    <node id="n0"><data key="d0">Tô Đức &amp; cộng sự</data></node>
    <node id="n1"><data key="d0">Cục Bảo trợ xã hội</data></node>
    <node id="n2"/>
    <edge source="n0" target="n1"><data key="d1">Giữ chức vụ tại</data></edge>
  </graph>
</graphml>"#;
    let doc = exchange::read_graphml(&store, simple.as_bytes(), "person").unwrap();
    assert_eq!(doc.entities.len(), 3);
    assert_eq!(doc.entities[0].name, "Tô Đức & cộng sự");
    assert_eq!(doc.relations[0].predicate, "holds_position");
    let report = store
        .import_document(&doc, ImportOptions::default(), "graphml")
        .unwrap();
    // Links a tool drew are taken as drawn, even between kinds their type does not expect.
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert_eq!((report.new_entities, report.new_relations), (3, 1));
    assert!(exchange::read_graphml(&store, b"<html/>", "person").is_err());
}

#[test]
fn an_import_stopped_half_way_writes_nothing_and_reports_its_progress() {
    let dir = tempfile::tempdir().unwrap();
    let (_, store) = rich(dir.path());
    let json = export_json(&store, true);
    drop(store);
    let (copy, mut other) = empty(dir.path(), "copy.db");
    let before = canonical(&copy);
    let doc = exchange::read_json(&json).unwrap();
    let total = doc.entities.len() + doc.relations.len();
    let mut seen = Vec::new();
    let result = other.import_document_with(
        &doc,
        ImportOptions::default(),
        "import",
        &mut |done, all| {
            seen.push((done, all));
            done < 20
        },
    );
    assert!(
        matches!(result, Err(lienket::store::StoreError::Interrupted)),
        "{result:?}"
    );
    assert_eq!(seen.first(), Some(&(1, total)));
    assert_eq!(seen.last(), Some(&(20, total)));
    drop(other);
    assert_eq!(canonical(&copy), before);
}

#[test]
fn a_workbook_typed_in_a_legacy_font_is_refused_with_a_sample_then_converted() {
    use exchange::table::{Encoding, Table};
    use lienket::text::legacy::Legacy;
    // "Bộ Lao động - Thương binh và Xã hội" typed with a TCVN3 font: its mojibake.
    let sheet = Table {
        headers: vec!["Ten".into()],
        rows: vec![vec!["Bé Lao ®éng - Th\u{ad}¬ng binh vµ X· héi".into()]],
        lines: vec![2],
    };
    let bytes = exchange::workbook::write_xlsx(&[("Sheet1", &sheet)]).unwrap();
    match exchange::read_sheet(&bytes, true, Encoding::Auto, None, None) {
        Err(e) => assert!(e.to_string().contains("Bộ Lao động"), "{e}"),
        Ok((t, _)) => panic!("read as {t:?}"),
    }
    let (t, names) =
        exchange::read_sheet(&bytes, true, Encoding::Legacy(Legacy::Tcvn3), None, None).unwrap();
    assert_eq!(names, ["Sheet1"]);
    assert_eq!(t.rows[0][0], "Bộ Lao động - Thương binh và Xã hội");
}

#[test]
fn an_update_never_makes_a_private_entity_public_nor_renames_one_matched_by_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = empty(dir.path(), "kb.db");
    let id = store
        .edit("add", |w| {
            w.add_entity(&NewEntity {
                kind: "organisation".into(),
                name: "Hội Người mù Hà Nội".into(),
                private: true,
                ..Default::default()
            })
        })
        .unwrap();
    let sheet = "Tên,Điện thoại\nhoi nguoi mu ha noi,0243826955\n";
    let sheet_table = exchange::table::read_csv(sheet).unwrap();
    let (kinds, predicates) = (store.kinds().unwrap(), store.predicates().unwrap());
    let vocabulary = lienket::exchange::mapping::Vocabulary::new(&kinds, &predicates);
    let mapping = lienket::exchange::mapping::guess(&sheet_table.headers, &vocabulary);
    let options = ImportOptions {
        on_duplicate: OnDuplicate::Update,
        dry_run: false,
        ..ImportOptions::default()
    };
    let report =
        exchange::import_table(&mut store, &sheet_table, &mapping, options, "import").unwrap();
    assert_eq!(report.changed_entities, 1, "{:?}", report.problems);
    let e = store.entity(id).unwrap();
    assert!(e.private);
    assert_eq!(e.name, "Hội Người mù Hà Nội");
    assert_eq!(e.properties["phone"], "0243826955");
    // The same again changes nothing: no edit, and undo still takes the first import.
    let again =
        exchange::import_table(&mut store, &sheet_table, &mapping, options, "again").unwrap();
    assert_eq!(again.edit, None);
    assert_eq!(store.log(None, 1).unwrap()[0].description, "import");
    drop(store);
    assert!(!canonical(&path).is_empty());
}

#[test]
fn two_graphs_with_the_same_node_ids_are_two_sets_of_entities() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = empty(dir.path(), "kb.db");
    let graph = |name: &str| {
        format!(
            r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="label" attr.type="string"/>
  <graph edgedefault="directed"><node id="n0"><data key="d0">{name}</data></node></graph>
</graphml>"#
        )
    };
    for name in ["Hội Chữ thập đỏ Hà Nội", "Quỹ Bảo trợ trẻ em Huế"] {
        let doc = exchange::read_graphml(&store, graph(name).as_bytes(), "organisation").unwrap();
        let report = store
            .import_document(
                &doc,
                ImportOptions {
                    on_duplicate: OnDuplicate::Update,
                    dry_run: false,
                    ..ImportOptions::default()
                },
                "graph",
            )
            .unwrap();
        assert_eq!(report.new_entities, 1, "{name}");
    }
    assert!(store.resolve("Hội Chữ thập đỏ Hà Nội").unwrap().is_some());
    assert!(store.resolve("Quỹ Bảo trợ trẻ em Huế").unwrap().is_some());
}

#[test]
fn private_keys_typed_by_hand_and_a_private_start_are_kept_out_of_exports() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = empty(dir.path(), "kb.db");
    store
        .edit("add", |w| {
            w.add_entity(&NewEntity {
                kind: "person".into(),
                name: "Lan".into(),
                properties: serde_json::from_str(
                    r#"{"phone": "0912 345 678", "_private": "phone"}"#,
                )
                .unwrap(),
                ..Default::default()
            })?;
            w.add_entity(&NewEntity {
                kind: "person".into(),
                name: "Người Giấu Tên".into(),
                private: true,
                ..Default::default()
            })
        })
        .unwrap();
    let (doc, counts) = exchange::prepare(&store, &ExportChoice::default()).unwrap();
    assert!(!serde_json::to_string(&doc).unwrap().contains("0912"));
    assert_eq!(counts.private_properties, 1);
    let secret = store
        .entity(store.resolve("Người Giấu Tên").unwrap().unwrap())
        .unwrap();
    let choice = ExportChoice {
        selection: Selection::Around {
            uids: vec![secret.uid],
            depth: 1,
        },
        include_private: false,
    };
    let refused = exchange::prepare(&store, &choice).unwrap_err().to_string();
    assert!(refused.contains("--include-private"), "{refused}");
}

#[test]
fn problems_name_the_file_rows_and_a_sheet_with_no_name_column_is_one_problem() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut store) = empty(dir.path(), "kb.db");
    // A blank line before the bad row: the problem is on line 4 of the file.
    let report = import_csv(
        &mut store,
        "Tên,Bắt đầu\nLan,2015\n\nHoa,31/02/2015\n",
        None,
    );
    assert_eq!(
        (report.problems[0].row_kind, report.problems[0].row),
        ("row", 4)
    );
    // A title line above the header: the reading says to choose the header's line.
    let refused = exchange::table::read_csv("DANH SÁCH CÁN BỘ\nTên,Đơn vị\nLan,Cục BTXH\n")
        .unwrap_err()
        .to_string();
    assert!(refused.contains("--header-row"), "{refused}");
    // Column names of which none is the name: one problem, not one per row.
    let report = import_csv(&mut store, "Mã,Đơn vị\n1,Cục BTXH\n2,Cục BTXH\n", None);
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(
        report.problems[0].rule,
        Some(lienket::store::validate::Rule::NoNameColumn)
    );
}

#[test]
fn a_title_line_above_the_header_and_a_bad_phone_are_handled() {
    use exchange::table::Encoding;
    let text = "DANH SÁCH CÁN BỘ\nTên,Điện thoại\nLan,0912 345 678\nHoa,gọi tôi\n";
    let (sheet, _) =
        exchange::read_sheet(text.as_bytes(), false, Encoding::Auto, None, Some(1)).unwrap();
    assert_eq!(sheet.headers, ["Tên", "Điện thoại"]);
    assert_eq!(sheet.rows.len(), 2);
    assert_eq!(sheet.line(1), 4);
    let dir = tempfile::tempdir().unwrap();
    let (path, mut store) = empty(dir.path(), "kb.db");
    let before = canonical(&path);
    let (kinds, predicates) = (store.kinds().unwrap(), store.predicates().unwrap());
    let vocabulary = lienket::exchange::mapping::Vocabulary::new(&kinds, &predicates);
    let mapping = lienket::exchange::mapping::guess(&sheet.headers, &vocabulary);
    let report = exchange::import_table(
        &mut store,
        &sheet,
        &mapping,
        ImportOptions::default(),
        "import",
    )
    .unwrap();
    assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
    assert_eq!(
        (report.problems[0].row_kind, report.problems[0].row),
        ("row", 4)
    );
    assert!(matches!(
        report.problems[0].rule,
        Some(lienket::store::validate::Rule::BadProperty { .. })
    ));
    drop(store);
    assert_eq!(canonical(&path), before);
}

#[test]
fn a_sheet_linking_kinds_its_link_type_does_not_expect_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let mut store = lienket::location::open_or_create(&path, true).unwrap();
    let before = canonical(&path);
    // An organisation "holding a position" at a person: the sheet has it backwards.
    let report = import_csv(
        &mut store,
        "subject,predicate,object\nCục Bảo trợ xã hội,holds_position,Tô Đức\n",
        None,
    );
    assert!(report.edit.is_none());
    assert!(
        matches!(
            report.problems[0].rule,
            Some(lienket::store::validate::Rule::KindMismatch { .. })
        ),
        "{:?}",
        report.problems
    );
    assert_eq!(
        (report.problems[0].row_kind, report.problems[0].row),
        ("row", 2)
    );
    drop(store);
    assert_eq!(canonical(&path), before);
}

/// A link given twice in one document (same ends and type, or the same uid) is one link,
/// the second matched to the first, whether the file held links before or not, and
/// whether the import is recorded row by row or in bulk.
#[test]
fn a_link_given_twice_in_one_document_is_matched_not_added_again() {
    let entity = |n: u8, name: &str| {
        format!(
            r#"{{"uid": "00000000-0000-4000-8000-0000000000{n:02}", "kind": "organisation",
            "name": "{name}"}}"#
        )
    };
    let link = |uid: &str, subject: u8, object: u8| {
        format!(
            r#"{{"uid": "{uid}", "subject": "00000000-0000-4000-8000-0000000000{subject:02}",
            "predicate": "part_of", "object": "00000000-0000-4000-8000-0000000000{object:02}"}}"#
        )
    };
    let first = "10000000-0000-4000-8000-000000000001";
    let doc = format!(
        r#"{{"format": 1, "entities": [{}, {}, {}], "relations": [{}, {}, {}]}}"#,
        entity(1, "Phòng Bảo trợ"),
        entity(2, "Sở Lao động"),
        entity(3, "Bộ Lao động"),
        link(first, 1, 2),
        // The same link under another uid, then another link under the first's uid.
        link("10000000-0000-4000-8000-000000000002", 1, 2),
        link(first, 2, 3),
    );
    for bulk in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let (_, mut store) = empty(dir.path(), "kb.db");
        for (pass, held) in [(1, false), (2, true)] {
            let report = exchange::import_json(
                &mut store,
                doc.as_bytes(),
                ImportOptions {
                    bulk,
                    ..ImportOptions::default()
                },
                "import",
            )
            .unwrap();
            let what = format!("bulk {bulk}, pass {pass}");
            assert!(report.problems.is_empty(), "{what}: {:?}", report.problems);
            let expected = if held { (0, 3) } else { (1, 2) };
            assert_eq!(
                (report.new_relations, report.matching_relations),
                expected,
                "{what}"
            );
            assert_eq!(store.stats().unwrap().relations, 1, "{what}");
        }
    }
}
