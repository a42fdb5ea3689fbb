//! Saved selections: the entities chosen and how far around them, kept under a name in
//! the file, saved and replaced as edits that undo, exported again from the command line,
//! entities deleted since left out.

#![allow(clippy::unwrap_used)] // Tests: a failed unwrap is a failed test.

use super::cli::lienket;
use lienket::exchange::{self, ExportChoice, Selection};

fn counts(store: &lienket::store::Store, selection: Selection) -> exchange::Counts {
    let choice = ExportChoice {
        selection,
        include_private: false,
    };
    exchange::prepare(store, &choice).unwrap().1
}

#[test]
fn a_selection_is_saved_replaced_undone_and_exports_what_it_chose() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kb.db");
    let mut store = lienket::location::open_or_create(&path, true).unwrap();
    let to_duc = store.resolve("Tô Đức").unwrap().unwrap();
    let uid = store.entity(to_duc).unwrap().uid;
    store
        .edit("save", |w| w.save_selection("Lớp 1", &[to_duc], 1))
        .unwrap();
    let saved = store.selection("Lớp 1").unwrap().unwrap();
    assert_eq!(
        (saved.entities.clone(), saved.depth),
        (vec![uid.clone()], 1)
    );
    let around = Selection::Around {
        uids: vec![uid.clone()],
        depth: 1,
    };
    assert_eq!(
        counts(&store, Selection::saved(&store, &saved)),
        counts(&store, around)
    );
    assert_ne!(
        counts(&store, Selection::saved(&store, &saved)),
        counts(&store, Selection::All)
    );
    // The same name again replaces it; undo brings the first back, then removes it.
    store
        .edit("save again", |w| w.save_selection("Lớp 1", &[to_duc], 0))
        .unwrap();
    assert_eq!(store.selections().unwrap().len(), 1);
    assert_eq!(store.selection("Lớp 1").unwrap().unwrap().depth, 0);
    store.undo().unwrap();
    assert_eq!(store.selection("Lớp 1").unwrap().unwrap().depth, 1);
    store.undo().unwrap();
    assert!(store.selections().unwrap().is_empty());
    // An entity deleted since is left out, not an error.
    store.redo().unwrap();
    store.edit("delete", |w| w.delete_entity(to_duc)).unwrap();
    let saved = store.selection("Lớp 1").unwrap().unwrap();
    assert_eq!(
        Selection::saved(&store, &saved),
        Selection::Around {
            uids: Vec::new(),
            depth: 1
        }
    );
}

#[test]
fn the_command_line_saves_a_selection_and_exports_it_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kb.db");
    drop(lienket::location::open_or_create(&db, true).unwrap());
    let run = |args: &[&str]| {
        let db = db.to_str().unwrap();
        lienket(dir.path(), &[["--db", db].as_slice(), args].concat())
    };
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    let first = run(&[
        "export",
        "--entity",
        "Tô Đức",
        "--depth",
        "1",
        "--save-selection",
        "Lớp 1",
        a.to_str().unwrap(),
    ]);
    assert!(first.status.success(), "{first:?}");
    let again = run(&["export", "--selection", "Lớp 1", b.to_str().unwrap()]);
    assert!(again.status.success(), "{again:?}");
    let said = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stderr)
            .lines()
            .find(|l| l.contains("wrote"))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(said(&first), said(&again));
    assert_eq!(
        std::fs::read_to_string(&a).unwrap(),
        std::fs::read_to_string(&b).unwrap()
    );
    let unknown = run(&["export", "--selection", "Lớp 9", b.to_str().unwrap()]);
    assert!(!unknown.status.success());
    let message = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        message.contains("Lớp 9") && message.contains("Lớp 1"),
        "{message}"
    );
}
