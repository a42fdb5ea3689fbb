//! Writing a [`Document`] into the knowledge base as one edit, all or nothing: rows are
//! matched to what the file holds (by uid; an entity also by its folded name or other
//! name within its kind), a match is skipped, updated or only filled in as the person
//! chose, and every problem (unknown kind, bad date, a reference to nothing, a name two
//! entities share) is listed with where it is. Any problem, or a dry run, writes nothing.

use super::bloom::Bloom;
use super::validate::{KnownEnds, Rule};
use super::write::{CitationTarget, NewCitation, NewEntity, NewRelation, Writer};
use super::{Result, Store, StoreError};
use crate::model::EntityId;
use crate::model::document::{DocCitation, DocEntity, DocRelation, Document};
use crate::text;
use rusqlite::OptionalExtension;
use std::collections::HashMap;
use std::sync::Arc;

mod matching;

/// Told (rows done, rows in all) as an import goes; answers whether to go on.
pub type Progress<'a> = &'a mut dyn FnMut(usize, usize) -> bool;

/// What to do with an entity of the document that the file already holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnDuplicate {
    /// Keep the file's entity as it is.
    #[default]
    Skip,
    /// Overwrite its fields with the document's (those the document gives).
    Update,
    /// Give it only the fields it lacks.
    Fill,
}

/// How to import.
#[derive(Clone, Copy, Debug, Default)]
pub struct ImportOptions {
    /// What to do with entities the file already holds.
    pub on_duplicate: OnDuplicate,
    /// Check everything and report, writing nothing.
    pub dry_run: bool,
    /// Refuse links between kinds their type does not expect (rows typed by people);
    /// a document's own links were accepted where it was made.
    pub check_kinds: bool,
    /// Record the new rows as id ranges, not row images (large imports): still one edit,
    /// undone in one step, but History lists no rows.
    pub bulk: bool,
}

/// Something wrong in the document, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// What kind of row: "entity", "relation", "citation", "alias", "kind", "predicate".
    pub row_kind: &'static str,
    /// Its place in its list, from 1.
    pub row: usize,
    /// Its uid or name, to find it.
    pub what: String,
    /// The column, for a sheet's cell.
    pub column: Option<String>,
    /// What is wrong, in English.
    pub message: String,
    /// The rule broken, to say it in the interface's language.
    pub rule: Option<Rule>,
}

impl Problem {
    /// A problem from an error met writing row `row` (from 0).
    pub fn of(row_kind: &'static str, row: usize, what: &str, error: &StoreError) -> Self {
        Problem {
            row_kind,
            row: row + 1,
            what: what.to_owned(),
            column: None,
            message: error.to_string(),
            rule: match error {
                StoreError::Rule(rule) => Some(rule.clone()),
                _ => None,
            },
        }
    }

    /// What is wrong, in `lang` when a rule says it.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        self.rule
            .as_ref()
            .map_or_else(|| self.message.clone(), |r| r.message(lang))
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ({})", self.row_kind, self.row, self.what)?;
        if let Some(c) = &self.column {
            write!(f, ", {c}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A value of an entity already in the file that an import replaces or fills in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overwrite {
    /// The entity's name in the file.
    pub entity: String,
    /// The field (`name`, `summary`, `date_start`…, or `properties`).
    pub field: &'static str,
    /// Its value in the file ("" when empty).
    pub before: String,
    /// The document's.
    pub after: String,
}

/// What an import did, or would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Entities added.
    pub new_entities: usize,
    /// Entities the file already held.
    pub matching_entities: usize,
    /// Of those, how many were changed (update or fill).
    pub changed_entities: usize,
    /// Relations added.
    pub new_relations: usize,
    /// Relations the file already held.
    pub matching_relations: usize,
    /// Citations added.
    pub new_citations: usize,
    /// Other names added.
    pub new_aliases: usize,
    /// Kinds and predicates added.
    pub new_vocabulary: usize,
    /// The values of entities already there that the import changes (update or fill).
    pub overwrites: Vec<Overwrite>,
    /// What is wrong; when any, nothing was written.
    pub problems: Vec<Problem>,
    /// The edit made (`None` for a dry run or a refused import).
    pub edit: Option<i64>,
}

impl Store {
    /// Imports `doc` as one edit described by `description`. With problems, or for a dry
    /// run, nothing is written and the report says what would have been done.
    pub fn import_document(
        &mut self,
        doc: &Document,
        options: ImportOptions,
        description: &str,
    ) -> Result<ImportReport> {
        self.import_document_with(doc, options, description, &mut |_, _| true)
    }

