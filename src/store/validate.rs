//! Validation: the rules every write must keep, in one place, used by the window, the
//! command line and imports alike (they all write through [`super::Writer`], which calls
//! these). Each broken rule is a typed [`Rule`] with a message in both languages.

use crate::i18n::{Lang, tr};
use crate::model::{DateError, DateValue, PartialDate};
use crate::text;
use rusqlite::{Connection, OptionalExtension};
use std::borrow::Cow;
use std::sync::Arc;

/// A broken rule of the knowledge base.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Rule {
    /// A name (or alias) that is empty or only whitespace (invisible characters aside).
    #[error("a name cannot be empty")]
    EmptyName,
    /// A name or text longer than its field holds.
    #[error("this text is too long: at most {max} characters")]
    TooLong {
        /// Most characters the field holds.
        max: usize,
    },
    /// An alias equal to the entity's name or to another of its aliases.
    #[error("\"{0}\" is already a name of this entry")]
    DuplicateAlias(String),
    /// An edit that changes nothing.
    #[error("nothing to change")]
    NothingToChange,
    /// A date that is not in an accepted form.
    #[error("unrecognised date \"{0}\" (use YYYY, YYYY-MM, YYYY-MM-DD or --MM-DD)")]
    BadDate(String),
    /// A date that cannot exist ("31-02").
    #[error("the date \"{0}\" does not exist")]
    ImpossibleDate(String),
    /// A relation from an entity to itself.
    #[error("a relation cannot link an entity to itself")]
    SelfRelation,
    /// The same relation (ends, predicate, role and dates) exists already.
    #[error("this relation exists already")]
    DuplicateRelation,
    /// The relation would close a loop in a hierarchy ("A part of B part of A").
    #[error("this would make a loop: \"{object}\" is already under \"{subject}\"")]
    Cycle {
        /// Name of the would-be child.
        subject: String,
        /// Name of the would-be parent.
        object: String,
    },
    /// The predicate is not meant for these kinds (a warning: can be confirmed).
    #[error("\"{predicate}\" is not meant to link {subject_kind} → {object_kind}")]
    KindMismatch {
        /// Predicate name.
        predicate: String,
        /// Kind of the subject.
        subject_kind: String,
        /// Kind of the object.
        object_kind: String,
    },
    /// A citation whose source is missing or not a document.
    #[error("a citation needs a document as its source")]
    CitationWithoutDocument,
    /// An entity merged into itself.
    #[error("an entry cannot be merged into itself")]
    MergeIntoItself,
    /// A merge of entities of different kinds (a warning: can be confirmed).
    #[error("the two entries are of different kinds ({keep_kind} and {other_kind})")]
    MergeKinds {
        /// Kind of the survivor.
        keep_kind: String,
        /// Kind of the other.
        other_kind: String,
    },
    /// The merged-away entity is a citation source but the survivor is not a document.
    #[error("\"{other}\" is the source of citations, so it can only be merged into a document")]
    MergeSource {
        /// Name of the merged-away entity.
        other: String,
    },
    /// An end date before the start date.
    #[error("the end date ({end}) is before the start date ({start})")]
    EndBeforeStart {
        /// Start date.
        start: String,
        /// End date.
        end: String,
    },
    /// A kind the database does not know.
    #[error("unknown kind \"{0}\"")]
    UnknownKind(String),
    /// A predicate the database does not know.
    #[error("unknown predicate \"{0}\"")]
    UnknownPredicate(String),
    /// An import names an entity that is neither in it nor in the file.
    #[error("refers to an entity that is neither in the document nor in the file: {0}")]
    UnknownReference(String),
    /// An import names an entity by a name several entities share.
    #[error("“{name}” names {count} entities: give a uid")]
    AmbiguousName {
        /// The name.
        name: String,
        /// How many entities bear it.
        count: usize,
    },
    /// An import gives the same uid to two rows.
    #[error("the same uid twice in the document: {0}")]
    SameUidTwice(String),
    /// A website, phone or e-mail not in its form.
    #[error("{key}: “{value}” is not in the form it needs")]
    BadProperty {
        /// The property.
        key: String,
        /// Its value.
        value: String,
    },
    /// A sheet of entities with no column mapped to the name.
    #[error("no column holds the name: map one, or choose the row the column names are on")]
    NoNameColumn,
    /// Two columns of a sheet mapped to what one cell holds (the name, the kind…).
    #[error(
        "columns “{first}” and “{second}” are both mapped to the same field: map one of them to something else, or ignore it"
    )]
    SameColumnTwice {
        /// The first column's name.
        first: String,
        /// The second's.
        second: String,
    },
    /// An import cites a document that is neither in it nor in the file.
    #[error("cites a document that is neither in the document nor in the file: {0}")]
    UnknownSource(String),
}

