//! Acronyms derived from names: one rule, used by the search index (which acronyms a name
//! answers to) and by highlighting (which initials light up).

use super::fold_words;

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
    acronyms_of_words(&fold_words(name))
}

/// [`acronyms`] of a name already folded and split into words (see [`fold_words`]).
pub fn acronyms_of_words(ws: &[String]) -> Vec<String> {
    acronym_parts_of_words(ws)
        .into_iter()
        .map(|(a, _)| a)
        .collect()
}

/// Acronyms of a name with, for each, the indices (into `fold_words(name)`) of the words
/// whose initials make it, so a match can be highlighted on those initials.
pub fn acronym_parts(name: &str) -> Vec<(String, Vec<usize>)> {
    acronym_parts_of_words(&fold_words(name))
}

/// [`acronym_parts`] of a name already folded and split into words.
pub fn acronym_parts_of_words(ws: &[String]) -> Vec<(String, Vec<usize>)> {
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
