//! The sharing benchmark behind `lienket --db FILE bench sync`: two copies of the base
//! (consistent copies beside it, removed afterwards); `edits` edits made in the first,
//! one user action each (a summary changed, another name added, an entity added), and a
//! hundredth of them changed in the second too, so some conflict; then the first's change
//! file written, and read, previewed and taken by the second (conflicts settled as
//! theirs). A benchmark, not a test: it prints figures.

use crate::model::EntityId;
use crate::store::write::{EntityPatch, NewEntity};
use crate::store::{Create, Store};
use crate::sync::{self, ChangeFile, ExportOptions, Side};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

/// What was measured.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Report {
    /// Entities in the base.
    pub entities: i64,
    /// Edits made in the first copy.
    pub edits: usize,
    /// Copying the base twice and making the edits, seconds (not part of sharing).
    pub setup_s: f64,
    /// Writing the change file, seconds.
    pub export_s: f64,
    /// Rows in the file.
    pub rows: usize,
    /// Its size, MB.
    pub file_mb: f64,
    /// Reading and checking the file, seconds.
    pub read_s: f64,
    /// The preview (each row compared with the second copy), seconds.
    pub preview_s: f64,
    /// Conflicts the preview showed.
    pub conflicts: usize,
    /// Taking the file as one edit, seconds.
    pub take_s: f64,
}

/// A small deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: i64) -> i64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n.max(1) as u64) as i64
    }
}

/// Runs the benchmark on a base at `path`, reporting progress through `say`.
pub fn run(
    path: &Path,
    edits: usize,
    seed: u64,
    say: &mut dyn FnMut(&str),
) -> anyhow::Result<Report> {
    let dir = path.with_extension("bench-sync");
    std::fs::create_dir_all(&dir)?;
    let result = measure(path, &dir, edits, seed, say);
    // The copies take as much room as the base: never left behind.
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn measure(
    path: &Path,
    dir: &Path,
    edits: usize,
    seed: u64,
    say: &mut dyn FnMut(&str),
) -> anyhow::Result<Report> {
    let started = Instant::now();
    let (a_path, b_path) = (dir.join("a.db"), dir.join("b.db"));
    let entities = {
        let base = Store::open(path, Create::No)?;
        say("copying the base twice…");
        base.save_copy(&a_path)?;
        base.save_copy(&b_path)?;
        base.stats()?.entities
    };
    let mut a = Store::open(&a_path, Create::No)?;
    let mut b = Store::open(&b_path, Create::No)?;
    a.set_author("A");
    b.set_author("B");
    let ids = a
        .entity_id_bounds()?
        .ok_or_else(|| anyhow::anyhow!("the base has no entity"))?;
    let mut rng = Rng(seed);
    // Both copies hold the same base: what A shares is what it changed after that, as a
    // team that starts from copies of one file does (`--since` the day of the copy).
    let since_ms = crate::store::write::now_ms();
    say(&format!("making {edits} edits…"));
    for i in 0..edits {
        let id = EntityId(ids.0 + rng.below(ids.1 - ids.0 + 1));
        let _ = match i % 5 {
            0..=2 => a.edit("bench summary", |w| {
                w.update_entity(
                    id,
                    &EntityPatch {
                        summary: Some(format!("Tóm tắt sửa lần {i}")),
                        ..Default::default()
                    },
                )
                .map(|_| ())
            }),
            3 => a.edit("bench alias", |w| {
                w.add_alias(id, &format!("Tên khác {i}"), None).map(|_| ())
            }),
            _ => a.edit("bench entity", |w| {
                w.add_entity(&NewEntity {
                    kind: "organisation".into(),
                    name: format!("Tổ chức thử {i}"),
                    ..Default::default()
                })
                .map(|_| ())
            }),
        };
        if i % 100 == 0 {
            let _ = b.edit("bench conflict", |w| {
                w.update_entity(
                    id,
                    &EntityPatch {
                        summary: Some(format!("Bản của B {i}")),
                        ..Default::default()
                    },
                )
                .map(|_| ())
            });
        }
    }
    let setup_s = started.elapsed().as_secs_f64();

    say("writing the change file…");
    let t = Instant::now();
    let out = sync::prepare(
        &mut a,
        &ExportOptions {
            peer: "B".into(),
            since_ms: Some(since_ms),
            ..Default::default()
        },
    )?;
    let file_path = sync::write(&mut a, &out, dir)?;
    let export_s = t.elapsed().as_secs_f64();
    let file_mb = std::fs::metadata(&file_path)?.len() as f64 / 1e6;

    say("taking it in the second copy…");
    let t = Instant::now();
    let file = ChangeFile::read(&file_path)?;
    let read_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let preview = sync::preview(&b, &file)?;
    let preview_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let description = sync::description(&file, "");
    sync::take(
        &mut b,
        &file,
        "bench",
        &description,
        &BTreeMap::new(),
        Some(Side::Theirs),
    )?;
    let take_s = t.elapsed().as_secs_f64();
    Ok(Report {
        entities,
        edits,
        setup_s,
        export_s,
        rows: file.rows.len(),
        file_mb,
        read_s,
        preview_s,
        conflicts: preview.conflicts().count(),
        take_s,
    })
}

/// Prints the report.
pub fn print(r: &Report, out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(
        out,
        "sharing {} edits of a {}-entity base (setup {:.1} s)",
        r.edits, r.entities, r.setup_s
    )?;
    writeln!(
        out,
        "  export: {:.2} s, {} rows, {:.1} MB",
        r.export_s, r.rows, r.file_mb
    )?;
    writeln!(
        out,
        "  take:   read {:.2} s, preview {:.2} s ({} conflicts), take {:.2} s; in all {:.2} s",
        r.read_s,
        r.preview_s,
        r.conflicts,
        r.take_s,
        r.read_s + r.preview_s + r.take_s
    )
}
