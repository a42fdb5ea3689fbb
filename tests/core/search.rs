//! Search over the built-in knowledge base, typed the way Vietnamese people type: with or
//! without diacritics, with abbreviations, and one letter at a time.

use crate::support::external_write;
use lienket::store::search::{Hit, MatchTier, Query};
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
    store
        .search(&Query {
            text: text.into(),
            kind: kind.map(str::to_owned),
            limit,
        })
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
        store
            .search(&Query {
                text: q.into(),
                kind: None,
                limit: 10,
            })
            .unwrap_or_else(|e| panic!("query {q:?} failed: {e}"));
    }
    assert_eq!(first_name(&store, "\"to duc\"").as_deref(), Some("Tô Đức"));
}

// ---------------------------------------------------------------------------------------
// The ranking rule, on a small base built for it.

use lienket::model::EntityId;
use lienket::store::search::Filters;
use lienket::store::write::{NewEntity, NewRelation};
use std::collections::HashMap;

/// A store with the built-in kinds and predicates and the given entities (kind, name,
/// aliases, summary, dates), plus `links` extra relations per entity name (to give it a
/// degree).
struct Base {
    _dir: tempfile::TempDir,
    store: Store,
    ids: HashMap<String, EntityId>,
}

/// A new entity of `kind` named `name`, nothing else set.
fn entity(kind: &str, name: &str) -> NewEntity {
    NewEntity {
        kind: kind.into(),
        name: name.into(),
        ..Default::default()
    }
}

type Spec<'a> = (
    &'a str,
    &'a str,
    &'a [&'a str],
    Option<&'a str>,
    Option<(&'a str, &'a str)>,
);

