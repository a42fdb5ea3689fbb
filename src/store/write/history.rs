//! The history of edits: the log, undo and redo (derived from the log, so they survive a
//! restart), and reverting an older edit when nothing later depends on it.
//!
//! Undo and redo choose their target inside their own write transaction, so an edit
//! committed by another program just before is the one undone (never overwritten by the
//! inverse of an older one), and they refuse, naming the edits in the way, when a row is
//! no longer as the target left it.

use super::tables::{Image, Op, RELATION, Table, table};
use super::{Result, Store, StoreError, Writer};
use crate::model::EntityId;
use rusqlite::{Connection, OptionalExtension, Row};
use serde_json::Value;
use std::collections::BTreeSet;

/// One recorded edit.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct EditInfo {
    /// Row id.
    pub id: i64,
    /// Stable identifier.
    pub uid: String,
    /// Unix milliseconds.
    pub at: i64,
    /// Who made it.
    pub author: String,
    /// What it did.
    pub description: String,
    /// Number of recorded row changes.
    pub changes: i64,
}

/// What an edit is to undo (the `edit.base` column).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EditClass {
    /// An ordinary edit.
    #[default]
    User,
    /// The built-in kinds and predicates every database needs: never undone.
    Vocabulary,
    /// The built-in knowledge base: undone only when the user confirms.
    BuiltIn,
}

impl EditClass {
    fn from_code(code: i64) -> Self {
        match code {
            1 => EditClass::Vocabulary,
            2 => EditClass::BuiltIn,
            _ => EditClass::User,
        }
    }

    pub(super) fn code(self) -> i64 {
        match self {
            EditClass::User => 0,
            EditClass::Vocabulary => 1,
            EditClass::BuiltIn => 2,
        }
    }
}

/// Which way to walk the history.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Undo,
    Redo,
}

/// The columns [`edit_from_row`] reads, over `edit e`.
const EDIT_COLUMNS: &str = "e.id AS id, e.uid AS uid, e.at AS at, e.author AS author,
     e.description AS description,
     (SELECT count(*) FROM change c WHERE c.edit_id = e.id) AS changes";

/// The one row mapper for edits.
fn edit_from_row(r: &Row<'_>) -> rusqlite::Result<EditInfo> {
    Ok(EditInfo {
        id: r.get("id")?,
        uid: r.get("uid")?,
        at: r.get("at")?,
        author: r.get("author")?,
        description: r.get("description")?,
        changes: r.get("changes")?,
    })
}

fn edit_info(conn: &Connection, id: i64) -> Result<Option<EditInfo>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {EDIT_COLUMNS} FROM edit e WHERE e.id = ?1"
        ))?
        .query_row([id], edit_from_row)
        .optional()?)
}

/// Which edits an undo or redo acts on: all of them, or only the edits whose own
/// description (that of the user's edit, for an undo or redo edit) passes a test, such as
/// the edits made in one window.
pub type Scope = Option<fn(&str) -> bool>;

