//! Search: a query typed by a person → ranked entities. One entry point, [`search_with`]
//! (and [`search`] without filters), serves the window, the command palette, the command
//! line and every entity picker.
//!
//! # Matching
//!
//! The query and the index go through the same folding ([`crate::text::fold`]), so "to duc"
//! finds "Tô Đức" and "ldtbxh" finds the ministry through its derived acronym. Every query
//! word may be the start of a word ("cuc bao t"). A word of three letters or more may also
//! be one edit away from a word of the vocabulary of indexed names ("nghoe" ~ "ngheo",
//! "bao tor" ~ "bao tro"): its neighbours come from key lookups in that vocabulary (see
//! [`index`]), never from scanning entities. Only a word that is not itself a word of the
//! vocabulary is doubted (all words of four letters or more when together they find
//! nothing), which keeps the commonest short words from becoming everyone's neighbours;
//! the slip may be anywhere, the first letter included ("fhanh" ~ "thanh"). When the query as
//! typed finds nothing better than typo or summary matches, it is read again as Telex or
//! VNI typed without an input method ("chuyeenr ddooir soos", "chuye6n3 d9o6i3 so61" →
//! "chuyển đổi số") or with its abbreviations spelled out ("TP.HCM" → "thanh pho ho chi
//! minh", "Q1" → "quan 1": `assets/abbreviations.json`), and that reading is used only if
//! it ranks better — and said only
//! when it finds another entity first than the letters as typed (a slip on a tone key
//! that finds the same entity is no Telex).
//!
//! # Ranking
//!
//! Hits are ordered by tier, best first:
//!
//! 1. exact name (folded) — "bo tu phap" → Bộ Tư pháp;
//! 2. exact other name: alias, English name or derived acronym — "molisa", "ldtbxh";
//! 3. the name starts with the query — "cuc bao" → Cục Bảo trợ xã hội;
//! 4. every query word starts a word of a name, alias or acronym — "bao tro";
//! 5. the same within one typing mistake per word — "bao tor";
//! 6. the words are found only with the summary.
//!
//! Within a tier, a query typed with diacritics puts names that carry those diacritics
//! first (tone placement aside: "hoà" = "hòa"), then the better connected entity (more
//! relations) wins, then Vietnamese alphabetical order. No term-frequency score is used:
//! bm25 prefers a long name that repeats a word ("Khuyến nghị về giảm nghèo … giảm nghèo")
//! to the theme called exactly "giảm nghèo", and a short obscure name to the hub everyone
//! means (tests/search.rs shows both).
//!
//! # Cost
//!
//! Each tier is one bounded lookup: B-tree lookups for the exact names, a key range for
//! the name prefix; for word prefixes, typos and whole acronyms, the word lists
//! (`search_post`, see [`postings`]): each query word the union of the lists of its
//! readings (as typed, the few vocabulary words it starts, its typo neighbours), the
//! words intersected as bitmaps from the shortest list on — a tenth of the cost of asking
//! the full-text index for a dozen common neighbouring words at once; one FTS5 query for
//! summaries (and for a word that starts very many words, when the other words match too
//! many entities to check). At most [`CANDIDATES`] rows each; no tier is asked once
//! better tiers hold enough hits. When a tier has more matches than that (a one-letter
//! prefix matches a quarter of the base), its best connected matches are read first —
//! from `search_hub` for name prefixes, through the degree-level lists and tokens (`d4096`,
//! `d1024`, … see [`index::LEVELS`]) otherwise — so the top of the list is right for every
//! entity with 64 links or more without ranking every match; below that level, the first
//! matches found are ranked. Degrees are stored, never counted while searching.
//! `lienket bench search` measures it (README, "Measurements").

mod engine;
pub(in crate::store) mod index;
mod plan;
mod postings;
mod rank;

use crate::model::{EntityId, EntityRef};
use crate::store::{Result, Store};
use crate::text;
use engine::Engine;
pub use index::{Progress, State};
use plan::Plan;

/// A search request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    /// What the person typed.
    pub text: String,
    /// Only entities of this kind.
    pub kind: Option<String>,
    /// At most this many hits.
    pub limit: usize,
}

/// Filters beyond the kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only entities linked to this one, in either direction (normally a theme: the events
    /// that addressed it, the recommendations that concern it…).
    pub theme: Option<EntityId>,
    /// Only entities whose dates reach this date or later (a partial date: "2015",
    /// "2015-03", "2015-03-20").
    pub from: Option<String>,
    /// Only entities whose dates start on or before this date.
    pub to: Option<String>,
}

impl Filters {
    /// True when no filter is set.
    pub fn is_empty(&self) -> bool {
        self.theme.is_none() && self.from.is_none() && self.to.is_none()
    }
}

/// How an entity matched; lower is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchTier {
    /// The whole name.
    ExactName,
    /// A whole alias, English name or acronym.
    ExactAlias,
    /// The start of the name.
    NamePrefix,
    /// Every word is a prefix of a word of a name, alias or acronym.
    WordPrefix,
    /// As `WordPrefix`, some word within one typing mistake.
    Fuzzy,
    /// Only with the summary.
    Summary,
}

/// Where an entity sits, shown under its name: a person's position and organisation, the
/// organisation an organisation belongs to, an event's date and organiser…
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Context {
    /// A role on the relation ("Cục trưởng").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// The related entity's name ("Cục Bảo trợ xã hội").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
    /// The entity's own start date (partial, as stored).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_start: Option<String>,
    /// Its end date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_end: Option<String>,
}

