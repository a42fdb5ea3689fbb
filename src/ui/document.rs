//! The "new document from text" page's state and handling: the document's fields and
//! text (pasted, or read from a .txt, .md or .html file), the extraction run on the
//! worker (the known entities it mentions, the entities and links it proposes), the
//! review of each proposal (accepted or not, its name and a person's title edited), and
//! creating the document with what was accepted in one edit of the window's, undone by
//! Ctrl+Z in one step. `views/document.rs` draws it.

use super::Page;
use super::app::LienketApp;
use super::worker::Job;
use crate::extract::accept::{Choice, DocumentInfo};
use crate::extract::{self, End, Extraction, Matcher};
use crate::model::{EntityId, Predicate};
use crate::store::Store;
use std::collections::HashMap;
use std::ops::Range;

/// A field of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocField {
    /// The title (the document entity's name).
    Title,
    /// Who published it, as written.
    Publisher,
    /// When, as people write dates ("24/3/2022", "2022", "30/12").
    Date,
    /// Where it is on the web.
    Url,
    /// The text.
    Text,
    /// A file to read the text from, as typed.
    Path,
}

/// A change on the page.
#[derive(Clone, Debug, PartialEq)]
pub enum DocumentEdit {
    /// A field changed.
    Field(DocField, String),
    /// Pick the file with the system dialog.
    Browse,
    /// Read the text from the file typed.
    ReadFile,
    /// Find known entities and proposals in the text.
    Analyse,
    /// Accept proposal `0` or not.
    Accept(usize, bool),
    /// Accept every proposal, or none.
    AcceptAll(bool),
    /// The name proposal `0` will be created under.
    Name(usize, String),
    /// A person's title (the role of the link to the organisation).
    Role(usize, String),
    /// Accept link `0` or not.
    Link(usize, bool),
    /// Keep the text in the file, or not.
    KeepText(bool),
    /// Create the document and what was accepted.
    Create,
    /// Drop the page's content.
    Clear,
}

/// A known entity the text mentions.
#[derive(Clone, Debug, PartialEq)]
pub struct Known {
    /// The entity.
    pub id: EntityId,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: String,
    /// How many times it is mentioned.
    pub count: usize,
}

/// A piece of a paragraph of the analysed text.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    /// Text that names nothing found.
    Plain(Range<usize>),
    /// A mention of known entities (indices into [`Analysis::known`]; several when
    /// namesakes share the name).
    Known(Range<usize>, Vec<usize>),
    /// Where a proposal is first named (index into the extraction's proposals).
    Proposed(Range<usize>, usize),
}

/// What the extraction found, ready to be drawn and reviewed.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// The text analysed (NFC): spans, paragraphs and citations refer to it.
    pub text: String,
    /// Mentions, proposals and links.
    pub extraction: Extraction,
    /// The known entities mentioned, in the order first mentioned.
    pub known: Vec<Known>,
    /// Each paragraph (one a line with text) as pieces.
    pub paragraphs: Vec<Vec<Piece>>,
    /// The link types, for the links' labels.
    pub predicates: Vec<Predicate>,
    /// The names of known entities that links name but the text does not mention.
    pub other_names: HashMap<EntityId, String>,
}

impl Analysis {
    /// The name of a known entity.
    pub fn known_name(&self, id: EntityId) -> Option<&str> {
        self.known
            .iter()
            .find(|k| k.id == id)
            .map(|k| k.name.as_str())
            .or_else(|| self.other_names.get(&id).map(String::as_str))
    }
}

/// Finds known entities and proposals in `text` (NFC), with what drawing them needs.
pub fn analyse(store: &Store, text: String) -> anyhow::Result<Analysis> {
    let matcher = Matcher::from_store(store)?;
    let extraction = extract::extract(&text, Some(&matcher));
    let mut index: HashMap<EntityId, usize> = HashMap::new();
    let mut ids = Vec::new();
    for m in &extraction.mentions {
        for (id, _) in &m.entities {
            if !index.contains_key(id) {
                index.insert(*id, ids.len());
                ids.push(*id);
            }
        }
    }
    let mut known: Vec<Known> = store
        .entity_rows(&ids)?
        .into_iter()
        .map(|r| Known {
            id: r.id,
            name: r.name,
            kind: r.kind,
            count: 0,
        })
        .collect();
    // Rows come back in the order asked; an entity gone meanwhile is left out.
    let index: HashMap<EntityId, usize> =
        known.iter().enumerate().map(|(i, k)| (k.id, i)).collect();
    for m in &extraction.mentions {
        for (id, _) in &m.entities {
            if let Some(&i) = index.get(id) {
                known[i].count += 1;
            }
        }
    }
    let mut other_names = HashMap::new();
    for r in &extraction.relations {
        for end in [r.subject, r.object] {
            if let End::Known(id) = end
                && !index.contains_key(&id)
                && !other_names.contains_key(&id)
            {
                other_names.insert(id, store.entity(id)?.name);
            }
        }
    }
    let paragraphs = pieces(&text, &extraction, &index);
    Ok(Analysis {
        predicates: store.predicates()?,
        text,
        extraction,
        known,
        paragraphs,
        other_names,
    })
}

