//! The typed operations of an edit: create, change and delete kinds, predicates,
//! entities, aliases, relations and citations, each validated and recorded.

use super::tables::{ALIAS, CITATION, ENTITY, Image, KIND, PREDICATE, RELATION};
use super::{Result, Writer, new_uid};
use crate::model::{Confidence, EntityId};
use crate::store::StoreError;
use crate::store::validate;
use crate::text;
use rusqlite::OptionalExtension;
use serde_json::{Map, Value};

/// An entity to create (also read from the built-in data's JSON, missing fields empty).
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct NewEntity {
    /// Fixed uid (built-in data), or `None` for a fresh one.
    pub uid: Option<String>,
    /// Kind name.
    pub kind: String,
    /// Vietnamese name.
    pub name: String,
    /// English name.
    pub name_en: Option<String>,
    /// Short description.
    pub summary: Option<String>,
    /// Start date (partial).
    pub date_start: Option<String>,
    /// End date (partial).
    pub date_end: Option<String>,
    /// Typed properties.
    pub properties: Map<String, Value>,
    /// Never exported or shared.
    pub private: bool,
}

/// A relation to create.
#[derive(Clone, Debug, Default)]
pub struct NewRelation {
    /// Fixed uid, or `None` for a fresh one.
    pub uid: Option<String>,
    /// Subject.
    pub subject: i64,
    /// Predicate name.
    pub predicate: String,
    /// Object.
    pub object: i64,
    /// Role qualifier.
    pub role: Option<String>,
    /// Start date.
    pub date_start: Option<String>,
    /// End date.
    pub date_end: Option<String>,
    /// Note.
    pub note: Option<String>,
    /// The user confirmed that the predicate may link these kinds.
    pub allow_kind_mismatch: bool,
    /// What the caller knows of the ends already (an import), so checking reads less.
    pub known: Option<crate::store::validate::KnownEnds>,
}

/// A citation to create: which document supports a relation or an entity, where in it,
/// and optionally a short quote.
#[derive(Clone, Debug)]
pub struct NewCitation {
    /// Fixed uid, or `None` for a fresh one.
    pub uid: Option<String>,
    /// What it supports.
    pub target: CitationTarget,
    /// The document entity.
    pub source: EntityId,
    /// Where in the document: a paragraph or page ("đoạn 2", "tr. 14").
    pub locator: Option<String>,
    /// The quoted evidence, if the fact needs it in words.
    pub quote: Option<String>,
    /// How far the source can be trusted for the fact (`None`: not stated).
    pub confidence: Option<Confidence>,
}

impl NewCitation {
    /// A citation of `source` for `target`, with no locator or quote yet.
    pub fn new(target: CitationTarget, source: EntityId) -> Self {
        NewCitation {
            uid: None,
            target,
            source,
            locator: None,
            quote: None,
            confidence: None,
        }
    }
}

/// What a citation supports.
#[derive(Clone, Copy, Debug)]
pub enum CitationTarget {
    /// A relation (row id).
    Relation(i64),
    /// An entity.
    Entity(i64),
}

