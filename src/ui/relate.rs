//! Relating from the window: the relation form opened from an entity's page. The
//! predicates that fit the two kinds come first, each labelled from the side the user
//! stands on; the other entity is picked with the search engine or made on the spot; role
//! and dates as people write them; a citation with its document, locator, short quote and
//! confidence. Saved as one edit; a kind mismatch is refused unless confirmed.

use super::app::LienketApp;
use crate::i18n::Lang;
use crate::model::{Confidence, EntityId, Predicate};
use crate::store::search::{Hit, Query};
use crate::store::write::{CitationTarget, NewCitation, NewEntity, NewRelation};

/// A predicate as seen from the entity the form is on.
#[derive(Clone, Debug, PartialEq)]
pub struct PredicateChoice {
    /// Machine name.
    pub name: String,
    /// The entity is the subject (else the object).
    pub outgoing: bool,
    /// The label from this side, Vietnamese and English.
    pub label_vi: String,
    /// English.
    pub label_en: String,
    /// This side's kind is one the predicate accepts here.
    pub fits: bool,
    /// The kinds the other side accepts (`None`: any).
    pub other_kinds: Option<Vec<String>>,
}

impl PredicateChoice {
    /// The label in the interface's language.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Vi => &self.label_vi,
            Lang::En => &self.label_en,
        }
    }
}

/// The relation form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RelationForm {
    /// The entity whose page it was opened from, and its kind.
    pub this: (EntityId, String),
    /// Predicates from this side, those that fit first.
    pub choices: Vec<PredicateChoice>,
    /// The chosen one.
    pub chosen: Option<usize>,
    /// What is typed to find the other entity.
    pub other_text: String,
    /// Entities found for it.
    pub other_hits: Vec<Hit>,
    /// The other entity chosen: id, name, kind.
    pub other: Option<(EntityId, String, String)>,
    /// Kind of an entity made on the spot from the typed name.
    pub new_kind: String,
    /// Role ("Cục trưởng").
    pub role: String,
    /// Dates, as a span.
    pub dates: String,
    /// What is typed to find the cited document.
    pub doc_text: String,
    /// Documents found.
    pub doc_hits: Vec<Hit>,
    /// The document cited: id and name.
    pub doc: Option<(EntityId, String)>,
    /// Where in the document.
    pub locator: String,
    /// A short quote.
    pub quote: String,
    /// How sure.
    pub confidence: Option<Confidence>,
    /// The user confirmed linking kinds the predicate does not expect.
    pub allow_mismatch: bool,
    /// Why it was refused.
    pub error: Option<String>,
}

/// A change to the relation form.
#[derive(Clone, Debug, PartialEq)]
pub enum RelationEdit {
    /// Choose predicate `0` of the list.
    Predicate(usize),
    /// The other entity's search text.
    OtherText(String),
    /// Choose the other entity.
    Other(EntityId, String, String),
    /// Kind of the entity made on the spot.
    NewKind(String),
    /// Role.
    Role(String),
    /// Dates.
    Dates(String),
    /// The document's search text.
    DocText(String),
    /// Choose the document.
    Doc(EntityId, String),
    /// Locator.
    Locator(String),
    /// Quote.
    Quote(String),
    /// Confidence.
    Confidence(Option<Confidence>),
    /// Confirm a kind the predicate does not expect.
    AllowMismatch(bool),
}

/// The predicates seen from an entity of `kind`: for each, the direction(s) it can stand
/// on, those that accept its kind first.
pub fn choices(predicates: &[Predicate], kind: &str) -> Vec<PredicateChoice> {
    let accepts =
        |kinds: &Option<Vec<String>>| kinds.as_ref().is_none_or(|k| k.iter().any(|x| x == kind));
    let mut out = Vec::new();
    for p in predicates {
        let symmetric = p.label_vi == p.inverse_vi && p.subject_kinds == p.object_kinds;
        out.push(PredicateChoice {
            name: p.name.clone(),
            outgoing: true,
            label_vi: p.label_vi.clone(),
            label_en: p.label_en.clone(),
            fits: accepts(&p.subject_kinds),
            other_kinds: p.object_kinds.clone(),
        });
        if !symmetric {
            out.push(PredicateChoice {
                name: p.name.clone(),
                outgoing: false,
                label_vi: p.inverse_vi.clone(),
                label_en: p.inverse_en.clone(),
                fits: accepts(&p.object_kinds),
                other_kinds: p.subject_kinds.clone(),
            });
        }
    }
    out.sort_by_key(|c| !c.fits);
    out
}