    /// [`Store::import_document`], telling `progress` (rows done, rows in all) as it goes;
    /// when it answers `false` the import stops, nothing written
    /// ([`StoreError::Interrupted`]).
    pub fn import_document_with(
        &mut self,
        doc: &Document,
        options: ImportOptions,
        description: &str,
        progress: Progress<'_>,
    ) -> Result<ImportReport> {
        self.import_with(options, description, |import| {
            import.document(doc, progress)
        })
    }

    /// Imports what `feed` gives an [`Importer`] as one edit: with problems, or for a dry
    /// run, nothing is written and the report says what would have been done. An import
    /// that changes nothing is no edit.
    pub fn import_with(
        &mut self,
        options: ImportOptions,
        description: &str,
        feed: impl FnOnce(&mut Importer<'_, '_>) -> Result<()>,
    ) -> Result<ImportReport> {
        let mut report = ImportReport::default();
        if options.bulk {
            // Less than generation takes: an import keeps under 300 MB.
            self.tune_for_bulk(128)?;
        }
        let edit = |w: &mut Writer<'_>| {
            let mut import = Importer::new(w, options)?;
            feed(&mut import)?;
            report = import.finish();
            if report.problems.is_empty() && !options.dry_run && w.change_count() > 0 {
                Ok(w.edit_id())
            } else {
                // Rolled back: the report is all that remains.
                Err(StoreError::Invalid(String::new()))
            }
        };
        let result = if options.bulk {
            self.edit_in_bulk(description, edit)
        } else {
            self.edit(description, edit)
        };
        match result {
            Ok(edit) => report.edit = Some(edit),
            Err(StoreError::Invalid(s)) if s.is_empty() => {}
            Err(e) => return Err(e),
        }
        Ok(report)
    }
}

impl Writer<'_> {
    /// Writes `doc` into this edit, matching what exists; problems are collected, not
    /// returned as errors, and the caller rolls back when there are any.
    pub fn write_document(
        &mut self,
        doc: &Document,
        on_duplicate: OnDuplicate,
    ) -> Result<ImportReport> {
        let options = ImportOptions {
            on_duplicate,
            ..ImportOptions::default()
        };
        let mut import = Importer::new(self, options)?;
        import.document(doc, &mut |_, _| true)?;
        Ok(import.finish())
    }
}

/// An import under way inside one edit. Rows come in order: vocabulary, then each entity
/// (with its other names), then citations and relations, which may refer to any entity
/// given before. Each is matched to what the file holds, and what is wrong is collected
/// as a [`Problem`] of the row given, never returned as an error: the caller rolls back
/// when there are any. Lookups go to the file (the rows added so far are in it), so a
/// streamed import of millions of rows keeps little in memory.
pub struct Importer<'w, 'a> {
    w: &'w mut Writer<'a>,
    options: ImportOptions,
    /// The largest entity id before the import: names are matched among those.
    held: i64,
    report: ImportReport,
    /// Document uids of entities matched to the file's under another uid.
    matched: HashMap<String, EntityId>,
    /// Folded names of the document's entities matched to the file's, for relations
    /// that name them.
    matched_names: HashMap<String, Vec<EntityId>>,
    /// The entities this import added under uids of the usual form, by uid (as a
    /// number): their id and kind, without a query. Relations name them most.
    added: foldhash::HashMap<u128, (i64, u16)>,
    /// The kinds of `added`, by number.
    kinds: Vec<Arc<str>>,
    /// The kinds each predicate accepts, read once per predicate.
    predicates: HashMap<String, Arc<super::validate::PredicateKinds>>,
    /// Whether the file held relations before the import.
    relations_held: bool,
    /// The uids and the (subject, predicate, object) of the relations this import added:
    /// a new link is looked for in the file only when it may be one of them (or the
    /// file's own).
    relation_uids: Bloom,
    links: Bloom,
}

/// The entity indexes by folded name, set aside while a bulk import fills an empty file.
const NAME_INDEXES: [&str; 2] = ["entity_folded", "entity_kind_folded"];

