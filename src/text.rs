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

/// Folds text for matching: NFC, then NFD, every combining mark dropped, the letters
/// đ/Đ and their look-alikes (Ð U+00D0, ð U+00F0, Ɖ U+0189, ɖ U+0256) mapped to `d`,
/// and everything lower-cased.
///
/// "Tô Đức" → "to duc", "hoà" and "hòa" → "hoa", "LĐTBXH" → "ldtbxh".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfc().nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' | 'Ð' | 'ð' | 'Ɖ' | 'ɖ' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
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
