//! The synthetic knowledge base for tests and benchmarks: deterministic per seed, exactly
//! the requested size, every built-in kind, and skewed degrees (a few hubs).

use crate::support::raw;
use lienket::generate::{Params, generate};
use lienket::store::search::Query;
use lienket::store::{Create, Store, StoreError};

fn generated(entities: usize, relations: usize, seed: u64) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("gen.db"), Create::IfMissing).expect("create");
    generate(
        &mut store,
        Params {
            entities,
            relations,
            seed,
        },
        |_, _, _| {},
    )
    .expect("generate");
    (dir, store)
}

/// Everything generated except the random uids and timestamps, in id order: entities,
/// aliases and relations.
fn canonical_dump(store: &Store) -> Vec<String> {
    let queries = [
        "SELECT 'e', id, kind, name, coalesce(name_en, ''), coalesce(summary, ''),
                coalesce(date_start, ''), coalesce(date_end, '') FROM entity ORDER BY id",
        "SELECT 'a', id, entity_id, name, '', '', '', '' FROM alias ORDER BY id",
        "SELECT 'r', id, subject_id, predicate, object_id, coalesce(role, ''),
                coalesce(date_start, ''), coalesce(note, '') FROM relation ORDER BY id",
    ];
    let mut out = Vec::new();
    let conn = raw(store);
    for sql in queries {
        let mut stmt = conn.prepare(sql).expect("prepare");
        let rows = stmt
            .query_map([], |r| {
                let cols: Vec<String> = (0..8)
                    .map(|i| {
                        r.get::<_, rusqlite::types::Value>(i).map(|v| match v {
                            rusqlite::types::Value::Text(t) => t,
                            rusqlite::types::Value::Integer(n) => n.to_string(),
                            other => format!("{other:?}"),
                        })
                    })
                    .collect::<Result<_, _>>()?;
                Ok(cols.join("|"))
            })
            .expect("query");
        out.extend(rows.map(|r| r.expect("row")));
    }
    out
}

fn degrees(store: &Store) -> Vec<i64> {
    let conn = raw(store);
    let mut stmt = conn
        .prepare(
            "SELECT (SELECT count(*) FROM relation WHERE subject_id = e.id)
                  + (SELECT count(*) FROM relation WHERE object_id = e.id)
             FROM entity e",
        )
        .expect("prepare");
    let mut d: Vec<i64> = stmt
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    d.sort_unstable();
    d
}

#[test]
fn the_same_seed_gives_the_same_content() {
    let (_a, a) = generated(2000, 5000, 42);
    let (_b, b) = generated(2000, 5000, 42);
    let dump = canonical_dump(&a);
    assert_eq!(dump.len(), canonical_dump(&b).len());
    assert_eq!(dump, canonical_dump(&b));
    // The uids are fresh in every database: copies never share generated identities.
    let uid = |s: &Store| -> String {
        raw(s)
            .query_row("SELECT uid FROM entity ORDER BY id LIMIT 1", [], |r| {
                r.get(0)
            })
            .expect("uid")
    };
    assert_ne!(uid(&a), uid(&b));
}

#[test]
fn a_different_seed_gives_different_content() {
    let (_a, a) = generated(2000, 5000, 42);
    let (_b, b) = generated(2000, 5000, 43);
    let (da, db) = (canonical_dump(&a), canonical_dump(&b));
    let names = |d: &[String]| -> Vec<String> {
        d.iter().filter(|l| l.starts_with("e|")).cloned().collect()
    };
    assert_ne!(names(&da), names(&db), "entities are the same");
    let relations = |d: &[String]| -> Vec<String> {
        d.iter().filter(|l| l.starts_with("r|")).cloned().collect()
    };
    assert_ne!(relations(&da), relations(&db), "relations are the same");
}

#[test]
fn the_counts_are_exactly_as_requested() {
    for (entities, relations) in [(0, 0), (1, 0), (50, 60), (500, 1500), (3000, 9000)] {
        let (_dir, store) = generated(entities, relations, 7);
        let stats = store.stats().expect("stats");
        assert_eq!(stats.entities, entities as i64, "{entities}/{relations}");
        assert_eq!(stats.relations, relations as i64, "{entities}/{relations}");
    }
}

