//! Dates as people write them, in either language, and as the window shows them in the
//! interface's: "30/12/2015", "12/2015", "2015", "30/12" (year unknown), "khoảng 1990" /
//! "about 1990", "trước 2001", "sau 2005", "giữa 1990 và 1995" / "between 1990 and
//! 1995", and spans "từ 2010 đến 2015" / "from 2010 to 2015" / "2010 – 2015". What is
//! shown can be typed back and means the same ([`show`] then [`read`] round-trips). The
//! words each language accepts are in the translation files (`date_words_*`), so both
//! languages' words are read whatever the interface's language.

use crate::i18n::{Lang, Tr};
use crate::model::{DateError, DateValue, PartialDate};

/// A date as the interface's language writes it.
pub fn show(tr: Tr, value: &DateValue) -> String {
    match value {
        DateValue::Exact(d) => show_plain(tr, d),
        DateValue::About(d) => tr.fmt("date_about", &[("date", &show_plain(tr, d))]),
        DateValue::Before(d) => tr.fmt("date_before", &[("date", &show_plain(tr, d))]),
        DateValue::After(d) => tr.fmt("date_after", &[("date", &show_plain(tr, d))]),
        DateValue::Between(a, b) => tr.fmt(
            "date_between",
            &[("a", &show_plain(tr, a)), ("b", &show_plain(tr, b))],
        ),
    }
}

/// A stored date as the interface's language writes it; a value that does not parse is
/// shown as stored.
pub fn show_stored(tr: Tr, stored: &str) -> String {
    DateValue::parse(stored).map_or_else(|_| stored.to_owned(), |v| show(tr, &v))
}

/// A span "start – end", either end possibly missing; `None` when both are.
pub fn show_span(tr: Tr, start: Option<&str>, end: Option<&str>) -> Option<String> {
    match (start, end) {
        (Some(s), Some(e)) => Some(format!("{} – {}", show_stored(tr, s), show_stored(tr, e))),
        (Some(s), None) => Some(show_stored(tr, s)),
        (None, Some(e)) => Some(format!("– {}", show_stored(tr, e))),
        (None, None) => None,
    }
}

/// The day and month of a date whose year is unknown, short ("30/12", "30 Dec"), where
/// the place it is shown already says the year is unknown.
pub fn show_day_and_month(tr: Tr, d: &PartialDate) -> String {
    let key = match (d.month, d.day) {
        (Some(_), Some(_)) => "date_md_short",
        (Some(_), None) => "date_m_short",
        (None, _) => return String::new(),
    };
    fill(tr, key, d)
}

fn show_plain(tr: Tr, d: &PartialDate) -> String {
    let key = match (d.year, d.month, d.day) {
        (Some(_), Some(_), Some(_)) => "date_ymd",
        (Some(_), Some(_), None) => "date_ym",
        (Some(_), None, _) => "date_y",
        (None, Some(_), Some(_)) => "date_md_no_year",
        (None, Some(_), None) => "date_m_no_year",
        (None, None, _) => return String::new(),
    };
    fill(tr, key, d)
}

/// The translation `key` with the parts of `d` put in.
fn fill(tr: Tr, key: &str, d: &PartialDate) -> String {
    let month = |m: u8| tr.get(&format!("month_{m}")).to_owned();
    let dd = d.day.map(|x| format!("{x:02}")).unwrap_or_default();
    let day = d.day.map(|x| x.to_string()).unwrap_or_default();
    let mm = d.month.map(|m| format!("{m:02}")).unwrap_or_default();
    let y = d.year.map(|y| y.to_string()).unwrap_or_default();
    let mon = d.month.map(month).unwrap_or_default();
    let args = [
        ("d", dd.as_str()),
        ("day", day.as_str()),
        ("m", mm.as_str()),
        ("y", y.as_str()),
        ("mon", mon.as_str()),
    ];
    tr.fmt(key, &args)
}

