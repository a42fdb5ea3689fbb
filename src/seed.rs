//! The built-in knowledge base: facts from the workshop report, stored as data in
//! `assets/seed/knowledge_base.json` (fixed uids, no article text) and embedded in the
//! binary. Loading it is one edit through the normal write path.

use crate::model::document::Document;
use crate::store::write::EditClass;
use crate::store::{OnDuplicate, Result, Store, StoreError};

/// The embedded JSON.
pub const KNOWLEDGE_BASE_JSON: &str = include_str!("../assets/seed/knowledge_base.json");

/// The parsed built-in knowledge base: a [`Document`] like any export.
pub type SeedData = Document;

/// The uid of the news report the built-in knowledge base is drawn from.
pub const REPORT_UID: &str = "7df88604-6910-4718-b932-4c7ac57b1d68";

/// The uid of the workshop the report covers.
pub const WORKSHOP_UID: &str = "78810ee0-2bdf-4008-9438-0399a828f670";

/// What a database holds of the built-in example, for saying so: the report its facts
/// come from and the date they are as of.
#[derive(Clone, Debug, PartialEq)]
pub struct Example {
    /// The report, to cite and open.
    pub report: crate::store::EntityRow,
    /// The workshop's date, as stored (the facts are as of it).
    pub as_of: Option<String>,
}

/// The built-in example in `store`, if it holds it (its report is there).
pub fn example(store: &Store) -> Result<Option<Example>> {
    let Some(report) = store.entity_by_uid(REPORT_UID)? else {
        return Ok(None);
    };
    let as_of = store
        .entity_by_uid(WORKSHOP_UID)?
        .and_then(|e| e.date_start);
    Ok(Some(Example {
        report: crate::store::EntityRow {
            id: report.id,
            uid: report.uid,
            kind: report.kind,
            name: report.name,
            name_en: report.name_en,
            private: report.private,
        },
        as_of,
    }))
}

/// Parses the embedded knowledge base.
pub fn data() -> Result<SeedData> {
    Ok(serde_json::from_str(KNOWLEDGE_BASE_JSON)?)
}

/// Writes the kinds and predicates every database needs (part of the built-in data).
fn write_vocabulary(w: &mut crate::store::Writer<'_>, data: &SeedData) -> Result<()> {
    for k in &data.kinds {
        w.add_kind(Some(&k.uid), &k.name, &k.label_vi, &k.label_en)?;
    }
    for p in &data.predicates {
        w.add_predicate(p)?;
    }
    Ok(())
}

/// Gives an empty database the built-in kinds and predicates only.
pub fn install_vocabulary(store: &mut Store) -> Result<()> {
    let data = data()?;
    store.edit("built-in kinds and predicates", |w| {
        w.set_class(EditClass::Vocabulary)?;
        write_vocabulary(w, &data)
    })
}

/// Fills an empty database with the whole built-in knowledge base: the kinds and
/// predicates (an edit that is never undone), then the rest as one edit.
pub fn install(store: &mut Store) -> Result<()> {
    let data = data()?;
    if store.kinds()?.is_empty() {
        install_vocabulary(store)?;
    }
    install_base(store, &data)
}

/// [`install`] (or, without `example`, only the kinds and predicates), only if the database
/// is still blank when its first edit starts: of two programs creating the same file at
/// once, one fills it and the other leaves it be. Returns whether this call filled it.
pub fn install_if_blank(store: &mut Store, example: bool) -> Result<bool> {
    let data = data()?;
    let filled = store.edit("built-in kinds and predicates", |w| {
        if !w.is_blank()? {
            return Ok(false);
        }
        w.set_class(EditClass::Vocabulary)?;
        write_vocabulary(w, &data)?;
        Ok(true)
    })?;
    if filled && example {
        install_base(store, &data)?;
    }
    Ok(filled)
}

/// The built-in entities, aliases, relations and citations, as one edit.
fn install_base(store: &mut Store, data: &SeedData) -> Result<()> {
    store.edit("built-in knowledge base", |w| {
        w.set_class(EditClass::BuiltIn)?;
        let report = w.write_document(data, OnDuplicate::Skip)?;
        match report.problems.first() {
            Some(p) => Err(StoreError::Invalid(format!("built-in knowledge base: {p}"))),
            None => Ok(()),
        }
    })
}
