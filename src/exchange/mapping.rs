//! Spreadsheet columns mapped to what they hold, and sheets turned into documents and
//! back. A sheet of entities has a name column and may have columns whose cells name
//! other entities ("Đơn vị công tác" → holds_position); a sheet of relations has subject,
//! link type and object columns. Cells name entities by uid or by exact name; the import
//! resolves names, and a name two entities share is a problem there. Mappings are
//! guessed from the headers (Vietnamese or English, diacritics aside), can be changed, and
//! saved as JSON to reuse on the next file with the same headers.

use super::table::Table;
use crate::model::document::{DocAlias, DocEntity, DocRelation, Document, FORMAT};
use crate::model::{KindInfo, Predicate};
use crate::store::Problem;
use crate::store::validate::Rule;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What a column holds.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "to", content = "key")]
pub enum Target {
    /// Nothing to import.
    Ignore,
    /// The row's uid.
    Uid,
    /// The entity's name.
    Name,
    /// Its English name.
    NameEn,
    /// Its kind (name or label).
    Kind,
    /// Its summary.
    Summary,
    /// Its dates as people write them ("từ 2010 đến 2015").
    Dates,
    /// Its start date.
    DateStart,
    /// Its end date.
    DateEnd,
    /// Other names, separated by `|` or `;`.
    Aliases,
    /// Private ("x", "yes", "có", "1").
    Private,
    /// The keys of the properties kept private, separated by `|`.
    PrivateProperties,
    /// A property under this key.
    Property(String),
    /// The entities this one links to with this link type (by uid or name, `;` between).
    Relation(String),
    /// A relation's subject (uid or name).
    Subject,
    /// A relation's link type (name or label).
    Predicate,
    /// A relation's object (uid or name).
    Object,
    /// A relation's role.
    Role,
    /// A relation's note.
    Note,
}

/// The columns of a sheet, each mapped, and the kind of rows without a kind column.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// One target per column.
    pub columns: Vec<Target>,
    /// The kind of entities whose row names none.
    pub kind: String,
}

/// A mapping kept by header, to apply to another file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedMapping {
    /// Header → target.
    pub columns: BTreeMap<String, Target>,
    /// The kind of entities whose row names none.
    pub kind: String,
}

impl Mapping {
    /// The mapping to save.
    pub fn save(&self, headers: &[String]) -> SavedMapping {
        SavedMapping {
            columns: headers
                .iter()
                .cloned()
                .zip(self.columns.iter().cloned())
                .collect(),
            kind: self.kind.clone(),
        }
    }

    /// A saved mapping applied to `headers`; headers it does not know are guessed.
    pub fn from_saved(
        saved: &SavedMapping,
        headers: &[String],
        vocabulary: &Vocabulary<'_>,
    ) -> Self {
        let guessed = guess(headers, vocabulary);
        Mapping {
            columns: headers
                .iter()
                .zip(guessed.columns)
                .map(|(h, g)| saved.columns.get(h).cloned().unwrap_or(g))
                .collect(),
            kind: saved.kind.clone(),
        }
    }

    /// What makes the mapping unusable on a sheet with `headers`, as problems of the
    /// file: no name column in a sheet of entities, or two columns mapped to what one
    /// cell holds (the later would silently win).
    pub fn problems(&self, headers: &[String]) -> Vec<Problem> {
        let problem = |rule: Rule, what: String| Problem {
            row_kind: "row",
            row: 1,
            what,
            column: None,
            message: rule.to_string(),
            rule: Some(rule),
        };
        let mut out = Vec::new();
        if !self.is_relations() && !self.columns.contains(&Target::Name) {
            out.push(problem(Rule::NoNameColumn, headers.join(", ")));
        }
        let header = |i: usize| headers.get(i).cloned().unwrap_or_default();
        for (i, target) in self.columns.iter().enumerate() {
            // Other names and links add up; the rest is one value per row.
            if matches!(
                target,
                Target::Ignore | Target::Aliases | Target::Relation(_)
            ) {
                continue;
            }
            if let Some(j) = self.columns[..i].iter().position(|t| t == target) {
                let rule = Rule::SameColumnTwice {
                    first: header(j),
                    second: header(i),
                };
                out.push(problem(rule, header(i)));
            }
        }
        out
    }