/// The form that changes a relation: its role, dates (ending it makes it former) and
/// note.
#[derive(Clone, Debug, PartialEq)]
pub struct RelationChange {
    /// The relation.
    pub uid: String,
    /// How it reads from the page ("Cục trưởng of …"), for the heading.
    pub heading: String,
    /// Role, as typed.
    pub role: String,
    /// Dates, as a span.
    pub dates: String,
    /// Note.
    pub note: String,
    /// Role, dates and note as loaded.
    pub loaded: [String; 3],
    /// Why it was refused.
    pub error: Option<String>,
}

impl RelationChange {
    /// Whether closing the form now would lose something typed.
    pub fn unsaved(&self) -> bool {
        [&self.role, &self.dates, &self.note] != [&self.loaded[0], &self.loaded[1], &self.loaded[2]]
    }
}

impl RelationForm {
    /// Whether closing the form now would lose something typed or chosen.
    pub fn unsaved(&self) -> bool {
        self.other.is_some()
            || self.doc.is_some()
            || self.confidence.is_some()
            || [
                &self.other_text,
                &self.role,
                &self.dates,
                &self.doc_text,
                &self.locator,
                &self.quote,
            ]
            .iter()
            .any(|s| !s.trim().is_empty())
    }
}

/// A field of [`RelationChange`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelationPart {
    /// Role.
    Role,
    /// Dates.
    Dates,
    /// Note.
    Note,
}

impl LienketApp {
    /// Opens the form that changes a relation shown on the page.
    pub(super) fn open_relation_change(&mut self, r: &crate::model::RelationView) {
        let tr = self.tr();
        let label = match tr.0 {
            Lang::Vi => &r.label,
            Lang::En => &r.label_en,
        };
        let role = r.role.clone().unwrap_or_default();
        let dates =
            crate::text::dates::show_span(tr, r.date_start.as_deref(), r.date_end.as_deref())
                .unwrap_or_default();
        let note = r.note.clone().unwrap_or_default();
        self.data.relation_change = Some(RelationChange {
            uid: r.uid.clone(),
            heading: format!("{label}: {}", r.other.name),
            loaded: [role.clone(), dates.clone(), note.clone()],
            role,
            dates,
            note,
            error: None,
        });
    }

    /// Saves the changed relation as one edit.
    pub(super) fn save_relation_change(&mut self) {
        let tr = self.tr();
        let Some(mut c) = self.data.relation_change.take() else {
            return;
        };
        let (start, end) = match crate::text::dates::read_span(&c.dates) {
            Ok((a, b)) => (a.map(|d| d.to_string()), b.map(|d| d.to_string())),
            Err(_) => {
                c.error = Some(tr.get("date_unreadable").to_owned());
                self.data.relation_change = Some(c);
                return;
            }
        };
        let patch = crate::store::RelationPatch {
            role: Some(c.role.trim().to_owned()),
            date_start: Some(start.unwrap_or_default()),
            date_end: Some(end.unwrap_or_default()),
            note: Some(c.note.trim().to_owned()),
        };
        let uid = c.uid.clone();
        let Some(store) = self.store_mut() else {
            return;
        };
        match store.edit("edit relation in the window", |w| {
            w.update_relation(&uid, &patch)?;
            Ok(())
        }) {
            Ok(()) => {
                self.after_edit();
                self.show_page();
            }
            Err(e) => {
                c.error = Some(super::views::store_error_message(tr, &e));
                self.data.relation_change = Some(c);
            }
        }
    }

