//! Benchmarks of the write path, run from the command line on a real file:
//! `bench-edits` (the cost of one small edit, fsync included) and `bench-import` (a
//! million-row import as one edit, with and without the change log). They print
//! measurements; tests never assert on time.

pub mod extract;
pub mod graph;
pub mod search;
pub mod sync;

use crate::generate::{self, Params};
use crate::store::write::{NewEntity, NewRelation};
use crate::store::{Create, Result, Store};
use std::io::Write as _;
use std::path::Path;
use std::time::{Duration, Instant};

/// Latency percentiles of a run.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Percentiles {
    /// Number of samples.
    pub count: usize,
    /// Median, milliseconds.
    pub p50_ms: f64,
    /// 95th percentile, milliseconds.
    pub p95_ms: f64,
    /// 99th percentile, milliseconds.
    pub p99_ms: f64,
}

impl Percentiles {
    /// From raw samples.
    pub fn of(mut samples: Vec<Duration>) -> Self {
        samples.sort_unstable();
        let at = |q: f64| {
            if samples.is_empty() {
                return 0.0;
            }
            let i = ((samples.len() as f64 - 1.0) * q).round() as usize;
            samples[i].as_secs_f64() * 1000.0
        };
        Percentiles {
            count: samples.len(),
            p50_ms: at(0.50),
            p95_ms: at(0.95),
            p99_ms: at(0.99),
        }
    }
}

/// Runs `count` small edits on `store` (each adds an entity with an alias and a relation
/// to the first organisation), timing each commit. With `report`, each committed edit is
/// printed as `committed EDIT_ID ENTITY_UID` on stdout as soon as it is durable.
pub fn small_edits(store: &mut Store, count: usize, report: bool) -> Result<Percentiles> {
    let org = store
        .list(Some("organisation"), 1)?
        .into_iter()
        .next()
        .map(|r| r.id);
    let mut samples = Vec::with_capacity(count);
    let mut out = std::io::stdout().lock();
    for n in 0..count {
        let start = Instant::now();
        let name = format!("Người thử nghiệm {n}");
        let (edit, uid) = store.edit(&format!("add \"{name}\""), |w| {
            let id = w.add_entity(&NewEntity {
                kind: "person".into(),
                name: name.clone(),
                ..Default::default()
            })?;
            w.add_alias(id, &format!("TN {n}"), None)?;
            if let Some(org) = org {
                w.add_relation(&NewRelation {
                    subject: id.0,
                    predicate: "holds_position".into(),
                    object: org.0,
                    role: Some("Chuyên viên".into()),
                    ..Default::default()
                })?;
            }
            Ok((w.edit_id(), w.entity_uid(id.0)?))
        })?;
        samples.push(start.elapsed());
        if report {
            // The edit is committed: a reader told so may rely on it.
            let _ = writeln!(out, "committed {edit} {uid}");
            let _ = out.flush();
        }
    }
    Ok(Percentiles::of(samples))
}

/// Imports `entities` generated entities as one recorded bulk edit into a new file,
/// returning the time taken.
pub fn import(path: &Path, entities: usize) -> Result<Duration> {
    let mut store = Store::open(path, Create::IfMissing).map_err(|e| {
        crate::store::StoreError::Invalid(format!("cannot create {}: {e}", path.display()))
    })?;
    let start = Instant::now();
    generate::generate(
        &mut store,
        Params {
            entities,
            relations: 0,
            seed: 1,
        },
        |_, _, _| {},
    )?;
    Ok(start.elapsed())
}
