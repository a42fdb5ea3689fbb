//! Vietnamese-aware text handling: NFC normalisation, folding and tokenising here;
//! acronyms, diacritics compared, Telex/VNI, typing mistakes and dictionary order in the
//! submodules.
//!
//! Pure functions only: no I/O, no SQL, no egui. The same [`fold`] is used for every
//! indexed string and every query, so the two always agree.

mod abbreviations;
mod acronym;
mod collation;
pub mod dates;
pub mod legacy;
mod marks;
mod telex;
#[cfg(test)]
mod tests;
mod typo;

pub use abbreviations::expand as expand_abbreviations;
pub use acronym::{acronym_parts, acronym_parts_of_words, acronyms, acronyms_of_words};
pub use collation::{collation_key, given_name};
pub use marks::{Marked, Tone, marked_words};
pub use telex::{decode_telex, decode_vni, to_telex, to_vni};
pub use typo::{deletions, osa_distance, typo_candidate};

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Invisible characters that make two names look alike, make a name look empty, or
/// reverse what a terminal shows: zero-width spaces and joiners, word joiners, byte-order
/// marks, bidirectional marks, embeddings, overrides and isolates, blank-looking fillers,
/// variation selectors and tags. Names drop them and folding ignores them.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
            | '\u{00AD}'
            // Blank-looking letters and fillers: combining grapheme joiner, Hangul
            // fillers, Mongolian vowel separator, Braille blank.
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{FFA0}'
            | '\u{180E}'
            | '\u{2800}'
            // Variation selectors and tags.
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{E0000}'..='\u{E007F}'
            | '\u{E0100}'..='\u{E01EF}'
    )
}

/// Normalises incoming text to NFC (macOS paths and some keyboards send NFD).
pub fn nfc(s: &str) -> String {
    if is_nfc(s) {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// Whether `s` is certainly NFC already, answered by the quick check of the Unicode
/// standard (one pass, no allocation): nearly every stored or typed name is, and then
/// normalising it again would only copy it.
fn is_nfc(s: &str) -> bool {
    s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes
}

/// Folds text for matching: NFC, lower case, NFD, every combining mark dropped, the
/// letters đ/Đ and their look-alikes (Ð U+00D0, ð U+00F0, Ɖ U+0189, ɖ U+0256) mapped to
/// `d`. Folding is idempotent: `fold(fold(s)) == fold(s)`.
///
/// "Tô Đức" → "to duc", "hoà" and "hòa" → "hoa", "LĐTBXH" → "ldtbxh".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    if is_nfc(s) {
        s.chars().for_each(|c| fold_char(c, &mut out));
    } else {
        s.nfc().for_each(|c| fold_char(c, &mut out));
    }
    out
}

/// Folds one character of NFC text onto `out` (usually one character, sometimes none or
/// several). Lower-casing comes first, since lower-casing can itself add a combining mark
/// ("İ" → "i" + U+0307), then the marks of the decomposition are dropped.
fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    if is_invisible(c) {
        return;
    }
    for lower in c.to_lowercase() {
        // The canonical decomposition of one character: its NFD but for the order of the
        // marks, which are all dropped.
        decompose_canonical(lower, |d| {
            if is_combining_mark(d) {
                return;
            }
            match d {
                'đ' | 'Đ' | 'Ð' | 'ð' | 'Ɖ' | 'ɖ' => out.push('d'),
                d => out.extend(d.to_lowercase()),
            }
        });
    }
}

/// Splits already folded text into words: runs of alphanumeric characters. An `&`
/// inside a word joins its parts ("ldtb&xh" → "ldtbxh", "gd&dt" → "gddt"), as in
/// Vietnamese abbreviations.
pub fn words(folded: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in folded.chars() {
        if c.is_alphanumeric() {
            cur.push(c);
        } else if c == '&' && !cur.is_empty() {
            // Joined with what follows.
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Folds and splits in one step.
pub fn fold_words(s: &str) -> Vec<String> {
    words(&fold(s))
}

/// Folded words joined by single spaces: the stored key for exact name comparison.
pub fn folded_key(s: &str) -> String {
    fold_words(s).join(" ")
}

/// True when `query` carries Vietnamese diacritics (or đ), i.e. folding changes it
/// beyond case.
pub fn has_diacritics(query: &str) -> bool {
    let lower: String = query.nfc().flat_map(char::to_lowercase).collect();
    fold(query) != lower
}

/// A word of a text as typed or stored: where it is (a byte range of the NFC text) and its
/// folded form. Splitting follows [`words`]: runs of letters and digits, an `&` inside a
/// word joining its parts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WordSpan {
    /// Byte range in the NFC text.
    pub range: std::ops::Range<usize>,
    /// The folded word.
    pub folded: String,
}

/// The words of `nfc_text` (which must already be NFC, as stored names are) with their
/// byte ranges, so a match on folded text can be shown on the original.
pub fn word_spans(nfc_text: &str) -> Vec<WordSpan> {
    let mut out = Vec::new();
    let mut cur: Option<WordSpan> = None;
    let mut pending_amp = false;
    for (i, c) in nfc_text.char_indices() {
        let end = i + c.len_utf8();
        let mut f = String::new();
        fold_char(c, &mut f);
        let wordy = !f.is_empty() && f.chars().all(char::is_alphanumeric);
        if wordy {
            match &mut cur {
                Some(w) => {
                    w.folded.push_str(&f);
                    w.range.end = end;
                }
                None => {
                    cur = Some(WordSpan {
                        range: i..end,
                        folded: f,
                    })
                }
            }
            pending_amp = false;
        } else if is_combining_mark(c) && cur.is_some() {
            if let Some(w) = &mut cur {
                w.range.end = end;
            }
        } else if c == '&' && cur.is_some() && !pending_amp {
            pending_amp = true;
        } else if let Some(w) = cur.take() {
            pending_amp = false;
            out.push(w);
        }
    }
    out.extend(cur);
    out
}

/// The byte range of `word` (a span of NFC text) that covers its first `folded_len`
/// folded characters: what to highlight when a query word is a prefix of it.
pub fn prefix_range(
    nfc_text: &str,
    span: &std::ops::Range<usize>,
    folded_len: usize,
) -> std::ops::Range<usize> {
    let word = &nfc_text[span.clone()];
    let mut count = 0;
    let mut buf = String::new();
    for (i, c) in word.char_indices() {
        if count >= folded_len {
            return span.start..span.start + i;
        }
        buf.clear();
        fold_char(c, &mut buf);
        count += buf.chars().count();
    }
    span.clone()
}
