//! `marsad places lookup|import`: the gazetteer from the command line.

use crate::config::Config;
use anyhow::{bail, Context};
use clap::{Args, Subcommand};
use marsad_places::Gazetteer;
use std::fs::File;
use std::io::{BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum PlacesCommand {
    /// Show the gazetteer's candidates for a name, best first, with scores.
    Lookup(LookupArgs),
    /// Add a GeoNames dump (allCountries.txt format, optionally with
    /// alternateNamesV2.txt for Arabic names) to the user gazetteer, which
    /// `annotate` then uses beside the embedded one.
    Import(ImportArgs),
}

#[derive(Args)]
pub struct LookupArgs {
    /// The place name, in Arabic (any spelling, with or without ال) or Latin.
    name: String,
    /// Candidates shown at most.
    #[arg(long, default_value_t = 10)]
    limit: usize,
}

#[derive(Args)]
pub struct ImportArgs {
    /// GeoNames files: allCountries.txt-format dumps, and at most one
    /// alternateNamesV2.txt-format file (recognised by its name).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// The user gazetteer to write (default: the configured one, see
    /// `[places] user_gazetteer`, else $MARSAD_HOME/gazetteer.tsv).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

fn gazetteer(config: &Config) -> anyhow::Result<Gazetteer> {
    match &config.annotate.user_gazetteer {
        Some(p) => Gazetteer::load_with_user(p).with_context(|| format!("user gazetteer {}", p.display())),
        None => Ok(Gazetteer::embedded()),
    }
}

pub fn run(cmd: PlacesCommand, config: &Config) -> anyhow::Result<ExitCode> {
    match cmd {
        PlacesCommand::Lookup(args) => {
            let g = gazetteer(config)?;
            let found = g.lookup(&args.name);
            if found.is_empty() {
                eprintln!("marsad: no place named `{}`", args.name);
                return Ok(ExitCode::from(1));
            }
            let mut out = std::io::stdout().lock();
            writeln!(out, "score\tid\tkind\tcountry\tadmin1\tlat\tlon\tname\tlatin")?;
            for c in found.into_iter().take(args.limit) {
                let e = c.entry;
                writeln!(
                    out,
                    "{:.2}\t{}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{}\t{}",
                    c.score,
                    e.id,
                    marsad_places::kind_name(e.kind),
                    e.country,
                    e.admin1.as_deref().unwrap_or("-"),
                    e.lat,
                    e.lon,
                    e.name(),
                    e.latin
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        PlacesCommand::Import(args) => {
            let out_path = match args.out.or_else(|| config.places.user_gazetteer_path()) {
                Some(p) => p,
                None => bail!("no place for the user gazetteer: pass --out FILE or set MARSAD_HOME"),
            };
            let mut g = if out_path.exists() {
                Gazetteer::load_with_user(&out_path)
                    .with_context(|| format!("user gazetteer {}", out_path.display()))?
            } else {
                Gazetteer::embedded()
            };
            let (alternate, dumps): (Vec<_>, Vec<_>) = args.files.iter().partition(|p| {
                p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("alternateNames"))
            });
            if alternate.len() > 1 {
                bail!("give at most one alternateNames file");
            }
            if dumps.is_empty() {
                bail!("no allCountries-format file among {:?}", args.files);
            }
            let open = |p: &PathBuf| -> anyhow::Result<BufReader<File>> {
                Ok(BufReader::new(File::open(p).with_context(|| format!("opening {}", p.display()))?))
            };
            let mut added = 0;
            for dump in dumps {
                let alt = alternate.first().map(|p| open(p)).transpose()?;
                added += g
                    .import_geonames(open(dump)?, alt)
                    .with_context(|| format!("importing {}", dump.display()))?;
            }
            if let Some(dir) = out_path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            }
            // Write beside, then rename: an interrupted import never leaves a
            // half-written gazetteer behind.
            let tmp = out_path.with_extension("tsv.marsad-tmp");
            let written = g
                .write_user_tsv(std::io::BufWriter::new(
                    File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?,
                ))
                .with_context(|| format!("writing {}", tmp.display()))?;
            std::fs::rename(&tmp, &out_path).with_context(|| format!("replacing {}", out_path.display()))?;
            eprintln!("marsad: imported {added} places; {} now holds {written}", out_path.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}
