//! Merging two entities and the smaller edits that need row-level access (changing a
//! relation, removing an alias or a citation). Every row change goes through the
//! recorded write path of [`super::write`], so a merge is one edit that undo reverts.

use super::validate;
use super::write::{ALIAS, CITATION, ENTITY, Image, RELATION, Writer};
use super::{Result, StoreError};
use crate::model::EntityId;
use crate::text;
use rusqlite::OptionalExtension;
use serde_json::{Map, Value};

/// Changes to a relation; `None` fields stay as they are, `Some("")` clears.
#[derive(Clone, Debug, Default)]
pub struct RelationPatch {
    /// New role.
    pub role: Option<String>,
    /// New start date.
    pub date_start: Option<String>,
    /// New end date (a relation with an end date is former).
    pub date_end: Option<String>,
    /// New note.
    pub note: Option<String>,
}

/// What a merge did, for reports.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct MergeReport {
    /// Relations moved to the survivor.
    pub relations_moved: usize,
    /// Relations that duplicated one of the survivor's (their citations were kept on it).
    pub relations_folded: usize,
    /// Relations between the two entities (they would link the survivor to itself).
    pub relations_dropped: usize,
    /// Aliases moved.
    pub aliases_moved: usize,
    /// Citations moved.
    pub citations_moved: usize,
}

struct RelRow {
    id: i64,
    uid: String,
    subject: i64,
    predicate: String,
    object: i64,
    role: Option<String>,
    date_start: Option<String>,
    date_end: Option<String>,
}

