//! Dates as they are known: exact to the day, month or year, or qualified — about, before,
//! after, somewhere between two dates. Stored as text that sorts and reads plainly:
//!
//! | meaning | stored |
//! |---|---|
//! | a day, a month, a year, a day of an unknown year | `2015-12-30`, `2015-12`, `2015`, `--12-30` |
//! | about 1990 | `~1990` |
//! | before 2001 | `<2001` |
//! | after 2005 | `>2005` |
//! | somewhere between 1990 and 1995 | `1990..1995` |
//!
//! **The rule for sorting and for "as of" and date filters**: a date covers the days it may
//! be. A plain date covers its day, month or year; "about" widens that by two years either
//! way; "before D" covers everything up to the day before D starts; "after D" everything
//! from the day after D ends; "between A and B" from A's first day to B's last. Dates sort
//! by their first possible day, then their last ("before 2001" sorts before "2001", "after
//! 2005" after "2005").

use super::{DateError, PartialDate};
use std::fmt;

/// A date with how well it is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DateValue {
    /// Known to the day, month or year (or day of an unknown year).
    Exact(PartialDate),
    /// About this date.
    About(PartialDate),
    /// Before this date.
    Before(PartialDate),
    /// After this date.
    After(PartialDate),
    /// Somewhere between these two dates (in order).
    Between(PartialDate, PartialDate),
}

/// A day as a number that orders days: yyyymmdd.
pub type Day = u32;

