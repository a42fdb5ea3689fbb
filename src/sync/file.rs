//! The change file: what one copy sends another, versioned and checked.
//!
//! On disk a change file is one header line and a JSON body:
//!
//! ```text
//! LIENKET-CHANGES 1 bytes=<body length> sha256=<hex digest of the body>
//! {"format":"lienket-changes","version":1,"file_id":…,"rows":[…],…}
//! ```
//!
//! The header lets a truncated, altered or foreign file be refused before anything is
//! read from it, and a file from a newer Lienket be told apart (the user must upgrade).
//! The body's rows carry references by uid and each row's version and history (see
//! `store::sync`). `docs/change-file.md` documents the format.

use crate::store::sync::WireRow;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The first word of every change file.
pub const MAGIC: &str = "LIENKET-CHANGES";
/// The format version this build writes and reads.
pub const VERSION: u32 = 1;
/// The extension of change files.
pub const EXTENSION: &str = "lienket-changes";
/// The largest change file read (bytes): a bound against a wrong file chosen by mistake.
const MAX_BYTES: u64 = 2 << 30;

/// An edit a change file carries, for the activity list.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EditLine {
    pub uid: String,
    /// Unix ms.
    pub at: i64,
    pub author: String,
    pub description: String,
}

/// What one copy sends another: every row its edits changed since the last file for that
/// colleague, as those rows are now.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ChangeFile {
    /// Always `lienket-changes`.
    pub format: String,
    /// [`VERSION`] when written by this build.
    pub version: u32,
    /// This file's id: taking it twice is noticed.
    pub file_id: String,
    /// The sending copy.
    pub copy_id: String,
    pub copy_name: String,
    /// Who wrote the file.
    pub author: String,
    /// Unix ms.
    pub created_at: i64,
    /// Whether private entities and properties were included.
    pub private_included: bool,
    pub edits: Vec<EditLine>,
    pub rows: Vec<WireRow>,
}

/// Why a change file was refused.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("could not read {0}: {1}")]
    Io(String, std::io::Error),
    #[error("not a Lienket change file")]
    Foreign,
    #[error("made by a newer Lienket (change file version {0}): upgrade Lienket to take it")]
    Newer(u32),
    #[error("damaged or altered: {0}")]
    Damaged(String),
}

impl ChangeFile {
    /// The file's bytes: header line and body.
    pub fn to_bytes(&self) -> Vec<u8> {
        let body = serde_json::to_vec(self).unwrap_or_default();
        let digest = hex(&Sha256::digest(&body));
        let mut out =
            format!("{MAGIC} {VERSION} bytes={} sha256={digest}\n", body.len()).into_bytes();
        out.extend_from_slice(&body);
        out
    }

    /// Reads a change file's bytes, refusing foreign, newer, truncated or altered ones.
    pub fn from_bytes(bytes: &[u8]) -> Result<ChangeFile, FileError> {
        let newline = bytes
            .iter()
            .position(|b| *b == b'\n')
            .filter(|n| *n < 512)
            .ok_or(FileError::Foreign)?;
        let header = std::str::from_utf8(&bytes[..newline]).map_err(|_| FileError::Foreign)?;
        let mut words = header.split(' ');
        if words.next() != Some(MAGIC) {
            return Err(FileError::Foreign);
        }
        let version: u32 = words
            .next()
            .and_then(|v| v.parse().ok())
            .ok_or(FileError::Foreign)?;
        if version > VERSION {
            return Err(FileError::Newer(version));
        }
        let field = |name: &str| {
            header
                .split(' ')
                .find_map(|w| w.strip_prefix(name))
                .map(str::to_owned)
        };
        let length: usize = field("bytes=")
            .and_then(|n| n.parse().ok())
            .ok_or_else(|| FileError::Damaged("its header has no length".into()))?;
        let digest = field("sha256=")
            .ok_or_else(|| FileError::Damaged("its header has no checksum".into()))?;
        let body = &bytes[newline + 1..];
        if body.len() != length {
            return Err(FileError::Damaged(format!(
                "{} bytes where {length} were written (cut short or added to)",
                body.len()
            )));
        }
        if hex(&Sha256::digest(body)) != digest {
            return Err(FileError::Damaged(
                "its content does not match its checksum".into(),
            ));
        }
        let file: ChangeFile = serde_json::from_slice(body)
            .map_err(|e| FileError::Damaged(format!("unreadable content ({e})")))?;
        if file.format != "lienket-changes" {
            return Err(FileError::Foreign);
        }
        if file.version > VERSION {
            return Err(FileError::Newer(file.version));
        }
        file.check()?;
        Ok(file)
    }