/// A uid of the form Lienket writes (a UUID, hyphenated, lower case) as a number; any
/// other text is not taken for one, so two spellings never meet.
fn uid_number(uid: &str) -> Option<u128> {
    let canonical = uid.len() == 36 && !uid.bytes().any(|b| b.is_ascii_uppercase());
    canonical
        .then(|| uuid::Uuid::try_parse(uid).ok())
        .flatten()
        .map(|u| u.as_u128())
}

impl<'w, 'a> Importer<'w, 'a> {
    /// Starts an import in the edit `w` (recording new rows as id ranges when
    /// `options.bulk`).
    pub fn new(w: &'w mut Writer<'a>, options: ImportOptions) -> Result<Self> {
        let held: i64 = w
            .tx()
            .query_row("SELECT coalesce(max(id), 0) FROM entity", [], |r| r.get(0))?;
        let relations_held =
            w.tx()
                .query_row("SELECT EXISTS (SELECT 1 FROM relation)", [], |r| r.get(0))?;
        if options.bulk {
            w.record_in_bulk();
            // Into a file without entities, names are matched only among the rows this
            // import adds, and only for links that name their ends: the name indexes are
            // built once at the end, or at that first link.
            if held == 0 {
                w.defer_indexes(&NAME_INDEXES)?;
            }
        }
        Ok(Importer {
            w,
            options,
            held,
            report: ImportReport::default(),
            matched: HashMap::new(),
            matched_names: HashMap::new(),
            added: Default::default(),
            kinds: Vec::new(),
            predicates: HashMap::new(),
            relations_held,
            relation_uids: Bloom::new(),
            links: Bloom::new(),
        })
    }

    /// What the import did so far; its problems when any.
    pub fn finish(self) -> ImportReport {
        self.report
    }

    /// The problems so far.
    pub fn problems(&self) -> &[Problem] {
        &self.report.problems
    }

    /// The problems so far, to say more about where they are.
    pub fn problems_mut(&mut self) -> &mut [Problem] {
        &mut self.report.problems
    }

    /// Adds a problem found outside (a cell that could not be read).
    pub fn problem(&mut self, p: Problem) {
        self.report.problems.push(p);
    }

    fn fail(&mut self, row_kind: &'static str, row: usize, what: &str, error: StoreError) {
        self.report
            .problems
            .push(Problem::of(row_kind, row, what, &error));
    }

    /// Writes a whole document: vocabulary, entities, citations, relations, and the
    /// pairs marked as not duplicates and warnings dismissed. `progress` is told after
    /// each entity and relation.
    pub fn document(&mut self, doc: &Document, progress: Progress<'_>) -> Result<()> {
        let total = doc.entities.len() + doc.relations.len();
        let mut done = 0usize;
        let mut step = |progress: &mut dyn FnMut(usize, usize) -> bool| -> Result<()> {
            done += 1;
            if progress(done, total) {
                Ok(())
            } else {
                Err(StoreError::Interrupted)
            }
        };
        for (i, k) in doc.kinds.iter().enumerate() {
            self.kind(i, k)?;
        }
        for (i, p) in doc.predicates.iter().enumerate() {
            self.predicate(i, p)?;
        }
        for (i, e) in doc.entities.iter().enumerate() {
            step(progress)?;
            self.entity(i, e)?;
        }
        for (i, e) in doc.entities.iter().enumerate() {
            self.entity_citations(i, e)?;
        }
        for (i, r) in doc.relations.iter().enumerate() {
            step(progress)?;
            self.relation(i, r)?;
        }
        for p in &doc.not_duplicates {
            if let (Some(a), Some(b)) = (self.lookup(&p.a)?, self.lookup(&p.b)?) {
                self.w.mark_not_duplicate_as(
                    a,
                    b,
                    Some(&p.uid).filter(|u| !u.is_empty()).map(String::as_str),
                )?;
            }
        }
        for d in &doc.dismissed_warnings {
            self.w.dismiss_warning_as(
                &d.key,
                Some(&d.uid).filter(|u| !u.is_empty()).map(String::as_str),
            )?;
        }
        Ok(())
    }

