//! Matches read from the word lists (see [`postings`]): the word-prefix and typo tiers
//! ask for every query word (as typed, a prefix expanded through the vocabulary, or one
//! of its typo neighbours) and intersect the words, rarest first.

use super::Engine;
use crate::store::Result;
use crate::store::search::plan::Alt;
use crate::store::search::postings::{self, Ids};
use crate::store::search::{CANDIDATES, index};

/// One query word: as asked of the index, and the vocabulary neighbours it may be a
/// typing mistake of (none outside the typo tier).
#[derive(Clone, Debug)]
pub(in crate::store::search) struct Word {
    pub(super) alt: Alt,
    pub(super) neighbours: Vec<String>,
}

impl Word {
    /// A word as typed, without neighbours.
    pub(super) fn as_typed(alt: &Alt) -> Self {
        Word {
            alt: alt.clone(),
            neighbours: Vec::new(),
        }
    }
}

/// Most vocabulary words a query word's start is read as from the word lists; a start of
/// more words ("1" of "lần 1", a number's first digits) is checked against the words of
/// the entities the other words matched.
const LIST_PREFIX: usize = 64;

/// Most entities whose words are read to check the starts of more than [`LIST_PREFIX`]
/// words; with more, the query is asked of the full-text index's prefix index instead.
const CHECKED: usize = 2_000;

/// The lists to read for one query word.
enum Lists {
    /// The lists of these keys (its readings).
    Keys(Vec<String>),
    /// Every word starting with this: checked on the matches of the other words.
    Start(String),
}

impl Engine<'_> {
    /// The full-text expression of `words`, all required.
    fn words_expr(words: &[Word]) -> String {
        let parts: Vec<String> = words
            .iter()
            .map(|w| {
                let options: Vec<String> = w
                    .alt
                    .expr()
                    .into_iter()
                    .chain(w.neighbours.iter().map(|n| format!("\"{n}\"")))
                    .collect();
                format!("({})", options.join(" OR "))
            })
            .collect();
        format!("{{name other acronyms}} : ({})", parts.join(" AND "))
    }

    /// The lists of each word (the kind's list last, when a kind is asked for).
    fn lists(&self, words: &[Word]) -> Result<Vec<Lists>> {
        let mut starting = self.conn.prepare_cached(
            "SELECT word FROM search_vocab WHERE word >= ?1 AND word < ?2 LIMIT ?3",
        )?;
        let mut out = Vec::with_capacity(words.len() + 1);
        for w in words {
            let mut keys = w.neighbours.clone();
            match &w.alt {
                Alt::Terms(ts) => keys.extend(ts.iter().cloned()),
                Alt::Prefix(p) => {
                    let upper = format!("{p}\u{10FFFF}");
                    let started = starting
                        .query_map(rusqlite::params![p, upper, (LIST_PREFIX + 1) as i64], |r| {
                            r.get::<_, String>(0)
                        })?
                        .collect::<rusqlite::Result<Vec<String>>>()?;
                    if started.len() > LIST_PREFIX && keys.is_empty() {
                        out.push(Lists::Start(p.clone()));
                        continue;
                    }
                    if started.len() > LIST_PREFIX {
                        // A typo neighbour besides: both are read from the index.
                        return Ok(Vec::new());
                    }
                    keys.extend(started);
                }
                Alt::Nothing => {}
            }
            out.push(Lists::Keys(keys));
        }
        if let Some(kind) = &self.kind {
            out.push(Lists::Keys(vec![postings::tag(&index::kind_token(kind))]));
        }
        Ok(out)
    }

    /// Keeps the ids whose words include one starting with each of `starts`.
    fn check_starts(&self, ids: &mut Ids, starts: &[String]) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT words FROM search_doc WHERE id = ?1")?;
        let mut rejected = Vec::new();
        for id in ids.iter() {
            let words: String = stmt.query_row([id], |r| r.get(0))?;
            let all = starts
                .iter()
                .all(|s| words.split(' ').any(|w| w.starts_with(s.as_str())));
            if !all {
                rejected.push(id);
            }
        }
        for id in rejected {
            ids.remove(id);
        }
        Ok(())
    }

    /// The ids in every one of `lists` (each the union of the lists of its keys, with its
    /// size in bytes), from the shortest on, reading only the chunks where ids remain;
    /// `None` when none is.
    fn intersect(&self, mut lists: Vec<(i64, Vec<String>)>) -> Result<Option<Ids>> {
        lists.sort_by_key(|(size, _)| *size);
        let end = postings::id_end(self.conn)?;
        let mut matches: Option<Ids> = None;
        for (_, keys) in &lists {
            let mut these = Ids::empty(end);
            postings::union(self.conn, keys, &mut these, matches.as_ref())?;
            match &mut matches {
                Some(m) => m.intersect(&these),
                None => matches = Some(these),
            }
            if matches.as_ref().is_some_and(Ids::is_empty) {
                return Ok(None);
            }
        }
        Ok(matches)
    }

    /// The entities with the derived acronym `word` (a whole acronym: "ldtbxh"), of the
    /// kind asked for, that pass the filters: at most [`CANDIDATES`], in id order.
    pub(super) fn acronym_matches(&self, word: &str) -> Result<Vec<i64>> {
        let mut lists = vec![(0, vec![postings::acronym(word)])];
        if let Some(kind) = &self.kind {
            lists.push((1, vec![postings::tag(&index::kind_token(kind))]));
        }
        match self.intersect(lists)? {
            Some(ids) => self.first_passing(ids.iter().map(Ok), CANDIDATES),
            None => Ok(Vec::new()),
        }
    }

    /// The matches of `words`, all required, that matter for a tier with `room` places
    /// left (see [`Engine::ranked`]): each word the union of the lists of its readings, the
    /// words intersected from the shortest lists on, reading only the chunks where
    /// matches remain; the starts of very many words checked last. Through the full-text
    /// index when those starts would be checked on more than [`CHECKED`] entities.
    pub(super) fn word_matches(&self, words: &[Word], room: usize) -> Result<Vec<i64>> {
        let mut sized = Vec::with_capacity(words.len() + 1);
        let mut starts = Vec::new();
        for lists in self.lists(words)? {
            match lists {
                Lists::Keys(keys) => sized.push((postings::size(self.conn, &keys)?, keys)),
                Lists::Start(s) => starts.push(s),
            }
        }
        if sized.is_empty() {
            return self.fetch_ranked(&Self::words_expr(words), room);
        }
        let Some(mut matches) = self.intersect(sized)? else {
            return Ok(Vec::new());
        };
        if !starts.is_empty() {
            if matches.iter().nth(CHECKED).is_some() {
                return self.fetch_ranked(&Self::words_expr(words), room);
            }
            self.check_starts(&mut matches, &starts)?;
        }
        self.ranked(room, |level| match level {
            None => self.first_passing(matches.iter().map(Ok), CANDIDATES),
            Some(l) => {
                let mut at = Ids::empty_like(&matches);
                let level = [postings::tag(&index::level_token(l))];
                postings::union(self.conn, &level, &mut at, Some(&matches))?;
                at.intersect(&matches);
                self.first_passing(at.iter().map(Ok), CANDIDATES)
            }
        })
    }
}
