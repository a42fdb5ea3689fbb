//! What taking a change file would do, row by row, before anything is written.
//!
//! Each row of the file is compared with the same row here by version (see
//! `store::sync`): a version we have means nothing to do; a file row that descends from
//! ours is taken (new, changed or deleted, every local value it replaces listed); a row
//! that changed here and there since the two copies last agreed is merged when the two
//! changed different fields, and is otherwise a conflict with base, mine and theirs side
//! by side. The same classification runs again inside the edit that takes the file.

use super::file::ChangeFile;
use crate::store::Result;
use crate::store::Store;
use crate::store::sync::{LocalRow, WireRow};
use crate::store::write::{Image, Writer};
use serde_json::Value;
use std::collections::BTreeSet;

/// Columns that never make a conflict: ids, times, and the folded form of a name (it
/// follows the name).
const QUIET: &[&str] = &["id", "uid", "created_at", "updated_at", "folded"];

/// The kinds of conflict.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// Both copies changed the same field of a row differently.
    SameField,
    /// This copy deleted a row the other changed.
    DeletedHere,
    /// This copy merged the entity into another (named); the other changed it.
    MergedHere(String),
    /// The other copy deleted a row this copy changed; taking that deletion also deletes
    /// the rows here that depend on it.
    DeletedThere(Vec<(String, String)>),
}

/// What taking one row would do.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// This copy already has this version or a later one: nothing to do.
    Have,
    /// The row is already as the file has it.
    Same,
    /// A new row.
    Insert,
    /// The row changes; `fields` are the local values replaced. When it becomes the same
    /// as another row here (`twin`: a link both ends of which were merged), the two are
    /// kept once, as the smaller uid.
    Update {
        fields: Vec<String>,
        twin: Option<String>,
    },
    /// The row is deleted, with the rows here that depend on it.
    Delete { dependents: Vec<(String, String)> },
    /// Both copies changed the row, in different fields: `fields` come from the file.
    Merge {
        fields: Vec<String>,
        twin: Option<String>,
    },
    /// Both copies added the same thing under two uids (`local`): kept once, as the
    /// smaller uid (`replace`: the file's row replaces ours).
    Twin { local: String, replace: bool },
    /// The row refers to a row this copy does not have (a private one left out, or one
    /// deleted here): not taken.
    Missing { reference: String },
    /// Changed on both sides since the copies last agreed: a choice is needed for
    /// `fields` (empty for a deletion against a change).
    Conflict {
        kind: ConflictKind,
        fields: Vec<String>,
        /// Fields the file changed alone, taken whatever the choice.
        taken: Vec<String>,
        /// Rows here that the row would become the same as, by the choice made: kept
        /// once, as the smaller uid.
        twins: Vec<String>,
    },
}

/// One row of a change file and what taking it would do.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Item {
    /// The file's row.
    pub theirs: WireRow,
    /// The row here now (references as uids).
    pub mine: Option<Image>,
    pub action: Action,
}

/// The whole preview of a change file.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Preview {
    pub items: Vec<Item>,
    /// When this file was taken here before (unix ms of that), if it was.
    pub taken_before: bool,
}

/// How many rows of each kind a preview holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub new: usize,
    pub changed: usize,
    pub deleted: usize,
    pub merged: usize,
    pub conflicts: usize,
    pub missing: usize,
    pub unchanged: usize,
}

impl Preview {
    /// Counts by kind of action.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for item in &self.items {
            match item.action {
                Action::Have | Action::Same => c.unchanged += 1,
                Action::Insert => c.new += 1,
                Action::Update { .. } | Action::Twin { .. } => c.changed += 1,
                Action::Delete { .. } => c.deleted += 1,
                Action::Merge { .. } => c.merged += 1,
                Action::Missing { .. } => c.missing += 1,
                Action::Conflict { .. } => c.conflicts += 1,
            }
        }
        c
    }

    /// The items that need a choice.
    pub fn conflicts(&self) -> impl Iterator<Item = &Item> {
        self.items
            .iter()
            .filter(|i| matches!(i.action, Action::Conflict { .. }))
    }
}