fn base(entities: &[Spec<'_>], degrees: &[(&str, usize)]) -> Base {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("kb.db"), Create::IfMissing).expect("create");
    lienket::seed::install_vocabulary(&mut store).expect("vocabulary");
    let ids = store
        .edit("entities", |w| {
            let mut ids = HashMap::new();
            for (kind, name, aliases, summary, dates) in entities {
                let id = w.add_entity(&NewEntity {
                    kind: (*kind).into(),
                    name: (*name).into(),
                    summary: summary.map(str::to_owned),
                    date_start: dates.map(|d| d.0.to_owned()).filter(|d| !d.is_empty()),
                    date_end: dates.map(|d| d.1.to_owned()).filter(|d| !d.is_empty()),
                    ..Default::default()
                })?;
                for a in *aliases {
                    w.add_alias(id, a, None)?;
                }
                ids.insert((*name).to_owned(), id);
            }
            // Degrees: documents that mention the entity, all in this edit, so every entity
            // is indexed with its final degree. Their names match no query of these tests.
            for (k, (name, n)) in degrees.iter().enumerate() {
                let target = ids[*name];
                for i in 0..*n {
                    let d = w.add_entity(&NewEntity {
                        kind: "document".into(),
                        name: format!("ZZ {k} {i}"),
                        ..Default::default()
                    })?;
                    w.add_relation(&NewRelation {
                        subject: d.0,
                        predicate: "mentions".into(),
                        object: target.0,
                        allow_kind_mismatch: true,
                        ..Default::default()
                    })?;
                }
            }
            Ok(ids)
        })
        .expect("entities");
    Base {
        _dir: dir,
        store,
        ids,
    }
}

fn names(hits: &[Hit]) -> Vec<&str> {
    hits.iter().map(|h| h.entity.name.as_str()).collect()
}

/// The order a naive full-text ranking gives: SQLite's bm25 over the same folded text
/// (name, other names, summary), best first.
fn bm25_order(b: &Base, query: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open_in_memory().expect("memory");
    conn.execute_batch("CREATE VIRTUAL TABLE t USING fts5(n UNINDEXED, name, other, summary)")
        .expect("fts5");
    for (name, id) in &b.ids {
        let e = b.store.entity(*id).expect("entity");
        let aliases = b.store.aliases(*id).expect("aliases");
        let fold = |s: &str| lienket::text::fold_words(s).join(" ");
        conn.execute(
            "INSERT INTO t VALUES (?1, ?2, ?3, ?4)",
            [
                name.clone(),
                fold(&e.name),
                aliases
                    .iter()
                    .map(|a| fold(a))
                    .collect::<Vec<_>>()
                    .join(" "),
                e.summary.as_deref().map(fold).unwrap_or_default(),
            ],
        )
        .expect("insert");
    }
    let expr = lienket::text::fold_words(query)
        .iter()
        .map(|w| format!("\"{w}\"*"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let mut stmt = conn
        .prepare("SELECT n FROM t WHERE t MATCH ?1 ORDER BY rank")
        .expect("prepare");
    stmt.query_map([expr], |r| r.get(0))
        .expect("query")
        .collect::<Result<Vec<String>, _>>()
        .expect("rows")
}

#[test]
fn tiers_come_in_order_exact_name_alias_name_prefix_word_prefix_summary() {
    let b = base(
        &[
            ("theme", "Bảo trợ", &[], None, None),
            (
                "organisation",
                "Quỹ Hỗ trợ Cộng đồng",
                &["Bảo Trợ"],
                None,
                None,
            ),
            ("theme", "bảo trợ xã hội", &[], None, None),
            ("organisation", "Cục Bảo trợ xã hội", &[], None, None),
            (
                "document",
                "Báo cáo thường niên",
                &[],
                Some("Số liệu về bảo trợ xã hội năm 2024"),
                None,
            ),
        ],
        // The lower tiers are the better connected: degree never beats a tier.
        &[("Cục Bảo trợ xã hội", 6), ("Báo cáo thường niên", 9)],
    );
    let hits = find(&b.store, "bao tro", None, 20);
    let got: Vec<(&str, MatchTier)> = hits
        .iter()
        .map(|h| (h.entity.name.as_str(), h.tier))
        .collect();
    assert_eq!(
        got,
        [
            ("Bảo trợ", MatchTier::ExactName),
            ("Quỹ Hỗ trợ Cộng đồng", MatchTier::ExactAlias),
            ("bảo trợ xã hội", MatchTier::NamePrefix),
            ("Cục Bảo trợ xã hội", MatchTier::WordPrefix),
            ("Báo cáo thường niên", MatchTier::Summary),
        ]
    );
    // The alias that matched is shown, since the name does not show it.
    assert_eq!(hits[1].via.as_deref(), Some("Bảo Trợ"));
    // A typo in a word finds the same names one tier lower than any exact match.
    let typo = find(&b.store, "bao trp", None, 20);
    assert!(typo.len() >= 4, "{:?}", names(&typo));
    assert!(typo.iter().all(|h| h.tier == MatchTier::Fuzzy), "{typo:?}");
}

#[test]
fn an_exact_name_beats_a_name_repeating_the_words_where_bm25_does_not() {
    let b = base(
        &[
            ("theme", "giảm nghèo", &[], None, None),
            (
                "recommendation",
                "Giảm nghèo, giảm nghèo và giảm nghèo",
                &[],
                None,
                None,
            ),
        ],
        &[],
    );
    assert_eq!(
        bm25_order(&b, "giam ngheo")[0],
        "Giảm nghèo, giảm nghèo và giảm nghèo",
        "bm25 prefers the repetition"
    );
    let hits = find(&b.store, "giam ngheo", None, 10);
    assert_eq!(names(&hits)[0], "giảm nghèo");
    assert_eq!(hits[0].tier, MatchTier::ExactName);
}

#[test]
fn the_better_connected_entity_wins_a_tie_where_bm25_prefers_the_shorter_name() {
    let b = base(
        &[
            ("organisation", "Cục Trẻ em", &[], None, None),
            ("organisation", "Cục Bảo trợ xã hội", &[], None, None),
        ],
        &[("Cục Bảo trợ xã hội", 5)],
    );
    assert_eq!(
        bm25_order(&b, "cuc")[0],
        "Cục Trẻ em",
        "bm25 prefers the shorter"
    );
    let hits = find(&b.store, "cuc", Some("organisation"), 10);
    assert_eq!(names(&hits), ["Cục Bảo trợ xã hội", "Cục Trẻ em"]);
    assert_eq!(hits[0].degree, 5);
    assert_eq!(hits[0].tier, hits[1].tier);
}

#[test]
fn a_name_outranks_a_summary_that_repeats_the_words_where_bm25_does_not() {
    let b = base(
        &[
            (
                "recommendation",
                "Khuyến nghị về chính sách giảm nghèo bền vững cho đồng bào dân tộc thiểu số",
                &[],
                None,
                None,
            ),
            (
                "person",
                "Lê Văn Hải",
                &[],
                Some("giảm nghèo, giảm nghèo, giảm nghèo"),
                None,
            ),
        ],
        &[],
    );
    assert_eq!(
        bm25_order(&b, "giam ngheo")[0],
        "Lê Văn Hải",
        "bm25 prefers the summary"
    );
    let hits = find(&b.store, "giam ngheo", None, 10);
    assert_eq!(hits[0].tier, MatchTier::WordPrefix);
    assert_eq!(hits[1].entity.name, "Lê Văn Hải");
    assert_eq!(hits[1].tier, MatchTier::Summary);
}

#[test]
fn an_exact_alias_outranks_a_name_starting_with_it() {
    let b = base(
        &[
            (
                "organisation",
                "Bộ Lao động - Thương binh và Xã hội",
                &["MOLISA"],
                None,
                None,
            ),
            ("organisation", "Molisa Molisa Hội quán", &[], None, None),
        ],
        &[("Molisa Molisa Hội quán", 3)],
    );
    assert_eq!(bm25_order(&b, "molisa")[0], "Molisa Molisa Hội quán");
    let hits = find(&b.store, "MOLISA", None, 10);
    assert_eq!(hits[0].entity.name, "Bộ Lao động - Thương binh và Xã hội");
    assert_eq!(hits[0].tier, MatchTier::ExactAlias);
    assert_eq!(hits[1].tier, MatchTier::NamePrefix);
}

#[test]
fn a_query_with_diacritics_puts_exact_diacritics_first_whatever_the_tone_placement() {
    let b = base(
        &[
            ("place", "Hoa Bình", &[], None, None),
            ("place", "Hòa Bình", &[], None, None),
            ("place", "Hoà Vang", &[], None, None),
            ("place", "Hóa Sơn", &[], None, None),
        ],
        &[("Hoa Bình", 4), ("Hóa Sơn", 3)],
    );
    // Without diacritics: one tier, by degree.
    let plain = find(&b.store, "hoa", None, 10);
    assert_eq!(names(&plain)[..2], ["Hoa Bình", "Hóa Sơn"]);
    // With them: "hòa" and "hoà" first (old and new placement alike), then the rest.
    for q in ["hòa", "hoà"] {
        let hits = find(&b.store, q, None, 10);
        let first: std::collections::BTreeSet<&str> = names(&hits)[..2].iter().copied().collect();
        assert_eq!(
            first,
            ["Hoà Vang", "Hòa Bình"].into(),
            "{q}: {:?}",
            names(&hits)
        );
        assert_eq!(hits.len(), 4, "folded matches still follow");
    }
}

#[test]
fn acronyms_are_derived_and_stored_aliases_count_too() {
    let b = base(
        &[
            (
                "organisation",
                "Bộ Lao động - Thương binh và Xã hội",
                &["MOLISA"],
                None,
                None,
            ),
            (
                "organisation",
                "Ngân hàng Chính sách xã hội",
                &[],
                None,
                None,
            ),
            ("organisation", "Ủy ban nhân dân", &[], None, None),
            ("person", "Nguyễn Văn An", &[], None, None),
        ],
        &[],
    );
    for (q, name) in [
        ("LĐTBXH", "Bộ Lao động - Thương binh và Xã hội"),
        ("ldtbxh", "Bộ Lao động - Thương binh và Xã hội"),
        ("LĐTB&XH", "Bộ Lao động - Thương binh và Xã hội"),
        ("MOLISA", "Bộ Lao động - Thương binh và Xã hội"),
        ("NHCSXH", "Ngân hàng Chính sách xã hội"),
        ("UBND", "Ủy ban nhân dân"),
        ("ubnd", "Ủy ban nhân dân"),
    ] {
        let hits = find(&b.store, q, None, 5);
        assert_eq!(
            hits.first().map(|h| h.entity.name.as_str()),
            Some(name),
            "{q}"
        );
        assert_eq!(hits[0].tier, MatchTier::ExactAlias, "{q}");
    }
    // Typing an acronym: its prefix finds it, the initials light up.
    let hits = find(&b.store, "ldtb", None, 5);
    assert_eq!(hits[0].entity.name, "Bộ Lao động - Thương binh và Xã hội");
    let name = &hits[0].entity.name;
    let lit: Vec<&str> = hits[0]
        .highlight
        .iter()
        .map(|(a, z)| &name[*a..*z])
        .collect();
    assert_eq!(lit, ["L", "đ", "T", "b"]);
    // People get no acronyms: "NVA" is not Nguyễn Văn An.
    assert!(find(&b.store, "nva", None, 5).is_empty());
}

#[test]
fn telex_and_vni_typed_without_an_input_method_find_the_name() {
    let (_dir, store) = seeded();
    for q in [
        "chuyeenr ddooir soos",
        "chuye6n3 d9o6i3 so61",
        "chuyeenr ddooir",
        "giamr ngheof",
    ] {
        let r = store
            .search_with(
                &Query {
                    text: q.into(),
                    kind: None,
                    limit: 10,
                },
                &Filters::default(),
            )
            .expect("search");
        // "giamr ngheof" finds giảm nghèo first as typed too (one slip a word): ranked by
        // the reading, without a notice.
        assert_eq!(
            r.reading.is_some(),
            q != "giamr ngheof",
            "{q}: {:?}",
            r.reading
        );
        let first = &r.hits[0];
        assert!(
            first.entity.name.starts_with("chuyển đổi số") || first.entity.name == "giảm nghèo",
            "{q}: {}",
            first.entity.name
        );
        assert!(first.tier <= MatchTier::NamePrefix, "{q}: {:?}", first.tier);
    }
    // A query that finds something as typed is not decoded.
    let r = store
        .search_with(
            &Query {
                text: "to duc".into(),
                kind: None,
                limit: 10,
            },
            &Filters::default(),
        )
        .expect("search");
    assert_eq!(r.reading, None);
}

#[test]
fn a_typo_finds_the_word_through_the_vocabulary() {
    let (_dir, store) = seeded();
    for (q, name) in [
        ("giam nghoe", "giảm nghèo"),
        ("cuc bao tor", "Cục Bảo trợ xã hội"),
        ("bao tor", "Cục Bảo trợ xã hội"),
        ("chuyen dpi so", "chuyển đổi số"),
        ("ngna hang", "Ngân hàng Chính sách xã hội"),
    ] {
        let hits = find(&store, q, None, 20);
        let hit = hits
            .iter()
            .find(|h| h.entity.name == name)
            .unwrap_or_else(|| panic!("{q}: {:?}", names(&hits)));
        assert_eq!(hit.tier, MatchTier::Fuzzy, "{q}");
    }
    // Short words are never corrected.
    assert!(
        find(&store, "tp duc", None, 10)
            .iter()
            .all(|h| h.entity.name != "Tô Đức")
    );
}

#[test]
fn results_carry_context_and_highlights() {
    let (_dir, store) = seeded();
    let hits = find(&store, "to duc", None, 5);
    let c = hits[0].context.as_ref().expect("context");
    assert_eq!(c.role.as_deref(), Some("Cục trưởng"));
    assert_eq!(c.other.as_deref(), Some("Cục Bảo trợ xã hội"));
    let name = &hits[0].entity.name;
    let lit: Vec<&str> = hits[0]
        .highlight
        .iter()
        .map(|(a, z)| &name[*a..*z])
        .collect();
    assert_eq!(lit, ["Tô", "Đức"]);
    // An organisation is placed under the one it belongs to.
    let hits = find(&store, "cuc bao tro", None, 5);
    assert_eq!(
        hits[0].context.as_ref().and_then(|c| c.other.as_deref()),
        Some("Bộ Lao động - Thương binh và Xã hội")
    );
}

#[test]
fn the_theme_filter_keeps_entities_linked_to_the_theme() {
    let (_dir, store) = seeded();
    let theme = store
        .resolve("giảm nghèo")
        .expect("resolve")
        .expect("theme");
    let all = find(&store, "khuyen nghi", None, 50);
    let r = store
        .search_with(
            &Query {
                text: "khuyen nghi".into(),
                kind: None,
                limit: 50,
            },
            &Filters {
                theme: Some(theme),
                ..Default::default()
            },
        )
        .expect("search");
    assert!(!r.hits.is_empty());
    assert!(r.hits.len() < all.len(), "the filter kept everything");
    for h in &r.hits {
        let d = store.detail(h.entity.id.expect("id")).expect("detail");
        assert!(
            d.relations.iter().any(|rel| rel.other.id == Some(theme)),
            "{} is not linked to the theme",
            h.entity.name
        );
    }
}

#[test]
fn the_date_filter_keeps_events_whose_dates_meet_the_range() {
    let b = base(
        &[
            ("event", "Hội thảo A", &[], None, Some(("2015-03", ""))),
            ("event", "Hội thảo B", &[], None, Some(("2019", ""))),
            ("event", "Hội thảo C", &[], None, Some(("--12-30", ""))),
            (
                "event",
                "Hội thảo D",
                &[],
                None,
                Some(("2015-11", "2016-02")),
            ),
            ("event", "Hội thảo E", &[], None, None),
        ],
        &[],
    );
    let dated = |from: Option<&str>, to: Option<&str>| -> Vec<String> {
        let mut v: Vec<String> = b
            .store
            .search_with(
                &Query {
                    text: "hoi thao".into(),
                    kind: Some("event".into()),
                    limit: 20,
                },
                &Filters {
                    from: from.map(str::to_owned),
                    to: to.map(str::to_owned),
                    ..Default::default()
                },
            )
            .expect("search")
            .hits
            .into_iter()
            .map(|h| h.entity.name)
            .collect();
        v.sort();
        v
    };
    assert_eq!(dated(Some("2016"), Some("2018")), ["Hội thảo D"]);
    assert_eq!(
        dated(Some("2015"), Some("2015")),
        ["Hội thảo A", "Hội thảo D"]
    );
    assert_eq!(dated(Some("2015-04"), None), ["Hội thảo B", "Hội thảo D"]);
    assert_eq!(dated(None, Some("2015-03-31")), ["Hội thảo A"]);
    assert_eq!(dated(None, None).len(), 5);
}

#[test]
fn degrees_are_counted_by_bulk_generation_and_recounted_when_stale() {
    use lienket::store::search::State;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("g.db"), Create::IfMissing).expect("create");
    lienket::generate::generate(
        &mut store,
        lienket::generate::Params {
            entities: 2_000,
            relations: 12_000,
            seed: 3,
        },
        |_, _, _| {},
    )
    .expect("generate");
    // Bulk generation indexes names at once and counts degrees at the end of its edit.
    assert_eq!(store.search_index_state().expect("state"), State::Ready);
    let (top, degree) = store.most_connected(1).expect("top").remove(0);
    let hits = find(&store, &top.name, None, 50);
    let hit = hits
        .iter()
        .find(|h| h.entity.uid == top.uid)
        .expect("found");
    assert_eq!(hit.degree, degree);
    assert_eq!(
        hits[0].entity.uid, top.uid,
        "the hub comes first among its namesakes"
    );
    // Flagged stale (as after undoing relations in bulk), preparation recounts them.
    external_write(
        &store,
        "UPDATE search_meta SET value = 1 WHERE key = 'degrees_stale'",
    );
    assert_eq!(
        store.search_index_state().expect("state"),
        State::DegreesStale
    );
    store.prepare_search_index(&mut |_, _| {}).expect("prepare");
    assert_eq!(store.search_index_state().expect("state"), State::Ready);
    assert_eq!(names(&find(&store, &top.name, None, 50)), names(&hits));
    // A rebuild (a file from before the index) gives the same degrees.
    external_write(
        &store,
        "UPDATE search_meta SET value = 1 WHERE key = 'rebuild'",
    );
    assert_eq!(
        store.prepare_search_index(&mut |_, _| {}).expect("rebuild"),
        State::NeedsRebuild
    );
    let again = find(&store, &top.name, None, 50);
    assert_eq!(names(&again), names(&hits));
}

#[test]
fn a_common_prefix_lists_the_most_connected_names_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("g.db"), Create::IfMissing).expect("create");
    lienket::generate::generate(
        &mut store,
        lienket::generate::Params {
            entities: 6_000,
            relations: 60_000,
            seed: 5,
        },
        |_, _, _| {},
    )
    .expect("generate");
    store.prepare_search_index(&mut |_, _| {}).expect("prepare");
    // The best connected entity whose name starts with its first letter.
    let (top, _) = store.most_connected(1).expect("top").remove(0);
    let letter: String = lienket::text::fold(&top.name).chars().take(1).collect();
    let hits = find(&store, &letter, None, 50);
    assert!(hits.len() == 50);
    assert_eq!(hits[0].entity.uid, top.uid, "{:?}", names(&hits));
    assert!(
        hits.windows(2)
            .all(|w| w[0].tier < w[1].tier || w[0].degree >= w[1].degree)
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const SYLLABLES: &[&str] = &[
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
        "Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Ngọc", "Quốc", "Xuân", "Hoài", "An", "Bình",
        "Cường", "Dũng", "Giang", "Hà", "Hạnh", "Hiếu", "Hương", "Khánh", "Lan", "Phúc", "Quân",
        "Sơn", "Tâm", "Thảo", "Thủy", "Thuỷ", "Hoà", "Hòa", "Yến", "Ánh", "Ước", "Ngữ", "Cục",
        "Bảo", "trợ", "xã", "hội", "giảm", "nghèo", "chuyển", "đổi", "số", "Ủy", "ban", "nhân",
        "dân", "người", "Đắk", "Lắk", "Nẵng", "Đà",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn folding_is_idempotent(s in ".*") {
            let once = lienket::text::fold(&s);
            prop_assert_eq!(lienket::text::fold(&once), once.clone());
            let nfd: String = s.nfd().collect();
            prop_assert_eq!(lienket::text::fold(&nfd), once);
        }

        #[test]
        fn telex_and_vni_decode_what_they_encode(
            words in proptest::collection::vec(proptest::sample::select(SYLLABLES), 1..5)
        ) {
            let name = words.join(" ");
            let marked = lienket::text::marked_words(&name);
            for typed in [lienket::text::to_telex(&name), lienket::text::to_vni(&name)] {
                let back = lienket::text::decode_telex(&typed)
                    .filter(|_| typed.chars().all(|c| !c.is_ascii_digit()))
                    .or_else(|| lienket::text::decode_vni(&typed))
                    .unwrap_or(typed.clone());
                prop_assert_eq!(lienket::text::marked_words(&back), marked.clone(), "{}", typed);
            }
        }
    }

    #[test]
    fn every_name_is_found_by_itself_with_and_without_diacritics() {
        let Base {
            _dir: _keep, store, ..
        } = base(&[], &[]);
        let store = std::cell::RefCell::new(store);
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(96));
        let names = proptest::collection::vec(proptest::sample::select(SYLLABLES), 1..6);
        let kinds = proptest::sample::select(&["person", "organisation", "theme", "event"][..]);
        runner
            .run(&(names, kinds), |(words, kind)| {
                let name = words.join(" ");
                let mut store = store.borrow_mut();
                let id = store
                    .edit("add", |w| {
                        w.add_entity(&NewEntity {
                            kind: kind.into(),
                            name: name.clone(),
                            ..Default::default()
                        })
                    })
                    .expect("add");
                let folded = lienket::text::folded_key(&name);
                let lower = name.to_lowercase();
                let upper = name.to_uppercase();
                let telex = lienket::text::to_telex(&name);
                for q in [&name, &folded, &lower, &upper, &telex] {
                    let hits = store
                        .search(&Query {
                            text: q.clone(),
                            kind: None,
                            limit: 50,
                        })
                        .expect("search");
                    prop_assert!(
                        hits.iter().any(|h| h.entity.id == Some(id)),
                        "{:?} not found by {:?}: {:?}",
                        name,
                        q,
                        names_of(&hits)
                    );
                    if q != &telex {
                        // The name itself is an exact match, so the first hit is one too.
                        prop_assert_eq!(hits[0].tier, MatchTier::ExactName);
                    }
                }
                Ok(())
            })
            .expect("property");
    }

    fn names_of(hits: &[Hit]) -> Vec<String> {
        hits.iter().map(|h| h.entity.name.clone()).collect()
    }
}

