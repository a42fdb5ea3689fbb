//! A process making many edits is killed with SIGKILL at random points; on reopening,
//! the file is intact, every edit it reported as committed is there, and no half edit is.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use lienket::store::{Create, Store};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// A small deterministic generator for the kill points.
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn killing_an_editing_process_loses_no_committed_edit_and_leaves_no_half_edit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    assert!(
        Command::new(env!("CARGO_BIN_EXE_lienket"))
            .arg("--db")
            .arg(&db)
            .arg("init")
            .status()
            .unwrap()
            .success()
    );
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut reported: Vec<String> = Vec::new();
    for round in 0..6 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lienket"))
            .arg("--db")
            .arg(&db)
            .args(["bench-edits", "--count", "100000", "--report"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        // Alternate between killing after a number of reported commits and killing after
        // a random delay, which lands anywhere inside an edit.
        if round % 2 == 0 {
            let wait_for = 5 + next(&mut rng) % 40;
            for _ in 0..wait_for {
                match lines.next() {
                    Some(Ok(l)) => reported.push(l),
                    _ => break,
                }
            }
            child.kill().unwrap();
        } else {
            let delay = 50 + next(&mut rng) % 400;
            std::thread::sleep(std::time::Duration::from_millis(delay));
            child.kill().unwrap();
        }
        // Whatever the child managed to report before dying counts as committed.
        for l in lines.map_while(Result::ok) {
            reported.push(l);
        }
        child.wait().unwrap();
    }
    assert!(
        reported.len() > 10,
        "the child reported only {} commits",
        reported.len()
    );

    let store = Store::open(&db, Create::No).unwrap();
    let report = store.check().unwrap();
    assert!(report.ok(), "{report:?}");
    for line in &reported {
        let mut parts = line.split_whitespace();
        assert_eq!(parts.next(), Some("committed"), "{line}");
        let edit: i64 = parts.next().unwrap().parse().unwrap();
        let uid = parts.next().unwrap();
        let entity = store
            .entity_by_uid(uid)
            .unwrap()
            .unwrap_or_else(|| panic!("committed entity {uid} (edit {edit}) is missing"));
        assert!(
            store
                .log(None, 1_000_000)
                .unwrap()
                .iter()
                .any(|e| e.id == edit)
        );
        assert_eq!(store.aliases(entity.id).unwrap().len(), 1);
    }
    // No half edit: every test entity has its alias and its relation, and every edit row
    // has its changes.
    let test_people = store
        .list(Some("person"), 1_000_000)
        .unwrap()
        .into_iter()
        .filter(|r| r.name.starts_with("Người thử nghiệm"))
        .collect::<Vec<_>>();
    assert!(test_people.len() >= reported.len());
    for p in &test_people {
        assert_eq!(
            store.aliases(p.id).unwrap().len(),
            1,
            "{} lost its alias",
            p.name
        );
        assert_eq!(
            store.degree(p.id).unwrap(),
            1,
            "{} lost its relation",
            p.name
        );
    }
    let log = store.log(None, usize::MAX).unwrap();
    assert!(
        log.iter().all(|e| e.changes > 0),
        "an edit without changes survived the crash"
    );
}
