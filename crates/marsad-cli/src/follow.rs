//! Following folders for new or changed article files (`marsad ingest
//! --watch`): change notification from the OS (inotify and friends, through
//! the `notify` crate) with a polling fallback, and a stop flag raised by
//! Ctrl-C or SIGTERM.
//!
//! The follower does not read articles: it hands back files that look
//! *complete*. A file is complete when its size and modification time have
//! not changed for a quiet period, and, for JSONL, when it ends with a
//! newline (a line without one is probably still being written; after a
//! longer grace period it is handed back anyway). Each version of a file is
//! handed back once, so a bad file is reported once, until it changes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Raised by Ctrl-C (SIGINT), SIGTERM or SIGHUP: the follower's owner
/// finishes the batch in flight and stops.
#[derive(Clone, Debug, Default)]
pub struct StopSignal(Arc<AtomicBool>);

impl StopSignal {
    /// A flag raised by the process's termination signals. Only one handler
    /// can be installed per process; a second call fails.
    pub fn install() -> Result<StopSignal, FollowError> {
        let stop = StopSignal::default();
        let flag = stop.0.clone();
        ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst))
            .map_err(|e| FollowError::Signal(e.to_string()))?;
        Ok(stop)
    }

    pub fn is_raised(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// The follower could not start.
#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    #[error("installing the Ctrl-C / SIGTERM handler: {0}")]
    Signal(String),
}

/// How the follower waits for files.
#[derive(Clone, Debug)]
pub struct FollowOptions {
    /// How long a file must stay unchanged before it is handed back, and
    /// how long the folders must stay quiet before [`Followed::Quiet`].
    pub quiet_period: Duration,
    /// How often the folders are scanned when the OS gives no change
    /// notification (or `force_poll`).
    pub poll_interval: Duration,
    /// Scan on a timer even if OS notification works (network file systems
    /// do not notify).
    pub force_poll: bool,
    /// How long a JSONL file without a final newline is waited for.
    pub newline_grace: Duration,
}

impl Default for FollowOptions {
    fn default() -> Self {
        FollowOptions {
            quiet_period: Duration::from_millis(500),
            poll_interval: Duration::from_secs(2),
            force_poll: false,
            newline_grace: Duration::from_secs(10),
        }
    }
}

/// What [`FolderFollower::next`] saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Followed {
    /// New or changed files that look complete, sorted by path.
    Ready(Vec<PathBuf>),
    /// Nothing changed for a quiet period (the time to relink).
    Quiet,
    /// The stop flag was raised.
    Stopped,
}

/// A file's size and modification time: it changed when either did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
}

fn stamp(path: &Path) -> Option<FileStamp> {
    let meta = std::fs::metadata(path).ok()?;
    meta.is_file().then(|| FileStamp { len: meta.len(), modified: meta.modified().ok() })
}

/// A file that changed and is not handed back yet.
#[derive(Clone, Copy, Debug)]
struct Pending {
    stamp: FileStamp,
    /// When the stamp was last seen to change.
    changed_at: Instant,
}

/// The files of the followed folders, as listed by the caller's function
/// (`marsad_ingest::discover` in the CLI: article extensions, no hidden files).
pub type ListFiles = Box<dyn Fn(&[PathBuf]) -> Vec<PathBuf> + Send>;

/// Follows folders (and files) for new or changed article files.
pub struct FolderFollower {
    roots: Vec<PathBuf>,
    list_files: ListFiles,
    options: FollowOptions,
    /// The version of each file already handed back (or there at the start).
    known: BTreeMap<PathBuf, FileStamp>,
    pending: BTreeMap<PathBuf, Pending>,
    /// Keeps the OS watcher alive; `None` when polling.
    watcher: Option<notify::RecommendedWatcher>,
    changes: Receiver<()>,
    last_scan: Instant,
    /// Something changed since the last [`Followed::Quiet`].
    active_since_quiet: bool,
    last_activity: Instant,
}

impl FolderFollower {
    /// Starts following `roots`. The files there now count as known (the
    /// caller has just ingested them): only later changes are handed back.
    pub fn new(roots: Vec<PathBuf>, list_files: ListFiles, options: FollowOptions) -> FolderFollower {
        let (tx, changes) = channel();
        let watcher = if options.force_poll {
            None
        } else {
            use notify::Watcher;
            let handler = move |event: notify::Result<notify::Event>| {
                if event.map(|e| !e.kind.is_access()).unwrap_or(true) {
                    let _ = tx.send(());
                }
            };
            notify::recommended_watcher(handler).ok().and_then(|mut w| {
                for root in &roots {
                    w.watch(root, notify::RecursiveMode::Recursive).ok()?;
                }
                Some(w)
            })
        };
        let known = list_files(&roots).into_iter().filter_map(|p| Some((p.clone(), stamp(&p)?))).collect();
        let now = Instant::now();
        FolderFollower {
            roots,
            list_files,
            options,
            known,
            pending: BTreeMap::new(),
            watcher,
            changes,
            last_scan: now,
            active_since_quiet: false,
            last_activity: now,
        }
    }

