//! A query as typed, prepared for matching: folded words, the exact-match key, the
//! diacritics typed, and how each word is asked of the full-text index. Pure code.

use crate::text::{self, Marked};

/// A query prepared for matching.
pub(super) struct Plan {
    /// Folded words.
    pub(super) words: Vec<String>,
    /// Folded words joined by spaces: the key of exact matches.
    pub(super) key: String,
    /// The words with their diacritics, when the query has any.
    pub(super) marked: Option<Vec<Marked>>,
}

impl Plan {
    pub(super) fn new(text: &str) -> Self {
        let words = text::fold_words(text);
        let key = words.join(" ");
        let marked = text::has_diacritics(text).then(|| text::marked_words(text));
        Plan { words, key, marked }
    }

    /// Every word as a prefix: `"cuc"* AND "bao"* AND "t"*`.
    pub(super) fn prefix_expr(&self) -> String {
        self.words
            .iter()
            .map(|w| format!("\"{w}\"*"))
            .collect::<Vec<_>>()
            .join(" AND ")
    }
}

/// How one query word is asked of the full-text index.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Alt {
    /// As a prefix, `"w"*`: short words, read from the index's prefix index, and words
    /// that start many vocabulary words.
    Prefix(String),
    /// As the few vocabulary words it starts, `("w1" OR "w2")`, which FTS5 reads as
    /// stored rather than merging every word of the prefix into one list first.
    Terms(Vec<String>),
    /// It starts no indexed word: no name can match.
    Nothing,
}

impl Alt {
    pub(super) fn expr(&self) -> Option<String> {
        match self {
            Alt::Prefix(w) => Some(format!("\"{w}\"*")),
            Alt::Terms(ts) if ts.len() == 1 => Some(format!("\"{}\"", ts[0])),
            Alt::Terms(ts) => Some(format!(
                "({})",
                ts.iter()
                    .map(|t| format!("\"{t}\""))
                    .collect::<Vec<_>>()
                    .join(" OR ")
            )),
            Alt::Nothing => None,
        }
    }
}

/// Longest prefix served by the index's prefix index (`prefix = '1 2 3'`).
pub(super) const PREFIX_INDEX: usize = 3;

/// Most vocabulary words a query word is expanded into.
pub(super) const EXPANSION: usize = 8;
