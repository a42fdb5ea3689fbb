//! Taking a change file: every row the preview says to take, written in one edit that
//! one undo takes back, with each conflict settled as the user chose. A conflict without
//! a choice is left as it is (and shown again the next time the file is taken).

use super::file::ChangeFile;
use super::preview::{self, Action, ConflictKind, Counts, Item};
use crate::store::sync::{FileRecord, Put};
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

/// The description of the edit that takes `file`, with `suffix` (the window marks its
/// own edits so).
pub fn description(file: &ChangeFile, suffix: &str) -> String {
    format!("changes from {}{suffix}", file.copy_name)
}

/// Takes `file` (named `name` on disk) into `store` as one edit described as
/// `description`, settling conflicts by `choices` (by table and row uid) or, failing
/// that, by `all`.
pub fn take(
    store: &mut Store,
    file: &ChangeFile,
    name: &str,
    description: &str,
    choices: &BTreeMap<(String, String), Choice>,
    all: Option<Side>,
) -> Result<TakeReport> {
    let mut report = TakeReport::default();
    let edit = store.edit(description, |w| {
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
                .get(&(item.theirs.table.clone(), item.theirs.uid.clone()))
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
        retry_pending(w, file, all)?;
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
            report.unsettled == 0,
        )?;
        Ok((w.change_count() > 0).then(|| w.edit_id()))
    })?;
    report.edit = edit;
    Ok(report)
}

/// Takes the rows kept from earlier files whose references have arrived, until no more
/// can be taken. A kept row that now conflicts stays kept unless `all` settles it.
fn retry_pending(w: &mut Writer<'_>, file: &ChangeFile, all: Option<Side>) -> Result<()> {
    loop {
        let rows = w.sync_pending()?;
        if rows.is_empty() {
            return Ok(());
        }
        let kept = ChangeFile {
            format: file.format.clone(),
            version: file.version,
            file_id: file.file_id.clone(),
            copy_id: file.copy_id.clone(),
            copy_name: file.copy_name.clone(),
            author: file.author.clone(),
            created_at: file.created_at,
            private_included: false,
            edits: Vec::new(),
            rows,
        };
        let mut progress = false;
        for item in preview::classify(w, &kept)?.items {
            if matches!(item.action, Action::Missing { .. }) {
                continue;
            }
            let choice = all.map(|s| match s {
                Side::Mine => Choice::Mine,
                Side::Theirs => Choice::Theirs,
            });
            if apply(w, &item, choice.as_ref())? {
                w.sync_drop_pending(&item.theirs.table, &item.theirs.uid)?;
                progress = true;
            }
        }
        if !progress {
            return Ok(());
        }
    }
}

/// Keeps once, as the smaller uid (whichever copy folds them), row `uid` and its twin
/// `twin`: the same other name, or the same link (its citations go to the one kept).
fn fold(w: &mut Writer<'_>, table: &str, uid: &str, twin: &str) -> Result<()> {
    let (gone, kept) = if twin < uid { (uid, twin) } else { (twin, uid) };
    if table == "relation" {
        w.sync_move_citations(gone, kept)?;
    }
    w.sync_delete(table, gone)?;
    Ok(())
}

