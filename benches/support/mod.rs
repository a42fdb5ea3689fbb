//! What the window benchmarks share: the real app in a headless harness with its worker
//! thread, a frame stepped and tessellated, a generated base.

use egui_kittest::Harness;
use lienket::store::{Create, Store};
use lienket::ui::{AppOptions, LienketApp, Settings};
use std::path::Path;
use std::time::{Duration, Instant};

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The app on `path`, with the real worker thread as the window runs it: background reads
/// stay off the UI thread. No daily backup: one of a large file would run beside what is
/// measured.
pub fn app_on(path: &Path) -> Harness<'static, LienketApp> {
    let path = path.to_owned();
    Harness::builder()
        .with_size([1280.0, 860.0])
        .with_max_steps(24)
        .build_eframe(move |cc| {
            LienketApp::new(
                cc,
                AppOptions {
                    db: Some(path),
                    inline_jobs: false,
                    settings: Some(Settings::default()),
                    backups_root: None,
                    daily_backup: false,
                    crash_dir: None,
                },
            )
        })
}

/// One frame: the app's logic and drawing, then tessellation of what it drew (what a
/// renderer would get); returns its wall time.
pub fn step(h: &mut Harness<'static, LienketApp>) -> Duration {
    let t = Instant::now();
    h.step();
    let shapes = h.output().shapes.clone();
    let primitives = h.ctx.tessellate(shapes, h.ctx.pixels_per_point());
    std::hint::black_box(primitives);
    t.elapsed()
}

/// Steps frames until the worker has computed the home page (and, on an old file, the
/// search index).
pub fn until_home(h: &mut Harness<'static, LienketApp>) {
    step(h);
    while h.state().data.home.is_none() || h.state().data.index_progress.is_some() {
        std::thread::sleep(Duration::from_millis(5));
        step(h);
    }
}

/// A new file at `path` filled by `generate` (seed 7).
pub fn generated(path: &Path, entities: usize, relations: usize) {
    let mut store = Store::open(path, Create::IfMissing).expect("create");
    lienket::generate::generate(
        &mut store,
        lienket::generate::Params {
            entities,
            relations,
            seed: 7,
        },
        |_, _, _| {},
    )
    .expect("generate");
}
