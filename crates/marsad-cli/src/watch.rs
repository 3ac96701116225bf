//! `marsad ingest --watch`: ingest the inputs, then follow the folders and
//! ingest new or changed article files as they appear, relinking the store
//! after each quiet period, until Ctrl-C or SIGTERM.
//!
//! Ingest is idempotent by content hash, so a changed file (a JSONL feed
//! that grew) adds only its new articles. Files still being written are
//! waited for, not reported (see `crate::follow`); a bad file is
//! reported once per version and the watch goes on. A stop waits for the
//! batch in flight; crash safety beyond that is the store's (one SQLite
//! transaction per batch).

use crate::annotate::InputArgs;
use crate::config::Config;
use crate::follow::{FolderFollower, FollowOptions, Followed, StopSignal};
use crate::store::{ingest_batches, ingest_paths_with, relink_summary};
use anyhow::Context;
use clap::Args;
use marsad_annotate::Annotator;
use marsad_corpus::Store;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The `--watch` flags of `marsad ingest`.
#[derive(Args, Clone, Debug)]
pub struct WatchArgs {
    /// After ingesting the PATHs, keep following them: new or changed
    /// article files are ingested as they appear (files still being written
    /// are waited for), and the store is relinked after each quiet period.
    /// Ctrl-C or SIGTERM stops after the batch in flight.
    #[arg(long)]
    pub watch: bool,
    /// With --watch: how long a file (and then the folders) must stay
    /// unchanged before it is ingested (and the store relinked), in ms.
    #[arg(long, value_name = "MS", default_value_t = 500, requires = "watch")]
    pub quiet_ms: u64,
    /// With --watch: scan the folders every this many ms instead of relying
    /// on change notification (network file systems), or when notification
    /// is unavailable.
    #[arg(long, value_name = "MS", requires = "watch")]
    pub poll_ms: Option<u64>,
}

/// Runs the first pass, then follows the inputs until stopped.
pub(crate) fn run(
    store: &mut Store,
    input: &InputArgs,
    args: &WatchArgs,
    config: &Config,
) -> anyhow::Result<ExitCode> {
    let roots: Vec<PathBuf> = input.paths().to_vec();
    if roots.iter().any(|p| p.as_os_str() == "-") {
        anyhow::bail!("--watch follows files and folders; standard input (`-`) cannot be watched");
    }
    let stop = StopSignal::install().context("--watch")?;
    let annotator = Annotator::new(&config.annotate).context("building the annotation pipeline")?;
    let mut code = ingest_paths_with(&annotator, store, input, config, &|| stop.is_raised())?;
    let quiet = Duration::from_millis(args.quiet_ms.max(10));
    let options = FollowOptions {
        quiet_period: quiet,
        poll_interval: Duration::from_millis(args.poll_ms.unwrap_or(2000).max(10)),
        force_poll: args.poll_ms.is_some(),
        newline_grace: (quiet * 20).max(Duration::from_secs(5)),
    };
    let list = Box::new(|roots: &[PathBuf]| marsad_ingest::discover(roots).0);
    let mut follower = FolderFollower::new(roots.clone(), list, options);
    eprintln!(
        "marsad: watching {} (by {}); Ctrl-C stops",
        roots.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
        follower.mode()
    );
    let mut unlinked = false;
    loop {
        match follower.next(&stop) {
            Followed::Ready(files) => {
                let started = Instant::now();
                let batch_input = input.with_paths(&files);
                let Some(outcome) = ingest_batches(&annotator, store, &batch_input, config, &|| false)?
                else {
                    continue;
                };
                if outcome.stats.errors > 0 {
                    code = ExitCode::from(1);
                }
                unlinked |= outcome.added > 0;
                eprintln!(
                    "marsad: {} changed files: {} articles, {} new, {} already stored, {} bad inputs ({:.2} s)",
                    files.len(),
                    outcome.stats.articles,
                    outcome.added,
                    outcome.skipped,
                    outcome.stats.errors,
                    started.elapsed().as_secs_f64()
                );
            }
            Followed::Quiet if unlinked => {
                let started = Instant::now();
                let report = store.relink().context("linking documents across articles")?;
                unlinked = false;
                eprintln!(
                    "marsad: relinked: {} ({:.2} s)",
                    relink_summary(&report),
                    started.elapsed().as_secs_f64()
                );
            }
            Followed::Quiet => {}
            Followed::Stopped => break,
        }
    }
    if unlinked {
        eprintln!("marsad: stopped before relinking the last files; the next ingest relinks them");
    } else {
        eprintln!("marsad: stopped");
    }
    Ok(code)
}
