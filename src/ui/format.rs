//! Turning stored values into text for people: partial dates shown honestly.

use crate::i18n::Tr;

/// A stored date as a reader of the interface's language writes it (see
/// [`crate::text::dates`]): "30/12, năm không rõ" / "30 Dec, year unknown", "30/12/2024" /
/// "30 Dec 2024", "12/2024" / "Dec 2024", "2024", "khoảng 1990" / "about 1990". A value
/// that does not parse is shown as stored.
pub fn date(tr: Tr, stored: &str) -> String {
    crate::text::dates::show_stored(tr, stored)
}

/// A count with the interface language's digit grouping: 24.815 in Vietnamese, 24,815
/// in English.
pub fn number(tr: Tr, n: impl TryInto<u64>) -> String {
    let digits = n.try_into().unwrap_or(0).to_string();
    let sep = match tr.0 {
        crate::i18n::Lang::Vi => '.',
        crate::i18n::Lang::En => ',',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A moment (unix milliseconds) as a date and a time of day, in UTC: "02/12/2026 14:05
/// UTC" / "2 Dec 2026 14:05 UTC".
pub fn date_time(tr: Tr, unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000);
    let (days, in_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = crate::model::civil_from_days(days);
    let day = date(tr, &format!("{y:04}-{m:02}-{d:02}"));
    format!("{day} {:02}:{:02} UTC", in_day / 3600, in_day % 3600 / 60)
}

/// An edit's description as the window says it ("add entity in the window" → "thêm
/// thực thể"), or as recorded when it is not one of the window's.
pub fn edit_description(tr: Tr, recorded: &str) -> String {
    if let Some(rest) = recorded.strip_prefix("undo: ") {
        return tr.fmt("edit_undo_of", &[("what", &edit_description(tr, rest))]);
    }
    if let Some(rest) = recorded.strip_prefix("redo: ") {
        return tr.fmt("edit_redo_of", &[("what", &edit_description(tr, rest))]);
    }
    if let Some(name) = recorded
        .strip_prefix("import ")
        .and_then(|r| r.strip_suffix(" in the window"))
    {
        return tr.fmt("edit_import", &[("name", name)]);
    }
    for (prefix, key) in [
        ("save the selection “", "edit_save_selection"),
        ("save the map “", "edit_save_map"),
        ("delete the map “", "edit_delete_map"),
        ("add the document “", "edit_add_document"),
        ("link the mention in “", "edit_link_mention"),
    ] {
        if let Some(name) = recorded
            .strip_prefix(prefix)
            .and_then(|r| r.strip_suffix("” in the window"))
        {
            return tr.fmt(key, &[("name", name)]);
        }
    }
    let key = match recorded {
        "add entity in the window" => "edit_add_entity",
        "edit entity in the window" => "edit_edit_entity",
        "delete entity in the window" => "edit_delete_entity",
        "add relation in the window" => "edit_add_relation",
        "edit relation in the window" => "edit_edit_relation",
        "delete relation in the window" => "edit_delete_relation",
        "merge in the window" => "edit_merge",
        "not a duplicate in the window" => "edit_not_duplicate",
        "dismiss warning in the window" => "edit_dismiss_warning",
        "add kind in the window" => "edit_add_kind",
        "add link type in the window" => "edit_add_predicate",
        "built-in knowledge base" => "edit_builtin",
        "built-in kinds and predicates" => "edit_vocabulary",
        _ => return recorded.to_owned(),
    };
    tr.get(key).to_owned()
}

/// A date range "start – end", either end possibly missing.
pub fn date_range(tr: Tr, start: Option<&str>, end: Option<&str>) -> Option<String> {
    crate::text::dates::show_span(tr, start, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_date_without_year_says_so_in_both_languages() {
        assert_eq!(date(Tr(Lang::Vi), "--12-30"), "30/12, năm không rõ");
        assert_eq!(date(Tr(Lang::En), "--12-30"), "30 Dec, year unknown");
    }

    #[test]
    fn moments_are_shown_as_utc_dates_and_times() {
        // 2026-12-02 14:05:09 UTC.
        let ms = 1_796_220_309_000;
        assert_eq!(date_time(Tr(Lang::Vi), ms), "02/12/2026 14:05 UTC");
        assert_eq!(date_time(Tr(Lang::En), ms), "2 Dec 2026 14:05 UTC");
        assert_eq!(date_time(Tr(Lang::En), 0), "1 Jan 1970 00:00 UTC");
        assert_eq!(crate::model::civil_from_days(-1), (1969, 12, 31));
        assert_eq!(crate::model::civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn numbers_are_grouped_by_language() {
        assert_eq!(number(Tr(Lang::Vi), 24_815u64), "24.815");
        assert_eq!(number(Tr(Lang::En), 24_815u64), "24,815");
        assert_eq!(number(Tr(Lang::Vi), 1_000_000u64), "1.000.000");
        assert_eq!(number(Tr(Lang::En), 999u64), "999");
        assert_eq!(number(Tr(Lang::En), 0u64), "0");
    }

    #[test]
    fn full_and_partial_dates() {
        assert_eq!(date(Tr(Lang::Vi), "2015-12-30"), "30/12/2015");
        assert_eq!(date(Tr(Lang::Vi), "2024-05-07"), "07/05/2024");
        assert_eq!(date(Tr(Lang::Vi), "2024-05"), "05/2024");
        assert_eq!(date(Tr(Lang::En), "2024-05-07"), "7 May 2024");
        assert_eq!(date(Tr(Lang::En), "2024-05"), "May 2024");
        assert_eq!(date(Tr(Lang::Vi), "2024"), "2024");
        assert_eq!(date(Tr(Lang::Vi), "garbage"), "garbage");
    }
}
