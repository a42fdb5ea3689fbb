//! Vietnamese abbreviations people type for places and bodies ("TP.HCM", "Q1", "TX",
//! "daklak"), read from `assets/abbreviations.json` — data anyone can review and extend —
//! and a query read with them spelled out, as a second reading the search tries.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table, folded abbreviation → folded words.
fn table() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        #[derive(serde::Deserialize)]
        struct File {
            words: HashMap<String, String>,
        }
        serde_json::from_str::<File>(include_str!("../../assets/abbreviations.json"))
            .map(|f| f.words)
            .unwrap_or_default()
    })
}

/// The expansion of one folded word: from the table, or, for letters then digits ("q1"),
/// its letters expanded and the number kept.
fn expand_word(word: &str) -> Option<String> {
    if let Some(e) = table().get(word) {
        return Some(e.clone());
    }
    let digits = word.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = word.split_at(digits);
    if letters.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    table().get(letters).map(|e| format!("{e} {number}"))
}

/// `query` (folded into words) with its abbreviations spelled out, when it has any.
pub fn expand(query: &str) -> Option<String> {
    let words = super::fold_words(query);
    let mut changed = false;
    let out: Vec<String> = words
        .iter()
        .map(|w| match expand_word(w) {
            Some(e) => {
                changed = true;
                e
            }
            None => w.clone(),
        })
        .collect();
    changed.then(|| out.join(" "))
}

#[cfg(test)]
mod tests {
    use super::expand;

    #[test]
    fn abbreviations_are_spelled_out() {
        assert_eq!(expand("TP.HCM").as_deref(), Some("thanh pho ho chi minh"));
        assert_eq!(expand("TPHCM").as_deref(), Some("thanh pho ho chi minh"));
        assert_eq!(expand("Q.1").as_deref(), Some("quan 1"));
        assert_eq!(expand("Q1").as_deref(), Some("quan 1"));
        assert_eq!(expand("TX Sơn Tây").as_deref(), Some("thi xa son tay"));
        assert_eq!(expand("daklak").as_deref(), Some("dak lak"));
        assert_eq!(expand("cư mgar").as_deref(), Some("cu m gar"));
        assert_eq!(expand("son tay"), None);
        assert_eq!(expand("x1y"), None);
    }
}
