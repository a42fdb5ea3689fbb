//! The lookups of one search: each tier one bounded query of the index tables, the
//! candidates ranked, and the hits presented with highlights and context.

mod fuzzy;
mod lists;

use super::index;
use super::plan::{Alt, EXPANSION, PREFIX_INDEX, Plan};
use super::rank::{fit, highlight, marks_match};
use super::{CANDIDATES, Context, FILTER_SCAN, Filters, Hit, MatchTier, Query};
use crate::model::{DateValue, EntityId, EntityRef};
use crate::store::Result;
use crate::text;
use lists::Word;
use rusqlite::{Connection, OptionalExtension};
use std::collections::HashMap;

/// A candidate before ranking.
#[derive(Clone, Debug)]
pub(super) struct Cand {
    pub(super) id: i64,
    pub(super) tier: MatchTier,
    degree: i64,
    /// Whether the name carries the query's diacritics (only computed for queries with
    /// diacritics, else true).
    marks: bool,
    row: Option<Row>,
}

#[derive(Clone, Debug)]
struct Row {
    uid: String,
    kind: String,
    name: String,
    name_en: Option<String>,
    date_start: Option<String>,
    date_end: Option<String>,
    private: bool,
}

/// Date bounds as yyyymmdd numbers: the days a stored date may be (qualified dates
/// included, see `model::DateValue`).
fn date_bounds(stored: &str) -> Option<(u32, u32)> {
    DateValue::parse(stored).ok()?.bounds()
}

/// One search over one connection: the filters, and the lookups of each tier.
pub(super) struct Engine<'c> {
    conn: &'c Connection,
    kind: Option<String>,
    kind_expr: String,
    limit: usize,
    theme: Option<i64>,
    range: Option<(u32, u32)>,
    state: index::State,
}

impl<'c> Engine<'c> {
    pub(super) fn new(
        conn: &'c Connection,
        q: &Query,
        filters: &Filters,
        state: index::State,
    ) -> Result<Self> {
        let range = if filters.from.is_some() || filters.to.is_some() {
            let lo = filters
                .from
                .as_deref()
                .and_then(date_bounds)
                .map_or(0, |b| b.0);
            let hi = filters
                .to
                .as_deref()
                .and_then(date_bounds)
                .map_or(u32::MAX, |b| b.1);
            Some((lo, hi))
        } else {
            None
        };
        Ok(Engine {
            conn,
            kind_expr: q
                .kind
                .as_deref()
                .map(|k| format!(" AND {{tags}} : \"{}\"", index::kind_token(k)))
                .unwrap_or_default(),
            kind: q.kind.clone(),
            limit: q.limit,
            theme: filters.theme.map(|t| t.0),
            range,
            state,
        })
    }

    fn post_filtered(&self) -> bool {
        self.theme.is_some() || self.range.is_some()
    }