/// The text's lines with text, each cut into plain text, mentions and first namings of
/// proposals (a mention wins where both cover the same words).
fn pieces(
    text: &str,
    extraction: &Extraction,
    index: &HashMap<EntityId, usize>,
) -> Vec<Vec<Piece>> {
    let mut marks: Vec<(Range<usize>, Piece)> = extraction
        .mentions
        .iter()
        .map(|m| {
            let known = m
                .entities
                .iter()
                .filter_map(|(id, _)| index.get(id).copied())
                .collect();
            (m.span.clone(), Piece::Known(m.span.clone(), known))
        })
        .collect();
    for (i, p) in extraction.proposals.iter().enumerate() {
        let overlaps = marks
            .iter()
            .any(|(r, _)| r.start < p.span.end && p.span.start < r.end);
        if !overlaps {
            marks.push((p.span.clone(), Piece::Proposed(p.span.clone(), i)));
        }
    }
    marks.sort_by_key(|(r, _)| r.start);
    let mut out = Vec::new();
    let mut start = 0;
    let mut next = 0;
    for line in text.split_inclusive('\n') {
        let end = start + line.trim_end_matches(['\n', '\r']).len();
        if !text[start..end].trim().is_empty() {
            let mut pieces = Vec::new();
            let mut at = start;
            while let Some((r, piece)) = marks.get(next).filter(|(r, _)| r.end <= end) {
                if r.start >= at {
                    if r.start > at {
                        pieces.push(Piece::Plain(at..r.start));
                    }
                    pieces.push(piece.clone());
                    at = r.end;
                }
                next += 1;
            }
            if at < end {
                pieces.push(Piece::Plain(at..end));
            }
            out.push(pieces);
        }
        start += line.len();
        while marks.get(next).is_some_and(|(r, _)| r.start < start) {
            next += 1;
        }
    }
    out
}

/// One proposal as reviewed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Review {
    /// Create it.
    pub accepted: bool,
    /// The name it will have.
    pub name: String,
    /// A person's title.
    pub role: String,
}

/// The page.
#[derive(Clone, Debug, Default)]
pub struct DocumentPage {
    /// The title.
    pub title: String,
    /// The publisher, as written.
    pub publisher: String,
    /// The date, as typed.
    pub date: String,
    /// The web address.
    pub url: String,
    /// The text.
    pub text: String,
    /// The file to read, as typed.
    pub path: String,
    /// What the last analysis found.
    pub analysis: Option<Analysis>,
    /// Each proposal as reviewed.
    pub review: Vec<Review>,
    /// Each proposed link: accepted or not.
    pub links: Vec<bool>,
    /// An analysis is under way.
    pub running: bool,
    /// The person chose not to keep the text in the file (only the document's facts,
    /// what is created from it and the quotes cited).
    pub drop_text: bool,
    /// Why something could not be done.
    pub message: Option<String>,
    pub(super) seq: u64,
}

impl DocumentPage {
    /// The text was changed since it was analysed: the analysis no longer fits it.
    pub fn stale(&self) -> bool {
        self.analysis
            .as_ref()
            .is_some_and(|a| a.text != crate::text::nfc(&self.text))
    }

    /// Whether link `i` can be created: both its ends known or accepted.
    pub fn link_possible(&self, i: usize) -> bool {
        let Some(a) = &self.analysis else {
            return false;
        };
        a.extraction.relations.get(i).is_some_and(|r| {
            [r.subject, r.object].iter().all(|e| match e {
                End::Known(_) => true,
                End::Proposal(p) => self.review.get(*p).is_some_and(|r| r.accepted),
            })
        })
    }

    /// The name a link's end is shown by: a proposal's as edited.
    pub fn end_name(&self, end: End) -> String {
        match end {
            End::Proposal(i) => self
                .review
                .get(i)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
            End::Known(id) => self
                .analysis
                .as_ref()
                .and_then(|a| a.known_name(id))
                .unwrap_or("?")
                .to_owned(),
        }
    }

    /// How many entities and links Create would make.
    pub fn chosen(&self) -> (usize, usize) {
        let entities = self.review.iter().filter(|r| r.accepted).count();
        let links = (0..self.links.len())
            .filter(|&i| self.links[i] && self.link_possible(i))
            .count();
        (entities, links)
    }
}

