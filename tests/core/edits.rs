//! Edits that can always be undone: validation, merge, revert, bulk undo/redo, the
//! editing commands, and a property test that any edits followed by as many undos give
//! back the original content.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use crate::support::raw;
use lienket::model::EntityId;
use lienket::store::search::Query;
use lienket::store::validate::Rule;
use lienket::store::write::{CitationTarget, EntityPatch, NewCitation, NewEntity, NewRelation};
use lienket::store::{Create, RelationPatch, Store, StoreError};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn seeded() -> (tempfile::TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let store = lienket::location::open_or_create_with_seed(&path).unwrap();
    (dir, path, store)
}

fn id(store: &Store, name: &str) -> EntityId {
    let found = store.find_exact(name).unwrap();
    assert_eq!(found.len(), 1, "{name}: {found:?}");
    found[0].id
}

/// Change rows in the log.
fn change_count(store: &Store) -> i64 {
    store
        .log(None, usize::MAX)
        .unwrap()
        .iter()
        .map(|e| e.changes)
        .sum()
}

/// Every row of the user-visible tables, as text, in uid order.
fn dump(store: &Store) -> Vec<String> {
    let mut out = Vec::new();
    for table in [
        "kind",
        "predicate",
        "entity",
        "alias",
        "relation",
        "citation",
    ] {
        let conn = raw(store);
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY uid"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut s = format!("{table}:");
                for i in 0..n {
                    s.push_str(&format!("{:?}|", r.get_ref(i)?));
                }
                Ok(s)
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

fn names_found(store: &Store, q: &str) -> Vec<String> {
    store
        .search(&Query {
            text: q.into(),
            kind: None,
            limit: 20,
        })
        .unwrap()
        .into_iter()
        .map(|h| h.entity.name)
        .collect()
}

fn rule(result: Result<impl std::fmt::Debug, StoreError>) -> Rule {
    match result {
        Err(StoreError::Rule(r)) => r,
        other => panic!("expected a broken rule, got {other:?}"),
    }
}

#[test]
fn validation_refuses_bad_input_with_typed_errors_and_writes_nothing() {
    let (_d, _p, mut store) = seeded();
    let before = dump(&store);
    let edits_before = store.stats().unwrap().edits;
    let to_duc = id(&store, "Tô Đức");
    let cuc = id(&store, "Cục Bảo trợ xã hội");
    let bo = id(&store, "Bộ Lao động - Thương binh và Xã hội");
    let theme = id(&store, "giảm nghèo");

    let add = |store: &mut Store, name: &str, date: Option<&str>| {
        store.edit("add", |w| {
            w.add_entity(&NewEntity {
                kind: "event".into(),
                name: name.into(),
                date_start: date.map(Into::into),
                ..Default::default()
            })
        })
    };
    assert_eq!(rule(add(&mut store, "   \t", None)), Rule::EmptyName);
    assert_eq!(
        rule(add(&mut store, "Hội nghị", Some("2023-02-31"))),
        Rule::ImpossibleDate("2023-02-31".into())
    );
    assert_eq!(
        rule(add(&mut store, "Hội nghị", Some("--02-31"))),
        Rule::ImpossibleDate("--02-31".into())
    );
    assert!(matches!(
        rule(add(&mut store, "Hội nghị", Some("31/02"))),
        Rule::BadDate(_)
    ));
    let rename_empty = store.edit("rename", |w| {
        w.update_entity(
            to_duc,
            &EntityPatch {
                name: Some(" ".into()),
                ..Default::default()
            },
        )
    });
    assert_eq!(rule(rename_empty), Rule::EmptyName);

    let relate =
        |store: &mut Store, s: EntityId, p: &str, o: EntityId, role: Option<&str>, force| {
            store.edit("relate", |w| {
                w.add_relation(&NewRelation {
                    subject: s.0,
                    predicate: p.into(),
                    object: o.0,
                    role: role.map(Into::into),
                    allow_kind_mismatch: force,
                    ..Default::default()
                })
            })
        };
    assert_eq!(
        rule(relate(&mut store, cuc, "part_of", cuc, None, false)),
        Rule::SelfRelation
    );
    assert_eq!(
        rule(relate(&mut store, cuc, "part_of", bo, None, false)),
        Rule::DuplicateRelation
    );
    assert!(matches!(
        rule(relate(&mut store, bo, "part_of", cuc, None, false)),
        Rule::Cycle { .. }
    ));
    let mismatch = rule(relate(
        &mut store,
        theme,
        "holds_position",
        cuc,
        None,
        false,
    ));
    assert!(matches!(mismatch, Rule::KindMismatch { .. }));
    assert!(mismatch.is_warning());
    assert!(matches!(
        rule(relate(
            &mut store,
            to_duc,
            "no_such_predicate",
            cuc,
            None,
            false
        )),
        Rule::UnknownPredicate(_)
    ));
    let cite_person = store.edit("cite", |w| {
        w.add_citation(&NewCitation {
            quote: Some("quote".into()),
            ..NewCitation::new(CitationTarget::Entity(cuc.0), to_duc)
        })
    });
    assert_eq!(rule(cite_person), Rule::CitationWithoutDocument);

    // Nothing of the above was written.
    assert_eq!(dump(&store), before);
    assert_eq!(store.stats().unwrap().edits, edits_before);

    // A confirmed kind mismatch is allowed.
    relate(&mut store, theme, "holds_position", cuc, None, true).unwrap();
}

#[test]
fn merging_the_ministry_with_a_duplicate_loses_nothing_and_undo_restores_both() {
    let (_d, _p, mut store) = seeded();
    let original = dump(&store);
    let bo = id(&store, "Bộ Lao động - Thương binh và Xã hội");
    let doc = id(
        &store,
        "Bản tin HNMO: Hội thảo “Công tác xã hội với người nghèo”",
    );
    let event = id(&store, "Hội thảo “Công tác xã hội với người nghèo”");
    let cuc = id(&store, "Cục Bảo trợ xã hội");
    // A duplicate as an NGO might type it, with its own facts.
    let dup = store
        .edit("add duplicate", |w| {
            let dup = w.add_entity(&NewEntity {
                kind: "organisation".into(),
                name: "Bộ LĐ-TB&XH".into(),
                name_en: Some("MOLISA (Vietnam)".into()),
                summary: Some("Cơ quan quản lý nhà nước về lao động.".into()),
                properties: serde_json::json!({"website": "molisa.gov.vn"})
                    .as_object()
                    .unwrap()
                    .clone(),
                ..Default::default()
            })?;
            w.add_alias(dup, "Bộ Lao động", None)?;
            // The same attendance as the ministry's: folds into it.
            let r = w.add_relation(&NewRelation {
                subject: dup.0,
                predicate: "attended".into(),
                object: event.0,
                role: Some("các đơn vị thuộc Bộ".into()),
                ..Default::default()
            })?;
            w.add_citation(&NewCitation {
                quote: Some("dup quote".into()),
                ..NewCitation::new(CitationTarget::Relation(r), doc)
            })?;
            // A relation the ministry lacks: moves.
            w.add_relation(&NewRelation {
                subject: dup.0,
                predicate: "published_by".into(),
                object: doc.0,
                allow_kind_mismatch: true,
                ..Default::default()
            })?;
            // The same as the Cục's existing part-of: folds into it.
            w.add_relation(&NewRelation {
                subject: cuc.0,
                predicate: "part_of".into(),
                object: dup.0,
                ..Default::default()
            })?;
            // Between the two: dropped (it would link the survivor to itself).
            w.add_relation(&NewRelation {
                subject: dup.0,
                predicate: "part_of".into(),
                object: bo.0,
                ..Default::default()
            })?;
            Ok(dup)
        })
        .unwrap();
    let relations_before = store.stats().unwrap().relations;
    let report = store.edit("merge", |w| w.merge(bo, dup, false)).unwrap();
    assert_eq!(report.relations_folded, 2, "{report:?}");
    assert_eq!(report.relations_moved, 1, "{report:?}");
    assert_eq!(report.relations_dropped, 1, "{report:?}");

    let d = store.detail(bo).unwrap();
    assert!(
        store
            .entity_by_uid(&store.entity(bo).unwrap().uid)
            .unwrap()
            .is_some()
    );
    assert!(
        d.aliases.contains(&"Bộ LĐ-TB&XH".to_string()),
        "{:?}",
        d.aliases
    );
    assert!(d.aliases.contains(&"Bộ Lao động".to_string()));
    assert!(d.aliases.contains(&"MOLISA (Vietnam)".to_string()));
    assert_eq!(d.entity.properties["website"], "molisa.gov.vn");
    assert!(
        d.entity
            .summary
            .as_deref()
            .unwrap()
            .contains("Cơ quan quản lý nhà nước")
    );
    let attended: Vec<_> = d
        .relations
        .iter()
        .filter(|r| r.predicate == "attended")
        .collect();
    assert_eq!(attended.len(), 1);
    assert!(
        attended[0]
            .citations
            .iter()
            .any(|c| c.quote.as_deref() == Some("dup quote"))
    );
    assert!(d.relations.iter().any(|r| r.predicate == "published_by"));
    assert_eq!(store.stats().unwrap().relations, relations_before - 3);
    assert!(store.find_exact("Bộ LĐ-TB&XH").unwrap()[0].id == bo);
    assert_eq!(
        names_found(&store, "bo ld tb")[0],
        "Bộ Lao động - Thương binh và Xã hội"
    );

    // Undo the merge, then the duplicate: the original database again.
    store.undo().unwrap();
    assert!(store.find_exact("Bộ LĐ-TB&XH").unwrap()[0].id == dup);
    store.undo().unwrap();
    assert_eq!(dump(&store), original);
}

#[test]
fn merging_a_generated_duplicate_moves_its_hub_relations() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("g.db"), Create::IfMissing).unwrap();
    lienket::generate::generate(
        &mut store,
        lienket::generate::Params {
            entities: 800,
            relations: 4_000,
            seed: 3,
        },
        |_, _, _| {},
    )
    .unwrap();
    // The two best connected events: hubs whose attendees overlap.
    let mut events: Vec<_> = store
        .list(Some("event"), 10_000)
        .unwrap()
        .into_iter()
        .map(|e| {
            let d = store.degree(e.id).unwrap();
            (e, d)
        })
        .collect();
    events.sort_by_key(|(_, d)| -d);
    let (hub, degree) = events[0].clone();
    let (second, degree2) = events[1].clone();
    assert!(degree2 > 50, "no second hub ({degree2})");
    let total = store.stats().unwrap().relations;
    let report = store
        .edit("merge", |w| w.merge(hub.id, second.id, false))
        .unwrap();
    let after = store.degree(hub.id).unwrap();
    assert_eq!(
        report.relations_moved + report.relations_folded + report.relations_dropped,
        degree2 as usize
    );
    // Moved relations now attach to the hub; dropped ones linked the two.
    assert_eq!(
        after,
        degree + report.relations_moved as i64 - report.relations_dropped as i64
    );
    assert_eq!(
        store.stats().unwrap().relations,
        total - report.relations_folded as i64 - report.relations_dropped as i64
    );
    assert!(store.aliases(hub.id).unwrap().contains(&second.name) || second.name == hub.name);
}

