//! The built-in knowledge base holds every fact of `SEED_FACTS.md` (the shared brief on the
//! workshop article), checked in a store after `lienket::seed::install`, and ships facts, not
//! the article: citations give the paragraph, quotes are few and short, and the repository
//! reproduces at most a tenth of the article outside the names of things.
//!
//! The expected facts are written out below from `SEED_FACTS.md`. The file itself is read
//! only to report names it no longer mentions (so a stale expectation is noticed); when it
//! is absent the test says so and still checks the store. The article, when present, is
//! used to check locators and quotes and to measure how much of it the repository repeats;
//! when it is absent those checks are reported and skipped, or fail if `CI` is set.

use lienket::model::{Citation, Direction, EntityId, PartialDate};
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

/// The article text, or `None` when it is not available: reported, or a failure when the
/// environment variable `CI` is set (a CI run must check the data against the article).
fn article() -> Option<String> {
    let path = shared_seed_dir().join("workshop-article.vi.txt");
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("{} is required on CI: {e}", path.display())
        }
        Err(e) => {
            eprintln!(
                "note: {} is not available ({e}); what needs the article is not checked",
                path.display()
            );
            None
        }
    }
}

/// The article's paragraphs: one a line, the first line is paragraph 1.
fn paragraphs(article: &str) -> Vec<&str> {
    article.lines().collect()
}

/// The paragraph number of a locator written "đoạn N".
fn paragraph_number(locator: &str) -> Option<usize> {
    locator
        .strip_prefix("đoạn ")
        .and_then(|n| n.parse().ok())
        .filter(|n| *n >= 1)
}

fn seeded() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("kb.db"), Create::IfMissing).expect("create");
    lienket::seed::install(&mut store).expect("built-in knowledge base");
    (dir, store)
}