impl Rule {
    /// Whether the user may confirm and go ahead anyway.
    pub fn is_warning(&self) -> bool {
        matches!(self, Rule::KindMismatch { .. } | Rule::MergeKinds { .. })
    }

    /// The message in `lang`, from the translation files.
    pub fn message(&self, lang: Lang) -> String {
        let fill = |key: &str, args: &[(&str, &str)]| {
            let mut s = tr(lang, key).to_owned();
            for (k, v) in args {
                s = s.replace(&format!("{{{k}}}"), v);
            }
            s
        };
        match self {
            Rule::EmptyName => fill("rule_empty_name", &[]),
            Rule::TooLong { max } => fill("rule_too_long", &[("max", &max.to_string())]),
            Rule::DuplicateAlias(a) => fill("rule_duplicate_alias", &[("alias", a)]),
            Rule::NothingToChange => fill("rule_nothing_to_change", &[]),
            Rule::BadDate(d) => fill("rule_bad_date", &[("date", d)]),
            Rule::ImpossibleDate(d) => fill("rule_impossible_date", &[("date", d)]),
            Rule::SelfRelation => fill("rule_self_relation", &[]),
            Rule::DuplicateRelation => fill("rule_duplicate_relation", &[]),
            Rule::Cycle { subject, object } => {
                fill("rule_cycle", &[("subject", subject), ("object", object)])
            }
            Rule::KindMismatch {
                predicate,
                subject_kind,
                object_kind,
            } => fill(
                "rule_kind_mismatch",
                &[
                    ("predicate", predicate),
                    ("subject_kind", subject_kind),
                    ("object_kind", object_kind),
                ],
            ),
            Rule::CitationWithoutDocument => fill("rule_citation_without_document", &[]),
            Rule::MergeIntoItself => fill("rule_merge_into_itself", &[]),
            Rule::MergeKinds {
                keep_kind,
                other_kind,
            } => fill(
                "rule_merge_kinds",
                &[("keep_kind", keep_kind), ("other_kind", other_kind)],
            ),
            Rule::MergeSource { other } => fill("rule_merge_source", &[("other", other)]),
            Rule::EndBeforeStart { start, end } => {
                fill("rule_end_before_start", &[("start", start), ("end", end)])
            }
            Rule::UnknownKind(k) => fill("rule_unknown_kind", &[("kind", k)]),
            Rule::UnknownPredicate(p) => fill("rule_unknown_predicate", &[("predicate", p)]),
            Rule::UnknownReference(r) => fill("rule_unknown_reference", &[("reference", r)]),
            Rule::AmbiguousName { name, count } => fill(
                "rule_ambiguous_name",
                &[("name", name), ("count", &count.to_string())],
            ),
            Rule::SameUidTwice(uid) => fill("rule_same_uid_twice", &[("uid", uid)]),
            Rule::UnknownSource(s) => fill("rule_unknown_source", &[("source", s)]),
            Rule::NoNameColumn => fill("rule_no_name_column", &[]),
            Rule::SameColumnTwice { first, second } => fill(
                "rule_same_column_twice",
                &[("first", first), ("second", second)],
            ),
            Rule::BadProperty { key, value } => {
                fill("rule_bad_property", &[("key", key), ("value", value)])
            }
        }
    }
}

/// Predicates that form hierarchies, where loops are refused.
pub const HIERARCHICAL: &[&str] = &["part_of", "subtheme_of", "merged_into"];

