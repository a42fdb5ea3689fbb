//! "How is X connected to Y?": every shortest path, both directions of each link, within a
//! bound, avoiding kinds or link types, read as a chain; and the `path` command.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use super::cli::lienket;
use lienket::graph::paths::{self, Options};
use lienket::i18n::Lang;
use lienket::model::EntityId;
use lienket::store::write::{NewEntity, NewRelation};
use lienket::store::{Create, Store};

#[test]
fn the_official_reaches_the_ministry_through_the_workshop_read_as_a_chain() {
    let dir = tempfile::tempdir().unwrap();
    let store = lienket::location::open_or_create(&dir.path().join("kb.db"), true).unwrap();
    let to_duc = store.resolve("Tô Đức").unwrap().unwrap();
    let justice = store.resolve("Bộ Tư pháp").unwrap().unwrap();
    let found = paths::shortest(&store, to_duc, justice, &Options::default()).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].steps.len(), 2);
    assert_eq!(
        paths::chain(&store, &found[0], Lang::Vi).unwrap(),
        "Tô Đức — phát biểu tại — Hội thảo “Công tác xã hội với người nghèo” — thành phần tham dự — Bộ Tư pháp"
    );
    assert!(
        paths::chain(&store, &found[0], Lang::En)
            .unwrap()
            .contains("— spoke at —")
    );
    // The other way round reads the links the other way.
    let back = paths::shortest(&store, justice, to_duc, &Options::default()).unwrap();
    assert!(
        paths::chain(&store, &back[0], Lang::Vi)
            .unwrap()
            .starts_with("Bộ Tư pháp — tham dự — Hội thảo"),
        "{}",
        paths::chain(&store, &back[0], Lang::Vi).unwrap()
    );
    // Avoiding events leaves no way through.
    let avoid = Options {
        avoid_kinds: vec!["event".into()],
        ..Options::default()
    };
    assert!(
        paths::shortest(&store, to_duc, justice, &avoid)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn every_shortest_path_and_only_those_within_the_bound() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("g.db"), Create::IfMissing).unwrap();
    lienket::seed::install_vocabulary(&mut store).unwrap();
    let ids: Vec<EntityId> = store
        .edit("graph", |w| {
            let names = ["A", "B", "C", "D", "E", "F"];
            let ids = names
                .iter()
                .map(|n| {
                    w.add_entity(&NewEntity {
                        kind: "organisation".into(),
                        name: (*n).into(),
                        ..Default::default()
                    })
                })
                .collect::<Result<Vec<_>, _>>()?;
            // A–B–D and A–C–D (C links to A, read backwards), and a longer A–E–F–D.
            for (s, p, o) in [
                (0, "part_of", 1),
                (1, "part_of", 3),
                (2, "renamed_to", 0),
                (2, "addresses", 3),
                (0, "addresses", 4),
                (4, "addresses", 5),
                (5, "addresses", 3),
            ] {
                w.add_relation(&NewRelation {
                    subject: ids[s].0,
                    predicate: p.into(),
                    object: ids[o].0,
                    allow_kind_mismatch: true,
                    ..Default::default()
                })?;
            }
            Ok(ids)
        })
        .unwrap();
    let (a, d) = (ids[0], ids[3]);
    let found = paths::shortest(&store, a, d, &Options::default()).unwrap();
    let via: Vec<EntityId> = found.iter().map(|p| p.steps[0].to).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(via.contains(&ids[1]) && via.contains(&ids[2]));
    assert!(found.iter().all(|p| p.steps.len() == 2));
    let backwards = found.iter().find(|p| p.steps[0].to == ids[2]).unwrap();
    assert!(
        !backwards.steps[0].outgoing,
        "C links to A: read from A, backwards"
    );
    // Without part_of, one shortest path is left; with one link at most, none.
    let no_part = Options {
        avoid_predicates: vec!["part_of".into()],
        ..Options::default()
    };
    assert_eq!(paths::shortest(&store, a, d, &no_part).unwrap().len(), 1);
    // On request, the next longer ones: only A–E–F–D passes no entity twice.
    let longer = paths::of_length(&store, a, d, 3, &Options::default()).unwrap();
    assert_eq!(longer.len(), 1, "{longer:?}");
    let through: Vec<EntityId> = longer[0].steps.iter().map(|s| s.to).collect();
    assert_eq!(through, [ids[4], ids[5], d]);
    let one = Options {
        max: 1,
        ..Options::default()
    };
    assert!(paths::shortest(&store, a, d, &one).unwrap().is_empty());
    // Through neither B nor C: the longer way is the shortest left.
    let avoid_both = Options {
        avoid_predicates: vec!["part_of".into()],
        ..Options::default()
    };
    let mut store_without_c = store;
    store_without_c
        .edit("drop C", |w| w.delete_entity(ids[2]))
        .unwrap();
    let longer = paths::shortest(&store_without_c, a, d, &avoid_both).unwrap();
    assert_eq!(longer.len(), 1);
    assert_eq!(longer[0].steps.len(), 3);
}

#[test]
fn the_path_command_prints_chains_or_json_and_exits_1_without_a_path() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    drop(lienket::location::open_or_create(&db, true).unwrap());
    let run = |args: &[&str]| {
        let db = db.to_str().unwrap();
        lienket(
            dir.path(),
            &[["--db", db, "path"].as_slice(), args].concat(),
        )
    };
    let text = run(&["to duc", "Bộ Tư pháp"]);
    assert!(text.status.success());
    assert!(String::from_utf8_lossy(&text.stdout).starts_with("Tô Đức — phát biểu tại — "));
    let json = run(&["Tô Đức", "Bộ Tư pháp", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(list[0]["length"], 2);
    assert_eq!(list[0]["entities"].as_array().unwrap().len(), 3);
    assert_eq!(list[0]["links"][0]["predicate"], "spoke_at");
    let longer = run(&["Tô Đức", "Bộ Tư pháp", "--longer", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&longer.stdout).unwrap();
    let lengths: Vec<u64> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["length"].as_u64().unwrap())
        .collect();
    assert_eq!(lengths.first(), Some(&2));
    assert!(lengths.iter().all(|&l| l == 2 || l == 3), "{lengths:?}");
    let none = run(&["Tô Đức", "Bộ Tư pháp", "--avoid-kind", "event"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stdout).contains("no path"));
}