/// The proleptic Gregorian date (year, month, day) of a day counted from 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// The number of days from 1970-01-01 to `day` (Howard Hinnant's `days_from_civil`); a
/// day past the end of its month (the 31st of a month of 30) counts on into the next.
pub fn unix_days_of(day: Day) -> i64 {
    let (y, m, d) = (
        i64::from(day / 10_000),
        i64::from(day / 100 % 100),
        i64::from(day % 100),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The [`Day`] `days` days after 1 January 1970.
pub fn day_of_unix_days(days: i64) -> Day {
    let (y, m, d) = civil_from_days(days);
    u32::try_from(y).map_or(0, |y| y * 10_000 + m * 100 + d)
}

/// How far "about" reaches either way, in years.
const ABOUT_YEARS: i32 = 2;

impl DateValue {
    /// Parses the stored form (see the module's table).
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let s = s.trim();
        let bad = || DateError::Format(s.to_owned());
        let one = |p: &str| {
            PartialDate::parse(p).map_err(|e| match e {
                DateError::Format(_) => bad(),
                other => other,
            })
        };
        let value = if let Some(rest) = s.strip_prefix('~') {
            DateValue::About(one(rest)?)
        } else if let Some(rest) = s.strip_prefix('<') {
            DateValue::Before(one(rest)?)
        } else if let Some(rest) = s.strip_prefix('>') {
            DateValue::After(one(rest)?)
        } else if let Some((a, b)) = s.split_once("..") {
            let (a, b) = (one(a)?, one(b)?);
            if a.year.is_none() || b.year.is_none() || b.sort_key() < a.sort_key() {
                return Err(bad());
            }
            DateValue::Between(a, b)
        } else {
            DateValue::Exact(one(s)?)
        };
        if value.qualified() && value.date().year.is_none() {
            // "About 30 December" of no year says nothing a reader can use.
            return Err(bad());
        }
        Ok(value)
    }

    /// Whether it is more than a plain date.
    pub fn qualified(&self) -> bool {
        !matches!(self, DateValue::Exact(_))
    }

    /// The date it is said of (the first, for "between").
    pub fn date(&self) -> PartialDate {
        match *self {
            DateValue::Exact(d)
            | DateValue::About(d)
            | DateValue::Before(d)
            | DateValue::After(d)
            | DateValue::Between(d, _) => d,
        }
    }

    /// The first and last day it may be (see the module's rule); `None` for a day of an
    /// unknown year, which no range of years contains.
    pub fn bounds(&self) -> Option<(Day, Day)> {
        let span = |d: &PartialDate| -> Option<(Day, Day)> {
            let y = u32::try_from(d.year?).ok()?;
            let (lo_m, hi_m) = d.month.map_or((1, 12), |m| (u32::from(m), u32::from(m)));
            let (lo_d, hi_d) = d.day.map_or((1, 31), |x| (u32::from(x), u32::from(x)));
            Some((
                y * 10_000 + lo_m * 100 + lo_d,
                y * 10_000 + hi_m * 100 + hi_d,
            ))
        };
        match self {
            DateValue::Exact(d) => span(d),
            DateValue::About(d) => {
                let (lo, hi) = span(d)?;
                let years = u32::try_from(ABOUT_YEARS).unwrap_or(0) * 10_000;
                Some((lo.saturating_sub(years), hi.saturating_add(years)))
            }
            DateValue::Before(d) => Some((0, span(d)?.0.saturating_sub(1))),
            DateValue::After(d) => Some((span(d)?.1.saturating_add(1), Day::MAX)),
            DateValue::Between(a, b) => Some((span(a)?.0, span(b)?.1)),
        }
    }

    /// The order of dates: first possible day, then last (see the module's rule). A day of
    /// an unknown year sorts first.
    pub fn sort_key(&self) -> (Day, Day) {
        self.bounds().unwrap_or((0, 0))
    }
}

impl fmt::Display for DateValue {
    /// The stored form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateValue::Exact(d) => write!(f, "{d}"),
            DateValue::About(d) => write!(f, "~{d}"),
            DateValue::Before(d) => write!(f, "<{d}"),
            DateValue::After(d) => write!(f, ">{d}"),
            DateValue::Between(a, b) => write!(f, "{a}..{b}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stored_form_reads_back_as_written() {
        for s in [
            "2015",
            "2015-12",
            "2015-12-30",
            "--12-30",
            "~1990",
            "<2001",
            ">2005-06",
            "1990..1995",
            "2001-03..2001-05",
        ] {
            assert_eq!(DateValue::parse(s).expect(s).to_string(), s);
        }
    }

    #[test]
    fn bad_forms_are_refused() {
        for s in [
            "",
            "~",
            "<--12-30",
            "1995..1990",
            "2015-02-30",
            "1990..",
            "..1990",
            "~x",
        ] {
            assert!(DateValue::parse(s).is_err(), "{s} was accepted");
        }
        assert!(matches!(
            DateValue::parse("2015-02-31"),
            Err(DateError::Impossible(_))
        ));
    }

    #[test]
    fn dates_cover_the_days_they_may_be_and_sort_by_them() {
        let b = |s: &str| DateValue::parse(s).expect(s).bounds().expect(s);
        assert_eq!(b("2015"), (20150101, 20151231));
        assert_eq!(b("~1990"), (19880101, 19921231));
        assert_eq!(b("<2001"), (0, 20010100));
        assert_eq!(b(">2005"), (20051232, Day::MAX));
        assert_eq!(b("1990..1995-06"), (19900101, 19950631));
        assert_eq!(DateValue::parse("--12-30").expect("md").bounds(), None);
        let mut v: Vec<DateValue> = [">2005", "2005", "<2005", "~2005", "2004"]
            .iter()
            .map(|s| DateValue::parse(s).expect(s))
            .collect();
        v.sort_by_key(DateValue::sort_key);
        let order: Vec<String> = v.iter().map(ToString::to_string).collect();
        assert_eq!(order, ["<2005", "~2005", "2004", "2005", ">2005"]);
    }

    #[test]
    fn unix_days_are_calendar_days() {
        assert_eq!(day_of_unix_days(0), 19_700_101);
        assert_eq!(day_of_unix_days(59), 19_700_301);
        assert_eq!(day_of_unix_days(11_016), 20_000_229);
        assert_eq!(day_of_unix_days(20_789), 20_261_202);
    }

    #[test]
    fn days_and_unix_days_convert_both_ways() {
        for n in [-700_000i64, -1, 0, 59, 11_016, 20_789, 2_932_896] {
            assert_eq!(unix_days_of(day_of_unix_days(n)), n, "{n}");
        }
        // The 31st of June is the 1st of July.
        assert_eq!(unix_days_of(20_150_631), unix_days_of(20_150_701));
    }
}
