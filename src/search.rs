//! Search: a query typed by a person → ranked entities. One entry point, [`search`], used
//! by the window, the command line and every entity picker.
//!
//! The query and the index go through the same folding ([`crate::text::fold`]), so
//! "to duc" finds "Tô Đức" and "ldtbxh" finds the ministry through its derived acronym.
//! Candidates come from bounded index lookups only (never a scan of every entity, never
//! bm25 over every match of a common prefix), then are ranked here by this rule:
//!
//! 1. exact name (folded) — "bo tu phap" → Bộ Tư pháp;
//! 2. exact alias or acronym — "molisa", "ldtbxh" → the ministry;
//! 3. name starts with the query — "cuc bao" → Cục Bảo trợ xã hội;
//! 4. every query word starts a word of a name, alias or acronym — "bao tro" → Cục Bảo trợ
//!    xã hội;
//! 5. the words appear only in the summary.
//!
//! Within a tier, a query typed with diacritics puts names that contain it exactly first,
//! then the better connected entity wins, then alphabetical order.

use crate::model::{EntityId, EntityRef};
use crate::store::Result;
use crate::text;
use rusqlite::Connection;
use std::collections::HashMap;

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

/// How an entity matched; lower is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchTier {
    /// The whole name.
    ExactName,
    /// A whole alias or acronym.
    ExactAlias,
    /// The start of the name.
    NamePrefix,
    /// Every word is a prefix of a word of a name, alias or acronym.
    WordPrefix,
    /// Only the summary matches.
    Summary,
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
}

/// Candidates taken from each index lookup before ranking.
const CANDIDATES: usize = 400;

