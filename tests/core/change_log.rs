//! The change log: every write through `Store::edit` is one `edit` row with one `change`
//! row per row it touched; undo and redo are edits too and keep the search index right;
//! a failed edit writes nothing.

use crate::support::names_found;
use lienket::model::EntityId;
use lienket::store::write::{
    Change, CitationTarget, EntityPatch, NewCitation, NewEntity, NewRelation, Op,
};
use lienket::store::{Create, Store, StoreError};
use serde_json::Value;

/// A store in a temporary folder with the built-in kinds and predicates but no entities.
fn empty_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("kb.db"), Create::IfMissing).expect("create");
    lienket::seed::install_vocabulary(&mut store).expect("kinds and predicates");
    (dir, store)
}

/// (edits, changes) in the log.
fn log_size(store: &Store) -> (i64, i64) {
    let log = store.log(None, usize::MAX).expect("log");
    (log.len() as i64, log.iter().map(|e| e.changes).sum())
}

/// The changes of the newest edit, in order.
fn last_changes(store: &Store) -> Vec<Change> {
    let log = store.log(None, 1).expect("log");
    store.changes(log[0].id).expect("changes")
}

/// (table, op) of every change of the newest edit, in order.
fn last_edit_changes(store: &Store) -> Vec<(String, String)> {
    last_changes(store)
        .into_iter()
        .map(|c| (c.table.name.to_owned(), c.op.as_str().to_owned()))
        .collect()
}

/// Rows that break a foreign key.
fn foreign_key_violations(store: &Store) -> i64 {
    store.check().expect("check").foreign_key_violations
}

fn entity(kind: &str, name: &str) -> NewEntity {
    NewEntity {
        kind: kind.into(),
        name: name.into(),
        ..Default::default()
    }
}

fn add(store: &mut Store, kind: &str, name: &str) -> EntityId {
    store
        .edit(&format!("add {name}"), |w| {
            w.add_entity(&entity(kind, name))
        })
        .expect("add an entity")
}

fn relate(store: &mut Store, s: EntityId, predicate: &str, o: EntityId) -> i64 {
    store
        .edit("relate", |w| {
            w.add_relation(&NewRelation {
                subject: s.0,
                predicate: predicate.into(),
                object: o.0,
                ..Default::default()
            })
        })
        .expect("add a relation")
}

#[test]
fn adding_an_entity_records_one_edit_with_one_insert_change() {
    let (_dir, mut store) = empty_store();
    let before = log_size(&store);
    let id = store
        .edit("add Cục Trẻ em", |w| {
            w.add_entity(&entity("organisation", "Cục Trẻ em"))
        })
        .expect("edit");
    assert_eq!(log_size(&store), (before.0 + 1, before.1 + 1));
    assert_eq!(
        last_edit_changes(&store),
        vec![("entity".to_owned(), "insert".to_owned())]
    );
    let change = last_changes(&store).pop().expect("change row");
    let entity = store.entity(id).expect("entity");
    assert_eq!(change.uid, entity.uid);
    let after = Value::Object(change.after.expect("after image"));
    assert_eq!(after["name"], "Cục Trẻ em");
    let log = store.log(None, 1).expect("log");
    assert_eq!(log[0].description, "add Cục Trẻ em");
    assert_eq!(log[0].changes, 1);
}

#[test]
fn adding_an_alias_records_one_alias_change_and_makes_the_alias_searchable() {
    let (_dir, mut store) = empty_store();
    let id = add(&mut store, "organisation", "Ngân hàng Chính sách xã hội");
    let before = log_size(&store);
    store
        .edit("alias", |w| w.add_alias(id, "VBSP", None))
        .expect("edit");
    assert_eq!(log_size(&store), (before.0 + 1, before.1 + 1));
    assert_eq!(
        last_edit_changes(&store),
        vec![("alias".to_owned(), "insert".to_owned())]
    );
    assert_eq!(
        names_found(&store, "vbsp"),
        vec!["Ngân hàng Chính sách xã hội"]
    );
}