    /// Adds kind `k` (row `i`, from 0) unless the file has it.
    pub fn kind(&mut self, i: usize, k: &crate::model::KindInfo) -> Result<()> {
        if self
            .w
            .exists("SELECT 1 FROM kind WHERE name = ?1", &k.name)?
        {
            return Ok(());
        }
        match self.w.add_kind_coloured(
            Some(&k.uid).filter(|u| !u.is_empty()).map(String::as_str),
            &k.name,
            &k.label_vi,
            &k.label_en,
            k.colour.as_deref(),
        ) {
            Ok(()) => self.report.new_vocabulary += 1,
            Err(e) => self.fail("kind", i, &k.name, e),
        }
        Ok(())
    }

    /// Adds link type `p` (row `i`, from 0) unless the file has it.
    pub fn predicate(&mut self, i: usize, p: &crate::model::Predicate) -> Result<()> {
        if self
            .w
            .exists("SELECT 1 FROM predicate WHERE name = ?1", &p.name)?
        {
            return Ok(());
        }
        match self.w.add_predicate(p) {
            Ok(()) => self.report.new_vocabulary += 1,
            Err(e) => self.fail("predicate", i, &p.name, e),
        }
        Ok(())
    }

    /// Matches or adds entity `e` (row `i`, from 0) with its other names. Names are
    /// matched against the entities the file held before: two namesakes of the document
    /// are two entities.
    pub fn entity(&mut self, i: usize, e: &DocEntity) -> Result<Option<EntityId>> {
        let by_uid = self.uid_in_file(&e.uid)?;
        let known =
            self.matched.contains_key(e.uid.as_str()) || by_uid.is_some_and(|id| id.0 > self.held);
        if known {
            let rule = Rule::SameUidTwice(e.uid.clone());
            self.fail("entity", i, &e.uid, rule.into());
            return Ok(None);
        }
        // Website, phone and e-mail are checked as the window's form checks them.
        let bad = e.properties.iter().find_map(|(key, value)| {
            let text = value.as_str()?;
            crate::model::property::problem(key, text).map(|_| (key, text))
        });
        if let Some((key, value)) = bad {
            let rule = Rule::BadProperty {
                key: key.clone(),
                value: value.to_owned(),
            };
            self.fail("entity", i, &e.name, rule.into());
            return Ok(None);
        }
        let found = match by_uid {
            Some(id) => Ok(Some(id)),
            None => self.w.named_in_file(&e.name, Some(&e.kind), self.held),
        };
        let id = match found {
            Err(err @ StoreError::Rule(_)) => {
                self.fail("entity", i, &e.name, err);
                return Ok(None);
            }
            Err(other) => return Err(other),
            Ok(Some(id)) => {
                self.report.matching_entities += 1;
                let same_uid = by_uid == Some(id);
                match self
                    .w
                    .merge_fields(id, e, self.options.on_duplicate, same_uid)
                {
                    Ok(changes) if changes.is_empty() => {}
                    Ok(changes) => {
                        self.report.changed_entities += 1;
                        self.report.overwrites.extend(changes);
                    }
                    Err(err) => self.fail("entity", i, &e.name, err),
                }
                if !same_uid {
                    self.matched.insert(e.uid.clone(), id);
                }
                self.matched_names
                    .entry(text::folded_key(&e.name))
                    .or_default()
                    .push(id);
                id
            }
            Ok(None) => match self.w.add_entity(&NewEntity {
                uid: Some(e.uid.clone()).filter(|u| !u.is_empty()),
                kind: e.kind.clone(),
                name: e.name.clone(),
                name_en: e.name_en.clone(),
                summary: e.summary.clone(),
                date_start: e.date_start.clone(),
                date_end: e.date_end.clone(),
                properties: e.properties.clone(),
                private: e.private,
            }) {
                Ok(id) => {
                    self.report.new_entities += 1;
                    if let Some(n) = uid_number(&e.uid) {
                        let kind = match self.kinds.iter().position(|k| **k == *e.kind) {
                            Some(k) => k,
                            None => {
                                self.kinds.push(e.kind.as_str().into());
                                self.kinds.len() - 1
                            }
                        };
                        self.added
                            .insert(n, (id.0, u16::try_from(kind).unwrap_or(u16::MAX)));
                    }
                    id
                }
                Err(err) => {
                    self.fail("entity", i, &e.name, err);
                    return Ok(None);
                }
            },
        };
        for a in &e.aliases {
            if self
                .w
                .exists("SELECT 1 FROM alias WHERE uid = ?1", &a.uid)?
            {
                continue;
            }
            match self.w.add_alias(
                id,
                &a.name,
                Some(&a.uid).filter(|u| !u.is_empty()).map(String::as_str),
            ) {
                Ok(_) => self.report.new_aliases += 1,
                // The entity has that name already.
                Err(StoreError::Rule(Rule::DuplicateAlias(_))) => {}
                Err(err) => self.fail("alias", i, &a.name, err),
            }
        }
        Ok(Some(id))
    }

