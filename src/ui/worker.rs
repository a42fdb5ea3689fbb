//! Background work for the window: searches, the search index's preparation and the home
//! page's figures run on a named thread with its own connection, so typing never waits for
//! SQLite. A search superseded by a newer keystroke for the same list is interrupted, and
//! only that search: the check and the interruption happen under the lock the thread takes
//! to switch jobs. Errors cross the channel typed. In test mode the same jobs run inline.

use crate::model::{Citation, EntityId};
use crate::store::search::{Filters, Query, Results};
use crate::store::{Create, EntityRow, Interrupt, OpenError, Stats, Store, StoreError};
use std::path::{Path, PathBuf};
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
        /// List what the filters select, whatever the text ([`Store::browse`]).
        browse: bool,
    },
    /// Bring the search index up to date (a file from an older version, degrees after a
    /// generation).
    PrepareIndex,
    /// Compute the home page.
    Home,
    /// Read the citations of every relation of an entity (its sources section).
    Sources(EntityId),
    /// Read a timeline's items.
    Timeline(crate::timeline::TimelineScope),
    /// Read the network a graph shows.
    Graph(crate::graph::network::Scope),
    /// Import a document or a sheet (or only check it, for the preview).
    Import(Box<ImportJob>),
    /// Find known entities and proposals in a text (NFC); `seq` orders the requests.
    Extract {
        /// Sequence number, increasing.
        seq: u64,
        /// The text.
        text: String,
    },
    /// Find the user's documents that name an entity without a link to it.
    Unlinked(EntityId),
    /// Take a colleague's change file as settled.
    TakeChanges(Box<TakeJob>),
}

/// A change file to take: the file, its name, the edit's description, the choices.
#[derive(Clone, Debug)]
pub struct TakeJob {
    pub file: crate::sync::ChangeFile,
    pub name: String,
    pub description: String,
    pub choices: std::collections::BTreeMap<(String, String), crate::sync::Choice>,
}

/// An import for the worker: what, how, and the flag that cancels it.
#[derive(Clone, Debug)]
pub struct ImportJob {
    /// The document or sheet read.
    pub input: super::exchange::Loaded,
    /// Duplicates, dry run.
    pub options: crate::store::ImportOptions,
    /// The edit's description.
    pub description: String,
    /// Set to stop the import (nothing is written).
    pub cancel: Arc<std::sync::atomic::AtomicBool>,
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
        /// Results, or why not ([`StoreError::Interrupted`] when superseded).
        results: Result<Results, StoreError>,
    },
    /// Index preparation progress, 0 to 1.
    IndexProgress(f32),
    /// The index is ready (or could not be prepared).
    IndexReady(Result<(), StoreError>),
    /// Home page figures.
    Home(Result<HomeData, StoreError>),
    /// The citations of every relation of an entity.
    Sources(EntityId, Result<Vec<Citation>, StoreError>),
    /// Import progress, 0 to 1.
    ImportProgress(f32),
    /// The import's (or the preview's) report, or why it stopped.
    Imported(Result<crate::store::ImportReport, StoreError>),
    /// A timeline's items.
    Timeline(Result<crate::timeline::Timeline, StoreError>),
    /// The network of a graph.
    Graph(Result<crate::graph::network::Network, StoreError>),
    /// What a text holds, or why it could not be analysed.
    Extracted(u64, Result<Box<super::document::Analysis>, String>),
    /// The documents that name an entity without a link to it.
    Unlinked(
        EntityId,
        Result<Vec<crate::extract::unlinked::Unlinked>, StoreError>,
    ),
    /// What taking a change file did, or why it failed (nothing was written).
    Taken(Box<Result<crate::sync::TakeReport, StoreError>>),
    /// The worker could not open the file: it runs no job.
    Unavailable(OpenError),
}