#[test]
fn reverting_an_older_edit_works_only_without_later_conflicts() {
    let (_d, _p, mut store) = seeded();
    let to_duc = id(&store, "Tô Đức");
    let cuc = id(&store, "Cục Bảo trợ xã hội");
    let rename = |store: &mut Store, e: EntityId, name: &str| {
        store
            .edit(&format!("rename to {name}"), |w| {
                w.update_entity(
                    e,
                    &EntityPatch {
                        name: Some(name.into()),
                        ..Default::default()
                    },
                )
            })
            .unwrap();
        store.log(None, 1).unwrap()[0].id
    };
    let first = rename(&mut store, to_duc, "Tô Đức (Cục trưởng)");
    let _other = rename(&mut store, cuc, "Cục Bảo trợ xã hội (BTXH)");
    // The older rename is revertible: nothing later touched Tô Đức.
    store.revert(first).unwrap();
    assert_eq!(store.entity(to_duc).unwrap().name, "Tô Đức");
    assert_eq!(store.entity(cuc).unwrap().name, "Cục Bảo trợ xã hội (BTXH)");

    // Now an edit followed by a later edit of the same row: refused, naming the later one.
    let older = rename(&mut store, to_duc, "Ông Tô Đức");
    let later = rename(&mut store, to_duc, "Tô Đức");
    let before = dump(&store);
    match store.revert(older) {
        Err(StoreError::Conflict(edits)) => {
            assert_eq!(edits.iter().map(|e| e.id).collect::<Vec<_>>(), vec![later]);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(dump(&store), before);
    assert!(matches!(
        store.revert(999_999),
        Err(StoreError::NotFound(_))
    ));
}

#[test]
fn a_bulk_edit_is_one_compact_edit_that_undo_and_redo_move_as_a_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("g.db"), Create::IfMissing).unwrap();
    lienket::seed::install_vocabulary(&mut store).unwrap();
    let empty = dump(&store);
    lienket::generate::generate(
        &mut store,
        lienket::generate::Params {
            entities: 2_000,
            relations: 5_000,
            seed: 11,
        },
        |_, _, _| {},
    )
    .unwrap();
    let generated = dump(&store);
    let changes = change_count(&store);
    // Vocabulary rows (kinds + predicates) plus one range per bulk table.
    assert!(changes < 40, "{changes} change rows for a bulk edit");
    let someone = store.list(Some("person"), 1).unwrap().remove(0);
    assert!(names_found(&store, &someone.name).contains(&someone.name));

    store.undo().unwrap();
    assert_eq!(dump(&store), empty);
    assert!(
        names_found(&store, &someone.name).is_empty(),
        "search still finds undone rows"
    );
    let after_undo = change_count(&store);
    assert!(
        after_undo - changes < 10,
        "undo wrote {} change rows",
        after_undo - changes
    );

    store.redo().unwrap();
    assert_eq!(dump(&store), generated);
    assert!(names_found(&store, &someone.name).contains(&someone.name));
    assert!(store.check().unwrap().ok());
}