    /// Whether the rows are relations (subject, link type and object columns).
    pub fn is_relations(&self) -> bool {
        [Target::Subject, Target::Predicate, Target::Object]
            .iter()
            .all(|t| self.columns.contains(t))
    }
}

/// The kinds and link types a mapping may name.
pub struct Vocabulary<'a> {
    /// Kinds.
    pub kinds: &'a [KindInfo],
    /// Link types.
    pub predicates: &'a [Predicate],
    /// Folded names and labels of the kinds, to their names.
    kind_names: HashMap<String, &'a str>,
    /// The same for the link types (from the subject's side).
    predicate_names: HashMap<String, &'a str>,
}

impl<'a> Vocabulary<'a> {
    /// The vocabulary of `kinds` and `predicates`, their names and labels folded once
    /// (a sheet names them on every row).
    pub fn new(kinds: &'a [KindInfo], predicates: &'a [Predicate]) -> Self {
        let mut kind_names = HashMap::new();
        for k in kinds {
            for n in [&k.name, &k.label_vi, &k.label_en] {
                // The first kind that answers to a name keeps it, as in a list.
                kind_names
                    .entry(crate::text::fold(n))
                    .or_insert(k.name.as_str());
            }
        }
        let mut predicate_names = HashMap::new();
        for p in predicates {
            for n in [&p.name, &p.label_vi, &p.label_en] {
                predicate_names
                    .entry(crate::text::fold(n))
                    .or_insert(p.name.as_str());
            }
        }
        Vocabulary {
            kinds,
            predicates,
            kind_names,
            predicate_names,
        }
    }

    /// The kind named or labelled `text`.
    fn kind(&self, text: &str) -> Option<&'a str> {
        let text = text.trim();
        match self.kinds.iter().find(|k| k.name == text) {
            Some(k) => Some(k.name.as_str()),
            None => self.kind_names.get(&crate::text::fold(text)).copied(),
        }
    }

    /// The link type named or labelled `text` (from the subject's side).
    pub fn predicate(&self, text: &str) -> Option<&'a str> {
        let text = text.trim();
        match self.predicates.iter().find(|p| p.name == text) {
            Some(p) => Some(p.name.as_str()),
            None => self.predicate_names.get(&crate::text::fold(text)).copied(),
        }
    }
}