// ---------------------------------------------------------------------------------------
// The command line: `search` and `bench search`.

mod cli {
    use super::*;
    use std::path::Path;
    use std::process::{Command, Output};

    fn lienket(home: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_lienket"))
            .args(args)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .output()
            .expect("run lienket")
    }

    fn ok(o: &Output) -> (String, String) {
        let out = String::from_utf8(o.stdout.clone()).expect("utf-8");
        let err = String::from_utf8(o.stderr.clone()).expect("utf-8");
        assert!(o.status.success(), "exit {:?}: {err}", o.status);
        (out, err)
    }

    fn init(dir: &Path) -> String {
        let db = dir.join("kb.db").display().to_string();
        ok(&lienket(dir, &["--db", &db, "init"]));
        db
    }

    #[test]
    fn search_reads_telex_and_says_what_it_searched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = init(dir.path());
        let (out, err) = ok(&lienket(
            dir.path(),
            &["--db", &db, "search", "chuyeenr ddooir soos"],
        ));
        assert!(
            out.lines()
                .next()
                .is_some_and(|l| l.contains("chuyển đổi số")),
            "{out}"
        );
        assert!(err.contains("chuyển đổi số"), "{err}");
        let (out, _) = ok(&lienket(dir.path(), &["--db", &db, "search", "to duc"]));
        assert!(
            out.lines().next().is_some_and(|l| l.contains("Tô Đức")
                && l.contains("Cục trưởng")
                && l.contains("Cục Bảo trợ xã hội")),
            "the context is printed: {out}"
        );
    }

    #[test]
    fn search_json_has_tier_degree_highlight_and_context() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = init(dir.path());
        let (out, _) = ok(&lienket(
            dir.path(),
            &["--db", &db, "search", "ldtb", "--json"],
        ));
        let hits: serde_json::Value = serde_json::from_str(&out).expect("json");
        let first = &hits[0];
        assert_eq!(first["name"], "Bộ Lao động - Thương binh và Xã hội");
        assert_eq!(first["tier"], "word_prefix");
        assert!(first["degree"].as_i64().is_some_and(|d| d > 0));
        assert_eq!(first["highlight"].as_array().map(Vec::len), Some(4));
        let (out, _) = ok(&lienket(
            dir.path(),
            &["--db", &db, "search", "to duc", "--json"],
        ));
        let hits: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(hits[0]["context"]["role"], "Cục trưởng");
    }

    #[test]
    fn search_filters_by_theme_and_dates_from_the_command_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = init(dir.path());
        let (out, _) = ok(&lienket(
            dir.path(),
            &[
                "--db",
                &db,
                "search",
                "khuyen nghi",
                "--theme",
                "giảm nghèo",
                "--json",
            ],
        ));
        let hits: serde_json::Value = serde_json::from_str(&out).expect("json");
        let hits = hits.as_array().expect("array");
        assert!(!hits.is_empty());
        assert!(
            hits.iter().all(|h| h["kind"] == "recommendation"),
            "{hits:?}"
        );
        // The workshop's date has no year: a date range leaves it out.
        let (out, _) = ok(&lienket(
            dir.path(),
            &[
                "--db", &db, "search", "hoi thao", "--kind", "event", "--from", "2000", "--json",
            ],
        ));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&out).expect("json"),
            serde_json::json!([])
        );
        let o = lienket(
            dir.path(),
            &["--db", &db, "search", "x", "--from", "tomorrow"],
        );
        assert_eq!(o.status.code(), Some(2), "a bad date is bad usage");
        let o = lienket(dir.path(), &["--db", &db, "search", "x", "--theme", "zzqx"]);
        assert_eq!(o.status.code(), Some(1), "an unknown theme finds nothing");
    }

    #[test]
    fn a_file_from_version_1_is_indexed_once_when_first_searched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("old.db");
        {
            let conn = rusqlite::Connection::open(&path).expect("create");
            conn.execute_batch(include_str!("../../migrations/0001_init.sql"))
                .expect("version 1 schema");
            conn.execute_batch(
                "PRAGMA application_id = 1280199508; PRAGMA user_version = 1;
                 INSERT INTO kind VALUES ('organisation', 'k1', 'Tổ chức', 'Organisation');
                 INSERT INTO entity (uid, kind, name, folded, created_at, updated_at)
                 VALUES ('e1', 'organisation', 'Bộ Lao động - Thương binh và Xã hội',
                         'bo lao dong thuong binh va xa hoi', 0, 0);
                 INSERT INTO alias (uid, entity_id, name, folded) VALUES ('a1', 1, 'MOLISA', 'molisa');",
            )
            .expect("version 1 rows");
        }
        let db = path.display().to_string();
        for q in ["ldtbxh", "molisa", "thuong binh", "bo lao"] {
            let (out, _) = ok(&lienket(dir.path(), &["--db", &db, "search", q]));
            assert!(out.contains("Bộ Lao động"), "{q}: {out}");
        }
        let store = Store::open(&path, Create::No).expect("open");
        assert_eq!(
            store.search_index_state().expect("state"),
            lienket::store::search::State::Ready
        );
    }

    #[test]
    fn bench_search_prints_percentiles_the_like_comparison_and_sizes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("g.db").display().to_string();
        ok(&lienket(
            dir.path(),
            &[
                "--db",
                &db,
                "generate",
                "--entities",
                "3000",
                "--relations",
                "9000",
            ],
        ));
        let (out, _) = ok(&lienket(
            dir.path(),
            &[
                "--db",
                &db,
                "bench",
                "search",
                "--queries",
                "70",
                "--no-like",
                "--json",
            ],
        ));
        let r: serde_json::Value = serde_json::from_str(&out).expect("json");
        assert_eq!(r["queries"], 70);
        assert_eq!(r["entities"], 3000);
        assert_eq!(r["shapes"].as_array().map(Vec::len), Some(7));
        for p in ["p50", "p95", "p99"] {
            assert!(r["search"][p].as_f64().is_some_and(|x| x > 0.0), "{p}: {r}");
        }
        assert!(r["index_bytes"].as_i64().is_some_and(|b| b > 0));
        assert!(r["data_bytes"].as_i64().is_some_and(|b| b > 0));
        let (out, _) = ok(&lienket(
            dir.path(),
            &["--db", &db, "bench", "search", "--queries", "21"],
        ));
        for word in [
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "LIKE",
            "search index",
            "two_words",
        ] {
            assert!(out.contains(word), "{word} missing:\n{out}");
        }
    }
}

