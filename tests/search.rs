//! Search over the built-in knowledge base, typed the way Vietnamese people type: with or
//! without diacritics, with abbreviations, and one letter at a time.

use lienket::search::{self, Hit, MatchTier, Query};
use lienket::store::{Create, Store};
use unicode_normalization::UnicodeNormalization as _;

const MINISTRY: &str = "Bộ Lao động - Thương binh và Xã hội";

fn seeded() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("kb.db"), Create::IfMissing).expect("create");
    lienket::seed::install(&mut store).expect("built-in knowledge base");
    (dir, store)
}

fn find(store: &Store, text: &str, kind: Option<&str>, limit: usize) -> Vec<Hit> {
    search::search(
        store.conn(),
        &Query {
            text: text.into(),
            kind: kind.map(str::to_owned),
            limit,
        },
    )
    .expect("search")
}

fn first_name(store: &Store, text: &str) -> Option<String> {
    find(store, text, None, 10)
        .into_iter()
        .next()
        .map(|h| h.entity.name)
}

#[test]
fn to_duc_is_found_first_with_or_without_diacritics() {
    let (_dir, store) = seeded();
    let nfd: String = "Tô Đức".nfd().collect();
    for q in [
        "to duc",
        "TO DUC",
        "Tô Đức",
        "tô đức",
        "  to   duc ",
        nfd.as_str(),
        "to đuc",
    ] {
        let hits = find(&store, q, None, 10);
        let first = hits.first().unwrap_or_else(|| panic!("nothing for {q:?}"));
        assert_eq!(first.entity.name, "Tô Đức", "query {q:?}");
        assert_eq!(first.entity.kind, "person");
        assert_eq!(first.tier, MatchTier::ExactName, "query {q:?}");
    }
}

#[test]
fn the_ministry_comes_first_for_its_usual_names_and_abbreviations() {
    let (_dir, store) = seeded();
    for q in [
        "bo lao dong",
        "ldtbxh",
        "LĐTBXH",
        "LĐTB&XH",
        "ldtb&xh",
        "molisa",
        "MOLISA",
        "Bộ LĐTBXH",
        "bo lao dong thuong binh va xa hoi",
        "Bộ Lao động – Thương binh và Xã hội",
    ] {
        assert_eq!(
            first_name(&store, q).as_deref(),
            Some(MINISTRY),
            "query {q:?}"
        );
    }
}

#[test]
fn a_theme_is_found_first_by_its_name_without_diacritics() {
    let (_dir, store) = seeded();
    assert_eq!(
        first_name(&store, "giam ngheo da chieu").as_deref(),
        Some("giảm nghèo đa chiều")
    );
    assert_eq!(
        first_name(&store, "giam ngheo").as_deref(),
        Some("giảm nghèo")
    );
    // An alias that is not the name still leads to the theme.
    assert_eq!(
        first_name(&store, "xoa ngheo ben vung").as_deref(),
        Some("giảm nghèo bền vững")
    );
}

#[test]
fn the_bank_is_found_by_its_abbreviations() {
    let (_dir, store) = seeded();
    for q in ["nhcsxh", "NHCSXH", "vbsp", "ngan hang chinh sach"] {
        assert_eq!(
            first_name(&store, q).as_deref(),
            Some("Ngân hàng Chính sách xã hội"),
            "query {q:?}"
        );
    }
}

#[test]
fn the_department_stays_first_while_its_name_is_typed_letter_by_letter() {
    let (_dir, store) = seeded();
    let full = "cuc bao tro xa hoi";
    for end in 3..=full.len() {
        let typed = &full[..end];
        if typed.ends_with(' ') {
            continue;
        }
        assert_eq!(
            first_name(&store, typed).as_deref(),
            Some("Cục Bảo trợ xã hội"),
            "typed {typed:?}"
        );
    }
    let hits = find(&store, "cuc bao t", None, 10);
    assert_eq!(hits[0].tier, MatchTier::NamePrefix);
    // The same while typing with diacritics.
    assert_eq!(
        first_name(&store, "Cục Bảo t").as_deref(),
        Some("Cục Bảo trợ xã hội")
    );
}

#[test]
fn the_kind_filter_keeps_only_entities_of_that_kind() {
    let (_dir, store) = seeded();
    let all = find(&store, "giam ngheo", None, 50);
    let kinds: std::collections::BTreeSet<&str> =
        all.iter().map(|h| h.entity.kind.as_str()).collect();
    assert!(
        kinds.contains("theme") && kinds.contains("recommendation"),
        "{kinds:?}"
    );
    for kind in ["theme", "recommendation"] {
        let hits = find(&store, "giam ngheo", Some(kind), 50);
        assert!(!hits.is_empty(), "no {kind}");
        assert!(hits.iter().all(|h| h.entity.kind == kind), "{hits:?}");
        let expected = all.iter().filter(|h| h.entity.kind == kind).count();
        assert_eq!(hits.len(), expected, "the filter lost some {kind}");
    }
    assert!(find(&store, "giam ngheo", Some("person"), 50).is_empty());
    // The filter applies to abbreviations too.
    assert!(find(&store, "ldtbxh", Some("person"), 10).is_empty());
    assert_eq!(
        find(&store, "ldtbxh", Some("organisation"), 10)[0]
            .entity
            .name,
        MINISTRY
    );
}

#[test]
fn the_limit_is_respected_and_an_empty_query_finds_nothing() {
    let (_dir, store) = seeded();
    assert!(find(&store, "giam ngheo", None, 50).len() > 3);
    assert_eq!(find(&store, "giam ngheo", None, 3).len(), 3);
    assert!(find(&store, "giam ngheo", None, 0).is_empty());
    for q in ["", "   ", " - & "] {
        assert!(find(&store, q, None, 10).is_empty(), "query {q:?}");
    }
    assert!(find(&store, "zzqxj", None, 10).is_empty());
}

#[test]
fn hits_are_ordered_by_tier() {
    let (_dir, store) = seeded();
    for q in ["giam ngheo", "xa hoi", "cuc", "bo", "hoi thao"] {
        let hits = find(&store, q, None, 50);
        assert!(
            hits.windows(2).all(|w| w[0].tier <= w[1].tier),
            "query {q:?}: {:?}",
            hits.iter()
                .map(|h| (h.tier, &h.entity.name))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn query_characters_that_mean_something_to_the_index_are_harmless() {
    let (_dir, store) = seeded();
    for q in [
        "\"",
        "\"to duc",
        "to*",
        "NEAR(to duc)",
        "to OR duc",
        "{names}: x",
        "to:duc",
        "(",
        "'",
        "-",
        "^to",
    ] {
        // Must not fail; what is found does not matter here.
        search::search(
            store.conn(),
            &Query {
                text: q.into(),
                kind: None,
                limit: 10,
            },
        )
        .unwrap_or_else(|e| panic!("query {q:?} failed: {e}"));
    }
    assert_eq!(first_name(&store, "\"to duc\"").as_deref(), Some("Tô Đức"));
}
