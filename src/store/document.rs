//! The whole knowledge base read as one [`Document`] (rows naming each other by uid), for
//! exports; private rows included — leaving them out is the exporter's choice.

use super::{Result, Store};
use crate::model::Confidence;
use crate::model::document::{
    DocAlias, DocCitation, DocDismissed, DocEntity, DocPair, DocRelation, Document, FORMAT,
};
use std::collections::HashMap;

impl Store {
    /// Everything the file holds that a person made or chose: kinds, predicates, entities
    /// with their other names, relations, citations, "not a duplicate" pairs and dismissed
    /// warnings — not the change log, the search index or the times of writing. Entities
    /// and relations come in the order they were made.
    pub fn document(&self) -> Result<Document> {
        let mut entities: Vec<DocEntity> = self
            .conn
            .prepare(
                "SELECT uid, kind, name, name_en, summary, date_start, date_end, properties,
                        private
                 FROM entity ORDER BY id",
            )?
            .query_map([], |r| {
                let properties: Option<String> = r.get(7)?;
                Ok(DocEntity {
                    uid: r.get(0)?,
                    kind: r.get(1)?,
                    name: r.get(2)?,
                    name_en: r.get(3)?,
                    summary: r.get(4)?,
                    date_start: r.get(5)?,
                    date_end: r.get(6)?,
                    properties: properties
                        .and_then(|p| serde_json::from_str(&p).ok())
                        .unwrap_or_default(),
                    private: r.get(8)?,
                    aliases: Vec::new(),
                    citations: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let at: HashMap<String, usize> = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.uid.clone(), i))
            .collect();
        let mut stmt = self.conn.prepare(
            "SELECT e.uid, a.uid, a.name FROM alias a JOIN entity e ON e.id = a.entity_id
             ORDER BY a.id",
        )?;
        let aliases = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                DocAlias {
                    uid: r.get(1)?,
                    name: r.get(2)?,
                },
            ))
        })?;
        for row in aliases {
            let (owner, alias) = row?;
            if let Some(&i) = at.get(&owner) {
                entities[i].aliases.push(alias);
            }
        }
        let mut relations: Vec<DocRelation> = self
            .conn
            .prepare(
                "SELECT r.uid, s.uid, r.predicate, o.uid, r.role, r.date_start, r.date_end, r.note
                 FROM relation r JOIN entity s ON s.id = r.subject_id
                                 JOIN entity o ON o.id = r.object_id
                 ORDER BY r.id",
            )?
            .query_map([], |r| {
                Ok(DocRelation {
                    uid: r.get(0)?,
                    subject: r.get(1)?,
                    predicate: r.get(2)?,
                    object: r.get(3)?,
                    role: r.get(4)?,
                    date_start: r.get(5)?,
                    date_end: r.get(6)?,
                    note: r.get(7)?,
                    citations: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let rel_at: HashMap<String, usize> = relations
            .iter()
            .enumerate()
            .map(|(i, r)| (r.uid.clone(), i))
            .collect();
        let mut stmt = self.conn.prepare(
            "SELECT c.uid, s.uid, c.locator, c.quote, c.confidence, r.uid, e.uid
             FROM citation c JOIN entity s ON s.id = c.source_id
                             LEFT JOIN relation r ON r.id = c.relation_id
                             LEFT JOIN entity e ON e.id = c.entity_id
             ORDER BY c.id",
        )?;
        let citations = stmt.query_map([], |r| {
            let confidence: Option<String> = r.get(4)?;
            Ok((
                DocCitation {
                    uid: r.get(0)?,
                    source: r.get(1)?,
                    locator: r.get(2)?,
                    quote: r.get(3)?,
                    confidence: confidence.as_deref().and_then(Confidence::parse),
                },
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?;
        for row in citations {
            match row? {
                (c, Some(relation), _) => {
                    if let Some(&i) = rel_at.get(&relation) {
                        relations[i].citations.push(c);
                    }
                }
                (c, None, Some(entity)) => {
                    if let Some(&i) = at.get(&entity) {
                        entities[i].citations.push(c);
                    }
                }
                _ => {}
            }
        }
        let not_duplicates = self
            .conn
            .prepare("SELECT uid, uid_a, uid_b FROM not_duplicate ORDER BY uid")?
            .query_map([], |r| {
                Ok(DocPair {
                    uid: r.get(0)?,
                    a: r.get(1)?,
                    b: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let dismissed_warnings = self
            .conn
            .prepare("SELECT uid, key FROM dismissed_warning ORDER BY uid")?
            .query_map([], |r| {
                Ok(DocDismissed {
                    uid: r.get(0)?,
                    key: r.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Document {
            format: FORMAT,
            kinds: self.kinds()?,
            predicates: self.predicates()?,
            entities,
            relations,
            not_duplicates,
            dismissed_warnings,
        })
    }
}