#[test]
fn adding_a_relation_and_a_citation_records_one_change_each() {
    let (_dir, mut store) = empty_store();
    let cuc = add(&mut store, "organisation", "Cục Bảo trợ xã hội");
    let bo = add(
        &mut store,
        "organisation",
        "Bộ Lao động - Thương binh và Xã hội",
    );
    let doc = add(&mut store, "document", "Bản tin");
    let before = log_size(&store);
    store
        .edit("part of, cited", |w| {
            let r = w.add_relation(&NewRelation {
                subject: cuc.0,
                predicate: "part_of".into(),
                object: bo.0,
                ..Default::default()
            })?;
            w.add_citation(&NewCitation {
                quote: Some("Cục (Bộ)".into()),
                ..NewCitation::new(CitationTarget::Relation(r), doc)
            })
        })
        .expect("edit");
    assert_eq!(log_size(&store), (before.0 + 1, before.1 + 2));
    assert_eq!(
        last_edit_changes(&store),
        vec![
            ("relation".to_owned(), "insert".to_owned()),
            ("citation".to_owned(), "insert".to_owned())
        ]
    );
}

#[test]
fn updating_an_entity_records_its_before_and_after_images() {
    let (_dir, mut store) = empty_store();
    let id = add(&mut store, "organisation", "Cục Bảo trợ");
    let before = log_size(&store);
    let changed = store
        .edit("rename", |w| {
            w.update_entity(
                id,
                &EntityPatch {
                    name: Some("Cục Bảo trợ xã hội".into()),
                    name_en: Some("Department of Social Protection".into()),
                    ..Default::default()
                },
            )
        })
        .expect("edit");
    assert!(changed);
    assert_eq!(log_size(&store), (before.0 + 1, before.1 + 1));
    let change = last_changes(&store).pop().expect("change row");
    assert_eq!(change.op, Op::Update);
    let b = Value::Object(change.before.expect("before image"));
    let a = Value::Object(change.after.expect("after image"));
    assert_eq!(b["name"], "Cục Bảo trợ");
    assert_eq!(b["name_en"], Value::Null);
    assert_eq!(a["name"], "Cục Bảo trợ xã hội");
    assert_eq!(a["name_en"], "Department of Social Protection");
}

#[test]
fn an_update_that_changes_nothing_leaves_no_edit_in_the_log() {
    let (_dir, mut store) = empty_store();
    let id = add(&mut store, "theme", "an sinh xã hội");
    let before = log_size(&store);
    let changed = store
        .edit("same name", |w| {
            w.update_entity(
                id,
                &EntityPatch {
                    name: Some("  an sinh xã hội ".into()),
                    ..Default::default()
                },
            )
        })
        .expect("edit");
    assert!(!changed);
    assert_eq!(log_size(&store), before);
    assert_eq!(
        store
            .undo_description()
            .expect("undo description")
            .as_deref(),
        Some("add an sinh xã hội")
    );
}

/// Cục (2 aliases) — part of → Bộ, cited; Tô Đức — holds position → Cục; the entity Cục
/// cited by a document; and an unrelated relation with its own citation.
struct Graph {
    cuc: EntityId,
    bo: EntityId,
    to_duc: EntityId,
    doc: EntityId,
    committee: EntityId,
    assembly: EntityId,
}

fn graph(store: &mut Store) -> Graph {
    let cuc = add(store, "organisation", "Cục Bảo trợ xã hội");
    let bo = add(store, "organisation", "Bộ Lao động - Thương binh và Xã hội");
    let to_duc = add(store, "person", "Tô Đức");
    let doc = add(store, "document", "Bản tin HNMO");
    let committee = add(store, "organisation", "Ủy ban Xã hội của Quốc hội");
    let assembly = add(store, "organisation", "Quốc hội");
    store
        .edit("details", |w| {
            w.add_alias(cuc, "Cục BTXH", None)?;
            w.add_alias(cuc, "Department of Social Protection", None)?;
            let part_of = w.add_relation(&NewRelation {
                subject: cuc.0,
                predicate: "part_of".into(),
                object: bo.0,
                ..Default::default()
            })?;
            w.add_citation(&NewCitation {
                quote: Some("Cục (Bộ)".into()),
                ..NewCitation::new(CitationTarget::Relation(part_of), doc)
            })?;
            w.add_relation(&NewRelation {
                subject: to_duc.0,
                predicate: "holds_position".into(),
                object: cuc.0,
                role: Some("Cục trưởng".into()),
                ..Default::default()
            })?;
            w.add_citation(&NewCitation::new(CitationTarget::Entity(cuc.0), doc))?;
            let other = w.add_relation(&NewRelation {
                subject: committee.0,
                predicate: "part_of".into(),
                object: assembly.0,
                ..Default::default()
            })?;
            w.add_citation(&NewCitation {
                quote: Some("Ủy ban".into()),
                ..NewCitation::new(CitationTarget::Relation(other), doc)
            })?;
            Ok(())
        })
        .expect("details");
    Graph {
        cuc,
        bo,
        to_duc,
        doc,
        committee,
        assembly,
    }
}