/// The words of `key` in both languages ("khoảng", "khoang", "about", "circa", …), lower
/// case.
fn words(key: &str) -> Vec<String> {
    let mut out = Vec::new();
    for lang in Lang::ALL {
        out.extend(
            Tr(lang)
                .get(key)
                .split('|')
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty()),
        );
    }
    out.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    out
}

/// `text` without a leading word of `key` (and the space after it), if it starts so.
fn strip_word<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let lower = text.to_lowercase();
    for w in words(key) {
        if lower.starts_with(&w) && text.is_char_boundary(w.len()) {
            let rest = &text[w.len()..];
            let symbol = !w.chars().any(char::is_alphanumeric);
            if symbol || rest.is_empty() || rest.starts_with(char::is_whitespace) {
                return Some(rest.trim_start());
            }
        }
    }
    None
}

/// `text` split at the first whole word of `key` ("1990 và 1995" at "và").
fn split_word<'a>(text: &'a str, key: &str) -> Option<(&'a str, &'a str)> {
    let lower = text.to_lowercase();
    for w in words(key) {
        let padded = format!(" {w} ");
        if let Some(at) = lower.find(&padded)
            && text.is_char_boundary(at)
            && text.is_char_boundary(at + padded.len())
        {
            return Some((text[..at].trim(), text[at + padded.len()..].trim()));
        }
    }
    None
}

/// Reads a date typed in either language (see the module's list).
pub fn read(text: &str) -> Result<DateValue, DateError> {
    let text = crate::text::nfc(text.trim());
    let text = text.as_str();
    let bad = || DateError::Format(text.to_owned());
    if text.is_empty() {
        return Err(bad());
    }
    // The stored forms are read too: "~1990", "2015-12-30".
    if let Ok(v) = DateValue::parse(text) {
        return Ok(v);
    }
    let value = if let Some(rest) = strip_word(text, "date_words_between") {
        let (a, b) = split_word(rest, "date_words_and").ok_or_else(bad)?;
        let (a, b) = (plain(a)?, plain(b)?);
        DateValue::parse(&format!("{a}..{b}"))?
    } else if let Some(rest) = strip_word(text, "date_words_about") {
        DateValue::About(plain(rest)?)
    } else if let Some(rest) = strip_word(text, "date_words_before") {
        DateValue::Before(plain(rest)?)
    } else if let Some(rest) = strip_word(text, "date_words_after") {
        DateValue::After(plain(rest)?)
    } else {
        DateValue::Exact(plain(text)?)
    };
    // Checked as stored: a qualified date needs its year.
    DateValue::parse(&value.to_string())
}

/// Reads a span typed in either language: "từ 2010 đến 2015", "from 2010 to 2015",
/// "2010 – 2015", "– 2015", or one date (the start). Empty text is no span.
pub fn read_span(text: &str) -> Result<(Option<DateValue>, Option<DateValue>), DateError> {
    let text = crate::text::nfc(text.trim());
    let text = text.as_str();
    if text.is_empty() {
        return Ok((None, None));
    }
    let (start, end) = if let Some(rest) = strip_word(text, "date_words_from") {
        match split_word(rest, "date_words_to") {
            Some((a, b)) => (Some(a), Some(b)),
            None => (Some(rest), None),
        }
    } else if let Some(rest) = text.strip_prefix('–').or_else(|| text.strip_prefix("- ")) {
        (None, Some(rest.trim()))
    } else if let Some(rest) = strip_word(text, "date_words_to") {
        // "đến 2015" / "until 2015": an end only.
        (None, Some(rest))
    } else if let Some((a, b)) = text.split_once(" – ").or_else(|| text.split_once(" - ")) {
        (Some(a.trim()), Some(b.trim()))
    } else {
        (Some(text), None)
    };
    let start = start.map(read).transpose()?;
    let end = end.map(read).transpose()?;
    if let (Some(a), Some(b)) = (&start, &end)
        && b.sort_key().1 < a.sort_key().0
    {
        return Err(DateError::Impossible(text.to_owned()));
    }
    Ok((start, end))
}

