//! Turning stored values into text for people: partial dates shown honestly.

use crate::i18n::Tr;
use crate::model::PartialDate;

/// A stored partial date as a reader expects it: "30-12, năm không rõ" / "30 Dec, year
/// unknown", "30-12-2024" / "30 Dec 2024", "12-2024" / "Dec 2024", "2024". A value that
/// does not parse is shown as stored.
pub fn date(tr: Tr, stored: &str) -> String {
    let Ok(d) = PartialDate::parse(stored) else {
        return stored.to_owned();
    };
    let month = |m: u8| tr.get(&format!("month_{m}")).to_owned();
    let (d_, m_) = (
        d.day.map(|x| x.to_string()).unwrap_or_default(),
        d.month.map(|m| format!("{m:02}")).unwrap_or_default(),
    );
    let y_ = d.year.map(|y| y.to_string()).unwrap_or_default();
    let mon = d.month.map(month).unwrap_or_default();
    let args = [
        ("d", d_.as_str()),
        ("m", m_.as_str()),
        ("y", y_.as_str()),
        ("mon", mon.as_str()),
    ];
    let key = match (d.year, d.month, d.day) {
        (Some(_), Some(_), Some(_)) => "date_ymd",
        (Some(_), Some(_), None) => "date_ym",
        (Some(_), None, _) => "date_y",
        (None, Some(_), Some(_)) => "date_md_no_year",
        (None, Some(_), None) => "date_m_no_year",
        (None, None, _) => return stored.to_owned(),
    };
    tr.fmt(key, &args)
}

/// A date range "start – end", either end possibly missing.
pub fn date_range(tr: Tr, start: Option<&str>, end: Option<&str>) -> Option<String> {
    match (start, end) {
        (Some(s), Some(e)) => Some(format!("{} – {}", date(tr, s), date(tr, e))),
        (Some(s), None) => Some(date(tr, s)),
        (None, Some(e)) => Some(format!("– {}", date(tr, e))),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_date_without_year_says_so_in_both_languages() {
        assert_eq!(date(Tr(Lang::Vi), "--12-30"), "30-12, năm không rõ");
        assert_eq!(date(Tr(Lang::En), "--12-30"), "30 Dec, year unknown");
    }

    #[test]
    fn full_and_partial_dates() {
        assert_eq!(date(Tr(Lang::Vi), "2024-05-07"), "7-05-2024");
        assert_eq!(date(Tr(Lang::En), "2024-05-07"), "7 May 2024");
        assert_eq!(date(Tr(Lang::En), "2024-05"), "May 2024");
        assert_eq!(date(Tr(Lang::Vi), "2024"), "2024");
        assert_eq!(date(Tr(Lang::Vi), "garbage"), "garbage");
    }
}
