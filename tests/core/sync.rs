//! Sharing between copies: change files carry edits from copy to copy; taking one shows
//! every conflict and lists every local value it replaces; taking a file twice changes
//! nothing; damaged, foreign and newer files are refused with the knowledge base
//! untouched; and three copies that edit at random and exchange files in any order, with
//! repeats, end identical once everyone has everything.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use crate::exchange::canonical;
use lienket::store::write::{CitationTarget, EntityPatch, NewCitation, NewEntity, NewRelation};
use lienket::store::{Create, Store};
use lienket::sync::{
    self, Action, ChangeFile, Choice, ConflictKind, ExportOptions, FileError, Preview,
};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One copy of the knowledge base.
struct Copy {
    path: PathBuf,
    store: Store,
    name: String,
}

const ORGS: &[&str] = &[
    "Sở LĐTBXH An Giang",
    "Hội Chữ thập đỏ",
    "Quỹ Vì người nghèo",
];
const PEOPLE: &[&str] = &["Nguyễn Văn Đức", "Trần Thị Hà"];

/// A small base every copy starts from: organisations, people, a document, links.
fn base(dir: &Path) -> PathBuf {
    let path = dir.join("base.db");
    let mut store = Store::open(&path, Create::IfMissing).unwrap();
    lienket::seed::install_vocabulary(&mut store).unwrap();
    store
        .edit("base", |w| {
            let mut orgs = Vec::new();
            for name in ORGS {
                orgs.push(w.add_entity(&NewEntity {
                    kind: "organisation".into(),
                    name: (*name).into(),
                    ..Default::default()
                })?);
            }
            for (i, name) in PEOPLE.iter().enumerate() {
                let p = w.add_entity(&NewEntity {
                    kind: "person".into(),
                    name: (*name).into(),
                    ..Default::default()
                })?;
                w.add_relation(&NewRelation {
                    subject: p.0,
                    predicate: "holds_position".into(),
                    object: orgs[i].0,
                    ..Default::default()
                })?;
            }
            w.add_entity(&NewEntity {
                kind: "document".into(),
                name: "Báo cáo năm".into(),
                ..Default::default()
            })?;
            Ok(())
        })
        .unwrap();
    path
}

/// `n` copies of the base, each with its own author.
fn copies(dir: &Path, n: usize) -> Vec<Copy> {
    let base = base(dir);
    (0..n)
        .map(|i| {
            let path = dir.join(format!("copy{i}.db"));
            std::fs::copy(&base, &path).unwrap();
            let mut store = Store::open(&path, Create::No).unwrap();
            let name = format!("Người {i}");
            store.set_author(&name);
            Copy { path, store, name }
        })
        .collect()
}

/// Rows of the canonical dump by (table, uid).
fn rows(path: &Path) -> BTreeMap<String, String> {
    canonical(path)
        .into_iter()
        .map(|line| {
            let mut parts = line.splitn(3, '|');
            let key = format!("{}|{}", parts.next().unwrap(), parts.next().unwrap());
            (key, line)
        })
        .collect()
}

/// A symmetric way to settle conflicts: every copy makes the same choice for the same
/// pair of versions, whichever side it is on (the larger value wins; a deletion wins).
fn settle(p: &Preview) -> BTreeMap<(String, String), Choice> {
    p.conflicts()
        .map(|item| {
            let choice = match &item.action {
                Action::Conflict {
                    kind: ConflictKind::SameField,
                    fields,
                    ..
                } => {
                    let pick = |i: Option<&serde_json::Map<String, serde_json::Value>>| {
                        fields
                            .iter()
                            .map(|f| i.and_then(|i| i.get(f)).map(ToString::to_string))
                            .collect::<Vec<_>>()
                    };
                    if pick(item.theirs.image.as_ref()) > pick(item.mine.as_ref()) {
                        Choice::Theirs
                    } else {
                        Choice::Mine
                    }
                }
                Action::Conflict {
                    kind: ConflictKind::DeletedThere(_),
                    ..
                } => Choice::Theirs,
                _ => Choice::Mine,
            };
            ((item.theirs.table.clone(), item.theirs.uid.clone()), choice)
        })
        .collect()
}