/// The only entity with exactly this name: (id, kind, English name).
fn by_name(store: &Store, name: &str) -> (EntityId, String, Option<String>) {
    let rows: Vec<_> = store
        .find_exact(name)
        .expect("find")
        .into_iter()
        .filter(|r| r.name == name)
        .collect();
    assert_eq!(rows.len(), 1, "expected exactly one entity named {name:?}");
    let row = rows.into_iter().next().expect("one row");
    (row.id, row.kind, row.name_en)
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
    // The licence is described (who holds the rights), not copied: the measure of
    // reproduction below covers its wording.
    let licence = entity.properties.get("licence").and_then(|l| l.as_str());
    assert!(
        licence.is_some_and(|l| l.contains(PUBLISHER) && l.contains("written")),
        "{licence:?}"
    );
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

/// The report: the only document of the built-in data.
fn the_report(store: &Store) -> lienket::store::EntityRow {
    let docs = store.list(Some("document"), 10).expect("documents");
    assert_eq!(docs.len(), 1, "{docs:?}");
    docs.into_iter().next().expect("one document")
}

/// Relations SEED_FACTS says the article does not state.
fn unstated(predicate: &str, subject: &str) -> bool {
    predicate == "subtheme_of" || (predicate == "part_of" && subject == COMMITTEE)
}

/// A citation as read back from the store, with what it supports.
struct StoredCitation {
    /// "entity" or "subject —predicate→ object", for messages.
    what: String,
    /// The entities it is about: the entity, or both ends of the relation.
    about: Vec<EntityId>,
    citation: Citation,
}

/// Every citation in the store, by uid: the entities' own and those of their outgoing
/// relations, read through `Store::detail`.
fn stored_citations(store: &Store) -> BTreeMap<String, StoredCitation> {
    let entities = store.list(None, 10_000).expect("entities");
    assert!(entities.len() < 10_000);
    let mut out = BTreeMap::new();
    for e in entities {
        let detail = store.detail(e.id).expect("detail");
        let mut found: Vec<StoredCitation> = detail
            .citations
            .into_iter()
            .map(|citation| StoredCitation {
                what: e.name.clone(),
                about: vec![e.id],
                citation,
            })
            .collect();
        for r in detail
            .relations
            .into_iter()
            .filter(|r| r.direction == Direction::Out)
        {
            let what = format!("{} —{}→ {}", e.name, r.predicate, r.other.name);
            let other = r.other.id.expect("a stored entity");
            found.extend(r.citations.into_iter().map(|citation| StoredCitation {
                what: what.clone(),
                about: vec![e.id, other],
                citation,
            }));
        }
        for c in found {
            let uid = c.citation.uid.clone();
            assert!(out.insert(uid.clone(), c).is_none(), "citation {uid} twice");
        }
    }
    out
}

#[test]
fn relations_stated_in_the_article_cite_it_and_the_others_carry_only_a_note() {
    let (_dir, store) = seeded();
    let report = the_report(&store);
    let mut checked = 0;
    for e in store.list(None, 10_000).expect("entities") {
        for r in store.detail(e.id).expect("detail").relations {
            if r.direction != Direction::Out {
                continue;
            }
            checked += 1;
            let what = format!("{} —{}→ {}", e.name, r.predicate, r.other.name);
            if unstated(&r.predicate, &e.name) {
                assert!(r.citations.is_empty(), "{what} cites the article");
                assert!(
                    r.note.as_deref().is_some_and(|n| !n.trim().is_empty()),
                    "{what} is not in the article and says nothing of where it comes from"
                );
                continue;
            }
            assert!(!r.citations.is_empty(), "{what} is stated but not cited");
            for c in &r.citations {
                assert_eq!(c.source.uid, report.uid, "{what} cites another source");
                assert!(
                    c.locator.as_deref().and_then(paragraph_number).is_some(),
                    "{what}: locator {:?} is not \"đoạn N\"",
                    c.locator
                );
            }
        }
    }
    let data = lienket::seed::data().expect("built-in data");
    assert_eq!(checked, data.relations.len(), "every relation is checked");
    assert!(checked >= RELATIONS.len());
}

#[test]
fn every_citation_gives_the_paragraph_that_names_its_organisations_and_people() {
    let (_dir, store) = seeded();
    let report = the_report(&store);
    let citations = stored_citations(&store);
    // The store holds exactly the citations of the built-in data.
    let data = lienket::seed::data().expect("built-in data");
    let data_uids: BTreeSet<&str> = data
        .entities
        .iter()
        .flat_map(|e| &e.citations)
        .chain(data.relations.iter().flat_map(|r| &r.citations))
        .map(|c| c.uid.as_str())
        .collect();
    assert_eq!(
        citations
            .keys()
            .map(String::as_str)
            .collect::<BTreeSet<_>>(),
        data_uids
    );
    let article = article();
    let paragraphs: Option<Vec<String>> = article.as_deref().map(|a| {
        paragraphs(a)
            .into_iter()
            .map(|p| comparable(p).into_iter().collect())
            .collect()
    });
    let mut located = 0;
    for c in citations.values() {
        let what = &c.what;
        assert_eq!(
            c.citation.source.uid, report.uid,
            "{what} cites another source"
        );
        let n = c
            .citation
            .locator
            .as_deref()
            .and_then(paragraph_number)
            .unwrap_or_else(|| {
                panic!("{what}: locator {:?} is not \"đoạn N\"", c.citation.locator)
            });
        let Some(paragraphs) = &paragraphs else {
            continue;
        };
        assert!(
            n <= paragraphs.len(),
            "{what}: đoạn {n}, but the article has {} paragraphs",
            paragraphs.len()
        );
        // The organisations and people a citation is about are named (or called by one of
        // their other names) in the paragraph it points to.
        for id in &c.about {
            let detail = store.detail(*id).expect("detail");
            if !matches!(detail.entity.kind.as_str(), "organisation" | "person") {
                continue;
            }
            let named = std::iter::once(&detail.entity.name)
                .chain(&detail.aliases)
                .any(|name| {
                    let name: String = comparable(name).into_iter().collect();
                    paragraphs[n - 1].contains(&name)
                });
            assert!(
                named,
                "{what}: đoạn {n} does not name {}",
                detail.entity.name
            );
            located += 1;
        }
    }
    if paragraphs.is_some() {
        assert!(located >= ORGANISATIONS.len(), "{located} checked");
    }
}

#[test]
fn quotes_are_few_short_verbatim_in_their_paragraph_and_never_repeated() {
    let (_dir, store) = seeded();
    let quotes: Vec<(String, String, usize)> = stored_citations(&store)
        .into_values()
        .filter_map(|c| {
            let n = c.citation.locator.as_deref().and_then(paragraph_number)?;
            Some((c.what, c.citation.quote?, n))
        })
        .collect();
    // The facts that need their evidence in words have it: the date, the official's title.
    assert!(
        (3..=10).contains(&quotes.len()),
        "{} quotes: {quotes:?}",
        quotes.len()
    );
    let article = article();
    for (what, quote, n) in &quotes {
        let words = quote.split_whitespace().count();
        assert!(words <= 12, "{what}: {words} words quoted");
        // Said once in the whole built-in data: no summary, note or other citation repeats it.
        assert_eq!(
            lienket::seed::KNOWLEDGE_BASE_JSON
                .matches(quote.as_str())
                .count(),
            1,
            "{what}: the quote is repeated in the built-in data"
        );
        if let Some(article) = &article {
            let paragraph = paragraphs(article)
                .get(*n - 1)
                .map(|p| comparable(p).into_iter().collect::<String>())
                .unwrap_or_else(|| panic!("{what}: the article has no đoạn {n}"));
            let quote: String = comparable(quote).into_iter().collect();
            assert!(
                paragraph.contains(&quote),
                "{what}: the quote is not verbatim in đoạn {n}"
            );
        }
    }
    let position = relations(&store, TO_DUC, "holds_position", DEPARTMENT);
    assert!(
        position[0]
            .citations
            .iter()
            .any(|c| c.quote.as_deref().is_some_and(|q| q.contains("Cục trưởng"))),
        "the official's title is quoted"
    );
    let (event, _, _) = by_name(&store, EVENT);
    assert!(
        store
            .detail(event)
            .expect("detail")
            .citations
            .iter()
            .any(|c| c.quote.as_deref().is_some_and(|q| q.contains("30-12"))),
        "the date is quoted"
    );
}

#[test]
fn uids_are_unique_and_identical_in_every_installation() {
    let (_a_dir, mut a) = seeded();
    let (_b_dir, mut b) = seeded();
    let data = lienket::seed::data().expect("built-in data");
    let uids_of = |store: &Store| -> BTreeMap<&str, BTreeSet<String>> {
        let entities = store.list(None, 10_000).expect("entities");
        let mut relations = BTreeSet::new();
        for e in &entities {
            for r in store.detail(e.id).expect("detail").relations {
                if r.direction == Direction::Out {
                    relations.insert(r.uid);
                }
            }
        }
        BTreeMap::from([
            (
                "kind",
                store
                    .kinds()
                    .expect("kinds")
                    .into_iter()
                    .map(|k| k.uid)
                    .collect(),
            ),
            (
                "predicate",
                store
                    .predicates()
                    .expect("predicates")
                    .into_iter()
                    .map(|p| p.uid)
                    .collect(),
            ),
            ("entity", entities.into_iter().map(|e| e.uid).collect()),
            ("relation", relations),
            ("citation", stored_citations(store).into_keys().collect()),
        ])
    };
    let first = uids_of(&a);
    assert_eq!(first, uids_of(&b), "two installations differ");
    // The uids come from the built-in data, not from the installation.
    let set = |uids: Vec<&String>| -> BTreeSet<String> { uids.into_iter().cloned().collect() };
    assert_eq!(
        first["kind"],
        set(data.kinds.iter().map(|k| &k.uid).collect())
    );
    assert_eq!(
        first["predicate"],
        set(data.predicates.iter().map(|p| &p.uid).collect())
    );
    assert_eq!(
        first["entity"],
        set(data.entities.iter().map(|e| &e.uid).collect())
    );
    assert_eq!(
        first["relation"],
        set(data.relations.iter().map(|r| &r.uid).collect())
    );
    assert!(first["entity"].len() >= ORGANISATIONS.len() + THEMES.len() + 9);
    // Aliases: each entity has the data's other names, and each is stored under the data's
    // uid (removing it by that uid leaves the entity with none).
    for store in [&mut a, &mut b] {
        for e in &data.entities {
            let id = store
                .entity_by_uid(&e.uid)
                .expect("read")
                .expect("entity")
                .id;
            let names: Vec<&str> = e.aliases.iter().map(|a| a.name.as_str()).collect();
            assert_eq!(store.aliases(id).expect("aliases"), names, "{}", e.name);
        }
        store
            .edit("remove the built-in aliases", |w| {
                for alias in data.entities.iter().flat_map(|e| &e.aliases) {
                    w.delete_alias(&alias.uid)?;
                }
                Ok(())
            })
            .expect("every built-in alias is stored under its uid");
        for e in &data.entities {
            let id = store
                .entity_by_uid(&e.uid)
                .expect("read")
                .expect("entity")
                .id;
            assert!(store.aliases(id).expect("aliases").is_empty(), "{}", e.name);
        }
    }
    // Every uid of the data is a UUID, used once.
    let all: Vec<&String> = data
        .kinds
        .iter()
        .map(|k| &k.uid)
        .chain(data.predicates.iter().map(|p| &p.uid))
        .chain(data.entities.iter().map(|e| &e.uid))
        .chain(
            data.entities
                .iter()
                .flat_map(|e| &e.aliases)
                .map(|a| &a.uid),
        )
        .chain(data.relations.iter().map(|r| &r.uid))
        .chain(
            data.entities
                .iter()
                .flat_map(|e| &e.citations)
                .chain(data.relations.iter().flat_map(|r| &r.citations))
                .map(|c| &c.uid),
        )
        .collect();
    let unique: HashSet<&String> = all.iter().copied().collect();
    assert_eq!(all.len(), unique.len(), "a uid is used twice");
    for uid in all {
        assert!(
            uid.len() == 36 && uid.chars().filter(|c| *c == '-').count() == 4,
            "not a UUID: {uid}"
        );
    }
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

/// Length of the shortest verbatim run that counts as reproduction.
const RUN: usize = 20;

/// The highest share of the article (outside names) the repository may reproduce.
const MAX_REPRODUCED: f64 = 0.10;

/// Kinds whose names and other names are facts: their occurrences in the article are masked.
const NAME_KINDS: &[&str] = &[
    "organisation",
    "person",
    "event",
    "document",
    "theme",
    "place",
];

/// Text as compared for reproduction: NFC, every quotation mark in one form, every run of
/// whitespace as one space.
fn comparable(text: &str) -> Vec<char> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::with_capacity(text.len());
    for c in text.nfc() {
        let c = match c {
            '“' | '”' | '„' | '«' | '»' | '‘' | '’' | '\'' => '"',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && out.last() == Some(&' ') {
            continue;
        }
        out.push(c);
    }
    out
}

/// Hashes of every `RUN`-character window of `text`, by start: a polynomial rolling hash.
fn window_hashes(text: &[char]) -> Vec<u64> {
    const BASE: u64 = 1_000_003;
    if text.len() < RUN {
        return Vec::new();
    }
    let top = (1..RUN).fold(1u64, |p, _| p.wrapping_mul(BASE));
    let mut h = text[..RUN]
        .iter()
        .fold(0u64, |h, &c| h.wrapping_mul(BASE).wrapping_add(c as u64));
    let mut out = Vec::with_capacity(text.len() - RUN + 1);
    out.push(h);
    for i in RUN..text.len() {
        h = h
            .wrapping_sub((text[i - RUN] as u64).wrapping_mul(top))
            .wrapping_mul(BASE)
            .wrapping_add(text[i] as u64);
        out.push(h);
    }
    out
}

/// The crate's text files that ship or document the product: `src/`, `assets/`, `tests/`,
/// `migrations/`, `docs/` and the top-level `*.md`, as (path, text); files that are not
/// UTF-8 (fonts, images) are skipped.
fn repository_texts() -> Vec<(PathBuf, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else {
                out.push(path);
            }
        }
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["src", "assets", "tests", "migrations", "docs"] {
        walk(&root.join(dir), &mut paths);
    }
    for entry in std::fs::read_dir(&root).expect("crate folder").flatten() {
        let path = entry.path();
        if path.is_file() && path.extension().is_some_and(|e| e == "md") {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            String::from_utf8(bytes).ok().map(|text| (p, text))
        })
        .collect()
}

/// How much of the article the corpus reproduces: (reproduced, counted) non-space
/// characters of the article outside masked names, and the paths that reproduce most.
struct Reproduction {
    /// Non-space characters of the article, outside names, inside a run found in the corpus.
    reproduced: usize,
    /// Non-space characters of the article outside names.
    counted: usize,
    /// Non-space characters of the article inside names (never counted).
    masked: usize,
    /// What each file reproduces on its own, most first.
    by_file: Vec<(usize, PathBuf)>,
}

/// Marks every character of `article` that lies in a verbatim run of at least `RUN`
/// characters also found in a text of `corpus` (both compared as [`comparable`]), and counts
/// those outside the occurrences of `names` in the article.
fn reproduction(article: &str, names: &[String], corpus: &[(PathBuf, String)]) -> Reproduction {
    let article = comparable(article);
    let mut masked = vec![false; article.len()];
    for name in names {
        let name = comparable(name.trim());
        if name.is_empty() || name.len() > article.len() {
            continue;
        }
        for start in 0..=article.len() - name.len() {
            if article[start..start + name.len()] == name[..] {
                masked[start..start + name.len()].fill(true);
            }
        }
    }
    let mut starts: std::collections::HashMap<u64, Vec<usize>> = Default::default();
    for (start, h) in window_hashes(&article).into_iter().enumerate() {
        starts.entry(h).or_default().push(start);
    }
    let counts = |i: usize| !masked[i] && article[i] != ' ';
    let mut covered = vec![false; article.len()];
    let mut by_file = Vec::new();
    for (path, text) in corpus {
        let text = comparable(text);
        let mut here = vec![false; article.len()];
        for (at, h) in window_hashes(&text).into_iter().enumerate() {
            let Some(candidates) = starts.get(&h) else {
                continue;
            };
            for &start in candidates {
                if article[start..start + RUN] == text[at..at + RUN] {
                    here[start..start + RUN].fill(true);
                }
            }
        }
        let n = (0..article.len()).filter(|&i| here[i] && counts(i)).count();
        if n > 0 {
            by_file.push((n, path.clone()));
        }
        for (c, h) in covered.iter_mut().zip(here) {
            *c |= h;
        }
    }
    by_file.sort_by(|a, b| b.cmp(a));
    Reproduction {
        reproduced: (0..article.len())
            .filter(|&i| covered[i] && counts(i))
            .count(),
        counted: (0..article.len()).filter(|&i| counts(i)).count(),
        masked: (0..article.len())
            .filter(|&i| masked[i] && article[i] != ' ')
            .count(),
        by_file,
    }
}

/// Names and other names of the entities whose names are facts.
fn fact_names() -> Vec<String> {
    let data = lienket::seed::data().expect("built-in data");
    let mut names = Vec::new();
    for e in data
        .entities
        .iter()
        .filter(|e| NAME_KINDS.contains(&e.kind.as_str()))
    {
        names.push(e.name.clone());
        names.extend(e.name_en.clone());
        names.extend(e.aliases.iter().map(|a| a.name.clone()));
    }
    names
}

#[test]
fn the_repository_reproduces_at_most_a_tenth_of_the_article_outside_names() {
    let Some(article) = article() else {
        return;
    };
    let corpus = repository_texts();
    assert!(
        corpus
            .iter()
            .any(|(p, _)| p.ends_with("knowledge_base.json"))
            && corpus.iter().any(|(p, _)| p.ends_with("README.md")),
        "the corpus misses the built-in data or the README"
    );
    let r = reproduction(&article, &fact_names(), &corpus);
    let share = r.reproduced as f64 / r.counted as f64;
    eprintln!(
        "article reproduced: {:.1} % ({}/{} characters outside names; {} characters of \
         names masked; {} files read)",
        share * 100.0,
        r.reproduced,
        r.counted,
        r.masked,
        corpus.len()
    );
    for (n, path) in &r.by_file {
        eprintln!("  {n:5} characters from {}", path.display());
    }
    assert!(
        share <= MAX_REPRODUCED,
        "{:.1} % of the article is reproduced (at most {:.0} % allowed)",
        share * 100.0,
        MAX_REPRODUCED * 100.0
    );
}

#[test]
fn the_measure_counts_verbatim_runs_of_twenty_characters_and_never_names() {
    let article = "Một hai ba bốn năm sáu bảy tám chín mười. Ông nói “xin chào các bạn thân mến” \
                   rồi Công ty Mẫu Thử Nghiệm ra về sau buổi họp.";
    let non_space = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let total = non_space(article);
    let names = vec!["Công ty Mẫu Thử Nghiệm".to_string()];
    let name_chars = non_space("Công ty Mẫu Thử Nghiệm");
    let measure = |text: &str| {
        let r = reproduction(article, &names, &[(PathBuf::from("t"), text.to_string())]);
        assert_eq!(r.counted, total - name_chars);
        assert_eq!(r.masked, name_chars);
        r.reproduced
    };
    // A run of 20 characters or more counts; 19 do not.
    let run = "hai ba bốn năm sáu bảy"; // 22 characters
    assert_eq!(measure(&format!("x {run} y")), non_space(run));
    assert_eq!(
        measure("Xai ba bốn năm sáu bảX"),
        non_space("ai ba bốn năm sáu bả")
    ); // 20 characters
    assert_eq!(measure("Xai ba bốn năm sáu bX"), 0); // 19 characters
    // Quotation marks, whitespace and Unicode composition do not hide a copy.
    let quoted = "nói \"xin chào\n   các bạn thân mến\"";
    let decomposed: String = {
        use unicode_normalization::UnicodeNormalization;
        quoted.nfd().collect()
    };
    assert_ne!(decomposed, quoted);
    assert_eq!(measure(&decomposed), non_space(quoted));
    // Names are facts: a copied name adds nothing, the words around it do.
    assert_eq!(measure("(Công ty Mẫu Thử Nghiệm)"), 0);
    assert_eq!(
        measure("rồi Công ty Mẫu Thử Nghiệm ra về sau buổi"),
        non_space("rồi ra về sau buổi")
    );
    // Two files covering the same characters count them once.
    let twice = reproduction(
        article,
        &names,
        &[
            (PathBuf::from("a"), run.to_string()),
            (PathBuf::from("b"), run.to_string()),
        ],
    );
    assert_eq!(twice.reproduced, non_space(run));
    assert_eq!(twice.by_file.len(), 2);
}
