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
