//! `marsad serve`: ingest the given paths (if any), then serve the HTTP API and web UI.

use crate::annotate::{InputArgs, ReadFlags};
use crate::config::Config;
use crate::store::StoreArg;
use anyhow::Context;
use clap::Args;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ServeArgs {
    /// Files or directories to ingest into the store before serving (as
    /// `marsad ingest PATH...` would).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// How to read those paths (`--date`, `--field`, `--input-format` …),
    /// as for `marsad ingest`.
    #[command(flatten)]
    read: ReadFlags,
    /// Address to listen on. Loopback only by default; anything else makes
    /// the API reachable from other machines.
    #[arg(long, value_name = "ADDR", default_value_t = marsad_server::DEFAULT_ADDR)]
    addr: SocketAddr,
    /// File holding the bearer token `POST /api/ingest` requires (else
    /// $MARSAD_TOKEN, else a random token printed at start).
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    #[command(flatten)]
    pub store: StoreArg,
    /// Do not open the UI in a browser.
    #[arg(long)]
    no_open: bool,
}

/// The token from `--token-file`, else `$MARSAD_TOKEN`, else none (the
/// server generates one).
fn write_token(args: &ServeArgs) -> anyhow::Result<Option<String>> {
    if let Some(path) = &args.token_file {
        let token = std::fs::read_to_string(path)
            .with_context(|| format!("reading the token file {}", path.display()))?
            .trim()
            .to_string();
        anyhow::ensure!(!token.is_empty(), "the token file {} is empty", path.display());
        return Ok(Some(token));
    }
    Ok(std::env::var("MARSAD_TOKEN").ok().map(|t| t.trim().to_string()).filter(|t| !t.is_empty()))
}

pub fn run(args: ServeArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let token = write_token(&args)?;
    let mut store = args.store.open(config)?;
    let store_dir = store.dir().to_path_buf();
    if !args.paths.is_empty() {
        let input = InputArgs::new(args.paths.clone(), args.read.clone());
        crate::store::ingest_paths(&mut store, &input, config)?;
    }
    // Release the index writer the ingest took: the server opens its own.
    store.close().context("closing the store after ingest")?;
    let options = marsad_server::ServeOptions {
        addr: args.addr,
        token,
        annotate: config.annotate.clone(),
        open_browser: !args.no_open && std::io::IsTerminal::is_terminal(&std::io::stdout()),
        ..marsad_server::ServeOptions::new(store_dir)
    };
    marsad_server::serve(options).context("serving")?;
    Ok(ExitCode::SUCCESS)
}