    /// Whether `id` passes the theme and date filters.
    fn passes(&self, id: i64) -> Result<bool> {
        if let Some(t) = self.theme {
            // Check from the candidate's side: a theme may have tens of thousands of links,
            // a candidate usually a few. The unary `+` keeps SQLite off the theme's index.
            let linked: bool = self
                .conn
                .prepare_cached(
                    "SELECT EXISTS (SELECT 1 FROM relation WHERE subject_id = ?1 AND +object_id = ?2)
                         OR EXISTS (SELECT 1 FROM relation WHERE object_id = ?1 AND +subject_id = ?2)",
                )?
                .query_row([id, t], |r| r.get(0))?;
            if !linked {
                return Ok(false);
            }
        }
        if let Some((lo, hi)) = self.range {
            let dates: Option<(Option<String>, Option<String>)> = self
                .conn
                .prepare_cached("SELECT date_start, date_end FROM entity WHERE id = ?1")?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((start, end)) = dates else {
                return Ok(false);
            };
            let s = start.as_deref().and_then(date_bounds);
            let e = end.as_deref().and_then(date_bounds).or(s);
            let (Some(s), Some(e)) = (s.or(e), e) else {
                return Ok(false);
            };
            if s.0 > hi || e.1 < lo {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Runs an FTS5 expression (the kind filter added) and returns up to `n` matching ids
    /// that pass the filters, in rowid order.
    fn fetch(&self, expr: &str, n: usize) -> Result<Vec<i64>> {
        let full = format!("{expr}{}", self.kind_expr);
        let mut stmt = self
            .conn
            .prepare_cached("SELECT rowid FROM search_fts WHERE search_fts MATCH ?1")?;
        let rows = stmt.query_map([full], |r| r.get::<_, i64>(0))?;
        self.first_passing(rows.map(|r| r.map_err(Into::into)), n)
    }

    /// The first `n` of `ids` that pass the filters, looking at [`FILTER_SCAN`] of them at
    /// most when filters are set.
    fn first_passing(&self, ids: impl Iterator<Item = Result<i64>>, n: usize) -> Result<Vec<i64>> {
        let mut out = Vec::new();
        for (scanned, id) in ids.enumerate() {
            let id = id?;
            if !self.post_filtered() || self.passes(id)? {
                out.push(id);
                if out.len() >= n {
                    break;
                }
            }
            if scanned + 1 >= FILTER_SCAN {
                break;
            }
        }
        Ok(out)
    }

    /// The matches of `expr` that matter for a tier with `room` places left (see
    /// [`Engine::ranked`]).
    fn fetch_ranked(&self, expr: &str, room: usize) -> Result<Vec<i64>> {
        self.ranked(room, |level| match level {
            None => self.fetch(expr, CANDIDATES),
            Some(l) => self.fetch(
                &format!("{expr} AND {{tags}} : \"{}\"", index::level_token(l)),
                CANDIDATES,
            ),
        })
    }

    /// The matches that matter for a tier with `room` places left, given `fetch`, which
    /// returns the first [`CANDIDATES`] matches (of a degree level, when given one): all
    /// of them when there are fewer; otherwise the best connected ones, found through the
    /// degree levels from the top down until a level holds at least `room` matches (then
    /// every match of higher degree is present and the top `room` is exact), completed
    /// with the first matches in id order.
    fn ranked(
        &self,
        room: usize,
        fetch: impl Fn(Option<i64>) -> Result<Vec<i64>>,
    ) -> Result<Vec<i64>> {
        let plain = fetch(None)?;
        if plain.len() < CANDIDATES || self.state == index::State::DegreesStale {
            return Ok(plain);
        }
        let mut out: Vec<i64> = Vec::new();
        for level in index::LEVELS.iter().rev() {
            let at_level = fetch(Some(*level))?;
            let enough = at_level.len() >= room;
            for id in at_level {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            if enough {
                break;
            }
        }
        for id in plain {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// Ids whose folded name is exactly `key`.
    fn exact_names(&self, key: &str) -> Result<Vec<i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM entity WHERE folded = ?1 AND (?2 IS NULL OR kind = ?2) LIMIT ?3",
        )?;
        let ids = stmt
            .query_map(rusqlite::params![key, self.kind, CANDIDATES as i64], |r| {
                r.get(0)
            })?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        self.filter(ids)
    }

    /// Ids with an alias or English name exactly `key`.
    fn exact_others(&self, key: &str) -> Result<Vec<i64>> {
        let sql = if self.state == index::State::NeedsRebuild {
            "SELECT a.entity_id FROM alias a JOIN entity e ON e.id = a.entity_id
             WHERE a.folded = ?1 AND (?2 IS NULL OR e.kind = ?2) LIMIT ?3"
        } else {
            "SELECT id FROM (
                 SELECT entity_id AS id FROM alias WHERE folded = ?1
                 UNION SELECT id FROM search_key WHERE key = ?1) x
             WHERE ?2 IS NULL OR ?2 = (SELECT kind FROM search_doc d WHERE d.id = x.id)
             LIMIT ?3"
        };
        let ids = self
            .conn
            .prepare_cached(sql)?
            .query_map(rusqlite::params![key, self.kind, CANDIDATES as i64], |r| {
                r.get(0)
            })?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        self.filter(ids)
    }

    /// Names starting with `key`, in key order, at most [`CANDIDATES`], and whether that
    /// is all of them.
    fn name_range(&self, key: &str) -> Result<(Vec<i64>, bool)> {
        let upper = format!("{key}\u{10FFFF}");
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM entity WHERE folded >= ?1 AND folded < ?2
                 AND (?3 IS NULL OR kind = ?3) ORDER BY folded LIMIT ?4",
            )?
            .query_map(
                rusqlite::params![key, upper, self.kind, CANDIDATES as i64],
                |r| r.get(0),
            )?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        let complete = ids.len() < CANDIDATES;
        Ok((self.filter(ids)?, complete))
    }

    /// The best connected names starting with `key` (see `search_hub`): every entity with
    /// a degree of at least the lowest level is there, so the top `room` of them is the
    /// top of the tier.
    fn hub_range(&self, key: &str, room: usize) -> Result<Vec<i64>> {
        let upper = format!("{key}\u{10FFFF}");
        let n = if self.post_filtered() {
            CANDIDATES
        } else {
            room
        };
        let ids = self
            .conn
            .prepare_cached(
                "SELECT id FROM search_hub WHERE name >= ?1 AND name < ?2
                 AND (?3 IS NULL OR kind = ?3) ORDER BY degree DESC LIMIT ?4",
            )?
            .query_map(rusqlite::params![key, upper, self.kind, n as i64], |r| {
                r.get(0)
            })?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        self.filter(ids)
    }

    fn filter(&self, ids: Vec<i64>) -> Result<Vec<i64>> {
        if !self.post_filtered() {
            return Ok(ids);
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if self.passes(id)? {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// Every entity that passes the filters and the kind, with nothing typed: a theme's
    /// links (both directions), or the dated entities of the range; by name, at most
    /// `limit`. Empty when no theme or date filter is set (the plain list serves that).
    pub(super) fn browse(&self) -> Result<Vec<Hit>> {
        let ids: Vec<i64> = if let Some(t) = self.theme {
            self.conn
                .prepare_cached(
                    "SELECT object_id FROM relation WHERE subject_id = ?1
                     UNION SELECT subject_id FROM relation WHERE object_id = ?1",
                )?
                .query_map([t], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        } else if self.range.is_some() {
            self.conn
                .prepare_cached(
                    "SELECT id FROM entity WHERE date_start IS NOT NULL OR date_end IS NOT NULL",
                )?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        } else {
            return Ok(Vec::new());
        };
        let mut rows = Vec::new();
        for id in ids {
            let Some(row) = self.row(id)? else { continue };
            if self.kind.as_ref().is_some_and(|k| *k != row.kind) || !self.passes(id)? {
                continue;
            }
            rows.push((text::collation_key(&row.name), id, row));
        }
        rows.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        rows.truncate(self.limit);
        rows.into_iter()
            .map(|(_, id, row)| {
                let context = self.context(id, &row)?;
                Ok(Hit {
                    entity: EntityRef {
                        id: Some(EntityId(id)),
                        uid: row.uid,
                        kind: row.kind,
                        name: row.name,
                        name_en: row.name_en,
                        private: row.private,
                    },
                    tier: MatchTier::ExactName,
                    degree: 0,
                    highlight: Vec::new(),
                    via: None,
                    context: (!context.is_empty()).then_some(context),
                })
            })
            .collect()
    }

    /// The context lines of `ids` (those that have one).
    pub(super) fn contexts(&self, ids: &[EntityId]) -> Result<Vec<(EntityId, Context)>> {
        let mut out = Vec::new();
        for &id in ids {
            if let Some(row) = self.row(id.0)? {
                let mut c = self.context(id.0, &row)?;
                if c.role.is_none() && c.other.is_none() {
                    c.other = self.linked_from(id.0)?;
                }
                if !c.is_empty() {
                    out.push((id, c));
                }
            }
        }
        Ok(out)
    }

    fn degree(&self, id: i64) -> Result<i64> {
        if self.state == index::State::NeedsRebuild {
            return Ok(0);
        }
        Ok(self
            .conn
            .prepare_cached("SELECT degree FROM search_doc WHERE id = ?1")?
            .query_row([id], |r| r.get(0))
            .optional()?
            .unwrap_or(0))
    }

    /// How each query word is asked of the index (see [`Alt`]).
    fn alts(&self, plan: &Plan) -> Result<Vec<Alt>> {
        let mut out = Vec::with_capacity(plan.words.len());
        let mut stmt = self.conn.prepare_cached(
            "SELECT word FROM search_vocab WHERE word >= ?1 AND word < ?2 LIMIT ?3",
        )?;
        for w in &plan.words {
            if w.chars().count() <= PREFIX_INDEX {
                out.push(Alt::Prefix(w.clone()));
                continue;
            }
            let upper = format!("{w}\u{10FFFF}");
            let terms = stmt
                .query_map(rusqlite::params![w, upper, (EXPANSION + 1) as i64], |r| {
                    r.get::<_, String>(0)
                })?
                .collect::<rusqlite::Result<Vec<String>>>()?;
            out.push(match terms.len() {
                0 => Alt::Nothing,
                n if n > EXPANSION => Alt::Prefix(w.clone()),
                _ => Alt::Terms(terms),
            });
        }
        Ok(out)
    }

    /// Whether any entity has a summary.
    fn any_summary(&self) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM search_doc WHERE summary <> 0)")?
            .query_row([], |r| r.get(0))?)
    }

    /// Candidates in rank order, at most `limit`, from the tiers up to `worst`.
    pub(super) fn run(&mut self, plan: &Plan, worst: MatchTier) -> Result<Vec<Cand>> {
        let mut cands: Vec<Cand> = Vec::new();
        let mut seen: HashMap<i64, ()> = HashMap::new();
        let tiers: &[MatchTier] = if self.state == index::State::NeedsRebuild {
            &[
                MatchTier::ExactName,
                MatchTier::ExactAlias,
                MatchTier::NamePrefix,
            ]
        } else {
            &[
                MatchTier::ExactName,
                MatchTier::ExactAlias,
                MatchTier::NamePrefix,
                MatchTier::WordPrefix,
                MatchTier::Fuzzy,
                MatchTier::Summary,
            ]
        };
        let alts = if self.state == index::State::NeedsRebuild {
            Vec::new()
        } else {
            self.alts(plan)?
        };
        for &tier in tiers {
            if cands.len() >= self.limit || tier > worst {
                break;
            }
            let room = self.limit - cands.len();
            let ids = match tier {
                MatchTier::ExactName => self.exact_names(&plan.key)?,
                MatchTier::ExactAlias => {
                    let mut ids = self.exact_others(&plan.key)?;
                    // A one-word query may be a derived acronym, a whole token of its own.
                    if let [word] = plan.words.as_slice()
                        && self.state != index::State::NeedsRebuild
                    {
                        for id in self.acronym_matches(word)? {
                            if !ids.contains(&id) {
                                ids.push(id);
                            }
                        }
                    }
                    ids
                }
                MatchTier::NamePrefix => {
                    // Names in a key range first: exact and cheap when few names start
                    // so; a common start goes to the index, which ranks by degree.
                    let (ids, complete) = self.name_range(&plan.key)?;
                    if complete || self.state == index::State::NeedsRebuild {
                        ids
                    } else {
                        let mut hubs = self.hub_range(&plan.key, room)?;
                        for id in ids {
                            if !hubs.contains(&id) {
                                hubs.push(id);
                            }
                        }
                        hubs
                    }
                }
                MatchTier::WordPrefix if alts.contains(&Alt::Nothing) => Vec::new(),
                MatchTier::WordPrefix => {
                    let words: Vec<Word> = alts.iter().map(Word::as_typed).collect();
                    self.word_matches(&words, room)?
                }
                MatchTier::Fuzzy => match self.fuzzy_words(plan, &alts, cands.is_empty())? {
                    Some(words) => self.word_matches(&words, room)?,
                    None => Vec::new(),
                },
                MatchTier::Summary if !self.any_summary()? => Vec::new(),
                MatchTier::Summary => self.fetch_ranked(
                    &format!("{{name other acronyms summary}} : ({})", plan.prefix_expr()),
                    room,
                )?,
            };
            for id in ids {
                if seen.insert(id, ()).is_none() {
                    cands.push(Cand {
                        id,
                        tier,
                        degree: self.degree(id)?,
                        marks: true,
                        row: None,
                    });
                }
            }
        }
        self.order(plan, cands)
    }

    fn row(&self, id: i64) -> Result<Option<Row>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT uid, kind, name, name_en, date_start, date_end, private FROM entity WHERE id = ?1",
            )?
            .query_row([id], |r| {
                Ok(Row {
                    uid: r.get(0)?,
                    kind: r.get(1)?,
                    name: r.get(2)?,
                    name_en: r.get(3)?,
                    date_start: r.get(4)?,
                    date_end: r.get(5)?,
                    private: r.get(6)?,
                })
            })
            .optional()?)
    }

