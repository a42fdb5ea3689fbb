//! Sharing edits between copies of a knowledge base that are often offline: change files
//! carried by whatever a team already uses (a USB stick, e-mail, Zalo, a synced folder),
//! never the live database.
//!
//! - `file`: the change file format, versioned and checked.
//! - `export`: writing the changes since the last file for a colleague.
//! - `preview`: what taking a file would do, row by row, conflicts included.
//! - `take`: taking it as one undoable edit, conflicts settled as chosen.
//! - `folder`: shared folder mode.
//!
//! Rows are matched by uid, so built-in rows never duplicate; each row carries its version
//! and history (`store::sync`), so taking a file twice, or a file relaying rows already
//! here, changes nothing, and a row changed on both sides is never silently overwritten.

pub mod export;
pub mod file;
pub mod folder;
pub mod preview;
pub mod take;

pub use export::{ExportOptions, Outgoing, prepare, write};
pub use file::{ChangeFile, FileError};
pub use preview::{Action, ConflictKind, Counts, Item, Preview, preview};
pub use take::{Choice, Side, TakeReport, description, take};

/// A time (unix ms) as `YYYYMMDD-HHMMSS`, in UTC, for file names.
pub fn stamp(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = crate::model::civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}-{:02}{:02}{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The start of a day written `YYYY-MM-DD` or `DD/MM/YYYY` (UTC), in unix ms: what
/// "every change since a date" starts from.
pub fn day_start(text: &str) -> Option<i64> {
    let text = text.trim();
    let parts: Vec<u32> = text
        .split(['-', '/'])
        .map(|p| p.parse().ok())
        .collect::<Option<Vec<_>>>()?;
    let (y, m, d) = match parts[..] {
        [y, m, d] if text.contains('-') => (y, m, d),
        [d, m, y] if text.contains('/') => (y, m, d),
        _ => return None,
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || y < 1000 {
        return None;
    }
    Some(crate::model::unix_days_of(y * 10_000 + m * 100 + d) * 86_400_000)
}