#[test]
fn an_edit_in_bulk_checks_references_at_its_end_and_writes_nothing_when_one_dangles() {
    let (_d, _p, mut store) = seeded();
    let before = dump(&store);
    let ministry = id(&store, "Bộ Lao động - Thương binh và Xã hội").0;
    let nobody = ministry + 1_000_000;
    // Inserted straight, so only the reference check can catch it.
    let dangling = store.edit_in_bulk("dangling link", |w| {
        let mut bulk = w.bulk();
        let lan = bulk.entity("person", "Nguyễn Thị Lan", None, None, None, &[])?;
        bulk.relation(lan, "holds_position", ministry, None)?;
        bulk.relation(lan, "holds_position", nobody, None)?;
        bulk.finish()
    });
    assert!(
        matches!(&dangling, Err(StoreError::Database(e)) if e.contains("FOREIGN KEY")),
        "a dangling link is refused as SQLite refuses it: {dangling:?}"
    );
    assert_eq!(dump(&store), before, "nothing written");
    // A plain edit refuses the same link.
    let plain = store.edit("dangling link", |w| {
        let mut bulk = w.bulk();
        bulk.relation(ministry, "holds_position", nobody, None)?;
        bulk.finish()
    });
    assert!(plain.is_err(), "{plain:?}");
    assert_eq!(dump(&store), before);
    // References that hold pass, to entities held before and added in the same edit.
    store
        .edit_in_bulk("links that hold", |w| {
            let mut bulk = w.bulk();
            let lan = bulk.entity("person", "Nguyễn Thị Lan", None, None, None, &[])?;
            bulk.relation(lan, "holds_position", ministry, None)?;
            bulk.finish()
        })
        .unwrap();
    assert!(names_found(&store, "nguyen thi lan").contains(&"Nguyễn Thị Lan".to_owned()));
    assert!(store.check().unwrap().ok());
}