/// Row counts of (entity, alias, relation, citation).
fn table_counts(store: &Store) -> [i64; 4] {
    let s = store.stats().expect("stats");
    [s.entities, s.aliases, s.relations, s.citations]
}

#[test]
fn deleting_an_entity_removes_and_records_its_aliases_relations_and_citations() {
    let (_dir, mut store) = empty_store();
    let g = graph(&mut store);
    assert_eq!(table_counts(&store), [6, 2, 3, 3]);
    let before = log_size(&store);
    store
        .edit("delete Cục", |w| w.delete_entity(g.cuc))
        .expect("delete");
    // 2 citations (of its relation and of itself) + 2 relations + 2 aliases + itself.
    assert_eq!(log_size(&store), (before.0 + 1, before.1 + 7));
    let mut changes = last_edit_changes(&store);
    assert!(changes.iter().all(|(_, op)| op == "delete"), "{changes:?}");
    changes.sort();
    let tables: Vec<&str> = changes.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(
        tables,
        [
            "alias", "alias", "citation", "citation", "entity", "relation", "relation"
        ]
    );
    assert_eq!(table_counts(&store), [5, 0, 1, 1]);
    assert!(store.entity(g.cuc).is_err());
    // The unrelated relation and its citation stay.
    let remaining = store.detail(g.committee).expect("detail");
    assert_eq!(remaining.relations.len(), 1);
    assert_eq!(remaining.relations[0].other.name, "Quốc hội");
    assert_eq!(remaining.relations[0].citations.len(), 1);
    assert!(store.detail(g.to_duc).expect("detail").relations.is_empty());
    assert!(store.detail(g.bo).expect("detail").relations.is_empty());
    assert!(names_found(&store, "btxh").is_empty());
    assert!(names_found(&store, "cuc bao tro").is_empty());
    assert_eq!(foreign_key_violations(&store), 0);
}

#[test]
fn deleting_a_document_removes_the_citations_it_is_the_source_of() {
    let (_dir, mut store) = empty_store();
    let g = graph(&mut store);
    let before = log_size(&store);
    store
        .edit("delete the report", |w| w.delete_entity(g.doc))
        .expect("delete");
    assert_eq!(log_size(&store), (before.0 + 1, before.1 + 4));
    assert_eq!(table_counts(&store), [5, 2, 3, 0]);
    assert_eq!(store.degree(g.cuc).expect("degree"), 2);
    assert_eq!(store.degree(g.assembly).expect("degree"), 1);
}

