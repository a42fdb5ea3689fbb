//! The quality of extraction, measured against gold data: each `tests/gold/*.json` lists
//! the organisations, people (with their role), events (with their date) and links a
//! report states. Extraction runs against an empty base (everything must come from the
//! patterns); recall of organisations and people must reach 90 % with 80 % precision, and
//! recall of links 70 %. Every figure is printed.
//!
//! The built-in report's text is not in the repository: `workshop.json` reads it from
//! `../shared/seed/` (or `LIENKET_SHARED_SEED`), and fails without it only on CI.

use lienket::extract::{self, End, Extraction, ProposalKind};
use lienket::text::folded_key;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
struct GoldEntity {
    name: String,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    role: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Gold {
    text: String,
    organisations: Vec<GoldEntity>,
    #[serde(default)]
    acceptable: Vec<String>,
    people: Vec<GoldEntity>,
    events: Vec<GoldEntity>,
    /// [subject, predicate, object] or [subject, predicate, object, role].
    relations: Vec<Vec<String>>,
}

fn gold_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/gold")
}

fn shared_seed_dir() -> PathBuf {
    std::env::var_os("LIENKET_SHARED_SEED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/seed"))
}

/// The text a gold file is about; `None` (reported) when the shared article is absent
/// outside CI.
fn text_of(gold: &Gold) -> Option<String> {
    let path = match gold.text.strip_prefix("shared:") {
        Some(name) => shared_seed_dir().join(name),
        None => gold_dir().join(&gold.text),
    };
    match std::fs::read(&path) {
        Ok(bytes) => Some(extract::input::read(&bytes, extract::input::Format::Text)),
        Err(e) if std::env::var_os("CI").is_some() || !gold.text.starts_with("shared:") => {
            panic!("{} is required: {e}", path.display())
        }
        Err(e) => {
            eprintln!(
                "note: {} is not available ({e}); not measured",
                path.display()
            );
            None
        }
    }
}

fn keys(e: &GoldEntity) -> Vec<String> {
    std::iter::once(&e.name)
        .chain(&e.names)
        .map(|n| folded_key(n))
        .collect()
}

/// The gold entity (index into `list`) a proposal names, if any.
fn matches(list: &[GoldEntity], name: &str, other: &[String]) -> Option<usize> {
    let mine: Vec<String> = std::iter::once(name)
        .chain(other.iter().map(String::as_str))
        .map(folded_key)
        .collect();
    list.iter()
        .position(|g| keys(g).iter().any(|k| mine.contains(k)))
}

/// Recall and precision of one kind, printed.
struct Score {
    found: usize,
    gold: usize,
    proposed: usize,
    wrong: Vec<String>,
}

fn score_entities(
    label: &str,
    file: &str,
    found: &Extraction,
    kind: ProposalKind,
    gold: &[GoldEntity],
    acceptable: &[String],
) -> Score {
    let mut hit = vec![false; gold.len()];
    let mut wrong = Vec::new();
    let mut proposed = 0;
    for p in found.proposals.iter().filter(|p| p.kind == kind) {
        proposed += 1;
        match matches(gold, &p.name, &p.other_names) {
            Some(g) => {
                hit[g] = true;
                if let Some(role) = &gold[g].role {
                    assert_eq!(
                        p.role.as_deref(),
                        Some(role.as_str()),
                        "{file}: role of {}",
                        p.name
                    );
                }
                if let Some(date) = &gold[g].date {
                    let got = p.date.map(|d| d.to_string());
                    assert_eq!(
                        got.as_deref(),
                        Some(date.as_str()),
                        "{file}: date of {}",
                        p.name
                    );
                }
            }
            None if acceptable
                .iter()
                .any(|a| folded_key(a) == folded_key(&p.name)) =>
            {
                proposed -= 1;
            }
            None => wrong.push(p.name.clone()),
        }
    }
    let missed: Vec<&str> = gold
        .iter()
        .zip(&hit)
        .filter(|(_, h)| !**h)
        .map(|(g, _)| g.name.as_str())
        .collect();
    let found_n = hit.iter().filter(|h| **h).count();
    eprintln!(
        "{file}: {label}: {found_n}/{} found, {} of {proposed} proposed are wrong; missed {missed:?}, wrong {wrong:?}",
        gold.len(),
        wrong.len()
    );
    Score {
        found: found_n,
        gold: gold.len(),
        proposed,
        wrong,
    }
}

fn end_name(found: &Extraction, e: End) -> (&str, &[String]) {
    match e {
        End::Proposal(i) => (&found.proposals[i].name, &found.proposals[i].other_names),
        End::Known(_) => ("", &[]),
    }
}