    /// Orders candidates by tier, diacritics, degree, fit and name, and keeps the first
    /// `limit`. Rows (names) are read only where they decide: when the query has
    /// diacritics, for the candidates of a tier down to the degree where enough names
    /// carry them; then for those that make the cut and the ties at it.
    fn order(&self, plan: &Plan, mut cands: Vec<Cand>) -> Result<Vec<Cand>> {
        cands.sort_by_key(|c| c.tier);
        let mut out: Vec<Cand> = Vec::with_capacity(self.limit);
        let mut start = 0;
        while start < cands.len() && out.len() < self.limit {
            let tier = cands[start].tier;
            let end = cands[start..]
                .iter()
                .position(|c| c.tier != tier)
                .map_or(cands.len(), |p| start + p);
            let room = self.limit - out.len();
            let mut group: Vec<Cand> = cands[start..end].to_vec();
            start = end;
            if let Some(marked) = &plan.marked {
                // Best connected first: once `room` names carry the diacritics typed, the
                // less connected rest ranks below them, whatever their names.
                group.sort_by_key(|c| (-c.degree, c.id));
                let mut carrying = 0;
                let mut cut_degree = None;
                for c in &mut group {
                    if cut_degree.is_some_and(|d| c.degree < d) {
                        c.marks = false;
                        continue;
                    }
                    if let Some(row) = self.row(c.id)? {
                        c.marks = marks_match(marked, &row.name);
                        c.row = Some(row);
                        if c.marks {
                            carrying += 1;
                            if carrying == room {
                                cut_degree = Some(c.degree);
                            }
                        }
                    }
                }
            }
            group.sort_by_key(|c| (!c.marks, -c.degree, c.id));
            // Names are needed for the ones kept and for those tied with the last kept.
            let cut = group.len().min(room);
            let mut need = cut;
            if cut > 0 {
                let last = (group[cut - 1].marks, group[cut - 1].degree);
                while need < group.len() && (group[need].marks, group[need].degree) == last {
                    need += 1;
                }
            }
            group.truncate(need);
            for c in &mut group {
                if c.row.is_none() {
                    c.row = self.row(c.id)?;
                }
            }
            // A candidate whose row is gone (removed in bulk) is dropped.
            group.retain(|c| c.row.is_some());
            // Among equally connected names, the closest fit to the words typed, then
            // dictionary order.
            group.sort_by_cached_key(|c| {
                let name = c.row.as_ref().map_or("", |r| r.name.as_str());
                (
                    !c.marks,
                    -c.degree,
                    fit(&plan.words, name),
                    text::collation_key(name),
                    c.id,
                )
            });
            out.extend(group.into_iter().take(room));
        }
        Ok(out)
    }

