//! What the ranking compares beyond the tier, and what the user sees lit up: diacritics
//! typed against a name's, and highlight ranges. Pure code.

use super::MatchTier;
use crate::text::{self, Marked};

/// Whether a name carries the diacritics of every query word (the last may still be
/// typed: a prefix, its tone not yet given).
pub(super) fn marks_match(query: &[Marked], name: &str) -> bool {
    let words = text::marked_words(name);
    query.iter().enumerate().all(|(i, q)| {
        let typing = i + 1 == query.len();
        words.iter().any(|w| q.is_prefix_of(w, typing))
    })
}

/// How closely a name fits the query words, best first when compared: the query words
/// no name word answers, then (negated) those matching a whole word, then words out of
/// the typed order, then name words left over. Each query word takes a name word of its
/// own ("xa xa" needs two "xã"): a whole word first, else a word it starts, else one a
/// typing mistake away.
pub(super) fn fit(query: &[String], name: &str) -> (usize, isize, usize, usize) {
    let words = text::fold_words(name);
    let mut used = vec![false; words.len()];
    let mut positions: Vec<usize> = Vec::with_capacity(query.len());
    let (mut missing, mut whole) = (0usize, 0isize);
    for q in query {
        let take = |test: &dyn Fn(&String) -> bool, used: &[bool]| {
            words
                .iter()
                .enumerate()
                .position(|(i, w)| !used[i] && test(w))
        };
        let found = take(&|w| w == q, &used)
            .map(|i| (i, true))
            .or_else(|| take(&|w| w.starts_with(q.as_str()), &used).map(|i| (i, false)))
            .or_else(|| {
                take(
                    &|w| text::typo_candidate(q) && text::osa_distance(w, q) <= 1,
                    &used,
                )
                .map(|i| (i, false))
            });
        match found {
            Some((i, is_whole)) => {
                used[i] = true;
                positions.push(i);
                whole += isize::from(is_whole);
            }
            None => missing += 1,
        }
    }
    let out_of_order = positions
        .iter()
        .enumerate()
        .map(|(i, a)| positions[i + 1..].iter().filter(|b| *b < a).count())
        .sum();
    let extra = words.len() - positions.len();
    (missing, -whole, out_of_order, extra)
}

/// Byte ranges of `name` to highlight for the folded query words, and whether every query
/// word is shown in the name. A word matches the start of a name word; a word that is an
/// acronym of the name lights up the initials it stands for; in the fuzzy tier a word may
/// match a whole name word one edit away.
pub(super) fn highlight(
    name: &str,
    words: &[String],
    tier: MatchTier,
) -> (Vec<(usize, usize)>, bool) {
    let spans = text::word_spans(name);
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut covered = true;
    let acronyms = text::acronym_parts(name);
    for q in words {
        let mut hit = false;
        for s in &spans {
            if s.folded.starts_with(q.as_str()) {
                let r = text::prefix_range(name, &s.range, q.chars().count());
                ranges.push((r.start, r.end));
                hit = true;
            } else if tier == MatchTier::Fuzzy
                && text::typo_candidate(q)
                && text::osa_distance(&s.folded, q) <= 1
            {
                ranges.push((s.range.start, s.range.end));
                hit = true;
            }
        }
        if !hit && let Some((_, parts)) = acronyms.iter().find(|(a, _)| a.starts_with(q.as_str())) {
            for &i in parts.iter().take(q.chars().count()) {
                if let Some(s) = spans.get(i) {
                    let r = text::prefix_range(name, &s.range, 1);
                    ranges.push((r.start, r.end));
                }
            }
            hit = true;
        }
        covered &= hit;
    }
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.0 <= last.1 => last.1 = last.1.max(r.1),
            _ => merged.push(r),
        }
    }
    (merged, covered)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hl(name: &str, q: &str) -> Vec<String> {
        let words = text::fold_words(q);
        highlight(name, &words, MatchTier::WordPrefix)
            .0
            .into_iter()
            .map(|(a, b)| name[a..b].to_owned())
            .collect()
    }

    #[test]
    fn highlights_fall_on_the_original_letters_without_diacritics_in_the_query() {
        assert_eq!(hl("Cục Bảo trợ xã hội", "cuc bao t"), ["Cục", "Bảo", "t"]);
        assert_eq!(hl("Tô Đức", "to d"), ["Tô", "Đ"]);
        assert_eq!(
            hl("Bộ Lao động - Thương binh và Xã hội", "ldtbxh"),
            ["L", "đ", "T", "b", "X", "h"]
        );
    }

    fn q(s: &str) -> Vec<String> {
        text::fold_words(s)
    }

    #[test]
    fn a_closer_fit_compares_lower() {
        // Whole words beat prefixes.
        assert!(fit(&q("van phu"), "Xã Văn Phú") < fit(&q("van phu"), "Phường Văn Phước"));
        // The typed order beats the same words reordered.
        assert!(fit(&q("thach lap"), "Xã Thạch Lập") < fit(&q("thach lap"), "Xã Lập Thạch"));
        // Fewer extra words beat more.
        assert!(fit(&q("xa thuy anh"), "Xã Thụy Anh") < fit(&q("xa thuy anh"), "Xã Bắc Thụy Anh"));
        // One name word answers one query word.
        assert!(fit(&q("bat bat"), "Xã Bất Bạt") < fit(&q("bat bat"), "Xã Bất Lự"));
        assert!(fit(&q("xa xa"), "Xã Xà Hồ") < fit(&q("xa xa"), "Xã An Lục Long"));
    }

    #[test]
    fn diacritics_compare_with_tone_placement_ignored() {
        let q = text::marked_words("hòa");
        assert!(marks_match(&q, "Hoà Bình"));
        assert!(!marks_match(&q, "Hoa Bình"));
        let typing = text::marked_words("Bảo t");
        assert!(marks_match(&typing, "Cục Bảo trợ"));
    }
}