/// Runs a query. An empty query gives no hits.
pub fn search(conn: &Connection, q: &Query) -> Result<Vec<Hit>> {
    let words = text::fold_words(&q.text);
    if words.is_empty() || q.limit == 0 {
        return Ok(Vec::new());
    }
    let key = words.join(" ");
    let mut tiers: HashMap<i64, MatchTier> = HashMap::new();
    let note = |tiers: &mut HashMap<i64, MatchTier>, ids: Vec<i64>, tier: MatchTier| {
        for id in ids {
            tiers
                .entry(id)
                .and_modify(|t| *t = (*t).min(tier))
                .or_insert(tier);
        }
    };
    let kind = q.kind.as_deref();

    note(
        &mut tiers,
        ids(
            conn,
            "SELECT id FROM entity WHERE folded = ?1 AND (?2 IS NULL OR kind = ?2) LIMIT ?3",
            &key,
            kind,
        )?,
        MatchTier::ExactName,
    );
    note(
        &mut tiers,
        ids(
            conn,
            "SELECT a.entity_id FROM alias a JOIN entity e ON e.id = a.entity_id
                   WHERE a.folded = ?1 AND (?2 IS NULL OR e.kind = ?2) LIMIT ?3",
            &key,
            kind,
        )?,
        MatchTier::ExactAlias,
    );
    let upper = format!("{key}\u{10FFFF}");
    note(
        &mut tiers,
        ids_range(
            conn,
            "SELECT id FROM entity WHERE folded >= ?1 AND folded < ?2
                         AND (?3 IS NULL OR kind = ?3) ORDER BY folded LIMIT ?4",
            &key,
            &upper,
            kind,
        )?,
        MatchTier::NamePrefix,
    );
    note(
        &mut tiers,
        ids_range(
            conn,
            "SELECT a.entity_id FROM alias a JOIN entity e ON e.id = a.entity_id
                         WHERE a.folded >= ?1 AND a.folded < ?2
                         AND (?3 IS NULL OR e.kind = ?3) ORDER BY a.folded LIMIT ?4",
            &key,
            &upper,
            kind,
        )?,
        MatchTier::WordPrefix,
    );
    let fts_expr = words
        .iter()
        .map(|w| format!("\"{w}\"*"))
        .collect::<Vec<_>>()
        .join(" AND ");
    let fts_ids = |column: &str| -> Result<Vec<i64>> {
        let sql = "SELECT f.rowid FROM search_fts f JOIN entity e ON e.id = f.rowid
                   WHERE search_fts MATCH ?1 AND (?2 IS NULL OR e.kind = ?2) LIMIT ?3";
        let expr = format!("{{{column}}} : ({fts_expr})");
        let mut stmt = conn.prepare_cached(sql)?;
        let v = stmt
            .query_map(rusqlite::params![expr, kind, CANDIDATES as i64], |r| {
                r.get(0)
            })?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(v)
    };
    let word_hits = fts_ids("names")?;
    // Acronyms are indexed as words: a one-word query equal to one is an exact alias.
    if words.len() == 1 {
        let exact_acronyms: Vec<i64> = fts_exact_word(conn, &words[0], kind)?;
        note(&mut tiers, exact_acronyms, MatchTier::ExactAlias);
    }
    note(&mut tiers, word_hits, MatchTier::WordPrefix);
    if tiers.len() < q.limit {
        note(&mut tiers, fts_ids("summary")?, MatchTier::Summary);
    }

    let mut hits = Vec::with_capacity(tiers.len());
    let mut stmt =
        conn.prepare_cached("SELECT uid, kind, name, name_en, folded FROM entity WHERE id = ?1")?;
    let mut degree = conn.prepare_cached(
        "SELECT (SELECT count(*) FROM relation WHERE subject_id = ?1)
              + (SELECT count(*) FROM relation WHERE object_id = ?1)",
    )?;
    let typed = text::nfc(q.text.trim()).to_lowercase();
    let with_marks = text::has_diacritics(&q.text);
    let mut keyed = Vec::with_capacity(tiers.len());
    for (id, tier) in tiers {
        let (uid, kind, name, name_en, folded): (String, String, String, Option<String>, String) =
            stmt.query_row([id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })?;
        let d: i64 = degree.query_row([id], |r| r.get(0))?;
        let marks_differ = with_marks && !name.to_lowercase().contains(&typed);
        keyed.push((
            (tier, marks_differ, -d, folded),
            Hit {
                entity: EntityRef {
                    id: Some(EntityId(id)),
                    uid,
                    kind,
                    name,
                    name_en,
                },
                tier,
                degree: d,
            },
        ));
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    hits.extend(keyed.into_iter().take(q.limit).map(|(_, h)| h));
    Ok(hits)
}

fn ids(conn: &Connection, sql: &str, key: &str, kind: Option<&str>) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let v = stmt
        .query_map(rusqlite::params![key, kind, CANDIDATES as i64], |r| {
            r.get(0)
        })?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(v)
}

fn ids_range(
    conn: &Connection,
    sql: &str,
    lo: &str,
    hi: &str,
    kind: Option<&str>,
) -> Result<Vec<i64>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let v = stmt
        .query_map(rusqlite::params![lo, hi, kind, CANDIDATES as i64], |r| {
            r.get(0)
        })?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(v)
}

/// Entities whose names column holds `word` as a whole word (an acronym or one-word alias).
fn fts_exact_word(conn: &Connection, word: &str, kind: Option<&str>) -> Result<Vec<i64>> {
    let all = ids(
        conn,
        "SELECT f.rowid FROM search_fts f JOIN entity e ON e.id = f.rowid
         WHERE search_fts MATCH '{names} : \"' || ?1 || '\"' AND (?2 IS NULL OR e.kind = ?2) LIMIT ?3",
        word,
        kind,
    )?;
    // Keep only those where the word is an acronym of a name or alias, not any word.
    let mut out = Vec::new();
    let mut names = conn.prepare_cached(
        "SELECT name FROM entity WHERE id = ?1 UNION ALL SELECT name_en FROM entity WHERE id = ?1 AND name_en IS NOT NULL
         UNION ALL SELECT name FROM alias WHERE entity_id = ?1",
    )?;
    for id in all {
        let ns = names
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        if ns
            .iter()
            .any(|n| text::acronyms(n).iter().any(|a| a == word))
        {
            out.push(id);
        }
    }
    Ok(out)
}
