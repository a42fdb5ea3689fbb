//! Queries typed as Telex or VNI without an input method ("chuyeenr ddooir soos",
//! "chuye6n3 d9o6i3 so61"), read back into Vietnamese, and the reverse for tests and
//! benchmarks.

use super::marks::Tone;
use super::nfc;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

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
