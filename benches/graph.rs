//! Frame cost of the graph page on generated bases: `cargo bench --bench graph` (sizes:
//! `GRAPH_SIZES`, default "2000x6000,20000x60000", entities × relations). For each base
//! it opens the window, draws the whole base as a graph and steps frames while the layout
//! runs, then idle frames once it has settled. Every frame is also tessellated (what a
//! renderer would get), so a frame's time is its CPU time on the UI thread, GPU upload
//! aside. Prints figures; asserts nothing about time.

mod support;

use lienket::ui::Action;
use lienket::ui::commands::Command;
use std::time::{Duration, Instant};
use support::{app_on, generated, ms, step};

fn percentile(sorted: &[Duration], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    ms(sorted[((sorted.len() - 1) as f64 * q).round() as usize])
}

fn measure(entities: usize, relations: usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("graph.db");
    generated(&path, entities, relations);
    let mut h = app_on(&path);
    support::until_home(&mut h);
    h.state_mut().act(Action::Run(Command::Graph));
    let t = Instant::now();
    while h.state().data.graph.is_none() {
        std::thread::sleep(Duration::from_millis(2));
        step(&mut h);
    }
    let read = t.elapsed();
    let (nodes, edges) = {
        let g = h.state().data.graph.as_ref().expect("graph");
        (g.network.nodes.len(), g.network.edges.len())
    };
    println!(
        "{entities} entities, {relations} relations: graph of {nodes} nodes, {edges} links read in {:.0} ms",
        ms(read)
    );

    let mut running = Vec::new();
    let start = Instant::now();
    while !h
        .state()
        .data
        .graph
        .as_ref()
        .expect("graph")
        .layout
        .settled()
        && start.elapsed() < Duration::from_secs(120)
    {
        running.push(step(&mut h));
    }
    let converged = start.elapsed();
    let steps = h.state().data.graph.as_ref().expect("graph").layout.steps();
    running.sort_unstable();
    println!(
        "  while the layout runs: {} frames in {:.1} s ({:.1} frames/s), frame p50 {:.1} ms, p95 {:.1} ms; settled after {steps} steps",
        running.len(),
        converged.as_secs_f64(),
        running.len() as f64 / converged.as_secs_f64().max(1e-9),
        percentile(&running, 0.5),
        percentile(&running, 0.95),
    );
    let mut idle: Vec<Duration> = (0..60).map(|_| step(&mut h)).collect();
    idle.sort_unstable();
    println!(
        "  settled, drawing only: frame p50 {:.2} ms, p95 {:.2} ms",
        percentile(&idle, 0.5),
        percentile(&idle, 0.95)
    );
    // One layout step of this graph, alone.
    let g = h.state().data.graph.as_ref().expect("graph");
    let mut layout =
        lienket::graph::layout::Layout::new(g.network.nodes.len(), g.network.pairs(), 1);
    let mut steps: Vec<Duration> = (0..20)
        .map(|_| {
            let t = Instant::now();
            layout.step();
            t.elapsed()
        })
        .collect();
    steps.sort_unstable();
    println!(
        "  one layout step: p50 {:.2} ms; one step plus drawing: {:.2} ms",
        percentile(&steps, 0.5),
        percentile(&steps, 0.5) + percentile(&idle, 0.5)
    );
}

fn main() {
    let sizes = std::env::var("GRAPH_SIZES").unwrap_or_else(|_| "2000x6000,20000x60000".into());
    for size in sizes.split(',') {
        let Some((e, r)) = size.split_once('x') else {
            continue;
        };
        match (e.trim().parse(), r.trim().parse()) {
            (Ok(e), Ok(r)) => measure(e, r),
            _ => eprintln!("GRAPH_SIZES: cannot read {size:?}"),
        }
    }
}
