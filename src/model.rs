//! Plain data types of the knowledge base: entities, relations, predicates, citations and
//! partial dates. No I/O, no SQL, no egui.

use serde::{Deserialize, Serialize};
use std::fmt;

mod date;
pub mod document;
pub mod property;
pub use date::{DateValue, Day, civil_from_days, day_of_unix_days, unix_days_of};

/// Local row id of an entity (never leaves the database; `uid` does).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
pub struct EntityId(pub i64);

/// The kinds every database knows. Users may define more (stored in the `kind` table).
pub const BUILTIN_KINDS: &[&str] = &[
    "organisation",
    "person",
    "event",
    "theme",
    "document",
    "recommendation",
    "place",
];

/// A date that may lack its year, month or day: "2024", "2024-05", "2024-05-17", or a
/// month and day with an unknown year ("--12-30", as in ISO 8601's reduced form).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    /// The year, when known.
    pub year: Option<i32>,
    /// The month 1–12, when known.
    pub month: Option<u8>,
    /// The day of the month, when known (only with a month).
    pub day: Option<u8>,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not one of the accepted shapes.
    #[error("unrecognised date \"{0}\" (use YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD)")]
    Format(String),
    /// The shape is right but the day cannot exist ("31-02").
    #[error("the date \"{0}\" does not exist")]
    Impossible(String),
}

fn days_in_month(year: Option<i32>, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        // An unknown year may be a leap year.
        _ => match year {
            Some(y) if !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) => 28,
            _ => 29,
        },
    }
}

impl PartialDate {
    /// Parses the stored form. Accepts "YYYY", "YYYY-MM", "YYYY-MM-DD" and "--MM-DD".
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let s = s.trim();
        let bad = || DateError::Format(s.to_owned());
        let num = |p: &str, len: usize| -> Result<u32, DateError> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let date = if let Some(rest) = s.strip_prefix("--") {
            let (m, d) = rest.split_once('-').ok_or_else(bad)?;
            PartialDate {
                year: None,
                month: Some(num(m, 2)? as u8),
                day: Some(num(d, 2)? as u8),
            }
        } else {
            let parts: Vec<&str> = s.split('-').collect();
            match parts.as_slice() {
                [y] => PartialDate {
                    year: Some(num(y, 4)? as i32),
                    month: None,
                    day: None,
                },
                [y, m] => PartialDate {
                    year: Some(num(y, 4)? as i32),
                    month: Some(num(m, 2)? as u8),
                    day: None,
                },
                [y, m, d] => PartialDate {
                    year: Some(num(y, 4)? as i32),
                    month: Some(num(m, 2)? as u8),
                    day: Some(num(d, 2)? as u8),
                },
                _ => return Err(bad()),
            }
        };
        if let Some(m) = date.month
            && !(1..=12).contains(&m)
        {
            return Err(DateError::Impossible(s.to_owned()));
        }
        if let (Some(m), Some(d)) = (date.month, date.day)
            && (d == 0 || d > days_in_month(date.year, m))
        {
            return Err(DateError::Impossible(s.to_owned()));
        }
        Ok(date)
    }

    /// A sort key: unknown parts sort first within their known prefix.
    pub fn sort_key(&self) -> (i32, u8, u8) {
        (
            self.year.unwrap_or(i32::MIN),
            self.month.unwrap_or(0),
            self.day.unwrap_or(0),
        )
    }
}

impl fmt::Display for PartialDate {
    /// The stored form (see [`PartialDate::parse`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.year, self.month, self.day) {
            (Some(y), Some(m), Some(d)) => write!(f, "{y:04}-{m:02}-{d:02}"),
            (Some(y), Some(m), None) => write!(f, "{y:04}-{m:02}"),
            (Some(y), None, _) => write!(f, "{y:04}"),
            (None, Some(m), Some(d)) => write!(f, "--{m:02}-{d:02}"),
            (None, Some(m), None) => write!(f, "--{m:02}"),
            (None, None, _) => Ok(()),
        }
    }
}

/// An entity as stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Local row id.
    pub id: EntityId,
    /// Stable identifier shared between copies of a database.
    pub uid: String,
    /// Kind name (`organisation`, `person`… or a user-defined kind).
    pub kind: String,
    /// Vietnamese (primary) name.
    pub name: String,
    /// English name, when known.
    pub name_en: Option<String>,
    /// A short description.
    pub summary: Option<String>,
    /// Start (or only) date, in [`PartialDate`]'s stored form.
    pub date_start: Option<String>,
    /// End date.
    pub date_end: Option<String>,
    /// Typed properties (website, phone, email, address…), as a JSON object.
    pub properties: serde_json::Map<String, serde_json::Value>,
    /// Private entities never leave the machine through exports or shared changes.
    pub private: bool,
}

