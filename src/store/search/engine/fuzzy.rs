//! The fuzzy tier of a search: which query words may be typing mistakes, and their
//! neighbours in the vocabulary.

use super::Engine;
use super::lists::Word;
use crate::store::Result;
use crate::store::search::plan::{Alt, Plan};
use crate::text;

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
    ) -> Result<Option<Vec<Word>>> {
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
            words.push(Word {
                alt: alt.clone(),
                neighbours,
            });
        }
        Ok(any.then_some(words))
    }
}
