//! Vietnamese-aware text handling: NFC normalisation, folding, tokenising and acronyms.
//!
//! Pure functions only: no I/O, no SQL, no egui. The same [`fold`] is used for every
//! indexed string and every query, so the two always agree.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalises incoming text to NFC (macOS paths and some keyboards send NFD).
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Folds text for matching: NFC, lower case, NFD, every combining mark dropped, the
/// letters đ/Đ and their look-alikes (Ð U+00D0, ð U+00F0, Ɖ U+0189, ɖ U+0256) mapped to
/// `d`. Folding is idempotent: `fold(fold(s)) == fold(s)`.
///
/// "Tô Đức" → "to duc", "hoà" and "hòa" → "hoa", "LĐTBXH" → "ldtbxh".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfc() {
        fold_char(c, &mut out);
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
    for lower in c.to_lowercase() {
        for d in std::iter::once(lower).nfd() {
            if is_combining_mark(d) {
                continue;
            }
            match d {
                'đ' | 'Đ' | 'Ð' | 'ð' | 'Ɖ' | 'ɖ' => out.push('d'),
                d => out.extend(d.to_lowercase()),
            }
        }
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

/// Connecting words left out of acronyms ("Bộ Lao động - Thương binh **và** Xã hội").
const ACRONYM_STOP_WORDS: &[&str] = &["va", "cua", "voi", "and", "of", "the", "for"];

/// Generic heads that Vietnamese acronyms often leave out ("**Bộ** LĐTBXH").
const GENERIC_HEADS: &[&str] = &["bo", "cuc", "so", "vu", "vien", "bao", "ban", "phong"];

/// Acronyms derived from a name, folded: the initials of every word, the initials without
/// connecting words, and those without a generic head word ("Bộ", "Cục", "Sở"…).
///
/// "Bộ Lao động - Thương binh và Xã hội" → ["bldtbvxh", "bldtbxh", "ldtbxh"];
/// "Ngân hàng Chính sách xã hội" → ["nhcsxh"]. Names of fewer than three words have none.
pub fn acronyms(name: &str) -> Vec<String> {
    let ws = fold_words(name);
    if ws.len() < 3 {
        return Vec::new();
    }
    let initials =
        |ws: &[&String]| -> String { ws.iter().filter_map(|w| w.chars().next()).collect() };
    let all: Vec<&String> = ws.iter().collect();
    let content: Vec<&String> = ws
        .iter()
        .filter(|w| !ACRONYM_STOP_WORDS.contains(&w.as_str()))
        .collect();
    let mut out = vec![initials(&all), initials(&content)];
    if content.len() >= 4 && GENERIC_HEADS.contains(&content[0].as_str()) {
        out.push(initials(&content[1..]));
    }
    out.retain(|a| a.chars().count() >= 3);
    out.dedup();
    out
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

/// A Vietnamese tone, the sixth being none.
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
    fn from_mark(m: char) -> Option<Tone> {
        Some(match m {
            '\u{0300}' => Tone::Grave,
            '\u{0301}' => Tone::Acute,
            '\u{0309}' => Tone::Hook,
            '\u{0303}' => Tone::Tilde,
            '\u{0323}' => Tone::Dot,
            _ => return None,
        })
    }

    fn mark(self) -> Option<char> {
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

/// Acronyms of a name with, for each, the indices (into `fold_words(name)`) of the words
/// whose initials make it, so a match can be highlighted on those initials.
pub fn acronym_parts(name: &str) -> Vec<(String, Vec<usize>)> {
    let ws = fold_words(name);
    if ws.len() < 3 {
        return Vec::new();
    }
    let initials =
        |idx: &[usize]| -> String { idx.iter().filter_map(|&i| ws[i].chars().next()).collect() };
    let all: Vec<usize> = (0..ws.len()).collect();
    let content: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| !ACRONYM_STOP_WORDS.contains(&ws[i].as_str()))
        .collect();
    let mut out = vec![
        (initials(&all), all.clone()),
        (initials(&content), content.clone()),
    ];
    if content.len() >= 4 && GENERIC_HEADS.contains(&ws[content[0]].as_str()) {
        let rest = content[1..].to_vec();
        out.push((initials(&rest), rest));
    }
    out.retain(|(a, _)| a.chars().count() >= 3);
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

// ---------------------------------------------------------------------------------------
// Telex and VNI typed without an input method.

const VOWELS: &str = "aăâeêioôơuưy";

fn is_vowel(c: char) -> bool {
    VOWELS.contains(c)
}

/// Puts `tone` on the vowel that carries it in Vietnamese spelling and returns NFC text.
/// The rules: a vowel with a shape mark (ơ in "ươ"), else the only vowel, else the last
/// vowel when a consonant follows, else the middle one of three, else the first of two
/// ("hòa", "thủy"). "qu" and "gi" before a vowel count as consonants.
fn place_tone(letters: &[char], tone: Tone) -> String {
    let Some(mark) = tone.mark() else {
        return letters.iter().collect();
    };
    let n = letters.len();
    let mut start = None;
    for (i, &c) in letters.iter().enumerate() {
        if !is_vowel(c) {
            if start.is_some() {
                break;
            }
            continue;
        }
        if start.is_none() {
            let glide = i > 0
                && i + 1 < n
                && is_vowel(letters[i + 1])
                && ((c == 'u' && letters[i - 1] == 'q') || (c == 'i' && letters[i - 1] == 'g'));
            if glide {
                continue;
            }
            start = Some(i);
        }
    }
    let Some(start) = start else {
        return letters.iter().collect();
    };
    let mut end = start;
    while end < n && is_vowel(letters[end]) {
        end += 1;
    }
    let cluster: Vec<usize> = (start..end).collect();
    let shaped = cluster
        .iter()
        .rev()
        .copied()
        .find(|&i| "ăâêôơư".contains(letters[i]));
    let at = if let Some(i) = shaped {
        i
    } else if cluster.len() == 1 {
        start
    } else if end < n {
        end - 1
    } else if cluster.len() >= 3 {
        start + 1
    } else {
        start
    };
    let mut s = String::new();
    for (i, &c) in letters.iter().enumerate() {
        s.push(c);
        if i == at {
            s.push(mark);
        }
    }
    s.nfc().collect()
}

/// Applies a shape to the last vowel in `out` that can take it; true when one did.
fn reshape_last(out: &mut [char], from: &[char], to: &[char]) -> bool {
    for i in (0..out.len()).rev() {
        if let Some(k) = from.iter().position(|&f| f == out[i]) {
            out[i] = to[k];
            return true;
        }
    }
    false
}

/// Puts the horn on both letters of "uo" (nguowif, nguoiwf, ngu7o7i2, nguoi72 → người),
/// except after q, where u is part of the consonant (quow → quơ). True when it did.
fn horn(out: &mut [char]) -> bool {
    let n = out.len();
    let pair = (1..n)
        .rev()
        .find(|&i| out[i - 1] == 'u' && out[i] == 'o' && (i < 2 || out[i - 2] != 'q'));
    if let Some(i) = pair {
        out[i - 1] = 'ư';
        out[i] = 'ơ';
        true
    } else {
        false
    }
}

/// Decodes one word typed in Telex: "chuyeenr" → "chuyển", "ddooir" → "đổi", "soos" → "số",
/// "nguowif" → "người". Tone keys (s f r x j, z to clear) count only after a vowel — none of
/// them ends a Vietnamese syllable — and the letter is kept when it is repeated ("ss").
fn telex_word(word: &str) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut tone = Tone::None;
    let mut last_tone_key = None;
    for c in word.chars() {
        let seen_vowel = out.iter().any(|&x| is_vowel(x));
        let t = match c {
            's' => Some(Tone::Acute),
            'f' => Some(Tone::Grave),
            'r' => Some(Tone::Hook),
            'x' => Some(Tone::Tilde),
            'j' => Some(Tone::Dot),
            'z' => Some(Tone::None),
            _ => None,
        };
        if let (Some(t), true) = (t, seen_vowel) {
            if last_tone_key == Some(c) {
                // Pressed twice: the key was meant as a letter.
                tone = Tone::None;
                out.push(c);
                last_tone_key = None;
            } else {
                tone = t;
                last_tone_key = Some(c);
            }
            continue;
        }
        last_tone_key = None;
        match c {
            'w' => {
                if !horn(&mut out) && !reshape_last(&mut out, &['a', 'o', 'u'], &['ă', 'ơ', 'ư'])
                {
                    out.push('ư');
                }
            }
            'a' | 'e' | 'o' if out.last() == Some(&c) => {
                let n = out.len();
                out[n - 1] = match c {
                    'a' => 'â',
                    'e' => 'ê',
                    _ => 'ô',
                };
            }
            'd' if out.last() == Some(&'d') => {
                let n = out.len();
                out[n - 1] = 'đ';
            }
            c => out.push(c),
        }
    }
    place_tone(&out, tone)
}

/// Decodes one word typed in VNI: "chuye6n3" → "chuyển", "d9o6i3" → "đổi", "so61" → "số".
/// Digits 1–5 are tones (0 clears), 6 a circumflex, 7 a horn, 8 a breve, 9 the stroke of đ;
/// each applies to the nearest letter before it that can take it. A word without letters
/// (a number) is left alone.
fn vni_word(word: &str) -> String {
    if !word.chars().any(|c| c.is_alphabetic()) {
        return word.to_owned();
    }
    let mut out: Vec<char> = Vec::new();
    let mut tone = Tone::None;
    for c in word.chars() {
        let applied = match c {
            '1' | '2' | '3' | '4' | '5' | '0' if out.iter().any(|&x| is_vowel(x)) => {
                tone = match c {
                    '1' => Tone::Acute,
                    '2' => Tone::Grave,
                    '3' => Tone::Hook,
                    '4' => Tone::Tilde,
                    '5' => Tone::Dot,
                    _ => Tone::None,
                };
                true
            }
            '6' => reshape_last(&mut out, &['a', 'e', 'o'], &['â', 'ê', 'ô']),
            '7' => horn(&mut out) || reshape_last(&mut out, &['o', 'u'], &['ơ', 'ư']),
            '8' => reshape_last(&mut out, &['a'], &['ă']),
            '9' => reshape_last(&mut out, &['d'], &['đ']),
            _ => false,
        };
        if !applied {
            out.push(c);
        }
    }
    place_tone(&out, tone)
}

fn decode_with(query: &str, word: fn(&str) -> String) -> Option<String> {
    let lower: String = nfc(query).to_lowercase();
    let mut changed = false;
    let mut out = String::with_capacity(lower.len());
    let mut cur = String::new();
    let flush = |cur: &mut String, out: &mut String, changed: &mut bool| {
        if !cur.is_empty() {
            let d = word(cur);
            *changed |= d != *cur;
            out.push_str(&d);
            cur.clear();
        }
    };
    for c in lower.chars() {
        if c.is_ascii_alphanumeric() {
            cur.push(c);
        } else {
            flush(&mut cur, &mut out, &mut changed);
            out.push(c);
        }
    }
    flush(&mut cur, &mut out, &mut changed);
    changed.then_some(out)
}

/// The query read as Telex typed without an input method, when that changes it:
/// "chuyeenr ddooir soos" → "chuyển đổi số". Words holding letters other than ASCII are
/// left as typed.
pub fn decode_telex(query: &str) -> Option<String> {
    decode_with(query, telex_word)
}

/// The query read as VNI typed without an input method, when that changes it:
/// "chuye6n3 d9o6i3 so61" → "chuyển đổi số".
pub fn decode_vni(query: &str) -> Option<String> {
    decode_with(query, vni_word)
}

/// The keys a person types for `text` in Telex with the input method off — the inverse of
/// [`decode_telex`]: "chuyển đổi số" → "chuyeenr ddooir soos". Lower case; the tone key
/// ends each word. For tests and benchmarks.
pub fn to_telex(text: &str) -> String {
    encode_with(
        text,
        |shape, base, out| match (shape, base) {
            ('\u{0302}', b) => {
                out.push(b);
                out.push(b);
            }
            ('\u{0306}' | '\u{031B}', b) => {
                out.push(b);
                out.push('w');
            }
            (_, b) => out.push(b),
        },
        |tone| match tone {
            Tone::Acute => Some('s'),
            Tone::Grave => Some('f'),
            Tone::Hook => Some('r'),
            Tone::Tilde => Some('x'),
            Tone::Dot => Some('j'),
            Tone::None => None,
        },
        "dd",
    )
}

/// The keys a person types for `text` in VNI with the input method off — the inverse of
/// [`decode_vni`]: "chuyển đổi số" → "chuye6n3 d9o6i3 so61".
pub fn to_vni(text: &str) -> String {
    encode_with(
        text,
        |shape, base, out| {
            out.push(base);
            match shape {
                '\u{0302}' => out.push('6'),
                '\u{031B}' => out.push('7'),
                '\u{0306}' => out.push('8'),
                _ => {}
            }
        },
        |tone| match tone {
            Tone::Acute => Some('1'),
            Tone::Grave => Some('2'),
            Tone::Hook => Some('3'),
            Tone::Tilde => Some('4'),
            Tone::Dot => Some('5'),
            Tone::None => None,
        },
        "d9",
    )
}

fn encode_with(
    text: &str,
    shape: impl Fn(char, char, &mut String),
    tone_key: impl Fn(Tone) -> Option<char>,
    d_stroke: &str,
) -> String {
    let lower: String = nfc(text).to_lowercase();
    let mut out = String::with_capacity(lower.len() * 2);
    let mut tone = Tone::None;
    let end_word = |out: &mut String, tone: &mut Tone| {
        if let Some(k) = tone_key(*tone) {
            out.push(k);
        }
        *tone = Tone::None;
    };
    for c in lower.chars() {
        if c == 'đ' {
            out.push_str(d_stroke);
            continue;
        }
        if !c.is_alphanumeric() {
            end_word(&mut out, &mut tone);
            out.push(c);
            continue;
        }
        let mut base = None;
        let mut shape_mark = None;
        for d in std::iter::once(c).nfd() {
            if let Some(t) = Tone::from_mark(d) {
                tone = t;
            } else if is_combining_mark(d) {
                shape_mark = Some(d);
            } else {
                base = Some(d);
            }
        }
        if let Some(b) = base {
            match shape_mark {
                Some(m) => shape(m, b, &mut out),
                None => out.push(b),
            }
        }
    }
    end_word(&mut out, &mut tone);
    out
}

// ---------------------------------------------------------------------------------------
// Typing mistakes.

/// Optimal string alignment distance (Levenshtein plus transposition of two neighbours,
/// no substring edited twice) between two words, counted in characters.
pub fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// The words made by deleting one character of `word`, without repeats. A word and a
/// vocabulary word are within one edit only if one equals the other, one is a deletion of
/// the other, or they share a deletion — which is how the vocabulary is searched without
/// scanning it.
pub fn deletions(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut out: Vec<String> = Vec::with_capacity(chars.len());
    for i in 0..chars.len() {
        let d: String = chars[..i].iter().chain(&chars[i + 1..]).collect();
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// True for the words typo matching applies to: three letters or more, letters only.
pub fn typo_candidate(folded_word: &str) -> bool {
    folded_word.chars().count() >= 3 && folded_word.chars().all(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_names_as_vietnamese_type_them() {
        assert_eq!(fold("Tô Đức"), "to duc");
        assert_eq!(fold("giảm nghèo đa chiều"), "giam ngheo da chieu");
        assert_eq!(fold("LĐTBXH"), "ldtbxh");
        assert_eq!(fold("Ủy ban nhân dân"), "uy ban nhan dan");
        assert_eq!(fold("Ðà Nẵng"), "da nang");
        assert_eq!(fold("Ɖồng"), "dong");
    }

    #[test]
    fn old_and_new_tone_placement_fold_alike() {
        assert_eq!(fold("hoà"), fold("hòa"));
        assert_eq!(fold("xoá"), fold("xóa"));
        assert_eq!(fold("thuỷ"), fold("thủy"));
    }

    #[test]
    fn nfc_and_nfd_input_fold_alike() {
        let nfc_text = "Bảo trợ xã hội";
        let nfd_text: String = nfc_text.nfd().collect();
        assert_ne!(nfc_text, nfd_text);
        assert_eq!(fold(nfc_text), fold(&nfd_text));
        assert_eq!(nfc(&nfd_text), nfc_text);
    }

    #[test]
    fn every_vowel_with_every_tone_folds_to_its_base_letter() {
        // Base vowels with their modified forms, each in the five marked tones.
        let table: &[(&str, char)] = &[
            ("áàảãạ", 'a'),
            ("ắằẳẵặ", 'a'),
            ("ấầẩẫậ", 'a'),
            ("éèẻẽẹ", 'e'),
            ("ếềểễệ", 'e'),
            ("íìỉĩị", 'i'),
            ("óòỏõọ", 'o'),
            ("ốồổỗộ", 'o'),
            ("ớờởỡợ", 'o'),
            ("úùủũụ", 'u'),
            ("ứừửữự", 'u'),
            ("ýỳỷỹỵ", 'y'),
            ("ăâ", 'a'),
            ("ê", 'e'),
            ("ôơ", 'o'),
            ("ư", 'u'),
        ];
        for (letters, base) in table {
            for c in letters.chars() {
                let lower = c.to_string();
                let upper: String = c.to_uppercase().collect();
                assert_eq!(fold(&lower), base.to_string(), "{c}");
                assert_eq!(fold(&upper), base.to_string(), "{upper}");
            }
        }
        assert_eq!(fold("đĐ"), "dd");
    }

    #[test]
    fn words_split_on_punctuation_and_join_on_ampersand() {
        assert_eq!(
            fold_words("Bộ Lao động - Thương binh và Xã hội"),
            vec!["bo", "lao", "dong", "thuong", "binh", "va", "xa", "hoi"]
        );
        assert_eq!(fold_words("LĐTB&XH"), vec!["ldtbxh"]);
        assert_eq!(fold_words("Bộ GD&ĐT"), vec!["bo", "gddt"]);
        assert_eq!(folded_key("  Tô   Đức "), "to duc");
    }

    #[test]
    fn acronyms_follow_vietnamese_usage() {
        let a = acronyms("Bộ Lao động - Thương binh và Xã hội");
        assert!(a.contains(&"ldtbxh".to_string()), "{a:?}");
        assert!(a.contains(&"bldtbxh".to_string()), "{a:?}");
        assert_eq!(acronyms("Ngân hàng Chính sách xã hội"), vec!["nhcsxh"]);
        assert_eq!(acronyms("Ủy ban nhân dân"), vec!["ubnd"]);
        assert!(acronyms("Tô Đức").is_empty());
    }

    #[test]
    fn folding_table() {
        // (input, folded): every rule of `fold` once.
        let table: &[(&str, &str)] = &[
            ("Tô Đức", "to duc"),
            ("đ", "d"),
            ("Đ", "d"),
            ("Ð", "d"), // U+00D0, Icelandic eth capital, looks like Đ
            ("ð", "d"), // U+00F0
            ("Ɖ", "d"), // U+0189, African D
            ("ɖ", "d"), // U+0256
            ("ĐẶNG", "dang"),
            ("Nguyễn", "nguyen"),
            ("NGUYỄN", "nguyen"),
            ("Người", "nguoi"),
            ("hoà", "hoa"), // old tone placement
            ("hòa", "hoa"), // new tone placement
            ("xoá", "xoa"),
            ("xóa", "xoa"),
            ("Thuỷ", "thuy"),
            ("Thủy", "thuy"),
            ("e\u{0301}", "e"),       // NFD input
            ("İstanbul", "istanbul"), // lower-casing adds a mark; dropped too
            ("ǅ", "ǆ"),               // no canonical decomposition: lower case only
        ];
        for (input, folded) in table {
            assert_eq!(fold(input), *folded, "{input:?}");
            assert_eq!(fold(&fold(input)), *folded, "not idempotent on {input:?}");
        }
    }

    #[test]
    fn tone_placement_does_not_matter_for_diacritic_comparison() {
        assert_eq!(marked_words("hoà"), marked_words("hòa"));
        assert_eq!(marked_words("xoá"), marked_words("xóa"));
        assert_eq!(marked_words("Thuỷ"), marked_words("thủy"));
        assert_ne!(marked_words("hòa"), marked_words("hoa"));
        assert_ne!(marked_words("hòa"), marked_words("hóa"));
        let m = marked_words("Bảo");
        assert_eq!(m[0].letters, "bao");
        assert_eq!(m[0].tone, Tone::Hook);
        let typed = &marked_words("Bả")[0];
        assert!(typed.is_prefix_of(&m[0], true));
        assert!(!typed.is_prefix_of(&m[0], false));
        assert!(!marked_words("Bá")[0].is_prefix_of(&m[0], true));
        // Shapes count: "bo" is not "bộ".
        assert!(!marked_words("bo")[0].is_prefix_of(&marked_words("bộ")[0], true));
    }

    #[test]
    fn word_spans_map_folded_words_to_the_original_text() {
        let name = "Bộ LĐTB&XH - Cục";
        let spans = word_spans(name);
        let words: Vec<&str> = spans.iter().map(|s| &name[s.range.clone()]).collect();
        assert_eq!(words, ["Bộ", "LĐTB&XH", "Cục"]);
        assert_eq!(spans[1].folded, "ldtbxh");
        assert_eq!(&name[prefix_range(name, &spans[0].range, 1)], "B");
        assert_eq!(&name[prefix_range(name, &spans[1].range, 2)], "LĐ");
    }

    #[test]
    fn acronym_parts_point_at_the_words_they_come_from() {
        let name = "Bộ Lao động - Thương binh và Xã hội";
        let parts = acronym_parts(name);
        let (a, idx) = parts.iter().find(|(a, _)| a == "ldtbxh").expect("ldtbxh");
        assert_eq!(a, "ldtbxh");
        assert_eq!(idx, &[1, 2, 3, 4, 6, 7]);
    }

    #[test]
    fn telex_typed_without_an_input_method_is_decoded() {
        let cases: &[(&str, &str)] = &[
            ("chuyeenr ddooir soos", "chuyển đổi số"),
            ("giamr ngheof", "giảm nghèo"),
            ("nguyeenx vawn an", "nguyễn văn an"),
            ("nguowif ngheof", "người nghèo"),
            ("nguoiwf", "người"),
            ("tooi", "tôi"),
            ("quow", "quơ"),
            ("Ddaf Nawngx", "đà nẵng"),
            ("hoaf", "hòa"),
            ("thuyr", "thủy"),
            ("khuyeens nghij", "khuyến nghị"),
            ("bao trowj xax hooij", "bao trợ xã hội"),
        ];
        for (typed, meant) in cases {
            assert_eq!(decode_telex(typed).as_deref(), Some(*meant), "{typed:?}");
        }
        // Plain Vietnamese without marks is left alone: no syllable ends in s f r x j.
        for plain in [
            "chuyen doi so",
            "cuc bao tro xa hoi",
            "to duc",
            "nguyen van an",
        ] {
            assert_eq!(decode_telex(plain), None, "{plain:?}");
        }
    }

    #[test]
    fn vni_typed_without_an_input_method_is_decoded() {
        let cases: &[(&str, &str)] = &[
            ("chuye6n3 d9o6i3 so61", "chuyển đổi số"),
            ("giam3 ngheo2", "giảm nghèo"),
            ("ngu7o7i2", "người"),
            ("nguoi72", "người"),
            ("d9a2 na8ng4", "đà nẵng"),
        ];
        for (typed, meant) in cases {
            assert_eq!(decode_vni(typed).as_deref(), Some(*meant), "{typed:?}");
        }
        // Numbers stay numbers.
        assert_eq!(decode_vni("hoi thao lan 5 nam 2015"), None);
    }

    #[test]
    fn telex_and_vni_encodings_decode_back() {
        for s in [
            "Chuyển đổi số",
            "Bộ Lao động - Thương binh và Xã hội",
            "Nguyễn Thị Hương",
            "Ủy ban nhân dân",
            "người nghèo đa chiều",
            "Đắk Lắk",
        ] {
            let telex = to_telex(s);
            let vni = to_vni(s);
            assert_eq!(
                marked_words(&decode_telex(&telex).unwrap_or(telex.clone())),
                marked_words(s),
                "{s:?} as {telex:?}"
            );
            assert_eq!(
                marked_words(&decode_vni(&vni).unwrap_or(vni.clone())),
                marked_words(s),
                "{s:?} as {vni:?}"
            );
        }
        assert_eq!(to_telex("chuyển đổi số"), "chuyeenr ddooir soos");
        assert_eq!(to_vni("chuyển đổi số"), "chuye6n3 d9o6i3 so61");
    }

    #[test]
    fn typo_distance_is_optimal_string_alignment() {
        let cases: &[(&str, &str, usize)] = &[
            ("ngheo", "nghoe", 1), // transposition
            ("tro", "tor", 1),     // transposition
            ("bao", "bo", 1),      // deletion
            ("bao", "bnao", 1),    // insertion
            ("bao", "bac", 1),     // substitution
            ("ngheo", "ngheo", 0),
            ("ca", "abc", 3), // OSA, not Damerau: no substring edited twice
            ("giam", "ngheo", 4),
        ];
        for (a, b, d) in cases {
            assert_eq!(osa_distance(a, b), *d, "{a} {b}");
            assert_eq!(osa_distance(b, a), *d, "{b} {a}");
        }
        assert_eq!(deletions("bao"), ["ao", "bo", "ba"]);
        assert_eq!(deletions("too"), ["oo", "to"]);
        assert!(typo_candidate("tro"));
        assert!(!typo_candidate("xa"));
        assert!(!typo_candidate("2015"));
    }

    #[test]
    fn detects_queries_typed_with_diacritics() {
        assert!(has_diacritics("Tô"));
        assert!(has_diacritics("đ"));
        assert!(!has_diacritics("To Duc"));
    }
}

/// Rank of a base letter in the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ
/// p q r s t u ư v x y), with other characters after it in code point order.
fn letter_rank(base: char, mark: Option<char>) -> u32 {
    const ALPHABET: &[&str] = &[
        "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
        "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
    ];
    let letter = match (base, mark) {
        ('a', Some('\u{0306}')) => "ă",
        ('a', Some('\u{0302}')) => "â",
        ('e', Some('\u{0302}')) => "ê",
        ('o', Some('\u{0302}')) => "ô",
        ('o', Some('\u{031B}')) => "ơ",
        ('u', Some('\u{031B}')) => "ư",
        ('đ', _) => "đ",
        _ => "",
    };
    let mut buf = [0u8; 4];
    let key = if letter.is_empty() {
        base.encode_utf8(&mut buf)
    } else {
        letter
    };
    match ALPHABET.iter().position(|l| *l == key) {
        Some(i) => 100 + i as u32,
        None if base.is_ascii_digit() => 10 + base as u32 - '0' as u32,
        None if base.is_whitespace() => 1,
        None if !base.is_alphanumeric() => 2,
        None => 1000 + base as u32,
    }
}

/// A sort key for Vietnamese dictionary order: syllable by syllable, the letters in the
/// order of the Vietnamese alphabet (a ă â b c d đ e ê …, case ignored), then the tone in
/// dictionary order (none, huyền, sắc, hỏi, ngã, nặng). So "Ban tổ chức" comes before
/// "Bản tin", and "ma" < "mà" < "má" < "mả" < "mã" < "mạ".
pub fn collation_key(s: &str) -> Vec<(Vec<u32>, u8)> {
    let lower: String = s.nfc().flat_map(char::to_lowercase).collect();
    lower
        .split_whitespace()
        .map(|syllable| {
            let mut letters = Vec::with_capacity(syllable.len());
            let mut tone = 0u8;
            let mut chars = syllable.nfd().peekable();
            while let Some(base) = chars.next() {
                let mut shape = None;
                while let Some(&m) = chars.peek() {
                    if !is_combining_mark(m) {
                        break;
                    }
                    match m {
                        '\u{0300}' => tone = 1,
                        '\u{0301}' => tone = 2,
                        '\u{0309}' => tone = 3,
                        '\u{0303}' => tone = 4,
                        '\u{0323}' => tone = 5,
                        other => shape = Some(other),
                    }
                    chars.next();
                }
                letters.push(letter_rank(base, shape));
            }
            (letters, tone)
        })
        .collect()
}

/// The given name of a Vietnamese personal name: its last word ("Tô Đức" → "Đức").
pub fn given_name(name: &str) -> &str {
    name.split_whitespace().last().unwrap_or(name)
}

#[cfg(test)]
mod collation_tests {
    use super::*;

    fn sorted(mut v: Vec<&str>) -> Vec<&str> {
        v.sort_by_key(|s| collation_key(s));
        v
    }

    #[test]
    fn letters_follow_the_vietnamese_alphabet() {
        assert_eq!(
            sorted(vec![
                "đào", "dương", "âu", "ăn", "an", "bình", "ơn", "ôn", "on", "ưu", "uy"
            ]),
            vec![
                "an", "ăn", "âu", "bình", "dương", "đào", "on", "ôn", "ơn", "uy", "ưu"
            ]
        );
    }

    #[test]
    fn tones_break_ties_in_dictionary_order() {
        assert_eq!(
            sorted(vec!["mạ", "mả", "má", "mã", "mà", "ma"]),
            vec!["ma", "mà", "má", "mả", "mã", "mạ"]
        );
    }

    #[test]
    fn syllables_compare_one_by_one_as_in_a_dictionary() {
        assert_eq!(
            sorted(vec![
                "Bản tin HNMO",
                "Ban tổ chức",
                "Báo Hànộimới",
                "Bộ Tư pháp"
            ]),
            vec!["Ban tổ chức", "Bản tin HNMO", "Báo Hànộimới", "Bộ Tư pháp"]
        );
        assert_eq!(sorted(vec!["an sinh", "an"]), vec!["an", "an sinh"]);
    }

    #[test]
    fn case_is_ignored_and_given_names_are_last_words() {
        assert_eq!(collation_key("Đức"), collation_key("đức"));
        assert_eq!(given_name("Nguyễn Thị Lan"), "Lan");
    }
}
