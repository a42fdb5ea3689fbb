//! Known entities found in a text in one pass: an Aho–Corasick automaton over the folded
//! names, English names, other names and acronyms of every entity, run over the text's
//! folded words. Matches respect word boundaries (each pattern and each word is framed by
//! spaces), never cross punctuation that ends a phrase, and the longest match wins where
//! matches overlap. Spans are byte ranges of the (NFC) text.
//!
//! An organisation also answers to its acronyms (the one acronym rule of `text`), to its
//! head followed by the acronym of the rest ("Cục BTXH"), and to the acronym of its name
//! before a place it ends with ("Sở LĐTBXH Hà Nội").

use super::tokens::{Shape, Token, tokenize};
use crate::model::EntityId;
use crate::store::{KnownName, Store};
use crate::text;
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::HashMap;
use std::ops::Range;

/// An entity a name belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Target {
    entity: EntityId,
    kind: u16,
}

/// A known entity mentioned in the text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Mention {
    /// Byte range of the mention in the text.
    pub span: Range<usize>,
    /// The mention as written.
    pub text: String,
    /// The entities of that name (several when namesakes share it), with their kinds.
    pub entities: Vec<(EntityId, String)>,
}

/// Collects names, then builds a [`Matcher`].
#[derive(Default)]
pub struct MatcherBuilder {
    index: HashMap<Box<str>, u32>,
    first: Vec<Target>,
    more: HashMap<u32, Vec<Target>>,
    kinds: Vec<String>,
}

impl MatcherBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one name of an entity, with the forms it answers to.
    pub fn add(&mut self, entity: EntityId, kind: &str, name: &str) {
        let kind = match self.kinds.iter().position(|k| k == kind) {
            Some(i) => i as u16,
            None => {
                self.kinds.push(kind.to_owned());
                (self.kinds.len() - 1) as u16
            }
        };
        let target = Target { entity, kind };
        let organisation = self.kinds[kind as usize] == "organisation";
        for key in name_keys(name, organisation) {
            self.insert(key, target);
        }
    }

    fn insert(&mut self, key: String, target: Target) {
        if let Some(&i) = self.index.get(key.as_str()) {
            if self.first[i as usize] == target {
                return;
            }
            let more = self.more.entry(i).or_default();
            if !more.contains(&target) {
                more.push(target);
            }
            return;
        }
        let i = self.first.len() as u32;
        self.index.insert(key.into_boxed_str(), i);
        self.first.push(target);
    }

    /// The automaton over every name added.
    pub fn build(self) -> Result<Matcher, aho_corasick::BuildError> {
        let mut patterns: Vec<(u32, Box<str>)> =
            self.index.into_iter().map(|(k, i)| (i, k)).collect();
        patterns.sort_unstable_by_key(|(i, _)| *i);
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns.iter().map(|(_, k)| format!(" {k} ")))?;
        Ok(Matcher {
            ac,
            first: self.first,
            more: self.more,
            kinds: self.kinds,
        })
    }
}

