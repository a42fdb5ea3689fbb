//! The timeline: events (all, or those linked to an organisation or a theme), or the dated
//! relations of one entity, placed by what their dates honestly say — a year-only event
//! spans its year, "about 1990" is fuzzy, "before 2001" fades out to the left — and the
//! days of unknown years in a lane of their own, ordered by month and day.

use crate::model::{DateValue, Day, EntityId, PartialDate, unix_days_of};
use crate::store::{Result, Store};

/// The most items a timeline reads.
pub const MOST_ITEMS: usize = 50_000;

/// How far an open end ("before 2001", "after 2005", a relation still going) is drawn,
/// in days.
const OPEN_END_DAYS: i64 = 365;

/// What a timeline shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineScope {
    /// Events; only those linked to this entity (an organisation, a theme) when given.
    Events(Option<EntityId>),
    /// The dated relations of this entity.
    Relations(EntityId),
}

/// Where an item lies in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    /// From the first to the last day it may cover, as days since 1970-01-01.
    Span {
        /// First day.
        first: i64,
        /// Last day.
        last: i64,
        /// The date is about, before, after or between: drawn fuzzy.
        fuzzy: bool,
        /// It has no known start (before a date, or only an end): fades out to the left.
        open_start: bool,
        /// It has no known end (after a date, or still going): fades out to the right.
        open_end: bool,
    },
    /// A day or month of a year not known.
    YearUnknown {
        /// 1–12.
        month: u8,
        /// The day, when known.
        day: Option<u8>,
    },
}

/// One thing on the timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The entity a click opens (the event, or the other end of the relation).
    pub entity: EntityId,
    /// Its name.
    pub name: String,
    /// Its English name.
    pub name_en: Option<String>,
    /// Its kind.
    pub kind: String,
    /// For a relation: its label as read from the entity shown, in Vietnamese and
    /// English ("giữ chức vụ tại", "holds a position at").
    pub relation: Option<(String, String)>,
    /// Its dates as stored.
    pub date_start: Option<String>,
    /// End date.
    pub date_end: Option<String>,
    /// Where it lies.
    pub when: When,
    /// Private entities are left out in presentation mode.
    pub private: bool,
}

/// A timeline's items.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// What it shows.
    pub scope: TimelineScope,
    /// Items of known years, by first day then last.
    pub dated: Vec<Item>,
    /// Items of unknown years, by month then day.
    pub year_unknown: Vec<Item>,
    /// Items with no date at all (not drawn, counted).
    pub undated: usize,
    /// More items than [`MOST_ITEMS`] were there.
    pub cut: bool,
}

/// Where dates `start` and `end` (stored forms) place an item; `None` when neither says.
pub fn when(start: Option<&str>, end: Option<&str>) -> Option<When> {
    let parse = |s: Option<&str>| s.and_then(|s| DateValue::parse(s).ok());
    let (start, end) = (parse(start), parse(end));
    // A day of an unknown year: its own lane (an end of an unknown year adds nothing).
    if let Some(DateValue::Exact(PartialDate {
        year: None,
        month: Some(month),
        day,
    })) = start
    {
        return Some(When::YearUnknown { month, day });
    }
    let bounds = |v: &Option<DateValue>| v.as_ref().and_then(DateValue::bounds);
    let fuzzy = |v: &Option<DateValue>| v.as_ref().is_some_and(DateValue::qualified);
    let days = |d: Day| unix_days_of(d);
    let (s, e) = (bounds(&start), bounds(&end));
    let open_start_day = |d: Day| d == 0;
    let open_end_day = |d: Day| d == Day::MAX;
    let (first, open_start) = match (s, e) {
        (Some((lo, hi)), _) if open_start_day(lo) => (days(hi) - OPEN_END_DAYS, true),
        (Some((lo, _)), _) => (days(lo), false),
        (None, Some((lo, hi))) if open_start_day(lo) => (days(hi) - OPEN_END_DAYS, true),
        (None, Some((lo, _))) => (days(lo) - OPEN_END_DAYS, true),
        (None, None) => return None,
    };
    let (last, open_end) = match (s, e) {
        (_, Some((lo, hi))) if open_end_day(hi) => (days(lo) + OPEN_END_DAYS, true),
        (_, Some((_, hi))) => (days(hi), false),
        (Some((lo, hi)), None) if open_end_day(hi) => (days(lo) + OPEN_END_DAYS, true),
        // A relation with a start only is still going; an event with a start only lasts
        // what its start covers (its day, month or year).
        (Some((_, hi)), None) => (days(hi), false),
        (None, None) => return None,
    };
    Some(When::Span {
        first,
        last: last.max(first),
        fuzzy: fuzzy(&start) || fuzzy(&end),
        open_start,
        open_end,
    })
}