    /// Deletes a relation (and its citations) as one undoable edit.
    pub(super) fn delete_relation(&mut self, uid: &str) {
        let tr = self.tr();
        let Some(store) = self.store_mut() else {
            return;
        };
        match store.edit("delete relation in the window", |w| {
            w.delete_relation(uid)?;
            Ok(())
        }) {
            Ok(()) => {
                self.data.info = Some(tr.get("relation_deleted").to_owned());
                self.after_edit();
                self.show_page();
            }
            Err(e) => self.data.status = Some(super::views::store_error_message(tr, &e)),
        }
    }

    /// Opens the relation form on the entity shown.
    pub(super) fn open_relation_form(&mut self) {
        let tr = self.tr();
        let Some(id) = self.data.current_entity() else {
            return;
        };
        if self.data.read_only {
            self.data.status = Some(tr.get("read_only_no_edit").to_owned());
            return;
        }
        let Some(store) = self.store_mut() else {
            return;
        };
        let (Ok(head), Ok(predicates)) = (store.detail_head(id), store.predicates()) else {
            return;
        };
        let kind = head.entity.kind;
        self.data.relation_form = Some(RelationForm {
            choices: choices(&predicates, &kind),
            this: (id, kind),
            new_kind: "person".to_owned(),
            ..RelationForm::default()
        });
    }

    /// Applies a change to the relation form (searching for the other entity or the
    /// document as they are typed).
    pub(super) fn edit_relation_form(&mut self, change: RelationEdit) {
        let search = |store: &crate::store::Store, text: &str, kind: Option<&str>| {
            if text.trim().is_empty() {
                return Vec::new();
            }
            store
                .search(&Query {
                    text: crate::text::nfc(text),
                    kind: kind.map(str::to_owned),
                    limit: 8,
                })
                .unwrap_or_default()
        };
        let found = match &change {
            RelationEdit::OtherText(t) => self.store().map(|s| search(s, t, None)),
            RelationEdit::DocText(t) => self.store().map(|s| search(s, t, Some("document"))),
            _ => None,
        };
        let Some(f) = &mut self.data.relation_form else {
            return;
        };
        f.error = None;
        match change {
            RelationEdit::Predicate(i) => f.chosen = Some(i),
            RelationEdit::OtherText(t) => {
                f.other_text = t;
                f.other = None;
                f.other_hits = found.unwrap_or_default();
            }
            RelationEdit::Other(id, name, kind) => {
                f.other = Some((id, name, kind));
                f.other_hits.clear();
            }
            RelationEdit::NewKind(k) => f.new_kind = k,
            RelationEdit::Role(t) => f.role = t,
            RelationEdit::Dates(t) => f.dates = t,
            RelationEdit::DocText(t) => {
                f.doc_text = t;
                f.doc = None;
                f.doc_hits = found.unwrap_or_default();
            }
            RelationEdit::Doc(id, name) => {
                f.doc = Some((id, name));
                f.doc_hits.clear();
            }
            RelationEdit::Locator(t) => f.locator = t,
            RelationEdit::Quote(t) => f.quote = t,
            RelationEdit::Confidence(c) => f.confidence = c,
            RelationEdit::AllowMismatch(on) => f.allow_mismatch = on,
        }
    }