/// Most characters of a name: an entity's name, an alias, an English name, a role, a
/// locator.
pub const MAX_NAME: usize = 400;

/// Most characters of the other texts a field keeps: a summary, a note, a quote.
pub const MAX_TEXT: usize = 20_000;

/// Refuses `s` when it has more than `max` characters; cheap on any length.
fn within(s: &str, max: usize) -> Result<(), Rule> {
    // A char is at most four bytes: only strings that might be too long are counted.
    if s.len() > max && s.chars().count() > max {
        Err(Rule::TooLong { max })
    } else {
        Ok(())
    }
}

/// Refuses, before any cleaning work, input so long that no cleaning (spaces collapsed,
/// invisible characters dropped) could bring it within `max` characters.
fn bounded_input(s: &str, max: usize) -> Result<(), Rule> {
    if s.len() > max * 16 {
        Err(Rule::TooLong { max })
    } else {
        Ok(())
    }
}

/// A cleaned required name: NFC, on one line (control characters such as line breaks
/// and tabs become spaces, runs of spaces one), without invisible format or direction
/// characters (zero-width joiners, right-to-left overrides…), trimmed, not empty, at most
/// [`MAX_NAME`] characters.
pub fn name(s: &str) -> Result<String, Rule> {
    bounded_input(s, MAX_NAME)?;
    let one_line: String = s
        .chars()
        .filter(|c| !text::is_invisible(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let s = text::nfc(&one_line.split_whitespace().collect::<Vec<_>>().join(" "));
    within(&s, MAX_NAME)?;
    // A name is read and searched by its letters and digits: one without any (only marks
    // or punctuation) would look empty and could never be found.
    if s.chars().any(char::is_alphanumeric) {
        Ok(s)
    } else {
        Err(Rule::EmptyName)
    }
}

/// A cleaned optional short text ([`optional`], invisible characters removed), at most
/// [`MAX_NAME`] characters.
pub fn short(s: Option<&str>) -> Result<Option<String>, Rule> {
    match s {
        Some(s) if !s.trim().is_empty() => name(s).map(Some),
        _ => Ok(None),
    }
}

/// A cleaned optional long text ([`optional`]), at most [`MAX_TEXT`] characters.
pub fn long(s: Option<&str>) -> Result<Option<String>, Rule> {
    if let Some(s) = s {
        bounded_input(s, MAX_TEXT)?;
    }
    let s = optional(s);
    if let Some(s) = &s {
        within(s, MAX_TEXT)?;
    }
    Ok(s)
}

/// Most properties an entity holds.
pub const MAX_PROPERTIES: usize = 100;

/// Properties within bounds: at most [`MAX_PROPERTIES`], each name a short text of at most
/// [`MAX_NAME`] characters, each value at most [`MAX_TEXT`] characters.
pub fn properties(props: &serde_json::Map<String, serde_json::Value>) -> Result<(), Rule> {
    if props.len() > MAX_PROPERTIES {
        return Err(Rule::TooLong {
            max: MAX_PROPERTIES,
        });
    }
    for (k, v) in props {
        within(k, MAX_NAME)?;
        let value = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
        within(&value, MAX_TEXT)?;
    }
    Ok(())
}

/// A start and end date in order (partial dates compare on what both know).
pub fn date_range(start: Option<&str>, end: Option<&str>) -> Result<(), Rule> {
    let (Some(a), Some(b)) = (start, end) else {
        return Ok(());
    };
    let (Ok(x), Ok(y)) = (DateValue::parse(a), DateValue::parse(b)) else {
        return Ok(());
    };
    if x.qualified() || y.qualified() {
        // Qualified dates are in order unless the end cannot be after the start at all.
        return match (x.bounds(), y.bounds()) {
            (Some((lo, _)), Some((_, hi))) if hi < lo => Err(Rule::EndBeforeStart {
                start: a.to_owned(),
                end: b.to_owned(),
            }),
            _ => Ok(()),
        };
    }
    let (x, y) = (x.date(), y.date());
    // Compare only the leading parts both dates know: 2024 and 2024-05 are in order.
    let both = |p: &PartialDate| -> Vec<i64> {
        let mut v = Vec::new();
        if let (Some(y1), Some(_)) = (p.year, x.year.and(y.year)) {
            v.push(i64::from(y1));
            if let (Some(m), Some(_)) = (p.month, x.month.and(y.month)) {
                v.push(i64::from(m));
                if let (Some(d), Some(_)) = (p.day, x.day.and(y.day)) {
                    v.push(i64::from(d));
                }
            }
        }
        v
    };
    if both(&y) < both(&x) {
        Err(Rule::EndBeforeStart {
            start: a.to_owned(),
            end: b.to_owned(),
        })
    } else {
        Ok(())
    }
}

/// A cleaned optional text: NFC, trimmed, empty → `None`.
pub fn optional(s: Option<&str>) -> Option<String> {
    s.map(|s| text::nfc(s.trim())).filter(|s| !s.is_empty())
}

/// A cleaned optional partial date.
pub fn date(s: Option<&str>) -> Result<Option<String>, Rule> {
    let Some(s) = optional(s) else {
        return Ok(None);
    };
    match DateValue::parse(&s) {
        // There was no year 0: the year before 1 is 1 BC.
        Ok(d) if d.date().year == Some(0) => Err(Rule::ImpossibleDate(s)),
        Ok(d) => Ok(Some(d.to_string())),
        Err(DateError::Format(x)) => Err(Rule::BadDate(x)),
        Err(DateError::Impossible(x)) => Err(Rule::ImpossibleDate(x)),
    }
}

/// The kind exists.
pub(crate) fn kind(conn: &Connection, kind: &str) -> Result<(), RuleOrSql> {
    let known = conn
        .prepare_cached("SELECT 1 FROM kind WHERE name = ?1")?
        .query_row([kind], |_| Ok(()))
        .optional()?
        .is_some();
    if known {
        Ok(())
    } else {
        Err(Rule::UnknownKind(kind.to_owned()).into())
    }
}

/// A relation about to be written (ends are entity row ids).
pub(crate) struct RelationCheck<'a> {
    /// Subject.
    pub subject: i64,
    /// Predicate name.
    pub predicate: &'a str,
    /// Object.
    pub object: i64,
    /// Role.
    pub role: Option<&'a str>,
    /// Start date.
    pub date_start: Option<&'a str>,
    /// End date.
    pub date_end: Option<&'a str>,
    /// The user confirmed a kind mismatch.
    pub allow_kind_mismatch: bool,
    /// When checking an existing relation being changed: its row id.
    pub existing: Option<i64>,
    /// What the caller knows already (an import, row by row).
    pub known: Option<&'a KnownEnds>,
}

/// What the writer of a relation already knows, so checking it reads less (an import
/// checks millions of rows).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KnownEnds {
    /// The subject's kind.
    pub subject_kind: Arc<str>,
    /// The object's kind.
    pub object_kind: Arc<str>,
    /// No relation links the two by this predicate yet (so none duplicates it).
    pub no_link_yet: bool,
    /// The kinds the predicate accepts on each side (`None`: any), when known.
    pub predicate_kinds: Option<Arc<PredicateKinds>>,
}