    /// Reads a change file from disk.
    pub fn read(path: &Path) -> Result<ChangeFile, FileError> {
        let shown = path.display().to_string();
        let size = std::fs::metadata(path)
            .map_err(|e| FileError::Io(shown.clone(), e))?
            .len();
        if size > MAX_BYTES {
            return Err(FileError::Foreign);
        }
        let bytes = std::fs::read(path).map_err(|e| FileError::Io(shown, e))?;
        ChangeFile::from_bytes(&bytes)
    }

    /// Every row names a known table and its own uid, and its version is in its history.
    fn check(&self) -> Result<(), FileError> {
        for row in &self.rows {
            let bad = |what: &str| FileError::Damaged(format!("row {}: {what}", row.uid));
            crate::store::sync::table(&row.table).map_err(|_| bad("unknown table"))?;
            if row.uid.trim().is_empty() || row.version.trim().is_empty() {
                return Err(bad("no uid or version"));
            }
            if let Some(image) = &row.image
                && image.get("uid").and_then(|u| u.as_str()) != Some(row.uid.as_str())
            {
                return Err(bad("its content names another row"));
            }
            if !row.history.contains(&row.version) {
                return Err(bad("its version is not in its history"));
            }
        }
        Ok(())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A file name no other copy or export uses: the copy's name (as letters and digits), its
/// id, the time and the file's own id.
pub fn file_name(file: &ChangeFile) -> String {
    let slug: String = crate::text::fold(&file.copy_name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|w| !w.is_empty())
        .take(4)
        .collect::<Vec<_>>()
        .join("-");
    let hexdigits = |s: &str| {
        s.chars()
            .filter(char::is_ascii_hexdigit)
            .collect::<String>()
    };
    let (copy, id) = (hexdigits(&file.copy_id), hexdigits(&file.file_id));
    let time = crate::sync::stamp(file.created_at);
    format!(
        "{}-{}-{time}-{}.{EXTENSION}",
        if slug.is_empty() { "copy" } else { &slug },
        &copy[..copy.len().min(8)],
        // The random end of the id (its start is the time).
        &id[id.len().saturating_sub(12)..]
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn sample() -> ChangeFile {
        ChangeFile {
            format: "lienket-changes".into(),
            version: VERSION,
            file_id: "0193a3c4-5b6d-7e8f-9a0b-1c2d3e4f5a6b".into(),
            copy_id: "c0ffee00-1111-4222-8333-444455556666".into(),
            copy_name: "Nguyễn Thị Hà".into(),
            author: "ha".into(),
            created_at: 1_764_662_400_000,
            private_included: false,
            edits: Vec::new(),
            rows: Vec::new(),
        }
    }

    #[test]
    fn a_file_reads_back_and_any_altered_byte_is_refused() {
        let bytes = sample().to_bytes();
        assert_eq!(ChangeFile::from_bytes(&bytes).unwrap(), sample());
        let body_start = bytes.iter().position(|b| *b == b'\n').unwrap() + 1;
        for i in [body_start, body_start + 10, bytes.len() - 1] {
            let mut altered = bytes.clone();
            altered[i] ^= 0x01;
            assert!(matches!(
                ChangeFile::from_bytes(&altered),
                Err(FileError::Damaged(_))
            ));
        }
        assert!(matches!(
            ChangeFile::from_bytes(&bytes[..bytes.len() - 3]),
            Err(FileError::Damaged(_))
        ));
        assert!(matches!(
            ChangeFile::from_bytes(b"PK\x03\x04 a zip file"),
            Err(FileError::Foreign)
        ));
        let newer = String::from_utf8(bytes).unwrap().replacen(" 1 ", " 2 ", 1);
        assert!(matches!(
            ChangeFile::from_bytes(newer.as_bytes()),
            Err(FileError::Newer(2))
        ));
    }

    #[test]
    fn names_are_plain_and_differ_per_file() {
        let a = sample();
        let mut b = sample();
        b.file_id = "0193a3c4-5b6d-7e8f-9a0b-ffffffffffff".into();
        let (na, nb) = (file_name(&a), file_name(&b));
        assert!(na.starts_with("nguyen-thi-ha-c0ffee00-"), "{na}");
        assert!(na.ends_with(".lienket-changes"));
        assert!(na.is_ascii());
        assert_ne!(na, nb);
    }
}
