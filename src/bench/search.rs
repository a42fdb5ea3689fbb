//! The search benchmark behind `lienket --db FILE bench search`: mixed queries made from
//! the database's own names (one- and two-letter prefixes, names without diacritics,
//! acronyms, Telex, typos, two words), timed through [`Store::search_with`] for the first
//! ranked hits, and the same queries through a plain `LIKE '%…%'` scan, with the index
//! size beside the data size. A benchmark, not a test: it prints figures and asserts
//! nothing.

use crate::store::search::{Filters, Query, State};
use crate::store::{Result, Store};
use crate::text;
use std::time::{Duration, Instant};

/// What to run.
#[derive(Clone, Copy, Debug)]
pub struct Params {
    /// Number of queries.
    pub queries: usize,
    /// Hits asked for per query.
    pub limit: usize,
    /// Seed of the query mix.
    pub seed: u64,
    /// Also run every query as a `LIKE '%…%'` scan.
    pub like: bool,
}

/// A kind of query in the mix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// First letter of a name.
    OneLetter,
    /// First two letters.
    TwoLetters,
    /// A whole name without diacritics.
    NoDiacritics,
    /// An acronym of an organisation.
    Acronym,
    /// The first words of a name typed as Telex without an input method.
    Telex,
    /// A name with one typing mistake in a word.
    Typo,
    /// Two words, the second one unfinished.
    TwoWords,
}

const SHAPES: [Shape; 7] = [
    Shape::OneLetter,
    Shape::TwoLetters,
    Shape::NoDiacritics,
    Shape::Acronym,
    Shape::Telex,
    Shape::Typo,
    Shape::TwoWords,
];

/// Latency figures in milliseconds.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Latency {
    /// Median.
    pub p50: f64,
    /// 95th percentile.
    pub p95: f64,
    /// 99th percentile.
    pub p99: f64,
    /// Slowest.
    pub max: f64,
    /// Mean.
    pub mean: f64,
}

impl Latency {
    fn of(mut v: Vec<Duration>) -> Latency {
        if v.is_empty() {
            return Latency::default();
        }
        v.sort_unstable();
        let at = |p: f64| {
            let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
            v[i].as_secs_f64() * 1000.0
        };
        Latency {
            p50: at(0.50),
            p95: at(0.95),
            p99: at(0.99),
            max: at(1.0),
            mean: v.iter().map(Duration::as_secs_f64).sum::<f64>() * 1000.0 / v.len() as f64,
        }
    }
}

/// Figures for one shape of query.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ShapeReport {
    /// Which.
    pub shape: Shape,
    /// How many queries.
    pub queries: usize,
    /// Latency of the search.
    pub search: Latency,
    /// Share of queries with an entity of the name they were made from among the hits
    /// (meaningless for one- and two-letter prefixes).
    pub found: f64,
    /// Latency of the `LIKE` scan.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub like: Option<Latency>,
}

/// Everything the benchmark measured.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Report {
    /// Entities in the database.
    pub entities: i64,
    /// Relations.
    pub relations: i64,
    /// Queries run.
    pub queries: usize,
    /// Hits asked for per query.
    pub limit: usize,
    /// Seconds spent preparing the index first (0 when it was ready).
    pub prepare_seconds: f64,
    /// All queries.
    pub search: Latency,
    /// All queries through `LIKE '%…%'`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub like: Option<Latency>,
    /// Per shape.
    pub shapes: Vec<ShapeReport>,
    /// Bytes of the search index (FTS5 tables, degree, keys, vocabulary).
    pub index_bytes: Option<i64>,
    /// Bytes of everything else (tables, their indexes, the change log).
    pub data_bytes: Option<i64>,
    /// Some queries with their first hit, for a look.
    pub samples: Vec<(String, String)>,
    /// The slowest queries with their time in milliseconds.
    pub slowest: Vec<(String, f64)>,
    /// Milliseconds for one pasted query of 100,000 letters (searched up to its first
    /// [`crate::store::search::MAX_QUERY`] characters).
    pub long_query_ms: f64,
}

// The generator's SplitMix64: the same query mix on every machine.
use crate::generate::Rng;

/// A query of the mix with the name it was made from.
struct Case {
    shape: Shape,
    text: String,
    /// The name: generated names repeat, so any entity of that name counts as found.
    name: String,
}

