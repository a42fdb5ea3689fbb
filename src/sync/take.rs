//! Taking a change file: every row the preview says to take, written in one edit that
//! one undo takes back, with each conflict settled as the user chose. A conflict without
//! a choice is left as it is (and shown again the next time the file is taken).

use super::file::ChangeFile;
use super::preview::{self, Action, ConflictKind, Counts, Item};
use crate::store::sync::FileRecord;
use crate::store::write::{Image, Writer};
use crate::store::{Result, Store};
use std::collections::BTreeMap;

/// How to settle one conflict.
#[derive(Clone, Debug, PartialEq)]
pub enum Choice {
    /// Keep this copy's row as it is (the file's changes to other fields still apply).
    Mine,
    /// Take the file's row.
    Theirs,
    /// Write this row instead (references as uids), as the user edited it.
    Edited(Image),
}

/// The same choice for every conflict (`--take mine|theirs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Mine,
    Theirs,
}

/// What taking a file did.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct TakeReport {
    /// The rows by kind of action, conflicts counting those settled.
    pub counts: Counts,
    /// Conflicts left without a choice (not taken).
    pub unsettled: usize,
    /// The edit that took the file, when anything changed.
    pub edit: Option<i64>,
}

/// Takes `file` (named `name` on disk) into `store` as one edit, settling conflicts by
/// `choices` (by row uid) or, failing that, by `all`.
pub fn take(
    store: &mut Store,
    file: &ChangeFile,
    name: &str,
    choices: &BTreeMap<String, Choice>,
    all: Option<Side>,
) -> Result<TakeReport> {
    let description = format!("changes from {}", file.copy_name);
    let mut report = TakeReport::default();
    let edit = store.edit(&description, |w| {
        // Decided again inside the edit, so a change made since the preview is seen.
        let p = preview::classify(w, file)?;
        report.counts = p.counts();
        let mut deletes: Vec<&Item> = Vec::new();
        for item in &p.items {
            if matches!(item.action, Action::Delete { .. }) {
                deletes.push(item);
                continue;
            }
            let choice = choices
                .get(&item.theirs.uid)
                .cloned()
                .or(all.map(|s| match s {
                    Side::Mine => Choice::Mine,
                    Side::Theirs => Choice::Theirs,
                }));
            if !apply(w, item, choice.as_ref())? {
                report.unsettled += 1;
            }
        }
        // Rows that depend on others go first.
        for item in deletes.into_iter().rev() {
            apply(w, item, None)?;
        }
        w.sync_record_in(
            &FileRecord {
                file_id: file.file_id.clone(),
                name: name.to_owned(),
                peer: file.copy_name.clone(),
                copy_id: file.copy_id.clone(),
                copy_name: file.copy_name.clone(),
                at: crate::store::write::now_ms(),
            },
            &file
                .edits
                .iter()
                .map(|e| (e.uid.clone(), e.at, e.author.clone(), e.description.clone()))
                .collect::<Vec<_>>(),
        )?;
        Ok((w.change_count() > 0).then(|| w.edit_id()))
    })?;
    report.edit = edit;
    Ok(report)
}

/// Writes one row as its action says; `false` for a conflict left without a choice.
fn apply(w: &mut Writer<'_>, item: &Item, choice: Option<&Choice>) -> Result<bool> {
    let theirs = &item.theirs;
    let (table, uid) = (theirs.table.as_str(), theirs.uid.as_str());
    // The file's version becomes this row's version (it is exactly the file's row).
    let fast_forward = |w: &mut Writer<'_>, change: Option<i64>| {
        w.sync_seen(
            uid,
            &theirs.history,
            change.map(|c| (theirs.version.as_str(), c)),
        )
    };
    // The row is ours again, having seen the file's version: a later edit here, or this
    // one's write, is a version that descends from both.
    let seen = |w: &mut Writer<'_>| w.sync_seen(uid, &theirs.history, None);
    match &item.action {
        Action::Have | Action::Same => seen(w)?,
        Action::Missing { .. } => {}
        Action::Insert | Action::Update { .. } => {
            let image = theirs.image.as_ref().map(Clone::clone).unwrap_or_default();
            let change = w.sync_put(table, &image)?;
            fast_forward(w, change)?;
        }
        Action::Delete { .. } => {
            let change = w.sync_delete(table, uid)?;
            fast_forward(w, change)?;
        }
        Action::Merge { fields } => {
            if let (Some(mine), Some(t)) = (&item.mine, &theirs.image) {
                w.sync_put(table, &preview::combined(mine, t, fields))?;
            }
            seen(w)?;
        }
        Action::Twin { local, replace } => {
            if *replace && let Some(image) = &theirs.image {
                let change = w.sync_put(table, image)?;
                if table == "relation" {
                    w.sync_move_citations(local, uid)?;
                }
                w.sync_delete(table, local)?;
                fast_forward(w, change)?;
            } else {
                seen(w)?;
            }
        }
        Action::Conflict {
            kind,
            fields,
            taken,
        } => {
            let Some(choice) = choice else {
                return Ok(false);
            };
            settle(w, item, kind, fields, taken, choice)?;
        }
    }
    Ok(true)
}

fn settle(
    w: &mut Writer<'_>,
    item: &Item,
    kind: &ConflictKind,
    fields: &[String],
    taken: &[String],
    choice: &Choice,
) -> Result<()> {
    let theirs = &item.theirs;
    let (table, uid) = (theirs.table.as_str(), theirs.uid.as_str());
    let mut change = None;
    let mut exactly_theirs = false;
    match (kind, choice) {
        (_, Choice::Edited(image)) => {
            change = w.sync_put(table, image)?;
        }
        (ConflictKind::SameField, side) => {
            let (Some(mine), Some(t)) = (&item.mine, &theirs.image) else {
                return Ok(());
            };
            let mut take: Vec<String> = taken.to_vec();
            if *side == Choice::Theirs {
                take.extend(fields.iter().cloned());
                exactly_theirs = true;
            }
            change = w.sync_put(table, &preview::combined(mine, t, &take))?;
        }
        (ConflictKind::DeletedHere | ConflictKind::MergedHere(_), Choice::Theirs) => {
            if let Some(image) = &theirs.image {
                change = w.sync_put(table, image)?;
                exactly_theirs = true;
            }
        }
        (ConflictKind::DeletedThere, Choice::Theirs) => {
            change = w.sync_delete(table, uid)?;
            exactly_theirs = true;
        }
        (_, Choice::Mine) => {}
    }
    let current = if exactly_theirs {
        change.map(|c| (theirs.version.as_str(), c))
    } else {
        None
    };
    w.sync_seen(uid, &theirs.history, current)
}