/// The files the page reads.
const TEXT_FILES: [&str; 5] = ["txt", "md", "markdown", "html", "htm"];

impl LienketApp {
    /// Opens the page (what was typed on it before is kept).
    pub(super) fn open_document_page(&mut self) {
        if !self.data.store_open || self.data.read_only {
            return;
        }
        self.data.document.get_or_insert_with(DocumentPage::default);
        self.navigate(Page::NewDocument);
    }

    /// A change on the page.
    pub(super) fn document_edit(&mut self, edit: DocumentEdit) {
        let tr = self.tr();
        let page = self.data.document.get_or_insert_with(DocumentPage::default);
        match edit {
            DocumentEdit::Field(field, value) => {
                let slot = match field {
                    DocField::Title => &mut page.title,
                    DocField::Publisher => &mut page.publisher,
                    DocField::Date => &mut page.date,
                    DocField::Url => &mut page.url,
                    DocField::Text => &mut page.text,
                    DocField::Path => &mut page.path,
                };
                *slot = value;
                page.message = None;
            }
            DocumentEdit::Browse => {
                // The system dialog; without one (or in tests) the typed path stays.
                if !self.inline_jobs
                    && let Some(path) = rfd::FileDialog::new()
                        .add_filter(tr.get("document_text_files"), &TEXT_FILES)
                        .pick_file()
                {
                    page.path = path.display().to_string();
                    self.read_document_file();
                }
            }
            DocumentEdit::ReadFile => self.read_document_file(),
            DocumentEdit::Analyse => self.analyse_document(),
            DocumentEdit::Accept(i, on) => {
                if let Some(r) = page.review.get_mut(i) {
                    r.accepted = on;
                }
            }
            DocumentEdit::AcceptAll(on) => {
                for r in &mut page.review {
                    r.accepted = on;
                }
            }
            DocumentEdit::Name(i, name) => {
                if let Some(r) = page.review.get_mut(i) {
                    r.name = name;
                }
            }
            DocumentEdit::Role(i, role) => {
                if let Some(r) = page.review.get_mut(i) {
                    r.role = role;
                }
            }
            DocumentEdit::Link(i, on) => {
                if let Some(l) = page.links.get_mut(i) {
                    *l = on;
                }
            }
            DocumentEdit::Create => self.create_document(),
            DocumentEdit::KeepText(keep) => {
                if let Some(page) = &mut self.data.document {
                    page.drop_text = !keep;
                }
            }
            DocumentEdit::Clear => self.data.document = Some(DocumentPage::default()),
        }
    }

    /// Reads the file typed into the text field; its name becomes the title when none
    /// is typed.
    fn read_document_file(&mut self) {
        let tr = self.tr();
        let Some(page) = &mut self.data.document else {
            return;
        };
        let path = super::files::typed_path(&page.path);
        match extract::input::read_file(&path) {
            Ok(text) => {
                page.text = text;
                page.message = None;
                if page.title.trim().is_empty()
                    && let Some(stem) = path.file_stem()
                {
                    page.title = stem.to_string_lossy().into_owned();
                }
                self.analyse_document();
            }
            Err(e) => {
                page.message = Some(tr.fmt(
                    "document_unreadable",
                    &[
                        ("path", &path.display().to_string()),
                        ("detail", &e.to_string()),
                    ],
                ));
            }
        }
    }

    /// Sends the text to the worker to be analysed.
    fn analyse_document(&mut self) {
        let tr = self.tr();
        let seq = self.next_seq();
        let Some(page) = &mut self.data.document else {
            return;
        };
        let text = crate::text::nfc(&page.text);
        if text.trim().is_empty() {
            page.message = Some(tr.get("document_no_text").to_owned());
            return;
        }
        page.seq = seq;
        page.running = true;
        page.message = None;
        self.submit(Job::Extract { seq, text });
    }

    /// The worker's analysis.
    pub(super) fn receive_analysis(&mut self, seq: u64, result: Result<Box<Analysis>, String>) {
        let Some(page) = &mut self.data.document else {
            return;
        };
        if page.seq != seq {
            return;
        }
        page.running = false;
        match result {
            Ok(a) => {
                page.review = a
                    .extraction
                    .proposals
                    .iter()
                    .map(|p| Review {
                        accepted: false,
                        name: p.name.clone(),
                        role: p.role.clone().unwrap_or_default(),
                    })
                    .collect();
                // A link goes with its ends: created once they are accepted (or known).
                page.links = vec![true; a.extraction.relations.len()];
                page.analysis = Some(*a);
            }
            Err(e) => page.message = Some(e),
        }
    }

