//! The entity view's model, built once per navigation (or edit) from the store's detail:
//! the relations grouped by label (each relation stored once, in its group) and every
//! document cited for the entity or its relations, with its quotes and locators.

use crate::model::{Citation, Entity, EntityDetail, EntityRef, RelationView};
use std::collections::HashMap;

/// A relation group of the entity view: one predicate in one direction.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// The relations, in Vietnamese alphabetical order of the other entity.
    pub items: Vec<RelationView>,
}

/// What a document says: a quote, where in the document, or both.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SourceQuote {
    /// The quoted evidence.
    pub quote: Option<String>,
    /// Where in the document ("đoạn 2").
    pub locator: Option<String>,
}

/// A document cited for the entity or one of its relations.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceGroup {
    /// The document.
    pub doc: EntityRef,
    /// What it says, each once, in the order first cited.
    pub quotes: Vec<SourceQuote>,
}

/// The entity view's model.
#[derive(Clone, Debug, PartialEq)]
pub struct EntityView {
    /// The entity.
    pub entity: Entity,
    /// Other names.
    pub aliases: Vec<String>,
    /// Citations of the entity itself.
    pub citations: Vec<Citation>,
    /// Its relations grouped by label, in the order the store gave the labels.
    pub groups: Vec<Group>,
    /// The documents cited, in the order first cited.
    pub sources: Vec<SourceGroup>,
}

impl EntityView {
    /// Builds the model in one pass over the relations and one over the citations.
    pub fn new(detail: EntityDetail) -> Self {
        let EntityDetail {
            entity,
            aliases,
            citations,
            relations,
        } = detail;
        let sources = group_sources(
            citations
                .iter()
                .chain(relations.iter().flat_map(|r| r.citations.iter())),
        );
        let mut groups: Vec<Group> = Vec::new();
        let mut index: HashMap<(String, String), usize> = HashMap::new();
        for r in relations {
            let key = (r.label.clone(), r.label_en.clone());
            let i = *index.entry(key).or_insert_with(|| {
                groups.push(Group {
                    label_vi: r.label.clone(),
                    label_en: r.label_en.clone(),
                    items: Vec::new(),
                });
                groups.len() - 1
            });
            groups[i].items.push(r);
        }
        for g in &mut groups {
            g.items
                .sort_by_cached_key(|r| crate::text::collation_key(&r.other.name));
        }
        EntityView {
            entity,
            aliases,
            citations,
            groups,
            sources,
        }
    }

    /// How many relations the entity has.
    pub fn relation_count(&self) -> usize {
        self.groups.iter().map(|g| g.items.len()).sum()
    }
}

/// Every document cited, with what it says, each once.
fn group_sources<'a>(citations: impl Iterator<Item = &'a Citation>) -> Vec<SourceGroup> {
    let mut out: Vec<SourceGroup> = Vec::new();
    let mut by_uid: HashMap<&str, usize> = HashMap::new();
    let mut seen: std::collections::HashSet<(usize, SourceQuote)> = Default::default();
    for c in citations {
        let i = *by_uid.entry(c.source.uid.as_str()).or_insert_with(|| {
            out.push(SourceGroup {
                doc: c.source.clone(),
                quotes: Vec::new(),
            });
            out.len() - 1
        });
        if c.quote.is_none() && c.locator.is_none() {
            continue;
        }
        let q = SourceQuote {
            quote: c.quote.clone(),
            locator: c.locator.clone(),
        };
        if seen.insert((i, q.clone())) {
            out[i].quotes.push(q);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Direction, EntityId};

    fn doc(uid: &str) -> EntityRef {
        EntityRef {
            id: None,
            uid: uid.into(),
            kind: "document".into(),
            name: format!("Tài liệu {uid}"),
            name_en: None,
        }
    }

    fn cite(d: &str, quote: Option<&str>, locator: Option<&str>) -> Citation {
        Citation {
            uid: format!("c-{d}-{quote:?}-{locator:?}"),
            source: doc(d),
            locator: locator.map(Into::into),
            quote: quote.map(Into::into),
        }
    }

    fn rel(label: &str, other: &str, citations: Vec<Citation>) -> RelationView {
        RelationView {
            uid: format!("r-{other}"),
            predicate: label.into(),
            label: label.into(),
            label_en: format!("{label} (en)"),
            direction: Direction::Out,
            role: None,
            date_start: None,
            date_end: None,
            note: None,
            other: EntityRef {
                id: Some(EntityId(1)),
                uid: other.into(),
                kind: "person".into(),
                name: other.into(),
                name_en: None,
            },
            citations,
        }
    }

    #[test]
    fn relations_are_grouped_once_and_sources_by_document_with_locators() {
        let detail = EntityDetail {
            entity: Entity {
                id: EntityId(7),
                uid: "e".into(),
                kind: "organisation".into(),
                name: "Cục".into(),
                name_en: None,
                summary: None,
                date_start: None,
                date_end: None,
                properties: Default::default(),
                private: false,
            },
            aliases: vec![],
            citations: vec![cite("a", Some("q1"), Some("đoạn 2"))],
            relations: vec![
                rel("Thuộc", "Bộ", vec![cite("b", None, Some("tr. 4"))]),
                rel(
                    "Cán bộ",
                    "Tô Đức",
                    vec![cite("a", Some("q1"), Some("đoạn 2")), cite("a", None, None)],
                ),
                rel("Cán bộ", "Anh", vec![cite("a", Some("q2"), None)]),
            ],
        };
        let v = EntityView::new(detail);
        assert_eq!(v.relation_count(), 3);
        let labels: Vec<_> = v.groups.iter().map(|g| g.label_vi.as_str()).collect();
        assert_eq!(labels, ["Thuộc", "Cán bộ"]);
        let names: Vec<_> = v.groups[1]
            .items
            .iter()
            .map(|r| r.other.name.as_str())
            .collect();
        assert_eq!(names, ["Anh", "Tô Đức"], "sorted by collation");
        let docs: Vec<_> = v.sources.iter().map(|s| s.doc.uid.as_str()).collect();
        assert_eq!(docs, ["a", "b"]);
        // The same quote at the same place once; a citation with neither adds nothing.
        assert_eq!(
            v.sources[0].quotes,
            [
                SourceQuote {
                    quote: Some("q1".into()),
                    locator: Some("đoạn 2".into())
                },
                SourceQuote {
                    quote: Some("q2".into()),
                    locator: None
                },
            ]
        );
        assert_eq!(v.sources[1].quotes[0].locator.as_deref(), Some("tr. 4"));
    }
}