#[test]
fn undo_restores_the_old_name_in_the_store_and_in_search_and_redo_reapplies_it() {
    let (_dir, mut store) = empty_store();
    let id = add(&mut store, "person", "Tô Đức");
    store
        .edit("rename", |w| {
            w.update_entity(
                id,
                &EntityPatch {
                    name: Some("Nguyễn Văn Hải".into()),
                    ..Default::default()
                },
            )
        })
        .expect("rename");
    assert_eq!(
        names_found(&store, "nguyen van hai"),
        vec!["Nguyễn Văn Hải"]
    );
    assert!(names_found(&store, "to duc").is_empty());
    assert_eq!(
        store.undo_description().expect("d").as_deref(),
        Some("rename")
    );

    let undo = store.undo().expect("undo");
    assert_eq!(undo.description, "undo: rename");
    assert_eq!(undo.changes, 1);
    assert_eq!(store.entity(id).expect("entity").name, "Tô Đức");
    assert_eq!(names_found(&store, "to duc"), vec!["Tô Đức"]);
    assert!(names_found(&store, "nguyen van hai").is_empty());
    assert!(names_found(&store, "hai").is_empty());
    assert_eq!(
        store.redo_description().expect("d").as_deref(),
        Some("rename")
    );

    let redo = store.redo().expect("redo");
    assert_eq!(redo.description, "redo: rename");
    assert_eq!(store.entity(id).expect("entity").name, "Nguyễn Văn Hải");
    assert_eq!(
        names_found(&store, "nguyen van hai"),
        vec!["Nguyễn Văn Hải"]
    );
    assert!(names_found(&store, "to duc").is_empty());
    assert!(matches!(store.redo(), Err(StoreError::NothingTo("redo"))));

    // Undoing the redo names the user's edit again, not "undo: redo: …".
    assert_eq!(
        store.undo_description().expect("d").as_deref(),
        Some("rename")
    );
    assert_eq!(
        store.undo().expect("undo again").description,
        "undo: rename"
    );
    assert_eq!(
        store.redo_description().expect("d").as_deref(),
        Some("rename")
    );
    assert_eq!(names_found(&store, "to duc"), vec!["Tô Đức"]);
}

fn rename(store: &mut Store, id: EntityId, description: &str, name: &str) {
    store
        .edit(description, |w| {
            w.update_entity(
                id,
                &EntityPatch {
                    name: Some(name.into()),
                    ..Default::default()
                },
            )
        })
        .expect("rename");
}

fn mine(description: &str) -> bool {
    description.ends_with(" here")
}

#[test]
fn undo_in_a_scope_reaches_below_later_edits_outside_it_and_the_whole_history_stays_right() {
    let (_dir, mut store) = empty_store();
    let a = add(&mut store, "person", "Tô Đức");
    let b = add(&mut store, "person", "Đặng Văn Đức");
    rename(&mut store, a, "rename here", "Tô Văn Đức");
    rename(&mut store, b, "rename elsewhere", "Đặng V. Đức");
    assert_eq!(
        store.undo_description_in(Some(mine)).expect("d").as_deref(),
        Some("rename here")
    );
    let undo = store.undo_in(Some(mine)).expect("undo mine");
    assert_eq!(undo.description, "undo: rename here");
    assert_eq!(store.entity(a).expect("a").name, "Tô Đức");
    assert_eq!(store.entity(b).expect("b").name, "Đặng V. Đức");
    assert_eq!(names_found(&store, "to duc"), vec!["Tô Đức"]);
    assert!(matches!(
        store.undo_in(Some(mine)),
        Err(StoreError::NothingTo("undo"))
    ));
    // The whole history: undo takes the later edit elsewhere, and redo has the scoped
    // undo below it.
    assert_eq!(
        store.undo_description().expect("d").as_deref(),
        Some("rename elsewhere")
    );
    assert_eq!(
        store.redo_description().expect("d").as_deref(),
        Some("rename here")
    );
    // Redo in the scope brings the rename back; the edit elsewhere is untouched.
    assert_eq!(
        store.redo_in(Some(mine)).expect("redo").description,
        "redo: rename here"
    );
    assert_eq!(store.entity(a).expect("a").name, "Tô Văn Đức");
    assert_eq!(store.entity(b).expect("b").name, "Đặng V. Đức");
}

