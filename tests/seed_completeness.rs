//! The built-in knowledge base holds every fact of `SEED_FACTS.md` (the shared brief on the
//! workshop article), checked in a store after `lienket::seed::install`.
//!
//! The expected facts are written out below from `SEED_FACTS.md`. The file itself is read
//! only to report names it no longer mentions (so a stale expectation is noticed); when it
//! is absent the test says so and still checks the store. The article, when present, is
//! used to check that every quote is verbatim.

use lienket::model::{Direction, EntityId, PartialDate};
use lienket::store::{Create, Store};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::PathBuf;

const EVENT: &str = "Hội thảo “Công tác xã hội với người nghèo”";
const MINISTRY: &str = "Bộ Lao động - Thương binh và Xã hội";
const DEPARTMENT: &str = "Cục Bảo trợ xã hội";
const TO_DUC: &str = "Tô Đức";
const PUBLISHER: &str = "Báo Hànộimới";
const PROVINCIAL: &str = "Sở Lao động - Thương binh và Xã hội (các tỉnh, thành phố)";
const COMMITTEE: &str = "Ủy ban Xã hội của Quốc hội";

/// The organisations table of SEED_FACTS: (Vietnamese name, English name).
const ORGANISATIONS: &[(&str, &str)] = &[
    ("Báo điện tử Dân trí", "Dân trí e-newspaper"),
    (DEPARTMENT, "Department of Social Protection"),
    (MINISTRY, "Ministry of Labour, Invalids and Social Affairs"),
    (
        COMMITTEE,
        "Social Affairs Committee of the National Assembly",
    ),
    ("Quốc hội", "National Assembly"),
    (
        "Bộ Giáo dục và Đào tạo",
        "Ministry of Education and Training",
    ),
    ("Bộ Tư pháp", "Ministry of Justice"),
    (
        "Ngân hàng Chính sách xã hội",
        "Vietnam Bank for Social Policies",
    ),
    (
        PROVINCIAL,
        "provincial Departments of Labour, Invalids and Social Affairs",
    ),
    ("các tổ chức quốc tế", "international organisations"),
    ("Chính phủ", "the Government"),
    ("Đảng, Nhà nước", "the Party and the State"),
    ("Ban tổ chức", "the organising committee of the workshop"),
    (PUBLISHER, "Hanoimoi newspaper"),
];

/// The themes: (Vietnamese name, English name, parent theme).
const THEMES: &[(&str, &str, Option<&str>)] = &[
    ("giảm nghèo", "poverty reduction", None),
    (
        "giảm nghèo bền vững",
        "sustainable poverty reduction",
        Some("giảm nghèo"),
    ),
    (
        "giảm nghèo đa chiều",
        "multidimensional poverty reduction",
        Some("giảm nghèo"),
    ),
    (
        "giảm nghèo bao trùm",
        "inclusive poverty reduction",
        Some("giảm nghèo"),
    ),
    (
        "hạn chế tái nghèo và phát sinh nghèo",
        "preventing relapse into and new poverty",
        Some("giảm nghèo"),
    ),
    ("chuyển đổi số", "digital transformation", None),
    (
        "chuyển đổi số trong lĩnh vực giảm nghèo",
        "digital transformation in poverty reduction",
        Some("chuyển đổi số"),
    ),
    (
        "công tác xã hội với người nghèo",
        "social work with the poor",
        None,
    ),
    (
        "nâng cao năng lực đội ngũ công tác xã hội",
        "capacity building of social workers",
        Some("công tác xã hội với người nghèo"),
    ),
    ("an sinh xã hội", "social security (welfare)", None),
    (
        "truyền thông, nâng cao nhận thức",
        "communication and awareness raising",
        None,
    ),
    ("đối tượng yếu thế", "vulnerable groups", None),
    ("tiếp cận dịch vụ xã hội", "access to social services", None),
    (
        "tiến bộ và công bằng xã hội",
        "social progress and equity",
        None,
    ),
];

