//! Diacritics as they matter for comparing words: the letter shapes and the tone, wherever
//! the tone mark sits. The one table of Vietnamese tone marks.

use super::{nfc, word_spans};
use unicode_normalization::UnicodeNormalization;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Tone {
    /// Ngang (no mark).
    #[default]
    None,
    /// Huyền (grave).
    Grave,
    /// Sắc (acute).
    Acute,
    /// Hỏi (hook above).
    Hook,
    /// Ngã (tilde).
    Tilde,
    /// Nặng (dot below).
    Dot,
}

impl Tone {
    pub(super) fn from_mark(m: char) -> Option<Tone> {
        Some(match m {
            '\u{0300}' => Tone::Grave,
            '\u{0301}' => Tone::Acute,
            '\u{0309}' => Tone::Hook,
            '\u{0303}' => Tone::Tilde,
            '\u{0323}' => Tone::Dot,
            _ => return None,
        })
    }

    pub(super) fn mark(self) -> Option<char> {
        match self {
            Tone::None => None,
            Tone::Grave => Some('\u{0300}'),
            Tone::Acute => Some('\u{0301}'),
            Tone::Hook => Some('\u{0309}'),
            Tone::Tilde => Some('\u{0303}'),
            Tone::Dot => Some('\u{0323}'),
        }
    }
}

/// A word with its diacritics as they matter for comparing: its letters with their shapes
/// (ă â ê ô ơ ư đ kept, lower case) and the word's tone, wherever the tone mark sits. Old and
/// new tone placement therefore compare equal: "hoà" and "hòa" are both `("hoa", Grave)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marked {
    /// Letters with their shape marks, NFC, lower case, no tone mark.
    pub letters: String,
    /// The tone of the word.
    pub tone: Tone,
}

impl Marked {
    /// True when this word, as typed, is the start of `stored` (also marked): the letters
    /// are a prefix with the same shapes, and the tones agree, or this word has none yet
    /// and `typing` says it may still get one (the last word of a query being typed).
    pub fn is_prefix_of(&self, stored: &Marked, typing: bool) -> bool {
        let letters = if typing {
            stored.letters.starts_with(&self.letters)
        } else {
            stored.letters == self.letters
        };
        letters && (self.tone == stored.tone || (typing && self.tone == Tone::None))
    }
}

/// The words of `s` with their diacritics normalised for comparison (see [`Marked`]). Split
/// like [`words`], so the n-th item belongs to the n-th folded word.
pub fn marked_words(s: &str) -> Vec<Marked> {
    let text = nfc(s);
    word_spans(&text)
        .into_iter()
        .map(|w| {
            let mut letters = String::new();
            let mut tone = Tone::None;
            for c in text[w.range]
                .chars()
                .flat_map(char::to_lowercase)
                .collect::<String>()
                .nfd()
            {
                if let Some(t) = Tone::from_mark(c) {
                    tone = t;
                } else if c == '&' {
                    continue;
                } else {
                    letters.push(c);
                }
            }
            Marked {
                letters: letters.nfc().collect(),
                tone,
            }
        })
        .collect()
}