/// A date with no qualifier, in any of the shapes either language writes.
fn plain(text: &str) -> Result<PartialDate, DateError> {
    let t = text.trim();
    let bad = || DateError::Format(text.to_owned());
    // "…, năm không rõ" / "…, year unknown": said of a date with no year.
    let t = match t.rsplit_once(',') {
        Some((head, tail))
            if words("date_words_year_unknown").contains(&tail.trim().to_lowercase()) =>
        {
            head.trim()
        }
        _ => t,
    };
    if let Ok(d) = PartialDate::parse(t) {
        return Ok(d);
    }
    let lower = t.to_lowercase();
    // Vietnamese words: "ngày 30 tháng 12 năm 2015", "tháng 12/2015", "tháng 12".
    let mut cleaned = lower.clone();
    for key in ["date_words_day", "date_words_month", "date_words_year"] {
        for w in words(key) {
            cleaned = cleaned.replace(&w, " ");
        }
    }
    let tokens: Vec<&str> = cleaned
        .split(|c: char| c.is_whitespace() || matches!(c, '/' | '.' | '-' | ','))
        .filter(|s| !s.is_empty())
        .collect();
    let month_word = |w: &str| -> Option<u8> {
        // English month names: ASCII, so the first three letters are three bytes.
        let head = w.get(..3).filter(|_| w.is_ascii())?;
        (1..=12u8).find(|m| {
            let short = Tr(Lang::En).get(&format!("month_{m}")).to_lowercase();
            short.starts_with(head) && w.chars().all(char::is_alphabetic)
        })
    };
    let num = |w: &str| -> Option<u32> {
        (w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty() && w.len() <= 4)
            .then(|| w.parse().ok())
            .flatten()
    };
    let month_named =
        lower.contains(char::is_alphabetic) && tokens.iter().any(|w| month_word(w).is_some());
    let mut day: Option<u32> = None;
    let mut month: Option<u32> = None;
    let mut year: Option<u32> = None;
    if month_named {
        // English: "30 Dec 2015", "Dec 2015", "December 30, 2015", "30 Dec".
        for w in &tokens {
            if let Some(m) = month_word(w) {
                month = Some(u32::from(m));
            } else if let Some(n) = num(w) {
                if w.len() == 4 {
                    year = Some(n);
                } else {
                    day = Some(n);
                }
            } else {
                return Err(bad());
            }
        }
    } else {
        let nums: Vec<u32> = tokens
            .iter()
            .map(|w| num(w).ok_or_else(bad))
            .collect::<Result<_, _>>()?;
        let four = |i: usize| tokens.get(i).is_some_and(|w| w.len() == 4);
        match nums.as_slice() {
            [y] if four(0) => year = Some(*y),
            [m, y] if four(1) => (month, year) = (Some(*m), Some(*y)),
            [d, m] => (day, month) = (Some(*d), Some(*m)),
            [d, m, y] if four(2) => (day, month, year) = (Some(*d), Some(*m), Some(*y)),
            _ => return Err(bad()),
        }
    }
    let stored = match (year, month, day) {
        (Some(y), Some(m), Some(d)) => format!("{y:04}-{m:02}-{d:02}"),
        (Some(y), Some(m), None) => format!("{y:04}-{m:02}"),
        (Some(y), None, None) => format!("{y:04}"),
        (None, Some(m), Some(d)) => format!("--{m:02}-{d:02}"),
        _ => return Err(bad()),
    };
    if stored.len() > 10 {
        return Err(bad());
    }
    PartialDate::parse(&stored).map_err(|e| match e {
        DateError::Impossible(_) => DateError::Impossible(text.to_owned()),
        DateError::Format(_) => bad(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(text: &str) -> String {
        read(text)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .to_string()
    }

    #[test]
    fn every_form_in_both_languages() {
        for (typed, want) in [
            ("30/12/2015", "2015-12-30"),
            ("30.12.2015", "2015-12-30"),
            ("12/2015", "2015-12"),
            ("2015", "2015"),
            ("30/12", "--12-30"),
            ("30/12, năm không rõ", "--12-30"),
            ("ngày 30 tháng 12 năm 2015", "2015-12-30"),
            ("tháng 12/2015", "2015-12"),
            ("khoảng 1990", "~1990"),
            ("khoang 1990", "~1990"),
            ("about 1990", "~1990"),
            ("c. 1990", "~1990"),
            ("trước 2001", "<2001"),
            ("before 2001", "<2001"),
            ("sau 2005", ">2005"),
            ("after 2005", ">2005"),
            ("giữa 1990 và 1995", "1990..1995"),
            ("between 1990 and 1995", "1990..1995"),
            ("30 Dec 2015", "2015-12-30"),
            ("December 30, 2015", "2015-12-30"),
            ("Dec 2015", "2015-12"),
            ("30 Dec, year unknown", "--12-30"),
            ("Trước tháng 3/2001", "<2001-03"),
            ("2015-12-30", "2015-12-30"),
        ] {
            assert_eq!(stored(typed), want, "{typed}");
        }
    }

    #[test]
    fn impossible_and_unreadable_dates_are_refused() {
        assert!(matches!(read("31/02/2015"), Err(DateError::Impossible(_))));
        assert!(matches!(read("29/02/2023"), Err(DateError::Impossible(_))));
        assert!(read("29/02/2024").is_ok());
        for t in [
            "",
            "hôm qua",
            "cuối 2015",
            "đầu 2015",
            "quý 1 2015",
            "ếếế 2015",
            "13/2015",
            "khoảng",
            "giữa 1995 và 1990",
            "about 30/12",
            "1/2/3/4",
            "tháng 12",
        ] {
            assert!(read(t).is_err(), "{t} was accepted");
        }
    }

    #[test]
    fn what_is_shown_reads_back_the_same_in_both_languages() {
        for s in [
            "2015-12-30",
            "2015-12",
            "2015",
            "--12-30",
            "~1990",
            "<2001",
            ">2005-06-01",
            "1990..1995",
            "~2015-12",
        ] {
            let v = DateValue::parse(s).expect(s);
            for lang in Lang::ALL {
                let shown = show(Tr(lang), &v);
                assert_eq!(
                    read(&shown).as_ref(),
                    Ok(&v),
                    "{lang:?}: {s} shown as {shown}"
                );
            }
        }
        assert_eq!(
            show(Tr(Lang::Vi), &DateValue::parse("2015-12-30").expect("d")),
            "30/12/2015"
        );
        assert_eq!(
            show(Tr(Lang::Vi), &DateValue::parse("~1990").expect("d")),
            "khoảng 1990"
        );
        assert_eq!(
            show(Tr(Lang::En), &DateValue::parse("1990..1995").expect("d")),
            "between 1990 and 1995"
        );
    }

    #[test]
    fn spans_in_both_languages() {
        let span = |t: &str| {
            let (a, b) = read_span(t).unwrap_or_else(|e| panic!("{t}: {e}"));
            (a.map(|d| d.to_string()), b.map(|d| d.to_string()))
        };
        let both = (Some("2010".to_owned()), Some("2015".to_owned()));
        assert_eq!(span("từ 2010 đến 2015"), both);
        assert_eq!(span("from 2010 to 2015"), both);
        assert_eq!(span("2010 – 2015"), both);
        assert_eq!(span("– 2015"), (None, Some("2015".to_owned())));
        assert_eq!(span("đến 2015"), (None, Some("2015".to_owned())));
        assert_eq!(span("until 2015"), (None, Some("2015".to_owned())));
        assert_eq!(span("khoảng 1990"), (Some("~1990".to_owned()), None));
        assert_eq!(span(""), (None, None));
        assert!(read_span("từ 2015 đến 2010").is_err());
        // A span shown reads back.
        let shown = show_span(Tr(Lang::Vi), Some("2010-03"), Some("~2015")).expect("span");
        assert_eq!(
            span(&shown),
            (Some("2010-03".to_owned()), Some("~2015".to_owned()))
        );
    }
}