impl Writer<'_> {
    pub fn add_kind(
        &mut self,
        uid: Option<&str>,
        name: &str,
        label_vi: &str,
        label_en: &str,
    ) -> Result<()> {
        self.add_kind_coloured(uid, name, label_vi, label_en, None)
    }

    /// Adds a kind with the colour its entities are drawn in ("#2f6fb3"; `None`: the
    /// window's own).
    pub fn add_kind_coloured(
        &mut self,
        uid: Option<&str>,
        name: &str,
        label_vi: &str,
        label_en: &str,
        colour: Option<&str>,
    ) -> Result<()> {
        let name = name.trim();
        if name.is_empty() {
            return Err(StoreError::Invalid("a kind needs a name".into()));
        }
        let mut i = Image::new();
        i.insert("name".into(), name.into());
        i.insert(
            "uid".into(),
            uid.map(str::to_owned).unwrap_or_else(new_uid).into(),
        );
        i.insert("label_vi".into(), text::nfc(label_vi).into());
        i.insert("label_en".into(), text::nfc(label_en).into());
        i.insert("colour".into(), colour.map(str::to_owned).into());
        self.insert_image(&KIND, i).map(|_| ())
    }

    /// Adds a predicate.
    pub fn add_predicate(&mut self, p: &crate::model::Predicate) -> Result<()> {
        if p.name.trim().is_empty() {
            return Err(StoreError::Invalid("a predicate needs a name".into()));
        }
        let kinds = |k: &Option<Vec<String>>| -> Value {
            match k {
                Some(v) => Value::String(Value::from(v.clone()).to_string()),
                None => Value::Null,
            }
        };
        let mut i = Image::new();
        i.insert("name".into(), p.name.trim().into());
        i.insert(
            "uid".into(),
            if p.uid.is_empty() {
                new_uid()
            } else {
                p.uid.clone()
            }
            .into(),
        );
        i.insert("label_vi".into(), text::nfc(&p.label_vi).into());
        i.insert("label_en".into(), text::nfc(&p.label_en).into());
        i.insert("inverse_vi".into(), text::nfc(&p.inverse_vi).into());
        i.insert("inverse_en".into(), text::nfc(&p.inverse_en).into());
        i.insert("subject_kinds".into(), kinds(&p.subject_kinds));
        i.insert("object_kinds".into(), kinds(&p.object_kinds));
        self.insert_image(&PREDICATE, i).map(|_| ())
    }

    /// Creates an entity; returns its id.
    pub fn add_entity(&mut self, e: &NewEntity) -> Result<EntityId> {
        let name = validate::name(&e.name)?;
        validate::kind(&self.tx, &e.kind)?;
        let date_start = validate::date(e.date_start.as_deref())?;
        let date_end = validate::date(e.date_end.as_deref())?;
        validate::date_range(date_start.as_deref(), date_end.as_deref())?;
        let name_en = validate::short(e.name_en.as_deref())?;
        let summary = validate::long(e.summary.as_deref())?;
        validate::properties(&e.properties)?;
        let properties = Value::Object(e.properties.clone()).to_string();
        let uid = e.uid.clone().unwrap_or_else(new_uid);
        let folded = self.folded_key(&name);
        if self.in_bulk(&ENTITY) {
            // Recorded as a range: no row image to build (an import adds millions).
            let id = self.insert_entity_row(&super::bulk::EntityRow {
                uid: &uid,
                kind: &e.kind,
                name: &name,
                name_en: name_en.as_deref(),
                folded: &folded,
                summary: summary.as_deref(),
                date_start: date_start.as_deref(),
                date_end: date_end.as_deref(),
                properties: Some(&properties),
                private: e.private,
            })?;
            self.note_bulk_row(&ENTITY, id, &Image::new());
            return Ok(EntityId(id));
        }
        let mut i = Image::new();
        i.insert("uid".into(), uid.into());
        i.insert("kind".into(), e.kind.clone().into());
        i.insert("folded".into(), folded.into());
        i.insert("name".into(), name.into());
        i.insert("name_en".into(), name_en.into());
        i.insert("summary".into(), summary.into());
        i.insert("date_start".into(), date_start.into());
        i.insert("date_end".into(), date_end.into());
        i.insert("properties".into(), properties.into());
        i.insert("private".into(), Value::from(i64::from(e.private)));
        i.insert("created_at".into(), self.now.into());
        i.insert("updated_at".into(), self.now.into());
        let image = self.insert_image(&ENTITY, i)?;
        Ok(EntityId(image["id"].as_i64().unwrap_or_default()))
    }

    /// Changes fields of an entity. `None` leaves a field as it is; `Some("")` clears an
    /// optional field.
    pub fn update_entity(&mut self, id: EntityId, patch: &EntityPatch) -> Result<bool> {
        let uid = self.entity_uid(id.0)?;
        let mut set = Image::new();
        if let Some(name) = &patch.name {
            let name = validate::name(name)?;
            set.insert("folded".into(), text::folded_key(&name).into());
            set.insert("name".into(), name.into());
        }
        if let Some(kind) = &patch.kind {
            validate::kind(&self.tx, kind)?;
            set.insert("kind".into(), kind.clone().into());
        }
        for (col, v) in [
            ("name_en", &patch.name_en),
            ("summary", &patch.summary),
            ("date_start", &patch.date_start),
            ("date_end", &patch.date_end),
        ] {
            if let Some(v) = v {
                let v = if col.starts_with("date") {
                    validate::date(Some(v))?
                } else if col == "name_en" {
                    validate::short(Some(v))?
                } else {
                    validate::long(Some(v))?
                };
                set.insert(col.into(), v.into());
            }
        }
        if patch.date_start.is_some() || patch.date_end.is_some() {
            let (cur_start, cur_end): (Option<String>, Option<String>) = self.tx.query_row(
                "SELECT date_start, date_end FROM entity WHERE id = ?1",
                [id.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let pick = |col: &str, cur: Option<String>| match set.get(col) {
                Some(v) => v.as_str().map(str::to_owned),
                None => cur,
            };
            let (start, end) = (pick("date_start", cur_start), pick("date_end", cur_end));
            validate::date_range(start.as_deref(), end.as_deref())?;
        }
        if let Some(private) = patch.private {
            set.insert("private".into(), Value::from(i64::from(private)));
        }
        if let Some(props) = &patch.properties {
            validate::properties(props)?;
            set.insert(
                "properties".into(),
                Value::Object(props.clone()).to_string().into(),
            );
        }
        set.insert("updated_at".into(), self.now.into());
        let kind_changed = match &patch.kind {
            Some(kind) => {
                self.read_image(&ENTITY, &uid)?
                    .and_then(|i| i.get("kind").and_then(Value::as_str).map(|k| k != kind))
                    == Some(true)
            }
            None => false,
        };
        let changed = self.update_image(&ENTITY, &uid, &set)?;
        if kind_changed {
            // Its relations must still fit the kinds their predicates expect.
            for r in self.uids(
                "SELECT uid FROM relation WHERE subject_id = ?1 OR object_id = ?1",
                id.0,
            )? {
                self.recheck_relation(&r, false)?;
            }
        }
        Ok(changed)
    }

    /// Deletes an entity with its aliases, relations and every citation that refers to it
    /// or to them, each recorded.
    pub fn delete_entity(&mut self, id: EntityId) -> Result<()> {
        let uid = self.entity_uid(id.0)?;
        let citations: Vec<String> = self.uids(
            "SELECT c.uid FROM citation c LEFT JOIN relation r ON c.relation_id = r.id
             WHERE c.entity_id = ?1 OR c.source_id = ?1 OR r.subject_id = ?1 OR r.object_id = ?1",
            id.0,
        )?;
        for c in citations {
            self.delete_image(&CITATION, &c)?;
        }
        for r in self.uids(
            "SELECT uid FROM relation WHERE subject_id = ?1 OR object_id = ?1",
            id.0,
        )? {
            self.delete_image(&RELATION, &r)?;
        }
        for a in self.uids("SELECT uid FROM alias WHERE entity_id = ?1", id.0)? {
            self.delete_image(&ALIAS, &a)?;
        }
        self.remove_document_text(id)?;
        self.delete_image(&ENTITY, &uid)
    }
    /// Adds another name to an entity.
    pub fn add_alias(&mut self, entity: EntityId, name: &str, uid: Option<&str>) -> Result<String> {
        self.entity_uid(entity.0)?;
        let name = validate::name(name)?;
        let taken: bool = self
            .tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM entity WHERE id = ?1 AND name = ?2)
                     OR EXISTS (SELECT 1 FROM alias WHERE entity_id = ?1 AND name = ?2)",
            )?
            .query_row(rusqlite::params![entity.0, name], |r| r.get(0))?;
        if taken {
            return Err(validate::Rule::DuplicateAlias(name).into());
        }
        let mut i = Image::new();
        let uid = uid.map(str::to_owned).unwrap_or_else(new_uid);
        i.insert("uid".into(), uid.clone().into());
        i.insert("entity_id".into(), entity.0.into());
        i.insert("folded".into(), text::folded_key(&name).into());
        i.insert("name".into(), name.into());
        self.insert_image(&ALIAS, i)?;
        Ok(uid)
    }

    /// Removes one of an entity's other names.
    pub fn remove_alias(&mut self, entity: EntityId, name: &str) -> Result<()> {
        let uid: Option<String> = self
            .tx
            .prepare_cached("SELECT uid FROM alias WHERE entity_id = ?1 AND name = ?2")?
            .query_row(rusqlite::params![entity.0, name], |r| r.get(0))
            .optional()?;
        let uid = uid.ok_or_else(|| StoreError::NotFound(name.to_owned()))?;
        self.delete_image(&ALIAS, &uid)
    }

    /// Adds a relation; returns its row id.
    pub fn add_relation(&mut self, r: &NewRelation) -> Result<i64> {
        // The checks below find both ends, or say which is missing.
        let (role, note) = (
            validate::short(r.role.as_deref())?,
            validate::long(r.note.as_deref())?,
        );
        let date_start = validate::date(r.date_start.as_deref())?;
        let date_end = validate::date(r.date_end.as_deref())?;
        validate::relation(
            &self.tx,
            &validate::RelationCheck {
                subject: r.subject,
                predicate: &r.predicate,
                object: r.object,
                role: role.as_deref(),
                date_start: date_start.as_deref(),
                date_end: date_end.as_deref(),
                allow_kind_mismatch: r.allow_kind_mismatch,
                existing: None,
                known: r.known.as_ref(),
            },
        )?;
        let uid = r.uid.clone().unwrap_or_else(new_uid);
        if self.in_bulk(&RELATION) {
            // Recorded as a range: no row image to build (an import adds millions).
            let row = super::bulk::RelationRow {
                uid: &uid,
                subject: r.subject,
                predicate: &r.predicate,
                object: r.object,
                role: role.as_deref(),
                date_start: date_start.as_deref(),
                date_end: date_end.as_deref(),
                note: note.as_deref(),
            };
            let id = self.insert_relation_row(&row)?;
            self.note_bulk_row(&RELATION, id, &Image::new());
            return Ok(id);
        }
        let mut i = Image::new();
        i.insert("uid".into(), uid.into());
        i.insert("subject_id".into(), r.subject.into());
        i.insert("predicate".into(), r.predicate.clone().into());
        i.insert("object_id".into(), r.object.into());
        i.insert("role".into(), role.into());
        i.insert("date_start".into(), date_start.into());
        i.insert("date_end".into(), date_end.into());
        i.insert("note".into(), note.into());
        i.insert("created_at".into(), self.now.into());
        i.insert("updated_at".into(), self.now.into());
        let image = self.insert_image(&RELATION, i)?;
        Ok(image["id"].as_i64().unwrap_or_default())
    }

    /// Removes a relation and its citations.
    pub fn delete_relation(&mut self, uid: &str) -> Result<()> {
        let id: i64 = self
            .tx
            .query_row("SELECT id FROM relation WHERE uid = ?1", [uid], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| StoreError::NotFound(format!("relation {uid}")))?;
        for c in self.uids("SELECT uid FROM citation WHERE relation_id = ?1", id)? {
            self.delete_image(&CITATION, &c)?;
        }
        self.delete_image(&RELATION, uid)
    }

    /// Cites a document for a relation or an entity; returns the citation's uid.
    pub fn add_citation(&mut self, c: &NewCitation) -> Result<String> {
        validate::citation_source(&self.tx, c.source.0)?;
        let uid = c.uid.clone().unwrap_or_else(new_uid);
        let mut i = Image::new();
        i.insert("uid".into(), uid.clone().into());
        match c.target {
            CitationTarget::Relation(r) => {
                i.insert("relation_id".into(), r.into());
                i.insert("entity_id".into(), Value::Null);
            }
            CitationTarget::Entity(e) => {
                self.entity_uid(e)?;
                i.insert("relation_id".into(), Value::Null);
                i.insert("entity_id".into(), e.into());
            }
        }
        i.insert("source_id".into(), c.source.0.into());
        i.insert(
            "locator".into(),
            validate::short(c.locator.as_deref())?.into(),
        );
        i.insert("quote".into(), validate::long(c.quote.as_deref())?.into());
        i.insert(
            "confidence".into(),
            c.confidence.map(Confidence::as_str).into(),
        );
        self.insert_image(&CITATION, i)?;
        Ok(uid)
    }
}

/// Changes to an entity; `None` fields stay as they are.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EntityPatch {
    /// New name.
    pub name: Option<String>,
    /// New kind.
    pub kind: Option<String>,
    /// New English name (`""` clears it).
    pub name_en: Option<String>,
    /// New summary (`""` clears it).
    pub summary: Option<String>,
    /// New start date (`""` clears it).
    pub date_start: Option<String>,
    /// New end date (`""` clears it).
    pub date_end: Option<String>,
    /// New properties.
    pub properties: Option<Map<String, Value>>,
    /// New private flag.
    pub private: Option<bool>,
}
