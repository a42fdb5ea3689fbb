//! User-facing strings in Vietnamese (the default) and English, read from the
//! translation files `assets/i18n/vi.json` and `assets/i18n/en.json` (flat key → text
//! maps, embedded in the binary). `{name}` in a text is replaced by [`Tr::fmt`].

use std::collections::HashMap;
use std::sync::OnceLock;

/// A language of the user interface.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Lang {
    /// Tiếng Việt.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// Every language, default first.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The language's own name.
    pub fn native_name(self) -> &'static str {
        tr(self, "language_name")
    }
}

/// The Vietnamese translation files: the window's strings and the rule messages.
pub const VI_JSON: &[&str] = &[
    include_str!("../assets/i18n/vi.json"),
    include_str!("../assets/i18n/store.vi.json"),
];
/// The English translation files.
pub const EN_JSON: &[&str] = &[
    include_str!("../assets/i18n/en.json"),
    include_str!("../assets/i18n/store.en.json"),
];

type Table = HashMap<String, String>;

fn table(lang: Lang) -> &'static Table {
    static VI: OnceLock<Table> = OnceLock::new();
    static EN: OnceLock<Table> = OnceLock::new();
    let (cell, json) = match lang {
        Lang::Vi => (&VI, VI_JSON),
        Lang::En => (&EN, EN_JSON),
    };
    // The files are embedded and checked by tests; a broken file shows keys, not a panic.
    cell.get_or_init(|| {
        json.iter()
            .flat_map(|f| serde_json::from_str::<Table>(f).unwrap_or_default())
            .collect()
    })
}

/// Every key of a language's file.
pub fn keys(lang: Lang) -> Vec<&'static str> {
    let mut k: Vec<&str> = table(lang).keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

/// The text for `key`; the key itself when it is missing (tests forbid that).
pub fn tr(lang: Lang, key: &str) -> &str {
    match table(lang).get(key) {
        Some(s) => s.as_str(),
        None => key,
    }
}

/// Shorthand carried by views: the current language.
#[derive(Clone, Copy, Debug)]
pub struct Tr(pub Lang);

impl Tr {
    /// The text for `key`.
    pub fn get(self, key: &str) -> &str {
        tr(self.0, key)
    }

    /// The text for `key` with `{name}` placeholders replaced.
    pub fn fmt(self, key: &str, args: &[(&str, &str)]) -> String {
        let mut s = tr(self.0, key).to_owned();
        for (name, value) in args {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }
}