#[test]
fn a_file_with_an_empty_index_is_searched_by_name_until_prepared() {
    use lienket::store::search::State;
    let (_dir, mut store) = seeded();
    // As a file migrated from schema 1 is: the index tables empty, flagged for a rebuild.
    external_write(
        &store,
        "INSERT INTO search_fts (search_fts) VALUES ('delete-all');
         DELETE FROM search_doc; DELETE FROM search_key; DELETE FROM search_hub;
         DELETE FROM search_vocab; DELETE FROM search_vocab_del;
         UPDATE search_meta SET value = 1 WHERE key = 'rebuild';",
    );
    assert_eq!(
        store.search_index_state().expect("state"),
        State::NeedsRebuild
    );
    // Exact names, aliases and name prefixes still work without the index.
    assert_eq!(first_name(&store, "to duc").as_deref(), Some("Tô Đức"));
    assert_eq!(first_name(&store, "molisa").as_deref(), Some(MINISTRY));
    assert_eq!(
        first_name(&store, "cuc bao").as_deref(),
        Some("Cục Bảo trợ xã hội")
    );
    assert_eq!(
        store.prepare_search_index(&mut |_, _| {}).expect("prepare"),
        State::NeedsRebuild
    );
    assert_eq!(store.search_index_state().expect("state"), State::Ready);
    assert_eq!(first_name(&store, "ldtbxh").as_deref(), Some(MINISTRY));
    assert_eq!(
        first_name(&store, "bao tro xa").as_deref(),
        Some("Cục Bảo trợ xã hội")
    );
}