#[test]
fn undo_in_a_scope_is_refused_when_a_later_edit_outside_it_changed_the_same_row() {
    let (_dir, mut store) = empty_store();
    let a = add(&mut store, "person", "Tô Đức");
    rename(&mut store, a, "rename here", "Tô Văn Đức");
    rename(&mut store, a, "rename elsewhere", "Tô V. Đức");
    match store.undo_in(Some(mine)) {
        Err(StoreError::Conflict(edits)) => {
            assert_eq!(
                edits
                    .iter()
                    .map(|e| e.description.as_str())
                    .collect::<Vec<_>>(),
                ["rename elsewhere"]
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_eq!(store.entity(a).expect("a").name, "Tô V. Đức");
}

#[test]
fn undo_in_a_scope_is_refused_when_a_later_row_refers_to_what_it_would_remove() {
    let (_dir, mut store) = empty_store();
    let a = store
        .edit("add here", |w| {
            w.add_entity(&entity("organisation", "Cục Bảo trợ xã hội"))
        })
        .expect("add");
    let b = add(&mut store, "person", "Tô Đức");
    relate(&mut store, b, "holds_position", a);
    assert!(matches!(
        store.undo_in(Some(mine)),
        Err(StoreError::Conflict(_))
    ));
    assert!(store.entity(a).is_ok());
}

#[test]
fn undoing_a_delete_brings_back_the_same_rows_and_their_search_entries() {
    let (_dir, mut store) = empty_store();
    let g = graph(&mut store);
    let detail_before = store.detail(g.cuc).expect("detail");
    let counts_before = table_counts(&store);
    store
        .edit("delete Cục", |w| w.delete_entity(g.cuc))
        .expect("delete");
    assert!(names_found(&store, "btxh").is_empty());

    store.undo().expect("undo");
    assert_eq!(table_counts(&store), counts_before);
    assert_eq!(store.detail(g.cuc).expect("detail"), detail_before);
    assert_eq!(names_found(&store, "btxh"), vec!["Cục Bảo trợ xã hội"]);
    assert_eq!(
        names_found(&store, "cuc bao tro"),
        vec!["Cục Bảo trợ xã hội"]
    );
    assert_eq!(foreign_key_violations(&store), 0);

    store.redo().expect("redo");
    assert_eq!(table_counts(&store), [5, 0, 1, 1]);
    assert!(names_found(&store, "btxh").is_empty());
}

#[test]
fn successive_undos_walk_back_through_the_edits_in_order() {
    let (_dir, mut store) = empty_store();
    let a = add(&mut store, "theme", "giảm nghèo");
    let b = add(&mut store, "theme", "giảm nghèo bền vững");
    relate(&mut store, b, "subtheme_of", a);
    store.undo().expect("undo relate");
    assert_eq!(store.degree(a).expect("degree"), 0);
    store.undo().expect("undo add b");
    assert!(store.entity(b).is_err());
    assert_eq!(names_found(&store, "giam ngheo"), vec!["giảm nghèo"]);
    store.undo().expect("undo add a");
    assert!(store.entity(a).is_err());
    // The built-in kinds and predicates are never undone: below the first edit there is
    // nothing, and the kinds stay.
    assert!(matches!(store.undo(), Err(StoreError::NothingTo("undo"))));
    assert!(!store.kinds().expect("kinds").is_empty());
    // Redo walks forward again in the same order.
    store.redo().expect("redo add a");
    store.redo().expect("redo add b");
    store.redo().expect("redo relate");
    assert_eq!(store.degree(a).expect("degree"), 1);
}

#[test]
fn a_new_edit_after_an_undo_discards_the_redo() {
    let (_dir, mut store) = empty_store();
    add(&mut store, "theme", "chuyển đổi số");
    store.undo().expect("undo");
    assert!(store.redo_description().expect("d").is_some());
    add(&mut store, "theme", "an sinh xã hội");
    assert_eq!(store.redo_description().expect("d"), None);
    assert!(matches!(store.redo(), Err(StoreError::NothingTo("redo"))));
}

#[test]
fn a_failed_edit_writes_nothing() {
    let (_dir, mut store) = empty_store();
    let existing = add(&mut store, "organisation", "Bộ Tư pháp");
    let log_before = log_size(&store);
    let counts_before = table_counts(&store);
    let result: Result<(), StoreError> = store.edit("doomed", |w| {
        let id = w.add_entity(&entity("organisation", "Bộ Giáo dục và Đào tạo"))?;
        w.add_alias(id, "MOET", None)?;
        w.update_entity(
            existing,
            &EntityPatch {
                name: Some("Bộ Tư pháp mới".into()),
                ..Default::default()
            },
        )?;
        Err(StoreError::Invalid("the user cancelled".into()))
    });
    assert!(matches!(result, Err(StoreError::Invalid(_))));
    assert_eq!(log_size(&store), log_before);
    assert_eq!(table_counts(&store), counts_before);
    assert!(names_found(&store, "moet").is_empty());
    assert!(names_found(&store, "bo giao duc").is_empty());
    assert_eq!(names_found(&store, "bo tu phap"), vec!["Bộ Tư pháp"]);
    assert_eq!(store.entity(existing).expect("entity").name, "Bộ Tư pháp");
    assert_eq!(
        store.undo_description().expect("d").as_deref(),
        Some("add Bộ Tư pháp")
    );
}

#[test]
fn an_edit_refused_by_the_store_midway_writes_nothing() {
    let (_dir, mut store) = empty_store();
    let log_before = log_size(&store);
    let err = store
        .edit("bad relation", |w| {
            let a = w.add_entity(&entity("person", "Tô Đức"))?;
            w.add_relation(&NewRelation {
                subject: a.0,
                predicate: "no_such_predicate".into(),
                object: a.0 + 1000,
                ..Default::default()
            })
        })
        .expect_err("must fail");
    assert!(
        matches!(err, StoreError::Invalid(_) | StoreError::NotFound(_)),
        "{err}"
    );
    assert_eq!(log_size(&store), log_before);
    assert_eq!(table_counts(&store), [0, 0, 0, 0]);
    assert!(names_found(&store, "to duc").is_empty());
}

#[test]
fn history_survives_closing_and_reopening_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("kb.db");
    let id = {
        let mut store = Store::open(&path, Create::IfMissing).expect("create");
        lienket::seed::install_vocabulary(&mut store).expect("vocabulary");
        let id = add(&mut store, "person", "Tô Đức");
        store
            .edit("rename", |w| {
                w.update_entity(
                    id,
                    &EntityPatch {
                        name: Some("Tô Đức (Cục trưởng)".into()),
                        ..Default::default()
                    },
                )
            })
            .expect("rename");
        id
    };
    {
        let mut store = Store::open(&path, Create::No).expect("reopen");
        assert_eq!(
            store.undo_description().expect("d").as_deref(),
            Some("rename")
        );
        store.undo().expect("undo after reopening");
        assert_eq!(store.entity(id).expect("entity").name, "Tô Đức");
    }
    let mut store = Store::open(&path, Create::No).expect("reopen again");
    assert_eq!(
        store.redo_description().expect("d").as_deref(),
        Some("rename")
    );
    store.redo().expect("redo after reopening");
    assert_eq!(
        store.entity(id).expect("entity").name,
        "Tô Đức (Cục trưởng)"
    );
    let history = store.log(Some(id), 10).expect("history of the entity");
    let descriptions: Vec<&str> = history.iter().map(|e| e.description.as_str()).collect();
    assert_eq!(
        descriptions,
        ["redo: rename", "undo: rename", "rename", "add Tô Đức"]
    );
}

#[test]
fn names_typed_in_decomposed_form_are_stored_composed_and_found() {
    use unicode_normalization::UnicodeNormalization as _;
    let (_dir, mut store) = empty_store();
    let nfd_name: String = "Cục Bảo trợ xã hội".nfd().collect();
    let nfd_alias: String = "Cục BTXH".nfd().collect();
    let id = store
        .edit("add", |w| {
            let id = w.add_entity(&entity("organisation", &nfd_name))?;
            w.add_alias(id, &nfd_alias, None)?;
            Ok(id)
        })
        .expect("add");
    assert_eq!(store.entity(id).expect("entity").name, "Cục Bảo trợ xã hội");
    assert_eq!(store.aliases(id).expect("aliases"), ["Cục BTXH"]);
    assert_eq!(
        store.resolve("Cục Bảo trợ xã hội").expect("resolve"),
        Some(id)
    );
    assert_eq!(
        names_found(&store, "Cục Bảo trợ"),
        vec!["Cục Bảo trợ xã hội"]
    );
}

#[test]
fn the_vocabulary_forgets_words_that_no_entity_uses_any_more() {
    let (_dir, mut store) = empty_store();
    let a = add(&mut store, "theme", "Xylophonique");
    add(&mut store, "theme", "Marimbaphone");
    assert!(store.vocabulary_has("xylophonique").expect("vocabulary"));
    // Renamed away: the old word goes, the new one comes.
    store
        .edit("rename", |w| {
            w.update_entity(
                a,
                &EntityPatch {
                    name: Some("Vibraphone".into()),
                    ..Default::default()
                },
            )
        })
        .expect("rename");
    assert!(!store.vocabulary_has("xylophonique").expect("vocabulary"));
    assert!(store.vocabulary_has("vibraphone").expect("vocabulary"));
    // Undone: the word of the undone entity goes too; words still in use stay.
    store.undo().expect("undo the rename");
    assert!(store.vocabulary_has("xylophonique").expect("vocabulary"));
    store.undo().expect("undo the second add");
    assert!(!store.vocabulary_has("marimbaphone").expect("vocabulary"));
    assert!(store.vocabulary_has("xylophonique").expect("vocabulary"));
    // A typo of a forgotten word finds nothing.
    assert!(names_found(&store, "marimbaphome").is_empty());
}

#[test]
fn bulk_rows_keep_the_rules_of_single_edits() {
    use unicode_normalization::UnicodeNormalization as _;
    let (_dir, mut store) = empty_store();
    let decomposed: String = "Tô Đức".nfd().collect();
    store
        .edit("bulk", |w| {
            let mut bulk = w.bulk();
            bulk.entity(
                "person",
                &format!("  {decomposed}\u{200B} "),
                None,
                None,
                None,
                &[],
            )?;
            bulk.finish()
        })
        .expect("a bulk row");
    assert_eq!(names_found(&store, "to duc"), vec!["Tô Đức"]);
    for (kind, name, date) in [
        ("person", "\u{200D}", None),
        ("no_such_kind", "Ai đó", None),
        ("person", "Ai đó", Some("2023-02-30")),
    ] {
        let refused = store.edit("bulk", |w| {
            let mut bulk = w.bulk();
            bulk.entity(kind, name, None, None, date, &[])?;
            bulk.finish()
        });
        assert!(
            matches!(refused, Err(StoreError::Rule(_))),
            "{kind} {name:?} {date:?}: {refused:?}"
        );
    }
    assert_eq!(store.stats().expect("stats").entities, 1);
}

#[test]
fn not_a_duplicate_and_a_dismissed_warning_are_edits_that_undo_takes_back() {
    let (_dir, mut store) = empty_store();
    let a = add(&mut store, "person", "Đặng Văn Đức");
    let b = add(&mut store, "person", "Dang Van Duc");
    assert_eq!(store.possible_duplicates(10).expect("pairs").len(), 1);
    store
        .edit("not a duplicate", |w| w.mark_not_duplicate(a, b))
        .expect("mark");
    assert!(store.possible_duplicates(10).expect("pairs").is_empty());
    assert_eq!(last_changes(&store)[0].table.name, "not_duplicate");
    store.undo().expect("undo");
    assert_eq!(store.possible_duplicates(10).expect("pairs").len(), 1);

    // A position held before its holder was born.
    let born = store
        .edit("born", |w| {
            w.add_entity(&NewEntity {
                kind: "person".into(),
                name: "Nguyễn Văn Bình".into(),
                date_start: Some("1990".into()),
                ..Default::default()
            })
        })
        .expect("person");
    let office = add(&mut store, "organisation", "Cục Bảo trợ xã hội");
    store
        .edit("held", |w| {
            w.add_relation(&NewRelation {
                subject: born.0,
                predicate: "holds_position".into(),
                object: office.0,
                date_start: Some("1980".into()),
                ..Default::default()
            })
        })
        .expect("relation");
    let warnings = store.warnings(None, 10).expect("warnings");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let key = warnings[0].key.clone();
    store
        .edit("dismiss", |w| w.dismiss_warning(&key))
        .expect("dismiss");
    assert!(store.warnings(None, 10).expect("w").is_empty());
    store.undo().expect("undo");
    assert_eq!(store.warnings(None, 10).expect("w").len(), 1);
}
