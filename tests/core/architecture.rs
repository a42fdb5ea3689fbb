//! The rules of ARCHITECTURE.md that a reader of the source can check, kept by reading
//! `src/` (as rust-analyzer's tidy tests do): only the store speaks SQL, only the window
//! draws, each layer uses only the layers below it, and no source file outgrows one job.

use std::path::{Path, PathBuf};

/// Longest a source file may grow, in lines.
const MAX_LINES: usize = 900;

/// A layer of the crate, by the path of its files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layer {
    Model,
    Text,
    Store,
    Feature,
    Cli,
    Ui,
    Entry,
}

/// The layer a file under `src/` belongs to.
fn layer_of(relative: &str) -> Layer {
    let first = relative.split('/').next().unwrap_or_default();
    match first.trim_end_matches(".rs") {
        "model" => Layer::Model,
        "text" | "i18n" => Layer::Text,
        "store" => Layer::Store,
        "cli" => Layer::Cli,
        "ui" => Layer::Ui,
        "main" | "lib" | "entry" | "bin" => Layer::Entry,
        _ => Layer::Feature,
    }
}

/// The layer of a top-level module named in `crate::NAME`.
fn layer_of_module(name: &str) -> Layer {
    layer_of(&format!("{name}.rs"))
}

/// Whether code of layer `from` may use layer `to`: ui, cli → features → store → model;
/// text (and the translations) is used by all and uses only the model.
fn may_use(from: Layer, to: Layer) -> bool {
    use Layer::*;
    match from {
        Entry => true,
        Ui | Cli => !matches!(to, Ui | Cli | Entry) || from == to,
        Feature => matches!(to, Feature | Store | Model | Text),
        Store => matches!(to, Store | Model | Text),
        Text => matches!(to, Text | Model),
        Model => matches!(to, Model),
    }
}

fn source_files() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path
                    .strip_prefix(&root)
                    .expect("under src")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((relative, std::fs::read_to_string(&path).expect("read")));
            }
        }
    }
    out.sort();
    assert!(out.len() > 10, "src/ was not found");
    out
}

/// The code of a file without its comment lines.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
}

/// Whether `line` names the crate `name` as a path or in a `use`.
fn names_crate(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = &line[at + name.len()..];
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            && (after.starts_with("::") || after.starts_with(';') || after.starts_with(" as"))
    })
}

#[test]
fn only_the_store_speaks_sql() {
    let offenders: Vec<String> = source_files()
        .iter()
        .filter(|(path, _)| layer_of(path) != Layer::Store)
        .flat_map(|(path, text)| {
            code_lines(text)
                .filter(|(_, l)| names_crate(l, "rusqlite"))
                .map(move |(n, _)| format!("src/{path}:{n}"))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "rusqlite outside src/store/: {offenders:?}"
    );
}

#[test]
fn only_the_window_draws() {
    let offenders: Vec<String> = source_files()
        .iter()
        .filter(|(path, _)| layer_of(path) != Layer::Ui)
        .flat_map(|(path, text)| {
            code_lines(text)
                .filter(|(_, l)| {
                    ["egui", "eframe", "egui_kittest", "rfd"]
                        .iter()
                        .any(|c| names_crate(l, c))
                })
                .map(move |(n, _)| format!("src/{path}:{n}"))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "egui, eframe or rfd outside src/ui/: {offenders:?}"
    );
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let mut offenders = Vec::new();
    for (path, text) in source_files() {
        let from = layer_of(&path);
        for (n, line) in code_lines(&text) {
            for (at, _) in line.match_indices("crate::") {
                let module: String = line[at + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if module.is_empty() || line[..at].ends_with(|c: char| c.is_alphanumeric()) {
                    continue;
                }
                let to = layer_of_module(&module);
                if !may_use(from, to) {
                    offenders.push(format!("src/{path}:{n} ({from:?} uses {to:?}: {module})"));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
}

#[test]
fn no_source_file_outgrows_one_job() {
    let long: Vec<String> = source_files()
        .iter()
        .map(|(path, text)| (path, text.lines().count()))
        .filter(|(_, n)| *n > MAX_LINES)
        .map(|(path, n)| format!("src/{path}: {n} lines"))
        .collect();
    assert!(
        long.is_empty(),
        "split these files (at most {MAX_LINES} lines): {long:?}"
    );
}

#[test]
fn the_rules_catch_what_they_are_meant_to_catch() {
    assert!(names_crate("use rusqlite::Connection;", "rusqlite"));
    assert!(names_crate(
        "    let c: rusqlite::Result<()> = x;",
        "rusqlite"
    ));
    assert!(!names_crate("use my_rusqlite_helpers::x;", "rusqlite"));
    assert!(names_crate("use egui::Ui;", "egui"));
    assert!(!names_crate("use egui_kittest::Harness;", "egui"));
    assert!(!may_use(Layer::Store, Layer::Ui));
    assert!(!may_use(Layer::Store, Layer::Feature));
    assert!(!may_use(Layer::Feature, Layer::Cli));
    assert!(!may_use(Layer::Model, Layer::Store));
    assert!(may_use(Layer::Ui, Layer::Store));
    assert!(may_use(Layer::Cli, Layer::Feature));
    assert_eq!(layer_of("store/search/engine.rs"), Layer::Store);
    assert_eq!(layer_of("ui/views.rs"), Layer::Ui);
    assert_eq!(layer_of("bench/search.rs"), Layer::Feature);
    assert_eq!(layer_of("extract/matcher.rs"), Layer::Feature);
    assert_eq!(layer_of("entry.rs"), Layer::Entry);
    assert_eq!(layer_of("bin/lienket-console.rs"), Layer::Entry);
}
