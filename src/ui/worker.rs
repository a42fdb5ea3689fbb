//! Background work for the window: searches, the search index's preparation and the home
//! page's figures run on a named thread with its own connection, so typing never waits for
//! SQLite. A search superseded by a newer keystroke for the same list is interrupted. In
//! test mode the same jobs run inline.

use crate::search::{self, Filters, Query, Results};
use crate::store::{Create, EntityRow, Stats, Store};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::sync::{Arc, Mutex};

/// Figures for the home page.
#[derive(Clone, Debug, PartialEq)]
pub struct HomeData {
    /// Counts.
    pub stats: Stats,
    /// The most connected entities with their relation counts.
    pub top: Vec<(EntityRow, i64)>,
}

/// Which list a search fills.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// The search panel on the left.
    Panel,
    /// The command palette.
    Palette,
    /// The theme picker of the filters.
    ThemePicker,
}

/// Work to do.
#[derive(Clone, Debug)]
pub enum Job {
    /// Run a search; `seq` orders keystrokes (one sequence for every target).
    Search {
        /// Sequence number, increasing.
        seq: u64,
        /// The list it is for.
        target: Target,
        /// The query.
        query: Query,
        /// Filters beyond the kind.
        filters: Filters,
    },
    /// Bring the search index up to date (a file from an older version, degrees after a
    /// generation).
    PrepareIndex,
    /// Compute the home page.
    Home,
}

/// Work done.
#[derive(Debug)]
pub enum Done {
    /// Search results for `seq`.
    Search {
        /// Which keystroke.
        seq: u64,
        /// The list it is for.
        target: Target,
        /// Results, or the error text.
        results: Result<Results, String>,
    },
    /// Index preparation progress, 0 to 1.
    IndexProgress(f32),
    /// The index is ready (or could not be prepared).
    IndexReady(Result<(), String>),
    /// Home page figures.
    Home(Result<HomeData, String>),
}

/// Runs one job on a store; `progress` hears about long work.
pub fn run_job(store: &mut Store, job: &Job, progress: &mut dyn FnMut(Done)) -> Done {
    match job {
        Job::Search {
            seq,
            target,
            query,
            filters,
        } => Done::Search {
            seq: *seq,
            target: *target,
            results: search::search_with(store.conn(), query, filters).map_err(|e| e.to_string()),
        },
        Job::PrepareIndex => {
            let mut last = -1.0f32;
            let r = search::index::prepare(store, &mut |done, total| {
                let f = if total == 0 {
                    1.0
                } else {
                    done as f32 / total as f32
                };
                if f - last >= 0.01 {
                    last = f;
                    progress(Done::IndexProgress(f));
                }
            });
            Done::IndexReady(r.map(|_| ()).map_err(|e| e.to_string()))
        }
        Job::Home => Done::Home(
            store
                .stats()
                .and_then(|stats| {
                    Ok(HomeData {
                        stats,
                        top: store.most_connected(12)?,
                    })
                })
                .map_err(|e| e.to_string()),
        ),
    }
}

/// The search running now, if any: its sequence number and target.
#[derive(Default)]
struct Running {
    seq: AtomicU64,
    target: Mutex<Option<Target>>,
}

/// The background thread and its channels.
pub struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
    running: Arc<Running>,
    interrupt: Arc<Mutex<Option<rusqlite::InterruptHandle>>>,
}

impl Worker {
    /// Starts a worker reading `path`; `wake` is called after each finished job.
    pub fn start(path: &Path, wake: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        let running = Arc::new(Running::default());
        let interrupt = Arc::new(Mutex::new(None));
        let path: PathBuf = path.to_owned();
        let (running2, interrupt2) = (running.clone(), interrupt.clone());
        std::thread::Builder::new()
            .name("lienket-search".into())
            .spawn(move || {
                let mut store = match Store::open(&path, Create::No) {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = done_tx.send(Done::Home(Err(e.to_string())));
                        wake();
                        return;
                    }
                };
                // Best effort: without it searches only read more from the file.
                let _ = search::tune(store.conn());
                if let Ok(mut slot) = interrupt2.lock() {
                    *slot = Some(store.conn().get_interrupt_handle());
                }
                while let Ok(first) = job_rx.recv() {
                    // Keep only the newest search of each target among the waiting jobs.
                    let mut pending = vec![first];
                    loop {
                        match job_rx.try_recv() {
                            Ok(j) => pending.push(j),
                            Err(TryRecvError::Empty) => break,
                            Err(TryRecvError::Disconnected) => return,
                        }
                    }
                    let newest = |t: Target| {
                        pending
                            .iter()
                            .rposition(|j| matches!(j, Job::Search { target, .. } if *target == t))
                    };
                    let keep: Vec<Option<usize>> =
                        [Target::Panel, Target::Palette, Target::ThemePicker]
                            .into_iter()
                            .map(newest)
                            .collect();
                    for (i, job) in pending.iter().enumerate() {
                        if matches!(job, Job::Search { .. }) && !keep.contains(&Some(i)) {
                            continue;
                        }
                        if let Job::Search { seq, target, .. } = job {
                            running2.seq.store(*seq, Ordering::SeqCst);
                            if let Ok(mut t) = running2.target.lock() {
                                *t = Some(*target);
                            }
                        }
                        let tx = done_tx.clone();
                        let result = run_job(&mut store, job, &mut |d| {
                            let _ = tx.send(d);
                            wake();
                        });
                        running2.seq.store(0, Ordering::SeqCst);
                        if done_tx.send(result).is_err() {
                            return;
                        }
                        wake();
                    }
                }
            })?;
        Ok(Worker {
            jobs,
            done,
            running,
            interrupt,
        })
    }

    /// Queues a job. A new search interrupts an older one for the same list still running.
    pub fn send(&self, job: Job) {
        if let Job::Search { seq, target, .. } = &job {
            let running = self.running.seq.load(Ordering::SeqCst);
            let same_target = self
                .running
                .target
                .lock()
                .map(|t| *t == Some(*target))
                .unwrap_or(false);
            if running != 0
                && running < *seq
                && same_target
                && let Ok(slot) = self.interrupt.lock()
                && let Some(handle) = slot.as_ref()
            {
                handle.interrupt();
            }
        }
        // A closed channel means the thread ended; its error was already reported.
        let _ = self.jobs.send(job);
    }

    /// Results that have arrived.
    pub fn poll(&self) -> Vec<Done> {
        self.done.try_iter().collect()
    }
}