impl Context {
    pub(super) fn is_empty(&self) -> bool {
        self.role.is_none()
            && self.other.is_none()
            && self.date_start.is_none()
            && self.date_end.is_none()
    }
}

/// One result.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Hit {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// How it matched.
    pub tier: MatchTier,
    /// Number of relations, the tie-breaker.
    pub degree: i64,
    /// Byte ranges of `entity.name` that match the query, for highlighting — also when the
    /// query had no diacritics, and the initials when an acronym matched.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub highlight: Vec<(usize, usize)>,
    /// The other name that matched when the name does not show it (an alias, the English
    /// name): "MOLISA".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// Where the entity sits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<Context>,
}

/// Results with what was searched.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Results {
    /// The hits, best first.
    pub hits: Vec<Hit>,
    /// The reading of the query that was searched when it differs from what was typed (a
    /// query typed as Telex or VNI without an input method): "chuyển đổi số".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reading: Option<String>,
}

/// Rows taken from each index lookup at most (besides the level lookups of a tier with
/// more matches than this).
pub const CANDIDATES: usize = 200;

/// With a theme or date filter, index rows examined per lookup at most.
pub(super) const FILTER_SCAN: usize = 20_000;

impl Store {
    /// Sets up this connection for searching a large base: memory-mapped reads and a
    /// larger page cache, so the random lookups of ranking (degrees, names) are memory
    /// reads rather than system calls. For stores that mostly search (the window's worker,
    /// the command line); harmless on small files.
    pub fn tune_for_search(&self) -> Result<()> {
        self.conn.pragma_update(None, "mmap_size", 1_i64 << 32)?;
        self.conn.pragma_update(None, "cache_size", -65_536)?;
        self.conn.set_prepared_statement_cache_capacity(64);
        Ok(())
    }

    /// Runs a query without filters. An empty query gives no hits.
    pub fn search(&self, q: &Query) -> Result<Vec<Hit>> {
        Ok(self.search_with(q, &Filters::default())?.hits)
    }

    /// Runs a query with filters. An empty query gives no hits.
    pub fn search_with(&self, q: &Query, filters: &Filters) -> Result<Results> {
        search_with(&self.conn, q, filters)
    }
}

impl Store {
    /// Every entity that passes `filters` (a theme, a date range) and the query's kind,
    /// by name, at most `q.limit`, whatever the query's text: browsing without typing
    /// ("everything on chuyển đổi số", "all events of 2023"). No hits without a theme or
    /// date filter.
    pub fn browse(&self, q: &Query, filters: &Filters) -> Result<Vec<Hit>> {
        let state = index::state(&self.conn)?;
        Engine::new(&self.conn, q, filters, state)?.browse()
    }

    /// The context lines (position and organisation, parent, dates) of these entities,
    /// to tell namesakes apart in lists.
    pub fn contexts(&self, ids: &[EntityId]) -> Result<Vec<(EntityId, Context)>> {
        let state = index::state(&self.conn)?;
        Engine::new(&self.conn, &Query::default(), &Filters::default(), state)?.contexts(ids)
    }
}

/// Most characters of a query that are searched: nobody types more, and a pasted page
/// must not cost more than this.
pub const MAX_QUERY: usize = 500;

fn search_with(conn: &rusqlite::Connection, q: &Query, filters: &Filters) -> Result<Results> {
    let limited;
    let q = if q.text.len() > MAX_QUERY && q.text.chars().count() > MAX_QUERY {
        limited = Query {
            text: q.text.chars().take(MAX_QUERY).collect(),
            ..q.clone()
        };
        &limited
    } else {
        q
    };
    let plan = Plan::new(&q.text);
    if plan.words.is_empty() || q.limit == 0 {
        return Ok(Results::default());
    }
    let state = index::state(conn)?;
    let mut engine = Engine::new(conn, q, filters, state)?;
    let literal = engine.run(&plan, MatchTier::Summary)?;
    let best = literal.first().map(|c| c.tier);
    if best.is_none_or(|t| t > MatchTier::WordPrefix) {
        for reading in [
            text::decode_telex(&q.text),
            text::decode_vni(&q.text),
            text::expand_abbreviations(&q.text),
        ]
        .into_iter()
        .flatten()
        {
            let decoded_plan = Plan::new(&reading);
            if decoded_plan.words == plan.words {
                continue;
            }
            // Only a better tier than the literal query's best would be used.
            let decoded = engine.run(&decoded_plan, MatchTier::WordPrefix)?;
            let better = match (decoded.first().map(|c| c.tier), best) {
                (Some(d), Some(l)) => d < l,
                (Some(_), None) => true,
                (None, _) => false,
            };
            // The reading is said only when it finds something else first than the letters
            // as typed: a slip on a tone key ("thanh hair") that finds the same entity first
            // is ranked by the reading's better match, without a notice.
            let same_first = decoded.first().map(|c| c.id) == literal.first().map(|c| c.id);
            if better {
                let mut all = decoded;
                for c in literal {
                    if !all.iter().any(|d| d.id == c.id) {
                        all.push(c);
                    }
                }
                all.truncate(q.limit);
                let hits = engine.hits(&decoded_plan, all)?;
                return Ok(Results {
                    hits,
                    reading: (!same_first).then(|| text::nfc(&reading)),
                });
            }
        }
    }
    Ok(Results {
        hits: engine.hits(&plan, literal)?,
        reading: None,
    })
}
