//! Unlinked mentions: the user's documents (those whose text is kept) that name an entity
//! — by its name, English name or other names, as the matcher finds them — but have no
//! link with it and cite neither it nor its links; and linking one: a `mentions` link
//! from the document, citing it with the paragraph and the sentence, in one edit.
//!
//! Cheap by construction: the matcher holds only the entity's own names, and only the
//! documents with a text that are not linked to it yet are read.

use super::{MatcherBuilder, locator, tokens};
use crate::model::EntityId;
use crate::store::write::{CitationTarget, NewCitation, NewRelation};
use crate::store::{Result, Store};

/// A document that names an entity without being linked to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unlinked {
    /// The document.
    pub document: EntityId,
    /// Its name.
    pub title: String,
    /// The paragraph of the first mention (from 1).
    pub paragraph: usize,
    /// The sentence of the first mention.
    pub sentence: String,
    /// The mention's byte range in `sentence`.
    pub span: std::ops::Range<usize>,
    /// How many times the document names the entity.
    pub count: usize,
}

/// The documents that mention `entity` without a link to it, in name order.
pub fn unlinked_mentions(store: &Store, entity: EntityId) -> Result<Vec<Unlinked>> {
    let candidates = store.documents_not_linked_to(entity)?;
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let head = store.entity(entity)?;
    let mut b = MatcherBuilder::new();
    b.add(entity, &head.kind, &head.name);
    if let Some(en) = &head.name_en {
        b.add(entity, &head.kind, en);
    }
    for alias in store.aliases(entity)? {
        b.add(entity, &head.kind, &alias);
    }
    let Ok(matcher) = b.build() else {
        // Names too short to look for: nothing can be found.
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (document, title) in candidates {
        let Some(text) = store.document_text(document)? else {
            continue;
        };
        let mentions = matcher.find(&text);
        let Some(first) = mentions.first() else {
            continue;
        };
        let Some((paragraph, sentence)) = sentence_at(&text, first.span.start) else {
            continue;
        };
        let span = first.span.start - sentence.start..first.span.end - sentence.start;
        out.push(Unlinked {
            document,
            title,
            paragraph,
            sentence: text[sentence].to_owned(),
            span,
            count: mentions.len(),
        });
    }
    Ok(out)
}

/// The paragraph number and the byte range of the sentence holding byte `at`.
fn sentence_at(text: &str, at: usize) -> Option<(usize, std::ops::Range<usize>)> {
    tokens::paragraphs(text).into_iter().find_map(|p| {
        p.sentences
            .iter()
            .find(|s| s.span.contains(&at))
            .map(|s| (p.number, s.span.clone()))
    })
}

/// Links `document` to `entity` (`mentions`), citing the document at `paragraph` with
/// `sentence` as the quote, in one edit described by `description`; the link's row id.
pub fn link(
    store: &mut Store,
    description: &str,
    found: &Unlinked,
    entity: EntityId,
) -> Result<i64> {
    store.edit(description, |w| {
        let id = w.add_relation(&NewRelation {
            subject: found.document.0,
            predicate: "mentions".into(),
            object: entity.0,
            ..NewRelation::default()
        })?;
        w.add_citation(&NewCitation {
            locator: Some(locator(found.paragraph)),
            quote: Some(found.sentence.trim().to_owned()),
            ..NewCitation::new(CitationTarget::Relation(id), found.document)
        })?;
        Ok(id)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::accept::{self, Choice, DocumentInfo};

    #[test]
    fn a_document_naming_an_entity_is_listed_until_it_is_linked() {
        let mut store = Store::open_in_memory().expect("store");
        crate::seed::install(&mut store).expect("seed");
        let cuc = store
            .resolve("Cục Bảo trợ xã hội")
            .expect("read")
            .expect("seeded");
        let doc = DocumentInfo {
            title: "Ghi chép buổi làm việc".into(),
            text: "Buổi sáng trao đổi về kế hoạch.\nĐại diện Cục BTXH nêu ý kiến. Sau đó nghỉ."
                .into(),
            ..DocumentInfo::default()
        };
        let empty = crate::extract::Extraction::default();
        let made = accept::accept(&mut store, "t", &doc, &empty, &Choice::default()).expect("made");
        let found = unlinked_mentions(&store, cuc).expect("found");
        assert_eq!(found.len(), 1, "{found:?}");
        let f = &found[0];
        assert_eq!((f.document, f.paragraph), (made.document, 2));
        assert_eq!(f.sentence.trim(), "Đại diện Cục BTXH nêu ý kiến.");
        assert_eq!(&f.sentence[f.span.clone()], "Cục BTXH");
        link(&mut store, "link", f, cuc).expect("linked");
        assert!(unlinked_mentions(&store, cuc).expect("again").is_empty());
        // The document itself, and entities it does not name, list nothing.
        assert!(
            unlinked_mentions(&store, made.document)
                .expect("doc")
                .is_empty()
        );
    }
}
