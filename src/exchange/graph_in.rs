//! GraphML read into a document, for simple graphs from Gephi, yEd or networkx: nodes are
//! entities (their name, kind, English name and dates from data keys named so — or
//! "label" for the name — and the node id as uid), edges are relations (the link type
//! from a key named "predicate" or "label", by name or label; a directed edge reads from
//! source to target). Node ids that are Lienket uids are kept, so Lienket's own GraphML
//! export reads back onto the same entities; other ids ("n0") get fresh uids.

use super::ReadError;
use crate::model::document::{DocEntity, DocRelation, Document, FORMAT};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// The value of attribute `name` of an element.
fn attribute(
    e: &BytesStart<'_>,
    name: &[u8],
    decoder: quick_xml::encoding::Decoder,
) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.decode_and_unescape_value(decoder)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A GraphML file as a document; `kind` for nodes that say none, `predicate` turns the
/// name or label an edge gives into a link type's name.
pub fn read_graphml(
    text: &str,
    kind: &str,
    predicate: &dyn Fn(&str) -> Option<String>,
) -> Result<Document, ReadError> {
    let bad =
        |e: &dyn std::fmt::Display| ReadError::Shape(format!("not GraphML Lienket can read: {e}"));
    let mut reader = quick_xml::Reader::from_str(text);
    // Key id → attribute name ("d0" → "label").
    let mut keys: HashMap<String, String> = HashMap::new();
    let mut doc = Document {
        format: FORMAT,
        ..Document::default()
    };
    // The element data is read into: (is a node, its attributes so far).
    let mut current: Option<(bool, HashMap<String, String>)> = None;
    let mut data_key: Option<String> = None;
    let mut value = String::new();
    let mut graphml = false;
    loop {
        let event = reader.read_event().map_err(|e| bad(&e))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                match e.local_name().as_ref() {
                    b"graphml" => graphml = true,
                    b"key" => {
                        if let (Some(id), Some(name)) = (
                            attribute(&e, b"id", reader.decoder()),
                            attribute(&e, b"attr.name", reader.decoder()),
                        ) {
                            keys.insert(id, name);
                        }
                    }
                    b"node" => {
                        let mut a = HashMap::new();
                        a.insert(
                            "id".into(),
                            attribute(&e, b"id", reader.decoder()).unwrap_or_default(),
                        );
                        current = Some((true, a));
                    }
                    b"edge" => {
                        let mut a = HashMap::new();
                        for k in ["id", "source", "target"] {
                            a.insert(
                                k.into(),
                                attribute(&e, k.as_bytes(), reader.decoder()).unwrap_or_default(),
                            );
                        }
                        current = Some((false, a));
                    }
                    b"data" => {
                        data_key = attribute(&e, b"key", reader.decoder());
                        value.clear();
                    }
                    _ => {}
                }
                // `<node id="a"/>`: no end tag to wait for.
                if empty && let Some((is_node, a)) = current.take() {
                    push(&mut doc, is_node, a, kind, predicate);
                }
            }
            Event::Text(t) if data_key.is_some() => {
                value.push_str(&t.decode().map_err(|e| bad(&e))?);
            }
            Event::GeneralRef(r) if data_key.is_some() => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    value.push(c);
                } else {
                    value.push(match r.decode().map_err(|e| bad(&e))?.as_ref() {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        _ => '\'',
                    });
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"data" => {
                    if let (Some(key), Some((_, a))) = (data_key.take(), current.as_mut()) {
                        let name = keys.get(&key).cloned().unwrap_or(key);
                        a.insert(name, value.trim().to_owned());
                    }
                }
                b"node" | b"edge" => {
                    if let Some((is_node, a)) = current.take() {
                        push(&mut doc, is_node, a, kind, predicate);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !graphml {
        return Err(ReadError::Shape("not a GraphML file".into()));
    }
    // Ids like "n0" name a node within one graph only: such nodes get uids of their own,
    // so two graphs never match each other's "n0". Lienket's own uids are kept.
    let uid = |id: &str| {
        if uuid::Uuid::parse_str(id).is_ok() {
            id.to_owned()
        } else {
            crate::store::write::new_uid()
        }
    };
    let mut uids: HashMap<String, String> = HashMap::new();
    for e in &mut doc.entities {
        let new = uid(&e.uid);
        uids.insert(std::mem::replace(&mut e.uid, new.clone()), new);
    }
    for r in &mut doc.relations {
        r.uid = uid(&r.uid);
        for end in [&mut r.subject, &mut r.object] {
            if let Some(u) = uids.get(end.as_str()) {
                *end = u.clone();
            }
        }
    }
    Ok(doc)
}

/// A node or edge read whole, into the document.
fn push(
    doc: &mut Document,
    is_node: bool,
    mut a: HashMap<String, String>,
    kind: &str,
    predicate: &dyn Fn(&str) -> Option<String>,
) {
    let mut take = |k: &str| a.remove(k).filter(|v| !v.is_empty());
    if is_node {
        let uid = take("id").unwrap_or_else(crate::store::write::new_uid);
        let name = take("name")
            .or_else(|| take("label"))
            .or_else(|| take("Label"))
            .unwrap_or_else(|| uid.clone());
        doc.entities.push(DocEntity {
            name,
            kind: take("kind")
                .or_else(|| take("type"))
                .unwrap_or_else(|| kind.to_owned()),
            name_en: take("name_en"),
            date_start: take("date_start"),
            date_end: take("date_end"),
            uid,
            ..DocEntity::default()
        });
    } else {
        let said = take("predicate")
            .or_else(|| take("label"))
            .or_else(|| take("Label"))
            .unwrap_or_default();
        doc.relations.push(DocRelation {
            uid: take("id").unwrap_or_else(crate::store::write::new_uid),
            subject: take("source").unwrap_or_default(),
            predicate: predicate(&said).unwrap_or(said),
            object: take("target").unwrap_or_default(),
            role: take("role"),
            date_start: take("date_start"),
            date_end: take("date_end"),
            ..DocRelation::default()
        });
    }
}