/// The rows a preview says it would write (new, changed, deleted with what depends on
/// them, merged, folded twins, conflicts).
fn listed(p: &Preview) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for item in &p.items {
        let key = |t: &str, u: &str| format!("{t}|{u}");
        match &item.action {
            Action::Have | Action::Same | Action::Missing { .. } => {}
            Action::Delete { dependents }
            | Action::Conflict {
                kind: ConflictKind::DeletedThere(dependents),
                ..
            } => {
                out.insert(key(&item.theirs.table, &item.theirs.uid));
                out.extend(dependents.iter().map(|(t, u)| key(t, u)));
            }
            Action::Conflict { twins, .. } => {
                out.insert(key(&item.theirs.table, &item.theirs.uid));
                out.extend(twins.iter().map(|t| key(&item.theirs.table, t)));
            }
            Action::Twin { local, .. }
            | Action::Update {
                twin: Some(local), ..
            }
            | Action::Merge {
                twin: Some(local), ..
            } => {
                out.insert(key(&item.theirs.table, &item.theirs.uid));
                out.insert(key(&item.theirs.table, local));
            }
            _ => {
                out.insert(key(&item.theirs.table, &item.theirs.uid));
            }
        }
    }
    out
}

/// Takes `file` into `copy`, settling conflicts the symmetric way, and checks that every
/// row that changed was listed in the preview. Returns (conflicts shown, edit made).
fn take(copy: &mut Copy, file: &Path) -> (usize, bool) {
    let change = ChangeFile::read(file).unwrap();
    let before = rows(&copy.path);
    let preview = sync::preview(&copy.store, &change).unwrap();
    let choices = settle(&preview);
    let shown = preview.conflicts().count();
    assert_eq!(choices.len(), shown);
    let report = sync::take(&mut copy.store, &change, "f", "take", &choices, None).unwrap();
    assert_eq!(report.unsettled, 0, "every conflict was settled");
    let after = rows(&copy.path);
    let listed = listed(&preview);
    let keys: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    for key in keys {
        if before.get(key) != after.get(key) {
            // A row kept from an earlier file may be taken now that its reference came.
            let pending_taken = key.starts_with("relation|")
                || key.starts_with("alias|")
                || key.starts_with("citation|");
            assert!(
                listed.contains(key) || pending_taken,
                "{key} changed without being listed\nbefore: {:?}\nafter: {:?}",
                before.get(key),
                after.get(key)
            );
        }
    }
    (shown, report.edit.is_some())
}

/// Writes a change file from `from` for `to` into `dir`.
fn export(copies: &mut [Copy], from: usize, to: usize, dir: &Path) -> PathBuf {
    let peer = copies[to].name.clone();
    let c = &mut copies[from];
    let out = sync::prepare(
        &mut c.store,
        &ExportOptions {
            peer,
            ..Default::default()
        },
    )
    .unwrap();
    sync::write(&mut c.store, &out, dir).unwrap()
}

