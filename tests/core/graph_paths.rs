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

/// Distances from `from` by a plain breadth-first walk, and the number of shortest paths
/// to each entity (counted per link: two relations between the same entities are two
/// paths).
fn plain_bfs(
    store: &Store,
    from: EntityId,
    max: usize,
) -> std::collections::HashMap<EntityId, (usize, u64)> {
    let mut seen = std::collections::HashMap::from([(from, (0usize, 1u64))]);
    let mut level = vec![from];
    for depth in 1..=max {
        let mut next = Vec::new();
        for &node in &level {
            let ways = seen[&node].1;
            for link in store.links(node).unwrap() {
                match seen.get_mut(&link.other) {
                    None => {
                        seen.insert(link.other, (depth, ways));
                        next.push(link.other);
                    }
                    Some((d, n)) if *d == depth => *n += ways,
                    Some(_) => {}
                }
            }
        }
        level = next;
    }
    seen
}

#[test]
fn on_generated_graphs_the_paths_from_both_ends_are_those_of_a_plain_walk() {
    for seed in [3u64, 11, 29] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("g.db"), Create::IfMissing).unwrap();
        lienket::generate::generate(
            &mut store,
            lienket::generate::Params {
                entities: 400,
                relations: 700,
                seed,
            },
            |_, _, _| {},
        )
        .unwrap();
        let (lo, hi) = store.entity_id_bounds().unwrap().unwrap();
        let options = Options {
            limit: 100_000,
            ..Options::default()
        };
        let mut compared = 0;
        let mut x = seed;
        for _ in 0..40 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let from = EntityId(lo + (x >> 33) as i64 % (hi - lo + 1));
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let to = EntityId(lo + (x >> 33) as i64 % (hi - lo + 1));
            let truth = plain_bfs(&store, from, options.max);
            let found = paths::shortest(&store, from, to, &options).unwrap();
            match truth.get(&to) {
                None => assert!(found.is_empty(), "{from:?}→{to:?}: {found:?}"),
                Some(&(distance, ways)) => {
                    compared += 1;
                    assert_eq!(found.len() as u64, ways, "{from:?}→{to:?}");
                    for p in &found {
                        assert_eq!(p.steps.len(), distance);
                        // Each step follows a real link of the entity before it.
                        let mut at = from;
                        for s in &p.steps {
                            let links = store.links(at).unwrap();
                            assert!(links.iter().any(|l| l.relation == s.relation
                                && l.other == s.to
                                && l.outgoing == s.outgoing));
                            at = s.to;
                        }
                        assert_eq!(at, to);
                    }
                    let distinct: std::collections::BTreeSet<Vec<i64>> = found
                        .iter()
                        .map(|p| p.steps.iter().map(|s| s.relation).collect())
                        .collect();
                    assert_eq!(distinct.len(), found.len());
                }
            }
        }
        assert!(
            compared > 5,
            "seed {seed}: too few connected pairs ({compared})"
        );
    }
}
