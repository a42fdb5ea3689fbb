//! Vietnamese dictionary order (syllable by syllable, letters in the order of the
//! Vietnamese alphabet, then the tone) and given names.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

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
    fn case_is_ignored_and_given_names_are_last_words() {
        assert_eq!(collation_key("Đức"), collation_key("đức"));
        assert_eq!(given_name("Nguyễn Thị Lan"), "Lan");
    }
}