/// The edits that undo and redo would act on now: (undo stack, redo stack), each with
/// its top last, from the edits older than `before` in `scope`. Built-in vocabulary edits
/// are on neither. An undo in a scope may reach below edits outside it, so an undo or
/// redo edit takes its target off its stack wherever it stands.
fn stacks(conn: &Connection, before: i64, scope: Scope) -> Result<(Vec<i64>, Vec<i64>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, undoes, redoes, base, description FROM edit WHERE id < ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([before], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, Option<i64>>(1)?,
            r.get::<_, Option<i64>>(2)?,
            r.get::<_, i64>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    let (mut undo, mut redo) = (Vec::new(), Vec::new());
    // The edits in scope so far: an undo or redo edit is in when its target is.
    let mut members = BTreeSet::new();
    let take = |stack: &mut Vec<i64>, target: i64| {
        if let Some(at) = stack.iter().rposition(|&id| id == target) {
            stack.remove(at);
        }
    };
    for row in rows {
        let (id, undoes, redoes, base, description) = row?;
        let member = match (scope, undoes.or(redoes)) {
            (None, _) => true,
            (Some(test), None) => test(&description),
            (Some(_), Some(target)) => members.contains(&target),
        };
        if !member {
            continue;
        }
        members.insert(id);
        match (undoes, redoes) {
            (None, None) if EditClass::from_code(base) == EditClass::Vocabulary => {}
            (Some(target), _) => {
                take(&mut undo, target);
                redo.push(id);
            }
            (None, Some(target)) => {
                take(&mut redo, target);
                undo.push(id);
            }
            (None, None) => {
                undo.push(id);
                redo.clear();
            }
        }
    }
    Ok((undo, redo))
}

/// The user's edit behind `id`, with its description and class: an undo or redo edit points
/// (through `undoes` or `redoes`, always to an older edit) back to it, so the redo stack,
/// which holds undo edits, is described by the edit they undid, not as "undo: …".
fn origin_of(conn: &Connection, id: Option<i64>) -> Result<Option<(String, EditClass)>> {
    let Some(mut id) = id else { return Ok(None) };
    let mut stmt =
        conn.prepare_cached("SELECT description, undoes, redoes, base FROM edit WHERE id = ?1")?;
    loop {
        let row = stmt
            .query_row([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<i64>>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })
            .optional()?;
        match row {
            None => return Ok(None),
            Some((description, None, None, base)) => {
                return Ok(Some((description, EditClass::from_code(base))));
            }
            Some((_, undoes, redoes, _)) => match undoes.or(redoes) {
                Some(older) if older < id => id = older,
                _ => return Ok(None),
            },
        }
    }
}

fn changes_of(conn: &Connection, edit_id: i64) -> Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT tbl, row_uid, op, before, after FROM change WHERE edit_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([edit_id], |r| {
        Ok((
            r.get::<_, String>("tbl")?,
            r.get::<_, String>("row_uid")?,
            r.get::<_, String>("op")?,
            r.get::<_, Option<String>>("before")?,
            r.get::<_, Option<String>>("after")?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (tbl, uid, op, before, after) = row?;
        let parse = |s: Option<String>| -> Result<Option<Image>> {
            s.map(|s| serde_json::from_str(&s).map_err(StoreError::from))
                .transpose()
        };
        out.push(Change {
            table: table(&tbl)?,
            uid,
            op: Op::parse(&op)?,
            before: parse(before)?,
            after: parse(after)?,
        });
    }
    Ok(out)
}

/// Edits after `edit_id`, optionally only those that touched one of `rows`.
fn later_edits(conn: &Connection, edit_id: i64, rows: Option<&[String]>) -> Result<Vec<EditInfo>> {
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT edit_id, row_uid FROM change WHERE edit_id > ?1 ORDER BY edit_id",
    )?;
    let pairs = stmt
        .query_map([edit_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut ids: Vec<i64> = pairs
        .into_iter()
        .filter(|(_, uid)| rows.is_none_or(|rows| rows.contains(uid)))
        .map(|(id, _)| id)
        .collect();
    ids.dedup();
    Ok(ids
        .into_iter()
        .map(|id| edit_info(conn, id))
        .collect::<Result<Vec<_>>>()?
        .into_iter()
        .flatten()
        .collect())
}

/// Rows of `changes` that are no longer as that edit left them.
fn changed_since(w: &Writer<'_>, changes: &[Change]) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for c in changes.iter().filter(|c| !c.op.is_bulk()) {
        let now = w.read_image(c.table, &c.uid)?;
        let expected = if c.op == Op::Delete {
            None
        } else {
            c.after.as_ref()
        };
        if !same_row(now.as_ref(), expected) {
            out.push(c.uid.clone());
        }
    }
    Ok(out)
}

impl Store {
    /// Edits in the log, newest first (`limit` rows), optionally only those touching rows
    /// of one entity (its own row, aliases, relations and their citations).
    pub fn log(&self, entity: Option<EntityId>, limit: usize) -> Result<Vec<EditInfo>> {
        let rows = match entity {
            None => {
                let mut stmt = self.conn.prepare(&format!(
                    "SELECT {EDIT_COLUMNS} FROM edit e ORDER BY e.id DESC LIMIT ?1"
                ))?;
                stmt.query_map([limit as i64], edit_from_row)?
                    .collect::<rusqlite::Result<Vec<_>>>()?
            }
            Some(id) => {
                let uids = self.row_uids_of_entity(id)?;
                let mut out = Vec::new();
                let mut stmt = self.conn.prepare(&format!(
                    "SELECT {EDIT_COLUMNS} FROM edit e
                     WHERE e.id IN (SELECT edit_id FROM change WHERE row_uid = ?1)"
                ))?;
                let mut seen = BTreeSet::new();
                for uid in uids {
                    for e in stmt.query_map([uid], edit_from_row)? {
                        let e = e?;
                        if seen.insert(e.id) {
                            out.push(e);
                        }
                    }
                }
                out.sort_by_key(|e| std::cmp::Reverse(e.id));
                out.truncate(limit);
                out
            }
        };
        Ok(rows)
    }

    fn row_uids_of_entity(&self, id: EntityId) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT uid FROM entity WHERE id = ?1
             UNION SELECT uid FROM alias WHERE entity_id = ?1
             UNION SELECT uid FROM relation WHERE subject_id = ?1 OR object_id = ?1
             UNION SELECT c.uid FROM citation c JOIN relation r ON c.relation_id = r.id
                   WHERE r.subject_id = ?1 OR r.object_id = ?1
             UNION SELECT uid FROM citation WHERE entity_id = ?1",
        )?;
        let uids = stmt
            .query_map([id.0], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(uids)
    }

    /// The row changes recorded for edit `edit_id`, in the order they were made.
    pub fn changes(&self, edit_id: i64) -> Result<Vec<Change>> {
        changes_of(&self.conn, edit_id)
    }

    /// The description of the edit that undo would revert, if any.
    pub fn undo_description(&self) -> Result<Option<String>> {
        self.undo_description_in(None)
    }

    /// The description of the edit that undo in `scope` would revert, if any.
    pub fn undo_description_in(&self, scope: Scope) -> Result<Option<String>> {
        let (undo, _) = stacks(&self.conn, i64::MAX, scope)?;
        Ok(origin_of(&self.conn, undo.last().copied())?.map(|(d, _)| d))
    }

    /// The description of the edit that redo would re-apply, if any.
    pub fn redo_description(&self) -> Result<Option<String>> {
        self.redo_description_in(None)
    }

    /// The description of the edit that redo in `scope` would re-apply, if any.
    pub fn redo_description_in(&self, scope: Scope) -> Result<Option<String>> {
        let (_, redo) = stacks(&self.conn, i64::MAX, scope)?;
        Ok(origin_of(&self.conn, redo.last().copied())?.map(|(d, _)| d))
    }

    /// Reverts an older edit (not necessarily the last) as a new edit. Allowed only when
    /// every row it touched is still as that edit left it; otherwise refused with the later
    /// edits that changed those rows ([`StoreError::Conflict`]). Bulk edits revert only by
    /// undo, when they are the last.
    /// The built-in vocabulary is never reverted; the built-in knowledge base only through
    /// [`Store::revert_confirmed`].
    pub fn revert(&mut self, edit_id: i64) -> Result<EditInfo> {
        self.revert_with(edit_id, false)
    }

    /// [`Store::revert`], also when it removes the built-in knowledge base.
    pub fn revert_confirmed(&mut self, edit_id: i64) -> Result<EditInfo> {
        self.revert_with(edit_id, true)
    }

    fn revert_with(&mut self, edit_id: i64, confirmed: bool) -> Result<EditInfo> {
        let target = edit_info(&self.conn, edit_id)?
            .ok_or_else(|| StoreError::NotFound(format!("edit #{edit_id}")))?;
        match origin_of(&self.conn, Some(edit_id))?.map(|(_, class)| class) {
            Some(EditClass::Vocabulary) => return Err(StoreError::Vocabulary),
            Some(EditClass::BuiltIn) if !confirmed => return Err(StoreError::BuiltIn),
            _ => {}
        }
        let changes = changes_of(&self.conn, edit_id)?;
        if changes.iter().any(|c| c.op.is_bulk()) {
            let later = later_edits(&self.conn, edit_id, None)?;
            if !later.is_empty() {
                return Err(StoreError::Conflict(later));
            }
        }
        let mut conflicting: Vec<String> = Vec::new();
        // The checks run inside the revert's own transaction, so nothing can slip in
        // between checking and writing.
        let result = self.edit(&format!("revert: {}", target.description), |w| {
            invert(w, &changes, &mut conflicting)?;
            Ok(w.edit_id)
        });
        self.outcome(result, edit_id, &conflicting)
    }

    /// Reverts the last edit that is not yet undone. The undo is itself an edit. Undoing
    /// the built-in knowledge base is refused ([`StoreError::BuiltIn`]): use
    /// [`Store::undo_confirmed`].
    pub fn undo(&mut self) -> Result<EditInfo> {
        self.step(Direction::Undo, false, None)
    }

    /// [`Store::undo`], also when it removes the built-in knowledge base.
    pub fn undo_confirmed(&mut self) -> Result<EditInfo> {
        self.step(Direction::Undo, true, None)
    }

    /// Re-applies the last undone edit. The redo is itself an edit.
    pub fn redo(&mut self) -> Result<EditInfo> {
        self.step(Direction::Redo, true, None)
    }

    /// Reverts the last edit in `scope` that is not yet undone, also when edits outside
    /// it came later (as long as they left its rows alone, [`StoreError::Conflict`]
    /// otherwise). The built-in knowledge base is never undone this way.
    pub fn undo_in(&mut self, scope: Scope) -> Result<EditInfo> {
        self.step(Direction::Undo, false, scope)
    }

    /// Re-applies the last edit in `scope` undone by [`Store::undo_in`].
    pub fn redo_in(&mut self, scope: Scope) -> Result<EditInfo> {
        self.step(Direction::Redo, true, scope)
    }

    /// Undo and redo: the target is chosen inside the write transaction, and its rows must
    /// still be as it left them.
    fn step(&mut self, direction: Direction, confirmed: bool, scope: Scope) -> Result<EditInfo> {
        let mut target = None;
        let mut conflicting = Vec::new();
        let result = self.edit_with("", |w| {
            let (undo, redo) = stacks(w.tx(), w.edit_id, scope)?;
            let (stack, word) = match direction {
                Direction::Undo => (undo, "undo"),
                Direction::Redo => (redo, "redo"),
            };
            let id = *stack.last().ok_or(StoreError::NothingTo(word))?;
            target = Some(id);
            let (description, class) = origin_of(w.tx(), Some(id))?.unwrap_or_default();
            if class == EditClass::BuiltIn && direction == Direction::Undo && !confirmed {
                return Err(StoreError::BuiltIn);
            }
            let changes = changes_of(w.tx(), id)?;
            // A bulk edit steps back only from the top of the whole history.
            if changes.iter().any(|c| c.op.is_bulk()) && scope.is_some() {
                let (undo, redo) = stacks(w.tx(), w.edit_id, None)?;
                let top = match direction {
                    Direction::Undo => undo.last(),
                    Direction::Redo => redo.last(),
                };
                if top != Some(&id) {
                    return Err(StoreError::Conflict(Vec::new()));
                }
            }
            let (undoes, redoes) = match direction {
                Direction::Undo => (Some(id), None),
                Direction::Redo => (None, Some(id)),
            };
            w.describe(&format!("{word}: {description}"), undoes, redoes)?;
            invert(w, &changes, &mut conflicting)?;
            Ok(w.edit_id)
        });
        self.outcome(result, target.unwrap_or_default(), &conflicting)
    }

    /// The edit made, or the conflict named by the later edits of the rows in the way.
    fn outcome(&self, result: Result<i64>, target: i64, rows: &[String]) -> Result<EditInfo> {
        match result {
            Ok(id) => edit_info(&self.conn, id)?
                .ok_or_else(|| StoreError::NotFound(format!("edit #{id}"))),
            Err(StoreError::Conflict(_)) => Err(StoreError::Conflict(later_edits(
                &self.conn,
                target,
                Some(rows),
            )?)),
            Err(e) => Err(e),
        }
    }
}

/// Applies the inverse of an edit's `changes` in `w`, when every row is still as that edit
/// left it and no later row refers to a row it would remove; otherwise names those rows in
/// `conflicting` and fails.
fn invert(w: &mut Writer<'_>, changes: &[Change], conflicting: &mut Vec<String>) -> Result<()> {
    *conflicting = changed_since(w, changes)?;
    let own: BTreeSet<&str> = changes.iter().map(|c| c.uid.as_str()).collect();
    // Rows added later that refer to rows this would remove.
    for c in changes.iter().filter(|c| c.op == Op::Insert) {
        for uid in w.dependents(c.table, c.after.as_ref())? {
            if !own.contains(uid.as_str()) {
                conflicting.push(uid);
            }
        }
    }
    if !conflicting.is_empty() {
        return Err(StoreError::Conflict(Vec::new()));
    }
    for change in changes.iter().rev() {
        w.apply_inverse(change)?;
        if change.op == Op::Delete && change.table.name == RELATION.name {
            // A relation coming back must still keep the rules (no duplicate, no loop)
            // in today's database.
            w.revalidate_relation(&change.uid)?;
        }
    }
    Ok(())
}

fn id_range(image: Option<&Image>) -> Result<(i64, i64)> {
    let get = |k: &str| image.and_then(|i| i.get(k)).and_then(Value::as_i64);
    match (get("first_id"), get("last_id")) {
        (Some(a), Some(b)) => Ok((a, b)),
        _ => Err(StoreError::Invalid("bulk change without id range".into())),
    }
}

/// Whether a row as it is now equals an image recorded earlier. A column the image lacks
/// (added by a later migration) counts as empty.
fn same_row(now: Option<&Image>, recorded: Option<&Image>) -> bool {
    match (now, recorded) {
        (None, None) => true,
        (Some(now), Some(recorded)) => now
            .iter()
            .all(|(k, v)| recorded.get(k).unwrap_or(&Value::Null) == v),
        _ => false,
    }
}

/// A recorded row change, read back from the log.
#[derive(Clone, Debug)]
pub struct Change {
    /// The table of the row.
    pub table: &'static Table,
    /// The row's uid (for bulk changes, `table:first-last`).
    pub uid: String,
    /// What happened to it.
    pub op: Op,
    /// The row before (updates and deletes).
    pub before: Option<Image>,
    /// The row after (inserts and updates), or the id range of a bulk change.
    pub after: Option<Image>,
}

impl Writer<'_> {
    fn apply_inverse(&mut self, c: &Change) -> Result<()> {
        let image = |i: &Option<Image>| {
            i.clone()
                .ok_or_else(|| StoreError::Invalid("change without image".into()))
        };
        match c.op {
            Op::Insert => self.delete_image(c.table, &c.uid),
            Op::Delete => self.insert_image(c.table, image(&c.before)?).map(|_| ()),
            Op::Update => self
                .update_image(c.table, &c.uid, &image(&c.before)?)
                .map(|_| ()),
            Op::BulkInsert => {
                let (first, last) = id_range(c.after.as_ref())?;
                self.shelve(c.table, first, last)
            }
            Op::BulkDelete => {
                let (first, last) = id_range(c.after.as_ref())?;
                let shelved_by = c
                    .after
                    .as_ref()
                    .and_then(|a| a.get("shelved_by"))
                    .and_then(Value::as_i64)
                    .ok_or_else(|| StoreError::Invalid("bulk change without shelf".into()))?;
                self.unshelve(c.table, first, last, shelved_by)
            }
        }
    }
}