#[test]
fn editing_a_relation_can_mark_it_former() {
    let (_d, _p, mut store) = seeded();
    let to_duc = id(&store, "Tô Đức");
    let uid = store
        .detail(to_duc)
        .unwrap()
        .relations
        .into_iter()
        .find(|r| r.predicate == "holds_position")
        .unwrap()
        .uid;
    store
        .edit("end position", |w| {
            w.update_relation(
                &uid,
                &RelationPatch {
                    date_end: Some("2025".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let r = store
        .detail(to_duc)
        .unwrap()
        .relations
        .into_iter()
        .find(|r| r.uid == uid)
        .unwrap();
    assert!(r.is_former());
    assert_eq!(r.role.as_deref(), Some("Cục trưởng"));
    let bad = store.edit("bad date", |w| {
        w.update_relation(
            &uid,
            &RelationPatch {
                date_start: Some("2025-13".into()),
                ..Default::default()
            },
        )
    });
    assert!(matches!(rule(bad), Rule::ImpossibleDate(_)));
}

#[test]
fn edits_record_the_author() {
    let (_d, _p, mut store) = seeded();
    store.set_author("Chị Lan");
    let to_duc = id(&store, "Tô Đức");
    store
        .edit("summary", |w| {
            w.update_entity(
                to_duc,
                &EntityPatch {
                    summary: Some("Cục trưởng.".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let last = &store.log(Some(to_duc), 1).unwrap()[0];
    assert_eq!(last.author, "Chị Lan");
    assert_eq!(last.description, "summary");
}

// ---- The editing commands, end to end ----

fn lienket(db: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_lienket"))
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

#[test]
fn cli_editing_commands_validate_print_and_undo() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    assert_eq!(lienket(&db, &["init"]).0, 0);

    let (code, out, err) = lienket(
        &db,
        &[
            "add-entity",
            "--kind",
            "person",
            "Nguyễn Thị Lan",
            "--en",
            "Lan Nguyen",
            "--prop",
            "email=lan@example.org",
            "--json",
            "--author",
            "Lan",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let e = json(&out);
    assert_eq!(e["name"], "Nguyễn Thị Lan");
    assert_eq!(e["kind"], "person");
    assert_eq!(e["properties"]["email"], "lan@example.org");
    let lan_uid = e["uid"].as_str().unwrap().to_owned();

    let (code, out, err) = lienket(
        &db,
        &[
            "add-relation",
            "nguyen thi lan",
            "holds_position",
            "Cục BTXH",
            "--role",
            "Chuyên viên",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["predicate"], "holds_position");
    assert_eq!(r["direction"], "out");
    assert_eq!(r["role"], "Chuyên viên");
    assert_eq!(r["other"]["name"], "Cục Bảo trợ xã hội");
    let rel_uid = r["uid"].as_str().unwrap().to_owned();

    // Validation errors: one line, exit 2, nothing written.
    let (code, _, err) = lienket(
        &db,
        &[
            "add-relation",
            "Nguyễn Thị Lan",
            "holds_position",
            "Cục BTXH",
            "--role",
            "Chuyên viên",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("exists already"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    let (code, _, err) = lienket(
        &db,
        &["add-relation", "giảm nghèo", "holds_position", "Cục BTXH"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    let (code, _, err) = lienket(
        &db,
        &[
            "add-entity",
            "--kind",
            "event",
            "Hội nghị",
            "--start",
            "2024-02-30",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("does not exist"), "{err}");
    // Typed properties are checked as in the window's form.
    let (code, _, err) = lienket(
        &db,
        &[
            "add-entity",
            "--kind",
            "person",
            "Trần Văn Bình",
            "--prop",
            "email=binh@ngo",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("property email: Not an e-mail address"),
        "{err}"
    );
    let (code, _, err) = lienket(&db, &["edit-entity", &lan_uid, "--prop", "phone=gọi tôi"]);
    assert_eq!(code, 2);
    assert!(err.contains("property phone"), "{err}");
    let (_, out, _) = lienket(&db, &["show", &lan_uid, "--json"]);
    assert!(json(&out)["properties"].get("phone").is_none());
    let (_, out, _) = lienket(&db, &["search", "tran van binh", "--json"]);
    assert!(!out.contains("Trần Văn Bình"), "{out}");
    let (code, _, _) = lienket(&db, &["delete", "không có ai tên này"]);
    assert_eq!(code, 1);

    let (code, out, err) = lienket(
        &db,
        &[
            "cite",
            "Bản tin HNMO: Hội thảo “Công tác xã hội với người nghèo”",
            "--relation",
            &rel_uid,
            "--quote",
            "chuyên viên",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["citations"][0]["quote"], "chuyên viên");
    let (code, _, err) = lienket(&db, &["cite", "Tô Đức", "--entity", "Nguyễn Thị Lan"]);
    assert_eq!(code, 2, "a person cannot be a source");
    assert!(err.contains("document"), "{err}");

    let (code, out, _) = lienket(&db, &["add-alias", &lan_uid, "Chị Lan", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["aliases"][0], "Chị Lan");
    let (code, out, _) = lienket(
        &db,
        &[
            "edit-entity",
            "Chị Lan",
            "--summary",
            "Chuyên viên.",
            "--json",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(json(&out)["summary"], "Chuyên viên.");

    let (code, out, _) = lienket(&db, &["log", "--entity", "Nguyễn Thị Lan", "--json"]);
    assert_eq!(code, 0);
    let log = json(&out);
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 5, "{log:?}");
    assert_eq!(log[4]["author"], "Lan");

    // Undo the summary, redo it, then revert the alias (an older edit).
    let (code, out, _) = lienket(&db, &["undo", "--json"]);
    assert_eq!(code, 0);
    assert!(
        json(&out)["description"]
            .as_str()
            .unwrap()
            .starts_with("undo:")
    );
    let (_, out, _) = lienket(&db, &["show", "Nguyễn Thị Lan", "--json"]);
    assert!(json(&out)["summary"].is_null());
    assert_eq!(lienket(&db, &["redo"]).0, 0);
    let alias_edit = log[1]["id"].as_i64().unwrap();
    let (code, _, err) = lienket(&db, &["revert", &alias_edit.to_string()]);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = lienket(&db, &["show", "Nguyễn Thị Lan", "--json"]);
    let shown = json(&out);
    assert_eq!(shown["summary"], "Chuyên viên.");
    assert!(shown["aliases"].as_array().unwrap().is_empty());

    let (code, out, _) = lienket(
        &db,
        &[
            "remove-relation",
            "Nguyễn Thị Lan",
            "holds_position",
            "Cục Bảo trợ xã hội",
            "--json",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(json(&out)["removed"], rel_uid);

    // Merge and delete.
    assert_eq!(
        lienket(&db, &["add-entity", "--kind", "person", "Lan Nguyễn"]).0,
        0
    );
    let (code, out, err) = lienket(&db, &["merge", "Nguyễn Thị Lan", "Lan Nguyễn", "--json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        json(&out)["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "Lan Nguyễn")
    );
    let (code, out, _) = lienket(&db, &["delete", "Nguyễn Thị Lan", "--json"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["deleted"], lan_uid);
    assert_eq!(lienket(&db, &["show", "Nguyễn Thị Lan"]).0, 1);
    assert_eq!(lienket(&db, &["undo"]).0, 0);
    assert_eq!(lienket(&db, &["show", "Nguyễn Thị Lan"]).0, 0);
}

// ---- Any edits, then as many undos, give back the original ----

#[derive(Clone, Debug)]
enum Op {
    Add(usize, usize),
    Rename(usize, usize),
    Alias(usize, usize),
    Relate(usize, usize, usize),
    Unrelate(usize),
    Delete(usize),
    Merge(usize, usize),
    Summary(usize, usize),
}

const NAMES: &[&str] = &[
    "Hội Chữ thập đỏ",
    "Trần Thị Hoà",
    "đào tạo nghề",
    "Ủy ban nhân dân xã",
    "Quỹ Bảo trợ trẻ em",
    "Lê Văn Đức",
];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..7usize, 0..NAMES.len()).prop_map(|(k, n)| Op::Add(k, n)),
        (0..200usize, 0..NAMES.len()).prop_map(|(e, n)| Op::Rename(e, n)),
        (0..200usize, 0..NAMES.len()).prop_map(|(e, n)| Op::Alias(e, n)),
        (0..200usize, 0..14usize, 0..200usize).prop_map(|(s, p, o)| Op::Relate(s, p, o)),
        (0..400usize).prop_map(Op::Unrelate),
        (0..200usize).prop_map(Op::Delete),
        (0..200usize, 0..200usize).prop_map(|(a, b)| Op::Merge(a, b)),
        (0..200usize, 0..NAMES.len()).prop_map(|(e, n)| Op::Summary(e, n)),
    ]
}

fn apply(store: &mut Store, op: &Op) {
    let entities = store.list(None, 10_000).unwrap();
    let pick = |i: usize| entities[i % entities.len()].id;
    let kinds = lienket::model::BUILTIN_KINDS;
    let predicates: Vec<String> = store
        .predicates()
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    // Failing edits (broken rules) are part of the test: they must write nothing.
    let _ = match op {
        Op::Add(k, n) => store.edit("add", |w| {
            w.add_entity(&NewEntity {
                kind: kinds[k % kinds.len()].into(),
                name: NAMES[*n].into(),
                ..Default::default()
            })
            .map(|_| ())
        }),
        Op::Rename(e, n) => store.edit("rename", |w| {
            w.update_entity(
                pick(*e),
                &EntityPatch {
                    name: Some(NAMES[*n].into()),
                    ..Default::default()
                },
            )
            .map(|_| ())
        }),
        Op::Alias(e, n) => store.edit("alias", |w| {
            w.add_alias(pick(*e), NAMES[*n], None).map(|_| ())
        }),
        Op::Relate(s, p, o) => store.edit("relate", |w| {
            w.add_relation(&NewRelation {
                subject: pick(*s).0,
                predicate: predicates[p % predicates.len()].clone(),
                object: pick(*o).0,
                allow_kind_mismatch: true,
                ..Default::default()
            })
            .map(|_| ())
        }),
        Op::Unrelate(i) => {
            let uids: Vec<String> = {
                let conn = raw(store);
                let mut stmt = conn
                    .prepare("SELECT uid FROM relation ORDER BY id")
                    .unwrap();
                stmt.query_map([], |r| r.get(0))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect()
            };
            match uids.get(i % uids.len().max(1)) {
                Some(uid) => store.edit("unrelate", |w| w.delete_relation(uid)),
                None => Ok(()),
            }
        }
        Op::Delete(e) => store.edit("delete", |w| w.delete_entity(pick(*e))),
        Op::Merge(a, b) => store.edit("merge", |w| w.merge(pick(*a), pick(*b), true).map(|_| ())),
        Op::Summary(e, n) => store.edit("summary", |w| {
            w.update_entity(
                pick(*e),
                &EntityPatch {
                    summary: Some(NAMES[*n].into()),
                    ..Default::default()
                },
            )
            .map(|_| ())
        }),
    };
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_edits_then_as_many_undos_give_back_the_original(ops in prop::collection::vec(op(), 1..14)) {
        let (_d, _p, mut store) = seeded();
        let original = dump(&store);
        let edits_before = store.stats().unwrap().edits;
        for op in &ops {
            apply(&mut store, op);
        }
        let edited = dump(&store);
        let made = store.stats().unwrap().edits - edits_before;
        for _ in 0..made {
            store.undo().unwrap();
        }
        prop_assert_eq!(&dump(&store), &original);
        // Every entity is found by its own name again: the index followed the undos.
        for e in store.list(None, 100).unwrap() {
            prop_assert!(names_found(&store, &e.name).contains(&e.name), "{} not found", e.name);
        }
        for _ in 0..made {
            store.redo().unwrap();
        }
        prop_assert_eq!(&dump(&store), &edited);
        prop_assert!(store.check().unwrap().ok());
    }
}

#[test]
fn reverting_an_addition_that_later_edits_built_on_names_them_instead_of_failing() {
    let (_d, _p, mut store) = seeded();
    let cuc = id(&store, "Cục Bảo trợ xã hội");
    let person = store
        .edit("add person", |w| {
            w.add_entity(&NewEntity {
                kind: "person".into(),
                name: "Lê Văn A".into(),
                ..Default::default()
            })
        })
        .unwrap();
    let add = store.log(None, 1).unwrap()[0].id;
    store
        .edit("position", |w| {
            w.add_relation(&NewRelation {
                subject: person.0,
                predicate: "holds_position".into(),
                object: cuc.0,
                ..Default::default()
            })
        })
        .unwrap();
    let later = store.log(None, 1).unwrap()[0].id;
    let before = dump(&store);
    match store.revert(add) {
        Err(StoreError::Conflict(edits)) => {
            assert_eq!(edits.iter().map(|e| e.id).collect::<Vec<_>>(), vec![later]);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(dump(&store), before);
}

#[test]
fn a_revert_that_would_close_a_loop_is_refused() {
    let (_d, _p, mut store) = seeded();
    let cuc = id(&store, "Cục Bảo trợ xã hội");
    let bo = id(&store, "Bộ Lao động - Thương binh và Xã hội");
    let uid = store
        .relations_between(cuc, "part_of", bo)
        .unwrap()
        .remove(0);
    store.edit("unlink", |w| w.delete_relation(&uid)).unwrap();
    let unlink = store.log(None, 1).unwrap()[0].id;
    store
        .edit("reverse", |w| {
            w.add_relation(&NewRelation {
                subject: bo.0,
                predicate: "part_of".into(),
                object: cuc.0,
                ..Default::default()
            })
        })
        .unwrap();
    let before = dump(&store);
    assert!(matches!(rule(store.revert(unlink)), Rule::Cycle { .. }));
    assert_eq!(dump(&store), before);
}

#[test]
fn merges_that_would_break_a_rule_are_refused() {
    let (_d, _p, mut store) = seeded();
    let before = dump(&store);
    let cuc = id(&store, "Cục Bảo trợ xã hội");
    let bo = id(&store, "Bộ Lao động - Thương binh và Xã hội");
    let to_duc = id(&store, "Tô Đức");
    let doc = id(
        &store,
        "Bản tin HNMO: Hội thảo “Công tác xã hội với người nghèo”",
    );
    let theme = id(&store, "giảm nghèo");
    assert_eq!(
        rule(store.edit("m", |w| w.merge(cuc, cuc, false))),
        Rule::MergeIntoItself
    );
    assert!(matches!(
        rule(store.edit("m", |w| w.merge(cuc, to_duc, false))),
        Rule::MergeKinds { .. }
    ));
    // The report is the source of every citation: only a document may absorb it.
    assert!(matches!(
        rule(store.edit("m", |w| w.merge(theme, doc, true))),
        Rule::MergeSource { .. }
    ));
    // A department placed above its own ministry's child would loop.
    let phong = store
        .edit("add", |w| {
            let p = w.add_entity(&NewEntity {
                kind: "organisation".into(),
                name: "Phòng Chính sách".into(),
                ..Default::default()
            })?;
            w.add_relation(&NewRelation {
                subject: p.0,
                predicate: "part_of".into(),
                object: cuc.0,
                ..Default::default()
            })?;
            Ok(p)
        })
        .unwrap();
    let with_phong = dump(&store);
    assert!(matches!(
        rule(store.edit("m", |w| w.merge(phong, bo, false))),
        Rule::Cycle { .. }
    ));
    assert_eq!(dump(&store), with_phong);
    store.undo().unwrap();
    assert_eq!(dump(&store), before);
}

#[test]
fn names_are_kept_on_one_line_and_end_dates_follow_start_dates() {
    let (_d, _p, mut store) = seeded();
    let e = store
        .edit("add", |w| {
            w.add_entity(&NewEntity {
                kind: "event".into(),
                name: "Dòng một\nDòng\thai".into(),
                date_start: Some("2024-05".into()),
                date_end: Some("2024".into()),
                ..Default::default()
            })
        })
        .unwrap();
    assert_eq!(store.entity(e).unwrap().name, "Dòng một Dòng hai");
    let backwards = store.edit("dates", |w| {
        w.update_entity(
            e,
            &EntityPatch {
                date_end: Some("2020".into()),
                ..Default::default()
            },
        )
    });
    assert!(matches!(rule(backwards), Rule::EndBeforeStart { .. }));
}

#[test]
fn cli_refuses_an_empty_file_and_reports_missing_edits_as_not_found() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let (code, _, err) = lienket(&empty, &["show", "Tô Đức"]);
    assert_eq!(code, 2);
    assert!(err.contains("empty"), "{err}");
    assert_eq!(
        std::fs::metadata(&empty).unwrap().len(),
        0,
        "the empty file was written"
    );

    let db = dir.path().join("kb.db");
    assert_eq!(lienket(&db, &["init"]).0, 0);
    let (code, _, err) = lienket(&db, &["revert", "999"]);
    assert_eq!(code, 1, "{err}");
    // A month-day date is accepted in the documented form.
    let (code, out, err) = lienket(
        &db,
        &[
            "add-entity",
            "--kind",
            "event",
            "Tọa đàm",
            "--start",
            "--12-30",
            "--json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["date_start"], "--12-30");
}

#[test]
fn search_degrees_follow_relation_edits_undo_and_merge() {
    let (_d, _p, mut store) = seeded();
    let degree_of = |store: &Store, name: &str| {
        store
            .search(&Query {
                text: name.into(),
                limit: 1,
                ..Default::default()
            })
            .unwrap()[0]
            .degree
    };
    let tu_phap = id(&store, "Bộ Tư pháp");
    let start = degree_of(&store, "Bộ Tư pháp");
    assert_eq!(start, store.degree(tu_phap).unwrap());
    let themes: Vec<EntityId> = store
        .list(Some("theme"), 5)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    store
        .edit("relate", |w| {
            for t in &themes {
                w.add_relation(&NewRelation {
                    subject: tu_phap.0,
                    predicate: "mentions".into(),
                    object: t.0,
                    allow_kind_mismatch: true,
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .unwrap();
    assert_eq!(degree_of(&store, "Bộ Tư pháp"), start + themes.len() as i64);
    store.undo().unwrap();
    assert_eq!(degree_of(&store, "Bộ Tư pháp"), start);
}

#[test]
fn a_kind_change_that_breaks_a_relation_is_refused_and_a_merged_namesake_keeps_its_uid() {
    let dir = tempfile::tempdir().expect("dir");
    let mut store = Store::open(&dir.path().join("kb.db"), Create::IfMissing).expect("open");
    lienket::seed::install(&mut store).expect("seed");
    let to_duc = store.resolve("Tô Đức").expect("resolve").expect("Tô Đức");
    let refused = store.edit("kind", |w| {
        w.update_entity(
            to_duc,
            &EntityPatch {
                kind: Some("theme".into()),
                ..Default::default()
            },
        )
    });
    assert!(
        matches!(refused, Err(StoreError::Rule(Rule::KindMismatch { .. }))),
        "{refused:?}"
    );
    assert_eq!(
        store.detail_head(to_duc).expect("head").entity.kind,
        "person"
    );
    // Two of one name, merged: the merged one's uid still finds the survivor.
    let twin = store
        .edit("twin", |w| {
            w.add_entity(&NewEntity {
                kind: "person".into(),
                name: "Tô Đức".into(),
                ..Default::default()
            })
        })
        .expect("twin");
    let twin_uid = store.detail_head(twin).expect("twin").entity.uid;
    store
        .edit("merge", |w| w.merge(to_duc, twin, false))
        .expect("merge");
    assert_eq!(
        store.entity_by_uid(&twin_uid).expect("uid").map(|e| e.id),
        Some(to_duc)
    );
}
