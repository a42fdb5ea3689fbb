//! Schema migrations: append-only SQL files under `migrations/`, embedded in the binary
//! and applied in order, each in its own transaction together with the new
//! `user_version`. A shipped migration is never edited.

use super::APPLICATION_ID;
use rusqlite::Connection;

/// One migration step.
#[derive(Clone, Copy, Debug)]
pub struct Migration {
    /// The schema version this migration produces.
    pub version: i64,
    /// Its SQL.
    pub sql: &'static str,
}

/// Every migration, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        sql: include_str!("../../migrations/0001_init.sql"),
    },
    Migration {
        version: 2,
        sql: include_str!("../../migrations/0002_search.sql"),
    },
    Migration {
        version: 3,
        sql: include_str!("../../migrations/0003_bulk_undo.sql"),
    },
    Migration {
        version: 4,
        sql: include_str!("../../migrations/0004_citation_locator.sql"),
    },
    Migration {
        version: 5,
        sql: include_str!("../../migrations/0005_edit_class.sql"),
    },
    Migration {
        version: 6,
        sql: include_str!("../../migrations/0006_citation_confidence.sql"),
    },
    Migration {
        version: 7,
        sql: include_str!("../../migrations/0007_not_duplicate.sql"),
    },
    Migration {
        version: 8,
        sql: include_str!("../../migrations/0008_kind_colour.sql"),
    },
    Migration {
        version: 9,
        sql: include_str!("../../migrations/0009_dismissed_warning.sql"),
    },
    Migration {
        version: 10,
        sql: include_str!("../../migrations/0010_remembered_choices_logged.sql"),
    },
    Migration {
        version: 11,
        sql: include_str!("../../migrations/0011_relation_triple_index.sql"),
    },
    Migration {
        version: 12,
        sql: include_str!("../../migrations/0012_saved_selection.sql"),
    },
    Migration {
        version: 13,
        sql: include_str!("../../migrations/0013_saved_map.sql"),
    },
    Migration {
        version: 14,
        sql: include_str!("../../migrations/0014_relation_object_triple.sql"),
    },
    Migration {
        version: 15,
        sql: include_str!("../../migrations/0015_document_text.sql"),
    },
    Migration {
        version: 16,
        sql: include_str!("../../migrations/0016_sync.sql"),
    },
    Migration {
        version: 17,
        sql: include_str!("../../migrations/0017_search_postings.sql"),
    },
];

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].version;

/// Applies every migration newer than the file's `user_version`. Each step commits on its
/// own; a failing step rolls back and leaves the file at the previous version.
pub fn migrate(conn: &mut Connection, migrations: &[Migration]) -> rusqlite::Result<()> {
    // An up-to-date file is only read: opening never waits on another program's lock.
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if let Some(search) = migrations.iter().find(|m| m.version == 2)
        && current == 3
        && !has_table(conn, "search_meta")?
    {
        // Migration 2 (search) landed after 3: the builds between them wrote version 3
        // without it. Its tables are derived data, built again on first use.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        if !has_table(&tx, "search_meta")? {
            tx.execute_batch(search.sql)?;
            tx.commit()?;
            tracing::info!("added the search tables a build of version 3 left out");
        }
    }
    for m in migrations.iter().filter(|m| m.version > current) {
        // The version is read again inside the step's write transaction: when two programs
        // open a new or old file at once, the second sees the first's steps and skips them.
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if m.version <= current {
            continue;
        }
        tx.execute_batch(m.sql)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", m.version)?;
        tx.commit()?;
        tracing::info!(
            "migrated the schema from version {current} to {}",
            m.version
        );
    }
    Ok(())
}

/// Whether the file has a table of that name.
fn has_table(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [name],
        |r| r.get(0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failing_migration_rolls_back_and_keeps_the_previous_version() {
        let mut conn = Connection::open_in_memory().expect("in-memory database");
        migrate(&mut conn, MIGRATIONS).expect("migrate an empty database");
        let broken = [
            MIGRATIONS[0],
            Migration {
                version: LATEST_VERSION + 1,
                sql: "CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);",
            },
        ];
        assert!(migrate(&mut conn, &broken).is_err());
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("user_version");
        assert_eq!(version, LATEST_VERSION);
        let half: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE name = 'half_done'",
                [],
                |r| r.get(0),
            )
            .expect("count tables");
        assert_eq!(half, 0, "the failed step left a table behind");
    }

    #[test]
    fn versions_are_strictly_increasing() {
        for pair in MIGRATIONS.windows(2) {
            assert!(pair[0].version < pair[1].version);
        }
        assert_eq!(MIGRATIONS[0].version, 1);
    }
}
