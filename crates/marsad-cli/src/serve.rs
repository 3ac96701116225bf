//! `marsad serve`: ingest the given paths (if any), then serve the HTTP API and web UI.

use crate::config::Config;
use crate::store::StoreArg;
use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub store: StoreArg,
}

pub fn run(args: ServeArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let _store = args.store.open(config)?;
    anyhow::bail!("marsad serve: being built")
}
