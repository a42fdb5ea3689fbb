//! Dates as news reports write them near an event: "Sáng 30-12", "ngày 24/3/2022",
//! "(15/8)", "ngày 5 tháng 6 năm 2023", "24.3.2022". A day and month without a year give a
//! date whose year is unknown; nothing is guessed. Numbers such as "Nghị định
//! 20/2021/NĐ-CP" are not dates: a day and month need a word before them ("ngày",
//! "sáng"…), brackets around them, or a four-digit year after them.

use super::lexicon::DATE_CUES;
use super::tokens::Token;
use crate::model::PartialDate;

/// A date found in a sentence: the token it starts at and its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FoundDate {
    /// Index of its first token in the sentence.
    pub at: usize,
    /// The date.
    pub date: PartialDate,
}

fn number(t: Option<&Token>) -> Option<u32> {
    let t = t?;
    if t.is_number() && t.folded.len() <= 4 {
        t.folded.parse().ok()
    } else {
        None
    }
}

/// Whether tokens `a` and `b` touch (no space between them).
fn touch(a: &Token, b: &Token) -> bool {
    a.span.end == b.span.start
}

fn date(year: Option<u32>, month: u32, day: Option<u32>) -> Option<PartialDate> {
    let d = PartialDate {
        year: year.map(|y| y as i32),
        month: Some(u8::try_from(month).ok()?),
        day: day.and_then(|d| u8::try_from(d).ok()),
    };
    if year.is_some_and(|y| !(1900..=2100).contains(&y)) {
        return None;
    }
    // The stored form checks the month and the day.
    PartialDate::parse(&d.to_string()).ok()
}

/// "D/M", "D-M", "D.M", each optionally followed by the same separator and a year,
/// starting at token `i`; returns the date, the token after it and whether it had a
/// four-digit year.
fn numeric(tokens: &[Token], i: usize) -> Option<(PartialDate, usize, bool)> {
    let day = number(tokens.get(i))?;
    let sep = tokens.get(i + 1)?;
    let sep_char = match sep.folded.as_str() {
        "/" | "-" | "." => sep.folded.clone(),
        _ => return None,
    };
    let month = number(tokens.get(i + 2))?;
    if !touch(&tokens[i], sep) || !touch(sep, &tokens[i + 2]) {
        return None;
    }
    let mut next = i + 3;
    let mut year = None;
    if let (Some(s2), Some(y)) = (tokens.get(i + 3), tokens.get(i + 4))
        && s2.folded == sep_char
        && touch(&tokens[i + 2], s2)
        && touch(s2, y)
    {
        let value = number(Some(y))?;
        if y.folded.len() != 4 {
            return None;
        }
        year = Some(value);
        next = i + 5;
    }
    // "20/2021/NĐ-CP": a number followed by letters is a reference, not a date.
    if let Some(after) = tokens.get(next)
        && after.folded == "/"
    {
        return None;
    }
    let d = date(year, month, Some(day))?;
    Some((d, next, year.is_some()))
}

/// "D tháng M [năm Y]" starting at token `i`.
fn spelled(tokens: &[Token], i: usize) -> Option<PartialDate> {
    let day = number(tokens.get(i))?;
    if tokens.get(i + 1)?.folded != "thang" {
        return None;
    }
    let month = number(tokens.get(i + 2))?;
    let year = match (tokens.get(i + 3), tokens.get(i + 4)) {
        (Some(n), Some(y)) if n.folded == "nam" && y.folded.len() == 4 => number(Some(y)),
        _ => None,
    };
    date(year, month, Some(day))
}

/// Every date of a sentence, in order.
pub fn find(tokens: &[Token]) -> Vec<FoundDate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let cue = cue_before(tokens, i);
        let bracketed = i > 0 && tokens[i - 1].is_punct('(');
        if let Some((date, next, full)) = numeric(tokens, i) {
            let closed = tokens.get(next).is_some_and(|t| t.is_punct(')'));
            if cue || full || (bracketed && closed) {
                out.push(FoundDate { at: i, date });
            }
            i = next;
            continue;
        }
        if cue && let Some(date) = spelled(tokens, i) {
            out.push(FoundDate { at: i, date });
        }
        i += 1;
    }
    out
}

/// Whether a word that announces a date stands right before token `i` ("ngày", "Sáng",
/// "hôm nay (").
fn cue_before(tokens: &[Token], i: usize) -> bool {
    let mut j = i;
    if j > 0 && tokens[j - 1].is_punct('(') {
        j -= 1;
    }
    if j == 0 {
        return false;
    }
    DATE_CUES.at(tokens, j - 1) == Some(j) || (j >= 2 && DATE_CUES.at(tokens, j - 2) == Some(j))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::tokens::tokenize;

    fn dates(text: &str) -> Vec<String> {
        find(&tokenize(text, 0..text.len()))
            .into_iter()
            .map(|d| d.date.to_string())
            .collect()
    }

    #[test]
    fn dates_as_reports_write_them() {
        assert_eq!(dates("Sáng 30-12, Báo Dân trí tổ chức"), ["--12-30"]);
        assert_eq!(dates("ngày 24/3/2022 tại Hà Nội"), ["2022-03-24"]);
        assert_eq!(dates("Hôm nay (15/8), tại"), ["--08-15"]);
        assert_eq!(dates("vào ngày 5 tháng 6 năm 2023"), ["2023-06-05"]);
        assert_eq!(dates("chiều 2.10"), ["--10-02"]);
        assert_eq!(dates("đến 24.3.2022 thì"), ["2022-03-24"]);
    }

    #[test]
    fn numbers_that_are_not_dates() {
        assert!(dates("Nghị định 20/2021/NĐ-CP quy định").is_empty());
        assert!(dates("tỷ lệ 3/4 hộ nghèo").is_empty());
        assert!(dates("ngày 31/2").is_empty());
        assert!(dates("Quyết định số 12/3 năm").is_empty());
    }
}
