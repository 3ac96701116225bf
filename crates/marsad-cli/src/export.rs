//! `marsad export`: the store's tables as JSONL, CSV or Parquet.

use crate::config::Config;
use crate::store::StoreArg;
use anyhow::Context;
use clap::{Args, ValueEnum};
use marsad_export::{Format, TableKind};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub store: StoreArg,
    /// Output format. CSV has a header row, RFC 4180 quoting and UTF-8;
    /// text cells starting with = + - @ get a leading ' so spreadsheets do
    /// not run them as formulas. Parquet is typed (INT64, DOUBLE, BOOLEAN,
    /// DATE, UTF8) and needs --out.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// The table: `documents`, `entities` and `events` have a row per
    /// document, entity mention and event found in one document; `plover`
    /// a row per event merged across articles (with its source count);
    /// `acled` the merged events ACLED would code, with ACLED's event types
    /// and fatalities.
    #[arg(long, value_enum)]
    table: ExportTable,
    /// Write here instead of standard output (required for Parquet).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Jsonl,
    Csv,
    Parquet,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportTable {
    Documents,
    Entities,
    Events,
    Plover,
    Acled,
}

pub fn run(args: ExportArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let format = match args.format {
        ExportFormat::Jsonl => Format::Jsonl,
        ExportFormat::Csv => Format::Csv,
        ExportFormat::Parquet => Format::Parquet,
    };
    let kind = match args.table {
        ExportTable::Documents => TableKind::Documents,
        ExportTable::Entities => TableKind::Entities,
        ExportTable::Events => TableKind::Events,
        ExportTable::Plover => TableKind::Plover,
        ExportTable::Acled => TableKind::Acled,
    };
    if format == Format::Parquet && args.out.is_none() {
        anyhow::bail!("--format parquet needs --out FILE (Parquet is not written to a terminal or pipe)");
    }
    let store = args.store.open_for_reading(config)?;
    let table =
        marsad_export::build_table(&store, kind).with_context(|| format!("exporting {}", kind.name()))?;
    match &args.out {
        Some(path) => {
            // Written beside the target and renamed into place, so a failed
            // export never leaves a truncated file under the final name.
            let tmp = path.with_extension(format!(
                "{}.partial",
                path.extension().and_then(|e| e.to_str()).unwrap_or("out")
            ));
            let file = std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
            let written = marsad_export::write_table(&table, format, std::io::BufWriter::new(file));
            if let Err(e) = written {
                let _ = std::fs::remove_file(&tmp);
                return Err(anyhow::Error::new(e).context(format!("writing {}", path.display())));
            }
            std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))?;
            eprintln!("marsad: wrote {} rows of {} to {}", table.rows.len(), kind.name(), path.display());
        }
        None => {
            // `Stdout`, not its lock: the Parquet writer needs a `Send` sink.
            let mut out = std::io::BufWriter::new(std::io::stdout());
            match marsad_export::write_table(&table, format, &mut out).and_then(|()| Ok(out.flush()?)) {
                Err(e) if e.is_broken_pipe() => {}
                other => other.with_context(|| format!("writing {}", kind.name()))?,
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
