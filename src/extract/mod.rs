//! From a text to knowledge: the known entities it mentions, and the organisations,
//! people, events and links it suggests adding, each with the paragraph and sentence it
//! came from. Pure code over the store's reads: nothing is written until proposals are
//! accepted (`accept.rs`, one edit).
//!
//! `matcher.rs` finds known names (one Aho–Corasick pass over folded words);
//! `tokens.rs` cuts the text into paragraphs, sentences and words; `patterns.rs` finds
//! names by the patterns of Vietnamese news writing, `dates.rs` the dates near events and
//! `relations.rs` the links between the names of a sentence; `lexicon.rs` holds the word
//! lists; `input.rs` reads .txt, .md and .html files; `accept.rs` writes what was accepted;
//! `unlinked.rs` finds the user's documents that name an entity without a link to it.

pub mod accept;
mod dates;
pub mod input;
mod lexicon;
pub mod matcher;
mod patterns;
mod relations;
mod tokens;
pub mod unlinked;

pub use matcher::{Matcher, MatcherBuilder, Mention};

use crate::model::{EntityId, PartialDate};
use crate::text;
use patterns::{Found, FoundKind, KnownSpan};
use std::collections::HashMap;
use std::ops::Range;

/// What a proposal would create.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ProposalKind {
    /// An organisation.
    Organisation,
    /// A person.
    Person,
    /// An event.
    Event,
}

impl ProposalKind {
    /// The kind's name in the store.
    pub fn kind_name(self) -> &'static str {
        match self {
            ProposalKind::Organisation => "organisation",
            ProposalKind::Person => "person",
            ProposalKind::Event => "event",
        }
    }

    fn of(kind: FoundKind) -> Self {
        match kind {
            FoundKind::Organisation => ProposalKind::Organisation,
            FoundKind::Person => ProposalKind::Person,
            FoundKind::Event => ProposalKind::Event,
        }
    }
}

/// A new entity the text suggests.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Proposal {
    /// What it is.
    pub kind: ProposalKind,
    /// Its name as first written in full.
    pub name: String,
    /// Other forms of the name in the text ("Bộ LĐTB&XH").
    pub other_names: Vec<String>,
    /// A person's title, as written ("Cục trưởng").
    pub role: Option<String>,
    /// An event's date, as near as the text gives it (the year may be unknown).
    #[serde(serialize_with = "serialize_date")]
    pub date: Option<PartialDate>,
    /// Where it is first named: paragraph number (from 1).
    pub paragraph: usize,
    /// The sentence that names it first.
    pub sentence: String,
    /// Byte range of its first naming in the text.
    pub span: Range<usize>,
}

fn serialize_date<S: serde::Serializer>(d: &Option<PartialDate>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_str(&d.to_string()),
        None => s.serialize_none(),
    }
}

/// One end of a proposed link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum End {
    /// A proposal (index into [`Extraction::proposals`]).
    Proposal(usize),
    /// A known entity.
    Known(EntityId),
}

/// A link the text suggests.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RelationProposal {
    /// Subject.
    pub subject: End,
    /// Predicate of the built-in vocabulary (`holds_position`, `organised_by`, `attended`,
    /// `spoke_at`, `part_of`).
    pub predicate: &'static str,
    /// Object.
    pub object: End,
    /// Role qualifier ("Cục trưởng", "các đơn vị thuộc").
    pub role: Option<String>,
    /// Paragraph number (from 1).
    pub paragraph: usize,
    /// The sentence it comes from.
    pub sentence: String,
}

/// What a text holds: mentions of known entities, proposed entities and links.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Extraction {
    /// Known entities where they are named, in text order.
    pub mentions: Vec<Mention>,
    /// New entities, in the order first named.
    pub proposals: Vec<Proposal>,
    /// New links.
    pub relations: Vec<RelationProposal>,
}

/// The locator of a paragraph, as citations write it ("đoạn 3").
pub fn locator(paragraph: usize) -> String {
    format!("đoạn {paragraph}")
}

