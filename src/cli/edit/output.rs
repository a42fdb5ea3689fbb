//! What the editing commands print: the entity, relation or edit that resulted, as one
//! line of text or as JSON, and times of the history as UTC dates.

use super::resolve::relation_id;
use crate::model::{Direction, EntityId};
use crate::store::{EditInfo, Store};
use anyhow::Context as _;
use std::io::Write as _;

/// Prints an entity as "VERB KIND "NAME" [UID]", or its whole detail in JSON.
pub(super) fn print_entity(
    store: &Store,
    id: EntityId,
    json: bool,
    verb: &str,
) -> anyhow::Result<()> {
    let detail = store.detail(id)?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &detail)?;
        writeln!(out)?;
    } else {
        let e = &detail.entity;
        writeln!(out, "{verb} {} \"{}\" [{}]", e.kind, e.name, e.uid)?;
    }
    Ok(())
}

/// Prints an edit as "#ID DESCRIPTION (N changes)", or in JSON.
pub(super) fn print_edit(info: &EditInfo, json: bool) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, info)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "#{} {} ({} changes)",
            info.id, info.description, info.changes
        )?;
    }
    Ok(())
}

/// Prints a relation as "SUBJECT —PREDICATE (ROLE)→ OBJECT [UID]", or in JSON.
pub(super) fn print_relation(store: &Store, uid: &str, json: bool) -> anyhow::Result<()> {
    let (_, subject) = relation_id(store, uid)?;
    let detail = store.detail(subject)?;
    let r = detail
        .relations
        .into_iter()
        .find(|r| r.uid == uid && r.direction == Direction::Out)
        .context("the relation vanished")?;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &r)?;
        writeln!(out)?;
    } else {
        writeln!(
            out,
            "{} —{}{}→ {} [{}]",
            detail.entity.name,
            r.predicate,
            r.role
                .as_deref()
                .map(|x| format!(" ({x})"))
                .unwrap_or_default(),
            r.other.name,
            r.uid
        )?;
    }
    Ok(())
}

/// Unix milliseconds as "YYYY-MM-DD HH:MM" (UTC).
pub fn format_time(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_as_utc_dates() {
        assert_eq!(format_time(0), "1970-01-01 00:00");
        assert_eq!(format_time(1_700_000_000_000), "2023-11-14 22:13");
        assert_eq!(format_time(951_782_400_000), "2000-02-29 00:00");
    }
}