#[test]
fn every_built_in_kind_is_present_in_a_few_thousand_entities() {
    let (_dir, store) = generated(3000, 6000, 1);
    let stats = store.stats().expect("stats");
    for kind in lienket::model::BUILTIN_KINDS {
        let n = stats
            .kinds
            .iter()
            .find(|k| k.kind == *kind)
            .map(|k| k.count)
            .unwrap_or(0);
        assert!(n > 0, "no {kind}: {:?}", stats.kinds);
    }
}

#[test]
fn a_few_hubs_have_a_far_higher_degree_than_the_median() {
    let (_dir, store) = generated(3000, 9000, 1);
    let d = degrees(&store);
    let median = d[d.len() / 2];
    let max = *d.last().expect("entities");
    eprintln!("median {median}, max {max}, p99 {}", d[d.len() * 99 / 100]);
    assert!(median >= 1);
    assert!(max >= 20 * median, "max degree {max}, median {median}");
    let top = store.most_connected(1).expect("most connected");
    assert_eq!(top[0].1, max);
}

#[test]
fn generated_entities_are_searchable_with_and_without_diacritics() {
    let (_dir, store) = generated(500, 800, 5);
    let with_marks = store
        .list(Some("person"), 500)
        .expect("people")
        .into_iter()
        .find(|e| lienket::text::has_diacritics(&e.name))
        .expect("some person's name carries diacritics");
    for q in [
        with_marks.name.clone(),
        lienket::text::folded_key(&with_marks.name),
    ] {
        let hits = store
            .search(&Query {
                text: q.clone(),
                kind: Some("person".into()),
                limit: 400,
            })
            .expect("search");
        assert!(
            hits.iter().any(|h| h.entity.uid == with_marks.uid),
            "{q:?} does not find {}",
            with_marks.name
        );
    }
}

#[test]
fn generation_is_one_compact_edit() {
    let (_dir, store) = generated(1000, 2000, 9);
    let log = store.log(None, 10).expect("log");
    // The built-in vocabulary, then the generation.
    assert_eq!(log.len(), 2, "{log:?}");
    assert!(
        log[0].description.starts_with("generate 1000 entities"),
        "{log:?}"
    );
    assert!(log[0].changes <= 3, "{log:?}");
}

#[test]
fn a_request_for_more_relations_than_can_be_made_fails_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("gen.db"), Create::IfMissing).expect("create");
    let err = generate(
        &mut store,
        Params {
            entities: 5,
            relations: 1000,
            seed: 1,
        },
        |_, _, _| {},
    )
    .expect_err("1000 distinct relations between 5 entities cannot exist");
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert!(store.is_empty().expect("is_empty"));
    assert_eq!(store.stats().expect("stats").relations, 0);
}

#[test]
fn a_hub_reads_page_by_page_exactly_as_whole() {
    let (_d, store) = generated(3000, 12_000, 9);
    let (hub, degree) = store.most_connected(1).expect("top").remove(0);
    let groups = store.relation_groups(hub.id).expect("groups");
    assert_eq!(
        groups.iter().map(|g| g.count as i64).sum::<i64>(),
        degree,
        "the group counts add up to the degree"
    );
    let whole = store.detail(hub.id).expect("detail").relations;
    let mut paged = Vec::new();
    for g in &groups {
        let mut offset = 0;
        loop {
            let page = store
                .relations_page(hub.id, &g.predicate, g.direction, offset, 97)
                .expect("page");
            assert!(
                page.iter()
                    .all(|r| r.predicate == g.predicate && r.direction == g.direction)
            );
            offset += page.len();
            let done = page.len() < 97;
            paged.extend(page);
            if done {
                break;
            }
        }
        assert_eq!(offset, g.count, "{}: pages hold the group", g.predicate);
    }
    // Pages hold every relation once (in the order they were recorded, not by name).
    let uids = |v: &[lienket::model::RelationView]| {
        let mut u: Vec<String> = v.iter().map(|r| r.uid.clone()).collect();
        u.sort();
        u
    };
    assert_eq!(
        uids(&paged),
        uids(&whole),
        "pages together are the whole list"
    );
    let by_uid: std::collections::HashMap<&str, &lienket::model::RelationView> =
        whole.iter().map(|r| (r.uid.as_str(), r)).collect();
    for r in &paged {
        assert_eq!(
            Some(&r),
            by_uid.get(r.uid.as_str()),
            "the same row either way"
        );
    }
}