impl Timeline {
    /// Reads the scope's items from the store.
    pub fn read(store: &Store, scope: TimelineScope) -> Result<Timeline> {
        let mut items = Vec::new();
        let mut undated = 0;
        let mut cut = false;
        match scope {
            TimelineScope::Events(linked) => {
                let (rows, none) = store.dated("event", linked, MOST_ITEMS + 1)?;
                undated = none;
                cut = rows.len() > MOST_ITEMS;
                for r in rows.into_iter().take(MOST_ITEMS) {
                    let Some(w) = when(r.date_start.as_deref(), r.date_end.as_deref()) else {
                        undated += 1;
                        continue;
                    };
                    items.push(Item {
                        entity: r.row.id,
                        name: r.row.name,
                        name_en: r.row.name_en,
                        kind: r.row.kind,
                        relation: None,
                        date_start: r.date_start,
                        date_end: r.date_end,
                        when: w,
                        private: r.row.private,
                    });
                }
            }
            TimelineScope::Relations(id) => {
                for r in store.detail(id)?.relations {
                    let (Some(other), Some(w)) = (
                        r.other.id,
                        when(r.date_start.as_deref(), r.date_end.as_deref()),
                    ) else {
                        undated += 1;
                        continue;
                    };
                    items.push(Item {
                        entity: other,
                        name: r.other.name,
                        name_en: r.other.name_en,
                        kind: r.other.kind,
                        relation: Some((r.label, r.label_en)),
                        date_start: r.date_start,
                        date_end: r.date_end,
                        when: w,
                        private: r.other.private,
                    });
                }
            }
        }
        let (mut year_unknown, mut dated): (Vec<Item>, Vec<Item>) = items
            .into_iter()
            .partition(|i| matches!(i.when, When::YearUnknown { .. }));
        dated.sort_by_key(|i| match i.when {
            When::Span { first, last, .. } => (first, last),
            When::YearUnknown { .. } => (0, 0),
        });
        year_unknown.sort_by_key(|i| match i.when {
            When::YearUnknown { month, day } => (month, day.unwrap_or(0)),
            When::Span { .. } => (0, 0),
        });
        Ok(Timeline {
            scope,
            dated,
            year_unknown,
            undated,
            cut,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: Option<&str>, end: Option<&str>) -> (i64, i64, bool, bool, bool) {
        match when(start, end) {
            Some(When::Span {
                first,
                last,
                fuzzy,
                open_start,
                open_end,
            }) => (first, last, fuzzy, open_start, open_end),
            other => panic!("{start:?}..{end:?}: {other:?}"),
        }
    }

    fn day(d: Day) -> i64 {
        unix_days_of(d)
    }

    #[test]
    fn a_year_spans_its_year_and_a_day_its_day() {
        assert_eq!(
            span(Some("2015"), None),
            (day(20_150_101), day(20_151_231), false, false, false)
        );
        assert_eq!(
            span(Some("2015-12-30"), None),
            (day(20_151_230), day(20_151_230), false, false, false)
        );
        assert_eq!(
            span(Some("2010-03"), Some("2012")),
            (day(20_100_301), day(20_121_231), false, false, false)
        );
    }

    #[test]
    fn qualified_dates_are_fuzzy_and_open_ends_fade() {
        let (first, last, fuzzy, ..) = span(Some("~1990"), None);
        assert!(fuzzy && first < day(19_900_101) && last > day(19_901_231));
        let (first, last, fuzzy, open_start, open_end) = span(Some("<2001"), None);
        assert!(fuzzy && open_start && !open_end);
        assert_eq!(last, day(20_001_231));
        assert_eq!(first, last - OPEN_END_DAYS);
        let (_, _, _, open_start, open_end) = span(Some(">2005"), None);
        assert!(!open_start && open_end);
        let (_, last, _, open_start, _) = span(None, Some("2019"));
        assert!(open_start && last == day(20_191_231));
    }

    #[test]
    fn a_day_of_an_unknown_year_goes_to_its_own_lane_and_no_date_nowhere() {
        assert_eq!(
            when(Some("--12-30"), None),
            Some(When::YearUnknown {
                month: 12,
                day: Some(30)
            })
        );
        assert_eq!(when(None, None), None);
        assert_eq!(when(Some("not a date"), None), None);
    }
}