/// Aliases SEED_FACTS lists: (entity, alias).
const ALIASES: &[(&str, &str)] = &[
    (MINISTRY, "Bộ LĐTBXH"),
    (MINISTRY, "LĐTB&XH"),
    (MINISTRY, "MOLISA"),
    (DEPARTMENT, "Cục BTXH"),
    ("Ngân hàng Chính sách xã hội", "NHCSXH"),
    ("Ngân hàng Chính sách xã hội", "VBSP"),
    ("Bộ Giáo dục và Đào tạo", "Bộ GD&ĐT"),
    ("Bộ Giáo dục và Đào tạo", "MOET"),
    (PROVINCIAL, "Sở LĐTBXH"),
    ("giảm nghèo bền vững", "xóa nghèo bền vững"),
    (PUBLISHER, "HNMO"),
];

/// "Relations the default knowledge base must hold": (subject, predicate, object, role).
/// Sub-themes are "part of" their parent in SEED_FACTS; the store's predicate for themes
/// is `subtheme_of` (`part_of` is for organisations).
const RELATIONS: &[(&str, &str, &str, Option<&str>)] = &[
    (EVENT, "organised_by", "Báo điện tử Dân trí", None),
    (EVENT, "organised_by", DEPARTMENT, None),
    (DEPARTMENT, "part_of", MINISTRY, None),
    (COMMITTEE, "part_of", "Quốc hội", None),
    (TO_DUC, "holds_position", DEPARTMENT, Some("Cục trưởng")),
    (TO_DUC, "spoke_at", EVENT, None),
    (COMMITTEE, "attended", EVENT, None),
    ("Bộ Giáo dục và Đào tạo", "attended", EVENT, None),
    ("Bộ Tư pháp", "attended", EVENT, None),
    ("Ngân hàng Chính sách xã hội", "attended", EVENT, None),
    (PROVINCIAL, "attended", EVENT, None),
    (MINISTRY, "attended", EVENT, Some("các đơn vị thuộc Bộ")),
    // The discussion topics and aims named in the article.
    (EVENT, "addresses", "công tác xã hội với người nghèo", None),
    (
        EVENT,
        "addresses",
        "nâng cao năng lực đội ngũ công tác xã hội",
        None,
    ),
    (EVENT, "addresses", "giảm nghèo bền vững", None),
    (EVENT, "addresses", "an sinh xã hội", None),
    (EVENT, "addresses", "giảm nghèo", None),
    (EVENT, "addresses", "truyền thông, nâng cao nhận thức", None),
    ("giảm nghèo bền vững", "subtheme_of", "giảm nghèo", None),
    ("giảm nghèo đa chiều", "subtheme_of", "giảm nghèo", None),
    ("giảm nghèo bao trùm", "subtheme_of", "giảm nghèo", None),
    (
        "hạn chế tái nghèo và phát sinh nghèo",
        "subtheme_of",
        "giảm nghèo",
        None,
    ),
    (
        "chuyển đổi số trong lĩnh vực giảm nghèo",
        "subtheme_of",
        "chuyển đổi số",
        None,
    ),
    (
        "nâng cao năng lực đội ngũ công tác xã hội",
        "subtheme_of",
        "công tác xã hội với người nghèo",
        None,
    ),
];

/// The themes each of the six recommendations concerns (C1, C2, then 1–4).
const RECOMMENDATION_THEMES: &[&[&str]] = &[
    &[
        "truyền thông, nâng cao nhận thức",
        "tiếp cận dịch vụ xã hội",
    ],
    &["truyền thông, nâng cao nhận thức"],
    &["giảm nghèo", "tiến bộ và công bằng xã hội"],
    &["giảm nghèo"],
    &[
        "giảm nghèo đa chiều",
        "giảm nghèo bao trùm",
        "giảm nghèo bền vững",
    ],
    &["chuyển đổi số trong lĩnh vực giảm nghèo"],
];

fn shared_seed_dir() -> PathBuf {
    std::env::var_os("LIENKET_SHARED_SEED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seed"))
}

/// Reports (never asserts) expected names that SEED_FACTS.md does not mention.
fn report_against_facts_file(names: &[&str]) {
    let path = shared_seed_dir().join("SEED_FACTS.md");
    match std::fs::read_to_string(&path) {
        Err(e) => eprintln!(
            "note: {} is not available ({e}); checking the store against the facts written \
             in this test only",
            path.display()
        ),
        Ok(text) => {
            let text = text.replace('"', "“");
            for name in names {
                if !text.contains(name) && !text.contains(&name.replace('“', "\"")) {
                    eprintln!("note: SEED_FACTS.md no longer mentions {name:?}");
                }
            }
        }
    }
}