/// Where rows are looked up: the store before taking, the edit while taking.
pub(super) trait Here {
    fn local(&self, table: &str, uid: &str) -> Result<LocalRow>;
    fn twin(&self, table: &str, wire: &Image) -> Result<Option<String>>;
    fn merged_into(&self, uid: &str) -> Result<Option<String>>;
    fn agreed(&self, table: &str, uid: &str, theirs: &[String]) -> Result<Option<Image>>;
    fn dependents(&self, table: &str, uid: &str) -> Result<Vec<(String, String)>>;
}

impl Here for Store {
    fn local(&self, table: &str, uid: &str) -> Result<LocalRow> {
        self.sync_local(table, uid)
    }
    fn twin(&self, table: &str, wire: &Image) -> Result<Option<String>> {
        self.sync_twin(table, wire)
    }
    fn merged_into(&self, uid: &str) -> Result<Option<String>> {
        self.sync_merged_into(uid)
    }
    fn agreed(&self, table: &str, uid: &str, theirs: &[String]) -> Result<Option<Image>> {
        self.sync_agreed(table, uid, theirs)
    }
    fn dependents(&self, table: &str, uid: &str) -> Result<Vec<(String, String)>> {
        self.sync_dependents(table, uid)
    }
}

impl Here for Writer<'_> {
    fn local(&self, table: &str, uid: &str) -> Result<LocalRow> {
        self.sync_local(table, uid)
    }
    fn twin(&self, table: &str, wire: &Image) -> Result<Option<String>> {
        self.sync_twin(table, wire)
    }
    fn merged_into(&self, uid: &str) -> Result<Option<String>> {
        self.sync_merged_into(uid)
    }
    fn agreed(&self, table: &str, uid: &str, theirs: &[String]) -> Result<Option<Image>> {
        self.sync_agreed(table, uid, theirs)
    }
    fn dependents(&self, table: &str, uid: &str) -> Result<Vec<(String, String)>> {
        self.sync_dependents(table, uid)
    }
}

/// What taking `file` would do to the knowledge base in `store`.
pub fn preview(store: &Store, file: &ChangeFile) -> Result<Preview> {
    let mut p = classify(store, file)?;
    p.taken_before = store.sync_knows_file(&file.file_id)?;
    Ok(p)
}

pub(super) fn classify(here: &dyn Here, file: &ChangeFile) -> Result<Preview> {
    // Rows the file itself brings, which its other rows may refer to.
    let brought: BTreeSet<&str> = file
        .rows
        .iter()
        .filter(|r| r.image.is_some())
        .map(|r| r.uid.as_str())
        .collect();
    // Rows the file deletes: a twin among them is no twin.
    let deleted: BTreeSet<(&str, &str)> = file
        .rows
        .iter()
        .filter(|r| r.image.is_none())
        .map(|r| (r.table.as_str(), r.uid.as_str()))
        .collect();
    let mut items = Vec::with_capacity(file.rows.len());
    for row in &file.rows {
        let local = here.local(&row.table, &row.uid)?;
        let mut theirs = row.clone();
        if !file.private_included
            && row.table == "entity"
            && let Some(mine) = &local.image
        {
            // The file left our private properties out; they stay as they are here.
            theirs.image = theirs.image.map(|i| keep_private(i, mine));
            theirs.base = theirs.base.map(|i| keep_private(i, mine));
        }
        let action = decide(here, &mut theirs, &local, &brought, &deleted)?;
        items.push(Item {
            theirs,
            mine: local.image,
            action,
        });
    }
    Ok(Preview {
        items,
        taken_before: false,
    })
}