    /// Adds the citations of entity `e` (row `i`), once every entity is in.
    pub fn entity_citations(&mut self, i: usize, e: &DocEntity) -> Result<()> {
        let Some(id) = self.lookup(&e.uid)? else {
            return Ok(());
        };
        for c in &e.citations {
            self.cite(i, c, CitationTarget::Entity(id.0))?;
        }
        Ok(())
    }

    /// The entity with this uid in the file. Into a file that held no entity, one this
    /// import added is found without asking the file.
    fn uid_in_file(&self, uid: &str) -> Result<Option<EntityId>> {
        if self.held == 0
            && let Some(n) = uid_number(uid)
        {
            return Ok(self.added.get(&n).map(|&(id, _)| EntityId(id)));
        }
        self.w.entity_with_uid(uid)
    }

    /// The entity a document's uid stands for, in the file.
    fn lookup(&self, uid: &str) -> Result<Option<EntityId>> {
        Ok(self.lookup_kind(uid)?.map(|(id, _)| id))
    }

    /// [`Importer::lookup`], with the entity's kind when this import added it.
    fn lookup_kind(&self, uid: &str) -> Result<Option<(EntityId, Option<Arc<str>>)>> {
        if let Some(&id) = self.matched.get(uid) {
            return Ok(Some((id, None)));
        }
        if let Some(&(id, kind)) = uid_number(uid).and_then(|n| self.added.get(&n)) {
            let kind = self.kinds.get(usize::from(kind)).cloned();
            return Ok(Some((EntityId(id), kind)));
        }
        Ok(self.w.entity_with_uid(uid)?.map(|id| (id, None)))
    }

    /// A relation's end: a uid, or the exact name of one entity (diacritics and case
    /// aside) of the document or, failing that, of the file. Its kind too when this
    /// import added it.
    fn end(&mut self, reference: &str) -> Result<Option<(EntityId, Option<Arc<str>>)>> {
        if let Some(found) = self.lookup_kind(reference)? {
            return Ok(Some(found));
        }
        if self.w.defers_indexes() {
            self.w.restore_indexes()?;
        }
        let folded = text::folded_key(reference);
        let mut ids: Vec<EntityId> = self
            .w
            .tx()
            .prepare_cached("SELECT id FROM entity WHERE folded = ?1 AND id > ?2")?
            .query_map(rusqlite::params![folded, self.held], |r| r.get(0))?
            .map(|id| id.map(EntityId))
            .collect::<rusqlite::Result<_>>()?;
        if let Some(matched) = self.matched_names.get(&folded) {
            for id in matched {
                if !ids.contains(id) {
                    ids.push(*id);
                }
            }
        }
        match ids.as_slice() {
            [id] => Ok(Some((*id, None))),
            [] => Ok(self
                .w
                .named_in_file(reference, None, self.held)?
                .map(|id| (id, None))),
            more => Err(Rule::AmbiguousName {
                name: reference.to_owned(),
                count: more.len(),
            }
            .into()),
        }
    }

    /// Matches or adds relation `r` (row `i`, from 0) with its citations.
    pub fn relation(&mut self, i: usize, r: &DocRelation) -> Result<()> {
        let subject = self.end(&r.subject);
        self.relate(i, subject, r)
    }

    /// [`Importer::relation`] from `subject`, the entity of the row that names the link
    /// ("Đơn vị công tác" on a row of people).
    pub fn relation_from(&mut self, i: usize, subject: EntityId, r: &DocRelation) -> Result<()> {
        self.relate(i, Ok(Some((subject, None))), r)
    }