/// Header words, folded and `|`-separated, and the target they suggest.
type Guess = (&'static str, fn() -> Target);

/// Header words, folded, for each target a column may be guessed as.
const GUESSES: &[Guess] = &[
    ("uid", || Target::Uid),
    (
        "ten|name|ho ten|ho va ten|ten day du|ten to chuc|ten don vi",
        || Target::Name,
    ),
    ("ten tieng anh|name en|name_en|english name|ten en", || {
        Target::NameEn
    }),
    ("loai|kind|type|loai thuc the", || Target::Kind),
    ("tom tat|mo ta|summary|description|gioi thieu", || {
        Target::Summary
    }),
    ("thoi gian|dates|date|ngay|nam", || Target::Dates),
    ("bat dau|tu ngay|ngay bat dau|date_start|start|from", || {
        Target::DateStart
    }),
    ("ket thuc|den ngay|ngay ket thuc|date_end|end|to", || {
        Target::DateEnd
    }),
    (
        "ten khac|aliases|alias|viet tat|ten viet tat|other names",
        || Target::Aliases,
    ),
    ("rieng tu|private", || Target::Private),
    ("private_properties|thong tin rieng tu", || {
        Target::PrivateProperties
    }),
    ("dien thoai|so dien thoai|phone|tel", || {
        Target::Property("phone".into())
    }),
    ("email|e-mail|thu dien tu", || {
        Target::Property("email".into())
    }),
    ("trang web|website|web|url", || {
        Target::Property("website".into())
    }),
    ("dia chi|address", || Target::Property("address".into())),
    ("subject|chu the|thuc the", || Target::Subject),
    ("predicate|quan he|lien ket|loai lien ket", || {
        Target::Predicate
    }),
    ("object|doi tuong|lien ket den", || Target::Object),
    ("vai tro|chuc vu|role|position", || Target::Role),
    ("ghi chu|note|notes", || Target::Note),
    ("subject_name|object_name", || Target::Ignore),
];

/// The mapping the headers suggest.
pub fn guess(headers: &[String], vocabulary: &Vocabulary<'_>) -> Mapping {
    let columns: Vec<Target> = headers
        .iter()
        .map(|h| {
            let f = crate::text::fold(h.trim());
            if let Some(key) = h.trim().strip_prefix("prop:") {
                return Target::Property(key.to_owned());
            }
            GUESSES
                .iter()
                .find(|(words, _)| words.split('|').any(|w| w == f))
                .map(|(_, t)| t())
                .or_else(|| {
                    vocabulary
                        .predicate(h)
                        .map(|p| Target::Relation(p.to_owned()))
                })
                .or_else(|| {
                    // Where a person works: the usual header of staff lists.
                    let workplace = ["don vi cong tac", "co quan", "noi cong tac", "don vi"];
                    (workplace.contains(&f.as_str())
                        && vocabulary.predicate("holds_position").is_some())
                    .then(|| Target::Relation("holds_position".into()))
                })
                .unwrap_or(Target::Ignore)
        })
        .collect();
    let mut mapping = Mapping {
        columns,
        kind: "organisation".into(),
    };
    // A sheet of relations keeps its note for the relation; a sheet of entities has the
    // note as a property.
    if !mapping.is_relations() {
        for t in &mut mapping.columns {
            if *t == Target::Note {
                *t = Target::Property("note".into());
            }
        }
    }
    mapping
}

/// Whether a cell says yes.
fn yes(cell: &str) -> bool {
    matches!(
        crate::text::fold(cell.trim()).as_str(),
        "x" | "yes" | "co" | "1" | "true"
    )
}

/// The rule a cell that is not a date breaks.
fn not_a_date(cell: &str, e: &crate::model::DateError) -> Rule {
    match e {
        crate::model::DateError::Impossible(_) => Rule::ImpossibleDate(cell.to_owned()),
        crate::model::DateError::Format(_) => Rule::BadDate(cell.to_owned()),
    }
}

/// The stored form of a date as people write it.
fn date(cell: &str) -> Result<Option<String>, Rule> {
    if cell.trim().is_empty() {
        return Ok(None);
    }
    crate::text::dates::read(cell)
        .map(|d| Some(d.to_string()))
        .map_err(|e| not_a_date(cell, &e))
}

/// The sheet as a document, and the cells that could not be read (their rows left out):
/// the first rows as they will be stored, for a preview.
pub fn to_document(
    table: &Table,
    mapping: &Mapping,
    vocabulary: &Vocabulary<'_>,
) -> (Document, Vec<Problem>) {
    let mut doc = Document {
        format: FORMAT,
        ..Document::default()
    };
    let mut problems = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        match convert_row(row, table.line(i), &table.headers, mapping, vocabulary) {
            Converted::Wrong(wrong) => problems.extend(wrong),
            Converted::Relation(relation) => doc.relations.push(relation),
            Converted::Entity(entity, links) => {
                doc.relations.extend(links);
                doc.entities.push(entity);
            }
        }
    }
    (doc, problems)
}

