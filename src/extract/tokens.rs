//! A text cut for the patterns: paragraphs (numbered from 1, as locators count them),
//! sentences, and tokens — words (folded, with their capitalisation) and punctuation —
//! each with its byte range in the text.

use crate::text::{self, Marked, Tone};
use std::ops::Range;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A word of letters or digits; `cap` when it starts with a capital letter (acronyms
    /// and all-capital words included), `upper` when it has two letters or more, all
    /// capitals ("UNICEF", "LĐTB&XH"), `digits` when it is a number.
    Word {
        cap: bool,
        upper: bool,
        digits: bool,
    },
    /// One punctuation character (anything that is neither a word nor white space).
    Punct(char),
}

/// A word or a punctuation mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the whole text.
    pub span: Range<usize>,
    /// The folded word ("LĐTB&XH" → "ldtbxh"); the character itself for punctuation.
    pub folded: String,
    /// The word with its diacritics, for comparing (punctuation: empty).
    pub marked: Marked,
    /// Word or punctuation.
    pub shape: Shape,
}

impl Token {
    /// Whether this is the word `folded` / `marked`: with the same diacritics when it has
    /// any, by its folded letters when it is written without them.
    pub fn same_word(&self, folded: &str, marked: &Marked) -> bool {
        self.is_word()
            && self.folded == folded
            && (self.marked == *marked
                || (self.marked.tone == Tone::None && self.marked.letters == self.folded))
    }

    /// A word starting with a capital letter (acronyms included).
    pub fn is_cap(&self) -> bool {
        matches!(self.shape, Shape::Word { cap: true, .. })
    }

    /// A word in lower case.
    pub fn is_lower(&self) -> bool {
        matches!(
            self.shape,
            Shape::Word {
                cap: false,
                digits: false,
                ..
            }
        )
    }

    /// A word of capitals only ("UNICEF").
    pub fn is_acronym(&self) -> bool {
        matches!(self.shape, Shape::Word { upper: true, .. })
    }

    /// A number.
    pub fn is_number(&self) -> bool {
        matches!(self.shape, Shape::Word { digits: true, .. })
    }

    /// A word of any kind.
    pub fn is_word(&self) -> bool {
        matches!(self.shape, Shape::Word { .. })
    }

    /// This punctuation mark.
    pub fn is_punct(&self, c: char) -> bool {
        self.shape == Shape::Punct(c)
    }

    /// Any of these punctuation marks.
    pub fn is_any_punct(&self, cs: &[char]) -> bool {
        matches!(self.shape, Shape::Punct(c) if cs.contains(&c))
    }
}

/// A sentence: its tokens and where it is.
#[derive(Clone, Debug)]
pub struct Sentence {
    /// Byte range in the whole text.
    pub span: Range<usize>,
    /// Its tokens.
    pub tokens: Vec<Token>,
}

/// A paragraph with its number (from 1) and its sentences.
#[derive(Clone, Debug)]
pub struct Paragraph {
    /// Number, from 1, counting paragraphs that have text.
    pub number: usize,
    /// Its sentences.
    pub sentences: Vec<Sentence>,
}

/// Short words written with a full stop that do not end a sentence ("TP. Hồ Chí Minh",
/// "PGS. TS.").
const ABBREVIATIONS: &[&str] = &[
    "tp", "ts", "ths", "gs", "pgs", "bs", "ks", "cn", "st", "q", "p", "tt", "nxb", "tr", "ng",
];

/// Cuts `text` (NFC) into paragraphs: each line with text is one.
pub fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let trimmed = line.trim_end_matches(['\n', '\r']);
        if !trimmed.trim().is_empty() {
            let tokens = tokenize(text, start..start + trimmed.len());
            out.push(Paragraph {
                number: out.len() + 1,
                sentences: sentences(tokens),
            });
        }
        start = end;
    }
    out
}

