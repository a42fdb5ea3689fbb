//! The entity view's model, built once per navigation (or edit): the relations grouped by
//! predicate and direction (each relation stored once, in its group) and every document
//! cited for the entity or its relations, with its quotes and locators. A hub opens page
//! by page: every group's count and first [`PAGE`] rows; the rest of a long group is
//! appended ([`EntityView::append`]) as it is scrolled.

use crate::model::{Citation, Direction, Entity, EntityDetail, EntityRef, RelationView};
use crate::store::RelationGroup;
use std::collections::HashMap;

/// Rows of a group read at a time.
pub const PAGE: usize = 200;

/// Rows of a group larger than a page read when the page opens: more than a group shows
/// at once, so the first frame costs what it shows.
pub const FIRST_ROWS: usize = 40;

/// A relation group of the entity view: one predicate in one direction.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// Predicate machine name.
    pub predicate: String,
    /// Which way the relations point from the entity.
    pub direction: Direction,
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// The relations loaded so far: all of them in Vietnamese alphabetical order of the
    /// other entity when the group fits in one page, else the pages read so far in the
    /// order the relations were recorded.
    pub items: Vec<RelationView>,
    /// Relations in the group, loaded or not.
    pub total: usize,
    /// What is typed in the group's filter, and the rows whose other entity (or role)
    /// matches it, by index in `items`.
    pub filter: Option<(String, Vec<usize>)>,
}

impl Group {
    /// Whether rows remain to be read.
    pub fn is_partial(&self) -> bool {
        self.items.len() < self.total
    }

    /// Keeps the rows whose other entity's name, English name or role has a word starting
    /// with each typed word (compared folded: "tinh" finds "Tỉnh"). Empty text: no filter.
    pub fn set_filter(&mut self, text: &str) {
        let typed = crate::text::fold_words(text);
        if typed.is_empty() {
            self.filter = None;
            return;
        }
        let matches = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                let mut words = crate::text::fold_words(&r.other.name);
                for more in [r.other.name_en.as_deref(), r.role.as_deref()]
                    .into_iter()
                    .flatten()
                {
                    words.extend(crate::text::fold_words(more));
                }
                typed
                    .iter()
                    .all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
            })
            .map(|(i, _)| i)
            .collect();
        self.filter = Some((text.to_owned(), matches));
    }
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
        let mut index: HashMap<(String, Direction), usize> = HashMap::new();
        for r in relations {
            let key = (r.predicate.clone(), r.direction);
            let i = *index.entry(key).or_insert_with(|| {
                groups.push(Group {
                    predicate: r.predicate.clone(),
                    direction: r.direction,
                    label_vi: r.label.clone(),
                    label_en: r.label_en.clone(),
                    items: Vec::new(),
                    total: 0,
                    filter: None,
                });
                groups.len() - 1
            });
            groups[i].items.push(r);
            groups[i].total += 1;
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

    /// Builds the model of a hub page by page: `head` (the entity, its aliases and its own
    /// citations) and each group with its first rows. The sources section holds what
    /// those rows cite until [`EntityView::set_relation_citations`] gives every relation's.
    pub fn paged(head: EntityDetail, groups: Vec<(RelationGroup, Vec<RelationView>)>) -> Self {
        let sources = group_sources(
            head.citations.iter().chain(
                groups
                    .iter()
                    .flat_map(|(_, rows)| rows.iter().flat_map(|r| r.citations.iter())),
            ),
        );
        let groups = groups
            .into_iter()
            .map(|(g, mut items)| {
                if items.len() >= g.count {
                    items.sort_by_cached_key(|r| crate::text::collation_key(&r.other.name));
                }
                Group {
                    predicate: g.predicate,
                    direction: g.direction,
                    label_vi: g.label,
                    label_en: g.label_en,
                    items,
                    total: g.count,
                    filter: None,
                }
            })
            .collect();
        EntityView {
            entity: head.entity,
            aliases: head.aliases,
            citations: head.citations,
            groups,
            sources,
        }
    }

    /// The sources section from the entity's own citations and those of every relation.
    pub fn set_relation_citations(&mut self, relation_citations: &[Citation]) {
        self.sources = group_sources(self.citations.iter().chain(relation_citations));
    }

    /// Appends the next rows read for group `group`.
    pub fn append(&mut self, group: usize, rows: Vec<RelationView>) {
        if let Some(g) = self.groups.get_mut(group) {
            g.items.extend(rows);
            g.total = g.total.max(g.items.len());
        }
    }

    /// How many relations the entity has.
    pub fn relation_count(&self) -> usize {
        self.groups.iter().map(|g| g.total).sum()
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
            private: false,
        }
    }

    fn cite(d: &str, quote: Option<&str>, locator: Option<&str>) -> Citation {
        Citation {
            uid: format!("c-{d}-{quote:?}-{locator:?}"),
            source: doc(d),
            locator: locator.map(Into::into),
            quote: quote.map(Into::into),
            confidence: None,
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
                private: false,
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