/// Makes one mistake in the longest word of at least four letters: a transposition, a
/// deletion, a substitution or an insertion.
fn typo(words: &[String], rng: &mut Rng) -> Option<String> {
    let (i, w) = words
        .iter()
        .enumerate()
        .filter(|(_, w)| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
        .max_by_key(|(_, w)| w.len())?;
    let mut c: Vec<char> = w.chars().collect();
    let at = 1 + rng.below(c.len() - 2);
    match rng.below(4) {
        0 if c[at] != c[at + 1] => c.swap(at, at + 1),
        1 => {
            c.remove(at);
        }
        2 => c[at] = if c[at] == 'a' { 'e' } else { 'a' },
        _ => c.insert(at, if c[at] == 'o' { 'u' } else { 'o' }),
    }
    let mut out = words.to_vec();
    out[i] = c.into_iter().collect();
    (out[i] != *w).then(|| out.join(" "))
}

fn make_cases(store: &Store, n: usize, seed: u64) -> Result<Vec<Case>> {
    let mut cases = Vec::with_capacity(n);
    let Some((lo, hi)) = store.entity_id_bounds()? else {
        return Ok(cases);
    };
    let mut rng = Rng(seed);
    let mut attempts = 0;
    while cases.len() < n && attempts < n * 20 {
        attempts += 1;
        let shape = SHAPES[cases.len() % SHAPES.len()];
        let from = lo + (rng.next() % (hi - lo + 1) as u64) as i64;
        let kind = (shape == Shape::Acronym).then_some("organisation");
        let Some((id, name)) = store.entity_at_or_after(from, kind)? else {
            continue;
        };
        let words = text::fold_words(&name);
        if words.is_empty() {
            continue;
        }
        let first_two = |ws: &[String]| ws.iter().take(2).cloned().collect::<Vec<_>>();
        let text = match shape {
            Shape::OneLetter => words[0].chars().take(1).collect(),
            Shape::TwoLetters => words[0].chars().take(2).collect(),
            Shape::NoDiacritics => words.join(" "),
            Shape::Acronym => {
                let a: Option<String> = store
                    .aliases(id)?
                    .into_iter()
                    .next()
                    .filter(|_| rng.below(2) == 0);
                match a.or_else(|| text::acronyms(&name).pop()) {
                    Some(a) => a.to_uppercase(),
                    None => continue,
                }
            }
            Shape::Telex => {
                let original: Vec<&str> = name.split_whitespace().take(2).collect();
                text::to_telex(&original.join(" "))
            }
            Shape::Typo => match typo(&words, &mut rng) {
                Some(t) => t,
                None => continue,
            },
            Shape::TwoWords => {
                let two = first_two(&words);
                if two.len() < 2 {
                    continue;
                }
                let cut = 1 + rng.below(two[1].chars().count());
                format!(
                    "{} {}",
                    two[0],
                    two[1].chars().take(cut).collect::<String>()
                )
            }
        };
        cases.push(Case {
            shape,
            text,
            name: name.clone(),
        });
    }
    Ok(cases)
}

/// Runs the benchmark. `progress` hears about index preparation and each phase.
pub fn run(store: &mut Store, p: Params, progress: &mut dyn FnMut(&str)) -> Result<Report> {
    let started = Instant::now();
    store.tune_for_search()?;
    let state = store.search_index_state()?;
    if state != State::Ready {
        progress(&format!("preparing the search index ({state:?})…"));
        let mut last = 0;
        store.prepare_search_index(&mut |done, total| {
            let pct = (done * 100).checked_div(total).unwrap_or(100);
            if pct >= last + 10 {
                last = pct;
                progress(&format!("  {pct} %"));
            }
        })?;
    }
    let prepare_seconds = if state == State::Ready {
        0.0
    } else {
        started.elapsed().as_secs_f64()
    };
    let stats = store.stats()?;
    let (entities, relations) = (stats.entities, stats.relations);
    let cases = make_cases(store, p.queries, p.seed)?;
    let filters = Filters::default();
    let query = |text: &str| Query {
        text: text.to_owned(),
        kind: None,
        limit: p.limit,
    };
    progress("warming up…");
    for c in &cases {
        store.search_with(&query(&c.text), &filters)?;
    }
    progress(&format!("timing {} queries…", cases.len()));
    let mut times = Vec::with_capacity(cases.len());
    let mut found = Vec::with_capacity(cases.len());
    let mut samples = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let t = Instant::now();
        let r = store.search_with(&query(&c.text), &filters)?;
        times.push(t.elapsed());
        found.push(r.hits.iter().any(|h| h.entity.name == c.name));
        if i < 14 {
            samples.push((
                c.text.clone(),
                r.hits
                    .first()
                    .map(|h| h.entity.name.clone())
                    .unwrap_or_default(),
            ));
        }
    }
    let mut like_times = Vec::new();
    if p.like {
        progress(&format!(
            "timing the same {} queries with LIKE '%…%'…",
            cases.len()
        ));
        for c in &cases {
            let t = Instant::now();
            let n = store.like_scan(&c.text, p.limit)?;
            like_times.push(t.elapsed());
            std::hint::black_box(n);
        }
    }
    let shapes = SHAPES
        .iter()
        .map(|s| {
            let idx: Vec<usize> = (0..cases.len()).filter(|&i| cases[i].shape == *s).collect();
            ShapeReport {
                shape: *s,
                queries: idx.len(),
                search: Latency::of(idx.iter().map(|&i| times[i]).collect()),
                found: if idx.is_empty() {
                    0.0
                } else {
                    idx.iter().filter(|&&i| found[i]).count() as f64 / idx.len() as f64
                },
                like: p
                    .like
                    .then(|| Latency::of(idx.iter().map(|&i| like_times[i]).collect())),
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..cases.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(times[i]));
    let slowest = order
        .iter()
        .take(10)
        .map(|&i| (cases[i].text.clone(), times[i].as_secs_f64() * 1000.0))
        .collect();
    let long = "nghèo đa chiều ".repeat(100_000 / 15);
    let t = Instant::now();
    store.search_with(&query(&long), &filters)?;
    let long_query_ms = t.elapsed().as_secs_f64() * 1000.0;
    let (index_bytes, data_bytes) = store.table_sizes();
    Ok(Report {
        entities,
        relations,
        queries: cases.len(),
        limit: p.limit,
        prepare_seconds,
        search: Latency::of(times),
        like: p.like.then(|| Latency::of(like_times)),
        shapes,
        index_bytes,
        data_bytes,
        samples,
        slowest,
        long_query_ms,
    })
}

/// The report as text.
pub fn print(r: &Report, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mb = |b: Option<i64>| b.map_or("?".to_owned(), |b| format!("{:.0} MB", b as f64 / 1e6));
    writeln!(
        out,
        "{} entities, {} relations; {} queries, first {} hits each",
        r.entities, r.relations, r.queries, r.limit
    )?;
    if r.prepare_seconds > 0.0 {
        writeln!(out, "index prepared first in {:.1} s", r.prepare_seconds)?;
    }
    writeln!(
        out,
        "size: search index {}, data {}",
        mb(r.index_bytes),
        mb(r.data_bytes)
    )?;
    writeln!(
        out,
        "{:<14} {:>5} {:>8} {:>8} {:>8} {:>8} {:>7} {:>10} {:>10}",
        "queries", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "found", "LIKE p50", "LIKE p95"
    )?;
    let line = |out: &mut dyn std::io::Write,
                name: &str,
                n: usize,
                l: &Latency,
                found: Option<f64>,
                like: Option<&Latency>|
     -> std::io::Result<()> {
        writeln!(
            out,
            "{:<14} {:>5} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>7} {:>10} {:>10}",
            name,
            n,
            l.p50,
            l.p95,
            l.p99,
            l.max,
            found.map_or(String::new(), |f| format!("{:.0} %", f * 100.0)),
            like.map_or(String::new(), |l| format!("{:.2}", l.p50)),
            like.map_or(String::new(), |l| format!("{:.2}", l.p95)),
        )
    };
    for s in &r.shapes {
        let name = serde_json::to_value(s.shape)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        line(
            out,
            &name,
            s.queries,
            &s.search,
            Some(s.found),
            s.like.as_ref(),
        )?;
    }
    line(out, "all", r.queries, &r.search, None, r.like.as_ref())?;
    if let Some(like) = &r.like {
        writeln!(
            out,
            "LIKE '%…%' / search: p50 ×{:.0}, p95 ×{:.0}",
            like.p50 / r.search.p50.max(1e-9),
            like.p95 / r.search.p95.max(1e-9)
        )?;
    }
    writeln!(
        out,
        "a pasted query of 100,000 letters: {:.2} ms",
        r.long_query_ms
    )?;
    writeln!(out, "slowest:")?;
    for (q, ms) in &r.slowest {
        writeln!(out, "  {q:<32} {ms:.2} ms")?;
    }
    writeln!(out, "examples:")?;
    for (q, first) in &r.samples {
        writeln!(out, "  {q:<32} → {first}")?;
    }
    Ok(())
}