/// Writes one row as its action says; `false` for a conflict left without a choice.
fn apply(w: &mut Writer<'_>, item: &Item, choice: Option<&Choice>) -> Result<bool> {
    let theirs = &item.theirs;
    let (table, uid) = (theirs.table.as_str(), theirs.uid.as_str());
    // The file's version becomes this row's version (it is exactly the file's row).
    let fast_forward = |w: &mut Writer<'_>, change: Option<i64>| {
        w.sync_seen(
            table,
            uid,
            &theirs.history,
            change.map(|c| (theirs.version.as_str(), c)),
        )
    };
    // The row is ours again, having seen the file's version: a later edit here, or this
    // one's write, is a version that descends from both.
    let seen = |w: &mut Writer<'_>| w.sync_seen(table, uid, &theirs.history, None);
    match &item.action {
        Action::Have | Action::Same => seen(w)?,
        Action::Missing { .. } => w.sync_keep_pending(theirs)?,
        Action::Insert | Action::Update { .. } => {
            let image = theirs.image.clone().unwrap_or_default();
            match w.sync_put(table, &image)? {
                Put::Written(change) => fast_forward(w, change)?,
                // What it refers to was not taken after all (a row here since deleted).
                Put::Missing(_) => w.sync_keep_pending(theirs)?,
            }
            if let Action::Update {
                twin: Some(twin), ..
            } = &item.action
            {
                fold(w, table, uid, twin)?;
            }
        }
        Action::Delete { .. } => {
            let change = w.sync_delete(table, uid)?;
            fast_forward(w, change)?;
        }
        Action::Merge { fields, twin } => {
            if let (Some(mine), Some(t)) = (&item.mine, &theirs.image)
                && let Put::Missing(_) = w.sync_put(table, &preview::combined(mine, t, fields))?
            {
                w.sync_keep_pending(theirs)?;
                return Ok(true);
            }
            seen(w)?;
            if let Some(twin) = twin {
                fold(w, table, uid, twin)?;
            }
        }
        Action::Twin { local, replace } => {
            if *replace && let Some(image) = &theirs.image {
                let Put::Written(change) = w.sync_put(table, image)? else {
                    w.sync_keep_pending(theirs)?;
                    return Ok(true);
                };
                if table == "relation" {
                    w.sync_move_citations(local, uid)?;
                }
                w.sync_delete(table, local)?;
                fast_forward(w, change)?;
            } else if matches!(table, "relation" | "alias")
                && let Some(image) = &theirs.image
            {
                // Ours is kept: the file's row is taken and folded into it, so the copies
                // that hold it hear of the fold and fold it too.
                let Put::Written(change) = w.sync_put(table, image)? else {
                    w.sync_keep_pending(theirs)?;
                    return Ok(true);
                };
                fast_forward(w, change)?;
                fold(w, table, uid, local)?;
            } else {
                seen(w)?;
            }
        }
        Action::Conflict {
            kind,
            fields,
            taken,
            ..
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
    let mut put = Put::Written(None);
    let mut change = None;
    let mut exactly_theirs = false;
    match (kind, choice) {
        (_, Choice::Edited(image)) => {
            put = w.sync_put(table, image)?;
        }
        (ConflictKind::SameField, side) => {
            let (Some(mine), Some(t)) = (&item.mine, &theirs.image) else {
                return Ok(());
            };
            let mut take: Vec<String> = taken.to_vec();
            if *side == Choice::Theirs {
                take.extend(fields.iter().cloned());
            }
            let written = preview::combined(mine, t, &take);
            // Only a row now exactly as the file has it takes the file's version; one
            // that keeps a change of ours is a new version, after both.
            exactly_theirs = preview::same(Some(&written), Some(t));
            put = w.sync_put(table, &written)?;
        }
        (ConflictKind::DeletedHere | ConflictKind::MergedHere(_), Choice::Theirs) => {
            if let Some(image) = &theirs.image {
                put = w.sync_put(table, image)?;
                exactly_theirs = true;
            }
        }
        (ConflictKind::DeletedThere(_), Choice::Theirs) => {
            change = w.sync_delete(table, uid)?;
            exactly_theirs = true;
        }
        (_, Choice::Mine) => {}
    }
    match put {
        Put::Written(c) => change = change.or(c),
        Put::Missing(_) => return w.sync_keep_pending(theirs),
    }
    if matches!(table, "relation" | "alias")
        && let Some(now) = w.sync_local(table, uid)?.image
        && let Some(twin) = w.sync_twin(table, &now)?
    {
        fold(w, table, uid, &twin)?;
    }
    let current = if exactly_theirs {
        change.map(|c| (theirs.version.as_str(), c))
    } else {
        None
    };
    w.sync_seen(table, uid, &theirs.history, current)
}
