//! What every request shares: the pool of read-only store handles, the
//! writer lock, the write token, the cached board and the annotator.

use crate::error::ApiError;
use crate::{ServeError, ServeOptions};
use marsad_annotate::{AnnotateConfig, Annotator};
use marsad_corpus::Store;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

/// The shared state of a running server (cheap to clone).
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Shared>,
}

pub(crate) struct Shared {
    pub store_dir: PathBuf,
    pub pool: ReaderPool,
    /// Serialises writers: one `POST /api/ingest` stores at a time.
    pub writer: Mutex<()>,
    pub token: String,
    /// `Host` header values accepted; empty accepts any (not on loopback).
    pub allowed_hosts: Vec<String>,
    pub annotate: AnnotateConfig,
    /// Built on the first ingest: most sessions never write.
    pub annotator: OnceLock<Result<Annotator, String>>,
    /// The last derived board with the store generation it was derived at:
    /// deriving reads every candidate document, so it is done once per
    /// store content, not per request.
    pub board: Mutex<Option<(StoreGeneration, Arc<marsad_board::Board>)>>,
}

/// What identifies a store's content cheaply: documents and the highest id.
/// A new ingest (here or in another process) changes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StoreGeneration {
    pub documents: i64,
    pub max_id: i64,
}

impl StoreGeneration {
    pub fn of(store: &Store) -> Result<StoreGeneration, ApiError> {
        // A constant statement: nothing from the request reaches SQL here.
        let (documents, max_id) = store
            .sqlite()
            .query_row("SELECT COUNT(*), COALESCE(MAX(id), 0) FROM documents", [], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
            })
            .map_err(|e| ApiError::internal(format!("store: {e}")))?;
        Ok(StoreGeneration { documents, max_id })
    }
}

impl AppState {
    /// Opens the store for the server: once for writing (creating or
    /// migrating it), then the read-only pool.
    pub fn open(options: &ServeOptions, token: String, bound: SocketAddr) -> Result<AppState, ServeError> {
        // Creates the folder and migrates an older schema; a concurrent
        // `marsad ingest` holding the index writer does not stop this
        // (the writer is only taken to write).
        drop(Store::open(&options.store_dir)?);
        let pool = ReaderPool::new(options.store_dir.clone(), options.readers.max(1));
        // Fail now, not on the first request, if the store cannot be read.
        pool.with(|_| Ok(())).map_err(|e| match e {
            PoolError::Store(e) => ServeError::Store(e),
            PoolError::Api(e) => ServeError::Runtime(std::io::Error::other(e.message)),
        })?;
        Ok(AppState {
            inner: Arc::new(Shared {
                store_dir: options.store_dir.clone(),
                pool,
                writer: Mutex::new(()),
                token,
                allowed_hosts: crate::security::allowed_hosts(bound),
                annotate: options.annotate.clone(),
                annotator: OnceLock::new(),
                board: Mutex::new(None),
            }),
        })
    }

    /// Runs `query` on a pooled read-only store, on the blocking thread pool.
    pub(crate) async fn read<T, F>(&self, query: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || state.inner.pool.with(query).map_err(ApiError::from))
            .await
            .map_err(|_| ApiError::internal("the query failed unexpectedly"))?
    }

    /// The situation board of the store as it is now, derived again only
    /// when the store changed since the last one.
    pub(crate) async fn board(&self) -> Result<Arc<marsad_board::Board>, ApiError> {
        let state = self.clone();
        self.read(move |store| {
            let generation = StoreGeneration::of(store)?;
            // Held while deriving: concurrent requests wait for one derive.
            let mut cached = lock(&state.inner.board);
            if let Some((seen, board)) = cached.as_ref() {
                if *seen == generation {
                    return Ok(Arc::clone(board));
                }
            }
            let board = Arc::new(
                marsad_board::derive(store)
                    .map_err(|e| ApiError::internal(format!("situation board: {e}")))?,
            );
            *cached = Some((generation, Arc::clone(&board)));
            Ok(board)
        })
        .await
    }

    /// The annotator, built on first use.
    pub(crate) fn annotator(&self) -> Result<&Annotator, ApiError> {
        self.inner
            .annotator
            .get_or_init(|| Annotator::new(&self.inner.annotate).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| ApiError::internal(format!("annotation pipeline: {e}")))
    }
}

/// Locks a mutex, going on after a panic elsewhere (the data it guards is
/// either replaced or checked by the caller).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Why a pooled read failed.
pub(crate) enum PoolError {
    Store(marsad_corpus::StoreError),
    Api(ApiError),
}

impl From<PoolError> for ApiError {
    fn from(e: PoolError) -> ApiError {
        match e {
            PoolError::Store(e) => ApiError::from(e),
            PoolError::Api(e) => e,
        }
    }
}

/// A few read-only stores, each behind a mutex, opened lazily. A handle
/// that saw an older write generation reloads its index first.
pub(crate) struct ReaderPool {
    dir: PathBuf,
    slots: Vec<Mutex<Option<(u64, Store)>>>,
    next: AtomicUsize,
    /// Bumped after each write through this server.
    generation: AtomicU64,
}

impl ReaderPool {
    fn new(dir: PathBuf, size: usize) -> ReaderPool {
        ReaderPool {
            dir,
            slots: (0..size).map(|_| Mutex::new(None)).collect(),
            next: AtomicUsize::new(0),
            generation: AtomicU64::new(0),
        }
    }

    /// Marks every handle stale (after a write).
    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Runs `f` on a free handle (waiting for one when all are busy).
    pub fn with<T>(&self, f: impl FnOnce(&Store) -> Result<T, ApiError>) -> Result<T, PoolError> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        let n = self.slots.len();
        let mut guard = (0..n)
            .find_map(|i| self.slots[(start + i) % n].try_lock().ok())
            .unwrap_or_else(|| lock(&self.slots[start % n]));
        let generation = self.generation.load(Ordering::SeqCst);
        match guard.as_mut() {
            Some((seen, store)) if *seen != generation => {
                store.reload().map_err(PoolError::Store)?;
                *seen = generation;
            }
            Some(_) => {}
            None => {
                let store = Store::open_read_only(&self.dir).map_err(PoolError::Store)?;
                *guard = Some((generation, store));
            }
        }
        let (_, store) = guard.as_ref().expect("slot filled above");
        // A panic inside a query must not leave a half-used handle behind:
        // drop it, the next request reopens one.
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(store))) {
            Ok(result) => result.map_err(PoolError::Api),
            Err(_) => {
                *guard = None;
                Err(PoolError::Api(ApiError::internal("the query failed unexpectedly")))
            }
        }
    }
}