    fn relate(
        &mut self,
        i: usize,
        subject: Result<Option<(EntityId, Option<Arc<str>>)>>,
        r: &DocRelation,
    ) -> Result<()> {
        let ((s, subject_kind), (o, object_kind)) = match (subject, self.end(&r.object)) {
            (Ok(Some(s)), Ok(Some(o))) => (s, o),
            (Err(err @ StoreError::Rule(_)), _) | (_, Err(err @ StoreError::Rule(_))) => {
                self.fail("relation", i, &r.uid, err);
                return Ok(());
            }
            (Err(e), _) | (_, Err(e)) => return Err(e),
            (s, _) => {
                let missing = if matches!(s, Ok(None)) {
                    &r.subject
                } else {
                    &r.object
                };
                let rule = Rule::UnknownReference(missing.clone());
                self.fail("relation", i, &r.uid, rule.into());
                return Ok(());
            }
        };
        // A link whose two ends the file held before may be the file's own. Any other link
        // can only be one this import added, and so can its uid unless the file held links.
        let link = (s.0, r.predicate.as_str(), o.0);
        let old_end = s.0 <= self.held && o.0 <= self.held;
        let may_exist = old_end
            || self.links.may_hold(&link)
            || (!r.uid.is_empty() && (self.relations_held || self.relation_uids.may_hold(&r.uid)));
        let existing: Option<i64> = if may_exist {
            self.w
                .tx()
                .prepare_cached(
                    "SELECT id FROM relation WHERE uid = ?1
                 UNION ALL SELECT id FROM relation
                   WHERE subject_id = ?2 AND predicate = ?3 AND object_id = ?4
                 LIMIT 1",
                )?
                .query_row(rusqlite::params![r.uid, s.0, r.predicate, o.0], |row| {
                    row.get(0)
                })
                .optional()?
        } else {
            None
        };
        let predicate_kinds = match self.predicates.get(&r.predicate) {
            Some(p) => Some(Arc::clone(p)),
            None => match super::validate::predicate_kinds(self.w.tx(), &r.predicate) {
                Ok(p) => {
                    let p = Arc::new(p);
                    self.predicates.insert(r.predicate.clone(), Arc::clone(&p));
                    Some(p)
                }
                // An unknown predicate is said by the check itself, as for one row.
                Err(_) => None,
            },
        };
        let rid = match existing {
            Some(rid) => {
                self.report.matching_relations += 1;
                rid
            }
            None => match self.w.add_relation(&NewRelation {
                uid: Some(r.uid.clone()).filter(|u| !u.is_empty()),
                subject: s.0,
                predicate: r.predicate.clone(),
                object: o.0,
                role: r.role.clone(),
                date_start: r.date_start.clone(),
                date_end: r.date_end.clone(),
                note: r.note.clone(),
                allow_kind_mismatch: !self.options.check_kinds,
                // Kinds known from this import, and no link of the three yet (just asked).
                known: subject_kind
                    .zip(object_kind)
                    .map(|(subject_kind, object_kind)| KnownEnds {
                        subject_kind,
                        object_kind,
                        no_link_yet: true,
                        predicate_kinds,
                    }),
            }) {
                Ok(rid) => {
                    self.report.new_relations += 1;
                    self.links.insert(&link);
                    self.relation_uids.insert(&r.uid);
                    rid
                }
                Err(err) => {
                    self.fail("relation", i, &r.uid, err);
                    return Ok(());
                }
            },
        };
        for c in &r.citations {
            self.cite(i, c, CitationTarget::Relation(rid))?;
        }
        Ok(())
    }

    /// Adds citation `c` of row `i` unless its uid is known.
    fn cite(&mut self, i: usize, c: &DocCitation, target: CitationTarget) -> Result<()> {
        if self
            .w
            .exists("SELECT 1 FROM citation WHERE uid = ?1", &c.uid)?
        {
            return Ok(());
        }
        let Some(source) = self.lookup(&c.source)? else {
            let rule = Rule::UnknownSource(c.source.clone());
            self.fail("citation", i, &c.uid, rule.into());
            return Ok(());
        };
        match self.w.add_citation(&NewCitation {
            uid: Some(c.uid.clone()).filter(|u| !u.is_empty()),
            target,
            source,
            locator: c.locator.clone(),
            quote: c.quote.clone(),
            confidence: c.confidence,
        }) {
            Ok(_) => self.report.new_citations += 1,
            Err(err) => self.fail("citation", i, &c.uid, err),
        }
        Ok(())
    }
}
