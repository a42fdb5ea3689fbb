//! Typing mistakes: the distance between two words and the one-letter deletions that let
//! the vocabulary be searched for neighbours without scanning it.

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
    if !typo_candidate(word) {
        // Longer words are matched whole: their deletions would grow with their square.
        return Vec::new();
    }
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

/// Longest word typo matching applies to, in characters: the longest Vietnamese syllable
/// has seven letters, and English words in names rarely pass twenty.
pub const MAX_TYPO_WORD: usize = 24;

/// True for the words typo matching applies to: three to [`MAX_TYPO_WORD`] letters,
/// letters only.
pub fn typo_candidate(folded_word: &str) -> bool {
    folded_word.len() <= MAX_TYPO_WORD * 4
        && (3..=MAX_TYPO_WORD).contains(&folded_word.chars().count())
        && folded_word.chars().all(char::is_alphabetic)
}
