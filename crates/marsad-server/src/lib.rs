//! `marsad serve`: the HTTP JSON API and the web UI over a store.
//!
//! - **Routes** ([`router`]): `GET /api/...` read the store and return JSON
//!   (the corpus and board types serialised as they are; offsets are code
//!   points); `POST /api/ingest` annotates and stores articles (bearer
//!   token); `GET /` and `GET /assets/{file}` serve the UI files embedded in
//!   the binary; `GET /api/openapi.json` describes all of it
//!   (`openapi.json` next to this crate's `Cargo.toml`).
//! - **Store access**: rusqlite's connection is not `Sync`, so the server
//!   keeps a small pool of read-only [`Store`](marsad_corpus::Store) handles
//!   behind mutexes and runs every query in `spawn_blocking`; writes go
//!   through one writer handle at a time. After a write, readers reopen.
//! - **Security** ([`security`]): 127.0.0.1 unless told otherwise; a strict
//!   Content-Security-Policy and `nosniff` on every response; a `Host`
//!   check against DNS rebinding when bound to loopback; bounded bodies,
//!   query strings and page sizes; the write token compared in constant
//!   time. All SQL lives in `marsad-corpus`, with parameters.
//!
//! Start it with [`serve`] (blocking, until Ctrl-C) or [`start`] (on a
//! listener you bound, returning a [`RunningServer`] handle: what tests use).

mod api;
mod assets;
mod error;
mod ingest;
pub mod security;
mod state;

use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;

pub use api::{router, ROUTES};
pub use assets::UI_FILES;
pub use error::ServeError;
pub use state::AppState;

/// The OpenAPI 3.1 document of the HTTP API, as served at `/api/openapi.json`.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

/// The address `marsad serve` binds by default: loopback only.
pub const DEFAULT_ADDR: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 8080);

/// How to run the server.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The store folder (created when missing).
    pub store_dir: PathBuf,
    /// Where [`serve`] binds ([`DEFAULT_ADDR`] unless told otherwise).
    pub addr: SocketAddr,
    /// The bearer token `POST /api/ingest` requires; `None` generates a
    /// random one at start (see [`RunningServer::token`]).
    pub token: Option<String>,
    /// The annotation pipeline's settings, for `POST /api/ingest`.
    pub annotate: marsad_annotate::AnnotateConfig,
    /// Read-only store handles kept open (each one runs one query at a time).
    pub readers: usize,
    /// Try to open the UI in a browser once listening (`xdg-open`/`open`).
    pub open_browser: bool,
}

impl ServeOptions {
    /// Defaults: [`DEFAULT_ADDR`], a generated token, 4 readers, no browser.
    pub fn new(store_dir: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions {
            store_dir: store_dir.into(),
            addr: DEFAULT_ADDR,
            token: None,
            annotate: marsad_annotate::AnnotateConfig::default(),
            readers: 4,
            open_browser: false,
        }
    }
}

/// A server running on its own thread (with its own tokio runtime). Dropping
/// it shuts the server down too.
pub struct RunningServer {
    addr: SocketAddr,
    token: String,
    token_generated: bool,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<std::io::Result<()>>>,
}

impl RunningServer {
    /// The address the server listens on (the real port when bound to `:0`).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR/`: the UI's address.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The bearer token `POST /api/ingest` requires.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// Whether the token was generated at start (so it must be shown to the user).
    pub fn token_generated(&self) -> bool {
        self.token_generated
    }

    /// Stops accepting connections, lets requests in flight finish and waits
    /// for the server thread.
    pub fn shutdown(mut self) -> Result<(), ServeError> {
        self.stop()
    }

    /// Blocks until the server stops by itself (Ctrl-C, see [`serve`]).
    pub fn wait(mut self) -> Result<(), ServeError> {
        match self.thread.take() {
            Some(thread) => thread.join().map_err(|_| ServeError::Crashed)?.map_err(ServeError::Runtime),
            None => Ok(()),
        }
    }

    fn stop(&mut self) -> Result<(), ServeError> {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        match self.thread.take() {
            Some(thread) => thread.join().map_err(|_| ServeError::Crashed)?.map_err(ServeError::Runtime),
            None => Ok(()),
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        let _ = self.stop();
    }
}

/// Starts the server on `listener` (already bound: pass `127.0.0.1:0` for
/// an ephemeral port) on a thread of its own and returns at once.
///
/// The store is opened (created and migrated if needed) before this
/// returns, so a bad store folder is reported here. The server also stops
/// on Ctrl-C when `stop_on_ctrl_c` is set (what [`serve`] does).
pub fn start(options: ServeOptions, listener: TcpListener) -> Result<RunningServer, ServeError> {
    start_inner(options, listener, false)
}

fn start_inner(
    options: ServeOptions,
    listener: TcpListener,
    stop_on_ctrl_c: bool,
) -> Result<RunningServer, ServeError> {
    let addr = listener.local_addr().map_err(|source| ServeError::Bind { addr: options.addr, source })?;
    listener.set_nonblocking(true).map_err(|source| ServeError::Bind { addr, source })?;
    let (token, token_generated) = match &options.token {
        Some(t) if t.trim().is_empty() => return Err(ServeError::EmptyToken),
        Some(t) => (t.trim().to_string(), false),
        None => (security::generate_token()?, true),
    };
    let state = AppState::open(&options, token.clone(), addr)?;
    // Deriving the board reads every candidate article (seconds on a large
    // store): start it now, so the first visit to the board finds it cached.
    let warm_board = state.clone();
    let app = router(state);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(16)
        .thread_name("marsad-serve")
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::Builder::new()
        .name("marsad-serve".into())
        .spawn(move || {
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener)?;
                tokio::spawn(async move {
                    // A failure here is reported again to whoever asks for the board.
                    let _ = warm_board.board().await;
                });
                let stop = async move {
                    if stop_on_ctrl_c {
                        tokio::select! {
                            _ = rx => {},
                            _ = tokio::signal::ctrl_c() => {},
                        }
                    } else {
                        let _ = rx.await;
                    }
                };
                axum::serve(listener, app).with_graceful_shutdown(stop).await
            })
        })
        .map_err(ServeError::Runtime)?;
    Ok(RunningServer { addr, token, token_generated, shutdown: Some(tx), thread: Some(thread) })
}

/// Binds `options.addr`, prints the URL (and the write token when it was
/// generated) on stdout, and serves until Ctrl-C.
pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let listener =
        TcpListener::bind(options.addr).map_err(|source| ServeError::Bind { addr: options.addr, source })?;
    let open_browser = options.open_browser;
    let running = start_inner(options, listener, true)?;
    println!("Marsad is serving {}", running.url());
    if running.token_generated() {
        println!("write token (POST /api/ingest): {}", running.token());
    }
    if !running.addr().ip().is_loopback() {
        println!("warning: listening on {} — reachable from other machines", running.addr());
    }
    println!("Press Ctrl-C to stop.");
    if open_browser {
        open_in_browser(&running.url());
    }
    running.wait()
}

/// Best effort: a missing opener is not an error (the URL is printed).
fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}