/// Finds mentions of the entities `matcher` knows (none without one) and proposes new
/// entities and links. `text` must be NFC ([`input::read`] gives it so); spans are byte
/// ranges of it.
pub fn extract(text: &str, matcher: Option<&Matcher>) -> Extraction {
    let mentions = matcher.map(|m| m.find(text)).unwrap_or_default();
    let mut b = Builder::default();
    let paragraphs = tokens::paragraphs(text);
    let opening_date = paragraphs
        .first()
        .and_then(|p| {
            p.sentences
                .iter()
                .find_map(|s| dates::find(&s.tokens).first().copied())
        })
        .map(|d| d.date);
    for p in &paragraphs {
        let paragraph_date = p
            .sentences
            .iter()
            .find_map(|s| dates::find(&s.tokens).first().copied())
            .map(|d| d.date);
        for s in &p.sentences {
            let known = known_spans(&s.tokens, &mentions);
            let found = patterns::scan(text, &s.tokens, &known);
            let sentence_dates = dates::find(&s.tokens);
            let sentence = text[s.span.clone()].to_owned();
            let mut ends: Vec<Option<End>> = Vec::with_capacity(found.len());
            for f in &found {
                let end = if f.kind == FoundKind::Event && f.generic {
                    b.last_event
                } else {
                    let date = (f.kind == FoundKind::Event).then(|| {
                        sentence_dates
                            .iter()
                            .min_by_key(|d| d.at.abs_diff(f.tokens.start))
                            .map(|d| d.date)
                            .or(paragraph_date)
                            .or(opening_date)
                    });
                    Some(b.add(text, &s.tokens, f, date.flatten(), p.number, &sentence))
                };
                ends.push(end);
            }
            for link in relations::links(text, &s.tokens, &found) {
                let end = |i: Option<usize>| match i {
                    Some(i) => ends[i],
                    None => b.last_event,
                };
                if let (Some(subject), Some(object)) = (end(link.subject), end(link.object))
                    && subject != object
                {
                    b.relate(RelationProposal {
                        subject,
                        predicate: link.predicate,
                        object,
                        role: link.role,
                        paragraph: p.number,
                        sentence: sentence.clone(),
                    });
                }
            }
            if let Some(e) = found
                .iter()
                .zip(&ends)
                .rev()
                .find(|(f, _)| f.kind == FoundKind::Event && !f.generic)
                .and_then(|(_, e)| *e)
            {
                b.last_event = Some(e);
            }
        }
    }
    Extraction {
        mentions,
        proposals: b.proposals,
        relations: b.relations,
    }
}

/// The mentions that fall on whole tokens of a sentence, by token index.
fn known_spans(tokens: &[tokens::Token], mentions: &[Mention]) -> Vec<KnownSpan> {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return Vec::new();
    };
    let from = mentions.partition_point(|m| m.span.start < first.span.start);
    mentions[from..]
        .iter()
        .take_while(|m| m.span.end <= last.span.end)
        .filter_map(|m| {
            let a = tokens.iter().position(|t| t.span.start == m.span.start)?;
            let b = tokens.iter().position(|t| t.span.end == m.span.end)?;
            let (entity, kind) = m.entities.first()?.clone();
            Some(KnownSpan {
                tokens: a..b + 1,
                entity,
                kind,
            })
        })
        .collect()
}

/// Proposals and links as they are gathered, the same entity named twice kept once.
#[derive(Default)]
struct Builder {
    proposals: Vec<Proposal>,
    /// Folded names → proposal.
    names: HashMap<(ProposalKind, String), usize>,
    /// The forms each proposal answers to (acronyms) → proposal.
    forms: HashMap<(ProposalKind, String), usize>,
    relations: Vec<RelationProposal>,
    last_event: Option<End>,
}

impl Builder {
    fn add(
        &mut self,
        text: &str,
        tokens: &[tokens::Token],
        f: &Found,
        date: Option<PartialDate>,
        paragraph: usize,
        sentence: &str,
    ) -> End {
        if let Some(id) = f.known {
            return End::Known(id);
        }
        let kind = ProposalKind::of(f.kind);
        let span = tokens[f.tokens.start].span.start..tokens[f.tokens.end - 1].span.end;
        let name = text[span.clone()].to_owned();
        let forms = matcher::name_keys(&name, kind == ProposalKind::Organisation);
        let key = text::folded_key(&name);
        // The same name, a form of a name seen before ("Bộ LĐTB&XH"), or a name of which
        // this is a form. Two names sharing only a form ("LĐTBXH": the ministry and a
        // provincial department) stay apart.
        let seen = self
            .names
            .get(&(kind, key.clone()))
            .or_else(|| self.forms.get(&(kind, key.clone())))
            .or_else(|| {
                forms
                    .iter()
                    .find_map(|k| self.names.get(&(kind, k.clone())))
            })
            .copied();
        let i = match seen {
            Some(i) => {
                let p = &mut self.proposals[i];
                if p.role.is_none() {
                    p.role = f.role.clone();
                }
                if p.date.is_none() {
                    p.date = date;
                }
                if text::folded_key(&p.name) != key && !p.other_names.contains(&name) {
                    // The longer form is the name; the shorter is another name.
                    if name.chars().count() > p.name.chars().count() {
                        let short = std::mem::replace(&mut p.name, name);
                        p.other_names.push(short);
                    } else {
                        p.other_names.push(name);
                    }
                }
                i
            }
            None => {
                self.proposals.push(Proposal {
                    kind,
                    name,
                    other_names: Vec::new(),
                    role: f.role.clone(),
                    date,
                    paragraph,
                    sentence: sentence.to_owned(),
                    span,
                });
                self.proposals.len() - 1
            }
        };
        self.names.entry((kind, key)).or_insert(i);
        for k in forms {
            self.forms.entry((kind, k)).or_insert(i);
        }
        if let Some(a) = f.acronym {
            let acronym = text[tokens[a].span.clone()].to_owned();
            self.names
                .entry((kind, text::folded_key(&acronym)))
                .or_insert(i);
            let p = &mut self.proposals[i];
            if !p.other_names.contains(&acronym) {
                p.other_names.push(acronym);
            }
        }
        End::Proposal(i)
    }

    fn relate(&mut self, r: RelationProposal) {
        let same = |x: &RelationProposal| {
            x.subject == r.subject && x.predicate == r.predicate && x.object == r.object
        };
        if !self.relations.iter().any(same) {
            self.relations.push(r);
        }
    }
}