/// What to do with `theirs`; for a row changed on both sides, its base becomes what the
/// two copies last agreed on.
fn decide(
    here: &dyn Here,
    theirs: &mut WireRow,
    local: &LocalRow,
    brought: &BTreeSet<&str>,
    deleted: &BTreeSet<(&str, &str)>,
) -> Result<Action> {
    if local.history.contains(&theirs.version) {
        return Ok(Action::Have);
    }
    if same(local.image.as_ref(), theirs.image.as_ref()) {
        return Ok(Action::Same);
    }
    if let Some(image) = &theirs.image
        && let Some(reference) = missing_reference(here, &theirs.table, image, brought)?
    {
        return Ok(Action::Missing { reference });
    }
    let never_here = local.image.is_none() && local.history.is_empty();
    if never_here {
        let Some(image) = &theirs.image else {
            return Ok(Action::Same);
        };
        if let Some(twin) = here.twin(&theirs.table, image)?
            && !deleted.contains(&(theirs.table.as_str(), twin.as_str()))
        {
            let replace = !matches!(
                theirs.table.as_str(),
                "kind" | "predicate" | "document_text"
            ) && theirs.uid < twin;
            return Ok(Action::Twin {
                local: twin,
                replace,
            });
        }
        return Ok(Action::Insert);
    }
    let descends = match &local.version {
        None => true,
        Some(v) => theirs.history.contains(v),
    };
    let mine = local.image.as_ref();
    if descends {
        return Ok(match (mine, &theirs.image) {
            (_, None) => Action::Delete {
                dependents: here.dependents(&theirs.table, &theirs.uid)?,
            },
            (None, Some(_)) => Action::Insert,
            (Some(m), Some(t)) => Action::Update {
                fields: differing(m, t),
                twin: twin_of(here, &theirs.table, t, deleted)?,
            },
        });
    }
    // Changed on both sides since the copies last agreed.
    Ok(match (mine, &theirs.image) {
        (None, Some(t)) => Action::Conflict {
            kind: match here.merged_into(&theirs.uid)? {
                Some(into) if theirs.table == "entity" => ConflictKind::MergedHere(into),
                _ => ConflictKind::DeletedHere,
            },
            fields: Vec::new(),
            taken: Vec::new(),
            twins: twin_of(here, &theirs.table, t, deleted)?
                .into_iter()
                .collect(),
        },
        (Some(_), None) => Action::Conflict {
            kind: ConflictKind::DeletedThere(here.dependents(&theirs.table, &theirs.uid)?),
            fields: Vec::new(),
            taken: Vec::new(),
            twins: Vec::new(),
        },
        (None, None) => Action::Same,
        (Some(m), Some(t)) => {
            // What both copies last agreed on, from this copy's log; else the file's own
            // account of the row before its changes.
            if let Some(agreed) = here.agreed(&theirs.table, &theirs.uid, &theirs.history)? {
                theirs.base = Some(agreed);
            }
            let (taken, clashing) = three_way(theirs.base.as_ref(), m, t);
            let mine_kept = combined(m, t, &taken);
            if clashing.is_empty() {
                Action::Merge {
                    twin: twin_of(here, &theirs.table, &mine_kept, deleted)?,
                    fields: taken,
                }
            } else {
                let all: Vec<String> = taken.iter().chain(&clashing).cloned().collect();
                let mut twins: Vec<String> = [mine_kept, combined(m, t, &all)]
                    .iter()
                    .map(|image| twin_of(here, &theirs.table, image, deleted))
                    .collect::<Result<Vec<_>>>()?
                    .into_iter()
                    .flatten()
                    .collect();
                twins.dedup();
                Action::Conflict {
                    kind: ConflictKind::SameField,
                    fields: clashing,
                    taken,
                    twins,
                }
            }
        }
    })
}

/// The row here (another uid) that `image` of `table` would be the same thing as — the
/// same other name of an entity, the same link with the same details — unless the file
/// deletes it.
fn twin_of(
    here: &dyn Here,
    table: &str,
    image: &Image,
    deleted: &BTreeSet<(&str, &str)>,
) -> Result<Option<String>> {
    if !matches!(table, "relation" | "alias") {
        return Ok(None);
    }
    Ok(here
        .twin(table, image)?
        .filter(|w| !deleted.contains(&(table, w.as_str()))))
}

/// Whether two images hold the same content (ids and times aside).
pub(super) fn same(a: Option<&Image>, b: Option<&Image>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => differing(a, b).is_empty(),
        _ => false,
    }
}