/// A row of a sheet, converted.
#[derive(Clone, Debug, PartialEq)]
pub enum Converted {
    /// An entity, and the relations its row names (their subject is the entity's uid).
    Entity(DocEntity, Vec<DocRelation>),
    /// A relation (a sheet of relations).
    Relation(DocRelation),
    /// Cells that could not be read, each a problem: the row is left out.
    Wrong(Vec<Problem>),
}

/// Converts `row`, on line `line` of the file, as `mapping` says. Rows without a uid get a
/// fresh one.
pub fn convert_row(
    row: &[String],
    line: usize,
    headers: &[String],
    mapping: &Mapping,
    vocabulary: &Vocabulary<'_>,
) -> Converted {
    let relations = mapping.is_relations();
    let mut entity = DocEntity {
        kind: mapping.kind.clone(),
        ..DocEntity::default()
    };
    let mut relation = DocRelation::default();
    let mut links: Vec<(String, String)> = Vec::new();
    let mut wrong = Vec::new();
    for ((target, cell), header) in mapping.columns.iter().zip(row).zip(headers) {
        let value = cell.trim();
        let text = || Some(value.to_owned()).filter(|v| !v.is_empty());
        let mut dated = |slot: &mut Option<String>| match date(value) {
            Ok(d) => *slot = d,
            Err(rule) => wrong.push((header.clone(), rule)),
        };
        match target {
            Target::Ignore => {}
            Target::Uid if relations => relation.uid = value.to_owned(),
            Target::Uid => entity.uid = value.to_owned(),
            Target::Name => entity.name = value.to_owned(),
            Target::NameEn => entity.name_en = text(),
            Target::Kind if !value.is_empty() => {
                entity.kind = vocabulary.kind(value).unwrap_or(value).to_owned();
            }
            Target::Kind => {}
            Target::Summary => entity.summary = text(),
            Target::Dates => match crate::text::dates::read_span(value) {
                Ok((a, b)) => {
                    let (a, b) = (a.map(|d| d.to_string()), b.map(|d| d.to_string()));
                    if relations {
                        (relation.date_start, relation.date_end) = (a, b);
                    } else {
                        (entity.date_start, entity.date_end) = (a, b);
                    }
                }
                Err(e) => wrong.push((header.clone(), not_a_date(value, &e))),
            },
            Target::DateStart if relations => dated(&mut relation.date_start),
            Target::DateStart => dated(&mut entity.date_start),
            Target::DateEnd if relations => dated(&mut relation.date_end),
            Target::DateEnd => dated(&mut entity.date_end),
            Target::Aliases => {
                for name in value
                    .split(['|', ';'])
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                {
                    entity.aliases.push(DocAlias {
                        uid: crate::store::write::new_uid(),
                        name: name.to_owned(),
                    });
                }
            }
            Target::Private => entity.private = yes(value),
            Target::PrivateProperties if !value.is_empty() => {
                let keys: Vec<serde_json::Value> = value
                    .split('|')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(Into::into)
                    .collect();
                entity
                    .properties
                    .insert(crate::model::PRIVATE_PROPERTIES.into(), keys.into());
            }
            Target::PrivateProperties => {}
            Target::Property(key) if !value.is_empty() => {
                entity.properties.insert(key.clone(), value.into());
            }
            Target::Property(_) => {}
            Target::Relation(predicate) => {
                for other in value.split(';').map(str::trim).filter(|o| !o.is_empty()) {
                    links.push((predicate.clone(), other.to_owned()));
                }
            }
            Target::Subject => relation.subject = value.to_owned(),
            Target::Predicate => {
                relation.predicate = vocabulary.predicate(value).unwrap_or(value).to_owned();
            }
            Target::Object => relation.object = value.to_owned(),
            Target::Role => relation.role = text(),
            Target::Note => relation.note = text(),
        }
    }
    if !wrong.is_empty() {
        return Converted::Wrong(
            wrong
                .into_iter()
                .map(|(column, rule)| Problem {
                    row_kind: "row",
                    row: line,
                    what: row.first().cloned().unwrap_or_default(),
                    column: Some(column),
                    message: rule.to_string(),
                    rule: Some(rule),
                })
                .collect(),
        );
    }
    if relations {
        if relation.uid.is_empty() {
            relation.uid = crate::store::write::new_uid();
        }
        return Converted::Relation(relation);
    }
    if entity.uid.is_empty() {
        entity.uid = crate::store::write::new_uid();
    }
    // A role or dates on the row belong to the links it names ("Phó Cục trưởng").
    let links = links
        .into_iter()
        .map(|(predicate, other)| DocRelation {
            uid: crate::store::write::new_uid(),
            subject: entity.uid.clone(),
            predicate,
            object: other,
            role: relation.role.clone(),
            date_start: relation.date_start.clone(),
            date_end: relation.date_end.clone(),
            note: relation.note.clone(),
            ..DocRelation::default()
        })
        .collect();
    Converted::Entity(entity, links)
}

