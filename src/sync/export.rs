//! Writing a change file: every row this copy's edits changed since the last file for a
//! colleague (or since a chosen date), as it is now, private entities and properties left
//! out unless included.

use super::file::{ChangeFile, EditLine, VERSION, file_name};
use crate::store::sync::{FileRecord, MAX_ROWS};
use crate::store::write::{Image, new_uid, now_ms};
use crate::store::{Result, Store, StoreError};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// What to write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Who the file is for: the changes since the last file for them are written. The
    /// shared folder is one such colleague.
    pub peer: String,
    /// Every change since this time (unix ms) instead.
    pub since_ms: Option<i64>,
    /// Private entities and properties go too.
    pub include_private: bool,
    /// Leave out the rows taken from other copies and not changed here since (shared
    /// folder mode, where every copy reads every copy's files).
    pub own_only: bool,
    /// The most rows the file may hold ([`MAX_ROWS`] when `None`).
    pub most_rows: Option<u64>,
}

/// A change file ready to write.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub file: ChangeFile,
    /// Its file name.
    pub name: String,
    /// Rows left out as private.
    pub left_out: usize,
    last_change: i64,
    peer: String,
}

/// The change file `options` describe, not yet written.
pub fn prepare(store: &mut Store, options: &ExportOptions) -> Result<Outgoing> {
    let copy = store.sync_identity()?;
    let after = match options.since_ms {
        Some(ms) => store.sync_change_before(ms)?,
        None => store.sync_sent_to(&options.peer)?,
    };
    let most = options.most_rows.unwrap_or(MAX_ROWS);
    let changed = store.sync_outgoing(after, !options.own_only, most)?;
    let mut rows = Vec::with_capacity(changed.rows.len());
    let mut left_out = 0;
    for mut row in changed.rows {
        if !options.include_private {
            if row.private {
                left_out += 1;
                continue;
            }
            if row.table == "entity" {
                row.image = row.image.map(strip_private);
                row.base = row.base.map(strip_private);
            }
        }
        rows.push(row);
    }
    let file = ChangeFile {
        format: "lienket-changes".into(),
        version: VERSION,
        file_id: new_uid(),
        copy_id: copy.id,
        copy_name: copy.name,
        author: store.author().to_owned(),
        created_at: now_ms(),
        private_included: options.include_private,
        edits: changed
            .edits
            .into_iter()
            .map(|(uid, at, author, description)| EditLine {
                uid,
                at,
                author,
                description,
            })
            .collect(),
        rows,
    };
    let name = file_name(&file);
    Ok(Outgoing {
        file,
        name,
        left_out,
        last_change: changed.last_change,
        peer: options.peer.clone(),
    })
}

/// An entity's image without the properties it keeps private.
fn strip_private(mut image: Image) -> Image {
    let Some(text) = image.get("properties").and_then(Value::as_str) else {
        return image;
    };
    let Ok(mut props) = serde_json::from_str::<serde_json::Map<String, Value>>(text) else {
        return image;
    };
    crate::exchange::select::strip_private_properties(&mut props);
    image.insert(
        "properties".into(),
        Value::String(Value::Object(props).to_string()),
    );
    image
}

/// Writes `out` into folder `dir` (or to `dir` itself when it names a file) without ever
/// leaving half a file under the final name, and remembers it was sent. Returns its path.
pub fn write(store: &mut Store, out: &Outgoing, dir: &Path) -> Result<PathBuf> {
    let path = if dir.is_dir() {
        dir.join(&out.name)
    } else {
        dir.to_owned()
    };
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let temp = folder.join(format!(".{}.partial", out.name));
    let io = |e: std::io::Error| StoreError::Io {
        path: path.clone(),
        source: e,
    };
    std::fs::write(&temp, out.file.to_bytes()).map_err(io)?;
    if let Err(e) = std::fs::File::open(&temp).and_then(|f| f.sync_all()) {
        let _ = std::fs::remove_file(&temp);
        return Err(io(e));
    }
    if let Err(e) = std::fs::rename(&temp, &path) {
        let _ = std::fs::remove_file(&temp);
        return Err(io(e));
    }
    store.sync_record_out(
        &FileRecord {
            file_id: out.file.file_id.clone(),
            name: out.name.clone(),
            peer: out.peer.clone(),
            copy_id: out.file.copy_id.clone(),
            copy_name: out.file.copy_name.clone(),
            at: out.file.created_at,
        },
        out.last_change,
    )?;
    Ok(path)
}