    /// Turns ranked candidates into hits: highlights, the other name that matched, context.
    pub(super) fn hits(&self, plan: &Plan, cands: Vec<Cand>) -> Result<Vec<Hit>> {
        let mut out = Vec::with_capacity(cands.len());
        for c in cands {
            let row = match c.row {
                Some(r) => r,
                None => match self.row(c.id)? {
                    Some(r) => r,
                    None => continue,
                },
            };
            let (highlight, covered) = highlight(&row.name, &plan.words, c.tier);
            let via = if covered {
                None
            } else {
                self.via(c.id, &row, plan)?
            };
            let context = self.context(c.id, &row)?;
            out.push(Hit {
                entity: EntityRef {
                    id: Some(EntityId(c.id)),
                    uid: row.uid,
                    kind: row.kind,
                    name: row.name,
                    name_en: row.name_en,
                    private: row.private,
                },
                tier: c.tier,
                degree: c.degree,
                highlight,
                via,
                context: (!context.is_empty()).then_some(context),
            });
        }
        self.tell_namesakes_apart(&mut out)?;
        Ok(out)
    }

    /// The first other name (English name, then aliases) in which every query word starts
    /// a word.
    fn via(&self, id: i64, row: &Row, plan: &Plan) -> Result<Option<String>> {
        let aliases = self
            .conn
            .prepare_cached("SELECT name FROM alias WHERE entity_id = ?1 ORDER BY id")?
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        let names = row.name_en.iter().chain(aliases.iter());
        for n in names {
            let words = text::fold_words(n);
            if plan
                .words
                .iter()
                .all(|q| words.iter().any(|w| w.starts_with(q.as_str())))
            {
                return Ok(Some(n.clone()));
            }
        }
        Ok(None)
    }