impl Writer<'_> {
    /// Changes a relation's qualifiers, validated like a new relation.
    pub fn update_relation(&mut self, uid: &str, patch: &RelationPatch) -> Result<bool> {
        let image = self
            .read_image(&RELATION, uid)?
            .ok_or_else(|| StoreError::NotFound(format!("relation {uid}")))?;
        let text_of = |k: &str| image.get(k).and_then(Value::as_str).map(str::to_owned);
        let role = match &patch.role {
            Some(r) => validate::short(Some(r))?,
            None => text_of("role"),
        };
        let note = match &patch.note {
            Some(n) => validate::long(Some(n))?,
            None => text_of("note"),
        };
        let date_start = match &patch.date_start {
            Some(d) => validate::date(Some(d))?,
            None => text_of("date_start"),
        };
        let date_end = match &patch.date_end {
            Some(d) => validate::date(Some(d))?,
            None => text_of("date_end"),
        };
        let mut set = Image::new();
        set.insert("role".into(), role.into());
        set.insert("note".into(), note.into());
        set.insert("date_start".into(), date_start.into());
        set.insert("date_end".into(), date_end.into());
        set.insert("updated_at".into(), super::write::now_ms().into());
        let changed = self.update_image(&RELATION, uid, &set)?;
        // Checked as written; a broken rule fails the edit, which rolls the update back.
        self.revalidate_relation(uid)?;
        Ok(changed)
    }

    /// Checks a relation already in the table against the rules (after a revert put it
    /// back, or an edit or merge changed it), allowing a kind mismatch the user once
    /// confirmed.
    pub(super) fn revalidate_relation(&self, uid: &str) -> Result<()> {
        self.recheck_relation(uid, true)
    }

    /// Checks a relation already in the table against the rules; a kind the predicate
    /// does not expect is refused unless `allow_kind_mismatch` (after an entity's kind
    /// changed, say).
    pub(super) fn recheck_relation(&self, uid: &str, allow_kind_mismatch: bool) -> Result<()> {
        let image = self
            .read_image(&RELATION, uid)?
            .ok_or_else(|| StoreError::NotFound(format!("relation {uid}")))?;
        let text_of = |k: &str| image.get(k).and_then(Value::as_str);
        let num = |k: &str| image.get(k).and_then(Value::as_i64).unwrap_or_default();
        validate::relation(
            self.tx(),
            &validate::RelationCheck {
                subject: num("subject_id"),
                predicate: text_of("predicate").unwrap_or_default(),
                object: num("object_id"),
                role: text_of("role"),
                date_start: text_of("date_start"),
                date_end: text_of("date_end"),
                allow_kind_mismatch,
                existing: Some(num("id")),
                known: None,
            },
        )?;
        Ok(())
    }

    /// Removes an alias.
    pub fn delete_alias(&mut self, uid: &str) -> Result<()> {
        self.delete_image(&ALIAS, uid)
    }

    /// Removes a citation.
    pub fn delete_citation(&mut self, uid: &str) -> Result<()> {
        self.delete_image(&CITATION, uid)
    }

    /// (uid, folded name) of an entity's aliases.
    fn aliases_folded(&self, entity: i64) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .tx()
            .prepare_cached("SELECT uid, folded FROM alias WHERE entity_id = ?1")?;
        let rows = stmt
            .query_map([entity], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn relations_of(&self, id: i64) -> Result<Vec<RelRow>> {
        let mut stmt = self.tx().prepare_cached(
            "SELECT id, uid, subject_id, predicate, object_id, role, date_start, date_end
             FROM relation WHERE subject_id = ?1 OR object_id = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(RelRow {
                    id: r.get(0)?,
                    uid: r.get(1)?,
                    subject: r.get(2)?,
                    predicate: r.get(3)?,
                    object: r.get(4)?,
                    role: r.get(5)?,
                    date_start: r.get(6)?,
                    date_end: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    fn set_column(
        &mut self,
        t: &super::write::Table,
        uid: &str,
        column: &str,
        v: Value,
    ) -> Result<bool> {
        let mut set = Image::new();
        set.insert(column.into(), v);
        self.update_image(t, uid, &set)
    }

    /// Merges `other` into `keep`: relations, aliases, citations and properties move to
    /// the survivor, `other`'s names become aliases, empty fields of the survivor are
    /// filled from `other`, and `other` is deleted. Nothing is lost: a relation that would
    /// duplicate one of the survivor's hands its citations over; one between the two
    /// entities (it would link the survivor to itself) is removed, as the merge says the
    /// two are one.
    /// Entities of different kinds are merged only with `allow_kind_mismatch` (the
    /// user confirmed); a merge that would make a loop in a hierarchy is refused.
    pub fn merge(
        &mut self,
        keep: EntityId,
        other: EntityId,
        allow_kind_mismatch: bool,
    ) -> Result<MergeReport> {
        if keep == other {
            return Err(validate::Rule::MergeIntoItself.into());
        }
        let keep_uid = self.entity_uid(keep.0)?;
        let other_uid = self.entity_uid(other.0)?;
        let keep_img = self
            .read_image(&ENTITY, &keep_uid)?
            .ok_or_else(|| StoreError::NotFound(keep_uid.clone()))?;
        let other_img = self
            .read_image(&ENTITY, &other_uid)?
            .ok_or_else(|| StoreError::NotFound(other_uid.clone()))?;
        let str_of = |img: &Image, k: &str| img.get(k).and_then(Value::as_str).map(str::to_owned);
        let (keep_kind, other_kind) = (
            str_of(&keep_img, "kind").unwrap_or_default(),
            str_of(&other_img, "kind").unwrap_or_default(),
        );
        if keep_kind != other_kind && !allow_kind_mismatch {
            return Err(validate::Rule::MergeKinds {
                keep_kind,
                other_kind,
            }
            .into());
        }
        let is_source = !self
            .uids(
                "SELECT uid FROM citation WHERE source_id = ?1 LIMIT 1",
                other.0,
            )?
            .is_empty();
        if is_source && keep_kind != "document" {
            return Err(validate::Rule::MergeSource {
                other: str_of(&other_img, "name").unwrap_or_default(),
            }
            .into());
        }
        let mut report = MergeReport::default();

        // Relations.
        for r in self.relations_of(other.0)? {
            let subject = if r.subject == other.0 {
                keep.0
            } else {
                r.subject
            };
            let object = if r.object == other.0 {
                keep.0
            } else {
                r.object
            };
            if subject == object {
                for c in self.uids("SELECT uid FROM citation WHERE relation_id = ?1", r.id)? {
                    self.delete_image(&CITATION, &c)?;
                }
                self.delete_image(&RELATION, &r.uid)?;
                report.relations_dropped += 1;
                continue;
            }
            let twin: Option<i64> = self
                .tx()
                .prepare_cached(
                    "SELECT id FROM relation WHERE subject_id = ?1 AND predicate = ?2
                     AND object_id = ?3 AND role IS ?4 AND date_start IS ?5 AND date_end IS ?6
                     AND id <> ?7",
                )?
                .query_row(
                    rusqlite::params![
                        subject,
                        r.predicate,
                        object,
                        r.role,
                        r.date_start,
                        r.date_end,
                        r.id
                    ],
                    |row| row.get(0),
                )
                .optional()?;
            match twin {
                Some(twin) => {
                    for c in self.uids("SELECT uid FROM citation WHERE relation_id = ?1", r.id)? {
                        self.set_column(&CITATION, &c, "relation_id", twin.into())?;
                    }
                    self.delete_image(&RELATION, &r.uid)?;
                    report.relations_folded += 1;
                }
                None => {
                    let mut set = Image::new();
                    set.insert("subject_id".into(), subject.into());
                    set.insert("object_id".into(), object.into());
                    self.update_image(&RELATION, &r.uid, &set)?;
                    // Moving an end may close a loop in a hierarchy: refuse the merge.
                    self.revalidate_relation(&r.uid)?;
                    report.relations_moved += 1;
                }
            }
        }

        // Citations of the entity, and citations that use it as their source.
        for c in self.uids("SELECT uid FROM citation WHERE entity_id = ?1", other.0)? {
            self.set_column(&CITATION, &c, "entity_id", keep.0.into())?;
            report.citations_moved += 1;
        }
        for c in self.uids("SELECT uid FROM citation WHERE source_id = ?1", other.0)? {
            self.set_column(&CITATION, &c, "source_id", keep.0.into())?;
            report.citations_moved += 1;
        }

        // Names: every name of `other` stays findable on the survivor.
        let mut known: Vec<String> = vec![text::folded_key(
            keep_img
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default(),
        )];
        known.extend(self.aliases_folded(keep.0)?.into_iter().map(|(_, f)| f));
        for (uid, folded) in self.aliases_folded(other.0)? {
            if known.contains(&folded) {
                self.delete_image(&ALIAS, &uid)?;
            } else {
                self.set_column(&ALIAS, &uid, "entity_id", keep.0.into())?;
                known.push(folded);
                report.aliases_moved += 1;
            }
        }
        let mut new_aliases = Vec::new();
        if let Some(name) = str_of(&other_img, "name") {
            new_aliases.push(name);
        }

        // Fields: fill the survivor's gaps; keep both texts where both exist.
        let mut set = Image::new();
        match (str_of(&keep_img, "name_en"), str_of(&other_img, "name_en")) {
            (None, Some(en)) => {
                set.insert("name_en".into(), en.into());
            }
            (Some(a), Some(b)) if a != b => new_aliases.push(b),
            _ => {}
        }
        match (str_of(&keep_img, "summary"), str_of(&other_img, "summary")) {
            (None, Some(s)) => {
                set.insert("summary".into(), s.into());
            }
            (Some(a), Some(b)) if a != b => {
                set.insert("summary".into(), format!("{a}\n\n{b}").into());
            }
            _ => {}
        }
        for col in ["date_start", "date_end"] {
            if str_of(&keep_img, col).is_none()
                && let Some(d) = str_of(&other_img, col)
            {
                set.insert(col.into(), d.into());
            }
        }
        let props = |img: &Image| -> Map<String, Value> {
            img.get("properties")
                .and_then(Value::as_str)
                .and_then(|s| serde_json::from_str(s).ok())
                .unwrap_or_default()
        };
        let mut merged = props(&keep_img);
        let before = merged.clone();
        for (k, v) in props(&other_img) {
            match merged.get(&k) {
                None => {
                    merged.insert(k, v);
                }
                Some(existing) if *existing == v => {}
                Some(_) => {
                    // Both have a different value: keep the survivor's and the other's.
                    let mut n = 2;
                    while merged.contains_key(&format!("{k} ({n})")) {
                        n += 1;
                    }
                    merged.insert(format!("{k} ({n})"), v);
                }
            }
        }
        if merged != before {
            set.insert(
                "properties".into(),
                Value::Object(merged).to_string().into(),
            );
        }
        if other_img.get("private").and_then(Value::as_i64) == Some(1) {
            set.insert("private".into(), 1.into());
        }
        if !set.is_empty() {
            set.insert("updated_at".into(), super::write::now_ms().into());
            self.update_image(&ENTITY, &keep_uid, &set)?;
        }

        self.move_document_text(other, keep)?;
        self.delete_image(&ENTITY, &other_uid)?;
        for (i, name) in new_aliases.into_iter().enumerate() {
            let folded = text::folded_key(&name);
            if i == 0 {
                // The merged entity's own name, as written (diacritics included), carries
                // its uid: links and copies that name the old uid reach the survivor.
                // Only a name written exactly as one the survivor has is not repeated.
                match self.add_alias(keep, &name, Some(&other_uid)) {
                    Ok(_) => known.push(folded),
                    Err(StoreError::Rule(validate::Rule::DuplicateAlias(_))) => {
                        // Written exactly as the survivor's name: kept all the same, as
                        // the holder of the old uid.
                        let mut i = Image::new();
                        i.insert("uid".into(), other_uid.clone().into());
                        i.insert("entity_id".into(), keep.0.into());
                        i.insert("folded".into(), folded.clone().into());
                        i.insert("name".into(), name.clone().into());
                        self.insert_image(&ALIAS, i)?;
                    }
                    Err(e) => return Err(e),
                }
            } else if !known.contains(&folded) {
                self.add_alias(keep, &name, None)?;
                known.push(folded);
            }
        }
        Ok(report)
    }
}