#[test]
fn namesakes_with_no_relation_of_their_own_are_told_apart_by_who_links_to_them() {
    let (_dir, mut store) = seeded();
    store
        .edit("namesakes", |w| {
            let a = w.add_entity(&entity("person", "Bùi Hoài Bình"))?;
            let b = w.add_entity(&entity("person", "Bùi Hoài Bình"))?;
            for (doc, person) in [("Báo cáo tỉnh Yên Bái", a), ("Báo cáo tỉnh Cà Mau", b)]
            {
                let d = w.add_entity(&entity("document", doc))?;
                w.add_relation(&NewRelation {
                    subject: d.0,
                    predicate: "mentions".into(),
                    object: person.0,
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .expect("edit");
    let hits = find(&store, "bui hoai binh", None, 10);
    let mut others: Vec<Option<String>> = hits
        .iter()
        .filter(|h| h.entity.name == "Bùi Hoài Bình")
        .map(|h| h.context.as_ref().and_then(|c| c.other.clone()))
        .collect();
    others.sort();
    assert_eq!(
        others,
        [
            Some("Báo cáo tỉnh Cà Mau".to_owned()),
            Some("Báo cáo tỉnh Yên Bái".to_owned())
        ]
    );
    // A name nobody shares keeps an empty context: the theme at the top of its tree.
    let top = find(&store, "giam ngheo", Some("theme"), 1);
    assert_eq!(top[0].entity.name, "giảm nghèo");
    assert!(top[0].context.as_ref().is_none_or(|c| c.other.is_none()));
}

/// A store of place names, real-looking and alike: communes and wards that share words.
fn places() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("places.db"), Create::IfMissing).expect("create");
    lienket::seed::install_vocabulary(&mut store).expect("vocabulary");
    let names = [
        "Xã Hòa Hưng",
        "Xã Hòa Tân",
        "Xã Tùng Lộc",
        "Xã Thanh Hà",
        "Xã Thanh Hải",
        "Xã Thạch Lập",
        "Xã Lập Thạch",
        "Phường Hoài Nhơn Bắc",
        "Phường Hoài Nhơn Nam",
        "Phường Nhơn Bình",
        "Xã Văn Phú",
        "Phường Phú Lợi",
        "Phường Văn Phước",
        "Xã Thụy Anh",
        "Xã Bắc Thụy Anh",
        "Xã Bất Bạt",
        "Xã Bất Lự",
        "Xã An Lục Long",
    ];
    store
        .edit("places", |w| {
            for name in names {
                w.add_entity(&lienket::store::write::NewEntity {
                    kind: "place".into(),
                    name: name.into(),
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .expect("places");
    (dir, store)
}

#[test]
fn a_typo_in_the_first_letter_of_a_word_is_forgiven_like_any_other() {
    let (_dir, store) = places();
    for (typed, meant) in [
        ("xa hoa tung", "Xã Hòa Hưng"),
        ("xa fhanh ha", "Xã Thanh Hà"),
        ("lhuong hoai nhon bac", "Phường Hoài Nhơn Bắc"),
        // Elsewhere in the word, as before.
        ("xa thnah ha", "Xã Thanh Hà"),
        ("phuong hoai nhno bac", "Phường Hoài Nhơn Bắc"),
    ] {
        assert_eq!(first_name(&store, typed).as_deref(), Some(meant), "{typed}");
    }
}

#[test]
fn the_telex_reading_is_said_only_when_it_finds_something_better() {
    let (_dir, store) = places();
    let search = |text: &str| {
        store
            .search_with(
                &Query {
                    text: text.into(),
                    kind: None,
                    limit: 10,
                },
                &Default::default(),
            )
            .expect("search")
    };
    // A slip on a tone key: the letters as typed already find the commune.
    let slip = search("xa thanh hair");
    assert_eq!(slip.hits[0].entity.name, "Xã Thanh Hải");
    assert_eq!(slip.reading, None);
    // The letters as typed find another commune than the reading: it is said.
    let other = search("xa thanh has");
    assert_eq!(other.hits[0].entity.name, "Xã Thanh Hà");
    assert_eq!(other.reading.as_deref(), Some("xa thanh há"));
    // Telex typed with the input method off: the reading finds what the letters do not.
    let telex = search("xax thanhf hax");
    assert_eq!(telex.hits[0].entity.name, "Xã Thanh Hà");
    assert_eq!(telex.reading.as_deref(), Some("xã thành hã"));
}

#[test]
fn vietnamese_abbreviations_for_places_and_bodies_find_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("a.db"), Create::IfMissing).expect("create");
    lienket::seed::install_vocabulary(&mut store).expect("vocabulary");
    let names = [
        ("place", "Thành phố Hồ Chí Minh"),
        ("place", "Quận 1"),
        ("place", "Quận 10"),
        ("place", "Phường 5"),
        ("place", "Thị xã Sơn Tây"),
        ("place", "Thị trấn Đông Anh"),
        ("place", "Hà Nội"),
        ("place", "Đà Nẵng"),
        ("place", "Tỉnh Đắk Lắk"),
        ("place", "Huyện Cư M'gar"),
        ("organisation", "Ủy ban nhân dân Thị xã Sơn Tây"),
    ];
    store
        .edit("places", |w| {
            for (kind, name) in names {
                w.add_entity(&lienket::store::write::NewEntity {
                    kind: kind.into(),
                    name: name.into(),
                    ..Default::default()
                })?;
            }
            Ok(())
        })
        .expect("places");
    for (typed, meant) in [
        ("TP.HCM", "Thành phố Hồ Chí Minh"),
        ("tp hcm", "Thành phố Hồ Chí Minh"),
        ("TPHCM", "Thành phố Hồ Chí Minh"),
        ("HN", "Hà Nội"),
        ("ĐN", "Đà Nẵng"),
        ("Q.1", "Quận 1"),
        ("Q1", "Quận 1"),
        ("P.5", "Phường 5"),
        ("TX. Sơn Tây", "Thị xã Sơn Tây"),
        ("TT Đông Anh", "Thị trấn Đông Anh"),
        ("daklak", "Tỉnh Đắk Lắk"),
        ("dak lak", "Tỉnh Đắk Lắk"),
        ("cu mgar", "Huyện Cư M'gar"),
        ("UBND tx son tay", "Ủy ban nhân dân Thị xã Sơn Tây"),
    ] {
        assert_eq!(first_name(&store, typed).as_deref(), Some(meant), "{typed}");
    }
}

#[test]
fn among_equally_connected_names_the_closest_fit_comes_first() {
    let (_dir, store) = places();
    for (typed, first) in [
        // The typed order beats the same words reordered.
        ("thach lap", "Xã Thạch Lập"),
        ("lap thach", "Xã Lập Thạch"),
        // Fewer extra words beat more.
        ("xa thuy anh", "Xã Thụy Anh"),
        // Whole words beat prefixes: "phu" is a word of Văn Phú, only the start of Phường.
        ("van phu", "Xã Văn Phú"),
        // One name word for each query word.
        ("bat bat", "Xã Bất Bạt"),
    ] {
        assert_eq!(first_name(&store, typed).as_deref(), Some(first), "{typed}");
    }
}

/// The word lists of typo matching and the stored words of each entity, as a rebuild
/// would leave them: compared after edits, undo, redo and bulk undo.
fn word_lists(store: &Store) -> Vec<(String, i64, Vec<u8>, String)> {
    let conn = rusqlite::Connection::open(store.path().expect("a file")).expect("open");
    let mut stmt = conn
        .prepare(
            "SELECT word, chunk, ids, '' FROM search_post
             UNION ALL SELECT '', id, X'', words FROM search_doc
             ORDER BY 1, 2",
        )
        .expect("prepare");
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("query")
        .collect::<rusqlite::Result<_>>()
        .expect("rows")
}

#[test]
fn typo_word_lists_follow_edits_undo_redo_and_bulk_undo_as_a_rebuild_would() {
    use lienket::store::write::EntityPatch;
    let (_dir, mut store) = seeded();
    let hoa_hung = store
        .edit("add", |w| {
            w.add_entity(&entity("organisation", "Xã Hòa Hưng"))
        })
        .expect("add");
    // A typo on the first letter finds it through the lists.
    assert_eq!(
        first_name(&store, "xa loa hung").as_deref(),
        Some("Xã Hòa Hưng")
    );
    store
        .edit("rename and alias", |w| {
            w.update_entity(
                hoa_hung,
                &EntityPatch {
                    name: Some("Xã Hòa Tân".into()),
                    ..Default::default()
                },
            )?;
            w.add_alias(hoa_hung, "Hòa Tân Đông", None)
        })
        .expect("rename");
    assert_eq!(
        first_name(&store, "xa loa tan").as_deref(),
        Some("Xã Hòa Tân")
    );
    assert!(
        find(&store, "xa loa hung", None, 10)
            .iter()
            .all(|h| h.entity.name != "Xã Hòa Tân"),
        "the old name's words left the lists"
    );
    let thanh_ha = store
        .edit("add", |w| {
            w.add_entity(&entity("organisation", "Xã Thanh Hà"))
        })
        .expect("add");
    store
        .edit("merge", |w| w.merge(hoa_hung, thanh_ha, false).map(|_| ()))
        .expect("merge");
    store.undo().expect("undo the merge");
    store.redo().expect("redo the merge");
    let gone = store
        .edit("add", |w| w.add_entity(&entity("person", "Phùng Văn Thụy")))
        .expect("add");
    store
        .edit("delete", |w| w.delete_entity(gone))
        .expect("delete");
    assert!(
        find(&store, "lhung van thuy", None, 10).is_empty(),
        "a deleted entity is in no list"
    );
    lienket::generate::generate(
        &mut store,
        lienket::generate::Params {
            entities: 3_000,
            relations: 9_000,
            seed: 11,
        },
        |_, _, _| {},
    )
    .expect("generate");
    let with_bulk = word_lists(&store);
    let rebuilt = |store: &mut Store| {
        crate::support::rebuild_index(store);
        word_lists(store)
    };
    assert_eq!(
        rebuilt(&mut store),
        with_bulk,
        "a bulk insertion as a rebuild"
    );
    store.undo().expect("undo the bulk insertion");
    let without_bulk = word_lists(&store);
    assert!(without_bulk.len() < with_bulk.len());
    store.redo().expect("redo it");
    assert_eq!(word_lists(&store), with_bulk, "redo puts the lists back");
    store.undo().expect("undo it again");
    assert_eq!(word_lists(&store), without_bulk);
    // A rebuild from the tables gives the very same lists.
    assert_eq!(rebuilt(&mut store), without_bulk);
}

#[test]
fn a_word_start_shared_by_very_many_words_and_a_small_limit_rank_as_a_large_one_does() {
    let (_dir, mut store) = seeded();
    store
        .edit("meetings", |w| {
            // More than 64 words start with "1": the start is checked on the matches of
            // the other words rather than read as that many lists.
            for n in 100..180 {
                w.add_entity(&entity("event", &format!("Hội nghị lần {n}")))?;
            }
            w.add_entity(&entity("event", "Tập huấn an sinh lần 1"))?;
            w.add_entity(&entity("event", "Hội nghị lần 2"))?;
            // Better connected, but without the diacritics a query may carry.
            let plain = w.add_entity(&entity("event", "Hoi nghi lan 150"))?;
            let host = w.add_entity(&entity("organisation", "Sở Thử"))?;
            w.add_relation(&NewRelation {
                subject: plain.0,
                predicate: "organised_by".into(),
                object: host.0,
                ..Default::default()
            })?;
            Ok(())
        })
        .expect("edit");
    assert_eq!(
        first_name(&store, "tap huan lan 1").as_deref(),
        Some("Tập huấn an sinh lần 1")
    );
    assert_eq!(
        first_name(&store, "tap huna lan 1").as_deref(),
        Some("Tập huấn an sinh lần 1"),
        "a typo beside the start"
    );
    let firsts = find(&store, "hoi nghi lan 1", Some("event"), 100);
    assert_eq!(firsts.len(), 81, "lần 100 … 179 and the plain 150");
    assert!(firsts.iter().all(|h| h.entity.name != "Hội nghị lần 2"));
    // With diacritics typed, the names carrying them come first at any limit, and a
    // small page is the start of a large one.
    let all = find(&store, "hội nghị lần 1", None, 50);
    assert_eq!(all.len(), 50);
    assert!(all.iter().all(|h| h.entity.name != "Hoi nghi lan 150"));
    for limit in [1, 3, 10] {
        assert_eq!(
            names(&find(&store, "hội nghị lần 1", None, limit)),
            names(&all[..limit]),
            "limit {limit}"
        );
    }
    let plain = find(&store, "hoi nghi lan 150", None, 5);
    assert_eq!(
        plain[0].entity.name, "Hoi nghi lan 150",
        "the exact name first"
    );
}