    /// Creates the document, the accepted entities and links in one edit, then opens the
    /// document's page.
    fn create_document(&mut self) {
        let tr = self.tr();
        let Some(page) = self.data.document.take() else {
            return;
        };
        let (doc, extraction, choice) = match prepare(tr, &page) {
            Ok(ready) => ready,
            Err(message) => {
                self.data.document = Some(DocumentPage {
                    message: Some(message),
                    ..page
                });
                return;
            }
        };
        let publisher = doc.publisher.clone().unwrap_or_default();
        let Some(store) = self.store_mut() else {
            self.data.document = Some(page);
            return;
        };
        let publisher_entity = store
            .resolve(publisher.trim())
            .ok()
            .flatten()
            .filter(|id| store.entity(*id).is_ok_and(|e| e.kind == "organisation"));
        let doc = DocumentInfo {
            publisher_entity,
            ..doc
        };
        let description = format!("add the document “{}” in the window", doc.title);
        match extract::accept::accept(store, &description, &doc, &extraction, &choice) {
            Ok(made) => {
                let entities = made.entities.iter().flatten().count();
                self.data.info = Some(tr.fmt(
                    "document_created",
                    &[
                        ("title", &doc.title),
                        ("entities", &super::format::number(tr, entities)),
                        ("links", &super::format::number(tr, made.relations.len())),
                    ],
                ));
                self.refresh_all();
                self.navigate(Page::Entity(made.document));
            }
            Err(e) => {
                self.data.document = Some(DocumentPage {
                    message: Some(super::views::store_error_message(tr, &e)),
                    ..page
                });
            }
        }
    }
}

/// The document, the extraction as reviewed (names and titles as edited) and the choice,
/// or why not yet.
fn prepare(
    tr: crate::i18n::Tr,
    page: &DocumentPage,
) -> Result<(DocumentInfo, Extraction, Choice), String> {
    let Some(a) = page.analysis.as_ref().filter(|_| !page.stale()) else {
        return Err(tr.get("document_analyse_first").to_owned());
    };
    let title = crate::text::nfc(page.title.trim());
    if title.is_empty() {
        return Err(tr.get("document_title_needed").to_owned());
    }
    let date = match page.date.trim() {
        "" => None,
        typed => match crate::text::dates::read(typed) {
            Ok(d) => Some(d.to_string()),
            Err(_) => return Err(tr.fmt("document_bad_date", &[("date", typed)])),
        },
    };
    let optional = |s: &str| Some(crate::text::nfc(s.trim())).filter(|s| !s.is_empty());
    let mut extraction = a.extraction.clone();
    for (i, (p, r)) in extraction
        .proposals
        .iter_mut()
        .zip(&page.review)
        .enumerate()
    {
        p.name = crate::text::nfc(r.name.trim());
        let role = optional(&r.role);
        if role != p.role {
            // A person's title is the role of the link to the organisation.
            for link in extraction.relations.iter_mut() {
                if link.subject == End::Proposal(i) && link.predicate == "holds_position" {
                    link.role = role.clone();
                }
            }
            p.role = role;
        }
    }
    let choice = Choice {
        proposals: (0..page.review.len())
            .filter(|&i| page.review[i].accepted)
            .collect(),
        relations: (0..page.links.len())
            .filter(|&i| page.links[i] && page.link_possible(i))
            .collect(),
    };
    let doc = DocumentInfo {
        title,
        publisher: optional(&page.publisher),
        publisher_entity: None,
        date,
        url: optional(&page.url),
        text: if page.drop_text {
            String::new()
        } else {
            a.text.clone()
        },
    };
    Ok((doc, extraction, choice))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_cut_at_mentions_and_proposals() {
        let text = "Một dòng.\n\nCục A họp với Sở B.\n";
        let at = |s: &str| {
            let a = text.find(s).expect("in the text");
            a..a + s.len()
        };
        let extraction = Extraction {
            mentions: vec![extract::Mention {
                span: at("Cục A"),
                text: "Cục A".into(),
                entities: vec![(EntityId(7), "organisation".into())],
            }],
            proposals: vec![extract::Proposal {
                kind: extract::ProposalKind::Organisation,
                name: "Sở B".into(),
                other_names: Vec::new(),
                role: None,
                date: None,
                paragraph: 2,
                sentence: "Cục A họp với Sở B.".into(),
                span: at("Sở B"),
            }],
            relations: Vec::new(),
        };
        let index = HashMap::from([(EntityId(7), 0)]);
        let p = pieces(text, &extraction, &index);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0], vec![Piece::Plain(at("Một dòng."))]);
        let (cuc, so) = (at("Cục A"), at("Sở B"));
        assert_eq!(
            p[1],
            vec![
                Piece::Known(cuc.clone(), vec![0]),
                Piece::Plain(cuc.end..so.start),
                Piece::Proposed(so.clone(), 0),
                Piece::Plain(so.end..so.end + 1),
            ]
        );
    }
}
