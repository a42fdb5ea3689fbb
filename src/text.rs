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
