//! `marsad export`: the store's tables as JSONL, CSV or Parquet.

use crate::config::Config;
use crate::store::StoreArg;
use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub store: StoreArg,
}

pub fn run(args: ExportArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let _store = args.store.open(config)?;
    anyhow::bail!("marsad export: being built")
}