/// The fields whose values differ, quiet columns aside.
fn differing(a: &Image, b: &Image) -> Vec<String> {
    let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| !QUIET.contains(&k.as_str()))
        .filter(|k| !same_value(a, b, k))
        .cloned()
        .collect()
}

fn value<'a>(image: &'a Image, key: &str) -> &'a Value {
    image.get(key).unwrap_or(&Value::Null)
}

/// Whether two images hold the same value for `key`; properties (JSON text) are compared
/// as JSON, so the order of their keys does not matter.
fn same_value(a: &Image, b: &Image, key: &str) -> bool {
    let (x, y) = (value(a, key), value(b, key));
    if key == "properties"
        && let (Some(x), Some(y)) = (x.as_str(), y.as_str())
        && let (Ok(x), Ok(y)) = (
            serde_json::from_str::<Value>(x),
            serde_json::from_str::<Value>(y),
        )
    {
        return x == y;
    }
    x == y
}

/// A three-way comparison: the fields the file changed and this copy did not (taken
/// from the file), and the fields both changed differently (a conflict). Without a base,
/// every differing field is a conflict.
fn three_way(base: Option<&Image>, mine: &Image, theirs: &Image) -> (Vec<String>, Vec<String>) {
    let (mut taken, mut clashing) = (Vec::new(), Vec::new());
    for field in differing(mine, theirs) {
        match base {
            Some(b) if same_value(b, theirs, &field) => {}
            Some(b) if same_value(b, mine, &field) => taken.push(field),
            _ => clashing.push(field),
        }
    }
    (taken, clashing)
}

/// The first reference of `image` to a row neither here nor brought by the file.
fn missing_reference(
    here: &dyn Here,
    table: &str,
    image: &Image,
    brought: &BTreeSet<&str>,
) -> Result<Option<String>> {
    let columns: &[(&str, &str)] = match table {
        "alias" | "document_text" => &[("entity_id", "entity")],
        "relation" => &[("subject_id", "entity"), ("object_id", "entity")],
        "citation" => &[
            ("relation_id", "relation"),
            ("entity_id", "entity"),
            ("source_id", "entity"),
        ],
        _ => &[],
    };
    for (column, target) in columns {
        let Some(uid) = image.get(*column).and_then(Value::as_str) else {
            continue;
        };
        if !brought.contains(uid) && here.local(target, uid)?.image.is_none() {
            return Ok(Some(format!("{target} {uid}")));
        }
    }
    Ok(None)
}

/// `theirs` with the private properties `mine` keeps (they were left out of the file).
fn keep_private(mut theirs: Image, mine: &Image) -> Image {
    let parse = |i: &Image| -> serde_json::Map<String, Value> {
        i.get("properties")
            .and_then(Value::as_str)
            .and_then(|s| serde_json::from_str(s).ok())
            .unwrap_or_default()
    };
    let own = parse(mine);
    let Some(list) = own.get(crate::model::PRIVATE_PROPERTIES) else {
        return theirs;
    };
    let mut props = parse(&theirs);
    if props.contains_key(crate::model::PRIVATE_PROPERTIES) {
        return theirs;
    }
    for key in crate::exchange::select::private_keys(list) {
        if let Some(v) = own.get(&key) {
            props.insert(key, v.clone());
        }
    }
    props.insert(crate::model::PRIVATE_PROPERTIES.to_owned(), list.clone());
    theirs.insert(
        "properties".into(),
        Value::String(Value::Object(props).to_string()),
    );
    theirs
}

/// The image a settled conflict writes: mine, with the file's value for the fields it
/// changed alone and for the clashing fields chosen as theirs.
pub fn combined(mine: &Image, theirs: &Image, take: &[String]) -> Image {
    let mut out = mine.clone();
    for field in take {
        out.insert(field.clone(), value(theirs, field).clone());
        if field == "name"
            && let Some(f) = theirs.get("folded")
        {
            out.insert("folded".into(), f.clone());
        }
    }
    out
}