/// The tokens of `text[range]`, with ranges in `text`.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token> {
    let part = &text[range.clone()];
    let base = range.start;
    let mut out = Vec::new();
    let mut at = 0;
    let push_punct = |out: &mut Vec<Token>, from: usize, to: usize| {
        for (i, c) in part[from..to].char_indices() {
            if !c.is_whitespace() && !text::is_invisible(c) {
                out.push(Token {
                    span: base + from + i..base + from + i + c.len_utf8(),
                    folded: c.to_string(),
                    marked: Marked {
                        letters: String::new(),
                        tone: Tone::None,
                    },
                    shape: Shape::Punct(normalise_punct(c)),
                });
            }
        }
    };
    let marked = text::marked_words(part);
    for (w, marked) in text::word_spans(part).into_iter().zip(marked) {
        push_punct(&mut out, at, w.range.start);
        let written = &part[w.range.clone()];
        let first = written.chars().next().unwrap_or(' ');
        let digits = w.folded.chars().all(|c| c.is_ascii_digit());
        let letters = written.chars().filter(|c| c.is_alphabetic());
        let upper = letters.clone().count() >= 2 && letters.clone().all(char::is_uppercase);
        out.push(Token {
            span: base + w.range.start..base + w.range.end,
            folded: w.folded,
            marked,
            shape: Shape::Word {
                cap: first.is_uppercase(),
                upper,
                digits,
            },
        });
        at = w.range.end;
    }
    push_punct(&mut out, at, part.len());
    out
}

/// Dashes and quotation marks of every typography as one each: '-' and '"'.
fn normalise_punct(c: char) -> char {
    match c {
        '–' | '—' | '‐' | '‑' | '−' => '-',
        '“' | '”' | '„' | '«' | '»' | '″' => '"',
        c => c,
    }
}

/// Whether a token opens a quoted title: a straight or opening quotation mark.
pub fn opens_quote(text: &str, t: &Token) -> bool {
    t.is_punct('"') && !matches!(&text[t.span.clone()], "”" | "»")
}

/// Cuts a paragraph's tokens into sentences: after '.', '!', '?' or '…' followed by a
/// capital letter, an opening bracket or the end, unless the full stop follows a short
/// abbreviation or a single letter.
fn sentences(tokens: Vec<Token>) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut cur: Vec<Token> = Vec::new();
    let n = tokens.len();
    let mut iter = tokens.into_iter().enumerate().peekable();
    let mut prev_word: Option<String> = None;
    while let Some((i, t)) = iter.next() {
        let ends = t.is_any_punct(&['.', '!', '?', '…'])
            && match iter.peek() {
                None => true,
                Some((_, next)) => {
                    (next.is_cap() && !next.is_number()) || next.is_any_punct(&['(', '"', '['])
                }
            }
            && !(t.is_punct('.')
                && prev_word
                    .as_deref()
                    .is_some_and(|w| ABBREVIATIONS.contains(&w) || w.chars().count() == 1));
        if t.is_word() {
            prev_word = Some(t.folded.clone());
        }
        cur.push(t);
        if ends || i + 1 == n {
            let span = cur[0].span.start..cur[cur.len() - 1].span.end;
            out.push(Sentence {
                span,
                tokens: std::mem::take(&mut cur),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_numbered_lines_with_text() {
        let text = "Một câu.\n\nHai câu. Ba câu!\r\n";
        let ps = paragraphs(text);
        assert_eq!(ps.len(), 2);
        assert_eq!(ps[1].number, 2);
        assert_eq!(ps[1].sentences.len(), 2);
        assert_eq!(&text[ps[1].sentences[1].span.clone()], "Ba câu!");
    }

    #[test]
    fn abbreviations_and_numbers_do_not_end_sentences() {
        let text = "Ông A về TP. Hồ Chí Minh ngày 24.3.2022 để họp.";
        let ps = paragraphs(text);
        assert_eq!(ps[0].sentences.len(), 1);
    }

    #[test]
    fn tokens_keep_spans_case_and_punctuation() {
        let text = "Bộ LĐTB&XH – “Hội thảo”";
        let t = tokenize(text, 0..text.len());
        let words: Vec<&str> = t.iter().map(|t| t.folded.as_str()).collect();
        assert_eq!(words, ["bo", "ldtbxh", "–", "“", "hoi", "thao", "”"]);
        assert_eq!(&text[t[1].span.clone()], "LĐTB&XH");
        assert!(t[1].is_cap() && t[4].is_cap() && t[5].is_lower());
        assert!(t[2].is_punct('-') && t[3].is_punct('"'));
        assert!(opens_quote(text, &t[3]) && !opens_quote(text, &t[6]));
    }
}