/// The kinds a predicate accepts as subject and as object (`None`: any).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PredicateKinds {
    pub subject: Option<Vec<String>>,
    pub object: Option<Vec<String>>,
}

/// The kinds `predicate` accepts on each side; [`Rule::UnknownPredicate`] when there is
/// no such predicate.
pub(crate) fn predicate_kinds(
    conn: &Connection,
    predicate: &str,
) -> Result<PredicateKinds, RuleOrSql> {
    let (subject, object) = conn
        .prepare_cached("SELECT subject_kinds, object_kinds FROM predicate WHERE name = ?1")?
        .query_row([predicate], |row| {
            Ok((
                row.get::<_, Option<String>>(0)?,
                row.get::<_, Option<String>>(1)?,
            ))
        })
        .optional()?
        .ok_or_else(|| Rule::UnknownPredicate(predicate.to_owned()))?;
    let parse =
        |json: Option<String>| json.and_then(|j| serde_json::from_str::<Vec<String>>(&j).ok());
    Ok(PredicateKinds {
        subject: parse(subject),
        object: parse(object),
    })
}

/// Either a broken rule or a failure to check it.
#[derive(Debug, thiserror::Error)]
pub(crate) enum RuleOrSql {
    /// A rule.
    #[error(transparent)]
    Rule(#[from] Rule),
    /// SQLite failed.
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    /// A row it refers to is not there.
    #[error("not found: {0}")]
    NotFound(String),
}

/// Checks a relation: no self-link, a known predicate, fitting kinds (unless confirmed),
/// no exact duplicate, no loop in a hierarchy.
pub(crate) fn relation(conn: &Connection, r: &RelationCheck<'_>) -> Result<(), RuleOrSql> {
    if r.subject == r.object {
        return Err(Rule::SelfRelation.into());
    }
    date_range(r.date_start, r.date_end)?;
    let entity_kind = |id: i64| -> Result<(String, String), RuleOrSql> {
        conn.prepare_cached("SELECT kind, name FROM entity WHERE id = ?1")?
            .query_row([id], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?
            .ok_or_else(|| RuleOrSql::NotFound(format!("entity #{id}")))
    };
    // Both ends must be there; names are read only to say which loop a hierarchy would
    // close.
    let (subject_kind, object_kind): (Cow<str>, Cow<str>) = match r.known {
        Some(k) => (
            Cow::Borrowed(&k.subject_kind),
            Cow::Borrowed(&k.object_kind),
        ),
        None => (
            Cow::Owned(entity_kind(r.subject)?.0),
            Cow::Owned(entity_kind(r.object)?.0),
        ),
    };
    let read;
    let pred = match r.known.and_then(|k| k.predicate_kinds.as_deref()) {
        Some(p) => p,
        None => {
            read = predicate_kinds(conn, r.predicate)?;
            &read
        }
    };
    if !r.allow_kind_mismatch {
        let fits = |allowed: &Option<Vec<String>>, kind: &str| {
            allowed
                .as_ref()
                .is_none_or(|kinds| kinds.iter().any(|k| k == kind))
        };
        if !fits(&pred.subject, &subject_kind) || !fits(&pred.object, &object_kind) {
            return Err(Rule::KindMismatch {
                predicate: r.predicate.to_owned(),
                subject_kind: subject_kind.into_owned(),
                object_kind: object_kind.into_owned(),
            }
            .into());
        }
    }
    let duplicate = !r.known.is_some_and(|k| k.no_link_yet)
        && conn
            .prepare_cached(
                "SELECT 1 FROM relation WHERE subject_id = ?1 AND predicate = ?2 AND object_id = ?3
             AND role IS ?4 AND date_start IS ?5 AND date_end IS ?6 AND id IS NOT ?7",
            )?
            .query_row(
                rusqlite::params![
                    r.subject,
                    r.predicate,
                    r.object,
                    r.role,
                    r.date_start,
                    r.date_end,
                    r.existing
                ],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
    if duplicate {
        return Err(Rule::DuplicateRelation.into());
    }
    if HIERARCHICAL.contains(&r.predicate) && has_below(conn, r.subject, r.predicate)? {
        // Walk up from the would-be parent; reaching the child closes a loop. A child
        // with nothing below it (every new entity of an import) cannot be reached.
        let loops = conn
            .prepare_cached(
                "WITH RECURSIVE up(id) AS (
                    SELECT ?1
                    UNION SELECT r.object_id FROM relation r JOIN up ON r.subject_id = up.id
                    WHERE r.predicate = ?2)
                 SELECT 1 FROM up WHERE id = ?3 LIMIT 1",
            )?
            .query_row(rusqlite::params![r.object, r.predicate, r.subject], |_| {
                Ok(())
            })
            .optional()?
            .is_some();
        if loops {
            return Err(Rule::Cycle {
                subject: entity_kind(r.subject)?.1,
                object: entity_kind(r.object)?.1,
            }
            .into());
        }
    }
    Ok(())
}

/// Whether some entity is linked to `entity` by `predicate` as its object (something is
/// part of it): one step of the object index.
fn has_below(conn: &Connection, entity: i64, predicate: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM relation WHERE object_id = ?1 AND predicate = ?2 LIMIT 1")?
        .query_row(rusqlite::params![entity, predicate], |_| Ok(()))
        .optional()
        .map(|found| found.is_some())
}

/// The source of a citation exists and is a document.
pub(crate) fn citation_source(conn: &Connection, source: i64) -> Result<(), RuleOrSql> {
    let kind: Option<String> = conn
        .prepare_cached("SELECT kind FROM entity WHERE id = ?1")?
        .query_row([source], |r| r.get(0))
        .optional()?;
    match kind.as_deref() {
        Some("document") => Ok(()),
        _ => Err(Rule::CitationWithoutDocument.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_dates_are_cleaned_or_refused() {
        assert_eq!(name("  Tô Đức "), Ok("Tô Đức".to_owned()));
        assert_eq!(name(" \t "), Err(Rule::EmptyName));
        assert_eq!(date(Some("--12-30")), Ok(Some("--12-30".to_owned())));
        assert_eq!(date(Some("  ")), Ok(None));
        assert_eq!(
            date(Some("2023-02-31")),
            Err(Rule::ImpossibleDate("2023-02-31".to_owned()))
        );
        assert!(matches!(date(Some("31/02")), Err(Rule::BadDate(_))));
        assert_eq!(
            name("Dòng một\nDòng\t hai\0"),
            Ok("Dòng một Dòng hai".to_owned())
        );
    }

    #[test]
    fn an_end_date_may_not_come_before_the_start() {
        assert!(date_range(Some("2020"), Some("2025")).is_ok());
        assert!(date_range(Some("2024-05"), Some("2024")).is_ok());
        assert!(date_range(Some("--12-30"), Some("2020")).is_ok());
        assert!(date_range(Some("2024-05-02"), Some("2024-05-01")).is_err());
        assert_eq!(
            date_range(Some("2025"), Some("2020")),
            Err(Rule::EndBeforeStart {
                start: "2025".into(),
                end: "2020".into()
            })
        );
    }

    #[test]
    fn every_rule_has_a_message_in_both_languages() {
        let rules = [
            Rule::EmptyName,
            Rule::BadDate("x".into()),
            Rule::ImpossibleDate("--02-31".into()),
            Rule::SelfRelation,
            Rule::DuplicateRelation,
            Rule::Cycle {
                subject: "A".into(),
                object: "B".into(),
            },
            Rule::KindMismatch {
                predicate: "p".into(),
                subject_kind: "theme".into(),
                object_kind: "person".into(),
            },
            Rule::CitationWithoutDocument,
            Rule::UnknownKind("k".into()),
            Rule::UnknownPredicate("p".into()),
            Rule::MergeIntoItself,
            Rule::MergeKinds {
                keep_kind: "person".into(),
                other_kind: "theme".into(),
            },
            Rule::MergeSource { other: "X".into() },
            Rule::UnknownReference("r".into()),
            Rule::AmbiguousName {
                name: "An".into(),
                count: 2,
            },
            Rule::SameUidTwice("u".into()),
            Rule::UnknownSource("s".into()),
            Rule::NoNameColumn,
            Rule::SameColumnTwice {
                first: "Tên".into(),
                second: "Tên".into(),
            },
            Rule::BadProperty {
                key: "phone".into(),
                value: "x".into(),
            },
            Rule::EndBeforeStart {
                start: "2025".into(),
                end: "2020".into(),
            },
        ];
        for rule in rules {
            let vi = rule.message(Lang::Vi);
            let en = rule.message(Lang::En);
            assert!(
                !vi.starts_with("rule_") && !en.starts_with("rule_"),
                "{rule:?}"
            );
            assert_ne!(vi, en, "{rule:?} is not translated");
            assert!(
                !vi.contains('{') && !en.contains('{'),
                "{rule:?}: {vi} / {en}"
            );
        }
    }
}