    /// Saves the relation (and the entity made on the spot, and the citation) as one edit.
    pub(super) fn save_relation_form(&mut self) {
        let tr = self.tr();
        let Some(mut f) = self.data.relation_form.take() else {
            return;
        };
        let fail = |app: &mut Self, mut f: RelationForm, message: String| {
            f.error = Some(message);
            app.data.relation_form = Some(f);
        };
        let Some(choice) = f.chosen.and_then(|i| f.choices.get(i)).cloned() else {
            return fail(self, f, tr.get("relate_pick_predicate").to_owned());
        };
        let new_name = f.other_text.trim().to_owned();
        if f.other.is_none() && new_name.is_empty() {
            return fail(self, f, tr.get("relate_pick_other").to_owned());
        }
        let (start, end) = match crate::text::dates::read_span(&f.dates) {
            Ok((a, b)) => (a.map(|d| d.to_string()), b.map(|d| d.to_string())),
            Err(_) => return fail(self, f, tr.get("date_unreadable").to_owned()),
        };
        // A source described but its document not chosen: the only one found, or ask.
        let described = !f.doc_text.trim().is_empty()
            || !f.locator.trim().is_empty()
            || !f.quote.trim().is_empty()
            || f.confidence.is_some();
        if f.doc.is_none() && described {
            match f.doc_hits.as_slice() {
                [only] if only.entity.id.is_some() => {
                    f.doc = only.entity.id.map(|id| (id, only.entity.name.clone()));
                }
                _ => return fail(self, f, tr.get("relate_pick_document").to_owned()),
            }
        }
        let this = f.this.0;
        let other = f.other.clone();
        let new_kind = f.new_kind.clone();
        let role = Some(f.role.trim().to_owned()).filter(|s| !s.is_empty());
        let doc = f.doc.clone();
        let locator = Some(f.locator.trim().to_owned()).filter(|s| !s.is_empty());
        let quote = Some(f.quote.trim().to_owned()).filter(|s| !s.is_empty());
        let confidence = f.confidence;
        let allow = f.allow_mismatch;
        let Some(store) = self.store_mut() else {
            self.data.relation_form = Some(f);
            return;
        };
        let result = store.edit("add relation in the window", |w| {
            let other = match &other {
                Some((id, _, _)) => *id,
                None => w.add_entity(&NewEntity {
                    kind: new_kind.clone(),
                    name: new_name.clone(),
                    ..NewEntity::default()
                })?,
            };
            let (subject, object) = if choice.outgoing {
                (this, other)
            } else {
                (other, this)
            };
            let relation = w.add_relation(&NewRelation {
                subject: subject.0,
                predicate: choice.name.clone(),
                object: object.0,
                role: role.clone(),
                date_start: start.clone(),
                date_end: end.clone(),
                allow_kind_mismatch: allow,
                ..NewRelation::default()
            })?;
            if let Some((doc, _)) = &doc {
                w.add_citation(&NewCitation {
                    locator: locator.clone(),
                    quote: quote.clone(),
                    confidence,
                    ..NewCitation::new(CitationTarget::Relation(relation), *doc)
                })?;
            }
            Ok(())
        });
        match result {
            Ok(()) => {
                self.after_edit();
                self.show_page();
            }
            Err(crate::store::StoreError::Rule(rule)) => {
                f.error = Some(rule.message(tr.0));
                self.data.relation_form = Some(f);
            }
            Err(e) => {
                f.error = Some(super::views::store_error_message(tr, &e));
                self.data.relation_form = Some(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn predicate(
        name: &str,
        inverse: &str,
        subject: Option<&[&str]>,
        object: Option<&[&str]>,
    ) -> Predicate {
        let kinds = |k: Option<&[&str]>| k.map(|k| k.iter().map(|s| (*s).to_owned()).collect());
        Predicate {
            name: name.into(),
            uid: name.into(),
            label_vi: name.into(),
            label_en: name.into(),
            inverse_vi: inverse.into(),
            inverse_en: inverse.into(),
            subject_kinds: kinds(subject),
            object_kinds: kinds(object),
        }
    }

    #[test]
    fn predicates_that_fit_come_first_each_labelled_from_this_side() {
        let ps = [
            predicate(
                "holds_position",
                "officials",
                Some(&["person"]),
                Some(&["organisation"]),
            ),
            predicate("knows", "knows", None, None),
        ];
        let from_org = choices(&ps, "organisation");
        let labels: Vec<(&str, bool)> = from_org
            .iter()
            .map(|c| (c.label_vi.as_str(), c.fits))
            .collect();
        // The organisation is the object of holds_position: its inverse label, fitting.
        assert_eq!(labels[0], ("officials", true));
        assert!(from_org[0].other_kinds == Some(vec!["person".to_owned()]));
        // A symmetric predicate is offered once.
        assert_eq!(from_org.iter().filter(|c| c.name == "knows").count(), 1);
        // The direction that does not fit comes last.
        assert_eq!(labels.last(), Some(&("holds_position", false)));
    }
}
