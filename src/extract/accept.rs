//! Accepting proposals: the user's document (title, publisher, date, URL, its text kept
//! as the user's own), the accepted entities (with their other names) and links, created
//! in one edit — undone in one step — each citing the document with the paragraph it came
//! from ("đoạn 3") and its sentence as the quote.

use super::{End, Extraction, locator};
use crate::model::EntityId;
use crate::store::write::{CitationTarget, NewCitation, NewEntity, NewRelation, Writer};
use crate::store::{Result, Store, StoreError};
use serde_json::{Map, Value};

/// The user's document.
#[derive(Clone, Debug, Default)]
pub struct DocumentInfo {
    /// Its title (the document entity's name).
    pub title: String,
    /// Who published it, as written.
    pub publisher: Option<String>,
    /// The publisher as an entity of the base: the document is then published by it.
    pub publisher_entity: Option<EntityId>,
    /// When it was published (a partial date in stored form: "2022", "2022-03-24",
    /// "--12-30").
    pub date: Option<String>,
    /// Where it is on the web.
    pub url: Option<String>,
    /// Its text, kept in the file as the user's own (an empty text is not kept).
    pub text: String,
}

/// What to create: the indices of the accepted proposals and links of an
/// [`Extraction`]. A link is created when both its ends are accepted or known.
#[derive(Clone, Debug, Default)]
pub struct Choice {
    /// Accepted proposals.
    pub proposals: Vec<usize>,
    /// Accepted links.
    pub relations: Vec<usize>,
}

impl Choice {
    /// Everything proposed.
    pub fn all(extraction: &Extraction) -> Choice {
        Choice {
            proposals: (0..extraction.proposals.len()).collect(),
            relations: (0..extraction.relations.len()).collect(),
        }
    }
}

/// What accepting created.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accepted {
    /// The document entity.
    pub document: EntityId,
    /// Each proposal's entity, where it was accepted.
    pub entities: Vec<Option<EntityId>>,
    /// Row ids of the links created.
    pub relations: Vec<i64>,
    /// Accepted links left out because an end was not accepted.
    pub skipped: usize,
}

/// Creates the document and everything chosen, in one edit described by `description`.
pub fn accept(
    store: &mut Store,
    description: &str,
    doc: &DocumentInfo,
    extraction: &Extraction,
    choice: &Choice,
) -> Result<Accepted> {
    store.edit(description, |w| write(w, doc, extraction, choice))
}

fn write(
    w: &mut Writer<'_>,
    doc: &DocumentInfo,
    extraction: &Extraction,
    choice: &Choice,
) -> Result<Accepted> {
    let mut properties = Map::new();
    if let Some(url) = doc.url.as_deref().filter(|u| !u.trim().is_empty()) {
        properties.insert("url".into(), Value::from(url.trim()));
    }
    if let Some(p) = doc.publisher.as_deref().filter(|p| !p.trim().is_empty()) {
        properties.insert("publisher".into(), Value::from(p.trim()));
    }
    let document = w.add_entity(&NewEntity {
        kind: "document".into(),
        name: doc.title.clone(),
        date_start: doc.date.clone(),
        properties,
        ..NewEntity::default()
    })?;
    if !doc.text.is_empty() {
        w.set_document_text(document, &doc.text)?;
    }
    if let Some(publisher) = doc.publisher_entity {
        w.add_relation(&NewRelation {
            subject: document.0,
            predicate: "published_by".into(),
            object: publisher.0,
            ..NewRelation::default()
        })?;
    }
    let cite = |w: &mut Writer<'_>, target, paragraph: usize, sentence: &str| {
        w.add_citation(&NewCitation {
            locator: Some(locator(paragraph)),
            quote: Some(sentence.trim().to_owned()),
            ..NewCitation::new(target, document)
        })
    };
    let mut entities = vec![None; extraction.proposals.len()];
    for &i in &choice.proposals {
        let p = extraction
            .proposals
            .get(i)
            .ok_or_else(|| StoreError::Invalid(format!("no proposal {i}")))?;
        if entities[i].is_some() {
            continue;
        }
        let id = w.add_entity(&NewEntity {
            kind: p.kind.kind_name().into(),
            name: p.name.clone(),
            date_start: p.date.map(|d| d.to_string()),
            ..NewEntity::default()
        })?;
        for other in &p.other_names {
            if crate::text::folded_key(other) != crate::text::folded_key(&p.name) {
                w.add_alias(id, other, None)?;
            }
        }
        cite(w, CitationTarget::Entity(id.0), p.paragraph, &p.sentence)?;
        entities[i] = Some(id);
    }
    let end = |e: End| match e {
        End::Known(id) => Some(id),
        End::Proposal(i) => entities.get(i).copied().flatten(),
    };
    let mut relations = Vec::new();
    let mut skipped = 0;
    for &i in &choice.relations {
        let r = extraction
            .relations
            .get(i)
            .ok_or_else(|| StoreError::Invalid(format!("no link {i}")))?;
        let (Some(subject), Some(object)) = (end(r.subject), end(r.object)) else {
            skipped += 1;
            continue;
        };
        let id = w.add_relation(&NewRelation {
            subject: subject.0,
            predicate: r.predicate.into(),
            object: object.0,
            role: r.role.clone(),
            ..NewRelation::default()
        })?;
        cite(w, CitationTarget::Relation(id), r.paragraph, &r.sentence)?;
        relations.push(id);
    }
    Ok(Accepted {
        document,
        entities,
        relations,
        skipped,
    })
}
