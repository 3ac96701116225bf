//! `marsad board`: the situation board on the terminal or as JSON.

use crate::config::Config;
use crate::store::StoreArg;
use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct BoardArgs {
    #[command(flatten)]
    pub store: StoreArg,
}

pub fn run(args: BoardArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let _store = args.store.open(config)?;
    anyhow::bail!("marsad board: being built")
}