    /// `inotify` (or the platform's notification) or `polling`.
    pub fn mode(&self) -> &'static str {
        if self.watcher.is_some() {
            "change notification"
        } else {
            "polling"
        }
    }

    /// Waits for complete new or changed files, a quiet period after
    /// activity, or the stop flag.
    pub fn next(&mut self, stop: &StopSignal) -> Followed {
        let tick =
            (self.options.quiet_period / 4).clamp(Duration::from_millis(20), Duration::from_millis(200));
        loop {
            if stop.is_raised() {
                return Followed::Stopped;
            }
            let mut scan = false;
            match self.changes.recv_timeout(tick) {
                Ok(()) => {
                    scan = true;
                    while self.changes.try_recv().is_ok() {}
                }
                Err(RecvTimeoutError::Timeout) => {}
                // The watcher died: poll from now on.
                Err(RecvTimeoutError::Disconnected) => {
                    self.watcher = None;
                    std::thread::sleep(tick);
                }
            }
            let now = Instant::now();
            if self.watcher.is_none() && now.duration_since(self.last_scan) >= self.options.poll_interval {
                scan = true;
            }
            if scan {
                self.scan(now);
            }
            let ready = self.take_ready(now);
            if !ready.is_empty() {
                self.active_since_quiet = true;
                self.last_activity = Instant::now();
                return Followed::Ready(ready);
            }
            if self.active_since_quiet
                && self.pending.is_empty()
                && now.duration_since(self.last_activity) >= self.options.quiet_period
            {
                self.active_since_quiet = false;
                return Followed::Quiet;
            }
        }
    }

    /// Lists the folders and notes every file whose stamp differs from the
    /// known one.
    fn scan(&mut self, now: Instant) {
        self.last_scan = now;
        let files = (self.list_files)(&self.roots);
        let present: std::collections::BTreeSet<&PathBuf> = files.iter().collect();
        // A deleted file is forgotten: if it comes back, it is new.
        self.known.retain(|p, _| present.contains(p));
        self.pending.retain(|p, _| present.contains(p));
        for path in &files {
            let Some(current) = stamp(path) else { continue };
            if self.known.get(path) == Some(&current) {
                self.pending.remove(path);
                continue;
            }
            match self.pending.get_mut(path) {
                Some(p) if p.stamp == current => {}
                Some(p) => *p = Pending { stamp: current, changed_at: now },
                None => {
                    self.pending.insert(path.clone(), Pending { stamp: current, changed_at: now });
                }
            }
        }
        if !self.pending.is_empty() {
            self.last_activity = now;
        }
    }

    /// The pending files unchanged for the quiet period (checked again on
    /// disk), and complete.
    fn take_ready(&mut self, now: Instant) -> Vec<PathBuf> {
        let mut ready = Vec::new();
        let quiet = self.options.quiet_period;
        let grace = self.options.newline_grace;
        for (path, pending) in self.pending.iter_mut() {
            if now.duration_since(pending.changed_at) < quiet {
                continue;
            }
            match stamp(path) {
                Some(s) if s == pending.stamp => {}
                Some(s) => {
                    *pending = Pending { stamp: s, changed_at: now };
                    continue;
                }
                None => continue,
            }
            if is_jsonl(path) && !ends_with_newline(path) && now.duration_since(pending.changed_at) < grace {
                continue;
            }
            ready.push(path.clone());
        }
        for path in &ready {
            if let Some(p) = self.pending.remove(path) {
                self.known.insert(path.clone(), p.stamp);
            }
        }
        ready
    }
}

/// JSONL by extension: read line by line, so a half-written last line is
/// a parse error, not a shorter article.
fn is_jsonl(path: &Path) -> bool {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    matches!(ext.as_str(), "jsonl" | "ndjson" | "jsonlines")
}

fn ends_with_newline(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = std::fs::File::open(path) else { return false };
    if f.seek(SeekFrom::End(-1)).is_err() {
        // Empty: nothing to read yet.
        return false;
    }
    let mut last = [0u8; 1];
    f.read_exact(&mut last).is_ok() && last[0] == b'\n'
}
