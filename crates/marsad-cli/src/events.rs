//! `marsad events`: events merged across articles, filtered by place, time, type and actor.

use crate::config::Config;
use crate::store::StoreArg;
use clap::Args;
use std::process::ExitCode;

#[derive(Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub store: StoreArg,
}

pub fn run(args: EventsArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let _store = args.store.open(config)?;
    anyhow::bail!("marsad events: being built")
}