/// The folded forms a name is looked for under.
pub(super) fn name_keys(name: &str, organisation: bool) -> Vec<String> {
    let words = text::fold_words(name);
    let mut out = Vec::new();
    let key = words.join(" ");
    if key.chars().count() >= 2 {
        out.push(key);
    }
    if organisation {
        out.extend(text::acronyms_of_words(&words));
        // The acronyms of the name without its last words (a place), those words spelled
        // out; and, for an acronym that leaves the head out, the head kept before it.
        let n = words.len();
        for cut in n.saturating_sub(3).max(3)..=n {
            let tail: String = words[cut..].iter().map(|w| format!(" {w}")).collect();
            for (acronym, parts) in text::acronym_parts_of_words(&words[..cut]) {
                if cut < n {
                    out.push(format!("{acronym}{tail}"));
                }
                if parts.first() != Some(&0) {
                    out.push(format!("{} {acronym}{tail}", words[0]));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Known names, ready to be found in texts.
pub struct Matcher {
    ac: AhoCorasick,
    first: Vec<Target>,
    more: HashMap<u32, Vec<Target>>,
    kinds: Vec<String>,
}

/// Punctuation that ends a phrase: no name is matched across it.
fn is_barrier(t: &Token, text: &str) -> bool {
    match t.shape {
        Shape::Punct('.') => text[t.span.end..].starts_with(char::is_whitespace),
        Shape::Punct(c) => !matches!(c, '-' | '&' | '\'' | '’' | '.'),
        Shape::Word { .. } => false,
    }
}

impl Matcher {
    /// A matcher over every name of every entity of the store, read one row at a time.
    pub fn from_store(store: &Store) -> anyhow::Result<Matcher> {
        let mut b = MatcherBuilder::new();
        store.for_each_name(|n: KnownName<'_>| b.add(n.entity, n.kind, n.name))?;
        Ok(b.build()?)
    }

    /// How many distinct forms are looked for.
    pub fn patterns(&self) -> usize {
        self.first.len()
    }

    /// Heap memory of the automaton, in bytes.
    pub fn memory(&self) -> usize {
        self.ac.memory_usage()
    }

    /// Every mention of a known entity in `text` (NFC), in text order; the longest match
    /// wins where two overlap.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let tokens = tokenize(text, 0..text.len());
        let mut words: Vec<&Token> = Vec::new();
        let mut stream = String::with_capacity(text.len() + 16);
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        stream.push(' ');
        let mut barrier = false;
        for t in &tokens {
            if !t.is_word() {
                barrier |= is_barrier(t, text);
                continue;
            }
            if barrier && !words.is_empty() {
                stream.push_str("\n ");
            }
            barrier = false;
            starts.push(stream.len() - 1);
            stream.push_str(&t.folded);
            ends.push(stream.len());
            stream.push(' ');
            words.push(t);
        }
        let mut found: Vec<(usize, usize, u32)> = Vec::new();
        for m in self.ac.find_overlapping_iter(&stream) {
            let (Ok(a), Ok(b)) = (
                starts.binary_search(&m.start()),
                ends.binary_search(&(m.end() - 1)),
            ) else {
                continue;
            };
            found.push((a, b, m.pattern().as_u32()));
        }
        // Longest first, then leftmost; a match overlapping one kept is dropped.
        found.sort_by_key(|&(a, b, _)| (std::cmp::Reverse(b - a), a));
        let mut taken = vec![false; words.len()];
        let mut kept = Vec::new();
        for (a, b, p) in found {
            if taken[a..=b].iter().any(|&t| t) {
                continue;
            }
            taken[a..=b].iter_mut().for_each(|t| *t = true);
            kept.push((a, b, p));
        }
        kept.sort_by_key(|&(a, _, _)| a);
        kept.into_iter()
            .map(|(a, b, p)| {
                let span = words[a].span.start..words[b].span.end;
                let mut entities = vec![self.first[p as usize]];
                if let Some(more) = self.more.get(&p) {
                    entities.extend(more);
                }
                Mention {
                    text: text[span.clone()].to_owned(),
                    span,
                    entities: entities
                        .into_iter()
                        .map(|t| (t.entity, self.kinds[t.kind as usize].clone()))
                        .collect(),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(names: &[(i64, &str, &str)]) -> Matcher {
        let mut b = MatcherBuilder::new();
        for &(id, kind, name) in names {
            b.add(EntityId(id), kind, name);
        }
        b.build().expect("build")
    }

    fn found(m: &Matcher, text: &str) -> Vec<(String, i64)> {
        m.find(text)
            .into_iter()
            .map(|x| (x.text, x.entities[0].0.0))
            .collect()
    }

    const MINISTRY: &str = "Bộ Lao động - Thương binh và Xã hội";

    #[test]
    fn names_are_found_without_diacritics_and_with_d_for_dj() {
        let m = matcher(&[(1, "person", "Tô Đức"), (2, "organisation", "Bộ Tư pháp")]);
        assert_eq!(
            found(&m, "Ong To Duc gap bo tu phap."),
            [("To Duc".to_owned(), 1), ("bo tu phap".to_owned(), 2)]
        );
        assert_eq!(found(&m, "Tô Ðức"), [("Tô Ðức".to_owned(), 1)]);
    }

    #[test]
    fn acronyms_with_ampersand_head_and_place_are_found() {
        let m = matcher(&[
            (1, "organisation", MINISTRY),
            (2, "organisation", "Cục Bảo trợ xã hội"),
            (
                3,
                "organisation",
                "Sở Lao động - Thương binh và Xã hội Hà Nội",
            ),
        ]);
        let text = "Bộ LĐTB&XH, Cục BTXH và Sở LĐTBXH Hà Nội; LĐTBXH.";
        assert_eq!(
            found(&m, text),
            [
                ("Bộ LĐTB&XH".to_owned(), 1),
                ("Cục BTXH".to_owned(), 2),
                ("Sở LĐTBXH Hà Nội".to_owned(), 3),
                ("LĐTBXH".to_owned(), 1),
            ]
        );
    }

    #[test]
    fn the_longest_match_wins_and_spans_point_into_the_text() {
        let m = matcher(&[
            (1, "place", "Hà Nội"),
            (2, "organisation", "Sở Y tế Hà Nội"),
            (3, "organisation", "Sở Y tế"),
        ]);
        let text = "Ông đến Sở Y tế Hà Nội rồi về Hà Nội.";
        let ms = m.find(text);
        assert_eq!(ms.len(), 2);
        assert_eq!(&text[ms[0].span.clone()], "Sở Y tế Hà Nội");
        assert_eq!(ms[0].entities[0].0, EntityId(2));
        assert_eq!(&text[ms[1].span.clone()], "Hà Nội");
    }

    #[test]
    fn words_are_never_cut_and_punctuation_ends_a_name() {
        let m = matcher(&[(1, "place", "Hà Nội"), (2, "theme", "an sinh xã hội")]);
        assert!(
            found(&m, "Hà Nội mới; Hànội")
                .iter()
                .all(|(t, _)| t == "Hà Nội")
        );
        assert!(found(&m, "Hà. Nội").is_empty());
        assert!(found(&m, "an sinh, xã hội").is_empty());
        assert_eq!(found(&m, "vì an sinh xã hội.").len(), 1);
    }

    #[test]
    fn namesakes_are_all_named() {
        let m = matcher(&[
            (1, "person", "Nguyễn Văn An"),
            (2, "person", "Nguyễn Văn An"),
        ]);
        let ms = m.find("Nguyễn Văn An");
        assert_eq!(ms[0].entities.len(), 2);
    }

    #[test]
    fn acronym_forms_of_a_name() {
        let keys = name_keys(MINISTRY, true);
        for k in ["bo ldtbxh", "ldtbxh", "bo lao dong thuong binh va xa hoi"] {
            assert!(keys.contains(&k.to_owned()), "{k} in {keys:?}");
        }
        assert!(name_keys("Cục Bảo trợ xã hội", true).contains(&"cuc btxh".to_owned()));
        assert_eq!(name_keys("Tô Đức", false), ["to duc"]);
    }
}