/// How many gold links were proposed.
fn score_relations(file: &str, found: &Extraction, gold: &Gold) -> (usize, usize) {
    let all: Vec<&GoldEntity> = gold
        .organisations
        .iter()
        .chain(&gold.people)
        .chain(&gold.events)
        .collect();
    let entity_of = |name: &str, other: &[String]| -> Option<usize> {
        let mine: Vec<String> = std::iter::once(name)
            .chain(other.iter().map(String::as_str))
            .map(folded_key)
            .collect();
        all.iter()
            .position(|g| keys(g).iter().any(|k| mine.contains(k)))
    };
    let by_name = |n: &str| all.iter().position(|g| g.name == n);
    let mut hits = 0;
    let mut missed = Vec::new();
    for r in &gold.relations {
        let (s, p, o) = (by_name(&r[0]), r[1].as_str(), by_name(&r[2]));
        assert!(
            s.is_some() && o.is_some(),
            "{file}: gold link {r:?} names unknown entities"
        );
        let role = r.get(3);
        let hit = found.relations.iter().any(|x| {
            let (sn, so) = end_name(found, x.subject);
            let (on, oo) = end_name(found, x.object);
            x.predicate == p
                && entity_of(sn, so) == s
                && entity_of(on, oo) == o
                && role.is_none_or(|role| x.role.as_deref() == Some(role.as_str()))
        });
        if hit {
            hits += 1;
        } else {
            missed.push(r.join(" — "));
        }
    }
    eprintln!(
        "{file}: links: {hits}/{} found ({} proposed); missed {missed:?}",
        gold.relations.len(),
        found.relations.len()
    );
    (hits, gold.relations.len())
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Measures one gold file; `None` when its text is not available.
fn measure(file: &str) -> Option<(usize, usize, usize, usize, usize, usize)> {
    let gold: Gold = serde_json::from_str(
        &std::fs::read_to_string(gold_dir().join(file)).expect("read gold file"),
    )
    .expect("gold file is valid");
    let text = text_of(&gold)?;
    // An empty base: no known names, every entity comes from the patterns.
    let found = extract::extract(&text, None);
    let orgs = score_entities(
        "organisations",
        file,
        &found,
        ProposalKind::Organisation,
        &gold.organisations,
        &gold.acceptable,
    );
    let people = score_entities(
        "people",
        file,
        &found,
        ProposalKind::Person,
        &gold.people,
        &gold.acceptable,
    );
    let events = score_entities(
        "events",
        file,
        &found,
        ProposalKind::Event,
        &gold.events,
        &[],
    );
    assert_eq!(
        events.found, events.gold,
        "{file}: every gold event is found"
    );
    let (rel_hits, rel_gold) = score_relations(file, &found, &gold);
    let found_n = orgs.found + people.found;
    let gold_n = orgs.gold + people.gold;
    let proposed = orgs.proposed + people.proposed;
    let right = proposed - orgs.wrong.len() - people.wrong.len();
    eprintln!(
        "{file}: organisations and people: recall {:.1} %, precision {:.1} %; links: recall {:.1} %",
        pct(found_n, gold_n),
        pct(right, proposed),
        pct(rel_hits, rel_gold)
    );
    Some((found_n, gold_n, right, proposed, rel_hits, rel_gold))
}

fn assert_targets(file: &str, m: (usize, usize, usize, usize, usize, usize)) {
    let (found, gold, right, proposed, rel_hits, rel_gold) = m;
    assert!(
        pct(found, gold) >= 90.0,
        "{file}: recall of organisations and people"
    );
    assert!(
        pct(right, proposed) >= 80.0,
        "{file}: precision of organisations and people"
    );
    assert!(pct(rel_hits, rel_gold) >= 70.0, "{file}: recall of links");
}

#[test]
fn the_built_in_report_meets_the_quality_targets() {
    if let Some(m) = measure("workshop.json") {
        assert_targets("workshop.json", m);
    }
}

#[test]
fn every_other_gold_report_meets_the_quality_targets() {
    let mut files: Vec<String> = std::fs::read_dir(gold_dir())
        .expect("tests/gold")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json") && n != "workshop.json")
        .collect();
    files.sort();
    assert!(
        files.len() >= 5,
        "at least five reports of our own: {files:?}"
    );
    let mut total = (0, 0, 0, 0, 0, 0);
    for f in &files {
        let m = measure(f).expect("our own reports are in the repository");
        assert_targets(f, m);
        total.0 += m.0;
        total.1 += m.1;
        total.2 += m.2;
        total.3 += m.3;
        total.4 += m.4;
        total.5 += m.5;
    }
    eprintln!(
        "all {} reports: organisations and people recall {:.1} %, precision {:.1} %; links recall {:.1} %",
        files.len(),
        pct(total.0, total.1),
        pct(total.2, total.3),
        pct(total.4, total.5)
    );
}