/// Runs one job on a store; `progress` hears about long work.
pub fn run_job(store: &mut Store, job: &Job, progress: &mut dyn FnMut(Done)) -> Done {
    match job {
        Job::Search {
            seq,
            target,
            query,
            filters,
            browse,
        } => Done::Search {
            seq: *seq,
            target: *target,
            results: if *browse {
                store.browse(query, filters).map(|hits| Results {
                    hits,
                    reading: None,
                })
            } else {
                store.search_with(query, filters)
            },
        },
        Job::PrepareIndex => {
            let mut last = -1.0f32;
            let r = store.prepare_search_index(&mut |done, total| {
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
            Done::IndexReady(r.map(|_| ()))
        }
        Job::Home => Done::Home(store.stats().and_then(|stats| {
            Ok(HomeData {
                stats,
                top: store.most_connected(12)?,
            })
        })),
        Job::Sources(id) => Done::Sources(*id, store.relation_citations(*id)),
        Job::Timeline(scope) => Done::Timeline(crate::timeline::Timeline::read(store, *scope)),
        Job::Graph(scope) => Done::Graph(crate::graph::network::Network::read(
            store,
            *scope,
            crate::graph::network::MOST_NODES,
        )),
        Job::Extract { seq, text } => Done::Extracted(
            *seq,
            super::document::analyse(store, text.clone())
                .map(Box::new)
                .map_err(|e| format!("{e:#}")),
        ),
        Job::Unlinked(id) => {
            Done::Unlinked(*id, crate::extract::unlinked::unlinked_mentions(store, *id))
        }
        Job::TakeChanges(job) => Done::Taken(Box::new(crate::sync::take(
            store,
            &job.file,
            &job.name,
            &job.description,
            &job.choices,
            None,
        ))),
        Job::Import(job) => {
            let mut last = -1.0f32;
            let mut tell = |done: usize, total: usize| {
                if job.cancel.load(std::sync::atomic::Ordering::Relaxed) {
                    return false;
                }
                let f = done as f32 / total.max(1) as f32;
                if f - last >= 0.01 {
                    last = f;
                    progress(Done::ImportProgress(f));
                }
                true
            };
            let options = job.options;
            Done::Imported(match &job.input {
                super::exchange::Loaded::Document(doc) => {
                    store.import_document_with(doc, options, &job.description, &mut tell)
                }
                super::exchange::Loaded::Sheet(sheet, mapping, None) => {
                    crate::exchange::import_table_with(
                        store,
                        sheet,
                        mapping,
                        options,
                        &job.description,
                        &mut tell,
                    )
                }
                super::exchange::Loaded::Sheet(_, mapping, Some(source)) => match source.open() {
                    Ok(file) => crate::exchange::import_sheets(
                        store,
                        &[(&file, mapping)],
                        options,
                        &job.description,
                        &mut tell,
                    ),
                    Err(e) => Err(StoreError::Invalid(e.to_string())),
                },
            })
        }
    }
}

/// The search running now, if any, and how to interrupt it. One lock guards both, so an
/// interruption meant for one search can never reach the next.
#[derive(Default)]
struct Running {
    search: Option<(u64, Target)>,
    interrupt: Option<Interrupt>,
}

/// The background thread and its channels.
pub struct Worker {
    jobs: Sender<Job>,
    done: Receiver<Done>,
    running: Arc<Mutex<Running>>,
}

impl Worker {
    /// Starts a worker reading `path`; `wake` is called after each finished job.
    pub fn start(path: &Path, wake: impl Fn() + Send + 'static) -> std::io::Result<Self> {
        let (jobs, job_rx) = channel::<Job>();
        let (done_tx, done) = channel::<Done>();
        let running = Arc::new(Mutex::new(Running::default()));
        let path: PathBuf = path.to_owned();
        let running2 = running.clone();
        let set_running = move |search: Option<(u64, Target)>| {
            if let Ok(mut r) = running2.lock() {
                r.search = search;
            }
        };
        let running3 = running.clone();
        std::thread::Builder::new()
            .name("lienket-search".into())
            .spawn(move || {
                let mut store = match Store::open(&path, Create::No) {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = done_tx.send(Done::Unavailable(e));
                        wake();
                        return;
                    }
                };
                // Best effort: without it searches only read more from the file.
                let _ = store.tune_for_search();
                if let Ok(mut r) = running3.lock() {
                    r.interrupt = Some(store.interrupt_handle());
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
                            set_running(Some((*seq, *target)));
                        }
                        let tx = done_tx.clone();
                        let result = run_job(&mut store, job, &mut |d| {
                            let _ = tx.send(d);
                            wake();
                        });
                        set_running(None);
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
        })
    }

    /// Queues a job. A new search interrupts an older one for the same list still running.
    pub fn send(&self, job: Job) {
        if let Job::Search { seq, target, .. } = &job
            && let Ok(running) = self.running.lock()
            && let Some((running_seq, running_target)) = running.search
            && running_seq < *seq
            && running_target == *target
            && let Some(handle) = &running.interrupt
        {
            handle.interrupt();
        }
        // A closed channel means the thread ended; its error was already reported.
        let _ = self.jobs.send(job);
    }

    /// Results that have arrived.
    pub fn poll(&self) -> Vec<Done> {
        self.done.try_iter().collect()
    }
}
