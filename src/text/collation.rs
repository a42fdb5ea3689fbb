//! Vietnamese dictionary order (syllable by syllable, letters in the order of the
//! Vietnamese alphabet, then the tone) and given names.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Rank of a base letter in the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ
/// p q r s t u ư v x y), with other characters after it in code point order.
fn letter_rank(base: char, mark: Option<char>) -> u32 {
    let letter = match (base, mark) {
        ('a', Some('\u{0306}')) => 'ă',
        ('a', Some('\u{0302}')) => 'â',
        ('e', Some('\u{0302}')) => 'ê',
        ('o', Some('\u{0302}')) => 'ô',
        ('o', Some('\u{031B}')) => 'ơ',
        ('u', Some('\u{031B}')) => 'ư',
        _ => base,
    };
    // The alphabet, Latin letters foreign to Vietnamese in their Latin places.
    let position = match letter {
        'a' => 0,
        'ă' => 1,
        'â' => 2,
        'b' => 3,
        'c' => 4,
        'd' => 5,
        'đ' => 6,
        'e' => 7,
        'ê' => 8,
        'f' => 9,
        'g' => 10,
        'h' => 11,
        'i' => 12,
        'j' => 13,
        'k' => 14,
        'l' => 15,
        'm' => 16,
        'n' => 17,
        'o' => 18,
        'ô' => 19,
        'ơ' => 20,
        'p' => 21,
        'q' => 22,
        'r' => 23,
        's' => 24,
        't' => 25,
        'u' => 26,
        'ư' => 27,
        'v' => 28,
        'w' => 29,
        'x' => 30,
        'y' => 31,
        'z' => 32,
        _ if base.is_ascii_digit() => return 10 + base as u32 - '0' as u32,
        _ if base.is_whitespace() => return 1,
        _ if !base.is_alphanumeric() => return 2,
        _ => return 1000 + base as u32,
    };
    100 + position
}

/// A sort key for Vietnamese dictionary order: syllable by syllable, the letters in the
/// order of the Vietnamese alphabet (a ă â b c d đ e ê …, case ignored), then the tone in
/// dictionary order (none, huyền, sắc, hỏi, ngã, nặng). So "Ban tổ chức" comes before
/// "Bản tin", and "ma" < "mà" < "má" < "mả" < "mã" < "mạ".
pub fn collation_key(s: &str) -> Vec<(Vec<u32>, u8)> {
    // Stored names are NFC already: normalised again only when they are not.
    let lower: String = if super::is_nfc(s) {
        s.chars().flat_map(char::to_lowercase).collect()
    } else {
        s.nfc().flat_map(char::to_lowercase).collect()
    };
    let mut decomposed: Vec<char> = Vec::new();
    lower
        .split_whitespace()
        .map(|syllable| {
            let mut letters = Vec::with_capacity(syllable.len());
            let mut tone = 0u8;
            decomposed.clear();
            for c in syllable.chars() {
                decompose_canonical(c, |d| decomposed.push(d));
            }
            let mut chars = decomposed.iter().copied().peekable();
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
mod tests {
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
    fn the_whole_alphabet_ranks_in_order_after_signs_and_digits_and_before_other_letters() {
        let alphabet = "- 0 9 a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z ß";
        let keys: Vec<_> = alphabet.split(' ').map(collation_key).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{alphabet}");
        let upper: Vec<_> = alphabet
            .to_uppercase()
            .split(' ')
            .map(collation_key)
            .collect();
        assert_eq!(upper[..upper.len() - 1], keys[..keys.len() - 1]);
        // A name typed decomposed (NFD) sorts as its composed form.
        let composed = "Nguyễn Thị Ánh Tuyết";
        let decomposed: String = composed.nfd().collect();
        assert_ne!(composed, decomposed);
        assert_eq!(collation_key(&decomposed), collation_key(composed));
    }

    #[test]
    fn case_is_ignored_and_given_names_are_last_words() {
        assert_eq!(collation_key("Đức"), collation_key("đức"));
        assert_eq!(given_name("Nguyễn Thị Lan"), "Lan");
    }
}