/// The article text, or `None` (reported) when it is not available.
fn article() -> Option<String> {
    let path = shared_seed_dir().join("workshop-article.vi.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!(
                "note: {} is not available ({e}); quotes are checked for presence only",
                path.display()
            );
            None
        }
    }
}

fn seeded() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("kb.db"), Create::IfMissing).expect("create");
    lienket::seed::install(&mut store).expect("built-in knowledge base");
    (dir, store)
}

/// The store's file opened on its own, read-only.
fn raw(store: &Store) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(
        store.path().expect("a file"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .expect("open the file")
}

/// The only entity with exactly this name: (id, kind, English name).
fn by_name(store: &Store, name: &str) -> (EntityId, String, Option<String>) {
    let conn = raw(&store);
    let mut stmt = conn
        .prepare("SELECT id, kind, name_en FROM entity WHERE name = ?1")
        .expect("prepare");
    let rows: Vec<(i64, String, Option<String>)> = stmt
        .query_map([name], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(rows.len(), 1, "expected exactly one entity named {name:?}");
    let (id, kind, en) = rows.into_iter().next().expect("one row");
    (EntityId(id), kind, en)
}

/// Relations of `subject` with `predicate` to `object`, as seen from the subject.
fn relations(
    store: &Store,
    subject: &str,
    predicate: &str,
    object: &str,
) -> Vec<lienket::model::RelationView> {
    let (id, _, _) = by_name(store, subject);
    store
        .detail(id)
        .expect("detail")
        .relations
        .into_iter()
        .filter(|r| {
            r.predicate == predicate && r.direction == Direction::Out && r.other.name == object
        })
        .collect()
}

#[test]
fn every_organisation_exists_with_its_exact_vietnamese_and_english_names() {
    let (_dir, store) = seeded();
    report_against_facts_file(&ORGANISATIONS.iter().map(|o| o.0).collect::<Vec<_>>());
    for (vi, en) in ORGANISATIONS {
        let (_, kind, name_en) = by_name(&store, vi);
        assert_eq!(kind, "organisation", "{vi}");
        assert_eq!(name_en.as_deref(), Some(*en), "{vi}");
    }
}

#[test]
fn every_theme_exists_with_its_english_name_and_its_parent() {
    let (_dir, store) = seeded();
    report_against_facts_file(&THEMES.iter().map(|t| t.0).collect::<Vec<_>>());
    for (vi, en, parent) in THEMES {
        let (id, kind, name_en) = by_name(&store, vi);
        assert_eq!(kind, "theme", "{vi}");
        assert_eq!(name_en.as_deref(), Some(*en), "{vi}");
        let parents: Vec<String> = store
            .detail(id)
            .expect("detail")
            .relations
            .into_iter()
            .filter(|r| r.predicate == "subtheme_of" && r.direction == Direction::Out)
            .map(|r| r.other.name)
            .collect();
        assert_eq!(
            parents,
            parent.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            "parent of {vi}"
        );
    }
}

#[test]
fn to_duc_is_a_person() {
    let (_dir, store) = seeded();
    report_against_facts_file(&[TO_DUC]);
    let (_, kind, _) = by_name(&store, TO_DUC);
    assert_eq!(kind, "person");
}

#[test]
fn the_event_is_dated_30_december_with_the_year_unknown() {
    let (_dir, store) = seeded();
    report_against_facts_file(&[EVENT]);
    let (id, kind, en) = by_name(&store, EVENT);
    assert_eq!(kind, "event");
    // SEED_FACTS writes the English name with straight quotes.
    assert_eq!(
        en.map(|e| e.replace(['“', '”'], "\"")).as_deref(),
        Some("Workshop \"Social work with the poor\"")
    );
    let event = store.entity(id).expect("entity");
    assert_eq!(event.date_start.as_deref(), Some("--12-30"));
    let date = PartialDate::parse("--12-30").expect("a valid partial date");
    assert_eq!(
        (date.year, date.month, date.day),
        (None, Some(12), Some(30))
    );
    assert_eq!(event.date_end, None);
}

#[test]
fn the_report_is_a_document_distinct_from_the_event_published_by_hanoimoi() {
    let (_dir, store) = seeded();
    let docs = store.list(Some("document"), 100).expect("documents");
    assert_eq!(docs.len(), 1, "{docs:?}");
    let doc = &docs[0];
    assert_ne!(doc.name, EVENT);
    assert!(doc.name.contains("HNMO"), "{}", doc.name);
    assert_eq!(doc.name_en.as_deref(), Some("HNMO report on the workshop"));
    assert_eq!(
        relations(&store, &doc.name, "published_by", PUBLISHER).len(),
        1
    );
    assert_eq!(relations(&store, &doc.name, "reports_on", EVENT).len(), 1);
    // Publication date and address are not in the article, so they are not invented.
    let entity = store.entity(doc.id).expect("entity");
    assert_eq!(entity.date_start, None);
    assert!(
        !entity.properties.keys().any(|k| k.contains("url")),
        "{:?}",
        entity.properties
    );
}

#[test]
fn six_recommendations_are_raised_at_the_workshop_and_concern_their_themes() {
    let (_dir, store) = seeded();
    let recommendations = store.list(Some("recommendation"), 100).expect("list");
    assert_eq!(recommendations.len(), 6);
    let mut found: Vec<BTreeSet<String>> = Vec::new();
    for r in &recommendations {
        let detail = store.detail(r.id).expect("detail");
        let raised: Vec<_> = detail
            .relations
            .iter()
            .filter(|x| x.predicate == "raised_at" && x.direction == Direction::Out)
            .collect();
        assert_eq!(raised.len(), 1, "{}", r.name);
        assert_eq!(raised[0].other.name, EVENT);
        assert_eq!(
            raised[0].role.as_deref(),
            Some("các đại biểu"),
            "{}",
            r.name
        );
        found.push(
            detail
                .relations
                .iter()
                .filter(|x| x.predicate == "concerns" && x.direction == Direction::Out)
                .map(|x| x.other.name.clone())
                .collect(),
        );
    }
    let mut expected: Vec<BTreeSet<String>> = RECOMMENDATION_THEMES
        .iter()
        .map(|themes| themes.iter().map(|t| t.to_string()).collect())
        .collect();
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn every_listed_alias_belongs_to_its_entity() {
    let (_dir, store) = seeded();
    report_against_facts_file(&ALIASES.iter().map(|a| a.1).collect::<Vec<_>>());
    for (name, alias) in ALIASES {
        let (id, _, _) = by_name(&store, name);
        let aliases = store.aliases(id).expect("aliases");
        assert!(aliases.iter().any(|a| a == alias), "{name}: {aliases:?}");
    }
}

#[test]
fn the_relations_the_default_knowledge_base_must_hold_are_there() {
    let (_dir, store) = seeded();
    for (subject, predicate, object, role) in RELATIONS {
        let found = relations(&store, subject, predicate, object);
        assert_eq!(
            found.len(),
            1,
            "{subject} —{predicate}→ {object}: expected one relation"
        );
        if let Some(role) = role {
            assert_eq!(
                found[0].role.as_deref(),
                Some(*role),
                "role of {subject} —{predicate}→ {object}"
            );
        }
        // The same relation seen from the other end points back.
        let (object_id, _, _) = by_name(&store, object);
        let back = store.detail(object_id).expect("detail");
        assert!(
            back.relations.iter().any(|r| r.uid == found[0].uid
                && r.direction == Direction::In
                && r.other.name == *subject),
            "{object} does not see {subject} —{predicate}→"
        );
    }
}

#[test]
fn relations_stated_in_the_article_cite_it_with_verbatim_quotes_and_the_others_carry_a_note() {
    let (_dir, store) = seeded();
    let article = article();
    let docs = store.list(Some("document"), 10).expect("documents");
    let report = &docs[0];
    // Relations SEED_FACTS says the article does not state.
    let unstated = |predicate: &str, subject: &str| {
        predicate == "subtheme_of" || (predicate == "part_of" && subject == COMMITTEE)
    };
    let mut checked = 0;
    for e in store.list(None, 1000).expect("entities") {
        for r in store.detail(e.id).expect("detail").relations {
            if r.direction != Direction::Out {
                continue;
            }
            checked += 1;
            let what = format!("{} —{}→ {}", e.name, r.predicate, r.other.name);
            if r.citations.is_empty() {
                assert!(
                    r.note.as_deref().is_some_and(|n| !n.trim().is_empty()),
                    "{what} has neither a citation nor a note"
                );
            }
            if unstated(&r.predicate, &e.name) {
                assert!(r.citations.is_empty(), "{what} cites the article");
                continue;
            }
            assert!(!r.citations.is_empty(), "{what} is stated but not cited");
            for c in &r.citations {
                assert_eq!(c.source.uid, report.uid, "{what} cites another source");
            }
            let quotes: Vec<&str> = r
                .citations
                .iter()
                .filter_map(|c| c.quote.as_deref())
                .collect();
            assert!(!quotes.is_empty(), "{what} has no quote");
            if let Some(article) = &article {
                assert!(
                    quotes.iter().any(|q| article.contains(q)),
                    "{what}: no quote is verbatim in the article: {quotes:?}"
                );
            }
        }
    }
    assert!(checked >= RELATIONS.len());
}

#[test]
fn every_quote_is_short_and_verbatim_from_the_article() {
    let (_dir, store) = seeded();
    let conn = raw(&store);
    let mut stmt = conn
        .prepare("SELECT quote FROM citation WHERE quote IS NOT NULL")
        .expect("prepare");
    let quotes: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(!quotes.is_empty());
    let article = article();
    for q in &quotes {
        // The article may not be copied: a citation quotes a short phrase only.
        assert!(q.chars().count() <= 100, "quote too long: {q}");
        if let Some(article) = &article {
            assert!(article.contains(q.as_str()), "not in the article: {q}");
        }
    }
    if let Some(article) = &article {
        // No sentence of the article is shipped whole in the built-in data.
        for sentence in article.split(['.', ';']).map(str::trim) {
            if sentence.chars().count() > 120 {
                assert!(
                    !lienket::seed::KNOWLEDGE_BASE_JSON.contains(sentence),
                    "the built-in data contains an article sentence: {sentence}"
                );
            }
        }
    }
}

#[test]
fn uids_are_unique_and_identical_in_every_installation() {
    let (_a_dir, a) = seeded();
    let (_b_dir, b) = seeded();
    let tables = [
        "kind",
        "predicate",
        "entity",
        "alias",
        "relation",
        "citation",
    ];
    let uids_of = |store: &Store| -> BTreeMap<&str, Vec<String>> {
        tables
            .iter()
            .map(|t| {
                let order = if matches!(*t, "kind" | "predicate") {
                    "name"
                } else {
                    "id"
                };
                let conn = raw(&store);
                let mut stmt = conn
                    .prepare(&format!("SELECT uid FROM {t} ORDER BY {order}"))
                    .expect("prepare");
                let uids: Vec<String> = stmt
                    .query_map([], |r| r.get(0))
                    .expect("query")
                    .collect::<Result<_, _>>()
                    .expect("rows");
                (*t, uids)
            })
            .collect()
    };
    let first = uids_of(&a);
    assert_eq!(first, uids_of(&b), "two installations differ");
    let all: Vec<&String> = first.values().flatten().collect();
    let unique: HashSet<&String> = all.iter().copied().collect();
    assert_eq!(all.len(), unique.len(), "a uid is used twice");
    assert!(first["entity"].len() >= ORGANISATIONS.len() + THEMES.len() + 9);
    for uid in all {
        assert!(
            uid.len() == 36 && uid.chars().filter(|c| *c == '-').count() == 4,
            "not a UUID: {uid}"
        );
    }
    // The uids come from the built-in data, not from the installation.
    let data = lienket::seed::data().expect("built-in data");
    let data_uids: Vec<&str> = data.entities.iter().map(|e| e.uid.as_str()).collect();
    assert_eq!(first["entity"], data_uids);
    // Identities that installed copies already hold: changing them in the data would make
    // every copy see a second Tô Đức, a second ministry and a second workshop.
    let uid_of = |name: &str| {
        let (id, _, _) = by_name(&a, name);
        a.entity(id).expect("entity").uid
    };
    assert_eq!(uid_of(TO_DUC), "721ac124-1ba2-41fc-8e66-3634e2782fdb");
    assert_eq!(uid_of(MINISTRY), "357df431-d7a3-4ce6-acfc-1505412404f1");
    assert_eq!(uid_of(EVENT), "78810ee0-2bdf-4008-9438-0399a828f670");
}
