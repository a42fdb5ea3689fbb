//! Frame cost of the window on a large generated base, opening its biggest hub:
//! `cargo bench --bench hub` (sizes: `HUB_ENTITIES`, `HUB_RELATIONS`; an existing file:
//! `HUB_DB`). Prints figures; asserts nothing about time.
//!
//! The window runs headless in egui_kittest; each frame is also tessellated (what a
//! renderer would get), so a frame's time here is its CPU time on the UI thread, GPU
//! upload aside.

mod support;

use egui_kittest::Harness;
use lienket::store::{Create, Store};
use lienket::ui::{Action, LienketApp};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use support::{app_on, generated, ms, step};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// User + system CPU time of this process, from /proc (Linux); `None` elsewhere.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses): utime is the 12th, stime
    // the 13th, in clock ticks (100 per second on Linux).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// Steps `n` frames, returning the mean wall time and mean CPU time per frame.
fn frames(
    h: &mut Harness<'static, LienketApp>,
    n: u32,
    mut before: impl FnMut(&mut Harness<'static, LienketApp>, u32),
) -> (f64, Option<f64>) {
    let cpu0 = cpu_time();
    let mut wall = Duration::ZERO;
    for i in 0..n {
        before(h, i);
        wall += step(h);
    }
    let cpu = cpu0.zip(cpu_time()).map(|(a, b)| ms(b - a) / f64::from(n));
    (ms(wall) / f64::from(n), cpu)
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = match std::env::var_os("HUB_DB") {
        Some(p) => PathBuf::from(p),
        None => {
            let entities = env_usize("HUB_ENTITIES", 1_000_000);
            let relations = env_usize("HUB_RELATIONS", 3_000_000);
            let path = dir.path().join("hub.db");
            let t = Instant::now();
            generated(&path, entities, relations);
            println!(
                "generated {entities} entities, {relations} relations in {:.1} s",
                t.elapsed().as_secs_f64()
            );
            path
        }
    };
    let (hub, degree) = {
        let store = Store::open(&path, Create::No).expect("open");
        store.most_connected(1).expect("most connected").remove(0)
    };
    println!("biggest hub: {} ({degree} relations)", hub.name);
    {
        // What reading everything at once would cost, for comparison with paging.
        let store = Store::open(&path, Create::No).expect("open");
        let t = Instant::now();
        let detail = store.detail(hub.id).expect("detail");
        let read = t.elapsed();
        let t = Instant::now();
        let view = lienket::ui::EntityView::new(detail);
        println!(
            "  all at once: Store::detail {:.1} ms, EntityView::new {:.1} ms ({} relations)",
            ms(read),
            ms(t.elapsed()),
            view.relation_count()
        );
        // Page by page, as the window reads it.
        let t = Instant::now();
        store.detail_head(hub.id).expect("head");
        let head = t.elapsed();
        let t = Instant::now();
        let groups = store.relation_groups(hub.id).expect("groups");
        let counted = t.elapsed();
        let t = Instant::now();
        for g in &groups {
            let first = if g.count <= lienket::ui::PAGE {
                lienket::ui::PAGE
            } else {
                lienket::ui::FIRST_ROWS
            };
            store
                .relations_page(hub.id, &g.predicate, g.direction, 0, first)
                .expect("page");
        }
        let pages = t.elapsed();
        let t = Instant::now();
        store.relation_citations(hub.id).expect("citations");
        println!(
            "  page by page: head {:.1} ms, group counts {:.1} ms, first rows {:.1} ms; sources (in the background) {:.1} ms",
            ms(head),
            ms(counted),
            ms(pages),
            ms(t.elapsed())
        );
    }

    let t = Instant::now();
    let mut h = app_on(&path);
    step(&mut h);
    println!("window's first frame: {:.1} ms", ms(t.elapsed()));
    support::until_home(&mut h);
    println!("home page complete: {:.1} ms", ms(t.elapsed()));

    // Opening: the frame that handles the action builds the view model; the next one
    // draws the hub.
    h.state_mut().take_store_calls();
    h.state_mut().act(Action::Open(hub.id));
    let t = Instant::now();
    step(&mut h);
    let handled = t.elapsed();
    step(&mut h);
    let first = t.elapsed();
    let groups = h.state().data.entity.as_ref().map(|v| {
        (
            v.groups.len(),
            v.relation_count(),
            v.groups.iter().map(|g| g.items.len()).max().unwrap_or(0),
            v.sources.len(),
        )
    });
    println!(
        "open the hub: view model {:.1} ms, first frame of the hub at {:.1} ms",
        ms(handled),
        ms(first)
    );
    if let Some((g, n, big, s)) = groups {
        println!("  {g} groups, {n} relations (largest group {big}), {s} documents cited");
    }
    println!(
        "  store calls while opening: {}",
        h.state_mut().take_store_calls()
    );

    let (wall, cpu) = frames(&mut h, 200, |_, _| {});
    println!(
        "idle frame: {wall:.2} ms wall, {} CPU; store calls in 200 frames: {}",
        cpu.map(|c| format!("{c:.2} ms"))
            .unwrap_or_else(|| "?".into()),
        h.state_mut().take_store_calls()
    );

    // Scrolling: the wheel over the middle of the page, down then up.
    let (wall, cpu) = frames(&mut h, 200, |h, i| {
        let dy = if i < 100 { -40.0 } else { 40.0 };
        h.hover_at(egui::pos2(800.0, 500.0));
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, dy),
            modifiers: egui::Modifiers::NONE,
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
        });
    });
    println!(
        "scrolling frame: {wall:.2} ms wall, {} CPU",
        cpu.map(|c| format!("{c:.2} ms"))
            .unwrap_or_else(|| "?".into())
    );

    // Loading everything: every page of every group, as scrolling to each end would.
    let groups = h.state().data.entity.as_ref().map_or(0, |v| v.groups.len());
    let t = Instant::now();
    for g in 0..groups {
        while h
            .state()
            .data
            .entity
            .as_ref()
            .is_some_and(|v| v.groups[g].is_partial())
        {
            h.state_mut().act(Action::LoadMore(g));
            step(&mut h);
        }
    }
    println!(
        "load every remaining page: {:.1} ms; then an idle frame: {:.2} ms",
        ms(t.elapsed()),
        frames(&mut h, 50, |_, _| {}).0
    );
}