    /// Hits of one name with nothing to tell them apart get the first entity linking to
    /// them as their context ("Bùi Hoài Bình · Bản tin …").
    fn tell_namesakes_apart(&self, hits: &mut [Hit]) -> Result<()> {
        let mut names: HashMap<String, usize> = HashMap::new();
        for h in hits.iter() {
            *names.entry(text::fold(&h.entity.name)).or_default() += 1;
        }
        for h in hits.iter_mut() {
            let bare = h
                .context
                .as_ref()
                .is_none_or(|c| c.role.is_none() && c.other.is_none());
            if !bare
                || names
                    .get(&text::fold(&h.entity.name))
                    .is_none_or(|n| *n < 2)
            {
                continue;
            }
            let Some(id) = h.entity.id else { continue };
            if let Some(other) = self.linked_from(id.0)? {
                h.context.get_or_insert_with(Context::default).other = Some(other);
            }
        }
        Ok(())
    }

    /// The name of the first entity with a relation to `id` (for an entity with none of
    /// its own), first in the order of the object index (by predicate, then subject), so
    /// that a hub with tens of thousands of links costs one index step, not a sort of them
    /// all.
    fn linked_from(&self, id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT e.name FROM relation r JOIN entity e ON e.id = r.subject_id
                 WHERE r.object_id = ?1 ORDER BY r.predicate, r.subject_id LIMIT 1",
            )?
            .query_row([id], |r| r.get(0))
            .optional()?)
    }

    /// Context of a hit: its own dates and the relation that places it: by kind, the first
    /// predicate of a preference list, a current relation before a former one.
    fn context(&self, id: i64, row: &Row) -> Result<Context> {
        let predicates: [&str; 3] = match row.kind.as_str() {
            "person" => ["holds_position", "spoke_at", "attended"],
            "organisation" => ["part_of", "renamed_to", "merged_into"],
            "event" => ["organised_by", "organised_by", "organised_by"],
            "document" => ["published_by", "reports_on", "reports_on"],
            "recommendation" => ["raised_at", "concerns", "concerns"],
            "theme" => ["subtheme_of", "subtheme_of", "subtheme_of"],
            _ => ["part_of", "part_of", "part_of"],
        };
        let mut ctx = Context {
            date_start: row.date_start.clone(),
            date_end: row.date_end.clone(),
            ..Context::default()
        };
        // One indexed look at the entity's outgoing relations of those predicates.
        let mut stmt = self.conn.prepare_cached(
            "SELECT predicate, role, date_end IS NOT NULL, object_id FROM relation
             WHERE subject_id = ?1 AND predicate IN (?2, ?3, ?4) LIMIT 64",
        )?;
        // (preference, former, object) of the best so far, its role and object.
        type Best = ((usize, bool, i64), Option<String>, i64);
        let mut best: Option<Best> = None;
        let rows = stmt.query_map(
            rusqlite::params![id, predicates[0], predicates[1], predicates[2]],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            },
        )?;
        for r in rows {
            let (predicate, role, former, object) = r?;
            let rank = predicates
                .iter()
                .position(|p| *p == predicate)
                .unwrap_or(predicates.len());
            let key = (rank, former, object);
            if best.as_ref().is_none_or(|b| key < b.0) {
                best = Some((key, role, object));
            }
        }
        if let Some((_, role, object)) = best {
            ctx.role = role;
            ctx.other = self
                .conn
                .prepare_cached("SELECT name FROM entity WHERE id = ?1")?
                .query_row([object], |r| r.get(0))
                .optional()?;
        }
        Ok(ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_bounds_cover_partial_dates() {
        assert_eq!(date_bounds("2015"), Some((20150101, 20151231)));
        assert_eq!(date_bounds("2015-03"), Some((20150301, 20150331)));
        assert_eq!(date_bounds("2015-03-20"), Some((20150320, 20150320)));
        assert_eq!(date_bounds("--12-30"), None);
        assert_eq!(date_bounds("~1990"), Some((19880101, 19921231)));
        assert_eq!(date_bounds("1990..1995"), Some((19900101, 19951231)));
    }
}