/// Entity ids of a copy (organisations and people), in uid order.
fn entities(c: &Copy, kinds: &str) -> Vec<i64> {
    let conn = crate::support::raw(&c.store);
    let mut stmt = conn
        .prepare(&format!(
            "SELECT id FROM entity WHERE kind IN ({kinds}) ORDER BY uid"
        ))
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn relations(c: &Copy) -> Vec<(String, i64)> {
    let conn = crate::support::raw(&c.store);
    let mut stmt = conn
        .prepare("SELECT uid, id FROM relation ORDER BY uid")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// One random step of the property test.
#[derive(Clone, Debug)]
enum Step {
    Add(usize, u8),
    Summary(usize, usize, u8),
    Rename(usize, usize, u8),
    Relate(usize, usize, usize),
    Unrelate(usize, usize),
    Alias(usize, usize, u8),
    Cite(usize, usize),
    Delete(usize, usize),
    Merge(usize, usize, usize),
    Undo(usize),
    Export(usize, usize),
    Take(usize, usize),
}

fn step() -> impl Strategy<Value = Step> {
    let c = 0..3usize;
    let p = 0..16usize;
    prop_oneof![
        (c.clone(), 0..3u8).prop_map(|(c, n)| Step::Add(c, n)),
        (c.clone(), p.clone(), 0..3u8).prop_map(|(c, e, v)| Step::Summary(c, e, v)),
        (c.clone(), p.clone(), 0..2u8).prop_map(|(c, e, v)| Step::Rename(c, e, v)),
        (c.clone(), p.clone(), p.clone()).prop_map(|(c, a, b)| Step::Relate(c, a, b)),
        (c.clone(), p.clone()).prop_map(|(c, r)| Step::Unrelate(c, r)),
        (c.clone(), p.clone(), 0..2u8).prop_map(|(c, e, n)| Step::Alias(c, e, n)),
        (c.clone(), p.clone()).prop_map(|(c, r)| Step::Cite(c, r)),
        (c.clone(), p.clone()).prop_map(|(c, e)| Step::Delete(c, e)),
        (c.clone(), p.clone(), p.clone()).prop_map(|(c, a, b)| Step::Merge(c, a, b)),
        c.clone().prop_map(Step::Undo),
        (c.clone(), c.clone()).prop_map(|(a, b)| Step::Export(a, b)),
        (c.clone(), 0..64usize).prop_map(|(c, f)| Step::Take(c, f)),
    ]
}

/// Runs one step; edits the rules refuse are simply not made.
fn run(copies: &mut [Copy], files: &mut Vec<PathBuf>, dir: &Path, s: &Step) {
    let pick = |v: &[i64], i: usize| (!v.is_empty()).then(|| v[i % v.len()]);
    match *s {
        Step::Add(c, n) => {
            let _ = copies[c].store.edit("add", |w| {
                w.add_entity(&NewEntity {
                    kind: "organisation".into(),
                    name: format!("Tổ chức mới {n}"),
                    ..Default::default()
                })
            });
        }
        Step::Summary(c, e, v) | Step::Rename(c, e, v) => {
            let Some(id) = pick(&entities(&copies[c], "'organisation','person'"), e) else {
                return;
            };
            let patch = if matches!(s, Step::Summary(..)) {
                EntityPatch {
                    summary: Some(format!("ghi chú {v} của {c}")),
                    ..Default::default()
                }
            } else {
                EntityPatch {
                    name_en: Some(format!("Name {v}")),
                    ..Default::default()
                }
            };
            let _ = copies[c].store.edit("edit", |w| {
                w.update_entity(lienket::model::EntityId(id), &patch)
            });
        }
        Step::Relate(c, a, b) => {
            let orgs = entities(&copies[c], "'organisation'");
            let people = entities(&copies[c], "'person'");
            let (Some(p), Some(o)) = (pick(&people, a), pick(&orgs, b)) else {
                return;
            };
            let _ = copies[c].store.edit("relate", |w| {
                w.add_relation(&NewRelation {
                    subject: p,
                    predicate: "holds_position".into(),
                    object: o,
                    ..Default::default()
                })
            });
        }
        Step::Unrelate(c, r) => {
            let rels = relations(&copies[c]);
            if rels.is_empty() {
                return;
            }
            let uid = rels[r % rels.len()].0.clone();
            let _ = copies[c]
                .store
                .edit("unrelate", |w| w.delete_relation(&uid));
        }
        Step::Alias(c, e, n) => {
            let Some(id) = pick(&entities(&copies[c], "'organisation','person'"), e) else {
                return;
            };
            let _ = copies[c].store.edit("alias", |w| {
                w.add_alias(lienket::model::EntityId(id), &format!("Tên khác {n}"), None)
            });
        }
        Step::Cite(c, r) => {
            let rels = relations(&copies[c]);
            let docs = entities(&copies[c], "'document'");
            if rels.is_empty() || docs.is_empty() {
                return;
            }
            let rel = rels[r % rels.len()].1;
            let _ = copies[c].store.edit("cite", |w| {
                w.add_citation(&NewCitation::new(
                    CitationTarget::Relation(rel),
                    lienket::model::EntityId(docs[0]),
                ))
            });
        }
        Step::Delete(c, e) => {
            let Some(id) = pick(&entities(&copies[c], "'organisation','person'"), e) else {
                return;
            };
            let _ = copies[c]
                .store
                .edit("delete", |w| w.delete_entity(lienket::model::EntityId(id)));
        }
        Step::Merge(c, a, b) => {
            let orgs = entities(&copies[c], "'organisation'");
            let (Some(k), Some(o)) = (pick(&orgs, a), pick(&orgs, b)) else {
                return;
            };
            let _ = copies[c].store.edit("merge", |w| {
                w.merge(
                    lienket::model::EntityId(k),
                    lienket::model::EntityId(o),
                    false,
                )
            });
        }
        Step::Undo(c) => {
            let _ = copies[c].store.undo();
        }
        Step::Export(from, to) => {
            if from != to {
                files.push(export(copies, from, to, dir));
            }
        }
        Step::Take(c, f) => {
            if !files.is_empty() {
                let file = files[f % files.len()].clone();
                take(&mut copies[c], &file);
            }
        }
    }
}

/// Everyone takes every file written, then the copies exchange fresh files until none
/// changes anything. Returns how many conflicts were shown on the way.
fn settle_everything(copies: &mut [Copy], files: &[PathBuf], dir: &Path) -> usize {
    let mut shown = 0;
    for copy in copies.iter_mut() {
        for f in files {
            shown += take(copy, f).0;
        }
    }
    for _round in 0..8 {
        let mut changed = false;
        for from in 0..copies.len() {
            for to in 0..copies.len() {
                if from != to {
                    let file = export(copies, from, to, dir);
                    let (s, edit) = take(&mut copies[to], &file);
                    shown += s;
                    changed |= edit;
                }
            }
        }
        if !changed {
            return shown;
        }
    }
    panic!("the copies kept changing each other");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn three_copies_end_identical(steps in proptest::collection::vec(step(), 5..30)) {
        let dir = tempfile::tempdir().unwrap();
        let mut cs = copies(dir.path(), 3);
        let mut files = Vec::new();
        for s in &steps {
            run(&mut cs, &mut files, dir.path(), s);
        }
        settle_everything(&mut cs, &files, dir.path());
        let dumps: Vec<BTreeSet<String>> = cs
            .iter()
            .map(|c| canonical(&c.path).into_iter().collect())
            .collect();
        for other in &dumps[1..] {
            let only_first: Vec<&String> = dumps[0].difference(other).collect();
            let only_other: Vec<&String> = other.difference(&dumps[0]).collect();
            prop_assert!(
                only_first.is_empty() && only_other.is_empty(),
                "copies differ: {:#?} against {:#?}",
                only_first,
                only_other
            );
        }
        for c in &cs {
            prop_assert!(c.store.check().unwrap().ok());
        }
    }
}

/// Two copies of the base and a folder for their files.
fn pair() -> (tempfile::TempDir, Vec<Copy>) {
    let dir = tempfile::tempdir().unwrap();
    let cs = copies(dir.path(), 2);
    (dir, cs)
}

fn entity_id(c: &Copy, name: &str) -> lienket::model::EntityId {
    c.store.resolve(name).unwrap().unwrap()
}

fn summary(c: &Copy, name: &str) -> Option<String> {
    c.store.entity(entity_id(c, name)).unwrap().summary
}

fn set_summary(c: &mut Copy, name: &str, text: &str) {
    let id = entity_id(c, name);
    c.store
        .edit("summary", |w| {
            w.update_entity(
                id,
                &EntityPatch {
                    summary: Some(text.into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
}

fn conflicts(c: &Copy, file: &Path) -> Vec<(ConflictKind, Vec<String>)> {
    let change = ChangeFile::read(file).unwrap();
    sync::preview(&c.store, &change)
        .unwrap()
        .conflicts()
        .map(|i| match &i.action {
            Action::Conflict { kind, fields, .. } => (kind.clone(), fields.clone()),
            _ => unreachable!(),
        })
        .collect()
}

#[test]
fn the_same_field_changed_on_both_sides_is_a_conflict_with_base_mine_and_theirs() {
    let (dir, mut cs) = pair();
    set_summary(&mut cs[0], ORGS[0], "của A");
    set_summary(&mut cs[1], ORGS[0], "của B");
    let file = export(&mut cs, 0, 1, dir.path());
    let change = ChangeFile::read(&file).unwrap();
    let preview = sync::preview(&cs[1].store, &change).unwrap();
    let item = preview.conflicts().next().expect("one conflict");
    assert_eq!(preview.conflicts().count(), 1);
    let field = |i: Option<&serde_json::Map<String, serde_json::Value>>| {
        i.and_then(|i| i.get("summary")).cloned()
    };
    assert_eq!(
        field(item.theirs.base.as_ref()),
        Some(serde_json::Value::Null)
    );
    assert_eq!(field(item.mine.as_ref()), Some("của B".into()));
    assert_eq!(field(item.theirs.image.as_ref()), Some("của A".into()));
    // Without a choice, nothing of that row is taken.
    let report = sync::take(
        &mut cs[1].store,
        &change,
        "f",
        "take",
        &BTreeMap::new(),
        None,
    )
    .unwrap();
    assert_eq!(report.unsettled, 1);
    assert_eq!(summary(&cs[1], ORGS[0]).as_deref(), Some("của B"));
    // Settled: taking theirs writes theirs, as one edit that undo takes back.
    let choices = BTreeMap::from([(
        (item.theirs.table.clone(), item.theirs.uid.clone()),
        Choice::Theirs,
    )]);
    let report = sync::take(&mut cs[1].store, &change, "f", "take", &choices, None).unwrap();
    assert_eq!(report.unsettled, 0);
    assert_eq!(summary(&cs[1], ORGS[0]).as_deref(), Some("của A"));
    cs[1].store.undo().unwrap();
    assert_eq!(summary(&cs[1], ORGS[0]).as_deref(), Some("của B"));
}

#[test]
fn different_fields_changed_on_both_sides_merge_without_a_conflict() {
    let (dir, mut cs) = pair();
    set_summary(&mut cs[0], ORGS[1], "của A");
    let id = entity_id(&cs[1], ORGS[1]);
    cs[1]
        .store
        .edit("en", |w| {
            w.update_entity(
                id,
                &EntityPatch {
                    name_en: Some("Red Cross".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let file = export(&mut cs, 0, 1, dir.path());
    assert!(conflicts(&cs[1], &file).is_empty());
    take(&mut cs[1], &file);
    let e = cs[1].store.entity(id).unwrap();
    assert_eq!(e.summary.as_deref(), Some("của A"));
    assert_eq!(e.name_en.as_deref(), Some("Red Cross"));
}

#[test]
fn a_relation_changed_on_both_sides_is_a_conflict() {
    let (dir, mut cs) = pair();
    for (c, role) in [(0, "Giám đốc"), (1, "Phó giám đốc")] {
        let uid = relations(&cs[c])[0].0.clone();
        cs[c]
            .store
            .edit("role", |w| {
                w.update_relation(
                    &uid,
                    &lienket::store::RelationPatch {
                        role: Some(role.into()),
                        ..Default::default()
                    },
                )
            })
            .unwrap();
    }
    let file = export(&mut cs, 0, 1, dir.path());
    assert_eq!(
        conflicts(&cs[1], &file),
        vec![(ConflictKind::SameField, vec!["role".to_owned()])]
    );
}

#[test]
fn a_deletion_against_an_edit_is_a_conflict_on_both_sides() {
    let (dir, mut cs) = pair();
    let id = entity_id(&cs[0], ORGS[2]);
    cs[0].store.edit("delete", |w| w.delete_entity(id)).unwrap();
    set_summary(&mut cs[1], ORGS[2], "vẫn hoạt động");
    let from_a = export(&mut cs, 0, 1, dir.path());
    let from_b = export(&mut cs, 1, 0, dir.path());
    assert!(matches!(
        conflicts(&cs[1], &from_a)[..],
        [(ConflictKind::DeletedThere(_), _)]
    ));
    assert_eq!(
        conflicts(&cs[0], &from_b),
        vec![(ConflictKind::DeletedHere, Vec::new())]
    );
}

#[test]
fn a_merge_against_an_edit_names_the_entity_it_was_merged_into() {
    let (dir, mut cs) = pair();
    let (keep, other) = (entity_id(&cs[0], ORGS[0]), entity_id(&cs[0], ORGS[1]));
    cs[0]
        .store
        .edit("merge", |w| w.merge(keep, other, false))
        .unwrap();
    set_summary(&mut cs[1], ORGS[1], "sửa ở B");
    let from_b = export(&mut cs, 1, 0, dir.path());
    assert_eq!(
        conflicts(&cs[0], &from_b),
        vec![(ConflictKind::MergedHere(ORGS[0].into()), Vec::new())]
    );
}

#[test]
fn an_alias_added_on_both_sides_is_kept_once() {
    let (dir, mut cs) = pair();
    for c in cs.iter_mut() {
        let id = entity_id(c, ORGS[0]);
        c.store
            .edit("alias", |w| w.add_alias(id, "Sở LĐ An Giang", None))
            .unwrap();
    }
    let from_a = export(&mut cs, 0, 1, dir.path());
    let from_b = export(&mut cs, 1, 0, dir.path());
    let change = ChangeFile::read(&from_a).unwrap();
    let preview = sync::preview(&cs[1].store, &change).unwrap();
    assert!(
        preview
            .items
            .iter()
            .any(|i| matches!(i.action, Action::Twin { .. }))
    );
    take(&mut cs[1], &from_a);
    take(&mut cs[0], &from_b);
    let count = |c: &Copy| {
        crate::support::raw(&c.store)
            .query_row(
                "SELECT count(*) FROM alias WHERE name = 'Sở LĐ An Giang'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
    };
    assert_eq!((count(&cs[0]), count(&cs[1])), (1, 1));
    assert_eq!(canonical(&cs[0].path), canonical(&cs[1].path));
}

#[test]
fn taking_a_file_twice_changes_nothing_and_built_in_rows_never_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.db");
    let b = dir.path().join("b.db");
    drop(lienket::location::open_or_create(&a, true).unwrap());
    drop(lienket::location::open_or_create(&b, true).unwrap());
    let mut cs: Vec<Copy> = [a, b]
        .into_iter()
        .enumerate()
        .map(|(i, path)| Copy {
            store: Store::open(&path, Create::No).unwrap(),
            path,
            name: format!("c{i}"),
        })
        .collect();
    let to_duc = entity_id(&cs[0], "Tô Đức");
    cs[0]
        .store
        .edit("edit", |w| {
            w.update_entity(
                to_duc,
                &EntityPatch {
                    name_en: Some("To Duc".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let file = export(&mut cs, 0, 1, dir.path());
    let entities_before = cs[1].store.stats().unwrap().entities;
    assert!(take(&mut cs[1], &file).1);
    let once = canonical(&cs[1].path);
    assert_eq!(cs[1].store.stats().unwrap().entities, entities_before);
    let log = cs[1].store.log(None, 100).unwrap().len();
    let (_, edit) = take(&mut cs[1], &file);
    assert!(!edit, "the second time writes nothing");
    assert_eq!(canonical(&cs[1].path), once);
    assert_eq!(cs[1].store.log(None, 100).unwrap().len(), log);
    assert_eq!(canonical(&cs[0].path), once);
}

#[test]
fn private_entities_and_properties_stay_out_unless_included_and_are_kept_here() {
    let (dir, mut cs) = pair();
    let id = entity_id(&cs[0], ORGS[0]);
    cs[0]
        .store
        .edit("private", |w| {
            w.add_entity(&NewEntity {
                kind: "person".into(),
                name: "Người Giấu Tên".into(),
                private: true,
                ..Default::default()
            })?;
            w.update_entity(
                id,
                &EntityPatch {
                    summary: Some("công khai".into()),
                    properties: Some(
                        serde_json::from_str(r#"{"phone": "0909", "_private": ["phone"]}"#)
                            .unwrap(),
                    ),
                    ..Default::default()
                },
            )
        })
        .unwrap();
    let file = export(&mut cs, 0, 1, dir.path());
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains("Người Giấu Tên") && !text.contains("0909"));
    take(&mut cs[1], &file);
    assert_eq!(summary(&cs[1], ORGS[0]).as_deref(), Some("công khai"));
    assert!(cs[1].store.resolve("Người Giấu Tên").unwrap().is_none());
    // B changes the entity; A's private property survives B's file.
    set_summary(&mut cs[1], ORGS[0], "B sửa");
    let back = export(&mut cs, 1, 0, dir.path());
    take(&mut cs[0], &back);
    let e = cs[0].store.entity(id).unwrap();
    assert_eq!(e.summary.as_deref(), Some("B sửa"));
    assert_eq!(e.properties.get("phone"), Some(&serde_json::json!("0909")));
    // Included on request.
    let out = sync::prepare(
        &mut cs[0].store,
        &ExportOptions {
            peer: "x".into(),
            include_private: true,
            since_ms: Some(0),
            own_only: false,
            most_rows: None,
        },
    )
    .unwrap();
    let text = String::from_utf8(out.file.to_bytes()).unwrap();
    assert!(text.contains("Người Giấu Tên") && text.contains("0909"));
}

#[test]
fn damaged_foreign_and_newer_files_are_refused_and_change_nothing() {
    let (dir, mut cs) = pair();
    set_summary(&mut cs[0], ORGS[0], "của A");
    let file = export(&mut cs, 0, 1, dir.path());
    let bytes = std::fs::read(&file).unwrap();
    let before = std::fs::read(&cs[1].path).unwrap();
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("truncated", bytes[..bytes.len() / 2].to_vec()),
        ("tampered", {
            let text = String::from_utf8(bytes.clone()).unwrap();
            text.replace("của A", "của X").into_bytes()
        }),
        ("foreign", b"name,kind\nA,organisation\n".to_vec()),
        ("newer", {
            let text = String::from_utf8(bytes.clone()).unwrap();
            text.replacen("LIENKET-CHANGES 1 ", "LIENKET-CHANGES 9 ", 1)
                .into_bytes()
        }),
    ];
    for (what, content) in variants {
        let path = dir.path().join(format!("{what}.lienket-changes"));
        std::fs::write(&path, content).unwrap();
        let err = ChangeFile::read(&path).unwrap_err();
        match what {
            "foreign" => assert!(matches!(err, FileError::Foreign), "{what}: {err}"),
            "newer" => {
                assert!(matches!(err, FileError::Newer(9)));
                assert!(err.to_string().contains("upgrade"));
            }
            _ => assert!(matches!(err, FileError::Damaged(_)), "{what}: {err}"),
        }
        // The command line refuses it too, and the file is untouched.
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_lienket"))
            .arg("--db")
            .arg(&cs[1].path)
            .args(["changes", "import"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(!status.status.success(), "{what}");
    }
    drop(cs);
    assert_eq!(std::fs::read(dir.path().join("copy1.db")).unwrap(), before);
}

#[test]
fn the_command_line_exports_imports_and_exits_1_on_an_unsettled_conflict() {
    let (dir, mut cs) = pair();
    set_summary(&mut cs[0], ORGS[0], "của A");
    set_summary(&mut cs[1], ORGS[0], "của B");
    let (a, b) = (cs[0].path.clone(), cs[1].path.clone());
    drop(cs);
    let lienket = |args: &[&str], db: &Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_lienket"))
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .unwrap()
    };
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let o = lienket(
        &["changes", "export", out_dir.to_str().unwrap(), "--to", "b"],
        &a,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let file = std::fs::read_dir(&out_dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let f = file.to_str().unwrap();
    let o = lienket(&["changes", "import", f, "--dry-run", "--json"], &b);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        json["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["action"]["action"] == "conflict")
    );
    let o = lienket(&["changes", "import", f], &b);
    assert_eq!(o.status.code(), Some(1));
    let o = lienket(&["changes", "import", f, "--take", "theirs"], &b);
    assert!(o.status.success());
    let store = Store::open(&b, Create::No).unwrap();
    let id = store.resolve(ORGS[0]).unwrap().unwrap();
    assert_eq!(store.entity(id).unwrap().summary.as_deref(), Some("của A"));
    drop(store);
    let o = lienket(&["changes", "activity"], &b);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("Người 0") && text.contains("summary"),
        "{text}"
    );
}

#[test]
fn shared_folder_mode_writes_ours_and_takes_theirs_once() {
    let (dir, mut cs) = pair();
    let shared = dir.path().join("Dropbox");
    std::fs::create_dir(&shared).unwrap();
    for c in cs.iter_mut() {
        sync::folder::set_shared_folder(&mut c.store, Some(&shared)).unwrap();
    }
    set_summary(&mut cs[0], ORGS[0], "của A");
    let pass = sync::folder::sync(&mut cs[0].store, &shared, None, "").unwrap();
    assert!(pass.written.is_some() && pass.taken.is_empty());
    // A half-copied file (as a sync engine leaves it while copying) is not taken.
    std::fs::write(
        shared.join("partial.lienket-changes"),
        b"LIENKET-CHANGES 1 bytes=99",
    )
    .unwrap();
    let pass = sync::folder::sync(&mut cs[1].store, &shared, None, "").unwrap();
    assert_eq!(pass.taken.len(), 1);
    assert_eq!(pass.refused.len(), 1);
    // B's own first file holds what B made (the base it started from), never A's change
    // that B took: A wrote that file already.
    if let Some(written) = &pass.written {
        let file = ChangeFile::read(written).unwrap();
        assert!(file.rows.iter().all(|r| {
            r.image
                .as_ref()
                .and_then(|i| i.get("summary"))
                .is_none_or(|s| s != "của A")
        }));
    }
    assert_eq!(summary(&cs[1], ORGS[0]).as_deref(), Some("của A"));
    let again = sync::folder::sync(&mut cs[1].store, &shared, None, "").unwrap();
    assert!(again.taken.is_empty());
    // The database never goes there.
    for entry in std::fs::read_dir(&shared).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(name.ends_with(".lienket-changes"), "{name}");
    }
}

#[test]
fn a_shared_file_with_a_conflict_waits_until_every_conflict_is_settled() {
    let (dir, mut cs) = pair();
    let shared = dir.path().join("Drive");
    std::fs::create_dir(&shared).unwrap();
    set_summary(&mut cs[0], ORGS[0], "của A");
    set_summary(&mut cs[1], ORGS[0], "của B");
    sync::folder::sync(&mut cs[0].store, &shared, None, "").unwrap();
    let pass = sync::folder::sync(&mut cs[1].store, &shared, None, "").unwrap();
    assert_eq!(pass.need_choice.len(), 1);
    let path = pass.need_choice[0].clone();
    let file = ChangeFile::read(&path).unwrap();
    // Taken in part (the conflict left without a choice): offered again.
    sync::take(&mut cs[1].store, &file, "x", "take", &BTreeMap::new(), None).unwrap();
    let again = sync::folder::sync(&mut cs[1].store, &shared, None, "").unwrap();
    assert_eq!(again.need_choice, vec![path.clone()]);
    // Settled: taken whole, never offered again.
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let choices = settle(&sync::preview(&cs[1].store, &file).unwrap());
    sync::take(&mut cs[1].store, &file, &name, "take", &choices, None).unwrap();
    let last = sync::folder::sync(&mut cs[1].store, &shared, None, "").unwrap();
    assert!(last.need_choice.is_empty() && last.taken.is_empty());
}

#[test]
fn a_file_too_large_to_hold_is_refused_before_any_row_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("big.db"), Create::IfMissing).unwrap();
    let params = lienket::generate::Params {
        entities: 300,
        relations: 600,
        seed: 3,
    };
    lienket::generate::generate(&mut store, params, |_, _, _| {}).unwrap();
    let since_the_start = ExportOptions {
        peer: "x".into(),
        most_rows: Some(500),
        ..Default::default()
    };
    // The generated rows are one bulk edit: counted by their id ranges.
    match sync::prepare(&mut store, &since_the_start) {
        Err(lienket::store::StoreError::TooManyChanges { rows, most }) => {
            assert!(rows >= 900, "{rows}");
            assert_eq!(most, 500);
        }
        other => panic!("{other:?}"),
    }
    // Changes since a later date fit.
    let later = lienket::store::write::now_ms();
    set_summary_of(&mut store, "ghi chú mới");
    let out = sync::prepare(
        &mut store,
        &ExportOptions {
            since_ms: Some(later),
            ..since_the_start
        },
    )
    .unwrap();
    assert_eq!(out.file.rows.len(), 1);
}

/// Changes the summary of the first entity of `store`.
fn set_summary_of(store: &mut Store, text: &str) {
    let id = store.entity_id_bounds().unwrap().unwrap().0;
    store
        .edit("summary", |w| {
            w.update_entity(
                lienket::model::EntityId(id),
                &EntityPatch {
                    summary: Some(text.into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
}
