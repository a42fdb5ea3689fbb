//! The editing commands that act on relations and citations: `add-relation`,
//! `edit-relation`, `remove-relation` and `cite`.

use super::output::{print_entity, print_relation};
use super::resolve::{NotFound, need, relation_id};
use super::{EditOpts, author, confirmable};
use crate::store::write::{CitationTarget, NewCitation, NewRelation};
use crate::store::{RelationPatch, Store};
use anyhow::bail;
use clap::Args;
use std::io::Write as _;

/// The arguments of `add-relation`.
#[derive(Debug, Args)]
pub struct AddRelationArgs {
    /// Subject: name, alias or uid.
    pub subject: String,
    /// Predicate name (part_of, holds_position, attended…).
    pub predicate: String,
    /// Object: name, alias or uid.
    pub object: String,
    /// Role ("Cục trưởng").
    #[arg(long)]
    pub role: Option<String>,
    /// Start date.
    #[arg(long, allow_hyphen_values = true)]
    pub start: Option<String>,
    /// End date (a relation with an end date is former).
    #[arg(long, allow_hyphen_values = true)]
    pub end: Option<String>,
    /// Note.
    #[arg(long)]
    pub note: Option<String>,
    /// Add it even if the predicate does not usually link these kinds.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// The arguments of `edit-relation`.
#[derive(Debug, Args)]
pub struct EditRelationArgs {
    /// Relation uid.
    pub uid: String,
    /// New role.
    #[arg(long)]
    pub role: Option<String>,
    /// New start date.
    #[arg(long, allow_hyphen_values = true)]
    pub start: Option<String>,
    /// New end date.
    #[arg(long, allow_hyphen_values = true)]
    pub end: Option<String>,
    /// New note.
    #[arg(long)]
    pub note: Option<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// The arguments of `remove-relation`.
#[derive(Debug, Args)]
pub struct RemoveRelationArgs {
    /// Relation uid, or the subject.
    pub first: String,
    /// Predicate (with SUBJECT and OBJECT).
    pub predicate: Option<String>,
    /// Object.
    pub object: Option<String>,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// The arguments of `cite`.
#[derive(Debug, Args)]
pub struct CiteArgs {
    /// The document: name, alias or uid.
    pub source: String,
    /// The relation supported.
    #[arg(long, conflicts_with = "entity")]
    pub relation: Option<String>,
    /// The entity supported.
    #[arg(long)]
    pub entity: Option<String>,
    /// Where in the document: a paragraph or page ("đoạn 2", "tr. 14").
    #[arg(long)]
    pub locator: Option<String>,
    /// A short quote from the document.
    #[arg(long)]
    pub quote: Option<String>,
    /// How far the document can be trusted for it: certain, high, medium, low, unknown.
    #[arg(long, value_parser = parse_confidence)]
    pub confidence: Option<crate::model::Confidence>,
    #[command(flatten)]
    pub opts: EditOpts,
}

/// `add-relation`: relates two entities and prints the relation.
pub fn add(store: &mut Store, args: AddRelationArgs) -> anyhow::Result<()> {
    author(store, &args.opts);
    let (s, o) = (need(store, &args.subject)?, need(store, &args.object)?);
    let (sn, on) = (store.entity(s)?.name, store.entity(o)?.name);
    let predicate = args.predicate;
    let new = NewRelation {
        known: None,
        uid: None,
        subject: s.0,
        predicate: predicate.clone(),
        object: o.0,
        role: args.role,
        date_start: args.start,
        date_end: args.end,
        note: args.note,
        allow_kind_mismatch: args.force,
    };
    let rid = store.edit(&format!("relate \"{sn}\" {predicate} \"{on}\""), |w| {
        w.add_relation(&new)
    });
    let rid = confirmable(rid)?;
    let uid = store.relation_uid(rid)?;
    print_relation(store, &uid, args.opts.json)
}

/// `edit-relation`: changes a relation's role, dates or note and prints it.
pub fn edit(store: &mut Store, args: EditRelationArgs) -> anyhow::Result<()> {
    author(store, &args.opts);
    let uid = args.uid;
    relation_id(store, &uid)?;
    let patch = RelationPatch {
        role: args.role,
        date_start: args.start,
        date_end: args.end,
        note: args.note,
    };
    store.edit("edit relation", |w| {
        if w.update_relation(&uid, &patch)? {
            Ok(())
        } else {
            Err(crate::store::StoreError::Rule(
                crate::store::validate::Rule::NothingToChange,
            ))
        }
    })?;
    print_relation(store, &uid, args.opts.json)
}

/// `remove-relation`: removes one relation (by uid, or the only one between SUBJECT and
/// OBJECT with that PREDICATE) and prints its uid.
pub fn remove(store: &mut Store, args: RemoveRelationArgs) -> anyhow::Result<()> {
    author(store, &args.opts);
    let uid = relation_to_remove(store, args.first, args.predicate, args.object)?;
    let info = store.edit("remove relation", |w| {
        w.delete_relation(&uid)?;
        Ok(())
    });
    info?;
    let mut out = std::io::stdout().lock();
    if args.opts.json {
        writeln!(out, "{}", serde_json::json!({ "removed": uid }))?;
    } else {
        writeln!(out, "removed relation [{uid}]")?;
    }
    Ok(())
}

/// The uid of the relation `remove-relation` names: `first` itself when it comes alone,
/// else the only relation `first PREDICATE OBJECT`.
fn relation_to_remove(
    store: &Store,
    first: String,
    predicate: Option<String>,
    object: Option<String>,
) -> anyhow::Result<String> {
    match (predicate, object) {
        (None, None) => {
            relation_id(store, &first)?;
            Ok(first)
        }
        (Some(p), Some(o)) => {
            let (s, o) = (need(store, &first)?, need(store, &o)?);
            let found = store.relations_between(s, &p, o)?;
            match found.as_slice() {
                [] => Err(NotFound(format!("{first} {p} {o:?}")).into()),
                [one] => Ok(one.clone()),
                many => bail!(
                    "{} relations match; remove one by uid: {}",
                    many.len(),
                    many.join(", ")
                ),
            }
        }
        _ => bail!("give a relation uid, or SUBJECT PREDICATE OBJECT"),
    }
}

fn parse_confidence(s: &str) -> Result<crate::model::Confidence, String> {
    crate::model::Confidence::parse(s)
        .ok_or_else(|| "use certain, high, medium, low or unknown".to_owned())
}

/// `cite`: cites a document for a relation or an entity and prints what it supports.
pub fn cite(store: &mut Store, args: CiteArgs) -> anyhow::Result<()> {
    author(store, &args.opts);
    let source = need(store, &args.source)?;
    let (target, shown) = match (args.relation, args.entity) {
        (Some(r), None) => (CitationTarget::Relation(relation_id(store, &r)?.0), None),
        (None, Some(e)) => {
            let id = need(store, &e)?;
            (CitationTarget::Entity(id.0), Some(id))
        }
        _ => bail!("cite needs --relation UID or --entity NAME"),
    };
    let citation = NewCitation {
        uid: None,
        target,
        source,
        locator: args.locator,
        quote: args.quote,
        confidence: args.confidence,
    };
    store.edit("cite a source", |w| w.add_citation(&citation))?;
    match (shown, target) {
        (Some(id), _) => print_entity(store, id, args.opts.json, "cited for")?,
        (None, CitationTarget::Relation(rid)) => {
            let uid = store.relation_uid(rid)?;
            print_relation(store, &uid, args.opts.json)?;
        }
        (None, CitationTarget::Entity(_)) => {}
    }
    Ok(())
}