/// A document as two sheets: its entities (properties as `prop:KEY` columns, other names
/// joined by " | ") and its relations (ends by uid, with their names beside to read).
pub fn to_tables(doc: &Document) -> (Table, Table) {
    let keys: BTreeSet<&String> = doc
        .entities
        .iter()
        .flat_map(|e| e.properties.keys())
        .filter(|k| k.as_str() != crate::model::PRIVATE_PROPERTIES)
        .collect();
    let mut headers: Vec<String> = [
        "uid",
        "kind",
        "name",
        "name_en",
        "date_start",
        "date_end",
        "summary",
        "aliases",
        "private",
        "private_properties",
    ]
    .map(str::to_owned)
    .to_vec();
    headers.extend(keys.iter().map(|k| format!("prop:{k}")));
    let rows = doc
        .entities
        .iter()
        .map(|e| {
            let opt = |o: &Option<String>| o.clone().unwrap_or_default();
            let mut row = vec![
                e.uid.clone(),
                e.kind.clone(),
                e.name.clone(),
                opt(&e.name_en),
                opt(&e.date_start),
                opt(&e.date_end),
                opt(&e.summary),
                e.aliases
                    .iter()
                    .map(|a| a.name.as_str())
                    .collect::<Vec<_>>()
                    .join(" | "),
                if e.private { "x".into() } else { String::new() },
                e.properties
                    .get(crate::model::PRIVATE_PROPERTIES)
                    .and_then(|v| v.as_array())
                    .map(|keys| {
                        keys.iter()
                            .filter_map(|k| k.as_str())
                            .collect::<Vec<_>>()
                            .join(" | ")
                    })
                    .unwrap_or_default(),
            ];
            row.extend(keys.iter().map(|k| match e.properties.get(*k) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            }));
            row
        })
        .collect();
    let names: std::collections::HashMap<&str, &str> = doc
        .entities
        .iter()
        .map(|e| (e.uid.as_str(), e.name.as_str()))
        .collect();
    let relations = Table {
        headers: [
            "uid",
            "subject",
            "subject_name",
            "predicate",
            "object",
            "object_name",
            "role",
            "date_start",
            "date_end",
            "note",
        ]
        .map(str::to_owned)
        .to_vec(),
        rows: doc
            .relations
            .iter()
            .map(|r| {
                let opt = |o: &Option<String>| o.clone().unwrap_or_default();
                let name = |uid: &str| names.get(uid).copied().unwrap_or_default().to_owned();
                vec![
                    r.uid.clone(),
                    r.subject.clone(),
                    name(&r.subject),
                    r.predicate.clone(),
                    r.object.clone(),
                    name(&r.object),
                    opt(&r.role),
                    opt(&r.date_start),
                    opt(&r.date_end),
                    opt(&r.note),
                ]
            })
            .collect(),
        lines: Vec::new(),
    };
    (
        Table {
            headers,
            rows,
            lines: Vec::new(),
        },
        relations,
    )
}
