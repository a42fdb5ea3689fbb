//! Background work for the window: searches and home-page figures run on a named thread
//! with its own read connection, so typing never waits for SQLite. A search superseded
//! by a newer keystroke is interrupted. In test mode the same jobs run inline.

use crate::search::{self, Hit, Query};
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

/// Work to do.
#[derive(Clone, Debug)]
pub enum Job {
    /// Run a search; `seq` orders keystrokes.
    Search {
        /// Sequence number, increasing.
        seq: u64,
        /// The query.
        query: Query,
    },
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
        /// Hits, or the error text.
        hits: Result<Vec<Hit>, String>,
    },
    /// Home page figures.
    Home(Result<HomeData, String>),
}

/// Runs one job on a store.
pub fn run_job(store: &Store, job: &Job) -> Done {
    match job {
        Job::Search { seq, query } => Done::Search {
            seq: *seq,
            hits: search::search(store.conn(), query).map_err(|e| e.to_string()),
        },
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

/// The background thread and its channels.
pub struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
    running: Arc<AtomicU64>,
    interrupt: Arc<Mutex<Option<rusqlite::InterruptHandle>>>,
}

impl Worker {
    /// Starts a worker reading `path`; `wake` is called after each finished job.
    pub fn start(path: &Path, wake: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        let running = Arc::new(AtomicU64::new(0));
        let interrupt = Arc::new(Mutex::new(None));
        let path: PathBuf = path.to_owned();
        let (running2, interrupt2) = (running.clone(), interrupt.clone());
        std::thread::Builder::new()
            .name("lienket-search".into())
            .spawn(move || {
                let store = match Store::open(&path, Create::No) {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = done_tx.send(Done::Home(Err(e.to_string())));
                        wake();
                        return;
                    }
                };
                if let Ok(mut slot) = interrupt2.lock() {
                    *slot = Some(store.conn().get_interrupt_handle());
                }
                while let Ok(first) = job_rx.recv() {
                    // Keep only the newest search among the waiting jobs.
                    let mut pending = vec![first];
                    loop {
                        match job_rx.try_recv() {
                            Ok(j) => pending.push(j),
                            Err(TryRecvError::Empty) => break,
                            Err(TryRecvError::Disconnected) => return,
                        }
                    }
                    let newest_search = pending
                        .iter()
                        .rposition(|j| matches!(j, Job::Search { .. }));
                    for (i, job) in pending.iter().enumerate() {
                        if matches!(job, Job::Search { .. }) && Some(i) != newest_search {
                            continue;
                        }
                        if let Job::Search { seq, .. } = job {
                            running2.store(*seq, Ordering::SeqCst);
                        }
                        let result = run_job(&store, job);
                        running2.store(0, Ordering::SeqCst);
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

    /// Queues a job. A new search interrupts an older one still running.
    pub fn send(&self, job: Job) {
        if let Job::Search { seq, .. } = &job {
            let running = self.running.load(Ordering::SeqCst);
            if running != 0
                && running < *seq
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
