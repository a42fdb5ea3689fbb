//! The fuzzy tier of a search: which query words may be typing mistakes, their
//! neighbours in the vocabulary, and their matches, read from the word lists.

use super::Engine;
use crate::store::Result;
use crate::store::search::plan::{Alt, Plan};
use crate::store::search::postings::{self, Ids};
use crate::store::search::{CANDIDATES, index};
use crate::text;

/// One query word of a fuzzy match: as typed, or one of its neighbours in the vocabulary.
#[derive(Clone, Debug)]
pub(in crate::store::search) struct Fuzzy {
    alt: Alt,
    neighbours: Vec<String>,
}

/// Most vocabulary words a query word's start is read as from the word lists; a start of
/// more words is asked of the full-text index's prefix index.
const LIST_PREFIX: usize = 64;

impl Engine<'_> {
    /// Vocabulary words within one edit of `word` — a letter substituted, added, dropped,
    /// or two neighbours swapped — anywhere, the first letter included ("fhanh" for
    /// "thanh", "lhuong" for "phuong").
    fn neighbours(&self, word: &str) -> Result<Vec<String>> {
        let mut found: Vec<String> = Vec::new();
        let dels = text::deletions(word);
        let mut by_del = self
            .conn
            .prepare_cached("SELECT word FROM search_vocab_del WHERE del = ?1")?;
        let mut exists = self
            .conn
            .prepare_cached("SELECT 1 FROM search_vocab WHERE word = ?1 AND typo <> 0")?;
        // A vocabulary word with one more letter, or one substituted or transposed.
        for key in std::iter::once(word).chain(dels.iter().map(String::as_str)) {
            for w in by_del.query_map([key], |r| r.get::<_, String>(0))? {
                let w = w?;
                if w != word && !found.contains(&w) && text::osa_distance(word, &w) <= 1 {
                    found.push(w);
                }
            }
        }
        // A vocabulary word with one letter less.
        for d in &dels {
            if text::typo_candidate(d) && exists.exists([d])? && !found.contains(d) {
                found.push(d.clone());
            }
        }
        Ok(found)
    }

    /// The words of a fuzzy match: a word of three letters or more that is not a word of
    /// the vocabulary (nor, for the last word, the start of one) may be one of its
    /// vocabulary neighbours; a word that exists is taken as meant — unless every word
    /// exists and together they found nothing (`nothing_yet`): then words of four letters
    /// or more may be mistakes too ("than" typed for "thanh"). `None` when no word has a
    /// neighbour, or some word still matches nothing.
    pub(super) fn fuzzy_words(
        &self,
        plan: &Plan,
        alts: &[Alt],
        nothing_yet: bool,
    ) -> Result<Option<Vec<Fuzzy>>> {
        let mut any = false;
        let mut known = self
            .conn
            .prepare_cached("SELECT 1 FROM search_vocab WHERE word >= ?1 AND word < ?2 LIMIT 1")?;
        let mut exists = Vec::with_capacity(plan.words.len());
        for (i, (w, alt)) in plan.words.iter().zip(alts).enumerate() {
            // The last word is being typed: it exists if it starts a word.
            let last = i + 1 == plan.words.len();
            let upper = if last {
                format!("{w}\u{10FFFF}")
            } else {
                format!("{w}\0")
            };
            exists.push(*alt != Alt::Nothing && known.exists([w.as_str(), upper.as_str()])?);
        }
        let all_exist = exists.iter().all(|e| *e);
        let mut words = Vec::with_capacity(plan.words.len());
        for ((w, alt), exists) in plan.words.iter().zip(alts).zip(exists) {
            let doubt = !exists || (nothing_yet && all_exist && w.chars().count() >= 4);
            let neighbours = if text::typo_candidate(w) && doubt {
                self.neighbours(w)?
            } else {
                Vec::new()
            };
            any |= !neighbours.is_empty();
            if *alt == Alt::Nothing && neighbours.is_empty() {
                return Ok(None);
            }
            words.push(Fuzzy {
                alt: alt.clone(),
                neighbours,
            });
        }
        Ok(any.then_some(words))
    }

    /// The full-text expression of a fuzzy match.
    fn fuzzy_expr(words: &[Fuzzy]) -> String {
        let parts: Vec<String> = words
            .iter()
            .map(|f| {
                let options: Vec<String> = f
                    .alt
                    .expr()
                    .into_iter()
                    .chain(f.neighbours.iter().map(|n| format!("\"{n}\"")))
                    .collect();
                format!("({})", options.join(" OR "))
            })
            .collect();
        format!("{{name other acronyms}} : ({})", parts.join(" AND "))
    }

    /// The matches of a fuzzy match that matter for a tier with `room` places left: from
    /// the word lists (see [`postings`]), each query word the union of the lists of its
    /// readings, the words intersected; through the full-text index when a word is the
    /// start of more vocabulary words than [`LIST_PREFIX`].
    pub(super) fn fuzzy_matches(&self, words: &[Fuzzy], room: usize) -> Result<Vec<i64>> {
        let mut lists: Vec<Vec<String>> = Vec::with_capacity(words.len() + 1);
        let mut starting = self.conn.prepare_cached(
            "SELECT word FROM search_vocab WHERE word >= ?1 AND word < ?2 LIMIT ?3",
        )?;
        for f in words {
            let mut keys = f.neighbours.clone();
            match &f.alt {
                Alt::Terms(ts) => keys.extend(ts.iter().cloned()),
                Alt::Prefix(w) => {
                    let upper = format!("{w}\u{10FFFF}");
                    let started = starting
                        .query_map(rusqlite::params![w, upper, (LIST_PREFIX + 1) as i64], |r| {
                            r.get::<_, String>(0)
                        })?
                        .collect::<rusqlite::Result<Vec<String>>>()?;
                    if started.len() > LIST_PREFIX {
                        return self.fetch_ranked(&Self::fuzzy_expr(words), room);
                    }
                    keys.extend(started);
                }
                Alt::Nothing => {}
            }
            lists.push(keys);
        }
        if let Some(kind) = &self.kind {
            lists.push(vec![postings::tag(&index::kind_token(kind))]);
        }
        let end = postings::id_end(self.conn)?;
        let mut matches: Option<Ids> = None;
        for keys in &lists {
            let mut these = Ids::empty(end);
            postings::union(self.conn, keys, &mut these)?;
            match &mut matches {
                Some(m) => m.intersect(&these),
                None => matches = Some(these),
            }
            if matches.as_ref().is_some_and(Ids::is_empty) {
                return Ok(Vec::new());
            }
        }
        let Some(matches) = matches else {
            return Ok(Vec::new());
        };
        self.ranked(room, |level| match level {
            None => self.first_passing(matches.iter().map(Ok), CANDIDATES),
            Some(l) => {
                let mut at = Ids::empty(end);
                postings::union(self.conn, &[postings::tag(&index::level_token(l))], &mut at)?;
                at.intersect(&matches);
                self.first_passing(at.iter().map(Ok), CANDIDATES)
            }
        })
    }
}