/// A predicate: the type of a directed relation, with labels for both directions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Predicate {
    /// Machine name (`part_of`).
    pub name: String,
    /// Stable identifier.
    pub uid: String,
    /// Label seen from the subject, Vietnamese.
    pub label_vi: String,
    /// Label seen from the subject, English.
    pub label_en: String,
    /// Label seen from the object, Vietnamese.
    pub inverse_vi: String,
    /// Label seen from the object, English.
    pub inverse_en: String,
    /// Kinds allowed as subject (`None`: any).
    pub subject_kinds: Option<Vec<String>>,
    /// Kinds allowed as object (`None`: any).
    pub object_kinds: Option<Vec<String>>,
}

/// A kind with its labels.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KindInfo {
    /// Machine name.
    pub name: String,
    /// Stable identifier.
    pub uid: String,
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// The colour its entities are drawn in ("#2f6fb3"), for kinds a user added.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colour: Option<String>,
}

/// Which way a relation points, seen from the entity being viewed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The viewed entity is the subject.
    Out,
    /// The viewed entity is the object.
    In,
}

/// The property listing which of an entity's properties are private (never exported or
/// shared, hidden in presentation mode): `"_private": ["phone", "email"]`.
pub const PRIVATE_PROPERTIES: &str = "_private";

/// A short reference to an entity, for lists and links.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityRef {
    /// Local row id.
    #[serde(skip)]
    pub id: Option<EntityId>,
    /// Stable identifier.
    pub uid: String,
    /// Kind name.
    pub kind: String,
    /// Vietnamese name.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// Kept off exports, shared changes and presentation mode.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
}

/// A citation: which document says so, where in it, and optionally a short quote.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    /// Stable identifier.
    pub uid: String,
    /// The document.
    pub source: EntityRef,
    /// Where in the document ("đoạn 2", "tr. 14").
    #[serde(default)]
    pub locator: Option<String>,
    /// The quoted evidence.
    pub quote: Option<String>,
    /// How far the source can be trusted for the fact (`None`: not stated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Confidence>,
}

/// How far a citation's source can be trusted for the fact it supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Chắc chắn.
    Certain,
    /// Cao.
    High,
    /// Trung bình.
    Medium,
    /// Thấp.
    Low,
    /// Không rõ.
    Unknown,
}

impl Confidence {
    /// Every level, surest first.
    pub const ALL: [Confidence; 5] = [
        Confidence::Certain,
        Confidence::High,
        Confidence::Medium,
        Confidence::Low,
        Confidence::Unknown,
    ];

    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Certain => "certain",
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
            Confidence::Unknown => "unknown",
        }
    }

    /// The level of a stored word.
    pub fn parse(s: &str) -> Option<Self> {
        Confidence::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl Citation {
    /// The document's name and, when known, where in it: "Bản tin HNMO…, đoạn 2".
    pub fn reference(&self) -> String {
        match &self.locator {
            Some(l) => format!("{}, {l}", self.source.name),
            None => self.source.name.clone(),
        }
    }
}

/// A relation seen from one of its ends.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RelationView {
    /// Stable identifier of the relation.
    pub uid: String,
    /// Predicate machine name.
    pub predicate: String,
    /// The label as read from the viewed entity (label or inverse label), Vietnamese.
    pub label: String,
    /// The same label in English.
    pub label_en: String,
    /// Whether the viewed entity is subject (`out`) or object (`in`).
    pub direction: Direction,
    /// Role qualifier ("Cục trưởng").
    pub role: Option<String>,
    /// Start date.
    pub date_start: Option<String>,
    /// End date: a relation with one is former.
    pub date_end: Option<String>,
    /// Free note ("general knowledge").
    pub note: Option<String>,
    /// The entity at the other end.
    pub other: EntityRef,
    /// Sources.
    pub citations: Vec<Citation>,
}

impl RelationView {
    /// A relation that has ended is shown as former.
    pub fn is_former(&self) -> bool {
        self.date_end.is_some()
    }
}

/// An entity with everything the entity view shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntityDetail {
    /// The entity.
    #[serde(flatten)]
    pub entity: Entity,
    /// Other names.
    pub aliases: Vec<String>,
    /// Citations of the entity itself.
    pub citations: Vec<Citation>,
    /// Relations in both directions.
    pub relations: Vec<RelationView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_round_trip() {
        for s in ["2024", "2024-05", "2024-02-29", "--12-30", "--02-29"] {
            let d = PartialDate::parse(s).expect(s);
            assert_eq!(d.to_string(), s);
        }
        assert_eq!(PartialDate::parse("--12-30").expect("valid").year, None);
    }

    #[test]
    fn impossible_dates_are_refused() {
        for s in [
            "2023-02-29",
            "2024-02-30",
            "--02-31",
            "2024-13",
            "2024-04-31",
            "--00-10",
        ] {
            assert!(
                matches!(PartialDate::parse(s), Err(DateError::Impossible(_))),
                "{s}"
            );
        }
        for s in ["", "24", "2024/05/01", "tomorrow", "2024-5-1"] {
            assert!(
                matches!(PartialDate::parse(s), Err(DateError::Format(_))),
                "{s}"
            );
        }
    }
}
