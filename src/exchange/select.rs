//! Which part of a document goes out: the whole base or the neighbourhood of an entity
//! (to a depth, with the documents its facts cite), private entities and private
//! properties left out unless chosen, and the counts of both.

use crate::model::PRIVATE_PROPERTIES;
use crate::model::document::{DocCitation, Document};
use std::collections::{HashMap, HashSet};

/// The part of a knowledge base an export takes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Selection {
    /// Everything.
    #[default]
    All,
    /// Entities (by uid) and every entity within `depth` links of one of them.
    Around {
        /// The entities' uids.
        uids: Vec<String>,
        /// How many links away, at least 0.
        depth: usize,
    },
}

impl Selection {
    /// The entities and depth of a saved selection, those deleted since left out.
    pub fn saved(store: &crate::store::Store, saved: &crate::store::SavedSelection) -> Self {
        Selection::Around {
            uids: saved
                .entities
                .iter()
                .filter(|uid| matches!(store.entity_by_uid(uid), Ok(Some(_))))
                .cloned()
                .collect(),
            depth: saved.depth,
        }
    }
}

/// What an export writes and what it left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Entities written.
    pub entities: usize,
    /// Relations written.
    pub relations: usize,
    /// Citations written.
    pub citations: usize,
    /// Private entities left out.
    pub private_entities: usize,
    /// Private properties left out (of the entities written).
    pub private_properties: usize,
}

/// The part of `doc` that `selection` names, private data left out unless included.
pub fn select(
    mut doc: Document,
    selection: &Selection,
    include_private: bool,
) -> anyhow::Result<(Document, Counts)> {
    let mut counts = Counts::default();
    let private: HashSet<String> = doc
        .entities
        .iter()
        .filter(|e| e.private && !include_private)
        .map(|e| e.uid.clone())
        .collect();
    let mut keep: HashSet<String> = match selection {
        Selection::All => doc.entities.iter().map(|e| e.uid.clone()).collect(),
        Selection::Around { uids, depth } => {
            if let Some(uid) = uids
                .iter()
                .find(|u| !doc.entities.iter().any(|e| &e.uid == *u))
            {
                anyhow::bail!("no entity with uid {uid}");
            }
            if let Some(e) = doc
                .entities
                .iter()
                .find(|e| uids.contains(&e.uid) && private.contains(&e.uid))
            {
                anyhow::bail!(
                    "“{}” is private: it is exported only with private data included (--include-private)",
                    e.name
                );
            }
            let (keep, passed) = around(&doc, uids, *depth, &private);
            counts.private_entities = passed;
            keep
        }
    };
    counts.private_entities += keep.iter().filter(|u| private.contains(*u)).count();
    keep.retain(|u| !private.contains(u));
    // The documents cited by what is kept go too, so no citation points nowhere.
    let cited: Vec<String> = doc
        .relations
        .iter()
        .filter(|r| keep.contains(&r.subject) && keep.contains(&r.object))
        .flat_map(|r| r.citations.iter())
        .chain(
            doc.entities
                .iter()
                .filter(|e| keep.contains(&e.uid))
                .flat_map(|e| e.citations.iter()),
        )
        .map(|c| c.source.clone())
        .filter(|s| !private.contains(s))
        .collect();
    keep.extend(cited);
    let cites_kept = |c: &DocCitation| keep.contains(&c.source);
    doc.entities.retain(|e| keep.contains(&e.uid));
    if let Selection::Around { uids, .. } = selection {
        // The entities chosen come first, in their order (a handout opens on them).
        doc.entities
            .sort_by_key(|e| uids.iter().position(|u| *u == e.uid).unwrap_or(usize::MAX));
    }
    for e in &mut doc.entities {
        e.citations.retain(cites_kept);
        if !include_private {
            counts.private_properties += strip_private_properties(&mut e.properties);
        }
    }
    doc.relations
        .retain(|r| keep.contains(&r.subject) && keep.contains(&r.object));
    for r in &mut doc.relations {
        r.citations.retain(cites_kept);
    }
    doc.not_duplicates
        .retain(|p| keep.contains(&p.a) && keep.contains(&p.b));
    if *selection != Selection::All {
        // Dismissed warnings name rows of the whole base: they stay with it.
        doc.dismissed_warnings.clear();
    }
    counts.entities = doc.entities.len();
    counts.relations = doc.relations.len();
    counts.citations = doc
        .entities
        .iter()
        .map(|e| e.citations.len())
        .sum::<usize>()
        + doc
            .relations
            .iter()
            .map(|r| r.citations.len())
            .sum::<usize>();
    Ok((doc, counts))
}

/// The entities within `depth` links of one of `starts`, never through a private one;
/// and how many private entities were within reach and left out.
fn around(
    doc: &Document,
    starts: &[String],
    depth: usize,
    private: &HashSet<String>,
) -> (HashSet<String>, usize) {
    let mut links: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in &doc.relations {
        links.entry(&r.subject).or_default().push(&r.object);
        links.entry(&r.object).or_default().push(&r.subject);
    }
    let mut seen: HashSet<String> = starts.iter().cloned().collect();
    let mut passed: HashSet<&str> = HashSet::new();
    let mut frontier: Vec<&str> = starts.iter().map(String::as_str).collect();
    for _ in 0..depth {
        let mut next = Vec::new();
        for uid in frontier {
            for &other in links.get(uid).into_iter().flatten() {
                if private.contains(other) {
                    passed.insert(other);
                } else if seen.insert(other.to_owned()) {
                    next.push(other);
                }
            }
        }
        frontier = next;
    }
    (seen, passed.len())
}

/// Removes the properties an entity keeps private (and the list naming them); how many.
pub fn strip_private_properties(
    properties: &mut serde_json::Map<String, serde_json::Value>,
) -> usize {
    let Some(list) = properties.remove(PRIVATE_PROPERTIES) else {
        return 0;
    };
    let keys = private_keys(&list);
    keys.iter()
        .filter(|k| properties.remove(k.as_str()).is_some())
        .count()
}

/// The keys a `_private` value names: a list, or (typed by hand) a JSON list or words
/// separated by commas, bars or spaces in one text.
pub fn private_keys(list: &serde_json::Value) -> Vec<String> {
    match list {
        serde_json::Value::Array(keys) => keys
            .iter()
            .filter_map(|k| k.as_str().map(str::to_owned))
            .collect(),
        serde_json::Value::String(text) => match serde_json::from_str::<Vec<String>>(text) {
            Ok(keys) => keys,
            Err(_) => text
                .split([',', '|', ' '])
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .map(str::to_owned)
                .collect(),
        },
        _ => Vec::new(),
    }
}
